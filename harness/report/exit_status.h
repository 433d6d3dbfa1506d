/* exit_status.h - the exit statuses of every command (documented in the README) and how failures map to them. */
#ifndef BOOTCHECK_EXIT_STATUS_H
#define BOOTCHECK_EXIT_STATUS_H

#include <stdint.h> // uint64_t
#include <string.h> // strcmp

#include "vmm/fail.h" // enum fail
#include "vmm/stop.h" // enum stop_kind

enum {
	EXIT_RAN = 0,      /* the guest ran and its result was captured */
	EXIT_USAGE = 2,    /* usage error, bad image or firmware file */
	EXIT_SKIP = 77,    /* no /dev/kvm: skipped (Automake's code) */
	EXIT_HARNESS = 99, /* harness error (Automake's hard error) */
};

/*
 * What `bootcheck run` exits with once the guest ran (--exit-status): RAN,
 * 0 whatever stopped it; GUEST, the code the guest wrote to the debug-exit
 * port; QEMU, QEMU's isa-debug-exit convention (N << 1) | 1.  With GUEST
 * and QEMU, a stop other than debug-exit is EXIT_GUEST_TIMEOUT or
 * EXIT_GUEST_OTHER: even, so never what QEMU's convention gives, and
 * neither 0 nor a harness status.
 */
enum exit_status_mode {
	EXIT_STATUS_RAN,
	EXIT_STATUS_GUEST,
	EXIT_STATUS_QEMU,
};

enum {
	EXIT_GUEST_OTHER = 122,   /* hlt, idle, spin, triple fault, reset, stop-at, input */
	EXIT_GUEST_TIMEOUT = 124, /* as timeout(1) */
};

/*
 * exit_status__of_stop - the status under MODE of a run that stopped as KIND
 * (CODE: what a debug-exit wrote).  A process status keeps 8 bits: a code
 * past 255 is cut as exit() cuts it (QEMU's too); *CUT says so.  A harness
 * error (STOP_ERROR) is EXIT_HARNESS under every mode.
 */
static inline int exit_status__of_stop(enum exit_status_mode mode, enum stop_kind kind,
				       uint64_t code, int *cut)
{
	uint64_t v;

	*cut = 0;
	if (kind == STOP_ERROR)
		return EXIT_HARNESS;
	if (mode == EXIT_STATUS_RAN)
		return EXIT_RAN;
	if (kind == STOP_TIMEOUT)
		return EXIT_GUEST_TIMEOUT;
	if (kind != STOP_DEBUG_EXIT)
		return EXIT_GUEST_OTHER;
	v = mode == EXIT_STATUS_QEMU ? code << 1 | 1 : code;
	*cut = v > 255 || (mode == EXIT_STATUS_QEMU && code > UINT64_MAX >> 1);
	return (int)(v & 0xff);
}

/* exit_status__parse_mode - "ran", "guest" or "qemu" into *MODE; 0, or -1. */
static inline int exit_status__parse_mode(const char *text, enum exit_status_mode *mode)
{
	static const char *const names[] = { "ran", "guest", "qemu" };

	for (int i = 0; i < 3; i++) {
		if (!strcmp(text, names[i])) {
			*mode = (enum exit_status_mode)i;
			return 0;
		}
	}
	return -1;
}

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
