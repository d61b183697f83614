# bpf-lockdown. `make` builds build/lockdownctl; `make STATIC=1` a fully
# static one; `make check` runs every test (unit tests, then the VM matrix);
# `make demo` boots a VM and shows the main job. See README.md.

OUT ?= build
CACHE ?= $(HOME)/.cache/bpf-lockdown
CC ?= cc
CLANG ?= clang
LLVM_STRIP ?= llvm-strip
BPFTOOL ?= bpftool
KERNELS ?= 6.1 6.12 sid
DEMO_KERNEL ?= 6.12

# The build-time minimum level: no runtime input goes below it.
MIN_LEVEL ?= none
ifeq ($(filter $(MIN_LEVEL),none integrity confidentiality),)
$(error MIN_LEVEL must be none, integrity or confidentiality, not '$(MIN_LEVEL)')
endif

LIBBPF := build/libbpf
CFLAGS ?= -O2 -g
CFLAGS += -DLOCKDOWN_MIN_LEVEL=LOCKDOWN_LEVEL_$(shell echo $(MIN_LEVEL) | tr a-z A-Z)
CFLAGS += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror \
	  -Iinclude -Isrc -I$(OUT) -I$(LIBBPF)/include
# The object (and so the build id) must not depend on where it is built.
BPF_CFLAGS := -g -O2 -target bpf -mcpu=v3 -Wall -Werror -Iinclude -Ibpf \
	      -fdebug-prefix-map=$(CURDIR)=. \
	      -I$(LIBBPF)/include -I/usr/include/$(shell $(CC) -dumpmachine)
# libbpf is always linked statically: the chosen version, not the system's.
LIBS := $(LIBBPF)/lib/libbpf.a -lelf -lz -ljson-c -linih
ifeq ($(STATIC),1)
LDFLAGS += -static
LIBS += -lzstd
# monitor --journal needs libsystemd, which has no static library: only
# dynamic builds have it, where pkg-config finds it (libsystemd-dev).
else ifeq ($(shell pkg-config --exists libsystemd && echo yes),yes)
JOURNALD := yes
CFLAGS += -DHAVE_SYSTEMD $(shell pkg-config --cflags libsystemd)
LIBS += $(shell pkg-config --libs libsystemd)
endif

