/* uart_test.c - unit tests for the 16550A UART model (harness/hw/uart.[ch]). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "capture/outbuf.h"
#include "hw/uart.h"
#include "vmm/bus.h"

/* Register offsets and bits, spelled out here so the tests do not share the model's. */
enum { RBR_THR, IER, IIR_FCR, LCR, MCR, LSR, MSR, SCR };

#define DLAB 0x80
#define OUT2 0x08
#define LOOP 0x10
#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define IIR_MSI 0x00
#define IIR_NONE 0x01
#define IIR_THRI 0x02
#define IIR_RDI 0x04
#define IIR_RLSI 0x06
#define IIR_TIMEOUT 0x0c
#define IIR_FIFO 0xc0
#define FIFO_ON 0x01

/* An 8259 input as the UART sees it: every set() call is counted. */
struct fake_irq {
	unsigned calls;
	int level;
	unsigned irq;
};

struct fixture {
	struct uart u;
	struct outbuf tx;
	struct bus bus;
	struct fake_irq irq;
	unsigned polls;         /* on_rx_poll_empty calls */
	bool feed_on_poll;      /* the callback answers with a byte */
};

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));

	if (!f)
		return -1;
	outbuf__init(&f->tx, 4096);
	uart__init(&f->u, UART_COM1_BASE, &f->tx);
	bus__init(&f->bus, "pio");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	outbuf__free(&f->tx);
	test_free(f);
	return 0;
}

static void fake_set(void *opaque, unsigned irq, int level)
{
	struct fake_irq *i = opaque;

	i->calls++;
	i->level = level;
	i->irq = irq;
}

static void wire_irq(struct fixture *f)
{
	uart__set_irq(&f->u, (struct irq_line){ .set = fake_set, .opaque = &f->irq,
						.irq = UART_COM1_IRQ });
}

static void on_poll(void *opaque)
{
	struct fixture *f = opaque;

	f->polls++;
	if (f->feed_on_poll)
		assert_true(uart__receive(&f->u, 'k'));
}

static uint8_t rd(struct uart *u, unsigned off)
{
	return uart__io(u, off, 0, false);
}

static void wr(struct uart *u, unsigned off, uint8_t v)
{
	uart__io(u, off, v, true);
}

static void test_reset_state(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;

	assert_int_equal(u->s.version, UART_STATE_VERSION);
	assert_int_equal(u->s.base, UART_COM1_BASE);
	assert_int_equal(rd(u, IER), 0);
	assert_int_equal(rd(u, IIR_FCR), IIR_NONE);
	assert_int_equal(rd(u, LCR), 0);
	assert_int_equal(rd(u, MCR), 0);
	assert_int_equal(rd(u, LSR), LSR_THRE | LSR_TEMT);
	assert_int_equal(rd(u, SCR), 0);
	assert_int_equal(rd(u, RBR_THR), 0); /* empty FIFO */
	/* divisor 12 = 9600 baud, as a BIOS leaves it */
	wr(u, LCR, DLAB);
	assert_int_equal(rd(u, RBR_THR), 0x0c);
	assert_int_equal(rd(u, IER), 0x00);
	assert_int_equal(f->tx.len, 0);
}

static void test_divisor_latch(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;

	wr(u, IER, 0x01);
	wr(u, LCR, DLAB | 0x03);
	wr(u, RBR_THR, 0x01); /* 115200 baud */
	wr(u, IER, 0x02);
	assert_int_equal(rd(u, RBR_THR), 0x01);
	assert_int_equal(rd(u, IER), 0x02);
	assert_int_equal(u->s.dll, 0x01);
	assert_int_equal(u->s.dlm, 0x02);
	/* with DLAB set, offsets 0 and 1 neither transmit nor touch IER */
	assert_int_equal(f->tx.len, 0);
	assert_int_equal(u->s.ier, 0x01);

	wr(u, LCR, 0x03);
	assert_int_equal(rd(u, LCR), 0x03);
	assert_int_equal(rd(u, IER), 0x01);
	assert_int_equal(rd(u, RBR_THR), 0x00); /* RBR, empty */
	wr(u, RBR_THR, 'x');
	assert_int_equal(f->tx.len, 1);
	assert_int_equal(f->tx.data[0], 'x');
	/* the latch kept its value */
	wr(u, LCR, DLAB);
	assert_int_equal(rd(u, RBR_THR), 0x01);
	assert_int_equal(rd(u, IER), 0x02);
}

static void test_lcr_mcr(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;
	static const uint8_t lcrs[] = { 0x00, 0x03, 0x1b, 0x7f };

	for (size_t i = 0; i < sizeof(lcrs); i++) {
		wr(u, LCR, lcrs[i]);
		assert_int_equal(rd(u, LCR), lcrs[i]);
	}
	wr(u, MCR, 0x0b);
	assert_int_equal(rd(u, MCR), 0x0b);
	wr(u, MCR, 0xff); /* bits 5-7 read as zero */
	assert_int_equal(rd(u, MCR), 0x1f);
	wr(u, MCR, 0x00);
	assert_int_equal(rd(u, MCR), 0x00);
}

