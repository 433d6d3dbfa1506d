/* keys_test.c - unit tests for the --keys/--serial-in syntaxes and scancodes (harness/input/keys.[ch]). */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "hw/i8042.h"
#include "input/keys.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Modifier bits spelled out here so the tests do not share the module's. */
#define SHIFT 1
#define CTRL 2
#define ALT 4

/* The table index of NAME, found by the test itself (exact spelling). */
static int key(const char *name)
{
	size_t n;
	const struct key_info *t = keys__table(&n);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return (int)i;
	fail_msg("no key named \"%s\" in the table", name);
	return -1;
}

static const char *key_name(unsigned k)
{
	size_t n;
	const struct key_info *t = keys__table(&n);

	return k < n ? t[k].name : "(out of range)";
}

/* TEXT parses into exactly one stroke: the key called NAME with MODS. */
static void check_one(const char *text, const char *name, uint8_t mods)
{
	struct key_stroke s[4];
	char err[160] = "";
	int n = keys__parse(text, s, ARRAY_SIZE(s), err, sizeof(err));

	if (n != 1)
		fail_msg("\"%s\": %d strokes, want 1 (%s)", text, n, err);
	if (s[0].key != key(name) || s[0].mods != mods)
		fail_msg("\"%s\": key %s mods %d, want %s mods %d", text, key_name(s[0].key),
			 s[0].mods, name, mods);
}

/* TEXT fails to parse with exactly the message WANT. */
static void check_error(const char *text, const char *want)
{
	struct key_stroke s[16];
	char err[160] = "";
	int n = keys__parse(text, s, ARRAY_SIZE(s), err, sizeof(err));

	if (n != -1)
		fail_msg("\"%s\": parsed into %d strokes, want the error %s", text, n, want);
	if (strcmp(err, want))
		fail_msg("\"%s\": error \"%s\", want \"%s\"", text, err, want);
}

static void test_table_is_consistent(void **state)
{
	size_t n;
	const struct key_info *t = keys__table(&n);
	static const char *const required[] = {
		"`", "-", "=", "[", "]", "\\", ";", "'", ",", ".", "/", "Space", "Enter",
		"Tab", "Backspace", "Esc", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8",
		"F9", "F10", "F11", "F12", "LShift", "RShift", "LCtrl", "LAlt", "Up",
		"Down", "Left", "Right", "Home", "End", "PgUp", "PgDn", "Ins", "Del",
		"RCtrl", "RAlt", "KpEnter", "KpSlash", "CapsLock",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(required); i++)
		key(required[i]);
	for (char c = 'A'; c <= 'Z'; c++)
		key((char[]){ c, 0 });
	for (char c = '0'; c <= '9'; c++)
		key((char[]){ c, 0 });

	for (size_t i = 0; i < n; i++) {
		if (!t[i].name || !t[i].name[0])
			fail_msg("key %zu has no name", i);
		if (t[i].set1 == 0 || t[i].set1 >= 0x80 || t[i].set2 == 0 || t[i].set2 >= 0xe0)
			fail_msg("%s: set 1 0x%02x, set 2 0x%02x out of range", t[i].name,
				 t[i].set1, t[i].set2);
		if (keys__lookup(t[i].name) != (int)i)
			fail_msg("%s: looked up as %d, is %zu", t[i].name,
				 keys__lookup(t[i].name), i);
		for (size_t j = 0; j < i; j++) {
			if (!strcasecmp(t[i].name, t[j].name))
				fail_msg("two keys named %s", t[i].name);
			if (t[i].e0 == t[j].e0 && t[i].set1 == t[j].set1)
				fail_msg("%s and %s share set-1 code 0x%02x", t[i].name,
					 t[j].name, t[i].set1);
			if (t[i].e0 == t[j].e0 && t[i].set2 == t[j].set2)
				fail_msg("%s and %s share set-2 code 0x%02x", t[i].name,
					 t[j].name, t[i].set2);
		}
	}
	assert_int_equal(keys__lookup("NoSuchKey"), -1);
	assert_int_equal(keys__lookup(""), -1);
	assert_int_equal(keys__lookup("escape"), key("Esc"));
	assert_int_equal(keys__lookup("a"), key("A"));
	assert_int_equal(keys__lookup("?"), key("/"));
}

