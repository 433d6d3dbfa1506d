/* debugcon.h - Bochs/QEMU-style debug console: bytes written to a port are captured. */
#ifndef BOOTCHECK_DEBUGCON_H
#define BOOTCHECK_DEBUGCON_H

#include <stdint.h>

#include "capture/outbuf.h" // struct outbuf
#include "vmm/bus.h"        // struct bus

#define DEBUGCON_PORT 0xe9
#define DEBUGCON_MAX_PORTS 16

/*
 * No device state, so no struct debugcon_state: the guest cannot change
 * anything here (reads always return 0xe9), and what it wrote lives in the
 * outbuf, which the capture layer owns.  A snapshot saves nothing of this
 * device; restoring means building it again with the same ports.
 */
struct debugcon {
	/* configuration the machine sets up, not state */
	uint16_t ports[DEBUGCON_MAX_PORTS];
	int nr_ports;
	/* wiring */
	struct outbuf *out;     /* where written bytes go */
};

/* debugcon__init - no ports yet; bytes written to them are appended to OUT, which must outlive DC. */
void debugcon__init(struct debugcon *dc, struct outbuf *out);

/*
 * debugcon__add_port - claim PORT on BUS as one more console port.
 * Returns 0, -ENOSPC past DEBUGCON_MAX_PORTS, or the bus's -EEXIST.
 */
int debugcon__add_port(struct debugcon *dc, struct bus *bus, uint16_t port);

#endif
