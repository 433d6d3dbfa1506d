/* pic.c - the ISA PC's cascaded pair of 8259A interrupt controllers and their ELCR registers. */
#include "hw/pic.h"

#include <string.h> // memset

#define MASTER 0
#define SLAVE 1
#define CASCADE_BIT (1u << PIC_CASCADE_IRQ)
#define NO_LEVEL 8 /* priority() of an empty set: below the lowest level */

#define ICW1 0x10
#define ICW1_IC4 0x01
#define ICW1_SNGL 0x02
#define ICW4_AEOI 0x02
#define ICW4_SFNM 0x10
#define OCW3 0x08
#define OCW3_RIS 0x01
#define OCW3_RR 0x02
#define OCW3_POLL 0x04
#define OCW3_SMM 0x20
#define OCW3_ESMM 0x40
#define POLL_VALID 0x80

/* init_step: which ICW the data port takes next */
#define STEP_READY 0
#define STEP_ICW2 2
#define STEP_ICW3 3
#define STEP_ICW4 4

/* the PIIX keeps the timer, keyboard, cascade, RTC and FPU inputs edge-triggered */
#define ELCR_MASK_MASTER 0xf8
#define ELCR_MASK_SLAVE 0xde

/* ==================== priority resolution ==================== */

/* The priority level (0 highest) of the best input in MASK, NO_LEVEL for none. */
static unsigned priority(const struct pic_chip *c, unsigned mask)
{
	for (unsigned level = 0; level < 8; level++)
		if (mask & 1u << ((level + c->priority_add) & 7))
			return level;
	return NO_LEVEL;
}

static unsigned irq_at(const struct pic_chip *c, unsigned level)
{
	return (level + c->priority_add) & 7;
}

/* The input this chip raises INT for, or -1. */
static int requested(const struct pic_chip *c, bool master)
{
	unsigned want = c->irr & ~c->imr & 0xffu;
	unsigned in_service = c->isr;
	unsigned level, ceiling;

	if (c->init_step != STEP_READY)
		return -1;
	if (c->special_mask) {
		/* only the mask holds a level back; a level in service still cannot re-enter */
		want &= ~in_service;
		in_service = 0;
	}
	level = priority(c, want);
	if (level == NO_LEVEL)
		return -1;
	ceiling = priority(c, in_service);
	if (level < ceiling)
		return (int)irq_at(c, level);
	/* special fully nested: a higher slave request may interrupt a slave handler */
	if (master && c->special_nested && level == ceiling && irq_at(c, level) == PIC_CASCADE_IRQ)
		return PIC_CASCADE_IRQ;
	return -1;
}

/* ==================== inputs ==================== */

static void set_input(struct pic_chip *c, unsigned bit, bool high)
{
	uint8_t m = (uint8_t)(1u << bit);

	if (c->elcr & m) {
		c->irr = high ? c->irr | m : c->irr & (uint8_t)~m;
	} else if (high && !(c->line & m)) {
		c->irr |= m;
	}
	c->line = high ? c->line | m : c->line & (uint8_t)~m;
}

/*
 * The slave's INT output is the master's IRQ 2 input, edge-triggered (its
 * ELCR bit is fixed at 0), so a slave request that goes away leaves the
 * master's latch set: the spurious IRQ 15 of real hardware.
 */
static void cascade(struct pic *p)
{
	struct pic_chip *m = &p->s.chip[MASTER];

	set_input(m, PIC_CASCADE_IRQ, !m->single && requested(&p->s.chip[SLAVE], false) >= 0);
}

static void intack(struct pic_chip *c, unsigned irq)
{
	uint8_t m = (uint8_t)(1u << irq);

	if (!c->auto_eoi)
		c->isr |= m;
	else if (c->rotate_auto_eoi)
		c->priority_add = (irq + 1) & 7;
	if (!(c->elcr & m))
		c->irr &= (uint8_t)~m;
}

/* ==================== registers ==================== */

