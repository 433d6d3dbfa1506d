/* exit_reason.c - the one-line spelling of why a guest stopped. */
#include "report/exit_reason.h"

#include <stdio.h> // snprintf

const char *exit_reason__name(enum stop_kind kind)
{
	switch (kind) {
	case STOP_NONE: return "running";
	case STOP_HLT: return "hlt";
	case STOP_SPIN: return "spin";
	case STOP_SHUTDOWN: return "shutdown";
	case STOP_DEBUG_EXIT: return "debug-exit";
	case STOP_TIMEOUT: return "timeout";
	case STOP_RESET: return "reset";
	case STOP_IDLE: return "idle";
	case STOP_ERROR: return "error";
	}
	return "unknown";
}

int exit_reason__format(const struct stop *s, char *buf, size_t size)
{
	switch (s->kind) {
	case STOP_DEBUG_EXIT:
		return snprintf(buf, size, "debug-exit %llu", (unsigned long long)s->code);
	case STOP_ERROR:
		return snprintf(buf, size, "error: %s", s->detail[0] ? s->detail : "unknown");
	default:
		return snprintf(buf, size, "%s", exit_reason__name(s->kind));
	}
}
