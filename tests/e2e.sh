#!/usr/bin/env bash
# e2e.sh - end-to-end checks of `bootcheck run` that goldens cannot express:
# exit statuses, image errors, the skip path, JSON, the image file left
# untouched by a hostile guest.  Needs BOOTCHECK and GUESTS in the environment.
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

# expect_status NAME STATUS PATTERN -- CMD... : exit status and a stderr line
expect_status() {
	local name=$1 want=$2 pattern=$3
	shift 4
	"$@" >"$work/out" 2>"$work/err"
	local got=$?
	if [ "$got" -ne "$want" ]; then
		fail "$name" "exit status $got, expected $want" "$(head -n 3 "$work/err")"
	elif [ -n "$pattern" ] && ! grep -q -- "$pattern" "$work/err"; then
		fail "$name" "stderr lacks '$pattern':" "$(head -n 3 "$work/err")"
	else
		pass "$name"
	fi
}

# json_error NAME STATUS PATTERN -- CMD... : with --json a failure is exactly one
# JSON object on stdout, {"exit": null, "status": STATUS, "error": "...PATTERN..."},
# so `CMD | jq -e .exit` fails; the error line is on stderr as well
json_error() {
	local name=$1 want=$2 pattern=$3
	shift 4
	"$@" >"$work/jout" 2>"$work/jerr"
	local got=$?
	if [ "$got" -eq "$want" ] && [ "$(jq -s length "$work/jout" 2>/dev/null)" = 1 ] &&
		jq -e --argjson st "$want" --arg p "$pattern" \
			'.exit == null and .status == $st and (.error | type == "string" and contains($p))' \
			"$work/jout" >/dev/null &&
		! "$@" 2>/dev/null | jq -e .exit >/dev/null && grep -q -- "$pattern" "$work/jerr"; then
		pass "$name"
	else
		fail "$name" "exit status $got, expected $want; stdout:" "$(head -c 300 "$work/jout")" \
			"stderr: $(head -n 2 "$work/jerr")"
	fi
}

# kvm_advice_fits NAME NODE : the last run's stderr (exit 99) says what fits
# this machine when NODE may not be opened: NODE's mode and owner as ls shows
# them, and the kvm group only where the machine has one (else a udev rule)
kvm_advice_fits() {
	local name=$1 node=$2 says not=() s
	says=("$(stat -c '%A %U:%G' "$node")")
	if getent group kvm >/dev/null; then
		says+=("kvm group")
	else
		says+=("no kvm group" 'KERNEL=="kvm", MODE="0666"' "chmod 0666 $node")
		not=(usermod 'GROUP=')
	fi
	for s in "${says[@]}"; do
		grep -qF -- "$s" "$work/err" || { fail "$name" "stderr lacks '$s':" "$(cat "$work/err")"; return; }
	done
	for s in "${not[@]}"; do
		! grep -qF -- "$s" "$work/err" || { fail "$name" "stderr says '$s':" "$(cat "$work/err")"; return; }
	done
	pass "$name"
}

# --- checks that need no KVM -----------------------------------------------
expect_status "run --help" 0 "" -- "$BOOTCHECK" run --help
for flag in --mode --load --entry --cpu --mem --timeout --console-port --exit-port \
	--max-output --out --json --trace --bios --vgabios --drive --idle --stop-at --no-cache --verbose \
	--format --exit-status --exit-status-from-guest --hdd --floppy --boot; do
	grep -q -- "$flag" "$work/out" || fail "run --help documents $flag"
done
expect_status "usage: no image" 2 "no image given" -- "$BOOTCHECK" run
expect_status "usage: unknown option" 2 "unknown option '--bogus'" -- "$BOOTCHECK" run --bogus x
expect_status "usage: bad --cpu" 2 "--cpu: 'vm86'" -- "$BOOTCHECK" run --cpu vm86 x
expect_status "usage: bad --mem" 2 "--mem:" -- "$BOOTCHECK" run --mem 4T x
expect_status "usage: bad --stop-at" 2 "--stop-at: '0'" -- "$BOOTCHECK" run --stop-at 0 x
expect_status "usage: a fifth --hdd" 2 "--hdd: at most 4 hard disks" -- \
	"$BOOTCHECK" run --hdd a --hdd b --hdd c --hdd d --hdd e
expect_status "usage: IMAGE and four --hdd" 2 "at most 4 hard disks, IMAGE among them" -- \
	"$BOOTCHECK" run x --hdd a --hdd b --hdd c --hdd d
expect_status "usage: a third --floppy" 2 "--floppy: at most 2 floppy drives" -- \
	"$BOOTCHECK" run --floppy a --floppy b --floppy c
expect_status "usage: --boot floppy without one" 2 "--boot floppy: no floppy given" -- \
	"$BOOTCHECK" run --boot floppy x
expect_status "usage: unknown command" 2 "unknown command" -- "$BOOTCHECK" frobnicate
: >"$work/empty.img"
mkdir "$work/dir.img"
expect_status "image: missing" 2 "No such file or directory" -- "$BOOTCHECK" run "$work/nope.img"
expect_status "image: empty" 2 "empty file" -- "$BOOTCHECK" run "$work/empty.img"
expect_status "image: directory" 2 "is a directory" -- "$BOOTCHECK" run "$work/dir.img"
# as an ordinary user: root reads any file and opens /dev/kvm whatever its mode
as_user=()
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	chmod 755 "$work"
	# a checkout inside a private directory is out of that user's reach
	"${as_user[@]}" test -x "$BOOTCHECK" || as_user=()
fi
cp "$GUESTS/cli-hlt.bin" "$work/secret.img" && chmod 000 "$work/secret.img"
cp "$GUESTS/cli-hlt.bin" "$work/open.img" && chmod 644 "$work/open.img"
if [ "$(id -u)" -ne 0 ] || [ "${#as_user[@]}" -gt 0 ]; then
	expect_status "image: unreadable" 2 "Permission denied" -- \
		"${as_user[@]}" "$BOOTCHECK" run "$work/secret.img"
	if [ -e /dev/kvm ] && ! "${as_user[@]}" test -w /dev/kvm; then
		expect_status "/dev/kvm not accessible: exit 99" 99 "/dev/kvm: permission denied" -- \
			"${as_user[@]}" "$BOOTCHECK" run --mode direct "$work/open.img"
		kvm_advice_fits "/dev/kvm not accessible: the advice fits this machine" /dev/kvm
	else
		skip "/dev/kvm not accessible" "this user can open /dev/kvm"
	fi
	# the same for a KVM node of root's alone, whatever /dev/kvm's mode here
	if [ "${#as_user[@]}" -gt 0 ] && mknod -m 0600 "$work/kvm-root-only" c 10 232 2>/dev/null; then
		expect_status "a KVM node of root's alone: exit 99" 99 "permission denied" -- \
			"${as_user[@]}" env BOOTCHECK_KVM_DEVICE="$work/kvm-root-only" \
			"$BOOTCHECK" run --mode direct "$work/open.img"
		kvm_advice_fits "a KVM node of root's alone: the advice fits this machine" \
			"$work/kvm-root-only"
	else
		skip "a KVM node of root's alone" "not root, or mknod is refused here"
	fi
