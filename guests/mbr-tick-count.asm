; mbr-tick-count.asm - prints the BIOS tick count (0040:006C, decimal) at
; the start, after three `sti; hlt` and after a 1 s INT 15h AH=86h wait, each
; with how much it moved, and the midnight flag (0040:0070).
;
; SeaBIOS (src/clock.c clock_setup, src/hw/timer.c ticks_from_ms) derives the
; count from the RTC time rounding up twice:
;   t     = DIV_ROUND_UP(ms * 3579545, 65536)   ms = 43200000 for 12:00:00
;         = 2359563355
;   ticks = DIV_ROUND_UP(t, 3000) = 786522      (exact: 786521.3)
; which is also what QEMU shows at the boot sector (truncating
; 43200 * 1193180 / 65536 instead gives 786520).
; With the clock pinned at the first instruction (count 786522, a fresh PIT
; period of 65536 clocks = 54.925 ms) each hlt is woken by the next tick:
; +1 each, 786525 after three.  The wait then starts right after tick 3 and
; takes 1024 RTC periodic interrupts (SeaBIOS counts 977 us off each), 999-
; 1000 ms: the 18th tick after it comes at 988.7 ms, the 19th at 1043.6 ms:
; +18, 786543.  Under QEMU (not pinned) the absolute values differ from run
; to run; the steps do not.
; Expect (bios mode, bootcheck's pinned clock):
;   BIOS ticks at start: 786522
;   after 3 x sti; hlt: 786525 (+3)
;   after INT 15h AH=86h, 1 s: 786543 (+18)
;   midnight flag: 0
; and exit `hlt`.  The wait is 1 s of virtual time in hlt with nothing printed
; (an idle limit must allow for that).
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov ebx, [0x046c]            ; first thing (no tick comes for 54.9 ms)
	mov si, msg_start
	call print
	mov eax, ebx
	call putdec
	mov si, crlf
	call print

	mov cx, 3
.hlt:
	sti
	hlt
	loop .hlt
	call ticks
	mov si, msg_hlt
	call step

	mov ah, 0x86
	mov cx, 0x000f
	mov dx, 0x4240
	int 0x15
	call ticks
	mov si, msg_wait
	call step

	mov si, msg_midnight
	call print
	movzx eax, byte [0x0470]
	call putdec
	mov si, crlf
	call print
	cli
	hlt

; ticks - EAX = the BIOS tick count
ticks:
	cli
	mov eax, [0x046c]
	sti
	ret

; step - print SI, EAX, and " (+EAX-EBX)"; EBX = EAX
step:
	push eax
	call print                   ; (lodsb: AL)
	pop eax
	push eax
	call putdec
	mov si, msg_plus
	call print
	pop eax
	push eax
	sub eax, ebx
	call putdec
	pop ebx
	mov si, msg_close
	jmp print

	both_putdec_fn


	both_print_fn

msg_start:    db "BIOS ticks at start: ", 0
msg_hlt:      db "after 3 x sti; hlt: ", 0
msg_wait:     db "after INT 15h AH=86h, 1 s: ", 0
msg_midnight: db "midnight flag: ", 0
msg_plus:     db " (+", 0
msg_close:    db ")"
crlf:	      db 13, 10, 0

	boot_signature
