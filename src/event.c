// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "event.h"
#include "level.h"

/* comm is not NUL-terminated when it fills the buffer. */
static void copy_comm(const struct lockdown_event *e, char *out)
{
	memcpy(out, e->comm, LOCKDOWN_COMM_LEN);
	out[LOCKDOWN_COMM_LEN] = '\0';
}

static const char *const routes[] = {
	[LOCKDOWN_ROUTE_NONE] = "",
	[LOCKDOWN_ROUTE_LINK_BY_ID] = "link_by_id",
	[LOCKDOWN_ROUTE_MAP_FD] = "map_fd",
	[LOCKDOWN_ROUTE_PROG_FD] = "prog_fd",
	[LOCKDOWN_ROUTE_PROG_ATTACH] = "prog_attach",
	[LOCKDOWN_ROUTE_PIN_OPEN] = "pin_open",
	[LOCKDOWN_ROUTE_PIN_REMOVE] = "pin_remove",
	[LOCKDOWN_ROUTE_UMOUNT] = "umount",
	[LOCKDOWN_ROUTE_MOUNT] = "mount",
	[LOCKDOWN_ROUTE_SCOPE_ESCAPE] = "scope_escape",
	[LOCKDOWN_ROUTE_SCOPE_PTRACE] = "scope_ptrace",
	[LOCKDOWN_ROUTE_PROG_LOAD] = "prog_load",
	[LOCKDOWN_ROUTE_PIN_PLANT] = "pin_plant",
	[LOCKDOWN_ROUTE_UMOUNT_PARENT] = "umount_parent",
	[LOCKDOWN_ROUTE_MOUNT_MOVE] = "mount_move",
	[LOCKDOWN_ROUTE_MOUNT_SHARE] = "mount_share",
	[LOCKDOWN_ROUTE_UMOUNT_EXPOSED] = "umount_exposed",
	[LOCKDOWN_ROUTE_MOUNTPOINT_REMOVE] = "mountpoint_remove",
	[LOCKDOWN_ROUTE_UMOUNT_RACING] = "umount_racing",
};

static const char *const scopes[] = {
	[LOCKDOWN_SCOPE_HOST] = "host",
	[LOCKDOWN_SCOPE_CGROUP] = "cgroup",
	[LOCKDOWN_SCOPE_PROCESS] = "process",
};

const char *event_scope_name(__u32 scope)
{
	return scope <= LOCKDOWN_SCOPE_PROCESS ? scopes[scope] : "unknown";
}

static bool audited(const struct lockdown_event *e)
{
	return e->action == LOCKDOWN_ACTION_AUDIT;
}

const char *event_route_name(__u32 route)
{
	return route <= LOCKDOWN_ROUTE_MAX ? routes[route] : "unknown";
}

__u64 event_routes_unknown(const __u64 counts[LOCKDOWN_ROUTE_SLOTS])
{
	__u64 sum = counts[LOCKDOWN_ROUTE_NONE];

	for (__u32 r = LOCKDOWN_ROUTE_MAX + 1; r < LOCKDOWN_ROUTE_SLOTS; r++)
		sum += counts[r];
	return sum;
}

static void reason_words(const struct lockdown_event *e, const struct reason *r,
			 char *name, size_t name_size, const char **desc)
{
	if (e->reason == LOCKDOWN_REASON_SELF_PROTECT) {
		snprintf(name, name_size, "%s", EVENT_SELF_PROTECT);
		*desc = "tampering with lockdown";
	} else if (r) {
		snprintf(name, name_size, "%s", r->name);
		*desc = r->description ? r->description : r->name;
	} else {
		snprintf(name, name_size, "reason_%u", e->reason);
		*desc = name;
	}
}

