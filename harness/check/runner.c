/* runner.c - `bootcheck check`: boot every selected test in worker processes, compare with goldens, report. */
#include "check/runner.h"

#include "capture/png.h"    // png__write
#include "check/html.h"     // html__write
#include "check/pictures.h" // pictures__draw

#include <errno.h>    // errno
#include <dirent.h>   // fdopendir, readdir
#include <fcntl.h>    // open
#include <fnmatch.h>  // fnmatch
#include <signal.h>   // kill, sigprocmask, sigtimedwait
#include <stdarg.h>   // va_list
#include <stdbool.h>  // bool
#include <stdint.h>   // uint32_t
#include <stdio.h>    // fprintf
#include <stdlib.h>   // calloc
#include <string.h>   // strcmp
#include <poll.h>     // poll
#include <sys/prctl.h> // PR_SET_PDEATHSIG
#include <sys/signalfd.h> // signalfd
#include <sys/stat.h> // mkdir
#include <sys/resource.h> // getrusage
#include <sys/wait.h> // wait4
#include <time.h>     // clock_gettime
#include <unistd.h>   // fork, execv

#include "check/golden.h" // golden__compare
#include "check/output.h" // output__*
#include "config/options.h"         // OPT_MAX_HDD, OPT_MAX_FLOPPY
#include "report/exit_status.h"      // EXIT_*

/* How long past its own --timeout a run may take before it is killed. */
#define WATCHDOG_GRACE_S 20.0

/*
 * What says an image's bytes are the same without reading them: a write
 * moves the change time, which only the kernel sets.
 */
struct image_id {
	bool valid;          /* stat succeeded */
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
};

/* image, hdd and floppy files (options.h's limits) */
#define MAX_TEST_IMAGES (1 + OPT_MAX_HDD + OPT_MAX_FLOPPY)

struct job {
	struct image_id image[MAX_TEST_IMAGES]; /* the test's images when check started */
	int worker;          /* the worker running it, -1 before and after */
	double started;
	double deadline;
	bool done;
	int code;            /* the run's exit status */
	int died;            /* the signal that ended its worker, or 0 */
	bool killed;         /* by the watchdog */
};

/*
 * A worker: a process of the runner's that runs one test at a time, in
 * itself (no exec, no loading), and answers on the shared result pipe.
 */
struct worker {
	pid_t pid;           /* 0: none (not started, or gone) */
	int req;             /* write end of its request pipe */
	int job;             /* the test it runs, -1 when idle */
};

/* What a worker writes back: small enough that pipe writes never interleave. */
struct worker_result {
	int32_t job;
	int32_t code;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int runner__shard_of(const char *name, int n)
{
	uint32_t h = 2166136261u; /* FNV-1a: the same on every machine */

	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 16777619u;
	return (int)(h % (uint32_t)n) + 1;
}

bool runner__selected(const struct check_options *o, const struct test_case *t)
{
	bool any = o->nr_filter == 0;

	for (int i = 0; i < o->nr_filter && !any; i++)
		any = fnmatch(o->filter[i], t->name, 0) == 0;
	if (!any)
		return false;
	any = o->nr_group == 0;
	for (int i = 0; i < o->nr_group && !any; i++)
		any = manifest__in_group(t, o->group[i]);
	if (!any)
		return false;
	if (o->shard_count && runner__shard_of(t->name, o->shard_count) != o->shard_index)
		return false;
	return true;
}

static char *path_join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s", a, b);
	return p;
}

/* Append printf text to a malloc'd string. */
static void append(char **s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void append(char **s, const char *fmt, ...)
{
	va_list ap;
	char *more = NULL;

	va_start(ap, fmt);
	if (vasprintf(&more, fmt, ap) < 0)
		more = NULL;
	va_end(ap);
	if (!more)
		return;
	if (!*s) {
		*s = more;
		return;
	}
	char *joined = NULL;

	if (asprintf(&joined, "%s%s", *s, more) >= 0) {
		free(*s);
		*s = joined;
	}
	free(more);
}

/* Read a small text file's first line (without newline); NULL if absent. */
static char *first_line(const char *path)
{
	FILE *f = fopen(path, "r");
	char buf[512];

	if (!f)
		return NULL;
	char *r = fgets(buf, sizeof(buf), f) ? strdup(buf) : NULL;

	fclose(f);
	if (r)
		r[strcspn(r, "\n")] = '\0';
	return r;
}

/* The files a test's capture directory holds: bootcheck run's, stderr, report. */
static const char *const capture_files[] = { "exit", "serial", "debugcon", "screen",
					     "colors", "cursor", "screen.png", "diff.png", "bios-log",
					     "stderr", "report" };

static bool is_capture_file(const char *name)
{
	for (size_t i = 0; i < sizeof(capture_files) / sizeof(capture_files[0]); i++)
		if (!strcmp(name, capture_files[i]))
			return true;
	return false;
}

/*
 * Remove DIR when it is a real directory (not a symlink) holding nothing
 * but capture files: what this or an earlier run made.  Anything else is
 * left as it is.  0 when DIR is gone.
 */
static int remove_capture_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return -1;
	DIR *d = fdopendir(fd);
	struct dirent *e;
	bool foreign = false;

	if (!d) {
		close(fd);
		return -1;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    (!is_capture_file(e->d_name) || e->d_type == DT_DIR))
			foreign = true;
	if (!foreign)
		for (size_t i = 0; i < sizeof(capture_files) / sizeof(capture_files[0]); i++)
			unlinkat(fd, capture_files[i], 0);
	closedir(d);
	return foreign ? -1 : rmdir(dir);
}

