/* scrub_test.c - unit tests for the sed-style scrub rules (harness/check/scrub.[ch]). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "check/scrub.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Show bytes with NULs and newlines visible, for failure messages. */
static const char *visible(const char *p, size_t n)
{
	static char out[3][512];
	static int which;
	char *o = out[which++ % 3];
	size_t k = 0;

	for (size_t i = 0; i < n && k + 5 < sizeof(out[0]); i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '\n')
			k += (size_t)sprintf(o + k, "\\n");
		else if (c < 0x20 || c >= 0x7f)
			k += (size_t)sprintf(o + k, "\\x%02x", c);
		else
			o[k++] = (char)c;
	}
	o[k] = '\0';
	return o;
}

/* Compile SPECS, apply them in order to IN (INLEN bytes) and expect WANT (WANTLEN bytes). */
static void check_rules_len(const char *const *specs, int n, const char *in, size_t inlen,
			    const char *want, size_t wantlen)
{
	struct scrub_rule rules[8];
	char err[256];
	size_t outlen = 12345;
	char *out;

	assert_true(n <= (int)ARRAY_SIZE(rules));
	for (int i = 0; i < n; i++)
		if (scrub__compile(&rules[i], specs[i], err, sizeof(err)) != 0)
			fail_msg("%s: %s", specs[i], err);
	out = scrub__apply(rules, n, in, inlen, &outlen, err, sizeof(err));
	if (!out)
		fail_msg("%s: %s", n ? specs[0] : "(none)", err);
	if (outlen != wantlen || memcmp(out, want, wantlen) != 0)
		fail_msg("%s on \"%s\": \"%s\", want \"%s\"", n ? specs[0] : "(none)",
			 visible(in, inlen), visible(out, outlen), visible(want, wantlen));
	assert_int_equal(out[outlen], '\0');
	free(out);
	for (int i = 0; i < n; i++)
		scrub__free(&rules[i]);
}

static void check_rule(const char *spec, const char *in, const char *want)
{
	check_rules_len(&spec, 1, in, strlen(in), want, strlen(want));
}

struct apply_case {
	const char *spec, *in, *want;
};

static void run_cases(const struct apply_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++)
		check_rule(cases[i].spec, cases[i].in, cases[i].want);
}

static void test_parse_delimiters_and_quoting(void **state)
{
	static const struct apply_case cases[] = {
		{ "s/a/b/", "aXa", "bXb" },
		{ "s/a/b/g", "aXa", "bXb" },           /* g accepted, every match replaced anyway */
		{ "s|/usr|/opt|", "/usr/bin", "/opt/bin" },
		{ "s,x,y,", "xx", "yy" },
		{ "s#a#b#g", "a", "b" },
		{ "s/a\\/b/c/", "a/b", "c" },           /* \/ is a plain / in the regex */
		{ "s/x/a\\/b/", "x", "a/b" },           /* and in the replacement */
		{ "s|a\\|b|X|", "a|b ab", "X ab" },     /* a quoted | is literal, not alternation */
		{ "s.a\\.b.X.", "a.b axb", "X axb" },   /* a quoted . is literal */
		{ "s&x&[\\&]&", "x", "[&]" },           /* a quoted & is a plain & */
		{ "s/\\\\/|/", "a\\b", "a|b" },         /* \\ is a backslash in the regex */
		{ "s/x/\\\\/", "x", "\\" },             /* and in the replacement */
		{ "s/x/\\&/", "x", "&" },
		{ "s/\\./!/", "a.b", "a!b" },           /* other escapes reach regcomp */
		{ "s/a\\nb/X/", "a\nb", "X" },          /* \n is a newline */
		{ "s/x/1\\n2/", "x", "1\n2" },
		{ "snanbn", "a", "b" },                 /* n as delimiter */
		{ "s/a//", "banana", "bnn" },           /* empty replacement */
		{ "s/\\)/]/", "f(x)", "f(x]" },          /* \) is a plain ) */
		{ "s/\\\\\\)/!/", "a\\)", "a!" },        /* a backslash, then a plain ) */
	};

	(void)state;
	run_cases(cases, ARRAY_SIZE(cases));
}

