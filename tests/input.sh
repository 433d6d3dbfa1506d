#!/usr/bin/env bash
# input.sh - keys and serial input (--keys, --serial-in): the interactive
# guests give the same captures run after run, under load too; bad input
# text is a usage error naming the problem; the report says what was sent
# and what was still pending; --list shows the input in the command.
# Needs BOOTCHECK and GUESTS in the environment.
set -u
cd "$(dirname "$0")/.." || exit 99
# shellcheck source=tests/lib.sh
. tests/lib.sh

: "${BOOTCHECK:?set BOOTCHECK to the bootcheck binary}"
: "${GUESTS:?set GUESTS to the built guests directory}"
BOOTCHECK=$(realpath "$BOOTCHECK")
GUESTS=$(realpath "$GUESTS")
work=$(mktemp -d)
hogs=()
trap 'kill "${hogs[@]}" 2>/dev/null; rm -rf "$work"' EXIT

# --- usage errors need no KVM ---------------------------------------------------
usage() { # usage WHAT EXPECTED-MESSAGE ARGS...
	local what=$1 want=$2 out st
	shift 2
	out=$("$BOOTCHECK" run "$@" "$GUESTS/mbr-hello.bin" 2>&1)
	st=$?
	if [ "$st" -eq 2 ] && grep -qF -- "$want" <<<"$out"; then
		pass "$what: exit 2, '$want'"
	else
		fail "$what" "status $st" "$out"
	fi
}
usage "an unknown key name" 'position 4: unknown key name "Foo"' --keys 'abc{Foo}'
usage "a character no key types" "no key types 'é'" --keys 'café'
usage "an unterminated key name" 'unterminated' --keys 'a{F1'
usage "a bad serial escape" 'serial-in' --serial-in 'a\q'
usage "--keys twice" 'given twice' --keys a --keys b
printf 'wait-screen A>\nfrobnicate\n' >"$work/bad.input"
usage "a script with an unknown step" "bad.input:2: unknown step 'frobnicate'" --input "$work/bad.input"
usage "a script that is not there" 'No such file' --input "$work/missing.input"
mkfifo "$work/fifo.input"
usage "a FIFO as script (refused, not waited on)" 'not a regular file' --input "$work/fifo.input"

if ! have_kvm; then
	skip "input runs" "no usable /dev/kvm"
	summary
fi

# --- the same captures every time, and under load --------------------------------
rounds_ok=1
for round in 1 2 3; do
	"$BOOTCHECK" check -j2 --group input --artifacts "$work/out$round" bootcheck.ini \
		>"$work/round$round" 2>&1 || rounds_ok=0
done
if [ "$rounds_ok" -eq 1 ]; then
	pass "every input test passes against its goldens three times running"
else
	fail "input tests, three rounds" "" "$(grep -v '^PASS' "$work"/round* | head -n 20)"
fi
for _ in 1 2 3 4; do
	(while :; do :; done) &
	hogs+=($!)
done
if "$BOOTCHECK" check -j2 --group input --artifacts "$work/outload" bootcheck.ini \
	>"$work/load" 2>&1; then
	pass "every input test passes with four CPU hogs running"
else
	fail "input tests under load" "" "$(grep -v '^PASS' "$work/load" | head -n 20)"
fi
kill "${hogs[@]}" 2>/dev/null
hogs=()

# --- what was sent and what was pending --------------------------------------------
out=$("$BOOTCHECK" run --keys 'add 1 2\nquit\nnever typed' "$GUESTS/mbr-line-editor.bin")
if grep -qxF 'keys: sent "add 1 2{Enter}quit{Enter}", pending "never typed"' <<<"$out"; then
	pass "the report: keys sent up to quit's Enter, the rest pending"
else
	fail "the keys line of the report" "" "$out"
fi
json=$("$BOOTCHECK" run --json --mode direct --serial-in 'xyq\x00' "$GUESTS/serial-irq.bin")
if jq -e '.input.serial_in == {"sent": "xyq", "pending": "\\x00"} and .exit == "debug-exit 0"' <<<"$json" >/dev/null; then
	pass "--json: input.serial_in sent \"xyq\", pending \"\\x00\""
else
	fail "--json input" "" "$json"
fi

# --- a guest that never reads its keyboard ---------------------------------------
out=$("$BOOTCHECK" run --keys 'hello' "$GUESTS/mbr-key-wait.bin" | head -n 4)
if grep -q '^exit: hlt$' <<<"$out" && grep -qF 'keys: sent "h", pending "ello"' <<<"$out"; then
	pass "mbr-key-wait takes one key and halts: the rest is reported pending"
else
	fail "mbr-key-wait with keys" "" "$out"
fi

# --- scripts ---------------------------------------------------------------------------
json=$("$BOOTCHECK" run --json --input guests/mbr-login-fails.input "$GUESTS/mbr-login.bin")
if jq -e '.exit == "input: line 6: \"password accepted\" not seen on the screen within 0.5 s" and .input.script == {"done": false, "line": 6}' <<<"$json" >/dev/null; then
	pass "a wait not met: its own exit reason naming line 6, input.script {done: false, line: 6}"
else
	fail "the failing script's JSON" "" "$json"
fi
out=$("$BOOTCHECK" run --input guests/mbr-login.input "$GUESTS/mbr-login.bin")
if grep -qx 'exit: hlt' <<<"$out" && grep -qx 'input script: done' <<<"$out" &&
	grep -qx 'welcome, alice' <<<"$out"; then
	pass "mbr-login's script runs to the end: keys, serial, waits on both"
else
	fail "mbr-login's script" "" "$out"
fi
printf 'sleep 2000\nkeys x\n' >"$work/sleep.input"
out=$("$BOOTCHECK" run --input "$work/sleep.input" "$GUESTS/mbr-key-wait.bin")
if grep -qx 'exit: hlt' <<<"$out" && grep -q '^virtual time: 2\.' <<<"$out"; then
	pass "sleep 2000 holds off idle (300 ms) and types after 2 s of virtual time"
else
	fail "a script's sleep" "" "$out"
fi

# --- --list shows the input -----------------------------------------------------------
if "$BOOTCHECK" check --list --filter mbr-serial-echo bootcheck.ini | grep -qF -- "--serial-in 'hi\\rthere.'"; then
	pass "--list: the reproducing command carries --serial-in"
else
	fail "--list with --serial-in" "" "$("$BOOTCHECK" check --list --filter mbr-serial-echo bootcheck.ini)"
fi
summary
