/* elf_test.c - unit tests for the ELF executable reader (harness/boot/elf.[ch]). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "boot/elf.h"

/* An ELF file built in memory: header, program headers from offset 0x40 (64) or 0x34 (32). */
static uint8_t f[4096];
static int bits;

static void put16(size_t at, uint16_t v) { f[at] = (uint8_t)v; f[at + 1] = (uint8_t)(v >> 8); }
static void put32(size_t at, uint32_t v) { put16(at, (uint16_t)v); put16(at + 2, (uint16_t)(v >> 16)); }
static void put64(size_t at, uint64_t v) { put32(at, (uint32_t)v); put32(at + 4, (uint32_t)(v >> 32)); }

static size_t phoff(void) { return bits == 64 ? 64 : 52; }
static size_t phsize(void) { return bits == 64 ? 56 : 32; }

/* A valid executable of class B with NR program headers (filled by phdr) and entry ENTRY. */
static void header(int b, int nr, uint64_t entry)
{
	memset(f, 0, sizeof(f));
	bits = b;
	memcpy(f, "\x7f" "ELF", 4);
	f[4] = b == 64 ? 2 : 1;
	f[5] = 1;
	f[6] = 1;
	put16(16, 2);                 /* ET_EXEC */
	put16(18, b == 64 ? 62 : 3);  /* EM_X86_64, EM_386 */
	put32(20, 1);
	if (b == 64) {
		put64(24, entry);
		put64(32, phoff());
		put16(52, 64);
		put16(54, (uint16_t)phsize());
		put16(56, (uint16_t)nr);
	} else {
		put32(24, (uint32_t)entry);
		put32(28, (uint32_t)phoff());
		put16(40, 52);
		put16(42, (uint16_t)phsize());
		put16(44, (uint16_t)nr);
	}
}

/* Program header I: TYPE, file bytes [OFFSET, OFFSET+FILESZ), at PADDR for MEMSZ bytes. */
static void phdr(int i, uint32_t type, uint64_t offset, uint64_t paddr, uint64_t filesz,
		 uint64_t memsz)
{
	size_t at = phoff() + (size_t)i * phsize();

	put32(at, type);
	if (bits == 64) {
		put64(at + 8, offset);
		put64(at + 16, paddr);   /* vaddr */
		put64(at + 24, paddr);
		put64(at + 32, filesz);
		put64(at + 40, memsz);
	} else {
		put32(at + 4, (uint32_t)offset);
		put32(at + 8, (uint32_t)paddr);
		put32(at + 12, (uint32_t)paddr);
		put32(at + 16, (uint32_t)filesz);
		put32(at + 20, (uint32_t)memsz);
	}
}

