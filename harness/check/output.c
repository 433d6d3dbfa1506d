/* output.c - how `bootcheck check` reports: plain lines, TAP version 14, JUnit XML. */
#include "check/output.h"

#include <libxml/xmlwriter.h> // xmlTextWriter* (types; loaded with dlopen)
#include <limits.h>            // PATH_MAX
#include <pthread.h>           // pthread_once
#include <stdlib.h>            // free
#include <string.h>           // strchr
#include <sys/stat.h>          // stat

#include "report/color.h"  // COLOR_*
#include "report/report.h" // report__print_escaped
#include "sys/dynlib.h"    // dynlib__load

/* At most this much of an output channel in a captures block: a log can be megabytes. */
#define CAPTURE_SHOWN_MAX (16u << 10)

const char *output__verdict(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS: return "PASS";
	case VERDICT_FAIL: return "FAIL";
	case VERDICT_SKIP: return "SKIP";
	case VERDICT_ERROR: return "ERROR";
	}
	return "?";
}

/* Each line of TEXT behind PREFIX. */
static void print_prefixed(FILE *f, const char *prefix, const char *text)
{
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		int len = nl ? (int)(nl - text) : (int)strlen(text);

		fprintf(f, "%s%.*s\n", prefix, len, text);
		text += len + (nl ? 1 : 0);
	}
}

/* The report's lines, a diff's coloured as `git diff` colours them. */
static void print_colored(FILE *f, const char *prefix, const char *text)
{
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		int len = nl ? (int)(nl - text) : (int)strlen(text);
		const char *c = !strncmp(text, "@@", 2) ? COLOR_HUNK :
				(text[0] == '-' && strncmp(text, "---", 3)) ? COLOR_DEL :
				(text[0] == '+' && strncmp(text, "+++", 3)) ? COLOR_ADD : NULL;

		if (c)
			fprintf(f, "%s%s%.*s" COLOR_RESET "\n", prefix, c, len, text);
		else
			fprintf(f, "%s%.*s\n", prefix, len, text);
		text += len + (nl ? 1 : 0);
	}
}

void output__plain(FILE *f, const struct test_case *t, const struct test_result *r, bool color,
		   bool verbose)
{
	const char *v = output__verdict(r->verdict);

	if (color)
		fprintf(f, "%s%-5s" COLOR_RESET " %s (%.2f s",
			r->verdict == VERDICT_PASS ? COLOR_PASS :
			r->verdict == VERDICT_SKIP ? COLOR_SKIP : COLOR_FAIL, v, t->name, r->seconds);
	else
		fprintf(f, "%-5s %s (%.2f s", v, t->name, r->seconds);
	if (r->exit_line && r->verdict != VERDICT_PASS)
		fprintf(f, ", exit: %s", r->exit_line);
	fprintf(f, ")\n");
	if (r->verdict != VERDICT_PASS)
		(color ? print_colored : print_prefixed)(f, "      ", r->report);
	else if (verbose)
		print_prefixed(f, "      ", r->capture_text);
}

/* The lines of TEXT[0..LEN) from the first down to the last for which KEEP is true. */
static size_t through_last(const char *text, size_t len, bool (*keep)(const char *line, size_t n))
{
	size_t end = 0;

	for (size_t at = 0; at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - text) - at : len - at;

		if (keep(text + at, n))
			end = at + n + (nl ? 1 : 0);
		at += n + (nl ? 1 : 0);
	}
	return end;
}

static bool row_shown(const char *line, size_t n)
{
	return n > 0 && !golden__capture_empty(CH_SCREEN, line, n);
}

/*
 * A colors row is plain, nothing to see beyond the screen row, when it is
 * one run on black without blink ("RR|07*80", "RR|00*80": a row as a BIOS
 * clears it, or as zeroed memory leaves it).
 */
static bool colors_row_shown(const char *line, size_t n)
{
	const char *bar = memchr(line, '|', n);
	size_t rest = bar ? n - (size_t)(bar + 1 - line) : n;

	return !(bar && rest > 3 && bar[1] == '0' && bar[3] == '*' &&
		 strspn(bar + 4, "0123456789") == rest - 3);
}

