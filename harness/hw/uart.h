/* uart.h - 16550A UART (COM1), enough for polling and interrupt-free drivers. */
#ifndef BOOTCHECK_UART_H
#define BOOTCHECK_UART_H

#include <stdbool.h>
#include <stdint.h>

#include "capture/outbuf.h" // struct outbuf
#include "vmm/bus.h"        // struct bus

#define UART_COM1_BASE 0x3f8
#define UART_RX_FIFO 16

#define UART_STATE_VERSION 1

/*
 * Everything about the device, and nothing else: a snapshot copies it, and a
 * test can build any state by filling it in.  The receive FIFO is a ring of
 * rx_len bytes from rx[rx_head]; rx_head < UART_RX_FIFO, rx_len <= UART_RX_FIFO.
 */
struct uart_state {
	uint32_t version;       /* UART_STATE_VERSION */
	uint16_t base;          /* first of the 8 ports (the bus handler's offset origin) */
	uint8_t dll, dlm;       /* divisor latch */
	uint8_t ier, lcr, mcr, scr, fcr;
	uint8_t msr_delta;      /* MSR bits 0-3 */
	bool thri_pending;      /* "transmitter empty" interrupt identified */
	uint8_t rx[UART_RX_FIFO];
	uint32_t rx_head, rx_len;
};

struct uart {
	struct uart_state s;
	/* wiring, not state: the capture layer owns what was sent */
	struct outbuf *tx;      /* where transmitted bytes go */
};

/*
 * uart__init - reset state (as a BIOS leaves it: divisor 12, 9600 baud,
 * everything else zero) with its ports at BASE; transmitted bytes are
 * appended to TX, which must outlive U.
 */
void uart__init(struct uart *u, uint16_t base, struct outbuf *tx);

/* uart__register - claim the 8 ports at u->s.base on BUS.  0 or -errno. */
int uart__register(struct uart *u, struct bus *bus);

/* uart__receive - queue a byte for the guest to read; false when the FIFO is full. */
bool uart__receive(struct uart *u, uint8_t byte);

/*
 * uart__io - one byte-wide access to register OFFSET (0-7, higher bits
 * ignored); the bus handler's core.  Returns the value read, 0 for writes.
 */
uint8_t uart__io(struct uart *u, unsigned offset, uint8_t value, bool is_write);

#endif
