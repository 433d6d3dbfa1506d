/* stop.h - why a guest stopped: the result of one run. */
#ifndef BOOTCHECK_STOP_H
#define BOOTCHECK_STOP_H

#include <stdint.h>

enum stop_kind {
	STOP_NONE = 0,  /* still running */
	STOP_HLT,       /* halted with no way to wake */
	STOP_SPIN,      /* jump-to-self that nothing can interrupt */
	STOP_SHUTDOWN,  /* triple fault */
	STOP_DEBUG_EXIT,/* value written to the debug-exit port (code) */
	STOP_TIMEOUT,   /* wall-clock deadline reached */
	STOP_RESET,     /* guest asked the machine to reboot */
	STOP_IDLE,      /* waiting for an interrupt, nothing changing */
	STOP_AT,        /* --stop-at: virtual time reached (code: ns since the epoch) */
	STOP_INPUT,     /* an --input script's wait was not met (detail: which, why) */
	STOP_ERROR,     /* harness or KVM error (detail) */
};

struct stop {
	enum stop_kind kind;
	uint64_t code;      /* STOP_DEBUG_EXIT: the value written */
	char detail[320];   /* STOP_ERROR: what went wrong */
};

#endif
