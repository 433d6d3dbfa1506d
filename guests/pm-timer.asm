; pm-timer.asm - timer interrupts in 32-bit protected mode with no BIOS
; (--mode direct --cpu protected --load 0x100000): builds its own IDT
; (vectors 0-1Fh: an exception handler that reports and exits 2; 20h: the
; timer; 21h-2Fh: a do-nothing handler for spurious IRQs), programs the PIC
; pair itself (ICW1-ICW4: master base 20h, slave base 28h, cascade on IRQ 2,
; 8086 mode; then every IRQ masked but IRQ 0) and PIT channel 0 (mode 2,
; divisor 11932: 100 Hz), then `sti` and counts 100 timer interrupts with
; `hlt` between them (each one EOIs the master), prints "100 timer
; interrupts" to VGA text memory and port 0xe9 and writes debug-exit 0.
; 100 interrupts take about 1 s of virtual time (100 x 11932 PIT clocks; the
; first comes at once if the control word raised OUT, as after a power-on
; state with OUT low).
;
; Returning from the handlers: where 32-bit code runs through KVM's
; instruction emulator (kvm_pvm, see /work/shared/HOST.md) a protected-mode
; IRET is an emulation failure (KVM's emulator only does real-mode IRET).
; Interrupts are only ever enabled by the `sti` right before the `hlt` of the
; wait loop, so a handler knows where it came from: it drops its frame
; (EIP, CS, EFLAGS: no privilege change) and jumps back to the loop, which
; sets IF again with that `sti`.  Build with -DUSE_IRETD for the textbook
; handlers ending in `iretd` (hardware KVM only).
; Expect: "100 timer interrupts" on row 0 and the debug console; exit
; `debug-exit 0`.
bits 32
org 0x100000
%include "common.inc"

CODE_SEL equ 0x08                ; bootcheck's flat 32-bit code segment
NR_VEC	 equ 0x30

start:
	cli
	; the IDT: interrupt gates (type 8Eh: present, DPL 0, 32-bit)
	mov edi, idt
	xor ecx, ecx
.gate:
	mov eax, exception
	cmp ecx, 0x20
	jb .set
	mov eax, timer
	je .set
	mov eax, spurious
.set:
	idt_gate CODE_SEL
	inc ecx
	cmp ecx, NR_VEC
	jb .gate
	lidt [idtr]

	; the PICs: vectors 20h-2Fh, only IRQ 0 unmasked
	pic_init 0x20, 0x28, 0xfe, 0xff

	; PIT channel 0: LSB/MSB, mode 2, binary; 11932 = 2E9Ch: 100 Hz
	mov al, 0x34
	out 0x43, al
	mov al, 0x9c
	out 0x40, al
	mov al, 0x2e
	out 0x40, al

wait_loop:
	cmp dword [ticks], 100
	jae .done
	sti
	hlt                          ; the interrupt comes here
	jmp wait_loop
.done:
	cli

	mov esi, msg_done
	call print
	debug_exit 0

exception:
	cli
	mov esi, msg_exception
	call print
	debug_exit 2

; IRQ 0: count, EOI the master
timer:
	push eax
	inc dword [ticks]
	mov al, 0x20
	out 0x20, al
	pop eax
	pm_ireturn wait_loop

; IRQs 1-15 are masked; a spurious IRQ 7 or 15 needs no EOI
spurious:
	pm_ireturn wait_loop

; print - the NUL-terminated string at ESI to the debug console and to the
; screen from row 0, column 0 (light green on black)
print:
	mov edi, VGA_TEXT
	mov ah, 0x0a
.next:
	lodsb
	test al, al
	jz .done
	out DEBUGCON, al
	stosw
	jmp .next
.done:
	mov al, 10
	out DEBUGCON, al
	ret

ticks:	       dd 0
idtr:	       dw NR_VEC * 8 - 1
	       dd idt
msg_done:      db "100 timer interrupts", 0
msg_exception: db "unexpected exception", 0

	align 8
idt:	times NR_VEC dq 0
