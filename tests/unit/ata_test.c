/* ata_test.c - unit tests for the IDE/ATA channel (harness/hw/ata.[ch]). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "hw/ata.h"
#include "hw/disk.h"
#include "vmm/bus.h"

/* Ports and values spelled out here so the tests do not share the model's. */
#define DATA 0x1f0
#define ERROR 0x1f1
#define FEATURE 0x1f1
#define NSECT 0x1f2
#define SECTOR 0x1f3
#define LCYL 0x1f4
#define HCYL 0x1f5
#define SELECT 0x1f6
#define STATUS 0x1f7
#define COMMAND 0x1f7
#define CTRL 0x3f6

#define ST_READY 0x50  /* DRDY | DSC */
#define ST_DRQ 0x58    /* DRDY | DSC | DRQ */
#define ST_ERROR 0x51  /* DRDY | DSC | ERR */
#define ST_BUSY 0x80
#define ER_ABRT 0x04
#define ER_IDNF 0x10
#define DC_NIEN 0x02
#define DC_SRST 0x04
#define DC_HOB 0x80

#define DISK_SECTORS 8192 /* 4 MiB: 8 cylinders of 16 heads, 63 sectors */
#define BYTES 512

struct fixture {
	struct disk d;
	struct disk d2;    /* a second disk, for the tests of two devices */
	bool have_d2;
	unsigned irq_no;   /* the line the channel is wired to; 0: 14 */
	struct ata a;
	int levels[64];    /* every level the controller drove IRQ 14 to */
	int nr_levels;
	int raises;
};

static uint8_t pattern_byte(uint64_t lba, unsigned i)
{
	return (uint8_t)(lba * 31 + i * 7 + (lba >> 8));
}

static void irq_stub(void *opaque, unsigned irq, int level)
{
	struct fixture *f = opaque;

	assert_int_equal(irq, f->irq_no ? f->irq_no : 14);
	if (f->nr_levels < (int)(sizeof(f->levels) / sizeof(f->levels[0])))
		f->levels[f->nr_levels++] = level;
	if (level)
		f->raises++;
}

static void attach(struct fixture *f)
{
	ata__init(&f->a, ATA_PRIMARY, &f->d, NULL, (struct irq_line){ .set = irq_stub, .opaque = f, .irq = 14 });
}

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));
	static uint8_t img[DISK_SECTORS * BYTES];

	if (!f)
		return -1;
	for (uint64_t s = 0; s < DISK_SECTORS; s++)
		for (unsigned i = 0; i < BYTES; i++)
			img[s * BYTES + i] = pattern_byte(s, i);
	if (disk__from_buffer(&f->d, img, sizeof(img)))
		return -1;
	disk__guess_geometry(&f->d);
	attach(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	disk__close(&f->d);
	if (f->have_d2)
		disk__close(&f->d2);
	test_free(f);
	return 0;
}

#define SLAVE_SECTORS 100

/* The slave's disk reads the pattern with every byte inverted, so no sector can pass for the master's. */
static uint8_t slave_byte(uint64_t lba, unsigned i)
{
	return (uint8_t)~pattern_byte(lba, i);
}

/* The fixture's disk as master, a second (smaller) disk as slave, on the primary channel. */
static int setup_two(void **state)
{
	static uint8_t img[SLAVE_SECTORS * BYTES];
	struct fixture *f;

	if (setup(state))
		return -1;
	f = *state;
	for (uint64_t s = 0; s < SLAVE_SECTORS; s++)
		for (unsigned i = 0; i < BYTES; i++)
			img[s * BYTES + i] = slave_byte(s, i);
	if (disk__from_buffer(&f->d2, img, sizeof(img)))
		return -1;
	f->have_d2 = true;
	ata__init(&f->a, ATA_PRIMARY, &f->d, &f->d2,
		  (struct irq_line){ .set = irq_stub, .opaque = f, .irq = 14 });
	return 0;
}

static void outb(struct fixture *f, uint16_t port, uint8_t v)
{
	ata__io(&f->a, port, v, 1, true);
}

static uint8_t inb(struct fixture *f, uint16_t port)
{
	return (uint8_t)ata__io(&f->a, port, 0, 1, false);
}

static uint16_t inw(struct fixture *f)
{
	return (uint16_t)ata__io(&f->a, DATA, 0, 2, false);
}

static uint32_t inl(struct fixture *f)
{
	return ata__io(&f->a, DATA, 0, 4, false);
}

static void outw(struct fixture *f, uint16_t v)
{
	ata__io(&f->a, DATA, v, 2, true);
}

static void outl(struct fixture *f, uint32_t v)
{
	ata__io(&f->a, DATA, v, 4, true);
}

/* Program an LBA28 request and issue CMD. */
static void lba28(struct fixture *f, uint32_t lba, uint8_t count, uint8_t cmd)
{
	outb(f, SELECT, (uint8_t)(0xe0 | ((lba >> 24) & 0x0f)));
	outb(f, NSECT, count);
	outb(f, SECTOR, (uint8_t)lba);
	outb(f, LCYL, (uint8_t)(lba >> 8));
	outb(f, HCYL, (uint8_t)(lba >> 16));
	outb(f, COMMAND, cmd);
}

/* Program an LBA48 request, high bytes first as SeaBIOS does, and issue CMD. */
static void lba48(struct fixture *f, uint64_t lba, uint16_t count, uint8_t cmd)
{
	outb(f, SELECT, 0x40);
	outb(f, NSECT, (uint8_t)(count >> 8));
	outb(f, SECTOR, (uint8_t)(lba >> 24));
	outb(f, LCYL, (uint8_t)(lba >> 32));
	outb(f, HCYL, (uint8_t)(lba >> 40));
	outb(f, NSECT, (uint8_t)count);
	outb(f, SECTOR, (uint8_t)lba);
	outb(f, LCYL, (uint8_t)(lba >> 8));
	outb(f, HCYL, (uint8_t)(lba >> 16));
	outb(f, COMMAND, cmd);
}

static void chs(struct fixture *f, uint16_t cyl, uint8_t head, uint8_t sec, uint8_t count,
		uint8_t cmd)
{
	outb(f, SELECT, (uint8_t)(0xa0 | head));
	outb(f, NSECT, count);
	outb(f, SECTOR, sec);
	outb(f, LCYL, (uint8_t)cyl);
	outb(f, HCYL, (uint8_t)(cyl >> 8));
	outb(f, COMMAND, cmd);
}

/* Read one sector through the data port (16-bit) and check it is sector LBA of the pattern. */
static void assert_sector_pattern(struct fixture *f, uint64_t lba)
{
	for (unsigned i = 0; i < BYTES; i += 2) {
		uint16_t w = inw(f);
		uint16_t want = (uint16_t)(pattern_byte(lba, i) | pattern_byte(lba, i + 1) << 8);

		if (w != want)
			fail_msg("sector %llu byte %u: 0x%04x, want 0x%04x", (unsigned long long)lba,
				 i, w, want);
	}
}

static void read_identify(struct fixture *f, uint16_t *w)
{
	outb(f, SELECT, 0xa0);
	outb(f, COMMAND, 0xec);
	assert_int_equal(inb(f, CTRL), ST_DRQ);
	for (int i = 0; i < 256; i++)
		w[i] = inw(f);
	assert_int_equal(inb(f, CTRL), ST_READY);
}

static void assert_signature(struct fixture *f)
{
	assert_int_equal(inb(f, ERROR), 0x01);
	assert_int_equal(inb(f, NSECT), 1);
	assert_int_equal(inb(f, SECTOR), 1);
	assert_int_equal(inb(f, LCYL), 0);
	assert_int_equal(inb(f, HCYL), 0);
	assert_int_equal(inb(f, SELECT), 0xa0);
}

/* ------------------------------------------------------------------ */
/* Reset                                                               */
/* ------------------------------------------------------------------ */

