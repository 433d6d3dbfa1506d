/*
 * multiboot_test.c - unit tests for the Multiboot (1) and Multiboot2 header
 * readers and information writers (harness/boot/multiboot*.[ch],
 * boot/bootinfo.c): each field checked at the offset the specifications
 * give, and hostile headers refused with the reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "boot/bootinfo.h"
#include "boot/multiboot.h"
#include "boot/multiboot2.h"

static uint8_t f[40000];
static char err[256];

static void put16(size_t at, uint16_t v) { f[at] = (uint8_t)v; f[at + 1] = (uint8_t)(v >> 8); }
static void put32(size_t at, uint32_t v) { put16(at, (uint16_t)v); put16(at + 2, (uint16_t)(v >> 16)); }
static uint32_t get32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t get64(const uint8_t *p) { return get32(p) | (uint64_t)get32(p + 4) << 32; }

/* ------------------------------------------------------------ Multiboot 1 */

/* A Multiboot 1 header with FLAGS at AT (checksum right). */
static void mb1(size_t at, uint32_t flags)
{
	put32(at, MB1_HEADER_MAGIC);
	put32(at + 4, flags);
	put32(at + 8, (uint32_t)-(MB1_HEADER_MAGIC + flags));
}

static void test_mb1_found(void **state)
{
	struct mb1_header h;

	(void)state;
	memset(f, 0, sizeof(f));
	assert_int_equal(mb1__find(f, sizeof(f), &h, err, sizeof(err)), 0);
	mb1(0x40, 0x3);
	assert_int_equal(mb1__find(f, sizeof(f), &h, err, sizeof(err)), 1);
	assert_int_equal(h.offset, 0x40);
	assert_int_equal(h.flags, 0x3);
	/* the last place a 12-byte header fits in the first 8 KiB */
	memset(f, 0, sizeof(f));
	mb1(8192 - 12, 0x10000 | 0x3);
	assert_int_equal(mb1__find(f, sizeof(f), &h, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "needs 32 bytes"));
	memset(f, 0, sizeof(f));
	mb1(8192 - 12, 0);
	assert_int_equal(mb1__find(f, sizeof(f), &h, err, sizeof(err)), 1);
	/* optional flags (16-31) bootcheck does not know are fine */
	memset(f, 0, sizeof(f));
	mb1(0, 0x3 | 1u << 20);
	assert_int_equal(mb1__find(f, 12, &h, err, sizeof(err)), 1);
}

static void test_mb1_misplaced(void **state)
{
	struct mb1_header h;

	(void)state;
	memset(f, 0, sizeof(f));
	mb1(8192, 0);
	assert_int_equal(mb1__find(f, sizeof(f), &h, err, sizeof(err)), -1);
	assert_string_equal(err, "a Multiboot header at offset 8192, not within the first 8192 bytes");
	memset(f, 0, sizeof(f));
	mb1(8193, 0);
	assert_int_equal(mb1__find(f, sizeof(f), &h, err, sizeof(err)), -1);
	assert_string_equal(err, "a Multiboot header at offset 8193, not on a 4-byte boundary");
	memset(f, 0, sizeof(f));
	mb1(6, 0);
	assert_int_equal(mb1__find(f, sizeof(f), &h, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "offset 6, not on a 4-byte boundary"));
	/* a wrong checksum is no header at all */
	memset(f, 0, sizeof(f));
	mb1(0, 0);
	put32(8, 1);
	assert_int_equal(mb1__find(f, sizeof(f), &h, err, sizeof(err)), 0);
	/* cut by the end of the file */
	memset(f, 0, sizeof(f));
	mb1(0, 0x10000);
	assert_int_equal(mb1__find(f, 20, &h, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "the file ends at 20"));
	assert_int_equal(mb1__find(f, 11, &h, err, sizeof(err)), 0);
}

