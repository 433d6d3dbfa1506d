/* manifest.c - the INI test manifest: libinih parses it, every key is checked as it is read. */
#include "check/manifest.h"

#include <ctype.h>    // isalnum, isspace
#include <errno.h>    // errno
#include <ini.h>      // ini_parse_stream
#include <stdarg.h>   // va_list
#include <stdio.h>    // fopen, fgets, asprintf, vsnprintf
#include <stdlib.h>   // calloc, realloc, free
#include <string.h>   // strcmp, strdup, strerror
#include <strings.h>  // strcasecmp
#include <sys/stat.h> // stat
#include <unistd.h>   // access

#include "check/golden.h"   // golden__parse_channel
#include "config/options.h" // options__parse_run, options__defaults
#include "sys/file.h"        // file__open_regular

#define MAX_TEST_NAME 64
#define DEFAULTS "defaults"

/* ---------------------------------------------------------------- keys */

enum key {
	KEY_IMAGE, KEY_MODE, KEY_DRIVE, KEY_HDD, KEY_FLOPPY, KEY_BOOT, KEY_BIOS, KEY_VGABIOS, KEY_IDLE, KEY_STOP_AT, KEY_LOAD,
	KEY_ENTRY,
	KEY_CPU, KEY_FORMAT, KEY_CMDLINE, KEY_MODULE, KEY_MEM, KEY_TIMEOUT, KEY_CONSOLE_PORT, KEY_EXIT_PORT, KEY_MAX_OUTPUT,
	KEY_KEYS, KEY_SERIAL_IN, KEY_INPUT, KEY_GROUPS, KEY_SCRUB, KEY_COMPARE_BIOS_LOG, KEY_COMPARE, KEY_CACHE,
	NR_KEYS
};

/* In the order their options go into run_args. */
static const struct key_info {
	const char *name;
	const char *option;  /* the `bootcheck run` option it becomes, or NULL */
	bool direct_only;    /* an option `bootcheck run` takes only with --mode direct */
	bool path;           /* a file name, relative to the manifest's directory */
	bool list;           /* repeated lines, indented continuation lines and (but for
			      * scrub) spaces/commas give several values */
} keys[NR_KEYS] = {
	[KEY_IMAGE] = { "image", NULL, false, true, false },
	[KEY_MODE] = { "mode", "--mode", false, false, false },
	[KEY_DRIVE] = { "drive", "--drive", false, false, false },
	[KEY_HDD] = { "hdd", "--hdd", false, true, true },
	[KEY_FLOPPY] = { "floppy", "--floppy", false, true, true },
	[KEY_BOOT] = { "boot", "--boot", false, false, false },
	[KEY_BIOS] = { "bios", "--bios", false, true, false },
	[KEY_VGABIOS] = { "vgabios", "--vgabios", false, true, false },
	[KEY_IDLE] = { "idle", "--idle", false, false, false },
	[KEY_STOP_AT] = { "stop-at", "--stop-at", false, false, false },
	[KEY_LOAD] = { "load", "--load", true, false, false },
	[KEY_ENTRY] = { "entry", "--entry", true, false, false },
	[KEY_CPU] = { "cpu", "--cpu", true, false, false },
	[KEY_FORMAT] = { "format", "--format", true, false, false },
	[KEY_CMDLINE] = { "cmdline", "--cmdline", true, false, false },
	/* FILE[=TEXT]: FILE relative to the manifest, TEXT by default FILE as written */
	[KEY_MODULE] = { "module", "--module", true, true, true },
	[KEY_MEM] = { "mem", "--mem", false, false, false },
	[KEY_TIMEOUT] = { "timeout", "--timeout", false, false, false },
	[KEY_CONSOLE_PORT] = { "console-port", "--console-port", false, false, true },
	[KEY_EXIT_PORT] = { "exit-port", "--exit-port", false, false, false },
	[KEY_MAX_OUTPUT] = { "max-output", "--max-output", false, false, false },
	[KEY_KEYS] = { "keys", "--keys", false, false, false },
	[KEY_SERIAL_IN] = { "serial-in", "--serial-in", false, false, false },
	[KEY_INPUT] = { "input", "--input", false, true, false },
	[KEY_GROUPS] = { "groups", NULL, false, false, true },
	[KEY_SCRUB] = { "scrub", NULL, false, false, true },
	[KEY_COMPARE_BIOS_LOG] = { "compare-bios-log", NULL, false, false, false },
	[KEY_COMPARE] = { "compare", NULL, false, false, true },
	[KEY_CACHE] = { "cache", NULL, false, false, false }, /* false: --no-cache */
};

