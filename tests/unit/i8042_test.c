/* i8042_test.c - unit tests for the i8042 keyboard controller (harness/hw/i8042.[ch]). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "hw/i8042.h"
#include "vmm/bus.h"
#include "vmm/irq.h"

/* Bits spelled out here so the tests do not share the model's. */
#define OBF 0x01
#define SYSFLAG 0x04
#define CMDBIT 0x08
#define UNLOCKED 0x10
#define AUXDATA 0x20

#define MAX_EVENTS 64

struct irq_event {
	unsigned irq;
	int level;
};

struct fixture {
	struct i8042 k;
	struct bus bus;
	struct irq_event ev[MAX_EVENTS]; /* every irq__set, in order */
	int nr_ev;
	int level[16];                   /* current level per IRQ */
	int resets;
	int poll_empty;                  /* on_poll_empty calls */
	bool key_on_poll;                /* the callback queues a key, once */
};

static void record_irq(void *opaque, unsigned irq, int level)
{
	struct fixture *f = opaque;

	assert_true(irq < 16);
	if (f->nr_ev < MAX_EVENTS)
		f->ev[f->nr_ev++] = (struct irq_event){ irq, level };
	f->level[irq] = level;
}

static void count_reset(void *opaque)
{
	struct fixture *f = opaque;

	f->resets++;
}

static void count_poll_empty(void *opaque)
{
	struct fixture *f = opaque;

	f->poll_empty++;
	if (f->key_on_poll) {
		f->key_on_poll = false;
		assert_true(i8042__key_set2(&f->k, (const uint8_t[]){ 0x1c }, 1));
	}
}

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));

	if (!f)
		return -1;
	i8042__init(&f->k, (struct irq_line){ record_irq, f, 1 },
		    (struct irq_line){ record_irq, f, 12 }, count_reset, f);
	bus__init(&f->bus, "pio");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	test_free(*state);
	return 0;
}

static void cmd(struct i8042 *k, uint8_t v)
{
	i8042__io(k, 0x64, v, true);
}

static void wr(struct i8042 *k, uint8_t v)
{
	i8042__io(k, 0x60, v, true);
}

static uint8_t rd(struct i8042 *k)
{
	return i8042__io(k, 0x60, 0, false);
}

static uint8_t st(struct i8042 *k)
{
	return i8042__io(k, 0x64, 0, false);
}

static void set_ctr(struct i8042 *k, uint8_t v)
{
	cmd(k, 0x60);
	wr(k, v);
}

/* The guest reads BYTES, each behind OBF (and AUXDATA when AUX); with ONLY, nothing more. */
static void expect_bytes(struct i8042 *k, const uint8_t *bytes, size_t n, bool aux, bool only)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t s = st(k), v;

		if (!(s & OBF))
			fail_msg("byte %zu of %zu (0x%02x): output buffer empty", i, n,
				 bytes[i]);
		if (!!(s & AUXDATA) != aux)
			fail_msg("byte %zu (0x%02x): status 0x%02x, aux bit should be %d", i,
				 bytes[i], s, aux);
		v = rd(k);
		if (v != bytes[i])
			fail_msg("byte %zu of %zu: read 0x%02x, want 0x%02x", i, n, v,
				 bytes[i]);
	}
	if (only && (st(k) & OBF))
		fail_msg("after %zu bytes: unexpected extra byte 0x%02x", n, rd(k));
}

/* EXPECT: exactly these bytes are waiting; EXPECT_NEXT: these come first. */
#define EXPECT_(k, aux, only, ...)                                                \
	do {                                                                      \
		static const uint8_t want_[] = { __VA_ARGS__ };                   \
		expect_bytes((k), want_, sizeof(want_), (aux), (only));           \
	} while (0)
#define EXPECT(k, aux, ...) EXPECT_(k, aux, true, __VA_ARGS__)
#define EXPECT_NEXT(k, aux, ...) EXPECT_(k, aux, false, __VA_ARGS__)

/* Read everything waiting into BUF (at most MAX); false if a byte's aux bit is not AUX. */
static bool drain(struct i8042 *k, uint8_t *buf, size_t max, size_t *n, bool aux)
{
	bool ok = true;

	while ((st(k) & OBF) && *n < max) {
		ok &= !!(st(k) & AUXDATA) == aux;
		buf[(*n)++] = rd(k);
	}
	return ok && !(st(k) & OBF);
}

static const char *hex(const uint8_t *b, size_t n, char *out, size_t size)
{
	size_t at = 0;

	out[0] = 0;
	for (size_t i = 0; i < n && at + 4 < size; i++)
		at += (size_t)snprintf(out + at, size - at, "%s%02x", i ? " " : "", b[i]);
	return out;
}

/* Send SEND to the keyboard (or through 0xd4 to the mouse), reading replies as they come. */
static void check_exchange(struct i8042 *k, const char *what, bool aux, const uint8_t *send,
			   size_t nsend, const uint8_t *reply, size_t nreply)
{
	uint8_t got[16];
	size_t n = 0;
	bool ok = true;
	char a[64], b[64];

	for (size_t i = 0; i < nsend; i++) {
		if (aux)
			cmd(k, 0xd4);
		wr(k, send[i]);
		ok &= drain(k, got, sizeof(got), &n, aux);
	}
	if (!ok || n != nreply || memcmp(got, reply, n) != 0)
		fail_msg("%s %s: got [%s]%s, want [%s]", aux ? "mouse" : "keyboard", what,
			 hex(got, n, a, sizeof(a)), ok ? "" : " (wrong source)",
			 hex(reply, nreply, b, sizeof(b)));
}

static void test_power_on(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;

	assert_int_equal(st(k), CMDBIT | UNLOCKED);
	assert_int_equal(f->nr_ev, 0);
	cmd(k, 0x20);
	EXPECT(k, false, 0x03); /* QEMU's power-on command byte */
	cmd(k, 0xd0);
	EXPECT(k, false, 0xcf);
	assert_true(i8042__a20(k));
	assert_true(k->s.kbd.enabled);
	assert_int_equal(k->s.kbd.scancode_set, 2);
	assert_int_equal(f->resets, 0);
}