static void test_mb1_required_flags(void **state)
{
	struct mb1_header h;

	(void)state;
	memset(f, 0, sizeof(f));
	mb1(0, 0x3 | 1u << 5);
	assert_int_equal(mb1__find(f, sizeof(f), &h, err, sizeof(err)), -1);
	assert_string_equal(err, "the Multiboot header requires flag 5, which bootcheck does not know");
	/* a video mode: graphics refused naming flag 2, text given */
	memset(f, 0, sizeof(f));
	mb1(0, MB1_HF_VIDEO);
	put32(32, 0);
	put32(36, 1024);
	put32(40, 768);
	put32(44, 32);
	assert_int_equal(mb1__find(f, sizeof(f), &h, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "requires flag 2 (video mode)"));
	put32(32, 1);
	assert_int_equal(mb1__find(f, sizeof(f), &h, err, sizeof(err)), 1);
	assert_int_equal(h.mode_type, 1);
	assert_int_equal(h.width, 1024);
	/* a video header cut by the file */
	assert_int_equal(mb1__find(f, 40, &h, err, sizeof(err)), -1);
}

static void test_address_plan(void **state)
{
	struct mb_address a = {
		.header_addr = 0x100010, .load_addr = 0x100000, .load_end_addr = 0x100800,
		.bss_end_addr = 0x102000, .entry_addr = 0x100040,
	};
	struct elf_image p;

	(void)state;
	/* header at offset 0x10 of a 4 KiB file: text from offset 0 */
	assert_int_equal(mb__address_plan(&a, 0x10, 4096, false, &p, err, sizeof(err)), 0);
	assert_int_equal(p.nr_loads, 1);
	assert_int_equal(p.loads[0].paddr, 0x100000);
	assert_int_equal(p.loads[0].offset, 0);
	assert_int_equal(p.loads[0].filesz, 0x800);
	assert_int_equal(p.loads[0].memsz, 0x2000);
	assert_int_equal(p.entry, 0x100040);
	/* header further in: the text starts later in the file */
	assert_int_equal(mb__address_plan(&a, 0x210, 4096, false, &p, err, sizeof(err)), 0);
	assert_int_equal(p.loads[0].offset, 0x200);
	/* load_end_addr 0: the rest of the file; bss_end_addr 0: none */
	struct mb_address b = a;

	b.load_end_addr = 0;
	b.bss_end_addr = 0;
	assert_int_equal(mb__address_plan(&b, 0x10, 4096, false, &p, err, sizeof(err)), 0);
	assert_int_equal(p.loads[0].filesz, 4096);
	assert_int_equal(p.loads[0].memsz, 4096);
	/* hostile fields */
	b = a;
	b.load_addr = 0x100020;
	assert_int_equal(mb__address_plan(&b, 0x10, 4096, false, &p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "load_addr 0x100020 is above header_addr"));
	b = a;
	b.load_addr = 0xf0000;
	assert_int_equal(mb__address_plan(&b, 0x10, 4096, false, &p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "before the header"));
	b = a;
	b.load_end_addr = 0x200000;
	assert_int_equal(mb__address_plan(&b, 0x10, 4096, false, &p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "load_end_addr 0x200000 is past the end of the file"));
	b = a;
	b.load_end_addr = 0x100000;
	assert_int_equal(mb__address_plan(&b, 0x10, 4096, false, &p, err, sizeof(err)), -1);
	b = a;
	b.bss_end_addr = 0x100400;
	assert_int_equal(mb__address_plan(&b, 0x10, 4096, false, &p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "bss_end_addr 0x100400 is below"));
	b = a;
	b.entry_addr = 0x102000;
	assert_int_equal(mb__address_plan(&b, 0x10, 4096, false, &p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "entry address 0x102000 is outside"));
	/* the rest of an 8 KiB file from 4 KiB below 4 GiB */
	b = (struct mb_address){ .header_addr = 0xfffff010, .load_addr = 0xfffff000,
				 .entry_addr = 0xfffff000 };
	assert_int_equal(mb__address_plan(&b, 0x10, 0x2000, false, &p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "past 4 GiB"));
	/* Multiboot2's load_addr -1: the file from its first byte */
	b = a;
	b.load_addr = UINT32_MAX;
	b.load_end_addr = 0;
	b.bss_end_addr = 0;
	b.entry_addr = 0x100000;
	assert_int_equal(mb__address_plan(&b, 0x10, 4096, true, &p, err, sizeof(err)), 0);
	assert_int_equal(p.loads[0].paddr, 0x100000);
	assert_int_equal(p.loads[0].offset, 0);
	assert_int_equal(mb__address_plan(&b, 0x10, 4096, false, &p, err, sizeof(err)), -1);
}

