/* pacer_test.c - unit tests for the input pacing (harness/input/pacer.[ch]). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "input/pacer.h"

static char err[160];

static void setup_keys(struct pacer *p, const char *text)
{
	pacer__init(p);
	assert_int_equal(pacer__add_keys(p, text, err, sizeof(err)), 0);
}

/* Nothing goes before the guest asks, and never while it has not taken the last. */
static void test_waits_to_be_asked_and_for_the_last_to_be_taken(void **state)
{
	struct pacer p;
	const struct key_event *ev;

	(void)state;
	setup_keys(&p, "ab");
	assert_true(pacer__pending(&p, PACER_KEYS));
	assert_null(pacer__next_key(&p, true));         /* not asked yet */
	pacer__asks(&p, PACER_KEYS);
	assert_null(pacer__next_key(&p, false));        /* asked, but something is untaken */
	ev = pacer__next_key(&p, true);
	assert_non_null(ev);
	assert_false(ev->release);
	pacer__sent(&p, PACER_KEYS);
	assert_null(pacer__next_key(&p, true));         /* taken, but not asked again */
	pacer__asks(&p, PACER_KEYS);
	ev = pacer__next_key(&p, true);
	assert_non_null(ev);
	assert_true(ev->release);                       /* a's release */
	pacer__sent(&p, PACER_KEYS);
	for (int i = 0; i < 2; i++) {                   /* b: press, release */
		pacer__asks(&p, PACER_NR_CHANNELS);
		assert_non_null(pacer__next_key(&p, true));
		pacer__sent(&p, PACER_KEYS);
	}
	assert_false(pacer__pending(&p, PACER_KEYS));
	pacer__asks(&p, PACER_KEYS);
	assert_null(pacer__next_key(&p, true));
	pacer__free(&p);
}

/* A chord is its modifiers down, the key down and up, the modifiers up. */
static void test_chord_events_in_order(void **state)
{
	struct pacer p;
	bool rel[8];
	int n = 0;

	(void)state;
	setup_keys(&p, "{Ctrl-C}");
	while (pacer__pending(&p, PACER_KEYS) && n < 8) {
		pacer__asks(&p, PACER_KEYS);
		const struct key_event *ev = pacer__next_key(&p, true);

		assert_non_null(ev);
		rel[n++] = ev->release;
		pacer__sent(&p, PACER_KEYS);
	}
	assert_int_equal(n, 4);
	assert_false(rel[0]);
	assert_false(rel[1]);
	assert_true(rel[2]);
	assert_true(rel[3]);
	pacer__free(&p);
}

/* The channels ask and advance on their own; waiting for an interrupt asks on both. */
static void test_channels_are_independent(void **state)
{
	struct pacer p;

	(void)state;
	setup_keys(&p, "x");
	assert_int_equal(pacer__add_serial(&p, "A\\x01", err, sizeof(err)), 0);
	pacer__asks(&p, PACER_SERIAL);
	assert_null(pacer__next_key(&p, true));
	assert_int_equal(pacer__next_byte(&p, true), 'A');
	assert_int_equal(pacer__next_byte(&p, false), -1);
	pacer__sent(&p, PACER_SERIAL);
	assert_int_equal(pacer__next_byte(&p, true), -1);
	pacer__asks(&p, PACER_NR_CHANNELS);
	assert_non_null(pacer__next_key(&p, true));
	assert_int_equal(pacer__next_byte(&p, true), 0x01);
	pacer__free(&p);
}

/* What was sent and what is pending, in the syntax the user wrote. */
static void test_describe(void **state)
{
	struct pacer p;
	char buf[64];

	(void)state;
	setup_keys(&p, "a b\\n{F1}");
	assert_string_equal(pacer__describe(&p, PACER_KEYS, true, buf, sizeof(buf)), "");
	assert_string_equal(pacer__describe(&p, PACER_KEYS, false, buf, sizeof(buf)),
			    "a b{Enter}{F1}");
	/* a's press: 'a' counts as sent; then its release and the space's press */
	for (int i = 0; i < 3; i++) {
		pacer__asks(&p, PACER_KEYS);
		assert_non_null(pacer__next_key(&p, true));
		pacer__sent(&p, PACER_KEYS);
		assert_string_equal(pacer__describe(&p, PACER_KEYS, true, buf, sizeof(buf)),
				    i < 2 ? "a" : "a ");
	}
	assert_string_equal(pacer__describe(&p, PACER_KEYS, false, buf, sizeof(buf)),
			    "b{Enter}{F1}");
	/* too small: cut short, marked */
	assert_string_equal(pacer__describe(&p, PACER_KEYS, false, buf, 8), "b...");
	assert_int_equal(pacer__add_serial(&p, "x\\r\\n\\e\\\\\\xff", err, sizeof(err)), 0);
	assert_string_equal(pacer__describe(&p, PACER_SERIAL, false, buf, sizeof(buf)),
			    "x\\r\\n\\e\\\\\\xff");
	pacer__free(&p);
}

/* Bad text is refused with the parser's message; good text appends. */
static void test_errors_and_appending(void **state)
{
	struct pacer p;
	char buf[64];

	(void)state;
	pacer__init(&p);
	assert_int_equal(pacer__add_keys(&p, "ok{Foo}", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "Foo"));
	assert_false(pacer__pending(&p, PACER_KEYS));
	assert_int_equal(pacer__add_serial(&p, "\\q", err, sizeof(err)), -1);
	assert_int_equal(pacer__add_keys(&p, "a", err, sizeof(err)), 0);
	assert_int_equal(pacer__add_keys(&p, "{Esc}", err, sizeof(err)), 0);
	assert_string_equal(pacer__describe(&p, PACER_KEYS, false, buf, sizeof(buf)), "a{Esc}");
	pacer__free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_waits_to_be_asked_and_for_the_last_to_be_taken),
		cmocka_unit_test(test_chord_events_in_order),
		cmocka_unit_test(test_channels_are_independent),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_errors_and_appending),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