char *output__captures(const struct golden_spec *g)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	if (!f)
		return NULL;
	for (int ch = 0; ch < CH_COUNT; ch++) {
		const char *name = golden__channel_names[ch];
		size_t len = 0;
		char *text = NULL;

		if (!golden__channel_used(g, ch))
			continue;
		if (ch == CH_PICTURE) {
			char png[PATH_MAX];
			struct stat st;

			/* a text screen has none: nothing to say */
			snprintf(png, sizeof(png), "%s/screen.png", g->actual_dir);
			if (stat(png, &st) == 0)
				fprintf(f, "--- picture: screen.png, %lld bytes (compared by its pixels) ---\n",
					(long long)st.st_size);
			continue;
		}
		text = golden__scrubbed(g, ch, &len);
		if (!text) {
			fprintf(f, "--- %s: cannot be read ---\n", name);
			continue;
		}
		if (ch == CH_EXIT || ch == CH_CURSOR) {
			fprintf(f, "%s: ", name);
			if (len)
				report__print_escaped(f, (const uint8_t *)text, len);
			else
				fprintf(f, "none\n");
		} else if (ch == CH_SCREEN || ch == CH_COLORS) {
			bool screen = ch == CH_SCREEN;
			size_t end = through_last(text, len, screen ? row_shown : colors_row_shown);

			if (golden__capture_empty(ch, text, len) || end == 0) {
				fprintf(f, "--- %s: %s ---\n", name, screen ? "blank" :
					"plain (each row one colour on black)");
			} else {
				fprintf(f, "--- %s ---\n", name);
				/* the screen's rows numbered as its diffs number them (colors rows carry theirs) */
				for (size_t at = 0, row = 0; at < end; row++) {
					const char *nl = memchr(text + at, '\n', end - at);
					size_t n = nl ? (size_t)(nl - text) - at : end - at;

					if (screen)
						fprintf(f, "%02zu|", row);
					if (n)
						report__print_escaped(f, (const uint8_t *)text + at, n);
					else
						fputc('\n', f);
					at += n + (nl ? 1 : 0);
				}
			}
		} else if (len == 0) {
			fprintf(f, "--- %s: empty ---\n", name);
		} else {
			fprintf(f, "--- %s (%zu byte%s) ---\n", name, len, len == 1 ? "" : "s");
			report__print_escaped(f, (const uint8_t *)text,
					      len > CAPTURE_SHOWN_MAX ? CAPTURE_SHOWN_MAX : len);
			if (len > CAPTURE_SHOWN_MAX)
				fprintf(f, "... %zu more bytes not shown\n", len - CAPTURE_SHOWN_MAX);
		}
		free(text);
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

void output__tap_plan(FILE *f, int n)
{
	fprintf(f, "TAP version 14\n1..%d\n", n);
}

void output__tap(FILE *f, int i, const struct test_case *t, const struct test_result *r,
		 bool verbose)
{
	switch (r->verdict) {
	case VERDICT_PASS:
		fprintf(f, "ok %d - %s\n", i, t->name);
		if (verbose)
			print_prefixed(f, "# ", r->capture_text);
		break;
	case VERDICT_SKIP: {
		/* the reason, on one line, without a '#' that would end it */
		char reason[128] = "skipped";

		if (r->report) {
			snprintf(reason, sizeof(reason), "%s", r->report);
			for (char *p = reason; *p; p++)
				if (*p == '\n' || *p == '#')
					*p = ' ';
		}
		fprintf(f, "ok %d - %s # SKIP %s\n", i, t->name, reason);
		break;
	}
	default:
		fprintf(f, "not ok %d - %s\n", i, t->name);
		if (r->exit_line)
			fprintf(f, "# exit: %s\n", r->exit_line);
		print_prefixed(f, "# ", r->report);
		break;
	}
}

void output__summary(FILE *f, const struct tally *c)
{
	if (c->skipped)
		fprintf(f, "%d passed, %d failed, %d skipped\n", c->passed, c->failed, c->skipped);
	else
		fprintf(f, "%d passed, %d failed\n", c->passed, c->failed);
}

/* libxml2, opened on the first JUnit report (see sys/dynlib.h) */
static struct {
	__typeof__(xmlNewTextWriterFilename) *new_writer;
	__typeof__(xmlFreeTextWriter) *free_writer;
	__typeof__(xmlTextWriterSetIndent) *set_indent;
	__typeof__(xmlTextWriterStartDocument) *start_document;
	__typeof__(xmlTextWriterEndDocument) *end_document;
	__typeof__(xmlTextWriterStartElement) *start_element;
	__typeof__(xmlTextWriterEndElement) *end_element;
	__typeof__(xmlTextWriterWriteAttribute) *attribute;
	__typeof__(xmlTextWriterWriteFormatAttribute) *format_attribute;
	__typeof__(xmlTextWriterWriteString) *string;
	__typeof__(xmlSetGenericErrorFunc) *set_error_func;
} xml;
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static int xml_loaded = -1;

static void xml_quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void xml_load(void)
{
	const struct dynlib_sym syms[] = {
		{ "xmlNewTextWriterFilename", (void **)&xml.new_writer },
		{ "xmlFreeTextWriter", (void **)&xml.free_writer },
		{ "xmlTextWriterSetIndent", (void **)&xml.set_indent },
		{ "xmlTextWriterStartDocument", (void **)&xml.start_document },
		{ "xmlTextWriterEndDocument", (void **)&xml.end_document },
		{ "xmlTextWriterStartElement", (void **)&xml.start_element },
		{ "xmlTextWriterEndElement", (void **)&xml.end_element },
		{ "xmlTextWriterWriteAttribute", (void **)&xml.attribute },
		{ "xmlTextWriterWriteFormatAttribute", (void **)&xml.format_attribute },
		{ "xmlTextWriterWriteString", (void **)&xml.string },
		{ "xmlSetGenericErrorFunc", (void **)&xml.set_error_func },
	};

	xml_loaded = dynlib__load("libxml2.so.2", "--junit", "libxml2", syms,
				  (int)(sizeof(syms) / sizeof(syms[0])));
	/* libxml2's own "I/O error : ..." lines would stand beside ours: we say it */
	if (xml_loaded == 0)
		xml.set_error_func(NULL, xml_quiet);
}

int output__junit(const char *path, const char *suite, const struct test_case *const *tests,
		  const struct test_result *results, int n, double seconds)
{
	int failures = 0, errors = 0, skipped = 0, rc = 0;

	pthread_once(&xml_once, xml_load);
	if (xml_loaded < 0)
		return -1;
	xmlTextWriterPtr w = xml.new_writer(path, 0);

	if (!w) {
		fprintf(stderr, "bootcheck check: cannot write JUnit XML to %s\n", path);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		failures += results[i].verdict == VERDICT_FAIL;
		errors += results[i].verdict == VERDICT_ERROR;
		skipped += results[i].verdict == VERDICT_SKIP;
	}
	xml.set_indent(w, 1);
	rc |= xml.start_document(w, NULL, "UTF-8", NULL) < 0;
	rc |= xml.start_element(w, BAD_CAST "testsuites") < 0;
	rc |= xml.start_element(w, BAD_CAST "testsuite") < 0;
	rc |= xml.attribute(w, BAD_CAST "name", BAD_CAST suite) < 0;
	rc |= xml.format_attribute(w, BAD_CAST "tests", "%d", n) < 0;
	rc |= xml.format_attribute(w, BAD_CAST "failures", "%d", failures) < 0;
	rc |= xml.format_attribute(w, BAD_CAST "errors", "%d", errors) < 0;
	rc |= xml.format_attribute(w, BAD_CAST "skipped", "%d", skipped) < 0;
	rc |= xml.format_attribute(w, BAD_CAST "time", "%.3f", seconds) < 0;
	for (int i = 0; i < n; i++) {
		const struct test_result *r = &results[i];
		const char *report = r->report ? r->report : "";

		rc |= xml.start_element(w, BAD_CAST "testcase") < 0;
		rc |= xml.attribute(w, BAD_CAST "classname", BAD_CAST (tests[i]->nr_groups ?
									tests[i]->groups[0] : suite)) < 0;
		rc |= xml.attribute(w, BAD_CAST "name", BAD_CAST tests[i]->name) < 0;
		rc |= xml.format_attribute(w, BAD_CAST "time", "%.3f", r->seconds) < 0;
		if (r->verdict == VERDICT_FAIL || r->verdict == VERDICT_ERROR) {
			const char *what = r->verdict == VERDICT_FAIL ?
					   "captures differ from the goldens" : "harness error";
			char msg[256];

			snprintf(msg, sizeof(msg), "%s (exit: %s)", what,
				 r->exit_line ? r->exit_line : "none");
			rc |= xml.start_element(w, BAD_CAST (r->verdict == VERDICT_FAIL ?
								    "failure" : "error")) < 0;
			rc |= xml.attribute(w, BAD_CAST "message", BAD_CAST msg) < 0;
			rc |= xml.string(w, BAD_CAST report) < 0;
			rc |= xml.end_element(w) < 0;
		} else if (r->verdict == VERDICT_SKIP) {
			rc |= xml.start_element(w, BAD_CAST "skipped") < 0;
			rc |= xml.attribute(w, BAD_CAST "message", BAD_CAST report) < 0;
			rc |= xml.end_element(w) < 0;
		}
		if (r->capture_text) {
			rc |= xml.start_element(w, BAD_CAST "system-out") < 0;
			rc |= xml.string(w, BAD_CAST r->capture_text) < 0;
			rc |= xml.end_element(w) < 0;
		}
		rc |= xml.end_element(w) < 0;
	}
	rc |= xml.end_document(w) < 0;
	xml.free_writer(w);
	if (rc) {
		fprintf(stderr, "bootcheck check: writing JUnit XML to %s failed\n", path);
		return -1;
	}
	return 0;
}