/* The values the documentation gives, spot-checked apart from the table. */
static void test_documented_codes(void **state)
{
	static const struct {
		const char *name;
		uint8_t set1, set2;
		bool e0;
	} cases[] = {
		{ "A", 0x1e, 0x1c, false },      { "Enter", 0x1c, 0x5a, false },
		{ "F1", 0x3b, 0x05, false },     { "F7", 0x41, 0x83, false },
		{ "F11", 0x57, 0x78, false },    { "F12", 0x58, 0x07, false },
		{ "Up", 0x48, 0x75, true },      { "LShift", 0x2a, 0x12, false },
		{ "LCtrl", 0x1d, 0x14, false },  { "LAlt", 0x38, 0x11, false },
		{ "Esc", 0x01, 0x76, false },    { "Backspace", 0x0e, 0x66, false },
		{ "Tab", 0x0f, 0x0d, false },    { "Space", 0x39, 0x29, false },
		{ "RCtrl", 0x1d, 0x14, true },   { "RAlt", 0x38, 0x11, true },
		{ "KpEnter", 0x1c, 0x5a, true }, { "KpSlash", 0x35, 0x4a, true },
		{ "Del", 0x53, 0x71, true },     { "CapsLock", 0x3a, 0x58, false },
	};
	size_t n;
	const struct key_info *t = keys__table(&n);

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct key_info *k = &t[key(cases[i].name)];

		if (k->set1 != cases[i].set1 || k->set2 != cases[i].set2 || k->e0 != cases[i].e0)
			fail_msg("%s: set 1 0x%02x set 2 0x%02x e0 %d, want 0x%02x 0x%02x %d",
				 cases[i].name, k->set1, k->set2, k->e0, cases[i].set1,
				 cases[i].set2, cases[i].e0);
	}
}

