/* debug_exit.h - debug-exit port: a write of N stops the guest with `debug-exit N`. */
#ifndef BOOTCHECK_DEBUG_EXIT_H
#define BOOTCHECK_DEBUG_EXIT_H

#include <stdint.h>

#include "vmm/vm.h" // struct vm

#define DEBUG_EXIT_PORT 0xf4

/*
 * No device state, so no struct debug_exit_state: a write stops the run at
 * once and leaves nothing behind (reads return 0).  A snapshot saves nothing
 * of this device; restoring means registering it again on the same port.
 */
struct debug_exit {
	uint16_t port;   /* configuration: set by debug_exit__register */
	struct vm *vm;   /* wiring: whose run to stop */
};

/*
 * debug_exit__register - claim PORT (1 to 4 bytes wide) on the VM's port bus;
 * a write of N there calls vm__request_stop(VM, STOP_DEBUG_EXIT, N).  DE must
 * outlive the bus.  0 or -errno.
 */
int debug_exit__register(struct debug_exit *de, struct vm *vm, uint16_t port);

#endif
