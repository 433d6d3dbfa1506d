/* file.h - opening a file bootcheck reads without ever blocking on it; directories results go to. */
#ifndef BOOTCHECK_FILE_H
#define BOOTCHECK_FILE_H

#include <stdio.h>

/*
 * file__open_regular - fopen PATH for reading, but only a regular file:
 * opened with O_NONBLOCK, so a FIFO (or a device) never blocks the open,
 * then refused unless fstat says regular.  NULL with errno set (EINVAL
 * for "not a regular file", EISDIR for a directory).
 */
FILE *file__open_regular(const char *path);

/*
 * file__mkdirs - DIR as a directory, made with its parents (0755) where
 * missing, like mkdir -p.  0, or -1 with errno (ENOTDIR when DIR or a
 * parent is something else).
 */
int file__mkdirs(const char *dir);

/*
 * file__dir_writable - whether a file can be created in DIR: one is made
 * (a hidden name) and removed at once.  0, or -1 with errno.
 */
int file__dir_writable(const char *dir);

/* file__strerror - errno of file__open_regular in words ("not a regular file" for EINVAL). */
const char *file__strerror(int err);

#endif