static void test_lsr(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;

	assert_int_equal(rd(u, LSR), LSR_THRE | LSR_TEMT);
	wr(u, IIR_FCR, FIFO_ON); /* two bytes need the FIFO */
	assert_true(uart__receive(u, 'a'));
	assert_true(uart__receive(u, 'b'));
	assert_int_equal(rd(u, LSR), LSR_THRE | LSR_TEMT | LSR_DR);
	assert_int_equal(rd(u, RBR_THR), 'a');
	assert_int_equal(rd(u, LSR), LSR_THRE | LSR_TEMT | LSR_DR);
	assert_int_equal(rd(u, RBR_THR), 'b');
	assert_int_equal(rd(u, LSR), LSR_THRE | LSR_TEMT);
	/* transmitting never leaves the holding register busy */
	wr(u, RBR_THR, 'z');
	assert_int_equal(rd(u, LSR), LSR_THRE | LSR_TEMT);
	/* LSR is read-only */
	wr(u, LSR, 0x00);
	assert_int_equal(rd(u, LSR), LSR_THRE | LSR_TEMT);
	wr(u, LSR, 0xff);
	assert_int_equal(rd(u, LSR), LSR_THRE | LSR_TEMT);
}

static void test_msr(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;
	/* loopback: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD */
	static const struct {
		uint8_t mcr, msr;
	} cases[] = {
		{ LOOP | 0x00, 0x00 }, { LOOP | 0x01, 0x20 }, { LOOP | 0x02, 0x10 },
		{ LOOP | 0x04, 0x40 }, { LOOP | 0x08, 0x80 }, { LOOP | 0x03, 0x30 },
		{ LOOP | 0x0c, 0xc0 }, { LOOP | 0x0f, 0xf0 },
	};

	/* no loopback: a terminal is attached (DCD, DSR, CTS) whatever MCR says */
	assert_int_equal(rd(u, MSR), 0xb0);
	wr(u, MCR, 0x0f);
	assert_int_equal(rd(u, MSR), 0xb0);
	wr(u, MSR, 0x00); /* read-only */
	assert_int_equal(rd(u, MSR), 0xb0);

	/* the lines only: the deltas these changes leave are test_msr_deltas' */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t msr;

		wr(u, MCR, cases[i].mcr);
		msr = rd(u, MSR) & 0xf0;
		if (msr != cases[i].msr)
			fail_msg("MCR 0x%02x: MSR 0x%02x, want 0x%02x", cases[i].mcr, msr,
				 cases[i].msr);
	}
	wr(u, MCR, 0x0f);
	assert_int_equal(rd(u, MSR) & 0xf0, 0xb0);
}

static void test_scratch(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;
	static const uint8_t vals[] = { 0x5a, 0xa5, 0xff, 0x00 };

	for (size_t i = 0; i < sizeof(vals); i++) {
		wr(u, SCR, vals[i]);
		assert_int_equal(rd(u, SCR), vals[i]);
	}
	/* not banked by DLAB */
	wr(u, SCR, 0x42);
	wr(u, LCR, DLAB);
	assert_int_equal(rd(u, SCR), 0x42);
	wr(u, SCR, 0x24);
	wr(u, LCR, 0);
	assert_int_equal(rd(u, SCR), 0x24);
}

static void test_fcr_fifo_bits(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;

	assert_int_equal(rd(u, IIR_FCR), IIR_NONE);
	wr(u, IIR_FCR, 0x01); /* enable FIFOs */
	assert_int_equal(rd(u, IIR_FCR), IIR_FIFO | IIR_NONE);
	wr(u, IIR_FCR, 0xc7); /* enable, clear both, trigger 14 */
	assert_int_equal(rd(u, IIR_FCR), IIR_FIFO | IIR_NONE);
	wr(u, IIR_FCR, 0x00); /* 16450 mode */
	assert_int_equal(rd(u, IIR_FCR), IIR_NONE);
	/* FCR is write-only: writing IIR's offset never changes LCR etc. */
	assert_int_equal(rd(u, LCR), 0);
}

static void test_fcr_clear_rx(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;

	wr(u, IIR_FCR, FIFO_ON);
	assert_true(uart__receive(u, 1));
	assert_true(uart__receive(u, 2));
	wr(u, IIR_FCR, 0x01); /* enable again, no change of mode: keeps the data */
	assert_int_equal(rd(u, LSR) & LSR_DR, LSR_DR);
	wr(u, IIR_FCR, 0x03); /* clear RX */
	assert_int_equal(rd(u, LSR) & LSR_DR, 0);
	assert_int_equal(rd(u, RBR_THR), 0);
	/* the FIFO works after a clear */
	assert_true(uart__receive(u, 7));
	assert_int_equal(rd(u, RBR_THR), 7);

	/* switching the FIFOs off, or on, empties them */
	assert_true(uart__receive(u, 8));
	assert_true(uart__receive(u, 9));
	wr(u, IIR_FCR, 0x00);
	assert_int_equal(uart__rx_count(u), 0);
	assert_true(uart__receive(u, 10));
	wr(u, IIR_FCR, FIFO_ON);
	assert_int_equal(uart__rx_count(u), 0);
	assert_int_equal(rd(u, LSR) & LSR_DR, 0);

	/* with bit 0 clear nothing else is programmed: no clear in 16450 mode */
	wr(u, IIR_FCR, 0x00);
	assert_true(uart__receive(u, 11));
	wr(u, IIR_FCR, 0xc6);
	assert_int_equal(rd(u, IIR_FCR), IIR_NONE); /* still off */
	assert_int_equal(rd(u, RBR_THR), 11);
}

