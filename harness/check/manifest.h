/* manifest.h - the INI test manifest (bootcheck.ini): one section per test, `bootcheck run` options as keys. */
#ifndef BOOTCHECK_MANIFEST_H
#define BOOTCHECK_MANIFEST_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "check/scrub.h" // struct scrub_rule

struct test_case {
	char *name;
	int line;                /* of its [section] header */
	char *image;             /* resolved against the manifest's directory */
	char **images;           /* every image file the test reads: image, then hdd and
				  * floppy files (NULL-terminated) */
	int nr_images;
	char **run_args;         /* `bootcheck run` options from the keys, NULL-terminated,
				  * without the image and without --out */
	int nr_run_args;
	char **groups;
	int nr_groups;
	struct scrub_rule *rules; /* its own scrubs (after the manifest's common ones) */
	int nr_rules;
	bool bios_log;           /* compare-bios-log = true */
	unsigned channels;       /* compare = ...: 1 << CH_x (check/golden.h); 0: the default */
	double timeout_s;        /* the run's --timeout, for the runner's watchdog */
};

struct manifest {
	char *path;
	char *dir;               /* relative paths in it are relative to this */
	struct test_case *tests; /* in file order */
	int nr_tests;
	/*
	 * The SeaBIOS banner, then [defaults]' scrubs: compiled once and
	 * applied to every test before its own, so a suite of thousands of
	 * tests holds one copy of each regex.
	 */
	struct scrub_rule *common;
	int nr_common;
};

/*
 * manifest__load - parse PATH with libinih.  Keys: image, mode, drive, hdd
 * and floppy (repeatable, one file a line, in order after image), boot, bios,
 * vgabios, load, entry, cpu, mem, timeout, idle, console-port (repeatable,
 * or several separated by spaces/commas), exit-port, max-output, groups
 * (space/comma separated), scrub (repeatable: `s/REGEX/REPL/`),
 * compare-bios-log (true/false).  A [defaults] section applies to every
 * test (a test's own key replaces it; scrub rules and console ports add
 * up).  Unknown keys, bad values, a duplicate test name, a missing or
 * unreadable image, a test with no image, option combinations `bootcheck
 * run` refuses, and syntax errors are errors.  Returns 0, or -1 with ERR
 * set to "FILE:LINE: message" (the first error) and nothing allocated.
 */
int manifest__load(struct manifest *m, const char *path, char *err, size_t errlen);
void manifest__free(struct manifest *m);

/* manifest__in_group - whether T belongs to GROUP. */
bool manifest__in_group(const struct test_case *t, const char *group);

#endif
