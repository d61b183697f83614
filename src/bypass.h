/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Programs that could stand before lockdown's own: fmod_ret programs (they
 * override any security_*() function, every LSM's answer included) and LSM
 * programs on the hooks lockdown uses. Once lockdownctl set has attached
 * its programs none loads; this finds those that were there before, from
 * the kernel's own lists (the iterators of bpf/self_protect.bpf.h), which
 * no program of root's can shorten (one that writes user memory, attached
 * before set, can change what is read: docs/threat-model.md).
 */
#ifndef BYPASS_H
#define BYPASS_H

#include <stddef.h>
#include <linux/types.h>
#include "lockdown_abi.h"

struct btf;

struct bypass_scan {
	int attached; /* attached now: lockdown cannot be guaranteed */
	int loaded; /* loaded (attached or not): could be attached */
	char first[160]; /* the first one found, for the message */
};

struct bypass_own {
	const __u32 *progs; /* lockdown's own programs and links, */
	const __u32 *links; /* @n of each, 0 for an empty slot */
	int n;
	const __u32 *hooks; /* vmlinux BTF ids of the bpf_lsm_* functions */
	int n_hooks; /* lockdown attaches to */
	const struct btf *vmlinux; /* names the targets */
};

/* Runs the iterator programs @prog_iter and @link_iter (fds) and counts
 * what is not lockdown's own (@own) and could stand before it. Returns 0
 * or a negative errno: -EBADMSG when the kernel's list did not come back
 * whole. */
int bypass_scan(int prog_iter, int link_iter, const struct bypass_own *own,
		struct bypass_scan *out);

/* Checks that @len bytes at @buf are records of @kind ending with the
 * record that counts them; sets *@n to their number. -EBADMSG if not. */
int bypass_parse(const void *buf, size_t len, __u32 kind, size_t *n);

#endif
