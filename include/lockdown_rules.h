/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy's rules, written once for both sides: pure functions over the
 * ABI's values, compiled into the BPF object (bpf/) and into lockdownctl
 * (src/), and unit-tested once (tests/unit/test_rules.c). What differs is
 * only how a reason's level is known (the BPF side compares the reason
 * with the kernel's enum markers, lockdownctl with the level it read from
 * BTF), so the caller says it: @covered, whether the policy's level
 * refuses the reason.
 *
 * The BPF side defines LOCKDOWN_RULE as static __always_inline first.
 */
#ifndef LOCKDOWN_RULES_H
#define LOCKDOWN_RULES_H

#include <linux/bpf.h>
#include "lockdown_abi.h"

#ifndef LOCKDOWN_RULE
#include <stdbool.h>
#define LOCKDOWN_RULE static inline
#endif

/* What a policy says of one reason: its override, or else its level.
 * Allow, audit, deny: in that order of strictness. */
LOCKDOWN_RULE __u32 lockdown_effective(__u32 action, bool covered)
{
	if (action != LOCKDOWN_ACTION_LEVEL)
		return action;
	return covered ? LOCKDOWN_ACTION_DENY : LOCKDOWN_ACTION_ALLOW;
}

/* In audit mode, what would be denied is audited only. */
LOCKDOWN_RULE __u32 lockdown_in_mode(__u32 action, __u32 mode)
{
	if (action == LOCKDOWN_ACTION_DENY && mode == LOCKDOWN_MODE_AUDIT)
		return LOCKDOWN_ACTION_AUDIT;
	return action;
}

/* Anything of a policy refusing: a scope, or enforce mode with a level or
 * a reason denied. (The enforced level is apart: nothing lowers it.) Only
 * then must a new policy be at least as strict in every part. It takes
 * the slot, not its fields: with the fields as arguments, all read before
 * the first test, 6.12's verifier processed 853,065 instructions of
 * prog_policy instead of 242,188 (measured with bench profile). */
LOCKDOWN_RULE bool lockdown_enforcing(__u32 scope_count,
				      const struct lockdown_policy_slot *p)
{
	if (scope_count)
		return true;
	if (p->mode != LOCKDOWN_MODE_ENFORCE)
		return false;
	if (p->level > LOCKDOWN_LEVEL_NONE)
		return true;
	for (int i = 0; i < LOCKDOWN_MAX_REASONS; i++) {
		if (p->actions[i] == LOCKDOWN_ACTION_DENY)
			return true;
	}
	return false;
}

/* The parts in which @next is weaker than an enforcing @cur. */
LOCKDOWN_RULE bool lockdown_level_weakens(__u32 cur, __u32 next)
{
	return next < cur;
}

LOCKDOWN_RULE bool lockdown_mode_weakens(__u32 cur, __u32 next)
{
	return cur == LOCKDOWN_MODE_ENFORCE && next != LOCKDOWN_MODE_ENFORCE;
}

/* Of one reason's effective actions (lockdown_effective). */
LOCKDOWN_RULE bool lockdown_action_weakens(__u32 cur, __u32 next)
{
	return next < cur;
}

/* Whether a program loaded with @attach_type could run before lockdown's
 * own: fmod_ret on any function (it ends the chain before every LSM), or
 * an LSM program on a hook lockdown uses (@on_our_hook, as the caller
 * knows it). The kernel takes BPF_MODIFY_RETURN only from tracing
 * programs and BPF_LSM_* only from LSM ones: the attach type alone tells
 * them, even before the program's type is set. */
LOCKDOWN_RULE bool lockdown_stands_before(__u32 attach_type, bool on_our_hook)
{
	if (attach_type == BPF_MODIFY_RETURN)
		return true;
	return (attach_type == BPF_LSM_MAC || attach_type == BPF_LSM_CGROUP) &&
	       on_our_hook;
}

#endif
