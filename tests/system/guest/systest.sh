#!/bin/sh
# Runs inside the installed test system, from lockdown-systest.service
# once the system is up; prints TAP lines on the serial console and powers
# off. What it checks: the package's initramfs hook applied the policy
# before the real system's PID 1 started, the highest of policy and boot
# parameter won, the units are enabled and ran, and the monitor unit puts
# denials into the journal (structured) and the kernel log.
exec >/dev/ttyS0 2>&1
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

# Kernel log line numbers: ours from the initramfs, systemd's first.
dmesg >/tmp/dmesg
applied=$(grep -n 'Lockdown policy applied from' /tmp/dmesg | head -n 1 | cut -d: -f1)
pid1=$(grep -n 'systemd\[1\]: systemd .* running in system mode' /tmp/dmesg | head -n 1 | cut -d: -f1)
check "the initramfs applied the policy (kernel log line ${applied:-none})" test -n "$applied"
check "  ... before the real system's PID 1 started (line ${pid1:-none})" \
	test -n "$applied" -a -n "$pid1" -a "${applied:-0}" -lt "${pid1:-0}"
check "  ... from the boot parameter, the highest source" \
	grep -q 'Lockdown policy applied from boot parameter bpf_lockdown=: level confidentiality' /tmp/dmesg
check "the level in force is confidentiality" \
	sh -c "[ \"\$($L status | head -n 1)\" = 'none integrity [confidentiality]' ]"
$L policy show >/tmp/policy
check "the policy's reasons are in force" \
	sh -c "grep -qx 'hibernation = allow' /tmp/policy && grep -qx 'kcore = deny' /tmp/policy"
check "hibernation stays available (allow)" \
	sh -c "probe hibernation | grep -q ' allowed '"
check "/dev/mem is refused" sh -c "probe dev_mem | grep -q ' refused '"
for unit in lockdown.service lockdown-monitor.service; do
	check "$unit is enabled by the package" \
		sh -c "[ \"\$(systemctl is-enabled $unit)\" = enabled ]"
	check "$unit is active" systemctl is-active --quiet $unit
done
check "lockdown.service found the policy in force (idempotent)" \
	sh -c "journalctl -b -u lockdown.service -o cat | grep -q 'policy applied'"
sleep 2
cat /dev/mem >/dev/null 2>&1
sleep 3
check "the monitor unit logs the denial to the journal with REASON= and ACTION=" \
	sh -c "journalctl -b -o verbose REASON=dev_mem | grep -q 'ACTION=deny'"
check "  ... and to the kernel log in the upstream format" \
	sh -c "dmesg | grep -q 'Lockdown: cat: /dev/mem,kmem,port is restricted; see man kernel_lockdown.7'"
echo "SYSTEST-END"
systemctl poweroff --force --force
