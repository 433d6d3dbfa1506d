; mbr-floppy-b.asm - a boot sector that reads floppy drive B: (DL=01h) through
; INT 13h: the drive's type and geometry (AH=08h), then two sectors (AH=02h),
; C0 H0 S1 and C2 H1 S18 (a seek and the second head), each printed as text
; on the screen and on COM1.  Booted from the hard disk or from floppy A:.
; Run: IMAGE --floppy A.img --floppy floppy-b-data.bin (hard disk boot) or
; IMAGE --drive floppy --floppy floppy-b-data.bin.  Expect the boot drive, "B:
; type 04, max cylinder 4f, max sector 12, max head 01" (a 1.44 MB drive),
; both sectors' text, "done"; exit `hlt`.  A failed call prints "INT 13h
; failed: " and its status (AH).
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov si, msg_boot
	call print
	mov al, dl
	call hex8
	mov si, msg_type
	call print
	mov ah, 0x08             ; drive parameters of B:
	mov dl, 0x01
	xor di, di
	mov es, di
	int 0x13
	jc int13_fail
	mov al, bl               ; CMOS drive type
	call hex8
	mov si, msg_cyl
	call print
	mov al, ch               ; max cylinder (low 8 bits)
	call hex8
	mov si, msg_sec
	call print
	mov al, cl
	and al, 0x3f             ; max sector
	call hex8
	mov si, msg_head
	call print
	mov al, dh               ; max head
	call hex8
	mov cx, 0x0001           ; C0 S1
	xor dh, dh               ; H0
	call read_print
	mov cx, 0x0212           ; C2 S18
	mov dh, 1                ; H1
	call read_print
	mov si, msg_done
	call print
	cli
	hlt

; read_print - read CH/CL/DH of drive B: to 0:8000 and print it as text.
read_print:
	xor ax, ax
	mov es, ax
	mov bx, 0x8000
	mov ax, 0x0201
	mov dl, 0x01
	int 0x13
	jc int13_fail
	mov si, msg_nl
	call print
	mov si, 0x8000
	jmp print

	int13_fail_fn

	screen_serial_print_fn

	both_hex8_fn

msg_boot:  db "boot drive ", 0
msg_type:  db 13, 10, "B: type ", 0
msg_cyl:   db ", max cylinder ", 0
msg_sec:   db ", max sector ", 0
msg_head:  db ", max head ", 0
msg_nl:    db 13, 10, 0
msg_done:  db 13, 10, "done", 13, 10, 0
msg_fail:  db 13, 10, "INT 13h failed: ", 0

	boot_signature
