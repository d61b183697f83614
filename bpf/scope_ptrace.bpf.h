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
 * The cgroup scope of @task, another task than the current one. Scopes
 * written as paths can only be seen for the current task (walking another
 * task's path makes this hook too big for 6.1's verifier), so @task's is
 * known exactly only in the current task's own cgroup (the same scope) or
 * in the root cgroup (none). Otherwise: at least the scopes written as ids
 * on the way up, and the current task's cgroup scope when @task is below
 * it; with @unknown as the floor for what cannot be seen (0 for a target,
 * LOCKDOWN_LEVEL_MAX for a tracer: always the strict side). @mine_scope:
 * the current task's cgroup scope, cgroup_scope_level().
 */
static __always_inline __u32 task_cgroup_scope(struct task_struct *task,
					       __u32 unknown, __u32 mine_scope)
{
	__u64 mine = bpf_get_current_cgroup_id();
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
			break;
		level = cgrp->level;
		if (level <= 0)
			return i ? (best > unknown ? best : unknown) : 0;
		kn = cgrp->kn;
		id = kn ? kn->id : 0;
		if (id && id == mine) {
			if (!i)
				return mine_scope;
			if (mine_scope > best)
				best = mine_scope;
			break;
		}
		if (id && level <= LOCKDOWN_SCOPE_DEPTH) {
			s = bpf_map_lookup_elem(&scope_levels, &id);
			if (s && s->level > best)
				best = s->level;
		}
		parent = cgrp->self.parent;
		if (!parent)
			break;
		cgrp = parent->cgroup;
	}
	return best > unknown ? best : unknown;
}

static __always_inline bool scopes_in_force(void)
{
	struct lockdown_state *st;
	__u32 zero = 0;

	st = bpf_map_lookup_elem(&state, &zero);
	return st && st->scope_count;
}

/* The scope of @task: its process scope or its cgroup's, the stricter.
 * @mine_scope: the current task's cgroup scope. */
static __always_inline __u32 task_effective_scope(struct task_struct *task,
						  __u32 unknown,
						  __u32 mine_scope)
{
	__u32 level, cgroup;

	level = task_scope(task, unknown);
	if (!scopes_in_force())
		return level;
	cgroup = task_cgroup_scope(task, unknown, mine_scope);
	return cgroup > level ? cgroup : level;
}

/* The current task's cgroup scope, once per hook: 0 with no scopes. */
static __always_inline __u32 current_cgroup_scope(void)
{
	return scopes_in_force() ? cgroup_scope_level() : 0;
}

/* The current task's scope, decided strictly when it cannot be told. */
static __always_inline __u32 current_effective_scope(void)
{
	__u32 level = process_scope_level(), cgroup = current_cgroup_scope();

	return cgroup > level ? cgroup : level;
}

SEC("lsm/ptrace_access_check")
int BPF_PROG(scope_ptrace_access, struct task_struct *child, unsigned int mode)
{
	__u32 mine, cgroup;

	if (!(mode & PTRACE_MODE_ATTACH))
		return 0;
	cgroup = current_cgroup_scope();
	mine = process_scope_level();
	mine = cgroup > mine ? cgroup : mine;
	if (!mine || task_effective_scope(child, 0, cgroup) >= mine)
		return 0;
	refused(LOCKDOWN_ROUTE_SCOPE_PTRACE);
	return -EPERM;
}

/*
 * The current task asks to be traced by @parent: refused when @parent's
 * scope is stronger. From 6.2 on the current task's own scope is looked up
 * first: the same decision (theirs > mine, and a scope of 0 is never
 * stronger), and the 7.2 verifier then checks 10,226 instructions instead
 * of 122,829 (1.2 s of the first `set`; with the lookup after the walk of
 * task_cgroup_scope(), it walked that loop again for each way into it).
 * On 6.1 a task storage lookup holds a per-CPU busy count that makes
 * another task's lookup fail (task_storage_busy()): there the current
 * task's is looked up only when @parent has a scope, as before.
 */
SEC("lsm/ptrace_traceme")
int BPF_PROG(scope_ptrace_traceme, struct task_struct *parent)
{
	__u32 theirs, mine, cgroup;

	cgroup = current_cgroup_scope();
	if (bpf_core_type_exists(struct bpf_list_head___since_6_2)) {
		mine = process_scope_level();
		mine = cgroup > mine ? cgroup : mine;
		theirs = task_effective_scope(parent, LOCKDOWN_LEVEL_MAX,
					      cgroup);
	} else {
		theirs = task_effective_scope(parent, LOCKDOWN_LEVEL_MAX,
					      cgroup);
		if (!theirs)
			return 0;
		mine = process_scope_level();
		mine = cgroup > mine ? cgroup : mine;
	}
	if (mine >= theirs)
		return 0;
	refused(LOCKDOWN_ROUTE_SCOPE_PTRACE);
	return -EPERM;
}

#endif
