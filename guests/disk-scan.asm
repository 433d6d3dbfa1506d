; disk-scan.asm - reads every sector of its disk, one INT 13h AH=42h call
; each, in order, and checks that each sector of the image is the one it
; asked for (every sector after the first starts with its own number).
; The disk's size comes from INT 13h AH=48h, so the same guest scans a
; larger disk made by padding the image (the padding reads as zeros).
; Expect (bios mode, hdd, the image as built): "16 sectors, 15 numbered
; ones right, 0 wrong, 0 read errors", exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

SECTORS equ 16                       ; the image as built
BUF_SEG equ 0x1000

start:
	boot_setup
	mov [drive], dl
	mov si, hello
	call print
	; total sectors: AH=48h, qword at offset 0x10 of the result buffer
	mov word [params], 0x1a
	mov si, params
	mov ah, 0x48
	mov dl, [drive]
	int 0x13
	jc .no_params
	mov eax, [params + 0x10]
	cmp dword [params + 0x14], 0
	jne .too_big
	mov [total], eax
	mov dword [dap + 8], 1       ; LBA 1 onwards
.next:
	mov eax, [dap + 8]
	cmp eax, [total]
	jae .done
	mov si, dap
	mov ah, 0x42
	mov dl, [drive]
	int 0x13
	jc .read_error
	mov eax, [dap + 8]
	cmp eax, SECTORS
	jae .counted                 ; padding: not numbered
	push es
	push word BUF_SEG
	pop es
	cmp [es:0], eax
	pop es
	jne .wrong
	inc dword [right]
	jmp .counted
.wrong:
	inc dword [wrong]
	jmp .counted
.read_error:
	inc dword [errors]
	mov word [dap + 2], 1        ; the BIOS may have zeroed the count
.counted:
	inc dword [dap + 8]
	jmp .next
.done:
	mov eax, [total]
	call putdec
	mov si, msg_sectors
	call print
	mov eax, [right]
	call putdec
	mov si, msg_right
	call print
	mov eax, [wrong]
	call putdec
	mov si, msg_wrong
	call print
	mov eax, [errors]
	call putdec
	mov si, msg_errors
	call print
	cli
	hlt
.no_params:
	mov si, msg_no_params
	jmp .fail
.too_big:
	mov si, msg_too_big
.fail:
	call print
	cli
	hlt

	both_print_fn
	both_putdec_fn

drive:	db 0
total:	dd 0
right:	dd 0
wrong:	dd 0
errors:	dd 0
dap:	db 16, 0                     ; size, reserved
	dw 1                         ; count
	dw 0, BUF_SEG                ; buffer offset, segment
	dq 0                         ; LBA, set above
hello:	db "disk-scan: reading every sector", 13, 10, 0
msg_sectors: db " sectors, ", 0
msg_right:   db " numbered ones right, ", 0
msg_wrong:   db " wrong, ", 0
msg_errors:  db " read errors", 13, 10, 0
msg_no_params: db "INT 13h AH=48h failed", 13, 10, 0
msg_too_big:   db "more than 2^32 sectors", 13, 10, 0
params:	times 0x1a db 0

	boot_signature

; sectors 1 to SECTORS-1: each starts with its number
%assign n 1
%rep SECTORS - 1
	dd n
	times 512 - 4 db 0xa5
%assign n n + 1
%endrep
%if ($ - $$) != SECTORS * 512
%error "image size is not SECTORS sectors"
%endif
