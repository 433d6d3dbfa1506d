/* fuzz_golden.c - libFuzzer target: captures against goldens (harness/check/golden.c), the diffs (diff.c) and the pictures drawn from captures (capture/render.c, check/pictures.c). */
#include <fcntl.h>    // open
#include <stdio.h>    // snprintf, perror
#include <stdlib.h>   // malloc, free, mkdtemp, atexit, getenv
#include <string.h>   // memcmp, memcpy, strlen
#include <sys/stat.h> // mkdir
#include <unistd.h>   // write, close, unlink

#include "capture/render.h" // render__captures
#include "capture/screen.h" // screen__colors_parse
#include "capture/utf8.h"   // utf8__seq_len, utf8__bidi_control
#include "check/diff.h"     // diff__unified
#include "check/golden.h"   // golden__compare, golden__update
#include "check/pictures.h" // pictures__diff
#include "check/scrub.h"    // scrub__compile
#include "fuzz.h"           // struct fuzz_in

/*
 * Input: a flags byte (bit 0: CI; bit 1: compare the BIOS log; bit 2: the
 * next byte is the `compare =` channel mask, else the default; bit 3: draw
 * the screens, which is slow enough to be worth doing only sometimes), a byte
 * whose bit CH says capture CH is missing (not merely empty), one saying
 * the same of golden CH; then parts separated by 0xfe: a scrub rule (used
 * when it compiles), and the capture and the golden of each text channel
 * in turn: exit, serial, debugcon, screen, colors, cursor, bios-log.
 */
#define SEP 0xfe

static const enum channel text_channels[] = { CH_EXIT, CH_SERIAL, CH_DEBUGCON, CH_SCREEN,
					      CH_COLORS, CH_CURSOR, CH_BIOS_LOG };
#define NR_TEXT (sizeof(text_channels) / sizeof(text_channels[0]))

static char dir[4096], actual[4200], expected[4200], updated[4200];
static uint8_t font[FONT_GLYPHS * FONT_HEIGHT];

static void setup(void)
{

	snprintf(dir, sizeof(dir), "%s", fuzz__scratch("fuzz-golden"));
	snprintf(actual, sizeof(actual), "%s/actual", dir);
	snprintf(expected, sizeof(expected), "%s/expected", dir);
	snprintf(updated, sizeof(updated), "%s/updated", dir);
	mkdir(actual, 0755);
	mkdir(expected, 0755);
	for (size_t i = 0; i < sizeof(font); i++) /* any font will do: glyph G's line Y */
		font[i] = (uint8_t)(i / FONT_HEIGHT * 7 ^ (i % FONT_HEIGHT) * 29);
}

/* DIR/NAME holds DATA, or does not exist when DATA is NULL. */
static void put(const char *d, const char *name, const uint8_t *data, size_t len)
{
	char p[4300];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", d, name);
	if (!data) {
		unlink(p);
		return;
	}
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || (len && write(fd, data, len) != (ssize_t)len) || close(fd) != 0) {
		perror(p);
		abort();
	}
}

/* What a person may be shown: text, tabs, newlines, UTF-8 but C1 and bidirectional controls. */
static void check_shown(const char *what, const char *s)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		size_t len = utf8__seq_len(p + i, n - i);

		if (p[i] == '\n' || p[i] == '\t' || (p[i] >= 0x20 && p[i] < 0x7f)) {
			i++;
			continue;
		}
		fuzz__check(len > 1 && !utf8__bidi_control(p + i, len) &&
				    !(p[i] == 0xc2 && p[i + 1] < 0xa0),
			    "%s shows byte 0x%02x raw at %zu:\n%s", what, p[i], i, s);
		i += len;
	}
}

/* A malloc'd copy of LEN bytes, NUL-terminated or exactly LEN long. */
static char *copy(const uint8_t *data, size_t len, bool nul)
{
	char *c = malloc(len + nul > 0 ? len + nul : 1);

	if (!c)
		abort();
	if (len)
		memcpy(c, data, len);
	if (nul)
		c[len] = '\0';
	return c;
}

struct side {
	const uint8_t *data; /* NULL: missing */
	size_t len;
};

