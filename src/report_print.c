// SPDX-License-Identifier: GPL-2.0
/* The report's two renderings: the table and the JSON object. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include "event.h"
#include "level.h"
#include "report.h"

const char *report_outcome(const struct reason_set *set, const char *reason,
			   enum lockdown_level level)
{
	const struct reason *k = set ? reason_by_name(set, reason) : NULL;

	if (!k)
		return NULL;
	/* A reason is refused at its own level and every higher one. */
	return level >= k->level ? "deny" : "allow";
}

/* "2024-03-01T10:00:00.123456Z" as "2024-03-01 10:00": the table fits a
 * terminal, the JSON keeps the whole time. */
static void short_time(const char *t, char *buf, size_t size)
{
	if (!t) {
		snprintf(buf, size, "-");
	} else if (strlen(t) >= 16 && t[10] == 'T') {
		snprintf(buf, size, "%.16s", t);
		buf[10] = ' ';
	} else {
		snprintf(buf, size, "%s", t);
	}
}

static int digits(uint64_t n)
{
	int d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

/* The command name is worth showing next to the executable only when it
 * is not just its (truncated) file name: a script, a renamed thread. */
static bool comm_is_exe_name(const char *exe, const char *comm)
{
	const char *base = strrchr(exe, '/');
	size_t n = strlen(comm);

	base = base ? base + 1 : exe;
	return !strncmp(base, comm, n) &&
	       (strlen(base) == n || n == LOCKDOWN_COMM_LEN - 1);
}

static void print_details(const struct report_group *g, FILE *out)
{
	int w = digits(g->count);

	for (size_t i = 0; i < g->exes.count; i++) {
		const struct report_count *c = g->exes.items[i];

		fprintf(out, "  exe     %*llu  ", w,
			(unsigned long long)c->count);
		if (!c->name)
			fprintf(out, "[%s]\n", c->comm ? c->comm : "?");
		else if (c->comm && !comm_is_exe_name(c->name, c->comm))
			fprintf(out, "%s [%s]\n", c->name, c->comm);
		else
			fprintf(out, "%s\n", c->name);
	}
	for (size_t i = 0; i < g->cgroups.count; i++) {
		const struct report_count *c = g->cgroups.items[i];

		fprintf(out, "  cgroup  %*llu  %s\n", w,
			(unsigned long long)c->count,
			c->name ? c->name : "(unknown)");
	}
	for (size_t i = 0; i < g->uids.count; i++) {
		const struct report_count *c = g->uids.items[i];

		fprintf(out, "  uid     %*llu  %lld\n", w,
			(unsigned long long)c->count, (long long)c->uid);
	}
}

struct widths {
	int name, count, denied, audited, time;
};

static struct widths measure(const struct report_groups *l, int name_w)
{
	struct widths w = { name_w, 5, 6, 7, 5 };
	char t[64];

	for (size_t i = 0; i < l->count; i++) {
		const struct report_group *g = l->items[i];

		w.name = max_int(w.name, (int)strlen(g->name));
		w.count = max_int(w.count, digits(g->count));
		w.denied = max_int(w.denied, digits(g->denied));
		w.audited = max_int(w.audited, digits(g->audited));
		short_time(g->first, t, sizeof(t));
		w.time = max_int(w.time, (int)strlen(t));
		short_time(g->last, t, sizeof(t));
		w.time = max_int(w.time, (int)strlen(t));
	}
	return w;
}

static void print_reasons(const struct report *r, const struct reason_set *set,
			  FILE *out)
{
	struct widths w = measure(&r->reasons, 6);
	bool unknown = false;
	char first[64], last[64];

	fprintf(out, "%-*s  %*s  %*s  %*s  %-*s  %-*s  %-5s %-9s %s\n", w.name,
		"REASON", w.count, "COUNT", w.denied, "DENIED", w.audited,
		"AUDITED", w.time, "FIRST", w.time, "LAST", "NONE", "INTEGRITY",
		"CONFIDENTIALITY");
	for (size_t i = 0; i < r->reasons.count; i++) {
		const struct report_group *g = r->reasons.items[i];
		const char *o[LOCKDOWN_LEVEL_MAX + 1];

		for (int lv = 0; lv <= LOCKDOWN_LEVEL_MAX; lv++) {
			o[lv] = report_outcome(set, g->name, lv);
			if (!o[lv]) {
				o[lv] = "?";
				unknown = true;
			}
		}
		short_time(g->first, first, sizeof(first));
		short_time(g->last, last, sizeof(last));
		fprintf(out,
			"%-*s  %*llu  %*llu  %*llu  %-*s  %-*s  %-5s %-9s %s\n",
			w.name, g->name, w.count, (unsigned long long)g->count,
			w.denied, (unsigned long long)g->denied, w.audited,
			(unsigned long long)g->audited, w.time, first, w.time,
			last, o[LOCKDOWN_LEVEL_NONE],
			o[LOCKDOWN_LEVEL_INTEGRITY],
			o[LOCKDOWN_LEVEL_CONFIDENTIALITY]);
		print_details(g, out);
	}
	if (unknown)
		fprintf(out,
			"?: not a lockdown reason of this kernel, or its reasons could not be read\n");
}

static void print_tampering(const struct report *r, FILE *out)
{
	struct widths w = measure(&r->tampering, 5);
	char first[64], last[64];

	fprintf(out, "tampering attempts (refused whatever the mode):\n");
	fprintf(out, "%-*s  %*s  %-*s  %s\n", w.name, "ROUTE", w.count, "COUNT",
		w.time, "FIRST", "LAST");
	for (size_t i = 0; i < r->tampering.count; i++) {
		const struct report_group *g = r->tampering.items[i];

		short_time(g->first, first, sizeof(first));
		short_time(g->last, last, sizeof(last));
		fprintf(out, "%-*s  %*llu  %-*s  %s\n", w.name, g->name,
			w.count, (unsigned long long)g->count, w.time, first,
			last);
		print_details(g, out);
	}
}

void report_print_text(const struct report *r, const struct reason_set *set,
		       FILE *out)
{
	char first[64], last[64];

	if (!r->events) {
		fprintf(out, "no events\n");
	} else {
		short_time(r->first, first, sizeof(first));
		short_time(r->last, last, sizeof(last));
		fprintf(out, "%llu event%s from %s to %s (UTC)\n",
			(unsigned long long)r->events,
			r->events == 1 ? "" : "s", first, last);
	}
	if (r->reasons.count) {
		fputc('\n', out);
		print_reasons(r, set, out);
	}
	if (r->tampering.count) {
		fputc('\n', out);
		print_tampering(r, out);
	}
	if (r->dropped || r->skipped)
		fputc('\n', out);
	if (r->dropped)
		fprintf(out,
			"warning: %llu event%s lost to a full event buffer (dropped), not counted above\n",
			(unsigned long long)r->dropped,
			r->dropped == 1 ? "" : "s");
	if (r->skipped)
		fprintf(out,
			"%llu line%s skipped (not lockdown events), the first at %s\n",
			(unsigned long long)r->skipped,
			r->skipped == 1 ? "" : "s",
			r->first_skipped ? r->first_skipped : "?");
}

static json_object *json_str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *counts_json(const struct report_counts *l, const char *key)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < l->count; i++) {
		const struct report_count *c = l->items[i];
		json_object *o = json_object_new_object();

		if (!strcmp(key, "uid")) {
			json_object_object_add(o, "uid",
					       json_object_new_int64(c->uid));
		} else {
			json_object_object_add(o, key, json_str(c->name));
			if (!strcmp(key, "exe"))
				json_object_object_add(o, "comm",
						       json_str(c->comm));
		}
		json_object_object_add(o, "count",
				       json_object_new_uint64(c->count));
		json_object_array_add(a, o);
	}
	return a;
}

