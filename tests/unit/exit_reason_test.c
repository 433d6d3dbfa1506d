/* exit_reason_test.c - unit tests for the exit-line spelling (harness/report/exit_reason.[ch]). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "report/exit_reason.h"

static void check_format(const struct stop *s, const char *want)
{
	char buf[512];
	int n;

	memset(buf, 0x7e, sizeof(buf));
	n = exit_reason__format(s, buf, sizeof(buf));
	if (strcmp(buf, want))
		fail_msg("kind %d: \"%s\", want \"%s\"", (int)s->kind, buf, want);
	assert_int_equal(n, strlen(want));
}

static void test_format_simple_kinds(void **state)
{
	static const struct {
		enum stop_kind kind;
		const char *want;
	} cases[] = {
		{ STOP_HLT, "hlt" },       { STOP_SPIN, "spin" },   { STOP_SHUTDOWN, "shutdown" },
		{ STOP_TIMEOUT, "timeout" }, { STOP_RESET, "reset" }, { STOP_IDLE, "idle" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct stop s = { .kind = cases[i].kind };

		check_format(&s, cases[i].want);
		/* code and detail belong to other kinds and are not shown */
		s.code = 42;
		strcpy(s.detail, "ignored");
		check_format(&s, cases[i].want);
	}
}

static void test_format_stop_at(void **state)
{
	static const struct {
		uint64_t ns;
		const char *want;
	} cases[] = {
		{ 2000000000ULL, "stop-at 2" },
		{ 250000000ULL, "stop-at 0.25" },
		{ 1000ULL, "stop-at 0.000001" },
		{ 86400000000000ULL, "stop-at 86400" },
		{ 1500000001ULL, "stop-at 1.500000001" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct stop s = { .kind = STOP_AT, .code = cases[i].ns };

		check_format(&s, cases[i].want);
	}
}

static void test_format_debug_exit(void **state)
{
	static const struct {
		uint64_t code;
		const char *want;
	} cases[] = {
		{ 0, "debug-exit 0" },
		{ 1, "debug-exit 1" },
		{ 300, "debug-exit 300" },
		{ 0xff, "debug-exit 255" },
		{ 0xffffffffULL, "debug-exit 4294967295" },
		{ UINT64_MAX, "debug-exit 18446744073709551615" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct stop s = { .kind = STOP_DEBUG_EXIT, .code = cases[i].code };

		strcpy(s.detail, "ignored");
		check_format(&s, cases[i].want);
	}
}

static void test_format_error(void **state)
{
	struct stop s = { .kind = STOP_ERROR };
	char want[sizeof(s.detail) + 16];

	(void)state;
	strcpy(s.detail, "DETAIL");
	check_format(&s, "error: DETAIL");
	strcpy(s.detail, "KVM_RUN: Bad address");
	check_format(&s, "error: KVM_RUN: Bad address");

	s.detail[0] = '\0';
	check_format(&s, "error: unknown");
	s.code = 7;
	check_format(&s, "error: unknown");

	/* the longest detail the struct holds comes through whole */
	memset(s.detail, 'x', sizeof(s.detail) - 1);
	s.detail[sizeof(s.detail) - 1] = '\0';
	snprintf(want, sizeof(want), "error: %s", s.detail);
	check_format(&s, want);
}

static void test_format_truncates_like_snprintf(void **state)
{
	struct stop s = { .kind = STOP_SHUTDOWN };
	char buf[16];

	(void)state;
	memset(buf, 0x7e, sizeof(buf));
	assert_int_equal(exit_reason__format(&s, buf, 5), 8);
	assert_string_equal(buf, "shut");
	assert_int_equal((uint8_t)buf[5], 0x7e);

	s = (struct stop){ .kind = STOP_DEBUG_EXIT, .code = 300 };
	memset(buf, 0x7e, sizeof(buf));
	assert_int_equal(exit_reason__format(&s, buf, 12), 14);
	assert_string_equal(buf, "debug-exit ");

	/* size 0: nothing written, the length still returned */
	memset(buf, 0x7e, sizeof(buf));
	assert_int_equal(exit_reason__format(&s, buf, 0), 14);
	assert_int_equal((uint8_t)buf[0], 0x7e);
	assert_int_equal(exit_reason__format(&s, NULL, 0), 14);
}

static void test_names(void **state)
{
	static const struct {
		enum stop_kind kind;
		const char *want;
	} cases[] = {
		{ STOP_NONE, "running" },       { STOP_HLT, "hlt" },
		{ STOP_SPIN, "spin" },          { STOP_SHUTDOWN, "shutdown" },
		{ STOP_DEBUG_EXIT, "debug-exit" }, { STOP_TIMEOUT, "timeout" },
		{ STOP_RESET, "reset" },        { STOP_IDLE, "idle" },
		{ STOP_AT, "stop-at" },         { STOP_ERROR, "error" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = exit_reason__name(cases[i].kind);

		assert_non_null(got);
		if (strcmp(got, cases[i].want))
			fail_msg("kind %d: \"%s\", want \"%s\"", (int)cases[i].kind, got,
				 cases[i].want);
	}
	/* every name is distinct */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (size_t j = i + 1; j < sizeof(cases) / sizeof(cases[0]); j++)
			assert_string_not_equal(exit_reason__name(cases[i].kind),
						exit_reason__name(cases[j].kind));
	/* an out-of-range kind still gets a string */
	assert_non_null(exit_reason__name((enum stop_kind)99));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_simple_kinds),
		cmocka_unit_test(test_format_debug_exit),
		cmocka_unit_test(test_format_stop_at),
		cmocka_unit_test(test_format_error),
		cmocka_unit_test(test_format_truncates_like_snprintf),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
