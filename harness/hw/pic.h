/* pic.h - the ISA PC's cascaded pair of 8259A interrupt controllers and their ELCR registers. */
#ifndef BOOTCHECK_PIC_H
#define BOOTCHECK_PIC_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/bus.h" // struct bus

#define PIC_MASTER_CMD 0x20
#define PIC_MASTER_DATA 0x21
#define PIC_SLAVE_CMD 0xa0
#define PIC_SLAVE_DATA 0xa1
#define PIC_ELCR_MASTER 0x4d0   /* edge/level control, bit n for IRQ n */
#define PIC_ELCR_SLAVE 0x4d1    /* bit n for IRQ 8 + n */

#define PIC_CASCADE_IRQ 2       /* the master's input that carries the slave's INT */
#define PIC_SPURIOUS_IRQ 7      /* per chip: what an INTA with no request answers */

#define PIC_STATE_VERSION 1

struct pic_chip {
	uint8_t irr;            /* requests latched (edge) or followed (level) */
	uint8_t isr;            /* in service: acknowledged, not yet EOIed */
	uint8_t imr;
	uint8_t line;           /* input levels last seen, for edge detection */
	uint8_t elcr;           /* 1 = level-triggered input */
	uint8_t elcr_mask;      /* ELCR bits the board lets the guest set */
	uint8_t vector_base;    /* ICW2, low 3 bits clear */
	uint8_t priority_add;   /* rotation: the input that has the highest priority */
	uint8_t init_step;      /* 0 ready, else the ICW (2-4) the data port expects */
	bool icw4_needed;
	bool single;            /* ICW1 SNGL: no cascade, ICW3 skipped */
	bool auto_eoi;
	bool rotate_auto_eoi;
	bool special_nested;    /* ICW4 SFNM: the master lets the slave nest */
	bool special_mask;
	bool read_isr;          /* OCW3: the command port reads ISR, else IRR */
	bool poll;              /* OCW3: the next read is a poll */
};

/* Everything about the pair, and nothing else: a snapshot copies it. */
struct pic_state {
	uint32_t version;       /* PIC_STATE_VERSION */
	struct pic_chip chip[2]; /* 0 master (IRQ 0-7), 1 slave (IRQ 8-15) */
};

/* No wiring: the run loop asks pic__pending and injects pic__acknowledge. */
struct pic {
	struct pic_state s;
};

/*
 * pic__init - power-on state, as before any ICW1: every register zero (IMR
 * 0, vector base 0, all inputs low and edge-triggered), the slave cascaded
 * on the master's IRQ 2, ELCR masks 0xf8 (master) and 0xde (slave) as the
 * PIIX's: the timer, keyboard, cascade, RTC and FPU inputs stay edge.
 */
void pic__init(struct pic *p);

/*
 * pic__register - claim ports 0x20-0x21, 0xa0-0xa1 and 0x4d0-0x4d1 on BUS.
 * 0 or -errno (as bus__register); ranges claimed before a failure stay.
 */
int pic__register(struct pic *p, struct bus *bus);

/*
 * pic__io - one byte access to PORT (the bus handler's core): command and
 * data ports of either chip, and the two ELCRs.  Other ports read 0xff and
 * ignore writes.  Returns the value read, 0 for writes.  After an OCW3 poll
 * command, the chip's next read (either port) is the poll byte, 0x80 | IRQ
 * acknowledged, or 0 when nothing was requesting.
 */
uint8_t pic__io(struct pic *p, uint16_t port, uint8_t value, bool is_write);

/*
 * pic__set_irq - drive ISA input IRQ (0-15) to LEVEL (0 or nonzero).  An
 * edge-triggered input latches a request on a 0->1 transition only; a
 * level-triggered one (ELCR) requests exactly while high.  IRQ 2 is the
 * cascade and is ignored, as is IRQ > 15 (the AT bus's IRQ 2 pin is IRQ 9).
 */
void pic__set_irq(struct pic *p, unsigned irq, int level);

/* pic__irq_line - pic__set_irq as a struct irq_line setter: PIC is the struct pic. */
void pic__irq_line(void *pic, unsigned irq, int level);

/*
 * pic__pending - the master's INT output: it has an unmasked request (the
 * slave's INT counting as IRQ 2) of higher priority than all in service.
 * A chip waiting for its ICWs raises nothing.  No side effect.
 */
bool pic__pending(const struct pic *p);

/*
 * pic__acknowledge - the CPU's INTA cycle; returns the vector to inject.
 * The request acknowledged moves to ISR (not with auto-EOI); an edge
 * request leaves IRR, a level one stays while its line is high.  Through
 * the cascade both chips are acknowledged.  With no request the master
 * answers its IRQ 7 vector and sets no ISR bit; when the master's IRQ 2 was
 * latched but the slave's request has gone, the slave answers its IRQ 15
 * vector and only the master's ISR bit 2 is set.
 */
uint8_t pic__acknowledge(struct pic *p);

/*
 * pic__clear_request - forget a latched edge request on IRQ (0-15), and the
 * cascade request it left on the master if the slave has nothing else; a
 * level input that is still high keeps requesting.  ISR is untouched.
 */
void pic__clear_request(struct pic *p, unsigned irq);

#endif