static void icw1(struct pic_chip *c, uint8_t v)
{
	/* the edge-sense latches reset: a line held high must fall and rise again */
	c->irr &= c->elcr;
	c->imr = 0;
	c->isr = 0;
	c->priority_add = 0;
	c->special_mask = false;
	c->read_isr = false;
	c->poll = false;
	c->auto_eoi = false;
	c->rotate_auto_eoi = false;
	c->special_nested = false;
	c->icw4_needed = v & ICW1_IC4;
	c->single = v & ICW1_SNGL;
	c->init_step = STEP_ICW2;
}

static void ocw2(struct pic_chip *c, uint8_t v)
{
	unsigned irq = v & 7, level;

	switch (v >> 5) {
	case 0: /* 0x00, 0x80: rotate in auto-EOI mode off / on */
	case 4:
		c->rotate_auto_eoi = v & 0x80;
		break;
	case 1: /* 0x20 non-specific EOI, 0xa0 and rotate */
	case 5:
		/* in special mask mode a masked level's ISR bit is not the one ended */
		level = priority(c, c->special_mask ? c->isr & ~c->imr : c->isr);
		if (level == NO_LEVEL)
			break;
		irq = irq_at(c, level);
		c->isr &= (uint8_t)~(1u << irq);
		if (v & 0x80)
			c->priority_add = (irq + 1) & 7;
		break;
	case 3: /* 0x60|n specific EOI */
		c->isr &= (uint8_t)~(1u << irq);
		break;
	case 6: /* 0xc0|n set priority: IRQ n lowest */
		c->priority_add = (irq + 1) & 7;
		break;
	case 7: /* 0xe0|n specific EOI and make IRQ n lowest */
		c->isr &= (uint8_t)~(1u << irq);
		c->priority_add = (irq + 1) & 7;
		break;
	default: /* 0x40: no operation */
		break;
	}
}

static void write_command(struct pic_chip *c, uint8_t v)
{
	if (v & ICW1) {
		icw1(c, v);
	} else if (v & OCW3) {
		if (v & OCW3_POLL)
			c->poll = true;
		if (v & OCW3_RR)
			c->read_isr = v & OCW3_RIS;
		if (v & OCW3_ESMM)
			c->special_mask = v & OCW3_SMM;
	} else {
		ocw2(c, v);
	}
}

static void write_data(struct pic_chip *c, uint8_t v)
{
	switch (c->init_step) {
	case STEP_ICW2:
		c->vector_base = v & 0xf8;
		if (!c->single)
			c->init_step = STEP_ICW3;
		else
			c->init_step = c->icw4_needed ? STEP_ICW4 : STEP_READY;
		break;
	case STEP_ICW3: /* the cascade wiring of a PC is fixed: nothing to learn */
		c->init_step = c->icw4_needed ? STEP_ICW4 : STEP_READY;
		break;
	case STEP_ICW4: /* 8086 mode assumed; buffered mode means nothing here */
		c->auto_eoi = v & ICW4_AEOI;
		c->special_nested = v & ICW4_SFNM;
		c->init_step = STEP_READY;
		break;
	default:
		c->imr = v;
		break;
	}
}

static uint8_t read_chip(struct pic_chip *c, bool master, bool data_port)
{
	int irq;

	if (c->poll) {
		/* the read after a poll command is this chip's INTA: no vector, the IRQ number */
		c->poll = false;
		irq = requested(c, master);
		if (irq < 0)
			return 0;
		intack(c, (unsigned)irq);
		return (uint8_t)(POLL_VALID | irq);
	}
	if (data_port)
		return c->imr;
	return c->read_isr ? c->isr : c->irr;
}

static void write_elcr(struct pic_chip *c, uint8_t v)
{
	c->elcr = v & c->elcr_mask;
	/* a level-triggered input's request is its line, from now on */
	c->irr = (uint8_t)((c->irr & ~c->elcr) | (c->line & c->elcr));
}

/* ==================== the machine's side ==================== */

void pic__init(struct pic *p)
{
	memset(p, 0, sizeof(*p));
	p->s.version = PIC_STATE_VERSION;
	p->s.chip[MASTER].elcr_mask = ELCR_MASK_MASTER;
	p->s.chip[SLAVE].elcr_mask = ELCR_MASK_SLAVE;
}

