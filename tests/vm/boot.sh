#!/usr/bin/env bash
# Boots one test VM under QEMU and prints its serial console. Software
# emulation by default: /dev/kvm may exist where KVM cannot run a guest
# (nested virtualisation); VM_ACCEL=kvm opts in. VM_QEMU_ARGS adds options
# (the benchmarks use -icount).
#
# Usage: boot.sh KERNEL_DIR INITRAMFS SCENARIO [EXTRA KERNEL ARGS...]
set -euo pipefail

kdir=$1 initrd=$2 scenario=$3
shift 3
accel=${VM_ACCEL:-tcg}
exec timeout "${VM_TIMEOUT:-300}" qemu-system-x86_64 \
	-machine pc,accel=$accel -cpu max -smp 1 -m 1024 \
	-display none -monitor none -serial stdio -no-reboot ${VM_QEMU_ARGS:-} \
	-kernel "$kdir/vmlinuz" -initrd "$initrd" \
	-append "console=ttyS0 loglevel=3 panic=-1 ldtest=$scenario $*" \
	</dev/null