static void test_power_on(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(inb(f, STATUS), ST_READY);
	assert_int_equal(inb(f, CTRL), ST_READY);
	assert_signature(f);
	assert_int_equal(f->nr_levels, 0);
	/* nothing to transfer: word and dword reads give 0, byte reads 0xff (QEMU) */
	assert_int_equal(inw(f), 0);
	assert_int_equal(inl(f), 0);
	assert_int_equal(inb(f, DATA), 0xff);
	outw(f, 0x1234);
	assert_int_equal(inb(f, STATUS), ST_READY);
}

static void test_srst(void **state)
{
	struct fixture *f = *state;

	outb(f, NSECT, 5);
	outb(f, SELECT, 0xe3);
	/* SeaBIOS's ata_reset: HD15 | nIEN | SRST, then HD15 | nIEN */
	outb(f, CTRL, 0x08 | DC_NIEN | DC_SRST);
	assert_int_equal(inb(f, STATUS), ST_BUSY);
	assert_int_equal(inb(f, CTRL), ST_BUSY);
	outb(f, NSECT, 9);       /* ignored during reset */
	outb(f, COMMAND, 0xec);  /* ignored: busy */
	assert_int_equal(inb(f, CTRL), ST_BUSY);
	outb(f, CTRL, 0x08 | DC_NIEN);
	assert_int_equal(inb(f, STATUS), ST_READY);
	assert_signature(f);
	assert_int_equal(f->raises, 0); /* nIEN */

	/* with interrupts enabled the end of the reset interrupts */
	outb(f, CTRL, DC_SRST);
	outb(f, CTRL, 0);
	assert_int_equal(f->raises, 1);
	assert_int_equal(f->levels[f->nr_levels - 1], 1);
	assert_int_equal(inb(f, CTRL), ST_READY); /* alternate status leaves it alone */
	assert_int_equal(f->levels[f->nr_levels - 1], 1);
	assert_int_equal(inb(f, STATUS), ST_READY);
	assert_int_equal(f->levels[f->nr_levels - 1], 0);
}

static void test_srst_aborts_transfer(void **state)
{
	struct fixture *f = *state;

	lba28(f, 0, 2, 0x20);
	assert_int_equal(inb(f, STATUS), ST_DRQ);
	inw(f);
	outb(f, CTRL, DC_NIEN | DC_SRST);
	outb(f, CTRL, DC_NIEN);
	assert_int_equal(inb(f, STATUS), ST_READY);
	assert_int_equal(inw(f), 0);
	assert_signature(f);
}

/* QEMU keeps the selected device across SRST (SeaBIOS works around it). */
static void test_srst_keeps_selected_device(void **state)
{
	struct fixture *f = *state;

	outb(f, SELECT, 0xb0);
	outb(f, CTRL, DC_NIEN | DC_SRST);
	outb(f, CTRL, DC_NIEN);
	assert_int_equal(inb(f, STATUS), 0);
	assert_int_equal(inb(f, SELECT), 0xa0);
	outb(f, SELECT, 0xa0);
	assert_int_equal(inb(f, STATUS), ST_READY);
}

/* ------------------------------------------------------------------ */
/* IDENTIFY                                                            */
/* ------------------------------------------------------------------ */

static void test_identify(void **state)
{
	struct fixture *f = *state;
	uint16_t w[256];
	char model[41];

	read_identify(f, w);
	assert_int_equal(f->raises, 1);
	assert_int_equal(w[0], 0x0040);
	assert_int_equal(w[1], 8);
	assert_int_equal(w[3], 16);
	assert_int_equal(w[6], 63);
	assert_int_equal(w[47], 0x8010);
	assert_true(w[49] & (1 << 9));
	assert_int_equal(w[53] & 7, 7);
	assert_int_equal(w[54], 8);
	assert_int_equal(w[55], 16);
	assert_int_equal(w[56], 63);
	assert_int_equal(w[57] | (uint32_t)w[58] << 16, 8 * 16 * 63);
	assert_int_equal(w[59], 0x0110);
	assert_int_equal(w[60] | (uint32_t)w[61] << 16, DISK_SECTORS);
	assert_int_equal(w[80], 0x00f0);
	assert_int_equal(w[83] & 0xc400, 0x4400); /* valid, LBA48 */
	assert_true(w[86] & (1 << 10));
	assert_int_equal(w[93], 0x6001);
	assert_int_equal(w[100], DISK_SECTORS);
	assert_int_equal(w[101] | w[102] | w[103], 0);

	/* ATA strings: the first character of each pair in the high byte */
	assert_int_equal(w[27], ('B' << 8) | 'O');
	for (int i = 0; i < 20; i++) {
		model[2 * i] = (char)(w[27 + i] >> 8);
		model[2 * i + 1] = (char)w[27 + i];
	}
	model[40] = 0;
	assert_string_equal(model, "BOOTCHECK HARDDISK                      ");

	assert_int_equal(inw(f), 0); /* past the end: nothing more */
}

static void test_identify_bytes_on_the_wire(void **state)
{
	struct fixture *f = *state;
	uint32_t first;

	outb(f, COMMAND, 0xec);
	first = inl(f); /* words 0 and 1 in one dword, little-endian */
	assert_int_equal(first, 0x0040 | (8u << 16));
}

/* ------------------------------------------------------------------ */
/* READ SECTORS                                                        */
/* ------------------------------------------------------------------ */

static void test_read_lba28(void **state)
{
	struct fixture *f = *state;

	lba28(f, 5, 3, 0x20);
	assert_int_equal(inb(f, CTRL), ST_DRQ);
	assert_int_equal(f->nr_levels, 1);
	assert_int_equal(f->levels[0], 1);
	assert_int_equal(inb(f, STATUS), ST_DRQ); /* acknowledges */
	assert_int_equal(f->levels[1], 0);

	assert_sector_pattern(f, 5);
	assert_int_equal(inb(f, CTRL), ST_DRQ);
	assert_int_equal(f->raises, 2);
	assert_int_equal(inb(f, STATUS), ST_DRQ);
	assert_sector_pattern(f, 6);
	assert_int_equal(f->raises, 3);
	assert_sector_pattern(f, 7);
	assert_int_equal(inb(f, CTRL), ST_READY);
	assert_int_equal(f->raises, 3); /* none after the last sector */
	assert_int_equal(inb(f, ERROR), 0);

	/* the task file names the last sector read */
	assert_int_equal(inb(f, SECTOR), 7);
	assert_int_equal(inb(f, LCYL), 0);
	assert_int_equal(inb(f, HCYL), 0);
	assert_int_equal(inb(f, SELECT), 0xe0);
	assert_int_equal(inb(f, NSECT), 0);
}

static void test_read_lba28_high_bits(void **state)
{
	struct fixture *f = *state;

	lba28(f, 0x1234, 1, 0x21);
	assert_sector_pattern(f, 0x1234);
	assert_int_equal(inb(f, SECTOR), 0x34);
	assert_int_equal(inb(f, LCYL), 0x12);
}

/*
 * Bits 24-27 of an LBA28 address come from the device/head register: a
 * request whose high nibble is set lies past this small disk, and must
 * fail IDNF, not read the sector the low 24 bits name.
 */
static void test_lba28_device_head_nibble(void **state)
{
	struct fixture *f = *state;

	lba28(f, 0x1000005, 1, 0x20); /* sector 5 with bit 24 set */
	assert_int_equal(inb(f, STATUS), ST_ERROR);
	assert_int_equal(inb(f, ERROR), ER_IDNF);
	lba28(f, 5, 1, 0x20);         /* sector 5 itself reads */
	assert_int_equal(inb(f, STATUS), ST_DRQ);
	assert_sector_pattern(f, 5);
}

/*
 * The image cannot give a sector (it shrank under the run): the read fails
 * UNC, not IDNF, and the disk's wiring hears why.  Built by hand: a disk
 * whose sectors past 7 were never loaded and whose file is gone.
 */
