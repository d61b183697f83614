#!/bin/sh
# Applies lockdown (bpf-lockdown) in dracut's pre-udev hook. A failure does
# not stop the boot, but is said on the console and in the kernel log.
if ! /usr/sbin/lockdownctl boot; then
	warn "bpf-lockdown: lockdown NOT fully applied; see the kernel log"
fi
