/* png-same.c - whether two PNG pictures show the same pixels, the second maybe scaled up by whole factors (QEMU's screendump doubles mode 13h): for tests/fidelity.sh. */
#include <stdio.h>
#include <string.h>

#include "capture/png.h"

int main(int argc, char **argv)
{
	struct picture a, b;

	if (argc != 3) {
		fprintf(stderr, "usage: png-same OURS.png THEIRS.png\n");
		return 2;
	}
	if (png__read(argv[1], &a) < 0 || png__read(argv[2], &b) < 0)
		return 2;
	if (b.width % a.width || b.height % a.height) {
		printf("%ux%u against %ux%u: not a whole multiple\n", a.width, a.height, b.width,
		       b.height);
		return 1;
	}
	unsigned fx = b.width / a.width, fy = b.height / a.height;
	size_t diff = 0;

	for (unsigned y = 0; y < a.height; y++)
		for (unsigned x = 0; x < a.width; x++) {
			const uint8_t *p = a.rgb + ((size_t)y * a.width + x) * 3;
			const uint8_t *q = b.rgb + ((size_t)y * fy * b.width + (size_t)x * fx) * 3;

			if (memcmp(p, q, 3) && !diff++)
				printf("first difference at x %u, y %u: #%02x%02x%02x, theirs #%02x%02x%02x\n",
				       x, y, p[0], p[1], p[2], q[0], q[1], q[2]);
		}
	if (diff)
		printf("%zu of %u pixels differ (theirs scaled %ux%u)\n", diff, a.width * a.height,
		       fx, fy);
	picture__free(&a);
	picture__free(&b);
	return diff ? 1 : 0;
}