struct value {
	char *text;          /* as written; a path resolved */
	int line;
};

struct values {
	struct value *v;
	int n;
};

struct section {
	char *name;
	int line;
	struct values keys[NR_KEYS];
};

/* ---------------------------------------------------------------- parser state */

/* What inih will make of a line; the reader works it out the same way. */
enum line_kind { LINE_BLANK, LINE_HEADER, LINE_KEY, LINE_CONTINUATION };

struct parser {
	const char *path;
	const char *dir;
	FILE *f;
	int lineno;           /* of the line last handed to inih */
	enum line_kind kind;  /* of that line */
	bool key_open;        /* a key since the last header: an indented line continues it */
	enum key last_key;
	struct section *sections; /* in file order, [defaults] among them */
	int nr_sections;
	int cur;              /* the section of the current line, -1 before the first */
	bool failed;
	int err_line;         /* of the first error, 0 when it has none */
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 3, 4)))
static int error(struct parser *p, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (p->failed)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line > 0)
		snprintf(p->err, p->errlen, "%s:%d: %s", p->path, line, msg);
	else
		snprintf(p->err, p->errlen, "%s: %s", p->path, msg);
	p->failed = true;
	p->err_line = line;
	return -1;
}

static int out_of_memory(struct parser *p)
{
	return error(p, 0, "out of memory");
}

/* ---------------------------------------------------------------- the reader */

/*
 * inih's scan for CHARS: stops at one of them, at an inline comment (';'
 * after whitespace) or at the end.
 */
static const char *find_chars_or_comment(const char *s, const char *chars)
{
	bool was_space = false;

	while (*s && !strchr(chars, *s) && !(was_space && *s == ';')) {
		was_space = isspace((unsigned char)*s);
		s++;
	}
	return s;
}

static bool valid_test_name(const char *name, size_t n)
{
	if (n == 0 || n > MAX_TEST_NAME || (n <= 2 && !strncmp(name, "..", n))) /* . or .. */
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("-_.", name[i]))
			return false;
	return true;
}

/* A [NAME] header on the current line: a new section, unless NAME is bad or seen before. */
static int start_section(struct parser *p, const char *name, size_t n)
{
	struct section *s;

	if (!valid_test_name(name, n))
		return error(p, p->lineno, "bad test name '%.*s' (1 to %d letters, digits, "
			     "'-', '_' or '.'; not . or ..)", (int)n, name, MAX_TEST_NAME);
	for (int i = 0; i < p->nr_sections; i++) {
		s = &p->sections[i];
		if (strlen(s->name) == n && !memcmp(s->name, name, n)) {
			if (!strcmp(s->name, DEFAULTS))
				return error(p, p->lineno, "duplicate [%s] (first at line %d)",
					     DEFAULTS, s->line);
			return error(p, p->lineno, "duplicate test name '%s' (first at line %d)",
				     s->name, s->line);
		}
	}
	s = realloc(p->sections, (size_t)(p->nr_sections + 1) * sizeof(*s));
	if (!s)
		return out_of_memory(p);
	p->sections = s;
	s = &p->sections[p->nr_sections];
	memset(s, 0, sizeof(*s));
	s->name = strndup(name, n);
	if (!s->name)
		return out_of_memory(p);
	s->line = p->lineno;
	p->cur = p->nr_sections++;
	return 0;
}

