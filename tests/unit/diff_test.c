/* diff_test.c - unit tests for the unified diffs of failure reports (harness/check/diff.[ch]). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "check/diff.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define HEADERS "--- expected/t.serial\n+++ actual t.serial\n"

struct diff_case {
	const char *what;
	const char *a;
	size_t alen;
	const char *b;
	size_t blen;
	const char *want;
};

/* A case whose inputs are string literals, NULs included. */
#define CASE(what, a, b, want) { what, a, sizeof(a) - 1, b, sizeof(b) - 1, want }

static void check_diff(const struct diff_case *c, bool row_numbers)
{
	char *d = diff__unified(c->a, c->alen, c->b, c->blen, "expected/t.serial",
				"actual t.serial", row_numbers);

	assert_non_null(d);
	if (strcmp(d, c->want))
		fail_msg("%s:\n%s\nwant:\n%s", c->what, d, c->want);
	free(d);
}

static void run_cases(const struct diff_case *cases, size_t n, bool row_numbers)
{
	for (size_t i = 0; i < n; i++)
		check_diff(&cases[i], row_numbers);
}

static void test_equal_is_empty(void **state)
{
	static const struct diff_case cases[] = {
		CASE("both empty", "", "", ""),
		CASE("same text", "a\nb\n", "a\nb\n", ""),
		CASE("same bytes with NULs", "a\0b\xff", "a\0b\xff", ""),
		CASE("same without final newline", "x", "x", ""),
	};

	(void)state;
	run_cases(cases, ARRAY_SIZE(cases), false);
	run_cases(cases, ARRAY_SIZE(cases), true);
}

static void test_one_line_changed(void **state)
{
	static const struct diff_case c = CASE(
		"one line", "1 boot\n2 disk\n3 ok\n", "1 boot\n2 DISK\n3 ok\n",
		HEADERS
		"@@ -1,3 +1,3 @@\n"
		" 1 boot\n"
		"-2 disk\n"
		"+2 DISK\n"
		" 3 ok\n");

	(void)state;
	check_diff(&c, false);
}

static void test_added_and_removed_lines(void **state)
{
	static const struct diff_case cases[] = {
		CASE("added at the end", "1\n2\n3\n", "1\n2\n3\n4\n",
		     HEADERS "@@ -1,3 +1,4 @@\n 1\n 2\n 3\n+4\n"),
		CASE("removed in the middle", "1\n2\n3\n4\n5\n", "1\n2\n4\n5\n",
		     HEADERS "@@ -1,5 +1,4 @@\n 1\n 2\n-3\n 4\n 5\n"),
		CASE("from nothing", "", "x\ny\n", HEADERS "@@ -0,0 +1,2 @@\n+x\n+y\n"),
		CASE("to nothing", "x\n", "", HEADERS "@@ -1 +0,0 @@\n-x\n"),
		/* three lines of context each side; far-apart changes make two hunks */
		CASE("two hunks",
		     "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n",
		     "1\n2x\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15x\n16\n",
		     HEADERS
		     "@@ -1,5 +1,5 @@\n 1\n-2\n+2x\n 3\n 4\n 5\n"
		     "@@ -12,5 +12,5 @@\n 12\n 13\n 14\n-15\n+15x\n 16\n"),
	};

	(void)state;
	run_cases(cases, ARRAY_SIZE(cases), false);
}

static void test_no_newline_at_end(void **state)
{
	static const struct diff_case cases[] = {
		CASE("neither has one", "1\n2", "1\n3",
		     HEADERS "@@ -1,2 +1,2 @@\n 1\n-2\n\\ No newline at end of file\n+3\n"
			     "\\ No newline at end of file\n"),
		CASE("the capture lost it", "1\n2\n", "1\n2",
		     HEADERS "@@ -1,2 +1,2 @@\n 1\n-2\n+2\n\\ No newline at end of file\n"),
		CASE("the capture gained it", "1\n2", "1\n2\n",
		     HEADERS "@@ -1,2 +1,2 @@\n 1\n-2\n\\ No newline at end of file\n+2\n"),
	};

	(void)state;
	run_cases(cases, ARRAY_SIZE(cases), false);
}

static void test_row_numbers(void **state)
{
	static const struct diff_case cases[] = {
		CASE("screen row 5", "0\n1\n2\n3\n4\n5\n6\n7\n8\n\n\n", "0\n1\n2\n3\n4\nfive\n6\n7\n8\n\n\n",
		     HEADERS "@@ -3,7 +3,7 @@\n 02|2\n 03|3\n 04|4\n-05|5\n+05|five\n 06|6\n 07|7\n 08|8\n"),
		CASE("row 0 and a blank row", "\nx\n", "y\nx\n",
		     HEADERS "@@ -1,2 +1,2 @@\n-00|\n+00|y\n 01|x\n"),
		CASE("rows differ on each side", "a\nb\nc\n", "a\nc\nd\n",
		     HEADERS "@@ -1,3 +1,3 @@\n 00|a\n-01|b\n 02|c\n+02|d\n"),
	};

	(void)state;
	run_cases(cases, ARRAY_SIZE(cases), true);
}

static void test_escaping(void **state)
{
	static const struct diff_case cases[] = {
		CASE("control bytes", "", "a\0b\x01\x1b[2J\x7f\n",
		     HEADERS "@@ -0,0 +1 @@\n+a\\x00b\\x01\\x1b[2J\\x7f\n"),
		CASE("carriage return and tab", "", "a\tb\r\n",
		     HEADERS "@@ -0,0 +1 @@\n+a\tb\\x0d\n"),
		CASE("UTF-8 kept, invalid and C1 escaped", "", "\xc3\xa9\xe2\x98\xba \xff\xc2\x85\xe2\x98\n",
		     HEADERS "@@ -0,0 +1 @@\n+\xc3\xa9\xe2\x98\xba \\xff\\xc2\\x85\\xe2\\x98\n"),
		CASE("in context lines too", "\x07\nx\n", "\x07\ny\n",
		     HEADERS "@@ -1,2 +1,2 @@\n \\x07\n-x\n+y\n"),
		CASE("bidirectional controls, which would reorder what is read", "",
		     "a\xe2\x80\xae" "b\xe2\x81\xa6" "c\xe2\x80\xa9" "d\n",
		     HEADERS "@@ -0,0 +1 @@\n+a\\u202eb\\u2066c\xe2\x80\xa9" "d\n"),
	};

	(void)state;
	run_cases(cases, ARRAY_SIZE(cases), false);
}

static void test_labels(void **state)
{
	char *d = diff__unified("a\n", 2, "b\n", 2, "expected/some test.screen",
				"actual some test.screen", true);

	(void)state;
	assert_non_null(d);
	assert_string_equal(d, "--- expected/some test.screen\n+++ actual some test.screen\n"
			       "@@ -1 +1 @@\n-00|a\n+00|b\n");
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal_is_empty),
		cmocka_unit_test(test_one_line_changed),
		cmocka_unit_test(test_added_and_removed_lines),
		cmocka_unit_test(test_no_newline_at_end),
		cmocka_unit_test(test_row_numbers),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
