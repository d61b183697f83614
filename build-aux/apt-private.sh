#!/usr/bin/env bash
# Private apt configuration: downloads Debian packages (kernels, the chosen
# libbpf) from bookworm, bookworm-backports and sid without touching the
# machine's own apt sources, lists or cache.
#
# Usage: apt-private.sh DIR update | download PKG... | newest REGEX | version PKG
set -euo pipefail

dir=$1
shift
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
cat >"$dir/sources.list" <<EOF
deb [signed-by=$keyring] $mirror bookworm main
deb [signed-by=$keyring] $mirror bookworm-backports main
deb [signed-by=$keyring] $mirror sid main
EOF

opts=(-o "Dir::Etc::SourceList=$dir/sources.list"
	-o Dir::Etc::SourceParts=/dev/null
	-o "Dir::State::Lists=$dir/lists"
	-o "Dir::Cache=$dir/cache"
	-o Debug::NoLocking=1
	-o APT::Sandbox::User=root)

case ${1:-} in
update)
	# Refresh at most once a day: the lists are large and CI runs often.
	stamp="$dir/lists/.updated"
	if [ -z "$(find "$stamp" -mmin -1440 2>/dev/null)" ]; then
		apt-get "${opts[@]}" -q update >&2
		touch "$stamp"
	fi
	;;
download)
	shift
	(cd "$dir/cache/archives" && apt-get "${opts[@]}" -q download "$@" >&2)
	;;
newest)
	# Newest package whose name matches an extended regex, by version sort.
	apt-cache "${opts[@]}" pkgnames | grep -E "^$2\$" | sort -V | tail -n 1
	;;
path)
	# Path of the downloaded .deb of a package.
	ls "$dir/cache/archives/$2"_*.deb | sort -V | tail -n 1
	;;
*)
	echo "usage: $0 DIR update|download PKG...|newest REGEX|path PKG" >&2
	exit 2
	;;
esac
