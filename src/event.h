/* SPDX-License-Identifier: GPL-2.0 */
/* How a denial event is shown: the kernel's own log line, or JSON. */
#ifndef EVENT_H
#define EVENT_H

#include <stddef.h>
#include <json-c/json.h>
#include "lockdown_abi.h"
#include "reason.h"

/* The reason name of self-protection events. */
#define EVENT_SELF_PROTECT "self_protect"

/* Name of an enum lockdown_route ("" for none). */
const char *event_route_name(__u32 route);

/* Name of an enum lockdown_decider: "host", "cgroup", "process". */
const char *event_decider_name(__u32 decider);

/* "Lockdown: <comm>: <description> is restricted; see man
 * kernel_lockdown.7 [pid=N reason=NAME level=LEVEL]". @r may be NULL for
 * a reason this kernel's BTF does not name. */
void event_format_text(const struct lockdown_event *e, const struct reason *r,
		       char *buf, size_t size);

/* @realtime_ns: the event's time on CLOCK_REALTIME. */
json_object *event_to_json(const struct lockdown_event *e,
			   const struct reason *r, __u64 realtime_ns);

#endif
