/* fw_cfg.c - QEMU's firmware configuration interface: how SeaBIOS learns about the machine. */
#include "hw/fw_cfg.h"

#include <endian.h> // htobe32, be64toh
#include <errno.h>  // EEXIST
#include <stdlib.h> // malloc
#include <string.h> // memcpy

/* DMA control bits (docs/specs/fw_cfg.txt) */
#define DMA_ERROR 0x01
#define DMA_READ 0x02
#define DMA_SKIP 0x04
#define DMA_SELECT 0x08
#define DMA_WRITE 0x10

#define ID_TRADITIONAL 0x01
#define ID_DMA 0x02

void fw_cfg__init(struct fw_cfg *f, const struct guest_mem *mem)
{
	memset(f, 0, sizeof(*f));
	f->s.version = FW_CFG_STATE_VERSION;
	f->mem = mem;
	fw_cfg__add(f, FW_CFG_SIGNATURE, "QEMU", 4, false);
	fw_cfg__add_u32(f, FW_CFG_ID, ID_TRADITIONAL | ID_DMA);
}

void fw_cfg__watch(struct fw_cfg *f, uint16_t key)
{
	f->watch_key = key;
}

void fw_cfg__free(struct fw_cfg *f)
{
	for (int i = 0; i < f->nr; i++)
		if (f->items[i].owned)
			free((void *)f->items[i].data);
	f->nr = 0;
	f->dir = NULL;
}

const struct fw_cfg_item *fw_cfg__find(const struct fw_cfg *f, uint16_t key)
{
	for (int i = 0; i < f->nr; i++)
		if (f->items[i].key == key)
			return &f->items[i];
	return NULL;
}

int fw_cfg__add(struct fw_cfg *f, uint16_t key, const void *data, uint32_t len, bool copy)
{
	struct fw_cfg_item *it;

	if (fw_cfg__find(f, key))
		return -EEXIST;
	if (f->nr == FW_CFG_MAX_ITEMS)
		return -ENOSPC;
	it = &f->items[f->nr];
	memset(it, 0, sizeof(*it));
	it->key = key;
	it->len = len;
	it->data = data;
	if (copy) {
		uint8_t *p = malloc(len ? len : 1);

		if (!p)
			return -ENOMEM;
		memcpy(p, data, len);
		it->data = p;
		it->owned = true;
	}
	f->nr++;
	return 0;
}

int fw_cfg__add_u16(struct fw_cfg *f, uint16_t key, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	return fw_cfg__add(f, key, b, sizeof(b), true);
}

