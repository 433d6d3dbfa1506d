/* kvm.h - /dev/kvm access: raw and checked ioctl wrappers, capability checks. */
#ifndef BOOTCHECK_KVM_H
#define BOOTCHECK_KVM_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/kvm.h>

#include "vmm/fail.h" // enum fail

struct kvm {
	int fd;           /* /dev/kvm */
	int vcpu_mmap_size;
};

/*
 * kvm__open - open PATH (/dev/kvm) and check the API version and the
 * capabilities bootcheck relies on.  Returns 0; -errno when PATH cannot be
 * opened, with nothing printed (what fits the machine to do about it is the
 * commands' to say: report/kvm_advice.h); or FAIL_HOST after printing what
 * the kernel lacks.
 */
int kvm__open(struct kvm *kvm, const char *path);
void kvm__close(struct kvm *kvm);

/* kvm__has_cap - KVM_CHECK_EXTENSION on the system fd (>0 when present). */
int kvm__has_cap(const struct kvm *kvm, int cap);

/*
 * __kvm_ioctl returns the raw ioctl result (errno set on failure);
 * kvm_ioctl prints the ioctl's name and strerror on failure and returns -1.
 */
int __kvm_ioctl(int fd, unsigned long req, void *arg);
int kvm_ioctl_checked(int fd, unsigned long req, const char *name, void *arg);
#define kvm_ioctl(fd, req, arg) kvm_ioctl_checked((fd), (req), #req, (arg))

#endif
