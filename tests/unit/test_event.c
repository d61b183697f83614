// SPDX-License-Identifier: GPL-2.0
/* Unit tests for src/event.c: a denial as the kernel's log line and JSON. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <json-c/json.h>
#include "event.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct reason dev_mem = {
	.name = "dev_mem",
	.value = 2,
	.level = LOCKDOWN_LEVEL_INTEGRITY,
	.description = "/dev/mem,kmem,port",
};

/* A reason the description table has no words for. */
static const struct reason future_thing = {
	.name = "future_thing",
	.value = 5,
	.level = LOCKDOWN_LEVEL_CONFIDENTIALITY,
	.description = NULL,
};

/*
 * The event sits in a buffer filled with 'X' past its end, so that a comm
 * read beyond its 16 bytes shows up as stray X's.
 */
struct padded_event {
	struct lockdown_event e;
	char tail[32];
};

static void make_event(struct padded_event *p, const char *comm)
{
	memset(p, 'X', sizeof(*p));
	p->e.ktime_ns = 123;
	p->e.pid = 43;
	p->e.tgid = 42;
	p->e.uid = 1000;
	p->e.reason = 2;
	p->e.level = LOCKDOWN_LEVEL_INTEGRITY;
	p->e.folded = 0;
	p->e.route = LOCKDOWN_ROUTE_NONE;
	p->e.action = LOCKDOWN_ACTION_DENY;
	p->e.scope = LOCKDOWN_SCOPE_HOST;
	p->e.cgroup_id = 7;
	p->e.exe_ino = 11;
	p->e.exe_dev = 3;
	p->e.pad = 0;
	memset(p->e.comm, 0, sizeof(p->e.comm));
	memcpy(p->e.comm, comm, strnlen(comm, LOCKDOWN_COMM_LEN));
}

/* Self-protection events name the refused route; no kernel reason. */
static void test_text_self_protect(void **state)
{
	struct padded_event p;
	char buf[512];

	(void)state;
	make_event(&p, "rm");
	p.e.reason = LOCKDOWN_REASON_SELF_PROTECT;
	p.e.route = LOCKDOWN_ROUTE_PIN_REMOVE;
	p.e.folded = 3;
	event_format_text(&p.e, NULL, buf, sizeof(buf));
	assert_string_equal(
		buf,
		"Lockdown: rm: tampering with lockdown is restricted; see man kernel_lockdown.7 [pid=42 reason=self_protect level=integrity route=pin_remove folded=3]");
	p.e.route = LOCKDOWN_ROUTE_MAX + 1;
	event_format_text(&p.e, NULL, buf, sizeof(buf));
	assert_non_null(strstr(buf, " route=unknown folded=3]"));
}

/* Every route has a name: one added to the ABI without one would print
 * as nothing (or read past the table). */
static void test_every_route_named(void **state)
{
	(void)state;
	for (__u32 r = LOCKDOWN_ROUTE_NONE + 1; r <= LOCKDOWN_ROUTE_MAX; r++) {
		assert_non_null(event_route_name(r));
		assert_true(event_route_name(r)[0] != '\0');
		assert_string_not_equal(event_route_name(r), "unknown");
	}
	assert_string_equal(event_route_name(LOCKDOWN_ROUTE_SCOPE_PTRACE),
			    "scope_ptrace");
}

/* Per-route counts: those of routes with no name in this build (none, or
 * one a later build of the same ABI added) add up as "unknown"; named
 * routes never do. */
static void test_routes_unknown(void **state)
{
	__u64 n[LOCKDOWN_ROUTE_SLOTS] = { 0 };

	(void)state;
	for (__u32 r = LOCKDOWN_ROUTE_NONE + 1; r <= LOCKDOWN_ROUTE_MAX; r++)
		n[r] = 1000;
	assert_int_equal(event_routes_unknown(n), 0);
	n[LOCKDOWN_ROUTE_NONE] = 1;
	n[LOCKDOWN_ROUTE_MAX + 1] = 2;
	n[LOCKDOWN_ROUTE_SLOTS - 1] = 4;
	assert_int_equal(event_routes_unknown(n), 7);
}

