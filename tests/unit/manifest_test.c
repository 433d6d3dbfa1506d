/* manifest_test.c - unit tests for the INI test manifest (harness/check/manifest.[ch]). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ftw.h>      // nftw
#include <stdio.h>    // fopen, snprintf
#include <stdlib.h>   // mkdtemp
#include <string.h>   // strcmp, strlen
#include <sys/stat.h> // mkdir, chmod
#include <unistd.h>   // geteuid, rmdir, unlink

#include "check/manifest.h"

static char dir[64];       /* the scratch directory, with the images */
static char ini[128];      /* DIR/bootcheck.ini */
static char err[1024];
static struct manifest m;

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* DIR/NAME */
static const char *in_dir(const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static int setup(void **state)
{
	static const char sector[512] = { [510] = 0x55, [511] = (char)0xaa };

	(void)state;
	strcpy(dir, "/tmp/manifest_test.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(ini, sizeof(ini), "%s/bootcheck.ini", dir);
	write_file(in_dir("boot.bin"), sector, sizeof(sector));
	mkdir(in_dir("sub"), 0755);
	write_file(in_dir("sub/disk.img"), sector, sizeof(sector));
	mkdir(in_dir("adir"), 0755);
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return type == FTW_DP ? rmdir(path) : unlink(path);
}

static int teardown(void **state)
{
	(void)state;
	manifest__free(&m);
	return nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* Load TEXT as the manifest; the result of manifest__load. */
static int load(const char *text)
{
	write_file(ini, text, strlen(text));
	manifest__free(&m);
	memset(err, 0, sizeof(err));
	return manifest__load(&m, ini, err, sizeof(err));
}

static void load_ok(const char *text)
{
	if (load(text) != 0)
		fail_msg("manifest__load failed: %s", err);
}

/* WANT with every '@' replaced by the manifest's path */
static const char *expand(const char *want)
{
	static char buf[1024];
	size_t n = 0;

	for (const char *c = want; *c && n < sizeof(buf) - 1; c++) {
		if (*c == '@') {
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s", ini);
			continue;
		}
		buf[n++] = *c;
	}
	buf[n < sizeof(buf) ? n : sizeof(buf) - 1] = '\0';
	return buf;
}

/* A failed load leaves nothing behind. */
static void assert_cleared(void)
{
	assert_null(m.path);
	assert_null(m.dir);
	assert_null(m.tests);
	assert_int_equal(m.nr_tests, 0);
}

static void assert_args(const struct test_case *t, const char *const *want)
{
	int n = 0;

	while (want[n])
		n++;
	assert_non_null(t->run_args);
	for (int i = 0; i < n && i < t->nr_run_args; i++)
		assert_string_equal(t->run_args[i], want[i]);
	assert_int_equal(t->nr_run_args, n);
	assert_null(t->run_args[n]);
}

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NO_ARGS ((const char *const[]){ NULL })

static void test_defaults_and_overrides(void **state)
{
	(void)state;
	load_ok("; the OS's tests\n"          /* 1 */
		"[defaults]\n"                /* 2 */
		"timeout = 5\n"               /* 3 */
		"console-port = 0x80\n"       /* 4 */
		"scrub = s/foo/bar/\n"        /* 5 */
		"groups = slow\n"             /* 6 */
		"\n"                          /* 7 */
		"[boot-ok]\n"                 /* 8 */
		"image = boot.bin\n"          /* 9 */
		"mode = direct\n"             /* 10 */
		"cpu = long\n"                /* 11 */
		"console-port = 0x81, 0x82\n" /* 12 */
		"timeout = 2.5\n"             /* 13 */
		"\n"                          /* 14 */
		"[bios-one]\n"                /* 15 */
		"image = sub/disk.img\n"      /* 16 */
		"mem = 64M\n"                 /* 17 */
		"compare-bios-log = yes\n"    /* 18 */
		"groups = fast, bios  smoke\n" /* 19 */
		"scrub = s/x/y/\n"            /* 20 */
		"scrub = s|a|b|\n"            /* 21 */
		"# last\n"                    /* 22 */
		"[plain]\n"                   /* 23 */
		"image = boot.bin\n");        /* 24 */
	assert_string_equal(m.path, ini);
	assert_string_equal(m.dir, dir);
	assert_int_equal(m.nr_tests, 3);

	const struct test_case *t = &m.tests[0];

	assert_string_equal(t->name, "boot-ok");
	assert_int_equal(t->line, 8);
	assert_string_equal(t->image, in_dir("boot.bin"));
	assert_args(t, ARGS("--mode", "direct", "--cpu", "long", "--timeout", "2.5",
			    "--console-port", "0x80", "--console-port", "0x81",
			    "--console-port", "0x82"));
	assert_float_equal(t->timeout_s, 2.5, 0);
	assert_int_equal(t->nr_groups, 1);
	assert_string_equal(t->groups[0], "slow");
	/* the banner and [defaults]' scrub: once for the manifest, before every test's own */
	assert_int_equal(m.nr_common, 2);
	assert_string_equal(m.common[0].spec, scrub__seabios_banner);
	assert_string_equal(m.common[1].spec, "s/foo/bar/");
	assert_int_equal(t->nr_rules, 0);
	assert_false(t->bios_log);

	t = &m.tests[1];
	assert_string_equal(t->name, "bios-one");
	assert_int_equal(t->line, 15);
	assert_string_equal(t->image, in_dir("sub/disk.img"));
	assert_args(t, ARGS("--mem", "64M", "--timeout", "5", "--console-port", "0x80"));
	assert_float_equal(t->timeout_s, 5, 0);
	assert_int_equal(t->nr_groups, 3);
	assert_string_equal(t->groups[0], "fast");
	assert_string_equal(t->groups[1], "bios");
	assert_string_equal(t->groups[2], "smoke");
	assert_true(manifest__in_group(t, "bios"));
	assert_false(manifest__in_group(t, "slow"));
	assert_int_equal(t->nr_rules, 2);
	assert_string_equal(t->rules[0].spec, "s/x/y/");
	assert_string_equal(t->rules[1].spec, "s|a|b|");
	assert_true(t->bios_log);

	t = &m.tests[2];
	assert_string_equal(t->name, "plain");
	assert_int_equal(t->line, 23);
	assert_args(t, ARGS("--timeout", "5", "--console-port", "0x80"));
	assert_true(manifest__in_group(t, "slow"));
}

static void test_cache_key(void **state)
{
	(void)state;
	load_ok("[defaults]\ncache = no\n[a]\nimage = boot.bin\n[b]\nimage = boot.bin\ncache = true\n"
		"[c]\nimage = boot.bin\nidle = 0\ncache = 0\n");
	assert_int_equal(m.nr_tests, 3);
	assert_args(&m.tests[0], ARGS("--no-cache"));
	assert_args(&m.tests[1], NO_ARGS);
	assert_args(&m.tests[2], ARGS("--idle", "0", "--no-cache"));
}

static void test_no_defaults(void **state)
{
	(void)state;
	load_ok("[z]\nimage = boot.bin\n[a]\nimage = boot.bin\ncompare-bios-log = No\n");
	assert_int_equal(m.nr_tests, 2);
	/* file order, not sorted */
	assert_string_equal(m.tests[0].name, "z");
	assert_string_equal(m.tests[1].name, "a");
	for (int i = 0; i < 2; i++) {
		const struct test_case *t = &m.tests[i];

		assert_args(t, NO_ARGS);
		assert_float_equal(t->timeout_s, 10, 0); /* `bootcheck run`'s default */
		assert_int_equal(t->nr_groups, 0);
		assert_false(manifest__in_group(t, "z"));
		assert_int_equal(t->nr_rules, 0);
		assert_false(t->bios_log);
	}

	/* an empty manifest has no tests, which is not an error here */
	load_ok("; nothing yet\n");
	assert_int_equal(m.nr_tests, 0);
}

/* Every option key goes into run_args in one fixed order; paths are resolved. */
static void test_every_option(void **state)
{
	char text[1024], boot[256], disk[256];

	(void)state;
	snprintf(boot, sizeof(boot), "%s", in_dir("boot.bin"));
	snprintf(disk, sizeof(disk), "%s", in_dir("sub/disk.img"));
	snprintf(text, sizeof(text),
		 "[defaults]\n"
		 "bios = boot.bin\n"
		 "vgabios = %s\n"
		 "[bios-all]\n"
		 "max-output = 64K\n"
		 "exit-port = 0x501\n"
		 "idle = 0\n"
		 "drive = floppy\n"
		 "floppy = boot.bin\n"
		 "image = %s\n"
		 "[direct-all]\n"
		 "image = sub/../boot.bin\n"
		 "entry: 0x7c00\n"
		 "load = 0x7c00\n"
		 "cpu = protected\n"
		 "mode = direct ; an inline comment\n"
		 "mem = 1G\n",
		 disk, disk);
	load_ok(text);
	assert_int_equal(m.nr_tests, 2);
	assert_string_equal(m.tests[0].image, disk);
	assert_args(&m.tests[0],
		    ARGS("--drive", "floppy", "--floppy", boot, "--bios", boot,
			 "--vgabios", disk, "--idle", "0",
			 "--exit-port", "0x501", "--max-output", "64K"));
	assert_string_equal(m.tests[1].image, in_dir("sub/../boot.bin"));
	assert_args(&m.tests[1],
		    ARGS("--mode", "direct", "--bios", boot, "--vgabios", disk, "--load", "0x7c00",
			 "--entry", "0x7c00", "--cpu", "protected", "--mem", "1G"));
}

/* hdd and floppy: repeatable, one file a line, resolved; every image is in the test's list of images. */
static void test_drives(void **state)
{
	char boot[256], disk[256];

	(void)state;
	snprintf(boot, sizeof(boot), "%s", in_dir("boot.bin"));
	snprintf(disk, sizeof(disk), "%s", in_dir("sub/disk.img"));
	load_ok("[t]\n"
		"image = boot.bin\n"
		"hdd = sub/disk.img\n"
		"hdd = boot.bin\n"
		"  sub/disk.img\n"
		"floppy = sub/disk.img\n"
		"boot = floppy\n");
	assert_int_equal(m.nr_tests, 1);

	const struct test_case *t = &m.tests[0];

	assert_args(t, ARGS("--hdd", disk, "--hdd", boot, "--hdd", disk, "--floppy", disk,
			    "--boot", "floppy"));
	assert_int_equal(t->nr_images, 5);
	assert_string_equal(t->images[0], boot);
	assert_string_equal(t->images[1], disk);
	assert_string_equal(t->images[2], boot);
	assert_string_equal(t->images[3], disk);
	assert_string_equal(t->images[4], disk);

	/* the limits are `bootcheck run`'s, and a missing file is named */
	assert_int_equal(load("[t]\nimage = boot.bin\nhdd = boot.bin\nhdd = boot.bin\n"
			      "hdd = boot.bin\nhdd = boot.bin\n"), -1);
	assert_non_null(strstr(err, "at most 4 hard disks, IMAGE among them"));
	assert_int_equal(load("[t]\nimage = boot.bin\nhdd = nope.img\n"), -1);
	assert_non_null(strstr(err, "hdd 'nope.img' not found"));
	assert_int_equal(load("[t]\nimage = boot.bin\nboot = cdrom\n"), -1);
	assert_non_null(strstr(err, "boot: 'cdrom' is not hdd or floppy"));
}

/* Multiboot keys: a module's FILE is resolved, its string stays as written. */
static void test_multiboot_keys(void **state)
{
	char boot[256], disk[256], mod1[300], mod2[300];

	(void)state;
	snprintf(boot, sizeof(boot), "%s", in_dir("boot.bin"));
	snprintf(disk, sizeof(disk), "%s", in_dir("sub/disk.img"));
	snprintf(mod1, sizeof(mod1), "%s=sub/disk.img", disk);
	snprintf(mod2, sizeof(mod2), "%s=the boot, with = and spaces", boot);
	load_ok("[t]\n"
		"image = boot.bin\n"
		"mode = direct\n"
		"format = multiboot\n"
		"cmdline = console=ttyS0 quiet\n"
		"module = sub/disk.img\n"
		"module = boot.bin=the boot, with = and spaces\n");
	assert_args(&m.tests[0], ARGS("--mode", "direct", "--format", "multiboot", "--cmdline",
				      "console=ttyS0 quiet", "--module", mod1, "--module", mod2));
	assert_int_equal(load("[t]\nimage = boot.bin\nmode = direct\nmodule = nope=x\n"), -1);
	assert_non_null(strstr(err, "module 'nope' not found"));
	assert_int_equal(load("[t]\nimage = boot.bin\nmodule = boot.bin\n"), -1);
	assert_non_null(strstr(err, "--module is for --mode direct"));
	assert_int_equal(load("[t]\nimage = boot.bin\nmode = direct\nformat = pe\n"), -1);
	assert_non_null(strstr(err, "format: 'pe' is not auto, flat, elf, multiboot or multiboot2"));
}

/* Repeated lines and indented continuation lines add up for scrub, console-port and groups. */
static void test_repeated_and_continued(void **state)
{
	(void)state;
	load_ok("\xef\xbb\xbf[t]\n"
		"image = boot.bin\n"
		"scrub = s/a/b/\n"
		"\ts/c/d/\n"
		"scrub = s/e/f/g\n"
		"console-port = 0x80\n"
		"console-port = 0x81 0x82\n"
		"  0x83,0x84\n"
		"\n"
		"    0x85\n"
		"groups = one\n"
		"  two\n");
	assert_int_equal(m.nr_tests, 1);

	const struct test_case *t = &m.tests[0];

	assert_string_equal(t->name, "t");
	assert_int_equal(m.nr_common, 1); /* the banner: no [defaults] */
	assert_string_equal(m.common[0].spec, scrub__seabios_banner);
	assert_int_equal(t->nr_rules, 3);
	assert_string_equal(t->rules[0].spec, "s/a/b/");
	assert_string_equal(t->rules[1].spec, "s/c/d/");
	assert_string_equal(t->rules[2].spec, "s/e/f/g");
	assert_args(t, ARGS("--console-port", "0x80", "--console-port", "0x81", "--console-port",
			    "0x82", "--console-port", "0x83", "--console-port", "0x84",
			    "--console-port", "0x85"));
	assert_int_equal(t->nr_groups, 2);
	assert_string_equal(t->groups[1], "two");
}

/* Names up to 64 characters, though inih itself keeps only 49 of a section's. */
static void test_long_names(void **state)
{
	char name[80], text[256];

	(void)state;
	memset(name, 'n', 64);
	name[64] = '\0';
	name[60] = '.';
	name[61] = '_';
	name[62] = '-';
	snprintf(text, sizeof(text), "[%s]\nimage = boot.bin\n[%.49s]\nimage = boot.bin\n", name,
		 name);
	load_ok(text);
	assert_int_equal(m.nr_tests, 2);
	assert_string_equal(m.tests[0].name, name);
	assert_int_equal(strlen(m.tests[1].name), 49);

	memset(name, 'n', 65);
	name[65] = '\0';
	snprintf(text, sizeof(text), "[ok]\nimage = boot.bin\n[%s]\nimage = boot.bin\n", name);
	assert_int_equal(load(text), -1);
	assert_non_null(strstr(err, ":3: bad test name 'nnnnn"));
	assert_cleared();
}

#define NAME_RULE "(1 to 64 letters, digits, '-', '_' or '.'; not . or ..)"

static void test_errors(void **state)
{
	static const struct {
		const char *manifest;
		const char *want; /* '@' stands for the manifest's path */
	} cases[] = {
		/* keys */
		{ "[boot-ok]\nimage = boot.bin\nimagee = boot.bin\n",
		  "@:3: unknown key 'imagee' in [boot-ok]" },
		{ "image = boot.bin\n[a]\n", "@:1: key 'image' before the first [section]" },
		{ "[a]\nimage = boot.bin\nmode = direct\nmode = bios\n",
		  "@:4: 'mode' given twice in [a] (first at line 3)" },
		{ "[a]\nimage = boot.bin\nimage = boot.bin\n",
		  "@:3: 'image' given twice in [a] (first at line 2)" },
		{ "[a]\nimage = boot.bin\n  mode = direct\n",
		  "@:3: indented line 'mode = direct' continues 'image' in [a] (only console-port, "
		  "groups, scrub, module, hdd and floppy take more lines; unindent a new key)" },
		/* values, at the key's line */
		{ "[a]\nimage = boot.bin\n\n\n\n\ntimeout = abc\n",
		  "@:7: timeout: 'abc' is not a number of seconds above 0 and at most 86400" },
		{ "[a]\ntimeout = 0\nimage = boot.bin\n",
		  "@:2: timeout: '0' is not a number of seconds above 0 and at most 86400" },
		{ "[a]\nimage = boot.bin\nmode = dos\n", "@:3: mode: 'dos' is not bios or direct" },
		{ "[a]\nimage = boot.bin\ndrive = cd\n", "@:3: drive: 'cd' is not hdd or floppy" },
		{ "[a]\nimage = boot.bin\ncpu = virtual\n",
		  "@:3: cpu: 'virtual' is not real, protected or long" },
		{ "[a]\nimage = boot.bin\nmem = 5G\n",
		  "@:3: mem: '5G' is not a size from 1M to 3G in whole pages" },
		{ "[a]\nimage = boot.bin\nload = 0x100000000\n",
		  "@:3: load: '0x100000000' is not an address below 4 GiB" },
		{ "[a]\nimage = boot.bin\nentry = 1:2:3\n",
		  "@:3: entry: '1:2:3' is neither an address below 4 GiB nor SEG:OFF" },
		{ "[a]\nimage = boot.bin\nidle = -1\n",
		  "@:3: idle: '-1' is not a number of milliseconds from 0 to 3600000" },
		{ "[a]\nimage = boot.bin\nexit-port = 0x10000\n",
		  "@:3: exit-port: '0x10000' is not a port (0-0xffff)" },
		{ "[a]\nimage = boot.bin\nconsole-port = 0x80, zz\n",
		  "@:3: console-port: 'zz' is not a port (0-0xffff)" },
		{ "[a]\nimage = boot.bin\nconsole-port = 0x80\n   0x81 0x1ffff\n",
		  "@:4: console-port: '0x1ffff' is not a port (0-0xffff)" },
		{ "[a]\nimage = boot.bin\nmax-output = 0\n",
		  "@:3: max-output: '0' is not a size from 1 byte to 1G (e.g. 4096, 64K, 1M)" },
		{ "[a]\nimage = boot.bin\ncompare-bios-log = maybe\n",
		  "@:3: compare-bios-log: 'maybe' is not true or false (or yes/no, 1/0)" },
		{ "[a]\nimage = boot.bin\ncache = off\n",
		  "@:3: cache: 'off' is not true or false (or yes/no, 1/0)" },
		{ "[a]\nimage = boot.bin\nmode = direct\ncache = false\n",
		  "@:1: test 'a': --no-cache is for --mode bios" },
		{ "[defaults]\ntimeout = 5\nmode = dos\n[a]\nimage = boot.bin\n",
		  "@:3: mode: 'dos' is not bios or direct" },
		/* files */
		{ "[a]\n\n\nimage = foo.bin\n",
		  "@:4: image 'foo.bin' not found (relative to @'s directory)" },
		{ "[a]\nimage = /nonexistent/foo.bin\n",
		  "@:2: image '/nonexistent/foo.bin' not found" },
		{ "[a]\nimage = adir\n", "@:2: image 'adir' is a directory, not a file" },
		{ "[a]\nimage =\n", "@:2: image: empty file name" },
		{ "[a]\nimage = boot.bin\nbios = seabios.bin\n",
		  "@:3: bios 'seabios.bin' not found (relative to @'s directory)" },
		{ "[a]\nimage = boot.bin\nvgabios = ; nothing\n", "@:3: vgabios: empty file name" },
		/* sections */
		{ "[a]\nimage = boot.bin\n[b]\nimage = boot.bin\n\n[a]\nimage = boot.bin\n",
		  "@:6: duplicate test name 'a' (first at line 1)" },
		{ "[defaults]\n[a]\nimage = boot.bin\n[defaults]\n",
		  "@:4: duplicate [defaults] (first at line 1)" },
		{ "[a]\nimage = boot.bin\n[]\nimage = boot.bin\n",
		  "@:3: bad test name '' " NAME_RULE },
		{ "[a b]\n", "@:1: bad test name 'a b' " NAME_RULE },
		{ "[..]\n", "@:1: bad test name '..' " NAME_RULE },
		{ "[.]\n", "@:1: bad test name '.' " NAME_RULE },
		{ "[a/b]\n", "@:1: bad test name 'a/b' " NAME_RULE },
		{ "[defaults]\ntimeout = 1\n[x]\nmode = direct\n[y]\nimage = boot.bin\n",
		  "@:3: test 'x' has no image" },
		{ "[y]\nimage = boot.bin\n[x]\n[z]\nimage = boot.bin\n",
		  "@:3: test 'x' has no image" },
		/* syntax */
		{ "[a]\nimage = boot.bin\nthis is junk\n",
		  "@:3: syntax error: 'this is junk' is neither [section] nor key = value" },
		{ "[a]\nimage = boot.bin\n[b ; comment]\n",
		  "@:3: syntax error: section header '[b ; comment]' has no closing ']'" },
		{ "[a\nimage = boot.bin\n",
		  "@:1: syntax error: section header '[a' has no closing ']'" },
		/* combinations, as `bootcheck run` refuses them, at the section's line */
		{ "[a]\nimage = boot.bin\nload = 0x8000\n",
		  "@:1: test 'a': --load is for --mode direct (the BIOS loads the boot sector)" },
		{ "[defaults]\ncpu = long\n[d]\nimage = boot.bin\nmode = direct\n"
		  "[b]\nimage = boot.bin\n",
		  "@:6: test 'b': --cpu is for --mode direct (the BIOS loads the boot sector)" },
		{ "[a]\nimage = boot.bin\nmode = direct\ndrive = floppy\n",
		  "@:1: test 'a': --drive is for --mode bios" },
		{ "[a]\nimage = boot.bin\nmode = direct\ncpu = long\nentry = 0:7c00\n",
		  "@:1: test 'a': --entry SEG:OFF is for --cpu real; give a linear address" },
		{ "[defaults]\nconsole-port = 1 2 3 4 5 6 7 8\n[a]\nimage = boot.bin\n"
		  "console-port = 9 10 11 12 13 14 15 16\n",
		  "@:3: test 'a': --console-port: at most 15 extra ports" },
		/* the first error is the one reported */
		{ "[a]\nimage = boot.bin\nmode = dos\nload = 1\njunk\n[a]\n",
		  "@:3: mode: 'dos' is not bios or direct" },
		{ "[a]\njunk\nimage = nothere.bin\n",
		  "@:2: syntax error: 'junk' is neither [section] nor key = value" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (load(cases[i].manifest) != -1)
			fail_msg("case %zu loaded: %s", i, cases[i].manifest);
		if (strcmp(err, expand(cases[i].want)))
			fail_msg("case %zu:\n got  %s\n want %s", i, err, expand(cases[i].want));
		assert_cleared();
	}
}

/* A bad scrub rule fails with scrub__compile's own message, at its line. */
static void test_bad_scrub(void **state)
{
	static const char *const specs[] = { "s/(/x/", "s/a/b", "y/a/b/", "s" };
	struct scrub_rule r;
	char why[256], text[256], want[512];

	(void)state;
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		assert_int_equal(scrub__compile(&r, specs[i], why, sizeof(why)), -1);
		snprintf(want, sizeof(want), "%s:4: %s", ini, why);

		snprintf(text, sizeof(text),
			 "[defaults]\nscrub = s/ok/ok/\n[a]\nscrub = %s\nimage = boot.bin\n",
			 specs[i]);
		assert_int_equal(load(text), -1);
		assert_string_equal(err, want);
		assert_cleared();

		/* in [defaults] too, and on a continuation line */
		snprintf(text, sizeof(text), "[defaults]\nscrub = s/ok/ok/\n\n  %s\n", specs[i]);
		assert_int_equal(load(text), -1);
		assert_string_equal(err, want);
	}
}

static void test_line_too_long(void **state)
{
	char text[600];

	(void)state;
	snprintf(text, sizeof(text), "[a]\nimage = boot.bin\nscrub = s/%0300d/x/\n", 0);
	assert_int_equal(load(text), -1);
	assert_string_equal(err, expand("@:3: line longer than 198 characters "
					"(the INI parser's limit)"));
	assert_cleared();

	/* the longest line inih takes whole, and a last line with no newline */
	snprintf(text, sizeof(text), "[a]\nimage = boot.bin\nscrub = s/%0185d/x/\ngroups = g", 0);
	assert_int_equal(strchr(strstr(text, "scrub"), '\n') - strstr(text, "scrub"), 198);
	load_ok(text);
	assert_int_equal(m.tests[0].nr_rules, 1);
	assert_int_equal(strlen(m.tests[0].rules[0].spec), 198 - strlen("scrub = "));
	assert_string_equal(m.tests[0].groups[0], "g");
}

/* A NUL byte is reported as one, on its line, not taken as the line's end. */
static void test_nul_byte(void **state)
{
	static const char text[] = "[a]\nimage = boot.bin\ngroups = x\0y\n";

	(void)state;
	write_file(ini, text, sizeof(text) - 1);
	manifest__free(&m);
	memset(err, 0, sizeof(err));
	assert_int_equal(manifest__load(&m, ini, err, sizeof(err)), -1);
	assert_string_equal(err, expand("@:3: a NUL byte: a manifest is text"));
	assert_cleared();
}

static void test_unreadable_manifest_and_image(void **state)
{
	static const struct {
		const char *name;
		const char *why;
	} cases[] = {
		{ "missing.ini", "No such file or directory" },
		{ "adir", "Is a directory" },
	};
	char path[256], want[512];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, cases[i].name);
		snprintf(want, sizeof(want), "%s: %s", path, cases[i].why);
		assert_int_equal(manifest__load(&m, path, err, sizeof(err)), -1);
		assert_string_equal(err, want);
		assert_cleared();
	}

	if (geteuid() == 0)
		skip(); /* root reads every file */
	write_file(in_dir("locked.bin"), "x", 1);
	assert_int_equal(chmod(in_dir("locked.bin"), 0), 0);
	assert_int_equal(load("[a]\nimage = locked.bin\n"), -1);
	assert_string_equal(err,
			    expand("@:2: image 'locked.bin' is not readable (Permission denied)"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults_and_overrides, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_option, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drives, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multiboot_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeated_and_continued, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_scrub, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_too_long, setup, teardown),
cmocka_unit_test_setup_teardown(test_nul_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_manifest_and_image, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
