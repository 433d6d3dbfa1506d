/* disk.c - a disk image as the guest sees it: a private copy of the user's image and its geometry. */
#include "hw/disk.h"

#include <errno.h>    // errno
#include <stdio.h>    // fprintf
#include <stdlib.h>   // calloc
#include <string.h>   // memcpy
#include <sys/mman.h> // mmap
#include <unistd.h>   // pread

#include "vmm/fail.h" // FAIL_HOST

/* Sector size as a 64-bit value, so products never wrap in 32 bits. */
#define SECTOR ((uint64_t)DISK_SECTOR_SIZE)

static uint64_t round_up_sector(uint64_t n)
{
	return (n + SECTOR - 1) / SECTOR * SECTOR;
}

/* A zeroed buffer of SIZE bytes (a multiple of 512) becomes the view. */
static int alloc_view(struct disk *d, uint64_t size, const char *what)
{
	if (size == 0 || size > SIZE_MAX) {
		fprintf(stderr, "bootcheck: %s: cannot make a disk of %llu bytes\n", what,
			(unsigned long long)size);
		return FAIL_HOST;
	}
	d->data = calloc(1, (size_t)size);
	if (!d->data) {
		fprintf(stderr, "bootcheck: %s: no memory for a %llu-byte disk\n", what,
			(unsigned long long)size);
		return FAIL_HOST;
	}
	d->size = size;
	d->sectors = size / SECTOR;
	d->mapped = false;
	return 0;
}

static int read_file(struct disk *d, const struct image *img)
{
	uint64_t done = 0;

	while (done < img->size) {
		ssize_t n = pread(img->fd, d->data + done, (size_t)(img->size - done), (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "bootcheck: %s: %s\n", img->path,
				n < 0 ? strerror(errno) : "file shrank while being read");
			return FAIL_HOST;
		}
		done += (uint64_t)n;
	}
	return 0;
}

int disk__open(struct disk *d, struct image *img, uint64_t min_size)
{
	uint64_t size;
	void *p;
	int ret;

	memset(d, 0, sizeof(*d));
	d->path = img->path;
	if (img->size > 0 && img->size % SECTOR == 0 && img->size >= min_size &&
	    img->size <= SIZE_MAX) {
		/* copy-on-write: pages are read lazily and never written back */
		p = mmap(NULL, (size_t)img->size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_NORESERVE, img->fd, 0);
		if (p == MAP_FAILED) {
			fprintf(stderr, "bootcheck: %s: cannot map the image: %s\n", img->path,
				strerror(errno));
			return FAIL_HOST;
		}
		d->data = p;
		d->size = img->size;
		d->sectors = img->size / SECTOR;
		d->mapped = true;
		return 0;
	}
	if (min_size > UINT64_MAX - SECTOR) {
		fprintf(stderr, "bootcheck: %s: cannot make a disk of %llu bytes\n", img->path,
			(unsigned long long)min_size);
		return FAIL_HOST;
	}
	size = round_up_sector(img->size > min_size ? img->size : min_size);
	ret = alloc_view(d, size, img->path);
	if (ret)
		return ret;
	ret = read_file(d, img);
	if (ret)
		disk__close(d);
	return ret;
}

int disk__from_buffer(struct disk *d, const void *buf, uint64_t len)
{
	int ret;

	memset(d, 0, sizeof(*d));
	if (len > UINT64_MAX - SECTOR)
		len = 0; /* refused below */
	ret = alloc_view(d, round_up_sector(len), "disk buffer");
	if (ret)
		return ret;
	memcpy(d->data, buf, (size_t)len);
	return 0;
}

void disk__close(struct disk *d)
{
	if (d->data) {
		if (d->mapped)
			munmap(d->data, (size_t)d->size);
		else
			free(d->data);
	}
	d->data = NULL;
	d->size = 0;
	d->sectors = 0;
	d->mapped = false;
}

/* Whether [LBA, LBA+COUNT) lies inside the disk, without wrapping; an empty range always does. */
static bool in_range(const struct disk *d, uint64_t lba, uint32_t count)
{
	return count == 0 || (lba < d->sectors && count <= d->sectors - lba);
}

int disk__read(const struct disk *d, uint64_t lba, uint32_t count, void *buf)
{
	if (!in_range(d, lba, count))
		return -1;
	if (count)
		memcpy(buf, d->data + lba * SECTOR, (size_t)(count * SECTOR));
	return 0;
}

