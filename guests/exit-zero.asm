; exit-zero.asm - reports success through the debug-exit port.
; Expect: exit `debug-exit 0` (zero is a code like any other, not "no exit").
bits 16
org 0x7c00
%include "common.inc"

	mov al, '0'
	out DEBUGCON, al
	debug_exit 0
	jmp $                    ; never reached
