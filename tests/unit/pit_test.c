/* pit_test.c - unit tests for the 8254 interval timer and port 0x61 model (harness/hw/pit.[ch]). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hw/pit.h"
#include "vmm/bus.h"
#include "vmm/vclock.h"

#define F 1193182ull
#define T0 1000000ull /* counts are loaded here, so that no test passes by starting at 0 */

/* IRQ 0 as an edge-triggered PIC input sees it. */
struct irq_rec {
	int level;
	unsigned rises;
	unsigned sets;
	unsigned irq;
};

struct fixture {
	struct vclock clock;
	struct pit pit;
	struct bus bus;
	struct irq_rec rec;
};

static void rec_set(void *opaque, unsigned irq, int level)
{
	struct irq_rec *r = opaque;

	if (level && !r->level)
		r->rises++;
	r->level = level;
	r->irq = irq;
	r->sets++;
}

static void init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	vclock__init(&f->clock);
	pit__init(&f->pit, &f->clock, (struct irq_line){ .set = rec_set, .opaque = &f->rec });
	bus__init(&f->bus, "pio");
}

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));

	if (!f)
		return -1;
	init(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	test_free(*state);
	return 0;
}

/* The first virtual ns at which K clocks have elapsed, computed here independently. */
static uint64_t ns_of(uint64_t k)
{
	return (k * 1000000000ull + F - 1) / F;
}

static void at(struct fixture *f, uint64_t ns)
{
	f->clock.s.now_ns = ns;
}

static void out(struct fixture *f, uint16_t port, uint8_t v)
{
	pit__io(&f->pit, port, v, true);
}

static uint8_t in(struct fixture *f, uint16_t port)
{
	return pit__io(&f->pit, port, 0, false);
}

/* Mode and a two-byte count, the way a BIOS programs a channel. */
static void program(struct fixture *f, unsigned ch, unsigned mode, unsigned count)
{
	out(f, 0x43, (uint8_t)(ch << 6 | 0x30 | mode << 1));
	out(f, (uint16_t)(0x40 + ch), (uint8_t)count);
	out(f, (uint16_t)(0x40 + ch), (uint8_t)(count >> 8));
}

/* Counter latch command, then both bytes (the channel is in LSB-then-MSB mode). */
static unsigned read_latched(struct fixture *f, unsigned ch)
{
	unsigned lo, hi;

	out(f, 0x43, (uint8_t)(ch << 6));
	lo = in(f, (uint16_t)(0x40 + ch));
	hi = in(f, (uint16_t)(0x40 + ch));
	return hi << 8 | lo;
}

/* Two reads of one port, LSB first (operands of | are not sequenced). */
static unsigned in_word(struct fixture *f, uint16_t port)
{
	unsigned lo = in(f, port);

	return lo | (unsigned)in(f, port) << 8;
}

static uint64_t update(struct fixture *f, uint64_t ns)
{
	at(f, ns);
	return pit__update(&f->pit, ns);
}

/* Gate of channel 2 through port 0x61, keeping the other stored bits. */
static void gate2(struct fixture *f, int level)
{
	uint8_t b = in(f, 0x61) & 0x0f;

	out(f, 0x61, (uint8_t)(level ? b | 1 : b & ~1));
}

static void test_power_on(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(f->pit.s.version, PIT_STATE_VERSION);
	for (unsigned ch = 0; ch < 3; ch++) {
		assert_false(pit__out(&f->pit, ch, 0));
		assert_false(pit__out(&f->pit, ch, 10 * NS_PER_SEC));
	}
	assert_int_equal(f->pit.s.ch[0].gate, 1);
	assert_int_equal(f->pit.s.ch[1].gate, 1);
	assert_int_equal(f->pit.s.ch[2].gate, 0);
	assert_int_equal(f->pit.s.port61, 0);
	assert_int_equal(in(f, 0x61), 0x00);

	/* nothing counts: no deadline, and time passing changes nothing */
	assert_true(update(f, 0) == VCLOCK_NEVER);
	assert_true(update(f, 5 * NS_PER_SEC) == VCLOCK_NEVER);
	assert_int_equal(f->rec.rises, 0);
	assert_int_equal(f->rec.level, 0);

	/* status: OUT low, null count, LSB then MSB, mode 0, binary */
	out(f, 0x43, 0xc0 | 0x20 | 0x0e);
	for (unsigned ch = 0; ch < 3; ch++)
		assert_int_equal(in(f, (uint16_t)(0x40 + ch)), 0x70);
	assert_false(f->pit.s.ch[0].loaded);
}

static void test_mode2_rate_generator(void **state)
{
	struct fixture *f = *state;
	uint64_t next;

	at(f, T0);
	program(f, 0, 2, 1193);
	assert_true(pit__out(&f->pit, 0, T0));
	next = update(f, T0);
	assert_int_equal(next - T0, 999848); /* 1193 clocks: 999847.47 ns, rounded up */
	assert_int_equal(f->rec.rises, 1); /* the control word raised OUT0 from mode 0's low */

	/* OUT low for exactly the clock in which the count is 1 */
	static const struct {
		uint64_t clocks;
		bool out;
		unsigned count;
	} pts[] = {
		{ 0, true, 1193 },    { 1, true, 1192 },     { 1191, true, 2 },
		{ 1192, false, 1 },   { 1193, true, 1193 },  { 1194, true, 1192 },
		{ 2385, false, 1 },   { 2386, true, 1193 },  { 11930, true, 1193 },
	};
	for (size_t i = 0; i < sizeof(pts) / sizeof(pts[0]); i++) {
		uint64_t t = T0 + ns_of(pts[i].clocks);

		at(f, t);
		if (pit__out(&f->pit, 0, t) != pts[i].out || read_latched(f, 0) != pts[i].count)
			fail_msg("clock %llu: out %d count %u, want %d %u",
				 (unsigned long long)pts[i].clocks, pit__out(&f->pit, 0, t),
				 read_latched(f, 0), pts[i].out, pts[i].count);
		/* one ns earlier, the clock has not ticked yet */
		if (pts[i].clocks)
			assert_int_equal(pit__count(&f->pit, 0, t - 1),
					 pts[i].count == 1193 ? 1 : pts[i].count + 1);
	}

	/* an edge per period, at the returned deadlines */
	init(f);
	at(f, T0);
	program(f, 0, 2, 1193);
	next = update(f, T0);
	for (uint64_t k = 1; k <= 20; k++) {
		unsigned rises = f->rec.rises;

		assert_int_equal(next, T0 + ns_of(k * 1193));
		assert_true(update(f, next - 1) == next); /* not yet */
		assert_int_equal(f->rec.rises, rises);
		next = update(f, next);
		assert_int_equal(f->rec.rises, rises + 1);
		assert_int_equal(f->rec.level, 1);
		assert_int_equal(f->rec.irq, 0);
	}
}