static void test_thri_pending_and_ack(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;

	/* a byte sent with THRI masked raises nothing visible */
	wr(u, RBR_THR, 'a');
	assert_int_equal(rd(u, IIR_FCR), IIR_NONE);

	/* enabling THRI with the holding register empty identifies it at once */
	wr(u, IER, 0x02);
	assert_int_equal(rd(u, IER), 0x02);
	assert_int_equal(rd(u, IIR_FCR), IIR_THRI);
	/* reading IIR acknowledged it */
	assert_int_equal(rd(u, IIR_FCR), IIR_NONE);

	/* each transmitted byte raises it again */
	wr(u, RBR_THR, 'b');
	assert_int_equal(rd(u, IIR_FCR), IIR_THRI);
	assert_int_equal(rd(u, IIR_FCR), IIR_NONE);

	/* with FIFOs on, bits 6-7 are set as well */
	wr(u, IIR_FCR, 0x01);
	wr(u, RBR_THR, 'c');
	assert_int_equal(rd(u, IIR_FCR), IIR_FIFO | IIR_THRI);
	assert_int_equal(rd(u, IIR_FCR), IIR_FIFO | IIR_NONE);

	/* IER keeps only its low four bits */
	wr(u, IER, 0xff);
	assert_int_equal(rd(u, IER), 0x0f);
	assert_memory_equal(f->tx.data, "abc", 3);
}

static void test_rdi(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;

	assert_true(uart__receive(u, 'q'));
	assert_int_equal(rd(u, IIR_FCR), IIR_NONE); /* masked */
	wr(u, IER, 0x03);
	/* data available outranks the transmitter, and stays until read */
	assert_int_equal(rd(u, IIR_FCR), IIR_RDI);
	assert_int_equal(rd(u, IIR_FCR), IIR_RDI);
	assert_int_equal(rd(u, RBR_THR), 'q');
	/* then the THRI raised by enabling IER shows */
	assert_int_equal(rd(u, IIR_FCR), IIR_THRI);
	assert_int_equal(rd(u, IIR_FCR), IIR_NONE);
}

static void test_tx_to_outbuf(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;
	static const char msg[] = "Hello, 16550!\r\n\x00\xff";

	for (size_t i = 0; i < sizeof(msg) - 1; i++)
		wr(u, RBR_THR, (uint8_t)msg[i]);
	assert_int_equal(f->tx.len, sizeof(msg) - 1);
	assert_memory_equal(f->tx.data, msg, sizeof(msg) - 1);
	/* nothing comes back to the receiver */
	assert_int_equal(rd(u, LSR) & LSR_DR, 0);
}

static void test_loopback_thr_goes_to_rx(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;

	wr(u, IIR_FCR, FIFO_ON);
	wr(u, MCR, LOOP);
	wr(u, RBR_THR, 'A');
	wr(u, RBR_THR, 'B');
	assert_int_equal(f->tx.len, 0);
	assert_int_equal(rd(u, LSR), LSR_THRE | LSR_TEMT | LSR_DR);
	assert_int_equal(rd(u, RBR_THR), 'A');
	assert_int_equal(rd(u, RBR_THR), 'B');
	assert_int_equal(rd(u, LSR), LSR_THRE | LSR_TEMT);

	/* leaving loopback sends to the outbuf again */
	wr(u, MCR, 0x03);
	wr(u, RBR_THR, 'C');
	assert_int_equal(f->tx.len, 1);
	assert_int_equal(f->tx.data[0], 'C');
	assert_int_equal(rd(u, LSR) & LSR_DR, 0);
}

static void test_rx_fifo_full(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;

	wr(u, IIR_FCR, FIFO_ON);
	for (int i = 0; i < UART_RX_FIFO; i++)
		assert_true(uart__receive(u, (uint8_t)(0x30 + i)));
	assert_false(uart__receive(u, 0xee));
	assert_false(uart__receive(u, 0xee));

	/* one read makes room, and the ring keeps the order across its end */
	assert_int_equal(rd(u, RBR_THR), 0x30);
	assert_true(uart__receive(u, 0x40));
	assert_false(uart__receive(u, 0xee));
	for (int i = 1; i < UART_RX_FIFO; i++)
		assert_int_equal(rd(u, RBR_THR), 0x30 + i);
	assert_int_equal(rd(u, LSR) & LSR_DR, LSR_DR);
	assert_int_equal(rd(u, RBR_THR), 0x40);
	assert_int_equal(rd(u, LSR) & LSR_DR, 0);
	assert_int_equal(rd(u, RBR_THR), 0); /* empty */

	/* a full FIFO also drops loopback bytes */
	wr(u, MCR, LOOP);
	for (int i = 0; i < UART_RX_FIFO + 2; i++)
		wr(u, RBR_THR, (uint8_t)i);
	for (int i = 0; i < UART_RX_FIFO; i++)
		assert_int_equal(rd(u, RBR_THR), i);
	assert_int_equal(rd(u, LSR) & LSR_DR, 0);
	assert_int_equal(f->tx.len, 0);
}

static void test_register_claims_8_ports(void **state)
{
	struct fixture *f = *state;
	const struct bus_range *r;

	assert_int_equal(uart__register(&f->u, &f->bus), 0);
	for (uint64_t port = UART_COM1_BASE; port < UART_COM1_BASE + 8; port++) {
		r = bus__find(&f->bus, port);
		assert_non_null(r);
		assert_ptr_equal(r->opaque, &f->u);
	}
	assert_null(bus__find(&f->bus, UART_COM1_BASE - 1));
	assert_null(bus__find(&f->bus, UART_COM1_BASE + 8));
	assert_int_equal(f->bus.nr, 1);
	assert_int_equal(f->bus.ranges[0].base, UART_COM1_BASE);
	assert_int_equal(f->bus.ranges[0].len, 8);

	/* a second UART at a different base coexists; the same base does not */
	struct uart com2;
	struct outbuf tx2;

	outbuf__init(&tx2, 16);
	uart__init(&com2, 0x2f8, &tx2);
	assert_int_equal(uart__register(&com2, &f->bus), 0);
	uart__init(&com2, UART_COM1_BASE + 4, &tx2);
	assert_int_equal(uart__register(&com2, &f->bus), -EEXIST);
	outbuf__free(&tx2);
}

