#!/usr/bin/env bash
# fidelity.sh - boot each BIOS-mode guest (group bios of bootcheck.ini),
# and real third-party boot code
# packaged by Debian, both with bootcheck and with qemu-system-i386 (TCG,
# ISA-only PC, the same SeaBIOS and VGA BIOS files), and compare the final
# text screens (characters, colours and the cursor, read from QEMU's CRTC
# through its monitor) or graphics pictures; the interactive ones get the same keys (QEMU's
# monitor sendkey) and serial bytes (a pipe into COM1).  Needs BOOTCHECK
# and GUESTS in the environment.
#
# Scrubbed before comparing: nothing.  Both machines run the same firmware
# files, so even the SeaBIOS banner must match.  What is pinned instead:
# QEMU's RTC starts at bootcheck's frozen date (2025-01-01 12:00:00), and
# *when* the screen is read differs by construction: bootcheck stops the
# guest at its exit reason, QEMU is read once its screen has not changed for
# as long as the test's `idle` (at least 300 ms: a guest may be quiet that
# long and still be working, e.g. counting timer interrupts for a second),
# and is paused instead of rebooting, so a reset guest shows the screen it
# left, as bootcheck does.  Tests in group `no-fidelity` are left out, each
# with its reason in bootcheck.ini: they show what QEMU cannot show the same
# way (the BIOS tick count when the boot sector starts, an animation at a
# virtual instant, exact 1 kHz interrupt counts, the 8254 null-count bit, a
# BIOS wait counted in ticks, which QEMU stretches when the host is busy).
set -u
cd "$(dirname "$0")/.." || exit 99
# shellcheck source=tests/lib.sh
. tests/lib.sh

: "${BOOTCHECK:?set BOOTCHECK to the bootcheck binary}"
: "${GUESTS:?set GUESTS to the built guests directory}"
: "${PNG_SAME:=build/png-same}"
BIOS=/usr/share/seabios/bios.bin
VGABIOS=$(readlink -f /usr/share/seabios/vgabios.bin) # the file QEMU's isa-vga loads
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for tool in qemu-system-i386 mkfs.fat sfdisk install-mbr; do
	if ! command -v "$tool" >/dev/null; then
		echo "fidelity.sh: $tool missing (run ci/install-deps)" >&2
		exit 99
	fi
done
if ! have_kvm; then
	skip "fidelity" "no usable /dev/kvm"
	summary
fi

