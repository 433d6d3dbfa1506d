/* cmos_test.c - unit tests for the MC146818 CMOS/RTC model (harness/hw/cmos.[ch]). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hw/cmos.h"
#include "vmm/bus.h"

#define KIB 1024ull
#define MIB (1024 * KIB)
#define GIB (1024 * MIB)

struct fixture {
	struct cmos c;
	struct bus bus;
};

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));

	if (!f)
		return -1;
	cmos__init(&f->c);
	bus__init(&f->bus, "pio");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	test_free(*state);
	return 0;
}

/* Select REG (with the NMI bit as given) and read it the way a guest does. */
static uint8_t rd(struct cmos *c, uint8_t index)
{
	cmos__io(c, 0x70, index, true);
	return cmos__io(c, 0x71, 0, false);
}

static void wr(struct cmos *c, uint8_t index, uint8_t v)
{
	cmos__io(c, 0x70, index, true);
	cmos__io(c, 0x71, v, true);
}

/* The checksum of 0x10-0x2d, computed here independently of the model. */
static unsigned checksum_of(const struct cmos *c)
{
	unsigned sum = 0;

	for (unsigned r = 0x10; r <= 0x2d; r++)
		sum += cmos__get_byte(c, (uint8_t)r);
	return sum & 0xffff;
}

static unsigned stored_checksum(const struct cmos *c)
{
	return (unsigned)cmos__get_byte(c, 0x2e) << 8 | cmos__get_byte(c, 0x2f);
}

static void test_frozen_time_bcd(void **state)
{
	struct fixture *f = *state;
	static const struct {
		uint8_t reg, value;
		const char *what;
	} regs[] = {
		{ 0x00, 0x00, "seconds" },   { 0x02, 0x00, "minutes" },
		{ 0x04, 0x12, "hours" },     { 0x06, 0x04, "day of week (Wednesday)" },
		{ 0x07, 0x01, "day" },       { 0x08, 0x01, "month" },
		{ 0x09, 0x25, "year" },      { 0x32, 0x20, "century" },
		{ 0x0a, 0x26, "status A" },  { 0x0b, 0x02, "status B (24h, BCD)" },
		{ 0x0c, 0x00, "status C" },  { 0x0d, 0x80, "status D (valid)" },
		{ 0x01, 0x00, "seconds alarm" }, { 0x0f, 0x00, "shutdown status" },
	};

	/* the clock never advances: every pass reads the same */
	for (int pass = 0; pass < 3; pass++) {
		for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
			uint8_t v = rd(&f->c, regs[i].reg);

			if (v != regs[i].value)
				fail_msg("pass %d: %s (0x%02x) = 0x%02x, want 0x%02x", pass,
					 regs[i].what, regs[i].reg, v, regs[i].value);
		}
	}
}

static void test_index_masking_and_nmi(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;

	/* bit 7 of the index is the NMI mask, not part of the register number */
	assert_int_equal(rd(c, 0x80 | 0x09), 0x25);
	assert_true(c->nmi_masked);
	assert_int_equal(c->index, 0x09);
	assert_int_equal(rd(c, 0x09), 0x25);
	assert_false(c->nmi_masked);
	assert_int_equal(rd(c, 0x80 | 0x32), 0x20);
	assert_int_equal(rd(c, 0x80 | 0x04), 0x12);

	/* every index stays inside the 128 bytes */
	cmos__set_byte(c, 0x7f, 0xa5);
	assert_int_equal(rd(c, 0xff), 0xa5);
	assert_int_equal(c->index, 0x7f);
	wr(c, 0xff, 0x5a);
	assert_int_equal(cmos__get_byte(c, 0x7f), 0x5a);

	/* the index port is write-only */
	assert_int_equal(cmos__io(c, 0x70, 0, false), 0xff);
	assert_int_equal(c->index, 0x7f); /* and reading it changes nothing */
}

static void test_status_c_read_clears(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;

	cmos__set_byte(c, 0x0c, 0xc0);
	/* the machine's view has no side effect */
	assert_int_equal(cmos__get_byte(c, 0x0c), 0xc0);
	assert_int_equal(cmos__get_byte(c, 0x0c), 0xc0);
	/* the guest's read returns the flags once */
	assert_int_equal(rd(c, 0x0c), 0xc0);
	assert_int_equal(rd(c, 0x0c), 0x00);
	assert_int_equal(rd(c, 0x8c), 0x00);
	/* other registers are not cleared by reading */
	assert_int_equal(rd(c, 0x0d), 0x80);
	assert_int_equal(rd(c, 0x0d), 0x80);
}

