/* fuzz_devices.c - libFuzzer target: every device model of harness/hw driven through its port handlers, as a guest would, with the host's inputs and the clock between. */
#include <stdlib.h> // abort
#include <string.h> // memset, memcmp

#include "capture/graphics.h" // graphics__capture
#include "capture/outbuf.h"   // struct outbuf
#include "capture/render.h"   // render__text
#include "capture/screen.h"   // screen__snapshot_size
#include "fuzz.h"             // struct fuzz_in
#include "hw/ata.h"
#include "hw/cmos.h"
#include "hw/debug_exit.h"
#include "hw/debugcon.h"
#include "hw/disk.h"
#include "hw/dma.h"
#include "hw/fdc.h"
#include "hw/fw_cfg.h"
#include "hw/i8042.h"
#include "hw/pic.h"
#include "hw/pit.h"
#include "hw/sysreset.h"
#include "hw/uart.h"
#include "hw/vga.h"
#include "vmm/bus.h"
#include "vmm/guest_mem.h"
#include "vmm/vclock.h"
#include "vmm/vm.h" // struct vm: its buses, memory, clock and stop; no KVM

/*
 * The devices are built and wired as machine.c builds a BIOS-mode PC, on a
 * struct vm that never opens /dev/kvm: its port bus, RAM, clock and stop.
 * Input: a set-up byte (bit 0: the keyboard as SeaBIOS leaves it; bit 1:
 * no disk, and no floppy B: beside A: on the floppy controller; bits 2-6:
 * its size; bit 7: draw the text screen at the end, which is slow enough
 * to be worth doing only sometimes), then
 * operations, each a byte saying which and its operands:
 *   0-3  a port access: a port (a byte picking one of the devices' ports, or
 *        0xff and 16 bits), a byte of size (1, 2 or 4) and direction, a value
 *   4    virtual time passes (the clock's sources run)
 *   5    a byte arrives on COM1
 *   6    keys: a length and that many set-2 bytes (or, bit 7, set-1 bytes)
 *   7    the CPU takes the interrupt the PIC offers (INTA)
 *   8    the guest writes RAM or the VGA window (DMA descriptors, pictures)
 *   9    the guest gets control (pit__restart, cmos__set_time)
 * and every device's invariants are checked after each one.
 */

#define RAM_SIZE (64u << 10)
#define MAX_TIME (1ull << 52) /* ~52 days of virtual time: far past any --timeout */
#define MAX_OPS 4096

static const uint16_t ports[] = {
	0x20, 0x21, 0xa0, 0xa1, 0x4d0, 0x4d1,                   /* pic */
	0x40, 0x41, 0x42, 0x43, 0x61,                           /* pit */
	0x70, 0x71,                                             /* cmos */
	0x3f8, 0x3f9, 0x3fa, 0x3fb, 0x3fc, 0x3fd, 0x3fe, 0x3ff, /* uart */
	0xe9, 0x402, 0xf4,                                      /* debugcon, debug-exit */
	0x3b4, 0x3b5, 0x3ba, 0x3c0, 0x3c1, 0x3c2, 0x3c3, 0x3c4, 0x3c5, 0x3c6, 0x3c7, 0x3c8,
	0x3c9, 0x3ca, 0x3cc, 0x3ce, 0x3cf, 0x3d4, 0x3d5, 0x3da, /* vga */
	0x510, 0x511, 0x514, 0x518,                             /* fw_cfg */
	0x60, 0x64,                                             /* i8042 */
	0x92, 0xcf9,                                            /* sysreset */
	0x1f0, 0x1f1, 0x1f2, 0x1f3, 0x1f4, 0x1f5, 0x1f6, 0x1f7, 0x3f6, /* ata, primary */
	0x170, 0x171, 0x172, 0x173, 0x174, 0x175, 0x176, 0x177, 0x376, /* ata, secondary */
	0x80,                                                   /* dma page (POST code) */
	0x3f0, 0x3f1, 0x3f2, 0x3f3, 0x3f4, 0x3f5, 0x3f7,        /* fdc */
	0x00, 0x04, 0x05, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x81,
	0xc0, 0xc1, 0xd0, 0xd4, 0xd6, 0xda, 0xde,               /* dma */
	0x278,                                                  /* nobody's */
};
#define NR_PORTS (sizeof(ports) / sizeof(ports[0]))

