; data-slave.asm - not a guest: the data disk mbr-slave and ata-pio read as
; the primary slave (--hdd).  Sector 0 starts with a line of text; sectors
; 1 to 3 start with their own number, so a read of the wrong sector shows.
	db "Hello from the primary slave, sector 0", 0
	times 512 - ($ - $$) db 0
%assign n 1
%rep 3
	dd n
	times 508 db 0
%assign n n + 1
%endrep
