; mbr-line-editor.asm - a line editor on INT 16h: prompts "> ", echoes what
; is typed, Backspace rubs out, Enter runs the line: `add A B` and `sub A B`
; print the result, `quit` says bye and halts, anything else prints "?".
; Everything shown goes to the screen and to the debug console.
; Run with --keys, e.g. 'add 2 3\nsub 10 4\nadd 40 2x\b\nechp\bo\nquit\n'.
; Expect (bios mode): the session on screen and debugcon; exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

LINE_MAX equ 40

	boot_setup
prompt:
	mov si, s_prompt
	call print
	mov di, line
.key:
	xor ah, ah
	int 0x16                     ; AL = ASCII
	cmp al, 13
	je .enter
	cmp al, 8
	je .rubout
	cmp al, ' '
	jb .key
	cmp di, line + LINE_MAX
	jae .key
	stosb
	call putc
	jmp .key
.rubout:
	cmp di, line
	je .key
	dec di
	mov si, s_rubout
	call print
	jmp .key
.enter:
	mov byte [di], 0
	mov si, s_crlf
	call print
	mov si, line
	mov di, c_add
	call word_is
	je .add
	mov di, c_sub
	call word_is
	je .sub
	mov di, c_quit
	call word_is
	je .quit
	mov si, s_what
	call print
	jmp prompt
.add:
	call number
	push ax
	call number
	pop bx
	add ax, bx
	jmp .result
.sub:
	call number
	push ax
	call number
	mov bx, ax
	pop ax
	sub ax, bx
	jns .result
	neg ax
	push ax
	mov al, '-'
	call putc
	pop ax
.result:
	movzx eax, ax
	call putdec
	mov si, s_crlf
	call print
	jmp prompt
.quit:
	mov si, s_bye
	call print
	cli
	hlt

; word_is - ZF when the line at SI starts with the NUL-terminated word at
; DI followed by a space or the end; then SI is past it.  Keeps SI otherwise.
word_is:
	push si
.cmp:
	mov al, [di]
	test al, al
	jz .end
	cmp al, [si]
	jne .no
	inc si
	inc di
	jmp .cmp
.end:
	mov al, [si]
	cmp al, ' '
	je .yes
	test al, al
	jnz .no
.yes:
	add sp, 2                    ; drop the saved SI
	xor al, al                   ; ZF
	ret
.no:
	pop si
	or al, 1                     ; NZ (AL is never 0xff here)
	ret

; number - AX = the decimal number at SI (spaces skipped first); SI after it
number:
	xor ax, ax
.skip:
	cmp byte [si], ' '
	jne .digit
	inc si
	jmp .skip
.digit:
	movzx bx, byte [si]
	sub bl, '0'
	cmp bl, 9
	ja .done
	imul ax, ax, 10
	add ax, bx
	inc si
	jmp .digit
.done:
	ret

	both_print_fn
	both_putdec_fn

s_prompt: db "> ", 0
s_rubout: db 8, " ", 8, 0
s_crlf:	  db 13, 10, 0
s_what:	  db "?", 13, 10, 0
s_bye:	  db "bye", 13, 10, 0
c_add:	  db "add", 0
c_sub:	  db "sub", 0
c_quit:	  db "quit", 0

	boot_signature

line	equ 0x600                ; the line being typed (below the stack)
