// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include "kernel.h"
#include "level.h"
#include "msg.h"

static bool is_fs(const char *path, long magic)
{
	struct statfs st;

	return statfs(path, &st) == 0 && st.f_type == magic;
}

void kernel_mount_filesystems(void)
{
	if (!is_fs(SECURITYFS, SECURITYFS_MAGIC))
		mount("securityfs", SECURITYFS, "securityfs", 0, NULL);
	if (!is_fs(LOCKDOWN_BPFFS, BPF_FS_MAGIC))
		mount("bpf", LOCKDOWN_BPFFS, "bpf", 0, "mode=0700");
}

static bool read_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	bool ok;

	if (!f)
		return false;
	ok = fgets(buf, size, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

int cmdline_param(const char *cmdline, const char *name, char *out, size_t size)
{
	size_t len = strlen(name);
	int err = -ENOENT;

	for (const char *p = cmdline; *p;) {
		size_t n;

		p += strspn(p, " \t\n");
		n = strcspn(p, " \t\n");
		if (n > len && strncmp(p, name, len) == 0 && p[len] == '=') {
			size_t vlen = n - len - 1;

			if (vlen >= size) {
				err = -ENAMETOOLONG;
			} else {
				memcpy(out, p + len + 1, vlen);
				out[vlen] = '\0';
				err = 0;
			}
		}
		p += n;
	}
	return err;
}

void kmsg_printf(int prio, const char *fmt, ...)
{
	FILE *kmsg = fopen("/dev/kmsg", "w");
	va_list ap;

	if (!kmsg)
		return;
	fprintf(kmsg, "<%d>bpf-lockdown: ", prio);
	va_start(ap, fmt);
	vfprintf(kmsg, fmt, ap);
	va_end(ap);
	fputc('\n', kmsg);
	fclose(kmsg);
}

bool lsm_list_has(const char *list, const char *lsm)
{
	size_t len = strlen(lsm);

	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");

		if (n == len && strncmp(p, lsm, len) == 0)
			return true;
		p += n;
		if (*p == ',')
			p++;
	}
	return false;
}

void kernel_facts_read(struct kernel_facts *facts)
{
	struct utsname u;
	char line[128];

	memset(facts, 0, sizeof(*facts));
	if (uname(&u) == 0)
		snprintf(facts->release, sizeof(facts->release), "%s",
			 u.release);
	facts->lsm_known =
		read_line(SECURITYFS "/lsm", facts->lsm, sizeof(facts->lsm));
	facts->bpf_lsm_active =
		facts->lsm_known && lsm_list_has(facts->lsm, "bpf");
	facts->has_btf = access(VMLINUX_BTF, R_OK) == 0;
	facts->lockdown_known =
		read_line(SECURITYFS "/lockdown", line, sizeof(line)) &&
		level_parse_line(line, &facts->lockdown) == 0;
}

int kernel_preflight(const struct kernel_facts *facts)
{
	if (geteuid() != 0) {
		errorf("must run as root: loading and pinning BPF LSM programs needs CAP_SYS_ADMIN and CAP_BPF");
		return -1;
	}
	if (!facts->has_btf) {
		errorf("the kernel exposes no BTF (%s is missing): a kernel built with CONFIG_DEBUG_INFO_BTF=y is needed",
		       VMLINUX_BTF);
		return -1;
	}
	if (!facts->lsm_known) {
		errorf("cannot read the active LSM list from %s/lsm: is securityfs mounted and CONFIG_SECURITY=y?",
		       SECURITYFS);
		return -1;
	}
	if (!facts->bpf_lsm_active) {
		errorf("BPF LSM is not active, so nothing would be enforced.\n"
		       "  Active LSMs: %s\n"
		       "  Add this to the kernel command line and reboot (needs CONFIG_BPF_LSM=y):\n"
		       "    lsm=%s%sbpf\n"
		       "  On Debian: append it to GRUB_CMDLINE_LINUX in /etc/default/grub, then run update-grub.",
		       facts->lsm, facts->lsm, facts->lsm[0] ? "," : "");
		return -1;
	}
	if (!is_fs(LOCKDOWN_BPFFS, BPF_FS_MAGIC)) {
		errorf("no BPF filesystem at %s to pin the enforcement in: mount -t bpf bpf %s",
		       LOCKDOWN_BPFFS, LOCKDOWN_BPFFS);
		return -1;
	}
	return 0;
}