static void test_named_keys_and_chords(void **state)
{
	static const struct {
		const char *text, *name;
		uint8_t mods;
	} cases[] = {
		{ "{F1}", "F1", 0 },                  { "{f12}", "F12", 0 },
		{ "{Up}", "Up", 0 },                  { "{DOWN}", "Down", 0 },
		{ "{left}", "Left", 0 },              { "{Right}", "Right", 0 },
		{ "{Home}", "Home", 0 },              { "{End}", "End", 0 },
		{ "{PgUp}", "PgUp", 0 },              { "{pgdn}", "PgDn", 0 },
		{ "{Ins}", "Ins", 0 },                { "{Del}", "Del", 0 },
		{ "{Enter}", "Enter", 0 },            { "{Esc}", "Esc", 0 },
		{ "{Tab}", "Tab", 0 },                { "{Backspace}", "Backspace", 0 },
		{ "{Space}", "Space", 0 },            { "{Escape}", "Esc", 0 },
		{ "{Return}", "Enter", 0 },           { "{Delete}", "Del", 0 },
		{ "{Insert}", "Ins", 0 },             { "{PageUp}", "PgUp", 0 },
		{ "{PageDown}", "PgDn", 0 },          { "{Shift}", "LShift", 0 },
		{ "{Ctrl}", "LCtrl", 0 },             { "{Alt}", "LAlt", 0 },
		{ "{Ctrl-C}", "C", CTRL },            { "{Ctrl-c}", "C", CTRL },
		{ "{ctrl-c}", "C", CTRL },            { "{CTRL-C}", "C", CTRL },
		{ "{Alt-X}", "X", ALT },              { "{Shift-Tab}", "Tab", SHIFT },
		{ "{Ctrl-Alt-Del}", "Del", CTRL | ALT },
		{ "{Alt-Ctrl-Del}", "Del", CTRL | ALT },
		{ "{Ctrl-Shift-F5}", "F5", CTRL | SHIFT },
		{ "{shift-CTRL-f5}", "F5", CTRL | SHIFT },
		{ "{Shift-Alt-Ctrl-z}", "Z", CTRL | ALT | SHIFT },
		{ "{Shift-a}", "A", SHIFT },          { "{c}", "C", 0 },
		{ "{C}", "C", 0 },                    { "{7}", "7", 0 },
		{ "{Ctrl-0}", "0", CTRL },            { "{Ctrl--}", "-", CTRL },
		{ "{-}", "-", 0 },                    { "{Alt-=}", "=", ALT },
		{ "{Ctrl-[}", "[", CTRL },            { "{Ctrl-{}", "[", CTRL },
		{ "{Ctrl-}}", "]", CTRL },            { "{Ctrl-]}", "]", CTRL },
		{ "{Ctrl-\\}", "\\", CTRL },          { "{Ctrl-|}", "\\", CTRL },
		{ "{Ctrl-!}", "1", CTRL },            { "{Ctrl-;}", ";", CTRL },
		{ "{Ctrl-'}", "'", CTRL },            { "{Ctrl-`}", "`", CTRL },
		{ "{Ctrl-,}", ",", CTRL },            { "{Ctrl-.}", ".", CTRL },
		{ "{Ctrl-/}", "/", CTRL },            { "{Ctrl-?}", "/", CTRL },
		{ "{Ctrl- }", "Space", CTRL },        { "{Ctrl-Space}", "Space", CTRL },
		{ "{Ctrl-Ctrl}", "LCtrl", CTRL },     { "{Alt-LAlt}", "LAlt", ALT },
		{ "{Kp5}", "Kp5", 0 },                { "{kpenter}", "KpEnter", 0 },
		{ "{RCtrl}", "RCtrl", 0 },            { "{Ctrl-Alt-KpSlash}", "KpSlash", CTRL | ALT },
	};
	size_t n;
	const struct key_info *t = keys__table(&n);

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		check_one(cases[i].text, cases[i].name, cases[i].mods);

	/* every key by its own name, in any case, with every set of modifiers */
	for (size_t i = 0; i < n; i++) {
		char text[64], lower[32], *p;
		static const char *const prefix[8] = {
			"", "Shift-", "Ctrl-", "Ctrl-Shift-", "Alt-", "shift-alt-",
			"alt-CTRL-", "Ctrl-Alt-Shift-",
		};

		snprintf(lower, sizeof(lower), "%s", t[i].name);
		for (p = lower; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		for (uint8_t mods = 0; mods < 8; mods++) {
			snprintf(text, sizeof(text), "{%s%s}", prefix[mods],
				 mods & 1 ? lower : t[i].name);
			check_one(text, t[i].name, mods);
		}
	}
}

static void test_typed_characters(void **state)
{
	struct key_stroke s[64];
	char err[160] = "";
	static const struct {
		const char *name;
		uint8_t mods;
	} hello[] = {
		{ "H", SHIFT }, { "E", 0 }, { "L", 0 }, { "L", 0 }, { "O", 0 },
		{ ",", 0 },     { "Space", 0 }, { "W", SHIFT }, { "O", 0 }, { "R", 0 },
		{ "L", 0 },     { "D", 0 }, { "1", SHIFT }, { "/", SHIFT }, { "'", SHIFT },
		{ "9", SHIFT }, { "`", SHIFT }, { "[", 0 }, { "]", 0 }, { "=", SHIFT },
	};
	static const char shifted[] = "~!@#$%^&*()_+|:\"<>?";
	int n;

	(void)state;
	n = keys__parse("Hello, World!?\"(~[]+", s, ARRAY_SIZE(s), err, sizeof(err));
	assert_int_equal(n, ARRAY_SIZE(hello));
	for (int i = 0; i < n; i++)
		if (s[i].key != key(hello[i].name) || s[i].mods != hello[i].mods)
			fail_msg("stroke %d: %s mods %d, want %s mods %d", i, key_name(s[i].key),
				 s[i].mods, hello[i].name, hello[i].mods);

	/* every printable character but the syntax's own: one stroke that describes as itself */
	for (int c = 0x20; c <= 0x7e; c++) {
		char text[2] = { (char)c, 0 }, d[16];
		bool shift = strchr(shifted, c) || isupper(c);

		if (c == '{' || c == '}' || c == '\\')
			continue;
		n = keys__parse(text, s, ARRAY_SIZE(s), err, sizeof(err));
		if (n != 1)
			fail_msg("'%c': %d strokes (%s)", c, n, err);
		if (s[0].mods != (shift ? SHIFT : 0))
			fail_msg("'%c': mods %d, want %d", c, s[0].mods, shift ? SHIFT : 0);
		keys__describe(&s[0], d, sizeof(d));
		if (strcmp(d, c == ' ' ? "Space" : text))
			fail_msg("'%c': described as \"%s\"", c, d);
	}
	check_one("a", "A", 0);
	check_one("A", "A", SHIFT);
	check_one(" ", "Space", 0);
}

static void test_escapes(void **state)
{
	struct key_stroke s[16];
	char err[160] = "";
	static const struct {
		const char *name;
		uint8_t mods;
	} want[] = {
		{ "Enter", 0 }, { "Tab", 0 },       { "Esc", 0 }, { "Backspace", 0 },
		{ "\\", 0 },    { "[", SHIFT },     { "]", SHIFT }, { "X", 0 },
	};
	int n;

	(void)state;
	n = keys__parse("\\n\\t\\e\\b\\\\\\{\\}x", s, ARRAY_SIZE(s), err, sizeof(err));
	if (n != (int)ARRAY_SIZE(want))
		fail_msg("%d strokes, want %zu (%s)", n, ARRAY_SIZE(want), err);
	for (int i = 0; i < n; i++)
		if (s[i].key != key(want[i].name) || s[i].mods != want[i].mods)
			fail_msg("stroke %d: %s mods %d, want %s mods %d", i, key_name(s[i].key),
				 s[i].mods, want[i].name, want[i].mods);
	/* an empty text is no strokes, not an error */
	assert_int_equal(keys__parse("", s, ARRAY_SIZE(s), err, sizeof(err)), 0);
}

static void test_errors(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "abcdef{Foo}", "keys: position 7: unknown key name \"Foo\"" },
		{ "ab\xc3\xa9", "keys: position 3: no key types '\xc3\xa9' (byte 0xc3)" },
		{ "ab\xff", "keys: position 3: no key types byte 0xff" },
		{ "ab\xc3", "keys: position 3: no key types byte 0xc3" },
		{ "\x01", "keys: position 1: no key types byte 0x01" },
		{ "a\x7f", "keys: position 2: no key types byte 0x7f" },
		{ "x\ty", "keys: position 2: no key types byte 0x09 (write \\t)" },
		{ "x\n", "keys: position 2: no key types byte 0x0a (write \\n)" },
		{ "ab{F1", "keys: position 3: unterminated {" },
		{ "{", "keys: position 1: unterminated {" },
		{ "{Ctrl-", "keys: position 1: unterminated {" },
		{ "a\\q", "keys: position 2: unknown escape \\q" },
		{ "a\\r", "keys: position 2: unknown escape \\r" },
		{ "\\\x01", "keys: position 1: unknown escape: \\ before byte 0x01" },
		{ "abc\\", "keys: position 4: dangling \\ at the end" },
		{ "x{}", "keys: position 2: empty key name" },
		{ "a}", "keys: position 2: } without { (write \\} to type it)" },
		{ "{F13}", "keys: position 1: unknown key name \"F13\"" },
		{ "{Ctrl-Foo}", "keys: position 1: unknown key name \"Foo\"" },
		{ "{Ctrl-AB}", "keys: position 1: unknown key name \"AB\"" },
		{ "{Meta-A}", "keys: position 1: unknown key name \"Meta-A\"" },
		{ "{ F1}", "keys: position 1: unknown key name \" F1\"" },
		{ "{Ctrl-}", "keys: position 1: no key after the modifiers in \"{Ctrl-}\"" },
		{ "a{Alt-Shift-}x}", "keys: position 2: no key after the modifiers in \"{Alt-Shift-}\"" },
		{ "{Ctrl-Ctrl-C}", "keys: position 1: Ctrl given twice" },
		{ "{Shift-Alt-shift-C}", "keys: position 1: Shift given twice" },
		{ "{F\xc3\xa9}", "keys: position 3: no key types '\xc3\xa9' (byte 0xc3)" },
		{ "{Ctrl-\n}", "keys: position 7: no key types byte 0x0a (write \\n)" },
	};
	char small[12];
	struct key_stroke s[4];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		check_error(cases[i].text, cases[i].want);

	/* a short ERR is truncated and terminated; no ERR at all is fine */
	assert_int_equal(keys__parse("{Foo}", s, ARRAY_SIZE(s), small, sizeof(small)), -1);
	assert_string_equal(small, "keys: posit");
	assert_int_equal(keys__parse("{Foo}", s, ARRAY_SIZE(s), NULL, 0), -1);
}

