/* dma.h - the 8237A DMA controller pair of a PC (ports 0x00-0x0f, 0xc0-0xdf) and its page registers (0x80-0x8f). */
#ifndef BOOTCHECK_DMA_H
#define BOOTCHECK_DMA_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/bus.h"       // struct bus
#include "vmm/guest_mem.h" // struct guest_mem

#define DMA1_BASE 0x00     /* channels 0-3, byte transfers */
#define DMA2_BASE 0xc0     /* channels 4-7, word transfers; registers every other port */
#define DMA_PAGE_BASE 0x80 /* 16 page registers; 0x81 is channel 2's */
#define DMA_CHANNELS 8

/* Mode register (write 0x0b / 0xd6): bits 1-0 choose the channel. */
#define DMA_MODE_TYPE_MASK 0x0c
#define DMA_MODE_VERIFY 0x00
#define DMA_MODE_WRITE 0x04  /* device to memory (a floppy read) */
#define DMA_MODE_READ 0x08   /* memory to device (a floppy write) */
#define DMA_MODE_AUTOINIT 0x10
#define DMA_MODE_DOWN 0x20   /* addresses decrement */

/* Command register (write 0x08 / 0xd0) */
#define DMA_CMD_DISABLE 0x04

/* 8237 register offsets within a controller (a port of DMA1, half a port's offset on DMA2). */
enum {
	DMA_REG_STATUS = 8,     /* read; command on write */
	DMA_REG_REQUEST = 9,
	DMA_REG_SINGLE_MASK = 10,
	DMA_REG_MODE = 11,
	DMA_REG_CLEAR_FF = 12,
	DMA_REG_MASTER_CLEAR = 13, /* write; temporary register on read */
	DMA_REG_CLEAR_MASK = 14,
	DMA_REG_ALL_MASK = 15,
};

struct dma_chip {
	uint16_t base_addr[4], base_count[4]; /* what the guest wrote, reloaded by autoinit */
	uint16_t cur_addr[4], cur_count[4];   /* where the transfer is; count -1 at the end */
	uint8_t mode[4];                      /* bits 7-2 of the last mode write */
	uint8_t command;
	uint8_t status;                       /* bits 3-0: terminal count reached (cleared on read) */
	uint8_t request;                      /* software requests, bits 3-0 */
	uint8_t mask;                         /* bits 3-0: channel masked */
	uint8_t flipflop;                     /* 0: the next 16-bit access is the low byte */
	uint8_t temp;
};

#define DMA_STATE_VERSION 1

/* Everything about both chips and the page registers, and nothing else: a snapshot copies it. */
struct dma_state {
	uint32_t version;          /* DMA_STATE_VERSION */
	struct dma_chip chip[2];   /* [0]: channels 0-3, [1]: channels 4-7 */
	uint8_t page[16];          /* 0x80-0x8f, every one readable (0x80 is also the POST code) */
};

/*
 * A device that asks for DMA: called when the channel becomes able to
 * move bytes (it is unmasked), so a transfer the device had to hold can
 * go on.  Wiring, not state.
 */
struct dma_client {
	void (*ready)(void *opaque);
	void *opaque;
};

struct dma {
	struct dma_state s;
	/* wiring, not state */
	struct guest_mem *mem;     /* the RAM transfers reach; nothing outside it is touched */
	struct dma_client client[DMA_CHANNELS];
};

/*
 * dma__init - power-on state: every channel masked, registers 0, moving
 * bytes to and from MEM.
 */
void dma__init(struct dma *d, struct guest_mem *mem);

/* dma__set_client - CH's device is told through C when the channel becomes ready. */
void dma__set_client(struct dma *d, unsigned ch, struct dma_client c);

/* dma__register - claim 0x00-0x0f, 0x80-0x8f and 0xc0-0xdf on BUS.  0 or -errno. */
int dma__register(struct dma *d, struct bus *bus);

/*
 * dma__io - one byte access to PORT (the bus handlers' core).  Returns the
 * value read (0 for writes; 0xff for a port that is not the pair's).
 */
uint8_t dma__io(struct dma *d, uint16_t port, uint8_t value, bool is_write);

/*
 * dma__ready - whether channel CH (0-3) can move bytes now: unmasked and
 * its controller enabled.  Channels 4-7 never are (no 16-bit device).
 */
bool dma__ready(const struct dma *d, unsigned ch);

/*
 * dma__transfer - a device on channel CH (0-3) moves up to LEN bytes with
 * BUF as its side, as the channel's mode says: a write transfer copies BUF
 * into RAM, a read transfer fills BUF from RAM, verify moves nothing.  The
 * address steps within its 64 KiB page (the page register is never
 * carried into), and a byte whose address lies outside RAM is dropped on
 * a write and read as 0xff.  Stops at the terminal count (the count
 * register passes 0): sets *TC, reloads the channel (autoinit) or masks
 * it.  Returns the bytes the channel moved (0 when it is not ready).
 */
uint32_t dma__transfer(struct dma *d, unsigned ch, uint8_t *buf, uint32_t len, bool *tc);

#endif
