// SPDX-License-Identifier: GPL-2.0
/* lockdownctl boot: what early boot runs (initramfs, lockdown.service). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "kernel.h"
#include "level.h"
#include "lockdownctl.h"
#include "ratchet.h"

static const char usage[] =
	"Usage: lockdownctl boot\n"
	"Apply the level the boot asks for: the highest of the build-time\n"
	"minimum and the " BOOT_PARAM "=integrity|confidentiality kernel\n"
	"parameter (lockdown= is the kernel's own). Failures are reported on\n"
	"stderr and in the kernel log; an invalid parameter still lets the\n"
	"build minimum apply, and exits 1.";

/* Errors at boot go to the kernel log too: the console may be gone. */
static void boot_error(const char *fmt, const char *arg)
{
	char msg[256];

	snprintf(msg, sizeof(msg), fmt, arg);
	errorf("%s", msg);
	kmsg_printf(3, "%s", msg);
}

int do_boot(int argc, char **argv)
{
	enum lockdown_level want = LOCKDOWN_LEVEL_NONE, param;
	char cmdline[4096] = "", value[32];
	struct kernel_facts facts;
	struct ratchet_result r;
	const char *source = "build default";
	int rc = EXIT_OK, err;
	FILE *f;

	if (wants_help(argc, argv)) {
		puts(usage);
		return EXIT_OK;
	}
	if (argc != 1) {
		errorf("boot takes no arguments\n%s", usage);
		return EXIT_USAGE;
	}
	f = fopen("/proc/cmdline", "r");
	if (f) {
		if (!fgets(cmdline, sizeof(cmdline), f))
			cmdline[0] = '\0';
		fclose(f);
	}
	err = cmdline_param(cmdline, BOOT_PARAM, value, sizeof(value));
	if (err == -ENAMETOOLONG || (!err && (level_parse(value, &param) ||
					      param == LOCKDOWN_LEVEL_NONE))) {
		boot_error("invalid boot parameter " BOOT_PARAM
			   "=%s (expected integrity or confidentiality)",
			   err ? "(too long)" : value);
		rc = EXIT_FAIL;
	} else if (!err) {
		want = param;
		source = "boot parameter " BOOT_PARAM "=";
	}
	if (want == LOCKDOWN_LEVEL_NONE &&
	    LOCKDOWN_MIN_LEVEL == LOCKDOWN_LEVEL_NONE) {
		if (rc == EXIT_OK)
			puts("nothing to apply: no " BOOT_PARAM
			     "= and no build minimum");
		return rc;
	}

	kernel_mount_filesystems();
	kernel_facts_read(&facts);
	if (kernel_preflight(&facts)) {
		boot_error("lockdown NOT applied at boot: %s",
			   "see the message above");
		return EXIT_FAIL;
	}
	err = ratchet_raise(want, source, &r);
	if (err < 0) {
		boot_error("lockdown NOT applied at boot: %s", strerror(-err));
		return EXIT_FAIL;
	}
	if (r.after == r.before)
		printf("lockdown already at %s: nothing changed\n",
		       level_name(r.after));
	else
		printf("lockdown raised from %s to %s (%s)\n",
		       level_name(r.before), level_name(r.after),
		       r.floored ? "build default" : source);
	return rc;
}