static void test_max(void **state)
{
	struct key_stroke s[4];
	char err[160] = "";

	(void)state;
	assert_int_equal(keys__parse("abc", s, 3, err, sizeof(err)), 3);
	assert_int_equal(keys__parse("ab{Enter}", s, 2, err, sizeof(err)), -1);
	assert_string_equal(err, "keys: position 3: more than 2 keystrokes");
	assert_int_equal(keys__parse("a", NULL, 0, err, sizeof(err)), -1);
	assert_string_equal(err, "keys: position 1: more than 0 keystrokes");
	assert_int_equal(keys__parse("", NULL, 0, err, sizeof(err)), 0);
	/* the error the text has comes first if it is earlier */
	assert_int_equal(keys__parse("a\\q", s, 1, err, sizeof(err)), -1);
	assert_string_equal(err, "keys: position 2: unknown escape \\q");
}

static void test_events(void **state)
{
	struct key_event ev[8];
	struct key_stroke chord = { (uint16_t)key("Del"), CTRL | ALT | SHIFT };
	struct key_stroke plain = { (uint16_t)key("A"), 0 };
	struct key_stroke upper = { (uint16_t)key("A"), SHIFT };
	struct key_stroke ctrl_c = { (uint16_t)key("C"), CTRL };
	static const struct {
		const char *name;
		bool release;
	} want[] = {
		{ "LCtrl", false }, { "LAlt", false }, { "LShift", false }, { "Del", false },
		{ "Del", true },    { "LShift", true }, { "LAlt", true },   { "LCtrl", true },
	};

	(void)state;
	assert_int_equal(keys__events(&chord, ev), 8);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		if (ev[i].key != key(want[i].name) || ev[i].release != want[i].release)
			fail_msg("event %zu: %s %s, want %s %s", i, key_name(ev[i].key),
				 ev[i].release ? "up" : "down", want[i].name,
				 want[i].release ? "up" : "down");

	assert_int_equal(keys__events(&plain, ev), 2);
	assert_int_equal(ev[0].key, key("A"));
	assert_false(ev[0].release);
	assert_int_equal(ev[1].key, key("A"));
	assert_true(ev[1].release);

	assert_int_equal(keys__events(&upper, ev), 4);
	assert_int_equal(ev[0].key, key("LShift"));
	assert_false(ev[0].release);
	assert_int_equal(ev[3].key, key("LShift"));
	assert_true(ev[3].release);

	assert_int_equal(keys__events(&ctrl_c, ev), 4);
	assert_int_equal(ev[0].key, key("LCtrl"));
	assert_int_equal(ev[1].key, key("C"));
	assert_int_equal(ev[2].key, key("C"));
	assert_true(ev[2].release);
	assert_int_equal(ev[3].key, key("LCtrl"));
	assert_true(ev[3].release);
}

