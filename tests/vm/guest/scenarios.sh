#!/bin/sh
# Test scenarios run inside the VM. Prints TAP-style "ok - ..." and
# "not ok - ..." lines, and "PHASE <level>" followed by the probe lines of
# that phase, which the host compares across boots (see ../run-matrix.sh).
L=lockdownctl
scenario=$1

ok() { echo "ok - $*"; }
fail() { echo "not ok - $*"; }

# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
	desc=$1
	shift
	if "$@" >/tmp/check.out 2>&1; then
		ok "$desc"
	else
		fail "$desc"
		sed 's/^/#   /' /tmp/check.out
	fi
}

# expect_exit CODE DESCRIPTION COMMAND...: the command exits with CODE;
# its output (stdout and stderr) is left in /tmp/out.
expect_exit() {
	code=$1
	desc=$2
	shift 2
	"$@" >/tmp/out 2>&1
	rc=$?
	if [ "$rc" -eq "$code" ]; then
		ok "$desc"
	else
		fail "$desc (exit $rc, expected $code)"
		sed 's/^/#   /' /tmp/out
	fi
}

# has PATTERN [FILE]: FILE (/tmp/out) matches the extended regex.
has() {
	grep -Eq -- "$1" "${2:-/tmp/out}" || {
		echo "no line matches: $1"
		cat "${2:-/tmp/out}"
		return 1
	}
}

first_line_is() {
	[ "$($L status | head -n 1)" = "$1" ]
}

phase() {
	echo "PHASE $1"
	probe
}

# Runs "lockdownctl monitor ARGS" while cat opens /dev/mem several times.
monitor_dev_mem() {
	$L monitor "$@" >/tmp/monitor.out 2>&1 &
	mon=$!
	sleep 1
	for i in 1 2 3 4 5; do
		cat /dev/mem >/dev/null 2>&1
	done
	sleep 2
	kill -INT $mon
	wait $mon
	sed "s/^/#   monitor: /" /tmp/monitor.out | head -n 5
}

json_number() {
	sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"
}

# Denials of reason $1, from the exact counters.
denied_count() {
	reason_count "$1" denied
}

# Counter $2 (denied, audited, allowed) of reason $1.
reason_count() {
	$L status --json | sed -n "s/.*{\"name\":\"$1\",[^}]*\"$2\":\([0-9]*\).*/\1/p"
}

bad_input() {
	expect_exit 2 "set with an unknown level exits 2" $L set bogus
	check "  ... and names the level" has "unknown level 'bogus'"
	expect_exit 2 "set without a level exits 2" $L set
	expect_exit 2 "an unknown command exits 2" $L frobnicate
	check "  ... and names it" has "unknown command 'frobnicate'"
	expect_exit 2 "an unknown option exits 2" $L status --bogus
	for cmd in status set reasons monitor; do
		expect_exit 0 "$cmd --help exits 0" $L $cmd --help
		check "  ... and prints its usage" has "^Usage: lockdownctl $cmd"
	done
	expect_exit 1 "set as a non-root user exits 1" \
		probe --as-uid 1000 $L set integrity
	check "  ... and says root is needed" has "must run as root"
	check "  ... and changes nothing" first_line_is "[none] integrity confidentiality"
}

reasons_listing() {
	expect_exit 0 "reasons exits 0" $L reasons
	check "reasons: dev_mem at integrity with upstream's words" \
		has "^dev_mem +integrity +/dev/mem,kmem,port$"
	check "reasons: kcore at confidentiality" \
		has "^kcore +confidentiality +/proc/kcore access$"
	check "reasons: no level markers listed" sh -c "! grep -Eq '^(none|integrity_max|confidentiality_max) ' /tmp/out"
	check "reasons: every line has a description" sh -c "! grep -q 'not described' /tmp/out"
	expect_exit 0 "reasons --json exits 0" $L reasons --json
	check "reasons --json: tracefs entry" \
		has '\{"name":"tracefs","level":"confidentiality","description":"use of tracefs"\}'
}

