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

struct dentry {
	struct inode *d_inode;
	struct super_block *d_sb;
} __kernel_struct;

struct vfsmount {
	struct dentry *mnt_root;
	struct super_block *mnt_sb;
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
	struct bpf_prog *dst_prog;
} __kernel_struct;

struct bpf_prog {
	struct bpf_prog_aux *aux;
} __kernel_struct;

struct bpf_token;

struct file {
	struct inode *f_inode;
} __kernel_struct;

struct mm_struct {
	struct file *exe_file;
} __kernel_struct;

struct kernfs_node {
	struct kernfs_node *parent;
	unsigned int hash; /* kernfs_name_hash() of its name */
} __kernel_struct;

/* Linux 6.15 and later: the parent is RCU-protected, renamed __parent. */
struct kernfs_node___rcu {
	struct kernfs_node *__parent;
} __kernel_struct;

struct cgroup {
	int level;
	struct kernfs_node *kn;
} __kernel_struct;

struct css_set {
	struct cgroup *dfl_cgrp;
} __kernel_struct;

struct task_struct {
	struct mm_struct *mm;
	struct css_set *cgroups;
} __kernel_struct;

#endif
