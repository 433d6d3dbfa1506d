; long.asm - entered directly in 64-bit long mode (--cpu long --load 0x100000):
; checks EFER.LMA, CR0.PG, CR4.PAE and that the identity map reaches the
; first GiB (a read near 1 GiB, past RAM, returns all-ones), then writes to
; the screen and the debug console.
; Expect: exit `debug-exit 64`.
bits 64
org 0x100000
%include "common.inc"

start:
	mov ecx, 0xc0000080      ; EFER
	rdmsr
	test eax, 1 << 10        ; LMA
	jz fail
	mov rax, cr0
	bt rax, 31               ; PG
	jnc fail
	mov rax, cr4
	test al, 1 << 5          ; PAE
	jz fail
	mov rax, [0x3ffffff8]    ; mapped, but no RAM there
	cmp rax, -1
	jne fail
	lea rsi, [rel msg]
	mov edi, VGA_TEXT
	mov ah, 0x0e
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
	debug_exit 64
fail:
	debug_exit 1

msg: db "64-bit long mode: identity-mapped, entered at 0x100000", 0
