/* disk.h - a disk image as the guest sees it: a private copy of the user's image and its geometry. */
#ifndef BOOTCHECK_DISK_H
#define BOOTCHECK_DISK_H

#include <stdbool.h>
#include <stdint.h>

#include "boot/image.h" // struct image

#define DISK_SECTOR_SIZE 512

/*
 * BIOS CHS translation of a hard disk.  The values are the 2-bit code of
 * CMOS register 0x39 (QEMU's BiosAtaTranslation minus one, SeaBIOS's
 * TRANSLATION_*).
 */
enum disk_translation {
	DISK_TRANS_NONE = 0,
	DISK_TRANS_LBA = 1,
	DISK_TRANS_LARGE = 2,
};

struct disk_chs {
	uint32_t cyls, heads, secs;
};

/*
 * Wiring: called once when the image cannot give a sector the guest asks for
 * (it shrank or failed while the guest ran), with one line naming it.
 */
struct disk_fail {
	void (*fn)(void *opaque, const char *why);
	void *opaque;
};

struct disk {
	const char *path;        /* for messages; NULL for a buffer */
	uint8_t *data;           /* the guest's view: sectors * 512 bytes */
	uint64_t size;           /* bytes of the view, always a multiple of 512 */
	uint64_t sectors;        /* size / 512 */
	struct disk_chs geom;    /* physical geometry an IDE disk reports */
	enum disk_translation trans;

	/*
	 * Lazy loading: a sector of data is valid once its bit in LOADED is set
	 * (read from the file, past the file's end, or written by the guest).
	 * LOADED NULL: every sector is valid (a disk built in memory).
	 */
	uint64_t *loaded;
	int fd;                  /* the image, read with pread; -1 once all is loaded */
	uint64_t file_size;      /* the image's size when it was opened */
	bool failed;             /* a read of the image failed; FAIL was told */
	struct disk_fail fail;   /* wiring, may be empty */
};

/* Images up to this size are read whole when opened; larger ones a sector at a time. */
#define DISK_EAGER_MAX (1ULL << 20)

/* disk__read and disk__write results. */
#define DISK_ERANGE (-1) /* a sector lies past the end of the disk */
#define DISK_EIO (-2)    /* the image could not give a sector (see struct disk_fail) */

/*
 * disk__open - make D the guest's private view of IMG (opened by
 * image__open): max(size, MIN_SIZE) rounded up to whole sectors, zero past
 * the file's end.  The file is never written, and never mapped: an image up
 * to DISK_EAGER_MAX is read whole here; a larger one is read (pread) a run
 * of sectors at a time when the guest first reads them, into the private
 * view, so a file that shrinks or fails during the run makes that read fail
 * with DISK_EIO instead of a SIGBUS.  Sector 0 is always read here.  D keeps
 * its own descriptor of the file.  The geometry is left zero: see
 * disk__guess_geometry.  Returns 0, or FAIL_HOST / FAIL_INPUT after printing
 * one line.
 */
int disk__open(struct disk *d, struct image *img, uint64_t min_size);

/*
 * disk__load_all - read every sector not read yet, so D->data is the whole
 * disk (for consumers that take the buffer, e.g. a floppy in fw_cfg).
 * Returns 0, or FAIL_INPUT after printing one line.
 */
int disk__load_all(struct disk *d);

/*
 * disk__from_buffer - make D a private copy of LEN bytes at BUF, zero-padded
 * to whole sectors (for tests).  Returns 0, or FAIL_HOST after printing
 * one line (LEN 0, no memory).
 */
int disk__from_buffer(struct disk *d, const void *buf, uint64_t len);

/* disk__close - release the view; D reads as an empty disk afterwards.  Safe to repeat. */
void disk__close(struct disk *d);

/*
 * disk__read - copy COUNT sectors from LBA into BUF.  Returns 0;
 * DISK_ERANGE when any sector of [LBA, LBA+COUNT) lies past the end; or
 * DISK_EIO when the image could not give one (D->fail is told once; nothing
 * is copied in either case).
 */
int disk__read(struct disk *d, uint64_t lba, uint32_t count, void *buf);

/* disk__write - copy COUNT sectors from BUF to LBA of the private view; 0 or DISK_ERANGE. */
int disk__write(struct disk *d, uint64_t lba, uint32_t count, const void *buf);

/*
 * disk__guess_geometry - set d->geom and d->trans as QEMU's hd_geometry_guess
 * (hw/block/hd-geometry.c) does for an IDE disk with no user geometry, so the
 * BIOS sees the same disk under bootcheck and under QEMU.  Reads sector 0
 * (always loaded).
 */
void disk__guess_geometry(struct disk *d);

/* disk__cmos_translation - the 2-bit translation code QEMU puts in CMOS 0x39 for this drive. */
uint8_t disk__cmos_translation(const struct disk *d);

/*
 * disk__floppy_geometry - the smallest standard floppy format (360K, 720K,
 * 1.2M, 1.44M, 2.88M) holding SIZE bytes: its geometry in OUT and its size
 * in bytes in STD_SIZE (either may be NULL).  Returns 0, or -1 when SIZE is
 * 0 or larger than 2.88M.
 */
int disk__floppy_geometry(uint64_t size, struct disk_chs *out, uint64_t *std_size);

#endif
