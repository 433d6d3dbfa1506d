/* run.c - the vCPU run loop: dispatches exits through the buses, injects interrupts, keeps virtual time and decides when the guest has stopped. */
#include "vmm/run.h"

#include <errno.h>    // errno
#include <signal.h>   // sigaction
#include <stdio.h>    // snprintf
#include <string.h>   // strerror
#include <time.h>     // clock_gettime, timer_create

#include "vmm/fastpath.h" // fastpath__finish
#include "vmm/insn.h"     // insn__is_jump_to_self

#define RFLAGS_IF (1u << 9)
#define CR0_PE (1u << 0)
#define CR0_PG (1u << 31)
#define EFER_LMA (1u << 10)

/* How often the vCPU is looked at (spin detection, byte-loop fast path). */
#define LOOK_NS (10 * 1000000ULL)
/* After an interrupt ended a jump-to-self wait: look again this soon. */
#define RELOOK_NS (200 * 1000ULL)
/*
 * Single steps spent looking for an IF=1 window for one urgent interrupt
 * (run_hooks.irq_urgent), ~8 us each here: SeaBIOS's floppy wait loop
 * opens one every ~110 instructions.  KVM's interrupt-window exit is not
 * enough: the paravirtual backend of our machines never gives one for a
 * window that short, and the IRQ then waited 0.1-1 s for a kick to land in
 * it.  Past the budget the interrupt waits as any other does.
 */
#define STEP_BUDGET 1024
/* Timer kicks no closer together than this: a tiny guest period cannot livelock us. */
#define MIN_KICK_GAP_NS (50 * 1000ULL)

/* The one vCPU of this process; the kick signal asks it to leave KVM_RUN. */
static struct kvm_run *volatile kick_run;

static void on_kick(int sig)
{
	(void)sig;
	if (kick_run)
		kick_run->immediate_exit = 1;
}

static uint64_t read_clock(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_SEC + (uint64_t)ts.tv_nsec;
}

/* Wall time: --timeout, and when to kick the vCPU. */
static uint64_t host_ns(void)
{
	return read_clock(CLOCK_MONOTONIC);
}

/*
 * What virtual time follows while the guest computes: the time this thread
 * (the vCPU's) has run, guest code and exit handling included.  Time the
 * host gives to other work does not count, so a loaded host delays a
 * handler in wall time but does not make timer interrupts pile up and
 * coalesce behind it.
 */
static uint64_t cpu_ns(void)
{
	return read_clock(CLOCK_THREAD_CPUTIME_ID);
}

/* A one-shot host timer that kicks the vCPU out of KVM_RUN at a given time. */
struct kicker {
	timer_t timer;
	struct sigaction old;
	uint64_t armed_at;      /* host ns it fires at; 0 when not armed */
	uint64_t last_fired;
};

static int kicker_start(struct kicker *k, struct kvm_run *run)
{
	struct sigaction sa = { .sa_handler = on_kick, .sa_flags = SA_RESTART };
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGALRM };

	memset(k, 0, sizeof(*k));
	kick_run = run;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, &k->old) < 0)
		return -errno;
	if (timer_create(CLOCK_MONOTONIC, &ev, &k->timer) < 0) {
		int e = errno;

		sigaction(SIGALRM, &k->old, NULL);
		return -e;
	}
	return 0;
}

/* Arm the kick for host time AT (absolute), unless it is armed for then already. */
static void kicker_arm(struct kicker *k, uint64_t at, uint64_t now)
{
	if (k->armed_at && now >= k->armed_at) {
		k->last_fired = k->armed_at;
		k->armed_at = 0;
	}
	if (at < k->last_fired + MIN_KICK_GAP_NS)
		at = k->last_fired + MIN_KICK_GAP_NS;
	if (at == k->armed_at)
		return;
	struct itimerspec its = {
		.it_value = { .tv_sec = (time_t)(at / NS_PER_SEC), .tv_nsec = (long)(at % NS_PER_SEC) },
	};

	if (timer_settime(k->timer, TIMER_ABSTIME, &its, NULL) == 0)
		k->armed_at = at;
}

