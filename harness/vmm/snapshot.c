/* snapshot.c - a machine saved to a file: its state structs and its RAM, stored sparse so a restore maps it copy-on-write. */
#include "vmm/snapshot.h"

#include <errno.h>         // errno
#include <fcntl.h>         // open
#include <limits.h>        // PATH_MAX
#include <nettle/sha2.h>   // sha256_*
#include <stdarg.h>        // va_list
#include <stdbool.h>       // bool
#include <stdio.h>         // snprintf
#include <stdlib.h>        // getenv, calloc
#include <string.h>        // memcmp, strncpy
#include <sys/mman.h>      // mmap
#include <sys/stat.h>      // fstat, mkdir
#include <unistd.h>        // pread, pwrite

#define PAGE 4096u
static const char magic[8] = { 'B', 'C', 'S', 'N', 'A', 'P', '\r', '\n' };

struct file_header {
	char magic[8];
	uint32_t format;           /* SNAPSHOT_FORMAT_VERSION */
	uint32_t nr_sections;
	uint8_t key[SNAPSHOT_KEY_SIZE];
	uint64_t ram_size;
	uint64_t ram_offset;       /* page-aligned */
	uint64_t bitmap_offset;    /* one bit per RAM page: set when it holds data */
	uint8_t sum[SHA256_DIGEST_SIZE]; /* over everything else, zero while summing */
};

struct file_section {
	char name[SNAPSHOT_NAME_SIZE];
	uint32_t version;
	uint32_t size;
	uint64_t offset;
};

static bool page_is_zero(const uint8_t *p)
{
	static const uint8_t zero[PAGE];

	return !memcmp(p, zero, PAGE);
}