static void test_bus_byte_access(void **state)
{
	struct fixture *f = *state;
	uint8_t b;

	assert_int_equal(uart__register(&f->u, &f->bus), 0);
	b = 'K';
	assert_true(bus__access(&f->bus, UART_COM1_BASE, &b, 1, true));
	assert_int_equal(f->tx.len, 1);
	assert_int_equal(f->tx.data[0], 'K');
	b = 0;
	assert_true(bus__access(&f->bus, UART_COM1_BASE + LSR, &b, 1, false));
	assert_int_equal(b, LSR_THRE | LSR_TEMT);
	b = 0x77;
	assert_true(bus__access(&f->bus, UART_COM1_BASE + SCR, &b, 1, true));
	assert_int_equal(rd(&f->u, SCR), 0x77);
}

static void test_bus_16bit_split(void **state)
{
	struct fixture *f = *state;
	uint8_t d[2];

	assert_int_equal(uart__register(&f->u, &f->bus), 0);

	/* `out dx, ax` at LCR: AL to LCR, AH to MCR */
	d[0] = 0x03;
	d[1] = 0x0b;
	assert_true(bus__access(&f->bus, UART_COM1_BASE + LCR, d, 2, true));
	assert_int_equal(rd(&f->u, LCR), 0x03);
	assert_int_equal(rd(&f->u, MCR), 0x0b);
	memset(d, 0, sizeof(d));
	assert_true(bus__access(&f->bus, UART_COM1_BASE + LCR, d, 2, false));
	assert_int_equal(d[0], 0x03);
	assert_int_equal(d[1], 0x0b);

	/* LSR and MSR in one `in ax, dx` */
	assert_true(bus__access(&f->bus, UART_COM1_BASE + LSR, d, 2, false));
	assert_int_equal(d[0], LSR_THRE | LSR_TEMT);
	assert_int_equal(d[1], 0xb0);

	/* the whole divisor latch in one word */
	d[0] = DLAB;
	assert_true(bus__access(&f->bus, UART_COM1_BASE + LCR, d, 1, true));
	d[0] = 0x80;
	d[1] = 0x01;
	assert_true(bus__access(&f->bus, UART_COM1_BASE, d, 2, true));
	assert_int_equal(f->u.s.dll, 0x80);
	assert_int_equal(f->u.s.dlm, 0x01);
	memset(d, 0, sizeof(d));
	assert_true(bus__access(&f->bus, UART_COM1_BASE, d, 2, false));
	assert_int_equal(d[0], 0x80);
	assert_int_equal(d[1], 0x01);
	assert_int_equal(f->tx.len, 0);
	assert_int_equal(f->bus.unclaimed_reads + f->bus.unclaimed_writes, 0);
}

/*
 * The accesses that follow a restore, and what the restored state must read:
 * RX bytes A, B, C queued across the ring's end, RDI and THRI enabled and
 * THRI pending, FIFOs on with trigger level 14, divisor 1, LCR 0x03, MCR 0x0b, SCR 0x5a.  IIR
 * and RBR reads change the state, so the two devices must also evolve alike.
 */
static const struct {
	uint8_t off, v;
	bool is_write;
	uint8_t want;   /* for reads */
} after_restore[] = {
	{ IIR_FCR, 0, false, IIR_FIFO | IIR_TIMEOUT }, /* below trigger 14; outranks THRI */
	{ LSR, 0, false, LSR_THRE | LSR_TEMT | LSR_DR },
	{ RBR_THR, 0, false, 'A' },
	{ RBR_THR, 0, false, 'B' },
	{ MSR, 0, false, 0xb0 },
	{ SCR, 0, false, 0x5a },
	{ LCR, 0, false, 0x03 },
	{ MCR, 0, false, 0x0b },
	{ IER, 0, false, 0x03 },
	{ RBR_THR, 'y', true, 0 },
	{ LCR, DLAB, true, 0 },
	{ RBR_THR, 0, false, 0x01 },
	{ IER, 0, false, 0x00 },
	{ LCR, 0x03, true, 0 },
	{ RBR_THR, 0, false, 'C' },                /* read across the ring's end */
	{ LSR, 0, false, LSR_THRE | LSR_TEMT },
	{ IIR_FCR, 0, false, IIR_FIFO | IIR_THRI }, /* now THRI shows, and is acknowledged */
	{ IIR_FCR, 0, false, IIR_FIFO | IIR_NONE },
	{ RBR_THR, 0, false, 0 },                  /* empty */
};

