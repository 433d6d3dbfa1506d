/* uart.h - 16550A UART (COM1), enough for polling and interrupt-free drivers. */
#ifndef BOOTCHECK_UART_H
#define BOOTCHECK_UART_H

#include <stdbool.h>
#include <stdint.h>

#include "capture/outbuf.h" // struct outbuf
#include "vmm/bus.h"        // struct bus

#define UART_COM1_BASE 0x3f8
#define UART_RX_FIFO 16

struct uart {
	uint16_t base;
	uint8_t dll, dlm;     /* divisor latch */
	uint8_t ier, lcr, mcr, scr, fcr;
	uint8_t msr_delta;    /* MSR bits 0-3 */
	bool thri_pending;    /* "transmitter empty" interrupt identified */
	uint8_t rx[UART_RX_FIFO];
	unsigned rx_head, rx_len;
	struct outbuf *tx;    /* where transmitted bytes go */
};

/* uart__init - reset state; transmitted bytes are appended to TX. */
void uart__init(struct uart *u, uint16_t base, struct outbuf *tx);

/* uart__register - claim the 8 ports at u->base on BUS.  0 or -errno. */
int uart__register(struct uart *u, struct bus *bus);

/* uart__receive - queue a byte for the guest to read; false when the FIFO is full. */
bool uart__receive(struct uart *u, uint8_t byte);

/* uart__io - one byte-wide access to register OFFSET (0-7); the bus handler's core. */
uint8_t uart__io(struct uart *u, unsigned offset, uint8_t value, bool is_write);

#endif
