/* direct.c - direct-entry boot: no BIOS; the host loads the image and sets the registers. */
#include "boot/direct.h"

#include <stdio.h>  // fprintf
#include <stdlib.h> // malloc, free
#include <string.h> // memcpy, memset

#include "boot/elf.h"        // elf__parse
#include "boot/multiboot.h"  // mb1__find
#include "boot/multiboot2.h" // mb2__find

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

/* What the loaded kernel, its modules and boot information occupy. */
#define MAX_BUSY (2 + BOOTINFO_MAX_MODULES)
struct busy {
	struct { uint64_t lo, len; } r[MAX_BUSY];
	int n;
};

static void busy_add(struct busy *b, uint64_t lo, uint64_t len)
{
	if (b->n < MAX_BUSY && len) {
		b->r[b->n].lo = lo;
		b->r[b->n].len = len;
		b->n++;
	}
}

static bool busy_hits(const struct busy *b, uint64_t at, uint64_t size)
{
	for (int i = 0; i < b->n; i++)
		if (overlaps(at, size, b->r[i].lo, b->r[i].len))
			return true;
	return false;
}

/*
 * Pick a window of SIZE bytes for host data: the conventional low spot when
 * nothing loaded is there, else just below the end of RAM (below LIMIT).
 */
static bool place(uint64_t low, uint64_t size, uint64_t limit, const struct busy *b,
		  uint64_t *at)
{
	if (low + size <= limit && !busy_hits(b, low, size)) {
		*at = low;
		return true;
	}
	if (limit >= size) {
		uint64_t top = (limit - size) & ~0xfffULL;

		if (!busy_hits(b, top, size)) {
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

static int setup_real(struct vm *vm, const struct direct_boot *db, const struct busy *b,
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
static int setup_flat(struct vm *vm, enum cpu_mode cpu, const struct busy *b,
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

/* Largest kernel file read whole (its segments must fit in RAM anyway). */
#define KERNEL_FILE_MAX (1ULL << 30)

/* The Multiboot information goes here when the kernel leaves it free. */
#define LOW_INFO_AREA 0x8000
#define LOW_INFO_END 0xa0000
#define PAGE 0x1000ULL

static uint64_t page_up(uint64_t a)
{
	return (a + PAGE - 1) & ~(PAGE - 1);
}

/* A kernel read into memory: the file, what it is, and how it loads. */
struct kernel {
	uint8_t *file;
	enum image_format format;  /* ELF, MULTIBOOT or MULTIBOOT2 */
	struct elf_image plan;     /* segments and entry (an a.out-kludge image: one segment) */
};

/* How much of a file --format auto reads to tell what it is (the headers, a misplaced one). */
#define CLASSIFY_HEAD 65536

/*
 * What IMG is when --format is auto, from its first LEN bytes at HEAD: a
 * Multiboot header first (as QEMU's -kernel reads a kernel that has both,
 * Multiboot 1 before Multiboot2), then an ELF, else flat.  -1 after saying
 * why when a header is there but wrong (a misplaced or unsupported one is
 * never run as raw bytes).
 */
static int classify(const struct image *img, const uint8_t *head, uint64_t len,
		    enum image_format *fmt)
{
	struct mb1_header h1;
	struct mb2_header h2;
	char err[256];
	int r;

	r = mb1__find(head, len, &h1, err, sizeof(err));
	if (r == 1) {
		*fmt = FORMAT_MULTIBOOT;
		return 0;
	}
	if (r == 0) {
		r = mb2__find(head, len, &h2, err, sizeof(err));
		if (r == 1) {
			*fmt = FORMAT_MULTIBOOT2;
			return 0;
		}
	}
	if (r < 0) {
		fprintf(stderr, "bootcheck: %s: %s (--format flat runs the file as raw bytes)\n",
			img->path, err);
		return -1;
	}
	*fmt = elf__is_elf(head, len) ? FORMAT_ELF : FORMAT_FLAT;
	return 0;
}

/* The load plan of K->file as K->format; FAIL_INPUT after one line. */
static int plan_kernel(const struct image *img, struct kernel *k)
{
	char err[256];
	struct mb1_header h1 = { 0 };
	struct mb2_header h2 = { 0 };
	const char *what = "an ELF executable";
	int r = 0;

	if (k->format == FORMAT_MULTIBOOT) {
		what = "a Multiboot kernel";
		r = mb1__find(k->file, img->size, &h1, err, sizeof(err));
		if (r == 0)
			snprintf(err, sizeof(err), "no Multiboot header (magic 0x%08x, checksum "
				 "right, 4-byte aligned) in the first %d bytes", MB1_HEADER_MAGIC,
				 MB1_SEARCH);
		if (r == 1 && (h1.flags & MB1_HF_ADDRESS))
			r = mb__address_plan(&h1.addr, h1.offset, img->size, false, &k->plan, err,
					     sizeof(err)) ? -1 : 2;
	} else if (k->format == FORMAT_MULTIBOOT2) {
		what = "a Multiboot2 kernel";
		r = mb2__find(k->file, img->size, &h2, err, sizeof(err));
		if (r == 0)
			snprintf(err, sizeof(err), "no Multiboot2 header (magic 0x%08x, checksum "
				 "right, 8-byte aligned) in the first %d bytes", MB2_HEADER_MAGIC,
				 MB2_SEARCH);
		if (r == 1 && h2.have_address)
			r = mb__address_plan(&h2.addr, h2.offset, img->size, true, &k->plan, err,
					     sizeof(err)) ? -1 : 2;
	}
	if (r <= 0 && k->format != FORMAT_ELF) {
		fprintf(stderr, "bootcheck: %s: not %s: %s\n", img->path, what, err);
		return FAIL_INPUT;
	}
	if (r == 2)
		return 0;
	/* the segments from the ELF headers */
	if (k->format != FORMAT_ELF && !elf__is_elf(k->file, img->size)) {
		fprintf(stderr, "bootcheck: %s: %s that is not an ELF needs the address fields "
			"(%s)\n", img->path, what, k->format == FORMAT_MULTIBOOT ?
			"header flag 16" : "an address tag and an entry address tag");
		return FAIL_INPUT;
	}
	if (elf__parse(k->file, img->size, &k->plan, err, sizeof(err))) {
		fprintf(stderr, "bootcheck: %s: not a loadable ELF executable: %s\n", img->path, err);
		return FAIL_INPUT;
	}
	if (k->format == FORMAT_MULTIBOOT2 && h2.have_entry) {
		uint64_t lo, hi;

		elf__span(&k->plan, &lo, &hi);
		if (h2.addr.entry_addr < lo || h2.addr.entry_addr >= hi) {
			fprintf(stderr, "bootcheck: %s: not %s: the entry address tag's 0x%x is "
				"outside the segments (0x%llx-0x%llx)\n", img->path, what,
				h2.addr.entry_addr, (unsigned long long)lo, (unsigned long long)hi);
			return FAIL_INPUT;
		}
		k->plan.entry = h2.addr.entry_addr;
	}
	return 0;
}

/* Copy the planned segments of K into RAM below LIMIT; FAIL_INPUT after one line. */
static int load_segments(struct vm *vm, const struct image *img, const struct kernel *k,
			 uint64_t limit, const char *limit_name)
{
	const struct elf_image *e = &k->plan;

	for (int i = 0; i < e->nr_loads; i++) {
		const struct elf_load *l = &e->loads[i];

		if (l->paddr >= limit || l->memsz > limit - l->paddr) {
			fprintf(stderr, "bootcheck: %s: segment at 0x%llx-0x%llx is past the end of %s "
				"(0x%llx)%s\n", img->path, (unsigned long long)l->paddr,
				(unsigned long long)(l->paddr + l->memsz),
				limit == vm->mem.size ? "RAM" : limit_name,
				(unsigned long long)limit, limit == vm->mem.size ? "; raise --mem" : "");
			return FAIL_INPUT;
		}
	}
	for (int i = 0; i < e->nr_loads; i++) {
		const struct elf_load *l = &e->loads[i];
		uint8_t *dst = guest_mem__ptr(&vm->mem, l->paddr, l->memsz);

		memcpy(dst, k->file + l->offset, (size_t)l->filesz);
		memset(dst + l->filesz, 0, (size_t)(l->memsz - l->filesz));
	}
	return 0;
}

/*
 * The modules (each on a page boundary above the kernel) and the
 * information structure (low, at LOW_INFO_AREA, when the kernel leaves it
 * free; else on the page after the last module), added to B; EAX and EBX as
 * the protocol says.  FAIL_INPUT after one line, or FAIL_HOST.
 */
static int load_multiboot(struct vm *vm, const struct image *img, const struct direct_boot *db,
			  enum image_format fmt, struct busy *b, struct kvm_regs *regs)
{
	uint64_t limit = vm->mem.size < (1ULL << 32) ? vm->mem.size : (1ULL << 32);
	uint64_t next = page_up(b->r[0].lo + b->r[0].len);
	struct bootinfo bi;
	int r = 0;

	bootinfo__init(&bi, vm->mem.size);
	bi.cmdline = db->cmdline ? db->cmdline : "";
	if (db->have_disk) {
		bi.have_boot_device = true;
		bi.boot_device = 0x80ffffff; /* the first hard disk, no partition */
	}
	for (int i = 0; i < db->nr_modules && r == 0; i++) {
		const char *spec = db->modules[i], *eq = strchr(spec, '=');
		char *path = eq ? strndup(spec, (size_t)(eq - spec)) : strdup(spec);
		struct image mod;

		if (!path)
			return FAIL_HOST;
		r = image__open(&mod, path);
		if (r == 0) {
			if (next >= limit || mod.size > limit - next) {
				fprintf(stderr, "bootcheck: module %s: %llu bytes do not fit at 0x%llx "
					"below the end of RAM (0x%llx); raise --mem\n", path,
					(unsigned long long)mod.size, (unsigned long long)next,
					(unsigned long long)limit);
				r = FAIL_INPUT;
			} else {
				r = image__read(&mod, guest_mem__ptr(&vm->mem, next, mod.size));
			}
			if (r == 0) {
				bi.modules[i] = (struct bootinfo_module){
					.start = (uint32_t)next, .end = (uint32_t)(next + mod.size),
					.string = eq ? eq + 1 : spec,
				};
				bi.nr_modules++;
				busy_add(b, next, mod.size);
				next = page_up(next + mod.size);
			}
			image__close(&mod);
		}
		free(path);
	}
	if (r)
		return r;
	size_t size = fmt == FORMAT_MULTIBOOT ? mb1__info_size(&bi) : mb2__info_size(&bi);
	uint64_t at = LOW_INFO_AREA;

	if (at + size > LOW_INFO_END || busy_hits(b, at, size))
		at = next;
	if (at >= limit || size > limit - at) {
		fprintf(stderr, "bootcheck: %s: no room for the %zu bytes of Multiboot "
			"information below the end of RAM (0x%llx); raise --mem\n", img->path, size,
			(unsigned long long)limit);
		return FAIL_INPUT;
	}
	uint8_t *dst = guest_mem__ptr(&vm->mem, at, size);
	size_t n = fmt == FORMAT_MULTIBOOT ? mb1__write_info(&bi, (uint32_t)at, dst, size) :
		   mb2__write_info(&bi, (uint32_t)at, dst, size);

	if (n != size)
		return FAIL_HOST;
	busy_add(b, at, size);
	regs->rax = fmt == FORMAT_MULTIBOOT ? MB1_BOOT_MAGIC : MB2_BOOT_MAGIC;
	regs->rbx = at;
	return 0;
}

/*
 * IMG as a kernel (ELF, Multiboot or Multiboot2): read whole, its segments
 * copied to their physical addresses (the rest of each up to its memory
 * size zero).  An ELF picks the CPU mode from its class unless --cpu said
 * (and then it must agree); a Multiboot kernel starts in flat 32-bit
 * protected mode.  B gets what is loaded (the kernel first); ENTRY.
 */
static int load_kernel(struct vm *vm, struct image *img, const struct direct_boot *db,
		       enum image_format fmt, uint8_t *file, enum cpu_mode *cpu, struct busy *b,
		       uint64_t *entry, struct kvm_regs *regs)
{
	struct kernel k = { .file = file, .format = fmt };
	uint64_t lo, hi;
	int r;

	r = plan_kernel(img, &k);
	if (r)
		return r;
	enum cpu_mode want = fmt == FORMAT_ELF && k.plan.bits == 64 ? CPU_LONG : CPU_PROTECTED;

	if (db->cpu_set && db->cpu != want) {
		if (fmt == FORMAT_ELF)
			fprintf(stderr, "bootcheck: %s: an ELF%d kernel is entered in %s mode: use "
				"--cpu %s (or leave --cpu out)\n", img->path, k.plan.bits,
				want == CPU_LONG ? "long" : "protected",
				want == CPU_LONG ? "long" : "protected");
		else
			fprintf(stderr, "bootcheck: %s: a Multiboot%s kernel is entered in 32-bit "
				"protected mode, as the specification says: use --cpu protected (or "
				"leave --cpu out)\n", img->path, fmt == FORMAT_MULTIBOOT2 ? "2" : "");
		return FAIL_INPUT;
	}
	*cpu = want;
	if (db->load_set)
		fprintf(stderr, "bootcheck: warning: %s: --load ignored: %s say where %s\n",
			img->path, fmt == FORMAT_ELF ? "an ELF's segments" : "a Multiboot kernel's headers",
			fmt == FORMAT_ELF ? "they go" : "it goes");
	if (fmt == FORMAT_ELF && (db->cmdline || db->nr_modules)) {
		fprintf(stderr, "bootcheck: %s: --cmdline and --module are for Multiboot kernels, "
			"and this ELF has no Multiboot header\n", img->path);
		return FAIL_INPUT;
	}
	uint64_t reach = want == CPU_LONG ? LONG_MAPPED : (1ULL << 32);
	uint64_t limit = vm->mem.size < reach ? vm->mem.size : reach;

	r = load_segments(vm, img, &k, limit, want == CPU_LONG ?
			  "the identity-mapped first GiB" : "the 4 GiB address space");
	if (r)
		return r;
	elf__span(&k.plan, &lo, &hi);
	busy_add(b, lo, hi - lo);
	*entry = db->entry_set ? db->entry : k.plan.entry;
	if (fmt == FORMAT_ELF)
		return 0;
	return load_multiboot(vm, img, db, fmt, b, regs);
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
	struct busy b = { .n = 0 };
	uint8_t *file = NULL;
	int r;

	if (fmt == FORMAT_AUTO) {
		uint64_t n = img->size < CLASSIFY_HEAD ? img->size : CLASSIFY_HEAD;

		file = malloc(CLASSIFY_HEAD);
		if (!file)
			return FAIL_HOST;
		r = image__read_head(img, file, n);
		if (r == 0 && classify(img, file, n, &fmt))
			r = FAIL_INPUT;
		free(file);
		file = NULL;
		if (r)
			return r;
	}
	if (fmt != FORMAT_FLAT) {
		if (img->size > KERNEL_FILE_MAX) {
			fprintf(stderr, "bootcheck: %s: a kernel of %llu bytes, more than the %llu "
				"bootcheck reads\n", img->path, (unsigned long long)img->size,
				(unsigned long long)KERNEL_FILE_MAX);
			return FAIL_INPUT;
		}
		file = malloc((size_t)img->size);
		if (!file)
			return FAIL_HOST;
		r = image__read(img, file);
		if (r)
			goto out;
	}
	if (fmt == FORMAT_FLAT) {
		r = load_flat(vm, img, db);
		busy_add(&b, db->load, img->size);
	} else {
		r = load_kernel(vm, img, db, fmt, file, &cpu, &b, &entry, &regs);
	}
	if (r)
		goto out;
	r = FAIL_HOST;
	if (kvm_ioctl(vm->vcpu_fd, KVM_GET_SREGS, &sregs) < 0)
		goto out;
	if (cpu == CPU_REAL)
		r = setup_real(vm, db, &b, &sregs, &regs);
	else
		r = setup_flat(vm, cpu, &b, entry, &sregs, &regs);
	if (r)
		goto out;
	r = FAIL_HOST;
	if (kvm_ioctl(vm->vcpu_fd, KVM_SET_SREGS, &sregs) < 0 ||
	    kvm_ioctl(vm->vcpu_fd, KVM_SET_REGS, &regs) < 0)
		goto out;
	r = 0;
out:
	free(file);
	return r;
}
