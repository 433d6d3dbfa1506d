/* cp437.h - code page 437 (the VGA font's character set) to UTF-8. */
#ifndef BOOTCHECK_CP437_H
#define BOOTCHECK_CP437_H

#include <stdint.h>

/*
 * cp437__utf8 - the UTF-8 spelling (NUL-terminated, at most 3 bytes) of the
 * glyph VGA shows for byte B: control bytes 0x01-0x1f and 0x7f as their
 * graphic symbols (0x00 shows blank, as a space), the rest as iconv's
 * IBM437 mapping.  Never NULL.
 */
const char *cp437__utf8(uint8_t b);

#endif
