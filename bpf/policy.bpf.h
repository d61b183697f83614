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
 * the run copies the argument into a map value (policy_args) and loops
 * over that with bpf_loop().
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

/*
 * The argument, copied whole into this map's one value by a run that holds
 * the policy, and used only until that run lets the policy go: the loops
 * below index it with variables, which the verifier allows into a map
 * value but not into the context (where each loop would be unrolled, and
 * each "i < count" leave a path of the verifier per count). Not per CPU:
 * on kernels where BPF programs are preemptible (7.2), another task on the
 * same CPU could overwrite a per-CPU copy in the middle of a run; the
 * try-lock lets only one run at a time on any CPU past it, and a run that
 * finds it held returns before touching the copy. Read-only from
 * userspace, and hidden by the guard like the state.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_RDONLY);
	__type(key, __u32);
	__type(value, struct lockdown_policy_args);
} policy_args SEC(".maps");

#define SCOPES_AT __builtin_offsetof(struct lockdown_policy_args, scopes)
#define ARGS_WORDS (sizeof(struct lockdown_policy_args) / 8)
#define SCOPES_OFFSET (SCOPES_AT / 8)
_Static_assert(sizeof(struct lockdown_policy_args) % 8 == 0 &&
		       SCOPES_AT % 8 == 0,
	       "copied 8 bytes at a time");

/* What the loops share (a bpf_loop() callback gets it on the stack). */
struct policy_loop {
	struct lockdown_policy_args *c; /* the copy */
	struct lockdown_policy_slot *cur; /* the policy in force */
	__u32 n; /* read_scopes(): scopes in force */
	__u32 added; /* weakened(): scopes of @c that are new */
	__u32 weaker; /* weakened(): enum lockdown_weakened bits */
	__u32 bad; /* validate() */
	__u32 first; /* add_scopes(): scope_count before */
	__u32 next; /* add_scopes(): scope_count after */
	int err; /* add_scopes() */
};

static long check_scope(__u32 i, void *arg)
{
	struct policy_loop *l = arg;
	__u32 level;

	if (i >= LOCKDOWN_MAX_SCOPES)
		return 1;
	level = l->c->scopes[i].level;
	if (!l->c->scopes[i].cgroup_id || level == LOCKDOWN_LEVEL_NONE ||
	    level > LOCKDOWN_LEVEL_MAX)
		l->bad = 1;
	return 0;
}

static __always_inline int validate(struct lockdown_policy_args *c)
{
	struct policy_loop l = { .c = c };
	bool bad = c->level > LOCKDOWN_LEVEL_MAX ||
		   c->enforced > LOCKDOWN_LEVEL_MAX ||
		   c->mode > LOCKDOWN_MODE_MAX ||
		   c->scope_count > LOCKDOWN_MAX_SCOPES;

#pragma unroll
	for (int i = 0; i < LOCKDOWN_MAX_REASONS; i++)
		bad |= c->actions[i] > LOCKDOWN_ACTION_MAX;
	if (bad)
		return -EINVAL;
	bpf_loop(c->scope_count, check_scope, &l, 0);
	return l.bad ? -EINVAL : 0;
}

static long weaker_scope(__u32 i, void *arg)
{
	struct policy_loop *l = arg;
	struct scope_entry *old;
	__u64 id;

	if (i >= LOCKDOWN_MAX_SCOPES)
		return 1;
	id = l->c->scopes[i].cgroup_id;
	old = bpf_map_lookup_elem(&scope_levels, &id);
	if (!old)
		l->added++;
	else if (old->level > l->c->scopes[i].level)
		l->weaker |= LOCKDOWN_WEAKER_SCOPE;
	return 0;
}

static long weaker_action(__u32 r, void *arg)
{
	struct policy_loop *l = arg;
	__u32 next;

	if (r >= LOCKDOWN_MAX_REASONS)
		return 1;
	/* The new policy's action first: the order the verifier was
	 * measured with (see effective()). */
	next = effective(r, l->c->level, l->c->actions[r]);
	if (lockdown_action_weakens(
		    effective(r, l->cur->level, l->cur->actions[r]), next))
		l->weaker |= LOCKDOWN_WEAKER_ACTION;
	return 0;
}

