/* keys.c - the --keys and --serial-in text syntaxes, and the PC keyboard's scancodes. */
#include "input/keys.h"

#include <stdarg.h>  // va_list
#include <stdio.h>   // snprintf, vsnprintf
#include <string.h>  // memchr, strchr, strlen
#include <strings.h> // strncasecmp

#include "capture/utf8.h" // utf8__seq_len

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The keys by index, so the code below can name the ones it needs. */
enum {
	K_A, K_B, K_C, K_D, K_E, K_F, K_G, K_H, K_I, K_J, K_K, K_L, K_M,
	K_N, K_O, K_P, K_Q, K_R, K_S, K_T, K_U, K_V, K_W, K_X, K_Y, K_Z,
	K_0, K_1, K_2, K_3, K_4, K_5, K_6, K_7, K_8, K_9,
	K_GRAVE, K_MINUS, K_EQUAL, K_LBRACKET, K_RBRACKET, K_BACKSLASH,
	K_SEMICOLON, K_QUOTE, K_COMMA, K_DOT, K_SLASH,
	K_SPACE, K_ENTER, K_TAB, K_BACKSPACE, K_ESC,
	K_F1, K_F2, K_F3, K_F4, K_F5, K_F6, K_F7, K_F8, K_F9, K_F10, K_F11, K_F12,
	K_LSHIFT, K_RSHIFT, K_LCTRL, K_LALT, K_CAPSLOCK, K_NUMLOCK, K_SCROLLLOCK,
	K_KP0, K_KP1, K_KP2, K_KP3, K_KP4, K_KP5, K_KP6, K_KP7, K_KP8, K_KP9,
	K_KPDOT, K_KPSTAR, K_KPMINUS, K_KPPLUS,
	/* extended: E0 prefix */
	K_UP, K_DOWN, K_LEFT, K_RIGHT, K_HOME, K_END, K_PGUP, K_PGDN, K_INS, K_DEL,
	K_RCTRL, K_RALT, K_KPENTER, K_KPSLASH,
	NR_KEYS
};

/*
 * Set 1 is the IBM PC/XT's, set 2 the IBM AT's and every PS/2 keyboard's
 * default.  keys_test checks each key's set-2 code against its set-1 code
 * through the i8042's translation table, which carries the same mapping.
 */