static void test_status_registers_writes(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;

	/* A: bit 7 (update in progress) is read-only and always clear */
	wr(c, 0x0a, 0xa6);
	assert_int_equal(rd(c, 0x0a), 0x26);
	wr(c, 0x0a, 0xff);
	assert_int_equal(rd(c, 0x0a), 0x7f);
	cmos__set_byte(c, 0x0a, 0x80);
	assert_int_equal(rd(c, 0x0a), 0x00);

	/* B is the guest's */
	wr(c, 0x0b, 0x06);
	assert_int_equal(rd(c, 0x0b), 0x06);

	/* C and D are read-only */
	wr(c, 0x0c, 0xff);
	assert_int_equal(rd(c, 0x0c), 0x00);
	wr(c, 0x0d, 0x00);
	assert_int_equal(rd(c, 0x0d), 0x80);
}

static void test_guest_sets_clock(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;
	static const struct {
		uint8_t reg, value;
	} set[] = {
		{ 0x00, 0x59 }, { 0x02, 0x30 }, { 0x04, 0x23 }, { 0x06, 0x07 },
		{ 0x07, 0x31 }, { 0x08, 0x12 }, { 0x09, 0x99 }, { 0x32, 0x19 },
	};

	for (size_t i = 0; i < sizeof(set) / sizeof(set[0]); i++)
		wr(c, set[i].reg, set[i].value);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < sizeof(set) / sizeof(set[0]); i++)
			assert_int_equal(rd(c, set[i].reg), set[i].value);
}

static void test_memory_registers(void **state)
{
	struct fixture *f = *state;
	static const struct {
		uint64_t ram;
		uint16_t base, ext, above_16m;
	} cases[] = {
		{ 512 * KIB, 512, 0x0000, 0x0000 },
		{ 1 * MIB, 640, 0x0000, 0x0000 },
		{ 16 * MIB, 640, 0x3c00, 0x0000 },   /* 15 MiB extended */
		{ 32 * MIB, 640, 0x7c00, 0x0100 },   /* 31 MiB; 16 MiB = 256 blocks */
		{ 64 * MIB + 512 * KIB, 640, 0xfe00, 0x0308 },
		{ 3 * GIB, 640, 0xffff, 0xbf00 },    /* capped; (3 GiB - 16 MiB) / 64 KiB */
		{ 8 * GIB, 640, 0xffff, 0xffff },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cmos *c = &f->c;
		uint16_t base, ext, ext2, above;

		cmos__init(c);
		cmos__set_memory(c, cases[i].ram);
		base = (uint16_t)(rd(c, 0x15) | rd(c, 0x16) << 8);
		ext = (uint16_t)(rd(c, 0x17) | rd(c, 0x18) << 8);
		ext2 = (uint16_t)(rd(c, 0x30) | rd(c, 0x31) << 8);
		above = (uint16_t)(rd(c, 0x34) | rd(c, 0x35) << 8);
		if (base != cases[i].base || ext != cases[i].ext || ext2 != cases[i].ext ||
		    above != cases[i].above_16m)
			fail_msg("%llu bytes: base %u ext 0x%04x/0x%04x >16M 0x%04x, want "
				 "%u 0x%04x 0x%04x",
				 (unsigned long long)cases[i].ram, base, ext, ext2, above,
				 cases[i].base, cases[i].ext, cases[i].above_16m);
		assert_int_equal(rd(c, 0x5b), 0);
		assert_int_equal(rd(c, 0x5c), 0);
		assert_int_equal(rd(c, 0x5d), 0);
		assert_int_equal(rd(c, 0x5f), 0); /* one CPU */
		assert_int_equal(stored_checksum(c), checksum_of(c));
	}
}

