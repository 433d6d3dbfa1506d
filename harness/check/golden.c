/* golden.c - one test's captures against its golden files, and writing goldens on request. */
#include "check/golden.h"

#include <ctype.h>    // isalnum
#include <dirent.h>   // fdopendir, readdir
#include <errno.h>    // errno, ENOENT, EEXIST, EINTR
#include <fcntl.h>    // open, AT_SYMLINK_NOFOLLOW
#include <limits.h>   // PATH_MAX
#include <stdarg.h>   // va_list
#include <stdio.h>    // vsnprintf
#include <stdlib.h>   // malloc, realloc, free
#include <string.h>   // memcmp, strerror, strlen
#include <sys/stat.h> // mkdir
#include <unistd.h>   // read, write, close, unlink, unlinkat

#include "capture/png.h"    // png__read
#include "capture/screen.h" // screen__colors_parse
#include "check/diff.h" // diff__unified

const char *const golden__channel_names[CH_COUNT] = {
	[CH_EXIT] = "exit",
	[CH_SERIAL] = "serial",
	[CH_DEBUGCON] = "debugcon",
	[CH_SCREEN] = "screen",
	[CH_COLORS] = "colors",
	[CH_CURSOR] = "cursor",
	[CH_PICTURE] = "picture",
	[CH_BIOS_LOG] = "bios-log",
};

/* A whole file in memory, NUL-terminated; DATA NULL when the file does not exist. */
struct file {
	char *data;
	size_t len;
};

/* Append one formatted line (or more) to *TEXT.  -1 when out of memory. */
__attribute__((format(printf, 2, 3)))
static int append(char **text, const char *fmt, ...)
{
	size_t old = *text ? strlen(*text) : 0;
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	p = realloc(*text, old + (size_t)n + 1);
	if (!p)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p + old, (size_t)n + 1, fmt, ap);
	va_end(ap);
	*text = p;
	return 0;
}

/* Read PATH whole into F.  A missing file is 0 with F->data NULL; -1 (errno set) on errors. */
static int read_whole(const char *path, struct file *f)
{
	size_t cap = 4096;
	int fd;

	f->data = NULL;
	f->len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	f->data = malloc(cap);
	if (!f->data)
		goto fail;
	for (;;) {
		ssize_t n;

		if (f->len + 1 >= cap) {
			char *p = realloc(f->data, cap * 2);

			if (!p)
				goto fail;
			f->data = p;
			cap *= 2;
		}
		n = read(fd, f->data + f->len, cap - f->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		f->len += (size_t)n;
	}
	close(fd);
	f->data[f->len] = '\0';
	return 0;
fail:
	{
		int e = errno;

		close(fd);
		free(f->data);
		f->data = NULL;
		errno = e;
	}
	return -1;
}

/*
 * Replace PATH with DATA: written to a new file beside it, then renamed
 * over it, so a reader never sees half a golden and a symlink at PATH is
 * replaced, never written through.
 */
static int write_whole(const char *path, const char *data, size_t len)
{
	char tmp[PATH_MAX];
	int fd, e;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -1;
	for (size_t done = 0; done < len;) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		done += (size_t)n;
	}
	if (fchmod(fd, 0644) < 0 || close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) < 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = e;
	return -1;
}

int golden__parse_channel(const char *name)
{
	for (int ch = 0; ch < CH_BIOS_LOG; ch++)
		if (!strcmp(name, golden__channel_names[ch]))
			return ch;
	return -1;
}

bool golden__capture_empty(enum channel ch, const char *text, size_t len)
{
	if (ch == CH_CURSOR)
		return false; /* always where it is, shown or not: like the exit line */
	if (ch == CH_COLORS) {
		/* none (a graphics mode), or every cell grey on black, as a BIOS clears the screen */
		static struct screen s;

		if (len == 0)
			return true;
		if (screen__colors_parse(text, len, &s) < 0)
			return false;
		return screen__colors_default(&s);
	}
	if (ch != CH_SCREEN)
		return len == 0;
	/* as `grep -q '[^[:space:]]'`: blank rows, however many, are no content */
	for (size_t i = 0; i < len; i++)
		if (text[i] != ' ' && (text[i] < '\t' || text[i] > '\r'))
			return false;
	return true;
}

