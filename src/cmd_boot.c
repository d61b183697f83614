// SPDX-License-Identifier: GPL-2.0
/* lockdownctl boot: what early boot runs (initramfs, lockdown.service). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kernel.h"
#include "level.h"
#include "lockdownctl.h"
#include "config.h"
#include "policy_io.h"
#include "ratchet.h"

static const char usage[] =
	"Usage: lockdownctl boot\n"
	"Apply what the boot asks for: the policy of " CONFIG_FILE "\n"
	"and its drop-ins, when there is one, at the highest level of the\n"
	"policy, the build-time minimum and the " BOOT_PARAM "=integrity|\n"
	"confidentiality kernel parameter (lockdown= is the kernel's own),\n"
	"which is enforced whatever the policy's mode and actions say.\n"
	"Scopes whose cgroup does not exist yet hold when it comes. A policy that\n"
	"cannot be read whole fails closed: what is valid applies, a value\n"
	"that cannot be read is read at its strictest (a Level as\n"
	"confidentiality, a Mode as enforce, a reason's action as deny), and\n"
	"what cannot be mapped (an unknown reason) is skipped; see\n"
	"lockdown.conf(5). Every such line and every failure is reported on\n"
	"stderr and in the kernel log, and the exit status is 1.";

/* Errors at boot go to the kernel log too: the console may be gone. */
static void boot_error(const char *fmt, const char *arg)
{
	char msg[512];

	snprintf(msg, sizeof(msg), fmt, arg);
	errorf("%s", msg);
	kmsg_printf(3, "%s", msg);
}

/* The level asked for on the kernel command line, or none; -1 when the
 * parameter is invalid (reported). */
static int boot_param(enum lockdown_level *want)
{
	char cmdline[4096] = "", value[32];
	enum lockdown_level param;
	FILE *f;
	int err;

	*want = LOCKDOWN_LEVEL_NONE;
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
		return -1;
	}
	if (!err)
		*want = param;
	return 0;
}

static int raise_level(enum lockdown_level want, const char *source)
{
	struct ratchet_result r;
	int err = ratchet_raise(want, source, &r);

	if (err < 0) {
		boot_error("lockdown NOT applied at boot: %s",
			   ratchet_error(err));
		return EXIT_FAIL;
	}
	if (r.after == r.before)
		printf("lockdown already at %s: nothing changed\n",
		       level_name(r.after));
	else
		printf("lockdown raised from %s to %s (%s)\n",
		       level_name(r.before), level_name(r.after),
		       r.floored ? "build default" : source);
	return EXIT_OK;
}

/* The messages of reading the policy, each on stderr and in the kernel
 * log: the console may be gone, and what was skipped must be seen. */
static void report_lines(char *text)
{
	char *save = NULL;

	for (char *line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		fprintf(stderr, "%s\n", line);
		kmsg_printf(strstr(line, ": warning: ") ? 4 : 3, "%s", line);
	}
}

/*
 * The configured policy, its level raised to @want. At boot a policy that
 * cannot be read whole fails closed: what is valid applies, what cannot be
 * read is read at its strictest or, when it cannot be mapped, skipped
 * (config.h); each such line is said, and the exit status is 1. When the
 * policy would weaken the policy in force, at least its level.
 */
static int apply_policy(enum lockdown_level want, const char *source)
{
	struct lockdown_policy_args now;
	struct reason_set reasons;
	unsigned int errors;
	struct policy p;
	char *text = NULL, msg[160];
	size_t size = 0;
	FILE *msgs;
	int err, rerr;

	rerr = reason_set_load(&reasons);
	if (rerr)
		boot_error(
			"cannot read this kernel's lockdown reasons (%s): the policy's [Reasons] are skipped",
			strerror(-rerr));
	msgs = open_memstream(&text, &size);
	errors = policy_load_boot(rerr ? NULL : &reasons, msgs ? msgs : stderr,
				  &p);
	if (msgs) {
		fclose(msgs);
		report_lines(text);
		free(text);
	}
	if (rerr)
		errors++;
	else
		reason_set_free(&reasons);
	/* The parameter demands enforcement: refused in any mode, whatever
	 * the policy's actions say. */
	p.enforced = want;
	if (p.level >= want)
		source = "policy " CONFIG_FILE;
	if (want < p.level)
		want = p.level; /* for the fallbacks below */
	err = ratchet_apply(&p, source, &now);
	if (err == -EPERM) {
		boot_error(
			"policy NOT applied at boot: %s would weaken the policy in force",
			CONFIG_FILE);
		raise_level(want, source);
		return EXIT_FAIL;
	}
	if (err) {
		boot_error("policy NOT applied at boot: %s",
			   ratchet_error(err));
		raise_level(want, source);
		return EXIT_FAIL;
	}
	printf("policy applied (%s): level %s, mode %s, %u scope%s\n", source,
	       level_name(now.level > now.enforced ? now.level : now.enforced),
	       mode_name(now.mode), now.scope_count,
	       now.scope_count == 1 ? "" : "s");
	if (!errors)
		return EXIT_OK;
	snprintf(msg, sizeof(msg), "%u error%s", errors,
		 errors == 1 ? "" : "s");
	boot_error(
		"policy of " CONFIG_FILE
		" applied only in part at boot (%s, see above): what could not be read was read at its strictest or skipped",
		msg);
	return EXIT_FAIL;
}

static bool have_config(void)
{
	return !access(CONFIG_FILE, F_OK) || !access(CONFIG_DROPIN_DIR, F_OK);
}

/* Not VERB_KERNEL: with nothing to apply, it needs nothing of the
 * kernel; its preflight failure goes to the kernel log as well. */
static int run_boot(const struct verb_call *call)
{
	enum lockdown_level want;
	struct kernel_facts facts;
	const char *source = "boot parameter " BOOT_PARAM "=";
	int rc = EXIT_OK, applied;

	(void)call;
	if (boot_param(&want))
		rc = EXIT_FAIL;
	if (want == LOCKDOWN_LEVEL_NONE)
		source = "build default";
	if (want == LOCKDOWN_LEVEL_NONE &&
	    LOCKDOWN_MIN_LEVEL == LOCKDOWN_LEVEL_NONE && !have_config()) {
		if (rc == EXIT_OK)
			puts("nothing to apply: no " BOOT_PARAM
			     "=, no build minimum and no " CONFIG_FILE);
		return rc;
	}

	kernel_mount_filesystems();
	kernel_facts_read(&facts);
	if (kernel_preflight(&facts)) {
		boot_error("lockdown NOT applied at boot: %s",
			   "see the message above");
		return EXIT_FAIL;
	}
	applied = have_config() ? apply_policy(want, source)
				: raise_level(want, source);
	return applied == EXIT_OK ? rc : applied;
}

const struct verb verb_boot = {
	.name = "boot",
	.summary = "apply what the boot asks for (bpf_lockdown=)",
	.usage = usage,
	.operands_error = "boot takes no arguments",
	.run = run_boot,
};
