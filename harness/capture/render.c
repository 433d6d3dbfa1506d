/* render.c - a text screen drawn as a VGA shows it, with the font of the VGA BIOS the run used. */
#include "capture/render.h"

#include "capture/cp437.h" // cp437__utf8

#include <stdio.h>  // sscanf
#include <stdlib.h> // malloc
#include <string.h> // memcmp, memset

/* The IBM 8x16 'A': how the font is recognised in a ROM. */
static const uint8_t glyph_A[FONT_HEIGHT] = { 0x00, 0x00, 0x10, 0x38, 0x6c, 0xc6, 0xc6, 0xfe,
					      0xc6, 0xc6, 0xc6, 0xc6, 0x00, 0x00, 0x00, 0x00 };

const uint8_t *render__find_font(const uint8_t *rom, size_t len)
{
	const size_t table = FONT_GLYPHS * FONT_HEIGHT, a = 'A' * FONT_HEIGHT;

	for (size_t i = a; rom && i + FONT_HEIGHT <= len && i - a + table <= len; i++) {
		const uint8_t *base = rom + i - a;
		bool blank = true, block = true;

		if (memcmp(rom + i, glyph_A, FONT_HEIGHT))
			continue;
		for (int k = 0; k < FONT_HEIGHT; k++) {
			blank &= base[k] == 0;
			block &= base[0xdb * FONT_HEIGHT + k] == 0xff;
		}
		if (blank && block)
			return base;
	}
	return NULL;
}

/* Colour C (0-15) of the text palette as RGB: attribute palette, then the DAC. */
static void colour(const struct vga_state *v, uint8_t c, uint8_t *rgb)
{
	uint8_t pal = v->attr[c & 0x0f & v->attr[0x12]];
	uint8_t sel = v->attr[0x14];
	uint8_t index = (v->attr[0x10] & 0x80) ? (uint8_t)((sel & 0x0f) << 4 | (pal & 0x0f))
					       : (uint8_t)((sel & 0x0c) << 4 | (pal & 0x3f));

	index &= v->pel_mask;
	for (int i = 0; i < 3; i++) {
		uint8_t k = v->dac[index][i] & 0x3f;

		rgb[i] = (uint8_t)(k << 2 | (k & 1) << 1 | (k & 1));
	}
}

int render__text(struct picture *p, const struct screen *s, const struct vga_state *v,
		 const uint8_t *font)
{
	const unsigned cw = 9, ch = FONT_HEIGHT, sx = s->cols <= 40 ? 2 : 1;
	bool line_graphics = v->attr[0x10] & 0x04, blink = v->attr[0x10] & 0x08;

	p->width = (unsigned)s->cols * cw * sx;
	p->height = (unsigned)s->rows * ch;
	p->rgb = malloc((size_t)p->width * p->height * 3);
	if (!p->rgb)
		return -1;
	for (int r = 0; r < s->rows; r++) {
		for (int c = 0; c < s->cols; c++) {
			uint8_t a = s->attr[r][c], g = s->ch[r][c], fg[3], bg[3];
			bool cursor = s->cursor_visible && r == s->cursor_row && c == s->cursor_col;

			colour(v, a & 0x0f, fg);
			colour(v, blink ? (a >> 4) & 0x07 : a >> 4, bg);
			for (unsigned y = 0; y < ch; y++) {
				uint8_t bits = font[g * FONT_HEIGHT + y];
				bool ninth = line_graphics && g >= 0xc0 && g <= 0xdf && (bits & 1);
				bool in_cursor = cursor && y >= s->cursor_start && y <= s->cursor_end;

				for (unsigned x = 0; x < cw; x++) {
					bool on = in_cursor || (x < 8 ? (bits >> (7 - x)) & 1 : ninth);
					const uint8_t *rgb = on ? fg : bg;

					for (unsigned d = 0; d < sx; d++) {
						size_t px = ((size_t)(r * (int)ch + (int)y) * p->width +
							     ((size_t)c * cw + x) * sx + d) * 3;

						memcpy(p->rgb + px, rgb, 3);
					}
				}
			}
		}
	}
	return 0;
}

/* The code page 437 byte whose UTF-8 spelling starts *P (advanced past it); '?' when none. */
static uint8_t from_utf8(const char **p)
{
	for (int b = 0; b < 256; b++) {
		const char *g = cp437__utf8((uint8_t)b);
		size_t n = strlen(g);

		if (n && !strncmp(*p, g, n)) {
			*p += n;
			return (uint8_t)b;
		}
	}
	(*p)++;
	return '?';
}

int render__captures(struct picture *p, const char *screen, const char *colors,
		     const char *cursor, const uint8_t *font)
{
	static struct screen s;
	struct vga v;
	const char *t = screen;
	int r = 0;

	memset(&s, 0, sizeof(s));
	memset(p, 0, sizeof(*p));
	s.cols = SCREEN_COLS;
	s.rows = SCREEN_ROWS;
	memset(s.attr, SCREEN_DEFAULT_ATTR, sizeof(s.attr));
	if (colors && colors[0] && screen__colors_parse(colors, strlen(colors), &s) < 0)
		return -1;
	while (t && *t && r < SCREEN_MAX_ROWS) {
		const char *nl = strchr(t, '\n');
		const char *end = nl ? nl : t + strlen(t);
		int c = 0;

		while (t < end && c < SCREEN_MAX_COLS)
			s.ch[r][c++] = from_utf8(&t);
		t = nl ? nl + 1 : end;
		r++;
	}
	if (!colors || !colors[0])
		s.rows = r > SCREEN_ROWS ? r : SCREEN_ROWS;
	s.cursor_row = s.cursor_col = -1;
	if (cursor) {
		unsigned row, col, start, end;
		int n = 0;

		if (sscanf(cursor, "row %u, column %u, scan lines %u-%u%n", &row, &col, &start, &end,
			   &n) == 4 && row < (unsigned)s.rows && col < (unsigned)s.cols) {
			s.cursor_row = (int)row;
			s.cursor_col = (int)col;
			s.cursor_start = (uint8_t)(start & 0x1f);
			s.cursor_end = (uint8_t)(end & 0x1f);
			s.cursor_visible = strncmp(cursor + n, ", hidden", 8) != 0;
		}
	}
	vga__init(&v);
	return render__text(p, &s, &v.s, font);
}
