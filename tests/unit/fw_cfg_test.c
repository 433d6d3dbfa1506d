/* fw_cfg_test.c - unit tests for the fw_cfg model (harness/hw/fw_cfg.[ch]): items, files, the directory, port and DMA reads. */
#include <endian.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hw/fw_cfg.h"
#include "vmm/bus.h"

#define RAM_SIZE 0x10000

struct env {
	struct guest_mem mem;
	struct fw_cfg f;
};

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));

	if (!e || guest_mem__alloc(&e->mem, RAM_SIZE))
		return -1;
	fw_cfg__init(&e->f, &e->mem);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	fw_cfg__free(&e->f);
	guest_mem__free(&e->mem);
	free(e);
	return 0;
}

static void select_key(struct fw_cfg *f, uint16_t key)
{
	uint8_t b[2] = { (uint8_t)key, (uint8_t)(key >> 8) };

	fw_cfg__io(f, FW_CFG_PORT_SEL, b, 2, true);
}

static uint8_t read_byte(struct fw_cfg *f)
{
	uint8_t b;

	fw_cfg__io(f, FW_CFG_PORT_DATA, &b, 1, false);
	return b;
}

/* Start a DMA transfer with the descriptor at guest address DESC. */
static void dma(struct fw_cfg *f, uint32_t desc)
{
	uint32_t hi = 0, lo = htobe32(desc);

	fw_cfg__io(f, FW_CFG_PORT_DMA, (uint8_t *)&hi, 4, true);
	fw_cfg__io(f, FW_CFG_PORT_DMA + 4, (uint8_t *)&lo, 4, true);
}

static void put_desc(struct guest_mem *mem, uint32_t at, uint32_t control, uint32_t len,
		     uint64_t addr)
{
	uint8_t *p = guest_mem__ptr(mem, at, 16);
	uint32_t c = htobe32(control), l = htobe32(len);
	uint64_t a = htobe64(addr);

	memcpy(p, &c, 4);
	memcpy(p + 4, &l, 4);
	memcpy(p + 8, &a, 8);
}

static uint32_t desc_control(struct guest_mem *mem, uint32_t at)
{
	uint32_t c;

	memcpy(&c, guest_mem__ptr(mem, at, 4), 4);
	return be32toh(c);
}

static void test_signature_and_id(void **state)
{
	struct env *e = *state;
	char sig[5] = { 0 };

	select_key(&e->f, FW_CFG_SIGNATURE);
	for (int i = 0; i < 4; i++)
		sig[i] = (char)read_byte(&e->f);
	assert_string_equal(sig, "QEMU");
	select_key(&e->f, FW_CFG_ID);
	assert_int_equal(read_byte(&e->f), 3); /* traditional + DMA */
	assert_int_equal(read_byte(&e->f), 0);
}

/* Keys at and above 0x8000 (the architecture's own items) are whole: bit 15 is not dropped. */
static void test_key_bit_15(void **state)
{
	struct env *e = *state;

	assert_int_equal(fw_cfg__add_u32(&e->f, 0x8003, 0x11223344), 0);
	assert_int_equal(fw_cfg__add_u32(&e->f, 0x0003, 0x55667788), 0);
	select_key(&e->f, 0x8003);
	assert_int_equal(read_byte(&e->f), 0x44);
	select_key(&e->f, 0x0003);
	assert_int_equal(read_byte(&e->f), 0x88);
}

static void test_integers_little_endian_and_zero_past_end(void **state)
{
	struct env *e = *state;

	assert_int_equal(fw_cfg__add_u64(&e->f, FW_CFG_RAM_SIZE, 0x0102030405060708ULL), 0);
	select_key(&e->f, FW_CFG_RAM_SIZE);
	for (int i = 0; i < 8; i++)
		assert_int_equal(read_byte(&e->f), 8 - i);
	assert_int_equal(read_byte(&e->f), 0);   /* past the end: zeros */
	select_key(&e->f, 0x1234);               /* no such item: zeros */
	assert_int_equal(read_byte(&e->f), 0);
	select_key(&e->f, FW_CFG_RAM_SIZE);      /* selecting rewinds */
	assert_int_equal(read_byte(&e->f), 8);
}

