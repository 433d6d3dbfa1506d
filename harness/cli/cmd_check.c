/* cmd_check.c - `bootcheck check`: the golden-file test runner. */
#include <errno.h>  // errno
#include <getopt.h> // getopt_long
#include <stdarg.h> // va_list
#include <stdio.h>  // fprintf
#include <stdlib.h> // getenv
#include <string.h> // strcmp
#include <strings.h> // strcasecmp
#include <sys/stat.h> // stat
#include <unistd.h> // isatty, sysconf

#include "check/manifest.h" // manifest__load
#include "check/runner.h"   // runner__run
#include "report/color.h"   // color__*
#include "sys/file.h"       // file__open_regular
#include "cli/commands.h"   // cmd_check
#include "config/options.h"    // options__parse_u64
#include "report/exit_status.h"        // EXIT_*

static const char usage[] =
	"usage: bootcheck check [OPTIONS] [MANIFEST]\n"
	"\n"
	"Boot every test of MANIFEST (default ./bootcheck.ini) as `bootcheck run`\n"
	"would, in worker processes that reset one VM from test to test, and compare\n"
	"its exit, serial, debugcon and screen captures with the goldens\n"
	"EXPECTED/NAME.exit, .serial, .debugcon, .screen.\n"
	"\n"
	"  --expected DIR    goldens directory (default: expected/ beside the manifest)\n"
	"  --artifacts DIR   where failing tests' captures, stderr and report go\n"
	"                    (default bootcheck-out)\n"
	"  -j, --jobs N      tests run at once (default: the number of cores)\n"
	"  --filter GLOB     only tests whose name matches GLOB (repeatable: any of them)\n"
	"  --group NAME      only tests in group NAME (repeatable: any of them; with\n"
	"                    --filter, a test must match both)\n"
	"  --shard I/N       only the I-th of N shards (split by a hash of the name:\n"
	"                    N jobs with I = 1..N run every test exactly once)\n"
	"  --list            list the selected tests: name, groups and the\n"
	"                    `bootcheck run` command of each (tab-separated); run nothing\n"
	"  --update          write the goldens from what the tests do now and list\n"
	"                    what changed (refused when CI is set); a test that\n"
	"                    timed out (unless its exit golden says timeout already)\n"
	"                    or ended in an ERROR is not written: it fails, saying so\n"
	"  --accept-timeouts with --update: write a timeout's goldens too (a test\n"
	"                    meant to time out); never an ERROR's\n"
	"                    (--update lists the goldens of tests the manifest no\n"
	"                    longer has, a check notes how many)\n"
	"  --prune           with --update: remove those goldens (files and symlinks\n"
	"                    named TEST.SUFFIX in the goldens directory, nothing else)\n"
	"  --tap             print TAP version 14 instead of plain lines (exit 0 once\n"
	"                    the stream is complete, failures included; no KVM:\n"
	"                    1..0 # SKIP)\n"
	"  --junit FILE      also write JUnit XML to FILE: the suite named after the\n"
	"                    manifest, each test's classname its first group, its\n"
	"                    captures in <system-out>\n"
	"  --html DIR        also write an HTML report: DIR/index.html with pictures\n"
	"                    of the screens beside it (expected, actual, difference)\n"
	"  --color WHEN      colour PASS/FAIL and the diffs: auto (on a terminal,\n"
	"                    unless NO_COLOR is set), always, never\n"
	"  -x, --exitfirst   start no test after the first failure (the rest: SKIP)\n"
	"  -v, --verbose     show what passing tests showed too: after each PASS line\n"
	"                    its captures as they were compared (exit, serial,\n"
	"                    debugcon, screen rows, colours, cursor)\n"
	"  --stats           after the summary, print the wall time, tests per second\n"
	"                    and the peak memory (RSS) of the runner and its workers\n"
	"  --require-kvm     no /dev/kvm is an error (99), not a skip (77)\n"
	"  -h, --help        this text\n"
	"\n"
	"The directories of --artifacts, --html and --junit are made and written to\n"
	"before any guest runs; one that cannot be is a usage error.\n"
	"\n"
	"Under CI (the environment variable CI set, and not empty, 0, false or no)\n"
	"--update is refused and reports do not suggest it; no progress line.\n"
	"\n"
	"Exit status: 0 all passed, 1 some failed, 2 usage error, 77 /dev/kvm\n"
	"missing (every test skipped), 99 harness or manifest error; with --tap, 0\n"
	"for failures and skips too (the TAP stream carries them).\n";

