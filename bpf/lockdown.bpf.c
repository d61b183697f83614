// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel lockdown as a BPF LSM: answers security_locked_down() with exactly
 * the rule of security/lockdown/lockdown.c, "refuse when what <= level",
 * where level is the kernel's own LOCKDOWN_INTEGRITY_MAX or
 * LOCKDOWN_CONFIDENTIALITY_MAX marker, resolved on the running kernel.
 *
 * No bpf_probe_read_kernel*() anywhere: the kernel's own confidentiality
 * level refuses programs that use it, and this one must load there too.
 * The programs that defend all this against root are in self_protect.bpf.h.
 */
#include <stdbool.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "kernel_types.h"
#include "lockdown_abi.h"
#define LOCKDOWN_RULE static __always_inline
#include "lockdown_rules.h"

#define EPERM 1
#define ENOENT 2
#define EAGAIN 11
#define ENOMEM 12
#define EINVAL 22
#define ENOSPC 28
#define ENOSYS 38
#define EBUSY 16

/* A load the compiler neither repeats, merges nor reorders with others. */
#define READ_ONCE(x) (*(volatile typeof(x) *)&(x))

char LICENSE[] SEC("license") = "GPL";

#ifdef LOCKDOWN_BUILD_SALT
/* A build that differs only in its id (make BUILD_SALT=N): the older
 * build of the upgrade test. */
const volatile __u32 build_salt = LOCKDOWN_BUILD_SALT;
#endif

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct lockdown_state);
} state SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, LOCKDOWN_MAX_REASONS);
	__type(key, __u32);
	__type(value, struct lockdown_counters);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct lockdown_event_stats);
} event_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, LOCKDOWN_EVENTS_BYTES);
} events SEC(".maps");

/* Cgroup scopes: the level of each scoped cgroup, for the hook, and the
 * same in a list, to read them back. Only prog_policy writes either. */
struct scope_entry {
	__u32 level;
	__u32 index; /* in scope_list */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, LOCKDOWN_MAX_SCOPES);
	__type(key, __u64);
	__type(value, struct scope_entry);
} scope_levels SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, LOCKDOWN_MAX_SCOPES);
	__type(key, __u32);
	__type(value, struct lockdown_scope);
} scope_list SEC(".maps");

/* Process scopes (lockdownctl run): the level a task asked for itself,
 * inherited by every task it creates. */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u32);
} task_scopes SEC(".maps");

/* Events are identical when their log lines would be: same command,
 * same reason, same action. */
struct burst_key {
	char comm[LOCKDOWN_COMM_LEN];
	__u32 reason;
	__u32 action;
};

struct burst {
	__u64 last_ns;
	__u64 folded;
};

/* Recent denials per (command, reason), to fold bursts. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, struct burst_key);
	__type(value, struct burst);
} bursts SEC(".maps");

/* The highest reason refused at @level: upstream's level markers. */
static __always_inline __u32 level_ceiling(__u32 level)
{
	if (level >= LOCKDOWN_LEVEL_CONFIDENTIALITY)
		return bpf_core_enum_value(enum lockdown_reason,
					   LOCKDOWN_CONFIDENTIALITY_MAX);
	if (level == LOCKDOWN_LEVEL_INTEGRITY)
		return bpf_core_enum_value(enum lockdown_reason,
					   LOCKDOWN_INTEGRITY_MAX);
	return bpf_core_enum_value(enum lockdown_reason, LOCKDOWN_NONE);
}

/*
 * Counters are per CPU but still added atomically: BPF programs run with
 * migration disabled, not preemption, so two tasks on one CPU can
 * interleave a plain increment and lose counts (measured: 0.3% of a
 * 1,000,000-denial storm lost on Debian's 7.2 kernel).
 */
