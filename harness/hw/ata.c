/* ata.c - primary IDE/ATA controller (0x1f0-0x1f7, 0x3f6, IRQ 14) with one PIO hard disk as master. */
#include "hw/ata.h"

#include <string.h> // memset

/*
 * What the guest sees follows QEMU's hw/ide/core.c where SeaBIOS can tell
 * the difference: an absent device 1 reads status 0 but latches register
 * writes, register writes are ignored while BSY or DRQ, commands to device 1
 * are dropped, data-port accesses without DRQ read 0, READ/WRITE MULTIPLE
 * work from power-on with 16 sectors per block, IDENTIFY word 93 is 0x6001.
 *
 * Elsewhere it behaves like a real drive, which QEMU does not: errors leave
 * DSC set (0x51, QEMU 0x41); a request off the disk fails up front with IDNF
 * (QEMU: ABRT, after the sectors before the end); the task file names the
 * last sector transferred (QEMU: the one after); INITIALIZE DEVICE PARAMETERS
 * changes the CHS translation (QEMU ignores it); SRST holds BSY until it is
 * cleared; the error register reads 0x01 from power-on; RECALIBRATE and SEEK
 * take their whole 0x1x/0x7x ranges; DMA commands abort (no bus master).
 */

enum {
	CMD_READ = 0x20,
	CMD_READ_NORETRY = 0x21,
	CMD_READ_EXT = 0x24,
	CMD_READ_MULTIPLE_EXT = 0x29,
	CMD_WRITE = 0x30,
	CMD_WRITE_NORETRY = 0x31,
	CMD_WRITE_EXT = 0x34,
	CMD_WRITE_MULTIPLE_EXT = 0x39,
	CMD_WRITE_VERIFY = 0x3c,
	CMD_VERIFY = 0x40,
	CMD_VERIFY_NORETRY = 0x41,
	CMD_VERIFY_EXT = 0x42,
	CMD_DIAGNOSE = 0x90,
	CMD_INIT_PARAMS = 0x91,
	CMD_STANDBY_NOW2 = 0x94, /* 0x94-0x99: old power management codes */
	CMD_CHECK_POWER_MODE2 = 0x98,
	CMD_SLEEP2 = 0x99,
	CMD_READ_MULTIPLE = 0xc4,
	CMD_WRITE_MULTIPLE = 0xc5,
	CMD_SET_MULTIPLE = 0xc6,
	CMD_STANDBY_NOW = 0xe0, /* 0xe0-0xe6: power management */
	CMD_CHECK_POWER_MODE = 0xe5,
	CMD_SLEEP = 0xe6,
	CMD_FLUSH = 0xe7,
	CMD_FLUSH_EXT = 0xea,
	CMD_IDENTIFY = 0xec,
	CMD_SET_FEATURES = 0xef,
};

#define CMD_RECALIBRATE_MASK 0xf0 /* 0x10-0x1f */
#define CMD_RECALIBRATE 0x10
#define CMD_SEEK_MASK 0xf0        /* 0x70-0x7f */
#define CMD_SEEK 0x70

#define SEL_ALWAYS 0xa0           /* obsolete bits 7 and 5 read back set */
#define SEL_HEAD 0x0f
#define CHS_MAX_CAPACITY 16514064 /* 16383 * 16 * 63 sectors */
#define DIAG_PASSED 0x01

/* ------------------------------------------------------------------ */
/* IDENTIFY DEVICE                                                     */
/* ------------------------------------------------------------------ */

/* ATA strings: two characters a word, the first in the high byte, space-padded. */
static void put_string(uint16_t *w, const char *s, unsigned chars)
{
	for (unsigned i = 0; i < chars; i++) {
		uint16_t c = (uint8_t)(*s ? *s++ : ' ');

		if (i & 1)
			w[i / 2] |= c;
		else
			w[i / 2] = (uint16_t)(c << 8);
	}
}

/* Words 54-58: the current CHS translation and its capacity. */
static void identify_current(struct ata *a)
{
	uint32_t cap = a->s.cur.cyls * a->s.cur.heads * a->s.cur.secs;

	a->s.identify[54] = (uint16_t)a->s.cur.cyls;
	a->s.identify[55] = (uint16_t)a->s.cur.heads;
	a->s.identify[56] = (uint16_t)a->s.cur.secs;
	a->s.identify[57] = (uint16_t)cap;
	a->s.identify[58] = (uint16_t)(cap >> 16);
}

