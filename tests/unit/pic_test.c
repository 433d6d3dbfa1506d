/* pic_test.c - unit tests for the cascaded 8259A pair model (harness/hw/pic.[ch]). */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hw/pic.h"
#include "vmm/bus.h"
#include "vmm/irq.h"

#define MASTER 0
#define SLAVE 1

struct fixture {
	struct pic p;
	struct bus bus;
};

static void out(struct pic *p, uint16_t port, uint8_t v)
{
	assert_int_equal(pic__io(p, port, v, true), 0);
}

static uint8_t in(struct pic *p, uint16_t port)
{
	return pic__io(p, port, 0, false);
}

static uint16_t cmd_port(unsigned chip)
{
	return chip == SLAVE ? 0xa0 : 0x20;
}

/* What a PC BIOS writes: vectors 0x08 and 0x70, the slave on IRQ 2, then ICW4. */
static void bios_init(struct pic *p, uint8_t icw4_master, uint8_t icw4_slave)
{
	out(p, 0x20, 0x11);
	out(p, 0x21, 0x08);
	out(p, 0x21, 0x04);
	out(p, 0x21, icw4_master);
	out(p, 0xa0, 0x11);
	out(p, 0xa1, 0x70);
	out(p, 0xa1, 0x02);
	out(p, 0xa1, icw4_slave);
}

/* OCW3 read-register commands, then the read, as a guest does. */
static uint8_t irr(struct pic *p, unsigned chip)
{
	out(p, cmd_port(chip), 0x0a);
	return in(p, cmd_port(chip));
}

static uint8_t isr(struct pic *p, unsigned chip)
{
	out(p, cmd_port(chip), 0x0b);
	return in(p, cmd_port(chip));
}

/* An edge device's interrupt: the line rises and falls. */
static void pulse(struct pic *p, unsigned irq)
{
	pic__set_irq(p, irq, 1);
	pic__set_irq(p, irq, 0);
}

/* INTA, insisting that INT was up. */
static uint8_t ack(struct pic *p)
{
	assert_true(pic__pending(p));
	return pic__acknowledge(p);
}

/* A handler's non-specific EOIs: slave first when the IRQ came through it. */
static void eoi(struct pic *p, unsigned irq)
{
	if (irq >= 8)
		out(p, 0xa0, 0x20);
	out(p, 0x20, 0x20);
}

static uint8_t vector_of(unsigned irq)
{
	return (uint8_t)(irq < 8 ? 0x08 + irq : 0x70 + irq - 8);
}

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));

	if (!f)
		return -1;
	pic__init(&f->p);
	bus__init(&f->bus, "pio");
	*state = f;
	return 0;
}

static int setup_bios(void **state)
{
	struct fixture *f;

	if (setup(state))
		return -1;
	f = *state;
	bios_init(&f->p, 0x01, 0x01);
	return 0;
}

static int teardown(void **state)
{
	test_free(*state);
	return 0;
}

static void test_power_on(void **state)
{
	struct fixture *f = *state;
	struct pic *p = &f->p;

	assert_int_equal(p->s.version, PIC_STATE_VERSION);
	for (unsigned chip = 0; chip < 2; chip++) {
		assert_int_equal(in(p, cmd_port(chip)), 0);        /* IRR */
		assert_int_equal(in(p, cmd_port(chip) + 1), 0);    /* IMR */
		assert_int_equal(isr(p, chip), 0);
		assert_int_equal(p->s.chip[chip].vector_base, 0);
		assert_int_equal(p->s.chip[chip].init_step, 0);
	}
	assert_int_equal(in(p, 0x4d0), 0);
	assert_int_equal(in(p, 0x4d1), 0);
	assert_int_equal(p->s.chip[MASTER].elcr_mask, 0xf8);
	assert_int_equal(p->s.chip[SLAVE].elcr_mask, 0xde);
	assert_false(pic__pending(p));

	/* an unprogrammed pair is ready, unmasked, with vector base 0 (as QEMU's) */
	pulse(p, 1);
	assert_int_equal(ack(p), 0x01);
	pulse(p, 8);
	assert_false(pic__pending(p)); /* IRQ 1 in service blocks the cascade */
	eoi(p, 1);
	assert_int_equal(ack(p), 0x00);
}

static void test_bios_init_vectors(void **state)
{
	struct fixture *f = *state;
	struct pic *p = &f->p;

	assert_int_equal(in(p, 0x21), 0); /* ICW1 unmasked everything */
	assert_int_equal(in(p, 0xa1), 0);
	for (unsigned irq = 0; irq < 16; irq++) {
		uint8_t v, m_isr, s_isr;

		if (irq == 2)
			continue;
		pulse(p, irq);
		v = ack(p);
		m_isr = isr(p, MASTER);
		s_isr = isr(p, SLAVE);
		if (v != vector_of(irq) || m_isr != (irq < 8 ? 1u << irq : 0x04) ||
		    s_isr != (irq < 8 ? 0 : 1u << (irq - 8)))
			fail_msg("IRQ %u: vector 0x%02x ISR %02x/%02x, want 0x%02x", irq, v,
				 m_isr, s_isr, vector_of(irq));
		assert_int_equal(irr(p, MASTER), 0);
		assert_int_equal(irr(p, SLAVE), 0);
		assert_false(pic__pending(p));
		eoi(p, irq);
		assert_int_equal(isr(p, MASTER), 0);
		assert_int_equal(isr(p, SLAVE), 0);
		assert_false(pic__pending(p));
	}
}

