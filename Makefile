# bootcheck - boot sectors tested like functions.
#
#   make            build build/bootcheck and the guests
#   make check      unit tests, then every guest against its goldens
#   make examples   boot the bundled guests and show what they did
#   make bench      bootcheck against QEMU, same run, medians and ratios
#   make install    PREFIX=/usr/local DESTDIR=: $(BINDIR)/bootcheck and the
#                   man page, $(MANDIR)/man1/bootcheck.1 (MANDIR: $(PREFIX)/share/man)
#   make uninstall  the same variables: removes those two files, nothing else
#   make check SAN=1  the whole suite against a build under ASan+UBSan (build-san/)
#   make fuzz       every libFuzzer target in tests/fuzz/ for FUZZ_SECONDS each (build-fuzz/)

ifeq ($(origin CC),default)
CC := gcc
endif
NASM ?= nasm
OBJCOPY ?= objcopy
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

# SAN=1: every C program built with ASan and UBSan into build-san/, so a
# plain build and a sanitized one never share an object.  The guests are
# nasm's flat binaries, the same either way, and bootcheck.ini names them
# in build/guests: both builds use that one directory.
SAN ?= 0
ifeq ($(SAN),1)
B := build-san
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else
B := build
SANITIZE :=
endif
G := build/guests

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
# (JUnit XML), libpng (pictures) and libtre (scrub rules), opened with dlopen when first needed
# (harness/sys/dynlib.h), so a run does not load their ~20 dependencies.
PKGS := json-c inih nettle
PKGS_DLOPEN := libxml-2.0 libgit2 libpng tre
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
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARNINGS) -Iharness -I$(B) \
	$(shell pkg-config --cflags $(PKGS) $(PKGS_DLOPEN))
ALL_CFLAGS := $(BASE_CFLAGS) $(CFLAGS) $(SANITIZE)
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
LIB_OBJS += $(B)/hw/dma.o
LIB_OBJS += $(B)/hw/fdc.o
LIB_OBJS += $(B)/input/keys.o
LIB_OBJS += $(B)/input/pacer.o
LIB_OBJS += $(B)/input/script.o
LIB_OBJS += $(B)/boot/image.o
LIB_OBJS += $(B)/boot/elf.o
LIB_OBJS += $(B)/boot/bootinfo.o
LIB_OBJS += $(B)/boot/multiboot.o
LIB_OBJS += $(B)/boot/multiboot2.o
LIB_OBJS += $(B)/boot/kernel.o
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
LIB_OBJS += $(B)/sys/errmsg.o
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
UNIT_TESTS += dma_test
UNIT_TESTS += fdc_test
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
UNIT_TESTS += exit_status_test
UNIT_TESTS += elf_test
UNIT_TESTS += multiboot_test
UNIT_BINS := $(addprefix $(B)/tests/,$(UNIT_TESTS))