static __always_inline void count(__u32 what, __u32 action)
{
	struct lockdown_counters *c;

	if (what >= LOCKDOWN_MAX_REASONS)
		what = LOCKDOWN_MAX_REASONS - 1;
	c = bpf_map_lookup_elem(&counters, &what);
	if (!c)
		return;
	if (action == LOCKDOWN_ACTION_DENY)
		__sync_fetch_and_add(&c->denied, 1);
	else if (action == LOCKDOWN_ACTION_AUDIT)
		__sync_fetch_and_add(&c->audited, 1);
	else
		__sync_fetch_and_add(&c->allowed, 1);
}

/* Returns how many identical denials were folded before this one, or -1
 * when this one is itself folded into a burst. */
static __always_inline long fold_burst(__u32 what, __u32 action, __u64 now)
{
	struct burst_key key = { .reason = what, .action = action };
	struct burst fresh = { .last_ns = now }, *b;
	__u64 folded;

	bpf_get_current_comm(key.comm, sizeof(key.comm));
	b = bpf_map_lookup_elem(&bursts, &key);
	if (!b) {
		bpf_map_update_elem(&bursts, &key, &fresh, BPF_ANY);
		return 0;
	}
	if (now - b->last_ns < LOCKDOWN_BURST_NS) {
		__sync_fetch_and_add(&b->folded, 1);
		return -1;
	}
	folded = __sync_lock_test_and_set(&b->folded, 0);
	b->last_ns = now;
	return folded;
}

/* Where the task's executable lives, for userspace to name it. */
static __always_inline void current_exe(struct lockdown_event *e)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct mm_struct *mm = task->mm;
	struct inode *inode;
	struct file *exe;

	e->exe_ino = 0;
	e->exe_dev = 0;
	if (!mm)
		return;
	exe = mm->exe_file;
	if (!exe)
		return;
	inode = exe->f_inode;
	if (!inode)
		return;
	e->exe_ino = inode->i_ino;
	e->exe_dev = inode->i_sb->s_dev;
}

static __always_inline void report(__u32 what, __u32 level, __u32 action,
				   __u32 scope, __u32 route)
{
	__u64 id = bpf_get_current_pid_tgid(), now = bpf_ktime_get_ns();
	struct lockdown_event_stats *stats;
	struct lockdown_event *e;
	__u32 zero = 0;
	long folded;

	stats = bpf_map_lookup_elem(&event_stats, &zero);
	if (!stats)
		return;
	folded = fold_burst(what, action, now);
	if (folded < 0) {
		__sync_fetch_and_add(&stats->folded, 1);
		return;
	}
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&stats->dropped, 1);
		return;
	}
	e->ktime_ns = now;
	e->pid = (__u32)id;
	e->tgid = id >> 32;
	e->uid = (__u32)bpf_get_current_uid_gid();
	e->reason = what;
	e->level = level;
	e->folded = folded;
	e->route = route;
	e->action = action;
	e->scope = scope;
	e->cgroup_id = bpf_get_current_cgroup_id();
	current_exe(e);
	e->pad = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
	__sync_fetch_and_add(&stats->reported, 1);
}

/* What the host policy says of @what (lockdown_effective). The override
 * is tested first, so that the level's branches are walked only without
 * one: in prog_policy's loops, when they were unrolled, computing them for
 * every reason made the verifier give up (6.12; 6.1 too with the level
 * precomputed). */
static __always_inline __u32 effective(__u32 what, __u32 level, __u8 action)
{
	if (action != LOCKDOWN_ACTION_LEVEL)
		return action;
	return lockdown_effective(action, what <= level_ceiling(level));
}

/* What the policy of @p says of @what (below LOCKDOWN_MAX_REASONS): allow,
 * audit or deny, in that order of strictness; @level gets its level. */
static __always_inline __u32 slot_decision(struct lockdown_policy_slot *p,
					   __u32 what, __u32 *level)
{
	__u32 action;

	*level = READ_ONCE(p->level);
	action =
		what < LOCKDOWN_MAX_REASONS
			? READ_ONCE(
				  p->actions[what & (LOCKDOWN_MAX_REASONS - 1)])
			: LOCKDOWN_ACTION_LEVEL;
	return lockdown_in_mode(effective(what, *level, action),
				READ_ONCE(p->mode));
}

