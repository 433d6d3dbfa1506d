; mbr-serial-echo.asm - a serial console through the BIOS: reads COM1 with
; INT 14h AH=02h (retrying on its timeout), shows each byte on the screen,
; answers it back through INT 14h AH=01h in brackets ("[h]"), and turns CR
; into a new line; "." ends the session with debug-exit 0.
; Run with --serial-in, e.g. 'hi\rthere.'.
; Expect (bios mode): screen "hi" / "there."; serial "[h][i][\r][t]...";
; exit `debug-exit 0`.
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov si, s_title
	call bios_print
.read:
	mov ah, 0x02
	xor dx, dx                   ; COM1
	int 0x14                     ; AL = byte, AH bit 7 = timed out
	test ah, 0x80
	jnz .read
	mov bl, al
	mov al, '['
	call send
	mov al, bl
	call send
	mov al, ']'
	call send
	mov al, bl
	mov ah, 0x0e
	xor bh, bh
	int 0x10
	cmp bl, 13
	jne .notcr
	mov ax, 0x0e0a
	int 0x10
.notcr:
	cmp bl, '.'
	jne .read
	debug_exit 0
	cli                          ; where there is no debug-exit port (QEMU)
	hlt

; send - AL out of COM1 through INT 14h AH=01h
send:
	mov ah, 0x01
	xor dx, dx
	int 0x14
	ret

	bios_print_fn

s_title: db "INT 14h echo:", 13, 10, 0

	boot_signature