static void check_bytes(const char *name, bool release, const uint8_t *set2, int n2,
			const uint8_t *set1, int n1)
{
	struct key_event ev = { (uint16_t)key(name), release };
	uint8_t out[8];

	memset(out, 0xcc, sizeof(out));
	assert_int_equal(keys__set2_bytes(&ev, out), n2);
	assert_memory_equal(out, set2, (size_t)n2);
	memset(out, 0xcc, sizeof(out));
	assert_int_equal(keys__set1_bytes(&ev, out), n1);
	assert_memory_equal(out, set1, (size_t)n1);
}

static void test_scancode_bytes(void **state)
{
	struct key_event bad = { 0xffff, false };
	uint8_t out[8];

	(void)state;
	check_bytes("A", false, (const uint8_t[]){ 0x1c }, 1, (const uint8_t[]){ 0x1e }, 1);
	check_bytes("A", true, (const uint8_t[]){ 0xf0, 0x1c }, 2, (const uint8_t[]){ 0x9e }, 1);
	check_bytes("Up", false, (const uint8_t[]){ 0xe0, 0x75 }, 2,
		    (const uint8_t[]){ 0xe0, 0x48 }, 2);
	check_bytes("Up", true, (const uint8_t[]){ 0xe0, 0xf0, 0x75 }, 3,
		    (const uint8_t[]){ 0xe0, 0xc8 }, 2);
	check_bytes("F7", true, (const uint8_t[]){ 0xf0, 0x83 }, 2, (const uint8_t[]){ 0xc1 }, 1);
	check_bytes("RCtrl", true, (const uint8_t[]){ 0xe0, 0xf0, 0x14 }, 3,
		    (const uint8_t[]){ 0xe0, 0x9d }, 2);
	assert_int_equal(keys__set2_bytes(&bad, out), 0);
	assert_int_equal(keys__set1_bytes(&bad, out), 0);
}

