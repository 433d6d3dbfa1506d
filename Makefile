# bootcheck - boot sectors tested like functions.
#
#   make            build build/bootcheck and the guests
#   make check      unit tests, then every guest against its goldens
#   make examples   boot the bundled guests and show what they did
#   make bench      bootcheck against QEMU, same run, medians and ratios
#   make install    PREFIX=/usr/local DESTDIR=: $(BINDIR)/bootcheck and the
#                   man page, $(MANDIR)/man1/bootcheck.1 (MANDIR: $(PREFIX)/share/man)
#   make uninstall  the same variables: removes those two files, nothing else

ifeq ($(origin CC),default)
CC := gcc
endif
NASM ?= nasm
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
WERROR ?= 1
# The release is VERSION's; built from a git checkout, git's description of
# its commit follows: "0.11.0 (git 368660b-dirty)".  Only this tree's own
# .git counts, so a copy without it (a release tarball) is the release alone.
RELEASE := $(strip $(file <VERSION))
ifeq ($(RELEASE),)
$(error VERSION is missing or empty: it holds the release number, e.g. 0.11.0)
endif
GIT_DESCRIPTION := $(if $(wildcard .git),$(shell git describe --always --dirty 2>/dev/null))
VERSION := $(RELEASE)$(if $(GIT_DESCRIPTION), (git $(GIT_DESCRIPTION)))

B := build

WARNINGS := -Wall
WARNINGS += -Wextra
WARNINGS += -Wshadow
WARNINGS += -Wstrict-prototypes
WARNINGS += -Wmissing-prototypes
WARNINGS += -Wformat=2
WARNINGS += -Wvla
WARNINGS += -Wno-missing-field-initializers
ifeq ($(WERROR),1)
WARNINGS += -Werror
endif

# Linked: what every run uses.  Headers only: libgit2 (diffs), libxml2
# (JUnit XML) and libpng (pictures), opened with dlopen when first needed
# (harness/sys/dynlib.h), so a run does not load their ~20 dependencies.
PKGS := json-c inih nettle
PKGS_DLOPEN := libxml-2.0 libgit2 libpng
# A missing package stops the build naming it (pkg-config given several
# names drops every flag when one is missing, and the compiler then fails on
# a header far from the cause).
ifeq ($(filter clean format lint uninstall,$(MAKECMDGOALS)),)
MISSING_PKGS := $(strip $(foreach p,$(PKGS) $(PKGS_DLOPEN),$(if $(shell pkg-config --exists $(p) && echo y),,$(p))))
ifneq ($(MISSING_PKGS),)
$(error pkg-config does not know $(MISSING_PKGS): run ci/install-deps (or install their Debian -dev packages))
endif
endif
CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARNINGS) -Iharness -I$(B) \
	$(shell pkg-config --cflags $(PKGS) $(PKGS_DLOPEN)) $(CFLAGS)
LIBS := $(shell pkg-config --libs $(PKGS)) -lm

