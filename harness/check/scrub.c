/* scrub.c - sed-style `s/REGEX/REPLACEMENT/` rules applied to captures before comparing. */
#include "check/scrub.h"

#include <stdarg.h>  // va_list
#include <stdbool.h> // bool
#include <stdio.h>   // snprintf, vsnprintf
#include <stdlib.h>  // malloc, realloc, free
#include <string.h>  // memcpy, strchr, strdup, strlen

const char scrub__seabios_banner[] = "s/^SeaBIOS \\(version [^)]*\\)$/SeaBIOS (version VERSION)/";

/* Growing output buffer; OOM makes every later append a no-op. */
struct buf {
	char *p;
	size_t len, cap;
	bool oom;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void putc_(struct buf *b, char c)
{
	put(b, &c, 1);
}

__attribute__((format(printf, 4, 5)))
static int fail(char *err, size_t errlen, const char *spec, const char *fmt, ...)
{
	char why[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (errlen)
		snprintf(err, errlen, "scrub rule \"%s\": %s", spec, why);
	return -1;
}

/*
 * The part of SPEC from *POS up to the next unquoted DELIM, with `\DELIM`
 * turned into DELIM as a plain character and `\n` into a newline (unless n
 * is the delimiter); other `\x` pairs are kept for regcomp or the
 * replacement.  SPECIALS are the characters that need a backslash to stay
 * plain in the result.  *POS ends after the delimiter; false when none.
 */
static bool take_part(const char *spec, size_t *pos, char delim, const char *specials,
		      struct buf *out)
{
	size_t i = *pos;

	for (; spec[i] && spec[i] != delim; i++) {
		if (spec[i] != '\\') {
			putc_(out, spec[i]);
			continue;
		}
		char c = spec[++i];

		if (c == '\0')
			return false;
		if (c == delim) {
			if (strchr(specials, c))
				putc_(out, '\\');
			putc_(out, c);
		} else if (c == 'n') {
			putc_(out, '\n');
		} else {
			putc_(out, '\\');
			putc_(out, c);
		}
	}
	if (spec[i] != delim)
		return false;
	*pos = i + 1;
	return true;
}

/* The highest \N the replacement refers to, 0 for none. */
static int max_group(const char *repl)
{
	int max = 0;

	for (const char *p = repl; *p; p++) {
		if (*p != '\\' || !p[1])
			continue;
		p++;
		if (*p >= '1' && *p <= '9' && *p - '0' > max)
			max = *p - '0';
	}
	return max;
}

int scrub__compile(struct scrub_rule *r, const char *spec, char *err, size_t errlen)
{
	struct buf re = { 0 }, repl = { 0 };
	size_t pos = 2;
	char delim;
	int rc;

	memset(r, 0, sizeof(*r));
	if (spec[0] != 's' || spec[1] == '\0')
		return fail(err, errlen, spec, "want s/REGEX/REPLACEMENT/");
	delim = spec[1];
	if (delim == '\\' || delim == '\n')
		return fail(err, errlen, spec, "the delimiter cannot be a backslash or newline");
	put(&re, "", 0);
	if (!take_part(spec, &pos, delim, ".[]()*+?{}|^$", &re)) {
		free(re.p);
		return fail(err, errlen, spec, "no '%c' after the regex (want s%cREGEX%cREPLACEMENT%c)",
			    delim, delim, delim, delim);
	}
	put(&repl, "", 0);
	if (!take_part(spec, &pos, delim, "&", &repl)) {
		free(re.p);
		free(repl.p);
		return fail(err, errlen, spec, "no '%c' after the replacement (want s%cREGEX%cREPLACEMENT%c)",
			    delim, delim, delim, delim);
	}
	if (spec[pos] == 'g')
		pos++;
	if (spec[pos] != '\0') {
		free(re.p);
		free(repl.p);
		return fail(err, errlen, spec, "unexpected \"%s\" after the rule (only g may follow)",
			    spec + pos);
	}
	if (re.oom || repl.oom) {
		free(re.p);
		free(repl.p);
		return fail(err, errlen, spec, "out of memory");
	}
	if (re.len == 0) {
		free(re.p);
		free(repl.p);
		return fail(err, errlen, spec, "empty regex");
	}
	rc = regcomp(&r->re, re.p, REG_EXTENDED | REG_NEWLINE);
	free(re.p);
	if (rc != 0) {
		char why[160];

		regerror(rc, &r->re, why, sizeof(why));
		free(repl.p);
		memset(r, 0, sizeof(*r));
		return fail(err, errlen, spec, "bad regex: %s", why);
	}
	if (max_group(repl.p) > (int)r->re.re_nsub) {
		int n = max_group(repl.p);
		size_t groups = r->re.re_nsub;

		regfree(&r->re);
		free(repl.p);
		memset(r, 0, sizeof(*r));
		return fail(err, errlen, spec, "\\%d in the replacement, but the regex has %zu group%s",
			    n, groups, groups == 1 ? "" : "s");
	}
	r->replacement = repl.p;
	r->spec = strdup(spec);
	if (!r->spec) {
		scrub__free(r);
		return fail(err, errlen, spec, "out of memory");
	}
	return 0;
}

void scrub__free(struct scrub_rule *r)
{
	if (r->replacement)
		regfree(&r->re);
	free(r->replacement);
	free(r->spec);
	memset(r, 0, sizeof(*r));
}

/* The replacement for one match M of TEXT. */
static void put_replacement(struct buf *out, const char *repl, const char *text,
			    const regmatch_t *m)
{
	for (const char *p = repl; *p; p++) {
		int g = -1;

		if (*p == '&') {
			g = 0;
		} else if (*p == '\\' && p[1]) {
			p++;
			if (*p >= '1' && *p <= '9')
				g = *p - '0';
			else
				putc_(out, *p);
		} else {
			putc_(out, *p);
		}
		if (g >= 0 && m[g].rm_so >= 0)
			put(out, text + m[g].rm_so, (size_t)(m[g].rm_eo - m[g].rm_so));
	}
}

/* TEXT with every match of R replaced, into OUT (reset first). */
static void apply_one(const struct scrub_rule *r, const char *text, size_t len, struct buf *out)
{
	regmatch_t m[10];
	size_t pos = 0;
	regoff_t last_end = -1;

	out->len = 0;
	put(out, "", 0);
	while (pos <= len) {
		m[0].rm_so = (regoff_t)pos;
		m[0].rm_eo = (regoff_t)len;
		if (regexec(&r->re, text, 10, m, REG_STARTEND) != 0)
			break;
		/* as sed, which sees lines: no empty line after the last newline, none in empty text */
		if (m[0].rm_so == (regoff_t)len && (len == 0 || text[len - 1] == '\n'))
			break;
		put(out, text + pos, (size_t)m[0].rm_so - pos);
		/* as sed: no empty match right where the previous match ended */
		if (m[0].rm_so != m[0].rm_eo || m[0].rm_so != last_end)
			put_replacement(out, r->replacement, text, m);
		last_end = m[0].rm_eo;
		pos = (size_t)m[0].rm_eo;
		if (m[0].rm_so == m[0].rm_eo) {
			/* an empty match: step over one byte so the search moves on */
			if (pos == len)
				return;
			put(out, text + pos, 1);
			pos++;
		}
	}
	put(out, text + pos, len - pos);
}

char *scrub__apply(const struct scrub_rule *rules, int n, const char *text, size_t len,
		   size_t *outlen)
{
	struct buf cur = { 0 }, next = { 0 };

	put(&cur, text, len);
	for (int i = 0; i < n && !cur.oom; i++) {
		struct buf t;

		apply_one(&rules[i], cur.p, cur.len, &next);
		if (next.oom) {
			cur.oom = true;
			break;
		}
		t = cur;
		cur = next;
		next = t;
	}
	free(next.p);
	if (cur.oom) {
		free(cur.p);
		return NULL;
	}
	*outlen = cur.len;
	return cur.p;
}