static void test_next_edge_table(void **state)
{
	struct fixture *f = *state;
	static const struct {
		unsigned mode, count;
		uint64_t edges[3]; /* clocks after the load; 0 = no more */
	} cases[] = {
		{ 2, 1193, { 1193, 2386, 3579 } },
		{ 3, 1193, { 1193, 2386, 3579 } },
		{ 3, 0, { 65536, 131072, 196608 } },   /* 0 is 65536: 18.2 Hz */
		{ 2, 0, { 65536, 131072, 196608 } },
		{ 0, 100, { 100, 0, 0 } },
		{ 0, 0, { 65536, 0, 0 } },
		{ 4, 10, { 11, 0, 0 } },               /* the end of the strobe */
		{ 6, 50, { 50, 100, 150 } },           /* 6 is 2 */
		{ 7, 3, { 3, 6, 9 } },                 /* 7 is 3 */
		{ 3, 2, { 2, 4, 6 } },
		{ 2, 2, { 2, 4, 6 } },
		{ 1, 10, { 0, 0, 0 } },                /* gate tied high: never triggered */
		{ 5, 10, { 0, 0, 0 } },
		{ 2, 1, { 0, 0, 0 } },                 /* forbidden: OUT never moves */
		{ 3, 1, { 0, 0, 0 } },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t next;

		init(f);
		at(f, T0);
		program(f, 0, cases[i].mode, cases[i].count);
		next = update(f, T0);
		for (int j = 0; j < 3; j++) {
			uint64_t want = cases[i].edges[j] ? T0 + ns_of(cases[i].edges[j]) : VCLOCK_NEVER;

			if (next != want)
				fail_msg("mode %u count %u edge %d: %llu, want %llu", cases[i].mode,
					 cases[i].count, j, (unsigned long long)next,
					 (unsigned long long)want);
			if (next == VCLOCK_NEVER)
				break;
			next = update(f, next);
		}
		/* a one-shot's deadline is gone for good */
		if (cases[i].edges[1] == 0)
			assert_true(update(f, T0 + 10 * NS_PER_SEC) == VCLOCK_NEVER);
	}
}

static void test_mode3_square_wave(void **state)
{
	struct fixture *f = *state;
	static const struct {
		unsigned count;
		const char *out;        /* one period, clock by clock */
		unsigned values[8];
	} cases[] = {
		/* even: N/2 each, counting N, N-2, ... */
		{ 6, "HHHLLL", { 6, 4, 2, 6, 4, 2 } },
		{ 4, "HHLL", { 4, 2, 4, 2 } },
		/* odd: one clock more high; counts from N-1 and reaches 0 in the high half */
		{ 5, "HHHLL", { 4, 2, 0, 4, 2 } },
		{ 7, "HHHHLLL", { 6, 4, 2, 0, 6, 4, 2 } },
		{ 3, "HHL", { 2, 0, 2 } },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned n = cases[i].count;

		init(f);
		at(f, T0);
		program(f, 1, 3, n);
		for (unsigned period = 0; period < 3; period++) {
			for (unsigned p = 0; p < n; p++) {
				uint64_t t = T0 + ns_of(period * n + p);
				bool want = cases[i].out[p] == 'H';
				unsigned v;

				at(f, t);
				v = read_latched(f, 1);
				if (pit__out(&f->pit, 1, t) != want || v != cases[i].values[p])
					fail_msg("N=%u clock %u: out %d count %u, want %d %u", n,
						 period * n + p, pit__out(&f->pit, 1, t), v, want,
						 cases[i].values[p]);
			}
		}
	}

	/* 1193: 597 clocks high, 596 low */
	init(f);
	at(f, T0);
	program(f, 1, 3, 1193);
	assert_true(pit__out(&f->pit, 1, T0 + ns_of(596)));
	assert_false(pit__out(&f->pit, 1, T0 + ns_of(597)));
	assert_false(pit__out(&f->pit, 1, T0 + ns_of(1192)));
	assert_true(pit__out(&f->pit, 1, T0 + ns_of(1193)));
	assert_int_equal(pit__count(&f->pit, 1, T0), 1192);
	assert_int_equal(pit__count(&f->pit, 1, T0 + ns_of(596)), 0);
	assert_int_equal(pit__count(&f->pit, 1, T0 + ns_of(597)), 1192);

	/* count 0: 65536, read as 0 at the load, then 65534 */
	init(f);
	at(f, T0);
	program(f, 0, 3, 0);
	assert_int_equal(read_latched(f, 0), 0);
	at(f, T0 + ns_of(1));
	assert_int_equal(read_latched(f, 0), 65534);
	assert_true(pit__out(&f->pit, 0, T0 + ns_of(32767)));
	assert_false(pit__out(&f->pit, 0, T0 + ns_of(32768)));
}

static void test_mode0_interrupt_on_terminal_count(void **state)
{
	struct fixture *f = *state;
	uint64_t next;

	at(f, T0);
	program(f, 0, 0, 100);
	assert_false(pit__out(&f->pit, 0, T0));
	next = update(f, T0);
	assert_int_equal(next, T0 + ns_of(100));
	assert_int_equal(next - T0, 83810);
	assert_int_equal(f->rec.rises, 0);

	assert_false(pit__out(&f->pit, 0, T0 + ns_of(99)));
	assert_false(pit__out(&f->pit, 0, T0 + ns_of(100) - 1));
	assert_true(pit__out(&f->pit, 0, T0 + ns_of(100)));
	assert_int_equal(pit__count(&f->pit, 0, T0 + ns_of(99)), 1);
	assert_int_equal(pit__count(&f->pit, 0, T0 + ns_of(100)), 0);
	/* it keeps counting, wrapping */
	assert_int_equal(pit__count(&f->pit, 0, T0 + ns_of(101)), 0xffff);
	assert_int_equal(pit__count(&f->pit, 0, T0 + ns_of(65636)), 0);
	assert_true(pit__out(&f->pit, 0, T0 + ns_of(65636)));

	assert_true(update(f, next - 1) == next);
	assert_int_equal(f->rec.rises, 0);
	assert_true(update(f, next) == VCLOCK_NEVER);
	assert_int_equal(f->rec.rises, 1);
	assert_int_equal(f->rec.level, 1);
	/* no second edge, however long */
	assert_true(update(f, T0 + 60 * NS_PER_SEC) == VCLOCK_NEVER);
	assert_int_equal(f->rec.rises, 1);
	assert_int_equal(f->rec.level, 1);

	/* a new mode 0 control word drops OUT at once */
	at(f, T0 + 61 * NS_PER_SEC);
	out(f, 0x43, 0x30);
	assert_false(pit__out(&f->pit, 0, T0 + 61 * NS_PER_SEC));
	assert_int_equal(f->rec.level, 0);
	assert_true(update(f, T0 + 62 * NS_PER_SEC) == VCLOCK_NEVER); /* no count yet */

	/* mode 0: the first byte of a new count stops counting and drops OUT */
	init(f);
	at(f, T0);
	program(f, 2, 0, 1000);
	gate2(f, 1);
	at(f, T0 + ns_of(100));
	assert_int_equal(read_latched(f, 2), 900);
	out(f, 0x42, 0x10);
	at(f, T0 + ns_of(5000));
	assert_false(pit__out(&f->pit, 2, T0 + ns_of(5000)));
	assert_int_equal(read_latched(f, 2), 900);
	out(f, 0x42, 0x00); /* 0x0010: loaded now, fires 16 clocks later */
	assert_false(pit__out(&f->pit, 2, T0 + ns_of(5015)));
	assert_true(pit__out(&f->pit, 2, T0 + ns_of(5000) + ns_of(16)));
}

