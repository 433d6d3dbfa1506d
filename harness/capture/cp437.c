/* cp437.c - code page 437 (the VGA font's character set) to UTF-8. */
#include "capture/cp437.h"

#include <iconv.h>  // iconv
#include <string.h> // strcpy

/* Glyphs of the VGA font for bytes iconv treats as control characters. */
static const char *const control_glyphs[32] = {
	" ", "☺", "☻", "♥", "♦", "♣", "♠", "•", "◘", "○", "◙", "♂", "♀", "♪", "♫", "☼",
	"►", "◄", "↕", "‼", "¶", "§", "▬", "↨", "↑", "↓", "→", "←", "∟", "↔", "▲", "▼",
};

static char table[256][4];
static int ready;

static void build_table(void)
{
	iconv_t cd = iconv_open("UTF-8", "IBM437");

	for (int b = 0; b < 256; b++) {
		if (b < 0x20) {
			strcpy(table[b], control_glyphs[b]);
			continue;
		}
		if (b == 0x7f) {
			strcpy(table[b], "⌂");
			continue;
		}
		char in = (char)b, *inp = &in, *outp = table[b];
		size_t inleft = 1, outleft = sizeof(table[b]) - 1;

		if (cd == (iconv_t)-1 || iconv(cd, &inp, &inleft, &outp, &outleft) == (size_t)-1) {
			/* no converter (stripped-down libc): keep ASCII, mark the rest */
			strcpy(table[b], b < 0x80 ? (char[]){ (char)b, 0 } : "?");
			continue;
		}
		*outp = '\0';
	}
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	ready = 1;
}

const char *cp437__utf8(uint8_t b)
{
	if (!ready)
		build_table();
	return table[b];
}
