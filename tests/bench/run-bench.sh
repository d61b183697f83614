#!/usr/bin/env bash
# `make bench`: the benchmarks of tests/bench/bench.c in the VM matrix,
# under QEMU's -icount (guest time follows executed instructions, so the
# figures repeat across runs and hosts). Prints one table per kernel and
# writes build/bench.json. Fails loudly when something cannot be measured.
#
# Usage: run-bench.sh CACHE_DIR [6.1|6.12|sid]...  (BENCH_WRAP=CMD: run each
# boot under CMD, e.g. a limit on guests running at once)
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
vm=$top/tests/vm
cache=$1
shift
out=$top/build/bench
rounds=${BENCH_ROUNDS:-9}
n=${BENCH_N:-2000}
storm=${BENCH_STORM:-250000} # per process, 4 processes: 1,000,000 in all
export VM_QEMU_ARGS=${BENCH_QEMU_ARGS:--icount shift=0,sleep=off}
export VM_TIMEOUT=${BENCH_TIMEOUT:-1800}
# A command each boot runs under (a machine-wide limit of guests, say).
wrap=${BENCH_WRAP:-}

mkdir -p "$out"
kdirs=$("$vm/kernels.sh" "$cache" "$@") || exit 1
for kdir in $kdirs; do
	release=$(cat "$kdir/release")
	initrd=$out/$release.cpio.gz
	"$vm/initramfs.sh" "$kdir" "$top/build/static" "$initrd"
	for s in bench bench-refused; do
		echo "# $release: $s (QEMU $VM_QEMU_ARGS)" >&2
		$wrap "$vm/boot.sh" "$kdir" "$initrd" "$s" "ldbench=$rounds,$n,$storm" \
			>"$out/$release-$s.log" 2>&1 &
	done
	wait
done

fail=0
{
	for kdir in $kdirs; do
		release=$(cat "$kdir/release")
		echo "KERNEL $release"
		cat "$out/$release-bench.log" "$out/$release-bench-refused.log"
	done
} | tr -d '\r' | awk -v json="$top/build/bench.json" -v storm="$storm" \
	-v qemu="$VM_QEMU_ARGS" '
# ok: 1 met, 0 missed, -1 a floor (no goal: what the design cannot go below).
function row(metric, base, ours, goal, ok, note,    ratio) {
	ratio = base > 0 ? ours / base : 0
	printf "%-30s %14s %14s %8.3f  %-10s %s %s\n", metric, base, ours, ratio, goal, ok < 0 ? "floor" : ok ? "met" : "MISSED", note
	printf "%s    {\"kernel\":\"%s\",\"metric\":\"%s\",\"baseline\":%s,\"ours\":%s,\"ratio\":%.4f,\"goal\":\"%s\",\"met\":%s,\"note\":\"%s\"}", nrows++ ? ",\n" : "", kernel, metric, base, ours, ratio, goal, ok < 0 ? "null" : ok ? "true" : "false", note > json
}
function finish() {
	if (kernel == "") return
	if (!ended) { print "BENCH FAILED: the " kernel " VM did not finish"; bad = 1 }
	if (!measured) { print "BENCH FAILED: nothing measured on " kernel; bad = 1 }
}
BEGIN { printf "{\"qemu\":\"%s\",\"rows\":[\n", qemu > json }
/^KERNEL / { finish(); kernel = $2; ended = 0; measured = 0
	print ""; print "== " kernel " (medians; ratio = ours/baseline; spread = IQR/median of ours)"
	printf "%-30s %14s %14s %8s  %-10s %s\n", "metric", "baseline", "ours", "ratio", "goal", "result"
	next }
/^LDTEST-END/ { ended++ ; next }
/^BENCH-ERROR/ { print "BENCH FAILED: " kernel ": " $0; bad = 1; next }
/^BENCH / { measured = 1
	goal = $2 ~ /^hot_/ ? 1.02 : 1.05
	note = $5 ", spread " $6
	if ($2 == "refused_dev_mem_open_core") note = note ", enforcement program alone"
	row($2, $3, $4, "<= " goal, $4 / $3 <= goal, note); next }
/^CROSSINGS / { crossings[$2] = $3 " crossings/op (" $4 ")"; next }
/^BENCH-FLOOR / { measured = 1
	note = "programs that do nothing on the same hooks, spread " $6
	if ($2 in crossings) note = note "; " crossings[$2]
	row($2 "_floor", $3, $4, "-", -1, note); next }
/^TRIVIALALL / {
	row("apply_floor_ms", trivial, $2, "-", -1, "BTF parse, load and attach of a program that does nothing on each of the " $4 " hooks, spread " $3); next }
/^FOOTPRINT / { bytes = $2 + $3
	row("footprint_bytes", 0, bytes, "<= 1048576", bytes <= 1048576, "maps " $2 " + programs " $3 " (memlock)"); next }
/^TRIVIAL / { trivial = $2; next }
/^APPLY TIMED / { if ($4 != 0) { print "BENCH FAILED: " kernel ": lockdownctl set exited " $4; bad = 1 }
	row("apply_set_ms", trivial, $3, "<= 3x", $3 <= 3 * trivial, "lockdownctl set integrity (exec included) vs load+attach of one trivial LSM program"); next }
/^STORMCOUNT / { total = 4 * storm
	row("storm_denials_counted", total, $2, "exact", $2 == total, "4 processes x " storm " refused opens")
	row("storm_events_accounted", total, $3, "exact", $3 == total, "reported + folded + dropped; monitor printed " $4 " lines"); next }
/^MONITOR / { rss = $3 > $5 ? $3 : $5
	if (rss < 64) { print "BENCH FAILED: " kernel ": monitor RSS not measurable (" $0 ")"; bad = 1 }
	row("monitor_peak_rss_kib", 4096, rss, "<= 4096", rss <= 4096, "max of VmHWM " $3 " and smaps Rss " $5 " kB; monitor CPU " $2 / $4 " s during the storm"); next }
END { finish(); print "\n]}" > json; exit bad }
' || fail=1
echo
echo "JSON: build/bench.json; logs: build/bench/"
# The figures the docs quote (tests/bench/docs-check.sh, in make check):
# a whole run of the matrix (three kernels) only.
if [ "$fail" = 0 ] && [ "$(grep -o '"kernel":"[^"]*"' "$top/build/bench.json" | sort -u | wc -l)" -ge 3 ]; then
	cp "$top/build/bench.json" "$top/docs/bench.json"
	echo "docs/bench.json updated: make the docs quote it (tests/bench/docs-check.sh says what differs; --summary gives the README's list)"
fi
exit $fail
