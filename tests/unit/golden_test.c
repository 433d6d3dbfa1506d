/* golden_test.c - unit tests for comparing captures with goldens and updating them (harness/check/golden.[ch]). */
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "check/golden.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define BANNER_1162 "SeaBIOS (version 1.16.2-debian-1.16.2-1)"
#define BANNER_SCRUBBED "SeaBIOS (version VERSION)"

/* Every test runs in its own fresh directory holding an empty actual/; goldens go to expected/. */
static char tmpdir[64];
static char oldcwd[PATH_MAX];

/* The text channels only; colors and cursor have tests of their own below. */
#define TEXT_CHANNELS ((1u << CH_EXIT) | (1u << CH_SERIAL) | (1u << CH_DEBUGCON) | (1u << CH_SCREEN))

static struct golden_spec spec(void)
{
	return (struct golden_spec){ .expected_dir = "expected", .name = "t",
				     .actual_dir = "actual", .channels = TEXT_CHANNELS };
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/golden_test.XXXXXX");
	if (!getcwd(oldcwd, sizeof(oldcwd)) || !mkdtemp(tmpdir) || chdir(tmpdir) < 0 ||
	    mkdir("actual", 0755) < 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (chdir(oldcwd) < 0)
		return -1;
	return nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void put_len(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void put(const char *path, const char *text)
{
	put_len(path, text, strlen(text));
}

/* The whole file as a string, NULL when it does not exist. */
static char *get(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = calloc(1, 65536);
	assert_non_null(buf);
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static void assert_file(const char *path, const char *want)
{
	char *got = get(path);

	if (!got)
		fail_msg("%s does not exist", path);
	if (strcmp(got, want))
		fail_msg("%s: \"%s\", want \"%s\"", path, got, want);
	free(got);
}

/* A screen capture: ROWS (at most 25, newline-separated) then blank rows up to 25. */
static char *screen(const char *rows)
{
	static char buf[4096];
	int n = 0;

	strcpy(buf, rows);
	for (const char *p = buf; *p; p++)
		n += *p == '\n';
	for (; n < 25; n++)
		strcat(buf, "\n");
	return buf;
}

/* What a finished direct-mode run leaves in actual/: exit, serial, debugcon, screen. */
static void captures(const char *exit_line, const char *serial, const char *debugcon,
		     const char *screen_text)
{
	put("actual/exit", exit_line);
	put("actual/serial", serial);
	put("actual/debugcon", debugcon);
	put("actual/screen", screen_text);
}

static void check_compare(const struct golden_spec *g, int want, const char *want_report)
{
	char *report = NULL;
	int r = golden__compare(g, &report);

	if (r != want)
		fail_msg("golden__compare %d, want %d; report:\n%s", r, want,
			 report ? report : "(none)");
	if (!want_report && report)
		fail_msg("unexpected report:\n%s", report);
	if (want_report && (!report || strcmp(report, want_report)))
		fail_msg("report:\n%s\nwant:\n%s", report ? report : "(none)", want_report);
	free(report);
}

static void check_update(const struct golden_spec *g, const char *want_changes)
{
	char *changes = NULL;

	assert_int_equal(golden__update(g, &changes), 0);
	if (!want_changes && changes)
		fail_msg("unexpected changes:\n%s", changes);
	if (want_changes && (!changes || strcmp(changes, want_changes)))
		fail_msg("changes:\n%s\nwant:\n%s", changes ? changes : "(none)", want_changes);
	free(changes);
}

static void test_capture_empty(void **state)
{
	static const struct {
		enum channel ch;
		const char *text;
		bool empty;
	} cases[] = {
		{ CH_SERIAL, "", true },
		{ CH_SERIAL, "\n", false },
		{ CH_SERIAL, " ", false },
		{ CH_DEBUGCON, "x", false },
		{ CH_BIOS_LOG, "", true },
		{ CH_EXIT, "", true },
		{ CH_EXIT, "hlt\n", false },
		{ CH_SCREEN, "", true },
		{ CH_SCREEN, "\n\n\n", true },
		{ CH_SCREEN, "  \n\t\n \r\n", true },
		{ CH_SCREEN, "\n\nx\n", false },
		{ CH_SCREEN, "\n.\n", false },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		if (golden__capture_empty(cases[i].ch, cases[i].text, strlen(cases[i].text)) !=
		    cases[i].empty)
			fail_msg("%s \"%s\": want %s", golden__channel_names[cases[i].ch],
				 cases[i].text, cases[i].empty ? "empty" : "not empty");
	assert_false(golden__capture_empty(CH_SCREEN, "\n\0\n", 3));
	assert_string_equal(golden__channel_names[CH_BIOS_LOG], "bios-log");
}

static void test_pass_when_all_match(void **state)
{
	struct golden_spec g = spec();

	(void)state;
	captures("debug-exit 0\n", "serial\n", "", screen("Hello\n"));
	mkdir("expected", 0755);
	put("expected/t.exit", "debug-exit 0\n");
	put("expected/t.serial", "serial\n");
	put("expected/t.screen", screen("Hello\n"));
	check_compare(&g, 1, NULL);
}

static void test_missing_exit_golden(void **state)
{
	struct golden_spec g = spec();

	(void)state;
	captures("hlt\n", "", "", screen(""));
	check_compare(&g, 0,
		      "missing golden expected/t.exit for the exit line, which every test needs "
		      "(run bootcheck check --update to create it)\n");
}

static void test_nonempty_capture_needs_golden(void **state)
{
	struct golden_spec g = spec();

	(void)state;
	captures("hlt\n", "", "boot\n", screen("\n\nHello\n"));
	mkdir("expected", 0755);
	put("expected/t.exit", "hlt\n");
	check_compare(&g, 0,
		      "missing golden expected/t.debugcon for a non-empty debugcon "
		      "(run bootcheck check --update to create it)\n"
		      "missing golden expected/t.screen for a non-empty screen "
		      "(run bootcheck check --update to create it)\n");
}

static void test_golden_differs(void **state)
{
	struct golden_spec g = spec();
	char *report = strdup("earlier line\n");

	(void)state;
	captures("debug-exit 1\n", "a\nc\n", "", screen("0\n1\n2\n3\nnew row\n"));
	mkdir("expected", 0755);
	put("expected/t.exit", "debug-exit 0\n");
	put("expected/t.serial", "a\nb\n");
	put("expected/t.screen", screen("0\n1\n2\n3\nold row\n"));
	assert_int_equal(golden__compare(&g, &report), 0);
	assert_string_equal(report,
			    "earlier line\n"
			    "exit differs from golden expected/t.exit (if the change is intended, "
			    "run bootcheck check --update):\n"
			    "--- expected/t.exit\n+++ actual t.exit\n"
			    "@@ -1 +1 @@\n-debug-exit 0\n+debug-exit 1\n"
			    "serial differs from golden expected/t.serial (if the change is intended, "
			    "run bootcheck check --update):\n"
			    "--- expected/t.serial\n+++ actual t.serial\n"
			    "@@ -1,2 +1,2 @@\n a\n-b\n+c\n"
			    "screen differs from golden expected/t.screen (if the change is intended, "
			    "run bootcheck check --update):\n"
			    "--- expected/t.screen\n+++ actual t.screen\n"
			    "@@ -2,7 +2,7 @@\n 01|1\n 02|2\n 03|3\n-04|old row\n+04|new row\n 05|\n 06|\n 07|\n");
	free(report);
}

static void test_blank_screen_needs_no_golden(void **state)
{
	struct golden_spec g = spec();

	(void)state;
	captures("hlt\n", "", "", screen("\n   \n"));
	mkdir("expected", 0755);
	put("expected/t.exit", "hlt\n");
	check_compare(&g, 1, NULL);
	/* nor do missing capture files (direct mode writes no bios-log) */
	unlink("actual/serial");
	unlink("actual/screen");
	check_compare(&g, 1, NULL);
}

static void test_golden_of_empty_capture_gets_content(void **state)
{
	struct golden_spec g = spec();

	(void)state;
	captures("hlt\n", "now\n", "", screen(""));
	mkdir("expected", 0755);
	put("expected/t.exit", "hlt\n");
	put("expected/t.serial", "");
	check_compare(&g, 0,
		      "serial differs from golden expected/t.serial (if the change is intended, "
		      "run bootcheck check --update):\n"
		      "--- expected/t.serial\n+++ actual t.serial\n@@ -0,0 +1 @@\n+now\n");
	/* and the other way: the golden has content, the capture is now empty */
	put("expected/t.serial", "was\n");
	put("actual/serial", "");
	check_compare(&g, 0,
		      "serial differs from golden expected/t.serial (if the change is intended, "
		      "run bootcheck check --update):\n"
		      "--- expected/t.serial\n+++ actual t.serial\n@@ -1 +0,0 @@\n-was\n");
}

static void test_scrub_makes_banner_match(void **state)
{
	struct golden_spec g = spec();
	struct scrub_rule rules[2];
	char err[200];
	char *report = NULL;

	(void)state;
	assert_int_equal(scrub__compile(&rules[0], scrub__seabios_banner, err, sizeof(err)), 0);
	assert_int_equal(scrub__compile(&rules[1], "s/[0-9]+ ms/N ms/", err, sizeof(err)), 0);
	captures("idle\n", "took 35 ms\n", "", screen("\n" BANNER_1162 "\n\nBooting\n"));
	mkdir("expected", 0755);
	put("expected/t.exit", "idle\n");
	put("expected/t.serial", "took N ms\n");
	put("expected/t.screen", screen("\n" BANNER_SCRUBBED "\n\nBooting\n"));
	/* unscrubbed, both channels differ */
	assert_int_equal(golden__compare(&g, &report), 0);
	assert_non_null(strstr(report, "+01|" BANNER_1162 "\n"));
	assert_non_null(strstr(report, "+took 35 ms\n"));
	free(report);
	g.rules = rules;
	g.nr_rules = 2;
	check_compare(&g, 1, NULL);
	scrub__free(&rules[0]);
	scrub__free(&rules[1]);
}

/* The manifest's common scrubs run first, then the test's own, on their output. */
static void test_common_scrubs_before_own(void **state)
{
	struct golden_spec g = spec();
	struct scrub_rule common, own;
	char err[200];

	(void)state;
	assert_int_equal(scrub__compile(&common, "s/apple/banana/", err, sizeof(err)), 0);
	assert_int_equal(scrub__compile(&own, "s/banana/cherry/", err, sizeof(err)), 0);
	captures("hlt\n", "apple\n", "", "");
	mkdir("expected", 0755);
	put("expected/t.exit", "hlt\n");
	put("expected/t.serial", "cherry\n");
	g.common = &common;
	g.nr_common = 1;
	g.rules = &own;
	g.nr_rules = 1;
	check_compare(&g, 1, NULL);
	/* the other way round the own rule finds nothing to change */
	g.common = &own;
	g.rules = &common;
	put("expected/t.serial", "banana\n");
	check_compare(&g, 1, NULL);
	scrub__free(&common);
	scrub__free(&own);
}

static void test_bios_log_only_when_asked(void **state)
{
	struct golden_spec g = spec();

	(void)state;
	captures("idle\n", "", "", screen(""));
	put("actual/bios-log", "SeaBIOS (version 1.16.2)\nBooting from Hard Disk...\n");
	mkdir("expected", 0755);
	put("expected/t.exit", "idle\n");
	check_compare(&g, 1, NULL);
	put("expected/t.bios-log", "something else\n");
	check_compare(&g, 1, NULL);
	check_update(&g, NULL);
	assert_file("expected/t.bios-log", "something else\n");

	g.bios_log = true;
	char *report = NULL;

	assert_int_equal(golden__compare(&g, &report), 0);
	assert_non_null(strstr(report, "bios-log differs from golden expected/t.bios-log"));
	free(report);
	unlink("expected/t.bios-log");
	check_compare(&g, 0,
		      "missing golden expected/t.bios-log for a non-empty bios-log "
		      "(run bootcheck check --update to create it)\n");
	check_update(&g, "created expected/t.bios-log\n");
	check_compare(&g, 1, NULL);
}

static void test_update_creates_updates_removes(void **state)
{
	struct golden_spec g = spec();
	struct scrub_rule banner;
	char err[200];

	(void)state;
	assert_int_equal(scrub__compile(&banner, scrub__seabios_banner, err, sizeof(err)), 0);
	g.rules = &banner;
	g.nr_rules = 1;
	captures("debug-exit 0\n", "serial\n", "", screen(BANNER_1162 "\n"));
	assert_false(exists("expected"));
	check_update(&g, "created expected/t.exit\n"
			 "created expected/t.serial\n"
			 "created expected/t.screen\n");
	assert_file("expected/t.exit", "debug-exit 0\n");
	assert_file("expected/t.serial", "serial\n");
	assert_false(exists("expected/t.debugcon"));
	assert_file("expected/t.screen", screen(BANNER_SCRUBBED "\n"));
	check_compare(&g, 1, NULL);

	captures("debug-exit 3\n", "", "dbg\n", screen(""));
	check_update(&g, "updated expected/t.exit\n"
			 "removed expected/t.serial\n"
			 "created expected/t.debugcon\n"
			 "removed expected/t.screen\n");
	assert_file("expected/t.exit", "debug-exit 3\n");
	assert_false(exists("expected/t.serial"));
	assert_file("expected/t.debugcon", "dbg\n");
	assert_false(exists("expected/t.screen"));
	check_compare(&g, 1, NULL);

	/* the exit golden is written even for an empty capture */
	unlink("actual/exit");
	check_update(&g, "updated expected/t.exit\n");
	assert_file("expected/t.exit", "");
	scrub__free(&banner);
}

static void test_update_twice_reports_nothing(void **state)
{
	struct golden_spec g = spec();
	const struct timespec old[2] = { { .tv_sec = 1000 }, { .tv_sec = 1000 } };
	struct stat st;

	(void)state;
	captures("hlt\n", "s\n", "d\n", screen("x\n"));
	check_update(&g, "created expected/t.exit\n"
			 "created expected/t.serial\n"
			 "created expected/t.debugcon\n"
			 "created expected/t.screen\n");
	/* equal goldens are not even rewritten: their times stay */
	assert_int_equal(utimensat(AT_FDCWD, "expected/t.serial", old, 0), 0);
	check_update(&g, NULL);
	assert_int_equal(stat("expected/t.serial", &st), 0);
	assert_int_equal(st.st_mtim.tv_sec, 1000);
}

static void test_binary_and_large_captures(void **state)
{
	struct golden_spec g = spec();
	size_t len = 300000;
	char *big = malloc(len);
	char *report = NULL;

	(void)state;
	assert_non_null(big);
	for (size_t i = 0; i < len; i++)
		big[i] = (char)(i % 7 == 0 ? '\0' : i % 61 == 0 ? '\n' : 'a' + i % 26);
	captures("hlt\n", "", "", screen(""));
	put_len("actual/serial", big, len);
	check_update(&g, "created expected/t.exit\ncreated expected/t.serial\n");
	check_compare(&g, 1, NULL);
	big[len - 2] = 'Z';
	put_len("actual/serial", big, len);
	assert_int_equal(golden__compare(&g, &report), 0);
	assert_non_null(strstr(report, "serial differs from golden expected/t.serial"));
	assert_non_null(strstr(report, "\\x00"));
	free(report);
	free(big);
}

static void test_io_errors(void **state)
{
	struct golden_spec g = spec();
	char *report = NULL;

	(void)state;
	captures("hlt\n", "", "", screen(""));
	unlink("actual/serial");
	mkdir("actual/serial", 0755);
	mkdir("expected", 0755);
	put("expected/t.exit", "hlt\n");
	assert_int_equal(golden__compare(&g, &report), -1);
	assert_string_equal(report, "cannot read capture actual/serial: Is a directory\n");
	free(report);
	report = NULL;
	assert_int_equal(golden__update(&g, &report), -1);
	assert_non_null(strstr(report, "cannot read capture actual/serial: Is a directory\n"));
	free(report);
	report = NULL;
	put("expected-file", "");
	g.expected_dir = "expected-file";
	assert_int_equal(golden__update(&g, &report), -1);
	assert_non_null(strstr(report, "expected-file/t.exit: Not a directory\n"));
	free(report);
}

/* Goldens of tests the manifest no longer has: listed and removed, nothing else touched. */
static void test_stale_and_prune(void **state)
{
	const char *tests[] = { "keep", "a.b", "zeta" };
	char **stale = NULL, *report = NULL;
	int n = -1;

	(void)state;
	/* no goldens directory yet: nothing stale */
	assert_int_equal(golden__stale("expected", tests, 3, &stale, &n), 0);
	assert_int_equal(n, 0);
	golden__free_list(stale, n);
	assert_int_equal(mkdir("expected", 0755), 0);
	assert_int_equal(mkdir("outside", 0755), 0);
	put("outside/victim", "do not touch\n");
	put("expected/keep.exit", "hlt\n");
	put("expected/keep.screen", "x\n");
	put("expected/a.b.exit", "hlt\n");        /* test "a.b" */
	put("expected/a.exit", "hlt\n");          /* no test "a": stale */
	put("expected/gone.exit", "hlt\n");
	put("expected/gone.bios-log", "log\n");
	put("expected/gone.png", "png");
	put("expected/README.md", "about the goldens\n"); /* no golden's suffix */
	put("expected/gone.exit.tmp-abc123", "");  /* nor this */
	put("expected/bad name.exit", "hlt\n");   /* no test could be named so */
	assert_int_equal(mkdir("expected/old.screen", 0755), 0); /* a directory: never */
	put("expected/old.screen/inside", "x\n");
	assert_int_equal(symlink("../outside/victim", "expected/link.serial"), 0);
	assert_int_equal(symlink("../outside", "expected/linkdir.cursor"), 0);

	assert_int_equal(golden__stale("expected", tests, 3, &stale, &n), 0);
	const char *want[] = { "a.exit", "gone.bios-log", "gone.exit", "gone.png", "link.serial",
			       "linkdir.cursor" };

	assert_int_equal(n, (int)ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		assert_string_equal(stale[i], want[i]);
	assert_null(stale[n]);

	assert_int_equal(golden__prune("expected", stale, n, &report), 0);
	assert_non_null(strstr(report, "removed expected/gone.exit\n"));
	assert_non_null(strstr(report, "removed expected/link.serial\n"));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		char path[64];
		struct stat st;

		snprintf(path, sizeof(path), "expected/%s", want[i]);
		assert_int_equal(lstat(path, &st), -1);
	}
	/* what the symlinks pointed to, and everything that is no stale golden, is still there */
	assert_file("outside/victim", "do not touch\n");
	assert_true(exists("expected/keep.exit") && exists("expected/keep.screen") &&
		    exists("expected/a.b.exit") && exists("expected/README.md") &&
		    exists("expected/gone.exit.tmp-abc123") && exists("expected/bad name.exit") &&
		    exists("expected/old.screen/inside"));
	free(report);
	golden__free_list(stale, n);
	assert_int_equal(golden__stale("expected", tests, 3, &stale, &n), 0);
	assert_int_equal(n, 0);
	golden__free_list(stale, n);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

/* A colors capture: every cell 07, but CELLS of row ROW from column 0 in ATTR. */
static char *colors(int row, int cells, unsigned attr)
{
	static char buf[4096];
	size_t off = 0;

	for (int r = 0; r < 25; r++) {
		if (r == row && cells)
			off += (size_t)sprintf(buf + off, "%02d|%02x*%d 07*%d\n", r, attr, cells,
					       80 - cells);
		else
			off += (size_t)sprintf(buf + off, "%02d|07*80\n", r);
	}
	return buf;
}

/* By default colors and cursor are compared too: all a person sees. */
static void test_colors_and_cursor_by_default(void **state)
{
	struct golden_spec g = spec();

	(void)state;
	g.channels = 0; /* the default */
	captures("hlt\n", "", "", screen("hi\n"));
	put("actual/colors", colors(0, 2, 0x1f));
	put("actual/cursor", "row 1, column 0, scan lines 13-14\n");
	check_update(&g, "created expected/t.exit\ncreated expected/t.screen\n"
			 "created expected/t.colors\ncreated expected/t.cursor\n");
	check_compare(&g, 1, NULL);
	/* a colour-only change: said per row and column, from which attribute to which */
	put("actual/colors", colors(0, 2, 0x4e));
	check_compare(&g, 0, "colors differ from golden expected/t.colors (attribute: "
			     "background<<4 | foreground, bit 7 blink; if the change is intended, "
			     "run bootcheck check --update):\n  row 0, columns 0-1: 1f -> 4e\n");
	/* compare = exit, screen: neither colours nor cursor count */
	put("actual/cursor", "row 1, column 1, scan lines 13-14, hidden\n");
	g.channels = (1u << CH_EXIT) | (1u << CH_SCREEN);
	check_compare(&g, 1, NULL);
	/* default colours need no golden; the cursor always does */
	g.channels = 0;
	unlink("expected/t.colors");
	unlink("expected/t.cursor");
	put("actual/colors", colors(0, 0, 0));
	check_compare(&g, 0, "missing golden expected/t.cursor for a non-empty cursor (run "
			     "bootcheck check --update to create it)\n");
}

/* A colors golden not in the format (edited by hand): a plain diff says it. */
static void test_colors_unparsable_golden(void **state)
{
	struct golden_spec g = spec();
	char *report = NULL;

	(void)state;
	g.channels = 1u << CH_COLORS;
	put("actual/colors", colors(3, 5, 0x70));
	mkdir("expected", 0755);
	put("expected/t.colors", "not colors\n");
	assert_int_equal(golden__compare(&g, &report), 0);
	assert_non_null(strstr(report, "colors differs from golden expected/t.colors"));
	assert_non_null(strstr(report, "+03|70*5 07*75"));
	free(report);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_colors_and_cursor_by_default, setup, teardown),
		cmocka_unit_test_setup_teardown(test_colors_unparsable_golden, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_and_prune, setup, teardown),
		TEST(test_capture_empty),
		TEST(test_pass_when_all_match),
		TEST(test_missing_exit_golden),
		TEST(test_nonempty_capture_needs_golden),
		TEST(test_golden_differs),
		TEST(test_blank_screen_needs_no_golden),
		TEST(test_golden_of_empty_capture_gets_content),
		TEST(test_scrub_makes_banner_match),
		TEST(test_common_scrubs_before_own),
		TEST(test_bios_log_only_when_asked),
		TEST(test_update_creates_updates_removes),
		TEST(test_update_twice_reports_nothing),
		TEST(test_binary_and_large_captures),
		TEST(test_io_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