static void note_fail(void *opaque, const char *why)
{
	(*(int *)opaque)++;
	(void)why;
}

static void test_read_image_gone(void **state)
{
	struct fixture *f = *state;
	uint64_t *loaded = calloc(DISK_SECTORS / 64, sizeof(uint64_t));
	int fails = 0;

	assert_non_null(loaded);
	loaded[0] = 0xff; /* sectors 0-7 */
	f->d.loaded = loaded;
	f->d.fd = -1;     /* pread fails: as a file that went away */
	f->d.file_size = DISK_SECTORS * BYTES;
	f->d.fail = (struct disk_fail){ .fn = note_fail, .opaque = &fails };
	lba28(f, 7, 1, 0x20);
	assert_int_equal(inb(f, STATUS), ST_DRQ);
	assert_sector_pattern(f, 7);
	lba28(f, 8, 1, 0x20);
	assert_int_equal(inb(f, STATUS), ST_ERROR);
	assert_int_equal(inb(f, ERROR), 0x40); /* UNC */
	assert_int_equal(fails, 1);
	lba28(f, DISK_SECTORS, 1, 0x20);       /* past the end is still IDNF */
	assert_int_equal(inb(f, ERROR), ER_IDNF);
	free(f->d.loaded);
	f->d.loaded = NULL;
}

static const struct chs_case {
	uint16_t cyl;
	uint8_t head, sec, count;
	uint64_t first;
	uint16_t last_cyl;
	uint8_t last_head, last_sec;
} chs_cases[] = {
	{ 0, 0, 1, 1, 0, 0, 0, 1 },
	{ 1, 2, 3, 2, (1 * 16 + 2) * 63 + 2, 1, 2, 4 },
	{ 0, 15, 63, 2, 15 * 63 + 62, 1, 0, 1 },     /* crosses into the next cylinder */
	{ 0, 3, 62, 3, 3 * 63 + 61, 0, 4, 1 },       /* crosses a track */
	{ 7, 15, 63, 1, DISK_SECTORS - 1 - 128, 7, 15, 63 }, /* last CHS sector (8064 of 8192) */
};

static void test_read_chs(void **state)
{
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof(chs_cases) / sizeof(chs_cases[0]); i++) {
		const struct chs_case *c = &chs_cases[i];

		chs(f, c->cyl, c->head, c->sec, c->count, 0x20);
		if (inb(f, STATUS) != ST_DRQ)
			fail_msg("CHS %u/%u/%u: status 0x%02x", c->cyl, c->head, c->sec,
				 inb(f, CTRL));
		for (unsigned s = 0; s < c->count; s++)
			assert_sector_pattern(f, c->first + s);
		assert_int_equal(inb(f, STATUS), ST_READY);
		assert_int_equal(inb(f, LCYL) | inb(f, HCYL) << 8, c->last_cyl);
		assert_int_equal(inb(f, SELECT), 0xa0 | c->last_head);
		assert_int_equal(inb(f, SECTOR), c->last_sec);
	}
}

static void test_read_chs_invalid(void **state)
{
	static const struct {
		uint16_t cyl;
		uint8_t head, sec;
	} bad[] = {
		{ 0, 0, 0 },   /* sectors count from 1 */
		{ 0, 0, 64 },  /* 63 per track */
		{ 8, 0, 1 },   /* 8 cylinders */
		{ 0xffff, 15, 63 },
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		chs(f, bad[i].cyl, bad[i].head, bad[i].sec, 1, 0x20);
		assert_int_equal(inb(f, STATUS), ST_ERROR);
		assert_int_equal(inb(f, ERROR), ER_IDNF);
		assert_int_equal(inw(f), 0);
	}
	assert_int_equal(f->raises, 4);
}

static void test_read_ext(void **state)
{
	struct fixture *f = *state;

	/* HOB: the previous value of each register, read back with HOB set */
	outb(f, SELECT, 0x40);
	outb(f, NSECT, 0x01);
	outb(f, NSECT, 0x02);
	outb(f, SECTOR, 0x00);
	outb(f, SECTOR, 100);
	outb(f, LCYL, 0);
	outb(f, LCYL, 0);
	outb(f, HCYL, 0);
	outb(f, HCYL, 0);
	outb(f, CTRL, DC_HOB);
	assert_int_equal(inb(f, NSECT), 0x01);
	outb(f, CTRL, 0);
	assert_int_equal(inb(f, NSECT), 0x02);

	outb(f, COMMAND, 0x24); /* 0x0102 = 258 sectors from 100 */
	for (unsigned s = 0; s < 0x102; s++) {
		assert_int_equal(inb(f, STATUS), ST_DRQ); /* and acknowledge */
		assert_sector_pattern(f, 100 + s);
	}
	assert_int_equal(inb(f, STATUS), ST_READY);
	assert_int_equal(f->raises, 0x102);
	assert_int_equal(inb(f, SECTOR), (100 + 257) & 0xff);
	assert_int_equal(inb(f, LCYL), (100 + 257) >> 8);
	assert_int_equal(inb(f, NSECT), 0);
	outb(f, CTRL, DC_HOB);
	assert_int_equal(inb(f, NSECT), 0);
	assert_int_equal(inb(f, SECTOR), 0);
}

static void test_read_32bit(void **state)
{
	struct fixture *f = *state;

	lba28(f, 42, 2, 0x20);
	for (unsigned i = 0; i < BYTES; i += 4) {
		uint32_t want = (uint32_t)pattern_byte(42, i) | (uint32_t)pattern_byte(42, i + 1) << 8 |
				(uint32_t)pattern_byte(42, i + 2) << 16 |
				(uint32_t)pattern_byte(42, i + 3) << 24;

		assert_int_equal(inl(f), want);
	}
	/* mixed widths; a dword that would cross the sector end moves nothing */
	for (unsigned i = 0; i < 127; i++)
		inl(f);
	inw(f);
	assert_int_equal(inl(f), 0);
	assert_int_equal(inb(f, CTRL), ST_DRQ);
	assert_int_equal(inw(f), pattern_byte(43, 510) | pattern_byte(43, 511) << 8);
	assert_int_equal(inb(f, CTRL), ST_READY);
}

static void test_out_of_range(void **state)
{
	static const struct {
		bool ext;
		uint64_t lba;
		uint16_t count;
		uint8_t cmd;
	} cases[] = {
		{ false, DISK_SECTORS - 1, 2, 0x20 },
		{ false, DISK_SECTORS, 1, 0x20 },
		{ false, 0x0fffffff, 1, 0x20 },
		{ false, DISK_SECTORS - 100, 0, 0x20 }, /* 0 means 256 */
		{ false, DISK_SECTORS, 1, 0x30 },
		{ false, DISK_SECTORS, 1, 0xc4 },
		{ false, DISK_SECTORS, 1, 0x40 },
		{ true, 1ULL << 40, 1, 0x24 },
		{ true, DISK_SECTORS - 1, 2, 0x34 },
		{ true, 0xffffffffffffULL, 1, 0x24 },
		{ true, 0, 0, 0x24 },                   /* 0 means 65536 */
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int raises = f->raises;

		if (cases[i].ext)
			lba48(f, cases[i].lba, cases[i].count, cases[i].cmd);
		else
			lba28(f, (uint32_t)cases[i].lba, (uint8_t)cases[i].count, cases[i].cmd);
		if (inb(f, CTRL) != ST_ERROR || inb(f, ERROR) != ER_IDNF)
			fail_msg("case %zu: status 0x%02x error 0x%02x", i, inb(f, CTRL),
				 inb(f, ERROR));
		assert_int_equal(f->raises, raises + 1);
		assert_int_equal(inw(f), 0);
		outw(f, 0xdead);
		assert_int_equal(inb(f, STATUS), ST_ERROR);
	}
	for (uint64_t s = DISK_SECTORS - 2; s < DISK_SECTORS; s++)
		assert_int_equal(f->d.data[s * BYTES], pattern_byte(s, 0));
}