static void identify_mult(struct ata *a)
{
	a->s.identify[59] = a->s.mult ? (uint16_t)(0x100 | a->s.mult) : 0;
}

static void identify_write_cache(struct ata *a)
{
	a->s.identify[85] = a->s.write_cache ? 1 << 5 : 0;
}

static void build_identify(struct ata *a)
{
	uint16_t *w = a->s.identify;
	const struct disk_chs *g = &a->master->geom;
	uint64_t n = a->master->sectors;
	uint64_t n28 = n < 0x0fffffff ? n : 0x0fffffff;

	memset(a->s.identify, 0, sizeof(a->s.identify));
	w[0] = 0x0040;                   /* fixed, not removable */
	w[1] = (uint16_t)g->cyls;
	w[3] = (uint16_t)g->heads;
	w[4] = (uint16_t)(DISK_SECTOR_SIZE * g->secs);
	w[5] = DISK_SECTOR_SIZE;
	w[6] = (uint16_t)g->secs;
	put_string(w + 10, "BC00001", 20);   /* serial number */
	w[20] = 3;
	w[21] = 512;                     /* buffer size, sectors */
	w[22] = 4;                       /* ECC bytes */
	put_string(w + 23, "1.0", 8);        /* firmware revision */
	put_string(w + 27, "BOOTCHECK HARDDISK", 40);
	w[47] = 0x8000 | ATA_MAX_MULT;
	w[48] = 1;                       /* 32-bit PIO */
	w[49] = (1 << 11) | (1 << 9);    /* IORDY, LBA; no DMA on this ISA controller */
	w[51] = 0x200;                   /* PIO timing mode 2 */
	w[52] = 0x200;
	w[53] = 7;                       /* words 54-58, 64-70 and 88 valid */
	identify_current(a);
	identify_mult(a);
	w[60] = (uint16_t)n28;
	w[61] = (uint16_t)(n28 >> 16);
	w[64] = 3;                       /* PIO modes 3 and 4 */
	w[65] = w[66] = w[67] = w[68] = 120;
	w[80] = 0xf0;                    /* ATA-4 to ATA-7 */
	w[81] = 0x16;
	w[82] = 1 << 5;                  /* write cache */
	w[83] = (1 << 14) | (1 << 13) | (1 << 12) | (1 << 10); /* FLUSH EXT, FLUSH, LBA48 */
	w[84] = 1 << 14;
	identify_write_cache(a);
	w[86] = (1 << 13) | (1 << 12) | (1 << 10);
	w[87] = 1 << 14;
	w[93] = 0x6001;                  /* reset result as QEMU: SeaBIOS still probes device 1 */
	w[100] = (uint16_t)n;
	w[101] = (uint16_t)(n >> 16);
	w[102] = (uint16_t)(n >> 32);
	w[103] = (uint16_t)(n >> 48);
}

/* ------------------------------------------------------------------ */
/* State helpers                                                       */
/* ------------------------------------------------------------------ */

static void drive_irq(struct ata *a, int level)
{
	if (a->s.irq_level == level)
		return;
	a->s.irq_level = level;
	irq__set(&a->irq, level);
}

/* INTRQ is asserted only while nIEN is clear; it is deasserted by reading status or writing a command. */
static void raise_irq(struct ata *a)
{
	if (!(a->s.devctl & ATA_DC_NIEN))
		drive_irq(a, 1);
}

static bool present(const struct ata *a)
{
	return a->master && a->s.unit == 0;
}

static uint8_t status_of(const struct ata *a)
{
	return present(a) ? a->s.status : 0;
}

/* Device signature: nsect/sector 1, cylinder 0 for a disk, 0xffff for an absent device. */
static void signature(struct ata_regs *r, bool disk)
{
	r->select &= (uint8_t)~SEL_HEAD;
	r->nsect = 1;
	r->sector = 1;
	r->lcyl = r->hcyl = disk ? 0 : 0xff;
}