else
	skip "image: unreadable" "running as root, and setpriv is missing or no other user can reach this checkout"
fi
expect_status "no KVM device: skip" 77 "no KVM on this machine" -- \
	env BOOTCHECK_KVM_DEVICE="$work/nonexistent" "$BOOTCHECK" run --mode direct "$GUESTS/cli-hlt.bin"
if grep -q "enable virtualization.*modprobe kvm_intel.*kvm_amd" "$work/err"; then
	pass "no KVM device: suggests enabling virtualization or loading kvm_intel/kvm_amd"
else
	fail "no KVM device: suggests enabling virtualization or loading kvm_intel/kvm_amd" "$(cat "$work/err")"
fi
expect_status "not a KVM device: harness error" 99 "KVM API version" -- \
	env BOOTCHECK_KVM_DEVICE=/dev/null "$BOOTCHECK" run --mode direct "$GUESTS/cli-hlt.bin"
mkfifo "$work/json.fifo"
json_error "--json, usage error after --json: one JSON object, exit 2" 2 "--cpu: 'vm86'" -- \
	"$BOOTCHECK" run --json --cpu vm86 x
json_error "--json, usage error before --json: one JSON object, exit 2" 2 "unknown option '--bogus'" -- \
	"$BOOTCHECK" run --bogus x --json
json_error "--json, image missing: one JSON object, exit 2" 2 "No such file or directory" -- \
	"$BOOTCHECK" run --json "$work/nope.img"
json_error "--json, image a directory: one JSON object, exit 2" 2 "is a directory" -- \
	"$BOOTCHECK" run --json "$work/dir.img"
json_error "--json, image a FIFO: one JSON object, exit 2" 2 "not a regular file" -- \
	"$BOOTCHECK" run --json "$work/json.fifo"
json_error "--json, no KVM device: one JSON object, exit 77" 77 "no KVM on this machine" -- \
	env BOOTCHECK_KVM_DEVICE="$work/nonexistent" "$BOOTCHECK" run --json --mode direct "$GUESTS/cli-hlt.bin"
json_error "--json, not a KVM device: one JSON object, exit 99" 99 "KVM API version" -- \
	env BOOTCHECK_KVM_DEVICE=/dev/null "$BOOTCHECK" run --json --mode direct "$GUESTS/cli-hlt.bin"
if "$BOOTCHECK" run --keys --json "$work/nope.img" 2>/dev/null | grep -q .; then
	fail "--keys --json types \"--json\": no JSON asked for" "$("$BOOTCHECK" run --keys --json "$work/nope.img" 2>&1)"
else
	pass "--keys --json types \"--json\": no JSON asked for, none printed"
fi

if ! have_kvm; then
	skip "guest runs" "no usable /dev/kvm"
	summary
fi

# --- image placement -------------------------------------------------------
head -c 8192 /dev/zero >"$work/8k.img"
expect_status "image: larger than the room to the end of RAM" 2 "do not fit" -- \
	"$BOOTCHECK" run --mode direct --mem 1M --load 0xff000 "$work/8k.img"
expect_status "real mode: entry above 1 MiB" 2 "out of reach of real mode" -- \
	"$BOOTCHECK" run --mode direct --load 0x100000 "$work/8k.img"

# --- the three small programs ----------------------------------------------
"$BOOTCHECK" run --mode direct --load 0 --console-port 0x01 --out "$work/rom" \
	"$GUESTS/hello-kvm-rom.bin" >/dev/null 2>&1
if [ "$(stat -c %s "$GUESTS/hello-kvm-rom.bin")" = 41 ] &&
	[ "$(cat "$work/rom/debugcon")" = "Hello KVM!" ] && [ "$(cat "$work/rom/exit")" = hlt ]; then
	pass "41-byte ROM at 0 prints Hello KVM! on port 0x01"
else
	fail "41-byte ROM at 0 prints Hello KVM! on port 0x01" "$(cat "$work/rom/exit" "$work/rom/debugcon")"
fi
"$BOOTCHECK" run --mode direct --load 0 --out "$work/org0" "$GUESTS/banner-org0.bin" >/dev/null 2>&1
if head -n 1 "$work/org0/screen" | grep -q '^\*\*\* ORG 0 program'; then
	pass "ORG 0 program at 0 writes its banner to segment 0xB800"
else
	fail "ORG 0 program at 0 writes its banner to segment 0xB800" "$(head -n 2 "$work/org0/screen")"
fi
"$BOOTCHECK" run --mode direct --cpu long --load 0x10000 --timeout 1 --out "$work/star" \
	"$GUESTS/star64.bin" >/dev/null 2>&1
stars=$(stat -c %s "$work/star/serial")
if [ "$(stat -c %s "$GUESTS/star64.bin")" = 10 ] && [ "$(cat "$work/star/exit")" = timeout ] &&
	[ "$stars" -gt 100 ] && [ -z "$(tr -d '*' <"$work/star/serial")" ]; then
	pass "ten-byte 64-bit loop fills serial with '*' ($stars bytes) until timeout"
else
	fail "ten-byte 64-bit loop fills serial with '*' until timeout" "exit $(cat "$work/star/exit"), $stars bytes"
fi

# --- stop detection ----------------------------------------------------------
"$BOOTCHECK" run --mode direct --timeout 30 --out "$work/spin" "$GUESTS/spin.bin" >/dev/null 2>&1
if [ "$(cat "$work/spin/exit")" = spin ]; then
	pass "jmp \$ with interrupts off is spin, not a 30 s timeout"
else
	fail "jmp \$ with interrupts off is spin" "exit: $(cat "$work/spin/exit")"
fi
expect_status "--exit-port moves the debug-exit port" 0 "unclaimed pio write 0xf4" -- \
	"$BOOTCHECK" run --mode direct --exit-port 0x501 --trace --out "$work/moved" "$GUESTS/exit-zero.bin"
[ "$(cat "$work/moved/exit")" = spin ] || fail "--exit-port: old port no longer exits" "exit: $(cat "$work/moved/exit")"
expect_status "console port clashing with COM1 is a usage error" 2 "already used" -- \
	"$BOOTCHECK" run --mode direct --console-port 0x3f8 "$GUESTS/cli-hlt.bin"

# --- output formats ------------------------------------------------------------
"$BOOTCHECK" run --mode direct --json "$GUESTS/cursor.bin" >"$work/cursor.json" 2>&1
if jq -e '.exit == "hlt" and .cursor.row == 5 and .cursor.column == 10 and
	(.screen | length) == 25 and (.registers.rip | type) == "number" and
	.debugcon == "cursor 019a\n"' "$work/cursor.json" >/dev/null; then
	pass "--json: exit, cursor from the CRTC, screen rows, registers"