static json_object *group_json(const struct report_group *g, const char *key)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, key, json_object_new_string(g->name));
	json_object_object_add(o, "count", json_object_new_uint64(g->count));
	json_object_object_add(o, "denied", json_object_new_uint64(g->denied));
	json_object_object_add(o, "audited",
			       json_object_new_uint64(g->audited));
	json_object_object_add(o, "first", json_str(g->first));
	json_object_object_add(o, "last", json_str(g->last));
	return o;
}

static void group_details_json(json_object *o, const struct report_group *g)
{
	json_object_object_add(o, "executables", counts_json(&g->exes, "exe"));
	json_object_object_add(o, "cgroups",
			       counts_json(&g->cgroups, "cgroup"));
	json_object_object_add(o, "uids", counts_json(&g->uids, "uid"));
}

void report_print_json(const struct report *r, const struct reason_set *set,
		       FILE *out)
{
	json_object *root = json_object_new_object();
	json_object *reasons = json_object_new_array();
	json_object *tampering = json_object_new_array();

	json_object_object_add(root, "events",
			       json_object_new_uint64(r->events));
	json_object_object_add(root, "dropped",
			       json_object_new_uint64(r->dropped));
	json_object_object_add(root, "skipped",
			       json_object_new_uint64(r->skipped));
	json_object_object_add(root, "first_skipped",
			       json_str(r->first_skipped));
	json_object_object_add(root, "first", json_str(r->first));
	json_object_object_add(root, "last", json_str(r->last));
	for (size_t i = 0; i < r->reasons.count; i++) {
		const struct report_group *g = r->reasons.items[i];
		json_object *o = group_json(g, "reason");
		json_object *outcome = json_object_new_object();

		/* null: this kernel does not say (unknown reason, no BTF). */
		for (int lv = 0; lv <= LOCKDOWN_LEVEL_MAX; lv++)
			json_object_object_add(
				outcome, level_name(lv),
				json_str(report_outcome(set, g->name, lv)));
		json_object_object_add(o, "outcome", outcome);
		group_details_json(o, g);
		json_object_array_add(reasons, o);
	}
	json_object_object_add(root, "reasons", reasons);
	for (size_t i = 0; i < r->tampering.count; i++) {
		const struct report_group *g = r->tampering.items[i];
		json_object *o = group_json(g, "route");

		group_details_json(o, g);
		json_object_array_add(tampering, o);
	}
	json_object_object_add(root, "tampering", tampering);
	fprintf(out, "%s\n",
		json_object_to_json_string_ext(
			root, JSON_C_TO_STRING_PLAIN |
				      JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
}
