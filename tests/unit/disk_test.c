/* disk_test.c - unit tests for the guest's view of a disk image (harness/hw/disk.[ch]). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "boot/image.h"
#include "hw/disk.h"

#define SECTOR 512

/* ------------------------------------------------------------------ */
/* Hard disk geometry                                                  */
/* ------------------------------------------------------------------ */

struct part {
	uint8_t end_head, end_sector; /* end_sector carries cylinder bits 8-9 in bits 6-7 */
	uint32_t nr_sects;
};

struct geometry_case {
	const char *name;
	uint64_t sectors;
	bool signature;           /* 55 aa at 510 */
	struct part parts[4];
	uint32_t cyls, heads, secs;
	enum disk_translation trans;
	uint8_t cmos;
};

#define MIB (1024 * 1024 / SECTOR)

static const struct geometry_case geometry_cases[] = {
	{ "tiny disk, no MBR", 1, false, { { 0 } }, 2, 16, 63, DISK_TRANS_NONE, 0 },
	{ "10 MiB, no MBR", 10 * MIB, false, { { 0 } }, 20, 16, 63, DISK_TRANS_NONE, 0 },
	{ "1 GiB, no MBR: auto is LBA, never LARGE", 1024 * MIB, false, { { 0 } },
	  2080, 16, 63, DISK_TRANS_LBA, 1 },
	{ "beyond 16383 cylinders", 20000000, false, { { 0 } }, 16383, 16, 63, DISK_TRANS_LBA, 1 },
	{ "partition table without 55 aa", 10 * MIB, false, { { 3, 32, 1000 } },
	  20, 16, 63, DISK_TRANS_NONE, 0 },
	{ "MBR 16 heads 63 sectors", 10 * MIB, true, { { 15, 0xc0 | 63, 20000 } },
	  20, 16, 63, DISK_TRANS_NONE, 0 },
	{ "MBR 4 heads 32 sectors is used as physical", 10 * MIB, true, { { 3, 32, 20000 } },
	  160, 4, 32, DISK_TRANS_NONE, 0 },
	{ "MBR 255 heads: size-based, LARGE", 1024 * MIB, true, { { 254, 63, 2000000 } },
	  2080, 16, 63, DISK_TRANS_LARGE, 2 },
	{ "MBR 255 heads: LARGE up to 8192 cylinders", 8192 * 1008, true, { { 254, 63, 1 } },
	  8192, 16, 63, DISK_TRANS_LARGE, 2 },
	{ "MBR 255 heads: LBA from 8193 cylinders", 8193 * 1008, true, { { 254, 63, 1 } },
	  8193, 16, 63, DISK_TRANS_LBA, 1 },
	{ "MBR 255 heads, beyond 16383 cylinders", 20000000, true, { { 254, 63, 1 } },
	  16383, 16, 63, DISK_TRANS_LBA, 1 },
	{ "entry with end head 0 is skipped", 10 * MIB, true, { { 0, 63, 100 }, { 3, 32, 100 } },
	  160, 4, 32, DISK_TRANS_NONE, 0 },
	{ "entry with sector 0 is skipped", 10 * MIB, true, { { 15, 0xc0, 100 } },
	  20, 16, 63, DISK_TRANS_NONE, 0 },
	{ "entry with no sectors is skipped", 10 * MIB, true, { { 3, 32, 0 }, { 7, 16, 5 } },
	  160, 8, 16, DISK_TRANS_NONE, 0 },
	{ "too many cylinders: entry skipped", 20000000, true, { { 1, 1, 100 } },
	  16383, 16, 63, DISK_TRANS_LBA, 1 },
	{ "no whole cylinder: entry skipped", 1000, true, { { 15, 63, 100 } },
	  2, 16, 63, DISK_TRANS_NONE, 0 },
	{ "fourth entry", 10 * MIB, true, { { 0 }, { 0 }, { 0 }, { 1, 10, 7 } },
	  1024, 2, 10, DISK_TRANS_NONE, 0 },
};

