/* screen_test.c - unit tests for capture/screen.[ch] (text snapshot) and capture/cp437.[ch]. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "capture/cp437.h"
#include "capture/screen.h"
#include "hw/vga.h"

#define CELLS (VGA_TEXT_SIZE / 2)

static uint8_t vram[VGA_TEXT_SIZE];
static struct screen scr;

static int setup(void **state)
{
	(void)state;
	memset(vram, 0, sizeof(vram));
	memset(&scr, 0x5a, sizeof(scr));
	return 0;
}

/* put TEXT at cell CELL with attribute ATTR, as a guest writing 0xb8000 would */
static void put(unsigned cell, const char *text, uint8_t attr)
{
	for (; *text; text++, cell++) {
		vram[(cell % CELLS) * 2] = (uint8_t)*text;
		vram[(cell % CELLS) * 2 + 1] = attr;
	}
}

static void assert_row(int r, const char *want)
{
	char out[SCREEN_ROW_MAX];

	memset(out, 0x7e, sizeof(out));
	screen__row(&scr, r, out);
	assert_string_equal(out, want);
}

static void test_cp437_table(void **state)
{
	static const struct {
		uint8_t b;
		const char *utf8;
	} cases[] = {
		{ 'A', "A" }, { 'z', "z" }, { '0', "0" }, { ' ', " " }, { '~', "~" },
		{ '\\', "\\" }, { 0x00, " " }, { 0x01, "☺" }, { 0x02, "☻" }, { 0x03, "♥" },
		{ 0x0a, "◙" }, { 0x0d, "♪" }, { 0x1b, "←" }, { 0x1f, "▼" }, { 0x7f, "⌂" },
		{ 0x80, "Ç" }, { 0xb0, "░" }, { 0xb3, "│" }, { 0xc4, "─" }, { 0xc9, "╔" },
		{ 0xcd, "═" }, { 0xbb, "╗" }, { 0xc8, "╚" }, { 0xbc, "╝" }, { 0xdb, "█" },
		{ 0xe1, "ß" }, { 0xe3, "π" }, { 0xfb, "√" }, { 0xfe, "■" },
		{ 0xff, "\xc2\xa0" }, /* U+00A0 no-break space */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = cp437__utf8(cases[i].b);

		assert_non_null(got);
		if (strcmp(got, cases[i].utf8))
			fail_msg("cp437 0x%02x: \"%s\", want \"%s\"", cases[i].b, got,
				 cases[i].utf8);
	}
}

static void test_cp437_every_byte(void **state)
{
	(void)state;
	for (int b = 0; b < 256; b++) {
		const unsigned char *g = (const unsigned char *)cp437__utf8((uint8_t)b);
		size_t n;

		assert_non_null(g);
		n = strlen((const char *)g);
		if (n < 1 || n > 3)
			fail_msg("cp437 0x%02x: %zu bytes", b, n);
		/* one well-formed UTF-8 sequence, never a control character */
		if (n == 1 && (g[0] < 0x20 || g[0] >= 0x7f))
			fail_msg("cp437 0x%02x: byte 0x%02x", b, g[0]);
		if (n == 2 && ((g[0] & 0xe0) != 0xc0 || (g[1] & 0xc0) != 0x80))
			fail_msg("cp437 0x%02x: bad 2-byte sequence", b);
		if (n == 3 && ((g[0] & 0xf0) != 0xe0 || (g[1] & 0xc0) != 0x80 ||
			       (g[2] & 0xc0) != 0x80))
			fail_msg("cp437 0x%02x: bad 3-byte sequence", b);
		if (b >= 0x20 && b < 0x7f && (n != 1 || g[0] != b))
			fail_msg("cp437 0x%02x: printable ASCII changed", b);
	}
}

static void test_snapshot_cells(void **state)
{
	(void)state;
	put(0, "Hello", 0x07);
	put(1 * SCREEN_COLS + 3, "row one", 0x1f);
	put(SCREEN_ROWS * SCREEN_COLS - 5, "World", 0x4e); /* last cells */
	put(SCREEN_ROWS * SCREEN_COLS, "hidden", 0x07);    /* row 25: off screen */
	screen__snapshot(&scr, vram, 0, 0, true);

	assert_int_equal(scr.ch[0][0], 'H');
	assert_int_equal(scr.attr[0][0], 0x07);
	assert_int_equal(scr.ch[1][3], 'r');
	assert_int_equal(scr.attr[1][3], 0x1f);
	assert_int_equal(scr.ch[24][79], 'd');
	assert_int_equal(scr.attr[24][79], 0x4e);
	assert_int_equal(scr.ch[2][0], 0);
	assert_int_equal(scr.attr[2][0], 0);
	assert_row(0, "Hello");
	assert_row(1, "   row one");
	assert_row(2, "");
	assert_row(24, "                                        "
		       "                                   World");
	assert_true(scr.cursor_visible);
}