else
	fail "--json: exit, cursor from the CRTC, screen rows, registers" "$(head -c 300 "$work/cursor.json")"
fi
"$BOOTCHECK" run --mode direct --out "$work/files" "$GUESTS/vga-text.bin" >/dev/null 2>&1
if [ -f "$work/files/serial" ] && [ -f "$work/files/debugcon" ] &&
	[ "$(wc -l <"$work/files/screen")" = 25 ] && [ "$(cat "$work/files/exit")" = hlt ]; then
	pass "--out writes exit, serial, debugcon and a 25-row screen"
else
	fail "--out writes exit, serial, debugcon and a 25-row screen" "$(ls "$work/files")"
fi

# --json: the exit line and status 0 when the guest ran (`| jq -e .exit` passes);
# a harness error (an `error:` exit, 99) keeps the result but "exit" is null
"$BOOTCHECK" run --mode direct --json "$GUESTS/exit-zero.bin" >"$work/ok.json" 2>&1
if jq -e '.exit == "debug-exit 0" and .status == 0 and (has("error") | not)' "$work/ok.json" >/dev/null &&
	"$BOOTCHECK" run --mode direct --json "$GUESTS/exit-zero.bin" | jq -e .exit >/dev/null; then
	pass "--json, the guest ran: \"exit\" is the exit line, \"status\" 0, jq -e .exit passes"
else
	fail "--json, the guest ran: exit line and status 0" "$(head -c 300 "$work/ok.json")"
fi
printf 'bits 16\norg 0x7c00\n\tjmp 0xffff:0x0010\n' >"$work/mmio-exec.asm" # code fetched from no RAM
nasm -f bin -o "$work/mmio-exec.bin" "$work/mmio-exec.asm"
json_error "--json, an error: exit reason: one JSON object, exit 99" 99 "error: KVM internal error" -- \
	"$BOOTCHECK" run --json --mode direct --mem 1M "$work/mmio-exec.bin"
if jq -e '.reason == "error" and (.registers.rip | type) == "number"' "$work/jout" >/dev/null; then
	pass "--json, an error: exit reason: the result is kept beside the error (reason, registers)"
else
	fail "--json, an error: exit reason keeps the result" "$(head -c 300 "$work/jout")"
fi
json_error "--json, --out a file: one JSON object, exit 2" 2 "not a directory" -- \
	"$BOOTCHECK" run --json --mode direct --out "$work/8k.img" "$GUESTS/exit-zero.bin"
json_error "--json, --bios missing: one JSON object, exit 2" 2 "apt-get install seabios" -- \
	"$BOOTCHECK" run --json --bios "$work/no-bios.bin" "$GUESTS/mbr-teletype.bin"
json_error "--json, image too large for RAM: one JSON object, exit 2" 2 "do not fit" -- \
	"$BOOTCHECK" run --json --mode direct --mem 1M --load 0xff000 "$work/8k.img"

# --- ELF executables in direct mode ---------------------------------------------
# as a new user types it: the ELF is loaded as what it is, not run as bytes
"$BOOTCHECK" run --mode direct --cpu protected --load 0x100000 --out "$work/e32" \
	"$GUESTS/elf32-kernel.elf" >/dev/null 2>"$work/e32.err"
st=$?
if [ "$st" -eq 0 ] && [ "$(cat "$work/e32/exit")" = "debug-exit 32" ] &&
	grep -q "warning: .*--load ignored: an ELF's segments say where they go" "$work/e32.err"; then
	pass "run --cpu protected --load 0x100000 KERNEL.elf: loaded as an ELF (--load ignored, said), debug-exit 32"
else
	fail "run --cpu protected --load 0x100000 KERNEL.elf" "status $st: $(cat "$work/e32/exit" 2>/dev/null)" "$(cat "$work/e32.err")"
fi
expect_status "ELF64 with --cpu protected: usage error" 2 "an ELF64 kernel is entered in long mode: use --cpu long" -- \
	"$BOOTCHECK" run --mode direct --cpu protected "$GUESTS/elf64-kernel.elf"
expect_status "ELF segment past RAM: error naming it" 2 "segment at 0x100000-0x10006f is past the end of RAM (0x100000); raise --mem" -- \
	"$BOOTCHECK" run --mode direct --mem 1M "$GUESTS/elf64-kernel.elf"
expect_status "ELF in BIOS mode: says to use --mode direct" 2 "an ELF executable, not a disk image: boot it with --mode direct" -- \
	"$BOOTCHECK" run "$GUESTS/elf64-kernel.elf"
cp "$GUESTS/elf64-kernel.elf" "$work/trunc.elf" && truncate -s 100 "$work/trunc.elf"
expect_status "truncated ELF: error, never run as bytes" 2 "not a loadable ELF executable: program headers (3 at offset 0x40) past the end of the 100-byte file" -- \
	"$BOOTCHECK" run --mode direct "$work/trunc.elf"
# segments where the GDT, page tables and stack usually go: those move to the top of RAM
printf 'bits 32\nglobal _start\n_start:\n\tmov al, 7\n\tout 0xf4, al\n\thlt\nsection .bss\n\tresb %s\n' 0x1000 >"$work/low.asm"
nasm -f elf32 -o "$work/low.o" "$work/low.asm" &&
	ld -m elf_i386 -n -static -nostdlib --build-id=none -z noexecstack --no-warn-rwx-segments \
		-e _start -Ttext=0x1000 -o "$work/low.elf" "$work/low.o"
expect_status "ELF over the usual GDT and page tables: they move, the kernel runs" 0 "" -- \
	"$BOOTCHECK" run --mode direct "$work/low.elf"
grep -q '^exit: debug-exit 7$' "$work/out" || fail "ELF at 0x1000: debug-exit 7" "$(head -n 2 "$work/out")"
printf 'bits 32\nglobal _start\n_start:\n\thlt\nsection .bss\n\tresb %s\n' 0xfd000 >"$work/fill.asm"
nasm -f elf32 -o "$work/fill.o" "$work/fill.asm" &&
	ld -m elf_i386 -n -static -nostdlib --build-id=none -z noexecstack --no-warn-rwx-segments \
		-e _start -Ttext=0x1000 -o "$work/fill.elf" "$work/fill.o"
expect_status "ELF filling RAM: no room for the page tables, error" 2 "no room for the GDT, page tables and stack beside what is loaded; raise --mem" -- \
	"$BOOTCHECK" run --mode direct --mem 1M "$work/fill.elf"
expect_status "--format flat runs an ELF's bytes when asked" 0 "" -- \
	"$BOOTCHECK" run --mode direct --format flat --cpu protected --load 0x100000 "$GUESTS/elf32-kernel.elf"

