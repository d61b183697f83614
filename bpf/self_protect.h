/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Self-protection, part of lockdown.bpf.c: once applied, root cannot
 * remove, detach, replace or rewrite the enforcement. Each hook exits at
 * once for objects that are not ours (a superblock magic or a command
 * compare), since some run on hot paths (inode_permission on every path
 * walk). What is ours is in the guard map; an empty guard (before the
 * loader has armed it) protects nothing.
 *
 * Acquiring an fd by ID answers ENOENT rather than EPERM, so that listing
 * tools (bpftool prog/map/link show) skip our objects instead of stopping.
 */
#ifndef LOCKDOWN_SELF_PROTECT_H
#define LOCKDOWN_SELF_PROTECT_H

#define BPF_FS_MAGIC 0xcafe4a11
#define FMODE_WRITE 0x2
#define MS_REMOUNT 32
#define MAY_WRITE 0x2
#define CGROUP_SUPER_MAGIC 0x27e0eb
#define CGROUP2_SUPER_MAGIC 0x63677270

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_RDONLY_PROG);
	__type(key, __u32);
	__type(value, struct lockdown_guard);
} guard SEC(".maps");

static __always_inline struct lockdown_guard *guard_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&guard, &zero);
}

static __always_inline bool has_id(const __u32 *ids, int n, __u32 id)
{
	if (!id)
		return false;
	for (int i = 0; i < n; i++) {
		if (ids[i] == id)
			return true;
	}
	return false;
}

static __always_inline bool has_ino(const __u64 *inos, int n, __u64 ino)
{
	if (!ino)
		return false;
	for (int i = 0; i < n; i++) {
		if (inos[i] == ino)
			return true;
	}
	return false;
}

/* Counts and reports a refused route; the caller returns its errno. */
static __always_inline void refused(__u32 route)
{
	struct lockdown_event_stats *stats;
	struct lockdown_state *st;
	__u32 zero = 0;

	stats = bpf_map_lookup_elem(&event_stats, &zero);
	if (stats)
		__sync_fetch_and_add(&stats->self_protect, 1);
	st = bpf_map_lookup_elem(&state, &zero);
	report(LOCKDOWN_REASON_SELF_PROTECT, st ? st->enforced : 0,
	       LOCKDOWN_ACTION_DENY, LOCKDOWN_BY_HOST, route);
}

static __always_inline bool is_bpffs(struct super_block *sb)
{
	return sb && sb->s_magic == BPF_FS_MAGIC;
}

/* The bpffs instance holding our pins (every bpffs root is inode 1). */
static __always_inline bool is_our_bpffs(struct lockdown_guard *g,
					 struct super_block *sb)
{
	return g->bpffs_dev && sb->s_dev == g->bpffs_dev;
}

/* Our pin directories: nothing in them may be unlinked or renamed, and
 * they may not be removed, renamed or mounted over. */
static __always_inline bool is_pin_dir(struct lockdown_guard *g,
				       struct inode *inode)
{
	__u64 ino;

	if (!inode)
		return false;
	ino = inode->i_ino;
	return ino && (ino == g->pin_dir_ino || ino == g->links_dir_ino);
}

SEC("lsm/bpf")
int BPF_PROG(guard_bpf, int cmd, union bpf_attr *attr)
{
	struct lockdown_guard *g;

	if (cmd != BPF_LINK_GET_FD_BY_ID)
		return 0;
	g = guard_get();
	if (!g || !has_id(g->links, LOCKDOWN_GUARD_MAX, attr->link_id))
		return 0;
	refused(LOCKDOWN_ROUTE_LINK_BY_ID);
	return -ENOENT;
}

SEC("lsm/bpf_map")
int BPF_PROG(guard_bpf_map, struct bpf_map *map, unsigned int fmode)
{
	struct lockdown_guard *g = guard_get();
	__u32 id;

	if (!g)
		return 0;
	id = map->id;
	if (has_id(g->hidden_maps, 8, id) ||
	    ((fmode & FMODE_WRITE) && has_id(g->readonly_maps, 4, id))) {
		refused(LOCKDOWN_ROUTE_MAP_FD);
		return -ENOENT;
	}
	return 0;
}

SEC("lsm/bpf_prog")
int BPF_PROG(guard_bpf_prog, struct bpf_prog *prog)
{
	struct lockdown_guard *g = guard_get();
	__u32 id;

	if (!g)
		return 0;
	id = prog->aux->id;
	if (id == g->raise_prog || id == g->policy_prog ||
	    !has_id(g->progs, LOCKDOWN_GUARD_MAX, id))
		return 0;
	refused(LOCKDOWN_ROUTE_PROG_FD);
	return -ENOENT;
}

/* fentry, fexit or freplace programs aimed at ours. */
static __always_inline int check_dst_prog(struct bpf_prog *dst)
{
	struct lockdown_guard *g;

	if (!dst)
		return 0;
	g = guard_get();
	if (!g || !has_id(g->progs, LOCKDOWN_GUARD_MAX, dst->aux->id))
		return 0;
	refused(LOCKDOWN_ROUTE_PROG_ATTACH);
	return -EPERM;
}