static void test_duplicates_and_limits(void **state)
{
	struct env *e = *state;
	char name[80];

	assert_int_equal(fw_cfg__add_u16(&e->f, FW_CFG_NB_CPUS, 1), 0);
	assert_int_equal(fw_cfg__add_u16(&e->f, FW_CFG_NB_CPUS, 1), -EEXIST);
	assert_int_equal(fw_cfg__add_file(&e->f, "etc/a", "x", 1, true), 0);
	assert_int_equal(fw_cfg__add_file(&e->f, "etc/a", "y", 1, true), -EEXIST);
	memset(name, 'n', sizeof(name));
	name[FW_CFG_MAX_NAME] = '\0'; /* 56 characters: one too many */
	assert_int_equal(fw_cfg__add_file(&e->f, name, "z", 1, true), -EINVAL);
	assert_int_equal(fw_cfg__add_file(&e->f, "", "z", 1, true), -EINVAL);
	for (int i = 0; e->f.nr < FW_CFG_MAX_ITEMS; i++)
		assert_int_equal(fw_cfg__add_u16(&e->f, (uint16_t)(0x100 + i), 0), 0);
	assert_int_equal(fw_cfg__add_u16(&e->f, 0x7fff, 0), -ENOSPC);
}

static void test_file_directory(void **state)
{
	struct env *e = *state;
	uint8_t dir[4 + 2 * 64];

	assert_int_equal(fw_cfg__add_file(&e->f, "etc/e820", "0123456789abcdefghij", 20, true), 0);
	assert_int_equal(fw_cfg__add_file(&e->f, "vgaroms/vgabios.bin", "\x55\xaa", 2, false), 0);
	assert_int_equal(fw_cfg__finish(&e->f), 0);
	select_key(&e->f, FW_CFG_FILE_DIR);
	for (size_t i = 0; i < sizeof(dir); i++)
		dir[i] = read_byte(&e->f);
	assert_int_equal(be32toh(*(uint32_t *)dir), 2);
	/* entry: be32 size, be16 select, be16 reserved, name[56] */
	assert_int_equal(be32toh(*(uint32_t *)(dir + 4)), 20);
	assert_int_equal(be16toh(*(uint16_t *)(dir + 8)), FW_CFG_FILE_FIRST);
	assert_string_equal((char *)dir + 12, "etc/e820");
	assert_int_equal(be32toh(*(uint32_t *)(dir + 68)), 2);
	assert_int_equal(be16toh(*(uint16_t *)(dir + 72)), FW_CFG_FILE_FIRST + 1);
	assert_string_equal((char *)dir + 76, "vgaroms/vgabios.bin");
	/* the file is readable under its key */
	select_key(&e->f, FW_CFG_FILE_FIRST + 1);
	assert_int_equal(read_byte(&e->f), 0x55);
	assert_int_equal(read_byte(&e->f), 0xaa);
}

static void test_dma_select_and_read(void **state)
{
	struct env *e = *state;
	uint8_t *dst = guest_mem__ptr(&e->mem, 0x2000, 8);

	memset(dst, 0xee, 8);
	put_desc(&e->mem, 0x1000, (uint32_t)FW_CFG_SIGNATURE << 16 | 0x08 | 0x02, 6, 0x2000);
	dma(&e->f, 0x1000);
	assert_int_equal(desc_control(&e->mem, 0x1000), 0); /* done, no error */
	assert_memory_equal(dst, "QEMU\0\0", 6);            /* zeros past the item */
	assert_int_equal(dst[6], 0xee);                      /* nothing past the length */
	assert_int_equal(e->f.s.dma_transfers, 1);
}

static void test_dma_skip_then_read(void **state)
{
	struct env *e = *state;
	uint8_t *dst = guest_mem__ptr(&e->mem, 0x2000, 2);

	put_desc(&e->mem, 0x1000, (uint32_t)FW_CFG_SIGNATURE << 16 | 0x08 | 0x04, 2, 0);
	dma(&e->f, 0x1000);
	assert_int_equal(desc_control(&e->mem, 0x1000), 0);
	put_desc(&e->mem, 0x1000, 0x02, 2, 0x2000);
	dma(&e->f, 0x1000);
	assert_memory_equal(dst, "MU", 2);
}

