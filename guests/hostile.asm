; hostile.asm - a guest that tries to hurt the harness from real mode:
; writes and reads every I/O port but the exit port (16-bit and 32-bit too),
; floods the UART with string I/O, sends every byte value to the consoles,
; fills all of the first MiB outside its own code with garbage (the screen
; included), and rewrites its own code before running it.
; Expect: the harness survives and reports `debug-exit 7`; the image file is
; unchanged.
bits 16
org 0x7c00
%include "common.inc"

start:
	cli
	cld
	xor ax, ax
	mov ds, ax
	mov ss, ax
	mov sp, 0x7c00

	; every port, byte-wide writes then reads, skipping the exit port
	xor dx, dx
.ports:
	cmp dx, DEBUG_EXIT
	je .skip
	mov al, dl
	xor al, 0x5a
	out dx, al
	in al, dx
	cmp dx, 0xfff0           ; and wider accesses near the top, which wrap
	jb .skip
	out dx, ax
	in eax, dx
	out dx, eax
.skip:
	inc dx
	jnz .ports

	; make the UART transmit again (the sweep left DLAB and loopback set)
	mov dx, COM1 + 3
	mov al, 0x03
	out dx, al
	inc dx
	out dx, al               ; MCR: DTR, RTS, no loopback

	; every byte value to the debug console and the UART
	xor ax, ax
.bytes:
	out DEBUGCON, al
	mov dx, COM1
	out dx, al
	inc al
	jnz .bytes

	; string I/O: 4 KiB of low memory to the UART in one instruction
	mov dx, COM1
	xor si, si
	mov cx, 0x1000
	rep outsb

	; garbage over the first MiB, except 0x7000-0x7fff (stack and this code)
	xor bx, bx               ; segment, 0x0000 .. 0xf000
.segments:
	mov es, bx
	xor di, di
	mov cx, 0x8000           ; 64 KiB as words
	cmp bx, 0x0000
	jne .fill
	mov cx, 0x3800           ; segment 0: only up to 0x7000
.fill:
	mov ax, bx
	xor ax, 0xa55a
	rep stosw
	add bx, 0x1000
	jnz .segments
	xor ax, ax
	mov es, ax
	mov di, 0x8000           ; the rest of segment 0
	mov cx, (0x10000 - 0x8000) / 2
	mov ax, 0x1234
	rep stosw

	; self-modifying code: turn `debug_exit 1` below into `debug_exit 7`
	mov byte [patched + 1], 7
	jmp patched              ; a jump flushes the prefetch queue
patched:
	mov al, 1
	out DEBUG_EXIT, al
	jmp $
