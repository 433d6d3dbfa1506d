/* script.c - an --input script: typing and waiting for what the guest shows, step by step. */
#include "input/script.h"

#include <errno.h>    // errno
#include <fcntl.h>    // open
#include <stdio.h>    // snprintf
#include <stdlib.h>   // calloc, strtod
#include <string.h>   // strlen, strncmp
#include <sys/stat.h> // fstat
#include <unistd.h>   // read, close

#define RECHECK_NS 10000000ULL  /* a wait looks again every 10 ms of virtual time */
#define NS_PER_S 1000000000ULL

static const struct {
	const char *word;
	enum script_op op;
} ops[] = {
	{ "wait-screen", SCRIPT_WAIT_SCREEN }, { "wait-serial", SCRIPT_WAIT_SERIAL },
	{ "wait-idle", SCRIPT_WAIT_IDLE },     { "keys", SCRIPT_KEYS },
	{ "serial", SCRIPT_SERIAL },           { "sleep", SCRIPT_SLEEP },
};

void script__free(struct script *s)
{
	for (int i = 0; i < s->nr_steps; i++)
		free(s->steps[i].text);
	free(s->steps);
	memset(s, 0, sizeof(*s));
}

/* Read all of PATH (a regular file, never blocking on a FIFO) into a NUL-terminated buffer. */
static char *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	char *buf = NULL;
	size_t n = 0;

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		goto out;
	}
	if (st.st_size > (off_t)SCRIPT_MAX_BYTES) {
		snprintf(err, errlen, "%s: larger than %u bytes", path, SCRIPT_MAX_BYTES);
		goto out;
	}
	buf = malloc(SCRIPT_MAX_BYTES + 2);
	if (!buf) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	for (;;) {
		ssize_t r = read(fd, buf + n, SCRIPT_MAX_BYTES + 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			free(buf);
			buf = NULL;
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > SCRIPT_MAX_BYTES) {
			snprintf(err, errlen, "%s: larger than %u bytes", path, SCRIPT_MAX_BYTES);
			free(buf);
			buf = NULL;
			goto out;
		}
	}
	buf[n] = '\0';
	*len = n;
out:
	close(fd);
	return buf;
}

/* A timeout in seconds: above 0, at most a day. */
static int parse_seconds(const char *t, uint64_t *ns)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(t, &end);
	if (end == t || *end || errno || !(v > 0) || v > 86400)
		return -1;
	*ns = (uint64_t)(v * 1e9 + 0.5);
	return 0;
}

/* A wait's argument: TEXT, or "TEXT" [SECONDS].  0, or -1 with ERR. */
static int parse_wait(const char *arg, struct script_step *st, char *err, size_t errlen)
{
	st->ns = SCRIPT_DEFAULT_WAIT_S * NS_PER_S;
	if (*arg != '"') {
		st->text = strdup(arg);
		return st->text ? 0 : (snprintf(err, errlen, "out of memory"), -1);
	}
	size_t len = strlen(arg), k = 0;
	char *t = malloc(len + 1);
	const char *p = arg + 1;

	if (!t)
		return snprintf(err, errlen, "out of memory"), -1;
	for (; *p && *p != '"'; p++) {
		if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
			p++;
		t[k++] = *p;
	}
	t[k] = '\0';
	if (*p != '"') {
		free(t);
		return snprintf(err, errlen, "unterminated \""), -1;
	}
	p++;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p && parse_seconds(p, &st->ns)) {
		free(t);
		return snprintf(err, errlen, "'%s' is not a timeout in seconds (above 0, at most "
				"86400)", p), -1;
	}
	if (!k) {
		free(t);
		return snprintf(err, errlen, "nothing to wait for"), -1;
	}
	st->text = t;
	return 0;
}

/* One line (NUL-terminated, no newline) into ST.  1 a step, 0 nothing, -1 error in ERR. */
static int parse_line(char *line, struct script_step *st, char *err, size_t errlen)
{
	char *p = line;
	size_t n = strlen(line);

	while (n && (line[n - 1] == '\r'))
		line[--n] = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p || *p == '#')
		return 0;
	size_t wl = strcspn(p, " \t");
	const char *arg = p[wl] ? p + wl + 1 : p + wl;
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strlen(ops[i].word) == wl && !strncmp(p, ops[i].word, wl))
			break;
	if (i == sizeof(ops) / sizeof(ops[0])) {
		snprintf(err, errlen, "unknown step '%.*s' (wait-screen, wait-serial, wait-idle, "
			 "keys, serial, sleep)", (int)(wl > 40 ? 40 : wl), p);
		return -1;
	}
	st->op = ops[i].op;
	switch (st->op) {
	case SCRIPT_WAIT_SCREEN:
	case SCRIPT_WAIT_SERIAL:
		if (!*arg)
			return snprintf(err, errlen, "%s: nothing to wait for", ops[i].word), -1;
		return parse_wait(arg, st, err, errlen) ? -1 : 1;
	case SCRIPT_WAIT_IDLE:
		st->ns = SCRIPT_DEFAULT_WAIT_S * NS_PER_S;
		if (*arg && parse_seconds(arg, &st->ns))
			return snprintf(err, errlen, "wait-idle: '%s' is not a timeout in seconds",
					arg), -1;
		return 1;
	case SCRIPT_SLEEP: {
		char *end;
		unsigned long long ms;

		errno = 0;
		ms = strtoull(arg, &end, 10);
		if (!*arg || *end || errno || ms > 3600000ULL || *arg == '-')
			return snprintf(err, errlen, "sleep: '%s' is not a number of milliseconds "
					"from 0 to 3600000", arg), -1;
		st->ns = ms * 1000000ULL;
		return 1;
	}
	case SCRIPT_KEYS:
	case SCRIPT_SERIAL: {
		struct pacer check;
		int r;

		if (!*arg)
			return snprintf(err, errlen, "%s: nothing to send", ops[i].word), -1;
		pacer__init(&check);
		r = st->op == SCRIPT_KEYS ? pacer__add_keys(&check, arg, err, errlen)
					  : pacer__add_serial(&check, arg, err, errlen);
		pacer__free(&check);
		if (r)
			return -1;
		st->text = strdup(arg);
		return st->text ? 1 : (snprintf(err, errlen, "out of memory"), -1);
	}
	}
	return -1;
}

