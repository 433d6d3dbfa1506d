# lib.sh - helpers for the shell test scripts (sourced, not run).
# shellcheck shell=bash

passed=0
failed=0
skipped=0

pass() { passed=$((passed + 1)); printf 'PASS %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$1"; shift; for l in "$@"; do printf '     %s\n' "$l"; done; }
skip() { skipped=$((skipped + 1)); printf 'SKIP %s (%s)\n' "$1" "$2"; }

# summary - the closing line; exit 1 on any failure, 77 when everything skipped
summary() {
	if [ "$skipped" -gt 0 ]; then
		printf '%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
	else
		printf '%d passed, %d failed\n' "$passed" "$failed"
	fi
	[ "$failed" -eq 0 ] || exit 1
	[ "$passed" -gt 0 ] || [ "$skipped" -eq 0 ] || exit 77
	exit 0
}

# have_kvm - whether bootcheck can open /dev/kvm here (it says why not)
have_kvm() {
	[ -c /dev/kvm ] && [ -r /dev/kvm ] && [ -w /dev/kvm ]
}

# debian_boot_images DIR - real third-party boot code packaged by Debian, on
# images made in DIR (needs mkfs.fat, sfdisk, syslinux-common and mbr):
#   fat.img       the boot sector mkfs.fat writes, on a 1.44 MB FAT12 floppy:
#                 it says the disk is not bootable and waits for a key
#   syslinux.img  syslinux's mbr.bin on an 8 MiB disk whose one active
#                 partition holds a FAT12 filesystem: the MBR chainloads the
#                 partition's boot sector (mkfs.fat's)
#   mbr.img       the mbr package's MBR (install-mbr) on the same kind of disk
debian_boot_images() {
	local dir=$1
	mkfs.fat -C -n BOOTCHECK -i 12345678 "$dir/fat.img" 1440 >/dev/null
	mkfs.fat -C -F 12 -n PART -i 9abcdef0 "$dir/part.img" 7168 >/dev/null
	head -c $((1024 * 1024)) /dev/zero >"$dir/syslinux.img"
	cat "$dir/part.img" >>"$dir/syslinux.img"
	printf 'label: dos\nlabel-id: 0x0bc0bc00\nstart=2048, type=1, bootable\n' |
		sfdisk -q "$dir/syslinux.img" >/dev/null 2>&1
	dd if=/usr/lib/syslinux/mbr/mbr.bin of="$dir/syslinux.img" bs=440 count=1 conv=notrunc 2>/dev/null
	cp "$dir/syslinux.img" "$dir/mbr.img"
	install-mbr --force "$dir/mbr.img" >/dev/null
}
