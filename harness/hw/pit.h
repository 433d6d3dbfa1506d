/* pit.h - Intel 8254 interval timer (ports 0x40-0x43) and system control port B (0x61), on virtual time. */
#ifndef BOOTCHECK_PIT_H
#define BOOTCHECK_PIT_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/bus.h"    // struct bus
#include "vmm/irq.h"    // struct irq_line
#include "vmm/vclock.h" // struct vclock

#define PIT_PORT_COUNTER0 0x40  /* counters 0-2 at 0x40-0x42 */
#define PIT_PORT_MODE 0x43      /* control word; write-only */
#define PIT_PORT_B 0x61         /* system control port B */

#define PIT_FREQ_HZ 1193182
#define PIT_REFRESH_NS 15085    /* port B bit 4 toggles this often */
#define PIT_CHANNELS 3

/* Port B bits. */
#define PIT_B_GATE2 0x01        /* channel 2's gate */
#define PIT_B_SPEAKER 0x02      /* speaker data enable: stored only */
#define PIT_B_STORED 0x0f       /* bits the guest writes and reads back */
#define PIT_B_REFRESH 0x10      /* read-only: the DRAM refresh toggle */
#define PIT_B_OUT2 0x20         /* read-only: channel 2's output */

#define PIT_STATE_VERSION 1

/*
 * One counter.  The counting element's progress is "base_clocks plus the
 * input clocks since load_ns" while it counts; with the gate low (modes 0,
 * 2, 3, 4) it is frozen at base_clocks.
 */
struct pit_channel {
	uint32_t count;         /* count register: 1-65536, BCD 1-10000 (0 written means the top) */
	uint32_t ce_count;      /* the initial count the counting element runs with */
	uint64_t load_ns;       /* virtual time the count was loaded / counting (re)started */
	uint64_t base_clocks;   /* clocks counted before load_ns (a low gate suspended them) */
	uint16_t idle;          /* what reads while nothing counts (as read, BCD if so) */
	uint16_t latch;         /* latched count (as read) */
	uint8_t mode;           /* 0-7 as written; 6 and 7 act as 2 and 3 */
	uint8_t rw;             /* 1 LSB only, 2 MSB only, 3 LSB then MSB */
	uint8_t status;         /* latched status byte */
	uint8_t write_lsb;      /* the first byte of a two-byte count */
	bool bcd;
	bool gate;
	bool loaded;            /* a count was written since the mode was set */
	bool armed;             /* modes 1 and 5: the count waits for a gate trigger */
	bool triggered;         /* modes 1 and 5: a trigger loaded the counting element */
	bool latched;           /* latch holds a count not yet read */
	bool status_latched;
	bool read_msb;          /* read flip-flop: the next byte read is the MSB */
	bool write_msb;         /* write flip-flop: the next byte written is the MSB */
	bool null_count;        /* the count register has not reached the counting element */
};

/* Everything about the device, and nothing else: a snapshot copies it. */
struct pit_state {
	uint32_t version;       /* PIT_STATE_VERSION */
	struct pit_channel ch[PIT_CHANNELS];
	uint8_t port61;         /* port B bits 0-3 as written */
	uint64_t irq_seen_ns;   /* channel 0's rising edges up to here were delivered */
};

struct pit {
	struct pit_state s;
	/* wiring, not state */
	struct vclock *clock;
	struct irq_line irq0;
};

/*
 * pit__init - power-on state: every channel in mode 0 (OUT low), LSB-then-
 * MSB access, binary, no count loaded (nothing counts), null count set;
 * gates of channels 0 and 1 tied high, channel 2's gate low with port 0x61
 * = 0.  The model reads the time from CLOCK and drives channel 0's output
 * on IRQ0; it does not drive IRQ0 here (OUT0 starts low).  Add pit__update
 * to CLOCK's sources to get IRQ0 edges.
 */
void pit__init(struct pit *p, struct vclock *clock, struct irq_line irq0);

/*
 * pit__register - claim ports 0x40-0x43 and 0x61 on BUS.  0 or -errno (as
 * bus__register_bytes); a range claimed before a failure stays.
 */
int pit__register(struct pit *p, struct bus *bus);

/*
 * pit__io - one byte access to PORT at the clock's current time (the bus
 * handler's core).  0x40-0x42 read and write the counters, 0x43 takes
 * control words (and reads 0xff), 0x61 is port B: writes keep bits 0-3
 * (bit 0 is channel 2's gate); reads return them with the refresh toggle
 * in bit 4 and OUT2 in bit 5.  Other ports read 0xff and ignore writes.
 * A write that changes channel 0 first delivers its edges due so far, then
 * drives IRQ0 to OUT0's new level (a rise there is a real edge, as when a
 * mode 2 control word raises an output left low) and calls vclock__changed.
 * Returns the value read, 0 for writes.
 */
uint8_t pit__io(struct pit *p, uint16_t port, uint8_t value, bool is_write);

/*
 * pit__update - the vclock source (PIT is the struct pit): when OUT0 rose
 * one or more times in (irq_seen_ns, NOW_NS], drive IRQ0 low then high,
 * once (missed periods coalesce, as in the PIC's IRR); then leave IRQ0 at
 * OUT0's level at NOW_NS.  Returns the time of OUT0's next rising edge,
 * strictly after NOW_NS, or VCLOCK_NEVER when there is none (no count, a
 * one-shot that has fired, a forbidden count of 1 in mode 2 or 3, ...).
 * A NOW_NS before irq_seen_ns delivers nothing.
 */
uint64_t pit__update(void *pit, uint64_t now_ns);

/*
 * pit__restart - the guest gets control at NOW_NS: whatever the firmware's
 * run took, every channel with a count in its counting element starts a
 * fresh period at NOW_NS, as if its count had just been loaded (a one-shot
 * that already fired stays fired, its counter restarting from terminal
 * count, so it neither fires again nor depends on the time before).  Edge
 * bookkeeping starts at NOW_NS, and IRQ0 is driven low then to OUT0's new
 * level, so its effect on the PIC never depends on the level before: with
 * channel 0 in mode 2 or 3 the PIC latches one edge here (clear it there,
 * after this call, for a boot with no tick pending).
 */
void pit__restart(struct pit *p, uint64_t now_ns);

/*
 * pit__out - the output level of CHANNEL (0-2; others read low) at NOW_NS,
 * for NOW_NS at or after the last change to the channel.  No side effect.
 */
bool pit__out(const struct pit *p, unsigned channel, uint64_t now_ns);

/*
 * pit__count - the counter of CHANNEL (0-2; others read 0) as an unlatched
 * read would see it at NOW_NS: 16 bits, BCD digits in BCD mode.  No side
 * effect.
 */
uint16_t pit__count(const struct pit *p, unsigned channel, uint64_t now_ns);

#endif
