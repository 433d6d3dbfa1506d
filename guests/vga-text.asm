; vga-text.asm - writes text straight into VGA memory at 0xb8000, then cli; hlt.
; Expect: exit `hlt`; rows 0-1 of the screen, row 1 in code page 437 glyphs.
bits 16
org 0x7c00
%include "common.inc"

start:
	cld
	mov ax, VGA_SEG
	mov es, ax
	xor di, di               ; row 0, column 0
	mov si, line0
	call write
	mov di, 2 * 80           ; row 1
	mov si, line1
	call write
	mov di, 2 * (24 * 80 + 70) ; row 24, column 70: the last row counts too
	mov si, line24
	call write
	cli
	hlt

; write - copy the NUL-terminated string at DS:SI to ES:DI as white-on-blue cells
write:
	mov ah, 0x1f
.next:
	lodsb
	test al, al
	jz .done
	stosw
	jmp .next
.done:
	ret

line0:  db "bootcheck: text written straight to 0xb8000", 0
line1:  db "cp437: ", 0xc9, 0xcd, 0xbb, " ", 0x01, 0x02, 0x03, 0x0e, " ", 0x7f, " "
	db 0xb0, 0xb1, 0xb2, 0xdb, " ", 0xe0, 0xe1, 0xe2, " ", 0x82, 0x9b, 0xab, 0
line24: db "last row", 0
