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

result() {
	if [ "$1" = 0 ]; then
		echo "ok - $2"
		passed=$((passed + 1))
	else
		echo "not ok - $2"
		failed=$((failed + 1))
	fi
}

# make install: binary, man page, unit and completion land under
# DESTDIR/PREFIX, and the unit is one systemd accepts.
dest=$(mktemp -d)
make -s -C "$top" install DESTDIR="$dest" PREFIX=/usr >/dev/null &&
	"$dest/usr/sbin/lockdownctl" --version | grep -q '^lockdownctl ' &&
	[ -s "$dest/usr/share/man/man8/lockdownctl.8" ] &&
	[ -s "$dest/usr/share/man/man5/lockdown.conf.5" ] &&
	[ -s "$dest/usr/share/doc/bpf-lockdown/examples/lockdown.conf" ] &&
	[ -s "$dest/usr/share/bash-completion/completions/lockdownctl" ]
result $? "make install DESTDIR= installs lockdownctl, its man pages, example, unit and completion"
if command -v systemd-analyze >/dev/null; then
	# verify resolves ExecStart= on this machine: point it at the copy.
	sed "s|/usr/sbin/lockdownctl|$dest/usr/sbin/lockdownctl|" \
		"$dest/usr/lib/systemd/system/lockdown.service" >"$dest/lockdown.service"
	out=$(systemd-analyze verify --man=no "$dest/lockdown.service" 2>&1)
	[ -z "$out" ]
	result $? "systemd-analyze verify lockdown.service${out:+: $out}"
fi
bash -n "$dest/usr/share/bash-completion/completions/lockdownctl"
result $? "the bash completion parses"
rm -rf "$dest"

# The configuration parser under libFuzzer for a short while.
out=$(make -s -C "$top" fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-30}" 2>&1)
rc=$?
echo "$out" | tail -n 5
result $rc "fuzzing the configuration parser: $(tail -n 1 <<<"$out")"

"$top/tests/vm/run-matrix.sh" "$cache" "$@" | tee "$top/build/vm-matrix.log"
vm=$(tail -n 1 "$top/build/vm-matrix.log")
vp=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' <<<"$vm")
vf=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' <<<"$vm")
[ -n "$vp" ] || { vp=0; vf=1; }
passed=$((passed + vp))
failed=$((failed + vf))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
