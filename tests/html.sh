#!/usr/bin/env bash
# html.sh - check --html DIR, looked at in a real browser (Debian's chromium,
# headless): a suite with a passing test, a colour change and a changed
# mode 13h picture; the page must render with every test's name and status,
# the summary, and every picture loaded (the page counts them once loaded);
# a screenshot of it is kept in ARTIFACTS (default build/artifacts).
# Needs BOOTCHECK in the environment.
set -u
cd "$(dirname "$0")/.." || exit 99
# shellcheck source=tests/lib.sh
. tests/lib.sh

: "${BOOTCHECK:?set BOOTCHECK to the bootcheck binary}"
: "${ARTIFACTS:=build/artifacts}"
BOOTCHECK=$(realpath "$BOOTCHECK")
mkdir -p "$ARTIFACTS" && ARTIFACTS=$(realpath "$ARTIFACTS")
M13=$(realpath tests/guests/mode13-pixel.asm)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v chromium >/dev/null || { echo "html.sh: chromium missing (run ci/install-deps)" >&2; exit 99; }
if ! have_kvm; then
	skip "html" "no usable /dev/kvm"
	summary
fi
cd "$work" || exit 99
cat >text.asm <<'ASM'
bits 16
org 0x7c00
	push 0xb800
	pop es
	xor di, di
	mov si, msg
	mov ah, ATTR
.next:	cs lodsb
	test al, al
	jz .done
	stosw
	jmp .next
.done:	cli
	hlt
msg:	db "a line in colour", 0
ASM
nasm -f bin -o same.bin -DATTR=0x1f text.asm
nasm -f bin -o colour.bin -DATTR=0x1f text.asm
nasm -f bin -o pic.bin -DFILL=2 -DX=160 -DY=100 -DPIXEL=2 "$M13"
cat >bootcheck.ini <<'INI'
[passes]
image = same.bin
mode = direct

[colour]
image = colour.bin
mode = direct

[picture]
image = pic.bin
INI
env -u CI "$BOOTCHECK" check --update >/dev/null 2>&1
nasm -f bin -o colour.bin -DATTR=0x4e text.asm
nasm -f bin -o pic.bin -DFILL=2 -DX=160 -DY=100 -DPIXEL=14 "$M13"
"$BOOTCHECK" check --html report >out 2>&1
st=$?
if [ "$st" -eq 1 ] && [ -f report/index.html ] && grep -q '^1 passed, 2 failed' out; then
	pass "check --html: the report written, the run fails as it should (1 passed, 2 failed)"
else
	fail "check --html" "status $st" "$(cat out)"
fi

dom=$(timeout 60 chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=5000 \
	--dump-dom "file://$work/report/index.html" 2>/dev/null)
loaded=$(sed -n 's/.*data-images="\([0-9]*\)\/\([0-9]*\)".*/\1 \2/p' <<<"$dom")
read -r got total <<<"${loaded:-0 0}"
if [ "$total" -ge 7 ] && [ "$got" -eq "$total" ]; then
	pass "chromium: every picture of the report loaded ($got of $total)"
else
	fail "chromium: pictures loaded" "$got of $total" "$(head -c 600 <<<"$dom")"
fi
if grep -q '<p id="summary">1 passed, 2 failed' <<<"$dom" &&
	grep -q 'data-status="PASS"><td><a href="#t0">passes</a>' <<<"$dom" &&
	grep -qF 'data-status="FAIL"><td><a href="#t1">colour</a>' <<<"$dom" &&
	grep -qF 'attribute: background&lt;&lt;4 | foreground' <<<"$dom" &&
	grep -q 'data-status="FAIL"><td><a href="#t2">picture</a>' <<<"$dom" &&
	grep -q 'row 0, columns 0-15: 1f -&gt; 4e' <<<"$dom" &&
	grep -q 'picture differs from golden expected/picture.png: 1 of 64000 pixels' <<<"$dom"; then
	pass "chromium: the page shows the summary, every test and status, and the reports (escaped)"
else
	fail "chromium: the page's content" "" "$(head -c 1500 <<<"$dom")"
fi
if timeout 60 chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=5000 \
	--window-size=1400,2200 --screenshot="$ARTIFACTS/html-report.png" \
	"file://$work/report/index.html" >/dev/null 2>&1 && [ -s "$ARTIFACTS/html-report.png" ]; then
	pass "chromium: a screenshot of the report kept as $ARTIFACTS/html-report.png"
else
	fail "chromium: the screenshot" "" ""
fi
summary
