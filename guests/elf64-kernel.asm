; elf64-kernel.asm - an ELF64 (x86-64) executable entered directly in long
; mode (bootcheck run --mode direct IMAGE: its class picks --cpu long):
; linked at 1 MiB with its data at 2 MiB and a .bss after it, it checks
; that it runs in long mode at its ELF entry, that its .data came from the
; file and that its .bss (memory past the file's bytes) reads as zero, then
; says so on COM1.
; Expect: serial "elf64: long mode, entry, .data and .bss ok\n", exit
; `debug-exit 64`.
bits 64
%include "common.inc"

section .text
global _start
_start:
	mov ecx, 0xc0000080      ; EFER
	rdmsr
	test eax, 1 << 10        ; LMA
	jz fail
	lea rax, [rel _start]
	cmp rax, 0x100000        ; entered at e_entry, where the linker put it
	jne fail
	cmp dword [magic], 0x454c4636 ; "6FLE": .data came from the file
	jne fail
	mov rcx, BSS_QWORDS
	lea rdi, [rel zeroes]
.bss_check:
	cmp qword [rdi], 0
	jne fail
	add rdi, 8
	loop .bss_check
	lea rsi, [rel msg]
	call puts
	debug_exit 64
fail:
	lea rsi, [rel bad]
	call puts
	debug_exit 1

	serial_puts_fn

section .data
magic:	dd 0x454c4636
msg:	db "elf64: long mode, entry, .data and .bss ok", 10, 0
bad:	db "elf64: FAILED", 10, 0

BSS_QWORDS equ 512
section .bss
zeroes:	resq BSS_QWORDS