enum { OPT_EXPECTED = 256, OPT_ARTIFACTS, OPT_FILTER, OPT_GROUP, OPT_SHARD, OPT_LIST,
       OPT_UPDATE, OPT_TAP, OPT_JUNIT, OPT_REQUIRE_KVM, OPT_STATS, OPT_COLOR, OPT_HTML, OPT_EXITFIRST,
       OPT_ACCEPT_TIMEOUTS, OPT_PRUNE };

static const struct option longopts[] = {
	{ "expected", required_argument, NULL, OPT_EXPECTED },
	{ "artifacts", required_argument, NULL, OPT_ARTIFACTS },
	{ "jobs", required_argument, NULL, 'j' },
	{ "filter", required_argument, NULL, OPT_FILTER },
	{ "group", required_argument, NULL, OPT_GROUP },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "update", no_argument, NULL, OPT_UPDATE },
	{ "accept-timeouts", no_argument, NULL, OPT_ACCEPT_TIMEOUTS },
	{ "prune", no_argument, NULL, OPT_PRUNE },
	{ "tap", no_argument, NULL, OPT_TAP },
	{ "junit", required_argument, NULL, OPT_JUNIT },
	{ "require-kvm", no_argument, NULL, OPT_REQUIRE_KVM },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "html", required_argument, NULL, OPT_HTML },
	{ "exitfirst", no_argument, NULL, 'x' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_shard(const char *text, int *index, int *count)
{
	uint64_t i, n;
	char buf[32];
	const char *slash = strchr(text, '/');

	if (!slash || (size_t)(slash - text) >= sizeof(buf))
		return -1;
	memcpy(buf, text, (size_t)(slash - text));
	buf[slash - text] = '\0';
	if (options__parse_u64(buf, &i) || options__parse_u64(slash + 1, &n) || n == 0 ||
	    n > 10000 || i == 0 || i > n)
		return -1;
	*index = (int)i;
	*count = (int)n;
	return 0;
}

/* Whether this runs under CI: CI set to anything but "", "0", "false" or "no". */
static bool in_ci(void)
{
	const char *ci = getenv("CI");

	return ci && ci[0] && strcmp(ci, "0") && strcasecmp(ci, "false") && strcasecmp(ci, "no");
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "bootcheck check: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'bootcheck check --help')\n");
	return EXIT_USAGE;
}

