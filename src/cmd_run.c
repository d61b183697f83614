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

int do_run(int argc, char **argv)
{
	struct kernel_facts facts;
	enum lockdown_level level;
	const char *name = NULL;
	int i = 1, err;

	if (argc > 1 &&
	    (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		puts(usage);
		return EXIT_OK;
	}
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "--level") && i + 1 < argc) {
			name = argv[++i];
		} else if (!strncmp(argv[i], "--level=", 8)) {
			name = argv[i] + 8;
		} else {
			errorf("unknown option '%s'\n%s", argv[i], usage);
			return EXIT_USAGE;
		}
	}
	if (!name || i >= argc) {
		errorf("run needs --level and a command\n%s", usage);
		return EXIT_USAGE;
	}
	if (level_parse(name, &level) || level == LOCKDOWN_LEVEL_NONE) {
		errorf("unknown level '%s' (expected integrity or confidentiality)",
		       name);
		return EXIT_USAGE;
	}
	kernel_mount_filesystems();
	kernel_facts_read(&facts);
	if (kernel_preflight(&facts))
		return EXIT_FAIL;
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
		       level_name(level), strerror(errno), argv[i]);
		return EXIT_FAIL;
	}
	execvp(argv[i], argv + i);
	errorf("cannot run %s: %s", argv[i], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
