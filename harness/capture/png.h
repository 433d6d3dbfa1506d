/* png.h - pictures to and from PNG files, through libpng opened when first needed. */
#ifndef BOOTCHECK_PNG_H
#define BOOTCHECK_PNG_H

#include <stddef.h>
#include <stdint.h>

/* An RGB picture: WIDTH x HEIGHT pixels of 3 bytes, rows top to bottom. */
struct picture {
	unsigned width, height;
	uint8_t *rgb;
};

#define PICTURE_MAX_SIDE 4096 /* a PNG read back is refused beyond this */

/*
 * png__write - write P to PATH as an 8-bit RGB PNG: into a temporary file
 * beside it, renamed over PATH when complete.  0, or -1 after printing why
 * (libpng missing, I/O error).
 */
int png__write(const char *path, const struct picture *p);

/*
 * png__read - read PATH (any PNG libpng reads, converted to 8-bit RGB) into
 * P (P->rgb malloc'd; free with picture__free).  0; -1 after printing why
 * (not a PNG, larger than PICTURE_MAX_SIDE a side, libpng missing).
 */
int png__read(const char *path, struct picture *p);

/* picture__free - free P's pixels. */
void picture__free(struct picture *p);

#endif