static const struct key_info table[NR_KEYS] = {
	[K_A] = { "A", 0x1e, 0x1c, false },
	[K_B] = { "B", 0x30, 0x32, false },
	[K_C] = { "C", 0x2e, 0x21, false },
	[K_D] = { "D", 0x20, 0x23, false },
	[K_E] = { "E", 0x12, 0x24, false },
	[K_F] = { "F", 0x21, 0x2b, false },
	[K_G] = { "G", 0x22, 0x34, false },
	[K_H] = { "H", 0x23, 0x33, false },
	[K_I] = { "I", 0x17, 0x43, false },
	[K_J] = { "J", 0x24, 0x3b, false },
	[K_K] = { "K", 0x25, 0x42, false },
	[K_L] = { "L", 0x26, 0x4b, false },
	[K_M] = { "M", 0x32, 0x3a, false },
	[K_N] = { "N", 0x31, 0x31, false },
	[K_O] = { "O", 0x18, 0x44, false },
	[K_P] = { "P", 0x19, 0x4d, false },
	[K_Q] = { "Q", 0x10, 0x15, false },
	[K_R] = { "R", 0x13, 0x2d, false },
	[K_S] = { "S", 0x1f, 0x1b, false },
	[K_T] = { "T", 0x14, 0x2c, false },
	[K_U] = { "U", 0x16, 0x3c, false },
	[K_V] = { "V", 0x2f, 0x2a, false },
	[K_W] = { "W", 0x11, 0x1d, false },
	[K_X] = { "X", 0x2d, 0x22, false },
	[K_Y] = { "Y", 0x15, 0x35, false },
	[K_Z] = { "Z", 0x2c, 0x1a, false },
	[K_0] = { "0", 0x0b, 0x45, false },
	[K_1] = { "1", 0x02, 0x16, false },
	[K_2] = { "2", 0x03, 0x1e, false },
	[K_3] = { "3", 0x04, 0x26, false },
	[K_4] = { "4", 0x05, 0x25, false },
	[K_5] = { "5", 0x06, 0x2e, false },
	[K_6] = { "6", 0x07, 0x36, false },
	[K_7] = { "7", 0x08, 0x3d, false },
	[K_8] = { "8", 0x09, 0x3e, false },
	[K_9] = { "9", 0x0a, 0x46, false },
	[K_GRAVE] = { "`", 0x29, 0x0e, false },
	[K_MINUS] = { "-", 0x0c, 0x4e, false },
	[K_EQUAL] = { "=", 0x0d, 0x55, false },
	[K_LBRACKET] = { "[", 0x1a, 0x54, false },
	[K_RBRACKET] = { "]", 0x1b, 0x5b, false },
	[K_BACKSLASH] = { "\\", 0x2b, 0x5d, false },
	[K_SEMICOLON] = { ";", 0x27, 0x4c, false },
	[K_QUOTE] = { "'", 0x28, 0x52, false },
	[K_COMMA] = { ",", 0x33, 0x41, false },
	[K_DOT] = { ".", 0x34, 0x49, false },
	[K_SLASH] = { "/", 0x35, 0x4a, false },
	[K_SPACE] = { "Space", 0x39, 0x29, false },
	[K_ENTER] = { "Enter", 0x1c, 0x5a, false },
	[K_TAB] = { "Tab", 0x0f, 0x0d, false },
	[K_BACKSPACE] = { "Backspace", 0x0e, 0x66, false },
	[K_ESC] = { "Esc", 0x01, 0x76, false },
	[K_F1] = { "F1", 0x3b, 0x05, false },
	[K_F2] = { "F2", 0x3c, 0x06, false },
	[K_F3] = { "F3", 0x3d, 0x04, false },
	[K_F4] = { "F4", 0x3e, 0x0c, false },
	[K_F5] = { "F5", 0x3f, 0x03, false },
	[K_F6] = { "F6", 0x40, 0x0b, false },
	[K_F7] = { "F7", 0x41, 0x83, false },
	[K_F8] = { "F8", 0x42, 0x0a, false },
	[K_F9] = { "F9", 0x43, 0x01, false },
	[K_F10] = { "F10", 0x44, 0x09, false },
	[K_F11] = { "F11", 0x57, 0x78, false },
	[K_F12] = { "F12", 0x58, 0x07, false },
	[K_LSHIFT] = { "LShift", 0x2a, 0x12, false },
	[K_RSHIFT] = { "RShift", 0x36, 0x59, false },
	[K_LCTRL] = { "LCtrl", 0x1d, 0x14, false },
	[K_LALT] = { "LAlt", 0x38, 0x11, false },
	[K_CAPSLOCK] = { "CapsLock", 0x3a, 0x58, false },
	[K_NUMLOCK] = { "NumLock", 0x45, 0x77, false },
	[K_SCROLLLOCK] = { "ScrollLock", 0x46, 0x7e, false },
	[K_KP0] = { "Kp0", 0x52, 0x70, false },
	[K_KP1] = { "Kp1", 0x4f, 0x69, false },
	[K_KP2] = { "Kp2", 0x50, 0x72, false },
	[K_KP3] = { "Kp3", 0x51, 0x7a, false },
	[K_KP4] = { "Kp4", 0x4b, 0x6b, false },
	[K_KP5] = { "Kp5", 0x4c, 0x73, false },
	[K_KP6] = { "Kp6", 0x4d, 0x74, false },
	[K_KP7] = { "Kp7", 0x47, 0x6c, false },
	[K_KP8] = { "Kp8", 0x48, 0x75, false },
	[K_KP9] = { "Kp9", 0x49, 0x7d, false },
	[K_KPDOT] = { "KpDot", 0x53, 0x71, false },
	[K_KPSTAR] = { "KpStar", 0x37, 0x7c, false },
	[K_KPMINUS] = { "KpMinus", 0x4a, 0x7b, false },
	[K_KPPLUS] = { "KpPlus", 0x4e, 0x79, false },
	/* the extended keys share their codes with keypad keys, hence E0 */
	[K_UP] = { "Up", 0x48, 0x75, true },
	[K_DOWN] = { "Down", 0x50, 0x72, true },
	[K_LEFT] = { "Left", 0x4b, 0x6b, true },
	[K_RIGHT] = { "Right", 0x4d, 0x74, true },
	[K_HOME] = { "Home", 0x47, 0x6c, true },
	[K_END] = { "End", 0x4f, 0x69, true },
	[K_PGUP] = { "PgUp", 0x49, 0x7d, true },
	[K_PGDN] = { "PgDn", 0x51, 0x7a, true },
	[K_INS] = { "Ins", 0x52, 0x70, true },
	[K_DEL] = { "Del", 0x53, 0x71, true },
	[K_RCTRL] = { "RCtrl", 0x1d, 0x14, true },
	[K_RALT] = { "RAlt", 0x38, 0x11, true },
	[K_KPENTER] = { "KpEnter", 0x1c, 0x5a, true },
	[K_KPSLASH] = { "KpSlash", 0x35, 0x4a, true },
};

