/* vclock.h - the machine's virtual clock: runs with the host while the guest computes, jumps while it waits. */
#ifndef BOOTCHECK_VCLOCK_H
#define BOOTCHECK_VCLOCK_H

#include <stdbool.h>
#include <stdint.h>

#define VCLOCK_NEVER UINT64_MAX
#define NS_PER_SEC 1000000000ULL
#define VCLOCK_MAX_SOURCES 8
#define VCLOCK_STATE_VERSION 1

/*
 * A timer source (a device model): bring the device's state up to NOW_NS
 * (set its flags, drive its interrupt lines for what happened up to then)
 * and return the virtual time of the next moment it must be brought up to
 * date again (its next interrupt), strictly after NOW_NS, or VCLOCK_NEVER.
 */
typedef uint64_t (*vclock_update_fn)(void *opaque, uint64_t now_ns);

struct vclock_source {
	vclock_update_fn update;
	void *opaque;
};

/* Everything a snapshot needs of the clock: plain data. */
struct vclock_state {
	uint32_t version;
	uint64_t now_ns;        /* virtual time, as of the last sync */
	uint64_t epoch_ns;      /* when the guest got control; VCLOCK_NEVER before */
};

struct vclock {
	struct vclock_state s;
	/* wiring and host bookkeeping, not state */
	struct vclock_source src[VCLOCK_MAX_SOURCES];
	int nr_src;
	uint64_t next_ns;       /* earliest time a source asked to be updated at */
	uint64_t host_ns;       /* host time source's reading matching s.now_ns */
	bool running;           /* virtual time follows host time (the run loop runs) */
};

/* vclock__init - virtual time 0, no epoch, no sources. */
void vclock__init(struct vclock *c);

/*
 * vclock__add_source - ask the clock to call UPDATE(OPAQUE, now) whenever
 * virtual time reaches the deadline it last returned (and after
 * vclock__changed).  Returns 0 or -ENOSPC.
 */
int vclock__add_source(struct vclock *c, vclock_update_fn update, void *opaque);

/* vclock__now - the current virtual time in ns (as of the last sync). */
static inline uint64_t vclock__now(const struct vclock *c)
{
	return c->s.now_ns;
}

/*
 * vclock__changed - a device's schedule changed (the guest reprogrammed
 * it): every source is asked for its next deadline at the next
 * vclock__run_due.  Devices call this from their I/O handlers.
 */
void vclock__changed(struct vclock *c);

/*
 * vclock__sync - HOST_NS is the host time source's reading now (the run
 * loop uses the vCPU thread's CPU time, so time the host spends running
 * other work is not seen by the guest): while the clock runs, virtual time
 * advances by the host time since the last sync.
 */
void vclock__sync(struct vclock *c, uint64_t host_ns);

/* vclock__set_running - start or stop following host time (at HOST_NS). */
void vclock__set_running(struct vclock *c, bool running, uint64_t host_ns);

/*
 * vclock__run_due - when virtual time has reached the earliest deadline,
 * update every source and recompute it.  Returns the (new) earliest
 * deadline, VCLOCK_NEVER when no source has one.
 */
uint64_t vclock__run_due(struct vclock *c);

/*
 * vclock__jump - the guest waits: move virtual time forward to TARGET_NS
 * (nothing happens when it is not ahead) and run the sources that are due.
 * Returns how far time moved, in ns.
 */
uint64_t vclock__jump(struct vclock *c, uint64_t target_ns);

/* vclock__pin - the guest gets control now: remember it as the epoch. */
void vclock__pin(struct vclock *c);

/* vclock__since_epoch - virtual ns since the epoch (0 before the pin). */
uint64_t vclock__since_epoch(const struct vclock *c);

/*
 * vclock__until - how much virtual time remains until VIRT_NS: 0 when it
 * has passed, VCLOCK_NEVER for VCLOCK_NEVER.
 */
uint64_t vclock__until(const struct vclock *c, uint64_t virt_ns);

#endif
