/* options_test.c - unit tests for `bootcheck run` option parsing (harness/cli/options.[ch]). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "config/options.h"
#include "report/exit_status.h"

#define MAX_ARGS 40

static struct run_options opt;
static char err[256];

/* parse the NULL-terminated ARGV (starting with "run") into opt from the defaults */
static int parse_v(char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	options__defaults(&opt);
	memset(err, 0, sizeof(err));
	return options__parse_run(argc, argv, &opt, err, sizeof(err));
}

#define PARSE(...) parse_v((char *[]){ "run", __VA_ARGS__, NULL })

/* a successful parse, reporting the message if there is one */
#define PARSE_OK(...)                                                          \
	do {                                                                   \
		if (PARSE(__VA_ARGS__) != 0)                                   \
			fail_msg("parse failed: %s", err);                      \
	} while (0)

static void test_defaults(void **state)
{
	(void)state;
	memset(&opt, 0x5a, sizeof(opt));
	options__defaults(&opt);
	assert_null(opt.image);
	assert_int_equal(opt.mode, MODE_BIOS);
	assert_string_equal(opt.bios, "/usr/share/seabios/bios.bin");
	assert_string_equal(opt.vgabios, "/usr/share/seabios/vgabios-isavga.bin");
	assert_int_equal(opt.drive, DRIVE_HDD);
	assert_int_equal(opt.idle_ms, 300);
	assert_false(opt.verbose);
	assert_int_equal(opt.direct.load, 0x7c00);
	assert_int_equal(opt.direct.cpu, CPU_REAL);
	assert_false(opt.direct.entry_set);
	assert_false(opt.direct.entry_segoff);
	assert_int_equal(opt.mem, 32ULL << 20);
	assert_float_equal(opt.timeout_s, 10.0, 0);
	assert_int_equal(opt.nr_console_ports, 0);
	assert_int_equal(opt.exit_port, 0xf4);
	assert_int_equal(opt.max_output, 1u << 20);
	assert_null(opt.out_dir);
	assert_false(opt.json);
	assert_false(opt.trace);
	assert_false(opt.help);

	/* `run IMAGE` keeps them all */
	struct run_options want;

	options__defaults(&want);
	PARSE_OK("boot.bin");
	assert_string_equal(opt.image, "boot.bin");
	want.image = opt.image;
	want.hdd[0] = opt.image; /* the first hard disk, and it boots */
	want.nr_hdd = 1;
	assert_memory_equal(&opt, &want, sizeof(opt));
	assert_true(strlen(options__run_usage) > 0);
	assert_non_null(strstr(options__run_usage, "--mem"));
}

/* --hdd, --floppy, --boot and IMAGE with --drive: which disk goes where, and which boots. */
static void test_drives(void **state)
{
	(void)state;
	/* IMAGE is the primary master, each --hdd the next place, in order */
	PARSE_OK("a.img", "--hdd", "b.img");
	assert_int_equal(opt.nr_hdd, 2);
	assert_string_equal(opt.hdd[0], "a.img");
	assert_string_equal(opt.hdd[1], "b.img");
	assert_int_equal(opt.nr_floppy, 0);
	assert_int_equal(opt.boot, DRIVE_HDD);
	assert_string_equal(opt.image, "a.img");

	/* options before IMAGE still come after it */
	PARSE_OK("--hdd", "b.img", "--hdd", "c.img", "--hdd", "d.img", "a.img");
	assert_int_equal(opt.nr_hdd, 4);
	assert_string_equal(opt.hdd[0], "a.img");
	assert_string_equal(opt.hdd[1], "b.img");
	assert_string_equal(opt.hdd[2], "c.img");
	assert_string_equal(opt.hdd[3], "d.img");

	/* no IMAGE: the first --hdd boots */
	PARSE_OK("--hdd", "x.img", "--hdd", "y.img");
	assert_int_equal(opt.nr_hdd, 2);
	assert_string_equal(opt.hdd[0], "x.img");
	assert_string_equal(opt.hdd[1], "y.img");
	assert_string_equal(opt.image, "x.img");
	assert_int_equal(opt.boot, DRIVE_HDD);

	/* IMAGE --drive floppy: drive A:, booting; the hard disks beside it */
	PARSE_OK("--drive", "floppy", "f.img", "--hdd", "h.img");
	assert_int_equal(opt.nr_floppy, 1);
	assert_string_equal(opt.floppy[0], "f.img");
	assert_int_equal(opt.nr_hdd, 1);
	assert_string_equal(opt.hdd[0], "h.img");
	assert_int_equal(opt.boot, DRIVE_FLOPPY);
	assert_string_equal(opt.image, "f.img");

	/* the kind of the first drive given boots, unless --boot says otherwise */
	PARSE_OK("--floppy", "f.img", "--hdd", "h.img");
	assert_int_equal(opt.boot, DRIVE_FLOPPY);
	assert_string_equal(opt.image, "f.img");
	PARSE_OK("--hdd", "h.img", "--floppy", "f.img");
	assert_int_equal(opt.boot, DRIVE_HDD);
	assert_string_equal(opt.image, "h.img");
	PARSE_OK("--floppy", "f.img", "--hdd", "h.img", "--boot", "hdd");
	assert_int_equal(opt.boot, DRIVE_HDD);
	assert_string_equal(opt.image, "h.img");
	PARSE_OK("a.img", "--floppy", "f.img", "--boot", "floppy");
	assert_int_equal(opt.boot, DRIVE_FLOPPY);
	assert_string_equal(opt.image, "f.img");
	assert_string_equal(opt.hdd[0], "a.img");

	/* direct mode: IMAGE is the kernel, the hard disks are its disks */
	PARSE_OK("--mode", "direct", "k.bin", "--hdd", "fs.img", "--hdd", "fs2.img");
	assert_string_equal(opt.image, "k.bin");
	assert_int_equal(opt.nr_hdd, 2);
	assert_string_equal(opt.hdd[0], "fs.img");
	assert_string_equal(opt.hdd[1], "fs2.img");
}

