/* bus.c - port I/O and MMIO registration bus. */
#include "vmm/bus.h"

#include <errno.h>  // EEXIST
#include <string.h> // memset, memmove

void bus__init(struct bus *bus, const char *name)
{
	memset(bus, 0, sizeof(*bus));
	bus->name = name;
}

static int add_range(struct bus *bus, const struct bus_range *nr)
{
	uint64_t base = nr->base, len = nr->len;
	unsigned width = nr->width;
	int i;

	if (len == 0 || base + len < base || (!nr->fn == !nr->byte_fn) ||
	    (width != 1 && width != 2 && width != 4 && width != 8))
		return -EINVAL;
	if (bus->nr == BUS_MAX_RANGES)
		return -ENOSPC;
	for (i = 0; i < bus->nr; i++) {
		const struct bus_range *r = &bus->ranges[i];

		if (base < r->base + r->len && r->base < base + len)
			return -EEXIST;
		if (r->base > base)
			break;
	}
	memmove(&bus->ranges[i + 1], &bus->ranges[i],
		(size_t)(bus->nr - i) * sizeof(bus->ranges[0]));
	bus->ranges[i] = *nr;
	bus->nr++;
	return 0;
}

int bus__register(struct bus *bus, uint64_t base, uint64_t len, unsigned width,
		  bus_handler_fn fn, void *opaque, const char *name)
{
	struct bus_range r = { .base = base, .len = len, .width = width, .fn = fn,
			       .opaque = opaque, .name = name };

	return fn ? add_range(bus, &r) : -EINVAL;
}

int bus__register_bytes(struct bus *bus, uint64_t base, uint64_t len, bus_byte_fn fn,
			void *opaque, const char *name)
{
	struct bus_range r = { .base = base, .len = len, .width = 1, .byte_fn = fn,
			       .opaque = opaque, .name = name };

	return fn ? add_range(bus, &r) : -EINVAL;
}

const struct bus_range *bus__find(const struct bus *bus, uint64_t addr)
{
	int lo = 0, hi = bus->nr;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		const struct bus_range *r = &bus->ranges[mid];

		if (addr < r->base)
			hi = mid;
		else if (addr - r->base >= r->len)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

bool bus__access(struct bus *bus, uint64_t addr, uint8_t *data, uint32_t len,
		 bool is_write)
{
	const struct bus_range *r = bus__find(bus, addr);

	if (r && len > r->width) {
		bool claimed = false;

		for (uint32_t off = 0; off < len; off += r->width)
			claimed |= bus__access(bus, addr + off, data + off,
					       len - off < r->width ? len - off : r->width,
					       is_write);
		return claimed;
	}
	if (r && r->byte_fn) {
		uint8_t v = r->byte_fn(r->opaque, (uint16_t)addr, data[0], is_write);

		if (!is_write)
			data[0] = v;
		return true;
	}
	if (r) {
		r->fn(r->opaque, addr, data, len, is_write);
		return true;
	}
	if (is_write) {
		bus->unclaimed_writes++;
	} else {
		bus->unclaimed_reads++;
		memset(data, 0xff, len);
	}
	if (bus->trace) {
		uint64_t v = 0;

		for (uint32_t i = 0; i < len && i < 8; i++)
			v |= (uint64_t)data[i] << (8 * i);
		fprintf(bus->trace, "trace: unclaimed %s %s 0x%llx/%u %s 0x%llx\n",
			bus->name, is_write ? "write" : "read",
			(unsigned long long)addr, len, is_write ? "<-" : "->",
			(unsigned long long)v);
	}
	return false;
}
