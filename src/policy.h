/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A lockdown policy: the level, the mode, an action per reason and the
 * cgroup scopes, as read from configuration (src/config.c) and as in force
 * in the kernel (struct lockdown_policy_args). Comparing two says what an
 * apply would change and what of it would weaken the policy in force.
 */
#ifndef POLICY_H
#define POLICY_H

#include <limits.h>
#include <stdbool.h>
#include "lockdown_abi.h"
#include "reason.h"

/* Paths in a policy are bounded well below PATH_MAX, so that a policy
 * (64 scopes) fits comfortably on a stack. */
#define POLICY_PATH_MAX 512

/* Where a setting was written: "file:line" in messages. */
struct policy_origin {
	char file[POLICY_PATH_MAX];
	unsigned int line;
};

struct policy_scope {
	char path[POLICY_PATH_MAX]; /* under the cgroup2 mount, without it */
	__u64 cgroup_id; /* 0 until resolved (policy_resolve_scopes) */
	enum lockdown_level level;
	struct policy_origin origin;
};

struct policy {
	/* Refused whatever the mode and the actions say: what `set`, the
	 * bpf_lockdown= parameter and the build minimum demand. In the
	 * kernel an apply raises it to this, never lowers it. */
	enum lockdown_level enforced;
	/* The policy, above the enforced level: */
	enum lockdown_level level;
	enum lockdown_mode mode;
	__u8 actions[LOCKDOWN_MAX_REASONS]; /* by the kernel's reason value */
	size_t scope_count;
	struct policy_scope scopes[LOCKDOWN_MAX_SCOPES];
};

/* What the kernel has in force, as prog_policy reads it back. */
void policy_from_args(struct policy *p, const struct lockdown_policy_args *a);
void policy_to_args(const struct policy *p, struct lockdown_policy_args *a);

/* Names of actions and modes as written in configuration. */
const char *action_name(enum lockdown_action action);
int action_parse(const char *name, enum lockdown_action *action);
const char *mode_name(enum lockdown_mode mode);
int mode_parse(const char *name, enum lockdown_mode *mode);

/* The action that decides @r under @p's level and override: the BPF
 * side's rule (lockdown_rules.h; it alone enforces, this one explains). */
enum lockdown_action policy_effective(const struct policy *p,
				      const struct reason *r);

/* What the kernel does of @r under @p, as the hook decides: what the
 * enforced level covers is denied (@by_enforced set, may be NULL); above
 * it the policy's action, in audit mode audit instead of deny. */
enum lockdown_action policy_decide(const struct policy *p,
				   const struct reason *r, bool *by_enforced);

/* The highest level of which everything is refused, exemptions of the
 * policy aside: the enforced level, or the policy's in enforce mode. */
enum lockdown_level policy_level_in_force(const struct policy *p);

/* Whether anything of @p's policy refuses: enforce mode with something
 * denied, or a scope (the enforced level aside: nothing lowers it). Until
 * then any policy may replace it. */
bool policy_enforcing(const struct policy *p);

/* One component that differs between the policy in force and a new one. */
struct policy_change {
	const char
		*component; /* "level", "mode", "reason dev_mem", "scope X" */
	char before[64];
	char after[64];
	bool weakens;
};

typedef void (*policy_change_fn)(const struct policy_change *c, void *ctx);

/* Calls @fn for each component that differs; returns how many of them
 * weaken @cur (0 when @cur is not enforcing, since anything may replace
 * it then). Scopes of @cur missing from @next weaken it, unless their
 * cgroup is gone (@cur scopes with no path). */
int policy_diff(const struct policy *cur, const struct policy *next,
		const struct reason_set *set, policy_change_fn fn, void *ctx);

/* Looks up each scope's cgroup id under @cgroup_root (the cgroup2 mount);
 * reports a missing one as "file:line: ..." and returns -ENOENT, or with
 * @skip_missing (at boot, before the cgroups exist) drops it with a
 * warning. Other errors are reported and returned; with @skip_missing
 * their scopes are dropped too, and the rest is usable. */
int policy_resolve_scopes(struct policy *p, const char *cgroup_root,
			  bool skip_missing);

/* The reverse, for scopes read from the kernel: fills in their paths;
 * a scope whose cgroup is gone keeps an empty path. */
void policy_scope_paths(struct policy *p, const char *cgroup_root);

#endif
