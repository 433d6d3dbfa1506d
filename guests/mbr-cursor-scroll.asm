; mbr-cursor-scroll.asm - INT 10h cursor and scroll services: set the cursor
; (AH=02h), read it back (AH=03h), write characters with attributes (AH=09h),
; scroll a window up (AH=06h) and down (AH=07h).
; Expect (bios mode): the text where the cursor put it, the scrolled window,
; and "cursor 0c,28" read back; exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov ah, 0x02             ; cursor to row 12, column 40
	xor bh, bh
	mov dx, 0x0c28
	int 0x10
	mov ah, 0x03             ; read it back: DH row, DL column
	xor bh, bh
	int 0x10
	push dx
	mov si, msg_at
	call bios_print
	pop dx
	push dx
	mov al, dh
	call bios_hex8
	mov al, ','
	mov ah, 0x0e
	int 0x10
	pop dx
	mov al, dl
	call bios_hex8

	mov ah, 0x02             ; row 5, column 0: eight '#' in reverse video
	xor bh, bh
	mov dx, 0x0500
	int 0x10
	mov ax, 0x0923
	mov bx, 0x0070
	mov cx, 8
	int 0x10

	mov ah, 0x02             ; rows 6-8: three lines to scroll
	mov dx, 0x0600
	int 0x10
	mov si, lines
	call bios_print
	mov ax, 0x0601           ; scroll rows 6-8 up one line
	mov bh, 0x07
	mov cx, 0x0600
	mov dx, 0x084f
	int 0x10
	mov ax, 0x0702           ; scroll rows 20-23 down two lines
	mov bh, 0x07
	mov cx, 0x1400
	mov dx, 0x174f
	int 0x10
	mov ah, 0x02
	xor bh, bh
	mov dx, 0x1400
	int 0x10
	mov si, bottom
	call bios_print
	cli
	hlt

	bios_print_fn
	bios_hex8_fn

msg_at:	db "cursor ", 0
lines:	db "line A (scrolled away)", 13, 10, "line B", 13, 10, "line C", 0
bottom:	db "row 20, above two blank rows scrolled in", 0

	boot_signature
