; loader.asm - a two-stage loader: the boot sector reads stage 2 (sectors
; 2-3) with INT 13h AH=02h in CHS form, then the rest (sectors 4-9) with the
; LBA extensions (AH=41h check, AH=42h read), and jumps to stage 2, which
; prints a line from every sector it got and then tries to read past the end
; of the disk, which must fail.
; Expect (bios mode, hdd): every sector's line, "past the end: CF set",
; exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

SECTORS equ 9                        ; the whole image

stage1:
	boot_setup
	mov [drive], dl
	; CHS: cylinder 0, head 0, sectors 2-3 -> 0x7e00
	mov ax, 0x0202
	mov cx, 0x0002
	xor dh, dh
	mov dl, [drive]
	mov bx, 0x7e00
	int 0x13
	jc .chs_failed
	; LBA extensions present?
	mov ah, 0x41
	mov bx, 0x55aa
	mov dl, [drive]
	int 0x13
	jc .no_ext
	cmp bx, 0xaa55
	jne .no_ext
	; LBA 3..8 (sectors 4-9) -> 0x8200
	mov si, dap
	mov ah, 0x42
	mov dl, [drive]
	int 0x13
	jc .lba_failed
	jmp stage2
.chs_failed:
	mov si, msg_chs
	jmp .fail
.no_ext:
	mov si, msg_noext
	jmp .fail
.lba_failed:
	mov si, msg_lba
.fail:
	call bios_print
	cli
	hlt

	bios_print_fn

drive:	db 0
dap:	db 16, 0                     ; size, reserved
	dw SECTORS - 3               ; count
	dw 0x8200, 0                 ; buffer offset, segment
	dq 3                         ; first LBA
msg_chs:   db "stage 1: CHS read failed", 0
msg_noext: db "stage 1: no INT 13h extensions", 0
msg_lba:   db "stage 1: LBA read failed", 0

	boot_signature

; ---- stage 2: sectors 2-9, at 0x7e00 ---------------------------------------
stage2:
	mov si, s2
	call bios_print
	mov cx, SECTORS - 1
	mov di, 0x7e00 + 510         ; each sector ends with a pointer to its line
.line:
	mov si, [di]
	call bios_print
	add di, 512
	loop .line
	; past the end: LBA 100 of a 9-sector disk
	mov si, dap_past
	mov ah, 0x42
	mov dl, [drive]
	int 0x13
	mov si, past_ok
	jnc .said
	mov si, past_cf
.said:
	call bios_print
	cli
	hlt

dap_past:
	db 16, 0
	dw 1
	dw 0x9000, 0
	dq 100
s2:	  db "stage 2 running; lines from sectors 2-9:", 13, 10, 0
past_ok:  db "past the end: read succeeded (wrong)", 13, 10, 0
past_cf:  db "past the end: CF set", 13, 10, 0

; sector_end N - close sector N: its line, then a pointer to it at offset 510
%macro sector_end 1
%%text:
	db "  sector ", %1 + '0', " ok", 13, 10, 0
	times 510 - (($ - $$) % 512) db 0
	dw %%text
%endmacro
	sector_end 2
	sector_end 3
	sector_end 4
	sector_end 5
	sector_end 6
	sector_end 7
	sector_end 8
	sector_end 9
%if ($ - $$) != SECTORS * 512
%error "image size is not SECTORS sectors"
%endif