static void test_priority_order(void **state)
{
	struct fixture *f = *state;
	struct pic *p = &f->p;
	/* the slave's inputs sit at the master's IRQ 2 level */
	static const unsigned order[] = { 0, 1, 8, 9, 10, 11, 12, 13, 14, 15, 3, 4, 5, 6, 7 };
	static const struct {
		unsigned a, b, first;
	} pairs[] = {
		{ 5, 3, 3 }, { 3, 5, 3 }, { 7, 6, 6 }, { 1, 0, 0 },
		{ 3, 9, 9 }, { 1, 9, 1 }, { 13, 12, 12 }, { 15, 8, 8 },
	};

	for (int i = 14; i >= 0; i--)
		pulse(p, order[i]);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		uint8_t v = ack(p);

		if (v != vector_of(order[i]))
			fail_msg("position %zu: vector 0x%02x, want 0x%02x", i, v,
				 vector_of(order[i]));
		eoi(p, order[i]);
	}
	assert_false(pic__pending(p));

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		unsigned second = pairs[i].first == pairs[i].a ? pairs[i].b : pairs[i].a;

		pulse(p, pairs[i].a);
		pulse(p, pairs[i].b);
		assert_int_equal(ack(p), vector_of(pairs[i].first));
		eoi(p, pairs[i].first);
		assert_int_equal(ack(p), vector_of(second));
		eoi(p, second);
		assert_false(pic__pending(p));
	}
}

static void test_in_service_blocks_and_nests(void **state)
{
	struct fixture *f = *state;
	struct pic *p = &f->p;

	pulse(p, 4);
	assert_int_equal(ack(p), 0x0c);
	pulse(p, 6);
	assert_false(pic__pending(p)); /* lower */
	pulse(p, 4);
	assert_false(pic__pending(p)); /* equal */
	pulse(p, 1);
	assert_int_equal(ack(p), 0x09); /* higher nests */
	assert_int_equal(isr(p, MASTER), 0x12);
	out(p, 0x20, 0x20);             /* ends IRQ 1, the highest in service */
	assert_int_equal(isr(p, MASTER), 0x10);
	assert_false(pic__pending(p));
	out(p, 0x20, 0x20);
	assert_int_equal(ack(p), 0x0c); /* the second IRQ 4 outranks 6 */
	eoi(p, 4);
	assert_int_equal(ack(p), 0x0e);
	eoi(p, 6);
	assert_false(pic__pending(p));

	/* a slave IRQ in service holds the master's IRQ 2 level */
	pulse(p, 11);
	assert_int_equal(ack(p), 0x73);
	pulse(p, 9);
	assert_false(pic__pending(p));
	assert_int_equal(irr(p, SLAVE), 0x02);
	pulse(p, 0);
	assert_int_equal(ack(p), 0x08);
	eoi(p, 0);
	assert_false(pic__pending(p));
	eoi(p, 11);
	assert_int_equal(ack(p), 0x71);
	eoi(p, 9);
	assert_false(pic__pending(p));
}

static void test_eoi_kinds(void **state)
{
	struct fixture *f = *state;
	struct pic *p = &f->p;
	static const struct {
		uint8_t ocw2, isr_after;
	} steps[] = {
		{ 0x64, 0x42 }, /* specific EOI 4, out of priority order */
		{ 0x40, 0x42 }, /* no operation */
		{ 0x63, 0x42 }, /* specific EOI of a level not in service */
		{ 0x20, 0x40 }, /* non-specific: IRQ 1 */
		{ 0x20, 0x00 },
		{ 0x20, 0x00 }, /* nothing left */
	};

	pulse(p, 6);
	assert_int_equal(ack(p), 0x0e);
	pulse(p, 4);
	assert_int_equal(ack(p), 0x0c);
	pulse(p, 1);
	assert_int_equal(ack(p), 0x09);
	assert_int_equal(isr(p, MASTER), 0x52);
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		out(p, 0x20, steps[i].ocw2);
		assert_int_equal(isr(p, MASTER), steps[i].isr_after);
	}

	/* on the slave, each chip takes its own EOI */
	pulse(p, 11);
	assert_int_equal(ack(p), 0x73);
	out(p, 0xa0, 0x63);
	assert_int_equal(isr(p, SLAVE), 0);
	assert_int_equal(isr(p, MASTER), 0x04);
	out(p, 0x20, 0x62);
	assert_int_equal(isr(p, MASTER), 0);
}

