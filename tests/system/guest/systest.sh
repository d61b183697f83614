#!/bin/sh
# Runs inside the installed test system, from lockdown-systest.service
# once the system is up; writes TAP lines to /var/log/systest.tap (the
# host reads them from the disk image: the serial console interleaves
# kernel messages) and to the console, and powers off. What it checks: the package's initramfs hook applied the policy
# before the real system's PID 1 started, the highest of policy and boot
# parameter won, the units are enabled and ran, and the monitor unit puts
# denials into the journal (structured) and the kernel log.
exec >/var/log/systest.tap 2>&1
L=lockdownctl
echo "SYSTEST-BEGIN $(uname -r)"

ok() { echo "ok - $*"; }
fail() { echo "not ok - $*"; }
check() {
	desc=$1
	shift
	if "$@" >/tmp/check.out 2>&1; then
		ok "$desc"
	else
		fail "$desc"
		sed 's/^/#   /' /tmp/check.out | head -n 20
	fi
}

# What this boot expects, from the kernel command line (run.sh sets it).
expect=$(sed -n 's/.*systest_expect=\([a-z]*\).*/\1/p' /proc/cmdline)
source=$(sed -n 's/.*systest_source=\([a-z]*\).*/\1/p' /proc/cmdline)
case $source in
param) source="boot parameter bpf_lockdown=" ;;
policy) source="policy /etc/lockdown/lockdown.conf" ;;
esac
# The TAP plan: run.sh fails a boot whose count of checks differs. 15
# checks always, one more with a bad boot parameter, 4 with a bad line in
# the policy, 14 with a container, 6 with an upgrade, 8 with a scrape of
# node-exporter.
planned=15
grep -q 'bpf_lockdown=bogus' /proc/cmdline && planned=$((planned + 1))
grep -q 'systest_metrics=1' /proc/cmdline && planned=$((planned + 8))
grep -q 'systest_badline=1' /proc/cmdline && planned=$((planned + 4))
grep -q 'systest_container=1' /proc/cmdline && planned=$((planned + 14))
[ -f /root/next.deb ] && planned=$((planned + 6))
echo "1..$planned"
if grep -q 'bpf_lockdown=bogus' /proc/cmdline; then
	check "a bad boot parameter is reported in the kernel log" \
		sh -c "dmesg | grep -q 'invalid boot parameter bpf_lockdown=bogus'"
fi

if grep -q 'systest_badline=1' /proc/cmdline; then
	check "the bad line is reported in the kernel log" \
		sh -c "dmesg | grep -q \"50-bad.conf:2: unknown reason 'renamed_by_a_newer_kernel'\""
	check "  ... with what became of it" \
		sh -c "dmesg | grep -q '50-bad.conf:2: at boot: skipped: it cannot be mapped'"
	check "  ... and that the policy applied only in part" \
		sh -c "dmesg | grep -q 'applied only in part at boot'"
fi

# Kernel log line numbers: ours from the initramfs, the real system's
# systemd's: the last systemd to start as PID 1 (dracut's initramfs runs
# a systemd of its own before it).
dmesg >/tmp/dmesg
applied=$(grep -n 'Lockdown policy applied from' /tmp/dmesg | head -n 1 | cut -d: -f1)
pid1=$(grep -n 'systemd\[1\]: systemd .* running in system mode' /tmp/dmesg | tail -n 1 | cut -d: -f1)
check "the initramfs applied the policy (kernel log line ${applied:-none})" test -n "$applied"
check "  ... before the real system's PID 1 started (line ${pid1:-none})" \
	test -n "$applied" -a -n "$pid1" -a "${applied:-0}" -lt "${pid1:-0}"
check "  ... at $expect from the $source, the highest source" \
	grep -q "Lockdown policy applied from $source: level $expect" /tmp/dmesg
check "the level in force is $expect" \
	sh -c "$L status | head -n 1 | grep -q '\[$expect\]'"
# systemd shared / at switch_root; lockdown.service made it private again.
check "the bpffs mount is private and kept" \
	sh -c "$L status | grep -Eq '^bpffs: +private, kept\$'"
$L policy show >/tmp/policy
check "the policy's reasons are in force" \
	sh -c "grep -qx 'hibernation = allow' /tmp/policy && grep -qx 'kcore = deny' /tmp/policy"
if grep -q 'bpf_lockdown=confidentiality' /proc/cmdline; then
	# The parameter is enforced whatever the policy's actions say.
	check "hibernation refused: bpf_lockdown= overrides the policy's allow" \
		sh -c "probe hibernation | grep -q ' refused '"