/*
 * Move a failed test's captures from WORK into ARTIFACTS/NAME, replacing
 * the captures an earlier run left there, or into NAME.2, NAME.3, ... when
 * that name holds anything else (a symlink, other files).  Returns the
 * malloc'd path used, or NULL (WORK stays where it is).
 */
static char *publish(const char *artifacts, const char *name, const char *work)
{
	char *target = path_join(artifacts, name);

	if (target && rename(work, target) == 0)
		return target;
	if (target && (errno == EEXIST || errno == ENOTEMPTY) && remove_capture_dir(target) == 0 &&
	    rename(work, target) == 0)
		return target;
	for (int n = 2; target && n < 100; n++) {
		free(target);
		target = NULL;
		if (asprintf(&target, "%s/%s.%d", artifacts, name, n) < 0)
			return NULL;
		if (rename(work, target) == 0)
			return target;
	}
	free(target);
	return NULL;
}

/*
 * The worker's life: read a test number, run that test in this process the
 * way `bootcheck run --out DIR` would (its stderr into DIR/stderr), write
 * the exit status back.  Ends when the request pipe closes.
 */
static void worker_main(int req, int res, const struct test_case *const *sel, int n,
			const char *work, const struct runner_exec *run)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	int32_t job;
	void *session = run->new_session ? run->new_session() : NULL;

	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
	}
	while (read(req, &job, sizeof(job)) == (ssize_t)sizeof(job)) {
		struct worker_result r = { .job = job, .code = EXIT_HARNESS };

		if (job >= 0 && job < n) {
			const struct test_case *t = sel[job];
			char *outdir = path_join(work, t->name);
			char *errpath = outdir ? path_join(outdir, "stderr") : NULL;
			char **argv = calloc((size_t)t->nr_run_args + 6, sizeof(char *));
			int err = errpath ? open(errpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
			int k = 0;

			if (argv && outdir && err >= 0) {
				argv[k++] = "run";
				for (int i = 0; i < t->nr_run_args; i++)
					argv[k++] = t->run_args[i];
				argv[k++] = "--out";
				argv[k++] = outdir;
				argv[k++] = t->image;
				dup2(err, STDERR_FILENO);
				r.code = run->run(session, k, argv);
				fflush(stdout);
				fflush(stderr);
				if (null >= 0)
					dup2(null, STDERR_FILENO);
			}
			if (err >= 0)
				close(err);
			free(argv);
			free(errpath);
			free(outdir);
		}
		if (write(res, &r, sizeof(r)) != (ssize_t)sizeof(r))
			break;
	}
	if (run->end_session)
		run->end_session(session);
	_exit(0);
}

/* Start worker W: a fork of the runner, with the signal mask the runner had. */
static int worker_start(struct worker *w, int res_rd, int res_wr,
			const struct test_case *const *sel, int n, const char *work,
			const struct runner_exec *run, const sigset_t *mask, const struct worker *all, int nr_all)
{
	int p[2];
	pid_t parent = getpid();

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();

	if (pid < 0) {
		int e = errno;

		close(p[0]);
		close(p[1]);
		return -e;
	}
	if (pid == 0) {
		/* a runner that dies, however, takes its workers with it */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
			_exit(127);
		sigprocmask(SIG_SETMASK, mask, NULL);
		close(p[1]);
		close(res_rd);
		for (int i = 0; i < nr_all; i++)
			if (all[i].pid > 0)
				close(all[i].req);
		worker_main(p[0], res_wr, sel, n, work, run);
	}
	close(p[0]);
	w->pid = pid;
	w->req = p[1];
	w->job = -1;
	return 0;
}

