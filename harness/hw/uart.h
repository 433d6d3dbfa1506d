/* uart.h - 16550A UART (COM1): transmitter, receive FIFO, modem lines and interrupts. */
#ifndef BOOTCHECK_UART_H
#define BOOTCHECK_UART_H

#include <stdbool.h>
#include <stdint.h>

#include "capture/outbuf.h" // struct outbuf
#include "vmm/bus.h"        // struct bus
#include "vmm/irq.h"        // struct irq_line

#define UART_COM1_BASE 0x3f8
#define UART_COM1_IRQ 4
#define UART_RX_FIFO 16

#define UART_STATE_VERSION 2

/*
 * Everything about the device, and nothing else: plain data with no
 * pointers, so a snapshot copies it, and a test can build any state by
 * filling it in.  The receive FIFO is a ring of rx_len bytes from
 * rx[rx_head]; rx_head < UART_RX_FIFO, rx_len <= UART_RX_FIFO, and
 * rx_len <= 1 while the FIFOs are off (16450 mode has one holding register).
 */
struct uart_state {
	uint32_t version;       /* UART_STATE_VERSION */
	uint16_t base;          /* first of the 8 ports (the bus handler's offset origin) */
	uint8_t dll, dlm;       /* divisor latch */
	uint8_t ier, lcr, mcr, scr;
	uint8_t fcr;            /* bits 0 (FIFOs on), 3 and 6-7 (trigger level) as written */
	uint8_t lsr_err;        /* LSR_OE (0x02) once a byte was lost, until LSR is read */
	uint8_t msr_delta;      /* MSR bits 0-3, until MSR is read */
	bool thri_pending;      /* "transmitter empty" interrupt identified */
	uint8_t rx[UART_RX_FIFO];
	uint32_t rx_head, rx_len;
	/*
	 * Level last driven on the IRQ line: state, not wiring, so that a
	 * restored device drives only real changes (a doubled or missed edge
	 * would confuse the 8259).
	 */
	int irq_level;
};

/* The device: its state, and beside it the wiring a snapshot does not copy. */
struct uart {
	struct uart_state s;
	/* wiring, not state: the capture layer owns what was sent */
	struct outbuf *tx;      /* where transmitted bytes go */
	struct irq_line irq;    /* INTR gated by MCR OUT2, as on a PC; unwired after init */
	void (*on_rx_poll_empty)(void *opaque);
	void *rx_poll_opaque;
	unsigned empty_polls;   /* empty LSR/RBR reads since the last write or byte */
};

/*
 * uart__init - reset state (as a BIOS leaves it: divisor 12, 9600 baud,
 * everything else zero, FIFOs off) with its ports at BASE; transmitted bytes
 * are appended to TX, which must outlive U.  The IRQ line and the poll
 * callback are unwired: set them afterwards.
 */
void uart__init(struct uart *u, uint16_t base, struct outbuf *tx);

/*
 * uart__set_irq - wire the interrupt output to LINE (IRQ 4 for COM1).  The
 * line is high while an interrupt is identified in IIR, MCR OUT2 is set and
 * loopback is off, and is driven only when that changes.  Nothing is driven
 * now: u->s.irq_level is taken as what LINE already shows (0 after init, or
 * the restored level after a snapshot is copied in).
 */
void uart__set_irq(struct uart *u, struct irq_line line);

/*
 * uart__on_rx_poll_empty - call FN(OPAQUE) (FN may be NULL) each time the
 * guest reads LSR, or RBR (not the divisor latch), while no byte waits and
 * loopback is off, for the second time or more with no register write
 * between: the guest is waiting for serial input (one look at LSR is how a
 * sender checks THRE before writing).  FN runs from
 * inside uart__io once the access is complete, and may call uart__receive.
 */
void uart__on_rx_poll_empty(struct uart *u, void (*fn)(void *opaque), void *opaque);

/* uart__register - claim the 8 ports at u->s.base on BUS.  0 or -errno. */
int uart__register(struct uart *u, struct bus *bus);

/*
 * uart__receive - BYTE arrives on the serial input for the guest to read.
 * False, changing nothing, when the receiver has no room (16 bytes with the
 * FIFOs on, 1 with them off) or is in loopback (its input is disconnected):
 * the host paces its bytes and retries, so it never causes an overrun.
 * Only the guest's own loopback writes can overrun.
 */
bool uart__receive(struct uart *u, uint8_t byte);

/* uart__rx_count - how many received bytes wait for the guest. */
uint32_t uart__rx_count(const struct uart *u);

/*
 * uart__io - one byte-wide access to register OFFSET (0-7, higher bits
 * ignored); the bus handler's core.  Returns the value read, 0 for writes.
 */
uint8_t uart__io(struct uart *u, unsigned offset, uint8_t value, bool is_write);

#endif
