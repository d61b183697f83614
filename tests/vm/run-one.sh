#!/usr/bin/env bash
# Boots one scenario on one or more kernels, for quick iteration while
# developing (make check runs them all): builds the static binaries,
# the initramfs, boots, and prints the guest's console.
#
# Usage: tests/vm/run-one.sh SCENARIO [KERNEL...] [-- EXTRA KERNEL ARGS]
#   e.g. tests/vm/run-one.sh redteam 6.1 sid
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cache=${CACHE:-$HOME/.cache/bpf-lockdown}
scenario=$1
shift
kernels=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	kernels+=("$1")
	shift
done
[ "${1:-}" = -- ] && shift
[ ${#kernels[@]} -gt 0 ] || kernels=(6.1 6.12 sid)

make -s -C "$top" static >&2
for kdir in $("$here/kernels.sh" "$cache" "${kernels[@]}" 2>/dev/null); do
	release=$(cat "$kdir/release")
	initrd=$(mktemp --suffix=.cpio.gz)
	"$here/initramfs.sh" "$kdir" "$top/build/static" "$initrd"
	echo "# $release: $scenario" >&2
	"$here/boot.sh" "$kdir" "$initrd" "$scenario" "$@" | tr -d '\r'
	rm -f "$initrd"
done
