/* run.c - the vCPU run loop: dispatches exits through the buses and decides when the guest has stopped. */
#include "vmm/run.h"

#include <errno.h>    // errno
#include <signal.h>   // sigaction
#include <stdio.h>    // snprintf
#include <string.h>   // strerror
#include <sys/time.h> // setitimer
#include <time.h>     // clock_gettime

#include "vmm/fastpath.h" // fastpath__finish
#include "vmm/insn.h"     // insn__is_jump_to_self

#define RFLAGS_IF (1u << 9)
#define CR0_PE (1u << 0)
#define CR0_PG (1u << 31)
#define EFER_LMA (1u << 10)

/* The one vCPU of this process; the tick handler asks it to leave KVM_RUN. */
static struct kvm_run *volatile kick_run;

static void on_tick(int sig)
{
	(void)sig;
	if (kick_run)
		kick_run->immediate_exit = 1;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int arm_ticks(unsigned ms, struct sigaction *old)
{
	struct sigaction sa = { .sa_handler = on_tick, .sa_flags = SA_RESTART };
	struct itimerval it = {
		.it_interval = { .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 },
		.it_value = { .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 },
	};

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, old) < 0)
		return -errno;
	if (setitimer(ITIMER_REAL, &it, NULL) < 0)
		return -errno;
	return 0;
}

static void disarm_ticks(const struct sigaction *old)
{
	struct itimerval off = { 0 };

	setitimer(ITIMER_REAL, &off, NULL);
	sigaction(SIGALRM, old, NULL);
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

/* What the tick watcher remembers between ticks. */
struct watcher {
	double deadline;
	uint64_t activity;      /* last value seen */
	double quiet_since;     /* when it last changed */
	bool seen;
};

/* In 32-bit flat unpaged code, finish a known slow byte loop the vCPU is in. */
static void fast_forward(struct vm *vm, struct cpu_state *st)
{
	const struct kvm_sregs *s = &st->sregs;
	enum { BACK = 16 };

	if (!(s->cr0 & CR0_PE) || (s->cr0 & CR0_PG) || !s->cs.db || s->cs.base ||
	    s->ds.base || s->ds.limit != 0xffffffff)
		return;
	uint64_t pc = st->regs.rip;
	const uint8_t *code = pc >= BACK ? guest_mem__ptr(&vm->mem, pc - BACK, 2 * BACK) : NULL;

	if (code && fastpath__finish(code, 2 * BACK, BACK, pc, &st->regs, &vm->mem) &&
	    __kvm_ioctl(vm->vcpu_fd, KVM_SET_REGS, &st->regs) == 0)
		vm->fastpath_loops++;
}

/* Called on every tick: deadline, then whether the guest can ever progress. */
static void watch(struct vm *vm, const struct run_limits *l, struct watcher *w)
{
	const struct run_watch *rw = &l->watch;
	struct kvm_mp_state mp = { .mp_state = KVM_MP_STATE_RUNNABLE };
	struct cpu_state st;
	uint8_t insn[8];
	double now = now_s();

	if (now >= w->deadline) {
		vm__request_stop(vm, STOP_TIMEOUT, 0, NULL);
		return;
	}
	if (vm__get_state(vm, &st) < 0)
		return;
	fast_forward(vm, &st);
	bool intr = vm->irqchip && (st.regs.rflags & RFLAGS_IF);
	bool halted = vm->irqchip && __kvm_ioctl(vm->vcpu_fd, KVM_GET_MP_STATE, &mp) == 0 &&
		      mp.mp_state == KVM_MP_STATE_HALTED;
	size_t n = vm__read_insn(vm, &st, insn, sizeof(insn));
	bool self_jump = insn__is_jump_to_self(insn, n, cpu_mode(&st.sregs));

	/*
	 * Without an interrupt controller, or with interrupts off, nothing can
	 * wake a halted vCPU or break a jump to itself: that is forever.
	 */
	if (halted && !intr) {
		vm__request_stop(vm, STOP_HLT, 0, NULL);
		return;
	}
	if (self_jump && !intr) {
		vm__request_stop(vm, STOP_SPIN, 0, NULL);
		return;
	}
	if (!rw->idle_ms || !rw->activity || (rw->started && !rw->started(rw->opaque)))
		return;
	uint64_t a = rw->activity(rw->opaque);

	if (!w->seen || a != w->activity) {
		w->seen = true;
		w->activity = a;
		w->quiet_since = now;
		return;
	}
	/* waiting for an interrupt, and nothing has changed for long enough */
	if ((halted || self_jump) && (now - w->quiet_since) * 1000.0 >= rw->idle_ms)
		vm__request_stop(vm, STOP_IDLE, 0, NULL);
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
		vm__request_stop(vm, STOP_HLT, 0, NULL);
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
	size_t run_size = (size_t)vm->kvm->vcpu_mmap_size;
	struct watcher w = { .deadline = now_s() + limits->timeout_s };
	struct sigaction old;
	int r;

	kick_run = run;
	run->immediate_exit = 0;
	r = arm_ticks(limits->tick_ms ? limits->tick_ms : RUN_DEFAULT_TICK_MS, &old);
	if (r < 0) {
		vm__request_stop(vm, STOP_ERROR, 0, "cannot arm the run timer: %s", strerror(-r));
		return;
	}
	while (vm->stop.kind == STOP_NONE) {
		if (__kvm_ioctl(vm->vcpu_fd, KVM_RUN, NULL) < 0) {
			if (errno != EINTR && errno != EAGAIN) {
				char what[96];

				snprintf(what, sizeof(what), "KVM_RUN failed: %s", strerror(errno));
				stop_error(vm, what);
				break;
			}
			run->immediate_exit = 0;
			watch(vm, limits, &w);
			continue;
		}
		dispatch(vm, run_size);
	}
	disarm_ticks(&old);
	/*
	 * Let KVM finish the exit we last handled (an IN's data, the RIP
	 * after an OUT) so the registers we report are consistent.
	 */
	run->immediate_exit = 1;
	__kvm_ioctl(vm->vcpu_fd, KVM_RUN, NULL);
	run->immediate_exit = 0;
	vm__get_state(vm, &vm->final);
}
