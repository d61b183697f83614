// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for src/report.c: 'lockdownctl monitor --json' lines summed
 * per reason, executable, cgroup and uid, and the text and JSON printed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "report.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Input lines are written to a memory stream, then read back. */
struct input {
	char *buf;
	size_t size;
	FILE *w;
};

static void input_open(struct input *in)
{
	memset(in, 0, sizeof(*in));
	in->w = open_memstream(&in->buf, &in->size);
	assert_non_null(in->w);
}

/* One event as monitor --json prints it; @exe or @cgroup NULL: null. */
static void add_event(struct input *in, const char *reason, const char *time,
		      const char *exe, const char *comm, const char *cgroup,
		      const char *action, int folded, int uid)
{
	fprintf(in->w,
		"{\"time\":\"%s\",\"pid\":42,\"tid\":42,\"uid\":%d,"
		"\"comm\":\"%s\",\"reason\":\"%s\",\"description\":\"d\","
		"\"level\":\"integrity\",\"action\":\"%s\",\"scope\":\"host\","
		"\"cgroup_id\":1,\"exe_ino\":2,\"folded\":%d",
		time, uid, comm, reason, action, folded);
	if (exe)
		fprintf(in->w, ",\"exe\":\"%s\"", exe);
	else
		fprintf(in->w, ",\"exe\":null");
	if (cgroup)
		fprintf(in->w, ",\"cgroup\":\"%s\"}\n", cgroup);
	else
		fprintf(in->w, ",\"cgroup\":null}\n");
}

static void add_tamper(struct input *in, const char *route, const char *time,
		       const char *exe)
{
	fprintf(in->w,
		"{\"time\":\"%s\",\"pid\":7,\"tid\":7,\"uid\":0,"
		"\"comm\":\"bpftool\",\"exe\":\"%s\",\"cgroup\":\"/\","
		"\"reason\":\"self_protect\",\"description\":\"tampering with "
		"lockdown\",\"level\":\"integrity\",\"action\":\"deny\","
		"\"scope\":\"host\",\"cgroup_id\":1,\"exe_ino\":2,"
		"\"folded\":0,\"route\":\"%s\"}\n",
		time, exe, route);
}

/* Reads what was written into @r as the file "in". */
static void input_read(struct input *in, struct report *r)
{
	FILE *f;

	assert_int_equal(fclose(in->w), 0);
	/* fmemopen() may refuse a zero size: an empty file instead. */
	f = in->size ? fmemopen(in->buf, in->size, "r") : tmpfile();
	assert_non_null(f);
	assert_int_equal(report_read(r, f, "in"), 0);
	fclose(f);
	free(in->buf);
}

static void read_string(struct report *r, const char *s)
{
	struct input in;

	input_open(&in);
	fputs(s, in.w);
	input_read(&in, r);
}

/* What a printer writes, as a string to free. */
static char *text_of(const struct report *r, const struct reason_set *set)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	assert_non_null(f);
	report_print_text(r, set, f);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static json_object *json_of(const struct report *r,
			    const struct reason_set *set)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	json_object *o;

	assert_non_null(f);
	report_print_json(r, set, f);
	assert_int_equal(fclose(f), 0);
	/* One object on one line. */
	assert_non_null(strchr(buf, '\n'));
	assert_ptr_equal(strchr(buf, '\n'), buf + size - 1);
	o = json_tokener_parse(buf);
	free(buf);
	assert_non_null(o);
	return o;
}

static json_object *get(json_object *o, const char *key)
{
	json_object *v;

	assert_true(json_object_object_get_ex(o, key, &v));
	return v;
}

static int64_t get_int(json_object *o, const char *key)
{
	json_object *v = get(o, key);

	assert_true(json_object_is_type(v, json_type_int));
	return json_object_get_int64(v);
}

static const char *get_string(json_object *o, const char *key)
{
	json_object *v = get(o, key);

	assert_true(json_object_is_type(v, json_type_string));
	return json_object_get_string(v);
}

static const struct report_group *group(const struct report_groups *l, size_t i)
{
	assert_true(i < l->count);
	return l->items[i];
}

static const struct report_count *entry(const struct report_counts *l, size_t i)
{
	assert_true(i < l->count);
	return l->items[i];
}