/*
 * Classify LINE as inih will (a UTF-8 BOM skipped on line 1; comments with
 * ';' or '#' first; an indented line after a key continues it, even after
 * a blank line; then [section] or key = value / key: value), start a
 * section at a header, and catch syntax errors with a message naming the
 * line.
 */
static int classify(struct parser *p, const char *line)
{
	const char *start = line, *end;

	if (p->lineno == 1 && !strncmp(start, "\xef\xbb\xbf", 3))
		start += 3;
	while (isspace((unsigned char)*start))
		start++;
	end = start + strlen(start);
	while (end > start && isspace((unsigned char)end[-1]))
		end--;
	if (start == end || *start == ';' || *start == '#') {
		p->kind = LINE_BLANK;
	} else if (p->key_open && start > line) {
		p->kind = LINE_CONTINUATION;
	} else if (*start == '[') {
		const char *close = find_chars_or_comment(start + 1, "]");

		p->kind = LINE_HEADER;
		if (*close != ']')
			return error(p, p->lineno,
				     "syntax error: section header '%.*s' has no closing ']'",
				     (int)(end - start), start);
		p->key_open = false;
		return start_section(p, start + 1, (size_t)(close - start - 1));
	} else {
		const char *eq = find_chars_or_comment(start, "=:");

		p->kind = LINE_KEY;
		if (*eq != '=' && *eq != ':')
			return error(p, p->lineno,
				     "syntax error: '%.*s' is neither [section] nor key = value",
				     (int)(end - start), start);
	}
	return 0;
}

/*
 * inih's reader: fgets that counts lines, refuses a line inih would split
 * (it reads at most NUM - 1 bytes at a time), and stops at the first error.
 */
static char *read_line(char *str, int num, void *stream)
{
	struct parser *p = stream;
	size_t len;

	int c = EOF;

	if (p->failed || num < 2)
		return NULL;
	/* by hand, not fgets: a NUL byte must be seen, not end the line unnoticed */
	for (len = 0; len + 1 < (size_t)num && (c = getc(p->f)) != EOF;) {
		if (c == '\0') {
			error(p, p->lineno + 1, "a NUL byte: a manifest is text");
			return NULL;
		}
		str[len++] = (char)c;
		if (c == '\n')
			break;
	}
	if (len == 0)
		return NULL;
	str[len] = '\0';
	p->lineno++;
	if (str[len - 1] != '\n' && (c = getc(p->f)) != EOF) {
		ungetc(c, p->f);
		error(p, p->lineno, "line longer than %d characters (the INI parser's limit)",
		      num - 2);
		return NULL;
	}
	return classify(p, str) ? NULL : str;
}

/* ---------------------------------------------------------------- values */

static int add_value(struct parser *p, struct values *vs, const char *text, size_t n)
{
	struct value *v = realloc(vs->v, (size_t)(vs->n + 1) * sizeof(*v));

	if (!v)
		return out_of_memory(p);
	vs->v = v;
	v[vs->n].text = strndup(text, n);
	if (!v[vs->n].text)
		return out_of_memory(p);
	v[vs->n++].line = p->lineno;
	return 0;
}

static int parse_bool(const char *text, bool *out)
{
	static const char *const yes[] = { "true", "yes", "1" };
	static const char *const no[] = { "false", "no", "0" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcasecmp(text, yes[i]) || !strcasecmp(text, no[i])) {
			*out = !strcasecmp(text, yes[i]);
			return 0;
		}
	}
	return -1;
}

static char *resolve(const char *dir, const char *name)
{
	char *path;

	if (name[0] == '/')
		return strdup(name);
	return asprintf(&path, "%s/%s", dir, name) < 0 ? NULL : path;
}

