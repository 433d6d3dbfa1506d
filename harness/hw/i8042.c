/* i8042.c - i8042 keyboard controller with a PS/2 keyboard and a PS/2 mouse behind it. */
#include "hw/i8042.h"

#include <string.h> // memset

/* Controller commands (writes to 0x64) */
#define CCMD_READ_CTR 0x20
#define CCMD_WRITE_CTR 0x60
#define CCMD_AUX_DISABLE 0xa7
#define CCMD_AUX_ENABLE 0xa8
#define CCMD_AUX_TEST 0xa9
#define CCMD_SELF_TEST 0xaa
#define CCMD_KBD_TEST 0xab
#define CCMD_KBD_DISABLE 0xad
#define CCMD_KBD_ENABLE 0xae
#define CCMD_READ_INPORT 0xc0
#define CCMD_READ_OUTPORT 0xd0
#define CCMD_WRITE_OUTPORT 0xd1
#define CCMD_WRITE_KBD_OBUF 0xd2
#define CCMD_WRITE_AUX_OBUF 0xd3
#define CCMD_WRITE_AUX 0xd4
#define CCMD_A20_OFF 0xdd
#define CCMD_A20_ON 0xdf
#define CCMD_PULSE 0xf0         /* 0xf0-0xff: pulse output port bits 3-0 where clear */
#define CCMD_RESET 0xfe
#define CCMD_NOP 0xff

#define SELF_TEST_OK 0x55
#define IFACE_TEST_OK 0x00
#define INPORT_VALUE 0x80       /* keyboard not inhibited */
#define OUT_KBD_OBF 0x10        /* output port mirrors of the buffer state */
#define OUT_AUX_OBF 0x20
#define OUTPORT_POWER_ON 0xcf   /* reset high, A20 on, and the bits QEMU keeps set */

/* Keyboard commands and replies */
#define KBD_SET_LEDS 0xed
#define KBD_ECHO 0xee
#define KBD_SCANCODE_SET 0xf0
#define KBD_GET_ID 0xf2
#define KBD_TYPEMATIC 0xf3
#define KBD_ENABLE 0xf4
#define KBD_RESET_DISABLE 0xf5
#define KBD_RESET_ENABLE 0xf6
#define KBD_RESET 0xff

#define REPLY_ACK 0xfa
#define REPLY_RESEND 0xfe
#define REPLY_BAT_OK 0xaa
#define KBD_ID_1 0xab           /* MF2 keyboard */
#define KBD_ID_2 0x83
#define KBD_ID_2_XLATE 0x41
#define KBD_TYPEMATIC_DEFAULT 0x2b /* 10.9 characters/s after 500 ms */
#define SET2_BREAK 0xf0         /* set 2's release prefix */
#define SET1_BREAK 0x80         /* set 1's release bit */

/* Mouse commands */
#define AUX_SCALE_1_1 0xe6
#define AUX_SCALE_2_1 0xe7
#define AUX_SET_RES 0xe8
#define AUX_STATUS 0xe9
#define AUX_SET_STREAM 0xea
#define AUX_POLL 0xeb
#define AUX_RESET_WRAP 0xec
#define AUX_SET_WRAP 0xee
#define AUX_SET_REMOTE 0xf0
#define AUX_GET_ID 0xf2
#define AUX_SET_RATE 0xf3
#define AUX_ENABLE 0xf4
#define AUX_DISABLE 0xf5
#define AUX_DEFAULTS 0xf6
#define AUX_RESET 0xff

#define AUX_ST_REMOTE 0x40
#define AUX_ST_ENABLED 0x20
#define AUX_ST_SCALE_2_1 0x10
#define AUX_ID 0x00             /* plain PS/2 mouse */
#define AUX_RATE_DEFAULT 100
#define AUX_RES_DEFAULT 2       /* 4 counts/mm */
#define AUX_PACKET_SYNC 0x08    /* bit 3 of a movement packet's first byte is always set */

/* ------------------------------------------------------------------ */
/* Output queue and interrupt lines                                   */
/* ------------------------------------------------------------------ */

static const struct i8042_byte *queue_head(const struct i8042 *k)
{
	return k->s.q_len ? &k->s.queue[k->s.q_head] : NULL;
}

static void drive(const struct irq_line *line, int *level, int want)
{
	if (*level == want)
		return;
	*level = want;
	irq__set(line, want);
}

