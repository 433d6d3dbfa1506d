/* fastpath_test.c - unit tests for finishing SeaBIOS's byte memset and checksum loops and the VGA BIOS's checksum on the host (harness/vmm/fastpath.[ch]). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <linux/kvm.h>

#include "vmm/fastpath.h"
#include "vmm/guest_mem.h"

#define RAM_SIZE  0x10000u
#define LOOP_AT   0x1000u /* loop head, guest physical */
#define DATA_AT   0x4000u /* where the loops' buffers go */
#define BACK      16u     /* code bytes before RIP, as run.c hands them over */
#define WINDOW    (2 * BACK)
#define FILL      0x5a    /* every byte not otherwise set, guards included */
#define DATA_FILL 0x11    /* a memset's buffer before the loop runs */

/* upper halves that a 32-bit loop must leave alone */
#define RAX_HI 0x1122334400000000ULL
#define RCX_HI 0x99aabbccddeeff00ULL
#define RDX_HI 0x5566778800000000ULL

/* the loops as SeaBIOS has them, written out independently of fastpath.c */
static const uint8_t memset_loop[] = { 0x85, 0xd2, 0x74, 0x07, 0x4a, 0xc6,
				       0x04, 0x10, 0x00, 0xeb, 0xf5 };
#define MEMSET_IMM 8
static const uint8_t sum_loop[] = { 0x39, 0xd0, 0x74, 0x05, 0x02, 0x08, 0x40, 0xeb, 0xf7 };

static const unsigned memset_starts[] = { 0, 2, 4, 5, 9 };
static const unsigned memset_middles[] = { 1, 3, 6, 7, 8, 10 };
static const unsigned sum_starts[] = { 0, 2, 4, 6, 7 };
static const unsigned sum_middles[] = { 1, 3, 5, 8 };
static const uint32_t counts[] = { 1, 2, 1000 };

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct fixture {
	struct guest_mem ram; /* what fastpath__finish works on */
	struct guest_mem ref; /* what the reference interpreter works on */
};

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));

	if (!f)
		return -1;
	if (guest_mem__alloc(&f->ram, RAM_SIZE) < 0 || guest_mem__alloc(&f->ref, RAM_SIZE) < 0) {
		guest_mem__free(&f->ram);
		test_free(f);
		return -1;
	}
	memset(f->ram.host, FILL, RAM_SIZE);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	guest_mem__free(&f->ram);
	guest_mem__free(&f->ref);
	test_free(f);
	return 0;
}

/* RAM all FILL but for a memset loop (immediate VALUE) at LOOP_AT. */
static void place_memset(struct fixture *f, uint8_t value)
{
	memset(f->ram.host, FILL, RAM_SIZE);
	memcpy(f->ram.host + LOOP_AT, memset_loop, sizeof(memset_loop));
	f->ram.host[LOOP_AT + MEMSET_IMM] = value;
}

/* RAM all FILL but for a checksum loop at LOOP_AT. */
static void place_sum(struct fixture *f)
{
	memset(f->ram.host, FILL, RAM_SIZE);
	memcpy(f->ram.host + LOOP_AT, sum_loop, sizeof(sum_loop));
}

/* Some bytes worth summing at [AT, AT+LEN), the loop at LOOP_AT left as it is. */
static void place_data(struct fixture *f, uint32_t at, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		if (at + i < LOOP_AT || at + i >= LOOP_AT + sizeof(sum_loop))
			f->ram.host[at + i] = (uint8_t)(i * 37 + 11);
}

/* Registers with every field distinct, RIP at guest address PC. */
static struct kvm_regs make_regs(uint64_t pc, uint32_t eax, uint32_t edx, uint8_t cl)
{
	struct kvm_regs r = {
		.rax = RAX_HI | eax, .rbx = 0xb0b0b0b0b0b0b0b0ULL,
		.rcx = RCX_HI | cl,  .rdx = RDX_HI | edx,
		.rsi = 0x5151515151515151ULL, .rdi = 0xd1d1d1d1d1d1d1d1ULL,
		.rsp = 0x7000, .rbp = 0x7100,
		.r8 = 8, .r9 = 9, .r10 = 10, .r11 = 11, .r12 = 12, .r13 = 13, .r14 = 14, .r15 = 15,
		.rip = pc, .rflags = 0x2,
	};
	return r;
}

/* fastpath__finish as run.c calls it: WINDOW bytes of RAM, RIP BACK bytes in. */
static bool finish(struct fixture *f, uint64_t pc, struct kvm_regs *regs)
{
	return fastpath__finish(f->ram.host + pc - BACK, WINDOW, BACK, pc, regs, &f->ram);
}

/*
 * Reference: the memset loop one instruction at a time from R->rip until
 * its jz would leave, then back at HEAD, where the fast path stops.
 */
