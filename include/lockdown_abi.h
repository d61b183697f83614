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

/* Pinned objects inside LOCKDOWN_PIN_DIR. The state map is not pinned:
 * nobody but the BPF side touches it; its level is read through
 * prog_raise_level. */
#define LOCKDOWN_PIN_LINKS "links" /* a link per program, by program name */
#define LOCKDOWN_PIN_RAISE "prog_raise_level"
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
	__u64 self_protect; /* tampering attempts refused */
};

/*
 * Self-protection. Once lockdown is applied, the BPF side refuses every
 * route by which root could remove or weaken it; which objects are its
 * own is in the guard map, written once by the loader and then frozen
 * (and read-only for programs, BPF_F_RDONLY_PROG).
 */
#define LOCKDOWN_GUARD_MAX 16
struct lockdown_guard {
	__u32 hidden_maps[4]; /* no fd for anyone: state, guard, bursts */
	__u32 readonly_maps[4]; /* read-only fds only: counters, event_stats */
	__u32 progs[LOCKDOWN_GUARD_MAX]; /* no fd, nothing attached to them */
	__u32 raise_prog; /* of progs, the one whose fd is handed out */
	__u32 links[LOCKDOWN_GUARD_MAX]; /* no fd: cannot be detached */
	__u64 link_inos[LOCKDOWN_GUARD_MAX]; /* their pins: cannot be opened */
	__u32 bpffs_dev; /* the bpffs holding the pins (kernel dev_t of its
			  * superblock): no umount, nothing over its root */
	__u32 pad;
	__u64 pin_dir_ino; /* LOCKDOWN_PIN_DIR and its links directory: */
	__u64 links_dir_ino; /* nothing in them unlinked, renamed, covered */
};

/* Events of self-protection carry this reason, outside any kernel's
 * enum lockdown_reason, and the route that was refused. */
#define LOCKDOWN_REASON_SELF_PROTECT 0xffff
enum lockdown_route {
	LOCKDOWN_ROUTE_NONE = 0,
	LOCKDOWN_ROUTE_LINK_BY_ID, /* BPF_LINK_GET_FD_BY_ID of a link */
	LOCKDOWN_ROUTE_MAP_FD, /* an fd (or a writable one) to a map */
	LOCKDOWN_ROUTE_PROG_FD, /* an fd to an enforcing program */
	LOCKDOWN_ROUTE_PROG_ATTACH, /* a program loaded against ours */
	LOCKDOWN_ROUTE_PIN_OPEN, /* BPF_OBJ_GET of a pinned link */
	LOCKDOWN_ROUTE_PIN_REMOVE, /* unlink, rmdir or rename of the pins */
	LOCKDOWN_ROUTE_UMOUNT, /* unmounting the bpffs of the pins */
	LOCKDOWN_ROUTE_MOUNT, /* mounting over the pins */
	LOCKDOWN_ROUTE_MAX = LOCKDOWN_ROUTE_MOUNT,
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
	__u32 route; /* enum lockdown_route, for LOCKDOWN_REASON_SELF_PROTECT */
	__u32 pad;
	char comm[LOCKDOWN_COMM_LEN];
};

#define LOCKDOWN_EVENTS_BYTES (256 * 1024)

#endif