static void kicker_stop(struct kicker *k)
{
	timer_delete(k->timer);
	sigaction(SIGALRM, &k->old, NULL);
	kick_run = NULL;
}

static enum insn_mode cpu_mode(const struct kvm_sregs *s)
{
	if ((s->efer & EFER_LMA) && s->cs.l)
		return INSN_64;
	return s->cs.db ? INSN_32 : INSN_16;
}

static void format_insn(char *out, size_t size, const uint8_t *b, size_t n)
{
	size_t off = 0;

	out[0] = '\0';
	if (n == 0) {
		snprintf(out, size, "unreadable");
		return;
	}
	for (size_t i = 0; i < n && off + 4 < size; i++)
		off += (size_t)snprintf(out + off, size - off, "%s%02x", i ? " " : "", b[i]);
}

/* Stop with a harness error that names where the guest was. */
static void stop_error(struct vm *vm, const char *what)
{
	struct cpu_state st;
	uint8_t insn[15];
	char bytes[64];
	size_t n = 0;

	if (vm__get_state(vm, &st) == 0)
		n = vm__read_insn(vm, &st, insn, sizeof(insn));
	else
		memset(&st, 0, sizeof(st));
	format_insn(bytes, sizeof(bytes), insn, n);
	vm__request_stop(vm, STOP_ERROR, 0, "%s at CS:IP %04x:%04llx, bytes %s", what,
			 st.sregs.cs.selector, (unsigned long long)st.regs.rip, bytes);
}

static void handle_internal_error(struct vm *vm)
{
	const struct kvm_run *run = vm->run;
	char what[96];
	const char *name;

	switch (run->internal.suberror) {
	case KVM_INTERNAL_ERROR_EMULATION: name = "emulation failure"; break;
	case KVM_INTERNAL_ERROR_SIMUL_EX: name = "exception while delivering an exception"; break;
	case KVM_INTERNAL_ERROR_DELIVERY_EV: name = "event delivery failed"; break;
	default: name = "internal error"; break;
	}
	snprintf(what, sizeof(what), "KVM internal error: %s (suberror %u)", name,
		 run->internal.suberror);
	stop_error(vm, what);
}

static void handle_io(struct vm *vm, size_t run_size)
{
	struct kvm_run *run = vm->run;
	uint64_t size = run->io.size, count = run->io.count;

	/* The kernel owns these fields, but check them before trusting them. */
	if ((size != 1 && size != 2 && size != 4) || run->io.data_offset >= run_size ||
	    count > (run_size - run->io.data_offset) / size) {
		stop_error(vm, "malformed KVM_EXIT_IO");
		return;
	}
	uint8_t *data = (uint8_t *)run + run->io.data_offset;
	bool is_write = run->io.direction == KVM_EXIT_IO_OUT;

	for (uint64_t i = 0; i < count; i++, data += size)
		bus__access(&vm->pio, run->io.port, data, (uint32_t)size, is_write);
}

static void handle_mmio(struct vm *vm)
{
	struct kvm_run *run = vm->run;
	uint32_t len = run->mmio.len;

	if (len == 0 || len > sizeof(run->mmio.data)) {
		stop_error(vm, "malformed KVM_EXIT_MMIO");
		return;
	}
	bus__access(&vm->mmio, run->mmio.phys_addr, run->mmio.data, len,
		    run->mmio.is_write);
}

