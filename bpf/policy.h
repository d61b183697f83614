/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy program, part of lockdown.bpf.c: the one writer of the policy
 * (level, mode, per-reason actions, cgroup scopes) besides raise_level.
 * Once anything enforces, a new policy must be at least as strict in every
 * component; it is checked whole before anything is written, so an apply
 * takes effect entirely or not at all.
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

/* Anything refusing: enforce mode with something denied, or a scope. */
static __always_inline bool enforcing(struct lockdown_state *st)
{
	if (st->scope_count)
		return true;
	if (st->mode != LOCKDOWN_MODE_ENFORCE)
		return false;
	if (st->level > LOCKDOWN_LEVEL_NONE)
		return true;
	for (int i = 0; i < LOCKDOWN_MAX_REASONS; i++) {
		if (st->actions[i] == LOCKDOWN_ACTION_DENY)
			return true;
	}
	return false;
}

static __always_inline int validate(struct lockdown_policy_args *a)
{
	__u32 n = a->scope_count, level;
	bool bad = a->level > LOCKDOWN_LEVEL_MAX ||
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

/* Which components of @a are weaker than @st; also how many of @a's
 * scopes are new, in @added. */
static __always_inline __u32 weakened(struct lockdown_state *st,
				      struct lockdown_policy_args *a,
				      __u32 *added)
{
	__u32 cmax = confidentiality_max(), weaker = 0, n = a->scope_count;
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
	if (!enforcing(st))
		return 0;
	if (a->level < st->level)
		weaker |= LOCKDOWN_WEAKER_LEVEL;
	if (st->mode == LOCKDOWN_MODE_ENFORCE &&
	    a->mode != LOCKDOWN_MODE_ENFORCE)
		weaker |= LOCKDOWN_WEAKER_MODE;
#pragma unroll
	for (__u32 r = 0; r < LOCKDOWN_MAX_REASONS; r++) {
		if (r < cmax && effective(r, a->level, a->actions[r]) <
					effective(r, st->level, st->actions[r]))
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

static __always_inline int apply(struct lockdown_state *st,
				 struct lockdown_policy_args *a)
{
	__u32 added;
	int err;

	err = validate(a);
	if (err)
		return err;
	a->weakened = weakened(st, a, &added);
	if (a->weakened)
		return -EPERM;
	if (st->scope_count + added > LOCKDOWN_MAX_SCOPES)
		return -ENOSPC;
	err = add_scopes(st, a);
	if (err)
		return err;
	raise_scopes(a);
	/* Entering audit mode goes first and leaving it last, so that no
	 * moment is stricter or looser than both policies. */
	if (a->mode == LOCKDOWN_MODE_AUDIT)
		st->mode = a->mode;
#pragma unroll
	for (int i = 0; i < LOCKDOWN_MAX_REASONS; i++)
		st->actions[i] = a->actions[i];
	st->level = a->level;
	st->mode = a->mode;
	st->abi_version = LOCKDOWN_ABI_VERSION;
	return 0;
}

static __always_inline void read_back(struct lockdown_state *st,
				      struct lockdown_policy_args *a)
{
	__u32 n = st->scope_count, key;
	struct lockdown_scope *slot;

	a->level = st->level;
	a->mode = st->mode;
#pragma unroll
	for (int i = 0; i < LOCKDOWN_MAX_REASONS; i++)
		a->actions[i] = st->actions[i];
	a->scope_count = n < LOCKDOWN_MAX_SCOPES ? n : LOCKDOWN_MAX_SCOPES;
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
	__u32 zero = 0;
	int err = 0;

	st = bpf_map_lookup_elem(&state, &zero);
	if (!st)
		return -EINVAL;
	a->weakened = 0;
	if (a->op == LOCKDOWN_POLICY_APPLY)
		err = apply(st, a);
	else if (a->op != LOCKDOWN_POLICY_READ)
		err = -EINVAL;
	read_back(st, a);
	return err;
}

#endif
