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
#define LOCKDOWN_ABI_VERSION 4

#define LOCKDOWN_BPFFS "/sys/fs/bpf"
#define LOCKDOWN_PIN_DIR LOCKDOWN_BPFFS "/lockdown"
/* Where a generation is pinned and armed before it is published as
 * LOCKDOWN_PIN_DIR, followed by the loader's pid. */
#define LOCKDOWN_STAGING_PREFIX "lockdown-staging-"

/* Pinned objects inside LOCKDOWN_PIN_DIR. The state map is not pinned:
 * nobody but the BPF side touches it; its level is read through
 * prog_raise_level. */
#define LOCKDOWN_PIN_LINKS "links" /* a link per program, by program name */
#define LOCKDOWN_PIN_RAISE "prog_raise_level"
#define LOCKDOWN_PIN_POLICY "prog_policy"
#define LOCKDOWN_PIN_COUNTERS "counters"
#define LOCKDOWN_PIN_EVENT_STATS "event_stats"
#define LOCKDOWN_PIN_EVENTS "events"
/* A directory bound onto itself: the child mount that keeps the bpffs
 * mount from being unmounted by propagation (see keeper.h). */
#define LOCKDOWN_PIN_KEEP "keep"

/* The level order, the only one in the project: higher is stricter. */
enum lockdown_level {
	LOCKDOWN_LEVEL_NONE = 0,
	LOCKDOWN_LEVEL_INTEGRITY = 1,
	LOCKDOWN_LEVEL_CONFIDENTIALITY = 2,
	LOCKDOWN_LEVEL_MAX = LOCKDOWN_LEVEL_CONFIDENTIALITY,
};

/*
 * Per-reason actions on top of the level. LEVEL follows the level (deny
 * what it covers, allow the rest); the others override it. Strictness
 * grows allow < audit < deny; audit allows but records a "would deny".
 */
enum lockdown_action {
	LOCKDOWN_ACTION_LEVEL = 0,
	LOCKDOWN_ACTION_ALLOW = 1,
	LOCKDOWN_ACTION_AUDIT = 2,
	LOCKDOWN_ACTION_DENY = 3,
	LOCKDOWN_ACTION_MAX = LOCKDOWN_ACTION_DENY,
};

/* enforce is the zero value: what `lockdownctl set` always meant. In audit
 * mode the host policy refuses nothing and records every would-be denial. */
enum lockdown_mode {
	LOCKDOWN_MODE_ENFORCE = 0,
	LOCKDOWN_MODE_AUDIT = 1,
	LOCKDOWN_MODE_MAX = LOCKDOWN_MODE_AUDIT,
};

/* Per-CPU counters and per-reason actions are indexed by the kernel's enum
 * lockdown_reason value. */
#define LOCKDOWN_MAX_REASONS 128

/* A cgroup subtree locked down at least at @level, whatever the host's.
 * Scopes always enforce, in either mode. */
#define LOCKDOWN_MAX_SCOPES 64
#define LOCKDOWN_SCOPE_DEPTH 16 /* deepest cgroup level looked at */
struct lockdown_scope {
	__u64 cgroup_id; /* or a path key (LOCKDOWN_SCOPE_PATH_KEY set) */
	__u32 level;
	__u32 pad;
};

/*
 * A scope written as a path holds for the cgroup of that path whenever it
 * exists, created before or after the apply, again and again: its key is
 * not a cgroup id but a hash of the path, which the BPF side computes for
 * the current task's cgroup and each of its ancestors from the names'
 * hashes the kernel keeps in the cgroups' kernfs nodes (kernfs_name_hash()
 * of each component, from the root down):
 *   key = SEED; for each component: key = (key ^ hash) * PRIME;
 *   key |= LOCKDOWN_SCOPE_PATH_KEY.
 * A collision can only scope more cgroups, never fewer. Cgroup ids never
 * have the top bit set.
 */
#define LOCKDOWN_SCOPE_PATH_KEY (1ULL << 63)
#define LOCKDOWN_PATH_KEY_SEED 0xcbf29ce484222325ULL
#define LOCKDOWN_PATH_KEY_PRIME 0x100000001b3ULL

/* The policy as the hook decides by it, above the enforced level. */
struct lockdown_policy_slot {
	__u32 level; /* enum lockdown_level */
	__u32 mode; /* enum lockdown_mode */
	__u8 actions[LOCKDOWN_MAX_REASONS]; /* enum lockdown_action */
};

/* What the BPF side saw of the initial namespace's bpffs mount (the one
 * whose keeper keeps the pins: docs/threat-model.md, unmount propagation). */
