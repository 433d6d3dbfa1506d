/* uart.c - 16550A UART (COM1): transmitter, receive FIFO, modem lines and interrupts. */
#include "hw/uart.h"

#include <string.h> // memset

enum { RBR_THR, IER, IIR_FCR, LCR, MCR, LSR, MSR, SCR };

#define LCR_DLAB 0x80
#define MCR_OUT2 0x08           /* on a PC, gates INTR onto the IRQ line */
#define MCR_LOOP 0x10
#define MCR_MASK 0x1f
#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define MSR_TERI 0x04
#define MSR_RI 0x40
#define MSR_TERMINAL 0xb0       /* DCD, DSR, CTS: a terminal is attached */
#define IER_RDI 0x01            /* received data available, and character timeout */
#define IER_THRI 0x02
#define IER_RLSI 0x04
#define IER_MSI 0x08
#define IIR_MSI 0x00
#define IIR_NONE 0x01
#define IIR_THRI 0x02
#define IIR_RDI 0x04
#define IIR_RLSI 0x06
#define IIR_TIMEOUT 0x0c
#define IIR_FIFO 0xc0
#define FCR_ENABLE 0x01
#define FCR_CLEAR_RX 0x02
#define FCR_KEPT 0xc9           /* enable, DMA mode, trigger level; 1-2 self-clear */

void uart__init(struct uart *u, uint16_t base, struct outbuf *tx)
{
	memset(u, 0, sizeof(*u));
	u->s.version = UART_STATE_VERSION;
	u->s.base = base;
	u->s.dll = 0x0c; /* 9600 baud, as after a BIOS */
	u->tx = tx;
}

void uart__set_irq(struct uart *u, struct irq_line line)
{
	u->irq = line;
}

void uart__on_rx_poll_empty(struct uart *u, void (*fn)(void *opaque), void *opaque)
{
	u->on_rx_poll_empty = fn;
	u->rx_poll_opaque = opaque;
}

uint32_t uart__rx_count(const struct uart *u)
{
	return u->s.rx_len;
}

/* ------------------------------------------------------------------ */
/* Receiver and interrupt output                                      */
/* ------------------------------------------------------------------ */

static bool fifo_on(const struct uart *u)
{
	return u->s.fcr & FCR_ENABLE;
}

static bool loopback(const struct uart *u)
{
	return u->s.mcr & MCR_LOOP;
}

/* 16450 mode has a single holding register where the FIFO would be. */
static uint32_t rx_capacity(const struct uart *u)
{
	return fifo_on(u) ? UART_RX_FIFO : 1;
}

static uint32_t rx_trigger(const struct uart *u)
{
	static const uint8_t level[4] = { 1, 4, 8, 14 };

	return level[u->s.fcr >> 6];
}

static void rx_clear(struct uart *u)
{
	u->s.rx_head = 0;
	u->s.rx_len = 0;
}

/*
 * A byte completes in the receiver.  With no room it is an overrun, as the
 * 16550A data sheet has it: in FIFO mode the byte in the shift register is
 * lost and the FIFO kept; in 16450 mode it overwrites the unread one.
 */
static void rx_put(struct uart *u, uint8_t byte)
{
	if (u->s.rx_len < rx_capacity(u)) {
		u->s.rx[(u->s.rx_head + u->s.rx_len) % UART_RX_FIFO] = byte;
		u->s.rx_len++;
		return;
	}
	u->s.lsr_err |= LSR_OE;
	if (!fifo_on(u))
		u->s.rx[u->s.rx_head] = byte;
}

static uint8_t rx_pop(struct uart *u)
{
	uint8_t b;

	if (u->s.rx_len == 0)
		return 0;
	b = u->s.rx[u->s.rx_head];
	u->s.rx_head = (u->s.rx_head + 1) % UART_RX_FIFO;
	u->s.rx_len--;
	return b;
}

/*
 * The interrupt IIR identifies, highest priority first.  A real character
 * timeout needs four character times without data in or out; here the host
 * feeds one byte at a time and no time passes in between, so data below the
 * trigger level counts as timed out as soon as it waits.  TIMEOUT false
 * leaves that out: the instant after an RBR read restarts the timer.
 */
