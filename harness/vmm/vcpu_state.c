/* vcpu_state.c - everything KVM keeps about the vCPU, saved into and restored from one plain struct. */
#include "vmm/vcpu_state.h"

#include <errno.h>  // errno
#include <stdio.h>  // fprintf
#include <stdlib.h> // calloc
#include <string.h> // memset, strerror

/* The MSR indices KVM says it saves and restores, as many as fit. */
static int msr_index_list(struct vm *vm, uint32_t *out, uint32_t max)
{
	struct kvm_msr_list *list = calloc(1, sizeof(*list) + 512 * sizeof(uint32_t));
	int n;

	if (!list)
		return -ENOMEM;
	list->nmsrs = 512;
	if (__kvm_ioctl(vm->kvm->fd, KVM_GET_MSR_INDEX_LIST, list) < 0) {
		n = -errno;
		free(list);
		return n;
	}
	n = (int)(list->nmsrs < max ? list->nmsrs : max);
	memcpy(out, list->indices, (size_t)n * sizeof(uint32_t));
	free(list);
	return n;
}

/*
 * KVM_GET_MSRS or KVM_SET_MSRS over entries E[0..N), in as few calls as
 * possible: each call stops at the first MSR KVM refuses, which is marked
 * (index kept, OK[i] false) and skipped.  Returns 0 or -errno.
 */
static int msrs_io(struct vm *vm, unsigned long req, struct kvm_msr_entry *e, uint32_t n,
		   bool *ok)
{
	struct kvm_msrs *m = calloc(1, sizeof(*m) + n * sizeof(*e));
	uint32_t i = 0;

	if (!m)
		return -ENOMEM;
	while (i < n) {
		m->nmsrs = n - i;
		memcpy(m->entries, e + i, (n - i) * sizeof(*e));
		int r = __kvm_ioctl(vm->vcpu_fd, req, m);

		if (r < 0) {
			r = -errno;
			free(m);
			return r;
		}
		if ((uint32_t)r > n - i)
			r = (int)(n - i);
		memcpy(e + i, m->entries, (size_t)r * sizeof(*e));
		for (int k = 0; k < r; k++)
			ok[i + (uint32_t)k] = true;
		i += (uint32_t)r;
		if (i < n)
			ok[i++] = false; /* the one KVM stopped at */
	}
	free(m);
	return 0;
}

int vcpu_state__save(struct vm *vm, struct vcpu_state *st)
{
	uint32_t idx[VCPU_STATE_MAX_MSRS];
	int n;

	memset(st, 0, sizeof(*st));
	st->version = VCPU_STATE_VERSION;
	if (__kvm_ioctl(vm->vcpu_fd, KVM_GET_REGS, &st->regs) < 0 ||
	    __kvm_ioctl(vm->vcpu_fd, KVM_GET_SREGS, &st->sregs) < 0 ||
	    __kvm_ioctl(vm->vcpu_fd, KVM_GET_FPU, &st->fpu) < 0 ||
	    __kvm_ioctl(vm->vcpu_fd, KVM_GET_VCPU_EVENTS, &st->events) < 0 ||
	    __kvm_ioctl(vm->vcpu_fd, KVM_GET_DEBUGREGS, &st->debugregs) < 0 ||
	    __kvm_ioctl(vm->vcpu_fd, KVM_GET_MP_STATE, &st->mp_state) < 0)
		return -errno;
	st->has_xsave = kvm__has_cap(vm->kvm, KVM_CAP_XSAVE) > 0 &&
			__kvm_ioctl(vm->vcpu_fd, KVM_GET_XSAVE, &st->xsave) == 0;
	st->has_xcrs = kvm__has_cap(vm->kvm, KVM_CAP_XCRS) > 0 &&
		       __kvm_ioctl(vm->vcpu_fd, KVM_GET_XCRS, &st->xcrs) == 0;
	n = msr_index_list(vm, idx, VCPU_STATE_MAX_MSRS);
	if (n < 0)
		return n;
	struct kvm_msr_entry e[VCPU_STATE_MAX_MSRS];
	bool ok[VCPU_STATE_MAX_MSRS];

	for (int i = 0; i < n; i++)
		e[i] = (struct kvm_msr_entry){ .index = idx[i] };
	int r = msrs_io(vm, KVM_GET_MSRS, e, (uint32_t)n, ok);

	if (r)
		return r;
	for (int i = 0; i < n; i++)
		if (ok[i])
			st->msrs[st->nr_msrs++] = e[i];
	return 0;
}

static int fail(const char *what)
{
	int e = errno;

	fprintf(stderr, "bootcheck: restoring the vCPU: %s failed: %s\n", what, strerror(e));
	return -e;
}

int vcpu_state__restore(struct vm *vm, const struct vcpu_state *st)
{
	if (st->version != VCPU_STATE_VERSION || st->nr_msrs > VCPU_STATE_MAX_MSRS) {
		fprintf(stderr, "bootcheck: restoring the vCPU: state version %u, not %u\n",
			st->version, VCPU_STATE_VERSION);
		return -EINVAL;
	}
	/* special registers first: the modes the rest is read in */
	if (__kvm_ioctl(vm->vcpu_fd, KVM_SET_SREGS, (void *)&st->sregs) < 0)
		return fail("KVM_SET_SREGS");
	if (__kvm_ioctl(vm->vcpu_fd, KVM_SET_REGS, (void *)&st->regs) < 0)
		return fail("KVM_SET_REGS");
	if (st->has_xsave) {
		if (__kvm_ioctl(vm->vcpu_fd, KVM_SET_XSAVE, (void *)&st->xsave) < 0)
			return fail("KVM_SET_XSAVE");
	} else if (__kvm_ioctl(vm->vcpu_fd, KVM_SET_FPU, (void *)&st->fpu) < 0) {
		return fail("KVM_SET_FPU");
	}
	if (st->has_xcrs && __kvm_ioctl(vm->vcpu_fd, KVM_SET_XCRS, (void *)&st->xcrs) < 0)
		return fail("KVM_SET_XCRS");
	struct kvm_msr_entry e[VCPU_STATE_MAX_MSRS];
	bool ok[VCPU_STATE_MAX_MSRS];

	memcpy(e, st->msrs, st->nr_msrs * sizeof(e[0]));
	/* one that this kernel refuses (it read it) is not worth failing for */
	if (msrs_io(vm, KVM_SET_MSRS, e, st->nr_msrs, ok) < 0)
		return fail("KVM_SET_MSRS");
	if (__kvm_ioctl(vm->vcpu_fd, KVM_SET_VCPU_EVENTS, (void *)&st->events) < 0)
		return fail("KVM_SET_VCPU_EVENTS");
	if (__kvm_ioctl(vm->vcpu_fd, KVM_SET_DEBUGREGS, (void *)&st->debugregs) < 0)
		return fail("KVM_SET_DEBUGREGS");
	if (__kvm_ioctl(vm->vcpu_fd, KVM_SET_MP_STATE, (void *)&st->mp_state) < 0)
		return fail("KVM_SET_MP_STATE");
	return 0;
}