/* A full barrier on every architecture: BPF atomics with a fetch are
 * fully ordered, plain loads are not. */
static __always_inline __u32 read_seq(struct lockdown_state *st)
{
	return __sync_fetch_and_add(&st->seq, 0);
}

/*
 * The policy in force as one: the slot @seq names is not written while
 * @seq stays (prog_policy writes the other one, then moves @seq). When
 * applies keep moving it, the strictest reading: deny.
 */
static __always_inline __u32 policy_decision(struct lockdown_state *st,
					     __u32 what, __u32 *level)
{
	__u32 seq, action;

	for (int i = 0; i < 3; i++) {
		seq = read_seq(st);
		action = slot_decision(&st->slots[seq & 1], what, level);
		if (read_seq(st) == seq)
			return action;
	}
	*level = LOCKDOWN_LEVEL_MAX;
	return LOCKDOWN_ACTION_DENY;
}

/* A cgroup deeper than this is not walked: it is held at the strictest
 * level instead. */
#define PATH_WALK_MAX 64

/*
 * The walk of path_scope_level(), one bpf_loop() step per depth: walk_step
 * records in hashes[d - 1] the name hash of the node n at depth d of the
 * current task's cgroup, for d up to LOCKDOWN_SCOPE_DEPTH, and moves n to
 * its parent; top keeps the node at depth 1. The parent field is "parent"
 * before Linux 6.15, "__parent" (RCU) since: one step per field, so that
 * the compiler cannot move the other kernel's field offset out of its dead
 * branch. key_step then makes the key of each depth from the root down
 * and looks it up. One NULL check, of top: reading through a NULL BTF
 * pointer gives 0, so a node missing anywhere on the way up leaves every
 * node above it NULL, top included.
 *
 * Shaped for the verifier: one loop storing at hashes[d - 1], checking
 * each node, made 6.1 walk every depth and every NULL apart (590,000
 * instructions per hook); the walk unrolled (skip to depth 16, then one
 * step per depth) made each of the five programs that call it 1,800
 * instructions, 250 ms each to verify and compile on 7.2. bpf_loop()
 * callbacks are checked once (6.1) or until their state stops changing,
 * and the stack they share is the caller's, which no other task touches.
 */
struct path_walk {
	void *n; /* the node at depth d */
	void *top; /* the node at depth 1 */
	int d;
	int level;
	__u32 best;
	__u64 key;
	__u32 hashes[LOCKDOWN_SCOPE_DEPTH];
};

#define WALK_STEP(name, type, PARENT)                                     \
	static long name(__u64 i, void *ctx)                              \
	{                                                                 \
		struct path_walk *w = ctx;                                \
		type *n = w->n;                                           \
		int d = w->d;                                             \
                                                                          \
		if (d <= 0)                                               \
			return 1;                                         \
		if (d == 1)                                               \
			w->top = n;                                       \
		if (d <= LOCKDOWN_SCOPE_DEPTH)                            \
			w->hashes[(d - 1) & (LOCKDOWN_SCOPE_DEPTH - 1)] = \
				((struct kernfs_node *)n)->hash;          \
		w->n = (void *)n->PARENT;                                 \
		w->d = d - 1;                                             \
		return 0;                                                 \
	}

WALK_STEP(walk_step, struct kernfs_node, parent)
WALK_STEP(walk_step_rcu, struct kernfs_node___rcu, __parent)

static long key_step(__u64 i, void *ctx)
{
	struct path_walk *w = ctx;
	struct scope_entry *s;
	__u64 k;

	if (i >= w->level)
		return 1;
	w->key = (w->key ^ w->hashes[i & (LOCKDOWN_SCOPE_DEPTH - 1)]) *
		 LOCKDOWN_PATH_KEY_PRIME;
	k = w->key | LOCKDOWN_SCOPE_PATH_KEY;
	s = bpf_map_lookup_elem(&scope_levels, &k);
	if (s && s->level > w->best)
		w->best = s->level;
	return 0;
}