static void test_snapshot_start_offset(void **state)
{
	(void)state;
	put(0, "above the window", 0x07);
	put(2 * SCREEN_COLS, "first row", 0x07);
	put(2 * SCREEN_COLS + SCREEN_ROWS * SCREEN_COLS - 4, "last", 0x07);
	screen__snapshot(&scr, vram, 2 * SCREEN_COLS, 0, true);
	assert_row(0, "first row");
	assert_row(24, "                                        "
		       "                                    last");
	for (int r = 1; r < 24; r++)
		assert_row(r, "");

	/* a start that is not a multiple of the row length shifts the columns */
	screen__snapshot(&scr, vram, 6, 0, true);
	assert_row(0, "the window");
}

static void test_snapshot_wraps_in_window(void **state)
{
	(void)state;
	/* 40 cells before the end of the 32 KiB window, then its start */
	put(CELLS - 40, "tail of the window", 0x07);
	put(0, "head of the window", 0x70);
	put(SCREEN_COLS - 40, "row 1", 0x07);
	screen__snapshot(&scr, vram, CELLS - 40, 0, false);
	assert_row(0, "tail of the window                      head of the window");
	assert_int_equal(scr.attr[0][0], 0x07);
	assert_int_equal(scr.attr[0][40], 0x70);
	assert_row(1, "row 1");

	/* a start past the window wraps the same way as the CRTC's fetch */
	struct screen other;

	screen__snapshot(&other, vram, CELLS + 0, 0, false);
	assert_memory_equal(other.ch[0], "head of the window", 18);
	screen__snapshot(&other, vram, 0xffff, 0, false);
	assert_int_equal(other.ch[0][0], vram[(0xffff % CELLS) * 2]);
	assert_int_equal(other.ch[0][1], 'h');
}

static void test_cursor_position(void **state)
{
	static const struct {
		uint16_t start, cursor;
		int row, col;
	} cases[] = {
		{ 0, 0, 0, 0 },
		{ 0, 1, 0, 1 },
		{ 0, 79, 0, 79 },
		{ 0, 80, 1, 0 },
		{ 0, 81, 1, 1 },
		{ 0, 1999, 24, 79 },
		{ 0, 2000, -1, -1 },         /* just past the screen */
		{ 0, 0xffff, -1, -1 },
		{ 160, 160, 0, 0 },
		{ 160, 245, 1, 5 },
		{ 160, 100, -1, -1 },        /* above the window */
		{ 160, 2159, 24, 79 },
		{ 160, 2160, -1, -1 },
		{ 0xfff0, 0x0045, 1, 5 },    /* 16-bit cell addresses wrap */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		screen__snapshot(&scr, vram, cases[i].start, cases[i].cursor, true);
		if (scr.cursor_row != cases[i].row || scr.cursor_col != cases[i].col)
			fail_msg("start %u cursor %u: (%d,%d), want (%d,%d)", cases[i].start,
				 cases[i].cursor, scr.cursor_row, scr.cursor_col,
				 cases[i].row, cases[i].col);
	}
	screen__snapshot(&scr, vram, 0, 5, false);
	assert_false(scr.cursor_visible);
	assert_int_equal(scr.cursor_col, 5);
}

