; mbr-rtc-seconds.asm - polls the RTC through ports 70h/71h the way BIOSes
; do: wait until register A's update-in-progress bit (UIP, 80h) is clear,
; then read.  It reads the seconds register until it changes (with sti; hlt
; between polls, so a virtual clock can jump to the next BIOS tick instead
; of spinning), then reads and prints the time HH:MM:SS.  The RTC reads
; 12:00:00 when the guest starts and its next second boundary comes 1 s
; later, so the first change is to 12:00:01.
; Expect (bios mode):
;   RTC seconds changed: 12:00:01
; and exit `hlt`.  That is 1 s of virtual time in hlt with nothing printed
; (an idle limit must allow for that).
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov al, 0x00                 ; seconds
	call rtc_read
	mov bl, al
.poll:
	sti
	hlt                          ; until the next interrupt (a BIOS tick)
	mov al, 0x00
	call rtc_read
	cmp al, bl
	je .poll
	mov si, msg
	call print
	mov al, 0x04                 ; hours
	call rtc_read
	call hex8
	mov al, ':'
	call putc
	mov al, 0x02                 ; minutes
	call rtc_read
	call hex8
	mov al, ':'
	call putc
	mov al, 0x00                 ; seconds
	call rtc_read
	call hex8
	mov al, 10
	call putc
	cli
	hlt

; rtc_read - AL = RTC register AL, read once UIP is clear (registers BCD)
rtc_read:
	push bx
	mov bl, al
.uip:
	mov al, 0x0a
	out 0x70, al
	in al, 0x71
	test al, 0x80
	jnz .uip
	mov al, bl
	out 0x70, al
	in al, 0x71
	pop bx
	ret

; hex8 - print AL as two hex digits (BCD: two decimal digits)
hex8:
	push ax
	shr al, 4
	call .digit
	pop ax
	and al, 0x0f
.digit:
	cmp al, 10
	sbb al, 0x69
	das
	jmp putc

; print - the NUL-terminated string at DS:SI, to the screen and port 0xe9
print:
	lodsb
	test al, al
	jz .done
	call putc
	jmp print
.done:
	ret

; putc - AL to the screen (INT 10h teletype) and to port 0xe9 (CR only to the screen)
putc:
	pusha
	cmp al, 10
	jne .out
	mov al, 13
	call putc
	mov al, 10
.out:
	cmp al, 13
	je .screen
	out DEBUGCON, al
.screen:
	mov ah, 0x0e
	xor bx, bx
	int 0x10
	popa
	ret

msg:	db "RTC seconds changed: ", 0

	boot_signature