static void ref_memset(struct kvm_regs *r, struct guest_mem *m, uint64_t head, uint8_t value)
{
	uint32_t eax = (uint32_t)r->rax, edx = (uint32_t)r->rdx;
	bool zf = edx == 0; /* as `test edx, edx` left it, for a start at the jz */
	unsigned at = (unsigned)(r->rip - head);
	uint8_t *p;

	for (unsigned long steps = 0;; steps++) {
		assert_true(steps < 100000);
		switch (at) {
		case 0: /* test edx, edx */
			zf = edx == 0;
			at = 2;
			break;
		case 2: /* jz out */
			if (zf)
				goto out;
			at = 4;
			break;
		case 4: /* dec edx */
			edx--;
			at = 5;
			break;
		case 5: /* mov byte [eax+edx], value */
			p = guest_mem__ptr(m, (uint32_t)(eax + edx), 1);
			assert_non_null(p);
			*p = value;
			at = 9;
			break;
		case 9: /* jmp head */
			at = 0;
			break;
		default:
			fail_msg("memset reference started at offset %u", at);
		}
	}
out:
	r->rdx = (r->rdx & ~0xffffffffULL) | edx;
	r->rip = head;
}

/* Reference: the checksum loop likewise. */
static void ref_sum(struct kvm_regs *r, struct guest_mem *m, uint64_t head)
{
	uint32_t eax = (uint32_t)r->rax, edx = (uint32_t)r->rdx;
	uint8_t cl = (uint8_t)r->rcx;
	bool zf = eax == edx; /* as `cmp eax, edx` left it */
	unsigned at = (unsigned)(r->rip - head);
	const uint8_t *p;

	for (unsigned long steps = 0;; steps++) {
		assert_true(steps < 100000);
		switch (at) {
		case 0: /* cmp eax, edx */
			zf = eax == edx;
			at = 2;
			break;
		case 2: /* jz out */
			if (zf)
				goto out;
			at = 4;
			break;
		case 4: /* add cl, [eax] */
			p = guest_mem__ptr(m, eax, 1);
			assert_non_null(p);
			cl = (uint8_t)(cl + *p);
			at = 6;
			break;
		case 6: /* inc eax */
			eax++;
			at = 7;
			break;
		case 7: /* jmp head */
			at = 0;
			break;
		default:
			fail_msg("checksum reference started at offset %u", at);
		}
	}
out:
	r->rax = (r->rax & ~0xffffffffULL) | eax;
	r->rcx = (r->rcx & ~0xffULL) | cl;
	r->rip = head;
}

static const char *const reg_names[] = {
	"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rsp", "rbp", "r8",  "r9",
	"r10", "r11", "r12", "r13", "r14", "r15", "rip", "rflags",
};

/* Fail with WHAT and the first register and the first RAM byte that differ. */
static void expect_same(const struct fixture *f, const struct kvm_regs *got,
			const struct kvm_regs *want, const uint8_t *want_ram, const char *what)
{
	uint64_t g[ARRAY_SIZE(reg_names)], w[ARRAY_SIZE(reg_names)];

	_Static_assert(sizeof(g) == sizeof(*got), "struct kvm_regs is 18 registers");
	memcpy(g, got, sizeof(g));
	memcpy(w, want, sizeof(w));
	for (size_t i = 0; i < ARRAY_SIZE(reg_names); i++)
		if (g[i] != w[i])
			fail_msg("%s: %s = 0x%llx, want 0x%llx", what, reg_names[i],
				 (unsigned long long)g[i], (unsigned long long)w[i]);
	for (uint32_t a = 0; a < RAM_SIZE; a++)
		if (f->ram.host[a] != want_ram[a])
			fail_msg("%s: byte 0x%x = 0x%02x, want 0x%02x", what, a, f->ram.host[a],
				 want_ram[a]);
}

/* fastpath__finish on REGS must refuse and change nothing. */
static void expect_refused(struct fixture *f, const uint8_t *code, unsigned n, unsigned back,
			   uint64_t pc, const struct kvm_regs *regs, const char *what)
{
	struct kvm_regs r = *regs;

	memcpy(f->ref.host, f->ram.host, RAM_SIZE);
	if (fastpath__finish(code, n, back, pc, &r, &f->ram))
		fail_msg("%s: taken", what);
	expect_same(f, &r, regs, f->ref.host, what);
}

/* As run.c calls it. */
static void expect_refused_at(struct fixture *f, uint64_t pc, const struct kvm_regs *regs,
			      const char *what)
{
	expect_refused(f, f->ram.host + pc - BACK, WINDOW, BACK, pc, regs, what);
}

