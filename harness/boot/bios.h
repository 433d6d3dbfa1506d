/* bios.h - BIOS boot: SeaBIOS mapped where a PC has it, and told about the machine through fw_cfg and CMOS. */
#ifndef BOOTCHECK_BIOS_H
#define BOOTCHECK_BIOS_H

#include <stdint.h>

#include "hw/cmos.h"   // struct cmos
#include "hw/disk.h"   // struct disk
#include "hw/fw_cfg.h" // struct fw_cfg
#include "vmm/vm.h"    // struct vm

#define BIOS_MAX_SIZE (256u << 10)
#define BIOS_LOW_WINDOW (128u << 10)   /* 0xe0000-0xfffff */
#define VGABIOS_MAX_SIZE (128u << 10)

enum bios_drive { BIOS_DRIVE_HDD, BIOS_DRIVE_FLOPPY };

struct bios_boot {
	const char *bios_path;
	const char *vgabios_path;
	enum bios_drive drive; /* which kind boots */
	struct disk *floppy;   /* drive A: served from memory as fw_cfg's floppyimg/, or NULL */
	uint8_t floppy_types[2]; /* CMOS types of the floppy controller's drives A: and B: (0: none) */
	struct disk *hdd;      /* the ATA disks in order: primary master, slave, secondary ... */
	int nr_hdd;
};

/*
 * bios__boot - map the BIOS image at the top of the 4 GiB space (read-only)
 * and its last 128 KiB at 0xe0000 (in RAM, as on QEMU's isapc, so SeaBIOS
 * can write its data there), and fill fw_cfg and CMOS with what SeaBIOS asks
 * for: RAM size and e820 map, the VGA BIOS as vgaroms/vgabios.bin, no boot
 * menu and no wait on boot failure, the floppy as floppyimg/ (drive A:),
 * the hard disks' types and translations, and the boot order.  The vCPU keeps its reset state
 * (F000:FFF0).  Returns 0, FAIL_INPUT (missing or wrong BIOS file; one line
 * naming the package to install) or FAIL_HOST.
 */
int bios__boot(struct vm *vm, const struct bios_boot *bb, struct fw_cfg *fw, struct cmos *cmos);

/*
 * bios__pin_ticks - the guest gets control now: set the BIOS data area's
 * tick count (0040:006C) to what SeaBIOS derives from the RTC's time of
 * day, as it does at POST, and clear the midnight flag (0040:0070), so the
 * count no longer says how long POST took.
 */
void bios__pin_ticks(struct guest_mem *mem, const struct cmos *cmos);

struct sha256_ctx;

/* bios__digest - add the BIOS image bios__boot mapped to C (a snapshot's key). */
void bios__digest(struct sha256_ctx *c);

/* bios__release - free what bios__boot allocated. */
void bios__release(struct vm *vm);

#endif
