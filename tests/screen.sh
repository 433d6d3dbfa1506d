#!/usr/bin/env bash
# screen.sh - what a screen golden holds besides the characters: a change of
# colour only, or of the cursor only, fails its test with a report that
# says where and from what to what; `compare = exit, screen` ignores both;
# a bad `compare` is refused; --png writes text and graphics screens and
# refuses a planar mode.  The guests are made here: the same text
# with attribute ATTR and the hardware cursor at CURSOR (a cell offset).
# Needs BOOTCHECK and GUESTS in the environment.
set -u
cd "$(dirname "$0")/.." || exit 99
# shellcheck source=tests/lib.sh
. tests/lib.sh

: "${BOOTCHECK:?set BOOTCHECK to the bootcheck binary}"
BOOTCHECK=$(realpath "$BOOTCHECK")
M13=$(realpath tests/guests/mode13-pixel.asm)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! have_kvm; then
	skip "screen" "no usable /dev/kvm"
	summary
fi
cd "$work" || exit 99
cat >guest.asm <<'ASM'
bits 16
org 0x7c00
	mov ax, 0xb800
	mov es, ax
	xor di, di
	mov si, text
	mov ah, ATTR
.next:	cs lodsb
	test al, al
	jz .done
	stosw
	jmp .next
.done:	mov dx, 0x3d4
	mov ax, ((CURSOR >> 8) << 8) | 0x0e
	out dx, ax
	mov ax, ((CURSOR & 0xff) << 8) | 0x0f
	out dx, ax
	cli
	hlt
text:	db "colours and cursor", 0
ASM
make_guest() { # make_guest OUT ATTR CURSOR
	nasm -f bin -o "$1" -DATTR="$2" -DCURSOR="$3" guest.asm
}
make_guest a.bin 0x1f 80
make_guest colour.bin 0x4e 80
make_guest cursor.bin 0x1f 85
manifest() { # manifest IMAGE [COMPARE]
	printf '[defaults]\nmode = direct\n\n[t]\nimage = %s\n' "$1"
	[ -z "${2:-}" ] || printf 'compare = %s\n' "$2"
}
manifest a.bin >bootcheck.ini
env -u CI "$BOOTCHECK" check --update >/dev/null 2>&1
if [ -f expected/t.colors ] && [ -f expected/t.cursor ] &&
	grep -qx '00|1f\*18 00\*62' expected/t.colors && grep -qx 'row 1, column 0, scan lines 13-14' expected/t.cursor; then
	pass "--update writes the colors and cursor goldens"
else
	fail "colors and cursor goldens" "" "$(cat expected/t.colors expected/t.cursor 2>&1 | head -n 5)"
fi

manifest colour.bin >bootcheck.ini
"$BOOTCHECK" check >out 2>&1
st=$?
if [ "$st" -eq 1 ] && grep -q 'colors differ from golden expected/t.colors' out &&
	grep -q 'row 0, columns 0-17: 1f -> 4e' out && ! grep -q 'screen differs' out; then
	pass "a colour-only change fails: 'row 0, columns 0-17: 1f -> 4e'"
else
	fail "a colour-only change" "status $st" "$(cat out)"
fi

manifest cursor.bin >bootcheck.ini
"$BOOTCHECK" check >out 2>&1
st=$?
if [ "$st" -eq 1 ] && grep -q 'cursor differs from golden expected/t.cursor' out &&
	grep -q '^ *+row 1, column 5, scan lines 13-14' out && ! grep -q 'colors differ' out; then
	pass "a cursor-only change fails, the diff shows the new position"
else
	fail "a cursor-only change" "status $st" "$(cat out)"
fi

for img in colour.bin cursor.bin; do
	manifest "$img" "exit, screen" >bootcheck.ini
	if "$BOOTCHECK" check >out 2>&1; then
		pass "compare = exit, screen ignores the change in $img"
	else
		fail "compare = exit, screen with $img" "" "$(cat out)"
	fi
done

# --- a picture: mode 13h, one pixel changed ------------------------------------
nasm -f bin -o m13a.bin -DFILL=1 -DX=10 -DY=20 -DPIXEL=1 "$M13"
nasm -f bin -o m13b.bin -DFILL=1 -DX=10 -DY=20 -DPIXEL=4 "$M13"
printf '[g]\nimage = m13a.bin\n' >bootcheck.ini
env -u CI "$BOOTCHECK" check --update >/dev/null 2>&1
if [ -f expected/g.png ] && [ "$(cat expected/g.screen)" = "graphics 320x200, 256 colours" ] &&
	[ ! -f expected/g.colors ] && [ "$(cat expected/g.cursor)" = "none: graphics mode" ]; then
	pass "mode 13h: the golden is g.png; the screen golden names the mode"
