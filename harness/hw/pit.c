/* pit.c - Intel 8254 interval timer (ports 0x40-0x43) and system control port B (0x61), on virtual time. */
#include "hw/pit.h"

#include <string.h> // memset

#define CW_SELECT_SHIFT 6
#define CW_READ_BACK 3          /* select field value of a read-back command */
#define CW_RW_SHIFT 4
#define CW_RW_LATCH 0           /* RW field value of a counter latch command */
#define CW_MODE_SHIFT 1
#define CW_BCD 0x01
#define RB_NO_COUNT 0x20        /* read-back: active low */
#define RB_NO_STATUS 0x10

#define RW_LSB 1
#define RW_MSB 2
#define RW_WORD 3

#define STATUS_OUT 0x80
#define STATUS_NULL 0x40

#define BINARY_TOP 65536u
#define BCD_TOP 10000u

/* ---------------------------------------------------------------- time */

static uint64_t clocks_in(uint64_t ns)
{
	return (uint64_t)((unsigned __int128)ns * PIT_FREQ_HZ / NS_PER_SEC);
}

/*
 * Rounded up, so that clocks_in(ns_of(k)) == k: an edge is never delivered
 * before the clock tick that makes it.
 */
static uint64_t ns_of(uint64_t clocks)
{
	unsigned __int128 ns = ((unsigned __int128)clocks * NS_PER_SEC + PIT_FREQ_HZ - 1) /
			       PIT_FREQ_HZ;

	return ns >= VCLOCK_NEVER ? VCLOCK_NEVER : (uint64_t)ns;
}

/* ------------------------------------------------------------ counting */

static unsigned mode_of(const struct pit_channel *c)
{
	return c->mode > 5 ? c->mode - 4u : c->mode; /* 6 and 7 alias 2 and 3 */
}

static bool gate_triggered(unsigned mode)
{
	return mode == 1 || mode == 5;
}

/* The counting element holds a count (else reads return c->idle). */
static bool has_count(const struct pit_channel *c)
{
	return c->loaded && (!gate_triggered(mode_of(c)) || c->triggered);
}

static bool counting(const struct pit_channel *c)
{
	if (!has_count(c))
		return false;
	return gate_triggered(mode_of(c)) || c->gate;
}

/* Input clocks the counting element has counted since its count was loaded. */
static uint64_t elapsed(const struct pit_channel *c, uint64_t now)
{
	if (!counting(c) || now <= c->load_ns)
		return c->base_clocks;
	return c->base_clocks + clocks_in(now - c->load_ns);
}

static uint32_t top_of(const struct pit_channel *c)
{
	return c->bcd ? BCD_TOP : BINARY_TOP;
}

static uint16_t encode(const struct pit_channel *c, uint32_t n)
{
	if (!c->bcd)
		return (uint16_t)n;
	return (uint16_t)(n / 1000 << 12 | n / 100 % 10 << 8 | n / 10 % 10 << 4 | n % 10);
}

/*
 * A non-decimal BCD digit counts as its binary value (the 8254's digit
 * counts down from it), so a hostile count stays below 16666.
 */
static uint32_t decode(const struct pit_channel *c, uint16_t raw)
{
	uint32_t n = raw;

	if (c->bcd)
		n = (raw >> 12) * 1000u + (raw >> 8 & 0xf) * 100u + (raw >> 4 & 0xf) * 10u +
		    (raw & 0xf);
	return n ? n : top_of(c);
}

static uint16_t counter_value(const struct pit_channel *c, uint64_t now)
{
	uint32_t n = c->ce_count, top = top_of(c), half, p;
	uint64_t e;

	if (!has_count(c))
		return c->idle;
	e = elapsed(c, now);
	switch (mode_of(c)) {
	case 2:
		n -= (uint32_t)(e % n);
		break;
	case 3:
		/*
		 * Decrements by two from the count rounded down to even, once
		 * per half; an odd count's first half is one clock longer.
		 */
		p = (uint32_t)(e % n);
		half = (n + 1) / 2;
		n = (n & ~1u) - 2 * (p < half ? p : p - half);
		break;
	default:
		/* one-shots keep counting down past zero, wrapping at the top */
		n = (uint32_t)((n + top - e % top) % top);
		break;
	}
	return encode(c, n % top);
}