static uint8_t iir_id(const struct uart *u, bool timeout)
{
	uint8_t ier = u->s.ier;

	if ((ier & IER_RLSI) && (u->s.lsr_err & LSR_OE))
		return IIR_RLSI;
	if ((ier & IER_RDI) && u->s.rx_len) {
		if (!fifo_on(u) || u->s.rx_len >= rx_trigger(u))
			return IIR_RDI;
		if (timeout)
			return IIR_TIMEOUT;
	}
	if ((ier & IER_THRI) && u->s.thri_pending)
		return IIR_THRI;
	if ((ier & IER_MSI) && u->s.msr_delta)
		return IIR_MSI;
	return IIR_NONE;
}

/*
 * Drive the IRQ line to what INTR shows through the PC's OUT2 gate.  In
 * loopback the chip forces its OUT2 pin inactive, so the gate is shut
 * whatever MCR says: IIR still identifies interrupts, the 8259 sees none.
 */
static void drive(struct uart *u, bool timeout)
{
	int want = !loopback(u) && (u->s.mcr & MCR_OUT2) && iir_id(u, timeout) != IIR_NONE;

	if (u->s.irq_level == want)
		return;
	u->s.irq_level = want;
	irq__set(&u->irq, want);
}

static void update_irq(struct uart *u)
{
	drive(u, true);
}

bool uart__receive(struct uart *u, uint8_t byte)
{
	/* in loopback the serial input is disconnected from the receiver */
	if (loopback(u) || u->s.rx_len >= rx_capacity(u))
		return false;
	rx_put(u, byte);
	update_irq(u);
	return true;
}

/* ------------------------------------------------------------------ */
/* Registers                                                          */
/* ------------------------------------------------------------------ */

/* MSR bits 4-7: the modem inputs, or in loopback the MCR outputs wired back. */
static uint8_t modem_lines(const struct uart *u)
{
	uint8_t mcr = u->s.mcr;

	if (!loopback(u))
		return MSR_TERMINAL; /* nothing ever changes on the host's side */
	/* DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD */
	return (uint8_t)(((mcr & 0x01) << 5) | ((mcr & 0x02) << 3) | ((mcr & 0x04) << 4) |
			 ((mcr & 0x08) << 4));
}

/*
 * MCR changes can change the lines MSR reports (entering or leaving
 * loopback, or its outputs within it): record the deltas.  CTS, DSR and DCD
 * count any change; RI only its trailing edge (1 to 0), hence TERI.
 */
static void write_mcr(struct uart *u, uint8_t v)
{
	uint8_t before = modem_lines(u), after, changed;

	u->s.mcr = v & MCR_MASK;
	after = modem_lines(u);
	changed = before ^ after;
	u->s.msr_delta |= (uint8_t)((changed >> 4) & ~MSR_TERI);
	if ((before & MSR_RI) && !(after & MSR_RI))
		u->s.msr_delta |= MSR_TERI;
}

static void write_thr(struct uart *u, uint8_t v)
{
	/*
	 * Writing THR clears its interrupt; the byte leaves for the shift
	 * register at once and THR is empty again.  Both steps show on the
	 * line, so a driver that left THRI unacknowledged still gets a fresh
	 * edge when nothing else holds INTR up.
	 */
	u->s.thri_pending = false;
	update_irq(u);
	if (loopback(u))
		rx_put(u, v);
	else
		outbuf__put(u->tx, v);
	u->s.thri_pending = true;
}

static void write_fcr(struct uart *u, uint8_t v)
{
	if ((v ^ u->s.fcr) & FCR_ENABLE)
		rx_clear(u); /* switching modes empties both FIFOs (ours sends at once) */
	if (!(v & FCR_ENABLE)) {
		u->s.fcr = 0; /* the other bits are programmed only along with bit 0 */
		return;
	}
	if (v & FCR_CLEAR_RX)
		rx_clear(u);
	u->s.fcr = v & FCR_KEPT;
}