# --- Multiboot and Multiboot2 kernels -------------------------------------------
printf 'module one\n' >"$work/mod1.txt"
"$BOOTCHECK" run --mode direct --cmdline "console=ttyS0 quiet" --module "$work/mod1.txt=the first" \
	--out "$work/mb1" "$GUESTS/mb1-kernel.elf" >/dev/null 2>"$work/mb1.err"
st=$?
if [ "$st" -eq 0 ] && [ "$(cat "$work/mb1/exit")" = "debug-exit 0" ] &&
	grep -qx 'cmdline: "console=ttyS0 quiet"' "$work/mb1/serial" &&
	grep -qx '  0 "the first" 11 bytes: module one|' "$work/mb1/serial" &&
	grep -qx 'multiboot kernel: all as specified' "$work/mb1/serial"; then
	pass "run --cmdline --module KERNEL.elf: a Multiboot kernel gets its command line and module"
else
	fail "run --cmdline --module KERNEL.elf (Multiboot)" "status $st" "$(cat "$work/mb1/serial" "$work/mb1.err" 2>/dev/null)"
fi
"$BOOTCHECK" run --mode direct --hdd "$GUESTS/data-slave.bin" --out "$work/mb1d" "$GUESTS/mb1-kernel.elf" >/dev/null 2>&1
if grep -qx 'boot_device 0x80ffffff' "$work/mb1d/serial" && grep -q 'flags 0x0000124f' "$work/mb1d/serial" &&
	! grep -q 'boot_device' "$work/mb1/serial"; then
	pass "Multiboot boot_device: 0x80ffffff (flag 1) with a hard disk, absent without"
else
	fail "Multiboot boot_device" "$(head -n 6 "$work/mb1d/serial")"
fi
le32() {
	local v=$(($1 & 0xffffffff))
	printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((v & 255)) $((v >> 8 & 255)) $((v >> 16 & 255)) $((v >> 24 & 255)))"
}
mb1_header() { le32 0x1BADB002; le32 "$1"; le32 $((-(0x1BADB002 + $1))); }
{ head -c 8193 /dev/zero; mb1_header 0; head -c 64 /dev/zero; } >"$work/mb-8193.bin"
expect_status "Multiboot header at offset 8193: error, never run as bytes" 2 \
	"a Multiboot header at offset 8193, not on a 4-byte boundary (--format flat runs the file as raw bytes)" -- \
	"$BOOTCHECK" run --mode direct "$work/mb-8193.bin"
{ head -c 8192 /dev/zero; mb1_header 0; } >"$work/mb-8192.bin"
expect_status "Multiboot header at offset 8192: past the first 8 KiB" 2 "not within the first 8192 bytes" -- \
	"$BOOTCHECK" run --mode direct "$work/mb-8192.bin"
{ mb1_header 0x23; head -c 64 /dev/zero; } >"$work/mb-flag5.bin"
expect_status "Multiboot header requiring flag 5: error naming the flag" 2 "requires flag 5, which bootcheck does not know" -- \
	"$BOOTCHECK" run --mode direct "$work/mb-flag5.bin"
{ mb1_header 0x4; le32 0; le32 0; le32 0; le32 0; le32 0; le32 0; le32 1024; le32 768; le32 32; } >"$work/mb-video.bin"
expect_status "Multiboot header asking for a graphics mode: error naming flag 2" 2 "requires flag 2 (video mode) with mode_type 0" -- \
	"$BOOTCHECK" run --mode direct "$work/mb-video.bin"
{ mb1_header 0x3; head -c 64 /dev/zero; } >"$work/mb-noaddr.bin"
expect_status "Multiboot flat file without the address fields: error" 2 "a Multiboot kernel that is not an ELF needs the address fields (header flag 16)" -- \
	"$BOOTCHECK" run --mode direct "$work/mb-noaddr.bin"
head -c 512 "$GUESTS/mb1-kernel-aout.bin" >"$work/aout-cut.bin"
expect_status "a.out-kludge kernel cut short: load_end_addr past the file" 2 "load_end_addr 0x.* is past the end of the file" -- \
	"$BOOTCHECK" run --mode direct "$work/aout-cut.bin"
expect_status "--format multiboot on a boot sector: no header" 2 "no Multiboot header" -- \
	"$BOOTCHECK" run --mode direct --format multiboot "$GUESTS/exit-zero.bin"
expect_status "--format multiboot2 on a Multiboot 1 kernel: no header" 2 "no Multiboot2 header" -- \
	"$BOOTCHECK" run --mode direct --format multiboot2 "$GUESTS/mb1-kernel.elf"
expect_status "--module on a flat image: error" 2 "--cmdline and --module are for Multiboot kernels, and this is a flat image" -- \
	"$BOOTCHECK" run --mode direct --module "$work/mod1.txt" "$GUESTS/exit-zero.bin"
expect_status "Multiboot kernel with --cpu long: error" 2 "a Multiboot kernel is entered in 32-bit protected mode" -- \
	"$BOOTCHECK" run --mode direct --cpu long "$GUESTS/mb1-kernel.elf"
truncate -s 2M "$work/big-module"
expect_status "a module past the end of RAM: error" 2 "module $work/big-module: 2097152 bytes do not fit" -- \
	"$BOOTCHECK" run --mode direct --mem 2M --module "$work/big-module" "$GUESTS/mb1-kernel.elf"
expect_status "a missing module: error naming it" 2 "module $work/no-module: No such file or directory" -- \
	"$BOOTCHECK" run --mode direct --module "$work/no-module=x" "$GUESTS/mb1-kernel.elf"
: >"$work/empty-module"
"$BOOTCHECK" run --mode direct --module "$work/empty-module=nothing" --module "$work/mod1.txt=one" \
	--out "$work/mbe" "$GUESTS/mb1-kernel.elf" >/dev/null 2>&1
if grep -qx '  0 "nothing" 0 bytes: ' "$work/mbe/serial" && grep -qx '  1 "one" 11 bytes: module one|' "$work/mbe/serial" &&
	grep -qx 'multiboot kernel: all as specified' "$work/mbe/serial"; then
	pass "an empty module: a module of 0 bytes, the next one after it"
else
	fail "an empty module" "$(cat "$work/mbe/serial" 2>/dev/null)"
fi
"$BOOTCHECK" run --mode direct --module "$work/mod1.txt=one" --out "$work/mb2" "$GUESTS/mb2-kernel.elf" >/dev/null 2>&1
if [ "$(cat "$work/mb2/exit" 2>/dev/null)" = "debug-exit 0" ] &&
	grep -qx 'tag 3 module "one" 11 bytes: module one|' "$work/mb2/serial" &&
	grep -qx 'multiboot2 kernel: all as specified' "$work/mb2/serial"; then
	pass "Multiboot2 kernel: switches to long mode itself, gets its module tag"
else
	fail "Multiboot2 kernel" "$(cat "$work/mb2/exit" "$work/mb2/serial" 2>/dev/null)"
fi

