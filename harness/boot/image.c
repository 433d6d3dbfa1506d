/* image.c - the user's image file: validated, read once, never written. */
#include "boot/image.h"

#include <errno.h>    // errno
#include <fcntl.h>    // open
#include <stdio.h>    // fprintf
#include <string.h>   // strerror
#include <sys/stat.h> // fstat
#include <unistd.h>   // pread

#include "boot/elf.h"  // elf__is_elf
#include "vmm/fail.h" // FAIL_INPUT

int image__open(struct image *img, const char *path)
{
	return image__open_as(img, path, NULL, false);
}

int image__open_as(struct image *img, const char *path, const char *what, bool allow_empty)
{
	const char *w = what ? what : "", *sp = what ? " " : "";
	struct stat st;

	img->path = path;
	img->size = 0;
	/* O_NONBLOCK: a FIFO must not block the open before it is refused below */
	img->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (img->fd < 0) {
		fprintf(stderr, "bootcheck: %s%s%s: %s\n", w, sp, path, strerror(errno));
		return FAIL_INPUT;
	}
	if (fstat(img->fd, &st) < 0) {
		fprintf(stderr, "bootcheck: %s%s%s: %s\n", w, sp, path, strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		fprintf(stderr, "bootcheck: %s%s%s: is a directory, not %s file\n", w, sp, path,
			what ? "a" : "an image");
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "bootcheck: %s%s%s: not a regular file\n", w, sp, path);
		goto fail;
	}
	if (st.st_size == 0 && !allow_empty) {
		fprintf(stderr, "bootcheck: %s%s%s: empty file\n", w, sp, path);
		goto fail;
	}
	if ((uint64_t)st.st_size > IMAGE_MAX_SIZE) {
		fprintf(stderr, "bootcheck: %s%s%s: %lld bytes, larger than the %llu bytes bootcheck reads\n",
			w, sp, path, (long long)st.st_size, (unsigned long long)IMAGE_MAX_SIZE);
		goto fail;
	}
	img->size = (uint64_t)st.st_size;
	return 0;
fail:
	image__close(img);
	return FAIL_INPUT;
}

static int read_range(struct image *img, void *dst, uint64_t len)
{
	uint64_t done = 0;

	while (done < len) {
		ssize_t n = pread(img->fd, (char *)dst + done, len - done, (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "bootcheck: %s: %s\n", img->path,
				n < 0 ? strerror(errno) : "file shrank while being read");
			return FAIL_INPUT;
		}
		done += (uint64_t)n;
	}
	return 0;
}

int image__read(struct image *img, void *dst)
{
	return read_range(img, dst, img->size);
}

int image__read_head(struct image *img, void *dst, uint64_t len)
{
	return read_range(img, dst, len < img->size ? len : img->size);
}

bool image__starts_with_elf(const struct image *img)
{
	uint8_t magic[4];

	return pread(img->fd, magic, sizeof(magic), 0) == (ssize_t)sizeof(magic) &&
	       elf__is_elf(magic, sizeof(magic));
}

void image__close(struct image *img)
{
	if (img->fd >= 0)
		close(img->fd);
	img->fd = -1;
}
