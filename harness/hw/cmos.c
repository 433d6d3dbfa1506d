/* cmos.c - MC146818 CMOS/RTC on ports 0x70-0x71: 128 bytes, a clock on virtual time, IRQ 8. */
#include "hw/cmos.h"

#include <string.h> // memset

#define INDEX_MASK 0x7f
#define INDEX_NMI 0x80

#define KIB 1024ull
#define MIB (1024 * KIB)

#define DIVIDER_RUN 0x20 /* register A bits 6-4 = 010: the 32.768 kHz time base, running */
#define BASE_HZ 32768
/* UIP rises 8 cycles of the time base (244 us) before each update */
#define UIP_NS (8 * NS_PER_SEC / BASE_HZ)
/* the divider leaves reset half-way through a second */
#define RESTART_NS (NS_PER_SEC / 2)
/* each flag of register C shares its bit with its enable in register B */
#define FLAGS (CMOS_C_PF | CMOS_C_AF | CMOS_C_UF)

#define SECS_PER_DAY 86400

/*
 * The time is pinned so that a guest printing the date gives the same output
 * on every run: 2025-01-01 was a Wednesday, day 4 counting Sunday as 1.
 */
#define EPOCH_YEAR 2025
#define EPOCH_HOUR 12
#define EPOCH_DAY_OF_WEEK 4

static const struct {
	uint8_t reg, value;
} power_on[] = {
	{ CMOS_REG_STATUS_A, 0x26 }, /* 32.768 kHz time base, 1024 Hz periodic rate */
	{ CMOS_REG_STATUS_B, 0x02 }, /* 24-hour, BCD, no interrupts */
	{ CMOS_REG_STATUS_C, 0x00 },
	{ CMOS_REG_STATUS_D, 0x80 }, /* RAM and time valid */
};

/* ---- calendar ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b < 0);
}

static int64_t floor_mod(int64_t a, int64_t b)
{
	int64_t r = a % b;

	return r < 0 ? r + b : r;
}

/*
 * Days from 1970-01-01 to Y-M-D (proleptic Gregorian, M 1-12).  D may lie
 * outside the month: it carries, as a guest's out-of-range byte should.
 */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;

	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468; /* count from 0000-03-01: leap days come last in a year */
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;

	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* ---- register formats ---- */

static bool binary_mode(const struct cmos *c)
{
	return c->s.ram[CMOS_REG_STATUS_B] & CMOS_B_DM_BINARY;
}

/* A register byte's value; bad BCD digits just give a value out of range. */
static unsigned from_reg(const struct cmos *c, uint8_t v)
{
	return binary_mode(c) ? v : (v >> 4) * 10u + (v & 0x0f);
}

/* V (0-99) as a register byte. */
static uint8_t to_reg(const struct cmos *c, unsigned v)
{
	return binary_mode(c) ? (uint8_t)v : (uint8_t)((v / 10) << 4 | v % 10);
}

/* An hours byte as 0-23 (more for a bad byte); in 12-hour mode bit 7 is PM, 12 AM midnight. */
static unsigned hours_from_reg(const struct cmos *c, uint8_t v)
{
	if (c->s.ram[CMOS_REG_STATUS_B] & CMOS_B_24H)
		return from_reg(c, v);
	return from_reg(c, v & 0x7f) % 12 + (v & 0x80 ? 12 : 0);
}

static uint8_t hours_to_reg(const struct cmos *c, unsigned h)
{
	if (c->s.ram[CMOS_REG_STATUS_B] & CMOS_B_24H)
		return to_reg(c, h);
	return (uint8_t)(to_reg(c, h % 12 ? h % 12 : 12) | (h >= 12 ? 0x80 : 0));
}

/*
 * The time registers as seconds since 1970.  Whatever the guest wrote, each
 * field is bounded (at most 255) and out-of-range ones carry into the next,
 * so a bad byte gives some time, never a fault.
 */
