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
#define SYSFS_MAGIC 0x62656572
#define MNT_DETACH 0x2
#define MS_MOVE 8192
#define MS_BIND 4096
#define MS_REC 16384
#define MS_UNBINDABLE (1 << 17)
#define MS_PRIVATE (1 << 18)
#define MS_SLAVE (1 << 19)
#define MS_SHARED (1 << 20)
#define MS_PROPAGATION (MS_SHARED | MS_SLAVE | MS_PRIVATE | MS_UNBINDABLE)
#define MNT_SHARED 0x1000
#define T_SHARED 1
#define DCACHE_MOUNTED_OLD 0x10000 /* before enum dentry_flags (Linux 7.x) */
/* "lockdown", the last component of LOCKDOWN_PIN_DIR, as 8 bytes read
 * little-endian (BPF's x86 and arm64 hosts are). */
#define PIN_DIR_NAME 0x6e776f646b636f6cULL

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_RDONLY_PROG);
	__type(key, __u32);
	__type(value, struct lockdown_guard);
} guard SEC(".maps");

/* How many mount(2) calls that change propagation, and mount_setattr(2)
 * calls, are under way (see changing_propagation). */
__u32 propagation_changes;

/* Cleared by the loader where the kernel has no change_mnt_propagation()
 * to watch: the bpffs mount then counts as exposed from the start
 * (see note_propagation). */
const volatile bool propagation_watched = true;

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

/* Counts (in all and per route) and reports a refused route; the caller
 * returns its errno. */
static __always_inline void refused(__u32 route)
{
	struct lockdown_event_stats *stats;
	struct lockdown_state *st;
	__u32 zero = 0;

	stats = bpf_map_lookup_elem(&event_stats, &zero);
	if (stats) {
		__sync_fetch_and_add(&stats->self_protect, 1);
		if (route < LOCKDOWN_ROUTE_SLOTS)
			__sync_fetch_and_add(&stats->self_protect_route[route],
					     1);
	}
	st = bpf_map_lookup_elem(&state, &zero);
	report(LOCKDOWN_REASON_SELF_PROTECT, st ? st->enforced : 0,
	       LOCKDOWN_ACTION_DENY, LOCKDOWN_SCOPE_HOST, route);
}

static __always_inline bool bpffs_exposed(void)
{
	struct lockdown_state *st;
	__u32 zero = 0;

	st = bpf_map_lookup_elem(&state, &zero);
	return st && (st->bpffs & LOCKDOWN_BPFFS_EXPOSED);
}

/* Answers lockdownctl's question (LOCKDOWN_PRCTL_OURS): is this object
 * the armed enforcement's own? -ENOSYS lets the kernel answer EINVAL. */