int fw_cfg__add_u32(struct fw_cfg *f, uint16_t key, uint32_t v)
{
	uint8_t b[4];

	for (int i = 0; i < 4; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	return fw_cfg__add(f, key, b, sizeof(b), true);
}

int fw_cfg__add_u64(struct fw_cfg *f, uint16_t key, uint64_t v)
{
	uint8_t b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	return fw_cfg__add(f, key, b, sizeof(b), true);
}

int fw_cfg__add_file(struct fw_cfg *f, const char *name, const void *data, uint32_t len,
		     bool copy)
{
	size_t n = strlen(name);
	int r;

	if (n == 0 || n >= FW_CFG_MAX_NAME)
		return -EINVAL;
	for (int i = 0; i < f->nr; i++)
		if (!strcmp(f->items[i].name, name))
			return -EEXIST;
	r = fw_cfg__add(f, (uint16_t)(FW_CFG_FILE_FIRST + f->nr_files), data, len, copy);
	if (r)
		return r;
	memcpy(f->items[f->nr - 1].name, name, n + 1);
	f->nr_files++;
	return 0;
}

int fw_cfg__finish(struct fw_cfg *f)
{
	/* big-endian count, then {be32 size, be16 select, be16 reserved, name[56]} per file */
	uint32_t len = 4 + (uint32_t)f->nr_files * 64;
	uint8_t *dir = calloc(1, len);
	uint8_t *p = dir + 4;
	uint32_t count = htobe32((uint32_t)f->nr_files);

	if (!dir)
		return -ENOMEM;
	memcpy(dir, &count, 4);
	for (int i = 0; i < f->nr; i++) {
		const struct fw_cfg_item *it = &f->items[i];

		if (!it->name[0])
			continue;
		uint32_t size = htobe32(it->len);
		uint16_t sel = htobe16(it->key);

		memcpy(p, &size, 4);
		memcpy(p + 4, &sel, 2);
		memcpy(p + 8, it->name, FW_CFG_MAX_NAME);
		p += 64;
	}
	int r = fw_cfg__add(f, FW_CFG_FILE_DIR, dir, len, false);

	if (r) {
		free(dir);
		return r;
	}
	f->items[f->nr - 1].owned = true;
	f->dir = dir;
	return 0;
}

static void select_key(struct fw_cfg *f, uint16_t key)
{
	f->s.key = key;
	f->s.offset = 0;
}

/* Copy up to LEN bytes of the selected item from the current offset; zeros past its end. */
static void read_item(struct fw_cfg *f, uint8_t *dst, uint32_t len)
{
	const struct fw_cfg_item *it = fw_cfg__find(f, f->s.key);
	uint32_t avail = 0;

	if (it && f->s.offset < it->len)
		avail = it->len - f->s.offset;
	if (avail > len)
		avail = len;
	if (avail)
		memcpy(dst, it->data + f->s.offset, avail);
	memset(dst + avail, 0, len - avail);
	f->s.offset += avail;
}

static void dma_transfer(struct fw_cfg *f, uint64_t desc_addr)
{
	uint8_t *desc = guest_mem__ptr(f->mem, desc_addr, 16);
	uint32_t control, length;
	uint64_t address;

	f->s.dma_transfers++;
	if (!desc)
		return; /* no descriptor in RAM: nothing to report back to */
	memcpy(&control, desc, 4);
	memcpy(&length, desc + 4, 4);
	memcpy(&address, desc + 8, 8);
	control = be32toh(control);
	length = be32toh(length);
	address = be64toh(address);

	if (control & DMA_SELECT)
		select_key(f, (uint16_t)(control >> 16));
	if (control & DMA_WRITE) {
		control = DMA_ERROR; /* every item is read-only */
	} else if (control & DMA_READ) {
		uint8_t *dst = guest_mem__ptr(f->mem, address, length);
		const struct fw_cfg_item *it = fw_cfg__find(f, f->s.key);

		if (dst && f->watch_key && f->s.key == f->watch_key && f->s.offset == 0 && it &&
		    length == it->len) {
			f->s.watch_gpa = address;
			f->s.watch_len = length;
		}
		if (dst) {
			read_item(f, dst, length);
			control = 0;
		} else {
			control = DMA_ERROR;
		}
	} else if (control & DMA_SKIP) {
		const struct fw_cfg_item *it = fw_cfg__find(f, f->s.key);
		uint32_t left = it && f->s.offset < it->len ? it->len - f->s.offset : 0;

		f->s.offset += length < left ? length : left;
		control = 0;
	} else {
		control = 0;
	}
	control = htobe32(control);
	memcpy(desc, &control, 4);
}

void fw_cfg__io(struct fw_cfg *f, uint16_t port, uint8_t *data, uint32_t len, bool is_write)
{
	uint32_t v = 0;

	for (uint32_t i = 0; i < len && i < 4; i++)
		v |= (uint32_t)data[i] << (8 * i);
	switch (port) {
	case FW_CFG_PORT_SEL:
		if (is_write)
			select_key(f, (uint16_t)v);
		else
			memset(data, 0, len);
		break;
	case FW_CFG_PORT_DATA:
		if (is_write)
			break; /* writes through the data port went away with QEMU 2.4 */
		read_item(f, data, len);
		break;
	case FW_CFG_PORT_DMA:
		if (is_write && len == 4)
			f->s.dma_high = be32toh(v);
		else if (!is_write)
			memset(data, 0, len);
		break;
	case FW_CFG_PORT_DMA + 4:
		if (is_write && len == 4)
			dma_transfer(f, (uint64_t)f->s.dma_high << 32 | be32toh(v));
		else if (!is_write)
			memset(data, 0, len);
		break;
	default:
		if (!is_write)
			memset(data, 0xff, len);
		break;
	}
}

static void fw_cfg_bus_io(void *opaque, uint64_t addr, uint8_t *data, uint32_t len, bool is_write)
{
	fw_cfg__io(opaque, (uint16_t)addr, data, len, is_write);
}

int fw_cfg__register(struct fw_cfg *f, struct bus *bus)
{
	int r;

	if ((r = bus__register(bus, FW_CFG_PORT_SEL, 1, 2, fw_cfg_bus_io, f, "fw_cfg-sel")) ||
	    (r = bus__register(bus, FW_CFG_PORT_DATA, 1, 1, fw_cfg_bus_io, f, "fw_cfg-data")) ||
	    (r = bus__register(bus, FW_CFG_PORT_DMA, 1, 4, fw_cfg_bus_io, f, "fw_cfg-dma-hi")) ||
	    (r = bus__register(bus, FW_CFG_PORT_DMA + 4, 1, 4, fw_cfg_bus_io, f, "fw_cfg-dma-lo")))
		return r;
	return 0;
}
