// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "kernel.h"
#include "level.h"
#include "lockdownctl.h"
#include "ratchet.h"

static const char usage[] =
	"Usage: lockdownctl set LEVEL\n"
	"Raise the enforced lockdown level to LEVEL: integrity or\n"
	"confidentiality.\n"
	"  integrity        refuse what lets userspace modify the running kernel\n"
	"  confidentiality  also refuse what lets it read kernel secrets\n"
	"What LEVEL covers is refused in any mode of the policy, whatever its\n"
	"per-reason actions say. The level only goes up: lowering is refused\n"
	"until reboot. The enforcement stays pinned in " LOCKDOWN_PIN_DIR "\n"
	"after this exits.";

static int check_set(struct verb_call *call)
{
	if (level_parse(call->argv[0], &call->level)) {
		errorf("unknown level '%s' (expected integrity or confidentiality)\n%s",
		       call->argv[0], usage);
		return EXIT_USAGE;
	}
	return -1;
}

static int run_set(const struct verb_call *call)
{
	const struct kernel_facts *facts = &call->facts;
	enum lockdown_level want = call->level;
	struct ratchet_result r;
	int err;

	err = ratchet_raise(want, "lockdownctl set", &r);
	if (!err && r.would_lower) {
		errorf("cannot lower lockdown from %s to %s: %s",
		       level_name(r.before), level_name(want), strerror(EPERM));
		return EXIT_FAIL;
	}
	if (err == -ENOTRECOVERABLE) {
		errorf("lockdown is at %s, but %s; reboot to be sure of it",
		       level_name(r.after), ratchet_error(err));
		return EXIT_FAIL;
	}
	if (err) {
		errorf("failed to apply lockdown at %s: %s", level_name(want),
		       ratchet_error(err));
		return EXIT_FAIL;
	}
	if (r.after == r.before)
		printf("lockdown already at %s: nothing changed\n",
		       level_name(r.after));
	else
		printf("lockdown raised from %s to %s%s\n",
		       level_name(r.before), level_name(r.after),
		       r.floored ? " (the build minimum, above what was asked)"
				 : "");
	if (facts->lockdown_known && want > LOCKDOWN_LEVEL_NONE &&
	    facts->lockdown >= want)
		printf("note: the kernel's own lockdown is already at %s and refuses these reasons by itself\n",
		       level_name(facts->lockdown));
	return EXIT_OK;
}

const struct verb verb_set = {
	.name = "set",
	.summary = "raise the level: integrity or confidentiality",
	.usage = usage,
	.min_operands = 1,
	.max_operands = 1,
	.operands_error = "set takes exactly one level",
	.flags = VERB_KERNEL,
	.check = check_set,
	.run = run_set,
};
