/* options.h - the configuration of one run: `bootcheck run`'s options, their defaults and parsers, shared by the CLI and the manifest. */
#ifndef BOOTCHECK_OPTIONS_H
#define BOOTCHECK_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/direct.h"  // struct direct_boot
#include "hw/debugcon.h"  // DEBUGCON_MAX_PORTS

enum boot_mode { MODE_BIOS, MODE_DIRECT };
enum drive_kind { DRIVE_HDD, DRIVE_FLOPPY };

#define OPT_DEFAULT_BIOS "/usr/share/seabios/bios.bin"
#define OPT_DEFAULT_VGABIOS "/usr/share/seabios/vgabios-isavga.bin"
#define OPT_DEFAULT_IDLE_MS 300

#define OPT_DEFAULT_MEM (32ULL << 20)
#define OPT_MIN_MEM (1ULL << 20)
#define OPT_MAX_MEM (3ULL << 30)
#define OPT_MAX_TIMEOUT_S 86400.0
#define OPT_MAX_HDD 4    /* primary master, primary slave, secondary master, secondary slave */
#define OPT_MAX_FLOPPY 2 /* A:, B: */

struct run_options {
	const char *image;       /* the image that boots (bios mode) or is loaded (direct mode) */
	enum boot_mode mode;
	struct direct_boot direct;
	const char *bios;        /* SeaBIOS image (bios mode) */
	const char *vgabios;     /* VGA option ROM handed to it through fw_cfg */
	enum drive_kind drive;   /* --drive: what IMAGE is */
	/*
	 * Every drive, in order, IMAGE among them (bios mode: the first of
	 * its kind).  Bios mode: image is hdd[0] or floppy[0], the first of
	 * the kind BOOT names.  Direct mode: the hard disks only.
	 */
	const char *hdd[OPT_MAX_HDD];
	int nr_hdd;
	const char *floppy[OPT_MAX_FLOPPY];
	int nr_floppy;
	enum drive_kind boot;    /* --boot: which kind boots */
	unsigned idle_ms;        /* virtual ms; 0: never stop for idleness */
	uint64_t stop_at_ns;     /* virtual ns after the guest got control; 0: none */
	uint64_t mem;
	double timeout_s;
	uint16_t console_ports[DEBUGCON_MAX_PORTS - 1]; /* besides 0xe9 */
	int nr_console_ports;
	uint16_t exit_port;
	int exit_status;         /* enum exit_status_mode (report/exit_status.h): --exit-status */
	size_t max_output;       /* bytes kept per output channel */
	const char *out_dir;
	const char *png;         /* write the screen as the guest showed it here */
	int color;               /* enum color_when (report/color.h): --color */
	bool json;
	bool trace;
	bool no_cache;           /* bios mode: always boot SeaBIOS in full */
	bool verbose;            /* also show the BIOS log */
	const char *keys;        /* typed once the guest waits for input (input/keys.h) */
	const char *serial_in;   /* sent to COM1 the same way */
	const char *input;       /* an input script (input/script.h) */
	bool help;
};

/* options__defaults - what `bootcheck run IMAGE` means with no options. */
void options__defaults(struct run_options *o);

/*
 * options__parse_run - parse ARGV (ARGV[0] is "run") into O, which must hold
 * the defaults.  Returns 0, or -1 with a one-line message in ERR.  Sets
 * o->help for --help (then no image is needed).
 */
int options__parse_run(int argc, char **argv, struct run_options *o, char *err,
		       size_t errlen);

/*
 * options__json_requested - whether ARGV asks for --json anywhere, before
 * or after a word options__parse_run refused (a value is not an option:
 * `--keys --json` types "--json"), so a usage error can still be answered
 * in JSON.
 */
bool options__json_requested(int argc, char **argv);

/*
 * Value parsers shared with the manifest: 0 on success, -1 when TEXT is not
 * a valid value (with nothing written to *OUT).
 */
int options__parse_u64(const char *text, uint64_t *out);       /* 123 or 0x7b */
int options__parse_size(const char *text, uint64_t bare_unit, uint64_t *out); /* 64M, 1G, 512K */
int options__parse_port(const char *text, uint16_t *out);      /* 0-0xffff */
int options__parse_seconds(const char *text, double *out);     /* > 0, <= a day */
int options__parse_entry(const char *text, struct direct_boot *db); /* ADDR or SEG:OFF */
int options__parse_cpu(const char *text, enum cpu_mode *out);
int options__parse_mode(const char *text, enum boot_mode *out);   /* bios, direct */
int options__parse_drive(const char *text, enum drive_kind *out); /* hdd, floppy (--drive, --boot) */
int options__parse_ms(const char *text, unsigned *out);           /* 0 .. 1 hour */

/*
 * options__check_input - whether TEXT is valid --keys (KEYS) or --serial-in
 * text: 0, or -1 with the parser's one-line message in ERR.
 */
int options__check_input(bool keys, const char *text, char *err, size_t errlen);

extern const char options__run_usage[];

#endif
