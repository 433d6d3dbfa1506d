/* elf.c - ELF32/ELF64 executables for direct mode: the headers read and checked, nothing trusted. */
#include "boot/elf.h"

#include <string.h> // memcmp, memset

#include "sys/errmsg.h" // errmsg__set
#include "sys/le.h"     // le16, le32, le64

/* Offsets and values from the System V ABI (ELF) and its x86/x86-64 supplements. */
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define EM_386 3
#define EM_X86_64 62
#define PT_LOAD 1
#define PN_XNUM 0xffff

#define EHDR32_SIZE 52
#define EHDR64_SIZE 64
#define PHDR32_SIZE 32
#define PHDR64_SIZE 56

bool elf__is_elf(const uint8_t *p, size_t len)
{
	return len >= 4 && !memcmp(p, "\x7f" "ELF", 4);
}

/* Whether [A, A+ALEN) and [B, B+BLEN) share a byte (neither wraps). */
static bool overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

int elf__parse(const uint8_t *file, uint64_t len, struct elf_image *out, char *err,
	       size_t errlen)
{
	uint64_t phoff, phnum, phentsize, want_phent;
	bool b64;

	memset(out, 0, sizeof(*out));
	if (!elf__is_elf(file, len))
		return errmsg__set(err, errlen, "not an ELF file (no \\x7fELF magic)");
	if (len < EHDR32_SIZE)
		return errmsg__set(err, errlen, "ELF header truncated: %llu bytes", (unsigned long long)len);
	if (file[EI_CLASS] != ELFCLASS32 && file[EI_CLASS] != ELFCLASS64)
		return errmsg__set(err, errlen, "ELF class %u: neither 32- nor 64-bit", file[EI_CLASS]);
	b64 = file[EI_CLASS] == ELFCLASS64;
	if (b64 && len < EHDR64_SIZE)
		return errmsg__set(err, errlen, "ELF64 header truncated: %llu bytes", (unsigned long long)len);
	if (file[EI_DATA] != ELFDATA2LSB)
		return errmsg__set(err, errlen, "ELF data encoding %u: not little-endian", file[EI_DATA]);
	if (file[EI_VERSION] != 1)
		return errmsg__set(err, errlen, "ELF version %u, not 1", file[EI_VERSION]);
	uint16_t type = le16(file + 16), machine = le16(file + 18);

	if (type != ET_EXEC)
		return errmsg__set(err, errlen, "ELF type %u: not an executable (ET_EXEC)", type);
	if (machine != (b64 ? EM_X86_64 : EM_386))
		return errmsg__set(err, errlen, "ELF%d for machine %u, not %s", b64 ? 64 : 32, machine,
			    b64 ? "x86-64 (62)" : "i386 (3)");
	if (b64) {
		out->entry = le64(file + 24);
		phoff = le64(file + 32);
		phentsize = le16(file + 54);
		phnum = le16(file + 56);
	} else {
		out->entry = le32(file + 24);
		phoff = le32(file + 28);
		phentsize = le16(file + 42);
		phnum = le16(file + 44);
	}
	out->bits = b64 ? 64 : 32;
	want_phent = b64 ? PHDR64_SIZE : PHDR32_SIZE;
	if (phnum == 0)
		return errmsg__set(err, errlen, "no program headers (e_phnum 0)");
	if (phnum == PN_XNUM)
		return errmsg__set(err, errlen, "e_phnum is PN_XNUM (more than 65534 program headers)");
	if (phentsize != want_phent)
		return errmsg__set(err, errlen, "e_phentsize %llu, not %llu", (unsigned long long)phentsize,
			    (unsigned long long)want_phent);
	if (phoff > len || phnum * phentsize > len - phoff)
		return errmsg__set(err, errlen, "program headers (%llu at offset 0x%llx) past the end of "
			    "the %llu-byte file", (unsigned long long)phnum, (unsigned long long)phoff,
			    (unsigned long long)len);
	for (uint64_t i = 0; i < phnum; i++) {
		const uint8_t *ph = file + phoff + i * phentsize;
		struct elf_load l;

		if (le32(ph) != PT_LOAD)
			continue;
		if (b64)
			l = (struct elf_load){ .offset = le64(ph + 8), .paddr = le64(ph + 24),
					       .filesz = le64(ph + 32), .memsz = le64(ph + 40) };
		else
			l = (struct elf_load){ .offset = le32(ph + 4), .paddr = le32(ph + 12),
					       .filesz = le32(ph + 16), .memsz = le32(ph + 20) };
		if (l.memsz == 0)
			continue;
		if (l.filesz > l.memsz)
			return errmsg__set(err, errlen, "segment %llu: p_filesz 0x%llx larger than p_memsz "
				    "0x%llx", (unsigned long long)i, (unsigned long long)l.filesz,
				    (unsigned long long)l.memsz);
		if (l.offset > len || l.filesz > len - l.offset)
			return errmsg__set(err, errlen, "segment %llu: bytes 0x%llx-0x%llx past the end of "
				    "the %llu-byte file", (unsigned long long)i,
				    (unsigned long long)l.offset,
				    (unsigned long long)(l.offset + l.filesz),
				    (unsigned long long)len);
		if (l.paddr > UINT64_MAX - l.memsz)
			return errmsg__set(err, errlen, "segment %llu: physical range wraps around",
				    (unsigned long long)i);
		for (int j = 0; j < out->nr_loads; j++)
			if (overlap(l.paddr, l.memsz, out->loads[j].paddr, out->loads[j].memsz))
				return errmsg__set(err, errlen, "segment %llu overlaps an earlier one at "
					    "0x%llx", (unsigned long long)i,
					    (unsigned long long)out->loads[j].paddr);
		if (out->nr_loads == ELF_MAX_LOADS)
			return errmsg__set(err, errlen, "more than %d loadable segments", ELF_MAX_LOADS);
		out->loads[out->nr_loads++] = l;
	}
	if (out->nr_loads == 0)
		return errmsg__set(err, errlen, "no loadable segment (PT_LOAD with bytes)");
	for (int j = 0; j < out->nr_loads; j++)
		if (out->entry >= out->loads[j].paddr &&
		    out->entry - out->loads[j].paddr < out->loads[j].memsz)
			return 0;
	return errmsg__set(err, errlen, "entry 0x%llx is inside no loaded segment",
		    (unsigned long long)out->entry);
}

void elf__span(const struct elf_image *e, uint64_t *lo, uint64_t *hi)
{
	*lo = UINT64_MAX;
	*hi = 0;
	for (int j = 0; j < e->nr_loads; j++) {
		if (e->loads[j].paddr < *lo)
			*lo = e->loads[j].paddr;
		if (e->loads[j].paddr + e->loads[j].memsz > *hi)
			*hi = e->loads[j].paddr + e->loads[j].memsz;
	}
}
