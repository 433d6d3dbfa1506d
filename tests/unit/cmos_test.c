/* cmos_test.c - unit tests for the MC146818 CMOS/RTC model (harness/hw/cmos.[ch]). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hw/cmos.h"
#include "vmm/bus.h"
#include "vmm/irq.h"
#include "vmm/vclock.h"

#define KIB 1024ull
#define MIB (1024 * KIB)
#define GIB (1024 * MIB)

#define MS 1000000ull
#define SEC 1000000000ull
#define DAY (86400 * SEC)

/* Bits spelled out here so the tests do not share the model's. */
#define A_UIP 0x80
#define B_SET 0x80
#define B_PIE 0x40
#define B_AIE 0x20
#define B_UIE 0x10
#define B_BINARY 0x04
#define B_24H 0x02
#define C_IRQF 0x80
#define C_PF 0x40
#define C_AF 0x20
#define C_UF 0x10

struct fixture {
	struct vclock clock;
	struct cmos c;
	struct bus bus;
	int level;         /* IRQ 8 as last driven */
	unsigned edges;    /* low-to-high transitions: what an edge-triggered PIC counts */
	unsigned sets;     /* every irq__set */
};

static void record_irq(void *opaque, unsigned irq, int level)
{
	struct fixture *f = opaque;

	assert_int_equal(irq, 8);
	assert_true(level == 0 || level == 1);
	if (level && !f->level)
		f->edges++;
	f->level = level;
	f->sets++;
}

static void init_at(struct fixture *f, uint64_t now)
{
	vclock__init(&f->clock);
	f->clock.s.now_ns = now;
	cmos__init(&f->c, &f->clock, (struct irq_line){ record_irq, f, 8 });
	f->level = 0;
	f->edges = f->sets = 0;
}

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));

	if (!f)
		return -1;
	init_at(f, 0);
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

/* Virtual time reaches NOW: what the vclock does at a deadline.  Returns the next one. */
static uint64_t at(struct fixture *f, uint64_t now)
{
	f->clock.s.now_ns = now;
	return cmos__update(&f->c, now);
}

/* The guest's accesses happen at NOW, with no update from the clock before. */
static void guest_at(struct fixture *f, uint64_t now)
{
	f->clock.s.now_ns = now;
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

/* The date and time registers, in the order of struct when below. */
static const uint8_t time_regs[] = { 0x32, 0x09, 0x08, 0x07, 0x06, 0x04, 0x02, 0x00 };
#define NR_TIME_REGS (sizeof(time_regs) / sizeof(time_regs[0]))

struct when {
	uint8_t century, year, month, day, dow, hours, minutes, seconds;
};

static void set_when(struct cmos *c, struct when w)
{
	const uint8_t v[NR_TIME_REGS] = { w.century, w.year, w.month, w.day,
					   w.dow,     w.hours, w.minutes, w.seconds };

	for (size_t i = 0; i < NR_TIME_REGS; i++)
		cmos__set_byte(c, time_regs[i], v[i]);
}

static void assert_when(const struct cmos *c, struct when w, const char *what)
{
	const uint8_t v[NR_TIME_REGS] = { w.century, w.year, w.month, w.day,
					   w.dow,     w.hours, w.minutes, w.seconds };
	uint8_t got[NR_TIME_REGS];

	for (size_t i = 0; i < NR_TIME_REGS; i++)
		got[i] = cmos__get_byte(c, time_regs[i]);
	if (memcmp(got, v, sizeof(v)))
		fail_msg("%s: %02x%02x-%02x-%02x (dow %x) %02x:%02x:%02x, want "
			 "%02x%02x-%02x-%02x (dow %x) %02x:%02x:%02x",
			 what, got[0], got[1], got[2], got[3], got[4], got[5], got[6], got[7],
			 v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
}

static const struct when noon_bcd = { 0x20, 0x25, 0x01, 0x01, 0x04, 0x12, 0x00, 0x00 };

/* ---- registers as the machine and the guest see them ---- */

static void test_power_on_registers(void **state)
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

	assert_int_equal(f->c.s.version, CMOS_STATE_VERSION);
	/* time stands still while virtual time does: every pass reads the same */
	for (int pass = 0; pass < 3; pass++) {
		for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
			uint8_t v = rd(&f->c, regs[i].reg);

			if (v != regs[i].value)
				fail_msg("pass %d: %s (0x%02x) = 0x%02x, want 0x%02x", pass,
					 regs[i].what, regs[i].reg, v, regs[i].value);
		}
	}
	/* the same at any virtual time: the phase starts at init */
	init_at(f, 123456789 * SEC + 987654321);
	assert_when(&f->c, noon_bcd, "init late");
	guest_at(f, 123456789 * SEC + 987654321 + SEC - 1);
	assert_int_equal(rd(&f->c, 0x00), 0x00);
	guest_at(f, 123456789 * SEC + 987654321 + SEC);
	assert_int_equal(rd(&f->c, 0x00), 0x01);
	assert_int_equal(f->sets, 0);
}

