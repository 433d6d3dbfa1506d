/* debug_exit.h - debug-exit port: a write of N stops the guest with `debug-exit N`. */
#ifndef BOOTCHECK_DEBUG_EXIT_H
#define BOOTCHECK_DEBUG_EXIT_H

#include <stdint.h>

#include "vmm/vm.h" // struct vm

#define DEBUG_EXIT_PORT 0xf4

struct debug_exit {
	uint16_t port;
	struct vm *vm;   /* whose run to stop */
};

/* debug_exit__register - claim PORT on the VM's port bus.  0 or -errno. */
int debug_exit__register(struct debug_exit *de, struct vm *vm, uint16_t port);

#endif
