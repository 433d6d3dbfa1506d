/* fdc_test.c - unit tests for the 82077AA floppy disk controller (harness/hw/fdc.[ch]) with its DMA. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hw/disk.h"
#include "hw/dma.h"
#include "hw/fdc.h"
#include "vmm/bus.h"

/* Ports and values spelled out here so the tests do not share the model's. */
#define DOR 0x3f2
#define MSR 0x3f4
#define DSR 0x3f4
#define FIFO 0x3f5
#define DIR 0x3f7
#define CCR 0x3f7

#define MSR_IDLE 0x80       /* RQM */
#define MSR_CMD 0x90        /* RQM | CB: more command bytes wanted */
#define MSR_RESULT 0xd0     /* RQM | DIO | CB */
#define MSR_EXEC 0x10       /* CB: waiting for DMA */

#define DOR_RUN_A 0x1c      /* motor A, DMA/IRQ gate, not reset, drive 0 */
#define DOR_RUN_B 0x2d      /* motor B, DMA/IRQ gate, not reset, drive 1 */

#define C_READ 0xe6         /* MT MFM SK READ DATA, as SeaBIOS sends it */
#define C_READ_1SIDE 0x66   /* MFM SK READ DATA, no multi-track */
#define C_WRITE 0xc5        /* MT MFM WRITE DATA */
#define C_READ_ID 0x4a
#define C_FORMAT 0x4d
#define C_RECAL 0x07
#define C_SENSE_INT 0x08
#define C_SPECIFY 0x03
#define C_SENSE_DRIVE 0x04
#define C_SEEK 0x0f
#define C_VERSION 0x10
#define C_CONFIGURE 0x13
#define C_DUMPREG 0x0e
#define C_LOCK 0x94

#define RATE_500K 0
#define RATE_250K 2

#define RAM_SIZE (256u << 10)
#define SIZE_144 1474560
#define SIZE_720 737280

struct fixture {
	uint8_t ram[RAM_SIZE];
	struct guest_mem mem;
	struct dma dma;
	struct disk a, b;
	struct fdc f;
	int level;          /* IRQ 6 as last driven */
	int raises;
};

static uint8_t pattern(unsigned drive, uint64_t lba, unsigned i)
{
	return (uint8_t)(drive * 101 + lba * 7 + i * 13 + (lba >> 3));
}

static void irq_stub(void *opaque, unsigned irq, int level)
{
	struct fixture *f = opaque;

	assert_int_equal(irq, 6);
	f->level = level;
	if (level)
		f->raises++;
}

static int make_disk(struct disk *d, unsigned drive, uint64_t size)
{
	uint8_t *img = malloc(size);
	int r;

	if (!img)
		return -1;
	for (uint64_t lba = 0; lba < size / 512; lba++)
		for (unsigned i = 0; i < 512; i++)
			img[lba * 512 + i] = pattern(drive, lba, i);
	r = disk__from_buffer(d, img, size);
	free(img);
	return r;
}

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));

	if (!f || make_disk(&f->a, 0, SIZE_144) || make_disk(&f->b, 1, SIZE_720))
		return -1;
	f->mem = (struct guest_mem){ .host = f->ram, .size = RAM_SIZE };
	dma__init(&f->dma, &f->mem);
	struct disk *disks[2] = { &f->a, &f->b };

	fdc__init(&f->f, disks, &f->dma,
		  (struct irq_line){ .set = irq_stub, .opaque = f, .irq = 6 });
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	disk__close(&f->a);
	disk__close(&f->b);
	test_free(f);
	return 0;
}

static void out(struct fixture *f, uint16_t port, uint8_t v)
{
	fdc__io(&f->f, port, v, true);
}

static uint8_t in(struct fixture *f, uint16_t port)
{
	return fdc__io(&f->f, port, 0, false);
}

/* Send a command's bytes as a driver does: each only when MSR asks for one. */
static void command(struct fixture *f, const uint8_t *bytes, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(in(f, MSR) & 0xf0, i ? MSR_CMD : MSR_IDLE);
		out(f, FIFO, bytes[i]);
	}
}

#define CMD(f, ...) command(f, (const uint8_t[]){ __VA_ARGS__ }, \
			    sizeof((const uint8_t[]){ __VA_ARGS__ }))

