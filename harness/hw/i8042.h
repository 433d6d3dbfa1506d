/* i8042.h - i8042 keyboard controller with a PS/2 keyboard and a PS/2 mouse behind it. */
#ifndef BOOTCHECK_I8042_H
#define BOOTCHECK_I8042_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/bus.h" // struct bus
#include "vmm/irq.h" // struct irq_line

#define I8042_PORT_DATA 0x60
#define I8042_PORT_CMD 0x64   /* status on reads */
#define I8042_QUEUE_SIZE 32   /* bytes waiting for the guest */

/* Status register (read from 0x64) */
#define I8042_STR_OBF 0x01      /* output buffer full */
#define I8042_STR_IBF 0x02      /* input buffer full: never, commands complete at once */
#define I8042_STR_SYSFLAG 0x04  /* self-test passed */
#define I8042_STR_CMD 0x08      /* last write went to 0x64 */
#define I8042_STR_UNLOCKED 0x10 /* keyboard not inhibited by the keylock */
#define I8042_STR_AUXDATA 0x20  /* the byte in the output buffer comes from the mouse */

/* Command byte ("controller configuration"), read with 0x20, written with 0x60 */
#define I8042_CTR_KBDINT 0x01   /* keyboard bytes raise IRQ 1 */
#define I8042_CTR_AUXINT 0x02   /* mouse bytes raise IRQ 12 */
#define I8042_CTR_SYSFLAG 0x04
#define I8042_CTR_KBDDIS 0x10   /* keyboard interface disabled */
#define I8042_CTR_AUXDIS 0x20   /* mouse interface disabled */
#define I8042_CTR_XLATE 0x40    /* set 2 -> set 1 translation */

/* Output port, read with 0xd0, written with 0xd1 */
#define I8042_OUT_RESET 0x01    /* 0 holds the CPU in reset */
#define I8042_OUT_A20 0x02

/* One byte waiting in the output buffer, and which device sent it. */
struct i8042_byte {
	uint8_t value;
	bool aux;               /* from the mouse (IRQ 12, status bit 5) */
};

#define I8042_STATE_VERSION 1

/*
 * Everything about the controller and the two devices behind it, and
 * nothing else: plain data with no pointers, so a snapshot saves and
 * restores it by copying and a test can build any state directly.
 */
struct i8042_state {
	uint32_t version;       /* I8042_STATE_VERSION */

	/* controller */
	uint8_t ctr;            /* command byte; its bits 4 and 5 are the interface enables */
	uint8_t status;         /* stored bits 2, 3, 4; bits 0 and 5 follow the queue */
	uint8_t outport;
	uint8_t pending_cmd;    /* 0x60 or 0xd1-0xd4 awaiting its byte on 0x60, or 0 */

	/* output buffer: controller replies, device replies, scancodes, in order */
	struct i8042_byte queue[I8042_QUEUE_SIZE];
	unsigned q_head, q_len;
	uint8_t last_read;      /* what 0x60 returns once the queue is empty */
	uint64_t dropped;       /* bytes lost to a full queue */

	/* PS/2 keyboard */
	struct {
		bool enabled;           /* scanning: cleared by 0xf5, set by 0xf4/0xf6/0xff */
		uint8_t scancode_set;   /* 1-3 */
		uint8_t leds;           /* bit 0 scroll, 1 num, 2 caps lock */
		uint8_t typematic;
		uint8_t pending_cmd;    /* 0xed, 0xf0 or 0xf3 awaiting its parameter */
	} kbd;

	/* PS/2 mouse (QEMU always has one; SeaBIOS's INT 15h/C2 talks to it) */
	struct {
		uint8_t status;         /* as 0xe9 reports: remote 0x40, on 0x20, 2:1 0x10 */
		uint8_t resolution;
		uint8_t sample_rate;
		bool wrap;              /* echo mode */
		uint8_t pending_cmd;    /* 0xe8 or 0xf3 waiting for its parameter, or 0 */
	} aux;

	/*
	 * Levels last driven on IRQ 1 and IRQ 12: state, not wiring, since a
	 * restored device must know what its lines already show to drive only
	 * real changes (a missed or doubled edge would confuse the 8259).
	 */
	int kbd_level, aux_level;
};

