// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "guarded.h"
#include "pins.h"
#include "lockdown.skel.h"

#define MAP(name) false, offsetof(struct lockdown_bpf, maps.name)
#define PROG(name) true, offsetof(struct lockdown_bpf, progs.name)
#define PINS(field) offsetof(struct pins, field)

/* Pinned in this order; the order of hidden_maps and readonly_maps too. */
const struct guarded_object guarded_objects[] = {
	{ LOCKDOWN_PIN_RAISE, PROG(raise_level), GUARD_RAISE, PINS(raise) },
	{ LOCKDOWN_PIN_POLICY, PROG(policy), GUARD_POLICY, PINS(policy) },
	{ LOCKDOWN_PIN_COUNTERS, MAP(counters), GUARD_READONLY,
	  PINS(counters) },
	{ LOCKDOWN_PIN_EVENT_STATS, MAP(event_stats), GUARD_READONLY,
	  PINS(event_stats) },
	{ LOCKDOWN_PIN_EVENTS, MAP(events), GUARD_EVENTS, PINS(events) },
	{ NULL, MAP(state), GUARD_HIDDEN, 0 },
	{ NULL, MAP(guard), GUARD_HIDDEN, 0 },
	{ NULL, MAP(bursts), GUARD_HIDDEN, 0 },
	{ NULL, MAP(scope_levels), GUARD_HIDDEN, 0 },
	{ NULL, MAP(scope_list), GUARD_HIDDEN, 0 },
	{ NULL, MAP(task_scopes), GUARD_HIDDEN, 0 },
	{ NULL, MAP(policy_args), GUARD_HIDDEN, 0 },
	/* Frozen at load; hidden all the same: no map of ours unguarded. */
	{ NULL, MAP(rodata), GUARD_HIDDEN, 0 },
	/* The count of changes of propagation under way. */
	{ NULL, MAP(bss), GUARD_HIDDEN, 0 },
};

const size_t n_guarded_objects =
	sizeof(guarded_objects) / sizeof(guarded_objects[0]);

/* Where struct lockdown_guard holds the ids of @guard, and how many. */
static __u32 *class_slots(struct lockdown_guard *g, enum guard_class guard,
			  size_t *n)
{
	*n = 1;
	switch (guard) {
	case GUARD_HIDDEN:
		*n = LOCKDOWN_GUARD_HIDDEN_MAPS;
		return g->hidden_maps;
	case GUARD_READONLY:
		*n = LOCKDOWN_GUARD_READONLY_MAPS;
		return g->readonly_maps;
	case GUARD_EVENTS:
		return &g->events_map;
	case GUARD_RAISE:
		return &g->raise_prog;
	case GUARD_POLICY:
		return &g->policy_prog;
	default:
		*n = 0;
		return NULL;
	}
}

size_t guarded_capacity(enum guard_class guard)
{
	struct lockdown_guard g;
	size_t n;

	class_slots(&g, guard, &n);
	return n;
}

int guarded_fd(const struct guarded_object *o, const struct lockdown_bpf *skel)
{
	const void *obj = *(void *const *)((const char *)skel + o->skel);

	return o->prog ? bpf_program__fd(obj) : bpf_map__fd(obj);
}

__u32 guarded_id(int fd)
{
	union {
		struct bpf_map_info map;
		struct bpf_prog_info prog;
		struct bpf_link_info link;
	} info;
	__u32 len = sizeof(info);

	/* All three begin with type and id. */
	_Static_assert(offsetof(struct bpf_map_info, id) ==
				       offsetof(struct bpf_prog_info, id) &&
			       offsetof(struct bpf_map_info, id) ==
				       offsetof(struct bpf_link_info, id),
		       "info layouts");
	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return 0;
	return info.map.id;
}

int guarded_arm(struct lockdown_guard *g, const struct lockdown_bpf *skel)
{
	size_t used[GUARD_CLASSES] = { 0 };

	for (size_t i = 0; i < n_guarded_objects; i++) {
		const struct guarded_object *o = &guarded_objects[i];
		size_t n;
		__u32 *slots = class_slots(g, o->guard, &n);

		/* Never leave an object of ours outside the guard. */
		if (used[o->guard] == n)
			return -E2BIG;
		slots[used[o->guard]] = guarded_id(guarded_fd(o, skel));
		if (!slots[used[o->guard]++])
			return -ENOENT;
	}
	return 0;
}