# --- --exit-status: the guest's code as the status, for other test runners ----
# as a Makefile written for QEMU (or bootimage's test-success-exit-code) reads it
"$BOOTCHECK" run --mode direct --cpu long --load 0x100000 --exit-status qemu --json \
	"$GUESTS/qemu-exit.bin" >"$work/qx.json" 2>"$work/qx.err"
st_qemu=$?
"$BOOTCHECK" run --mode direct --exit-status qemu "$GUESTS/exit-code.bin" >/dev/null 2>"$work/cut.err"
st_cut=$?
"$BOOTCHECK" run --mode direct --exit-status-from-guest "$GUESTS/exit-zero.bin" >/dev/null 2>&1
st_zero=$?
"$BOOTCHECK" run --mode direct --exit-status guest "$GUESTS/cli-hlt.bin" >/dev/null 2>&1
st_hlt=$?
"$BOOTCHECK" run --mode direct --exit-status qemu --timeout 0.3 "$GUESTS/forever.bin" >/dev/null 2>&1
st_timeout=$?
"$BOOTCHECK" run --mode direct "$GUESTS/exit-code.bin" >/dev/null 2>&1
st_ran=$?
if [ "$st_qemu" -eq 33 ] && jq -e '.exit == "debug-exit 16" and .status == 33' "$work/qx.json" >/dev/null &&
	[ "$st_cut" -eq 89 ] && grep -q "debug-exit 300 does not fit an exit status's 8 bits: exiting 89" "$work/cut.err" &&
	[ "$st_zero" -eq 0 ] && [ "$st_hlt" -eq 122 ] && [ "$st_timeout" -eq 124 ] && [ "$st_ran" -eq 0 ]; then
	pass "--exit-status: qemu 33 for 0x10 (bootimage's success), 300 cut to 89 with a warning; guest 0; hlt 122, timeout 124; default 0"
else
	fail "--exit-status" "qemu $st_qemu cut $st_cut zero $st_zero hlt $st_hlt timeout $st_timeout ran $st_ran" \
		"$(cat "$work/qx.err" "$work/cut.err")"
fi

# the README's Makefile example, pasted as a user would, on the bundled kernel
sed -n '/^```make$/,/^```$/p' README.md | sed '1d;$d' >"$work/Makefile.readme"
cp "$GUESTS/qemu-exit.bin" "$work/kernel-test.bin"
if grep -q 'exit-status qemu' "$work/Makefile.readme" &&
	PATH="$(dirname "$BOOTCHECK"):$PATH" make -s -C "$work" -f Makefile.readme test >"$work/mk.out" 2>&1; then
	pass "the README's Makefile example: make test passes on a kernel that exits 0x10 (status 33)"
else
	fail "the README's Makefile example" "$(cat "$work/Makefile.readme" "$work/mk.out")"
fi
printf 'bits 64\n\tmov dx, 0xf4\n\tmov eax, 0x11\n\tout dx, eax\n' >"$work/kernel-fail.asm"
nasm -f bin -o "$work/kernel-test.bin" "$work/kernel-fail.asm"
if ! PATH="$(dirname "$BOOTCHECK"):$PATH" make -s -C "$work" -f Makefile.readme test >"$work/mk.out" 2>&1; then
	pass "the README's Makefile example: make test fails on a kernel that exits 0x11 (status 35)"
else
	fail "the README's Makefile example passes a failing kernel" "$(cat "$work/mk.out")"
fi

# --- a hostile guest ---------------------------------------------------------
cp "$GUESTS/hostile.bin" "$work/hostile.img"
chmod 0444 "$work/hostile.img"
before=$(sha256sum <"$work/hostile.img")
"$BOOTCHECK" run --mode direct --json "$work/hostile.img" >"$work/hostile.json" 2>"$work/hostile.err"
status=$?
after=$(sha256sum <"$work/hostile.img")
if [ "$status" -eq 0 ] && [ "$before" = "$after" ] &&
	jq -e '.exit == "debug-exit 7" and .unclaimed.pio_writes > 60000' "$work/hostile.json" >/dev/null; then
	pass "hostile guest: harness survives, JSON valid, image byte-identical"
else
	fail "hostile guest: harness survives, JSON valid, image byte-identical" \
		"status $status" "$(head -n 3 "$work/hostile.err")"
fi

# --- BIOS mode ---------------------------------------------------------------
expect_status "--bios missing: names the package" 2 "apt-get install seabios" -- \
	"$BOOTCHECK" run --bios "$work/no-bios.bin" "$GUESTS/mbr-teletype.bin"
expect_status "--bios not a BIOS: names the package" 2 "install Debian's seabios package" -- \
	"$BOOTCHECK" run --bios "$GUESTS/mbr-teletype.bin" "$GUESTS/mbr-teletype.bin"
expect_status "--vgabios not an option ROM" 2 "not an option ROM" -- \
	"$BOOTCHECK" run --vgabios "$work/8k.img" "$GUESTS/mbr-teletype.bin"
expect_status "--load is for direct mode" 2 "--load is for --mode direct" -- \
	"$BOOTCHECK" run --load 0 "$GUESTS/mbr-teletype.bin"
head -c $((3 * 1024 * 1024)) /dev/zero >"$work/3m.img"
expect_status "--drive floppy: larger than 2.88 MB" 2 "larger than a 2.88 MB floppy" -- \
	"$BOOTCHECK" run --drive floppy "$work/3m.img"

# --floppy: each image a floppy, two drives in all
expect_status "--floppy: larger than 2.88 MB" 2 "larger than a 2.88 MB floppy" -- \
	"$BOOTCHECK" run --floppy "$work/3m.img" "$GUESTS/mbr-floppy-b.bin"
expect_status "--floppy: missing file" 2 "no-such.img" -- \
	"$BOOTCHECK" run --floppy "$work/no-such.img" "$GUESTS/mbr-floppy-b.bin"
expect_status "--floppy: three drives" 2 "at most 2 floppy drives" -- \
	"$BOOTCHECK" run --floppy a --floppy b --floppy c "$GUESTS/mbr-floppy-b.bin"
expect_status "--floppy: IMAGE as A: and two more" 2 "at most 2 floppy drives" -- \
	"$BOOTCHECK" run --drive floppy --floppy a --floppy b "$GUESTS/mbr-floppy-b.bin"
expect_status "--floppy is for BIOS mode" 2 "--floppy is for --mode bios" -- \
	"$BOOTCHECK" run --mode direct --floppy a "$GUESTS/exit-zero.bin"
# a 720K B: is a type 3 drive (CMOS 0x10) of 9 sectors a track: the BIOS
# refuses sector 18 itself (status 01)
head -c 737280 "$GUESTS/floppy-b-data.bin" >"$work/b720.img"
cp "$work/b720.img" "$work/b720.orig"
"$BOOTCHECK" run --out "$work/fb720" --floppy "$GUESTS/floppy.bin" --floppy "$work/b720.img" \
	"$GUESTS/mbr-floppy-b.bin" >/dev/null 2>&1
