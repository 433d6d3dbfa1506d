#!/usr/bin/env bash
# workers.sh - bootcheck check's worker processes.  A test's result is the
# same whether it ran in a worker after other tests or alone: the whole
# suite (bootcheck.ini) is run both ways into two golden directories
# (--update --expected), which must be identical.  A worker that dies fails
# only the test it was running, and another worker takes over.
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
trap 'rm -rf "$work"' EXIT

if ! have_kvm; then
	skip "workers" "no usable /dev/kvm"
	summary
fi

# --- the suite in shared workers, then every test alone -------------------------
# (into fresh golden directories: --accept-timeouts, for the test meant to time out)
env -u CI "$BOOTCHECK" check -j2 --update --accept-timeouts --expected "$work/shared" \
	--artifacts "$work/out" bootcheck.ini >"$work/shared.log" 2>&1
st=$?
mkdir -p "$work/alone"
alone_st=0
while IFS=$'\t' read -r name _; do
	# a worker of its own: the first and only test of a fresh process
	env -u CI "$BOOTCHECK" check -j1 --update --accept-timeouts --filter "$name" \
		--expected "$work/alone" --artifacts "$work/out" bootcheck.ini >>"$work/alone.log" 2>&1 ||
		alone_st=1
done < <("$BOOTCHECK" check --list bootcheck.ini)
if [ "$st" -eq 0 ] && [ "$alone_st" -eq 0 ] && diff -r "$work/shared" "$work/alone" >"$work/diff"; then
	pass "every test of the suite: the same in shared workers as alone ($(find "$work/alone" -type f | wc -l) goldens)"
else
	fail "the suite in shared workers and alone" "status $st / $alone_st" "$(head -n 20 "$work/diff")"
fi

# --- a worker that dies -----------------------------------------------------------
cd "$work" || exit 99
cp "$GUESTS/forever.bin" "$GUESTS/exit-zero.bin" "$GUESTS/cli-hlt.bin" .
cat >dies.ini <<'INI'
[defaults]
mode = direct

[first]
image = exit-zero.bin

[stuck]
image = forever.bin
timeout = 60

[after]
image = cli-hlt.bin
INI
env -u CI "$BOOTCHECK" check -j1 --update dies.ini >/dev/null 2>&1
rm -f expected/stuck.*
"$BOOTCHECK" check -j1 dies.ini >dies.out 2>&1 &
runner=$!
worker=""
for _ in $(seq 100); do
	worker=$(pgrep -P "$runner" | head -n 1)
	[ -n "$worker" ] && grep -q "^PASS  first" dies.out && break
	sleep 0.05
done
sleep 0.3
[ -n "$worker" ] && kill -KILL "$worker"
wait "$runner"
st=$?
if [ "$st" -eq 1 ] && grep -q "^PASS  first" dies.out && grep -q "^ERROR stuck" dies.out &&
	grep -q "worker died (signal 9: Killed)" dies.out && grep -q "^PASS  after" dies.out; then
	pass "a killed worker fails only its test; a new worker runs the rest"
else
	fail "a killed worker fails only its test" "status $st, worker '$worker'" "$(cat dies.out)"
fi

summary
