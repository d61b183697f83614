/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scopes against usermode helpers, part of lockdown.bpf.c. The kernel
 * starts some programs itself, from a kernel thread outside every scope,
 * at a path root sets: core_pattern (a "|program" run at each core dump),
 * modprobe (at each module request), hotplug and uevent_helper (at each
 * uevent), poweroff_cmd; binfmt_misc registers interpreters that run as
 * whoever execs a matching file; cgroup v1's release_agent runs when a
 * cgroup empties. A scoped task that set any of these would have an
 * unscoped process run its program. So a scoped task may not open them
 * for writing, nor any file of binfmt_misc or of a cgroup v1 hierarchy.
 */
#ifndef LOCKDOWN_SCOPE_HELPERS_H
#define LOCKDOWN_SCOPE_HELPERS_H

#define PROC_SUPER_MAGIC 0x9fa0
#define SYSFS_MAGIC 0x62656572
#define BINFMTFS_MAGIC 0x42494e4d
#define FMODE_WRITE_ 0x2

/*
 * Byte @i of @d's short (inline) name; names longer than the inline
 * buffer are never those below. The buffer follows d_inode on every
 * kernel: d_iname up to 6.13, d_shortname from 6.14 on. Its offset is
 * taken from d_inode's, which exists on both: a relocation of a field that
 * is missing would fail even in a branch never taken.
 */
static __always_inline unsigned char dname_byte(struct dentry *d, int i)
{
	__u32 off = bpf_core_field_offset(struct dentry, d_inode) +
		    sizeof(struct inode *);

	return *((unsigned char *)d + off + (i & 31));
}

/* Whether @d is named @want (@len bytes and a NUL; @len < 16). */
static __always_inline bool dname_is(struct dentry *d, const char *want,
				     int len)
{
#pragma unroll
	for (int i = 0; i < 16; i++) {
		if (i > len)
			break;
		if (dname_byte(d, i) != (i < len ? (unsigned char)want[i] : 0))
			return false;
	}
	return true;
}

static __always_inline bool is_helper_setting(struct dentry *d,
					      unsigned long magic)
{
	if (magic == BINFMTFS_MAGIC || magic == CGROUP_SUPER_MAGIC)
		return true;
	if (magic == SYSFS_MAGIC)
		return dname_is(d, "uevent_helper", 13);
	if (magic != PROC_SUPER_MAGIC)
		return false;
	return dname_is(d, "core_pattern", 12) || dname_is(d, "modprobe", 8) ||
	       dname_is(d, "hotplug", 7) || dname_is(d, "poweroff_cmd", 12);
}

SEC("lsm/file_open")
int BPF_PROG(scope_file_open, struct file *file)
{
	struct dentry *d;

	if (!(file->f_mode & FMODE_WRITE_))
		return 0;
	d = file->f_path.dentry;
	if (!d || !is_helper_setting(d, d->d_sb->s_magic))
		return 0;
	if (!current_effective_scope())
		return 0;
	refused(LOCKDOWN_ROUTE_SCOPE_ESCAPE);
	return -EPERM;
}

#endif