static void test_trailing_blanks_trimmed(void **state)
{
	static const uint8_t row0[] = { 'a', 'b', ' ', 0, ' ', 0 };
	static const uint8_t row1[] = { ' ', ' ', 'x' };
	static const uint8_t row2[] = { 'a', 0, 'b', ' ', 'c' };
	static const uint8_t row3[] = { 0xc9, 0xcd, 0xbb, ' ', 0x01 };

	(void)state;
	memset(&scr, 0, sizeof(scr));
	scr.cols = SCREEN_COLS;
	scr.rows = SCREEN_ROWS;
	memcpy(scr.ch[0], row0, sizeof(row0));
	memcpy(scr.ch[1], row1, sizeof(row1));
	memcpy(scr.ch[2], row2, sizeof(row2));
	memcpy(scr.ch[3], row3, sizeof(row3));
	memset(scr.ch[4], ' ', SCREEN_COLS);
	memset(scr.attr[4], 0x70, SCREEN_COLS); /* attributes don't make a cell non-blank */
	memset(scr.ch[5], 0xdb, SCREEN_COLS);
	scr.ch[6][SCREEN_COLS - 1] = '!';

	assert_row(0, "ab");
	assert_row(1, "  x");
	assert_row(2, "a b c");
	assert_row(3, "╔═╗ ☺");
	assert_row(4, "");
	assert_row(7, "");

	/* a full row of 3-byte glyphs fills SCREEN_ROW_MAX exactly */
	char out[SCREEN_ROW_MAX + 1];

	out[SCREEN_ROW_MAX] = 0x55;
	screen__row(&scr, 5, out);
	assert_int_equal(strlen(out), SCREEN_COLS * 3);
	assert_int_equal((uint8_t)out[SCREEN_ROW_MAX], 0x55);
	for (int c = 0; c < SCREEN_COLS; c++)
		assert_memory_equal(out + 3 * c, "█", 3);

	screen__row(&scr, 6, out);
	assert_int_equal(strlen(out), SCREEN_COLS);
	assert_int_equal(out[SCREEN_COLS - 1], '!');
	assert_int_equal(out[0], ' ');
}

static void test_rendering_from_vram(void **state)
{
	static const uint8_t box[] = { 0xc9, 0xcd, 0xcd, 0xbb, ' ', 0x01, 0x7f, 0xe1, 0xff };

	(void)state;
	for (size_t i = 0; i < sizeof(box); i++) {
		vram[i * 2] = box[i];
		vram[i * 2 + 1] = 0x1e;
	}
	screen__snapshot(&scr, vram, 0, 0, true);
	/* 0xff is not a blank in the trimming sense: it stays */
	assert_row(0, "╔══╗ ☺⌂ß\xc2\xa0");
}

static void test_null_vram_is_blank(void **state)
{
	(void)state;
	screen__snapshot(&scr, NULL, 123, 5, true);
	assert_true(screen__is_blank(&scr));
	for (int r = 0; r < SCREEN_ROWS; r++)
		assert_row(r, "");
	assert_int_equal(scr.cursor_row, -1);
	assert_int_equal(scr.cursor_col, -1);
	assert_false(scr.cursor_visible);
	for (int r = 0; r < SCREEN_ROWS; r++)
		for (int c = 0; c < SCREEN_COLS; c++)
			assert_int_equal(scr.attr[r][c], 0);
}

static void test_is_blank(void **state)
{
	(void)state;
	screen__snapshot(&scr, vram, 0, 0, true);
	assert_true(screen__is_blank(&scr));

	/* spaces with any attribute are blank, NULs too */
	for (unsigned cell = 0; cell < CELLS; cell += 2) {
		vram[cell * 2] = ' ';
		vram[cell * 2 + 1] = 0x4f;
	}
	screen__snapshot(&scr, vram, 0, 0, true);
	assert_true(screen__is_blank(&scr));

	/* one glyph anywhere on screen is not */
	static const unsigned cells[] = { 0, 79, 80, 1000, 1999 };

	for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
		uint8_t old = vram[cells[i] * 2];

		vram[cells[i] * 2] = '.';
		screen__snapshot(&scr, vram, 0, 0, true);
		if (screen__is_blank(&scr))
			fail_msg("'.' at cell %u: screen is blank", cells[i]);
		vram[cells[i] * 2] = old;
	}

	/* but a glyph outside the 80x25 window does not count */
	vram[2000 * 2] = '#';
	screen__snapshot(&scr, vram, 0, 0, true);
	assert_true(screen__is_blank(&scr));
	screen__snapshot(&scr, vram, 80, 0, true);
	assert_false(screen__is_blank(&scr));
}