/* One memset: COUNT bytes still to store at DST when RIP is at loop offset OFF. */
static void check_memset(struct fixture *f, unsigned off, uint32_t count, uint8_t value,
			 uint32_t dst)
{
	uint64_t pc = LOOP_AT + off;
	/* at the mov, dec edx has run but the byte at edx is not yet stored */
	struct kvm_regs regs = make_regs(pc, dst, off == 5 ? count - 1 : count, 0x33);
	struct kvm_regs want = regs;
	uint8_t below, above;
	char what[96];

	snprintf(what, sizeof(what), "memset off %u count %u value 0x%02x at 0x%x", off,
		 count, value, dst);
	place_memset(f, value);
	memset(f->ram.host + dst, DATA_FILL, count);
	below = f->ram.host[dst - 1];
	above = f->ram.host[dst + count];
	memcpy(f->ref.host, f->ram.host, RAM_SIZE);
	ref_memset(&want, &f->ref, LOOP_AT, value);

	if (!finish(f, pc, &regs))
		fail_msg("%s: refused", what);
	expect_same(f, &regs, &want, f->ref.host, what);

	/* what the reference did, spelled out */
	assert_int_equal(regs.rip, LOOP_AT);
	assert_int_equal(regs.rdx, RDX_HI);
	for (uint32_t i = 0; i < count; i++)
		if (f->ram.host[dst + i] != value)
			fail_msg("%s: byte %u = 0x%02x", what, i, f->ram.host[dst + i]);
	assert_int_equal(f->ram.host[dst - 1], below);
	assert_int_equal(f->ram.host[dst + count], above);
}

static void test_memset(void **state)
{
	struct fixture *f = *state;
	static const uint8_t values[] = { 0xab, 0x00, 0xff };

	for (size_t v = 0; v < ARRAY_SIZE(values); v++)
		for (size_t o = 0; o < ARRAY_SIZE(memset_starts); o++)
			for (size_t c = 0; c < ARRAY_SIZE(counts); c++)
				check_memset(f, memset_starts[o], counts[c], values[v], DATA_AT);
}

/* Right up against the loop's code on either side is fine. */
static void test_memset_next_to_code(void **state)
{
	struct fixture *f = *state;

	for (size_t o = 0; o < ARRAY_SIZE(memset_starts); o++) {
		check_memset(f, memset_starts[o], 16, 0xab, LOOP_AT - 16);
		check_memset(f, memset_starts[o], 16, 0xab, LOOP_AT + sizeof(memset_loop));
	}
}

/* The last bytes of RAM are reachable. */
static void test_memset_end_of_ram(void **state)
{
	struct fixture *f = *state;
	uint64_t pc = LOOP_AT;
	struct kvm_regs regs = make_regs(pc, RAM_SIZE - 8, 8, 0);

	place_memset(f, 0xab);
	assert_true(finish(f, pc, &regs));
	assert_int_equal(regs.rdx, RDX_HI);
	for (uint32_t a = RAM_SIZE - 8; a < RAM_SIZE; a++)
		assert_int_equal(f->ram.host[a], 0xab);
	assert_int_equal(f->ram.host[RAM_SIZE - 9], FILL);
}

/* One checksum: COUNT bytes still to add from DST when RIP is at loop offset OFF. */
static void check_sum(struct fixture *f, unsigned off, uint32_t count, uint32_t src)
{
	uint64_t pc = LOOP_AT + off;
	/* at the inc, the add of [eax] is done and eax not yet moved on */
	uint32_t eax = off == 6 ? src - 1 : src;
	struct kvm_regs regs = make_regs(pc, eax, src + count, 0x5c);
	struct kvm_regs want = regs;
	uint8_t sum = 0x5c;
	char what[96];

	snprintf(what, sizeof(what), "checksum off %u count %u at 0x%x", off, count, src);
	place_sum(f);
	place_data(f, src, count);
	memcpy(f->ref.host, f->ram.host, RAM_SIZE);
	ref_sum(&want, &f->ref, LOOP_AT);

	if (!finish(f, pc, &regs))
		fail_msg("%s: refused", what);
	expect_same(f, &regs, &want, f->ref.host, what);

	/* what the reference did, spelled out */
	for (uint32_t i = 0; i < count; i++)
		sum = (uint8_t)(sum + f->ram.host[src + i]);
	assert_int_equal(regs.rcx, RCX_HI | sum);
	assert_int_equal(regs.rax, RAX_HI | (src + count));
	assert_int_equal(regs.rdx, RDX_HI | (src + count));
	assert_int_equal(regs.rip, LOOP_AT);
}

static void test_sum(void **state)
{
	struct fixture *f = *state;

	for (size_t o = 0; o < ARRAY_SIZE(sum_starts); o++)
		for (size_t c = 0; c < ARRAY_SIZE(counts); c++)
			check_sum(f, sum_starts[o], counts[c], DATA_AT);
}

/* The buffer may hold the loop itself, and may end at the end of RAM. */
static void test_sum_ranges(void **state)
{
	struct fixture *f = *state;

	for (size_t o = 0; o < ARRAY_SIZE(sum_starts); o++) {
		check_sum(f, sum_starts[o], 64, LOOP_AT - 32);
		check_sum(f, sum_starts[o], 64, RAM_SIZE - 64);
	}
}

