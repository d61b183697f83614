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
		       ratchet_error(err));
		return EXIT_FAIL;
	}
	printf("build %s enforces until reboot; build %s takes over at the next boot\n",
	       from, generation_build_id());
	return EXIT_OK;
}
