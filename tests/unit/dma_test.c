/* dma_test.c - unit tests for the 8237A DMA controller pair (harness/hw/dma.[ch]). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hw/dma.h"
#include "vmm/bus.h"

/* Ports and values spelled out here so the tests do not share the model's. */
#define ADDR2 0x04
#define COUNT2 0x05
#define STATUS1 0x08
#define MASK1 0x0a
#define MODE1 0x0b
#define CLEAR_FF1 0x0c
#define MASTER_CLEAR1 0x0d
#define CLEAR_MASK1 0x0e
#define ALL_MASK1 0x0f
#define PAGE2 0x81
#define MASK2 0xd4
#define MODE2 0xd6
#define MASTER_CLEAR2 0xda

#define MODE_WRITE_CH2 0x46 /* single, increment, no autoinit, write (to memory), channel 2 */
#define MODE_READ_CH2 0x4a  /* the same, read (from memory) */

#define RAM_SIZE (128u << 10) /* two 64 KiB pages */

struct fixture {
	uint8_t ram[RAM_SIZE + 64]; /* a guard past RAM the model must never touch */
	struct guest_mem mem;
	struct dma d;
	int kicks;
};

static void kick(void *opaque)
{
	((struct fixture *)opaque)->kicks++;
}

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));

	if (!f)
		return -1;
	memset(f->ram + RAM_SIZE, 0xa5, 64);
	f->mem = (struct guest_mem){ .host = f->ram, .size = RAM_SIZE };
	dma__init(&f->d, &f->mem);
	dma__set_client(&f->d, 2, (struct dma_client){ .ready = kick, .opaque = f });
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	test_free(*state);
	return 0;
}

static void wr(struct dma *d, uint16_t port, uint8_t v)
{
	dma__io(d, port, v, true);
}

static uint8_t rd(struct dma *d, uint16_t port)
{
	return dma__io(d, port, 0, false);
}

/* Program channel 2 as SeaBIOS's dma_floppy does: ADDR (24 bits), COUNT bytes, MODE. */
static void program(struct dma *d, uint32_t addr, uint32_t count, uint8_t mode)
{
	wr(d, MASK1, 0x06);
	wr(d, CLEAR_FF1, 0);
	wr(d, ADDR2, (uint8_t)addr);
	wr(d, ADDR2, (uint8_t)(addr >> 8));
	wr(d, CLEAR_FF1, 0);
	wr(d, COUNT2, (uint8_t)(count - 1));
	wr(d, COUNT2, (uint8_t)((count - 1) >> 8));
	wr(d, MODE1, mode);
	wr(d, PAGE2, (uint8_t)(addr >> 16));
	wr(d, MASK1, 0x02);
}

static void guard_intact(const struct fixture *f)
{
	for (unsigned i = 0; i < 64; i++)
		assert_int_equal(f->ram[RAM_SIZE + i], 0xa5);
}

static void test_power_on(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[4] = { 1, 2, 3, 4 };
	bool tc;

	assert_int_equal(f->d.s.version, DMA_STATE_VERSION);
	assert_false(dma__ready(&f->d, 2)); /* every channel masked */
	assert_int_equal(dma__transfer(&f->d, 2, buf, 4, &tc), 0);
	assert_false(tc);
	assert_int_equal(rd(&f->d, ALL_MASK1), 0xff);
}

/* What SeaBIOS writes at POST: master clears, cascade mode, unmask the second chip. */
static void test_seabios_setup(void **state)
{
	struct fixture *f = *state;

	wr(&f->d, MASTER_CLEAR1, 0);
	wr(&f->d, MASTER_CLEAR2, 0);
	wr(&f->d, MODE2, 0xc0);
	wr(&f->d, MASK2, 0x00);
	assert_int_equal(f->d.s.chip[1].mode[0], 0xc0);
	assert_int_equal(f->d.s.chip[1].mask, 0x0e);
	assert_int_equal(f->d.s.chip[0].mask, 0x0f);
	assert_false(dma__ready(&f->d, 2));
}

