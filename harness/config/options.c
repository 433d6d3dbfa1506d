/* options.c - the configuration of one run: `bootcheck run`'s options, their defaults and parsers, shared by the CLI and the manifest. */
#include "config/options.h"

#include <ctype.h>  // isdigit
#include <errno.h>  // errno
#include <getopt.h> // getopt_long
#include <math.h>   // isfinite
#include <stdio.h>  // vsnprintf
#include <stdlib.h> // strtoull
#include <string.h> // strcmp

#include "hw/debug_exit.h" // DEBUG_EXIT_PORT
#include "input/keys.h"    // keys__parse
#include "report/color.h"  // color__parse
#include "report/exit_status.h" // exit_status__parse_mode
#include "sys/errmsg.h"   // errmsg__set

const char options__run_usage[] =
	"usage: bootcheck run [OPTIONS] IMAGE\n"
	"       bootcheck run [OPTIONS] --hdd FILE... | --floppy FILE...\n"
	"\n"
	"Boot IMAGE once and print why it stopped, its serial and debug-console\n"
	"output and its 80x25 text screen.\n"
	"\n"
	"  --mode bios|direct     bios: boot IMAGE as a disk through SeaBIOS (default);\n"
	"                         direct: no BIOS, load the image and enter it directly\n"
	"  --drive hdd|floppy     bios mode: IMAGE is the first hard disk (DL=0x80,\n"
	"                         default) or floppy drive A: (DL=0x00), and boots\n"
	"  --hdd FILE             one more hard disk (repeatable, up to 4 with IMAGE):\n"
	"                         primary master (0x1f0, IRQ 14), primary slave,\n"
	"                         secondary master (0x170, IRQ 15), secondary slave;\n"
	"                         the BIOS numbers them 0x80, 0x81, ...; in direct\n"
	"                         mode the kernel reads them by PIO\n"
	"  --floppy FILE          bios mode: one more floppy drive (repeatable, up to 2\n"
	"                         with IMAGE): A: (DL=0x00), then B: (DL=0x01); two\n"
	"                         are drives of the floppy controller (0x3f0, IRQ 6,\n"
	"                         DMA 2), one alone is served by SeaBIOS from memory\n"
	"  --boot hdd|floppy      bios mode: which kind of drive boots (default: IMAGE's,\n"
	"                         else the kind of the first --hdd or --floppy)\n"
	"  --bios FILE            SeaBIOS image (default " OPT_DEFAULT_BIOS ")\n"
	"  --vgabios FILE         VGA BIOS (default " OPT_DEFAULT_VGABIOS ")\n"
	"  --no-cache             bios mode: boot SeaBIOS in full instead of restoring the\n"
	"                         machine from the snapshot cache (see the README)\n"
	"  --idle MS              stop with `idle` once the guest waits for an interrupt\n"
	"                         and its screen, cursor, serial and debug console have\n"
	"                         not changed for MS ms of virtual time (default 300;\n"
	"                         0 = never)\n"
	"  --stop-at SECONDS      stop with `stop-at` when SECONDS of virtual time have\n"
	"                         passed since the guest got control\n"
	"  --keys TEXT            type TEXT on the keyboard once the guest waits for\n"
	"                         input, one key at a time as the guest takes them:\n"
	"                         characters as on a US keyboard, \\n Enter, \\t Tab,\n"
	"                         \\e Esc, \\b Backspace, \\\\, \\{, \\}, and {NAME} for\n"
	"                         F1-F12, Up, Down, Left, Right, Home, End, PgUp, PgDn,\n"
	"                         Ins, Del, Enter, Esc, Tab, Backspace, Space and\n"
	"                         chords such as {Ctrl-C}, {Alt-X}, {Shift-Tab}\n"
	"  --serial-in TEXT       send TEXT's bytes to COM1 the same way (escapes \\n,\n"
	"                         \\r, \\t, \\e, \\b, \\\\, \\xHH)\n"
	"  --input FILE           run the input script FILE: one step per line,\n"
	"                         wait-screen TEXT, wait-serial TEXT, wait-idle,\n"
	"                         keys TEXT, serial TEXT, sleep MS, # comments (see the\n"
	"                         README); a wait not met stops the run with `input: ...`\n"
	"  --load ADDR            direct mode: physical load address (default 0x7c00)\n"
	"  --entry ADDR|SEG:OFF   entry point (default: the load address)\n"
	"  --format auto|flat|elf|multiboot|multiboot2\n"
	"                         direct mode: what the image is (default auto: a\n"
	"                         Multiboot kernel if it has the header, then\n"
	"                         Multiboot2, then an ELF, else flat); an ELF32\n"
	"                         (i386) or ELF64 (x86-64) executable's PT_LOAD\n"
	"                         segments go to their physical addresses, it starts\n"
	"                         at e_entry in protected or long mode (its class\n"
	"                         picks --cpu); a Multiboot or Multiboot2 kernel (ELF\n"
	"                         or a.out kludge) starts in 32-bit protected mode\n"
	"                         with EAX and EBX as its specification says; a\n"
	"                         kernel that cannot be loaded is an error (2), never\n"
	"                         run as bytes\n"
	"  --cmdline TEXT         direct mode: a Multiboot kernel's command line\n"
	"  --module FILE[=TEXT]   direct mode: load FILE as a Multiboot module, on the\n"
	"                         next page boundary above the kernel, with TEXT as its\n"
	"                         string (default: FILE as given); repeatable, up to 16\n"
	"  --cpu real|protected|long\n"
	"                         CPU mode at entry (default real)\n"
	"  --mem SIZE             guest RAM: 64M, 1G, 512K; a bare number is MiB (default 32M)\n"
	"  --timeout SECONDS      wall-clock (host) limit for the run (default 10)\n"
	"  --console-port PORT    one more debug-console port besides 0xe9 (repeatable)\n"
	"  --exit-port PORT       debug-exit port (default 0xf4)\n"
	"  --exit-status MODE     what bootcheck run exits with once the guest ran:\n"
	"                         ran (default: 0, whatever stopped it), guest (the\n"
	"                         code N written to the debug-exit port), qemu\n"
	"                         ((N << 1) | 1, as QEMU's isa-debug-exit: 33 for\n"
	"                         0x10); with guest or qemu, a timeout exits 124 and\n"
	"                         any other stop (hlt, idle, spin, triple fault...) 122\n"
	"  --exit-status-from-guest  the same as --exit-status guest\n"
	"  --max-output BYTES     bytes kept per output channel (default 1M); more is\n"
	"                         counted and reported as truncated\n"
	"  --out DIR              write DIR/exit, DIR/serial, DIR/debugcon, DIR/screen,\n"
	"                         DIR/colors, DIR/cursor (DIR/screen.png in a graphics\n"
	"                         mode, DIR/bios-log in bios mode)\n"
	"  --png FILE             write the screen as the guest showed it to FILE (PNG):\n"
	"                         text at 720x400 with the VGA BIOS's font, colours\n"
	"                         and cursor; graphics at their own size\n"
	"  --color WHEN           the screen in the guest's colours: auto (on a\n"
	"                         terminal, unless NO_COLOR is set), always, never\n"
	"  --json                 print the result as one JSON object: \"exit\" the exit\n"
	"                         line, \"status\" the exit status; a failure is one\n"
	"                         object too, {\"exit\": null, \"status\": N, \"error\": MSG}\n"
	"                         (MSG also on stderr), so `| jq -e .exit` fails with it\n"
	"  --trace                log every unclaimed port/MMIO access to stderr\n"
	"  -v, --verbose          also show the BIOS log (port 0x402)\n"
	"  -h, --help             this text\n"
	"\n"
	"Exit status: 0 the guest ran and its result was captured (whatever made it\n"
	"stop), 2 usage or image error, 77 no /dev/kvm (skipped), 99 harness error,\n"
	"/dev/kvm that this user may not open among them: the message shows the\n"
	"device's mode and owner and what fits the machine (the kvm group where\n"
	"there is one, logging in again when the session predates joining it, else\n"
	"a udev rule or the device's mode).\n";

