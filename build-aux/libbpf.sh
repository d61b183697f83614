#!/usr/bin/env bash
# Provides the libbpf this project builds against: Debian bookworm-backports'
# libbpf-dev 1.4, the newest built for bookworm, unpacked into DEST without
# installing it system-wide. It is linked statically, so the result runs
# where only bookworm's libraries exist. It parses the BTF of every kernel of
# the matrix, sid's 7.2 included (the VM tests load through it). Bookworm's
# 1.1 was measured too (2026-11-28, before self-protection): it built and
# passed the 6.1 and 7.2 VM tests, so it remains a fallback.
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
# The cache may hold other versions: take the one asked for (':' is %3a).
dpkg-deb -x "$cache/apt/cache/archives/libbpf-dev_${version/:/%3a}_amd64.deb" "$dest/root"
mkdir -p "$dest/include" "$dest/lib"
cp -r "$dest/root/usr/include/bpf" "$dest/include/"
cp "$dest/root"/usr/lib/*/libbpf.a "$dest/lib/"
rm -rf "$dest/root"
echo "$version" >"$dest/.version"
