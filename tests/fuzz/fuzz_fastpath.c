/* fuzz_fastpath.c - libFuzzer target: the host's finish of known byte loops (harness/vmm/fastpath.c) against a step-by-step model of the loops, and insn.c's jump-to-self test. */
#include <stdlib.h> // malloc, abort
#include <string.h> // memcmp, memcpy

#include "fuzz.h"          // struct fuzz_in
#include "vmm/fastpath.h"  // fastpath__finish, fastpath__finish_real
#include "vmm/guest_mem.h" // struct guest_mem
#include "vmm/insn.h"      // insn__is_jump_to_self

/*
 * Input: a byte (bit 0: the real-mode loop, else the 32-bit flat ones),
 * RAX, RBX, RCX, RDX, then flat: RIP (32 bits); real: IP, CS base, ES base
 * and limit; then writes to guest RAM until the end: an op byte (bit 0:
 * place one of the loops' code, bits 1-2 which, else raw bytes), an offset
 * and the bytes.  The vCPU is found at RIP, as run.c's fast_forward finds
 * it: the code is the 32 bytes of RAM around it (so a memset can reach
 * them).  When the fast path says it finished the loop, the registers and
 * RAM must be what running the loop instruction by instruction gives; when
 * it says no, nothing may have changed.
 */

#define RAM_SIZE (64u << 10)
#define BACK 16
#define ZF (1u << 6)

static const uint8_t memset_loop[] = { 0x85, 0xd2, 0x74, 0x07, 0x4a, 0xc6, 0x04, 0x10, 0x00, 0xeb, 0xf5 };
static const uint8_t sum_loop[] = { 0x39, 0xd0, 0x74, 0x05, 0x02, 0x08, 0x40, 0xeb, 0xf7 };
static const uint8_t es_sum_loop[] = { 0x66, 0x39, 0xca, 0x74, 0x0b, 0x26, 0x67, 0x8a,
				       0x19, 0x66, 0x01, 0xd8, 0x66, 0x41, 0xeb, 0xf0 };

static uint8_t *ram, *ref_ram, *before;

/* ---------------------------------------------------------------- the model */

enum end { END_HEAD, END_EXIT, END_FAULT, END_SELF, END_LIMIT };

struct cpu {
	uint32_t eax, ebx, ecx, edx;
	uint64_t ip;   /* offset in the loop (the model follows one loop) */
	bool zf;
};

static bool in_ram(uint64_t a)
{
	return a < RAM_SIZE;
}

/* SeaBIOS's memset from offset OFF of the loop at HEAD, until the head with EDX 0. */
static enum end run_memset(struct cpu *c, uint64_t head, uint8_t value)
{
	for (uint64_t steps = 0; steps < 8ull * RAM_SIZE; steps++) {
		switch (c->ip) {
		case 0: c->zf = c->edx == 0; c->ip = 2; break;
		case 2: if (c->zf) return END_EXIT; c->ip = 4; break;
		case 4: c->edx--; c->ip = 5; break;
		case 5: {
			uint32_t a = c->eax + c->edx;

			if (!in_ram(a))
				return END_FAULT;
			if (a >= head && a < head + sizeof(memset_loop))
				return END_SELF;
			ref_ram[a] = value;
			c->ip = 9;
			break;
		}
		default: c->ip = 0; if (c->edx == 0) return END_HEAD; break;
		}
	}
	return END_LIMIT;
}

/* SeaBIOS's checksum: CL += [EAX++] until EAX = EDX. */
static enum end run_sum(struct cpu *c)
{
	for (uint64_t steps = 0; steps < 8ull * RAM_SIZE; steps++) {
		switch (c->ip) {
		case 0: c->zf = c->eax == c->edx; c->ip = 2; break;
		case 2: if (c->zf) return END_EXIT; c->ip = 4; break;
		case 4:
			if (!in_ram(c->eax))
				return END_FAULT;
			c->ecx = (c->ecx & ~0xffu) | (uint8_t)(c->ecx + ref_ram[c->eax]);
			c->ip = 6;
			break;
		case 6: c->eax++; c->ip = 7; break;
		default: c->ip = 0; if (c->eax == c->edx) return END_HEAD; break;
		}
	}
	return END_LIMIT;
}