struct rig {
	struct vm vm;
	struct pic pic;
	struct pit pit;
	struct cmos cmos;
	struct uart com1;
	struct debugcon debugcon;
	struct debug_exit debug_exit;
	struct vga vga;
	struct fw_cfg fw_cfg;
	struct i8042 kbc;
	struct sysreset sysreset;
	struct disk disk;
	bool have_disk;
	struct disk disk2;         /* the primary's slave and the secondary's master */
	bool have_disk2;
	struct ata ata2;
	struct ata ata;
	struct disk floppy[FDC_DRIVES];
	struct dma dma;
	struct fdc fdc;
	struct outbuf serial, console;
	uint8_t window[GRAPHICS_WINDOW]; /* 0xa0000-0xbffff */
	int level[16];                   /* every IRQ line as last driven */
	unsigned resets;
	bool draw;                       /* render__text the screen at the end */
	struct fuzz_in *in;              /* what the poll callbacks feed from */
};

static struct rig rig;
static struct guest_mem ram;
static uint8_t file_a[1000], file_b[3000], disk_image[128 * 2 * DISK_SECTOR_SIZE];
static uint8_t floppy_image[368640]; /* a 360K floppy: 40 cylinders, 2 heads, 9 sectors */
static uint8_t font[FONT_GLYPHS * FONT_HEIGHT];

/* ---------------------------------------------------------------- wiring */

/* The lines machine.c wires to the PIC; the level devices must drive only real changes. */
static void irq_set(void *opaque, unsigned irq, int level)
{
	struct rig *r = opaque;

	fuzz__check(irq < 16 && (level == 0 || level == 1), "IRQ %u driven to %d", irq, level);
	if (irq == 1 || irq == 4 || irq == 6 || irq == 12 || irq == 14)
		fuzz__check(r->level[irq] != level, "IRQ %u driven to %d again", irq, level);
	r->level[irq] = level;
	pic__set_irq(&r->pic, irq, level);
}

static struct irq_line line(unsigned irq)
{
	return (struct irq_line){ .set = irq_set, .opaque = &rig, .irq = irq };
}

static void on_reset(void *opaque)
{
	struct rig *r = opaque;

	r->resets++;
}

/* The guest looks for input and finds none: the host may feed some at once (machine.c's pacer does). */
static void feed_serial(void *opaque)
{
	struct rig *r = opaque;

	if (r->in && r->in->left && (r->in->p[0] & 0x80))
		uart__receive(&r->com1, fuzz__u8(r->in));
}

static void feed_key(void *opaque)
{
	struct rig *r = opaque;

	if (r->in && r->in->left && (r->in->p[0] & 0x80)) {
		uint8_t b = fuzz__u8(r->in);

		i8042__key_set2(&r->kbc, &b, 1);
	}
}

/* The clock's sources, as machine.c adds them, and what they promise. */
static uint64_t pit_source(void *opaque, uint64_t now)
{
	uint64_t next = pit__update(opaque, now);

	fuzz__check(next > now, "pit__update(%llu) asks for %llu", (unsigned long long)now,
		    (unsigned long long)next);
	return next;
}

static uint64_t cmos_source(void *opaque, uint64_t now)
{
	uint64_t next = cmos__update(opaque, now);

	fuzz__check(next > now, "cmos__update(%llu) asks for %llu", (unsigned long long)now,
		    (unsigned long long)next);
	return next;
}

