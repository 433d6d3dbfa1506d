/* script_test.c - unit tests for --input scripts (harness/input/script.[ch]). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "input/script.h"

#define MS 1000000ULL
#define S (1000 * MS)

static char path[64];
static char err[300];

/* The machine as the script sees it: a screen line, serial output, a waiting flag. */
struct fake {
	const char *screen;
	const char *serial;
	bool idle;
};

static bool f_screen(void *o, const char *t)
{
	return strstr(((struct fake *)o)->screen, t) != NULL;
}

static bool f_serial(void *o, const char *t, size_t from, size_t *end)
{
	const char *s = ((struct fake *)o)->serial;
	const char *hit = from <= strlen(s) ? strstr(s + from, t) : NULL;

	if (hit)
		*end = (size_t)(hit - s) + strlen(t);
	return hit != NULL;
}

static bool f_idle(void *o)
{
	return ((struct fake *)o)->idle;
}

static int write_script(const char *text)
{
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/script_test.%d", (int)getpid());
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	fclose(f);
	return 0;
}

static int load(struct script *s, const char *text)
{
	assert_int_equal(write_script(text), 0);
	int r = script__load(s, path, err, sizeof(err));

	unlink(path);
	return r;
}

static void test_parses_every_step(void **state)
{
	struct script s;

	(void)state;
	assert_int_equal(load(&s, "# a comment\n\n  wait-screen A>\r\nkeys dir\\n\n"
				  "wait-serial \"ok \\\"x\\\"\" 2.5\nserial hi\\r\n"
				  "sleep 250\nwait-idle\nwait-idle 3\n"), 0);
	assert_int_equal(s.nr_steps, 7);
	assert_int_equal(s.steps[0].op, SCRIPT_WAIT_SCREEN);
	assert_string_equal(s.steps[0].text, "A>");
	assert_int_equal(s.steps[0].line, 3);
	assert_int_equal(s.steps[0].ns, SCRIPT_DEFAULT_WAIT_S * S);
	assert_int_equal(s.steps[1].op, SCRIPT_KEYS);
	assert_string_equal(s.steps[1].text, "dir\\n");
	assert_int_equal(s.steps[2].op, SCRIPT_WAIT_SERIAL);
	assert_string_equal(s.steps[2].text, "ok \"x\"");
	assert_int_equal(s.steps[2].ns, 2500 * MS);
	assert_int_equal(s.steps[3].op, SCRIPT_SERIAL);
	assert_int_equal(s.steps[4].op, SCRIPT_SLEEP);
	assert_int_equal(s.steps[4].ns, 250 * MS);
	assert_int_equal(s.steps[5].op, SCRIPT_WAIT_IDLE);
	assert_int_equal(s.steps[6].ns, 3 * S);
	assert_int_equal(s.steps[6].line, 9);
	script__free(&s);
}

static void test_errors_name_the_line(void **state)
{
	static const struct {
		const char *text, *want;
	} bad[] = {
		{ "keys a\nfrobnicate x\n", ":2: unknown step 'frobnicate'" },
		{ "wait-screen\n", ":1: wait-screen: nothing to wait for" },
		{ "wait-screen \"abc\n", ":1: unterminated \"" },
		{ "wait-screen \"abc\" soon\n", "'soon' is not a timeout" },
		{ "wait-serial \"abc\" 0\n", "'0' is not a timeout" },
		{ "wait-screen \"\" 1\n", "nothing to wait for" },
		{ "\n\nkeys {Foo}\n", ":3: keys: position 1: unknown key name \"Foo\"" },
		{ "serial \\q\n", ":1: serial-in:" },
		{ "sleep -5\n", "is not a number of milliseconds" },
		{ "sleep 3600001\n", "is not a number of milliseconds" },
		{ "keys\n", "keys: nothing to send" },
		{ "wait-idle later\n", "wait-idle: 'later'" },
	};
	struct script s;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(load(&s, bad[i].text), -1);
		if (!strstr(err, bad[i].want))
			fail_msg("%s: got \"%s\", want \"%s\"", bad[i].text, err, bad[i].want);
		assert_int_equal(s.nr_steps, 0);
		assert_null(s.steps);
	}
}

