; debugcon.asm - writes to the debug console at 0xe9 and to an extra console
; port 0x402 (run with --console-port 0x402), then cli; hlt.
; Expect: both lines in the debugcon capture, in order; exit `hlt`.
bits 16
org 0x7c00
%include "common.inc"

start:
	in al, DEBUGCON          ; the console answers its own port number
	cmp al, 0xe9
	jne .absent
	mov dx, DEBUGCON
	mov si, msg1
	call puts
	mov dx, 0x402
	mov si, msg2
	call puts
	cli
	hlt
.absent:
	debug_exit 1

; puts - write the NUL-terminated string at DS:SI to port DX
puts:
	lodsb
	test al, al
	jz .done
	out dx, al
	jmp puts
.done:
	ret

msg1: db "debugcon: hello on port 0xe9", 10, 0
msg2: db "debugcon: hello on extra port 0x402", 10, 0
