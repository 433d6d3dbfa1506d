/* multiboot.c - Multiboot (version 1) kernels: header, a.out-kludge plan, information structure. */
#include "boot/multiboot.h"

#include <string.h> // memset, strlen, memcpy

#include "sys/errmsg.h" // errmsg__set
#include "sys/le.h"     // le32, put_le32

/* Header field offsets from the magic */
enum {
	HDR_MAGIC = 0, HDR_FLAGS = 4, HDR_CHECKSUM = 8, HDR_HEADER_ADDR = 12, HDR_LOAD_ADDR = 16,
	HDR_LOAD_END_ADDR = 20, HDR_BSS_END_ADDR = 24, HDR_ENTRY_ADDR = 28, HDR_MODE_TYPE = 32,
	HDR_WIDTH = 36, HDR_HEIGHT = 40, HDR_DEPTH = 44,
	HDR_MIN = 12, HDR_ADDRESS_END = 32, HDR_VIDEO_END = 48,
};

#define MISPLACED_SCAN 32768 /* how far a header in the wrong place is still recognised */
#define MODE_TEXT 1          /* mode_type: EGA-standard text */

static bool valid_at(const uint8_t *file, uint64_t len, uint64_t off)
{
	return off + HDR_MIN <= len && le32(file + off) == MB1_HEADER_MAGIC &&
	       (uint32_t)(le32(file + off) + le32(file + off + HDR_FLAGS) +
			  le32(file + off + HDR_CHECKSUM)) == 0;
}

int mb1__find(const uint8_t *file, uint64_t len, struct mb1_header *h, char *err,
	      size_t errlen)
{
	uint64_t off, end = len < MB1_SEARCH ? len : MB1_SEARCH;

	for (off = 0; off + HDR_MIN <= end; off += 4)
		if (valid_at(file, len, off))
			break;
	if (off + HDR_MIN > end) {
		/* a header the specification's loader would not see: say so, not run it as bytes */
		uint64_t scan = len < MISPLACED_SCAN ? len : MISPLACED_SCAN;

		for (off = 0; off + HDR_MIN <= scan; off++)
			if (valid_at(file, len, off))
				return errmsg__set(err, errlen, "a Multiboot header at offset %llu, %s",
						   (unsigned long long)off, off % 4 ?
						   "not on a 4-byte boundary" :
						   "not within the first 8192 bytes");
		return 0;
	}
	memset(h, 0, sizeof(*h));
	h->offset = off;
	h->flags = le32(file + off + HDR_FLAGS);
	uint32_t unknown = h->flags & 0xffff & ~MB1_HF_KNOWN;

	if (unknown) {
		int bit = __builtin_ctz(unknown);

		return errmsg__set(err, errlen, "the Multiboot header requires flag %d, which "
				   "bootcheck does not know", bit);
	}
	uint64_t need = h->flags & MB1_HF_VIDEO ? HDR_VIDEO_END :
			h->flags & MB1_HF_ADDRESS ? HDR_ADDRESS_END : HDR_MIN;

	if (off + need > end)
		return errmsg__set(err, errlen, "the Multiboot header at offset %llu needs %llu "
				   "bytes for its flags (0x%x) but the %s ends at %llu",
				   (unsigned long long)off, (unsigned long long)need, h->flags,
				   end == len ? "file" : "first 8192 bytes", (unsigned long long)end);
	const uint8_t *p = file + off;

	if (h->flags & MB1_HF_ADDRESS) {
		h->addr.header_addr = le32(p + HDR_HEADER_ADDR);
		h->addr.load_addr = le32(p + HDR_LOAD_ADDR);
		h->addr.load_end_addr = le32(p + HDR_LOAD_END_ADDR);
		h->addr.bss_end_addr = le32(p + HDR_BSS_END_ADDR);
		h->addr.entry_addr = le32(p + HDR_ENTRY_ADDR);
	}
	if (h->flags & MB1_HF_VIDEO) {
		h->mode_type = le32(p + HDR_MODE_TYPE);
		h->width = le32(p + HDR_WIDTH);
		h->height = le32(p + HDR_HEIGHT);
		h->depth = le32(p + HDR_DEPTH);
		if (h->mode_type != MODE_TEXT)
			return errmsg__set(err, errlen, "the Multiboot header requires flag 2 (video "
					   "mode) with mode_type %u, a graphics mode: bootcheck gives "
					   "the 80x25 text screen only", h->mode_type);
	}
	return 1;
}

