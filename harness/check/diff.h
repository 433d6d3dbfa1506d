/* diff.h - unified diffs of a golden against a capture, for failure reports. */
#ifndef BOOTCHECK_DIFF_H
#define BOOTCHECK_DIFF_H

#include <stdbool.h>
#include <stddef.h>

/*
 * diff__unified - the unified diff (3 lines of context, `---`/`+++` headers
 * with LABEL_A and LABEL_B, `@@` hunk headers) turning A into B, computed
 * with libgit2's xdiff.  With ROW_NUMBERS each line is shown prefixed by
 * its 0-based line number as "NN|" (screen rows).  Bytes that are not
 * printable text or valid UTF-8 are shown as \xNN; a missing final newline
 * is marked "\ No newline at end of file".  Returns a malloc'd string, ""
 * when A and B are equal, or NULL when out of memory or when libgit2
 * cannot be loaded (which is said on stderr; it is opened on the first
 * diff, see sys/dynlib.h).
 */
char *diff__unified(const char *a, size_t alen, const char *b, size_t blen,
		    const char *label_a, const char *label_b, bool row_numbers);

#endif
