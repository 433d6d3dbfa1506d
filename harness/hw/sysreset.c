/* sysreset.c - the PC's other reset paths: port 0x92 and the Reset Control Register (0xcf9). */
#include "hw/sysreset.h"

#include <string.h> // memset

#define RCR_KEPT (SYSRESET_RCR_SYS | SYSRESET_RCR_FULL)

void sysreset__init(struct sysreset *s, void (*on_reset)(void *opaque), void *opaque)
{
	memset(s, 0, sizeof(*s));
	s->s.version = SYSRESET_STATE_VERSION;
	s->on_reset = on_reset;
	s->reset_opaque = opaque;
}

static void request_reset(struct sysreset *s)
{
	if (s->on_reset)
		s->on_reset(s->reset_opaque);
}

static void write_port_a(struct sysreset *s, uint8_t v)
{
	uint8_t old = s->s.port_a;

	s->s.port_a = v;
	if ((v & SYSRESET_A_RESET) && !(old & SYSRESET_A_RESET)) {
		/* the reset clears the bit, so the next 0 -> 1 resets again */
		s->s.port_a &= (uint8_t)~SYSRESET_A_RESET;
		request_reset(s);
	}
}

static void write_rcr(struct sysreset *s, uint8_t v)
{
	if (v & SYSRESET_RCR_RESET) {
		request_reset(s);
		return;
	}
	s->s.rcr = v & RCR_KEPT;
}

uint8_t sysreset__io(struct sysreset *s, uint16_t port, uint8_t value, bool is_write)
{
	switch (port) {
	case SYSRESET_PORT_A:
		if (is_write)
			write_port_a(s, value);
		return is_write ? 0 : s->s.port_a;
	case SYSRESET_PORT_RCR:
		if (is_write)
			write_rcr(s, value);
		return is_write ? 0 : s->s.rcr;
	default:
		return is_write ? 0 : 0xff;
	}
}

bool sysreset__a20(const struct sysreset *s)
{
	return s->s.port_a & SYSRESET_A_A20;
}

/* the bus's view of this device: byte-wide registers */
static uint8_t sysreset_bus(void *opaque, uint16_t port, uint8_t value, bool is_write)
{
	return sysreset__io(opaque, port, value, is_write);
}

int sysreset__register(struct sysreset *s, struct bus *bus)
{
	int ret = bus__register_bytes(bus, SYSRESET_PORT_A, 1, sysreset_bus, s, "port92");

	if (ret)
		return ret;
	return bus__register_bytes(bus, SYSRESET_PORT_RCR, 1, sysreset_bus, s, "rcr");
}
