/* elf.h - ELF32/ELF64 executables for direct mode: the headers read and checked, nothing trusted. */
#ifndef BOOTCHECK_ELF_H
#define BOOTCHECK_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_LOADS 32 /* PT_LOAD segments a kernel may have */

struct elf_load {
	uint64_t paddr;   /* where the segment goes in guest physical memory */
	uint64_t offset;  /* its bytes in the file */
	uint64_t filesz;  /* bytes from the file; the rest up to memsz are zero */
	uint64_t memsz;
};

struct elf_image {
	int bits;         /* 32 (EM_386) or 64 (EM_X86_64) */
	uint64_t entry;   /* e_entry: inside one of the segments */
	int nr_loads;
	struct elf_load loads[ELF_MAX_LOADS];
};

/* elf__is_elf - whether the LEN bytes at P start with the ELF magic. */
bool elf__is_elf(const uint8_t *p, size_t len);

/*
 * elf__parse - read the executable in FILE (LEN bytes) into OUT: a
 * little-endian ELF32 for EM_386 or ELF64 for EM_X86_64 of type ET_EXEC,
 * its program headers inside the file, every PT_LOAD segment's bytes inside
 * the file, filesz <= memsz, no two segments overlapping, the physical
 * ranges not wrapping, and e_entry inside a loaded segment (by its physical
 * address: bootcheck enters with paging off or an identity map).  Returns 0,
 * or -1 with a one-line reason in ERR naming the field.
 */
int elf__parse(const uint8_t *file, uint64_t len, struct elf_image *out, char *err,
	       size_t errlen);

/*
 * elf__span - the lowest and one past the highest physical byte the
 * segments of E occupy.
 */
void elf__span(const struct elf_image *e, uint64_t *lo, uint64_t *hi);

#endif