static int64_t read_time(const struct cmos *c)
{
	const uint8_t *r = c->s.ram;
	int64_t month0 = (int64_t)from_reg(c, r[CMOS_REG_MONTH]) - 1;
	int64_t year = from_reg(c, r[CMOS_REG_CENTURY]) * 100 + from_reg(c, r[CMOS_REG_YEAR]) +
		       floor_div(month0, 12);
	int64_t days = days_from_civil(year, floor_mod(month0, 12) + 1,
				       from_reg(c, r[CMOS_REG_DAY_OF_MONTH]));

	return days * SECS_PER_DAY + hours_from_reg(c, r[CMOS_REG_HOURS]) * 3600 +
	       from_reg(c, r[CMOS_REG_MINUTES]) * 60 + from_reg(c, r[CMOS_REG_SECONDS]);
}

/* Set the time registers to T (seconds since 1970), the day of the week to the byte DOW. */
static void write_time(struct cmos *c, int64_t t, uint8_t dow)
{
	uint8_t *r = c->s.ram;
	int64_t tod = floor_mod(t, SECS_PER_DAY);
	int64_t year;
	unsigned month, day;

	civil_from_days(floor_div(t, SECS_PER_DAY), &year, &month, &day);
	r[CMOS_REG_SECONDS] = to_reg(c, (unsigned)(tod % 60));
	r[CMOS_REG_MINUTES] = to_reg(c, (unsigned)(tod / 60 % 60));
	r[CMOS_REG_HOURS] = hours_to_reg(c, (unsigned)(tod / 3600));
	r[CMOS_REG_DAY_OF_WEEK] = dow;
	r[CMOS_REG_DAY_OF_MONTH] = to_reg(c, day);
	r[CMOS_REG_MONTH] = to_reg(c, month);
	r[CMOS_REG_YEAR] = to_reg(c, (unsigned)floor_mod(year, 100));
	r[CMOS_REG_CENTURY] = to_reg(c, (unsigned)floor_mod(floor_div(year, 100), 100));
}

/* ---- alarm ---- */

#define ALARM_ANY (-1)   /* bits 7-6 set: matches every value */
#define ALARM_NEVER (-2) /* a byte no time register can hold */

static int alarm_value(const struct cmos *c, uint8_t reg, bool hours, unsigned limit)
{
	uint8_t v = c->s.ram[reg];

	if ((v & 0xc0) == 0xc0)
		return ALARM_ANY;
	unsigned x = hours ? hours_from_reg(c, v) : from_reg(c, v);

	/* the chip compares bytes: one that no valid time encodes to never matches */
	if (x >= limit || (hours ? hours_to_reg(c, x) : to_reg(c, x)) != v)
		return ALARM_NEVER;
	return (int)x;
}

/* The first second of the day at or after TOD that matches H:M:S, or -1. */
static int64_t first_match(int h, int m, int s, int64_t tod)
{
	int64_t h0 = tod / 3600, m0 = tod / 60 % 60, s0 = tod % 60;

	if (h == ALARM_NEVER || m == ALARM_NEVER || s == ALARM_NEVER)
		return -1;
	/* at most 24 * 60 steps: whole minutes at a time */
	for (int64_t hh = h0; hh < 24; hh++) {
		if (h != ALARM_ANY && h != hh)
			continue;
		for (int64_t mm = hh == h0 ? m0 : 0; mm < 60; mm++) {
			int64_t from = hh == h0 && mm == m0 ? s0 : 0;

			if (m != ALARM_ANY && m != mm)
				continue;
			if (s == ALARM_ANY)
				return hh * 3600 + mm * 60 + from;
			if (s >= from)
				return hh * 3600 + mm * 60 + s;
		}
	}
	return -1;
}

/* Whether the alarm matches the time after any of the updates in (FROM, TO], in seconds. */
static bool alarm_between(const struct cmos *c, int64_t from, int64_t to)
{
	int h = alarm_value(c, CMOS_REG_HOURS_ALARM, true, 24);
	int m = alarm_value(c, CMOS_REG_MINUTES_ALARM, false, 60);
	int s = alarm_value(c, CMOS_REG_SECONDS_ALARM, false, 60);
	int64_t start = from + 1;
	int64_t tod = floor_mod(start, SECS_PER_DAY);
	int64_t hit;

	if (to - from >= SECS_PER_DAY)
		return first_match(h, m, s, 0) >= 0;
	hit = first_match(h, m, s, tod);
	if (hit >= 0)
		return start + (hit - tod) <= to;
	/* nothing left today: the first match tomorrow */
	hit = first_match(h, m, s, 0);
	return hit >= 0 && start + (SECS_PER_DAY - tod) + hit <= to;
}

