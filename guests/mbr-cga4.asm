; mbr-cga4.asm - CGA mode 4 (320x200, 4 colours, 2 bits a pixel) as a
; boot-sector game would use it: sets the mode with INT 10h AH=00h, picks
; palette 1 (cyan, magenta, white) with INT 10h AH=0Bh BH=01h, then draws
; four horizontal bands of colours 0-3 straight into video memory, with
; even scan lines at B800:0000 and odd ones at B800:2000, and a diagonal
; line of colour 3 across them, and halts.
; Expect (bios mode): a 320x200 picture in the PNG golden; exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov ax, 0x0004
	int 0x10
	mov ah, 0x0b
	mov bx, 0x0101               ; BH=1: palette, BL=1: cyan/magenta/white
	int 0x10
	mov ax, 0xb800
	mov es, ax
	xor bx, bx                   ; scan line
.line:	mov ax, bx
	shr ax, 1
	imul di, ax, 80              ; (y / 2) * 80
	test bl, 1
	jz .even
	add di, 0x2000               ; odd lines in the second bank
.even:	mov ax, bx
	mov cl, 50
	div cl                       ; AL = band 0-3
	mov ah, 0x55
	mul ah                       ; colour repeated in all four pixels of a byte
	mov cx, 80
	rep stosb
	; the diagonal: pixel x = y + 60, colour 3
	mov ax, bx
	add ax, 60
	mov dx, ax
	shr ax, 2                    ; byte in the line
	sub di, 80
	add di, ax
	and dl, 3
	mov cl, dl
	shl cl, 1
	mov al, 0xc0
	shr al, cl
	or [es:di], al
	inc bx
	cmp bx, 200
	jb .line
	cli
	hlt

	boot_signature