static void test_mode1_one_shot_gate_trigger(void **state)
{
	struct fixture *f = *state;
	uint64_t t1, t2;

	at(f, T0);
	program(f, 2, 1, 50);
	assert_true(pit__out(&f->pit, 2, T0));
	assert_true(pit__out(&f->pit, 2, T0 + NS_PER_SEC)); /* armed, not triggered */
	assert_true(in(f, 0x61) & 0x20);

	/* the rising edge of bit 0 of port 0x61 triggers it */
	t1 = T0 + 12345;
	at(f, t1);
	gate2(f, 1);
	assert_false(pit__out(&f->pit, 2, t1));
	assert_false(in(f, 0x61) & 0x20);
	assert_int_equal(read_latched(f, 2), 50);
	assert_int_equal(pit__count(&f->pit, 2, t1 + ns_of(20)), 30);
	assert_false(pit__out(&f->pit, 2, t1 + ns_of(49)));
	assert_true(pit__out(&f->pit, 2, t1 + ns_of(50)));
	assert_true(pit__out(&f->pit, 2, t1 + ns_of(5000)));

	/* the gate going low does not stop a one-shot */
	at(f, t1 + ns_of(10));
	gate2(f, 0);
	assert_false(pit__out(&f->pit, 2, t1 + ns_of(49)));
	assert_true(pit__out(&f->pit, 2, t1 + ns_of(50)));

	/* a new count does not touch the running pulse... */
	at(f, t1 + ns_of(20));
	out(f, 0x42, 200);
	out(f, 0x42, 0);
	assert_false(pit__out(&f->pit, 2, t1 + ns_of(49)));
	assert_true(pit__out(&f->pit, 2, t1 + ns_of(50)));

	/* ...the next trigger loads it: retriggered mid-pulse */
	t2 = t1 + ns_of(30);
	at(f, t2);
	gate2(f, 1);
	assert_false(pit__out(&f->pit, 2, t2 + ns_of(199)));
	assert_true(pit__out(&f->pit, 2, t2 + ns_of(200)));
	assert_int_equal(pit__count(&f->pit, 2, t2 + ns_of(1)), 199);
}

static void test_mode5_hardware_strobe(void **state)
{
	struct fixture *f = *state;
	uint64_t t;

	at(f, T0);
	program(f, 2, 5, 10);
	assert_true(pit__out(&f->pit, 2, T0 + ns_of(10)));
	t = T0 + 777;
	at(f, t);
	gate2(f, 1);
	for (uint64_t k = 0; k < 30; k++)
		if (pit__out(&f->pit, 2, t + ns_of(k)) != (k != 10))
			fail_msg("clock %llu after trigger: out %d", (unsigned long long)k,
				 pit__out(&f->pit, 2, t + ns_of(k)));
	assert_int_equal(pit__count(&f->pit, 2, t + ns_of(4)), 6);
	/* the next rising edge of the gate strobes again */
	at(f, t + ns_of(30));
	gate2(f, 0);
	t += ns_of(40);
	at(f, t);
	assert_true(pit__out(&f->pit, 2, t + ns_of(10)));
	gate2(f, 1);
	assert_true(pit__out(&f->pit, 2, t + ns_of(9)));
	assert_false(pit__out(&f->pit, 2, t + ns_of(10)));
	assert_true(pit__out(&f->pit, 2, t + ns_of(11)));
}

static void test_mode4_software_strobe(void **state)
{
	struct fixture *f = *state;
	uint64_t next;

	at(f, T0);
	program(f, 0, 4, 10);
	assert_int_equal(f->rec.rises, 1); /* from mode 0's power-on low to mode 4's high */
	for (uint64_t k = 0; k < 30; k++)
		if (pit__out(&f->pit, 0, T0 + ns_of(k)) != (k != 10))
			fail_msg("clock %llu: out %d", (unsigned long long)k,
				 pit__out(&f->pit, 0, T0 + ns_of(k)));
	next = update(f, T0);
	assert_int_equal(next, T0 + ns_of(11));
	/* the clock of the strobe: line low, edge not yet */
	assert_true(update(f, T0 + ns_of(10)) == next);
	assert_int_equal(f->rec.level, 0);
	assert_int_equal(f->rec.rises, 1);
	assert_true(update(f, next) == VCLOCK_NEVER);
	assert_int_equal(f->rec.rises, 2);
	assert_int_equal(f->rec.level, 1);
	assert_int_equal(pit__count(&f->pit, 0, T0 + ns_of(11)), 0xffff);
	/* a late update that jumped over the whole strobe still sees its edge */
	init(f);
	at(f, T0);
	program(f, 0, 4, 10);
	update(f, T0);
	assert_true(update(f, T0 + NS_PER_SEC) == VCLOCK_NEVER);
	assert_int_equal(f->rec.rises, 2);
}

static void test_modes_6_and_7(void **state)
{
	struct fixture *f = *state;

	at(f, T0);
	program(f, 1, 6, 10);
	program(f, 2, 7, 10);
	gate2(f, 1);
	/* the status shows the mode bits as written */
	at(f, T0 + ns_of(2));
	out(f, 0x43, 0xc0 | 0x20 | 0x04 | 0x08);
	assert_int_equal(in(f, 0x41), 0x80 | 0x30 | 0x0c);
	assert_int_equal(in(f, 0x42), 0x80 | 0x30 | 0x0e);
	/* and they count as modes 2 and 3 */
	assert_false(pit__out(&f->pit, 1, T0 + ns_of(9)));
	assert_true(pit__out(&f->pit, 1, T0 + ns_of(10)));
	assert_int_equal(pit__count(&f->pit, 1, T0 + ns_of(3)), 7);
	assert_true(pit__out(&f->pit, 2, T0 + ns_of(4)));
	assert_false(pit__out(&f->pit, 2, T0 + ns_of(5)));
	assert_int_equal(pit__count(&f->pit, 2, T0 + ns_of(1)), 8);
}