static void test_elf64_two_segments(void **state)
{
	struct elf_image e;
	char err[256];

	(void)state;
	header(64, 3, 0x100010);
	phdr(0, 1, 0x200, 0x100000, 0x100, 0x100);
	phdr(1, 4, 0, 0, 0, 0);                      /* PT_NOTE: skipped */
	phdr(2, 1, 0x300, 0x200000, 0x10, 0x1000);   /* .data + .bss */
	if (elf__parse(f, sizeof(f), &e, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(e.bits, 64);
	assert_int_equal(e.entry, 0x100010);
	assert_int_equal(e.nr_loads, 2);
	assert_int_equal(e.loads[0].paddr, 0x100000);
	assert_int_equal(e.loads[0].offset, 0x200);
	assert_int_equal(e.loads[1].filesz, 0x10);
	assert_int_equal(e.loads[1].memsz, 0x1000);
	uint64_t lo, hi;

	elf__span(&e, &lo, &hi);
	assert_int_equal(lo, 0x100000);
	assert_int_equal(hi, 0x201000);
}

static void test_elf32(void **state)
{
	struct elf_image e;
	char err[256];

	(void)state;
	header(32, 1, 0x100000);
	phdr(0, 1, 0x100, 0x100000, 0x80, 0x80);
	if (elf__parse(f, 0x180, &e, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(e.bits, 32);
	assert_int_equal(e.nr_loads, 1);
	assert_int_equal(e.loads[0].paddr, 0x100000);
	/* one byte short of the segment's end */
	assert_int_equal(elf__parse(f, 0x17f, &e, err, sizeof(err)), -1);
	assert_string_equal(err, "segment 0: bytes 0x100-0x180 past the end of the 383-byte file");
}

static const struct bad_case {
	const char *name;
	void (*make)(void);
	size_t len;
	const char *err;
} *bad;

static void valid64(void)
{
	header(64, 1, 0x100000);
	phdr(0, 1, 0x100, 0x100000, 0x10, 0x10);
}

static void b_magic(void) { valid64(); f[0] = 0; }
static void b_class(void) { valid64(); f[4] = 3; }
static void b_endian(void) { valid64(); f[5] = 2; }
static void b_version(void) { valid64(); f[6] = 0; }
static void b_type(void) { valid64(); put16(16, 3); }
static void b_machine(void) { valid64(); put16(18, 3); }
static void b_phnum0(void) { valid64(); put16(56, 0); }
static void b_xnum(void) { valid64(); put16(56, 0xffff); }
static void b_phent(void) { valid64(); put16(54, 32); }
static void b_phoff(void) { valid64(); put64(32, 1ULL << 40); }
static void b_phmany(void) { valid64(); put16(56, 0xfffe); }
static void b_past_file(void) { valid64(); phdr(0, 1, 4090, 0x100000, 0x10, 0x10); }
static void b_offset_huge(void) { valid64(); phdr(0, 1, UINT64_MAX - 4, 0x100000, 0x10, 0x10); }
static void b_filesz(void) { valid64(); phdr(0, 1, 0x100, 0x100000, 0x20, 0x10); }
static void b_wrap(void) { header(64, 1, UINT64_MAX - 5); phdr(0, 1, 0x100, UINT64_MAX - 10, 0, 0x100); }
static void b_entry(void) { valid64(); put64(24, 0x100010); }
static void b_empty(void) { header(64, 1, 0x100000); phdr(0, 1, 0, 0x100000, 0, 0); }
static void b_overlap(void)
{
	header(64, 2, 0x100000);
	phdr(0, 1, 0x100, 0x100000, 0x10, 0x100);
	phdr(1, 1, 0x200, 0x1000ff, 0x10, 0x10);
}
static void b_too_many(void)
{
	header(64, ELF_MAX_LOADS + 1, 0x100000);
	for (int i = 0; i <= ELF_MAX_LOADS; i++)
		phdr(i, 1, 0, 0x100000 + (uint64_t)i * 0x1000, 0, 0x10);
}

static const struct bad_case bad_cases[] = {
	{ "short", valid64, 10, "ELF header truncated: 10 bytes" },
	{ "short64", valid64, 60, "ELF64 header truncated: 60 bytes" },
	{ "magic", b_magic, 4096, "not an ELF file (no \\x7fELF magic)" },
	{ "class", b_class, 4096, "ELF class 3: neither 32- nor 64-bit" },
	{ "endian", b_endian, 4096, "ELF data encoding 2: not little-endian" },
	{ "version", b_version, 4096, "ELF version 0, not 1" },
	{ "type", b_type, 4096, "ELF type 3: not an executable (ET_EXEC)" },
	{ "machine", b_machine, 4096, "ELF64 for machine 3, not x86-64 (62)" },
	{ "phnum 0", b_phnum0, 4096, "no program headers (e_phnum 0)" },
	{ "PN_XNUM", b_xnum, 4096, "e_phnum is PN_XNUM (more than 65534 program headers)" },
	{ "phentsize", b_phent, 4096, "e_phentsize 32, not 56" },
	{ "phoff", b_phoff, 4096, "program headers (1 at offset 0x10000000000) past the end of the 4096-byte file" },
	{ "phnum huge", b_phmany, 4096, "program headers (65534 at offset 0x40) past the end of the 4096-byte file" },
	{ "segment past file", b_past_file, 4096, "segment 0: bytes 0xffa-0x100a past the end of the 4096-byte file" },
	{ "offset huge", b_offset_huge, 4096, "segment 0: bytes 0xfffffffffffffffb-0xb past the end of the 4096-byte file" },
	{ "filesz", b_filesz, 4096, "segment 0: p_filesz 0x20 larger than p_memsz 0x10" },
	{ "wrap", b_wrap, 4096, "segment 0: physical range wraps around" },
	{ "entry", b_entry, 4096, "entry 0x100010 is inside no loaded segment" },
	{ "empty", b_empty, 4096, "no loadable segment (PT_LOAD with bytes)" },
	{ "overlap", b_overlap, 4096, "segment 1 overlaps an earlier one at 0x100000" },
	{ "too many", b_too_many, 4096, "more than 32 loadable segments" },
};

static void test_hostile_headers(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		struct elf_image e;
		char err[256] = "";

		bad = &bad_cases[i];
		bad->make();
		if (elf__parse(f, bad->len, &e, err, sizeof(err)) != -1)
			fail_msg("%s: accepted", bad->name);
		if (strcmp(err, bad->err))
			fail_msg("%s: \"%s\", want \"%s\"", bad->name, err, bad->err);
	}
}

/* Every prefix of a valid file is refused or read within it: nothing past LEN is looked at. */
static void test_every_truncation(void **state)
{
	static uint8_t copy[4096];

	(void)state;
	header(64, 2, 0x100000);
	phdr(0, 1, 0xb0, 0x100000, 0x20, 0x20);
	phdr(1, 1, 0xd0, 0x200000, 0x20, 0x40);
	for (size_t len = 0; len <= 0xf0; len++) {
		struct elf_image e;
		char err[256];

		/* the bytes past LEN are poison: a valid parse of a prefix cannot depend on them */
		memcpy(copy, f, len);
		memset(copy + len, 0xff, sizeof(copy) - len);
		int r = elf__parse(copy, len, &e, err, sizeof(err));

		assert_int_equal(r, len >= 0xf0 ? 0 : -1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elf64_two_segments),
		cmocka_unit_test(test_elf32),
		cmocka_unit_test(test_hostile_headers),
		cmocka_unit_test(test_every_truncation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