/* QEMU's names of the same keys (QKeyCode, as its monitor's sendkey takes them). */
static const char *const qemu_names[NR_KEYS] = {
	[K_A] = "a",
	[K_B] = "b",
	[K_C] = "c",
	[K_D] = "d",
	[K_E] = "e",
	[K_F] = "f",
	[K_G] = "g",
	[K_H] = "h",
	[K_I] = "i",
	[K_J] = "j",
	[K_K] = "k",
	[K_L] = "l",
	[K_M] = "m",
	[K_N] = "n",
	[K_O] = "o",
	[K_P] = "p",
	[K_Q] = "q",
	[K_R] = "r",
	[K_S] = "s",
	[K_T] = "t",
	[K_U] = "u",
	[K_V] = "v",
	[K_W] = "w",
	[K_X] = "x",
	[K_Y] = "y",
	[K_Z] = "z",
	[K_0] = "0",
	[K_1] = "1",
	[K_2] = "2",
	[K_3] = "3",
	[K_4] = "4",
	[K_5] = "5",
	[K_6] = "6",
	[K_7] = "7",
	[K_8] = "8",
	[K_9] = "9",
	[K_GRAVE] = "grave_accent",
	[K_MINUS] = "minus",
	[K_EQUAL] = "equal",
	[K_LBRACKET] = "bracket_left",
	[K_RBRACKET] = "bracket_right",
	[K_BACKSLASH] = "backslash",
	[K_SEMICOLON] = "semicolon",
	[K_QUOTE] = "apostrophe",
	[K_COMMA] = "comma",
	[K_DOT] = "dot",
	[K_SLASH] = "slash",
	[K_SPACE] = "spc",
	[K_ENTER] = "ret",
	[K_TAB] = "tab",
	[K_BACKSPACE] = "backspace",
	[K_ESC] = "esc",
	[K_F1] = "f1",
	[K_F2] = "f2",
	[K_F3] = "f3",
	[K_F4] = "f4",
	[K_F5] = "f5",
	[K_F6] = "f6",
	[K_F7] = "f7",
	[K_F8] = "f8",
	[K_F9] = "f9",
	[K_F10] = "f10",
	[K_F11] = "f11",
	[K_F12] = "f12",
	[K_LSHIFT] = "shift",
	[K_RSHIFT] = "shift_r",
	[K_LCTRL] = "ctrl",
	[K_LALT] = "alt",
	[K_CAPSLOCK] = "caps_lock",
	[K_NUMLOCK] = "num_lock",
	[K_SCROLLLOCK] = "scroll_lock",
	[K_KP0] = "kp_0",
	[K_KP1] = "kp_1",
	[K_KP2] = "kp_2",
	[K_KP3] = "kp_3",
	[K_KP4] = "kp_4",
	[K_KP5] = "kp_5",
	[K_KP6] = "kp_6",
	[K_KP7] = "kp_7",
	[K_KP8] = "kp_8",
	[K_KP9] = "kp_9",
	[K_KPDOT] = "kp_decimal",
	[K_KPSTAR] = "kp_multiply",
	[K_KPMINUS] = "kp_subtract",
	[K_KPPLUS] = "kp_add",
	[K_UP] = "up",
	[K_DOWN] = "down",
	[K_LEFT] = "left",
	[K_RIGHT] = "right",
	[K_HOME] = "home",
	[K_END] = "end",
	[K_PGUP] = "pgup",
	[K_PGDN] = "pgdn",
	[K_INS] = "insert",
	[K_DEL] = "delete",
	[K_RCTRL] = "ctrl_r",
	[K_RALT] = "alt_r",
	[K_KPENTER] = "kp_enter",
	[K_KPSLASH] = "kp_divide",
};

