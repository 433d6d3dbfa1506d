/* fdc.c - Intel 82077AA-compatible floppy disk controller (0x3f0-0x3f5, 0x3f7, IRQ 6, DMA channel 2) with two drives. */
#include "hw/fdc.h"

#include <string.h> // memset

/*
 * What the guest sees follows the 82077AA datasheet in AT mode.  Every
 * command completes at once: seeks take no time, and a data command moves
 * all its data as soon as its last byte is written (or, when DMA channel 2
 * is masked or the DOR's DMA gate is off, as soon as they open).  Where the
 * real part would wait forever (a read from a drive with no disk: no index
 * pulses), the command ends with "missing address mark" instead.  Non-DMA
 * mode (SPECIFY's ND bit) is not modelled: a data command then ends with an
 * overrun.  SCAN, VERIFY, READ TRACK and the other commands no PC BIOS or
 * common driver uses answer as invalid commands.
 */

enum {
	OP_READ_TRACK = 0x02,
	OP_SPECIFY = 0x03,
	OP_SENSE_DRIVE = 0x04,
	OP_WRITE = 0x05,
	OP_READ = 0x06,
	OP_RECALIBRATE = 0x07,
	OP_SENSE_INT = 0x08,
	OP_WRITE_DELETED = 0x09,
	OP_READ_ID = 0x0a,
	OP_READ_DELETED = 0x0c,
	OP_FORMAT = 0x0d,
	OP_DUMPREG = 0x0e,
	OP_SEEK = 0x0f,
	OP_VERSION = 0x10,
	OP_PERPENDICULAR = 0x12,
	OP_CONFIGURE = 0x13,
	OP_LOCK = 0x14,
	OP_RELATIVE_SEEK = 0x8f,
};

#define CMD_MT 0x80
#define CMD_MFM 0x40
#define CMD_DIR 0x40          /* RELATIVE SEEK: toward higher cylinders */
#define SPECIFY_ND 0x01
#define CONFIG_DEFAULT 0x20   /* EIS off, FIFO off, polling on, threshold 1 */
#define CONFIG_EIS 0x40
#define VERSION_82077AA 0x90
#define SIZE_CODE_512 2

/* The commands: first byte under MASK equal to OP, and how many bytes they take. */
static const struct command {
	uint8_t op, mask, len;
} commands[] = {
	{ OP_READ, 0x1f, 9 },
	{ OP_READ_DELETED, 0x1f, 9 },
	{ OP_WRITE, 0x3f, 9 },
	{ OP_WRITE_DELETED, 0x3f, 9 },
	{ OP_READ_ID, 0xbf, 2 },
	{ OP_FORMAT, 0xbf, 6 },
	{ OP_RECALIBRATE, 0xff, 2 },
	{ OP_SENSE_INT, 0xff, 1 },
	{ OP_SPECIFY, 0xff, 3 },
	{ OP_SENSE_DRIVE, 0xff, 2 },
	{ OP_SEEK, 0xff, 3 },
	{ OP_RELATIVE_SEEK, 0xbf, 3 },
	{ OP_VERSION, 0xff, 1 },
	{ OP_CONFIGURE, 0xff, 4 },
	{ OP_PERPENDICULAR, 0xff, 2 },
	{ OP_LOCK, 0x7f, 1 },
	{ OP_DUMPREG, 0xff, 1 },
};

/* The formats disk__floppy_geometry knows, as drive types and data rates. */
static const struct format {
	uint64_t size;
	uint8_t type, rate;
} formats[] = {
	{ 368640, 1, FDC_RATE_300K },   /* 360K, 5.25": read at 300K as in a 1.2M drive (SeaBIOS, QEMU) */
	{ 737280, 3, FDC_RATE_250K },   /* 720K */
	{ 1228800, 2, FDC_RATE_500K },  /* 1.2M */
	{ 1474560, 4, FDC_RATE_500K },  /* 1.44M */
	{ 2949120, 5, FDC_RATE_1M },    /* 2.88M */
};

