#!/bin/sh
# Test scenarios run inside the VM. Prints TAP-style "ok - ..." and
# "not ok - ..." lines, and "PHASE <level>" followed by the probe lines of
# that phase, which the host compares across boots (see ../run-matrix.sh).
#
# Each scenario_NAME function starts with "plan N": N is the number of
# checks it runs, every ok/not ok line it prints (check, expect_exit,
# route, ok, fail: one line each). run-matrix.sh fails a boot whose count
# differs, so a scenario that stops half-way fails. Adding or removing a
# check means changing N by as many; a check in a loop counts once per
# pass.
L=lockdownctl
scenario=$1

ok() { echo "ok - $*"; }
fail() { echo "not ok - $*"; }
plan() { echo "1..$1"; }

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

# lockdownctl's per-reason counters, one line per reason:
# NAME DENIED AUDITED ALLOWED.
counters() {
	$L status --json | grep -o '{"name":"[a-z_]*","level":"[a-z]*","action":"[a-z]*","denied":[0-9]*,"audited":[0-9]*,"allowed":[0-9]*}' |
		sed 's/{"name":"\([a-z_]*\)".*"denied":\([0-9]*\),"audited":\([0-9]*\),"allowed":\([0-9]*\)}/\1 \2 \3 \4/'
}

# phase LEVEL: every probe, under the lockdown in force. When lockdownctl
# enforces, each probe runs alone between two reads of its counters and is
# followed by "COUNTED PROBE REASON:DENIED:ASKED..." for every reason
# whose counters it changed: run-matrix.sh checks that the probe's reason,
# and no other, decided it.
phase() {
	echo "PHASE $1"
	if ! $L status --json 2>/dev/null | grep -q '"enforcing":true'; then
		probe
		return
	fi
	for p in $(probe --list); do
		counters >/tmp/counters.0
		probe "$p"
		counters >/tmp/counters.1
		echo "COUNTED $p $(awk 'NR == FNR { d[$1] = $2; t[$1] = $2 + $3 + $4; next }
			$2 + $3 + $4 > t[$1] { printf "%s:%d:%d ", $1, $2 - d[$1], $2 + $3 + $4 - t[$1] }' \
			/tmp/counters.0 /tmp/counters.1)"
	done
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
	plan 58
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
	expect_exit 0 "status --prometheus exits 0" $L status --prometheus
	check "  ... counts the same denials ($after)" \
		has "^lockdown_decisions_total\\{reason=\"dev_mem\",action=\"deny\",decision=\"denied\"\\} $after\$"
	check "  ... level 1, guard armed" \
		sh -c 'grep -qx "lockdown_level 1" /tmp/out && grep -qx "lockdown_guard_armed 1" /tmp/out'
	monitor_dev_mem --json
	check "monitor --json prints a JSON line" grep -Eq \
		'^\{"time":"[0-9T:.-]+Z","pid":[0-9]+,"tid":[0-9]+,"uid":0,"comm":"cat","reason":"dev_mem",.*"level":"integrity","action":"deny","scope":"host","cgroup_id":[1-9][0-9]*,"exe_ino":[1-9][0-9]*,"folded":[0-9]+,"exe":"/bin/busybox","cgroup":"/"\}$' \
		/tmp/monitor.out

	# A second reader of the ring buffer (its fd is handed out) takes
	# events from the first: one of them says so. Different commands, so
	# that no denial is folded into another's burst.
	$L monitor >/tmp/mon-a.out 2>&1 &
	mon_a=$!
	$L monitor >/tmp/mon-b.out 2>&1 &
	mon_b=$!
	sleep 1
	for tool in head cat tail od hexdump; do
		$tool /dev/mem >/dev/null 2>&1
		sleep 0.2
	done
	sleep 3
	kill -INT $mon_a $mon_b
	wait $mon_a $mon_b
	check "two monitors: one says how many events the other read" \
		grep -q "events read by another reader" /tmp/mon-a.out /tmp/mon-b.out
	expect_exit 0 "set confidentiality exits 0" $L set confidentiality
	check "status after set confidentiality" first_line_is "none integrity [confidentiality]"
	expect_exit 1 "set integrity after confidentiality is refused" $L set integrity
	check "  ... naming both levels and EPERM" \
		has "cannot lower lockdown from confidentiality to integrity: Operation not permitted"
	check "still no second copy" test "$(probe --links)" = "$links"
	expect_exit 0 "upgrade when this build enforces exits 0" $L upgrade
	check "  ... and says nothing changed" \
		has "^this build \([0-9a-f]+\) already enforces: nothing changed$"
	phase confidentiality
	expect_exit 0 "status --json exits 0" $L status --json
	check "  ... level, enforcement and kernel facts" \
		has '^\{"level":"confidentiality","enforcing":true,"pin_dir":"/sys/fs/bpf/lockdown","kernel":\{"release":"[^"]+","lsm":\[[^]]*"bpf"[^]]*\],"bpf_lsm_active":true,"btf":true,"lockdown":"none"\}'
	check "  ... per-reason counters" has '\{"name":"kcore","level":"confidentiality","action":"deny","denied":[1-9][0-9]*,"audited":0,"allowed":[0-9]+\}'
}