static void test_masking(void **state)
{
	struct fixture *f = *state;
	struct pic *p = &f->p;

	out(p, 0x21, 0x02);
	assert_int_equal(in(p, 0x21), 0x02);
	pulse(p, 1);
	assert_int_equal(irr(p, MASTER), 0x02); /* kept while masked */
	assert_false(pic__pending(p));
	out(p, 0x21, 0x00);
	assert_int_equal(ack(p), 0x09);
	eoi(p, 1);

	/* the slave's own mask: no INT to the master either */
	out(p, 0xa1, 0x10);
	assert_int_equal(in(p, 0xa1), 0x10);
	pulse(p, 12);
	assert_int_equal(irr(p, SLAVE), 0x10);
	assert_int_equal(irr(p, MASTER), 0x00);
	assert_false(pic__pending(p));
	out(p, 0xa1, 0x00);
	assert_int_equal(irr(p, MASTER), 0x04);
	assert_int_equal(ack(p), 0x74);
	eoi(p, 12);

	/* masking IRQ 2 on the master holds back the whole slave */
	out(p, 0x21, 0x04);
	pulse(p, 8);
	assert_int_equal(irr(p, SLAVE), 0x01);
	assert_int_equal(irr(p, MASTER), 0x04);
	assert_false(pic__pending(p));
	pulse(p, 3);
	assert_int_equal(ack(p), 0x0b); /* others still pass */
	eoi(p, 3);
	out(p, 0x21, 0x00);
	assert_int_equal(ack(p), 0x70);
	eoi(p, 8);
	assert_false(pic__pending(p));
}

static void test_edge_trigger(void **state)
{
	struct fixture *f = *state;
	struct pic *p = &f->p;

	pic__set_irq(p, 3, 1);
	assert_int_equal(ack(p), 0x0b);
	eoi(p, 3);
	assert_false(pic__pending(p)); /* still high, but no new edge */
	pic__set_irq(p, 3, 1);
	assert_false(pic__pending(p));
	assert_int_equal(irr(p, MASTER), 0);
	pic__set_irq(p, 3, 0);
	assert_false(pic__pending(p));
	pic__set_irq(p, 3, 1);
	assert_int_equal(ack(p), 0x0b);
	eoi(p, 3);

	/* the latch holds a request after the line has fallen */
	pic__set_irq(p, 3, 0);
	pic__set_irq(p, 3, 1);
	pic__set_irq(p, 3, 0);
	assert_int_equal(irr(p, MASTER), 0x08);
	assert_int_equal(ack(p), 0x0b);
	eoi(p, 3);
	assert_false(pic__pending(p));

	/* any nonzero level is high */
	pic__set_irq(p, 14, 7);
	assert_int_equal(ack(p), 0x76);
	eoi(p, 14);
	assert_false(pic__pending(p));
}

static void test_level_trigger(void **state)
{
	struct fixture *f = *state;
	struct pic *p = &f->p;

	out(p, 0x4d0, 0x20); /* IRQ 5 */
	pic__set_irq(p, 5, 1);
	assert_int_equal(ack(p), 0x0d);
	assert_int_equal(irr(p, MASTER), 0x20); /* INTA leaves a level request */
	assert_false(pic__pending(p));          /* in service */
	eoi(p, 5);
	assert_int_equal(ack(p), 0x0d);         /* still high: again */
	eoi(p, 5);
	pic__set_irq(p, 5, 0);
	assert_int_equal(irr(p, MASTER), 0);
	assert_false(pic__pending(p));

	/* on the slave: IRQ 10 */
	out(p, 0x4d1, 0x04);
	pic__set_irq(p, 10, 1);
	assert_int_equal(ack(p), 0x72);
	assert_int_equal(irr(p, SLAVE), 0x04);
	eoi(p, 10);
	assert_int_equal(ack(p), 0x72);
	pic__set_irq(p, 10, 0);                 /* the device is served */
	assert_int_equal(irr(p, SLAVE), 0);
	eoi(p, 10);
	assert_false(pic__pending(p));

	/* switching an input that is high to level makes its line the request */
	pic__set_irq(p, 6, 1);
	assert_int_equal(ack(p), 0x0e);
	eoi(p, 6);
	assert_false(pic__pending(p));
	out(p, 0x4d0, 0x40);
	assert_int_equal(ack(p), 0x0e);
	eoi(p, 6);
	pic__set_irq(p, 6, 0);
	assert_false(pic__pending(p));
}

