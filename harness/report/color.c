/* color.c - whether output gets colour (--color auto|always|never, NO_COLOR), and the VGA's colours as terminal escapes. */
#include "report/color.h"

#include <stdio.h>  // snprintf
#include <stdlib.h> // getenv
#include <string.h> // strcmp
#include <unistd.h> // isatty

int color__parse(const char *text, enum color_when *w)
{
	static const char *const names[] = { [COLOR_AUTO] = "auto", [COLOR_ALWAYS] = "always",
					     [COLOR_NEVER] = "never" };

	for (int i = 0; i < 3; i++)
		if (!strcmp(text, names[i])) {
			*w = (enum color_when)i;
			return 0;
		}
	return -1;
}

bool color__enabled(enum color_when w, int fd)
{
	const char *no = getenv("NO_COLOR");

	if (w != COLOR_AUTO)
		return w == COLOR_ALWAYS;
	return isatty(fd) && !(no && no[0]);
}

void color__sgr(uint8_t attr, char *buf, size_t len)
{
	/* VGA order: black blue green cyan red magenta brown grey; ANSI's: black red green yellow blue magenta cyan white */
	static const uint8_t ansi[8] = { 0, 4, 2, 6, 1, 5, 3, 7 };
	unsigned fg = ansi[attr & 7], bg = ansi[(attr >> 4) & 7];

	snprintf(buf, len, "\033[0;%u;%um", (attr & 8) ? 90 + fg : 30 + fg, 40 + bg);
}
