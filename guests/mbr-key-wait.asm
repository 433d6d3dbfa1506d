; mbr-key-wait.asm - prompts and waits for a key with INT 16h AH=00h. No key
; ever comes, so the guest sits halted with interrupts on inside the BIOS.
; Expect (bios mode): the prompt on screen; exit `idle`.
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov si, msg
	call bios_print
	xor ah, ah
	int 0x16
	mov si, got
	call bios_print
	cli
	hlt

	bios_print_fn

msg:	db "Press any key to continue...", 0
got:	db 13, 10, "a key came (unexpected)", 0

	boot_signature