void options__defaults(struct run_options *o)
{
	memset(o, 0, sizeof(*o));
	o->mode = MODE_BIOS;
	o->bios = OPT_DEFAULT_BIOS;
	o->vgabios = OPT_DEFAULT_VGABIOS;
	o->drive = DRIVE_HDD;
	o->idle_ms = OPT_DEFAULT_IDLE_MS;
	o->direct.load = DIRECT_DEFAULT_LOAD;
	o->direct.cpu = CPU_REAL;
	o->mem = OPT_DEFAULT_MEM;
	o->timeout_s = 10.0;
	o->exit_port = DEBUG_EXIT_PORT;
	o->max_output = 1u << 20;
}

int options__parse_u64(const char *text, uint64_t *out)
{
	const char *digits = text;
	int base = 10;
	char *end;

	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		digits = text + 2;
		base = 16;
	}
	/* hex digits only: strtoull would also take a second "0x" */
	if (!isxdigit((unsigned char)digits[0]) ||
	    (base == 16 && (digits[1] == 'x' || digits[1] == 'X')))
		return -1;
	errno = 0;
	unsigned long long v = strtoull(digits, &end, base);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int options__parse_size(const char *text, uint64_t bare_unit, uint64_t *out)
{
	size_t n = strlen(text);
	uint64_t mult = bare_unit, v;
	char buf[32];

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, text, n + 1);
	switch (buf[n - 1]) {
	case 'K': case 'k': mult = 1ULL << 10; buf[--n] = '\0'; break;
	case 'M': case 'm': mult = 1ULL << 20; buf[--n] = '\0'; break;
	case 'G': case 'g': mult = 1ULL << 30; buf[--n] = '\0'; break;
	default: break;
	}
	if (options__parse_u64(buf, &v) || v > UINT64_MAX / mult)
		return -1;
	*out = v * mult;
	return 0;
}