static void test_index_masking_and_nmi(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;

	/* bit 7 of the index is the NMI mask, not part of the register number */
	assert_int_equal(rd(c, 0x80 | 0x09), 0x25);
	assert_true(c->s.nmi_masked);
	assert_int_equal(c->s.index, 0x09);
	assert_int_equal(rd(c, 0x09), 0x25);
	assert_false(c->s.nmi_masked);
	assert_int_equal(rd(c, 0x80 | 0x32), 0x20);
	assert_int_equal(rd(c, 0x80 | 0x04), 0x12);

	/* every index stays inside the 128 bytes */
	cmos__set_byte(c, 0x7f, 0xa5);
	assert_int_equal(rd(c, 0xff), 0xa5);
	assert_int_equal(c->s.index, 0x7f);
	wr(c, 0xff, 0x5a);
	assert_int_equal(cmos__get_byte(c, 0x7f), 0x5a);

	/* the index port is write-only */
	assert_int_equal(cmos__io(c, 0x70, 0, false), 0xff);
	assert_int_equal(c->s.index, 0x7f); /* and reading it changes nothing */
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
	assert_int_equal(f->edges, 0);
}

static void test_status_registers_writes(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;

	/* A: bit 7 (update in progress) is read-only, and clear far from an update */
	wr(c, 0x0a, 0xa6);
	assert_int_equal(rd(c, 0x0a), 0x26);
	assert_int_equal(cmos__get_byte(c, 0x0a), 0x26);
	wr(c, 0x0a, 0xff);
	assert_int_equal(rd(c, 0x0a), 0x7f);
	cmos__set_byte(c, 0x0a, 0x80);
	assert_int_equal(rd(c, 0x0a), 0x00);

	/* B is the guest's */
	wr(c, 0x0b, 0x06);
	assert_int_equal(rd(c, 0x0b), 0x06);

	/* C and D are read-only; D says RAM and time are valid */
	wr(c, 0x0c, 0xff);
	assert_int_equal(rd(c, 0x0c), 0x00);
	wr(c, 0x0d, 0x00);
	assert_int_equal(rd(c, 0x0d), 0x80);
	guest_at(f, 5 * SEC);
	assert_int_equal(rd(c, 0x0d), 0x80);
	assert_int_equal(f->edges, 0);
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
	/* and the clock runs on from there: Saturday 1999-12-31 23:30:59 */
	guest_at(f, SEC);
	assert_int_equal(rd(c, 0x00), 0x00);
	assert_int_equal(rd(c, 0x02), 0x31);
	assert_int_equal(rd(c, 0x04), 0x23);
	guest_at(f, (29 * 60 + 1) * SEC);
	rd(c, 0x00);
	assert_when(c, (struct when){ 0x20, 0x00, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00 },
		    "into 2000");
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

		init_at(f, 0);
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

	/* time passing touches no NVRAM byte */
	at(f, 3 * DAY);
	assert_int_equal(stored_checksum(c), 0x032e);
	assert_int_equal(rd(c, 0x12), 0xf0);
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

	/* neither brings the time up to date */
	f->clock.s.now_ns = 10 * SEC;
	assert_int_equal(cmos__get_byte(c, 0x00), 0x00);
	cmos__set_byte(c, 0x00, 0x30);
	assert_int_equal(cmos__get_byte(c, 0x00), 0x30);
	assert_int_equal(cmos__get_byte(c, 0x0c), 0x00);
	/* the guest's read does: 10 s from the byte the machine set */
	assert_int_equal(rd(c, 0x00), 0x40);
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
	assert_int_equal(f->clock.nr_src, 0); /* the clock source is the caller's to add */

	/* byte accesses through the bus */
	d[0] = 0x80 | 0x04;
	assert_true(bus__access(&f->bus, 0x70, d, 1, true));
	assert_true(bus__access(&f->bus, 0x71, d, 1, false));
	assert_int_equal(d[0], 0x12);
	assert_true(f->c.s.nmi_masked);

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

/* ---- the clock ---- */

static void test_seconds_advance(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;

	/* no interrupt enabled: nothing to wake the clock for */
	assert_int_equal(at(f, 0), VCLOCK_NEVER);
	assert_int_equal(at(f, SEC - 1), VCLOCK_NEVER);
	assert_int_equal(rd(c, 0x00), 0x00);
	assert_int_equal(at(f, SEC), VCLOCK_NEVER);
	assert_int_equal(rd(c, 0x00), 0x01);
	assert_when(c, (struct when){ 0x20, 0x25, 0x01, 0x01, 0x04, 0x12, 0x00, 0x01 }, "+1 s");
	/* update-ended and periodic flags, but no interrupt */
	assert_int_equal(rd(c, 0x0c), C_PF | C_UF);
	assert_int_equal(rd(c, 0x0c), 0x00);
	/* reads by the guest alone bring the time up to date */
	guest_at(f, 61 * SEC + 999 * MS);
	assert_int_equal(rd(c, 0x00), 0x01);
	assert_int_equal(rd(c, 0x02), 0x01);
	assert_int_equal(f->sets, 0);
}

static void test_calendar_carries(void **state)
{
	struct fixture *f = *state;
	static const struct {
		struct when from, to;
		const char *what;
	} cases[] = {
		{ { 0x20, 0x25, 0x01, 0x01, 0x04, 0x12, 0x00, 0x59 },
		  { 0x20, 0x25, 0x01, 0x01, 0x04, 0x12, 0x01, 0x00 }, "minute" },
		{ { 0x20, 0x25, 0x01, 0x01, 0x04, 0x12, 0x59, 0x59 },
		  { 0x20, 0x25, 0x01, 0x01, 0x04, 0x13, 0x00, 0x00 }, "hour" },
		{ { 0x20, 0x25, 0x01, 0x01, 0x04, 0x23, 0x59, 0x59 },
		  { 0x20, 0x25, 0x01, 0x02, 0x05, 0x00, 0x00, 0x00 }, "day" },
		{ { 0x20, 0x25, 0x01, 0x04, 0x07, 0x23, 0x59, 0x59 },
		  { 0x20, 0x25, 0x01, 0x05, 0x01, 0x00, 0x00, 0x00 }, "Saturday to Sunday" },
		{ { 0x20, 0x25, 0x01, 0x31, 0x06, 0x23, 0x59, 0x59 },
		  { 0x20, 0x25, 0x02, 0x01, 0x07, 0x00, 0x00, 0x00 }, "January" },
		{ { 0x20, 0x25, 0x04, 0x30, 0x04, 0x23, 0x59, 0x59 },
		  { 0x20, 0x25, 0x05, 0x01, 0x05, 0x00, 0x00, 0x00 }, "April" },
		{ { 0x20, 0x25, 0x02, 0x28, 0x06, 0x23, 0x59, 0x59 },
		  { 0x20, 0x25, 0x03, 0x01, 0x07, 0x00, 0x00, 0x00 }, "February 2025" },
		{ { 0x20, 0x28, 0x02, 0x28, 0x02, 0x23, 0x59, 0x59 },
		  { 0x20, 0x28, 0x02, 0x29, 0x03, 0x00, 0x00, 0x00 }, "February 28, 2028" },
		{ { 0x20, 0x28, 0x02, 0x29, 0x03, 0x23, 0x59, 0x59 },
		  { 0x20, 0x28, 0x03, 0x01, 0x04, 0x00, 0x00, 0x00 }, "February 29, 2028" },
		{ { 0x20, 0x00, 0x02, 0x28, 0x02, 0x23, 0x59, 0x59 },
		  { 0x20, 0x00, 0x02, 0x29, 0x03, 0x00, 0x00, 0x00 }, "2000 is a leap year" },
		{ { 0x21, 0x00, 0x02, 0x28, 0x01, 0x23, 0x59, 0x59 },
		  { 0x21, 0x00, 0x03, 0x01, 0x02, 0x00, 0x00, 0x00 }, "2100 is not" },
		{ { 0x20, 0x25, 0x12, 0x31, 0x04, 0x23, 0x59, 0x59 },
		  { 0x20, 0x26, 0x01, 0x01, 0x05, 0x00, 0x00, 0x00 }, "year" },
		{ { 0x20, 0x99, 0x12, 0x31, 0x05, 0x23, 0x59, 0x59 },
		  { 0x21, 0x00, 0x01, 0x01, 0x06, 0x00, 0x00, 0x00 }, "century" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		init_at(f, 0);
		set_when(&f->c, cases[i].from);
		at(f, SEC - 1);
		assert_when(&f->c, cases[i].from, cases[i].what);
		at(f, SEC);
		assert_when(&f->c, cases[i].to, cases[i].what);
	}
}

static void test_12_hour_mode(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;
	static const struct {
		uint8_t from, to, day;
	} steps[] = {
		/* BCD: bit 7 is PM; 12 PM is noon, 12 AM midnight */
		{ 0x11, 0x92, 0x01 }, /* 11:59:59 AM to noon */
		{ 0x92, 0x81, 0x01 }, /* 12:59:59 PM to 1 PM */
		{ 0x89, 0x90, 0x01 }, /* 9 PM to 10 PM: a BCD carry under the PM bit */
		{ 0x91, 0x12, 0x02 }, /* 11:59:59 PM to midnight, the next day */
		{ 0x12, 0x01, 0x01 }, /* 12:59:59 AM to 1 AM */
	};

	wr(c, 0x0b, 0x00); /* 12-hour BCD */
	cmos__set_time(c, 0);
	assert_int_equal(rd(c, 0x04), 0x92); /* noon is 12 PM */
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		init_at(f, 0);
		wr(c, 0x0b, 0x00);
		set_when(c, (struct when){ 0x20, 0x25, 0x01, 0x01, 0x04, steps[i].from, 0x59, 0x59 });
		at(f, SEC);
		assert_when(c, (struct when){ 0x20, 0x25, 0x01, steps[i].day,
					      (uint8_t)(0x03 + steps[i].day), steps[i].to, 0x00, 0x00 },
			    "12-hour step");
	}
	/* binary 12-hour: noon is 0x8c, 11 PM 0x8b, midnight 12 */
	init_at(f, 0);
	wr(c, 0x0b, B_BINARY);
	cmos__set_time(c, 0);
	assert_int_equal(rd(c, 0x04), 0x8c);
	at(f, 11 * 3600 * SEC);
	assert_int_equal(rd(c, 0x04), 0x8b);
	at(f, 12 * 3600 * SEC);
	assert_int_equal(rd(c, 0x04), 12);
	assert_int_equal(rd(c, 0x07), 2);
}

static void test_binary_mode(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;

	wr(c, 0x0b, B_BINARY | B_24H);
	cmos__set_time(c, 0);
	assert_when(c, (struct when){ 20, 25, 1, 1, 4, 12, 0, 0 }, "binary noon");
	/* one day, one hour, one minute and one second later */
	at(f, (86400 + 3600 + 60 + 1) * SEC);
	assert_when(c, (struct when){ 20, 25, 1, 2, 5, 13, 1, 1 }, "binary +1d1h1m1s");
	/* 2099-12-31 23:59:59 to the next century */
	set_when(c, (struct when){ 20, 99, 12, 31, 5, 23, 59, 59 });
	at(f, (86400 + 3600 + 60 + 2) * SEC);
	assert_when(c, (struct when){ 21, 0, 1, 1, 6, 0, 0, 0 }, "binary century");
}

static void start_from(struct fixture *f, uint8_t b, struct when from, uint8_t alarm_h,
		       uint8_t alarm_m, uint8_t alarm_s)
{
	init_at(f, 0);
	wr(&f->c, 0x0a, 0x20); /* no periodic flag, so that C shows UF and AF alone */
	wr(&f->c, 0x0b, b);
	set_when(&f->c, from);
	cmos__set_byte(&f->c, 0x05, alarm_h);
	cmos__set_byte(&f->c, 0x03, alarm_m);
	cmos__set_byte(&f->c, 0x01, alarm_s);
}

/* Two clocks from the same registers: one jumps SECS at once, the other steps second by second. */
static void check_jump_equals_steps(struct fixture *f, uint8_t b, struct when from,
				    uint8_t alarm_h, uint8_t alarm_m, uint8_t alarm_s,
				    uint64_t secs, const char *what)
{
	static struct fixture step; /* too big for a test's stack */

	start_from(f, b, from, alarm_h, alarm_m, alarm_s);
	start_from(&step, b, from, alarm_h, alarm_m, alarm_s);
	at(f, secs * SEC + 500 * MS);
	for (uint64_t t = 1; t <= secs; t++)
		at(&step, t * SEC);
	at(&step, secs * SEC + 500 * MS);
	for (size_t i = 0; i < CMOS_SIZE; i++) {
		uint8_t jumped = cmos__get_byte(&f->c, (uint8_t)i);
		uint8_t stepped = cmos__get_byte(&step.c, (uint8_t)i);

		if (jumped != stepped)
			fail_msg("%s: register 0x%02zx is 0x%02x after one jump, 0x%02x stepped",
				 what, i, jumped, stepped);
	}
	assert_int_equal(f->edges, step.edges);
}

static void test_jump_equals_stepping(void **state)
{
	struct fixture *f = *state;
	const uint64_t secs = 3 * 86400 + 5 * 3600 + 17 * 60 + 13;
	const struct when from = { 0x20, 0x28, 0x02, 0x27, 0x01, 0x22, 0x33, 0x44 };

	/* across Feb 29 2028 into March; an alarm that matched once, at 03:02:01 */
	check_jump_equals_steps(f, B_24H, from, 0x03, 0x02, 0x01, secs, "BCD alarm hit");
	assert_int_equal(cmos__get_byte(&f->c, 0x0c), C_AF | C_UF);
	assert_when(&f->c, (struct when){ 0x20, 0x28, 0x03, 0x02, 0x05, 0x03, 0x50, 0x57 },
		    "after the jump");
	/* an alarm hour no clock reaches (24), and one in a 12-hour clock's PM */
	check_jump_equals_steps(f, B_24H, from, 0x24, 0xc0, 0xc0, secs, "no such hour");
	assert_int_equal(cmos__get_byte(&f->c, 0x0c), C_UF);
	check_jump_equals_steps(f, B_AIE, (struct when){ 0x20, 0x28, 0x02, 0x27, 0x01, 0x90,
							  0x33, 0x44 },
				0x87, 0xff, 0x30, secs, "12-hour PM alarm");
	assert_int_equal(cmos__get_byte(&f->c, 0x0c), C_IRQF | C_AF | C_UF);
	assert_int_equal(f->edges, 1);
	/* binary, less than a day across midnight into 2100: the range's ends */
	static const struct {
		uint8_t h, m, s, c;
	} ends[] = {
		{ 4, 17, 13, C_AF | C_UF }, /* the last second */
		{ 4, 17, 14, C_UF },        /* one too late */
		{ 23, 0, 1, C_AF | C_UF },  /* the first update */
		{ 23, 0, 0, C_UF },         /* the time before it */
		{ 0, 0, 0, C_AF | C_UF },   /* midnight */
		{ 12, 0xc0, 0xc0, C_UF },   /* an hour the range misses */
	};
	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		check_jump_equals_steps(f, B_BINARY | B_24H,
					(struct when){ 20, 99, 12, 31, 5, 23, 0, 0 }, ends[i].h,
					ends[i].m, ends[i].s, 5 * 3600 + 17 * 60 + 13, "binary");
		assert_when(&f->c, (struct when){ 21, 0, 1, 1, 6, 4, 17, 13 }, "binary end");
		if (cmos__get_byte(&f->c, 0x0c) != ends[i].c)
			fail_msg("alarm %u:%u:%u: C 0x%02x, want 0x%02x", ends[i].h, ends[i].m,
				 ends[i].s, cmos__get_byte(&f->c, 0x0c), ends[i].c);
	}
}