static void test_elcr_masks(void **state)
{
	struct fixture *f = *state;
	struct pic *p = &f->p;
	static const uint8_t writes[] = { 0xff, 0x00, 0x07, 0x21, 0xa5, 0x5a, 0x01 };

	for (size_t i = 0; i < sizeof(writes) / sizeof(writes[0]); i++) {
		out(p, 0x4d0, writes[i]);
		out(p, 0x4d1, writes[i]);
		assert_int_equal(in(p, 0x4d0), writes[i] & 0xf8);
		assert_int_equal(in(p, 0x4d1), writes[i] & 0xde);
	}

	/* IRQ 0 (master) and IRQ 8 (slave) stay edge-triggered */
	out(p, 0x4d0, 0xff);
	out(p, 0x4d1, 0xff);
	pic__set_irq(p, 0, 1);
	assert_int_equal(ack(p), 0x08);
	eoi(p, 0);
	assert_false(pic__pending(p));
	pic__set_irq(p, 8, 1);
	assert_int_equal(ack(p), 0x70);
	eoi(p, 8);
	assert_false(pic__pending(p));
	/* while IRQ 3 and IRQ 9 are level */
	pic__set_irq(p, 3, 1);
	assert_int_equal(ack(p), 0x0b);
	eoi(p, 3);
	assert_int_equal(ack(p), 0x0b);
	eoi(p, 3);
	pic__set_irq(p, 3, 0);
	pic__set_irq(p, 9, 1);
	assert_int_equal(ack(p), 0x71);
	eoi(p, 9);
	assert_int_equal(ack(p), 0x71);
	pic__set_irq(p, 9, 0);
	eoi(p, 9);
	assert_false(pic__pending(p));
}

static void test_read_irr_isr(void **state)
{
	struct fixture *f = *state;
	struct pic *p = &f->p;

	out(p, 0x21, 0x5a);
	pulse(p, 0);
	pulse(p, 3);
	pulse(p, 5);
	out(p, 0x20, 0x0a);
	assert_int_equal(in(p, 0x20), 0x29);
	assert_int_equal(in(p, 0x20), 0x29);    /* the selection sticks */
	assert_int_equal(in(p, 0x21), 0x5a);    /* the data port is the IMR */
	assert_int_equal(ack(p), 0x08);
	out(p, 0x20, 0x0b);
	assert_int_equal(in(p, 0x20), 0x01);
	out(p, 0x20, 0x08);                     /* OCW3 without RR keeps ISR selected */
	assert_int_equal(in(p, 0x20), 0x01);
	assert_int_equal(in(p, 0x21), 0x5a);
	out(p, 0x20, 0x0a);
	assert_int_equal(in(p, 0x20), 0x28);
	eoi(p, 0);

	/* the slave selects on its own */
	pulse(p, 13);
	out(p, 0xa0, 0x0b);
	out(p, 0x20, 0x0a);
	assert_int_equal(in(p, 0xa0), 0x00);
	assert_int_equal(in(p, 0x20), 0x2c);
	out(p, 0xa0, 0x0a);
	assert_int_equal(in(p, 0xa0), 0x20);
}

static void test_poll(void **state)
{
	struct fixture *f = *state;
	struct pic *p = &f->p;

	/* a polling guest runs with interrupts off: no INTA, the read is the acknowledge */
	pulse(p, 3);
	pulse(p, 5);
	out(p, 0x20, 0x0c);
	assert_int_equal(in(p, 0x20), 0x83);
	assert_int_equal(isr(p, MASTER), 0x08);
	assert_int_equal(irr(p, MASTER), 0x20);
	out(p, 0x20, 0x0c);
	assert_int_equal(in(p, 0x20), 0x00);    /* 5 waits for 3's EOI */
	assert_int_equal(in(p, 0x20), 0x20);    /* one read only: IRR again */
	eoi(p, 3);
	out(p, 0x20, 0x0c);
	assert_int_equal(in(p, 0x21), 0x85);    /* the next read of either port */
	assert_int_equal(in(p, 0x21), 0x00);
	eoi(p, 5);

	/* through the cascade: the master says 2, the slave says which */
	pulse(p, 12);
	out(p, 0x20, 0x0c);
	assert_int_equal(in(p, 0x20), 0x82);
	out(p, 0xa0, 0x0c);
	assert_int_equal(in(p, 0xa0), 0x84);
	assert_int_equal(isr(p, MASTER), 0x04);
	assert_int_equal(isr(p, SLAVE), 0x10);
	assert_false(pic__pending(p));
	eoi(p, 12);
	assert_false(pic__pending(p));
	out(p, 0x20, 0x0c);
	assert_int_equal(in(p, 0x20), 0x00);
}

static void test_auto_eoi(void **state)
{
	struct fixture *f = *state;
	struct pic *p = &f->p;

	bios_init(p, 0x03, 0x03);
	pulse(p, 4);
	assert_int_equal(ack(p), 0x0c);
	assert_int_equal(isr(p, MASTER), 0);
	pulse(p, 6);
	assert_int_equal(ack(p), 0x0e);         /* nothing in service to block it */
	assert_false(pic__pending(p));

	/* two slave requests: the second is not lost behind the first's INTA */
	pulse(p, 9);
	pulse(p, 10);
	assert_int_equal(ack(p), 0x71);
	assert_int_equal(isr(p, MASTER), 0);
	assert_int_equal(isr(p, SLAVE), 0);
	assert_int_equal(ack(p), 0x72);
	assert_false(pic__pending(p));
	assert_int_equal(irr(p, MASTER), 0);
}

