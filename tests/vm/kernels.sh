#!/usr/bin/env bash
# Fetches the kernel matrix from Debian's packages and prepares, for each
# kernel, what a test VM needs: vmlinuz, the few modules the probes load
# (decompressed) and an unsigned copy of one module.
#
# Usage: kernels.sh CACHE_DIR [6.1|6.12|sid]...   prints one ready dir per line
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=$1
shift
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(6.1 6.12 sid)
apt="$here/../../build-aux/apt-private.sh $cache/apt"

# Modules the guest loads: msr gives /dev/cpu/*/msr; dummy is a leaf module
# with no dependencies that is loaded once signed and once with its
# signature stripped; xfrm_user (with xfrm_algo) gives the xfrm netlink
# and ah4 the AH protocol its SA uses (hmac and sha256 are built in);
# parport_pc (after parport, loaded at boot) is loaded by the probe with
# and without a hardware parameter. guest/init loads them in this order.
modules=(arch/x86/kernel/msr drivers/net/dummy net/xfrm/xfrm_algo
	net/xfrm/xfrm_user net/ipv4/ah4 drivers/parport/parport
	drivers/parport/parport_pc)

$apt update

package_for() {
	case $1 in
	6.1) $apt newest 'linux-image-6\.1\.0-[0-9]+-amd64-unsigned' ;;
	6.12) $apt newest 'linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned' ;;
	sid) # sid splits the kernel: vmlinuz in linux-binary, modules apart
		local bin
		bin=$($apt newest 'linux-binary-[0-9.]+\+deb[0-9]+-amd64')
		echo "$bin ${bin/linux-binary-/linux-modules-}"
		;;
	*)
		echo "unknown kernel '$1' (expected 6.1, 6.12 or sid)" >&2
		return 2
		;;
	esac
}

# Drops the appended module signature: marker, 12-byte struct
# module_signature (last 4 bytes: big-endian signature length), signature.
strip_signature() {
	local in=$1 out=$2 size siglen
	local marker='~Module signature appended~'
	size=$(stat -c %s "$in")
	if [ "$(tail -c 28 "$in" | head -c 27)" != "$marker" ]; then
		echo "$in carries no signature" >&2
		return 1
	fi
	siglen=$(tail -c 32 "$in" | head -c 4 | od -An -tu1 |
		awk '{ print (($1 * 256 + $2) * 256 + $3) * 256 + $4 }')
	head -c $((size - 28 - 12 - siglen)) "$in" >"$out"
}

# First of the given paths that exists (unmatched globs stay literal).
first() {
	local p
	for p in "$@"; do
		if [ -e "$p" ]; then
			echo "$p"
			return
		fi
	done
}

decompress_to() {
	case $1 in
	*.ko.xz) xz -dc "$1" >"$2" ;;
	*.ko.zst) zstd -qdc "$1" >"$2" ;;
	*.ko.gz) gzip -dc "$1" >"$2" ;;
	*) cp "$1" "$2" ;;
	esac
}

prepare() {
	local name=$1 pkgs out tmp deb release mod found
	read -r -a pkgs <<<"$(package_for "$name")"
	[ -n "${pkgs[0]:-}" ] || {
		echo "no Debian package found for kernel $name" >&2
		return 1
	}
	out="$cache/kernels/${pkgs[0]}"
	# .ready holds the module list: another list prepares the kernel again.
	if [ "$(cat "$out/.ready" 2>/dev/null)" = "${modules[*]}" ]; then
		echo "$out"
		return
	fi
	$apt download "${pkgs[@]}"
	tmp=$(mktemp -d)
	for p in "${pkgs[@]}"; do
		deb=$($apt path "$p")
		dpkg-deb -x "$deb" "$tmp"
	done
	rm -rf "$out" && mkdir -p "$out/modules"
	release=$(basename "$(first "$tmp"/lib/modules/* "$tmp"/usr/lib/modules/*)")
	echo "$release" >"$out/release"
	# vmlinuz: /boot in bookworm packages, the module dir in sid's split ones
	cp "$(first "$tmp/boot/vmlinuz-$release" "$tmp/usr/lib/modules/$release/vmlinuz")" "$out/vmlinuz"
	for mod in "${modules[@]}"; do
		found=$(first "$tmp"/{,usr/}lib/modules/"$release"/kernel/"$mod".ko*)
		[ -n "$found" ] || {
			echo "kernel $release lacks module $mod" >&2
			return 1
		}
		decompress_to "$found" "$out/modules/$(basename "$mod").ko"
	done
	strip_signature "$out/modules/dummy.ko" "$out/modules/dummy-unsigned.ko"
	rm -rf "$tmp"
	echo "${modules[*]}" >"$out/.ready"
	echo "$out"
}

for k in "${kernels[@]}"; do
	prepare "$k"
done