/* What comparing test T's captures in OUTDIR with its goldens takes. */
static struct golden_spec golden_spec_of(const struct check_options *o, const struct manifest *m,
					 const struct test_case *t, const char *expected,
					 const char *outdir)
{
	return (struct golden_spec){
		.expected_dir = expected, .name = t->name, .actual_dir = outdir,
		.common = m->common, .nr_common = m->nr_common,
		.rules = t->rules, .nr_rules = t->nr_rules, .bios_log = t->bios_log,
		.channels = t->channels, .ci = o->ci,
	};
}

/*
 * Whether --update must not bless EXIT_LINE for T: a timeout, unless
 * --accept-timeouts or T's exit golden says timeout already (T is meant
 * to time out: someone accepted that once).
 */
static bool timeout_refused(const struct check_options *o, const struct test_case *t,
			    const char *expected, const char *exit_line)
{
	char *path, *golden;
	bool refused;

	if (o->accept_timeouts || !exit_line || strcmp(exit_line, "timeout"))
		return false;
	if (asprintf(&path, "%s/%s.exit", expected, t->name) < 0)
		return true;
	golden = first_line(path);
	refused = !golden || strcmp(golden, "timeout");
	free(golden);
	free(path);
	return refused;
}

/* What --update says of a test it did not write because it ended in an ERROR. */
static const char error_not_written[] =
	"goldens not written: an ERROR (an `error:` exit, a run that failed or was killed) is "
	"no guest result, and check reports it whatever the goldens say (--accept-timeouts "
	"does not change that)\n";

/* Turn a finished run into a verdict: compare (or update) goldens, or explain. */
static void judge(const struct check_options *o, const struct manifest *m,
		  const struct test_case *t,
		  const char *expected, const char *outdir, const struct job *j,
		  struct test_result *r)
{
	char *exitpath = path_join(outdir, "exit");

	r->exit_line = exitpath ? first_line(exitpath) : NULL;
	free(exitpath);
	if (j->killed) {
		r->verdict = VERDICT_ERROR;
		append(&r->report, "the run did not finish within %.0f s of its %.0f s "
		       "timeout: its worker was killed\n", WATCHDOG_GRACE_S, t->timeout_s);
		if (o->update)
			append(&r->report, "%s", error_not_written);
		return;
	}
	int code = j->died ? -1 : j->code;
	char *errpath = path_join(outdir, "stderr");
	char *why = errpath ? first_line(errpath) : NULL;

	free(errpath);
	if (code == EXIT_SKIP) {
		r->verdict = VERDICT_SKIP;
		append(&r->report, "no /dev/kvm");
	} else if (code != EXIT_RAN) {
		r->verdict = VERDICT_ERROR;
		if (code < 0)
			append(&r->report, "the run's worker died (signal %d: %s)\n", j->died,
			       strsignal(j->died));
		else
			append(&r->report, "bootcheck run exited %d: %s\n", code,
			       why ? why : "(no message)");
		if (o->update)
			append(&r->report, "%s", error_not_written);
	} else {
		struct golden_spec g = golden_spec_of(o, m, t, expected, outdir);

		if (o->update && timeout_refused(o, t, expected, r->exit_line)) {
			r->verdict = VERDICT_FAIL;
			append(&r->report, "goldens not written: the run timed out (after %g s), and "
			       "whether a run times out depends on how loaded the machine is; if %s is "
			       "meant to time out, run bootcheck check --update --accept-timeouts "
			       "--filter %s\n", t->timeout_s, t->name, t->name);
		} else if (o->update) {
			r->verdict = golden__update(&g, &r->report) ? VERDICT_ERROR : VERDICT_PASS;
		} else {
			int c = golden__compare(&g, &r->report);

			r->verdict = c == 1 ? VERDICT_PASS : c == 0 ? VERDICT_FAIL : VERDICT_ERROR;
		}
	}
	free(why);
}

/*
 * A failed test's text screen as pictures beside its captures: screen.png
 * as the guest showed it, and diff.png where the screen (scrubbed as it is
 * compared) and its goldens differ.  A graphics screen has its picture
 * already, and diff.png when the pictures differ.
 */
static void screen_pictures(const struct manifest *m, const struct test_case *t,
			    const char *expected, const char *outdir)
{
	char *png = path_join(outdir, "screen.png"), *diffpng = path_join(outdir, "diff.png");
	struct picture shown = { 0 }, want = { 0 }, got = { 0 }, diff = { 0 };
	char prefix[512];

	if (!png || !diffpng || access(png, F_OK) == 0 ||
	    pictures__draw(t, outdir, "", &shown) < 0)
		goto out;
	png__write(png, &shown);
	struct golden_spec g = {
		.expected_dir = expected, .name = t->name, .actual_dir = outdir,
		.common = m->common, .nr_common = m->nr_common,
		.rules = t->rules, .nr_rules = t->nr_rules,
	};
	char *text[3] = { golden__scrubbed(&g, CH_SCREEN, NULL), golden__scrubbed(&g, CH_COLORS, NULL),
			  golden__scrubbed(&g, CH_CURSOR, NULL) };

	snprintf(prefix, sizeof(prefix), "%s.", t->name);
	if (text[0] && pictures__draw_texts(t, text[0], text[1], text[2], &got) == 0 &&
	    pictures__draw(t, expected, prefix, &want) == 0 && pictures__diff(&want, &got, &diff) == 0)
		png__write(diffpng, &diff);
	for (int k = 0; k < 3; k++)
		free(text[k]);
out:
	picture__free(&shown);
	picture__free(&want);
	picture__free(&got);
	picture__free(&diff);
	free(png);
	free(diffpng);
}

