/* fuzz_manifest.c - libFuzzer target: the INI test manifest parser (harness/check/manifest.c) on arbitrary bytes. */
#include <stdio.h>    // fopen, fwrite
#include <stdlib.h>   // mkdtemp, atexit, getenv
#include <string.h>   // strlen, strcmp, strncmp
#include <sys/stat.h> // mkdir
#include <unistd.h>   // remove

#include "check/manifest.h"  // manifest__load
#include "config/options.h"  // options__parse_run
#include "fuzz.h"            // fuzz__check

/*
 * The manifest is a file beside a few others it may name: boot.bin (an
 * image), guests/mbr-login.input (an input script, as bootcheck.ini names
 * it) and dir/ (a directory where a file is wanted).  Seeds name them.
 */
static char dir[4096], path[4200];

static void put_file(const char *name, const char *text)
{
	char p[4200];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(p);
		abort();
	}
}

static void setup(void)
{
	char sub[4200];

	snprintf(dir, sizeof(dir), "%s", fuzz__scratch("fuzz-manifest"));
	snprintf(sub, sizeof(sub), "%s/guests", dir);
	mkdir(sub, 0755);
	snprintf(sub, sizeof(sub), "%s/dir", dir);
	mkdir(sub, 0755);
	put_file("boot.bin", "\xeb\xfe");
	put_file("guests/mbr-login.input", "wait screen \"login:\"\n");
	snprintf(path, sizeof(path), "%s/bootcheck.ini", dir);
}

/* What a loaded manifest promises its users (runner.c, cmd_check.c). */
static void check_manifest(const struct manifest *m)
{
	fuzz__check(m->nr_common >= 1, "the SeaBIOS banner scrub is always there");
	for (int i = 0; i < m->nr_tests; i++) {
		const struct test_case *t = &m->tests[i];
		size_t n = strlen(t->name);
		struct run_options o;
		char *argv[64];
		char msg[256];
		int argc = 0;

		fuzz__check(n >= 1 && n <= 64 && strcmp(t->name, ".") && strcmp(t->name, ".."),
			    "test name '%s'", t->name);
		fuzz__check(strcmp(t->name, "defaults") != 0, "[defaults] is not a test");
		for (size_t k = 0; k < n; k++)
			fuzz__check(strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					   "0123456789-_.", t->name[k]) && t->name[k],
				    "test name '%s' has a character goldens cannot be named with", t->name);
		for (int j = 0; j < i; j++)
			fuzz__check(strcmp(m->tests[j].name, t->name) != 0, "duplicate name '%s'", t->name);
		fuzz__check(t->image && t->image[0], "test '%s' has no image", t->name);
		fuzz__check(t->run_args && t->run_args[t->nr_run_args] == NULL,
			    "run_args of '%s' not NULL-terminated", t->name);
		fuzz__check(t->nr_groups == 0 || t->groups[t->nr_groups - 1], "groups of '%s'", t->name);
		fuzz__check(t->timeout_s > 0, "test '%s' timeout %g", t->name, t->timeout_s);
		/* the runner hands run_args to `bootcheck run`: it must take them */
		argv[argc++] = "run";
		for (int j = 0; j < t->nr_run_args && argc < 62; j++)
			argv[argc++] = t->run_args[j];
		fuzz__check(t->nr_run_args <= 60 || argc == 62, "too many run args to check");
		if (t->nr_run_args <= 60) {
			argv[argc++] = t->image;
			argv[argc] = NULL;
			options__defaults(&o);
			fuzz__check(options__parse_run(argc, argv, &o, msg, sizeof(msg)) == 0,
				    "test '%s': bootcheck run refuses its options: %s", t->name, msg);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest m;
	char err[512];
	FILE *f;

	if (fuzz__regex_blowup(data, size))
		return 0;
	if (!dir[0])
		setup();
	f = fopen(path, "w");
	if (!f || (size && fwrite(data, size, 1, f) != 1) || fclose(f) != 0) {
		perror(path);
		abort();
	}
	err[0] = '\0';
	if (manifest__load(&m, path, err, sizeof(err)) == 0) {
		check_manifest(&m);
		manifest__free(&m);
	} else {
		fuzz__check(err[0], "an error with no message");
		fuzz__check(!strncmp(err, path, strlen(path)), "error '%s' does not name the file", err);
	}
	return 0;
}
