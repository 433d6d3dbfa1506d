; triple-fault.asm - switches to protected mode, loads an empty IDT and
; raises an exception: the fault cannot be delivered, nor can the double
; fault, so the CPU shuts down.  (In protected mode because real mode's IDT
; limit is not enforced by every KVM backend.)
; Expect: exit `shutdown`.
bits 16
org 0x7c00
%include "common.inc"

start:
	cli
	xor ax, ax
	mov ds, ax
	mov al, 'T'
	out DEBUGCON, al
	lgdt [gdt_desc]
	mov eax, cr0
	or al, 1
	mov cr0, eax
	jmp 0x08:pm

bits 32
pm:
	mov ax, 0x10
	mov ds, ax
	mov ss, ax
	lidt [empty_idt]
	ud2                      ; #UD: undeliverable
	debug_exit 1             ; never reached

align 8
gdt:
	dq 0
	dq 0x00cf9b000000ffff    ; 0x08: flat 32-bit code
	dq 0x00cf93000000ffff    ; 0x10: flat data
gdt_desc:
	dw gdt_desc - gdt - 1
	dd gdt
empty_idt:
	dw 0                     ; limit 0: no vector is valid
	dd 0