# The kernel's own lockdown raised at run time through securityfs, as
# lockdownctl raises its own: the closest reference for it.
scenario_kernel_runtime() {
	plan 4
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

scenario_kernel_integrity() {
	plan 1
	scenario_kernel integrity
}

# lockdownctl on a kernel already at lockdown=confidentiality: it must
# load although the kernel refuses bpf_probe_read_kernel.
scenario_kernel_confidentiality() {
	plan 8
	scenario_kernel confidentiality
	# An fmod_ret program answering 1<<32 on security_locked_down skips
	# every LSM, the kernel's own lockdown included.
	check "without bpf-lockdown, fmod_ret lifts the kernel's own lockdown (/dev/mem opens)" \
		sh -c "attack fmod_ret_dev_mem | grep -q '^ATTACK fmod_ret_dev_mem breached '"
	expect_exit 0 "set integrity loads under the kernel's confidentiality" $L set integrity
	check "  ... and notes the kernel enforces it already" has "kernel's own lockdown is already at confidentiality"
	check "  ... and pins its enforcement" test -e /sys/fs/bpf/lockdown/links/lockdown_locked_down
	check "with bpf-lockdown applied, the same program is refused at load" \
		sh -c "attack fmod_ret_dev_mem | grep -q '^ATTACK fmod_ret_dev_mem blocked load:Operation not permitted '"
	expect_exit 0 "set confidentiality under the kernel's confidentiality" $L set confidentiality
	check "status shows lockdownctl's level" first_line_is "none integrity [confidentiality]"
	echo "PHASE confidentiality-both"
	probe
}

# BPF LSM left out of lsm=: set must refuse and explain.
scenario_no_bpf_lsm() {
	plan 7
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
	show_sh() {
		echo "# $1"
		sh -c "$1" 2>&1 | sed 's/^/    /'
	}
	note() {
		echo
		echo "## $*"
	}
	note "Nothing applied yet."
	show $L status
	note "A policy in audit mode first: what would be refused is only recorded."
	printf '[Lockdown]\nLevel = integrity\nMode = audit\n' >/tmp/audit.conf
	show cat /tmp/audit.conf
	show $L apply /tmp/audit.conf
	$L monitor --json >/tmp/events.jsonl 2>&1 &
	mon=$!
	sleep 1
	show_sh 'head -c 16 /dev/mem | wc -c'
	sleep 2
	kill -INT $mon
	wait $mon
	note "What enforcing would break, from the recorded events:"
	show $L report /tmp/events.jsonl
	note "Enforcing: the level only goes up from here."
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
	note "One command stricter than the host: confidentiality for it alone."
	show_sh 'head -c 16 /proc/kcore | wc -c'
	show $L run --level confidentiality -- head -c 16 /proc/kcore
	note "Root cannot undo it."
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

# Refused tampering attempts of route $1 (self_protect_by_route).
route_count() {
	$L status --json | sed -n "s/.*\"self_protect_by_route\":{[^}]*\"$1\":\([0-9]*\).*/\1/p"
}

# Every denial the event stream has accounted for: shown, folded, dropped.
events_accounted() {
	json=$($L status --json)
	echo $(($(echo "$json" | json_number reported) + $(echo "$json" | json_number folded) + $(echo "$json" | json_number dropped)))
}

# Refused by lockdown (EPERM), not missing or failing otherwise.
dev_mem_refused() {
	probe dev_mem | grep -q '^PROBE dev_mem [a-z]* refused '
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
	[ -z "$want_route" ] || route_before=$(route_count "$want_route")
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
	if [ -n "$want_route" ] && ! event_seen; then
		fail "attack $desc: refused but no event from $want_comm naming route=$want_route"
		sed 's/^/#   /' /tmp/out
		return
	fi
	if [ -n "$want_route" ]; then
		route_after=$(route_count "$want_route")
		if [ -z "$route_before" ] || [ -z "$route_after" ] ||
			[ "$route_after" -le "$route_before" ]; then
			fail "attack $desc: refused but not counted under route $want_route (${route_before:-none} -> ${route_after:-none})"
			return
		fi
	fi
	blocked=$((blocked + 1))
	if [ -n "$want_route" ]; then
		ok "attack $desc: refused, enforcement intact, event route=$want_route, counted ($route_before -> $route_after)"
	elif [ "$logged" = logged ]; then
		ok "attack $desc: refused, enforcement intact, logged"
	else
		ok "attack $desc: enforcement intact"
	fi
}

# attack NAME: one attack of the attack tool; fails when it is blocked.
# An attack that did not report "blocked" (it crashed, printed nothing,
# never ran) counts as a breach: a route that cannot fail proves nothing.
attack_breaches() {
	attack "$1" >/tmp/attack.out 2>&1
	cat /tmp/attack.out >&2
	grep -q "^ATTACK $1 breached " /tmp/attack.out ||
		! grep -q "^ATTACK $1 blocked " /tmp/attack.out
}


# route_named DESCRIPTION ROUTE COMM COMMAND...: a logged route whose
# self_protect event must also be seen by the monitor the scenario runs
# (/tmp/redteam-monitor.out), from command COMM and naming ROUTE. Events
# fold per command name and reason within a second: wait that out first.
route_named() {
	desc=$1
	want_route=$2
	want_comm=$3
	shift 3
	sleep 1.1
	route "$desc" logged "$@"
	want_route=
	# What the attack did, for the log (the check above already judged).
	grep '^ATTACK ' /tmp/out | sed 's/^/#   /'
}

# Whether the monitor printed the event route_named waits for.
event_seen() {
	for i in 1 2 3 4 5 6 7 8 9 10; do
		grep -Eq "^Lockdown: $want_comm: tampering with lockdown is restricted; .* route=$want_route[] ]" \
			/tmp/redteam-monitor.out && return 0
		sleep 0.3
	done
	return 1
}

# A root that is no longer the initramfs: a chroot into a private tmpfs
# stands for switch_root (the guest never leaves its initramfs), with /sys
# (and the bpffs) bound below it. Private, so that the kernel would let
# the move or pivot through once our guard did: only the guard refuses.
outside_initramfs() {
	mkdir -p /tmp/$1 &&
		mount -t tmpfs "$1" /tmp/$1 && mount --make-private /tmp/$1 &&
		mkdir -p /tmp/$1/bin /tmp/$1/sys /tmp/$1/mv &&
		cp /bin/busybox /tmp/$1/bin/ &&
		mount --rbind /sys /tmp/$1/sys
}

# mount --move of /sys (MS_MOVE, a parent of the bpffs) from there.
move_sys_outside_initramfs() {
	outside_initramfs r &&
		chroot /tmp/r /bin/busybox mount --move /sys /mv
}

# pivot_root from there, in the initial namespace: the old root, with the
# bpffs below it, could then be dropped lazily from outside the new one.
pivot_root_outside_initramfs() {
	outside_initramfs pr &&
		mkdir -p /tmp/pr/nr && mount -t tmpfs nr /tmp/pr/nr &&
		mkdir -p /tmp/pr/nr/old &&
		chroot /tmp/pr /bin/busybox pivot_root /nr /nr/old
}

# A generation of root's own with this build's marker and the layout of
# ours, answering "level none", on a fresh bpffs mounted where lockdownctl
# looks (over /sys/fs, in a mount namespace of
# its own, which no hook refuses): lockdownctl asks the BPF side whether
# the objects are its own, and status must call them tampering. Fails
# (the route holds) only when the plant was made and status refused it
# for that reason.
shadow_generation_read() {
	unshare -m sh -c '
		mount -t tmpfs shadow /sys/fs && mkdir -p /sys/fs/bpf &&
			mount -t bpf bpf /sys/fs/bpf &&
			mkdir -p /sys/fs/bpf/lockdown/links &&
			attack --forge /sys/fs/bpf/lockdown "$1" || exit 2
		echo planted
		lockdownctl status
		echo "status exit $?"' sh "$(attack --marker "$(lockdownctl --version | sed -n 's/.*(build \([0-9a-f]*\),.*/\1/p')")" >/tmp/shadow.out 2>&1
	cat /tmp/shadow.out
	! grep -q "^planted$" /tmp/shadow.out || ! grep -q "^status exit 1$" /tmp/shadow.out ||
		! grep -q "not the armed enforcement's own (tampering)" /tmp/shadow.out
}

# After the link_fd_by_id route: as many links are listed as before, the
# pinned link is there, and the attack came out one of the two ways it may:
# every fd refused (ENOENT), each refusal counted under route link_by_id
# and reported; or fds opened (no bpf hook), one of them to our link on
# locked_down, and each answering detach with EOPNOTSUPP and update with
# EINVAL.
links_intact() {
	line=$(grep '^ATTACK link_fd_by_id ' /tmp/out) || {
		echo "the attack printed no result"
		return 1
	}
	echo "$line"
	links_after=$(probe --links)
	if [ "$links_after" != "$links_before" ] ||
		! [ -e /sys/fs/bpf/lockdown/links/lockdown_locked_down ]; then
		echo "links listed: $links_before before, $links_after after; or the pin went"
		return 1
	fi
	opened=$(echo "$line" | sed -n 's/^ATTACK [a-z_]* blocked \([0-9]*\) of .*/\1/p')
	refused=$(echo "$line" | sed -n 's/.*, \([0-9]*\) refused (ENOENT).*/\1/p')
	lbi_after=$(route_count link_by_id)
	echo "opened ${opened:-?}, refused ${refused:-?}; route link_by_id ${lbi_before:-none} -> ${lbi_after:-none}"
	if [ "$opened" = 0 ]; then
		want_comm=attack want_route=link_by_id
		[ "${refused:-0}" -gt 0 ] && [ -n "$lbi_before" ] &&
			[ "$lbi_after" = $((lbi_before + refused)) ] && event_seen
		rc=$?
		want_comm= want_route=
		return $rc
	fi
	[ -n "$opened" ] && echo "$line" | grep -q \
		'(\([1-9][0-9]*\) on locked_down), .* detach: Operation not supported, update (lsm/file_open prog): Invalid argument$'
}

# Root attacks an applied lockdown every way we know (docs/threat-model.md).
scenario_redteam() {
	plan 59
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
	touch /tmp/file
	route "bind-mount over the ratchet program's pin" logged mount --bind /tmp/file /sys/fs/bpf/lockdown/prog_raise_level
	# While the guard's bpf hook is attached our links answer ENOENT;
	# without it they open, and must be harmless. The attack judges
	# either; links_intact then checks that nothing went and that the
	# outcome is one of the two.
	links_before=$(probe --links)
	lbi_before=$(route_count link_by_id)
	route "BPF_LINK_GET_FD_BY_ID of every link, then detach and update" - attack_breaches link_fd_by_id
	grep '^ATTACK ' /tmp/out | sed 's/^/#   /'
	check "  ... every link still there; refused (ENOENT), counted and reported, or opened and harmless (EOPNOTSUPP, EINVAL)" links_intact
	route "BPF_OBJ_GET of the pinned link, then detach" logged attack_breaches link_pin_obj_get
	route "writable fd by ID to every map, then overwrite" logged attack_breaches map_write_by_id
	route "writable BPF_OBJ_GET of the counters pin" logged attack_breaches counters_pin_writable
	route "BPF_MAP_FREEZE of the counters, to stop counting" - attack_breaches counters_freeze
	route "fd by ID to every enforcing program" logged attack_breaches prog_fd_by_id
	route "fentry and freplace programs aimed at ours" logged attack_breaches attach_to_our_prog
	route "another LSM program answering 0 on locked_down" - attack_breaches lsm_allow_all
	route "fmod_ret answering 0 on security_locked_down" - attack_breaches fmod_ret_allow_all
	route "the policy program run directly with weaker policies" - attack_breaches policy_weaken
	route "fmod_ret and LSM programs on our hooks returning 1, -1 or 1<<32" logged attack_breaches before_ours
	route "fmod_ret on security_locked_down answering 1<<32, then /dev/mem" logged attack_breaches fmod_ret_dev_mem
	route "pinning a planted marker among our pins" logged attack_breaches plant_pin
	route "a directory planted among our pins" logged mkdir "/sys/fs/bpf/lockdown/$(attack --marker planted)"
	# Before the lazy unmounts below make / shared: the kernel would
	# refuse a move or pivot_root under a shared parent by itself.
	route_named "pivot_root in the initial mount namespace" mount_move busybox pivot_root_outside_initramfs
	route_named "mount --move of /sys outside the initramfs" mount_move busybox move_sys_outside_initramfs
	route_named "move_mount of the bpffs (open_tree, new mount API)" mount_move rt_mm_bpffs attack_breaches move_mount_bpffs
	route_named "move_mount of /sys, a parent of the bpffs" mount_move rt_mm_sys attack_breaches move_mount_sys
	route_named "fsmount of a tmpfs moved over the pin directory" mount rt_mm_over attack_breaches move_mount_over
	# The slide beneath /sys is allowed (7.2 makes it; 6.12 refuses it in
	# the guest, 6.1 lacks the flag); dropping the slid mount is what must
	# fail. Beneath the bpffs our guard refuses the slide.
	route "move_mount beneath /sys (MOVE_MOUNT_BENEATH), then dropped through its fd" - attack_breaches move_mount_beneath
	grep '^ATTACK ' /tmp/out | sed 's/^/#   /'
	route_named "symlink(2) planted among our pins" pin_plant rt_symlink attack_breaches plant_symlink
	route_named "link(2) of root's own pin into our pins" pin_plant rt_link attack_breaches plant_link
	route_named "a forged LOCKDOWN_PRCTL_OURS answer (LSM, fmod_ret on task_prctl)" prog_load rt_forge_ours attack_breaches forge_ours
	route "a planted generation over /sys/fs, read by status" - shadow_generation_read
	grep -E '^(planted|status exit|lockdownctl: )' /tmp/out | sed 's/^/#   /'
	route "lazy umount of /sys (the bpffs below it)" logged umount -l /sys
	route "lazy umount of /sys from a namespace sharing its mounts" logged \
		sh -c 'mount --make-rshared / && unshare -m --propagation shared umount -l /sys'
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
	pin_before=$(route_count pin_remove)
	rm -f /sys/fs/bpf/lockdown/links/lockdown_locked_down 2>/dev/null
	pin_after=$(route_count pin_remove)
	sleep 2
	kill -INT $mon
	wait $mon
	sed 's/^/#   monitor: /' /tmp/redteam-monitor.out | head -n 5
	check "monitor reports a refused route as self_protect" grep -Eq \
		'^Lockdown: rm: tampering with lockdown is restricted; see man kernel_lockdown.7 \[pid=[0-9]+ reason=self_protect level=integrity route=pin_remove' \
		/tmp/redteam-monitor.out
	check "status --json counts that one unlink once under route pin_remove (${pin_before:-none} -> ${pin_after:-none})" \
		test -n "$pin_before" -a "${pin_after:-x}" = "$((pin_before + 1))"
	expect_exit 0 "status still works" $L status
	check "  ... and counts the refusals, by route" \
		has "^tampering: +[1-9][0-9]* attempts refused \(.*pin_remove $pin_after[,)]"
	$L status --json >/tmp/status.json
	total=$(json_number self_protect_refused </tmp/status.json)
	routes=$(sed -n 's/.*"self_protect_by_route":{\([^}]*\)}.*/\1/p' /tmp/status.json)
	sum=$(echo "$routes" | tr ',' '\n' | awk -F: '{ s += $2 } END { print s + 0 }')
	check "the per-route counts add up to the total ($sum of ${total:-none}, $(echo "$routes" | tr ',' '\n' | grep -vc ':0$') routes)" \
		test -n "$total" -a "$sum" = "$total" -a "$sum" -gt 0
	$L status --prometheus >/tmp/out
	check "  ... and status --prometheus exports them by route name" \
		sh -c "grep -qx 'lockdown_tampering_refused_total{route=\"pin_remove\"} $pin_after' /tmp/out &&
			[ \"\$(grep '^lockdown_tampering_refused_total{route=\"[a-z_]*\"} ' /tmp/out | awk '{ s += \$2 } END { print s + 0 }')\" = '$total' ]"
	check "unrelated BPF use still works (load, list, pin, unpin, maps, LSM on file_open, fentry)" attack --unrelated
	# The guest's / is its namespace's first mount (rootfs), which 6.1
	# refuses to unmount by itself; later kernels reach our hook.
	route "lazy umount of / from a namespace made private at /" - \
		unshare -m --propagation shared sh -c 'mount --make-private / && umount -l /'
	check "status says the guard is armed" sh -c "$L status | grep -q '^guard: *armed$'"
	check "listing links by ID still works" test "$(probe --links)" -gt 0
	check "pins can still be listed" ls /sys/fs/bpf/lockdown/links/lockdown_locked_down
	check "other bpffs entries can still be removed" rmdir /sys/fs/bpf/decoy
	check "another bpffs can be mounted and unmounted" \
		sh -c 'mkdir -p /tmp/bpf2 && mount -t bpf bpf /tmp/bpf2 && umount /tmp/bpf2'
	expect_exit 0 "raising to confidentiality still works" $L set confidentiality
	check "  ... and takes effect" sh -c '! head -c 1 /proc/kcore >/dev/null 2>&1'
}

# harmless DESCRIPTION COMMAND...: an attack the kernel lets through. The
# command must succeed (the attack ran); the pins, the level and the
# refusal of /dev/mem must stay.
harmless() {
	desc=$1
	shift
	if ! "$@" >/tmp/out 2>&1; then
		fail "attack $desc: did not run"
		sed 's/^/#   /' /tmp/out
		return
	fi
	sleep 1 # the pins of a dying bpffs go when its last mount does
	if ! dev_mem_refused || ! first_line_is "none [integrity] confidentiality" ||
		! [ -e /sys/fs/bpf/lockdown/links/lockdown_locked_down ]; then
		fail "attack $desc: enforcement weakened"
		sed 's/^/#   /' /tmp/out
		return
	fi
	ok "attack $desc: ran, enforcement intact"
}

# Whether the bpffs mount sends or receives propagation, and whether the
# keeper (the pin directory's "keep", bound onto itself) is on it.
bpffs_propagates() {
	grep ' /sys/fs/bpf ' /proc/self/mountinfo | grep -Eq ' (shared|master):'
}
keeper_mounted() {
	id=$(awk '$5 == "/sys/fs/bpf" { id = $1 } END { print id }' /proc/self/mountinfo)
	awk -v id="$id" '$2 == id && $5 == "/sys/fs/bpf/lockdown/keep"' /proc/self/mountinfo | grep -q .
}

# A tmpfs holding an rbind of /sys, made private and dropped lazily: the
# copy of /sys is a peer of the real one, so the unmount of what is below
# it propagates to the real /sys's mounts.
rbind_tmpfs_umount() {
	mkdir -p /tmp/t && mount -t tmpfs t /tmp/t && mkdir /tmp/t/s &&
		mount --rbind /sys /tmp/t/s && mount --make-private /tmp/t &&
		grep -q ' /tmp/t/s/fs/bpf ' /proc/self/mountinfo &&
		umount -l /tmp/t
}

# In a new namespace private at / alone (/sys stays a peer of the initial
# namespace's), pivot_root and a lazy unmount of the old root.
pivot_umount_old_root() {
	unshare -m --propagation shared sh -c '
		mount --make-private / && mkdir -p /nr && mount -t tmpfs nr /nr &&
		mkdir /nr/old && cd /nr && pivot_root . old &&
		/old/bin/busybox grep -q " /old/sys/fs/bpf " /old/proc/self/mountinfo &&
		/old/bin/busybox umount -l /old'
}

# Unmount propagation (docs/threat-model.md): outside the initramfs, with
# / shared the way systemd leaves it, a lazy unmount elsewhere reaches the
# bpffs mount. The guest leaves its initramfs the way switch_root does.
# leave_initramfs SCENARIO [onto-root]: goes on with SCENARIO in a chroot
# into a tmpfs, /proc, /sys, /dev and /tmp moved there, as switch_root
# would; with onto-root, as switch_root does: the tmpfs moved onto the
# rootfs's /, which it hides (this guest's PID 1 stays on the rootfs).
leave_initramfs() {
	mkdir -p /newroot && mount -t tmpfs newroot /newroot &&
		cp -a /bin /usr /tests /newroot/ &&
		mkdir -p /newroot/proc /newroot/sys /newroot/dev /newroot/tmp &&
		for m in proc sys dev tmp; do mount --move /$m /newroot/$m || exit 1; done &&
		if [ "${2:-}" = onto-root ]; then
			cd /newroot && mount --move . / &&
				exec chroot . /bin/sh /tests/scenarios.sh "$1"
		else
			exec chroot /newroot /bin/sh /tests/scenarios.sh "$1"
		fi
	fail "leaving the initramfs"
}

# A tmpfs on /tmp/w, for a lazy unmount to drop (one that went through
# left none).
tmpfs_w() {
	mkdir -p /tmp/w
	grep -q ' /tmp/w ' /proc/self/mountinfo || mount -t tmpfs w /tmp/w
}

scenario_propagation() {
	plan 32
	leave_initramfs propagation-root
}

scenario_propagation_root() {
	mount --make-rshared / # what systemd does at switch_root
	check "outside the initramfs, / shared: so is the bpffs mount" bpffs_propagates
	expect_exit 0 "set integrity" $L set integrity
	$L monitor >/tmp/redteam-monitor.out 2>&1 &
	sleep 1
	check "  ... makes the bpffs mount private" eval '! bpffs_propagates'
	check "  ... with the keeper mounted on it" keeper_mounted
	expect_exit 0 "status" $L status
	check "  ... says so" has '^bpffs: +private, kept$'
	route "make the bpffs mount shared again" logged mount --make-shared /sys/fs/bpf
	route "make / shared again, recursively" logged mount --make-rshared /
	route "make /sys shared again, recursively" logged mount --make-rshared /sys
	route "unmount the keeper" logged umount -l /sys/fs/bpf/lockdown/keep
	check "another mount can still be made shared" \
		sh -c 'mkdir -p /tmp/b && mount --bind /tmp/b /tmp/b && mount --make-shared /tmp/b'
	expect_exit 0 "set integrity again (idempotent)" $L set integrity
	route_named "rmdir of the real root's sys where it is no mount point (another namespace)" \
		mountpoint_remove rmdir mountpoint_removed 'rmdir /r/sys'
	route_named "rename of a directory over it" mountpoint_remove mntattack \
		mountpoint_removed 'mkdir /r/x && mntattack rename /r/x /r/sys'
	check "a directory that is no mount point can still be removed and renamed" \
		sh -c 'mkdir -p /tmp/d1 /tmp/d2 && mv /tmp/d1 /tmp/d3 && rmdir /tmp/d2 /tmp/d3'
	# The window before note_propagation sees a change (sb_umount decides
	# before the unmount takes the namespace lock): each call is held
	# inside the kernel, after its entry, where it copies its argument.
	tmpfs_w
	route_named "a lazy unmount while mount_setattr(2) is held inside the kernel" \
		umount_racing mntattack mntattack stall setattr /tmp/b /tmp/w
	tmpfs_w
	route_named "a lazy unmount while mount(2) MS_PRIVATE is held inside the kernel" \
		umount_racing mntattack mntattack stall mount /tmp/b /tmp/w
	tmpfs_w
	check "a lazy unmount works again once they returned" umount -l /tmp/w
	# Both take the real /sys's childless mounts (securityfs, cgroup2)
	# along by propagation: keep them last.
	harmless "rbind of /sys under a private tmpfs, unmounted lazily" rbind_tmpfs_umount
	harmless "pivot_root where / alone is private, then a lazy unmount of the old root" pivot_umount_old_root
	check "the bpffs mount is still there, kept" keeper_mounted
	# mount_setattr(2) has no hook: the change is seen after the fact,
	# and from then on every lazy unmount is refused, until reboot.
	check "mount_setattr(2) shares the bpffs mount again" \
		mntattack setattr /sys/fs/bpf shared rec
	expect_exit 0 "status" $L status
	check "  ... status says so" \
		has '^bpffs: +SHARED again since set: every lazy unmount is refused until reboot$'
	route_named "then the rbind of /sys under a private tmpfs, unmounted lazily" \
		umount_exposed umount rbind_tmpfs_umount
	route_named "then pivot_root and a lazy unmount of the old root" \
		umount_exposed busybox pivot_umount_old_root
	check "the bpffs mount is still there, kept" keeper_mounted
	check "an unmount that is not lazy still works" \
		sh -c 'mkdir -p /tmp/u && mount -t tmpfs u /tmp/u && umount /tmp/u'
	expect_exit 0 "set makes it private again" $L set integrity
	expect_exit 0 "status" $L status
	check "  ... and says lazy unmounts stay refused" \
		has '^bpffs: +private, kept \(shared again since set: every lazy unmount is refused until reboot\)$'
	expect_exit 0 "raising to confidentiality still works" $L set confidentiality
}

# The bpffs mount shared again by mount(2) from another mount namespace,
# naming it through /proc/PID/root: sb_mount lets that through (its rule
# is for the initial namespace's own calls); note_propagation sees it.
scenario_reshare() {
	plan 10
	leave_initramfs reshare-root
}

scenario_reshare_root() {
	mount --make-rshared / # what systemd does at switch_root
	expect_exit 0 "set integrity" $L set integrity
	$L monitor >/tmp/redteam-monitor.out 2>&1 &
	sleep 1
	check "the bpffs mount is private" eval '! bpffs_propagates'
	check "mount(2) from another namespace shares it again, through /proc/PID/root" \
		unshare -m sh -c "mount --make-shared /proc/$$/root/sys/fs/bpf"
	check "  ... it is shared" bpffs_propagates
	expect_exit 0 "status" $L status
	check "  ... status says so" \
		has '^bpffs: +SHARED again since set: every lazy unmount is refused until reboot$'
	route_named "then the rbind of /sys under a private tmpfs, unmounted lazily" \
		umount_exposed umount rbind_tmpfs_umount
	route_named "  ... and a lazy unmount of a tmpfs in another namespace" \
		umount_exposed umount unshare -m sh -c 'mkdir -p /tmp/v && mount -t tmpfs v /tmp/v && umount -l /tmp/v'
	check "the bpffs mount is still there, kept" keeper_mounted
	expect_exit 0 "raising to confidentiality still works" $L set confidentiality
}

# An outside review of the keeper (docs/threat-model.md, unmount
# propagation): one attack per boot, named by ldreview= on the kernel
# command line (tests/vm/run-one.sh review 6.12 -- ldreview=NAME). Each
# prints "REVIEW NAME breached|held" after it: breached when /dev/mem
# opens after "set integrity", or status says "private, kept" of a bpffs
# mount that is not. NAME ending in -rs leaves the initramfs as switch_root
# does (the new root moved onto the rootfs's /); -initset applies lockdown
# in the initramfs first. Seen at 583b68d (breached: /dev/mem opened):
#   setattr (6.1 6.12 sid), setattr-norec (6.12), crossns-rs (6.1 6.12 sid),
#   bindroot-rs (6.1 6.12 sid), fdshare-initset and -initset-rs (6.12),
#   initramfs and initramfs-rs (6.12; needs a process rooted on the rootfs,
#   this guest's PID 1). Held on 6.12: setgroup, prens, prens-rs, slave,
#   userns-rs, setns-rs, fdshare-rs, bindroot-bb-rs (re-shared, but its
#   extra rbind copies kept the bpffs mount).
review_name() {
	sed -n 's/.*ldreview=\([a-z0-9-]*\).*/\1/p' /proc/cmdline
}

review_mounts() {
	grep -E ' /sys/fs/bpf( |/)| / ' /proc/self/mountinfo | sed 's/^/#   mountinfo: /'
}

review_verdict() {
	# The links of a dying bpffs go some seconds after its last mount
	# (deferred; 1 s was not enough on 6.12 under TCG).
	sleep 5
	$L status >/tmp/review.status 2>&1
	sed 's/^/#   status: /' /tmp/review.status | grep -E 'bpffs|guard|^#   status: (none|\[)' 
	review_mounts
	probe dev_mem | sed 's/^/#   /'
	attack link_fd_by_id | sed 's/^/#   /'
	ls -la /proc/[0-9]*/fd 2>/dev/null | grep -c bpf | sed 's/^/#   bpf fds: /'
	dmesg | grep -i lockdown | tail -3 | sed 's/^/#   dmesg: /'
	if ! dev_mem_refused; then
		fail "REVIEW $1 breached: /dev/mem opens"
	elif grep -Eq '^bpffs: +private, kept$' /tmp/review.status &&
		bpffs_propagates; then
		fail "REVIEW $1 breached: status says private, kept of a mount that propagates"
	else
		ok "REVIEW $1 held: /dev/mem refused"
	fi
}

scenario_review() {
	plan 4
	name=$(review_name)
	[ -n "$name" ] || fail "no ldreview= on the command line"
	case $name in
	*-initset*) # lockdown applied in the initramfs, before switch_root
		expect_exit 0 "set integrity in the initramfs" $L set integrity ;;
	*) ok "nothing applied in the initramfs" ;;
	esac
	case $name in
	*-rs*) leave_initramfs review-root onto-root ;;
	*) leave_initramfs review-root ;;
	esac
}