int options__parse_port(const char *text, uint16_t *out)
{
	uint64_t v;

	if (options__parse_u64(text, &v) || v > 0xffff)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

int options__parse_seconds(const char *text, double *out)
{
	char *end;
	double v;

	/* plain decimal only: strtod would also take hex floats, inf and nan */
	if ((!isdigit((unsigned char)text[0]) && text[0] != '.') || strpbrk(text, "xXpP"))
		return -1;
	errno = 0;
	v = strtod(text, &end);
	if (errno || *end || !isfinite(v) || v <= 0 || v > OPT_MAX_TIMEOUT_S)
		return -1;
	*out = v;
	return 0;
}

int options__parse_entry(const char *text, struct direct_boot *db)
{
	const char *colon = strchr(text, ':');
	uint64_t seg, off, v;

	if (colon) {
		char segtext[24];
		size_t n = (size_t)(colon - text);

		if (n == 0 || n >= sizeof(segtext))
			return -1;
		memcpy(segtext, text, n);
		segtext[n] = '\0';
		/* SEG:OFF is hexadecimal by convention, with or without 0x */
		if (strncmp(segtext, "0x", 2) && strncmp(segtext, "0X", 2)) {
			char tmp[28];

			snprintf(tmp, sizeof(tmp), "0x%s", segtext);
			if (options__parse_u64(tmp, &seg))
				return -1;
		} else if (options__parse_u64(segtext, &seg)) {
			return -1;
		}
		const char *o = colon + 1;
		char tmp[28];

		if (strncmp(o, "0x", 2) && strncmp(o, "0X", 2)) {
			if (strlen(o) > 20)
				return -1;
			snprintf(tmp, sizeof(tmp), "0x%s", o);
			o = tmp;
		}
		if (options__parse_u64(o, &off) || seg > 0xffff || off > 0xffff)
			return -1;
		db->entry_set = true;
		db->entry_segoff = true;
		db->entry_seg = (uint16_t)seg;
		db->entry_off = (uint16_t)off;
		db->entry = seg * 16 + off;
		return 0;
	}
	if (options__parse_u64(text, &v))
		return -1;
	db->entry_set = true;
	db->entry_segoff = false;
	db->entry = v;
	return 0;
}

int options__parse_cpu(const char *text, enum cpu_mode *out)
{
	if (!strcmp(text, "real"))
		*out = CPU_REAL;
	else if (!strcmp(text, "protected"))
		*out = CPU_PROTECTED;
	else if (!strcmp(text, "long"))
		*out = CPU_LONG;
	else
		return -1;
	return 0;
}

int options__parse_mode(const char *text, enum boot_mode *out)
{
	if (!strcmp(text, "bios"))
		*out = MODE_BIOS;
	else if (!strcmp(text, "direct"))
		*out = MODE_DIRECT;
	else
		return -1;
	return 0;
}

int options__parse_drive(const char *text, enum drive_kind *out)
{
	if (!strcmp(text, "hdd"))
		*out = DRIVE_HDD;
	else if (!strcmp(text, "floppy"))
		*out = DRIVE_FLOPPY;
	else
		return -1;
	return 0;
}

int options__parse_ms(const char *text, unsigned *out)
{
	uint64_t v;

	if (options__parse_u64(text, &v) || v > 3600 * 1000)
		return -1;
	*out = (unsigned)v;
	return 0;
}

enum {
	OPT_MODE = 256, OPT_LOAD, OPT_ENTRY, OPT_CPU, OPT_MEM, OPT_TIMEOUT,
	OPT_CONSOLE_PORT, OPT_EXIT_PORT, OPT_MAX_OUTPUT, OPT_OUT, OPT_JSON, OPT_TRACE,
	OPT_BIOS, OPT_VGABIOS, OPT_DRIVE, OPT_IDLE, OPT_STOP_AT, OPT_NO_CACHE, OPT_KEYS,
	OPT_SERIAL_IN, OPT_INPUT, OPT_PNG, OPT_COLOR, OPT_EXIT_STATUS, OPT_EXIT_STATUS_FROM_GUEST,
	OPT_FORMAT, OPT_CMDLINE, OPT_MODULE, OPT_HDD, OPT_FLOPPY, OPT_BOOT,
};

static const struct option run_longopts[] = {
	{ "mode", required_argument, NULL, OPT_MODE },
	{ "load", required_argument, NULL, OPT_LOAD },
	{ "entry", required_argument, NULL, OPT_ENTRY },
	{ "cpu", required_argument, NULL, OPT_CPU },
	{ "mem", required_argument, NULL, OPT_MEM },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "console-port", required_argument, NULL, OPT_CONSOLE_PORT },
	{ "exit-port", required_argument, NULL, OPT_EXIT_PORT },
	{ "exit-status", required_argument, NULL, OPT_EXIT_STATUS },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "cmdline", required_argument, NULL, OPT_CMDLINE },
	{ "module", required_argument, NULL, OPT_MODULE },
	{ "exit-status-from-guest", no_argument, NULL, OPT_EXIT_STATUS_FROM_GUEST },
	{ "max-output", required_argument, NULL, OPT_MAX_OUTPUT },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "trace", no_argument, NULL, OPT_TRACE },
	{ "bios", required_argument, NULL, OPT_BIOS },
	{ "vgabios", required_argument, NULL, OPT_VGABIOS },
	{ "drive", required_argument, NULL, OPT_DRIVE },
	{ "hdd", required_argument, NULL, OPT_HDD },
	{ "floppy", required_argument, NULL, OPT_FLOPPY },
	{ "boot", required_argument, NULL, OPT_BOOT },
	{ "idle", required_argument, NULL, OPT_IDLE },
	{ "stop-at", required_argument, NULL, OPT_STOP_AT },
	{ "no-cache", no_argument, NULL, OPT_NO_CACHE },
	{ "keys", required_argument, NULL, OPT_KEYS },
	{ "serial-in", required_argument, NULL, OPT_SERIAL_IN },
	{ "input", required_argument, NULL, OPT_INPUT },
	{ "png", required_argument, NULL, OPT_PNG },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int options__check_input(bool keys, const char *text, char *err, size_t errlen)
{
	size_t max = strlen(text) + 1;
	void *tmp = calloc(max, keys ? sizeof(struct key_stroke) : 1);
	int n = !tmp ? -1 : keys ? keys__parse(text, tmp, max, err, errlen)
				 : keys__parse_serial(text, tmp, max, err, errlen);

	if (!tmp)
		snprintf(err, errlen, "out of memory");
	free(tmp);
	return n < 0 ? -1 : 0;
}

