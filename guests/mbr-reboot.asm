; mbr-reboot.asm - asks for a reboot the way many boot sectors do: the
; keyboard controller's reset pulse (command 0xFE on port 0x64).
; Expect (bios mode): exit `reset`.
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov si, msg
	call bios_print
.wait:
	in al, 0x64              ; wait until the controller takes commands
	test al, 2
	jnz .wait
	mov al, 0xfe
	out 0x64, al
	cli
	hlt

	bios_print_fn

msg:	db "rebooting through the keyboard controller", 0

	boot_signature
