; mbr-drives.asm - a boot sector on a machine with every drive bootcheck
; gives: four ATA hard disks (primary master, which boots, primary slave,
; secondary master and slave) and two floppy drives.  It prints the BIOS's
; hard disk count (0040:0075), then reads sector 0 (C0 H0 S1) of drives
; 81h, 82h and 83h and of floppy B: (01h) through INT 13h AH=02h and prints
; the text each starts with, on the screen and COM1.
; Run: IMAGE --hdd data-slave.bin --hdd data-secondary.bin --hdd
; data-slave.bin --floppy floppy.bin --floppy floppy-b-data.bin.  Expect
; "hard disks: 04", one line per drive, "done"; exit `hlt`.  A failed call
; prints "INT 13h failed: " and its status (AH).
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov si, msg_count
	call print
	push ds
	mov ax, 0x40
	mov ds, ax
	mov al, [0x75]           ; hard disks the BIOS found
	pop ds
	call hex8
	mov si, drives
.next:
	lodsb
	cmp al, 0xff
	je .done
	push si
	call read_print
	pop si
	jmp .next
.done:
	mov si, msg_done
	call print
	cli
	hlt

; read_print - sector 0 of drive AL to 0:8000, printed as "NN: text".
read_print:
	push ax
	mov si, msg_nl
	call print
	pop ax
	push ax
	call hex8
	mov si, msg_colon
	call print
	pop dx                   ; DL: the drive
	xor ax, ax
	mov es, ax
	mov bx, 0x8000
	mov byte [bx], 0
	mov cx, 0x0001           ; C0 S1
	xor dh, dh               ; H0
	mov ax, 0x0201
	int 0x13
	jc int13_fail
	mov si, 0x8000
	jmp print

	int13_fail_fn

	screen_serial_print_fn

	both_hex8_fn

drives:    db 0x81, 0x82, 0x83, 0x01, 0xff
msg_count: db "hard disks: ", 0
msg_colon: db ": ", 0
msg_nl:    db 13, 10, 0
msg_done:  db 13, 10, "done", 13, 10, 0
msg_fail:  db "INT 13h failed: ", 0

	boot_signature
