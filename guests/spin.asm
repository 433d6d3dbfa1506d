; spin.asm - jmp $ with interrupts off: stuck forever, reported as `spin`
; well before any timeout.
bits 16
org 0x7c00
%include "common.inc"

	mov al, 'S'
	out DEBUGCON, al
	cli
	jmp $
