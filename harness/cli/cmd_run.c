/* cmd_run.c - `bootcheck run`: boot one image and show what it did. */
#include <errno.h>  // errno
#include <fcntl.h>  // open
#include <stdio.h>  // fprintf
#include <string.h> // strerror
#include <stdlib.h> // getenv, calloc
#include <unistd.h> // STDOUT_FILENO

#include "boot/image.h"     // image__open
#include "cli/commands.h"   // cmd_run
#include "config/options.h"    // options__parse_run
#include "machine.h"        // machine__*
#include "report/exit_status.h" // EXIT_*, exit_status__of
#include "report/color.h"   // color__enabled
#include "report/kvm_advice.h" // kvm_advice__explain
#include "report/report.h"  // report__*
#include "sys/file.h"       // file__mkdirs

struct run_session {
	struct kvm kvm;
	bool keep;         /* keep the VM for the next run */
	struct vm spare;   /* the last run's VM, when spare.fd >= 0 */
};

void *run_session__new(void)
{
	struct run_session *s = calloc(1, sizeof(*s));

	if (s) {
		s->kvm.fd = -1;
		s->keep = true;
		s->spare.fd = s->spare.vcpu_fd = -1;
	}
	return s;
}

void run_session__end(void *session)
{
	struct run_session *s = session;

	if (!s)
		return;
	vm__destroy(&s->spare);
	kvm__close(&s->kvm);
	free(s);
}

/*
 * With --json, a failure is answered on stdout too, as one JSON object
 * with the message said on stderr.  The layers below say why they fail on
 * stderr, where it happens (and know nothing of JSON), so while a --json
 * run goes on stderr is a tee: every byte still goes out at once, and the
 * first error line ("bootcheck: ...", not a warning) is kept, without its
 * "bootcheck: " prefix.
 */
struct err_tee {
	FILE *real;         /* the stderr put back by tee_stop */
	FILE *f;            /* what stderr is meanwhile */
	char line[512];     /* the line being written */
	size_t len;
	char first[512];    /* the first error line, "" if none */
};

static ssize_t tee_write(void *cookie, const char *buf, size_t n)
{
	struct err_tee *t = cookie;

	fwrite(buf, 1, n, t->real);
	for (size_t i = 0; i < n; i++) {
		if (buf[i] != '\n') {
			if (t->len < sizeof(t->line) - 1)
				t->line[t->len++] = buf[i];
			continue;
		}
		t->line[t->len] = '\0';
		t->len = 0;
		const char *colon = strstr(t->line, ": ");

		if (!t->first[0] && !strncmp(t->line, "bootcheck", 9) && colon &&
		    strncmp(colon, ": warning:", 10))
			snprintf(t->first, sizeof(t->first), "%s", colon + 2);
	}
	return (ssize_t)n;
}

static void tee_start(struct err_tee *t)
{
	cookie_io_functions_t io = { .write = tee_write };

	memset(t, 0, sizeof(*t));
	t->f = fopencookie(t, "w", io);
	if (!t->f)
		return; /* the JSON then points to stderr */
	setvbuf(t->f, NULL, _IONBF, 0);
	t->real = stderr;
	stderr = t->f;
}

static void tee_stop(struct err_tee *t)
{
	if (!t->f)
		return;
	stderr = t->real;
	fclose(t->f);
	t->f = NULL;
}

/*
 * /dev/kvm, or BOOTCHECK_KVM_DEVICE: another device node, for testing the
 * skip path and the advice when it cannot be opened.
 */
static const char *kvm_path(void)
{
	const char *dev = getenv("BOOTCHECK_KVM_DEVICE");

	return dev && dev[0] ? dev : "/dev/kvm";
}

int run_kvm_absent(char *why, size_t len)
{
	const char *path = kvm_path();
	int fd = open(path, O_RDWR | O_CLOEXEC), err = errno;
	struct kvm_facts f;

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	kvm_advice__gather(&f, path, err);
	if (kvm_advice__decide(&f) != KVM_ADVICE_NO_KVM)
		return 0;
	kvm_advice__format(why, len, path, &f, KVM_ADVICE_NO_KVM);
	/* the caller says whether it skips */
	size_t n = strlen(why);
	const char tail[] = " Skipping.";

	if (n >= sizeof(tail) - 1 && !strcmp(why + n - (sizeof(tail) - 1), tail))
		why[n - (sizeof(tail) - 1)] = '\0';
	return 1;
}