static void test_state_restores_by_copy(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;
	struct uart copy;
	struct outbuf tx2;
	size_t sent;

	/* drive COM1 into a state with something in every register */
	wr(u, LCR, DLAB);
	wr(u, RBR_THR, 0x01);
	wr(u, IER, 0x00);
	wr(u, LCR, 0x03);
	wr(u, IIR_FCR, 0xc1);
	wr(u, SCR, 0x5a);
	for (int i = 0; i < UART_RX_FIFO - 2; i++)
		assert_true(uart__receive(u, (uint8_t)i));
	for (int i = 0; i < UART_RX_FIFO - 2; i++)
		assert_int_equal(rd(u, RBR_THR), i);
	wr(u, MCR, LOOP | 0x0b);
	wr(u, RBR_THR, 'A');
	wr(u, RBR_THR, 'B');
	wr(u, RBR_THR, 'C');
	wr(u, MCR, 0x0b);
	wr(u, RBR_THR, 'x');
	wr(u, IER, 0x03);
	sent = f->tx.len;
	assert_int_equal(sent, 1);
	assert_true(u->s.rx_head + u->s.rx_len > UART_RX_FIFO); /* the ring wraps */

	/* a device with fresh wiring, elsewhere, takes the state by a plain copy */
	outbuf__init(&tx2, 4096);
	uart__init(&copy, 0x2f8, &tx2);
	memcpy(&copy.s, &u->s, sizeof(copy.s));
	assert_int_equal(copy.s.version, UART_STATE_VERSION);
	assert_int_equal(u->s.version, UART_STATE_VERSION);
	assert_ptr_equal(copy.tx, &tx2);

	for (size_t i = 0; i < sizeof(after_restore) / sizeof(after_restore[0]); i++) {
		uint8_t off = after_restore[i].off, v = after_restore[i].v;
		bool is_write = after_restore[i].is_write;
		uint8_t a = uart__io(u, off, v, is_write);
		uint8_t b = uart__io(&copy, off, v, is_write);

		if (a != b || (!is_write && a != after_restore[i].want))
			fail_msg("access %zu (offset %u): original 0x%02x, copy 0x%02x, want 0x%02x",
				 i, off, a, b, after_restore[i].want);
	}
	assert_memory_equal(&u->s, &copy.s, sizeof(copy.s));
	/* each sent the same bytes after the copy, into its own buffer */
	assert_int_equal(f->tx.len, sent + 1);
	assert_int_equal(tx2.len, 1);
	assert_int_equal(f->tx.data[sent], 'y');
	assert_int_equal(tx2.data[0], 'y');

	/* the copied base is where the copy registers: it is the device's own */
	assert_int_equal(uart__register(&copy, &f->bus), 0);
	assert_ptr_equal(bus__find(&f->bus, UART_COM1_BASE)->opaque, &copy);
	outbuf__free(&tx2);
}

static void test_fifo_order_and_wrap(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;
	uint8_t next_in = 0, next_out = 0;

	wr(u, IIR_FCR, FIFO_ON);
	/* uneven bursts in and out walk the ring's head round it several times */
	for (int round = 0; round < 40; round++) {
		int in = 1 + round % 7, out = 1 + (round * 5) % 6;

		for (int i = 0; i < in && uart__rx_count(u) < UART_RX_FIFO; i++)
			assert_true(uart__receive(u, next_in++));
		for (int i = 0; i < out && uart__rx_count(u); i++) {
			assert_int_equal(rd(u, LSR) & LSR_DR, LSR_DR);
			assert_int_equal(rd(u, RBR_THR), next_out++);
		}
		assert_int_equal(uart__rx_count(u), (uint8_t)(next_in - next_out));
	}
	assert_true(next_in > 2 * UART_RX_FIFO);
	while (uart__rx_count(u))
		assert_int_equal(rd(u, RBR_THR), next_out++);
	assert_int_equal(next_out, next_in);
	assert_int_equal(rd(u, LSR), LSR_THRE | LSR_TEMT);
}

static void test_iir_priorities(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;

	/* every source at once: trigger 4, all enabled, THR empty, modem deltas, overrun */
	wr(u, IIR_FCR, 0x41);
	wr(u, IER, 0x0f);
	wr(u, MCR, LOOP); /* the lines fall from the terminal's 0xb0 to 0x00 */
	for (int i = 0; i <= UART_RX_FIFO; i++)
		wr(u, RBR_THR, (uint8_t)i);
	assert_int_equal(uart__rx_count(u), UART_RX_FIFO);

	/* line status first, and it stays until LSR is read */
	assert_int_equal(rd(u, IIR_FCR), IIR_FIFO | IIR_RLSI);
	assert_int_equal(rd(u, IIR_FCR), IIR_FIFO | IIR_RLSI);
	assert_int_equal(rd(u, LSR), LSR_DR | LSR_OE | LSR_THRE | LSR_TEMT);
	/* data at or above the trigger level */
	assert_int_equal(rd(u, IIR_FCR), IIR_FIFO | IIR_RDI);
	for (int i = 0; i < UART_RX_FIFO - 3; i++)
		assert_int_equal(rd(u, RBR_THR), i);
	/* three left, below the trigger: character timeout */
	assert_int_equal(rd(u, IIR_FCR), IIR_FIFO | IIR_TIMEOUT);
	assert_int_equal(rd(u, IIR_FCR), IIR_FIFO | IIR_TIMEOUT);
	for (int i = UART_RX_FIFO - 3; i < UART_RX_FIFO; i++)
		assert_int_equal(rd(u, RBR_THR), i);
	/* the transmitter, acknowledged by this very read */
	assert_int_equal(rd(u, IIR_FCR), IIR_FIFO | IIR_THRI);
	/* modem status last, until MSR is read */
	assert_int_equal(rd(u, IIR_FCR), IIR_FIFO | IIR_MSI);
	assert_int_equal(rd(u, IIR_FCR), IIR_FIFO | IIR_MSI);
	assert_int_equal(rd(u, MSR), 0x0b); /* DCD, DSR, CTS changed; RI did not */
	assert_int_equal(rd(u, IIR_FCR), IIR_FIFO | IIR_NONE);

	/* masked sources are not identified, but their conditions stay */
	wr(u, RBR_THR, 'x');
	wr(u, IER, 0x00);
	assert_int_equal(rd(u, IIR_FCR), IIR_FIFO | IIR_NONE);
	wr(u, IER, 0x01);
	assert_int_equal(rd(u, IIR_FCR), IIR_FIFO | IIR_TIMEOUT);
}

