/*
 * bootinfo.h - what a loader tells a kernel, whatever the protocol: the
 * memory map, the command line, the modules and their strings.  Multiboot 1
 * and 2 (boot/multiboot.h, boot/multiboot2.h) write it out in their layouts.
 */
#ifndef BOOTCHECK_BOOTINFO_H
#define BOOTCHECK_BOOTINFO_H

#include <stdbool.h>
#include <stdint.h>

#define BOOTINFO_MAX_MODULES 16
#define BOOTINFO_MAX_MMAP 4
#define BOOTINFO_LOADER_NAME "bootcheck"

enum { MEMMAP_RAM = 1, MEMMAP_RESERVED = 2 };

struct memmap_entry {
	uint64_t base, len;
	uint32_t type;
};

struct bootinfo_module {
	uint32_t start, end;     /* guest physical, END one past the last byte */
	const char *string;
};

struct bootinfo {
	struct memmap_entry mmap[BOOTINFO_MAX_MMAP];
	int nr_mmap;
	uint32_t mem_lower, mem_upper; /* KiB below 640 KiB, and from 1 MiB to the first hole */
	const char *cmdline;           /* never NULL */
	const char *loader_name;
	struct bootinfo_module modules[BOOTINFO_MAX_MODULES];
	int nr_modules;
	bool have_boot_device;
	uint32_t boot_device;          /* Multiboot 1 layout: drive, part1, part2, part3 */
	bool text_screen;              /* describe the 80x25 text screen at 0xB8000 */
};

/*
 * bootinfo__init - BI for a direct-mode machine with RAM bytes: conventional
 * memory [0, 640 KiB) and [1 MiB, RAM) usable, the VGA window and ROM area
 * between them reserved; empty command line, no modules, bootcheck as the
 * loader, the text screen described.
 */
void bootinfo__init(struct bootinfo *bi, uint64_t ram);

#endif
