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

bool i8042__key_scancode(struct i8042 *k, const uint8_t *bytes, size_t n)
{
	if (!k->s.kbd.enabled || (k->s.ctr & I8042_CTR_KBDDIS))
		return false;
	return push_n(k, bytes, n, false);
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
	switch (port) {
	case I8042_PORT_DATA:
		if (is_write)
			write_data(k, value);
		return is_write ? 0 : read_data(k);
	case I8042_PORT_CMD:
		if (is_write)
			write_command(k, value);
		return is_write ? 0 : read_status(k);
	default:
		return is_write ? 0 : 0xff;
	}
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
