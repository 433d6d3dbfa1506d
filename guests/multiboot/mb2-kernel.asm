; mb2-kernel.asm - a Multiboot2 kernel that switches to long mode itself, as
; long-mode kernels booted by GRUB do: an ELF64 whose entry is 32-bit code.
; Its header asks (required) for the command line, loader name, modules,
; basic memory, memory map and framebuffer tags, says it supports an EGA
; text console, prefers (optional) an 80x25 text framebuffer and wants
; page-aligned modules.  The entry checks EAX, builds identity-mapped page
; tables (2 MiB pages, first GiB), enables PAE, EFER.LME and paging, loads
; its own GDT and jumps to 64-bit code, which walks the information tags
; and prints each on COM1 and the text screen.  It exits with the number of
; problems it found (0: all as the specification says).
bits 32

MB2_MAGIC equ 0xE85250D6
MB2_BOOT_MAGIC equ 0x36D76289
COM1 equ 0x3f8

section .multiboot2 align=8
hdr:
	dd MB2_MAGIC
	dd 0                             ; architecture: i386
	dd hdr_end - hdr
	dd 0x100000000 - (MB2_MAGIC + (hdr_end - hdr))
	align 8, db 0
	dw 1, 0                          ; information request, required
	dd 8 + 6 * 4
	dd 1, 2, 3, 4, 6, 8
	align 8, db 0
	dw 4, 0                          ; console flags: EGA text supported
	dd 12
	dd 2
	align 8, db 0
	dw 5, 1                          ; framebuffer, optional: text, no depth
	dd 20
	dd 80, 25, 0
	align 8, db 0
	dw 6, 0                          ; modules page-aligned
	dd 8
	dw 0, 0                          ; end
	dd 8
hdr_end:

section .text
global _start
_start:
	mov esp, stack_top
	cmp eax, MB2_BOOT_MAGIC
	jne .bad
	test ebx, 7                      ; the information is 8-aligned
	jnz .bad
	mov [mbi], ebx
	mov eax, pdpt + 3
	mov [pml4], eax
	mov eax, pd + 3
	mov [pdpt], eax
	xor ecx, ecx
.map:
	mov eax, ecx
	shl eax, 21
	or eax, 0x83                     ; present, writable, 2 MiB
	mov [pd + ecx * 8], eax
	inc ecx
	cmp ecx, 512
	jne .map
	mov eax, pml4
	mov cr3, eax
	mov eax, cr4
	or eax, 1 << 5                   ; PAE
	mov cr4, eax
	mov ecx, 0xC0000080              ; EFER
	rdmsr
	or eax, 1 << 8                   ; LME
	wrmsr
	mov eax, cr0
	or eax, 1 << 31                  ; PG
	mov cr0, eax
	lgdt [gdtr]
	jmp 0x08:long_mode
.bad:
	mov al, 0xee
	out 0xf4, al
	hlt

bits 64
long_mode:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov rsp, stack_top
	mov rdi, 0xb8000                 ; clear the screen
	mov ecx, 80 * 25
	mov ax, 0x0720
	rep stosw
	lea rsi, [rel s_hello]
	call puts
	mov eax, [mbi]
	mov r12, rax                     ; the information
	mov eax, [r12]
	mov [total], eax
	lea r13, [r12 + 8]               ; the first tag
.tag:
	mov eax, r13d
	sub eax, r12d
	cmp eax, [total]
	jae .overrun
	lea rsi, [rel s_tag]
	call puts
	mov eax, [r13]
	call putdec
	mov al, ' '
	call putc
	mov eax, [r13]
	cmp eax, 0
	je .end
	cmp eax, 1
	je .cmdline
	cmp eax, 2
	je .loader
	cmp eax, 3
	je .module
	cmp eax, 4
	je .meminfo
	cmp eax, 6
	je .mmap
	cmp eax, 8
	je .fb
	lea rsi, [rel s_other]
	call puts
	jmp .next
.cmdline:
	lea rsi, [rel s_cmdline]
	call puts
	lea rsi, [r13 + 8]
	call puts
	mov al, '"'
	call putc
	jmp .next
.loader:
	lea rsi, [rel s_loader]
	call puts
	lea rsi, [r13 + 8]
	call puts
	jmp .next
.module:
	lea rsi, [rel s_module]
	call puts
	lea rsi, [r13 + 16]
	call puts
	lea rsi, [rel s_quote]
	call puts
	mov eax, [r13 + 12]
	sub eax, [r13 + 8]
	call putdec
	lea rsi, [rel s_bytes]
	call puts
	test dword [r13 + 8], 0xfff
	jz .aligned
	inc byte [problems]
	lea rsi, [rel s_unaligned]
	call puts
.aligned:
	mov esi, [r13 + 8]               ; the contents, up to 40 bytes
	mov ecx, [r13 + 12]
	sub ecx, esi
	cmp ecx, 40
	jbe .show
	mov ecx, 40
.show:
	test ecx, ecx
	jz .next
	lodsb
	cmp al, 10
	jne .plain
	mov al, '|'
.plain:
	call putc
	dec ecx
	jmp .show
.meminfo:
	lea rsi, [rel s_lower]
	call puts
	mov eax, [r13 + 8]
	call putdec
	lea rsi, [rel s_upper]
	call puts
	mov eax, [r13 + 12]
	call putdec
	lea rsi, [rel s_kib]
	call puts
	jmp .next