/* Which components of @c are weaker than the policy in force @cur; also
 * how many of @c's scopes are new, in @added. */
static __always_inline __u32 weakened(struct lockdown_state *st,
				      struct lockdown_policy_slot *cur,
				      struct lockdown_policy_args *c,
				      __u32 *added)
{
	struct policy_loop l = { .c = c, .cur = cur };
	__u32 cmax = confidentiality_max();

	bpf_loop(c->scope_count, weaker_scope, &l, 0);
	*added = l.added;
	if (!enforcing(st, cur))
		return 0;
	if (lockdown_level_weakens(cur->level, c->level))
		l.weaker |= LOCKDOWN_WEAKER_LEVEL;
	if (lockdown_mode_weakens(cur->mode, c->mode))
		l.weaker |= LOCKDOWN_WEAKER_MODE;
	bpf_loop(cmax < LOCKDOWN_MAX_REASONS ? cmax : LOCKDOWN_MAX_REASONS,
		 weaker_action, &l, 0);
	return l.weaker;
}

static long add_scope(__u32 i, void *arg)
{
	struct policy_loop *l = arg;
	struct lockdown_scope *slot;
	struct scope_entry entry;
	__u32 n = l->next;
	__u64 id;

	if (i >= LOCKDOWN_MAX_SCOPES)
		return 1;
	id = l->c->scopes[i].cgroup_id;
	if (bpf_map_lookup_elem(&scope_levels, &id))
		return 0;
	entry.level = l->c->scopes[i].level;
	entry.index = n;
	slot = bpf_map_lookup_elem(&scope_list, &n);
	if (!slot ||
	    bpf_map_update_elem(&scope_levels, &id, &entry, BPF_NOEXIST)) {
		l->err = -ENOSPC;
		return 1;
	}
	slot->cgroup_id = id;
	slot->level = entry.level;
	l->next = n + 1;
	return 0;
}

static long remove_scope(__u32 j, void *arg)
{
	struct policy_loop *l = arg;
	struct lockdown_scope *slot;
	__u32 i = l->first + j;

	if (i >= l->next)
		return 1;
	slot = bpf_map_lookup_elem(&scope_list, &i);
	if (slot)
		bpf_map_delete_elem(&scope_levels, &slot->cgroup_id);
	return 0;
}

/* Adds the new scopes of @c; on failure removes them again. */
static __always_inline int add_scopes(struct lockdown_state *st,
				      struct lockdown_policy_args *c)
{
	struct policy_loop l = { .c = c };

	l.first = l.next = st->scope_count;
	bpf_loop(c->scope_count, add_scope, &l, 0);
	if (!l.err) {
		st->scope_count = l.next;
		return 0;
	}
	bpf_loop(LOCKDOWN_MAX_SCOPES, remove_scope, &l, 0);
	return l.err;
}

static long raise_scope(__u32 i, void *arg)
{
	struct policy_loop *l = arg;
	struct lockdown_scope *slot;
	struct scope_entry *old;
	__u32 level, index;
	__u64 id;

	if (i >= LOCKDOWN_MAX_SCOPES)
		return 1;
	id = l->c->scopes[i].cgroup_id;
	level = l->c->scopes[i].level;
	old = bpf_map_lookup_elem(&scope_levels, &id);
	if (old && old->level < level) {
		old->level = level;
		index = old->index;
		slot = bpf_map_lookup_elem(&scope_list, &index);
		if (slot)
			slot->level = level;
	}
	return 0;
}

/* Raises the scopes of @c that were already there. */
static __always_inline void raise_scopes(struct lockdown_policy_args *c)
{
	struct policy_loop l = { .c = c };

	bpf_loop(c->scope_count, raise_scope, &l, 0);
}