SRCS := $(wildcard src/*.c)
OBJS := $(patsubst src/%.c,$(OUT)/obj/%.o,$(SRCS))
LIB_OBJS := $(filter-out $(OUT)/obj/lockdownctl.o,$(OBJS))
UNIT_TESTS := $(patsubst tests/unit/%.c,$(OUT)/unit/%,$(wildcard tests/unit/test_*.c))

.PHONY: all static deps libbpf unit unit-build fuzz check vm-test demo bench install deb format clean
all: $(OUT)/lockdownctl

# Build dependencies from Debian's archive (root, apt). libbpf comes
# separately from bookworm-backports without touching the apt sources.
deps:
	build-aux/install-deps.sh

libbpf: $(LIBBPF)/.version
$(LIBBPF)/.version: build-aux/libbpf.sh
	build-aux/libbpf.sh $(CACHE) $(LIBBPF)

$(OUT)/lockdown.bpf.o: bpf/lockdown.bpf.c $(wildcard bpf/*.h) include/lockdown_abi.h $(LIBBPF)/.version
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@.tmp
	$(LLVM_STRIP) -g $@.tmp -o $@
	@rm -f $@.tmp

$(OUT)/lockdown.skel.h: $(OUT)/lockdown.bpf.o
	$(BPFTOOL) gen skeleton $< name lockdown_bpf > $@.tmp && mv $@.tmp $@

# The build id names this build's enforcement among those pinned (see
# src/generation.h): a hash of the BPF object, rewritten only when it
# changes. BUILD_SALT makes a build that differs only in it (the upgrade
# test's "older" build).
ifneq ($(BUILD_SALT),)
BPF_CFLAGS += -DLOCKDOWN_BUILD_SALT=$(BUILD_SALT)
endif
$(OUT)/build-id.h: $(OUT)/lockdown.bpf.o
	@echo "#define LOCKDOWN_BUILD_ID \"$$(sha256sum $< | cut -c1-16)\"" >$@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(OUT)/obj/generation.o: $(OUT)/build-id.h
$(OUT)/obj/generation.o: CFLAGS += -include $(OUT)/build-id.h

# Rebuild what reads MIN_LEVEL when it changes.
$(OUT)/min-level: FORCE
	@mkdir -p $(@D)
	@echo $(MIN_LEVEL) | cmp -s - $@ || echo $(MIN_LEVEL) > $@
$(OUT)/obj/ratchet.o $(OUT)/obj/lockdownctl.o: $(OUT)/min-level
# And what reads HAVE_SYSTEMD when libsystemd comes or goes.
$(OUT)/journald: FORCE
	@mkdir -p $(@D)
	@echo $(or $(JOURNALD),no) | cmp -s - $@ || echo $(or $(JOURNALD),no) > $@
$(OUT)/obj/journal.o: $(OUT)/journald
FORCE:

$(OUT)/obj/%.o: src/%.c $(wildcard src/*.h) include/lockdown_abi.h $(OUT)/lockdown.skel.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c $< -o $@

$(OUT)/lockdownctl: $(OBJS)
	$(CC) $(LDFLAGS) $^ $(LIBS) -o $@

static:
	$(MAKE) STATIC=1 OUT=build/static build/static/lockdownctl build/static/probe build/static/attack build/static/bench build/static/mntattack
	$(MAKE) STATIC=1 OUT=build/static-min MIN_LEVEL=integrity build/static-min/lockdownctl
	$(MAKE) STATIC=1 OUT=build/static-old BUILD_SALT=1 build/static-old/lockdownctl

# The VM probe program: one real operation per lockdown reason.
$(OUT)/probe: tests/vm/probe.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) $< -o $@

# The benchmarks' guest side: loads lockdown's programs itself.
$(OUT)/bench: tests/bench/bench.c $(LIB_OBJS) $(OUT)/lockdown.skel.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) $< $(LIB_OBJS) $(LIBS) -o $@

# An outside review's mount attacks (mount_setattr, move_mount), for the VM.
$(OUT)/mntattack: tests/vm/mntattack.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -pthread $(LDFLAGS) $< -o $@

# The red team's bpf(2) attacks, for the VM.
$(OUT)/attack: tests/vm/attack.c $(LIBBPF)/.version
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -pthread $(LDFLAGS) $< $(LIBS) -o $@

$(OUT)/unit/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $^ $(LIBS) -lcmocka -o $@

# The configuration parser under libFuzzer, ASan and UBSan, for a bounded
# time from a copy of the committed corpus; any crash fails the target.
# policy.c needs cgroup.c and msg.c (errorf) to link.
FUZZ_SECONDS ?= 30
FUZZ_SRCS := tests/fuzz/fuzz_config.c src/config.c src/policy.c src/level.c \
	     src/reason.c src/cgroup.c src/msg.c
FUZZ_CFLAGS := -g -O1 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror \
	       -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	       -Iinclude -Isrc -I$(LIBBPF)/include
$(OUT)/fuzz/fuzz_config: $(FUZZ_SRCS) $(wildcard src/*.h) include/lockdown_abi.h $(LIBBPF)/.version
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) $(FUZZ_SRCS) $(LIBS) -o $@

fuzz: $(OUT)/fuzz/fuzz_config
	@rm -rf $(OUT)/fuzz/corpus && mkdir -p $(OUT)/fuzz/corpus
	@cp tests/fuzz/corpus/config/* $(OUT)/fuzz/corpus/
	@$(OUT)/fuzz/fuzz_config -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
		-dict=tests/fuzz/config.dict -artifact_prefix=$(OUT)/fuzz/ \
		$(OUT)/fuzz/corpus > $(OUT)/fuzz/fuzz.log 2>&1 || \
		{ tail -n 40 $(OUT)/fuzz/fuzz.log; echo "fuzz: config parser crashed, see $(OUT)/fuzz/" >&2; exit 1; }
	@runs=$$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' $(OUT)/fuzz/fuzz.log); \
		echo "fuzz: config parser: $${runs:-?} runs, no crash"

unit-build: $(UNIT_TESTS)

unit: unit-build
	@fail=0; for t in $(UNIT_TESTS); do $$t || fail=1; done; exit $$fail

# Every BPF test runs in QEMU: the host kernel may refuse LSM programs.
vm-test: static
	tests/vm/run-matrix.sh $(CACHE) $(KERNELS)

# Unit tests, then the VM matrix; ends with "N passed, N failed".
check: deps
	$(MAKE) all static unit-build
	tests/check.sh $(CACHE) $(KERNELS)

# Benchmarks in the VM matrix (not a test: timing never fails make check).
bench: deps
	$(MAKE) static
	tests/bench/run-bench.sh $(CACHE) $(KERNELS)

demo: deps
	$(MAKE) static
	tests/vm/demo.sh $(CACHE) $(DEMO_KERNEL)

PREFIX ?= /usr
DESTDIR ?=
install: $(OUT)/lockdownctl
	install -D -m 0755 $(OUT)/lockdownctl $(DESTDIR)$(PREFIX)/sbin/lockdownctl
	install -D -m 0644 man/lockdownctl.8 $(DESTDIR)$(PREFIX)/share/man/man8/lockdownctl.8
	install -D -m 0644 man/lockdown.conf.5 $(DESTDIR)$(PREFIX)/share/man/man5/lockdown.conf.5
	install -D -m 0644 examples/lockdown.conf $(DESTDIR)$(PREFIX)/share/doc/bpf-lockdown/examples/lockdown.conf
	install -D -m 0644 packaging/systemd/lockdown.service $(DESTDIR)$(PREFIX)/lib/systemd/system/lockdown.service
	install -D -m 0644 packaging/systemd/lockdown-monitor.service $(DESTDIR)$(PREFIX)/lib/systemd/system/lockdown-monitor.service
	install -D -m 0644 packaging/systemd/lockdown-metrics.service $(DESTDIR)$(PREFIX)/lib/systemd/system/lockdown-metrics.service
	install -D -m 0644 packaging/systemd/lockdown-metrics.timer $(DESTDIR)$(PREFIX)/lib/systemd/system/lockdown-metrics.timer
	install -D -m 0644 packaging/bash-completion/lockdownctl $(DESTDIR)$(PREFIX)/share/bash-completion/completions/lockdownctl
	install -D -m 0755 packaging/initramfs-tools/hooks/bpf-lockdown $(DESTDIR)$(PREFIX)/share/initramfs-tools/hooks/bpf-lockdown
	install -D -m 0755 packaging/initramfs-tools/scripts/init-top/bpf-lockdown $(DESTDIR)$(PREFIX)/share/initramfs-tools/scripts/init-top/bpf-lockdown
	install -D -m 0755 packaging/dracut/90bpf-lockdown/module-setup.sh $(DESTDIR)$(PREFIX)/lib/dracut/modules.d/90bpf-lockdown/module-setup.sh
	install -D -m 0755 packaging/dracut/90bpf-lockdown/bpf-lockdown.sh $(DESTDIR)$(PREFIX)/lib/dracut/modules.d/90bpf-lockdown/bpf-lockdown.sh

# The Debian package (debian/), built from a copy of the tree in build/deb/src
# so that dpkg-buildpackage writes nothing beside the checkout; installs the
# missing Build-Depends with apt (root). Prints the path of the .deb.
DEB_DIR ?= build/deb
deb:
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/src
	tar -cf - --exclude=./build --exclude=./.git . | tar -xf - -C $(DEB_DIR)/src
	cd $(DEB_DIR)/src && { dpkg-checkbuilddeps 2>/dev/null || { apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive apt-get build-dep -y -q --no-install-recommends ./; }; }
	cd $(DEB_DIR)/src && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL CACHE=$(abspath $(CACHE)) \
		BUILD_SALT=$(BUILD_SALT) \
		dpkg-buildpackage -us -uc -b -Jauto
	@ls $(DEB_DIR)/bpf-lockdown_*.deb

format:
	clang-format -i bpf/*.c bpf/*.h include/*.h src/*.c src/*.h tests/unit/*.c tests/vm/*.c tests/bench/*.c tests/fuzz/*.c

clean:
	rm -rf build
