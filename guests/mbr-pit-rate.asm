; mbr-pit-rate.asm - the 8254 PIT, timed by the RTC.  With its own IRQ 0
; (INT 08h, EOI to the master) and IRQ 8 (INT 70h) handlers and the RTC's
; update-ended interrupt on, the guest reprograms channel 0 inside the IRQ 8
; handler, right at an RTC update, and counts IRQ 0 up to the next update,
; one RTC second later:
;  - mode 2, divisor 1193: 1193182 / 1193 = 1000.15 Hz; started at the
;    update, the 1000th interrupt comes at 999.85 ms and the 1001st at
;    1000.85 ms: 1000 (exact as long as the handler has reprogrammed the PIT
;    within 150 us of the update);
;  - mode 3, divisor 1193: the same, 1000;
;  - mode 0, count 11932 (10 ms): a one-shot, 1 interrupt in the whole second.
; An interrupt the previous setting left pending in the master's IRR (or an
; edge from the control word itself) is taken after the handler and is not
; counted.  Then the counter latch: channel 0 still counts down in mode 0
; (past its one interrupt it wraps every 65536 clocks); the guest latches it,
; waits one RTC second, reads the latch, latches again and reads: the two
; values are 1193182 mod 65536 = 13534 clocks apart (about 0 if the latch
; command were ignored and the live count read): "latch held: yes".  Then
; channel 0 goes back to what SeaBIOS programmed (mode 2, divisor 0 = 65536:
; 18.2 Hz) and SeaBIOS's INT 08h/70h vectors and RTC register B come back.
; Last, the read-back status (command E8h) of channel 2 with the OUT bit
; masked off (status & 7Fh), once right after the control word B6h (mode 3,
; LSB then MSB, binary) and once a BIOS tick after a count was loaded (gate
; on, speaker off): RW/mode/BCD bits 36h both times, plus the null-count bit
; 40h before the count is loaded: "76 36".  QEMU does not model null count
; and prints "36 36".  IRQ 0, 2 and 8 are left as SeaBIOS unmasked them.
; Expect (bios mode):
;   PIT mode 2 /1193: 1000
;   PIT mode 3 /1193: 1000
;   PIT mode 0 11932: 1
;   latch held: yes
;   ch2 status: 76 36
; and exit `hlt`.  About 7.1 s of virtual time pass, in hlt, with output
; only every 2 s (an idle limit must allow for that).
bits 16
org 0x7c00
%include "common.inc"

REG_B equ 0x8b                   ; CMOS indexes, with the NMI-disable bit
REG_C equ 0x8c
UIE   equ 0x10

	boot_setup
	call swap_vectors            ; IRQ 0 and IRQ 8 are ours (SeaBIOS unmasked both)
	mov al, REG_B
	out 0x70, al
	in al, 0x71
	mov [regb], al
	and word [uf], 0             ; uf = 0, arm = 0
	or al, UIE
	call set_b                   ; update-ended interrupt on

	mov si, tests
	mov cx, 3
.test:
	lodsd                        ; how to program channel 0
	mov [pit_set], eax
	call print                   ; the label
	mov word [uf], 0x0100        ; uf = 0, arm = 1
.wait:
	hlt
	cmp byte [uf], 2
	jb .wait
	mov ax, [at_uf]
	call putdec
	loop .test

	; the counter latch: channel 0 still counts (mode 0, past its one
	; interrupt, wrapping every 65536 clocks); latch it, wait an RTC second
	xor al, al
	out 0x43, al
	mov byte [uf], 0
.second:
	hlt
	cmp byte [uf], 1
	jb .second
	call read0                   ; the latched value, from before the wait
	mov dx, ax
	xor al, al                   ; a fresh latch: the live count
	out 0x43, al
	call read0
	sub dx, ax                   ; 1193182 mod 65536 = 13534 clocks apart
	mov si, msg_latch
	call print
	cmp dx, 1000                 ; (about 0 if the latch were not kept)
	mov si, msg_yes
	ja .said
	mov si, msg_no
