/* SPDX-License-Identifier: GPL-2.0 */
/* Loading the enforcement the first time it is applied. */
#ifndef LOADER_H
#define LOADER_H

#include <stdbool.h>
#include "lockdown_abi.h"

struct lockdown_bpf;
struct bpf_program;

/* Opens and loads the BPF side with the hooks this kernel has, freezes its
 * state and raises it to @level, then puts @policy (if not NULL) in force;
 * nothing is attached or pinned yet. NULL (after saying why) on failure. */
struct lockdown_bpf *loader_load(enum lockdown_level level,
				 const struct lockdown_policy_args *policy);

/* Whether @prog is one of the LSM programs attached on this kernel. */
bool loader_attaches(const struct bpf_program *prog);

/* Loads the BPF side, puts @level and @policy in force before attaching
 * it, pins it in @dir atomically (a directory rename: all of it or none)
 * and arms its self-protection. -EEXIST when another run pinned first. */
int loader_create(enum lockdown_level level,
		  const struct lockdown_policy_args *policy, const char *dir);

#endif