static void test_long_jump(void **state)
{
	struct fixture *f = *state;

	/* ten years and a bit in one update, leap days included */
	at(f, (3652ull * 86400 + 1) * SEC);
	assert_when(&f->c, (struct when){ 0x20, 0x35, 0x01, 0x01, 0x02, 0x12, 0x00, 0x01 },
		    "2035-01-01 (Monday)");
}

static void test_uip_window(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;

	guest_at(f, SEC - 245 * 1000);
	assert_int_equal(rd(c, 0x0a), 0x26);
	guest_at(f, SEC - 244 * 1000);
	assert_int_equal(rd(c, 0x0a), A_UIP | 0x26);
	assert_int_equal(rd(c, 0x00), 0x00); /* the update has not happened yet */
	guest_at(f, SEC - 1);
	assert_int_equal(rd(c, 0x0a), A_UIP | 0x26);
	guest_at(f, SEC);
	assert_int_equal(rd(c, 0x0a), 0x26);
	assert_int_equal(rd(c, 0x00), 0x01);
	guest_at(f, 2 * SEC - 100 * 1000);
	assert_int_equal(rd(c, 0x0a), A_UIP | 0x26);
	/* the guest cannot set it */
	guest_at(f, 2 * SEC + 100 * MS);
	wr(c, 0x0a, A_UIP | 0x26);
	assert_int_equal(rd(c, 0x0a), 0x26);
	/* no updates while SET is on or the divider is in reset: UIP stays clear */
	wr(c, 0x0b, B_SET | B_24H);
	guest_at(f, 3 * SEC - 100 * 1000);
	assert_int_equal(rd(c, 0x0a), 0x26);
	wr(c, 0x0b, B_24H);
	assert_int_equal(rd(c, 0x0a), A_UIP | 0x26);
	wr(c, 0x0a, 0x66);
	assert_int_equal(rd(c, 0x0a), 0x66);
}

