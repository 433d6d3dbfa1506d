/* direct.h - direct-entry boot: no BIOS; the host loads the image and sets the registers. */
#ifndef BOOTCHECK_DIRECT_H
#define BOOTCHECK_DIRECT_H

#include <stdbool.h>
#include <stdint.h>

#include "boot/bootinfo.h" // BOOTINFO_MAX_MODULES
#include "boot/image.h"    // struct image
#include "vmm/vm.h"     // struct vm

enum cpu_mode { CPU_REAL, CPU_PROTECTED, CPU_LONG };

/* What the image file is (--format). */
enum image_format {
	FORMAT_AUTO,             /* Multiboot, Multiboot2, ELF or flat: the first that fits */
	FORMAT_FLAT,             /* bytes loaded at --load */
	FORMAT_ELF,              /* an ELF32/ELF64 executable (boot/elf.h) */
	FORMAT_MULTIBOOT,        /* a Multiboot (1) kernel (boot/multiboot.h) */
	FORMAT_MULTIBOOT2,       /* a Multiboot2 kernel (boot/multiboot2.h) */
};

struct direct_boot {
	enum image_format format;
	uint64_t load;           /* physical load address (flat) */
	bool load_set;           /* --load given */
	enum cpu_mode cpu;
	bool cpu_set;            /* --cpu given (an ELF's class picks it otherwise) */
	bool entry_set;          /* otherwise entry = load */
	bool entry_segoff;       /* real mode SEG:OFF given */
	uint64_t entry;          /* linear entry address */
	uint16_t entry_seg, entry_off;
	/* Multiboot */
	const char *cmdline;     /* --cmdline; NULL: none given */
	const char *modules[BOOTINFO_MAX_MODULES]; /* --module FILE[=STRING] */
	int nr_modules;
	bool have_disk;          /* a hard disk is attached: boot_device is 0x80 */
};

#define DIRECT_DEFAULT_LOAD 0x7c00
#define DIRECT_LONG_MAPPED (1ULL << 30) /* long mode: identity-mapped by the page tables */

/*
 * direct__boot - copy IMG into guest RAM at db->load and set the vCPU up to
 * start at the entry point in db->cpu mode:
 *   real       CS:IP from the entry, DS=ES=SS=CS, DL=0x80, a stack below 0x7c00;
 *   protected  flat 4 GiB code/data segments from a GDT the host writes;
 *   long       that GDT plus identity-mapped page tables (2 MiB pages, first
 *              1 GiB), a 64-bit code segment, EFER.LME/LMA, CR0.PE/PG, CR4.PAE.
 * Host structures and the stack go where the image is not.  Returns 0,
 * FAIL_INPUT (image does not fit, bad entry; one line printed) or FAIL_HOST.
 */
int direct__boot(struct vm *vm, struct image *img, const struct direct_boot *db);

#endif
