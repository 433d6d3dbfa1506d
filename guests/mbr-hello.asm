; mbr-hello.asm - a boot sector that prints "Hello" on the debug console and
; exits through the debug-exit port: the benchmark's guest, bootable both
; directly and through a BIOS.
; Expect: debugcon "Hello\n", exit `debug-exit 0`.
bits 16
org 0x7c00
%include "common.inc"

	xor ax, ax
	mov ds, ax
	mov si, msg
	cld
.next:
	lodsb
	test al, al
	jz .done
	out DEBUGCON, al
	jmp .next
.done:
	debug_exit 0

msg: db "Hello", 10, 0

	boot_signature