/* fw_cfg__watch: where the whole of one item landed, and nothing for partial reads */
static void test_watch_records_whole_reads(void **state)
{
	struct env *e = *state;

	fw_cfg__watch(&e->f, FW_CFG_ID);
	/* a read of the first two bytes only: not the whole item */
	put_desc(&e->mem, 0x1000, (uint32_t)FW_CFG_ID << 16 | 0x08 | 0x02, 2, 0x2000);
	dma(&e->f, 0x1000);
	assert_int_equal(e->f.s.watch_len, 0);
	/* the rest, from offset 2: not from the start */
	put_desc(&e->mem, 0x1000, 0x02, 2, 0x2002);
	dma(&e->f, 0x1000);
	assert_int_equal(e->f.s.watch_len, 0);
	/* another item, whole: not watched */
	put_desc(&e->mem, 0x1000, (uint32_t)FW_CFG_SIGNATURE << 16 | 0x08 | 0x02, 4, 0x2100);
	dma(&e->f, 0x1000);
	assert_int_equal(e->f.s.watch_len, 0);
	/* the watched item, all of it in one read */
	put_desc(&e->mem, 0x1000, (uint32_t)FW_CFG_ID << 16 | 0x08 | 0x02, 4, 0x3000);
	dma(&e->f, 0x1000);
	assert_int_equal(e->f.s.watch_gpa, 0x3000);
	assert_int_equal(e->f.s.watch_len, 4);
	assert_memory_equal(guest_mem__ptr(&e->mem, 0x3000, 4), "\x03\0\0\0", 4); /* traditional + DMA */
	/* a read to an address outside RAM records nothing new */
	put_desc(&e->mem, 0x1000, (uint32_t)FW_CFG_ID << 16 | 0x08 | 0x02, 4, 0xfffffff0u);
	dma(&e->f, 0x1000);
	assert_int_equal(e->f.s.watch_gpa, 0x3000);
}

static void test_dma_hostile_addresses(void **state)
{
	struct env *e = *state;

	/* destination past the end of RAM: error bit, nothing written */
	put_desc(&e->mem, 0x1000, (uint32_t)FW_CFG_SIGNATURE << 16 | 0x08 | 0x02, 16,
		 RAM_SIZE - 8);
	dma(&e->f, 0x1000);
	assert_int_equal(desc_control(&e->mem, 0x1000), 0x01);
	/* a length that wraps the address space */
	put_desc(&e->mem, 0x1000, 0x02, 0xffffffff, 0x100);
	dma(&e->f, 0x1000);
	assert_int_equal(desc_control(&e->mem, 0x1000), 0x01);
	/* writes are refused */
	put_desc(&e->mem, 0x1000, 0x10, 4, 0x2000);
	dma(&e->f, 0x1000);
	assert_int_equal(desc_control(&e->mem, 0x1000), 0x01);
	/* a descriptor outside RAM is ignored without a crash */
	dma(&e->f, RAM_SIZE - 4);
	dma(&e->f, 0xfffffff0u);
	assert_int_equal(e->f.s.dma_transfers, 5);
}

static void test_register_on_bus(void **state)
{
	struct env *e = *state;
	struct bus bus;
	uint8_t b[2] = { FW_CFG_SIGNATURE, 0 };

	bus__init(&bus, "pio");
	assert_int_equal(fw_cfg__register(&e->f, &bus), 0);
	assert_true(bus__access(&bus, FW_CFG_PORT_SEL, b, 2, true));
	assert_true(bus__access(&bus, FW_CFG_PORT_DATA, b, 1, false));
	assert_int_equal(b[0], 'Q');
	/* 0x512/0x513 are not fw_cfg's: a 16-bit read of 0x511 gets 'E' then all-ones */
	assert_true(bus__access(&bus, FW_CFG_PORT_DATA, b, 2, false));
	assert_int_equal(b[0], 'E');
	assert_int_equal(b[1], 0xff);
}

#define TABLE_LEN 16