static void test_json_self_protect(void **state)
{
	struct padded_event p;
	json_object *o, *v;

	(void)state;
	make_event(&p, "bpftool");
	p.e.reason = LOCKDOWN_REASON_SELF_PROTECT;
	p.e.route = LOCKDOWN_ROUTE_LINK_BY_ID;
	o = event_to_json(&p.e, NULL, 0);
	assert_true(json_object_object_get_ex(o, "reason", &v));
	assert_string_equal(json_object_get_string(v), "self_protect");
	assert_true(json_object_object_get_ex(o, "route", &v));
	assert_string_equal(json_object_get_string(v), "link_by_id");
	json_object_put(o);
}

static void test_text(void **state)
{
	struct padded_event p;
	char buf[512];

	(void)state;
	make_event(&p, "cat");
	event_format_text(&p.e, &dev_mem, buf, sizeof(buf));
	assert_string_equal(buf, "Lockdown: cat: /dev/mem,kmem,port is "
				 "restricted; see man kernel_lockdown.7 "
				 "[pid=42 reason=dev_mem level=integrity]");
}

static void test_text_folded(void **state)
{
	struct padded_event p;
	char buf[512];

	(void)state;
	make_event(&p, "cat");
	p.e.folded = 7;
	event_format_text(&p.e, &dev_mem, buf, sizeof(buf));
	assert_string_equal(buf, "Lockdown: cat: /dev/mem,kmem,port is "
				 "restricted; see man kernel_lockdown.7 "
				 "[pid=42 reason=dev_mem level=integrity "
				 "folded=7]");

	p.e.folded = 1;
	event_format_text(&p.e, &dev_mem, buf, sizeof(buf));
	assert_string_equal(buf, "Lockdown: cat: /dev/mem,kmem,port is "
				 "restricted; see man kernel_lockdown.7 "
				 "[pid=42 reason=dev_mem level=integrity "
				 "folded=1]");

	p.e.folded = 4294967295u;
	event_format_text(&p.e, &dev_mem, buf, sizeof(buf));
	assert_string_equal(buf, "Lockdown: cat: /dev/mem,kmem,port is "
				 "restricted; see man kernel_lockdown.7 "
				 "[pid=42 reason=dev_mem level=integrity "
				 "folded=4294967295]");
}

/* The kernel does not NUL-terminate a comm that fills its 16 bytes. */
static void test_text_full_comm(void **state)
{
	struct padded_event p;
	char buf[512];

	(void)state;
	make_event(&p, "");
	memcpy(p.e.comm, "0123456789abcdef", LOCKDOWN_COMM_LEN);
	event_format_text(&p.e, &dev_mem, buf, sizeof(buf));
	assert_string_equal(buf, "Lockdown: 0123456789abcdef: /dev/mem,kmem,"
				 "port is restricted; see man "
				 "kernel_lockdown.7 [pid=42 reason=dev_mem "
				 "level=integrity]");
}

/* A reason this kernel's BTF does not name is shown by its number. */
static void test_text_unknown_reason(void **state)
{
	struct padded_event p;
	char buf[512];

	(void)state;
	make_event(&p, "cat");
	p.e.reason = 99;
	p.e.level = LOCKDOWN_LEVEL_CONFIDENTIALITY;
	event_format_text(&p.e, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "Lockdown: cat: reason_99 is restricted; see "
				 "man kernel_lockdown.7 [pid=42 "
				 "reason=reason_99 level=confidentiality]");

	p.e.reason = 4294967295u;
	event_format_text(&p.e, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "Lockdown: cat: reason_4294967295 is "
				 "restricted; see man kernel_lockdown.7 "
				 "[pid=42 reason=reason_4294967295 "
				 "level=confidentiality]");
}

/* A named reason without upstream words is shown by its name. */
static void test_text_no_description(void **state)
{
	struct padded_event p;
	char buf[512];

	(void)state;
	make_event(&p, "perf");
	p.e.reason = 5;
	p.e.level = LOCKDOWN_LEVEL_CONFIDENTIALITY;
	event_format_text(&p.e, &future_thing, buf, sizeof(buf));
	assert_string_equal(buf, "Lockdown: perf: future_thing is restricted; "
				 "see man kernel_lockdown.7 [pid=42 "
				 "reason=future_thing level=confidentiality]");
}

