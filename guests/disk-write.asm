; disk-write.asm - writes sector 2 of its own disk through INT 13h AH=03h,
; reads it back with AH=02h and compares.  The write lands in bootcheck's
; private copy of the image; the test suite checks the file is unchanged.
; Expect (bios mode): "write ok, read back ok"; exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov [drive], dl
	mov di, 0x8000           ; a sector of 'W'
	mov cx, 512
	mov al, 'W'
	rep stosb
	mov ax, 0x0301           ; write 1 sector: cylinder 0, head 0, sector 2
	mov cx, 0x0002
	xor dh, dh
	mov dl, [drive]
	mov bx, 0x8000
	int 0x13
	jc .write_failed
	mov si, msg_write
	call bios_print
	mov ax, 0x0201           ; read it back elsewhere
	mov cx, 0x0002
	xor dh, dh
	mov dl, [drive]
	mov bx, 0x9000
	int 0x13
	jc .read_failed
	mov si, 0x8000
	mov di, 0x9000
	mov cx, 512
	repe cmpsb
	jne .differs
	mov si, msg_same
	call bios_print
	cli
	hlt
.write_failed:
	mov si, msg_wfail
	jmp .say
.read_failed:
	mov si, msg_rfail
	jmp .say
.differs:
	mov si, msg_diff
.say:
	call bios_print
	cli
	hlt

	bios_print_fn

drive:	   db 0
msg_write: db "write ok, ", 0
msg_same:  db "read back ok", 0
msg_wfail: db "write failed", 0
msg_rfail: db "read failed", 0
msg_diff:  db "read back differs", 0

	boot_signature
	times 512 db '.'         ; sector 2, as shipped