/* The VGA BIOS's checksum: BL = ES:[ECX]; EAX += EBX; ECX++ until ECX = EDX. */
static enum end run_es_sum(struct cpu *c, uint64_t es_base, uint32_t es_limit)
{
	for (uint64_t steps = 0; steps < 8ull * RAM_SIZE; steps++) {
		switch (c->ip) {
		case 0: c->zf = c->edx == c->ecx; c->ip = 3; break;
		case 3: if (c->zf) return END_EXIT; c->ip = 5; break;
		case 5:
			if (c->ecx > es_limit || !in_ram(es_base + c->ecx))
				return END_FAULT;
			c->ebx = (c->ebx & ~0xffu) | ref_ram[es_base + c->ecx];
			c->ip = 9;
			break;
		case 9: c->eax += c->ebx; c->ip = 12; break;
		case 12: c->ecx++; c->ip = 14; break;
		default: c->ip = 0; if (c->ecx == c->edx) return END_HEAD; break;
		}
	}
	return END_LIMIT;
}

/* Which loop holds the byte at LIN (its head), when its bytes are there; -1 for none. */
static int64_t find_loop(uint64_t lin, const uint8_t *pat, size_t len, const uint8_t *starts,
			 size_t nstarts, size_t skip)
{
	for (size_t i = 0; i < nstarts; i++) {
		uint64_t head = lin - starts[i];
		bool same = starts[i] <= lin && head + len <= RAM_SIZE;

		for (size_t k = 0; same && k < len; k++)
			same = k == skip || ram[head + k] == pat[k];
		if (same)
			return (int64_t)head;
	}
	return -1;
}

/* ---------------------------------------------------------------- the target */

