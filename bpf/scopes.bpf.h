/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Process scopes, part of lockdown.bpf.c: `lockdownctl run` asks, through
 * a prctl() nobody else answers, that its task be locked down at least at
 * a level; every task it creates inherits that, whatever it execs, setuid
 * binaries included, and wherever it moves. Nothing lowers it.
 */
#ifndef LOCKDOWN_SCOPES_H
#define LOCKDOWN_SCOPES_H

SEC("lsm/task_prctl")
int BPF_PROG(scope_prctl, int option, unsigned long arg2, unsigned long arg3,
	     unsigned long arg4, unsigned long arg5)
{
	__u32 *level;

	if (option == LOCKDOWN_PRCTL_OURS && arg3 == LOCKDOWN_PRCTL_MAGIC2)
		return answer_ours(arg2, arg4);
	/* -ENOSYS: not ours, the kernel goes on to its own prctl options. */
	if (option != LOCKDOWN_PRCTL_SCOPE || arg3 != LOCKDOWN_PRCTL_MAGIC2)
		return -ENOSYS;
	if (arg2 == LOCKDOWN_LEVEL_NONE || arg2 > LOCKDOWN_LEVEL_MAX || arg4 ||
	    arg5)
		return -EINVAL;
	level = bpf_task_storage_get(&task_scopes, bpf_get_current_task_btf(),
				     0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!level)
		return -ENOMEM;
	if (*level < arg2)
		*level = arg2;
	return -LOCKDOWN_PRCTL_TAKEN;
}

SEC("lsm/task_alloc")
int BPF_PROG(scope_task_alloc, struct task_struct *task,
	     unsigned long clone_flags)
{
	struct task_struct *parent = bpf_get_current_task_btf();
	int busy = task_storage_busy();
	__u32 *mine, *child, level;

	mine = bpf_task_storage_get(&task_scopes, parent, 0, 0);
	if (!mine) {
		/* 6.1, a busy lock: the parent may be scoped, and a child
		 * created unscoped would stay so. Failing the fork is better
		 * than a child out of scope. */
		return scope_lookup_unanswered(parent, busy) ? -EAGAIN : 0;
	}
	level = *mine;
	if (!level)
		return 0;
	child = bpf_task_storage_get(&task_scopes, task, 0,
				     BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!child)
		return -ENOMEM;
	*child = level;
	return 0;
}

#endif
