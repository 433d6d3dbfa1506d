/* fuzz.h - reading a libFuzzer input as a sequence of values, for the targets in tests/fuzz/. */
#ifndef BOOTCHECK_FUZZ_H
#define BOOTCHECK_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>  // fprintf
#include <stdlib.h> // abort
#include <string.h> // memcpy
#include <unistd.h> // access
#include <ftw.h>    // nftw
#include <sys/stat.h> // struct stat

/* The input still to read; past its end every value reads as zero. */
struct fuzz_in {
	const uint8_t *p;
	size_t left;
};

static inline uint64_t fuzz__bytes(struct fuzz_in *in, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n && in->left; i++, in->p++, in->left--)
		v |= (uint64_t)*in->p << (8 * i);
	return v;
}

static inline uint8_t fuzz__u8(struct fuzz_in *in)
{
	return (uint8_t)fuzz__bytes(in, 1);
}

static inline uint16_t fuzz__u16(struct fuzz_in *in)
{
	return (uint16_t)fuzz__bytes(in, 2);
}

static inline uint32_t fuzz__u32(struct fuzz_in *in)
{
	return (uint32_t)fuzz__bytes(in, 4);
}

static inline uint64_t fuzz__u64(struct fuzz_in *in)
{
	return fuzz__bytes(in, 8);
}

/*
 * fuzz__part - the bytes up to the next SEP (or the end), as a pointer into
 * the input and a length; the separator is skipped.  False at the end.
 */
static inline bool fuzz__part(struct fuzz_in *in, uint8_t sep, const uint8_t **part, size_t *len)
{
	const uint8_t *end;

	if (!in->left)
		return false;
	end = memchr(in->p, sep, in->left);
	*part = in->p;
	*len = end ? (size_t)(end - in->p) : in->left;
	in->p += *len + (end ? 1 : 0);
	in->left -= *len + (end ? 1 : 0);
	return true;
}

/* fuzz__tmpdir - where a target keeps its files: $TMPDIR, else /dev/shm (memory: fast), else /tmp. */
static inline const char *fuzz__tmpdir(void)
{
	const char *t = getenv("TMPDIR");

	if (t && *t)
		return t;
	return access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
}

/* The scratch directory of fuzz__scratch. */
static inline char *fuzz__scratch_path(void)
{
	static char path[4096];

	return path;
}

static inline int fuzz__remove_one(const char *p, const struct stat *st, int flag,
				   struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static inline void fuzz__remove_scratch(void)
{
	nftw(fuzz__scratch_path(), fuzz__remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

/*
 * fuzz__scratch - a new directory NAME-XXXXXX under fuzz__tmpdir(), removed
 * with everything in it when the target exits; its path (aborts when it
 * cannot be made).
 */
static inline const char *fuzz__scratch(const char *name)
{
	char *path = fuzz__scratch_path();

	snprintf(path, 4096, "%s/%s-XXXXXX", fuzz__tmpdir(), name);
	if (!mkdtemp(path)) {
		perror(path);
		abort();
	}
	atexit(fuzz__remove_scratch);
	return path;
}

/*
 * fuzz__regex_blowup - whether DATA holds what a regex compiler expands in
 * time and memory exponential in its length: stacked quantifiers ("a+++",
 * "a**") and bounds ("{1,100}", nested: TRE copies the bounded part).  A
 * scrub rule is the test author's own: the scrub and manifest targets skip
 * inputs holding them.
 */
static inline bool fuzz__regex_blowup(const uint8_t *data, size_t size)
{
	unsigned run = 0;

	for (size_t i = 0; i < size; i++) {
		if (data[i] == '{' && i + 1 < size && data[i + 1] >= '0' && data[i + 1] <= '9')
			return true;
		run = strchr("+*?", data[i]) && data[i] ? run + 1 : 0;
		if (run >= 2)
			return true;
	}
	return false;
}

/* fuzz__check - an invariant of the code under test; a violation is a finding (abort). */
#define fuzz__check(cond, ...)                                                         \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fprintf(stderr, "%s:%d: invariant failed: %s: ", __FILE__, __LINE__, \
				#cond);                                                \
			fprintf(stderr, __VA_ARGS__);                                  \
			fprintf(stderr, "\n");                                         \
			abort();                                                       \
		}                                                                      \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
