/* vcpu_state.h - everything KVM keeps about the vCPU, saved into and restored from one plain struct. */
#ifndef BOOTCHECK_VCPU_STATE_H
#define BOOTCHECK_VCPU_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/kvm.h> // struct kvm_regs, ...

#include "vmm/vm.h"    // struct vm

#define VCPU_STATE_VERSION 1
#define VCPU_STATE_MAX_MSRS 96

/*
 * The vCPU as KVM_GET_* reports it: registers, special registers, the FPU
 * and extended state (XSAVE where KVM has it, else the legacy FPU area),
 * XCR0, every MSR of KVM_GET_MSR_INDEX_LIST that can be read, pending
 * events, debug registers and the run state.  Plain data: a snapshot
 * copies it.
 */
struct vcpu_state {
	uint32_t version;          /* VCPU_STATE_VERSION */
	uint32_t has_xsave, has_xcrs, nr_msrs;
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	struct kvm_fpu fpu;
	struct kvm_xsave xsave;
	struct kvm_xcrs xcrs;
	struct kvm_vcpu_events events;
	struct kvm_debugregs debugregs;
	struct kvm_mp_state mp_state;
	struct kvm_msr_entry msrs[VCPU_STATE_MAX_MSRS];
};

/*
 * vcpu_state__save - read the whole vCPU of VM into ST.  Call only between
 * runs, with no exit pending (see run__finish_exit).  0 or -errno.
 */
int vcpu_state__save(struct vm *vm, struct vcpu_state *st);

/*
 * vcpu_state__restore - load ST into the vCPU of VM (a fresh one, before it
 * ran).  0, or -errno after printing which ioctl failed.
 */
int vcpu_state__restore(struct vm *vm, const struct vcpu_state *st);

#endif
