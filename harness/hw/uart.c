/* uart.c - 16550A UART (COM1), enough for polling and interrupt-free drivers. */
#include "hw/uart.h"

#include <string.h> // memset

enum { RBR_THR, IER, IIR_FCR, LCR, MCR, LSR, MSR, SCR };

#define LCR_DLAB 0x80
#define MCR_LOOP 0x10
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define IER_RDI 0x01
#define IER_THRI 0x02
#define IIR_NONE 0x01
#define IIR_THRI 0x02
#define IIR_RDI 0x04
#define IIR_FIFO 0xc0
#define FCR_ENABLE 0x01
#define FCR_CLEAR_RX 0x02

void uart__init(struct uart *u, uint16_t base, struct outbuf *tx)
{
	memset(u, 0, sizeof(*u));
	u->s.version = UART_STATE_VERSION;
	u->s.base = base;
	u->s.dll = 0x0c; /* 9600 baud, as after a BIOS */
	u->tx = tx;
}

bool uart__receive(struct uart *u, uint8_t byte)
{
	if (u->s.rx_len == UART_RX_FIFO)
		return false;
	u->s.rx[(u->s.rx_head + u->s.rx_len) % UART_RX_FIFO] = byte;
	u->s.rx_len++;
	return true;
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

static uint8_t read_msr(struct uart *u)
{
	uint8_t msr;

	if (u->s.mcr & MCR_LOOP) {
		/* loopback: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD */
		msr = (uint8_t)(((u->s.mcr & 0x01) << 5) | ((u->s.mcr & 0x02) << 3) |
				((u->s.mcr & 0x04) << 4) | ((u->s.mcr & 0x08) << 4));
	} else {
		msr = 0xb0; /* a terminal is attached: DCD, DSR, CTS */
	}
	msr |= u->s.msr_delta;
	u->s.msr_delta = 0;
	return msr;
}

static uint8_t read_iir(struct uart *u)
{
	uint8_t fifo = (u->s.fcr & FCR_ENABLE) ? IIR_FIFO : 0;

	if ((u->s.ier & IER_RDI) && u->s.rx_len)
		return fifo | IIR_RDI;
	if ((u->s.ier & IER_THRI) && u->s.thri_pending) {
		u->s.thri_pending = false; /* reading IIR acknowledges it */
		return fifo | IIR_THRI;
	}
	return fifo | IIR_NONE;
}

uint8_t uart__io(struct uart *u, unsigned offset, uint8_t v, bool is_write)
{
	bool dlab = u->s.lcr & LCR_DLAB;

	if (is_write) {
		switch (offset & 7) {
		case RBR_THR:
			if (dlab) {
				u->s.dll = v;
			} else if (u->s.mcr & MCR_LOOP) {
				uart__receive(u, v);
			} else {
				outbuf__put(u->tx, v);
				u->s.thri_pending = true; /* sent at once */
			}
			break;
		case IER:
			if (dlab) {
				u->s.dlm = v;
			} else {
				if ((v & IER_THRI) && !(u->s.ier & IER_THRI))
					u->s.thri_pending = true;
				u->s.ier = v & 0x0f;
			}
			break;
		case IIR_FCR:
			u->s.fcr = v & 0xc9;
			if (v & FCR_CLEAR_RX)
				u->s.rx_len = 0;
			break;
		case LCR: u->s.lcr = v; break;
		case MCR: u->s.mcr = v & 0x1f; break;
		case LSR: break; /* read-only on a 16550A */
		case MSR: break;
		case SCR: u->s.scr = v; break;
		}
		return 0;
	}
	switch (offset & 7) {
	case RBR_THR: return dlab ? u->s.dll : rx_pop(u);
	case IER: return dlab ? u->s.dlm : u->s.ier;
	case IIR_FCR: return read_iir(u);
	case LCR: return u->s.lcr;
	case MCR: return u->s.mcr;
	case LSR: return (uint8_t)(LSR_THRE | LSR_TEMT | (u->s.rx_len ? LSR_DR : 0));
	case MSR: return read_msr(u);
	default: return u->s.scr;
	}
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
