/* diff.c - unified diffs of a golden against a capture, computed by libgit2's xdiff. */
#include "check/diff.h"

#include <git2.h>    // git_diff_buffers, git_libgit2_init (types; loaded with dlopen)
#include <pthread.h> // pthread_once
#include <stdarg.h>  // va_list
#include <stdint.h>  // uint8_t
#include <stdio.h>   // vsnprintf
#include <stdlib.h>  // malloc, realloc, free
#include <string.h>  // memcmp, memcpy

#include "capture/utf8.h" // utf8__escape_next
#include "sys/dynlib.h" // dynlib__load

/* The diff being written; OOM makes every later append a no-op. */
struct out {
	char *p;
	size_t len, cap;
	bool oom;
	bool row_numbers;
	const char *label_a, *label_b;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->oom)
		return;
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 256;
		char *p;

		while (cap < o->len + n + 1)
			cap *= 2;
		p = realloc(o->p, cap);
		if (!p) {
			o->oom = true;
			return;
		}
		o->p = p;
		o->cap = cap;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

__attribute__((format(printf, 2, 3)))
static void putf(struct out *o, const char *fmt, ...)
{
	char buf[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put(o, buf, n < 0 ? 0 : (size_t)n >= sizeof(buf) ? sizeof(buf) - 1 : (size_t)n);
}

/*
 * Text, tabs and valid UTF-8 as they are; control bytes, C1 controls and
 * invalid UTF-8 as \xNN, bidirectional controls as \uNNNN.
 */
static void put_escaped(struct out *o, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		char shown[UTF8_ESCAPE_MAX];
		size_t len;

		i += utf8__escape_next(p + i, n - i, false, shown, &len);
		put(o, shown, len);
	}
}

static int file_cb(const git_diff_delta *delta, float progress, void *payload)
{
	struct out *o = payload;

	(void)delta;
	(void)progress;
	put(o, "--- ", 4);
	put(o, o->label_a, strlen(o->label_a));
	put(o, "\n+++ ", 5);
	put(o, o->label_b, strlen(o->label_b));
	put(o, "\n", 1);
	return 0;
}

static int hunk_cb(const git_diff_delta *delta, const git_diff_hunk *hunk, void *payload)
{
	struct out *o = payload;
	size_t n = hunk->header_len;

	(void)delta;
	if (n && hunk->header[n - 1] == '\n')
		n--;
	put_escaped(o, (const uint8_t *)hunk->header, n);
	put(o, "\n", 1);
	return 0;
}

static int line_cb(const git_diff_delta *delta, const git_diff_hunk *hunk,
		   const git_diff_line *line, void *payload)
{
	struct out *o = payload;
	size_t n = line->content_len;
	int row;

	(void)delta;
	(void)hunk;
	switch (line->origin) {
	case GIT_DIFF_LINE_CONTEXT:
	case GIT_DIFF_LINE_DELETION:
		row = line->old_lineno;
		break;
	case GIT_DIFF_LINE_ADDITION:
		row = line->new_lineno;
		break;
	case GIT_DIFF_LINE_CONTEXT_EOFNL:
	case GIT_DIFF_LINE_ADD_EOFNL:
	case GIT_DIFF_LINE_DEL_EOFNL:
		/* follows the line that has no newline */
		put(o, "\\ No newline at end of file\n", 28);
		return 0;
	default:
		return 0;
	}
	put(o, &line->origin, 1);
	if (o->row_numbers)
		putf(o, "%02d|", row - 1);
	if (n && line->content[n - 1] == '\n')
		n--;
	put_escaped(o, (const uint8_t *)line->content, n);
	put(o, "\n", 1);
	return 0;
}

/* libgit2, opened on the first diff (see sys/dynlib.h) */
static struct {
	__typeof__(git_libgit2_init) *init;
	__typeof__(git_diff_options_init) *options_init;
	__typeof__(git_diff_buffers) *buffers;
} git;
static pthread_once_t git_once = PTHREAD_ONCE_INIT;
static int git_init_result = -1;

static void git_init(void)
{
	const struct dynlib_sym syms[] = {
		{ "git_libgit2_init", (void **)&git.init },
		{ "git_diff_options_init", (void **)&git.options_init },
		{ "git_diff_buffers", (void **)&git.buffers },
	};

	if (dynlib__load("libgit2.so." LIBGIT2_SOVERSION, "diffs against goldens",
			 "libgit2-" LIBGIT2_SOVERSION, syms, 3) == 0)
		git_init_result = git.init();
}

char *diff__unified(const char *a, size_t alen, const char *b, size_t blen,
		    const char *label_a, const char *label_b, bool row_numbers)
{
	struct out o = { .row_numbers = row_numbers, .label_a = label_a, .label_b = label_b };
	git_diff_options opts;

	if (alen == blen && (alen == 0 || memcmp(a, b, alen) == 0))
		return calloc(1, 1);
	pthread_once(&git_once, git_init);
	if (git_init_result < 0 || git.options_init(&opts, GIT_DIFF_OPTIONS_VERSION) < 0)
		return NULL;
	/* NULs in a capture would make xdiff call it binary and show no lines */
	opts.flags |= GIT_DIFF_FORCE_TEXT;
	opts.context_lines = 3;
	if (git.buffers(a, alen, NULL, b, blen, NULL, &opts, file_cb, NULL, hunk_cb,
			     line_cb, &o) < 0 || o.oom) {
		free(o.p);
		return NULL;
	}
	return o.p ? o.p : calloc(1, 1);
}
