/* graphics_test.c - unit tests for pictures of graphics modes (harness/capture/graphics.[ch]) and their PNG files (png.[ch]). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "capture/graphics.h"
#include "capture/png.h"
#include "capture/render.h"

static uint8_t window[GRAPHICS_WINDOW];

static const uint8_t *px(const struct picture *p, unsigned x, unsigned y)
{
	return p->rgb + ((size_t)y * p->width + x) * 3;
}

static void assert_rgb(const uint8_t *c, uint8_t r, uint8_t g, uint8_t b)
{
	if (c[0] != r || c[1] != g || c[2] != b)
		fail_msg("#%02x%02x%02x, want #%02x%02x%02x", c[0], c[1], c[2], r, g, b);
}

/* 6-bit DAC components widened as QEMU does: v << 2, the low bit twice below. */
static void test_palette_conversion(void **state)
{
	struct vga v;
	struct vga_mode m = { .kind = VGA_KIND_256, .width = 4, .height = 1, .base = 0xa0000 };
	struct picture p;

	(void)state;
	vga__init(&v);
	v.s.pel_mask = 0xff;
	memset(window, 0, sizeof(window));
	static const uint8_t comps[4][3] = { { 0, 0, 0 }, { 1, 2, 3 }, { 0x15, 0x2a, 0x3e }, { 63, 63, 63 } };

	for (int i = 0; i < 4; i++) {
		memcpy(v.s.dac[10 + i], comps[i], 3);
		window[i] = (uint8_t)(10 + i);
	}
	assert_int_equal(graphics__capture(&p, &v.s, &m, window), 0);
	assert_rgb(px(&p, 0, 0), 0x00, 0x00, 0x00);
	assert_rgb(px(&p, 1, 0), 0x07, 0x08, 0x0f);
	assert_rgb(px(&p, 2, 0), 0x57, 0xa8, 0xf8);
	assert_rgb(px(&p, 3, 0), 0xff, 0xff, 0xff);
	picture__free(&p);
	/* the pel mask applies to the pixel before the DAC */
	v.s.pel_mask = 0x0f;
	window[0] = 0x1b; /* -> 0x0b */
	memcpy(v.s.dac[0x0b], comps[3], 3);
	assert_int_equal(graphics__capture(&p, &v.s, &m, window), 0);
	assert_rgb(px(&p, 0, 0), 0xff, 0xff, 0xff);
	picture__free(&p);
}

/* Mode 4: even lines from 0xb8000, odd from 0xba000, 4 pixels a byte, through the attribute palette. */
static void test_cga4_layout(void **state)
{
	struct vga v;
	struct vga_mode m = { .kind = VGA_KIND_CGA4, .width = 320, .height = 200, .base = 0xb8000 };
	struct picture p;
	uint8_t *cga = window + 0x18000;

	(void)state;
	vga__init(&v);
	v.s.pel_mask = 0xff;
	v.s.attr[0x10] = 0x01;
	v.s.attr[0x12] = 0x03;
	v.s.attr[0x14] = 0x00;
	for (int i = 0; i < 4; i++) {
		v.s.attr[i] = (uint8_t)(0x20 + i);      /* palette register: DAC index */
		v.s.dac[0x20 + i][0] = (uint8_t)(i * 20);
	}
	memset(window, 0, sizeof(window));
	cga[0] = 0x1b;             /* line 0: pixels 0 1 2 3 */
	cga[0x2000 + 80] = 0xc0;   /* line 3 (odd, the second of its bank): pixel 0 = 3 */
	assert_int_equal(graphics__capture(&p, &v.s, &m, window), 0);
	for (unsigned x = 0; x < 4; x++)
		assert_int_equal(px(&p, x, 0)[0], (x * 20) << 2);
	assert_int_equal(px(&p, 0, 3)[0], (3 * 20) << 2);
	assert_int_equal(px(&p, 0, 1)[0], 0);
	assert_int_equal(px(&p, 0, 2)[0], 0);
	picture__free(&p);
}