/* ---- interrupts ---- */

/*
 * A guest's interrupt handler at rate RS with PIE on: the clock wakes at each
 * deadline, the handler reads C.  Returns the edges seen in one second.
 */
static unsigned periodic_second(struct fixture *f, uint8_t rs, uint64_t hz)
{
	uint64_t next;
	uint64_t k = 0;

	init_at(f, 0);
	wr(&f->c, 0x0a, (uint8_t)(0x20 | rs));
	wr(&f->c, 0x0b, B_PIE | B_24H);
	next = at(f, 0);
	while (next <= SEC) {
		uint64_t t = next;

		k++;
		/* the k-th period ends at the first whole ns from k / hz s on */
		assert_int_equal(t, (k * SEC + hz - 1) / hz);
		next = at(f, t);
		assert_true(next > t);
		assert_int_equal(f->level, 1);
		/* the last period ends with the second: the update flag too */
		assert_int_equal(rd(&f->c, 0x0c), C_IRQF | C_PF | (t == SEC ? C_UF : 0));
		assert_int_equal(f->level, 0);
	}
	assert_int_equal(k, hz);
	return f->edges;
}

static void test_periodic_rates(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(periodic_second(f, 6, 1024), 1024);
	assert_int_equal(periodic_second(f, 15, 2), 2);
	assert_int_equal(periodic_second(f, 1, 256), 256);
	assert_int_equal(periodic_second(f, 2, 128), 128);
	assert_int_equal(periodic_second(f, 3, 8192), 8192);
	assert_int_equal(periodic_second(f, 7, 512), 512);

	/* rate 0: no periodic interrupt even with PIE */
	init_at(f, 0);
	wr(&f->c, 0x0a, 0x20);
	wr(&f->c, 0x0b, B_PIE | B_24H);
	assert_int_equal(at(f, 0), VCLOCK_NEVER);
	at(f, 2 * SEC);
	assert_int_equal(rd(&f->c, 0x0c), C_UF);
	assert_int_equal(f->edges, 0);
}

