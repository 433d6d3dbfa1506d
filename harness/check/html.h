/* html.h - check --html DIR: one self-contained page of the results, with pictures of the screens. */
#ifndef BOOTCHECK_HTML_H
#define BOOTCHECK_HTML_H

#include "check/manifest.h" // struct test_case
#include "check/runner.h"   // struct test_result

/*
 * html__write - DIR/index.html and its pictures beside it (no network, no
 * script from elsewhere): a summary table (test, status, duration, exit
 * line); for each failing test its expected and actual screens side by
 * side as pictures (drawn from the goldens in EXPECTED and the captures, or
 * the graphics pictures), a difference image and the text report with its
 * diffs; passing tests folded, with their screen.  DIR is created with its
 * parents.  0, or -1 after saying why on stderr.
 */
int html__write(const char *dir, const char *manifest, const char *expected,
		const struct test_case *const *sel, const struct test_result *res, int n,
		double seconds);

#endif
