/* cmd_run.c - `bootcheck run`: boot one image and show what it did. */
#include <stdio.h>  // fprintf
#include <stdlib.h> // getenv

#include "boot/image.h"     // image__open
#include "cli/commands.h"   // cmd_run
#include "config/options.h"    // options__parse_run
#include "machine.h"        // machine__*
#include "report/exit_status.h" // EXIT_*, exit_status__of
#include "report/report.h"  // report__*

int cmd_run(int argc, char **argv)
{
	struct run_options o;
	struct run_result res;
	struct machine m;
	struct image img = { .fd = -1 };
	struct kvm kvm = { .fd = -1 };
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
	status = image__open(&img, o.image);
	if (status)
		return exit_status__of(status);
	/* BOOTCHECK_KVM_DEVICE: another device node, for testing the skip path */
	const char *dev = getenv("BOOTCHECK_KVM_DEVICE");

	status = kvm__open(&kvm, dev && dev[0] ? dev : "/dev/kvm");
	if (status) {
		status = exit_status__of(status);
		goto out_image;
	}
	status = machine__create(&m, &kvm, &o);
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
	if (o.json)
		report__json(stdout, &res);
	else
		report__text(stdout, &res, o.verbose);
	report__warn_truncation(&res);
	if (res.stop.kind == STOP_ERROR) {
		fprintf(stderr, "bootcheck: %s: error: %s\n", o.image, res.stop.detail);
		status = EXIT_HARNESS;
	}
	if (fflush(stdout) == EOF)
		status = EXIT_HARNESS;
out_machine:
	machine__destroy(&m);
	kvm__close(&kvm);
out_image:
	image__close(&img);
	return status;
}
