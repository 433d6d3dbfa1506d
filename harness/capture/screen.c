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
	screen__snapshot_size(s, vram, start, cursor, cursor_visible, SCREEN_COLS, SCREEN_ROWS);
}

void screen__snapshot_size(struct screen *s, const uint8_t *vram, uint16_t start,
			   uint16_t cursor, bool cursor_visible, int cols, int rows)
{
	const unsigned cells = VGA_TEXT_SIZE / 2;

	memset(s, 0, sizeof(*s));
	s->cols = cols < 1 ? 1 : cols > SCREEN_MAX_COLS ? SCREEN_MAX_COLS : cols;
	s->rows = rows < 1 ? 1 : rows > SCREEN_MAX_ROWS ? SCREEN_MAX_ROWS : rows;
	s->cursor_row = s->cursor_col = -1;
	if (!vram) /* no RAM behind the text window: a blank screen */
		return;
	for (int r = 0; r < s->rows; r++) {
		for (int c = 0; c < s->cols; c++) {
			unsigned cell = (start + (unsigned)(r * s->cols + c)) % cells;

			s->ch[r][c] = vram[cell * 2];
			s->attr[r][c] = vram[cell * 2 + 1];
		}
	}
	unsigned rel = (uint16_t)(cursor - start);

	if (rel < (unsigned)(s->rows * s->cols)) {
		s->cursor_row = (int)(rel / (unsigned)s->cols);
		s->cursor_col = (int)(rel % (unsigned)s->cols);
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
	int last = s->cols - 1;
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
	for (int r = 0; r < s->rows; r++)
		for (int c = 0; c < s->cols; c++)
			if (!blank(s->ch[r][c]))
				return false;
	return true;
}

char *screen__colors_text(const struct screen *s)
{
	/* per row: "RR|", at most 80 runs of "AA*NN ", newline */
	char *text = malloc((size_t)s->rows * (3 + (size_t)s->cols * 6 + 1) + 1);
	size_t off = 0;

	if (!text)
		return NULL;
	for (int r = 0; r < s->rows; r++) {
		off += (size_t)sprintf(text + off, "%02d|", r);
		for (int c = 0; c < s->cols;) {
			int n = 1;

			while (c + n < s->cols && s->attr[r][c + n] == s->attr[r][c])
				n++;
			off += (size_t)sprintf(text + off, "%s%02x*%d", c ? " " : "", s->attr[r][c], n);
			c += n;
		}
		text[off++] = '\n';
	}
	text[off] = '\0';
	return text;
}

int screen__colors_parse(const char *text, size_t len, struct screen *s)
{
	const char *p = text, *end = text + len;
	int r = 0, width = -1;

	memset(s->attr, 0, sizeof(s->attr));
	for (; p < end; r++) {
		char want[4];
		int c = 0;

		snprintf(want, sizeof(want), "%02d|", r);
		if (r >= SCREEN_MAX_ROWS || end - p < 3 || memcmp(p, want, 3) != 0)
			return -1;
		p += 3;
		while (p < end && *p != '\n') {
			const char *digit;
			unsigned long a, n = 0;

			if (c && *p++ != ' ')
				return -1;
			if (end - p < 4 || !isxdigit((unsigned char)p[0]) || !isxdigit((unsigned char)p[1]) ||
			    p[2] != '*' || !isdigit((unsigned char)p[3]))
				return -1;
			a = strtoul(p, NULL, 16); /* two digits, then the '*' */
			/* the count by hand, not strtoul: TEXT need not end in a NUL after LEN bytes */
			for (digit = p + 3; digit < end && isdigit((unsigned char)*digit); digit++)
				if (n <= SCREEN_MAX_COLS)
					n = n * 10 + (unsigned long)(*digit - '0');
			if (n == 0 || n > (unsigned long)(SCREEN_MAX_COLS - c))
				return -1;
			memset(&s->attr[r][c], (int)a, n);
			c += (int)n;
			p = digit;
		}
		if (p >= end || c == 0 || (width >= 0 && c != width))
			return -1;
		width = c;
		p++; /* the newline */
	}
	if (r == 0)
		return -1;
	s->rows = r;
	s->cols = width;
	return 0;
}

bool screen__colors_default(const struct screen *s)
{
	for (int r = 0; r < s->rows; r++)
		for (int c = 0; c < s->cols; c++)
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
