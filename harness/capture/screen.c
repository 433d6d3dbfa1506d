/* screen.c - the 80x25 text screen as the guest left it, and its UTF-8 rendering. */
#include "capture/screen.h"

#include <ctype.h>  // isxdigit, isdigit
#include <stdio.h>  // snprintf
#include <stdlib.h> // malloc, strtoul
#include <string.h> // memcpy, memset, strlen

#include "capture/cp437.h" // cp437__utf8
#include "hw/vga.h"        // VGA_TEXT_SIZE

void screen__snapshot(struct screen *s, const uint8_t *vram, uint16_t start,
		      uint16_t cursor, bool cursor_visible)
{
	const unsigned cells = VGA_TEXT_SIZE / 2;

	memset(s, 0, sizeof(*s));
	s->cursor_row = s->cursor_col = -1;
	if (!vram) /* no RAM behind the text window: a blank screen */
		return;
	for (int r = 0; r < SCREEN_ROWS; r++) {
		for (int c = 0; c < SCREEN_COLS; c++) {
			unsigned cell = (start + (unsigned)(r * SCREEN_COLS + c)) % cells;

			s->ch[r][c] = vram[cell * 2];
			s->attr[r][c] = vram[cell * 2 + 1];
		}
	}
	unsigned rel = (uint16_t)(cursor - start);

	if (rel < SCREEN_ROWS * SCREEN_COLS) {
		s->cursor_row = (int)(rel / SCREEN_COLS);
		s->cursor_col = (int)(rel % SCREEN_COLS);
	} else {
		s->cursor_row = s->cursor_col = -1;
	}
	s->cursor_visible = cursor_visible;
}

static bool blank(uint8_t ch)
{
	return ch == ' ' || ch == 0;
}

void screen__row(const struct screen *s, int r, char *out)
{
	int last = SCREEN_COLS - 1;
	size_t off = 0;

	while (last >= 0 && blank(s->ch[r][last]))
		last--;
	for (int c = 0; c <= last; c++) {
		const char *g = cp437__utf8(s->ch[r][c]);
		size_t n = strlen(g);

		memcpy(out + off, g, n);
		off += n;
	}
	out[off] = '\0';
}

bool screen__is_blank(const struct screen *s)
{
	for (int r = 0; r < SCREEN_ROWS; r++)
		for (int c = 0; c < SCREEN_COLS; c++)
			if (!blank(s->ch[r][c]))
				return false;
	return true;
}

char *screen__colors_text(const struct screen *s)
{
	/* per row: "RR|", at most 80 runs of "AA*NN ", newline */
	char *text = malloc((size_t)SCREEN_ROWS * (3 + SCREEN_COLS * 6 + 1) + 1);
	size_t off = 0;

	if (!text)
		return NULL;
	for (int r = 0; r < SCREEN_ROWS; r++) {
		off += (size_t)sprintf(text + off, "%02d|", r);
		for (int c = 0; c < SCREEN_COLS;) {
			int n = 1;

			while (c + n < SCREEN_COLS && s->attr[r][c + n] == s->attr[r][c])
				n++;
			off += (size_t)sprintf(text + off, "%s%02x*%d", c ? " " : "", s->attr[r][c], n);
			c += n;
		}
		text[off++] = '\n';
	}
	text[off] = '\0';
	return text;
}

int screen__colors_parse(const char *text, size_t len, uint8_t attr[SCREEN_ROWS][SCREEN_COLS])
{
	const char *p = text, *end = text + len;

	for (int r = 0; r < SCREEN_ROWS; r++) {
		char want[4];
		int c = 0;

		snprintf(want, sizeof(want), "%02d|", r);
		if (end - p < 3 || memcmp(p, want, 3) != 0)
			return -1;
		p += 3;
		while (c < SCREEN_COLS) {
			char *stop;
			unsigned long a, n;

			if (c && (p >= end || *p++ != ' '))
				return -1;
			if (end - p < 4 || !isxdigit((unsigned char)p[0]) || !isxdigit((unsigned char)p[1]) ||
			    p[2] != '*' || !isdigit((unsigned char)p[3]))
				return -1;
			a = strtoul(p, NULL, 16);
			n = strtoul(p + 3, &stop, 10);
			if (stop > end || n == 0 || n > (unsigned long)(SCREEN_COLS - c))
				return -1;
			memset(&attr[r][c], (int)a, n);
			c += (int)n;
			p = stop;
		}
		if (p >= end || *p++ != '\n')
			return -1;
	}
	return p == end ? 0 : -1;
}

bool screen__colors_default(const struct screen *s)
{
	for (int r = 0; r < SCREEN_ROWS; r++)
		for (int c = 0; c < SCREEN_COLS; c++)
			if (s->attr[r][c] != SCREEN_DEFAULT_ATTR)
				return false;
	return true;
}

void screen__cursor_text(const struct screen *s, char *out, size_t len)
{
	if (s->cursor_row < 0) {
		snprintf(out, len, "off screen%s", s->cursor_visible ? "" : ", hidden");
		return;
	}
	snprintf(out, len, "row %d, column %d, scan lines %u-%u%s", s->cursor_row, s->cursor_col,
		 s->cursor_start, s->cursor_end, s->cursor_visible ? "" : ", hidden");
}
