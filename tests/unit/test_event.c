// SPDX-License-Identifier: GPL-2.0
/* Unit tests for src/event.c: a denial as the kernel's log line and JSON. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

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
	p->e.suppressed = 0;
	p->e.route = LOCKDOWN_ROUTE_NONE;
	p->e.action = LOCKDOWN_ACTION_DENY;
	p->e.decider = LOCKDOWN_BY_HOST;
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
	p.e.suppressed = 3;
	event_format_text(&p.e, NULL, buf, sizeof(buf));
	assert_string_equal(
		buf,
		"Lockdown: rm: tampering with lockdown is restricted; see man kernel_lockdown.7 [pid=42 reason=self_protect level=integrity route=pin_remove folded=3]");
	p.e.route = LOCKDOWN_ROUTE_MAX + 1;
	event_format_text(&p.e, NULL, buf, sizeof(buf));
	assert_non_null(strstr(buf, " route=unknown folded=3]"));
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
	p.e.suppressed = 7;
	event_format_text(&p.e, &dev_mem, buf, sizeof(buf));
	assert_string_equal(buf, "Lockdown: cat: /dev/mem,kmem,port is "
				 "restricted; see man kernel_lockdown.7 "
				 "[pid=42 reason=dev_mem level=integrity "
				 "folded=7]");

	p.e.suppressed = 1;
	event_format_text(&p.e, &dev_mem, buf, sizeof(buf));
	assert_string_equal(buf, "Lockdown: cat: /dev/mem,kmem,port is "
				 "restricted; see man kernel_lockdown.7 "
				 "[pid=42 reason=dev_mem level=integrity "
				 "folded=1]");

	p.e.suppressed = 4294967295u;
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
	p.e.decider = LOCKDOWN_BY_CGROUP;
	event_format_text(&p.e, &dev_mem, buf, sizeof(buf));
	assert_string_equal(
		buf,
		"Lockdown: cat: /dev/mem,kmem,port would be restricted (audit); see man kernel_lockdown.7 [pid=42 reason=dev_mem level=integrity scope=cgroup]");
	o = event_to_json(&p.e, &dev_mem, 0);
	assert_string_equal(get_string(o, "action"), "audit");
	assert_string_equal(get_string(o, "scope"), "cgroup");
	json_object_put(o);
	p.e.decider = 9;
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
	p.e.suppressed = 3;
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
	};

	return cmocka_run_group_tests_name("event", tests, setup_zone, NULL);
}
