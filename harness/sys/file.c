/* file.c - opening a file bootcheck reads without ever blocking on it; directories results go to. */
#include "sys/file.h"

#include <errno.h>    // errno
#include <fcntl.h>    // open
#include <stdlib.h>   // mkostemp
#include <string.h>   // strerror
#include <sys/stat.h> // fstat
#include <unistd.h>   // close

FILE *file__open_regular(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	FILE *f;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int e = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;

		close(fd);
		errno = e;
		return NULL;
	}
	/* a regular file never blocks; reads go on as usual */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	f = fdopen(fd, "r");
	if (!f)
		close(fd);
	return f;
}

const char *file__strerror(int err)
{
	return err == EINVAL ? "not a regular file" : strerror(err);
}

int file__mkdirs(const char *dir)
{
	char path[4096];
	size_t n = strlen(dir);
	struct stat st;

	if (n == 0 || n >= sizeof(path)) {
		errno = n ? ENAMETOOLONG : ENOENT;
		return -1;
	}
	memcpy(path, dir, n + 1);
	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;

		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			return -1;
		if (stat(path, &st) < 0)
			return -1;
		if (!S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
			return -1;
		}
		if (!saved)
			return 0;
		*p = saved;
	}
}

int file__dir_writable(const char *dir)
{
	char path[4096];
	int fd;

	/* access(2) would answer yes to root wherever it cannot create (procfs, sysfs) */
	if ((size_t)snprintf(path, sizeof(path), "%s/.bootcheck-probe-XXXXXX", dir) >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return -1;
	close(fd);
	unlink(path);
	return 0;
}