/* Read N result bytes, checking MSR before each, then that the controller is idle. */
static void result(struct fixture *f, uint8_t *res, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(in(f, MSR) & 0xf0, MSR_RESULT);
		res[i] = in(f, FIFO);
	}
	assert_int_equal(in(f, MSR) & 0xf0, MSR_IDLE);
}

static void expect_result(struct fixture *f, const uint8_t *want, unsigned n)
{
	uint8_t got[10];

	result(f, got, n);
	assert_memory_equal(got, want, n);
}

#define EXPECT(f, ...) expect_result(f, (const uint8_t[]){ __VA_ARGS__ }, \
				     sizeof((const uint8_t[]){ __VA_ARGS__ }))

/* Out of reset as SeaBIOS's floppy_enable_controller, the four polling statuses taken. */
static void bring_up(struct fixture *f)
{
	out(f, DOR, 0x08);
	out(f, DOR, 0x0c);
	for (unsigned d = 0; d < 4; d++) {
		CMD(f, C_SENSE_INT);
		EXPECT(f, (uint8_t)(0xc0 | d), 0);
	}
	assert_int_equal(f->level, 0);
}

/* Program DMA channel 2 as SeaBIOS's dma_floppy: COUNT bytes at ADDR, to memory (READ) or from it. */
static void dma_program(struct fixture *f, uint32_t addr, uint32_t count, bool to_memory)
{
	dma__io(&f->dma, 0x0a, 0x06, true);
	dma__io(&f->dma, 0x0c, 0, true);
	dma__io(&f->dma, 0x04, (uint8_t)addr, true);
	dma__io(&f->dma, 0x04, (uint8_t)(addr >> 8), true);
	dma__io(&f->dma, 0x0c, 0, true);
	dma__io(&f->dma, 0x05, (uint8_t)(count - 1), true);
	dma__io(&f->dma, 0x05, (uint8_t)((count - 1) >> 8), true);
	dma__io(&f->dma, 0x0b, to_memory ? 0x46 : 0x4a, true);
	dma__io(&f->dma, 0x81, (uint8_t)(addr >> 16), true);
	dma__io(&f->dma, 0x0a, 0x02, true);
}

static void seek(struct fixture *f, unsigned drive, unsigned head, unsigned cyl)
{
	CMD(f, C_SEEK, (uint8_t)(head << 2 | drive), (uint8_t)cyl);
	assert_int_equal(f->level, 1);
	CMD(f, C_SENSE_INT);
	EXPECT(f, (uint8_t)(0x20 | head << 2 | drive), (uint8_t)cyl);
	assert_int_equal(f->level, 0);
}

static void expect_sectors(struct fixture *f, uint32_t addr, unsigned drive, uint64_t lba,
			   unsigned n)
{
	for (unsigned s = 0; s < n; s++)
		for (unsigned i = 0; i < 512; i++)
			if (f->ram[addr + s * 512 + i] != pattern(drive, lba + s, i))
				fail_msg("sector %u (lba %llu) byte %u: %02x, want %02x", s,
					 (unsigned long long)(lba + s), i, f->ram[addr + s * 512 + i],
					 pattern(drive, lba + s, i));
}

/* ------------------------------------------------------------------ tests */

static void test_power_on(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(f->f.s.version, FDC_STATE_VERSION);
	assert_int_equal(in(f, DOR), 0x00);
	assert_int_equal(in(f, MSR), 0x00); /* held in reset */
	assert_int_equal(f->level, 0);
	assert_int_equal(f->f.s.drive[0].type, 4);
	assert_int_equal(f->f.s.drive[1].type, 3);
	assert_int_equal(f->f.s.drive[2].type, 0);
	assert_int_equal(fdc__drive_type(368640), 1);
	assert_int_equal(fdc__drive_type(1228800), 2);
	assert_int_equal(fdc__drive_type(737280), 3);
	assert_int_equal(fdc__drive_type(1474560), 4);
	assert_int_equal(fdc__drive_type(2949120), 5);
	assert_int_equal(fdc__drive_type(512), 0);
	assert_int_equal(in(f, 0x3f0), 0xff); /* SRA floats in AT mode */
}