static void test_spurious(void **state)
{
	struct fixture *f = *state;
	struct pic *p = &f->p;

	/* INTA with nothing requested: the master's IRQ 7, nothing in service */
	assert_int_equal(pic__acknowledge(p), 0x0f);
	assert_int_equal(isr(p, MASTER), 0);
	assert_int_equal(isr(p, SLAVE), 0);

	/* masked between INT and INTA */
	pulse(p, 0);
	assert_true(pic__pending(p));
	out(p, 0x21, 0x01);
	assert_false(pic__pending(p));
	assert_int_equal(pic__acknowledge(p), 0x0f);
	assert_int_equal(isr(p, MASTER), 0);
	assert_int_equal(irr(p, MASTER), 0x01);
	out(p, 0x21, 0x00);
	assert_int_equal(ack(p), 0x08);
	eoi(p, 0);

	/* a level request that went away */
	out(p, 0x4d0, 0x20);
	pic__set_irq(p, 5, 1);
	assert_true(pic__pending(p));
	pic__set_irq(p, 5, 0);
	assert_int_equal(pic__acknowledge(p), 0x0f);
	assert_int_equal(isr(p, MASTER), 0);

	/* one gone on the slave: the master's IRQ 2 stays latched */
	out(p, 0x4d1, 0x04);
	pic__set_irq(p, 10, 1);
	pic__set_irq(p, 10, 0);
	assert_int_equal(ack(p), 0x77);
	assert_int_equal(isr(p, MASTER), 0x04);
	assert_int_equal(isr(p, SLAVE), 0x00);
	out(p, 0x20, 0x20);                     /* a handler's EOI to the master only */
	assert_int_equal(isr(p, MASTER), 0);
	assert_false(pic__pending(p));
}

static void test_clear_request(void **state)
{
	struct fixture *f = *state;
	struct pic *p = &f->p;

	pulse(p, 0);
	pic__clear_request(p, 0);
	assert_int_equal(irr(p, MASTER), 0);
	assert_false(pic__pending(p));
	pulse(p, 0);                            /* a later edge still counts */
	assert_int_equal(ack(p), 0x08);

	/* ISR is not touched */
	pulse(p, 0);
	pic__clear_request(p, 0);
	assert_int_equal(irr(p, MASTER), 0);
	assert_int_equal(isr(p, MASTER), 0x01);
	eoi(p, 0);
	assert_false(pic__pending(p));

	/* on the slave it takes the cascade latch along: no spurious IRQ 15 */
	pulse(p, 8);
	assert_int_equal(irr(p, MASTER), 0x04);
	pic__clear_request(p, 8);
	assert_int_equal(irr(p, SLAVE), 0);
	assert_int_equal(irr(p, MASTER), 0);
	assert_false(pic__pending(p));
	/* unless the slave has another request */
	pulse(p, 8);
	pulse(p, 12);
	pic__clear_request(p, 8);
	assert_int_equal(ack(p), 0x74);
	eoi(p, 12);

	/* a level input still high keeps requesting */
	out(p, 0x4d0, 0x20);
	pic__set_irq(p, 5, 1);
	pic__clear_request(p, 5);
	assert_int_equal(irr(p, MASTER), 0x20);
	assert_int_equal(ack(p), 0x0d);
	pic__set_irq(p, 5, 0);
	eoi(p, 5);

	/* IRQ 2 and out-of-range numbers are ignored */
	pulse(p, 9);
	pic__clear_request(p, 2);
	pic__clear_request(p, 16);
	pic__clear_request(p, UINT_MAX);
	assert_int_equal(ack(p), 0x71);
}

static void test_rotation(void **state)
{
	struct fixture *f = *state;
	struct pic *p = &f->p;

	/* set priority: IRQ 3 lowest, so 4 5 6 7 0 1 2 3 */
	out(p, 0x20, 0xc3);
	pulse(p, 3);
	pulse(p, 1);
	pulse(p, 5);
	assert_int_equal(ack(p), 0x0d);
	pulse(p, 7);
	assert_false(pic__pending(p));          /* 7 is below 5 now */
	pulse(p, 4);
	assert_int_equal(ack(p), 0x0c);
	out(p, 0x20, 0x20);                     /* non-specific EOI follows the rotation: 4 */
	assert_int_equal(isr(p, MASTER), 0x20);
	out(p, 0x20, 0x20);
	assert_int_equal(ack(p), 0x0f);
	eoi(p, 7);
	assert_int_equal(ack(p), 0x09);
	eoi(p, 1);
	assert_int_equal(ack(p), 0x0b);
	eoi(p, 3);
	assert_false(pic__pending(p));
	out(p, 0x20, 0xc7);                     /* back to 0 highest */

	/* rotate on non-specific EOI: the IRQ served becomes the lowest */
	pulse(p, 0);
	assert_int_equal(ack(p), 0x08);
	out(p, 0x20, 0xa0);
	pulse(p, 0);
	pulse(p, 7);
	assert_int_equal(ack(p), 0x0f);
	/* rotate on specific EOI: 7 lowest, 0 highest again */
	out(p, 0x20, 0xe7);
	assert_int_equal(isr(p, MASTER), 0);
	pulse(p, 7);
	assert_int_equal(ack(p), 0x08);
	eoi(p, 0);
	assert_int_equal(ack(p), 0x0f);
	eoi(p, 7);
	assert_false(pic__pending(p));

	/* rotate in auto-EOI mode */
	bios_init(p, 0x03, 0x01);
	out(p, 0x20, 0x80);
	pulse(p, 1);
	assert_int_equal(ack(p), 0x09);         /* 1 now lowest: 2 3 ... 0 1 */
	pulse(p, 0);
	pulse(p, 3);
	out(p, 0x20, 0x00);                     /* stop rotating */
	assert_int_equal(ack(p), 0x0b);
	assert_int_equal(ack(p), 0x08);         /* no rotation after 3 */
	pulse(p, 1);
	pulse(p, 4);
	assert_int_equal(ack(p), 0x0c);
	assert_int_equal(ack(p), 0x09);
	assert_false(pic__pending(p));
}

