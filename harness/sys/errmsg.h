/* errmsg.h - the one-line reason a parser hands back in a caller's buffer. */
#ifndef BOOTCHECK_ERRMSG_H
#define BOOTCHECK_ERRMSG_H

#include <stddef.h>

/* errmsg__set - format the reason into ERR (ERRLEN bytes, may be 0); returns -1. */
int errmsg__set(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
