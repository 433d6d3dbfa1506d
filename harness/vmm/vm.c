/* vm.c - one KVM virtual machine with one vCPU, its RAM and its two buses. */
#include "vmm/vm.h"

#include <errno.h>    // errno
#include <nettle/sha2.h> // sha256_*
#include <stdarg.h>   // va_list
#include <stdio.h>    // fprintf, vsnprintf
#include <stdlib.h>   // calloc
#include <string.h>   // memset, strerror
#include <sys/mman.h> // mmap
#include <unistd.h>   // close

#include "vmm/vcpu_state.h" // vcpu_state__*

#define CPUID_HYPERVISOR_FIRST 0x40000000u
#define CPUID_HYPERVISOR_LAST 0x4fffffffu
#define CPUID_1_EDX_APIC (1u << 9)
#define CPUID_1_ECX_X2APIC (1u << 21)
#define CPUID_1_ECX_TSC_DEADLINE (1u << 24)
#define MSR_IA32_TSC 0x10

/*
 * The guest's only clocks and interrupt controllers are the machine's own
 * models: drop KVM's paravirtual leaves (the KVMKVMKVM signature, kvmclock)
 * and the local APIC, x2APIC and TSC-deadline bits, as on an ISA PC.  The
 * APIC ID is 0 whatever host CPU the process happens to run on, so the
 * guest sees the same CPUID on every run.
 */
static void hide_clocks_and_apic(struct kvm_cpuid2 *cpuid)
{
	uint32_t kept = 0;

	for (uint32_t i = 0; i < cpuid->nent; i++) {
		struct kvm_cpuid_entry2 *e = &cpuid->entries[i];

		if (e->function >= CPUID_HYPERVISOR_FIRST && e->function <= CPUID_HYPERVISOR_LAST)
			continue;
		if (e->function == 1) {
			e->edx &= ~CPUID_1_EDX_APIC;
			e->ecx &= ~(CPUID_1_ECX_X2APIC | CPUID_1_ECX_TSC_DEADLINE);
			/* KVM reports the APIC ID of the host CPU it ran on: ours is 0 */
			e->ebx &= 0x00ffffffu;
		}
		if (e->function == 0xb || e->function == 0x1f)
			e->edx = 0; /* x2APIC ID, the same */
		cpuid->entries[kept++] = *e;
	}
	cpuid->nent = kept;
}

static int set_cpuid(struct vm *vm)
{
	struct kvm_cpuid2 *cpuid = NULL;
	int nent = 64, r;

	for (;;) {
		free(cpuid);
		cpuid = calloc(1, sizeof(*cpuid) + (size_t)nent * sizeof(cpuid->entries[0]));
		if (!cpuid)
			return FAIL_HOST;
		cpuid->nent = (uint32_t)nent;
		r = __kvm_ioctl(vm->kvm->fd, KVM_GET_SUPPORTED_CPUID, cpuid);
		if (r == 0 || errno != E2BIG || nent >= 4096)
			break;
		nent *= 2;
	}
	if (r < 0) {
		fprintf(stderr, "bootcheck: KVM_GET_SUPPORTED_CPUID failed: %s\n",
			strerror(errno));
		free(cpuid);
		return FAIL_HOST;
	}
	hide_clocks_and_apic(cpuid);
	/* what the guest can learn of the CPU: part of a snapshot's key */
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, cpuid->nent * sizeof(cpuid->entries[0]), (const uint8_t *)cpuid->entries);
	sha256_digest(&c, sizeof(vm->cpuid_digest), vm->cpuid_digest);
	r = kvm_ioctl(vm->vcpu_fd, KVM_SET_CPUID2, cpuid);
	free(cpuid);
	return r < 0 ? FAIL_HOST : 0;
}

int vm__map(struct vm *vm, uint64_t gpa, void *host, uint64_t size, bool readonly)
{
	struct kvm_userspace_memory_region region = {
		.slot = (uint32_t)vm->nr_slots,
		.flags = readonly ? KVM_MEM_READONLY : 0,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uint64_t)(uintptr_t)host,
	};

	if (readonly && !kvm__has_cap(vm->kvm, KVM_CAP_READONLY_MEM)) {
		fprintf(stderr, "bootcheck: kernel lacks KVM_CAP_READONLY_MEM\n");
		return FAIL_HOST;
	}
	if (kvm_ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return FAIL_HOST;
	vm->nr_slots++;
	return 0;
}

static int read_tsc(struct vm *vm, uint64_t *tsc)
{
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry e;
	} msr = { .hdr.nmsrs = 1, .e.index = MSR_IA32_TSC };

	if (__kvm_ioctl(vm->vcpu_fd, KVM_GET_MSRS, &msr) != 1)
		return -EIO;
	*tsc = msr.e.data;
	return 0;
}

