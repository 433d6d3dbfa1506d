/* output.h - how `bootcheck check` reports: plain lines, TAP version 14, JUnit XML. */
#ifndef BOOTCHECK_CHECK_OUTPUT_H
#define BOOTCHECK_CHECK_OUTPUT_H

#include <stdio.h>

#include "check/golden.h"   // struct golden_spec
#include "check/manifest.h" // struct test_case
#include "check/runner.h"   // struct test_result

struct tally {
	int passed, failed, skipped; /* errors count as failed */
};

/* output__verdict - "PASS", "FAIL", "SKIP" or "ERROR". */
const char *output__verdict(enum verdict v);

/*
 * output__plain - one test's line ("PASS name (0.43 s)") and, on failure,
 * its report indented; with COLOR the verdict coloured, and the diffs'
 * removed, added and hunk lines.  With VERBOSE a passing test's
 * capture_text follows its line, indented.
 */
void output__plain(FILE *f, const struct test_case *t, const struct test_result *r, bool color,
		   bool verbose);

/* output__tap_plan - "TAP version 14" and the plan for N tests. */
void output__tap_plan(FILE *f, int n);

/*
 * output__tap - test number I's point: ok / not ok with diagnostics as
 * comments, skips as # SKIP; with VERBOSE a passing test's capture_text as
 * comments after its ok.
 */
void output__tap(FILE *f, int i, const struct test_case *t, const struct test_result *r,
		 bool verbose);

/*
 * output__captures - a test's captures as compared (after its scrub rules,
 * the channels it compares, in the captures directory G->actual_dir), as
 * text for a person: "exit: hlt", "--- serial (6 bytes) ---" and its bytes
 * (at most 16 KiB of a channel, then how many more), the screen's rows down
 * to the last that is not blank numbered "00|", the colors rows down to the
 * last that is not one colour on black ("07*80"), "cursor: ...", whether
 * there is a picture (only when there is).
 * Guest bytes are escaped as `bootcheck run` shows them (so the text is fit
 * for a terminal and for XML).  Malloc'd, or NULL when out of memory.
 */
char *output__captures(const struct golden_spec *g);

/* output__summary - "N passed, N failed" (", N skipped" when any), the runner's closing line. */
void output__summary(FILE *f, const struct tally *c);

/*
 * output__junit - write JUnit XML to PATH with libxml2: one <testsuite>
 * named SUITE holding a <testcase classname=... name=...> per test, its
 * classname the test's first group (SUITE for a test in none), a
 * <failure> (message + the report as text) for failures, <error> for
 * harness errors, <skipped/> for skips, and the test's capture_text (if
 * any) as <system-out>.  0 or -1 after printing why.
 */
int output__junit(const char *path, const char *suite, const struct test_case *const *tests,
		  const struct test_result *results, int n, double seconds);

#endif
