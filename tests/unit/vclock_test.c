/* vclock_test.c - unit tests for the virtual clock (harness/vmm/vclock.[ch]). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vmm/vclock.h"

#define MS 1000000ULL

/* A source with a fixed period, recording every update it was given. */
struct fake {
	uint64_t period;        /* 0: no deadline */
	uint64_t first;         /* first deadline */
	uint64_t calls[32];
	int nr_calls;
	int fired;              /* deadlines passed so far */
	int order_tag;
	int *order;             /* shared log of which source ran */
	int *nr_order;
};

static uint64_t fake_update(void *opaque, uint64_t now)
{
	struct fake *f = opaque;

	if (f->nr_calls < 32)
		f->calls[f->nr_calls++] = now;
	if (f->order)
		f->order[(*f->nr_order)++] = f->order_tag;
	if (!f->period)
		return VCLOCK_NEVER;
	while (f->first <= now) {
		f->fired++;
		f->first += f->period;
	}
	return f->first;
}

static void test_init(void **state)
{
	struct vclock c;

	(void)state;
	vclock__init(&c);
	assert_int_equal(vclock__now(&c), 0);
	assert_int_equal(c.s.version, VCLOCK_STATE_VERSION);
	assert_true(c.s.epoch_ns == VCLOCK_NEVER);
	assert_int_equal(vclock__since_epoch(&c), 0);
	assert_true(vclock__run_due(&c) == VCLOCK_NEVER);
}

static void test_follows_host_only_while_running(void **state)
{
	struct vclock c;

	(void)state;
	vclock__init(&c);
	vclock__set_running(&c, false, 1000);
	vclock__sync(&c, 5000);
	assert_int_equal(vclock__now(&c), 0); /* stopped: host time passes unseen */
	vclock__set_running(&c, true, 6000);
	vclock__sync(&c, 9000);
	assert_int_equal(vclock__now(&c), 3000);
	vclock__set_running(&c, false, 10000);
	assert_int_equal(vclock__now(&c), 4000);
	vclock__sync(&c, 50000);
	assert_int_equal(vclock__now(&c), 4000);
	/* a host clock that goes back never moves virtual time back */
	vclock__set_running(&c, true, 60000);
	vclock__sync(&c, 59000);
	assert_int_equal(vclock__now(&c), 4000);
}

static void test_sources_run_when_due(void **state)
{
	struct vclock c;
	struct fake f = { .period = 10 * MS, .first = 10 * MS };

	(void)state;
	vclock__init(&c);
	assert_int_equal(vclock__add_source(&c, fake_update, &f), 0);
	/* a new source is asked for its first deadline at once */
	assert_int_equal(vclock__run_due(&c), 10 * MS);
	assert_int_equal(f.nr_calls, 1);
	/* not due: not called */
	c.s.now_ns = 9 * MS;
	assert_int_equal(vclock__run_due(&c), 10 * MS);
	assert_int_equal(f.nr_calls, 1);
	c.s.now_ns = 10 * MS;
	assert_int_equal(vclock__run_due(&c), 20 * MS);
	assert_int_equal(f.nr_calls, 2);
	assert_int_equal(f.fired, 1);
	/* several periods missed: one update, which sees them all */
	c.s.now_ns = 55 * MS;
	assert_int_equal(vclock__run_due(&c), 60 * MS);
	assert_int_equal(f.nr_calls, 3);
	assert_int_equal(f.fired, 5);
}

static void test_jump_goes_to_target_and_runs_sources(void **state)
{
	struct vclock c;
	struct fake f = { .period = 55 * MS, .first = 55 * MS };

	(void)state;
	vclock__init(&c);
	vclock__add_source(&c, fake_update, &f);
	uint64_t next = vclock__run_due(&c);

	assert_int_equal(vclock__jump(&c, next), 55 * MS);
	assert_int_equal(vclock__now(&c), 55 * MS);
	assert_int_equal(f.fired, 1);
	assert_int_equal(f.calls[f.nr_calls - 1], 55 * MS);
	/* a target in the past, or never, does not move time */
	assert_int_equal(vclock__jump(&c, 10 * MS), 0);
	assert_int_equal(vclock__jump(&c, VCLOCK_NEVER), 0);
	assert_int_equal(vclock__now(&c), 55 * MS);
}

