/* debug_exit.c - debug-exit port: a write of N stops the guest with `debug-exit N`. */
#include "hw/debug_exit.h"

static void debug_exit_io(void *opaque, uint64_t addr, uint8_t *data, uint32_t len,
			  bool is_write)
{
	struct debug_exit *de = opaque;
	uint64_t value = 0;

	(void)addr;
	if (!is_write) {
		for (uint32_t i = 0; i < len; i++)
			data[i] = 0;
		return;
	}
	for (uint32_t i = 0; i < len; i++)
		value |= (uint64_t)data[i] << (8 * i);
	vm__request_stop(de->vm, STOP_DEBUG_EXIT, value, NULL);
}

int debug_exit__register(struct debug_exit *de, struct vm *vm, uint16_t port)
{
	de->port = port;
	de->vm = vm;
	return bus__register(&vm->pio, port, 1, 4, debug_exit_io, de, "debug-exit");
}