if grep -q "B: type 03, max cylinder 4f, max sector 09, max head 01" "$work/fb720/serial" &&
	grep -q "B: sector C0 H0 S1 read" "$work/fb720/serial" &&
	grep -q "INT 13h failed: 01" "$work/fb720/serial" && cmp -s "$work/b720.img" "$work/b720.orig"; then
	pass "--floppy: a 720K B: reads as a type 3 drive"
else
	fail "--floppy: a 720K B: reads as a type 3 drive" "$(head -n 5 "$work/fb720/serial" 2>&1)"
fi
# SeaBIOS takes the controller's IRQ 6 only in two-instruction IF=1 windows;
# where KVM misses them (kvm_pvm), each read waited 0.1-1 s before the run
# loop single-stepped to them (run_hooks.irq_urgent)
"$BOOTCHECK" run --json --no-cache --floppy "$GUESTS/floppy.bin" --floppy "$GUESTS/floppy-b-data.bin" \
	"$GUESTS/mbr-floppy-b.bin" >"$work/fbtime.json" 2>/dev/null
if jq -e '.exit == "hlt" and .virtual_seconds < 0.5' "$work/fbtime.json" >/dev/null; then
	pass "--floppy: the controller's interrupts reach SeaBIOS at once ($(jq .virtual_seconds "$work/fbtime.json") s of virtual time)"
else
	fail "--floppy: the controller's interrupts reach SeaBIOS at once" \
		"$(jq -c '{exit, virtual_seconds}' "$work/fbtime.json" 2>&1)"
fi
# one --floppy beside a hard disk is A: (SeaBIOS's ramdisk), and there is no B:
"$BOOTCHECK" run --out "$work/fbnone" --floppy "$GUESTS/floppy-b-data.bin" \
	"$GUESTS/mbr-floppy-b.bin" >/dev/null 2>&1
if grep -q "INT 13h failed: 01" "$work/fbnone/serial"; then
	pass "--floppy: one floppy beside a hard disk is A:, no B:"
else
	fail "--floppy: one floppy beside a hard disk is A:, no B:" "$(head -n 3 "$work/fbnone/serial")"
fi
# more hard disks: the primary slave is BIOS drive 0x81, with IMAGE or with --hdd alone
want_slave="drive 0x81, sector 0: Hello from the primary slave, sector 0"
"$BOOTCHECK" run --out "$work/slave1" "$GUESTS/mbr-slave.bin" --hdd "$GUESTS/data-slave.bin" >/dev/null 2>&1
"$BOOTCHECK" run --out "$work/slave2" --hdd "$GUESTS/mbr-slave.bin" --hdd "$GUESTS/data-slave.bin" >/dev/null 2>&1
if grep -qF "$want_slave" "$work/slave1/serial" && cmp -s "$work/slave1/serial" "$work/slave2/serial" &&
	grep -q "^2 hard disks" "$work/slave1/screen"; then
	pass "--hdd: the primary slave is drive 0x81 (IMAGE --hdd FILE, or --hdd FILE --hdd FILE)"
else
	fail "--hdd: the primary slave is drive 0x81" "$(head -n 3 "$work/slave1/serial")"
fi
# four disks: two channels, each with a master and a slave
"$BOOTCHECK" run --out "$work/four" "$GUESTS/mbr-slave.bin" --hdd "$GUESTS/data-slave.bin" \
	--hdd "$GUESTS/disk-scan.bin" --hdd "$GUESTS/mbr-hello.bin" >/dev/null 2>&1
if grep -q "^4 hard disks" "$work/four/serial" && grep -qF "$want_slave" "$work/four/serial"; then
	pass "--hdd: four hard disks on two channels, the BIOS counts 4"
else
	fail "--hdd: four hard disks on two channels" "$(head -n 3 "$work/four/serial")"
fi
expect_status "--hdd: a missing file is an image error" 2 "nope.img" -- \
	"$BOOTCHECK" run "$GUESTS/mbr-slave.bin" --hdd "$work/nope.img"
# a floppy boots with a hard disk beside it: the hard disk is drive 0x80 then
"$BOOTCHECK" run --out "$work/fd-hd" --floppy "$GUESTS/floppy.bin" --hdd "$GUESTS/data-slave.bin" >/dev/null 2>&1
if grep -q "Booting from Floppy" "$work/fd-hd/screen"; then
	pass "--floppy FILE --hdd FILE: the floppy boots (the kind given first)"
else
	fail "--floppy FILE --hdd FILE: the floppy boots" "$(head -n 3 "$work/fd-hd/screen")"
fi
# direct mode: the kernel polls the primary slave through 0x1f0-0x1f7
pio=(--mode direct --cpu protected --load 0x100000)
if [ "$("$BOOTCHECK" run --json "${pio[@]}" --hdd "$GUESTS/ata-pio.bin" --hdd "$GUESTS/data-slave.bin" \
	"$GUESTS/ata-pio.bin" | jq -r '.exit + "|" + .serial')" = "debug-exit 0|slave present; sector 0: Hello from the primary slave, sector 0" ] &&
	[ "$("$BOOTCHECK" run --json "${pio[@]}" --hdd "$GUESTS/ata-pio.bin" "$GUESTS/ata-pio.bin" | jq -r .exit)" = "debug-exit 2" ] &&
	[ "$("$BOOTCHECK" run --json "${pio[@]}" "$GUESTS/ata-pio.bin" | jq -r .exit)" = "debug-exit 4" ]; then
	pass "direct mode --hdd: PIO from the primary slave; an absent slave reads status 0; no --hdd, no controller"
else
	fail "direct mode --hdd: PIO from the primary slave" \
		"$("$BOOTCHECK" run "${pio[@]}" --hdd "$GUESTS/ata-pio.bin" --hdd "$GUESTS/data-slave.bin" "$GUESTS/ata-pio.bin" 2>&1 | head -n 5)"
fi

cp "$GUESTS/disk-write.bin" "$work/disk.img"
before=$(sha256sum <"$work/disk.img")
"$BOOTCHECK" run --out "$work/dw" "$work/disk.img" >/dev/null 2>&1
after=$(sha256sum <"$work/disk.img")
if grep -q "write ok, read back ok" "$work/dw/screen" && [ "$before" = "$after" ]; then
	pass "BIOS disk writes stay in a private copy: image byte-identical"
else
	fail "BIOS disk writes stay in a private copy" "$(sed -n 3p "$work/dw/screen")"