else
	check "hibernation stays available (allow)" \
		sh -c "probe hibernation | grep -q ' allowed '"
fi
check "/dev/mem is refused" sh -c "probe dev_mem | grep -q ' refused '"
for unit in lockdown.service lockdown-monitor.service; do
	check "$unit is enabled by the package" \
		sh -c "[ \"\$(systemctl is-enabled $unit)\" = enabled ]"
done
if grep -q 'bpf_lockdown=bogus' /proc/cmdline; then
	check "lockdown.service fails loudly on the bad parameter" \
		systemctl is-failed --quiet lockdown.service
elif grep -q 'systest_badline=1' /proc/cmdline; then
	check "lockdown.service fails loudly on the bad line" \
		systemctl is-failed --quiet lockdown.service
	check "  ... its journal names the line skipped" \
		sh -c "journalctl -b -u lockdown.service -o cat | grep -q '50-bad.conf:2: at boot: skipped'"
else
	check "lockdown.service is active" systemctl is-active --quiet lockdown.service
fi
check "lockdown-monitor.service is active" \
	systemctl is-active --quiet lockdown-monitor.service
# "policy applied" is printed by a fresh apply too: idempotence is that
# the second apply (the unit's, after the initramfs's) raised nothing, so
# the kernel log has two applies and one raise.
check "lockdown.service applied the policy in force again, raising nothing ($(grep -c 'Lockdown policy applied from' /tmp/dmesg) applies, $(grep -c 'Kernel is locked down from .* at [a-z]*; see man' /tmp/dmesg) raise)" \
	sh -c "journalctl -b -u lockdown.service -o cat | grep -q 'policy applied (.*): level $expect' &&
		[ \$(grep -c 'Lockdown policy applied from' /tmp/dmesg) -ge 2 ] &&
		[ \$(grep -c 'Kernel is locked down from .* at [a-z]*; see man' /tmp/dmesg) = 1 ]"
sleep 2
cat /dev/mem >/dev/null 2>&1
sleep 3
check "the monitor unit logs the denial to the journal with REASON= and ACTION=" \
	sh -c "journalctl -b -o verbose REASON=dev_mem | grep -q 'ACTION=deny'"
check "  ... and to the kernel log in the upstream format" \
	sh -c "dmesg | grep -q 'Lockdown: cat: /dev/mem,kmem,port is restricted; see man kernel_lockdown.7'"