static int open_kvm(struct kvm *kvm)
{
	const char *path = kvm_path();
	int r;

	if (kvm->fd >= 0)
		return 0;
	r = kvm__open(kvm, path);
	return r < 0 ? kvm_advice__explain(path, -r) : r;
}

int cmd_run(int argc, char **argv)
{
	struct run_session s = { .kvm.fd = -1, .spare.fd = -1, .spare.vcpu_fd = -1 };
	int status = cmd_run_in(&s, argc, argv);

	kvm__close(&s.kvm);
	return status;
}

int cmd_run_in(void *session, int argc, char **argv)
{
	struct run_session *s = session;
	struct vm *spare = s->keep ? &s->spare : NULL;
	struct run_options o;
	struct run_result res;
	struct machine m;
	struct image img = { .fd = -1 };
	struct err_tee tee = { 0 };
	char err[256], why[512];
	bool reported = false; /* the result was printed (as JSON: with the error, if any) */
	int status;

	options__defaults(&o);
	if (options__parse_run(argc, argv, &o, err, sizeof(err))) {
		fprintf(stderr, "bootcheck run: %s\n(see 'bootcheck run --help')\n", err);
		if (options__json_requested(argc, argv))
			report__json_error(stdout, EXIT_USAGE, err);
		return EXIT_USAGE;
	}
	if (o.help) {
		fputs(options__run_usage, stdout);
		return EXIT_RAN;
	}
	if (o.json)
		tee_start(&tee);
	/* where the captures go, made (with its parents) before anything runs */
	if (o.out_dir && file__mkdirs(o.out_dir) < 0) {
		fprintf(stderr, "bootcheck run: --out %s: %s\n", o.out_dir,
			errno == ENOTDIR ? "not a directory (or under something that is not)"
					 : strerror(errno));
		status = EXIT_USAGE;
		goto out;
	}
	status = image__open(&img, o.image);
	if (status) {
		status = exit_status__of(status);
		goto out;
	}
	status = open_kvm(&s->kvm);
	if (status) {
		status = exit_status__of(status);
		goto out_image;
	}
	status = machine__create(&m, &s->kvm, &o, spare);
	if (status == 0)
		status = machine__boot(&m, &img, &o);
	image__close(&img); /* the guest works on its own copy from here on */
	if (status) {
		status = exit_status__of(status);
		goto out_machine;
	}

	machine__run(&m, &o);
	machine__result(&m, &res);
	tee.first[0] = '\0'; /* from here on, what went wrong writing the results */
	if (o.out_dir && report__files(o.out_dir, &res))
		status = EXIT_HARNESS;
	if (o.png && machine__screen_png(&m, &o, &res, o.png))
		status = EXIT_USAGE;
	snprintf(why, sizeof(why), "%s", tee.first);
	if (res.stop.kind == STOP_ERROR) {
		snprintf(why, sizeof(why), "%s: error: %s", o.image, res.stop.detail);
		status = EXIT_HARNESS;
	}
	/* --exit-status guest|qemu: what the guest said is the status, for other runners */
	int cut = 0;
	bool guest_status = status == EXIT_RAN && o.exit_status != EXIT_STATUS_RAN;

	if (guest_status)
		status = exit_status__of_stop((enum exit_status_mode)o.exit_status, res.stop.kind,
					      res.stop.code, &cut);
	if (o.json)
		report__json(stdout, &res, status, why[0] ? why : NULL, guest_status);
	else
		report__text(stdout, &res, o.verbose,
			     color__enabled((enum color_when)o.color, STDOUT_FILENO));
	reported = true;
	report__warn_truncation(&res);
	if (cut)
		fprintf(stderr, "bootcheck: warning: --exit-status %s: debug-exit %llu does not fit an "
			"exit status's 8 bits: exiting %d\n",
			o.exit_status == EXIT_STATUS_QEMU ? "qemu" : "guest",
			(unsigned long long)res.stop.code, status);
	if (res.stop.kind == STOP_ERROR)
		fprintf(stderr, "bootcheck: %s: error: %s\n", o.image, res.stop.detail);
	if (fflush(stdout) == EOF)
		status = EXIT_HARNESS;
out_machine:
	machine__destroy(&m, spare);
out_image:
	image__close(&img);
out:
	if (o.json && !reported) {
		if (!tee.first[0])
			snprintf(tee.first, sizeof(tee.first), "bootcheck run failed with exit status %d "
				 "(see stderr)", status);
		report__json_error(stdout, status, tee.first);
		fflush(stdout);
	}
	tee_stop(&tee);
	return status;
}