void event_format_text(const struct lockdown_event *e, const struct reason *r,
		       char *buf, size_t size)
{
	char comm[LOCKDOWN_COMM_LEN + 1], name[REASON_NAME_LEN + 16];
	char folded[48] = "", route[48] = "", scope[32] = "";
	const char *desc;

	copy_comm(e, comm);
	reason_words(e, r, name, sizeof(name), &desc);
	if (e->route)
		snprintf(route, sizeof(route), " route=%s",
			 event_route_name(e->route));
	if (e->folded)
		snprintf(folded, sizeof(folded), " folded=%u", e->folded);
	if (e->scope != LOCKDOWN_SCOPE_HOST)
		snprintf(scope, sizeof(scope), " scope=%s",
			 event_scope_name(e->scope));
	snprintf(
		buf, size,
		"Lockdown: %s: %s %s; see man kernel_lockdown.7 [pid=%u reason=%s level=%s%s%s%s]",
		comm, desc,
		audited(e) ? "would be restricted (audit)" : "is restricted",
		e->tgid, name, level_name(e->level), scope, route, folded);
}

json_object *event_to_json(const struct lockdown_event *e,
			   const struct reason *r, __u64 realtime_ns)
{
	char comm[LOCKDOWN_COMM_LEN + 1], name[REASON_NAME_LEN + 16], when[64];
	time_t secs = realtime_ns / 1000000000ULL;
	json_object *o = json_object_new_object();
	const char *desc;
	struct tm tm;

	copy_comm(e, comm);
	reason_words(e, r, name, sizeof(name), &desc);
	gmtime_r(&secs, &tm);
	snprintf(when, sizeof(when), "%04d-%02d-%02dT%02d:%02d:%02d.%06lluZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec,
		 (unsigned long long)(realtime_ns % 1000000000ULL) / 1000);
	json_object_object_add(o, "time", json_object_new_string(when));
	json_object_object_add(o, "pid", json_object_new_int64(e->tgid));
	json_object_object_add(o, "tid", json_object_new_int64(e->pid));
	json_object_object_add(o, "uid", json_object_new_int64(e->uid));
	json_object_object_add(o, "comm", json_object_new_string(comm));
	json_object_object_add(o, "reason", json_object_new_string(name));
	json_object_object_add(o, "description", json_object_new_string(desc));
	json_object_object_add(o, "level",
			       json_object_new_string(level_name(e->level)));
	json_object_object_add(
		o, "action",
		json_object_new_string(audited(e) ? "audit" : "deny"));
	json_object_object_add(
		o, "scope", json_object_new_string(event_scope_name(e->scope)));
	json_object_object_add(o, "cgroup_id",
			       json_object_new_uint64(e->cgroup_id));
	json_object_object_add(o, "exe_ino",
			       json_object_new_uint64(e->exe_ino));
	json_object_object_add(o, "folded", json_object_new_int64(e->folded));
	if (e->route)
		json_object_object_add(
			o, "route",
			json_object_new_string(event_route_name(e->route)));
	return o;
}

void event_format_dropped(__u64 dropped, char *buf, size_t size)
{
	snprintf(
		buf, size,
		"Lockdown: %llu denials not shown: event buffer full (counts in 'lockdownctl status' stay exact)",
		(unsigned long long)dropped);
}

void event_format_kmsg(const struct lockdown_event *e, const struct reason *r,
		       char *buf, size_t size)
{
	char comm[LOCKDOWN_COMM_LEN + 1], name[REASON_NAME_LEN + 16];
	const char *desc;

	copy_comm(e, comm);
	reason_words(e, r, name, sizeof(name), &desc);
	snprintf(buf, size, "Lockdown: %s: %s %s; see man kernel_lockdown.7",
		 comm, desc,
		 audited(e) ? "would be restricted (audit)" : "is restricted");
}

/* Appends one "NAME=value" row; false when @max rows are full. */
static bool __attribute__((format(printf, 4, 5)))
add_field(char fields[][EVENT_JOURNAL_FIELD_SIZE], size_t max, int *n,
	  const char *fmt, ...)
{
	va_list ap;

	if (*n < 0 || (size_t)*n >= max) {
		*n = -ENOSPC;
		return false;
	}
	va_start(ap, fmt);
	vsnprintf(fields[*n], EVENT_JOURNAL_FIELD_SIZE, fmt, ap);
	va_end(ap);
	(*n)++;
	return true;
}

