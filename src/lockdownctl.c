// SPDX-License-Identifier: GPL-2.0
/* lockdownctl: kernel lockdown as a BPF LSM on a running kernel. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <getopt.h>
#include <bpf/libbpf.h>
#include "generation.h"
#include "level.h"
#include "lockdownctl.h"

#ifndef LOCKDOWN_VERSION
#define LOCKDOWN_VERSION "0.1.0"
#endif

static bool verbose;

static const struct verb *const verbs[] = {
	&verb_status, &verb_set,     &verb_reasons, &verb_monitor,
	&verb_apply,  &verb_policy,  &verb_run,	    &verb_report,
	&verb_boot,   &verb_upgrade, NULL,
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
	for (size_t i = 0; verbs[i]; i++)
		fprintf(out, "  %-9s %s\n", verbs[i]->name, verbs[i]->summary);
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
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	int c;

	opterr = 0;
	/* Options before the verb; the verb's own come after it. */
	while ((c = getopt_long(argc, argv, "+hv", opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return EXIT_OK;
		} else if (c == 'V') {
			printf("lockdownctl %s (build %s, build minimum level: %s)\n",
			       LOCKDOWN_VERSION, generation_build_id(),
			       level_name(LOCKDOWN_MIN_LEVEL));
			return EXIT_OK;
		} else if (c == 'v') {
			verbose = true;
		} else {
			errorf("unknown option '%s'", argv[optind - 1]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	libbpf_set_print(print_libbpf);
	c = verb_dispatch(verbs, argc - optind, argv + optind, &verbose);
	if (c >= 0)
		return c;
	errorf("unknown command '%s'", argv[optind]);
	usage(stderr);
	return EXIT_USAGE;
}