static void test_special_mask(void **state)
{
	struct fixture *f = *state;
	struct pic *p = &f->p;

	pulse(p, 3);
	assert_int_equal(ack(p), 0x0b);
	pulse(p, 5);
	assert_false(pic__pending(p));
	out(p, 0x21, 0x08);                     /* the handler masks its own level */
	out(p, 0x20, 0x28);                     /* SMM without ESMM: no effect */
	assert_false(pic__pending(p));
	out(p, 0x20, 0x68);                     /* special mask mode on */
	assert_int_equal(ack(p), 0x0d);         /* lower priorities reopen */
	assert_int_equal(isr(p, MASTER), 0x28);
	pulse(p, 6);
	assert_int_equal(ack(p), 0x0e);         /* 5 in service, unmasked, blocks nothing */
	out(p, 0x20, 0x66);
	pulse(p, 5);
	assert_false(pic__pending(p));          /* but does not re-enter */
	pulse(p, 3);
	assert_false(pic__pending(p));          /* masked */
	out(p, 0x20, 0x20);                     /* ends 5, not the masked 3 */
	assert_int_equal(isr(p, MASTER), 0x08);
	assert_true(pic__pending(p));
	out(p, 0x20, 0x48);                     /* special mask mode off */
	assert_false(pic__pending(p));          /* 3 in service blocks 5 again */
	out(p, 0x21, 0x00);
	assert_false(pic__pending(p));          /* and its own new request */
	out(p, 0x20, 0x20);
	assert_int_equal(ack(p), 0x0b);
	eoi(p, 3);
	assert_int_equal(ack(p), 0x0d);
	eoi(p, 5);
	assert_false(pic__pending(p));
}

static void test_special_fully_nested(void **state)
{
	struct fixture *f = *state;
	struct pic *p = &f->p;

	/* plain nested: a slave IRQ in service shuts out the whole slave */
	pulse(p, 10);
	assert_int_equal(ack(p), 0x72);
	pulse(p, 8);
	assert_false(pic__pending(p));
	eoi(p, 10);
	assert_int_equal(ack(p), 0x70);
	eoi(p, 8);

	bios_init(p, 0x11, 0x01);
	pulse(p, 10);
	assert_int_equal(ack(p), 0x72);
	pulse(p, 11);
	assert_false(pic__pending(p));          /* the slave's own priorities hold */
	pulse(p, 3);
	assert_false(pic__pending(p));          /* and the master's IRQ 2 level */
	pulse(p, 8);
	assert_int_equal(ack(p), 0x70);         /* higher on the slave: nests */
	assert_int_equal(isr(p, SLAVE), 0x05);
	assert_int_equal(isr(p, MASTER), 0x04);
	out(p, 0xa0, 0x20);
	assert_int_equal(isr(p, SLAVE), 0x04);
	/* SFNM handlers check the slave's ISR before ending IRQ 2 on the master */
	out(p, 0xa0, 0x20);
	out(p, 0x20, 0x20);
	assert_int_equal(ack(p), 0x73);
	eoi(p, 11);
	assert_int_equal(ack(p), 0x0b);
	eoi(p, 3);
	assert_false(pic__pending(p));
}

