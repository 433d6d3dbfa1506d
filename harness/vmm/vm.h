/* vm.h - one KVM virtual machine with one vCPU, its RAM and its two buses. */
#ifndef BOOTCHECK_VM_H
#define BOOTCHECK_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/bus.h"       // struct bus
#include "vmm/guest_mem.h" // struct guest_mem
#include "vmm/kvm.h"       // struct kvm, kvm_regs
#include "vmm/stop.h"      // struct stop
#include "vmm/vclock.h"    // struct vclock

/* Guest-physical addresses the host reserves for KVM's own use (Intel real mode). */
#define VM_TSS_ADDR 0xfffbd000ULL
#define VM_IDENTITY_MAP_ADDR 0xfffbc000ULL

/* How the guest's TSC follows a virtual clock that jumps. */
enum tsc_mode {
	TSC_FIXED,          /* it cannot be moved here: it keeps host time */
	TSC_OFFSET_ATTR,    /* KVM_VCPU_TSC_OFFSET */
	TSC_MSR,            /* writing IA32_TSC (kernels without the attribute) */
};

struct cpu_state {
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	bool valid;
};

struct vcpu_state;

struct vm {
	struct kvm *kvm;
	int fd;
	int vcpu_fd;
	struct kvm_run *run;
	struct guest_mem mem;
	struct bus pio;
	struct bus mmio;
	int nr_slots;
	struct vclock clock;       /* the machine's time (devices and run loop) */
	uint32_t tsc_khz;          /* guest TSC rate, 0 when KVM does not say */
	enum tsc_mode tsc_mode;    /* how vm__advance_tsc moves the guest's TSC */
	struct stop stop;          /* set once, by a device or the run loop */
	struct cpu_state final;    /* registers when the guest stopped */
	uint64_t fastpath_loops;   /* byte loops finished by the host (vmm/fastpath.h) */
	bool checkpoint;           /* a device asks for run_hooks.checkpoint */
	uint8_t cpuid_digest[32];  /* SHA-256 of the CPUID entries the guest was given */
	struct vcpu_state *power_on; /* the vCPU as created, for vm__reset (or NULL) */
};

/*
 * vm__create - create the VM, its RAM (MEM_SIZE bytes at guest physical 0),
 * its virtual clock and one vCPU with the host's supported CPUID minus
 * KVM's paravirtual leaves and the local APIC.  No in-kernel interrupt
 * controller or PIT: interrupts come from the machine's own models through
 * KVM_INTERRUPT, and a guest `hlt` exits to user space.  Returns 0 or
 * FAIL_HOST after printing what failed.
 */
int vm__create(struct vm *vm, struct kvm *kvm, uint64_t mem_size);
void vm__destroy(struct vm *vm);

/*
 * vm__save_power_on - remember the vCPU as vm__create made it, before it
 * first runs, so vm__reset can bring it back.  0 or FAIL_HOST.
 */
int vm__save_power_on(struct vm *vm);

/*
 * vm__reset - make VM again what vm__create (and vm__save_power_on) left,
 * for another run without creating a new VM: every memory slot but RAM
 * deleted, RAM replaced by zeroed memory at the same host address (KVM
 * follows the new mapping: KVM_CAP_SYNC_MMU), both buses emptied, the clock,
 * the stop and the counters cleared, and the whole vCPU (registers, FPU,
 * MSRs, events, debug registers, run state) set back to its power-on state.
 * 0, or FAIL_HOST after printing why (the VM is then only fit for
 * vm__destroy).
 */
int vm__reset(struct vm *vm);

/*
 * vm__advance_tsc - move the guest's TSC forward by NS nanoseconds' worth
 * of cycles, so it agrees with a virtual clock that jumped; nothing where
 * the TSC cannot be moved (vm->tsc_mode TSC_FIXED).  0 or -errno.
 */
int vm__advance_tsc(struct vm *vm, uint64_t ns);

/*
 * vm__map - add a memory slot: HOST backs guest physical [GPA, GPA+SIZE).
 * READONLY slots turn guest writes into MMIO exits.  0 or FAIL_HOST.
 */
int vm__map(struct vm *vm, uint64_t gpa, void *host, uint64_t size, bool readonly);

/*
 * vm__request_stop - record why the guest stops; the first request wins.
 * May be called from device handlers; the run loop returns before the next
 * KVM_RUN.  FMT (may be NULL) fills the detail of STOP_ERROR.
 */
void vm__request_stop(struct vm *vm, enum stop_kind kind, uint64_t code,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* vm__get_state - read registers and special registers into ST. */
int vm__get_state(struct vm *vm, struct cpu_state *st);

/*
 * vm__read_insn - copy up to MAX instruction bytes from CS:RIP of ST into
 * BUF (guest-virtual, translated through KVM_TRANSLATE, never outside RAM).
 * Returns the number of bytes copied (0 when unmapped).
 */
size_t vm__read_insn(struct vm *vm, const struct cpu_state *st, uint8_t *buf,
		     size_t max);

#endif