static void test_text_unknown_level(void **state)
{
	struct padded_event p;
	char buf[512];

	(void)state;
	make_event(&p, "cat");
	p.e.level = 9;
	event_format_text(&p.e, &dev_mem, buf, sizeof(buf));
	assert_string_equal(buf, "Lockdown: cat: /dev/mem,kmem,port is "
				 "restricted; see man kernel_lockdown.7 "
				 "[pid=42 reason=dev_mem level=unknown]");
}

/* A short buffer gets a terminated prefix and nothing past @size. */
static void test_text_truncated(void **state)
{
	struct padded_event p;
	char buf[64];

	(void)state;
	make_event(&p, "cat");
	memset(buf, 'Y', sizeof(buf));
	event_format_text(&p.e, &dev_mem, buf, 20);
	assert_string_equal(buf, "Lockdown: cat: /dev");
	assert_int_equal(buf[20], 'Y');
}

static const char *get_string(json_object *o, const char *key)
{
	json_object *v;

	assert_true(json_object_object_get_ex(o, key, &v));
	assert_true(json_object_is_type(v, json_type_string));
	return json_object_get_string(v);
}

static int64_t get_int(json_object *o, const char *key)
{
	json_object *v;

	assert_true(json_object_object_get_ex(o, key, &v));
	assert_true(json_object_is_type(v, json_type_int));
	return json_object_get_int64(v);
}

static void test_json(void **state)
{
	struct padded_event p;
	json_object *o;

	(void)state;
	make_event(&p, "cat");
	o = event_to_json(&p.e, &dev_mem, 1700000000123456789ULL);
	assert_non_null(o);
	assert_true(json_object_is_type(o, json_type_object));
	assert_int_equal(json_object_object_length(o), 13);
	assert_string_equal(get_string(o, "time"),
			    "2023-11-14T22:13:20.123456Z");
	assert_int_equal(get_int(o, "pid"), 42);
	assert_int_equal(get_int(o, "tid"), 43);
	assert_int_equal(get_int(o, "uid"), 1000);
	assert_string_equal(get_string(o, "comm"), "cat");
	assert_string_equal(get_string(o, "reason"), "dev_mem");
	assert_string_equal(get_string(o, "description"), "/dev/mem,kmem,port");
	assert_string_equal(get_string(o, "level"), "integrity");
	assert_string_equal(get_string(o, "action"), "deny");
	assert_string_equal(get_string(o, "scope"), "host");
	assert_int_equal(get_int(o, "cgroup_id"), 7);
	assert_int_equal(get_int(o, "exe_ino"), 11);
	assert_int_equal(get_int(o, "folded"), 0);
	json_object_put(o);
}

/* An audited would-be denial decided by a cgroup scope says both. */
static void test_audit_and_scope(void **state)
{
	struct padded_event p;
	char buf[512];
	json_object *o;

	(void)state;
	make_event(&p, "cat");
	p.e.action = LOCKDOWN_ACTION_AUDIT;
	p.e.scope = LOCKDOWN_SCOPE_CGROUP;
	event_format_text(&p.e, &dev_mem, buf, sizeof(buf));
	assert_string_equal(
		buf,
		"Lockdown: cat: /dev/mem,kmem,port would be restricted (audit); see man kernel_lockdown.7 [pid=42 reason=dev_mem level=integrity scope=cgroup]");
	o = event_to_json(&p.e, &dev_mem, 0);
	assert_string_equal(get_string(o, "action"), "audit");
	assert_string_equal(get_string(o, "scope"), "cgroup");
	json_object_put(o);
	p.e.scope = 9;
	o = event_to_json(&p.e, &dev_mem, 0);
	assert_string_equal(get_string(o, "scope"), "unknown");
	json_object_put(o);
}

static void test_json_folded_unknown_reason(void **state)
{
	struct padded_event p;
	json_object *o;

	(void)state;
	make_event(&p, "cat");
	p.e.reason = 99;
	p.e.level = LOCKDOWN_LEVEL_CONFIDENTIALITY;
	p.e.folded = 3;
	p.e.uid = 4294967295u;
	o = event_to_json(&p.e, NULL, 1700000000123456789ULL);
	assert_non_null(o);
	assert_int_equal(json_object_object_length(o), 13);
	assert_string_equal(get_string(o, "reason"), "reason_99");
	assert_string_equal(get_string(o, "description"), "reason_99");
	assert_string_equal(get_string(o, "level"), "confidentiality");
	assert_string_equal(get_string(o, "action"), "deny");
	assert_int_equal(get_int(o, "folded"), 3);
	/* A __u32 is never shown negative. */
	assert_int_equal(get_int(o, "uid"), 4294967295);
	json_object_put(o);
}

