// SPDX-License-Identifier: GPL-2.0
/* The verb table's dispatch: help, options, operands, preflight (see
 * struct verb in lockdownctl.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "kernel.h"
#include "lockdownctl.h"

/* -h/--help before "--" (and, for VERB_OPTIONS_FIRST, before the first
 * operand: the rest is a command's or a subverb's). Help wins over any
 * other mistake on the line. */
static bool wants_help(int argc, char **argv, bool options_first)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
		if (options_first && argv[i][0] != '-')
			return false;
	}
	return false;
}

static const struct verb *find_verb(const struct verb *const *verbs,
				    const char *name)
{
	for (; *verbs; verbs++) {
		if (!strcmp((*verbs)->name, name))
			return *verbs;
	}
	return NULL;
}

enum { OPT_HELP = 'h', OPT_VERBOSE = 'v', OPT_JSON = 256, OPT_OWN = 257 };

/* The verb's options, for getopt_long: help, verbose, json, its own. */
static void long_options(const struct verb *v, struct option *o, char *names)
{
	int n = 0;

	o[n++] = (struct option){ "help", no_argument, NULL, OPT_HELP };
	o[n++] = (struct option){ "verbose", no_argument, NULL, OPT_VERBOSE };
	if (v->flags & VERB_JSON)
		o[n++] = (struct option){ "json", no_argument, NULL, OPT_JSON };
	for (int i = 0; i < VERB_OPTIONS_MAX && v->options[i]; i++) {
		size_t len = strcspn(v->options[i], "=");
		char *name = names + i * 32;

		snprintf(name, 32, "%.*s", (int)len, v->options[i]);
		o[n++] = (struct option){ name,
					  v->options[i][len] ? required_argument
							     : no_argument,
					  NULL, OPT_OWN + i };
	}
	o[n] = (struct option){ 0 };
}

int verb_dispatch(const struct verb *const *verbs, int argc, char **argv,
		  bool *verbose)
{
	const struct verb *v = find_verb(verbs, argv[0]);
	struct option opts[4 + VERB_OPTIONS_MAX];
	char names[VERB_OPTIONS_MAX * 32];
	struct verb_call call = { 0 };
	int c, operands;

	if (!v)
		return -1;
	if (wants_help(argc, argv, v->flags & VERB_OPTIONS_FIRST)) {
		puts(v->usage);
		return EXIT_OK;
	}
	long_options(v, opts, names);
	optind = 0; /* GNU: start over, for the subverb's own pass */
	opterr = 0;
	while ((c = getopt_long(argc, argv,
				v->flags & VERB_OPTIONS_FIRST ? "+:hv" : ":hv",
				opts, NULL)) != -1) {
		if (c == OPT_HELP) {
			puts(v->usage);
			return EXIT_OK;
		} else if (c == OPT_VERBOSE) {
			*verbose = true;
		} else if (c == OPT_JSON) {
			call.json = true;
		} else if (c >= OPT_OWN) {
			call.option_set[c - OPT_OWN] = true;
			call.option_value[c - OPT_OWN] = optarg;
		} else {
			errorf("%s '%s'\n%s",
			       c == ':' ? "missing value for"
					: "unknown option",
			       argv[optind - 1], v->usage);
			return EXIT_USAGE;
		}
	}
	operands = argc - optind;
	if (operands < v->min_operands ||
	    (v->max_operands >= 0 && operands > v->max_operands)) {
		errorf("%s\n%s", v->operands_error, v->usage);
		return EXIT_USAGE;
	}
	if (v->subverbs) {
		c = verb_dispatch(v->subverbs, operands, argv + optind,
				  verbose);
		if (c < 0) {
			errorf("unknown %s command '%s'\n%s", v->name,
			       argv[optind], v->usage);
			return EXIT_USAGE;
		}
		return c;
	}
	call.argc = operands;
	call.argv = argv + optind;
	if (v->check && (c = v->check(&call)) >= 0)
		return c;
	if (v->flags & VERB_KERNEL) {
		kernel_mount_filesystems();
		kernel_facts_read(&call.facts);
		if (kernel_preflight(&call.facts))
			return EXIT_FAIL;
	}
	return v->run(&call);
}
