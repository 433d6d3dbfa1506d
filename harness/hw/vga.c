/* vga.c - VGA text-mode registers; the text itself lives in plain guest RAM at 0xb8000. */
#include "hw/vga.h"

#include <string.h> // memcpy

/* CRTC values of standard mode 3 (80x25, 9x16 cell, cursor lines 13-14). */
static const uint8_t mode3_crtc[VGA_NR_CRTC] = {
	0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0x00,
	0x00, 0x00, 0x00, 0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff,
};

enum { CRTC_CURSOR_START = 0x0a, CRTC_START_HI = 0x0c, CRTC_START_LO = 0x0d,
       CRTC_CURSOR_HI = 0x0e, CRTC_CURSOR_LO = 0x0f };

void vga__init(struct vga *v)
{
	v->crtc_index = 0;
	memcpy(v->crtc, mode3_crtc, sizeof(v->crtc));
}

uint8_t vga__io(struct vga *v, uint16_t port, uint8_t value, bool is_write)
{
	switch (port) {
	case VGA_CRTC_INDEX:
		if (is_write)
			v->crtc_index = value;
		return v->crtc_index;
	case VGA_CRTC_INDEX + 1:
		if (v->crtc_index >= VGA_NR_CRTC) /* no such register */
			return 0xff;
		if (is_write)
			v->crtc[v->crtc_index] = value;
		return v->crtc[v->crtc_index];
	default:
		return 0xff;
	}
}

static void vga_bus_io(void *opaque, uint64_t addr, uint8_t *data, uint32_t len,
		       bool is_write)
{
	uint8_t r = vga__io(opaque, (uint16_t)addr, data[0], is_write);

	(void)len; /* registered byte-wide */
	if (!is_write)
		data[0] = r;
}

int vga__register(struct vga *v, struct bus *bus)
{
	return bus__register(bus, VGA_CRTC_INDEX, 2, 1, vga_bus_io, v, "vga-crtc");
}

uint16_t vga__start_address(const struct vga *v)
{
	return (uint16_t)(v->crtc[CRTC_START_HI] << 8 | v->crtc[CRTC_START_LO]);
}

uint16_t vga__cursor_address(const struct vga *v)
{
	return (uint16_t)(v->crtc[CRTC_CURSOR_HI] << 8 | v->crtc[CRTC_CURSOR_LO]);
}

bool vga__cursor_visible(const struct vga *v)
{
	return !(v->crtc[CRTC_CURSOR_START] & 0x20);
}
