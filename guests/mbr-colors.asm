; mbr-colors.asm - writes a table of every text attribute straight into VGA
; memory at 0xb800:0 (no INT 10h for the text, as games do): from row 2, one
; row per background colour 0-7 ("bg N:" in 07, then 16 cells " F " with the
; foreground's hex digit in attribute (bg<<4)|fg), a row with blinking text
; (attribute bit 7: "blink" in 8e and in cf) and one line each in 1f and 4e.
; The cursor is parked at row 13, column 0 with INT 10h AH=02h, then cli; hlt.
; Expect (bios mode): rows 0-1 SeaBIOS, rows 2-9 "bg 0:  0  1 ...  F  " to
; "bg 7: ...", row 10 "blink: blink blink", rows 11-12 the two plain lines,
; cursor at row 13, column 0; exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

FIRST_ROW equ 2

	boot_setup
	mov ax, VGA_SEG
	mov es, ax
	xor dx, dx               ; DL: background 0-7
	mov di, 2 * 80 * FIRST_ROW
.row:
	push di
	mov ah, 0x07             ; "bg N: " in light grey on black
	mov si, bg_label
	call write
	mov al, dl
	call hexdigit
	stosw
	mov al, ':'
	stosw
	mov al, ' '
	stosw
	xor cx, cx               ; CL: foreground 0-15
.cell:
	mov ah, dl               ; attribute (bg << 4) | fg
	shl ah, 4
	or ah, cl
	mov al, ' '
	stosw
	mov al, cl
	call hexdigit
	stosw
	mov al, ' '
	stosw
	inc cx
	cmp cl, 16
	jb .cell
	pop di
	add di, 2 * 80
	inc dx
	cmp dl, 8
	jb .row

	push di                  ; row 10: blinking text
	mov ah, 0x07
	mov si, blink_label
	call write
	mov ah, 0x8e             ; blinking yellow on black
	mov si, blink_word
	call write
	mov ax, 0x0720
	stosw
	mov ah, 0xcf             ; blinking white on red
	mov si, blink_word
	call write
	pop di
	add di, 2 * 80
	push di                  ; row 11: white on blue
	mov ah, 0x1f
	mov si, plain_1f
	call write
	pop di
	add di, 2 * 80           ; row 12: yellow on red
	mov ah, 0x4e
	mov si, plain_4e
	call write

	mov ah, 0x02             ; park the cursor below the text: row 13, column 0
	xor bh, bh
	mov dx, 0x0d00
	int 0x10
	cli
	hlt

; write - the NUL-terminated string at DS:SI to ES:DI in attribute AH
write:
	lodsb
	test al, al
	jz .done
	stosw
	jmp write
.done:
	ret

; hexdigit - AL (0-15) to its hex digit '0'-'9', 'A'-'F'
hexdigit:
	add al, '0'
	cmp al, '9'
	jbe .done
	add al, 'A' - '9' - 1
.done:
	ret

bg_label:    db "bg ", 0
blink_label: db "blink: ", 0
blink_word:  db "blink", 0
plain_1f:    db "attribute 1f: bright white on blue", 0
plain_4e:    db "attribute 4e: yellow on red", 0

	boot_signature
