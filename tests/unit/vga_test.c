/* vga_test.c - unit tests for the VGA register model (harness/hw/vga.[ch]): CRTC, bus wiring, snapshot by copy. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hw/vga.h"
#include "vmm/bus.h"

#define INDEX VGA_CRTC_INDEX
#define DATA (VGA_CRTC_INDEX + 1)

static uint8_t crtc_read(struct vga *v, uint8_t reg)
{
	vga__io(v, INDEX, reg, true);
	return vga__io(v, DATA, 0, false);
}

static void crtc_write(struct vga *v, uint8_t reg, uint8_t value)
{
	vga__io(v, INDEX, reg, true);
	vga__io(v, DATA, value, true);
}

static void test_mode3_defaults(void **state)
{
	/* the standard mode 3 CRTC values (80x25, cursor lines 13-14) */
	static const struct {
		uint8_t reg, value;
	} cases[] = {
		{ 0x00, 0x5f }, { 0x01, 0x4f }, { 0x09, 0x4f }, { 0x0a, 0x0d }, { 0x0b, 0x0e },
		{ 0x0c, 0x00 }, { 0x0d, 0x00 }, { 0x0e, 0x00 }, { 0x0f, 0x00 }, { 0x12, 0x8f },
		{ 0x13, 0x28 }, { 0x17, 0xa3 }, { 0x18, 0xff },
	};
	struct vga v;

	(void)state;
	memset(&v, 0xcc, sizeof(v));
	vga__init(&v);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t got = crtc_read(&v, cases[i].reg);

		if (got != cases[i].value)
			fail_msg("CRTC 0x%02x: 0x%02x, want 0x%02x", cases[i].reg, got,
				 cases[i].value);
	}
	assert_int_equal(vga__start_address(&v), 0);
	assert_int_equal(vga__cursor_address(&v), 0);
	assert_true(vga__cursor_visible(&v));
}

static void test_index_register(void **state)
{
	struct vga v;

	(void)state;
	vga__init(&v);
	assert_int_equal(vga__io(&v, INDEX, 0, false), 0);
	for (unsigned i = 0; i < 0x100; i += 0x11) {
		vga__io(&v, INDEX, (uint8_t)i, true);
		assert_int_equal(vga__io(&v, INDEX, 0, false), i);
	}
}

static void test_data_register(void **state)
{
	struct vga v;

	(void)state;
	vga__init(&v);
	crtc_write(&v, 0x11, 0x0e); /* lift mode 3's write protection of CR0-CR7 */
	for (uint8_t reg = 0; reg < VGA_NR_CRTC; reg++)
		crtc_write(&v, reg, (uint8_t)(reg == 0x11 ? 0x21 : 0xa0 + reg));
	for (uint8_t reg = 0; reg < VGA_NR_CRTC; reg++)
		assert_int_equal(crtc_read(&v, reg), reg == 0x11 ? 0x21 : 0xa0 + reg);
	/* a data access does not move the index */
	vga__io(&v, INDEX, 0x07, true);
	vga__io(&v, DATA, 0x55, true);
	vga__io(&v, DATA, 0, false);
	assert_int_equal(vga__io(&v, INDEX, 0, false), 0x07);
}

static void test_crtc_write_protect(void **state)
{
	struct vga v;

	(void)state;
	vga__init(&v); /* mode 3 sets CR11 bit 7 */
	crtc_write(&v, 0x00, 0x12);
	crtc_write(&v, 0x07, 0x00);   /* only the line-compare bit 4 gets through */
	crtc_write(&v, 0x08, 0x05);   /* CR8 and up are not protected */
	assert_int_equal(crtc_read(&v, 0x00), 0x5f);
	assert_int_equal(crtc_read(&v, 0x07), 0x1f & ~0x10);
	assert_int_equal(crtc_read(&v, 0x08), 0x05);
	crtc_write(&v, 0x11, 0x0e);
	crtc_write(&v, 0x00, 0x12);
	assert_int_equal(crtc_read(&v, 0x00), 0x12);
}

