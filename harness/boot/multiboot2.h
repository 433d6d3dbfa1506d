/*
 * multiboot2.h - Multiboot2 (specification 2.0) kernels: the header and its
 * tags found and checked, and the boot information tags bootcheck hands the
 * kernel.  Pure functions over bytes, like boot/multiboot.h.
 */
#ifndef BOOTCHECK_MULTIBOOT2_H
#define BOOTCHECK_MULTIBOOT2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/bootinfo.h"  // struct bootinfo
#include "boot/multiboot.h" // struct mb_address

#define MB2_HEADER_MAGIC 0xE85250D6u
#define MB2_BOOT_MAGIC 0x36D76289u  /* EAX at the kernel's entry */
#define MB2_SEARCH 32768            /* the header lies within the file's first 32 KiB */
#define MB2_ARCH_I386 0

/* Header tag types */
enum {
	MB2_HTAG_END = 0, MB2_HTAG_INFO_REQUEST = 1, MB2_HTAG_ADDRESS = 2, MB2_HTAG_ENTRY = 3,
	MB2_HTAG_CONSOLE = 4, MB2_HTAG_FRAMEBUFFER = 5, MB2_HTAG_MODULE_ALIGN = 6,
	MB2_HTAG_EFI_BS = 7, MB2_HTAG_EFI32_ENTRY = 8, MB2_HTAG_EFI64_ENTRY = 9,
	MB2_HTAG_RELOCATABLE = 10,
};
#define MB2_HTAG_OPTIONAL 1 /* flags bit 0: a loader that lacks the tag may go on */

/* Information tag types */
enum {
	MB2_TAG_END = 0, MB2_TAG_CMDLINE = 1, MB2_TAG_LOADER_NAME = 2, MB2_TAG_MODULE = 3,
	MB2_TAG_BASIC_MEMINFO = 4, MB2_TAG_BOOTDEV = 5, MB2_TAG_MMAP = 6,
	MB2_TAG_FRAMEBUFFER = 8,
};
#define MB2_MMAP_ENTRY 24      /* base_addr, length, type, reserved */
#define MB2_FRAMEBUFFER_SIZE 32 /* the common part; EGA text has no color info */

struct mb2_header {
	uint64_t offset;          /* of the magic in the file */
	uint32_t length;          /* header_length */
	bool have_address;        /* an address tag: load the file a.out-kludge style */
	bool have_entry;          /* an entry address tag */
	struct mb_address addr;   /* entry_addr valid with have_entry */
	uint32_t requested;       /* bit N: information tag N asked for (N < 32) */
};

/*
 * mb2__find - look for the header in the first MB2_SEARCH bytes of FILE
 * (LEN bytes), on an 8-byte boundary, its checksum right, and read its
 * tags.  Returns 1 with *H filled, 0 when there is none, or -1 with a
 * one-line reason in ERR: a header cut by the end of the file or of the
 * first 32 KiB, an architecture other than i386, a tag that runs past the
 * header or has a bad size, no end tag, a required tag or requested
 * information bootcheck cannot give (named), a header in the wrong place.
 */
int mb2__find(const uint8_t *file, uint64_t len, struct mb2_header *h, char *err,
	      size_t errlen);

/* mb2__info_size - bytes mb2__write_info needs for BI. */
size_t mb2__info_size(const struct bootinfo *bi);

/*
 * mb2__write_info - the boot information for BI into BUF (CAP bytes), which
 * the kernel will see at guest physical address BASE (8-aligned): total_size
 * and reserved, then the tags on 8-byte boundaries (command line, loader
 * name, modules, basic memory, boot device if any, memory map, the text
 * framebuffer) and the end tag.  Returns the bytes written (total_size), or
 * 0 when CAP is too small.
 */
size_t mb2__write_info(const struct bootinfo *bi, uint32_t base, uint8_t *buf, size_t cap);

#endif