/* A file key's NAME resolved into *PATH, which must be a readable file. */
static int resolve_file(struct parser *p, enum key k, const char *name, char **path)
{
	struct stat st;
	int rc = 0;

	if (!name[0])
		return error(p, p->lineno, "%s: empty file name", keys[k].name);
	*path = resolve(p->dir, name);
	if (!*path)
		return out_of_memory(p);
	if (access(*path, R_OK) != 0) {
		if (errno == ENOENT && name[0] != '/')
			rc = error(p, p->lineno, "%s '%s' not found (relative to %s's directory)",
				   keys[k].name, name, p->path);
		else if (errno == ENOENT)
			rc = error(p, p->lineno, "%s '%s' not found", keys[k].name, name);
		else
			rc = error(p, p->lineno, "%s '%s' is not readable (%s)", keys[k].name,
				   name, strerror(errno));
	} else if (stat(*path, &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = error(p, p->lineno, "%s '%s' is a directory, not a file", keys[k].name, name);
	}
	if (rc) {
		free(*path);
		*path = NULL;
	}
	return rc;
}

/* A file key (image, hdd, floppy, bios, vgabios, module): resolved, and it must be a readable file. */
static int add_path(struct parser *p, enum key k, struct values *vs, const char *value)
{
	char *path = NULL, *name = (char *)value, *both = NULL;
	const char *eq = k == KEY_MODULE ? strchr(value, '=') : NULL;
	int rc;

	if (eq && !(name = strndup(value, (size_t)(eq - value))))
		return out_of_memory(p);
	rc = resolve_file(p, k, name, &path);
	/* a module's string stays as written, not the resolved path */
	if (rc == 0 && k == KEY_MODULE && asprintf(&both, "%s=%s", path, eq ? eq + 1 : value) < 0)
		rc = out_of_memory(p);
	if (rc == 0)
		rc = both ? add_value(p, vs, both, strlen(both)) : add_value(p, vs, path, strlen(path));
	free(both);
	free(path);
	if (name != value)
		free(name);
	return rc;
}

/*
 * An option's value, checked by the parser of `bootcheck run` itself (with
 * --mode direct for the options only that mode takes), so the manifest takes
 * exactly what the command line takes; its message is kept without the
 * option's dashes.
 */
static int check_option(struct parser *p, enum key k, const char *value)
{
	char *opt = (char *)keys[k].option, *val = (char *)value;
	char *direct[] = { "run", "--mode", "direct", opt, val, "IMAGE", NULL };
	char *plain[] = { "run", opt, val, "IMAGE", NULL };
	struct run_options o;
	char msg[256];
	int rc;

	options__defaults(&o);
	if (keys[k].direct_only)
		rc = options__parse_run(6, direct, &o, msg, sizeof(msg));
	else
		rc = options__parse_run(4, plain, &o, msg, sizeof(msg));
	if (rc == 0)
		return 0;
	return error(p, p->lineno, "%s", msg + (strncmp(msg, "--", 2) ? 0 : 2));
}

static int add_scrub(struct parser *p, struct values *vs, const char *value)
{
	struct scrub_rule r;
	char msg[256];

	if (scrub__compile(&r, value, msg, sizeof(msg)))
		return error(p, p->lineno, "%s", msg);
	scrub__free(&r);
	return add_value(p, vs, value, strlen(value));
}

/* VALUE split on spaces and commas, each word checked as an option value when K is one. */
static int add_words(struct parser *p, enum key k, struct values *vs, const char *value)
{
	static const char seps[] = " \t,";

	for (const char *w = value + strspn(value, seps); *w; w += strspn(w, seps)) {
		size_t n = strcspn(w, seps);

		if (add_value(p, vs, w, n))
			return -1;
		if (keys[k].option && check_option(p, k, vs->v[vs->n - 1].text))
			return -1;
		w += n;
	}
	return 0;
}

static int lookup_key(const char *name)
{
	for (int k = 0; k < NR_KEYS; k++)
		if (!strcmp(keys[k].name, name))
			return k;
	return -1;
}

/* One key = value line, or an indented line continuing the last key, into the current section. */
static int take_key(struct parser *p, const char *section, const char *name, const char *value)
{
	struct section *s;
	struct values *vs;
	enum key k;

	if (p->cur < 0)
		return error(p, p->lineno, "key '%s' before the first [section]", name);
	s = &p->sections[p->cur];
	/* inih keeps only the first 49 characters of a section name */
	if (!section[0] || strncmp(section, s->name, strlen(section)))
		return error(p, p->lineno, "internal error: inih puts this line in [%s], not [%s]",
			     section, s->name);
	if (p->kind == LINE_CONTINUATION) {
		k = p->last_key;
		if (!keys[k].list)
			return error(p, p->lineno, "indented line '%s' continues '%s' in [%s] "
				     "(only console-port, groups, scrub, module, hdd and floppy take more lines; "
				     "unindent a new key)", value, keys[k].name, s->name);
	} else {
		int found = lookup_key(name);

		if (found < 0)
			return error(p, p->lineno, "unknown key '%s' in [%s]", name, s->name);
		k = (enum key)found;
		p->last_key = k;
		p->key_open = true;
	}
	vs = &s->keys[k];
	if (vs->n && !keys[k].list)
		return error(p, p->lineno, "'%s' given twice in [%s] (first at line %d)",
			     keys[k].name, s->name, vs->v[0].line);
	if (keys[k].path) {
		/* a list of files takes one a line: a file name may hold spaces */
		if (add_path(p, k, vs, value))
			return -1;
		return keys[k].option && keys[k].list ? check_option(p, k, vs->v[vs->n - 1].text) : 0;
	}
	if (k == KEY_SCRUB)
		return add_scrub(p, vs, value);
	if (keys[k].list)
		return add_words(p, k, vs, value);
	if (k == KEY_BOOT) {
		enum drive_kind kind;

		/* alone, --boot names a drive nobody gave: the whole test is checked later */
		if (options__parse_drive(value, &kind))
			return error(p, p->lineno, "boot: '%s' is not hdd or floppy", value);
	} else if (k == KEY_COMPARE_BIOS_LOG || k == KEY_CACHE) {
		bool b;

		if (parse_bool(value, &b))
			return error(p, p->lineno, "%s: '%s' is not true or false "
				     "(or yes/no, 1/0)", keys[k].name, value);
	} else if (check_option(p, k, value)) {
		return -1;
	}
	return add_value(p, vs, value, strlen(value));
}

/* inih's handler: nonzero to go on. */
static int handle(void *user, const char *section, const char *name, const char *value)
{
	struct parser *p = user;

	return !p->failed && take_key(p, section, name, value) == 0;
}

/* ---------------------------------------------------------------- tests */

/* Append a copy of S to the NULL-terminated vector *V of *N strings. */
static int strv_push(struct parser *p, char ***v, int *n, const char *s)
{
	char **nv = realloc(*v, (size_t)(*n + 2) * sizeof(*nv));

	if (!nv)
		return out_of_memory(p);
	*v = nv;
	nv[*n + 1] = NULL;
	nv[*n] = strdup(s);
	if (!nv[*n])
		return out_of_memory(p);
	(*n)++;
	return 0;
}

/* The values of K for test S: its own, else those of [defaults] D (may be NULL). */
static const struct values *effective(const struct section *d, const struct section *s, enum key k)
{
	static const struct values none;

	if (s->keys[k].n || !d)
		return &s->keys[k];
	return d->keys[k].n ? &d->keys[k] : &none;
}

/* "OPTION VALUE" into T's run_args for each of VS. */
static int push_options(struct parser *p, struct test_case *t, enum key k, const struct values *vs)
{
	for (int i = 0; i < vs->n; i++)
		if (strv_push(p, &t->run_args, &t->nr_run_args, keys[k].option) ||
		    strv_push(p, &t->run_args, &t->nr_run_args, vs->v[i].text))
			return -1;
	return 0;
}

static int compile_rule(struct parser *p, struct scrub_rule *rules, int *nr, const char *spec,
			int line)
{
	char msg[256];

	if (scrub__compile(&rules[*nr], spec, msg, sizeof(msg)))
		return error(p, line, "%s", msg);
	(*nr)++;
	return 0;
}

static int build_test(struct parser *p, const struct section *d, const struct section *s,
		      struct test_case *t)
{
	const struct values *vs;
	struct run_options o;
	char **argv = NULL;
	int argc = 0;
	char msg[256];

	t->name = strdup(s->name);
	if (!t->name)
		return out_of_memory(p);
	t->line = s->line;
	vs = effective(d, s, KEY_IMAGE);
	if (!vs->n)
		return error(p, s->line, "test '%s' has no image", s->name);
	t->image = strdup(vs->v[0].text);
	t->run_args = calloc(1, sizeof(*t->run_args)); /* NULL-terminated even when empty */
	if (!t->image || !t->run_args)
		return out_of_memory(p);
	if (strv_push(p, &t->images, &t->nr_images, t->image))
		return -1;
	for (int k = KEY_HDD; k <= KEY_FLOPPY; k++) {
		vs = effective(d, s, (enum key)k);
		for (int i = 0; i < vs->n; i++)
			if (strv_push(p, &t->images, &t->nr_images, vs->v[i].text))
				return -1;
	}

	for (int k = 0; k < NR_KEYS; k++) {
		if (!keys[k].option)
			continue;
		/* console ports add up; any other key of the test replaces the default */
		if (k == KEY_CONSOLE_PORT && d && push_options(p, t, k, &d->keys[k]))
			return -1;
		if (push_options(p, t, k, k == KEY_CONSOLE_PORT ? &s->keys[k] : effective(d, s, k)))
			return -1;
	}
	vs = effective(d, s, KEY_CACHE);
	bool cache = true;

	if (vs->n)
		parse_bool(vs->v[0].text, &cache);
	if (!cache && strv_push(p, &t->run_args, &t->nr_run_args, "--no-cache"))
		return -1;

	/* the whole combination, as `bootcheck run` takes it */
	if (strv_push(p, &argv, &argc, "run"))
		goto out;
	for (int i = 0; i < t->nr_run_args; i++)
		if (strv_push(p, &argv, &argc, t->run_args[i]))
			goto out;
	if (strv_push(p, &argv, &argc, t->image))
		goto out;
	options__defaults(&o);
	if (options__parse_run(argc, argv, &o, msg, sizeof(msg)))
		error(p, s->line, "test '%s': %s", s->name, msg);
	t->timeout_s = o.timeout_s;
out:
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	if (p->failed)
		return -1;

	vs = effective(d, s, KEY_GROUPS);
	for (int i = 0; i < vs->n; i++)
		if (strv_push(p, &t->groups, &t->nr_groups, vs->v[i].text))
			return -1;

	vs = effective(d, s, KEY_COMPARE_BIOS_LOG);
	if (vs->n)
		parse_bool(vs->v[0].text, &t->bios_log);

	vs = effective(d, s, KEY_COMPARE);
	for (int i = 0; i < vs->n; i++) {
		int ch = golden__parse_channel(vs->v[i].text);

		if (ch < 0)
			return error(p, vs->v[i].line, "compare: '%s' is not a channel (exit, "
				     "serial, debugcon, screen, colors, cursor, picture)", vs->v[i].text);
		t->channels |= 1u << ch;
	}

	t->rules = calloc((size_t)s->keys[KEY_SCRUB].n + 1, sizeof(*t->rules));
	if (!t->rules)
		return out_of_memory(p);
	for (int j = 0; j < s->keys[KEY_SCRUB].n; j++)
		if (compile_rule(p, t->rules, &t->nr_rules, s->keys[KEY_SCRUB].v[j].text,
				 s->keys[KEY_SCRUB].v[j].line))
			return -1;
	return 0;
}

/* The banner scrub and [defaults]' scrubs, once for the whole manifest. */
static int build_common(struct parser *p, const struct section *d, struct manifest *m)
{
	m->common = calloc((size_t)(2 + (d ? d->keys[KEY_SCRUB].n : 0)), sizeof(*m->common));
	if (!m->common)
		return out_of_memory(p);
	if (compile_rule(p, m->common, &m->nr_common, scrub__seabios_banner, 0))
		return -1;
	for (int j = 0; d && j < d->keys[KEY_SCRUB].n; j++)
		if (compile_rule(p, m->common, &m->nr_common, d->keys[KEY_SCRUB].v[j].text,
				 d->keys[KEY_SCRUB].v[j].line))
			return -1;
	return 0;
}

static int build(struct parser *p, struct manifest *m)
{
	const struct section *d = NULL;

	for (int i = 0; i < p->nr_sections; i++)
		if (!strcmp(p->sections[i].name, DEFAULTS))
			d = &p->sections[i];
	if (build_common(p, d, m))
		return -1;
	m->tests = calloc((size_t)p->nr_sections + 1, sizeof(*m->tests));
	if (!m->tests)
		return out_of_memory(p);
	for (int i = 0; i < p->nr_sections; i++) {
		if (&p->sections[i] == d)
			continue;
		/* counted first, so manifest__free frees a half-built test too */
		if (build_test(p, d, &p->sections[i], &m->tests[m->nr_tests++]))
			return -1;
	}
	return 0;
}

static void free_sections(struct parser *p)
{
	for (int i = 0; i < p->nr_sections; i++) {
		struct section *s = &p->sections[i];

		for (int k = 0; k < NR_KEYS; k++) {
			for (int j = 0; j < s->keys[k].n; j++)
				free(s->keys[k].v[j].text);
			free(s->keys[k].v);
		}
		free(s->name);
	}
	free(p->sections);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	return strndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* ---------------------------------------------------------------- public */

int manifest__load(struct manifest *m, const char *path, char *err, size_t errlen)
{
	struct parser p = { .path = path, .cur = -1, .err = err, .errlen = errlen };
	int rc;

	memset(m, 0, sizeof(*m));
	m->path = strdup(path);
	m->dir = dir_of(path);
	if (!m->path || !m->dir) {
		out_of_memory(&p);
		goto out;
	}
	p.dir = m->dir;
	p.f = file__open_regular(path);
	if (!p.f) {
		error(&p, 0, "%s", file__strerror(errno));
		goto out;
	}
	rc = ini_parse_stream(read_line, &p, handle, &p);
	if (ferror(p.f))
		error(&p, 0, "%s", strerror(errno));
	fclose(p.f);
	if (rc == -2)
		out_of_memory(&p);
	/* every syntax error inih finds the reader finds first; this is a safety net */
	else if (rc > 0 && (!p.failed || rc < p.err_line)) {
		p.failed = false;
		error(&p, rc, "syntax error");
	}
	if (!p.failed)
		build(&p, m);
out:
	free_sections(&p);
	if (p.failed) {
		manifest__free(m);
		return -1;
	}
	return 0;
}

void manifest__free(struct manifest *m)
{
	for (int i = 0; i < m->nr_tests; i++) {
		struct test_case *t = &m->tests[i];

		for (int j = 0; j < t->nr_run_args; j++)
			free(t->run_args[j]);
		for (int j = 0; j < t->nr_groups; j++)
			free(t->groups[j]);
		for (int j = 0; j < t->nr_images; j++)
			free(t->images[j]);
		free(t->images);
		for (int j = 0; j < t->nr_rules; j++)
			scrub__free(&t->rules[j]);
		free(t->run_args);
		free(t->groups);
		free(t->rules);
		free(t->image);
		free(t->name);
	}
	for (int j = 0; j < m->nr_common; j++)
		scrub__free(&m->common[j]);
	free(m->common);
	free(m->tests);
	free(m->path);
	free(m->dir);
	memset(m, 0, sizeof(*m));
}

bool manifest__in_group(const struct test_case *t, const char *group)
{
	for (int i = 0; i < t->nr_groups; i++)
		if (!strcmp(t->groups[i], group))
			return true;
	return false;
}