static void test_drive_errors(void **state)
{
	static const struct {
		char *argv[12];
		const char *msg;
	} cases[] = {
		{ { "--hdd", "1", "--hdd", "2", "--hdd", "3", "--hdd", "4", "--hdd", "5" },
		  "--hdd: at most 4 hard disks" },
		{ { "a.img", "--hdd", "1", "--hdd", "2", "--hdd", "3", "--hdd", "4" },
		  "--hdd: at most 4 hard disks, IMAGE among them" },
		{ { "--floppy", "1", "--floppy", "2", "--floppy", "3" }, "--floppy: at most 2" },
		{ { "--drive", "floppy", "a.img", "--floppy", "2", "--floppy", "3" },
		  "--floppy: at most 2 floppy drives, IMAGE among them" },
		{ { "--hdd", "" }, "--hdd: empty file name" },
		{ { "--floppy", "" }, "--floppy: empty file name" },
		{ { "--hdd" }, "--hdd needs a value" },
		{ { "--boot", "cdrom", "a.img" }, "--boot: 'cdrom' is not hdd or floppy" },
		{ { "--boot", "floppy", "a.img" }, "--boot floppy: no floppy given" },
		{ { "--boot", "hdd", "--floppy", "f.img" }, "--boot hdd: no hard disk given" },
		{ { "--drive", "floppy", "--hdd", "h.img" }, "--drive says what IMAGE is" },
		{ { "--mode", "direct", "--floppy", "f.img", "k.bin" }, "--floppy is for --mode bios" },
		{ { "--mode", "direct", "--boot", "hdd", "k.bin" }, "--boot is for --mode bios" },
		{ { "--mode", "direct", "--hdd", "h.img" }, "no image given" },
		{ { "--boot", "hdd" }, "no image given" },
		{ { "a.img", "b.img" }, "--hdd FILE" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *argv[14] = { "run" };

		for (int k = 0; k < 12 && cases[i].argv[k]; k++)
			argv[k + 1] = cases[i].argv[k];
		if (parse_v(argv) == 0)
			fail_msg("case %zu parsed, but should say '%s'", i, cases[i].msg);
		if (!strstr(err, cases[i].msg))
			fail_msg("case %zu: '%s' does not say '%s'", i, err, cases[i].msg);
	}
}

static void test_load(void **state)
{
	static const struct {
		const char *arg;
		uint64_t want;
	} cases[] = {
		{ "0x1000", 0x1000 }, { "0X7E00", 0x7e00 }, { "4096", 4096 },
		{ "010", 10 },        /* decimal, not octal */
		{ "0", 0 },           { "0xffffffff", 0xffffffffULL },
		{ "0x0", 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (PARSE("--mode", "direct", "--load", (char *)cases[i].arg, "a.bin"))
			fail_msg("--load %s: %s", cases[i].arg, err);
		if (opt.direct.load != cases[i].want)
			fail_msg("--load %s: 0x%llx", cases[i].arg,
				 (unsigned long long)opt.direct.load);
		assert_false(opt.direct.entry_set);
	}
	PARSE_OK("--mode", "direct", "--load=0x8000", "a.bin");
	assert_int_equal(opt.direct.load, 0x8000);
}

static void test_entry(void **state)
{
	(void)state;
	PARSE_OK("--mode", "direct", "--entry", "0x7c00", "a.bin");
	assert_true(opt.direct.entry_set);
	assert_false(opt.direct.entry_segoff);
	assert_int_equal(opt.direct.entry, 0x7c00);

	PARSE_OK("--mode", "direct", "--entry", "1000", "a.bin"); /* bare address: decimal */
	assert_int_equal(opt.direct.entry, 1000);

	PARSE_OK("--mode", "direct", "--entry", "07c0:0000", "a.bin");
	assert_true(opt.direct.entry_set);
	assert_true(opt.direct.entry_segoff);
	assert_int_equal(opt.direct.entry_seg, 0x7c0);
	assert_int_equal(opt.direct.entry_off, 0);
	assert_int_equal(opt.direct.entry, 0x7c00);
	assert_int_equal(opt.direct.load, 0x7c00); /* load is separate */

	PARSE_OK("--mode", "direct", "--load", "0x10000", "--entry", "1000:0100", "a.bin");
	assert_int_equal(opt.direct.load, 0x10000);
	assert_int_equal(opt.direct.entry_seg, 0x1000);
	assert_int_equal(opt.direct.entry_off, 0x100);
	assert_int_equal(opt.direct.entry, 0x10100);

	/* SEG:OFF explicitly real mode is fine */
	PARSE_OK("--mode", "direct", "--cpu", "real", "--entry", "0:7c00", "a.bin");
	assert_int_equal(opt.direct.entry, 0x7c00);

	/* a later --entry replaces an earlier one */
	PARSE_OK("--mode", "direct", "--entry", "07c0:0000", "--entry", "0x8000", "--cpu", "long", "a.bin");
	assert_false(opt.direct.entry_segoff);
	assert_int_equal(opt.direct.entry, 0x8000);
	assert_int_equal(opt.direct.cpu, CPU_LONG);

	/* linear entries in protected and long mode */
	PARSE_OK("--mode", "direct", "--cpu", "protected", "--entry", "0x100000", "a.bin");
	assert_int_equal(opt.direct.entry, 0x100000);
	assert_int_equal(opt.direct.cpu, CPU_PROTECTED);
}

static void test_cpu(void **state)
{
	static const struct {
		const char *arg;
		enum cpu_mode want;
	} cases[] = {
		{ "real", CPU_REAL }, { "protected", CPU_PROTECTED }, { "long", CPU_LONG },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (PARSE("--mode", "direct", "--cpu", (char *)cases[i].arg, "a.bin"))
			fail_msg("--cpu %s: %s", cases[i].arg, err);
		assert_int_equal(opt.direct.cpu, cases[i].want);
	}
}

static void test_mem(void **state)
{
	static const struct {
		const char *arg;
		uint64_t want;
	} cases[] = {
		{ "64M", 64ULL << 20 }, { "64m", 64ULL << 20 },  { "1G", 1ULL << 30 },
		{ "3G", 3ULL << 30 },   { "1M", 1ULL << 20 },    { "1024K", 1ULL << 20 },
		{ "2052K", 2052ULL << 10 }, /* a whole number of pages, not of MiB */
		{ "128", 128ULL << 20 },    /* bare number: MiB */
		{ "1", 1ULL << 20 },    { "3072", 3ULL << 30 },  { "0x40", 64ULL << 20 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (PARSE("--mem", (char *)cases[i].arg, "a.bin"))
			fail_msg("--mem %s: %s", cases[i].arg, err);
		if (opt.mem != cases[i].want)
			fail_msg("--mem %s: %llu", cases[i].arg, (unsigned long long)opt.mem);
	}
}

static void test_timeout(void **state)
{
	static const struct {
		const char *arg;
		double want;
	} cases[] = {
		{ "0.5", 0.5 }, { "10", 10 }, { ".25", 0.25 }, { "86400", 86400 }, { "1e2", 100 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (PARSE("--timeout", (char *)cases[i].arg, "a.bin"))
			fail_msg("--timeout %s: %s", cases[i].arg, err);
		assert_float_equal(opt.timeout_s, cases[i].want, 1e-12);
	}
}

static void test_console_ports(void **state)
{
	char *argv[MAX_ARGS];
	char ports[DEBUGCON_MAX_PORTS][8];
	int argc = 0;

	(void)state;
	PARSE_OK("--console-port", "0x402", "a.bin");
	assert_int_equal(opt.nr_console_ports, 1);
	assert_int_equal(opt.console_ports[0], 0x402);

	/* 15 extra ports (16 with 0xe9) are fine, in order; a 16th is not */
	argv[argc++] = "run";
	for (int i = 0; i < DEBUGCON_MAX_PORTS - 1; i++) {
		snprintf(ports[i], sizeof(ports[i]), "0x%x", 0x500 + i);
		argv[argc++] = "--console-port";
		argv[argc++] = ports[i];
	}
	argv[argc++] = "a.bin";
	argv[argc] = NULL;
	if (parse_v(argv))
		fail_msg("15 console ports: %s", err);
	assert_int_equal(opt.nr_console_ports, 15);
	for (int i = 0; i < 15; i++)
		assert_int_equal(opt.console_ports[i], 0x500 + i);

	argc--;
	argv[argc++] = "--console-port";
	argv[argc++] = "0x600";
	argv[argc++] = "a.bin";
	argv[argc] = NULL;
	assert_int_equal(parse_v(argv), -1);
	assert_non_null(strstr(err, "--console-port"));
	assert_int_equal(opt.nr_console_ports, 15); /* nothing written past the array */
}

static void test_ports_and_output(void **state)
{
	(void)state;
	PARSE_OK("--exit-port", "0x501", "a.bin");
	assert_int_equal(opt.exit_port, 0x501);
	PARSE_OK("--exit-port", "65535", "a.bin");
	assert_int_equal(opt.exit_port, 0xffff);
	PARSE_OK("--exit-port", "0", "a.bin");
	assert_int_equal(opt.exit_port, 0);

	PARSE_OK("a.bin");
	assert_int_equal(opt.exit_status, EXIT_STATUS_RAN);
	PARSE_OK("--exit-status", "qemu", "a.bin");
	assert_int_equal(opt.exit_status, EXIT_STATUS_QEMU);
	PARSE_OK("--exit-status", "guest", "a.bin");
	assert_int_equal(opt.exit_status, EXIT_STATUS_GUEST);
	PARSE_OK("--exit-status-from-guest", "a.bin");
	assert_int_equal(opt.exit_status, EXIT_STATUS_GUEST);
	PARSE_OK("--exit-status", "qemu", "--exit-status", "ran", "a.bin"); /* the last wins */
	assert_int_equal(opt.exit_status, EXIT_STATUS_RAN);
	assert_int_equal(PARSE("--exit-status", "33", "a.bin"), -1);
	assert_string_equal(err, "--exit-status: '33' is not ran, guest or qemu");

	PARSE_OK("--max-output", "4096", "a.bin"); /* bare number: bytes */
	assert_int_equal(opt.max_output, 4096);
	PARSE_OK("--max-output", "1", "a.bin");
	assert_int_equal(opt.max_output, 1);
	PARSE_OK("--max-output", "64K", "a.bin");
	assert_int_equal(opt.max_output, 64 << 10);
	PARSE_OK("--max-output", "1G", "a.bin");
	assert_int_equal(opt.max_output, 1 << 30);

	PARSE_OK("--mode", "direct", "a.bin");
	assert_int_equal(opt.mode, MODE_DIRECT);
	PARSE_OK("--mode", "bios", "--drive", "floppy", "--bios", "b.bin", "--vgabios", "v.bin",
		 "--idle", "0", "-v", "a.bin");
	assert_int_equal(opt.mode, MODE_BIOS);
	assert_int_equal(opt.drive, DRIVE_FLOPPY);
	assert_string_equal(opt.bios, "b.bin");
	assert_string_equal(opt.vgabios, "v.bin");
	assert_int_equal(opt.idle_ms, 0);
	assert_true(opt.verbose);

	PARSE_OK("a.bin");
	assert_int_equal(opt.stop_at_ns, 0); /* no --stop-at: none */
	PARSE_OK("--stop-at", "2", "a.bin");
	assert_int_equal(opt.stop_at_ns, 2000000000ULL);
	PARSE_OK("--stop-at", "0.25", "--mode", "direct", "a.bin");
	assert_int_equal(opt.stop_at_ns, 250000000ULL);
	PARSE_OK("--stop-at", "86400", "a.bin");
	assert_int_equal(opt.stop_at_ns, 86400000000000ULL);

	PARSE_OK("a.bin");
	assert_false(opt.no_cache);
	PARSE_OK("--no-cache", "a.bin");
	assert_true(opt.no_cache);
}

/* Two floppies, A: then B:: beside a hard disk, after IMAGE as A:, or alone */
static void test_floppies(void **state)
{
	(void)state;
	PARSE_OK("--floppy", "x.img", "a.bin", "--floppy", "y.img");
	assert_int_equal(opt.nr_floppy, 2);
	assert_string_equal(opt.floppy[0], "x.img");
	assert_string_equal(opt.floppy[1], "y.img");
	assert_int_equal(opt.boot, DRIVE_HDD);
	assert_string_equal(opt.image, "a.bin");
	PARSE_OK("--drive", "floppy", "--floppy", "b.img", "a.img");
	assert_int_equal(opt.nr_floppy, 2);
	assert_string_equal(opt.floppy[0], "a.img");
	assert_string_equal(opt.floppy[1], "b.img");
	assert_int_equal(opt.boot, DRIVE_FLOPPY);
	PARSE_OK("--floppy", "x.img", "--floppy", "y.img");
	assert_int_equal(opt.nr_floppy, 2);
	assert_int_equal(opt.boot, DRIVE_FLOPPY);
	assert_string_equal(opt.image, "x.img");
	assert_int_equal(PARSE("--floppy", "x", "--floppy", "y", "--floppy", "z", "a.bin"), -1);
}

static void test_flags(void **state)
{
	(void)state;
	PARSE_OK("--json", "a.bin");
	assert_true(opt.json);
	assert_false(opt.trace);
	PARSE_OK("--trace", "a.bin");
	assert_true(opt.trace);
	assert_false(opt.json);
	PARSE_OK("--out", "results/x", "--json", "--trace", "a.bin");
	assert_string_equal(opt.out_dir, "results/x");
	assert_true(opt.json);
	assert_true(opt.trace);
	PARSE_OK("--out=dir", "a.bin");
	assert_string_equal(opt.out_dir, "dir");

	/* -- ends the options: an image may start with a dash */
	PARSE_OK("--json", "--", "-odd.bin");
	assert_string_equal(opt.image, "-odd.bin");
	assert_true(opt.json);
}

static void test_help(void **state)
{
	(void)state;
	assert_int_equal(parse_v((char *[]){ "run", "--help", NULL }), 0);
	assert_true(opt.help);
	assert_null(opt.image);
	assert_int_equal(parse_v((char *[]){ "run", "-h", NULL }), 0);
	assert_true(opt.help);
	PARSE_OK("--json", "--help");
	assert_true(opt.help);
	assert_true(opt.json);
	PARSE_OK("--help", "a.bin");
	assert_true(opt.help);
	PARSE_OK("a.bin");
	assert_false(opt.help);
}

static void test_errors_name_the_option(void **state)
{
	static const struct {
		char *argv[8];
		const char *needle;
	} cases[] = {
		/* --load */
		{ { "--load", "0x100000000", "a.bin" }, "--load" },
		{ { "--load", "abc", "a.bin" }, "--load" },
		{ { "--load", "-1", "a.bin" }, "--load" },
		{ { "--load", "", "a.bin" }, "--load" },
		{ { "--load", "0x", "a.bin" }, "--load" },
		/* --entry */
		{ { "--entry", "0x100000000", "a.bin" }, "--entry" },
		{ { "--entry", "xyz", "a.bin" }, "--entry" },
		{ { "--entry", "10000:0", "a.bin" }, "--entry" },
		{ { "--entry", "0:10000", "a.bin" }, "--entry" },
		{ { "--mode", "direct", "--entry", "07c0:0000", "--cpu", "long", "a.bin" }, "--entry" },
		{ { "--mode", "direct", "--cpu", "long", "--entry", "07c0:0000", "a.bin" }, "--entry" },
		/* options of the other mode */
		{ { "--load", "0", "a.bin" }, "--load" },
		{ { "--cpu", "long", "a.bin" }, "--cpu" },
		{ { "--mode", "direct", "--drive", "floppy", "a.bin" }, "--drive" },
		{ { "--drive", "cdrom", "a.bin" }, "--drive" },
		{ { "--mode", "direct", "--floppy", "b.img", "a.bin" }, "--floppy" },
		{ { "--floppy", "", "a.bin" }, "--floppy" },
		{ { "--floppy", "x", "--floppy", "y", "--floppy", "z", "a.bin" }, "--floppy" },
		{ { "--floppy", "x", "--floppy", "y", "--drive", "floppy", "a.bin" }, "--floppy" },
		{ { "--idle", "-1", "a.bin" }, "--idle" },
		{ { "--mode", "direct", "--no-cache", "a.bin" }, "--no-cache" },
		{ { "--stop-at", "0", "a.bin" }, "--stop-at" },
		{ { "--stop-at", "-1", "a.bin" }, "--stop-at" },
		{ { "--stop-at", "86401", "a.bin" }, "--stop-at" },
		{ { "--stop-at", "soon", "a.bin" }, "--stop-at" },
		{ { "--stop-at", "a.bin" }, "--stop-at" },
		{ { "--bios", "", "a.bin" }, "--bios" },
		{ { "--cpu", "protected", "--entry", "0:7c00", "a.bin" }, "--entry" },
		/* --cpu */
		{ { "--cpu", "64", "a.bin" }, "--cpu" },
		{ { "--cpu", "Real", "a.bin" }, "--cpu" },
		{ { "--cpu", "", "a.bin" }, "--cpu" },
		/* --mem */
		{ { "--mem", "512K", "a.bin" }, "--mem" },   /* below 1M */
		{ { "--mem", "1023K", "a.bin" }, "--mem" },
		{ { "--mem", "0", "a.bin" }, "--mem" },
		{ { "--mem", "3073M", "a.bin" }, "--mem" },  /* above 3G */
		{ { "--mem", "4G", "a.bin" }, "--mem" },
		{ { "--mem", "3073", "a.bin" }, "--mem" },
		{ { "--mem", "1025K", "a.bin" }, "--mem" },  /* not whole pages */
		{ { "--mem", "1.5G", "a.bin" }, "--mem" },
		{ { "--mem", "64MB", "a.bin" }, "--mem" },
		{ { "--mem", "lots", "a.bin" }, "--mem" },
		{ { "--mem", "", "a.bin" }, "--mem" },
		/* --timeout */
		{ { "--timeout", "0", "a.bin" }, "--timeout" },
		{ { "--timeout", "0.0", "a.bin" }, "--timeout" },
		{ { "--timeout", "-1", "a.bin" }, "--timeout" },
		{ { "--timeout", "abc", "a.bin" }, "--timeout" },
		{ { "--timeout", "inf", "a.bin" }, "--timeout" },
		{ { "--timeout", "nan", "a.bin" }, "--timeout" },
		{ { "--timeout", "86401", "a.bin" }, "--timeout" },
		{ { "--timeout", "10s", "a.bin" }, "--timeout" },
		{ { "--timeout", "", "a.bin" }, "--timeout" },
		/* ports */
		{ { "--console-port", "0x10000", "a.bin" }, "--console-port" },
		{ { "--console-port", "com1", "a.bin" }, "--console-port" },
		{ { "--exit-port", "0x10000", "a.bin" }, "--exit-port" },
		{ { "--exit-port", "65536", "a.bin" }, "--exit-port" },
		{ { "--exit-port", "-1", "a.bin" }, "--exit-port" },
		/* --max-output */
		{ { "--max-output", "0", "a.bin" }, "--max-output" },
		{ { "--max-output", "2G", "a.bin" }, "--max-output" },
		{ { "--max-output", "much", "a.bin" }, "--max-output" },
		/* others */
		{ { "--mode", "floppy", "a.bin" }, "--mode" },
		{ { "--out", "", "a.bin" }, "--out" },
		{ { "--out=", "a.bin" }, "--out" },
		/* image count */
		{ { NULL }, "image" },
		{ { "--json" }, "image" },
		{ { "--out", "dir" }, "image" },
		{ { "a.bin", "b.bin" }, "b.bin" },
		{ { "a.bin", "b.bin", "c.bin" }, "b.bin" },
		/* unknown options */
		{ { "--bogus", "a.bin" }, "--bogus" },
		{ { "-x", "a.bin" }, "-x" },
		{ { "-xh", "a.bin" }, "-x" },
		{ { "--json", "-q", "a.bin" }, "-q" },
		{ { "--trace", "-qh", "a.bin" }, "-q" },
		{ { "--bogus=1", "a.bin" }, "--bogus" },
		{ { "--json=1", "a.bin" }, "--json" },
		/* options missing their value */
		{ { "--load" }, "--load" },
		{ { "--entry" }, "--entry" },
		{ { "--cpu" }, "--cpu" },
		{ { "--mem" }, "--mem" },
		{ { "--timeout" }, "--timeout" },
		{ { "--console-port" }, "--console-port" },
		{ { "--exit-port" }, "--exit-port" },
		{ { "--max-output" }, "--max-output" },
		{ { "--out" }, "--out" },
		{ { "--mode" }, "--mode" },
		{ { "--json", "--mem" }, "--mem" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *argv[10] = { "run" };
		char line[128] = "run";
		int r;

		for (int k = 0; cases[i].argv[k]; k++) {
			argv[k + 1] = cases[i].argv[k];
			snprintf(line + strlen(line), sizeof(line) - strlen(line), " '%s'",
				 cases[i].argv[k]);
		}
		r = parse_v(argv);
		if (r != -1)
			fail_msg("%s: returned %d, want -1", line, r);
		if (!err[0])
			fail_msg("%s: no message", line);
		if (strchr(err, '\n'))
			fail_msg("%s: message is not one line: %s", line, err);
		if (!strstr(err, cases[i].needle))
			fail_msg("%s: message \"%s\" does not name \"%s\"", line, err,
				 cases[i].needle);
	}
}

static void test_error_message_fits(void **state)
{
	char small[12];

	(void)state;
	options__defaults(&opt);
	memset(small, 0x7e, sizeof(small));
	assert_int_equal(options__parse_run(3, (char *[]){ "run", "--mem", "1T", NULL }, &opt,
					    small, 8),
			 -1);
	assert_int_equal(strlen(small), 7);
	assert_int_equal((uint8_t)small[8], 0x7e);
	assert_memory_equal(small, "--mem: ", 7);
}

static void test_reparse(void **state)
{
	(void)state;
	/* getopt state is reset on every call, also after errors mid-argument */
	PARSE_OK("--json", "--mem", "64M", "a.bin");
	PARSE_OK("b.bin");
	assert_string_equal(opt.image, "b.bin");
	assert_false(opt.json);
	assert_int_equal(opt.mem, OPT_DEFAULT_MEM);
	assert_int_equal(PARSE("-xh", "a.bin"), -1);
	assert_int_equal(PARSE("--mode", "direct", "--load"), -1);
	PARSE_OK("--trace", "c.bin");
	assert_string_equal(opt.image, "c.bin");
	assert_true(opt.trace);
	assert_false(opt.help);
}

/* value parsers */

/* whether ARGV (NULL-terminated, after "run") asks for --json, however the parse went */
#define JSON_REQUESTED(...) json_requested_v((char *[]){ "run", __VA_ARGS__, NULL })
static bool json_requested_v(char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	return options__json_requested(argc, argv);
}

static void test_json_requested(void **state)
{
	(void)state;
	/* a usage error before or after --json: still answered in JSON */
	assert_int_equal(PARSE("--json", "--cpu", "vm86", "x"), -1);
	assert_true(JSON_REQUESTED("--json", "--cpu", "vm86", "x"));
	assert_int_equal(PARSE("--bogus", "x", "--json"), -1);
	assert_true(JSON_REQUESTED("--bogus", "x", "--json"));
	assert_true(JSON_REQUESTED("--json"));
	assert_true(JSON_REQUESTED("x", "--mode", "direct", "--json"));
	/* a value is not an option, nor is anything after -- */
	assert_false(JSON_REQUESTED("--keys", "--json", "x"));
	assert_false(JSON_REQUESTED("--out=--json", "x"));
	assert_false(JSON_REQUESTED("--", "--json"));
	assert_false(JSON_REQUESTED("--cpu", "vm86", "x"));
	assert_false(JSON_REQUESTED("--jsonx", "x"));
}

static void test_parse_u64(void **state)
{
	static const struct {
		const char *text;
		int rc;
		uint64_t want;
	} cases[] = {
		{ "0", 0, 0 },
		{ "123", 0, 123 },
		{ "0x7b", 0, 123 },
		{ "0X7B", 0, 123 },
		{ "0x7c00", 0, 0x7c00 },
		{ "010", 0, 10 },
		{ "007", 0, 7 },
		{ "0x00ff", 0, 0xff },
		{ "18446744073709551615", 0, UINT64_MAX },
		{ "0xffffffffffffffff", 0, UINT64_MAX },
		{ "", -1, 0 },
		{ "0x", -1, 0 },
		{ "x10", -1, 0 },
		{ "18446744073709551616", -1, 0 },
		{ "0x10000000000000000", -1, 0 },
		{ "-1", -1, 0 },
		{ "+1", -1, 0 },
		{ " 1", -1, 0 },
		{ "1 ", -1, 0 },
		{ "0x 1", -1, 0 },
		{ "0x-1", -1, 0 },
		{ "12a", -1, 0 },
		{ "abc", -1, 0 },
		{ "1.5", -1, 0 },
		{ "0xg", -1, 0 },
		{ "0x0x10", -1, 0 },
		{ "0X0X10", -1, 0 },
		{ "1k", -1, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t v = 0xdeadbeefcafef00dULL;
		int rc = options__parse_u64(cases[i].text, &v);

		if (rc != cases[i].rc)
			fail_msg("\"%s\": rc %d, want %d", cases[i].text, rc, cases[i].rc);
		if (rc == 0 && v != cases[i].want)
			fail_msg("\"%s\": 0x%llx, want 0x%llx", cases[i].text,
				 (unsigned long long)v, (unsigned long long)cases[i].want);
		if (rc != 0 && v != 0xdeadbeefcafef00dULL)
			fail_msg("\"%s\": failed but wrote 0x%llx", cases[i].text,
				 (unsigned long long)v);
	}
}

static void test_parse_size(void **state)
{
	static const struct {
		const char *text;
		uint64_t bare;
		int rc;
		uint64_t want;
	} cases[] = {
		{ "64M", 1ULL << 20, 0, 64ULL << 20 },
		{ "64m", 1, 0, 64ULL << 20 },
		{ "1G", 1ULL << 20, 0, 1ULL << 30 },
		{ "2g", 1ULL << 20, 0, 2ULL << 30 },
		{ "512K", 1ULL << 20, 0, 512ULL << 10 },
		{ "1k", 1, 0, 1024 },
		{ "32", 1ULL << 20, 0, 32ULL << 20 },
		{ "4096", 1, 0, 4096 },
		{ "0x10", 1ULL << 20, 0, 16ULL << 20 },
		{ "0x10M", 1, 0, 16ULL << 20 },
		{ "010M", 1, 0, 10ULL << 20 },
		{ "0", 1ULL << 20, 0, 0 },
		{ "0K", 1, 0, 0 },
		{ "17179869183G", 1, 0, 17179869183ULL << 30 },
		{ "", 1, -1, 0 },
		{ "M", 1, -1, 0 },
		{ "K", 1, -1, 0 },
		{ "1.5G", 1, -1, 0 },
		{ "1T", 1, -1, 0 },
		{ "-1M", 1, -1, 0 },
		{ "64MB", 1, -1, 0 },
		{ "64 M", 1, -1, 0 },
		{ "M64", 1, -1, 0 },
		{ "1MM", 1, -1, 0 },
		{ "17179869184G", 1, -1, 0 }, /* 2^64: overflows */
		{ "18446744073709551615K", 1, -1, 0 },
		{ "18446744073709551615", 2, -1, 0 },
		{ "0000000000000000000000000000001", 1, 0, 1 },
		{ "00000000000000000000000000000001", 1, -1, 0 }, /* too long */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t v = 0xdeadbeefcafef00dULL;
		int rc = options__parse_size(cases[i].text, cases[i].bare, &v);

		if (rc != cases[i].rc)
			fail_msg("\"%s\" (bare %llu): rc %d, want %d", cases[i].text,
				 (unsigned long long)cases[i].bare, rc, cases[i].rc);
		if (rc == 0 && v != cases[i].want)
			fail_msg("\"%s\": %llu, want %llu", cases[i].text, (unsigned long long)v,
				 (unsigned long long)cases[i].want);
		if (rc != 0 && v != 0xdeadbeefcafef00dULL)
			fail_msg("\"%s\": failed but wrote %llu", cases[i].text,
				 (unsigned long long)v);
	}
}

static void test_parse_port(void **state)
{
	static const struct {
		const char *text;
		int rc;
		uint16_t want;
	} cases[] = {
		{ "0", 0, 0 },          { "0xe9", 0, 0xe9 },     { "233", 0, 233 },
		{ "0x3f8", 0, 0x3f8 },  { "65535", 0, 0xffff },  { "0xffff", 0, 0xffff },
		{ "0x0402", 0, 0x402 },
		{ "65536", -1, 0 },     { "0x10000", -1, 0 },    { "", -1, 0 },
		{ "-1", -1, 0 },        { "0x", -1, 0 },         { "e9", -1, 0 },
		{ "4294967296", -1, 0 }, /* 2^32: not truncated */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint16_t v = 0xbeef;
		int rc = options__parse_port(cases[i].text, &v);

		if (rc != cases[i].rc)
			fail_msg("\"%s\": rc %d, want %d", cases[i].text, rc, cases[i].rc);
		if (rc == 0 && v != cases[i].want)
			fail_msg("\"%s\": 0x%x, want 0x%x", cases[i].text, v, cases[i].want);
		if (rc != 0 && v != 0xbeef)
			fail_msg("\"%s\": failed but wrote 0x%x", cases[i].text, v);
	}
}

static void test_parse_seconds(void **state)
{
	static const struct {
		const char *text;
		int rc;
		double want;
	} cases[] = {
		{ "10", 0, 10 },        { "0.5", 0, 0.5 },    { ".5", 0, 0.5 },
		{ "5.", 0, 5 },         { "0.001", 0, 0.001 }, { "86400", 0, 86400 },
		{ "1e3", 0, 1000 },     { "010", 0, 10 },
		{ "0", -1, 0 },         { "0.0", -1, 0 },     { "-1", -1, 0 },
		{ "-0.5", -1, 0 },      { "+1", -1, 0 },      { "abc", -1, 0 },
		{ "inf", -1, 0 },       { "infinity", -1, 0 }, { "nan", -1, 0 },
		{ "", -1, 0 },          { "86400.5", -1, 0 }, { "1e400", -1, 0 },
		{ "1e-400", -1, 0 },    { "5s", -1, 0 },      { " 5", -1, 0 },
		{ "5 ", -1, 0 },        { ".", -1, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double v = -42.0;
		int rc = options__parse_seconds(cases[i].text, &v);

		if (rc != cases[i].rc)
			fail_msg("\"%s\": rc %d, want %d", cases[i].text, rc, cases[i].rc);
		if (rc == 0 && v != cases[i].want)
			fail_msg("\"%s\": %g, want %g", cases[i].text, v, cases[i].want);
		if (rc != 0 && v != -42.0)
			fail_msg("\"%s\": failed but wrote %g", cases[i].text, v);
	}
}

static void test_parse_entry(void **state)
{
	static const struct {
		const char *text;
		int rc;
		bool segoff;
		uint64_t entry;
		uint16_t seg, off;
	} cases[] = {
		{ "0x7c00", 0, false, 0x7c00, 0, 0 },
		{ "31744", 0, false, 0x7c00, 0, 0 },
		{ "0010", 0, false, 10, 0, 0 },
		{ "0x100000000", 0, false, 0x100000000ULL, 0, 0 }, /* range is the caller's */
		{ "07c0:0000", 0, true, 0x7c00, 0x7c0, 0 },
		{ "7c0:0", 0, true, 0x7c00, 0x7c0, 0 },
		{ "0:7c00", 0, true, 0x7c00, 0, 0x7c00 },
		{ "0x07c0:0x0000", 0, true, 0x7c00, 0x7c0, 0 },
		{ "0X07C0:0X10", 0, true, 0x7c10, 0x7c0, 0x10 },
		{ "1000:0100", 0, true, 0x10100, 0x1000, 0x100 }, /* hex, not decimal */
		{ "ffff:0010", 0, true, 0x100000, 0xffff, 0x10 },
		{ "ffff:ffff", 0, true, 0x10ffef, 0xffff, 0xffff },
		{ "", -1 },
		{ ":", -1 },
		{ ":7c00", -1 },
		{ "7c0:", -1 },
		{ "10000:0", -1 },
		{ "0:10000", -1 },
		{ "7c0:0:0", -1 },
		{ "xyz", -1 },
		{ "7c00", -1 }, /* a bare address is decimal unless 0x */
		{ "g:0", -1 },
		{ "0:g", -1 },
		{ "-1", -1 },
		{ "1:-1", -1 },
		{ "0x:0", -1 },
		{ "0:0x", -1 },
		{ " 0:0", -1 },
		{ "0:0 ", -1 },
		{ "0x0x7c0:0", -1 },
		{ "0:000000000000000000001", -1 },
		{ "000000000000000000000000:0", -1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct direct_boot db, before;
		int rc;

		memset(&db, 0xa5, sizeof(db));
		db.load = 0x1234;
		db.cpu = CPU_PROTECTED;
		before = db;
		rc = options__parse_entry(cases[i].text, &db);
		if (rc != cases[i].rc)
			fail_msg("\"%s\": rc %d, want %d", cases[i].text, rc, cases[i].rc);
		if (rc != 0) {
			if (memcmp(&db, &before, sizeof(db)))
				fail_msg("\"%s\": failed but changed the settings",
					 cases[i].text);
			continue;
		}
		if (!db.entry_set || db.entry_segoff != cases[i].segoff ||
		    db.entry != cases[i].entry)
			fail_msg("\"%s\": set %d segoff %d entry 0x%llx, want %d 0x%llx",
				 cases[i].text, db.entry_set, db.entry_segoff,
				 (unsigned long long)db.entry, cases[i].segoff,
				 (unsigned long long)cases[i].entry);
		if (cases[i].segoff &&
		    (db.entry_seg != cases[i].seg || db.entry_off != cases[i].off))
			fail_msg("\"%s\": %04x:%04x, want %04x:%04x", cases[i].text, db.entry_seg,
				 db.entry_off, cases[i].seg, cases[i].off);
		/* load address and CPU mode are not the entry's business */
		assert_int_equal(db.load, 0x1234);
		assert_int_equal(db.cpu, CPU_PROTECTED);
	}
}

static void test_parse_cpu(void **state)
{
	static const struct {
		const char *text;
		int rc;
		enum cpu_mode want;
	} cases[] = {
		{ "real", 0, CPU_REAL },    { "protected", 0, CPU_PROTECTED },
		{ "long", 0, CPU_LONG },    { "Real", -1 },  { "LONG", -1 },
		{ "", -1 },                 { "32", -1 },    { "long ", -1 },
		{ "prot", -1 },             { "real-mode", -1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum cpu_mode m = (enum cpu_mode)77;
		int rc = options__parse_cpu(cases[i].text, &m);

		if (rc != cases[i].rc)
			fail_msg("\"%s\": rc %d, want %d", cases[i].text, rc, cases[i].rc);
		if (rc == 0 && m != cases[i].want)
			fail_msg("\"%s\": %d, want %d", cases[i].text, (int)m, (int)cases[i].want);
		if (rc != 0 && m != (enum cpu_mode)77)
			fail_msg("\"%s\": failed but wrote %d", cases[i].text, (int)m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_drives),
		cmocka_unit_test(test_drive_errors),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_entry),
		cmocka_unit_test(test_cpu),
		cmocka_unit_test(test_mem),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_console_ports),
		cmocka_unit_test(test_ports_and_output),
		cmocka_unit_test(test_floppies),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_errors_name_the_option),
		cmocka_unit_test(test_error_message_fits),
		cmocka_unit_test(test_reparse),
		cmocka_unit_test(test_json_requested),
		cmocka_unit_test(test_parse_u64),
		cmocka_unit_test(test_parse_size),
		cmocka_unit_test(test_parse_port),
		cmocka_unit_test(test_parse_seconds),
		cmocka_unit_test(test_parse_entry),
		cmocka_unit_test(test_parse_cpu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
