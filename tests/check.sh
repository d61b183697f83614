#!/usr/bin/env bash
# Everything `make check` runs: the unit tests, then the VM matrix, with
# one summary line over both at the end.
#
# Usage: tests/check.sh CACHE_DIR [KERNEL...]
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=$1
shift
passed=0 failed=0

for t in "$top"/build/unit/test_*; do
	out=$("$t" 2>&1)
	echo "$out"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' <<<"$out")
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' <<<"$out")
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	# A test program that crashed counts as a failure of its own.
	[ -n "$p$f" ] || failed=$((failed + 1))
done
echo "# unit tests: $passed passed, $failed failed"

# make install: the binary and the man page land under DESTDIR/PREFIX.
dest=$(mktemp -d)
if make -s -C "$top" install DESTDIR="$dest" PREFIX=/usr >/dev/null &&
	"$dest/usr/sbin/lockdownctl" --version | grep -q '^lockdownctl ' &&
	[ -s "$dest/usr/share/man/man8/lockdownctl.8" ]; then
	echo "ok - make install DESTDIR= installs lockdownctl and lockdownctl(8)"
	passed=$((passed + 1))
else
	echo "not ok - make install DESTDIR= installs lockdownctl and lockdownctl(8)"
	failed=$((failed + 1))
fi
rm -rf "$dest"

"$top/tests/vm/run-matrix.sh" "$cache" "$@" | tee "$top/build/vm-matrix.log"
vm=$(tail -n 1 "$top/build/vm-matrix.log")
vp=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' <<<"$vm")
vf=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' <<<"$vm")
[ -n "$vp" ] || { vp=0; vf=1; }
passed=$((passed + vp))
failed=$((failed + vf))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
