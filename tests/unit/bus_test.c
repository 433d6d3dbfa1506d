/* bus_test.c - unit tests for the port I/O / MMIO registration bus (harness/vmm/bus.[ch]). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vmm/bus.h"

/* Every access a fake device sees, in order. */
struct access {
	int dev;
	uint64_t addr;
	uint32_t len;
	bool is_write;
	uint8_t data[8];
};

#define MAX_LOG 64

static struct access log_[MAX_LOG];
static int nr_log;
static struct bus bus;

/* fake devices: the opaque pointer says which one; reads return (addr + i) ^ dev */
static int dev_a = 0xa0, dev_b = 0xb0, dev_c = 0xc0;

static void fake_io(void *opaque, uint64_t addr, uint8_t *data, uint32_t len,
		    bool is_write)
{
	int dev = *(int *)opaque;
	struct access *a;

	assert_true(nr_log < MAX_LOG);
	assert_in_range(len, 1, 8);
	a = &log_[nr_log++];
	a->dev = dev;
	a->addr = addr;
	a->len = len;
	a->is_write = is_write;
	memset(a->data, 0, sizeof(a->data));
	if (is_write) {
		memcpy(a->data, data, len);
	} else {
		for (uint32_t i = 0; i < len; i++)
			data[i] = (uint8_t)((addr + i) ^ (uint64_t)dev);
	}
}

static int setup(void **state)
{
	(void)state;
	bus__init(&bus, "pio");
	memset(log_, 0, sizeof(log_));
	nr_log = 0;
	return 0;
}

static int reg(uint64_t base, uint64_t len, unsigned width, int *dev)
{
	return bus__register(&bus, base, len, width, fake_io, dev, "fake");
}

static void assert_access(int i, int dev, uint64_t addr, uint32_t len, bool is_write)
{
	assert_true(i < nr_log);
	if (log_[i].dev != dev || log_[i].addr != addr || log_[i].len != len ||
	    log_[i].is_write != is_write)
		fail_msg("access %d: dev 0x%x %s 0x%llx/%u, want dev 0x%x %s 0x%llx/%u", i,
			 log_[i].dev, log_[i].is_write ? "write" : "read",
			 (unsigned long long)log_[i].addr, log_[i].len, dev,
			 is_write ? "write" : "read", (unsigned long long)addr, len);
}

static void test_init(void **state)
{
	(void)state;
	memset(&bus, 0x5a, sizeof(bus));
	bus__init(&bus, "mmio");
	assert_string_equal(bus.name, "mmio");
	assert_int_equal(bus.nr, 0);
	assert_int_equal(bus.unclaimed_reads, 0);
	assert_int_equal(bus.unclaimed_writes, 0);
	assert_null(bus.trace);
	assert_null(bus__find(&bus, 0));
	assert_null(bus__find(&bus, 0x3f8));
}

static void test_register_sorted_and_find(void **state)
{
	static const struct {
		uint64_t base, len;
	} ranges[] = {
		{ 0x60, 5 }, { 0x20, 2 }, { 0x3f8, 8 }, { 0x40, 4 }, { 0x0, 1 }, { 0xffff, 1 },
	};
	int devs[6];

	(void)state;
	for (int i = 0; i < 6; i++) {
		devs[i] = i;
		assert_int_equal(reg(ranges[i].base, ranges[i].len, 1, &devs[i]), 0);
	}
	assert_int_equal(bus.nr, 6);
	for (int i = 1; i < bus.nr; i++)
		assert_true(bus.ranges[i - 1].base + bus.ranges[i - 1].len <= bus.ranges[i].base);

	for (int i = 0; i < 6; i++) {
		const struct bus_range *r;

		r = bus__find(&bus, ranges[i].base);
		assert_non_null(r);
		assert_ptr_equal(r->opaque, &devs[i]);
		assert_int_equal(r->base, ranges[i].base);
		assert_int_equal(r->len, ranges[i].len);
		assert_string_equal(r->name, "fake");
		r = bus__find(&bus, ranges[i].base + ranges[i].len - 1);
		assert_non_null(r);
		assert_ptr_equal(r->opaque, &devs[i]);
	}
	static const uint64_t gaps[] = { 1, 0x1f, 0x22, 0x3f, 0x44, 0x5f, 0x65, 0x3f7,
					 0x400, 0xfffe, 0x10000, UINT64_MAX };

	for (size_t i = 0; i < sizeof(gaps) / sizeof(gaps[0]); i++)
		if (bus__find(&bus, gaps[i]))
			fail_msg("0x%llx found in a gap", (unsigned long long)gaps[i]);
}