/* Power-on and software reset of both devices (the CHS translation survives). */
static void device_reset(struct ata *a)
{
	for (unsigned i = 0; i < 2; i++) {
		a->s.tf[i] = (struct ata_regs){ .select = SEL_ALWAYS };
		signature(&a->s.tf[i], i == 0 && a->master);
	}
	a->s.pio = ATA_PIO_NONE;
	a->s.pos = 0;
	a->s.left = a->s.block_left = 0;
	a->s.status = ATA_SR_DRDY | ATA_SR_DSC;
	a->s.error = DIAG_PASSED;
	a->s.mult = ATA_MAX_MULT;
	identify_mult(a);
}

/* End the command: ERROR 0 for success, else ABRT or IDNF with ERR set.  Interrupts. */
static void finish(struct ata *a, uint8_t error)
{
	a->s.pio = ATA_PIO_NONE;
	a->s.error = error;
	a->s.status = (uint8_t)(ATA_SR_DRDY | ATA_SR_DSC | (error ? ATA_SR_ERR : 0));
	raise_irq(a);
}

/* ------------------------------------------------------------------ */
/* Sector addressing                                                   */
/* ------------------------------------------------------------------ */

/* The first sector the task file addresses; false for a CHS address outside the current translation. */
static bool decode_address(const struct ata *a, bool ext, uint64_t *lba)
{
	const struct ata_regs *r = &a->s.tf[0];
	uint32_t cyl, head, sec;

	if (r->select & ATA_SEL_LBA) {
		if (ext)
			*lba = (uint64_t)r->hob_hcyl << 40 | (uint64_t)r->hob_lcyl << 32 |
			       (uint64_t)r->hob_sector << 24 | (uint64_t)r->hcyl << 16 |
			       (uint64_t)r->lcyl << 8 | r->sector;
		else
			*lba = (uint64_t)(r->select & SEL_HEAD) << 24 | (uint64_t)r->hcyl << 16 |
			       (uint64_t)r->lcyl << 8 | r->sector;
		return true;
	}
	cyl = (uint32_t)r->hcyl << 8 | r->lcyl;
	head = r->select & SEL_HEAD;
	sec = r->sector;
	if (sec == 0 || sec > a->s.cur.secs || head >= a->s.cur.heads || cyl >= a->s.cur.cyls)
		return false;
	*lba = ((uint64_t)cyl * a->s.cur.heads + head) * a->s.cur.secs + sec - 1;
	return true;
}

/* The task file after sector LBA finished, with a->s.left sectors to go: like a drive, it names the last sector done. */
static void update_taskfile(struct ata *a, uint64_t lba)
{
	struct ata_regs *r = &a->s.tf[0];

	if (a->s.use_lba) {
		r->sector = (uint8_t)lba;
		r->lcyl = (uint8_t)(lba >> 8);
		r->hcyl = (uint8_t)(lba >> 16);
		if (a->s.ext) {
			r->hob_sector = (uint8_t)(lba >> 24);
			r->hob_lcyl = (uint8_t)(lba >> 32);
			r->hob_hcyl = (uint8_t)(lba >> 40);
		} else {
			r->select = (uint8_t)((r->select & ~SEL_HEAD) | ((lba >> 24) & SEL_HEAD));
		}
	} else {
		uint64_t per_cyl = (uint64_t)a->s.cur.heads * a->s.cur.secs;
		uint64_t cyl = lba / per_cyl, rest = lba % per_cyl;

		r->lcyl = (uint8_t)cyl;
		r->hcyl = (uint8_t)(cyl >> 8);
		r->select = (uint8_t)((r->select & ~SEL_HEAD) | ((rest / a->s.cur.secs) & SEL_HEAD));
		r->sector = (uint8_t)(rest % a->s.cur.secs + 1);
	}
	r->nsect = (uint8_t)a->s.left;
	if (a->s.ext)
		r->hob_nsect = (uint8_t)(a->s.left >> 8);
}

/*
 * Take the address and count of a read, write or verify from the task file.
 * False, after failing the command with IDNF, when any sector is off the disk.
 */