static void test_trigger_levels(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;
	static const struct {
		uint8_t fcr;
		uint32_t level;
	} cases[] = { { 0x01, 1 }, { 0x41, 4 }, { 0x81, 8 }, { 0xc1, 14 } };

	wr(u, IER, 0x01);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t level = cases[i].level;

		wr(u, IIR_FCR, cases[i].fcr | 0x02); /* also empties the FIFO */
		assert_int_equal(rd(u, IIR_FCR), IIR_FIFO | IIR_NONE);
		for (uint32_t n = 1; n < level; n++) {
			assert_true(uart__receive(u, (uint8_t)n));
			if (rd(u, IIR_FCR) != (IIR_FIFO | IIR_TIMEOUT))
				fail_msg("trigger %u, %u bytes: not a timeout", level, n);
		}
		assert_true(uart__receive(u, 0xee));
		assert_int_equal(rd(u, IIR_FCR), IIR_FIFO | IIR_RDI);
		/* one read drops below the level: back to a timeout, or nothing */
		rd(u, RBR_THR);
		assert_int_equal(rd(u, IIR_FCR),
				 IIR_FIFO | (level > 1 ? IIR_TIMEOUT : IIR_NONE));
	}
	/* without the FIFOs any byte is data available */
	wr(u, IIR_FCR, 0x00);
	assert_true(uart__receive(u, 'z'));
	assert_int_equal(rd(u, IIR_FCR), IIR_RDI);
}

static void test_irq_out2_gate(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;

	wire_irq(f);
	assert_int_equal(f->irq.calls, 0); /* wiring drives nothing */

	/* identified, but OUT2 shut: nothing reaches the 8259 */
	wr(u, IER, 0x01);
	assert_true(uart__receive(u, 'a'));
	assert_int_equal(rd(u, IIR_FCR), IIR_RDI);
	wr(u, MCR, 0x03); /* DTR, RTS */
	assert_int_equal(f->irq.calls, 0);

	wr(u, MCR, 0x0b); /* OUT2 */
	assert_int_equal(f->irq.calls, 1);
	assert_int_equal(f->irq.level, 1);
	assert_int_equal(f->irq.irq, UART_COM1_IRQ);
	assert_int_equal(u->s.irq_level, 1);
	/* accesses that leave it identified drive nothing */
	rd(u, IIR_FCR);
	rd(u, LSR);
	rd(u, MSR);
	wr(u, SCR, 1);
	wr(u, MCR, 0x0b);
	assert_int_equal(f->irq.calls, 1);

	assert_int_equal(rd(u, RBR_THR), 'a');
	assert_int_equal(f->irq.calls, 2);
	assert_int_equal(f->irq.level, 0);
	assert_true(uart__receive(u, 'b'));
	assert_int_equal(f->irq.calls, 3);
	assert_int_equal(f->irq.level, 1);

	/* OUT2 and IER each gate it */
	wr(u, MCR, 0x03);
	assert_int_equal(f->irq.calls, 4);
	assert_int_equal(f->irq.level, 0);
	wr(u, MCR, 0x0b);
	assert_int_equal(f->irq.calls, 5);
	wr(u, IER, 0x00);
	assert_int_equal(f->irq.calls, 6);
	assert_int_equal(f->irq.level, 0);
	wr(u, IER, 0x01);
	assert_int_equal(f->irq.calls, 7);
	assert_int_equal(f->irq.level, 1);

	/* loopback shuts the gate whatever OUT2 says, though IIR still identifies */
	wr(u, MCR, LOOP | 0x0b);
	assert_int_equal(f->irq.calls, 8);
	assert_int_equal(f->irq.level, 0);
	assert_int_equal(rd(u, IIR_FCR), IIR_RDI);
	assert_int_equal(rd(u, MSR) & 0xf0, 0xb0);
	wr(u, MCR, 0x0b);
	assert_int_equal(f->irq.calls, 9);
	assert_int_equal(f->irq.level, 1);
}

static void test_irq_timeout_edge_per_read(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;

	wire_irq(f);
	wr(u, MCR, OUT2);
	wr(u, IER, 0x01);

	/* below the trigger: each read restarts the timeout, a fresh edge for what is left */
	wr(u, IIR_FCR, 0x41);
	assert_true(uart__receive(u, 1));
	assert_true(uart__receive(u, 2));
	assert_int_equal(f->irq.calls, 1);
	assert_int_equal(rd(u, RBR_THR), 1);
	assert_int_equal(f->irq.calls, 3); /* low, then high */
	assert_int_equal(f->irq.level, 1);
	assert_int_equal(rd(u, RBR_THR), 2);
	assert_int_equal(f->irq.calls, 4);
	assert_int_equal(f->irq.level, 0);

	/* at or above the trigger the level simply stays */
	wr(u, IIR_FCR, 0x01);
	assert_true(uart__receive(u, 3));
	assert_true(uart__receive(u, 4));
	assert_int_equal(f->irq.calls, 5);
	assert_int_equal(rd(u, RBR_THR), 3);
	assert_int_equal(f->irq.calls, 5);
	assert_int_equal(rd(u, RBR_THR), 4);
	assert_int_equal(f->irq.calls, 6);
	assert_int_equal(f->irq.level, 0);
}