/* Finish a known slow byte loop the vCPU is in (vmm/fastpath.h). */
static void fast_forward(struct vm *vm, struct cpu_state *st)
{
	const struct kvm_sregs *s = &st->sregs;
	enum { BACK = 16 };
	bool done = false;

	if (!(s->cr0 & CR0_PE)) {
		/* real mode: the VGA BIOS's checksum */
		uint64_t pc = s->cs.base + (st->regs.rip & 0xffff);
		const uint8_t *code = pc >= BACK ? guest_mem__ptr(&vm->mem, pc - BACK, 2 * BACK) : NULL;

		done = code && fastpath__finish_real(code, 2 * BACK, BACK, &st->regs, s->es.base,
						     s->es.limit, &vm->mem);
	} else if (!(s->cr0 & CR0_PG) && s->cs.db && !s->cs.base && !s->ds.base &&
		   s->ds.limit == 0xffffffff) {
		/* 32-bit flat unpaged: SeaBIOS's memset and checksum */
		uint64_t pc = st->regs.rip;
		const uint8_t *code = pc >= BACK ? guest_mem__ptr(&vm->mem, pc - BACK, 2 * BACK) : NULL;

		done = code && fastpath__finish(code, 2 * BACK, BACK, pc, &st->regs, &vm->mem);
	}
	if (done && __kvm_ioctl(vm->vcpu_fd, KVM_SET_REGS, &st->regs) == 0)
		vm->fastpath_loops++;
}

enum wait { WAIT_NONE, WAIT_HLT, WAIT_SPIN };

/* What the loop keeps between exits. */
struct loop {
	struct vm *vm;
	const struct run_limits *l;
	uint64_t wall_deadline;    /* host ns */
	uint64_t next_look;        /* host ns */
	enum wait wait;
	bool spun;                 /* an interrupt ended a jump-to-self wait */
	bool stepping;             /* the vCPU single-steps (an urgent interrupt waits for IF) */
	unsigned steps_left;       /* of STEP_BUDGET, for the interrupt waiting now */
	bool seen;                 /* activity has a first value */
	uint64_t activity;
	uint64_t quiet_since;      /* virtual ns when it last changed */
};

/* Look at the vCPU: finish a known byte loop, notice a jump to itself. */
static void look(struct loop *lp, uint64_t now)
{
	struct vm *vm = lp->vm;
	struct cpu_state st;
	uint8_t insn[8];

	lp->next_look = now + (lp->spun ? RELOOK_NS : LOOK_NS);
	lp->spun = false;
	if (lp->wait != WAIT_NONE || vm__get_state(vm, &st) < 0)
		return;
	fast_forward(vm, &st);
	size_t n = vm__read_insn(vm, &st, insn, sizeof(insn));

	if (!insn__is_jump_to_self(insn, n, cpu_mode(&st.sregs)))
		return;
	if (!(st.regs.rflags & RFLAGS_IF))
		vm__request_stop(vm, STOP_SPIN, 0, NULL); /* nothing can interrupt it */
	else
		lp->wait = WAIT_SPIN;
}

/*
 * The guest waits for an interrupt and none is pending: stop it (idle,
 * nothing can ever wake it), or move virtual time to the next thing that
 * can happen.
 */
static void wait_for_event(struct loop *lp)
{
	struct vm *vm = lp->vm;
	struct vclock *c = &vm->clock;
	const struct run_limits *l = lp->l;
	uint64_t now = vclock__now(c), idle_at = VCLOCK_NEVER, stop_at = VCLOCK_NEVER;

	if (c->s.epoch_ns != VCLOCK_NEVER) {
		if (l->stop_at_ns)
			stop_at = c->s.epoch_ns + l->stop_at_ns;
		if (l->idle_ns && l->hooks.activity) {
			uint64_t a = l->hooks.activity(l->hooks.opaque);

			if (!lp->seen || a != lp->activity) {
				lp->seen = true;
				lp->activity = a;
				lp->quiet_since = now;
			}
			idle_at = lp->quiet_since + l->idle_ns;
			if (l->hooks.holds_idle && l->hooks.holds_idle(l->hooks.opaque))
				idle_at = VCLOCK_NEVER;
			if (now >= idle_at) {
				vm__request_stop(vm, STOP_IDLE, 0, NULL);
				return;
			}
		}
	}
	uint64_t next = c->next_ns;

	if (idle_at < next)
		next = idle_at;
	if (stop_at < next)
		next = stop_at;
	if (next == VCLOCK_NEVER) {
		/* no timer will fire: the wait is forever */
		vm__request_stop(vm, lp->wait == WAIT_HLT ? STOP_HLT : STOP_SPIN, 0, NULL);
		return;
	}
	uint64_t moved = vclock__jump(c, next);
	int r = moved ? vm__advance_tsc(vm, moved) : 0;

	if (r < 0)
		vm__request_stop(vm, STOP_ERROR, 0, "cannot move the guest TSC: %s", strerror(-r));
}

