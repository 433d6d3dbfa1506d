/* machine.c - the PC bootcheck builds for one run: a VM, its devices and their captures. */
#include "machine.h"

#include <errno.h>  // EEXIST
#include <stdio.h>  // fprintf
#include <stdlib.h> // calloc
#include <string.h> // memset, strerror, memcmp
#include <time.h>   // clock_gettime

#include "boot/bios.h"      // bios__boot
#include <nettle/sha2.h>    // sha256_*
#include "vmm/snapshot.h"   // snapshot__*
#include "vmm/vcpu_state.h" // vcpu_state__*
#include "boot/direct.h"    // direct__boot
#include "capture/graphics.h" // graphics__capture
#include "capture/render.h"   // render__text
#include "sys/file.h"         // file__open_regular
#include "capture/screen.h" // screen__snapshot
#include "vmm/run.h"        // run__loop
#include "version.h"        // BOOTCHECK_VERSION (build/version.h: VERSION and git's description)

/* SeaBIOS says this on its log port just before it jumps to the boot sector. */
static const char boot_marker[] = "Booting from 0000:7c00";
/* ... and one of these before it reads the boot sector: where a snapshot is taken */
static const char *const drive_markers[] = { "Booting from Hard Disk...",
					     "Booting from Floppy..." };
/* the fw_cfg file a floppy image is served as (boot/bios.c) */
static const char floppy_file[] = "floppyimg/disk.img";

enum {
	IRQ_PIT = 0, IRQ_KBD = 1, IRQ_COM1 = 4, IRQ_FDC = FDC_IRQ, IRQ_RTC = 8, IRQ_AUX = 12,
	IRQ_ATA0 = ATA_PRIMARY_IRQ, IRQ_ATA1 = ATA_SECONDARY_IRQ,
};

static int claim(int r, const char *what, unsigned port)
{
	if (r == 0)
		return 0;
	if (r == -EEXIST) {
		fprintf(stderr, "bootcheck: %s port 0x%x is already used by another device\n",
			what, port);
		return FAIL_INPUT;
	}
	fprintf(stderr, "bootcheck: cannot register %s at 0x%x: %s\n", what, port, strerror(-r));
	return FAIL_HOST;
}

static void on_reset(void *opaque)
{
	vm__request_stop(opaque, STOP_RESET, 0, NULL);
}

static struct irq_line irq(struct machine *m, unsigned n)
{
	return (struct irq_line){ .set = pic__irq_line, .opaque = &m->pic, .irq = n };
}

/*
 * The guest gets control now (the boot sector's first instruction, or the
 * direct entry): everything it can learn about time starts from here, the
 * same on every run and host, whatever POST took.
 */
static void pin_time(struct machine *m)
{
	uint64_t now = vclock__now(&m->vm.clock);

	vclock__pin(&m->vm.clock);
	pit__restart(&m->pit, now);
	cmos__set_time(&m->cmos, now);
	/* an edge from before the pin would be a tick of POST's time */
	pic__clear_request(&m->pic, IRQ_PIT);
	pic__clear_request(&m->pic, IRQ_RTC);
	if (m->mode == MODE_BIOS)
		bios__pin_ticks(&m->vm.mem, &m->cmos);
	vclock__changed(&m->vm.clock); /* the sources' deadlines from the pinned time (a script starts) */
}

/* SeaBIOS's log port: captured, and watched for the line that starts the guest. */
static uint8_t bios_log_io(void *opaque, uint16_t port, uint8_t value, bool is_write)
{
	struct machine *m = opaque;

	(void)port;
	if (!is_write)
		return DEBUGCON_PORT; /* the Bochs presence check */
	outbuf__put(&m->bios_log_out, value);
	if (value != '\n') {
		if (m->log_line_len < sizeof(m->log_line))
			m->log_line[m->log_line_len++] = (char)value;
		return 0;
	}
	if (m->log_line_len == sizeof(boot_marker) - 1 &&
	    !memcmp(m->log_line, boot_marker, sizeof(boot_marker) - 1) &&
	    m->vm.clock.s.epoch_ns == VCLOCK_NEVER)
		pin_time(m);
	for (size_t i = 0; m->snap_save && i < sizeof(drive_markers) / sizeof(drive_markers[0]); i++)
		if (m->log_line_len == strlen(drive_markers[i]) &&
		    !memcmp(m->log_line, drive_markers[i], m->log_line_len)) {
			m->snap_save = false;
			m->vm.checkpoint = true; /* saved once this OUT is complete */
		}
	m->log_line_len = 0;
	return 0;
}

/* ------------------------------------------------------------------ input */

/* The guest has taken every key event sent: nothing in the controller, nor in the BIOS's buffer. */
static bool keys_taken(struct machine *m)
{
	if (!i8042__output_empty(&m->kbc))
		return false;
	if (m->mode != MODE_BIOS)
		return true;
	const uint8_t *bda = guest_mem__ptr(&m->vm.mem, 0x41a, 4); /* head, tail */

	return !bda || (bda[0] == bda[2] && bda[1] == bda[3]);
}

/* ---------------------------------------------------------------- input script */

