/* vga.c - VGA registers; the text itself lives in plain guest RAM at 0xb8000. */
#include "hw/vga.h"

#include <string.h> // memcpy, memset

/* Register values of standard mode 3 (80x25 text, 9x16 cells, cursor lines 13-14). */
static const uint8_t mode3_crtc[VGA_NR_CRTC] = {
	0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0x00,
	0x00, 0x00, 0x00, 0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff,
};
static const uint8_t mode3_seq[VGA_NR_SEQ] = { 0x03, 0x00, 0x03, 0x00, 0x02 };
static const uint8_t mode3_gc[VGA_NR_GC] = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0e, 0x0f, 0xff };
static const uint8_t mode3_attr[VGA_NR_ATTR] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3a,
	0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x0c, 0x00, 0x0f, 0x08, 0x00,
};

enum { CRTC_CURSOR_START = 0x0a, CRTC_START_HI = 0x0c, CRTC_START_LO = 0x0d,
       CRTC_CURSOR_HI = 0x0e, CRTC_CURSOR_LO = 0x0f, CRTC_VSYNC_END = 0x11 };

#define MISC_COLOR 0x01         /* CRTC at 0x3d4 (else 0x3b4) */
#define STATUS1_DISPLAY 0x01
#define STATUS1_VRETRACE 0x08

void vga__init(struct vga *v)
{
	memset(v, 0, sizeof(*v));
	v->s.version = VGA_STATE_VERSION;
	v->s.misc = 0x67;
	v->s.enable = 0x01;
	memcpy(v->s.crtc, mode3_crtc, sizeof(v->s.crtc));
	memcpy(v->s.seq, mode3_seq, sizeof(v->s.seq));
	memcpy(v->s.gc, mode3_gc, sizeof(v->s.gc));
	memcpy(v->s.attr, mode3_attr, sizeof(v->s.attr));
	v->s.attr_index = 0x20; /* palette address source: display on */
	v->s.pel_mask = 0xff;
	/*
	 * The DAC as a BIOS loads it for the text modes: entries 0-63 are the
	 * EGA's 64 colours (bits 0-2 blue, green, red at 2/3; bits 3-5 the
	 * same at 1/3), the rest black.
	 */
	for (int i = 0; i < 64; i++) {
		v->s.dac[i][0] = (uint8_t)((i >> 2 & 1) * 42 + (i >> 5 & 1) * 21);
		v->s.dac[i][1] = (uint8_t)((i >> 1 & 1) * 42 + (i >> 4 & 1) * 21);
		v->s.dac[i][2] = (uint8_t)((i & 1) * 42 + (i >> 3 & 1) * 21);
	}
}

static uint8_t crtc_io(struct vga *v, bool data, uint8_t value, bool is_write)
{
	if (!data) {
		if (is_write)
			v->s.crtc_index = value;
		return v->s.crtc_index;
	}
	if (v->s.crtc_index >= VGA_NR_CRTC) /* no such register */
		return 0xff;
	if (is_write) {
		/* CR11 bit 7 write-protects CR0-CR7, except CR7's line-compare bit */
		if ((v->s.crtc[CRTC_VSYNC_END] & 0x80) && v->s.crtc_index <= 7) {
			if (v->s.crtc_index == 7)
				v->s.crtc[7] = (uint8_t)((v->s.crtc[7] & ~0x10) | (value & 0x10));
			return 0;
		}
		v->s.crtc[v->s.crtc_index] = value;
	}
	return v->s.crtc[v->s.crtc_index];
}

static uint8_t dac_io(struct vga *v, uint16_t port, uint8_t value, bool is_write)
{
	switch (port) {
	case 0x3c6:
		if (is_write)
			v->s.pel_mask = value;
		return v->s.pel_mask;
	case 0x3c7:
		if (is_write) {
			v->s.dac_read_index = value;
			v->s.dac_component = 0;
			v->s.dac_reading = true;
			return 0;
		}
		return v->s.dac_reading ? 0x03 : 0x00;
	case 0x3c8:
		if (is_write) {
			v->s.dac_write_index = value;
			v->s.dac_component = 0;
			v->s.dac_reading = false;
		}
		return v->s.dac_write_index;
	default: { /* 0x3c9: three components per entry, then the next entry */
		uint8_t *idx = is_write ? &v->s.dac_write_index : &v->s.dac_read_index;
		uint8_t r;

		if (v->s.dac_component > 2)
			v->s.dac_component = 0;
		if (is_write)
			v->s.dac[*idx][v->s.dac_component] = value & 0x3f;
		r = v->s.dac[*idx][v->s.dac_component];
		if (++v->s.dac_component == 3) {
			v->s.dac_component = 0;
			(*idx)++;
		}
		return r;
	}
	}
}

static uint8_t read_status1(struct vga *v)
{
	v->s.attr_flipflop = false; /* reading input status 1 resets the flip-flop */
	v->s.status1 ^= STATUS1_DISPLAY | STATUS1_VRETRACE;
	return v->s.status1;
}

