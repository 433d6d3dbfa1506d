/* exit_status_test.c - unit tests for the exit statuses of bootcheck run (harness/report/exit_status.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "report/exit_status.h"

static const struct stop_case {
	enum exit_status_mode mode;
	enum stop_kind kind;
	uint64_t code;
	int status, cut;
} stop_cases[] = {
	/* ran: 0 whatever stopped the guest, a harness error aside */
	{ EXIT_STATUS_RAN, STOP_DEBUG_EXIT, 5, 0, 0 },
	{ EXIT_STATUS_RAN, STOP_HLT, 0, 0, 0 },
	{ EXIT_STATUS_RAN, STOP_TIMEOUT, 0, 0, 0 },
	{ EXIT_STATUS_RAN, STOP_ERROR, 0, 99, 0 },
	/* guest: the code itself */
	{ EXIT_STATUS_GUEST, STOP_DEBUG_EXIT, 0, 0, 0 },
	{ EXIT_STATUS_GUEST, STOP_DEBUG_EXIT, 1, 1, 0 },
	{ EXIT_STATUS_GUEST, STOP_DEBUG_EXIT, 255, 255, 0 },
	{ EXIT_STATUS_GUEST, STOP_DEBUG_EXIT, 300, 44, 1 },
	{ EXIT_STATUS_GUEST, STOP_DEBUG_EXIT, 0x100000000ULL, 0, 1 },
	/* qemu: isa-debug-exit's (N << 1) | 1, cut to 8 bits as exit() cuts QEMU's */
	{ EXIT_STATUS_QEMU, STOP_DEBUG_EXIT, 0x10, 33, 0 },  /* bootimage's success */
	{ EXIT_STATUS_QEMU, STOP_DEBUG_EXIT, 0x11, 35, 0 },  /* and failure */
	{ EXIT_STATUS_QEMU, STOP_DEBUG_EXIT, 0, 1, 0 },
	{ EXIT_STATUS_QEMU, STOP_DEBUG_EXIT, 127, 255, 0 },
	{ EXIT_STATUS_QEMU, STOP_DEBUG_EXIT, 128, 1, 1 },
	{ EXIT_STATUS_QEMU, STOP_DEBUG_EXIT, 300, 89, 1 },
	{ EXIT_STATUS_QEMU, STOP_DEBUG_EXIT, UINT64_MAX, 255, 1 },
	/* any other stop: even statuses, neither 0 nor a harness status */
	{ EXIT_STATUS_GUEST, STOP_TIMEOUT, 0, 124, 0 },
	{ EXIT_STATUS_QEMU, STOP_TIMEOUT, 0, 124, 0 },
	{ EXIT_STATUS_GUEST, STOP_HLT, 0, 122, 0 },
	{ EXIT_STATUS_QEMU, STOP_SPIN, 0, 122, 0 },
	{ EXIT_STATUS_QEMU, STOP_SHUTDOWN, 0, 122, 0 },
	{ EXIT_STATUS_QEMU, STOP_IDLE, 0, 122, 0 },
	{ EXIT_STATUS_QEMU, STOP_RESET, 0, 122, 0 },
	{ EXIT_STATUS_QEMU, STOP_AT, 5, 122, 0 },
	{ EXIT_STATUS_QEMU, STOP_INPUT, 0, 122, 0 },
	{ EXIT_STATUS_QEMU, STOP_ERROR, 0, 99, 0 },
};

static void test_status_of_stop(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(stop_cases) / sizeof(stop_cases[0]); i++) {
		const struct stop_case *c = &stop_cases[i];
		int cut = -1, got = exit_status__of_stop(c->mode, c->kind, c->code, &cut);

		if (got != c->status || cut != c->cut)
			fail_msg("case %zu (mode %d, stop %d, code %llu): status %d cut %d, want %d %d",
				 i, c->mode, c->kind, (unsigned long long)c->code, got, cut, c->status,
				 c->cut);
	}
}

/* Another stop never looks like a QEMU-convention code (odd) nor like a harness status. */
static void test_other_stops_are_distinct(void **state)
{
	(void)state;
	assert_int_equal(EXIT_GUEST_TIMEOUT % 2, 0);
	assert_int_equal(EXIT_GUEST_OTHER % 2, 0);
	assert_int_not_equal(EXIT_GUEST_TIMEOUT, EXIT_GUEST_OTHER);
	for (int s = EXIT_GUEST_OTHER; s <= EXIT_GUEST_TIMEOUT; s += 2)
		assert_true(s != EXIT_RAN && s != EXIT_USAGE && s != EXIT_SKIP && s != EXIT_HARNESS);
}

static void test_parse_mode(void **state)
{
	enum exit_status_mode m = EXIT_STATUS_RAN;

	(void)state;
	assert_int_equal(exit_status__parse_mode("qemu", &m), 0);
	assert_int_equal(m, EXIT_STATUS_QEMU);
	assert_int_equal(exit_status__parse_mode("guest", &m), 0);
	assert_int_equal(m, EXIT_STATUS_GUEST);
	assert_int_equal(exit_status__parse_mode("ran", &m), 0);
	assert_int_equal(m, EXIT_STATUS_RAN);
	assert_int_equal(exit_status__parse_mode("QEMU", &m), -1);
	assert_int_equal(exit_status__parse_mode("", &m), -1);
	assert_int_equal(m, EXIT_STATUS_RAN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_of_stop),
		cmocka_unit_test(test_other_stops_are_distinct),
		cmocka_unit_test(test_parse_mode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