/* Leaving reset: one interrupt, four polled drives' status, then SENSE INTERRUPT is invalid. */
static void test_reset_polling(void **state)
{
	struct fixture *f = *state;

	out(f, DOR, 0x08);
	assert_int_equal(f->level, 0);
	out(f, DOR, 0x0c);
	assert_int_equal(f->level, 1);
	assert_int_equal(f->raises, 1);
	assert_int_equal(in(f, MSR), MSR_IDLE);
	for (unsigned d = 0; d < 4; d++) {
		assert_int_equal(f->level, 1); /* until the last status is taken */
		CMD(f, C_SENSE_INT);
		EXPECT(f, (uint8_t)(0xc0 | d), 0);
	}
	assert_int_equal(f->level, 0);
	CMD(f, C_SENSE_INT);
	EXPECT(f, 0x80);
	/* a DSR reset pulse does it again; the DOR's gate holds the line low */
	out(f, DOR, 0x04);
	out(f, DSR, 0x80);
	assert_int_equal(f->level, 0);
	out(f, DOR, 0x0c);
	assert_int_equal(f->level, 1);
	CMD(f, C_SENSE_INT);
	EXPECT(f, 0xc0, 0);
}

static void test_invalid_command(void **state)
{
	struct fixture *f = *state;

	bring_up(f);
	CMD(f, 0x1f);
	EXPECT(f, 0x80);
	assert_int_equal(f->raises, 1); /* only the reset's: no interrupt for an invalid command */
	CMD(f, 0x25); /* WRITE DATA with bit 5 (SK) set is not a command */
	EXPECT(f, 0x80);
	CMD(f, 0x00);
	EXPECT(f, 0x80);
}

static void test_version_specify_configure_dumpreg(void **state)
{
	struct fixture *f = *state;

	bring_up(f);
	CMD(f, C_VERSION);
	EXPECT(f, 0x90);
	CMD(f, C_SPECIFY, 0xaf, 0x02);
	assert_int_equal(in(f, MSR), MSR_IDLE); /* no result phase */
	CMD(f, C_CONFIGURE, 0x00, 0x57, 0x05);
	assert_int_equal(in(f, MSR), MSR_IDLE);
	CMD(f, C_LOCK);
	EXPECT(f, 0x10);
	seek(f, 1, 0, 7);
	CMD(f, C_DUMPREG);
	EXPECT(f, 0, 7, 0, 0, 0xaf, 0x02, 0, 0x80, 0x57, 0x05);
	/* locked: a reset keeps CONFIGURE's values */
	out(f, DOR, 0x08);
	out(f, DOR, 0x0c);
	for (unsigned d = 0; d < 4; d++) {
		CMD(f, C_SENSE_INT);
		EXPECT(f, (uint8_t)(0xc0 | d), d == 1 ? 7 : 0);
	}
	CMD(f, C_DUMPREG);
	EXPECT(f, 0, 7, 0, 0, 0xaf, 0x02, 0, 0x80, 0x57, 0x05);
}

static void test_recalibrate_seek_sense(void **state)
{
	struct fixture *f = *state;

	bring_up(f);
	seek(f, 0, 1, 40);
	CMD(f, C_RECAL, 0x00);
	assert_int_equal(f->level, 1);
	assert_int_equal(in(f, MSR), MSR_IDLE | 0x01); /* drive 0 busy until sensed */
	CMD(f, C_SENSE_INT);
	EXPECT(f, 0x20, 0);
	assert_int_equal(in(f, MSR), MSR_IDLE);
	/* two seeks before one sense: both statuses wait, lowest drive first */
	CMD(f, C_SEEK, 0x01, 3);
	CMD(f, C_SEEK, 0x00, 9);
	assert_int_equal(in(f, MSR), MSR_IDLE | 0x03);
	CMD(f, C_SENSE_INT);
	EXPECT(f, 0x20, 9);
	assert_int_equal(f->level, 1);
	CMD(f, C_SENSE_INT);
	EXPECT(f, 0x21, 3);
	assert_int_equal(f->level, 0);
	/* no drive 3: recalibrate ends in equipment check */
	CMD(f, C_RECAL, 0x03);
	CMD(f, C_SENSE_INT);
	EXPECT(f, 0x73, 0);
	/* SENSE DRIVE STATUS: track 0 bit, head and drive echoed */
	CMD(f, C_SENSE_DRIVE, 0x04);
	EXPECT(f, 0x28 | 0x04);
	CMD(f, C_SENSE_DRIVE, 0x01);
	EXPECT(f, 0x28 | 0x01 | 0x10 * 0);
	seek(f, 1, 0, 0);
	CMD(f, C_SENSE_DRIVE, 0x01);
	EXPECT(f, 0x38 | 0x01);
}

