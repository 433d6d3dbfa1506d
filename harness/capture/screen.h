/* screen.h - the 80x25 text screen as the guest left it, and its UTF-8 rendering. */
#ifndef BOOTCHECK_SCREEN_H
#define BOOTCHECK_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCREEN_COLS 80       /* mode 3, the usual */
#define SCREEN_ROWS 25
#define SCREEN_MAX_COLS 80   /* the text modes a VGA has: 40 or 80 columns, 25 to 50 rows */
#define SCREEN_MAX_ROWS 50
/* worst case per row: 80 glyphs of 3 UTF-8 bytes, plus NUL */
#define SCREEN_ROW_MAX (SCREEN_MAX_COLS * 3 + 1)

struct screen {
	int cols, rows;               /* the cells shown: at most SCREEN_MAX_* */
	uint8_t ch[SCREEN_MAX_ROWS][SCREEN_MAX_COLS];
	uint8_t attr[SCREEN_MAX_ROWS][SCREEN_MAX_COLS];
	int cursor_row, cursor_col;   /* -1 when the cursor is off the screen */
	bool cursor_visible;
	uint8_t cursor_start, cursor_end; /* its scan lines in the cell (0-31) */
};

#define SCREEN_DEFAULT_ATTR 0x07 /* grey on black: what a BIOS clears the screen to */

/*
 * screen__snapshot - read the 80x25 cells starting START cells into the
 * 32 KiB text window VRAM (wrapping inside the window, as the CRTC does),
 * with the cursor at cell CURSOR.  A NULL VRAM gives a blank screen.
 */
void screen__snapshot(struct screen *s, const uint8_t *vram, uint16_t start,
		      uint16_t cursor, bool cursor_visible);

/*
 * screen__snapshot_size - screen__snapshot of a COLS x ROWS text mode
 * (clamped to SCREEN_MAX_COLS x SCREEN_MAX_ROWS, at least 1 x 1).
 */
void screen__snapshot_size(struct screen *s, const uint8_t *vram, uint16_t start,
			   uint16_t cursor, bool cursor_visible, int cols, int rows);

/* screen__row - row R as UTF-8 into OUT (SCREEN_ROW_MAX bytes), trailing blanks removed. */
void screen__row(const struct screen *s, int r, char *out);

/* screen__is_blank - whether every cell shows a blank (space or NUL). */
bool screen__is_blank(const struct screen *s);

/*
 * screen__colors_text - the attribute of every cell as text, one line per
 * row: "RR|" and runs "AA*N" (hex attribute, decimal count) separated by
 * spaces, e.g. "02|1f*44 07*36".  malloc'd, NULL when out of memory.
 */
char *screen__colors_text(const struct screen *s);

/*
 * screen__colors_parse - read TEXT (LEN bytes, screen__colors_text's
 * format) into S's attributes, rows and columns (every row as wide).  0,
 * or -1 when TEXT is not in that format.
 */
int screen__colors_parse(const char *text, size_t len, struct screen *s);

/* screen__colors_default - whether every cell has SCREEN_DEFAULT_ATTR. */
bool screen__colors_default(const struct screen *s);

/*
 * screen__cursor_text - the cursor as one line: "row 4, column 22, scan
 * lines 13-14", with ", hidden" when it is not shown, or "off screen".
 * Into OUT (LEN bytes).
 */
void screen__cursor_text(const struct screen *s, char *out, size_t len);

#endif
