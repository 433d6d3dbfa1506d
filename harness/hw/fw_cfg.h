/* fw_cfg.h - QEMU's firmware configuration interface (ports 0x510/0x511, DMA at 0x514): how SeaBIOS learns about the machine. */
#ifndef BOOTCHECK_FW_CFG_H
#define BOOTCHECK_FW_CFG_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/bus.h"       // struct bus
#include "vmm/guest_mem.h" // struct guest_mem

#define FW_CFG_PORT_SEL 0x510
#define FW_CFG_PORT_DATA 0x511
#define FW_CFG_PORT_DMA 0x514  /* high 32 bits at 0x514, low (starts the transfer) at 0x518 */

/* Well-known keys (QEMU's docs/specs/fw_cfg.txt). */
enum {
	FW_CFG_SIGNATURE = 0x00,
	FW_CFG_ID = 0x01,
	FW_CFG_RAM_SIZE = 0x03,
	FW_CFG_NOGRAPHIC = 0x04,
	FW_CFG_NB_CPUS = 0x05,
	FW_CFG_BOOT_MENU = 0x0e,
	FW_CFG_MAX_CPUS = 0x0f,
	FW_CFG_FILE_DIR = 0x19,
	FW_CFG_FILE_FIRST = 0x20,
	FW_CFG_IRQ0_OVERRIDE = 0x8002,
};

#define FW_CFG_MAX_ITEMS 32
#define FW_CFG_MAX_NAME 56

/* One item the host offers: configuration, set before the guest runs. */
struct fw_cfg_item {
	uint16_t key;
	uint32_t len;
	const uint8_t *data;       /* borrowed unless owned */
	bool owned;
	char name[FW_CFG_MAX_NAME]; /* files only */
};

#define FW_CFG_STATE_VERSION 2

/*
 * What the guest changes, and nothing else: plain data, so a snapshot copies
 * it and a test can build any state.  The items are not here: the host sets
 * them up before the guest runs and the guest cannot change them.
 */
struct fw_cfg_state {
	uint32_t version;          /* FW_CFG_STATE_VERSION */
	uint16_t key;              /* selected item */
	uint32_t offset;           /* read position in it */
	uint32_t dma_high;         /* high half of the DMA descriptor address */
	uint64_t dma_transfers;    /* DMA transfers the guest started */
	/*
	 * Where a DMA read put the whole of the watched item (see
	 * fw_cfg__watch) in guest memory, in one piece; 0 and 0 until then.
	 */
	uint64_t watch_gpa;
	uint32_t watch_len;
};

/*
 * The device: its state, and beside it the machine's configuration and the
 * guest memory DMA reaches (restoring S into a device with the same items
 * and memory resumes it where it was).
 */
struct fw_cfg {
	struct fw_cfg_state s;
	/* configuration and wiring, not state */
	struct fw_cfg_item items[FW_CFG_MAX_ITEMS];
	int nr;
	int nr_files;
	uint8_t *dir;              /* the file directory item, built by fw_cfg__finish */
	const struct guest_mem *mem;
	uint16_t watch_key;        /* the item whose landing place is recorded; 0: none */
};

/*
 * fw_cfg__init - the signature and ID items, key 0 (the signature) selected
 * at offset 0, DMA descriptors and buffers in MEM.  Add the machine's items,
 * then call fw_cfg__finish.
 */
void fw_cfg__init(struct fw_cfg *f, const struct guest_mem *mem);

/*
 * fw_cfg__watch - record in f->s.watch_gpa/watch_len where the guest's DMA
 * reads the whole of item KEY (from its start, all of it in one read), so
 * the host can find it in guest memory later (a floppy image SeaBIOS
 * loaded into RAM).
 */
void fw_cfg__watch(struct fw_cfg *f, uint16_t key);

/* fw_cfg__free - release the items copied in, the file directory among them. */
void fw_cfg__free(struct fw_cfg *f);

/*
 * fw_cfg__add - offer LEN bytes at DATA under KEY (copied when COPY, else
 * borrowed and must outlive the device).  0, -EEXIST, -ENOSPC or -ENOMEM.
 */
int fw_cfg__add(struct fw_cfg *f, uint16_t key, const void *data, uint32_t len, bool copy);
/* Little-endian integers, as QEMU stores them. */
int fw_cfg__add_u16(struct fw_cfg *f, uint16_t key, uint16_t v);
int fw_cfg__add_u32(struct fw_cfg *f, uint16_t key, uint32_t v);
int fw_cfg__add_u64(struct fw_cfg *f, uint16_t key, uint64_t v);

/*
 * fw_cfg__add_file - offer a named file (e.g. "etc/e820", "vgaroms/vgabios.bin")
 * under the next free file key.  Names are at most 55 bytes.  0 or -errno.
 */
int fw_cfg__add_file(struct fw_cfg *f, const char *name, const void *data, uint32_t len,
		     bool copy);

/* fw_cfg__finish - build the file directory (key 0x19) once every file is added. 0 or -ENOMEM. */
int fw_cfg__finish(struct fw_cfg *f);

/* fw_cfg__find - the item under KEY, or NULL. */
const struct fw_cfg_item *fw_cfg__find(const struct fw_cfg *f, uint16_t key);

/* fw_cfg__io - one access to a fw_cfg port (the bus handler's core). */
void fw_cfg__io(struct fw_cfg *f, uint16_t port, uint8_t *data, uint32_t len, bool is_write);

/* fw_cfg__register - claim the selector, data and DMA ports on BUS. 0 or -errno. */
int fw_cfg__register(struct fw_cfg *f, struct bus *bus);

#endif