static void test_controller_replies(void **state)
{
	struct fixture *f = *state;
	static const struct {
		uint8_t cmd, reply;
		const char *what;
	} cases[] = {
		{ 0xaa, 0x55, "self-test" },
		{ 0xab, 0x00, "keyboard interface test" },
		{ 0xa9, 0x00, "aux interface test" },
		{ 0xc0, 0x80, "read input port" },
		{ 0x20, 0x03, "read command byte" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct i8042 *k = &f->k;
		uint8_t s, v;

		cmd(k, cases[i].cmd);
		s = st(k);
		v = rd(k);
		if (!(s & OBF) || (s & AUXDATA) || v != cases[i].reply)
			fail_msg("%s (0x%02x): status 0x%02x data 0x%02x, want 0x%02x",
				 cases[i].what, cases[i].cmd, s, v, cases[i].reply);
		assert_int_equal(st(k) & OBF, 0);
	}
}

static void test_self_test_sysflag(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;

	assert_int_equal(st(k) & SYSFLAG, 0);
	cmd(k, 0xaa);
	assert_int_equal(st(k), OBF | SYSFLAG | CMDBIT | UNLOCKED);
	EXPECT(k, false, 0x55);
	assert_int_equal(st(k), SYSFLAG | CMDBIT | UNLOCKED);
	/* it stays set whatever the command byte says */
	set_ctr(k, 0x00);
	assert_int_equal(st(k) & SYSFLAG, SYSFLAG);
}

static void test_command_byte(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;
	static const uint8_t values[] = { 0x61, 0x00, 0x47, 0x30, 0x03 };

	for (size_t i = 0; i < sizeof(values); i++) {
		cmd(k, 0x60);
		assert_int_equal(st(k) & (CMDBIT | OBF), CMDBIT);
		wr(k, values[i]);
		assert_int_equal(st(k) & CMDBIT, 0); /* last write was data */
		cmd(k, 0x20);
		expect_bytes(k, &values[i], 1, false, true);
	}

	/* 0xad/0xae and 0xa7/0xa8 flip bits 4 and 5 */
	cmd(k, 0xad);
	cmd(k, 0x20);
	EXPECT(k, false, 0x13);
	cmd(k, 0xa7);
	cmd(k, 0x20);
	EXPECT(k, false, 0x33);
	cmd(k, 0xae);
	cmd(k, 0x20);
	EXPECT(k, false, 0x23);
	cmd(k, 0xa8);
	cmd(k, 0x20);
	EXPECT(k, false, 0x03);

	/* a new command abandons one still waiting for its data byte */
	cmd(k, 0x60);
	cmd(k, 0x20);
	EXPECT(k, false, 0x03);
	wr(k, 0xee); /* goes to the keyboard: echo */
	EXPECT(k, false, 0xee);
	cmd(k, 0x20);
	EXPECT(k, false, 0x03);

	/* unknown controller commands do nothing */
	cmd(k, 0x01);
	cmd(k, 0xa1);
	cmd(k, 0xc1);
	assert_int_equal(st(k) & OBF, 0);
	assert_int_equal(f->resets, 0);
}

static void test_keyboard_commands(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *what;
		uint8_t send[3];
		size_t nsend;
		uint8_t reply[4];
		size_t nreply;
	} cases[] = {
		{ "reset", { 0xff }, 1, { 0xfa, 0xaa }, 2 },
		{ "get id", { 0xf2 }, 1, { 0xfa, 0xab, 0x83 }, 3 },
		{ "enable", { 0xf4 }, 1, { 0xfa }, 1 },
		{ "disable", { 0xf5 }, 1, { 0xfa }, 1 },
		{ "set default", { 0xf6 }, 1, { 0xfa }, 1 },
		{ "LEDs", { 0xed, 0x07 }, 2, { 0xfa, 0xfa }, 2 },
		{ "typematic", { 0xf3, 0x20 }, 2, { 0xfa, 0xfa }, 2 },
		{ "query set", { 0xf0, 0x00 }, 2, { 0xfa, 0xfa, 0x02 }, 3 },
		{ "set 1", { 0xf0, 0x01 }, 2, { 0xfa, 0xfa }, 2 },
		{ "bad set", { 0xf0, 0x07 }, 2, { 0xfa, 0xfe }, 2 },
		{ "echo", { 0xee }, 1, { 0xee }, 1 },
		{ "unknown 0x01", { 0x01 }, 1, { 0xfe }, 1 },
		{ "unknown 0xe0", { 0xe0 }, 1, { 0xfe }, 1 },
		{ "unknown 0xfd", { 0xfd }, 1, { 0xfe }, 1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		i8042__init(&f->k, (struct irq_line){ 0 }, (struct irq_line){ 0 }, NULL, NULL);
		check_exchange(&f->k, cases[i].what, false, cases[i].send, cases[i].nsend,
			       cases[i].reply, cases[i].nreply);
	}
}

static void test_keyboard_state(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;

	wr(k, 0xed);
	assert_int_equal(k->s.kbd.pending_cmd, 0xed);
	wr(k, 0x05);
	EXPECT(k, false, 0xfa, 0xfa);
	assert_int_equal(k->s.kbd.leds, 0x05);
	assert_int_equal(k->s.kbd.pending_cmd, 0);

	/* the set survives until a reset; the query reports it */
	wr(k, 0xf0);
	wr(k, 0x03);
	EXPECT(k, false, 0xfa, 0xfa);
	wr(k, 0xf0);
	wr(k, 0x00);
	EXPECT(k, false, 0xfa, 0xfa, 0x03);

	wr(k, 0xf5);
	EXPECT(k, false, 0xfa);
	assert_false(k->s.kbd.enabled);
	assert_int_equal(k->s.kbd.scancode_set, 2); /* 0xf5 restores defaults */
	assert_int_equal(k->s.kbd.leds, 0);
	wr(k, 0xf4);
	EXPECT(k, false, 0xfa);
	assert_true(k->s.kbd.enabled);

	wr(k, 0xed);
	wr(k, 0x02);
	assert_int_equal(k->s.kbd.leds, 0x02);
	/* reset forgets what the keyboard had not delivered yet, here the two ACKs */
	wr(k, 0xff);
	EXPECT(k, false, 0xfa, 0xaa);
	assert_int_equal(k->s.kbd.leds, 0);
	assert_true(k->s.kbd.enabled);
}

static void test_translation_changes_ids(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;

	set_ctr(k, 0x61); /* SeaBIOS's: translate, keyboard IRQ, mouse off */
	wr(k, 0xf2);
	EXPECT(k, false, 0xfa, 0xab, 0x41);
	wr(k, 0xf0);
	wr(k, 0x00);
	EXPECT(k, false, 0xfa, 0xfa, 0x41);
	wr(k, 0xf0);
	wr(k, 0x01);
	wr(k, 0xf0);
	wr(k, 0x00);
	EXPECT(k, false, 0xfa, 0xfa, 0xfa, 0xfa, 0x43);
	set_ctr(k, 0x01);
	wr(k, 0xf2);
	EXPECT(k, false, 0xfa, 0xab, 0x83);
}

static void test_status_bits(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;

	/* 0xd2: a byte as if from the keyboard */
	cmd(k, 0xd2);
	wr(k, 0x1c);
	assert_int_equal(st(k), OBF | UNLOCKED);
	EXPECT(k, false, 0x1c);
	/* 0xd3: as if from the mouse */
	cmd(k, 0xd3);
	wr(k, 0x42);
	assert_int_equal(st(k), OBF | AUXDATA | UNLOCKED);
	EXPECT(k, true, 0x42);
	assert_int_equal(st(k), UNLOCKED);

	/* bit 5 follows the byte at the head of the queue */
	cmd(k, 0xd3);
	wr(k, 0x01);
	cmd(k, 0xd2);
	wr(k, 0x02);
	cmd(k, 0xd3);
	wr(k, 0x03);
	EXPECT_NEXT(k, true, 0x01);
	EXPECT_NEXT(k, false, 0x02);
	EXPECT(k, true, 0x03);

	/* input buffer full is never seen: commands complete at once */
	cmd(k, 0xaa);
	assert_int_equal(st(k) & 0x02, 0);
	assert_int_equal(st(k) & 0xc0, 0);
	EXPECT(k, false, 0x55);

	/* the output port mirrors the buffer in bits 4 and 5 */
	cmd(k, 0xd3);
	wr(k, 0x99);
	cmd(k, 0xd0);
	EXPECT_NEXT(k, true, 0x99);
	EXPECT(k, false, 0xcf | 0x20);
	cmd(k, 0xd2);
	wr(k, 0x98);
	cmd(k, 0xd0);
	EXPECT(k, false, 0x98, 0xcf | 0x10);
}

static void test_read_empty_repeats_last(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;

	assert_int_equal(rd(k), 0x00);
	cmd(k, 0xaa);
	assert_int_equal(rd(k), 0x55);
	assert_int_equal(st(k) & OBF, 0);
	assert_int_equal(rd(k), 0x55);
	assert_int_equal(rd(k), 0x55);
	assert_int_equal(f->nr_ev, 2); /* one raise, one lower: empty reads drive nothing */
}

static void test_irq1_follows_ctr(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;

	/* interrupts off: a reply raises nothing */
	set_ctr(k, 0x00);
	wr(k, 0xf4);
	assert_int_equal(st(k) & OBF, OBF);
	assert_int_equal(f->nr_ev, 0);
	EXPECT(k, false, 0xfa);
	assert_int_equal(f->nr_ev, 0);

	/* enabling bit 0 with a byte waiting raises IRQ 1 at once */
	wr(k, 0xf4);
	set_ctr(k, 0x01);
	assert_int_equal(f->nr_ev, 1);
	assert_int_equal(f->ev[0].irq, 1);
	assert_int_equal(f->ev[0].level, 1);
	/* disabling it lowers the line again */
	set_ctr(k, 0x00);
	assert_int_equal(f->level[1], 0);
	set_ctr(k, 0x01);
	assert_int_equal(f->level[1], 1);
	EXPECT(k, false, 0xfa);
	assert_int_equal(f->level[1], 0);
	assert_int_equal(f->level[12], 0);

	/* two bytes: high, low-high on the first read (a new edge), low when drained */
	f->nr_ev = 0;
	wr(k, 0xff);
	assert_int_equal(f->nr_ev, 1);
	assert_int_equal(f->level[1], 1);
	assert_int_equal(rd(k), 0xfa);
	assert_int_equal(f->nr_ev, 3);
	assert_int_equal(f->ev[1].irq, 1);
	assert_int_equal(f->ev[1].level, 0);
	assert_int_equal(f->ev[2].irq, 1);
	assert_int_equal(f->ev[2].level, 1);
	assert_int_equal(rd(k), 0xaa);
	assert_int_equal(f->nr_ev, 4);
	assert_int_equal(f->ev[3].level, 0);
	assert_int_equal(f->level[1], 0);

	/* IRQ 12 never moved */
	for (int i = 0; i < f->nr_ev; i++)
		assert_int_equal(f->ev[i].irq, 1);
}

static void test_irq12_for_aux_bytes(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;

	set_ctr(k, 0x02); /* mouse interrupts only */
	cmd(k, 0xd3);
	wr(k, 0x08);
	assert_int_equal(f->level[12], 1);
	assert_int_equal(f->level[1], 0);
	/* a keyboard byte behind it waits without an interrupt of its own */
	cmd(k, 0xd2);
	wr(k, 0x1e);
	assert_int_equal(f->level[1], 0);
	EXPECT_NEXT(k, true, 0x08);
	assert_int_equal(f->level[12], 0);
	assert_int_equal(f->level[1], 0); /* bit 0 is clear */
	set_ctr(k, 0x03);
	assert_int_equal(f->level[1], 1);
	EXPECT(k, false, 0x1e);
	assert_int_equal(f->level[1], 0);

	/* bit 1 clear: aux bytes raise nothing */
	set_ctr(k, 0x01);
	f->nr_ev = 0;
	cmd(k, 0xd3);
	wr(k, 0x09);
	assert_int_equal(f->nr_ev, 0);
	EXPECT(k, true, 0x09);
	assert_int_equal(f->nr_ev, 0);
}

static void test_mouse_commands(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;
	static const struct {
		const char *what;
		uint8_t send[2];
		size_t nsend;
		uint8_t reply[4];
		size_t nreply;
	} cases[] = {
		{ "reset", { 0xff }, 1, { 0xfa, 0xaa, 0x00 }, 3 },
		{ "get id", { 0xf2 }, 1, { 0xfa, 0x00 }, 2 },
		{ "status after reset", { 0xe9 }, 1, { 0xfa, 0x00, 0x02, 0x64 }, 4 },
		{ "enable", { 0xf4 }, 1, { 0xfa }, 1 },
		{ "status enabled", { 0xe9 }, 1, { 0xfa, 0x20, 0x02, 0x64 }, 4 },
		{ "scale 2:1", { 0xe7 }, 1, { 0xfa }, 1 },
		{ "resolution", { 0xe8, 0x03 }, 2, { 0xfa, 0xfa }, 2 },
		{ "sample rate", { 0xf3, 0x28 }, 2, { 0xfa, 0xfa }, 2 },
		{ "status set", { 0xe9 }, 1, { 0xfa, 0x30, 0x03, 0x28 }, 4 },
		{ "scale 1:1", { 0xe6 }, 1, { 0xfa }, 1 },
		{ "disable", { 0xf5 }, 1, { 0xfa }, 1 },
		{ "defaults", { 0xf6 }, 1, { 0xfa }, 1 },
		{ "status default", { 0xe9 }, 1, { 0xfa, 0x00, 0x02, 0x64 }, 4 },
		{ "remote", { 0xf0 }, 1, { 0xfa }, 1 },
		{ "poll", { 0xeb }, 1, { 0xfa, 0x08, 0x00, 0x00 }, 4 },
		{ "stream", { 0xea }, 1, { 0xfa }, 1 },
		{ "wrap on", { 0xee }, 1, { 0xfa }, 1 },
		{ "wrap echo", { 0x5a }, 1, { 0x5a }, 1 },
		{ "wrap off", { 0xec }, 1, { 0xfa }, 1 },
		{ "unknown", { 0x5a }, 1, { 0xfe }, 1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_exchange(k, cases[i].what, true, cases[i].send, cases[i].nsend,
			       cases[i].reply, cases[i].nreply);
	/* none of it reached the keyboard */
	assert_int_equal(k->s.kbd.pending_cmd, 0);
	assert_true(k->s.kbd.enabled);
}

static void test_device_reset_drops_bytes(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;
	static const uint8_t keys[] = { 0x1e, 0x9e, 0x30, 0xb0 };

	assert_true(i8042__key_scancode(k, keys, sizeof(keys)));
	cmd(k, 0xd3);
	wr(k, 0x77);
	wr(k, 0xff); /* keyboard reset forgets the keys, not the mouse byte */
	EXPECT_NEXT(k, true, 0x77);
	EXPECT(k, false, 0xfa, 0xaa);

	cmd(k, 0xd3);
	wr(k, 0x66);
	cmd(k, 0xd2);
	wr(k, 0x55);
	cmd(k, 0xd4);
	wr(k, 0xff);
	EXPECT_NEXT(k, false, 0x55);
	EXPECT(k, true, 0xfa, 0xaa, 0x00);
}

static void test_queue_overflow(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;
	static const uint8_t two[] = { 0x2a, 0xaa };

	for (int i = 0; i < I8042_QUEUE_SIZE + 8; i++) {
		cmd(k, 0xd2);
		wr(k, (uint8_t)i);
	}
	assert_int_equal(k->s.q_len, I8042_QUEUE_SIZE);
	assert_int_equal(k->s.dropped, 8);
	assert_false(i8042__key_scancode(k, two, 1));
	assert_int_equal(k->s.dropped, 9);

	/* a multi-byte reply that does not fit is dropped whole */
	for (int i = 0; i < 2; i++)
		assert_int_equal(rd(k), i);
	wr(k, 0xf2); /* needs 3, has 2 */
	assert_int_equal(k->s.dropped, 12);
	assert_false(i8042__key_scancode(k, (const uint8_t[]){ 1, 2, 3 }, 3));
	assert_true(i8042__key_scancode(k, two, 2));
	for (int i = 2; i < I8042_QUEUE_SIZE; i++)
		assert_int_equal(rd(k), i);
	EXPECT(k, false, 0x2a, 0xaa);

	/* and the ring keeps working after wrapping */
	for (int round = 0; round < 3; round++) {
		wr(k, 0xff);
		EXPECT(k, false, 0xfa, 0xaa);
	}
}

static void test_reset_paths(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;
	static const struct {
		uint8_t cmd;
		bool resets;
	} pulses[] = {
		{ 0xfe, true },  { 0xfc, true },  { 0xf0, true },  { 0xfa, true },
		{ 0xf6, true },  { 0xff, false }, { 0xfd, false }, { 0xf1, false },
		{ 0xf3, false }, { 0xef, false }, { 0x7e, false },
	};

	for (size_t i = 0; i < sizeof(pulses) / sizeof(pulses[0]); i++) {
		int before = f->resets;

		cmd(k, pulses[i].cmd);
		if (f->resets - before != (pulses[i].resets ? 1 : 0))
			fail_msg("command 0x%02x: %d resets", pulses[i].cmd,
				 f->resets - before);
	}
	assert_int_equal(st(k) & OBF, 0);

	/* 0xd1 with bit 0 clear pulls reset; bit 1 is A20 */
	f->resets = 0;
	cmd(k, 0xd1);
	assert_int_equal(f->resets, 0);
	wr(k, 0xcd); /* A20 off, reset high */
	assert_int_equal(f->resets, 0);
	assert_false(i8042__a20(k));
	cmd(k, 0xd0);
	EXPECT(k, false, 0xcd);
	cmd(k, 0xdf);
	assert_true(i8042__a20(k));
	cmd(k, 0xdd);
	assert_false(i8042__a20(k));
	cmd(k, 0xd1);
	wr(k, 0xcf);
	assert_true(i8042__a20(k));
	assert_int_equal(f->resets, 0);

	cmd(k, 0xd1);
	wr(k, 0xce);
	assert_int_equal(f->resets, 1);

	/* no callback wired: nothing happens */
	i8042__init(k, (struct irq_line){ 0 }, (struct irq_line){ 0 }, NULL, NULL);
	cmd(k, 0xfe);
	cmd(k, 0xd1);
	wr(k, 0x00);
	assert_int_equal(f->resets, 1);
}

static void test_key_scancode(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;
	static const uint8_t a[] = { 0x1e, 0x9e };         /* 'a' down, up (set 1) */
	static const uint8_t ext[] = { 0xe0, 0x48, 0xe0, 0xc8 }; /* up arrow */

	assert_true(i8042__key_scancode(k, a, sizeof(a)));
	assert_int_equal(f->level[1], 1);
	EXPECT(k, false, 0x1e, 0x9e);
	assert_int_equal(f->level[1], 0);
	assert_true(i8042__key_scancode(k, ext, sizeof(ext)));
	EXPECT(k, false, 0xe0, 0x48, 0xe0, 0xc8);

	/* scanning disabled by the guest */
	wr(k, 0xf5);
	EXPECT(k, false, 0xfa);
	assert_false(i8042__key_scancode(k, a, sizeof(a)));
	wr(k, 0xf4);
	EXPECT(k, false, 0xfa);
	assert_true(i8042__key_scancode(k, a, 1));
	EXPECT(k, false, 0x1e);

	/* interface disabled in the command byte */
	cmd(k, 0xad);
	assert_false(i8042__key_scancode(k, a, sizeof(a)));
	assert_int_equal(st(k) & OBF, 0);
	cmd(k, 0xae);
	assert_true(i8042__key_scancode(k, a, sizeof(a)));
	EXPECT(k, false, 0x1e, 0x9e);
	assert_int_equal(k->s.dropped, 0);
}

/* Fill the queue through 0xd2 until FREE slots are left. */
static void fill_queue(struct i8042 *k, unsigned free)
{
	for (unsigned i = 0; i < I8042_QUEUE_SIZE - free; i++) {
		cmd(k, 0xd2);
		wr(k, (uint8_t)i);
	}
	assert_int_equal(k->s.q_len, I8042_QUEUE_SIZE - free);
}

static void drain_filler(struct i8042 *k, unsigned free)
{
	for (unsigned i = 0; i < I8042_QUEUE_SIZE - free; i++)
		assert_int_equal(rd(k), i);
}

static void test_key_set2_translated(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;
	static const struct {
		const char *what;
		uint8_t set2[8];
		size_t n2;
		uint8_t set1[8];
		size_t n1;
	} cases[] = {
		{ "A make", { 0x1c }, 1, { 0x1e }, 1 },
		{ "A break", { 0xf0, 0x1c }, 2, { 0x9e }, 1 },
		{ "Up make", { 0xe0, 0x75 }, 2, { 0xe0, 0x48 }, 2 },
		{ "Up break", { 0xe0, 0xf0, 0x75 }, 3, { 0xe0, 0xc8 }, 2 },
		{ "F7 make", { 0x83 }, 1, { 0x41 }, 1 },
		{ "F7 break", { 0xf0, 0x83 }, 2, { 0xc1 }, 1 },
		{ "Esc make", { 0x76 }, 1, { 0x01 }, 1 },
		{ "Alt-SysRq", { 0x84 }, 1, { 0x54 }, 1 },
		{ "set-2 code 0x00", { 0x00 }, 1, { 0xff }, 1 },
		{ "Pause", { 0xe1, 0x14, 0x77, 0xe1, 0xf0, 0x14, 0xf0, 0x77 }, 8,
		  { 0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5 }, 6 },
		{ "lone F0", { 0xf0 }, 1, { 0 }, 0 },
	};

	set_ctr(k, 0x61); /* SeaBIOS's: translate, keyboard IRQ, mouse off */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t got[16];
		size_t n = 0;
		char a[64], b[64];

		if (!i8042__key_set2(k, cases[i].set2, cases[i].n2))
			fail_msg("%s: refused", cases[i].what);
		if (!drain(k, got, sizeof(got), &n, false) || n != cases[i].n1 ||
		    memcmp(got, cases[i].set1, n))
			fail_msg("%s: guest read [%s], want [%s]", cases[i].what,
				 hex(got, n, a, sizeof(a)), hex(cases[i].set1, cases[i].n1, b, sizeof(b)));
	}
	assert_int_equal(k->s.dropped, 0);

	/* IRQ 1 for the translated byte, lowered when it is read */
	f->nr_ev = 0;
	assert_true(i8042__key_set2(k, (const uint8_t[]){ 0x5a }, 1));
	assert_int_equal(f->level[1], 1);
	assert_int_equal(f->nr_ev, 1);
	assert_int_equal(f->ev[0].irq, 1);
	assert_int_equal(st(k) & (OBF | AUXDATA), OBF);
	assert_int_equal(rd(k), 0x1c);
	assert_int_equal(f->level[1], 0);
	assert_int_equal(f->level[12], 0);
}

static void test_key_set2_untranslated(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;
	static const uint8_t up_break[] = { 0xe0, 0xf0, 0x75 };

	/* power-on command byte 0x03: no translation, the set-2 bytes as they are */
	assert_true(i8042__key_set2(k, up_break, sizeof(up_break)));
	assert_int_equal(f->level[1], 1);
	EXPECT(k, false, 0xe0, 0xf0, 0x75);
	assert_true(i8042__key_set2(k, (const uint8_t[]){ 0x1c }, 1));
	EXPECT(k, false, 0x1c);

	/* the guest turns translation on and off again */
	set_ctr(k, 0x41);
	assert_true(i8042__key_set2(k, up_break, sizeof(up_break)));
	EXPECT(k, false, 0xe0, 0xc8);
	set_ctr(k, 0x01);
	assert_true(i8042__key_set2(k, up_break, sizeof(up_break)));
	EXPECT(k, false, 0xe0, 0xf0, 0x75);
	assert_int_equal(k->s.dropped, 0);
}

static void test_key_set2_all_or_nothing(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;
	static const uint8_t up_break[] = { 0xe0, 0xf0, 0x75 };
	uint8_t many[I8042_QUEUE_SIZE + 8];

	/* translated, E0 F0 75 is two bytes: it fits in two free slots, not in one */
	set_ctr(k, 0x61);
	fill_queue(k, 1);
	assert_false(i8042__key_set2(k, up_break, sizeof(up_break)));
	assert_int_equal(k->s.q_len, I8042_QUEUE_SIZE - 1);
	assert_int_equal(k->s.dropped, 2);
	drain_filler(k, 1);
	assert_int_equal(st(k) & OBF, 0);

	fill_queue(k, 2);
	assert_true(i8042__key_set2(k, up_break, sizeof(up_break)));
	drain_filler(k, 2);
	EXPECT(k, false, 0xe0, 0xc8);

	/* untranslated, the same event needs three */
	set_ctr(k, 0x01);
	fill_queue(k, 2);
	assert_false(i8042__key_set2(k, up_break, sizeof(up_break)));
	assert_int_equal(k->s.dropped, 5);
	drain_filler(k, 2);
	assert_int_equal(st(k) & OBF, 0);
	fill_queue(k, 3);
	assert_true(i8042__key_set2(k, up_break, sizeof(up_break)));
	drain_filler(k, 3);
	EXPECT(k, false, 0xe0, 0xf0, 0x75);

	/* more than the whole queue, either way */
	memset(many, 0x1c, sizeof(many));
	assert_false(i8042__key_set2(k, many, sizeof(many)));
	set_ctr(k, 0x41);
	assert_false(i8042__key_set2(k, many, sizeof(many)));
	assert_int_equal(st(k) & OBF, 0);
	assert_int_equal(k->s.dropped, 5 + 2 * sizeof(many));
}

static void test_key_set2_keyboard_disabled(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;
	static const uint8_t a[] = { 0x1c };

	for (int xlate = 0; xlate < 2; xlate++) {
		set_ctr(k, xlate ? 0x41 : 0x01);
		/* scanning disabled by the guest */
		wr(k, 0xf5);
		EXPECT(k, false, 0xfa);
		assert_false(i8042__key_set2(k, a, 1));
		assert_int_equal(st(k) & OBF, 0);
		wr(k, 0xf4);
		EXPECT(k, false, 0xfa);
		/* interface disabled in the command byte */
		cmd(k, 0xad);
		assert_false(i8042__key_set2(k, a, 1));
		assert_int_equal(st(k) & OBF, 0);
		cmd(k, 0xae);
		assert_true(i8042__key_set2(k, a, 1));
		assert_int_equal(rd(k), xlate ? 0x1e : 0x1c);
	}
	assert_int_equal(k->s.dropped, 0);
	assert_int_equal(f->level[1], 0);
}

/*
 * A stream of keys as the pacing sends them (one event at a time, each read
 * by an IRQ 1 handler before the next): every byte arrives translated, in
 * order, IRQ 1 rises for each and falls once it is read, nothing is lost.
 */
static void test_key_stream_irq(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;
	/* "hi" then Up: set 2 events and the set 1 bytes the guest must read */
	static const uint8_t set2[][3] = { { 0x33 }, { 0xf0, 0x33 }, { 0x43 }, { 0xf0, 0x43 },
					   { 0xe0, 0x75 }, { 0xe0, 0xf0, 0x75 } };
	static const int len[] = { 1, 2, 1, 2, 2, 3 };
	static const uint8_t want[] = { 0x23, 0xa3, 0x17, 0x97, 0xe0, 0x48, 0xe0, 0xc8 };
	size_t got = 0;

	cmd(k, 0x60);
	wr(k, I8042_CTR_KBDINT | I8042_CTR_SYSFLAG | I8042_CTR_XLATE);
	for (size_t e = 0; e < sizeof(len) / sizeof(len[0]); e++) {
		assert_true(i8042__output_empty(k));
		assert_true(i8042__key_set2(k, set2[e], (size_t)len[e]));
		/* the handler: one byte per interrupt, while the line is up */
		while (f->level[1]) {
			assert_int_equal(st(k) & OBF, OBF);
			assert_true(got < sizeof(want));
			assert_int_equal(rd(k), want[got]);
			got++;
		}
	}
	assert_int_equal(got, sizeof(want));
	assert_true(i8042__output_empty(k));
	assert_int_equal(k->s.dropped, 0);
}

/* What direct mode starts from: a key typed goes out translated, with IRQ 1. */
static void test_as_after_bios(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;

	i8042__as_after_bios(k);
	assert_int_equal(k->s.ctr, I8042_CTR_KBDINT | I8042_CTR_SYSFLAG | I8042_CTR_XLATE);
	assert_int_equal(st(k) & I8042_STR_SYSFLAG, I8042_STR_SYSFLAG);
	assert_true(i8042__key_set2(k, (const uint8_t[]){ 0x1c }, 1));
	assert_int_equal(f->level[1], 1);
	assert_int_equal(rd(k), 0x1e); /* 'A', set 1 */
}

static void test_output_empty(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;

	assert_true(i8042__output_empty(k));
	assert_true(i8042__key_set2(k, (const uint8_t[]){ 0xf0, 0x1c }, 2));
	assert_false(i8042__output_empty(k));
	assert_int_equal(rd(k), 0xf0);
	assert_false(i8042__output_empty(k));
	assert_int_equal(rd(k), 0x1c);
	assert_true(i8042__output_empty(k));
	/* a controller reply counts as well as a key */
	cmd(k, 0x20);
	assert_false(i8042__output_empty(k));
	assert_int_equal(rd(k), 0x03);
	assert_true(i8042__output_empty(k));
}

static void test_on_poll_empty(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;

	assert_null(k->on_poll_empty); /* unwired by default: empty reads call nothing */
	assert_int_equal(st(k) & OBF, 0);
	assert_int_equal(rd(k), 0x00);

	i8042__on_poll_empty(k, count_poll_empty, f);
	assert_ptr_equal(k->poll_opaque, f);
	/* empty reads count from the second in a row: one is a driver's check */
	wr(k, 0xf4);                   /* a write starts the count again */
	EXPECT_NEXT(k, false, 0xfa);
	assert_int_equal(st(k) & OBF, 0);
	assert_int_equal(f->poll_empty, 0);
	rd(k);
	assert_int_equal(f->poll_empty, 1);
	assert_int_equal(st(k) & OBF, 0);
	assert_int_equal(f->poll_empty, 2);

	/* a byte waiting: neither its status read nor its data read is an empty poll,
	 * and the count starts again after it */
	assert_true(i8042__key_set2(k, (const uint8_t[]){ 0x1c }, 1));
	assert_int_equal(st(k) & OBF, OBF);
	assert_int_equal(rd(k), 0x1c);
	assert_int_equal(f->poll_empty, 2);
	assert_int_equal(st(k) & OBF, 0);
	assert_int_equal(f->poll_empty, 2);
	assert_int_equal(rd(k), 0x1c); /* the last byte again, and still empty */
	assert_int_equal(f->poll_empty, 3);

	/* a write between two empty reads: neither counts (SeaBIOS's command waits) */
	cmd(k, 0xae);                  /* enable the keyboard: no reply */
	st(k);
	cmd(k, 0xae);
	st(k);
	assert_int_equal(f->poll_empty, 3);

	/* a key queued from the callback: the read that called it still shows empty */
	f->key_on_poll = true;
	assert_int_equal(st(k) & OBF, 0);
	assert_int_equal(f->poll_empty, 4);
	assert_int_equal(st(k) & OBF, OBF);
	assert_int_equal(f->level[1], 1);
	assert_int_equal(rd(k), 0x1c);
	assert_int_equal(f->poll_empty, 4);

	/* ports the device does not own are not polls either */
	st(k);
	i8042__io(k, 0x61, 0, false);
	i8042__io(k, 0x61, 0, false);
	assert_int_equal(f->poll_empty, 4);
	i8042__on_poll_empty(k, NULL, NULL);
	st(k);
	st(k);
	assert_int_equal(f->poll_empty, 4);
}

/*
 * What SeaBIOS's ps2_keyboard_setup() does at POST (src/hw/ps2port.c), step
 * by step, with its polling loops bounded as its timeouts are: every step
 * must find its reply on the first status read.
 */
static int recv_byte(struct i8042 *k, bool aux)
{
	for (int polls = 0; polls < 4; polls++) {
		uint8_t s = st(k);

		if (s & OBF) {
			uint8_t v = rd(k);

			if (!!(s & AUXDATA) == aux)
				return v;
			fail_msg("SeaBIOS would discard 0x%02x (status 0x%02x)", v, s);
		}
	}
	return -1;
}

static void i8042_command(struct i8042 *k, uint8_t c, const uint8_t *send, size_t nsend,
			  uint8_t *recv, size_t nrecv)
{
	assert_int_equal(st(k) & 0x02, 0); /* i8042_wait_write */
	cmd(k, c);
	for (size_t i = 0; i < nsend; i++) {
		assert_int_equal(st(k) & 0x02, 0);
		wr(k, send[i]);
	}
	for (size_t i = 0; i < nrecv; i++) {
		int v;

		assert_true(st(k) & OBF); /* i8042_wait_read */
		v = rd(k);
		recv[i] = (uint8_t)v;
	}
}

static void kbd_command(struct i8042 *k, uint8_t *ctr, uint8_t c, const uint8_t *param,
			size_t nparam, uint8_t *recv, size_t nrecv)
{
	uint8_t newctr = (uint8_t)((*ctr | 0x30) & ~0x03);
	int v;

	i8042_command(k, 0x60, &newctr, 1, NULL, 0);
	newctr &= (uint8_t)~0x10;
	i8042_command(k, 0x60, &newctr, 1, NULL, 0);
	wr(k, c);
	assert_int_equal(recv_byte(k, false), 0xfa);
	for (size_t i = 0; i < nparam; i++) {
		wr(k, param[i]);
		assert_int_equal(recv_byte(k, false), 0xfa);
	}
	for (size_t i = 0; i < nrecv; i++) {
		v = recv_byte(k, false);
		assert_true(v >= 0);
		recv[i] = (uint8_t)v;
	}
	i8042_command(k, 0x60, ctr, 1, NULL, 0);
}

static void test_seabios_post_sequence(void **state)
{
	struct fixture *f = *state;
	struct i8042 *k = &f->k;
	uint8_t param[2], ctr;
	static const uint8_t set2 = 0x02;

	/* i8042_flush: nothing pending at power-on */
	assert_int_equal(st(k) & OBF, 0);
	i8042_command(k, 0xaa, NULL, 0, param, 1);
	assert_int_equal(param[0], 0x55);
	i8042_command(k, 0xab, NULL, 0, param, 1);
	assert_int_equal(param[0], 0x00);

	ctr = 0x30; /* keyboard and mouse disabled */
	kbd_command(k, &ctr, 0xff, NULL, 0, param, 1);
	assert_int_equal(param[0], 0xaa);
	/* reset's optional second byte: none, as from QEMU (SeaBIOS waits 100 ms for it) */
	assert_int_equal(recv_byte(k, false), -1);

	kbd_command(k, &ctr, 0xf5, NULL, 0, NULL, 0);
	kbd_command(k, &ctr, 0xf0, &set2, 1, NULL, 0);
	ctr = 0x61; /* mouse off, translation, keyboard IRQ */
	kbd_command(k, &ctr, 0xf4, NULL, 0, NULL, 0);

	assert_int_equal(st(k), SYSFLAG | UNLOCKED);
	assert_int_equal(k->s.ctr, 0x61);
	assert_true(k->s.kbd.enabled);
	assert_int_equal(k->s.kbd.scancode_set, 2);
	assert_int_equal(k->s.dropped, 0);
	assert_int_equal(f->resets, 0);
	assert_int_equal(f->level[1], 0);

	/* a key press now interrupts, and INT 09h reads it */
	assert_true(i8042__key_scancode(k, (const uint8_t[]){ 0x1c }, 1));
	assert_int_equal(f->level[1], 1);
	assert_int_equal(st(k) & (OBF | AUXDATA), OBF);
	assert_int_equal(rd(k), 0x1c);
	assert_int_equal(f->level[1], 0);
}

static void test_register_ports(void **state)
{
	struct fixture *f = *state;
	const struct bus_range *r;
	uint8_t d;

	assert_int_equal(i8042__register(&f->k, &f->bus), 0);
	r = bus__find(&f->bus, 0x60);
	assert_non_null(r);
	assert_int_equal(r->len, 1);
	assert_int_equal(r->width, 1);
	assert_ptr_equal(r->opaque, &f->k);
	r = bus__find(&f->bus, 0x64);
	assert_non_null(r);
	assert_int_equal(r->len, 1);
	for (uint64_t port = 0x61; port < 0x64; port++)
		assert_null(bus__find(&f->bus, port));
	assert_null(bus__find(&f->bus, 0x65));
	assert_int_equal(i8042__register(&f->k, &f->bus), -EEXIST);

	d = 0xaa;
	assert_true(bus__access(&f->bus, 0x64, &d, 1, true));
	assert_true(bus__access(&f->bus, 0x64, &d, 1, false));
	assert_int_equal(d, OBF | SYSFLAG | CMDBIT | UNLOCKED);
	assert_true(bus__access(&f->bus, 0x60, &d, 1, false));
	assert_int_equal(d, 0x55);

	/* ports the device does not own */
	assert_int_equal(i8042__io(&f->k, 0x61, 0, false), 0xff);
	i8042__io(&f->k, 0x61, 0xfe, true);
	assert_int_equal(f->resets, 0);
}

/* One port access of a replayed script. */
struct access {
	uint16_t port;
	uint8_t value;
	bool is_write;
};

#define CMD(v) { 0x64, (v), true }
#define WR(v) { 0x60, (v), true }
#define ST { 0x64, 0, false }
#define RD { 0x60, 0, false }

/*
 * A snapshot is a copy of s: a second device with its own wiring, given a
 * copy of the first's state, must answer every later access as the first
 * does and drive its own lines the same way.
 */
static void test_state_restores_by_copy(void **state)
{
	struct fixture *f = *state;
	struct fixture copy = { 0 }; /* on the stack: a failed check leaks nothing */
	struct fixture *g = &copy;
	struct i8042 *k = &f->k;
	static const struct access script[] = {
		WR(0x99),             /* the pending 0xd2: a keyboard byte */
		WR(0x01),             /* the pending 0xf0's parameter: set 1 */
		CMD(0xd4), WR(0x03),  /* the pending 0xe8's parameter */
		WR(0xf0), WR(0x00),   /* query the set: translated, so 0x43 */
		CMD(0xd4), WR(0xe9),  /* mouse status */
		ST, RD, ST, RD, ST, RD, ST, RD, ST, RD, ST, RD, ST, RD,
		ST, RD, ST, RD, ST, RD, ST, RD, ST, RD, ST, RD,
		ST, RD,               /* empty: the last byte again */
		CMD(0x20), ST, RD,    /* the command byte survived */
		CMD(0xd1), WR(0xcc),  /* A20 off and a CPU reset */
		CMD(0xd0), RD,
	};
	/* the 13 bytes queued, in order, then the repeats and the two controller reads */
	static const uint8_t want_data[] = {
		0xfa, 0xfa, 0x55, 0x99, 0xfa, 0xfa, 0xfa, 0xfa, 0x43,
		0xfa, 0x00, 0x03, 0x64, 0x64, 0x61, 0xcc,
	};
	uint8_t out_f[sizeof(script) / sizeof(script[0])];
	uint8_t out_g[sizeof(script) / sizeof(script[0])];
	size_t nd = 0;

	/* the non-trivial state, built through the ports */
	set_ctr(k, 0x61);     /* translation, IRQ 1 only, mouse interface off */
	cmd(k, 0xd3);
	wr(k, 0x42);          /* a mouse byte, raising nothing */
	wr(k, 0xf0);          /* keyboard: ACK queued, the parameter awaited */
	cmd(k, 0xd4);
	wr(k, 0xe8);          /* mouse: ACK queued, the parameter awaited */
	cmd(k, 0xaa);         /* 0x55 queued, system flag set */
	assert_int_equal(rd(k), 0x42); /* the ring's head moves; the keyboard ACK raises IRQ 1 */
	cmd(k, 0xd2);         /* the controller awaits its data byte */
	assert_int_equal(k->s.q_len, 3);
	assert_int_equal(k->s.kbd.pending_cmd, 0xf0);
	assert_int_equal(k->s.aux.pending_cmd, 0xe8);
	assert_int_equal(k->s.pending_cmd, 0xd2);
	assert_int_equal(k->s.kbd_level, 1);
	assert_int_equal(f->level[1], 1);

	/* a fresh device with its own lines and callback, then the copy */
	i8042__init(&g->k, (struct irq_line){ record_irq, g, 1 },
		    (struct irq_line){ record_irq, g, 12 }, count_reset, g);
	assert_int_equal(g->k.s.version, I8042_STATE_VERSION);
	memcpy(&g->k.s, &k->s, sizeof(k->s));
	assert_int_equal(g->k.s.version, I8042_STATE_VERSION);
	assert_ptr_equal(g->k.kbd_irq.opaque, g); /* the wiring stayed its own */
	assert_ptr_equal(g->k.aux_irq.opaque, g);
	assert_ptr_equal(g->k.reset_opaque, g);
	assert_int_equal(g->nr_ev, 0);

	f->nr_ev = 0;
	f->resets = 0;
	for (size_t i = 0; i < sizeof(script) / sizeof(script[0]); i++) {
		const struct access *a = &script[i];

		out_f[i] = i8042__io(k, a->port, a->value, a->is_write);
		out_g[i] = i8042__io(&g->k, a->port, a->value, a->is_write);
		if (out_f[i] != out_g[i])
			fail_msg("access %zu (port 0x%02x %s 0x%02x): original 0x%02x, copy 0x%02x",
				 i, a->port, a->is_write ? "write" : "read", a->value, out_f[i],
				 out_g[i]);
		if (a->port == 0x60 && !a->is_write) {
			assert_true(nd < sizeof(want_data));
			if (out_f[i] != want_data[nd])
				fail_msg("data read %zu: 0x%02x, want 0x%02x", nd, out_f[i],
					 want_data[nd]);
			nd++;
		}
	}
	assert_int_equal(nd, sizeof(want_data));

	/* the same edges on each device's own lines: the copied levels were honoured */
	assert_true(f->nr_ev > 0 && f->nr_ev < MAX_EVENTS);
	assert_int_equal(g->nr_ev, f->nr_ev);
	for (int i = 0; i < f->nr_ev; i++)
		if (f->ev[i].irq != g->ev[i].irq || f->ev[i].level != g->ev[i].level)
			fail_msg("irq event %d: original IRQ %u level %d, copy IRQ %u level %d",
				 i, f->ev[i].irq, f->ev[i].level, g->ev[i].irq, g->ev[i].level);
	/* the first read lowered IRQ 1, which the copy only knew was high from its state */
	assert_int_equal(g->ev[0].irq, 1);
	assert_int_equal(g->ev[0].level, 0);
	assert_int_equal(f->resets, 1);
	assert_int_equal(g->resets, 1);
	assert_false(i8042__a20(&g->k));
	assert_memory_equal(&g->k.s, &k->s, sizeof(k->s));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_power_on, setup, teardown),
		cmocka_unit_test_setup_teardown(test_controller_replies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_self_test_sysflag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_command_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keyboard_commands, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keyboard_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_translation_changes_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_bits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_empty_repeats_last, setup, teardown),
		cmocka_unit_test_setup_teardown(test_irq1_follows_ctr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_irq12_for_aux_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mouse_commands, setup, teardown),
		cmocka_unit_test_setup_teardown(test_device_reset_drops_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue_overflow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_scancode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_set2_translated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_set2_untranslated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_set2_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_set2_keyboard_disabled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_stream_irq, setup, teardown),
		cmocka_unit_test_setup_teardown(test_as_after_bios, setup, teardown),
		cmocka_unit_test_setup_teardown(test_output_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_on_poll_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seabios_post_sequence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_ports, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_restores_by_copy, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
