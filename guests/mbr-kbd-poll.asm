; mbr-kbd-poll.asm - reads the keyboard with interrupts off, polling the
; i8042's status port (0x64, bit 0: output buffer full) and reading each
; byte from port 0x60, as a boot sector with no BIOS help would.  Prints
; every byte in hex (set-1 codes: SeaBIOS leaves the controller translating)
; on the screen and the debug console, and stops with debug-exit 0 after
; Esc's release (0x81).
; Run with --keys, e.g. 'ab{Up}{Esc}'.
; Expect (bios mode): "1e 9e 30 b0 e0 48 e0 c8 01 81"; exit `debug-exit 0`.
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	cli                          ; no IRQ 1: the BIOS must not take the bytes
	mov si, s_title
	call print
.poll:
	in al, 0x64
	test al, 1
	jz .poll
	in al, 0x60
	push ax
	call hex8
	mov al, ' '
	call putc
	pop ax
	cmp al, 0x81                 ; Esc released
	jne .poll
	mov si, s_crlf
	call print
	debug_exit 0
	cli                          ; where there is no debug-exit port (QEMU)
	hlt

	both_hex8_fn
	both_print_fn

s_title: db "polling 0x64/0x60:", 13, 10, 0
s_crlf:	 db 13, 10, 0

	boot_signature
