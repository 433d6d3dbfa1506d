/* direct.c - direct-entry boot: no BIOS; the host loads the image and sets the registers. */
#include "boot/direct.h"

#include <stdio.h>  // fprintf
#include <string.h> // memcpy, memset

#include "boot/kernel.h" // kernel__detect, kernel__load, struct ranges

/* Host-built structures: GDT+TSS page, then PML4, PDPT and one PD. */
#define HOST_AREA_SIZE 0x4000
#define STACK_SIZE 0x2c00        /* so the low stack ends at 0x7c00 */
#define LOW_HOST_AREA 0x1000
#define LOW_STACK_TOP 0x7c00

#define CR0_PE (1u << 0)
#define CR0_ET (1u << 4)
#define CR0_NE (1u << 5)
#define CR0_PG (1u << 31)
#define CR4_PAE (1u << 5)
#define EFER_LME (1u << 8)
#define EFER_LMA (1u << 10)

enum { SEL_CODE32 = 0x08, SEL_DATA = 0x10, SEL_CODE64 = 0x18, SEL_TSS = 0x20 };
#define TSS_OFFSET 0x80

/*
 * Pick a window of SIZE bytes for host data: the conventional low spot when
 * nothing loaded is there, else just below the end of RAM (below LIMIT).
 */
static bool place(uint64_t low, uint64_t size, uint64_t limit, const struct ranges *b,
		  uint64_t *at)
{
	if (low + size <= limit && !ranges__hits(b, low, size)) {
		*at = low;
		return true;
	}
	if (limit >= size) {
		uint64_t top = (limit - size) & ~0xfffULL;

		if (!ranges__hits(b, top, size)) {
			*at = top;
			return true;
		}
	}
	return false;
}

static void seg_flat(struct kvm_segment *s, uint16_t sel, uint8_t type, bool code64)
{
	*s = (struct kvm_segment){
		.base = 0, .limit = 0xffffffff, .selector = sel, .type = type,
		.present = 1, .dpl = 0, .db = code64 ? 0 : 1, .s = 1,
		.l = code64 ? 1 : 0, .g = 1,
	};
}

static void seg_real(struct kvm_segment *s, uint16_t sel, uint8_t type)
{
	*s = (struct kvm_segment){
		.base = (uint64_t)sel << 4, .limit = 0xffff, .selector = sel,
		.type = type, .present = 1, .s = 1,
	};
}

static int setup_real(struct vm *vm, const struct direct_boot *db, const struct ranges *b,
		      struct kvm_sregs *sregs, struct kvm_regs *regs)
{
	uint16_t seg, off;
	uint64_t stack;

	if (db->entry_segoff) {
		seg = db->entry_seg;
		off = db->entry_off;
	} else {
		uint64_t e = db->entry_set ? db->entry : db->load;

		if (e >= 0x100000) {
			fprintf(stderr, "bootcheck: entry 0x%llx is out of reach of real mode "
				"(below 1 MiB); use --cpu protected or long\n",
				(unsigned long long)e);
			return FAIL_INPUT;
		}
		/* 0:IP for the boot-sector convention, SEG:small otherwise */
		seg = e <= 0xffff ? 0 : (uint16_t)(e >> 4);
		off = e <= 0xffff ? (uint16_t)e : (uint16_t)(e & 0xf);
	}
	uint64_t limit = vm->mem.size < 0xa0000 ? vm->mem.size : 0xa0000;

	if (!place(LOW_STACK_TOP - STACK_SIZE, STACK_SIZE, limit, b, &stack)) {
		fprintf(stderr, "bootcheck: no room for a stack below 640 KiB beside the image\n");
		return FAIL_INPUT;
	}
	stack += STACK_SIZE; /* top */
	seg_real(&sregs->cs, seg, 0xb);
	seg_real(&sregs->ds, seg, 0x3);
	sregs->es = sregs->fs = sregs->gs = sregs->ds;
	uint16_t ss = (uint16_t)((stack - 1) >> 16 << 12);

	seg_real(&sregs->ss, ss, 0x3);
	regs->rsp = stack - ((uint64_t)ss << 4);
	regs->rip = off;
	regs->rdx = 0x80;
	return 0;
}

static void write_gdt(uint8_t *area, uint64_t area_gpa)
{
	uint64_t *gdt = (uint64_t *)area;
	uint64_t tss = area_gpa + TSS_OFFSET;

	gdt[0] = 0;
	gdt[SEL_CODE32 / 8] = 0x00cf9b000000ffffULL;
	gdt[SEL_DATA / 8] = 0x00cf93000000ffffULL;
	gdt[SEL_CODE64 / 8] = 0x00af9b000000ffffULL;
	/* busy 32-bit TSS (a 64-bit one in long mode: the next slot holds base 63:32) */
	gdt[SEL_TSS / 8] = 0x67 | (tss & 0xffffff) << 16 | 0x8bULL << 40 |
			   (tss >> 24 & 0xff) << 56;
	gdt[SEL_TSS / 8 + 1] = tss >> 32;
}