static void fill_info(struct bootinfo *bi)
{
	bootinfo__init(bi, 32 << 20);
	bi->cmdline = "root=/dev/hda";
	bi->nr_modules = 2;
	bi->modules[0] = (struct bootinfo_module){ 0x200000, 0x200024, "first" };
	bi->modules[1] = (struct bootinfo_module){ 0x201000, 0x201016, "second one" };
}

/* The string at guest address ADDR of an area at BASE. */
static const char *str_at(const uint8_t *buf, uint32_t base, uint32_t addr)
{
	return (const char *)buf + (addr - base);
}

static void test_bootinfo_memory(void **state)
{
	struct bootinfo bi;

	(void)state;
	bootinfo__init(&bi, 32 << 20);
	assert_int_equal(bi.nr_mmap, 3);
	assert_int_equal(bi.mmap[0].base, 0);
	assert_int_equal(bi.mmap[0].len, 0xa0000);
	assert_int_equal(bi.mmap[0].type, MEMMAP_RAM);
	assert_int_equal(bi.mmap[1].base, 0xa0000);
	assert_int_equal(bi.mmap[1].len, 0x60000);
	assert_int_equal(bi.mmap[1].type, MEMMAP_RESERVED);
	assert_int_equal(bi.mmap[2].base, 0x100000);
	assert_int_equal(bi.mmap[2].len, (32 << 20) - 0x100000);
	assert_int_equal(bi.mem_lower, 640);
	assert_int_equal(bi.mem_upper, 31 * 1024);
	bootinfo__init(&bi, 1 << 20);
	assert_int_equal(bi.nr_mmap, 2);
	assert_int_equal(bi.mem_upper, 0);
}

static void test_mb1_info_offsets(void **state)
{
	struct bootinfo bi;
	uint8_t buf[1024];
	const uint32_t base = 0x8000;

	(void)state;
	fill_info(&bi);
	bi.have_boot_device = true;
	bi.boot_device = 0x80ffffff;
	size_t n = mb1__info_size(&bi);

	assert_int_equal(mb1__write_info(&bi, base, buf, n - 1), 0);
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(mb1__write_info(&bi, base, buf, sizeof(buf)), n);
	/* flags: mem, boot_device, cmdline, mods, mmap, loader name, framebuffer */
	assert_int_equal(get32(buf + 0), 0x1 | 0x2 | 0x4 | 0x8 | 0x40 | 0x200 | 0x1000);
	assert_int_equal(get32(buf + 4), 640);
	assert_int_equal(get32(buf + 8), 31 * 1024);
	assert_int_equal(get32(buf + 12), 0x80ffffff);
	assert_string_equal(str_at(buf, base, get32(buf + 16)), "root=/dev/hda");
	assert_int_equal(get32(buf + 20), 2);
	const uint8_t *mods = buf + (get32(buf + 24) - base);

	assert_int_equal(get32(mods + 0), 0x200000);
	assert_int_equal(get32(mods + 4), 0x200024);
	assert_string_equal(str_at(buf, base, get32(mods + 8)), "first");
	assert_int_equal(get32(mods + 12), 0);
	assert_int_equal(get32(mods + 16), 0x201000);
	assert_int_equal(get32(mods + 20), 0x201016);
	assert_string_equal(str_at(buf, base, get32(mods + 24)), "second one");
	/* syms, drives, config table, APM, VBE: not given, zero */
	for (int off = 28; off < 44; off += 4)
		assert_int_equal(get32(buf + off), 0);
	assert_int_equal(get32(buf + 44), 3 * 24);
	const uint8_t *mmap = buf + (get32(buf + 48) - base);

	for (int i = 0; i < 3; i++) {
		assert_int_equal(get32(mmap + i * 24), 20);  /* size, not counting itself */
		assert_int_equal(get64(mmap + i * 24 + 4), bi.mmap[i].base);
		assert_int_equal(get64(mmap + i * 24 + 12), bi.mmap[i].len);
		assert_int_equal(get32(mmap + i * 24 + 20), bi.mmap[i].type);
	}
	for (int off = 52; off < 64; off += 4)
		assert_int_equal(get32(buf + off), 0);
	assert_string_equal(str_at(buf, base, get32(buf + 64)), "bootcheck");
	for (int off = 68; off < 88; off += 4)
		assert_int_equal(get32(buf + off), 0);
	assert_int_equal(get64(buf + 88), 0xb8000);
	assert_int_equal(get32(buf + 96), 160);
	assert_int_equal(get32(buf + 100), 80);
	assert_int_equal(get32(buf + 104), 25);
	assert_int_equal(buf[108], 16);
	assert_int_equal(buf[109], 2);
	/* everything the structure points at lies inside the area */
	assert_true(get32(buf + 48) + get32(buf + 44) <= base + n);
	/* no boot device: its flag clear */
	fill_info(&bi);
	mb1__write_info(&bi, base, buf, sizeof(buf));
	assert_int_equal(get32(buf) & 0x2, 0);
}