/* `inc eax` from 0xffffffff wraps to 0, and the loop carries on from there. */
static void test_sum_inc_wraps(void **state)
{
	struct fixture *f = *state;
	uint64_t pc = LOOP_AT + 6;
	struct kvm_regs regs = make_regs(pc, 0xffffffff, 0x100, 0x01);
	struct kvm_regs want = regs;

	place_sum(f);
	place_data(f, 0, 0x100);
	memcpy(f->ref.host, f->ram.host, RAM_SIZE);
	ref_sum(&want, &f->ref, LOOP_AT);

	assert_true(finish(f, pc, &regs));
	expect_same(f, &regs, &want, f->ref.host, "checksum inc wraps");
	assert_int_equal(regs.rax, RAX_HI | 0x100);
}

/* Code that is not one of the loops, or RIP not at one of its instructions. */
static void test_refuse_not_a_loop(void **state)
{
	struct fixture *f = *state;
	/* nothing but FILL, NOPs, zeroes around RIP */
	static const uint8_t others[] = { FILL, 0x90, 0x00 };
	struct kvm_regs before, after;
	char what[64];

	for (size_t i = 0; i < ARRAY_SIZE(others); i++) {
		memset(f->ram.host, others[i], RAM_SIZE);
		struct kvm_regs regs = make_regs(LOOP_AT, DATA_AT, 16, 0);

		snprintf(what, sizeof(what), "all 0x%02x", others[i]);
		expect_refused_at(f, LOOP_AT, &regs, what);
	}

	/* RIP in the middle of an instruction */
	place_memset(f, 0xab);
	for (size_t i = 0; i < ARRAY_SIZE(memset_middles); i++) {
		struct kvm_regs regs = make_regs(LOOP_AT + memset_middles[i], DATA_AT, 16, 0);

		snprintf(what, sizeof(what), "memset off %u", memset_middles[i]);
		expect_refused_at(f, LOOP_AT + memset_middles[i], &regs, what);
	}
	place_sum(f);
	for (size_t i = 0; i < ARRAY_SIZE(sum_middles); i++) {
		struct kvm_regs regs = make_regs(LOOP_AT + sum_middles[i], DATA_AT, DATA_AT + 16,
						 0);

		snprintf(what, sizeof(what), "checksum off %u", sum_middles[i]);
		expect_refused_at(f, LOOP_AT + sum_middles[i], &regs, what);
	}

	/* RIP just outside either loop */
	place_memset(f, 0xab);
	before = make_regs(LOOP_AT - 1, DATA_AT, 16, 0);
	after = make_regs(LOOP_AT + sizeof(memset_loop), DATA_AT, 16, 0);
	expect_refused_at(f, LOOP_AT - 1, &before, "before memset");
	expect_refused_at(f, LOOP_AT + sizeof(memset_loop), &after, "after memset");
	place_sum(f);
	before = make_regs(LOOP_AT - 1, DATA_AT, DATA_AT + 16, 0);
	after = make_regs(LOOP_AT + sizeof(sum_loop), DATA_AT, DATA_AT + 16, 0);
	expect_refused_at(f, LOOP_AT - 1, &before, "before checksum");
	expect_refused_at(f, LOOP_AT + sizeof(sum_loop), &after, "after checksum");
}

/* Either loop with any one byte changed (but the memset's immediate) is not the loop. */
static void test_refuse_changed_byte(void **state)
{
	struct fixture *f = *state;
	static const uint8_t flips[] = { 0x01, 0x80, 0xff };
	char what[64];

	for (unsigned b = 0; b < sizeof(memset_loop); b++) {
		if (b == MEMSET_IMM)
			continue;
		for (size_t x = 0; x < ARRAY_SIZE(flips); x++) {
			place_memset(f, 0xab);
			f->ram.host[LOOP_AT + b] ^= flips[x];
			for (size_t o = 0; o < ARRAY_SIZE(memset_starts); o++) {
				uint64_t pc = LOOP_AT + memset_starts[o];
				struct kvm_regs regs = make_regs(pc, DATA_AT, 16, 0);

				snprintf(what, sizeof(what), "memset byte %u ^ 0x%02x, off %u", b,
					 flips[x], memset_starts[o]);
				expect_refused_at(f, pc, &regs, what);
			}
		}
	}
	for (unsigned b = 0; b < sizeof(sum_loop); b++) {
		for (size_t x = 0; x < ARRAY_SIZE(flips); x++) {
			place_sum(f);
			f->ram.host[LOOP_AT + b] ^= flips[x];
			for (size_t o = 0; o < ARRAY_SIZE(sum_starts); o++) {
				uint64_t pc = LOOP_AT + sum_starts[o];
				struct kvm_regs regs = make_regs(pc, DATA_AT, DATA_AT + 16, 0);

				snprintf(what, sizeof(what), "checksum byte %u ^ 0x%02x, off %u", b,
					 flips[x], sum_starts[o]);
				expect_refused_at(f, pc, &regs, what);
			}
		}
	}
}

