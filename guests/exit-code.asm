; exit-code.asm - reports a failure code through the debug-exit port, with a
; 16-bit write so the whole value counts.
; Expect: exit `debug-exit 300`.
bits 16
org 0x7c00
%include "common.inc"

	mov ax, 300
	out DEBUG_EXIT, ax
	jmp $                    ; never reached