static bool out_level(const struct pit_channel *c, uint64_t now)
{
	unsigned mode = mode_of(c);
	uint64_t e = elapsed(c, now), n = c->ce_count;

	if (!c->loaded)
		return mode != 0;
	switch (mode) {
	case 0:
		return e >= n;
	case 1:
		return !c->triggered || e >= n;
	case 2:
		return !c->gate || e % n != n - 1;
	case 3:
		return !c->gate || e % n < (n + 1) / 2;
	case 4:
		return e != n;
	default:
		return !c->triggered || e != n;
	}
}

/*
 * The first rising edge of OUT strictly after AFTER, computed (never
 * stepped) so that a period of two clocks costs what 65536 does.
 */
static uint64_t next_rise(const struct pit_channel *c, uint64_t after)
{
	uint64_t e = elapsed(c, after), n = c->ce_count, k, t;

	if (!counting(c))
		return VCLOCK_NEVER;
	switch (mode_of(c)) {
	case 0:
	case 1:
		k = n;
		break;
	case 2:
	case 3:
		if (n < 2)
			return VCLOCK_NEVER; /* a count of 1: OUT never changes */
		k = (e / n + 1) * n;
		break;
	default:
		k = n + 1; /* the end of the strobe */
		break;
	}
	if (k <= e)
		return VCLOCK_NEVER;
	t = ns_of(k - c->base_clocks);
	return t >= VCLOCK_NEVER - c->load_ns ? VCLOCK_NEVER : c->load_ns + t;
}

/* The count register reaches the counting element one clock after its load. */
static void settle_null(struct pit_channel *c, uint64_t now)
{
	if (c->null_count && has_count(c) && !c->armed && now > c->load_ns &&
	    clocks_in(now - c->load_ns) >= 1)
		c->null_count = false;
}

/* ---------------------------------------------------------------- IRQ 0 */

/*
 * One low-high pulse however many edges were missed: the PIC's IRR holds
 * one request per input, so real hardware coalesces them too.
 */
static void deliver(struct pit *p, uint64_t now)
{
	const struct pit_channel *c0 = &p->s.ch[0];

	if (now < p->s.irq_seen_ns)
		return;
	if (next_rise(c0, p->s.irq_seen_ns) <= now) {
		irq__set(&p->irq0, 0);
		irq__set(&p->irq0, 1);
	}
	p->s.irq_seen_ns = now;
	irq__set(&p->irq0, out_level(c0, now));
}

uint64_t pit__update(void *pit, uint64_t now_ns)
{
	struct pit *p = pit;

	deliver(p, now_ns);
	/* irq_seen_ns is now NOW_NS, or later when asked about the past */
	return next_rise(&p->s.ch[0], p->s.irq_seen_ns);
}

/*
 * After the guest reprogrammed channel 0 (its old edges delivered first):
 * OUT0 may have moved, which the PIC sees as the 8254's pin moving.
 */
static void ch0_changed(struct pit *p, uint64_t now)
{
	if (now >= p->s.irq_seen_ns)
		irq__set(&p->irq0, out_level(&p->s.ch[0], now));
	vclock__changed(p->clock);
}

/* ----------------------------------------------------------- the guest */

static void load(struct pit_channel *c, uint16_t raw, uint64_t now)
{
	c->count = decode(c, raw);
	c->loaded = true;
	c->null_count = true;
	if (gate_triggered(mode_of(c))) {
		c->armed = true; /* a running one-shot finishes with its old count */
		return;
	}
	/*
	 * At once, in every mode: in modes 2 and 3 the 8254 would wait for the
	 * end of the current period (as QEMU, this model does not).
	 */
	c->ce_count = c->count;
	c->base_clocks = 0;
	c->load_ns = now;
}

