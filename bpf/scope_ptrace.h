/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scopes against a hold on another task, part of lockdown.bpf.c. ptrace,
 * pidfd_getfd(), process_vm_writev() and /proc/PID/mem all ask
 * ptrace_may_access() for PTRACE_MODE_ATTACH, and so this LSM hook: a
 * scoped task may not take such a hold on a task whose scope is weaker,
 * which would otherwise do for it what its scope refuses. Nor may a task
 * of weaker scope hand itself to a scoped parent with PTRACE_TRACEME.
 * Read-only access (PTRACE_MODE_READ: /proc/PID/maps, environ, fd
 * listing, kcmp) stays: it lets no task act for another.
 */
#ifndef LOCKDOWN_SCOPE_PTRACE_H
#define LOCKDOWN_SCOPE_PTRACE_H

#define PTRACE_MODE_ATTACH 0x02
/* Cgroups walked up from a task's own, before giving up. */
#define SCOPE_WALK_MAX (2 * LOCKDOWN_SCOPE_DEPTH)

/*
 * The strictest cgroup scope over @task's cgroup (on the cgroup v2
 * hierarchy) and its ancestors, the levels cgroup_scope_level() looks at
 * for the current task (1 to LOCKDOWN_SCOPE_DEPTH). No helper gives
 * another task's ancestors on 6.1: walk up through the parents, by BTF.
 * A cgroup too deep to walk to its top gives @unknown (or what was found
 * on the way, if stricter).
 */
static __always_inline __u32 task_cgroup_scope(struct task_struct *task,
					       __u32 unknown)
{
	__u64 mine = bpf_get_current_cgroup_id();
	__u32 mine_scope = cgroup_scope_level();
	struct cgroup_subsys_state *parent;
	struct scope_entry *s;
	struct kernfs_node *kn;
	struct css_set *cset;
	struct cgroup *cgrp;
	__u32 best = 0;
	int level;
	__u64 id;

	cset = task->cgroups;
	if (!cset)
		return unknown;
	cgrp = cset->dfl_cgrp;
	for (int i = 0; i < SCOPE_WALK_MAX; i++) {
		if (!cgrp)
			return best;
		level = cgrp->level;
		if (level <= 0)
			return best;
		kn = cgrp->kn;
		if (kn && level <= LOCKDOWN_SCOPE_DEPTH) {
			id = kn->id;
			s = bpf_map_lookup_elem(&scope_levels, &id);
			if (s && s->level > best)
				best = s->level;
			/* In the current task's cgroup or below it: at least
			 * its cgroup scope, those written as paths included
			 * (walking another task's path is beyond 6.1's
			 * verifier here). */
			if (id == mine && mine_scope > best)
				best = mine_scope;
		}
		parent = cgrp->self.parent;
		if (!parent)
			return best;
		cgrp = parent->cgroup;
	}
	return best > unknown ? best : unknown;
}

/* The scope of @task: its process scope or its cgroup's, the stricter. */
static __always_inline __u32 task_effective_scope(struct task_struct *task,
						  __u32 unknown)
{
	struct lockdown_state *st;
	__u32 zero = 0, level, cgroup;

	level = task_scope(task, unknown);
	st = bpf_map_lookup_elem(&state, &zero);
	if (!st || !st->scope_count)
		return level;
	cgroup = task_cgroup_scope(task, unknown);
	return cgroup > level ? cgroup : level;
}

/* The current task's scope, decided strictly when it cannot be told. */
static __always_inline __u32 current_effective_scope(void)
{
	struct lockdown_state *st;
	__u32 zero = 0, level, cgroup;

	level = process_scope_level();
	st = bpf_map_lookup_elem(&state, &zero);
	if (!st || !st->scope_count)
		return level;
	cgroup = cgroup_scope_level();
	return cgroup > level ? cgroup : level;
}

SEC("lsm/ptrace_access_check")
int BPF_PROG(scope_ptrace_access, struct task_struct *child, unsigned int mode)
{
	__u32 mine;

	if (!(mode & PTRACE_MODE_ATTACH))
		return 0;
	mine = current_effective_scope();
	if (!mine || task_effective_scope(child, 0) >= mine)
		return 0;
	refused(LOCKDOWN_ROUTE_SCOPE_PTRACE);
	return -EPERM;
}

/* The current task asks to be traced by @parent. */
SEC("lsm/ptrace_traceme")
int BPF_PROG(scope_ptrace_traceme, struct task_struct *parent)
{
	__u32 theirs;

	theirs = task_effective_scope(parent, LOCKDOWN_LEVEL_MAX);
	if (!theirs)
		return 0;
	if (task_effective_scope(bpf_get_current_task_btf(), 0) >= theirs)
		return 0;
	refused(LOCKDOWN_ROUTE_SCOPE_PTRACE);
	return -EPERM;
}

#endif