/* The device: its state, and beside it the wiring a snapshot does not copy. */
struct i8042 {
	struct i8042_state s;
	/* wiring, not state */
	struct irq_line kbd_irq, aux_irq;
	void (*on_reset)(void *opaque); /* the guest pulsed the CPU reset line */
	void *reset_opaque;
	void (*on_poll_empty)(void *opaque); /* the guest looked for a byte, found none */
	void *poll_opaque;
	unsigned empty_polls;   /* reads finding nothing since the last write or byte */
};

/*
 * i8042__init - power-on state as QEMU's: command byte 0x03 (both interrupts
 * on, translation off), status 0x18 (system flag clear until the guest's
 * self-test), output port 0xcf, empty queue, keyboard scanning in set 2,
 * mouse disabled.  KBD_IRQ and AUX_IRQ are IRQ 1 and IRQ 12 (either may be
 * unwired).  ON_RESET (may be NULL) is called with OPAQUE from inside
 * i8042__io when the guest resets the machine through the controller.
 * K->s.version is I8042_STATE_VERSION; neither line is driven (both start low).
 */
void i8042__init(struct i8042 *k, struct irq_line kbd_irq, struct irq_line aux_irq,
		 void (*on_reset)(void *opaque), void *opaque);

/* i8042__register - claim ports 0x60 and 0x64 on BUS.  0 or -errno. */
int i8042__register(struct i8042 *k, struct bus *bus);

/*
 * i8042__io - one byte access to PORT (0x60 or 0x64; the bus handler's core).
 * Returns the value read, 0 for writes; other ports read 0xff.
 */
uint8_t i8042__io(struct i8042 *k, uint16_t port, uint8_t value, bool is_write);

/*
 * i8042__key_scancode - queue N scancode bytes for the guest as the keyboard
 * would send them on key presses; the bytes are taken as the guest should
 * read them (no translation is applied).  All or nothing: false, queuing
 * none, when they do not fit or the keyboard is disabled (scanning off or
 * its interface disabled in the command byte).
 */
bool i8042__key_scancode(struct i8042 *k, const uint8_t *bytes, size_t n);

/*
 * i8042__key_set2 - the keyboard sends N bytes of scan code set 2, one key
 * event (E0 F0 75: Up released).  With the command byte's translation bit
 * (I8042_CTR_XLATE) set, the controller hands the guest set 1 as a real
 * 8042 does: every byte through the 8042's translation table (E0 and E1
 * pass unchanged), and an F0 is not passed on but sets bit 7 of the byte
 * after it, so E0 F0 75 reaches the guest as E0 C8.  An event must come in
 * one call: an F0 at the end of BYTES marks nothing and is lost.  With
 * translation off the bytes reach the guest as they are.  The keyboard is
 * assumed to be in set 2, as it is unless the guest changed it: when
 * k->s.kbd.scancode_set is 1 the caller sends keys__set1_bytes through
 * i8042__key_scancode instead (set 3 is not modelled).  All or nothing, and
 * false when the keyboard is disabled, as i8042__key_scancode.
 */
bool i8042__key_set2(struct i8042 *k, const uint8_t *bytes, size_t n);

/* i8042__output_empty - no byte waits for the guest in the output buffer. */
bool i8042__output_empty(const struct i8042 *k);

/*
 * i8042__on_poll_empty - have FN (NULL for none, the default) called with
 * OPAQUE whenever the guest reads port 0x64 or 0x60 while the output buffer
 * is empty, for the second time or more with no write between: it looks
 * for a key and finds none, so a paced input source knows the guest is
 * waiting.  (A single empty read is how a driver checks the controller
 * before it writes a command, e.g. SeaBIOS setting the LEDs: a key given
 * then would be taken for the command's reply.)  FN runs inside i8042__io after the value read is settled, so it
 * may queue bytes at once; the guest sees them on its next read.
 */
void i8042__on_poll_empty(struct i8042 *k, void (*fn)(void *opaque), void *opaque);

/*
 * i8042__as_after_bios - the controller as SeaBIOS leaves it: self-test
 * passed, keyboard scanning, IRQ 1 enabled and set-1 translation on, so a
 * kernel entered directly finds what it would after a BIOS.
 */
void i8042__as_after_bios(struct i8042 *k);

/* i8042__a20 - whether the output port's A20 gate bit is set. */
bool i8042__a20(const struct i8042 *k);

#endif
