/* exit_reason.h - the one-line spelling of why a guest stopped. */
#ifndef BOOTCHECK_EXIT_REASON_H
#define BOOTCHECK_EXIT_REASON_H

#include <stddef.h>

#include "vmm/stop.h" // struct stop

/* exit_reason__name - "hlt", "debug-exit", "error", ... ("running" for STOP_NONE). */
const char *exit_reason__name(enum stop_kind kind);

/*
 * exit_reason__format - the exit line without newline: `hlt`, `spin`,
 * `shutdown`, `reset`, `idle`, `timeout`, `debug-exit N` (N decimal) or
 * `error: DETAIL` or `input: DETAIL` (an --input script's wait not met).  Returns what snprintf returns.
 */
int exit_reason__format(const struct stop *s, char *buf, size_t size);

#endif
