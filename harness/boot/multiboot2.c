/* multiboot2.c - Multiboot2 kernels: the header's tags checked, the boot information tags written. */
#include "boot/multiboot2.h"

#include <string.h> // memset, memcpy, strlen

#include "sys/errmsg.h" // errmsg__set
#include "sys/le.h"     // le16, le32, put_le*

enum { HDR_MAGIC = 0, HDR_ARCH = 4, HDR_LENGTH = 8, HDR_CHECKSUM = 12, HDR_FIXED = 16 };
#define TAG_HEADER 8          /* u16 type, u16 flags, u32 size */
#define MISPLACED_SCAN 65536  /* how far a header in the wrong place is still recognised */

/* Information tags bootcheck gives (the boot device only when it has one to give). */
#define PROVIDED ((1u << MB2_TAG_CMDLINE) | (1u << MB2_TAG_LOADER_NAME) | \
		  (1u << MB2_TAG_MODULE) | (1u << MB2_TAG_BASIC_MEMINFO) | \
		  (1u << MB2_TAG_BOOTDEV) | (1u << MB2_TAG_MMAP) | (1u << MB2_TAG_FRAMEBUFFER))

static const char *const info_names[] = {
	[1] = "boot command line", [2] = "boot loader name", [3] = "modules",
	[4] = "basic memory information", [5] = "BIOS boot device", [6] = "memory map",
	[7] = "VBE info", [8] = "framebuffer info", [9] = "ELF symbols", [10] = "APM table",
	[11] = "EFI 32-bit system table", [12] = "EFI 64-bit system table",
	[13] = "SMBIOS tables", [14] = "ACPI old RSDP", [15] = "ACPI new RSDP",
	[16] = "networking information", [17] = "EFI memory map",
	[18] = "EFI boot services not terminated", [19] = "EFI 32-bit image handle",
	[20] = "EFI 64-bit image handle", [21] = "image load base address",
};

static const char *info_name(uint32_t type)
{
	if (type < sizeof(info_names) / sizeof(info_names[0]) && info_names[type])
		return info_names[type];
	return "unknown";
}

static bool valid_at(const uint8_t *file, uint64_t len, uint64_t off)
{
	if (off + HDR_FIXED > len || le32(file + off) != MB2_HEADER_MAGIC)
		return false;
	return (uint32_t)(le32(file + off) + le32(file + off + HDR_ARCH) +
			  le32(file + off + HDR_LENGTH) + le32(file + off + HDR_CHECKSUM)) == 0;
}

/* One header tag of TYPE with FLAGS, its body at P (SIZE - 8 bytes), into H. */
static int take_tag(struct mb2_header *h, uint16_t type, uint16_t flags, const uint8_t *p,
		    uint32_t size, uint64_t at, char *err, size_t errlen)
{
	bool optional = flags & MB2_HTAG_OPTIONAL;
	static const uint32_t sizes[] = {
		[MB2_HTAG_ADDRESS] = 24, [MB2_HTAG_ENTRY] = 12, [MB2_HTAG_CONSOLE] = 12,
		[MB2_HTAG_FRAMEBUFFER] = 20, [MB2_HTAG_MODULE_ALIGN] = 8, [MB2_HTAG_EFI_BS] = 8,
		[MB2_HTAG_EFI32_ENTRY] = 12, [MB2_HTAG_EFI64_ENTRY] = 12,
		[MB2_HTAG_RELOCATABLE] = 24,
	};

	if (type > MB2_HTAG_RELOCATABLE) {
		if (optional)
			return 0;
		return errmsg__set(err, errlen, "the Multiboot2 header requires tag type %u (at "
				   "offset %llu), which bootcheck does not know", type,
				   (unsigned long long)at);
	}
	if (type != MB2_HTAG_INFO_REQUEST && size < sizes[type])
		return errmsg__set(err, errlen, "Multiboot2 header tag type %u at offset %llu has "
				   "size %u, less than its %u bytes", type, (unsigned long long)at,
				   size, sizes[type]);
	switch (type) {
	case MB2_HTAG_INFO_REQUEST:
		for (uint32_t i = 0; i + 4 <= size - TAG_HEADER; i += 4) {
			uint32_t want = le32(p + i);

			if (want < 32 && (PROVIDED >> want & 1)) {
				h->requested |= 1u << want;
				continue;
			}
			if (!optional)
				return errmsg__set(err, errlen, "the Multiboot2 header requests "
						   "information tag %u (%s), which bootcheck cannot "
						   "give", want, info_name(want));
		}
		return 0;
	case MB2_HTAG_ADDRESS:
		h->have_address = true;
		h->addr.header_addr = le32(p);
		h->addr.load_addr = le32(p + 4);
		h->addr.load_end_addr = le32(p + 8);
		h->addr.bss_end_addr = le32(p + 12);
		return 0;
	case MB2_HTAG_ENTRY:
		h->have_entry = true;
		h->addr.entry_addr = le32(p);
		return 0;
	case MB2_HTAG_FRAMEBUFFER:
		/* a preference; a depth asks for a graphics mode, which there is not */
		if (!optional && le32(p + 8) != 0)
			return errmsg__set(err, errlen, "the Multiboot2 header requires a framebuffer "
					   "(tag 5) of %ux%u, depth %u: bootcheck gives the 80x25 "
					   "text screen only (mark the tag optional)", le32(p),
					   le32(p + 4), le32(p + 8));
		return 0;
	default:
		/*
		 * Console flags: there is an EGA text console.  Module alignment:
		 * modules are always page-aligned.  The EFI tags apply to EFI
		 * firmware only.  Relocatable: the image goes where it was linked.
		 */
		return 0;
	}
}