static bool screen_has(void *opaque, const char *text)
{
	struct machine *m = opaque;
	struct screen scr;
	char row[SCREEN_ROW_MAX];

	screen__snapshot(&scr, guest_mem__ptr(&m->vm.mem, VGA_TEXT_BASE, VGA_TEXT_SIZE),
			 vga__start_address(&m->vga), vga__cursor_address(&m->vga),
			 vga__cursor_visible(&m->vga));
	for (int i = 0; i < scr.rows; i++) {
		screen__row(&scr, i, row);
		if (strstr(row, text))
			return true;
	}
	return false;
}

static bool serial_has(void *opaque, const char *text, size_t from, size_t *end)
{
	struct machine *m = opaque;
	const struct outbuf *ob = &m->serial_out;
	size_t n = strlen(text);

	if (from > ob->len)
		return false;
	const uint8_t *hit = memmem(ob->data + from, ob->len - from, text, n);

	if (!hit)
		return false;
	*end = (size_t)(hit - ob->data) + n;
	return true;
}

static bool keys_taken(struct machine *m);

static bool input_idle(void *opaque)
{
	struct machine *m = opaque;

	return m->guest_asks && !pacer__pending(&m->input, PACER_KEYS) &&
	       !pacer__pending(&m->input, PACER_SERIAL) && keys_taken(m) &&
	       uart__rx_count(&m->com1) == 0;
}

/*
 * Run the script as far as it goes now; returns when to look again.  Once
 * the guest has stopped (AT_STOP) it only settles what was met.
 */
static uint64_t advance_script_at(struct machine *m, bool at_stop)
{
	const struct script_env env = {
		.screen_has = screen_has, .serial_has = serial_has, .input_idle = input_idle,
		.opaque = m,
	};
	uint64_t next = VCLOCK_NEVER;

	if (!m->have_script || m->vm.clock.s.epoch_ns == VCLOCK_NEVER ||
	    (m->vm.stop.kind != STOP_NONE && !at_stop))
		return VCLOCK_NEVER;
	enum script_status st = script__advance(&m->script, &m->input, &env,
						vclock__now(&m->vm.clock), &next);

	if (st == SCRIPT_FAILED && !at_stop)
		vm__request_stop(&m->vm, STOP_INPUT, 0, "%s", m->script.failed);
	return st == SCRIPT_RUNNING ? next : VCLOCK_NEVER;
}

static uint64_t advance_script(struct machine *m)
{
	return advance_script_at(m, false);
}

/* The script as a clock source: its timeouts, sleeps and re-checks are deadlines. */
static uint64_t script_update(void *opaque, uint64_t now)
{
	(void)now;
	return advance_script(opaque);
}

static bool holds_idle(void *opaque)
{
	struct machine *m = opaque;

	return m->have_script && script__holds(&m->script);
}

/* Give the guest what it may have now (see input/pacer.h). */
static void feed(struct machine *m)
{
	const struct key_event *ev;
	int b;

	if (m->vm.clock.s.epoch_ns == VCLOCK_NEVER)
		return; /* POST's waits are not the guest asking */
	if ((ev = pacer__next_key(&m->input, keys_taken(m)))) {
		uint8_t bytes[4];
		bool ok;

		/* a keyboard the guest switched to set 1 sends set 1, untranslated */
		if (m->kbc.s.kbd.scancode_set == 1)
			ok = i8042__key_scancode(&m->kbc, bytes, (size_t)keys__set1_bytes(ev, bytes));
		else
			ok = i8042__key_set2(&m->kbc, bytes, (size_t)keys__set2_bytes(ev, bytes));
		if (ok)
			pacer__sent(&m->input, PACER_KEYS);
	}
	if ((b = pacer__next_byte(&m->input, uart__rx_count(&m->com1) == 0)) >= 0 &&
	    uart__receive(&m->com1, (uint8_t)b))
		pacer__sent(&m->input, PACER_SERIAL);
}

/*
 * The guest asks for input, on whatever channel: a key's release may go
 * while it polls the serial line (it has taken the press), and a script
 * step may complete.  Any deadline the script now has reaches the clock.
 */
static void asks(struct machine *m)
{
	pacer__asks(&m->input, PACER_NR_CHANNELS);
	m->guest_asks = true;
	if (m->have_script) {
		advance_script(m);
		vclock__changed(&m->vm.clock);
	}
}

/*
 * The guest asks for input: it waits for an interrupt (the run loop), or it
 * polled the keyboard or the serial line twice and found nothing (the
 * devices).  Before the guest has control it is the BIOS's own business.
 */
static void guest_asks(void *opaque)
{
	struct machine *m = opaque;

	/* nothing to type and no script: every wait of every run comes here */
	if (m->vm.clock.s.epoch_ns == VCLOCK_NEVER ||
	    (!m->input.q[PACER_KEYS].len && !m->input.q[PACER_SERIAL].len && !m->have_script))
		return;
	asks(m);
	feed(m);
	m->guest_asks = false;
}

/* The keyboard controller, in every mode (direct-mode kernels read keys too). */
static int create_keyboard(struct machine *m)
{
	i8042__init(&m->kbc, irq(m, IRQ_KBD), irq(m, IRQ_AUX), on_reset, &m->vm);
	i8042__on_poll_empty(&m->kbc, guest_asks, m);
	if (m->mode == MODE_DIRECT)
		i8042__as_after_bios(&m->kbc); /* no BIOS sets it up */
	return claim(i8042__register(&m->kbc, &m->vm.pio), "i8042", 0x60);
}

