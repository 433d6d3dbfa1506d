/* fastpath.c - finish a few well-known byte loops (SeaBIOS's memset and checksum, the VGA BIOS's checksum) in one step when the vCPU is found in them. */
#include "vmm/fastpath.h"

#include <string.h> // memcmp, memset

/*
 * SeaBIOS's memset, as GCC compiles `while (n) s[--n] = c;` for a constant
 * c (EAX = s, EDX = n):
 *   head: 85 d2        test edx, edx
 *         74 07        jz   out
 *         4a           dec  edx
 *         c6 04 10 XX  mov  byte [eax+edx], XX
 *         eb f5        jmp  head
 */
static const uint8_t memset_loop[] = { 0x85, 0xd2, 0x74, 0x07, 0x4a, 0xc6, 0x04, 0x10, 0x00, 0xeb, 0xf5 };
#define MEMSET_VALUE_AT 8

/*
 * SeaBIOS's checksum, `for (; p < end; p++) sum += *p;` (EAX = p, EDX =
 * end, CL = sum):
 *   head: 39 d0        cmp  eax, edx
 *         74 05        jz   out
 *         02 08        add  cl, [eax]
 *         40           inc  eax
 *         eb f7        jmp  head
 */
static const uint8_t sum_loop[] = { 0x39, 0xd0, 0x74, 0x05, 0x02, 0x08, 0x40, 0xeb, 0xf7 };

/* Does the loop PAT (length LEN, instruction starts STARTS) hold RIP?  Returns its offset. */
static int locate(const uint8_t *code, unsigned n, unsigned back, const uint8_t *pat,
		  unsigned len, const uint8_t *starts, unsigned nstarts, unsigned skip)
{
	for (unsigned i = 0; i < nstarts; i++) {
		unsigned off = starts[i];

		if (off > back || back - off + len > n)
			continue;
		const uint8_t *head = code + back - off;
		/* compare all but the byte at SKIP (an immediate), if any */
		if (skip < len) {
			if (!memcmp(head, pat, skip) &&
			    !memcmp(head + skip + 1, pat + skip + 1, len - skip - 1))
				return (int)off;
		} else if (!memcmp(head, pat, len)) {
			return (int)off;
		}
	}
	return -1;
}

static bool finish_memset(const uint8_t *code, unsigned n, unsigned back, uint64_t pc,
			  struct kvm_regs *regs, struct guest_mem *mem)
{
	static const uint8_t starts[] = { 0, 2, 4, 5, 9 };
	int off = locate(code, n, back, memset_loop, sizeof(memset_loop), starts,
			 sizeof(starts), MEMSET_VALUE_AT);

	if (off < 0)
		return false;
	uint32_t s = (uint32_t)regs->rax, left = (uint32_t)regs->rdx;
	uint8_t value = code[back - (unsigned)off + MEMSET_VALUE_AT];

	if (off == 5)
		left++; /* EDX already decremented, its byte not yet stored */
	if (left == 0)
		return false;
	uint8_t *dst = guest_mem__ptr(mem, s, left);
	uint64_t head = pc - (uint64_t)off;

	/* a loop that overwrites itself would not run like this: leave it be */
	if (!dst || (s < head + sizeof(memset_loop) && head < (uint64_t)s + left))
		return false;
	memset(dst, value, left);
	regs->rdx &= ~0xffffffffULL; /* EDX = 0, at the loop head */
	regs->rip -= (uint64_t)off;
	return true;
}

static bool finish_sum(const uint8_t *code, unsigned n, unsigned back, struct kvm_regs *regs,
		       struct guest_mem *mem)
{
	static const uint8_t starts[] = { 0, 2, 4, 6, 7 };
	int off = locate(code, n, back, sum_loop, sizeof(sum_loop), starts, sizeof(starts),
			 sizeof(sum_loop));

	if (off < 0)
		return false;
	uint32_t p = (uint32_t)regs->rax, end = (uint32_t)regs->rdx;
	uint8_t sum = (uint8_t)regs->rcx;