static void build(struct rig *r, struct fuzz_in *in)
{
	uint8_t setup = fuzz__u8(in);

	memset(r, 0, sizeof(*r));
	memset(ram.host, 0, ram.size);
	r->vm.fd = r->vm.vcpu_fd = -1;
	r->vm.mem = ram;
	bus__init(&r->vm.pio, "pio");
	bus__init(&r->vm.mmio, "mmio");
	vclock__init(&r->vm.clock);
	outbuf__init(&r->serial, 4096);
	outbuf__init(&r->console, 4096);

	pic__init(&r->pic);
	pit__init(&r->pit, &r->vm.clock, line(0));
	cmos__init(&r->cmos, &r->vm.clock, line(8));
	cmos__set_memory(&r->cmos, RAM_SIZE);
	uart__init(&r->com1, UART_COM1_BASE, &r->serial);
	uart__set_irq(&r->com1, line(4));
	uart__on_rx_poll_empty(&r->com1, feed_serial, r);
	vga__init(&r->vga);
	debugcon__init(&r->debugcon, &r->console);
	i8042__init(&r->kbc, line(1), line(12), on_reset, r);
	i8042__on_poll_empty(&r->kbc, feed_key, r);
	if (setup & 1)
		i8042__as_after_bios(&r->kbc);
	fw_cfg__init(&r->fw_cfg, &r->vm.mem);
	sysreset__init(&r->sysreset, on_reset, r);
	if (fw_cfg__add_u64(&r->fw_cfg, FW_CFG_RAM_SIZE, RAM_SIZE) ||
	    fw_cfg__add_u16(&r->fw_cfg, FW_CFG_NB_CPUS, 1) ||
	    fw_cfg__add_file(&r->fw_cfg, "etc/boot-fail-wait", file_a, sizeof(file_a), false) ||
	    fw_cfg__add_file(&r->fw_cfg, "floppyimg/disk.img", file_b, sizeof(file_b), false) ||
	    fw_cfg__finish(&r->fw_cfg))
		abort();
	fw_cfg__watch(&r->fw_cfg, FW_CFG_FILE_FIRST + 1);
	r->have_disk = !(setup & 2);
	r->draw = setup & 0x80;
	if (r->have_disk &&
	    disk__from_buffer(&r->disk, disk_image,
			      (uint64_t)(1 + (setup >> 2 & 0x1f)) * 4 * DISK_SECTOR_SIZE))
		abort();
	r->have_disk2 = setup & 4;
	if (r->have_disk2 &&
	    disk__from_buffer(&r->disk2, disk_image + DISK_SECTOR_SIZE,
			      (uint64_t)(1 + (setup >> 3 & 0xf)) * 3 * DISK_SECTOR_SIZE))
		abort();
	ata__init(&r->ata, ATA_PRIMARY, r->have_disk ? &r->disk : NULL,
		  r->have_disk2 ? &r->disk2 : NULL, line(14));
	ata__init(&r->ata2, ATA_SECONDARY, r->have_disk2 ? &r->disk2 : NULL, NULL, line(15));
	/* floppy A: always, B: with the hard disk */
	struct disk *fl[FDC_DRIVES] = { &r->floppy[0], r->have_disk ? &r->floppy[1] : NULL };

	for (int i = 0; i < FDC_DRIVES; i++)
		if (fl[i] && disk__from_buffer(fl[i], floppy_image, sizeof(floppy_image)))
			abort();
	dma__init(&r->dma, &r->vm.mem);
	fdc__init(&r->fdc, fl, &r->dma, line(6));

	if (pic__register(&r->pic, &r->vm.pio) || pit__register(&r->pit, &r->vm.pio) ||
	    cmos__register(&r->cmos, &r->vm.pio) || uart__register(&r->com1, &r->vm.pio) ||
	    vga__register(&r->vga, &r->vm.pio) || debug_exit__register(&r->debug_exit, &r->vm, 0xf4) ||
	    debugcon__add_port(&r->debugcon, &r->vm.pio, 0xe9) ||
	    debugcon__add_port(&r->debugcon, &r->vm.pio, 0x402) ||
	    i8042__register(&r->kbc, &r->vm.pio) || fw_cfg__register(&r->fw_cfg, &r->vm.pio) ||
	    sysreset__register(&r->sysreset, &r->vm.pio) || ata__register(&r->ata, &r->vm.pio) ||
	    ata__register(&r->ata2, &r->vm.pio) ||
	    dma__register(&r->dma, &r->vm.pio) || fdc__register(&r->fdc, &r->vm.pio) ||
	    vclock__add_source(&r->vm.clock, pit_source, &r->pit) ||
	    vclock__add_source(&r->vm.clock, cmos_source, &r->cmos))
		abort();
}