int cmd_check(int argc, char **argv)
{
	struct check_options o = {
		.manifest = "bootcheck.ini",
		.artifacts = "bootcheck-out",
		.jobs = (int)sysconf(_SC_NPROCESSORS_ONLN),
	};
	struct manifest m;
	enum color_when color = COLOR_AUTO;
	char err[512];
	uint64_t v;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":j:hxv", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_EXPECTED: o.expected_dir = optarg; break;
		case OPT_ARTIFACTS: o.artifacts = optarg; break;
		case OPT_FILTER:
		case OPT_GROUP: {
			const char **list = c == OPT_FILTER ? o.filter : o.group;
			int *nr = c == OPT_FILTER ? &o.nr_filter : &o.nr_group;

			if (*nr == CHECK_MAX_SELECT)
				return usage_error("at most %d --filter and %d --group", CHECK_MAX_SELECT,
						   CHECK_MAX_SELECT);
			list[(*nr)++] = optarg;
			break;
		}
		case OPT_LIST: o.list = true; break;
		case OPT_UPDATE: o.update = true; break;
		case OPT_ACCEPT_TIMEOUTS: o.accept_timeouts = true; break;
		case OPT_PRUNE: o.prune = true; break;
		case OPT_TAP: o.tap = true; break;
		case OPT_JUNIT: o.junit = optarg; break;
		case OPT_HTML: o.html = optarg; break;
		case 'x': o.exitfirst = true; break;
		case 'v': o.verbose = true; break;
		case OPT_REQUIRE_KVM: o.require_kvm = true; break;
		case OPT_STATS: o.stats = true; break;
		case OPT_COLOR:
			if (color__parse(optarg, &color))
				return usage_error("--color: '%s' is not auto, always or never", optarg);
			break;
		case 'j':
			if (options__parse_u64(optarg, &v) || v == 0 || v > 256)
				return usage_error("--jobs: '%s' is not a number from 1 to 256", optarg);
			o.jobs = (int)v;
			break;
		case OPT_SHARD:
			if (parse_shard(optarg, &o.shard_index, &o.shard_count))
				return usage_error("--shard: '%s' is not I/N with 1 <= I <= N", optarg);
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_RAN;
		case ':':
			return usage_error("%s needs a value", argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		o.manifest = argv[optind++];
	if (optind < argc)
		return usage_error("one manifest at a time ('%s' is extra)", argv[optind]);
	if (o.jobs < 1)
		o.jobs = 1;
	o.ci = in_ci();
	if ((o.accept_timeouts || o.prune) && !o.update)
		return usage_error("%s is for --update", o.prune ? "--prune" : "--accept-timeouts");
	if (o.update && o.ci)
		return usage_error("refusing --update with CI set (CI=%s): goldens are updated by "
				   "a person, reviewed with git diff", getenv("CI"));
	const char *term = getenv("TERM");

	o.progress = !o.tap && !o.ci && isatty(STDOUT_FILENO) && !(term && !strcmp(term, "dumb"));
	o.color = !o.tap && color__enabled(color, STDOUT_FILENO);
	/*
	 * Where results go: made (with parents) and written to once before
	 * any guest runs, or a usage error; so is --junit FILE naming no file.
	 */
	const char *dirs[3][2] = { { "--artifacts", o.artifacts }, { "--html", o.html },
				   { "--junit", NULL } };
	char junit_dir[4096];
	struct stat st;

	if (o.junit && !o.list) {
		const char *slash = strrchr(o.junit, '/');

		if (!o.junit[0] || (slash && !slash[1]))
			return usage_error("--junit: '%s' names a directory, not the file to write",
					   o.junit);
		if (stat(o.junit, &st) == 0 && S_ISDIR(st.st_mode))
			return usage_error("--junit: %s: is a directory, not the file to write", o.junit);
		if (!slash || slash == o.junit)
			snprintf(junit_dir, sizeof(junit_dir), "%s", slash ? "/" : ".");
		else
			snprintf(junit_dir, sizeof(junit_dir), "%.*s", (int)(slash - o.junit), o.junit);
		dirs[2][1] = junit_dir;
	}
	for (int i = 0; i < 3 && !o.list; i++) {
		if (!dirs[i][1])
			continue;
		if (file__mkdirs(dirs[i][1]) < 0)
			return usage_error("%s: %s: %s", dirs[i][0], dirs[i][1],
					   errno == ENOTDIR ? "not a directory (or under something "
							      "that is not)" : strerror(errno));
		if (file__dir_writable(dirs[i][1]) < 0)
			return usage_error("%s: %s: cannot create files there: %s", dirs[i][0],
					   dirs[i][1], strerror(errno));
	}
	/* a manifest that is not there, or not a file (a FIFO would block), is a usage error */
	FILE *mf = file__open_regular(o.manifest);

	if (!mf) {
		fprintf(stderr, "bootcheck check: %s: %s\n(see 'bootcheck check --help')\n", o.manifest,
			file__strerror(errno));
		return EXIT_USAGE;
	}
	fclose(mf);
	if (manifest__load(&m, o.manifest, err, sizeof(err))) {
		fprintf(stderr, "bootcheck check: %s\n", err);
		return EXIT_HARNESS;
	}
	const struct runner_exec exec = {
		.new_session = run_session__new,
		.run = cmd_run_in,
		.end_session = run_session__end,
		.kvm_absent = run_kvm_absent,
	};
	int status = runner__run(&o, &m, &exec);

	manifest__free(&m);
	return status;
}