static void test_cursor_and_start_address(void **state)
{
	struct vga v;

	(void)state;
	vga__init(&v);
	crtc_write(&v, 0x0e, 0x01);
	crtc_write(&v, 0x0f, 0x23);
	assert_int_equal(vga__cursor_address(&v), 0x0123);
	assert_int_equal(vga__start_address(&v), 0);
	crtc_write(&v, 0x0c, 0x07);
	crtc_write(&v, 0x0d, 0xd0);
	assert_int_equal(vga__start_address(&v), 0x07d0);
	assert_int_equal(vga__cursor_address(&v), 0x0123);
	crtc_write(&v, 0x0e, 0xff);
	crtc_write(&v, 0x0f, 0xfe);
	assert_int_equal(vga__cursor_address(&v), 0xfffe);
	crtc_write(&v, 0x0c, 0x80);
	crtc_write(&v, 0x0d, 0x01);
	assert_int_equal(vga__start_address(&v), 0x8001);
}

static void test_out_of_range_index(void **state)
{
	static const uint8_t bad[] = { VGA_NR_CRTC, 0x20, 0x7f, 0x8e, 0xff };
	struct vga v, before;

	(void)state;
	vga__init(&v);
	crtc_write(&v, 0x0e, 0x12);
	before = v;
	for (size_t i = 0; i < sizeof(bad); i++) {
		vga__io(&v, INDEX, bad[i], true);
		assert_int_equal(vga__io(&v, DATA, 0, false), 0xff);
		vga__io(&v, DATA, 0x42, true);
		assert_int_equal(vga__io(&v, DATA, 0, false), 0xff);
		assert_int_equal(vga__io(&v, INDEX, 0, false), bad[i]);
		assert_memory_equal(v.s.crtc, before.s.crtc, sizeof(v.s.crtc));
	}
	/* the last real register is still reachable */
	assert_int_equal(crtc_read(&v, VGA_NR_CRTC - 1), 0xff);
	crtc_write(&v, VGA_NR_CRTC - 1, 0x3c);
	assert_int_equal(crtc_read(&v, VGA_NR_CRTC - 1), 0x3c);
	assert_int_equal(vga__cursor_address(&v), 0x1200);
}

static void test_other_ports(void **state)
{
	struct vga v, before;

	(void)state;
	vga__init(&v);
	before = v;
	assert_int_equal(vga__io(&v, INDEX - 1, 0, false), 0xff);
	assert_int_equal(vga__io(&v, DATA + 1, 0, false), 0xff);
	vga__io(&v, INDEX - 1, 0x0e, true);
	vga__io(&v, DATA + 1, 0x99, true);
	assert_int_equal(v.s.crtc_index, before.s.crtc_index);
	assert_memory_equal(v.s.crtc, before.s.crtc, sizeof(v.s.crtc));
}

static void test_cursor_visibility(void **state)
{
	static const struct {
		uint8_t reg0a;
		bool visible;
	} cases[] = {
		{ 0x0d, true }, { 0x00, true }, { 0x0e, true }, { 0xce, true },
		{ 0x20, false }, { 0x2d, false }, { 0x3f, false }, { 0xff, false },
		/* the first scan line below the last (0Bh holds 14): no cursor on a VGA */
		{ 0x0f, false }, { 0x1f, false }, { 0xdf, false },
	};
	struct vga v;

	(void)state;
	vga__init(&v);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		crtc_write(&v, 0x0a, cases[i].reg0a);
		if (vga__cursor_visible(&v) != cases[i].visible)
			fail_msg("CRTC 0x0a = 0x%02x: visible %d, want %d", cases[i].reg0a,
				 !cases[i].visible, cases[i].visible);
	}
	/* other registers do not hide it (0Bh bits 5-6: the cursor skew) */
	crtc_write(&v, 0x0a, 0x0d);
	crtc_write(&v, 0x0b, 0x2e);
	crtc_write(&v, 0x0e, 0x20);
	assert_true(vga__cursor_visible(&v));
}

static void test_register_on_bus(void **state)
{
	struct vga v;
	struct bus bus;
	const struct bus_range *r;

	(void)state;
	vga__init(&v);
	bus__init(&bus, "pio");
	assert_int_equal(vga__register(&v, &bus), 0);
	r = bus__find(&bus, INDEX);
	assert_non_null(r);
	assert_ptr_equal(r->opaque, &v);
	assert_ptr_equal(bus__find(&bus, DATA), r);
	assert_null(bus__find(&bus, INDEX - 1));
	assert_null(bus__find(&bus, DATA + 1));
	assert_int_equal(vga__register(&v, &bus), -EEXIST);
}