/* ------------------------------------------------------------------ */
/* WRITE SECTORS                                                       */
/* ------------------------------------------------------------------ */

static void test_write_then_read(void **state)
{
	struct fixture *f = *state;

	lba28(f, 10, 2, 0x30);
	assert_int_equal(inb(f, CTRL), ST_DRQ);
	assert_int_equal(f->raises, 0); /* no interrupt before the first sector */
	for (unsigned i = 0; i < BYTES / 2; i++)
		outw(f, (uint16_t)(0xa000 + i));
	assert_int_equal(f->raises, 1);
	assert_int_equal(inb(f, STATUS), ST_DRQ);
	assert_int_equal(inw(f), 0); /* reads during a write move nothing */
	for (unsigned i = 0; i < BYTES / 4; i++)
		outl(f, 0xb0000000u + i);
	assert_int_equal(f->raises, 2);
	assert_int_equal(inb(f, STATUS), ST_READY);
	assert_int_equal(inb(f, SECTOR), 11);
	outw(f, 0xffff); /* ignored: nothing pending */

	assert_int_equal(f->d.data[10 * BYTES], 0x00);
	assert_int_equal(f->d.data[10 * BYTES + 1], 0xa0);
	assert_int_equal(f->d.data[11 * BYTES + 3], 0xb0);
	assert_int_equal(f->d.data[12 * BYTES], pattern_byte(12, 0));

	lba28(f, 10, 2, 0x20);
	for (unsigned i = 0; i < BYTES / 2; i++)
		assert_int_equal(inw(f), 0xa000 + i);
	for (unsigned i = 0; i < BYTES / 4; i++)
		assert_int_equal(inl(f), 0xb0000000u + i);
	assert_int_equal(inb(f, STATUS), ST_READY);
}

static void test_write_ext(void **state)
{
	struct fixture *f = *state;

	lba48(f, 300, 1, 0x34);
	assert_int_equal(inb(f, CTRL), ST_DRQ);
	for (unsigned i = 0; i < BYTES / 2; i++)
		outw(f, 0x5a5a);
	assert_int_equal(inb(f, STATUS), ST_READY);
	assert_int_equal(f->d.data[300 * BYTES], 0x5a);
	assert_int_equal(f->d.data[301 * BYTES], pattern_byte(301, 0));
}

/* ------------------------------------------------------------------ */
/* Multiple mode, parameters, features                                 */
/* ------------------------------------------------------------------ */

static void test_multiple(void **state)
{
	struct fixture *f = *state;
	uint16_t w[256];

	outb(f, NSECT, 4);
	outb(f, COMMAND, 0xc6);
	assert_int_equal(inb(f, STATUS), ST_READY);
	read_identify(f, w);
	assert_int_equal(w[59], 0x0104);

	f->raises = 0;
	lba28(f, 20, 6, 0xc4); /* blocks of 4 and 2 sectors */
	for (unsigned s = 0; s < 4; s++) {
		assert_int_equal(inb(f, STATUS), ST_DRQ);
		assert_sector_pattern(f, 20 + s);
	}
	assert_int_equal(f->raises, 2);
	assert_int_equal(inb(f, STATUS), ST_DRQ);
	assert_sector_pattern(f, 24);
	assert_int_equal(inb(f, STATUS), ST_DRQ);
	assert_sector_pattern(f, 25);
	assert_int_equal(inb(f, STATUS), ST_READY);
	assert_int_equal(f->raises, 2);

	f->raises = 0;
	lba28(f, 30, 5, 0xc5);
	for (unsigned i = 0; i < 4 * BYTES / 2; i++)
		outw(f, 0x1111);
	assert_int_equal(f->raises, 1);
	assert_int_equal(inb(f, STATUS), ST_DRQ);
	for (unsigned i = 0; i < BYTES / 2; i++)
		outw(f, 0x2222);
	assert_int_equal(f->raises, 2);
	assert_int_equal(inb(f, STATUS), ST_READY);
	assert_int_equal(f->d.data[33 * BYTES], 0x11);
	assert_int_equal(f->d.data[34 * BYTES], 0x22);

	/* invalid counts abort; 0 disables the multiple commands */
	static const uint8_t bad[] = { 3, 5, 32, 255 };
	for (size_t i = 0; i < sizeof(bad); i++) {
		outb(f, NSECT, bad[i]);
		outb(f, COMMAND, 0xc6);
		assert_int_equal(inb(f, STATUS), ST_ERROR);
		assert_int_equal(inb(f, ERROR), ER_ABRT);
	}
	outb(f, NSECT, 0);
	outb(f, COMMAND, 0xc6);
	assert_int_equal(inb(f, STATUS), ST_READY);
	lba28(f, 0, 1, 0xc4);
	assert_int_equal(inb(f, STATUS), ST_ERROR);
	assert_int_equal(inb(f, ERROR), ER_ABRT);
	lba28(f, 0, 1, 0xc5);
	assert_int_equal(inb(f, STATUS), ST_ERROR);
	assert_int_equal(inb(f, ERROR), ER_ABRT);

	/* SRST restores 16 sectors a block */
	outb(f, CTRL, DC_NIEN | DC_SRST);
	outb(f, CTRL, DC_NIEN);
	read_identify(f, w);
	assert_int_equal(w[59], 0x0110);
}

static void test_multiple_default(void **state)
{
	struct fixture *f = *state;

	lba28(f, 0, 17, 0xc4); /* QEMU: 16 sectors a block from power-on */
	for (unsigned s = 0; s < 17; s++) {
		assert_int_equal(inb(f, STATUS), ST_DRQ);
		assert_sector_pattern(f, s);
	}
	assert_int_equal(f->raises, 2);
	assert_int_equal(inb(f, STATUS), ST_READY);
}

static void test_init_params(void **state)
{
	struct fixture *f = *state;
	uint16_t w[256];

	outb(f, SELECT, 0xa3); /* 4 heads */
	outb(f, NSECT, 32);
	outb(f, COMMAND, 0x91);
	assert_int_equal(inb(f, STATUS), ST_READY);
	read_identify(f, w);
	assert_int_equal(w[1], 8);   /* default geometry unchanged */
	assert_int_equal(w[3], 16);
	assert_int_equal(w[54], DISK_SECTORS / (4 * 32));
	assert_int_equal(w[55], 4);
	assert_int_equal(w[56], 32);
	assert_int_equal(w[57] | (uint32_t)w[58] << 16, DISK_SECTORS);

	chs(f, 2, 1, 5, 1, 0x20);
	assert_sector_pattern(f, (2 * 4 + 1) * 32 + 4);
	assert_int_equal(inb(f, STATUS), ST_READY);
	chs(f, 0, 4, 1, 1, 0x20); /* head 4 of 4 */
	assert_int_equal(inb(f, STATUS), ST_ERROR);
	assert_int_equal(inb(f, ERROR), ER_IDNF);
	chs(f, 0, 0, 33, 1, 0x20);
	assert_int_equal(inb(f, ERROR), ER_IDNF);

	static const uint8_t bad_secs[] = { 0, 64, 255 };
	for (size_t i = 0; i < sizeof(bad_secs); i++) {
		outb(f, NSECT, bad_secs[i]);
		outb(f, COMMAND, 0x91);
		assert_int_equal(inb(f, STATUS), ST_ERROR);
		assert_int_equal(inb(f, ERROR), ER_ABRT);
	}
}

