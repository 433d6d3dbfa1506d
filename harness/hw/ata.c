/* ata.c - one IDE/ATA channel (primary 0x1f0/0x3f6 IRQ 14, secondary 0x170/0x376 IRQ 15) with up to two PIO hard disks. */
#include "hw/ata.h"

#include <string.h> // memset

/*
 * What the guest sees follows QEMU's hw/ide/core.c where SeaBIOS can tell
 * the difference: an empty channel reads 0 in every register; an absent
 * device beside a present one reads status and error 0 but latches register
 * writes (so SeaBIOS's 0x55/0xaa probe passes, and its status 0 says nobody
 * is there), commands to it are dropped; register writes are ignored while
 * the selected device is BSY or DRQ, data-port accesses without DRQ read 0,
 * READ/WRITE MULTIPLE work from power-on with 16 sectors per block, IDENTIFY
 * word 93 is 0x6001 (SeaBIOS then probes device 1 too).  A command to an
 * absent device 0 is dropped as well (QEMU runs it on an empty device 0).
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
/* Devices                                                             */
/* ------------------------------------------------------------------ */

static struct ata_device_state *dev(struct ata *a, unsigned u)
{
	return &a->s.dev[u & 1];
}

static bool present(const struct ata *a, unsigned u)
{
	return a->disk[u & 1] != NULL;
}

static bool empty_cable(const struct ata *a)
{
	return !a->disk[0] && !a->disk[1];
}

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
static void identify_current(struct ata_device_state *d)
{
	uint32_t cap = d->cur.cyls * d->cur.heads * d->cur.secs;

	d->identify[54] = (uint16_t)d->cur.cyls;
	d->identify[55] = (uint16_t)d->cur.heads;
	d->identify[56] = (uint16_t)d->cur.secs;
	d->identify[57] = (uint16_t)cap;
	d->identify[58] = (uint16_t)(cap >> 16);
}

static void identify_mult(struct ata_device_state *d)
{
	d->identify[59] = d->mult ? (uint16_t)(0x100 | d->mult) : 0;
}

static void identify_write_cache(struct ata_device_state *d)
{
	d->identify[85] = d->write_cache ? 1 << 5 : 0;
}