/* Mode 6: one bit a pixel, MSB first. */
static void test_cga2_layout(void **state)
{
	struct vga v;
	struct vga_mode m = { .kind = VGA_KIND_CGA2, .width = 640, .height = 200, .base = 0xb8000 };
	struct picture p;

	(void)state;
	vga__init(&v);
	v.s.pel_mask = 0xff;
	v.s.attr[0x10] = 0x01;
	v.s.attr[0x12] = 0x01;
	v.s.attr[0] = 0x00;
	v.s.attr[1] = 0x3f;
	memset(v.s.dac[0x3f], 63, 3);
	memset(window, 0, sizeof(window));
	window[0x18000 + 0x2000] = 0x81; /* line 1: pixels 0 and 7 */
	assert_int_equal(graphics__capture(&p, &v.s, &m, window), 0);
	assert_rgb(px(&p, 0, 1), 0xff, 0xff, 0xff);
	assert_rgb(px(&p, 7, 1), 0xff, 0xff, 0xff);
	assert_rgb(px(&p, 1, 1), 0, 0, 0);
	assert_rgb(px(&p, 0, 0), 0, 0, 0);
	picture__free(&p);
}

/* Planar modes and text are not pictures; a mode reaching past the window is refused. */
static void test_not_captured(void **state)
{
	struct vga v;
	struct picture p;
	struct vga_mode planar = { .kind = VGA_KIND_PLANAR, .width = 640, .height = 480, .base = 0xa0000 };
	struct vga_mode text = { .kind = VGA_KIND_TEXT, .cols = 80, .rows = 25, .base = 0xb8000 };
	struct vga_mode huge = { .kind = VGA_KIND_256, .width = 640, .height = 400, .base = 0xa0000 };
	char desc[80];

	(void)state;
	vga__init(&v);
	assert_int_equal(graphics__capture(&p, &v.s, &planar, window), -1);
	assert_null(p.rgb);
	assert_int_equal(graphics__capture(&p, &v.s, &text, window), -1);
	assert_int_equal(graphics__capture(&p, &v.s, &huge, window), -1);
	graphics__describe(&planar, desc, sizeof(desc));
	assert_string_equal(desc, "graphics 640x480, 16 colours (planar: not captured)");
}

/* What png__write writes, png__read reads back pixel for pixel. */
static void test_png_round_trip(void **state)
{
	struct picture p = { .width = 7, .height = 5 }, back;
	char path[64];

	(void)state;
	p.rgb = malloc(7 * 5 * 3);
	assert_non_null(p.rgb);
	for (size_t i = 0; i < 7 * 5 * 3; i++)
		p.rgb[i] = (uint8_t)(i * 37);
	snprintf(path, sizeof(path), "/tmp/graphics_test.%d.png", (int)getpid());
	assert_int_equal(png__write(path, &p), 0);
	assert_int_equal(png__read(path, &back), 0);
	assert_int_equal(back.width, 7);
	assert_int_equal(back.height, 5);
	assert_memory_equal(back.rgb, p.rgb, 7 * 5 * 3);
	picture__free(&back);
	/* not a PNG: refused, nothing returned */
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs("not a png", f);
	fclose(f);
	assert_int_equal(png__read(path, &back), -1);
	assert_null(back.rgb);
	unlink(path);
	picture__free(&p);
}

/* A font of 256 glyphs: the IBM 'A', a blank 0, a full DBh, and C4h (a line) and 41h... */
static uint8_t rom[0x4000];

static const uint8_t *make_font(void)
{
	static const uint8_t A[16] = { 0, 0, 0x10, 0x38, 0x6c, 0xc6, 0xc6, 0xfe,
				       0xc6, 0xc6, 0xc6, 0xc6, 0, 0, 0, 0 };
	uint8_t *font = rom + 0x1000; /* somewhere inside the ROM */

	memset(rom, 0x5a, sizeof(rom));
	memset(font, 0, 256 * 16);
	memcpy(font + 'A' * 16, A, 16);
	memset(font + 0xdb * 16, 0xff, 16);
	font[0xc4 * 16 + 7] = 0xff;  /* a horizontal line: its ninth dot follows */
	font['-' * 16 + 7] = 0xff;   /* the same bits outside C0h-DFh: no ninth dot */
	return font;
}