scenario_review_root() {
	name=$(review_name)
	mount --make-rshared / # what systemd does at switch_root
	case $name in
	prens*) # a namespace made before set, its mounts peers of ours
		unshare -m --propagation shared sh -c 'echo $$ >/tmp/prens.pid; exec sleep 100000' &
		sleep 1 ;;
	esac
	expect_exit 0 "set integrity" $L set integrity
	check "/dev/mem refused before the attack" dev_mem_refused
	echo "# before the attack:"
	review_mounts
	echo "# attack $name:"
	review_"$(echo "$name" | tr - _)" 2>&1 | sed 's/^/#   /'
	review_verdict "$name"
}

# mount_setattr(2) has no LSM hook: share the bpffs mount (and the keeper)
# again, then the rbind of /sys under a private tmpfs, dropped lazily.
review_setattr() {
	mntattack setattr /sys/fs/bpf shared rec
	$L status | grep bpffs
	rbind_tmpfs_umount && echo "rbind umount ran"
}

# The same, non-recursive: the bpffs shared, the keeper still private.
review_setattr_norec() {
	mntattack setattr /sys/fs/bpf shared
	$L status | grep bpffs
	rbind_tmpfs_umount && echo "rbind umount ran"
}

# The same re-share, then pivot_root and a lazy unmount of the old root
# in a namespace private at / alone.
review_setattr_pivot() {
	mntattack setattr /sys/fs/bpf shared rec
	pivot_umount_old_root && echo "pivot umount ran"
}

