; mbr-mode13.asm - VGA mode 13h (320x200, 256 colours) with a palette of
; its own: sets the mode with INT 10h AH=00h, programs DAC entries 0-63
; through ports 0x3C8/0x3C9 as a red ramp and 64-127 as a green one, fills
; the screen with horizontal bands of those colours (each pixel's colour is
; its row / 2 + its column / 160 * 64, so the left half ramps red and the
; right half green), draws a frame in entry 255, which it sets to white,
; and halts.
; Expect (bios mode): a 320x200 picture in the PNG golden; exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov ax, 0x0013
	int 0x10
	; the DAC: 0-63 red ramp, 64-127 green ramp
	mov dx, 0x3c8
	xor al, al
	out dx, al
	inc dx
	xor cx, cx
.red:	mov al, cl
	out dx, al                   ; R
	xor al, al
	out dx, al                   ; G
	out dx, al                   ; B
	inc cx
	cmp cx, 64
	jb .red
	xor cx, cx
.green:	xor al, al
	out dx, al
	mov al, cl
	out dx, al
	xor al, al
	out dx, al
	inc cx
	cmp cx, 64
	jb .green
	mov al, 255                  ; entry 255: white, for the frame
	dec dx
	out dx, al
	inc dx
	mov al, 63
	out dx, al
	out dx, al
	out dx, al
	; the pixels
	mov ax, 0xa000
	mov es, ax
	xor di, di
	xor bx, bx                   ; row
.row:	xor cx, cx                   ; column
.col:	mov al, bl
	shr al, 2                    ; 0..49
	cmp cx, 160
	jb .put
	add al, 64
.put:	cmp bx, 0
	je .frame
	cmp bx, 199
	je .frame
	cmp cx, 0
	je .frame
	cmp cx, 319
	jne .store
.frame:	mov al, 255
.store:	stosb
	inc cx
	cmp cx, 320
	jb .col
	inc bx
	cmp bx, 200
	jb .row
	cli
	hlt

	boot_signature
