/* pacer.h - what the person at the keyboard and the serial line has still to type, and when the next key or byte may go. */
#ifndef BOOTCHECK_PACER_H
#define BOOTCHECK_PACER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input/keys.h" // struct key_stroke, struct key_event

/*
 * Input is offered the way a patient typist gives it: nothing before the
 * guest first asks (it waits for an interrupt, or polls the keyboard or the
 * serial line and finds nothing), then one key event (a press or a
 * release) or one serial byte at a time, the next only once the guest has
 * taken the last (the machine says so: the controller's output buffer and
 * the BIOS's key buffer empty, the receive FIFO empty) and has asked
 * again.  So the result depends only on what the guest does, never on how
 * fast the host is, and type-ahead never overflows a buffer.  The pacer
 * knows no device: the machine tells it when the guest asks and whether
 * what was sent was taken, and delivers what it hands out.
 */
enum pacer_channel { PACER_KEYS, PACER_SERIAL, PACER_NR_CHANNELS };

struct pacer_queue {
	uint32_t len;              /* items (key events, or bytes) to send */
	uint32_t sent;             /* how many of them went to the guest */
	bool asked;                /* the guest asked since the last one went */
};

struct pacer {
	/* keys: the strokes as typed, and their press/release events in order */
	struct key_stroke *strokes;
	uint32_t nr_strokes;
	struct key_event *events;
	uint32_t *event_stroke;    /* which stroke each event belongs to */
	uint8_t *serial;
	struct pacer_queue q[PACER_NR_CHANNELS];
	bool started;              /* the guest has asked for input once */
};

/*
 * pacer__init - an empty pacer (nothing to type).  pacer__add_keys and
 * pacer__add_serial append TEXT in the --keys and --serial-in syntaxes
 * (input/keys.h); they return 0, or -1 with a one-line message in ERR.
 */
void pacer__init(struct pacer *p);
int pacer__add_keys(struct pacer *p, const char *text, char *err, size_t errlen);
int pacer__add_serial(struct pacer *p, const char *text, char *err, size_t errlen);
void pacer__free(struct pacer *p);

/* pacer__pending - whether anything is still to be sent on CH. */
bool pacer__pending(const struct pacer *p, enum pacer_channel ch);

/*
 * pacer__asks - the guest asks for input on CH (it polled that channel and
 * found nothing), or on every channel (CH = PACER_NR_CHANNELS: it waits
 * for an interrupt).
 */
void pacer__asks(struct pacer *p, enum pacer_channel ch);

/*
 * pacer__next_key, pacer__next_byte - what may go now, given whether the
 * guest has TAKEN everything sent so far on that channel: the next key event
 * (NULL) or serial byte (-1 when none).  Call pacer__sent once it went.
 */
const struct key_event *pacer__next_key(const struct pacer *p, bool taken);
int pacer__next_byte(const struct pacer *p, bool taken);
void pacer__sent(struct pacer *p, enum pacer_channel ch);

/*
 * pacer__describe - what was sent (SENT true) or is still pending on CH, as
 * text in the syntax it was given in (keys: `ab{Enter}`, whole strokes,
 * a stroke counting as sent once its key went down; serial: printable
 * bytes as they are, others as \n, \r, \t, \e, \b, \\ or \xHH).  Returns
 * BUF, cut short with "..." when LEN is too small.
 */
char *pacer__describe(const struct pacer *p, enum pacer_channel ch, bool sent, char *buf,
		      size_t len);

#endif