static int write_all(int fd, const void *buf, size_t len, off_t at)
{
	for (size_t done = 0; done < len;) {
		ssize_t n = pwrite(fd, (const uint8_t *)buf + done, len - done, at + (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		done += (size_t)n;
	}
	return 0;
}

static int read_all(int fd, void *buf, size_t len, off_t at)
{
	for (size_t done = 0; done < len;) {
		ssize_t n = pread(fd, (uint8_t *)buf + done, len - done, at + (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EINVAL; /* short: truncated */
		done += (size_t)n;
	}
	return 0;
}

/* Where the parts go: header, section table, data, bitmap, then RAM on a page boundary. */
static void layout(const struct snapshot_section *secs, int n, uint64_t ram_size,
		   struct file_header *h, struct file_section *fs)
{
	uint64_t at = sizeof(*h) + (uint64_t)n * sizeof(*fs);

	for (int i = 0; i < n; i++) {
		memset(&fs[i], 0, sizeof(fs[i]));
		strncpy(fs[i].name, secs[i].name, SNAPSHOT_NAME_SIZE - 1);
		fs[i].version = secs[i].version;
		fs[i].size = secs[i].size;
		fs[i].offset = at;
		at += (secs[i].size + 7u) & ~7u;
	}
	h->bitmap_offset = at;
	at += (ram_size / PAGE + 7) / 8;
	h->ram_offset = (at + PAGE - 1) & ~(uint64_t)(PAGE - 1);
	h->ram_size = ram_size;
}

/* The digest of the header (sum zeroed), the table, the data, the bitmap and the data pages. */
static void digest(const struct file_header *h, const struct file_section *fs, int n,
		   const uint8_t *const *data, const uint8_t *bitmap, const uint8_t *ram,
		   uint8_t out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx c;
	struct file_header hz = *h;
	uint64_t pages = h->ram_size / PAGE;

	memset(hz.sum, 0, sizeof(hz.sum));
	sha256_init(&c);
	sha256_update(&c, sizeof(hz), (const uint8_t *)&hz);
	sha256_update(&c, (size_t)n * sizeof(*fs), (const uint8_t *)fs);
	for (int i = 0; i < n; i++)
		sha256_update(&c, fs[i].size, data[i]);
	sha256_update(&c, (pages + 7) / 8, bitmap);
	for (uint64_t p = 0; p < pages; p++)
		if (bitmap[p / 8] & (1u << (p % 8)))
			sha256_update(&c, PAGE, ram + p * PAGE);
	sha256_digest(&c, SHA256_DIGEST_SIZE, out);
}

int snapshot__save(const char *path, const uint8_t key[SNAPSHOT_KEY_SIZE],
		   const struct snapshot_section *secs, int n, const struct guest_mem *mem)
{
	struct file_header h = { .format = SNAPSHOT_FORMAT_VERSION, .nr_sections = (uint32_t)n };
	struct file_section *fs = calloc((size_t)n + 1, sizeof(*fs));
	const uint8_t **data = calloc((size_t)n + 1, sizeof(*data));
	uint64_t pages = mem->size / PAGE;
	uint8_t *bitmap = calloc(1, (size_t)((pages + 7) / 8) + 1);
	char tmp[PATH_MAX];
	int fd = -1, r = -ENOMEM;

	if (!fs || !data || !bitmap || mem->size % PAGE)
		goto out;
	memcpy(h.magic, magic, sizeof(magic));
	memcpy(h.key, key, SNAPSHOT_KEY_SIZE);
	layout(secs, n, mem->size, &h, fs);
	for (int i = 0; i < n; i++)
		data[i] = secs[i].data;
	for (uint64_t p = 0; p < pages; p++)
		if (!page_is_zero(mem->host + p * PAGE))
			bitmap[p / 8] |= (uint8_t)(1u << (p % 8));
	digest(&h, fs, n, data, bitmap, mem->host, h.sum);

	r = -ENAMETOOLONG;
	if (snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path) >= (int)sizeof(tmp))
		goto out;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		goto out;
	}
	if ((r = write_all(fd, &h, sizeof(h), 0)) ||
	    (r = write_all(fd, fs, (size_t)n * sizeof(*fs), sizeof(h))))
		goto fail;
	for (int i = 0; i < n; i++)
		if ((r = write_all(fd, secs[i].data, secs[i].size, (off_t)fs[i].offset)))
			goto fail;
	if ((r = write_all(fd, bitmap, (size_t)((pages + 7) / 8), (off_t)h.bitmap_offset)))
		goto fail;
	/* the RAM: a sparse file, data pages only */
	if (ftruncate(fd, (off_t)(h.ram_offset + mem->size)) < 0) {
		r = -errno;
		goto fail;
	}
	for (uint64_t p = 0; p < pages; p++)
		if ((bitmap[p / 8] & (1u << (p % 8))) &&
		    (r = write_all(fd, mem->host + p * PAGE, PAGE, (off_t)(h.ram_offset + p * PAGE))))
			goto fail;
	if (close(fd) < 0) {
		fd = -1;
		r = -errno;
		goto fail;
	}
	fd = -1;
	r = rename(tmp, path) < 0 ? -errno : 0;
	if (r == 0)
		goto out;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
out:
	free(fs);
	free(data);
	free(bitmap);
	return r;
}

__attribute__((format(printf, 3, 4)))
static int invalid(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int snapshot__load(const char *path, const uint8_t key[SNAPSHOT_KEY_SIZE],
		   const struct snapshot_section *secs, int n, struct guest_mem *mem,
		   char *why, size_t whylen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct file_header h;
	struct file_section *fs = NULL;
	uint8_t **data = NULL, *bitmap = NULL, sum[SHA256_DIGEST_SIZE];
	void *ram = MAP_FAILED;
	struct stat st;
	int r;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		r = invalid(why, whylen, "not a regular file");
		goto out;
	}
	r = read_all(fd, &h, sizeof(h), 0);
	if (r == -EINVAL || (r == 0 && memcmp(h.magic, magic, sizeof(magic)))) {
		r = invalid(why, whylen, "not a bootcheck snapshot");
		goto out;
	}
	if (r)
		goto out;
	if (h.format != SNAPSHOT_FORMAT_VERSION) {
		r = invalid(why, whylen, "format %u, not %u", h.format, SNAPSHOT_FORMAT_VERSION);
		goto out;
	}
	if (memcmp(h.key, key, SNAPSHOT_KEY_SIZE) || h.nr_sections != (uint32_t)n ||
	    h.ram_size != mem->size) {
		r = invalid(why, whylen, "made for another machine (key or sizes differ)");
		goto out;
	}
	/* the layout this machine would write, field by field */
	struct file_header want = h;

	fs = calloc((size_t)n + 1, sizeof(*fs));
	struct file_section *want_fs = calloc((size_t)n + 1, sizeof(*want_fs));

	if (!fs || !want_fs) {
		free(want_fs);
		r = -ENOMEM;
		goto out;
	}
	layout(secs, n, mem->size, &want, want_fs);
	r = read_all(fd, fs, (size_t)n * sizeof(*fs), sizeof(h));
	if (r == 0 && (memcmp(fs, want_fs, (size_t)n * sizeof(*fs)) ||
		       want.ram_offset != h.ram_offset || want.bitmap_offset != h.bitmap_offset))
		r = invalid(why, whylen, "its sections differ from this build's (names, versions, sizes)");
	free(want_fs);
	if (r)
		goto out;
	if ((uint64_t)st.st_size != h.ram_offset + h.ram_size) {
		r = invalid(why, whylen, "%lld bytes, not %llu: truncated or padded",
			    (long long)st.st_size, (unsigned long long)(h.ram_offset + h.ram_size));
		goto out;
	}
	data = calloc((size_t)n + 1, sizeof(*data));
	bitmap = calloc(1, (size_t)(mem->size / PAGE + 7) / 8 + 1);
	if (!data || !bitmap) {
		r = -ENOMEM;
		goto out;
	}
	for (int i = 0; i < n && r == 0; i++) {
		data[i] = malloc(fs[i].size ? fs[i].size : 1);
		r = data[i] ? read_all(fd, data[i], fs[i].size, (off_t)fs[i].offset) : -ENOMEM;
	}
	if (r == 0)
		r = read_all(fd, bitmap, (size_t)(mem->size / PAGE + 7) / 8, (off_t)h.bitmap_offset);
	if (r)
		goto out;
	ram = mmap(NULL, mem->size, PROT_READ, MAP_PRIVATE, fd, (off_t)h.ram_offset);
	if (ram == MAP_FAILED) {
		r = -errno;
		goto out;
	}
	digest(&h, fs, n, (const uint8_t *const *)data, bitmap, ram, sum);
	munmap(ram, mem->size);
	if (memcmp(sum, h.sum, sizeof(sum))) {
		r = invalid(why, whylen, "checksum mismatch: damaged");
		goto out;
	}
	/* valid: the guest's RAM becomes a private view of the file's */
	if (mmap(mem->host, mem->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd,
		 (off_t)h.ram_offset) == MAP_FAILED) {
		r = -errno;
		goto out;
	}
	for (int i = 0; i < n; i++)
		memcpy(secs[i].data, data[i], secs[i].size);
	r = 0;
out:
	if (data)
		for (int i = 0; i < n; i++)
			free(data[i]);
	free(data);
	free(bitmap);
	free(fs);
	close(fd);
	return r;
}

/* mkdir DIR with MODE unless it is there; 0 or -errno. */
static int ensure_dir(const char *dir, mode_t mode)
{
	struct stat st;

	if (mkdir(dir, mode) == 0)
		return 0;
	if (errno != EEXIST)
		return -errno;
	if (lstat(dir, &st) < 0)
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

int snapshot__cache_dir(char *buf, size_t size)
{
	const char *env = getenv("BOOTCHECK_CACHE_DIR");
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	int r;

	if (env && env[0]) {
		if (snprintf(buf, size, "%s", env) >= (int)size)
			return -ENAMETOOLONG;
		return ensure_dir(buf, 0700);
	}
	if (xdg && xdg[0] == '/') {
		r = ensure_dir(xdg, 0700);
		if (r)
			return r;
		if (snprintf(buf, size, "%s/bootcheck", xdg) >= (int)size)
			return -ENAMETOOLONG;
		return ensure_dir(buf, 0700);
	}
	if (!home || home[0] != '/')
		return -ENOENT;
	if (snprintf(buf, size, "%s/.cache", home) >= (int)size)
		return -ENAMETOOLONG;
	r = ensure_dir(buf, 0700);
	if (r)
		return r;
	if (snprintf(buf, size, "%s/.cache/bootcheck", home) >= (int)size)
		return -ENAMETOOLONG;
	return ensure_dir(buf, 0700);
}
