; mbr-teletype.asm - prints through INT 10h teletype (AH=0Eh), including a
; carriage return, line feed and backspace, then cli; hlt.
; Expect (bios mode): rows 0-1 SeaBIOS, then the text from row 2; exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov si, msg
	call bios_print
	cli
	hlt

	bios_print_fn

msg:	db "INT 10h teletype: hello from the boot sector", 13, 10
	db "second line, with a typo!", 8, "?", 13, 10
	db "third line after CR LF", 0

	boot_signature
