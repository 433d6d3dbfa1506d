; mbr-sti-hlt.asm - a finished boot sector that ends in hlt with interrupts
; on, the way many do: the timer keeps waking it, so it is not `hlt` but,
; once nothing changes on screen, `idle`.
; Expect (bios mode): exit `idle` (not `timeout`).
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov si, msg
	call bios_print
	sti
.halt:
	hlt
	jmp .halt

	bios_print_fn

msg:	db "done; halting with interrupts on", 0

	boot_signature
