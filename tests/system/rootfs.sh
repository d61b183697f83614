#!/usr/bin/env bash
# Builds (once, then cached) a minimal Debian 12 system to install the
# package into: systemd, udev, initramfs-tools, bookworm's kernel, the
# libraries lockdownctl links against, and systemd-nspawn (with machined and
# D-Bus, its dependencies) for a container started under a scoped slice;
# the initramfs-tools image also has prometheus-node-exporter, whose
# textfile collector serves what lockdown-metrics.service writes. Straight
# from Debian's archive with mmdebstrap; the machine's apt configuration is
# not used or changed.
#
# Usage: rootfs.sh CACHE_DIR [initramfs-tools|dracut]   (prints the tarball's path)
#   The second argument picks the initramfs generator (initramfs-tools by
#   default); dracut makes a second image, to boot the package's dracut module.
set -euo pipefail

cache=$1
variant=${2:-initramfs-tools}
case $variant in
initramfs-tools | dracut) ;;
*) echo "rootfs: unknown variant $variant" >&2 && exit 2 ;;
esac
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
packages=systemd-sysv,udev,kmod,$variant,linux-image-amd64,e2fsprogs
packages+=,libelf1,zlib1g,libjson-c5,libinih1,libzstd1,libsystemd0
packages+=,systemd-container
[ "$variant" = dracut ] || packages+=,prometheus-node-exporter
# The list is part of the name: another list is another tarball.
key=$(echo "$packages" | md5sum | cut -c1-8)
out=$cache/system/bookworm-$key.tar

if [ ! -s "$out" ]; then
	command -v mmdebstrap >/dev/null || {
		echo "rootfs: installing mmdebstrap" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends mmdebstrap >&2
	}
	mkdir -p "$(dirname "$out")"
	echo "rootfs: building $out (a few minutes, once)" >&2
	# The name's .tar makes mmdebstrap write a tarball.
	mmdebstrap --mode=root --variant=minbase --include="$packages" \
		--dpkgopt=path-exclude=/usr/share/doc/* \
		--dpkgopt=path-exclude=/usr/share/man/* \
		--dpkgopt=path-exclude=/usr/share/locale/* \
		bookworm "$out.partial.tar" "$mirror" >&2
	mv "$out.partial.tar" "$out"
fi
echo "$out"