# The harness, one object per module.
LIB_OBJS := $(B)/vmm/kvm.o
LIB_OBJS += $(B)/vmm/vm.o
LIB_OBJS += $(B)/vmm/guest_mem.o
LIB_OBJS += $(B)/vmm/bus.o
LIB_OBJS += $(B)/vmm/insn.o
LIB_OBJS += $(B)/vmm/fastpath.o
LIB_OBJS += $(B)/vmm/vclock.o
LIB_OBJS += $(B)/vmm/run.o
LIB_OBJS += $(B)/vmm/vcpu_state.o
LIB_OBJS += $(B)/vmm/snapshot.o
LIB_OBJS += $(B)/hw/uart.o
LIB_OBJS += $(B)/hw/debugcon.o
LIB_OBJS += $(B)/hw/debug_exit.o
LIB_OBJS += $(B)/hw/vga.o
LIB_OBJS += $(B)/hw/fw_cfg.o
LIB_OBJS += $(B)/hw/cmos.o
LIB_OBJS += $(B)/hw/pic.o
LIB_OBJS += $(B)/hw/pit.o
LIB_OBJS += $(B)/hw/i8042.o
LIB_OBJS += $(B)/hw/sysreset.o
LIB_OBJS += $(B)/hw/disk.o
LIB_OBJS += $(B)/hw/ata.o
LIB_OBJS += $(B)/input/keys.o
LIB_OBJS += $(B)/input/pacer.o
LIB_OBJS += $(B)/input/script.o
LIB_OBJS += $(B)/boot/image.o
LIB_OBJS += $(B)/boot/direct.o
LIB_OBJS += $(B)/boot/bios.o
LIB_OBJS += $(B)/capture/outbuf.o
LIB_OBJS += $(B)/capture/cp437.o
LIB_OBJS += $(B)/capture/screen.o
LIB_OBJS += $(B)/capture/utf8.o
LIB_OBJS += $(B)/capture/png.o
LIB_OBJS += $(B)/capture/graphics.o
LIB_OBJS += $(B)/capture/render.o
LIB_OBJS += $(B)/report/exit_reason.o
LIB_OBJS += $(B)/report/report.o
LIB_OBJS += $(B)/report/color.o
LIB_OBJS += $(B)/report/kvm_advice.o
LIB_OBJS += $(B)/config/options.o
LIB_OBJS += $(B)/cli/cmd_run.o
LIB_OBJS += $(B)/cli/cmd_screen.o
LIB_OBJS += $(B)/cli/cmd_keys.o
LIB_OBJS += $(B)/cli/cmd_check.o
LIB_OBJS += $(B)/check/runner.o
LIB_OBJS += $(B)/check/output.o
LIB_OBJS += $(B)/machine.o
LIB_OBJS += $(B)/check/scrub.o
LIB_OBJS += $(B)/sys/dynlib.o
LIB_OBJS += $(B)/sys/file.o
LIB_OBJS += $(B)/check/diff.o
LIB_OBJS += $(B)/check/golden.o
LIB_OBJS += $(B)/check/manifest.o
LIB_OBJS += $(B)/check/pictures.o
LIB_OBJS += $(B)/check/html.o

# Unit tests: tests/unit/<module>_test.c, linked against the harness objects.
UNIT_TESTS := uart_test
UNIT_TESTS += vga_test
UNIT_TESTS += screen_test
UNIT_TESTS += bus_test
UNIT_TESTS += insn_test
UNIT_TESTS += exit_reason_test
UNIT_TESTS += options_test
UNIT_TESTS += fw_cfg_test
UNIT_TESTS += cmos_test
UNIT_TESTS += pic_test
UNIT_TESTS += pit_test
UNIT_TESTS += vclock_test
UNIT_TESTS += i8042_test
UNIT_TESTS += sysreset_test
UNIT_TESTS += disk_test
UNIT_TESTS += ata_test
UNIT_TESTS += fastpath_test
UNIT_TESTS += scrub_test
UNIT_TESTS += diff_test
UNIT_TESTS += golden_test
UNIT_TESTS += manifest_test
UNIT_TESTS += vm_test
UNIT_TESTS += keys_test
UNIT_TESTS += pacer_test
UNIT_TESTS += script_test
UNIT_TESTS += graphics_test
UNIT_TESTS += color_test
UNIT_TESTS += kvm_advice_test
UNIT_BINS := $(addprefix $(B)/tests/,$(UNIT_TESTS))

