// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include "keeper.h"
#include "lockdown_abi.h"
#include "msg.h"
#include "mounts.h"

int keeper_make(const char *dir)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, LOCKDOWN_PIN_KEEP);
	if (mkdir(path, 0700) || mount(path, path, NULL, MS_BIND, NULL)) {
		int err = -errno;

		errorf("mounting the keeper %s failed: %s", path,
		       strerror(-err));
		return err;
	}
	return 0;
}

int keeper_status(struct keeper_status *s)
{
	struct mount_entry *m = calloc(MOUNTS_MAX, sizeof(*m));
	int n = m ? mounts_read(m, MOUNTS_MAX) : -ENOMEM, at;

	memset(s, 0, sizeof(*s));
	if (n < 0) {
		free(m);
		return n;
	}
	at = mounts_at(m, n, LOCKDOWN_BPFFS);
	if (at >= 0 && !strcmp(m[at].fstype, "bpf")) {
		s->found = true;
		s->private = !m[at].propagates;
		for (int i = 0; i < n; i++) {
			if (m[i].parent == m[at].id && m[i].dev == m[at].dev &&
			    !strcmp(m[i].point,
				    LOCKDOWN_PIN_DIR "/" LOCKDOWN_PIN_KEEP))
				s->kept = true;
		}
	}
	free(m);
	return 0;
}

static bool in_initial_mntns(void)
{
	struct stat self, init;

	return !stat("/proc/self/ns/mnt", &self) &&
	       !stat("/proc/1/ns/mnt", &init) && self.st_ino == init.st_ino;
}

int keeper_shield(void)
{
	struct keeper_status s;
	int err;

	if (mounts_in_initramfs() || !in_initial_mntns())
		return 0;
	/* The keeper too: bound while the bpffs mount was shared, it joined
	 * that mount's peer group. */
	if (mount(NULL, LOCKDOWN_BPFFS, NULL, MS_PRIVATE, NULL) ||
	    mount(NULL, LOCKDOWN_PIN_DIR "/" LOCKDOWN_PIN_KEEP, NULL,
		  MS_PRIVATE, NULL)) {
		err = -errno;
		errorf("making the bpffs mount %s and its keeper private failed: %s",
		       LOCKDOWN_BPFFS, strerror(-err));
		return -ENOTRECOVERABLE;
	}
	err = keeper_status(&s);
	if (err || !s.found || !s.private || !s.kept) {
		errorf("the bpffs mount %s is %s: an unmount elsewhere could propagate to it and drop the pins",
		       LOCKDOWN_BPFFS,
		       err	  ? "unreadable"
		       : !s.found ? "not listed"
		       : !s.kept  ? "without its keeper"
				  : "still shared");
		return -ENOTRECOVERABLE;
	}
	return 0;
}
