/* bootinfo.c - what a loader tells a kernel, whatever the protocol. */
#include "boot/bootinfo.h"

#include <string.h> // memset

#define LOW_END 0xa0000ULL     /* conventional memory ends where the VGA window starts */
#define HIGH_START 0x100000ULL

void bootinfo__init(struct bootinfo *bi, uint64_t ram)
{
	memset(bi, 0, sizeof(*bi));
	uint64_t low = ram < LOW_END ? ram : LOW_END;

	bi->mmap[bi->nr_mmap++] = (struct memmap_entry){ 0, low, MEMMAP_RAM };
	if (ram > LOW_END)
		bi->mmap[bi->nr_mmap++] = (struct memmap_entry){ LOW_END, HIGH_START - LOW_END,
								  MEMMAP_RESERVED };
	if (ram > HIGH_START)
		bi->mmap[bi->nr_mmap++] = (struct memmap_entry){ HIGH_START, ram - HIGH_START,
								  MEMMAP_RAM };
	bi->mem_lower = (uint32_t)(low / 1024);
	/* the first hole is the end of RAM: RAM tops out at 3 GiB (OPT_MAX_MEM) */
	bi->mem_upper = ram > HIGH_START ? (uint32_t)((ram - HIGH_START) / 1024) : 0;
	bi->cmdline = "";
	bi->loader_name = BOOTINFO_LOADER_NAME;
	bi->text_screen = true;
}