static void test_missed_periods_coalesce(void **state)
{
	struct fixture *f = *state;
	uint64_t next;
	unsigned sets;

	at(f, T0);
	program(f, 0, 2, 1193);
	update(f, T0);
	assert_int_equal(f->rec.rises, 1);

	/* 10.5 periods late: ten edges, one request */
	sets = f->rec.sets;
	next = update(f, T0 + ns_of(10 * 1193 + 596));
	assert_int_equal(f->rec.rises, 2);
	assert_int_equal(f->rec.level, 1);
	assert_int_equal(f->rec.sets - sets, 3); /* low, high, then OUT0's level */
	assert_int_equal(next, T0 + ns_of(11 * 1193));

	/* mode 3, late into a low half: one edge, then the line follows OUT0 low */
	init(f);
	at(f, T0);
	program(f, 0, 3, 1000);
	update(f, T0);
	next = update(f, T0 + ns_of(5 * 1000 + 700));
	assert_int_equal(f->rec.rises, 2);
	assert_int_equal(f->rec.level, 0);
	assert_int_equal(next, T0 + ns_of(6000));
	/* an update in between with no edge changes nothing */
	assert_int_equal(update(f, T0 + ns_of(5 * 1000 + 800)), next);
	assert_int_equal(f->rec.rises, 2);
	update(f, next);
	assert_int_equal(f->rec.rises, 3);
	assert_int_equal(f->rec.level, 1);
}

static void test_access_modes(void **state)
{
	struct fixture *f = *state;

	/* LSB only: the MSB is 0, reads give the LSB every time */
	at(f, T0);
	out(f, 0x43, 0x40 | 0x10 | 0x04); /* channel 1, LSB, mode 2 */
	out(f, 0x41, 0x34);
	assert_int_equal(f->pit.s.ch[1].count, 0x34);
	assert_int_equal(in(f, 0x41), 0x34);
	assert_int_equal(in(f, 0x41), 0x34);
	at(f, T0 + ns_of(4));
	assert_int_equal(in(f, 0x41), 0x30);

	/* MSB only: the LSB is 0, reads give the MSB */
	at(f, T0);
	out(f, 0x43, 0x40 | 0x20 | 0x04);
	out(f, 0x41, 0x12);
	assert_int_equal(f->pit.s.ch[1].count, 0x1200);
	assert_int_equal(in(f, 0x41), 0x12);
	at(f, T0 + ns_of(0x100));
	assert_int_equal(in(f, 0x41), 0x11);
	assert_int_equal(in(f, 0x41), 0x11);

	/* LSB then MSB: loaded only by the second byte; reads alternate */
	at(f, T0);
	out(f, 0x43, 0x40 | 0x30 | 0x04);
	out(f, 0x41, 0x34);
	assert_false(f->pit.s.ch[1].loaded);
	out(f, 0x41, 0x12);
	assert_true(f->pit.s.ch[1].loaded);
	assert_int_equal(f->pit.s.ch[1].count, 0x1234);
	assert_int_equal(in(f, 0x41), 0x34);
	assert_int_equal(in(f, 0x41), 0x12);
	at(f, T0 + ns_of(0x35));
	assert_int_equal(in(f, 0x41), 0xff); /* 0x11ff */
	assert_int_equal(in(f, 0x41), 0x11);

	/* the read and write flip-flops are separate: read LSB, write LSB, read MSB, write MSB */
	at(f, T0);
	out(f, 0x43, 0x40 | 0x30 | 0x04);
	out(f, 0x41, 0x00);
	out(f, 0x41, 0x20);
	assert_int_equal(in(f, 0x41), 0x00);
	out(f, 0x41, 0x78);
	assert_int_equal(in(f, 0x41), 0x20); /* the count still running */
	out(f, 0x41, 0x56);
	assert_int_equal(f->pit.s.ch[1].count, 0x5678);
	assert_int_equal(read_latched(f, 1), 0x5678);

	/* a control word resets the flip-flops */
	out(f, 0x41, 0x99);
	out(f, 0x43, 0x40 | 0x30 | 0x04);
	out(f, 0x41, 0x02);
	out(f, 0x41, 0x01);
	assert_int_equal(f->pit.s.ch[1].count, 0x0102);
	assert_int_equal(in(f, 0x41), 0x02);
	out(f, 0x43, 0x40 | 0x30 | 0x04);
	out(f, 0x41, 0x02);
	out(f, 0x41, 0x01);
	assert_int_equal(in(f, 0x41), 0x02); /* LSB again, not the MSB */

	/* count 0 in binary is 65536 */
	program(f, 1, 2, 0);
	assert_int_equal(f->pit.s.ch[1].count, 65536);
	assert_int_equal(read_latched(f, 1), 0);
	at(f, T0 + ns_of(1));
	assert_int_equal(read_latched(f, 1), 0xffff);
}

static void test_bcd(void **state)
{
	struct fixture *f = *state;

	at(f, T0);
	out(f, 0x43, 0x40 | 0x30 | 0x04 | 0x01); /* channel 1, mode 2, BCD */
	out(f, 0x41, 0x34);
	out(f, 0x41, 0x12);
	assert_int_equal(f->pit.s.ch[1].count, 1234);
	assert_int_equal(read_latched(f, 1), 0x1234);
	at(f, T0 + ns_of(35));
	assert_int_equal(read_latched(f, 1), 0x1199);
	at(f, T0 + ns_of(1233));
	assert_int_equal(read_latched(f, 1), 0x0001);
	at(f, T0 + ns_of(1234));
	assert_int_equal(read_latched(f, 1), 0x1234);
	assert_true(pit__out(&f->pit, 1, T0 + ns_of(1232)));
	assert_false(pit__out(&f->pit, 1, T0 + ns_of(1233)));

	/* 0 is 10000; mode 0 wraps to 9999 */
	at(f, T0);
	out(f, 0x43, 0x40 | 0x30 | 0x01);
	out(f, 0x41, 0x00);
	out(f, 0x41, 0x00);
	assert_int_equal(f->pit.s.ch[1].count, 10000);
	assert_int_equal(read_latched(f, 1), 0x0000);
	at(f, T0 + ns_of(1));
	assert_int_equal(read_latched(f, 1), 0x9999);
	assert_false(pit__out(&f->pit, 1, T0 + ns_of(9999)));
	assert_true(pit__out(&f->pit, 1, T0 + ns_of(10000)));
	at(f, T0);
	out(f, 0x43, 0x40 | 0x10 | 0x01); /* LSB only: 0x05 is 5 */
	out(f, 0x41, 0x05);
	at(f, T0 + ns_of(6));
	assert_int_equal(in(f, 0x41), 0x99);
	assert_true(pit__out(&f->pit, 1, T0 + ns_of(6)));

	/* channel 0 in BCD: edges every 1000 clocks for 0x1000 */
	at(f, T0);
	out(f, 0x43, 0x30 | 0x04 | 0x01);
	out(f, 0x40, 0x00);
	out(f, 0x40, 0x10);
	assert_int_equal(update(f, T0), T0 + ns_of(1000));

	/* non-decimal digits: bounded, and what reads back is still BCD */
	at(f, T0);
	out(f, 0x43, 0x40 | 0x30 | 0x04 | 0x01);
	out(f, 0x41, 0xff);
	out(f, 0x41, 0xff);
	assert_true(f->pit.s.ch[1].count <= 16665);
	for (uint64_t k = 0; k < 40000; k += 997) {
		unsigned v = pit__count(&f->pit, 1, T0 + ns_of(k));

		for (int d = 0; d < 4; d++)
			assert_true((v >> (4 * d) & 0xf) <= 9);
	}
}

