/* SPDX-License-Identifier: GPL-2.0 */
/* Where policies come from: configuration files and the kernel. */
#ifndef POLICY_IO_H
#define POLICY_IO_H

#include <stdbool.h>
#include <stdio.h>
#include "cgroup.h"
#include "policy.h"
#include "reason.h"

/* Reads @file, or without one the main configuration and its drop-ins,
 * and resolves its scopes (see policy_resolve_scopes for @skip_missing).
 * Errors are printed as "file:line: ..."; 0 or -EINVAL. */
int policy_load_config(const char *file, const struct reason_set *reasons,
		       bool skip_missing, struct policy *p);

/* At boot: the main configuration and its drop-ins read fail-closed
 * (config.h), their scopes resolved with the missing ones skipped. @p is
 * always usable; messages go to @err. Returns the number of errors: what
 * was read strictly or skipped (0: the policy as written). */
unsigned int policy_load_boot(const struct reason_set *reasons, FILE *err,
			      struct policy *p);

/* The policy in force; the defaults with @applied false when lockdown was
 * never applied since boot. 0 or a negative errno. */
int policy_read_kernel(struct policy *p, bool *applied);

/* Prints a change as "  COMPONENT: BEFORE -> AFTER[ (weakens)]". */
void policy_print_change(const struct policy_change *c, void *file);

#endif
