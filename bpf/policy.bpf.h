/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy program, part of lockdown.bpf.c: the one writer of the policy
 * (level, mode, per-reason actions, cgroup scopes) and, besides
 * raise_level, of the enforced level. Once the policy refuses anything, a
 * new policy must be at least as strict in every component; it is checked
 * whole before anything is written, so an apply takes effect entirely or
 * not at all.
 *
 * One run at a time holds the policy (a try-lock in the state: a run that
 * finds it held returns -EBUSY; a BPF program always runs to its end, so
 * the lock is always released). The hook sees a change as one: the new
 * policy is written into the slot not in use, and only then does @seq
 * name it (see struct lockdown_state).
 *
 * The verifier allows only constant offsets into a program's context, so
 * every loop over the argument is unrolled.
 */
#ifndef LOCKDOWN_POLICY_H
#define LOCKDOWN_POLICY_H

static __always_inline __u32 confidentiality_max(void)
{
	return bpf_core_enum_value(enum lockdown_reason,
				   LOCKDOWN_CONFIDENTIALITY_MAX);
}

/* Anything of the policy in force refusing (lockdown_enforcing). */
static __always_inline bool enforcing(struct lockdown_state *st,
				      struct lockdown_policy_slot *p)
{
	return lockdown_enforcing(st->scope_count, p);
}

static __always_inline int validate(struct lockdown_policy_args *a)
{
	__u32 n = a->scope_count, level;
	bool bad = a->level > LOCKDOWN_LEVEL_MAX ||
		   a->enforced > LOCKDOWN_LEVEL_MAX ||
		   a->mode > LOCKDOWN_MODE_MAX || n > LOCKDOWN_MAX_SCOPES;

#pragma unroll
	for (int i = 0; i < LOCKDOWN_MAX_REASONS; i++)
		bad |= a->actions[i] > LOCKDOWN_ACTION_MAX;
#pragma unroll
	for (int i = 0; i < LOCKDOWN_MAX_SCOPES; i++) {
		level = a->scopes[i].level;
		if (i < n)
			bad |= !a->scopes[i].cgroup_id ||
			       level == LOCKDOWN_LEVEL_NONE ||
			       level > LOCKDOWN_LEVEL_MAX;
	}
	return bad ? -EINVAL : 0;
}

/* Which components of @a are weaker than the policy in force @cur; also
 * how many of @a's scopes are new, in @added. */
static __always_inline __u32 weakened(struct lockdown_state *st,
				      struct lockdown_policy_slot *cur,
				      struct lockdown_policy_args *a,
				      __u32 *added)
{
	__u32 cmax = confidentiality_max(), weaker = 0, n = a->scope_count;
	__u32 next;
	struct scope_entry *old;
	__u64 id;

	*added = 0;
#pragma unroll
	for (int i = 0; i < LOCKDOWN_MAX_SCOPES; i++) {
		id = a->scopes[i].cgroup_id;
		old = i < n ? bpf_map_lookup_elem(&scope_levels, &id) : NULL;
		if (i < n && !old)
			(*added)++;
		if (old && old->level > a->scopes[i].level)
			weaker |= LOCKDOWN_WEAKER_SCOPE;
	}
	if (!enforcing(st, cur))
		return 0;
	if (lockdown_level_weakens(cur->level, a->level))
		weaker |= LOCKDOWN_WEAKER_LEVEL;
	if (lockdown_mode_weakens(cur->mode, a->mode))
		weaker |= LOCKDOWN_WEAKER_MODE;
		/* The new policy's action first: the order the verifier was
	 * measured with (see effective()). */
#pragma unroll
	for (__u32 r = 0; r < LOCKDOWN_MAX_REASONS; r++) {
		if (r >= cmax)
			continue;
		next = effective(r, a->level, a->actions[r]);
		if (lockdown_action_weakens(
			    effective(r, cur->level, cur->actions[r]), next))
			weaker |= LOCKDOWN_WEAKER_ACTION;
	}
	return weaker;
}

/* Adds the new scopes of @a; on failure removes them again. */
static __always_inline int add_scopes(struct lockdown_state *st,
				      struct lockdown_policy_args *a)
{
	__u32 first = st->scope_count, n = first, count = a->scope_count;
	struct lockdown_scope *slot;
	struct scope_entry entry;
	__u64 id;
	int err = 0;

#pragma unroll
	for (int i = 0; i < LOCKDOWN_MAX_SCOPES; i++) {
		id = a->scopes[i].cgroup_id;
		entry.level = a->scopes[i].level;
		if (err || i >= count ||
		    bpf_map_lookup_elem(&scope_levels, &id))
			continue;
		slot = bpf_map_lookup_elem(&scope_list, &n);
		entry.index = n;
		if (slot && !bpf_map_update_elem(&scope_levels, &id, &entry,
						 BPF_NOEXIST)) {
			slot->cgroup_id = id;
			slot->level = entry.level;
			n++;
		} else {
			err = -ENOSPC;
		}
	}
	if (!err) {
		st->scope_count = n;
		return 0;
	}
	for (__u32 j = 0, i; j < LOCKDOWN_MAX_SCOPES; j++) {
		i = first + j;
		if (i >= n)
			break;
		slot = bpf_map_lookup_elem(&scope_list, &i);
		if (slot)
			bpf_map_delete_elem(&scope_levels, &slot->cgroup_id);
	}
	return err;
}

