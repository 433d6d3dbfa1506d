; floppy.asm - a 1.44 MB floppy: the boot sector asks INT 13h for the drive's
; geometry (AH=08h), reads sector 2 and the last sector of the first track
; (CHS) and prints what it got.
; Run: --drive floppy.  Expect: "drive 00", the geometry of a 1.44 MB
; floppy (max cylinder 4f, max sector 12, max head 01), both lines; exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov [drive], dl
	mov si, msg_drive
	call bios_print
	mov al, dl
	call bios_hex8
	mov ah, 0x08             ; drive parameters
	mov dl, [drive]
	xor di, di
	mov es, di
	int 0x13
	jc fail
	push cx
	push dx
	mov si, msg_cyl
	call bios_print
	mov al, ch               ; max cylinder (low 8 bits)
	call bios_hex8
	mov si, msg_sec
	call bios_print
	pop dx
	pop cx
	push dx
	mov al, cl
	and al, 0x3f             ; max sector
	call bios_hex8
	mov si, msg_head
	call bios_print
	pop dx
	mov al, dh               ; max head
	call bios_hex8
	xor ax, ax
	mov es, ax
	mov ax, 0x0201           ; sector 2
	mov cx, 0x0002
	xor dh, dh
	mov dl, [drive]
	mov bx, 0x8000
	int 0x13
	jc fail
	mov si, 0x8000
	call bios_print
	mov ax, 0x0201           ; sector 18, the last of track 0 head 0
	mov cx, 0x0012
	xor dh, dh
	mov dl, [drive]
	mov bx, 0x8000
	int 0x13
	jc fail
	mov si, 0x8000
	call bios_print
	cli
	hlt
fail:
	mov si, msg_fail
	call bios_print
	cli
	hlt

	bios_print_fn
	bios_hex8_fn

drive:	   db 0
msg_drive: db "floppy boot, drive ", 0
msg_cyl:   db 13, 10, "max cylinder ", 0
msg_sec:   db ", max sector ", 0
msg_head:  db ", max head ", 0
msg_fail:  db 13, 10, "INT 13h failed", 13, 10, 0

	boot_signature
	db 13, 10, "sector 2 read through INT 13h", 0
	times 17 * 512 - ($ - $$) db 0
	db 13, 10, "sector 18 read through INT 13h", 13, 10, 0
	times 1474560 - ($ - $$) db 0
