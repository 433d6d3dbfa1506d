; data-secondary.asm - not a guest: the disk mbr-drives reads as the
; secondary channel's master (--hdd, third): sector 0 starts with a line of
; text.
	db "Hello from the secondary master, sector 0", 0
	times 1024 - ($ - $$) db 0