/* A line stands for itself and the events folded into it. */
static void test_folded_counts(void **state)
{
	struct report r;
	struct input in;

	(void)state;
	report_init(&r);
	input_open(&in);
	add_event(&in, "dev_mem", "2024-03-01T10:00:00.000000Z", "/usr/bin/x",
		  "x", "/a", "deny", 2, 0);
	add_event(&in, "dev_mem", "2024-03-01T10:00:01.000000Z", "/usr/bin/x",
		  "x", "/a", "deny", 0, 0);
	add_event(&in, "kcore", "2024-03-01T10:00:02.000000Z", "/usr/bin/x",
		  "x", "/a", "deny", 9, 0);
	input_read(&in, &r);
	assert_int_equal(r.events, 14);
	assert_int_equal(r.reasons.count, 2);
	/* Most frequent first. */
	assert_string_equal(group(&r.reasons, 0)->name, "kcore");
	assert_int_equal(group(&r.reasons, 0)->count, 10);
	assert_string_equal(group(&r.reasons, 1)->name, "dev_mem");
	assert_int_equal(group(&r.reasons, 1)->count, 4);
	assert_int_equal(entry(&group(&r.reasons, 1)->exes, 0)->count, 4);
	assert_int_equal(entry(&group(&r.reasons, 1)->cgroups, 0)->count, 4);
	assert_int_equal(entry(&group(&r.reasons, 1)->uids, 0)->count, 4);
	assert_int_equal(r.skipped, 0);
	report_free(&r);
}

/* First and last by time, whatever the order of the lines. */
static void test_first_last(void **state)
{
	static const char *const times[] = { "2024-03-02T00:00:00.000000Z",
					     "2024-03-01T23:59:59.999999Z",
					     "2024-03-07T11:00:00.000000Z",
					     "2024-03-03T12:00:00.000000Z" };
	const struct report_group *g;
	struct report r;
	struct input in;

	(void)state;
	report_init(&r);
	input_open(&in);
	for (size_t i = 0; i < ARRAY_SIZE(times); i++)
		add_event(&in, "dev_mem", times[i], "/x", "x", "/", "audit", 0,
			  0);
	add_event(&in, "kcore", "2024-03-08T00:00:00.000000Z", "/x", "x", "/",
		  "audit", 0, 0);
	input_read(&in, &r);
	g = group(&r.reasons, 0);
	assert_string_equal(g->name, "dev_mem");
	assert_string_equal(g->first, "2024-03-01T23:59:59.999999Z");
	assert_string_equal(g->last, "2024-03-07T11:00:00.000000Z");
	assert_string_equal(r.first, "2024-03-01T23:59:59.999999Z");
	assert_string_equal(r.last, "2024-03-08T00:00:00.000000Z");
	report_free(&r);
}

static void test_group_exe_cgroup_uid(void **state)
{
	const struct report_group *g;
	struct report r;
	struct input in;

	(void)state;
	report_init(&r);
	input_open(&in);
	add_event(&in, "dev_mem", "2024-03-01T10:00:00Z", "/usr/sbin/flashrom",
		  "flashrom", "/system.slice/fw.service", "audit", 0, 0);
	add_event(&in, "dev_mem", "2024-03-01T10:00:00Z", "/usr/sbin/dmidecode",
		  "dmidecode", "/system.slice/fw.service", "audit", 4, 0);
	add_event(&in, "dev_mem", "2024-03-01T10:00:00Z", "/usr/sbin/flashrom",
		  "flashrom", "/user.slice", "audit", 1, 1000);
	/* Same count as flashrom: ties go by name. */
	add_event(&in, "dev_mem", "2024-03-01T10:00:00Z", "/usr/bin/cat", "cat",
		  "/user.slice", "audit", 2, 1000);
	input_read(&in, &r);
	assert_int_equal(r.reasons.count, 1);
	g = group(&r.reasons, 0);
	assert_int_equal(g->count, 11);

	assert_int_equal(g->exes.count, 3);
	assert_string_equal(entry(&g->exes, 0)->name, "/usr/sbin/dmidecode");
	assert_int_equal(entry(&g->exes, 0)->count, 5);
	assert_string_equal(entry(&g->exes, 1)->name, "/usr/bin/cat");
	assert_int_equal(entry(&g->exes, 1)->count, 3);
	assert_string_equal(entry(&g->exes, 2)->name, "/usr/sbin/flashrom");
	assert_string_equal(entry(&g->exes, 2)->comm, "flashrom");
	assert_int_equal(entry(&g->exes, 2)->count, 3);

	assert_int_equal(g->cgroups.count, 2);
	assert_string_equal(entry(&g->cgroups, 0)->name,
			    "/system.slice/fw.service");
	assert_int_equal(entry(&g->cgroups, 0)->count, 6);
	assert_string_equal(entry(&g->cgroups, 1)->name, "/user.slice");
	assert_int_equal(entry(&g->cgroups, 1)->count, 5);

	assert_int_equal(g->uids.count, 2);
	assert_int_equal(entry(&g->uids, 0)->uid, 0);
	assert_int_equal(entry(&g->uids, 0)->count, 6);
	assert_int_equal(entry(&g->uids, 1)->uid, 1000);
	assert_int_equal(entry(&g->uids, 1)->count, 5);
	report_free(&r);
}