/* The colors text: runs per row, read back exactly; anything else refused. */
static void test_colors_text_round_trip(void **state)
{
	struct screen s, back;
	char *t;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.cols = 80;
	s.rows = 25;
	memset(s.attr, 0x07, sizeof(s.attr));
	assert_true(screen__colors_default(&s));
	memset(s.attr[2], 0x1f, 44);
	s.attr[24][79] = 0x8e;
	assert_false(screen__colors_default(&s));
	t = screen__colors_text(&s);
	assert_non_null(t);
	assert_non_null(strstr(t, "00|07*80\n"));
	assert_non_null(strstr(t, "02|1f*44 07*36\n"));
	assert_non_null(strstr(t, "24|07*79 8e*1\n"));
	assert_int_equal(screen__colors_parse(t, strlen(t), &back), 0);
	assert_int_equal(back.rows, 25);
	assert_int_equal(back.cols, 80);
	assert_memory_equal(back.attr, s.attr, 25 * sizeof(s.attr[0]));
	/* not the format: a row short, a run too long, a bad digit, trailing text */
	t[strlen(t) - 1] = 'x';
	assert_int_equal(screen__colors_parse(t, strlen(t), &back), -1);
	free(t);
	/* a 40-column screen of two rows reads back as that */
	static const char two[] = "00|07*40\n01|1f*2 07*38\n";

	assert_int_equal(screen__colors_parse(two, strlen(two), &back), 0);
	assert_int_equal(back.rows, 2);
	assert_int_equal(back.cols, 40);
	assert_int_equal(back.attr[1][1], 0x1f);
	static const char *const bad[] = { "00|07*80", "00|07*81\n", "00|0g*80\n", "",
					   "00|07*80\n01|07*40\n", "01|07*80\n" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (screen__colors_parse(bad[i], strlen(bad[i]), &back) != -1)
			fail_msg("\"%s\" was taken", bad[i]);
}

static void test_cursor_text(void **state)
{
	struct screen s = { .cursor_row = 4, .cursor_col = 22, .cursor_visible = true,
			    .cursor_start = 13, .cursor_end = 14 };
	char buf[80];

	(void)state;
	screen__cursor_text(&s, buf, sizeof(buf));
	assert_string_equal(buf, "row 4, column 22, scan lines 13-14");
	s.cursor_visible = false;
	screen__cursor_text(&s, buf, sizeof(buf));
	assert_string_equal(buf, "row 4, column 22, scan lines 13-14, hidden");
	s.cursor_row = s.cursor_col = -1;
	screen__cursor_text(&s, buf, sizeof(buf));
	assert_string_equal(buf, "off screen, hidden");
}

/*
 * screen__colors_parse reads LEN bytes and not one more: a text ending in
 * the digits of a count, right before memory that cannot be read (the end
 * of a mapping, a buffer that is not NUL-terminated), is refused, not read
 * past.
 */
static void test_colors_parse_reads_only_len(void **state)
{
	static const char *const texts[] = { "00|07*8", "00|07*80", "00|07*80\n01|07*1" };
	long page = sysconf(_SC_PAGESIZE);
	uint8_t *map = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct screen s;

	(void)state;
	assert_true(map != MAP_FAILED);
	assert_int_equal(mprotect(map + page, (size_t)page, PROT_NONE), 0);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		size_t len = strlen(texts[i]);
		char *at = (char *)map + page - len;

		memcpy(at, texts[i], len);
		assert_int_equal(screen__colors_parse(at, len, &s), -1);
	}
	/* and one that ends in its newline right there still reads */
	memcpy(map + page - 9, "00|07*80\n", 9);
	assert_int_equal(screen__colors_parse((char *)map + page - 9, 9, &s), 0);
	assert_int_equal(s.cols, 80);
	munmap(map, (size_t)page * 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_colors_text_round_trip),
		cmocka_unit_test(test_colors_parse_reads_only_len),
		cmocka_unit_test(test_cursor_text),
		cmocka_unit_test_setup(test_cp437_table, setup),
		cmocka_unit_test_setup(test_cp437_every_byte, setup),
		cmocka_unit_test_setup(test_snapshot_cells, setup),
		cmocka_unit_test_setup(test_snapshot_start_offset, setup),
		cmocka_unit_test_setup(test_snapshot_wraps_in_window, setup),
		cmocka_unit_test_setup(test_cursor_position, setup),
		cmocka_unit_test_setup(test_trailing_blanks_trimmed, setup),
		cmocka_unit_test_setup(test_rendering_from_vram, setup),
		cmocka_unit_test_setup(test_null_vram_is_blank, setup),
		cmocka_unit_test_setup(test_is_blank, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
