#!/usr/bin/env bash
# Provides the libbpf this project builds against: Debian bookworm-backports'
# libbpf-dev 1.4 (bookworm's 1.1 cannot parse the BTF of newer kernels),
# unpacked into DEST without installing it system-wide. libbpf is linked
# statically, so the result runs where only bookworm's libraries exist.
#
# Usage: libbpf.sh CACHE_DIR DEST
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=$1
dest=$2
version=${LIBBPF_VERSION:-1:1.4.6-1~bpo12+1}
apt="$here/apt-private.sh $cache/apt"

if [ -f "$dest/.version" ] && [ "$(cat "$dest/.version")" = "$version" ]; then
	exit 0
fi
$apt update
$apt download "libbpf-dev=$version"
rm -rf "$dest"
mkdir -p "$dest"
dpkg-deb -x "$($apt path libbpf-dev)" "$dest/root"
mkdir -p "$dest/include" "$dest/lib"
cp -r "$dest/root/usr/include/bpf" "$dest/include/"
cp "$dest/root"/usr/lib/*/libbpf.a "$dest/lib/"
rm -rf "$dest/root"
echo "$version" >"$dest/.version"
