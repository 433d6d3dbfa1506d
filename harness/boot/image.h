/* image.h - the user's image file: validated, read once, never written. */
#ifndef BOOTCHECK_IMAGE_H
#define BOOTCHECK_IMAGE_H

#include <stdbool.h>
#include <stdint.h>

/* Largest image bootcheck reads (a disk larger than this is not a boot test). */
#define IMAGE_MAX_SIZE (1ULL << 32)

struct image {
	const char *path;
	int fd;           /* opened O_RDONLY */
	uint64_t size;
};

/*
 * image__open - open PATH read-only and check it is a non-empty regular file
 * no larger than IMAGE_MAX_SIZE.  Returns 0, or FAIL_INPUT
 * after printing one line naming the path and the problem.
 */
int image__open(struct image *img, const char *path);

/*
 * image__open_as - image__open for a file that is WHAT (e.g. "module"),
 * which the messages put before the path; with ALLOW_EMPTY an empty file
 * is opened (size 0).
 */
int image__open_as(struct image *img, const char *path, const char *what, bool allow_empty);

/* image__read - read the whole image into DST (img->size bytes).  0 or FAIL_INPUT. */
int image__read(struct image *img, void *dst);

/* image__read_head - read the first LEN bytes (all when shorter) into DST.  0 or FAIL_INPUT. */
int image__read_head(struct image *img, void *dst, uint64_t len);

/*
 * image__starts_with_elf - whether the image's first bytes are the ELF
 * magic (a kernel, not a disk or flat image).  False when it cannot tell.
 */
bool image__starts_with_elf(const struct image *img);

void image__close(struct image *img);

#endif