static void destroy(struct rig *r)
{
	if (r->have_disk)
		disk__close(&r->disk);
	if (r->have_disk2)
		disk__close(&r->disk2);
	for (int i = 0; i < FDC_DRIVES; i++)
		disk__close(&r->floppy[i]);
	fw_cfg__free(&r->fw_cfg);
	outbuf__free(&r->serial);
	outbuf__free(&r->console);
}

/* ---------------------------------------------------------------- invariants */

static void check_pic(const struct pic *p)
{
	for (int i = 0; i < 2; i++) {
		const struct pic_chip *c = &p->s.chip[i];

		fuzz__check(c->init_step == 0 || (c->init_step >= 2 && c->init_step <= 4),
			    "chip %d init_step %u", i, c->init_step);
		fuzz__check(c->priority_add < 8, "chip %d priority_add %u", i, c->priority_add);
		fuzz__check(!(c->vector_base & 7), "chip %d vector base 0x%x", i, c->vector_base);
		fuzz__check(!(c->elcr & ~c->elcr_mask), "chip %d ELCR 0x%x", i, c->elcr);
	}
}

static void check_ata(const struct ata *ata, int level)
{
	const struct ata_state *a = &ata->s;

	fuzz__check(a->unit <= 1, "ata unit %u", a->unit);
	fuzz__check(a->irq_level == level, "ata irq_level %d, line %d", a->irq_level, level);
	for (unsigned u = 0; u < 2; u++) {
		const struct ata_device_state *d = &a->dev[u];
		const struct disk *disk = ata->disk[u];

		fuzz__check(d->pio <= ATA_PIO_WRITE, "ata %u pio %d", u, (int)d->pio);
		fuzz__check(d->pos <= DISK_SECTOR_SIZE, "ata %u pos %u", u, d->pos);
		fuzz__check(d->mult <= ATA_MAX_MULT, "ata %u mult %u", u, d->mult);
		if (!disk) {
			fuzz__check(d->pio == ATA_PIO_NONE && d->status == 0,
				    "absent ata %u: pio %d status 0x%x", u, (int)d->pio, d->status);
			continue;
		}
		if (d->pio == ATA_PIO_READ || d->pio == ATA_PIO_WRITE) {
			fuzz__check(d->left >= 1 && d->block >= 1 && d->block <= ATA_MAX_MULT &&
					    d->block_left >= 1 && d->block_left <= d->block &&
					    d->block_left <= d->left,
				    "ata %u left %u block %u block_left %u", u, d->left, d->block,
				    d->block_left);
			fuzz__check(d->lba < disk->sectors && d->left <= disk->sectors - d->lba,
				    "ata %u transfer of %u at %llu on a disk of %llu", u, d->left,
				    (unsigned long long)d->lba, (unsigned long long)disk->sectors);
		}
	}
}