/* The disk-change line: set from power-on, cleared by a seek with the disk in. */
static void test_disk_change(void **state)
{
	struct fixture *f = *state;

	bring_up(f);
	out(f, DOR, DOR_RUN_B);
	assert_int_equal(in(f, DIR) & 0x80, 0x80);
	out(f, DOR, DOR_RUN_A);
	assert_int_equal(in(f, DIR) & 0x80, 0x80);
	seek(f, 1, 0, 1);
	assert_int_equal(in(f, DIR) & 0x80, 0x80); /* drive 0 is selected, and unchanged */
	out(f, DOR, DOR_RUN_B);
	assert_int_equal(in(f, DIR) & 0x80, 0x00);
	out(f, DOR, 0x1e); /* drive 2: none */
	assert_int_equal(in(f, DIR) & 0x80, 0x00);
}

/* A whole cylinder (both heads, MT) read by DMA into RAM, ended by terminal count. */
static void test_read_cylinder(void **state)
{
	struct fixture *f = *state;

	bring_up(f);
	out(f, DOR, DOR_RUN_A);
	out(f, CCR, RATE_500K);
	seek(f, 0, 0, 2);
	dma_program(f, 0x10000, 36 * 512, true);
	CMD(f, C_READ, 0x00, 2, 0, 1, 2, 18, 0x1b, 0xff);
	assert_int_equal(f->level, 1);
	uint8_t res[7];

	assert_int_equal(in(f, MSR) & 0xf0, MSR_RESULT);
	res[0] = in(f, FIFO);
	assert_int_equal(f->level, 0); /* the first result byte clears the interrupt */
	result(f, res + 1, 6);
	/* ended by terminal count on C2 H1 S18: the next ID is C3 H0 S1, ST0 names head 1 */
	assert_int_equal(res[0], 0x04);
	assert_int_equal(res[1], 0x00);
	assert_int_equal(res[2], 0x00);
	assert_int_equal(res[3], 3);
	assert_int_equal(res[4], 0);
	assert_int_equal(res[5], 1);
	assert_int_equal(res[6], 2);
	expect_sectors(f, 0x10000, 0, 2 * 36, 36);
	assert_int_equal(f->ram[0x10000 + 36 * 512], 0); /* not a byte more */
	assert_int_equal(f->dma.s.chip[0].status & 0x04, 0x04);
}

static void test_read_terminal_count_mid_track(void **state)
{
	struct fixture *f = *state;

	bring_up(f);
	out(f, DOR, DOR_RUN_A);
	out(f, CCR, RATE_500K);
	dma_program(f, 0x8000, 2 * 512, true);
	CMD(f, C_READ, 0x04, 0, 1, 5, 2, 18, 0x1b, 0xff); /* head 1, sectors 5 and 6 */
	EXPECT(f, 0x04, 0, 0, 0, 1, 7, 2);
	expect_sectors(f, 0x8000, 0, 18 + 4, 2);
}

/* EOT reached with DMA still counting: abnormal termination, end of cylinder. */
static void test_read_end_of_cylinder(void **state)
{
	struct fixture *f = *state;

	bring_up(f);
	out(f, DOR, DOR_RUN_A);
	out(f, CCR, RATE_500K);
	dma_program(f, 0x8000, 8 * 512, true);
	CMD(f, C_READ_1SIDE, 0x00, 0, 0, 17, 2, 18, 0x1b, 0xff);
	EXPECT(f, 0x40, 0x80, 0, 1, 0, 1, 2);
	expect_sectors(f, 0x8000, 0, 16, 2);
}