static void fill_mbr(uint8_t *mbr, const struct geometry_case *c)
{
	memset(mbr, 0, SECTOR);
	for (int i = 0; i < 4; i++) {
		uint8_t *p = mbr + 0x1be + 16 * i;

		p[5] = c->parts[i].end_head;
		p[6] = c->parts[i].end_sector;
		p[12] = (uint8_t)c->parts[i].nr_sects;
		p[13] = (uint8_t)(c->parts[i].nr_sects >> 8);
		p[14] = (uint8_t)(c->parts[i].nr_sects >> 16);
		p[15] = (uint8_t)(c->parts[i].nr_sects >> 24);
	}
	if (c->signature) {
		mbr[510] = 0x55;
		mbr[511] = 0xaa;
	}
}

/* The guess reads only sector 0 and the size, so a one-sector buffer can stand for a big disk. */
static void test_geometry_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(geometry_cases) / sizeof(geometry_cases[0]); i++) {
		const struct geometry_case *c = &geometry_cases[i];
		uint8_t mbr[SECTOR];
		struct disk d = { .data = mbr, .size = c->sectors * SECTOR, .sectors = c->sectors };

		fill_mbr(mbr, c);
		disk__guess_geometry(&d);
		if (d.geom.cyls != c->cyls || d.geom.heads != c->heads || d.geom.secs != c->secs ||
		    d.trans != c->trans || disk__cmos_translation(&d) != c->cmos)
			fail_msg("%s: got %u/%u/%u trans %d cmos %u, want %u/%u/%u trans %d cmos %u",
				 c->name, d.geom.cyls, d.geom.heads, d.geom.secs, (int)d.trans,
				 disk__cmos_translation(&d), c->cyls, c->heads, c->secs,
				 (int)c->trans, c->cmos);
	}
}

static void test_geometry_real_disks(void **state)
{
	static uint8_t img[10 * 1024 * 1024];
	struct disk d;

	(void)state;
	memset(img, 0, sizeof(img));
	assert_int_equal(disk__from_buffer(&d, img, SECTOR), 0);
	disk__guess_geometry(&d);
	assert_int_equal(d.geom.cyls, 2);
	assert_int_equal(d.geom.heads, 16);
	assert_int_equal(d.geom.secs, 63);
	assert_int_equal(d.trans, DISK_TRANS_NONE);
	disk__close(&d);

	img[0x1be + 5] = 15;   /* end head */
	img[0x1be + 6] = 63;   /* end sector */
	img[0x1be + 12] = 0x10; /* 16 sectors */
	img[510] = 0x55;
	img[511] = 0xaa;
	assert_int_equal(disk__from_buffer(&d, img, sizeof(img)), 0);
	disk__guess_geometry(&d);
	assert_int_equal(d.geom.cyls, 20);
	assert_int_equal(d.geom.heads, 16);
	assert_int_equal(d.geom.secs, 63);
	assert_int_equal(disk__cmos_translation(&d), 0);
	disk__close(&d);
}

static void test_cmos_translation(void **state)
{
	struct disk d = { 0 };

	(void)state;
	d.trans = DISK_TRANS_NONE;
	assert_int_equal(disk__cmos_translation(&d), 0);
	d.trans = DISK_TRANS_LBA;
	assert_int_equal(disk__cmos_translation(&d), 1);
	d.trans = DISK_TRANS_LARGE;
	assert_int_equal(disk__cmos_translation(&d), 2);
}

/* ------------------------------------------------------------------ */
/* Floppy formats                                                      */
/* ------------------------------------------------------------------ */