/* The process was gone before monitor read its exe: the comm instead. */
static void test_null_exe_uses_comm(void **state)
{
	const struct report_group *g;
	struct report r;
	struct input in;
	char *text;

	(void)state;
	report_init(&r);
	input_open(&in);
	add_event(&in, "kcore", "2024-03-01T10:00:00Z", NULL, "gone", NULL,
		  "deny", 0, 0);
	add_event(&in, "kcore", "2024-03-01T10:00:00Z", NULL, "gone", NULL,
		  "deny", 0, 0);
	add_event(&in, "kcore", "2024-03-01T10:00:00Z", "/usr/bin/python3",
		  "myscript", "/", "deny", 0, 0);
	input_read(&in, &r);
	g = group(&r.reasons, 0);
	assert_int_equal(g->exes.count, 2);
	assert_null(entry(&g->exes, 0)->name);
	assert_string_equal(entry(&g->exes, 0)->comm, "gone");
	assert_int_equal(entry(&g->exes, 0)->count, 2);
	assert_null(entry(&g->cgroups, 0)->name);

	text = text_of(&r, NULL);
	assert_non_null(strstr(text, "  exe     2  [gone]\n"));
	/* A script: its command name is not the interpreter's. */
	assert_non_null(
		strstr(text, "  exe     1  /usr/bin/python3 [myscript]\n"));
	assert_non_null(strstr(text, "  cgroup  2  (unknown)\n"));
	free(text);
	report_free(&r);
}

static void test_audit_and_deny(void **state)
{
	const struct report_group *g;
	struct report r;
	struct input in;

	(void)state;
	report_init(&r);
	input_open(&in);
	add_event(&in, "perf", "2024-03-01T10:00:00Z", "/x", "x", "/", "audit",
		  3, 0);
	add_event(&in, "perf", "2024-03-01T10:00:00Z", "/x", "x", "/", "deny",
		  1, 0);
	add_event(&in, "perf", "2024-03-01T10:00:00Z", "/x", "x", "/", "audit",
		  0, 0);
	input_read(&in, &r);
	g = group(&r.reasons, 0);
	assert_int_equal(g->count, 7);
	assert_int_equal(g->audited, 5);
	assert_int_equal(g->denied, 2);
	report_free(&r);
}

static void test_dropped(void **state)
{
	struct report r;
	struct input in;
	char *text;

	(void)state;
	report_init(&r);
	input_open(&in);
	fputs("{\"dropped\":5}\n", in.w);
	add_event(&in, "kcore", "2024-03-01T10:00:00Z", "/x", "x", "/", "deny",
		  0, 0);
	fputs("{\"dropped\":7}\n", in.w);
	input_read(&in, &r);
	assert_int_equal(r.dropped, 12);
	assert_int_equal(r.events, 1);
	assert_int_equal(r.skipped, 0);
	text = text_of(&r, NULL);
	assert_non_null(strstr(text, "warning: 12 events lost to a full event "
				     "buffer (dropped)"));
	free(text);
	report_free(&r);
}

/* Anything else is counted and skipped, never fatal. */
static void test_malformed(void **state)
{
	struct report r;
	struct input in;
	char *text;

	(void)state;
	report_init(&r);
	input_open(&in);
	add_event(&in, "kcore", "2024-03-01T10:00:00Z", "/x", "x", "/", "deny",
		  0, 0);
	fputs("\n", in.w); /* blank: not counted */
	fputs("lockdownctl: cannot open the pinned lockdown events\n", in.w);
	fputs("{\"reason\":\"kcore\",\"time\n", in.w); /* cut short */
	fputs("[1,2,3]\n", in.w);
	fputs("{\"reason\":7}\n", in.w);
	fputs("{\"dropped\":-3}\n", in.w);
	fputs("\x01\xff\xfe binary\n", in.w);
	add_event(&in, "kcore", "2024-03-01T10:00:00Z", "/x", "x", "/", "deny",
		  0, 0);
	fputs("{\"unterminated\":", in.w); /* last line, no newline */
	input_read(&in, &r);
	assert_int_equal(r.events, 2);
	assert_int_equal(r.skipped, 7);
	assert_string_equal(r.first_skipped, "in:3");
	assert_int_equal(r.dropped, 0);
	text = text_of(&r, NULL);
	assert_non_null(strstr(text, "7 lines skipped (not lockdown events), "
				     "the first at in:3\n"));
	free(text);
	report_free(&r);
}

