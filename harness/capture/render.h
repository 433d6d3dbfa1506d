/* render.h - a text screen drawn as a VGA shows it, with the font of the VGA BIOS the run used. */
#ifndef BOOTCHECK_RENDER_H
#define BOOTCHECK_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "capture/png.h"    // struct picture
#include "capture/screen.h" // struct screen
#include "hw/vga.h"         // struct vga_state

#define FONT_GLYPHS 256
#define FONT_HEIGHT 16

/*
 * render__find_font - the 8x16 font (256 glyphs of 16 bytes, one byte a
 * scan line, bit 7 leftmost) inside ROM, a VGA BIOS image: found by the
 * glyph of 'A' of the IBM font, and taken only if glyph 0 is blank and
 * glyph DBh a full block.  NULL when there is none.
 */
const uint8_t *render__find_font(const uint8_t *rom, size_t len);

/*
 * render__text - S drawn as a VGA draws it into P: 9x16 cells (the ninth
 * column repeats the eighth for the line-drawing characters C0h-DFh when
 * attribute mode control bit 2 says so, else background); the 16 colours
 * through the attribute palette and the DAC (widened as graphics.c does);
 * blink (bit 7, when mode control bit 3 enables it) shown steady, its
 * background from bits 4-6; the cursor's scan lines drawn in the cell's
 * foreground when it is shown.  40-column modes are doubled in width, so
 * every text mode is 720 dots wide.  0, or -1 when out of memory.
 */
int render__text(struct picture *p, const struct screen *s, const struct vga_state *v,
		 const uint8_t *font);

/*
 * render__captures - a text screen drawn from its captures (check's files
 * and goldens): SCREEN (a line a row, code page 437 as UTF-8), COLORS (may be NULL or empty: all 07) and CURSOR (may be NULL: no
 * cursor), with the VGA's default text palette and FONT.  What the guest
 * did to the palette is not in the captures: `run --png` draws the real
 * one.  0, or -1 when the texts are not those formats or out of memory.
 */
int render__captures(struct picture *p, const char *screen, const char *colors,
		     const char *cursor, const uint8_t *font);

#endif