/* The devices SeaBIOS and its VGA BIOS expect of an ISA PC. */
static int create_pc_devices(struct machine *m)
{
	int r;

	fw_cfg__init(&m->fw_cfg, &m->vm.mem);
	sysreset__init(&m->sysreset, on_reset, &m->vm);
	if ((r = claim(fw_cfg__register(&m->fw_cfg, &m->vm.pio), "fw_cfg", FW_CFG_PORT_SEL)) ||
	    (r = claim(sysreset__register(&m->sysreset, &m->vm.pio), "reset", 0x92)) ||
	    (r = claim(bus__register_bytes(&m->vm.pio, BIOS_LOG_PORT, 1, bios_log_io, m,
					   "bios-log"), "BIOS log", BIOS_LOG_PORT)))
		return r;
	return 0;
}

/* The clock and interrupt hardware of every mode: 8259A pair, 8254, RTC. */
static int create_timers(struct machine *m)
{
	struct vclock *clock = &m->vm.clock;
	int r;

	pic__init(&m->pic);
	pit__init(&m->pit, clock, irq(m, IRQ_PIT));
	cmos__init(&m->cmos, clock, irq(m, IRQ_RTC));
	if ((r = claim(pic__register(&m->pic, &m->vm.pio), "PIC", 0x20)) ||
	    (r = claim(pit__register(&m->pit, &m->vm.pio), "PIT", 0x40)) ||
	    (r = claim(cmos__register(&m->cmos, &m->vm.pio), "CMOS", 0x70)))
		return r;
	if (vclock__add_source(clock, pit__update, &m->pit) ||
	    vclock__add_source(clock, cmos__update, &m->cmos) ||
	    (m->have_script && vclock__add_source(clock, script_update, m)))
		return FAIL_HOST;
	return 0;
}

/* The VM of M: SPARE reset when it fits, else a new one. */
static int take_vm(struct machine *m, struct kvm *kvm, const struct run_options *o,
		   struct vm *spare)
{
	if (spare && spare->fd >= 0) {
		struct vm vm = *spare;

		spare->fd = spare->vcpu_fd = -1;
		spare->run = NULL;
		spare->power_on = NULL;
		spare->mem.host = NULL;
		if (vm.kvm == kvm && vm.mem.size == o->mem && vm__reset(&vm) == 0) {
			m->vm = vm;
			return 0;
		}
		vm__destroy(&vm);
	}
	int r = vm__create(&m->vm, kvm, o->mem);

	/* to be kept: remember the vCPU before it runs (without it, never kept) */
	if (r == 0 && spare)
		vm__save_power_on(&m->vm);
	return r;
}

int machine__create(struct machine *m, struct kvm *kvm, const struct run_options *o,
		    struct vm *spare)
{
	char why[160];
	int r;

	memset(m, 0, sizeof(*m));
	m->vm.fd = m->vm.vcpu_fd = -1;
	m->mode = o->mode;
	outbuf__init(&m->serial_out, o->max_output);
	outbuf__init(&m->debugcon_out, o->max_output);
	/* SeaBIOS's log is ~20 KB; never let a small --max-output hide the boot */
	outbuf__init(&m->bios_log_out, o->max_output > OUTBUF_DEFAULT_LIMIT ? o->max_output
									    : OUTBUF_DEFAULT_LIMIT);
	r = take_vm(m, kvm, o, spare);
	if (r)
		return r;
	if (o->trace)
		m->vm.pio.trace = m->vm.mmio.trace = stderr;

	pacer__init(&m->input);
	if ((o->keys && pacer__add_keys(&m->input, o->keys, why, sizeof(why))) ||
	    (o->serial_in && pacer__add_serial(&m->input, o->serial_in, why, sizeof(why)))) {
		fprintf(stderr, "bootcheck: %s\n", why);
		return FAIL_INPUT;
	}
	if (o->input) {
		if (script__load(&m->script, o->input, why, sizeof(why))) {
			fprintf(stderr, "bootcheck: --input %s\n", why);
			return FAIL_INPUT;
		}
		m->have_script = true;
	}
	uart__init(&m->com1, UART_COM1_BASE, &m->serial_out);
	uart__set_irq(&m->com1, irq(m, IRQ_COM1));
	uart__on_rx_poll_empty(&m->com1, guest_asks, m);
	vga__init(&m->vga);
	debugcon__init(&m->debugcon, &m->debugcon_out);
	if ((r = create_timers(m)))
		return r;
	if ((r = create_keyboard(m)) || (o->mode == MODE_BIOS && (r = create_pc_devices(m))))
		return r;
	if ((r = claim(uart__register(&m->com1, &m->vm.pio), "COM1", UART_COM1_BASE)) ||
	    (r = claim(vga__register(&m->vga, &m->vm.pio), "VGA", VGA_CRTC_INDEX)) ||
	    (r = claim(debug_exit__register(&m->debug_exit, &m->vm, o->exit_port),
		       "debug-exit", o->exit_port)) ||
	    (r = claim(debugcon__add_port(&m->debugcon, &m->vm.pio, DEBUGCON_PORT),
		       "debug console", DEBUGCON_PORT)))
		return r;
	for (int i = 0; i < o->nr_console_ports; i++) {
		r = claim(debugcon__add_port(&m->debugcon, &m->vm.pio, o->console_ports[i]),
			  "console", o->console_ports[i]);
		if (r)
			return r;
	}
	return 0;
}