static const struct floppy_case {
	uint64_t size;
	int ret;
	uint32_t cyls, heads, secs;
	uint64_t std;
} floppy_cases[] = {
	{ 368640, 0, 40, 2, 9, 368640 },
	{ 737280, 0, 80, 2, 9, 737280 },
	{ 1228800, 0, 80, 2, 15, 1228800 },
	{ 1474560, 0, 80, 2, 18, 1474560 },
	{ 2949120, 0, 80, 2, 36, 2949120 },
	{ 1, 0, 40, 2, 9, 368640 },            /* one byte: padded up to 360K */
	{ 512, 0, 40, 2, 9, 368640 },
	{ 368641, 0, 80, 2, 9, 737280 },
	{ 1000000, 0, 80, 2, 15, 1228800 },
	{ 1474561, 0, 80, 2, 36, 2949120 },
	{ 0, -1, 0, 0, 0, 0 },
	{ 2949121, -1, 0, 0, 0, 0 },
	{ UINT64_MAX, -1, 0, 0, 0, 0 },
};

static void test_floppy_geometry(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(floppy_cases) / sizeof(floppy_cases[0]); i++) {
		const struct floppy_case *c = &floppy_cases[i];
		struct disk_chs chs = { 0 };
		uint64_t std = 0;
		int ret = disk__floppy_geometry(c->size, &chs, &std);

		if (ret != c->ret || chs.cyls != c->cyls || chs.heads != c->heads ||
		    chs.secs != c->secs || std != c->std)
			fail_msg("size %llu: got %d %u/%u/%u %llu, want %d %u/%u/%u %llu",
				 (unsigned long long)c->size, ret, chs.cyls, chs.heads, chs.secs,
				 (unsigned long long)std, c->ret, c->cyls, c->heads, c->secs,
				 (unsigned long long)c->std);
	}
	assert_int_equal(disk__floppy_geometry(1474560, NULL, NULL), 0);
}

/* ------------------------------------------------------------------ */
/* Reads, writes, bounds                                               */
/* ------------------------------------------------------------------ */

#define NR_SECTORS 4

static void pattern(uint8_t *buf, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(i * 7 + seed);
}

static void test_from_buffer(void **state)
{
	uint8_t src[700];
	struct disk d;

	(void)state;
	pattern(src, sizeof(src), 1);
	assert_int_equal(disk__from_buffer(&d, src, sizeof(src)), 0);
	assert_int_equal(d.size, 1024);
	assert_int_equal(d.sectors, 2);
	assert_null(d.loaded); /* all in memory */
	assert_memory_equal(d.data, src, sizeof(src));
	for (size_t i = sizeof(src); i < 1024; i++)
		assert_int_equal(d.data[i], 0);
	src[0] ^= 0xff; /* a copy, not a reference */
	assert_int_not_equal(d.data[0], src[0]);
	disk__close(&d);
	assert_null(d.data);
	assert_int_equal(d.sectors, 0);
	disk__close(&d); /* repeated close is harmless */
}

static void test_from_buffer_empty(void **state)
{
	struct disk d;
	uint8_t b = 0;

	(void)state;
	assert_int_not_equal(disk__from_buffer(&d, &b, 0), 0);
	assert_null(d.data);
}

static const struct bounds_case {
	uint64_t lba;
	uint32_t count;
	int ret;
} bounds_cases[] = {
	{ 0, NR_SECTORS, 0 },
	{ 0, 1, 0 },
	{ NR_SECTORS - 1, 1, 0 },
	{ NR_SECTORS - 1, 2, -1 },
	{ NR_SECTORS, 1, -1 },
	{ NR_SECTORS, 0, 0 },           /* empty range */
	{ 0, NR_SECTORS + 1, -1 },
	{ 1, UINT32_MAX, -1 },
	{ UINT64_MAX, 1, -1 },
	{ UINT64_MAX - 1, 2, -1 },      /* lba + count wraps to 0 */
	{ UINT64_MAX - NR_SECTORS + 1, NR_SECTORS, -1 },
	{ UINT64_MAX / SECTOR + 1, 1, -1 }, /* lba * 512 wraps */
};