int event_journal_fields(const struct lockdown_event *e, const struct reason *r,
			 const char *exe, const char *cgroup, bool running,
			 char fields[][EVENT_JOURNAL_FIELD_SIZE], size_t max)
{
	char comm[LOCKDOWN_COMM_LEN + 1], name[REASON_NAME_LEN + 16];
	char line[512];
	bool self_protect = e->reason == LOCKDOWN_REASON_SELF_PROTECT;
	const char *desc;
	int n = 0;

	copy_comm(e, comm);
	reason_words(e, r, name, sizeof(name), &desc);
	event_format_text(e, r, line, sizeof(line));
	add_field(fields, max, &n, "MESSAGE=%s", line);
	add_field(fields, max, &n, "MESSAGE_ID=%s", EVENT_JOURNAL_MESSAGE_ID);
	add_field(fields, max, &n, "PRIORITY=%d",
		  audited(e) && !self_protect ? 5 : 4);
	add_field(fields, max, &n, "SYSLOG_IDENTIFIER=%s",
		  EVENT_JOURNAL_IDENTIFIER);
	add_field(fields, max, &n, "DOCUMENTATION=man:kernel_lockdown(7)");
	add_field(fields, max, &n, "REASON=%s", name);
	add_field(fields, max, &n, "ACTION=%s", audited(e) ? "audit" : "deny");
	add_field(fields, max, &n, "LEVEL=%s", level_name(e->level));
	add_field(fields, max, &n, "SCOPE=%s", event_scope_name(e->scope));
	add_field(fields, max, &n, "COMM=%s", comm);
	if (exe && exe[0])
		add_field(fields, max, &n, "EXE=%s", exe);
	if (cgroup && cgroup[0])
		add_field(fields, max, &n, "CGROUP=%s", cgroup);
	add_field(fields, max, &n, "CGROUP_ID=%llu",
		  (unsigned long long)e->cgroup_id);
	add_field(fields, max, &n, "LOCKDOWN_PID=%u", e->tgid);
	add_field(fields, max, &n, "LOCKDOWN_TID=%u", e->pid);
	add_field(fields, max, &n, "LOCKDOWN_UID=%u", e->uid);
	add_field(fields, max, &n, "FOLDED=%u", e->folded);
	if (self_protect || e->route)
		add_field(fields, max, &n, "ROUTE=%s",
			  event_route_name(e->route));
	if (running)
		add_field(fields, max, &n, "OBJECT_PID=%u", e->tgid);
	return n;
}

int event_journal_dropped_fields(__u64 dropped,
				 char fields[][EVENT_JOURNAL_FIELD_SIZE],
				 size_t max)
{
	char line[256];
	int n = 0;

	event_format_dropped(dropped, line, sizeof(line));
	add_field(fields, max, &n, "MESSAGE=%s", line);
	add_field(fields, max, &n, "MESSAGE_ID=%s", EVENT_JOURNAL_DROPPED_ID);
	add_field(fields, max, &n, "PRIORITY=4");
	add_field(fields, max, &n, "SYSLOG_IDENTIFIER=%s",
		  EVENT_JOURNAL_IDENTIFIER);
	add_field(fields, max, &n, "DROPPED=%llu", (unsigned long long)dropped);
	return n;
}

__u64 event_ratelimit_expire(struct event_ratelimit *rl, __u64 now_ns)
{
	__u64 missed = rl->missed;

	/* An earlier time (events are not strictly ordered across CPUs)
	 * belongs to the current interval. */
	if (!rl->started || now_ns < rl->begin_ns ||
	    now_ns - rl->begin_ns <= EVENT_RATELIMIT_INTERVAL_NS)
		return 0;
	rl->begin_ns = now_ns;
	rl->printed = 0;
	rl->missed = 0;
	return missed;
}

bool event_ratelimit(struct event_ratelimit *rl, __u64 now_ns, __u64 *missed)
{
	if (!rl->started) {
		rl->started = true;
		rl->begin_ns = now_ns;
	}
	*missed = event_ratelimit_expire(rl, now_ns);
	if (rl->printed < EVENT_RATELIMIT_BURST) {
		rl->printed++;
		return true;
	}
	rl->missed++;
	return false;
}
