// SPDX-License-Identifier: GPL-2.0
/*
 * Events carry ids (inode and device of the executable, cgroup id), since
 * the BPF side cannot read paths without bpf_probe_read_kernel, which the
 * kernel's own confidentiality level forbids. Paths are found here: from
 * /proc while the process runs, else by searching where executables and
 * cgroups live (the process is often gone by the time its event is read).
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "cgroup.h"
#include "proc.h"

/* The kernel's dev_t (MINORBITS 20), not stat(2)'s encoding. */
static bool same_file(const struct stat *st, const struct lockdown_event *e)
{
	return st->st_ino == e->exe_ino &&
	       ((major(st->st_dev) << 20) | minor(st->st_dev)) == e->exe_dev;
}

static const char *const exe_dirs[] = {
	"/usr/bin",	  "/usr/sbin",	     "/bin",	     "/sbin",
	"/usr/local/bin", "/usr/local/sbin", "/usr/libexec",
};

#define EXE_CACHE 64
static struct {
	__u64 ino;
	__u32 dev;
	char path[PATH_MAX];
} cache[EXE_CACHE];
static unsigned int cache_next;

/* A regular file (not a link to one) in the usual places. */
static bool search_exe(const struct lockdown_event *e, char *buf, size_t size)
{
	char path[PATH_MAX];
	struct dirent *d;
	struct stat st;
	bool found = false;

	for (size_t i = 0; !found && i < sizeof(exe_dirs) / sizeof(*exe_dirs);
	     i++) {
		DIR *dir = opendir(exe_dirs[i]);

		while (dir && !found && (d = readdir(dir))) {
			snprintf(path, sizeof(path), "%s/%s", exe_dirs[i],
				 d->d_name);
			found = !lstat(path, &st) && S_ISREG(st.st_mode) &&
				same_file(&st, e) && strlen(path) < size;
		}
		if (dir)
			closedir(dir);
	}
	if (found)
		memcpy(buf, path, strlen(path) + 1);
	return found;
}

bool proc_exe(const struct lockdown_event *e, char *buf, size_t size)
{
	struct stat st;
	char link[64];
	ssize_t n;

	buf[0] = '\0';
	if (!e->exe_ino || size < 2)
		return false;
	snprintf(link, sizeof(link), "/proc/%u/exe", e->tgid);
	/* The process may exit between the two calls: then search. */
	if (!stat(link, &st) && same_file(&st, e)) {
		n = readlink(link, buf, size - 1);
		buf[n > 0 ? n : 0] = '\0';
		if (n > 0)
			return true;
	}
	for (unsigned int i = 0; i < EXE_CACHE; i++) {
		if (cache[i].ino == e->exe_ino && cache[i].dev == e->exe_dev &&
		    strlen(cache[i].path) < size) {
			memcpy(buf, cache[i].path, strlen(cache[i].path) + 1);
			return false;
		}
	}
	if (!search_exe(e, buf, size))
		return false;
	cache[cache_next].ino = e->exe_ino;
	cache[cache_next].dev = e->exe_dev;
	snprintf(cache[cache_next].path, sizeof(cache[0].path), "%s", buf);
	cache_next = (cache_next + 1) % EXE_CACHE;
	return false;
}

void proc_cgroup(const struct lockdown_event *e, const char *cgroup_root,
		 char *buf, size_t size)
{
	char path[64], line[4096], full[PATH_MAX + 4096];
	__u64 id = 0;
	FILE *f;

	buf[0] = '\0';
	if (size < 2)
		return;
	snprintf(path, sizeof(path), "/proc/%u/cgroup", e->tgid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "0::", 3))
			continue;
		line[strcspn(line, "\n")] = '\0';
		snprintf(full, sizeof(full), "%s%s", cgroup_root, line + 3);
		if (!cgroup_id_of(full, &id) && id == e->cgroup_id &&
		    strlen(line + 3) < size) {
			memcpy(buf, line + 3, strlen(line + 3) + 1);
			fclose(f);
			return;
		}
		break;
	}
	if (f)
		fclose(f);
	buf[0] = '/';
	if (!cgroup_path_of(cgroup_root, e->cgroup_id, LOCKDOWN_SCOPE_DEPTH,
			    buf + 1, size - 1))
		buf[0] = '\0';
}
