/* scrub.c - sed-style `s/REGEX/REPLACEMENT/` rules applied to captures before comparing. */
#include "check/scrub.h"

#include <limits.h>  // INT_MAX
#include <pthread.h> // pthread_once
#include <stdarg.h>  // va_list
#include <stdbool.h> // bool
#include <stdint.h>  // uint64_t
#include <stdio.h>   // snprintf, vsnprintf
#include <stdlib.h>  // malloc, realloc, free
#include <string.h>  // memcpy, strchr, strdup, strlen
#include <tre/tre.h> // tre_regcomp, tre_reguexec (types; loaded with dlopen)

#include "sys/dynlib.h" // dynlib__load

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

/* libtre, opened on the first rule compiled (see sys/dynlib.h) */
static struct {
	__typeof__(tre_regcomp) *regcomp;
	__typeof__(tre_reguexec) *reguexec;
	__typeof__(tre_regerror) *regerror;
	__typeof__(tre_regfree) *regfree;
	__typeof__(tre_have_backrefs) *have_backrefs;
} tre;
static pthread_once_t tre_once = PTHREAD_ONCE_INIT;
static int tre_init_result = -1;

static void tre_load(void)
{
	const struct dynlib_sym syms[] = {
		{ "tre_regcomp", (void **)&tre.regcomp },
		{ "tre_reguexec", (void **)&tre.reguexec },
		{ "tre_regerror", (void **)&tre.regerror },
		{ "tre_regfree", (void **)&tre.regfree },
		{ "tre_have_backrefs", (void **)&tre.have_backrefs },
	};

	tre_init_result = dynlib__load("libtre.so.5", "scrub rules", "libtre5", syms,
				       (int)(sizeof(syms) / sizeof(syms[0])));
}

static int tre_init(void)
{
	pthread_once(&tre_once, tre_load);
	return tre_init_result;
}

/*
 * RE with a newline added to every non-matching list (`[^x]` becomes
 * `[^x<newline>]`): POSIX's REG_NEWLINE keeps such a list from matching a
 * newline, as sed and glibc do, but TRE lets it match one.  Brackets are
 * found as regcomp will see them: outside a list `\[` is a plain `[`;
 * inside, a `]` first (after any `^`) is a member and `[:...:]`, `[=...=]`
 * and `[. ... .]` are single items.  An unterminated list is copied as it is,
 * for regcomp to refuse.  *UNMATCHED_PAREN is set for a `)` that closes no
 * group: POSIX leaves it undefined, glibc refuses it, and TRE 0.8.0 given
 * one right after `\\` allocates memory until it runs out.
 */