# mount(2) MS_SHARED|MS_REC of the real root, named by an fd opened before
# chroot to another mount (/tmp): not the task's root mount any more.
review_fdshare() {
	mntattack fdshare /tmp / rec
	$L status | grep bpffs
	rbind_tmpfs_umount && echo "rbind umount ran"
}
review_fdshare_initset() {
	review_fdshare
}
review_fdshare_rs() {
	review_fdshare
}
review_fdshare_initset_rs() {
	review_fdshare
}
review_setattr_rs() {
	review_setattr
}

# The task's root on the initramfs's rootfs (chroot to a process's root
# that is still there: PID 1 in this guest) passes for the initramfs.
review_initramfs() {
	chroot /proc/1/root /bin/busybox mount --make-rshared /newroot/sys/fs/bpf &&
		echo "re-shared from the rootfs"
	$L status | grep bpffs
	rbind_tmpfs_umount && echo "rbind umount ran"
}

# Where the initramfs's rootfs is hidden by the new root: an fd to the
# bpffs mount opened first, then chroot to a process's root still on the
# rootfs (this guest's PID 1).
review_initramfs_rs() {
	mntattack fdshare /proc/1/root /sys/fs/bpf rec
	$L status | grep bpffs
	rbind_tmpfs_umount && echo "rbind umount ran"
}

# chroot to a bind of / (another mount of the root's superblock), then
# MS_SHARED|MS_REC of the real root mount, named by an fd: neither the
# task's root mount nor, being the root's superblock, "above" the bpffs.
review_bindroot_rs() {
	mkdir -p /tmp/r && mount --bind / /tmp/r && mntattack fdshare /tmp/r / rec
	$L status | grep bpffs
	rbind_tmpfs_umount && echo "rbind umount ran"
}
review_bindroot_initset_rs() {
	review_bindroot_rs
}

# From another mount namespace, mount(2) MS_SHARED of the initial
# namespace's bpffs mount named through /proc/PID/root: the hook's rule is
# for the initial namespace only, and do_change_type() checked neither
# namespace before CVE-2025-38498's fix.
review_crossns_rs() {
	unshare -m sh -c "mount --make-rshared /proc/$$/root/sys/fs/bpf &&
		echo 're-shared from another namespace'"
	$L status | grep bpffs
	rbind_tmpfs_umount && echo "rbind umount ran"
}

# The same with busybox alone: the real root named by /proc/PID/root.
review_bindroot_bb_rs() {
	sleep 1000 &
	mkdir -p /tmp/r && mount --rbind / /tmp/r &&
		chroot /tmp/r /bin/busybox mount --make-rshared /proc/$!/root &&
		echo "real root re-shared from a chroot to an rbind of /"
	$L status | grep bpffs
	rbind_tmpfs_umount && echo "rbind umount ran"
	kill $!
}

# setns(2) into the initial mount namespace itself: the root becomes the
# namespace's root, the rootfs, wherever nothing hides it.
review_setns() {
	nsenter -m -t $$ sh -c 'cat /proc/self/mountinfo | head -3;
		mount --make-rshared /newroot/sys/fs/bpf && echo "re-shared after setns";
		mount --make-rshared /sys/fs/bpf && echo "re-shared after setns (hidden rootfs)"'
	$L status | grep bpffs
	rbind_tmpfs_umount && echo "rbind umount ran"
}
review_setns_rs() {
	review_setns
}

# From there, MS_MOVE the keeper off the bpffs mount.
review_initramfs_move() {
	mkdir -p /tmp/kept &&
		chroot /proc/1/root /bin/busybox mount --move /newroot/sys/fs/bpf/lockdown/keep /newroot/tmp/kept &&
		echo "keeper moved"
	$L status | grep bpffs
	rbind_tmpfs_umount && echo "rbind umount ran"
}

# MOVE_MOUNT_SET_GROUP onto the bpffs mount or the keeper, from a shared
# copy in another namespace; from a bind in this one; open_tree clones.
review_setgroup() {
	root=/proc/$$/root
	unshare -m sh -c "
		mount --make-shared /sys/fs/bpf && echo 'copy shared' &&
		mntattack setgroup /sys/fs/bpf $root/sys/fs/bpf;
		mount --make-shared /sys/fs/bpf/lockdown/keep &&
		mntattack setgroup /sys/fs/bpf/lockdown/keep $root/sys/fs/bpf/lockdown/keep"
	mkdir -p /tmp/bb && mount --bind /sys/fs/bpf /tmp/bb && echo "bind made" &&
		mntattack setattr /tmp/bb shared &&
		mntattack setgroup /tmp/bb /sys/fs/bpf
	mkdir -p /tmp/cl && mntattack clone /sys/fs/bpf /tmp/cl &&
		mntattack setattr /tmp/cl shared rec &&
		mntattack setgroup /tmp/cl /sys/fs/bpf
	mntattack setgroup /sys /sys/fs/bpf
	rbind_tmpfs_umount && echo "rbind umount ran"
	pivot_umount_old_root && echo "pivot umount ran"
}

# A namespace where the real root's "sys" is no mount point (a bind of /
# alone, after pivot_root and a lazy unmount of its old root): removing
# that directory there, or renaming another over it, detaches what is
# mounted on it in every other namespace (vfs_rmdir(), vfs_rename():
# detach_mounts()), /sys with the bpffs below it.
mountpoint_removed() {
	unshare -m --propagation private sh -c "
		mkdir -p /nr && mount -t tmpfs nr /nr && mkdir /nr/r /nr/old &&
		mount --bind / /nr/r && cd /nr && pivot_root . old &&
		/old/bin/busybox umount -l /old && echo 'old root dropped' &&
		PATH=/r/bin:/r/usr/bin && $1"
}
review_rmdir_rs() {
	mountpoint_removed 'rmdir /r/sys && echo "rmdir of sys ran"'
}
review_rename_rs() {
	mountpoint_removed 'mkdir /r/x && mntattack rename /r/x /r/sys'
}

