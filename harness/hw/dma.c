/* dma.c - the 8237A DMA controller pair of a PC (ports 0x00-0x0f, 0xc0-0xdf) and its page registers (0x80-0x8f). */
#include "hw/dma.h"

#include <string.h> // memset

/* The page register (offset from DMA_PAGE_BASE) of each channel of the first chip. */
static const uint8_t page_of[4] = { 0x07, 0x03, 0x01, 0x02 };

void dma__init(struct dma *d, struct guest_mem *mem)
{
	memset(d, 0, sizeof(*d));
	d->s.version = DMA_STATE_VERSION;
	d->s.chip[0].mask = d->s.chip[1].mask = 0x0f;
	d->mem = mem;
}

void dma__set_client(struct dma *d, unsigned ch, struct dma_client c)
{
	if (ch < DMA_CHANNELS)
		d->client[ch] = c;
}

bool dma__ready(const struct dma *d, unsigned ch)
{
	const struct dma_chip *c = &d->s.chip[0];

	return ch < 4 && !(c->mask & (1u << ch)) && !(c->command & DMA_CMD_DISABLE);
}

/* Tell the devices of CHIP's channels that became ready. */
static void kick(struct dma *d, unsigned chip, uint8_t was_ready)
{
	for (unsigned i = 0; i < 4; i++) {
		unsigned ch = chip * 4 + i;
		const struct dma_client *c = &d->client[ch];

		if (!(was_ready & (1u << i)) && dma__ready(d, ch) && c->ready)
			c->ready(c->opaque);
	}
}

static uint8_t ready_mask(const struct dma *d, unsigned chip)
{
	uint8_t m = 0;

	for (unsigned i = 0; i < 4; i++)
		if (dma__ready(d, chip * 4 + i))
			m |= (uint8_t)(1u << i);
	return m;
}

static void master_clear(struct dma_chip *c)
{
	c->command = c->status = c->request = c->flipflop = c->temp = 0;
	c->mask = 0x0f;
}

/* Address and count registers: two byte accesses each, through the flip-flop. */
static uint8_t word_io(struct dma_chip *c, uint16_t *base, uint16_t *cur, uint8_t value,
		       bool is_write)
{
	unsigned shift = c->flipflop ? 8 : 0;
	uint8_t r = 0;

	if (is_write) {
		*base = (uint16_t)((*base & ~(0xffu << shift)) | (unsigned)value << shift);
		*cur = *base;
	} else {
		r = (uint8_t)(*cur >> shift);
	}
	c->flipflop ^= 1;
	return r;
}

static uint8_t chip_io(struct dma *d, unsigned chip, unsigned reg, uint8_t value, bool is_write)
{
	struct dma_chip *c = &d->s.chip[chip];
	uint8_t before = ready_mask(d, chip);
	uint8_t r = 0;
	unsigned ch = value & 3;

	if (reg < 8) {
		unsigned n = reg / 2;

		return reg & 1 ? word_io(c, &c->base_count[n], &c->cur_count[n], value, is_write)
			       : word_io(c, &c->base_addr[n], &c->cur_addr[n], value, is_write);
	}
	if (!is_write) {
		switch (reg) {
		case DMA_REG_STATUS:
			r = (uint8_t)(c->status | (c->request << 4));
			c->status = 0; /* terminal count bits clear on read */
			return r;
		case DMA_REG_MASTER_CLEAR:
			return c->temp;
		case DMA_REG_ALL_MASK:
			return (uint8_t)(0xf0 | c->mask); /* as the PIIX reads it back; a plain 8237 floats */
		default:
			return 0xff;
		}
	}
	switch (reg) {
	case DMA_REG_STATUS:
		c->command = value;
		break;
	case DMA_REG_REQUEST:
		if (value & 4)
			c->request |= (uint8_t)(1u << ch);
		else
			c->request &= (uint8_t)~(1u << ch);
		break;
	case DMA_REG_SINGLE_MASK:
		if (value & 4)
			c->mask |= (uint8_t)(1u << ch);
		else
			c->mask &= (uint8_t)~(1u << ch);
		break;
	case DMA_REG_MODE:
		c->mode[ch] = value & 0xfc;
		break;
	case DMA_REG_CLEAR_FF:
		c->flipflop = 0;
		break;
	case DMA_REG_MASTER_CLEAR:
		master_clear(c);
		break;
	case DMA_REG_CLEAR_MASK:
		c->mask = 0;
		break;
	case DMA_REG_ALL_MASK:
		c->mask = value & 0x0f;
		break;
	}
	kick(d, chip, before);
	return 0;
}

uint8_t dma__io(struct dma *d, uint16_t port, uint8_t value, bool is_write)
{
	if (port < DMA1_BASE + 16)
		return chip_io(d, 0, port - DMA1_BASE, value, is_write);
	if (port >= DMA_PAGE_BASE && port < DMA_PAGE_BASE + 16) {
		if (is_write)
			d->s.page[port - DMA_PAGE_BASE] = value;
		return is_write ? 0 : d->s.page[port - DMA_PAGE_BASE];
	}
	if (port >= DMA2_BASE && port < DMA2_BASE + 32) {
		if (port & 1) /* the second chip sits on even ports only */
			return is_write ? 0 : 0xff;
		return chip_io(d, 1, (port - DMA2_BASE) / 2, value, is_write);
	}
	return is_write ? 0 : 0xff;
}

uint32_t dma__transfer(struct dma *d, unsigned ch, uint8_t *buf, uint32_t len, bool *tc)
{
	*tc = false;
	if (!dma__ready(d, ch))
		return 0;
	struct dma_chip *c = &d->s.chip[0];
	uint8_t mode = c->mode[ch];
	uint8_t type = mode & DMA_MODE_TYPE_MASK;
	uint64_t page = (uint64_t)d->s.page[page_of[ch]] << 16;
	uint32_t n = 0;

	while (n < len) {
		/* the page register is apart from the counter: the address wraps in its 64 KiB */
		uint8_t *p = d->mem ? guest_mem__ptr(d->mem, page | c->cur_addr[ch], 1) : NULL;

		if (type == DMA_MODE_WRITE && p)
			*p = buf[n];
		else if (type == DMA_MODE_READ)
			buf[n] = p ? *p : 0xff;
		n++;
		c->cur_addr[ch] = (uint16_t)(c->cur_addr[ch] + (mode & DMA_MODE_DOWN ? -1 : 1));
		if (c->cur_count[ch]-- == 0) {
			*tc = true;
			c->status |= (uint8_t)(1u << ch);
			c->request &= (uint8_t)~(1u << ch);
			if (mode & DMA_MODE_AUTOINIT) {
				c->cur_addr[ch] = c->base_addr[ch];
				c->cur_count[ch] = c->base_count[ch];
			} else {
				c->mask |= (uint8_t)(1u << ch);
			}
			break;
		}
	}
	return n;
}

static uint8_t dma_bus(void *opaque, uint16_t port, uint8_t value, bool is_write)
{
	return dma__io(opaque, port, value, is_write);
}

int dma__register(struct dma *d, struct bus *bus)
{
	int r = bus__register_bytes(bus, DMA1_BASE, 16, dma_bus, d, "dma1");

	if (r == 0)
		r = bus__register_bytes(bus, DMA_PAGE_BASE, 16, dma_bus, d, "dma-page");
	if (r == 0)
		r = bus__register_bytes(bus, DMA2_BASE, 32, dma_bus, d, "dma2");
	return r;
}
