/* sysreset_test.c - unit tests for port 0x92 and register 0xcf9 (harness/hw/sysreset.[ch]). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hw/sysreset.h"
#include "vmm/bus.h"

struct fixture {
	struct sysreset s;
	struct bus bus;
	int resets;
};

static void count_reset(void *opaque)
{
	struct fixture *f = opaque;

	f->resets++;
}

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));

	if (!f)
		return -1;
	sysreset__init(&f->s, count_reset, f);
	bus__init(&f->bus, "pio");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	test_free(*state);
	return 0;
}

static uint8_t rd(struct sysreset *s, uint16_t port)
{
	return sysreset__io(s, port, 0, false);
}

static void wr(struct sysreset *s, uint16_t port, uint8_t v)
{
	sysreset__io(s, port, v, true);
}

static void test_power_on(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(f->s.s.version, SYSRESET_STATE_VERSION);
	assert_int_equal(rd(&f->s, 0x92), 0x00);
	assert_int_equal(rd(&f->s, 0xcf9), 0x00);
	assert_false(sysreset__a20(&f->s));
	assert_int_equal(f->resets, 0);
	/* a port the device does not own */
	assert_int_equal(rd(&f->s, 0x93), 0xff);
	wr(&f->s, 0x93, 0x01);
	assert_int_equal(f->resets, 0);
}

static void test_port92_a20_read_back(void **state)
{
	struct fixture *f = *state;
	static const struct {
		uint8_t write, read;
		bool a20;
	} cases[] = {
		{ 0x02, 0x02, true },  { 0x00, 0x00, false }, { 0x02, 0x02, true },
		{ 0xf2, 0xf2, true },  /* other bits are stored */
		{ 0xf0, 0xf0, false }, { 0x0a, 0x0a, true },  { 0x00, 0x00, false },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		wr(&f->s, 0x92, cases[i].write);
		if (rd(&f->s, 0x92) != cases[i].read || sysreset__a20(&f->s) != cases[i].a20)
			fail_msg("wrote 0x%02x: read 0x%02x a20 %d, want 0x%02x %d",
				 cases[i].write, rd(&f->s, 0x92), sysreset__a20(&f->s),
				 cases[i].read, cases[i].a20);
	}
	assert_int_equal(f->resets, 0);
}

static void test_port92_fast_reset(void **state)
{
	struct fixture *f = *state;

	wr(&f->s, 0x92, 0x01);
	assert_int_equal(f->resets, 1);
	/* the reset clears bit 0 */
	assert_int_equal(rd(&f->s, 0x92), 0x00);

	/* SeaBIOS-style read-modify-write keeps A20 through the reset */
	wr(&f->s, 0x92, 0x02);
	wr(&f->s, 0x92, rd(&f->s, 0x92) | 0x01);
	assert_int_equal(f->resets, 2);
	assert_int_equal(rd(&f->s, 0x92), 0x02);
	assert_true(sysreset__a20(&f->s));

	/* writes with bit 0 clear never reset */
	wr(&f->s, 0x92, 0x00);
	wr(&f->s, 0x92, 0xfe);
	assert_int_equal(f->resets, 2);
}