# Lockdown applied by lockdownctl on an unlocked kernel.
scenario_ours() {
	phase none
	check "status before set: nothing applied" first_line_is "[none] integrity confidentiality"
	expect_exit 0 "status --json before set exits 0" $L status --json
	check "  ... bpf lsm is active, not enforcing" \
		has '"enforcing":false.*"bpf_lsm_active":true'
	check "  ... the kernel's own lockdown is none" has '"lockdown":"none"'
	reasons_listing
	bad_input

	expect_exit 0 "set integrity exits 0" $L set integrity
	check "  ... and says it raised the level" has "raised from none to integrity"
	check "status after set integrity" first_line_is "none [integrity] confidentiality"
	check "enforcement is pinned after the CLI exited" \
		test -e /sys/fs/bpf/lockdown/links/lockdown_locked_down
	links=$(probe --links)
	check "a pinned link per program ($links)" \
		test "$links" -gt 1 -a "$links" = "$(ls /sys/fs/bpf/lockdown/links | wc -l)"
	check "the raise is logged in the kernel log" \
		sh -c "dmesg | grep -q 'Kernel is locked down from lockdownctl set at integrity'"
	phase integrity

	expect_exit 0 "set integrity again exits 0" $L set integrity
	check "  ... and says nothing changed" has "already at integrity"
	check "  ... and attaches no second copy" test "$(probe --links)" = "$links"
	expect_exit 1 "set none is refused with exit 1" $L set none
	check "  ... naming both levels and EPERM" \
		has "cannot lower lockdown from integrity to none: Operation not permitted"
	check "  ... and the level stays" first_line_is "none [integrity] confidentiality"

	before=$(denied_count dev_mem)
	monitor_dev_mem
	check "monitor prints the upstream denial line" grep -Eq \
		'^Lockdown: cat: /dev/mem,kmem,port is restricted; see man kernel_lockdown.7 \[pid=[0-9]+ reason=dev_mem level=integrity\]$' \
		/tmp/monitor.out
	check "monitor folds the burst into one line" \
		test "$(grep -c '^Lockdown: cat: .*reason=dev_mem' /tmp/monitor.out)" = 1
	after=$(denied_count dev_mem)
	check "status counts every denial exactly ($before -> $after)" \
		test "$after" -eq $((before + 5))
	monitor_dev_mem --json
	check "monitor --json prints a JSON line" grep -Eq \
		'^\{"time":"[0-9T:.-]+Z","pid":[0-9]+,"tid":[0-9]+,"uid":0,"comm":"cat","reason":"dev_mem",.*"level":"integrity","action":"deny","scope":"host","cgroup_id":[1-9][0-9]*,"exe_ino":[1-9][0-9]*,"folded":[0-9]+,"exe":"/bin/busybox","cgroup":"/"\}$' \
		/tmp/monitor.out

	expect_exit 0 "set confidentiality exits 0" $L set confidentiality
	check "status after set confidentiality" first_line_is "none integrity [confidentiality]"
	expect_exit 1 "set integrity after confidentiality is refused" $L set integrity
	check "  ... naming both levels and EPERM" \
		has "cannot lower lockdown from confidentiality to integrity: Operation not permitted"
	check "still no second copy" test "$(probe --links)" = "$links"
	phase confidentiality
	expect_exit 0 "status --json exits 0" $L status --json
	check "  ... level, enforcement and kernel facts" \
		has '^\{"level":"confidentiality","enforcing":true,"pin_dir":"/sys/fs/bpf/lockdown","kernel":\{"release":"[^"]+","lsm":\[[^]]*"bpf"[^]]*\],"bpf_lsm_active":true,"btf":true,"lockdown":"none"\}'
	check "  ... per-reason counters" has '\{"name":"kcore","level":"confidentiality","action":"deny","denied":[1-9][0-9]*,"audited":0,"allowed":[0-9]+\}'
}

# The kernel's own lockdown raised at run time through securityfs, as
# lockdownctl raises its own: the closest reference for it.
scenario_kernel_runtime() {
	for level in integrity confidentiality; do
		check "writing $level to securityfs" \
			sh -c "echo $level >/sys/kernel/security/lockdown"
		check "  ... the kernel's lockdown is at $level" \
			grep -q "\[$level\]" /sys/kernel/security/lockdown
		phase "$level"
	done
}

# The kernel's own lockdown= from boot, for the differential comparison.
scenario_kernel() {
	level=$1
	check "the kernel's lockdown is at $level" \
		grep -q "\[$level\]" /sys/kernel/security/lockdown
	phase "$level"
}

# lockdownctl on a kernel already at lockdown=confidentiality: it must
# load although the kernel refuses bpf_probe_read_kernel.
scenario_kernel_confidentiality() {
	scenario_kernel confidentiality
	expect_exit 0 "set integrity loads under the kernel's confidentiality" $L set integrity
	check "  ... and notes the kernel enforces it already" has "kernel's own lockdown is already at confidentiality"
	check "  ... and pins its enforcement" test -e /sys/fs/bpf/lockdown/links/lockdown_locked_down
	expect_exit 0 "set confidentiality under the kernel's confidentiality" $L set confidentiality
	check "status shows lockdownctl's level" first_line_is "none integrity [confidentiality]"
	echo "PHASE confidentiality-both"
	probe
}

# BPF LSM left out of lsm=: set must refuse and explain.
scenario_no_bpf_lsm() {
	expect_exit 1 "set without BPF LSM exits 1" $L set integrity
	check "  ... says BPF LSM is not active" has "BPF LSM is not active"
	check "  ... and gives the lsm= to add" has "lsm=[a-z,]*,bpf$"
	check "  ... and pins nothing" test ! -e /sys/fs/bpf/lockdown
	check "status still says none" first_line_is "[none] integrity confidentiality"
	expect_exit 0 "status --json" $L status --json
	check "  ... reports BPF LSM inactive" has '"bpf_lsm_active":false'
}

# What `make demo` shows: a raise, a refused /dev/mem and the monitor's
# line for it, refused attempts to lower the level or remove the pins.
scenario_demo() {
	show() {
		echo "# $*"
		"$@" 2>&1 | sed 's/^/    /'
	}
	show $L status
	show $L set integrity
	show $L status
	$L monitor >/tmp/monitor.out 2>&1 &
	mon=$!
	sleep 1
	show head -c 16 /dev/mem
	sleep 2
	kill -INT $mon
	wait $mon
	echo "# lockdownctl monitor    (ran in the background meanwhile)"
	sed 's/^/    /' /tmp/monitor.out
	show $L set none
	show rm -rf /sys/fs/bpf/lockdown
	show umount /sys/fs/bpf
	show $L set confidentiality
	show head -c 16 /proc/kcore
	show $L status
}

self_protect_count() {
	$L status --json | json_number self_protect_refused
}