static void test_counter_latch(void **state)
{
	struct fixture *f = *state;

	at(f, T0);
	program(f, 0, 2, 0x1000);
	at(f, T0 + ns_of(100));
	out(f, 0x43, 0x00); /* latch channel 0 */
	/* time passes: the latched value stays */
	at(f, T0 + ns_of(600));
	assert_int_equal(in(f, 0x40), 0x9c); /* 4096 - 100 = 0x0f9c */
	at(f, T0 + ns_of(700));
	assert_int_equal(in(f, 0x40), 0x0f);
	/* released: the live count again */
	assert_int_equal(in(f, 0x40), (4096 - 700) & 0xff);
	assert_int_equal(in(f, 0x40), (4096 - 700) >> 8);

	/* a second latch before the read is ignored */
	at(f, T0 + ns_of(1000));
	out(f, 0x43, 0x00);
	at(f, T0 + ns_of(2000));
	out(f, 0x43, 0x00);
	assert_int_equal(in_word(f, 0x40), 4096 - 1000);
	/* and once read, a new latch takes the time of its own */
	out(f, 0x43, 0x00);
	assert_int_equal(in_word(f, 0x40), 4096 - 2000);

	/* LSB-only access: one byte read releases the latch */
	at(f, T0);
	out(f, 0x43, 0x40 | 0x10 | 0x04);
	out(f, 0x41, 0xf0);
	at(f, T0 + ns_of(16));
	out(f, 0x43, 0x40);
	at(f, T0 + ns_of(32));
	assert_int_equal(in(f, 0x41), 0xe0);
	assert_int_equal(in(f, 0x41), 0xd0);

	/* reprogramming drops a latch nobody read */
	at(f, T0);
	program(f, 1, 2, 500);
	at(f, T0 + ns_of(100));
	out(f, 0x43, 0x40);
	program(f, 1, 2, 300);
	assert_int_equal(in_word(f, 0x41), 300);
}

static void test_read_back(void **state)
{
	struct fixture *f = *state;

	at(f, T0);
	program(f, 0, 3, 1000);
	/* at the load the count has not reached the counting element: null count */
	out(f, 0x43, 0xc0 | 0x20 | 0x02);
	assert_int_equal(in(f, 0x40), 0x80 | 0x40 | 0x30 | 0x06);
	/* a clock later it has; status first, then the count; OUT high in the first half */
	at(f, T0 + ns_of(100));
	out(f, 0x43, 0xc0 | 0x02);
	at(f, T0 + ns_of(200));
	assert_int_equal(in(f, 0x40), 0x80 | 0x30 | 0x06);
	assert_int_equal(in_word(f, 0x40), 1000 - 200); /* latched at clock 100 */
	assert_int_equal(in_word(f, 0x40), 1000 - 400); /* live at clock 200 */

	/* OUT low in the second half; count only latches no status */
	at(f, T0 + ns_of(600));
	out(f, 0x43, 0xc0 | 0x10 | 0x02);
	out(f, 0x43, 0xc0 | 0x20 | 0x02);
	at(f, T0 + ns_of(610));
	assert_int_equal(in(f, 0x40), 0x30 | 0x06); /* the status latched second is still read first */
	assert_int_equal(in_word(f, 0x40), 1000 - 200);

	/* a second status latch before the read is ignored */
	out(f, 0x43, 0xc0 | 0x20 | 0x02);
	at(f, T0 + ns_of(1000));
	out(f, 0x43, 0xc0 | 0x20 | 0x02);
	assert_int_equal(in(f, 0x40), 0x30 | 0x06);
	assert_int_equal(in_word(f, 0x40), 1000); /* live, a new period */

	/* one channel: the others are untouched */
	at(f, T0);
	out(f, 0x43, 0x40 | 0x10 | 0x00 | 0x01); /* channel 1: LSB, mode 0, BCD */
	out(f, 0x41, 0x50);
	at(f, T0 + ns_of(5));
	out(f, 0x43, 0xc0 | 0x04);
	assert_false(f->pit.s.ch[0].status_latched || f->pit.s.ch[0].latched);
	assert_false(f->pit.s.ch[2].status_latched || f->pit.s.ch[2].latched);
	assert_int_equal(in(f, 0x41), 0x10 | 0x01); /* OUT low, loaded, LSB, mode 0, BCD */
	assert_int_equal(in(f, 0x41), 0x45);
	assert_int_equal(in(f, 0x42), 0x00); /* channel 2 never loaded: live read */

	/* several channels in one command */
	out(f, 0x43, 0xc0 | 0x20 | 0x0e);
	assert_int_equal(in(f, 0x40), 0x80 | 0x30 | 0x06);
	assert_int_equal(in(f, 0x41), 0x10 | 0x01);
	assert_int_equal(in(f, 0x42), 0x70);
}

static void test_null_count(void **state)
{
	struct fixture *f = *state;

	at(f, T0);
	out(f, 0x43, 0x80 | 0x30 | 0x00); /* channel 2, mode 0 */
	out(f, 0x43, 0xe8);
	assert_true(in(f, 0x42) & 0x40);
	out(f, 0x42, 0x10); /* half a count */
	at(f, T0 + ns_of(5));
	out(f, 0x43, 0xe8);
	assert_true(in(f, 0x42) & 0x40);
	out(f, 0x42, 0x00);
	out(f, 0x43, 0xe8);
	assert_true(in(f, 0x42) & 0x40);
	at(f, T0 + ns_of(5) + ns_of(1) - 1);
	out(f, 0x43, 0xe8);
	assert_true(in(f, 0x42) & 0x40);
	at(f, T0 + ns_of(6) + 1);
	out(f, 0x43, 0xe8);
	assert_false(in(f, 0x42) & 0x40);

	/* mode 1: the count waits in the register until a trigger */
	program(f, 2, 1, 100);
	at(f, T0 + NS_PER_SEC);
	out(f, 0x43, 0xe8);
	assert_int_equal(in(f, 0x42), 0x80 | 0x40 | 0x30 | 0x02);
	gate2(f, 1);
	at(f, T0 + NS_PER_SEC + ns_of(2));
	out(f, 0x43, 0xe8);
	assert_int_equal(in(f, 0x42), 0x30 | 0x02);
	/* a new count during the pulse is pending again */
	out(f, 0x42, 50);
	out(f, 0x42, 0);
	at(f, T0 + NS_PER_SEC + ns_of(10));
	out(f, 0x43, 0xe8);
	assert_int_equal(in(f, 0x42), 0x40 | 0x30 | 0x02);
}

