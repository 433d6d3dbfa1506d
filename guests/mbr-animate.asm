; mbr-animate.asm - never goes idle: it hooks IRQ 0 (INT 08h), chains to
; SeaBIOS's handler first (so the BIOS tick count still counts and the
; master gets its EOI), then on every timer tick rewrites the top-right
; corner of the screen in VGA text memory: the number of ticks since the
; hook, right-aligned in columns 73-77, and a spinner (| / - \) in column 79.
; The main loop is `sti; hlt` forever.  The banner goes to the screen and to
; port 0xe9; the per-tick updates only to the screen (so the debug console
; stays bounded).
; Run with a virtual-time stop, e.g. `--stop-at 2`: ticks come every
; 65536 / 1193182 s = 54.925 ms from the pinned start, the 36th at 1977.3 ms
; and the 37th at 2032.2 ms, so 2 s in the corner reads "   36 |" (36 mod 4
; = 0: '|').
; Expect (bios mode, --stop-at 2): the banner, and "   36 |" at the right
; end of row 0; never `idle`.
bits 16
org 0x7c00
%include "common.inc"

COL equ 73                       ; first column of the counter

	boot_setup
	mov si, msg
	call print
	cli
	mov eax, [0x08 * 4]
	mov [old08], eax
	mov dword [0x08 * 4], irq0   ; 0000:irq0
	sti
.idle:
	hlt
	jmp .idle

irq0:
	pushf                        ; SeaBIOS's handler first: it ends in iret
	call far [cs:old08]
	pusha
	push es
	mov ax, VGA_SEG
	mov es, ax
	inc word [cs:count]
	mov ax, [cs:count]
	mov bx, ax
	and bx, 3
	mov cl, [cs:spinner + bx]
	mov [es:(0 * 80 + 79) * 2], cl
	mov byte [es:(0 * 80 + 78) * 2], ' '
	mov di, (0 * 80 + COL + 4) * 2 ; the last digit; right to left
	mov bx, 10
	mov cx, 5
.digit:
	xor dx, dx
	div bx
	add dl, '0'
	mov [es:di], dl
	sub di, 2
	test ax, ax
	loopnz .digit
	jcxz .done
.pad:
	mov byte [es:di], ' '
	sub di, 2
	loop .pad
.done:
	pop es
	popa
	iret


	both_print_fn

old08:	 dd 0
count:	 dw 0
spinner: db "|/-\"
msg:	 db "animating: ticks since start and a spinner, top right", 13, 10, 0

	boot_signature
