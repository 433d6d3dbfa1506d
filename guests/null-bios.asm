; null-bios.asm - the smallest image `--bios` accepts: 64 KiB whose reset
; vector jumps to `cli; hlt`.  `make bench` boots it to time what a BIOS-mode
; run costs besides the firmware's work: creating and tearing down the VM
; and every device of the machine.
; Expect (bios mode, any disk image): exit `hlt` at F000:0002, screen blank.
bits 16
org 0

start:
	cli
	hlt
	jmp start

	times 0xfff0 - ($ - $$) db 0
reset:
	jmp 0xf000:start        ; EA 00 00 00 F0, where the CPU starts (F000:FFF0)
	times 0x10000 - ($ - $$) db 0
