/* output.c - how `bootcheck check` reports: plain lines, TAP version 14, JUnit XML. */
#include "check/output.h"

#include <libxml/xmlwriter.h> // xmlTextWriter*
#include <string.h>           // strchr

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

void output__plain(FILE *f, const struct test_case *t, const struct test_result *r)
{
	fprintf(f, "%-5s %s (%.2f s", output__verdict(r->verdict), t->name, r->seconds);
	if (r->exit_line && r->verdict != VERDICT_PASS)
		fprintf(f, ", exit: %s", r->exit_line);
	fprintf(f, ")\n");
	if (r->verdict != VERDICT_PASS)
		print_prefixed(f, "      ", r->report);
}

void output__tap_plan(FILE *f, int n)
{
	fprintf(f, "TAP version 14\n1..%d\n", n);
}

void output__tap(FILE *f, int i, const struct test_case *t, const struct test_result *r)
{
	switch (r->verdict) {
	case VERDICT_PASS:
		fprintf(f, "ok %d - %s\n", i, t->name);
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

int output__junit(const char *path, const char *suite, const struct test_case *const *tests,
		  const struct test_result *results, int n, double seconds)
{
	xmlTextWriterPtr w = xmlNewTextWriterFilename(path, 0);
	int failures = 0, errors = 0, skipped = 0, rc = 0;

	if (!w) {
		fprintf(stderr, "bootcheck check: cannot write JUnit XML to %s\n", path);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		failures += results[i].verdict == VERDICT_FAIL;
		errors += results[i].verdict == VERDICT_ERROR;
		skipped += results[i].verdict == VERDICT_SKIP;
	}
	xmlTextWriterSetIndent(w, 1);
	rc |= xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0;
	rc |= xmlTextWriterStartElement(w, BAD_CAST "testsuites") < 0;
	rc |= xmlTextWriterStartElement(w, BAD_CAST "testsuite") < 0;
	rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST suite) < 0;
	rc |= xmlTextWriterWriteFormatAttribute(w, BAD_CAST "tests", "%d", n) < 0;
	rc |= xmlTextWriterWriteFormatAttribute(w, BAD_CAST "failures", "%d", failures) < 0;
	rc |= xmlTextWriterWriteFormatAttribute(w, BAD_CAST "errors", "%d", errors) < 0;
	rc |= xmlTextWriterWriteFormatAttribute(w, BAD_CAST "skipped", "%d", skipped) < 0;
	rc |= xmlTextWriterWriteFormatAttribute(w, BAD_CAST "time", "%.3f", seconds) < 0;
	for (int i = 0; i < n; i++) {
		const struct test_result *r = &results[i];
		const char *report = r->report ? r->report : "";

		rc |= xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0;
		rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "classname", BAD_CAST suite) < 0;
		rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST tests[i]->name) < 0;
		rc |= xmlTextWriterWriteFormatAttribute(w, BAD_CAST "time", "%.3f", r->seconds) < 0;
		if (r->verdict == VERDICT_FAIL || r->verdict == VERDICT_ERROR) {
			const char *what = r->verdict == VERDICT_FAIL ?
					   "captures differ from the goldens" : "harness error";
			char msg[256];

			snprintf(msg, sizeof(msg), "%s (exit: %s)", what,
				 r->exit_line ? r->exit_line : "none");
			rc |= xmlTextWriterStartElement(w, BAD_CAST (r->verdict == VERDICT_FAIL ?
								    "failure" : "error")) < 0;
			rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "message", BAD_CAST msg) < 0;
			rc |= xmlTextWriterWriteString(w, BAD_CAST report) < 0;
			rc |= xmlTextWriterEndElement(w) < 0;
		} else if (r->verdict == VERDICT_SKIP) {
			rc |= xmlTextWriterStartElement(w, BAD_CAST "skipped") < 0;
			rc |= xmlTextWriterWriteAttribute(w, BAD_CAST "message", BAD_CAST report) < 0;
			rc |= xmlTextWriterEndElement(w) < 0;
		}
		rc |= xmlTextWriterEndElement(w) < 0;
	}
	rc |= xmlTextWriterEndDocument(w) < 0;
	xmlFreeTextWriter(w);
	if (rc) {
		fprintf(stderr, "bootcheck check: writing JUnit XML to %s failed\n", path);
		return -1;
	}
	return 0;
}