int mb__address_plan(const struct mb_address *a, uint64_t header_offset, uint64_t len,
		     bool whole_file, struct elf_image *out, char *err, size_t errlen)
{
	uint64_t load, text_off, load_len, memsz;

	if (whole_file && a->load_addr == UINT32_MAX) {
		if (a->header_addr < header_offset)
			return errmsg__set(err, errlen, "header_addr 0x%x is below the header's offset "
					   "in the file (%llu), so the file would start below 0",
					   a->header_addr, (unsigned long long)header_offset);
		load = a->header_addr - header_offset;
		text_off = 0;
	} else {
		if (a->load_addr > a->header_addr)
			return errmsg__set(err, errlen, "load_addr 0x%x is above header_addr 0x%x",
					   a->load_addr, a->header_addr);
		if (a->header_addr - a->load_addr > header_offset)
			return errmsg__set(err, errlen, "header_addr 0x%x - load_addr 0x%x puts the "
					   "text %u bytes before the header, which is at offset %llu "
					   "of the file", a->header_addr, a->load_addr,
					   a->header_addr - a->load_addr,
					   (unsigned long long)header_offset);
		load = a->load_addr;
		text_off = header_offset - (a->header_addr - a->load_addr);
	}
	if (a->load_end_addr == 0) {
		load_len = len - text_off;
	} else {
		if (a->load_end_addr <= load)
			return errmsg__set(err, errlen, "load_end_addr 0x%x is not above the load "
					   "address 0x%llx", a->load_end_addr, (unsigned long long)load);
		load_len = a->load_end_addr - load;
		if (load_len > len - text_off)
			return errmsg__set(err, errlen, "load_end_addr 0x%x is past the end of the "
					   "file: %llu bytes from offset %llu, the file has %llu",
					   a->load_end_addr, (unsigned long long)load_len,
					   (unsigned long long)text_off, (unsigned long long)len);
	}
	memsz = load_len;
	if (a->bss_end_addr) {
		if (a->bss_end_addr < load + load_len)
			return errmsg__set(err, errlen, "bss_end_addr 0x%x is below the end of the "
					   "loaded text and data (0x%llx)", a->bss_end_addr,
					   (unsigned long long)(load + load_len));
		memsz = a->bss_end_addr - load;
	}
	if (load + memsz > (1ULL << 32))
		return errmsg__set(err, errlen, "the image 0x%llx-0x%llx goes past 4 GiB",
				   (unsigned long long)load, (unsigned long long)(load + memsz));
	if (a->entry_addr < load || a->entry_addr >= load + memsz)
		return errmsg__set(err, errlen, "entry address 0x%x is outside the image "
				   "0x%llx-0x%llx", a->entry_addr, (unsigned long long)load,
				   (unsigned long long)(load + memsz));
	memset(out, 0, sizeof(*out));
	out->bits = 32;
	out->entry = a->entry_addr;
	out->nr_loads = 1;
	out->loads[0] = (struct elf_load){ .paddr = load, .offset = text_off,
					   .filesz = load_len, .memsz = memsz };
	return 0;
}

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* Where each part goes, from the start of the area. */
struct layout {
	size_t mmap, mods, strings, end;
};

static struct layout layout_of(const struct bootinfo *bi)
{
	struct layout l;