/* The image could not give a sector the guest reads: the run stops with an error naming it. */
static void disk_failed(void *opaque, const char *why)
{
	vm__request_stop(opaque, STOP_ERROR, 0, "%s", why);
}

/*
 * The hard disks of O, two to a channel: FIRST (an image the caller opened,
 * or NULL) as hdd[0], the others opened here.  A channel with a disk is
 * registered; one without is left off the bus, as before there were two.
 */
static int attach_hard_disks(struct machine *m, const struct run_options *o, struct image *first)
{
	static const unsigned irqs[2] = { IRQ_ATA0, IRQ_ATA1 };
	int r;

	for (int i = 0; i < o->nr_hdd; i++) {
		struct image own = { .fd = -1 };
		struct image *img = i == 0 && first ? first : &own;

		if (img == &own && (r = image__open(&own, o->hdd[i])))
			return r;
		r = disk__open(&m->hdd[i], img, 0);
		image__close(&own);
		if (r)
			return r;
		m->nr_hdd = i + 1;
		m->hdd[i].fail = (struct disk_fail){ .fn = disk_failed, .opaque = &m->vm };
		disk__guess_geometry(&m->hdd[i]);
	}
	for (int c = 0; c < 2 && 2 * c < m->nr_hdd; c++) {
		struct ata_ports ports = c ? ATA_SECONDARY : ATA_PRIMARY;

		ata__init(&m->ata[c], ports, &m->hdd[2 * c],
			  2 * c + 1 < m->nr_hdd ? &m->hdd[2 * c + 1] : NULL, irq(m, irqs[c]));
		r = claim(ata__register(&m->ata[c], &m->vm.pio), "ATA", ports.cmd);
		if (r)
			return r;
	}
	return 0;
}

/*
 * Floppy disk D from IMG (o->image when it boots), else opened here from
 * PATH; *HAVE once D is open.  Read whole: fw_cfg hands a lone floppy over
 * as one buffer, and no floppy changes under the guest.
 */
static int attach_floppy(struct machine *m, const char *path, struct image *img, struct disk *d,
			 bool *have)
{
	struct image own = { .fd = -1 };
	uint64_t min_size = 0;
	int r;

	if (!img) {
		if ((r = image__open(&own, path)))
			return r;
		img = &own;
	}
	if (disk__floppy_geometry(img->size, NULL, &min_size)) {
		fprintf(stderr, "bootcheck: %s: %llu bytes is larger than a 2.88 MB floppy\n",
			img->path, (unsigned long long)img->size);
		image__close(&own);
		return FAIL_INPUT;
	}
	r = disk__open(d, img, min_size);
	image__close(&own);
	if (r)
		return r;
	*have = true;
	d->fail = (struct disk_fail){ .fn = disk_failed, .opaque = &m->vm };
	return disk__load_all(d);
}

/*
 * Two floppies: A: and B: on the floppy controller, with the DMA pair that
 * moves their bytes.  SeaBIOS gives its own controller's drives the first
 * floppy numbers, before its ramdisk's (src/boot.c sorts equal priorities
 * by driver type), so a ramdisk could never stay A: beside a controller
 * drive: with two floppies, both are the controller's.
 */
static int attach_fdc(struct machine *m)
{
	struct disk *disks[FDC_DRIVES] = { &m->floppy, &m->floppy_b };
	int r;

	dma__init(&m->dma, &m->vm.mem);
	fdc__init(&m->fdc, disks, &m->dma, irq(m, IRQ_FDC));
	m->have_fdc = true;
	if ((r = claim(dma__register(&m->dma, &m->vm.pio), "DMA", DMA1_BASE)) ||
	    (r = claim(fdc__register(&m->fdc, &m->vm.pio), "floppy controller", FDC_BASE)))
		return r;
	return 0;
}

static int boot_bios(struct machine *m, struct image *img, const struct run_options *o)
{
	bool floppy_boots = o->boot == DRIVE_FLOPPY;
	struct bios_boot bb = {
		.bios_path = o->bios,
		.vgabios_path = o->vgabios,
		.drive = floppy_boots ? BIOS_DRIVE_FLOPPY : BIOS_DRIVE_HDD,
	};
	int r;

	/* a kernel given to the BIOS would only be read as a disk without a boot sector */
	if (image__starts_with_elf(img)) {
		fprintf(stderr, "bootcheck: %s: an ELF executable, not a disk image: boot it with "
			"--mode direct (its segments are loaded, and it starts at its entry)\n",
			img->path);
		return FAIL_INPUT;
	}
	if (o->nr_floppy && (r = attach_floppy(m, o->floppy[0], floppy_boots ? img : NULL,
					       &m->floppy, &m->have_floppy)))
		return r;
	if (o->nr_floppy > 1 &&
	    ((r = attach_floppy(m, o->floppy[1], NULL, &m->floppy_b, &m->have_floppy_b)) ||
	     (r = attach_fdc(m))))
		return r;
	bb.floppy_types[0] = m->fdc.s.drive[0].type; /* 0 without the controller */
	bb.floppy_types[1] = m->fdc.s.drive[1].type;
	if ((r = attach_hard_disks(m, o, floppy_boots ? NULL : img)))
		return r;
	bb.floppy = m->have_floppy && !m->have_fdc ? &m->floppy : NULL; /* SeaBIOS's ramdisk */
	bb.hdd = m->hdd;
	bb.nr_hdd = m->nr_hdd;
	return bios__boot(&m->vm, &bb, &m->fw_cfg, &m->cmos);
}