fi
# an image that shrinks while the guest reads it: a precise error, not SIGBUS
# (disk-scan reads sector after sector of a 512 MiB sparse copy of itself)
cp "$GUESTS/disk-scan.bin" "$work/shrinks.img"
truncate -s 512M "$work/shrinks.img"
"$BOOTCHECK" run --timeout 20 --out "$work/shrinks" "$work/shrinks.img" >/dev/null 2>"$work/shrinks.err" &
runner=$!
sleep 0.5
truncate -s 8K "$work/shrinks.img"
wait "$runner"
status=$?
if [ "$status" -eq 99 ] && grep -q "^bootcheck: $work/shrinks.img: error: the image shrank during the run from 536870912 to 8192 bytes: sector [0-9]* is gone$" "$work/shrinks.err" &&
	grep -q "^error: the image shrank" "$work/shrinks/exit"; then
	pass "image shrinking under the run: error naming the image and the sector, status 99"
else
	fail "image shrinking under the run: error naming the image and the sector" "status $status" \
		"$(head -n 3 "$work/shrinks.err")"
fi
if grep -q "^Booting from 0000:7c00" "$work/dw/bios-log"; then
	pass "--out writes the SeaBIOS log as bios-log"
else
	fail "--out writes the SeaBIOS log as bios-log" "$(head -n 3 "$work/dw/bios-log")"
fi
"$BOOTCHECK" run -v "$GUESTS/mbr-teletype.bin" >"$work/verbose" 2>&1
if grep -q -- "--- bios-log" "$work/verbose" && grep -q "Found QEMU fw_cfg" "$work/verbose"; then
	pass "--verbose shows the BIOS log"
else
	fail "--verbose shows the BIOS log" "$(head -n 5 "$work/verbose")"
fi
"$BOOTCHECK" run --idle 0 --timeout 2 --out "$work/noidle" "$GUESTS/mbr-sti-hlt.bin" >/dev/null 2>&1
"$BOOTCHECK" run --timeout 30 --out "$work/idle" "$GUESTS/mbr-sti-hlt.bin" >/dev/null 2>&1
if [ "$(cat "$work/idle/exit")" = idle ] && [ "$(cat "$work/noidle/exit")" = timeout ]; then
	pass "sti; hlt is idle well before a 30 s timeout, and --idle 0 turns idleness off"
else
	fail "sti; hlt is idle, --idle 0 turns it off" "$(cat "$work/idle/exit") / $(cat "$work/noidle/exit")"
fi
# --- virtual time ------------------------------------------------------------
# idle is counted in virtual time from the guest's last change: sti; hlt after
# printing is stopped 300 ms (virtual) later, not sooner, not much later
"$BOOTCHECK" run --json "$GUESTS/mbr-sti-hlt.bin" >"$work/sti.json" 2>&1
if jq -e '.exit == "idle" and .virtual_seconds >= 0.300 and .virtual_seconds < 0.400' \
	"$work/sti.json" >/dev/null; then
	pass "idle at 300 ms of virtual time after the last change ($(jq .virtual_seconds "$work/sti.json") s)"
else
	fail "idle at 300 ms of virtual time" "$(jq -c '{exit, virtual_seconds}' "$work/sti.json")"
fi
"$BOOTCHECK" run --idle 1000 --json "$GUESTS/mbr-sti-hlt.bin" >"$work/sti1000.json" 2>&1
if jq -e '.exit == "idle" and .virtual_seconds >= 1.000 and .virtual_seconds < 1.100' \
	"$work/sti1000.json" >/dev/null; then
	pass "--idle 1000: idle at 1 s of virtual time"
else
	fail "--idle 1000: idle at 1 s of virtual time" "$(jq -c '{exit, virtual_seconds}' "$work/sti1000.json")"
fi
# a guest that changes the screen from its tick handler after 5 ticks (275 ms)
# is not stopped before the change
"$BOOTCHECK" run --out "$work/late" "$GUESTS/mbr-idle-late.bin" >/dev/null 2>&1
if [ "$(cat "$work/late/exit")" = idle ] && grep -q "changed at tick 5" "$work/late/screen"; then
	pass "idle waits for a change 275 ms (virtual) into the wait"
else
	fail "idle waits for a change 275 ms into the wait" "exit $(cat "$work/late/exit")" "$(sed -n 3,4p "$work/late/screen")"
fi
# what the guest can see of time is the same on every run
same=1
for i in 1 2 3 4 5; do
	"$BOOTCHECK" run --idle 3000 --out "$work/ticks$i" "$GUESTS/mbr-tick-count.bin" >/dev/null 2>&1
	cmp -s "$work/ticks1/screen" "$work/ticks$i/screen" || same=0
done
if [ "$same" = 1 ] && grep -q "BIOS ticks at start: 786522" "$work/ticks1/screen"; then
	pass "BIOS tick counts after sti; hlt and a 1 s wait: identical in 5 runs"
else
	fail "BIOS tick counts identical in 5 runs" "$(sed -n 3,6p "$work/ticks1/screen")" \
		"$(diff "$work/ticks1/screen" "$work/ticks$i/screen" | head -n 4)"
fi
# --stop-at: an animation compared at a fixed virtual instant
same=1
for i in 1 2 3; do
	"$BOOTCHECK" run --stop-at 2 --out "$work/anim$i" "$GUESTS/mbr-animate.bin" >/dev/null 2>&1
	cmp -s "$work/anim1/screen" "$work/anim$i/screen" || same=0
done
if [ "$same" = 1 ] && [ "$(cat "$work/anim1/exit")" = "stop-at 2" ]; then
	pass "--stop-at 2 stops an animation with the same screen in 3 runs"
else
	fail "--stop-at 2 stops an animation with the same screen" "exit $(cat "$work/anim1/exit")" \
		"$(diff "$work/anim1/screen" "$work/anim$i/screen" | head -n 4)"
fi
"$BOOTCHECK" run --json --stop-at 0.5 --idle 0 "$GUESTS/mbr-sti-hlt.bin" >"$work/stop.json" 2>&1
if jq -e '.exit == "stop-at 0.5" and .reason == "stop-at" and .virtual_seconds >= 0.5 and .virtual_seconds < 0.6' \
	"$work/stop.json" >/dev/null; then
	pass "--stop-at 0.5: exit line, reason and virtual time"
else
	fail "--stop-at 0.5: exit line, reason and virtual time" "$(jq -c '{exit, reason, virtual_seconds}' "$work/stop.json")"
fi

# the fastest timers a guest can program do not hang the harness
"$BOOTCHECK" run --mode direct --timeout 2 --json "$GUESTS/timer-storm.bin" >"$work/storm.json" 2>&1
status=$?
if [ "$status" -eq 0 ] && jq -e '(.exit == "timeout" or .exit == "idle") and
	(.debugcon | startswith("timer storm"))' "$work/storm.json" >/dev/null; then
	pass "timer storm (PIT count 2, RTC 8192 Hz): ends at the timeout, exit 0"
else
	fail "timer storm: ends at the timeout, exit 0" "status $status" "$(head -c 300 "$work/storm.json")"
fi

