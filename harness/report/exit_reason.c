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
	case STOP_AT: return "stop-at";
	case STOP_INPUT: return "input";
	case STOP_ERROR: return "error";
	}
	return "unknown";
}

/* Seconds as given: whole, or with the fraction's trailing zeros dropped. */
static int format_stop_at(char *buf, size_t size, uint64_t ns)
{
	char frac[16];
	int n = 9;

	if (ns % 1000000000u == 0)
		return snprintf(buf, size, "stop-at %llu", (unsigned long long)(ns / 1000000000u));
	snprintf(frac, sizeof(frac), "%09llu", (unsigned long long)(ns % 1000000000u));
	while (n > 1 && frac[n - 1] == '0')
		frac[--n] = '\0';
	return snprintf(buf, size, "stop-at %llu.%s", (unsigned long long)(ns / 1000000000u), frac);
}

int exit_reason__format(const struct stop *s, char *buf, size_t size)
{
	switch (s->kind) {
	case STOP_DEBUG_EXIT:
		return snprintf(buf, size, "debug-exit %llu", (unsigned long long)s->code);
	case STOP_AT:
		return format_stop_at(buf, size, s->code);
	case STOP_ERROR:
		return snprintf(buf, size, "error: %s", s->detail[0] ? s->detail : "unknown");
	case STOP_INPUT:
		return snprintf(buf, size, "input: %s", s->detail[0] ? s->detail : "a wait failed");
	default:
		return snprintf(buf, size, "%s", exit_reason__name(s->kind));
	}
}
