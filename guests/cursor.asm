; cursor.asm - moves the hardware cursor through the CRTC (one 16-bit out of
; index and value, as BIOSes do, and one 8-bit pair), reads the registers back
; and prints them on the debug console.
; Expect: screen row 4 text, cursor at row 5, column 10; debugcon "cursor 019a".
bits 16
org 0x7c00
%include "common.inc"

CRTC equ 0x3d4
POS  equ 5 * 80 + 10         ; 0x19a

start:
	cld
	mov ax, VGA_SEG
	mov es, ax
	mov di, 2 * 4 * 80
	mov si, text
	mov ah, 0x07
.next:
	lodsb
	test al, al
	jz .moved
	stosw
	jmp .next
.moved:
	mov dx, CRTC
	mov ax, (POS >> 8) << 8 | 0x0e   ; cursor location high, in one word
	out dx, ax
	mov al, 0x0f                     ; cursor location low, byte by byte
	out dx, al
	inc dx
	mov al, POS & 0xff
	out dx, al

	mov si, label
	call puts
	dec dx                           ; read both registers back
	mov al, 0x0e
	out dx, al
	inc dx
	in al, dx
	call hex8
	dec dx
	mov al, 0x0f
	out dx, al
	inc dx
	in al, dx
	call hex8
	mov al, 10
	out DEBUGCON, al
	cli
	hlt

; puts - NUL-terminated DS:SI to the debug console
puts:
	lodsb
	test al, al
	jz .done
	out DEBUGCON, al
	jmp puts
.done:
	ret

; hex8 - AL as two hex digits on the debug console
hex8:
	push ax
	shr al, 4
	call .digit
	pop ax
	and al, 0x0f
.digit:
	add al, '0'
	cmp al, '9'
	jbe .out
	add al, 'a' - '9' - 1
.out:
	out DEBUGCON, al
	ret

text:  db "the cursor sits below, at row 5, column 10", 0
label: db "cursor ", 0