static void test_read_errors(void **state)
{
	struct fixture *f = *state;

	bring_up(f);
	out(f, DOR, DOR_RUN_A);
	out(f, CCR, RATE_500K);
	dma_program(f, 0x8000, 512, true);
	/* the head is on cylinder 0, the command names 5: wrong cylinder */
	CMD(f, C_READ, 0x00, 5, 0, 1, 2, 18, 0x1b, 0xff);
	EXPECT(f, 0x40, 0x04, 0x10, 5, 0, 1, 2);
	/* no sector 19 on a 1.44 MB track */
	CMD(f, C_READ, 0x00, 0, 0, 19, 2, 19, 0x1b, 0xff);
	EXPECT(f, 0x40, 0x04, 0x00, 0, 0, 19, 2);
	/* 256-byte sectors: none */
	CMD(f, C_READ, 0x00, 0, 0, 1, 1, 18, 0x1b, 0xff);
	EXPECT(f, 0x40, 0x04, 0x00, 0, 0, 1, 1);
	/* drive B's 720K disk is not readable at 500 kb/s: missing address mark */
	CMD(f, C_READ, 0x01, 0, 0, 1, 2, 9, 0x1b, 0xff);
	EXPECT(f, 0x41, 0x01, 0x00, 0, 0, 1, 2);
	/* FM (no MFM bit) on an MFM disk */
	CMD(f, 0x06, 0x00, 0, 0, 1, 2, 18, 0x1b, 0xff);
	EXPECT(f, 0x40, 0x01, 0x00, 0, 0, 1, 2);
	/* no drive 2 */
	CMD(f, C_READ, 0x02, 0, 0, 1, 2, 18, 0x1b, 0xff);
	EXPECT(f, 0x42, 0x01, 0x00, 0, 0, 1, 2);
	for (unsigned i = 0; i < 512; i++)
		assert_int_equal(f->ram[0x8000 + i], 0); /* nothing moved */
	/* at 250 kb/s drive B reads */
	out(f, CCR, RATE_250K);
	CMD(f, C_READ, 0x01, 0, 0, 9, 2, 9, 0x1b, 0xff);
	EXPECT(f, 0x01, 0, 0, 0, 1, 1, 2);
	expect_sectors(f, 0x8000, 1, 8, 1);
}

static void test_read_id(void **state)
{
	struct fixture *f = *state;

	bring_up(f);
	out(f, CCR, RATE_500K);
	seek(f, 0, 1, 12);
	CMD(f, C_READ_ID, 0x04);
	assert_int_equal(f->level, 1);
	EXPECT(f, 0x04, 0, 0, 12, 1, 1, 2);
	assert_int_equal(f->level, 0);
	CMD(f, C_READ_ID, 0x01); /* B: at the wrong rate */
	EXPECT(f, 0x41, 0x01, 0, 0, 0, 0, 0);
}

static void test_write_data(void **state)
{
	struct fixture *f = *state;
	uint8_t back[512];

	bring_up(f);
	out(f, DOR, DOR_RUN_B);
	out(f, CCR, RATE_250K);
	seek(f, 1, 1, 3);
	for (unsigned i = 0; i < 1024; i++)
		f->ram[0x9000 + i] = (uint8_t)(i ^ 0x5a);
	dma_program(f, 0x9000, 1024, false);
	CMD(f, C_WRITE, 0x05, 3, 1, 8, 2, 9, 0x1b, 0xff);
	/* the last sector was EOT of head 1: the next ID is C4 H0 S1 */
	EXPECT(f, 0x05, 0, 0, 4, 0, 1, 2);
	/* C3 H1 S8 of a 9-sector disk: LBA (3 * 2 + 1) * 9 + 7 */
	assert_int_equal(disk__read(&f->b, 70, 1, back), 0);
	assert_memory_equal(back, f->ram + 0x9000, 512);
	assert_int_equal(disk__read(&f->b, 71, 1, back), 0);
	assert_memory_equal(back, f->ram + 0x9200, 512);
	assert_int_equal(disk__read(&f->b, 72, 1, back), 0);
	assert_int_equal(back[0], pattern(1, 72, 0)); /* untouched */
}

static void test_format_track(void **state)
{
	struct fixture *f = *state;
	uint8_t back[512];

	bring_up(f);
	out(f, CCR, RATE_500K);
	seek(f, 0, 0, 1);
	for (unsigned s = 0; s < 18; s++) {
		uint8_t *id = f->ram + 0xa000 + s * 4;

		id[0] = 1;
		id[1] = 0;
		id[2] = (uint8_t)(s + 1);
		id[3] = 2;
	}
	dma_program(f, 0xa000, 18 * 4, false);
	CMD(f, C_FORMAT, 0x00, 2, 18, 0x6c, 0xf6);
	assert_int_equal(f->level, 1);
	uint8_t res[7];

	result(f, res, 7);
	assert_int_equal(res[0], 0x00);
	assert_int_equal(res[1], 0x00);
	for (unsigned s = 0; s < 18; s++) {
		assert_int_equal(disk__read(&f->a, 36 + s, 1, back), 0);
		assert_int_equal(back[0], 0xf6);
		assert_int_equal(back[511], 0xf6);
	}
	assert_int_equal(disk__read(&f->a, 54, 1, back), 0);
	assert_int_equal(back[0], pattern(0, 54, 0)); /* head 1 untouched */
}

