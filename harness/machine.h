/* machine.h - the PC bootcheck builds for one run: a VM, its devices and their captures. */
#ifndef BOOTCHECK_MACHINE_H
#define BOOTCHECK_MACHINE_H

#include <stdbool.h>
#include <stddef.h>

#include "boot/image.h"     // struct image
#include "capture/outbuf.h" // struct outbuf
#include "capture/result.h" // struct run_result
#include "config/options.h"    // struct run_options
#include "hw/ata.h"         // struct ata
#include "hw/cmos.h"        // struct cmos
#include "hw/debug_exit.h"  // struct debug_exit
#include "hw/debugcon.h"    // struct debugcon
#include "hw/disk.h"        // struct disk
#include "hw/dma.h"         // struct dma
#include "hw/fdc.h"         // struct fdc
#include "hw/fw_cfg.h"      // struct fw_cfg
#include "hw/i8042.h"       // struct i8042
#include "hw/pic.h"         // struct pic
#include "hw/pit.h"         // struct pit
#include "hw/sysreset.h"    // struct sysreset
#include "hw/uart.h"        // struct uart
#include "hw/vga.h"         // struct vga
#include "input/pacer.h"    // struct pacer
#include "input/script.h"   // struct script
#include "vmm/vm.h"         // struct vm

#define BIOS_LOG_PORT 0x402

struct machine {
	struct vm vm;
	enum boot_mode mode;
	/* every mode */
	struct pic pic;            /* the 8259A pair: the only interrupt controller */
	struct pit pit;            /* 8254 and port 0x61 */
	struct cmos cmos;          /* MC146818 RTC and CMOS RAM */
	struct uart com1;
	struct debugcon debugcon;
	struct debug_exit debug_exit;
	struct vga vga;
	struct outbuf serial_out;
	struct outbuf debugcon_out;
	/* BIOS mode: what SeaBIOS expects of a PC */
	struct fw_cfg fw_cfg;
	struct i8042 kbc;
	struct sysreset sysreset;
	struct disk floppy;        /* drive A: (served through fw_cfg when it is the only floppy) */
	bool have_floppy;
	struct disk floppy_b;      /* drive B:: A: and B: are on the floppy controller */
	bool have_floppy_b;
	struct dma dma;
	struct fdc fdc;
	bool have_fdc;
	/* every mode: the hard disks, two to a channel (primary, secondary) */
	struct disk hdd[OPT_MAX_HDD];
	int nr_hdd;                /* opened: hdd[0 .. nr_hdd - 1] */
	struct ata ata[2];         /* registered when it has a disk */
	struct outbuf bios_log_out;
	char log_line[64];         /* the BIOS log's current line, to spot the boot */
	size_t log_line_len;
	/* the BIOS snapshot cache (bios mode, hard disk) */
	char snap_path[4096];      /* this machine's cache file; "" when not cached */
	uint8_t snap_key[32];      /* its key (vmm/snapshot.h) */
	bool snap_save;            /* save it at the checkpoint (a miss) */
	bool restored;             /* the run started from it */
	bool snap_saved;           /* this run saved it */
	double run_seconds;
	/* what --keys and --serial-in still have to type, and what was typed */
	struct pacer input;
	char *input_text[PACER_NR_CHANNELS][2]; /* [channel][sent, pending], for the result */
	struct picture picture;    /* the last result's graphics, if any */
	struct script script;      /* --input: its steps and where it is */
	bool have_script;
	bool guest_asks;           /* the guest is asking for input right now */
};

/*
 * machine__create - VM with RAM and every device the options ask for.
 * SPARE (may be NULL) is a VM an earlier run kept (machine__destroy): it is
 * reset and used when it has the RAM the options ask for, else destroyed;
 * either way SPARE no longer holds a VM afterwards.  Returns 0, FAIL_INPUT
 * (two devices want one port) or FAIL_HOST.
 */
int machine__create(struct machine *m, struct kvm *kvm, const struct run_options *o,
		    struct vm *spare);

/*
 * machine__boot - put the image in place and set the vCPU up (per o->mode):
 * direct entry, or SeaBIOS with IMG (o->image) as the drive that boots.
 * The other drives of O are opened here.  Every image file is only read;
 * the guest gets a private copy of each disk.
 */
int machine__boot(struct machine *m, struct image *img, const struct run_options *o);

/* machine__run - run until the guest stops (see run__loop). */
void machine__run(struct machine *m, const struct run_options *o);

/* machine__result - what the run captured; valid until machine__destroy. */
void machine__result(struct machine *m, struct run_result *res);

/*
 * machine__destroy - free the machine.  With KEEP, its VM is not destroyed
 * but moved to KEEP, for the next machine__create (a VM that could not be
 * made resettable is destroyed and KEEP left empty: KEEP->fd < 0).
 */
void machine__destroy(struct machine *m, struct vm *keep);

/*
 * machine__screen_png - write the screen RES shows (machine__result's) to
 * PATH as a PNG: a graphics mode's picture, or the text drawn with the
 * font of the VGA BIOS the run used (the ROM SeaBIOS copied to 0xC0000;
 * in direct mode the file O->vgabios).  0, or FAIL_INPUT (a planar mode,
 * no font found, the file cannot be written) after saying why.
 */
int machine__screen_png(struct machine *m, const struct run_options *o,
			const struct run_result *res, const char *path);

#endif