bool golden__channel_used(const struct golden_spec *g, enum channel ch)
{
	if (ch == CH_BIOS_LOG)
		return g->bios_log;
	return (g->channels ? g->channels : GOLDEN_DEFAULT_CHANNELS) & (1u << ch);
}

/*
 * The paths of channel CH: the capture and the golden.  -1 (said in *MSG)
 * when too long.
 */
static int channel_paths(const struct golden_spec *g, enum channel ch, char *actual,
			 char *golden, char **msg)
{
	const char *name = golden__channel_names[ch];

	/* the picture of a graphics screen: DIR/screen.png, golden NAME.png */
	const char *file = ch == CH_PICTURE ? "screen.png" : name;
	const char *suffix = ch == CH_PICTURE ? "png" : name;

	if (snprintf(actual, PATH_MAX, "%s/%s", g->actual_dir, file) >= PATH_MAX ||
	    snprintf(golden, PATH_MAX, "%s/%s.%s", g->expected_dir, g->name, suffix) >= PATH_MAX) {
		append(msg, "%s/%s.%s: path too long\n", g->expected_dir, g->name, name);
		return -1;
	}
	return 0;
}

/*
 * The scrubbed capture of channel CH (a missing file is empty) into *OUT
 * (malloc'd).  -1 (said in *MSG) on errors.
 */
static int read_capture(const struct golden_spec *g, enum channel ch, const char *path,
			struct file *out, char **msg)
{
	struct file raw;

