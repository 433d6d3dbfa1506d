/* pacer.c - what the person at the keyboard and the serial line has still to type, and when the next key or byte may go. */
#include "input/pacer.h"

#include <stdio.h>  // snprintf
#include <stdlib.h> // realloc, free
#include <string.h> // memset, strlen

#define PACER_MAX_ITEMS (1u << 20) /* per channel: a megabyte of typing is plenty */

void pacer__init(struct pacer *p)
{
	memset(p, 0, sizeof(*p));
}

void pacer__free(struct pacer *p)
{
	free(p->strokes);
	free(p->events);
	free(p->event_stroke);
	free(p->serial);
	pacer__init(p);
}

static void *grow(void *ptr, size_t n, size_t size)
{
	return n > PACER_MAX_ITEMS ? NULL : realloc(ptr, (n ? n : 1) * size);
}

int pacer__add_keys(struct pacer *p, const char *text, char *err, size_t errlen)
{
	size_t max = strlen(text) + 1; /* a stroke takes at least one character */
	struct key_stroke *s = calloc(max, sizeof(*s));
	int n = s ? keys__parse(text, s, max, err, errlen) : -1;

	if (!s)
		snprintf(err, errlen, "keys: out of memory");
	if (n < 0) {
		free(s);
		return -1;
	}
	struct pacer_queue *q = &p->q[PACER_KEYS];
	uint32_t first = p->nr_strokes;
	size_t nr_strokes = (size_t)p->nr_strokes + (size_t)n;
	size_t most = (size_t)q->len + (size_t)n * 8; /* keys__events gives at most 8 */
	struct key_stroke *strokes = grow(p->strokes, nr_strokes, sizeof(*strokes));

	if (strokes)
		p->strokes = strokes;
	struct key_event *events = strokes ? grow(p->events, most, sizeof(*events)) : NULL;

	if (events)
		p->events = events;
	uint32_t *owner = events ? grow(p->event_stroke, most, sizeof(*owner)) : NULL;

	if (!owner) {
		snprintf(err, errlen, "keys: too much to type");
		free(s);
		return -1;
	}
	p->event_stroke = owner;
	for (int i = 0; i < n; i++) {
		struct key_event ev[8];
		int k = keys__events(&s[i], ev);

		p->strokes[first + (uint32_t)i] = s[i];
		for (int j = 0; j < k; j++) {
			p->events[q->len] = ev[j];
			p->event_stroke[q->len] = first + (uint32_t)i;
			q->len++;
		}
	}
	p->nr_strokes = (uint32_t)nr_strokes;
	free(s);
	return 0;
}

int pacer__add_serial(struct pacer *p, const char *text, char *err, size_t errlen)
{
	struct pacer_queue *q = &p->q[PACER_SERIAL];
	size_t max = strlen(text) + 1;
	uint8_t *b = grow(p->serial, (size_t)q->len + max, 1);

	if (!b) {
		snprintf(err, errlen, "serial-in: too much to send");
		return -1;
	}
	p->serial = b;
	int n = keys__parse_serial(text, b + q->len, max, err, errlen);

	if (n < 0)
		return -1;
	q->len += (uint32_t)n;
	return 0;
}

bool pacer__pending(const struct pacer *p, enum pacer_channel ch)
{
	return p->q[ch].sent < p->q[ch].len;
}

void pacer__asks(struct pacer *p, enum pacer_channel ch)
{
	p->started = true;
	for (int i = 0; i < PACER_NR_CHANNELS; i++)
		if (ch == PACER_NR_CHANNELS || (int)ch == i)
			p->q[i].asked = true;
}

static bool may_send(const struct pacer *p, enum pacer_channel ch, bool taken)
{
	const struct pacer_queue *q = &p->q[ch];

	return p->started && taken && q->asked && q->sent < q->len;
}

const struct key_event *pacer__next_key(const struct pacer *p, bool taken)
{
	return may_send(p, PACER_KEYS, taken) ? &p->events[p->q[PACER_KEYS].sent] : NULL;
}

int pacer__next_byte(const struct pacer *p, bool taken)
{
	return may_send(p, PACER_SERIAL, taken) ? p->serial[p->q[PACER_SERIAL].sent] : -1;
}

void pacer__sent(struct pacer *p, enum pacer_channel ch)
{
	struct pacer_queue *q = &p->q[ch];

	if (q->sent < q->len)
		q->sent++;
	q->asked = false;
}

/* Append S to BUF (of LEN, holding *AT characters); false once it is full. */
static bool put(char *buf, size_t len, size_t *at, const char *s)
{
	size_t n = strlen(s);

	if (*at + n + 4 > len) {
		if (*at + 4 <= len)
			memcpy(buf + *at, "...", 4);
		*at = len;
		return false;
	}
	memcpy(buf + *at, s, n + 1);
	*at += n;
	return true;
}

static void describe_stroke(const struct key_stroke *s, char *out, size_t len)
{
	char name[32];

	keys__describe(s, name, sizeof(name));
	if (!strcmp(name, "Space"))
		snprintf(out, len, " ");
	else if (strlen(name) == 1 && (name[0] == '\\' || name[0] == '{' || name[0] == '}'))
		snprintf(out, len, "\\%c", name[0]);
	else if (strlen(name) == 1)
		snprintf(out, len, "%s", name);
	else
		snprintf(out, len, "{%s}", name);
}

static void describe_byte(uint8_t b, char *out, size_t len)
{
	static const char esc[] = { '\n', 'n', '\r', 'r', '\t', 't', 0x1b, 'e', '\b', 'b', '\\', '\\' };

	for (size_t i = 0; i < sizeof(esc); i += 2)
		if (b == (uint8_t)esc[i]) {
			snprintf(out, len, "\\%c", esc[i + 1]);
			return;
		}
	if (b >= 0x20 && b < 0x7f)
		snprintf(out, len, "%c", b);
	else
		snprintf(out, len, "\\x%02x", b);
}

char *pacer__describe(const struct pacer *p, enum pacer_channel ch, bool sent, char *buf,
		      size_t len)
{
	const struct pacer_queue *q = &p->q[ch];
	size_t at = 0;
	char piece[48];

	if (!len)
		return buf;
	buf[0] = '\0';
	if (ch == PACER_SERIAL) {
		for (uint32_t i = sent ? 0 : q->sent; i < (sent ? q->sent : q->len); i++) {
			describe_byte(p->serial[i], piece, sizeof(piece));
			if (!put(buf, len, &at, piece))
				break;
		}
		return buf;
	}
	/*
	 * A stroke counts as sent once its key went down (its release and the
	 * modifiers' may still wait); events are in stroke order.
	 */
	uint32_t done = 0;

	if (q->sent) {
		uint32_t st = p->event_stroke[q->sent - 1];
		bool pressed = false;

		for (uint32_t j = q->sent; j-- > 0 && p->event_stroke[j] == st;)
			pressed |= p->events[j].key == p->strokes[st].key && !p->events[j].release;
		done = st + pressed;
	}

	for (uint32_t i = sent ? 0 : done; i < (sent ? done : p->nr_strokes); i++) {
		describe_stroke(&p->strokes[i], piece, sizeof(piece));
		if (!put(buf, len, &at, piece))
			break;
	}
	return buf;
}