static void test_init_sequences(void **state)
{
	struct fixture *f = *state;
	struct pic *p = &f->p;

	/* single mode with ICW4: no ICW3, ICW2's low bits dropped */
	out(p, 0x20, 0x13);
	out(p, 0x21, 0x27);
	out(p, 0x21, 0x03);
	out(p, 0x21, 0xf0);
	assert_int_equal(in(p, 0x21), 0xf0);
	pulse(p, 1);
	assert_int_equal(ack(p), 0x21);
	assert_int_equal(isr(p, MASTER), 0);    /* auto-EOI from ICW4 */
	pulse(p, 8);
	assert_false(pic__pending(p));          /* no cascade in single mode */
	assert_int_equal(irr(p, MASTER), 0);

	/* cascade without ICW4: ICW2, ICW3, then the IMR; auto-EOI off */
	out(p, 0x20, 0x10);
	out(p, 0x21, 0x40);
	out(p, 0x21, 0x04);
	out(p, 0x21, 0xfe);
	assert_int_equal(in(p, 0x21), 0xfe);
	assert_int_equal(p->s.chip[MASTER].init_step, 0);
	out(p, 0x21, 0x00);
	assert_int_equal(ack(p), 0x00);         /* IRQ 8 at the unprogrammed slave's base 0 */
	assert_int_equal(isr(p, MASTER), 0x04);
	eoi(p, 8);
	pulse(p, 1);
	assert_int_equal(ack(p), 0x41);
	eoi(p, 1);

	/* no INT until the ICWs are in; requests made meanwhile wait */
	bios_init(p, 0x01, 0x01);
	out(p, 0x20, 0x11);
	pulse(p, 0);
	assert_false(pic__pending(p));
	out(p, 0x21, 0x18);
	out(p, 0x21, 0x04);
	assert_false(pic__pending(p));
	out(p, 0x21, 0x01);
	assert_int_equal(ack(p), 0x18);
	eoi(p, 0);

	/* ICW1 clears IMR, ISR, edge requests and the read selection, not level requests */
	bios_init(p, 0x01, 0x01);
	out(p, 0x4d0, 0x20);
	pulse(p, 6);
	assert_int_equal(ack(p), 0x0e);
	out(p, 0x21, 0x80);
	pic__set_irq(p, 3, 1);                  /* held high */
	pic__set_irq(p, 5, 1);                  /* level */
	pulse(p, 7);
	out(p, 0x20, 0x0b);
	out(p, 0x20, 0x11);
	out(p, 0x21, 0x08);
	out(p, 0x21, 0x04);
	out(p, 0x21, 0x01);
	assert_int_equal(in(p, 0x21), 0x00);
	assert_int_equal(in(p, 0x20), 0x20);    /* IRR, only the level request */
	assert_int_equal(isr(p, MASTER), 0x00);
	assert_int_equal(ack(p), 0x0d);
	pic__set_irq(p, 5, 0);
	eoi(p, 5);
	assert_false(pic__pending(p));
	pic__set_irq(p, 3, 1);
	assert_false(pic__pending(p));          /* IRQ 3 must fall and rise again */
	pic__set_irq(p, 3, 0);
	pic__set_irq(p, 3, 1);
	assert_int_equal(ack(p), 0x0b);
}

static void test_bus_registration(void **state)
{
	struct fixture *f = *state;
	static const uint16_t claimed[] = { 0x20, 0x21, 0xa0, 0xa1, 0x4d0, 0x4d1 };
	static const uint16_t free_ports[] = { 0x1f, 0x22, 0x9f, 0xa2, 0x4cf, 0x4d2 };
	static const uint8_t init[][2] = {
		{ 0x20, 0x11 }, { 0x21, 0x08 }, { 0x21, 0x04 }, { 0x21, 0x01 },
		{ 0xa0, 0x11 }, { 0xa1, 0x70 }, { 0xa1, 0x02 }, { 0xa1, 0x01 },
	};
	uint8_t d[2];

	assert_int_equal(pic__register(&f->p, &f->bus), 0);
	for (size_t i = 0; i < sizeof(claimed) / sizeof(claimed[0]); i++) {
		const struct bus_range *r = bus__find(&f->bus, claimed[i]);

		assert_non_null(r);
		assert_ptr_equal(r->opaque, &f->p);
		assert_int_equal(r->width, 1);
	}
	for (size_t i = 0; i < sizeof(free_ports) / sizeof(free_ports[0]); i++)
		assert_null(bus__find(&f->bus, free_ports[i]));
	assert_int_equal(pic__register(&f->p, &f->bus), -EEXIST);

	for (size_t i = 0; i < sizeof(init) / sizeof(init[0]); i++) {
		d[0] = init[i][1];
		assert_true(bus__access(&f->bus, init[i][0], d, 1, true));
	}
	pulse(&f->p, 8);
	assert_int_equal(ack(&f->p), 0x70);
	d[0] = 0x0b;
	assert_true(bus__access(&f->bus, 0xa0, d, 1, true));
	assert_true(bus__access(&f->bus, 0x20, d, 1, true));
	assert_true(bus__access(&f->bus, 0xa0, d, 1, false));
	assert_int_equal(d[0], 0x01);
	assert_true(bus__access(&f->bus, 0x20, d, 1, false));
	assert_int_equal(d[0], 0x04);

	/* `out 0xa0, ax`: EOI to the slave's command port, then the IMR */
	d[0] = 0x20;
	d[1] = 0x40;
	assert_true(bus__access(&f->bus, 0xa0, d, 2, true));
	assert_int_equal(isr(&f->p, SLAVE), 0);
	assert_int_equal(in(&f->p, 0xa1), 0x40);
	d[0] = 0x20;
	assert_true(bus__access(&f->bus, 0x20, d, 1, true));
	assert_int_equal(isr(&f->p, MASTER), 0);

	/* both ELCRs in one word */
	d[0] = d[1] = 0xff;
	assert_true(bus__access(&f->bus, 0x4d0, d, 2, true));
	memset(d, 0, sizeof(d));
	assert_true(bus__access(&f->bus, 0x4d0, d, 2, false));
	assert_int_equal(d[0], 0xf8);
	assert_int_equal(d[1], 0xde);
	assert_true(bus__access(&f->bus, 0x4d1, d, 1, false));
	assert_int_equal(d[0], 0xde);
	assert_int_equal(f->bus.unclaimed_reads + f->bus.unclaimed_writes, 0);
}

