#!/usr/bin/env bash
# check-demo.sh - the runner's own behaviour, end to end, in a scratch
# directory: a passing test, a failing one (diff, artifacts), a missing
# golden, a bad manifest, --update (and its refusal under CI, a symlinked
# golden, timeouts and errors it does not write, goldens of removed tests
# and --prune), -v, --shard, no test selected, --tap through Automake's TAP
# driver, --junit as well-formed XML (suite, classnames, system-out, its
# directory checked first).
# Needs BOOTCHECK and GUESTS in the environment.
set -u
cd "$(dirname "$0")/.." || exit 99
# shellcheck source=tests/lib.sh
. tests/lib.sh

: "${BOOTCHECK:?set BOOTCHECK to the bootcheck binary}"
: "${GUESTS:?set GUESTS to the built guests directory}"
BOOTCHECK=$(realpath "$BOOTCHECK")
GUESTS=$(realpath "$GUESTS")
TAP_DRIVER=$(find /usr/share -maxdepth 2 -path '/usr/share/automake-*/tap-driver.sh' 2>/dev/null | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! have_kvm; then
	skip "check demo" "no usable /dev/kvm"
	summary
fi

cd "$work" || exit 99
cp "$GUESTS/exit-zero.bin" "$GUESTS/cli-hlt.bin" "$GUESTS/vga-text.bin" "$GUESTS/mbr-hello.bin" .
cat >bootcheck.ini <<'INI'
[defaults]
mode = direct

[zero]
image = exit-zero.bin
groups = exit

[halt]
image = cli-hlt.bin
groups = exit

[text]
image = vga-text.bin
groups = screen

[hello]
image = mbr-hello.bin
INI

# 1. no goldens: fails, says to run --update (not under CI: nobody blesses goldens there)
env -u CI "$BOOTCHECK" check >out 2>&1
st=$?
CI=true "$BOOTCHECK" check >out.ci 2>&1
st_ci=$?
if [ "$st" -eq 1 ] && grep -q -- "--update" out && grep -q "^0 passed, 4 failed$" out &&
	[ "$st_ci" -eq 1 ] && grep -q "missing golden expected/zero.exit" out.ci && ! grep -q -- "--update" out.ci; then
	pass "no goldens: every test fails and says to run --update, but not under CI"
else
	fail "no goldens: every test fails and says to run --update" "status $st / $st_ci" "$(tail -n 5 out out.ci)"
fi

# 2. --update refuses under CI (a usage error), then creates the goldens; CI=false, 0, no or empty is not CI
CI=true "$BOOTCHECK" check --update >out 2>&1
st=$?
not_ci=0
for v in false 0 no ""; do
	CI=$v "$BOOTCHECK" check --update --filter nothing-matches >out.$$ 2>&1
	grep -q "refusing --update" out.$$ && not_ci=1
done
rm -f out.$$
if [ "$st" -eq 2 ] && grep -q "refusing --update with CI set" out && [ ! -d expected ] && [ "$not_ci" -eq 0 ]; then
	pass "--update refuses when CI is set (exit 2); CI=false, 0, no and empty are not CI"
else
	fail "--update refuses when CI is set" "status $st, not_ci $not_ci" "$(tail -n 3 out)"
fi
env -u CI "$BOOTCHECK" check --update >out 2>&1
st=$?
if [ "$st" -eq 0 ] && grep -q "created expected/zero.exit" out && [ -f expected/text.screen ]; then
	pass "--update creates the goldens and lists them"
else
	fail "--update creates the goldens and lists them" "status $st" "$(head -n 8 out)"
fi

# 3. a passing run
"$BOOTCHECK" check >out 2>&1
st=$?
if [ "$st" -eq 0 ] && grep -q "^PASS  zero" out && tail -n 1 out | grep -q "^4 passed, 0 failed$" &&
	[ ! -d bootcheck-out ]; then
	pass "all goldens match: PASS lines, 4 passed, no artifacts"
else
	fail "all goldens match" "status $st" "$(cat out)"
fi

# 3c. -v: a passing test's captures as compared follow its PASS line; without -v, none
"$BOOTCHECK" check -v --filter zero --filter text >out 2>&1
st=$?
"$BOOTCHECK" check --verbose --filter zero >out.long 2>&1
"$BOOTCHECK" check --filter zero --filter text >out.quiet 2>&1
if [ "$st" -eq 0 ] && [ "$(grep -A1 '^PASS  zero' out | tail -n 1)" = "      exit: debug-exit 0" ] &&
	grep -qx -- "      --- debugcon (1 byte) ---" out && grep -qx "      0" out &&
	grep -qx "      00|bootcheck: text written straight to 0xb8000" out && grep -qx -- "      --- serial: empty ---" out &&
	grep -q "^      cursor: row " out && grep -qx "      exit: debug-exit 0" out.long &&
	! grep -q "^      " out.quiet && tail -n 1 out | grep -qx "2 passed, 0 failed"; then
	pass "-v/--verbose: a passing test's exit, serial, debugcon, screen rows and cursor follow its PASS line; none without"
else
	fail "-v shows passing tests' captures" "status $st" "$(head -n 20 out)" "$(cat out.quiet)"
fi

# 4. a failing test: the diff with screen row numbers, and artifacts
sed -i 's/straight/STRAIGHT/' expected/text.screen
"$BOOTCHECK" check --filter text >out 2>&1
st=$?
if [ "$st" -eq 1 ] && grep -q "^FAIL  text" out && grep -q "^      -00|bootcheck: text written STRAIGHT" out &&
	grep -q "^      +00|bootcheck: text written straight" out &&
	[ -f bootcheck-out/text/screen ] && [ -f bootcheck-out/text/report ]; then
	pass "a differing screen fails with a row-numbered diff and artifacts"
else
	fail "a differing screen fails with a row-numbered diff and artifacts" "status $st" "$(cat out)"
fi

# 4b. an artifacts entry that is a symlink is neither followed nor removed
mkdir -p elsewhere && printf 'keep\n' >elsewhere/screen
rm -rf bootcheck-out/text && ln -s "$PWD/elsewhere" bootcheck-out/text
"$BOOTCHECK" check --filter text >out 2>&1
if [ "$(cat elsewhere/screen)" = keep ] && [ -L bootcheck-out/text ] &&
	[ -f bootcheck-out/text.2/screen ] && grep -q "captures: bootcheck-out/text.2/" out; then
	pass "a symlinked artifacts entry is left alone; the captures go to text.2"
else
	fail "a symlinked artifacts entry is left alone" "$(ls -l bootcheck-out elsewhere)" "$(tail -n 3 out)"
fi
rm -rf bootcheck-out/text bootcheck-out/text.2 elsewhere
# put the golden back (a person's --update: CI may be set around this script)
env -u CI "$BOOTCHECK" check --update --filter text >/dev/null 2>&1

# 5. a missing golden for a non-empty capture
rm expected/zero.debugcon
"$BOOTCHECK" check --filter zero >out 2>&1
st=$?
if [ "$st" -eq 1 ] && grep -q "expected/zero.debugcon" out; then
	pass "a capture without its golden fails and names the missing file"
else
	fail "a capture without its golden fails and names the missing file" "status $st" "$(cat out)"
fi
env -u CI "$BOOTCHECK" check --update --filter zero >/dev/null 2>&1

# 6. a bad manifest: FILE:LINE, nothing booted, 99
printf '[a]\nimage = exit-zero.bin\nmode = direct\ntimeout = soon\n' >bad.ini
"$BOOTCHECK" check bad.ini >out 2>&1
st=$?
if [ "$st" -eq 99 ] && grep -q "bad.ini:4: .*timeout" out; then
	pass "a bad value is an error naming FILE:LINE (99)"
else
	fail "a bad value is an error naming FILE:LINE (99)" "status $st" "$(cat out)"
fi
printf '[a]\nimage = exit-zero.bin\n[b]\nimage = nope.bin\n' >bad2.ini
"$BOOTCHECK" check bad2.ini >out 2>&1
st=$?
if [ "$st" -eq 99 ] && grep -q "bad2.ini:4: .*nope.bin" out; then
	pass "a missing image is an error naming FILE:LINE (99)"
else
	fail "a missing image is an error naming FILE:LINE (99)" "status $st" "$(cat out)"
fi

# 7. --shard: every test exactly once over all shards
for i in 1 2 3; do "$BOOTCHECK" check --list --shard "$i/3"; done | cut -f1 | sort >sharded
"$BOOTCHECK" check --list | cut -f1 | sort >all
if cmp -s sharded all && [ "$(wc -l <all)" -eq 4 ]; then
	pass "--shard 1/3..3/3 lists every test exactly once"
else
	fail "--shard 1/3..3/3 lists every test exactly once" "$(tr '\n' ' ' <sharded)"
fi
"$BOOTCHECK" check --shard 2/3 >out 2>&1
st=$?
n2=$(grep -c '^PASS' out)
if [ "$st" -eq 0 ] && [ "$n2" -eq "$("$BOOTCHECK" check --list --shard 2/3 | wc -l)" ]; then
	pass "--shard 2/3 runs exactly the tests it lists"
else
	fail "--shard 2/3 runs exactly the tests it lists" "$(cat out)"
fi
"$BOOTCHECK" check --group screen --list | cut -f1 >g
if [ "$(cat g)" = text ]; then
	pass "--group selects by group"
else
	fail "--group selects by group" "$(cat g)"
fi

# 8. --tap through Automake's TAP driver, with one failure
# 3b. two runs in one directory at once never see each other's captures
false_failures=0
for _ in $(seq 20); do
	"$BOOTCHECK" check -j2 >par1.out 2>&1 &
	p1=$!
	"$BOOTCHECK" check -j2 >par2.out 2>&1
	st2=$?
	wait "$p1"
	st1=$?
	[ "$st1" -eq 0 ] && [ "$st2" -eq 0 ] || false_failures=$((false_failures + 1))
done
if [ "$false_failures" -eq 0 ] && [ ! -d bootcheck-out ]; then
	pass "two check runs at once in one directory, 20 rounds: no false failure, nothing left"
else
	fail "two check runs at once in one directory" "$false_failures rounds failed" "$(cat par1.out par2.out)"
fi

printf 'X' >expected/halt.debugcon # the guest writes 'H'
if [ -n "$TAP_DRIVER" ]; then
	# as Automake's manual has it: the driver runs the test program itself
	# and takes a non-zero status for an error of the program's own
	"$BOOTCHECK" check --tap >tap.out 2>&1
	st=$?
	"$TAP_DRIVER" --test-name demo --log-file tap.log --trs-file tap.trs \
		--color-tests no --enable-hard-errors yes --expect-failure no -- \
		"$BOOTCHECK" check --tap >driver.out 2>&1
	if [ "$st" -eq 0 ] && head -n 1 tap.out | grep -q "^TAP version 14$" && grep -q "^not ok 2 - halt" tap.out &&
		grep -q "^:test-result: FAIL" tap.trs && [ "$(grep -c '^:test-result: PASS' tap.trs)" -eq 3 ] &&
		[ "$(grep -c '^:test-result:' tap.trs)" -eq 4 ] && grep -q "^:global-test-result: FAIL" tap.trs &&
		! grep -q "ERROR" tap.trs driver.out; then
		pass "--tap under Automake's tap-driver.sh: exactly 3 PASS and 1 FAIL, no ERROR for the exit status"
	else
		fail "--tap under Automake's tap-driver.sh" "status $st" "$(cat tap.trs driver.out)"
	fi
	BOOTCHECK_KVM_DEVICE="$work/no-kvm" "$TAP_DRIVER" --test-name nokvm --log-file nokvm.log \
		--trs-file nokvm.trs --color-tests no --enable-hard-errors yes --expect-failure no -- \
		"$BOOTCHECK" check --tap >nokvm.out 2>&1
	BOOTCHECK_KVM_DEVICE="$work/no-kvm" "$BOOTCHECK" check --tap --require-kvm >nokvm-req.out 2>/dev/null
	st=$?
	if grep -q "^1..0 # SKIP $work/no-kvm: no KVM on this machine" nokvm.log &&
		[ "$(grep -c '^:test-result:' nokvm.trs)" -eq 1 ] && grep -q "^:test-result: SKIP" nokvm.trs &&
		grep -q "^:global-test-result: SKIP" nokvm.trs && ! grep -q "ERROR" nokvm.trs nokvm.out &&
		[ "$st" -eq 99 ] && grep -q "^Bail out! .*no KVM on this machine.*(--require-kvm)$" nokvm-req.out; then
		pass "--tap without KVM: 1..0 # SKIP, one SKIP under tap-driver.sh; with --require-kvm: Bail out!, 99"
	else
		fail "--tap without KVM" "status $st" "$(cat nokvm.trs nokvm.out nokvm.log nokvm-req.out)"
	fi
else
	skip "--tap through tap-driver.sh" "automake not installed"
fi

# 10. selecting no test is an error, not a green "0 passed, 0 failed"
"$BOOTCHECK" check --filter 'no-such-*' >out 2>&1
st=$?
printf '; nothing\n' >empty.ini
"$BOOTCHECK" check empty.ini >out2 2>&1
st2=$?
if [ "$st" -eq 2 ] && grep -q "no test selected" out && [ "$st2" -eq 2 ] &&
	grep -q "no test selected" out2; then
	pass "a --filter that matches nothing, and an empty manifest, exit 2"
else
	fail "selecting no test is an error" "status $st / $st2" "$(cat out out2)"
fi

# 11. --update replaces a symlinked golden and never writes through it
mkdir -p outside
victim=$PWD/outside/victim
printf 'do not touch\n' >"$victim"
rm -f expected/zero.exit
ln -s "$victim" expected/zero.exit
env -u CI "$BOOTCHECK" check --update --filter zero >out 2>&1
st=$?
if [ "$st" -eq 0 ] && [ "$(cat "$victim")" = "do not touch" ] && [ ! -L expected/zero.exit ] &&
	[ "$(cat expected/zero.exit)" = "debug-exit 0" ] && ! compgen -G 'expected/*tmp*' >/dev/null; then
	pass "--update replaces a symlinked golden, the file it pointed to untouched"
else
	fail "--update and a symlinked golden" "status $st" "victim: $(cat "$victim")" \
		"$(ls -l expected/zero.exit)"
fi
rm -f "$victim"

# 12. SIGTERM to the runner stops every run it started and says so
cp "$GUESTS/forever.bin" sigterm-forever.bin
cat >sigterm.ini <<'INI'
[defaults]
mode = direct
timeout = 60

[forever-1]
image = sigterm-forever.bin

[forever-2]
image = sigterm-forever.bin
INI
"$BOOTCHECK" check -j2 --artifacts sigterm-out sigterm.ini >out 2>&1 &
runner=$!
# the runner and its two workers, each in its forever guest
for _ in $(seq 50); do
	[ "$(pgrep -c -f 'sigterm.ini')" -ge 3 ] && break
	sleep 0.1
done
sleep 0.3
kill -TERM "$runner"
wait "$runner"
st=$?
sleep 0.2
if [ "$st" -eq 143 ] && ! pgrep -f 'sigterm.ini' >/dev/null &&
	grep -q "interrupted by Terminated" out && grep -q "^0 passed, 0 failed$" out; then
	pass "SIGTERM: the runner stops its runs, prints the summary so far, exits 143"
else
	fail "SIGTERM: the runner stops its runs and exits 143" "status $st" \
		"left: $(pgrep -a -f 'sigterm.ini')" "$(cat out)"
	pkill -KILL -f 'sigterm.ini'
fi

# 9. --junit writes well-formed XML with the failure
"$BOOTCHECK" check --junit junit.xml >/dev/null 2>&1
if xmllint --noout junit.xml 2>/dev/null &&
	[ "$(xmllint --xpath 'count(//testsuite)' junit.xml)" = 1 ] &&
	[ "$(xmllint --xpath 'count(//testcase[@classname and @name])' junit.xml)" = 4 ] &&
	[ "$(xmllint --xpath 'count(//testcase[@name="halt"]/failure)' junit.xml)" = 1 ] &&
	[ "$(xmllint --xpath 'string(//testsuite/@tests)' junit.xml)" = 4 ] &&
	[ "$(xmllint --xpath 'string(//testsuite/@failures)' junit.xml)" = 1 ] &&
	[ "$(xmllint --xpath 'string(//testsuite/@errors)' junit.xml)" = 0 ] &&
	[ "$(xmllint --xpath 'string(//testsuite/@skipped)' junit.xml)" = 0 ]; then
	pass "--junit: well-formed, one testsuite (tests 4, failures 1, errors 0, skipped 0), 4 testcases, the failure on 'halt'"
else
	fail "--junit: well-formed, one testsuite, 4 testcases, the failure on 'halt'" "$(head -c 600 junit.xml)"
fi
# the suite named after the manifest, classnames after the first group, captures in system-out
cp bootcheck.ini demo.ini
"$BOOTCHECK" check --junit junit-demo.xml demo.ini >/dev/null 2>&1
x() { xmllint --xpath "$1" "$2" 2>/dev/null; }
if [ "$(x 'string(//testsuite/@name)' junit.xml)" = bootcheck ] &&
	[ "$(x 'string(//testsuite/@name)' junit-demo.xml)" = demo ] &&
	[ "$(x 'string(//testcase[@name="zero"]/@classname)' junit-demo.xml)" = exit ] &&
	[ "$(x 'string(//testcase[@name="text"]/@classname)' junit-demo.xml)" = screen ] &&
	[ "$(x 'string(//testcase[@name="hello"]/@classname)' junit-demo.xml)" = demo ] &&
	[ "$(x 'count(//testcase/system-out)' junit-demo.xml)" = 4 ] &&
	x 'string(//testcase[@name="zero"]/system-out)' junit-demo.xml | grep -qx 'exit: debug-exit 0' &&
	x 'string(//testcase[@name="halt"]/system-out)' junit-demo.xml | grep -qx 'exit: hlt' &&
	x 'string(//testcase[@name="halt"]/system-out)' junit-demo.xml | grep -qx -- '--- debugcon (1 byte) ---' &&
	x 'string(//testcase[@name="text"]/system-out)' junit-demo.xml | grep -qx '00|bootcheck: text written straight to 0xb8000' &&
	x 'string(//testcase[@name="hello"]/system-out)' junit-demo.xml | grep -qx 'Hello'; then
	pass "--junit: suite named after the manifest (demo.ini: demo), classname the first group (or the suite), captures in system-out"
else
	fail "--junit: suite, classnames, system-out" "$(head -c 1200 junit-demo.xml)"
fi
# --junit's directory is checked before any guest runs: a directory as FILE, or one no file can be made in
mkdir -p junit-dir
"$BOOTCHECK" check --junit junit-dir >out 2>&1
st=$?
"$BOOTCHECK" check --junit reports/ >out2 2>&1
st2=$?
"$BOOTCHECK" check --junit /sys/bootcheck-junit.xml >out3 2>&1
st3=$?
if [ "$st" -eq 2 ] && grep -qx "bootcheck check: --junit: junit-dir: is a directory, not the file to write" out &&
	[ "$st2" -eq 2 ] && grep -q "^bootcheck check: --junit: 'reports/' names a directory" out2 &&
	[ "$st3" -eq 2 ] && grep -q "^bootcheck check: --junit: /sys: cannot create files there: " out3 &&
	! grep -q "passed" out out2 out3 && [ ! -e /sys/bootcheck-junit.xml ]; then
	pass "--junit: a directory as FILE, or a directory where no file can be made: usage error (2), no guest run"
else
	fail "--junit directory checks" "status $st / $st2 / $st3" "$(cat out out2 out3)"
fi

# which shard a name lands in is pinned: the hash must not change between versions
# (FNV-1a of the name, modulo N): users split CI jobs by it
SHARD_1_OF_3="halt hello "
SHARD_2_OF_3="text zero "
pins=$("$BOOTCHECK" check --list --shard 1/3 | cut -f1 | sort | tr '\n' ' ')
pins2=$("$BOOTCHECK" check --list --shard 2/3 | cut -f1 | sort | tr '\n' ' ')
if [ "$pins" = "$SHARD_1_OF_3" ] && [ "$pins2" = "$SHARD_2_OF_3" ]; then
	pass "--shard 1/3 holds exactly: $pins; 2/3: $pins2"
else
	fail "--shard 1/3 (the hash changed?)" "got: $pins" "want: $SHARD_1_OF_3"
fi

# the progress line on a terminal: at most ten redraws a second; none with TERM=dumb or under CI
for i in $(seq 1 40); do printf '[p%02d]\nimage = exit-zero.bin\n' "$i"; done >progress.ini
printf '[defaults]\nmode = direct\n' | cat - progress.ini >progress2.ini && mv progress2.ini progress.ini
env -u CI "$BOOTCHECK" check --update progress.ini >/dev/null 2>&1
t0=$(date +%s.%N)
env -u CI TERM=xterm script -qec "$BOOTCHECK check -j1 progress.ini" /dev/null >tty.out 2>&1
t1=$(date +%s.%N)
redraws=$(grep -o $'\r\[' tty.out | wc -l)
env -u CI TERM=dumb script -qec "$BOOTCHECK check -j1 progress.ini" /dev/null >dumb.out 2>&1
CI=true TERM=xterm script -qec "$BOOTCHECK check -j1 progress.ini" /dev/null >ci.out 2>&1
limit=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", (b - a) * 10 + 2 }')
if [ "$redraws" -ge 1 ] && [ "$redraws" -le "$limit" ] && ! grep -q $'\r\[' dumb.out && ! grep -q $'\r\[' ci.out; then
	pass "the progress line: $redraws redraws (at most $limit at ten a second), none with TERM=dumb or CI"
else
	fail "the progress line" "$redraws redraws, limit $limit" "$(grep -c $'\r\[' dumb.out ci.out)"
fi

# -x: after the first failure nothing more starts; the failures are named again above the summary
printf '[defaults]\nmode = direct\n[a]\nimage = exit-zero.bin\n[b]\nimage = cli-hlt.bin\n[c]\nimage = exit-zero.bin\n[d]\nimage = exit-zero.bin\n' >x.ini
env -u CI "$BOOTCHECK" check --update x.ini >/dev/null 2>&1
printf 'debug-exit 7\n' >expected/b.exit
"$BOOTCHECK" check -j1 -x x.ini >out 2>&1
st=$?
if [ "$st" -eq 1 ] && grep -q '^PASS  a' out && grep -q '^FAIL  b' out && grep -q '^SKIP  c' out &&
	grep -q 'not run: an earlier test failed (-x)' out && grep -qx 'failed: b' out &&
	grep -q '^time: [0-9.]* s$' out && tail -n 1 out | grep -qx '1 passed, 1 failed, 2 skipped'; then
	pass "-x: after b fails, c and d are not run (SKIP); 'failed: b' and the time above the summary"
else
	fail "-x and the recap" "status $st" "$(cat out)"
fi

# --update blesses no timeout unless asked (--accept-timeouts), or unless the test's exit golden
# says timeout already; never an ERROR (an `error:` exit: code fetched from where there is no RAM)
printf 'bits 16\norg 0x7c00\n\tjmp 0xffff:0x0010\n' >mmio-exec.asm
nasm -f bin -o mmio-exec.bin mmio-exec.asm
cp "$GUESTS/forever.bin" upd-forever.bin
cat >upd.ini <<'INI'
[defaults]
mode = direct

[slow]
image = upd-forever.bin
timeout = 0.3
max-output = 64

[broken]
image = mmio-exec.bin
mem = 1M

[fine]
image = exit-zero.bin
INI
upd() { env -u CI "$BOOTCHECK" check --expected upd-exp --artifacts upd-out "$@" upd.ini; }
upd --update >out 2>&1
st=$?
if [ "$st" -eq 1 ] && grep -q "^FAIL  slow (.*exit: timeout)" out &&
	grep -q "goldens not written: the run timed out (after 0.3 s)" out &&
	grep -q -- "run bootcheck check --update --accept-timeouts --filter slow" out && [ ! -e upd-exp/slow.exit ] &&
	grep -q "^ERROR broken (.*exit: error: KVM internal error" out &&
	grep -q "goldens not written: an ERROR" out && [ ! -e upd-exp/broken.exit ] &&
	grep -q "^UPDATED fine" out && [ -f upd-exp/fine.exit ]; then
	pass "--update: a timeout and an error: result are not written, each said why (and how to accept a timeout); exit 1"
else
	fail "--update refuses timeouts and errors" "status $st" "$(cat out)" "$(ls upd-exp)"
fi
upd --update --accept-timeouts >out 2>&1
st=$?
upd --update --filter slow >out2 2>&1
st2=$?
upd --accept-timeouts >out3 2>&1
st3=$?
if [ "$st" -eq 1 ] && grep -q "created upd-exp/slow.exit" out && [ "$(cat upd-exp/slow.exit)" = timeout ] &&
	[ ! -e upd-exp/broken.exit ] && grep -q "goldens not written: an ERROR" out &&
	[ "$st2" -eq 0 ] && grep -qE "^(SAME|UPDATED) +slow" out2 &&
	[ "$st3" -eq 2 ] && grep -q "^bootcheck check: --accept-timeouts is for --update" out3; then
	pass "--update --accept-timeouts writes the timeout (never the ERROR); later --update keeps a timeout golden; alone: usage error"
else
	fail "--update --accept-timeouts" "status $st / $st2 / $st3" "$(cat out out2 out3)"
fi

# goldens of tests the manifest no longer has: --update lists them, a check notes them,
# --update --prune removes them (files and symlinks named as goldens; nothing else, nothing outside)
printf 'hlt\n' >upd-exp/gone.exit && printf 'x\n' >upd-exp/gone.screen
printf 'do not touch\n' >outside/victim2 && ln -s ../outside/victim2 upd-exp/link.serial
printf 'notes\n' >upd-exp/README.md && mkdir -p upd-exp/old.exit && printf 'x\n' >upd-exp/old.exit/inside
upd --update --filter fine >out 2>&1
st=$?
upd --filter fine >out2 2>&1
st2=$?
upd --prune --filter fine >out3 2>&1
st3=$?
if [ "$st" -eq 0 ] && grep -q "^goldens of tests upd.ini no longer has (--update --prune removes them):$" out &&
	[ "$(grep -c '^  upd-exp/' out)" -eq 3 ] && grep -qx "  upd-exp/gone.exit" out && grep -qx "  upd-exp/link.serial" out &&
	[ -f upd-exp/gone.exit ] && [ -L upd-exp/link.serial ] &&
	[ "$st2" -eq 0 ] && grep -q "^note: upd-exp/ holds 3 goldens of tests upd.ini no longer has" out2 &&
	[ "$st3" -eq 2 ] && grep -q "^bootcheck check: --prune is for --update" out3; then
	pass "goldens of tests no longer in the manifest: --update lists them, a check notes them, --prune alone: usage error"
else
	fail "stale goldens listed" "status $st / $st2 / $st3" "$(cat out out2 out3)"
fi
upd --update --prune --filter fine >out 2>&1
st=$?
upd --filter fine >out2 2>&1
if [ "$st" -eq 0 ] && grep -qx "removed upd-exp/gone.exit" out && grep -qx "removed upd-exp/gone.screen" out &&
	grep -qx "removed upd-exp/link.serial" out && [ ! -e upd-exp/gone.exit ] && [ ! -L upd-exp/link.serial ] &&
	[ "$(cat outside/victim2)" = "do not touch" ] && [ -f upd-exp/README.md ] && [ -f upd-exp/old.exit/inside ] &&
	[ -f upd-exp/fine.exit ] && [ -f upd-exp/slow.exit ] && ! grep -q "^note:" out2; then
	pass "--update --prune removes them and says so; a symlink's target, other files, directories and live goldens stay"
else
	fail "--update --prune" "status $st" "$(cat out)" "$(ls -l upd-exp outside)"
fi

# an image that changes while check runs: an ERROR, neither compared nor blessed
mkdir -p touched/expected && cp "$GUESTS/forever.bin" touched/spin.bin
printf '[spin]\nimage = spin.bin\nmode = direct\ntimeout = 2\nmax-output = 4K\ncompare = exit\n' >touched/t.ini
printf 'timeout\n' >touched/expected/spin.exit
"$BOOTCHECK" check touched/t.ini >out 2>&1
st=$?
"$BOOTCHECK" check touched/t.ini >out2 2>&1 &
checker=$!
sleep 0.5
touch touched/spin.bin
wait "$checker"
st2=$?
env -u CI "$BOOTCHECK" check --update --accept-timeouts touched/t.ini >out3 2>&1 &
checker=$!
sleep 0.5
printf 'x' >>touched/spin.bin
wait "$checker"
st3=$?
if [ "$st" -eq 0 ] && [ "$st2" -eq 1 ] && grep -q "^ERROR spin" out2 &&
	grep -q "the image touched/spin.bin changed while bootcheck check ran (9 bytes then, 9 now): bootcheck never writes an image" out2 &&
	[ "$st3" -eq 1 ] && grep -q "^ERROR spin" out3 && [ "$(cat touched/expected/spin.exit)" = timeout ] &&
	[ ! -e touched/expected/spin.screen ]; then
	pass "an image changed while check runs: ERROR naming it, goldens neither compared nor written"
else
	fail "an image changed while check runs" "status $st / $st2 / $st3" "$(cat out out2 out3)"
fi
# ... and so is a second disk (hdd =) that changes: every image the test reads is watched
printf 'data' >touched/second.img
printf '[spin2]\nimage = spin.bin\nhdd = second.img\nmode = direct\ntimeout = 2\nmax-output = 4K\ncompare = exit\n' >touched/t2.ini
printf 'timeout\n' >touched/expected/spin2.exit
"$BOOTCHECK" check touched/t2.ini >out 2>&1
st=$?
"$BOOTCHECK" check touched/t2.ini >out2 2>&1 &
checker=$!
sleep 0.5
printf 'x' >>touched/second.img
wait "$checker"
st2=$?
if [ "$st" -eq 0 ] && [ "$st2" -eq 1 ] && grep -q "^ERROR spin2" out2 &&
	grep -q "the image touched/second.img changed while bootcheck check ran (4 bytes then, 5 now)" out2 &&
	! grep -q "touched/spin.bin changed" out2; then
	pass "a second disk (hdd =) changed while check runs: ERROR naming it"
else
	fail "a second disk (hdd =) changed while check runs" "status $st / $st2" "$(cat out out2)"
fi

summary