static void test_checksum(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;

	/* after init 0x10-0x2d are all zero */
	assert_int_equal(stored_checksum(c), 0);

	/* 32 MiB: 0x80 + 0x02 (640) + 0x00 + 0x7c (0x7c00) */
	cmos__set_memory(c, 32 * MIB);
	assert_int_equal(stored_checksum(c), 0x00fe);

	cmos__set_byte(c, 0x10, 0x40); /* 1.44 MB drive A: */
	assert_int_equal(stored_checksum(c), 0x013e);
	cmos__set_byte(c, 0x14, 0x41);
	assert_int_equal(stored_checksum(c), 0x017f);
	cmos__set_byte(c, 0x2d, 0xff);
	assert_int_equal(stored_checksum(c), 0x027e);
	cmos__set_byte(c, 0x10, 0x00);
	assert_int_equal(stored_checksum(c), 0x023e);
	assert_int_equal(stored_checksum(c), checksum_of(c));

	/* bytes outside 0x10-0x2d do not count */
	cmos__set_byte(c, 0x3d, 0x12);
	cmos__set_byte(c, 0x38, 0x01);
	cmos__set_byte(c, 0x0f, 0x05);
	cmos__set_byte(c, 0x2e, 0x00);
	assert_int_equal(cmos__get_byte(c, 0x2e), 0x00); /* stored as asked */
	cmos__set_byte(c, 0x12, 0xf0);
	assert_int_equal(stored_checksum(c), 0x032e);

	/* a guest that edits NVRAM keeps its own checksum */
	wr(c, 0x14, 0x00);
	assert_int_equal(stored_checksum(c), 0x032e);
	assert_int_equal(rd(c, 0x2e), 0x03);
	assert_int_equal(rd(c, 0x2f), 0x2e);
}

static void test_set_get_byte(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;
	static const struct {
		uint8_t reg, value;
	} machine[] = {
		{ 0x10, 0x40 }, { 0x12, 0xf0 }, { 0x14, 0x07 },
		{ 0x3d, 0x21 }, { 0x38, 0x30 }, { 0x39, 0x55 },
	};

	for (size_t i = 0; i < sizeof(machine) / sizeof(machine[0]); i++) {
		cmos__set_byte(c, machine[i].reg, machine[i].value);
		assert_int_equal(cmos__get_byte(c, machine[i].reg), machine[i].value);
		assert_int_equal(rd(c, machine[i].reg), machine[i].value);
	}
	/* the register number is masked to 7 bits */
	cmos__set_byte(c, 0x80 | 0x3d, 0x13);
	assert_int_equal(cmos__get_byte(c, 0x3d), 0x13);
	assert_int_equal(cmos__get_byte(c, 0x80 | 0x3d), 0x13);
	cmos__set_byte(c, 0xff, 0x77);
	assert_int_equal(cmos__get_byte(c, 0x7f), 0x77);
}

static void test_register_ports(void **state)
{
	struct fixture *f = *state;
	const struct bus_range *r;
	uint8_t d[2];

	assert_int_equal(cmos__register(&f->c, &f->bus), 0);
	r = bus__find(&f->bus, 0x70);
	assert_non_null(r);
	assert_ptr_equal(r->opaque, &f->c);
	assert_int_equal(r->len, 2);
	assert_int_equal(r->width, 1);
	assert_ptr_equal(bus__find(&f->bus, 0x71), r);
	assert_null(bus__find(&f->bus, 0x6f));
	assert_null(bus__find(&f->bus, 0x72));
	assert_int_equal(cmos__register(&f->c, &f->bus), -EEXIST);

	/* byte accesses through the bus */
	d[0] = 0x80 | 0x04;
	assert_true(bus__access(&f->bus, 0x70, d, 1, true));
	assert_true(bus__access(&f->bus, 0x71, d, 1, false));
	assert_int_equal(d[0], 0x12);
	assert_true(f->c.nmi_masked);

	/* `out 0x70, ax`: index from AL, data from AH */
	d[0] = 0x3d;
	d[1] = 0x21;
	assert_true(bus__access(&f->bus, 0x70, d, 2, true));
	assert_int_equal(cmos__get_byte(&f->c, 0x3d), 0x21);
	/* `in ax, 0x70`: 0xff from the index port, then the data */
	memset(d, 0, sizeof(d));
	assert_true(bus__access(&f->bus, 0x70, d, 2, false));
	assert_int_equal(d[0], 0xff);
	assert_int_equal(d[1], 0x21);
	assert_int_equal(f->bus.unclaimed_reads + f->bus.unclaimed_writes, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_frozen_time_bcd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_masking_and_nmi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_c_read_clears, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_registers_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guest_sets_clock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memory_registers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checksum, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_get_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_ports, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
