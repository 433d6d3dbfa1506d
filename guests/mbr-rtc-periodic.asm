; mbr-rtc-periodic.asm - counts the RTC's periodic interrupts over one second
; of the RTC's own clock, at 1024 Hz (register A RS=6) and at 2 Hz (RS=15).
; It installs its own IRQ 8 handler (INT 70h), unmasks IRQ 8 on the slave PIC
; and IRQ 2 on the master, and turns on the update-ended interrupt (register
; B UIE) with the periodic one (PIE); the handler reads register C to see
; which flags fired, counts PF, and at UF notes the PF count.  The result is
; the number of PFs between two consecutive UFs (a PF read together with a UF
; belongs to the second that UF ends).
;
; Phase: a periodic interrupt lying exactly on the second boundary is counted
; on the same side every second (a model sets both flags at once, and one read
; of register C sees both, or it orders them the same way each time), but a
; model that
; starts the periodic timer when PIE is set (QEMU does) puts it wherever the
; guest happened to enable it, possibly a few microseconds after the update,
; where the order of the two is at the mercy of interrupt latency.  So the
; guest sets PIE at an update, at twice the rate, and switches to the rate
; under test at the first periodic interrupt: such a model then keeps the
; periodic interrupts half a period away from the updates, and a model whose
; periodic rate is tapped from the same divider chain as the 1 Hz update (a
; real MC146818) keeps them on the boundary.  Either way the count is exact.
; Afterwards SeaBIOS's INT 70h vector, register A and B, and the PIC masks are
; restored and register C is cleared.
; Expect (bios mode):
;   RTC periodic interrupts in one RTC second
;   1024 Hz (RS=6): 1024
;   2 Hz (RS=15): 2
; and exit `hlt`.  6 s of virtual time in hlt, with up to 2 s at a time with
; nothing printed: an idle limit must allow for that.
bits 16
org 0x7c00
%include "common.inc"

REG_A equ 0x8a                   ; CMOS indexes, with the NMI-disable bit as SeaBIOS writes them
REG_B equ 0x8b
REG_C equ 0x8c
PIE   equ 0x40
UIE   equ 0x10
PF    equ 0x40
UF    equ 0x10

	boot_setup
	mov si, msg_title
	call print
	cli
	mov eax, [0x70 * 4]
	mov [old70], eax
	mov word [0x70 * 4], irq8
	mov word [0x70 * 4 + 2], 0
	in al, 0xa1
	mov [mask2], al
	and al, 0xfe             ; IRQ 8 on the slave
	out 0xa1, al
	in al, 0x21
	mov [mask1], al
	and al, 0xfb             ; IRQ 2 (the cascade) on the master
	out 0x21, al
	mov al, REG_A
	call rtc_rd
	mov [rega], al
	mov al, REG_B
	call rtc_rd
	mov [regb], al
	sti

	mov si, msg_1024
	mov bx, 0x2526           ; 2048 Hz first, then 1024 Hz
	call measure
	mov si, msg_2
	mov bx, 0x2e2f           ; 4 Hz first, then 2 Hz
	call measure

	cli                      ; put back what SeaBIOS had
	mov al, REG_B
	mov bl, [regb]
	call rtc_wr
	mov al, REG_A
	mov bl, [rega]
	call rtc_wr
	mov al, REG_C
	call rtc_rd
	mov eax, [old70]
	mov [0x70 * 4], eax
	mov al, [mask2]
	out 0xa1, al
	mov al, [mask1]
	out 0x21, al
	hlt

; measure - BH = register A for the first periodic interrupt (twice the
; rate), BL = register A for the rate under test; prints the label at SI
; (once the rate is set, before the second that is counted begins: no more
; than 2 s without output) and the number of periodic interrupts between two
; consecutive update-ended interrupts
measure:
	cli
	mov byte [uf], 0
	mov word [pf], 0
	push bx
	mov al, REG_A
	mov bl, bh
	call rtc_wr
	mov al, REG_C
	call rtc_rd              ; drop stale flags
	mov al, REG_B
	mov bl, [regb]
	or bl, UIE
	call rtc_wr
	pop bx
	sti
.update0:                        ; a second boundary ...
	hlt
	cmp byte [uf], 1
	jb .update0
	mov al, REG_B            ; ... sets the periodic phase (see above)
	push bx
	mov bl, [regb]
	or bl, UIE | PIE
	call rtc_wr
	pop bx
.first:
	hlt
	cmp word [pf], 1
	jb .first
	mov al, REG_A            ; the rate under test
	call rtc_wr
	mov byte [uf], 0
	call print
.update1:
	hlt
	cmp byte [uf], 1
	jb .update1
	mov dx, [pf_at_uf]
.update2:
	hlt
	cmp byte [uf], 2
	jb .update2
	mov al, REG_B            ; periodic and update interrupts off
	mov bl, [regb]
	call rtc_wr
	mov ax, [pf_at_uf]
	sub ax, dx
	movzx eax, ax
	call putdec
	mov al, 13
	call putc
	mov al, 10
	jmp putc

; IRQ 8: read register C (this also lowers the RTC's interrupt line)
irq8:
	push ax
	mov al, REG_C
	out 0x70, al
	in al, 0x71
	test al, PF
	jz .no_pf
	inc word [cs:pf]
.no_pf:
	test al, UF
	jz .eoi
	push word [cs:pf]
	pop word [cs:pf_at_uf]
	inc byte [cs:uf]
.eoi:
	mov al, 0x20
	out 0xa0, al
	out 0x20, al
	pop ax
	iret

; rtc_rd - AL = CMOS register AL; rtc_wr - CMOS register AL = BL
rtc_rd:
	out 0x70, al
	in al, 0x71
	ret
rtc_wr:
	out 0x70, al
	mov al, bl
	out 0x71, al
	ret

	both_putdec_fn


	both_print_fn

old70:	   dd 0
mask1:	   db 0
mask2:	   db 0
rega:	   db 0
regb:	   db 0
uf:	   db 0
pf:	   dw 0
pf_at_uf:  dw 0
msg_title: db "RTC periodic interrupts in one RTC second", 13, 10, 0
msg_1024:  db "1024 Hz (RS=6): ", 0
msg_2:	   db "2 Hz (RS=15): ", 0

	boot_signature