# Metrics (issue 15): Debian's prometheus-node-exporter serves, beside
# its own metrics, what lockdown-metrics.service writes to its textfile
# directory. Between two scrapes over loopback the test causes known
# denials (opens of /dev/mem: reason dev_mem, denied at integrity) and one
# refused tampering attempt (an unlink of a pin: route pin_remove): the
# second scrape must show exactly that many more. The timer is stopped
# first, so that only the test's own starts of the service write the file.
# (The exporter sorts labels by name.)
if grep -q 'systest_metrics=1' /proc/cmdline; then
	# scrape FILE: GET /metrics from node-exporter, headers and body,
	# with bash's /dev/tcp (the image has no HTTP client).
	scrape() {
		bash -c 'exec 3<>/dev/tcp/127.0.0.1/9100 &&
			printf "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" >&3 &&
			cat <&3' >"$1" 2>&1
	}
	# value FILE SERIES: the value of SERIES (name and labels, exactly)
	value() {
		awk -v k="$2" '$1 == k { print $2 }' "$1"
	}
	# scraped FILE: a scrape happened: HTTP 200, node_exporter's own
	# metrics, and lockdown's from the textfile read without error.
	scraped() {
		head -n 1 "$1" | grep -q '^HTTP/1\.[01] 200' &&
			grep -q '^node_exporter_build_info{' "$1" &&
			grep -q '^node_cpu_seconds_total{' "$1" &&
			grep -qx 'node_textfile_scrape_error 0' "$1" &&
			grep -q '^lockdown_applied 1$' "$1" || {
			head -n 5 "$1"
			grep '^node_textfile' "$1"
			return 1
		}
	}
	case $expect in
	integrity) level=1 ;;
	confidentiality) level=2 ;;
	esac
	denied='lockdown_decisions_total{action="deny",decision="denied",reason="dev_mem"}'
	tamper='lockdown_tampering_refused_total{route="pin_remove"}'
	check "lockdown-metrics.timer is enabled and active (the package)" \
		sh -c '[ "$(systemctl is-enabled lockdown-metrics.timer)" = enabled ] &&
			systemctl is-active --quiet lockdown-metrics.timer'
	systemctl stop lockdown-metrics.timer
	systemctl start lockdown-metrics.service
	i=0
	until scrape /tmp/scrape1 && scraped /tmp/scrape1 >/dev/null || [ $i -ge 120 ]; do
		sleep 1
		i=$((i + 1))
	done
	check "node-exporter answers on 127.0.0.1:9100 with its own metrics and lockdown's ($(wc -c </tmp/scrape1) bytes, ${i}s)" \
		scraped /tmp/scrape1
	check "  ... guard armed, level $expect ($level)" \
		sh -c "grep -qx 'lockdown_guard_armed 1' /tmp/scrape1 && grep -qx 'lockdown_level $level' /tmp/scrape1"
	d0=$(value /tmp/scrape1 "$denied")
	t0=$(value /tmp/scrape1 "$tamper")
	for i in 1 2 3; do probe dev_mem; done >/tmp/devmem.out 2>&1
	rm -f /sys/fs/bpf/lockdown/links/lockdown_locked_down >/tmp/rm.out 2>&1
	rm_rc=$?
	check "3 opens of /dev/mem refused ($(grep -c '^PROBE dev_mem .* refused ' /tmp/devmem.out)), the unlink of a pin refused (exit $rm_rc, $(cat /tmp/rm.out))" \
		sh -c "[ \$(grep -c '^PROBE dev_mem .* refused ' /tmp/devmem.out) = 3 ] &&
			[ $rm_rc != 0 ] && [ -e /sys/fs/bpf/lockdown/links/lockdown_locked_down ]"
	systemctl start lockdown-metrics.service
	scrape /tmp/scrape2
	check "the second scrape happened ($(wc -c </tmp/scrape2) bytes, node_exporter's own metrics and lockdown's)" \
		scraped /tmp/scrape2
	d1=$(value /tmp/scrape2 "$denied")
	t1=$(value /tmp/scrape2 "$tamper")
	check "  ... $denied: 3 more (${d0:-none} -> ${d1:-none})" \
		test -n "$d0" -a "${d1:-x}" = "$((d0 + 3))"
	check "  ... $tamper: 1 more (${t0:-none} -> ${t1:-none})" \
		test -n "$t0" -a "${t1:-x}" = "$((t0 + 1))"
	check "  ... guard armed, level $expect ($level)" \
		sh -c "grep -qx 'lockdown_guard_armed 1' /tmp/scrape2 && grep -qx 'lockdown_level $level' /tmp/scrape2"
	grep -E '^(lockdown_(level|guard_armed|applied) |lockdown_decisions_total\{action="deny",decision="denied",reason="dev_mem"\}|lockdown_tampering_refused_total\{route="pin_remove"\}|node_exporter_build_info)' \
		/tmp/scrape2 | sed 's/^/#   scraped: /'
