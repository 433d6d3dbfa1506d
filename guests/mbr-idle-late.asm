; mbr-idle-late.asm - changes the screen late: it prints a first line, then
; waits for 5 BIOS ticks (polling 0040:006C with `sti; hlt` between polls:
; 5 x 54.925 ms = 274.6 ms of virtual time from the pinned start), then
; writes "changed at tick 5", then `sti; hlt` forever.  An idle detector
; must not stop it before the change.
; Expect (bios mode): both lines on screen (and on the debug console); exit
; `idle`.
bits 16
org 0x7c00
%include "common.inc"

	boot_setup
	mov ebx, [0x046c]
	mov si, msg_wait
	call print
.poll:
	sti
	hlt
	cli
	mov eax, [0x046c]
	sub eax, ebx
	cmp eax, 5
	jb .poll
	sti
	mov si, msg_changed
	call print
.idle:
	hlt
	jmp .idle


	both_print_fn

msg_wait:    db "waiting for 5 BIOS ticks", 13, 10, 0
msg_changed: db "changed at tick 5", 13, 10, 0

	boot_signature