/* ---------------------------------------------------------------- BIOS snapshot */

#define MISC_STATE_VERSION 1
#define SNAP_LOG_MAX (64u << 10)

/* What the machine itself keeps that the guest's future depends on. */
struct misc_state {
	uint32_t version;
	uint32_t log_line_len;
	char log_line[64];
	uint64_t unclaimed[4];
	uint32_t bios_log_len;
	uint8_t bios_log[SNAP_LOG_MAX];
};

enum { NR_SECTIONS = 15 };

/* The machine's state structs, in one list for saving and restoring alike. */
static void sections(struct machine *m, struct vcpu_state *cpu, struct misc_state *misc,
		     struct snapshot_section *secs)
{
	const struct snapshot_section list[NR_SECTIONS] = {
		{ "vcpu", VCPU_STATE_VERSION, cpu, sizeof(*cpu) },
		{ "clock", VCLOCK_STATE_VERSION, &m->vm.clock.s, sizeof(m->vm.clock.s) },
		{ "pic", PIC_STATE_VERSION, &m->pic.s, sizeof(m->pic.s) },
		{ "pit", PIT_STATE_VERSION, &m->pit.s, sizeof(m->pit.s) },
		{ "cmos", CMOS_STATE_VERSION, &m->cmos.s, sizeof(m->cmos.s) },
		{ "com1", UART_STATE_VERSION, &m->com1.s, sizeof(m->com1.s) },
		{ "vga", VGA_STATE_VERSION, &m->vga.s, sizeof(m->vga.s) },
		{ "i8042", I8042_STATE_VERSION, &m->kbc.s, sizeof(m->kbc.s) },
		{ "sysreset", SYSRESET_STATE_VERSION, &m->sysreset.s, sizeof(m->sysreset.s) },
		{ "ata", ATA_STATE_VERSION, &m->ata[0].s, sizeof(m->ata[0].s) },
		{ "ata1", ATA_STATE_VERSION, &m->ata[1].s, sizeof(m->ata[1].s) },
		{ "dma", DMA_STATE_VERSION, &m->dma.s, sizeof(m->dma.s) },
		{ "fdc", FDC_STATE_VERSION, &m->fdc.s, sizeof(m->fdc.s) },
		{ "fw_cfg", FW_CFG_STATE_VERSION, &m->fw_cfg.s, sizeof(m->fw_cfg.s) },
		{ "machine", MISC_STATE_VERSION, misc, sizeof(*misc) },
	};

	memcpy(secs, list, sizeof(list));
}

static void put_u64(struct sha256_ctx *c, uint64_t v)
{
	sha256_update(c, sizeof(v), (const uint8_t *)&v);
}

/*
 * The snapshot's key: everything the guest could see before the snapshot
 * point, so a snapshot is only ever restored into the machine it was
 * taken of.
 */
static void snapshot_key(const struct machine *m, const struct run_options *o,
			 uint8_t key[SNAPSHOT_KEY_SIZE])
{
	struct sha256_ctx c;
	static const char what[] = "bootcheck BIOS snapshot " BOOTCHECK_VERSION;

	sha256_init(&c);
	sha256_update(&c, sizeof(what), (const uint8_t *)what);
	put_u64(&c, SNAPSHOT_FORMAT_VERSION);
	bios__digest(&c);
	for (int i = 0; i < m->fw_cfg.nr; i++) {
		const struct fw_cfg_item *it = &m->fw_cfg.items[i];

		put_u64(&c, it->key);
		put_u64(&c, it->len);
		sha256_update(&c, sizeof(it->name), (const uint8_t *)it->name);
		/* a floppy's contents are put in place on restore: its size is enough */
		if (strcmp(it->name, floppy_file) != 0)
			sha256_update(&c, it->len, it->data);
	}
	sha256_update(&c, sizeof(m->cmos.s.ram), m->cmos.s.ram);
	put_u64(&c, o->boot);
	put_u64(&c, m->have_floppy ? m->floppy.size : 0);
	/* B: and the controller: their types are in CMOS, their contents read after the snapshot */
	put_u64(&c, m->have_floppy_b ? m->floppy_b.size : 0);
	put_u64(&c, m->have_fdc);
	/* every hard disk as SeaBIOS saw it: its size, geometry and IDENTIFY, in its place */
	put_u64(&c, (uint64_t)m->nr_hdd);
	for (int i = 0; i < m->nr_hdd; i++) {
		put_u64(&c, m->hdd[i].size);
		put_u64(&c, m->hdd[i].trans);
		sha256_update(&c, sizeof(m->hdd[i].geom), (const uint8_t *)&m->hdd[i].geom);
	}
	for (int c2 = 0; c2 < 2; c2++)
		for (int u = 0; u < 2; u++)
			sha256_update(&c, sizeof(m->ata[c2].s.dev[u].identify),
				      (const uint8_t *)m->ata[c2].s.dev[u].identify);
	put_u64(&c, m->vm.mem.size);
	put_u64(&c, o->exit_port);
	put_u64(&c, (uint64_t)o->nr_console_ports);
	for (int i = 0; i < o->nr_console_ports; i++)
		put_u64(&c, o->console_ports[i]);
	sha256_update(&c, sizeof(m->vm.cpuid_digest), m->vm.cpuid_digest);
	put_u64(&c, m->vm.tsc_khz);
	sha256_digest(&c, SNAPSHOT_KEY_SIZE, key);
}

