/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The summary of recorded lockdown events ('lockdownctl monitor --json'
 * lines): per reason, which executables, cgroups and uids, how often, when,
 * and with which action; self-protection events apart, per route.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "level.h"
#include "reason.h"

/* Occurrences of one executable, cgroup or uid. */
struct report_count {
	char *name; /* exe or cgroup path; NULL when the event had none */
	char *comm; /* executables: the command name, or NULL */
	int64_t uid; /* uids */
	uint64_t count;
};

/* Each list is an array (in the printed order after report_read) plus a
 * search tree over the same entries, so that a week of events with many
 * distinct cgroups does not make every lookup a linear scan. */
struct report_counts {
	struct report_count **items;
	size_t count, cap;
	void *index;
};

/* The events of one reason, or the tampering attempts of one route. */
struct report_group {
	char *name;
	uint64_t count, denied, audited;
	char *first, *last; /* ISO-8601 times as recorded; NULL if none */
	struct report_counts exes, cgroups, uids;
};

struct report_groups {
	struct report_group **items;
	size_t count, cap;
	void *index;
};

struct report {
	struct report_groups reasons; /* by count, most first, then name */
	struct report_groups tampering; /* self_protect, by route */
	uint64_t events; /* occurrences: each line counts folded + 1 */
	uint64_t dropped; /* lost to a full buffer ({"dropped":N} lines) */
	uint64_t skipped; /* lines that are not lockdown events */
	char *first_skipped; /* "NAME:LINE" of the first of them */
	char *first, *last;
};

void report_init(struct report *r);

/* Adds the lines of @in (named @name in messages) to @r. Returns 0, or a
 * negative errno when @in cannot be read (memory, I/O); lines that are not
 * events are counted in @r->skipped, never an error. */
int report_read(struct report *r, FILE *in, const char *name);

void report_free(struct report *r);

/* "allow" or "deny": what this kernel's lockdown does with @reason at
 * @level; NULL when @set does not know @reason (or could not be read). */
const char *report_outcome(const struct reason_set *set, const char *reason,
			   enum lockdown_level level);

/* @set may be empty: outcomes are then unknown ("?" in text, null in
 * JSON). */
void report_print_text(const struct report *r, const struct reason_set *set,
		       FILE *out);
void report_print_json(const struct report *r, const struct reason_set *set,
		       FILE *out);

#endif
