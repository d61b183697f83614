// SPDX-License-Identifier: GPL-2.0
/*
 * An outside review's mount attacks on the bpffs mount that keeps the pins
 * (the keeper, docs/threat-model.md's unmount propagation row): the mount
 * calls busybox has no applet for. Each prints one line
 *   MNTATTACK <name> ok|refused <detail>
 * and exits 0 when the call succeeded, 1 when it was refused.
 *
 * Usage: mntattack setattr PATH shared|private|slave [rec]
 *            mount_setattr(2) of PATH's propagation (AT_RECURSIVE)
 *        mntattack setgroup FROM TO
 *            move_mount(2) MOVE_MOUNT_SET_GROUP: TO joins FROM's group
 *        mntattack fdshare ROOT PATH [rec]
 *            opens PATH, chroots to ROOT, then mount(2) MS_SHARED of the
 *            opened PATH (named as ".", from the new root)
 *        mntattack clone PATH TARGET
 *            open_tree(2) OPEN_TREE_CLONE|AT_RECURSIVE of PATH, attached
 *            at TARGET with move_mount(2)
 *        mntattack rename FROM TO
 *            rename(2) of the directory FROM over the (empty) directory TO
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <linux/mount.h>

static int result(const char *name, int rc, const char *detail)
{
	printf("MNTATTACK %s %s %s%s%s\n", name, rc ? "refused" : "ok", detail,
	       rc ? ": " : "", rc ? strerror(errno) : "");
	fflush(stdout);
	return rc ? 1 : 0;
}

static unsigned long prop_of(const char *s)
{
	if (!strcmp(s, "shared"))
		return MS_SHARED;
	if (!strcmp(s, "private"))
		return MS_PRIVATE;
	if (!strcmp(s, "slave"))
		return MS_SLAVE;
	fprintf(stderr, "unknown propagation '%s'\n", s);
	exit(2);
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "setattr")) {
		struct mount_attr attr = { .propagation = prop_of(argv[3]) };
		unsigned int flags = argc > 4 ? AT_RECURSIVE : 0;
		long rc = syscall(SYS_mount_setattr, AT_FDCWD, argv[2], flags,
				  &attr, sizeof(attr));

		return result("setattr", rc ? -1 : 0, argv[2]);
	}
	if (argc == 4 && !strcmp(argv[1], "setgroup")) {
		long rc = syscall(SYS_move_mount, AT_FDCWD, argv[2], AT_FDCWD,
				  argv[3], MOVE_MOUNT_SET_GROUP);

		return result("setgroup", rc ? -1 : 0, argv[3]);
	}
	if (argc >= 4 && !strcmp(argv[1], "fdshare")) {
		int fd = open(argv[3], O_PATH | O_DIRECTORY);
		unsigned long flags = MS_SHARED | (argc > 4 ? MS_REC : 0);

		if (fd < 0 || chroot(argv[2]) || chdir("/"))
			return result("fdshare-setup", -1, argv[2]);
		if (fchdir(fd))
			return result("fdshare-fchdir", -1, argv[3]);
		return result("fdshare", mount(NULL, ".", NULL, flags, NULL),
			      argv[3]);
	}
	if (argc == 4 && !strcmp(argv[1], "clone")) {
		int fd = syscall(SYS_open_tree, AT_FDCWD, argv[2],
				 OPEN_TREE_CLONE | AT_RECURSIVE);
		long rc;

		if (fd < 0)
			return result("clone-open", -1, argv[2]);
		rc = syscall(SYS_move_mount, fd, "", AT_FDCWD, argv[3],
			     MOVE_MOUNT_F_EMPTY_PATH);
		return result("clone", rc ? -1 : 0, argv[3]);
	}
	if (argc == 4 && !strcmp(argv[1], "rename"))
		return result("rename", rename(argv[2], argv[3]), argv[3]);
	fprintf(stderr, "usage: see the comment at the top of mntattack.c\n");
	return 2;
}
