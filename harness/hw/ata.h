/* ata.h - one IDE/ATA channel (primary 0x1f0/0x3f6 IRQ 14, secondary 0x170/0x376 IRQ 15) with up to two PIO hard disks. */
#ifndef BOOTCHECK_ATA_H
#define BOOTCHECK_ATA_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/disk.h"  // struct disk
#include "vmm/bus.h"  // struct bus
#include "vmm/irq.h"  // struct irq_line

/* The ports of a channel: data and task file at CMD..CMD+7, device control / alternate status at CTRL. */
struct ata_ports {
	uint16_t cmd, ctrl;
};

#define ATA_PRIMARY ((struct ata_ports){ 0x1f0, 0x3f6 })   /* IRQ 14 */
#define ATA_SECONDARY ((struct ata_ports){ 0x170, 0x376 }) /* IRQ 15 */
#define ATA_PRIMARY_IRQ 14
#define ATA_SECONDARY_IRQ 15

/* Task-file register offsets from the command block's base. */
enum {
	ATA_REG_DATA,
	ATA_REG_ERROR,    /* read; features on write */
	ATA_REG_NSECT,
	ATA_REG_SECTOR,   /* LBA 7:0 */
	ATA_REG_LCYL,     /* LBA 15:8 */
	ATA_REG_HCYL,     /* LBA 23:16 */
	ATA_REG_SELECT,   /* device/head: LBA bit 6, DEV bit 4, head or LBA 27:24 */
	ATA_REG_STATUS,   /* read; command on write */
};

/* Status register */
#define ATA_SR_BSY 0x80
#define ATA_SR_DRDY 0x40
#define ATA_SR_DSC 0x10
#define ATA_SR_DRQ 0x08
#define ATA_SR_ERR 0x01

/* Error register */
#define ATA_ER_UNC 0x40  /* uncorrectable data: the image could not give the sector */
#define ATA_ER_IDNF 0x10
#define ATA_ER_ABRT 0x04

/* Device control register */
#define ATA_DC_HOB 0x80
#define ATA_DC_SRST 0x04
#define ATA_DC_NIEN 0x02

#define ATA_SEL_LBA 0x40
#define ATA_SEL_DEV 0x10

#define ATA_MAX_MULT 16 /* sectors per DRQ block for READ/WRITE MULTIPLE */

/*
 * The shadow task file.  Both devices on the cable latch every register
 * write; the "hob" fields hold the previous value of each register, the
 * high-order bytes of a 48-bit command.
 */
struct ata_regs {
	uint8_t feature, nsect, sector, lcyl, hcyl, select;
	uint8_t hob_feature, hob_nsect, hob_sector, hob_lcyl, hob_hcyl;
};

/* What the data port moves; a state field, so its values are part of ATA_STATE_VERSION. */
enum ata_pio {
	ATA_PIO_NONE,
	ATA_PIO_IDENTIFY, /* device to host, from the IDENTIFY block */
	ATA_PIO_READ,     /* device to host, from the disk */
	ATA_PIO_WRITE,    /* host to device, to the disk */
};

#define ATA_STATE_VERSION 2

/* Everything about one device (master or slave) but the task file it shares the cable's writes of. */
struct ata_device_state {
	uint8_t status, error;      /* an absent device reads 0 for both */
	uint8_t command;            /* last command the device accepted */

	/* PIO transfer */
	enum ata_pio pio;
	uint8_t buf[DISK_SECTOR_SIZE];
	uint32_t pos;               /* next byte of buf the data port moves */
	uint64_t lba;               /* sector in buf (read) or being filled (write) */
	uint32_t left;              /* sectors of the command not yet finished */
	uint32_t block_left;        /* of those, in the current DRQ block */
	uint32_t block;             /* sectors per DRQ block: 1 or the multiple count */
	bool ext;                   /* 48-bit command */
	bool use_lba;               /* LBA (not CHS) addressing */

	/* settings the guest changes, and the IDENTIFY block that reports them */
	struct disk_chs cur;        /* current CHS translation (INITIALIZE DEVICE PARAMETERS) */
	uint8_t mult;               /* SET MULTIPLE MODE count; 0 disables READ/WRITE MULTIPLE */
	bool write_cache;
	uint16_t identify[256];
};

/*
 * Everything about the channel and its two devices, and nothing else: plain
 * data, so a snapshot copies it and a test can build any state.  The disks'
 * contents are not here: they belong to the disks, like RAM to the machine.
 */
struct ata_state {
	uint32_t version;           /* ATA_STATE_VERSION */
	int32_t irq_level;          /* what the line was last driven to */
	struct ata_regs tf[2];      /* device 0's and device 1's copies */
	uint8_t unit;               /* selected device: DEV bit of the last select write */
	uint8_t devctl;             /* last device control write (one register for the cable) */
	struct ata_device_state dev[2];
};

/*
 * The channel: its state, and beside it the wiring a snapshot does not copy
 * (restoring S into a channel wired to the same disks, ports and line
 * resumes it where it was).
 */
struct ata {
	struct ata_state s;
	/* wiring, not state */
	struct disk *disk[2];       /* device 0 (master), device 1 (slave); NULL: absent */
	struct ata_ports ports;
	struct irq_line irq;
};

/*
 * ata__init - power-on state of a channel at PORTS with MASTER as device 0
 * and SLAVE as device 1 (either NULL: absent; both NULL: an empty cable,
 * every register reads 0).  Uses each disk's geometry, guessing it first
 * when it is unset.  IRQ is driven with level semantics.
 */
void ata__init(struct ata *a, struct ata_ports ports, struct disk *master, struct disk *slave,
	       struct irq_line irq);

/*
 * ata__register - claim the channel's ports on BUS: the data port (2- and
 * 4-byte accesses move data), the task file at +1..+7 and device control /
 * alternate status.  0 or -errno.
 */
int ata__register(struct ata *a, struct bus *bus);

/*
 * ata__io - one access of LEN bytes (1, 2 or 4) to PORT, the bus handlers'
 * core.  Only the data port takes 2 and 4 bytes; anything else is a byte
 * access.  Returns the value read (0 for writes; all-ones for a port that is
 * not the channel's).
 */
uint32_t ata__io(struct ata *a, uint16_t port, uint32_t value, unsigned len, bool is_write);

#endif
