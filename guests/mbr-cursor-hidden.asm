; mbr-cursor-hidden.asm - prints a line through INT 10h teletype, then hides
; the hardware cursor by setting bit 5 of CRTC register 0ah (cursor start:
; writes 20h through ports 3d4h/3d5h, one byte at a time); then cli; hlt.
; Expect (bios mode): rows 0-1 SeaBIOS, row 2 "cursor: hidden"; cursor where
; the teletype left it (row 2, column 14) but not visible; exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

CRTC equ 0x3d4

	boot_setup
	mov si, msg
	call bios_print
	mov dx, CRTC
	mov al, 0x0a                     ; cursor start register
	out dx, al
	inc dx
	mov al, 0x20                     ; bit 5: cursor off
	out dx, al
	cli
	hlt

	bios_print_fn

msg:	db "cursor: hidden", 0

	boot_signature
