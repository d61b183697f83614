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
#   VM_REUSE_LOGS=1 boots nothing and compares the logs in build/vm of the
#   last run again (for working on the comparison itself).
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
	[scopes]="preempt=full"
	[stress]="preempt=full" # a lock holder can be preempted on the one vCPU
	[upgrade]=""
	[kernel-runtime]=""
	[kernel-integrity]="lockdown=integrity"
	[kernel-confidentiality]="lockdown=confidentiality"
	[no-bpf-lsm]="lsm=lockdown,capability,yama"
	[redteam]=""
	[propagation]=""
	[reshare]=""
	[bypass-before]=""
	[hidden-bypass]=""
	[hidden-bypass-fmod]=""
	[inflight-load]=""
	[set-traced-guard]=""
	[set-traced-steal]=""
	[set-traced-state]=""
	[set-raced]=""
	[freplace-raise]=""
	[arm-publish]=""
	[planted]=""
	[planted-abi]=""
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
	[ -n "${VM_REUSE_LOGS:-}" ] || boot_all "$kdir"
done
wait
echo "# all boots took $(($(date +%s) - start)) s" >&2

# One awk pass over the declared probes (probes.list) and every log:
# replays the guest's TAP lines, checks each boot against its plan, and
# compares the probes. A missing result is a failure, always.
nkernels=$#
[ "$nkernels" -gt 0 ] || nkernels=3
for kdir in $kdirs; do
	release=$(cat "$kdir/release")
	for s in "${!scenarios[@]}"; do
		echo "BOOT $release $s"
		cat "$out/$release/$s.log"
		echo "ENDBOOT"
	done
done | tr -d '\r' | awk -v table="$out/probes.md" -v nkernels="$nkernels" -v decl="$here/probes.list" \
	-v releases="$(cat $(printf '%s/release ' $kdirs) </dev/null | tr '\n' ' ')" '