/* The checkpoint: SeaBIOS is about to read the boot sector.  Save, and go on. */
static void save_snapshot(void *opaque)
{
	struct machine *m = opaque;
	struct vcpu_state *cpu = calloc(1, sizeof(*cpu));
	struct misc_state *misc = calloc(1, sizeof(*misc));
	struct snapshot_section secs[NR_SECTIONS];
	uint8_t key[SNAPSHOT_KEY_SIZE];
	int r = -ENOMEM;

	if (!cpu || !misc)
		goto out;
	/* a capture the snapshot cannot hold: boot in full every time */
	r = -EFBIG;
	if (m->bios_log_out.len > SNAP_LOG_MAX || m->bios_log_out.dropped ||
	    m->serial_out.len || m->debugcon_out.len)
		goto out;
	/* a floppy must be found where SeaBIOS loaded it, to be replaced on restore */
	r = -ENOENT;
	if (m->fw_cfg.watch_key && m->fw_cfg.s.watch_len != m->floppy.size)
		goto out;
	r = vcpu_state__save(&m->vm, cpu);
	if (r)
		goto out;
	misc->version = MISC_STATE_VERSION;
	misc->log_line_len = (uint32_t)m->log_line_len;
	memcpy(misc->log_line, m->log_line, sizeof(misc->log_line));
	misc->unclaimed[0] = m->vm.pio.unclaimed_reads;
	misc->unclaimed[1] = m->vm.pio.unclaimed_writes;
	misc->unclaimed[2] = m->vm.mmio.unclaimed_reads;
	misc->unclaimed[3] = m->vm.mmio.unclaimed_writes;
	misc->bios_log_len = (uint32_t)m->bios_log_out.len;
	memcpy(misc->bios_log, m->bios_log_out.data, m->bios_log_out.len);
	sections(m, cpu, misc, secs);
	memcpy(key, m->snap_key, sizeof(key));
	r = snapshot__save(m->snap_path, key, secs, NR_SECTIONS, &m->vm.mem);
	m->snap_saved = r == 0;
out:
	if (r)
		fprintf(stderr, "bootcheck: warning: cannot save the BIOS snapshot %s: %s (the run "
			"goes on)\n", m->snap_path, strerror(-r));
	free(cpu);
	free(misc);
}

/*
 * Bios mode, hard disk: restore the machine as SeaBIOS left it just before
 * reading the boot sector, if the cache has it; else arrange to save it
 * there.  Never fails the run: a cache problem is a warning and a full boot.
 */
static int use_snapshot(struct machine *m, const struct run_options *o)
{
	char dir[4096 - 80], why[160];
	char hex[2 * SNAPSHOT_KEY_SIZE + 1];
	int r;

	if (m->have_floppy)
		for (int i = 0; i < m->fw_cfg.nr; i++)
			if (!strcmp(m->fw_cfg.items[i].name, floppy_file))
				fw_cfg__watch(&m->fw_cfg, m->fw_cfg.items[i].key);
	if (o->no_cache || o->trace)
		return 0; /* --trace must see POST's accesses */
	r = snapshot__cache_dir(dir, sizeof(dir));
	if (r) {
		fprintf(stderr, "bootcheck: warning: no snapshot cache (%s); booting in full\n",
			strerror(-r));
		return 0;
	}
	snapshot_key(m, o, m->snap_key);
	for (int i = 0; i < SNAPSHOT_KEY_SIZE; i++)
		snprintf(hex + 2 * i, 3, "%02x", m->snap_key[i]);
	snprintf(m->snap_path, sizeof(m->snap_path), "%s/bios-%s.snap", dir, hex);

	struct vcpu_state *cpu = calloc(1, sizeof(*cpu));
	struct misc_state *misc = calloc(1, sizeof(*misc));
	struct snapshot_section secs[NR_SECTIONS];

	if (!cpu || !misc) {
		free(cpu);
		free(misc);
		return FAIL_HOST;
	}
	sections(m, cpu, misc, secs);
	r = snapshot__load(m->snap_path, m->snap_key, secs, NR_SECTIONS, &m->vm.mem, why,
			   sizeof(why));
	if (r == 0) {
		r = vcpu_state__restore(&m->vm, cpu);
		if (r == 0 && m->fw_cfg.watch_key) {
			/* this run's floppy, where SeaBIOS loaded the snapshot's */
			uint8_t *dst = guest_mem__ptr(&m->vm.mem, m->fw_cfg.s.watch_gpa,
						      m->floppy.size);

			if (dst && m->fw_cfg.s.watch_len == m->floppy.size) {
				memcpy(dst, m->floppy.data, m->floppy.size);
			} else {
				fprintf(stderr, "bootcheck: %s: the snapshot has no floppy image in "
					"RAM; run with --no-cache and remove the file\n", m->snap_path);
				r = -EINVAL;
			}
		}
		if (r == 0 && misc->bios_log_len > SNAP_LOG_MAX) {
			fprintf(stderr, "bootcheck: %s: a BIOS log of %u bytes; run with --no-cache "
				"and remove the file\n", m->snap_path, misc->bios_log_len);
			r = -EINVAL;
		}
		if (r == 0) {
			for (uint32_t i = 0; i < misc->bios_log_len; i++)
				outbuf__put(&m->bios_log_out, misc->bios_log[i]);
			m->log_line_len = misc->log_line_len < sizeof(m->log_line) ?
						  misc->log_line_len : 0;
			memcpy(m->log_line, misc->log_line, sizeof(m->log_line));
			m->vm.pio.unclaimed_reads = misc->unclaimed[0];
			m->vm.pio.unclaimed_writes = misc->unclaimed[1];
			m->vm.mmio.unclaimed_reads = misc->unclaimed[2];
			m->vm.mmio.unclaimed_writes = misc->unclaimed[3];
			vclock__changed(&m->vm.clock);
			m->restored = true;
		}
		free(cpu);
		free(misc);
		/* the RAM and devices are the snapshot's now: no way back to a full boot */
		return r == 0 ? 0 : FAIL_HOST;
	}
	free(cpu);
	free(misc);
	if (r == -EINVAL)
		fprintf(stderr, "bootcheck: warning: ignoring %s: %s; booting in full and "
			"saving it anew\n", m->snap_path, why);
	else if (r != -ENOENT)
		fprintf(stderr, "bootcheck: warning: cannot read %s: %s; booting in full\n",
			m->snap_path, strerror(-r));
	m->snap_save = r == -ENOENT || r == -EINVAL;
	return 0;
}

