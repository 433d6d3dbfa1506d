; timer-storm.asm - a hostile guest for the virtual clock (direct mode, real
; mode, no BIOS): programs the PIC pair itself, then PIT channel 0 in mode 2
; with a count of 2 (about 600,000 interrupts a second, the fastest the 8254
; can run) and the RTC's periodic interrupt at its fastest rate (8192 Hz),
; and waits for interrupts forever with `sti; hlt`, acknowledging each.
; Expect: the harness neither hangs nor floods; interrupts come faster than
; the guest can take them, so it never waits and the run ends at the
; timeout, with the debug console's one line.
bits 16
org 0x7c00
%include "common.inc"

start:
	cli
	xor ax, ax
	mov ds, ax
	mov ss, ax
	mov sp, 0x7c00
	; vectors 0x20 (IRQ 0) and 0x28 (IRQ 8)
	mov word [0x20 * 4], irq0
	mov word [0x20 * 4 + 2], 0
	mov word [0x28 * 4], irq8
	mov word [0x28 * 4 + 2], 0
	; PIC pair: vectors 20h-2Fh; IRQ 0, the cascade and IRQ 8 unmasked
	pic_init 0x20, 0x28, 0xfa, 0xfe
	; PIT channel 0: mode 2, count 2
	mov al, 0x34
	out 0x43, al
	mov al, 2
	out 0x40, al
	xor al, al
	out 0x40, al
	; RTC: periodic at 8192 Hz (RS=3), PIE on
	mov al, 0x0a
	out 0x70, al
	mov al, 0x23
	out 0x71, al
	mov al, 0x0b
	out 0x70, al
	in al, 0x71
	or al, 0x40
	mov ah, al
	mov al, 0x0b
	out 0x70, al
	mov al, ah
	out 0x71, al
	mov si, msg
.print:
	lodsb
	test al, al
	jz .wait
	out DEBUGCON, al
	jmp .print
.wait:
	sti
	hlt
	jmp .wait

irq0:
	push ax
	inc word [count]
	mov al, 0x20
	out 0x20, al
	pop ax
	iret

irq8:
	push ax
	mov al, 0x0c             ; read register C: acknowledge the RTC
	out 0x70, al
	in al, 0x71
	mov al, 0x20
	out 0xa0, al
	out 0x20, al
	pop ax
	iret

count:	dw 0
msg:	db "timer storm: PIT count 2, RTC 8192 Hz", 10, 0