static void build_identify(struct ata_device_state *d, const struct disk *disk, unsigned u)
{
	uint16_t *w = d->identify;
	const struct disk_chs *g = &disk->geom;
	uint64_t n = disk->sectors;
	uint64_t n28 = n < 0x0fffffff ? n : 0x0fffffff;

	memset(d->identify, 0, sizeof(d->identify));
	w[0] = 0x0040;                   /* fixed, not removable */
	w[1] = (uint16_t)g->cyls;
	w[3] = (uint16_t)g->heads;
	w[4] = (uint16_t)(DISK_SECTOR_SIZE * g->secs);
	w[5] = DISK_SECTOR_SIZE;
	w[6] = (uint16_t)g->secs;
	put_string(w + 10, u ? "BC00002" : "BC00001", 20);   /* serial number */
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
	identify_current(d);
	identify_mult(d);
	w[60] = (uint16_t)n28;
	w[61] = (uint16_t)(n28 >> 16);
	w[64] = 3;                       /* PIO modes 3 and 4 */
	w[65] = w[66] = w[67] = w[68] = 120;
	w[80] = 0xf0;                    /* ATA-4 to ATA-7 */
	w[81] = 0x16;
	w[82] = 1 << 5;                  /* write cache */
	w[83] = (1 << 14) | (1 << 13) | (1 << 12) | (1 << 10); /* FLUSH EXT, FLUSH, LBA48 */
	w[84] = 1 << 14;
	identify_write_cache(d);
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

/* The selected device's status; 0 when nobody is there. */
static uint8_t status_of(struct ata *a)
{
	return present(a, a->s.unit) ? dev(a, a->s.unit)->status : 0;
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
	for (unsigned u = 0; u < 2; u++) {
		struct ata_device_state *d = dev(a, u);

		a->s.tf[u] = (struct ata_regs){ .select = SEL_ALWAYS };
		signature(&a->s.tf[u], present(a, u));
		d->pio = ATA_PIO_NONE;
		d->pos = 0;
		d->left = d->block_left = 0;
		d->status = present(a, u) ? ATA_SR_DRDY | ATA_SR_DSC : 0;
		d->error = present(a, u) ? DIAG_PASSED : 0;
		d->mult = ATA_MAX_MULT;
		if (present(a, u))
			identify_mult(d);
	}
}

/* End device U's command: ERROR 0 for success, else ABRT or IDNF with ERR set.  Interrupts. */
static void finish(struct ata *a, unsigned u, uint8_t error)
{
	struct ata_device_state *d = dev(a, u);

	d->pio = ATA_PIO_NONE;
	d->error = error;
	d->status = (uint8_t)(ATA_SR_DRDY | ATA_SR_DSC | (error ? ATA_SR_ERR : 0));
	raise_irq(a);
}

/* ------------------------------------------------------------------ */
/* Sector addressing                                                   */
/* ------------------------------------------------------------------ */

/* The first sector device U's task file addresses; false for a CHS address outside the current translation. */
static bool decode_address(struct ata *a, unsigned u, bool ext, uint64_t *lba)
{
	const struct ata_regs *r = &a->s.tf[u & 1];
	const struct ata_device_state *d = dev(a, u);
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
	if (sec == 0 || sec > d->cur.secs || head >= d->cur.heads || cyl >= d->cur.cyls)
		return false;
	*lba = ((uint64_t)cyl * d->cur.heads + head) * d->cur.secs + sec - 1;
	return true;
}

/* The task file after sector LBA finished, with d->left sectors to go: like a drive, it names the last sector done. */
static void update_taskfile(struct ata *a, unsigned u, uint64_t lba)
{
	struct ata_regs *r = &a->s.tf[u & 1];
	const struct ata_device_state *d = dev(a, u);

	if (d->use_lba) {
		r->sector = (uint8_t)lba;
		r->lcyl = (uint8_t)(lba >> 8);
		r->hcyl = (uint8_t)(lba >> 16);
		if (d->ext) {
			r->hob_sector = (uint8_t)(lba >> 24);
			r->hob_lcyl = (uint8_t)(lba >> 32);
			r->hob_hcyl = (uint8_t)(lba >> 40);
		} else {
			r->select = (uint8_t)((r->select & ~SEL_HEAD) | ((lba >> 24) & SEL_HEAD));
		}
	} else {
		uint64_t per_cyl = (uint64_t)d->cur.heads * d->cur.secs;
		uint64_t cyl = lba / per_cyl, rest = lba % per_cyl;

		r->lcyl = (uint8_t)cyl;
		r->hcyl = (uint8_t)(cyl >> 8);
		r->select = (uint8_t)((r->select & ~SEL_HEAD) | ((rest / d->cur.secs) & SEL_HEAD));
		r->sector = (uint8_t)(rest % d->cur.secs + 1);
	}
	r->nsect = (uint8_t)d->left;
	if (d->ext)
		r->hob_nsect = (uint8_t)(d->left >> 8);
}

/*
 * Take the address and count of a read, write or verify from device U's
 * task file.  False, after failing the command with IDNF, when any sector
 * is off the disk.
 */
static bool setup_request(struct ata *a, unsigned u, bool ext)
{
	const struct ata_regs *r = &a->s.tf[u & 1];
	struct ata_device_state *d = dev(a, u);
	uint32_t count = ext ? (uint32_t)r->hob_nsect << 8 | r->nsect : r->nsect;
	uint64_t lba, sectors = a->disk[u & 1]->sectors;

	if (count == 0)
		count = ext ? 65536 : 256;
	if (!decode_address(a, u, ext, &lba) || lba >= sectors || count > sectors - lba) {
		finish(a, u, ATA_ER_IDNF);
		return false;
	}
	d->lba = lba;
	d->left = count;
	d->ext = ext;
	d->use_lba = r->select & ATA_SEL_LBA;
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
 * Sector d->lba of device U into its buffer; false after failing the
 * command when it is past the end (IDNF) or the image could not give it
 * (UNC; the disk's wiring has stopped the run then).
 */
static bool load_sector(struct ata *a, unsigned u)
{
	struct ata_device_state *d = dev(a, u);
	int r;

	d->pos = 0;
	r = disk__read(a->disk[u & 1], d->lba, 1, d->buf);
	if (r) {
		finish(a, u, r == DISK_EIO ? ATA_ER_UNC : ATA_ER_IDNF);
		return false;
	}
	return true;
}

/* The next DRQ block of a read: its first sector in the buffer, DRQ and an interrupt. */
static void read_block(struct ata *a, unsigned u)
{
	struct ata_device_state *d = dev(a, u);

	d->block_left = min_u32(d->block, d->left);
	if (!load_sector(a, u))
		return;
	d->status = ATA_SR_DRDY | ATA_SR_DSC | ATA_SR_DRQ;
	raise_irq(a);
}

/* The host has taken the whole buffer. */
static void read_sector_done(struct ata *a, unsigned u)
{
	struct ata_device_state *d = dev(a, u);

	if (d->pio == ATA_PIO_IDENTIFY) {
		d->pio = ATA_PIO_NONE;
		d->status = ATA_SR_DRDY | ATA_SR_DSC;
		return;
	}
	d->left--;
	d->block_left--;
	update_taskfile(a, u, d->lba);
	if (d->left == 0) {
		d->pio = ATA_PIO_NONE;
		d->status = ATA_SR_DRDY | ATA_SR_DSC; /* no interrupt after the last block of a read */
		return;
	}
	d->lba++;
	if (d->block_left)
		load_sector(a, u); /* same block: DRQ stays set */
	else
		read_block(a, u);
}

/* The host has filled the whole buffer. */
static void write_sector_done(struct ata *a, unsigned u)
{
	struct ata_device_state *d = dev(a, u);

	if (disk__write(a->disk[u & 1], d->lba, 1, d->buf)) {
		finish(a, u, ATA_ER_IDNF);
		return;
	}
	d->pos = 0;
	d->left--;
	d->block_left--;
	update_taskfile(a, u, d->lba);
	if (d->left == 0) {
		finish(a, u, 0);
		return;
	}
	d->lba++;
	if (d->block_left == 0) {
		d->block_left = min_u32(d->block, d->left);
		raise_irq(a); /* DRQ stays set for the next block */
	}
}

/* Whether the selected device's data port moves bytes in direction TO_HOST now. */
static bool transferring(struct ata *a, bool to_host)
{
	const struct ata_device_state *d = dev(a, a->s.unit);

	if (!present(a, a->s.unit) || !(d->status & ATA_SR_DRQ))
		return false;
	if (to_host)
		return d->pio == ATA_PIO_READ || d->pio == ATA_PIO_IDENTIFY;
	return d->pio == ATA_PIO_WRITE;
}

static uint32_t data_read(struct ata *a, unsigned len)
{
	unsigned u = a->s.unit & 1;
	struct ata_device_state *d = dev(a, u);
	uint32_t v = 0;

	if (!transferring(a, true) || d->pos + len > sizeof(d->buf))
		return 0;
	for (unsigned i = 0; i < len; i++)
		v |= (uint32_t)d->buf[d->pos + i] << (8 * i);
	d->pos += len;
	if (d->pos == sizeof(d->buf))
		read_sector_done(a, u);
	return v;
}

static void data_write(struct ata *a, uint32_t v, unsigned len)
{
	unsigned u = a->s.unit & 1;
	struct ata_device_state *d = dev(a, u);

	if (!transferring(a, false) || d->pos + len > sizeof(d->buf))
		return;
	for (unsigned i = 0; i < len; i++)
		d->buf[d->pos + i] = (uint8_t)(v >> (8 * i));
	d->pos += len;
	if (d->pos == sizeof(d->buf))
		write_sector_done(a, u);
}

/* ------------------------------------------------------------------ */
/* Commands                                                            */
/* ------------------------------------------------------------------ */

static void cmd_read(struct ata *a, unsigned u, bool ext, bool multiple)
{
	struct ata_device_state *d = dev(a, u);

	if (multiple && !d->mult) {
		finish(a, u, ATA_ER_ABRT);
		return;
	}
	if (!setup_request(a, u, ext))
		return;
	d->block = multiple ? d->mult : 1;
	d->pio = ATA_PIO_READ;
	read_block(a, u);
}

static void cmd_write(struct ata *a, unsigned u, bool ext, bool multiple)
{
	struct ata_device_state *d = dev(a, u);

	if (multiple && !d->mult) {
		finish(a, u, ATA_ER_ABRT);
		return;
	}
	if (!setup_request(a, u, ext))
		return;
	d->block = multiple ? d->mult : 1;
	d->block_left = min_u32(d->block, d->left);
	d->pio = ATA_PIO_WRITE;
	d->pos = 0;
	d->status = ATA_SR_DRDY | ATA_SR_DSC | ATA_SR_DRQ; /* no interrupt before the first block */
}

static void cmd_identify(struct ata *a, unsigned u)
{
	struct ata_device_state *d = dev(a, u);

	for (unsigned i = 0; i < 256; i++) {
		d->buf[2 * i] = (uint8_t)d->identify[i];
		d->buf[2 * i + 1] = (uint8_t)(d->identify[i] >> 8);
	}
	d->pos = 0;
	d->pio = ATA_PIO_IDENTIFY;
	d->status = ATA_SR_DRDY | ATA_SR_DSC | ATA_SR_DRQ;
	raise_irq(a);
}

static void cmd_set_multiple(struct ata *a, unsigned u)
{
	struct ata_device_state *d = dev(a, u);
	uint8_t n = a->s.tf[u & 1].nsect;

	if (n && (n > ATA_MAX_MULT || (n & (n - 1)))) {
		finish(a, u, ATA_ER_ABRT);
		return;
	}
	d->mult = n;
	identify_mult(d);
	finish(a, u, 0);
}

/* INITIALIZE DEVICE PARAMETERS: heads from the select register, sectors per track from the count. */
static void cmd_init_params(struct ata *a, unsigned u)
{
	struct ata_device_state *d = dev(a, u);
	const struct ata_regs *r = &a->s.tf[u & 1];
	uint64_t sectors = a->disk[u & 1]->sectors;
	uint32_t heads = (uint32_t)(r->select & SEL_HEAD) + 1;
	uint32_t secs = r->nsect;
	uint64_t cap = sectors < CHS_MAX_CAPACITY ? sectors : CHS_MAX_CAPACITY;
	uint64_t cyls;

	if (secs == 0 || secs > 63) {
		finish(a, u, ATA_ER_ABRT);
		return;
	}
	cyls = cap / (heads * secs);
	if (cyls > 65535)
		cyls = 65535;
	if (cyls == 0) {
		finish(a, u, ATA_ER_ABRT);
		return;
	}
	d->cur = (struct disk_chs){ (uint32_t)cyls, heads, secs };
	identify_current(d);
	finish(a, u, 0);
}

static void cmd_set_features(struct ata *a, unsigned u)
{
	struct ata_device_state *d = dev(a, u);
	const struct ata_regs *r = &a->s.tf[u & 1];

	switch (r->feature) {
	case 0x02: /* enable write cache */
	case 0x82: /* disable write cache */
		d->write_cache = r->feature == 0x02;
		identify_write_cache(d);
		finish(a, u, 0);
		return;
	case 0x03: /* set transfer mode: PIO only */
		finish(a, u, (r->nsect >> 3) <= 1 ? 0 : ATA_ER_ABRT);
		return;
	case 0x05: case 0x85: /* advanced power management */
	case 0x42: case 0xc2: /* automatic acoustic management */
	case 0x55: case 0xaa: /* read look-ahead */
	case 0x66: case 0xcc: /* revert to power-on defaults */
	case 0x67: case 0x69: case 0x96: case 0x9a: /* vendor no-ops QEMU accepts */
		finish(a, u, 0);
		return;
	default:
		finish(a, u, ATA_ER_ABRT);
	}
}

/* EXECUTE DEVICE DIAGNOSTIC: the one command both devices run, whichever is selected. */
static void cmd_diagnose(struct ata *a)
{
	for (unsigned i = 0; i < 2; i++) {
		signature(&a->s.tf[i], present(a, i));
		if (present(a, i)) {
			struct ata_device_state *d = dev(a, i);

			d->pio = ATA_PIO_NONE;
			d->status = ATA_SR_DRDY | ATA_SR_DSC;
			d->error = DIAG_PASSED; /* a diagnostic code, not an error */
		}
	}
	raise_irq(a);
}

static void exec(struct ata *a, uint8_t cmd)
{
	unsigned u = a->s.unit & 1;
	struct ata_device_state *d = dev(a, u);

	if (!present(a, u))
		return; /* nobody is there to answer */
	if (d->status & (ATA_SR_BSY | ATA_SR_DRQ))
		return;
	d->command = cmd;
	d->error = 0;
	switch (cmd) {
	case CMD_READ:
	case CMD_READ_NORETRY: cmd_read(a, u, false, false); break;
	case CMD_READ_EXT: cmd_read(a, u, true, false); break;
	case CMD_READ_MULTIPLE: cmd_read(a, u, false, true); break;
	case CMD_READ_MULTIPLE_EXT: cmd_read(a, u, true, true); break;
	case CMD_WRITE:
	case CMD_WRITE_NORETRY:
	case CMD_WRITE_VERIFY: cmd_write(a, u, false, false); break;
	case CMD_WRITE_EXT: cmd_write(a, u, true, false); break;
	case CMD_WRITE_MULTIPLE: cmd_write(a, u, false, true); break;
	case CMD_WRITE_MULTIPLE_EXT: cmd_write(a, u, true, true); break;
	case CMD_VERIFY:
	case CMD_VERIFY_NORETRY:
		if (setup_request(a, u, false))
			finish(a, u, 0);
		break;
	case CMD_VERIFY_EXT:
		if (setup_request(a, u, true))
			finish(a, u, 0);
		break;
	case CMD_IDENTIFY: cmd_identify(a, u); break;
	case CMD_SET_MULTIPLE: cmd_set_multiple(a, u); break;
	case CMD_INIT_PARAMS: cmd_init_params(a, u); break;
	case CMD_SET_FEATURES: cmd_set_features(a, u); break;
	case CMD_CHECK_POWER_MODE:
	case CMD_CHECK_POWER_MODE2:
		a->s.tf[u].nsect = 0xff; /* active or idle */
		finish(a, u, 0);
		break;
	case CMD_DIAGNOSE: cmd_diagnose(a); break;
	case CMD_FLUSH:
	case CMD_FLUSH_EXT: finish(a, u, 0); break;
	default:
		if ((cmd & CMD_RECALIBRATE_MASK) == CMD_RECALIBRATE ||
		    (cmd & CMD_SEEK_MASK) == CMD_SEEK ||
		    (cmd >= CMD_STANDBY_NOW2 && cmd <= CMD_SLEEP2) ||
		    (cmd >= CMD_STANDBY_NOW && cmd <= CMD_SLEEP))
			finish(a, u, 0);
		else
			finish(a, u, ATA_ER_ABRT); /* PACKET, IDENTIFY PACKET, DMA, anything unknown */
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
	    (status_of(a) & (ATA_SR_BSY | ATA_SR_DRQ)))
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
	unsigned u = a->s.unit & 1;
	const struct ata_regs *r = &a->s.tf[u];
	bool hob = a->s.devctl & ATA_DC_HOB;
	uint8_t status;

	if (reg == ATA_REG_STATUS) {
		status = status_of(a);
		drive_irq(a, 0);
		return status;
	}
	if (empty_cable(a))
		return 0;
	switch (reg) {
	case ATA_REG_ERROR:
		if (!present(a, u))
			return 0;
		return hob ? r->hob_feature : dev(a, u)->error;
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
		for (unsigned u = 0; u < 2; u++) {
			dev(a, u)->pio = ATA_PIO_NONE;
			dev(a, u)->status = present(a, u) ? ATA_SR_BSY : 0;
		}
	} else if (was_reset && !(v & ATA_DC_SRST)) {
		device_reset(a);
		if (!empty_cable(a))
			raise_irq(a); /* the diagnostic is done */
	}
}

uint32_t ata__io(struct ata *a, uint16_t port, uint32_t value, unsigned len, bool is_write)
{
	uint16_t base = a->ports.cmd;

	if (port == base) {
		if (len != 2 && len != 4)
			return is_write ? 0 : 0xff; /* byte access: no data moves */
		if (is_write) {
			data_write(a, value, len);
			return 0;
		}
		return data_read(a, len);
	}
	if (port > base && port <= base + ATA_REG_STATUS) {
		if (is_write) {
			write_taskfile(a, (unsigned)(port - base), (uint8_t)value);
			return 0;
		}
		return read_taskfile(a, (unsigned)(port - base));
	}
	if (port == a->ports.ctrl) {
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

void ata__init(struct ata *a, struct ata_ports ports, struct disk *master, struct disk *slave,
	       struct irq_line irq)
{
	memset(a, 0, sizeof(*a));
	a->s.version = ATA_STATE_VERSION;
	a->disk[0] = master;
	a->disk[1] = slave;
	a->ports = ports;
	a->irq = irq;
	for (unsigned u = 0; u < 2; u++) {
		struct disk *disk = a->disk[u];
		struct ata_device_state *d = dev(a, u);

		if (!disk)
			continue;
		const struct disk_chs *g = &disk->geom;

		if (g->cyls == 0 || g->cyls > 65535 || g->heads == 0 || g->heads > 16 ||
		    g->secs == 0 || g->secs > 63)
			disk__guess_geometry(disk);
		d->write_cache = true;
		d->cur = disk->geom;
		build_identify(d, disk, u);
	}
	device_reset(a);
}

int ata__register(struct ata *a, struct bus *bus)
{
	int ret;

	ret = bus__register(bus, a->ports.cmd, 1, 4, ata_bus_io, a, "ata-data");
	if (ret)
		return ret;
	ret = bus__register(bus, a->ports.cmd + 1u, 7, 1, ata_bus_io, a, "ata");
	if (ret)
		return ret;
	return bus__register(bus, a->ports.ctrl, 1, 1, ata_bus_io, a, "ata-ctrl");
}
