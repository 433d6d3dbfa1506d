/* vm_test.c - unit tests for reusing one VM between runs (harness/vmm/vm.c vm__reset, with run.c); skipped without /dev/kvm. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sys/ioctl.h>

#include "vmm/run.h"
#include "vmm/vm.h"

#define MEM_SIZE (1u << 20)
#define CODE 0x1000
#define DATA 0x2000
#define HANDLER 0x3000
#define VECTOR 0x20
#define PORT_DONE 0xf4   /* the guest is done: stop */
#define PORT_INTR 0xf5   /* the interrupt handler ran */

struct fixture {
	struct kvm kvm;
	struct vm vm;
	int interrupted;     /* writes to PORT_INTR */
	bool irq_request;    /* what the fake interrupt controller says */
};

static uint8_t ports(void *opaque, uint16_t port, uint8_t value, bool is_write)
{
	struct fixture *f = opaque;

	(void)value;
	if (is_write && port == PORT_DONE)
		vm__request_stop(&f->vm, STOP_DEBUG_EXIT, 0, NULL);
	if (is_write && port == PORT_INTR)
		f->interrupted++;
	return 0xff;
}

static bool irq_pending(void *opaque)
{
	return ((struct fixture *)opaque)->irq_request;
}

static uint8_t irq_ack(void *opaque)
{
	((struct fixture *)opaque)->irq_request = false;
	return VECTOR;
}

static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	f.kvm.fd = -1;
	if (kvm__open(&f.kvm, "/dev/kvm") || vm__create(&f.vm, &f.kvm, MEM_SIZE) ||
	    vm__save_power_on(&f.vm)) {
		*state = NULL;
		return 0;
	}
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	if (f) {
		vm__destroy(&f->vm);
		kvm__close(&f->kvm);
	}
	return 0;
}

/* Real-mode CODE at 0:CODE, the two ports claimed, the IVT entry of VECTOR at HANDLER. */
static void load(struct fixture *f, const uint8_t *code, size_t len)
{
	static const uint8_t handler[] = { 0xe6, PORT_INTR, 0xcf }; /* out 0xf5, al; iret */
	struct kvm_sregs sregs;
	struct kvm_regs regs = { .rip = CODE, .rflags = 0x2, .rsp = 0x7000 };
	uint8_t *ivt = guest_mem__ptr(&f->vm.mem, VECTOR * 4, 4);

	memcpy(guest_mem__ptr(&f->vm.mem, CODE, len), code, len);
	memcpy(guest_mem__ptr(&f->vm.mem, HANDLER, sizeof(handler)), handler, sizeof(handler));
	ivt[0] = HANDLER & 0xff;
	ivt[1] = HANDLER >> 8;
	ivt[2] = ivt[3] = 0;
	assert_int_equal(bus__register_bytes(&f->vm.pio, PORT_DONE, 2, ports, f, "test"), 0);
	assert_int_equal(ioctl(f->vm.vcpu_fd, KVM_GET_SREGS, &sregs), 0);
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	sregs.ds = sregs.es = sregs.ss = sregs.cs;
	sregs.ds.type = sregs.es.type = sregs.ss.type = 3;
	assert_int_equal(ioctl(f->vm.vcpu_fd, KVM_SET_SREGS, &sregs), 0);
	assert_int_equal(ioctl(f->vm.vcpu_fd, KVM_SET_REGS, &regs), 0);
}

static void run(struct fixture *f)
{
	struct run_limits l = {
		.timeout_s = 5,
		.hooks = { .irq_pending = irq_pending, .irq_ack = irq_ack, .opaque = f },
	};

	run__loop(&f->vm, &l);
}