# A namespace made before set: its copies were peers of the bpffs mount and
# the keeper. Share them there, unmount there.
review_prens() {
	pid=$(cat /tmp/prens.pid)
	nsenter -m -r -w -t "$pid" sh -c '
		grep -E " /sys/fs/bpf" /proc/self/mountinfo
		mount --make-rshared /sys/fs/bpf; mount --make-rshared /
		grep -E " /sys/fs/bpf" /proc/self/mountinfo
		mkdir -p /tmp/t2 && mount -t tmpfs t2 /tmp/t2 && mkdir /tmp/t2/s &&
		mount --rbind /sys /tmp/t2/s && mount --make-private /tmp/t2 &&
		umount -l /tmp/t2 && echo "rbind umount in the old namespace ran"'
	nsenter -m -r -w -t "$pid" sh -c '
		mount --make-private / && mkdir -p /nr && mount -t tmpfs nr /nr &&
		mkdir /nr/old && cd /nr && pivot_root . old &&
		/old/bin/busybox umount -l /old && echo "pivot umount in the old namespace ran"'
}

# Slaves: make the bpffs mount a slave, / recursively slave then shared.
review_slave() {
	mount --make-slave /sys/fs/bpf && echo "made slave"
	mount --make-rslave / && echo "/ made rslave"
	mount --make-rshared / && echo "/ made rshared"
	mntattack setattr /sys/fs/bpf slave rec
	$L status | grep bpffs
	rbind_tmpfs_umount && echo "rbind umount ran"
	pivot_umount_old_root && echo "pivot umount ran"
}

