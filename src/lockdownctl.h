/* SPDX-License-Identifier: GPL-2.0 */
/* What every lockdownctl command shares: exit codes, messages, verbs. */
#ifndef LOCKDOWNCTL_H
#define LOCKDOWNCTL_H

#include <stdbool.h>

/* Exit codes, as systemd's *ctl tools use them. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1, /* the request could not be carried out */
	EXIT_USAGE = 2, /* the request itself is malformed */
};

/* "lockdownctl: <message>" on stderr. */
void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* True when argv holds -h/--help before any "--". */
bool wants_help(int argc, char **argv);

/* Options of a command that takes only --json: prints help or a usage
 * error and returns the exit code, or returns -1 to go on. */
int command_options(int argc, char **argv, const char *name, const char *usage,
		    bool *json);

/* Prints @o on one line and releases it. */
struct json_object;
void json_print(struct json_object *o);

int do_status(int argc, char **argv);
int do_set(int argc, char **argv);
int do_reasons(int argc, char **argv);
int do_monitor(int argc, char **argv);
int do_boot(int argc, char **argv);
int do_apply(int argc, char **argv);
int do_policy(int argc, char **argv);
int do_run(int argc, char **argv);
int do_report(int argc, char **argv);
int do_upgrade(int argc, char **argv);

#endif
