/* fdc.h - Intel 82077AA-compatible floppy disk controller (0x3f0-0x3f5, 0x3f7, IRQ 6, DMA channel 2) with two drives. */
#ifndef BOOTCHECK_FDC_H
#define BOOTCHECK_FDC_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/disk.h" // struct disk
#include "hw/dma.h"  // struct dma
#include "vmm/bus.h" // struct bus
#include "vmm/irq.h" // struct irq_line

#define FDC_BASE 0x3f0
#define FDC_IRQ 6
#define FDC_DMA_CHANNEL 2
#define FDC_DRIVES 2     /* drives wired (A: and B:); selects 2 and 3 find nothing */

/* Registers, as offsets from FDC_BASE (0x3f6 is the hard disk controller's). */
enum {
	FDC_REG_SRA = 0,  /* PS/2 status registers: float in AT mode */
	FDC_REG_SRB = 1,
	FDC_REG_DOR = 2,
	FDC_REG_TDR = 3,
	FDC_REG_MSR = 4,  /* read: main status; write: data rate select (DSR) */
	FDC_REG_FIFO = 5,
	FDC_REG_DIR = 7,  /* read: digital input; write: configuration control (CCR) */
};

/* Digital output register */
#define FDC_DOR_SEL 0x03
#define FDC_DOR_NRESET 0x04   /* 0 holds the controller in reset */
#define FDC_DOR_DMA 0x08      /* DMA and IRQ gate */
#define FDC_DOR_MOTOR0 0x10

/* Main status register */
#define FDC_MSR_RQM 0x80
#define FDC_MSR_DIO 0x40      /* controller to host */
#define FDC_MSR_NDMA 0x20
#define FDC_MSR_CB 0x10
#define FDC_DIR_DSKCHG 0x80
#define FDC_DSR_RESET 0x80

/* Status register 0 */
#define FDC_ST0_NORMAL 0x00
#define FDC_ST0_ABNORMAL 0x40
#define FDC_ST0_INVALID 0x80
#define FDC_ST0_POLLED 0xc0   /* ready changed: the status of drive polling after a reset */
#define FDC_ST0_SE 0x20       /* seek end */
#define FDC_ST0_EC 0x10       /* equipment check: no track 0 after a recalibrate */
#define FDC_ST0_HEAD 0x04
/* Status register 1 */
#define FDC_ST1_EN 0x80       /* end of cylinder: EOT passed without terminal count */
#define FDC_ST1_DE 0x20
#define FDC_ST1_OR 0x10
#define FDC_ST1_ND 0x04
#define FDC_ST1_MA 0x01
/* Status register 2 */
#define FDC_ST2_WC 0x10
#define FDC_ST2_BC 0x02
/* Status register 3 */
#define FDC_ST3_T0 0x10

/* Data rates: DSR/CCR bits 1-0 */
enum { FDC_RATE_500K, FDC_RATE_300K, FDC_RATE_250K, FDC_RATE_1M };

enum fdc_phase {
	FDC_PHASE_COMMAND,  /* taking a command's bytes */
	FDC_PHASE_EXEC,     /* waiting for DMA to move a command's data */
	FDC_PHASE_RESULT,   /* giving a command's result bytes */
};

struct fdc_drive_state {
	uint8_t type;       /* CMOS drive type: 1 360K, 2 1.2M, 3 720K, 4 1.44M, 5 2.88M; 0 no drive */
	uint8_t media;      /* a disk is in the drive */
	uint8_t rate;       /* the data rate its media is read at */
	uint8_t cyls, heads, secs;
	uint8_t track;      /* the cylinder under the heads */
	uint8_t dskchg;     /* the disk-change line: set at power-on, cleared by a step */
	uint8_t sense_st0;  /* ST0 a SENSE INTERRUPT STATUS reports for it */
};

#define FDC_STATE_VERSION 1

/*
 * Everything about the controller and its drives, and nothing else: plain
 * data, so a snapshot copies it.  The disks' contents belong to the disks.
 */
struct fdc_state {
	uint32_t version;          /* FDC_STATE_VERSION */
	int32_t irq_level;         /* what the line was last driven to */
	uint8_t irq;               /* the interrupt request, before the DOR's gate */
	uint8_t dor, tdr, rate, precomp;
	uint8_t phase;             /* enum fdc_phase */
	uint8_t cmd[9], cmd_len, cmd_pos;
	uint8_t res[10], res_len, res_pos;
	uint8_t sense_pending;     /* bits 3-0: drives with a status for SENSE INTERRUPT STATUS */
	uint8_t specify[2];
	uint8_t config, pretrk, lock, perpendicular;
	uint8_t last_eot;          /* DUMPREG's SC/EOT */
	struct fdc_drive_state drive[4];
};

struct fdc {
	struct fdc_state s;
	/* wiring, not state */
	struct disk *disk[FDC_DRIVES];  /* NULL: no drive */
	struct dma *dma;
	struct irq_line irq;
};

/*
 * fdc__drive_type - the CMOS drive type (register 0x10's nibble) of a
 * drive for a floppy of SIZE bytes: 1 360K, 2 1.2M, 3 720K, 4 1.44M,
 * 5 2.88M; 0 when SIZE is no standard floppy (disk__floppy_geometry).
 */
uint8_t fdc__drive_type(uint64_t size);

/*
 * fdc__init - power-on state (held in reset: DOR 0) with DISKS[0] as drive
 * A: and DISKS[1] as B: (either NULL: no drive).  Each disk's size must be
 * a standard floppy's (fdc__drive_type not 0); the drive is of that type,
 * with its disk in.  Data moves through channel 2 of DMA; IRQ is driven
 * with level semantics.
 */
void fdc__init(struct fdc *f, struct disk *const disks[FDC_DRIVES], struct dma *dma,
	       struct irq_line irq);

/* fdc__register - claim 0x3f0-0x3f5 and 0x3f7 on BUS (0x3f6 stays the hard disk's).  0 or -errno. */
int fdc__register(struct fdc *f, struct bus *bus);

/*
 * fdc__io - one byte access to PORT (the bus handlers' core).  Returns the
 * value read (0 for writes; 0xff for a port that is not the controller's).
 */
uint8_t fdc__io(struct fdc *f, uint16_t port, uint8_t value, bool is_write);

#endif
