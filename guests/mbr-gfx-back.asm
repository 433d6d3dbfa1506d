; mbr-gfx-back.asm - to graphics and back: sets mode 13h and fills the
; screen with colour 4, then sets mode 3 again (which clears it) and prints
; a line through INT 10h teletype.  What counts is the end: a text screen,
; with no trace of the graphics (and no picture golden).
; Expect (bios mode): "back in text mode after mode 13h" on row 0; exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov ax, 0x0013
	int 0x10
	push 0xa000
	pop es
	xor di, di
	mov ax, 0x0404
	mov cx, 32000
	rep stosw
	mov ax, 0x0003
	int 0x10
	mov si, msg
	call bios_print
	cli
	hlt

	bios_print_fn

msg:	db "back in text mode after mode 13h", 0

	boot_signature
