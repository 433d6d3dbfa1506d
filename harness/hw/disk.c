/* disk.c - a disk image as the guest sees it: a private copy of the user's image and its geometry. */
#include "hw/disk.h"

#include <errno.h>    // errno
#include <fcntl.h>    // fcntl
#include <stdio.h>    // fprintf, snprintf
#include <stdlib.h>   // calloc
#include <string.h>   // memcpy
#include <sys/mman.h> // mmap
#include <sys/stat.h> // fstat
#include <unistd.h>   // pread, close

#include "vmm/fail.h" // FAIL_HOST

/* Sector size as a 64-bit value, so products never wrap in 32 bits. */
#define SECTOR ((uint64_t)DISK_SECTOR_SIZE)

static uint64_t round_up_sector(uint64_t n)
{
	return (n + SECTOR - 1) / SECTOR * SECTOR;
}

/* A zeroed view of SIZE bytes (a multiple of 512), mapped lazily: untouched sectors cost nothing. */
static int alloc_view(struct disk *d, uint64_t size, const char *what)
{
	void *p;

	if (size == 0 || size > SIZE_MAX) {
		fprintf(stderr, "bootcheck: %s: cannot make a disk of %llu bytes\n", what,
			(unsigned long long)size);
		return FAIL_HOST;
	}
	p = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "bootcheck: %s: no memory for a %llu-byte disk: %s\n", what,
			(unsigned long long)size, strerror(errno));
		return FAIL_HOST;
	}
	d->data = p;
	d->size = size;
	d->sectors = size / SECTOR;
	return 0;
}

static bool is_loaded(const struct disk *d, uint64_t s)
{
	return !d->loaded || (d->loaded[s / 64] >> (s % 64) & 1);
}

static void mark_loaded(struct disk *d, uint64_t first, uint64_t end)
{
	if (!d->loaded)
		return;
	for (uint64_t s = first; s < end; s++)
		d->loaded[s / 64] |= 1ULL << (s % 64);
}

/*
 * Every sector is valid now: the file is no longer needed.  Only a disk that
 * was loading owns a descriptor (one built in memory, as tests do, has
 * LOADED NULL and whatever FD).
 */
static void all_loaded(struct disk *d)
{
	if (!d->loaded)
		return;
	free(d->loaded);
	d->loaded = NULL;
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

/*
 * Read sectors [FIRST, END) from the file into the view (the part past the
 * file's size at open stays zero).  0, or -1 with the reason in WHY.
 */
static int fill(struct disk *d, uint64_t first, uint64_t end, char *why, size_t whylen)
{
	uint64_t from = first * SECTOR, to = end * SECTOR;

	if (to > d->file_size)
		to = d->file_size;
	while (from < to) {
		ssize_t n = pread(d->fd, d->data + from, (size_t)(to - from), (off_t)from);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(why, whylen, "reading sector %llu of the image: %s",
				 (unsigned long long)(from / SECTOR), strerror(errno));
			return -1;
		}
		if (n == 0) {
			struct stat st;

			if (fstat(d->fd, &st) == 0)
				snprintf(why, whylen, "the image shrank during the run from %llu "
					 "to %lld bytes: sector %llu is gone",
					 (unsigned long long)d->file_size, (long long)st.st_size,
					 (unsigned long long)(from / SECTOR));
			else
				snprintf(why, whylen, "the image shrank during the run: sector "
					 "%llu is gone", (unsigned long long)(from / SECTOR));
			return -1;
		}
		from += (uint64_t)n;
	}
	mark_loaded(d, first, end);
	return 0;
}

/* Load every unloaded sector of [FIRST, END), a run of them per pread. */
static int load(struct disk *d, uint64_t first, uint64_t end, char *why, size_t whylen)
{
	uint64_t s = first;

	if (!d->loaded)
		return 0;
	while (s < end) {
		uint64_t run_end;

		if (is_loaded(d, s)) {
			s++;
			continue;
		}
		for (run_end = s + 1; run_end < end && !is_loaded(d, run_end); run_end++)
			;
		if (fill(d, s, run_end, why, whylen))
			return -1;
		s = run_end;
	}
	return 0;
}

