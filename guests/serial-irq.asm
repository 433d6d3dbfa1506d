; serial-irq.asm - an interrupt-driven COM1 receiver with no BIOS (--mode
; direct, real mode): programs the PIC pair (IRQ 4 alone unmasked, vectors
; 08h-0Fh), points vector 0Ch at its handler, sets the UART to 9600 8N1 with
; the FIFO on (trigger 1), the receive interrupt enabled and OUT2 set (the
; PC's interrupt gate), then sleeps in `hlt`.  The handler reads IIR and
; drains RBR while data waits, into a small ring; the main loop echoes each
; byte to the debug console and back out of COM1, and stops with
; debug-exit 0 on "q".
; Run with --serial-in, e.g. 'abc\nq'.
; Expect: debugcon and serial "abc\nq"; exit `debug-exit 0`.
bits 16
org 0x7c00
%include "common.inc"

	cli
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov sp, 0x7c00
	cld
	mov word [0x0c * 4], irq4
	mov word [0x0c * 4 + 2], 0
	pic_init 0x08, 0x70, 0xef, 0xff
	mov dx, COM1 + 3
	mov al, 0x80                 ; DLAB
	out dx, al
	mov dx, COM1
	mov al, 12                   ; 9600 baud
	out dx, al
	inc dx
	xor al, al
	out dx, al
	mov dx, COM1 + 3
	mov al, 0x03                 ; 8N1
	out dx, al
	mov dx, COM1 + 2
	mov al, 0x07                 ; FIFO on, cleared, trigger 1
	out dx, al
	mov dx, COM1 + 4
	mov al, 0x0b                 ; DTR, RTS, OUT2
	out dx, al
	mov dx, COM1 + 1
	mov al, 0x01                 ; received data interrupt
	out dx, al
.loop:
	cli
	mov bx, [tail]
	cmp bx, [head]
	jne .byte
	sti
	hlt
	jmp .loop
.byte:
	sti
	mov al, [ring + bx]
	inc bx
	and bx, 15
	mov [tail], bx
	out DEBUGCON, al
	mov dx, COM1
	out dx, al
	cmp al, 'q'
	jne .loop
	debug_exit 0
	cli                          ; where there is no debug-exit port (QEMU)
	hlt

; IRQ 4: take every byte the UART has
irq4:
	push ax
	push bx
	push dx
.again:
	mov dx, COM1 + 2
	in al, dx                    ; IIR
	test al, 1
	jnz .done                    ; nothing identified
	mov dx, COM1 + 5
	in al, dx                    ; LSR
	test al, 1
	jz .again
	mov dx, COM1
	in al, dx
	mov bx, [head]
	mov [ring + bx], al
	inc bx
	and bx, 15
	mov [head], bx
	jmp .again
.done:
	mov al, 0x20
	out 0x20, al
	pop dx
	pop bx
	pop ax
	iret

head:	dw 0
tail:	dw 0
ring:	times 16 db 0

	boot_signature
