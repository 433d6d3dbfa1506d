/* insn_test.c - unit tests for jump-to-self recognition (harness/vmm/insn.[ch]). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vmm/insn.h"

struct insn_case {
	const char *what;
	uint8_t b[8];
	size_t n;
	enum insn_mode mode;
	bool want;
};

static void run_cases(const struct insn_case *cases, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		const struct insn_case *t = &cases[i];
		bool got = insn__is_jump_to_self(t->b, t->n, t->mode);

		if (got != t->want)
			fail_msg("%s (n=%zu, %d-bit): %s, want %s", t->what, t->n, (int)t->mode,
				 got ? "true" : "false", t->want ? "true" : "false");
	}
}

#define RUN(cases) run_cases(cases, sizeof(cases) / sizeof(cases[0]))

static void test_short_jump_all_modes(void **state)
{
	static const struct insn_case cases[] = {
		{ "EB FE", { 0xeb, 0xfe }, 2, INSN_16, true },
		{ "EB FE", { 0xeb, 0xfe }, 2, INSN_32, true },
		{ "EB FE", { 0xeb, 0xfe }, 2, INSN_64, true },
		/* whatever follows does not matter */
		{ "EB FE 90 90", { 0xeb, 0xfe, 0x90, 0x90 }, 4, INSN_16, true },
		{ "EB FE F4", { 0xeb, 0xfe, 0xf4 }, 3, INSN_64, true },
	};

	(void)state;
	RUN(cases);
}

static void test_near_jump(void **state)
{
	static const struct insn_case cases[] = {
		{ "E9 FD FF", { 0xe9, 0xfd, 0xff }, 3, INSN_16, true },
		{ "E9 FD FF + more", { 0xe9, 0xfd, 0xff, 0x00, 0x00 }, 5, INSN_16, true },
		{ "E9 FB FF FF FF", { 0xe9, 0xfb, 0xff, 0xff, 0xff }, 5, INSN_32, true },
		{ "E9 FB FF FF FF", { 0xe9, 0xfb, 0xff, 0xff, 0xff }, 5, INSN_64, true },
		/* rel16 -3 read as rel32 is something else entirely */
		{ "E9 FD FF 00 00", { 0xe9, 0xfd, 0xff, 0x00, 0x00 }, 5, INSN_32, false },
		{ "E9 FD FF FF FF", { 0xe9, 0xfd, 0xff, 0xff, 0xff }, 5, INSN_32, false },
		{ "E9 FD FF", { 0xe9, 0xfd, 0xff }, 3, INSN_32, false },
		{ "E9 FD FF", { 0xe9, 0xfd, 0xff }, 3, INSN_64, false },
		/* rel32 -5 read as rel16 is FB FF = -5, not -3 */
		{ "E9 FB FF FF FF", { 0xe9, 0xfb, 0xff, 0xff, 0xff }, 5, INSN_16, false },
	};

	(void)state;
	RUN(cases);
}

static void test_operand_size_prefix(void **state)
{
	static const struct insn_case cases[] = {
		/* 66 flips 16 <-> 32 in the legacy modes; the prefix is part of the jump */
		{ "66 E9 FA FF FF FF", { 0x66, 0xe9, 0xfa, 0xff, 0xff, 0xff }, 6, INSN_16, true },
		{ "66 E9 FC FF", { 0x66, 0xe9, 0xfc, 0xff }, 4, INSN_32, true },
		{ "66 EB FD", { 0x66, 0xeb, 0xfd }, 3, INSN_16, true },
		{ "66 EB FD", { 0x66, 0xeb, 0xfd }, 3, INSN_32, true },
		/* the unprefixed displacements are now wrong */
		{ "66 EB FE", { 0x66, 0xeb, 0xfe }, 3, INSN_16, false },
		{ "66 E9 FD FF", { 0x66, 0xe9, 0xfd, 0xff }, 4, INSN_16, false },
		{ "66 E9 FD FF", { 0x66, 0xe9, 0xfd, 0xff }, 4, INSN_32, false },
		{ "66 E9 FB FF FF FF", { 0x66, 0xe9, 0xfb, 0xff, 0xff, 0xff }, 6, INSN_16, false },
		{ "66 E9 FA FF FF FF", { 0x66, 0xe9, 0xfa, 0xff, 0xff, 0xff }, 6, INSN_32, false },
		/* the flipped size is used, not the mode's */
		{ "66 E9 FC FF 00 00", { 0x66, 0xe9, 0xfc, 0xff, 0x00, 0x00 }, 6, INSN_16, false },
		/* truncated prefixed forms */
		{ "66 E9 FA FF FF", { 0x66, 0xe9, 0xfa, 0xff, 0xff }, 5, INSN_16, false },
		{ "66 E9 FC", { 0x66, 0xe9, 0xfc }, 3, INSN_32, false },
		{ "66 EB", { 0x66, 0xeb }, 2, INSN_16, false },
		{ "66", { 0x66 }, 1, INSN_32, false },
	};

	(void)state;
	RUN(cases);
}

static void test_prefix_in_long_mode(void **state)
{
	static const struct insn_case cases[] = {
		{ "66 EB FD", { 0x66, 0xeb, 0xfd }, 3, INSN_64, false },
		{ "66 E9 FC FF", { 0x66, 0xe9, 0xfc, 0xff }, 4, INSN_64, false },
		{ "66 E9 FA FF FF FF", { 0x66, 0xe9, 0xfa, 0xff, 0xff, 0xff }, 6, INSN_64, false },
		{ "66 EB FE", { 0x66, 0xeb, 0xfe }, 3, INSN_64, false },
	};

	(void)state;
	RUN(cases);
}

