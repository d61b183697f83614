#!/bin/bash
# dracut module: puts lockdownctl and the lockdown policy into the
# initramfs and applies it in the pre-udev hook, before udev loads modules
# and before the real root is mounted.

check() {
	require_binaries /usr/sbin/lockdownctl || return 1
	return 0
}

depends() {
	return 0
}

install() {
	inst_binary /usr/sbin/lockdownctl
	inst_multiple -o /etc/lockdown/lockdown.conf /etc/lockdown/lockdown.conf.d/*.conf
	inst_hook pre-udev 00 "$moddir/bpf-lockdown.sh"
}
