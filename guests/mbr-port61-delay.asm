; mbr-port61-delay.asm - the two DOS-era delay loops that poll port 61h:
;  (a) wait for 66 transitions of the refresh-request toggle, bit 4 (on a PC
;      it flips every 15.085 us, so 66 of them are about 1 ms);
;  (b) program PIT channel 2 in mode 0 (interrupt on terminal count) with a
;      count of 1193 (1 ms), gate it on (bit 0 set, speaker bit 1 clear) and
;      poll bit 5 (OUT2) until it goes high; OUT2 must be low at the start.
; Each loop gives up after 100000 reads of port 61h (at least 100 ms on any
; machine, a read of an ISA port costs about 1 us), so a broken model prints
; FAILED instead of hanging.  Port 61h is put back as it was.
; Expect (bios mode):
;   port 61h delay loops
;   (a) refresh toggle, 66 transitions: done
;   (b) channel 2 mode 0, OUT2 low then high: done
; and exit `hlt`.  (QEMU flips bit 4 on every read, not with time: (a) ends
; after 66 reads there.)
bits 16
org 0x7c00
%include "common.inc"

LIMIT equ 100000

	boot_setup
	mov si, msg_title
	call print

	; (a) refresh toggle
	mov si, msg_a
	call print
	mov ecx, LIMIT
	mov dx, 66                   ; transitions to go
	in al, 0x61
	and al, 0x10
	mov bl, al                   ; the last state of bit 4
.toggle:
	in al, 0x61
	and al, 0x10
	cmp al, bl
	je .same
	mov bl, al
	dec dx
	jz .a_done
.same:
	dec ecx
	jnz .toggle
	call failed
	jmp .b
.a_done:
	call done

	; (b) channel 2, mode 0
.b:
	mov si, msg_b
	call print
	in al, 0x61
	mov [port61], al
	and al, 0xfc                 ; gate 2 off, speaker off
	out 0x61, al
	mov al, 0xb0                 ; channel 2, LSB/MSB, mode 0, binary
	out 0x43, al
	mov al, 0xa9                 ; 1193 = 04A9h: 1 ms
	out 0x42, al
	mov al, 0x04
	out 0x42, al
	in al, 0x61
	or al, 0x01                  ; gate 2 on: count
	out 0x61, al
	in al, 0x61
	test al, 0x20                ; OUT2 must still be low
	jnz .b_failed
	mov ecx, LIMIT
.out2:
	in al, 0x61
	test al, 0x20
	jnz .b_done
	dec ecx
	jnz .out2
.b_failed:
	call failed
	jmp .end
.b_done:
	call done
.end:
	mov al, [port61]
	out 0x61, al
	cli
	hlt

done:
	mov si, msg_done
	jmp print
failed:
	mov si, msg_failed
	jmp print


	both_print_fn

port61:	    db 0
msg_title:  db "port 61h delay loops", 13, 10, 0
msg_a:	    db "(a) refresh toggle, 66 transitions: ", 0
msg_b:	    db "(b) channel 2 mode 0, OUT2 low then high: ", 0
msg_done:   db "done", 13, 10, 0
msg_failed: db "FAILED", 13, 10, 0

	boot_signature