enum lockdown_bpffs {
	/* Made private after the initramfs: from then on no mount that holds
	 * it may be made shared again. */
	LOCKDOWN_BPFFS_PRIVATE = 1,
	/* Since then a mount of it in the initial namespace was made shared
	 * or a slave where no hook could refuse it (mount_setattr(2), or
	 * mount(2) from another namespace): every lazy unmount is refused
	 * until reboot. */
	LOCKDOWN_BPFFS_EXPOSED = 2,
};

/*
 * Value of the single-entry "state" array map. Frozen: only the programs
 * prog_raise_level and prog_policy write it, and the self-protection
 * programs @bpffs.
 *
 * @enforced is the level demanded for enforcement: `lockdownctl set`, the
 * bpf_lockdown= parameter, the build minimum. The hook refuses what it
 * covers in any mode, whatever the per-reason actions say; it only ever
 * rises, by a compare-and-swap to the maximum.
 *
 * The policy (level, mode, actions) decides only above it. It changes as
 * one: prog_policy, holding @writer, writes the new policy into the slot
 * not in use and then increments @seq; the hook reads slots[seq & 1] and
 * checks that @seq did not move meanwhile (else it retries, and after three
 * tries refuses: the strictest reading). A policy in force only ever
 * becomes stricter once it refuses anything.
 */
struct lockdown_state {
	__u32 enforced; /* enum lockdown_level */
	__u32 abi_version;
	__u32 seq; /* slots[seq & 1] is the policy in force */
	__u32 writer; /* 1 while a prog_policy run holds the policy */
	__u32 scope_count; /* entries of the scopes map in use */
	__u32 bpffs; /* enum lockdown_bpffs bits, set by the BPF side */
	struct lockdown_policy_slot slots[2];
};

/* Argument of prog_raise_level (BPF_PROG_TYPE_SYSCALL, run with
 * BPF_PROG_TEST_RUN): raises the enforced level to @level. It returns the
 * enforced level afterwards. */
struct lockdown_raise_args {
	__u32 level;
};

/*
 * Argument of prog_policy (BPF_PROG_TYPE_SYSCALL). READ fills it with the
 * policy in force. APPLY replaces the policy by @level, @mode, @actions,
 * adds or tightens @scopes and raises the enforced level to @enforced, all
 * or nothing, and as one change for the hook: once the policy refuses
 * anything, a component that would become weaker refuses the whole apply
 * (-EPERM, with @weakened saying which kinds). -EBUSY when another run
 * holds the policy at that moment (try again). Either way it returns 0 or
 * a negative errno and leaves the policy in force in the argument.
 * Scopes are never removed: a scope absent from @scopes stays.
 */
enum lockdown_policy_op {
	LOCKDOWN_POLICY_READ = 0,
	LOCKDOWN_POLICY_APPLY = 1,
};
enum lockdown_weakened {
	LOCKDOWN_WEAKER_LEVEL = 1 << 0,
	LOCKDOWN_WEAKER_MODE = 1 << 1,
	LOCKDOWN_WEAKER_ACTION = 1 << 2,
	LOCKDOWN_WEAKER_SCOPE = 1 << 3,
};
struct lockdown_policy_args {
	__u32 op; /* enum lockdown_policy_op */
	__u32 weakened; /* out: enum lockdown_weakened bits */
	__u32 level;
	__u32 mode;
	__u32 scope_count;
	__u32 enforced; /* raised to at least this; never lowered */
	__u8 actions[LOCKDOWN_MAX_REASONS];
	struct lockdown_scope scopes[LOCKDOWN_MAX_SCOPES];
};

/* Per-process scopes (`lockdownctl run`): a task raises its own scope, for
 * itself and every task it creates afterwards, with
 * prctl(LOCKDOWN_PRCTL_SCOPE, level, LOCKDOWN_PRCTL_MAGIC2, 0, 0). Nothing
 * lowers it. An LSM program answering 0 lets the kernel go on (to EINVAL
 * for an unknown option), so the BPF side says it took the request with
 * an errno no kernel path returns. */
#define LOCKDOWN_PRCTL_SCOPE 0x4c6b646e /* "Lkdn" */
#define LOCKDOWN_PRCTL_MAGIC2 0x53636f70 /* "Scop" */
#define LOCKDOWN_PRCTL_TAKEN 4000 /* errno: the scope holds */

