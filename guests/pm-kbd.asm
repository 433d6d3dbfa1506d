; pm-kbd.asm - a protected-mode kernel entered directly (--mode direct --cpu
; protected --load 0x100000) with its own keyboard driver: it builds an IDT,
; programs the PIC pair (IRQ 1 alone unmasked), and in its IRQ 1 handler
; reads the scancode from port 0x60 (set 1: bootcheck's direct mode leaves
; the controller translating, as a BIOS does), turns key presses into ASCII
; with its own table (letters, digits, space, Enter) and echoes them to VGA
; text memory and the debug console; Esc stops it with debug-exit 0.
; Handlers return as in pm-timer.asm (drop the frame, back to the wait
; loop: a 32-bit IRET fails under kvm_pvm's emulator; -DUSE_IRETD for it).
; Run with --keys, e.g. 'hello world\n42\e'.
; Expect: "hello world" / "42" on screen and debugcon; exit `debug-exit 0`.
bits 32
org 0x100000
%include "common.inc"

CODE_SEL equ 0x08
NR_VEC	 equ 0x30

start:
	cli
	mov edi, idt
	xor ecx, ecx
.gate:
	mov eax, exception
	cmp ecx, 0x20
	jb .set
	mov eax, spurious
	cmp ecx, 0x21
	jne .set
	mov eax, keyboard
.set:
	idt_gate CODE_SEL
	inc ecx
	cmp ecx, NR_VEC
	jb .gate
	lidt [idtr]
	pic_init 0x20, 0x28, 0xfd, 0xff  ; only IRQ 1
	mov edi, VGA_TEXT

wait_loop:
	sti
	hlt
	jmp wait_loop

exception:
	cli
	mov al, '!'
	out DEBUGCON, al
	debug_exit 2

; IRQ 1: one byte from the keyboard
keyboard:
	in al, 0x60
	mov bl, al
	mov al, 0x20
	out 0x20, al                 ; EOI
	cmp bl, 0x01                 ; Esc pressed
	jne .key
	mov al, 10
	out DEBUGCON, al
	debug_exit 0
.key:
	test bl, 0x80                ; a release, or the E0 prefix
	jnz .done
	movzx ebx, bl
	cmp ebx, keymap_end - keymap
	jae .done
	mov al, [keymap + ebx]
	test al, al
	jz .done
	out DEBUGCON, al
	cmp al, 10
	jne .show
	; Enter: the next row
	mov eax, edi
	sub eax, VGA_TEXT
	xor edx, edx
	mov ecx, 160
	div ecx
	inc eax
	imul eax, eax, 160
	lea edi, [VGA_TEXT + eax]
	jmp .done
.show:
	mov ah, 0x0f
	stosw
.done:
	pm_ireturn wait_loop

spurious:
	pm_ireturn wait_loop

; set-1 make codes 00h-39h to ASCII (0: not shown)
keymap:
	db 0, 0, "1234567890-=", 0, 0
	db "qwertyuiop[]", 10, 0
	db "asdfghjkl;'`", 0, "\"
	db "zxcvbnm,./", 0, "*", 0, " "
keymap_end:

idtr:	dw NR_VEC * 8 - 1
	dd idt
	align 8
idt:	times NR_VEC dq 0
