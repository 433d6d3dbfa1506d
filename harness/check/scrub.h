/* scrub.h - regular-expression replacements applied to captures before they are compared with goldens. */
#ifndef BOOTCHECK_SCRUB_H
#define BOOTCHECK_SCRUB_H

#include <stddef.h>

/*
 * One rule, written as in sed: `s/REGEX/REPLACEMENT/` with any delimiter
 * character after the `s` (`s|a/b|c|`); POSIX extended regular expressions,
 * `^` and `$` match at every line, `\1`-`\9` and `&` in the replacement,
 * `\` before the delimiter or `\` itself to quote it.  Every match is
 * replaced (as sed's `g` flag).
 *
 * Matching is TRE's (libtre, opened with dlopen on the first rule): a
 * parallel automaton that reads the text once per search, never
 * backtracking, so a search costs time linear in what it reads.  Back
 * references in the regex (`\1` in the pattern) would need backtracking and
 * are refused.  What one rule may read of one capture is bounded (see
 * SCRUB_STEPS_PER_BYTE): a rule whose matches keep re-reading the rest of a
 * long line stops with an error instead of taking quadratic time.
 */
struct scrub_rule {
	void *re;            /* TRE's compiled regex (its own regex_t, not glibc's) */
	size_t groups;       /* parenthesised groups in the regex */
	char *replacement;
	char *spec;          /* the rule as written, for messages */
};

/* One rule may read at most this many bytes per byte of capture, plus SCRUB_STEPS_MIN. */
#define SCRUB_STEPS_PER_BYTE 16
#define SCRUB_STEPS_MIN 65536

/* The SeaBIOS version banner, scrubbed by default so a package update keeps goldens valid. */
extern const char scrub__seabios_banner[];

/*
 * scrub__compile - parse SPEC into R.  Returns 0, or -1 with a one-line
 * reason in ERR (bad form, bad regex).
 */
int scrub__compile(struct scrub_rule *r, const char *spec, char *err, size_t errlen);
void scrub__free(struct scrub_rule *r);

/*
 * scrub__apply - TEXT (LEN bytes, may hold NULs) with every rule applied in
 * order.  Returns a malloc'd buffer (NUL-terminated, length in *OUTLEN), or
 * NULL with a one-line reason in ERR: out of memory, or a rule that read
 * more than its bound of the text (naming the rule and the sizes).
 */
char *scrub__apply(const struct scrub_rule *rules, int n, const char *text, size_t len,
		   size_t *outlen, char *err, size_t errlen);

#endif