static const struct format *format_of(uint64_t size)
{
	for (unsigned i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (formats[i].size == size)
			return &formats[i];
	return NULL;
}

uint8_t fdc__drive_type(uint64_t size)
{
	const struct format *fmt = format_of(size);

	return fmt ? fmt->type : 0;
}

/* ------------------------------------------------------------------ interrupt */

static void update_irq(struct fdc *f)
{
	int level = f->s.irq && (f->s.dor & FDC_DOR_DMA);

	if (level != f->s.irq_level) {
		f->s.irq_level = level;
		irq__set(&f->irq, level);
	}
}

static void set_irq(struct fdc *f, bool on)
{
	f->s.irq = on;
	update_irq(f);
}

/* ------------------------------------------------------------------ reset */

/* Held in reset: nothing in progress, no interrupt. */
static void enter_reset(struct fdc *f)
{
	f->s.phase = FDC_PHASE_COMMAND;
	f->s.cmd_pos = f->s.cmd_len = f->s.res_pos = f->s.res_len = 0;
	f->s.sense_pending = 0;
	set_irq(f, false);
}

/* Out of reset: drive polling finds every drive's ready line changed (four SENSE INTERRUPTs). */
static void leave_reset(struct fdc *f)
{
	enter_reset(f);
	if (!f->s.lock) {
		f->s.config = CONFIG_DEFAULT;
		f->s.pretrk = 0;
	}
	f->s.perpendicular &= 0x3c; /* GAP and WGATE clear; the drive bits stay */
	for (unsigned d = 0; d < 4; d++)
		f->s.drive[d].sense_st0 = (uint8_t)(FDC_ST0_POLLED | d);
	f->s.sense_pending = 0x0f;
	set_irq(f, true);
}

static void dma_ready(void *opaque);

void fdc__init(struct fdc *f, struct disk *const disks[FDC_DRIVES], struct dma *dma,
	       struct irq_line irq)
{
	memset(f, 0, sizeof(*f));
	f->s.version = FDC_STATE_VERSION;
	f->s.rate = FDC_RATE_250K;
	f->s.config = CONFIG_DEFAULT;
	f->dma = dma;
	f->irq = irq;
	for (unsigned d = 0; d < FDC_DRIVES; d++) {
		const struct format *fmt = disks[d] ? format_of(disks[d]->size) : NULL;
		struct disk_chs chs;
		struct fdc_drive_state *ds = &f->s.drive[d];

		if (!fmt || disk__floppy_geometry(fmt->size, &chs, NULL))
			continue;
		f->disk[d] = disks[d];
		ds->type = fmt->type;
		ds->rate = fmt->rate;
		ds->media = 1;
		ds->dskchg = 1;
		ds->cyls = (uint8_t)chs.cyls;
		ds->heads = (uint8_t)chs.heads;
		ds->secs = (uint8_t)chs.secs;
	}
	if (dma)
		dma__set_client(dma, FDC_DMA_CHANNEL,
				(struct dma_client){ .ready = dma_ready, .opaque = f });
	/* DOR 0: the controller is in reset until the BIOS lets it go */
}

/* ------------------------------------------------------------------ phases */

static void result(struct fdc *f, const uint8_t *bytes, uint8_t n, bool irq)
{
	memcpy(f->s.res, bytes, n);
	f->s.res_len = n;
	f->s.res_pos = 0;
	f->s.phase = FDC_PHASE_RESULT;
	if (irq)
		set_irq(f, true);
}

static void invalid(struct fdc *f)
{
	const uint8_t st0 = FDC_ST0_INVALID;

	result(f, &st0, 1, false);
}

static void command_done(struct fdc *f)
{
	f->s.phase = FDC_PHASE_COMMAND;
	f->s.cmd_pos = f->s.cmd_len = 0;
}

/* A seek or recalibrate ended: its status waits for SENSE INTERRUPT STATUS. */
static void seek_end(struct fdc *f, unsigned d, uint8_t st0)
{
	f->s.drive[d].sense_st0 = st0;
	f->s.sense_pending |= (uint8_t)(1u << d);
	command_done(f);
	set_irq(f, true);
}

/* ------------------------------------------------------------------ data commands */

/* Whether drive D can give sector IDs on HEAD of its current track at the programmed rate. */
static bool track_readable(const struct fdc *f, unsigned d, unsigned head, bool mfm)
{
	const struct fdc_drive_state *ds = &f->s.drive[d];

	return d < FDC_DRIVES && f->disk[d] && ds->media && mfm && f->s.rate == ds->rate &&
	       head < ds->heads && ds->track < ds->cyls;
}

struct xfer {
	unsigned d, head;         /* drive, physical head of the next sector */
	unsigned hd;              /* the head ST0 reports: the one last used */
	uint8_t c, h, r, n;       /* the sector ID being worked on */
	uint8_t st0, st1, st2;
};

static void xfer_result(struct fdc *f, const struct xfer *x)
{
	const uint8_t res[7] = {
		(uint8_t)(x->st0 | (x->hd << 2) | x->d), x->st1, x->st2, x->c, x->h, x->r, x->n,
	};

	command_done(f);
	result(f, res, 7, true);
}

/* The ID after the last sector moved, as the datasheet's result table gives it. */
static void next_id(struct xfer *x, uint8_t eot, bool mt)
{
	if (x->r < eot) {
		x->r++;
		return;
	}
	x->r = 1;
	if (mt && x->head == 0) {
		x->h ^= 1;
		x->head = 1;
		return;
	}
	x->c++;
	if (mt) {
		x->h ^= 1;
		x->head = 0;
	}
}

static bool dma_open(const struct fdc *f)
{
	return f->dma && (f->s.dor & FDC_DOR_DMA) && dma__ready(f->dma, FDC_DMA_CHANNEL);
}

/*
 * Whether a data command on X's drive and head may move its data now;
 * else it ended with its result (non-DMA mode: an overrun; no ID the head
 * can read: a missing address mark) or waits in the execution phase for
 * DMA.
 */
static bool data_may_move(struct fdc *f, struct xfer *x)
{
	if (f->s.specify[1] & SPECIFY_ND) {
		x->st0 = FDC_ST0_ABNORMAL;
		x->st1 = FDC_ST1_OR;
		xfer_result(f, x);
		return false;
	}
	if (!track_readable(f, x->d, x->head, f->s.cmd[0] & CMD_MFM)) {
		x->st0 = FDC_ST0_ABNORMAL;
		x->st1 = FDC_ST1_MA;
		xfer_result(f, x);
		return false;
	}
	if (!dma_open(f)) {
		f->s.phase = FDC_PHASE_EXEC;
		return false;
	}
	return true;
}

/*
 * READ DATA, READ DELETED DATA, WRITE DATA, WRITE DELETED DATA: sectors R..EOT
 * of the track (and of head 1 with MT), until DMA's terminal count.  Held in
 * the execution phase while DMA cannot move bytes.
 */
static void rw_data(struct fdc *f, bool write)
{
	uint8_t *cmd = f->s.cmd;
	bool mt = cmd[0] & CMD_MT;
	struct xfer x = {
		.d = cmd[1] & 3, .head = (cmd[1] >> 2) & 1, .hd = (cmd[1] >> 2) & 1,
		.c = cmd[2], .h = cmd[3], .r = cmd[4], .n = cmd[5],
	};
	uint8_t eot = cmd[6];
	struct fdc_drive_state *ds = &f->s.drive[x.d];
	uint8_t buf[DISK_SECTOR_SIZE];

	f->s.last_eot = eot;
	if (!data_may_move(f, &x))
		return;
	for (;;) {
		if (x.c != ds->track || x.h != x.head || x.n != SIZE_CODE_512 || x.r < 1 ||
		    x.r > ds->secs) {
			/* no sector on the track has this ID */
			x.st0 = FDC_ST0_ABNORMAL;
			x.st1 = FDC_ST1_ND;
			if (x.c != ds->track)
				x.st2 = x.c == 0xff ? FDC_ST2_BC : FDC_ST2_WC;
			break;
		}
		uint64_t lba = ((uint64_t)ds->track * ds->heads + x.head) * ds->secs + x.r - 1;
		bool tc;

		if (!write && disk__read(f->disk[x.d], lba, 1, buf)) {
			x.st0 = FDC_ST0_ABNORMAL;
			x.st1 = FDC_ST1_DE;
			x.st2 = 0x20; /* data error in the data field */
			break;
		}
		if (write)
			memset(buf, 0, sizeof(buf)); /* a sector cut short by terminal count is filled with 0 */
		uint32_t moved = dma__transfer(f->dma, FDC_DMA_CHANNEL, buf, sizeof(buf), &tc);

		if (write && moved && disk__write(f->disk[x.d], lba, 1, buf)) {
			x.st0 = FDC_ST0_ABNORMAL;
			x.st1 = FDC_ST1_DE;
			break;
		}
		if (!moved) { /* cannot happen: the channel was open and only TC closes it */
			x.st0 = FDC_ST0_ABNORMAL;
			x.st1 = FDC_ST1_OR;
			break;
		}
		/* EOT of the last side the command may read */
		bool last = x.r == eot && !(mt && x.head == 0);

		x.hd = x.head;
		next_id(&x, eot, mt);
		if (tc)
			break;
		if (last) {
			/* the end of the cylinder without terminal count */
			x.st0 = FDC_ST0_ABNORMAL;
			x.st1 = FDC_ST1_EN;
			break;
		}
	}
	xfer_result(f, &x);
}

/* READ ID: the first ID the head finds (sector 1; the track is read from its index). */
static void read_id(struct fdc *f)
{
	struct xfer x = { .d = f->s.cmd[1] & 3, .head = (f->s.cmd[1] >> 2) & 1,
			  .hd = (f->s.cmd[1] >> 2) & 1 };

	if (!track_readable(f, x.d, x.head, f->s.cmd[0] & CMD_MFM)) {
		x.st0 = FDC_ST0_ABNORMAL;
		x.st1 = FDC_ST1_MA;
	} else {
		x.c = f->s.drive[x.d].track;
		x.h = (uint8_t)x.head;
		x.r = 1;
		x.n = SIZE_CODE_512;
	}
	xfer_result(f, &x);
}

/*
 * FORMAT TRACK: SC sector IDs (C, H, R, N: four bytes each) come by DMA; a
 * sector whose ID fits this disk's layout is filled with D, others are
 * dropped (an image cannot hold another layout).
 */
static void format_track(struct fdc *f)
{
	uint8_t *cmd = f->s.cmd;
	struct xfer x = { .d = cmd[1] & 3, .head = (cmd[1] >> 2) & 1, .hd = (cmd[1] >> 2) & 1 };
	struct fdc_drive_state *ds = &f->s.drive[x.d];
	uint8_t fill[DISK_SECTOR_SIZE];

	if (!data_may_move(f, &x))
		return;
	memset(fill, cmd[5], sizeof(fill));
	for (unsigned i = 0; i < cmd[3]; i++) {
		uint8_t id[4] = { 0 };
		bool tc;
		uint32_t moved = dma__transfer(f->dma, FDC_DMA_CHANNEL, id, sizeof(id), &tc);

		x.c = id[0];
		x.h = id[1];
		x.r = id[2];
		x.n = id[3];
		if (moved == sizeof(id) && id[0] == ds->track && id[1] == x.head && id[2] >= 1 &&
		    id[2] <= ds->secs && id[3] == SIZE_CODE_512 && cmd[2] == SIZE_CODE_512) {
			uint64_t lba = ((uint64_t)ds->track * ds->heads + x.head) * ds->secs + id[2] - 1;

			disk__write(f->disk[x.d], lba, 1, fill);
		}
		if (tc || moved < sizeof(id))
			break;
	}
	xfer_result(f, &x);
}

/* ------------------------------------------------------------------ other commands */

static void seek_to(struct fdc *f, unsigned d, unsigned head, unsigned cyl)
{
	struct fdc_drive_state *ds = &f->s.drive[d];

	ds->track = (uint8_t)cyl;
	if (d < FDC_DRIVES && f->disk[d] && ds->media)
		ds->dskchg = 0;
	seek_end(f, d, (uint8_t)(FDC_ST0_SE | (head << 2) | d));
}

static void recalibrate(struct fdc *f)
{
	unsigned d = f->s.cmd[1] & 3;
	struct fdc_drive_state *ds = &f->s.drive[d];

	if (d >= FDC_DRIVES || !ds->type) {
		/* no drive ever says track 0: the controller gives up after 79 steps */
		ds->track = (uint8_t)(ds->track > 79 ? ds->track - 79 : 0);
		seek_end(f, d, (uint8_t)(FDC_ST0_ABNORMAL | FDC_ST0_SE | FDC_ST0_EC | d));
		return;
	}
	seek_to(f, d, 0, 0);
}

static void sense_interrupt(struct fdc *f)
{
	for (unsigned d = 0; d < 4; d++) {
		if (!(f->s.sense_pending & (1u << d)))
			continue;
		const uint8_t res[2] = { f->s.drive[d].sense_st0, f->s.drive[d].track };

		f->s.sense_pending &= (uint8_t)~(1u << d);
		command_done(f);
		if (!f->s.sense_pending)
			set_irq(f, false);
		result(f, res, 2, false);
		return;
	}
	command_done(f);
	invalid(f);
}

static void dumpreg(struct fdc *f)
{
	const uint8_t res[10] = {
		f->s.drive[0].track, f->s.drive[1].track, f->s.drive[2].track, f->s.drive[3].track,
		f->s.specify[0], f->s.specify[1], f->s.last_eot,
		(uint8_t)(f->s.lock << 7 | (f->s.perpendicular & 0x7f)), f->s.config, f->s.pretrk,
	};

	command_done(f);
	result(f, res, 10, false);
}

/* The command's last byte came: run it. */
static void execute(struct fdc *f)
{
	uint8_t *cmd = f->s.cmd;
	unsigned d = cmd[1] & 3;
	uint8_t one;

	switch (cmd[0] & 0x1f) {
	case OP_READ:
	case OP_READ_DELETED:
		rw_data(f, false);
		return;
	case OP_WRITE:
	case OP_WRITE_DELETED:
		rw_data(f, true);
		return;
	case OP_READ_ID:
		read_id(f);
		return;
	case OP_FORMAT:
		format_track(f);
		return;
	case OP_RECALIBRATE:
		recalibrate(f);
		return;
	case OP_SENSE_INT:
		sense_interrupt(f);
		return;
	case OP_SPECIFY:
		f->s.specify[0] = cmd[1];
		f->s.specify[1] = cmd[2];
		command_done(f);
		return;
	case OP_SENSE_DRIVE:
		one = (uint8_t)(0x28 | (cmd[1] & 7) | (f->s.drive[d].track == 0 ? FDC_ST3_T0 : 0));
		command_done(f);
		result(f, &one, 1, false);
		return;
	case OP_SEEK & 0x1f: /* SEEK and RELATIVE SEEK */
		if (cmd[0] & CMD_MT) {
			int cyl = f->s.drive[d].track + (cmd[0] & CMD_DIR ? cmd[2] : -cmd[2]);

			seek_to(f, d, (cmd[1] >> 2) & 1, (unsigned)(cyl < 0 ? 0 : cyl > 255 ? 255 : cyl));
		} else {
			seek_to(f, d, (cmd[1] >> 2) & 1, cmd[2]);
		}
		return;
	case OP_VERSION:
		one = VERSION_82077AA;
		command_done(f);
		result(f, &one, 1, false);
		return;
	case OP_CONFIGURE:
		f->s.config = cmd[2];
		f->s.pretrk = cmd[3];
		command_done(f);
		return;
	case OP_PERPENDICULAR:
		f->s.perpendicular = cmd[1];
		command_done(f);
		return;
	case OP_LOCK:
		f->s.lock = cmd[0] >> 7;
		one = (uint8_t)(f->s.lock << 4);
		command_done(f);
		result(f, &one, 1, false);
		return;
	case OP_DUMPREG:
		dumpreg(f);
		return;
	}
}

static void fifo_write(struct fdc *f, uint8_t v)
{
	if (f->s.phase != FDC_PHASE_COMMAND)
		return; /* no room: the host must wait for RQM with DIO clear */
	if (f->s.cmd_pos == 0) {
		const struct command *c = NULL;

		for (unsigned i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if ((v & commands[i].mask) == commands[i].op)
				c = &commands[i];
		if (!c) {
			invalid(f);
			return;
		}
		f->s.cmd_len = c->len;
	}
	f->s.cmd[f->s.cmd_pos++] = v;
	if (f->s.cmd_pos == f->s.cmd_len)
		execute(f);
}

static uint8_t fifo_read(struct fdc *f)
{
	if (f->s.phase != FDC_PHASE_RESULT)
		return 0;
	uint8_t v = f->s.res[f->s.res_pos++];

	if (f->s.res_pos == 1 && f->s.irq && f->s.res_len == 7)
		set_irq(f, false); /* reading the result clears a data command's interrupt */
	if (f->s.res_pos >= f->s.res_len) {
		f->s.phase = FDC_PHASE_COMMAND;
		f->s.res_pos = f->s.res_len = 0;
	}
	return v;
}

static uint8_t msr(const struct fdc *f)
{
	uint8_t busy = 0;

	if (!(f->s.dor & FDC_DOR_NRESET))
		return 0;
	/* a drive whose seek status waits for SENSE INTERRUPT is still busy */
	for (unsigned d = 0; d < 4; d++)
		if ((f->s.sense_pending & (1u << d)) && (f->s.drive[d].sense_st0 & FDC_ST0_SE))
			busy |= (uint8_t)(1u << d);
	switch (f->s.phase) {
	case FDC_PHASE_RESULT:
		return FDC_MSR_RQM | FDC_MSR_DIO | FDC_MSR_CB | busy;
	case FDC_PHASE_EXEC:
		return FDC_MSR_CB | busy;
	default:
		return (uint8_t)(FDC_MSR_RQM | (f->s.cmd_pos ? FDC_MSR_CB : 0) | busy);
	}
}

/* A held data command goes on once DMA can move its bytes. */
static void resume(struct fdc *f)
{
	if (f->s.phase == FDC_PHASE_EXEC && (f->s.dor & FDC_DOR_NRESET) && dma_open(f))
		execute(f);
}

static void dma_ready(void *opaque)
{
	resume(opaque);
}

static void write_dor(struct fdc *f, uint8_t v)
{
	uint8_t old = f->s.dor;

	f->s.dor = v;
	if ((old & FDC_DOR_NRESET) && !(v & FDC_DOR_NRESET))
		enter_reset(f);
	else if (!(old & FDC_DOR_NRESET) && (v & FDC_DOR_NRESET))
		leave_reset(f);
	update_irq(f);
	resume(f);
}

uint8_t fdc__io(struct fdc *f, uint16_t port, uint8_t value, bool is_write)
{
	switch (port - FDC_BASE) {
	case FDC_REG_DOR:
		if (is_write)
			write_dor(f, value);
		return is_write ? 0 : f->s.dor;
	case FDC_REG_TDR:
		if (is_write)
			f->s.tdr = value & 3;
		return is_write ? 0 : f->s.tdr;
	case FDC_REG_MSR:
		if (!is_write)
			return msr(f);
		f->s.rate = value & 3;
		f->s.precomp = (value >> 2) & 7;
		if ((value & FDC_DSR_RESET) && (f->s.dor & FDC_DOR_NRESET))
			leave_reset(f); /* a reset pulse; the bit clears itself */
		return 0;
	case FDC_REG_FIFO:
		if (!(f->s.dor & FDC_DOR_NRESET))
			return 0;
		if (is_write) {
			fifo_write(f, value);
			return 0;
		}
		return fifo_read(f);
	case FDC_REG_DIR:
		if (is_write) {
			f->s.rate = value & 3;
			return 0;
		}
		{
			unsigned d = f->s.dor & FDC_DOR_SEL;

			return d < FDC_DRIVES && f->s.drive[d].dskchg ? FDC_DIR_DSKCHG : 0;
		}
	default: /* SRA, SRB: PS/2 mode only */
		return is_write ? 0 : 0xff;
	}
}

static uint8_t fdc_bus(void *opaque, uint16_t port, uint8_t value, bool is_write)
{
	return fdc__io(opaque, port, value, is_write);
}

int fdc__register(struct fdc *f, struct bus *bus)
{
	int r = bus__register_bytes(bus, FDC_BASE, 6, fdc_bus, f, "fdc");

	if (r == 0)
		r = bus__register_bytes(bus, FDC_BASE + FDC_REG_DIR, 1, fdc_bus, f, "fdc-dir");
	return r;
}