static void test_read_write_bounds(void **state)
{
	static uint8_t src[NR_SECTORS * SECTOR], buf[(NR_SECTORS + 1) * SECTOR];
	struct disk d;

	(void)state;
	pattern(src, sizeof(src), 3);
	assert_int_equal(disk__from_buffer(&d, src, sizeof(src)), 0);
	for (size_t i = 0; i < sizeof(bounds_cases) / sizeof(bounds_cases[0]); i++) {
		const struct bounds_case *c = &bounds_cases[i];
		size_t n = c->ret == 0 ? (size_t)c->count * SECTOR : 0;
		int ret;

		memset(buf, 0xee, sizeof(buf));
		ret = disk__read(&d, c->lba, c->count, buf);
		if (ret != c->ret)
			fail_msg("read lba %llu count %u: %d, want %d", (unsigned long long)c->lba,
				 c->count, ret, c->ret);
		if (n)
			assert_memory_equal(buf, src + c->lba * SECTOR, n);
		for (size_t j = n; j < sizeof(buf); j++)
			assert_int_equal(buf[j], 0xee); /* nothing beyond, nothing on failure */

		ret = disk__write(&d, c->lba, c->count, buf);
		if (ret != c->ret)
			fail_msg("write lba %llu count %u: %d, want %d", (unsigned long long)c->lba,
				 c->count, ret, c->ret);
		assert_memory_equal(d.data, src, sizeof(src)); /* same bytes written back or none */
	}
	memset(buf, 0x5a, SECTOR);
	assert_int_equal(disk__write(&d, 2, 1, buf), 0);
	assert_memory_equal(d.data + 2 * SECTOR, buf, SECTOR);
	assert_memory_equal(d.data, src, 2 * SECTOR);
	assert_memory_equal(d.data + 3 * SECTOR, src + 3 * SECTOR, SECTOR);
	disk__close(&d);
}

/* ------------------------------------------------------------------ */
/* Images on disk: private copies                                      */
/* ------------------------------------------------------------------ */

struct tmpfile {
	char path[64];
	size_t len;
	uint8_t *bytes;
};

static void make_file(struct tmpfile *t, size_t len)
{
	int fd;

	snprintf(t->path, sizeof(t->path), "/tmp/disk_test.XXXXXX");
	fd = mkstemp(t->path);
	assert_true(fd >= 0);
	t->len = len;
	t->bytes = malloc(len);
	assert_non_null(t->bytes);
	pattern(t->bytes, len, 11);
	assert_int_equal(write(fd, t->bytes, len), (ssize_t)len);
	close(fd);
}

/* The file still holds exactly what make_file wrote. */
static void assert_file_unchanged(const struct tmpfile *t)
{
	uint8_t *now = malloc(t->len + 1);
	FILE *f = fopen(t->path, "rb");

	assert_non_null(now);
	assert_non_null(f);
	assert_int_equal(fread(now, 1, t->len + 1, f), t->len);
	fclose(f);
	assert_memory_equal(now, t->bytes, t->len);
	free(now);
}

static void drop_file(struct tmpfile *t)
{
	unlink(t->path);
	free(t->bytes);
}

static const struct open_case {
	const char *name;
	size_t file_len;
	uint64_t min_size;
	bool lazy;
	uint64_t size;
} open_cases[] = {
	{ "sector multiple: read whole", 8 * SECTOR, 0, false, 8 * SECTOR },
	{ "sector multiple, at min_size", 8 * SECTOR, 8 * SECTOR, false, 8 * SECTOR },
	{ "odd size: padded copy", 1000, 0, false, 1024 },
	{ "below min_size: padded copy", 8 * SECTOR, 16 * SECTOR, false, 16 * SECTOR },
	{ "floppy padded to 1.44M", 1000, 1474560, false, 1474560 },
	{ "odd min_size rounded up", 1000, 1500, false, 1536 },
	{ "largest read whole", DISK_EAGER_MAX, 0, false, DISK_EAGER_MAX },
	{ "larger: read lazily", DISK_EAGER_MAX + 1000, 0, true, DISK_EAGER_MAX + 1024 },
	{ "lazy, below min_size", DISK_EAGER_MAX + SECTOR, DISK_EAGER_MAX + 8 * SECTOR, true,
	  DISK_EAGER_MAX + 8 * SECTOR },
};