/* ------------------------------------------------------------ Multiboot2 */

static size_t tag_at;

/* A Multiboot2 header at AT with no tags yet; tags then go at tag_at. */
static void mb2_begin(size_t at)
{
	put32(at, MB2_HEADER_MAGIC);
	put32(at + 4, 0);
	tag_at = at + 16;
}

static void mb2_tag(uint16_t type, uint16_t flags, uint32_t size, const uint32_t *body, int n)
{
	put16(tag_at, type);
	put16(tag_at + 2, flags);
	put32(tag_at + 4, size);
	for (int i = 0; i < n; i++)
		put32(tag_at + 8 + 4 * (size_t)i, body[i]);
	tag_at += (size + 7) & ~7u;
}

/* The end tag, header_length and checksum of the header at AT. */
static void mb2_end(size_t at)
{
	mb2_tag(0, 0, 8, NULL, 0);
	put32(at + 8, (uint32_t)(tag_at - at));
	put32(at + 12, (uint32_t)-(MB2_HEADER_MAGIC + (uint32_t)(tag_at - at)));
}

static void test_mb2_header(void **state)
{
	struct mb2_header h;
	const uint32_t req[] = { 1, 2, 3, 4, 6, 8 };
	const uint32_t addr[] = { 0x100008, 0x100000, 0, 0 };
	const uint32_t entry[] = { 0x100040 };

	(void)state;
	memset(f, 0, sizeof(f));
	assert_int_equal(mb2__find(f, sizeof(f), &h, err, sizeof(err)), 0);
	mb2_begin(8);
	mb2_tag(MB2_HTAG_INFO_REQUEST, 0, 8 + 6 * 4, req, 6);
	mb2_tag(MB2_HTAG_ADDRESS, 0, 24, addr, 4);
	mb2_tag(MB2_HTAG_ENTRY, 0, 12, entry, 1);
	mb2_tag(MB2_HTAG_MODULE_ALIGN, 0, 8, NULL, 0);
	mb2_tag(42, MB2_HTAG_OPTIONAL, 12, entry, 1);  /* unknown but optional */
	mb2_end(8);
	assert_int_equal(mb2__find(f, sizeof(f), &h, err, sizeof(err)), 1);
	assert_int_equal(h.offset, 8);
	assert_true(h.have_address);
	assert_true(h.have_entry);
	assert_int_equal(h.addr.header_addr, 0x100008);
	assert_int_equal(h.addr.entry_addr, 0x100040);
	assert_int_equal(h.requested, 1u << 1 | 1u << 2 | 1u << 3 | 1u << 4 | 1u << 6 | 1u << 8);
}

