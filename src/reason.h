/* SPDX-License-Identifier: GPL-2.0 */
/* The lockdown reasons of the running kernel, read from its BTF by name,
 * and the one table of their upstream descriptions. */
#ifndef REASON_H
#define REASON_H

#include <stddef.h>
#include <bpf/btf.h>
#include "lockdown_abi.h"

#define REASON_NAME_LEN 48

struct reason {
	char name[REASON_NAME_LEN]; /* "dev_mem": the enum name, lower case */
	__u32 value; /* the running kernel's number for it */
	enum lockdown_level level; /* lowest level that refuses it */
	const char *description; /* upstream's words, or NULL */
};

struct reason_set {
	struct reason *reasons; /* in the kernel's order */
	size_t count;
	__u32 integrity_max;
	__u32 confidentiality_max;
};

/* Upstream description for a reason name ("dev_mem"), or NULL. */
const char *reason_description(const char *name);

/* Fills @set from enum lockdown_reason in @btf; 0 or a negative errno
 * (-ENOENT when the enum or its level markers are missing). */
int reason_set_from_btf(const struct btf *btf, struct reason_set *set);

/* The same from the running kernel's BTF. */
int reason_set_load(struct reason_set *set);

/* The same, parsed in a short-lived child process: the kernel's BTF takes
 * megabytes to parse, which a long-running process (monitor) should not
 * keep as its peak memory. */
int reason_set_load_in_child(struct reason_set *set);

const struct reason *reason_by_value(const struct reason_set *set, __u32 value);
const struct reason *reason_by_name(const struct reason_set *set,
				    const char *name);

void reason_set_free(struct reason_set *set);

#endif