# A user namespace with its own mount namespace: locked copies, slaves.
review_userns_rs() {
	review_userns
}
review_prens_rs() {
	review_prens
}
review_userns() {
	unshare -U -r -m sh -c '
		mkdir -p /tmp/u && mount -t tmpfs u /tmp/u && mkdir /tmp/u/s &&
		mount --rbind /sys /tmp/u/s && umount -l /tmp/u && echo "userns rbind umount ran"
		mount --make-rshared / && echo "userns rshared"
		umount -l /sys/fs/bpf/lockdown/keep && echo "userns keeper unmounted"
		umount -l /sys && echo "userns /sys unmounted"'
	rbind_tmpfs_umount && echo "rbind umount ran"
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
	bench trivial-all "$rounds"
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

# Where the first `set` goes (make bench prints it; not timed there).
scenario_bench_profile() {
	bench trivial 3
	bench profile
	echo "APPLY $(bench timed $L set integrity)"
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
	plan 7
	expect_exit 0 "boot applies bpf_lockdown=confidentiality" $L boot
	check "  ... and names the boot parameter" \
		has "raised from none to confidentiality \(boot parameter bpf_lockdown=\)"
	check "  ... and logs where it came from" \
		in_kmsg "Kernel is locked down from boot parameter bpf_lockdown= at confidentiality"
	check "status shows confidentiality" first_line_is "none integrity [confidentiality]"
	check "/proc/kcore is refused" probe_is kcore refused
	expect_exit 0 "a build minimum of integrity does not lower it" lockdownctl-min boot
	check "  ... the highest wins" has "already at confidentiality"
}

# No boot parameter: only a build minimum applies.
scenario_boot_min() {
	plan 11
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
	plan 6
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
	plan 25
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
	plan 21
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
	# Deeper than LOCKDOWN_SCOPE_DEPTH (16): the walk skips the levels
	# below it, then hashes the 16 above (bpf/lockdown.bpf.c, WALK_UP).
	deep=$(for i in $(seq 2 20); do printf /d%d "$i"; done)
	mkdir -p "/sys/fs/cgroup/late.slice$deep" "/sys/fs/cgroup/late.slice2$deep"
	check "a cgroup 20 deep in late.slice is covered" \
		probe_is tracefs refused in_cg "late.slice$deep"
	check "  ... one 20 deep in late.slice2 is not" \
		probe_is tracefs allowed in_cg "late.slice2$deep"
	deeper=late.slice2$(for i in $(seq 2 66); do printf /e%d "$i"; done)
	mkdir -p "/sys/fs/cgroup/$deeper"
	check "  ... one 66 deep, beyond the walk, is held at the strictest" \
		probe_is tracefs refused in_cg "$deeper"
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
	plan 98
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
	# A cgroup.procs fd opened before the move (a runc-style leaked fd):
	# each write through it asks inode_permission again, of the writer.
	# The script's name is its task's, for its event.
	cat >/tmp/fd_escape <<-'EOF'
	#!/bin/sh
	exec 9>/sys/fs/cgroup/cgroup.procs && echo "fd 9 open"
	echo $$ >/sys/fs/cgroup/box/cgroup.procs &&
		grep -qx '0::/box' /proc/$$/cgroup && echo moved
	if echo $$ >&9; then echo "write: done"; else echo "write: failed"; fi
	echo "now in $(grep '^0::' /proc/$$/cgroup)"
	probe tracefs
	EOF
	chmod 755 /tmp/fd_escape
	sleep 1.1 # events fold per command name within a second
	$L monitor --json >/tmp/fd-monitor.out 2>&1 &
	mon=$!
	sleep 1
	esc_before=$(route_count scope_escape)
	/tmp/fd_escape >/tmp/fd-escape.out 2>&1
	esc_after=$(route_count scope_escape)
	sleep 2
	kill -INT $mon
	wait $mon
	sed 's/^/#   /' /tmp/fd-escape.out
	check "escape through a root cgroup.procs fd opened before the move: the fd is open" \
		grep -qx "fd 9 open" /tmp/fd-escape.out
	check "  ... and the task then moved into box" grep -qx moved /tmp/fd-escape.out
	check "  ... writing its pid through the fd fails" grep -qx "write: failed" /tmp/fd-escape.out
	check "  ... it is still in box" grep -qx "now in 0::/box" /tmp/fd-escape.out
	check "  ... and still refused" grep -q "^PROBE tracefs [a-z]* refused " /tmp/fd-escape.out
	check "  ... counted under route scope_escape (${esc_before:-none} -> ${esc_after:-none})" \
		test -n "$esc_before" -a "${esc_after:-0}" -gt "${esc_before:-0}"
	check "  ... and reported as scope_escape" grep -Eq \
		'"comm":"fd_escape","reason":"self_protect",.*"route":"scope_escape"' /tmp/fd-monitor.out
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
	check "  ... and prog_policy run directly with it refuses it too" \
		attack --lower-scope
	check "prog_policy run directly with 64 new scopes on top refuses them all (ENOSPC), twice, leaving none" \
		attack --overfill-scopes
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

# hold_try WAY PID [RUNNER...]: "probe --hold WAY PID" run through RUNNER;
# its HOLD line in /tmp/hold.out, its pid in $hold_pid.
hold_try() {
	way=$1 victim=$2
	shift 2
	"$@" probe --hold "$way" "$victim" >/tmp/hold.out 2>&1 &
	hold_pid=$!
	wait $hold_pid
}

# hold_refused DESC WAY PID [RUNNER...]: the attempt was made and refused
# with EPERM, and counted as tampering; its event is checked at the end
# (/tmp/refused.pids). One a second at most: identical events within a
# second are folded into one.
hold_refused() {
	desc=$1
	shift
	sleep 1
	before=$(self_protect_count)
	hold_try "$@"
	after=$(self_protect_count)
	# /proc/PID/mem answers EACCES for a refused ptrace_may_access().
	errno="Operation not permitted"
	[ "$1" = mem ] && errno="Permission denied"
	if ! grep -q "^HOLD $1 refused $errno$" /tmp/hold.out; then
		fail "$desc: refused with $errno"
		sed 's/^/#   /' /tmp/hold.out
	elif [ -z "$before" ] || [ -z "$after" ] || [ "$after" -le "$before" ]; then
		fail "$desc: refused but not counted ($before -> $after)"
	else
		ok "$desc: refused ($errno), counted ($before -> $after)"
	fi
	echo "$hold_pid $desc" >>/tmp/refused.pids
}

# hold_works DESC WAY PID [RUNNER...]
hold_works() {
	desc=$1
	shift
	hold_try "$@"
	if grep -q "^HOLD $1 ok done$" /tmp/hold.out; then
		ok "$desc: works"
	else
		fail "$desc: works"
		sed 's/^/#   /' /tmp/hold.out
	fi
}

# A task of a stronger scope cannot take hold of one of weaker scope
# (ptrace, pidfd_getfd, process_vm_writev, /proc/PID/mem, PTRACE_TRACEME)
# and the scope of every descendant holds through a fork storm.
scenario_scopes() {
	plan 110
	RI="$L run --level integrity --"
	RC="$L run --level confidentiality --"
	# Scripts, not functions: "$!" of a background job is then the pid
	# of the command it execs.
	for cg in box box/inner; do
		printf '#!/bin/sh\necho $$ >/sys/fs/cgroup/%s/cgroup.procs && exec "$@"\n' \
			$cg >/tmp/in-${cg#*/}
		chmod 755 /tmp/in-${cg#*/}
	done
	inbox=/tmp/in-box
	ininner=/tmp/in-inner
	rm -f /tmp/refused.pids
	expect_exit 0 "run loads lockdown" $RI true
	check "the host is at none" first_line_is "[none] integrity confidentiality"
	check "the host reads /dev/mem" probe_is dev_mem allowed
	check "run --level integrity does not" probe_is dev_mem refused $RI
	$L monitor --json >/tmp/scopes-monitor.out 2>&1 &
	mon=$!
	sleep 1

	sleep 1000 </dev/null >/dev/null 2>&1 &
	host=$!
	$RI sleep 1000 </dev/null >/dev/null 2>&1 &
	peer=$!
	$RC sleep 1000 </dev/null >/dev/null 2>&1 &
	strict=$!
	sleep 1
	for way in ptrace getfd vm_writev mem; do
		hold_refused "run --level integrity: $way of a host process" $way $host $RI
		hold_works "run --level integrity: $way of a process of the same run level" $way $peer $RI
		hold_works "run --level integrity: $way of a process at confidentiality" $way $strict $RI
		hold_works "the host: $way of a scoped process" $way $peer
	done
	check "the host processes are still there" kill -0 $host $peer $strict

	mkdir -p /sys/fs/cgroup/box/inner
	printf '[Scopes]\nbox = integrity\n' >/tmp/box.conf
	expect_exit 0 "apply a cgroup scope at integrity on box" $L apply /tmp/box.conf
	check "in the box: /dev/mem refused" probe_is dev_mem refused $inbox
	$inbox sleep 1000 </dev/null >/dev/null 2>&1 &
	boxed=$!
	$ininner sleep 1000 </dev/null >/dev/null 2>&1 &
	inner=$!
	sleep 1
	for way in ptrace getfd vm_writev mem; do
		hold_refused "cgroup scope integrity: $way of a host process" $way $host $inbox
		hold_refused "cgroup scope integrity, a child cgroup: $way of a host process" $way $host $ininner
		hold_works "cgroup scope integrity: $way of a process in the same cgroup" $way $boxed $inbox
		hold_works "cgroup scope integrity: $way of a process in a child cgroup" $way $inner $inbox
		hold_works "cgroup scope integrity: $way of a process under run --level integrity" $way $peer $inbox
		# A cgroup scope written as a path is seen for another task
		# only in the holder's own cgroup subtree: elsewhere it is
		# taken as weaker (refused, strictly; docs/threat-model.md).
		hold_refused "run --level integrity: $way of a process in the integrity cgroup (strictly)" $way $boxed $RI
		hold_refused "run --level integrity: $way of a process in its child cgroup (strictly)" $way $inner $RI
		hold_refused "run --level confidentiality: $way of a process in the integrity cgroup" $way $boxed $RC
	done

	# PTRACE_TRACEME: a child moved out of its parent's scoped cgroup
	# offers itself to that parent.
	for moved in yes no; do
		rm -rf /tmp/tm
		mkdir /tmp/tm
		sleep 1
		before=$(self_protect_count)
		$inbox probe --traceme /tmp/tm >/tmp/tm.out 2>&1 &
		tm=$!
		for i in $(seq 100); do
			[ -s /tmp/tm/pid ] && break
			sleep 0.1
		done
		child=$(cat /tmp/tm/pid)
		[ $moved = yes ] && echo "$child" >/sys/fs/cgroup/cgroup.procs
		touch /tmp/tm/go
		wait $tm
		after=$(self_protect_count)
		if [ $moved = yes ]; then
			check "PTRACE_TRACEME to a parent of stronger scope: refused with EPERM" \
				grep -q "^HOLD traceme refused Operation not permitted$" /tmp/tm.out
			check "  ... and counted ($before -> $after)" test "$after" -gt "$before"
			echo "$child PTRACE_TRACEME" >>/tmp/refused.pids
		else
			check "PTRACE_TRACEME to a parent of the same scope works" \
				grep -q "^HOLD traceme ok done$" /tmp/tm.out
		fi
		sed 's/^/#   /' /tmp/tm.out
	done

	# Usermode helpers: a scoped task may not name a program that the
	# kernel would start outside every scope.
	helpers=0
	for f in /proc/sys/kernel/core_pattern /proc/sys/kernel/modprobe \
		/proc/sys/kernel/hotplug /sys/kernel/uevent_helper; do
		[ -e $f ] || continue
		old=$(cat $f)
		for runner in "$RI" $inbox; do
			sleep 1
			before=$(self_protect_count)
			$runner sh -c "echo '|/tmp/evil' >$f" >/tmp/out 2>&1
			rc=$?
			after=$(self_protect_count)
			check "${runner%% *}: writing $f fails (exit $rc)" test $rc -ne 0
			check "  ... with EPERM" has "Operation not permitted"
			check "  ... counted ($before -> $after)" test "$after" -gt "$before"
			check "  ... and $f is unchanged" test "$(cat $f)" = "$old"
			helpers=$((helpers + 1))
		done
	done
	check "the helper settings were tried ($helpers)" test $helpers -ge 4
	check "the host still sets core_pattern" sh -c \
		'echo mycore >/proc/sys/kernel/core_pattern && grep -qx mycore /proc/sys/kernel/core_pattern && echo core >/proc/sys/kernel/core_pattern'
	check "a scoped task still writes other proc files" $RI sh -c 'echo 0 >/proc/self/oom_score_adj'
	check "  ... and other sysctls" $RI sh -c 'echo 50 >/proc/sys/vm/overcommit_ratio'

	sleep 2
	kill -INT $mon
	wait $mon
	check "usermode helper settings are reported as scope_escape" grep -Eq \
		'"comm":"sh","reason":"self_protect",.*"route":"scope_escape"' /tmp/scopes-monitor.out
	while read -r pid desc; do
		check "$desc: a self_protect event with route scope_ptrace" grep -Eq \
			"\"pid\":$pid,.*\"reason\":\"self_protect\".*\"route\":\"scope_ptrace\"" /tmp/scopes-monitor.out
	done </tmp/refused.pids
	check "the monitor line for it" grep -Eq \
		'^\{.*"comm":"probe","reason":"self_protect",.*"route":"scope_ptrace"' /tmp/scopes-monitor.out
	kill $host $peer $strict $boxed $inner

	# Fork storms under run: every descendant is refused, however many
	# fork at once. Forks may fail (6.1: a scope that cannot be read
	# fails the fork); none may give a process out of scope. One storm
	# alone, then three at once; the same unscoped, for comparison.
	echo "# unscoped storm: $(probe --fork-storm 4 4)"
	$RI probe --fork-storm 4 4 >/tmp/storm0.out 2>&1
	for i in 1 2 3; do
		$RI probe --fork-storm 4 4 >/tmp/storm$i.out 2>&1 &
	done
	wait
	total=0
	for i in 0 1 2 3; do
		line=$(grep '^STORM' /tmp/storm$i.out)
		echo "# storm $i: $line"
		n=$(echo "$line" | sed -n 's/.*descendants=\([0-9]*\).*/\1/p')
		r=$(echo "$line" | sed -n 's/.*refused=\([0-9]*\).*/\1/p')
		a=$(echo "$line" | sed -n 's/.*allowed=\([0-9]*\).*/\1/p')
		check "fork storm $i under run: every descendant refused ($r of $n)" \
			test -n "$n" -a "$r" = "$n" -a "$a" = 0
		total=$((total + ${n:-0}))
	done
	check "the storms made descendants ($total)" test "$total" -ge 50
}

# Audit mode under an enforced level (issue 11, item 1), and the policy
# changed and raised concurrently (item 3): attack --stress runs the
# policy and ratchet programs directly from several processes while
# others probe, then the enforced level is raised under audit mode.
scenario_stress() {
	plan 32
	conf /tmp/audit.conf <<-EOF
	[Lockdown]
	Level = confidentiality
	Mode = audit
	[Reasons]
	hibernation = allow
	EOF
	expect_exit 0 "apply an audit-mode policy" $L apply /tmp/audit.conf
	expect_exit 0 "status" $L status
	check "  ... says nothing is enforced, in audit mode" \
		has "^enforcing: +no: nothing is refused \(audit mode"
	check "  ... and that nothing is enforced whatever the policy" has "^enforced: +none"
	check "  ... every reason only audited" has "^policy: +level confidentiality; reasons: 0 refused, [1-9][0-9]* audited only, 1 allowed"
	check "status --json: not enforcing, loaded, in audit mode" sh -c \
		"$L status --json | grep -q '^{\"level\":\"none\",\"enforcing\":false,.*\"loaded\":true,\"enforced\":\"none\",\"policy_level\":\"confidentiality\",\"mode\":\"audit\",\"reasons_refused\":0,'"
	check "audit mode: /dev/mem allowed" probe_is dev_mem allowed

	# One vCPU: the programs interleave only where the kernel preempts
	# them, so this boot asks for preempt=full.
	echo "# $(dmesg | grep -i 'dynamic preempt' | head -n 1)"
	expect_exit 0 "raises, applies and probes at once (attack --stress 20)" attack --stress 20
	grep '^#' /tmp/out
	for what in "it ran" "kcore never allowed silently" "every kcore probe counted" \
		"dev_mem never allowed silently" "dev_mem refused after the raise" \
		"the enforced level never read lower" "every policy read back"; do
		check "stress: $what" grep -q "^STRESS ok $what" /tmp/out
	done
	check "  ... the raise took: enforced integrity, still in audit mode" sh -c \
		"$L status --json | grep -q '\"enforced\":\"integrity\",\"policy_level\":\"[a-z]*\",\"mode\":\"audit\"'"

	# An explicit level under audit mode: enforced, whatever the policy.
	expect_exit 0 "set confidentiality with an audit-mode policy in force" $L set confidentiality
	check "  ... says it raised the level" has "raised from integrity to confidentiality"
	expect_exit 0 "status" $L status
	check "  ... enforcing: yes" has "^enforcing: +yes, pinned in /sys/fs/bpf/lockdown$"
	check "  ... at confidentiality" first_line_is "none integrity [confidentiality]"
	check "  ... enforced in any mode" has "^enforced: +confidentiality, in any mode"
	check "  ... the mode stays audit" has "^mode: +audit"
	check "  ... no reason only audited" has "^policy: +level [a-z]+; reasons: [1-9][0-9]* refused, 0 audited only, 0 allowed"
	check "kcore refused although the policy audits it" probe_is kcore refused
	check "tracefs refused" probe_is tracefs refused
	check "hibernation refused although allowed by the policy's action" \
		probe_is hibernation refused
	a0=$(reason_count kcore audited)
	probe kcore >/dev/null
	check "  ... counted as denied, not audited" test "$(reason_count kcore audited)" = "$a0"

	# A build minimum no longer refuses audit-mode policies.
	expect_exit 0 "a build with a minimum level applies an audit-mode policy" \
		lockdownctl-min apply /tmp/audit.conf
	check "  ... and says what stays enforced" \
		has "^enforced in any mode, whatever the policy says: confidentiality \(the policy audits only"
	check "  ... /dev/mem stays refused" dev_mem_refused
	expect_exit 1 "set integrity is still refused as lowering" $L set integrity
}

# An upgrade under enforcement: an older build (lockdownctl-old) enforces a
# policy with a scope, a scoped process runs, and /dev/mem and /proc/kcore
# are probed in a loop while the newer build takes over.
scenario_upgrade() {
	plan 21
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
	old=$(lockdownctl-old --version | sed -n 's/.*(build \([0-9a-f]*\),.*/\1/p')
	links=$(probe --links)
	lockdownctl-old run --level confidentiality -- sh -c 'sleep 6; probe tracefs' >/tmp/scoped.out &
	scoped=$!
	rm -f /tmp/stop
	(while [ ! -e /tmp/stop ]; do probe dev_mem kcore; done) >/tmp/loop.out 2>&1 &
	loop=$!
	sleep 2
	expect_exit 0 "upgrade to the newer build under enforcement" $L upgrade
	check "  ... says the older build ($old) enforces until reboot" \
		has "^build ${old:-NONE} enforces until reboot; build [0-9a-f]+ takes over at the next boot$"
	sleep 2
	touch /tmp/stop
	wait $loop
	n=$(grep -c '^PROBE' /tmp/loop.out)
	refused=$(grep -c '^PROBE .* refused ' /tmp/loop.out)
	check "probes before, during and after: all $n refused ($refused)" \
		test "$n" -ge 4 -a "$refused" = "$n"
	expect_exit 0 "status of the newer build" $L status
	check "  ... reads the older build's generation" \
		has "^enforcing: +yes, pinned in /sys/fs/bpf/lockdown \(build ${old:-NONE}, in force until reboot\)$"
	check "  ... armed" has "^guard: +armed$"
	check "  ... at the level in force" first_line_is "none [integrity] confidentiality"
	expect_exit 0 "policy show of the newer build" $L policy show
	check "  ... the reasons and the scope in force" \
		sh -c "grep -qx 'hibernation = allow' /tmp/out && grep -qx 'kcore = deny' /tmp/out && grep -qx 'box = confidentiality' /tmp/out"
	check "the allowed reason stays allowed" probe_is hibernation allowed
	check "the cgroup scope holds" \
		test "$(verdict sh -c 'echo $$ >/sys/fs/cgroup/box/cgroup.procs && exec probe tracefs')" = refused
	wait $scoped
	check "a process scoped by the older build stays scoped" grep -q ' refused ' /tmp/scoped.out
	check "nothing of the newer build attached beside it ($links links, then $(probe --links))" \
		test -n "$links" -a "${links:-0}" -gt 0 -a "$(probe --links)" = "$links"
	expect_exit 0 "upgrade again" $L upgrade
	check "  ... says the same" has "^build ${old:-NONE} enforces until reboot"
	printf '[Lockdown]\nLevel = none\n' >/tmp/none.conf
	expect_exit 1 "the newer build refuses to weaken the policy in force" $L apply /tmp/none.conf
	expect_exit 0 "the older build still answers" lockdownctl-old status
	check "  ... at its level" has "^none \[integrity\] confidentiality$"
	expect_exit 0 "raising through the newer build" $L set confidentiality
	check "  ... takes effect" probe_is tracefs refused
}

# attack_bg OUT WANT TENTHS ARGS...: starts `attack ARGS...` in the
# background, its output in OUT, and waits up to TENTHS tenths of a second
# for a line starting with WANT (or for it to exit); its pid in attack_pid.
attack_bg() {
	out=$1
	want=$2
	tenths=$3
	shift 3
	attack "$@" >"$out" 2>&1 &
	attack_pid=$!
	for i in $(seq "$tenths"); do
		grep -q "^$want" "$out" && break
		kill -0 $attack_pid 2>/dev/null || break
		sleep 0.1
	done
}

# Lockdown applied while fmod_ret programs that could override it are
# loaded (one) and attached (another): in force, but set must say it
# cannot be guaranteed, and the loaded one must not attach afterwards.
scenario_bypass_before() {
	plan 13
	attack --preload /tmp/go-loaded >/tmp/loaded.out 2>&1 &
	loaded=$!
	attack --preattach /tmp/go-attached >/tmp/attached.out 2>&1 &
	attached=$!
	for i in $(seq 100); do
		grep -q '^PRELOADED' /tmp/loaded.out && grep -q '^PRELOADED' /tmp/attached.out && break
		sleep 0.1
	done
	check "an fmod_ret program is loaded before lockdown" grep -q '^PRELOADED loaded' /tmp/loaded.out
	check "another is attached before lockdown" grep -q '^PRELOADED attached' /tmp/attached.out
	before=$(lockdownctl status --json | json_number self_protect_refused)
	expect_exit 1 "set integrity with it attached fails" $L set integrity
	check "  ... saying lockdown is in force but cannot be guaranteed" has "cannot be guaranteed"
	check "  ... naming the attached program" has "attached program [0-9]+ on security_locked_down"
	check "  ... and warning that nothing more can attach" has "no fmod_ret or LSM program can be attached until reboot"
	check "/dev/mem is refused all the same" dev_mem_refused
	expect_exit 0 "status" $L status
	check "  ... enforcing, armed" sh -c "grep -q '^enforcing: *yes' /tmp/out && grep -q '^guard: *armed$' /tmp/out"
	touch /tmp/go-loaded /tmp/go-attached
	wait $loaded $attached
	cat /tmp/loaded.out | sed 's/^/#   /'
	check "the program loaded before lockdown cannot attach" \
		grep -q '^ATTACK preloaded_attach blocked BPF_LINK_CREATE:Operation not permitted' /tmp/loaded.out
	after=$(self_protect_count)
	check "  ... refused by our guard, logged ($before -> $after)" test "${after:-0}" -gt "${before:-0}"
	check "  ... nor can any LSM program, until reboot" sh -c '! attack --unrelated'
	check "/dev/mem is still refused" dev_mem_refused
}

# The same bypass (fmod_ret on security_locked_down answering 1 << 32),
# attached before lockdown beside a program that hides every program and
# link from the ID walk set does to find it: answering -ENOENT to
# BPF_PROG/LINK_GET_NEXT_ID and BPF_PROG/LINK_GET_FD_BY_ID, on the bpf LSM
# hook ($1 = lsm) or with fmod_ret on security_bpf ($1 = fmod_ret). A scan
# that takes ENOENT for the end of the list sees nothing; set must still
# say that lockdown cannot be guaranteed. One variant per boot: once set
# has run, neither can be attached again to try the other.
scenario_hidden_bypass() {
	plan 12
	variant=$1
	attack_bg /tmp/hidden.out PREHIDDEN 100 --prehide /tmp/go-hidden "$variant"
	hidden=$attack_pid
	sed 's/^/#   /' /tmp/hidden.out
	check "root attaches an fmod_ret program on security_locked_down and an $variant program hiding it, before lockdown" \
		grep -q "^PREHIDDEN $variant " /tmp/hidden.out
	check "  ... the hide works on its own objects (listed, then ENOENT)" \
		grep -q "prog_next_id:ok->ENOENT,link_next_id:ok->ENOENT,prog_fd_by_id:ok->ENOENT,link_fd_by_id:ok->ENOENT" /tmp/hidden.out
	check "  ... and the bypass opens /dev/mem" grep -q "^PREHIDDEN $variant .* dev_mem:opened$" /tmp/hidden.out
	check "another process walking the link IDs sees none ($(probe --links))" test "$(probe --links)" = 0
	expect_exit 1 "set integrity with the hidden bypass attached fails" $L set integrity
	check "  ... saying lockdown is in force but cannot be guaranteed" has "cannot be guaranteed"
	check "  ... naming a program attached before it" has "attached before it \(.*program"
	check "/dev/mem still opens: the bypass outlives set" sh -c "probe dev_mem | grep -q '^PROBE dev_mem [a-z]* allowed '"
	expect_exit 0 "status" $L status
	check "  ... enforcing, armed" sh -c "grep -q '^enforcing: *yes' /tmp/out && grep -q '^guard: *armed$' /tmp/out"
	touch /tmp/go-hidden
	wait $hidden
	check "the attack held its programs until told to go (exit $?)" test $? = 0
	check "/dev/mem is refused once they are gone" dev_mem_refused
}

# An fmod_ret program whose load is in flight across the first set: held
# inside the kernel (attack --stall-load: its verifier log on a userfaultfd
# page) after every load-time check and before it has an ID, so the scan
# of set cannot see it. Where it is held is read from its kernel stack
# (bpf_check(), which runs after the load-time hooks and before the ID and
# the fd are made). Once released, its load or its attach must be refused,
# by our guard.
scenario_inflight_load() {
	plan 8
	attack_bg /tmp/inflight.out 'STALLED load' 400 --stall-load /tmp/go
	inflight=$attack_pid
	check "an fmod_ret load is held inside the kernel, with no ID yet" \
		grep -q '^STALLED load' /tmp/inflight.out
	cat /proc/$inflight/task/*/stack >/tmp/held.stack 2>&1
	sed 's/^/#   held: /' /tmp/held.stack
	check "  ... in the verifier, in a userfault" \
		sh -c "grep -q ' bpf_check+' /tmp/held.stack && grep -q ' handle_userfault+' /tmp/held.stack"
	expect_exit 0 "set integrity meanwhile (its scan cannot see it)" $L set integrity
	check "/dev/mem is refused" dev_mem_refused
	before=$(self_protect_count)
	touch /tmp/go
	wait $inflight
	rc=$?
	sed 's/^/#   /' /tmp/inflight.out
	check "the held load was released and tried (exit $rc)" \
		grep -q '^ATTACK inflight_load ' /tmp/inflight.out
	refused='(Operation not permitted|No such file or directory)'
	check "  ... refused: its load, or both ways to attach it" \
		grep -Eq "^ATTACK inflight_load blocked (load:$refused|BPF_LINK_CREATE:$refused BPF_RAW_TRACEPOINT_OPEN:$refused)\$" /tmp/inflight.out
	after=$(self_protect_count)
	check "  ... by our guard, counted ($before -> $after)" \
		test "${after:-0}" -gt "${before:-0}"
	check "/dev/mem is still refused" dev_mem_refused
}

# Root takes fds to our maps while set runs, before the guard is armed
# (attack --set-traced: lockdownctl set under ptrace from its exec,
# stopped at each BPF_MAP_FREEZE), to use them once set has exited.
# "guard": an fd to the guard by ID, to rewrite it (hook_btf_ids cleared)
# just before set freezes it; then an LSM program of root's on
# bpf_lsm_locked_down answering 1 << 32 would load, attach before ours and
# open /dev/mem. "steal": the same through lockdownctl's own fd to the
# armed guard, taken with pidfd_getfd() at that freeze. "state": an fd to
# the state map by ID, for a syscall program of root's that sets the level
# to none. set's pre-guard refuses the fds and the pidfd_getfd(); a tracer
# from its exec keeps its hold, so set fails naming it (exit 1).
scenario_set_traced() {
	variant=$1
	plan 6
	attack_bg /tmp/traced.out 'ATTACK ' 600 --set-traced "$variant" integrity
	traced=$attack_pid
	sed 's/^/#   /' /tmp/traced.out
	check "set integrity ran under ptrace, stopped at its freezes" \
		grep -q '^SET exit [0-9]* freezes [1-9]' /tmp/traced.out
	check "  ... and failed (exit 1)" grep -q '^SET exit 1 ' /tmp/traced.out
	check "  ... naming its tracer ($traced): lockdown cannot be guaranteed" \
		grep -q "traced by process $traced while it applied lockdown: lockdown is applied but cannot be guaranteed" /tmp/traced.out
	case $variant in
	guard | steal) check "  ... the guard could not be reached to rewrite it" \
		grep -q '^SET .* guard_fd:none .*rewritten:no' /tmp/traced.out ;;
	*) check "  ... no fd to the state map could be taken" \
		grep -q '^SET .* state_fd:none ' /tmp/traced.out ;;
	esac
	check "/dev/mem is refused" dev_mem_refused
	expect_exit 0 "status" $L status
	sed -n '1,3s/^/#   /p' /tmp/out
	kill $traced 2>/dev/null
	wait $traced 2>/dev/null
}

# Root races `lockdownctl set` without ptrace (attack --set-raced): while
# set runs, it opens every new map read-write by ID and takes set's own
# bpf-map fds with pidfd_getfd() (no tracing needed for one's child), then
# uses a state map fd, if it got one, to set the level to none. Nothing of
# ours may be reachable that way while set runs: set succeeds, no map is
# opened or stolen, and /dev/mem stays refused.
scenario_set_raced() {
	plan 6
	attack --set-raced integrity >/tmp/raced.out 2>&1
	rc=$?
	sed 's/^/#   /' /tmp/raced.out
	check "the attack saw set's maps while set ran (exit $rc)" \
		grep -Eq '^SET exit [0-9]+ seen:[1-9][0-9]* ' /tmp/raced.out
	check "  ... and set succeeded" grep -q '^SET exit 0 ' /tmp/raced.out
	check "  ... no map was opened read-write by ID" \
		grep -q '^SET exit [0-9]* seen:[0-9]* opened:0 ' /tmp/raced.out
	check "  ... none of set's map fds was taken with pidfd_getfd()" \
		grep -q '^SET exit [0-9]* seen:[0-9]* opened:[0-9]* stolen:0 ' /tmp/raced.out
	check "/dev/mem is refused afterwards" dev_mem_refused
	expect_exit 0 "status" $L status
	sed -n '1,3s/^/#   /p' /tmp/out
}

# An extension program (freplace) of a decoy of root's own, attached to
# our prog_raise_level by BPF_LINK_CREATE with a new target: the guard
# checks an extension's target at load only. Once attached, root's code
# answers every run of prog_raise_level: lockdownctl reads the level from
# it and raises through it.
scenario_freplace_raise() {
	plan 8
	expect_exit 0 "set integrity" $L set integrity
	attack --freplace-raise /sys/fs/bpf/rt_freplace >/tmp/fr.out 2>&1
	rc=$?
	sed 's/^/#   /' /tmp/fr.out
	check "the attack ran (exit $rc)" grep -q '^ATTACK freplace_retarget ' /tmp/fr.out
	check "  ... and was refused" grep -q '^ATTACK freplace_retarget blocked ' /tmp/fr.out
	expect_exit 0 "set confidentiality" $L set confidentiality
	check "  ... takes effect (/proc/kcore refused)" sh -c '! head -c 1 /proc/kcore >/dev/null 2>&1'
	check "/dev/mem is refused" dev_mem_refused
	$L status 2>&1 | sed -n '1,3s/^/#   status: /p'
	attack --override-return >/tmp/or.out 2>&1
	sed 's/^/#   /' /tmp/or.out
	check "bpf_override_return on security_locked_down was tried" grep -q '^ATTACK override_return ' /tmp/or.out
	check "  ... and refused" grep -q '^ATTACK override_return blocked ' /tmp/or.out
}

# The bypass (fmod_ret on security_locked_down answering 1 << 32) attached
# before lockdown beside an fexit program on vfs_read() that rewrites, in
# lockdownctl's own buffer, each scan record naming an fmod_ret program
# into one naming an fentry program (bpf_probe_write_user(), loaded while
# nothing refused it). Every record is still there, numbered by the
# kernel: the scan cannot tell. set must still fail loudly.
scenario_scan_rewrite() {
	plan 6
	attack_bg /tmp/prewrite.out PREWRITTEN 300 --prewrite /tmp/go
	pre=$attack_pid
	sed 's/^/#   /' /tmp/prewrite.out
	check "the bypass and the rewriter are attached, /dev/mem opens" \
		grep -q '^PREWRITTEN ' /tmp/prewrite.out
	expect_exit 1 "set integrity with them attached fails" $L set integrity
	check "  ... saying lockdown cannot be guaranteed" has "cannot be guaranteed"
	check "  ... naming the attached program" has "attached program [0-9]+ on security_locked_down"
	check "/dev/mem is refused with them attached" dev_mem_refused
	touch /tmp/go
	wait $pre
	check "/dev/mem is refused once they are gone" dev_mem_refused
}

# Root's own objects planted under lockdown's names before the first set
# (issue 10.3): never taken for lockdown's, never read as the level.
scenario_planted() {
	plan 8
	id=$($L --version | sed -n 's/.*(build \([0-9a-f]*\),.*/\1/p')
	mkdir -p /sys/fs/bpf/lockdown/links
	check "root plants objects named as lockdown's, with this build's marker" \
		attack --plant /sys/fs/bpf/lockdown "$(attack --marker "${id:-x}")"
	expect_exit 1 "status refuses to read them" $L status
	check "  ... and says why" has "not the armed enforcement's own \(tampering\)"
	expect_exit 1 "set integrity fails loudly" $L set integrity
	check "  ... saying it enforces all the same" has "tampering\); lockdown enforces from a staging directory"
	check "/dev/mem is refused" dev_mem_refused
	check "the armed staging directory cannot be removed" \
		sh -c '! rm -rf /sys/fs/bpf/lockdown-staging-* 2>/dev/null && ls -d /sys/fs/bpf/lockdown-staging-*/links'
	check "status still refuses to read the planted ones" sh -c "! $L status >/dev/null 2>&1"
}

# The same, as a generation of another ABI (an older build's, as far as
# its name says): no armed guard calls it its own, so nothing says it
# enforces anything. Before, set ran its raise program and /dev/mem
# stayed open (seen on 6.12).
scenario_planted_abi() {
	plan 6
	id=$($L --version | sed -n 's/.*(build \([0-9a-f]*\),.*/\1/p')
	marker=$(attack --marker "${id:-x}" | sed 's/^build-[0-9]*-/build-1-/')
	mkdir -p /sys/fs/bpf/lockdown/links
	check "root plants objects named as lockdown's, as another ABI ($marker)" \
		attack --plant /sys/fs/bpf/lockdown "$marker"
	expect_exit 1 "set integrity fails loudly" $L set integrity
	check "  ... saying it enforces all the same" has "tampering\); lockdown enforces from a staging directory"
	check "/dev/mem is refused" dev_mem_refused
	expect_exit 1 "status refuses to read them" $L status
	check "  ... and says why" has "not the armed enforcement's own \(tampering\)"
}

# Killed between arming the guard and publishing the pins: the armed
# staging directory enforces and is guarded; the next run publishes it.
scenario_arm_publish() {
	plan 12
	LOCKDOWN_TEST_KILL_BEFORE_PUBLISH=1 $L set integrity >/tmp/out 2>&1
	check "set killed before publishing (exit $?)" test $? = 137
	check "/dev/mem is refused" dev_mem_refused
	check "nothing is published yet" test ! -e /sys/fs/bpf/lockdown
	staging=$(ls -d /sys/fs/bpf/lockdown-staging-* 2>/dev/null)
	check "an armed staging directory is there ($staging)" test -n "$staging"
	check "  ... that cannot be removed" sh -c "! rm -rf $staging 2>/dev/null && test -d $staging/links"
	mkdir /sys/fs/bpf/lockdown-staging-1
	expect_exit 0 "status afterwards" $L status
	check "  ... publishes it, at integrity" first_line_is "none [integrity] confidentiality"
	check "  ... armed" has "^guard: +armed$"
	check "  ... as /sys/fs/bpf/lockdown" test -d /sys/fs/bpf/lockdown/links
	check "an empty planted staging directory is not published" test -d /sys/fs/bpf/lockdown-staging-1
	expect_exit 0 "set confidentiality" $L set confidentiality
	check "  ... takes effect" sh -c '! head -c 1 /proc/kcore >/dev/null 2>&1'
}

case $scenario in
policy) scenario_policy ;;
scopes) scenario_scopes ;;
stress) scenario_stress ;;
upgrade) scenario_upgrade ;;
boot-param) scenario_boot_param ;;
boot-min) scenario_boot_min ;;
boot-bad) scenario_boot_bad ;;
boot-conf) scenario_boot_conf ;;
scope-late) scenario_scope_late ;;
bench) scenario_bench ;;
bench-refused) scenario_bench_refused ;;
bench-profile) scenario_bench_profile ;;
redteam) scenario_redteam ;;
propagation) scenario_propagation ;;
propagation-root) scenario_propagation_root ;;
review) scenario_review ;;
review-root) scenario_review_root ;;
reshare) scenario_reshare ;;
reshare-root) scenario_reshare_root ;;
bypass-before) scenario_bypass_before ;;
hidden-bypass) scenario_hidden_bypass lsm ;;
hidden-bypass-fmod) scenario_hidden_bypass fmod_ret ;;
inflight-load) scenario_inflight_load ;;
set-traced-guard) scenario_set_traced guard ;;
set-traced-steal) scenario_set_traced steal ;;
freplace-raise) scenario_freplace_raise ;;
scan-rewrite) scenario_scan_rewrite ;;
set-traced-state) scenario_set_traced state ;;
set-raced) scenario_set_raced ;;
arm-publish) scenario_arm_publish ;;
planted) scenario_planted ;;
planted-abi) scenario_planted_abi ;;
demo) scenario_demo ;;
ours) scenario_ours ;;
kernel-runtime) scenario_kernel_runtime ;;
kernel-integrity) scenario_kernel_integrity ;;
kernel-confidentiality) scenario_kernel_confidentiality ;;
no-bpf-lsm) scenario_no_bpf_lsm ;;
*) fail "unknown scenario '$scenario'" ;;
esac