static void test_init_guesses_geometry(void **state)
{
	struct fixture *f = *state;
	static uint8_t img[BYTES];
	struct disk d;
	uint16_t w[256];

	assert_int_equal(disk__from_buffer(&d, img, sizeof(img)), 0);
	ata__init(&f->a, ATA_PRIMARY, &d, NULL, (struct irq_line){ .set = irq_stub, .opaque = f, .irq = 14 });
	assert_int_equal(d.geom.cyls, 2);
	assert_int_equal(d.geom.heads, 16);
	assert_int_equal(d.geom.secs, 63);
	read_identify(f, w);
	assert_int_equal(w[1], 2);
	assert_int_equal(w[60], 1);

	outb(f, SELECT, 0xaf); /* 16 heads of 63 sectors: less than a cylinder */
	outb(f, NSECT, 63);
	outb(f, COMMAND, 0x91);
	assert_int_equal(inb(f, STATUS), ST_ERROR);
	assert_int_equal(inb(f, ERROR), ER_ABRT);
	disk__close(&d);
}

static void test_set_features(void **state)
{
	static const struct {
		uint8_t feature, nsect, status;
	} cases[] = {
		{ 0x82, 0, ST_READY },    /* write cache off */
		{ 0x02, 0, ST_READY },    /* write cache on */
		{ 0x03, 0x0c, ST_READY }, /* PIO mode 4 */
		{ 0x03, 0x00, ST_READY }, /* PIO default */
		{ 0x03, 0x45, ST_ERROR }, /* UDMA 5: no DMA here */
		{ 0xaa, 0, ST_READY },
		{ 0x33, 0, ST_ERROR },
	};
	struct fixture *f = *state;
	uint16_t w[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		outb(f, FEATURE, cases[i].feature);
		outb(f, NSECT, cases[i].nsect);
		outb(f, COMMAND, 0xef);
		assert_int_equal(inb(f, STATUS), cases[i].status);
		if (cases[i].feature == 0x82) {
			read_identify(f, w);
			assert_int_equal(w[85] & (1 << 5), 0);
		}
	}
	read_identify(f, w);
	assert_int_equal(w[85] & (1 << 5), 1 << 5);
}

/* ------------------------------------------------------------------ */
/* Other commands                                                      */
/* ------------------------------------------------------------------ */

static void test_command_table(void **state)
{
	static const struct {
		uint8_t cmd, status, error;
	} cases[] = {
		{ 0xa1, ST_ERROR, ER_ABRT }, /* IDENTIFY PACKET: not ATAPI */
		{ 0xa0, ST_ERROR, ER_ABRT }, /* PACKET */
		{ 0x00, ST_ERROR, ER_ABRT },
		{ 0x08, ST_ERROR, ER_ABRT }, /* DEVICE RESET: ATAPI only */
		{ 0xc8, ST_ERROR, ER_ABRT }, /* READ DMA: no DMA here */
		{ 0x25, ST_ERROR, ER_ABRT },
		{ 0xb0, ST_ERROR, ER_ABRT },
		{ 0xff, ST_ERROR, ER_ABRT },
		{ 0x10, ST_READY, 0 },       /* RECALIBRATE */
		{ 0x1f, ST_READY, 0 },
		{ 0x70, ST_READY, 0 },       /* SEEK */
		{ 0x7f, ST_READY, 0 },
		{ 0xe7, ST_READY, 0 },       /* FLUSH CACHE */
		{ 0xea, ST_READY, 0 },
		{ 0xe0, ST_READY, 0 },       /* STANDBY IMMEDIATE */
		{ 0x90, ST_READY, 0x01 },    /* diagnostic passed */
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int raises = f->raises;

		outb(f, COMMAND, cases[i].cmd);
		if (inb(f, CTRL) != cases[i].status || inb(f, ERROR) != cases[i].error)
			fail_msg("command 0x%02x: status 0x%02x error 0x%02x", cases[i].cmd,
				 inb(f, CTRL), inb(f, ERROR));
		assert_int_equal(f->raises, raises + 1);
		assert_int_equal(inb(f, STATUS), cases[i].status);
		assert_int_equal(f->levels[f->nr_levels - 1], 0);
	}
	outb(f, NSECT, 0);
	outb(f, COMMAND, 0xe5); /* CHECK POWER MODE: active */
	assert_int_equal(inb(f, NSECT), 0xff);
	outb(f, NSECT, 7);
	outb(f, LCYL, 9);
	outb(f, COMMAND, 0x90);
	assert_signature(f);
}

static void test_verify(void **state)
{
	struct fixture *f = *state;

	lba28(f, 100, 10, 0x40);
	assert_int_equal(inb(f, STATUS), ST_READY);
	assert_int_equal(inw(f), 0);
	lba48(f, DISK_SECTORS - 1, 1, 0x42);
	assert_int_equal(inb(f, STATUS), ST_READY);
	chs(f, 0, 0, 0, 1, 0x41);
	assert_int_equal(inb(f, STATUS), ST_ERROR);
	assert_int_equal(inb(f, ERROR), ER_IDNF);
}

static void test_nien(void **state)
{
	struct fixture *f = *state;
	uint16_t w[256];

	outb(f, CTRL, 0x08 | DC_NIEN);
	lba28(f, 0, 2, 0x20);
	assert_sector_pattern(f, 0);
	assert_sector_pattern(f, 1);
	lba28(f, 0, 1, 0x30);
	for (unsigned i = 0; i < BYTES / 2; i++)
		outw(f, 0);
	read_identify(f, w);
	outb(f, COMMAND, 0xa1);
	lba28(f, DISK_SECTORS, 1, 0x20);
	assert_int_equal(inb(f, STATUS), ST_ERROR);
	assert_int_equal(f->nr_levels, 0);
}

/* ------------------------------------------------------------------ */
/* Device 1, busy, empty cable, the bus                                */
/* ------------------------------------------------------------------ */

static void test_slave_absent(void **state)
{
	struct fixture *f = *state;

	outb(f, SELECT, 0xb0);
	assert_int_equal(inb(f, STATUS), 0);
	assert_int_equal(inb(f, CTRL), 0);
	assert_int_equal(inb(f, ERROR), 0);
	assert_int_equal(inb(f, LCYL), 0xff); /* QEMU's signature for no device */
	assert_int_equal(inb(f, HCYL), 0xff);
	/* SeaBIOS's probe: the shared registers latch what is written */
	outb(f, NSECT, 0x55);
	outb(f, SECTOR, 0xaa);
	assert_int_equal(inb(f, NSECT), 0x55);
	assert_int_equal(inb(f, SECTOR), 0xaa);
	assert_int_equal(inb(f, SELECT), 0xb0);

	outb(f, COMMAND, 0xa1);
	outb(f, COMMAND, 0xec);
	assert_int_equal(inb(f, STATUS), 0);
	assert_int_equal(inw(f), 0);
	assert_int_equal(f->raises, 0);

	outb(f, SELECT, 0xa0);
	assert_int_equal(inb(f, STATUS), ST_READY);
	assert_int_equal(inb(f, NSECT), 0x55); /* device 0 latched it too */
	assert_int_equal(inb(f, ERROR), 0x01);
}

static void test_busy_ignores_writes(void **state)
{
	struct fixture *f = *state;

	lba28(f, 50, 2, 0x20);
	outb(f, SELECT, 0xb0);          /* ignored while DRQ */
	outb(f, NSECT, 0x77);
	outb(f, COMMAND, 0xec);         /* ignored while DRQ */
	outw(f, 0x1234);                /* wrong direction: ignored */
	assert_int_equal(inb(f, STATUS), ST_DRQ);
	assert_int_equal(inb(f, NSECT), 2);
	assert_sector_pattern(f, 50);
	assert_sector_pattern(f, 51);
	assert_int_equal(inb(f, STATUS), ST_READY);
}

static void test_empty_cable(void **state)
{
	struct fixture *f = *state;

	ata__init(&f->a, ATA_PRIMARY, NULL, NULL, (struct irq_line){ .set = irq_stub, .opaque = f, .irq = 14 });
	assert_int_equal(inb(f, STATUS), 0);
	assert_int_equal(inb(f, CTRL), 0);
	outb(f, NSECT, 0x55);
	assert_int_equal(inb(f, NSECT), 0);
	outb(f, COMMAND, 0xec);
	assert_int_equal(inb(f, STATUS), 0);
	assert_int_equal(inw(f), 0);
	outb(f, CTRL, DC_SRST);
	outb(f, CTRL, 0);
	assert_int_equal(inb(f, STATUS), 0);
	assert_int_equal(f->raises, 0);
}