/* journalctl's default output puts a prefix before each line. */
static void test_journal_prefix(void **state)
{
	struct report r;

	(void)state;
	report_init(&r);
	read_string(&r,
		    "Mar 01 10:00:00 host lockdownctl[99]: "
		    "{\"reason\":\"kcore\",\"time\":\"2024-03-01T10:00:00Z\","
		    "\"comm\":\"cat\",\"exe\":null,\"folded\":1}\n"
		    "-- Boot 0123456789abcdef --\n");
	assert_int_equal(r.events, 2);
	assert_int_equal(r.skipped, 1);
	assert_string_equal(r.first_skipped, "in:2");
	report_free(&r);
}

static void test_tampering_by_route(void **state)
{
	const struct report_group *g;
	struct report r;
	struct input in;
	char *text;

	(void)state;
	report_init(&r);
	input_open(&in);
	add_tamper(&in, "pin_remove", "2024-03-02T00:00:00Z", "/usr/bin/rm");
	add_tamper(&in, "link_by_id", "2024-03-03T00:00:00Z",
		   "/usr/sbin/bpftool");
	add_tamper(&in, "link_by_id", "2024-03-01T00:00:00Z",
		   "/usr/sbin/bpftool");
	add_event(&in, "kcore", "2024-03-01T10:00:00Z", "/x", "x", "/", "deny",
		  0, 0);
	input_read(&in, &r);
	assert_int_equal(r.events, 4);
	/* Not a reason of the kernel's: apart. */
	assert_int_equal(r.reasons.count, 1);
	assert_string_equal(group(&r.reasons, 0)->name, "kcore");
	assert_int_equal(r.tampering.count, 2);
	g = group(&r.tampering, 0);
	assert_string_equal(g->name, "link_by_id");
	assert_int_equal(g->count, 2);
	assert_string_equal(g->first, "2024-03-01T00:00:00Z");
	assert_string_equal(entry(&g->exes, 0)->name, "/usr/sbin/bpftool");
	assert_string_equal(group(&r.tampering, 1)->name, "pin_remove");
	text = text_of(&r, NULL);
	assert_non_null(strstr(text, "\ntampering attempts"));
	assert_null(strstr(text, "self_protect"));
	free(text);
	report_free(&r);
}

static void test_empty(void **state)
{
	struct report r;
	json_object *o;
	char *text;

	(void)state;
	report_init(&r);
	read_string(&r, "");
	assert_int_equal(r.events, 0);
	text = text_of(&r, NULL);
	assert_string_equal(text, "no events\n");
	free(text);
	o = json_of(&r, NULL);
	assert_int_equal(get_int(o, "events"), 0);
	assert_int_equal(json_object_array_length(get(o, "reasons")), 0);
	json_object_put(o);
	report_free(&r);
}

/* Several files add up; line numbers are per file. */
static void test_two_files(void **state)
{
	static char second[] = "x\n{\"reason\":\"kcore\"}\n";
	struct report r;
	FILE *f;

	(void)state;
	report_init(&r);
	read_string(&r, "{\"reason\":\"kcore\",\"folded\":1}\n");
	f = fmemopen(second, strlen(second), "r");
	assert_non_null(f);
	assert_int_equal(report_read(&r, f, "second"), 0);
	fclose(f);
	assert_int_equal(group(&r.reasons, 0)->count, 3);
	assert_string_equal(r.first_skipped, "second:1");
	/* No time recorded: none made up. */
	assert_null(r.first);
	report_free(&r);
}

