; mbr-slave.asm - reads the second hard disk (the primary slave, BIOS drive
; 0x81) through INT 13h: sector 0 with AH=02h (CHS 0/0/1), sector 2 with the
; extended read AH=42h, and shows what it read on the screen and COM1,
; with the number of hard disks the BIOS found (BDA 0040:0075).
; Run with the data disk as the primary slave:
;   bootcheck run mbr-slave.bin --hdd data-slave.bin
; Expect: "2 hard disks", sector 0's text, "sector 2 starts with 02", exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

BUF equ 0x8000

start:
	boot_setup
	mov al, [0x475]              ; hard disks the BIOS counted
	add al, '0'
	call putc
	mov si, disks
	call print
	; sector 0: AH=02h, one sector, cylinder 0, head 0, sector 1
	mov ax, 0x0201
	mov cx, 0x0001
	mov dx, 0x0081
	mov bx, BUF
	int 0x13
	jc int13_fail
	mov si, sector0
	call print
	mov si, BUF
	mov byte [BUF + 80], 0       ; at most a line of it
	call print
	mov si, crlf
	call print
	; sector 2: AH=42h, the disk address packet below
	mov si, dap
	mov ah, 0x42
	mov dl, 0x81
	int 0x13
	jc int13_fail
	mov si, sector2
	call print
	mov al, [BUF]
	call hex8
	mov si, crlf
	call print
	cli
	hlt

	screen_serial_print_fn
	both_hex8_fn
	int13_fail_fn

dap:	db 0x10, 0
	dw 1                         ; one sector
	dw BUF, 0                    ; to 0000:8000
	dq 2                         ; LBA 2

disks:	db " hard disks", 13, 10, 0
sector0: db "drive 0x81, sector 0: ", 0
sector2: db "drive 0x81, sector 2 starts with ", 0
msg_fail: db "INT 13h read of drive 0x81 failed, AH=", 0
crlf:	db 13, 10, 0

	boot_signature
