; mbr-text40.asm - 40-column text (mode 1): sets it with INT 10h AH=00h,
; prints two lines through INT 10h teletype, and writes a third straight
; into video memory, where a row is 40 cells (80 bytes), in yellow on blue.
; Expect (bios mode): a 40x25 screen with those three lines; exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov ax, 0x0001
	int 0x10
	mov si, msg
	call bios_print
	mov ax, 0xb800
	mov es, ax
	mov di, 3 * 80               ; row 3 of a 40-column screen
	mov si, row3
	mov ah, 0x1e
.next:	lodsb
	test al, al
	jz .done
	stosw
	jmp .next
.done:	cli
	hlt

	bios_print_fn

msg:	db "40 columns: mode 1", 13, 10
	db "a row is forty cells wide, so this line wraps here", 0
row3:	db "row 3, written to video memory", 0

	boot_signature