/* Whether an object is the armed enforcement's own, asked of the BPF side
 * (whose guard knows its objects, and which no program of root's can stand
 * before once armed): prctl(LOCKDOWN_PRCTL_OURS, id, LOCKDOWN_PRCTL_MAGIC2,
 * kind, 0) fails with LOCKDOWN_PRCTL_TAKEN when it is, and with EINVAL
 * (nobody answered) when it is not or nothing is armed. LOCKDOWN_OURS_ARMED
 * asks only whether a guard is armed (id 0). */
#define LOCKDOWN_PRCTL_OURS 0x4c6b6f75 /* "Lkou" */
enum lockdown_ours_kind {
	LOCKDOWN_OURS_ARMED = 1,
	LOCKDOWN_OURS_PROG = 2, /* a program whose fd is handed out */
	LOCKDOWN_OURS_MAP = 3, /* a map whose (read-only) fd is handed out */
	/* Not an object: answered TAKEN when the bpffs mount was exposed to
	 * propagation (LOCKDOWN_BPFFS_EXPOSED; id 0). */
	LOCKDOWN_OURS_BPFFS_EXPOSED = 4,
};

/* Per-CPU counters indexed by the kernel's enum lockdown_reason value:
 * every call of the hook is counted, so the sums are exact. */
struct lockdown_counters {
	__u64 denied;
	__u64 allowed;
	__u64 audited; /* allowed, but a denial without audit */
};

/* Entries of lockdown_event_stats.self_protect_route: more than
 * LOCKDOWN_ROUTE_MAX (enum lockdown_route, below), so that routes added
 * later fit in the same layout. */
#define LOCKDOWN_ROUTE_SLOTS 32

/* Per-CPU accounting of the event stream: a denial that produced no event
 * is counted here, never lost silently. */
struct lockdown_event_stats {
	__u64 reported; /* put in the ring buffer */
	__u64 folded; /* folded into a burst of identical denials */
	__u64 dropped; /* ring buffer full */
	__u64 self_protect; /* tampering attempts refused */
	/* the same per route, indexed by enum lockdown_route value */
	__u64 self_protect_route[LOCKDOWN_ROUTE_SLOTS];
};

/*
 * Self-protection. Once lockdown is applied, the BPF side refuses every
 * route by which root could remove or weaken it; which objects are its
 * own is in the guard map, written once by the loader and then frozen
 * (and read-only for programs, BPF_F_RDONLY_PROG). Which map goes in
 * which field is the table of src/guarded.c.
 */
#define LOCKDOWN_GUARD_MAX 48
#define LOCKDOWN_GUARD_HIDDEN_MAPS 12
#define LOCKDOWN_GUARD_READONLY_MAPS 4
#define LOCKDOWN_GUARD_CHAIN 4
struct lockdown_guard {
	__u32 hidden_maps[LOCKDOWN_GUARD_HIDDEN_MAPS]; /* no fd for anyone:
			       * state, guard, bursts, scopes, task scopes,
			       * prog_policy's copy of its argument, rodata,
			       * bss (the count of changes of propagation) */
	__u32 readonly_maps[LOCKDOWN_GUARD_READONLY_MAPS]; /* read-only fds
			       * only: counters, event_stats */
	__u32 events_map; /* the ring buffer, whose fd is handed out */
	__u32 strict_attach; /* programs that could stand before ours were
			      * loaded before the guard: refuse attaching any
			      * fmod_ret or LSM program */
	__u32 progs[LOCKDOWN_GUARD_MAX]; /* no fd, nothing attached to them */
	__u32 raise_prog; /* of progs, the two whose fds are handed out: */
	__u32 policy_prog; /* they only ever make lockdown stricter */
	__u32 links[LOCKDOWN_GUARD_MAX]; /* no fd: cannot be detached */
	__u64 link_inos[LOCKDOWN_GUARD_MAX]; /* their pins: cannot be opened */
	__u32 bpffs_dev; /* the bpffs holding the pins (kernel dev_t of its
			  * superblock): no umount, nothing over its root */
	__u32 pad;
	__u64 pin_dir_ino; /* LOCKDOWN_PIN_DIR and its links directory: */
	__u64 links_dir_ino; /* nothing in them unlinked, renamed, covered */
	/* vmlinux BTF ids of the bpf_lsm_<hook> functions ours attach to: no
	 * other LSM program may load on them (it would run before ours). */
	__u32 hook_btf_ids[LOCKDOWN_GUARD_MAX];
	/* The superblocks (kernel dev_t) of the mounts above the bpffs, up to
	 * the root of the initial mount namespace: none of them may be
	 * lazily unmounted there, since that would drop the pins. */
	__u32 chain_devs[LOCKDOWN_GUARD_CHAIN];
	__u64 init_mntns_ino; /* the initial mount namespace (of PID 1) */
};