static void test_find_many_ranges(void **state)
{
	int dev[BUS_MAX_RANGES];
	unsigned order[BUS_MAX_RANGES];

	(void)state;
	/* ranges at 8*i of length 1 + i % 7, registered in a scrambled order */
	for (unsigned i = 0; i < BUS_MAX_RANGES; i++)
		order[i] = (i * 37) % BUS_MAX_RANGES;
	for (unsigned i = 0; i < BUS_MAX_RANGES; i++) {
		unsigned k = order[i];

		dev[k] = (int)k;
		assert_int_equal(reg(8 * k, 1 + k % 7, 1, &dev[k]), 0);
	}
	assert_int_equal(bus.nr, BUS_MAX_RANGES);
	for (uint64_t addr = 0; addr < 8 * BUS_MAX_RANGES + 16; addr++) {
		const struct bus_range *r = bus__find(&bus, addr);
		uint64_t k = addr / 8;
		bool inside = k < BUS_MAX_RANGES && addr % 8 < 1 + k % 7;

		if (inside && (!r || r->opaque != &dev[k]))
			fail_msg("0x%llx: not found in range %llu", (unsigned long long)addr,
				 (unsigned long long)k);
		if (!inside && r)
			fail_msg("0x%llx: found in a gap", (unsigned long long)addr);
	}
}

static void test_register_overlap(void **state)
{
	static const struct {
		uint64_t base, len;
		int want;
	} cases[] = {
		{ 0x100, 0x10, -EEXIST }, /* the same range */
		{ 0x100, 1, -EEXIST },    /* first byte */
		{ 0x10f, 1, -EEXIST },    /* last byte */
		{ 0x108, 2, -EEXIST },    /* inside */
		{ 0xf0, 0x11, -EEXIST },  /* tail overlaps the head */
		{ 0x10f, 0x10, -EEXIST }, /* head overlaps the tail */
		{ 0xf0, 0x40, -EEXIST },  /* covers it */
		{ 0x1f8, 0x10, -EEXIST }, /* the second range */
		{ 0x0, UINT64_MAX, -EEXIST },
		{ 0xf0, 0x10, 0 },        /* ends where it starts */
		{ 0x110, 1, 0 },          /* starts where it ends */
		{ 0x110, 0xf0, 0 },       /* fills the gap exactly */
		{ 0x0, 0x100, 0 },
		{ 0x208, 1, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r;

		setup(NULL);
		assert_int_equal(reg(0x100, 0x10, 1, &dev_a), 0);
		assert_int_equal(reg(0x200, 8, 1, &dev_b), 0);
		r = reg(cases[i].base, cases[i].len, 1, &dev_c);
		if (r != cases[i].want)
			fail_msg("[0x%llx, +0x%llx): %d, want %d",
				 (unsigned long long)cases[i].base,
				 (unsigned long long)cases[i].len, r, cases[i].want);
		assert_int_equal(bus.nr, cases[i].want ? 2 : 3);
		/* a refused range leaves the claimed ones as they were */
		assert_ptr_equal(bus__find(&bus, 0x100)->opaque, &dev_a);
		assert_ptr_equal(bus__find(&bus, 0x207)->opaque, &dev_b);
	}
}

static void test_register_invalid(void **state)
{
	static const struct {
		uint64_t base, len;
		unsigned width;
		bool null_fn;
	} cases[] = {
		{ 0x80, 0, 1, false },              /* empty */
		{ UINT64_MAX - 1, 4, 1, false },    /* wraps */
		{ UINT64_MAX, 2, 1, false },
		{ 0x8000000000000000ULL, 0x8000000000000001ULL, 1, false },
		{ 0x80, 1, 0, false },              /* widths */
		{ 0x80, 1, 3, false },
		{ 0x80, 1, 5, false },
		{ 0x80, 1, 16, false },
		{ 0x80, 1, 1, true },               /* no handler */
	};
	static const unsigned good_widths[] = { 1, 2, 4, 8 };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = bus__register(&bus, cases[i].base, cases[i].len, cases[i].width,
				      cases[i].null_fn ? NULL : fake_io, &dev_a, "bad");

		if (r != -EINVAL)
			fail_msg("case %zu: %d, want -EINVAL", i, r);
	}
	assert_int_equal(bus.nr, 0);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(reg(0x80 + 8 * i, 8, good_widths[i], &dev_a), 0);
	assert_int_equal(bus.nr, 4);
}

