; star64.asm - ten bytes of 64-bit code writing '*' to COM1 forever.
; Run: --cpu long --load 0x10000.  Expect: serial all stars, exit `timeout`.
bits 64
org 0x10000

	mov edx, 0x3f8
	mov al, '*'
.again:
	out dx, al
	jmp .again

%if ($ - $$) != 10
%error "meant to be ten bytes"
%endif