/* ---- divider and interrupts ---- */

static bool divider_runs(const struct cmos *c)
{
	return (c->s.ram[CMOS_REG_STATUS_A] & CMOS_A_DIVIDER) == DIVIDER_RUN;
}

static bool updates_run(const struct cmos *c)
{
	return divider_runs(c) && !(c->s.ram[CMOS_REG_STATUS_B] & CMOS_B_SET);
}

/* The periodic rate in Hz, 0 for none. */
static uint64_t periodic_hz(const struct cmos *c)
{
	unsigned rs = c->s.ram[CMOS_REG_STATUS_A] & CMOS_A_RATE;

	if (rs == 0)
		return 0;
	/* rates 1 and 2 repeat the taps of rates 8 and 9 */
	return rs <= 2 ? BASE_HZ >> (rs + 6) : BASE_HZ >> (rs - 1);
}

/*
 * Periods of 1/HZ s (HZ a power of two up to 1 s) ended by virtual time T,
 * counted from a second boundary one second before the phase so that no
 * count is negative: only differences mean anything.  Exact in whole ns
 * though a period need not be, and free of overflow for any T.
 */
static uint64_t periods(const struct cmos *c, uint64_t t, uint64_t hz)
{
	uint64_t into = t % NS_PER_SEC + NS_PER_SEC - c->s.phase_ns; /* (0, 2 s) */

	return t / NS_PER_SEC * hz + into * hz / NS_PER_SEC;
}

/* The virtual time the first period of 1/HZ s after T ends (the next tick or update). */
static uint64_t next_period(const struct cmos *c, uint64_t t, uint64_t hz)
{
	uint64_t k = periods(c, t, hz) + 1;

	if (t >= VCLOCK_NEVER - 2 * NS_PER_SEC)
		return VCLOCK_NEVER;
	/* the first ns at which periods() reaches K */
	return k / hz * NS_PER_SEC + (k % hz * NS_PER_SEC + hz - 1) / hz + c->s.phase_ns -
	       NS_PER_SEC;
}

/* IRQF as the datasheet defines it: (PF & PIE) | (AF & AIE) | (UF & UIE). */
static bool irq_wanted(const struct cmos *c)
{
	return c->s.ram[CMOS_REG_STATUS_C] & c->s.ram[CMOS_REG_STATUS_B] & FLAGS;
}

/* IRQ 8 follows IRQF, so the line moves only when IRQF does: one edge per IRQF. */
static void set_irqf(struct cmos *c, bool on)
{
	bool was = c->s.ram[CMOS_REG_STATUS_C] & CMOS_C_IRQF;

	if (on)
		c->s.ram[CMOS_REG_STATUS_C] |= CMOS_C_IRQF;
	else
		c->s.ram[CMOS_REG_STATUS_C] &= (uint8_t)~CMOS_C_IRQF;
	if (on != was)
		irq__set(&c->irq8, on);
}

/* N seconds pass at once: the same registers and flags as N single updates. */
static void advance(struct cmos *c, uint64_t n)
{
	int64_t before = read_time(c);
	int64_t after = before + (int64_t)n;
	int64_t days = floor_div(after, SECS_PER_DAY) - floor_div(before, SECS_PER_DAY);
	uint8_t dow = c->s.ram[CMOS_REG_DAY_OF_WEEK];

	/* the day of the week is a counter of its own, not derived from the date */
	if (days > 0)
		dow = to_reg(c, (unsigned)((from_reg(c, dow) + (uint64_t)days - 1) % 7 + 1));
	if (alarm_between(c, before, after))
		c->s.ram[CMOS_REG_STATUS_C] |= CMOS_C_AF;
	c->s.ram[CMOS_REG_STATUS_C] |= CMOS_C_UF;
	write_time(c, after, dow);
}

