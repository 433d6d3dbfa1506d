/* png.c - pictures to and from PNG files, through libpng opened when first needed. */
#include "capture/png.h"

#include <errno.h>   // errno
#include <limits.h>  // PATH_MAX
#include <png.h>     // png_image (types only: the functions come through dlopen)
#include <pthread.h> // pthread_once
#include <stdio.h>   // fprintf, snprintf
#include <stdlib.h>  // malloc, free, mkstemp
#include <string.h>  // memset, strerror
#include <sys/stat.h> // chmod
#include <unistd.h>  // close, unlink

#include "sys/dynlib.h" // dynlib__load

/* libpng's simplified API: no setjmp, so it goes through dlopen cleanly */
static int (*p_write_to_file)(png_imagep, const char *, int, const void *, png_int_32,
			      const void *);
static int (*p_begin_read_from_file)(png_imagep, const char *);
static int (*p_finish_read)(png_imagep, png_const_colorp, void *, png_int_32, void *);
static void (*p_image_free)(png_imagep);
static pthread_once_t png_once = PTHREAD_ONCE_INIT;
static int png_loaded = -1;

static void load_png(void)
{
	const struct dynlib_sym syms[] = {
		{ "png_image_write_to_file", (void **)&p_write_to_file },
		{ "png_image_begin_read_from_file", (void **)&p_begin_read_from_file },
		{ "png_image_finish_read", (void **)&p_finish_read },
		{ "png_image_free", (void **)&p_image_free },
	};

	png_loaded = dynlib__load("libpng16.so.16", "pictures", "libpng16-16", syms,
				  (int)(sizeof(syms) / sizeof(syms[0])));
}

static int have_png(void)
{
	pthread_once(&png_once, load_png);
	return png_loaded;
}

int png__write(const char *path, const struct picture *p)
{
	char tmp[PATH_MAX];
	png_image img;
	int fd;

	if (have_png() < 0)
		return -1;
	if (snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path) >= (int)sizeof(tmp)) {
		fprintf(stderr, "bootcheck: %s: path too long\n", path);
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "bootcheck: %s: %s\n", path, strerror(errno));
		return -1;
	}
	close(fd);
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	img.width = p->width;
	img.height = p->height;
	img.format = PNG_FORMAT_RGB;
	if (!p_write_to_file(&img, tmp, 0, p->rgb, 0, NULL)) {
		fprintf(stderr, "bootcheck: %s: cannot write the PNG: %s\n", path, img.message);
		p_image_free(&img);
		unlink(tmp);
		return -1;
	}
	if (chmod(tmp, 0644) < 0 || rename(tmp, path) < 0) {
		fprintf(stderr, "bootcheck: %s: %s\n", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

int png__read(const char *path, struct picture *p)
{
	png_image img;

	memset(p, 0, sizeof(*p));
	if (have_png() < 0)
		return -1;
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!p_begin_read_from_file(&img, path)) {
		fprintf(stderr, "bootcheck: %s: not a PNG libpng reads: %s\n", path, img.message);
		return -1;
	}
	if (img.width == 0 || img.height == 0 || img.width > PICTURE_MAX_SIDE ||
	    img.height > PICTURE_MAX_SIDE) {
		fprintf(stderr, "bootcheck: %s: %ux%u pixels; at most %u a side\n", path, img.width,
			img.height, PICTURE_MAX_SIDE);
		p_image_free(&img);
		return -1;
	}
	img.format = PNG_FORMAT_RGB;
	p->rgb = malloc((size_t)img.width * img.height * 3);
	if (!p->rgb) {
		p_image_free(&img);
		return -1;
	}
	if (!p_finish_read(&img, NULL, p->rgb, 0, NULL)) {
		fprintf(stderr, "bootcheck: %s: cannot read the PNG: %s\n", path, img.message);
		picture__free(p);
		p_image_free(&img);
		return -1;
	}
	p->width = img.width;
	p->height = img.height;
	return 0;
}

void picture__free(struct picture *p)
{
	free(p->rgb);
	p->rgb = NULL;
	p->width = p->height = 0;
}
