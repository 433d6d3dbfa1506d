/* graphics.h - the picture a VGA graphics mode shows, from its memory and palettes. */
#ifndef BOOTCHECK_GRAPHICS_H
#define BOOTCHECK_GRAPHICS_H

#include <stddef.h>
#include <stdint.h>

#include "capture/png.h" // struct picture
#include "hw/vga.h"      // struct vga_state, struct vga_mode

#define GRAPHICS_WINDOW (128u << 10) /* 0xa0000-0xbffff: every memory map */

/*
 * graphics__capture - the picture mode M shows: pixels read from WINDOW
 * (the 128 KiB from 0xa0000 as the guest left it) and coloured through the
 * attribute controller's palette (16-colour and CGA modes) and the DAC
 * (6-bit components widened to 8 bits).  Modes 256-colour (chain-4,
 * linear), CGA 2- and 1-bit (interleaved at 0xb8000).  Planar 16-colour
 * modes are not in RAM as shown (their writes go through the plane logic
 * bootcheck does not model): -1, nothing captured.  0, or -1 (also when
 * out of memory or the mode would read outside WINDOW).
 */
int graphics__capture(struct picture *p, const struct vga_state *v,
		      const struct vga_mode *m, const uint8_t *window);

/*
 * graphics__describe - the mode as the screen capture says it:
 * "graphics 320x200, 256 colours", "graphics 640x480, 16 colours (planar:
 * not captured)".
 */
void graphics__describe(const struct vga_mode *m, char *buf, size_t len);

#endif
