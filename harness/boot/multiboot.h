/*
 * multiboot.h - Multiboot (version 1, specification 0.6.96) kernels: the
 * header found and checked, the a.out-kludge load plan, and the information
 * structure bootcheck hands the kernel.  Pure functions over bytes: nothing
 * here touches a VM, so the tests build any header and read any structure.
 */
#ifndef BOOTCHECK_MULTIBOOT_H
#define BOOTCHECK_MULTIBOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/bootinfo.h" // struct bootinfo
#include "boot/elf.h"      // struct elf_image (the load plan)

#define MB1_HEADER_MAGIC 0x1BADB002u
#define MB1_BOOT_MAGIC 0x2BADB002u  /* EAX at the kernel's entry */
#define MB1_SEARCH 8192             /* the header lies within the file's first 8 KiB */

/* Header flags (bits 0-15 required: a loader that lacks one must refuse) */
#define MB1_HF_PAGE_ALIGN (1u << 0) /* modules on 4 KiB boundaries */
#define MB1_HF_MEMORY (1u << 1)     /* mem_* (and the memory map) wanted */
#define MB1_HF_VIDEO (1u << 2)      /* a video mode wanted: the mode_type.. fields */
#define MB1_HF_ADDRESS (1u << 16)   /* the a.out-kludge address fields are valid */
#define MB1_HF_KNOWN (MB1_HF_PAGE_ALIGN | MB1_HF_MEMORY | MB1_HF_VIDEO | MB1_HF_ADDRESS)

/* Information structure: flags and byte offsets, as the specification lays it out */
#define MB1_INFO_MEMORY (1u << 0)
#define MB1_INFO_BOOT_DEVICE (1u << 1)
#define MB1_INFO_CMDLINE (1u << 2)
#define MB1_INFO_MODS (1u << 3)
#define MB1_INFO_MMAP (1u << 6)
#define MB1_INFO_LOADER_NAME (1u << 9)
#define MB1_INFO_FRAMEBUFFER (1u << 12)

enum {
	MB1_OFF_FLAGS = 0, MB1_OFF_MEM_LOWER = 4, MB1_OFF_MEM_UPPER = 8,
	MB1_OFF_BOOT_DEVICE = 12, MB1_OFF_CMDLINE = 16, MB1_OFF_MODS_COUNT = 20,
	MB1_OFF_MODS_ADDR = 24, MB1_OFF_SYMS = 28, MB1_OFF_MMAP_LENGTH = 44,
	MB1_OFF_MMAP_ADDR = 48, MB1_OFF_DRIVES_LENGTH = 52, MB1_OFF_DRIVES_ADDR = 56,
	MB1_OFF_CONFIG_TABLE = 60, MB1_OFF_LOADER_NAME = 64, MB1_OFF_APM_TABLE = 68,
	MB1_OFF_VBE = 72, MB1_OFF_FB_ADDR = 88, MB1_OFF_FB_PITCH = 96,
	MB1_OFF_FB_WIDTH = 100, MB1_OFF_FB_HEIGHT = 104, MB1_OFF_FB_BPP = 108,
	MB1_OFF_FB_TYPE = 109, MB1_OFF_COLOR_INFO = 110,
	MB1_INFO_SIZE = 116,
};
#define MB1_MMAP_ENTRY 24  /* size (20), base_addr, length, type */
#define MB1_MOD_ENTRY 16   /* mod_start, mod_end, string, reserved */

/*
 * The a.out-kludge address fields (Multiboot 1 with MB1_HF_ADDRESS; the
 * Multiboot2 address and entry tags): where the file's bytes go when the
 * kernel is not an ELF, or wants to be loaded otherwise.
 */
struct mb_address {
	uint32_t header_addr;   /* where the header's magic lands */
	uint32_t load_addr;     /* where the text starts (Multiboot2: -1, the file's start) */
	uint32_t load_end_addr; /* 0: the end of the file */
	uint32_t bss_end_addr;  /* 0: no bss */
	uint32_t entry_addr;
};

struct mb1_header {
	uint64_t offset;       /* of the magic in the file */
	uint32_t flags;
	struct mb_address addr; /* with MB1_HF_ADDRESS */
	/* with MB1_HF_VIDEO */
	uint32_t mode_type, width, height, depth;
};

/*
 * mb1__find - look for the header in the first MB1_SEARCH bytes of FILE
 * (LEN bytes), on a 4-byte boundary, its checksum right.  Returns 1 with
 * *H filled, 0 when there is none, or -1 with a one-line reason in ERR
 * when there is one bootcheck must refuse: a required flag it cannot honour
 * (named), a video mode other than 80x25 text, a header cut by the end of
 * the file or of the first 8 KiB.
 */
int mb1__find(const uint8_t *file, uint64_t len, struct mb1_header *h, char *err,
	      size_t errlen);

/*
 * mb__address_plan - the a.out-kludge layout A of a file of LEN bytes whose
 * header is at HEADER_OFFSET, as one segment in OUT: load_addr <=
 * header_addr (with WHOLE_FILE, Multiboot2's load_addr -1 means the file's
 * first byte), the text start inside the file, load_end_addr (0: the end of
 * the file) past load_addr and inside the file, bss_end_addr (0: none) not
 * below it, the entry inside what is loaded, nothing past 4 GiB.  0, or -1
 * with a one-line reason in ERR naming the field.
 */
int mb__address_plan(const struct mb_address *a, uint64_t header_offset, uint64_t len,
		     bool whole_file, struct elf_image *out, char *err, size_t errlen);

/*
 * mb1__info_size - bytes mb1__write_info needs for BI: the structure, the
 * memory map, the module list and every string.
 */
size_t mb1__info_size(const struct bootinfo *bi);

/*
 * mb1__write_info - the information structure for BI into BUF (CAP bytes),
 * which the kernel will see at guest physical address BASE (8-aligned): the
 * structure first, at BASE, then the memory map, the module entries and the
 * strings.  Returns the bytes written, or 0 when CAP is too small.
 */
size_t mb1__write_info(const struct bootinfo *bi, uint32_t base, uint8_t *buf, size_t cap);

#endif
