/* SPDX-License-Identifier: GPL-2.0 */
/* This mount namespace's mounts, as /proc/self/mountinfo lists them. */
#ifndef MOUNTS_H
#define MOUNTS_H

#include <stdbool.h>
#include <linux/types.h>

#define MOUNTS_MAX 512

struct mount_entry {
	int id, parent;
	__u32 dev; /* the superblock's dev_t as the kernel holds it */
	bool propagates; /* shared, or a slave of another mount */
	char point[256];
	char fstype[32];
};

/* Reads up to @max mounts into @m; the count, or -errno. */
int mounts_read(struct mount_entry *m, int max);

/* The mount in use at @point (the last listed there), or -1. */
int mounts_at(const struct mount_entry *m, int n, const char *point);

/* Whether the caller is still in the initramfs: its root is its mount
 * namespace's first mount (rootfs), which lists itself as its parent. */
bool mounts_in_initramfs(void);

#endif