/*
 * What the kernel's own lists say at `set` (bypass scan): the iterators
 * over every BPF program and link (bpf/self_protect.bpf.h) write one
 * record each, numbered by the kernel from 0, then a last one when the
 * list ended. What root's programs can do to bpf(2) or read(2) fails the
 * scan or leaves bytes that are not records: they cannot shorten the
 * lists. (One attached before set that writes user memory can change
 * them: docs/threat-model.md, Known gaps.) Read by the same build only.
 */
#define LOCKDOWN_SCAN_MAGIC 0x4e414353 /* "SCAN" */
enum lockdown_scan_kind {
	LOCKDOWN_SCAN_PROG = 1,
	LOCKDOWN_SCAN_LINK,
	LOCKDOWN_SCAN_END, /* seq: the last record's, 0 if none */
};
struct lockdown_scan_rec {
	__u32 magic;
	__u32 kind;
	__u32 id; /* of the program, or of the link */
	__u32 prog_id; /* the program (of a link) */
	__u32 prog_type;
	__u32 attach_type; /* the program's expected attach type */
	__u32 attach_btf_id; /* its target in its BTF */
	__u32 seq; /* the kernel's number for it in this list */
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
	LOCKDOWN_ROUTE_SCOPE_ESCAPE, /* a scoped task writing to a cgroupfs,
				      * or setting a usermode helper */
	LOCKDOWN_ROUTE_SCOPE_PTRACE, /* a scoped task taking hold of (ptrace,
				      * pidfd_getfd, process_vm_writev,
				      * /proc/PID/mem) a task of weaker scope */
	LOCKDOWN_ROUTE_PROG_LOAD, /* a program that would run before ours */
	LOCKDOWN_ROUTE_PIN_PLANT, /* creating entries among our pins */
	LOCKDOWN_ROUTE_UMOUNT_PARENT, /* lazy unmount above the bpffs */
	LOCKDOWN_ROUTE_MOUNT_MOVE, /* pivot_root or moving mounts */
	LOCKDOWN_ROUTE_MOUNT_SHARE, /* sharing the bpffs mount again */
	LOCKDOWN_ROUTE_UMOUNT_EXPOSED, /* lazy unmount once the bpffs mount
					* was exposed to propagation */
	LOCKDOWN_ROUTE_MOUNTPOINT_REMOVE, /* removing (or renaming) a mount
					   * point of another namespace */
	LOCKDOWN_ROUTE_UMOUNT_RACING, /* lazy unmount while a change of
				       * propagation is under way */
	LOCKDOWN_ROUTE_MAX = LOCKDOWN_ROUTE_UMOUNT_RACING,
};
_Static_assert(LOCKDOWN_ROUTE_MAX < LOCKDOWN_ROUTE_SLOTS,
	       "a route beyond lockdown_event_stats.self_protect_route");

/* The scope of an event: which part of the policy decided it. */
enum lockdown_scope_kind {
	LOCKDOWN_SCOPE_HOST = 0, /* the host policy or the enforced level */
	LOCKDOWN_SCOPE_CGROUP = 1, /* a cgroup scope */
	LOCKDOWN_SCOPE_PROCESS = 2, /* a process scope (lockdownctl run) */
};

/* Identical decisions (same reason, action, command) within this interval are
 * folded: the next event reports how many were folded before it. */
#define LOCKDOWN_BURST_NS 1000000000ULL

#define LOCKDOWN_COMM_LEN 16
struct lockdown_event {
	__u64 ktime_ns; /* CLOCK_MONOTONIC */
	__u32 pid; /* thread id */
	__u32 tgid; /* process id */
	__u32 uid;
	__u32 reason; /* the kernel's enum lockdown_reason value */
	__u32 level; /* enum lockdown_level of its scope */
	__u32 folded; /* identical events folded since the last one */
	__u32 route; /* enum lockdown_route, for LOCKDOWN_REASON_SELF_PROTECT */
	__u32 action; /* LOCKDOWN_ACTION_DENY or LOCKDOWN_ACTION_AUDIT */
	__u32 scope; /* enum lockdown_scope_kind */
	__u64 cgroup_id; /* of the task, on the cgroup v2 hierarchy */
	__u64 exe_ino; /* its executable's inode and device (kernel */
	__u32 exe_dev; /* dev_t), to find its path while it runs */
	__u32 pad;
	char comm[LOCKDOWN_COMM_LEN];
};

#define LOCKDOWN_EVENTS_BYTES (256 * 1024)

#endif