fi
# A cgroup that comes after boot (issue 11, item 5): run.sh's policy
# scopes machine.slice at confidentiality, above the host's integrity.
# machine.slice does not exist until systemd-nspawn registers a first
# container with systemd-machined, which puts it in
# machine.slice/machine-NAME.scope. Its process is refused what
# confidentiality refuses and integrity does not (tracefs), as the scope's,
# while the host at the same moment is not.
if grep -q 'systest_container=1' /proc/cmdline; then
	check "machine.slice does not exist before the first container" \
		test ! -e /sys/fs/cgroup/machine.slice
	check "  ... its scope is in force all the same (policy show)" \
		grep -Eqx '; a path with no cgroup now \(key 0x[0-9a-f]+\) = confidentiality' /tmp/policy
	# The initramfs has no cgroup2 mounted: the scope holds from there on.
	check "  ... since the initramfs's apply: $(grep -m 1 -o 'Lockdown policy applied from .*scopes' /tmp/dmesg)" \
		sh -c "grep -m 1 'Lockdown policy applied from' /tmp/dmesg | grep -q ', 1 scopes,'"
	check "the host is not refused tracefs (integrity)" \
		sh -c "probe tracefs | grep -q ' allowed '"
	# A container of the guest's own /usr (the probe is in /usr/local/bin)
	# and tracefs; all capabilities, so that only lockdown can refuse.
	mkdir -p /srv/ct/usr /srv/ct/etc
	for d in bin sbin lib lib64; do ln -sfn usr/$d /srv/ct/$d; done
	rm -f /tmp/ct.out
	timeout 300 systemd-nspawn --quiet --pipe --register=yes --machine=ct \
		--directory=/srv/ct --bind-ro=/usr \
		--bind-ro=/sys/kernel/tracing --capability=all \
		--resolv-conf=off --timezone=off --link-journal=no \
		/bin/sh -c 'probe tracefs; exec sleep 20' \
		>/tmp/ct.out 2>&1 </dev/null &
	ct=$!
	i=0
	while [ $i -lt 120 ] && ! grep -q '^PROBE' /tmp/ct.out; do
		sleep 1
		i=$((i + 1))
	done
	leader=$(machinectl show ct -p Leader --value 2>/dev/null)
	check "systemd-nspawn started the container and the probe ran in it (${i}s)" \
		sh -c "grep '^PROBE tracefs ' /tmp/ct.out || { cat /tmp/ct.out; exit 1; }"
	check "  ... registered with machined, in machine.slice (leader ${leader:-none})" \
		sh -c "grep -q '^0::/machine.slice/machine-ct.scope' /proc/${leader:-0}/cgroup || cat /proc/${leader:-0}/cgroup"
	check "  ... refused tracefs there: confidentiality ($(grep -m 1 '^PROBE' /tmp/ct.out))" \
		grep -q '^PROBE tracefs confidentiality refused ' /tmp/ct.out
	check "the host at the same moment, the container still running: tracefs allowed" \
		sh -c "probe tracefs | grep -q ' allowed ' &&
			[ \"\$(machinectl show ct -p State --value)\" = running ]"
	check "  ... and at integrity, /dev/mem refused" \
		sh -c "probe dev_mem | grep -q ' refused '"
	sleep 3
	journalctl -b -o verbose REASON=tracefs SCOPE=cgroup \
		LEVEL=confidentiality ACTION=deny >/tmp/ct.journal 2>&1
	check "the monitor logs the container's denial as the scope's (SCOPE=cgroup LEVEL=confidentiality)" \
		grep -q 'MESSAGE=Lockdown: .*reason=tracefs level=confidentiality scope=cgroup' /tmp/ct.journal
	check "  ... naming its cgroup in machine.slice" \
		grep -q 'CGROUP=/machine.slice/machine-ct.scope' /tmp/ct.journal
	check "  ... and no tracefs denial as the host's" \
		sh -c "! journalctl -b -q REASON=tracefs SCOPE=host | grep -q ."
	wait $ct
	rc=$?
	check "the container exited cleanly (status $rc)" test "$rc" = 0
	check "the host level in force is still $expect" \
		sh -c "$L status | head -n 1 | grep -q '\[$expect\]'"
fi
# A package upgrade under enforcement (run.sh puts a package of another
# build in /root/next.deb for the first boot): its postinst checks the
# enforcement in force, which stays until reboot (no program may attach to
# its hooks, the new build's included), while /dev/mem and /proc/kcore are
# probed in a loop.
if [ -f /root/next.deb ]; then
	before=$($L --version)
	# Rebuilding the initramfs takes minutes under emulation; the install
	# above already tested it. The next boot then starts with the older
	# build in the initramfs and lockdown.service takes over.
	sed -i 's/^update_initramfs=.*/update_initramfs=no/' \
		/etc/initramfs-tools/update-initramfs.conf
	rm -f /tmp/stop
	(while [ ! -e /tmp/stop ]; do probe dev_mem kcore; done) >/tmp/loop.out 2>&1 &
	loop=$!
	sleep 2
	check "the package upgrades under enforcement" \
		sh -c 'dpkg -i /root/next.deb >/tmp/dpkg.out 2>&1 || { cat /tmp/dpkg.out; exit 1; }'
	sleep 2
	touch /tmp/stop
	wait $loop
	n=$(grep -c '^PROBE' /tmp/loop.out)
	refused=$(grep -c '^PROBE .* refused ' /tmp/loop.out)
	check "  ... probes before, during and after: all $n refused ($refused)" \
		test "$n" -ge 4 -a "$refused" = "$n"
	check "  ... the postinst says the older build enforces until reboot" \
		sh -c "grep -Eq '^build [0-9a-f]+ enforces until reboot; build [0-9a-f]+ takes over at the next boot$' /tmp/dpkg.out"
	check "  ... it is another build" sh -c "[ \"\$($L --version)\" != '$before' ]"
	check "  ... it works through the enforcement in force, armed, with its policy" \
		sh -c "$L status | grep -Eq '^enforcing: +yes, pinned in /sys/fs/bpf/lockdown \\(build [0-9a-f]+, in force until reboot\\)$' && $L status | grep -Eq '^guard: +armed$' && $L policy show | grep -qx 'hibernation = allow'"
	check "  ... the monitor unit runs again" systemctl is-active --quiet lockdown-monitor.service
	rm -f /root/next.deb
fi
echo "SYSTEST-END"
sync
cat /var/log/systest.tap >/dev/ttyS0
systemctl poweroff --force --force
