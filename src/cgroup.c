// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "cgroup.h"
#include "lockdown_abi.h"

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

/*
 * fs/kernfs/dir.c's kernfs_name_hash(name, NULL): partial_name_hash() over
 * the name's chars (the kernel's char, signed where this ABI's is), then
 * end_name_hash() (hash_long(hash, 32): the 64-bit golden ratio), folded
 * to 31 bits without 0, 1 and INT_MAX. The VM tests check that the BPF
 * side finds the same on every kernel of the matrix.
 */
__u32 cgroup_name_hash(const char *name)
{
	unsigned long long hash = 0;

	for (const char *p = name; *p; p++) {
		unsigned long long c = (unsigned long long)(long long)*p;

		hash = (hash + (c << 4) + (c >> 4)) * 11;
	}
	hash = (__u32)((hash * 0x61C8864680B583EBULL) >> 32);
	hash &= 0x7fffffffU;
	if (hash < 2)
		hash += 2;
	if (hash >= INT_MAX)
		hash = INT_MAX - 1;
	return hash;
}

static __u64 key_step(__u64 key, const char *name, size_t len)
{
	char component[NAME_MAX + 1];

	if (len > NAME_MAX)
		len = NAME_MAX;
	memcpy(component, name, len);
	component[len] = '\0';
	return (key ^ cgroup_name_hash(component)) * LOCKDOWN_PATH_KEY_PRIME;
}

__u64 cgroup_path_key(const char *path)
{
	__u64 key = LOCKDOWN_PATH_KEY_SEED;
	size_t n;

	while (*path) {
		n = strcspn(path, "/");
		key = key_step(key, path, n);
		path += n;
		if (*path == '/')
			path++;
	}
	return key | LOCKDOWN_SCOPE_PATH_KEY;
}

static bool find_key(const char *root, const char *rel, __u64 parent_key,
		     __u64 want, unsigned int depth, char *out, size_t size)
{
	char path[PATH_MAX], child[PATH_MAX];
	bool found = false;
	struct dirent *e;
	__u64 key;
	DIR *d;

	snprintf(path, sizeof(path), "%s%s%s", root, rel[0] ? "/" : "", rel);
	d = opendir(path);
	while (d && !found && (e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		snprintf(child, sizeof(child), "%s%s%s", rel, rel[0] ? "/" : "",
			 e->d_name);
		key = key_step(parent_key, e->d_name, strlen(e->d_name));
		if ((key | LOCKDOWN_SCOPE_PATH_KEY) == want) {
			found = strlen(child) < size;
			if (found)
				memcpy(out, child, strlen(child) + 1);
		} else if (depth > 1) {
			found = find_key(root, child, key, want, depth - 1, out,
					 size);
		}
	}
	if (d)
		closedir(d);
	return found;
}

bool cgroup_path_of_key(const char *root, __u64 key, unsigned int max_depth,
			char *buf, size_t size)
{
	if (!size)
		return false;
	buf[0] = '\0';
	return find_key(root, "", LOCKDOWN_PATH_KEY_SEED, key, max_depth, buf,
			size);
}

int cgroup_hash_check(const char *root)
{
	unsigned int same = 0, differ = 0;
	long long next = -1;
	struct dirent *e;
	DIR *d;

	d = opendir(root);
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		if (next >= 0 && strcmp(e->d_name, ".") &&
		    strcmp(e->d_name, "..")) {
			if ((long long)cgroup_name_hash(e->d_name) == next)
				same++;
			else
				differ++;
		}
		next = e->d_off;
	}
	closedir(d);
	return differ ? -ENOTSUP : same ? 0 : -ENODATA;
}
