/* vclock.c - the machine's virtual clock: runs with the host while the guest computes, jumps while it waits. */
#include "vmm/vclock.h"

#include <errno.h>  // ENOSPC
#include <string.h> // memset

void vclock__init(struct vclock *c)
{
	memset(c, 0, sizeof(*c));
	c->s.version = VCLOCK_STATE_VERSION;
	c->s.epoch_ns = VCLOCK_NEVER;
	c->next_ns = VCLOCK_NEVER;
}

int vclock__add_source(struct vclock *c, vclock_update_fn update, void *opaque)
{
	if (c->nr_src >= VCLOCK_MAX_SOURCES)
		return -ENOSPC;
	c->src[c->nr_src++] = (struct vclock_source){ update, opaque };
	c->next_ns = c->s.now_ns; /* ask it for its first deadline */
	return 0;
}

void vclock__changed(struct vclock *c)
{
	c->next_ns = c->s.now_ns;
}

void vclock__sync(struct vclock *c, uint64_t host_ns)
{
	if (c->running && host_ns > c->host_ns)
		c->s.now_ns += host_ns - c->host_ns;
	c->host_ns = host_ns;
}

void vclock__set_running(struct vclock *c, bool running, uint64_t host_ns)
{
	vclock__sync(c, host_ns);
	c->running = running;
}

uint64_t vclock__run_due(struct vclock *c)
{
	if (c->s.now_ns < c->next_ns)
		return c->next_ns;
	uint64_t next = VCLOCK_NEVER;

	for (int i = 0; i < c->nr_src; i++) {
		uint64_t t = c->src[i].update(c->src[i].opaque, c->s.now_ns);

		if (t < next)
			next = t;
	}
	/* a source that answers "now" again is asked at the next sync, not in a loop */
	c->next_ns = next > c->s.now_ns ? next : c->s.now_ns + 1;
	return c->next_ns;
}

uint64_t vclock__jump(struct vclock *c, uint64_t target_ns)
{
	uint64_t moved = 0;

	if (target_ns != VCLOCK_NEVER && target_ns > c->s.now_ns) {
		moved = target_ns - c->s.now_ns;
		c->s.now_ns = target_ns;
	}
	vclock__run_due(c);
	return moved;
}

void vclock__pin(struct vclock *c)
{
	c->s.epoch_ns = c->s.now_ns;
	c->next_ns = c->s.now_ns; /* devices restart their periods: ask again */
}

uint64_t vclock__since_epoch(const struct vclock *c)
{
	if (c->s.epoch_ns == VCLOCK_NEVER || c->s.now_ns < c->s.epoch_ns)
		return 0;
	return c->s.now_ns - c->s.epoch_ns;
}

uint64_t vclock__until(const struct vclock *c, uint64_t virt_ns)
{
	if (virt_ns == VCLOCK_NEVER)
		return VCLOCK_NEVER;
	return virt_ns > c->s.now_ns ? virt_ns - c->s.now_ns : 0;
}