static void test_register_full(void **state)
{
	(void)state;
	for (int i = 0; i < BUS_MAX_RANGES; i++)
		assert_int_equal(reg(0x1000 + 2 * (uint64_t)i, 1, 1, &dev_a), 0);
	assert_int_equal(bus.nr, BUS_MAX_RANGES);
	assert_int_equal(reg(0x10, 1, 1, &dev_b), -ENOSPC);
	assert_int_equal(reg(0x9000, 1, 1, &dev_b), -ENOSPC);
	assert_int_equal(bus.nr, BUS_MAX_RANGES);
	assert_null(bus__find(&bus, 0x10));
	assert_non_null(bus__find(&bus, 0x1000 + 2 * (BUS_MAX_RANGES - 1)));
}

static void test_claimed_dispatch(void **state)
{
	uint8_t d[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };

	(void)state;
	assert_int_equal(reg(0x70, 2, 1, &dev_a), 0);
	assert_int_equal(reg(0xfee00000, 0x1000, 4, &dev_b), 0);
	assert_int_equal(reg(0x100000, 0x100, 8, &dev_c), 0);

	assert_true(bus__access(&bus, 0x71, d, 1, true));
	assert_access(0, dev_a, 0x71, 1, true);
	assert_int_equal(log_[0].data[0], 0x11);

	assert_true(bus__access(&bus, 0xfee00300, d, 4, true));
	assert_access(1, dev_b, 0xfee00300, 4, true);
	assert_memory_equal(log_[1].data, d, 4);

	assert_true(bus__access(&bus, 0x100008, d, 8, true));
	assert_access(2, dev_c, 0x100008, 8, true);
	assert_memory_equal(log_[2].data, d, 8);

	memset(d, 0, sizeof(d));
	assert_true(bus__access(&bus, 0xfee00020, d, 4, false));
	assert_access(3, dev_b, 0xfee00020, 4, false);
	assert_int_equal(d[0], 0x20 ^ 0xb0);
	assert_int_equal(d[3], 0x23 ^ 0xb0);
	assert_int_equal(d[4], 0);

	/* narrower than the width: one access as it is */
	assert_true(bus__access(&bus, 0xfee00022, d, 2, false));
	assert_access(4, dev_b, 0xfee00022, 2, false);
	assert_int_equal(nr_log, 5);
	assert_int_equal(bus.unclaimed_reads + bus.unclaimed_writes, 0);
}

static void test_unclaimed_read(void **state)
{
	static const uint32_t lens[] = { 1, 2, 4, 8 };

	(void)state;
	assert_int_equal(reg(0x60, 1, 1, &dev_a), 0);
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		uint8_t d[9];

		memset(d, 0x00, sizeof(d));
		assert_false(bus__access(&bus, 0x80, d, lens[i], false));
		for (uint32_t k = 0; k < lens[i]; k++)
			assert_int_equal(d[k], 0xff);
		assert_int_equal(d[lens[i]], 0x00); /* nothing past LEN */
		assert_int_equal(bus.unclaimed_reads, i + 1);
	}
	assert_int_equal(bus.unclaimed_writes, 0);
	assert_int_equal(nr_log, 0);
}

static void test_unclaimed_write(void **state)
{
	uint8_t d[4] = { 1, 2, 3, 4 };

	(void)state;
	assert_int_equal(reg(0x60, 1, 1, &dev_a), 0);
	assert_false(bus__access(&bus, 0x61, d, 1, true));
	assert_false(bus__access(&bus, 0x5f, d, 2, true));
	assert_false(bus__access(&bus, 0x1000, d, 4, true));
	assert_int_equal(bus.unclaimed_writes, 3);
	assert_int_equal(bus.unclaimed_reads, 0);
	assert_memory_equal(d, ((uint8_t[]){ 1, 2, 3, 4 }), 4);
	assert_int_equal(nr_log, 0);
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		if (*s == '\n')
			n++;
	return n;
}

