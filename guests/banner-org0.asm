; banner-org0.asm - a real-mode program assembled at ORG 0 and loaded at
; address 0 (--load 0): writes a banner into segment 0xB800 and halts.
; Expect: the banner on screen row 0, exit `hlt`.
bits 16
org 0
%include "common.inc"

	cli
	mov ax, cs
	mov ds, ax
	mov ax, VGA_SEG
	mov es, ax
	xor di, di
	mov si, banner
	mov ah, 0x70
	cld
.next:
	lodsb
	test al, al
	jz .done
	stosw
	jmp .next
.done:
	hlt

banner: db "*** ORG 0 program loaded at 0000:0000, banner in segment B800 ***", 0