/*
 * The three tables checked against each other: each key's set-2 bytes, as
 * the i8042 translates them, must be its set-1 bytes, on press and release.
 */
static void test_translation_gives_set1(void **state)
{
	struct i8042 k;
	size_t n;
	const struct key_info *t = keys__table(&n);

	(void)state;
	i8042__init(&k, (struct irq_line){ 0 }, (struct irq_line){ 0 }, NULL, NULL);
	i8042__io(&k, 0x64, 0x60, true);
	i8042__io(&k, 0x60, 0x61, true); /* SeaBIOS's command byte: translation on */
	for (uint16_t i = 0; i < n; i++) {
		for (int release = 0; release < 2; release++) {
			struct key_event ev = { i, release };
			uint8_t set2[4], set1[4], got[8];
			int n2 = keys__set2_bytes(&ev, set2), n1 = keys__set1_bytes(&ev, set1);
			size_t ng = 0;

			assert_true(i8042__key_set2(&k, set2, (size_t)n2));
			while ((i8042__io(&k, 0x64, 0, false) & 0x01) && ng < sizeof(got))
				got[ng++] = i8042__io(&k, 0x60, 0, false);
			if (ng != (size_t)n1 || memcmp(got, set1, ng))
				fail_msg("%s %s: set 2 translates to %zu bytes %02x %02x, set 1 "
					 "is %d bytes %02x %02x", t[i].name,
					 release ? "break" : "make", ng, got[0],
					 ng > 1 ? got[1] : 0, n1, set1[0], n1 > 1 ? set1[1] : 0);
		}
	}
	assert_int_equal(k.s.dropped, 0);
}

static void test_describe(void **state)
{
	static const struct {
		const char *name;
		uint8_t mods;
		const char *want;
	} cases[] = {
		{ "A", 0, "a" },               { "A", SHIFT, "A" },
		{ "1", 0, "1" },               { "1", SHIFT, "!" },
		{ "\\", 0, "\\" },             { "\\", SHIFT, "|" },
		{ "'", SHIFT, "\"" },          { "Enter", 0, "Enter" },
		{ "Space", 0, "Space" },       { "Space", SHIFT, "Shift-Space" },
		{ "C", CTRL, "Ctrl-C" },       { "C", CTRL | SHIFT, "Ctrl-Shift-C" },
		{ "X", ALT, "Alt-X" },         { "Tab", SHIFT, "Shift-Tab" },
		{ "Del", CTRL | ALT, "Ctrl-Alt-Del" },
		{ "F5", CTRL | ALT | SHIFT, "Ctrl-Alt-Shift-F5" },
		{ "F1", 0, "F1" },             { "[", CTRL, "Ctrl-[" },
		{ "Up", 0, "Up" },             { "KpEnter", 0, "KpEnter" },
	};
	struct key_stroke bad = { 0xffff, 0 };
	struct key_stroke chord = { (uint16_t)key("Del"), CTRL | ALT };
	char buf[32];
	size_t n;
	const struct key_info *t = keys__table(&n);

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct key_stroke s = { (uint16_t)key(cases[i].name), cases[i].mods };

		keys__describe(&s, buf, sizeof(buf));
		if (strcmp(buf, cases[i].want))
			fail_msg("%s mods %d: \"%s\", want \"%s\"", cases[i].name, cases[i].mods,
				 buf, cases[i].want);
	}
	keys__describe(&bad, buf, sizeof(buf));
	assert_string_equal(buf, "?");
	keys__describe(&chord, buf, 5);
	assert_string_equal(buf, "Ctrl");
	keys__describe(&chord, buf, 0); /* writes nothing */
	assert_string_equal(buf, "Ctrl");

	/* every description parses back to its stroke: braced, or typed as a character */
	for (uint16_t i = 0; i < n; i++) {
		for (uint8_t mods = 0; mods < 8; mods++) {
			struct key_stroke s = { i, mods }, back[2];
			char text[48], err[160] = "";
			int got;

			keys__describe(&s, buf, sizeof(buf));
			if (strlen(buf) > 1)
				snprintf(text, sizeof(text), "{%s}", buf);
			else
				snprintf(text, sizeof(text), "%s%s", strchr("{}\\", buf[0]) ? "\\" : "",
					 buf);
			got = keys__parse(text, back, 2, err, sizeof(err));
			if (got != 1 || back[0].key != i || back[0].mods != mods)
				fail_msg("%s mods %d: described \"%s\", parsed back as %d strokes, "
					 "%s mods %d (%s)", t[i].name, mods, buf, got,
					 key_name(back[0].key), back[0].mods, err);
		}
	}
}

