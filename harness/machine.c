/* machine.c - the PC bootcheck builds for one run: a VM, its devices and their captures. */
#include "machine.h"

#include <errno.h>  // EEXIST
#include <stdio.h>  // fprintf
#include <string.h> // memset, strerror, memmem
#include <time.h>   // clock_gettime

#include "boot/bios.h"      // bios__boot
#include "boot/direct.h"    // direct__boot
#include "capture/screen.h" // screen__snapshot
#include "vmm/run.h"        // run__loop

/* SeaBIOS says this on its log port just before it jumps to the boot sector. */
static const char boot_marker[] = "Booting from 0000:7c00";

enum { IRQ_KBD = 1, IRQ_AUX = 12, IRQ_ATA0 = 14 };

static int claim(int r, const char *what, unsigned port)
{
	if (r == 0)
		return 0;
	if (r == -EEXIST) {
		fprintf(stderr, "bootcheck: %s port 0x%x is already used by another device\n",
			what, port);
		return EXIT_USAGE;
	}
	fprintf(stderr, "bootcheck: cannot register %s at 0x%x: %s\n", what, port, strerror(-r));
	return EXIT_HARNESS;
}

static void on_reset(void *opaque)
{
	vm__request_stop(opaque, STOP_RESET, 0, NULL);
}

static struct irq_line irq(struct machine *m, unsigned n)
{
	return (struct irq_line){ .set = vm__irq_line, .opaque = &m->vm, .irq = n };
}

/* The devices SeaBIOS and its VGA BIOS expect of an ISA PC. */
static int create_pc_devices(struct machine *m)
{
	int r;

	cmos__init(&m->cmos);
	fw_cfg__init(&m->fw_cfg, &m->vm.mem);
	i8042__init(&m->kbc, irq(m, IRQ_KBD), irq(m, IRQ_AUX), on_reset, &m->vm);
	sysreset__init(&m->sysreset, on_reset, &m->vm);
	debugcon__init(&m->bios_log, &m->bios_log_out);
	if ((r = claim(cmos__register(&m->cmos, &m->vm.pio), "CMOS", 0x70)) ||
	    (r = claim(fw_cfg__register(&m->fw_cfg, &m->vm.pio), "fw_cfg", FW_CFG_PORT_SEL)) ||
	    (r = claim(i8042__register(&m->kbc, &m->vm.pio), "i8042", 0x60)) ||
	    (r = claim(sysreset__register(&m->sysreset, &m->vm.pio), "reset", 0x92)) ||
	    (r = claim(debugcon__add_port(&m->bios_log, &m->vm.pio, BIOS_LOG_PORT),
		       "BIOS log", BIOS_LOG_PORT)))
		return r;
	return 0;
}

int machine__create(struct machine *m, struct kvm *kvm, const struct run_options *o)
{
	int r;

	memset(m, 0, sizeof(*m));
	m->mode = o->mode;
	outbuf__init(&m->serial_out, o->max_output);
	outbuf__init(&m->debugcon_out, o->max_output);
	/* SeaBIOS's log is ~20 KB; never let a small --max-output hide the boot */
	outbuf__init(&m->bios_log_out, o->max_output > OUTBUF_DEFAULT_LIMIT ? o->max_output
									    : OUTBUF_DEFAULT_LIMIT);
	r = vm__create(&m->vm, kvm, o->mem, o->mode == MODE_BIOS);
	if (r)
		return r;
	if (o->trace)
		m->vm.pio.trace = m->vm.mmio.trace = stderr;

	uart__init(&m->com1, UART_COM1_BASE, &m->serial_out);
	vga__init(&m->vga);
	debugcon__init(&m->debugcon, &m->debugcon_out);
	if (o->mode == MODE_BIOS && (r = create_pc_devices(m)))
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

static int boot_bios(struct machine *m, struct image *img, const struct run_options *o)
{
	struct bios_boot bb = {
		.bios_path = o->bios,
		.vgabios_path = o->vgabios,
		.drive = o->drive == DRIVE_FLOPPY ? BIOS_DRIVE_FLOPPY : BIOS_DRIVE_HDD,
		.disk = &m->disk,
	};
	uint64_t min_size = 0;
	int r;

	if (o->drive == DRIVE_FLOPPY) {
		struct disk_chs chs;

		if (disk__floppy_geometry(img->size, &chs, &min_size)) {
			fprintf(stderr, "bootcheck: %s: %llu bytes is larger than a 2.88 MB floppy\n",
				img->path, (unsigned long long)img->size);
			return EXIT_USAGE;
		}
	}
	r = disk__open(&m->disk, img, min_size);
	if (r)
		return r;
	m->have_disk = true;
	if (o->drive == DRIVE_HDD) {
		disk__guess_geometry(&m->disk);
		ata__init(&m->ata, &m->disk, irq(m, IRQ_ATA0));
		r = claim(ata__register(&m->ata, &m->vm.pio), "ATA", 0x1f0);
		if (r)
			return r;
	}
	return bios__boot(&m->vm, &bb, &m->fw_cfg, &m->cmos);
}

int machine__boot(struct machine *m, struct image *img, const struct run_options *o)
{
	switch (o->mode) {
	case MODE_DIRECT:
		return direct__boot(&m->vm, img, &o->direct);
	case MODE_BIOS:
		return boot_bios(m, img, o);
	}
	return EXIT_HARNESS;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Idle counts once SeaBIOS has handed over to the boot sector. */
static bool guest_started(void *opaque)
{
	struct machine *m = opaque;
	const struct outbuf *log = &m->bios_log_out;

	if (m->guest_started || m->mode != MODE_BIOS)
		return true;
	/* search only what is new, keeping a marker's length of overlap */
	size_t from = m->bios_log_scanned > sizeof(boot_marker) ?
			      m->bios_log_scanned - sizeof(boot_marker) : 0;

	if (log->len > from && memmem(log->data + from, log->len - from, boot_marker,
				      sizeof(boot_marker) - 1))
		m->guest_started = true;
	m->bios_log_scanned = log->len;
	return m->guest_started;
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
		.tick_ms = RUN_DEFAULT_TICK_MS,
		.watch = {
			.started = guest_started,
			.activity = activity,
			.opaque = m,
			.idle_ms = o->mode == MODE_BIOS ? o->idle_ms : 0,
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
	screen__snapshot(&res->screen, guest_mem__ptr(&m->vm.mem, VGA_TEXT_BASE, VGA_TEXT_SIZE),
			 vga__start_address(&m->vga), vga__cursor_address(&m->vga),
			 vga__cursor_visible(&m->vga));
	res->unclaimed_pio_reads = m->vm.pio.unclaimed_reads;
	res->unclaimed_pio_writes = m->vm.pio.unclaimed_writes;
	res->unclaimed_mmio_reads = m->vm.mmio.unclaimed_reads;
	res->unclaimed_mmio_writes = m->vm.mmio.unclaimed_writes;
	res->seconds = m->run_seconds;
}

void machine__destroy(struct machine *m)
{
	vm__destroy(&m->vm);
	if (m->mode == MODE_BIOS) {
		bios__release(&m->vm);
		fw_cfg__free(&m->fw_cfg);
	}
	if (m->have_disk)
		disk__close(&m->disk);
	outbuf__free(&m->serial_out);
	outbuf__free(&m->debugcon_out);
	outbuf__free(&m->bios_log_out);
}
