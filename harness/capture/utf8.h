/* utf8.h - recognising valid UTF-8 in guest bytes before they reach a terminal, JSON or a diff. */
#ifndef BOOTCHECK_UTF8_H
#define BOOTCHECK_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* utf8__seq_len - length of the valid UTF-8 sequence at P (at most N > 0 bytes), or 0. */
size_t utf8__seq_len(const uint8_t *p, size_t n);

/*
 * utf8__bidi_control - the code point when the LEN-byte sequence at P is a
 * bidirectional formatting control (U+202A-U+202E, U+2066-U+2069), which
 * would reorder what a person reads on a terminal; else 0.
 */
unsigned utf8__bidi_control(const uint8_t *p, size_t len);

#define UTF8_ESCAPE_MAX 8 /* the longest thing utf8__escape_next writes: "\\u202e" */

/*
 * utf8__escape_next - how the next character of guest bytes P[0..N) (N > 0)
 * shows to a person: itself when it is printable ASCII, a tab, a newline
 * (when NEWLINES) or a whole valid UTF-8 sequence other than a C1 control;
 * \uXXXX for a bidirectional control; \xHH for any other byte.  Writes it
 * to OUT (*OUTLEN bytes, no NUL) and returns how many bytes of P it took.
 */
size_t utf8__escape_next(const uint8_t *p, size_t n, bool newlines,
			 char out[UTF8_ESCAPE_MAX], size_t *outlen);

#endif