GUEST_SRCS := $(wildcard guests/*.asm)
GUEST_BINS := $(patsubst guests/%.asm,$(B)/guests/%.bin,$(GUEST_SRCS))

.PHONY: all guests unit check update-goldens examples bench install uninstall clean format lint FORCE
all: $(B)/bootcheck guests

# $(B)/version.h: the version, rewritten only when it changes, so a commit
# (or the first edit after one: -dirty) rebuilds what prints it.  A checkout
# git will not read (another user's, as root outside sudo: make install)
# keeps the last build's.
$(B)/version.h: FORCE
	@mkdir -p $(dir $@)
	@printf '#define BOOTCHECK_VERSION "%s"\n' '$(VERSION)' >$@.new
	@if cmp -s $@.new $@ || { [ -e .git ] && [ -z '$(GIT_DESCRIPTION)' ] && [ -f $@ ]; }; \
	then rm -f $@.new; else mv $@.new $@; fi
$(B)/main.o $(B)/machine.o: $(B)/version.h

$(B)/%.o: harness/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libbootcheck.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(B)/bootcheck: $(B)/main.o $(B)/libbootcheck.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

# Guests: flat binaries; boot sectors (mbr-*) must be exactly 512 bytes with 55 AA;
# floppy* images up to 2.88 MB, the rest up to 64 KiB.
guests: $(GUEST_BINS)
$(B)/guests/%.bin: guests/%.asm
	@mkdir -p $(dir $@)
	$(NASM) -f bin -Iguests/ -o $@ $<
	@size=$$(stat -c %s $@); \
	case "$*" in mbr-*) \
	  test "$$size" -eq 512 || { echo "$@: boot sector is $$size bytes, not 512" >&2; rm -f $@; exit 1; }; \
	  test "$$(od -An -tx1 -j510 -N2 $@ | tr -d ' ')" = 55aa || { echo "$@: no 55 AA signature" >&2; rm -f $@; exit 1; } ;; \
	esac; \
	case "$*" in floppy*) max=2949120 ;; *) max=65536 ;; esac; \
	test "$$size" -le "$$max" || { echo "$@: $$size bytes, more than $$max" >&2; rm -f $@; exit 1; }

$(B)/tests/%: tests/unit/%.c $(B)/libbootcheck.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libbootcheck.a $(LIBS) $(shell pkg-config --libs cmocka)

unit: $(UNIT_BINS)
	@failed=0; for t in $(UNIT_BINS); do $$t || failed=1; done; exit $$failed

# The suite keeps its BIOS snapshots in the build tree, not in your cache.
check: export BOOTCHECK_CACHE_DIR := $(abspath $(B))/cache
check: all unit $(B)/png-same
	BOOTCHECK=$(B)/bootcheck tests/version.sh
	BOOTCHECK=$(B)/bootcheck tests/install.sh
	BOOTCHECK=$(B)/bootcheck GUESTS=$(B)/guests tests/e2e.sh
	BOOTCHECK=$(B)/bootcheck GUESTS=$(B)/guests tests/snapshot.sh
	BOOTCHECK=$(B)/bootcheck GUESTS=$(B)/guests tests/check-demo.sh
	BOOTCHECK=$(B)/bootcheck GUESTS=$(B)/guests tests/workers.sh
	BOOTCHECK=$(B)/bootcheck GUESTS=$(B)/guests tests/input.sh
	BOOTCHECK=$(B)/bootcheck GUESTS=$(B)/guests tests/screen.sh
	BOOTCHECK=$(B)/bootcheck ARTIFACTS=$(B)/artifacts tests/html.sh
	BOOTCHECK=$(B)/bootcheck GUESTS=$(B)/guests PNG_SAME=$(B)/png-same tests/fidelity.sh
	$(B)/bootcheck check bootcheck.ini

# Rewrite expected/ from what the guests do now; review with git diff.
update-goldens: all
	$(B)/bootcheck check --update bootcheck.ini

# Boot every bundled example guest and show its output.
examples: all
	BOOTCHECK=$(B)/bootcheck GUESTS=$(B)/guests ci/examples

bench: all $(B)/minimal-kvm
	BOOTCHECK=$(B)/bootcheck GUESTS=$(B)/guests MINIMAL_KVM=$(B)/minimal-kvm ci/bench
	BOOTCHECK=$(B)/bootcheck GUESTS=$(B)/guests ci/bench-check

# tests/fidelity.sh: whether our picture and QEMU's screendump show the same pixels.
$(B)/png-same: tests/tools/png-same.c $(B)/libbootcheck.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libbootcheck.a $(LIBS)

# The floor a run is measured against: VM, vCPU, one hlt (no harness code).
$(B)/minimal-kvm: tests/bench/minimal-kvm.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $<

install: $(B)/bootcheck
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(B)/bootcheck $(DESTDIR)$(BINDIR)/bootcheck
	install -m 0644 bootcheck.1 $(DESTDIR)$(MANDIR)/man1/bootcheck.1

# What install put there; the directories stay (they hold other programs' files).
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/bootcheck $(DESTDIR)$(MANDIR)/man1/bootcheck.1

format:
	clang-format -i harness/*.c harness/*/*.[ch] tests/unit/*.c

lint:
	shellcheck -x ci/install-deps ci/bench ci/bench-check ci/examples tests/*.sh .ci/run

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
