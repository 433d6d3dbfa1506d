/* run.h - the vCPU run loop: dispatches exits through the buses and decides when the guest has stopped. */
#ifndef BOOTCHECK_RUN_H
#define BOOTCHECK_RUN_H

#include "vmm/vm.h" // struct vm

struct run_limits {
	double timeout_s;     /* wall-clock deadline for the whole run */
	unsigned tick_ms;     /* how often the vCPU is kicked out to be looked at */
};

#define RUN_DEFAULT_TIMEOUT_S 10.0
#define RUN_DEFAULT_TICK_MS 10

/*
 * run__loop - run the vCPU until something stops it: a device (debug-exit),
 * an exit that ends the guest (hlt, triple fault, KVM error), a jump-to-self
 * that nothing can interrupt, or the deadline.  On return vm->stop says why
 * and vm->final holds the registers at that point.  Never returns with the
 * vCPU still running, and never waits past the deadline by more than a tick.
 */
void run__loop(struct vm *vm, const struct run_limits *limits);

#endif