/* Other names {NAME} accepts, for the spellings people reach for first. */
static const struct {
	const char *name;
	int key;
} aliases[] = {
	{ "Escape", K_ESC },     { "Return", K_ENTER },  { "Delete", K_DEL },
	{ "Insert", K_INS },     { "PageUp", K_PGUP },   { "PageDown", K_PGDN },
	{ "Shift", K_LSHIFT },   { "Ctrl", K_LCTRL },    { "Alt", K_LALT },
};

/* The punctuation keys, with what each types without and with Shift. */
static const char punct_plain[] = "`1234567890-=[]\\;',./";
static const char punct_shifted[] = "~!@#$%^&*()_+{}|:\"<>?";
static const uint8_t punct_key[] = {
	K_GRAVE, K_1, K_2, K_3, K_4, K_5, K_6, K_7, K_8, K_9, K_0, K_MINUS, K_EQUAL,
	K_LBRACKET, K_RBRACKET, K_BACKSLASH, K_SEMICOLON, K_QUOTE, K_COMMA, K_DOT, K_SLASH,
};

_Static_assert(sizeof(punct_plain) == sizeof(punct_shifted), "punctuation pairs");
_Static_assert(sizeof(punct_plain) - 1 == sizeof(punct_key), "punctuation keys");

static const struct {
	const char *prefix;
	uint8_t mod;
} modifiers[] = {
	{ "Ctrl-", KEY_MOD_CTRL },
	{ "Alt-", KEY_MOD_ALT },
	{ "Shift-", KEY_MOD_SHIFT },
};

const struct key_info *keys__table(size_t *n)
{
	*n = NR_KEYS;
	return table;
}

/* The key that types printable character C, and whether it needs Shift; false if none. */
static bool char_key(char c, int *key, bool *shift)
{
	const char *p;

	*shift = false;
	if (c >= 'a' && c <= 'z') {
		*key = K_A + (c - 'a');
		return true;
	}
	if (c >= 'A' && c <= 'Z') {
		*key = K_A + (c - 'A');
		*shift = true;
		return true;
	}
	if (c == ' ') {
		*key = K_SPACE;
		return true;
	}
	if (c == '\0')
		return false;
	if ((p = strchr(punct_plain, c))) {
		*key = punct_key[p - punct_plain];
		return true;
	}
	if ((p = strchr(punct_shifted, c))) {
		*key = punct_key[p - punct_shifted];
		*shift = true;
		return true;
	}
	return false;
}

/* The key NAME (LEN bytes, not terminated) names inside braces, or -1. */
static int lookup_n(const char *name, size_t len)
{
	int key;
	bool shift;

	if (len == 1 && char_key(name[0], &key, &shift))
		return key;
	for (int i = 0; i < NR_KEYS; i++)
		if (strlen(table[i].name) == len && !strncasecmp(table[i].name, name, len))
			return i;
	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++)
		if (strlen(aliases[i].name) == len && !strncasecmp(aliases[i].name, name, len))
			return aliases[i].key;
	return -1;
}

int keys__lookup(const char *name)
{
	return lookup_n(name, strlen(name));
}