int machine__boot(struct machine *m, struct image *img, const struct run_options *o)
{
	int r;

	switch (o->mode) {
	case MODE_DIRECT:
		r = attach_hard_disks(m, o, NULL);
		if (r == 0)
			r = direct__boot(&m->vm, img, &o->direct);
		if (r == 0)
			pin_time(m);
		return r;
	case MODE_BIOS:
		r = boot_bios(m, img, o);
		return r ? r : use_snapshot(m, o);
	}
	return FAIL_HOST;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool irq_pending(void *opaque)
{
	return pic__pending(&((struct machine *)opaque)->pic);
}

/* The floppy controller's IRQ waits: SeaBIOS takes it only in short IF=1 windows (run.h). */
static bool irq_urgent(void *opaque)
{
	const struct machine *m = opaque;
	const struct pic_chip *master = &m->pic.s.chip[0];

	return m->have_fdc && (master->irr & ~master->imr & (1u << IRQ_FDC));
}

static uint8_t irq_ack(void *opaque)
{
	return pic__acknowledge(&((struct machine *)opaque)->pic);
}

/* Changes whenever the screen, the cursor or an output channel changes. */
static uint64_t activity(void *opaque)
{
	struct machine *m = opaque;
	const uint8_t *vram = guest_mem__ptr(&m->vm.mem, VGA_TEXT_BASE, VGA_TEXT_SIZE);
	uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */
	unsigned start = vga__start_address(&m->vga);

	for (unsigned i = 0; vram && i < 80 * 25 * 2; i++) {
		h ^= vram[(start * 2 + i) % VGA_TEXT_SIZE];
		h *= 0x100000001b3ULL;
	}
	h ^= (uint64_t)vga__cursor_address(&m->vga) << 48 ^
	     (uint64_t)m->serial_out.len << 24 ^ m->debugcon_out.len;
	return h;
}

void machine__run(struct machine *m, const struct run_options *o)
{
	struct run_limits limits = {
		.timeout_s = o->timeout_s,
		.idle_ns = (uint64_t)o->idle_ms * 1000000u,
		.stop_at_ns = o->stop_at_ns,
		.hooks = {
			.irq_pending = irq_pending,
			.irq_ack = irq_ack,
			.activity = activity,
			.checkpoint = save_snapshot,
			.waiting = guest_asks,
			.holds_idle = holds_idle,
			.irq_urgent = irq_urgent,
			.opaque = m,
		},
	};
	double t0 = now_s();

	run__loop(&m->vm, &limits);
	m->run_seconds = now_s() - t0;
}

void machine__result(struct machine *m, struct run_result *res)
{
	memset(res, 0, sizeof(*res));
	res->stop = m->vm.stop;
	res->cpu = m->vm.final;
	res->serial = &m->serial_out;
	res->debugcon = &m->debugcon_out;
	res->bios_log = m->mode == MODE_BIOS ? &m->bios_log_out : NULL;
	vga__mode(&m->vga, &res->mode);
	graphics__describe(&res->mode, res->mode_desc, sizeof(res->mode_desc));
	if (res->mode.kind == VGA_KIND_TEXT) {
		screen__snapshot_size(&res->screen,
				      guest_mem__ptr(&m->vm.mem, res->mode.base, VGA_TEXT_SIZE),
				      vga__start_address(&m->vga), vga__cursor_address(&m->vga),
				      vga__cursor_visible(&m->vga), (int)res->mode.cols,
				      (int)res->mode.rows);
		vga__cursor_shape(&m->vga, &res->screen.cursor_start, &res->screen.cursor_end);
	} else {
		screen__snapshot(&res->screen, NULL, 0, 0, false);
		picture__free(&m->picture);
		if (graphics__capture(&m->picture, &m->vga.s, &res->mode,
				      guest_mem__ptr(&m->vm.mem, 0xa0000, GRAPHICS_WINDOW)) == 0)
			res->picture = m->picture;
	}
	res->unclaimed_pio_reads = m->vm.pio.unclaimed_reads;
	res->unclaimed_pio_writes = m->vm.pio.unclaimed_writes;
	res->unclaimed_mmio_reads = m->vm.mmio.unclaimed_reads;
	res->unclaimed_mmio_writes = m->vm.mmio.unclaimed_writes;
	res->seconds = m->run_seconds;
	res->virtual_ns = vclock__since_epoch(&m->vm.clock);
	res->guest_started = m->vm.clock.s.epoch_ns != VCLOCK_NEVER;
	res->snapshot = m->mode != MODE_BIOS ? NULL : m->restored ? "restored" :
			m->snap_saved ? "saved" : "none";
	if (m->have_script) {
		/* a wait the guest met just before it stopped is met */
		if (m->vm.stop.kind != STOP_INPUT)
			advance_script_at(m, true);
		res->has_script = true;
		res->script_line = m->script.cur < m->script.nr_steps ?
					   m->script.steps[m->script.cur].line : 0;
	}
	const char **out[PACER_NR_CHANNELS][2] = {
		{ &res->keys_sent, &res->keys_pending },
		{ &res->serial_sent, &res->serial_pending },
	};

	for (int ch = 0; ch < PACER_NR_CHANNELS; ch++) {
		if (!m->input.q[ch].len)
			continue;
		/* the longest description: every byte as \xHH, every stroke a chord name */
		size_t len = (size_t)m->input.q[ch].len * 24 + 8;

		for (int k = 0; k < 2; k++) {
			free(m->input_text[ch][k]);
			m->input_text[ch][k] = malloc(len);
			if (m->input_text[ch][k])
				pacer__describe(&m->input, (enum pacer_channel)ch, k == 0,
						m->input_text[ch][k], len);
			*out[ch][k] = m->input_text[ch][k];
		}
	}
}

void machine__destroy(struct machine *m, struct vm *keep)
{
	if (keep && m->vm.fd >= 0 && m->vm.power_on) {
		*keep = m->vm;
		m->vm.fd = m->vm.vcpu_fd = -1;
		m->vm.run = NULL;
		m->vm.power_on = NULL;
		m->vm.mem.host = NULL;
	} else {
		vm__destroy(&m->vm);
	}
	if (m->mode == MODE_BIOS) {
		bios__release(&m->vm);
		fw_cfg__free(&m->fw_cfg);
	}
	if (m->have_floppy)
		disk__close(&m->floppy);
	if (m->have_floppy_b)
		disk__close(&m->floppy_b);
	for (int i = 0; i < m->nr_hdd; i++)
		disk__close(&m->hdd[i]);
	outbuf__free(&m->serial_out);
	outbuf__free(&m->debugcon_out);
	outbuf__free(&m->bios_log_out);
	pacer__free(&m->input);
	script__free(&m->script);
	picture__free(&m->picture);
	for (int ch = 0; ch < PACER_NR_CHANNELS; ch++)
		for (int k = 0; k < 2; k++)
			free(m->input_text[ch][k]);
}

/* The VGA BIOS file of a direct-mode run (no BIOS copied it into RAM), whole. */
static uint8_t *read_vgabios(const char *path, size_t *len)
{
	FILE *f = file__open_regular(path);
	uint8_t *buf = malloc(256u << 10);
	size_t n = 0;

	if (f && buf)
		n = fread(buf, 1, 256u << 10, f);
	if (f)
		fclose(f);
	*len = n;
	return buf;
}

int machine__screen_png(struct machine *m, const struct run_options *o,
			const struct run_result *res, const char *path)
{
	struct picture text = { 0 };
	uint8_t *file = NULL;
	int r;

	if (res->mode.kind != VGA_KIND_TEXT) {
		if (!res->picture.rgb) {
			fprintf(stderr, "bootcheck: --png: the screen is in %s\n", res->mode_desc);
			return FAIL_INPUT;
		}
		return png__write(path, &res->picture) ? FAIL_INPUT : 0;
	}
	const uint8_t *rom = guest_mem__ptr(&m->vm.mem, 0xc0000, 0x10000);
	const uint8_t *font = m->mode == MODE_BIOS ? render__find_font(rom, 0x10000) : NULL;

	if (!font) {
		size_t len;

		file = read_vgabios(o->vgabios, &len);
		font = file ? render__find_font(file, len) : NULL;
	}
	if (!font) {
		fprintf(stderr, "bootcheck: --png: no 8x16 font in the VGA BIOS (%s)\n", o->vgabios);
		free(file);
		return FAIL_INPUT;
	}
	r = render__text(&text, &res->screen, &m->vga.s, font);
	free(file);
	if (r == 0)
		r = png__write(path, &text);
	picture__free(&text);
	return r ? FAIL_INPUT : 0;
}