	if (read_whole(path, &raw) < 0) {
		append(msg, "cannot read capture %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (ch == CH_COLORS || ch == CH_CURSOR || ch == CH_PICTURE) {
		/* not text for scrub rules written for what the guest prints */
		out->data = raw.data ? raw.data : strdup("");
		out->len = raw.len;
		if (!out->data) {
			append(msg, "%s: out of memory\n", path);
			return -1;
		}
		return 0;
	}
	char why[512];
	char *common = scrub__apply(g->common, g->nr_common, raw.data ? raw.data : "", raw.len,
				    &out->len, why, sizeof(why));

	free(raw.data);
	out->data = common ? scrub__apply(g->rules, g->nr_rules, common, out->len, &out->len, why,
					  sizeof(why))
			   : NULL;
	free(common);
	if (!out->data) {
		append(msg, "%s: %s\n", path, why);
		return -1;
	}
	return 0;
}

/* What a report says to do about an intended change; nothing under CI, where nobody blesses goldens. */
static const char *update_hint(const struct golden_spec *g)
{
	return g->ci ? "" : " (if the change is intended, run bootcheck check --update)";
}

/*
 * Colours that differ, said as a person would look for them: per row, the
 * runs of columns whose attribute changed, from which to which.  -1 when
 * either side is not in the colors format (then a plain diff says it).
 */
static int colors_report(const struct golden_spec *g, const char *golden,
			 const struct file *exp, const struct file *cap, char **report)
{
	static struct screen ws, gs;
	int lines = 0;

	if (screen__colors_parse(exp->data, exp->len, &ws) < 0 ||
	    screen__colors_parse(cap->data, cap->len, &gs) < 0 || ws.rows != gs.rows ||
	    ws.cols != gs.cols)
		return -1;
	append(report, "colors differ from golden %s (attribute: background<<4 | foreground, "
	       "bit 7 blink%s):\n", golden, g->ci ? "" : "; if the change is intended, run "
						     "bootcheck check --update");
	for (int r = 0; r < ws.rows; r++) {
		const uint8_t *want = ws.attr[r], *got = gs.attr[r];

		for (int c = 0; c < ws.cols;) {
			int n = 1;

			if (want[c] == got[c]) {
				c++;
				continue;
			}
			while (c + n < ws.cols && want[c + n] == want[c] && got[c + n] == got[c])
				n++;
			if (lines++ < 20) {
				if (n == 1)
					append(report, "  row %d, column %d: %02x -> %02x\n", r, c,
					       want[c], got[c]);
				else
					append(report, "  row %d, columns %d-%d: %02x -> %02x\n", r, c,
					       c + n - 1, want[c], got[c]);
			}
			c += n;
		}
	}
	if (lines > 20)
		append(report, "  ... and %d more runs\n", lines - 20);
	return 0;
}

/*
 * Two pictures, by their pixels (not their files' bytes): 1 equal, 0 not
 * (said in *REPORT, with a difference image written beside the capture:
 * the actual picture dimmed, the differing pixels in red), -1 error.
 */
static int compare_pictures(const struct golden_spec *g, const char *golden, const char *actual,
			    char **report)
{
	struct picture want, got;
	int ret = 0;

	if (png__read(golden, &want) < 0) {
		append(report, "cannot read the golden picture %s (see stderr)\n", golden);
		return -1;
	}
	if (png__read(actual, &got) < 0) {
		picture__free(&want);
		append(report, "cannot read the captured picture %s (see stderr)\n", actual);
		return -1;
	}
	if (want.width != got.width || want.height != got.height) {
		append(report, "picture differs from golden %s: %ux%u, not %ux%u%s\n", golden,
		       got.width, got.height, want.width, want.height, update_hint(g));
		goto out;
	}
	size_t n = (size_t)got.width * got.height, diff = 0, first = 0;

	for (size_t i = 0; i < n; i++) {
		uint8_t *a = want.rgb + 3 * i, *b = got.rgb + 3 * i;

		if (memcmp(a, b, 3)) {
			if (!diff++)
				first = i;
			b[0] = 0xff, b[1] = 0x00, b[2] = 0x00;
		} else {
			b[0] /= 3, b[1] /= 3, b[2] /= 3;
		}
	}
	if (!diff) {
		ret = 1;
		goto out;
	}
	char path[PATH_MAX];
	const uint8_t *w = want.rgb + 3 * first;

	snprintf(path, sizeof(path), "%s/diff.png", g->actual_dir);
	append(report, "picture differs from golden %s: %zu of %zu pixels; the first at x %zu, "
	       "y %zu: #%02x%02x%02x in the golden%s\n", golden, diff, n, first % got.width,
	       first / got.width, w[0], w[1], w[2], update_hint(g));
	if (png__write(path, &got) == 0)
		append(report, "difference image: diff.png in the captures (differing pixels red)\n");
out:
	picture__free(&want);
	picture__free(&got);
	return ret;
}

/* Compare one channel; 1 match, 0 mismatch (said in *REPORT), -1 error. */
static int compare_channel(const struct golden_spec *g, enum channel ch, char **report)
{
	const char *name = golden__channel_names[ch];
	char actual[PATH_MAX], golden[PATH_MAX], label[PATH_MAX + 16];
	struct file cap, exp;
	int ret = 1;

	if (channel_paths(g, ch, actual, golden, report) < 0)
		return -1;
	if (read_capture(g, ch, actual, &cap, report) < 0)
		return -1;
	if (read_whole(golden, &exp) < 0) {
		append(report, "cannot read golden %s: %s\n", golden, strerror(errno));
		free(cap.data);
		return -1;
	}
	if (!exp.data) {
		if (ch == CH_EXIT) {
			append(report, "missing golden %s for the exit line, which every test needs%s\n",
			       golden, g->ci ? "" : " (run bootcheck check --update to create it)");
			ret = 0;
		} else if (!golden__capture_empty(ch, cap.data, cap.len)) {
			append(report, "missing golden %s for a non-empty %s%s\n", golden, name,
			       g->ci ? "" : " (run bootcheck check --update to create it)");
			ret = 0;
		}
	} else if (ch == CH_PICTURE && (exp.len != cap.len || memcmp(exp.data, cap.data, cap.len))) {
		if (!cap.len)
			append(report, "picture: the golden %s has one, but the screen is not a "
			       "captured graphics mode now (see the screen capture)\n", golden);
		else
			ret = compare_pictures(g, golden, actual, report);
	} else if (exp.len != cap.len || memcmp(exp.data, cap.data, cap.len) != 0) {
		char *d;

		if (ch == CH_COLORS && colors_report(g, golden, &exp, &cap, report) == 0) {
			free(cap.data);
			free(exp.data);
			return 0;
		}
		snprintf(label, sizeof(label), "actual %s.%s", g->name, name);
		d = diff__unified(exp.data, exp.len, cap.data, cap.len, golden, label,
				  ch == CH_SCREEN);
		if (!d) {
			append(report, "%s differs, and the diff could not be made (out of memory, "
			       "or libgit2 missing: see stderr)\n", golden);
			ret = -1;
		} else {
			append(report, "%s differs from golden %s%s:\n%s", name, golden, update_hint(g), d);
			ret = 0;
		}
		free(d);
	}
	free(cap.data);
	free(exp.data);
	return ret;
}

int golden__compare(const struct golden_spec *g, char **report)
{
	int ret = 1;

	for (int ch = 0; ch < CH_COUNT; ch++) {
		int r;

		if (!golden__channel_used(g, ch))
			continue;
		r = compare_channel(g, ch, report);
		if (r < 0)
			return -1;
		if (r == 0)
			ret = 0;
	}
	return ret;
}

/* Bring one channel's golden up to date; 0 or -1 (said in *CHANGES). */
static int update_channel(const struct golden_spec *g, enum channel ch, char **changes)
{
	char actual[PATH_MAX], golden[PATH_MAX];
	struct file cap, exp;
	int ret = 0;

	if (channel_paths(g, ch, actual, golden, changes) < 0)
		return -1;
	if (read_capture(g, ch, actual, &cap, changes) < 0)
		return -1;
	if (read_whole(golden, &exp) < 0) {
		append(changes, "cannot read golden %s: %s\n", golden, strerror(errno));
		free(cap.data);
		return -1;
	}
	if (ch != CH_EXIT && golden__capture_empty(ch, cap.data, cap.len)) {
		if (exp.data && unlink(golden) < 0) {
			append(changes, "cannot remove %s: %s\n", golden, strerror(errno));
			ret = -1;
		} else if (exp.data) {
			append(changes, "removed %s\n", golden);
		}
	} else if (!exp.data || exp.len != cap.len || memcmp(exp.data, cap.data, cap.len) != 0) {
		if (write_whole(golden, cap.data, cap.len) < 0) {
			append(changes, "cannot write %s: %s\n", golden, strerror(errno));
			ret = -1;
		} else {
			append(changes, "%s %s\n", exp.data ? "updated" : "created", golden);
		}
	}
	free(cap.data);
	free(exp.data);
	return ret;
}

int golden__update(const struct golden_spec *g, char **changes)
{
	if (mkdir(g->expected_dir, 0755) < 0 && errno != EEXIST) {
		append(changes, "cannot create %s: %s\n", g->expected_dir, strerror(errno));
		return -1;
	}
	for (int ch = 0; ch < CH_COUNT; ch++) {
		if (!golden__channel_used(g, ch))
			continue;
		if (update_channel(g, ch, changes) < 0)
			return -1;
	}
	return 0;
}

char *golden__scrubbed(const struct golden_spec *g, enum channel ch, size_t *len)
{
	char actual[PATH_MAX], golden[PATH_MAX], *msg = NULL;
	struct file cap;

	if (channel_paths(g, ch, actual, golden, &msg) < 0 || read_capture(g, ch, actual, &cap, &msg) < 0) {
		free(msg);
		return NULL;
	}
	free(msg);
	if (len)
		*len = cap.len;
	return cap.data;
}

/* ------------------------------------------------------------------------
 * Goldens of tests a manifest no longer has
 */

/* What goldens are named after their test: NAME.SUFFIX (the picture's is NAME.png). */
static const char *const golden_suffixes[] = { "exit", "serial", "debugcon", "screen", "colors",
					       "cursor", "png", "bios-log" };

/* Whether FILE is named as a golden is, TEST.SUFFIX; the test name's length in *LEN. */
static bool golden_file_name(const char *file, size_t *len)
{
	const char *dot = strrchr(file, '.');
	bool suffix = false;

	if (!dot || dot == file)
		return false;
	for (size_t i = 0; i < sizeof(golden_suffixes) / sizeof(golden_suffixes[0]); i++)
		suffix |= !strcmp(dot + 1, golden_suffixes[i]);
	if (!suffix)
		return false;
	/* a test name as the manifest allows it: letters, digits, '-', '_', '.' */
	for (const char *p = file; p < dot; p++)
		if (!isalnum((unsigned char)*p) && !strchr("-_.", *p))
			return false;
	*len = (size_t)(dot - file);
	return true;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether DIRFD's entry NAME may be listed and removed: a file or a symlink, never a directory. */
static bool removable(int dirfd, const char *name)
{
	struct stat st;

	return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	       (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode));
}

int golden__stale(const char *expected_dir, const char *const *tests, int nr_tests, char ***stale,
		  int *nr_stale)
{
	const char **sorted = calloc((size_t)nr_tests + 1, sizeof(*sorted));
	char **list = NULL, name[NAME_MAX + 1];
	int n = 0, cap = 0, fd, e = 0;
	struct dirent *d;
	DIR *dir;

	*stale = NULL;
	*nr_stale = 0;
	if (!sorted)
		return -1;
	memcpy(sorted, tests, (size_t)nr_tests * sizeof(*sorted));
	qsort(sorted, (size_t)nr_tests, sizeof(*sorted), compare_names);
	fd = open(expected_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	dir = fd >= 0 ? fdopendir(fd) : NULL;
	if (!dir) {
		e = errno;
		if (fd >= 0)
			close(fd);
		free(sorted);
		errno = e;
		return e == ENOENT ? 0 : -1; /* no goldens yet: none stale */
	}
	while ((d = readdir(dir))) {
		size_t len;
		const char *key = name;

		if (!golden_file_name(d->d_name, &len) || !removable(fd, d->d_name))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)len, d->d_name);
		if (bsearch(&key, sorted, (size_t)nr_tests, sizeof(*sorted), compare_names))
			continue;
		if (n + 1 >= cap) {
			char **more = realloc(list, (size_t)(cap = cap ? cap * 2 : 16) * sizeof(*list));

			if (!more)
				goto oom;
			list = more;
		}
		if (!(list[n] = strdup(d->d_name)))
			goto oom;
		list[++n] = NULL;
	}
	closedir(dir);
	free(sorted);
	if (n)
		qsort(list, (size_t)n, sizeof(*list), compare_names);
	*stale = list;
	*nr_stale = n;
	return 0;
oom:
	closedir(dir);
	free(sorted);
	golden__free_list(list, n);
	errno = ENOMEM;
	return -1;
}

int golden__prune(const char *expected_dir, char *const *stale, int nr_stale, char **report)
{
	int fd = open(expected_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), ret = 0;

	if (fd < 0) {
		append(report, "cannot open %s: %s\n", expected_dir, strerror(errno));
		return -1;
	}
	for (int i = 0; i < nr_stale; i++) {
		/* by name in this directory only (no '/'), and unlink never follows a symlink */
		if (strchr(stale[i], '/') || !removable(fd, stale[i]))
			continue;
		if (unlinkat(fd, stale[i], 0) < 0) {
			append(report, "cannot remove %s/%s: %s\n", expected_dir, stale[i], strerror(errno));
			ret = -1;
		} else {
			append(report, "removed %s/%s\n", expected_dir, stale[i]);
		}
	}
	close(fd);
	return ret;
}

void golden__free_list(char **list, int n)
{
	for (int i = 0; list && i < n; i++)
		free(list[i]);
	free(list);
}