/* Linux 6.9 and later. */
SEC("lsm/bpf_prog_load")
int BPF_PROG(guard_bpf_prog_load, struct bpf_prog *prog)
{
	return check_dst_prog(prog->aux->dst_prog);
}

/* Before Linux 6.9; the loader attaches whichever the kernel has. */
SEC("lsm/bpf_prog_alloc_security")
int BPF_PROG(guard_bpf_prog_alloc, struct bpf_prog_aux *aux)
{
	return check_dst_prog(aux->dst_prog);
}

/*
 * A task in a cgroup scope may not write to a cgroup filesystem: moving a
 * task (cgroup.procs, also clone3's CLONE_INTO_CGROUP) needs write
 * permission on the destination, so it cannot leave its scope.
 */
static __always_inline int check_scope_escape(struct super_block *sb, int mask)
{
	struct lockdown_state *st;
	__u32 zero = 0;

	if (!(mask & MAY_WRITE) || (sb->s_magic != CGROUP2_SUPER_MAGIC &&
				    sb->s_magic != CGROUP_SUPER_MAGIC))
		return 0;
	st = bpf_map_lookup_elem(&state, &zero);
	if (!st || !st->scope_count || !cgroup_scope_level())
		return 0;
	refused(LOCKDOWN_ROUTE_SCOPE_ESCAPE);
	return -EPERM;
}

/* BPF_OBJ_GET of a pinned link: the path walk asks for permission on it. */
SEC("lsm/inode_permission")
int BPF_PROG(guard_inode_permission, struct inode *inode, int mask)
{
	struct super_block *sb = inode->i_sb;
	struct lockdown_guard *g;

	if (!is_bpffs(sb))
		return check_scope_escape(sb, mask);
	g = guard_get();
	if (!g || !has_ino(g->link_inos, LOCKDOWN_GUARD_MAX, inode->i_ino))
		return 0;
	refused(LOCKDOWN_ROUTE_PIN_OPEN);
	return -EPERM;
}

static __always_inline int check_remove(struct inode *dir,
					struct dentry *dentry)
{
	struct lockdown_guard *g;

	if (!is_bpffs(dir->i_sb))
		return 0;
	g = guard_get();
	if (!g || !(is_pin_dir(g, dir) || is_pin_dir(g, dentry->d_inode)))
		return 0;
	refused(LOCKDOWN_ROUTE_PIN_REMOVE);
	return -EPERM;
}

SEC("lsm/inode_unlink")
int BPF_PROG(guard_inode_unlink, struct inode *dir, struct dentry *dentry)
{
	return check_remove(dir, dentry);
}

SEC("lsm/inode_rmdir")
int BPF_PROG(guard_inode_rmdir, struct inode *dir, struct dentry *dentry)
{
	return check_remove(dir, dentry);
}

SEC("lsm/inode_rename")
int BPF_PROG(guard_inode_rename, struct inode *old_dir,
	     struct dentry *old_dentry, struct inode *new_dir,
	     struct dentry *new_dentry)
{
	struct lockdown_guard *g;

	if (!is_bpffs(old_dir->i_sb))
		return 0;
	g = guard_get();
	if (!g || !(is_pin_dir(g, old_dir) || is_pin_dir(g, new_dir) ||
		    is_pin_dir(g, old_dentry->d_inode) ||
		    is_pin_dir(g, new_dentry->d_inode)))
		return 0;
	refused(LOCKDOWN_ROUTE_PIN_REMOVE);
	return -EPERM;
}

/* Unmounting the bpffs that holds the pins would drop them; this covers
 * every mount of that superblock, lazy (MNT_DETACH) ones included. */
SEC("lsm/sb_umount")
int BPF_PROG(guard_sb_umount, struct vfsmount *mnt, int flags)
{
	struct super_block *sb = mnt->mnt_sb;
	struct lockdown_guard *g;

	if (!is_bpffs(sb))
		return 0;
	g = guard_get();
	if (!g || !is_our_bpffs(g, sb))
		return 0;
	refused(LOCKDOWN_ROUTE_UMOUNT);
	return -EPERM;
}

/* Mounting over the bpffs root or our directories would hide the pins. */
static __always_inline int check_mountpoint(const struct path *path)
{
	struct dentry *dentry = path->dentry;
	struct super_block *sb = dentry->d_sb;
	struct lockdown_guard *g;
	struct inode *inode;

	if (!is_bpffs(sb))
		return 0;
	g = guard_get();
	inode = dentry->d_inode;
	if (!g || !inode || !is_our_bpffs(g, sb) ||
	    !(is_pin_dir(g, inode) ||
	      inode->i_ino == sb->s_root->d_inode->i_ino))
		return 0;
	refused(LOCKDOWN_ROUTE_MOUNT);
	return -EPERM;
}

SEC("lsm/sb_mount")
int BPF_PROG(guard_sb_mount, const char *dev_name, const struct path *path,
	     const char *type, unsigned long flags)
{
	/* Remounting changes flags (systemd makes /sys read-only in
	 * services); it covers nothing. */
	if (flags & MS_REMOUNT)
		return 0;
	return check_mountpoint(path);
}

SEC("lsm/move_mount")
int BPF_PROG(guard_move_mount, const struct path *from_path,
	     const struct path *to_path)
{
	return check_mountpoint(to_path);
}

#endif
