; serial-poll.asm - a COM1 16550A driver that programs the divisor latch and
; line control, checks the scratch register, and polls LSR.THRE before every byte.
; Expect: the message on serial, exit `debug-exit 0` (1 if a register misbehaves).
bits 16
org 0x7c00
%include "common.inc"

start:
	mov dx, COM1 + 3         ; LCR: DLAB on
	mov al, 0x80
	out dx, al
	mov dx, COM1             ; divisor 1 = 115200 baud
	mov al, 1
	out dx, al
	inc dx
	xor al, al
	out dx, al
	mov dx, COM1             ; divisor reads back while DLAB is set
	in al, dx
	cmp al, 1
	jne fail
	mov dx, COM1 + 3         ; LCR: 8N1, DLAB off
	mov al, 0x03
	out dx, al
	in al, dx
	cmp al, 0x03
	jne fail
	mov dx, COM1 + 2         ; FCR: enable and clear FIFOs
	mov al, 0xc7
	out dx, al
	in al, dx                ; IIR: FIFOs enabled, nothing pending
	cmp al, 0xc1
	jne fail
	mov dx, COM1 + 4         ; MCR: DTR, RTS
	mov al, 0x03
	out dx, al
	mov dx, COM1 + 7         ; scratch register keeps a value
	mov al, 0x5a
	out dx, al
	in al, dx
	cmp al, 0x5a
	jne fail

	mov si, msg
.next:
	lodsb
	test al, al
	jz .done
	mov bl, al
	mov dx, COM1 + 5         ; LSR
.wait:
	in al, dx
	test al, 0x20            ; THRE
	jz .wait
	mov dx, COM1
	mov al, bl
	out dx, al
	jmp .next
.done:
	debug_exit 0
fail:
	debug_exit 1

msg: db "COM1 16550A: divisor set, LSR polled before every byte", 13, 10, 0
