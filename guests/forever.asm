; forever.asm - prints '*' on COM1 forever; only the deadline stops it.
; Run with --timeout 1 --max-output 4K: exit `timeout`, the serial capture
; is exactly 4096 stars (the rest is counted as truncated).
bits 16
org 0x7c00
%include "common.inc"

	cli
	mov dx, COM1
	mov al, '*'
.again:
	out dx, al
	jmp .again