static void test_trace_unclaimed(void **state)
{
	char *text = NULL;
	size_t size = 0;
	uint8_t d[4];
	FILE *f = open_memstream(&text, &size);

	(void)state;
	assert_non_null(f);
	assert_int_equal(reg(0x60, 1, 1, &dev_a), 0);
	bus.trace = f;

	d[0] = 0;
	assert_true(bus__access(&bus, 0x60, d, 1, false)); /* claimed: no line */
	assert_false(bus__access(&bus, 0x80, d, 1, false));
	d[0] = 0xef;
	d[1] = 0xbe;
	assert_false(bus__access(&bus, 0x1234, d, 2, true));
	assert_true(bus__access(&bus, 0x60, d, 1, true));
	assert_int_equal(fflush(f), 0);

	assert_int_equal(count_lines(text), 2);
	char *second = strchr(text, '\n') + 1;

	*strchr(second, '\n') = '\0';
	*strchr(text, '\n') = '\0';
	assert_non_null(strstr(text, "pio"));
	assert_non_null(strstr(text, "read"));
	assert_non_null(strstr(text, "0x80"));
	assert_non_null(strstr(second, "pio"));
	assert_non_null(strstr(second, "write"));
	assert_non_null(strstr(second, "0x1234"));
	assert_non_null(strstr(second, "0xbeef"));
	fclose(f);
	free(text);

	/* each unclaimed piece of a split access is a line of its own */
	f = open_memstream(&text, &size);
	assert_non_null(f);
	bus.trace = f;
	assert_true(bus__access(&bus, 0x60, d, 4, false));
	assert_int_equal(fflush(f), 0);
	assert_int_equal(count_lines(text), 3);
	fclose(f);
	free(text);
	bus.trace = NULL;
}

static void test_split_width1(void **state)
{
	uint8_t d[4] = { 0x01, 0x02, 0x03, 0x04 };

	(void)state;
	assert_int_equal(reg(0x10, 4, 1, &dev_a), 0);
	assert_true(bus__access(&bus, 0x10, d, 4, true));
	assert_int_equal(nr_log, 4);
	for (int i = 0; i < 4; i++) {
		assert_access(i, dev_a, 0x10 + (uint64_t)i, 1, true);
		assert_int_equal(log_[i].data[0], i + 1);
	}

	memset(d, 0, sizeof(d));
	assert_true(bus__access(&bus, 0x10, d, 4, false));
	assert_int_equal(nr_log, 8);
	for (int i = 0; i < 4; i++) {
		assert_access(4 + i, dev_a, 0x10 + (uint64_t)i, 1, false);
		assert_int_equal(d[i], (0x10 + i) ^ 0xa0);
	}

	/* a word at the second register: two bytes */
	assert_true(bus__access(&bus, 0x11, d, 2, false));
	assert_int_equal(nr_log, 10);
	assert_access(8, dev_a, 0x11, 1, false);
	assert_access(9, dev_a, 0x12, 1, false);
	assert_int_equal(bus.unclaimed_reads + bus.unclaimed_writes, 0);
}