# Every denial the event stream has accounted for: shown, folded, dropped.
events_accounted() {
	json=$($L status --json)
	echo $(($(echo "$json" | json_number reported) + $(echo "$json" | json_number folded) + $(echo "$json" | json_number dropped)))
}

dev_mem_refused() {
	! head -c 1 /dev/mem >/dev/null 2>&1
}

tried=0
blocked=0

# route DESCRIPTION LOGGED COMMAND...: an attack route. COMMAND must fail
# (for the attack tool: report "blocked"), /dev/mem must stay refused and
# the level unchanged, and when LOGGED is "logged" the refusal must be
# counted and reported as a self_protect event.
route() {
	desc=$1
	logged=$2
	shift 2
	tried=$((tried + 1))
	before=$(self_protect_count)
	if "$@" >/tmp/out 2>&1; then
		fail "attack $desc: not refused"
		sed 's/^/#   /' /tmp/out
		return
	fi
	after=$(self_protect_count)
	if [ -z "$before" ] || [ -z "$after" ]; then
		fail "attack $desc: cannot read the self_protect counter"
		return
	fi
	if ! dev_mem_refused || ! first_line_is "none [integrity] confidentiality"; then
		fail "attack $desc: enforcement weakened"
		return
	fi
	if [ "$logged" = logged ] && [ "$after" -le "$before" ]; then
		fail "attack $desc: refused but not logged ($before -> $after)"
		sed 's/^/#   /' /tmp/out
		return
	fi
	blocked=$((blocked + 1))
	if [ "$logged" = logged ]; then
		ok "attack $desc: refused, enforcement intact, logged"
	else
		ok "attack $desc: enforcement intact"
	fi
}

# attack NAME: one attack of the attack tool; fails when it is blocked.
attack_breaches() {
	attack "$1" | tee /dev/stderr | grep -q ' breached '
}

# Root attacks an applied lockdown every way we know (docs/threat-model.md).
scenario_redteam() {
	expect_exit 0 "set integrity" $L set integrity
	$L monitor >/tmp/redteam-monitor.out 2>&1 &
	mon=$!
	sleep 1

	route "unlink the pinned link" logged rm -f /sys/fs/bpf/lockdown/links/lockdown_locked_down
	route "unlink the ratchet program's pin" logged rm -f /sys/fs/bpf/lockdown/prog_raise_level
	route "rm -rf the pin directory" logged rm -rf /sys/fs/bpf/lockdown
	route "rename the pin directory" logged mv -f /sys/fs/bpf/lockdown /sys/fs/bpf/moved
	route "move a pinned link out" logged mv -f /sys/fs/bpf/lockdown/links/lockdown_locked_down /sys/fs/bpf/stolen
	mkdir -p /sys/fs/bpf/decoy
	route "move a directory into the links directory" logged mv -f /sys/fs/bpf/decoy /sys/fs/bpf/lockdown/links/
	route "umount the bpffs" logged umount /sys/fs/bpf
	route "lazy umount (MNT_DETACH) of the bpffs" logged umount -l /sys/fs/bpf
	route "umount the bpffs from a new mount namespace" logged unshare -m umount /sys/fs/bpf
	route "mount tmpfs over the bpffs" logged mount -t tmpfs none /sys/fs/bpf
	route "mount tmpfs over the pin directory" logged mount -t tmpfs none /sys/fs/bpf/lockdown
	route "bind-mount over the links directory" logged mount --bind /tmp /sys/fs/bpf/lockdown/links
	route "BPF_LINK_GET_FD_BY_ID of every link, then detach" logged attack_breaches link_fd_by_id
	route "BPF_OBJ_GET of the pinned link, then detach" logged attack_breaches link_pin_obj_get
	route "writable fd by ID to every map, then overwrite" logged attack_breaches map_write_by_id
	route "writable BPF_OBJ_GET of the counters pin" logged attack_breaches counters_pin_writable
	route "BPF_MAP_FREEZE of the counters, to stop counting" - attack_breaches counters_freeze
	route "fd by ID to every enforcing program" logged attack_breaches prog_fd_by_id
	route "fentry and freplace programs aimed at ours" logged attack_breaches attach_to_our_prog
	route "another LSM program answering 0 on locked_down" - attack_breaches lsm_allow_all
	route "fmod_ret answering 0 on security_locked_down" - attack_breaches fmod_ret_allow_all
	route "the policy program run directly with weaker policies" - attack_breaches policy_weaken
	route "running the ratchet program to lower the level" - \
		sh -c 'attack --raise-to 0; [ "$(lockdownctl status | head -n 1)" != "none [integrity] confidentiality" ]'
	# No process enforces anything: killing every lockdownctl (here the
	# monitor) must leave /dev/mem refused.
	route "kill -9 of every lockdownctl process, then open /dev/mem" - \
		sh -c 'killall -9 lockdownctl; sleep 1; head -c 1 /dev/mem'
	echo "# redteam $(uname -r): $tried routes tried, $blocked blocked"
	check "every attack route is blocked ($blocked of $tried)" test "$blocked" = "$tried"

	# What is not a bypass keeps working.
	$L monitor >/tmp/redteam-monitor.out 2>&1 &
	mon=$!
	sleep 1
	rm -f /sys/fs/bpf/lockdown/links/lockdown_locked_down 2>/dev/null
	sleep 2
	kill -INT $mon
	wait $mon
	sed 's/^/#   monitor: /' /tmp/redteam-monitor.out | head -n 5
	check "monitor reports a refused route as self_protect" grep -Eq \
		'^Lockdown: rm: tampering with lockdown is restricted; see man kernel_lockdown.7 \[pid=[0-9]+ reason=self_protect level=integrity route=pin_remove' \
		/tmp/redteam-monitor.out
	expect_exit 0 "status still works" $L status
	check "  ... and counts the refusals" has "^tampering: +[1-9][0-9]* attempts refused"
	check "unrelated BPF use still works (load, list, pin, unpin, maps)" attack --unrelated
	check "listing links by ID still works" test "$(probe --links)" -gt 0
	check "pins can still be listed" ls /sys/fs/bpf/lockdown/links/lockdown_locked_down
	check "other bpffs entries can still be removed" rmdir /sys/fs/bpf/decoy
	check "another bpffs can be mounted and unmounted" \
		sh -c 'mkdir -p /tmp/bpf2 && mount -t bpf bpf /tmp/bpf2 && umount /tmp/bpf2'
	expect_exit 0 "raising to confidentiality still works" $L set confidentiality
	check "  ... and takes effect" sh -c '! head -c 1 /proc/kcore >/dev/null 2>&1'
}

