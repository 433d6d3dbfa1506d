/* exit_status.h - the exit statuses of every command (documented in the README) and how failures map to them. */
#ifndef BOOTCHECK_EXIT_STATUS_H
#define BOOTCHECK_EXIT_STATUS_H

#include "vmm/fail.h" // enum fail

enum {
	EXIT_RAN = 0,      /* the guest ran and its result was captured */
	EXIT_USAGE = 2,    /* usage error, bad image or firmware file */
	EXIT_SKIP = 77,    /* no /dev/kvm: skipped (Automake's code) */
	EXIT_HARNESS = 99, /* harness error (Automake's hard error) */
};

/* exit_status__of - the exit status for a failure F (FAIL_NONE is EXIT_RAN). */
static inline int exit_status__of(int f)
{
	switch (f) {
	case FAIL_NONE: return EXIT_RAN;
	case FAIL_INPUT: return EXIT_USAGE;
	case FAIL_NO_KVM: return EXIT_SKIP;
	default: return EXIT_HARNESS;
	}
}

#endif