static void write_counter(struct pit_channel *c, uint8_t v, uint64_t now)
{
	switch (c->rw) {
	case RW_LSB:
		load(c, v, now);
		break;
	case RW_MSB:
		load(c, (uint16_t)(v << 8), now);
		break;
	default:
		if (c->write_msb) {
			c->write_msb = false;
			load(c, (uint16_t)(c->write_lsb | v << 8), now);
			break;
		}
		c->write_lsb = v;
		c->write_msb = true;
		if (mode_of(c) == 0 && c->loaded) {
			/* mode 0: the first byte stops the count and drops OUT */
			c->idle = counter_value(c, now);
			c->loaded = false;
		}
		break;
	}
}

static uint8_t read_counter(struct pit_channel *c, uint64_t now)
{
	uint16_t v;
	bool msb;

	if (c->status_latched) {
		c->status_latched = false;
		return c->status;
	}
	v = c->latched ? c->latch : counter_value(c, now);
	msb = c->rw == RW_MSB || (c->rw == RW_WORD && c->read_msb);
	if (c->rw == RW_WORD)
		c->read_msb = !c->read_msb;
	/* a word latch is released by its second byte, the others by their only one */
	if (c->latched && (c->rw != RW_WORD || msb))
		c->latched = false;
	return msb ? (uint8_t)(v >> 8) : (uint8_t)v;
}

static void latch_count(struct pit_channel *c, uint64_t now)
{
	if (c->latched)
		return; /* the first latch holds until it is read */
	c->latch = counter_value(c, now);
	c->latched = true;
}

static void latch_status(struct pit_channel *c, uint64_t now)
{
	if (c->status_latched)
		return;
	c->status = (uint8_t)((out_level(c, now) ? STATUS_OUT : 0) |
			      (c->null_count ? STATUS_NULL : 0) | c->rw << CW_RW_SHIFT |
			      c->mode << CW_MODE_SHIFT | (c->bcd ? CW_BCD : 0));
	c->status_latched = true;
}

static void set_mode(struct pit_channel *c, uint8_t cw, uint64_t now)
{
	c->idle = counter_value(c, now);
	c->mode = cw >> CW_MODE_SHIFT & 7;
	c->rw = cw >> CW_RW_SHIFT & 3;
	c->bcd = cw & CW_BCD;
	c->loaded = false;
	c->armed = false;
	c->triggered = false;
	c->base_clocks = 0;
	c->load_ns = now;
	c->null_count = true;
	c->latched = false; /* a latch holds until read or reprogrammed */
	c->status_latched = false;
	c->read_msb = false;
	c->write_msb = false;
}

static void write_control(struct pit *p, uint8_t cw, uint64_t now)
{
	unsigned sel = cw >> CW_SELECT_SHIFT;
	struct pit_channel *c;

	if (sel == CW_READ_BACK) {
		for (unsigned i = 0; i < PIT_CHANNELS; i++) {
			if (!(cw & 2u << i))
				continue;
			if (!(cw & RB_NO_COUNT))
				latch_count(&p->s.ch[i], now);
			if (!(cw & RB_NO_STATUS))
				latch_status(&p->s.ch[i], now);
		}
		return;
	}
	c = &p->s.ch[sel];
	if ((cw >> CW_RW_SHIFT & 3) == CW_RW_LATCH) {
		latch_count(c, now);
		return;
	}
	if (sel == 0)
		deliver(p, now);
	set_mode(c, cw, now);
	if (sel == 0)
		ch0_changed(p, now);
}

/* Channel 2's gate; those of channels 0 and 1 are tied high. */
static void set_gate(struct pit_channel *c, bool level, uint64_t now)
{
	unsigned mode = mode_of(c);

	if (c->gate == level)
		return;
	if (!level) {
		if (!gate_triggered(mode))
			c->base_clocks = elapsed(c, now); /* suspended where it is */
		c->gate = false;
		return;
	}
	c->gate = true;
	if (!c->loaded)
		return;
	switch (mode) {
	case 0:
	case 4:
		c->load_ns = now; /* resumes from base_clocks */
		break;
	case 1:
	case 5:
		c->ce_count = c->count;
		c->armed = false;
		c->triggered = true;
		c->base_clocks = 0;
		c->load_ns = now;
		break;
	default:
		c->base_clocks = 0;
		c->load_ns = now;
		break;
	}
}