static void test_replacement_groups(void **state)
{
	static const struct apply_case cases[] = {
		{ "s/([a-z]+)=([0-9]+)/\\2=\\1/", "foo=42 bar=7", "42=foo 7=bar" },
		{ "s/[0-9]+/<&>/", "a1b22", "a<1>b<22>" },
		{ "s/(x)|(y)/[\\1\\2]/", "xy", "[x][y]" },   /* a group that did not take part is empty */
		{ "s/(a)(b)(c)(d)(e)(f)(g)(h)(i)/\\9\\8\\7\\6\\5\\4\\3\\2\\1/", "abcdefghi",
		  "ihgfedcba" },
		{ "s/(a)/\\10/", "a", "a0" },                /* one digit only */
		{ "s/b+/&&/", "abba", "abbbba" },
	};

	(void)state;
	run_cases(cases, ARRAY_SIZE(cases));
}

static void test_bad_specs(void **state)
{
	static const struct {
		const char *spec, *err;
	} cases[] = {
		{ "", "scrub rule \"\": want s/REGEX/REPLACEMENT/" },
		{ "s", "scrub rule \"s\": want s/REGEX/REPLACEMENT/" },
		{ "x/a/b/", "scrub rule \"x/a/b/\": want s/REGEX/REPLACEMENT/" },
		{ "s/a", "scrub rule \"s/a\": no '/' after the regex (want s/REGEX/REPLACEMENT/)" },
		{ "s/a\\/", "scrub rule \"s/a\\/\": no '/' after the regex (want s/REGEX/REPLACEMENT/)" },
		{ "s/a\\", "scrub rule \"s/a\\\": no '/' after the regex (want s/REGEX/REPLACEMENT/)" },
		{ "s/a/b", "scrub rule \"s/a/b\": no '/' after the replacement (want s/REGEX/REPLACEMENT/)" },
		{ "s|a|b", "scrub rule \"s|a|b\": no '|' after the replacement (want s|REGEX|REPLACEMENT|)" },
		{ "s/a/b/x", "scrub rule \"s/a/b/x\": unexpected \"x\" after the rule (only g may follow)" },
		{ "s/a/b/gg", "scrub rule \"s/a/b/gg\": unexpected \"g\" after the rule (only g may follow)" },
		{ "s/a/b/c/", "scrub rule \"s/a/b/c/\": unexpected \"c/\" after the rule (only g may follow)" },
		{ "s\\a\\b\\", "scrub rule \"s\\a\\b\\\": the delimiter cannot be a backslash or newline" },
		{ "s//b/", "scrub rule \"s//b/\": empty regex" },
		{ "s/a/\\1/", "scrub rule \"s/a/\\1/\": \\1 in the replacement, but the regex has 0 groups" },
		{ "s/(a)/\\2/", "scrub rule \"s/(a)/\\2/\": \\2 in the replacement, but the regex has 1 group" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct scrub_rule r;
		char err[256] = "";

		if (scrub__compile(&r, cases[i].spec, err, sizeof(err)) != -1)
			fail_msg("\"%s\" compiled", cases[i].spec);
		if (strcmp(err, cases[i].err))
			fail_msg("\"%s\": \"%s\", want \"%s\"", cases[i].spec, err, cases[i].err);
		scrub__free(&r); /* harmless after a failure */
	}
}

static void test_bad_regex(void **state)
{
	static const char *const specs[] = { "s/(a/b/", "s/[a/x/", "s/a{2,1}/x/", "s/a{1/x/",
					     "s/[[:foo:]]/x/", "s/[b-a]/x/",
					     /* TRE 0.8.0 ran out of memory on these */
					     "s/\\\\)/x/", "s/(\\\\))/x/", "s/a)/x/" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(specs); i++) {
		struct scrub_rule r;
		char err[256] = "", want[64];

		snprintf(want, sizeof(want), "scrub rule \"%s\": bad regex: ", specs[i]);
		if (scrub__compile(&r, specs[i], err, sizeof(err)) != -1)
			fail_msg("\"%s\" compiled", specs[i]);
		if (strncmp(err, want, strlen(want)) || strlen(err) <= strlen(want))
			fail_msg("\"%s\": \"%s\"", specs[i], err);
		scrub__free(&r);
	}
}

static void test_error_truncated_to_errlen(void **state)
{
	struct scrub_rule r;
	char err[12];

	(void)state;
	memset(err, 'x', sizeof(err));
	assert_int_equal(scrub__compile(&r, "s/a/b", err, 8), -1);
	assert_string_equal(err, "scrub r");
	assert_int_equal(err[8], 'x');
	assert_int_equal(scrub__compile(&r, "s/a/b", NULL, 0), -1);
}

static void test_lines(void **state)
{
	static const struct apply_case cases[] = {
		{ "s/^/> /", "a\nb\n", "> a\n> b\n" },        /* no line after the last newline */
		{ "s/^/> /", "a\nb", "> a\n> b" },
		{ "s/^/> /", "a\n\nb\n", "> a\n> \n> b\n" },
		{ "s/$/;/", "a\nb\n", "a;\nb;\n" },
		{ "s/$/;/", "a\nb", "a;\nb;" },
		{ "s/^b$/B/", "ab\nb\nbc\nb", "ab\nB\nbc\nB" },
		{ "s/a.b/X/", "a\nb axb", "a\nb X" },          /* . does not match a newline */
		{ "s/a[^x]b/X/", "a\nb ayb", "a\nb X" },       /* nor does [^x] */
		{ "s/a[^]x]b/X/", "a\nb a]b ayb", "a\nb a]b X" }, /* ] first is a member */
		{ "s/a[^[:digit:]]b/X/", "a\nb a1b ayb", "a\nb a1b X" },
		{ "s/a\\[^x]/X/", "a[\nb a[^x]", "a[\nb a[^x]" }, /* \[ is a plain [, ^ an anchor */
		{ "s/\\[[^x]\\]/X/", "[y] [\n]", "X [\n]" },
		{ "s/a[x^]b/X/", "a^b axb a\nb", "X X a\nb" },  /* not negated: ^ not first */
		{ "s/[^a]+/-/", "ab\ncd\n", "a-\n-\n" },       /* lines end every run */
		{ "s/a\\nb/X/", "a\nb", "X" },                  /* a newline in the regex does */
		{ "s/^$/(blank)/", "a\n\n\nb\n", "a\n(blank)\n(blank)\nb\n" },
		{ "s/^/x/", "", "" },                          /* empty text has no lines */
	};

	(void)state;
	run_cases(cases, ARRAY_SIZE(cases));
}

static void test_nul_bytes(void **state)
{
	static const char *const replace_a = "s/a/X/";
	static const char *const group = "s/<([^>]*)>/(\\1)/";
	static const char *const after_nul = "s/^b$/B/";

	(void)state;
	check_rules_len(&replace_a, 1, "a\0b\0a", 5, "X\0b\0X", 5);
	check_rules_len(&group, 1, "1<a\0b>2", 7, "1(a\0b)2", 7);
	check_rules_len(&after_nul, 1, "\0\nb\n", 4, "\0\nB\n", 4);
	check_rules_len(&replace_a, 1, "\0\0\0", 3, "\0\0\0", 3);
}

static void test_empty_matches_terminate(void **state)
{
	static const struct apply_case cases[] = {
		{ "s/x*/-/", "abc", "-a-b-c-" },
		{ "s/x*/-/", "xab", "-a-b-" },   /* as sed: none right after a match */
		{ "s/b*/-/", "abb", "-a-" },
		{ "s/b*/-/", "abb\n", "-a-\n" },
		{ "s/()/|/", "ab", "|a|b|" },
		{ "s/$/!/", "", "" },
		{ "s/x*/-/", "", "" },
	};

	(void)state;
	run_cases(cases, ARRAY_SIZE(cases));
}

static void test_rules_in_order(void **state)
{
	static const char *const ab[] = { "s/a/b/", "s/b/c/" };
	static const char *const ba[] = { "s/b/c/", "s/a/b/" };
	static const char *const three[] = { "s/[0-9]+/N/", "s/N\\.N/V/", "s/^/[/" };

	(void)state;
	check_rules_len(ab, 2, "ab", 2, "cc", 2);
	check_rules_len(ba, 2, "ab", 2, "bc", 2);
	check_rules_len(three, 3, "v1.16\nx\n", 8, "[vV\n[x\n", 7);
	check_rules_len(NULL, 0, "a\0b", 3, "a\0b", 3);
}

static void test_seabios_banner(void **state)
{
	/* what tests/run-guests.sh's sed -E 's/^SeaBIOS \(version [^)]*\)$/.../' makes of them */
	static const struct apply_case cases[] = {
		{ NULL, "SeaBIOS (version 1.16.2-debian-1.16.2-1)\n", "SeaBIOS (version VERSION)\n" },
		{ NULL, "\nMachine UUID 0\nSeaBIOS (version 1.16.2-debian-1.16.2-1)\n\nBooting\n",
		  "\nMachine UUID 0\nSeaBIOS (version VERSION)\n\nBooting\n" },
		{ NULL, "SeaBIOS (version rel-1.17.0-0-g1234)", "SeaBIOS (version VERSION)" },
		{ NULL, "SeaBIOS (version )\n", "SeaBIOS (version VERSION)\n" },
		{ NULL, "SeaBIOS (version a(b)\n", "SeaBIOS (version VERSION)\n" },
		{ NULL, "  SeaBIOS (version 1.16.2)\n", "  SeaBIOS (version 1.16.2)\n" },
		{ NULL, "SeaBIOS (version 1.16.2) extra\n", "SeaBIOS (version 1.16.2) extra\n" },
		{ NULL, "SeaBIOS (version 1.16.2\n)\n", "SeaBIOS (version 1.16.2\n)\n" },
		{ NULL, "iPXE (version 1.0)\n", "iPXE (version 1.0)\n" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		check_rule(scrub__seabios_banner, cases[i].in, cases[i].want);
}

/* Back references in the regex would need a backtracking matcher: refused. */
static void test_back_reference_refused(void **state)
{
	struct scrub_rule r;
	char err[256];

	(void)state;
	assert_int_equal(scrub__compile(&r, "s/(a)\\1/x/", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "a back reference in the regex"));
	assert_int_equal(scrub__compile(&r, "s/(a)b/\\1/", err, sizeof(err)), 0);
	scrub__free(&r);
}

/* A NUL byte is an ordinary character: `$` does not match before it, `.` matches it. */
static void test_nul_is_not_a_line_end(void **state)
{
	static const char *const eol = "s/a$/X/";
	static const char *const dot = "s/a.b/X/";

	(void)state;
	check_rules_len(&eol, 1, "a\0a", 3, "a\0X", 3);
	check_rules_len(&dot, 1, "a\0b", 3, "X", 1);
}

#define HOSTILE_LEN (1u << 20)

/*
 * Captures a guest controls, 1 MiB each, under rules of the kinds the suite
 * and the README use.  Each search reads the text once (TRE never
 * backtracks), so every rule finishes well inside its budget; the time is
 * shown, not asserted.
 */
static void test_hostile_captures_are_linear(void **state)
{
	static const char *const fills[] = {
		" ", "a", "\n", "1 ", "SeaBIOS (version ", "0x", " \n", "build 1",
	};
	static const char *const specs[] = {
		NULL, /* the SeaBIOS banner */
		"s/ +$//", "s/build [0-9]+/build N/", "s/[0-9]+ ms/N ms/",
		"s/0x[0-9a-f]+/ADDR/", "s/^.*ms$//", "s/[^a]+$/-/",
	};
	double slowest = 0;
	char *text = malloc(HOSTILE_LEN + 2);

	(void)state;
	assert_non_null(text);
	for (size_t f = 0; f <= ARRAY_SIZE(fills); f++) {
		struct timespec t0, t1;
		size_t len = HOSTILE_LEN;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (f == ARRAY_SIZE(fills)) {
			uint32_t x = 12345; /* bytes from an LCG */

			for (size_t i = 0; i < len; i++) {
				x = x * 1103515245u + 12345u;
				text[i] = (char)(x >> 24);
			}
		} else {
			size_t n = strlen(fills[f]);

			for (size_t i = 0; i < len; i++)
				text[i] = fills[f][i % n];
			text[len++] = 'x'; /* a line that never ends as the rule wants */
		}
		for (size_t i = 0; i < ARRAY_SIZE(specs); i++) {
			const char *spec = specs[i] ? specs[i] : scrub__seabios_banner;
			struct scrub_rule r;
			char err[512];
			size_t outlen;
			char *out;

			assert_int_equal(scrub__compile(&r, spec, err, sizeof(err)), 0);
			out = scrub__apply(&r, 1, text, len, &outlen, err, sizeof(err));
			if (!out)
				fail_msg("fill %zu, %s: %s", f, spec, err);
			free(out);
			scrub__free(&r);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

		if (took > slowest)
			slowest = took;
	}
	print_message("      %zu rules on one 1 MiB capture: %.2f s at most (%zu captures)\n",
		      ARRAY_SIZE(specs), slowest, ARRAY_SIZE(fills) + 1);
	free(text);
}

/*
 * A rule whose every match re-reads the rest of the line (`a.*b|a` on a line
 * of a's: leftmost-longest must look for a b to the end each time) is
 * quadratic in any engine; it stops at its budget with an error naming it.
 */
static void test_quadratic_rule_gives_up(void **state)
{
	const size_t len = 256u << 10;
	char *text = malloc(len);
	struct scrub_rule r;
	char err[512], want[512];
	size_t outlen;

	(void)state;
	assert_non_null(text);
	memset(text, 'a', len);
	assert_int_equal(scrub__compile(&r, "s/a.*b|a/X/", err, sizeof(err)), 0);
	assert_null(scrub__apply(&r, 1, text, len, &outlen, err, sizeof(err)));
	snprintf(want, sizeof(want), "scrub rule \"s/a.*b|a/X/\" gave up on a capture of %zu bytes "
		 "after reading %zu bytes of it", len, len * SCRUB_STEPS_PER_BYTE + SCRUB_STEPS_MIN);
	if (strncmp(err, want, strlen(want)))
		fail_msg("%s\nwant %s...", err, want);
	/* the same rule on a short line is fine: the bound grows with the text */
	char *out = scrub__apply(&r, 1, "aab", 3, &outlen, err, sizeof(err));
	assert_non_null(out);
	assert_string_equal(out, "X");
	free(out);
	scrub__free(&r);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_delimiters_and_quoting),
		cmocka_unit_test(test_replacement_groups),
		cmocka_unit_test(test_bad_specs),
		cmocka_unit_test(test_bad_regex),
		cmocka_unit_test(test_error_truncated_to_errlen),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_empty_matches_terminate),
		cmocka_unit_test(test_rules_in_order),
		cmocka_unit_test(test_seabios_banner),
		cmocka_unit_test(test_back_reference_refused),
		cmocka_unit_test(test_nul_is_not_a_line_end),
		cmocka_unit_test(test_hostile_captures_are_linear),
		cmocka_unit_test(test_quadratic_rule_gives_up),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
