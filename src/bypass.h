/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Programs that could stand before lockdown's own: fmod_ret programs (they
 * override any security_*() function, every LSM's answer included) and LSM
 * programs on the hooks lockdown uses. Once the guard is armed none loads;
 * this finds those that were there before it.
 */
#ifndef BYPASS_H
#define BYPASS_H

#include <linux/types.h>

struct btf;

struct bypass_scan {
	int attached; /* attached now: lockdown cannot be guaranteed */
	int loaded; /* loaded, not attached: could be attached later */
	char first[160]; /* the first one found, for the message */
};

/* Scans every program and link but lockdown's own (@own_progs and
 * @own_links, zero-terminated: the two kinds of ids are counted apart),
 * classifying LSM programs by @hooks (@n_hooks vmlinux BTF ids of the
 * bpf_lsm_* functions lockdown attaches to). @vmlinux names targets.
 * Returns 0 or a negative errno. */
int bypass_scan(const __u32 *own_progs, const __u32 *own_links, int n_own,
		const __u32 *hooks, int n_hooks, const struct btf *vmlinux,
		struct bypass_scan *out);

#endif