	l.mmap = align8(MB1_INFO_SIZE);
	l.mods = l.mmap + (size_t)bi->nr_mmap * MB1_MMAP_ENTRY;
	l.strings = l.mods + (size_t)bi->nr_modules * MB1_MOD_ENTRY;
	l.end = l.strings + strlen(bi->cmdline) + 1 + strlen(bi->loader_name) + 1;
	for (int i = 0; i < bi->nr_modules; i++)
		l.end += strlen(bi->modules[i].string) + 1;
	return l;
}

size_t mb1__info_size(const struct bootinfo *bi)
{
	return layout_of(bi).end;
}

/* Copy S into BUF at *AT; its guest address. */
static uint32_t put_string(uint8_t *buf, size_t *at, uint32_t base, const char *s)
{
	size_t n = strlen(s) + 1;
	uint32_t addr = base + (uint32_t)*at;

	memcpy(buf + *at, s, n);
	*at += n;
	return addr;
}

size_t mb1__write_info(const struct bootinfo *bi, uint32_t base, uint8_t *buf, size_t cap)
{
	struct layout l = layout_of(bi);
	uint32_t flags = MB1_INFO_MEMORY | MB1_INFO_CMDLINE | MB1_INFO_MODS | MB1_INFO_MMAP |
			 MB1_INFO_LOADER_NAME;
	size_t at = l.strings;

	if (l.end > cap || (uint64_t)base + l.end > (1ULL << 32))
		return 0;
	memset(buf, 0, l.end);
	put_le32(buf + MB1_OFF_MEM_LOWER, bi->mem_lower);
	put_le32(buf + MB1_OFF_MEM_UPPER, bi->mem_upper);
	if (bi->have_boot_device) {
		flags |= MB1_INFO_BOOT_DEVICE;
		put_le32(buf + MB1_OFF_BOOT_DEVICE, bi->boot_device);
	}
	put_le32(buf + MB1_OFF_CMDLINE, put_string(buf, &at, base, bi->cmdline));
	put_le32(buf + MB1_OFF_LOADER_NAME, put_string(buf, &at, base, bi->loader_name));
	put_le32(buf + MB1_OFF_MODS_COUNT, (uint32_t)bi->nr_modules);
	put_le32(buf + MB1_OFF_MODS_ADDR, base + (uint32_t)l.mods);
	for (int i = 0; i < bi->nr_modules; i++) {
		uint8_t *m = buf + l.mods + (size_t)i * MB1_MOD_ENTRY;

		put_le32(m, bi->modules[i].start);
		put_le32(m + 4, bi->modules[i].end);
		put_le32(m + 8, put_string(buf, &at, base, bi->modules[i].string));
	}
	put_le32(buf + MB1_OFF_MMAP_LENGTH, (uint32_t)bi->nr_mmap * MB1_MMAP_ENTRY);
	put_le32(buf + MB1_OFF_MMAP_ADDR, base + (uint32_t)l.mmap);
	for (int i = 0; i < bi->nr_mmap; i++) {
		uint8_t *e = buf + l.mmap + (size_t)i * MB1_MMAP_ENTRY;

		put_le32(e, MB1_MMAP_ENTRY - 4); /* size: the entry without this field */
		put_le64(e + 4, bi->mmap[i].base);
		put_le64(e + 12, bi->mmap[i].len);
		put_le32(e + 20, bi->mmap[i].type);
	}
	if (bi->text_screen) {
		flags |= MB1_INFO_FRAMEBUFFER;
		put_le64(buf + MB1_OFF_FB_ADDR, 0xb8000);
		put_le32(buf + MB1_OFF_FB_PITCH, 160);   /* bytes per row: character and attribute */
		put_le32(buf + MB1_OFF_FB_WIDTH, 80);
		put_le32(buf + MB1_OFF_FB_HEIGHT, 25);
		buf[MB1_OFF_FB_BPP] = 16;
		buf[MB1_OFF_FB_TYPE] = 2;                /* EGA text */
	}
	put_le32(buf + MB1_OFF_FLAGS, flags);
	return l.end;
}
