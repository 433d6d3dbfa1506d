; protected.asm - entered directly in 32-bit protected mode (--cpu protected
; --load 0x100000): checks CR0.PE and the flat segments, writes to the screen
; and the debug console, then exits.
; Expect: exit `debug-exit 32`.
bits 32
org 0x100000
%include "common.inc"

start:
	mov eax, cr0
	test al, 1               ; PE
	jz fail
	mov ax, cs
	cmp ax, 0x08
	jne fail
	mov eax, [esp - 4]       ; the stack is usable
	push dword 0x12345678
	pop eax
	cmp eax, 0x12345678
	jne fail
	mov esi, msg
	mov edi, VGA_TEXT
	mov ah, 0x0a
.next:
	lodsb
	test al, al
	jz .done
	out DEBUGCON, al
	stosw
	jmp .next
.done:
	mov al, 10
	out DEBUGCON, al
	debug_exit 32
fail:
	debug_exit 1

msg: db "32-bit protected mode: flat segments, entered at 0x100000", 0