static int write_tsc(struct vm *vm, uint64_t tsc)
{
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry e;
	} msr = { .hdr.nmsrs = 1, .e.index = MSR_IA32_TSC, .e.data = tsc };

	return __kvm_ioctl(vm->vcpu_fd, KVM_SET_MSRS, &msr) == 1 ? 0 : -EIO;
}

/* Move the TSC offset by CYCLES through KVM_VCPU_TSC_OFFSET. */
static int shift_tsc_offset(struct vm *vm, uint64_t cycles)
{
	uint64_t offset;
	struct kvm_device_attr attr = {
		.group = KVM_VCPU_TSC_CTRL,
		.attr = KVM_VCPU_TSC_OFFSET,
		.addr = (uint64_t)(uintptr_t)&offset,
	};

	if (__kvm_ioctl(vm->vcpu_fd, KVM_GET_DEVICE_ATTR, &attr) < 0)
		return -errno;
	offset += cycles;
	return __kvm_ioctl(vm->vcpu_fd, KVM_SET_DEVICE_ATTR, &attr) < 0 ? -errno : 0;
}

/*
 * How the guest's TSC can be moved forward with virtual time (see
 * vm__advance_tsc).  Some backends accept a new offset and ignore it (the
 * paravirtual kvm_pvm: its guests read the host's TSC), so the offset is
 * tried once, a day's worth of cycles forward and back, and kept only if
 * the TSC KVM reports moved.
 */
static void init_tsc(struct vm *vm)
{
	struct kvm_device_attr attr = {
		.group = KVM_VCPU_TSC_CTRL,
		.attr = KVM_VCPU_TSC_OFFSET,
	};
	int khz = kvm__has_cap(vm->kvm, KVM_CAP_GET_TSC_KHZ) > 0 ?
			  __kvm_ioctl(vm->vcpu_fd, KVM_GET_TSC_KHZ, NULL) : -1;
	uint64_t day = 86400ULL * 1000 * (khz > 0 ? (uint64_t)khz : 0), before, after;

	vm->tsc_khz = khz > 0 ? (uint32_t)khz : 0;
	vm->tsc_mode = TSC_FIXED;
	if (!vm->tsc_khz)
		return;
	if (kvm__has_cap(vm->kvm, KVM_CAP_VCPU_ATTRIBUTES) > 0 &&
	    __kvm_ioctl(vm->vcpu_fd, KVM_HAS_DEVICE_ATTR, &attr) == 0) {
		if (read_tsc(vm, &before) == 0 && shift_tsc_offset(vm, day) == 0) {
			if (read_tsc(vm, &after) == 0 && after - before >= day / 2)
				vm->tsc_mode = TSC_OFFSET_ATTR;
			shift_tsc_offset(vm, -day);
		}
		return;
	}
	vm->tsc_mode = TSC_MSR; /* kernels before 5.16 */
}

int vm__advance_tsc(struct vm *vm, uint64_t ns)
{
	uint64_t tsc;
	int r;

	if (!ns || vm->tsc_mode == TSC_FIXED)
		return 0;
	uint64_t cycles = (uint64_t)((unsigned __int128)ns * vm->tsc_khz / 1000000u);

	if (vm->tsc_mode == TSC_OFFSET_ATTR)
		return shift_tsc_offset(vm, cycles);
	/* KVM turns a written IA32_TSC into a new offset */
	r = read_tsc(vm, &tsc);
	return r ? r : write_tsc(vm, tsc + cycles);
}

int vm__create(struct vm *vm, struct kvm *kvm, uint64_t mem_size)
{
	memset(vm, 0, sizeof(*vm));
	vm->kvm = kvm;
	vm->fd = vm->vcpu_fd = -1;
	bus__init(&vm->pio, "pio");
	bus__init(&vm->mmio, "mmio");
	vclock__init(&vm->clock);

	vm->fd = kvm_ioctl(kvm->fd, KVM_CREATE_VM, NULL);
	if (vm->fd < 0)
		goto fail;
	/* Required on Intel hosts for real mode; harmless elsewhere. */
	if (kvm_ioctl(vm->fd, KVM_SET_TSS_ADDR, (void *)(uintptr_t)VM_TSS_ADDR) < 0)
		goto fail;

	int r = guest_mem__alloc(&vm->mem, mem_size);
	if (r < 0) {
		fprintf(stderr, "bootcheck: cannot allocate %llu bytes of guest RAM: %s\n",
			(unsigned long long)mem_size, strerror(-r));
		goto fail;
	}
	if (vm__map(vm, 0, vm->mem.host, mem_size, false))
		goto fail;

	vm->vcpu_fd = kvm_ioctl(vm->fd, KVM_CREATE_VCPU, (void *)0);
	if (vm->vcpu_fd < 0)
		goto fail;
	vm->run = mmap(NULL, (size_t)kvm->vcpu_mmap_size, PROT_READ | PROT_WRITE,
		       MAP_SHARED, vm->vcpu_fd, 0);
	if (vm->run == MAP_FAILED) {
		vm->run = NULL;
		fprintf(stderr, "bootcheck: mmap of the vCPU run area failed: %s\n",
			strerror(errno));
		goto fail;
	}
	if (set_cpuid(vm))
		goto fail;
	init_tsc(vm);
	return 0;
fail:
	vm__destroy(vm);
	return FAIL_HOST;
}