static void test_near_misses(void **state)
{
	static const struct insn_case cases[] = {
		{ "EB FD", { 0xeb, 0xfd }, 2, INSN_16, false },
		{ "EB FD", { 0xeb, 0xfd }, 2, INSN_64, false },
		{ "EB 00", { 0xeb, 0x00 }, 2, INSN_16, false },
		{ "EB FF", { 0xeb, 0xff }, 2, INSN_32, false },
		{ "EB 7E", { 0xeb, 0x7e }, 2, INSN_32, false },
		{ "E9 FC FF", { 0xe9, 0xfc, 0xff }, 3, INSN_16, false },
		{ "E9 FE FF", { 0xe9, 0xfe, 0xff }, 3, INSN_16, false },
		{ "E9 FD 7F", { 0xe9, 0xfd, 0x7f }, 3, INSN_16, false },
		{ "E9 FC FF FF FF", { 0xe9, 0xfc, 0xff, 0xff, 0xff }, 5, INSN_32, false },
		{ "E9 FB FF FF 7F", { 0xe9, 0xfb, 0xff, 0xff, 0x7f }, 5, INSN_64, false },
		{ "E9 FB FF FF 00", { 0xe9, 0xfb, 0xff, 0xff, 0x00 }, 5, INSN_32, false },
		/* the jump must come first */
		{ "90 EB FE", { 0x90, 0xeb, 0xfe }, 3, INSN_16, false },
		{ "F4 EB FD", { 0xf4, 0xeb, 0xfd }, 3, INSN_16, false },
		/* other opcodes */
		{ "F4", { 0xf4 }, 1, INSN_16, false },
		{ "FA F4", { 0xfa, 0xf4 }, 2, INSN_16, false },
		{ "EA FE", { 0xea, 0xfe }, 2, INSN_16, false },
		{ "E8 FD FF", { 0xe8, 0xfd, 0xff }, 3, INSN_16, false },
		{ "E8 FB FF FF FF", { 0xe8, 0xfb, 0xff, 0xff, 0xff }, 5, INSN_32, false },
		{ "74 FE (jz $)", { 0x74, 0xfe }, 2, INSN_16, false },
		{ "E2 FE (loop $)", { 0xe2, 0xfe }, 2, INSN_16, false },
		{ "FF E0", { 0xff, 0xe0 }, 2, INSN_64, false },
		{ "67 EB FE", { 0x67, 0xeb, 0xfe }, 3, INSN_32, false },
		{ "00 00", { 0x00, 0x00 }, 2, INSN_16, false },
	};

	(void)state;
	RUN(cases);
}

static void test_truncated_buffers(void **state)
{
	static const struct insn_case cases[] = {
		{ "EB FE, n=0", { 0xeb, 0xfe }, 0, INSN_16, false },
		{ "EB FE, n=1", { 0xeb, 0xfe }, 1, INSN_16, false },
		{ "EB FE, n=1", { 0xeb, 0xfe }, 1, INSN_64, false },
		{ "E9 FD FF, n=0", { 0xe9, 0xfd, 0xff }, 0, INSN_16, false },
		{ "E9 FD FF, n=1", { 0xe9, 0xfd, 0xff }, 1, INSN_16, false },
		{ "E9 FD FF, n=2", { 0xe9, 0xfd, 0xff }, 2, INSN_16, false },
		{ "E9 FB FF FF FF, n=1", { 0xe9, 0xfb, 0xff, 0xff, 0xff }, 1, INSN_32, false },
		{ "E9 FB FF FF FF, n=2", { 0xe9, 0xfb, 0xff, 0xff, 0xff }, 2, INSN_32, false },
		{ "E9 FB FF FF FF, n=3", { 0xe9, 0xfb, 0xff, 0xff, 0xff }, 3, INSN_32, false },
		{ "E9 FB FF FF FF, n=4", { 0xe9, 0xfb, 0xff, 0xff, 0xff }, 4, INSN_64, false },
		{ "66 EB FD, n=0", { 0x66, 0xeb, 0xfd }, 0, INSN_16, false },
		{ "66 EB FD, n=2", { 0x66, 0xeb, 0xfd }, 2, INSN_16, false },
	};

	(void)state;
	RUN(cases);
}

static void test_reads_only_n_bytes(void **state)
{
	/* the instruction at the very end of a buffer: nothing past N is read */
	static const uint8_t tail[] = { 0x90, 0x90, 0xeb, 0xfe };
	uint8_t *p;

	(void)state;
	assert_true(insn__is_jump_to_self(tail + 2, 2, INSN_16));
	assert_false(insn__is_jump_to_self(tail + 3, 1, INSN_16));
	assert_false(insn__is_jump_to_self(tail + 4, 0, INSN_16));
	/* a zero-length buffer may be any pointer, even NULL */
	assert_false(insn__is_jump_to_self(NULL, 0, INSN_32));
	/* heap block of exactly the instruction (catches overreads under ASan/valgrind) */
	p = test_malloc(3);
	memcpy(p, "\xe9\xfd\xff", 3);
	assert_true(insn__is_jump_to_self(p, 3, INSN_16));
	assert_false(insn__is_jump_to_self(p, 3, INSN_32));
	test_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_jump_all_modes),
		cmocka_unit_test(test_near_jump),
		cmocka_unit_test(test_operand_size_prefix),
		cmocka_unit_test(test_prefix_in_long_mode),
		cmocka_unit_test(test_near_misses),
		cmocka_unit_test(test_truncated_buffers),
		cmocka_unit_test(test_reads_only_n_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