int disk__write(struct disk *d, uint64_t lba, uint32_t count, const void *buf)
{
	if (!in_range(d, lba, count))
		return -1;
	if (count)
		memcpy(d->data + lba * SECTOR, buf, (size_t)(count * SECTOR));
	return 0;
}

/* ------------------------------------------------------------------ */
/* Hard disk geometry, after QEMU's hw/block/hd-geometry.c             */
/* ------------------------------------------------------------------ */

#define MBR_PART_TABLE 0x1be
#define MBR_PART_SIZE 16
#define MBR_PART_END_HEAD 5
#define MBR_PART_END_SECTOR 6
#define MBR_PART_NR_SECTS 12
#define MAX_CYLS 16383           /* the ATA CHS limit */
#define LARGE_MAX_CYLS_HEADS 131072 /* LARGE translation still fits 1024 cylinders */

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * The logical geometry a partitioning tool used, from the first MBR entry
 * with sectors and a nonzero end head, assuming the partition ends on a
 * cylinder boundary.  Entries whose geometry gives no sectors per track or a
 * cylinder count outside 1-16383 are skipped.
 */
static bool guess_lchs(const struct disk *d, struct disk_chs *out)
{
	const uint8_t *mbr = d->data;

	if (!mbr || d->sectors == 0 || mbr[510] != 0x55 || mbr[511] != 0xaa)
		return false;
	for (int i = 0; i < 4; i++) {
		const uint8_t *p = mbr + MBR_PART_TABLE + i * MBR_PART_SIZE;
		uint32_t heads = (uint32_t)p[MBR_PART_END_HEAD] + 1;
		uint32_t secs = p[MBR_PART_END_SECTOR] & 63;
		uint64_t cyls;

		if (le32(p + MBR_PART_NR_SECTS) == 0 || p[MBR_PART_END_HEAD] == 0 || secs == 0)
			continue;
		cyls = d->sectors / (heads * secs);
		if (cyls < 1 || cyls > MAX_CYLS)
			continue;
		*out = (struct disk_chs){ (uint32_t)cyls, heads, secs };
		return true;
	}
	return false;
}

/* A standard physical geometry for the size: 16 heads, 63 sectors, 2-16383 cylinders. */
static struct disk_chs chs_for_size(uint64_t sectors)
{
	uint64_t cyls = sectors / (16 * 63);

	if (cyls > MAX_CYLS)
		cyls = MAX_CYLS;
	else if (cyls < 2)
		cyls = 2;
	return (struct disk_chs){ (uint32_t)cyls, 16, 63 };
}

void disk__guess_geometry(struct disk *d)
{
	struct disk_chs lchs;

	if (!guess_lchs(d, &lchs)) {
		/* QEMU's hd_bios_chs_auto_trans: NONE or LBA, never LARGE */
		d->geom = chs_for_size(d->sectors);
		if (d->geom.cyls <= 1024 && d->geom.heads <= 16 && d->geom.secs <= 63)
			d->trans = DISK_TRANS_NONE;
		else
			d->trans = DISK_TRANS_LBA;
	} else if (lchs.heads > 16) {
		/* a BIOS translation was active when it was partitioned */
		d->geom = chs_for_size(d->sectors);
		if (d->geom.cyls * d->geom.heads <= LARGE_MAX_CYLS_HEADS)
			d->trans = DISK_TRANS_LARGE;
		else
			d->trans = DISK_TRANS_LBA;
	} else {
		d->geom = lchs;
		d->trans = DISK_TRANS_NONE;
	}
}

uint8_t disk__cmos_translation(const struct disk *d)
{
	return (uint8_t)(d->trans & 3);
}

/* ------------------------------------------------------------------ */
/* Floppy formats                                                      */
/* ------------------------------------------------------------------ */

static const struct disk_chs floppy_formats[] = {
	{ 40, 2, 9 },  /* 360K */
	{ 80, 2, 9 },  /* 720K */
	{ 80, 2, 15 }, /* 1.2M */
	{ 80, 2, 18 }, /* 1.44M */
	{ 80, 2, 36 }, /* 2.88M */
};

int disk__floppy_geometry(uint64_t size, struct disk_chs *out, uint64_t *std_size)
{
	if (size == 0)
		return -1;
	for (size_t i = 0; i < sizeof(floppy_formats) / sizeof(floppy_formats[0]); i++) {
		const struct disk_chs *f = &floppy_formats[i];
		uint64_t bytes = (uint64_t)f->cyls * f->heads * f->secs * SECTOR;

		if (size > bytes)
			continue;
		if (out)
			*out = *f;
		if (std_size)
			*std_size = bytes;
		return 0;
	}
	return -1;
}