/* No small table to overflow: a week may hold many cgroups. */
static void test_many_cgroups(void **state)
{
	const struct report_group *g;
	struct report r;
	struct input in;
	char cg[32];

	(void)state;
	report_init(&r);
	input_open(&in);
	for (int i = 0; i < 5000; i++) {
		snprintf(cg, sizeof(cg), "/c%05d", i);
		add_event(&in, "kcore", "2024-03-01T10:00:00Z", "/x", "x", cg,
			  "deny", i == 4321, 0);
	}
	input_read(&in, &r);
	g = group(&r.reasons, 0);
	assert_int_equal(g->count, 5001);
	assert_int_equal(g->cgroups.count, 5000);
	assert_string_equal(entry(&g->cgroups, 0)->name, "/c04321");
	assert_int_equal(entry(&g->cgroups, 0)->count, 2);
	assert_string_equal(entry(&g->cgroups, 1)->name, "/c00000");
	assert_string_equal(entry(&g->cgroups, 4999)->name, "/c04999");
	report_free(&r);
}

/* A directory opens but cannot be read: an error, not "no events". */
static void test_read_error(void **state)
{
	struct report r;
	FILE *f = fopen("/", "r");

	(void)state;
	assert_non_null(f);
	report_init(&r);
	assert_true(report_read(&r, f, "/") < 0);
	fclose(f);
	report_free(&r);
}

static struct reason reasons[] = {
	{ .name = "dev_mem", .value = 2, .level = LOCKDOWN_LEVEL_INTEGRITY },
	{ .name = "perf",
	  .value = 25,
	  .level = LOCKDOWN_LEVEL_CONFIDENTIALITY },
};

static const struct reason_set set = {
	.reasons = reasons,
	.count = ARRAY_SIZE(reasons),
	.integrity_max = 20,
	.confidentiality_max = 30,
};

static void test_outcome(void **state)
{
	static const struct reason_set empty = { 0 };

	(void)state;
	assert_string_equal(
		report_outcome(&set, "dev_mem", LOCKDOWN_LEVEL_NONE), "allow");
	assert_string_equal(
		report_outcome(&set, "dev_mem", LOCKDOWN_LEVEL_INTEGRITY),
		"deny");
	assert_string_equal(
		report_outcome(&set, "dev_mem", LOCKDOWN_LEVEL_CONFIDENTIALITY),
		"deny");
	assert_string_equal(report_outcome(&set, "perf", LOCKDOWN_LEVEL_NONE),
			    "allow");
	assert_string_equal(
		report_outcome(&set, "perf", LOCKDOWN_LEVEL_INTEGRITY),
		"allow");
	assert_string_equal(
		report_outcome(&set, "perf", LOCKDOWN_LEVEL_CONFIDENTIALITY),
		"deny");
	assert_null(report_outcome(&set, "reason_99", LOCKDOWN_LEVEL_NONE));
	/* No BTF: unknown, not a guess. */
	assert_null(
		report_outcome(&empty, "dev_mem", LOCKDOWN_LEVEL_INTEGRITY));
	assert_null(report_outcome(NULL, "dev_mem", LOCKDOWN_LEVEL_INTEGRITY));
}

static void test_text_table(void **state)
{
	struct report r;
	struct input in;
	char *text;

	(void)state;
	report_init(&r);
	input_open(&in);
	add_event(&in, "dev_mem", "2024-03-01T10:00:00.123456Z", "/usr/bin/x",
		  "x", "/a", "audit", 2, 0);
	add_event(&in, "perf", "2024-03-01T11:00:00.000000Z", "/usr/bin/perf",
		  "perf", "/a", "deny", 0, 0);
	add_event(&in, "reason_99", "2024-03-01T12:00:00.000000Z", "/y", "y",
		  "/a", "deny", 0, 0);
	input_read(&in, &r);
	text = text_of(&r, &set);
	assert_string_equal(
		text,
		"5 events from 2024-03-01 10:00 to 2024-03-01 12:00 (UTC)\n"
		"\n"
		"REASON     COUNT  DENIED  AUDITED  FIRST             LAST              NONE  INTEGRITY CONFIDENTIALITY\n"
		"dev_mem        3       0        3  2024-03-01 10:00  2024-03-01 10:00  allow deny      deny\n"
		"  exe     3  /usr/bin/x\n"
		"  cgroup  3  /a\n"
		"  uid     3  0\n"
		"perf           1       1        0  2024-03-01 11:00  2024-03-01 11:00  allow allow     deny\n"
		"  exe     1  /usr/bin/perf\n"
		"  cgroup  1  /a\n"
		"  uid     1  0\n"
		"reason_99      1       1        0  2024-03-01 12:00  2024-03-01 12:00  ?     ?         ?\n"
		"  exe     1  /y\n"
		"  cgroup  1  /a\n"
		"  uid     1  0\n"
		"?: not a lockdown reason of this kernel, or its reasons could not be read\n");
	free(text);
	report_free(&r);
}

