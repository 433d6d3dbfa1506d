/* screen.c - the 80x25 text screen as the guest left it, and its UTF-8 rendering. */
#include "capture/screen.h"

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