/*
 * Scopes written as paths (LOCKDOWN_SCOPE_PATH_KEY): the key of the path
 * of the current task's cgroup and of each ancestor down to
 * LOCKDOWN_SCOPE_DEPTH, from the names' hashes in their kernfs nodes, so
 * that a scope holds for its cgroup whenever that comes to exist. A global
 * function, verified once on its own: inlined, its walk multiplied the
 * states of every hook that calls it beyond the verifier's limit. (freplace
 * of it is refused as for every program of ours: self_protect.bpf.h.)
 */
__attribute__((noinline)) __u32 path_scope_level(void)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct path_walk w = {};
	struct kernfs_node *kn = NULL;
	struct css_set *cset;
	struct cgroup *cgrp;
	int level = 0;

	cset = task->cgroups;
	cgrp = cset ? cset->dfl_cgrp : NULL;
	if (!cgrp)
		return 0;
	level = cgrp->level;
	kn = cgrp->kn;
	/* Deeper than the walk goes: the strictest level. */
	if (level < 0 || level > PATH_WALK_MAX)
		return LOCKDOWN_LEVEL_MAX;
	w.n = kn;
	w.top = kn;
	w.d = level;
	if (bpf_core_field_exists(struct kernfs_node___rcu, __parent))
		bpf_loop(PATH_WALK_MAX, walk_step_rcu, &w, 0);
	else
		bpf_loop(PATH_WALK_MAX, walk_step, &w, 0);
	if (!w.top)
		return LOCKDOWN_LEVEL_MAX;
	w.key = LOCKDOWN_PATH_KEY_SEED;
	w.level = level;
	bpf_loop(LOCKDOWN_SCOPE_DEPTH, key_step, &w, 0);
	return w.best;
}

/* The strictest scope over the current task's cgroup and its ancestors,
 * by id (scopes of older builds) and by path. */
static __always_inline __u32 cgroup_scope_level(void)
{
	struct scope_entry *s;
	__u32 best = path_scope_level();
	__u64 id;

	for (int i = 1; i <= LOCKDOWN_SCOPE_DEPTH; i++) {
		id = bpf_get_current_ancestor_cgroup_id(i);
		if (!id)
			break;
		s = bpf_map_lookup_elem(&scope_levels, &id);
		if (s && s->level > best)
			best = s->level;
	}
	return best;
}

/*
 * On 6.1 bpf_task_storage_get() gives up, answering NULL, whenever
 * another task storage call is under way on the same CPU: a per-CPU busy
 * count, held across preemption. From 6.2 on, LSM programs get a variant
 * without it (and that count is gone by 7.x). The count itself tells
 * whether a NULL may have been such a refusal.
 */
extern const int bpf_task_storage_busy __ksym __weak;

static __always_inline int task_storage_busy(void)
{
	const int *busy;

	if (bpf_core_type_exists(struct bpf_list_head___since_6_2) ||
	    !bpf_ksym_exists(&bpf_task_storage_busy))
		return 0;
	busy = bpf_this_cpu_ptr(&bpf_task_storage_busy);
	return *busy;
}

/*
 * Whether a NULL from bpf_task_storage_get() for @task may hide a process
 * scope: only on 6.1, only for a task that has task storage in some map,
 * and only when the busy count was taken before or after the lookup
 * (@busy_before: task_storage_busy() just before it).
 */
static __always_inline bool scope_lookup_unanswered(struct task_struct *task,
						    int busy_before)
{
	if (bpf_core_type_exists(struct bpf_list_head___since_6_2))
		return false;
	if (!task->bpf_storage)
		return false;
	return busy_before || task_storage_busy();
}

/*
 * The process scope of @task, or @unknown when the lookup cannot answer:
 * the caller passes whichever value decides in the strict direction
 * (LOCKDOWN_LEVEL_MAX for a task whose own rights are decided, 0 for a
 * task some other task wants a hold on).
 */
