/* report.h - a run's result as text for people, as JSON, and as capture files. */
#ifndef BOOTCHECK_REPORT_H
#define BOOTCHECK_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "capture/result.h" // struct run_result

/*
 * report__text - exit line, registers, serial, debug console and screen, for
 * a terminal; the BIOS log too when SHOW_BIOS_LOG; with COLOR, the screen
 * in the guest's colours (16-colour terminal escapes, blink steady).
 */
void report__text(FILE *f, const struct run_result *res, bool show_bios_log, bool color);

/*
 * report__json - the same as one JSON object (with registers and the BIOS
 * log), newline-terminated.  STATUS is the command's exit status: 0, or a
 * status that is the guest's own code (GUEST_STATUS: --exit-status), gives
 * "exit": the exit line and "status": STATUS; a failure (ERROR set, or
 * another non-zero status) "exit": null, "status": STATUS and "error":
 * ERROR (the message said on stderr), so `jq -e .exit` fails exactly when
 * the command did.
 */
int report__json(FILE *f, const struct run_result *res, int status, const char *error,
		 bool guest_status);

/*
 * report__json_error - a command that failed before it had a result, as
 * one JSON object: {"exit": null, "status": STATUS, "error": ERROR}.
 */
int report__json_error(FILE *f, int status, const char *error);

/*
 * report__files - write DIR/exit, DIR/serial, DIR/debugcon and DIR/screen,
 * and DIR/bios-log in BIOS mode (creating DIR).  These are the golden-file formats.  0, or -1 after
 * printing which file could not be written.
 */
int report__files(const char *dir, const struct run_result *res);

/* report__screen_text - the 25 rows, one line each, as DIR/screen holds them (malloc'd). */
char *report__screen_text(const struct screen *s);

/*
 * report__print_escaped - guest bytes P[0..N) for a terminal (or XML):
 * text, tabs, newlines (CR LF as LF) and valid UTF-8 as they are; control
 * bytes, C1 controls and invalid UTF-8 as \xNN, bidirectional controls as
 * \uNNNN, so no guest can drive or reorder what a person reads.  Ends with
 * a newline when N > 0.
 */
void report__print_escaped(FILE *f, const uint8_t *p, size_t n);

/* report__warn_truncation - one stderr line per output channel that was cut. */
void report__warn_truncation(const struct run_result *res);

#endif