/* Whether a finished test failed (not yet printed ones too). */
static int any_failed(const struct test_result *res, const struct job *jobs, int n)
{
	for (int i = 0; i < n; i++)
		if (jobs[i].done && (res[i].verdict == VERDICT_FAIL || res[i].verdict == VERDICT_ERROR))
			return 1;
	return 0;
}

static void image_id(const char *path, struct image_id *id)
{
	struct stat st;

	memset(id, 0, sizeof(*id));
	if (stat(path, &st) < 0)
		return;
	*id = (struct image_id){ .valid = true, .dev = st.st_dev, .ino = st.st_ino,
				 .size = st.st_size, .mtime = st.st_mtim, .ctime = st.st_ctim };
}

static bool same_time(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

/*
 * bootcheck opens images read-only and gives the guest a private copy: a
 * test whose image changed while check ran is an error, whatever its
 * captures say (a harness bug, or something rebuilding the image meanwhile).
 */
static bool one_image_unchanged(const char *path, const struct image_id *was,
				struct test_result *r)
{
	struct image_id now;

	if (!was->valid)
		return true; /* the run said why it could not read it */
	image_id(path, &now);
	if (now.valid && now.dev == was->dev && now.ino == was->ino && now.size == was->size &&
	    same_time(now.mtime, was->mtime) && same_time(now.ctime, was->ctime))
		return true;
	r->verdict = VERDICT_ERROR;
	if (!now.valid)
		append(&r->report, "the image %s is gone: it was removed or renamed while bootcheck "
		       "check ran\n", path);
	else
		append(&r->report, "the image %s changed while bootcheck check ran (%lld bytes "
		       "then, %lld now%s): bootcheck never writes an image, so something else did; "
		       "run again once nothing is rebuilding it\n", path, (long long)was->size,
		       (long long)now.size,
		       now.dev != was->dev || now.ino != was->ino ? ", another file" : "");
	return false;
}

static bool image_unchanged(const struct test_case *t, const struct job *j,
			    struct test_result *r)
{
	bool same = true;

	for (int i = 0; i < t->nr_images && i < MAX_TEST_IMAGES; i++)
		same = one_image_unchanged(t->images[i], &j->image[i], r) && same;
	return same;
}

/* A test's run is over: judge it and keep or clear its captures. */
static void finish_job(const struct check_options *o, const struct manifest *m,
		       const struct test_case *const *sel, const char *expected, char **outdirs,
		       struct job *jobs, struct test_result *res, int i)
{
	jobs[i].done = true;
	jobs[i].worker = -1;
	res[i].seconds = now_s() - jobs[i].started;
	if (image_unchanged(sel[i], &jobs[i], &res[i])) {
		judge(o, m, sel[i], expected, outdirs[i], &jobs[i], &res[i]);
	} else {
		/* neither compared nor blessed: the captures are of some other image */
		char *exitpath = path_join(outdirs[i], "exit");

		res[i].exit_line = exitpath ? first_line(exitpath) : NULL;
		free(exitpath);
	}
	/* what the test showed, while its captures are still here: for -v and JUnit */
	if (res[i].exit_line && ((o->verbose && res[i].verdict == VERDICT_PASS) || o->junit)) {
		struct golden_spec g = golden_spec_of(o, m, sel[i], expected, outdirs[i]);

		res[i].capture_text = output__captures(&g);
	}
	if (res[i].verdict == VERDICT_PASS || res[i].verdict == VERDICT_SKIP) {
		/* artifacts are for failures: this run's, and an earlier run's */
		char *old = path_join(o->artifacts, sel[i]->name);

		remove_capture_dir(outdirs[i]);
		if (old)
			remove_capture_dir(old);
		free(old);
		free(outdirs[i]);
		outdirs[i] = NULL;
		return;
	}
	screen_pictures(m, sel[i], expected, outdirs[i]);
	char *rp = path_join(outdirs[i], "report");
	FILE *f = rp ? fopen(rp, "wx") : NULL;

	if (f) {
		fputs(res[i].report ? res[i].report : "", f);
		fclose(f);
	}
	free(rp);
	char *dst = publish(o->artifacts, sel[i]->name, outdirs[i]);

	append(&res[i].report, "captures: %s/\n", dst ? dst : outdirs[i]);
	res[i].captures = dst ? dst : strdup(outdirs[i]);
	free(outdirs[i]);
	outdirs[i] = NULL;
}

static void progress(const struct check_options *o, int done, int total, int running)
{
	static double last;
	double now = now_s();

	/* at most ten redraws a second, and the last one always */
	if (!o->progress || (now - last < 0.1 && done < total))
		return;
	last = now;
	fprintf(stdout, "\r[%d/%d] %d running\033[K", done, total, running);
	fflush(stdout);
}

static void progress_clear(const struct check_options *o)
{
	if (o->progress)
		fprintf(stdout, "\r\033[K");
}

/* Print every finished result that has no unfinished test before it. */
static void print_ready(const struct check_options *o, const struct test_case *const *sel,
			struct test_result *res, const struct job *jobs, int n, int *printed,
			struct tally *tally)
{
	while (*printed < n && jobs[*printed].done) {
		const struct test_result *r = &res[*printed];

		progress_clear(o);
		if (o->tap) {
			output__tap(stdout, *printed + 1, sel[*printed], r, o->verbose);
		} else if (o->update && r->verdict == VERDICT_PASS) {
			printf("%-7s %s\n", r->report ? "UPDATED" : "SAME", sel[*printed]->name);
			if (r->report) {
				for (char *line = r->report; *line;) {
					size_t len = strcspn(line, "\n");

					printf("        %.*s\n", (int)len, line);
					line += len + (line[len] == '\n');
				}
			}
		} else {
			output__plain(stdout, sel[*printed], r, o->color, o->verbose);
		}
		tally->passed += r->verdict == VERDICT_PASS;
		tally->failed += r->verdict == VERDICT_FAIL || r->verdict == VERDICT_ERROR;
		tally->skipped += r->verdict == VERDICT_SKIP;
		if (!o->junit && !o->html) {
			/* printed: nothing needs it any more (memory stays flat in long runs) */
			free(res[*printed].exit_line);
			free(res[*printed].report);
			free(res[*printed].captures);
			free(res[*printed].capture_text);
			res[*printed].exit_line = res[*printed].report = res[*printed].captures = NULL;
			res[*printed].capture_text = NULL;
		}
		(*printed)++;
	}
	fflush(stdout);
}

/*
 * Goldens in EXPECTED of tests M no longer has: --update lists them,
 * --update --prune removes them (and says which), a plain check notes how
 * many.  -1 when --prune could not remove them all.
 */
static int stale_goldens(const struct check_options *o, const struct manifest *m,
			 const char *expected)
{
	const char **names = calloc((size_t)m->nr_tests + 1, sizeof(*names));
	const char *c = o->tap ? "# " : ""; /* in TAP, comments */
	char **stale = NULL, *report = NULL;
	int n = 0, ret = 0;

	for (int i = 0; names && i < m->nr_tests; i++)
		names[i] = m->tests[i].name;
	if (!names || golden__stale(expected, names, m->nr_tests, &stale, &n) < 0) {
		if (o->prune)
			fprintf(stderr, "bootcheck check: --prune: %s: %s\n", expected, strerror(errno));
		free(names);
		return o->prune ? -1 : 0;
	}
	free(names);
	if (n && o->update && o->prune) {
		ret = golden__prune(expected, stale, n, &report);
		for (char *line = report; line && *line;) {
			size_t len = strcspn(line, "\n");

			printf("%s%.*s\n", c, (int)len, line);
			line += len + (line[len] == '\n');
		}
		free(report);
	} else if (n && o->update) {
		printf("%sgoldens of tests %s no longer has (--update --prune removes them):\n", c,
		       m->path);
		for (int i = 0; i < n; i++)
			printf("%s  %s/%s\n", c, expected, stale[i]);
	} else if (n) {
		printf("%snote: %s/ holds %d golden%s of tests %s no longer has%s\n", c, expected, n,
		       n == 1 ? "" : "s", m->path, o->ci ? "" : " (bootcheck check --update lists "
		       "them, --update --prune removes them)");
	}
	golden__free_list(stale, n);
	return ret;
}

/* The JUnit report, its suite named after the manifest: "bootcheck" for bootcheck.ini. */
static int junit(const struct check_options *o, const struct manifest *m,
		 const struct test_case *const *sel, const struct test_result *res, int n,
		 double seconds)
{
	const char *base = strrchr(m->path, '/') ? strrchr(m->path, '/') + 1 : m->path;
	size_t len = strlen(base);
	char suite[256];

	if (len > 4 && !strcmp(base + len - 4, ".ini"))
		len -= 4;
	snprintf(suite, sizeof(suite), "%.*s", (int)len, base);
	return output__junit(o->junit, suite, sel, res, n, seconds);
}

/* " WORD", single-quoted for a shell when it holds anything but plain characters. */
static void print_quoted(const char *w)
{
	if (*w && strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:=,+-") ==
		      strlen(w)) {
		printf(" %s", w);
		return;
	}
	printf(" '");
	for (; *w; w++)
		if (*w == '\'')
			printf("'\\''");
		else
			putchar(*w);
	putchar('\'');
}

int runner__run(const struct check_options *o, const struct manifest *m, const struct runner_exec *run)
{
	const struct test_case **sel = calloc((size_t)m->nr_tests + 1, sizeof(*sel));
	char *expected = o->expected_dir ? strdup(o->expected_dir) :
			 !strcmp(m->dir, ".") ? strdup("expected") : path_join(m->dir, "expected");
	int n = 0, status = EXIT_RAN;

	if (!sel || !expected) {
		free(sel);
		free(expected);
		return EXIT_HARNESS;
	}
	int matched = 0; /* by --filter and --group, whatever the shard */

	for (int i = 0; i < m->nr_tests; i++) {
		struct check_options unsharded = *o;

		unsharded.shard_count = 0;
		matched += runner__selected(&unsharded, &m->tests[i]);
		if (runner__selected(o, &m->tests[i]))
			sel[n++] = &m->tests[i];
	}
	/* a typo in --filter or --group must not pass as "0 passed, 0 failed" */
	if (matched == 0) {
		fprintf(stderr, "bootcheck check: no test selected: %s\n",
			m->nr_tests == 0 ? "the manifest declares none" :
			"no test matches --filter/--group (see --list)");
		free(sel);
		free(expected);
		return EXIT_USAGE;
	}

	if (o->list) {
		for (int i = 0; i < n; i++) {
			const struct test_case *t = sel[i];

			printf("%s\t", t->name);
			for (int g = 0; g < t->nr_groups; g++)
				printf("%s%s", g ? "," : "", t->groups[g]);
			printf("\tbootcheck run");
			for (int a = 0; a < t->nr_run_args; a++)
				print_quoted(t->run_args[a]);
			print_quoted(t->image);
			printf("\n");
		}
		free(sel);
		free(expected);
		return EXIT_RAN;
	}
	/*
	 * TAP says "nothing here can run" with an empty plan and a reason, which
	 * a TAP harness (Automake's tap-driver.sh, prove) reports as one skip.
	 */
	char why[512];

	if (o->tap && run->kvm_absent && run->kvm_absent(why, sizeof(why))) {
		free(sel);
		free(expected);
		if (o->require_kvm) {
			printf("TAP version 14\nBail out! %s (--require-kvm)\n", why);
			fprintf(stderr, "bootcheck check: %s (--require-kvm)\n", why);
			return EXIT_HARNESS;
		}
		printf("TAP version 14\n1..0 # SKIP %s\n", why);
		fprintf(stderr, "bootcheck check: SKIPPED all %d tests: %s\n", n, why);
		return EXIT_RAN;
	}
	/*
	 * Captures go to a directory of this run's own, so runs in one
	 * directory never touch each other's; a failure's are moved to
	 * ARTIFACTS/NAME afterwards.
	 */
	char *work = path_join(o->artifacts, ".run-XXXXXX");

	if ((mkdir(o->artifacts, 0755) < 0 && errno != EEXIST) || !work || !mkdtemp(work)) {
		fprintf(stderr, "bootcheck check: %s: %s\n", o->artifacts, strerror(errno));
		free(work);
		free(sel);
		free(expected);
		return EXIT_HARNESS;
	}

	struct job *jobs = calloc((size_t)n + 1, sizeof(*jobs));
	struct test_result *res = calloc((size_t)n + 1, sizeof(*res));
	char **outdirs = calloc((size_t)n + 1, sizeof(char *));
	struct tally tally = { 0 };
	int next = 0, running = 0, finished = 0, printed = 0, stop_sig = 0;
	double t0 = now_s();
	struct rusage ru;
	long worker_rss_kb = 0;  /* the largest peak RSS of a worker that ended */
	sigset_t events, old_mask;

	if (!jobs || !res || !outdirs) {
		status = EXIT_HARNESS;
		goto out;
	}
	sigemptyset(&events);
	sigaddset(&events, SIGCHLD);
	sigaddset(&events, SIGINT);
	sigaddset(&events, SIGTERM);
	sigaddset(&events, SIGHUP);
	sigprocmask(SIG_BLOCK, &events, &old_mask);

	int nr_workers = o->jobs < n ? o->jobs : n, res_pipe[2] = { -1, -1 };
	struct worker *workers = calloc((size_t)nr_workers + 1, sizeof(*workers));
	int sfd = signalfd(-1, &events, SFD_CLOEXEC | SFD_NONBLOCK);

	if (!workers || sfd < 0 || pipe2(res_pipe, O_CLOEXEC) < 0) {
		fprintf(stderr, "bootcheck check: cannot set up the workers: %s\n", strerror(errno));
		status = EXIT_HARNESS;
		goto stop;
	}
	for (int i = 0; i < n; i++) {
		jobs[i].worker = -1;
		for (int k = 0; k < sel[i]->nr_images && k < MAX_TEST_IMAGES; k++)
			image_id(sel[i]->images[k], &jobs[i].image[k]);
	}
	if (o->tap)
		output__tap_plan(stdout, n);
	while (finished < n && !stop_sig) {
		/* -x: after a failure, the tests not started yet are not run */
		if (o->exitfirst && next < n && any_failed(res, jobs, n)) {
			while (next < n) {
				res[next].verdict = VERDICT_SKIP;
				append(&res[next].report, "not run: an earlier test failed (-x)");
				jobs[next].done = true;
				finished++;
				next++;
			}
			print_ready(o, sel, res, jobs, n, &printed, &tally);
			continue; /* all may be finished now: do not wait for nothing */
		}
		/* hand out tests to idle workers, starting workers as needed */
		for (int w = 0; w < nr_workers && next < n; w++) {
			struct worker *wk = &workers[w];

			if (wk->pid > 0 && wk->job >= 0)
				continue;
			if (wk->pid <= 0) {
				int r = worker_start(wk, res_pipe[0], res_pipe[1], sel, n, work, run,
						     &old_mask, workers, nr_workers);

				if (r < 0) {
					fprintf(stderr, "bootcheck check: cannot start a worker: %s\n",
						strerror(-r));
					status = EXIT_HARNESS;
					goto stop;
				}
			}
			const struct test_case *t = sel[next];
			int32_t job = next;

			outdirs[next] = path_join(work, t->name);
			if (!outdirs[next] || mkdir(outdirs[next], 0755) < 0) {
				res[next].verdict = VERDICT_ERROR;
				append(&res[next].report, "cannot create %s\n", outdirs[next]);
				jobs[next].done = true;
				finished++;
				next++;
				w--; /* this worker is still idle */
				continue;
			}
			jobs[next].started = now_s();
			jobs[next].deadline = jobs[next].started + t->timeout_s + WATCHDOG_GRACE_S;
			jobs[next].worker = w;
			wk->job = next;
			if (write(wk->req, &job, sizeof(job)) != (ssize_t)sizeof(job)) {
				/* the worker is gone: its death (SIGCHLD) fails the test */
				kill(wk->pid, SIGKILL);
			}
			running++;
			next++;
		}
		print_ready(o, sel, res, jobs, n, &printed, &tally);
		progress(o, finished, n, running);

		/* the watchdogs, then sleep until a result, a signal or the next deadline */
		double now = now_s(), wake = now + 3600;

		for (int w = 0; w < nr_workers; w++) {
			int i = workers[w].job;

			if (workers[w].pid <= 0 || i < 0 || jobs[i].killed)
				continue;
			if (now > jobs[i].deadline) {
				kill(workers[w].pid, SIGKILL);
				jobs[i].killed = true;
			} else if (jobs[i].deadline < wake) {
				wake = jobs[i].deadline;
			}
		}
		struct pollfd pfd[2] = { { .fd = res_pipe[0], .events = POLLIN },
					 { .fd = sfd, .events = POLLIN } };
		double left = wake - now;
		int ms = left <= 0 ? 0 : left > 3600 ? 3600000 : (int)(left * 1000) + 1;

		if (poll(pfd, 2, ms) < 0 && errno != EINTR)
			break;
		if (pfd[1].revents & POLLIN) {
			struct signalfd_siginfo si;

			while (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
				if (si.ssi_signo != SIGCHLD)
					stop_sig = (int)si.ssi_signo;
			/* a worker that died fails the test it had; another takes its place */
			int st;
			pid_t pid;

			while ((pid = wait4(-1, &st, WNOHANG, &ru)) > 0) {
				worker_rss_kb = ru.ru_maxrss > worker_rss_kb ? ru.ru_maxrss : worker_rss_kb;
				for (int w = 0; w < nr_workers; w++) {
					struct worker *wk = &workers[w];
					int i = wk->job;

					if (wk->pid != pid)
						continue;
					close(wk->req);
					wk->pid = 0;
					wk->job = -1;
					if (i >= 0 && !jobs[i].done) {
						jobs[i].died = WIFSIGNALED(st) ? WTERMSIG(st) : SIGKILL;
						jobs[i].code = -1;
						finish_job(o, m, sel, expected, outdirs, jobs, res, i);
						running--;
						finished++;
					}
				}
			}
		}
		if (pfd[0].revents & POLLIN) {
			struct worker_result r;

			if (read(res_pipe[0], &r, sizeof(r)) == (ssize_t)sizeof(r) && r.job >= 0 &&
			    r.job < n && !jobs[r.job].done && jobs[r.job].worker >= 0) {
				int i = r.job;

				workers[jobs[i].worker].job = -1;
				jobs[i].code = r.code;
				finish_job(o, m, sel, expected, outdirs, jobs, res, i);
				running--;
				finished++;
			}
		}
	}
stop:
	/* done or interrupted: close the request pipes (idle workers leave), end the rest */
	for (int w = 0; workers && w < nr_workers; w++) {
		if (workers[w].pid <= 0)
			continue;
		close(workers[w].req);
		if (workers[w].job >= 0)
			kill(workers[w].pid, SIGKILL);
	}
	for (int w = 0; workers && w < nr_workers; w++)
		if (workers[w].pid > 0 && wait4(workers[w].pid, NULL, 0, &ru) > 0)
			worker_rss_kb = ru.ru_maxrss > worker_rss_kb ? ru.ru_maxrss : worker_rss_kb;
	if (stop_sig)
		for (int i = 0; i < next; i++)
			if (!jobs[i].done && outdirs[i])
				remove_capture_dir(outdirs[i]);
	free(workers);
	if (sfd >= 0)
		close(sfd);
	if (res_pipe[0] >= 0) {
		close(res_pipe[0]);
		close(res_pipe[1]);
	}
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	print_ready(o, sel, res, jobs, n, &printed, &tally);
	progress_clear(o);
	rmdir(work);          /* empty unless runs were stopped */
	rmdir(o->artifacts); /* only when nothing failed: then it is empty */
	if (stop_sig) {
		output__summary(stdout, &tally);
		fprintf(stderr, "bootcheck check: interrupted by %s after %d of %d tests; the "
			"runs still going were stopped\n", strsignal(stop_sig), printed, n);
		status = 128 + stop_sig;
		goto out;
	}

	if (stale_goldens(o, m, expected) < 0)
		status = EXIT_HARNESS;
	if (o->junit && junit(o, m, sel, res, n, now_s() - t0))
		status = EXIT_HARNESS;
	if (o->html && html__write(o->html, m->path, expected, sel, res, n, now_s() - t0))
		status = EXIT_HARNESS;
	if (!o->tap && tally.failed) {
		/* the failures again, by name, where the eye lands: above the last line */
		printf("failed:");
		for (int i = 0; i < n; i++)
			if (res[i].verdict == VERDICT_FAIL || res[i].verdict == VERDICT_ERROR)
				printf(" %s", sel[i]->name);
		printf("\n");
	}
	if (!o->tap)
		printf("time: %.2f s\n", now_s() - t0);
	if (o->tap)
		printf("# ");
	output__summary(stdout, &tally);
	if (o->stats) {
		double secs = now_s() - t0;

		getrusage(RUSAGE_SELF, &ru);
		printf("%sstats: %d tests in %.2f s (%.1f tests/s); peak RSS: runner %ld KB, "
		       "largest worker %ld KB\n", o->tap ? "# " : "", n, secs,
		       secs > 0 ? n / secs : 0.0, ru.ru_maxrss, worker_rss_kb);
	}
	if (status == EXIT_RAN) {
		if (tally.failed)
			status = 1;
		else if (n > 0 && tally.skipped == n) {
			fprintf(stderr, "bootcheck check: SKIPPED all %d tests: no /dev/kvm on this "
				"machine%s\n", n, o->require_kvm ? " (and --require-kvm is set)" : "");
			status = o->require_kvm ? EXIT_HARNESS : EXIT_SKIP;
		}
		/*
		 * A complete TAP stream carries the verdicts: its consumer reads
		 * `not ok` and skips from it, and takes a non-zero status for a
		 * broken producer (tap-driver.sh's "ERROR: ... exited with status 1").
		 */
		if (o->tap && (status == 1 || status == EXIT_SKIP))
			status = EXIT_RAN;
	}
out:
	for (int i = 0; i < n; i++) {
		if (outdirs)
			free(outdirs[i]);
		if (res) {
			free(res[i].exit_line);
			free(res[i].report);
			free(res[i].captures);
			free(res[i].capture_text);
		}
	}
	free(outdirs);
	free(res);
	free(jobs);
	free(sel);
	free(expected);
	free(work);
	return status;
}