/*
 * The drives once every option is read: IMAGE (may be NULL) first of its
 * kind, the kind that boots, and o->image the drive that boots (bios mode).
 */
static int settle_drives(struct run_options *o, const char *image, bool drive_set,
			 bool boot_set, int first_kind, char *err, size_t errlen)
{
	if (o->mode == MODE_DIRECT) {
		if (!image)
			return errmsg__set(err, errlen, "no image given");
		o->image = image;
		o->direct.have_disk = o->nr_hdd > 0; /* a Multiboot boot_device */
		return 0;
	}
	if (image) {
		const char **list = o->drive == DRIVE_HDD ? o->hdd : o->floppy;
		int *nr = o->drive == DRIVE_HDD ? &o->nr_hdd : &o->nr_floppy;
		int max = o->drive == DRIVE_HDD ? OPT_MAX_HDD : OPT_MAX_FLOPPY;

		if (*nr == max)
			return o->drive == DRIVE_HDD ?
				errmsg__set(err, errlen, "--hdd: at most %d hard disks, IMAGE among them",
				     OPT_MAX_HDD) :
				errmsg__set(err, errlen, "--floppy: at most %d floppy drives, IMAGE among "
				     "them", OPT_MAX_FLOPPY);
		memmove(list + 1, list, (size_t)*nr * sizeof(*list));
		list[0] = image;
		(*nr)++;
		if (!boot_set)
			o->boot = o->drive;
	} else {
		if (!o->nr_hdd && !o->nr_floppy)
			return errmsg__set(err, errlen, "no image given");
		if (drive_set)
			return errmsg__set(err, errlen, "--drive says what IMAGE is, and there is no IMAGE: "
				    "--boot chooses the kind of drive that boots");
		if (!boot_set)
			o->boot = (enum drive_kind)first_kind;
	}
	if (o->boot == DRIVE_HDD && !o->nr_hdd)
		return errmsg__set(err, errlen, "--boot hdd: no hard disk given (IMAGE or --hdd FILE)");
	if (o->boot == DRIVE_FLOPPY && !o->nr_floppy)
		return errmsg__set(err, errlen, "--boot floppy: no floppy given (--floppy FILE, or IMAGE "
			    "with --drive floppy)");
	o->image = o->boot == DRIVE_HDD ? o->hdd[0] : o->floppy[0];
	return 0;
}

