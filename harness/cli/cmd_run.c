/* cmd_run.c - `bootcheck run`: boot one image and show what it did. */
#include <errno.h>  // errno
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
 * /dev/kvm, or BOOTCHECK_KVM_DEVICE: another device node, for testing the
 * skip path and the advice when it cannot be opened.
 */
static int open_kvm(struct kvm *kvm)
{
	const char *dev = getenv("BOOTCHECK_KVM_DEVICE");
	const char *path = dev && dev[0] ? dev : "/dev/kvm";
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
	char err[256];
	int status;

	options__defaults(&o);
	if (options__parse_run(argc, argv, &o, err, sizeof(err))) {
		fprintf(stderr, "bootcheck run: %s\n(see 'bootcheck run --help')\n", err);
		return EXIT_USAGE;
	}
	if (o.help) {
		fputs(options__run_usage, stdout);
		return EXIT_RAN;
	}
	/* where the captures go, made (with its parents) before anything runs */
	if (o.out_dir && file__mkdirs(o.out_dir) < 0) {
		fprintf(stderr, "bootcheck run: --out %s: %s\n", o.out_dir,
			errno == ENOTDIR ? "not a directory (or under something that is not)"
					 : strerror(errno));
		return EXIT_USAGE;
	}
	status = image__open(&img, o.image);
	if (status)
		return exit_status__of(status);
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
	if (o.out_dir && report__files(o.out_dir, &res))
		status = EXIT_HARNESS;
	if (o.png && machine__screen_png(&m, &o, &res, o.png))
		status = EXIT_USAGE;
	if (o.json)
		report__json(stdout, &res);
	else
		report__text(stdout, &res, o.verbose,
			     color__enabled((enum color_when)o.color, STDOUT_FILENO));
	report__warn_truncation(&res);
	if (res.stop.kind == STOP_ERROR) {
		fprintf(stderr, "bootcheck: %s: error: %s\n", o.image, res.stop.detail);
		status = EXIT_HARNESS;
	}
	if (fflush(stdout) == EOF)
		status = EXIT_HARNESS;
out_machine:
	machine__destroy(&m, spare);
out_image:
	image__close(&img);
	return status;
}