/* The capture of CH as it is compared: scrubbed, unless colors/cursor/picture. */
static char *scrubbed(const struct golden_spec *g, enum channel ch, const struct side *cap,
		      size_t *len)
{
	char *a, *b;

	if (ch == CH_COLORS || ch == CH_CURSOR) {
		*len = cap->data ? cap->len : 0;
		return copy(cap->data, *len, true);
	}
	char why[600];

	a = scrub__apply(g->common, g->nr_common, cap->data ? (const char *)cap->data : "",
			 cap->data ? cap->len : 0, len, why, sizeof(why));
	fuzz__check(a, "scrub: %s", why);
	b = scrub__apply(g->rules, g->nr_rules, a, *len, len, why, sizeof(why));
	fuzz__check(b, "scrub: %s", why);
	free(a);
	return b;
}

static void check_pictures(const struct side *cap, const struct side *gold)
{
	/* screen, colors, cursor: as the HTML report and artifacts draw them */
	struct picture pa = { 0 }, pb = { 0 }, pd = { 0 };
	char *t[2][3];
	int ra, rb;

	for (int k = 0; k < 3; k++) {
		t[0][k] = cap[3 + k].data ? copy(cap[3 + k].data, cap[3 + k].len, true) : NULL;
		t[1][k] = gold[3 + k].data ? copy(gold[3 + k].data, gold[3 + k].len, true) : NULL;
	}
	ra = render__captures(&pa, t[0][0] ? t[0][0] : "", t[0][1], t[0][2], font);
	rb = render__captures(&pb, t[1][0] ? t[1][0] : "", t[1][1], t[1][2], font);
	for (int i = 0; i < 2; i++) {
		struct picture *p = i ? &pb : &pa;

		if ((i ? rb : ra) == 0)
			fuzz__check(p->rgb && p->width >= 9 && p->width <= 720 && p->width % 9 == 0 &&
					    p->height >= 16 && p->height <= SCREEN_MAX_ROWS * 16 &&
					    p->height % 16 == 0,
				    "picture %ux%u", p->width, p->height);
	}
	if (ra == 0 && rb == 0) {
		fuzz__check(pictures__diff(&pb, &pa, &pd) == 0, "out of memory");
		picture__free(&pd);
	}
	picture__free(&pa);
	picture__free(&pb);
	for (int k = 0; k < 3; k++) {
		free(t[0][k]);
		free(t[1][k]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct side cap[NR_TEXT] = { 0 }, gold[NR_TEXT] = { 0 };
	struct scrub_rule rule;
	bool have_rule = false;
	uint8_t flags, cap_missing, gold_missing;
	unsigned channels = 0;
	const uint8_t *part;
	size_t len;
	char *report = NULL;
	int want = 1, got;

	if (!dir[0])
		setup();
	flags = fuzz__u8(&in);
	if (flags & 4)
		channels = fuzz__u8(&in) & ((1u << CH_BIOS_LOG) - 1);
	cap_missing = fuzz__u8(&in);
	gold_missing = fuzz__u8(&in);
	if (fuzz__part(&in, SEP, &part, &len) && len && len < 200 && !memchr(part, 0, len) &&
	    !fuzz__regex_blowup(part, len)) {
		char *spec = copy(part, len, true);
		char err[300];

		have_rule = scrub__compile(&rule, spec, err, sizeof(err)) == 0;
		free(spec);
	}
	for (size_t i = 0; i < NR_TEXT; i++) {
		if (fuzz__part(&in, SEP, &part, &len) && !(cap_missing >> i & 1))
			cap[i] = (struct side){ part, len };
		if (fuzz__part(&in, SEP, &part, &len) && !(gold_missing >> i & 1))
			gold[i] = (struct side){ part, len };
	}
	/* a rule that gives up at its budget on a capture makes the test an error: not what this target checks */
	for (size_t i = 0; have_rule && i < NR_TEXT; i++) {
		char why[600], *out;
		size_t outlen;

		out = scrub__apply(&rule, 1, cap[i].data ? (const char *)cap[i].data : "",
				   cap[i].data ? cap[i].len : 0, &outlen, why, sizeof(why));
		if (!out) {
			fuzz__check(strstr(why, " gave up on a capture of "), "scrub: %s", why);
			scrub__free(&rule);
			have_rule = false;
		}
		free(out);
	}

	struct scrub_rule common[1];
	char banner_err[100];

	fuzz__check(scrub__compile(&common[0], scrub__seabios_banner, banner_err,
				   sizeof(banner_err)) == 0, "banner rule: %s", banner_err);
	struct golden_spec g = {
		.expected_dir = expected, .name = "t", .actual_dir = actual,
		.common = common, .nr_common = 1, .rules = have_rule ? &rule : NULL,
		.nr_rules = have_rule, .bios_log = flags & 2, .channels = channels, .ci = flags & 1,
	};

	for (size_t i = 0; i < NR_TEXT; i++) {
		enum channel ch = text_channels[i];
		char name[32];

		put(actual, golden__channel_names[ch], cap[i].data, cap[i].len);
		snprintf(name, sizeof(name), "t.%s", golden__channel_names[ch]);
		put(expected, name, gold[i].data, gold[i].len);

		/* the verdict, worked out here */
		bool used = ch == CH_BIOS_LOG ? g.bios_log :
			    ((channels ? channels : GOLDEN_DEFAULT_CHANNELS) >> ch) & 1;
		size_t slen;
		char *s = scrubbed(&g, ch, &cap[i], &slen);

		if (used && !gold[i].data && (ch == CH_EXIT || !golden__capture_empty(ch, s, slen)))
			want = 0;
		if (used && gold[i].data && (gold[i].len != slen || memcmp(gold[i].data, s, slen)))
			want = 0;
		free(s);

		/* the diff a report shows, on its own */
		const char *a = gold[i].data ? (const char *)gold[i].data : "";
		const char *b = cap[i].data ? (const char *)cap[i].data : "";
		size_t alen = gold[i].data ? gold[i].len : 0, blen = cap[i].data ? cap[i].len : 0;
		char *d = diff__unified(a, alen, b, blen, "expected", "actual", ch == CH_SCREEN);

		fuzz__check(d, "no diff (libgit2 missing?)");
		fuzz__check(!d[0] == (alen == blen && !memcmp(a, b, alen)),
			    "diff empty when different, or not when equal");
		check_shown("diff", d);
		free(d);

		/* emptiness and the colors format read exactly LEN bytes */
		char *exact = copy(cap[i].data, cap[i].data ? cap[i].len : 0, false);
		static struct screen scr;

		golden__capture_empty(ch, exact, cap[i].data ? cap[i].len : 0);
		if (ch == CH_COLORS && screen__colors_parse(exact, cap[i].data ? cap[i].len : 0,
							    &scr) == 0)
			fuzz__check(scr.rows >= 1 && scr.rows <= SCREEN_MAX_ROWS && scr.cols >= 1 &&
					    scr.cols <= SCREEN_MAX_COLS,
				    "colors of %dx%d", scr.cols, scr.rows);
		free(exact);
	}

	got = golden__compare(&g, &report);
	fuzz__check(got == want, "compare says %d, the goldens say %d; report:\n%s", got, want,
		    report ? report : "");
	fuzz__check(got == 1 || (report && report[0]), "failed with no report");
	if (report)
		check_shown("report", report);
	free(report);
	report = NULL;

	/* what --update writes is what the next compare accepts */
	mkdir(updated, 0755);
	for (int ch = 0; ch < CH_COUNT; ch++) {
		char name[32];

		snprintf(name, sizeof(name), "t.%s", ch == CH_PICTURE ? "png" : golden__channel_names[ch]);
		put(updated, name, NULL, 0);
	}
	g.expected_dir = updated;
	fuzz__check(golden__update(&g, &report) == 0, "update failed: %s", report ? report : "");
	free(report);
	report = NULL;
	got = golden__compare(&g, &report);
	fuzz__check(got == 1, "compare after update says %d:\n%s", got, report ? report : "");
	free(report);

	if (flags & 8)
		check_pictures(cap, gold);

	scrub__free(&common[0]);
	if (have_rule)
		scrub__free(&rule);
	return 0;
}