/* Level of IRQ 1 and IRQ 12 from the byte in the output buffer and the command byte. */
static void update_irq(struct i8042 *k)
{
	const struct i8042_byte *b = queue_head(k);
	int kbd = 0, aux = 0;

	if (b && b->aux)
		aux = (k->s.ctr & I8042_CTR_AUXINT) != 0;
	else if (b)
		kbd = (k->s.ctr & I8042_CTR_KBDINT) != 0;
	drive(&k->kbd_irq, &k->s.kbd_level, kbd);
	drive(&k->aux_irq, &k->s.aux_level, aux);
}

/* Queue N bytes from one source, all or none; a full queue drops and counts them. */
static bool push_n(struct i8042 *k, const uint8_t *bytes, size_t n, bool aux)
{
	if (n > I8042_QUEUE_SIZE - k->s.q_len) {
		k->s.dropped += n;
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned tail = (k->s.q_head + k->s.q_len) % I8042_QUEUE_SIZE;

		k->s.queue[tail] = (struct i8042_byte){ bytes[i], aux };
		k->s.q_len++;
	}
	update_irq(k);
	return true;
}

static void push(struct i8042 *k, uint8_t v, bool aux)
{
	push_n(k, &v, 1, aux);
}

/* Forget the bytes one device had queued (it was reset), keeping the other's in order. */
static void drop_source(struct i8042 *k, bool aux)
{
	unsigned kept = 0;

	for (unsigned i = 0; i < k->s.q_len; i++) {
		struct i8042_byte b = k->s.queue[(k->s.q_head + i) % I8042_QUEUE_SIZE];

		if (b.aux != aux)
			k->s.queue[(k->s.q_head + kept++) % I8042_QUEUE_SIZE] = b;
	}
	k->s.q_len = kept;
	update_irq(k);
}

static uint8_t read_data(struct i8042 *k)
{
	const struct i8042_byte *b = queue_head(k);

	if (!b)
		return k->s.last_read; /* as QEMU: the last byte again */
	k->s.last_read = b->value;
	k->s.q_head = (k->s.q_head + 1) % I8042_QUEUE_SIZE;
	k->s.q_len--;
	/* lower, then raise again if more is waiting: a fresh edge for the 8259 */
	drive(&k->kbd_irq, &k->s.kbd_level, 0);
	drive(&k->aux_irq, &k->s.aux_level, 0);
	update_irq(k);
	return k->s.last_read;
}

static uint8_t read_status(const struct i8042 *k)
{
	const struct i8042_byte *b = queue_head(k);
	uint8_t st = k->s.status;

	if (b)
		st |= I8042_STR_OBF | (b->aux ? I8042_STR_AUXDATA : 0);
	return st;
}

static void request_reset(struct i8042 *k)
{
	if (k->on_reset)
		k->on_reset(k->reset_opaque);
}

/* ------------------------------------------------------------------ */
/* PS/2 keyboard                                                      */
/* ------------------------------------------------------------------ */

static void kbd_defaults(struct i8042 *k)
{
	k->s.kbd.scancode_set = 2;
	k->s.kbd.leds = 0;
	k->s.kbd.typematic = KBD_TYPEMATIC_DEFAULT;
	k->s.kbd.pending_cmd = 0;
}

static void kbd_reply(struct i8042 *k, uint8_t v)
{
	push(k, v, false);
}

static void kbd_reply_n(struct i8042 *k, const uint8_t *v, size_t n)
{
	push_n(k, v, n, false);
}

/* The byte the scancode-set query reports, as translation would show it. */
static uint8_t scancode_set_id(const struct i8042 *k)
{
	static const uint8_t xlated[4] = { 0, 0x43, 0x41, 0x3f };
	uint8_t set = k->s.kbd.scancode_set & 3;

	return (k->s.ctr & I8042_CTR_XLATE) ? xlated[set] : set;
}

