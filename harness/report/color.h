/* color.h - whether output gets colour (--color auto|always|never, NO_COLOR), and the VGA's colours as terminal escapes. */
#ifndef BOOTCHECK_COLOR_H
#define BOOTCHECK_COLOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

/* color__parse - "auto", "always" or "never" into *W; 0, or -1 for anything else. */
int color__parse(const char *text, enum color_when *w);

/*
 * color__enabled - whether to colour what goes to FD: always, never, or
 * (auto) when FD is a terminal and NO_COLOR is unset or empty.
 */
bool color__enabled(enum color_when w, int fd);

/*
 * color__sgr - the escape that shows VGA attribute ATTR in a 16-colour
 * terminal (foreground bits 0-3, background bits 4-6; bit 7, blink, shown
 * steady), into BUF (at least 16 bytes).
 */
void color__sgr(uint8_t attr, char *buf, size_t len);

#define COLOR_RESET "\033[0m"
#define COLOR_PASS "\033[32m"
#define COLOR_FAIL "\033[31m"
#define COLOR_SKIP "\033[33m"
#define COLOR_ADD "\033[32m"
#define COLOR_DEL "\033[31m"
#define COLOR_HUNK "\033[36m"

#endif
