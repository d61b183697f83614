#!/usr/bin/env bash
# Builds the test VM's initramfs: busybox, the static lockdownctl, the
# probe, the scenarios and the kernel's modules the probes load.
#
# Usage: initramfs.sh KERNEL_DIR BIN_DIR OUT.cpio.gz
#   BIN_DIR holds the static lockdownctl, probe, attack and bench;
#   BIN_DIR-min the lockdownctl built with MIN_LEVEL=integrity,
#   BIN_DIR-old one built with BUILD_SALT=1 (an "older" build).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
kdir=$1 bin=$2 out=$3
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,usr/bin,proc,sys,dev,tmp,tests,lib/modules/probe}
cp /bin/busybox "$root/bin/busybox"
cp "$here/guest/init" "$root/init"
cp "$here/guest/scenarios.sh" "$root/tests/"
cp "$here/../../examples/lockdown.conf" "$root/tests/lockdown.conf.example"
for b in lockdownctl probe attack bench mntattack; do
	cp "$bin/$b" "$root/usr/bin/$b"
done
# The same lockdownctl built with MIN_LEVEL=integrity, and one that is
# another build (BUILD_SALT) for the upgrade, beside BIN_DIR.
cp "$bin-min/lockdownctl" "$root/usr/bin/lockdownctl-min"
cp "$bin-old/lockdownctl" "$root/usr/bin/lockdownctl-old"
cp "$kdir"/modules/*.ko "$root/lib/modules/probe/"
chmod 755 "$root" "$root/init" "$root/usr/bin/"*
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
