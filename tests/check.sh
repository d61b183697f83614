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
	[ -s "$dest/usr/share/bash-completion/completions/lockdownctl" ] &&
	[ -s "$dest/usr/lib/systemd/system/lockdown-monitor.service" ]
result $? "make install DESTDIR= installs lockdownctl, its man pages, example, units and completion"
if command -v systemd-analyze >/dev/null; then
	# verify resolves ExecStart= on this machine: point it at the copy.
	for unit in lockdown.service lockdown-monitor.service lockdown-metrics.service lockdown-metrics.timer; do
		sed "s|/usr/sbin/lockdownctl|$dest/usr/sbin/lockdownctl|" \
			"$dest/usr/lib/systemd/system/$unit" >"$dest/$unit"
		out=$(systemd-analyze verify --man=no "$dest/$unit" 2>&1)
		[ -z "$out" ]
		result $? "systemd-analyze verify $unit${out:+: $out}"
	done
fi
# The figures README.md and docs/benchmarks.md quote are docs/bench.json's.
out=$("$top/tests/bench/docs-check.sh" 2>&1)
result $? "the docs quote docs/bench.json${out:+: $out}"
bash -n "$dest/usr/share/bash-completion/completions/lockdownctl"
result $? "the bash completion parses"
rm -rf "$dest"

# The configuration parser under libFuzzer for a short while.
out=$(make -s -C "$top" fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-30}" 2>&1)
rc=$?
echo "$out" | tail -n 5
result $rc "fuzzing the configuration parser: $(tail -n 1 <<<"$out")"

"$top/tests/vm/run-matrix.sh" "$cache" "$@" | tee "$top/build/vm-matrix.log"
# Adds the "N passed, N failed" last line of log $1 to the totals; a log
# without one counts as a failure.
add_summary() {
	local last p f
	last=$(tail -n 1 "$1")
	p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' <<<"$last")
	f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' <<<"$last")
	[ -n "$p" ] || { p=0; f=1; }
	passed=$((passed + p))
	failed=$((failed + f))
}
add_summary "$top/build/vm-matrix.log"

# The Debian package, installed into a Debian 12 system booted in QEMU:
# initramfs hook, units, journal (tests/system/run.sh).
# A second package, of another build (BUILD_SALT), to upgrade to.
if make -s -C "$top" deb >"$top/build/deb.log" 2>&1 &&
	make -s -C "$top" deb DEB_DIR=build/deb-next BUILD_SALT=1 >>"$top/build/deb.log" 2>&1; then
	result 0 "the Debian package builds (dpkg-buildpackage -us -uc)"
	# Errors and warnings fail it; the dbgsym package comes with .changes.
	out=$(lintian --fail-on error,warning --tag-display-limit 0 \
		"$(ls "$top"/build/deb/bpf-lockdown_*.changes | head -n 1)" 2>&1)
	rc=$?
	out=$(printf '%s\n' "$out" | grep -v '^running with root\|^$')
	result $rc "lintian finds no error or warning in the package${out:+: $out}"
	"$top/tests/system/run.sh" "$cache" "$(ls "$top"/build/deb/bpf-lockdown_*.deb | head -n 1)" \
		"$top/build/static/probe" "$(ls "$top"/build/deb-next/bpf-lockdown_*.deb | head -n 1)" |
		tee "$top/build/system.log"
	add_summary "$top/build/system.log"
else
	tail -n 30 "$top/build/deb.log"
	result 1 "the Debian package builds (dpkg-buildpackage -us -uc)"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