static void test_split_width2(void **state)
{
	uint8_t d[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	(void)state;
	assert_int_equal(reg(0x1f0, 8, 2, &dev_a), 0);
	assert_true(bus__access(&bus, 0x1f0, d, 4, true));
	assert_int_equal(nr_log, 2);
	assert_access(0, dev_a, 0x1f0, 2, true);
	assert_access(1, dev_a, 0x1f2, 2, true);
	assert_memory_equal(log_[0].data, ((uint8_t[]){ 1, 2 }), 2);
	assert_memory_equal(log_[1].data, ((uint8_t[]){ 3, 4 }), 2);

	assert_true(bus__access(&bus, 0x1f0, d, 8, true));
	assert_int_equal(nr_log, 6);
	for (int i = 0; i < 4; i++)
		assert_access(2 + i, dev_a, 0x1f0 + 2 * (uint64_t)i, 2, true);
	assert_memory_equal(log_[5].data, ((uint8_t[]){ 7, 8 }), 2);

	/* one byte is not widened */
	assert_true(bus__access(&bus, 0x1f1, d, 1, false));
	assert_access(6, dev_a, 0x1f1, 1, false);
}

static void test_split_into_neighbour(void **state)
{
	uint8_t d[4] = { 0xd0, 0xd1, 0xd2, 0xd3 };

	(void)state;
	assert_int_equal(reg(0x3d4, 2, 1, &dev_a), 0);
	assert_int_equal(reg(0x3d6, 2, 1, &dev_b), 0);
	assert_true(bus__access(&bus, 0x3d4, d, 4, true));
	assert_int_equal(nr_log, 4);
	assert_access(0, dev_a, 0x3d4, 1, true);
	assert_access(1, dev_a, 0x3d5, 1, true);
	assert_access(2, dev_b, 0x3d6, 1, true);
	assert_access(3, dev_b, 0x3d7, 1, true);
	for (int i = 0; i < 4; i++)
		assert_int_equal(log_[i].data[0], 0xd0 + i);

	memset(d, 0, sizeof(d));
	assert_true(bus__access(&bus, 0x3d5, d, 2, false));
	assert_access(4, dev_a, 0x3d5, 1, false);
	assert_access(5, dev_b, 0x3d6, 1, false);
	assert_int_equal(d[0], 0xd5 ^ 0xa0); /* low byte of the port, as the fake device does */
	assert_int_equal(d[1], 0xd6 ^ 0xb0);

	/* a neighbour with a wider width still gets the first range's pieces */
	setup(NULL);
	assert_int_equal(reg(0x10, 1, 1, &dev_a), 0);
	assert_int_equal(reg(0x11, 4, 4, &dev_b), 0);
	assert_true(bus__access(&bus, 0x10, d, 4, true));
	assert_int_equal(nr_log, 4);
	assert_access(0, dev_a, 0x10, 1, true);
	assert_access(1, dev_b, 0x11, 1, true);
	assert_access(2, dev_b, 0x12, 1, true);
	assert_access(3, dev_b, 0x13, 1, true);
	assert_int_equal(bus.unclaimed_reads + bus.unclaimed_writes, 0);
}

static void test_split_into_unclaimed(void **state)
{
	uint8_t d[4] = { 0, 0, 0, 0 };

	(void)state;
	assert_int_equal(reg(0x10, 2, 1, &dev_a), 0);

	/* the claimed half is read from the device, the rest floats high */
	assert_true(bus__access(&bus, 0x10, d, 4, false));
	assert_int_equal(nr_log, 2);
	assert_access(0, dev_a, 0x10, 1, false);
	assert_access(1, dev_a, 0x11, 1, false);
	assert_int_equal(d[0], 0x10 ^ 0xa0);
	assert_int_equal(d[1], 0x11 ^ 0xa0);
	assert_int_equal(d[2], 0xff);
	assert_int_equal(d[3], 0xff);
	assert_int_equal(bus.unclaimed_reads, 2);

	memcpy(d, "\x01\x02\x03\x04", 4);
	assert_true(bus__access(&bus, 0x11, d, 4, true));
	assert_int_equal(nr_log, 3);
	assert_access(2, dev_a, 0x11, 1, true);
	assert_int_equal(log_[2].data[0], 0x01);
	assert_int_equal(bus.unclaimed_writes, 3);

	/* an access whose first byte is unclaimed is unclaimed as a whole */
	memset(d, 0, sizeof(d));
	assert_false(bus__access(&bus, 0x0f, d, 4, false));
	assert_int_equal(nr_log, 3);
	assert_int_equal(bus.unclaimed_reads, 3);
	assert_memory_equal(d, "\xff\xff\xff\xff", 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init, setup),
		cmocka_unit_test_setup(test_register_sorted_and_find, setup),
		cmocka_unit_test_setup(test_find_many_ranges, setup),
		cmocka_unit_test_setup(test_register_overlap, setup),
		cmocka_unit_test_setup(test_register_invalid, setup),
		cmocka_unit_test_setup(test_register_full, setup),
		cmocka_unit_test_setup(test_claimed_dispatch, setup),
		cmocka_unit_test_setup(test_unclaimed_read, setup),
		cmocka_unit_test_setup(test_unclaimed_write, setup),
		cmocka_unit_test_setup(test_trace_unclaimed, setup),
		cmocka_unit_test_setup(test_split_width1, setup),
		cmocka_unit_test_setup(test_split_width2, setup),
		cmocka_unit_test_setup(test_split_into_neighbour, setup),
		cmocka_unit_test_setup(test_split_into_unclaimed, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