/* Bring the time registers and flags up to NOW_NS, as the chip would have got there. */
static void sync(struct cmos *c, uint64_t now_ns)
{
	uint64_t from = c->s.synced_ns;
	uint64_t hz = periodic_hz(c);

	if (now_ns <= from)
		return;
	c->s.synced_ns = now_ns;
	if (!divider_runs(c))
		return;
	/* PF is set whether or not PIE is on: a guest may poll it */
	if (hz && periods(c, now_ns, hz) != periods(c, from, hz))
		c->s.ram[CMOS_REG_STATUS_C] |= CMOS_C_PF;
	if (!(c->s.ram[CMOS_REG_STATUS_B] & CMOS_B_SET)) {
		uint64_t n = periods(c, now_ns, 1) - periods(c, from, 1);

		if (n)
			advance(c, n);
	}
	/* a fresh flag while IRQF is already set needs no edge: the line is high */
	if (irq_wanted(c))
		set_irqf(c, true);
}

/* The time registers read the pinned date; the divider's second starts at NOW_NS. */
static void start_clock(struct cmos *c, uint64_t now_ns)
{
	write_time(c, days_from_civil(EPOCH_YEAR, 1, 1) * SECS_PER_DAY + EPOCH_HOUR * 3600,
		   to_reg(c, EPOCH_DAY_OF_WEEK));
	c->s.phase_ns = now_ns % NS_PER_SEC;
	c->s.synced_ns = now_ns;
}

/* ---- the device ---- */

static void update_checksum(struct cmos *c)
{
	unsigned sum = 0;

	for (unsigned r = CMOS_CHECKSUM_FIRST; r <= CMOS_CHECKSUM_LAST; r++)
		sum += c->s.ram[r];
	c->s.ram[CMOS_REG_CHECKSUM_HI] = (uint8_t)(sum >> 8);
	c->s.ram[CMOS_REG_CHECKSUM_LO] = (uint8_t)sum;
}

void cmos__init(struct cmos *c, struct vclock *clock, struct irq_line irq8)
{
	memset(c, 0, sizeof(*c));
	c->s.version = CMOS_STATE_VERSION;
	c->clock = clock;
	c->irq8 = irq8;
	for (size_t i = 0; i < sizeof(power_on) / sizeof(power_on[0]); i++)
		c->s.ram[power_on[i].reg] = power_on[i].value;
	start_clock(c, vclock__now(clock));
	update_checksum(c);
}

static void set_word(struct cmos *c, uint8_t lo, uint64_t v)
{
	if (v > 0xffff)
		v = 0xffff;
	c->s.ram[lo] = (uint8_t)v;
	c->s.ram[lo + 1] = (uint8_t)(v >> 8);
}

void cmos__set_memory(struct cmos *c, uint64_t ram_bytes)
{
	uint64_t base_kib = ram_bytes / KIB;

	set_word(c, CMOS_REG_BASE_MEM_LO, base_kib < 640 ? base_kib : 640);
	set_word(c, CMOS_REG_EXT_MEM_LO, ram_bytes > MIB ? (ram_bytes - MIB) / KIB : 0);
	set_word(c, CMOS_REG_EXT_MEM2_LO, ram_bytes > MIB ? (ram_bytes - MIB) / KIB : 0);
	set_word(c, CMOS_REG_MEM_16M_LO,
		 ram_bytes > 16 * MIB ? (ram_bytes - 16 * MIB) / (64 * KIB) : 0);
	/* the machine maps all its RAM below 4 GiB */
	c->s.ram[CMOS_REG_MEM_4G] = 0;
	c->s.ram[CMOS_REG_MEM_4G + 1] = 0;
	c->s.ram[CMOS_REG_MEM_4G + 2] = 0;
	c->s.ram[CMOS_REG_NR_CPUS_M1] = 0;
	update_checksum(c);
}

void cmos__set_byte(struct cmos *c, uint8_t reg, uint8_t v)
{
	reg &= INDEX_MASK;
	c->s.ram[reg] = v;
	if (reg >= CMOS_CHECKSUM_FIRST && reg <= CMOS_CHECKSUM_LAST)
		update_checksum(c);
}

