; ata-pio.asm - a direct-mode kernel (--mode direct --cpu protected --load
; 0x100000) with no BIOS: it reads sector 0 of the second ATA disk (the
; primary slave, ports 0x1f0-0x1f7) by polled PIO, as xv6's IDE driver does,
; and prints the text it finds on the screen and COM1.  The primary master
; is whatever --hdd gave first (e.g. the kernel itself, as in xv6).
;   bootcheck run --mode direct --cpu protected --load 0x100000 \
;       --hdd ata-pio.bin --hdd data-slave.bin ata-pio.bin
; Expect: "slave present", sector 0's text, exit `debug-exit 0`; a slave that
; does not answer is `debug-exit 2`, a read error `debug-exit 3`, no
; controller at all (status 0xff) `debug-exit 4`.
bits 32
org 0x100000
%include "common.inc"

ATA_DATA   equ 0x1f0
ATA_NSECT  equ 0x1f2
ATA_LBA0   equ 0x1f3
ATA_LBA1   equ 0x1f4
ATA_LBA2   equ 0x1f5
ATA_SELECT equ 0x1f6
ATA_CMD    equ 0x1f7             ; status when read
ATA_CTRL   equ 0x3f6
ST_BSY     equ 0x80
ST_DRDY    equ 0x40
ST_DRQ     equ 0x08
ST_ERR     equ 0x01

start:
	mov edi, VGA_TEXT
	mov dx, ATA_CTRL
	mov al, 0x02                 ; nIEN: polled, no interrupts
	out dx, al
	; is device 1 there?  Select it and look for a non-zero status, as xv6 does
	mov dx, ATA_SELECT
	mov al, 0xe0 | 0x10          ; LBA, device 1
	out dx, al
	mov ecx, 1000
	mov dx, ATA_CMD
.probe:
	in al, dx
	cmp al, 0xff                 ; a floating bus: no controller at all
	je .no_controller
	test al, al
	jnz .present
	loop .probe
	mov esi, absent
	call print
	debug_exit 2
.no_controller:
	mov esi, nothing
	call print
	debug_exit 4
.present:
	mov esi, present
	call print
	call wait_ready
	; READ SECTORS: one sector at LBA 0 of device 1
	mov dx, ATA_NSECT
	mov al, 1
	out dx, al
	xor al, al
	mov dx, ATA_LBA0
	out dx, al
	inc dx
	out dx, al
	inc dx
	out dx, al
	mov dx, ATA_SELECT
	mov al, 0xe0 | 0x10
	out dx, al
	mov dx, ATA_CMD
	mov al, 0x20
	out dx, al
	call wait_ready
	test al, ST_ERR
	jnz .error
	test al, ST_DRQ
	jz .error
	; 128 double words from the data port (a loop: one exit each either way)
	mov ebx, buf
	mov ecx, 128
	mov dx, ATA_DATA
.word:
	in eax, dx
	mov [ebx], eax
	add ebx, 4
	loop .word
	mov byte [buf + 80], 0       ; at most a line of it
	mov esi, sector0
	call print
	mov esi, buf
	call print
	mov al, 10
	mov dx, COM1
	out dx, al
	debug_exit 0
.error:
	mov esi, readerr
	call print
	debug_exit 3

; wait_ready - poll the status until BSY is clear and DRDY set; returns it in AL
wait_ready:
	mov dx, ATA_CMD
.poll:
	in al, dx
	mov ah, al
	and ah, ST_BSY | ST_DRDY
	cmp ah, ST_DRDY
	jne .poll
	ret

; print - the NUL-terminated string at ESI to COM1 and the screen at EDI
print:
	mov dx, COM1
.next:
	lodsb
	test al, al
	jz .done
	out dx, al
	mov ah, 0x07
	stosw
	jmp .next
.done:
	ret

present: db "slave present; ", 0
absent:	db "no slave", 10, 0
nothing: db "no ATA controller", 10, 0
sector0: db "sector 0: ", 0
readerr: db "read error", 10, 0

align 4
buf:	times 512 db 0