static void test_bad_ports_and_inputs(void **state)
{
	struct fixture *f = *state;
	struct pic *p = &f->p;
	static const uint16_t ports[] = { 0x00, 0x1f, 0x22, 0x23, 0x120, 0x121, 0x9f, 0xa2,
					  0x1a0, 0x4cf, 0x4d2, 0x8d0, 0xffff };
	struct pic_state before;

	pulse(p, 3);
	pulse(p, 9);
	assert_int_equal(ack(p), 0x71);
	memcpy(&before, &p->s, sizeof(before));
	for (size_t i = 0; i < sizeof(ports) / sizeof(ports[0]); i++) {
		assert_int_equal(pic__io(p, ports[i], 0x11, true), 0);
		assert_int_equal(pic__io(p, ports[i], 0xff, true), 0);
		assert_int_equal(pic__io(p, ports[i], 0, false), 0xff);
	}
	pic__set_irq(p, 16, 1);
	pic__set_irq(p, 255, 1);
	pic__set_irq(p, UINT_MAX, 1);
	pic__set_irq(p, 2, 1);                  /* the cascade input is not a device's */
	assert_memory_equal(&p->s, &before, sizeof(before));
}

static void test_irq_line(void **state)
{
	struct fixture *f = *state;
	struct irq_line line = { .set = pic__irq_line, .opaque = &f->p, .irq = 14 };
	struct irq_line timer = { .set = pic__irq_line, .opaque = &f->p, .irq = 0 };

	irq__set(&line, 1);
	irq__set(&timer, 1);
	assert_int_equal(ack(&f->p), 0x08);
	eoi(&f->p, 0);
	assert_int_equal(ack(&f->p), 0x76);
	irq__set(&line, 0);
	eoi(&f->p, 14);
	assert_false(pic__pending(&f->p));
}

static void test_state_is_a_snapshot(void **state)
{
	struct fixture *f = *state;
	struct pic copy;

	out(&f->p, 0x4d1, 0x08);
	pic__set_irq(&f->p, 11, 1);
	pulse(&f->p, 4);
	pulse(&f->p, 6);
	assert_int_equal(ack(&f->p), 0x73);
	out(&f->p, 0x20, 0x0b);

	/* a byte copy of the state is a working pair */
	memcpy(&copy.s, &f->p.s, sizeof(copy.s));
	for (int i = 0; i < 2; i++) {
		struct pic *p = i ? &copy : &f->p;

		assert_int_equal(in(p, 0x20), 0x04);
		eoi(p, 11);
		assert_int_equal(ack(p), 0x73);     /* level IRQ 11 again */
		pic__set_irq(p, 11, 0);
		eoi(p, 11);
		assert_int_equal(ack(p), 0x0c);
		eoi(p, 4);
		assert_int_equal(ack(p), 0x0e);
		eoi(p, 6);
		assert_false(pic__pending(p));
	}
	assert_memory_equal(&copy.s, &f->p.s, sizeof(copy.s));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_power_on, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bios_init_vectors, setup_bios, teardown),
		cmocka_unit_test_setup_teardown(test_priority_order, setup_bios, teardown),
		cmocka_unit_test_setup_teardown(test_in_service_blocks_and_nests, setup_bios, teardown),
		cmocka_unit_test_setup_teardown(test_eoi_kinds, setup_bios, teardown),
		cmocka_unit_test_setup_teardown(test_masking, setup_bios, teardown),
		cmocka_unit_test_setup_teardown(test_edge_trigger, setup_bios, teardown),
		cmocka_unit_test_setup_teardown(test_level_trigger, setup_bios, teardown),
		cmocka_unit_test_setup_teardown(test_elcr_masks, setup_bios, teardown),
		cmocka_unit_test_setup_teardown(test_read_irr_isr, setup_bios, teardown),
		cmocka_unit_test_setup_teardown(test_poll, setup_bios, teardown),
		cmocka_unit_test_setup_teardown(test_auto_eoi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spurious, setup_bios, teardown),
		cmocka_unit_test_setup_teardown(test_clear_request, setup_bios, teardown),
		cmocka_unit_test_setup_teardown(test_rotation, setup_bios, teardown),
		cmocka_unit_test_setup_teardown(test_special_mask, setup_bios, teardown),
		cmocka_unit_test_setup_teardown(test_special_fully_nested, setup_bios, teardown),
		cmocka_unit_test_setup_teardown(test_init_sequences, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bus_registration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_ports_and_inputs, setup_bios, teardown),
		cmocka_unit_test_setup_teardown(test_irq_line, setup_bios, teardown),
		cmocka_unit_test_setup_teardown(test_state_is_a_snapshot, setup_bios, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
