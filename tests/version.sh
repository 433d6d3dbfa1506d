#!/usr/bin/env bash
# version.sh - `bootcheck --version`: the release in VERSION, with git's
# description of the commit when built from a git checkout; a copy of the
# tree without .git (what a release tarball unpacks to) builds a bootcheck
# that prints the release alone.  Needs BOOTCHECK in the environment.
set -u
cd "$(dirname "$0")/.." || exit 99
# shellcheck source=tests/lib.sh
. tests/lib.sh

: "${BOOTCHECK:?set BOOTCHECK to the bootcheck binary}"
BOOTCHECK=$(realpath "$BOOTCHECK")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

release=$(cat VERSION 2>/dev/null)
if [[ "$release" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] && [ "$(wc -l <VERSION)" -eq 1 ]; then
	pass "VERSION holds one release number, MAJOR.MINOR.PATCH"
else
	fail "VERSION holds one release number, MAJOR.MINOR.PATCH" "VERSION: '$release'"
fi

if [ -e .git ]; then
	want="bootcheck $release (git $(git describe --always --dirty))"
else
	want="bootcheck $release"
fi
got=$("$BOOTCHECK" --version)
if [ "$got" = "$want" ]; then
	pass "--version: the release, and git's description of this checkout"
else
	fail "--version: the release, and git's description of this checkout" \
		"printed:  $got" "expected: $want" "(built from another commit? run make)"
fi

# The tracked files as they are in the work tree, without .git, built anew
# (unoptimised: this build is only asked for its version, and -O0 takes a
# third of the time).
if [ -e .git ]; then
	mkdir "$work/src"
	git ls-files -z | while IFS= read -r -d '' f; do
		[ -e "$f" ] && printf '%s\0' "$f"
	done | tar --null -T - -cf - | tar -xf - -C "$work/src"
	# a plain build whatever this run is (make check SAN=1 exports SAN)
	if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$work/src" -j2 SAN=0 CFLAGS=-O0 build/bootcheck \
		>"$work/build.log" 2>&1; then
		got=$("$work/src/build/bootcheck" --version)
		if [ "$got" = "bootcheck $release" ]; then
			pass "a copy without .git prints the release alone"
		else
			fail "a copy without .git prints the release alone" \
				"printed:  $got" "expected: bootcheck $release"
		fi
	else
		fail "a copy without .git builds" "$(tail -n 5 "$work/build.log")"
	fi
else
	skip "a copy without .git prints the release alone" "this tree is such a copy: checked above"
fi

summary
