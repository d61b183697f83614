/* SPDX-License-Identifier: GPL-2.0 */
/* Facts about the running kernel that decide whether lockdown can be
 * enforced here, and the preflight that explains what is missing. */
#ifndef KERNEL_H
#define KERNEL_H

#include <stdbool.h>
#include "lockdown_abi.h"

#define SECURITYFS "/sys/kernel/security"
#define VMLINUX_BTF "/sys/kernel/btf/vmlinux"

struct kernel_facts {
	char release[65];
	char lsm[512]; /* active LSMs, comma separated; "" if unknown */
	bool lsm_known;
	bool bpf_lsm_active;
	bool has_btf;
	bool lockdown_known; /* the kernel's own lockdown LSM is present */
	enum lockdown_level lockdown; /* the kernel's own level */
};

/* Mounts securityfs and bpffs where they are missing (as systemd does);
 * best effort, failures show up in the facts. */
void kernel_mount_filesystems(void);

void kernel_facts_read(struct kernel_facts *facts);

#define BOOT_PARAM "bpf_lockdown" /* ours; lockdown= is the kernel's */

/* Copies the value of boot parameter @name in @cmdline to @out. Returns
 * 0, -ENOENT when absent or -ENAMETOOLONG; the last occurrence wins, as
 * for the kernel's own parameters. */
int cmdline_param(const char *cmdline, const char *name, char *out,
		  size_t size);

/* Writes "bpf-lockdown: <message>" to the kernel log at syslog priority
 * @prio (5 notice, 3 error); best effort. */
void kmsg_printf(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Whether @list (comma separated) names @lsm. */
bool lsm_list_has(const char *list, const char *lsm);

/* Checks that lockdown can be enforced here; on failure prints what is
 * missing and how to fix it, and returns -1. */
int kernel_preflight(const struct kernel_facts *facts);

#endif
