/* cmd_keys.c - `bootcheck keys TEXT`: how --keys TEXT is typed, stroke by stroke. */
#include <stdio.h>  // printf
#include <stdlib.h> // calloc
#include <string.h> // strcmp, strlen

#include "cli/commands.h"       // cmd_keys
#include "input/keys.h"         // keys__parse
#include "report/exit_status.h" // EXIT_*

static const char usage[] =
	"usage: bootcheck keys [--sendkey] TEXT\n"
	"\n"
	"Show how `bootcheck run --keys TEXT` types TEXT: one line per stroke with\n"
	"its name, QEMU's `sendkey` spelling, and the bytes a keyboard sends for it\n"
	"in scan code sets 2 and 1 (make and break codes, modifiers included).\n"
	"\n"
	"  --sendkey   print only QEMU's sendkey argument, one stroke per line\n"
	"  -h, --help  this text\n"
	"\n"
	"Exit status: 0, or 2 when TEXT is not valid --keys text.\n";

/* "ctrl-alt-delete": the modifiers then the key, as QEMU's monitor takes it. */
static void sendkey_name(const struct key_stroke *s, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s", s->mods & KEY_MOD_CTRL ? "ctrl-" : "",
		 s->mods & KEY_MOD_ALT ? "alt-" : "", s->mods & KEY_MOD_SHIFT ? "shift-" : "",
		 keys__qemu_name(s->key));
}

static void print_bytes(const struct key_stroke *s, bool set2)
{
	struct key_event ev[8];
	int n = keys__events(s, ev);

	for (int i = 0; i < n; i++) {
		uint8_t b[4];
		int k = set2 ? keys__set2_bytes(&ev[i], b) : keys__set1_bytes(&ev[i], b);

		for (int j = 0; j < k; j++)
			printf(" %02x", b[j]);
	}
}

int cmd_keys(int argc, char **argv)
{
	bool sendkey_only = false;
	const char *text = NULL;
	char err[200];

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage, stdout);
			return EXIT_RAN;
		} else if (!strcmp(argv[i], "--sendkey")) {
			sendkey_only = true;
		} else if (!text) {
			text = argv[i];
		} else {
			fprintf(stderr, "bootcheck keys: one TEXT at a time ('%s' is extra)\n%s",
				argv[i], usage);
			return EXIT_USAGE;
		}
	}
	if (!text) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	size_t max = strlen(text) + 1;
	struct key_stroke *s = calloc(max, sizeof(*s));
	int n = s ? keys__parse(text, s, max, err, sizeof(err)) : -1;

	if (n < 0) {
		fprintf(stderr, "bootcheck keys: %s\n", s ? err : "out of memory");
		free(s);
		return EXIT_USAGE;
	}
	for (int i = 0; i < n; i++) {
		char name[40], qemu[48];

		keys__describe(&s[i], name, sizeof(name));
		sendkey_name(&s[i], qemu, sizeof(qemu));
		if (sendkey_only) {
			printf("%s\n", qemu);
			continue;
		}
		printf("%-12s sendkey %-18s set 2:", name, qemu);
		print_bytes(&s[i], true);
		printf("   set 1:");
		print_bytes(&s[i], false);
		printf("\n");
	}
	free(s);
	return fflush(stdout) == EOF ? EXIT_HARNESS : EXIT_RAN;
}
