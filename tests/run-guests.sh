#!/usr/bin/env bash
# run-guests.sh - boot every guest of tests/guests.list and compare its
# captures with the goldens in expected/ (the SeaBIOS version banner on the
# screen is scrubbed first, so a package update does not break them).  --update rewrites the goldens
# (refused when CI is set).  Needs BOOTCHECK and GUESTS in the environment.
set -u
cd "$(dirname "$0")/.." || exit 99
# shellcheck source=tests/lib.sh
. tests/lib.sh

: "${BOOTCHECK:?set BOOTCHECK to the bootcheck binary}"
: "${GUESTS:?set GUESTS to the built guests directory}"
update=0
if [ "${1:-}" = --update ]; then
	if [ -n "${CI:-}" ]; then
		echo "run-guests.sh: refusing to update goldens with CI set" >&2
		exit 99
	fi
	update=1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# scrub FILE - what may differ between SeaBIOS packages: the version banner
scrub() {
	sed -i -E 's/^SeaBIOS \(version [^)]*\)$/SeaBIOS (version VERSION)/' "$1"
}

# empty_capture FILE - no bytes, or (a screen) nothing but blank rows
empty_capture() {
	[ ! -s "$1" ] || ! grep -q '[^[:space:]]' "$1"
}

while read -r name image opts; do
	case "$name" in '' | '#'*) continue ;; esac
	if ! have_kvm; then
		skip "$name" "no usable /dev/kvm"
		continue
	fi
	out="$work/$name"
	# shellcheck disable=SC2086 # options are words by design
	"$BOOTCHECK" run --out "$out" $opts "$GUESTS/$image" >"$work/$name.log" 2>&1
	status=$?
	if [ "$status" -eq 77 ]; then
		skip "$name" "no KVM"
		continue
	fi
	if [ "$status" -ne 0 ]; then
		fail "$name" "bootcheck exited $status:" "$(tail -n 3 "$work/$name.log")"
		continue
	fi
	scrub "$out/screen"
	problems=()
	for ch in exit serial debugcon screen; do
		golden="expected/$name.$ch"
		if [ "$update" -eq 1 ]; then
			if empty_capture "$out/$ch" && [ "$ch" != exit ]; then
				rm -f "$golden"
			else
				cp "$out/$ch" "$golden"
			fi
			continue
		fi
		if [ -f "$golden" ]; then
			if ! cmp -s "$golden" "$out/$ch"; then
				problems+=("$ch differs from $golden:")
				while IFS= read -r l; do problems+=("$l"); done \
					< <(diff -u --label "$golden" --label "actual $ch" "$golden" "$out/$ch" | head -n 20)
			fi
		elif [ "$ch" = exit ]; then
			problems+=("no $golden (exit golden is required)")
		elif ! empty_capture "$out/$ch"; then
			problems+=("$ch captured but no $golden (run: make update-goldens)")
		fi
	done
	if [ "$update" -eq 1 ]; then
		printf 'UPDATED %s\n' "$name"
	elif [ "${#problems[@]}" -eq 0 ]; then
		pass "$name"
	else
		fail "$name" "${problems[@]}"
	fi
done < tests/guests.list

if [ "$update" -eq 1 ]; then
	git status --short expected/
	exit 0
fi
summary