static void check_all(struct rig *r)
{
	const struct uart_state *u = &r->com1.s;
	const struct i8042_state *k = &r->kbc.s;

	fuzz__check(r->vm.clock.s.now_ns <= MAX_TIME + (1ull << 40), "time %llu",
		    (unsigned long long)r->vm.clock.s.now_ns);
	check_pic(&r->pic);

	for (int i = 0; i < PIT_CHANNELS; i++) {
		const struct pit_channel *c = &r->pit.s.ch[i];

		fuzz__check(c->mode <= 7 && c->rw >= 1 && c->rw <= 3, "pit %d mode %u rw %u", i,
			    c->mode, c->rw);
		fuzz__check(c->count <= 65536 && c->ce_count <= 65536, "pit %d count %u/%u", i,
			    c->count, c->ce_count);
	}
	fuzz__check(!(r->pit.s.port61 & ~PIT_B_STORED), "port 0x61 0x%x", r->pit.s.port61);

	fuzz__check(r->cmos.s.index < CMOS_SIZE, "cmos index %u", r->cmos.s.index);
	fuzz__check(r->cmos.s.phase_ns < NS_PER_SEC, "cmos phase %llu",
		    (unsigned long long)r->cmos.s.phase_ns);
	fuzz__check(!!(r->cmos.s.ram[CMOS_REG_STATUS_C] & CMOS_C_IRQF) == r->level[8],
		    "IRQF %d but IRQ 8 at %d", !!(r->cmos.s.ram[CMOS_REG_STATUS_C] & CMOS_C_IRQF),
		    r->level[8]);

	fuzz__check(u->rx_head < UART_RX_FIFO, "uart rx_head %u", u->rx_head);
	fuzz__check(u->rx_len <= ((u->fcr & 1) ? UART_RX_FIFO : 1u), "uart rx_len %u (fcr 0x%x)",
		    u->rx_len, u->fcr);
	fuzz__check(u->irq_level == r->level[4], "uart irq_level %d, line %d", u->irq_level,
		    r->level[4]);
	fuzz__check(!(u->mcr & ~0x1f) && !(u->ier & ~0x0f), "uart mcr 0x%x ier 0x%x", u->mcr, u->ier);

	fuzz__check(r->serial.len <= r->serial.limit && r->console.len <= r->console.limit,
		    "outbuf over its limit");

	fuzz__check(r->vga.s.dac_component <= 2, "dac component %u", r->vga.s.dac_component);
	fuzz__check(r->vga.s.attr_index < 0x40, "attr index 0x%x", r->vga.s.attr_index);

	fuzz__check(k->q_head < I8042_QUEUE_SIZE && k->q_len <= I8042_QUEUE_SIZE,
		    "i8042 queue %u+%u", k->q_head, k->q_len);
	fuzz__check(k->kbd.scancode_set >= 1 && k->kbd.scancode_set <= 3, "scancode set %u",
		    k->kbd.scancode_set);
	fuzz__check(k->kbd_level == r->level[1] && k->aux_level == r->level[12],
		    "i8042 levels %d/%d, lines %d/%d", k->kbd_level, k->aux_level, r->level[1],
		    r->level[12]);

	fuzz__check(!(r->sysreset.s.rcr & ~(SYSRESET_RCR_SYS | SYSRESET_RCR_FULL)), "rcr 0x%x",
		    r->sysreset.s.rcr);

	const struct fw_cfg_item *it = fw_cfg__find(&r->fw_cfg, r->fw_cfg.s.key);

	fuzz__check(!it || r->fw_cfg.s.offset <= it->len, "fw_cfg offset %u in an item of %u",
		    r->fw_cfg.s.offset, it ? it->len : 0);
	if (r->fw_cfg.s.watch_len)
		fuzz__check(guest_mem__range_ok(&r->vm.mem, r->fw_cfg.s.watch_gpa, r->fw_cfg.s.watch_len),
			    "watched item outside RAM");

	const struct fdc_state *f = &r->fdc.s;

	fuzz__check(f->phase <= FDC_PHASE_RESULT, "fdc phase %u", f->phase);
	fuzz__check(f->cmd_pos <= f->cmd_len && f->cmd_len <= sizeof(f->cmd), "fdc cmd %u/%u",
		    f->cmd_pos, f->cmd_len);
	fuzz__check(f->res_pos <= f->res_len && f->res_len <= sizeof(f->res), "fdc result %u/%u",
		    f->res_pos, f->res_len);
	fuzz__check(f->phase != FDC_PHASE_RESULT || f->res_pos < f->res_len,
		    "fdc result phase with nothing left (%u/%u)", f->res_pos, f->res_len);
	fuzz__check(f->phase != FDC_PHASE_EXEC || f->cmd_pos == f->cmd_len,
		    "fdc executes a command of %u/%u bytes", f->cmd_pos, f->cmd_len);
	fuzz__check(f->irq_level == r->level[6], "fdc irq_level %d, line %d", f->irq_level,
		    r->level[6]);
	fuzz__check(!(f->sense_pending & ~0x0f) && f->rate <= 3, "fdc sense 0x%x rate %u",
		    f->sense_pending, f->rate);
	for (int i = 0; i < 2; i++)
		fuzz__check(r->dma.s.chip[i].flipflop <= 1 && !(r->dma.s.chip[i].mask & ~0x0f) &&
				    !(r->dma.s.chip[i].mode[0] & 3),
			    "dma chip %d flip-flop %u mask 0x%x", i, r->dma.s.chip[i].flipflop,
			    r->dma.s.chip[i].mask);

	check_ata(&r->ata, r->level[14]);
	check_ata(&r->ata2, r->level[15]);
}