static void test_bus_word_out_sets_index_then_data(void **state)
{
	struct vga v;
	struct bus bus;
	uint8_t ax[2];

	(void)state;
	vga__init(&v);
	bus__init(&bus, "pio");
	assert_int_equal(vga__register(&v, &bus), 0);

	/* mov ax, 0x120e / out dx, ax: AL = index 0x0e, AH = data 0x12 */
	ax[0] = 0x0e;
	ax[1] = 0x12;
	assert_true(bus__access(&bus, INDEX, ax, 2, true));
	ax[0] = 0x0f;
	ax[1] = 0x34;
	assert_true(bus__access(&bus, INDEX, ax, 2, true));
	assert_int_equal(vga__cursor_address(&v), 0x1234);
	assert_int_equal(v.s.crtc_index, 0x0f);

	/* start address and cursor shape the same way */
	ax[0] = 0x0c;
	ax[1] = 0x00;
	assert_true(bus__access(&bus, INDEX, ax, 2, true));
	ax[0] = 0x0d;
	ax[1] = 0x50;
	assert_true(bus__access(&bus, INDEX, ax, 2, true));
	assert_int_equal(vga__start_address(&v), 0x0050);
	ax[0] = 0x0a;
	ax[1] = 0x20;
	assert_true(bus__access(&bus, INDEX, ax, 2, true));
	assert_false(vga__cursor_visible(&v));

	/* in ax, dx reads the index and the register it selects */
	ax[0] = ax[1] = 0;
	assert_true(bus__access(&bus, INDEX, ax, 2, false));
	assert_int_equal(ax[0], 0x0a);
	assert_int_equal(ax[1], 0x20);

	/* an out-of-range index written by word drops its data */
	ax[0] = 0x30;
	ax[1] = 0x77;
	assert_true(bus__access(&bus, INDEX, ax, 2, true));
	for (uint8_t reg = 0; reg < VGA_NR_CRTC; reg++)
		assert_int_not_equal(v.s.crtc[reg], 0x77);
	assert_int_equal(bus.unclaimed_reads + bus.unclaimed_writes, 0);
}

/*
 * A snapshot is a copy of s: stop a guest half-way through the multi-access
 * sequences (attribute index/data flip-flop, a DAC colour triple) and the
 * copy must carry on exactly as the original does.
 */