/* mb2__find on a header with one tag; its message must contain WANT (NULL: accepted). */
static void one_tag(uint16_t type, uint16_t flags, uint32_t size, const uint32_t *body, int n,
		    const char *want)
{
	struct mb2_header h;

	memset(f, 0, sizeof(f));
	mb2_begin(0);
	mb2_tag(type, flags, size, body, n);
	mb2_end(0);
	int r = mb2__find(f, sizeof(f), &h, err, sizeof(err));

	if (!want) {
		assert_int_equal(r, 1);
		return;
	}
	assert_int_equal(r, -1);
	if (!strstr(err, want))
		fail_msg("'%s' does not say '%s'", err, want);
}

static void test_mb2_hostile(void **state)
{
	struct mb2_header h;
	const uint32_t acpi[] = { 1, 14 };
	const uint32_t fb32[] = { 1024, 768, 32 };
	const uint32_t fb0[] = { 80, 25, 0 };
	const uint32_t addr[] = { 0x100000, 0x100000, 0, 0 };

	(void)state;
	one_tag(MB2_HTAG_INFO_REQUEST, 0, 16, acpi, 2, "information tag 14 (ACPI old RSDP)");
	one_tag(MB2_HTAG_INFO_REQUEST, MB2_HTAG_OPTIONAL, 16, acpi, 2, NULL);
	one_tag(MB2_HTAG_FRAMEBUFFER, 0, 20, fb32, 3, "requires a framebuffer (tag 5)");
	one_tag(MB2_HTAG_FRAMEBUFFER, MB2_HTAG_OPTIONAL, 20, fb32, 3, NULL);
	one_tag(MB2_HTAG_FRAMEBUFFER, 0, 20, fb0, 3, NULL);
	one_tag(42, 0, 8, NULL, 0, "requires tag type 42");
	one_tag(MB2_HTAG_ADDRESS, 0, 24, addr, 4, "an address tag but no entry address tag");
	one_tag(MB2_HTAG_ADDRESS, 0, 16, addr, 2, "has size 16, less than its 24 bytes");
	one_tag(MB2_HTAG_ENTRY, 0, 4, addr, 0, "less than 8");
	/* a tag running past header_length */
	memset(f, 0, sizeof(f));
	mb2_begin(0);
	mb2_tag(MB2_HTAG_MODULE_ALIGN, 0, 8, NULL, 0);
	mb2_end(0);
	put32(16 + 4, 4096);
	assert_int_equal(mb2__find(f, sizeof(f), &h, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "past the header's end"));
	/* no end tag within header_length */
	memset(f, 0, sizeof(f));
	mb2_begin(0);
	mb2_tag(MB2_HTAG_MODULE_ALIGN, 0, 8, NULL, 0);
	put32(8, 24);
	put32(12, (uint32_t)-(MB2_HEADER_MAGIC + 24));
	assert_int_equal(mb2__find(f, sizeof(f), &h, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no end tag"));
	/* header_length past the file, the architecture, a header in the wrong place */
	memset(f, 0, sizeof(f));
	mb2_begin(0);
	mb2_end(0);
	assert_int_equal(mb2__find(f, 20, &h, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "past the end of the file"));
	put32(4, 4);
	put32(12, (uint32_t)-(MB2_HEADER_MAGIC + 4 + 24));
	assert_int_equal(mb2__find(f, sizeof(f), &h, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "architecture 4 (MIPS)"));
	memset(f, 0, sizeof(f));
	mb2_begin(4);
	mb2_end(4);
	assert_int_equal(mb2__find(f, sizeof(f), &h, err, sizeof(err)), -1);
	assert_string_equal(err, "a Multiboot2 header at offset 4, not on an 8-byte boundary");
	memset(f, 0, sizeof(f));
	mb2_begin(32768);
	mb2_end(32768);
	assert_int_equal(mb2__find(f, sizeof(f), &h, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "offset 32768, not within the first 32768 bytes"));
	/* header_length 0xffffffff (a huge length must not be read) */
	memset(f, 0, sizeof(f));
	put32(0, MB2_HEADER_MAGIC);
	put32(8, 0xffffffff);
	put32(12, (uint32_t)-(MB2_HEADER_MAGIC + 0xffffffff));
	assert_int_equal(mb2__find(f, sizeof(f), &h, err, sizeof(err)), -1);
}

static void test_mb2_info_tags(void **state)
{
	struct bootinfo bi;
	uint8_t buf[1024];

	(void)state;
	fill_info(&bi);
	size_t n = mb2__info_size(&bi);

	assert_int_equal(mb2__write_info(&bi, 0x8000, buf, n - 1), 0);
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(mb2__write_info(&bi, 0x8000, buf, sizeof(buf)), n);
	assert_int_equal(get32(buf), n);        /* total_size */
	assert_int_equal(get32(buf + 4), 0);    /* reserved */
	const uint8_t *t = buf + 8;
	uint32_t expect[] = { 1, 2, 3, 3, 4, 6, 8, 0 };

	for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
		uint32_t type = get32(t), size = get32(t + 4);

		assert_int_equal((t - buf) % 8, 0);
		assert_int_equal(type, expect[i]);
		switch (type) {
		case 1:
			assert_int_equal(size, 8 + strlen("root=/dev/hda") + 1);
			assert_string_equal((const char *)t + 8, "root=/dev/hda");
			break;
		case 2:
			assert_string_equal((const char *)t + 8, "bootcheck");
			break;
		case 3:
			assert_int_equal(get32(t + 8), i == 2 ? 0x200000 : 0x201000);
			assert_int_equal(get32(t + 12), i == 2 ? 0x200024 : 0x201016);
			assert_string_equal((const char *)t + 16, i == 2 ? "first" : "second one");
			assert_int_equal(size, 16 + strlen((const char *)t + 16) + 1);
			break;
		case 4:
			assert_int_equal(size, 16);
			assert_int_equal(get32(t + 8), 640);
			assert_int_equal(get32(t + 12), 31 * 1024);
			break;
		case 6:
			assert_int_equal(size, 16 + 3 * 24);
			assert_int_equal(get32(t + 8), 24);   /* entry_size */
			assert_int_equal(get32(t + 12), 0);   /* entry_version */
			for (int e = 0; e < 3; e++) {
				assert_int_equal(get64(t + 16 + e * 24), bi.mmap[e].base);
				assert_int_equal(get64(t + 24 + e * 24), bi.mmap[e].len);
				assert_int_equal(get32(t + 32 + e * 24), bi.mmap[e].type);
				assert_int_equal(get32(t + 36 + e * 24), 0);
			}
			break;
		case 8:
			assert_int_equal(size, 32);
			assert_int_equal(get64(t + 8), 0xb8000);
			assert_int_equal(get32(t + 16), 160);
			assert_int_equal(get32(t + 20), 80);
			assert_int_equal(get32(t + 24), 25);
			assert_int_equal(t[28], 16);
			assert_int_equal(t[29], 2);
			break;
		case 0:
			assert_int_equal(size, 8);
			assert_int_equal(t + 8 - buf, n);
			break;
		}
		t += (size + 7) & ~7u;
	}
	/* a boot device: tag 5, biosdev 0x80, no partition */
	bi.have_boot_device = true;
	bi.boot_device = 0x80ffffff;
	n = mb2__write_info(&bi, 0x8000, buf, sizeof(buf));
	assert_int_equal(n, mb2__info_size(&bi));
	for (t = buf + 8; get32(t) != 5; t += (get32(t + 4) + 7) & ~7u)
		assert_int_not_equal(get32(t), 0);
	assert_int_equal(get32(t + 4), 20);
	assert_int_equal(get32(t + 8), 0x80);
	assert_int_equal(get32(t + 12), 0xffffffff);
	assert_int_equal(get32(t + 16), 0xffffffff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mb1_found),
		cmocka_unit_test(test_mb1_misplaced),
		cmocka_unit_test(test_mb1_required_flags),
		cmocka_unit_test(test_address_plan),
		cmocka_unit_test(test_bootinfo_memory),
		cmocka_unit_test(test_mb1_info_offsets),
		cmocka_unit_test(test_mb2_header),
		cmocka_unit_test(test_mb2_hostile),
		cmocka_unit_test(test_mb2_info_tags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
