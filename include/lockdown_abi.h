/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ABI shared by the BPF side (bpf/lockdown.bpf.c) and lockdownctl:
 * pinned object names, map value layouts and the level order.
 * Reasons are never numbered here: the BPF side receives the running
 * kernel's own enum lockdown_reason values and lockdownctl names them from
 * that kernel's BTF.
 */
#ifndef LOCKDOWN_ABI_H
#define LOCKDOWN_ABI_H

#include <linux/types.h>

/* Bumped whenever a layout below changes incompatibly. */
#define LOCKDOWN_ABI_VERSION 1

#define LOCKDOWN_BPFFS "/sys/fs/bpf"
#define LOCKDOWN_PIN_DIR LOCKDOWN_BPFFS "/lockdown"

/* Pinned objects inside LOCKDOWN_PIN_DIR. */
#define LOCKDOWN_PIN_LINK "link_locked_down"
#define LOCKDOWN_PIN_RAISE "prog_raise_level"
#define LOCKDOWN_PIN_STATE "state"
#define LOCKDOWN_PIN_COUNTERS "counters"
#define LOCKDOWN_PIN_EVENT_STATS "event_stats"
#define LOCKDOWN_PIN_EVENTS "events"

/* The level order, the only one in the project: higher is stricter. */
enum lockdown_level {
	LOCKDOWN_LEVEL_NONE = 0,
	LOCKDOWN_LEVEL_INTEGRITY = 1,
	LOCKDOWN_LEVEL_CONFIDENTIALITY = 2,
	LOCKDOWN_LEVEL_MAX = LOCKDOWN_LEVEL_CONFIDENTIALITY,
};

/* Value of the single-entry "state" array map. Frozen: only the
 * prog_raise_level program writes it, and only upwards. */
struct lockdown_state {
	__u32 level; /* enum lockdown_level */
	__u32 abi_version;
};

/* Argument of prog_raise_level (BPF_PROG_TYPE_SYSCALL, run with
 * BPF_PROG_TEST_RUN). It returns the level in force afterwards. */
struct lockdown_raise_args {
	__u32 level;
};

/* Per-CPU counters indexed by the kernel's enum lockdown_reason value:
 * every call of the hook is counted, so the sums are exact. */
#define LOCKDOWN_MAX_REASONS 128
struct lockdown_counters {
	__u64 denied;
	__u64 allowed;
};

/* Per-CPU accounting of the event stream: a denial that produced no event
 * is counted here, never lost silently. */
struct lockdown_event_stats {
	__u64 emitted;
	__u64 suppressed; /* folded into a burst of identical denials */
	__u64 dropped; /* ring buffer full */
};

/* Identical denials (same reason, same command) within this interval are
 * folded: the next event reports how many were folded before it. */
#define LOCKDOWN_BURST_NS 1000000000ULL

#define LOCKDOWN_COMM_LEN 16
struct lockdown_event {
	__u64 ktime_ns; /* CLOCK_MONOTONIC */
	__u32 pid; /* thread id */
	__u32 tgid; /* process id */
	__u32 uid;
	__u32 reason; /* the kernel's enum lockdown_reason value */
	__u32 level; /* enum lockdown_level that refused */
	__u32 suppressed; /* identical denials folded since the last event */
	char comm[LOCKDOWN_COMM_LEN];
};

#define LOCKDOWN_EVENTS_BYTES (256 * 1024)

#endif
