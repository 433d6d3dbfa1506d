/* cmd_screen.c - `bootcheck screen DUMP`: render a raw VGA text dump as `--out DIR/screen` does. */
#include <errno.h>  // errno
#include <stdio.h>  // fopen
#include <stdlib.h> // free
#include <stdbool.h> // bool
#include <string.h> // strcmp

#include "capture/screen.h" // screen__snapshot
#include "cli/commands.h"   // cmd_screen
#include "hw/vga.h"         // VGA_TEXT_SIZE
#include "report/report.h"  // report__screen_text
#include "report/exit_status.h"        // EXIT_USAGE

static const char usage[] =
	"usage: bootcheck screen [--colors] DUMP\n"
	"\n"
	"Print the 80x25 text screen held in DUMP, a raw copy of VGA text memory\n"
	"from 0xb8000 (4000 bytes: character and attribute per cell, or the whole\n"
	"32 KiB window), in the format of `bootcheck run --out DIR` DIR/screen;\n"
	"with --colors, its attributes in the format of DIR/colors.\n"
	"With QEMU: (qemu) pmemsave 0xb8000 4000 DUMP\n";

int cmd_screen(int argc, char **argv)
{
	static uint8_t vram[VGA_TEXT_SIZE];
	struct screen s;
	size_t n;
	FILE *f;

	bool colors = false;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return EXIT_RAN;
	}
	if (argc == 3 && !strcmp(argv[1], "--colors")) {
		colors = true;
		argv++;
		argc--;
	}
	if (argc != 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	f = fopen(argv[1], "rb");
	if (!f) {
		fprintf(stderr, "bootcheck: %s: %s\n", argv[1], strerror(errno));
		return EXIT_USAGE;
	}
	n = fread(vram, 1, sizeof(vram), f);
	int more = fgetc(f) != EOF;

	fclose(f);
	if (more || (n != SCREEN_ROWS * SCREEN_COLS * 2 && n != sizeof(vram))) {
		fprintf(stderr, "bootcheck: %s: %s bytes; a text dump is 4000 or 32768 bytes\n",
			argv[1], more ? "more than 32768" : "not 4000 or 32768");
		return EXIT_USAGE;
	}
	screen__snapshot(&s, vram, 0, 0, true);
	char *text = colors ? screen__colors_text(&s) : report__screen_text(&s);

	if (!text)
		return EXIT_HARNESS;
	fputs(text, stdout);
	free(text);
	return fflush(stdout) == EOF ? EXIT_HARNESS : EXIT_RAN;
}
