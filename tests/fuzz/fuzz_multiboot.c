/*
 * fuzz_multiboot.c - libFuzzer target: the Multiboot and Multiboot2 header
 * readers, the a.out-kludge plan and the information writers
 * (harness/boot/multiboot*.c) on any bytes.
 */
#include <stdlib.h> // malloc, free
#include <string.h> // memcpy, memchr

#include "boot/multiboot.h"  // mb1__find, mb__address_plan, mb1__write_info
#include "boot/multiboot2.h" // mb2__find, mb2__write_info
#include "fuzz.h"            // fuzz__check

/* A plan the loader would copy: its bytes inside the file, nothing past 4 GiB, the entry inside. */
static void check_plan(const struct elf_image *p, uint64_t size)
{
	const struct elf_load *l = &p->loads[0];

	fuzz__check(p->nr_loads == 1, "%d segments", p->nr_loads);
	fuzz__check(l->offset <= size && l->filesz <= size - l->offset, "segment past the file");
	fuzz__check(l->filesz > 0 && l->filesz <= l->memsz, "segment sizes");
	fuzz__check(l->paddr + l->memsz <= (1ULL << 32), "segment past 4 GiB");
	fuzz__check(p->entry >= l->paddr && p->entry < l->paddr + l->memsz, "entry outside");
}

/*
 * The information writers on strings from the input: the size they promise
 * is exactly what they write, into a buffer of exactly that size (ASan sees
 * a write past it), and a smaller buffer is refused.
 */
static void check_info(const uint8_t *data, size_t size)
{
	struct bootinfo bi;
	char *text = malloc(size + 1);

	fuzz__check(text, "out of memory");
	memcpy(text, data, size);
	text[size] = 0;
	bootinfo__init(&bi, size > 8 ? (uint64_t)data[0] << 24 | (uint64_t)data[1] << 16 : 1 << 20);
	bi.cmdline = text;
	bi.nr_modules = size % (BOOTINFO_MAX_MODULES + 1);
	for (int i = 0; i < bi.nr_modules; i++)
		bi.modules[i] = (struct bootinfo_module){ 0x100000u * (unsigned)i,
							  0x100000u * (unsigned)i + 7,
							  text + (size_t)i * size / 17 };
	bi.have_boot_device = size & 1;
	bi.boot_device = 0x80ffffff;
	for (int v = 1; v <= 2; v++) {
		size_t n = v == 1 ? mb1__info_size(&bi) : mb2__info_size(&bi);
		uint8_t *buf = malloc(n);

		fuzz__check(buf, "out of memory");
		fuzz__check((v == 1 ? mb1__write_info(&bi, 0x8000, buf, n - 1) :
			     mb2__write_info(&bi, 0x8000, buf, n - 1)) == 0, "v%d: wrote into too little", v);
		fuzz__check((v == 1 ? mb1__write_info(&bi, 0x8000, buf, n) :
			     mb2__write_info(&bi, 0x8000, buf, n)) == n, "v%d: size promised is not written", v);
		free(buf);
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *file = malloc(size ? size : 1);
	struct mb1_header h1;
	struct mb2_header h2;
	struct elf_image plan;
	char err[256];
	int r;

	fuzz__check(file, "out of memory");
	memcpy(file, data, size);
	r = mb1__find(file, size, &h1, err, sizeof(err));
	fuzz__check(r >= -1 && r <= 1, "mb1__find returned %d", r);
	fuzz__check(r >= 0 || memchr(err, 0, sizeof(err)) && err[0], "refused without a reason");
	if (r == 1) {
		fuzz__check(h1.offset % 4 == 0 && h1.offset + 12 <= size && h1.offset + 12 <= MB1_SEARCH,
			    "header at %llu", (unsigned long long)h1.offset);
		if ((h1.flags & MB1_HF_ADDRESS) &&
		    mb__address_plan(&h1.addr, h1.offset, size, false, &plan, err, sizeof(err)) == 0)
			check_plan(&plan, size);
	}
	r = mb2__find(file, size, &h2, err, sizeof(err));
	fuzz__check(r >= -1 && r <= 1, "mb2__find returned %d", r);
	if (r == 1) {
		fuzz__check(h2.offset % 8 == 0 && h2.offset + h2.length <= size &&
			    h2.offset + h2.length <= MB2_SEARCH, "header at %llu, %u bytes",
			    (unsigned long long)h2.offset, h2.length);
		fuzz__check(!h2.have_address || h2.have_entry, "an address tag without an entry");
		if (h2.have_address &&
		    mb__address_plan(&h2.addr, h2.offset, size, true, &plan, err, sizeof(err)) == 0)
			check_plan(&plan, size);
	}
	check_info(data, size < 4096 ? size : 4096);
	free(file);
	return 0;
}
