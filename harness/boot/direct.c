/* direct.c - direct-entry boot: no BIOS; the host loads the image and sets the registers. */
#include "boot/direct.h"

#include <stdio.h>  // fprintf
#include <stdlib.h> // malloc, free
#include <string.h> // memcpy, memset

#include "boot/elf.h" // elf__parse

/* Host-built structures: GDT+TSS page, then PML4, PDPT and one PD. */
#define HOST_AREA_SIZE 0x4000
#define STACK_SIZE 0x2c00        /* so the low stack ends at 0x7c00 */
#define LOW_HOST_AREA 0x1000
#define LOW_STACK_TOP 0x7c00
#define LONG_MAPPED (1ULL << 30) /* identity-mapped by the page tables */

#define CR0_PE (1u << 0)
#define CR0_ET (1u << 4)
#define CR0_NE (1u << 5)
#define CR0_PG (1u << 31)
#define CR4_PAE (1u << 5)
#define EFER_LME (1u << 8)
#define EFER_LMA (1u << 10)

enum { SEL_CODE32 = 0x08, SEL_DATA = 0x10, SEL_CODE64 = 0x18, SEL_TSS = 0x20 };
#define TSS_OFFSET 0x80

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/*
 * Pick a window of SIZE bytes for host data: the conventional low spot when
 * the image leaves it free, else just below the end of RAM (below LIMIT).
 */
