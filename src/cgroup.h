/* SPDX-License-Identifier: GPL-2.0 */
/* Cgroup v2 ids (what the BPF side sees) and paths (what people write). */
#ifndef CGROUP_H
#define CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#define CGROUP_ROOT "/sys/fs/cgroup"

/* The id of the cgroup2 directory @path (its file handle); 0 or -errno. */
int cgroup_id_of(const char *path, __u64 *id);

/* The path under @root of the cgroup with @id ("" for the root itself),
 * searching no deeper than @max_depth; false when there is none. */
bool cgroup_path_of(const char *root, __u64 id, unsigned int max_depth,
		    char *buf, size_t size);

#endif
