/* graphics.c - the picture a VGA graphics mode shows, from its memory and palettes. */
#include "capture/graphics.h"

#include <stdio.h>  // snprintf
#include <stdlib.h> // malloc
#include <string.h> // memset

/*
 * A DAC entry's 6-bit components as 8-bit RGB: shifted up two bits, with
 * the lowest bit copied into the two new ones (0 -> 0, 63 -> 255), as
 * QEMU's VGA does, so pictures compare equal with its screendump.
 */
static void dac_rgb(const struct vga_state *v, uint8_t index, uint8_t *out)
{
	for (int i = 0; i < 3; i++) {
		uint8_t c = v->dac[index][i] & 0x3f;

		out[i] = (uint8_t)(c << 2 | (c & 1) << 1 | (c & 1));
	}
}

/*
 * A 4-bit pixel through the attribute controller to a DAC index: colour
 * plane enable, the palette register, then the colour select bits (with
 * P5/P4 from colour select when mode control bit 7 says so).
 */
static uint8_t attr_index(const struct vga_state *v, uint8_t pixel)
{
	uint8_t pal = v->attr[pixel & v->attr[0x12] & 0x0f];
	uint8_t sel = v->attr[0x14];

	if (v->attr[0x10] & 0x80)
		return (uint8_t)((sel & 0x0c) << 4 | (sel & 0x03) << 4 | (pal & 0x0f));
	return (uint8_t)((sel & 0x0c) << 4 | (pal & 0x3f));
}

int graphics__capture(struct picture *p, const struct vga_state *v,
		      const struct vga_mode *m, const uint8_t *window)
{
	size_t off = m->base - 0xa0000;

	memset(p, 0, sizeof(*p));
	if (m->kind == VGA_KIND_TEXT || m->kind == VGA_KIND_PLANAR || m->width == 0 ||
	    m->height == 0 || m->width > PICTURE_MAX_SIDE || m->height > PICTURE_MAX_SIDE ||
	    m->base < 0xa0000)
		return -1;
	/* the bytes the mode reads, all inside the window */
	size_t need = m->kind == VGA_KIND_256 ? (size_t)m->width * m->height :
		      m->kind == VGA_KIND_CGA4 ? 0x2000 + (size_t)((m->height + 1) / 2) * (m->width / 4) :
						 0x2000 + (size_t)((m->height + 1) / 2) * (m->width / 8);
	if (off + need > GRAPHICS_WINDOW)
		return -1;
	p->rgb = malloc((size_t)m->width * m->height * 3);
	if (!p->rgb)
		return -1;
	p->width = m->width;
	p->height = m->height;
	const uint8_t *mem = window + off;

	for (unsigned y = 0; y < m->height; y++) {
		for (unsigned x = 0; x < m->width; x++) {
			uint8_t index, b;

			switch (m->kind) {
			case VGA_KIND_256:
				index = mem[(size_t)y * m->width + x] & v->pel_mask;
				break;
			case VGA_KIND_CGA4:
				b = mem[(y & 1) * 0x2000 + (y >> 1) * (m->width / 4) + x / 4];
				index = attr_index(v, (uint8_t)(b >> (6 - 2 * (x % 4)) & 3));
				break;
			default: /* VGA_KIND_CGA2 */
				b = mem[(y & 1) * 0x2000 + (y >> 1) * (m->width / 8) + x / 8];
				index = attr_index(v, (uint8_t)(b >> (7 - x % 8) & 1));
				break;
			}
			if (m->kind != VGA_KIND_256)
				index &= v->pel_mask;
			dac_rgb(v, index, p->rgb + ((size_t)y * m->width + x) * 3);
		}
	}
	return 0;
}

void graphics__describe(const struct vga_mode *m, char *buf, size_t len)
{
	switch (m->kind) {
	case VGA_KIND_256:
		snprintf(buf, len, "graphics %ux%u, 256 colours", m->width, m->height);
		break;
	case VGA_KIND_CGA4:
		snprintf(buf, len, "graphics %ux%u, 4 colours (CGA)", m->width, m->height);
		break;
	case VGA_KIND_CGA2:
		snprintf(buf, len, "graphics %ux%u, 2 colours (CGA)", m->width, m->height);
		break;
	case VGA_KIND_PLANAR:
		snprintf(buf, len, "graphics %ux%u, 16 colours (planar: not captured)", m->width,
			 m->height);
		break;
	default:
		snprintf(buf, len, "text %ux%u", m->cols, m->rows);
		break;
	}
}