/* A memset with nothing left to store. */
static void test_refuse_memset_count(void **state)
{
	struct fixture *f = *state;
	char what[64];

	place_memset(f, 0xab);
	for (size_t o = 0; o < ARRAY_SIZE(memset_starts); o++) {
		unsigned off = memset_starts[o];
		/* at the mov, edx = 0xffffffff would mean 2^32 bytes */
		uint32_t edx = off == 5 ? 0xffffffff : 0;
		struct kvm_regs regs = make_regs(LOOP_AT + off, DATA_AT, edx, 0);

		snprintf(what, sizeof(what), "memset off %u, nothing left", off);
		expect_refused_at(f, LOOP_AT + off, &regs, what);
	}
}

/* A checksum with eax at or past edx. */
static void test_refuse_sum_range(void **state)
{
	struct fixture *f = *state;
	static const struct {
		uint32_t eax, edx;
	} cases[] = {
		{ DATA_AT, DATA_AT }, { DATA_AT + 1, DATA_AT }, { DATA_AT + 100, DATA_AT },
		{ 0xffffffff, 0 },    { 0xffffffff, 0xffffffff },
	};
	char what[80];

	place_sum(f);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		for (size_t o = 0; o < ARRAY_SIZE(sum_starts); o++) {
			unsigned off = sum_starts[o];
			struct kvm_regs regs = make_regs(LOOP_AT + off, cases[i].eax, cases[i].edx,
							 0);

			/* at the inc, eax 0xffffffff goes on from 0: nothing left, or out of RAM */
			snprintf(what, sizeof(what), "checksum off %u eax 0x%x edx 0x%x", off,
				 cases[i].eax, cases[i].edx);
			expect_refused_at(f, LOOP_AT + off, &regs, what);
		}
	}
	/* at the inc, eax + 1 == edx: the last byte is already added */
	struct kvm_regs regs = make_regs(LOOP_AT + 6, DATA_AT - 1, DATA_AT, 0);

	expect_refused_at(f, LOOP_AT + 6, &regs, "checksum off 6, last byte added");
}

/* Ranges that leave RAM or wrap 4 GiB. */
static void test_refuse_outside_ram(void **state)
{
	struct fixture *f = *state;
	static const struct {
		uint32_t eax, count;
	} memsets[] = {
		{ RAM_SIZE - 8, 9 },   { RAM_SIZE - 1, 2 },   { RAM_SIZE, 1 },
		{ 0x80000000, 16 },    { 0xfffffff0, 0x20 },  { 0xffffffff, 2 },
		{ DATA_AT, 0xffffffff }, { 0xffffff00, 0x200 },
	}, sums[] = {
		{ RAM_SIZE - 8, 9 }, { RAM_SIZE, 1 }, { DATA_AT, 0xffffffff - DATA_AT },
		{ 0x80000000, 16 }, { 0xfffffff0, 0xf },
	};
	char what[96];

	place_memset(f, 0xab);
	for (size_t i = 0; i < ARRAY_SIZE(memsets); i++) {
		for (size_t o = 0; o < ARRAY_SIZE(memset_starts); o++) {
			unsigned off = memset_starts[o];
			uint32_t edx = off == 5 ? memsets[i].count - 1 : memsets[i].count;
			struct kvm_regs regs = make_regs(LOOP_AT + off, memsets[i].eax, edx, 0);

			snprintf(what, sizeof(what), "memset off %u [0x%x, +0x%x)", off,
				 memsets[i].eax, memsets[i].count);
			expect_refused_at(f, LOOP_AT + off, &regs, what);
		}
	}
	place_sum(f);
	for (size_t i = 0; i < ARRAY_SIZE(sums); i++) {
		for (size_t o = 0; o < ARRAY_SIZE(sum_starts); o++) {
			unsigned off = sum_starts[o];
			uint32_t eax = off == 6 ? sums[i].eax - 1 : sums[i].eax;
			struct kvm_regs regs = make_regs(LOOP_AT + off, eax,
							 sums[i].eax + sums[i].count, 0);

			snprintf(what, sizeof(what), "checksum off %u [0x%x, +0x%x)", off,
				 sums[i].eax, sums[i].count);
			expect_refused_at(f, LOOP_AT + off, &regs, what);
		}
	}
}

/* A memset that would overwrite its own loop. */
static void test_refuse_memset_over_code(void **state)
{
	struct fixture *f = *state;
	static const struct {
		uint32_t eax, count;
	} cases[] = {
		{ LOOP_AT - 16, 17 },     /* reaches the first byte */
		{ LOOP_AT + 10, 1 },      /* just the last byte */
		{ LOOP_AT + 10, 16 },     /* from the last byte on */
		{ LOOP_AT + 4, 2 },       /* inside */
		{ 0, RAM_SIZE },          /* all of RAM */
		{ LOOP_AT - 1, 13 },      /* all of it and more */
	};
	char what[80];

	place_memset(f, 0xab);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		for (size_t o = 0; o < ARRAY_SIZE(memset_starts); o++) {
			unsigned off = memset_starts[o];
			uint32_t edx = off == 5 ? cases[i].count - 1 : cases[i].count;
			struct kvm_regs regs = make_regs(LOOP_AT + off, cases[i].eax, edx, 0);

			snprintf(what, sizeof(what), "memset off %u [0x%x, +0x%x)", off,
				 cases[i].eax, cases[i].count);
			expect_refused_at(f, LOOP_AT + off, &regs, what);
		}
	}
}

