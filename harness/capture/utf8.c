/* utf8.c - recognising valid UTF-8 in guest bytes. */
#include "capture/utf8.h"

#include <stdio.h>  // snprintf
#include <string.h> // memcpy

size_t utf8__seq_len(const uint8_t *p, size_t n)
{
	uint8_t c = p[0];
	size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 :
		     (c & 0xf8) == 0xf0 ? 4 : 0;

	if (len == 0 || len > n || (len == 2 && c < 0xc2))
		return 0;
	for (size_t k = 1; k < len; k++)
		if ((p[k] & 0xc0) != 0x80)
			return 0;
	return len;
}

unsigned utf8__bidi_control(const uint8_t *p, size_t len)
{
	if (len != 3 || p[0] != 0xe2)
		return 0;
	unsigned cp = 0x2000u | (unsigned)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);

	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ? cp : 0;
}

size_t utf8__escape_next(const uint8_t *p, size_t n, bool newlines,
			 char out[UTF8_ESCAPE_MAX], size_t *outlen)
{
	uint8_t c = p[0];
	size_t len = utf8__seq_len(p, n);
	unsigned bidi;

	if ((c == '\n' && newlines) || c == '\t' || (c >= 0x20 && c < 0x7f)) {
		out[0] = (char)c;
		*outlen = 1;
		return 1;
	}
	if (len > 1 && (bidi = utf8__bidi_control(p, len)) != 0) {
		*outlen = (size_t)snprintf(out, UTF8_ESCAPE_MAX, "\\u%04x", bidi);
		return len;
	}
	if (len > 1 && !(c == 0xc2 && p[1] < 0xa0)) {
		memcpy(out, p, len);
		*outlen = len;
		return len;
	}
	*outlen = (size_t)snprintf(out, UTF8_ESCAPE_MAX, "\\x%02x", c);
	return 1;
}