static void place(struct fuzz_in *in)
{
	uint8_t op = fuzz__u8(in);
	uint16_t off = fuzz__u16(in);

	if (op & 1) {
		static const uint8_t *const pats[] = { memset_loop, sum_loop, es_sum_loop, memset_loop };
		static const size_t lens[] = { sizeof(memset_loop), sizeof(sum_loop),
					       sizeof(es_sum_loop), sizeof(memset_loop) };
		unsigned k = (op >> 1) & 3;

		if (off + lens[k] <= RAM_SIZE)
			memcpy(ram + off, pats[k], lens[k]);
		if (k == 0 && off + 8 < RAM_SIZE)
			ram[off + 8] = fuzz__u8(in); /* the value stored */
	} else {
		for (unsigned n = op >> 1; n && in->left; n--, off++)
			ram[off % RAM_SIZE] = fuzz__u8(in);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct kvm_regs regs, saved;
	struct guest_mem mem;
	bool real, done;

	if (!ram) {
		/* from malloc, not mmap: ASan sees every byte past the end */
		ram = malloc(RAM_SIZE);
		ref_ram = malloc(RAM_SIZE);
		before = malloc(RAM_SIZE);
		if (!ram || !ref_ram || !before)
			abort();
	}
	memset(ram, 0, RAM_SIZE);
	mem = (struct guest_mem){ .host = ram, .size = RAM_SIZE };
	memset(&regs, 0, sizeof(regs));
	real = fuzz__u8(&in) & 1;
	regs.rax = fuzz__u64(&in);
	regs.rbx = fuzz__u64(&in);
	regs.rcx = fuzz__u64(&in);
	regs.rdx = fuzz__u64(&in);
	uint64_t cs_base = 0, es_base = 0, pc;
	uint32_t es_limit = 0;

	if (real) {
		regs.rip = fuzz__u16(&in);
		cs_base = fuzz__u32(&in) % RAM_SIZE;
		es_base = fuzz__u32(&in) % (2 * RAM_SIZE);
		es_limit = fuzz__u32(&in);
		/* the CPU's ZF at the je: from the cmp just before it */
		regs.rflags = 0x2 | ((uint32_t)regs.rdx == (uint32_t)regs.rcx ? ZF : 0);
		pc = cs_base + regs.rip;
	} else {
		regs.rip = fuzz__u32(&in) % RAM_SIZE;
		regs.rflags = 0x2;
		pc = regs.rip;
	}
	while (in.left)
		place(&in);

	/* jump-to-self, on every mode, at RIP and around it */
	for (int m = 16; m <= 64; m *= 2)
		for (uint64_t a = pc >= 6 ? pc - 6 : 0; a <= pc && a < RAM_SIZE; a++)
			insn__is_jump_to_self(ram + a, RAM_SIZE - a > 16 ? 16 : RAM_SIZE - a,
					      (enum insn_mode)m);

	/* as run.c: the code is RAM around RIP, and nothing when that is not RAM */
	if (pc < BACK || pc + BACK > RAM_SIZE)
		return 0;
	const uint8_t *code = guest_mem__ptr(&mem, pc - BACK, 2 * BACK);

	fuzz__check(code == ram + pc - BACK, "guest_mem__ptr");
	memcpy(before, ram, RAM_SIZE);
	memcpy(ref_ram, ram, RAM_SIZE);
	saved = regs;
	done = real ? fastpath__finish_real(code, 2 * BACK, BACK, &regs, es_base, es_limit, &mem) :
		      fastpath__finish(code, 2 * BACK, BACK, pc, &regs, &mem);
	if (!done) {
		fuzz__check(!memcmp(&regs, &saved, sizeof(regs)), "declined, but changed registers");
		fuzz__check(!memcmp(ram, before, RAM_SIZE), "declined, but changed RAM");
		return 0;
	}

	/* it finished a loop: which, and what running it gives */
	static const uint8_t memset_starts[] = { 0, 2, 4, 5, 9 }, sum_starts[] = { 0, 2, 4, 6, 7 },
			     es_starts[] = { 0, 3, 5, 9, 12, 14 };
	struct cpu c = { (uint32_t)saved.rax, (uint32_t)saved.rbx, (uint32_t)saved.rcx,
			 (uint32_t)saved.rdx, 0, false };
	enum end e;
	int64_t head;
	uint64_t want_rip;

	if (real) {
		head = find_loop(pc, es_sum_loop, sizeof(es_sum_loop), es_starts, sizeof(es_starts),
				 (size_t)-1);
		fuzz__check(head >= 0, "finished a real-mode loop that is not there");
		c.ip = pc - (uint64_t)head;
		c.zf = saved.rflags & ZF;
		e = run_es_sum(&c, es_base, es_limit);
		/* IP counts in 16 bits: the head is IP - offset, wrapping in the segment */
		want_rip = (saved.rip - (pc - (uint64_t)head)) & 0xffff;
	} else {
		int64_t h1 = find_loop(pc, memset_loop, sizeof(memset_loop), memset_starts,
				       sizeof(memset_starts), 8);
		int64_t h2 = find_loop(pc, sum_loop, sizeof(sum_loop), sum_starts, sizeof(sum_starts),
				       (size_t)-1);

		fuzz__check(h1 >= 0 || h2 >= 0, "finished a flat loop that is not there");
		head = h1 >= 0 ? h1 : h2;
		c.ip = pc - (uint64_t)head;
		/* the flags at the jz: from the test or cmp just before it */
		if (h1 >= 0) {
			c.zf = c.ip == 2 && c.edx == 0;
			e = run_memset(&c, (uint64_t)head, ram[head + 8]);
		} else {
			c.zf = c.ip == 2 && c.eax == c.edx;
			e = run_sum(&c);
		}
		want_rip = (uint64_t)head;
	}
	fuzz__check(e == END_HEAD, "finished a loop the CPU would not finish so (%d)", (int)e);
	fuzz__check(regs.rip == want_rip, "RIP 0x%llx, the loop's head is at 0x%llx",
		    (unsigned long long)regs.rip, (unsigned long long)want_rip);
	fuzz__check((uint32_t)regs.rax == c.eax && (uint32_t)regs.rbx == c.ebx &&
			    (uint32_t)regs.rcx == c.ecx && (uint32_t)regs.rdx == c.edx,
		    "registers eax %x ebx %x ecx %x edx %x; the loop gives %x %x %x %x",
		    (uint32_t)regs.rax, (uint32_t)regs.rbx, (uint32_t)regs.rcx, (uint32_t)regs.rdx,
		    c.eax, c.ebx, c.ecx, c.edx);
	fuzz__check(regs.rax >> 32 == saved.rax >> 32 && regs.rbx >> 32 == saved.rbx >> 32 &&
			    regs.rcx >> 32 == saved.rcx >> 32 && regs.rdx >> 32 == saved.rdx >> 32,
		    "upper halves changed");
	fuzz__check(!memcmp(ram, ref_ram, RAM_SIZE), "RAM differs from what the loop writes");
	return 0;
}
