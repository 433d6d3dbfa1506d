/* vga.h - VGA text-mode registers; the text itself lives in plain guest RAM at 0xb8000. */
#ifndef BOOTCHECK_VGA_H
#define BOOTCHECK_VGA_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/bus.h" // struct bus

#define VGA_TEXT_BASE 0xb8000
#define VGA_TEXT_SIZE 0x8000   /* 0xb8000-0xbffff */
#define VGA_CRTC_INDEX 0x3d4
#define VGA_NR_CRTC 0x19

struct vga {
	uint8_t crtc_index;
	uint8_t crtc[VGA_NR_CRTC];
};

/* vga__init - registers as a BIOS leaves them after setting mode 3 (80x25 text). */
void vga__init(struct vga *v);

/* vga__register - claim the CRTC index/data ports on BUS.  0 or -errno. */
int vga__register(struct vga *v, struct bus *bus);

/* vga__io - one byte access to port PORT (the bus handler's core). */
uint8_t vga__io(struct vga *v, uint16_t port, uint8_t value, bool is_write);

/* Character offset of the top-left cell, and the cursor, in 16-bit cells. */
uint16_t vga__start_address(const struct vga *v);
uint16_t vga__cursor_address(const struct vga *v);
bool vga__cursor_visible(const struct vga *v);

#endif