/* Single-step the vCPU (ON) or let it run. */
static void set_stepping(struct loop *lp, bool on)
{
	struct kvm_guest_debug dbg = {
		.control = on ? KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP : 0,
	};

	if (on == lp->stepping)
		return;
	if (__kvm_ioctl(lp->vm->vcpu_fd, KVM_SET_GUEST_DEBUG, &dbg) == 0)
		lp->stepping = on;
	else if (on)
		lp->steps_left = 0; /* no single-stepping here: wait as for any interrupt */
}

/* Before KVM_RUN: inject the pending interrupt, or ask to hear when we can. */
static void offer_interrupt(struct loop *lp)
{
	struct vm *vm = lp->vm;
	struct kvm_run *run = vm->run;
	const struct run_hooks *h = &lp->l->hooks;

	run->request_interrupt_window = 0;
	if (!h->irq_pending || !h->irq_pending(h->opaque)) {
		lp->steps_left = STEP_BUDGET;
		set_stepping(lp, false);
		return;
	}
	if (!run->ready_for_interrupt_injection || !run->if_flag) {
		bool step = lp->steps_left && h->irq_urgent && h->irq_urgent(h->opaque);

		if (step)
			lp->steps_left--;
		set_stepping(lp, step);
		run->request_interrupt_window = 1;
		return;
	}
	lp->steps_left = STEP_BUDGET;
	set_stepping(lp, false);
	struct kvm_interrupt intr = { .irq = h->irq_ack(h->opaque) };

	if (__kvm_ioctl(vm->vcpu_fd, KVM_INTERRUPT, &intr) < 0) {
		char what[64];

		snprintf(what, sizeof(what), "KVM_INTERRUPT failed: %s", strerror(errno));
		stop_error(vm, what);
	}
}

/*
 * Let KVM finish the exit we last handled (an IN's data, the RIP after an
 * OUT) without running the guest, so the state read next is consistent.
 */
static void finish_exit(struct vm *vm)
{
	struct kvm_run *run = vm->run;

	run->immediate_exit = 1;
	run->request_interrupt_window = 0;
	__kvm_ioctl(vm->vcpu_fd, KVM_RUN, NULL);
	run->immediate_exit = 0;
}

static uint64_t min3(uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t m = a < b ? a : b;

	return m < c ? m : c;
}

