; hello-kvm-rom.asm - a 41-byte ROM for address 0: sets up its segments and
; stack, writes "Hello KVM!" to port 0x01 and halts.
; Run: --load 0 --console-port 0x01.  Expect: debugcon "Hello KVM!", exit `hlt`.
bits 16
org 0

	cli
	cld
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov sp, 0x1000
	mov si, msg
	mov dx, 0x01
.next:
	lodsb
	test al, al
	jz .done
	out dx, al
	jmp .next
.done:
	hlt
	jmp .done

msg: db "Hello KVM!", 0

%if ($ - $$) != 41
%error "the ROM is meant to be 41 bytes"
%endif
