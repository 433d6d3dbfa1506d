/* bus.h - port I/O and MMIO registration bus: devices claim ranges, exits are dispatched by address. */
#ifndef BOOTCHECK_BUS_H
#define BOOTCHECK_BUS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/*
 * A device's access handler.  DATA holds LEN bytes (1, 2, 4 or 8) in guest
 * (little-endian) order: the value to write, or the buffer to fill on a read.
 * ADDR is the absolute port or physical address.
 */
typedef void (*bus_handler_fn)(void *opaque, uint64_t addr, uint8_t *data,
			       uint32_t len, bool is_write);

/*
 * A byte-wide device's register access: PORT is absolute, VALUE the byte
 * written; returns the byte read (ignored for writes).
 */
typedef uint8_t (*bus_byte_fn)(void *opaque, uint16_t port, uint8_t value, bool is_write);

struct bus_range {
	uint64_t base;
	uint64_t len;
	unsigned width;     /* widest access the device takes; wider ones are split */
	bus_handler_fn fn;
	bus_byte_fn byte_fn; /* instead of fn, for byte-wide registers */
	void *opaque;
	const char *name;
};

#define BUS_MAX_RANGES 64

struct bus {
	const char *name;   /* "pio" or "mmio", for traces */
	struct bus_range ranges[BUS_MAX_RANGES]; /* sorted by base, disjoint */
	int nr;
	uint64_t unclaimed_reads;
	uint64_t unclaimed_writes;
	FILE *trace;        /* when set, one line per unclaimed access */
};

void bus__init(struct bus *bus, const char *name);

/*
 * bus__register - claim [BASE, BASE+LEN) for FN.  Accesses wider than WIDTH
 * bytes are split into WIDTH-byte accesses at consecutive addresses, each
 * dispatched on its own (so `out dx, ax` to a byte-wide index/data pair
 * reaches both registers, as on an ISA bus).  Returns 0, -EEXIST when the
 * range overlaps a claimed one, -ENOSPC when the bus is full, -EINVAL for
 * an empty or wrapping range or a width other than 1, 2, 4 or 8.
 */
int bus__register(struct bus *bus, uint64_t base, uint64_t len, unsigned width,
		  bus_handler_fn fn, void *opaque, const char *name);

/*
 * bus__register_bytes - claim [BASE, BASE+LEN) for a device of byte-wide
 * registers: every access reaches FN one byte at a time.  Returns as
 * bus__register.
 */
int bus__register_bytes(struct bus *bus, uint64_t base, uint64_t len, bus_byte_fn fn,
			void *opaque, const char *name);

/* bus__find - the range holding ADDR, or NULL. */
const struct bus_range *bus__find(const struct bus *bus, uint64_t addr);

/*
 * bus__access - dispatch one access to the range holding its first byte,
 * split by that range's width.  An access no range holds is unclaimed:
 * reads return all-ones, writes are dropped, and both are counted (and
 * traced).  Returns true when a device claimed it.
 */
bool bus__access(struct bus *bus, uint64_t addr, uint8_t *data, uint32_t len,
		 bool is_write);

#endif