static void dispatch(struct vm *vm, size_t run_size)
{
	struct kvm_run *run = vm->run;

	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		handle_io(vm, run_size);
		break;
	case KVM_EXIT_MMIO:
		handle_mmio(vm);
		break;
	case KVM_EXIT_HLT:
		break; /* the loop decides: see run__loop */
	case KVM_EXIT_IRQ_WINDOW_OPEN:
	case KVM_EXIT_DEBUG: /* a single step (offer_interrupt) */
		break;
	case KVM_EXIT_SHUTDOWN:
		vm__request_stop(vm, STOP_SHUTDOWN, 0, NULL);
		break;
	case KVM_EXIT_INTR:
		break;
	case KVM_EXIT_FAIL_ENTRY: {
		char what[96];

		snprintf(what, sizeof(what), "KVM_RUN entry failed (hardware reason 0x%llx)",
			 (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
		stop_error(vm, what);
		break;
	}
	case KVM_EXIT_INTERNAL_ERROR:
		handle_internal_error(vm);
		break;
	default: {
		char what[64];

		snprintf(what, sizeof(what), "unexpected KVM exit reason %u", run->exit_reason);
		stop_error(vm, what);
		break;
	}
	}
}

void run__loop(struct vm *vm, const struct run_limits *limits)
{
	struct kvm_run *run = vm->run;
	struct vclock *c = &vm->clock;
	size_t run_size = (size_t)vm->kvm->vcpu_mmap_size;
	uint64_t now = host_ns();
	struct loop lp = {
		.vm = vm,
		.l = limits,
		.wall_deadline = now + (uint64_t)(limits->timeout_s * 1e9),
		.next_look = now + LOOK_NS,
		.steps_left = STEP_BUDGET,
	};
	struct kicker k;
	int r;

	run->immediate_exit = 0;
	/*
	 * These are outputs of the last KVM_RUN, which may have run another
	 * guest (a reset VM) or a state replaced since (a snapshot restored):
	 * until KVM says otherwise, the guest cannot take an interrupt.
	 */
	run->ready_for_interrupt_injection = 0;
	run->if_flag = 0;
	vclock__set_running(c, true, cpu_ns());
	r = kicker_start(&k, run);
	if (r < 0) {
		vm__request_stop(vm, STOP_ERROR, 0, "cannot arm the run timer: %s", strerror(-r));
		return;
	}
	while (vm->stop.kind == STOP_NONE) {
		now = host_ns();
		vclock__sync(c, cpu_ns());
		if (now >= lp.wall_deadline) {
			vm__request_stop(vm, STOP_TIMEOUT, 0, NULL);
			break;
		}
		vclock__run_due(c);
		if (limits->stop_at_ns && c->s.epoch_ns != VCLOCK_NEVER &&
		    vclock__since_epoch(c) >= limits->stop_at_ns) {
			vm__request_stop(vm, STOP_AT, limits->stop_at_ns, NULL);
			break;
		}
		if (lp.wait != WAIT_NONE) {
			if (limits->hooks.waiting && c->s.epoch_ns != VCLOCK_NEVER &&
			    !(limits->hooks.irq_pending && limits->hooks.irq_pending(limits->hooks.opaque)))
				limits->hooks.waiting(limits->hooks.opaque);
			if (!limits->hooks.irq_pending || !limits->hooks.irq_pending(limits->hooks.opaque)) {
				wait_for_event(&lp);
				continue;
			}
			lp.spun = lp.wait == WAIT_SPIN;
			if (lp.spun && lp.next_look > now + RELOOK_NS)
				lp.next_look = now + RELOOK_NS;
			lp.wait = WAIT_NONE;
		}
		offer_interrupt(&lp);
		if (vm->stop.kind != STOP_NONE)
			break;
		uint64_t stop_at = limits->stop_at_ns && c->s.epoch_ns != VCLOCK_NEVER ?
					   c->s.epoch_ns + limits->stop_at_ns : VCLOCK_NEVER;
		uint64_t event = c->next_ns < stop_at ? c->next_ns : stop_at;

		uint64_t until = vclock__until(c, event);

		/* virtual time runs no faster than wall time: kick then, or later */
		kicker_arm(&k, min3(until >= lp.wall_deadline - now ? VCLOCK_NEVER : now + until,
				     lp.next_look, lp.wall_deadline), now);
		r = __kvm_ioctl(vm->vcpu_fd, KVM_RUN, NULL);
		int err = errno;

		now = host_ns();
		vclock__sync(c, cpu_ns());
		if (r < 0) {
			if (err != EINTR && err != EAGAIN) {
				char what[96];

				snprintf(what, sizeof(what), "KVM_RUN failed: %s", strerror(err));
				stop_error(vm, what);
				break;
			}
			run->immediate_exit = 0;
			if (now >= lp.next_look)
				look(&lp, now);
			continue;
		}
		if (run->exit_reason == KVM_EXIT_HLT) {
			/* no interrupt controller in the kernel: the wait is ours to model */
			if (!run->if_flag)
				vm__request_stop(vm, STOP_HLT, 0, NULL);
			else
				lp.wait = WAIT_HLT;
			continue;
		}
		dispatch(vm, run_size);
		if (vm->checkpoint && vm->stop.kind == STOP_NONE) {
			vm->checkpoint = false;
			finish_exit(vm);
			if (limits->hooks.checkpoint)
				limits->hooks.checkpoint(limits->hooks.opaque);
		}
	}
	set_stepping(&lp, false);
	kicker_stop(&k);
	vclock__set_running(c, false, cpu_ns());
	finish_exit(vm);
	vm__get_state(vm, &vm->final);
}
