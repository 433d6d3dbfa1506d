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
