// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "cgroup.h"

int cgroup_id_of(const char *path, __u64 *id)
{
	struct {
		struct file_handle fh;
		__u64 id;
	} h = { .fh.handle_bytes = sizeof(__u64) };
	int mount_id;

	if (name_to_handle_at(AT_FDCWD, path, &h.fh, &mount_id, 0))
		return -errno;
	memcpy(id, h.fh.f_handle, sizeof(*id));
	return 0;
}

/* Depth first under @root/@rel; cgroup trees are small. */
static bool find(const char *root, const char *rel, __u64 id,
		 unsigned int depth, char *out, size_t size)
{
	char path[PATH_MAX], child[PATH_MAX], full[PATH_MAX * 2];
	bool found = false;
	struct dirent *e;
	__u64 got = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%s%s%s", root, rel[0] ? "/" : "", rel);
	d = opendir(path);
	while (d && !found && (e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		snprintf(child, sizeof(child), "%s%s%s", rel, rel[0] ? "/" : "",
			 e->d_name);
		snprintf(full, sizeof(full), "%s/%s", root, child);
		if (!cgroup_id_of(full, &got) && got == id) {
			found = strlen(child) < size;
			if (found)
				memcpy(out, child, strlen(child) + 1);
		} else if (depth > 1) {
			found = find(root, child, id, depth - 1, out, size);
		}
	}
	if (d)
		closedir(d);
	return found;
}

bool cgroup_path_of(const char *root, __u64 id, unsigned int max_depth,
		    char *buf, size_t size)
{
	__u64 root_id = 0;

	if (!size)
		return false;
	buf[0] = '\0';
	if (!cgroup_id_of(root, &root_id) && root_id == id)
		return true;
	return find(root, "", id, max_depth, buf, size);
}
