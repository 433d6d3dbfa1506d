; boot-aout.asm - the same kernel as a flat binary (objcopy -O binary):
; flag 16 says the header's address fields tell the loader where the file
; goes (header_addr, load_addr = the start of the file, load_end_addr = the
; end of .data, bss_end_addr = the end of .bss) and where it starts.
bits 32

MB_MAGIC equ 0x1BADB002
MB_FLAGS equ 0x10003

extern _load_start, _load_end, _bss_end

section .multiboot
align 4
header:
	dd MB_MAGIC
	dd MB_FLAGS
	dd -(MB_MAGIC + MB_FLAGS)
	dd header                ; header_addr
	dd _load_start           ; load_addr
	dd _load_end             ; load_end_addr
	dd _bss_end              ; bss_end_addr
	dd _start                ; entry_addr

%include "multiboot/entry.inc"
