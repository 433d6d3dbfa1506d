/* machine.h - the PC bootcheck builds for one run: a VM, its devices and their captures. */
#ifndef BOOTCHECK_MACHINE_H
#define BOOTCHECK_MACHINE_H

#include "boot/image.h"     // struct image
#include "capture/outbuf.h" // struct outbuf
#include "capture/result.h" // struct run_result
#include "cli/options.h"    // struct run_options
#include "hw/debug_exit.h"  // struct debug_exit
#include "hw/debugcon.h"    // struct debugcon
#include "hw/uart.h"        // struct uart
#include "hw/vga.h"         // struct vga
#include "vmm/vm.h"         // struct vm

struct machine {
	struct vm vm;
	struct uart com1;
	struct debugcon debugcon;
	struct debug_exit debug_exit;
	struct vga vga;
	struct outbuf serial_out;
	struct outbuf debugcon_out;
	double run_seconds;
};

/*
 * machine__create - VM with RAM and every device the options ask for.
 * Returns 0, EXIT_USAGE (two devices want one port) or EXIT_HARNESS.
 */
int machine__create(struct machine *m, struct kvm *kvm, const struct run_options *o);

/* machine__boot - put the image in place and set the vCPU up (per o->mode). */
int machine__boot(struct machine *m, struct image *img, const struct run_options *o);

/* machine__run - run until the guest stops (see run__loop). */
void machine__run(struct machine *m, const struct run_options *o);

/* machine__result - what the run captured; valid until machine__destroy. */
void machine__result(struct machine *m, struct run_result *res);

void machine__destroy(struct machine *m);

#endif