static void newline_out_of_lists(const char *re, struct buf *out, int *unmatched_paren)
{
	size_t i = 0, n = strlen(re);
	int depth = 0;

	*unmatched_paren = 0;
	while (i < n) {
		if (re[i] == '\\' && i + 1 < n) {
			put(out, re + i, 2);
			i += 2;
			continue;
		}
		if (re[i] == '(')
			depth++;
		if (re[i] == ')' && depth-- == 0) {
			*unmatched_paren = 1;
			depth = 0;
		}
		if (re[i] != '[') {
			putc_(out, re[i++]);
			continue;
		}
		size_t j = i + 1;
		bool negated = false;

		if (j < n && re[j] == '^') {
			negated = true;
			j++;
		}
		if (j < n && re[j] == ']')
			j++;
		while (j < n && re[j] != ']') {
			if (re[j] == '[' && j + 1 < n && strchr(":=.", re[j + 1])) {
				const char *end = strstr(re + j + 2, (char[]){ re[j + 1], ']', '\0' });

				if (!end)
					break;
				j = (size_t)(end - re) + 2;
			} else {
				j++;
			}
		}
		if (j >= n || re[j] != ']') {
			put(out, re + i, n - i); /* unterminated */
			return;
		}
		put(out, re + i, j - i);
		if (negated)
			putc_(out, '\n');
		putc_(out, ']');
		i = j + 1;
	}
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
	regex_t *preg;
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
	if (tre_init() != 0) {
		free(re.p);
		free(repl.p);
		return fail(err, errlen, spec, "libtre (the regex engine) could not be loaded");
	}
	preg = calloc(1, sizeof(*preg));
	if (!preg) {
		free(re.p);
		free(repl.p);
		return fail(err, errlen, spec, "out of memory");
	}
	struct buf lists = { 0 };
	int unmatched;

	put(&lists, "", 0);
	newline_out_of_lists(re.p, &lists, &unmatched);
	free(re.p);
	if (lists.oom || unmatched) {
		free(lists.p);
		free(preg);
		free(repl.p);
		return fail(err, errlen, spec, unmatched ? "bad regex: a ')' that closes no '(' "
			    "(\\) is a plain one)" : "out of memory");
	}
	rc = tre.regcomp(preg, lists.p, REG_EXTENDED | REG_NEWLINE);
	free(lists.p);
	if (rc != 0) {
		char why[160];

		tre.regerror(rc, preg, why, sizeof(why));
		free(preg);
		free(repl.p);
		return fail(err, errlen, spec, "bad regex: %s", why);
	}
	if (tre.have_backrefs(preg)) {
		tre.regfree(preg);
		free(preg);
		free(repl.p);
		return fail(err, errlen, spec, "a back reference in the regex (\\N belongs in the "
			    "replacement only): matching it would need backtracking");
	}
	if (max_group(repl.p) > (int)preg->re_nsub) {
		int n = max_group(repl.p);
		size_t groups = preg->re_nsub;

		tre.regfree(preg);
		free(preg);
		free(repl.p);
		return fail(err, errlen, spec, "\\%d in the replacement, but the regex has %zu group%s",
			    n, groups, groups == 1 ? "" : "s");
	}
	r->re = preg;
	r->groups = preg->re_nsub;
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
	if (r->re) {
		tre.regfree(r->re);
		free(r->re);
	}
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

/*
 * The text as TRE reads it: one byte per call, from START, counting every
 * byte read against a budget shared by all the searches of one rule.
 */
struct source {
	const unsigned char *text;
	size_t len;       /* of the whole text */
	size_t start;     /* where this search began */
	size_t pos;       /* next byte to hand out */
	uint64_t *budget; /* bytes the rule may still read */
	bool exhausted;   /* the budget ran out during this search */
};

/*
 * A NUL byte reaches TRE as a character no rule can name (a rule is text
 * without NULs), so it matches `.` and `[^...]` as glibc's regexec did, and
 * is never taken for the end of the text (which TRE marks with 0, and `$`
 * matches there).
 */
#define NUL_STANDIN 0x100

static int next_char(tre_char_t *c, unsigned int *pos_add, void *ctx)
{
	struct source *s = ctx;
	unsigned char b;

	*pos_add = 1;
	if (s->pos >= s->len) {
		*c = 0;
		return 1;
	}
	if (*s->budget == 0) {
		s->exhausted = true;
		*c = 0;
		return 1;
	}
	(*s->budget)--;
	b = s->text[s->pos++];
	*c = b ? b : NUL_STANDIN;
	return 0;
}

/* Only TRE's backtracking matcher rewinds or compares, and back references are refused. */
static void rewind_to(size_t pos, void *ctx)
{
	struct source *s = ctx;

	s->pos = s->start + pos;
}

static int compare(size_t pos1, size_t pos2, size_t len, void *ctx)
{
	struct source *s = ctx;

	return memcmp(s->text + s->start + pos1, s->text + s->start + pos2, len);
}

/*
 * TEXT with every match of R replaced, into OUT (reset first).  0, or -1
 * when the rule read more than *BUDGET bytes.
 */
static int apply_one(const struct scrub_rule *r, const char *text, size_t len, struct buf *out,
		     uint64_t *budget)
{
	struct source src = { .text = (const unsigned char *)text, .len = len, .budget = budget };
	const tre_str_source str = { next_char, rewind_to, compare, &src };
	regmatch_t m[10];
	size_t pos = 0;
	size_t last_end = SIZE_MAX;

	out->len = 0;
	put(out, "", 0);
	while (pos <= len) {
		size_t so, eo;
		int rc;

		src.start = src.pos = pos;
		src.exhausted = false;
		rc = tre.reguexec(r->re, &str, 10, m,
				  pos > 0 && text[pos - 1] != '\n' ? REG_NOTBOL : 0);
		if (src.exhausted)
			return -1;
		if (rc != 0)
			break;
		so = pos + (size_t)m[0].rm_so;
		eo = pos + (size_t)m[0].rm_eo;
		/* as sed, which sees lines: no empty line after the last newline, none in empty text */
		if (so == len && (len == 0 || text[len - 1] == '\n'))
			break;
		put(out, text + pos, so - pos);
		/* as sed: no empty match right where the previous match ended */
		if (so != eo || so != last_end) {
			for (int g = 0; g < 10; g++) {
				/* TRE's offsets are from where this search began */
				if (m[g].rm_so >= 0) {
					m[g].rm_so += (regoff_t)pos;
					m[g].rm_eo += (regoff_t)pos;
				}
			}
			put_replacement(out, r->replacement, text, m);
		}
		last_end = eo;
		pos = eo;
		if (so == eo) {
			/* an empty match: step over one byte so the search moves on */
			if (pos == len)
				return 0;
			put(out, text + pos, 1);
			pos++;
		}
	}
	put(out, text + pos, len - pos);
	return 0;
}

char *scrub__apply(const struct scrub_rule *rules, int n, const char *text, size_t len,
		   size_t *outlen, char *err, size_t errlen)
{
	struct buf cur = { 0 }, next = { 0 };

	if (len > INT_MAX) {
		/* TRE's offsets are ints */
		snprintf(err, errlen, "a capture of %zu bytes is too large to scrub", len);
		return NULL;
	}
	put(&cur, text, len);
	for (int i = 0; i < n && !cur.oom; i++) {
		uint64_t budget = (uint64_t)cur.len * SCRUB_STEPS_PER_BYTE + SCRUB_STEPS_MIN;
		struct buf t;

		if (apply_one(&rules[i], cur.p, cur.len, &next, &budget)) {
			snprintf(err, errlen, "scrub rule \"%s\" gave up on a capture of %zu bytes after "
				 "reading %llu bytes of it (%d per byte, plus %d): its matches keep "
				 "re-reading the rest of a line; anchor it or bound its repetitions",
				 rules[i].spec, cur.len,
				 (unsigned long long)cur.len * SCRUB_STEPS_PER_BYTE + SCRUB_STEPS_MIN,
				 SCRUB_STEPS_PER_BYTE, SCRUB_STEPS_MIN);
			free(cur.p);
			free(next.p);
			return NULL;
		}
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
		snprintf(err, errlen, "out of memory while scrubbing");
		return NULL;
	}
	*outlen = cur.len;
	return cur.p;
}
