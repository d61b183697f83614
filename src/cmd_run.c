// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include "kernel.h"
#include "level.h"
#include "lockdownctl.h"
#include "ratchet.h"

static const char usage[] =
	"Usage: lockdownctl run --level LEVEL [--] COMMAND [ARGS...]\n"
	"Run COMMAND locked down at least at LEVEL (integrity or\n"
	"confidentiality), whatever the host's level: it and every process\n"
	"it creates, whatever they exec (setuid binaries too) and wherever\n"
	"they move. The host keeps its own level.";

static int check_run(struct verb_call *call)
{
	const char *name = call->option_value[0];

	if (!name) {
		errorf("run needs --level and a command\n%s", usage);
		return EXIT_USAGE;
	}
	if (level_parse(name, &call->level) ||
	    call->level == LOCKDOWN_LEVEL_NONE) {
		errorf("unknown level '%s' (expected integrity or confidentiality)",
		       name);
		return EXIT_USAGE;
	}
	return -1;
}

static int run_run(const struct verb_call *call)
{
	enum lockdown_level level = call->level;
	char **argv = call->argv;
	int err;

	err = ratchet_load();
	if (err) {
		errorf("cannot load lockdown: %s", ratchet_error(err));
		return EXIT_FAIL;
	}
	/* Only the BPF side answers this prctl, with an errno of its own.
	 * prctl() reads unsigned longs: pass nothing narrower. */
	if (prctl(LOCKDOWN_PRCTL_SCOPE, (unsigned long)level,
		  (unsigned long)LOCKDOWN_PRCTL_MAGIC2, 0UL, 0UL) != -1 ||
	    errno != LOCKDOWN_PRCTL_TAKEN) {
		errorf("cannot lock this process down at %s: %s; not running %s",
		       level_name(level), strerror(errno), argv[0]);
		return EXIT_FAIL;
	}
	execvp(argv[0], argv);
	errorf("cannot run %s: %s", argv[0], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}

const struct verb verb_run = {
	.name = "run",
	.summary = "run a command locked down at a level",
	.usage = usage,
	.min_operands = 1,
	.max_operands = -1,
	.operands_error = "run needs --level and a command",
	.flags = VERB_KERNEL | VERB_OPTIONS_FIRST,
	.options = { "level=" },
	.check = check_run,
	.run = run_run,
};