static void test_open_private(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(open_cases) / sizeof(open_cases[0]); i++) {
		const struct open_case *c = &open_cases[i];
		uint8_t sector[SECTOR];
		struct tmpfile t;
		struct image img;
		struct disk d;

		make_file(&t, c->file_len);
		assert_int_equal(image__open(&img, t.path), 0);
		assert_int_equal(disk__open(&d, &img, c->min_size), 0);
		if ((d.loaded != NULL) != c->lazy || d.size != c->size ||
		    d.sectors != c->size / SECTOR)
			fail_msg("%s: lazy %d size %llu sectors %llu", c->name, d.loaded != NULL,
				 (unsigned long long)d.size, (unsigned long long)d.sectors);
		assert_int_equal(disk__load_all(&d), 0);
		assert_null(d.loaded);
		assert_memory_equal(d.data, t.bytes, t.len);
		for (uint64_t j = t.len; j < d.size; j++)
			assert_int_equal(d.data[j], 0);

		/* guest writes land in the view, never in the file */
		memset(sector, 0xa5, sizeof(sector));
		assert_int_equal(disk__write(&d, 0, 1, sector), 0);
		assert_int_equal(disk__write(&d, d.sectors - 1, 1, sector), 0);
		memset(sector, 0, sizeof(sector));
		assert_int_equal(disk__read(&d, d.sectors - 1, 1, sector), 0);
		assert_int_equal(sector[0], 0xa5);
		assert_int_equal(disk__write(&d, d.sectors, 1, sector), -1);
		assert_file_unchanged(&t);

		disk__close(&d);
		image__close(&img);
		assert_file_unchanged(&t);
		drop_file(&t);
	}
}

/* ------------------------------------------------------------------ */
/* Lazy images: read a run at a time, and a file that changes under us  */
/* ------------------------------------------------------------------ */

#define LAZY_SECTORS (DISK_EAGER_MAX / SECTOR * 2)

/* A file of LAZY_SECTORS sectors, each starting with its own number. */
static void make_numbered(struct tmpfile *t)
{
	make_file(t, LAZY_SECTORS * SECTOR);
	for (uint64_t s = 0; s < LAZY_SECTORS; s++)
		memcpy(t->bytes + s * SECTOR, &s, sizeof(s));
	FILE *f = fopen(t->path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(t->bytes, 1, t->len, f), t->len);
	fclose(f);
}

struct fail_log {
	int calls;
	char why[512];
};

static void record_fail(void *opaque, const char *why)
{
	struct fail_log *log = opaque;

	log->calls++;
	snprintf(log->why, sizeof(log->why), "%s", why);
}

static uint64_t sector_number(struct disk *d, uint64_t lba)
{
	uint8_t buf[SECTOR];
	uint64_t n;

	assert_int_equal(disk__read(d, lba, 1, buf), 0);
	memcpy(&n, buf, sizeof(n));
	return n;
}

static void test_lazy_reads_the_right_sectors(void **state)
{
	struct tmpfile t;
	struct image img;
	struct disk d;
	uint8_t buf[3 * SECTOR];

	(void)state;
	make_numbered(&t);
	assert_int_equal(image__open(&img, t.path), 0);
	assert_int_equal(disk__open(&d, &img, 0), 0);
	image__close(&img); /* the disk keeps its own descriptor */
	assert_non_null(d.loaded);
	assert_int_equal(sector_number(&d, 0), 0);
	assert_int_equal(sector_number(&d, LAZY_SECTORS - 1), LAZY_SECTORS - 1);
	assert_int_equal(sector_number(&d, 1234), 1234);
	/* a run over loaded and unloaded sectors */
	assert_int_equal(disk__read(&d, 1233, 3, buf), 0);
	assert_memory_equal(buf, t.bytes + 1233 * SECTOR, sizeof(buf));
	/* a written sector is never read from the file again */
	memset(buf, 0x5a, SECTOR);
	assert_int_equal(disk__write(&d, 2000, 1, buf), 0);
	memset(buf, 0, SECTOR);
	assert_int_equal(disk__read(&d, 2000, 1, buf), 0);
	assert_int_equal(buf[0], 0x5a);
	assert_int_equal(disk__read(&d, LAZY_SECTORS, 1, buf), DISK_ERANGE);
	disk__close(&d);
	assert_file_unchanged(&t);
	drop_file(&t);
}