/* The font is found in a ROM by its 'A', checked by glyph 0 and DBh. */
static void test_find_font(void **state)
{
	const uint8_t *font = make_font();

	(void)state;
	assert_ptr_equal(render__find_font(rom, sizeof(rom)), font);
	rom[0x1000 + 0xdb * 16 + 3] = 0; /* not a full block: not the font */
	assert_null(render__find_font(rom, sizeof(rom)));
	assert_null(render__find_font(rom, 100));
	assert_null(render__find_font(NULL, 0));
}

/* Glyphs drawn dot for dot from the font's bytes, in 9x16 cells, with the ninth-column rule and the cursor. */
static void test_render_glyphs(void **state)
{
	const uint8_t *font = make_font();
	struct vga v;
	struct screen s;
	struct picture p;

	(void)state;
	vga__init(&v);
	memset(&s, 0, sizeof(s));
	s.cols = 80;
	s.rows = 25;
	s.ch[0][0] = 'A';
	s.attr[0][0] = 0x1e;       /* yellow on blue */
	s.ch[1][0] = 0xc4;
	s.attr[1][0] = 0x07;
	s.ch[1][1] = '-';
	s.attr[1][1] = 0x07;
	s.ch[2][0] = 'A';
	s.attr[2][0] = 0x8e;       /* blink: shown steady, background black */
	s.attr[3][2] = 0x07;
	s.cursor_row = 3;
	s.cursor_col = 2;
	s.cursor_visible = true;
	s.cursor_start = 13;
	s.cursor_end = 14;
	assert_int_equal(render__text(&p, &s, &v.s, font), 0);
	assert_int_equal(p.width, 720);
	assert_int_equal(p.height, 400);
	/* 'A' in cell (0,0), dot for dot: yellow where the font has a bit, blue elsewhere */
	for (unsigned y = 0; y < 16; y++)
		for (unsigned x = 0; x < 9; x++) {
			bool on = x < 8 && (font['A' * 16 + y] >> (7 - x) & 1);

			if (on)
				assert_rgb(px(&p, x, y), 0xff, 0xff, 0x57);
			else
				assert_rgb(px(&p, x, y), 0x00, 0x00, 0xa8);
		}
	/* the ninth column: C4h continues its line, '-' does not */
	assert_rgb(px(&p, 8, 16 + 7), 0xa8, 0xa8, 0xa8);
	assert_rgb(px(&p, 9 + 8, 16 + 7), 0, 0, 0);
	/* blink shown steady: yellow 'A' on black */
	assert_rgb(px(&p, 0, 32 + 5), 0xff, 0xff, 0x57); /* font row 5: 0xc6, dot 0 */
	assert_rgb(px(&p, 0, 32), 0, 0, 0);
	/* the cursor: scan lines 13-14 of cell (3,2), in the cell's foreground (07) */
	assert_rgb(px(&p, 2 * 9 + 4, 3 * 16 + 13), 0xa8, 0xa8, 0xa8);
	assert_rgb(px(&p, 2 * 9 + 4, 3 * 16 + 12), 0, 0, 0);
	picture__free(&p);
	/* 40 columns: the same 720 dots, every one doubled */
	s.cols = 40;
	assert_int_equal(render__text(&p, &s, &v.s, font), 0);
	assert_int_equal(p.width, 720);
	assert_rgb(px(&p, 2 * 3 + 1, 3), 0xff, 0xff, 0x57); /* font row 3: 0x38, dot 3 */
	picture__free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_palette_conversion),
		cmocka_unit_test(test_cga4_layout),
		cmocka_unit_test(test_cga2_layout),
		cmocka_unit_test(test_not_captured),
		cmocka_unit_test(test_png_round_trip),
		cmocka_unit_test(test_find_font),
		cmocka_unit_test(test_render_glyphs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
