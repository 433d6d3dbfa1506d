#!/usr/bin/env bash
# snapshot.sh - the BIOS snapshot cache.  Equivalence is the contract: for
# every BIOS-mode guest of the suite (group bios of bootcheck.ini, hard
# disks and a floppy) and for Debian's boot code, a run restored from the cache
# gives the same exit, screen, cursor, serial, debug console, BIOS log and
# registers as a --no-cache run.  Also: a corrupt, truncated, foreign or
# other machine's cache file is rejected with a warning and rebuilt;
# --no-cache and --trace bypass the cache; the cache directory is private.
# Needs BOOTCHECK and GUESTS in the environment.
#
# Compared: bootcheck run --json, less wall and virtual time (the pace of
# the host), with SeaBIOS's "CPU Mhz=N" log line normalised and the log's
# lines compared as a set: SeaBIOS measures the TSC against the PIT while
# it boots, and runs POST work in threads that take turns by its TSC timer,
# both in host time, so two full boots differ there too.
set -u
cd "$(dirname "$0")/.." || exit 99
# shellcheck source=tests/lib.sh
. tests/lib.sh

: "${BOOTCHECK:?set BOOTCHECK to the bootcheck binary}"
: "${GUESTS:?set GUESTS to the built guests directory}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BOOTCHECK_CACHE_DIR="$work/cache"

if ! have_kvm; then
	skip "snapshot cache" "no usable /dev/kvm"
	summary
fi

norm() {
	jq -S 'del(.seconds, .virtual_seconds, .snapshot) |
		.bios_log |= (gsub("CPU Mhz=[0-9]+"; "CPU Mhz=N") | split("\n") | sort | join("\n"))'
}

# run OUT IMG [OPTIONS...] - bootcheck run --json into OUT.json (normalised)
# and OUT.snapshot (what the run did with the cache)
run() {
	local out=$1 img=$2
	shift 2
	"$BOOTCHECK" run --json "$@" "$img" >"$out.raw" 2>"$out.err"
	jq -r '.snapshot' "$out.raw" >"$out.snapshot"
	norm <"$out.raw" >"$out.json"
}

# equivalent NAME IMG [OPTIONS...] - full boot, cache miss, cache hit: all
# alike.  A guest that busy-polls a timer ends with host-paced registers
# (what its loop counters reached): when two full boots differ there, or an
# input wait's deadline stopped the run, the registers are left out of the
# comparison, and the PASS line says so.
equivalent() {
	local name=$1 img=$2 w=$work/$1 note=""
	shift 2
	rm -rf "$BOOTCHECK_CACHE_DIR"
	run "$w.full" "$img" --no-cache "$@"
	run "$w.full2" "$img" --no-cache "$@"
	run "$w.miss" "$img" "$@"
	run "$w.hit" "$img" "$@"
	# two full boots may agree by chance where a deadline (an input wait's
	# timeout) stopped a polling guest: such a stop is host-paced too
	if ! cmp -s "$w.full.json" "$w.full2.json" || jq -e '.exit | test("^input: ")' "$w.full.json" >/dev/null; then
		note=", registers host-paced: not compared"
		for f in full miss hit; do
			jq -S 'del(.registers)' "$w.$f.json" >"$w.$f.tmp" && mv "$w.$f.tmp" "$w.$f.json"
		done
	fi
	if [ "$(cat "$w.full.snapshot" "$w.miss.snapshot" "$w.hit.snapshot")" != "$(printf 'none\nsaved\nrestored')" ]; then
		fail "snapshot: $name" "cache use: $(cat "$w.full.snapshot" "$w.miss.snapshot" "$w.hit.snapshot" | tr '\n' ' ')" \
			"$(cat "$w.miss.err" "$w.hit.err")"
	elif cmp -s "$w.full.json" "$w.miss.json" && cmp -s "$w.full.json" "$w.hit.json"; then
		pass "snapshot: $name: restored run equals a full boot ($(jq -r .exit "$w.hit.json")$note)"
	else
		fail "snapshot: $name: restored run differs from a full boot" \
			"$(diff "$w.full.json" "$w.hit.json" | head -n 12)"
	fi
}

# --- equivalence: the suite's BIOS-mode guests on a hard disk, Debian's boot code
while IFS=$'\t' read -r name _ cmd; do
	# the test's own options (keys, input scripts, idle...), as the shell splits
	# the reproducing command (our own manifest): "bootcheck run OPTIONS... IMAGE"
	argv=()
	eval "argv=($cmd)"
	equivalent "$name" "${argv[-1]}" "${argv[@]:2:${#argv[@]}-3}"
done < <("$BOOTCHECK" check --list --group bios bootcheck.ini)
debian_boot_images "$work"
equivalent "mkfs.fat floppy" "$work/fat.img" --drive floppy
equivalent "syslinux mbr.bin" "$work/syslinux.img"
equivalent "mbr package MBR" "$work/mbr.img"

# one floppy's snapshot serves another of the same size, with its own contents
rm -rf "$BOOTCHECK_CACHE_DIR"
run "$work/fl1" "$GUESTS/floppy.bin" --drive floppy
run "$work/fl2" "$work/fat.img" --drive floppy
run "$work/fl2full" "$work/fat.img" --drive floppy --no-cache
if [ "$(cat "$work/fl1.snapshot" "$work/fl2.snapshot")" = "$(printf 'saved\nrestored')" ] &&
	cmp -s "$work/fl2.json" "$work/fl2full.json"; then
	pass "another floppy of the same size is restored with its own contents"
