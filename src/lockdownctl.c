// SPDX-License-Identifier: GPL-2.0
/* lockdownctl: kernel lockdown as a BPF LSM on a running kernel. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "generation.h"
#include "level.h"
#include "lockdownctl.h"
#include "ratchet.h"

#ifndef LOCKDOWN_VERSION
#define LOCKDOWN_VERSION "0.1.0"
#endif

static bool verbose;

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "status", do_status, "show the level in force (securityfs format)" },
	{ "set", do_set, "raise the level: integrity or confidentiality" },
	{ "reasons", do_reasons, "list the running kernel's lockdown reasons" },
	{ "monitor", do_monitor, "follow denials as they happen" },
	{ "apply", do_apply, "put a policy file in force (lockdown.conf)" },
	{ "policy", do_policy, "check, diff or show a policy" },
	{ "run", do_run, "run a command locked down at a level" },
	{ "report", do_report, "summarise recorded events (audit mode)" },
	{ "boot", do_boot, "apply what the boot asks for (bpf_lockdown=)" },
	{ "upgrade", do_upgrade, "take over from an older build, keeping all" },
};

static int print_libbpf(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	if (level == LIBBPF_DEBUG && !verbose)
		return 0;
	if (level == LIBBPF_INFO && !verbose)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static void usage(FILE *out)
{
	fprintf(out, "Usage: lockdownctl [-v] COMMAND [ARGS]\n"
		     "Kernel lockdown (integrity, confidentiality) enforced by "
		     "a BPF LSM\n"
		     "on the running kernel. The level only goes up.\n\n"
		     "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-9s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(out,
		"\nOptions:\n"
		"  -v, --verbose  show libbpf's messages\n"
		"  -h, --help     show this help; COMMAND --help for a "
		"command\n"
		"  --version      show the version\n\n"
		"Exit status: 0 done, 1 refused or failed, 2 bad usage.\n");
}

int main(int argc, char **argv)
{
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "--version")) {
			printf("lockdownctl %s (build %s, build minimum level: %s)\n",
			       LOCKDOWN_VERSION, generation_build_id(),
			       level_name(LOCKDOWN_MIN_LEVEL));
			return EXIT_OK;
		} else if (!strcmp(argv[i], "-v") ||
			   !strcmp(argv[i], "--verbose")) {
			verbose = true;
		} else {
			errorf("unknown option '%s'", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	libbpf_set_print(print_libbpf);
	for (size_t c = 0; c < sizeof(commands) / sizeof(commands[0]); c++) {
		if (!strcmp(argv[i], commands[c].name))
			return commands[c].run(argc - i, argv + i);
	}
	errorf("unknown command '%s'", argv[i]);
	usage(stderr);
	return EXIT_USAGE;
}
