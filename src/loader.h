/* SPDX-License-Identifier: GPL-2.0 */
/* Loading the enforcement the first time it is applied. */
#ifndef LOADER_H
#define LOADER_H

#include <stdbool.h>
#include "lockdown_abi.h"

struct lockdown_bpf;
struct bpf_program;

struct btf;

/* Opens the BPF side and chooses the programs and attach targets this
 * kernel has (as @vmlinux, the kernel's BTF, says; NULL: parsed here,
 * once); not loaded yet. NULL (after saying why) on failure. */
struct lockdown_bpf *loader_open(const struct btf *vmlinux);

/* Opens and loads the BPF side with the hooks this kernel has (as
 * @vmlinux, the kernel's BTF, says; NULL: parsed here), freezes its state
 * and raises it to @level, then puts @policy (if not NULL) in force;
 * nothing is attached or pinned yet. NULL (after saying why) on failure. */
struct lockdown_bpf *loader_load(enum lockdown_level level,
				 const struct lockdown_policy_args *policy,
				 const struct btf *vmlinux);

/* Whether @prog is one of the LSM programs attached on this kernel. */
bool loader_attaches(const struct bpf_program *prog);

/* Loads the BPF side, puts @level and @policy in force before attaching
 * it, pins it in a staging directory, arms its self-protection and then
 * publishes it as @dir atomically (a directory rename: all of it or
 * none). -EEXIST when another run pinned first (its armed staging copy
 * stays, enforcing too); -ENOTRECOVERABLE when published but a program
 * that overrides lockdown was attached before it (said how). */
int loader_create(enum lockdown_level level,
		  const struct lockdown_policy_args *policy, const char *dir);

/* Publishes an armed staging directory as @dir (the one rename the guard
 * lets through). -EEXIST when @dir is there. */
int loader_publish(const char *staging, const char *dir);

#endif
