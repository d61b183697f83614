/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generations of the enforcement. The first one pinned since boot lives in
 * LOCKDOWN_PIN_DIR. A different build installed while it enforces (an
 * upgrade) cannot remove it, so it adds its own generation beside it, in
 * LOCKDOWN_PIN_DIR "-<build id>", with the policy in force: both enforce
 * until reboot, so there is no moment without enforcement and nothing is
 * lowered. Each generation holds a marker pin naming its build.
 */
#ifndef GENERATION_H
#define GENERATION_H

#include <stdbool.h>
#include <stddef.h>

#define GENERATION_DIR_MAX 128

struct generation {
	char dir[GENERATION_DIR_MAX];
	bool own; /* pinned by this build */
	int abi; /* LOCKDOWN_ABI_VERSION of its build, 0 if unknown */
};

/* The id of this build's BPF object: a hash of it. */
const char *generation_build_id(void);

/* The marker pin's name for this build, "build-<abi>-<id>". */
const char *generation_marker(void);

/* Where this build pins its generation when another one is there. */
const char *generation_own_dir(void);

/* This build's generation if there is one, else the newest other one;
 * -ENOENT when nothing was ever pinned since boot. */
int generation_find(struct generation *g);

#endif