static void test_thri_irq(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;

	wire_irq(f);
	wr(u, MCR, OUT2);
	assert_int_equal(f->irq.calls, 0);
	wr(u, IER, 0x02);
	assert_int_equal(f->irq.calls, 1);
	assert_int_equal(f->irq.level, 1);

	/* reading IIR while it is the one reported clears it */
	assert_int_equal(rd(u, IIR_FCR), IIR_THRI);
	assert_int_equal(f->irq.calls, 2);
	assert_int_equal(f->irq.level, 0);
	assert_int_equal(rd(u, IIR_FCR), IIR_NONE);
	assert_int_equal(f->irq.calls, 2);

	/* writing THR raises it again */
	wr(u, RBR_THR, 'a');
	assert_int_equal(f->irq.calls, 3);
	assert_int_equal(f->irq.level, 1);
	/* unacknowledged, the next write still gives an edge: low, then high */
	wr(u, RBR_THR, 'b');
	assert_int_equal(f->irq.calls, 5);
	assert_int_equal(f->irq.level, 1);

	/* not while something outranks it and holds the line up */
	wr(u, IER, 0x03);
	assert_true(uart__receive(u, 'r'));
	wr(u, RBR_THR, 'c');
	assert_int_equal(f->irq.calls, 5);
	assert_int_equal(rd(u, IIR_FCR), IIR_RDI); /* THRI not acknowledged by this */
	assert_int_equal(rd(u, RBR_THR), 'r');
	assert_int_equal(f->irq.calls, 5);
	assert_int_equal(rd(u, IIR_FCR), IIR_THRI);
	assert_int_equal(f->irq.calls, 6);
	assert_int_equal(f->irq.level, 0);
	assert_memory_equal(f->tx.data, "abc", 3);
}

static void test_overrun(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;

	/* FIFO mode: the byte past the sixteenth is lost, the FIFO kept */
	wr(u, IIR_FCR, FIFO_ON);
	wr(u, MCR, LOOP);
	for (int i = 0; i < UART_RX_FIFO; i++)
		wr(u, RBR_THR, (uint8_t)i);
	assert_int_equal(rd(u, LSR), LSR_DR | LSR_THRE | LSR_TEMT);
	wr(u, RBR_THR, 0xee);
	assert_int_equal(rd(u, LSR), LSR_DR | LSR_OE | LSR_THRE | LSR_TEMT);
	assert_int_equal(rd(u, LSR), LSR_DR | LSR_THRE | LSR_TEMT); /* read, cleared */
	for (int i = 0; i < UART_RX_FIFO; i++)
		assert_int_equal(rd(u, RBR_THR), i);
	assert_int_equal(uart__rx_count(u), 0);

	/* 16450 mode: the new byte overwrites the unread one */
	wr(u, IIR_FCR, 0x00);
	wr(u, RBR_THR, 'p');
	wr(u, RBR_THR, 'q');
	assert_int_equal(uart__rx_count(u), 1);
	assert_int_equal(rd(u, LSR), LSR_DR | LSR_OE | LSR_THRE | LSR_TEMT);
	assert_int_equal(rd(u, RBR_THR), 'q');
	assert_int_equal(rd(u, LSR), LSR_THRE | LSR_TEMT);

	/* the host's bytes never overrun: refused, nothing changes */
	wr(u, MCR, 0x00);
	assert_true(uart__receive(u, 'h'));
	assert_false(uart__receive(u, 'i'));
	assert_int_equal(rd(u, LSR), LSR_DR | LSR_THRE | LSR_TEMT);
	assert_int_equal(rd(u, RBR_THR), 'h');
	assert_int_equal(f->tx.len, 0);
}

static void test_fifo_disabled_holds_one(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;

	assert_int_equal(uart__rx_count(u), 0);
	assert_true(uart__receive(u, 'a'));
	assert_int_equal(uart__rx_count(u), 1);
	assert_false(uart__receive(u, 'b'));
	assert_int_equal(uart__rx_count(u), 1);
	assert_int_equal(rd(u, LSR), LSR_DR | LSR_THRE | LSR_TEMT); /* no overrun */
	assert_int_equal(rd(u, RBR_THR), 'a');
	assert_int_equal(uart__rx_count(u), 0);
	assert_true(uart__receive(u, 'b'));
	assert_int_equal(rd(u, RBR_THR), 'b');
	assert_int_equal(rd(u, RBR_THR), 0);

	/* in loopback the serial input is disconnected */
	wr(u, MCR, LOOP);
	assert_false(uart__receive(u, 'c'));
	assert_int_equal(uart__rx_count(u), 0);
}

static void test_loopback_msr_and_deltas(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;

	/* normal mode: the terminal's lines never change, so no deltas */
	wr(u, MCR, 0x0f);
	wr(u, MCR, 0x00);
	assert_int_equal(rd(u, MSR), 0xb0);

	/* entering loopback with DTR and RTS: DCD falls (OUT2 off) */
	wr(u, MCR, LOOP | 0x03);
	assert_int_equal(rd(u, MSR), 0x30 | 0x08);
	assert_int_equal(rd(u, MSR), 0x30); /* read, cleared */

	/* each output maps to its input, and each change sets its delta */
	wr(u, MCR, LOOP | 0x02);            /* DTR off: DSR falls */
	assert_int_equal(rd(u, MSR), 0x10 | 0x02);
	wr(u, MCR, LOOP | 0x00);            /* RTS off: CTS falls */
	assert_int_equal(rd(u, MSR), 0x00 | 0x01);
	wr(u, MCR, LOOP | 0x08);            /* OUT2 on: DCD rises */
	assert_int_equal(rd(u, MSR), 0x80 | 0x08);
	/* RI: only the trailing edge (1 to 0) counts */
	wr(u, MCR, LOOP | 0x0c);
	assert_int_equal(rd(u, MSR), 0xc0);
	wr(u, MCR, LOOP | 0x08);
	assert_int_equal(rd(u, MSR), 0x80 | 0x04);
	/* deltas gather until MSR is read */
	wr(u, MCR, LOOP | 0x09);
	wr(u, MCR, LOOP | 0x0b);
	wr(u, MCR, LOOP | 0x08);
	assert_int_equal(rd(u, MSR), 0x80 | 0x03);
	assert_int_equal(rd(u, MSR), 0x80);

	/* the modem status interrupt, identified in loopback, cleared by reading MSR */
	wr(u, IER, 0x08);
	assert_int_equal(rd(u, IIR_FCR), IIR_NONE);
	wr(u, MCR, LOOP | 0x01);
	assert_int_equal(rd(u, IIR_FCR), IIR_MSI);
	assert_int_equal(rd(u, IIR_FCR), IIR_MSI);
	assert_int_equal(rd(u, MSR), 0x20 | 0x0a);
	assert_int_equal(rd(u, IIR_FCR), IIR_NONE);

	/* leaving loopback: back to the terminal's lines, changes noted */
	wr(u, MCR, 0x00);
	assert_int_equal(rd(u, MSR), 0xb0 | 0x09);
	assert_int_equal(rd(u, MSR), 0xb0);
}

