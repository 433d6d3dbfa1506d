/* runner.h - `bootcheck check`: boot every selected test in worker processes, compare with goldens, report. */
#ifndef BOOTCHECK_RUNNER_H
#define BOOTCHECK_RUNNER_H

#include <stdbool.h>

#include "check/manifest.h" // struct manifest

struct check_options {
	const char *manifest;      /* default bootcheck.ini */
	const char *expected_dir;  /* default: expected/ beside the manifest */
	const char *artifacts;     /* default bootcheck-out */
	const char *junit;         /* write JUnit XML here */
	const char *html;          /* write the HTML report into this directory */
#define CHECK_MAX_SELECT 32
	const char *filter[CHECK_MAX_SELECT]; /* globs on test names: any of them */
	int nr_filter;
	const char *group[CHECK_MAX_SELECT];  /* groups: any of them */
	int nr_group;
	int jobs;                  /* parallel runs (default: cores) */
	int shard_index, shard_count; /* 1-based I of N; 0 of 0 = no sharding */
	bool list, update, tap, require_kvm, help;
	bool verbose;              /* -v: a passing test's captures after its line */
	bool accept_timeouts;      /* --update may write a timeout's goldens */
	bool prune;                /* --update removes goldens of tests not in the manifest */
	bool stats;                /* print time, rate and peak RSS after the summary */
	bool exitfirst;            /* -x: start no test after the first failure */
	bool color;                /* colour verdicts and diffs (--color, resolved) */
	bool ci;                   /* under CI (CI set, and not "", "0", "false" or "no") */
	bool progress;             /* a live progress line (on a terminal) */
};

enum verdict { VERDICT_PASS, VERDICT_FAIL, VERDICT_SKIP, VERDICT_ERROR };

struct test_result {
	enum verdict verdict;
	double seconds;
	char *exit_line;   /* what the guest did, e.g. "debug-exit 0" (NULL if unknown) */
	char *report;      /* why it failed: missing goldens, diffs, harness error text */
	char *captures;    /* a failure's captures (the artifacts directory), or NULL */
	char *capture_text; /* the captures as compared, as text (output__captures): for -v
			      * and JUnit's <system-out>; NULL when neither wants it */
};

/*
 * runner__selected - whether test T (named NAME) is selected by O: its
 * name matches any of the --filter globs (if any), it is in any of the
 * --group groups (if any), and it is in the --shard.  The shard is a hash of the
 * name, so every test lands in exactly one of N shards on any machine.
 */
bool runner__selected(const struct check_options *o, const struct test_case *t);

/* runner__shard_of - the 1-based shard of N that NAME belongs to. */
int runner__shard_of(const char *name, int n);

/*
 * How a worker runs its tests: RUN is `bootcheck run`'s entry point, given
 * ARGV as it would be ("run", options, "--out", DIR, IMAGE), returning its
 * exit status.  Each worker calls NEW_SESSION once when it starts and
 * passes the result to every RUN it makes (what runs keep from one to the
 * next, e.g. a VM to reset), and END_SESSION when it ends.  The CLI hands
 * these in, so the runner does not reach up into it.
 */
struct runner_exec {
	void *(*new_session)(void);
	int (*run)(void *session, int argc, char **argv);
	void (*end_session)(void *session);
	/* 1 (with the reason in WHY) when no test can run for want of KVM; may be NULL */
	int (*kvm_absent)(char *why, size_t len);
};

/*
 * runner__run - with o->list, print each selected test as "NAME<tab>GROUPS
 * <tab>bootcheck run ARGS IMAGE" (the command that reproduces it) and
 * return.  Otherwise run every selected test of M in o->jobs worker
 * processes (forks of this one that run one test at a time through RUN,
 * each test with its own deadline and a watchdog that kills a stuck worker;
 * a worker that dies fails only its test and is replaced), compare or update
 * goldens, and print results in manifest order with the closing line.
 * Returns the exit status: 0 all passed, 1 some failed, 77 every test
 * skipped for want of /dev/kvm (99 with require_kvm), 99 harness error.
 */
int runner__run(const struct check_options *o, const struct manifest *m,
		const struct runner_exec *run);

#endif
