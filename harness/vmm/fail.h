/* fail.h - how an operation below the user-facing layer failed; the commands turn it into their exit status. */
#ifndef BOOTCHECK_FAIL_H
#define BOOTCHECK_FAIL_H

/*
 * What the VMM, the device set-up and the boot modes return when they
 * cannot go on, after printing one line that says why.  Which exit status
 * each kind becomes is the commands' business (report/exit_status.h).
 */
enum fail {
	FAIL_NONE = 0,
	FAIL_INPUT = 1,   /* the user's input: options, image, firmware files */
	FAIL_NO_KVM = 2,  /* this machine has no KVM device: a skip, not a failure */
	FAIL_HOST = 3,    /* KVM or the host failed, or a harness bug */
};

#endif
