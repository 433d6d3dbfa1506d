/* golden.h - comparing one test's captures with its golden files, and writing goldens. */
#ifndef BOOTCHECK_GOLDEN_H
#define BOOTCHECK_GOLDEN_H

#include <stdbool.h>
#include <stddef.h>

#include "check/scrub.h" // struct scrub_rule

/* The channels, as `bootcheck run --out` names its files and goldens are suffixed. */
enum channel { CH_EXIT, CH_SERIAL, CH_DEBUGCON, CH_SCREEN, CH_COLORS, CH_CURSOR, CH_PICTURE,
	       CH_BIOS_LOG, CH_COUNT };
/* What a test compares unless its manifest says `compare = ...`: all a person sees. */
#define GOLDEN_DEFAULT_CHANNELS ((1u << CH_EXIT) | (1u << CH_SERIAL) | (1u << CH_DEBUGCON) | \
				 (1u << CH_SCREEN) | (1u << CH_COLORS) | (1u << CH_CURSOR) | \
				 (1u << CH_PICTURE))
extern const char *const golden__channel_names[CH_COUNT]; /* "exit", ..., "bios-log" */

struct golden_spec {
	const char *expected_dir;   /* goldens are EXPECTED_DIR/NAME.CHANNEL */
	const char *name;
	const char *actual_dir;     /* the captures, as `bootcheck run --out` wrote them */
	const struct scrub_rule *common; /* applied first (the manifest's common scrubs) */
	int nr_common;
	const struct scrub_rule *rules;  /* then these (the test's own) */
	int nr_rules;
	bool bios_log;              /* compare bios-log too (otherwise never) */
	unsigned channels;          /* 1 << CH_x of the channels compared; 0: the default */
	bool ci;                    /* under CI: reports do not say to run --update */
};

/*
 * golden__parse_channel - the channel NAME names ("exit", "serial",
 * "debugcon", "screen", "colors", "cursor", "picture"), or -1.
 */
int golden__parse_channel(const char *name);

/*
 * golden__compare - scrub every capture and compare it with its golden.
 * Passes when the exit golden exists and matches, every golden that exists
 * matches, and every non-empty capture (a screen of blank rows is empty)
 * has a golden.  Appends to *REPORT (malloc'd, may start NULL) one line per
 * problem ("missing golden expected/x.screen for a non-empty screen (run
 * bootcheck check --update)") and a unified diff per differing channel, the
 * screen's with row numbers.  Returns 1 pass, 0 fail, -1 I/O error (said
 * in *REPORT).
 */
int golden__compare(const struct golden_spec *g, char **report);

/*
 * golden__update - write each scrubbed non-empty capture (and always the
 * exit) as its golden, remove goldens of captures now empty, leave equal
 * goldens untouched.  Appends one line per file created, changed or removed
 * to *CHANGES ("created expected/x.exit").  Returns 0 or -1 (said in *CHANGES).
 */
int golden__update(const struct golden_spec *g, char **changes);

/*
 * golden__scrubbed - channel CH's capture as it is compared (scrubbed, for
 * the text channels), malloc'd and NUL-terminated, its length in *LEN (if
 * LEN); "" when there is none, NULL on errors.
 */
char *golden__scrubbed(const struct golden_spec *g, enum channel ch, size_t *len);

/* golden__channel_used - whether channel CH is compared (and updated) for G. */
bool golden__channel_used(const struct golden_spec *g, enum channel ch);

/* golden__capture_empty - whether capture TEXT of channel CH counts as empty. */
bool golden__capture_empty(enum channel ch, const char *text, size_t len);

/*
 * golden__stale - the goldens in EXPECTED_DIR of tests that are none of
 * the NR_TESTS names TESTS (the whole manifest's, not a selection's):
 * entries named TEST.SUFFIX (a test name the manifest could have, a
 * golden's suffix: exit, serial, debugcon, screen, colors, cursor, png,
 * bios-log) that are files or symlinks, never directories, whatever else
 * is there.  *STALE gets their file names, sorted, malloc'd and
 * NULL-terminated (free with golden__free_list), *NR_STALE how many.
 * 0 (none when EXPECTED_DIR does not exist), or -1 with errno.
 */
int golden__stale(const char *expected_dir, const char *const *tests, int nr_tests, char ***stale,
		  int *nr_stale);

/*
 * golden__prune - remove the NR_STALE goldens STALE (golden__stale's file
 * names) from EXPECTED_DIR: each by its name in that directory, a symlink
 * as itself (never what it points to), a directory never.  Appends one
 * line per file to *REPORT ("removed expected/x.exit", or why not).
 * Returns 0, or -1 when any could not be removed.
 */
int golden__prune(const char *expected_dir, char *const *stale, int nr_stale, char **report);

/* golden__free_list - free golden__stale's list of N names. */
void golden__free_list(char **list, int n);

#endif
