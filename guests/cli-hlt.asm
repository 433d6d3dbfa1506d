; cli-hlt.asm - the classic end of a boot sector: interrupts off, then hlt.
; Expect: exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

	mov al, 'H'
	out DEBUGCON, al
	cli
	hlt
	debug_exit 1             ; never reached