static void test_serial(void **state)
{
	uint8_t out[32];
	char err[160] = "";
	static const uint8_t want[] = {
		'a', '{', '}', ' ', '~', '\n', '\r', '\t', 0x1b, '\b', '\\', 0x00, 0xff,
		0xab, 0x7e, 'z',
	};
	static const struct {
		const char *text, *want;
	} errors[] = {
		{ "ab\\x4", "serial-in: position 3: \\x needs two hex digits" },
		{ "\\xg0", "serial-in: position 1: \\x needs two hex digits" },
		{ "\\x0g", "serial-in: position 1: \\x needs two hex digits" },
		{ "\\x", "serial-in: position 1: \\x needs two hex digits" },
		{ "a\\q", "serial-in: position 2: unknown escape \\q" },
		{ "a\\{", "serial-in: position 2: unknown escape \\{" },
		{ "\\\x01", "serial-in: position 1: unknown escape: \\ before byte 0x01" },
		{ "ab\\", "serial-in: position 3: dangling \\ at the end" },
		{ "\xc3\xa9", "serial-in: position 1: byte 0xc3 is not printable ASCII (write \\xc3)" },
		{ "a\nb", "serial-in: position 2: byte 0x0a is not printable ASCII (write \\x0a)" },
	};
	int n;

	(void)state;
	n = keys__parse_serial("a{} ~\\n\\r\\t\\e\\b\\\\\\x00\\xfF\\xAb\\x7ez", out, sizeof(out), err,
			       sizeof(err));
	if (n != (int)sizeof(want))
		fail_msg("%d bytes, want %zu (%s)", n, sizeof(want), err);
	assert_memory_equal(out, want, sizeof(want));

	assert_int_equal(keys__parse_serial("", out, sizeof(out), err, sizeof(err)), 0);
	assert_int_equal(keys__parse_serial("abc", out, 3, err, sizeof(err)), 3);
	assert_int_equal(keys__parse_serial("ab\\x41", out, 2, err, sizeof(err)), -1);
	assert_string_equal(err, "serial-in: position 3: more than 2 bytes");

	for (size_t i = 0; i < ARRAY_SIZE(errors); i++) {
		err[0] = 0;
		n = keys__parse_serial(errors[i].text, out, sizeof(out), err, sizeof(err));
		if (n != -1 || strcmp(err, errors[i].want))
			fail_msg("\"%s\": %d, \"%s\"; want -1, \"%s\"", errors[i].text, n, err,
				 errors[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_is_consistent),
		cmocka_unit_test(test_documented_codes),
		cmocka_unit_test(test_named_keys_and_chords),
		cmocka_unit_test(test_typed_characters),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_max),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_scancode_bytes),
		cmocka_unit_test(test_translation_gives_set1),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_serial),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
