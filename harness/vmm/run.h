/* run.h - the vCPU run loop: dispatches exits through the buses, injects interrupts, keeps virtual time and decides when the guest has stopped. */
#ifndef BOOTCHECK_RUN_H
#define BOOTCHECK_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/vm.h" // struct vm

/*
 * What the machine tells the run loop, without the loop knowing any device:
 * its interrupt controller, and a fingerprint of what the guest shows.
 */
struct run_hooks {
	/* the interrupt controller's INT output: a request waits for the CPU */
	bool (*irq_pending)(void *opaque);
	/* the CPU acknowledges it: the vector to inject */
	uint8_t (*irq_ack)(void *opaque);
	/* a value that changes whenever the guest shows or sends something */
	uint64_t (*activity)(void *opaque);
	/*
	 * vm->checkpoint was set by a device: called once the exit that set
	 * it is complete (the vCPU's state is that of after the instruction),
	 * before the vCPU runs again.
	 */
	void (*checkpoint)(void *opaque);
	/*
	 * The guest waits for an interrupt (hlt, or a jump to itself, with
	 * IF=1) and none is pending: the machine may give it input now,
	 * which raises one.  Called before the wait is modelled, each time.
	 */
	void (*waiting)(void *opaque);
	/*
	 * Whether idleness must not stop the run now (an input script waits
	 * on virtual time: its own deadline, a clock source, ends the wait).
	 */
	bool (*holds_idle)(void *opaque);
	/*
	 * Whether a pending request is one the guest waits for in short
	 * windows of IF=1 between polls (SeaBIOS's "sti; nop; pause; cli"
	 * while it waits for the floppy controller): the loop single-steps
	 * the guest to find such a window when the interrupt cannot go in.
	 * May be NULL.
	 */
	bool (*irq_urgent)(void *opaque);
	void *opaque;
};

struct run_limits {
	double timeout_s;     /* wall-clock deadline for the whole run */
	uint64_t idle_ns;     /* virtual; 0: never stop for idleness */
	uint64_t stop_at_ns;  /* virtual, since the guest got control; 0: none */
	struct run_hooks hooks;
};

#define RUN_DEFAULT_TIMEOUT_S 10.0

/*
 * run__loop - run the vCPU until something stops it: a device (debug-exit,
 * reset), an exit that ends the guest (hlt with interrupts off, triple
 * fault, KVM error), a wait nothing can end (hlt or a jump to itself with
 * no interrupt to come), idleness, --stop-at, or the wall-clock deadline.
 *
 * Time: vm->clock follows the CPU time of this (the vCPU's) thread, exit
 * handling included; when the guest waits for an interrupt (hlt, or a jump to itself, with IF=1) it jumps to
 * the next timer event, and the guest's TSC with it.  Idle is the guest
 * waiting with nothing it shows changing for idle_ns of virtual time,
 * counted only once the clock has an epoch (the guest has control).  A
 * jump to itself is noticed when the vCPU is looked at: every 10 ms of
 * host time, and soon after an interrupt ended such a wait.
 *
 * On return vm->stop says why and vm->final holds the registers at that
 * point.  Never returns with the vCPU still running.
 */
void run__loop(struct vm *vm, const struct run_limits *limits);

#endif