static void test_bad_files(void **state)
{
	struct script s;
	char *big = malloc(SCRIPT_MAX_LINE + 16);

	(void)state;
	assert_non_null(big);
	assert_int_equal(script__load(&s, "/nonexistent/script", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "No such file"));
	assert_int_equal(script__load(&s, "/tmp", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a regular file"));
	/* a FIFO: refused without blocking */
	snprintf(path, sizeof(path), "/tmp/script_test_fifo.%d", (int)getpid());
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(script__load(&s, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a regular file"));
	unlink(path);
	/* a NUL byte */
	snprintf(path, sizeof(path), "/tmp/script_test.%d", (int)getpid());
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fwrite("keys a\n\0keys b\n", 1, 15, f);
	fclose(f);
	assert_int_equal(script__load(&s, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "NUL"));
	unlink(path);
	/* a line too long */
	memset(big, 'x', SCRIPT_MAX_LINE + 1);
	memcpy(big, "keys ", 5);
	big[SCRIPT_MAX_LINE + 1] = '\0';
	assert_int_equal(load(&s, big), -1);
	assert_non_null(strstr(err, ":1: longer than"));
	free(big);
}

/* Steps run in order as they complete; a keys step ends once its keys went. */
static void test_advance(void **state)
{
	struct fake fk = { .screen = "boot", .serial = "" };
	struct script_env env = { f_screen, f_serial, f_idle, &fk };
	struct script s;
	struct pacer p;
	uint64_t next;

	(void)state;
	pacer__init(&p);
	assert_int_equal(load(&s, "wait-screen A>\nkeys ab\nsleep 100\nwait-serial ok\n"
				  "wait-serial ok\nwait-idle\n"), 0);
	assert_int_equal(script__advance(&s, &p, &env, 0, &next), SCRIPT_RUNNING);
	assert_true(script__holds(&s));
	assert_int_equal(next, 10 * MS);             /* looks again soon */
	fk.screen = "A> ";
	assert_int_equal(script__advance(&s, &p, &env, 20 * MS, &next), SCRIPT_RUNNING);
	assert_int_equal(s.cur, 1);                  /* keys queued, not yet typed */
	assert_false(script__holds(&s));
	assert_true(pacer__pending(&p, PACER_KEYS));
	while (pacer__pending(&p, PACER_KEYS)) {
		pacer__asks(&p, PACER_KEYS);
		assert_non_null(pacer__next_key(&p, true));
		pacer__sent(&p, PACER_KEYS);
	}
	assert_int_equal(script__advance(&s, &p, &env, 30 * MS, &next), SCRIPT_RUNNING);
	assert_int_equal(s.cur, 2);                  /* sleeping until 130 ms */
	assert_int_equal(next, 130 * MS);
	assert_true(script__holds(&s));
	assert_int_equal(script__advance(&s, &p, &env, 129 * MS, &next), SCRIPT_RUNNING);
	assert_int_equal(s.cur, 2);
	fk.serial = "...ok...";
	assert_int_equal(script__advance(&s, &p, &env, 130 * MS, &next), SCRIPT_RUNNING);
	assert_int_equal(s.cur, 4);                  /* the second wait-serial needs a new "ok" */
	fk.serial = "...ok...ok";
	fk.idle = true;
	assert_int_equal(script__advance(&s, &p, &env, 140 * MS, &next), SCRIPT_DONE);
	assert_false(script__holds(&s));
	script__free(&s);
	pacer__free(&p);
}

static void test_wait_not_met(void **state)
{
	struct fake fk = { .screen = "", .serial = "" };
	struct script_env env = { f_screen, f_serial, f_idle, &fk };
	struct script s;
	struct pacer p;
	uint64_t next;

	(void)state;
	pacer__init(&p);
	assert_int_equal(load(&s, "# x\nwait-screen \"never\" 0.5\n"), 0);
	assert_int_equal(script__advance(&s, &p, &env, 1 * S, &next), SCRIPT_RUNNING);
	assert_int_equal(script__advance(&s, &p, &env, 1 * S + 499 * MS, &next), SCRIPT_RUNNING);
	assert_int_equal(next, 1 * S + 500 * MS);   /* the deadline, not past it */
	assert_int_equal(script__advance(&s, &p, &env, 1 * S + 500 * MS, &next), SCRIPT_FAILED);
	assert_string_equal(s.failed, "line 2: \"never\" not seen on the screen within 0.5 s");
	script__free(&s);
	assert_int_equal(load(&s, "wait-idle 1\n"), 0);
	assert_int_equal(script__advance(&s, &p, &env, 0, &next), SCRIPT_RUNNING);
	assert_int_equal(script__advance(&s, &p, &env, 1 * S, &next), SCRIPT_FAILED);
	assert_string_equal(s.failed, "line 1: the guest did not wait for input within 1 s");
	script__free(&s);
	pacer__free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parses_every_step),
		cmocka_unit_test(test_errors_name_the_line),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_advance),
		cmocka_unit_test(test_wait_not_met),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