/* The code window: BACK must be inside it, and it must hold the whole loop around RIP. */
static void test_refuse_window(void **state)
{
	struct fixture *f = *state;
	const uint8_t *ram = f->ram.host;
	char what[80];

	for (int which = 0; which < 2; which++) {
		const unsigned *starts = which ? sum_starts : memset_starts;
		size_t nstarts = which ? ARRAY_SIZE(sum_starts) : ARRAY_SIZE(memset_starts);
		unsigned len = which ? sizeof(sum_loop) : sizeof(memset_loop);
		const char *name = which ? "checksum" : "memset";

		if (which)
			place_sum(f);
		else
			place_memset(f, 0xab);
		for (size_t o = 0; o < nstarts; o++) {
			unsigned off = starts[o];
			uint64_t pc = LOOP_AT + off;
			struct kvm_regs regs = make_regs(pc, DATA_AT, which ? DATA_AT + 16 : 16, 0);

			/* back >= n */
			snprintf(what, sizeof(what), "%s off %u, back == n", name, off);
			expect_refused(f, ram + pc - BACK, BACK, BACK, pc, &regs, what);
			snprintf(what, sizeof(what), "%s off %u, back > n", name, off);
			expect_refused(f, ram + pc - BACK, BACK - 1, BACK, pc, &regs, what);
			expect_refused(f, ram + pc, 0, 0, pc, &regs, what);

			/* one byte short at the end: from the head, n = len - 1 */
			snprintf(what, sizeof(what), "%s off %u, end cut", name, off);
			expect_refused(f, ram + LOOP_AT, len - 1, off, pc, &regs, what);
			expect_refused(f, ram + pc - BACK, BACK + len - off - 1, BACK, pc, &regs,
				       what);

			/* the head not in the window: RIP at code[0] (off > 0 only) */
			if (off) {
				snprintf(what, sizeof(what), "%s off %u, head cut", name, off);
				expect_refused(f, ram + pc, WINDOW, 0, pc, &regs, what);
				expect_refused(f, ram + LOOP_AT + 1, WINDOW, off - 1, pc, &regs,
					       what);
			}
		}
	}
}

/* The smallest window that holds the loop is enough. */
static void test_window_exact(void **state)
{
	struct fixture *f = *state;
	char what[80];

	for (size_t o = 0; o < ARRAY_SIZE(memset_starts); o++) {
		unsigned off = memset_starts[o];
		uint64_t pc = LOOP_AT + off;
		struct kvm_regs regs = make_regs(pc, DATA_AT, off == 5 ? 15 : 16, 0);

		place_memset(f, 0xab);
		snprintf(what, sizeof(what), "memset off %u, exact window", off);
		if (!fastpath__finish(f->ram.host + LOOP_AT, sizeof(memset_loop), off, pc, &regs,
				      &f->ram))
			fail_msg("%s: refused", what);
		assert_int_equal(regs.rip, LOOP_AT);
		assert_int_equal(f->ram.host[DATA_AT + 15], 0xab);
	}
	for (size_t o = 0; o < ARRAY_SIZE(sum_starts); o++) {
		unsigned off = sum_starts[o];
		uint64_t pc = LOOP_AT + off;
		struct kvm_regs regs = make_regs(pc, off == 6 ? DATA_AT - 1 : DATA_AT,
						 DATA_AT + 16, 0);

		place_sum(f);
		snprintf(what, sizeof(what), "checksum off %u, exact window", off);
		if (!fastpath__finish(f->ram.host + LOOP_AT, sizeof(sum_loop), off, pc, &regs,
				      &f->ram))
			fail_msg("%s: refused", what);
		assert_int_equal(regs.rip, LOOP_AT);
		assert_int_equal(regs.rax, RAX_HI | (DATA_AT + 16));
	}
}

/* ---- the VGA BIOS's checksum: 16-bit code, 32-bit addressing through ES ---- */

static const uint8_t es_sum_loop[] = { 0x66, 0x39, 0xca, 0x74, 0x0b, 0x26, 0x67, 0x8a,
				       0x19, 0x66, 0x01, 0xd8, 0x66, 0x41, 0xeb, 0xf0 };
static const unsigned es_sum_starts[] = { 0, 3, 5, 9, 12, 14 };
static const unsigned es_sum_middles[] = { 1, 2, 4, 6, 7, 8, 10, 11, 13, 15 };
#define ES_BASE 0x4000u   /* the ROM's segment base (ES = 0x400) */
#define ES_LIMIT 0xffffu
#define ES_IP 0x0fc2u     /* the loop head's IP; CS base 0, so also its address */
#define RFLAGS_ZF 0x40u