static void kbd_parameter(struct i8042 *k, uint8_t cmd, uint8_t v)
{
	switch (cmd) {
	case KBD_SET_LEDS:
		k->s.kbd.leds = v & 0x07;
		kbd_reply(k, REPLY_ACK);
		break;
	case KBD_TYPEMATIC:
		k->s.kbd.typematic = v & 0x7f;
		kbd_reply(k, REPLY_ACK);
		break;
	case KBD_SCANCODE_SET:
		if (v == 0) {
			uint8_t r[2] = { REPLY_ACK, scancode_set_id(k) };

			kbd_reply_n(k, r, 2);
		} else if (v <= 3) {
			k->s.kbd.scancode_set = v;
			kbd_reply(k, REPLY_ACK);
		} else {
			kbd_reply(k, REPLY_RESEND);
		}
		break;
	}
}

static void kbd_write(struct i8042 *k, uint8_t v)
{
	uint8_t cmd = k->s.kbd.pending_cmd;

	if (cmd) {
		k->s.kbd.pending_cmd = 0;
		kbd_parameter(k, cmd, v);
		return;
	}
	switch (v) {
	case KBD_RESET: {
		static const uint8_t r[2] = { REPLY_ACK, REPLY_BAT_OK };

		drop_source(k, false);
		kbd_defaults(k);
		k->s.kbd.enabled = true;
		kbd_reply_n(k, r, 2);
		break;
	}
	case KBD_GET_ID: {
		uint8_t r[3] = { REPLY_ACK, KBD_ID_1,
				 (k->s.ctr & I8042_CTR_XLATE) ? KBD_ID_2_XLATE : KBD_ID_2 };

		kbd_reply_n(k, r, 3);
		break;
	}
	case KBD_ENABLE:
		k->s.kbd.enabled = true;
		kbd_reply(k, REPLY_ACK);
		break;
	case KBD_RESET_DISABLE:
	case KBD_RESET_ENABLE:
		kbd_defaults(k);
		k->s.kbd.enabled = v == KBD_RESET_ENABLE;
		kbd_reply(k, REPLY_ACK);
		break;
	case KBD_SET_LEDS:
	case KBD_TYPEMATIC:
	case KBD_SCANCODE_SET:
		k->s.kbd.pending_cmd = v;
		kbd_reply(k, REPLY_ACK);
		break;
	case KBD_ECHO:
		kbd_reply(k, KBD_ECHO);
		break;
	default:
		kbd_reply(k, REPLY_RESEND);
		break;
	}
}

static bool kbd_sending(const struct i8042 *k)
{
	return k->s.kbd.enabled && !(k->s.ctr & I8042_CTR_KBDDIS);
}

bool i8042__key_scancode(struct i8042 *k, const uint8_t *bytes, size_t n)
{
	if (!kbd_sending(k))
		return false;
	return push_n(k, bytes, n, false);
}

/*
 * The 8042 firmware's set 2 -> set 1 table, all 256 entries, as PC
 * emulators reproduce it: codes of no set-2 key map to spare set-1 codes,
 * 0x80 and up to themselves (E0, E1, F0 among them) except F7 (0x83) and
 * Alt-SysRq (0x84), the two set-2 keys beyond 0x7f.
 */
static const uint8_t xlate_table[256] = {
	/* 0x00 */ 0xff, 0x43, 0x41, 0x3f, 0x3d, 0x3b, 0x3c, 0x58,
	/* 0x08 */ 0x64, 0x44, 0x42, 0x40, 0x3e, 0x0f, 0x29, 0x59,
	/* 0x10 */ 0x65, 0x38, 0x2a, 0x70, 0x1d, 0x10, 0x02, 0x5a,
	/* 0x18 */ 0x66, 0x71, 0x2c, 0x1f, 0x1e, 0x11, 0x03, 0x5b,
	/* 0x20 */ 0x67, 0x2e, 0x2d, 0x20, 0x12, 0x05, 0x04, 0x5c,
	/* 0x28 */ 0x68, 0x39, 0x2f, 0x21, 0x14, 0x13, 0x06, 0x5d,
	/* 0x30 */ 0x69, 0x31, 0x30, 0x23, 0x22, 0x15, 0x07, 0x5e,
	/* 0x38 */ 0x6a, 0x72, 0x32, 0x24, 0x16, 0x08, 0x09, 0x5f,
	/* 0x40 */ 0x6b, 0x33, 0x25, 0x17, 0x18, 0x0b, 0x0a, 0x60,
	/* 0x48 */ 0x6c, 0x34, 0x35, 0x26, 0x27, 0x19, 0x0c, 0x61,
	/* 0x50 */ 0x6d, 0x73, 0x28, 0x74, 0x1a, 0x0d, 0x62, 0x6e,
	/* 0x58 */ 0x3a, 0x36, 0x1c, 0x1b, 0x75, 0x2b, 0x63, 0x76,
	/* 0x60 */ 0x55, 0x56, 0x77, 0x78, 0x79, 0x7a, 0x0e, 0x7b,
	/* 0x68 */ 0x7c, 0x4f, 0x7d, 0x4b, 0x47, 0x7e, 0x7f, 0x6f,
	/* 0x70 */ 0x52, 0x53, 0x50, 0x4c, 0x4d, 0x48, 0x01, 0x45,
	/* 0x78 */ 0x57, 0x4e, 0x51, 0x4a, 0x37, 0x49, 0x46, 0x54,
	/* 0x80 */ 0x80, 0x81, 0x82, 0x41, 0x54, 0x85, 0x86, 0x87,
	/* 0x88 */ 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
	/* 0x90 */ 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
	/* 0x98 */ 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f,
	/* 0xa0 */ 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
	/* 0xa8 */ 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
	/* 0xb0 */ 0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7,
	/* 0xb8 */ 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf,
	/* 0xc0 */ 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
	/* 0xc8 */ 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
	/* 0xd0 */ 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7,
	/* 0xd8 */ 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf,
	/* 0xe0 */ 0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7,
	/* 0xe8 */ 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef,
	/* 0xf0 */ 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
	/* 0xf8 */ 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
};

