/* vga.h - VGA registers (sequencer, graphics, attribute, CRTC, DAC, misc); the text itself lives in plain guest RAM at 0xb8000. */
#ifndef BOOTCHECK_VGA_H
#define BOOTCHECK_VGA_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/bus.h" // struct bus

#define VGA_TEXT_BASE 0xb8000
#define VGA_TEXT_SIZE 0x8000   /* 0xb8000-0xbffff */
#define VGA_CRTC_INDEX 0x3d4   /* colour address; 0x3b4 when misc bit 0 is clear */
#define VGA_NR_CRTC 0x19
#define VGA_NR_SEQ 5
#define VGA_NR_GC 9
#define VGA_NR_ATTR 0x15

#define VGA_STATE_VERSION 1

/*
 * Everything about the registers, and nothing else: a snapshot copies it.
 * Index registers, the attribute flip-flop and the DAC's component step are
 * here too, since a guest can be stopped half-way through a sequence.
 */
struct vga_state {
	uint32_t version;          /* VGA_STATE_VERSION */
	uint8_t misc;              /* miscellaneous output (0x3c2 write, 0x3cc read) */
	uint8_t feature;           /* feature control (0x3ba/0x3da write, 0x3ca read) */
	uint8_t enable;            /* VGA enable, 0x3c3 */
	uint8_t seq_index, seq[VGA_NR_SEQ];
	uint8_t gc_index, gc[VGA_NR_GC];
	uint8_t attr_index;        /* with the palette-address-source bit 5 */
	bool attr_flipflop;        /* false: next 0x3c0 write is an index */
	uint8_t attr[VGA_NR_ATTR];
	uint8_t crtc_index;
	uint8_t crtc[VGA_NR_CRTC];
	uint8_t pel_mask;
	uint8_t dac_read_index, dac_write_index, dac_component;
	bool dac_reading;          /* state after 0x3c7 (read) or 0x3c8 (write) */
	uint8_t dac[256][3];       /* 6-bit colour components */
	uint8_t status1;           /* retrace bits toggle on each read */
};

/* No wiring: the text is guest RAM, and the bus calls in with this struct as its opaque. */
struct vga {
	struct vga_state s;
};

/* vga__init - registers as a BIOS leaves them after setting mode 3 (80x25 text), version set. */
void vga__init(struct vga *v);

/* vga__register - claim 0x3b4-0x3b5, 0x3ba, 0x3c0-0x3cf, 0x3d4-0x3d5 and 0x3da on BUS. 0 or -errno. */
int vga__register(struct vga *v, struct bus *bus);

/* vga__io - one byte access to port PORT (the bus handler's core). */
uint8_t vga__io(struct vga *v, uint16_t port, uint8_t value, bool is_write);

/* Character offset of the top-left cell, and the cursor, in 16-bit cells. */
uint16_t vga__start_address(const struct vga *v);
uint16_t vga__cursor_address(const struct vga *v);
bool vga__cursor_visible(const struct vga *v);

/*
 * vga__cursor_shape - the cursor's first and last scan line in its cell
 * (CRTC registers 0Ah and 0Bh, bits 0-4).  A VGA shows no cursor when the
 * first is below the last, as when bit 5 of 0Ah is set (vga__cursor_visible).
 */
void vga__cursor_shape(const struct vga *v, uint8_t *start, uint8_t *end);

/* What the display shows, as the registers have it (not what the BIOS data area says). */
enum vga_kind {
	VGA_KIND_TEXT,       /* character cells: cols x rows */
	VGA_KIND_CGA4,       /* 2 bits a pixel, even/odd scan lines interleaved (modes 4, 5) */
	VGA_KIND_CGA2,       /* 1 bit a pixel, interleaved (mode 6) */
	VGA_KIND_256,        /* a byte a pixel, linear through chain-4 (mode 13h) */
	VGA_KIND_PLANAR,     /* 16 colours in four planes (0Dh, 0Eh, 10h, 12h): not in RAM as shown */
};

struct vga_mode {
	enum vga_kind kind;
	unsigned width, height;  /* pixels: dots in text modes, pixels in graphics ones */
	unsigned cols, rows;     /* text modes: character cells */
	unsigned char_height;    /* text modes: scan lines a row */
	unsigned char_width;     /* text modes: 8 or 9 dots a cell */
	uint32_t base;           /* where the memory map window starts (0xa0000, 0xb0000, 0xb8000) */
};

/*
 * vga__mode - decode the display mode from the registers: text or graphics
 * (graphics control 6 bit 0), the memory map (its bits 2-3), the horizontal
 * character count (CRTC 1) and dots per character (sequencer 1 bit 0), the
 * displayed scan lines (CRTC 12h with the overflow bits of 7), double
 * scanning and the scan lines per row (CRTC 9), CGA address interleave
 * (CRTC 17h bit 0), 2-bit shift (graphics control 5 bit 5) and 8-bit colour
 * (attribute mode control bit 6).
 */
void vga__mode(const struct vga *v, struct vga_mode *m);

#endif