static bool setup_request(struct ata *a, bool ext)
{
	const struct ata_regs *r = &a->s.tf[0];
	uint32_t count = ext ? (uint32_t)r->hob_nsect << 8 | r->nsect : r->nsect;
	uint64_t lba, sectors = a->master->sectors;

	if (count == 0)
		count = ext ? 65536 : 256;
	if (!decode_address(a, ext, &lba) || lba >= sectors || count > sectors - lba) {
		finish(a, ATA_ER_IDNF);
		return false;
	}
	a->s.lba = lba;
	a->s.left = count;
	a->s.ext = ext;
	a->s.use_lba = r->select & ATA_SEL_LBA;
	return true;
}

/* ------------------------------------------------------------------ */
/* PIO data transfers                                                  */
/* ------------------------------------------------------------------ */

static uint32_t min_u32(uint32_t x, uint32_t y)
{
	return x < y ? x : y;
}

/*
 * Sector a->s.lba into the buffer; false after failing the command when it
 * is past the end (IDNF) or the image could not give it (UNC; the disk's
 * wiring has stopped the run then).
 */
static bool load_sector(struct ata *a)
{
	int r;

	a->s.pos = 0;
	r = disk__read(a->master, a->s.lba, 1, a->s.buf);
	if (r) {
		finish(a, r == DISK_EIO ? ATA_ER_UNC : ATA_ER_IDNF);
		return false;
	}
	return true;
}

/* The next DRQ block of a read: its first sector in the buffer, DRQ and an interrupt. */
static void read_block(struct ata *a)
{
	a->s.block_left = min_u32(a->s.block, a->s.left);
	if (!load_sector(a))
		return;
	a->s.status = ATA_SR_DRDY | ATA_SR_DSC | ATA_SR_DRQ;
	raise_irq(a);
}

/* The host has taken the whole buffer. */
static void read_sector_done(struct ata *a)
{
	if (a->s.pio == ATA_PIO_IDENTIFY) {
		a->s.pio = ATA_PIO_NONE;
		a->s.status = ATA_SR_DRDY | ATA_SR_DSC;
		return;
	}
	a->s.left--;
	a->s.block_left--;
	update_taskfile(a, a->s.lba);
	if (a->s.left == 0) {
		a->s.pio = ATA_PIO_NONE;
		a->s.status = ATA_SR_DRDY | ATA_SR_DSC; /* no interrupt after the last block of a read */
		return;
	}
	a->s.lba++;
	if (a->s.block_left)
		load_sector(a); /* same block: DRQ stays set */
	else
		read_block(a);
}

/* The host has filled the whole buffer. */
static void write_sector_done(struct ata *a)
{
	if (disk__write(a->master, a->s.lba, 1, a->s.buf)) {
		finish(a, ATA_ER_IDNF);
		return;
	}
	a->s.pos = 0;
	a->s.left--;
	a->s.block_left--;
	update_taskfile(a, a->s.lba);
	if (a->s.left == 0) {
		finish(a, 0);
		return;
	}
	a->s.lba++;
	if (a->s.block_left == 0) {
		a->s.block_left = min_u32(a->s.block, a->s.left);
		raise_irq(a); /* DRQ stays set for the next block */
	}
}

/* Whether the data port moves bytes in direction TO_HOST now. */
static bool transferring(const struct ata *a, bool to_host)
{
	if (!present(a) || !(a->s.status & ATA_SR_DRQ))
		return false;
	if (to_host)
		return a->s.pio == ATA_PIO_READ || a->s.pio == ATA_PIO_IDENTIFY;
	return a->s.pio == ATA_PIO_WRITE;
}

static uint32_t data_read(struct ata *a, unsigned len)
{
	uint32_t v = 0;

	if (!transferring(a, true) || a->s.pos + len > sizeof(a->s.buf))
		return 0;
	for (unsigned i = 0; i < len; i++)
		v |= (uint32_t)a->s.buf[a->s.pos + i] << (8 * i);
	a->s.pos += len;
	if (a->s.pos == sizeof(a->s.buf))
		read_sector_done(a);
	return v;
}