static void test_flipflop_and_readback(void **state)
{
	struct fixture *f = *state;

	wr(&f->d, CLEAR_FF1, 0);
	wr(&f->d, ADDR2, 0x34);
	wr(&f->d, ADDR2, 0x12);
	assert_int_equal(f->d.s.chip[0].base_addr[2], 0x1234);
	/* the flip-flop is back at the low byte */
	assert_int_equal(rd(&f->d, ADDR2), 0x34);
	assert_int_equal(rd(&f->d, ADDR2), 0x12);
	/* a write without clearing it goes to the byte it points at */
	wr(&f->d, ADDR2, 0x78);
	wr(&f->d, CLEAR_FF1, 0);
	wr(&f->d, ADDR2, 0x56);
	assert_int_equal(f->d.s.chip[0].base_addr[2], 0x1256);
	wr(&f->d, PAGE2, 0x0f);
	assert_int_equal(rd(&f->d, PAGE2), 0x0f);
	wr(&f->d, 0x80, 0x42); /* a POST code lands in a page register that reads back */
	assert_int_equal(rd(&f->d, 0x80), 0x42);
}

static void test_write_transfer_to_ram(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[512];
	bool tc;

	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 3 + 1);
	program(&f->d, 0x10200, 1024, MODE_WRITE_CH2);
	assert_int_equal(f->kicks, 1); /* unmasking told the device */
	assert_true(dma__ready(&f->d, 2));
	assert_int_equal(dma__transfer(&f->d, 2, buf, 512, &tc), 512);
	assert_false(tc);
	assert_memory_equal(f->ram + 0x10200, buf, 512);
	assert_int_equal(f->d.s.chip[0].cur_addr[2], 0x0400);
	assert_int_equal(f->d.s.chip[0].cur_count[2], 511);
	assert_int_equal(dma__transfer(&f->d, 2, buf, 512, &tc), 512);
	assert_true(tc);
	/* terminal count: status bit 2 (cleared by the read), channel masked */
	assert_int_equal(rd(&f->d, STATUS1) & 0x0f, 0x04);
	assert_int_equal(rd(&f->d, STATUS1) & 0x0f, 0x00);
	assert_false(dma__ready(&f->d, 2));
	assert_int_equal(dma__transfer(&f->d, 2, buf, 512, &tc), 0);
}

static void test_tc_stops_mid_buffer(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[512];
	bool tc;

	memset(buf, 0x11, sizeof(buf));
	program(&f->d, 0x2000, 100, MODE_WRITE_CH2);
	assert_int_equal(dma__transfer(&f->d, 2, buf, 512, &tc), 100);
	assert_true(tc);
	assert_int_equal(f->ram[0x2000 + 99], 0x11);
	assert_int_equal(f->ram[0x2000 + 100], 0x00);
}

static void test_read_transfer_from_ram(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[16];
	bool tc;

	for (unsigned i = 0; i < 16; i++)
		f->ram[0x3000 + i] = (uint8_t)(0xf0 + i);
	program(&f->d, 0x3000, 16, MODE_READ_CH2);
	assert_int_equal(dma__transfer(&f->d, 2, buf, 16, &tc), 16);
	assert_true(tc);
	assert_memory_equal(buf, f->ram + 0x3000, 16);
}

static void test_verify_moves_nothing(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[8] = { 9, 9, 9, 9, 9, 9, 9, 9 };
	bool tc;

	program(&f->d, 0x4000, 8, 0x42); /* verify */
	assert_int_equal(dma__transfer(&f->d, 2, buf, 8, &tc), 8);
	assert_true(tc);
	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(f->ram[0x4000 + i], 0);
}

/* The address counter wraps within its 64 KiB page: the page register never carries. */
static void test_address_wraps_in_page(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[32];
	bool tc;

	memset(buf, 0x77, sizeof(buf));
	program(&f->d, 0x0fff0, 32, MODE_WRITE_CH2);
	assert_int_equal(dma__transfer(&f->d, 2, buf, 32, &tc), 32);
	for (unsigned i = 0; i < 16; i++) {
		assert_int_equal(f->ram[0xfff0 + i], 0x77);
		assert_int_equal(f->ram[i], 0x77);          /* wrapped to the page's start */
		assert_int_equal(f->ram[0x10000 + i], 0x00); /* not into the next page */
	}
}

/* Addresses past RAM: writes dropped, reads 0xff; host memory past RAM untouched. */
static void test_ram_bounds(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[64];
	bool tc;

	memset(buf, 0x5a, sizeof(buf));
	program(&f->d, 0x1fff0, 64, MODE_WRITE_CH2); /* last 16 bytes of RAM, then wrap into page 1 */
	assert_int_equal(dma__transfer(&f->d, 2, buf, 64, &tc), 64);
	for (unsigned i = 0; i < 16; i++)
		assert_int_equal(f->ram[0x1fff0 + i], 0x5a);
	assert_int_equal(f->ram[0x10000], 0x5a); /* wrapped within page 1 */
	guard_intact(f);

	program(&f->d, 0xfffff0, 64, MODE_WRITE_CH2); /* page 0xff: no RAM at all */
	assert_int_equal(dma__transfer(&f->d, 2, buf, 64, &tc), 64);
	guard_intact(f);
	program(&f->d, 0x20000, 4, MODE_READ_CH2); /* the first byte past RAM */
	assert_int_equal(dma__transfer(&f->d, 2, buf, 4, &tc), 4);
	assert_int_equal(buf[0], 0xff);
	assert_int_equal(buf[3], 0xff);
	guard_intact(f);
}