static void test_rcr(void **state)
{
	struct fixture *f = *state;
	static const struct {
		uint8_t write;
		int resets;   /* running total */
		uint8_t read; /* after the write */
	} cases[] = {
		{ 0x00, 0, 0x00 }, { 0x02, 0, 0x02 }, { 0x08, 0, 0x08 },
		{ 0x0a, 0, 0x0a }, { 0xfb, 0, 0x0a }, /* only bits 1 and 3 are kept */
		{ 0x01, 0, 0x00 }, { 0x04, 1, 0x00 }, /* bit 2 resets and stores nothing */
		{ 0x02, 1, 0x02 }, { 0x06, 2, 0x02 }, /* the classic "0x06 to 0xcf9" */
		{ 0x0e, 3, 0x02 }, { 0xff, 4, 0x02 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		wr(&f->s, 0xcf9, cases[i].write);
		if (f->resets != cases[i].resets || rd(&f->s, 0xcf9) != cases[i].read)
			fail_msg("wrote 0x%02x: %d resets, read 0x%02x; want %d, 0x%02x",
				 cases[i].write, f->resets, rd(&f->s, 0xcf9),
				 cases[i].resets, cases[i].read);
	}
	/* 0xcf9 and 0x92 are independent */
	assert_int_equal(rd(&f->s, 0x92), 0x00);
}

static void test_no_callback(void **state)
{
	struct fixture *f = *state;

	sysreset__init(&f->s, NULL, NULL);
	wr(&f->s, 0x92, 0x01);
	wr(&f->s, 0xcf9, 0x06);
	assert_int_equal(rd(&f->s, 0x92), 0x00);
	assert_int_equal(f->resets, 0);
}

static void test_register(void **state)
{
	struct fixture *f = *state;
	const struct bus_range *r;
	uint8_t d[4];

	assert_int_equal(sysreset__register(&f->s, &f->bus), 0);
	r = bus__find(&f->bus, 0x92);
	assert_non_null(r);
	assert_ptr_equal(r->opaque, &f->s);
	assert_int_equal(r->len, 1);
	r = bus__find(&f->bus, 0xcf9);
	assert_non_null(r);
	assert_int_equal(r->len, 1);
	assert_null(bus__find(&f->bus, 0x91));
	assert_null(bus__find(&f->bus, 0x93));
	assert_null(bus__find(&f->bus, 0xcf8));
	assert_null(bus__find(&f->bus, 0xcfa));

	d[0] = 0x02;
	assert_true(bus__access(&f->bus, 0x92, d, 1, true));
	d[0] = 0;
	assert_true(bus__access(&f->bus, 0x92, d, 1, false));
	assert_int_equal(d[0], 0x02);
	d[0] = 0x06;
	assert_true(bus__access(&f->bus, 0xcf9, d, 1, true));
	assert_int_equal(f->resets, 1);

	/* a PCI probe's dword at 0xcf8 stays unclaimed and never reaches 0xcf9 */
	memcpy(d, "\x00\x00\x00\x80", 4);
	assert_false(bus__access(&f->bus, 0xcf8, d, 4, true));
	assert_false(bus__access(&f->bus, 0xcf8, d, 4, false));
	assert_memory_equal(d, "\xff\xff\xff\xff", 4);
	assert_int_equal(f->resets, 1);
	assert_int_equal(rd(&f->s, 0xcf9), 0x00);

	assert_int_equal(sysreset__register(&f->s, &f->bus), -EEXIST);
}

static void count_copy_reset(void *opaque)
{
	int *resets = opaque;

	(*resets)++;
}

static void test_state_restores_by_copy(void **state)
{
	struct fixture *f = *state;
	struct sysreset copy;
	int copy_resets = 0;
	/* after the restore: what each access reads, and the resets so far */
	static const struct {
		uint16_t port;
		uint8_t v;
		bool is_write;
		uint8_t want;   /* for reads */
		int resets;     /* made by this device since the copy */
	} seq[] = {
		{ 0x92, 0, false, 0xf2, 0 },
		{ 0xcf9, 0, false, 0x0a, 0 },
		{ 0x92, 0xf3, true, 0, 1 },  /* bit 0 was cleared by the last reset: 0 -> 1 again */
		{ 0x92, 0, false, 0xf2, 1 },
		{ 0xcf9, 0x02, true, 0, 1 },
		{ 0xcf9, 0, false, 0x02, 1 },
		{ 0xcf9, 0x06, true, 0, 2 },
		{ 0xcf9, 0, false, 0x02, 2 },
		{ 0x92, 0x00, true, 0, 2 },
		{ 0x92, 0, false, 0x00, 2 },
	};
	int base_resets;

	/* A20 on with other bits, a fast reset done, RCR holding both type bits */
	wr(&f->s, 0x92, 0xf2);
	wr(&f->s, 0x92, 0xf3);
	wr(&f->s, 0xcf9, 0xfb);
	assert_int_equal(f->resets, 1);
	base_resets = f->resets;

	/* a device with its own callback takes the state by a plain copy */
	sysreset__init(&copy, count_copy_reset, &copy_resets);
	memcpy(&copy.s, &f->s.s, sizeof(copy.s));
	assert_int_equal(copy.s.version, SYSRESET_STATE_VERSION);
	assert_true(sysreset__a20(&copy));

	for (size_t i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		uint8_t a = sysreset__io(&f->s, seq[i].port, seq[i].v, seq[i].is_write);
		uint8_t b = sysreset__io(&copy, seq[i].port, seq[i].v, seq[i].is_write);

		if (a != b || (!seq[i].is_write && a != seq[i].want) ||
		    f->resets - base_resets != seq[i].resets || copy_resets != seq[i].resets)
			fail_msg("access %zu (port 0x%x): original 0x%02x %d resets, copy 0x%02x "
				 "%d resets; want 0x%02x %d",
				 i, seq[i].port, a, f->resets - base_resets, b, copy_resets,
				 seq[i].want, seq[i].resets);
	}
	assert_memory_equal(&f->s.s, &copy.s, sizeof(copy.s));
	assert_false(sysreset__a20(&copy));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_power_on, setup, teardown),
		cmocka_unit_test_setup_teardown(test_port92_a20_read_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_port92_fast_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rcr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_callback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_restores_by_copy, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