else
	fail "mode 13h goldens" "" "$(ls expected; cat expected/g.screen)"
fi
printf '[g]\nimage = m13b.bin\n' >bootcheck.ini
"$BOOTCHECK" check >out 2>&1
st=$?
if [ "$st" -eq 1 ] && grep -q 'picture differs from golden expected/g.png: 1 of 64000 pixels; the first at x 10, y 20: #0000a8 in the golden' out &&
	[ -f bootcheck-out/g/diff.png ] && [ -f bootcheck-out/g/screen.png ]; then
	pass "one pixel changed fails: where, which colour, and a difference image"
else
	fail "one pixel changed" "status $st" "$(cat out; ls bootcheck-out/g 2>&1)"
fi
printf '[g]\nimage = m13b.bin\ncompare = exit, screen\n' >bootcheck.ini
if "$BOOTCHECK" check >out 2>&1; then
	pass "compare = exit, screen ignores the picture"
else
	fail "compare = exit, screen with a picture" "" "$(cat out)"
fi

# --- --png: the screen as the guest showed it ----------------------------------
png_size() { # png_size FILE - "WIDTHxHEIGHT" from the PNG header
	od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d", $3 * 256 + $4, $7 * 256 + $8 }'
}
if "$BOOTCHECK" run --mode direct --png text.png a.bin >/dev/null && [ "$(png_size text.png)" = 720x400 ]; then
	pass "--png in direct mode: the text drawn at 720x400 with the VGA BIOS file's font"
else
	fail "--png, direct text" "" "$(png_size text.png 2>&1)"
fi
if "$BOOTCHECK" run --png g.png m13a.bin >/dev/null && [ "$(png_size g.png)" = 320x200 ]; then
	pass "--png in mode 13h: the picture at 320x200"
else
	fail "--png, mode 13h" "" "$(png_size g.png 2>&1)"
fi
sed 's/0x0013/0x0012/' "$M13" >m12.asm
nasm -f bin -o m12.bin -DFILL=1 -DX=10 -DY=20 -DPIXEL=1 m12.asm
out=$("$BOOTCHECK" run --png p.png m12.bin 2>&1)
st=$?
if [ "$st" -eq 2 ] && grep -q -- '--png: the screen is in graphics 640x480, 16 colours (planar: not captured)' <<<"$out" &&
	grep -q '^--- screen: graphics 640x480, 16 colours (planar: not captured) ---$' <<<"$out" && [ ! -e p.png ]; then
	pass "mode 12h: said to be planar and not captured; --png refused (exit 2)"
else
	fail "mode 12h" "status $st" "$out"
fi

# --- --color ---------------------------------------------------------------------
esc=$'\033'
if "$BOOTCHECK" run --mode direct --color always a.bin | grep -qF "${esc}[0;97;44mcolours and cursor" &&
	! "$BOOTCHECK" run --mode direct --color never a.bin | grep -qF "$esc" &&
	! "$BOOTCHECK" run --mode direct a.bin | grep -qF "$esc"; then
	pass "run --color: always gives the guest's colours, never and a pipe (auto) none"
else
	fail "run --color" "" "$("$BOOTCHECK" run --mode direct --color always a.bin | cat -v | tail -n 3)"
fi
manifest colour.bin >bootcheck.ini
"$BOOTCHECK" check --color always >out 2>&1
if grep -qF "${esc}[31mFAIL ${esc}[0m t" out; then
	pass "check --color always: FAIL in red"
else
	fail "check --color always" "" "$(cat -v out)"
fi
manifest cursor.bin >bootcheck.ini
"$BOOTCHECK" check --color always >out 2>&1
if grep -qF "${esc}[31m-row 1, column 0, scan lines 13-14${esc}[0m" out &&
	grep -qF "${esc}[32m+row 1, column 5, scan lines 13-14${esc}[0m" out; then
	pass "check --color always: a diff's removed lines red, added lines green"
else
	fail "check --color diff" "" "$(cat -v out)"
fi
if ! NO_COLOR=1 "$BOOTCHECK" check >out 2>&1 && ! grep -qF "$esc" out; then
	pass "check in a pipe, or with NO_COLOR: no escapes"
else
	fail "check without colour" "" "$(cat -v out)"
fi

manifest a.bin "exit, colours" >bootcheck.ini
"$BOOTCHECK" check >out 2>&1
st=$?
if [ "$st" -eq 99 ] && grep -q "bootcheck.ini:6: compare: 'colours' is not a channel" out; then
	pass "compare = exit, colours: refused, naming the line"
else
	fail "a bad compare" "status $st" "$(cat out)"
fi
summary