uint8_t vga__io(struct vga *v, uint16_t port, uint8_t value, bool is_write)
{
	bool color = v->s.misc & MISC_COLOR;

	switch (port) {
	case 0x3b4: case 0x3b5:
	case 0x3d4: case 0x3d5:
		if ((port >= 0x3d4) != color)
			return 0xff; /* the inactive address range */
		return crtc_io(v, port & 1, value, is_write);
	case 0x3ba: case 0x3da:
		if ((port == 0x3da) != color)
			return 0xff;
		if (is_write) {
			v->s.feature = value;
			return 0;
		}
		return read_status1(v);
	case 0x3c0:
		if (!is_write)
			return v->s.attr_index;
		if (!v->s.attr_flipflop)
			v->s.attr_index = value & 0x3f;
		else if ((v->s.attr_index & 0x1f) < VGA_NR_ATTR)
			v->s.attr[v->s.attr_index & 0x1f] = value;
		v->s.attr_flipflop = !v->s.attr_flipflop;
		return 0;
	case 0x3c1:
		if (is_write)
			return 0;
		return (v->s.attr_index & 0x1f) < VGA_NR_ATTR ? v->s.attr[v->s.attr_index & 0x1f] : 0;
	case 0x3c2:
		if (is_write)
			v->s.misc = value;
		return 0x10; /* input status 0: switch sense */
	case 0x3c3:
		if (is_write)
			v->s.enable = value & 1;
		return v->s.enable;
	case 0x3c4:
		if (is_write)
			v->s.seq_index = value;
		return v->s.seq_index;
	case 0x3c5:
		if (v->s.seq_index >= VGA_NR_SEQ)
			return 0xff;
		if (is_write)
			v->s.seq[v->s.seq_index] = value;
		return v->s.seq[v->s.seq_index];
	case 0x3c6: case 0x3c7: case 0x3c8: case 0x3c9:
		return dac_io(v, port, value, is_write);
	case 0x3ca:
		return is_write ? 0 : v->s.feature;
	case 0x3cc:
		return is_write ? 0 : v->s.misc;
	case 0x3ce:
		if (is_write)
			v->s.gc_index = value;
		return v->s.gc_index;
	case 0x3cf:
		if (v->s.gc_index >= VGA_NR_GC)
			return 0xff;
		if (is_write)
			v->s.gc[v->s.gc_index] = value;
		return v->s.gc[v->s.gc_index];
	default:
		return 0xff;
	}
}

/* the bus's view of this device: byte-wide registers */
static uint8_t vga_bus(void *opaque, uint16_t port, uint8_t value, bool is_write)
{
	return vga__io(opaque, port, value, is_write);
}

int vga__register(struct vga *v, struct bus *bus)
{
	static const struct { uint16_t base, len; } ranges[] = {
		{ 0x3b4, 2 }, { 0x3ba, 1 }, { 0x3c0, 16 }, { 0x3d4, 2 }, { 0x3da, 1 },
	};

	for (unsigned i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		int r = bus__register_bytes(bus, ranges[i].base, ranges[i].len, vga_bus, v, "vga");

		if (r)
			return r;
	}
	return 0;
}

uint16_t vga__start_address(const struct vga *v)
{
	return (uint16_t)(v->s.crtc[CRTC_START_HI] << 8 | v->s.crtc[CRTC_START_LO]);
}

uint16_t vga__cursor_address(const struct vga *v)
{
	return (uint16_t)(v->s.crtc[CRTC_CURSOR_HI] << 8 | v->s.crtc[CRTC_CURSOR_LO]);
}

bool vga__cursor_visible(const struct vga *v)
{
	uint8_t start, end;

	vga__cursor_shape(v, &start, &end);
	return !(v->s.crtc[CRTC_CURSOR_START] & 0x20) && start <= end;
}

void vga__mode(const struct vga *v, struct vga_mode *m)
{
	const uint8_t *crtc = v->s.crtc;
	static const uint32_t bases[4] = { 0xa0000, 0xa0000, 0xb0000, 0xb8000 };
	unsigned chars = crtc[1] + 1u;
	unsigned lines = (crtc[0x12] | (crtc[7] & 0x02) << 7 | (crtc[7] & 0x40) << 3) + 1u;
	unsigned per_row = (crtc[9] & 0x1f) + 1u;
	bool graphics = v->s.gc[6] & 0x01;

	memset(m, 0, sizeof(*m));
	m->base = bases[(v->s.gc[6] >> 2) & 3];
	if (crtc[9] & 0x80)
		lines /= 2; /* double scanning: every line shown twice */
	if (!graphics) {
		m->kind = VGA_KIND_TEXT;
		m->char_width = (v->s.seq[1] & 0x01) ? 8 : 9;
		m->char_height = per_row;
		m->cols = chars;
		m->rows = lines / per_row;
		m->width = chars * m->char_width;
		m->height = lines;
		return;
	}
	m->width = chars * 8;
	/* CGA interleave: the row's scan lines are other memory, not repeats */
	m->height = (crtc[0x17] & 0x01) ? lines / per_row : lines;
	if (v->s.attr[0x10] & 0x40) {
		m->kind = VGA_KIND_256;
		m->width /= 2; /* two dot clocks a pixel */
	} else if (v->s.gc[5] & 0x20) {
		m->kind = VGA_KIND_CGA4;
	} else if (!(crtc[0x17] & 0x01) && m->base == 0xb8000) {
		m->kind = VGA_KIND_CGA2;
	} else {
		m->kind = VGA_KIND_PLANAR;
	}
}

void vga__cursor_shape(const struct vga *v, uint8_t *start, uint8_t *end)
{
	*start = v->s.crtc[CRTC_CURSOR_START] & 0x1f;
	*end = v->s.crtc[CRTC_CURSOR_START + 1] & 0x1f;
}