static void test_unknown_ports(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(ata__io(&f->a, 0x1f8, 0, 1, false), UINT32_MAX);
	assert_int_equal(ata__io(&f->a, 0x3f7, 0, 1, false), UINT32_MAX);
	assert_int_equal(ata__io(&f->a, 0x3f7, 0x12, 1, true), 0);
	assert_int_equal(inb(f, STATUS), ST_READY);
}

static void test_bus(void **state)
{
	struct fixture *f = *state;
	struct bus bus;
	uint8_t d[4];

	bus__init(&bus, "pio");
	assert_int_equal(ata__register(&f->a, &bus), 0);
	assert_int_equal(ata__register(&f->a, &bus), -EEXIST);

	d[0] = 0xec;
	assert_true(bus__access(&bus, 0x1f7, d, 1, true));
	assert_true(bus__access(&bus, 0x3f6, d, 1, false));
	assert_int_equal(d[0], ST_DRQ);
	assert_true(bus__access(&bus, 0x1f0, d, 2, false)); /* in ax, dx */
	assert_int_equal(d[0], 0x40);
	assert_int_equal(d[1], 0x00);
	assert_true(bus__access(&bus, 0x1f0, d, 4, false)); /* in eax, dx: words 1 and 2 */
	assert_int_equal(d[0], 8);
	assert_int_equal(d[1], 0);
	assert_int_equal(d[2], 0);
	assert_int_equal(d[3], 0);
	assert_true(bus__access(&bus, 0x1f0, d, 1, false)); /* in al, dx */
	assert_int_equal(d[0], 0xff);
	for (int i = 0; i < 254 / 2 - 1; i++)
		assert_true(bus__access(&bus, 0x1f0, d, 4, false));
	assert_true(bus__access(&bus, 0x1f0, d, 2, false));
	assert_true(bus__access(&bus, 0x1f7, d, 1, false));
	assert_int_equal(d[0], ST_READY);
	for (uint16_t p = 0x1f1; p <= 0x1f7; p++)
		assert_non_null(bus__find(&bus, p));
	assert_null(bus__find(&bus, 0x1f8));
	assert_null(bus__find(&bus, 0x3f7));
	assert_int_equal(bus.unclaimed_reads + bus.unclaimed_writes, 0);
}

/* A hostile guest: random accesses of every width to every port never escape the buffers. */
static void test_random_accesses(void **state)
{
	static const uint16_t ports[] = { 0x1f0, 0x1f1, 0x1f2, 0x1f3, 0x1f4, 0x1f5,
					  0x1f6, 0x1f7, 0x3f6, 0x1f0, 0x1f0 };
	static const unsigned lens[] = { 1, 2, 4, 3, 0, 8 };
	struct fixture *f = *state;
	uint32_t x = 12345;

	for (int i = 0; i < 2000000; i++) {
		uint16_t port;
		uint32_t v;

		x = x * 1103515245u + 12345u;
		port = ports[(x >> 16) % (sizeof(ports) / sizeof(ports[0]))];
		v = x >> 8;
		if (port == 0x3f6)
			v &= ~(uint32_t)DC_NIEN; /* keep interrupts coming */
		ata__io(&f->a, port, v, lens[(x >> 4) % 6], (x >> 3) & 1);
		assert_true(f->a.s.dev[0].pos <= BYTES);
		assert_true(f->a.s.dev[0].left <= 65536);
		if (f->a.s.dev[0].pio == ATA_PIO_READ || f->a.s.dev[0].pio == ATA_PIO_WRITE)
			assert_true(f->a.s.dev[0].lba < DISK_SECTORS);
	}
	assert_int_equal(f->d.sectors, DISK_SECTORS);
}

/* ------------------------------------------------------------------ */
/* Snapshots                                                           */
/* ------------------------------------------------------------------ */

#define RESUMED_READS (128 + 2 + 256 + 4 + 256)

/*
 * What a guest sees after the snapshot point of test_state_is_a_snapshot: the
 * rest of sector 100, sector 101, the task file, then IDENTIFY.  Every value
 * read and every IRQ level driven goes into SEEN, in order, for comparison.
 */
static void resume(struct fixture *f, uint16_t *seen)
{
	unsigned n = 0;

	f->nr_levels = f->raises = 0;
	for (unsigned i = 0; i < 128; i++)
		seen[n++] = inw(f);
	seen[n++] = inb(f, CTRL);
	seen[n++] = inb(f, STATUS); /* acknowledges sector 101's interrupt */
	for (unsigned i = 0; i < 256; i++)
		seen[n++] = inw(f);
	seen[n++] = inb(f, STATUS);
	seen[n++] = inb(f, SECTOR);
	seen[n++] = inb(f, NSECT);
	seen[n++] = inb(f, ERROR);
	outb(f, COMMAND, 0xec);
	for (unsigned i = 0; i < 256; i++)
		seen[n++] = inw(f);
	assert_int_equal(n, RESUMED_READS);
}

/* ------------------------------------------------------------------ */
/* Two devices, two channels                                           */
/* ------------------------------------------------------------------ */

static void assert_slave_sector(struct fixture *f, uint64_t lba)
{
	for (unsigned i = 0; i < BYTES; i += 2) {
		uint16_t w = inw(f);
		uint16_t want = (uint16_t)(slave_byte(lba, i) | slave_byte(lba, i + 1) << 8);

		if (w != want)
			fail_msg("slave sector %llu byte %u: 0x%04x, want 0x%04x",
				 (unsigned long long)lba, i, w, want);
	}
}

/* DEV=1 reaches the slave's disk, DEV=0 the master's, each with its own status and interrupt. */
static void test_slave_reads_its_disk(void **state)
{
	struct fixture *f = *state;

	outb(f, SELECT, 0xf0); /* LBA, device 1 */
	assert_int_equal(inb(f, STATUS), ST_READY);
	outb(f, NSECT, 2);
	outb(f, SECTOR, 7);
	outb(f, LCYL, 0);
	outb(f, HCYL, 0);
	outb(f, COMMAND, 0x20);
	assert_int_equal(f->raises, 1);
	assert_int_equal(inb(f, STATUS), ST_DRQ);
	assert_slave_sector(f, 7);
	assert_slave_sector(f, 8);
	assert_int_equal(inb(f, STATUS), ST_READY);
	assert_int_equal(inb(f, SECTOR), 8);   /* the slave's task file names its last sector */
	assert_int_equal(inb(f, SELECT), 0xf0);

	/* the master, alone in its own registers, still reads its pattern */
	lba28(f, 7, 1, 0x20);
	assert_int_equal(inb(f, STATUS), ST_DRQ);
	assert_sector_pattern(f, 7);
	assert_int_equal(inb(f, STATUS), ST_READY);

	/* the slave's disk is smaller: its end is its own */
	outb(f, SELECT, 0xf0);
	outb(f, NSECT, 1);
	outb(f, SECTOR, SLAVE_SECTORS);
	outb(f, COMMAND, 0x20);
	assert_int_equal(inb(f, STATUS), ST_ERROR);
	assert_int_equal(inb(f, ERROR), ER_IDNF);
	outb(f, SELECT, 0xe0);
	assert_int_equal(inb(f, STATUS), ST_READY); /* the master's status did not change */
	assert_int_equal(inb(f, ERROR), 0);
}

