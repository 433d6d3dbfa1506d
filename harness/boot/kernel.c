/* kernel.c - the kernels direct entry loads: ELF, Multiboot and Multiboot2, their modules and boot information. */
#include "boot/kernel.h"

#include <stdio.h>  // fprintf
#include <stdlib.h> // malloc, free
#include <string.h> // memcpy, memset, strchr

#include "boot/bootinfo.h"   // struct bootinfo
#include "boot/elf.h"        // elf__parse
#include "boot/multiboot.h"  // mb1__find
#include "boot/multiboot2.h" // mb2__find

/* Largest kernel file read whole (its segments must fit in RAM anyway). */
#define KERNEL_FILE_MAX (1ULL << 30)

/* The Multiboot information goes here when the kernel leaves it free. */
#define LOW_INFO_AREA 0x8000
#define LOW_INFO_END 0xa0000
#define PAGE 0x1000ULL

static uint64_t page_up(uint64_t a)
{
	return (a + PAGE - 1) & ~(PAGE - 1);
}

/* A kernel read into memory: the file, what it is, and how it loads. */
struct kernel {
	uint8_t *file;
	enum image_format format;  /* ELF, MULTIBOOT or MULTIBOOT2 */
	struct elf_image plan;     /* segments and entry (an a.out-kludge image: one segment) */
};

/* How much of a file --format auto reads to tell what it is (the headers, a misplaced one). */
#define DETECT_HEAD 65536

int kernel__detect(struct image *img, enum image_format *fmt)
{
	uint64_t len = img->size < DETECT_HEAD ? img->size : DETECT_HEAD;
	uint8_t *head = malloc(DETECT_HEAD);
	struct mb1_header h1;
	struct mb2_header h2;
	char err[256];
	int r;

	if (!head)
		return FAIL_HOST;
	r = image__read_head(img, head, len);
	if (r)
		goto out;
	r = mb1__find(head, len, &h1, err, sizeof(err));
	if (r == 0) {
		r = mb2__find(head, len, &h2, err, sizeof(err));
		if (r == 1)
			r = 2;    /* Multiboot2 */
	}
	if (r < 0) {
		fprintf(stderr, "bootcheck: %s: %s (--format flat runs the file as raw bytes)\n",
			img->path, err);
		r = FAIL_INPUT;
		goto out;
	}
	*fmt = r == 1 ? FORMAT_MULTIBOOT : r == 2 ? FORMAT_MULTIBOOT2 :
	       elf__is_elf(head, len) ? FORMAT_ELF : FORMAT_FLAT;
	r = 0;
out:
	free(head);
	return r;
}

/* The load plan of K->file as K->format; FAIL_INPUT after one line. */
static int plan_kernel(const struct image *img, struct kernel *k)
{
	char err[256];
	struct mb1_header h1 = { 0 };
	struct mb2_header h2 = { 0 };
	const char *what = "an ELF executable";
	int r = 0;

	if (k->format == FORMAT_MULTIBOOT) {
		what = "a Multiboot kernel";
		r = mb1__find(k->file, img->size, &h1, err, sizeof(err));
		if (r == 0)
			snprintf(err, sizeof(err), "no Multiboot header (magic 0x%08x, checksum "
				 "right, 4-byte aligned) in the first %d bytes", MB1_HEADER_MAGIC,
				 MB1_SEARCH);
		if (r == 1 && (h1.flags & MB1_HF_ADDRESS))
			r = mb__address_plan(&h1.addr, h1.offset, img->size, false, &k->plan, err,
					     sizeof(err)) ? -1 : 2;
	} else if (k->format == FORMAT_MULTIBOOT2) {
		what = "a Multiboot2 kernel";
		r = mb2__find(k->file, img->size, &h2, err, sizeof(err));
		if (r == 0)
			snprintf(err, sizeof(err), "no Multiboot2 header (magic 0x%08x, checksum "
				 "right, 8-byte aligned) in the first %d bytes", MB2_HEADER_MAGIC,
				 MB2_SEARCH);
		if (r == 1 && h2.have_address)
			r = mb__address_plan(&h2.addr, h2.offset, img->size, true, &k->plan, err,
					     sizeof(err)) ? -1 : 2;
	}
	if (r <= 0 && k->format != FORMAT_ELF) {
		fprintf(stderr, "bootcheck: %s: not %s: %s\n", img->path, what, err);
		return FAIL_INPUT;
	}
	if (r == 2)
		return 0;
	/* the segments from the ELF headers */
	if (k->format != FORMAT_ELF && !elf__is_elf(k->file, img->size)) {
		fprintf(stderr, "bootcheck: %s: %s that is not an ELF needs the address fields "
			"(%s)\n", img->path, what, k->format == FORMAT_MULTIBOOT ?
			"header flag 16" : "an address tag and an entry address tag");
		return FAIL_INPUT;
	}
	if (elf__parse(k->file, img->size, &k->plan, err, sizeof(err))) {
		fprintf(stderr, "bootcheck: %s: not a loadable ELF executable: %s\n", img->path, err);
		return FAIL_INPUT;
	}
	if (k->format == FORMAT_MULTIBOOT2 && h2.have_entry) {
		uint64_t lo, hi;

		elf__span(&k->plan, &lo, &hi);
		if (h2.addr.entry_addr < lo || h2.addr.entry_addr >= hi) {
			fprintf(stderr, "bootcheck: %s: not %s: the entry address tag's 0x%x is "
				"outside the segments (0x%llx-0x%llx)\n", img->path, what,
				h2.addr.entry_addr, (unsigned long long)lo, (unsigned long long)hi);
			return FAIL_INPUT;
		}
		k->plan.entry = h2.addr.entry_addr;
	}
	return 0;
}