# qemu_screen IMG DRIVE OUT QUIET_MS [KEYS [SERIAL [SIZE]]] - QEMU's final screen,
# once it has not changed for QUIET_MS, into OUT.  With KEYS (--keys text)
# or SERIAL (--serial-in text), once the screen is first quiet (the guest
# waits for input) the keys go in through the monitor's sendkey, 0.2 s
# apart (bootcheck keys --sendkey spells them), and the bytes into COM1
# through a pipe (QEMU's UART takes them as the guest reads them); then the
# screen is read once quiet again.
qemu_screen() {
	local img=$1 drive=$2 out=$3 quiet_ms=$4 keys=${5:-} serial=${6:-} size=${7:-80x25} media
	local fd=0 f nfd=${#floppies[@]}
	[ "$drive" != floppy ] || nfd=$((nfd + 1))
	if [ "$nfd" -ge 2 ]; then
		# two floppies: on QEMU's floppy controller too, A: first, each padded
		# as bootcheck pads it (QEMU guesses a drive from the size)
		media=()
		if [ "$drive" = floppy ]; then
			media+=(-drive "file=$(padded_floppy "$img"),format=raw,if=floppy,index=0,snapshot=on"
				-boot order=a)
			fd=1
		else
			media+=(-drive "file=$img,format=raw,if=ide,snapshot=on")
		fi
		for f in "${floppies[@]}"; do
			media+=(-drive "file=$(padded_floppy "$f"),format=raw,if=floppy,index=$fd,snapshot=on")
			fd=$((fd + 1))
		done
	elif [ "$drive" = floppy ]; then
		media=(-fw_cfg "name=floppyimg/disk.img,file=$img")
	else
		media=(-drive "file=$img,format=raw,if=ide,snapshot=on")
		# one floppy beside the hard disk: SeaBIOS's ramdisk, as bootcheck serves it
		[ "$nfd" -eq 0 ] || media+=(-fw_cfg "name=floppyimg/disk.img,file=${floppies[0]}")
	fi
	# the test's other hard disks (--hdd), in the places bootcheck gives them
	local i first=1
	[ "$drive" != floppy ] || first=0
	for i in "${!hdds[@]}"; do
		media+=(-drive "file=${hdds[i]},format=raw,if=ide,index=$((i + first)),snapshot=on")
	done
	rm -f "$work/mon" "$work/ser.in" "$work/ser.out" "$out.mon" && mkfifo "$work/mon" "$work/ser.in" "$work/ser.out"
	qemu-system-i386 -M isapc -accel tcg -m 32 -nodefaults -display none \
		-bios "$BIOS" -device isa-vga "${media[@]}" \
		-rtc base=2025-01-01T12:00:00,clock=vm \
		-action reboot=shutdown -action shutdown=pause \
		-serial "pipe:$work/ser" \
		-monitor stdio <"$work/mon" >"$out.mon" 2>&1 &
	local pid=$! prev="" i same=0 typed=0
	[ -n "$keys$serial" ] || typed=1
	# dumps are ~0.3 s apart: this many unchanged in a row cover QUIET_MS
	local need=$(((quiet_ms + 299) / 300))
	[ "$need" -ge 1 ] || need=1
	exec 3>"$work/mon"
	# QEMU's serial output, drained so the guest never blocks on it
	cat "$work/ser.out" >/dev/null &
	local drain=$!
	for i in $(seq 1 $((90 + need))); do
		sleep 0.25
		echo "pmemsave 0xb8000 4000 \"$work/dump.$i\"" >&3
		sleep 0.05
		[ -f "$work/dump.$i" ] || continue
		if [ -n "$prev" ] && cmp -s "$prev" "$work/dump.$i"; then
			same=$((same + 1))
			if [ "$i" -ge 6 ] && [ "$same" -ge "$need" ]; then
				[ "$typed" -eq 1 ] && break
				typed=1 same=0
				if [ -n "$keys" ]; then
					while read -r k; do
						echo "sendkey $k 50" >&3
						sleep 0.2
					done < <("$BOOTCHECK" keys --sendkey "$keys")
				fi
				[ -z "$serial" ] || printf '%b' "$serial" >"$work/ser.in"
			fi
		else
			same=0
		fi
		prev=$work/dump.$i
	done
	kill "$drain" 2>/dev/null
	echo "screendump \"$out.png\" -f png" >&3
	# the CRTC's cursor registers (0Ah, 0Bh, start 0Ch-0Dh, cursor 0Eh-0Fh), read
	# through the monitor's port commands once the screen is taken
	local r
	for r in 0a 0b 0c 0d 0e 0f; do
		echo "o /b 0x3d4 0x$r" >&3
		echo "i /b 0x3d5" >&3
	done
	sleep 0.3
	echo quit >&3
	exec 3>&-
	wait "$pid" 2>/dev/null
	# the cursor in bootcheck's words: row, column, scan lines, hidden
	local v cols=${size%x*} rows=${size#*x}
	mapfile -t v < <(grep -ao 'port.\[0x03d5\] = 0x[0-9a-f]*' "$out.mon" | sed 's/.*= //')
	if [ "${#v[@]}" -ne 6 ]; then
		echo "(QEMU did not answer)" >"$out.cursor"
	else
		local start=$((v[0] & 31)) end=$((v[1] & 31)) hidden=""
		local at=$(((v[4] << 8 | v[5]) - (v[2] << 8 | v[3])))
		[ "$at" -ge 0 ] || at=$((at + 65536))
		if [ $((v[0] & 32)) -ne 0 ] || [ "$start" -gt "$end" ]; then hidden=", hidden"; fi
		if [ "$at" -ge $((cols * rows)) ]; then
			echo "off screen$hidden" >"$out.cursor"
		else
			echo "row $((at / cols)), column $((at % cols)), scan lines $start-$end$hidden" >"$out.cursor"
		fi
	fi
	if [ -f "$work/dump.$i" ]; then
		"$BOOTCHECK" screen --size "$size" "$work/dump.$i" >"$out"
		"$BOOTCHECK" screen --size "$size" --colors "$work/dump.$i" >"$out.colors"
	else
		echo "(QEMU's screen could not be read)" | tee "$out.colors" >"$out"
	fi
}

# padded_floppy IMG - a copy of IMG in $work padded to the standard floppy
# size bootcheck gives it (360K, 720K, 1.2M, 1.44M, 2.88M); prints its path
padded_floppy() {
	local size std copy
	size=$(stat -c %s "$1")
	copy=$work/fd-$(basename "$1")
	for std in 368640 737280 1228800 1474560 2949120; do
		[ "$size" -le "$std" ] && break
	done
	cp "$1" "$copy" && truncate -s "$std" "$copy"
	echo "$copy"
}

# compare NAME IMG DRIVE [IDLE_MS [KEYS [SERIAL]]] - boot IMG both ways (typing
# KEYS and sending SERIAL, if given) and compare the screens; the floppies
# in the array `floppies` are the machine's --floppy drives
floppies=()
compare() {
	local name=$1 img=$2 drive=$3 idle=${4:-300} keys=${5:-} serial=${6:-} input=() f
	[ -z "$keys" ] || input+=(--keys "$keys")
	[ -z "$serial" ] || input+=(--serial-in "$serial")
	for f in "${floppies[@]}"; do input+=(--floppy "$f"); done
	local h
	for h in "${hdds[@]}"; do input+=(--hdd "$h"); done
	"$BOOTCHECK" run --drive "$drive" --vgabios "$VGABIOS" --bios "$BIOS" --timeout 30 \
		--idle "$idle" "${input[@]}" --out "$work/bc-$name" "$img" >/dev/null 2>"$work/bc-$name.err"
	local st=$?
	if [ "$st" -ne 0 ]; then
		fail "fidelity: $name" "bootcheck exited $st: $(head -n 2 "$work/bc-$name.err")"
		return
	fi
	# the text mode bootcheck saw (its colors capture: rows, and cells a row)
	local size
	size=$(awk -F'|' 'NR == 1 { n = split($2, r, " "); for (i = 1; i <= n; i++) { split(r[i], p, "*"); c += p[2] } } END { printf "%dx%d", c ? c : 80, NR ? NR : 25 }' "$work/bc-$name/colors")
	qemu_screen "$img" "$drive" "$work/qemu-$name" "$idle" "$keys" "$serial" "$size"
	if [ -f "$work/bc-$name/screen.png" ]; then
		# a graphics mode: the pictures, QEMU's scaled by whole factors
		local same
		if same=$("$PNG_SAME" "$work/bc-$name/screen.png" "$work/qemu-$name.png" 2>&1); then
			pass "fidelity: $name (bootcheck: $(cat "$work/bc-$name/exit"); $(cat "$work/bc-$name/screen"): the same picture)"
		else
			fail "fidelity: $name" "pictures differ:" "$same"
		fi
	elif cmp -s "$work/bc-$name/screen" "$work/qemu-$name" &&
		cmp -s "$work/bc-$name/colors" "$work/qemu-$name.colors" &&
		cmp -s "$work/bc-$name/cursor" "$work/qemu-$name.cursor"; then
		pass "fidelity: $name (bootcheck: $(cat "$work/bc-$name/exit"); characters, colours, cursor)"
	else
		local d
		d=$(diff -u --label qemu --label bootcheck "$work/qemu-$name" "$work/bc-$name/screen"
			diff -u --label "qemu colors" --label "bootcheck colors" "$work/qemu-$name.colors" \
				"$work/bc-$name/colors"
			diff -u --label "qemu cursor" --label "bootcheck cursor" "$work/qemu-$name.cursor" \
				"$work/bc-$name/cursor")
		fail "fidelity: $name" "screens differ:" "$(head -n 30 <<<"$d")"
	fi
}

# --- the project's BIOS-mode guests: group bios of bootcheck.ini
while IFS=$'\t' read -r name groups cmd; do
	case ",$groups," in *,no-fidelity,*) continue ;; esac
	# the reproducing command, as the shell would split it (our own manifest)
	argv=()
	eval "argv=($cmd)"
	image=${argv[-1]}
	drive=hdd idle=300 keys="" serial="" floppies=() hdds=()
	for ((a = 0; a < ${#argv[@]} - 1; a++)); do
		case ${argv[a]} in
		--drive) drive=${argv[a + 1]} ;;
		--floppy) floppies+=("${argv[a + 1]}") ;;
		--hdd) hdds+=("${argv[a + 1]}") ;;
		--idle) idle=${argv[a + 1]} ;;
		--keys) keys=${argv[a + 1]} ;;
		--serial-in) serial=${argv[a + 1]} ;;
		esac
	done
	cp "$image" "$work/$name.img"
	compare "$name" "$work/$name.img" "$drive" "$idle" "$keys" "$serial"
