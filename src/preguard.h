/* SPDX-License-Identifier: GPL-2.0 */
/*
 * While lockdownctl set runs: from before its maps exist until it is done,
 * no other process opens a BPF object by ID or by pin, nor takes hold of
 * set (ptrace, pidfd_getfd(), process_vm_writev(), /proc/PID/mem). What
 * it could take then (an fd to the guard or the state map) would outlive
 * the guard's arming. Two LSM programs with no maps, set's tgid in their
 * code; attached first, so that they run after lockdown's own.
 */
#ifndef PREGUARD_H
#define PREGUARD_H

#include <linux/types.h>

#define PREGUARD_N 2

struct btf;

struct preguard {
	int progs[PREGUARD_N];
	int links[PREGUARD_N];
	__u32 prog_ids[PREGUARD_N]; /* for the scan: they are ours */
	__u32 link_ids[PREGUARD_N];
};

/* Loads and attaches both; 0 or a negative errno (nothing left behind). */
int preguard_attach(struct preguard *pg, const struct btf *vmlinux);

/* Detaches both (closing set's last fds to them). */
void preguard_release(struct preguard *pg);

#endif