# The benchmarks (tests/bench/run-bench.sh reads these lines). Rounds and
# sizes come from the kernel command line: ldbench=ROUNDS,N,STORM.
bench_params() {
	params=$(sed -n 's/.*ldbench=\([0-9,]*\).*/\1/p' /proc/cmdline)
	rounds=${params%%,*}
	rest=${params#*,}
	n=${rest%%,*}
	storm=${rest#*,}
}

scenario_bench() {
	bench_params
	bench footprint
	bench trivial "$rounds"
	bench hooks "$rounds" "$n"
	echo "APPLY $(bench timed $L set integrity)"
	denied0=$(denied_count dev_mem)
	events0=$(events_accounted)
	$L monitor >/tmp/storm-monitor.out 2>&1 &
	mon=$!
	sleep 1
	bench storm 4 "$storm"
	sleep 2
	denied1=$(denied_count dev_mem)
	events1=$(events_accounted)
	echo "STORMCOUNT $((denied1 - denied0)) $((events1 - events0)) $(wc -l </tmp/storm-monitor.out)"
	# VmHWM is the peak, but 6.1 counts RSS lazily per task (it shows
	# 4 kB for the idle monitor); smaps_rollup walks the page tables.
	echo "MONITOR $(awk '{ print $14 + $15 }' /proc/$mon/stat) $(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/$mon/status) $(getconf CLK_TCK 2>/dev/null || echo 100) $(sed -n 's/^Rss:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/$mon/smaps_rollup)"
	kill -INT $mon
	wait $mon
}

# Last, as it raises the kernel's own lockdown for good.
scenario_bench_refused() {
	bench_params
	bench refused "$rounds" "$n"
}

in_kmsg() {
	dmesg | grep -q -- "$1"
}

# Boot-time sources: bpf_lockdown=confidentiality on the command line.
scenario_boot_param() {
	expect_exit 0 "boot applies bpf_lockdown=confidentiality" $L boot
	check "  ... and names the boot parameter" \
		has "raised from none to confidentiality \(boot parameter bpf_lockdown=\)"
	check "  ... and logs where it came from" \
		in_kmsg "Kernel is locked down from boot parameter bpf_lockdown= at confidentiality"
	check "status shows confidentiality" first_line_is "none integrity [confidentiality]"
	check "/proc/kcore is refused" sh -c '! head -c 1 /proc/kcore >/dev/null 2>&1'
	expect_exit 0 "a build minimum of integrity does not lower it" lockdownctl-min boot
	check "  ... the highest wins" has "already at confidentiality"
}

# No boot parameter: only a build minimum applies.
scenario_boot_min() {
	expect_exit 0 "boot with nothing requested exits 0" $L boot
	check "  ... says so" has "nothing to apply"
	check "  ... and applies nothing" first_line_is "[none] integrity confidentiality"
	expect_exit 0 "the build minimum shows in --version" lockdownctl-min --version
	check "  ... as integrity" has "build minimum level: integrity"
	expect_exit 0 "set none with a build minimum of integrity" lockdownctl-min set none
	check "  ... applies the minimum instead" \
		has "raised from none to integrity \(the build minimum"
	check "  ... logged as the build default" \
		in_kmsg "Kernel is locked down from build default at integrity"
	check "/dev/mem is refused" dev_mem_refused
	expect_exit 0 "boot with the build minimum then changes nothing" lockdownctl-min boot
	check "  ... already at integrity" has "already at integrity"
}

# An invalid bpf_lockdown= fails loudly; the build minimum still applies.
scenario_boot_bad() {
	expect_exit 1 "boot with bpf_lockdown=bogus exits 1" $L boot
	check "  ... names the bad value" has "invalid boot parameter bpf_lockdown=bogus"
	check "  ... in the kernel log too" in_kmsg "bpf-lockdown: invalid boot parameter bpf_lockdown=bogus"
	check "  ... and applies nothing" first_line_is "[none] integrity confidentiality"
	expect_exit 1 "with a build minimum it exits 1 too" lockdownctl-min boot
	check "  ... but applies the minimum" first_line_is "none [integrity] confidentiality"
}

# A policy with lines that cannot be read: apply and policy check refuse
# it whole; boot fails closed (issue 11, item 2): what is valid applies,
# the Level first, what cannot be read is read at its strictest, what
# cannot be mapped is skipped, and each is said, with exit status 1.
scenario_boot_conf() {
	conf /etc/lockdown/lockdown.conf <<-EOF
	[Lockdown]
	Level = integrity
	Mode = audti

	[Reasons]
	hibernation = allow
	renamed_by_a_newer_kernel = deny
	kcore = dney
	EOF
	expect_exit 1 "policy check refuses a policy with an unknown reason" $L policy check
	check "  ... naming it" has "lockdown.conf:7: unknown reason 'renamed_by_a_newer_kernel'"
	expect_exit 1 "apply refuses it whole" $L apply
	check "  ... and applies nothing" first_line_is "[none] integrity confidentiality"
	check "  ... /dev/mem opens" probe_is dev_mem allowed
	check "  ... /proc/kcore opens" probe_is kcore allowed
	expect_exit 1 "boot with bad lines exits 1" $L boot
	check "  ... names the skipped reason" \
		has "lockdown.conf:7: at boot: skipped: it cannot be mapped"
	check "  ... in the kernel log too" \
		in_kmsg "bpf-lockdown: /etc/lockdown/lockdown.conf:7: unknown reason 'renamed_by_a_newer_kernel'"
	check "  ... says how it read the bad action" \
		has "lockdown.conf:8: at boot: read as kcore = deny"
	check "  ... says the policy applied only in part" \
		has "policy of /etc/lockdown/lockdown.conf applied only in part at boot \(3 errors"
	check "  ... in the kernel log too" in_kmsg "applied only in part at boot"
	check "the file's Level is in force" first_line_is "none [integrity] confidentiality"
	check "/dev/mem is refused" probe_is dev_mem refused
	check "the valid reason applies: hibernation allowed" probe_is hibernation allowed
	check "the unreadable action is read as deny: kcore refused" probe_is kcore refused
	check "the unreadable Mode is read as enforce" sh -c "$L status | grep -Eq '^mode: +enforce'"
	check "  ... tracefs still allowed at integrity" probe_is tracefs allowed

	# An unreadable Level, in a drop-in after a valid one: the strictest.
	mkdir -p /etc/lockdown/lockdown.conf.d
	conf /etc/lockdown/lockdown.conf <<-EOF
	[Lockdown]
	Level = integrity
	[Reasons]
	hibernation = allow
	kcore = deny
	EOF
	conf /etc/lockdown/lockdown.conf.d/50-typo.conf <<-EOF
	[Lockdown]
	Level = confidentialty
	EOF
	expect_exit 1 "boot with an unreadable Level exits 1" $L boot
	check "  ... reads it as confidentiality" \
		has "50-typo.conf:2: at boot: read as Level = confidentiality"
	check "  ... in force" first_line_is "none integrity [confidentiality]"
	check "  ... tracefs refused" probe_is tracefs refused
	check "  ... hibernation still allowed" probe_is hibernation allowed
	conf /etc/lockdown/lockdown.conf.d/50-typo.conf <<-EOF
	[Lockdown]
	Level = confidentiality
	EOF
	expect_exit 0 "the same policy without the bad line: boot exits 0" $L boot
	check "  ... and says nothing was skipped" sh -c '! grep -q "at boot:" /tmp/out'
}

# Scopes hold by path (issue 11, item 5): for a cgroup created after the
# apply, from its first task on, again when it is re-created, and not for
# a cgroup of another path.
scenario_scope_late() {
	conf /tmp/late.conf <<-EOF
	[Scopes]
	late.slice = confidentiality
	nest/inner = integrity
	EOF
	check "late.slice and nest do not exist yet" \
		test ! -e /sys/fs/cgroup/late.slice -a ! -e /sys/fs/cgroup/nest
	expect_exit 0 "apply scopes on cgroups not there yet" $L apply /tmp/late.conf
	check "  ... with a warning for each" has "warning: scope nest/inner: no cgroup"
	in_cg() {
		cg=$1
		shift
		sh -c 'echo $$ >"/sys/fs/cgroup/$0/cgroup.procs" && exec "$@"' "$cg" "$@"
	}
	mkdir /sys/fs/cgroup/late.slice
	check "host: tracefs allowed" probe_is tracefs allowed
	check "late.slice created after the apply: its first task is refused" \
		probe_is tracefs refused in_cg late.slice
	check "  ... at confidentiality: kcore too" probe_is kcore refused in_cg late.slice
	check "  ... and it cannot leave" in_cg late.slice sh -c '! echo $$ >/sys/fs/cgroup/cgroup.procs'
	mkdir /sys/fs/cgroup/late.slice/child
	check "a cgroup below it is covered" probe_is tracefs refused in_cg late.slice/child
	expect_exit 0 "policy show names the scope by path now that it exists" $L policy show
	check "  ... late.slice" has "^late.slice = confidentiality$"
	rmdir /sys/fs/cgroup/late.slice/child /sys/fs/cgroup/late.slice
	check "late.slice removed" test ! -e /sys/fs/cgroup/late.slice
	mkdir /sys/fs/cgroup/late.slice
	check "late.slice re-created, no apply: refused again" \
		probe_is tracefs refused in_cg late.slice
	mkdir /sys/fs/cgroup/late.slice2 /sys/fs/cgroup/late
	check "a sibling late.slice2 is not covered" probe_is tracefs allowed in_cg late.slice2
	check "  ... nor late" probe_is tracefs allowed in_cg late
	mkdir -p /sys/fs/cgroup/nest/inner
	check "nest/inner, created later: refused at integrity (dev_mem)" \
		probe_is dev_mem refused in_cg nest/inner
	check "  ... but not at confidentiality (tracefs)" probe_is tracefs allowed in_cg nest/inner
	check "its parent nest is not covered (dev_mem)" probe_is dev_mem allowed in_cg nest
	check "the host still is not (dev_mem)" probe_is dev_mem allowed
}

# verdict COMMAND...: the outcome (allowed, refused, absent) of the probe
# that COMMAND runs.
verdict() {
	"$@" | awk '/^PROBE/ { print $4 }'
}

# probe_is NAME OUTCOME [RUNNER...]: probe NAME, run through RUNNER (e.g.
# "lockdownctl run --level confidentiality --"), comes out as OUTCOME.
probe_is() {
	name=$1 want=$2
	shift 2
	got=$("$@" probe "$name" | awk '{ print $4 }')
	[ "$got" = "$want" ] || {
		echo "probe $name: $got, expected $want"
		return 1
	}
}

conf() {
	mkdir -p /etc/lockdown
	cat >"$1"
}

# Per-reason actions, audit mode, monotonic policy, atomic apply, cgroup
# and process scopes, enriched events and the report.
scenario_policy() {
	conf /tmp/audit.conf <<-EOF
	[Lockdown]
	Level = confidentiality
	Mode = audit
	EOF
	expect_exit 0 "policy check of an audit-mode policy" $L policy check /tmp/audit.conf
	check "  ... says valid" has "valid: level confidentiality, mode audit"
	expect_exit 0 "apply an audit-mode policy at confidentiality" $L apply /tmp/audit.conf
	$L monitor --json >/tmp/audit-monitor.out 2>&1 &
	mon=$!
	sleep 1
	check "audit mode: /dev/mem is not refused" probe_is dev_mem allowed
	check "audit mode: /proc/kcore is not refused" probe_is kcore allowed
	check "audit mode: ioperm is not refused" probe_is ioperm allowed
	check "audit mode: the would-be denials are counted" \
		test "$(reason_count dev_mem audited)" -gt 0 -a "$(reason_count dev_mem denied)" = 0
	check "  ... for a confidentiality reason too" test "$(reason_count kcore audited)" -gt 0
	expect_exit 0 "status shows audit mode" $L status
	check "  ... in words" has "^mode: +audit"
	sleep 2
	kill -INT $mon
	wait $mon
	check "audit events name the action, exe and cgroup" has \
		'"reason":"dev_mem",.*"action":"audit","scope":"host",.*"exe":"/usr/bin/probe","cgroup":"/"' /tmp/audit-monitor.out
	expect_exit 0 "report summarises the audit log" $L report /tmp/audit-monitor.out
	check "  ... dev_mem with its executable" has "^dev_mem +[1-9]"
	check "  ... naming /usr/bin/probe" has "/usr/bin/probe"
	expect_exit 0 "report --json" $L report --json /tmp/audit-monitor.out
	check "  ... dev_mem audited, denied at integrity" \
		has '"reason":"dev_mem".*"audited":[1-9][0-9]*.*"outcome":\{"none":"allow","integrity":"deny","confidentiality":"deny"\}'
	check "  ... and the executable" has '"exe":"/usr/bin/probe"'

	conf /etc/lockdown/lockdown.conf <<-EOF
	# The example's asks: hibernation kept, one reason audited, one
	# confidentiality reason refused early, an optional reason.
	[Lockdown]
	Level = integrity
	Mode = enforce

	[Reasons]
	hibernation = allow
	dev_mem = audit
	kcore = deny
	-no_such_reason = deny
	EOF
	expect_exit 0 "policy check of the default config" $L policy check
	check "  ... warns of the optional reason with file and line" \
		has "^/etc/lockdown/lockdown.conf:11: warning: reason 'no_such_reason' is not known"
	expect_exit 0 "policy diff from audit mode" $L policy diff
	check "  ... shows the mode change" has "mode: audit -> enforce"
	check "  ... refusing nothing (audit mode enforces nothing)" has "apply would take all of it"
	expect_exit 0 "apply the default config" $L apply
	check "  ... in force" first_line_is "none [integrity] confidentiality"
	check "allow: hibernation stays available at integrity" probe_is hibernation allowed
	check "deny: kcore refused at integrity" probe_is kcore refused
	check "level: ioperm refused at integrity" probe_is ioperm refused
	check "level: tracefs allowed at integrity" probe_is tracefs allowed
	a0=$(reason_count dev_mem audited)
	check "audit: /dev/mem allowed" probe_is dev_mem allowed
	check "  ... and counted as audited" test "$(reason_count dev_mem audited)" -gt "$a0"
	expect_exit 0 "policy show" $L policy show
	check "  ... prints the policy in force" \
		sh -c "grep -qx 'Level = integrity' /tmp/out && grep -qx 'hibernation = allow' /tmp/out && grep -qx 'kcore = deny' /tmp/out"

	# Monotonic: each kind of weakening refused, naming it.
	weaker() {
		desc=$1 line=$2
		shift 2
		cp /etc/lockdown/lockdown.conf /tmp/weaker.conf
		printf '%s\n' "$@" >>/tmp/weaker.conf
		expect_exit 1 "weakening refused: $desc" $L apply /tmp/weaker.conf
		check "  ... naming it" has "$line"
		check "  ... and nothing changed" probe_is kcore refused
	}
	weaker "level lowered" "level: integrity -> none \(weakens" "[Lockdown]" "Level = none"
	weaker "audit mode again" "mode: enforce -> audit \(weakens" "[Lockdown]" "Mode = audit"
	weaker "deny to allow" "reason kcore: deny -> allow \(weakens" "[Reasons]" "kcore = allow"
	weaker "deny to audit" "reason ioport: deny \(level\) -> audit \(weakens" "[Reasons]" "ioport = audit"
	weaker "level's deny to allow" "reason ioport: deny \(level\) -> allow \(weakens" "[Reasons]" "ioport = allow"
	expect_exit 0 "policy diff names a weakening" $L policy diff /tmp/weaker.conf
	check "  ... and says apply would refuse it" has "apply would be refused: 1 change weakens"
	cp /etc/lockdown/lockdown.conf /tmp/stricter.conf
	printf '[Reasons]\nhibernation = audit\n' >>/tmp/stricter.conf
	expect_exit 0 "allow to audit is stricter: applied" $L apply /tmp/stricter.conf
	check "  ... hibernation still available" probe_is hibernation allowed

	# Atomic: one bad line changes nothing.
	cp /tmp/stricter.conf /tmp/bad.conf
	printf '[Lockdown]\nLevel = confidentiality\n[Reasons]\nbogus_reason = deny\n' >>/tmp/bad.conf
	bad_line=$(grep -n bogus_reason /tmp/bad.conf | cut -d: -f1)
	expect_exit 1 "a policy with one bad line is refused" $L apply /tmp/bad.conf
	check "  ... naming file and line" has "^/tmp/bad.conf:$bad_line: unknown reason 'bogus_reason'"
	check "  ... and its good lines took no effect" probe_is tracefs allowed
	check "  ... the level stays" first_line_is "none [integrity] confidentiality"
	expect_exit 1 "policy check of it exits 1" $L policy check /tmp/bad.conf
	expect_exit 1 "apply of a missing file exits 1" $L apply /tmp/missing.conf
	check "  ... naming it" has "/tmp/missing.conf"

	# Cgroup scopes.
	mkdir -p /sys/fs/cgroup/box
	cp /tmp/stricter.conf /tmp/scoped.conf
	printf '[Scopes]\nbox = confidentiality\n' >>/tmp/scoped.conf
	printf '[Scopes]\nnot/there = confidentiality\n' >/tmp/nocg.conf
	expect_exit 0 "a scope on a cgroup not there is valid (it holds when there is one)" $L policy check /tmp/nocg.conf
	check "  ... with a warning naming file and line" has "^/tmp/nocg.conf:2: warning: scope not/there: no cgroup"
	expect_exit 0 "apply a confidentiality scope on cgroup box" $L apply /tmp/scoped.conf
	check "host unaffected: tracefs allowed" probe_is tracefs allowed
	inbox() { sh -c 'echo $$ >/sys/fs/cgroup/box/cgroup.procs && exec "$@"' inbox "$@"; }
	check "in the box: tracefs refused" probe_is tracefs refused inbox
	check "in the box: a forked child is refused too" \
		test "$(verdict inbox sh -c 'probe tracefs; exit 0')" = refused
	cp "$(command -v probe)" /tmp/probe-suid
	chmod 4755 /tmp/probe-suid
	check "in the box: a setuid binary run by a user is refused" \
		test "$(verdict inbox probe --as-uid 1000 /tmp/probe-suid tracefs)" = refused
	check "escape by moving to the root cgroup fails" \
		inbox sh -c '! echo $$ >/sys/fs/cgroup/cgroup.procs'
	check "escape by a new sibling cgroup fails" \
		inbox sh -c '! mkdir /sys/fs/cgroup/out'
	check "  ... and the escapee is still refused" test "$(verdict inbox sh -c \
		'echo $$ >/sys/fs/cgroup/cgroup.procs 2>/dev/null; probe tracefs')" = refused
	expect_exit 0 "status after the escapes" $L status
	check "  ... counts them as tampering" has "^tampering: +[1-9][0-9]* attempts refused"
	$L monitor --json >/tmp/scope-monitor.out 2>&1 &
	mon=$!
	sleep 1
	inbox probe tracefs >/dev/null
	sleep 2
	kill -INT $mon
	wait $mon
	check "the event names the cgroup scope and the cgroup" has \
		'"reason":"tracefs",.*"level":"confidentiality","action":"deny","scope":"cgroup",.*"cgroup":"/box"' /tmp/scope-monitor.out
	expect_exit 1 "removing the scope is refused" $L apply /tmp/stricter.conf
	check "  ... naming it" has "scope box: confidentiality -> absent \(weakens"
	sed 's/box = confidentiality/box = integrity/' /tmp/scoped.conf >/tmp/lower.conf
	expect_exit 1 "lowering the scope is refused" $L apply /tmp/lower.conf
	check "  ... naming it" has "scope box: confidentiality -> integrity \(weakens"
	expect_exit 0 "policy show lists the scope" $L policy show
	check "  ... by path" has "^box = confidentiality$"

	# The documented example, on this kernel.
	mkdir -p /sys/fs/cgroup/machine.slice
	expect_exit 0 "the example config is valid here" $L policy check /tests/lockdown.conf.example
	check "  ... as documented" has "valid: level integrity, mode enforce"

	# Process scopes.
	R="$L run --level confidentiality --"
	check "run: the command is refused at confidentiality" probe_is tracefs refused $R
	check "run: the host is not" probe_is tracefs allowed
	check "run: its children are refused too" \
		test "$(verdict $R sh -c 'probe tracefs; exit 0')" = refused
	check "run: moving to another cgroup does not escape" test "$(verdict $R sh -c \
		'echo $$ >/sys/fs/cgroup/cgroup.procs && probe tracefs')" = refused
	check "run: a setuid binary run by a user is refused" \
		test "$(verdict $R probe --as-uid 1000 /tmp/probe-suid tracefs)" = refused
	$L monitor --json >/tmp/run-monitor.out 2>&1 &
	mon=$!
	sleep 1
	$R probe tracefs >/dev/null
	sleep 2
	kill -INT $mon
	wait $mon
	check "the event names the process scope" has \
		'"reason":"tracefs",.*"level":"confidentiality","action":"deny","scope":"process",.*"exe":"/usr/bin/probe"' /tmp/run-monitor.out
	expect_exit 2 "run with a bad level exits 2" $L run --level bogus -- true
	expect_exit 2 "run without a command exits 2" $L run --level integrity
	expect_exit 127 "run of a missing command exits 127" $R /no/such/command
	expect_exit 0 "run passes the command's success through" $R true
}

# An upgrade under enforcement: an older build (lockdownctl-old) enforces a
# policy with a scope, a scoped process runs, and /dev/mem and /proc/kcore
# are probed in a loop while the newer build takes over.
scenario_upgrade() {
	mkdir -p /sys/fs/cgroup/box
	conf /tmp/up.conf <<-EOF
	[Lockdown]
	Level = integrity
	[Reasons]
	hibernation = allow
	kcore = deny
	[Scopes]
	box = confidentiality
	EOF
	expect_exit 0 "the older build applies a policy" lockdownctl-old apply /tmp/up.conf
	links=$(probe --links)
	lockdownctl-old run --level confidentiality -- sh -c 'sleep 6; probe tracefs' >/tmp/scoped.out &
	scoped=$!
	rm -f /tmp/stop
	(while [ ! -e /tmp/stop ]; do probe dev_mem kcore; done) >/tmp/loop.out 2>&1 &
	loop=$!
	sleep 2
	expect_exit 0 "upgrade to the newer build under enforcement" $L upgrade
	check "  ... says it took over from the older generation" has "took over from /sys/fs/bpf/lockdown with the policy in force"
	sleep 2
	touch /tmp/stop
	wait $loop
	n=$(grep -c '^PROBE' /tmp/loop.out)
	refused=$(grep -c '^PROBE .* refused ' /tmp/loop.out)
	check "probes before, during and after: all $n refused ($refused)" \
		test "$n" -ge 4 -a "$refused" = "$n"
	check "the kernel log says who took over" \
		sh -c "dmesg | grep -q 'Lockdown taken over from /sys/fs/bpf/lockdown by build'"
	expect_exit 0 "status of the newer build" $L status
	check "  ... in its own generation" has "^enforcing: +yes, pinned in /sys/fs/bpf/lockdown-[0-9a-f]+$"
	check "  ... at the level carried over" first_line_is "none [integrity] confidentiality"
	expect_exit 0 "policy show of the newer build" $L policy show
	check "  ... the reasons and the scope carried over" \
		sh -c "grep -qx 'hibernation = allow' /tmp/out && grep -qx 'kcore = deny' /tmp/out && grep -qx 'box = confidentiality' /tmp/out"
	check "the allowed reason stays allowed (both generations allow it)" probe_is hibernation allowed
	check "the cgroup scope holds" \
		test "$(verdict sh -c 'echo $$ >/sys/fs/cgroup/box/cgroup.procs && exec probe tracefs')" = refused
	wait $scoped
	check "a process scoped by the older build stays scoped" grep -q ' refused ' /tmp/scoped.out
	check "the older build's enforcement stays attached ($links links, then $(probe --links))" \
		test "$(probe --links)" -ge $((links * 2))
	expect_exit 0 "upgrade again changes nothing" $L upgrade
	check "  ... this build already enforces" has "already enforces"
	printf '[Lockdown]\nLevel = none\n' >/tmp/none.conf
	expect_exit 1 "the newer build refuses to weaken the carried policy" $L apply /tmp/none.conf
	expect_exit 0 "the older build still answers" lockdownctl-old status
	check "  ... at its level" has "^none \[integrity\] confidentiality$"
	expect_exit 0 "raising through the newer build" $L set confidentiality
	check "  ... takes effect" probe_is tracefs refused
}

case $scenario in
policy) scenario_policy ;;
upgrade) scenario_upgrade ;;
boot-param) scenario_boot_param ;;
boot-min) scenario_boot_min ;;
boot-bad) scenario_boot_bad ;;
boot-conf) scenario_boot_conf ;;
scope-late) scenario_scope_late ;;
bench) scenario_bench ;;
bench-refused) scenario_bench_refused ;;
redteam) scenario_redteam ;;
demo) scenario_demo ;;
ours) scenario_ours ;;
kernel-runtime) scenario_kernel_runtime ;;
kernel-integrity) scenario_kernel integrity ;;
kernel-confidentiality) scenario_kernel_confidentiality ;;
no-bpf-lsm) scenario_no_bpf_lsm ;;
*) fail "unknown scenario '$scenario'" ;;
esac
