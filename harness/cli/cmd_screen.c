/* cmd_screen.c - `bootcheck screen DUMP`: render a raw VGA text dump as `--out DIR/screen` does. */
#include <errno.h>  // errno
#include <stdio.h>  // fopen
#include <stdlib.h> // free
#include <stdbool.h> // bool
#include <string.h> // strcmp

#include "capture/screen.h" // screen__snapshot
#include "cli/commands.h"   // cmd_screen
#include "sys/file.h"       // file__open_regular
#include "hw/vga.h"         // VGA_TEXT_SIZE
#include "report/report.h"  // report__screen_text
#include "report/exit_status.h"        // EXIT_USAGE

static const char usage[] =
	"usage: bootcheck screen [--colors] [--size COLSxROWS] DUMP\n"
	"\n"
	"Print the 80x25 text screen held in DUMP, a raw copy of VGA text memory\n"
	"from 0xb8000 (4000 bytes: character and attribute per cell, or the whole\n"
	"32 KiB window), in the format of `bootcheck run --out DIR` DIR/screen;\n"
	"with --colors, its attributes in the format of DIR/colors.  --size: a\n"
	"text mode other than 80x25 (e.g. 40x25; at most 80x50).\n"
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
	int cols = SCREEN_COLS, rows = SCREEN_ROWS;

	while (argc > 2 && argv[1][0] == '-') {
		if (!strcmp(argv[1], "--colors")) {
			colors = true;
			argv++;
			argc--;
		} else if (!strcmp(argv[1], "--size") && argc > 3) {
			char tail;

			if (sscanf(argv[2], "%dx%d%c", &cols, &rows, &tail) != 2 || cols < 1 ||
			    cols > SCREEN_MAX_COLS || rows < 1 || rows > SCREEN_MAX_ROWS) {
				fprintf(stderr, "bootcheck screen: --size: '%s' is not COLSxROWS "
					"(at most %dx%d)\n", argv[2], SCREEN_MAX_COLS, SCREEN_MAX_ROWS);
				return EXIT_USAGE;
			}
			argv += 2;
			argc -= 2;
		} else {
			break;
		}
	}
	if (argc != 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	f = file__open_regular(argv[1]);
	if (!f) {
		fprintf(stderr, "bootcheck: %s: %s\n", argv[1], file__strerror(errno));
		return EXIT_USAGE;
	}
	n = fread(vram, 1, sizeof(vram), f);
	int more = fgetc(f) != EOF;

	fclose(f);
	if (more || (n < (size_t)(rows * cols * 2) && n != sizeof(vram))) {
		fprintf(stderr, "bootcheck: %s: %s bytes; a %dx%d text dump is at least %d bytes "
			"(or the whole 32768)\n", argv[1], more ? "more than 32768" : "too few", cols,
			rows, rows * cols * 2);
		return EXIT_USAGE;
	}
	screen__snapshot_size(&s, vram, 0, 0, true, cols, rows);
	char *text = colors ? screen__colors_text(&s) : report__screen_text(&s);

	if (!text)
		return EXIT_HARNESS;
	fputs(text, stdout);
	free(text);
	return fflush(stdout) == EOF ? EXIT_HARNESS : EXIT_RAN;
}