static void data_write(struct ata *a, uint32_t v, unsigned len)
{
	if (!transferring(a, false) || a->s.pos + len > sizeof(a->s.buf))
		return;
	for (unsigned i = 0; i < len; i++)
		a->s.buf[a->s.pos + i] = (uint8_t)(v >> (8 * i));
	a->s.pos += len;
	if (a->s.pos == sizeof(a->s.buf))
		write_sector_done(a);
}

/* ------------------------------------------------------------------ */
/* Commands                                                            */
/* ------------------------------------------------------------------ */

static void cmd_read(struct ata *a, bool ext, bool multiple)
{
	if (multiple && !a->s.mult) {
		finish(a, ATA_ER_ABRT);
		return;
	}
	if (!setup_request(a, ext))
		return;
	a->s.block = multiple ? a->s.mult : 1;
	a->s.pio = ATA_PIO_READ;
	read_block(a);
}

static void cmd_write(struct ata *a, bool ext, bool multiple)
{
	if (multiple && !a->s.mult) {
		finish(a, ATA_ER_ABRT);
		return;
	}
	if (!setup_request(a, ext))
		return;
	a->s.block = multiple ? a->s.mult : 1;
	a->s.block_left = min_u32(a->s.block, a->s.left);
	a->s.pio = ATA_PIO_WRITE;
	a->s.pos = 0;
	a->s.status = ATA_SR_DRDY | ATA_SR_DSC | ATA_SR_DRQ; /* no interrupt before the first block */
}

static void cmd_identify(struct ata *a)
{
	for (unsigned i = 0; i < 256; i++) {
		a->s.buf[2 * i] = (uint8_t)a->s.identify[i];
		a->s.buf[2 * i + 1] = (uint8_t)(a->s.identify[i] >> 8);
	}
	a->s.pos = 0;
	a->s.pio = ATA_PIO_IDENTIFY;
	a->s.status = ATA_SR_DRDY | ATA_SR_DSC | ATA_SR_DRQ;
	raise_irq(a);
}

static void cmd_set_multiple(struct ata *a)
{
	uint8_t n = a->s.tf[0].nsect;

	if (n && (n > ATA_MAX_MULT || (n & (n - 1)))) {
		finish(a, ATA_ER_ABRT);
		return;
	}
	a->s.mult = n;
	identify_mult(a);
	finish(a, 0);
}

/* INITIALIZE DEVICE PARAMETERS: heads from the select register, sectors per track from the count. */
static void cmd_init_params(struct ata *a)
{
	uint32_t heads = (uint32_t)(a->s.tf[0].select & SEL_HEAD) + 1;
	uint32_t secs = a->s.tf[0].nsect;
	uint64_t cap = a->master->sectors < CHS_MAX_CAPACITY ? a->master->sectors : CHS_MAX_CAPACITY;
	uint64_t cyls;

	if (secs == 0 || secs > 63) {
		finish(a, ATA_ER_ABRT);
		return;
	}
	cyls = cap / (heads * secs);
	if (cyls > 65535)
		cyls = 65535;
	if (cyls == 0) {
		finish(a, ATA_ER_ABRT);
		return;
	}
	a->s.cur = (struct disk_chs){ (uint32_t)cyls, heads, secs };
	identify_current(a);
	finish(a, 0);
}

static void cmd_set_features(struct ata *a)
{
	switch (a->s.tf[0].feature) {
	case 0x02: /* enable write cache */
	case 0x82: /* disable write cache */
		a->s.write_cache = a->s.tf[0].feature == 0x02;
		identify_write_cache(a);
		finish(a, 0);
		return;
	case 0x03: /* set transfer mode: PIO only */
		finish(a, (a->s.tf[0].nsect >> 3) <= 1 ? 0 : ATA_ER_ABRT);
		return;
	case 0x05: case 0x85: /* advanced power management */
	case 0x42: case 0xc2: /* automatic acoustic management */
	case 0x55: case 0xaa: /* read look-ahead */
	case 0x66: case 0xcc: /* revert to power-on defaults */
	case 0x67: case 0x69: case 0x96: case 0x9a: /* vendor no-ops QEMU accepts */
		finish(a, 0);
		return;
	default:
		finish(a, ATA_ER_ABRT);
	}
}