static void test_port61(void **state)
{
	struct fixture *f = *state;
	uint64_t t;

	/* bits 0-3 stored, 6-7 read 0, 4 and 5 are not the guest's */
	out(f, 0x61, 0xff);
	assert_int_equal(f->pit.s.port61, 0x0f);
	at(f, 0);
	assert_int_equal(in(f, 0x61) & 0xdf, 0x0f);
	out(f, 0x61, 0x02);
	assert_int_equal(in(f, 0x61) & 0xdf, 0x02);
	assert_false(f->pit.s.ch[2].gate);

	/* refresh toggle: every 15085 ns of virtual time */
	static const struct {
		uint64_t ns;
		uint8_t bit;
	} refresh[] = {
		{ 0, 0 },         { 15084, 0 },     { 15085, 0x10 }, { 30169, 0x10 },
		{ 30170, 0 },     { 45255, 0x10 },  { 1000000000, 0x10 }, /* 66291st */
		{ 1000014819, 0x10 }, { 1000014820, 0 },
	};
	for (size_t i = 0; i < sizeof(refresh) / sizeof(refresh[0]); i++) {
		at(f, refresh[i].ns);
		if ((in(f, 0x61) & 0x10) != refresh[i].bit)
			fail_msg("%llu ns: refresh bit 0x%02x", (unsigned long long)refresh[i].ns,
				 in(f, 0x61) & 0x10);
	}

	/* the gate bit: channel 2 in mode 2 counts only while it is set */
	at(f, T0);
	program(f, 2, 2, 1000);
	at(f, T0 + ns_of(300));
	assert_int_equal(read_latched(f, 2), 1000);
	assert_true(in(f, 0x61) & 0x20); /* gate low: OUT high */
	out(f, 0x61, 0x03);
	assert_true(f->pit.s.ch[2].gate);
	at(f, T0 + ns_of(300) + ns_of(250));
	assert_int_equal(read_latched(f, 2), 750);
	/* gate low stops it where it is, gate high restarts the period */
	out(f, 0x61, 0x02);
	t = T0 + ns_of(300) + ns_of(400);
	at(f, t);
	assert_int_equal(read_latched(f, 2), 750);
	out(f, 0x61, 0x03);
	at(f, t + ns_of(10));
	assert_int_equal(read_latched(f, 2), 990);
	/* channel 2 has nothing to do with IRQ 0 */
	assert_int_equal(f->rec.rises, 0);
}

static void test_port61_bios_delay(void **state)
{
	struct fixture *f = *state;
	static const unsigned counts[] = { 1, 2, 1193, 11932, 0xffff };

	/* SeaBIOS's TSC calibration: gate on, speaker off, mode 0, poll bit 5 */
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		uint64_t t = T0, start, polls = 0;

		init(f);
		at(f, t);
		out(f, 0x61, (uint8_t)((in(f, 0x61) & ~0x02) | 0x01));
		out(f, 0x43, 0xb0);
		out(f, 0x42, (uint8_t)counts[i]);
		assert_false(in(f, 0x61) & 0x20);
		out(f, 0x42, (uint8_t)(counts[i] >> 8));
		start = t;
		while (!(in(f, 0x61) & 0x20)) {
			t += 1000; /* an inb costs about a microsecond */
			at(f, t);
			assert_true(++polls < 100000);
		}
		/* the first poll at or after the terminal count sees it, not one earlier */
		assert_true(t >= start + ns_of(counts[i]));
		assert_true(t - 1000 < start + ns_of(counts[i]));
		assert_true(pit__out(&f->pit, 2, t + 60 * NS_PER_SEC));
	}

	/* the gate held low: no counting, OUT2 stays low */
	init(f);
	at(f, T0);
	out(f, 0x43, 0xb0);
	out(f, 0x42, 0x10);
	out(f, 0x42, 0x00);
	at(f, T0 + NS_PER_SEC);
	assert_false(in(f, 0x61) & 0x20);
	assert_int_equal(read_latched(f, 2), 0x10);
	/* mode 0 resumes where a low gate suspended it */
	gate2(f, 1);
	at(f, T0 + NS_PER_SEC + ns_of(6));
	assert_int_equal(read_latched(f, 2), 10);
	gate2(f, 0);
	at(f, T0 + 2 * NS_PER_SEC);
	assert_int_equal(read_latched(f, 2), 10);
	assert_false(in(f, 0x61) & 0x20);
	gate2(f, 1);
	assert_false(pit__out(&f->pit, 2, T0 + 2 * NS_PER_SEC + ns_of(9)));
	assert_true(pit__out(&f->pit, 2, T0 + 2 * NS_PER_SEC + ns_of(10)));
}

static void test_gate_modes_2_and_3(void **state)
{
	struct fixture *f = *state;
	uint64_t t;

	at(f, T0);
	gate2(f, 1);
	program(f, 2, 3, 100);
	/* low half: the gate going low forces OUT high and stops */
	t = T0 + ns_of(60);
	assert_false(pit__out(&f->pit, 2, t));
	at(f, t);
	gate2(f, 0);
	assert_true(pit__out(&f->pit, 2, t));
	assert_true(pit__out(&f->pit, 2, t + NS_PER_SEC));
	assert_int_equal(pit__count(&f->pit, 2, t + NS_PER_SEC), 100 - 2 * 10);
	/* the rising edge restarts a whole period */
	t += NS_PER_SEC;
	at(f, t);
	gate2(f, 1);
	assert_int_equal(read_latched(f, 2), 100);
	assert_true(pit__out(&f->pit, 2, t + ns_of(49)));
	assert_false(pit__out(&f->pit, 2, t + ns_of(50)));
	assert_true(pit__out(&f->pit, 2, t + ns_of(100)));
}