/* A data command while DMA is masked waits in the execution phase, then goes on. */
static void test_read_waits_for_dma(void **state)
{
	struct fixture *f = *state;

	bring_up(f);
	out(f, CCR, RATE_500K);
	dma_program(f, 0xc000, 512, true);
	dma__io(&f->dma, 0x0a, 0x06, true); /* mask channel 2 again */
	CMD(f, C_READ, 0x00, 0, 0, 3, 2, 18, 0x1b, 0xff);
	assert_int_equal(in(f, MSR), MSR_EXEC);
	assert_int_equal(f->level, 0);
	assert_int_equal(f->ram[0xc000], 0);
	dma__io(&f->dma, 0x0a, 0x02, true);
	assert_int_equal(f->level, 1);
	EXPECT(f, 0x00, 0, 0, 0, 0, 4, 2);
	expect_sectors(f, 0xc000, 0, 2, 1);
}

/* The DOR's gate off: the interrupt is held inside, and shows when the gate opens. */
static void test_dor_gate(void **state)
{
	struct fixture *f = *state;

	bring_up(f);
	out(f, DOR, 0x14); /* motor A, not reset, gate off */
	CMD(f, C_RECAL, 0x00);
	assert_int_equal(f->level, 0);
	out(f, DOR, DOR_RUN_A);
	assert_int_equal(f->level, 1);
	CMD(f, C_SENSE_INT);
	EXPECT(f, 0x20, 0);
}

/* A snapshot is a copy of the state: a copy wired to the same disks carries on. */
static void test_restore_by_copy(void **state)
{
	struct fixture *f = *state;
	struct fdc copy;
	struct disk *disks[2] = { &f->a, &f->b };

	bring_up(f);
	out(f, CCR, RATE_500K);
	seek(f, 0, 0, 4);
	dma_program(f, 0xd000, 512, true);
	CMD(f, C_READ, 0x00, 4, 0, 2, 2, 18, 0x1b, 0xff);
	assert_int_equal(in(f, FIFO), 0x00); /* ST0 read, six bytes to go */
	fdc__init(&copy, disks, &f->dma, (struct irq_line){ 0 });
	copy.s = f->f.s;
	const uint8_t want[6] = { 0, 0, 4, 0, 3, 2 };

	for (unsigned i = 0; i < 6; i++) {
		assert_int_equal(fdc__io(&copy, MSR, 0, false) & 0xf0, MSR_RESULT);
		assert_int_equal(fdc__io(&copy, FIFO, 0, false), want[i]);
	}
	assert_int_equal(fdc__io(&copy, MSR, 0, false), MSR_IDLE);
	assert_int_equal(copy.s.drive[0].track, 4);
	assert_int_equal(in(f, MSR) & 0xf0, MSR_RESULT); /* the original is where it was */
}

static void test_register(void **state)
{
	struct fixture *f = *state;
	struct bus bus;
	uint8_t v = 0x0c;

	bus__init(&bus, "pio");
	assert_int_equal(fdc__register(&f->f, &bus), 0);
	assert_true(bus__access(&bus, DOR, &v, 1, true));
	assert_int_equal(f->level, 1);
	assert_null(bus__find(&bus, 0x3f6)); /* the hard disk controller's */
	assert_non_null(bus__find(&bus, 0x3f7));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_power_on),
		T(test_reset_polling),
		T(test_invalid_command),
		T(test_version_specify_configure_dumpreg),
		T(test_recalibrate_seek_sense),
		T(test_disk_change),
		T(test_read_cylinder),
		T(test_read_terminal_count_mid_track),
		T(test_read_end_of_cylinder),
		T(test_read_errors),
		T(test_read_id),
		T(test_write_data),
		T(test_format_track),
		T(test_read_waits_for_dma),
		T(test_dor_gate),
		T(test_restore_by_copy),
		T(test_register),
	};

	return cmocka_run_group_tests_name("fdc", tests, NULL, NULL);
}