else
	fail "another floppy of the same size is restored with its own contents" \
		"$(cat "$work/fl1.snapshot" "$work/fl2.snapshot")" "$(diff "$work/fl2full.json" "$work/fl2.json" | head)"
fi

# two floppies on the controller: a B: of the same size with other contents
# is read after the snapshot point, so the restored run reads this run's B:
rm -rf "$BOOTCHECK_CACHE_DIR"
sed 's/C0 H0 S1 read/C0 H0 S1 READ/' "$GUESTS/floppy-b-data.bin" >"$work/b2.img"
run "$work/fb1" "$GUESTS/mbr-floppy-b.bin" --floppy "$GUESTS/floppy.bin" --floppy "$GUESTS/floppy-b-data.bin"
run "$work/fb2" "$GUESTS/mbr-floppy-b.bin" --floppy "$GUESTS/floppy.bin" --floppy "$work/b2.img"
run "$work/fb2full" "$GUESTS/mbr-floppy-b.bin" --floppy "$GUESTS/floppy.bin" --floppy "$work/b2.img" --no-cache
if [ "$(cat "$work/fb1.snapshot" "$work/fb2.snapshot")" = "$(printf 'saved\nrestored')" ] &&
	grep -q "C0 H0 S1 READ" "$work/fb2.json" && cmp -s "$work/fb2.json" "$work/fb2full.json"; then
	pass "floppy B: of the same size is restored with its own contents"
else
	fail "floppy B: of the same size is restored with its own contents" \
		"$(cat "$work/fb1.snapshot" "$work/fb2.snapshot")" "$(diff "$work/fb2full.json" "$work/fb2.json" | head)"
fi
# a B: of another size is another machine (CMOS says another drive type): no restore
head -c 737280 "$GUESTS/floppy-b-data.bin" >"$work/b720.img"
run "$work/fb3" "$GUESTS/mbr-floppy-b.bin" --floppy "$GUESTS/floppy.bin" --floppy "$work/b720.img"
if [ "$(cat "$work/fb3.snapshot")" = saved ] && grep -q "B: type 03" "$work/fb3.json"; then
	pass "floppy B: of another size is not restored from the 1.44 MB one's snapshot"
else
	fail "floppy B: of another size is not restored from the 1.44 MB one's snapshot" \
		"$(cat "$work/fb3.snapshot")"
fi

# --- the cache itself ----------------------------------------------------------
img=$GUESTS/mbr-hello.bin
rm -rf "$BOOTCHECK_CACHE_DIR"
run "$work/first" "$img"
snap=$(find "$BOOTCHECK_CACHE_DIR" -name 'bios-*.snap' | head -n 1)
if [ -n "$snap" ] && [ "$(stat -c %a "$BOOTCHECK_CACHE_DIR")" = 700 ] &&
	[ "$(find "$BOOTCHECK_CACHE_DIR" -type f | wc -l)" = 1 ]; then
	pass "the cache directory is private (0700) and holds one snapshot, no leftovers"
else
	fail "the cache directory is private and holds one snapshot" "$(ls -la "$BOOTCHECK_CACHE_DIR")"
fi
cp "$snap" "$work/good.snap"

# damage SPEC WHY - a damaged cache file is ignored with a warning, the run
# boots in full with the same result, and the file is rebuilt
damage() {
	local what=$1 why=$2
	run "$work/damaged" "$img"
	run "$work/after" "$img"
	if grep -q "warning: ignoring .*$why" "$work/damaged.err" &&
		[ "$(cat "$work/damaged.snapshot")" = saved ] &&
		[ "$(cat "$work/after.snapshot")" = restored ] &&
		cmp -s "$work/first.json" "$work/damaged.json"; then
		pass "a $what cache file is rejected, the run boots in full and rebuilds it"
	else
		fail "a $what cache file is rejected and rebuilt" \
			"$(cat "$work/damaged.snapshot" "$work/after.snapshot" "$work/damaged.err")"
	fi
}
cp "$work/good.snap" "$snap" && printf '\xff' | dd of="$snap" bs=1 seek=2000 conv=notrunc 2>/dev/null
damage corrupt "checksum mismatch"
cp "$work/good.snap" "$snap" && truncate -s 5000 "$snap"
damage truncated "truncated"
head -c 100000 /dev/urandom >"$snap"
damage foreign "not a bootcheck snapshot"
# another machine's snapshot (a different disk) under this machine's name
run "$work/big" "$GUESTS/loader.bin"
other=$(find "$BOOTCHECK_CACHE_DIR" -name 'bios-*.snap' ! -name "$(basename "$snap")" | head -n 1)
cp "$other" "$snap"
damage "another machine's" "made for another machine"

rm -rf "$BOOTCHECK_CACHE_DIR"
run "$work/nocache" "$img" --no-cache
run "$work/trace" "$img" --trace
if [ ! -e "$BOOTCHECK_CACHE_DIR" ] || [ -z "$(find "$BOOTCHECK_CACHE_DIR" -type f)" ]; then
	if [ "$(cat "$work/nocache.snapshot" "$work/trace.snapshot")" = "$(printf 'none\nnone')" ]; then
		pass "--no-cache and --trace boot in full and write no snapshot"
	else
		fail "--no-cache and --trace boot in full" "$(cat "$work/nocache.snapshot" "$work/trace.snapshot")"
	fi
else
	fail "--no-cache and --trace write no snapshot" "$(find "$BOOTCHECK_CACHE_DIR")"
fi

summary