/* Copies of the actions, 8 at a time (offsets 8-aligned on both sides). */
#define COPY_ACTIONS(dst, src)                                              \
	do {                                                                \
		_Pragma("unroll") for (int i = 0;                           \
				       i < LOCKDOWN_MAX_REASONS / 8; i++) * \
			(__u64 *)&(dst)[i * 8] = *(__u64 *)&(src)[i * 8];   \
	} while (0)

/* With the policy held, on its copy @c. */
static __always_inline int apply(struct lockdown_state *st,
				 struct lockdown_policy_args *c)
{
	__u32 seq = st->seq, added;
	struct lockdown_policy_slot *cur = &st->slots[seq & 1],
				    *next = &st->slots[(seq + 1) & 1];
	int err;

	c->weakened = weakened(st, cur, c, &added);
	if (c->weakened)
		return -EPERM;
	if (st->scope_count + added > LOCKDOWN_MAX_SCOPES)
		return -ENOSPC;
	err = add_scopes(st, c);
	if (err)
		return err;
	raise_scopes(c);
	/* Only adds refusals: stricter than the old policy and the new. */
	if (raise_enforced(st, c->enforced) < 0)
		return -EAGAIN; /* cannot happen: it has three values */
	/* The hook reads slots[seq & 1] only: this one is not in use. */
	next->level = c->level;
	next->mode = c->mode;
	COPY_ACTIONS(next->actions, c->actions);
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

static long read_scope(__u32 i, void *arg)
{
	struct policy_loop *l = arg;
	struct lockdown_scope *slot;
	__u32 key = i;

	if (i >= LOCKDOWN_MAX_SCOPES)
		return 1;
	slot = i < l->n ? bpf_map_lookup_elem(&scope_list, &key) : NULL;
	l->c->scopes[i].cgroup_id = slot ? slot->cgroup_id : 0;
	l->c->scopes[i].level = slot ? slot->level : 0;
	l->c->scopes[i].pad = 0;
	return 0;
}

/* The first @n scopes into the copy @c, then all of them into @a. */
static __always_inline void read_scopes(struct lockdown_policy_args *a,
					struct lockdown_policy_args *c, __u32 n)
{
	struct policy_loop l = { .c = c, .n = n };
	__u64 *from = (__u64 *)c, *to = (__u64 *)a;

	bpf_loop(LOCKDOWN_MAX_SCOPES, read_scope, &l, 0);
#pragma unroll
	for (int i = SCOPES_OFFSET; i < ARGS_WORDS; i++)
		to[i] = from[i];
}

SEC("syscall")
int policy(struct lockdown_policy_args *a)
{
	struct lockdown_policy_args *c;
	struct lockdown_state *st;
	__u64 *from, *to;
	__u32 zero = 0, n, op;
	int err = 0;

	st = bpf_map_lookup_elem(&state, &zero);
	c = bpf_map_lookup_elem(&policy_args, &zero);
	if (!st || !c)
		return -EINVAL;
	op = a->op;
	a->weakened = 0;
	if (op != LOCKDOWN_POLICY_APPLY && op != LOCKDOWN_POLICY_READ)
		err = -EINVAL;
	if (__sync_val_compare_and_swap(&st->writer, 0, 1) != 0)
		return -EBUSY;
	/* From here to the release, this run alone uses @c. */
	if (!err && op == LOCKDOWN_POLICY_APPLY) {
		from = (__u64 *)a;
		to = (__u64 *)c;
#pragma unroll
		for (int i = 0; i < ARGS_WORDS; i++)
			to[i] = from[i];
		c->weakened = 0;
		err = validate(c);
		if (!err)
			err = apply(st, c);
		a->weakened = c->weakened;
	}
	n = read_back(st, a);
	read_scopes(a, c, n);
	/* An exchange: a full barrier, the writes above come first. */
	__sync_lock_test_and_set(&st->writer, 0);
	return err;
}

#endif
