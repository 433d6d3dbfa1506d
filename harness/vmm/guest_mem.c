/* guest_mem.c - guest RAM and the only checked way to reach it from the host. */
#include "vmm/guest_mem.h"

#include <errno.h>    // errno
#include <sys/mman.h> // mmap

int guest_mem__alloc(struct guest_mem *mem, uint64_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		return -errno;
	mem->host = p;
	mem->size = size;
	return 0;
}

int guest_mem__zero(struct guest_mem *mem)
{
	void *p = mmap(mem->host, mem->size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);

	return p == MAP_FAILED ? -errno : 0;
}

void guest_mem__free(struct guest_mem *mem)
{
	if (mem->host)
		munmap(mem->host, mem->size);
	mem->host = NULL;
	mem->size = 0;
}

bool guest_mem__range_ok(const struct guest_mem *mem, uint64_t gpa, uint64_t len)
{
	return gpa <= mem->size && len <= mem->size - gpa;
}

void *guest_mem__ptr(const struct guest_mem *mem, uint64_t gpa, uint64_t len)
{
	if (!mem->host || !guest_mem__range_ok(mem, gpa, len))
		return NULL;
	return mem->host + gpa;
}