int script__load(struct script *s, const char *path, char *err, size_t errlen)
{
	size_t len, cap = 16;
	char *buf = slurp(path, &len, err, errlen);
	int lineno = 0;
	char why[200];

	memset(s, 0, sizeof(*s));
	if (!buf)
		return -1;
	if (memchr(buf, '\0', len)) {
		snprintf(err, errlen, "%s: a NUL byte: not a text file", path);
		free(buf);
		return -1;
	}
	s->steps = calloc(cap, sizeof(*s->steps));
	for (char *line = buf; s->steps && line < buf + len;) {
		char *nl = strchr(line, '\n');
		char *next = nl ? nl + 1 : buf + len;

		if (nl)
			*nl = '\0';
		lineno++;
		if (strlen(line) > SCRIPT_MAX_LINE) {
			snprintf(err, errlen, "%s:%d: longer than %d characters", path, lineno,
				 SCRIPT_MAX_LINE);
			goto fail;
		}
		if (s->nr_steps == (int)cap) {
			struct script_step *more = realloc(s->steps, 2 * cap * sizeof(*more));

			if (!more) {
				snprintf(err, errlen, "%s: out of memory", path);
				goto fail;
			}
			s->steps = more;
			cap *= 2;
		}
		struct script_step *st = &s->steps[s->nr_steps];
		int r;

		memset(st, 0, sizeof(*st));
		r = parse_line(line, st, why, sizeof(why));
		if (r < 0) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, why);
			goto fail;
		}
		if (r > 0) {
			st->line = lineno;
			s->nr_steps++;
		}
		line = next;
	}
	if (!s->steps) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto fail;
	}
	free(buf);
	return 0;
fail:
	free(buf);
	script__free(s);
	return -1;
}

bool script__holds(const struct script *s)
{
	if (s->cur >= s->nr_steps)
		return false;
	enum script_op op = s->steps[s->cur].op;

	return op != SCRIPT_KEYS && op != SCRIPT_SERIAL;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

enum script_status script__advance(struct script *s, struct pacer *p,
				   const struct script_env *env, uint64_t now,
				   uint64_t *next_ns)
{
	char why[160];

	*next_ns = UINT64_MAX;
	while (s->cur < s->nr_steps) {
		struct script_step *st = &s->steps[s->cur];
		uint64_t deadline;
		bool done = false;

		if (!s->entered) {
			s->entered = true;
			s->started_ns = now;
			if ((st->op == SCRIPT_KEYS && pacer__add_keys(p, st->text, why, sizeof(why))) ||
			    (st->op == SCRIPT_SERIAL && pacer__add_serial(p, st->text, why, sizeof(why)))) {
				snprintf(s->failed, sizeof(s->failed), "line %d: %s", st->line, why);
				return SCRIPT_FAILED;
			}
		}
		deadline = s->started_ns + st->ns;
		switch (st->op) {
		case SCRIPT_KEYS:
			done = !pacer__pending(p, PACER_KEYS);
			break;
		case SCRIPT_SERIAL:
			done = !pacer__pending(p, PACER_SERIAL);
			break;
		case SCRIPT_SLEEP:
			done = now >= deadline;
			break;
		case SCRIPT_WAIT_SCREEN:
			done = env->screen_has(env->opaque, st->text);
			break;
		case SCRIPT_WAIT_SERIAL: {
			size_t end;

			done = env->serial_has(env->opaque, st->text, s->serial_from, &end);
			if (done)
				s->serial_from = end;
			break;
		}
		case SCRIPT_WAIT_IDLE:
			done = env->input_idle(env->opaque);
			break;
		}
		if (!done) {
			bool is_wait = st->op == SCRIPT_WAIT_SCREEN || st->op == SCRIPT_WAIT_SERIAL ||
				       st->op == SCRIPT_WAIT_IDLE;

			if (is_wait && now >= deadline) {
				if (st->op == SCRIPT_WAIT_IDLE)
					snprintf(s->failed, sizeof(s->failed), "line %d: the guest did not "
						 "wait for input within %g s", st->line, (double)st->ns / 1e9);
				else
					snprintf(s->failed, sizeof(s->failed), "line %d: \"%.80s\" not seen "
						 "on the %s within %g s", st->line, st->text,
						 st->op == SCRIPT_WAIT_SCREEN ? "screen" : "serial line",
						 (double)st->ns / 1e9);
				return SCRIPT_FAILED;
			}
			if (is_wait)
				*next_ns = min_u64(deadline, now + RECHECK_NS);
			else if (st->op == SCRIPT_SLEEP)
				*next_ns = deadline;
			return SCRIPT_RUNNING;
		}
		s->cur++;
		s->entered = false;
	}
	return SCRIPT_DONE;
}
