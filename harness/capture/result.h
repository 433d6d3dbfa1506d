/* result.h - everything one run captured: why it stopped, registers, outputs, screen. */
#ifndef BOOTCHECK_RESULT_H
#define BOOTCHECK_RESULT_H

#include <stdbool.h>
#include <stdint.h>

#include "capture/outbuf.h" // struct outbuf
#include "capture/png.h"    // struct picture
#include "hw/vga.h"         // struct vga_mode
#include "capture/screen.h" // struct screen
#include "vmm/stop.h"       // struct stop
#include "vmm/vm.h"         // struct cpu_state

struct run_result {
	struct stop stop;
	struct cpu_state cpu;            /* registers at the stop */
	const struct outbuf *serial;     /* COM1 */
	const struct outbuf *debugcon;   /* port 0xe9 and --console-port */
	const struct outbuf *bios_log;   /* SeaBIOS's port 0x402; NULL in direct mode */
	struct screen screen;            /* text modes (blank in graphics ones) */
	struct vga_mode mode;            /* what the VGA's registers show */
	char mode_desc[80];              /* "text 80x25", "graphics 320x200, 256 colours" */
	struct picture picture;          /* graphics modes that are captured (rgb NULL otherwise) */
	uint64_t unclaimed_pio_reads, unclaimed_pio_writes;
	uint64_t unclaimed_mmio_reads, unclaimed_mmio_writes;
	double seconds;                  /* wall time of the run loop */
	bool guest_started;              /* the guest got control (the clock's epoch) */
	const char *snapshot;            /* bios mode: "restored", "saved" or "none" */
	uint64_t virtual_ns;             /* virtual time since then, at the stop */
	/* --keys and --serial-in: what went to the guest and what was still to go, in
	 * the options' syntax; NULL when that input was not given */
	const char *keys_sent, *keys_pending;
	const char *serial_sent, *serial_pending;
	/* --input: the line of the step under way when the guest stopped, 0 when the
	 * script had finished (or there was none: has_script false) */
	bool has_script;
	int script_line;
};

#endif
