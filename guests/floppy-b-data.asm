; floppy-b-data.asm - the disk in floppy drive B: for mbr-floppy-b: a 1.44 MB
; image (80 cylinders, 2 heads, 18 sectors) whose sectors say where they are.
; Sector 1 (C0 H0 S1) and the last sector of cylinder 2, head 1 (C2 H1 S18,
; LBA 2*36 + 18 + 17 = 107) hold text; the rest is zero.
bits 16
org 0

	db "B: sector C0 H0 S1 read through INT 13h", 0
	times 107 * 512 - ($ - $$) db 0
	db "B: sector C2 H1 S18 read through INT 13h", 0
	times 1474560 - ($ - $$) db 0
