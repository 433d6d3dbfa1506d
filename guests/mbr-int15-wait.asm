; mbr-int15-wait.asm - INT 15h AH=86h, "wait CX:DX microseconds": a 1 s wait
; (CX:DX = 000F:4240) and a 10 ms wait (0000:2710).  Before each wait the
; guest synchronises with the BIOS tick (sti; hlt until 0040:006C changes),
; so each wait starts just after a tick; it then prints CF and how far the
; tick count at 0040:006C moved during the wait.
;
; SeaBIOS (src/clock.c) turns the RTC periodic interrupt on (1024 Hz) and
; takes USEC_PER_RTC = DIV_ROUND_CLOSEST(1000000, 1024) = 977 us off the
; remaining time at each one; the wait ends at the first interrupt that finds
; less than 977 us left.  1 s: 1024 interrupts, 999.0-1000.0 ms after the
; call (the first one comes 0-977 us in); the 18th tick after the start comes
; at 988.7 ms, the 19th at 1043.6 ms: 18 ticks.  10 ms: 11 interrupts,
; 9.8-10.7 ms, well before the next tick (54.9 ms): 0 ticks.
; Expect (bios mode):
;   INT 15h AH=86h waits, each started just after a BIOS tick
;   1 s (000F:4240): CF=0, 18 ticks
;   10 ms (0000:2710): CF=0, 0 ticks
; and exit `hlt`.  The waits are hlt with interrupts on: about 1.1 s of
; virtual time with nothing printed (an idle limit must allow for that).
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov si, msg_title
	call print
	mov si, msg_1s
	call print
	mov cx, 0x000f
	mov dx, 0x4240
	call wait_us
	mov si, msg_10ms
	call print
	xor cx, cx
	mov dx, 0x2710
	call wait_us
	cli
	hlt

; wait_us - start just after a BIOS tick, INT 15h AH=86h for CX:DX us, then
; print "CF=c, n ticks"
wait_us:
	call ticks
	mov ebx, eax
.sync:
	sti
	hlt
	call ticks
	cmp eax, ebx
	je .sync
	mov ebx, eax             ; the tick just came: start now
	mov ah, 0x86
	int 0x15
	setc [cf]
	call ticks
	sub eax, ebx
	mov [delta], eax
	mov si, msg_cf
	call print
	mov al, [cf]
	add al, '0'
	call putc
	mov al, ','
	call putc
	mov al, ' '
	call putc
	mov eax, [delta]
	call putdec
	mov si, msg_ticks
	jmp print

; ticks - EAX = the BIOS tick count at 0040:006C
ticks:
	cli
	mov eax, [0x046c]
	sti
	ret

	both_putdec_fn


	both_print_fn

cf:	   db 0
delta:	   dd 0
msg_title: db "INT 15h AH=86h waits, each started just after a BIOS tick", 13, 10, 0
msg_1s:	   db "1 s (000F:4240): ", 0
msg_10ms:  db "10 ms (0000:2710): ", 0
msg_cf:	   db "CF=", 0
msg_ticks: db " ticks", 13, 10, 0

	boot_signature
