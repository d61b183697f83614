/* SPDX-License-Identifier: GPL-2.0 */
/* How a denial event is shown: the kernel's own log line, or JSON. */
#ifndef EVENT_H
#define EVENT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <json-c/json.h>
#include "lockdown_abi.h"
#include "reason.h"

/* The reason name of self-protection events. */
#define EVENT_SELF_PROTECT "self_protect"

/* Name of an enum lockdown_route ("" for none). */
const char *event_route_name(__u32 route);

/* Of per-route counts (lockdown_event_stats.self_protect_route), those
 * of routes this build has no name for (none, or added by a later build
 * of the same ABI): they are shown as route "unknown". */
__u64 event_routes_unknown(const __u64 counts[LOCKDOWN_ROUTE_SLOTS]);

/* Name of an enum lockdown_scope_kind: "host", "cgroup", "process". */
const char *event_scope_name(__u32 scope);

/* "Lockdown: <comm>: <description> is restricted; see man
 * kernel_lockdown.7 [pid=N reason=NAME level=LEVEL]". @r may be NULL for
 * a reason this kernel's BTF does not name. */
void event_format_text(const struct lockdown_event *e, const struct reason *r,
		       char *buf, size_t size);

/* @realtime_ns: the event's time on CLOCK_REALTIME. */
json_object *event_to_json(const struct lockdown_event *e,
			   const struct reason *r, __u64 realtime_ns);

/* "Lockdown: N denials not shown: event buffer full (...)": what monitor
 * says of @dropped events lost to a full ring buffer. */
void event_format_dropped(__u64 dropped, char *buf, size_t size);

/* The kernel's own log line, word for word as security/lockdown's
 * pr_notice: "Lockdown: <comm>: <description> is restricted; see man
 * kernel_lockdown.7" ("would be restricted (audit)" for an audit). */
void event_format_kmsg(const struct lockdown_event *e, const struct reason *r,
		       char *buf, size_t size);

/*
 * The systemd journal (monitor --journal). MESSAGE_ID of every denial,
 * audit and self_protect event, so that `journalctl
 * MESSAGE_ID=7fc3f456cae64a678f465513ede3f625` lists them all; generated
 * once with `systemd-id128 new` and never to change.
 */
#define EVENT_JOURNAL_MESSAGE_ID "7fc3f456cae64a678f465513ede3f625"
/* MESSAGE_ID of "N denials not shown: event buffer full" (DROPPED=N);
 * also from `systemd-id128 new`, also fixed. */
#define EVENT_JOURNAL_DROPPED_ID "870d27997828480483b6b48d5d612c02"
#define EVENT_JOURNAL_IDENTIFIER "lockdownctl"

/* Room for one "NAME=value" field: EXE= and CGROUP= hold a path. */
#define EVENT_JOURNAL_FIELD_SIZE (PATH_MAX + 32)
/* More than event_journal_fields() ever fills. */
#define EVENT_JOURNAL_MAX_FIELDS 24

/*
 * The journal fields of an event, one NUL-terminated "NAME=value" per row
 * of @fields, for sd_journal_sendv(): MESSAGE= (event_format_text's line),
 * MESSAGE_ID=, PRIORITY= (4 warning for a denial or self_protect, 5 notice
 * for an audit), SYSLOG_IDENTIFIER=, DOCUMENTATION=, REASON=, ACTION=
 * (deny|audit), LEVEL=, SCOPE= (host|cgroup|process), COMM=, EXE= and
 * CGROUP= (only when @exe / @cgroup are non-empty), CGROUP_ID=,
 * LOCKDOWN_PID=, LOCKDOWN_TID=, LOCKDOWN_UID=, FOLDED=, ROUTE=
 * (self_protect events) and, when @running, OBJECT_PID=: journald then
 * adds OBJECT_COMM=, OBJECT_UID=, OBJECT_CMDLINE= ... of that pid, which
 * describe the process of the event only while it still runs (pids are
 * reused, and events may be read long after). UID=, TID= and PID-like
 * journald fields are the sender's, hence the LOCKDOWN_ ones. @exe and
 * @cgroup may be NULL. Returns how many rows were filled, or -ENOSPC
 * (nothing usable) when @max rows are not enough.
 */
int event_journal_fields(const struct lockdown_event *e, const struct reason *r,
			 const char *exe, const char *cgroup, bool running,
			 char fields[][EVENT_JOURNAL_FIELD_SIZE], size_t max);

/* The same for @dropped events lost to a full buffer: a warning with
 * DROPPED=N and its own MESSAGE_ID. */
int event_journal_dropped_fields(__u64 dropped,
				 char fields[][EVENT_JOURNAL_FIELD_SIZE],
				 size_t max);

/*
 * The kernel's printk rate limit (DEFAULT_RATELIMIT_INTERVAL 5 s, burst
 * 10), which upstream's pr_notice_ratelimited() applies to its lockdown
 * line: monitor --kmsg keeps the kernel log, a shared and bounded ring,
 * from being flooded by denials. Zero-initialise.
 */
#define EVENT_RATELIMIT_INTERVAL_NS (5 * 1000000000ULL)
#define EVENT_RATELIMIT_BURST 10
struct event_ratelimit {
	bool started;
	__u64 begin_ns;
	unsigned int printed;
	__u64 missed;
};

/* Whether a line at @now_ns (CLOCK_MONOTONIC) may be written. When one
 * starts a new interval, *@missed is set to how many the previous
 * interval held back (else to 0), to be reported first. */
bool event_ratelimit(struct event_ratelimit *rl, __u64 now_ns, __u64 *missed);

/* Ends the interval when @now_ns is past it, as the next event_ratelimit()
 * would, and returns how many it held back: lets monitor report them
 * when no further line comes. */
__u64 event_ratelimit_expire(struct event_ratelimit *rl, __u64 now_ns);

#endif