static void test_state_restores_by_copy(void **state)
{
	/* the same accesses on both after the copy; want < 0: a write, compared only */
	static const struct {
		uint16_t port;
		uint8_t value;
		bool is_write;
		int want;
	} next[] = {
		{ 0x3c0, 0x3f, true, -1 },      /* the flip-flop was at data: attribute 1 = 0x3f */
		{ 0x3c0, 0, false, 0x21 },
		{ 0x3c1, 0, false, 0x3f },
		{ 0x3c7, 0, false, 0x00 },      /* the DAC is still in write mode */
		{ 0x3c9, 0x3f, true, -1 },      /* blue completes entry 0x10 */
		{ 0x3c9, 0x01, true, -1 },      /* and red starts entry 0x11 */
		{ 0x3c8, 0, false, 0x11 },
		{ 0x3c7, 0x10, true, -1 },
		{ 0x3c9, 0, false, 0x2a },
		{ 0x3c9, 0, false, 0x15 },
		{ 0x3c9, 0, false, 0x3f },
		{ 0x3c9, 0, false, 0x01 },
		{ 0x3c7, 0, false, 0x03 },
		{ 0x3d4, 0, false, 0x0f },      /* the CRTC index survives */
		{ 0x3d5, 0, false, 0x8a },
		{ 0x3da, 0, false, 0x00 },      /* the retrace toggle continues from one read */
		{ 0x3da, 0, false, 0x09 },
		{ 0x3c0, 0x12, true, -1 },      /* that read reset the flip-flop: an index */
		{ 0x3c0, 0, false, 0x12 },
	};
	struct vga a, b;

	(void)state;
	vga__init(&a);
	crtc_write(&a, 0x0c, 0x01);
	crtc_write(&a, 0x0d, 0x40);
	crtc_write(&a, 0x0e, 0x02);
	crtc_write(&a, 0x0f, 0x8a);
	assert_int_equal(vga__io(&a, 0x3da, 0, false), 0x09); /* resets the flip-flop */
	vga__io(&a, 0x3c0, 0x21, true);  /* index 1, display on; data comes next */
	vga__io(&a, 0x3c8, 0x10, true);
	vga__io(&a, 0x3c9, 0x2a, true);  /* red */
	vga__io(&a, 0x3c9, 0x15, true);  /* green; blue pending */

	/* garbage first, so nothing but the copy can make b right */
	memset(&b, 0xcc, sizeof(b));
	memcpy(&b.s, &a.s, sizeof(b.s));
	assert_int_equal(a.s.version, VGA_STATE_VERSION);
	assert_int_equal(b.s.version, VGA_STATE_VERSION);
	assert_int_equal(vga__start_address(&b), 0x0140);
	assert_int_equal(vga__cursor_address(&b), 0x028a);
	assert_true(vga__cursor_visible(&b));

	for (size_t i = 0; i < sizeof(next) / sizeof(next[0]); i++) {
		uint8_t ra = vga__io(&a, next[i].port, next[i].value, next[i].is_write);
		uint8_t rb = vga__io(&b, next[i].port, next[i].value, next[i].is_write);

		if (ra != rb)
			fail_msg("access %zu (port 0x%03x): original 0x%02x, copy 0x%02x", i,
				 next[i].port, ra, rb);
		if (next[i].want >= 0 && rb != next[i].want)
			fail_msg("access %zu (port 0x%03x): 0x%02x, want 0x%02x", i,
				 next[i].port, rb, next[i].want);
	}
	assert_int_equal(vga__start_address(&a), vga__start_address(&b));
	assert_int_equal(vga__cursor_address(&a), vga__cursor_address(&b));
	assert_memory_equal(&a.s, &b.s, sizeof(a.s));
}

/*
 * The registers SeaVGABIOS programs for each standard mode (read back from
 * our model after INT 10h AH=00h under bootcheck), and what they show.
 */