int mb2__find(const uint8_t *file, uint64_t len, struct mb2_header *h, char *err,
	      size_t errlen)
{
	uint64_t off, end = len < MB2_SEARCH ? len : MB2_SEARCH;

	for (off = 0; off + HDR_FIXED <= end; off += 8)
		if (valid_at(file, len, off))
			break;
	if (off + HDR_FIXED > end) {
		uint64_t scan = len < MISPLACED_SCAN ? len : MISPLACED_SCAN;

		for (off = 0; off + HDR_FIXED <= scan; off++)
			if (valid_at(file, len, off))
				return errmsg__set(err, errlen, "a Multiboot2 header at offset %llu, %s",
						   (unsigned long long)off, off % 8 ?
						   "not on an 8-byte boundary" :
						   "not within the first 32768 bytes");
		return 0;
	}
	memset(h, 0, sizeof(*h));
	h->offset = off;
	h->length = le32(file + off + HDR_LENGTH);
	uint32_t arch = le32(file + off + HDR_ARCH);

	if (arch != MB2_ARCH_I386)
		return errmsg__set(err, errlen, "the Multiboot2 header is for architecture %u%s, "
				   "not i386 (0)", arch, arch == 4 ? " (MIPS)" : "");
	if (h->length < HDR_FIXED + TAG_HEADER || h->length > end - off)
		return errmsg__set(err, errlen, "Multiboot2 header_length %u at offset %llu: %s",
				   h->length, (unsigned long long)off,
				   h->length < HDR_FIXED + TAG_HEADER ? "too small for the end tag" :
				   end == len ? "past the end of the file" :
				   "past the first 32768 bytes");
	uint64_t hend = off + h->length;

	for (uint64_t at = off + HDR_FIXED;;) {
		if (at + TAG_HEADER > hend)
			return errmsg__set(err, errlen, "the Multiboot2 header has no end tag within "
					   "its %u bytes", h->length);
		uint16_t type = le16(file + at), flags = le16(file + at + 2);
		uint32_t size = le32(file + at + 4);

		if (size < TAG_HEADER || size > hend - at)
			return errmsg__set(err, errlen, "Multiboot2 header tag type %u at offset %llu "
					   "has size %u, %s", type, (unsigned long long)at, size,
					   size < TAG_HEADER ? "less than 8" : "past the header's end");
		if (type == MB2_HTAG_END)
			break;
		if (take_tag(h, type, flags, file + at + TAG_HEADER, size, at, err, errlen))
			return -1;
		at += ((uint64_t)size + 7) & ~7ULL;
	}
	if (h->have_address && !h->have_entry)
		return errmsg__set(err, errlen, "the Multiboot2 header has an address tag but no "
				   "entry address tag");
	return 1;
}

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* Bytes of a string tag holding S. */
static size_t string_tag(const char *s)
{
	return align8(TAG_HEADER + strlen(s) + 1);
}