/* RAM all FILL but the loop at ES_IP and some bytes to sum in ES. */
static void place_es_sum(struct fixture *f)
{
	memset(f->ram.host, FILL, RAM_SIZE);
	memcpy(f->ram.host + ES_IP, es_sum_loop, sizeof(es_sum_loop));
	for (uint32_t i = 0; i < RAM_SIZE - ES_BASE; i++)
		f->ram.host[ES_BASE + i] = (uint8_t)(i * 91 + 7);
}

/*
 * Reference: the loop one instruction at a time from R->rip until the
 * cmp at the head finds ECX == EDX (where the fast path stops).
 */
static void ref_es_sum(struct kvm_regs *r, const struct guest_mem *m, uint16_t head)
{
	uint32_t eax = (uint32_t)r->rax, ebx = (uint32_t)r->rbx, ecx = (uint32_t)r->rcx;
	uint32_t edx = (uint32_t)r->rdx;
	unsigned off = (unsigned)(r->rip - head);

	for (;;) {
		switch (off) {
		case 0:
			if (ecx == edx)
				goto out;
			off = 3;
			break;
		case 3:
			off = 5; /* ZF clear: the cmp found them different */
			break;
		case 5:
			ebx = (ebx & ~0xffu) | m->host[ES_BASE + ecx];
			off = 9;
			break;
		case 9:
			eax += ebx;
			off = 12;
			break;
		case 12:
			ecx++;
			off = 14;
			break;
		default:
			off = 0;
			break;
		}
	}
out:
	r->rax = (r->rax & ~0xffffffffULL) | eax;
	r->rbx = (r->rbx & ~0xffffffffULL) | ebx;
	r->rcx = (r->rcx & ~0xffffffffULL) | ecx;
	r->rip = head;
}

static bool finish_real(struct fixture *f, struct kvm_regs *regs, uint32_t limit)
{
	uint64_t pc = regs->rip;

	return fastpath__finish_real(f->ram.host + pc - BACK, WINDOW, BACK, regs, ES_BASE, limit,
				     &f->ram);
}

/* One checksum: from ES:FROM to ES:END with RIP at loop offset OFF. */
static void check_es_sum(struct fixture *f, unsigned off, uint32_t from, uint32_t end,
			 uint32_t ebx_hi)
{
	struct kvm_regs regs = make_regs(ES_IP + off, 0x12345678, end, 0);
	char what[96];

	regs.rcx = (RCX_HI & ~0xffffffffULL) | from;
	regs.rbx = 0xb0b0b0b000000000ULL | ebx_hi | 0x5a;
	if (off == 9) /* the mov has loaded the byte at ECX */
		regs.rbx = (regs.rbx & ~0xffULL) | f->ram.host[ES_BASE + from];
	struct kvm_regs want = regs;

	ref_es_sum(&want, &f->ram, ES_IP);
	memcpy(f->ref.host, f->ram.host, RAM_SIZE);
	snprintf(what, sizeof(what), "es sum at +%u, 0x%x..0x%x, ebx 0x%x", off, from, end, ebx_hi);
	if (!finish_real(f, &regs, ES_LIMIT))
		fail_msg("%s: not taken", what);
	expect_same(f, &regs, &want, f->ref.host, what);
}

static void test_es_sum(void **state)
{
	struct fixture *f = *state;

	place_es_sum(f);
	for (size_t s = 0; s < ARRAY_SIZE(es_sum_starts); s++) {
		unsigned off = es_sum_starts[s];

		for (size_t c = 0; c < ARRAY_SIZE(counts); c++) {
			uint32_t from = 0x100, end = from + counts[c];

			/* at the inc and later the byte at ECX is summed: leave one more */
			if (off >= 9 && counts[c] == 1)
				end++;
			check_es_sum(f, off, from, end, 0);
			/* the upper bits of EBX are added with every byte, as `add eax, ebx` does */
			check_es_sum(f, off, from, end, 0x00abcd00);
		}
	}
	/* the whole of a 39 KiB ROM, as the VGA BIOS sums itself */
	check_es_sum(f, 0, 0, 39424 < RAM_SIZE - ES_BASE ? 39424 : RAM_SIZE - ES_BASE, 0);
}

/* fastpath__finish_real on REGS must refuse and change nothing. */
static void expect_real_refused(struct fixture *f, const struct kvm_regs *regs, uint32_t limit,
				const char *what)
{
	struct kvm_regs r = *regs;

	memcpy(f->ref.host, f->ram.host, RAM_SIZE);
	if (finish_real(f, &r, limit))
		fail_msg("%s: taken", what);
	expect_same(f, &r, regs, f->ref.host, what);
}