static void test_json(void **state)
{
	json_object *o, *reasons, *g, *outcome, *a, *e;
	struct report r;
	struct input in;

	(void)state;
	report_init(&r);
	input_open(&in);
	add_event(&in, "dev_mem", "2024-03-01T10:00:00.000000Z", NULL, "gone",
		  NULL, "audit", 2, 0);
	add_event(&in, "dev_mem", "2024-03-02T10:00:00.000000Z",
		  "/usr/sbin/flashrom", "flashrom", "/system.slice/fw.service",
		  "deny", 0, 1000);
	add_event(&in, "future", "2024-03-02T10:00:00.000000Z", "/x", "x", "/",
		  "deny", 0, 0);
	add_tamper(&in, "map_fd", "2024-03-03T00:00:00.000000Z", "/bin/evil");
	fputs("{\"dropped\":4}\nnot json\n", in.w);
	input_read(&in, &r);
	o = json_of(&r, &set);
	assert_int_equal(get_int(o, "events"), 6);
	assert_int_equal(get_int(o, "dropped"), 4);
	assert_int_equal(get_int(o, "skipped"), 1);
	assert_string_equal(get_string(o, "first_skipped"), "in:6");
	reasons = get(o, "reasons");
	assert_int_equal(json_object_array_length(reasons), 2);

	g = json_object_array_get_idx(reasons, 0);
	assert_string_equal(get_string(g, "reason"), "dev_mem");
	assert_int_equal(get_int(g, "count"), 4);
	assert_int_equal(get_int(g, "denied"), 1);
	assert_int_equal(get_int(g, "audited"), 3);
	assert_string_equal(get_string(g, "first"),
			    "2024-03-01T10:00:00.000000Z");
	assert_string_equal(get_string(g, "last"),
			    "2024-03-02T10:00:00.000000Z");
	outcome = get(g, "outcome");
	assert_string_equal(get_string(outcome, "none"), "allow");
	assert_string_equal(get_string(outcome, "integrity"), "deny");
	assert_string_equal(get_string(outcome, "confidentiality"), "deny");

	a = get(g, "executables");
	assert_int_equal(json_object_array_length(a), 2);
	e = json_object_array_get_idx(a, 0);
	assert_null(get(e, "exe"));
	assert_string_equal(get_string(e, "comm"), "gone");
	assert_int_equal(get_int(e, "count"), 3);
	e = json_object_array_get_idx(a, 1);
	assert_string_equal(get_string(e, "exe"), "/usr/sbin/flashrom");
	assert_int_equal(get_int(e, "count"), 1);

	a = get(g, "cgroups");
	assert_int_equal(json_object_array_length(a), 2);
	assert_null(get(json_object_array_get_idx(a, 0), "cgroup"));
	/* Slashes stay as they are. */
	assert_string_equal(
		get_string(json_object_array_get_idx(a, 1), "cgroup"),
		"/system.slice/fw.service");

	a = get(g, "uids");
	assert_int_equal(json_object_array_length(a), 2);
	assert_int_equal(get_int(json_object_array_get_idx(a, 0), "uid"), 0);
	assert_int_equal(get_int(json_object_array_get_idx(a, 0), "count"), 3);
	assert_int_equal(get_int(json_object_array_get_idx(a, 1), "uid"), 1000);

	/* Unknown to this kernel: null, not a guess. */
	g = json_object_array_get_idx(reasons, 1);
	assert_string_equal(get_string(g, "reason"), "future");
	assert_null(get(get(g, "outcome"), "integrity"));

	a = get(o, "tampering");
	assert_int_equal(json_object_array_length(a), 1);
	assert_string_equal(
		get_string(json_object_array_get_idx(a, 0), "route"), "map_fd");
	assert_int_equal(get_int(json_object_array_get_idx(a, 0), "count"), 1);
	json_object_put(o);
	report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_folded_counts),
		cmocka_unit_test(test_first_last),
		cmocka_unit_test(test_group_exe_cgroup_uid),
		cmocka_unit_test(test_null_exe_uses_comm),
		cmocka_unit_test(test_audit_and_deny),
		cmocka_unit_test(test_dropped),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_journal_prefix),
		cmocka_unit_test(test_tampering_by_route),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_two_files),
		cmocka_unit_test(test_many_cgroups),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_outcome),
		cmocka_unit_test(test_text_table),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