size_t mb2__info_size(const struct bootinfo *bi)
{
	size_t n = 8;                                 /* total_size, reserved */

	n += string_tag(bi->cmdline) + string_tag(bi->loader_name);
	for (int i = 0; i < bi->nr_modules; i++)
		n += align8(TAG_HEADER + 8 + strlen(bi->modules[i].string) + 1);
	n += 16;                                      /* basic memory */
	if (bi->have_boot_device)
		n += align8(20);
	n += 16 + (size_t)bi->nr_mmap * MB2_MMAP_ENTRY;
	if (bi->text_screen)
		n += MB2_FRAMEBUFFER_SIZE;
	return n + TAG_HEADER;                        /* the end tag */
}

/* Start a tag of TYPE and SIZE at BUF + *AT; its body. */
static uint8_t *tag(uint8_t *buf, size_t *at, uint32_t type, size_t size)
{
	uint8_t *t = buf + *at;

	put_le32(t, type);
	put_le32(t + 4, (uint32_t)size);
	*at += align8(size);
	return t + TAG_HEADER;
}

static void string(uint8_t *buf, size_t *at, uint32_t type, const char *s)
{
	size_t n = strlen(s) + 1;

	memcpy(tag(buf, at, type, TAG_HEADER + n), s, n);
}

size_t mb2__write_info(const struct bootinfo *bi, uint32_t base, uint8_t *buf, size_t cap)
{
	size_t total = mb2__info_size(bi), at = 8;
	uint8_t *t;

	if (total > cap || (uint64_t)base + total > (1ULL << 32) || total > UINT32_MAX)
		return 0;
	memset(buf, 0, total);
	put_le32(buf, (uint32_t)total);
	string(buf, &at, MB2_TAG_CMDLINE, bi->cmdline);
	string(buf, &at, MB2_TAG_LOADER_NAME, bi->loader_name);
	for (int i = 0; i < bi->nr_modules; i++) {
		size_t n = strlen(bi->modules[i].string) + 1;

		t = tag(buf, &at, MB2_TAG_MODULE, TAG_HEADER + 8 + n);
		put_le32(t, bi->modules[i].start);
		put_le32(t + 4, bi->modules[i].end);
		memcpy(t + 8, bi->modules[i].string, n);
	}
	t = tag(buf, &at, MB2_TAG_BASIC_MEMINFO, 16);
	put_le32(t, bi->mem_lower);
	put_le32(t + 4, bi->mem_upper);
	if (bi->have_boot_device) {
		/* biosdev, partition, sub_partition (0xffffffff: none) */
		t = tag(buf, &at, MB2_TAG_BOOTDEV, 20);
		put_le32(t, bi->boot_device >> 24);
		put_le32(t + 4, (bi->boot_device >> 16 & 0xff) == 0xff ? UINT32_MAX :
				bi->boot_device >> 16 & 0xff);
		put_le32(t + 8, (bi->boot_device >> 8 & 0xff) == 0xff ? UINT32_MAX :
				bi->boot_device >> 8 & 0xff);
	}
	t = tag(buf, &at, MB2_TAG_MMAP, 16 + (size_t)bi->nr_mmap * MB2_MMAP_ENTRY);
	put_le32(t, MB2_MMAP_ENTRY);                  /* entry_size */
	put_le32(t + 4, 0);                           /* entry_version */
	for (int i = 0; i < bi->nr_mmap; i++) {
		uint8_t *e = t + 8 + (size_t)i * MB2_MMAP_ENTRY;

		put_le64(e, bi->mmap[i].base);
		put_le64(e + 8, bi->mmap[i].len);
		put_le32(e + 16, bi->mmap[i].type);
	}
	if (bi->text_screen) {
		t = tag(buf, &at, MB2_TAG_FRAMEBUFFER, MB2_FRAMEBUFFER_SIZE);
		put_le64(t, 0xb8000);
		put_le32(t + 8, 160);                 /* pitch: character and attribute */
		put_le32(t + 12, 80);
		put_le32(t + 16, 25);
		t[20] = 16;                           /* bpp */
		t[21] = 2;                            /* EGA text */
	}
	tag(buf, &at, MB2_TAG_END, TAG_HEADER);
	return at;
}