static void test_autoinit_reloads(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	bool tc;

	program(&f->d, 0x5000, 4, MODE_WRITE_CH2 | 0x10);
	assert_int_equal(dma__transfer(&f->d, 2, buf, 8, &tc), 4);
	assert_true(tc);
	assert_true(dma__ready(&f->d, 2)); /* not masked */
	assert_int_equal(f->d.s.chip[0].cur_addr[2], 0x5000);
	assert_int_equal(f->d.s.chip[0].cur_count[2], 3);
}

static void test_decrement(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[3] = { 0xa, 0xb, 0xc };
	bool tc;

	program(&f->d, 0x6002, 3, MODE_WRITE_CH2 | 0x20);
	assert_int_equal(dma__transfer(&f->d, 2, buf, 3, &tc), 3);
	assert_int_equal(f->ram[0x6002], 0xa);
	assert_int_equal(f->ram[0x6001], 0xb);
	assert_int_equal(f->ram[0x6000], 0xc);
}

static void test_masks_and_disable(void **state)
{
	struct fixture *f = *state;

	program(&f->d, 0x1000, 16, MODE_WRITE_CH2);
	assert_true(dma__ready(&f->d, 2));
	wr(&f->d, STATUS1, 0x04); /* command: controller disabled */
	assert_false(dma__ready(&f->d, 2));
	wr(&f->d, STATUS1, 0x00);
	assert_true(dma__ready(&f->d, 2));
	wr(&f->d, ALL_MASK1, 0x04);
	assert_false(dma__ready(&f->d, 2));
	int kicks = f->kicks;

	wr(&f->d, CLEAR_MASK1, 0);
	assert_true(dma__ready(&f->d, 2));
	assert_int_equal(f->kicks, kicks + 1);
	wr(&f->d, MASTER_CLEAR1, 0);
	assert_false(dma__ready(&f->d, 2));
	assert_false(dma__ready(&f->d, 5)); /* the 16-bit channels move nothing */
}

/* State restore is a copy of the state struct. */
static void test_restore_by_copy(void **state)
{
	struct fixture *f = *state;
	struct dma other;
	uint8_t buf[4] = { 1, 2, 3, 4 };
	bool tc;

	program(&f->d, 0x7000, 8, MODE_WRITE_CH2);
	dma__init(&other, &f->mem);
	other.s = f->d.s;
	assert_int_equal(dma__transfer(&other, 2, buf, 4, &tc), 4);
	assert_memory_equal(f->ram + 0x7000, buf, 4);
	assert_int_equal(other.s.chip[0].cur_addr[2], 0x7004);
	assert_int_equal(f->d.s.chip[0].cur_addr[2], 0x7000);
}

static void test_other_ports(void **state)
{
	struct fixture *f = *state;
	struct bus bus;

	assert_int_equal(rd(&f->d, 0xc1), 0xff); /* odd ports are not the second chip's */
	assert_int_equal(rd(&f->d, 0x100), 0xff);
	uint8_t v = 0x3c;

	bus__init(&bus, "pio");
	assert_int_equal(dma__register(&f->d, &bus), 0);
	assert_true(bus__access(&bus, PAGE2, &v, 1, true));
	assert_int_equal(f->d.s.page[1], 0x3c);
	assert_non_null(bus__find(&bus, 0xdf));
	assert_null(bus__find(&bus, 0x10));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_power_on),
		T(test_seabios_setup),
		T(test_flipflop_and_readback),
		T(test_write_transfer_to_ram),
		T(test_tc_stops_mid_buffer),
		T(test_read_transfer_from_ram),
		T(test_verify_moves_nothing),
		T(test_address_wraps_in_page),
		T(test_ram_bounds),
		T(test_autoinit_reloads),
		T(test_decrement),
		T(test_masks_and_disable),
		T(test_restore_by_copy),
		T(test_other_ports),
	};

	return cmocka_run_group_tests_name("dma", tests, NULL, NULL);
}
