/* pictures.c - pictures of text screens for check's artifacts and HTML report, drawn from captures and goldens. */
#include "check/pictures.h"

#include <stdio.h>  // fopen, asprintf
#include <stdlib.h> // malloc, free
#include <string.h> // strcmp

#include "capture/render.h"  // render__captures
#include "config/options.h"  // OPT_DEFAULT_VGABIOS
#include "sys/file.h"        // file__open_regular

#define ROM_MAX (256u << 10)

/* The whole of a small text file, NUL-terminated; NULL when missing or too large. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = file__open_regular(path);
	char *buf = f ? malloc(ROM_MAX + 1) : NULL;
	size_t n = 0;

	if (buf)
		n = fread(buf, 1, ROM_MAX, f);
	if (f)
		fclose(f);
	if (buf)
		buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

/* The 8x16 font of the VGA BIOS at PATH, kept for the next test that uses the same file. */
static const uint8_t *font_of(const char *path)
{
	static char *cached_path;
	static char *rom;
	static const uint8_t *font;

	if (cached_path && !strcmp(cached_path, path))
		return font;
	free(cached_path);
	free(rom);
	cached_path = strdup(path);
	size_t len = 0;

	rom = slurp(path, &len);
	font = rom ? render__find_font((const uint8_t *)rom, len) : NULL;
	if (!font)
		fprintf(stderr, "bootcheck: no 8x16 font in the VGA BIOS %s: screens are not drawn\n",
			path);
	return font;
}

/* The font of T's VGA BIOS (its --vgabios, else Debian's). */
static const uint8_t *test_font(const struct test_case *t)
{
	const char *vgabios = OPT_DEFAULT_VGABIOS;

	for (int i = 0; i + 1 < t->nr_run_args; i++)
		if (!strcmp(t->run_args[i], "--vgabios"))
			vgabios = t->run_args[i + 1];
	return font_of(vgabios);
}

int pictures__draw_texts(const struct test_case *t, const char *screen, const char *colors,
			 const char *cursor, struct picture *p)
{
	const uint8_t *font = test_font(t);

	return font && screen ? render__captures(p, screen, colors, cursor, font) : -1;
}

int pictures__draw(const struct test_case *t, const char *dir, const char *prefix,
		   struct picture *p)
{
	char *path[3] = { NULL, NULL, NULL }, *text[3] = { NULL, NULL, NULL };
	static const char *const names[3] = { "screen", "colors", "cursor" };
	int r = -1;

	const uint8_t *font = test_font(t);

	for (int i = 0; i < 3; i++)
		if (asprintf(&path[i], "%s/%s%s", dir, prefix, names[i]) >= 0)
			text[i] = slurp(path[i], NULL);
	if (font && text[0])
		r = render__captures(p, text[0], text[1], text[2], font);
	for (int i = 0; i < 3; i++) {
		free(path[i]);
		free(text[i]);
	}
	return r;
}

int pictures__diff(const struct picture *a, const struct picture *b, struct picture *out)
{
	out->width = b->width;
	out->height = b->height;
	out->rgb = malloc((size_t)b->width * b->height * 3);
	if (!out->rgb)
		return -1;
	for (unsigned y = 0; y < b->height; y++)
		for (unsigned x = 0; x < b->width; x++) {
			size_t i = ((size_t)y * b->width + x) * 3;
			const uint8_t *q = b->rgb + i;
			bool same = x < a->width && y < a->height &&
				    !memcmp(a->rgb + ((size_t)y * a->width + x) * 3, q, 3);
			uint8_t *o = out->rgb + i;

			if (same) {
				o[0] = q[0] / 3, o[1] = q[1] / 3, o[2] = q[2] / 3;
			} else {
				o[0] = 0xff, o[1] = 0, o[2] = 0;
			}
		}
	return 0;
}
