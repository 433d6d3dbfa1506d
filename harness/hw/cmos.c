/* cmos.c - MC146818 CMOS/RTC with a frozen clock: 128 bytes behind an index/data port pair. */
#include "hw/cmos.h"

#include <string.h> // memset

#define INDEX_MASK 0x7f
#define INDEX_NMI 0x80
#define REG_A_UIP 0x80

#define KIB 1024ull
#define MIB (1024 * KIB)

/*
 * The clock is frozen so that a guest printing the date gives the same output
 * on every run: 2025-01-01 was a Wednesday, day 4 counting Sunday as 1.
 */
static const struct {
	uint8_t reg, value;
} power_on[] = {
	{ CMOS_REG_SECONDS, 0x00 },
	{ CMOS_REG_MINUTES, 0x00 },
	{ CMOS_REG_HOURS, 0x12 },
	{ CMOS_REG_DAY_OF_WEEK, 0x04 },
	{ CMOS_REG_DAY_OF_MONTH, 0x01 },
	{ CMOS_REG_MONTH, 0x01 },
	{ CMOS_REG_YEAR, 0x25 },
	{ CMOS_REG_STATUS_A, 0x26 }, /* 32.768 kHz time base, 1024 Hz periodic rate */
	{ CMOS_REG_STATUS_B, 0x02 }, /* 24-hour, BCD, no interrupts */
	{ CMOS_REG_STATUS_C, 0x00 },
	{ CMOS_REG_STATUS_D, 0x80 }, /* RAM and time valid */
	{ CMOS_REG_CENTURY, 0x20 },
};

static void update_checksum(struct cmos *c)
{
	unsigned sum = 0;

	for (unsigned r = CMOS_CHECKSUM_FIRST; r <= CMOS_CHECKSUM_LAST; r++)
		sum += c->ram[r];
	c->ram[CMOS_REG_CHECKSUM_HI] = (uint8_t)(sum >> 8);
	c->ram[CMOS_REG_CHECKSUM_LO] = (uint8_t)sum;
}

void cmos__init(struct cmos *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < sizeof(power_on) / sizeof(power_on[0]); i++)
		c->ram[power_on[i].reg] = power_on[i].value;
	update_checksum(c);
}

static void set_word(struct cmos *c, uint8_t lo, uint64_t v)
{
	if (v > 0xffff)
		v = 0xffff;
	c->ram[lo] = (uint8_t)v;
	c->ram[lo + 1] = (uint8_t)(v >> 8);
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
	c->ram[CMOS_REG_MEM_4G] = 0;
	c->ram[CMOS_REG_MEM_4G + 1] = 0;
	c->ram[CMOS_REG_MEM_4G + 2] = 0;
	c->ram[CMOS_REG_NR_CPUS_M1] = 0;
	update_checksum(c);
}

void cmos__set_byte(struct cmos *c, uint8_t reg, uint8_t v)
{
	reg &= INDEX_MASK;
	c->ram[reg] = v;
	if (reg >= CMOS_CHECKSUM_FIRST && reg <= CMOS_CHECKSUM_LAST)
		update_checksum(c);
}

uint8_t cmos__get_byte(const struct cmos *c, uint8_t reg)
{
	return c->ram[reg & INDEX_MASK];
}

static uint8_t read_data(struct cmos *c)
{
	uint8_t v = c->ram[c->index];

	switch (c->index) {
	case CMOS_REG_STATUS_A:
		return v & (uint8_t)~REG_A_UIP; /* a frozen clock is never updating */
	case CMOS_REG_STATUS_C:
		c->ram[CMOS_REG_STATUS_C] = 0; /* reading acknowledges the flags */
		return v;
	default:
		return v;
	}
}

static void write_data(struct cmos *c, uint8_t v)
{
	switch (c->index) {
	case CMOS_REG_STATUS_A:
		c->ram[CMOS_REG_STATUS_A] = v & (uint8_t)~REG_A_UIP;
		break;
	case CMOS_REG_STATUS_C:
	case CMOS_REG_STATUS_D:
		break; /* read-only */
	default:
		/* time registers too: the guest may set the (frozen) clock */
		c->ram[c->index] = v;
		break;
	}
}

uint8_t cmos__io(struct cmos *c, uint16_t port, uint8_t value, bool is_write)
{
	bool data_port = port & 1;

	if (is_write) {
		if (data_port) {
			write_data(c, value);
		} else {
			c->index = value & INDEX_MASK;
			c->nmi_masked = value & INDEX_NMI;
		}
		return 0;
	}
	return data_port ? read_data(c) : 0xff;
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