static void test_periodic_flag_without_pie(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;

	wr(c, 0x0a, 0x26);
	assert_int_equal(at(f, 0), VCLOCK_NEVER);
	/* 1024 Hz: the first period ends after 976563 ns */
	assert_int_equal(at(f, 976562), VCLOCK_NEVER);
	assert_int_equal(cmos__get_byte(c, 0x0c), 0x00);
	assert_int_equal(at(f, 976563), VCLOCK_NEVER);
	assert_int_equal(rd(c, 0x0c), C_PF);
	assert_int_equal(rd(c, 0x0c), 0x00);
	guest_at(f, 10 * MS);
	assert_int_equal(rd(c, 0x0c), C_PF);
	assert_int_equal(f->sets, 0);

	/* enabling PIE with PF pending interrupts at once */
	guest_at(f, 20 * MS);
	wr(c, 0x0b, B_PIE | B_24H);
	assert_int_equal(f->edges, 1);
	assert_int_equal(cmos__get_byte(c, 0x0c), C_IRQF | C_PF);
	/* and disabling it takes IRQF (and the line) back down */
	wr(c, 0x0b, B_24H);
	assert_int_equal(f->level, 0);
	assert_int_equal(rd(c, 0x0c), C_PF);
}

static void test_update_interrupt(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;

	wr(c, 0x0a, 0x20); /* no periodic flag, to see UF alone */
	guest_at(f, 300 * MS);
	wr(c, 0x0b, B_UIE | B_24H);
	assert_int_equal(f->clock.next_ns, 300 * MS); /* the clock asks for a new deadline */
	assert_int_equal(at(f, 300 * MS), SEC);
	assert_int_equal(at(f, SEC - 1), SEC);
	assert_int_equal(f->edges, 0);
	assert_int_equal(at(f, SEC), 2 * SEC);
	assert_int_equal(f->edges, 1);
	assert_int_equal(f->level, 1);
	assert_int_equal(rd(c, 0x00), 0x01);
	assert_int_equal(rd(c, 0x0c), C_IRQF | C_UF);
	assert_int_equal(f->level, 0);
	assert_int_equal(rd(c, 0x0c), 0x00);
	assert_int_equal(at(f, 2 * SEC), 3 * SEC);
	assert_int_equal(f->edges, 2);
}