int disk__open(struct disk *d, struct image *img, uint64_t min_size)
{
	uint64_t size, file_sectors;
	char why[512];
	int ret;

	memset(d, 0, sizeof(*d));
	d->fd = -1;
	d->path = img->path;
	if (min_size > UINT64_MAX - SECTOR || img->size > UINT64_MAX - SECTOR) {
		fprintf(stderr, "bootcheck: %s: cannot make a disk of %llu bytes\n", img->path,
			(unsigned long long)(min_size > img->size ? min_size : img->size));
		return FAIL_HOST;
	}
	size = round_up_sector(img->size > min_size ? img->size : min_size);
	ret = alloc_view(d, size, img->path);
	if (ret)
		return ret;
	d->file_size = img->size;
	d->fd = fcntl(img->fd, F_DUPFD_CLOEXEC, 0);
	d->loaded = calloc((size_t)((d->sectors + 63) / 64), sizeof(uint64_t));
	if (d->fd < 0 || !d->loaded) {
		fprintf(stderr, "bootcheck: %s: %s\n", img->path,
			d->fd < 0 ? strerror(errno) : "no memory for the disk's sector map");
		if (!d->loaded && d->fd >= 0)
			close(d->fd);
		disk__close(d);
		return FAIL_HOST;
	}
	/* past the file's end the view is zero and stays valid */
	file_sectors = round_up_sector(img->size) / SECTOR;
	mark_loaded(d, file_sectors, d->sectors);
	if (img->size <= DISK_EAGER_MAX)
		ret = load(d, 0, d->sectors, why, sizeof(why));
	else
		ret = load(d, 0, 1, why, sizeof(why));
	if (ret) {
		fprintf(stderr, "bootcheck: %s: %s\n", d->path, why);
		disk__close(d);
		return FAIL_INPUT;
	}
	if (img->size <= DISK_EAGER_MAX)
		all_loaded(d);
	return 0;
}

int disk__load_all(struct disk *d)
{
	char why[512];

	if (!d->loaded)
		return 0;
	if (load(d, 0, d->sectors, why, sizeof(why))) {
		fprintf(stderr, "bootcheck: %s: %s\n", d->path, why);
		return FAIL_INPUT;
	}
	all_loaded(d);
	return 0;
}

int disk__from_buffer(struct disk *d, const void *buf, uint64_t len)
{
	int ret;

	memset(d, 0, sizeof(*d));
	d->fd = -1;
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
	if (d->data)
		munmap(d->data, (size_t)d->size);
	all_loaded(d);
	d->data = NULL;
	d->size = 0;
	d->sectors = 0;
	d->failed = false;
}

/* Whether [LBA, LBA+COUNT) lies inside the disk, without wrapping; an empty range always does. */
static bool in_range(const struct disk *d, uint64_t lba, uint32_t count)
{
	return count == 0 || (lba < d->sectors && count <= d->sectors - lba);
}

int disk__read(struct disk *d, uint64_t lba, uint32_t count, void *buf)
{
	char why[512];

	if (!in_range(d, lba, count))
		return DISK_ERANGE;
	if (d->failed)
		return DISK_EIO;
	if (load(d, lba, lba + count, why, sizeof(why))) {
		d->failed = true;
		if (d->fail.fn)
			d->fail.fn(d->fail.opaque, why);
		return DISK_EIO;
	}
	if (count)
		memcpy(buf, d->data + lba * SECTOR, (size_t)(count * SECTOR));
	return 0;
}

int disk__write(struct disk *d, uint64_t lba, uint32_t count, const void *buf)
{
	if (!in_range(d, lba, count))
		return DISK_ERANGE;
	if (count) {
		memcpy(d->data + lba * SECTOR, buf, (size_t)(count * SECTOR));
		mark_loaded(d, lba, lba + count); /* whole sectors: the file's copy is not needed */
	}
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
