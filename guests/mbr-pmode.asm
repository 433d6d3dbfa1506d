; mbr-pmode.asm - a boot sector that switches to 32-bit protected mode on
; its own (GDT, CR0.PE, far jump) and writes to the screen at 0xb8000.
; Expect (bios mode): the BIOS rows, then row 4 written from protected
; mode; exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov si, msg16
	call bios_print
	cli
	lgdt [gdt_desc]
	mov eax, cr0
	or al, 1
	mov cr0, eax
	jmp 0x08:pm

	bios_print_fn

bits 32
pm:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov esp, 0x7c00
	mov esi, msg32
	mov edi, VGA_TEXT + 2 * 80 * 4
	mov ah, 0x2f
.next:
	lodsb
	test al, al
	jz .done
	stosw
	jmp .next
.done:
	hlt

align 8
gdt:
	dq 0
	dq 0x00cf9b000000ffff    ; 0x08: flat 32-bit code
	dq 0x00cf93000000ffff    ; 0x10: flat data
gdt_desc:
	dw gdt_desc - gdt - 1
	dd gdt

msg16:	db "real mode: switching to protected mode", 0
msg32:	db "32-bit protected mode: written straight to 0xb8000", 0

	boot_signature
