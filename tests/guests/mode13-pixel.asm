; mode13-pixel.asm - a test guest of tests/screen.sh and tests/html.sh:
; mode 13h (set with INT 10h, so bios mode) filled with colour FILL, one
; pixel at (X, Y) in colour PIXEL, then cli; hlt.  Assemble with
; -DFILL=N -DPIXEL=N -DX=N -DY=N; variants that differ in PIXEL differ in
; one pixel of the picture.
bits 16
org 0x7c00
	mov ax, 0x0013
	int 0x10
	push 0xa000
	pop es
	xor di, di
	mov cx, 32000
	mov ax, FILL * 0x0101
	rep stosw
	mov byte [es:Y * 320 + X], PIXEL
	cli
	hlt
	times 510 - ($ - $$) db 0
	dw 0xaa55
