/* run.h - the vCPU run loop: dispatches exits through the buses and decides when the guest has stopped. */
#ifndef BOOTCHECK_RUN_H
#define BOOTCHECK_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/vm.h" // struct vm

/*
 * What the machine tells the run loop so it can decide that a guest with
 * interrupts on is merely waiting (`idle`), without knowing any device.
 */
struct run_watch {
	/* whether the guest's own code runs yet (idle never counts before) */
	bool (*started)(void *opaque);
	/* a value that changes whenever the guest shows or sends something */
	uint64_t (*activity)(void *opaque);
	void *opaque;
	unsigned idle_ms;     /* 0: never stop for idleness */
};

struct run_limits {
	double timeout_s;     /* wall-clock deadline for the whole run */
	unsigned tick_ms;     /* how often the vCPU is kicked out to be looked at */
	struct run_watch watch;
};

#define RUN_DEFAULT_TIMEOUT_S 10.0
#define RUN_DEFAULT_TICK_MS 10

/*
 * run__loop - run the vCPU until something stops it: a device (debug-exit,
 * reset), an exit that ends the guest (hlt, triple fault, KVM error), a
 * halt or jump-to-self that nothing can interrupt, idleness (see struct
 * run_watch), or the deadline.  Every tick the vCPU is kicked out of KVM_RUN
 * (signal + immediate_exit) and looked at: with the in-kernel irqchip a
 * `hlt` never exits to user space, so halts are read from KVM_GET_MP_STATE.
 * On return vm->stop says why and vm->final holds the registers at that
 * point.  Never returns with the vCPU still running, and never waits past
 * the deadline by more than a tick.
 */
void run__loop(struct vm *vm, const struct run_limits *limits);

#endif
