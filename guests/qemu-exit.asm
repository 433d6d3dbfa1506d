; qemu-exit.asm - a kernel test binary as Rust's `bootimage test` and
; blog_os build them: entered in 64-bit long mode (--cpu long --load
; 0x100000), it reports on COM1 and ends by writing 0x10 to the
; isa-debug-exit port 0xf4 with a 32-bit out, QEMU's "success" (exit
; status (0x10 << 1) | 1 = 33 under QEMU, and under bootcheck run
; --exit-status qemu).
; Expect: serial "Running 1 tests\ntrivial assertion... [ok]\n", exit
; `debug-exit 16`.
bits 64
org 0x100000
%include "common.inc"

QEMU_SUCCESS equ 0x10

start:
	lea rsi, [rel msg]
	call puts
	mov eax, QEMU_SUCCESS
	out DEBUG_EXIT, eax      ; as x86_64's Port::<u32>::new(0xf4).write(...)
	cli
	hlt                      ; never reached

	serial_puts_fn

msg:	db "Running 1 tests", 10, "trivial assertion... [ok]", 10, 0