function result(ok, desc) {
	n++
	if (ok) passed++; else failed++
	printf "%s %d - %s\n", ok ? "ok" : "not ok", n, desc
}
function prevented(outcome) {
	return outcome == "refused" || outcome == "absent"
}
function letter(outcome) {
	return outcome == "allowed" ? "A" : outcome == "refused" ? "R" : outcome == "absent" ? "-" : outcome == "error" ? "E" : "?"
}
function refused_at(plevel, level) {
	if (plevel == "never" || level == "none") return 0
	if (level == "integrity") return plevel == "integrity"
	return 1
}
# The outcome probe p reported in boot r/s, phase ph; "missing" if none.
function outcome(r, s, ph, p) {
	return ((r, s, ph, p) in got) ? got[r, s, ph, p] : "missing"
}
# Is probe p declared unreachable on release r (a prefix of r listed)?
function unreachable(p, r,    pre, k, i) {
	if (unreach[p] == "-") return 0
	k = split(unreach[p], pre, ",")
	for (i = 1; i <= k; i++)
		if (index(r, pre[i]) == 1) return 1
	return 0
}
# The file of declared probes comes first.
FILENAME == decl {
	if ($0 ~ /^#/ || NF == 0) next
	order[++nprobes] = $1; declared[$1] = 1
	plevel[$1] = $2; reason[$1] = $3; unreach[$1] = $4
	next
}
/^BOOT / { rel = $2; scen = $3; phase = ""; finished = 0; plan = ""; plans = 0; ran = 0; next }
/^LDTEST-END/ { finished = 1; next }
/^ENDBOOT/ {
	result(finished && plans == 1 && ran == plan,
	       "[" rel "] " scen ": the VM ran the scenario to its end, " ran " checks of the " \
	       (plans == 1 ? plan " planned" : plans ? plans " plans" : "plan that is missing"))
	next
}
/^1\.\.[0-9]+$/ { plan = substr($0, 4) + 0; plans++; next }
/^ok - / { ran++; sub(/^ok - /, ""); result(1, "[" rel "] " scen ": " $0); next }
/^not ok - / { ran++; sub(/^not ok - /, ""); result(0, "[" rel "] " scen ": " $0); next }
/^#/ { print; next }
/^PHASE / { phase = $2; next }
/^PROBE / {
	if (phase == "") next
	key = rel SUBSEP scen SUBSEP phase SUBSEP $2
	if (key in got) twice[key] = 1
	got[key] = $4
	if (!($2 in declared)) undeclared[rel " " scen " " phase " " $2] = 1
	else if ($3 != plevel[$2]) badlevel[rel " " scen " " phase " " $2 " says " $3] = 1
	next
}
# COUNTED PROBE REASON:DENIED:ASKED...: what the probe changed in
# lockdownctl per-reason counters (the ours boot).
/^COUNTED / {
	key = rel SUBSEP scen SUBSEP phase SUBSEP $2
	counted[key] = 1
	for (i = 3; i <= NF; i++) {
		split($i, f, ":")
		asked[key, f[1]] = f[3]
		if (f[2] > 0) denied[key] = denied[key] " " f[1]
	}
	countline[key] = $0
	next
}
END {
	split("integrity confidentiality", levels, " ")
	nrel = split(releases, rl)
	result(nrel == nkernels && nprobes > 0,
	       "the matrix has its " nkernels " kernels (" nrel " ready) and its declared probes (" nprobes ")")
	for (k in undeclared) result(0, "probe not declared in probes.list reported: " k)
	for (k in badlevel) result(0, "probe reports another level than probes.list: " k)
	for (k in twice) { split(k, f, SUBSEP); result(0, "[" f[1] "] " f[2] " " f[3] ": probe " f[4] " reported twice") }
	# Every phase that probes, as (scenario, phase).
	nph = split("ours:none ours:integrity ours:confidentiality kernel-runtime:integrity kernel-runtime:confidentiality kernel-integrity:integrity kernel-confidentiality:confidentiality kernel-confidentiality:confidentiality-both", phases, " ")
	for (ri = 1; ri <= nrel; ri++) {
		r = rl[ri]
		for (i = 1; i <= nprobes; i++) {
			p = order[i]
			if (unreachable(p, r)) {
				for (j = 1; j <= nph; j++) {
					split(phases[j], sp, ":")
					o = outcome(r, sp[1], sp[2], p)
					result(o == "absent" || o == "error",
					       "[" r "] probe " p " in " sp[1] " " sp[2] ": " o ", declared unreachable on this kernel")
				}
				continue
			}
			base = outcome(r, "ours", "none", p)
			result(base == "allowed", "[" r "] probe " p " is allowed without lockdown (" base ")")
			for (l = 1; l <= 2; l++) {
				lv = levels[l]
				want = refused_at(plevel[p], lv) ? "refused" : "allowed"
				rt = outcome(r, "kernel-runtime", lv, p)
				o = outcome(r, "ours", lv, p)
				b = outcome(r, "kernel-" lv, lv, p)
				result(rt == want, "[" r "] probe " p " at " lv ": kernel lockdown (securityfs) " rt ", expected " want)
				result(o == rt && o == want, "[" r "] probe " p " at " lv ": lockdownctl " o " = kernel " rt)
				result((want == "refused" ? prevented(b) : b == "allowed") && prevented(b) == prevented(o),
				       "[" r "] probe " p " at " lv ": kernel lockdown= at boot " b ", lockdownctl " o)
				key = r SUBSEP "ours" SUBSEP lv SUBSEP p
				if (!(key in counted)) {
					result(0, "[" r "] probe " p " at " lv ": lockdownctl counted nothing for it (no COUNTED line)")
					continue
				}
				if (reason[p] == "-")
					ok = denied[key] == ""
				else if (want == "refused")
					ok = asked[key, reason[p]] > 0 && denied[key] == " " reason[p]
				else
					ok = asked[key, reason[p]] > 0 && denied[key] == ""
				result(ok, "[" r "] probe " p " at " lv ": lockdownctl " (want == "refused" ? "refused it by" : "asked") \
				       " reason " reason[p] (reason[p] == "-" ? " (none)" : "") " and no other refused it (" countline[key] ")")
			}
			both = outcome(r, "kernel-confidentiality", "confidentiality-both", p)
			b = outcome(r, "kernel-confidentiality", "confidentiality", p)
			result(both == b && prevented(b) == refused_at(plevel[p], "confidentiality"),
			       "[" r "] probe " p " with lockdown= and lockdownctl both at confidentiality: " both " (lockdown= alone: " b ")")
		}
	}
	# The table: one row per probe, per kernel the outcomes with no
	# lockdown / at integrity / at confidentiality, the latter two as
	# boot lockdown=, securityfs, lockdownctl (A allowed, R refused,
	# - absent, E error, ? missing).
	hdr = "| probe | refused from | reason |"; sep = "|---|---|---|"
	for (j = 1; j <= nrel; j++) { hdr = hdr " " rl[j] " |"; sep = sep "---|" }
	print "# probe table: none / integrity / confidentiality, each as lockdown= at boot, securityfs, lockdownctl (A allowed, R refused, - absent, E error, ? missing)"
	print hdr > table; print sep > table
	print "# " hdr
	for (i = 1; i <= nprobes; i++) {
		p = order[i]
		row = "| " p " | " plevel[p] " | " reason[p] " |"
		for (j = 1; j <= nrel; j++) {
			r = rl[j]
			cell = letter(outcome(r, "ours", "none", p))
			for (l = 1; l <= 2; l++) {
				lv = levels[l]
				cell = cell " / " letter(outcome(r, "kernel-" lv, lv, p)) letter(outcome(r, "kernel-runtime", lv, p)) letter(outcome(r, "ours", lv, p))
			}
			row = row " " cell " |"
		}
		print row > table
		print "# " row
	}
	printf "1..%d\n%d passed, %d failed\n", n, passed, failed
	exit failed > 0
}' "$here/probes.list" -
