/* machine.c - the PC bootcheck builds for one run: a VM, its devices and their captures. */
#include "machine.h"

#include <errno.h>  // EEXIST
#include <stdio.h>  // fprintf
#include <string.h> // memset, strerror
#include <time.h>   // clock_gettime

#include "boot/direct.h"    // direct__boot
#include "capture/screen.h" // screen__snapshot
#include "vmm/run.h"        // run__loop

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

int machine__create(struct machine *m, struct kvm *kvm, const struct run_options *o)
{
	int r;

	memset(m, 0, sizeof(*m));
	outbuf__init(&m->serial_out, o->max_output);
	outbuf__init(&m->debugcon_out, o->max_output);
	r = vm__create(&m->vm, kvm, o->mem);
	if (r)
		return r;
	if (o->trace)
		m->vm.pio.trace = m->vm.mmio.trace = stderr;

	uart__init(&m->com1, UART_COM1_BASE, &m->serial_out);
	vga__init(&m->vga);
	debugcon__init(&m->debugcon, &m->debugcon_out);
	if ((r = claim(uart__register(&m->com1, &m->vm.pio), "COM1", UART_COM1_BASE)) ||
	    (r = claim(vga__register(&m->vga, &m->vm.pio), "VGA CRTC", VGA_CRTC_INDEX)) ||
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

int machine__boot(struct machine *m, struct image *img, const struct run_options *o)
{
	switch (o->mode) {
	case MODE_DIRECT:
		return direct__boot(&m->vm, img, &o->direct);
	}
	return EXIT_HARNESS;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void machine__run(struct machine *m, const struct run_options *o)
{
	struct run_limits limits = { .timeout_s = o->timeout_s, .tick_ms = RUN_DEFAULT_TICK_MS };
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
	outbuf__free(&m->serial_out);
	outbuf__free(&m->debugcon_out);
}