static uint8_t read_rbr(struct uart *u)
{
	uint8_t b = rx_pop(u);

	/*
	 * A read restarts the timeout timer and clears a timeout interrupt;
	 * data still below the trigger times out again later.  Show the gap,
	 * so the 8259 sees a fresh edge for the bytes left behind.
	 */
	drive(u, false);
	return b;
}

static uint8_t read_iir(struct uart *u)
{
	uint8_t id = iir_id(u, true);

	if (id == IIR_THRI)
		u->s.thri_pending = false; /* reading IIR acknowledges it, and only it */
	return (uint8_t)((fifo_on(u) ? IIR_FIFO : 0) | id);
}

static uint8_t read_lsr(struct uart *u)
{
	uint8_t lsr = LSR_THRE | LSR_TEMT | u->s.lsr_err; /* we send at once */

	if (u->s.rx_len)
		lsr |= LSR_DR;
	u->s.lsr_err = 0;
	return lsr;
}

static uint8_t read_msr(struct uart *u)
{
	uint8_t msr = modem_lines(u) | u->s.msr_delta;

	u->s.msr_delta = 0;
	return msr;
}

static void io_write(struct uart *u, unsigned reg, uint8_t v)
{
	bool dlab = u->s.lcr & LCR_DLAB;

	switch (reg) {
	case RBR_THR:
		if (dlab)
			u->s.dll = v;
		else
			write_thr(u, v);
		break;
	case IER:
		if (dlab) {
			u->s.dlm = v;
		} else {
			/* enabling THRI with THR empty identifies it at once */
			if ((v & IER_THRI) && !(u->s.ier & IER_THRI))
				u->s.thri_pending = true;
			u->s.ier = v & 0x0f;
		}
		break;
	case IIR_FCR: write_fcr(u, v); break;
	case LCR: u->s.lcr = v; break;
	case MCR: write_mcr(u, v); break;
	case LSR: break; /* read-only on a 16550A */
	case MSR: break;
	default: u->s.scr = v; break;
	}
}

static uint8_t io_read(struct uart *u, unsigned reg)
{
	bool dlab = u->s.lcr & LCR_DLAB;

	switch (reg) {
	case RBR_THR: return dlab ? u->s.dll : read_rbr(u);
	case IER: return dlab ? u->s.dlm : u->s.ier;
	case IIR_FCR: return read_iir(u);
	case LCR: return u->s.lcr;
	case MCR: return u->s.mcr;
	case LSR: return read_lsr(u);
	case MSR: return read_msr(u);
	default: return u->s.scr;
	}
}

uint8_t uart__io(struct uart *u, unsigned offset, uint8_t v, bool is_write)
{
	unsigned reg = offset & 7;
	uint8_t r = 0;
	bool polled_empty = false;

	if (is_write) {
		io_write(u, reg, v);
		u->empty_polls = 0;
	} else {
		/* a guest polling its own loopback is not waiting for the host */
		polled_empty = !u->s.rx_len && !loopback(u) &&
			       (reg == LSR || (reg == RBR_THR && !(u->s.lcr & LCR_DLAB)));
		r = io_read(u, reg);
		if (reg == LSR || reg == RBR_THR)
			u->empty_polls = polled_empty ? u->empty_polls + 1 : 0;
	}
	update_irq(u);
	/*
	 * Last, with the access complete: the callback may feed a byte.  Only
	 * from the second empty look with no write between: one look at LSR
	 * is how a sender checks THRE before it writes.
	 */
	if (polled_empty && u->empty_polls >= 2 && u->on_rx_poll_empty)
		u->on_rx_poll_empty(u->rx_poll_opaque);
	return r;
}

/* the bus's view of the UART: eight byte-wide registers */
static uint8_t uart_bus(void *opaque, uint16_t port, uint8_t value, bool is_write)
{
	struct uart *u = opaque;

	return uart__io(u, (unsigned)(port - u->s.base), value, is_write);
}

int uart__register(struct uart *u, struct bus *bus)
{
	return bus__register_bytes(bus, u->s.base, 8, uart_bus, u, "uart");
}