static void test_mode_decoding(void **state)
{
	static const struct {
		unsigned mode;
		uint8_t seq[VGA_NR_SEQ], gc[VGA_NR_GC], attr10, crtc[VGA_NR_CRTC];
		enum vga_kind kind;
		unsigned width, height, cols, rows;
		uint32_t base;
	} modes[] = {
		{ 0x01, { 0x03, 0x08, 0x03, 0x00, 0x03 }, { 0, 0, 0, 0, 0, 0x10, 0x0e, 0x0f, 0xff }, 0x0c,
		  { 0x2d, 0x27, 0x28, 0x90, 0x2b, 0xa0, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0, 0, 0, 0,
		    0x9c, 0x8e, 0x8f, 0x14, 0x1f, 0x96, 0xb9, 0xa3, 0xff },
		  VGA_KIND_TEXT, 360, 400, 40, 25, 0xb8000 },
		{ 0x03, { 0x03, 0x00, 0x03, 0x00, 0x03 }, { 0, 0, 0, 0, 0, 0x10, 0x0e, 0x0f, 0xff }, 0x0c,
		  { 0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0, 0, 0, 0,
		    0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff },
		  VGA_KIND_TEXT, 720, 400, 80, 25, 0xb8000 },
		{ 0x04, { 0x03, 0x09, 0x03, 0x00, 0x02 }, { 0, 0, 0, 0, 0, 0x30, 0x0f, 0x0f, 0xff }, 0x01,
		  { 0x2d, 0x27, 0x28, 0x90, 0x2b, 0x80, 0xbf, 0x1f, 0x00, 0xc1, 0, 0, 0, 0, 0, 0,
		    0x9c, 0x8e, 0x8f, 0x14, 0x00, 0x96, 0xb9, 0xa2, 0xff },
		  VGA_KIND_CGA4, 320, 200, 0, 0, 0xb8000 },
		{ 0x06, { 0x03, 0x01, 0x01, 0x00, 0x06 }, { 0, 0, 0, 0, 0, 0x00, 0x0d, 0x0f, 0xff }, 0x01,
		  { 0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0xbf, 0x1f, 0x00, 0xc1, 0, 0, 0, 0, 0, 0,
		    0x9c, 0x8e, 0x8f, 0x28, 0x00, 0x96, 0xb9, 0xc2, 0xff },
		  VGA_KIND_CGA2, 640, 200, 0, 0, 0xb8000 },
		{ 0x07, { 0x03, 0x00, 0x03, 0x00, 0x03 }, { 0, 0, 0, 0, 0, 0x10, 0x0a, 0x0f, 0xff }, 0x0e,
		  { 0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0, 0, 0, 0xa0,
		    0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff },
		  VGA_KIND_TEXT, 720, 400, 80, 25, 0xb0000 },
		{ 0x0d, { 0x03, 0x09, 0x0f, 0x00, 0x06 }, { 0, 0, 0, 0, 0, 0x00, 0x05, 0x0f, 0xff }, 0x01,
		  { 0x2d, 0x27, 0x28, 0x90, 0x2b, 0x80, 0xbf, 0x1f, 0x00, 0xc0, 0, 0, 0, 0, 0, 0,
		    0x9c, 0x8e, 0x8f, 0x14, 0x00, 0x96, 0xb9, 0xe3, 0xff },
		  VGA_KIND_PLANAR, 320, 200, 0, 0, 0xa0000 },
		{ 0x12, { 0x03, 0x01, 0x0f, 0x00, 0x06 }, { 0, 0, 0, 0, 0, 0x00, 0x05, 0x0f, 0xff }, 0x01,
		  { 0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0x0b, 0x3e, 0x00, 0x40, 0, 0, 0, 0, 0, 0,
		    0xea, 0x8c, 0xdf, 0x28, 0x00, 0xe7, 0x04, 0xe3, 0xff },
		  VGA_KIND_PLANAR, 640, 480, 0, 0, 0xa0000 },
		{ 0x13, { 0x03, 0x01, 0x0f, 0x00, 0x0e }, { 0, 0, 0, 0, 0, 0x40, 0x05, 0x0f, 0xff }, 0x41,
		  { 0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0xbf, 0x1f, 0x00, 0x41, 0, 0, 0, 0, 0, 0,
		    0x9c, 0x8e, 0x8f, 0x28, 0x40, 0x96, 0xb9, 0xa3, 0xff },
		  VGA_KIND_256, 320, 200, 0, 0, 0xa0000 },
	};
	struct vga v;
	struct vga_mode m;

	(void)state;
	vga__init(&v);
	vga__mode(&v, &m); /* as after power-on: mode 3 */
	assert_int_equal(m.kind, VGA_KIND_TEXT);
	assert_int_equal(m.cols, 80);
	assert_int_equal(m.rows, 25);
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		memcpy(v.s.seq, modes[i].seq, sizeof(v.s.seq));
		memcpy(v.s.gc, modes[i].gc, sizeof(v.s.gc));
		memcpy(v.s.crtc, modes[i].crtc, sizeof(v.s.crtc));
		v.s.attr[0x10] = modes[i].attr10;
		vga__mode(&v, &m);
		if (m.kind != modes[i].kind || m.width != modes[i].width ||
		    m.height != modes[i].height || m.cols != modes[i].cols ||
		    m.rows != modes[i].rows || m.base != modes[i].base)
			fail_msg("mode %02xh: kind %d %ux%u, %ux%u cells at %05x; want kind %d %ux%u, "
				 "%ux%u at %05x", modes[i].mode, m.kind, m.width, m.height, m.cols, m.rows,
				 m.base, modes[i].kind, modes[i].width, modes[i].height, modes[i].cols,
				 modes[i].rows, modes[i].base);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mode_decoding),
		cmocka_unit_test(test_mode3_defaults),
		cmocka_unit_test(test_index_register),
		cmocka_unit_test(test_data_register),
		cmocka_unit_test(test_crtc_write_protect),
		cmocka_unit_test(test_cursor_and_start_address),
		cmocka_unit_test(test_out_of_range_index),
		cmocka_unit_test(test_other_ports),
		cmocka_unit_test(test_cursor_visibility),
		cmocka_unit_test(test_register_on_bus),
		cmocka_unit_test(test_bus_word_out_sets_index_then_data),
		cmocka_unit_test(test_state_restores_by_copy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
