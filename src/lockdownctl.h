/* SPDX-License-Identifier: GPL-2.0 */
/* What every lockdownctl command shares: exit codes, messages, verbs. */
#ifndef LOCKDOWNCTL_H
#define LOCKDOWNCTL_H

#include <stdbool.h>
#include "kernel.h"
#include "lockdown_abi.h"
#include "msg.h"

/* Exit codes, as systemd's *ctl tools use them. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1, /* the request could not be carried out */
	EXIT_USAGE = 2, /* the request itself is malformed */
};

/* Prints @o on one line and releases it. */
struct json_object;
void json_print(struct json_object *o);

/*
 * A verb's contract, as systemd's *ctl verb tables carry it: the dispatch
 * (verb_dispatch) answers --help, takes the options (anywhere on the line,
 * getopt_long) and checks the number of operands, and for VERB_KERNEL
 * verbs mounts what lockdown needs and refuses to go on where the BPF
 * LSM cannot enforce, all before the verb runs.
 */
#define VERB_OPTIONS_MAX 4
enum {
	VERB_JSON = 1 << 0, /* takes --json */
	VERB_KERNEL = 1 << 1, /* loads or raises lockdown: preflight first */
	VERB_OPTIONS_FIRST = 1 << 2, /* options end at the first operand (a
				      * command, or a subverb, follows) */
};

struct verb_call;
struct verb {
	const char *name;
	const char *summary; /* one line, for lockdownctl --help */
	const char *usage; /* --help */
	int min_operands, max_operands; /* max -1: no bound */
	const char *operands_error; /* said when their number is wrong */
	unsigned int flags;
	/* Its own long options: "name", or "name=" when it takes a value. */
	const char *options[VERB_OPTIONS_MAX];
	/* A verb of verbs (policy): the first operand names one of these. */
	const struct verb *const *subverbs;
	/* Reads the operands before the preflight: an exit code (a usage
	 * error), or -1 to go on. */
	int (*check)(struct verb_call *call);
	int (*run)(const struct verb_call *call);
};

struct verb_call {
	int argc; /* the operands, options taken out */
	char **argv;
	bool json;
	bool option_set[VERB_OPTIONS_MAX]; /* by the index in verb->options */
	const char *option_value[VERB_OPTIONS_MAX];
	enum lockdown_level level; /* what check read, for set and run */
	struct kernel_facts facts; /* read for VERB_KERNEL verbs */
};

/* Runs the verb named by argv[0] among @verbs (NULL-terminated): an exit
 * code. -v/--verbose anywhere sets *@verbose. */
int verb_dispatch(const struct verb *const *verbs, int argc, char **argv,
		  bool *verbose);

extern const struct verb verb_status, verb_set, verb_reasons, verb_monitor,
	verb_apply, verb_policy, verb_run, verb_report, verb_boot, verb_upgrade;

#endif
