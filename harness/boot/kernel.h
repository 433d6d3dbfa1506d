/*
 * kernel.h - the kernels direct entry loads (boot/direct.h): ELF
 * executables, Multiboot and Multiboot2 kernels with their modules and boot
 * information.  The formats' readers are pure (boot/elf.h,
 * boot/multiboot*.h); this puts what they describe into guest RAM.
 */
#ifndef BOOTCHECK_KERNEL_H
#define BOOTCHECK_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#include "boot/direct.h" // struct direct_boot, enum image_format, enum cpu_mode
#include "boot/image.h"  // struct image
#include "vmm/vm.h"      // struct vm

/* What is loaded in guest RAM: the kernel, its modules, the boot information. */
#define RANGES_MAX (2 + BOOTINFO_MAX_MODULES)
struct ranges {
	struct { uint64_t lo, len; } r[RANGES_MAX];
	int n;
};

static inline void ranges__add(struct ranges *rs, uint64_t lo, uint64_t len)
{
	if (rs->n < RANGES_MAX && len) {
		rs->r[rs->n].lo = lo;
		rs->r[rs->n].len = len;
		rs->n++;
	}
}

/* ranges__hits - whether [AT, AT+SIZE) shares a byte with any of RS. */
static inline bool ranges__hits(const struct ranges *rs, uint64_t at, uint64_t size)
{
	for (int i = 0; i < rs->n; i++)
		if (at < rs->r[i].lo + rs->r[i].len && rs->r[i].lo < at + size)
			return true;
	return false;
}

/*
 * kernel__detect - what IMG is for --format auto, from its first 64 KiB: a
 * Multiboot header first (as QEMU's -kernel reads a kernel that has both),
 * then a Multiboot2 header, then the ELF magic, else flat.  0, FAIL_INPUT
 * after one line when a header is there but must be refused (misplaced,
 * asking for what bootcheck cannot give: never run as raw bytes), FAIL_HOST.
 */
int kernel__detect(struct image *img, enum image_format *fmt);

/*
 * kernel__load - read IMG whole and load it as FMT (ELF, MULTIBOOT or
 * MULTIBOOT2): its segments at their physical addresses, for Multiboot its
 * modules (db->modules) on page boundaries above it and the information
 * structure, with EAX and EBX in REGS as the specification says.  *CPU:
 * the mode the kernel is entered in (an ELF's class; protected for
 * Multiboot); *ENTRY: where; USED gets every range loaded (the kernel
 * first).  0, FAIL_INPUT after one line, or FAIL_HOST.
 */
int kernel__load(struct vm *vm, struct image *img, const struct direct_boot *db,
		 enum image_format fmt, enum cpu_mode *cpu, struct ranges *used, uint64_t *entry,
		 struct kvm_regs *regs);

#endif