static __always_inline __u32 task_scope(struct task_struct *task, __u32 unknown)
{
	int busy = task_storage_busy();
	__u32 *level = bpf_task_storage_get(&task_scopes, task, 0, 0);

	if (level)
		return *level;
	return scope_lookup_unanswered(task, busy) ? unknown : 0;
}

static __always_inline __u32 process_scope_level(void)
{
	return task_scope(bpf_get_current_task_btf(), LOCKDOWN_LEVEL_MAX);
}

SEC("lsm/locked_down")
int BPF_PROG(lockdown_locked_down, enum lockdown_reason what)
{
	__u32 zero = 0, reason = what, level, action, scope, scope_level,
	      cgroup;
	struct lockdown_state *st;

	st = bpf_map_lookup_elem(&state, &zero);
	if (!st)
		return 0;
	scope = LOCKDOWN_SCOPE_HOST;
	/* Upstream refuses an out-of-range reason as invalid, at any level
	 * and whatever the policy. */
	if (reason >= bpf_core_enum_value(enum lockdown_reason,
					  LOCKDOWN_CONFIDENTIALITY_MAX)) {
		level = LOCKDOWN_LEVEL_MAX;
		action = LOCKDOWN_ACTION_DENY;
		goto decided;
	}
	/* The enforced level refuses what it covers, in any mode and
	 * whatever the policy's actions say. */
	level = READ_ONCE(st->enforced);
	if (level > LOCKDOWN_LEVEL_NONE && reason <= level_ceiling(level)) {
		action = LOCKDOWN_ACTION_DENY;
		goto decided;
	}
	action = policy_decision(st, reason, &level);
	if (action == LOCKDOWN_ACTION_DENY)
		goto decided;
	/* Scopes only ever refuse more, in either mode. */
	scope_level = process_scope_level();
	cgroup = st->scope_count ? cgroup_scope_level() : 0;
	if (cgroup > scope_level) {
		scope_level = cgroup;
		scope = LOCKDOWN_SCOPE_CGROUP;
	} else {
		scope = LOCKDOWN_SCOPE_PROCESS;
	}
	if (scope_level && reason <= level_ceiling(scope_level)) {
		action = LOCKDOWN_ACTION_DENY;
		level = scope_level;
	} else {
		scope = LOCKDOWN_SCOPE_HOST;
	}
decided:
	count(reason, action);
	if (action == LOCKDOWN_ACTION_ALLOW)
		return 0;
	report(reason, level, action, scope, LOCKDOWN_ROUTE_NONE);
	return action == LOCKDOWN_ACTION_DENY ? -EPERM : 0;
}

/* The ratchet: the state map is frozen against writes from userspace, so
 * this and prog_policy are the only writers of the enforced level, and
 * both only raise it. Returns the enforced level afterwards. */
static __always_inline int raise_enforced(struct lockdown_state *st, __u32 want)
{
	__u32 cur;

	for (int i = 0; i < 8; i++) {
		cur = READ_ONCE(st->enforced);
		if (cur >= want)
			return cur;
		if (__sync_val_compare_and_swap(&st->enforced, cur, want) ==
		    cur)
			return want;
	}
	return -EAGAIN;
}

SEC("syscall")
int raise_level(struct lockdown_raise_args *args)
{
	__u32 zero = 0, want = args->level;
	struct lockdown_state *st;

	if (want > LOCKDOWN_LEVEL_MAX)
		return -EINVAL;
	st = bpf_map_lookup_elem(&state, &zero);
	if (!st)
		return -EINVAL;
	st->abi_version = LOCKDOWN_ABI_VERSION;
	return raise_enforced(st, want);
}

#include "policy.bpf.h"
#include "self_protect.bpf.h"
#include "scopes.bpf.h"
#include "scope_ptrace.bpf.h"
#include "scope_helpers.bpf.h"
