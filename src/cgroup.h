/* SPDX-License-Identifier: GPL-2.0 */
/* Cgroup v2 ids (what the BPF side sees) and paths (what people write). */
#ifndef CGROUP_H
#define CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#define CGROUP_ROOT "/sys/fs/cgroup"
/* A kernfs directory there is whenever sysfs is mounted (an initramfs too):
 * the name hash is checked there when no cgroup2 is mounted yet. */
#define KERNFS_SAMPLE "/sys/kernel"

/* The id of the cgroup2 directory @path (its file handle); 0 or -errno. */
int cgroup_id_of(const char *path, __u64 *id);

/* The path under @root of the cgroup with @id ("" for the root itself),
 * searching no deeper than @max_depth; false when there is none. */
bool cgroup_path_of(const char *root, __u64 id, unsigned int max_depth,
		    char *buf, size_t size);

/* The kernel's kernfs_name_hash() of a cgroup's @name (no namespace tag),
 * as it keeps it in the cgroup's kernfs node for the BPF side to read. */
__u32 cgroup_name_hash(const char *name);

/* The path key of @path under the cgroup2 mount ("a/b", without slashes at
 * either end): see LOCKDOWN_SCOPE_PATH_KEY in lockdown_abi.h. */
__u64 cgroup_path_key(const char *path);

/* Whether cgroup_name_hash() is the running kernel's: kernfs hands each
 * entry's hash out as the readdir offset of the entry before it, so the
 * entries of @root (the cgroup2 mount, or any kernfs directory) are
 * compared. 0, or -ENOTSUP on a difference, -ENODATA when @root has
 * nothing to compare (no cgroup2 mounted there yet), or -errno. */
int cgroup_hash_check(const char *root);

/* The path under @root of a cgroup whose path key is @key, searching no
 * deeper than @max_depth; false when there is none now. */
bool cgroup_path_of_key(const char *root, __u64 key, unsigned int max_depth,
			char *buf, size_t size);

#endif
