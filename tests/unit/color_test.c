/* color_test.c - unit tests for --color and the VGA colours as terminal escapes (harness/report/color.[ch]). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/color.h"

static void test_sgr(void **state)
{
	char buf[24];

	(void)state;
	color__sgr(0x07, buf, sizeof(buf));
	assert_string_equal(buf, "\033[0;37;40m");     /* grey on black */
	color__sgr(0x1f, buf, sizeof(buf));
	assert_string_equal(buf, "\033[0;97;44m");     /* bright white on blue */
	color__sgr(0x4e, buf, sizeof(buf));
	assert_string_equal(buf, "\033[0;93;41m");     /* yellow (bright brown) on red */
	color__sgr(0x8e, buf, sizeof(buf));
	assert_string_equal(buf, "\033[0;93;40m");     /* blink: steady, background bits 4-6 */
	color__sgr(0x61, buf, sizeof(buf));
	assert_string_equal(buf, "\033[0;34;43m");     /* blue on brown */
}

static void test_when(void **state)
{
	enum color_when w;

	(void)state;
	assert_int_equal(color__parse("auto", &w), 0);
	assert_int_equal(w, COLOR_AUTO);
	assert_int_equal(color__parse("always", &w), 0);
	assert_int_equal(w, COLOR_ALWAYS);
	assert_int_equal(color__parse("never", &w), 0);
	assert_int_equal(w, COLOR_NEVER);
	assert_int_equal(color__parse("yes", &w), -1);
	/* an fd that is not a terminal: auto is off; always and never are what they say */
	assert_false(color__enabled(COLOR_AUTO, -1));
	assert_true(color__enabled(COLOR_ALWAYS, -1));
	assert_false(color__enabled(COLOR_NEVER, -1));
	setenv("NO_COLOR", "1", 1);
	assert_true(color__enabled(COLOR_ALWAYS, -1));
	unsetenv("NO_COLOR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sgr),
		cmocka_unit_test(test_when),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