int options__parse_run(int argc, char **argv, struct run_options *o, char *err,
		       size_t errlen)
{
	const char *direct_only = NULL, *bios_only = NULL;
	bool drive_set = false, boot_set = false;
	int first_kind = -1;
	uint64_t v;
	uint16_t port;
	int c;

	optind = 0; /* full re-initialisation: the parser may run more than once */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hv", run_longopts, NULL)) != -1) {
		const char *arg = optarg;

		switch (c) {
		case OPT_MODE:
			if (options__parse_mode(arg, &o->mode))
				return errmsg__set(err, errlen, "--mode: '%s' is not bios or direct", arg);
			break;
		case OPT_DRIVE:
			bios_only = "--drive";
			if (options__parse_drive(arg, &o->drive))
				return errmsg__set(err, errlen, "--drive: '%s' is not hdd or floppy", arg);
			drive_set = true;
			break;
		case OPT_BOOT:
			bios_only = "--boot";
			if (options__parse_drive(arg, &o->boot))
				return errmsg__set(err, errlen, "--boot: '%s' is not hdd or floppy", arg);
			boot_set = true;
			break;
		case OPT_HDD:
			if (!arg[0])
				return errmsg__set(err, errlen, "--hdd: empty file name");
			if (o->nr_hdd == OPT_MAX_HDD)
				return errmsg__set(err, errlen, "--hdd: at most %d hard disks (primary and "
					    "secondary, master and slave)", OPT_MAX_HDD);
			o->hdd[o->nr_hdd++] = arg;
			if (first_kind < 0)
				first_kind = DRIVE_HDD;
			break;
		case OPT_FLOPPY:
			bios_only = "--floppy";
			if (!arg[0])
				return errmsg__set(err, errlen, "--floppy: empty file name");
			if (o->nr_floppy == OPT_MAX_FLOPPY)
				return errmsg__set(err, errlen, "--floppy: at most %d floppy drives (A: and B:)",
					    OPT_MAX_FLOPPY);
			o->floppy[o->nr_floppy++] = arg;
			if (first_kind < 0)
				first_kind = DRIVE_FLOPPY;
			break;
		case OPT_BIOS:
		case OPT_VGABIOS:
			if (!arg[0])
				return errmsg__set(err, errlen, "%s: empty file name",
					    c == OPT_BIOS ? "--bios" : "--vgabios");
			*(c == OPT_BIOS ? &o->bios : &o->vgabios) = arg;
			break;
		case OPT_IDLE:
			if (options__parse_ms(arg, &o->idle_ms))
				return errmsg__set(err, errlen, "--idle: '%s' is not a number of milliseconds "
					    "from 0 to 3600000", arg);
			break;
		case OPT_NO_CACHE:
			bios_only = "--no-cache";
			o->no_cache = true;
			break;
		case OPT_STOP_AT: {
			double secs;

			if (options__parse_seconds(arg, &secs) || secs < 1e-6)
				return errmsg__set(err, errlen, "--stop-at: '%s' is not a number of seconds from "
					    "0.000001 to %.0f", arg, OPT_MAX_TIMEOUT_S);
			o->stop_at_ns = (uint64_t)(secs * 1e9 + 0.5);
			break;
		}
		case OPT_KEYS:
		case OPT_SERIAL_IN:
			if (options__check_input(c == OPT_KEYS, arg, err, errlen))
				return -1;
			if (*(c == OPT_KEYS ? &o->keys : &o->serial_in))
				return errmsg__set(err, errlen, "%s given twice (put everything in one)",
					    c == OPT_KEYS ? "--keys" : "--serial-in");
			*(c == OPT_KEYS ? &o->keys : &o->serial_in) = arg;
			break;
		case OPT_COLOR: {
			enum color_when w;

			if (color__parse(arg, &w))
				return errmsg__set(err, errlen, "--color: '%s' is not auto, always or never", arg);
			o->color = (int)w;
			break;
		}
		case OPT_PNG:
			if (!arg[0])
				return errmsg__set(err, errlen, "--png: empty file name");
			o->png = arg;
			break;
		case OPT_INPUT:
			if (!arg[0])
				return errmsg__set(err, errlen, "--input: empty file name");
			if (o->input)
				return errmsg__set(err, errlen, "--input given twice");
			o->input = arg;
			break;
		case 'v':
			o->verbose = true;
			break;
		case OPT_LOAD:
			direct_only = "--load";
			if (options__parse_u64(arg, &v) || v >= (1ULL << 32))
				return errmsg__set(err, errlen, "--load: '%s' is not an address below 4 GiB", arg);
			o->direct.load = v;
			o->direct.load_set = true;
			break;
		case OPT_ENTRY:
			direct_only = "--entry";
			if (options__parse_entry(arg, &o->direct) ||
			    (!o->direct.entry_segoff && o->direct.entry >= (1ULL << 32)))
				return errmsg__set(err, errlen,
					    "--entry: '%s' is neither an address below 4 GiB nor SEG:OFF", arg);
			break;
		case OPT_CPU:
			direct_only = "--cpu";
			if (options__parse_cpu(arg, &o->direct.cpu))
				return errmsg__set(err, errlen, "--cpu: '%s' is not real, protected or long", arg);
			o->direct.cpu_set = true;
			break;
		case OPT_MEM:
			if (options__parse_size(arg, 1ULL << 20, &v) || v < OPT_MIN_MEM || v > OPT_MAX_MEM ||
			    v % 4096)
				return errmsg__set(err, errlen,
					    "--mem: '%s' is not a size from 1M to 3G in whole pages", arg);
			o->mem = v;
			break;
		case OPT_TIMEOUT:
			if (options__parse_seconds(arg, &o->timeout_s))
				return errmsg__set(err, errlen,
					    "--timeout: '%s' is not a number of seconds above 0 and at most %.0f",
					    arg, OPT_MAX_TIMEOUT_S);
			break;
		case OPT_CONSOLE_PORT:
			if (options__parse_port(arg, &port))
				return errmsg__set(err, errlen, "--console-port: '%s' is not a port (0-0xffff)", arg);
			if (o->nr_console_ports == (int)(sizeof(o->console_ports) / sizeof(o->console_ports[0])))
				return errmsg__set(err, errlen, "--console-port: at most %d extra ports",
					    DEBUGCON_MAX_PORTS - 1);
			o->console_ports[o->nr_console_ports++] = port;
			break;
		case OPT_EXIT_PORT:
			if (options__parse_port(arg, &o->exit_port))
				return errmsg__set(err, errlen, "--exit-port: '%s' is not a port (0-0xffff)", arg);
			break;
		case OPT_EXIT_STATUS: {
			enum exit_status_mode m;

			if (exit_status__parse_mode(arg, &m))
				return errmsg__set(err, errlen, "--exit-status: '%s' is not ran, guest or qemu", arg);
			o->exit_status = (int)m;
			break;
		}
		case OPT_EXIT_STATUS_FROM_GUEST:
			o->exit_status = EXIT_STATUS_GUEST;
			break;
		case OPT_FORMAT:
			direct_only = "--format";
			if (!strcmp(arg, "auto"))
				o->direct.format = FORMAT_AUTO;
			else if (!strcmp(arg, "flat"))
				o->direct.format = FORMAT_FLAT;
			else if (!strcmp(arg, "elf"))
				o->direct.format = FORMAT_ELF;
			else if (!strcmp(arg, "multiboot"))
				o->direct.format = FORMAT_MULTIBOOT;
			else if (!strcmp(arg, "multiboot2"))
				o->direct.format = FORMAT_MULTIBOOT2;
			else
				return errmsg__set(err, errlen, "--format: '%s' is not auto, flat, elf, multiboot "
					    "or multiboot2", arg);
			break;
		case OPT_CMDLINE:
			direct_only = "--cmdline";
			o->direct.cmdline = arg;
			break;
		case OPT_MODULE:
			direct_only = "--module";
			if (!arg[0] || arg[0] == '=')
				return errmsg__set(err, errlen, "--module: '%s' names no file (FILE or "
					    "FILE=TEXT)", arg);
			if (o->direct.nr_modules == BOOTINFO_MAX_MODULES)
				return errmsg__set(err, errlen, "--module: more than %d modules",
					    BOOTINFO_MAX_MODULES);
			o->direct.modules[o->direct.nr_modules++] = arg;
			break;
		case OPT_MAX_OUTPUT:
			if (options__parse_size(arg, 1, &v) || v == 0 || v > (1ULL << 30))
				return errmsg__set(err, errlen, "--max-output: '%s' is not a size from 1 byte to 1G "
					    "(e.g. 4096, 64K, 1M)", arg);
			o->max_output = (size_t)v;
			break;
		case OPT_OUT:
			if (!arg[0])
				return errmsg__set(err, errlen, "--out: empty directory name");
			o->out_dir = arg;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_TRACE:
			o->trace = true;
			break;
		case 'h':
			o->help = true;
			return 0;
		case ':':
			return errmsg__set(err, errlen, "%s needs a value", argv[optind - 1]);
		default:
			/* a short one may share its argv word with others still to parse */
			if (optopt > 0 && optopt < OPT_MODE)
				return errmsg__set(err, errlen, "unknown option '-%c'", optopt);
			return errmsg__set(err, errlen, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind + 1 < argc)
		return errmsg__set(err, errlen, "one image at a time ('%s' is extra; more disks go with "
			    "--hdd FILE)", argv[optind + 1]);
	if (o->mode == MODE_DIRECT && bios_only)
		return errmsg__set(err, errlen, "%s is for --mode bios", bios_only);
	if (settle_drives(o, optind < argc ? argv[optind] : NULL, drive_set, boot_set, first_kind,
			  err, errlen))
		return -1;
	if (o->mode == MODE_BIOS && direct_only)
		return errmsg__set(err, errlen, "%s is for --mode direct (the BIOS loads the boot sector)",
			    direct_only);
	if (o->direct.entry_segoff && o->direct.cpu != CPU_REAL)
		return errmsg__set(err, errlen, "--entry SEG:OFF is for --cpu real; give a linear address");
	return 0;
}

bool options__json_requested(int argc, char **argv)
{
	int c;

	/* getopt_long again, errors ignored: it knows which options take the next word */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hv", run_longopts, NULL)) != -1)
		if (c == OPT_JSON)
			return true;
	return false;
}
