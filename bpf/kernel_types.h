/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel types the BPF side needs, declared locally so the build
 * does not depend on any kernel's BTF. Only the names matter: libbpf
 * relocates every enumerator used with bpf_core_enum_value() and every
 * field of a preserve_access_index struct against the running kernel's
 * BTF, whose numbers and offsets differ between kernel versions.
 */
#ifndef LOCKDOWN_KERNEL_TYPES_H
#define LOCKDOWN_KERNEL_TYPES_H

enum lockdown_reason {
	LOCKDOWN_NONE,
	LOCKDOWN_INTEGRITY_MAX,
	LOCKDOWN_CONFIDENTIALITY_MAX,
};

#define __kernel_struct __attribute__((preserve_access_index))

struct super_block {
	__u32 s_dev;
	unsigned long s_magic;
	struct dentry *s_root;
} __kernel_struct;

struct inode {
	unsigned long i_ino;
	struct super_block *i_sb;
} __kernel_struct;

struct qstr {
	__u32 len;
} __kernel_struct;

/* The short name inline in a dentry: d_iname before Linux 6.14,
 * d_shortname.string since. */
union shortname_store {
	unsigned char string[32];
} __kernel_struct;

/* Linux 7.x made the dentry flags an enum (and renumbered them). */
enum dentry_flags {
	DCACHE_MOUNTED = 1,
};

struct dentry {
	unsigned int d_flags;
	struct dentry *d_parent;
	struct inode *d_inode; /* followed by the inline short name */
	struct super_block *d_sb;
	struct qstr d_name;
	union shortname_store d_shortname;
} __kernel_struct;

struct dentry___old {
	unsigned char d_iname[32];
} __attribute__((preserve_access_index));

struct vfsmount {
	struct dentry *mnt_root;
	struct super_block *mnt_sb;
	int mnt_flags;
} __kernel_struct;

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
} __kernel_struct;

struct bpf_map {
	__u32 id;
} __kernel_struct;

struct bpf_prog;

struct bpf_prog_aux {
	__u32 id;
	__u32 attach_btf_id;
	struct bpf_prog *dst_prog;
	struct bpf_prog *prog;
} __kernel_struct;

struct bpf_prog {
	enum bpf_prog_type type;
	enum bpf_attach_type expected_attach_type;
	struct bpf_prog_aux *aux;
} __kernel_struct;

struct bpf_link {
	__u32 id;
	struct bpf_prog *prog;
} __kernel_struct;

struct seq_file;

struct bpf_iter_meta {
	struct seq_file *seq;
	__u64 seq_num; /* the object's number in the list, from 0 */
} __kernel_struct;

/* The contexts of the iterators over every program and every link. */
struct bpf_iter__bpf_prog {
	struct bpf_iter_meta *meta;
	struct bpf_prog *prog;
} __kernel_struct;

struct bpf_iter__bpf_link {
	struct bpf_iter_meta *meta;
	struct bpf_link *link;
} __kernel_struct;

struct bpf_token;

struct file {
	struct inode *f_inode;
	unsigned int f_mode;
	struct path f_path;
} __kernel_struct;

struct mm_struct {
	struct file *exe_file;
} __kernel_struct;

struct ns_common {
	unsigned int inum;
} __kernel_struct;

struct mnt_namespace;

struct mount {
	struct vfsmount mnt;
	struct mount *mnt_master; /* a slave receives propagation from it */
	struct mnt_namespace *mnt_ns;
} __kernel_struct;

/* Since Linux 6.15 or so, propagation flags (T_SHARED) live in struct
 * mount, no longer MNT_SHARED in struct vfsmount. */
struct mount___t_flags {
	int mnt_t_flags;
} __attribute__((preserve_access_index));

struct mnt_namespace {
	struct ns_common ns;
	struct mount *root;
} __kernel_struct;

struct nsproxy {
	struct mnt_namespace *mnt_ns;
} __kernel_struct;

struct fs_struct {
	struct path root;
} __kernel_struct;

struct kernfs_node {
	__u64 id;
	struct kernfs_node *parent;
	unsigned int hash; /* kernfs_name_hash() of its name */
} __kernel_struct;

/* Linux 6.15 and later: the parent is RCU-protected, renamed __parent. */
struct kernfs_node___rcu {
	struct kernfs_node *__parent;
} __kernel_struct;

struct cgroup;

struct cgroup_subsys_state {
	struct cgroup *cgroup;
	struct cgroup_subsys_state *parent;
} __kernel_struct;

struct cgroup {
	struct cgroup_subsys_state self;
	int level;
	struct kernfs_node *kn;
} __kernel_struct;

struct css_set {
	struct cgroup *dfl_cgrp;
} __kernel_struct;

/* Only compared with NULL: whether a task has task storage at all. */
struct bpf_local_storage;

struct task_struct {
	struct mm_struct *mm;
	struct nsproxy *nsproxy;
	struct fs_struct *fs;
	struct bpf_local_storage *bpf_storage;
	struct css_set *cgroups;
} __kernel_struct;

/* A type that came with Linux 6.2, like the bpf_task_storage_get() for
 * LSM programs that never gives up on a busy lock (see task_scope()). */
struct bpf_list_head___since_6_2 {
	__u64 unused;
} __kernel_struct;

#endif