static uint8_t read_port_b(const struct pit *p, uint64_t now)
{
	return (uint8_t)(p->s.port61 | ((now / PIT_REFRESH_NS) & 1 ? PIT_B_REFRESH : 0) |
			 (out_level(&p->s.ch[2], now) ? PIT_B_OUT2 : 0));
}

uint8_t pit__io(struct pit *p, uint16_t port, uint8_t value, bool is_write)
{
	uint64_t now = vclock__now(p->clock);
	unsigned i = (unsigned)(port - PIT_PORT_COUNTER0);

	for (unsigned k = 0; k < PIT_CHANNELS; k++)
		settle_null(&p->s.ch[k], now);
	if (port == PIT_PORT_B) {
		if (!is_write)
			return read_port_b(p, now);
		p->s.port61 = value & PIT_B_STORED;
		set_gate(&p->s.ch[2], value & PIT_B_GATE2, now);
		return 0;
	}
	if (port == PIT_PORT_MODE) {
		if (is_write)
			write_control(p, value, now);
		return is_write ? 0 : 0xff; /* write-only */
	}
	if (i >= PIT_CHANNELS)
		return is_write ? 0 : 0xff;
	if (!is_write)
		return read_counter(&p->s.ch[i], now);
	if (i == 0)
		deliver(p, now);
	write_counter(&p->s.ch[i], value, now);
	if (i == 0)
		ch0_changed(p, now);
	return 0;
}

/* ------------------------------------------------------------- machine */

void pit__init(struct pit *p, struct vclock *clock, struct irq_line irq0)
{
	memset(p, 0, sizeof(*p));
	p->s.version = PIT_STATE_VERSION;
	for (unsigned i = 0; i < PIT_CHANNELS; i++) {
		struct pit_channel *c = &p->s.ch[i];

		c->rw = RW_WORD;
		c->gate = i != 2;
		c->null_count = true;
	}
	p->s.irq_seen_ns = vclock__now(clock);
	p->clock = clock;
	p->irq0 = irq0;
}

void pit__restart(struct pit *p, uint64_t now_ns)
{
	for (unsigned i = 0; i < PIT_CHANNELS; i++) {
		struct pit_channel *c = &p->s.ch[i];
		unsigned mode = mode_of(c);
		uint64_t e, end;

		settle_null(c, now_ns);
		if (!has_count(c))
			continue;
		e = elapsed(c, now_ns);
		end = c->ce_count + (mode == 4 || mode == 5); /* when a one-shot is over */
		if (mode == 2 || mode == 3 || e < end)
			c->base_clocks = 0;
		else
			c->base_clocks = end;
		c->load_ns = now_ns;
	}
	p->s.irq_seen_ns = now_ns;
	irq__set(&p->irq0, 0);
	irq__set(&p->irq0, out_level(&p->s.ch[0], now_ns));
	vclock__changed(p->clock);
}

bool pit__out(const struct pit *p, unsigned channel, uint64_t now_ns)
{
	return channel < PIT_CHANNELS && out_level(&p->s.ch[channel], now_ns);
}

uint16_t pit__count(const struct pit *p, unsigned channel, uint64_t now_ns)
{
	return channel < PIT_CHANNELS ? counter_value(&p->s.ch[channel], now_ns) : 0;
}

/* the bus's view of this device: byte-wide registers */
static uint8_t pit_bus(void *opaque, uint16_t port, uint8_t value, bool is_write)
{
	return pit__io(opaque, port, value, is_write);
}

int pit__register(struct pit *p, struct bus *bus)
{
	int r = bus__register_bytes(bus, PIT_PORT_COUNTER0, 4, pit_bus, p, "pit");

	if (r)
		return r;
	return bus__register_bytes(bus, PIT_PORT_B, 1, pit_bus, p, "port61");
}
