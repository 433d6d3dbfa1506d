/* guest_mem.h - guest RAM and the only checked way to reach it from the host. */
#ifndef BOOTCHECK_GUEST_MEM_H
#define BOOTCHECK_GUEST_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct guest_mem {
	uint8_t *host;  /* mapping of guest physical 0 .. size */
	uint64_t size;
};

/* guest_mem__alloc - map SIZE bytes of zeroed anonymous memory. 0 or -errno. */
int guest_mem__alloc(struct guest_mem *mem, uint64_t size);
/*
 * guest_mem__zero - replace all of MEM, at the same address, by fresh zeroed
 * anonymous memory (whatever was mapped there, e.g. a snapshot's file).
 * 0 or -errno.
 */
int guest_mem__zero(struct guest_mem *mem);
void guest_mem__free(struct guest_mem *mem);

/*
 * guest_mem__ptr - host pointer for guest physical [GPA, GPA+LEN), or NULL
 * when any byte of that range lies outside guest RAM (overflow-safe).
 */
void *guest_mem__ptr(const struct guest_mem *mem, uint64_t gpa, uint64_t len);

/* guest_mem__range_ok - whether [GPA, GPA+LEN) lies inside guest RAM. */
bool guest_mem__range_ok(const struct guest_mem *mem, uint64_t gpa, uint64_t len);

#endif