static void test_json_full_comm(void **state)
{
	struct padded_event p;
	json_object *o;

	(void)state;
	make_event(&p, "");
	memcpy(p.e.comm, "0123456789abcdef", LOCKDOWN_COMM_LEN);
	o = event_to_json(&p.e, &dev_mem, 0);
	assert_non_null(o);
	assert_string_equal(get_string(o, "comm"), "0123456789abcdef");
	json_object_put(o);
}

/* Microseconds are cut, not rounded, and always six digits. */
static void test_json_time(void **state)
{
	static const struct {
		__u64 ns;
		const char *when;
	} cases[] = {
		{ 0, "1970-01-01T00:00:00.000000Z" },
		{ 999, "1970-01-01T00:00:00.000000Z" },
		{ 1000, "1970-01-01T00:00:00.000001Z" },
		{ 999999999, "1970-01-01T00:00:00.999999Z" },
		{ 1700000000000999999ULL, "2023-11-14T22:13:20.000999Z" },
		{ 1709164800000000000ULL, "2024-02-29T00:00:00.000000Z" },
		{ 4102444799999999999ULL, "2099-12-31T23:59:59.999999Z" },
	};
	struct padded_event p;

	(void)state;
	make_event(&p, "cat");
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		json_object *o = event_to_json(&p.e, &dev_mem, cases[i].ns);

		assert_non_null(o);
		assert_string_equal(get_string(o, "time"), cases[i].when);
		json_object_put(o);
	}
}

static char fields[EVENT_JOURNAL_MAX_FIELDS][EVENT_JOURNAL_FIELD_SIZE];

/* The value of journal field @name in the @n rows, or NULL. */
static const char *field(int n, const char *name)
{
	size_t len = strlen(name);

	for (int i = 0; i < n; i++) {
		if (!strncmp(fields[i], name, len) && fields[i][len] == '=')
			return fields[i] + len + 1;
	}
	return NULL;
}