static void test_restart(void **state)
{
	struct fixture *f = *state;
	static const uint64_t bios_took[] = { 0, 123456789, 987654321 };
	const uint64_t pin = 5 * NS_PER_SEC;
	unsigned rises;

	/* however long the firmware ran, the guest sees the same timer */
	for (size_t i = 0; i < sizeof(bios_took) / sizeof(bios_took[0]); i++) {
		uint64_t next, late;

		init(f);
		at(f, T0);
		program(f, 0, 2, 1193);                 /* periodic */
		gate2(f, 1);
		program(f, 2, 0, 50);                   /* a one-shot that will have fired */
		update(f, T0);
		update(f, T0 + bios_took[i]);
		late = pin - 10000000 + bios_took[i] % 1000000;
		at(f, late);
		program(f, 1, 0, 0xffff);               /* one still running at the pin */
		update(f, late);

		pit__restart(&f->pit, pin);
		at(f, pin);
		assert_int_equal(f->pit.s.irq_seen_ns, pin);
		assert_int_equal(f->rec.level, 1);
		next = pit__update(&f->pit, pin);
		assert_int_equal(next, pin + ns_of(1193));
		assert_int_equal(read_latched(f, 0), 1193);
		assert_int_equal(pit__count(&f->pit, 0, pin + ns_of(1000)), 193);
		/* the one-shot that fired stays fired, and its counter is pinned too */
		assert_true(pit__out(&f->pit, 2, pin));
		assert_true(in(f, 0x61) & 0x20);
		assert_int_equal(read_latched(f, 2), 0);
		assert_int_equal(pit__count(&f->pit, 2, pin + ns_of(3)), 0xfffd);
		/* the running one starts again from its count */
		assert_int_equal(read_latched(f, 1), 0xffff);
		assert_false(pit__out(&f->pit, 1, pin + ns_of(0xfffe)));
		assert_true(pit__out(&f->pit, 1, pin + ns_of(0xffff)));
	}

	/* the restart's own edge: low then OUT0's level, whatever the line was */
	init(f);
	at(f, T0);
	program(f, 0, 3, 1000);
	update(f, T0 + ns_of(700)); /* low half: line low */
	assert_int_equal(f->rec.level, 0);
	rises = f->rec.rises;
	pit__restart(&f->pit, T0 + ns_of(800));
	assert_int_equal(f->rec.rises, rises + 1);
	init(f);
	at(f, T0);
	program(f, 0, 3, 1000);
	update(f, T0 + ns_of(200)); /* high half: line high */
	assert_int_equal(f->rec.level, 1);
	rises = f->rec.rises;
	pit__restart(&f->pit, T0 + ns_of(800));
	assert_int_equal(f->rec.rises, rises + 1);
	/* the edges before the restart are not delivered after it */
	assert_int_equal(pit__update(&f->pit, T0 + ns_of(800) + 1), T0 + ns_of(800) + ns_of(1000));
	assert_int_equal(f->rec.rises, rises + 1);

	/* the clock is asked for a new deadline */
	f->clock.next_ns = VCLOCK_NEVER;
	at(f, T0 + ns_of(900));
	pit__restart(&f->pit, T0 + ns_of(900));
	assert_int_equal(f->clock.next_ns, T0 + ns_of(900));
}

static void test_io_reschedules_channel0(void **state)
{
	struct fixture *f = *state;
	uint64_t next;

	assert_int_equal(vclock__add_source(&f->clock, pit__update, &f->pit), 0);
	assert_true(vclock__run_due(&f->clock) == VCLOCK_NEVER);

	/* programming channel 0 asks the clock again, and the clock gets the edge */
	at(f, T0);
	out(f, 0x43, 0x34);
	assert_int_equal(f->clock.next_ns, T0);
	out(f, 0x40, 0xa9);
	out(f, 0x40, 0x04); /* 1193 */
	assert_int_equal(vclock__run_due(&f->clock), T0 + ns_of(1193));
	assert_int_equal(f->rec.rises, 1); /* mode 2 raised OUT0 */
	assert_int_equal(vclock__jump(&f->clock, T0 + ns_of(1193)), ns_of(1193));
	assert_int_equal(f->rec.rises, 2);
	assert_int_equal(f->clock.next_ns, T0 + ns_of(2386));

	/* channels 1 and 2 do not disturb the clock */
	f->clock.next_ns = VCLOCK_NEVER;
	program(f, 2, 3, 100);
	program(f, 1, 2, 18);
	out(f, 0x61, 0x01);
	assert_true(f->clock.next_ns == VCLOCK_NEVER);

	/* an edge due before the guest reprograms is delivered, then the new schedule */
	init(f);
	at(f, T0);
	program(f, 0, 2, 100);
	update(f, T0);
	assert_int_equal(f->rec.rises, 1);
	at(f, T0 + ns_of(350));
	program(f, 0, 2, 1000); /* no update call in between */
	assert_int_equal(f->rec.rises, 2);
	assert_int_equal(update(f, T0 + ns_of(351)), T0 + ns_of(350) + ns_of(1000));
	assert_int_equal(f->rec.rises, 2);

	/* mode 0 written over a high OUT0 drops the line */
	at(f, T0 + ns_of(400));
	program(f, 0, 0, 10);
	assert_int_equal(f->rec.level, 0);
	next = update(f, T0 + ns_of(400));
	assert_int_equal(next, T0 + ns_of(400) + ns_of(10));
	update(f, next - 1);
	assert_int_equal(f->rec.rises, 2);
	update(f, next);
	assert_int_equal(f->rec.rises, 3);
}

