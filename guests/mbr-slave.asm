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
	jc error
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
	jc error
	mov si, sector2
	call print
	mov al, [BUF]
	call hex8
	mov si, crlf
	call print
	cli
	hlt
error:
	push ax
	mov si, failed
	call print
	pop ax
	mov al, ah
	call hex8
	mov si, crlf
	call print
	cli
	hlt

; putc - AL on the screen (INT 10h teletype) and COM1
putc:
	pusha
	mov dx, COM1
	out dx, al
	mov ah, 0x0e
	xor bx, bx
	int 0x10
	popa
	ret

; print - the NUL-terminated string at DS:SI, both ways
print:
	lodsb
	test al, al
	jz .done
	call putc
	jmp print
.done:
	ret

; hex8 - AL as two hex digits, both ways
hex8:
	push ax
	shr al, 4
	call .digit
	pop ax
	and al, 0x0f
.digit:
	add al, '0'
	cmp al, '9'
	jbe .out
	add al, 'a' - '9' - 1
.out:
	jmp putc

dap:	db 0x10, 0
	dw 1                         ; one sector
	dw BUF, 0                    ; to 0000:8000
	dq 2                         ; LBA 2

disks:	db " hard disks", 13, 10, 0
sector0: db "drive 0x81, sector 0: ", 0
sector2: db "drive 0x81, sector 2 starts with ", 0
failed: db "INT 13h read of drive 0x81 failed, AH=", 0
crlf:	db 13, 10, 0

	boot_signature
