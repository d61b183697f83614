#!/usr/bin/env bash
# The figures the docs quote come from docs/bench.json, the run `make bench`
# last wrote there: checks that docs/benchmarks.md shows every row of it
# (metric, baseline and ours, in the table of its kernel) and that the
# README's summary says what this script derives from it. Prints one line
# per mismatch; exits 1 when there is any.
#
# Usage: docs-check.sh [--summary]   (--summary: print the README's lines)
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
json=$top/docs/bench.json
[ -s "$json" ] || { echo "docs/bench.json is missing: run make bench"; exit 1; }

# One row per line: KERNEL METRIC BASELINE OURS RATIO.
rows() {
	sed -n 's/.*"kernel":"\([^"]*\)","metric":"\([^"]*\)","baseline":\([^,]*\),"ours":\([^,]*\),"ratio":\([^,]*\),.*/\1 \2 \3 \4 \5/p' "$json"
}

# The README's summary: ranges over the kernels, as percent more than the
# baseline (or as a factor for the first set, KiB for the footprint).
summary() {
	rows | awk '
	function pct(r) { return (r - 1) * 100 }
	# -0.0 is 0.0 (a ratio a hair under 1, at one decimal)
	function num(fmt, v,  s) {
		s = sprintf(fmt, v)
		return s ~ /^-0(\.0*)?$/ ? substr(s, 2) : s
	}
	function span(key, fmt, unit) {
		if (!(key in lo)) return
		printf "%s: %s-%s%s\n", key, num(fmt, lo[key]), num(fmt, hi[key]), unit
	}
	function add(key, v) {
		v += 0
		if (!(key in lo) || v < lo[key]) lo[key] = v
		if (!(key in hi) || v > hi[key]) hi[key] = v
	}
	$2 == "footprint_bytes" { add("kernel memory", $4 / 1024) }
	$2 == "hot_fork_exit" || $2 == "hot_exec" { add("fork/exit and exec", pct($5)) }
	$2 == "hot_open_close" || $2 == "hot_create_unlink" { add("path walks", pct($5)) }
	$2 == "hot_bpf_map_lookup" { add("bpf(2)", pct($5)) }
	$2 == "refused_dev_mem_open" { add("refused path", pct($5)) }
	$2 == "apply_set_ms" { add("first set", $4 / 1000) }
	END {
		span("kernel memory", "%.0f", " KiB")
		span("fork/exit and exec", "%.1f", "% more")
		span("path walks", "%.1f", "% more")
		span("bpf(2)", "%.1f", "% more")
		span("refused path", "%.1f", "% more than the kernel'"'"'s own lockdown")
		span("first set", "%.1f", " s of guest instructions")
	}'
}

if [ "${1:-}" = --summary ]; then
	summary
	exit 0
fi

bad=0
while read -r kernel metric base ours ratio; do
	# The row, in the block that follows "== KERNEL".
	if ! awk -v k="== $kernel " -v m="$metric" -v b="$base" -v o="$ours" '
		index($0, k) == 1 { in_k = 1; next }
		/^== / { in_k = 0 }
		in_k && $1 == m && $2 == b && $3 == o { found = 1 }
		END { exit !found }' "$top/docs/benchmarks.md"; then
		echo "docs/benchmarks.md lacks $kernel $metric: baseline $base, ours $ours"
		bad=1
	fi
done < <(rows)
while read -r line; do
	if ! grep -qF -- "$line" "$top/README.md"; then
		echo "README.md lacks: $line"
		bad=1
	fi
done < <(summary)
exit $bad