/* ---------------------------------------------------------------- operations */

static void port_access(struct rig *r, struct fuzz_in *in)
{
	uint8_t sel = fuzz__u8(in), how = fuzz__u8(in);
	uint16_t port = sel < NR_PORTS ? ports[sel] : sel == 0xff ? fuzz__u16(in) :
						     ports[sel % NR_PORTS];
	uint32_t len = (how & 3) == 3 ? 4 : 1u << (how & 3);
	bool write = how & 4;
	uint32_t value = fuzz__u32(in);
	uint8_t data[8];
	bool stop_before = r->vm.stop.kind != STOP_NONE;

	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = write ? (uint8_t)(value >> (8 * (i & 3))) : 0xa5;
	bus__access(&r->vm.pio, port, data, len, write);
	/* a write of N to the debug-exit port stops the guest with N */
	if (write && port == 0xf4 && !stop_before) {
		uint32_t want = len == 4 ? value : value & ((1u << (8 * len)) - 1);

		fuzz__check(r->vm.stop.kind == STOP_DEBUG_EXIT && r->vm.stop.code == want,
			    "debug-exit %u/%u: stop %d code %llu", want, len, (int)r->vm.stop.kind,
			    (unsigned long long)r->vm.stop.code);
	}
	r->vm.stop.kind = STOP_NONE;
	/* bytes past the access are the caller's, never written */
	for (unsigned i = len; i < sizeof(data); i++)
		fuzz__check(data[i] == (write ? (uint8_t)(value >> (8 * (i & 3))) : 0xa5),
			    "port 0x%x: a %u-byte access wrote byte %u", port, len, i);
}

static void pass_time(struct rig *r, struct fuzz_in *in)
{
	uint64_t now = vclock__now(&r->vm.clock);
	uint64_t step = (uint64_t)fuzz__u16(in) << (fuzz__u8(in) % 40);

	if (now + step > MAX_TIME)
		step = MAX_TIME > now ? MAX_TIME - now : 0;
	vclock__jump(&r->vm.clock, now + step);
	vclock__run_due(&r->vm.clock);
}

static void keys(struct rig *r, struct fuzz_in *in)
{
	uint8_t how = fuzz__u8(in), n = how & 0x3f, bytes[64];

	for (unsigned i = 0; i < n; i++)
		bytes[i] = fuzz__u8(in);
	if (how & 0x80)
		i8042__key_scancode(&r->kbc, bytes, n);
	else
		i8042__key_set2(&r->kbc, bytes, n);
}

static void inta(struct rig *r)
{
	const struct pic_chip *m = &r->pic.s.chip[0], *s = &r->pic.s.chip[1];

	if (!pic__pending(&r->pic))
		return;
	uint8_t v = pic__acknowledge(&r->pic);

	fuzz__check((v & ~7) == m->vector_base || (v & ~7) == s->vector_base,
		    "vector 0x%x from bases 0x%x/0x%x", v, m->vector_base, s->vector_base);
	/* the handler has run: the machine's run loop asks again before the next entry */
	check_pic(&r->pic);
}

