/* errmsg.c - the one-line reason a parser hands back in a caller's buffer. */
#include "sys/errmsg.h"

#include <stdarg.h> // va_list
#include <stdio.h>  // vsnprintf

int errmsg__set(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (errlen)
		vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}