static void test_es_sum_refused(void **state)
{
	struct fixture *f = *state;
	struct kvm_regs regs;
	char what[64];

	place_es_sum(f);
	/* RIP between instruction starts */
	for (size_t m = 0; m < ARRAY_SIZE(es_sum_middles); m++) {
		regs = make_regs(ES_IP + es_sum_middles[m], 0, 0x200, 0);
		regs.rcx = 0x100;
		snprintf(what, sizeof(what), "es sum, RIP at +%u", es_sum_middles[m]);
		expect_real_refused(f, &regs, ES_LIMIT, what);
	}
	/* nothing left to sum, or a counter past its end (4 G iterations on hardware) */
	regs = make_regs(ES_IP, 0, 0x100, 0);
	regs.rcx = 0x100;
	expect_real_refused(f, &regs, ES_LIMIT, "es sum, ECX == EDX");
	regs.rcx = 0x101;
	expect_real_refused(f, &regs, ES_LIMIT, "es sum, ECX > EDX");
	/* at the je with ZF set the loop is being left */
	regs = make_regs(ES_IP + 3, 0, 0x200, 0);
	regs.rcx = 0x100;
	regs.rflags |= RFLAGS_ZF;
	expect_real_refused(f, &regs, ES_LIMIT, "es sum, je with ZF");
	/* a read past ES's limit would fault first */
	regs = make_regs(ES_IP, 0, 0x1001, 0);
	regs.rcx = 0x100;
	expect_real_refused(f, &regs, 0xfff, "es sum past the ES limit");
	/* a read past the end of RAM */
	regs = make_regs(ES_IP, 0, RAM_SIZE - ES_BASE + 1, 0);
	regs.rcx = 0x100;
	expect_real_refused(f, &regs, 0xffffffff, "es sum past RAM");
	/* one byte of the loop changed */
	for (unsigned b = 0; b < sizeof(es_sum_loop); b++) {
		place_es_sum(f);
		f->ram.host[ES_IP + b] ^= 0x01;
		regs = make_regs(ES_IP, 0, 0x200, 0);
		regs.rcx = 0x100;
		snprintf(what, sizeof(what), "es sum, byte %u changed", b);
		expect_real_refused(f, &regs, ES_LIMIT, what);
	}
	/* SeaBIOS's 32-bit loops are not taken for this one, nor it for them */
	place_sum(f);
	regs = make_regs(LOOP_AT, 0x4000, 0x4100, 0);
	expect_real_refused(f, &regs, ES_LIMIT, "32-bit checksum in 16-bit code");
}

/*
 * IP counts in 16 bits and wraps inside CS: a loop that would cross the end
 * of the segment (its head before IP 0, or its tail past IP FFFFh) is not
 * the bytes that lie after each other in RAM, and RIP must never be moved
 * below 0.  Either way the fast path must leave it to the CPU.
 */
static void test_es_sum_segment_wrap(void **state)
{
	static const struct {
		uint64_t cs_base;
		uint16_t ip;     /* where the vCPU is */
		unsigned off;    /* its offset in the loop, whose bytes lie at CS base + IP - off */
		const char *what;
	} cases[] = {
		{ 0x10000, 5, 9, "head at IP FFFCh, the vCPU at IP 5 (after the wrap)" },
		{ 0x10000, 0xfff4, 0, "head at IP FFF4h, the tail past IP FFFFh" },
		{ 0x10000, 0xfff5, 3, "the je at IP FFF5h, the loop's last byte at IP 10001h" },
	};
	struct guest_mem mem;

	(void)state;
	assert_int_equal(guest_mem__alloc(&mem, 0x30000), 0);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		uint64_t pc = cases[i].cs_base + cases[i].ip;
		struct kvm_regs regs = make_regs(cases[i].ip, 0, 0x200, 0), want;

		memset(mem.host, FILL, mem.size);
		memcpy(mem.host + pc - cases[i].off, es_sum_loop, sizeof(es_sum_loop));
		regs.rcx = 0x100;
		want = regs;
		if (fastpath__finish_real(mem.host + pc - BACK, WINDOW, BACK, &regs, 0x20000, 0xffff,
					  &mem))
			fail_msg("%s: taken, RIP now 0x%llx", cases[i].what,
				 (unsigned long long)regs.rip);
		assert_memory_equal(&regs, &want, sizeof(regs));
	}
	/* the last 16 bytes of the segment are still inside it */
	struct kvm_regs regs = make_regs(0xfff0, 0, 0x200, 0);

	memset(mem.host, FILL, mem.size);
	memcpy(mem.host + 0x1fff0, es_sum_loop, sizeof(es_sum_loop));
	regs.rcx = 0x100;
	assert_true(fastpath__finish_real(mem.host + 0x1fff0 - BACK, WINDOW, BACK, &regs, 0x20000,
					  0xffff, &mem));
	assert_int_equal(regs.rip, 0xfff0);
	assert_int_equal((uint32_t)regs.rcx, 0x200);
	guest_mem__free(&mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_memset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memset_next_to_code, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memset_end_of_ram, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sum, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sum_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sum_inc_wraps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuse_not_a_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuse_changed_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuse_memset_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuse_sum_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuse_outside_ram, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuse_memset_over_code, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuse_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_window_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_es_sum, setup, teardown),
		cmocka_unit_test_setup_teardown(test_es_sum_refused, setup, teardown),
		cmocka_unit_test(test_es_sum_segment_wrap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
