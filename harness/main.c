/* main.c - bootcheck: boot sectors tested like functions. Dispatches to a subcommand. */
#include <stdio.h>  // printf
#include <string.h> // strcmp

#include "cli/commands.h" // cmd_run
#include "report/exit_status.h"      // EXIT_USAGE
#include "version.h" // BOOTCHECK_VERSION (build/version.h: VERSION and git's description)

static const char usage[] =
	"usage: bootcheck COMMAND [OPTIONS] ...\n"
	"\n"
	"Boot 512-byte MBRs and flat binaries under bootcheck's own KVM VMM and\n"
	"capture why they stopped, their serial and debug-console output and their\n"
	"80x25 text screen.\n"
	"\n"
	"commands:\n"
	"  run [OPTIONS] IMAGE   boot one image and print what it did\n"
	"                        ('bootcheck run --help' for its options)\n"
	"  check [MANIFEST]      boot every test of a manifest and compare with goldens\n"
	"                        ('bootcheck check --help' for its options)\n"
	"  screen DUMP           print a raw VGA text dump (e.g. QEMU's pmemsave of\n"
	"                        0xb8000) as the screen capture format\n"
	"  keys TEXT             show how --keys TEXT is typed: each stroke's name,\n"
	"                        QEMU sendkey spelling and scancodes\n"
	"  --version             print the version: the release (the VERSION file),\n"
	"                        and git's description of the commit when built\n"
	"                        from a git checkout: 0.11.0 (git 368660b-dirty)\n"
	"  --help                this text\n"
	"\n"
	"Exit status: 0 ran, 2 usage or image error, 77 no /dev/kvm (skip),\n"
	"99 harness error.\n";

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1);
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	if (!strcmp(argv[1], "screen"))
		return cmd_screen(argc - 1, argv + 1);
	if (!strcmp(argv[1], "keys"))
		return cmd_keys(argc - 1, argv + 1);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		fputs(usage, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("bootcheck %s\n", BOOTCHECK_VERSION);
		return 0;
	}
	fprintf(stderr, "bootcheck: unknown command '%s'\n%s", argv[1], usage);
	return EXIT_USAGE;
}
