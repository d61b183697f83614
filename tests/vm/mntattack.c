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
 *        mntattack stall setattr|mount PATH TARGET
 *            holds a call that changes propagation inside the kernel (a
 *            userfaultfd page where it copies its argument in: for
 *            mount_setattr(2) the attributes, none in the end; for mount(2)
 *            MS_PRIVATE the path, PATH in the end), and meanwhile unmounts
 *            TARGET lazily; exits on the unmount's result, 3 when the call
 *            could not be held
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <linux/mount.h>
#include <linux/userfaultfd.h>

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

struct stalled {
	const char *call;
	const char *path;
	char *page; /* registered with the userfaultfd, not yet there */
	long rc;
	int err;
};

static void *stalled_call(void *arg)
{
	struct stalled *s = arg;

	if (!strcmp(s->call, "setattr"))
		s->rc = syscall(SYS_mount_setattr, AT_FDCWD, s->path, 0,
				s->page, sizeof(struct mount_attr));
	else
		s->rc = mount(NULL, s->page, NULL, MS_PRIVATE, NULL);
	s->err = errno;
	return NULL;
}

static int stall(const char *call, const char *path, const char *target)
{
	long size = sysconf(_SC_PAGESIZE);
	struct stalled s = { .call = call, .path = path };
	int uffd = syscall(SYS_userfaultfd, O_CLOEXEC);
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	struct uffd_msg msg;
	struct uffdio_copy copy;
	struct pollfd pfd = { .fd = uffd, .events = POLLIN };
	char *src = calloc(1, size);
	pthread_t t;
	int rc;

	s.page = mmap(NULL, size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	reg.range.start = (unsigned long)s.page;
	reg.range.len = size;
	if (uffd < 0 || !src || s.page == MAP_FAILED ||
	    ioctl(uffd, UFFDIO_API, &api) ||
	    ioctl(uffd, UFFDIO_REGISTER, &reg) ||
	    pthread_create(&t, NULL, stalled_call, &s)) {
		result("stall-setup", -1, call);
		return 3;
	}
	/* The fault: the call is inside the kernel, copying its argument. */
	if (poll(&pfd, 1, 10000) != 1 ||
	    read(uffd, &msg, sizeof(msg)) != sizeof(msg) ||
	    msg.event != UFFD_EVENT_PAGEFAULT) {
		result("stall-fault", -1, call);
		return 3;
	}
	printf("MNTATTACK stall %s held inside the kernel\n", call);
	rc = umount2(target, MNT_DETACH);
	result("stall-umount", rc, target);
	if (strcmp(call, "setattr"))
		snprintf(src, size, "%s", path);
	copy = (struct uffdio_copy){ .dst = (unsigned long)s.page,
				     .src = (unsigned long)src,
				     .len = size };
	if (ioctl(uffd, UFFDIO_COPY, &copy) || pthread_join(t, NULL)) {
		result("stall-release", -1, call);
		return 3;
	}
	errno = s.err;
	result(call, s.rc ? -1 : 0, path);
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "stall") &&
	    (!strcmp(argv[2], "setattr") || !strcmp(argv[2], "mount")))
		return stall(argv[2], argv[3], argv[4]);
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