# files that are not regular files: refused at once (exit 2), never waited on
mkfifo "$work/fifo"
fifo_case() { # fifo_case WHAT ARGS... - the command must exit 2 within 5 s naming the FIFO
	local what=$1 out st
	shift
	out=$(timeout 5 "$BOOTCHECK" "$@" 2>&1 >/dev/null)
	st=$?
	if [ "$st" -eq 2 ] && grep -q "$work/fifo: not a\(\| BIOS\) \(regular file\|image\)" <<<"$out"; then
		pass "a FIFO as $what: refused at once (exit 2)"
	else
		fail "a FIFO as $what" "status $st (124: it hung)" "$out"
	fi
}
fifo_case "image" run "$work/fifo"
fifo_case "--bios" run --bios "$work/fifo" "$GUESTS/mbr-hello.bin"
fifo_case "screen dump" screen "$work/fifo"
fifo_case "manifest" check "$work/fifo"

# bidirectional controls from the guest are escaped: they must not reorder what a person reads
printf 'bits 16\norg 0x7c00\n\tmov si, m\n.n:\tcs lodsb\n\ttest al, al\n\tjz .d\n\tout 0xe9, al\n\tjmp .n\n.d:\tcli\n\thlt\nm:\tdb "abc", 0xe2, 0x80, 0xae, "def", 0xe2, 0x81, 0xa6, "g", 10, 0\n' >"$work/bidi.asm"
nasm -f bin -o "$work/bidi.bin" "$work/bidi.asm"
if "$BOOTCHECK" run --mode direct "$work/bidi.bin" | grep -qxF 'abc\u202edef\u2066g'; then
	pass "bidirectional controls on the debug console are shown as \\u202e, \\u2066"
else
	fail "bidirectional controls" "" "$("$BOOTCHECK" run --mode direct "$work/bidi.bin" | cat -v)"
fi

# --filter and --group repeat: any of the filters, any of the groups, both kinds together
got=$("$BOOTCHECK" check bootcheck.ini --list --filter mbr-hello --filter 'exit-*' | cut -f1 | sort | tr '\n' ' ')
got2=$("$BOOTCHECK" check bootcheck.ini --list --group time --group input --filter 'pm-*' | cut -f1 | sort | tr '\n' ' ')
if [ "$got" = "exit-code exit-zero mbr-hello " ] && [ "$got2" = "pm-kbd pm-timer " ]; then
	pass "--filter and --group repeat: any filter, any group, and a test must match both kinds"
else
	fail "repeated --filter/--group" "" "$got / $got2"
fi

# where results go: checked or made before anything runs
touch "$work/afile"
out=$("$BOOTCHECK" run --mode direct --out "$work/afile" "$GUESTS/exit-zero.bin" 2>&1)
st=$?
if [ "$st" -eq 2 ] && grep -qx "bootcheck run: --out $work/afile: not a directory (or under something that is not)" <<<"$out" &&
	"$BOOTCHECK" run --mode direct --out "$work/new/deep/out" "$GUESTS/exit-zero.bin" >/dev/null &&
	[ -f "$work/new/deep/out/exit" ]; then
	pass "--out: a file is a usage error (2); missing parents are made"
else
	fail "--out checks" "status $st" "$out"
fi
mkdir -p "$work/results" && cp "$GUESTS/exit-zero.bin" "$work/results/"
printf '[z]\nimage = exit-zero.bin\nmode = direct\n' >"$work/results/bootcheck.ini"
(cd "$work/results" && env -u CI "$BOOTCHECK" check --update >/dev/null 2>&1)
out=$(cd "$work/results" && "$BOOTCHECK" check --junit reports/ci/junit.xml --artifacts a/b/c 2>&1)
st=$?
out2=$(cd "$work/results" && "$BOOTCHECK" check --junit "$work/afile/junit.xml" 2>&1)
st2=$?
if [ "$st" -eq 0 ] && [ -s "$work/results/reports/ci/junit.xml" ] && ! grep -q "I/O error" <<<"$out" &&
	[ "$st2" -eq 2 ] && grep -q "^bootcheck check: --junit: $work/afile: not a directory" <<<"$out2"; then
	pass "--junit and --artifacts: missing directories made; a file in the way: usage error (2), no libxml2 noise"
else
	fail "--junit/--artifacts directories" "status $st / $st2" "$out $out2"
fi

# `sti; jmp $` with the BIOS's timer running waits (idle), unlike `cli; jmp $` (spin)
printf 'bits 16\norg 0x7c00\n\t%s\n\tjmp $\n\ttimes 510 - ($ - $$) db 0\n\tdw 0xaa55\n' sti >"$work/sti-spin.asm"
printf 'bits 16\norg 0x7c00\n\t%s\n\tjmp $\n\ttimes 510 - ($ - $$) db 0\n\tdw 0xaa55\n' cli >"$work/cli-spin.asm"
nasm -f bin -o "$work/sti-spin.bin" "$work/sti-spin.asm" && nasm -f bin -o "$work/cli-spin.bin" "$work/cli-spin.asm"
a=$("$BOOTCHECK" run "$work/sti-spin.bin" | head -n 1)
b=$("$BOOTCHECK" run "$work/cli-spin.bin" | head -n 1)
if [ "$a" = "exit: idle" ] && [ "$b" = "exit: spin" ]; then
	pass "sti; jmp \$ in BIOS mode: idle; cli; jmp \$: spin"
else
	fail "sti/cli; jmp \$" "" "$a / $b"
fi

# --timeout 1 ends the run after one second, not two (the kicker, not a later look)
t0=$(date +%s%N)
"$BOOTCHECK" run --mode direct --timeout 1 --idle 0 "$GUESTS/forever.bin" >"$work/t1.out"
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
if grep -qx 'exit: timeout' "$work/t1.out" && [ "$ms" -lt 1800 ]; then
	pass "--timeout 1: timeout after $ms ms (under 1.8 s)"
else
	fail "--timeout 1" "$ms ms" "$(head -n 2 "$work/t1.out")"
fi

# options after the image (or the manifest), as other tools take them
if [ "$("$BOOTCHECK" run --mode direct "$GUESTS/exit-zero.bin" --json | jq -r .exit)" = "debug-exit 0" ] &&
	"$BOOTCHECK" check bootcheck.ini --filter exit-zero --list | grep -q "^exit-zero"; then
	pass "options after the positional argument: run IMAGE --json, check MANIFEST --filter"
else
	fail "options after the positional argument" "" "$("$BOOTCHECK" run --mode direct "$GUESTS/exit-zero.bin" --json 2>&1 | head -n 3)"
fi

"$BOOTCHECK" run --json "$GUESTS/mbr-teletype.bin" >"$work/bios.json" 2>&1
if jq -e '.exit == "hlt" and (.bios_log | test("Booting from 0000:7c00"))
	and (.screen[2] | startswith("INT 10h teletype"))' "$work/bios.json" >/dev/null; then
	pass "--json in BIOS mode carries the BIOS log"
else
	fail "--json in BIOS mode carries the BIOS log" "$(head -c 300 "$work/bios.json")"
fi

summary