/* Every field of a denial, in order, and the MESSAGE is the text line. */
static void test_journal_fields(void **state)
{
	static const char *const want[] = {
		"MESSAGE=Lockdown: cat: /dev/mem,kmem,port is restricted; see man kernel_lockdown.7 [pid=42 reason=dev_mem level=integrity folded=2]",
		"MESSAGE_ID=7fc3f456cae64a678f465513ede3f625",
		"PRIORITY=4",
		"SYSLOG_IDENTIFIER=lockdownctl",
		"DOCUMENTATION=man:kernel_lockdown(7)",
		"REASON=dev_mem",
		"ACTION=deny",
		"LEVEL=integrity",
		"SCOPE=host",
		"COMM=cat",
		"EXE=/usr/bin/cat",
		"CGROUP=/user.slice/user-1000.slice/session-1.scope",
		"CGROUP_ID=7",
		"LOCKDOWN_PID=42",
		"LOCKDOWN_TID=43",
		"LOCKDOWN_UID=1000",
		"FOLDED=2",
		"OBJECT_PID=42",
	};
	struct padded_event p;
	char line[512];
	int n;

	(void)state;
	make_event(&p, "cat");
	p.e.folded = 2;
	n = event_journal_fields(&p.e, &dev_mem, "/usr/bin/cat",
				 "/user.slice/user-1000.slice/session-1.scope",
				 true, fields, EVENT_JOURNAL_MAX_FIELDS);
	assert_int_equal(n, ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		assert_string_equal(fields[i], want[i]);
	event_format_text(&p.e, &dev_mem, line, sizeof(line));
	assert_string_equal(field(n, "MESSAGE"), line);
}

/* An audit is a notice; unknown paths leave their fields out; the scope
 * that decided is named. */
static void test_journal_audit_no_paths(void **state)
{
	struct padded_event p;
	int n;

	(void)state;
	make_event(&p, "perf");
	p.e.action = LOCKDOWN_ACTION_AUDIT;
	p.e.scope = LOCKDOWN_SCOPE_PROCESS;
	p.e.level = LOCKDOWN_LEVEL_CONFIDENTIALITY;
	p.e.uid = 4294967295u;
	p.e.cgroup_id = 18446744073709551615ULL;
	n = event_journal_fields(&p.e, &dev_mem, "", NULL, false, fields,
				 EVENT_JOURNAL_MAX_FIELDS);
	assert_int_equal(n, 15);
	assert_string_equal(field(n, "PRIORITY"), "5");
	assert_string_equal(field(n, "ACTION"), "audit");
	assert_string_equal(field(n, "SCOPE"), "process");
	assert_string_equal(field(n, "LEVEL"), "confidentiality");
	assert_string_equal(field(n, "LOCKDOWN_UID"), "4294967295");
	assert_string_equal(field(n, "CGROUP_ID"), "18446744073709551615");
	assert_null(field(n, "EXE"));
	assert_null(field(n, "CGROUP"));
	assert_null(field(n, "ROUTE"));
	assert_non_null(
		strstr(field(n, "MESSAGE"), "would be restricted (audit)"));
	n = event_journal_fields(&p.e, &dev_mem, NULL, "", false, fields,
				 EVENT_JOURNAL_MAX_FIELDS);
	assert_int_equal(n, 15);
	assert_string_equal(field(n, "LOCKDOWN_PID"), "42");
	assert_null(field(n, "OBJECT_PID"));
	assert_null(field(n, "EXE"));
	assert_null(field(n, "CGROUP"));
}

/* Tampering is a warning with its route, even were it only audited. A
 * process that no longer runs gets no OBJECT_PID=: journald would describe
 * whichever process has the pid now. */
static void test_journal_self_protect(void **state)
{
	struct padded_event p;
	int n;

	(void)state;
	make_event(&p, "rm");
	p.e.reason = LOCKDOWN_REASON_SELF_PROTECT;
	p.e.route = LOCKDOWN_ROUTE_PIN_REMOVE;
	n = event_journal_fields(&p.e, NULL, "/usr/bin/rm", "/", false, fields,
				 EVENT_JOURNAL_MAX_FIELDS);
	assert_int_equal(n, 18);
	assert_string_equal(fields[n - 1], "ROUTE=pin_remove");
	assert_string_equal(field(n, "REASON"), "self_protect");
	assert_string_equal(field(n, "PRIORITY"), "4");
	assert_string_equal(field(n, "CGROUP"), "/");
	assert_null(field(n, "OBJECT_PID"));
	p.e.action = LOCKDOWN_ACTION_AUDIT;
	p.e.route = LOCKDOWN_ROUTE_MAX + 1;
	n = event_journal_fields(&p.e, NULL, NULL, NULL, false, fields,
				 EVENT_JOURNAL_MAX_FIELDS);
	assert_string_equal(field(n, "PRIORITY"), "4");
	assert_string_equal(field(n, "ROUTE"), "unknown");
}

/* Names journald accepts (A-Z, 0-9, _; not starting with _ or a digit,
 * at most 64 bytes), none of the sender's own (UID=, TID=), each once. */
static void test_journal_field_names(void **state)
{
	struct padded_event p;
	int n;

	(void)state;
	make_event(&p, "0123456789abcdef");
	memcpy(p.e.comm, "0123456789abcdef", LOCKDOWN_COMM_LEN);
	p.e.reason = LOCKDOWN_REASON_SELF_PROTECT;
	p.e.route = LOCKDOWN_ROUTE_MAP_FD;
	p.e.folded = 9;
	n = event_journal_fields(&p.e, NULL, "/x", "/y", true, fields,
				 EVENT_JOURNAL_MAX_FIELDS);
	assert_int_equal(n, 19);
	for (int i = 0; i < n; i++) {
		size_t len = strcspn(fields[i], "=");

		assert_int_equal(fields[i][len], '=');
		assert_true(len > 0 && len <= 64);
		assert_true(fields[i][0] >= 'A' && fields[i][0] <= 'Z');
		for (size_t j = 0; j < len; j++)
			assert_non_null(
				strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_",
				       fields[i][j]));
		for (int k = 0; k < i; k++)
			assert_false(!strncmp(fields[k], fields[i], len + 1));
	}
	assert_null(field(n, "UID"));
	assert_null(field(n, "TID"));
	assert_null(field(n, "PID"));
	assert_string_equal(field(n, "COMM"), "0123456789abcdef");
}