/* A present slave answers reset and IDENTIFY as a disk, with its own size and serial number. */
static void test_slave_present(void **state)
{
	struct fixture *f = *state;
	uint16_t w[256];

	outb(f, CTRL, DC_SRST);
	outb(f, SELECT, 0xb0);         /* ignored in reset */
	assert_int_equal(inb(f, STATUS), ST_BUSY);
	outb(f, CTRL, 0);
	outb(f, SELECT, 0xb0);
	assert_int_equal(inb(f, STATUS), ST_READY);
	assert_int_equal(inb(f, ERROR), 0x01);
	assert_int_equal(inb(f, LCYL), 0); /* a disk's signature, not 0xffff */
	assert_int_equal(inb(f, HCYL), 0);
	/* SeaBIOS's probe of device 1 */
	outb(f, NSECT, 0x55);
	outb(f, SECTOR, 0xaa);
	assert_int_equal(inb(f, NSECT), 0x55);
	assert_int_equal(inb(f, SECTOR), 0xaa);
	assert_int_equal(inb(f, SELECT), 0xb0);

	outb(f, COMMAND, 0xec);
	assert_int_equal(inb(f, CTRL), ST_DRQ);
	for (int i = 0; i < 256; i++)
		w[i] = inw(f);
	assert_int_equal(w[60] | w[61] << 16, SLAVE_SECTORS);
	assert_int_equal(w[100], SLAVE_SECTORS);
	assert_int_equal(w[10], 'B' << 8 | 'C');
	assert_int_equal(w[13], '2' << 8 | ' '); /* serial BC00002 */
	read_identify(f, w);                       /* selects the master */
	assert_int_equal(w[60] | w[61] << 16, DISK_SECTORS);
	assert_int_equal(w[13], '1' << 8 | ' ');
}

/* Settings are per device: SET MULTIPLE and INITIALIZE DEVICE PARAMETERS of one leave the other alone. */
static void test_devices_keep_their_settings(void **state)
{
	struct fixture *f = *state;
	uint16_t w[256];

	outb(f, SELECT, 0xb0 | 3);    /* slave: 4 heads */
	outb(f, NSECT, 5);            /* 5 sectors a track */
	outb(f, COMMAND, 0x91);
	assert_int_equal(inb(f, STATUS), ST_READY);
	outb(f, NSECT, 4);
	outb(f, COMMAND, 0xc6);       /* slave: 4 sectors a block */
	assert_int_equal(inb(f, STATUS), ST_READY);
	read_identify(f, w);          /* the master's */
	assert_int_equal(w[55], f->d.geom.heads);
	assert_int_equal(w[56], f->d.geom.secs);
	assert_int_equal(w[59], 0x100 | 16);
	outb(f, SELECT, 0xb0);
	outb(f, COMMAND, 0xec);
	for (int i = 0; i < 256; i++)
		w[i] = inw(f);
	assert_int_equal(w[55], 4);
	assert_int_equal(w[56], 5);
	assert_int_equal(w[59], 0x100 | 4);
	/* CHS on the slave uses the slave's translation: C/H/S 1/0/1 = 4 * 5 = LBA 20 */
	chs(f, 1, 0, 1, 1, 0x20);
	outb(f, SELECT, 0xb0);
	assert_int_equal(inb(f, STATUS), ST_DRQ);
}

/* EXECUTE DEVICE DIAGNOSTIC runs on both devices whichever is selected. */
static void test_diagnose_both(void **state)
{
	struct fixture *f = *state;

	outb(f, SELECT, 0xb0);
	outb(f, COMMAND, 0xa1);       /* IDENTIFY PACKET: aborted by a disk */
	assert_int_equal(inb(f, STATUS), ST_ERROR);
	assert_int_equal(inb(f, ERROR), ER_ABRT);
	outb(f, NSECT, 0);
	outb(f, SECTOR, 0x42);
	outb(f, COMMAND, 0x90);
	assert_int_equal(inb(f, STATUS), ST_READY);
	assert_int_equal(inb(f, ERROR), 0x01);
	assert_int_equal(inb(f, SECTOR), 1);
	outb(f, SELECT, 0xa0);
	assert_int_equal(inb(f, ERROR), 0x01);
	assert_int_equal(inb(f, SECTOR), 1);
	assert_int_equal(inb(f, LCYL), 0);
}

/* Device 0 absent, device 1 present: nobody answers as device 0. */
static void test_master_absent(void **state)
{
	struct fixture *f = *state;

	ata__init(&f->a, ATA_PRIMARY, NULL, &f->d,
		  (struct irq_line){ .set = irq_stub, .opaque = f, .irq = 14 });
	assert_int_equal(inb(f, STATUS), 0);
	outb(f, COMMAND, 0xec);
	assert_int_equal(inb(f, STATUS), 0);
	assert_int_equal(inw(f), 0);
	outb(f, SELECT, 0xb0);
	assert_int_equal(inb(f, STATUS), ST_READY);
	outb(f, NSECT, 1);
	outb(f, SECTOR, 3);
	outb(f, LCYL, 0);
	outb(f, HCYL, 0);
	outb(f, SELECT, 0xf0);
	outb(f, COMMAND, 0x20);
	assert_int_equal(inb(f, STATUS), ST_DRQ);
	assert_sector_pattern(f, 3);
}

/* The secondary channel: its own ports and IRQ 15, nothing at the primary's. */
static void test_secondary_channel(void **state)
{
	struct fixture *f = *state;
	struct bus bus;
	uint8_t d[2];

	f->irq_no = 15;
	ata__init(&f->a, ATA_SECONDARY, &f->d, &f->d2,
		  (struct irq_line){ .set = irq_stub, .opaque = f, .irq = 15 });
	assert_int_equal(ata__io(&f->a, 0x1f7, 0, 1, false), UINT32_MAX);
	assert_int_equal(ata__io(&f->a, 0x3f6, 0, 1, false), UINT32_MAX);
	assert_int_equal(ata__io(&f->a, 0x177, 0, 1, false), ST_READY);
	assert_int_equal(ata__io(&f->a, 0x376, 0, 1, false), ST_READY);

	bus__init(&bus, "pio");
	assert_int_equal(ata__register(&f->a, &bus), 0);
	for (uint16_t p = 0x170; p <= 0x177; p++)
		assert_non_null(bus__find(&bus, p));
	assert_non_null(bus__find(&bus, 0x376));
	assert_null(bus__find(&bus, 0x1f0));
	assert_null(bus__find(&bus, 0x1f7));
	assert_null(bus__find(&bus, 0x3f6));

	/* the slave's sector 9 through the secondary's ports, with IRQ 15 */
	d[0] = 0xf0;
	bus__access(&bus, 0x176, d, 1, true);
	d[0] = 1;
	bus__access(&bus, 0x172, d, 1, true);
	d[0] = 9;
	bus__access(&bus, 0x173, d, 1, true);
	d[0] = 0;
	bus__access(&bus, 0x174, d, 1, true);
	bus__access(&bus, 0x175, d, 1, true);
	d[0] = 0x20;
	bus__access(&bus, 0x177, d, 1, true);
	assert_int_equal(f->raises, 1);
	assert_int_equal(f->levels[f->nr_levels - 1], 1);
	for (unsigned i = 0; i < BYTES; i += 2) {
		bus__access(&bus, 0x170, d, 2, false);
		assert_int_equal(d[0], slave_byte(9, i));
		assert_int_equal(d[1], slave_byte(9, i + 1));
	}
	bus__access(&bus, 0x177, d, 1, false);
	assert_int_equal(d[0], ST_READY);
	assert_int_equal(f->levels[f->nr_levels - 1], 0);
	assert_int_equal(bus.unclaimed_reads + bus.unclaimed_writes, 0);
}