.said:
	call print
	mov al, [regb]
	call set_b                   ; no more RTC interrupts

	; back to SeaBIOS's timer: mode 2, divisor 0 (65536), and its vectors
	xor eax, eax
	mov al, 0x34
	call pit0
	call swap_vectors

	; channel 2 read-back
	mov si, msg_rb
	call print
	in al, 0x61
	and al, 0xfc
	or al, 0x01                  ; gate 2 on, speaker off
	out 0x61, al
	mov al, 0xb6                 ; channel 2, LSB/MSB, mode 3, binary
	out 0x43, al
	call readback
	mov al, 0xa9                 ; count 1193
	out 0x42, al
	mov al, 0x04
	out 0x42, al
	hlt                          ; a BIOS tick later
	call readback
	mov al, 10
	call putc
	cli
	hlt

; read0 - AX = channel 0's counter (or its latch), LSB then MSB
read0:
	in al, 0x40
	mov ah, al
	in al, 0x40
	xchg al, ah
	ret

; readback - print channel 2's read-back status without the OUT bit
readback:
	mov al, ' '
	call putc
	mov al, 0xe8                 ; read-back: status only, channel 2
	out 0x43, al
	in al, 0x42
	and ax, 0x7f
	mov bx, 16
	jmp putnum

hexdigit:
	cmp al, 10
	sbb al, 0x69
	das
	jmp putc

; pit0 - channel 0: control word AL, count = bits 8-23 of EAX
pit0:
	out 0x43, al
	shr eax, 8
	out 0x40, al
	mov al, ah
	out 0x40, al
	ret

; set_b - clear RTC register C (stale flags), then register B = AL
set_b:
	push ax
	mov al, REG_C
	out 0x70, al
	in al, 0x71
	mov al, REG_B
	out 0x70, al
	pop ax
	out 0x71, al
	ret

; swap_vectors - exchange the INT 08h and INT 70h vectors with vec08, vec70
swap_vectors:
	mov si, vec08
	mov di, 0x08 * 4
	call .one
	mov si, vec70
	mov di, 0x70 * 4
.one:
	mov eax, [si]
	xchg eax, [di]
	mov [si], eax
	ret

irq0:
	inc word [cs:ticks0]
	push ax
	mov al, 0x20
	out 0x20, al
	pop ax
	iret

; IRQ 8: only the update-ended interrupt is on.  When armed, reprogram
; channel 0 first thing, and start counting (minus an interrupt the previous
; setting left pending in the IRR: it is taken after this handler)
irq8:
	pushad
	shr byte [cs:arm], 1         ; armed? (and no longer)
	jnc .read
	mov eax, [cs:pit_set]
	call pit0
	mov al, 0x0a                 ; OCW3: read the IRR
	out 0x20, al
	in al, 0x20
	shr al, 1                    ; CF = IRQ 0 pending
	sbb ax, ax
	mov [cs:ticks0], ax
.read:
	mov al, REG_C
	out 0x70, al
	in al, 0x71
	mov ax, [cs:ticks0]
	mov [cs:at_uf], ax
	inc byte [cs:uf]
	mov al, 0x20
	out 0xa0, al
	out 0x20, al
	popad
	iret

; putdec - print AX in decimal; putnum - in base BX
putdec:
	mov bx, 10
putnum:
	pusha
	xor cx, cx
.div:
	xor dx, dx
	div bx
	push dx
	inc cx
	test ax, ax
	jnz .div
.out:
	pop ax
	call hexdigit
	loop .out
	popa
	ret


	both_print_fn

vec08:	   dd irq0                   ; 0000:irq0, then SeaBIOS's
vec70:	   dd irq8
tests:	   dd 0x0004a934             ; channel 0, LSB/MSB, mode 2, binary; 1193
	   db "PIT mode 2 /1193: ", 0
	   dd 0x0004a936             ; mode 3; 1193
	   db 13, 10, "PIT mode 3 /1193: ", 0
	   dd 0x002e9c30             ; mode 0; 11932
	   db 13, 10, "PIT mode 0 11932: ", 0
msg_latch: db 13, 10, "latch held: ", 0
msg_rb:	   db 13, 10, "ch2 status:", 0
msg_yes:   db "yes", 0
msg_no:	   db "no", 0

	boot_signature

; variables, past the boot sector (each set before it is used)
absolute 0x7e00
pit_set: resd 1
ticks0:	 resw 1
at_uf:	 resw 1
regb:	 resb 1
uf:	 resb 1
arm:	 resb 1
