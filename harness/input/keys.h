/* keys.h - the --keys and --serial-in text syntaxes, and the PC keyboard's scancodes. */
#ifndef BOOTCHECK_KEYS_H
#define BOOTCHECK_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The --keys syntax.  Printable ASCII (0x20-0x7e) is typed as on a US
 * keyboard, with Shift for the characters that need it ('A', '!', '"').
 * Escapes: \n Enter, \t Tab, \e Esc, \b Backspace, \\ backslash, \{ and \}
 * braces; a bare { or } is not a character but syntax.
 *
 * {NAME} names one key, case-insensitively: F1-F12, Up Down Left Right
 * Home End PgUp PgDn Ins Del, Enter Esc Tab Backspace Space, CapsLock,
 * NumLock, ScrollLock, LShift RShift LCtrl RCtrl LAlt RAlt (Shift, Ctrl and
 * Alt are the left-hand ones), the keypad's Kp0-Kp9 KpDot KpEnter KpSlash
 * KpStar KpMinus KpPlus, and the aliases Escape Return Delete Insert PageUp
 * PageDown.  Any number of the prefixes Ctrl-, Alt- and Shift-, in any
 * order, hold those modifiers around the key: {Ctrl-Alt-Del}, {Shift-Tab}.
 * Inside braces a single printable character names the key that types it,
 * and Shift is held only if written: {Ctrl-c}, {Ctrl-C} and {c} are the C
 * key, {Ctrl-!} is Ctrl with the 1 key, {Ctrl-}} Ctrl with the ] key.
 * Print Screen and Pause are not offered: their codes are sequences of
 * their own, not one key going down and up.
 */

enum { KEY_MOD_SHIFT = 1, KEY_MOD_CTRL = 2, KEY_MOD_ALT = 4 };

/* One key of the 101/102-key US keyboard. */
struct key_info {
	const char *name;       /* "A", "1", "[", "F1", "Up", "LShift", ...: as {NAME} takes it */
	uint8_t set1;           /* set-1 make code (without E0) */
	uint8_t set2;           /* set-2 make code (without E0) */
	bool e0;                /* extended: E0 prefix in both sets */
};

/* keys__table - every key, *N of them; a key_stroke's key indexes this array. */
const struct key_info *keys__table(size_t *n);

/*
 * keys__qemu_name - QEMU's name of KEY (an index into keys__table), as its
 * monitor's `sendkey` takes it ("a", "ret", "up", "shift_r"), or NULL.
 */
const char *keys__qemu_name(uint16_t key);

/*
 * keys__lookup - the index in keys__table of the key NAME names as {NAME}
 * would (case-insensitive, aliases, a single character for its key; no
 * modifier prefixes), or -1.
 */
int keys__lookup(const char *name);

/* One key pressed and released with the modifiers MODS (KEY_MOD_*) held around it. */
struct key_stroke {
	uint16_t key;           /* index into keys__table */
	uint8_t mods;
};

/*
 * keys__parse - TEXT in the --keys syntax into at most MAX strokes in OUT.
 * Every stroke takes at least one byte of TEXT, so strlen(TEXT) strokes
 * always suffice.  Returns the number of strokes, or -1 with a one-line
 * message in ERR (ERRLEN bytes) naming the problem and its position, the
 * 1-based byte offset in TEXT of the byte, backslash or { at fault:
 * `keys: position 7: unknown key name "Foo"`.  Errors: a byte outside
 * 0x20-0x7e, an unknown escape, a backslash at the end, a { without its }
 * or with nothing inside, an unknown name, a modifier given twice or with
 * no key after it, a } outside braces, and more than MAX strokes.
 */
int keys__parse(const char *text, struct key_stroke *out, size_t max, char *err,
		size_t errlen);

/* One key going down or up: what the pacing delivers at a time. */
struct key_event {
	uint16_t key;           /* index into keys__table */
	bool release;
};

/*
 * keys__events - the events of stroke S in order: the modifiers' presses
 * (Ctrl, Alt, Shift; the left-hand keys), the key's press and release, then
 * the modifiers' releases in reverse order.  Returns how many (at most 8).
 */
int keys__events(const struct key_stroke *s, struct key_event *out);

/*
 * keys__set2_bytes - the bytes a keyboard in scan code set 2 sends for EV
 * into OUT: make [E0] code, break [E0] F0 code.  Returns the count (at most
 * 3), 0 for a key not in the table.
 */
int keys__set2_bytes(const struct key_event *ev, uint8_t *out);

/*
 * keys__set1_bytes - the same in scan code set 1: make [E0] code, break
 * [E0] code|0x80.  This is also what the i8042 makes of the set-2 bytes
 * when it translates.  Returns the count (at most 2), 0 for a key not in the
 * table.
 */
int keys__set1_bytes(const struct key_event *ev, uint8_t *out);

/*
 * keys__parse_serial - TEXT in the --serial-in syntax into at most MAX raw
 * bytes in OUT: printable ASCII as is (braces included), and the escapes
 * \n (0x0a), \r (0x0d), \t (0x09), \e (0x1b), \b (0x08), \\ and \xHH (two
 * hex digits, either case).  Returns the byte count, or -1 with ERR as
 * keys__parse gives it, prefixed `serial-in:`.  Errors: a byte outside
 * 0x20-0x7e, an unknown escape, \x without two hex digits, a backslash at
 * the end, and more than MAX bytes.
 */
int keys__parse_serial(const char *text, uint8_t *out, size_t max, char *err,
		       size_t errlen);

/*
 * keys__describe - a readable name of stroke S for reports, into BUF (LEN
 * bytes, always NUL-terminated when LEN > 0): the character for a key that
 * types one with at most Shift held ("a", "A", "!"), otherwise the held
 * modifiers in the order Ctrl, Alt, Shift and the key's name ("Enter",
 * "Space", "Ctrl-C", "Shift-Tab", "Ctrl-Alt-Del", "F1"); "?" for a key not
 * in the table.
 */
void keys__describe(const struct key_stroke *s, char *buf, size_t len);

#endif