/* Copy the planned segments of K into RAM below LIMIT; FAIL_INPUT after one line. */
static int load_segments(struct vm *vm, const struct image *img, const struct kernel *k,
			 uint64_t limit, const char *limit_name)
{
	const struct elf_image *e = &k->plan;

	for (int i = 0; i < e->nr_loads; i++) {
		const struct elf_load *l = &e->loads[i];

		if (l->paddr >= limit || l->memsz > limit - l->paddr) {
			fprintf(stderr, "bootcheck: %s: segment at 0x%llx-0x%llx is past the end of %s "
				"(0x%llx)%s\n", img->path, (unsigned long long)l->paddr,
				(unsigned long long)(l->paddr + l->memsz),
				limit == vm->mem.size ? "RAM" : limit_name,
				(unsigned long long)limit, limit == vm->mem.size ? "; raise --mem" : "");
			return FAIL_INPUT;
		}
	}
	for (int i = 0; i < e->nr_loads; i++) {
		const struct elf_load *l = &e->loads[i];
		uint8_t *dst = guest_mem__ptr(&vm->mem, l->paddr, l->memsz);

		memcpy(dst, k->file + l->offset, (size_t)l->filesz);
		memset(dst + l->filesz, 0, (size_t)(l->memsz - l->filesz));
	}
	return 0;
}

/*
 * The modules (each on a page boundary above the kernel) and the
 * information structure (low, at LOW_INFO_AREA, when the kernel leaves it
 * free; else on the page after the last module), added to B; EAX and EBX as
 * the protocol says.  FAIL_INPUT after one line, or FAIL_HOST.
 */
static int load_multiboot(struct vm *vm, const struct image *img, const struct direct_boot *db,
			  enum image_format fmt, struct ranges *b, struct kvm_regs *regs)
{
	uint64_t limit = vm->mem.size < (1ULL << 32) ? vm->mem.size : (1ULL << 32);
	uint64_t next = page_up(b->r[0].lo + b->r[0].len);
	struct bootinfo bi;
	int r = 0;

	bootinfo__init(&bi, vm->mem.size);
	bi.cmdline = db->cmdline ? db->cmdline : "";
	if (db->have_disk) {
		bi.have_boot_device = true;
		bi.boot_device = 0x80ffffff; /* the first hard disk, no partition */
	}
	for (int i = 0; i < db->nr_modules && r == 0; i++) {
		const char *spec = db->modules[i], *eq = strchr(spec, '=');
		char *path = eq ? strndup(spec, (size_t)(eq - spec)) : strdup(spec);
		struct image mod;

		if (!path)
			return FAIL_HOST;
		/* an empty module is one: its start and end are the same address */
		r = image__open_as(&mod, path, "module", true);
		if (r == 0) {
			if (next >= limit || mod.size > limit - next) {
				fprintf(stderr, "bootcheck: module %s: %llu bytes do not fit at 0x%llx "
					"below the end of RAM (0x%llx); raise --mem\n", path,
					(unsigned long long)mod.size, (unsigned long long)next,
					(unsigned long long)limit);
				r = FAIL_INPUT;
			} else if (mod.size) {
				r = image__read(&mod, guest_mem__ptr(&vm->mem, next, mod.size));
			}
			if (r == 0) {
				bi.modules[i] = (struct bootinfo_module){
					.start = (uint32_t)next, .end = (uint32_t)(next + mod.size),
					.string = eq ? eq + 1 : spec,
				};
				bi.nr_modules++;
				ranges__add(b, next, mod.size);
				next = page_up(next + mod.size);
			}
			image__close(&mod);
		}
		free(path);
	}
	if (r)
		return r;
	size_t size = fmt == FORMAT_MULTIBOOT ? mb1__info_size(&bi) : mb2__info_size(&bi);
	uint64_t at = LOW_INFO_AREA;

