; boot.asm - the Multiboot header and entry of the C kernel (kernel.c), as
; an ELF: the loader reads the segments from the ELF headers (flags 0-1:
; page-aligned modules, memory information).  The entry checks the machine
; state the specification promises (protected mode, paging off, interrupts
; off), sets up a stack and calls kmain(eax, ebx).
bits 32

MB_MAGIC equ 0x1BADB002
MB_FLAGS equ 0x3

section .multiboot
align 4
	dd MB_MAGIC
	dd MB_FLAGS
	dd -(MB_MAGIC + MB_FLAGS)

%include "multiboot/entry.inc"