uint8_t pic__io(struct pic *p, uint16_t port, uint8_t value, bool is_write)
{
	struct pic_chip *c;
	unsigned n;
	uint8_t ret = 0;

	switch (port) {
	case PIC_MASTER_CMD:
	case PIC_MASTER_DATA:
	case PIC_SLAVE_CMD:
	case PIC_SLAVE_DATA:
		n = port >= PIC_SLAVE_CMD ? SLAVE : MASTER;
		c = &p->s.chip[n];
		if (!is_write)
			ret = read_chip(c, n == MASTER, port & 1);
		else if (port & 1)
			write_data(c, value);
		else
			write_command(c, value);
		break;
	case PIC_ELCR_MASTER:
	case PIC_ELCR_SLAVE:
		c = &p->s.chip[port - PIC_ELCR_MASTER];
		if (is_write)
			write_elcr(c, value);
		else
			ret = c->elcr;
		break;
	default:
		return is_write ? 0 : 0xff;
	}
	cascade(p);
	return ret;
}

void pic__set_irq(struct pic *p, unsigned irq, int level)
{
	if (irq > 15 || irq == PIC_CASCADE_IRQ)
		return;
	set_input(&p->s.chip[irq >> 3], irq & 7, level != 0);
	cascade(p);
}

void pic__irq_line(void *pic, unsigned irq, int level)
{
	pic__set_irq(pic, irq, level);
}

bool pic__pending(const struct pic *p)
{
	return requested(&p->s.chip[MASTER], true) >= 0;
}

uint8_t pic__acknowledge(struct pic *p)
{
	struct pic_chip *m = &p->s.chip[MASTER], *s = &p->s.chip[SLAVE];
	int irq = requested(m, true), irq2;
	unsigned vector;

	if (irq < 0)
		return (uint8_t)(m->vector_base + PIC_SPURIOUS_IRQ);
	intack(m, (unsigned)irq);
	if (irq != PIC_CASCADE_IRQ) {
		vector = m->vector_base + (unsigned)irq;
	} else {
		irq2 = requested(s, false);
		if (irq2 >= 0) {
			intack(s, (unsigned)irq2);
			vector = s->vector_base + (unsigned)irq2;
		} else {
			vector = s->vector_base + PIC_SPURIOUS_IRQ;
		}
		/*
		 * The slave's INT falls during INTA, so a request still up
		 * behind it (auto-EOI, special mask) latches a fresh edge.
		 */
		m->line &= (uint8_t)~CASCADE_BIT;
	}
	cascade(p);
	return (uint8_t)vector;
}

void pic__clear_request(struct pic *p, unsigned irq)
{
	struct pic_chip *c;
	uint8_t m;

	/* IRQ 2's latch is the cascade's: forgetting it could strand a slave request */
	if (irq > 15 || irq == PIC_CASCADE_IRQ)
		return;
	c = &p->s.chip[irq >> 3];
	m = (uint8_t)(1u << (irq & 7));
	c->irr = (uint8_t)((c->irr & ~m) | (c->line & c->elcr & m));
	if (c == &p->s.chip[SLAVE] && requested(c, false) < 0)
		p->s.chip[MASTER].irr &= (uint8_t)~CASCADE_BIT;
	cascade(p);
}

/* the bus's view of this device: byte-wide registers */
static uint8_t pic_bus(void *opaque, uint16_t port, uint8_t value, bool is_write)
{
	return pic__io(opaque, port, value, is_write);
}

int pic__register(struct pic *p, struct bus *bus)
{
	static const struct {
		uint16_t base;
		const char *name;
	} ranges[] = {
		{ PIC_MASTER_CMD, "pic-master" },
		{ PIC_SLAVE_CMD, "pic-slave" },
		{ PIC_ELCR_MASTER, "pic-elcr" },
	};
	int ret;

	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		ret = bus__register_bytes(bus, ranges[i].base, 2, pic_bus, p, ranges[i].name);
		if (ret)
			return ret;
	}
	return 0;
}