static void test_hostile_counts(void **state)
{
	struct fixture *f = *state;
	uint64_t next, t;

	/* 1 in mode 2: OUT stays low, no edge, no division by zero */
	at(f, T0);
	program(f, 0, 2, 1);
	assert_true(update(f, T0) == VCLOCK_NEVER);
	for (uint64_t k = 0; k < 10; k++) {
		assert_false(pit__out(&f->pit, 0, T0 + ns_of(k)));
		assert_int_equal(pit__count(&f->pit, 0, T0 + ns_of(k)), 1);
	}
	assert_true(update(f, T0 + NS_PER_SEC) == VCLOCK_NEVER);

	/* 1 in mode 3: OUT stays high */
	init(f);
	at(f, T0);
	program(f, 0, 3, 1);
	assert_true(update(f, T0) == VCLOCK_NEVER);
	assert_true(pit__out(&f->pit, 0, T0 + NS_PER_SEC));
	assert_int_equal(pit__count(&f->pit, 0, T0 + NS_PER_SEC), 0);
	/* and in BCD */
	out(f, 0x43, 0x30 | 0x06 | 0x01);
	out(f, 0x40, 0x01);
	out(f, 0x40, 0x00);
	assert_true(update(f, T0) == VCLOCK_NEVER);

	/* 2: an edge every two clocks, each found in one step */
	static const unsigned modes[] = { 2, 3 };
	for (size_t m = 0; m < 2; m++) {
		init(f);
		at(f, T0);
		program(f, 0, modes[m], 2);
		next = update(f, T0);
		for (uint64_t k = 1; k <= 5000; k++) {
			assert_int_equal(next, T0 + ns_of(2 * k));
			next = update(f, next);
		}
		assert_int_equal(f->rec.rises, 5001);
		/* a long jump is still one edge and one step */
		next = update(f, T0 + 3600 * NS_PER_SEC);
		assert_int_equal(f->rec.rises, 5002);
		assert_true(next > T0 + 3600 * NS_PER_SEC);
		assert_true(next <= T0 + 3600 * NS_PER_SEC + ns_of(2));
	}

	/* far in the future: no overflow */
	init(f);
	t = 1ull << 62;
	at(f, t);
	program(f, 0, 2, 0);
	next = update(f, t + (1ull << 61));
	assert_true(next > t + (1ull << 61) && next != VCLOCK_NEVER);
	assert_true(next - (t + (1ull << 61)) <= ns_of(65536));

	/* out of range ports and channels */
	assert_int_equal(pit__io(&f->pit, 0x44, 0x12, false), 0xff);
	assert_int_equal(pit__io(&f->pit, 0x3f, 0x12, false), 0xff);
	assert_int_equal(pit__io(&f->pit, 0x44, 0x12, true), 0);
	assert_int_equal(pit__io(&f->pit, 0x43, 0, false), 0xff);
	assert_false(pit__out(&f->pit, 3, 0));
	assert_false(pit__out(&f->pit, 0xffffffffu, 0));
	assert_int_equal(pit__count(&f->pit, 7, 0), 0);

	/* every control word and data byte, in any order, stays in range */
	init(f);
	for (unsigned cw = 0; cw < 256; cw++) {
		at(f, T0 + cw * 997);
		out(f, 0x43, (uint8_t)cw);
		for (unsigned port = 0x40; port < 0x43; port++) {
			out(f, (uint16_t)port, (uint8_t)(cw * 7));
			out(f, (uint16_t)port, (uint8_t)cw);
			in(f, (uint16_t)port);
			out(f, 0x61, (uint8_t)cw);
		}
		next = update(f, T0 + cw * 997 + 5);
		assert_true(next > T0 + cw * 997 + 5);
		for (unsigned ch = 0; ch < 3; ch++) {
			assert_true(f->pit.s.ch[ch].mode <= 7);
			assert_true(f->pit.s.ch[ch].rw >= 1 && f->pit.s.ch[ch].rw <= 3);
			assert_true(!f->pit.s.ch[ch].loaded ||
				    (f->pit.s.ch[ch].count >= 1 && f->pit.s.ch[ch].count <= 65536));
		}
	}
}

static void test_deterministic(void **state)
{
	struct fixture *f = *state;
	uint8_t log[2][512];

	/* the same accesses at the same virtual times read the same bytes and edges */
	for (int run = 0; run < 2; run++) {
		size_t n = 0;

		init(f);
		for (unsigned step = 0; step < 128; step++) {
			uint64_t t = T0 + step * 3331;

			at(f, t);
			if (step == 0) {
				program(f, 0, 3, 37);
				program(f, 2, 2, 11);
				out(f, 0x61, 0x01);
			}
			out(f, 0x43, step % 2 ? 0x00 : 0xc0 | 0x0e);
			log[run][n++] = in(f, 0x40);
			log[run][n++] = in(f, 0x42);
			log[run][n++] = in(f, 0x61);
			log[run][n++] = (uint8_t)(f->rec.rises + (pit__update(&f->pit, t) - t));
		}
		assert_int_equal(n, sizeof(log[0]));
	}
	assert_memory_equal(log[0], log[1], sizeof(log[0]));
}

static void test_register_ports(void **state)
{
	struct fixture *f = *state;
	const struct bus_range *r;
	uint8_t d[2];

	assert_int_equal(pit__register(&f->pit, &f->bus), 0);
	for (uint16_t port = 0x40; port <= 0x43; port++) {
		r = bus__find(&f->bus, port);
		assert_non_null(r);
		assert_ptr_equal(r->opaque, &f->pit);
		assert_int_equal(r->width, 1);
	}
	r = bus__find(&f->bus, 0x61);
	assert_non_null(r);
	assert_ptr_equal(r->opaque, &f->pit);
	assert_int_equal(r->len, 1);
	assert_null(bus__find(&f->bus, 0x3f));
	assert_null(bus__find(&f->bus, 0x44));
	assert_null(bus__find(&f->bus, 0x60));
	assert_null(bus__find(&f->bus, 0x62));
	assert_int_equal(pit__register(&f->pit, &f->bus), -EEXIST);

	/* a BIOS's set-up through the bus */
	at(f, T0);
	d[0] = 0x34;
	assert_true(bus__access(&f->bus, 0x43, d, 1, true));
	d[0] = 0x00;
	assert_true(bus__access(&f->bus, 0x40, d, 1, true));
	assert_true(bus__access(&f->bus, 0x40, d, 1, true));
	assert_int_equal(f->pit.s.ch[0].count, 65536);
	assert_int_equal(pit__update(&f->pit, T0), T0 + ns_of(65536));
	d[0] = 0x01;
	assert_true(bus__access(&f->bus, 0x61, d, 1, true));
	assert_true(f->pit.s.ch[2].gate);
	at(f, 67 * 15085); /* an odd refresh interval */
	assert_true(bus__access(&f->bus, 0x61, d, 1, false));
	assert_int_equal(d[0], 0x11);
	assert_true(bus__access(&f->bus, 0x43, d, 1, false));
	assert_int_equal(d[0], 0xff);

	/* latch, then `in ax, 0x40`: both bytes of channel 0 would need two reads of 0x40 */
	at(f, T0 + ns_of(0x100));
	d[0] = 0x00;
	assert_true(bus__access(&f->bus, 0x43, d, 1, true));
	assert_true(bus__access(&f->bus, 0x40, d, 1, false));
	assert_int_equal(d[0], 0x00);
	assert_true(bus__access(&f->bus, 0x40, d, 1, false));
	assert_int_equal(d[0], 0xff);
	/* a word access is split: 0x40 then 0x41 */
	memset(d, 0, sizeof(d));
	assert_true(bus__access(&f->bus, 0x40, d, 2, false));
	assert_int_equal(f->bus.unclaimed_reads + f->bus.unclaimed_writes, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_power_on, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mode2_rate_generator, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_edge_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mode3_square_wave, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mode0_interrupt_on_terminal_count, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_mode1_one_shot_gate_trigger, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mode5_hardware_strobe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mode4_software_strobe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_modes_6_and_7, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missed_periods_coalesce, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bcd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counter_latch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_null_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_port61, setup, teardown),
		cmocka_unit_test_setup_teardown(test_port61_bios_delay, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gate_modes_2_and_3, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_io_reschedules_channel0, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_ports, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