/* A copy of the state of two devices, one mid-transfer, resumes both where they were. */
static void test_two_devices_snapshot(void **state)
{
	struct fixture *f = *state;
	struct fixture *g = test_calloc(1, sizeof(*g));
	uint16_t w[256];

	assert_non_null(g);
	outb(f, SELECT, 0xa0);
	outb(f, NSECT, 8);
	outb(f, COMMAND, 0xc6);       /* master: 8 sectors a block */
	outb(f, SELECT, 0xf0);
	outb(f, NSECT, 2);
	outb(f, SECTOR, 40);
	outb(f, LCYL, 0);
	outb(f, HCYL, 0);
	outb(f, COMMAND, 0x20);       /* slave: sectors 40 and 41 */
	for (unsigned i = 0; i < 100; i++)
		inw(f);

	ata__init(&g->a, ATA_PRIMARY, &f->d, &f->d2,
		  (struct irq_line){ .set = irq_stub, .opaque = g, .irq = 14 });
	memcpy(&g->a.s, &f->a.s, sizeof(g->a.s));
	for (unsigned i = 100; i < BYTES / 2; i++) {
		uint16_t v = inw(g);

		assert_int_equal(v, slave_byte(40, 2 * i) | slave_byte(40, 2 * i + 1) << 8);
	}
	assert_slave_sector(g, 41);
	assert_int_equal(inb(g, STATUS), ST_READY);
	read_identify(g, w);          /* the master kept its block size */
	assert_int_equal(w[59], 0x100 | 8);
	test_free(g);
}

/* A byte copy of the state, into a controller wired to the same disk, carries on where the original was. */
static void test_state_is_a_snapshot(void **state)
{
	struct fixture *f = *state;
	struct fixture *g = test_calloc(1, sizeof(*g));
	uint16_t want[RESUMED_READS], got[RESUMED_READS];
	uint16_t first_half[128];

	assert_non_null(g);
	assert_int_equal(f->a.s.version, ATA_STATE_VERSION);

	/* a setting only the state remembers: write cache off shows in IDENTIFY word 85 */
	outb(f, FEATURE, 0x82);
	outb(f, COMMAND, 0xef);
	assert_int_equal(inb(f, STATUS), ST_READY);
	/* READ SECTORS of 100 and 101, stopped half-way through sector 100's 256 words */
	lba28(f, 100, 2, 0x20);
	assert_int_equal(inb(f, STATUS), ST_DRQ);
	for (unsigned i = 0; i < 128; i++)
		first_half[i] = inw(f);
	assert_int_equal(first_half[0], pattern_byte(100, 0) | pattern_byte(100, 1) << 8);
	assert_int_equal(f->a.s.dev[0].pio, ATA_PIO_READ);
	assert_int_equal(f->a.s.dev[0].pos, BYTES / 2);

	/* the copy: same wiring (disk; its own line, to see what it drives), then the state */
	ata__init(&g->a, ATA_PRIMARY, &f->d, NULL, (struct irq_line){ .set = irq_stub, .opaque = g, .irq = 14 });
	assert_int_equal(g->a.s.dev[0].pio, ATA_PIO_NONE);
	memcpy(&g->a.s, &f->a.s, sizeof(g->a.s));
	assert_int_equal(g->a.s.version, ATA_STATE_VERSION);

	resume(f, want);
	resume(g, got);
	assert_memory_equal(got, want, sizeof(want));
	assert_int_equal(g->nr_levels, f->nr_levels);
	assert_memory_equal(g->levels, f->levels, sizeof(f->levels[0]) * (size_t)f->nr_levels);
	assert_memory_equal(&g->a.s, &f->a.s, sizeof(f->a.s));

	/* and what both saw is the right thing, not just the same thing */
	for (unsigned i = 0; i < 128; i++)
		assert_int_equal(want[i], pattern_byte(100, 256 + 2 * i) |
						  pattern_byte(100, 257 + 2 * i) << 8);
	assert_int_equal(want[128], ST_DRQ);
	assert_int_equal(want[129], ST_DRQ);
	assert_int_equal(want[130], pattern_byte(101, 0) | pattern_byte(101, 1) << 8);
	assert_int_equal(want[130 + 255], pattern_byte(101, 510) | pattern_byte(101, 511) << 8);
	assert_int_equal(want[386], ST_READY);
	assert_int_equal(want[387], 101);     /* the task file names the last sector read */
	assert_int_equal(want[388], 0);
	assert_int_equal(want[389], 0);
	assert_int_equal(want[390 + 85] & (1 << 5), 0); /* write cache still off */
	assert_int_equal(f->raises, 2);       /* sector 101, then IDENTIFY */
	test_free(g);
}

/* ------------------------------------------------------------------ */
/* A disk beyond LBA28                                                 */
/* ------------------------------------------------------------------ */

#define BIG_SECTORS ((1ULL << 28) + 16)

static void test_big_disk(void **state)
{
	struct fixture *f = *state;
	uint64_t size = BIG_SECTORS * BYTES, lba = (1ULL << 28) + 3;
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	struct disk big = { 0 };
	uint16_t w[256];

	if (p == MAP_FAILED)
		skip();
	big.data = p;
	big.size = size;
	big.sectors = BIG_SECTORS;
	disk__guess_geometry(&big);
	assert_int_equal(big.geom.cyls, 16383);
	assert_int_equal(big.trans, DISK_TRANS_LBA);
	for (unsigned i = 0; i < BYTES; i++)
		big.data[lba * BYTES + i] = pattern_byte(lba, i);

	ata__init(&f->a, ATA_PRIMARY, &big, NULL, (struct irq_line){ .set = irq_stub, .opaque = f, .irq = 14 });
	read_identify(f, w);
	assert_int_equal(w[1], 16383);
	assert_int_equal(w[60], 0xffff); /* LBA28 capacity capped at 0x0fffffff */
	assert_int_equal(w[61], 0x0fff);
	assert_int_equal(w[100], 16);
	assert_int_equal(w[101], 0x1000);
	assert_int_equal(w[102], 0);
	assert_int_equal(w[103], 0);

	lba48(f, lba, 1, 0x24);
	assert_sector_pattern(f, lba);
	assert_int_equal(inb(f, STATUS), ST_READY);
	assert_int_equal(inb(f, SECTOR), 3);
	outb(f, CTRL, DC_HOB);
	assert_int_equal(inb(f, SECTOR), 0x10);
	outb(f, CTRL, 0);

	lba48(f, BIG_SECTORS - 1, 2, 0x24);
	assert_int_equal(inb(f, STATUS), ST_ERROR);
	assert_int_equal(inb(f, ERROR), ER_IDNF);

	munmap(p, size);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_power_on),
		cmocka_unit_test_setup_teardown(test_slave_reads_its_disk, setup_two, teardown),
		cmocka_unit_test_setup_teardown(test_slave_present, setup_two, teardown),
		cmocka_unit_test_setup_teardown(test_devices_keep_their_settings, setup_two, teardown),
		cmocka_unit_test_setup_teardown(test_diagnose_both, setup_two, teardown),
		cmocka_unit_test_setup_teardown(test_master_absent, setup_two, teardown),
		cmocka_unit_test_setup_teardown(test_secondary_channel, setup_two, teardown),
		cmocka_unit_test_setup_teardown(test_two_devices_snapshot, setup_two, teardown),
		T(test_srst),
		T(test_srst_aborts_transfer),
		T(test_srst_keeps_selected_device),
		T(test_identify),
		T(test_identify_bytes_on_the_wire),
		T(test_read_lba28),
		T(test_read_image_gone),
		T(test_read_lba28_high_bits),
		T(test_lba28_device_head_nibble),
		T(test_read_chs),
		T(test_read_chs_invalid),
		T(test_read_ext),
		T(test_read_32bit),
		T(test_out_of_range),
		T(test_write_then_read),
		T(test_write_ext),
		T(test_multiple),
		T(test_multiple_default),
		T(test_init_params),
		T(test_init_guesses_geometry),
		T(test_set_features),
		T(test_command_table),
		T(test_verify),
		T(test_nien),
		T(test_slave_absent),
		T(test_busy_ignores_writes),
		T(test_empty_cable),
		T(test_unknown_ports),
		T(test_bus),
		T(test_random_accesses),
		T(test_state_is_a_snapshot),
		T(test_big_disk),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