static void test_irq_stays_high(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;
	uint64_t next;

	/* periodic and update interrupts, and a handler that never reads C */
	wr(c, 0x0b, B_PIE | B_UIE | B_24H);
	next = at(f, 0);
	for (int i = 0; i < 2000; i++)
		next = at(f, next);
	assert_true(f->clock.s.now_ns > SEC);
	/* one edge: the fresh flags found IRQF set and the line already high */
	assert_int_equal(f->edges, 1);
	assert_int_equal(f->sets, 1);
	assert_int_equal(f->level, 1);
	assert_int_equal(rd(c, 0x0c), C_IRQF | C_PF | C_UF);
	assert_int_equal(f->level, 0);
	assert_int_equal(f->sets, 2);
	/* the next flag is a new edge */
	at(f, next);
	assert_int_equal(f->edges, 2);
}

static void test_alarm(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;

	wr(c, 0x0a, 0x20);
	wr(c, 0x01, 0x05);
	wr(c, 0x03, 0x00);
	wr(c, 0x05, 0x12);
	wr(c, 0x0b, B_AIE | B_24H);
	/* AIE: the clock wakes each second to compare */
	assert_int_equal(at(f, 0), SEC);
	at(f, 4 * SEC);
	assert_int_equal(f->edges, 0);
	assert_int_equal(rd(c, 0x0c), C_UF);
	at(f, 5 * SEC);
	assert_int_equal(f->edges, 1);
	assert_int_equal(rd(c, 0x0c), C_IRQF | C_AF | C_UF);
	at(f, 6 * SEC);
	assert_int_equal(rd(c, 0x0c), C_UF);

	/* don't-care bytes (0xc0-0xff) match anything: every second */
	wr(c, 0x01, 0xff);
	wr(c, 0x03, 0xc0);
	wr(c, 0x05, 0xd5);
	for (uint64_t t = 7; t < 10; t++) {
		at(f, t * SEC);
		assert_int_equal(rd(c, 0x0c), C_IRQF | C_AF | C_UF);
	}
	assert_int_equal(f->edges, 4);

	/* a minute alarm, any hour: 12:01:00, found in a jump over it */
	wr(c, 0x01, 0x00);
	wr(c, 0x03, 0x01);
	wr(c, 0x05, 0xc0);
	at(f, 59 * SEC);
	assert_int_equal(rd(c, 0x0c), C_UF);
	at(f, 100 * SEC);
	assert_int_equal(rd(c, 0x0c), C_IRQF | C_AF | C_UF);
	/* the next match is 13:01:00; AF without AIE raises nothing */
	wr(c, 0x0b, B_24H);
	at(f, 3660 * SEC);
	assert_int_equal(rd(c, 0x0c), C_AF | C_UF);
	assert_int_equal(f->edges, 5);
	/* alarm bytes that are no valid BCD never match */
	wr(c, 0x01, 0x0a);
	wr(c, 0x03, 0xc0);
	at(f, 3660 * SEC + 2 * DAY);
	assert_int_equal(rd(c, 0x0c), C_UF);
}