/* Errors: "WHAT: position POS: ..." into ERR; always -1. */
__attribute__((format(printf, 5, 6)))
static int fail(char *err, size_t errlen, const char *what, size_t pos, const char *fmt, ...)
{
	char why[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (errlen)
		snprintf(err, errlen, "%s: position %zu: %s", what, pos + 1, why);
	return -1;
}

/* The escape that writes control byte B, for hints, or NULL. */
static const char *escape_for(uint8_t b)
{
	switch (b) {
	case '\n': return "\\n";
	case '\t': return "\\t";
	case 0x1b: return "\\e";
	case '\b': return "\\b";
	default: return NULL;
	}
}

/* The error for the byte at TEXT[POS], which no key types. */
static int bad_byte(const char *text, size_t pos, char *err, size_t errlen)
{
	const uint8_t *p = (const uint8_t *)text + pos;
	size_t n = p[0] >= 0x80 ? utf8__seq_len(p, strnlen(text + pos, 4)) : 0;
	const char *esc = escape_for(p[0]);

	if (n)
		return fail(err, errlen, "keys", pos, "no key types '%.*s' (byte 0x%02x)", (int)n,
			    text + pos, p[0]);
	if (esc)
		return fail(err, errlen, "keys", pos, "no key types byte 0x%02x (write %s)", p[0],
			    esc);
	return fail(err, errlen, "keys", pos, "no key types byte 0x%02x", p[0]);
}

static bool printable(char c)
{
	return c >= 0x20 && c <= 0x7e;
}

/*
 * The {...} group at TEXT[POS] into *S.  Returns the position after it, or
 * 0 with ERR set (a group is never at position 0 of what follows it).
 */
static size_t parse_group(const char *text, size_t pos, struct key_stroke *s, char *err,
			  size_t errlen)
{
	const char *p = text + pos + 1, *base, *end;
	uint8_t mods = 0;
	int key;

	for (size_t i = 0; i < ARRAY_SIZE(modifiers);) {
		size_t n = strlen(modifiers[i].prefix);

		if (strncasecmp(p, modifiers[i].prefix, n) || p[n] == '\0') {
			i++;
			continue;
		}
		if (mods & modifiers[i].mod) {
			fail(err, errlen, "keys", pos, "%.*s given twice", (int)n - 1,
			     modifiers[i].prefix);
			return 0;
		}
		mods |= modifiers[i].mod;
		p += n;
		i = 0; /* the prefixes come in any order */
	}
	base = p;
	if (*base == '}' && !mods) {
		fail(err, errlen, "keys", pos, "empty key name");
		return 0;
	}
	if (*base == '}' && base[1] != '}') {
		/* {Ctrl-}: the } closed the group; {Ctrl-}} would name the } key */
		fail(err, errlen, "keys", pos, "no key after the modifiers in \"%.*s}\"",
		     (int)(base - text - pos), text + pos);
		return 0;
	}
	/* the name's first character may itself be a brace, so look past it */
	end = *base ? strchr(base + 1, '}') : NULL;
	if (!end) {
		fail(err, errlen, "keys", pos, "unterminated {");
		return 0;
	}
	for (const char *q = base; q < end; q++)
		if (!printable(*q)) {
			bad_byte(text, (size_t)(q - text), err, errlen);
			return 0;
		}
	key = lookup_n(base, (size_t)(end - base));
	if (key < 0) {
		fail(err, errlen, "keys", pos, "unknown key name \"%.*s\"", (int)(end - base), base);
		return 0;
	}
	*s = (struct key_stroke){ (uint16_t)key, mods };
	return (size_t)(end - text) + 1;
}

/* The key the escape character C after a backslash types, or -1. */
static int escape_key(char c, bool *shift)
{
	*shift = false;
	switch (c) {
	case 'n': return K_ENTER;
	case 't': return K_TAB;
	case 'e': return K_ESC;
	case 'b': return K_BACKSPACE;
	case '\\': return K_BACKSLASH;
	case '{':
		*shift = true;
		return K_LBRACKET;
	case '}':
		*shift = true;
		return K_RBRACKET;
	default: return -1;
	}
}

int keys__parse(const char *text, struct key_stroke *out, size_t max, char *err, size_t errlen)
{
	size_t pos = 0, n = 0;

	while (text[pos]) {
		struct key_stroke s;
		size_t next;
		char c = text[pos];
		bool shift;
		int key;

		if (c == '{') {
			next = parse_group(text, pos, &s, err, errlen);
			if (!next)
				return -1;
		} else if (c == '}') {
			return fail(err, errlen, "keys", pos, "} without { (write \\} to type it)");
		} else if (c == '\\') {
			char e = text[pos + 1];

			if (e == '\0')
				return fail(err, errlen, "keys", pos, "dangling \\ at the end");
			key = escape_key(e, &shift);
			if (key < 0 && printable(e))
				return fail(err, errlen, "keys", pos, "unknown escape \\%c", e);
			if (key < 0)
				return fail(err, errlen, "keys", pos,
					    "unknown escape: \\ before byte 0x%02x", (uint8_t)e);
			s = (struct key_stroke){ (uint16_t)key, shift ? KEY_MOD_SHIFT : 0 };
			next = pos + 2;
		} else if (printable(c) && char_key(c, &key, &shift)) {
			s = (struct key_stroke){ (uint16_t)key, shift ? KEY_MOD_SHIFT : 0 };
			next = pos + 1;
		} else {
			return bad_byte(text, pos, err, errlen);
		}
		if (n == max)
			return fail(err, errlen, "keys", pos, "more than %zu keystrokes", max);
		out[n++] = s;
		pos = next;
	}
	return (int)n;
}

int keys__events(const struct key_stroke *s, struct key_event *out)
{
	static const struct {
		uint8_t mod;
		uint16_t key;
	} order[] = {
		{ KEY_MOD_CTRL, K_LCTRL },
		{ KEY_MOD_ALT, K_LALT },
		{ KEY_MOD_SHIFT, K_LSHIFT },
	};
	int n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(order); i++)
		if (s->mods & order[i].mod)
			out[n++] = (struct key_event){ order[i].key, false };
	out[n++] = (struct key_event){ s->key, false };
	out[n++] = (struct key_event){ s->key, true };
	for (size_t i = ARRAY_SIZE(order); i-- > 0;)
		if (s->mods & order[i].mod)
			out[n++] = (struct key_event){ order[i].key, true };
	return n;
}

