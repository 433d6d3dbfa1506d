; mbr-rtc.asm - reads the date and time from the RTC through INT 1Ah
; (AH=04h date, AH=02h time) and prints them; bootcheck's RTC is frozen,
; so the output is the same on every run.
; Expect (bios mode): "RTC 2025-01-01 12:00:00"; exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov si, msg
	call bios_print
	mov ah, 0x04             ; CH century, CL year, DH month, DL day (BCD)
	int 0x1a
	jc fail
	mov al, ch
	call bios_hex8
	mov al, cl
	call bios_hex8
	mov al, '-'
	call putc
	mov al, dh
	call bios_hex8
	mov al, '-'
	call putc
	mov al, dl
	call bios_hex8
	mov al, ' '
	call putc
	mov ah, 0x02             ; CH hours, CL minutes, DH seconds (BCD)
	int 0x1a
	jc fail
	mov al, ch
	call bios_hex8
	mov al, ':'
	call putc
	mov al, cl
	call bios_hex8
	mov al, ':'
	call putc
	mov al, dh
	call bios_hex8
	cli
	hlt
fail:
	mov si, msg_fail
	call bios_print
	cli
	hlt

putc:
	push bx
	mov ah, 0x0e
	xor bx, bx
	int 0x10
	pop bx
	ret

	bios_print_fn
	bios_hex8_fn

msg:	  db "RTC ", 0
msg_fail: db "INT 1Ah failed", 0

	boot_signature