/* The first guest leaves RAM, registers, ports and a stop behind: a reset clears them all. */
static void test_reset_clears_what_a_run_left(void **state)
{
	struct fixture *f = *state;
	/* mov word [DATA], 0x1234; mov bx, 0x5678; sti; out 0xf4, al */
	static const uint8_t code[] = { 0xc7, 0x06, DATA & 0xff, DATA >> 8, 0x34, 0x12,
					0xbb, 0x78, 0x56, 0xfb, 0xe6, PORT_DONE };
	struct kvm_regs regs;
	struct kvm_sregs sregs;

	if (!f)
		skip();
	load(f, code, sizeof(code));
	run(f);
	assert_int_equal(f->vm.stop.kind, STOP_DEBUG_EXIT);
	assert_int_equal(*(uint16_t *)guest_mem__ptr(&f->vm.mem, DATA, 2), 0x1234);
	assert_int_equal(f->vm.final.regs.rbx, 0x5678);

	assert_int_equal(vm__reset(&f->vm), 0);
	assert_int_equal(f->vm.stop.kind, STOP_NONE);
	assert_int_equal(f->vm.pio.nr, 0);
	assert_int_equal(f->vm.nr_slots, 1);
	const uint8_t *ram = guest_mem__ptr(&f->vm.mem, 0, MEM_SIZE);
	size_t nonzero = 0;

	for (size_t a = 0; a < MEM_SIZE; a++)
		nonzero += ram[a] != 0;
	assert_int_equal(nonzero, 0);
	assert_int_equal(ioctl(f->vm.vcpu_fd, KVM_GET_REGS, &regs), 0);
	assert_int_equal(ioctl(f->vm.vcpu_fd, KVM_GET_SREGS, &sregs), 0);
	/* the x86 reset state */
	assert_int_equal(regs.rip, 0xfff0);
	assert_int_equal(regs.rbx, 0);
	assert_int_equal(regs.rflags & 0x200, 0);
	assert_int_equal(sregs.cs.selector, 0xf000);
}

/*
 * A guest that ended with interrupts enabled must not make the next one
 * take an interrupt with them disabled: the next guest halts with IF=0
 * while an interrupt is requested, and must stop at that hlt, its handler
 * never run.
 */
static void test_next_guest_does_not_inherit_interrupt_readiness(void **state)
{
	struct fixture *f = *state;
	static const uint8_t first[] = { 0xfb, 0x90, 0xe6, PORT_DONE }; /* sti; nop; out */
	static const uint8_t second[] = { 0xfa, 0xf4 };                 /* cli; hlt */

	if (!f)
		skip();
	load(f, first, sizeof(first));
	run(f);
	assert_int_equal(f->vm.stop.kind, STOP_DEBUG_EXIT);
	assert_true(f->vm.final.regs.rflags & 0x200);

	assert_int_equal(vm__reset(&f->vm), 0);
	load(f, second, sizeof(second));
	f->interrupted = 0;
	f->irq_request = true;
	run(f);
	assert_int_equal(f->vm.stop.kind, STOP_HLT);
	assert_int_equal(f->interrupted, 0);
	assert_true(f->irq_request); /* still waiting for the CPU */
}

/* The same guest gives the same result in a reset VM as in a new one, run after run. */
static void test_reset_runs_like_new(void **state)
{
	struct fixture *f = *state;
	/* mov ax, [DATA]; inc ax; mov [DATA], ax; sti; hlt (the interrupt); out 0xf4, al */
	static const uint8_t code[] = { 0xa1, DATA & 0xff, DATA >> 8, 0x40, 0xa3, DATA & 0xff,
					DATA >> 8, 0xfb, 0xf4, 0xe6, PORT_DONE };

	if (!f)
		skip();
	for (int i = 0; i < 5; i++) {
		assert_int_equal(vm__reset(&f->vm), 0);
		load(f, code, sizeof(code));
		f->interrupted = 0;
		f->irq_request = true; /* taken in the hlt */
		run(f);
		assert_int_equal(f->vm.stop.kind, STOP_DEBUG_EXIT);
		assert_int_equal(f->vm.final.regs.rax & 0xffff, 1);
		assert_int_equal(*(uint16_t *)guest_mem__ptr(&f->vm.mem, DATA, 2), 1);
		assert_int_equal(f->interrupted, 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_clears_what_a_run_left),
		cmocka_unit_test(test_next_guest_does_not_inherit_interrupt_readiness),
		cmocka_unit_test(test_reset_runs_like_new),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
