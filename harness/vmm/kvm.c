/* kvm.c - /dev/kvm access: raw and checked ioctl wrappers, capability checks. */
#include "vmm/kvm.h"

#include <errno.h>     // errno
#include <fcntl.h>     // open
#include <stdio.h>     // fprintf
#include <string.h>    // strerror
#include <sys/ioctl.h> // ioctl
#include <unistd.h>    // close

int __kvm_ioctl(int fd, unsigned long req, void *arg)
{
	int r;

	do
		r = ioctl(fd, req, arg);
	while (r < 0 && errno == EINTR && req != KVM_RUN);
	return r;
}

int kvm_ioctl_checked(int fd, unsigned long req, const char *name, void *arg)
{
	int r = __kvm_ioctl(fd, req, arg);

	if (r < 0)
		fprintf(stderr, "bootcheck: %s failed: %s\n", name, strerror(errno));
	return r;
}

int kvm__has_cap(const struct kvm *kvm, int cap)
{
	int r = __kvm_ioctl(kvm->fd, KVM_CHECK_EXTENSION, (void *)(long)cap);

	return r < 0 ? 0 : r;
}

static const struct {
	int cap;
	const char *name;
} required_caps[] = {
	{ KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY" },
	{ KVM_CAP_IMMEDIATE_EXIT, "KVM_CAP_IMMEDIATE_EXIT" },
	{ KVM_CAP_SET_TSS_ADDR, "KVM_CAP_SET_TSS_ADDR" },
	{ KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID" },
};

int kvm__open(struct kvm *kvm, const char *path)
{
	kvm->fd = open(path, O_RDWR | O_CLOEXEC);
	if (kvm->fd < 0)
		return -errno; /* what to do about it is the commands' to say */

	int version = __kvm_ioctl(kvm->fd, KVM_GET_API_VERSION, NULL);
	if (version != KVM_API_VERSION) {
		fprintf(stderr, "bootcheck: %s: KVM API version %d, need %d\n", path,
			version, KVM_API_VERSION);
		goto fail;
	}
	for (size_t i = 0; i < sizeof(required_caps) / sizeof(required_caps[0]); i++) {
		if (!kvm__has_cap(kvm, required_caps[i].cap)) {
			fprintf(stderr, "bootcheck: %s: kernel lacks %s\n", path,
				required_caps[i].name);
			goto fail;
		}
	}
	kvm->vcpu_mmap_size = __kvm_ioctl(kvm->fd, KVM_GET_VCPU_MMAP_SIZE, NULL);
	if (kvm->vcpu_mmap_size < (int)sizeof(struct kvm_run)) {
		fprintf(stderr, "bootcheck: KVM_GET_VCPU_MMAP_SIZE failed: %s\n",
			strerror(errno));
		goto fail;
	}
	return 0;
fail:
	close(kvm->fd);
	kvm->fd = -1;
	return FAIL_HOST;
}

void kvm__close(struct kvm *kvm)
{
	if (kvm->fd >= 0)
		close(kvm->fd);
	kvm->fd = -1;
}