static bool place(uint64_t low, uint64_t size, uint64_t limit, uint64_t img_lo,
		  uint64_t img_len, uint64_t *at)
{
	if (low + size <= limit && !overlaps(low, size, img_lo, img_len)) {
		*at = low;
		return true;
	}
	if (limit >= size) {
		uint64_t top = (limit - size) & ~0xfffULL;

		if (!overlaps(top, size, img_lo, img_len)) {
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

static int setup_real(struct vm *vm, const struct direct_boot *db, uint64_t img_len,
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

	if (!place(LOW_STACK_TOP - STACK_SIZE, STACK_SIZE, limit, db->load, img_len, &stack)) {
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

/* Flat 32-bit protected mode, or long mode with the first GiB identity-mapped; the image occupies [IMG_LO, IMG_LO+IMG_LEN). */
static int setup_flat(struct vm *vm, enum cpu_mode cpu, uint64_t img_lo, uint64_t img_len,
		      uint64_t entry, struct kvm_sregs *sregs, struct kvm_regs *regs)
{
	bool lm = cpu == CPU_LONG;
	uint64_t area, stack;
	uint64_t reach = lm ? LONG_MAPPED : (1ULL << 32);

	if (entry >= reach) {
		fprintf(stderr, "bootcheck: entry 0x%llx is beyond the %s\n",
			(unsigned long long)entry,
			lm ? "identity-mapped first GiB" : "4 GiB address space");
		return FAIL_INPUT;
	}
	uint64_t limit = vm->mem.size < reach ? vm->mem.size : reach;

	if (!place(LOW_HOST_AREA, HOST_AREA_SIZE, limit, img_lo, img_len, &area) ||
	    !place(LOW_STACK_TOP - STACK_SIZE, STACK_SIZE,
		   area == LOW_HOST_AREA ? limit : area, img_lo, img_len, &stack)) {
		fprintf(stderr, "bootcheck: no room for the GDT, page tables and stack "
			"beside the image\n");
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

/* Largest ELF file read whole (its segments must fit in RAM anyway). */
#define ELF_FILE_MAX (1ULL << 30)

/*
 * IMG as an ELF executable: its PT_LOAD segments copied to their physical
 * addresses (the rest of each up to p_memsz zero), the CPU mode from its
 * class unless --cpu said (and then it must agree).  LO and LEN: the span
 * the segments occupy; ENTRY: e_entry.
 */
static int load_elf(struct vm *vm, struct image *img, const struct direct_boot *db,
		    enum cpu_mode *cpu, uint64_t *lo, uint64_t *len, uint64_t *entry)
{
	struct elf_image e;
	uint64_t hi;
	char err[256];
	uint8_t *buf;
	int r;

	if (img->size > ELF_FILE_MAX) {
		fprintf(stderr, "bootcheck: %s: an ELF file of %llu bytes, more than the %llu "
			"bootcheck reads\n", img->path, (unsigned long long)img->size,
			(unsigned long long)ELF_FILE_MAX);
		return FAIL_INPUT;
	}
	buf = malloc((size_t)img->size);
	if (!buf)
		return FAIL_HOST;
	r = image__read(img, buf);
	if (r == 0 && elf__parse(buf, img->size, &e, err, sizeof(err))) {
		fprintf(stderr, "bootcheck: %s: not a loadable ELF executable: %s\n", img->path, err);
		r = FAIL_INPUT;
	}
	if (r)
		goto out;
	enum cpu_mode want = e.bits == 64 ? CPU_LONG : CPU_PROTECTED;

	if (db->cpu_set && db->cpu != want) {
		fprintf(stderr, "bootcheck: %s: an ELF%d kernel is entered in %s mode: use --cpu %s "
			"(or leave --cpu out)\n", img->path, e.bits,
			e.bits == 64 ? "long" : "protected", e.bits == 64 ? "long" : "protected");
		r = FAIL_INPUT;
		goto out;
	}
	*cpu = want;
	if (db->load_set)
		fprintf(stderr, "bootcheck: warning: %s: --load ignored: an ELF's segments say "
			"where they go\n", img->path);
	uint64_t reach = want == CPU_LONG ? LONG_MAPPED : (1ULL << 32);
	uint64_t limit = vm->mem.size < reach ? vm->mem.size : reach;

	for (int i = 0; i < e.nr_loads; i++) {
		const struct elf_load *l = &e.loads[i];

		if (l->paddr >= limit || l->memsz > limit - l->paddr) {
			fprintf(stderr, "bootcheck: %s: segment at 0x%llx-0x%llx is past the end of %s "
				"(0x%llx)%s\n", img->path, (unsigned long long)l->paddr,
				(unsigned long long)(l->paddr + l->memsz),
				limit == vm->mem.size ? "RAM" : want == CPU_LONG ?
				"the identity-mapped first GiB" : "the 4 GiB address space",
				(unsigned long long)limit,
				limit == vm->mem.size ? "; raise --mem" : "");
			r = FAIL_INPUT;
			goto out;
		}
	}
	for (int i = 0; i < e.nr_loads; i++) {
		const struct elf_load *l = &e.loads[i];
		uint8_t *dst = guest_mem__ptr(&vm->mem, l->paddr, l->memsz);

		memcpy(dst, buf + l->offset, (size_t)l->filesz);
		memset(dst + l->filesz, 0, (size_t)(l->memsz - l->filesz));
	}
	elf__span(&e, lo, &hi);
	*len = hi - *lo;
	*entry = db->entry_set ? db->entry : e.entry;
out:
	free(buf);
	return r;
}

int direct__boot(struct vm *vm, struct image *img, const struct direct_boot *db)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs = { .rflags = 0x2 };
	enum cpu_mode cpu = db->cpu;
	uint64_t lo = db->load, len = img->size, entry = db->entry_set ? db->entry : db->load;
	void *dst;
	int r;

	if (db->format == FORMAT_ELF || (db->format == FORMAT_AUTO && image__starts_with_elf(img))) {
		r = load_elf(vm, img, db, &cpu, &lo, &len, &entry);
		if (r)
			return r;
	} else {
		if (db->load >= vm->mem.size || img->size > vm->mem.size - db->load) {
			uint64_t room = db->load < vm->mem.size ? vm->mem.size - db->load : 0;

			fprintf(stderr, "bootcheck: %s: %llu bytes do not fit in the %llu bytes "
				"between the load address 0x%llx and the end of RAM (0x%llx); "
				"raise --mem or lower --load\n",
				img->path, (unsigned long long)img->size, (unsigned long long)room,
				(unsigned long long)db->load, (unsigned long long)vm->mem.size);
			return FAIL_INPUT;
		}
		dst = guest_mem__ptr(&vm->mem, db->load, img->size);
		r = image__read(img, dst);
		if (r)
			return r;
	}
	if (kvm_ioctl(vm->vcpu_fd, KVM_GET_SREGS, &sregs) < 0)
		return FAIL_HOST;
	if (cpu == CPU_REAL)
		r = setup_real(vm, db, img->size, &sregs, &regs);
	else
		r = setup_flat(vm, cpu, lo, len, entry, &sregs, &regs);
	if (r)
		return r;
	if (kvm_ioctl(vm->vcpu_fd, KVM_SET_SREGS, &sregs) < 0 ||
	    kvm_ioctl(vm->vcpu_fd, KVM_SET_REGS, &regs) < 0)
		return FAIL_HOST;
	return 0;
}
