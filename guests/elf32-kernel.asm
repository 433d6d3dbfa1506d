; elf32-kernel.asm - an ELF32 (i386) executable entered directly in flat
; 32-bit protected mode (bootcheck run --mode direct IMAGE: its class picks
; --cpu protected): linked at 1 MiB with its data at 3 MiB and a .bss after
; it, it checks that paging is off, that it runs at its ELF entry, that its
; .data came from the file and that its .bss reads as zero, then says so on
; COM1.
; Expect: serial "elf32: protected mode, entry, .data and .bss ok\n", exit
; `debug-exit 32`.
bits 32
%include "common.inc"

section .text
global _start
_start:
	mov eax, cr0
	test eax, 1              ; PE
	jz fail
	test eax, eax            ; PG (bit 31) clear
	js fail
	call .here
.here:
	pop eax
	cmp eax, .here           ; running where the linker put it
	jne fail
	cmp dword [magic], 0x454c4633 ; "3FLE": .data came from the file
	jne fail
	mov ecx, BSS_DWORDS
	mov edi, zeroes
.bss_check:
	cmp dword [edi], 0
	jne fail
	add edi, 4
	loop .bss_check
	mov esi, msg
	call puts
	debug_exit 32
fail:
	mov esi, bad
	call puts
	debug_exit 1

	serial_puts_fn

section .data
magic:	dd 0x454c4633
msg:	db "elf32: protected mode, entry, .data and .bss ok", 10, 0
bad:	db "elf32: FAILED", 10, 0

BSS_DWORDS equ 1024
section .bss
zeroes:	resd BSS_DWORDS
