// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "config.h"
#include "kernel.h"
#include "level.h"
#include "lockdownctl.h"
#include "policy_io.h"
#include "ratchet.h"

static const char usage[] =
	"Usage: lockdownctl apply [FILE]\n"
	"Put a policy in force: FILE, or " CONFIG_FILE " and\n"
	"its drop-ins " CONFIG_DROPIN_DIR "/*.conf (see lockdown.conf(5)).\n"
	"All of it takes effect or none of it. Once anything enforces, a\n"
	"policy may only be stricter in every part; each part that would\n"
	"weaken it is named and nothing changes. See 'policy diff'.\n"
	"A level enforced by 'set', bpf_lockdown= or the build minimum stays\n"
	"refused whatever the policy says; the policy, in audit mode too,\n"
	"decides only above it.";

/* Whether the kernel now holds at least what was asked. */
static bool took_effect(const struct policy *want,
			const struct lockdown_policy_args *now)
{
	if (now->level < want->level || now->mode != want->mode ||
	    memcmp(now->actions, want->actions, sizeof(now->actions)))
		return false;
	for (size_t i = 0; i < want->scope_count; i++) {
		bool found = false;

		for (__u32 j = 0; j < now->scope_count; j++)
			found |= now->scopes[j].cgroup_id ==
					 want->scopes[i].cgroup_id &&
				 now->scopes[j].level >= want->scopes[i].level;
		if (!found)
			return false;
	}
	return true;
}

static void print_weakened(__u32 bits)
{
	static const char *const names[] = { "level", "mode", "reason actions",
					     "scopes" };

	for (int i = 0; i < 4; i++) {
		if (bits & (1u << i))
			errorf("refused by the kernel: the %s would weaken",
			       names[i]);
	}
}

static int run_apply(const struct verb_call *call)
{
	const char *file = call->argc ? call->argv[0] : NULL;
	struct lockdown_policy_args now;
	struct reason_set reasons;
	struct policy cur, next;
	bool applied;
	int err, weaker, rc = EXIT_FAIL;

	err = reason_set_load(&reasons);
	if (err) {
		errorf("cannot read this kernel's lockdown reasons: %s",
		       ratchet_error(err));
		return EXIT_FAIL;
	}
	if (policy_load_config(file, &reasons, false, &next)) {
		errorf("policy not applied: %s is invalid; nothing changed",
		       file ? file : CONFIG_FILE);
		goto out;
	}
	err = policy_read_kernel(&cur, &applied);
	if (err) {
		errorf("cannot read the policy in force: %s",
		       ratchet_error(err));
		goto out;
	}
	weaker =
		policy_diff(&cur, &next, &reasons, policy_print_change, stdout);
	if (weaker) {
		errorf("policy not applied: %d part%s would weaken the policy in force; nothing changed",
		       weaker, weaker == 1 ? "" : "s");
		goto out;
	}
	err = ratchet_apply(&next, file ? file : CONFIG_FILE, &now);
	if (err == -EPERM)
		print_weakened(now.weakened);
	if (err) {
		errorf("policy not applied: %s; nothing changed",
		       ratchet_error(err));
		goto out;
	}
	if (!took_effect(&next, &now)) {
		errorf("the kernel did not take the policy as asked (level %s, mode %s in force)",
		       level_name(now.level), mode_name(now.mode));
		goto out;
	}
	printf("policy applied: level %s, mode %s, %u scope%s\n",
	       level_name(now.level), mode_name(now.mode), now.scope_count,
	       now.scope_count == 1 ? "" : "s");
	if (now.enforced > LOCKDOWN_LEVEL_NONE)
		printf("enforced in any mode, whatever the policy says: %s%s\n",
		       level_name(now.enforced),
		       now.mode == LOCKDOWN_MODE_AUDIT
			       ? " (the policy audits only what it adds above)"
			       : "");
	rc = EXIT_OK;
out:
	reason_set_free(&reasons);
	return rc;
}

const struct verb verb_apply = {
	.name = "apply",
	.summary = "put a policy file in force (lockdown.conf)",
	.usage = usage,
	.max_operands = 1,
	.operands_error = "apply takes at most one file",
	.flags = VERB_KERNEL,
	.run = run_apply,
};
