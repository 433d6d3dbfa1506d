; mbr-login.asm - a login on two channels, for --input scripts: asks for a
; name on the screen and the serial line and reads it from the keyboard
; (INT 16h, echoed), asks for a password on the serial line only and reads
; it from COM1 (INT 14h, a '*' on the screen per character), then greets
; the name on both and halts.  Names up to 15 characters.
; Run with --input, e.g. guests/mbr-login.input.
; Expect (bios mode): "welcome, NAME" on screen and serial; exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov si, s_login
	call both
	mov di, name
.key:
	xor ah, ah
	int 0x16
	cmp al, 13
	je .named
	cmp di, name + 15
	jae .key
	stosb
	call screen
	jmp .key
.named:
	mov byte [di], 0
	mov si, s_crlf
	call both
	mov si, s_password
	call serial_str
.rx:
	mov ah, 0x02
	xor dx, dx
	int 0x14
	test ah, 0x80
	jnz .rx                      ; timed out: ask again
	cmp al, 13
	je .in
	mov al, '*'
	call screen
	jmp .rx
.in:
	mov si, s_crlf
	call both
	mov si, s_welcome
	call both
	mov si, name
	call both
	mov si, s_crlf
	call both
	cli
	hlt

; both - the string at SI on the screen and the serial line
both:
	push si
	call serial_str
	pop si
.next:
	lodsb
	test al, al
	jz .done
	call screen
	jmp .next
.done:
	ret

; serial_str - the string at SI out of COM1 (INT 14h AH=01h)
serial_str:
	lodsb
	test al, al
	jz .done
	mov ah, 0x01
	xor dx, dx
	int 0x14
	jmp serial_str
.done:
	ret

; screen - AL through INT 10h teletype
screen:
	pusha
	mov ah, 0x0e
	xor bx, bx
	int 0x10
	popa
	ret

s_login:    db "login: ", 0
s_password: db "password: ", 0
s_welcome:  db "welcome, ", 0
s_crlf:	    db 13, 10, 0

	boot_signature

name	equ 0x600