int keys__set2_bytes(const struct key_event *ev, uint8_t *out)
{
	const struct key_info *k;
	int n = 0;

	if (ev->key >= NR_KEYS)
		return 0;
	k = &table[ev->key];
	if (k->e0)
		out[n++] = 0xe0;
	if (ev->release)
		out[n++] = 0xf0;
	out[n++] = k->set2;
	return n;
}

int keys__set1_bytes(const struct key_event *ev, uint8_t *out)
{
	const struct key_info *k;
	int n = 0;

	if (ev->key >= NR_KEYS)
		return 0;
	k = &table[ev->key];
	if (k->e0)
		out[n++] = 0xe0;
	out[n++] = ev->release ? (uint8_t)(k->set1 | 0x80) : k->set1;
	return n;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int keys__parse_serial(const char *text, uint8_t *out, size_t max, char *err, size_t errlen)
{
	size_t pos = 0, n = 0;

	while (text[pos]) {
		uint8_t c = (uint8_t)text[pos], b;
		size_t next = pos + 1;

		if (c == '\\') {
			char e = text[pos + 1];
			int hi, lo;

			next = pos + 2;
			switch (e) {
			case 'n': b = '\n'; break;
			case 'r': b = '\r'; break;
			case 't': b = '\t'; break;
			case 'e': b = 0x1b; break;
			case 'b': b = '\b'; break;
			case '\\': b = '\\'; break;
			case 'x':
				hi = hex_digit(text[pos + 2]);
				lo = hi < 0 ? -1 : hex_digit(text[pos + 3]);
				if (lo < 0)
					return fail(err, errlen, "serial-in", pos,
						    "\\x needs two hex digits");
				b = (uint8_t)(hi << 4 | lo);
				next = pos + 4;
				break;
			case '\0':
				return fail(err, errlen, "serial-in", pos, "dangling \\ at the end");
			default:
				if (printable(e))
					return fail(err, errlen, "serial-in", pos,
						    "unknown escape \\%c", e);
				return fail(err, errlen, "serial-in", pos,
					    "unknown escape: \\ before byte 0x%02x", (uint8_t)e);
			}
		} else if (printable((char)c)) {
			b = c;
		} else {
			return fail(err, errlen, "serial-in", pos,
				    "byte 0x%02x is not printable ASCII (write \\x%02x)", c, c);
		}
		if (n == max)
			return fail(err, errlen, "serial-in", pos, "more than %zu bytes", max);
		out[n++] = b;
		pos = next;
	}
	return (int)n;
}

void keys__describe(const struct key_stroke *s, char *buf, size_t len)
{
	const char *name;
	char c[2] = { 0, 0 };
	bool shift = s->mods & KEY_MOD_SHIFT;

	if (!len)
		return;
	if (s->key >= NR_KEYS) {
		snprintf(buf, len, "?");
		return;
	}
	name = table[s->key].name;
	/* a key that types a character, with at most Shift: the character */
	if (!(s->mods & (KEY_MOD_CTRL | KEY_MOD_ALT)) && !name[1]) {
		const char *p = strchr(punct_plain, name[0]);

		if (name[0] >= 'A' && name[0] <= 'Z')
			c[0] = shift ? name[0] : (char)(name[0] - 'A' + 'a');
		else if (p)
			c[0] = shift ? punct_shifted[p - punct_plain] : name[0];
		if (c[0]) {
			snprintf(buf, len, "%s", c);
			return;
		}
	}
	snprintf(buf, len, "%s%s%s%s", s->mods & KEY_MOD_CTRL ? "Ctrl-" : "",
		 s->mods & KEY_MOD_ALT ? "Alt-" : "", shift ? "Shift-" : "", name);
}

const char *keys__qemu_name(uint16_t key)
{
	return key < NR_KEYS ? qemu_names[key] : NULL;
}