.mmap:
	lea rsi, [rel s_mmap]
	call puts
	mov eax, [r13 + 8]
	call putdec
	lea r14, [r13 + 16]
.entry:
	mov eax, [r13 + 4]
	add rax, r13
	cmp r14, rax
	jae .next
	lea rsi, [rel s_indent]
	call puts
	mov rax, [r14]
	call puthex
	mov al, ' '
	call putc
	mov rax, [r14 + 8]
	call puthex
	mov al, ' '
	call putc
	mov eax, [r14 + 16]
	call putdec
	mov eax, [r13 + 8]
	add r14, rax
	jmp .entry
.fb:
	lea rsi, [rel s_fb]
	call puts
	mov rax, [r13 + 8]
	call puthex
	mov al, ' '
	call putc
	mov eax, [r13 + 20]
	call putdec
	mov al, 'x'
	call putc
	mov eax, [r13 + 24]
	call putdec
	lea rsi, [rel s_type]
	call puts
	movzx eax, byte [r13 + 29]
	call putdec
.next:
	mov al, 10
	call putc
	mov eax, [r13 + 4]               ; size, then to the next 8-byte boundary
	add eax, 7
	and eax, ~7
	add r13, rax
	jmp .tag
.overrun:
	inc byte [problems]
	lea rsi, [rel s_overrun]
	call puts
	jmp .done
.end:
	lea rsi, [rel s_end]
	call puts
	mov eax, [total]
	call putdec
	mov al, 10
	call putc
	mov eax, r13d                    ; the end tag ends the information
	add eax, 8
	sub eax, r12d
	cmp eax, [total]
	je .done
	inc byte [problems]
.done:
	lea rsi, [rel s_ok]
	cmp byte [problems], 0
	je .say
	lea rsi, [rel s_problems]
.say:
	call puts
	mov al, [problems]
	out 0xf4, al
	hlt

; puts: the string at RSI; putc: AL, to COM1 and the screen (keeps all but RSI/AL)
puts:
	lodsb
	test al, al
	jz .done
	call putc
	jmp puts
.done:
	ret
putc:
	push rdx
	push rax
	mov dx, COM1
	out dx, al
	cmp al, 10
	je .newline
	movzx edx, byte [row]
	imul edx, 80
	add dl, [col]
	adc dh, 0
	mov ah, 0x07
	mov [0xb8000 + rdx * 2], ax
	inc byte [col]
	cmp byte [col], 80
	jb .out
.newline:
	mov byte [col], 0
	cmp byte [row], 24
	jae .out
	inc byte [row]
.out:
	pop rax
	pop rdx
	ret
; putdec: EAX in decimal
putdec:
	push rax
	push rcx
	push rdx
	push rbx
	mov ebx, 10
	xor ecx, ecx
.div:
	xor edx, edx
	div ebx
	push rdx
	inc ecx
	test eax, eax
	jnz .div
.out:
	pop rax
	add al, '0'
	call putc
	loop .out
	pop rbx
	pop rdx
	pop rcx
	pop rax
	ret
; puthex: RAX as 0x and 9 hex digits (memory addresses below 64 GiB)
puthex:
	push rcx
	push rbx
	mov rbx, rax
	mov al, '0'
	call putc
	mov al, 'x'
	call putc
	mov ecx, 36
.digit:
	sub ecx, 4
	mov rax, rbx
	shr rax, cl
	and eax, 0xf
	lea rdx, [rel hexdigits]
	mov al, [rdx + rax]
	call putc
	test ecx, ecx
	jnz .digit
	pop rbx
	pop rcx
	ret

section .data
align 8
gdt:
	dq 0
	dq 0x00af9a000000ffff            ; 64-bit code
	dq 0x00cf92000000ffff            ; data
gdtr:
	dw gdtr - gdt - 1
	dd gdt
hexdigits:	db "0123456789abcdef"
s_hello:	db "multiboot2 kernel: magic 0x36d76289, in long mode", 10, 0
s_tag:		db "tag ", 0
s_other:	db "(not printed)", 0
s_cmdline:	db "cmdline: ", 34, 0
s_loader:	db "loader: ", 0
s_module:	db "module ", 34, 0
s_quote:	db 34, " ", 0
s_bytes:	db " bytes: ", 0
s_unaligned:	db "(NOT PAGE-ALIGNED) ", 0
s_lower:	db "basic memory: lower ", 0
s_upper:	db " KiB, upper ", 0
s_kib:		db " KiB", 0
s_mmap:		db "memory map, entry size ", 0
s_indent:	db 10, "  ", 0
s_fb:		db "framebuffer ", 0
s_type:		db " type ", 0
s_end:		db "end, total_size ", 0
s_overrun:	db "tags run past total_size", 10, 0
s_ok:		db "multiboot2 kernel: all as specified", 10, 0
s_problems:	db "multiboot2 kernel: problems found", 10, 0

section .bss align=4096
pml4:	resb 4096
pdpt:	resb 4096
pd:	resb 4096
	resb 8192
stack_top:
mbi:	resd 1
total:	resd 1
problems: resb 1
row:	resb 1
col:	resb 1