/* The configuration both devices of test_state_is_a_snapshot get: a file, then the directory. */
static void configure(struct fw_cfg *f)
{
	static const uint8_t table[TABLE_LEN] = "0123456789abcdef";

	assert_int_equal(fw_cfg__add_file(f, "etc/table", table, TABLE_LEN, false), 0);
	assert_int_equal(fw_cfg__finish(f), 0);
}

#define RESUMED_READS (TABLE_LEN / 2 + 2 + 4 + 2)

/*
 * What a guest sees after the snapshot point of test_state_is_a_snapshot:
 * a DMA started by writing only the low half of the address, so the high
 * half left at 1 puts the descriptor outside RAM (ignored, but counted);
 * then the rest of the file and two bytes past it; then the transfer count
 * and the selected key.  Everything read goes into SEEN, in order.
 */
static void resume(struct env *e, struct fw_cfg *f, uint8_t *seen)
{
	uint32_t lo = htobe32(0x1000), c;
	unsigned n = 0;

	put_desc(&e->mem, 0x1000, 0x02, 4, 0x2000);
	fw_cfg__io(f, FW_CFG_PORT_DMA + 4, (uint8_t *)&lo, 4, true);
	c = desc_control(&e->mem, 0x1000);
	for (int i = 0; i < 4; i++)
		seen[n++] = (uint8_t)(c >> (8 * i)); /* still READ: nothing ran */
	for (int i = 0; i < TABLE_LEN / 2 + 2; i++)
		seen[n++] = read_byte(f);
	seen[n++] = (uint8_t)f->s.dma_transfers;
	seen[n++] = (uint8_t)f->s.key;
	assert_int_equal(n, RESUMED_READS);
}

/* A byte copy of the state, into a device with the same items and memory, carries on where the original was. */
static void test_state_is_a_snapshot(void **state)
{
	struct env *e = *state;
	struct fw_cfg copy;
	uint8_t want[RESUMED_READS], got[RESUMED_READS];
	uint32_t hi = htobe32(1);

	configure(&e->f);
	assert_int_equal(e->f.s.version, FW_CFG_STATE_VERSION);
	/* select the file and skip 2 bytes by DMA, read 6 through the port: half of it read */
	put_desc(&e->mem, 0x1000, (uint32_t)FW_CFG_FILE_FIRST << 16 | 0x08 | 0x04, 2, 0);
	dma(&e->f, 0x1000);
	assert_int_equal(desc_control(&e->mem, 0x1000), 0);
	for (int i = 2; i < TABLE_LEN / 2; i++)
		assert_int_equal(read_byte(&e->f), "0123456789abcdef"[i]);
	/* the high half of the next descriptor's address, written but not yet used */
	fw_cfg__io(&e->f, FW_CFG_PORT_DMA, (uint8_t *)&hi, 4, true);
	assert_int_equal(e->f.s.key, FW_CFG_FILE_FIRST);
	assert_int_equal(e->f.s.offset, TABLE_LEN / 2);
	assert_int_equal(e->f.s.dma_high, 1);
	assert_int_equal(e->f.s.dma_transfers, 1);

	/* the copy: the same configuration and memory, then the state */
	fw_cfg__init(&copy, &e->mem);
	configure(&copy);
	assert_int_equal(copy.s.key, FW_CFG_SIGNATURE);
	memcpy(&copy.s, &e->f.s, sizeof(copy.s));
	assert_int_equal(copy.s.version, FW_CFG_STATE_VERSION);

	resume(e, &e->f, want);
	resume(e, &copy, got);
	assert_memory_equal(got, want, sizeof(want));
	assert_memory_equal(&copy.s, &e->f.s, sizeof(copy.s));

	/* and what both saw is the right thing, not just the same thing */
	assert_int_equal(want[0], 0x02);
	assert_memory_equal(want + 4, "89abcdef\0\0", TABLE_LEN / 2 + 2);
	assert_int_equal(want[14], 2);
	assert_int_equal(want[15], FW_CFG_FILE_FIRST);
	fw_cfg__free(&copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_signature_and_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_bit_15, setup, teardown),
		cmocka_unit_test_setup_teardown(test_integers_little_endian_and_zero_past_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates_and_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dma_select_and_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dma_skip_then_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watch_records_whole_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dma_hostile_addresses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_on_bus, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_is_a_snapshot, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