bool i8042__key_set2(struct i8042 *k, const uint8_t *bytes, size_t n)
{
	uint8_t out[I8042_QUEUE_SIZE];
	size_t len = 0;
	bool release = false;

	if (!(k->s.ctr & I8042_CTR_XLATE))
		return i8042__key_scancode(k, bytes, n);
	if (!kbd_sending(k))
		return false;
	for (size_t i = 0; i < n; i++)
		len += bytes[i] != SET2_BREAK;
	/* more than the whole queue can never fit: counted as push_n would */
	if (len > sizeof(out)) {
		k->s.dropped += len;
		return false;
	}
	len = 0;
	for (size_t i = 0; i < n; i++) {
		if (bytes[i] == SET2_BREAK) {
			release = true; /* not passed on: the next byte carries it in bit 7 */
			continue;
		}
		out[len++] = (uint8_t)(xlate_table[bytes[i]] | (release ? SET1_BREAK : 0));
		release = false;
	}
	return push_n(k, out, len, false);
}

bool i8042__output_empty(const struct i8042 *k)
{
	return k->s.q_len == 0;
}

void i8042__on_poll_empty(struct i8042 *k, void (*fn)(void *opaque), void *opaque)
{
	k->on_poll_empty = fn;
	k->poll_opaque = opaque;
}

/* ------------------------------------------------------------------ */
/* PS/2 mouse                                                         */
/* ------------------------------------------------------------------ */

static void aux_defaults(struct i8042 *k)
{
	k->s.aux.status = 0;
	k->s.aux.resolution = AUX_RES_DEFAULT;
	k->s.aux.sample_rate = AUX_RATE_DEFAULT;
	k->s.aux.pending_cmd = 0;
}

static void aux_reply(struct i8042 *k, uint8_t v)
{
	push(k, v, true);
}

static void aux_reply_n(struct i8042 *k, const uint8_t *v, size_t n)
{
	push_n(k, v, n, true);
}

