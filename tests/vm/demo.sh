#!/usr/bin/env bash
# `make demo`: boots one Debian kernel in QEMU with no lockdown and shows
# lockdownctl at work (the "demo" scenario of guest/scenarios.sh).
#
# Usage: demo.sh CACHE_DIR [6.1|6.12|sid]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$top/build/vm/demo
kdir=$("$here/kernels.sh" "$1" "${2:-6.12}")
mkdir -p "$out"
"$here/initramfs.sh" "$kdir" "$top/build/static" "$out/initramfs.cpio.gz"
echo "Booting Debian's $(cat "$kdir/release") kernel in QEMU (software emulation, ~20 s)..."
"$here/boot.sh" "$kdir" "$out/initramfs.cpio.gz" demo >"$out/console.log" 2>&1 || true
tr -d '\r' <"$out/console.log" | sed -n '/^LDTEST-BEGIN/,/^LDTEST-END/p' |
	grep -v '^LDTEST' | sed 's/^# /$ /'
grep -q '^LDTEST-END' "$out/console.log" || {
	echo "demo: the VM did not finish; console in $out/console.log" >&2
	exit 1
}