/* A path as long as the kernel allows is kept whole. */
static void test_journal_long_path(void **state)
{
	static char exe[PATH_MAX];
	struct padded_event p;
	int n;

	(void)state;
	make_event(&p, "cat");
	memset(exe, 'a', sizeof(exe) - 1);
	exe[0] = '/';
	exe[sizeof(exe) - 1] = '\0';
	n = event_journal_fields(&p.e, &dev_mem, exe, exe, false, fields,
				 EVENT_JOURNAL_MAX_FIELDS);
	assert_int_equal(n, 17);
	assert_string_equal(field(n, "EXE"), exe);
	assert_string_equal(field(n, "CGROUP"), exe);
}

/* Too few rows: an error, not a silently shortened list. */
static void test_journal_too_few_rows(void **state)
{
	struct padded_event p;

	(void)state;
	make_event(&p, "cat");
	assert_int_equal(event_journal_fields(&p.e, &dev_mem, "/x", "/y", true,
					      fields, 18),
			 18);
	assert_int_equal(event_journal_fields(&p.e, &dev_mem, "/x", "/y", true,
					      fields, 17),
			 -ENOSPC);
	assert_int_equal(event_journal_fields(&p.e, &dev_mem, NULL, NULL, false,
					      fields, 0),
			 -ENOSPC);
	assert_int_equal(event_journal_dropped_fields(1, fields, 5), 5);
	assert_int_equal(event_journal_dropped_fields(1, fields, 4), -ENOSPC);
}

static void test_journal_dropped(void **state)
{
	char line[256];
	int n;

	(void)state;
	n = event_journal_dropped_fields(18446744073709551615ULL, fields,
					 EVENT_JOURNAL_MAX_FIELDS);
	assert_int_equal(n, 5);
	assert_string_equal(
		fields[0],
		"MESSAGE=Lockdown: 18446744073709551615 denials not shown: event buffer full (counts in 'lockdownctl status' stay exact)");
	assert_string_equal(fields[1],
			    "MESSAGE_ID=870d27997828480483b6b48d5d612c02");
	assert_string_equal(fields[2], "PRIORITY=4");
	assert_string_equal(fields[3], "SYSLOG_IDENTIFIER=lockdownctl");
	assert_string_equal(fields[4], "DROPPED=18446744073709551615");
	event_format_dropped(3, line, sizeof(line));
	assert_string_equal(
		line,
		"Lockdown: 3 denials not shown: event buffer full (counts in 'lockdownctl status' stay exact)");
}

/* 128-bit ids as journald wants them: 32 lower-case hex digits. */
static void test_journal_message_ids(void **state)
{
	const char *ids[] = { EVENT_JOURNAL_MESSAGE_ID,
			      EVENT_JOURNAL_DROPPED_ID };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
		assert_int_equal(strlen(ids[i]), 32);
		assert_int_equal(strspn(ids[i], "0123456789abcdef"), 32);
	}
	assert_string_not_equal(ids[0], ids[1]);
}

/* The kernel's own line, word for word: nothing after "kernel_lockdown.7". */
static void test_kmsg(void **state)
{
	struct padded_event p;
	char buf[256];

	(void)state;
	make_event(&p, "cat");
	p.e.folded = 4;
	p.e.scope = LOCKDOWN_SCOPE_CGROUP;
	event_format_kmsg(&p.e, &dev_mem, buf, sizeof(buf));
	assert_string_equal(
		buf,
		"Lockdown: cat: /dev/mem,kmem,port is restricted; see man kernel_lockdown.7");
	p.e.action = LOCKDOWN_ACTION_AUDIT;
	event_format_kmsg(&p.e, &dev_mem, buf, sizeof(buf));
	assert_string_equal(
		buf,
		"Lockdown: cat: /dev/mem,kmem,port would be restricted (audit); see man kernel_lockdown.7");
	make_event(&p, "");
	memcpy(p.e.comm, "0123456789abcdef", LOCKDOWN_COMM_LEN);
	p.e.reason = 99;
	event_format_kmsg(&p.e, NULL, buf, sizeof(buf));
	assert_string_equal(
		buf,
		"Lockdown: 0123456789abcdef: reason_99 is restricted; see man kernel_lockdown.7");
	make_event(&p, "rm");
	p.e.reason = LOCKDOWN_REASON_SELF_PROTECT;
	p.e.route = LOCKDOWN_ROUTE_UMOUNT;
	event_format_kmsg(&p.e, NULL, buf, sizeof(buf));
	assert_string_equal(
		buf,
		"Lockdown: rm: tampering with lockdown is restricted; see man kernel_lockdown.7");
}