uint8_t cmos__get_byte(const struct cmos *c, uint8_t reg)
{
	return c->s.ram[reg & INDEX_MASK];
}

static uint8_t read_data(struct cmos *c, uint64_t now_ns)
{
	uint8_t v = c->s.ram[c->s.index];

	switch (c->s.index) {
	case CMOS_REG_STATUS_A:
		v &= (uint8_t)~CMOS_A_UIP;
		/* the time registers are about to change: the guest should wait */
		if (updates_run(c) && next_period(c, now_ns, 1) - now_ns <= UIP_NS)
			v |= CMOS_A_UIP;
		return v;
	case CMOS_REG_STATUS_C:
		/* reading acknowledges every flag */
		set_irqf(c, false);
		c->s.ram[CMOS_REG_STATUS_C] = 0;
		return v;
	default:
		return v;
	}
}

static void write_data(struct cmos *c, uint8_t v, uint64_t now_ns)
{
	bool was_running = divider_runs(c);

	switch (c->s.index) {
	case CMOS_REG_STATUS_A:
		c->s.ram[CMOS_REG_STATUS_A] = v & (uint8_t)~CMOS_A_UIP;
		/* leaving reset, the divider chain starts half-way through a second */
		if (!was_running && divider_runs(c))
			c->s.phase_ns = (now_ns % NS_PER_SEC + RESTART_NS) % NS_PER_SEC;
		break;
	case CMOS_REG_STATUS_B:
		/* no updates while SET is on, so no update interrupts (datasheet) */
		if (v & CMOS_B_SET)
			v &= (uint8_t)~CMOS_B_UIE;
		c->s.ram[CMOS_REG_STATUS_B] = v;
		set_irqf(c, irq_wanted(c));
		break;
	case CMOS_REG_STATUS_C:
	case CMOS_REG_STATUS_D:
		return; /* read-only */
	default:
		/* time registers too: the clock runs on from what the guest wrote */
		c->s.ram[c->s.index] = v;
		break;
	}
	/* rate, divider, enables, SET, time or alarm: the next interrupt may have moved */
	if (c->s.index <= CMOS_REG_STATUS_B)
		vclock__changed(c->clock);
}

uint8_t cmos__io(struct cmos *c, uint16_t port, uint8_t value, bool is_write)
{
	uint64_t now = vclock__now(c->clock);

	if (!(port & 1)) {
		if (!is_write)
			return 0xff;
		c->s.index = value & INDEX_MASK;
		c->s.nmi_masked = value & INDEX_NMI;
		return 0;
	}
	sync(c, now);
	if (is_write) {
		write_data(c, value, now);
		return 0;
	}
	return read_data(c, now);
}

uint64_t cmos__update(void *cmos, uint64_t now_ns)
{
	struct cmos *c = cmos;
	const uint8_t b = c->s.ram[CMOS_REG_STATUS_B];
	uint64_t hz = periodic_hz(c);
	uint64_t next = VCLOCK_NEVER;

	sync(c, now_ns);
	if (now_ns < c->s.synced_ns)
		now_ns = c->s.synced_ns;
	if (!divider_runs(c))
		return VCLOCK_NEVER;
	if ((b & CMOS_B_PIE) && hz)
		next = next_period(c, now_ns, hz);
	if ((b & (CMOS_B_UIE | CMOS_B_AIE)) && !(b & CMOS_B_SET)) {
		uint64_t t = next_period(c, now_ns, 1);

		if (t < next)
			next = t;
	}
	return next;
}

void cmos__set_time(struct cmos *c, uint64_t now_ns)
{
	start_clock(c, now_ns);
	c->s.ram[CMOS_REG_STATUS_C] = 0;
	irq__set(&c->irq8, 0);
	vclock__changed(c->clock);
}

/* the bus's view of this device: byte-wide registers */
static uint8_t cmos_bus(void *opaque, uint16_t port, uint8_t value, bool is_write)
{
	return cmos__io(opaque, port, value, is_write);
}

int cmos__register(struct cmos *c, struct bus *bus)
{
	return bus__register_bytes(bus, CMOS_PORT_INDEX, 2, cmos_bus, c, "cmos");
}
