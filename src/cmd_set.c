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

int do_set(int argc, char **argv)
{
	struct ratchet_result r;
	struct kernel_facts facts;
	enum lockdown_level want;
	int err;

	if (wants_help(argc, argv)) {
		puts(usage);
		return EXIT_OK;
	}
	if (argc != 2 || argv[1][0] == '-') {
		errorf("set takes exactly one level\n%s", usage);
		return EXIT_USAGE;
	}
	if (level_parse(argv[1], &want)) {
		errorf("unknown level '%s' (expected integrity or confidentiality)\n%s",
		       argv[1], usage);
		return EXIT_USAGE;
	}

	kernel_mount_filesystems();
	kernel_facts_read(&facts);
	if (kernel_preflight(&facts))
		return EXIT_FAIL;

	err = ratchet_raise(want, "lockdownctl set", &r);
	if (err == RATCHET_WOULD_LOWER) {
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
	if (facts.lockdown_known && want > LOCKDOWN_LEVEL_NONE &&
	    facts.lockdown >= want)
		printf("note: the kernel's own lockdown is already at %s and refuses these reasons by itself\n",
		       level_name(facts.lockdown));
	return EXIT_OK;
}
