/* fuzz_elf.c - libFuzzer target: the ELF executable reader (harness/boot/elf.c) on any bytes. */
#include <stdlib.h> // malloc, free
#include <string.h> // memcpy

#include "boot/elf.h" // elf__parse
#include "fuzz.h"     // fuzz__check

/*
 * Input: the file.  It is copied to a buffer of exactly its size, so ASan
 * sees a read past it.  What the reader accepts must be loadable as it
 * says: every segment's bytes inside the file, filesz <= memsz, no range
 * wrapping, no two segments overlapping, the entry inside one of them.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *file = malloc(size ? size : 1);
	struct elf_image e;
	char err[256];

	fuzz__check(file, "out of memory");
	memcpy(file, data, size);
	if (elf__parse(file, size, &e, err, sizeof(err)) != 0) {
		fuzz__check(err[0], "refused without a reason");
		free(file);
		return 0;
	}
	fuzz__check(e.bits == 32 || e.bits == 64, "class %d", e.bits);
	fuzz__check(e.nr_loads >= 1 && e.nr_loads <= ELF_MAX_LOADS, "%d segments", e.nr_loads);
	int in_entry = 0;

	for (int i = 0; i < e.nr_loads; i++) {
		const struct elf_load *l = &e.loads[i];

		fuzz__check(l->offset <= size && l->filesz <= size - l->offset, "segment %d past the file", i);
		fuzz__check(l->filesz <= l->memsz && l->memsz > 0, "segment %d sizes", i);
		fuzz__check(l->paddr <= UINT64_MAX - l->memsz, "segment %d wraps", i);
		for (int j = 0; j < i; j++)
			fuzz__check(l->paddr >= e.loads[j].paddr + e.loads[j].memsz ||
					    e.loads[j].paddr >= l->paddr + l->memsz,
				    "segments %d and %d overlap", j, i);
		in_entry |= e.entry >= l->paddr && e.entry - l->paddr < l->memsz;
	}
	fuzz__check(in_entry, "entry 0x%llx in no segment", (unsigned long long)e.entry);
	free(file);
	return 0;
}
