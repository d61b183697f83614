#!/usr/bin/env bash
# Runs the VM test matrix: for every kernel, one boot per scenario (see
# guest/scenarios.sh), then the differential comparison of the probes:
#   - with no lockdown every probe is allowed (so each reaches its check);
#   - at each level, the kernel's own lockdown raised at run time
#     (securityfs) refuses exactly the probes of that level, and
#     lockdownctl's outcome is the same, probe by probe;
#   - the kernel's lockdown= from boot prevents the same probes. It may do
#     so by never creating a file (tracefs: "absent") instead of refusing
#     to open it, so here prevented (refused or absent) is compared.
# Prints TAP, a probe x level x kernel table, and "N passed, N failed".
#
# Usage: run-matrix.sh CACHE_DIR [6.1|6.12|sid]...
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cache=$1
shift
out=$top/build/vm
jobs=${VM_JOBS:-2}

# scenario name -> extra kernel command line
declare -A scenarios=(
	[ours]=""
	[policy]=""
	[upgrade]=""
	[kernel-runtime]=""
	[kernel-integrity]="lockdown=integrity"
	[kernel-confidentiality]="lockdown=confidentiality"
	[no-bpf-lsm]="lsm=lockdown,capability,yama"
	[redteam]=""
	[boot-param]="bpf_lockdown=confidentiality"
	[boot-min]=""
	[boot-bad]="bpf_lockdown=bogus"
	[boot-conf]=""
	[scope-late]=""
)

mkdir -p "$out"
kdirs=$("$here/kernels.sh" "$cache" "$@") || {
	echo "not ok 1 - fetching the kernel matrix"
	echo "0 passed, 1 failed"
	exit 1
}

boot_all() {
	local kdir=$1 release initrd s
	release=$(cat "$kdir/release")
	mkdir -p "$out/$release"
	initrd=$out/$release/initramfs.cpio.gz
	"$here/initramfs.sh" "$kdir" "$top/build/static" "$initrd"
	for s in "${!scenarios[@]}"; do
		while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
			wait -n
		done
		echo "# booting $release: $s" >&2
		"$here/boot.sh" "$kdir" "$initrd" "$s" ${scenarios[$s]} \
			>"$out/$release/$s.log" 2>&1 &
	done
}

start=$(date +%s)
for kdir in $kdirs; do
	boot_all "$kdir"
done
wait
echo "# all boots took $(($(date +%s) - start)) s" >&2

# One awk pass over every log: replays the guest's TAP lines, checks that
# each boot finished, and compares the probes.
for kdir in $kdirs; do
	release=$(cat "$kdir/release")
	for s in "${!scenarios[@]}"; do
		echo "BOOT $release $s"
		cat "$out/$release/$s.log"
		echo "ENDBOOT"
	done
done | tr -d '\r' | awk -v table="$out/probes.md" -v releases="$(cat $(printf '%s/release ' $kdirs) | tr '\n' ' ')" '
function result(ok, desc) {
	n++
	if (ok) passed++; else failed++
	printf "%s %d - %s\n", ok ? "ok" : "not ok", n, desc
}
function prevented(outcome) {
	return outcome == "refused" || outcome == "absent"
}
function letter(outcome) {
	return outcome == "allowed" ? "A" : outcome == "refused" ? "R" : outcome == "absent" ? "-" : "?"
}
function refused_at(plevel, level) {
	if (plevel == "never" || level == "none") return 0
	if (level == "integrity") return plevel == "integrity"
	return 1
}
/^BOOT / { rel = $2; scen = $3; phase = ""; finished = 0; next }
/^LDTEST-END/ { finished = 1; next }
/^ENDBOOT/ { result(finished, "[" rel "] " scen ": the VM ran the scenario to its end"); next }
/^ok - / { sub(/^ok - /, ""); result(1, "[" rel "] " scen ": " $0); next }
/^not ok - / { sub(/^not ok - /, ""); result(0, "[" rel "] " scen ": " $0); next }
/^#/ { print; next }
/^PHASE / { phase = $2; next }
/^PROBE / {
	key = rel SUBSEP scen SUBSEP phase SUBSEP $2
	got[key] = $4
	plevel[$2] = $3
	if (!($2 in seen)) { seen[$2] = 1; order[++nprobes] = $2 }
	next
}
END {
	split("integrity confidentiality", levels, " ")
	nrel = split(releases, rl)
	for (ri = 1; ri <= nrel; ri++) {
		r = rl[ri]
		for (i = 1; i <= nprobes; i++) {
			p = order[i]
			base = got[r, "ours", "none", p]
			result(base == "allowed", "[" r "] probe " p " is allowed without lockdown (" base ")")
			for (l = 1; l <= 2; l++) {
				lv = levels[l]
				want = refused_at(plevel[p], lv) ? "refused" : "allowed"
				rt = got[r, "kernel-runtime", lv, p]
				o = got[r, "ours", lv, p]
				b = got[r, "kernel-" lv, lv, p]
				result(rt == want, "[" r "] probe " p " at " lv ": kernel lockdown (securityfs) " rt ", expected " want)
				result(o == rt, "[" r "] probe " p " at " lv ": lockdownctl " o " = kernel " rt)
				result(prevented(b) == prevented(o), "[" r "] probe " p " at " lv ": kernel lockdown= at boot " b ", lockdownctl " o)
			}
			both = got[r, "kernel-confidentiality", "confidentiality-both", p]
			result(both == got[r, "kernel-confidentiality", "confidentiality", p],
			       "[" r "] probe " p " with lockdown= and lockdownctl both at confidentiality: " both)
		}
	}
	# The table: one row per probe, per kernel the outcomes with no
	# lockdown / at integrity / at confidentiality, the latter two as
	# boot lockdown=, securityfs, lockdownctl (A allowed, R refused,
	# - absent).
	hdr = "| probe | refused from |"; sep = "|---|---|"
	nr = split(releases, rl)
	for (j = 1; j <= nr; j++) { hdr = hdr " " rl[j] " |"; sep = sep "---|" }
	print "# probe table: none / integrity / confidentiality, each as lockdown= at boot, securityfs, lockdownctl (A allowed, R refused, - absent)"
	print hdr > table; print sep > table
	print "# " hdr
	for (i = 1; i <= nprobes; i++) {
		p = order[i]
		row = "| " p " | " plevel[p] " |"
		for (j = 1; j <= nr; j++) {
			r = rl[j]
			cell = letter(got[r, "ours", "none", p])
			for (l = 1; l <= 2; l++) {
				lv = levels[l]
				cell = cell " / " letter(got[r, "kernel-" lv, lv, p]) letter(got[r, "kernel-runtime", lv, p]) letter(got[r, "ours", lv, p])
			}
			row = row " " cell " |"
		}
		print row > table
		print "# " row
	}
	printf "1..%d\n%d passed, %d failed\n", n, passed, failed
	exit failed > 0
}'
