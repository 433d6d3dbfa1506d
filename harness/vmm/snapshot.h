/* snapshot.h - a machine saved to a file: its state structs and its RAM, stored sparse so a restore maps it copy-on-write. */
#ifndef BOOTCHECK_SNAPSHOT_H
#define BOOTCHECK_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "vmm/guest_mem.h" // struct guest_mem

#define SNAPSHOT_FORMAT_VERSION 1
#define SNAPSHOT_KEY_SIZE 32
#define SNAPSHOT_NAME_SIZE 16

/*
 * One plain state struct of the machine (a device's `struct X_state`, the
 * clock's, the vCPU's): saving copies SIZE bytes from DATA, restoring
 * copies them back after checking NAME, VERSION and SIZE.  The list is the
 * machine's; this module knows no device.
 */
struct snapshot_section {
	const char *name;        /* at most SNAPSHOT_NAME_SIZE - 1 characters */
	uint32_t version;
	void *data;
	uint32_t size;
};

/*
 * snapshot__save - write the N sections and all of MEM, under KEY, to PATH:
 * into a temporary file beside it, renamed over PATH when complete, so a
 * reader never sees half a file.  RAM pages that are all zero are left as
 * holes.  0 or -errno.
 */
int snapshot__save(const char *path, const uint8_t key[SNAPSHOT_KEY_SIZE],
		   const struct snapshot_section *secs, int n, const struct guest_mem *mem);

/*
 * snapshot__load - read PATH and check everything before touching anything:
 * magic, format version, KEY, the sections' names, versions and sizes
 * against SECS, MEM's size, the file's size and a SHA-256 over the state
 * and the RAM's non-zero pages.  Then copy the sections into their structs
 * and map the RAM over MEM, private and copy-on-write (the guest's writes
 * never reach the file).  Returns 0; -ENOENT when there is no file; -EINVAL
 * when it is not a valid snapshot for KEY (with one line in WHY); other
 * -errno for I/O errors.  Nothing is changed unless 0 is returned.
 */
int snapshot__load(const char *path, const uint8_t key[SNAPSHOT_KEY_SIZE],
		   const struct snapshot_section *secs, int n, struct guest_mem *mem,
		   char *why, size_t whylen);

/*
 * snapshot__cache_dir - the directory snapshots are kept in:
 * $BOOTCHECK_CACHE_DIR, else $XDG_CACHE_HOME/bootcheck, else
 * $HOME/.cache/bootcheck; created private (0700) when missing.  0 or -errno.
 */
int snapshot__cache_dir(char *buf, size_t size);

#endif