static void test_set_bit(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;

	wr(c, 0x0b, B_UIE | B_24H);
	at(f, 100 * MS);
	/* SET clears UIE and stops the updates; the periodic flag goes on */
	wr(c, 0x0b, B_SET | B_UIE | B_24H);
	assert_int_equal(rd(c, 0x0b), B_SET | B_24H);
	assert_int_equal(f->clock.next_ns, 100 * MS);
	assert_int_equal(at(f, 100 * MS), VCLOCK_NEVER);
	at(f, 5 * SEC);
	assert_int_equal(rd(c, 0x00), 0x00);
	assert_int_equal(rd(c, 0x0c), C_PF);
	/* the guest sets 2025-12-31 23:59:58 and lets the clock run at 5.3 s */
	wr(c, 0x00, 0x58);
	wr(c, 0x02, 0x59);
	wr(c, 0x04, 0x23);
	wr(c, 0x07, 0x31);
	wr(c, 0x08, 0x12);
	at(f, 5300 * MS);
	assert_int_equal(rd(c, 0x00), 0x58);
	wr(c, 0x0b, B_UIE | B_24H);
	/* the divider ran on: the next update is at the next whole second */
	assert_int_equal(at(f, 5300 * MS), 6 * SEC);
	at(f, 6 * SEC - 1);
	assert_int_equal(rd(c, 0x00), 0x58);
	at(f, 6 * SEC);
	assert_int_equal(rd(c, 0x00), 0x59);
	at(f, 7 * SEC);
	assert_when(c, (struct when){ 0x20, 0x26, 0x01, 0x01, 0x05, 0x00, 0x00, 0x00 },
		    "2026 after SET");
	assert_int_equal(f->edges, 1);
}

static void test_divider_reset(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;

	wr(c, 0x0b, B_PIE | B_UIE | B_24H);
	assert_int_equal(at(f, 0), 976563);
	/* 11x holds the divider: no updates, no ticks, no deadlines */
	guest_at(f, 200 * MS);
	wr(c, 0x0a, 0x76);
	rd(c, 0x0c);
	assert_int_equal(f->level, 0);
	assert_int_equal(at(f, 200 * MS), VCLOCK_NEVER);
	at(f, 5 * SEC);
	assert_int_equal(rd(c, 0x0a), 0x76);
	assert_int_equal(rd(c, 0x00), 0x00);
	assert_int_equal(rd(c, 0x0c), 0x00);
	/* 010 at 5.3 s: the first update half a second later, ticks from 5.3 s */
	guest_at(f, 5300 * MS);
	wr(c, 0x0a, 0x26);
	assert_int_equal(f->clock.next_ns, 5300 * MS);
	assert_int_equal(at(f, 5300 * MS), 5300 * MS + 976563);
	guest_at(f, 5800 * MS - 100 * 1000);
	assert_int_equal(rd(c, 0x0a), A_UIP | 0x26);
	at(f, 5800 * MS - 1);
	assert_int_equal(rd(c, 0x00), 0x00);
	at(f, 5800 * MS);
	assert_int_equal(rd(c, 0x00), 0x01);
	at(f, 6800 * MS - 1);
	assert_int_equal(rd(c, 0x00), 0x01);
	at(f, 6800 * MS);
	assert_int_equal(rd(c, 0x00), 0x02);
	/* writing 010 while it runs restarts nothing */
	wr(c, 0x0a, 0x26);
	at(f, 7800 * MS);
	assert_int_equal(rd(c, 0x00), 0x03);

	/* leaving reset in the first half second of virtual time */
	init_at(f, 0);
	wr(c, 0x0a, 0x66);
	guest_at(f, 100 * MS);
	wr(c, 0x0a, 0x26);
	wr(c, 0x0b, B_UIE | B_24H);
	assert_int_equal(at(f, 100 * MS), 600 * MS);
	at(f, 600 * MS);
	assert_int_equal(rd(c, 0x00), 0x01);
	assert_int_equal(at(f, 600 * MS), 1600 * MS);
}

