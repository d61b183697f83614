#!/usr/bin/env bash
# Installs the build and test dependencies from Debian's archive (the
# machine's own apt sources; libbpf and the test kernels come separately,
# see libbpf.sh and tests/vm/kernels.sh). Only missing packages are
# installed, so a prepared machine does not touch the network.
set -euo pipefail

packages=(
	make gcc libc6-dev pkg-config # userspace
	clang llvm bpftool # BPF object and skeleton
	libelf-dev zlib1g-dev libzstd-dev libjson-c-dev libinih-dev # libraries (static too)
	libsystemd-dev # journald fields (dynamic build only)
	libcmocka-dev # unit tests
	qemu-system-x86 busybox-static cpio gzip xz-utils zstd # VM tests
	lintian # the package stays lintian-clean
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: need root to install: ${missing[*]}" >&2
	exit 1
fi
echo "install-deps: installing ${missing[*]}" >&2
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