static void exec(struct ata *a, uint8_t cmd)
{
	if (!present(a))
		return; /* nobody is there to answer */
	if (a->s.status & (ATA_SR_BSY | ATA_SR_DRQ))
		return;
	a->s.command = cmd;
	a->s.error = 0;
	switch (cmd) {
	case CMD_READ:
	case CMD_READ_NORETRY: cmd_read(a, false, false); break;
	case CMD_READ_EXT: cmd_read(a, true, false); break;
	case CMD_READ_MULTIPLE: cmd_read(a, false, true); break;
	case CMD_READ_MULTIPLE_EXT: cmd_read(a, true, true); break;
	case CMD_WRITE:
	case CMD_WRITE_NORETRY:
	case CMD_WRITE_VERIFY: cmd_write(a, false, false); break;
	case CMD_WRITE_EXT: cmd_write(a, true, false); break;
	case CMD_WRITE_MULTIPLE: cmd_write(a, false, true); break;
	case CMD_WRITE_MULTIPLE_EXT: cmd_write(a, true, true); break;
	case CMD_VERIFY:
	case CMD_VERIFY_NORETRY:
		if (setup_request(a, false))
			finish(a, 0);
		break;
	case CMD_VERIFY_EXT:
		if (setup_request(a, true))
			finish(a, 0);
		break;
	case CMD_IDENTIFY: cmd_identify(a); break;
	case CMD_SET_MULTIPLE: cmd_set_multiple(a); break;
	case CMD_INIT_PARAMS: cmd_init_params(a); break;
	case CMD_SET_FEATURES: cmd_set_features(a); break;
	case CMD_CHECK_POWER_MODE:
	case CMD_CHECK_POWER_MODE2:
		a->s.tf[0].nsect = 0xff; /* active or idle */
		finish(a, 0);
		break;
	case CMD_DIAGNOSE:
		signature(&a->s.tf[0], true);
		finish(a, 0);
		a->s.error = DIAG_PASSED; /* a diagnostic code, not an error */
		break;
	case CMD_FLUSH:
	case CMD_FLUSH_EXT: finish(a, 0); break;
	default:
		if ((cmd & CMD_RECALIBRATE_MASK) == CMD_RECALIBRATE ||
		    (cmd & CMD_SEEK_MASK) == CMD_SEEK ||
		    (cmd >= CMD_STANDBY_NOW2 && cmd <= CMD_SLEEP2) ||
		    (cmd >= CMD_STANDBY_NOW && cmd <= CMD_SLEEP))
			finish(a, 0);
		else
			finish(a, ATA_ER_ABRT); /* PACKET, IDENTIFY PACKET, DMA, anything unknown */
	}
}

/* ------------------------------------------------------------------ */
/* Registers                                                           */
/* ------------------------------------------------------------------ */

static void write_taskfile(struct ata *a, unsigned reg, uint8_t v)
{
	if (reg == ATA_REG_STATUS) {
		a->s.devctl &= (uint8_t)~ATA_DC_HOB;
		drive_irq(a, 0);
		exec(a, v);
		return;
	}
	/* the selected device ignores its command block while busy; both are busy in reset */
	if ((a->s.devctl & ATA_DC_SRST) ||
	    (a->s.unit == 0 && (a->s.status & (ATA_SR_BSY | ATA_SR_DRQ))))
		return;
	a->s.devctl &= (uint8_t)~ATA_DC_HOB;
	for (unsigned i = 0; i < 2; i++) {
		struct ata_regs *r = &a->s.tf[i];

		switch (reg) {
		case ATA_REG_ERROR: r->hob_feature = r->feature; r->feature = v; break;
		case ATA_REG_NSECT: r->hob_nsect = r->nsect; r->nsect = v; break;
		case ATA_REG_SECTOR: r->hob_sector = r->sector; r->sector = v; break;
		case ATA_REG_LCYL: r->hob_lcyl = r->lcyl; r->lcyl = v; break;
		case ATA_REG_HCYL: r->hob_hcyl = r->hcyl; r->hcyl = v; break;
		case ATA_REG_SELECT: r->select = v | SEL_ALWAYS; break;
		default: break;
		}
	}
	if (reg == ATA_REG_SELECT)
		a->s.unit = (v & ATA_SEL_DEV) ? 1 : 0;
}