static void test_set_time(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;
	const uint64_t t0 = 3 * 3600 * SEC + 700 * MS; /* POST took a while */

	/* the clock ran and an interrupt is pending when the guest gets control */
	wr(c, 0x0b, B_PIE | B_UIE | B_24H);
	at(f, t0);
	assert_int_equal(f->level, 1);
	assert_int_equal(rd(c, 0x04), 0x15);
	cmos__set_time(c, t0);
	assert_int_equal(f->level, 0);
	assert_int_equal(cmos__get_byte(c, 0x0c), 0x00);
	assert_int_equal(f->clock.next_ns, t0);
	assert_when(c, noon_bcd, "set_time BCD");
	assert_int_equal(rd(c, 0x0c), 0x00);
	/* the periodic phase and the next update count from t0 */
	assert_int_equal(at(f, t0), t0 + 976563);
	at(f, t0 + SEC - 1);
	assert_int_equal(rd(c, 0x00), 0x00);
	at(f, t0 + SEC);
	assert_int_equal(rd(c, 0x00), 0x01);

	/* in binary, and in 12-hour binary */
	init_at(f, 0);
	wr(c, 0x0b, B_BINARY | B_24H);
	cmos__set_time(c, 42 * SEC + 1);
	assert_when(c, (struct when){ 20, 25, 1, 1, 4, 12, 0, 0 }, "set_time binary");
	wr(c, 0x0b, B_BINARY);
	cmos__set_time(c, 42 * SEC + 1);
	assert_when(c, (struct when){ 20, 25, 1, 1, 4, 0x8c, 0, 0 }, "set_time binary 12 h");
	at(f, 43 * SEC);
	assert_int_equal(rd(c, 0x00), 0);
	at(f, 43 * SEC + 1);
	assert_int_equal(rd(c, 0x00), 1);
}

static void test_bad_bcd(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;
	static const uint8_t junk[] = { 0xff, 0xaa, 0x7f, 0x00, 0x99, 0xfa };

	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		init_at(f, 0);
		wr(c, 0x0b, B_SET | B_AIE | B_24H);
		for (uint8_t r = 0; r <= 0x09; r++)
			wr(c, r, junk[i]);
		wr(c, 0x32, junk[i]);
		wr(c, 0x0b, B_AIE | B_24H);
		/* one second, then days at once: some time, no fault, no hang */
		at(f, SEC);
		at(f, 40 * DAY);
		for (uint8_t r = 0; r <= 0x08; r += 2) {
			uint8_t v = rd(c, r == 6 ? 9 : r);

			assert_true((v & 0x0f) <= 9 && (v >> 4) <= 9);
		}
		assert_in_range(rd(c, 0x08), 0x01, 0x12);
		assert_in_range(rd(c, 0x06), 0x01, 0x07);
		rd(c, 0x0c);
	}
}

/* ---- with the real clock ---- */

static void test_vclock_source(void **state)
{
	struct fixture *f = *state;
	struct cmos *c = &f->c;

	assert_int_equal(vclock__add_source(&f->clock, cmos__update, c), 0);
	assert_int_equal(vclock__run_due(&f->clock), VCLOCK_NEVER);
	wr(c, 0x0b, B_UIE | B_24H);
	assert_int_equal(vclock__run_due(&f->clock), SEC);
	/* the guest halts: time jumps to the update, which interrupts */
	assert_int_equal(vclock__jump(&f->clock, SEC), SEC);
	assert_int_equal(f->edges, 1);
	assert_int_equal(f->clock.next_ns, 2 * SEC);
	assert_int_equal(rd(c, 0x0c), C_IRQF | C_PF | C_UF);
	/* 2 Hz periodic as well: the deadline moves closer */
	wr(c, 0x0a, 0x2f);
	wr(c, 0x0b, B_PIE | B_UIE | B_24H);
	assert_int_equal(vclock__run_due(&f->clock), 1500 * MS);
	vclock__jump(&f->clock, 1500 * MS);
	assert_int_equal(f->edges, 2);
	assert_int_equal(rd(c, 0x0c), C_IRQF | C_PF);
	assert_int_equal(f->clock.next_ns, 2 * SEC);
	vclock__jump(&f->clock, 2 * SEC);
	assert_int_equal(rd(c, 0x0c), C_IRQF | C_PF | C_UF);
	assert_int_equal(rd(c, 0x00), 0x02);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_power_on_registers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_masking_and_nmi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_c_read_clears, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_registers_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guest_sets_clock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memory_registers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checksum, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_get_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_ports, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seconds_advance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calendar_carries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_12_hour_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binary_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jump_equals_stepping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_jump, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uip_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_periodic_rates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_periodic_flag_without_pie, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_interrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_irq_stays_high, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alarm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_bit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_divider_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_bcd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vclock_source, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
