/* outbuf.h - a bounded, growable byte capture (serial, debug console, BIOS log). */
#ifndef BOOTCHECK_OUTBUF_H
#define BOOTCHECK_OUTBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OUTBUF_DEFAULT_LIMIT (1u << 20)

struct outbuf {
	uint8_t *data;
	size_t len;
	size_t cap;
	size_t limit;       /* bytes kept at most; later bytes are counted, not kept */
	uint64_t dropped;   /* bytes the guest sent past the limit */
};

/* outbuf__init - empty capture keeping at most LIMIT bytes. */
void outbuf__init(struct outbuf *ob, size_t limit);
void outbuf__free(struct outbuf *ob);

/* outbuf__put - append one byte (counted in dropped past the limit or on ENOMEM). */
void outbuf__put(struct outbuf *ob, uint8_t byte);

static inline bool outbuf__truncated(const struct outbuf *ob)
{
	return ob->dropped != 0;
}

#endif
