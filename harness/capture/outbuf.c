/* outbuf.c - a bounded, growable byte capture. */
#include "capture/outbuf.h"

#include <stdlib.h> // realloc
#include <string.h> // memset

void outbuf__init(struct outbuf *ob, size_t limit)
{
	memset(ob, 0, sizeof(*ob));
	ob->limit = limit;
}

void outbuf__free(struct outbuf *ob)
{
	free(ob->data);
	memset(ob, 0, sizeof(*ob));
}

void outbuf__put(struct outbuf *ob, uint8_t byte)
{
	if (ob->len >= ob->limit) {
		ob->dropped++;
		return;
	}
	if (ob->len == ob->cap) {
		size_t cap = ob->cap ? ob->cap * 2 : 256;
		uint8_t *p;

		if (cap > ob->limit)
			cap = ob->limit;
		p = realloc(ob->data, cap);
		if (!p) {
			ob->dropped++;
			return;
		}
		ob->data = p;
		ob->cap = cap;
	}
	ob->data[ob->len++] = byte;
}