static void test_changed_asks_again(void **state)
{
	struct vclock c;
	struct fake f = { .period = 0 };

	(void)state;
	vclock__init(&c);
	vclock__add_source(&c, fake_update, &f);
	assert_true(vclock__run_due(&c) == VCLOCK_NEVER);
	int calls = f.nr_calls;

	c.s.now_ns = 3 * MS;
	assert_true(vclock__run_due(&c) == VCLOCK_NEVER);
	assert_int_equal(f.nr_calls, calls); /* nothing due */
	/* the guest reprograms the device: it gets a deadline */
	f.period = MS;
	f.first = 4 * MS;
	vclock__changed(&c);
	assert_int_equal(vclock__run_due(&c), 4 * MS);
	assert_int_equal(f.nr_calls, calls + 1);
}

static void test_earliest_of_several_sources_in_order(void **state)
{
	struct vclock c;
	int order[16], n = 0;
	struct fake a = { .period = 30 * MS, .first = 30 * MS, .order_tag = 1,
			  .order = order, .nr_order = &n };
	struct fake b = { .period = 20 * MS, .first = 20 * MS, .order_tag = 2,
			  .order = order, .nr_order = &n };

	(void)state;
	vclock__init(&c);
	vclock__add_source(&c, fake_update, &a);
	vclock__add_source(&c, fake_update, &b);
	assert_int_equal(vclock__run_due(&c), 20 * MS);
	assert_int_equal(vclock__jump(&c, 20 * MS), 20 * MS);
	assert_int_equal(b.fired, 1);
	assert_int_equal(a.fired, 0);
	assert_int_equal(vclock__run_due(&c), 30 * MS);
	vclock__jump(&c, 30 * MS);
	assert_int_equal(a.fired, 1);
	assert_int_equal(vclock__run_due(&c), 40 * MS);
	/* sources run in the order they were added */
	assert_int_equal(order[0], 1);
	assert_int_equal(order[1], 2);
}

static void test_source_answering_now_is_not_a_busy_loop(void **state)
{
	struct vclock c;
	struct fake f = { .period = 0 };

	(void)state;
	vclock__init(&c);
	vclock__add_source(&c, fake_update, &f);
	c.s.now_ns = 7;
	vclock__changed(&c);
	/* a (broken) deadline of "now" is asked again later, not at once */
	f.period = 1;
	f.first = 0;
	uint64_t next = vclock__run_due(&c);

	assert_true(next > 7);
}

static void test_too_many_sources(void **state)
{
	struct vclock c;
	struct fake f = { 0 };

	(void)state;
	vclock__init(&c);
	for (int i = 0; i < VCLOCK_MAX_SOURCES; i++)
		assert_int_equal(vclock__add_source(&c, fake_update, &f), 0);
	assert_int_equal(vclock__add_source(&c, fake_update, &f), -ENOSPC);
}

static void test_pin_sets_the_epoch(void **state)
{
	struct vclock c;

	(void)state;
	vclock__init(&c);
	c.s.now_ns = 700 * MS; /* what POST took */
	vclock__pin(&c);
	assert_int_equal(c.s.epoch_ns, 700 * MS);
	assert_int_equal(vclock__since_epoch(&c), 0);
	vclock__jump(&c, 1000 * MS);
	assert_int_equal(vclock__since_epoch(&c), 300 * MS);
}

static void test_until(void **state)
{
	struct vclock c;

	(void)state;
	vclock__init(&c);
	vclock__set_running(&c, true, 1000);
	vclock__sync(&c, 3000); /* virtual 2000 */
	assert_int_equal(vclock__until(&c, 2500), 500);
	assert_int_equal(vclock__until(&c, 1000), 0); /* already passed */
	assert_int_equal(vclock__until(&c, 2000), 0);
	assert_true(vclock__until(&c, VCLOCK_NEVER) == VCLOCK_NEVER);
	assert_int_equal(vclock__until(&c, VCLOCK_NEVER - 1), VCLOCK_NEVER - 1 - 2000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_follows_host_only_while_running),
		cmocka_unit_test(test_sources_run_when_due),
		cmocka_unit_test(test_jump_goes_to_target_and_runs_sources),
		cmocka_unit_test(test_changed_asks_again),
		cmocka_unit_test(test_earliest_of_several_sources_in_order),
		cmocka_unit_test(test_source_answering_now_is_not_a_busy_loop),
		cmocka_unit_test(test_too_many_sources),
		cmocka_unit_test(test_pin_sets_the_epoch),
		cmocka_unit_test(test_until),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