/* Raises the scopes of @a that were already there. */
static __always_inline void raise_scopes(struct lockdown_policy_args *a)
{
	__u32 n = a->scope_count, level, index;
	struct lockdown_scope *slot;
	struct scope_entry *old;
	__u64 id;

#pragma unroll
	for (int i = 0; i < LOCKDOWN_MAX_SCOPES; i++) {
		id = a->scopes[i].cgroup_id;
		level = a->scopes[i].level;
		old = i < n ? bpf_map_lookup_elem(&scope_levels, &id) : NULL;
		if (old && old->level < level) {
			old->level = level;
			index = old->index;
			slot = bpf_map_lookup_elem(&scope_list, &index);
			if (slot)
				slot->level = level;
		}
	}
}

/* Copies of the actions, 8 at a time (offsets 8-aligned on both sides). */
#define COPY_ACTIONS(dst, src)                                              \
	do {                                                                \
		_Pragma("unroll") for (int i = 0;                           \
				       i < LOCKDOWN_MAX_REASONS / 8; i++) * \
			(__u64 *)&(dst)[i * 8] = *(__u64 *)&(src)[i * 8];   \
	} while (0)

/* With the policy held. */
static __always_inline int apply(struct lockdown_state *st,
				 struct lockdown_policy_args *a)
{
	__u32 seq = st->seq, added;
	struct lockdown_policy_slot *cur = &st->slots[seq & 1],
				    *next = &st->slots[(seq + 1) & 1];
	int err;

	a->weakened = weakened(st, cur, a, &added);
	if (a->weakened)
		return -EPERM;
	if (st->scope_count + added > LOCKDOWN_MAX_SCOPES)
		return -ENOSPC;
	err = add_scopes(st, a);
	if (err)
		return err;
	raise_scopes(a);
	/* Only adds refusals: stricter than the old policy and the new. */
	if (raise_enforced(st, a->enforced) < 0)
		return -EAGAIN; /* cannot happen: it has three values */
	/* The hook reads slots[seq & 1] only: this one is not in use. */
	next->level = a->level;
	next->mode = a->mode;
	COPY_ACTIONS(next->actions, a->actions);
	__sync_fetch_and_add(&st->seq, 1);
	st->abi_version = LOCKDOWN_ABI_VERSION;
	return 0;
}

/* The policy in force into @a, with the policy held; returns how many
 * scopes it has. */
static __always_inline __u32 read_back(struct lockdown_state *st,
				       struct lockdown_policy_args *a)
{
	struct lockdown_policy_slot *cur = &st->slots[st->seq & 1];
	__u32 n = st->scope_count;

	a->enforced = st->enforced;
	a->level = cur->level;
	a->mode = cur->mode;
	COPY_ACTIONS(a->actions, cur->actions);
	a->scope_count = n < LOCKDOWN_MAX_SCOPES ? n : LOCKDOWN_MAX_SCOPES;
	return n;
}

/* The first @n scopes into @a. Needs no lock: a scope listed is never
 * removed, only ever raised. */
static __always_inline void read_scopes(struct lockdown_policy_args *a, __u32 n)
{
	struct lockdown_scope *slot;
	__u32 key;

#pragma unroll
	for (__u32 i = 0; i < LOCKDOWN_MAX_SCOPES; i++) {
		key = i;
		slot = i < n ? bpf_map_lookup_elem(&scope_list, &key) : NULL;
		a->scopes[i].cgroup_id = slot ? slot->cgroup_id : 0;
		a->scopes[i].level = slot ? slot->level : 0;
		a->scopes[i].pad = 0;
	}
}

SEC("syscall")
int policy(struct lockdown_policy_args *a)
{
	struct lockdown_state *st;
	__u32 zero = 0, n;
	int err = 0;

	st = bpf_map_lookup_elem(&state, &zero);
	if (!st)
		return -EINVAL;
	a->weakened = 0;
	if (a->op == LOCKDOWN_POLICY_APPLY)
		err = validate(a);
	else if (a->op != LOCKDOWN_POLICY_READ)
		err = -EINVAL;
	if (__sync_val_compare_and_swap(&st->writer, 0, 1) != 0)
		return -EBUSY;
	if (!err && a->op == LOCKDOWN_POLICY_APPLY)
		err = apply(st, a);
	n = read_back(st, a);
	/* An exchange: a full barrier, the writes above come first. */
	__sync_lock_test_and_set(&st->writer, 0);
	read_scopes(a, n);
	return err;
}

#endif