	if (off == 4) { /* the add at [eax] is still to come: nothing to adjust */
	} else if (off == 6) {
		p++; /* the add is done, the increment is not */
	}
	if (p >= end)
		return false;
	const uint8_t *src = guest_mem__ptr(mem, p, end - p);

	if (!src)
		return false;
	for (uint32_t i = 0; i < end - p; i++)
		sum = (uint8_t)(sum + src[i]);
	regs->rcx = (regs->rcx & ~0xffULL) | sum;
	regs->rax = (regs->rax & ~0xffffffffULL) | end;
	regs->rip -= (uint64_t)off;
	return true;
}

/*
 * SeaVGABIOS's option ROM checksum over itself, 16-bit code with 32-bit
 * operands and addresses (EAX = sum, ECX = offset, EDX = end, ES = the ROM):
 *   head: 66 39 ca      cmp  edx, ecx
 *         74 0b         je   out
 *         26 67 8a 19   mov  bl, es:[ecx]
 *         66 01 d8      add  eax, ebx
 *         66 41         inc  ecx
 *         eb f0         jmp  head
 */
static const uint8_t es_sum_loop[] = { 0x66, 0x39, 0xca, 0x74, 0x0b, 0x26, 0x67, 0x8a,
				       0x19, 0x66, 0x01, 0xd8, 0x66, 0x41, 0xeb, 0xf0 };
#define RFLAGS_ZF (1u << 6)

bool fastpath__finish_real(const uint8_t *code, unsigned n, unsigned back,
			   struct kvm_regs *regs, uint64_t es_base, uint32_t es_limit,
			   struct guest_mem *mem)
{
	static const uint8_t starts[] = { 0, 3, 5, 9, 12, 14 };

	if (back >= n)
		return false;
	int off = locate(code, n, back, es_sum_loop, sizeof(es_sum_loop), starts,
			 sizeof(starts), sizeof(es_sum_loop));

	if (off < 0 || (off == 3 && (regs->rflags & RFLAGS_ZF)))
		return false; /* not the loop, or about to leave it */
	/*
	 * IP wraps inside CS: a loop crossing either end of the segment is not
	 * the bytes found in RAM (and RIP - OFF would go below 0).
	 */
	if (regs->rip < (uint64_t)off || regs->rip - (uint64_t)off + sizeof(es_sum_loop) > 0x10000)
		return false;
	uint32_t sum = (uint32_t)regs->rax, ebx = (uint32_t)regs->rbx;
	uint32_t ecx = (uint32_t)regs->rcx, end = (uint32_t)regs->rdx;

	if (off == 9) { /* the byte is loaded, the add and the increment to come */
		sum += ebx;
		ecx++;
	} else if (off == 12) { /* the add is done, the increment is not */
		ecx++;
	}
	/* from ECX to EDX, all inside ES (else the CPU would fault first) and in RAM */
	if (ecx >= end || end - 1 > es_limit)
		return false;
	const uint8_t *src = guest_mem__ptr(mem, es_base + ecx, end - ecx);

	if (!src)
		return false;
	for (uint32_t i = 0; i < end - ecx; i++) {
		ebx = (ebx & ~0xffu) | src[i];
		sum += ebx;
	}
	regs->rax = (regs->rax & ~0xffffffffULL) | sum;
	regs->rbx = (regs->rbx & ~0xffffffffULL) | ebx;
	regs->rcx = (regs->rcx & ~0xffffffffULL) | end;
	regs->rip -= (uint64_t)off;
	return true;
}

bool fastpath__finish(const uint8_t *code, unsigned n, unsigned back, uint64_t pc,
		      struct kvm_regs *regs, struct guest_mem *mem)
{
	if (back >= n)
		return false;
	return finish_memset(code, n, back, pc, regs, mem) ||
	       finish_sum(code, n, back, regs, mem);
}
