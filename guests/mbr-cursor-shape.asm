; mbr-cursor-shape.asm - prints a line through INT 10h teletype, then moves
; and reshapes the hardware cursor through the CRTC (ports 3d4h/3d5h):
; registers 0eh/0fh (location high/low) to row 10, column 40 (offset
; 10*80+40 = 0x348) and 0ah/0bh (start/end scan line) to a full block, lines
; 0-15; then cli; hlt.  The BIOS's own idea of the cursor (its data area) is
; left alone; only the hardware cursor moves.
; Expect (bios mode): rows 0-1 SeaBIOS, row 2 "cursor: moved to row 10,
; column 40, shape 0-15"; cursor at row 10, column 40, visible; exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

CRTC equ 0x3d4
POS  equ 10 * 80 + 40        ; 0x348

	boot_setup
	mov si, msg
	call bios_print
	mov dx, CRTC
	mov ax, (POS >> 8) << 8 | 0x0e   ; cursor location high
	out dx, ax
	mov ax, (POS & 0xff) << 8 | 0x0f ; cursor location low
	out dx, ax
	mov ax, 0x00 << 8 | 0x0a         ; cursor start: line 0, bit 5 clear (shown)
	out dx, ax
	mov ax, 0x0f << 8 | 0x0b         ; cursor end: line 15
	out dx, ax
	cli
	hlt

	bios_print_fn

msg:	db "cursor: moved to row 10, column 40, shape 0-15", 0

	boot_signature
