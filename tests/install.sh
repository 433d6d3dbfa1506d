#!/usr/bin/env bash
# install.sh - make install and make uninstall into a DESTDIR: the binary and
# the man page with their modes, a man page groff and mandoc find nothing
# to say about, with an entry for every option `bootcheck run --help` and
# `bootcheck check --help` list (and none they do not), and nothing left
# behind by uninstall.  Needs BOOTCHECK (the binary make install installs).
set -u
cd "$(dirname "$0")/.." || exit 99
# shellcheck source=tests/lib.sh
. tests/lib.sh

: "${BOOTCHECK:?set BOOTCHECK to the bootcheck binary}"
BOOTCHECK=$(realpath "$BOOTCHECK")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dest=$work/dest
bin=$dest/usr/bin/bootcheck
page=$dest/usr/share/man/man1/bootcheck.1

# make_here ARGS... : this tree's make, not the jobs of the make that runs us
make_here() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s SAN="${SAN:-0}" "$@" >"$work/make.log" 2>&1
}

if make_here install DESTDIR="$dest" PREFIX=/usr; then
	pass "make install DESTDIR=... PREFIX=/usr"
else
	fail "make install DESTDIR=... PREFIX=/usr" "$(tail -n 5 "$work/make.log")"
fi

# installed FILE MODE SOURCE : FILE is a regular file with MODE and SOURCE's bytes
installed() {
	local file=$1 mode=$2 source=$3 name=${1#"$dest"}
	if [ ! -f "$file" ]; then
		fail "$name installed" "no such file"
	elif [ "$(stat -c %a "$file")" != "$mode" ]; then
		fail "$name installed" "mode $(stat -c %a "$file"), expected $mode"
	elif ! cmp -s "$file" "$source"; then
		fail "$name installed" "differs from $source"
	else
		pass "$name installed, mode $mode"
	fi
}
installed "$bin" 755 "$BOOTCHECK"
installed "$page" 644 bootcheck.1
got=$(cd "$dest" && find . ! -type d | sort | tr '\n' ' ')
if [ "$got" = "./usr/bin/bootcheck ./usr/share/man/man1/bootcheck.1 " ]; then
	pass "make install installs those two files and nothing else"
else
	fail "make install installs those two files and nothing else" "installed: $got"
fi

# --- the man page ----------------------------------------------------------
if [ -f "$page" ]; then
	if out=$(groff -man -ww -z "$page" 2>&1) && [ -z "$out" ]; then
		pass "groff -man -ww: no warnings"
	else
		fail "groff -man -ww: no warnings" "$out"
	fi
	if command -v mandoc >/dev/null; then
		if out=$(mandoc -T lint -W style "$page" 2>&1) && [ -z "$out" ]; then
			pass "mandoc -T lint: nothing to say"
		else
			fail "mandoc -T lint: nothing to say" "$out"
		fi
	else
		fail "mandoc -T lint: nothing to say" "mandoc is not installed: run ci/install-deps"
	fi
	if grep -q "^\.TH BOOTCHECK 1 [0-9-]* \"bootcheck $(cat VERSION)\" " "$page"; then
		pass "the man page names the release in VERSION"
	else
		fail "the man page names the release in VERSION" "$(grep '^\.TH' "$page")" "VERSION: $(cat VERSION)"
	fi

	# help_options: the options an --help text on stdin lists (-v, --verbose ...)
	help_options() {
		sed -n 's/^  \(-[-a-zA-Z]*\)\(, \(--[-a-z]*\)\)\{0,1\}.*/\1 \3/p' | tr ' ' '\n' | sed '/^$/d' | sort -u
	}
	# man_options TITLE: the options of the man page's .TP entries in .SS TITLE
	man_options() {
		awk -v ss=".SS \"$1\"" '
			/^\.S[HS] / { in_ss = ($0 == ss); next }
			in_ss && /^\.TP/ { tag = 1; next }
			in_ss && tag { print; tag = 0 }' "$page" |
			sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' |
			grep -oE -- '(^|[ ,"])--?[a-zA-Z][-a-zA-Z]*' | sed -E 's/^[ ,"]//' | sort -u
	}
	for cmd in run check; do
		"$bin" "$cmd" --help | help_options >"$work/help"
		man_options "Options of $cmd" >"$work/man"
		missing=$(comm -23 "$work/help" "$work/man" | tr '\n' ' ')
		extra=$(comm -13 "$work/help" "$work/man" | tr '\n' ' ')
		if [ "$(wc -l <"$work/help")" -lt 10 ]; then
			fail "bootcheck $cmd: every option in the man page" "--help lists only: $(tr '\n' ' ' <"$work/help")"
		elif [ -n "$missing$extra" ]; then
			fail "bootcheck $cmd: every option in the man page" \
				"in --help, not under \"Options of $cmd\": $missing" \
				"under \"Options of $cmd\", not in --help: $extra"
		else
			pass "bootcheck $cmd: every option in the man page ($(wc -l <"$work/help") of them)"
		fi
	done
else
	skip "the man page" "make install put none"
fi

# --- ci/install-deps --runtime covers every library bootcheck loads ----------
# linked (ldd) and opened with dlopen (their sonames are strings in the binary)
runtime=$(sed -n '/^runtime=(/,/^)/p' ci/install-deps | sed 's/#.*//; s/runtime=(//; s/)//' | tr -s ' \t\n' '\n' | sed '/^$/d' | sort)
libs=$( { ldd "$BOOTCHECK" | awk '$3 ~ /^\// { print $3 }'
	strings "$BOOTCHECK" | grep -E '^lib[a-z0-9_+-]+\.so\.[0-9.]+$' |
		while read -r soname; do ldconfig -p | awk -v s="$soname" '$1 == s { print $NF; exit }'; done
	} | sort -u)
uncovered=""
for lib in $libs; do
	pkg=$(dpkg -S "$(realpath "$lib")" 2>/dev/null | head -n 1 | cut -d: -f1)
	[ -z "$pkg" ] && pkg=$(dpkg -S "$lib" 2>/dev/null | head -n 1 | cut -d: -f1)
	case "$pkg" in libc6) continue ;; esac # essential: on every Debian system
	# make check SAN=1: the sanitizers' runtimes are the build's, not a user's
	if ldd "$BOOTCHECK" | grep -q libasan; then
		case "$pkg" in libasan* | libubsan* | libgcc-s1 | libstdc++6) continue ;; esac
	fi
	grep -qx "$pkg" <<<"$runtime" || uncovered="$uncovered $lib (${pkg:-no package})"
done
if [ "$(wc -w <<<"$libs")" -ge 7 ] && [ -z "$uncovered" ]; then
	pass "ci/install-deps --runtime names the package of each of the $(wc -w <<<"$libs") libraries bootcheck links or opens"
else
	fail "ci/install-deps --runtime covers every library bootcheck loads" "not covered:$uncovered" "libraries: $(tr '\n' ' ' <<<"$libs")"
fi

# --- uninstall -------------------------------------------------------------
if make_here uninstall DESTDIR="$dest" PREFIX=/usr; then
	left=$(cd "$dest" && find . ! -type d | tr '\n' ' ')
	if [ -z "$left" ]; then
		pass "make uninstall leaves no file behind"
	else
		fail "make uninstall leaves no file behind" "left: $left"
	fi
else
	fail "make uninstall DESTDIR=... PREFIX=/usr" "$(tail -n 5 "$work/make.log")"
fi

summary