#define SEC 1000000000ULL

/* The kernel's ratelimit: 10 lines, then silence until 5 s have passed,
 * then the count of the silenced ones. */
static void test_ratelimit(void **state)
{
	struct event_ratelimit rl = { 0 };
	__u64 missed = 99, t = 100 * SEC;

	(void)state;
	for (int i = 0; i < EVENT_RATELIMIT_BURST; i++) {
		assert_true(event_ratelimit(&rl, t + i, &missed));
		assert_int_equal(missed, 0);
	}
	assert_false(event_ratelimit(&rl, t + SEC, &missed));
	assert_int_equal(missed, 0);
	assert_false(event_ratelimit(&rl, t + 5 * SEC, &missed));
	assert_int_equal(missed, 0);
	/* Earlier than the interval's start (another CPU): still in it. */
	assert_false(event_ratelimit(&rl, t - SEC, &missed));
	assert_int_equal(missed, 0);
	assert_int_equal(event_ratelimit_expire(&rl, t + 5 * SEC), 0);
	assert_true(event_ratelimit(&rl, t + 5 * SEC + 1, &missed));
	assert_int_equal(missed, 3);
	for (int i = 1; i < EVENT_RATELIMIT_BURST; i++)
		assert_true(event_ratelimit(&rl, t + 6 * SEC, &missed));
	assert_false(event_ratelimit(&rl, t + 6 * SEC, &missed));
	assert_false(event_ratelimit(&rl, t + 7 * SEC, &missed));
	/* Said when no line follows, once. */
	assert_int_equal(event_ratelimit_expire(&rl, t + 10 * SEC), 0);
	assert_int_equal(event_ratelimit_expire(&rl, t + 11 * SEC), 2);
	assert_int_equal(event_ratelimit_expire(&rl, t + 30 * SEC), 0);
	assert_true(event_ratelimit(&rl, t + 30 * SEC, &missed));
	assert_int_equal(missed, 0);
}

/* A fresh limiter starts at its first line, whatever the clock says. */
static void test_ratelimit_start(void **state)
{
	struct event_ratelimit rl = { 0 };
	__u64 missed = 99;

	(void)state;
	assert_int_equal(event_ratelimit_expire(&rl, 1000 * SEC), 0);
	for (int i = 0; i < EVENT_RATELIMIT_BURST; i++)
		assert_true(event_ratelimit(&rl, 0, &missed));
	assert_int_equal(missed, 0);
	assert_false(event_ratelimit(&rl, 0, &missed));
	assert_true(event_ratelimit(&rl, 6 * SEC, &missed));
	assert_int_equal(missed, 1);
}

/* Times must come out in UTC whatever the local zone: make it not UTC. */
static int setup_zone(void **state)
{
	(void)state;
	if (setenv("TZ", "XST-5:30", 1))
		return -1;
	tzset();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_self_protect),
		cmocka_unit_test(test_json_self_protect),
		cmocka_unit_test(test_every_route_named),
		cmocka_unit_test(test_routes_unknown),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_folded),
		cmocka_unit_test(test_text_full_comm),
		cmocka_unit_test(test_text_unknown_reason),
		cmocka_unit_test(test_text_no_description),
		cmocka_unit_test(test_text_unknown_level),
		cmocka_unit_test(test_text_truncated),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_audit_and_scope),
		cmocka_unit_test(test_json_folded_unknown_reason),
		cmocka_unit_test(test_json_full_comm),
		cmocka_unit_test(test_json_time),
		cmocka_unit_test(test_journal_fields),
		cmocka_unit_test(test_journal_audit_no_paths),
		cmocka_unit_test(test_journal_self_protect),
		cmocka_unit_test(test_journal_field_names),
		cmocka_unit_test(test_journal_long_path),
		cmocka_unit_test(test_journal_too_few_rows),
		cmocka_unit_test(test_journal_dropped),
		cmocka_unit_test(test_journal_message_ids),
		cmocka_unit_test(test_kmsg),
		cmocka_unit_test(test_ratelimit),
		cmocka_unit_test(test_ratelimit_start),
	};

	return cmocka_run_group_tests_name("event", tests, setup_zone, NULL);
}