static void test_poll_empty_callback(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;

	rd(u, LSR); /* unset: nothing to call */
	rd(u, LSR);
	uart__on_rx_poll_empty(u, on_poll, f);
	wr(u, SCR, 0);  /* a write starts the count again */
	rd(u, LSR);
	assert_int_equal(f->polls, 0); /* one look: a sender checking THRE */
	assert_int_equal(rd(u, RBR_THR), 0);
	assert_int_equal(f->polls, 1);
	rd(u, LSR);
	assert_int_equal(f->polls, 2);
	/* other registers, and the divisor latch at offset 0, are not polls */
	rd(u, IIR_FCR);
	rd(u, MSR);
	rd(u, IER);
	wr(u, LCR, DLAB);
	rd(u, RBR_THR);
	wr(u, LCR, 0x03);
	assert_int_equal(f->polls, 2);
	/* a sender: LSR once, then THR, over and over: never a poll */
	for (int i = 0; i < 3; i++) {
		rd(u, LSR);
		wr(u, RBR_THR, 'a');
	}
	assert_int_equal(f->polls, 2);

	/* not while data waits, including the read that takes the last byte */
	wr(u, IIR_FCR, FIFO_ON);
	assert_true(uart__receive(u, 'x'));
	assert_true(uart__receive(u, 'y'));
	assert_int_equal(rd(u, LSR) & LSR_DR, LSR_DR);
	assert_int_equal(rd(u, RBR_THR), 'x');
	assert_int_equal(rd(u, RBR_THR), 'y');
	assert_int_equal(f->polls, 2);
	rd(u, LSR);
	assert_int_equal(f->polls, 2);
	rd(u, LSR);
	assert_int_equal(f->polls, 3);

	/* a guest polling its own loopback does not wait for the host */
	wr(u, MCR, LOOP);
	rd(u, LSR);
	rd(u, RBR_THR);
	rd(u, LSR);
	assert_int_equal(f->polls, 3);
	wr(u, MCR, 0x00);

	/* the callback may answer at once: the next poll finds the byte */
	rd(u, LSR);
	f->feed_on_poll = true;
	assert_int_equal(rd(u, LSR), LSR_THRE | LSR_TEMT);
	assert_int_equal(f->polls, 4);
	f->feed_on_poll = false;
	assert_int_equal(rd(u, LSR), LSR_DR | LSR_THRE | LSR_TEMT);
	assert_int_equal(rd(u, RBR_THR), 'k');
	assert_int_equal(f->polls, 4);

	uart__on_rx_poll_empty(u, NULL, NULL);
	rd(u, LSR);
	rd(u, LSR);
	assert_int_equal(f->polls, 4);
}

static void test_restored_irq_level(void **state)
{
	struct fixture *f = *state;
	struct uart *u = &f->u;
	struct uart copy;
	struct outbuf tx2;
	struct fake_irq irq2 = { 0 };

	wire_irq(f);
	wr(u, MCR, OUT2);
	wr(u, IER, 0x01);
	assert_true(uart__receive(u, 'a'));
	assert_int_equal(f->irq.calls, 1);

	/* the copy's line already shows high (the 8259 was restored too) */
	outbuf__init(&tx2, 16);
	uart__init(&copy, UART_COM1_BASE, &tx2);
	uart__set_irq(&copy, (struct irq_line){ .set = fake_set, .opaque = &irq2, .irq = 4 });
	memcpy(&copy.s, &u->s, sizeof(copy.s));
	assert_int_equal(copy.s.irq_level, 1);
	rd(&copy, IIR_FCR);
	rd(&copy, LSR);
	assert_int_equal(irq2.calls, 0); /* no doubled edge */
	assert_int_equal(rd(&copy, RBR_THR), 'a');
	assert_int_equal(irq2.calls, 1);
	assert_int_equal(irq2.level, 0);
	assert_int_equal(f->irq.calls, 1);
	outbuf__free(&tx2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reset_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_divisor_latch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lcr_mcr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lsr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_msr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scratch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fcr_fifo_bits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fcr_clear_rx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thri_pending_and_ack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rdi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tx_to_outbuf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loopback_thr_goes_to_rx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rx_fifo_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_claims_8_ports, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bus_byte_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bus_16bit_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_restores_by_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_order_and_wrap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iir_priorities, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trigger_levels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_irq_out2_gate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_irq_timeout_edge_per_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thri_irq, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overrun, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_disabled_holds_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loopback_msr_and_deltas, setup, teardown),
		cmocka_unit_test_setup_teardown(test_poll_empty_callback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restored_irq_level, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
