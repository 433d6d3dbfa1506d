; mbr-key-menu.asm - a menu on INT 16h AH=10h (the extended keyboard read):
; for every key it prints the scancode and ASCII code it got (AH, AL), then
; acts: Up and Down move the choice among three drinks (and show it), F1
; prints a help line, Enter takes the choice, Esc says bye and halts; other
; keys only show their codes.  Everything goes to the screen and to the
; debug console.
; Run with --keys, e.g. '{Down}{Down}{Up}{F1}x{Enter}{Esc}'.
; Expect (bios mode): a line per key; exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov si, s_title
	call print
	call show
.key:
	mov ah, 0x10
	int 0x16                     ; AH = scancode, AL = ASCII (E0h for grey keys)
	push ax
	mov si, s_ah
	call print
	mov al, ah
	call hex8
	mov si, s_al
	call print
	pop ax
	push ax
	call hex8
	mov si, s_crlf
	call print
	pop ax
	cmp ah, 0x48                 ; Up
	je .up
	cmp ah, 0x50                 ; Down
	je .down
	cmp ah, 0x3b                 ; F1
	je .help
	cmp ax, 0x1c0d               ; Enter
	je .take
	cmp ax, 0x011b               ; Esc
	je .quit
	jmp .key
.up:
	dec byte [choice]
	jns .moved
	mov byte [choice], 2
	jmp .moved
.down:
	inc byte [choice]
	cmp byte [choice], 3
	jb .moved
	mov byte [choice], 0
.moved:
	call show
	jmp .key
.help:
	mov si, s_help
	call print
	jmp .key
.take:
	mov si, s_took
	call print
	call item
	jmp .key
.quit:
	mov si, s_bye
	call print
	cli
	hlt

; show - "choice: NAME"
show:
	mov si, s_choice
	call print
; item - the chosen drink's name and CR LF
item:
	movzx bx, byte [choice]
	shl bx, 1
	mov si, [names + bx]
	call print
	mov si, s_crlf
	jmp print

	both_hex8_fn
	both_print_fn

choice:	 db 1
names:	 dw n_tea, n_coffee, n_water
n_tea:	 db "tea", 0
n_coffee: db "coffee", 0
n_water: db "water", 0
s_title: db "menu: Up/Down, F1, Enter, Esc", 13, 10, 0
s_choice: db "choice: ", 0
s_ah:	 db "AH=", 0
s_al:	 db " AL=", 0
s_crlf:	 db 13, 10, 0
s_help:	 db "help: Up and Down choose, Enter takes, Esc quits", 13, 10, 0
s_took:	 db "you chose ", 0
s_bye:	 db "bye", 13, 10, 0

	boot_signature
