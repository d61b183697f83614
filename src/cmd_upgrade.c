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
	"load this build's enforcement beside it, with the policy in force,\n"
	"before attaching it. The older one cannot be removed and keeps\n"
	"enforcing until reboot, so nothing is ever unenforced or lowered.\n"
	"set, apply, boot and run do the same when they find an older build.";

int do_upgrade(int argc, char **argv)
{
	struct kernel_facts facts;
	char from[GENERATION_DIR_MAX] = "";
	int err;

	if (wants_help(argc, argv)) {
		puts(usage);
		return EXIT_OK;
	}
	if (argc != 1) {
		errorf("upgrade takes no arguments\n%s", usage);
		return EXIT_USAGE;
	}
	kernel_mount_filesystems();
	kernel_facts_read(&facts);
	if (kernel_preflight(&facts))
		return EXIT_FAIL;
	err = ratchet_upgrade(from, sizeof(from));
	if (err == -ENOENT) {
		puts("nothing to upgrade: lockdown is not applied");
		return EXIT_OK;
	}
	if (err == RATCHET_ALREADY) {
		printf("this build (%s) already enforces: nothing changed\n",
		       generation_build_id());
		return EXIT_OK;
	}
	if (err) {
		errorf("upgrade failed: %s; the older build still enforces",
		       strerror(-err));
		return EXIT_FAIL;
	}
	printf("build %s took over from %s with the policy in force; both enforce until reboot\n",
	       generation_build_id(), from);
	return EXIT_OK;
}
