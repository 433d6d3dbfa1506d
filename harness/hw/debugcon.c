/* debugcon.c - debug console: bytes written to a port are captured. */
#include "hw/debugcon.h"

#include <errno.h>  // ENOSPC
#include <string.h> // memset

void debugcon__init(struct debugcon *dc, struct outbuf *out)
{
	memset(dc, 0, sizeof(*dc));
	dc->out = out;
}

static uint8_t debugcon_io(void *opaque, uint16_t port, uint8_t value, bool is_write)
{
	struct debugcon *dc = opaque;

	(void)port;
	if (is_write)
		outbuf__put(dc->out, value);
	return DEBUGCON_PORT; /* Bochs' presence check reads back 0xe9 */
}

int debugcon__add_port(struct debugcon *dc, struct bus *bus, uint16_t port)
{
	int r;

	if (dc->nr_ports == DEBUGCON_MAX_PORTS)
		return -ENOSPC;
	r = bus__register_bytes(bus, port, 1, debugcon_io, dc, "debugcon");
	if (r == 0)
		dc->ports[dc->nr_ports++] = port;
	return r;
}