int vm__save_power_on(struct vm *vm)
{
	int r;

	if (!vm->power_on && !(vm->power_on = calloc(1, sizeof(*vm->power_on))))
		return FAIL_HOST;
	r = vcpu_state__save(vm, vm->power_on);
	if (r) {
		fprintf(stderr, "bootcheck: cannot read the new vCPU's state: %s\n", strerror(-r));
		free(vm->power_on);
		vm->power_on = NULL;
		return FAIL_HOST;
	}
	return 0;
}

int vm__reset(struct vm *vm)
{
	int r;

	if (!vm->power_on || kvm__has_cap(vm->kvm, KVM_CAP_SYNC_MMU) <= 0)
		return FAIL_HOST;
	for (int slot = vm->nr_slots - 1; slot > 0; slot--) {
		struct kvm_userspace_memory_region gone = { .slot = (uint32_t)slot };

		if (kvm_ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &gone) < 0)
			return FAIL_HOST;
		vm->nr_slots--;
	}
	r = guest_mem__zero(&vm->mem);
	if (r) {
		fprintf(stderr, "bootcheck: cannot clear guest RAM: %s\n", strerror(-r));
		return FAIL_HOST;
	}
	/* an exit the last run left half done is finished before the state is replaced */
	vm->run->immediate_exit = 1;
	vm->run->request_interrupt_window = 0;
	__kvm_ioctl(vm->vcpu_fd, KVM_RUN, NULL);
	vm->run->immediate_exit = 0;
	if (vcpu_state__restore(vm, vm->power_on))
		return FAIL_HOST;
	bus__init(&vm->pio, "pio");
	bus__init(&vm->mmio, "mmio");
	vclock__init(&vm->clock);
	memset(&vm->stop, 0, sizeof(vm->stop));
	memset(&vm->final, 0, sizeof(vm->final));
	vm->fastpath_loops = 0;
	vm->checkpoint = false;
	return 0;
}

void vm__destroy(struct vm *vm)
{
	free(vm->power_on);
	vm->power_on = NULL;
	if (vm->run)
		munmap(vm->run, (size_t)vm->kvm->vcpu_mmap_size);
	vm->run = NULL;
	if (vm->vcpu_fd >= 0)
		close(vm->vcpu_fd);
	if (vm->fd >= 0)
		close(vm->fd);
	vm->vcpu_fd = vm->fd = -1;
	guest_mem__free(&vm->mem);
}

void vm__request_stop(struct vm *vm, enum stop_kind kind, uint64_t code,
		      const char *fmt, ...)
{
	if (vm->stop.kind != STOP_NONE)
		return;
	vm->stop.kind = kind;
	vm->stop.code = code;
	vm->stop.detail[0] = '\0';
	if (fmt) {
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(vm->stop.detail, sizeof(vm->stop.detail), fmt, ap);
		va_end(ap);
	}
}

int vm__get_state(struct vm *vm, struct cpu_state *st)
{
	st->valid = false;
	if (__kvm_ioctl(vm->vcpu_fd, KVM_GET_REGS, &st->regs) < 0 ||
	    __kvm_ioctl(vm->vcpu_fd, KVM_GET_SREGS, &st->sregs) < 0)
		return -errno;
	st->valid = true;
	return 0;
}

size_t vm__read_insn(struct vm *vm, const struct cpu_state *st, uint8_t *buf,
		     size_t max)
{
	uint64_t linear = st->sregs.cs.base + st->regs.rip;
	size_t n = 0;

	if (!(st->sregs.efer & 0x400)) /* outside long mode, wrap at 4 GiB */
		linear &= 0xffffffffULL;
	while (n < max) {
		struct kvm_translation tr = { .linear_address = linear + n };

		if (__kvm_ioctl(vm->vcpu_fd, KVM_TRANSLATE, &tr) < 0 || !tr.valid)
			break;
		uint64_t pa = tr.physical_address;
		uint64_t chunk = 4096 - (pa & 4095);

		if (chunk > max - n)
			chunk = max - n;
		if (pa >= vm->mem.size)
			break;
		if (chunk > vm->mem.size - pa)
			chunk = vm->mem.size - pa;
		memcpy(buf + n, guest_mem__ptr(&vm->mem, pa, chunk), chunk);
		n += chunk;
	}
	return n;
}