static void poke(struct rig *r, struct fuzz_in *in)
{
	uint8_t where = fuzz__u8(in);
	uint32_t off = fuzz__u32(in);
	uint32_t v = fuzz__u32(in);

	if (where & 1) {
		off %= RAM_SIZE - 3;
		memcpy(r->vm.mem.host + off, &v, 4);
	} else {
		off %= GRAPHICS_WINDOW - 3;
		memcpy(r->window + off, &v, 4);
	}
}

/* What a run's result makes of the registers: the screen, its colours, a picture. */
static void capture(struct rig *r)
{
	static struct screen s, back;
	struct vga_mode m;
	struct picture p;
	char row[SCREEN_ROW_MAX];

	vga__mode(&r->vga, &m);
	if (m.kind == VGA_KIND_TEXT) {
		fuzz__check(m.base >= 0xa0000 && m.base + VGA_TEXT_SIZE <= 0xa0000 + GRAPHICS_WINDOW,
			    "text at 0x%x", m.base);
		screen__snapshot_size(&s, r->window + (m.base - 0xa0000), vga__start_address(&r->vga),
				      vga__cursor_address(&r->vga), vga__cursor_visible(&r->vga),
				      (int)m.cols, (int)m.rows);
		vga__cursor_shape(&r->vga, &s.cursor_start, &s.cursor_end);
		for (int i = 0; i < s.rows; i++)
			screen__row(&s, i, row);
		char *colors = screen__colors_text(&s);

		fuzz__check(colors, "out of memory");
		fuzz__check(screen__colors_parse(colors, strlen(colors), &back) == 0 &&
				    back.rows == s.rows && back.cols == s.cols &&
				    !memcmp(back.attr, s.attr, sizeof(s.attr)),
			    "the colors capture does not read back:\n%s", colors);
		free(colors);
		if (r->draw && render__text(&p, &s, &r->vga.s, font) == 0)
			picture__free(&p);
	} else if (graphics__capture(&p, &r->vga.s, &m, r->window) == 0) {
		fuzz__check(p.width == m.width && p.height == m.height, "picture %ux%u of %ux%u",
			    p.width, p.height, m.width, m.height);
		picture__free(&p);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct rig *r = &rig;

	if (!ram.host) {
		/* from malloc, not mmap: ASan sees every byte past the end */
		ram.host = malloc(RAM_SIZE);
		ram.size = RAM_SIZE;
		if (!ram.host)
			abort();
		for (size_t i = 0; i < sizeof(disk_image); i++)
			disk_image[i] = (uint8_t)(i * 31 + (i >> 9));
		for (size_t i = 0; i < sizeof(floppy_image); i++)
			floppy_image[i] = (uint8_t)(i * 7 + (i >> 9));
		for (size_t i = 0; i < sizeof(file_b); i++)
			file_b[i] = (uint8_t)i;
		for (size_t i = 0; i < sizeof(font); i++)
			font[i] = (uint8_t)(i * 13);
	}
	build(r, &in);
	r->in = &in;
	check_all(r);
	for (int n = 0; n < MAX_OPS && in.left; n++) {
		uint8_t op = fuzz__u8(&in) % 10;

		switch (op) {
		case 0: case 1: case 2: case 3: port_access(r, &in); break;
		case 4: pass_time(r, &in); break;
		case 5: uart__receive(&r->com1, fuzz__u8(&in)); break;
		case 6: keys(r, &in); break;
		case 7: inta(r); break;
		case 8: poke(r, &in); break;
		default:
			pit__restart(&r->pit, vclock__now(&r->vm.clock));
			cmos__set_time(&r->cmos, vclock__now(&r->vm.clock));
			break;
		}
		check_all(r);
	}
	r->in = NULL;
	capture(r);
	destroy(r);
	return 0;
}