	if (at + size > LOW_INFO_END || ranges__hits(b, at, size))
		at = next;
	if (at >= limit || size > limit - at) {
		fprintf(stderr, "bootcheck: %s: no room for the %zu bytes of Multiboot "
			"information below the end of RAM (0x%llx); raise --mem\n", img->path, size,
			(unsigned long long)limit);
		return FAIL_INPUT;
	}
	uint8_t *dst = guest_mem__ptr(&vm->mem, at, size);
	size_t n = fmt == FORMAT_MULTIBOOT ? mb1__write_info(&bi, (uint32_t)at, dst, size) :
		   mb2__write_info(&bi, (uint32_t)at, dst, size);

	if (n != size)
		return FAIL_HOST;
	ranges__add(b, at, size);
	regs->rax = fmt == FORMAT_MULTIBOOT ? MB1_BOOT_MAGIC : MB2_BOOT_MAGIC;
	regs->rbx = at;
	return 0;
}

/*
 * IMG as a kernel (ELF, Multiboot or Multiboot2): read whole, its segments
 * copied to their physical addresses (the rest of each up to its memory
 * size zero).  An ELF picks the CPU mode from its class unless --cpu said
 * (and then it must agree); a Multiboot kernel starts in flat 32-bit
 * protected mode.  B gets what is loaded (the kernel first); ENTRY.
 */
static int load(struct vm *vm, struct image *img, const struct direct_boot *db,
		enum image_format fmt, uint8_t *file, enum cpu_mode *cpu, struct ranges *b,
		uint64_t *entry, struct kvm_regs *regs)
{
	struct kernel k = { .file = file, .format = fmt };
	uint64_t lo, hi;
	int r;

	r = plan_kernel(img, &k);
	if (r)
		return r;
	enum cpu_mode want = fmt == FORMAT_ELF && k.plan.bits == 64 ? CPU_LONG : CPU_PROTECTED;

	if (db->cpu_set && db->cpu != want) {
		if (fmt == FORMAT_ELF)
			fprintf(stderr, "bootcheck: %s: an ELF%d kernel is entered in %s mode: use "
				"--cpu %s (or leave --cpu out)\n", img->path, k.plan.bits,
				want == CPU_LONG ? "long" : "protected",
				want == CPU_LONG ? "long" : "protected");
		else
			fprintf(stderr, "bootcheck: %s: a Multiboot%s kernel is entered in 32-bit "
				"protected mode, as the specification says: use --cpu protected (or "
				"leave --cpu out)\n", img->path, fmt == FORMAT_MULTIBOOT2 ? "2" : "");
		return FAIL_INPUT;
	}
	*cpu = want;
	if (db->load_set)
		fprintf(stderr, "bootcheck: warning: %s: --load ignored: %s say where %s\n",
			img->path, fmt == FORMAT_ELF ? "an ELF's segments" : "a Multiboot kernel's headers",
			fmt == FORMAT_ELF ? "they go" : "it goes");
	if (fmt == FORMAT_ELF && (db->cmdline || db->nr_modules)) {
		fprintf(stderr, "bootcheck: %s: --cmdline and --module are for Multiboot kernels, "
			"and this ELF has no Multiboot header\n", img->path);
		return FAIL_INPUT;
	}
	uint64_t reach = want == CPU_LONG ? DIRECT_LONG_MAPPED : (1ULL << 32);
	uint64_t limit = vm->mem.size < reach ? vm->mem.size : reach;

	r = load_segments(vm, img, &k, limit, want == CPU_LONG ?
			  "the identity-mapped first GiB" : "the 4 GiB address space");
	if (r)
		return r;
	elf__span(&k.plan, &lo, &hi);
	ranges__add(b, lo, hi - lo);
	*entry = db->entry_set ? db->entry : k.plan.entry;
	if (fmt == FORMAT_ELF)
		return 0;
	return load_multiboot(vm, img, db, fmt, b, regs);
}

int kernel__load(struct vm *vm, struct image *img, const struct direct_boot *db,
		 enum image_format fmt, enum cpu_mode *cpu, struct ranges *used, uint64_t *entry,
		 struct kvm_regs *regs)
{
	uint8_t *file;
	int r;

	if (img->size > KERNEL_FILE_MAX) {
		fprintf(stderr, "bootcheck: %s: a kernel of %llu bytes, more than the %llu "
			"bootcheck reads\n", img->path, (unsigned long long)img->size,
			(unsigned long long)KERNEL_FILE_MAX);
		return FAIL_INPUT;
	}
	file = malloc((size_t)img->size);
	if (!file)
		return FAIL_HOST;
	r = image__read(img, file);
	if (r == 0)
		r = load(vm, img, db, fmt, file, cpu, used, entry, regs);
	free(file);
	return r;
}