done < <("$BOOTCHECK" check --list --group bios bootcheck.ini)

hdds=()

# --- third-party boot code packaged by Debian (tests/lib.sh) -----------------
floppies=()
debian_boot_images "$work"
compare "mkfs.fat floppy" "$work/fat.img" floppy
compare "syslinux mbr.bin" "$work/syslinux.img" hdd
compare "mbr package MBR" "$work/mbr.img" hdd

# --- Multiboot kernels: bootcheck's loader against QEMU's -kernel -----------
# The same kernel, command line and modules under both loaders.  What QEMU
# gives differently by design is left out: its loader name, the file name it
# puts before the command line, SeaBIOS's memory map, a boot device, no
# framebuffer; what must agree is the magic, each module's size and
# contents, and the kernel's verdict on the rest (all as specified).
multiboot_lines() {
	grep -E '^multiboot kernel: (magic|all|problems)|^  [0-9]+ ".*" [0-9]+ bytes: ' "$1" |
		sed -E 's/, flags .*//; s/^(  [0-9]+) ".*" /\1 /'
}
printf 'one\nmodule\n' >"$work/mod-a"
printf 'second module' >"$work/mod-b"
for kernel in mb1-kernel.elf mb1-kernel-aout.bin; do
	"$BOOTCHECK" run --mode direct --cmdline "test=fidelity" --module "$work/mod-a" \
		--module "$work/mod-b=b" --out "$work/bc-$kernel" "$GUESTS/$kernel" >/dev/null 2>&1
	timeout 60 qemu-system-i386 -M isapc -nodefaults -display none -m 32 -bios "$BIOS" \
		-device isa-debug-exit,iobase=0xf4,iosize=1 -serial "file:$work/qemu-$kernel" \
		-kernel "$GUESTS/$kernel" -append "test=fidelity" -initrd "$work/mod-a,$work/mod-b b" \
		>/dev/null 2>&1
	if [ -s "$work/qemu-$kernel" ] &&
		diff <(multiboot_lines "$work/qemu-$kernel") <(multiboot_lines "$work/bc-$kernel/serial") >/dev/null &&
		grep -q 'all as specified' "$work/bc-$kernel/serial"; then
		pass "fidelity: Multiboot $kernel (magic, modules and the kernel's verdict as under QEMU -kernel)"
	else
		fail "fidelity: Multiboot $kernel" "$(diff -u --label qemu --label bootcheck \
			<(multiboot_lines "$work/qemu-$kernel") <(multiboot_lines "$work/bc-$kernel/serial") | head -n 20)"
	fi
done

summary