static void write_page_tables(uint8_t *area, uint64_t area_gpa)
{
	uint64_t *pml4 = (uint64_t *)(area + 0x1000);
	uint64_t *pdpt = (uint64_t *)(area + 0x2000);
	uint64_t *pd = (uint64_t *)(area + 0x3000);

	pml4[0] = (area_gpa + 0x2000) | 0x3;     /* present, writable */
	pdpt[0] = (area_gpa + 0x3000) | 0x3;
	for (uint64_t i = 0; i < 512; i++)
		pd[i] = (i << 21) | 0x83;            /* present, writable, 2 MiB */
}

/* Flat 32-bit protected mode, or long mode with the first GiB identity-mapped; B: what is loaded. */
static int setup_flat(struct vm *vm, enum cpu_mode cpu, const struct ranges *b,
		      uint64_t entry, struct kvm_sregs *sregs, struct kvm_regs *regs)
{
	bool lm = cpu == CPU_LONG;
	uint64_t area, stack;
	uint64_t reach = lm ? DIRECT_LONG_MAPPED : (1ULL << 32);

	if (entry >= reach) {
		fprintf(stderr, "bootcheck: entry 0x%llx is beyond the %s\n",
			(unsigned long long)entry,
			lm ? "identity-mapped first GiB" : "4 GiB address space");
		return FAIL_INPUT;
	}
	uint64_t limit = vm->mem.size < reach ? vm->mem.size : reach;

	if (!place(LOW_HOST_AREA, HOST_AREA_SIZE, limit, b, &area) ||
	    !place(LOW_STACK_TOP - STACK_SIZE, STACK_SIZE,
		   area == LOW_HOST_AREA ? limit : area, b, &stack)) {
		fprintf(stderr, "bootcheck: no room for the GDT, page tables and stack "
			"beside what is loaded; raise --mem\n");
		return FAIL_INPUT;
	}
	uint8_t *host = guest_mem__ptr(&vm->mem, area, HOST_AREA_SIZE);

	memset(host, 0, HOST_AREA_SIZE);
	write_gdt(host, area);
	sregs->gdt.base = area;
	sregs->gdt.limit = SEL_TSS + 16 - 1;
	sregs->idt.base = 0;
	sregs->idt.limit = 0;
	sregs->tr = (struct kvm_segment){
		.base = area + TSS_OFFSET, .limit = 0x67, .selector = SEL_TSS,
		.type = 0xb, .present = 1,
	};
	sregs->cr0 = CR0_PE | CR0_ET | CR0_NE;
	if (lm) {
		write_page_tables(host, area);
		sregs->cr3 = area + 0x1000;
		sregs->cr4 = CR4_PAE;
		sregs->cr0 |= CR0_PG;
		sregs->efer = EFER_LME | EFER_LMA;
		seg_flat(&sregs->cs, SEL_CODE64, 0xb, true);
	} else {
		seg_flat(&sregs->cs, SEL_CODE32, 0xb, false);
	}
	seg_flat(&sregs->ds, SEL_DATA, 0x3, false);
	sregs->es = sregs->fs = sregs->gs = sregs->ss = sregs->ds;
	regs->rip = entry;
	regs->rsp = stack + STACK_SIZE;
	return 0;
}

static int load_flat(struct vm *vm, struct image *img, const struct direct_boot *db)
{
	if (db->load >= vm->mem.size || img->size > vm->mem.size - db->load) {
		uint64_t room = db->load < vm->mem.size ? vm->mem.size - db->load : 0;

		fprintf(stderr, "bootcheck: %s: %llu bytes do not fit in the %llu bytes "
			"between the load address 0x%llx and the end of RAM (0x%llx); "
			"raise --mem or lower --load\n",
			img->path, (unsigned long long)img->size, (unsigned long long)room,
			(unsigned long long)db->load, (unsigned long long)vm->mem.size);
		return FAIL_INPUT;
	}
	if (db->cmdline || db->nr_modules) {
		fprintf(stderr, "bootcheck: %s: --cmdline and --module are for Multiboot kernels, "
			"and this is a flat image\n", img->path);
		return FAIL_INPUT;
	}
	return image__read(img, guest_mem__ptr(&vm->mem, db->load, img->size));
}

int direct__boot(struct vm *vm, struct image *img, const struct direct_boot *db)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs = { .rflags = 0x2 };
	enum cpu_mode cpu = db->cpu;
	enum image_format fmt = db->format;
	uint64_t entry = db->entry_set ? db->entry : db->load;
	struct ranges used = { .n = 0 };
	int r;

	if (fmt == FORMAT_AUTO) {
		r = kernel__detect(img, &fmt);
		if (r)
			return r;
	}
	if (fmt == FORMAT_FLAT) {
		r = load_flat(vm, img, db);
		ranges__add(&used, db->load, img->size);
	} else {
		r = kernel__load(vm, img, db, fmt, &cpu, &used, &entry, &regs);
	}
	if (r)
		return r;
	if (kvm_ioctl(vm->vcpu_fd, KVM_GET_SREGS, &sregs) < 0)
		return FAIL_HOST;
	if (cpu == CPU_REAL)
		r = setup_real(vm, db, &used, &sregs, &regs);
	else
		r = setup_flat(vm, cpu, &used, entry, &sregs, &regs);
	if (r)
		return r;
	if (kvm_ioctl(vm->vcpu_fd, KVM_SET_SREGS, &sregs) < 0 ||
	    kvm_ioctl(vm->vcpu_fd, KVM_SET_REGS, &regs) < 0)
		return FAIL_HOST;
	return 0;
}