static uint8_t read_taskfile(struct ata *a, unsigned reg)
{
	const struct ata_regs *r = &a->s.tf[a->s.unit & 1];
	bool hob = a->s.devctl & ATA_DC_HOB;
	uint8_t status;

	if (reg == ATA_REG_STATUS) {
		status = status_of(a);
		drive_irq(a, 0);
		return status;
	}
	if (!a->master)
		return 0; /* empty cable */
	switch (reg) {
	case ATA_REG_ERROR: return a->s.unit ? 0 : hob ? r->hob_feature : a->s.error;
	case ATA_REG_NSECT: return hob ? r->hob_nsect : r->nsect;
	case ATA_REG_SECTOR: return hob ? r->hob_sector : r->sector;
	case ATA_REG_LCYL: return hob ? r->hob_lcyl : r->lcyl;
	case ATA_REG_HCYL: return hob ? r->hob_hcyl : r->hcyl;
	case ATA_REG_SELECT: return r->select;
	default: return 0xff;
	}
}

/* SRST high holds both devices busy; its falling edge completes the reset. */
static void write_devctl(struct ata *a, uint8_t v)
{
	bool was_reset = a->s.devctl & ATA_DC_SRST;

	a->s.devctl = v;
	if (!was_reset && (v & ATA_DC_SRST)) {
		a->s.pio = ATA_PIO_NONE;
		a->s.status = ATA_SR_BSY;
	} else if (was_reset && !(v & ATA_DC_SRST)) {
		device_reset(a);
		if (a->master)
			raise_irq(a); /* device 0's diagnostic is done */
	}
}

uint32_t ata__io(struct ata *a, uint16_t port, uint32_t value, unsigned len, bool is_write)
{
	if (port == ATA_CMD_BASE) {
		if (len != 2 && len != 4)
			return is_write ? 0 : 0xff; /* byte access: no data moves */
		if (is_write) {
			data_write(a, value, len);
			return 0;
		}
		return data_read(a, len);
	}
	if (port > ATA_CMD_BASE && port <= ATA_CMD_BASE + ATA_REG_STATUS) {
		if (is_write) {
			write_taskfile(a, port - ATA_CMD_BASE, (uint8_t)value);
			return 0;
		}
		return read_taskfile(a, port - ATA_CMD_BASE);
	}
	if (port == ATA_CTRL_PORT) {
		if (is_write) {
			write_devctl(a, (uint8_t)value);
			return 0;
		}
		return status_of(a); /* alternate status: leaves the interrupt alone */
	}
	return is_write ? 0 : UINT32_MAX;
}

static void ata_bus_io(void *opaque, uint64_t addr, uint8_t *data, uint32_t len, bool is_write)
{
	unsigned n = len < 4 ? len : 4; /* the widest range is 4 bytes wide */
	uint32_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v |= (uint32_t)data[i] << (8 * i);
	v = ata__io(opaque, (uint16_t)addr, v, n, is_write);
	if (!is_write)
		for (unsigned i = 0; i < n; i++)
			data[i] = (uint8_t)(v >> (8 * i));
}

void ata__init(struct ata *a, struct disk *master, struct irq_line irq)
{
	memset(a, 0, sizeof(*a));
	a->s.version = ATA_STATE_VERSION;
	a->master = master;
	a->irq = irq;
	a->s.write_cache = true;
	if (master) {
		const struct disk_chs *g = &master->geom;

		if (g->cyls == 0 || g->cyls > 65535 || g->heads == 0 || g->heads > 16 ||
		    g->secs == 0 || g->secs > 63)
			disk__guess_geometry(master);
		a->s.cur = master->geom;
		build_identify(a);
	}
	device_reset(a);
}

int ata__register(struct ata *a, struct bus *bus)
{
	int ret;

	ret = bus__register(bus, ATA_CMD_BASE, 1, 4, ata_bus_io, a, "ata-data");
	if (ret)
		return ret;
	ret = bus__register(bus, ATA_CMD_BASE + 1, 7, 1, ata_bus_io, a, "ata");
	if (ret)
		return ret;
	return bus__register(bus, ATA_CTRL_PORT, 1, 1, ata_bus_io, a, "ata-ctrl");
}