/* The file changes during the run: sectors read before keep their bytes, later ones are read as they are now. */
static void test_lazy_file_rewritten(void **state)
{
	struct tmpfile t;
	struct image img;
	struct disk d;
	uint64_t other = 0xdeadbeef;
	FILE *f;

	(void)state;
	make_numbered(&t);
	assert_int_equal(image__open(&img, t.path), 0);
	assert_int_equal(disk__open(&d, &img, 0), 0);
	image__close(&img);
	assert_int_equal(sector_number(&d, 3000), 3000);
	f = fopen(t.path, "r+b");
	assert_non_null(f);
	for (uint64_t s = 3000; s <= 3001; s++) {
		assert_int_equal(fseek(f, (long)(s * SECTOR), SEEK_SET), 0);
		assert_int_equal(fwrite(&other, sizeof(other), 1, f), 1);
	}
	fclose(f);
	assert_int_equal(sector_number(&d, 3000), 3000);
	assert_int_equal(sector_number(&d, 3001), 0xdeadbeef);
	disk__close(&d);
	drop_file(&t);
}

/* The file shrinks during the run: a read of a sector now gone fails, once, naming the image. */
static void test_lazy_file_shrinks(void **state)
{
	struct fail_log log = { 0 };
	struct tmpfile t;
	struct image img;
	struct disk d;
	uint8_t buf[SECTOR];
	char want[256];

	(void)state;
	make_numbered(&t);
	assert_int_equal(image__open(&img, t.path), 0);
	assert_int_equal(disk__open(&d, &img, 0), 0);
	image__close(&img);
	d.fail = (struct disk_fail){ .fn = record_fail, .opaque = &log };
	assert_int_equal(sector_number(&d, 5), 5);
	assert_int_equal(truncate(t.path, 100 * SECTOR), 0);
	assert_int_equal(sector_number(&d, 5), 5);   /* read before: still there */
	assert_int_equal(sector_number(&d, 99), 99); /* still in the file */
	assert_int_equal(log.calls, 0);
	assert_int_equal(disk__read(&d, 100, 1, buf), DISK_EIO);
	assert_int_equal(log.calls, 1);
	snprintf(want, sizeof(want), "the image shrank during the run from %llu to %d bytes: "
		 "sector 100 is gone", (unsigned long long)LAZY_SECTORS * SECTOR,
		 100 * SECTOR);
	assert_string_equal(log.why, want);
	/* the disk stays failed; the wiring hears of it once */
	assert_int_equal(disk__read(&d, 7, 1, buf), DISK_EIO);
	assert_int_equal(log.calls, 1);
	/* in range still comes first */
	assert_int_equal(disk__read(&d, LAZY_SECTORS, 1, buf), DISK_ERANGE);
	disk__close(&d);
	drop_file(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_geometry_table),
		cmocka_unit_test(test_geometry_real_disks),
		cmocka_unit_test(test_cmos_translation),
		cmocka_unit_test(test_floppy_geometry),
		cmocka_unit_test(test_from_buffer),
		cmocka_unit_test(test_from_buffer_empty),
		cmocka_unit_test(test_read_write_bounds),
		cmocka_unit_test(test_open_private),
		cmocka_unit_test(test_lazy_reads_the_right_sectors),
		cmocka_unit_test(test_lazy_file_rewritten),
		cmocka_unit_test(test_lazy_file_shrinks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
