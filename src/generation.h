/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generation of the enforcement in force: the first one pinned since
 * boot, in LOCKDOWN_PIN_DIR. It holds a marker pin naming its build. A
 * newer build installed while it enforces does not attach beside it: no
 * program may load on the hooks an armed enforcement uses (root could pass
 * for any build), so the newer build works through the pinned programs
 * of the one in force, and takes over at the next boot.
 *
 * Nothing found under LOCKDOWN_PIN_DIR is trusted for its name: the armed
 * BPF side is asked (prctl LOCKDOWN_PRCTL_OURS) whether the pinned objects
 * are its own.
 */
#ifndef GENERATION_H
#define GENERATION_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#define GENERATION_DIR_MAX 128

struct generation {
	char dir[GENERATION_DIR_MAX];
	bool own; /* pinned by this build */
	int abi; /* LOCKDOWN_ABI_VERSION of its build, 0 if unknown */
	char build[40]; /* its build id, "" if unknown */
};

/* The id of this build's BPF object: a hash of it. */
const char *generation_build_id(void);

/* The marker pin's name for this build, "build-<abi>-<id>". */
const char *generation_marker(void);

/* The generation in force; -ENOENT when nothing was pinned since boot. An
 * armed staging directory left by a run that was killed before publishing
 * it is published first. */
int generation_find(struct generation *g);

/* Whether the armed BPF side says that the object of @fd (a program when
 * @prog, else a map) is its own: 1, 0 when not, or a negative errno. */
int generation_ours(int fd, bool prog);

/* Whether a guard is armed: 1, 0 when none answers, or a negative errno. */
int generation_armed(void);

/* 1 when the armed enforcement saw the bpffs mount shared again after it
 * was made private (LOCKDOWN_BPFFS_EXPOSED: lazy unmounts refused until
 * reboot), 0 when not or when nothing armed answers, or negative errno. */
int generation_bpffs_exposed(void);

#endif
