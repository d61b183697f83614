/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The BPF side's objects that the guard names (struct lockdown_guard) and
 * lockdownctl pins, in one table (guarded.c): the loader pins and arms
 * from it, pins_open() opens and verifies from it, and so status reads
 * through it. A new map or a new pinned object is one line there; every
 * map of the skeleton must have one (tests/unit/test_guarded.c says which
 * has not). Programs and links are all guarded, by enumeration.
 */
#ifndef GUARDED_H
#define GUARDED_H

#include <stddef.h>
#include <stdbool.h>
#include "lockdown_abi.h"

struct lockdown_bpf;

/* What the guard lets anyone do with an object, and where in struct
 * lockdown_guard it says so. */
enum guard_class {
	GUARD_HIDDEN, /* hidden_maps: no fd for anyone */
	GUARD_READONLY, /* readonly_maps: read-only fds only (pinned so) */
	GUARD_EVENTS, /* events_map: the ring buffer, its fd handed out */
	GUARD_RAISE, /* raise_prog: its fd handed out */
	GUARD_POLICY, /* policy_prog: its fd handed out */
	GUARD_CLASSES,
};

struct guarded_object {
	const char *pin; /* its name in LOCKDOWN_PIN_DIR; NULL: not pinned */
	bool prog; /* a program, else a map */
	size_t skel; /* offset of its pointer in struct lockdown_bpf */
	enum guard_class guard;
	size_t pins_fd; /* when pinned: offset of its fd in struct pins */
};

extern const struct guarded_object guarded_objects[];
extern const size_t n_guarded_objects;

/* How many objects of @guard struct lockdown_guard holds. */
size_t guarded_capacity(enum guard_class guard);

/* The fd of @o in a loaded @skel. */
int guarded_fd(const struct guarded_object *o, const struct lockdown_bpf *skel);

/* The kernel's id of the map, program or link of @fd; 0 if none. */
__u32 guarded_id(int fd);

/* Fills the ids of the table's objects of a loaded @skel into @g, by
 * class. -E2BIG when a class has more than the ABI holds, -ENOENT when an
 * object has no id. */
int guarded_arm(struct lockdown_guard *g, const struct lockdown_bpf *skel);

#endif