static void aux_write(struct i8042 *k, uint8_t v)
{
	uint8_t cmd = k->s.aux.pending_cmd;

	if (cmd) {
		k->s.aux.pending_cmd = 0;
		if (cmd == AUX_SET_RES)
			k->s.aux.resolution = v & 3;
		else
			k->s.aux.sample_rate = v;
		aux_reply(k, REPLY_ACK);
		return;
	}
	if (k->s.aux.wrap && v != AUX_RESET_WRAP && v != AUX_RESET) {
		aux_reply(k, v);
		return;
	}
	switch (v) {
	case AUX_SCALE_1_1:
		k->s.aux.status &= (uint8_t)~AUX_ST_SCALE_2_1;
		aux_reply(k, REPLY_ACK);
		break;
	case AUX_SCALE_2_1:
		k->s.aux.status |= AUX_ST_SCALE_2_1;
		aux_reply(k, REPLY_ACK);
		break;
	case AUX_SET_RES:
	case AUX_SET_RATE:
		k->s.aux.pending_cmd = v;
		aux_reply(k, REPLY_ACK);
		break;
	case AUX_STATUS: {
		uint8_t r[4] = { REPLY_ACK, k->s.aux.status, k->s.aux.resolution,
				 k->s.aux.sample_rate };

		aux_reply_n(k, r, 4);
		break;
	}
	case AUX_SET_STREAM:
		k->s.aux.status &= (uint8_t)~AUX_ST_REMOTE;
		aux_reply(k, REPLY_ACK);
		break;
	case AUX_POLL: {
		/* the mouse never moves: an empty packet */
		static const uint8_t r[4] = { REPLY_ACK, AUX_PACKET_SYNC, 0, 0 };

		aux_reply_n(k, r, 4);
		break;
	}
	case AUX_RESET_WRAP:
		k->s.aux.wrap = false;
		aux_reply(k, REPLY_ACK);
		break;
	case AUX_SET_WRAP:
		k->s.aux.wrap = true;
		aux_reply(k, REPLY_ACK);
		break;
	case AUX_SET_REMOTE:
		k->s.aux.status |= AUX_ST_REMOTE;
		aux_reply(k, REPLY_ACK);
		break;
	case AUX_GET_ID: {
		static const uint8_t r[2] = { REPLY_ACK, AUX_ID };

		aux_reply_n(k, r, 2);
		break;
	}
	case AUX_ENABLE:
		k->s.aux.status |= AUX_ST_ENABLED;
		aux_reply(k, REPLY_ACK);
		break;
	case AUX_DISABLE:
		k->s.aux.status &= (uint8_t)~AUX_ST_ENABLED;
		aux_reply(k, REPLY_ACK);
		break;
	case AUX_DEFAULTS:
		aux_defaults(k);
		aux_reply(k, REPLY_ACK);
		break;
	case AUX_RESET: {
		static const uint8_t r[3] = { REPLY_ACK, REPLY_BAT_OK, AUX_ID };

		drop_source(k, true);
		aux_defaults(k);
		k->s.aux.wrap = false;
		aux_reply_n(k, r, 3);
		break;
	}
	default:
		aux_reply(k, REPLY_RESEND);
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Controller                                                         */
/* ------------------------------------------------------------------ */

static uint8_t read_outport(const struct i8042 *k)
{
	const struct i8042_byte *b = queue_head(k);
	uint8_t out = k->s.outport & (uint8_t)~(OUT_KBD_OBF | OUT_AUX_OBF);

	if (b)
		out |= b->aux ? OUT_AUX_OBF : OUT_KBD_OBF;
	return out;
}

static void write_outport(struct i8042 *k, uint8_t v)
{
	k->s.outport = v;
	if (!(v & I8042_OUT_RESET))
		request_reset(k);
}

static void write_command(struct i8042 *k, uint8_t v)
{
	k->s.status |= I8042_STR_CMD;
	k->s.pending_cmd = 0; /* a new command abandons one still waiting for data */
	/* 0xf0-0xff pulse the output port bits that are clear; only bit 0 matters */
	if ((v & CCMD_PULSE) == CCMD_PULSE)
		v = (v & I8042_OUT_RESET) ? CCMD_NOP : CCMD_RESET;

	switch (v) {
	case CCMD_READ_CTR:
		push(k, k->s.ctr, false);
		break;
	case CCMD_WRITE_CTR:
	case CCMD_WRITE_OUTPORT:
	case CCMD_WRITE_KBD_OBUF:
	case CCMD_WRITE_AUX_OBUF:
	case CCMD_WRITE_AUX:
		k->s.pending_cmd = v;
		break;
	case CCMD_AUX_DISABLE:
		k->s.ctr |= I8042_CTR_AUXDIS;
		break;
	case CCMD_AUX_ENABLE:
		k->s.ctr &= (uint8_t)~I8042_CTR_AUXDIS;
		break;
	case CCMD_AUX_TEST:
	case CCMD_KBD_TEST:
		push(k, IFACE_TEST_OK, false);
		break;
	case CCMD_SELF_TEST:
		k->s.status |= I8042_STR_SYSFLAG;
		push(k, SELF_TEST_OK, false);
		break;
	case CCMD_KBD_DISABLE:
		k->s.ctr |= I8042_CTR_KBDDIS;
		break;
	case CCMD_KBD_ENABLE:
		k->s.ctr &= (uint8_t)~I8042_CTR_KBDDIS;
		break;
	case CCMD_READ_INPORT:
		push(k, INPORT_VALUE, false);
		break;
	case CCMD_READ_OUTPORT:
		push(k, read_outport(k), false);
		break;
	case CCMD_A20_OFF:
		k->s.outport &= (uint8_t)~I8042_OUT_A20;
		break;
	case CCMD_A20_ON:
		k->s.outport |= I8042_OUT_A20;
		break;
	case CCMD_RESET:
		request_reset(k);
		break;
	default:
		break; /* unknown commands, and 0xff, do nothing */
	}
}

static void write_data(struct i8042 *k, uint8_t v)
{
	uint8_t cmd = k->s.pending_cmd;

	k->s.status &= (uint8_t)~I8042_STR_CMD;
	k->s.pending_cmd = 0;
	switch (cmd) {
	case CCMD_WRITE_CTR:
		k->s.ctr = v;
		update_irq(k); /* the interrupt enables may have changed */
		break;
	case CCMD_WRITE_OUTPORT:
		write_outport(k, v);
		break;
	case CCMD_WRITE_KBD_OBUF:
		push(k, v, false);
		break;
	case CCMD_WRITE_AUX_OBUF:
		push(k, v, true);
		break;
	case CCMD_WRITE_AUX:
		aux_write(k, v);
		break;
	default:
		kbd_write(k, v);
		break;
	}
}

void i8042__init(struct i8042 *k, struct irq_line kbd_irq, struct irq_line aux_irq,
		 void (*on_reset)(void *opaque), void *opaque)
{
	memset(k, 0, sizeof(*k));
	k->s.version = I8042_STATE_VERSION;
	k->s.ctr = I8042_CTR_KBDINT | I8042_CTR_AUXINT;
	k->s.status = I8042_STR_CMD | I8042_STR_UNLOCKED;
	k->s.outport = OUTPORT_POWER_ON;
	kbd_defaults(k);
	k->s.kbd.enabled = true;
	aux_defaults(k);
	k->kbd_irq = kbd_irq;
	k->aux_irq = aux_irq;
	k->on_reset = on_reset;
	k->reset_opaque = opaque;
}

uint8_t i8042__io(struct i8042 *k, uint16_t port, uint8_t value, bool is_write)
{
	bool empty = !k->s.q_len;
	uint8_t v;

	if (is_write)
		k->empty_polls = 0; /* a command: what it reads next is its reply */
	switch (port) {
	case I8042_PORT_DATA:
		if (is_write) {
			write_data(k, value);
			return 0;
		}
		v = read_data(k);
		break;
	case I8042_PORT_CMD:
		if (is_write) {
			write_command(k, value);
			return 0;
		}
		v = read_status(k);
		break;
	default:
		return is_write ? 0 : 0xff;
	}
	/*
	 * The guest looked for a byte twice running and found none: it waits
	 * for a key (one empty look is a driver checking before it writes a
	 * command), and whoever paces input wants to know.
	 */
	k->empty_polls = empty ? k->empty_polls + 1 : 0;
	if (k->empty_polls >= 2 && k->on_poll_empty)
		k->on_poll_empty(k->poll_opaque);
	return v;
}

bool i8042__a20(const struct i8042 *k)
{
	return k->s.outport & I8042_OUT_A20;
}

/* the bus's view of this device: byte-wide registers */
static uint8_t i8042_bus(void *opaque, uint16_t port, uint8_t value, bool is_write)
{
	return i8042__io(opaque, port, value, is_write);
}

int i8042__register(struct i8042 *k, struct bus *bus)
{
	int ret = bus__register_bytes(bus, I8042_PORT_DATA, 1, i8042_bus, k, "i8042-data");

	if (ret)
		return ret;
	return bus__register_bytes(bus, I8042_PORT_CMD, 1, i8042_bus, k, "i8042-cmd");
}

void i8042__as_after_bios(struct i8042 *k)
{
	k->s.ctr = I8042_CTR_KBDINT | I8042_CTR_SYSFLAG | I8042_CTR_XLATE;
	k->s.status |= I8042_STR_SYSFLAG;
	k->s.kbd.enabled = true;
}
