/* scrub.h - regular-expression replacements applied to captures before they are compared with goldens. */
#ifndef BOOTCHECK_SCRUB_H
#define BOOTCHECK_SCRUB_H

#include <regex.h>
#include <stddef.h>

/*
 * One rule, written as in sed: `s/REGEX/REPLACEMENT/` with any delimiter
 * character after the `s` (`s|a/b|c|`); POSIX extended regular expressions,
 * `^` and `$` match at every line, `\1`-`\9` and `&` in the replacement,
 * `\` before the delimiter or `\` itself to quote it.  Every match is
 * replaced (as sed's `g` flag).
 */
struct scrub_rule {
	regex_t re;
	char *replacement;
	char *spec;          /* the rule as written, for messages */
};

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
 * NULL when out of memory.
 */
char *scrub__apply(const struct scrub_rule *rules, int n, const char *text, size_t len,
		   size_t *outlen);

#endif