static __always_inline int answer_ours(unsigned long id, unsigned long kind)
{
	struct lockdown_guard *g = guard_get();
	bool ours = false;

	if (!g || !g->raise_prog || id > 0xffffffffUL)
		return -ENOSYS;
	if (kind == LOCKDOWN_OURS_ARMED)
		ours = !id;
	else if (kind == LOCKDOWN_OURS_PROG)
		ours = id && (id == g->raise_prog || id == g->policy_prog);
	else if (kind == LOCKDOWN_OURS_MAP)
		ours = id == g->events_map ||
		       has_id(g->readonly_maps, LOCKDOWN_GUARD_READONLY_MAPS,
			      id);
	else if (kind == LOCKDOWN_OURS_BPFFS_EXPOSED)
		ours = !id && bpffs_exposed();
	return ours ? -LOCKDOWN_PRCTL_TAKEN : -ENOSYS;
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

/* Set by lockdownctl set before its programs attach (never by the bench):
 * from then on no program that could stand before ours loads or gets an
 * fd, armed or not. */
bool refuse_bypass;

/*
 * Programs that could stand before ours. The trampoline runs fmod_ret and
 * LSM programs newest first and the first non-zero return (tested on all
 * 64 bits, while callers read an int) ends the chain: ours and, for
 * fmod_ret on a security_*() function, every LSM, the kernel's own
 * lockdown included, never run. The verifier bounds neither well enough,
 * so no fmod_ret program loads at all, and no LSM program on a hook of
 * ours (hook_btf_ids, written before ours attach), whatever it returns
 * (lockdown_stands_before(), which the scan of set uses too).
 */
static __always_inline bool stands_before_ours(struct lockdown_guard *g,
					       __u32 attach_type, __u32 btf_id)
{
	if (!refuse_bypass && !g->raise_prog)
		return false;
	return lockdown_stands_before(
		attach_type,
		has_id(g->hook_btf_ids, LOCKDOWN_GUARD_MAX, btf_id));
}

/* Attaching fmod_ret or LSM programs, when some were loaded before ours
 * (strict_attach): their load was never checked. Tracing and LSM
 * programs attach through BPF_RAW_TRACEPOINT_OPEN without a name, or
 * BPF_LINK_CREATE with their attach type; cgroup LSM ones also through
 * BPF_PROG_ATTACH. */
static __always_inline bool strict_attach(struct lockdown_guard *g, int cmd,
					  union bpf_attr *attr)
{
	__u32 type;

	/* raw_tracepoint.name is 64 bits at offset 0; 6.1's verifier
	 * resolves the union by its first member, so read it as the two
	 * 32-bit fields there. */
	if (cmd == BPF_RAW_TRACEPOINT_OPEN)
		return g->strict_attach && !attr->map_type && !attr->key_size;
	if (cmd == BPF_LINK_CREATE)
		type = attr->link_create.attach_type;
	else if (cmd == BPF_PROG_ATTACH)
		type = attr->attach_type;
	else
		return false;
	/* No fmod_ret program loads once armed: one that attaches was loaded
	 * before, whether the scan saw it or not. */
	if (type == BPF_MODIFY_RETURN)
		return true;
	return g->strict_attach &&
	       (type == BPF_LSM_MAC || type == BPF_LSM_CGROUP);
}

/*
 * Attached only when the scan at set found programs that could stand
 * before ours loaded before them (see loader.c): every bpf(2) call crosses
 * it, 8 to 10% of a map lookup. Without it, loading and taking an fd are
 * still refused (guard_bpf_prog_load/alloc, guard_bpf_prog), and an fd to
 * one of our links can neither detach nor update it (docs/threat-model.md).
 */
SEC("lsm/bpf")
int BPF_PROG(guard_bpf, int cmd, union bpf_attr *attr)
{
	struct lockdown_guard *g;

	/* Every bpf(2) call passes here: one compare for the others. */
	if (cmd != BPF_LINK_GET_FD_BY_ID && cmd != BPF_LINK_CREATE &&
	    cmd != BPF_RAW_TRACEPOINT_OPEN && cmd != BPF_PROG_ATTACH)
		return 0;
	g = guard_get();
	if (!g || !g->raise_prog)
		return 0;
	if (cmd != BPF_LINK_GET_FD_BY_ID) {
		if (!strict_attach(g, cmd, attr))
			return 0;
		refused(LOCKDOWN_ROUTE_PROG_LOAD);
		return -EPERM;
	}
	if (!has_id(g->links, LOCKDOWN_GUARD_MAX, attr->link_id))
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
	if (has_id(g->hidden_maps, LOCKDOWN_GUARD_HIDDEN_MAPS, id) ||
	    ((fmode & FMODE_WRITE) &&
	     has_id(g->readonly_maps, LOCKDOWN_GUARD_READONLY_MAPS, id))) {
		refused(LOCKDOWN_ROUTE_MAP_FD);
		return -ENOENT;
	}
	return 0;
}

/*
 * Every fd to a program: by ID, from a pin, and the one BPF_PROG_LOAD
 * returns. That last one is what keeps a load that passed the load hooks
 * before ours attached, and was still being verified when the scan ran,
 * from ever being used: it has no ID until after the load hooks.
 */
SEC("lsm/bpf_prog")
int BPF_PROG(guard_bpf_prog, struct bpf_prog *prog)
{
	struct lockdown_guard *g = guard_get();
	__u32 id;

	if (!g)
		return 0;
	id = prog->aux->id;
	if (id == g->raise_prog || id == g->policy_prog)
		return 0;
	if (has_id(g->progs, LOCKDOWN_GUARD_MAX, id)) {
		refused(LOCKDOWN_ROUTE_PROG_FD);
		return -ENOENT;
	}
	if (!stands_before_ours(g, prog->expected_attach_type,
				prog->aux->attach_btf_id))
		return 0;
	refused(LOCKDOWN_ROUTE_PROG_LOAD);
	return -EPERM;
}

/* A program being loaded: fmod_ret and LSM ones that would stand before
 * ours, and fentry, fexit or freplace programs aimed at ours. */
static __always_inline int check_load(struct bpf_prog *prog)
{
	struct lockdown_guard *g = guard_get();
	struct bpf_prog *dst;

	if (!g)
		return 0;
	if (stands_before_ours(g, prog->expected_attach_type,
			       prog->aux->attach_btf_id)) {
		refused(LOCKDOWN_ROUTE_PROG_LOAD);
		return -EPERM;
	}
	dst = prog->aux->dst_prog;
	if (!dst || !has_id(g->progs, LOCKDOWN_GUARD_MAX, dst->aux->id))
		return 0;
	refused(LOCKDOWN_ROUTE_PROG_ATTACH);
	return -EPERM;
}

/* Linux 6.9 and later. */
SEC("lsm/bpf_prog_load")
int BPF_PROG(guard_bpf_prog_load, struct bpf_prog *prog)
{
	return check_load(prog);
}

/* Before Linux 6.9; the loader attaches whichever the kernel has. The
 * attach type and target are set by then, the program type not yet. */
SEC("lsm/bpf_prog_alloc_security")
int BPF_PROG(guard_bpf_prog_alloc, struct bpf_prog_aux *aux)
{
	return check_load(aux->prog);
}

/* The bypass scan: one record per program, per link, then the end. */
static __always_inline void scan_emit(struct bpf_iter_meta *meta, __u32 kind,
				      __u32 id, struct bpf_prog *prog)
{
	struct lockdown_scan_rec rec = {
		.magic = LOCKDOWN_SCAN_MAGIC,
		.kind = kind,
		.id = id,
		.seq = meta->seq_num,
	};

	if (prog) {
		rec.prog_id = prog->aux->id;
		rec.prog_type = prog->type;
		rec.attach_type = prog->expected_attach_type;
		rec.attach_btf_id = prog->aux->attach_btf_id;
	}
	bpf_seq_write(meta->seq, &rec, sizeof(rec));
}

SEC("iter/bpf_prog")
int scan_progs(struct bpf_iter__bpf_prog *ctx)
{
	struct bpf_prog *prog = ctx->prog;

	/* Called once more with no program at the end of the list. */
	if (!prog)
		scan_emit(ctx->meta, LOCKDOWN_SCAN_END, 0, NULL);
	else
		scan_emit(ctx->meta, LOCKDOWN_SCAN_PROG, prog->aux->id, prog);
	return 0;
}

SEC("iter/bpf_link")
int scan_links(struct bpf_iter__bpf_link *ctx)
{
	struct bpf_link *link = ctx->link;

	if (!link)
		scan_emit(ctx->meta, LOCKDOWN_SCAN_END, 0, NULL);
	else
		scan_emit(ctx->meta, LOCKDOWN_SCAN_LINK, link->id, link->prog);
	return 0;
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

/* Whether @dentry is a mount point, in any mount namespace. */
static __always_inline bool mount_point(struct dentry *dentry)
{
	unsigned int mounted = DCACHE_MOUNTED_OLD;

	if (bpf_core_enum_value_exists(enum dentry_flags, DCACHE_MOUNTED))
		mounted =
			bpf_core_enum_value(enum dentry_flags, DCACHE_MOUNTED);
	return dentry->d_flags & mounted;
}

/*
 * Removing a directory that is a mount point in another mount namespace
 * (in the caller's own the kernel answers EBUSY), or renaming another over
 * it, detaches what is mounted on it in every namespace (detach_mounts()),
 * whatever is below: from a namespace where the real root's "sys" is no
 * mount point (a bind of / alone, after pivot_root), rmdir of it dropped
 * /sys with our bpffs below it in the initial namespace, and /dev/mem
 * opened (review scenario, rmdir-rs). Renaming one away moves what is
 * mounted on it. Refused for every mount point once armed: which mounts
 * are above the bpffs cannot be read from the dentry.
 */
static __always_inline int check_mount_point_removal(struct dentry *a,
						     struct dentry *b)
{
	struct lockdown_guard *g;

	if (!mount_point(a) && !(b && mount_point(b)))
		return 0;
	g = guard_get();
	if (!g || !g->bpffs_dev)
		return 0;
	refused(LOCKDOWN_ROUTE_MOUNTPOINT_REMOVE);
	return -EPERM;
}

SEC("lsm/inode_rmdir")
int BPF_PROG(guard_inode_rmdir, struct inode *dir, struct dentry *dentry)
{
	int err = check_mount_point_removal(dentry, NULL);

	return err ? err : check_remove(dir, dentry);
}

/* The one rename of ours: the armed staging directory published as
 * LOCKDOWN_PIN_DIR, in the root of our bpffs. */
static __always_inline bool is_publish(struct lockdown_guard *g,
				       struct dentry *old_dentry,
				       struct inode *new_dir,
				       struct dentry *new_dentry)
{
	struct dentry___old *o = (void *)new_dentry;
	struct inode *old = old_dentry->d_inode;
	__u64 name = 0;

	/* No test of new_dentry->d_inode: 6.12's verifier takes it for
	 * non-NULL (measured). An existing target is harmless: the kernel
	 * refuses a non-empty one, and replacing an empty one drops
	 * nothing of ours. */
	if (!old || old->i_ino != g->pin_dir_ino ||
	    new_dir->i_ino != new_dir->i_sb->s_root->d_inode->i_ino ||
	    new_dentry->d_name.len != 8)
		return false;
	for (int i = 7; i >= 0; i--)
		name = name << 8 |
		       (bpf_core_field_exists(o->d_iname)
				? o->d_iname[i]
				: new_dentry->d_shortname.string[i]);
	return name == PIN_DIR_NAME;
}

SEC("lsm/inode_rename")
int BPF_PROG(guard_inode_rename, struct inode *old_dir,
	     struct dentry *old_dentry, struct inode *new_dir,
	     struct dentry *new_dentry)
{
	struct lockdown_guard *g;
	int err;

	err = check_mount_point_removal(old_dentry, new_dentry);
	if (err || !is_bpffs(old_dir->i_sb))
		return err;
	g = guard_get();
	if (!g || !(is_pin_dir(g, old_dir) || is_pin_dir(g, new_dir) ||
		    is_pin_dir(g, old_dentry->d_inode) ||
		    is_pin_dir(g, new_dentry->d_inode)))
		return 0;
	if (is_publish(g, old_dentry, new_dir, new_dentry))
		return 0;
	refused(LOCKDOWN_ROUTE_PIN_REMOVE);
	return -EPERM;
}

static __always_inline struct super_block *current_root_sb(void)
{
	return bpf_get_current_task_btf()->fs->root.mnt->mnt_sb;
}

/* The initial mount namespace: the one whose bpffs mount keeps ours. */
static __always_inline bool in_init_mntns(struct lockdown_guard *g)
{
	struct task_struct *task = bpf_get_current_task_btf();

	return task->nsproxy->mnt_ns->ns.inum == g->init_mntns_ino;
}

/* Still in the initramfs: the root is its namespace's first mount
 * (rootfs), where switch_root moves /sys and the others onto the real
 * root. */
static __always_inline bool in_initramfs(void)
{
	struct task_struct *task = bpf_get_current_task_btf();

	return current_root_sb() == task->nsproxy->mnt_ns->root->mnt.mnt_sb;
}

extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym __weak;

/* Whether @mnt is shared (its unmount propagates to its peers). */
static __always_inline bool mount_shared(struct vfsmount *mnt)
{
	struct mount___t_flags *m;

	if (!bpf_core_field_exists(struct mount___t_flags, mnt_t_flags))
		return mnt->mnt_flags & MNT_SHARED;
	/* container_of(mnt, struct mount, mnt), read-only (Linux 6.2+). */
	m = bpf_rdonly_cast((void *)mnt -
				    bpf_core_field_offset(struct mount, mnt),
			    bpf_core_type_id_kernel(struct mount___t_flags));
	return m->mnt_t_flags & T_SHARED;
}

/*
 * Whether @sb may hold a mount above our bpffs: sysfs, the superblocks
 * seen above it when the guard was armed, and the current root's (the
 * real root, after switch_root). Dropping such a mount lazily could drop
 * the bpffs below it, and with it every pin, with no hook for the bpffs
 * itself: sb_umount sees only the mount named.
 */
static __always_inline bool above_our_bpffs(struct lockdown_guard *g,
					    struct super_block *sb)
{
	__u32 dev = sb->s_dev;

	if (sb->s_magic == SYSFS_MAGIC || sb == current_root_sb())
		return true;
	for (int i = 0; i < LOCKDOWN_GUARD_CHAIN; i++) {
		if (dev && g->chain_devs[i] == dev)
			return true;
	}
	return false;
}

/* Unmounting the bpffs that holds the pins would drop them; this covers
 * every mount of that superblock, lazy (MNT_DETACH) ones included. A lazy
 * unmount of a mount above it is refused in the initial mount namespace,
 * whose bpffs mount keeps the pins, and in any namespace for sysfs, the
 * task's root, and mounts that are shared (their unmount propagates to the
 * initial one). A container's old root after pivot_root is none of these.
 * An unmount that propagates to the initial namespace's bpffs mount (a
 * private old root or tmpfs with a shared /sys below it) is harmless: see
 * check_propagation. */
SEC("lsm/sb_umount")
int BPF_PROG(guard_sb_umount, struct vfsmount *mnt, int flags)
{
	struct super_block *sb = mnt->mnt_sb;
	struct lockdown_guard *g;

	g = guard_get();
	if (!g || !g->bpffs_dev)
		return 0;
	if (is_our_bpffs(g, sb)) {
		refused(LOCKDOWN_ROUTE_UMOUNT);
		return -EPERM;
	}
	if (!(flags & MNT_DETACH))
		return 0;
	/* Where the bpffs mount may be a peer or a slave of anything, any
	 * lazy unmount may propagate to it: see note_propagation. */
	if (bpffs_exposed()) {
		refused(LOCKDOWN_ROUTE_UMOUNT_EXPOSED);
		return -EPERM;
	}
	/* Nor while it may be becoming one: see changing_propagation. */
	if (READ_ONCE(propagation_changes)) {
		refused(LOCKDOWN_ROUTE_UMOUNT_RACING);
		return -EPERM;
	}
	if (!above_our_bpffs(g, sb))
		return 0;
	/* A sysfs mount or the task's root, in any namespace: the mounts
	 * below it may be peers of the initial namespace's, and propagation
	 * would take those along. Others only there or where shared. */
	if (sb->s_magic != SYSFS_MAGIC && sb != current_root_sb() &&
	    !(in_init_mntns(g) || mount_shared(mnt)))
		return 0;
	refused(LOCKDOWN_ROUTE_UMOUNT_PARENT);
	return -EPERM;
}

/* pivot_root in the initial namespace would let the old root, with the
 * bpffs below it, be unmounted lazily from outside the new one. */
SEC("lsm/sb_pivotroot")
int BPF_PROG(guard_sb_pivotroot, const struct path *old_path,
	     const struct path *new_path)
{
	struct lockdown_guard *g = guard_get();

	if (!g || !g->bpffs_dev || !in_init_mntns(g))
		return 0;
	refused(LOCKDOWN_ROUTE_MOUNT_MOVE);
	return -EPERM;
}

/* Mounting over the bpffs root, our directories or a pin in them would
 * hide the pins. */
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
	/* Nor over a pin: lockdownctl would find root's object there. */
	if (!g || !inode || !is_our_bpffs(g, sb) ||
	    !(is_pin_dir(g, inode) ||
	      is_pin_dir(g, dentry->d_parent->d_inode) ||
	      inode->i_ino == sb->s_root->d_inode->i_ino))
		return 0;
	refused(LOCKDOWN_ROUTE_MOUNT);
	return -EPERM;
}

/*
 * Unmount propagation: the kernel unmounts by propagation a mount with no
 * child mount that stays (fs/pnode.c). The initial namespace's bpffs mount
 * holds lockdownctl's keeper (a bind of LOCKDOWN_PIN_DIR/LOCKDOWN_PIN_KEEP
 * onto itself) and is made private, so that no unmount elsewhere (a
 * private old root after pivot_root, a tmpfs holding an rbind of /sys)
 * propagates to the keeper, and so none to the bpffs mount either. Seeing
 * lockdownctl make it private after the initramfs (systemd shares / again
 * at switch_root) marks the state; from then on, in that namespace, no
 * mount that holds it is made shared again. Sharing only ever matters
 * there: other namespaces' mounts are copies.
 */
static __always_inline int check_propagation(const struct path *path,
					     unsigned long flags)
{
	struct vfsmount *mnt = path->mnt;
	struct super_block *sb = mnt->mnt_sb;
	struct lockdown_state *st;
	struct lockdown_guard *g;
	__u32 zero = 0;
	bool ours;

	g = guard_get();
	if (!g || !g->bpffs_dev || !in_init_mntns(g) || in_initramfs())
		return 0;
	st = bpf_map_lookup_elem(&state, &zero);
	if (!st)
		return 0;
	ours = is_our_bpffs(g, sb);
	if (!(flags & MS_SHARED)) {
		if (ours && (flags & MS_PRIVATE))
			__sync_fetch_and_or(
				&st->bpffs,
				propagation_watched
					? LOCKDOWN_BPFFS_PRIVATE
					: LOCKDOWN_BPFFS_PRIVATE |
						  LOCKDOWN_BPFFS_EXPOSED);
		return 0;
	}
	/* Recursively from the root, sysfs or another superblock above the
	 * bpffs: the bpffs mount is in the subtree. Other mounts of the
	 * root's superblock (a bind of /var/lib/kubelet) are not. */
	if (!(st->bpffs & LOCKDOWN_BPFFS_PRIVATE) ||
	    !(ours || ((flags & MS_REC) &&
		       (mnt == bpf_get_current_task_btf()->fs->root.mnt ||
			(sb != current_root_sb() && above_our_bpffs(g, sb))))))
		return 0;
	refused(LOCKDOWN_ROUTE_MOUNT_SHARE);
	return -EPERM;
}

/* Whether @m is shared or a slave: whether unmounts elsewhere may
 * propagate to what is mounted on it. */
static __always_inline bool mount_propagates(struct mount *m)
{
	struct mount___t_flags *t = (void *)m;

	if (m->mnt_master)
		return true;
	if (bpf_core_field_exists(struct mount___t_flags, mnt_t_flags))
		return t->mnt_t_flags & T_SHARED;
	return m->mnt.mnt_flags & MNT_SHARED;
}

/*
 * Not every change of propagation passes sb_mount: mount_setattr(2) has no
 * LSM hook, and mount(2) from another namespace (through /proc/PID/root,
 * or on an fd of the real root from a chroot) is not the initial
 * namespace's call. An outside review re-shared the bpffs mount each of
 * these ways and then dropped it with a lazy unmount elsewhere (review
 * scenario). Every way ends in change_mnt_propagation(): once the bpffs
 * mount was made private, a mount of our bpffs in the initial namespace
 * that comes out of it shared or a slave marks the state, and from then on
 * sb_umount refuses every lazy unmount (the only kind that propagates to a
 * mount with children), until reboot: the BPF side cannot undo the change,
 * and cannot tell which mounts are now its peers.
 */
SEC("fexit/change_mnt_propagation")
int BPF_PROG(note_propagation, struct mount *mnt, int type)
{
	struct lockdown_guard *g = guard_get();
	struct lockdown_state *st;
	__u32 zero = 0;

	if (!g || !g->bpffs_dev || !is_our_bpffs(g, mnt->mnt.mnt_sb) ||
	    mnt->mnt_ns->ns.inum != g->init_mntns_ino || !mount_propagates(mnt))
		return 0;
	st = bpf_map_lookup_elem(&state, &zero);
	if (st && (st->bpffs & LOCKDOWN_BPFFS_PRIVATE))
		__sync_fetch_and_or(&st->bpffs, LOCKDOWN_BPFFS_EXPOSED);
	return 0;
}

/*
 * sb_umount decides before the unmount takes the namespace lock, and no
 * hook runs under it. A lazy unmount checked while a change of propagation
 * was under way (a recursive mount_setattr(2) over a large tree holds the
 * lock a while before note_propagation sees the bpffs mount), then queued
 * behind it and behind an rbind of /sys into the mount being dropped,
 * would find the rbind's copies made peers of the bpffs mount and take it
 * along. So the calls that change propagation are counted from their
 * entry, before they copy their arguments in or take the lock, to their
 * return, and sb_umount refuses every lazy unmount while any is counted.
 * What remains is a lazy unmount checked before such a call entered and
 * rescheduled between its check and the lock for as long as two others
 * take (docs/threat-model.md). The exit programs attach first (the
 * loader): one that sees a call whose entry was not counted must not take
 * another's count away, hence the floor at zero.
 */
static __always_inline void changing_propagation(bool entering)
{
	if (entering) {
		__sync_fetch_and_add(&propagation_changes, 1);
		return;
	}
	if ((int)__sync_fetch_and_add(&propagation_changes, -1) <= 0)
		__sync_fetch_and_add(&propagation_changes, 1);
}

/* path_mount()'s order: a remount or a bind first, then a change of
 * propagation. (The flags as the caller passed them: old callers' magic
 * MS_MGC_VAL shares bits with MS_PRIVATE, which only counts more.) */
static __always_inline bool changes_propagation(unsigned long flags)
{
	return (flags & MS_PROPAGATION) && !(flags & (MS_REMOUNT | MS_BIND));
}

/* The registers of a syscall made on x86-64: its fourth argument, natively
 * and as a 32-bit call. */
struct pt_regs___x86 {
	unsigned long si;
	unsigned long r10;
} __attribute__((preserve_access_index));

/* mount(2): the loader names its syscall entries (__x64_sys_mount, and
 * __ia32_sys_mount, the same call made as a 32-bit one); do_mount() itself
 * is inlined there. The target is resolved after the entry, from a user
 * pointer, and the lock is taken after that. */
SEC("fentry")
int BPF_PROG(enter_mount, struct pt_regs___x86 *regs)
{
	if (changes_propagation(regs->r10))
		changing_propagation(true);
	return 0;
}

SEC("fexit")
int BPF_PROG(leave_mount, struct pt_regs___x86 *regs)
{
	if (changes_propagation(regs->r10))
		changing_propagation(false);
	return 0;
}

SEC("fentry")
int BPF_PROG(enter_mount_compat, struct pt_regs___x86 *regs)
{
	if (changes_propagation(regs->si))
		changing_propagation(true);
	return 0;
}

SEC("fexit")
int BPF_PROG(leave_mount_compat, struct pt_regs___x86 *regs)
{
	if (changes_propagation(regs->si))
		changing_propagation(false);
	return 0;
}

/* mount_setattr(2), every call: the loader names its syscall entries
 * (__x64_sys_mount_setattr and __ia32_sys_mount_setattr). */
SEC("fentry")
int BPF_PROG(enter_setattr)
{
	changing_propagation(true);
	return 0;
}

SEC("fexit")
int BPF_PROG(leave_setattr)
{
	changing_propagation(false);
	return 0;
}

SEC("fentry")
int BPF_PROG(enter_setattr_compat)
{
	changing_propagation(true);
	return 0;
}

SEC("fexit")
int BPF_PROG(leave_setattr_compat)
{
	changing_propagation(false);
	return 0;
}

/* Moving our bpffs, or a mount above it, to under a mount that can then
 * be dropped lazily would drop the pins. mount(2)'s MS_MOVE names its
 * source by a string the hook cannot resolve, so in the initial namespace
 * it is refused once the initramfs has handed over (switch_root moves
 * /sys before that). */
SEC("lsm/sb_mount")
int BPF_PROG(guard_sb_mount, const char *dev_name, const struct path *path,
	     const char *type, unsigned long flags)
{
	struct lockdown_guard *g;

	/* Remounting changes flags (systemd makes /sys read-only in
	 * services); it covers nothing. */
	if (flags & MS_REMOUNT)
		return 0;
	/* The kernel takes a bind before a change of propagation, and that
	 * before a move. */
	if (!(flags & MS_BIND) && (flags & MS_PROPAGATION))
		return check_propagation(path, flags);
	if (flags & MS_MOVE) {
		g = guard_get();
		if (g && g->bpffs_dev && in_init_mntns(g) && !in_initramfs()) {
			refused(LOCKDOWN_ROUTE_MOUNT_MOVE);
			return -EPERM;
		}
	}
	return check_mountpoint(path);
}

/* move_mount(2) names its source: refused, in the initial namespace,
 * when it is our bpffs or may be above it (fsmount()'s new mounts are
 * unaffected). Its destination may not be the root of a mount above the
 * bpffs there either: MOVE_MOUNT_BENEATH (which the hook does not see)
 * would slide a mount of root's beneath it, a new parent of the bpffs
 * that the guard never saw; on top, it would hide the pins. */
SEC("lsm/move_mount")
int BPF_PROG(guard_move_mount, const struct path *from_path,
	     const struct path *to_path)
{
	struct super_block *sb = from_path->mnt->mnt_sb;
	struct vfsmount *to = to_path->mnt;
	struct lockdown_guard *g = guard_get();

	if (g && g->bpffs_dev && in_init_mntns(g) &&
	    (is_our_bpffs(g, sb) || above_our_bpffs(g, sb) ||
	     (to_path->dentry == to->mnt_root &&
	      above_our_bpffs(g, to->mnt_sb)))) {
		refused(LOCKDOWN_ROUTE_MOUNT_MOVE);
		return -EPERM;
	}
	return check_mountpoint(to_path);
}

/* Nothing new among our pins: a planted object there could pass for
 * ours. (lockdownctl also asks the BPF side which objects are ours, so a
 * planted one is never taken for ours.) */
static __always_inline int check_plant(struct inode *dir)
{
	struct lockdown_guard *g;

	if (!dir || !is_bpffs(dir->i_sb))
		return 0;
	g = guard_get();
	if (!g || !is_our_bpffs(g, dir->i_sb) || !is_pin_dir(g, dir))
		return 0;
	refused(LOCKDOWN_ROUTE_PIN_PLANT);
	return -EPERM;
}

/* Pinning (vfs_mkobj) and mknod-like creation. */
SEC("lsm/inode_create")
int BPF_PROG(guard_inode_create, struct inode *dir, struct dentry *dentry,
	     unsigned short mode)
{
	return check_plant(dir);
}

SEC("lsm/inode_mkdir")
int BPF_PROG(guard_inode_mkdir, struct inode *dir, struct dentry *dentry,
	     unsigned short mode)
{
	return check_plant(dir);
}

SEC("lsm/inode_symlink")
int BPF_PROG(guard_inode_symlink, struct inode *dir, struct dentry *dentry,
	     const char *old_name)
{
	return check_plant(dir);
}

SEC("lsm/inode_link")
int BPF_PROG(guard_inode_link, struct dentry *old_dentry, struct inode *dir,
	     struct dentry *new_dentry)
{
	return check_plant(dir);
}

#endif
