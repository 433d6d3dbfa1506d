/* html.c - check --html DIR: one self-contained page of the results, with pictures of the screens. */
#include "check/html.h"

#include <errno.h>    // errno
#include <stdio.h>    // fopen, fprintf
#include <stdlib.h>   // free
#include <string.h>   // strerror
#include <sys/stat.h> // mkdir
#include <unistd.h>   // access

#include "capture/png.h"     // png__*
#include "check/output.h"    // output__verdict
#include "check/pictures.h"  // pictures__draw

/* mkdir -p DIR.  0 or -1. */
static int make_dirs(const char *dir)
{
	char path[4096];
	size_t n = strlen(dir);

	if (n == 0 || n >= sizeof(path))
		return -1;
	memcpy(path, dir, n + 1);
	for (char *p = path + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(path, 0755) < 0 && errno != EEXIST)
				return -1;
			*p = '/';
		}
	return mkdir(path, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

static void escape(FILE *f, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f); break;
		}
}

/* The expected screen of T: its golden picture, or its text goldens drawn. */
static int expected_picture(const struct test_case *t, const char *expected, struct picture *p)
{
	char path[4096], prefix[512];

	snprintf(path, sizeof(path), "%s/%s.png", expected, t->name);
	if (access(path, F_OK) == 0)
		return png__read(path, p);
	snprintf(prefix, sizeof(prefix), "%s.", t->name);
	return pictures__draw(t, expected, prefix, p);
}

/* A picture among a failing test's captures (the runner drew them): NAME, e.g. screen.png. */
static int actual_picture(const struct test_result *r, const char *name, struct picture *p)
{
	char path[4096];

	if (!r->captures)
		return -1;
	snprintf(path, sizeof(path), "%s/%s", r->captures, name);
	return access(path, F_OK) == 0 ? png__read(path, p) : -1;
}

/* Write P as DIR/test-I-WHAT.png and an <img> for it; nothing when P is empty. */
static void image(FILE *f, const char *dir, int i, const char *what, const struct picture *p,
		  const char *alt)
{
	char path[4096], name[64];

	if (!p->rgb)
		return;
	snprintf(name, sizeof(name), "test-%d-%s.png", i, what);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (png__write(path, p) < 0)
		return;
	/* small graphics pictures shown twice their size, pixels kept square */
	unsigned k = p->width <= 360 ? 2 : 1;

	fprintf(f, "<figure><img src=\"%s\" width=\"%u\" height=\"%u\" alt=\"", name,
		p->width * k, p->height * k);
	escape(f, alt);
	fprintf(f, "\"><figcaption>%s</figcaption></figure>\n", what);
}

static const char style[] =
	"body{font-family:sans-serif;margin:1.5em;background:#fafafa;color:#222}"
	"table{border-collapse:collapse}td,th{padding:.2em .8em;border-bottom:1px solid #ddd;"
	"text-align:left}.PASS{color:#1a7f37}.FAIL,.ERROR{color:#cf222e}.SKIP{color:#9a6700}"
	"figure{display:inline-block;margin:.5em}img{image-rendering:pixelated;border:1px solid #999}"
	"pre{background:#fff;border:1px solid #ddd;padding:.5em;overflow:auto}"
	"pre .del{color:#cf222e}pre .add{color:#1a7f37}pre .hunk{color:#0550ae}";

/* The report, its diff lines marked for colour. */
static void report(FILE *f, const char *text)
{
	fputs("<pre>", f);
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		char *line = strndup(text, len);
		const char *cls = !strncmp(line, "@@", 2) ? "hunk" :
				  (line[0] == '-' && strncmp(line, "---", 3)) ? "del" :
				  (line[0] == '+' && strncmp(line, "+++", 3)) ? "add" : NULL;

		if (cls)
			fprintf(f, "<span class=\"%s\">", cls);
		escape(f, line);
		fputs(cls ? "</span>\n" : "\n", f);
		free(line);
		text += len + (nl ? 1 : 0);
	}
	fputs("</pre>\n", f);
}

int html__write(const char *dir, const char *manifest, const char *expected,
		const struct test_case *const *sel, const struct test_result *res, int n,
		double seconds)
{
	char path[4096];
	int passed = 0, failed = 0, skipped = 0;
	FILE *f;

	if (make_dirs(dir) < 0) {
		fprintf(stderr, "bootcheck check: --html %s: %s\n", dir, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/index.html", dir);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "bootcheck check: --html: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		passed += res[i].verdict == VERDICT_PASS;
		skipped += res[i].verdict == VERDICT_SKIP;
		failed += res[i].verdict == VERDICT_FAIL || res[i].verdict == VERDICT_ERROR;
	}
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<title>bootcheck: ");
	escape(f, manifest);
	fprintf(f, "</title><style>%s</style></head>\n<body>\n<h1>bootcheck check ", style);
	escape(f, manifest);
	fprintf(f, "</h1>\n<p id=\"summary\">%d passed, %d failed%s in %.2f s</p>\n", passed, failed,
		skipped ? ", some skipped" : "", seconds);
	fputs("<table><thead><tr><th>test</th><th>status</th><th>seconds</th><th>exit</th></tr>"
	      "</thead><tbody>\n", f);
	for (int i = 0; i < n; i++) {
		const char *v = output__verdict(res[i].verdict);

		fprintf(f, "<tr class=\"test\" data-status=\"%s\"><td><a href=\"#t%d\">", v, i);
		escape(f, sel[i]->name);
		fprintf(f, "</a></td><td class=\"%s\">%s</td><td>%.2f</td><td>", v, v, res[i].seconds);
		escape(f, res[i].exit_line ? res[i].exit_line : "");
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
	for (int i = 0; i < n; i++) {
		const struct test_result *r = &res[i];
		const char *v = output__verdict(r->verdict);
		bool fail = r->verdict == VERDICT_FAIL || r->verdict == VERDICT_ERROR;
		struct picture want = { 0 }, got = { 0 }, diff = { 0 };

		if (fail) {
			fprintf(f, "<section id=\"t%d\"><h2 class=\"%s\">%s ", i, v, v);
			escape(f, sel[i]->name);
			fputs("</h2>\n", f);
		} else {
			fprintf(f, "<details id=\"t%d\"><summary class=\"%s\">%s ", i, v, v);
			escape(f, sel[i]->name);
			fputs("</summary>\n", f);
		}
		expected_picture(sel[i], expected, &want);
		if (fail) {
			actual_picture(r, "screen.png", &got);
			actual_picture(r, "diff.png", &diff);
		}
		image(f, dir, i, "expected", &want, sel[i]->name);
		if (fail) {
			image(f, dir, i, "actual", &got, sel[i]->name);
			image(f, dir, i, "difference", &diff, sel[i]->name);
			report(f, r->report);
		}
		fputs(fail ? "</section>\n" : "</details>\n", f);
		picture__free(&want);
		picture__free(&got);
		picture__free(&diff);
	}
	/* for a browser test: how many pictures loaded, once the page has */
	fputs("<script>window.addEventListener('load',function(){var i=document.images,k=0;"
	      "for(var j=0;j<i.length;j++)if(i[j].complete&&i[j].naturalWidth>0)k++;"
	      "document.body.setAttribute('data-images',k+'/'+i.length);});</script>\n"
	      "</body></html>\n", f);
	if (fclose(f) == EOF) {
		fprintf(stderr, "bootcheck check: --html: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}