# ELF guests (elf64-*, elf32-*) are assembled as ELF objects and linked; the rest are flat.
ELF_GUEST_SRCS := $(wildcard guests/elf64-*.asm guests/elf32-*.asm)
GUEST_SRCS := $(filter-out $(ELF_GUEST_SRCS),$(wildcard guests/*.asm))
GUEST_BINS := $(patsubst guests/%.asm,$(G)/%.bin,$(GUEST_SRCS))
ELF_GUEST_BINS := $(patsubst guests/%.asm,$(G)/%.elf,$(ELF_GUEST_SRCS))
KERNEL_GUEST_BINS := $(G)/mb1-kernel.elf $(G)/mb1-kernel-aout.bin $(G)/mb2-kernel.elf

.PHONY: all guests unit check update-goldens examples bench install uninstall clean format lint fuzz FORCE
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
guests: $(GUEST_BINS) $(ELF_GUEST_BINS) $(KERNEL_GUEST_BINS)

# text at 1 MiB, data apart from it (2 MiB for ELF64, 3 MiB for ELF32), so a
# kernel has two PT_LOAD segments and a .bss past its file bytes
ELF_LDFLAGS := -n -static -nostdlib --build-id=none -z noexecstack -e _start -Ttext=0x100000
$(G)/elf64-%.elf: guests/elf64-%.asm guests/common.inc
	@mkdir -p $(dir $@)
	$(NASM) -f elf64 -Iguests/ -o $@.o $<
	$(LD) -m elf_x86_64 $(ELF_LDFLAGS) -Tdata=0x200000 -o $@ $@.o
	@rm -f $@.o
$(G)/elf32-%.elf: guests/elf32-%.asm guests/common.inc
	@mkdir -p $(dir $@)
	$(NASM) -f elf32 -Iguests/ -o $@.o $<
	$(LD) -m elf_i386 $(ELF_LDFLAGS) -Tdata=0x300000 -o $@ $@.o
	@rm -f $@.o
# Kernels in C (guests/multiboot/): the system gcc with -m32 -ffreestanding
# and ld, as the tutorials build them; no SSE or x87 (the host's instruction
# emulator stops on some of it, see the README); i486 code (no CMOV), so the
# 486 of QEMU's isapc machine runs the same kernels (tests/fidelity.sh).
KERNEL_CFLAGS := -m32 -march=i486 -std=c11 -ffreestanding -fno-pie -fno-pic -fno-stack-protector \
	-fno-builtin -nostdlib -mgeneral-regs-only -fno-asynchronous-unwind-tables -O2 \
	-Wall -Wextra -Werror
KERNEL_LDFLAGS := -m elf_i386 -n -static -nostdlib --build-id=none -z noexecstack --no-warn-rwx-segments \
	-T guests/multiboot/link.ld
$(G)/multiboot/kernel.o: guests/multiboot/kernel.c
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -c -o $@ $<
$(G)/multiboot/%.o: guests/multiboot/%.asm guests/multiboot/entry.inc
	@mkdir -p $(dir $@)
	$(NASM) -f elf32 -Iguests/ -o $@ $<
# the ELF: the loader reads its program headers
$(G)/mb1-kernel.elf: $(G)/multiboot/boot.o $(G)/multiboot/kernel.o guests/multiboot/link.ld
	$(LD) $(KERNEL_LDFLAGS) -o $@ $(filter %.o,$^)
# the same code as a flat binary: the header's address fields say where it goes
$(G)/mb1-kernel-aout.bin: $(G)/multiboot/boot-aout.o $(G)/multiboot/kernel.o guests/multiboot/link.ld
	$(LD) $(KERNEL_LDFLAGS) -o $@.elf $(filter %.o,$^)
	$(OBJCOPY) -O binary $@.elf $@
	@rm -f $@.elf
# Multiboot2: an ELF64 whose 32-bit entry switches to long mode itself
$(G)/mb2-kernel.elf: guests/multiboot/mb2-kernel.asm
	@mkdir -p $(dir $@)
	$(NASM) -f elf64 -o $@.o $<
	$(LD) -m elf_x86_64 -n -static -nostdlib --build-id=none -z noexecstack \
		--no-warn-rwx-segments -e _start -Ttext=0x100000 -o $@ $@.o
	@rm -f $@.o

$(G)/%.bin: guests/%.asm
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
	@$(san_reset)
	@failed=0; for t in $(UNIT_BINS); do $$t || failed=1; done; $(san_verdict); exit $$failed

# The suite keeps its BIOS snapshots in the build tree, not in your cache.
check: export BOOTCHECK_CACHE_DIR := $(abspath $(B))/cache
check: all unit $(B)/png-same
	@$(san_reset)
	$(call san_run,BOOTCHECK=$(B)/bootcheck tests/version.sh)
	$(call san_run,BOOTCHECK=$(B)/bootcheck SAN=$(SAN) tests/install.sh)
	$(call san_run,BOOTCHECK=$(B)/bootcheck GUESTS=$(G) tests/e2e.sh)
	$(call san_run,BOOTCHECK=$(B)/bootcheck GUESTS=$(G) tests/snapshot.sh)
	$(call san_run,BOOTCHECK=$(B)/bootcheck GUESTS=$(G) tests/check-demo.sh)
	$(call san_run,BOOTCHECK=$(B)/bootcheck GUESTS=$(G) tests/workers.sh)
	$(call san_run,BOOTCHECK=$(B)/bootcheck GUESTS=$(G) tests/input.sh)
	$(call san_run,BOOTCHECK=$(B)/bootcheck GUESTS=$(G) tests/screen.sh)
	$(call san_run,BOOTCHECK=$(B)/bootcheck ARTIFACTS=$(B)/artifacts tests/html.sh)
	$(call san_run,BOOTCHECK=$(B)/bootcheck GUESTS=$(G) PNG_SAME=$(B)/png-same tests/fidelity.sh)
	$(call san_run,$(B)/bootcheck check bootcheck.ini)

# SAN=1: any sanitizer report fails the suite.  A test script may swallow
# a program's stderr (or run it where only its exit status counts), so the
# reports go to files in $(SAN_LOG) (writable by the ordinary user some
# checks run as), and every step fails when one was written, showing it.
ifeq ($(SAN),1)
SAN_LOG := $(abspath $(B))/san-log
export ASAN_OPTIONS := detect_leaks=1:halt_on_error=1:print_stacktrace=1:log_path=$(SAN_LOG)/asan
export UBSAN_OPTIONS := halt_on_error=1:print_stacktrace=1:log_path=$(SAN_LOG)/ubsan
san_reset = rm -rf $(SAN_LOG) && mkdir -p $(SAN_LOG) && chmod 1777 $(SAN_LOG)
san_verdict = if [ -n "$$(ls -A $(SAN_LOG))" ]; then cat $(SAN_LOG)/* >&2; \
	echo "sanitizer reports above (kept in $(SAN_LOG))" >&2; exit 1; fi
san_run = $(1); s=$$?; $(san_verdict); exit $$s
else
san_reset = :
san_verdict = :
san_run = $(1)
endif

# Rewrite expected/ from what the guests do now; review with git diff.
update-goldens: all
	$(B)/bootcheck check --update bootcheck.ini

# Boot every bundled example guest and show its output.
examples: all
	BOOTCHECK=$(B)/bootcheck GUESTS=$(G) ci/examples

bench: all $(B)/minimal-kvm
	BOOTCHECK=$(B)/bootcheck GUESTS=$(G) MINIMAL_KVM=$(B)/minimal-kvm ci/bench
	BOOTCHECK=$(B)/bootcheck GUESTS=$(G) ci/bench-check

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
	rm -rf build build-san $(FZ)

# ---------------------------------------------------------------- fuzzing
# tests/fuzz/fuzz_NAME.c: one libFuzzer target per area, built with clang
# (libFuzzer, ASan, UBSan; the harness objects with coverage) into
# build-fuzz/.  `make fuzz` runs each for FUZZ_SECONDS on a scratch copy of
# its seed corpus (tests/fuzz/corpus/NAME/; the repository is never
# written); a crash, leak or sanitizer report fails make and leaves the
# input that caused it as build-fuzz/crashes/NAME-*.  Reproduce one with
# build-fuzz/fuzz_NAME FILE.
FZ := build-fuzz
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := manifest scrub golden devices fastpath elf multiboot
# (clang also calls KVM's idiom of a header struct with a flexible array
# followed by its entries a GNU extension: it is, and gcc builds it as well)
FUZZ_CFLAGS := $(BASE_CFLAGS) -Wno-gnu-variable-sized-type-not-at-end -O1 -g \
	-fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_OBJS := $(patsubst $(B)/%,$(FZ)/%,$(LIB_OBJS))
FUZZ_BINS := $(addprefix $(FZ)/fuzz_,$(FUZZ_TARGETS))

$(FZ)/%.o: harness/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FZ)/main.o $(FZ)/machine.o: $(B)/version.h

$(FZ)/libbootcheck.a: $(FUZZ_OBJS)
	rm -f $@
	ar rcs $@ $^

$(FZ)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FZ)/libbootcheck.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Itests/fuzz -fsanitize=fuzzer -MMD -MP -o $@ $< \
		$(FZ)/libbootcheck.a $(LIBS)

.PHONY: $(addprefix fuzz-,$(FUZZ_TARGETS))
fuzz: $(addprefix fuzz-,$(FUZZ_TARGETS))
$(addprefix fuzz-,$(FUZZ_TARGETS)): fuzz-%: $(FZ)/fuzz_%
	@rm -rf $(FZ)/corpus/$* && mkdir -p $(FZ)/corpus $(FZ)/crashes
	@cp -r tests/fuzz/corpus/$* $(FZ)/corpus/$*
	$(FZ)/fuzz_$* -max_total_time=$(FUZZ_SECONDS) -timeout=20 -print_final_stats=1 \
		-artifact_prefix=$(FZ)/crashes/$*- \
		$(if $(wildcard tests/fuzz/$*.dict),-dict=tests/fuzz/$*.dict) $(FZ)/corpus/$*

-include $(shell find $(B) $(FZ) -name '*.d' 2>/dev/null)
