// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "generation.h"
#include "kernel.h"
#include "lockdownctl.h"
#include "ratchet.h"

static const char usage[] =
	"Usage: lockdownctl upgrade\n"
	"After installing a new lockdownctl while an older build enforces:\n"
	"check that the older build's enforcement is armed and intact, and\n"
	"raise it to this build's minimum. It stays in force until reboot:\n"
	"no program may attach to the hooks it guards, this build's\n"
	"included (root could pass for any build). set, apply and status\n"
	"work through it; this build takes over at the next boot.";

static int run_upgrade(const struct verb_call *call)
{
	char from[GENERATION_DIR_MAX] = "";
	int err;

	(void)call;
	err = ratchet_upgrade(from, sizeof(from));
	if (err == -ENOENT) {
		puts("nothing to upgrade: lockdown is not applied");
		return EXIT_OK;
	}
	if (err == -EALREADY) {
		printf("this build (%s) already enforces: nothing changed\n",
		       generation_build_id());
		return EXIT_OK;
	}
	if (err) {
		errorf("upgrade failed: %s; the older build still enforces",
		       ratchet_error(err));
		return EXIT_FAIL;
	}
	printf("build %s enforces until reboot; build %s takes over at the next boot\n",
	       from, generation_build_id());
	return EXIT_OK;
}

const struct verb verb_upgrade = {
	.name = "upgrade",
	.summary = "take over from an older build, keeping all",
	.usage = usage,
	.operands_error = "upgrade takes no arguments",
	.flags = VERB_KERNEL,
	.run = run_upgrade,
};
