/* sysreset.h - the PC's other reset paths: port 0x92 and the Reset Control Register (0xcf9). */
#ifndef BOOTCHECK_SYSRESET_H
#define BOOTCHECK_SYSRESET_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/bus.h" // struct bus

#define SYSRESET_PORT_A 0x92
#define SYSRESET_PORT_RCR 0xcf9

#define SYSRESET_A_RESET 0x01   /* port 0x92: 0 -> 1 resets the CPU */
#define SYSRESET_A_A20 0x02     /* port 0x92: A20 gate */
#define SYSRESET_RCR_SYS 0x02   /* 0xcf9: system (not just CPU) reset type */
#define SYSRESET_RCR_RESET 0x04 /* 0xcf9: writing 1 resets */
#define SYSRESET_RCR_FULL 0x08  /* 0xcf9: full reset type */

#define SYSRESET_STATE_VERSION 1

/* Everything about the device, and nothing else: a snapshot copies it. */
struct sysreset_state {
	uint32_t version;       /* SYSRESET_STATE_VERSION */
	uint8_t port_a;         /* last value written to 0x92, bit 0 cleared by the reset it made */
	uint8_t rcr;            /* bits 1 and 3 of the last non-resetting write to 0xcf9 */
};

struct sysreset {
	struct sysreset_state s;
	/* wiring, not state: who performs the reset the guest asks for */
	void (*on_reset)(void *opaque);
	void *reset_opaque;
};

/*
 * sysreset__init - power-on state (both registers 0; KVM keeps A20 enabled
 * whatever bit 1 says).  ON_RESET (may be NULL) is called with OPAQUE each
 * time the guest asks for a reset, from inside sysreset__io.
 */
void sysreset__init(struct sysreset *s, void (*on_reset)(void *opaque), void *opaque);

/* sysreset__register - claim ports 0x92 and 0xcf9 on BUS.  0 or -errno. */
int sysreset__register(struct sysreset *s, struct bus *bus);

/*
 * sysreset__io - one byte access to PORT (the bus handler's core).  0x92: a
 * write stores every bit and resets when bit 0 goes from 0 to 1 (bit 0 then
 * reads 0 again, as after the reset).  0xcf9: a write with bit 2 set resets
 * and stores nothing; other writes keep bits 1 and 3.  Reads return the
 * stored value; other ports read 0xff.
 */
uint8_t sysreset__io(struct sysreset *s, uint16_t port, uint8_t value, bool is_write);

/* sysreset__a20 - whether the guest asked for the A20 gate open through 0x92. */
bool sysreset__a20(const struct sysreset *s);

#endif
