/* pictures.h - pictures of text screens for check's artifacts and HTML report, drawn from captures and goldens. */
#ifndef BOOTCHECK_PICTURES_H
#define BOOTCHECK_PICTURES_H

#include "capture/png.h"     // struct picture
#include "check/manifest.h"  // struct test_case

/*
 * pictures__draw - the text screen held by DIR/PREFIXscreen, DIR/PREFIXcolors
 * and DIR/PREFIXcursor (captures: PREFIX "", DIR the run's; goldens: PREFIX
 * "NAME.", DIR expected/) drawn with the font of the test's VGA BIOS (its
 * --vgabios, else Debian's) into P.  0, or -1 when there is no screen file
 * or no font (said on stderr once).
 */
int pictures__draw(const struct test_case *t, const char *dir, const char *prefix,
		   struct picture *p);

/* pictures__draw_texts - pictures__draw from the three texts themselves (COLORS, CURSOR may be NULL). */
int pictures__draw_texts(const struct test_case *t, const char *screen, const char *colors,
			 const char *cursor, struct picture *p);

/*
 * pictures__diff - a picture of where A and B differ: B dimmed, the
 * differing pixels red (B's size; A's pixels outside it count as differing).
 */
int pictures__diff(const struct picture *a, const struct picture *b, struct picture *out);

#endif
