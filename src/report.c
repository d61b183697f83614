// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <search.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "event.h"
#include "report.h"

void report_init(struct report *r)
{
	memset(r, 0, sizeof(*r));
}

/* NULL (an event without that field) sorts before any name. */
static int cmp_str(const char *a, const char *b)
{
	if (a == b)
		return 0;
	if (!a)
		return -1;
	if (!b)
		return 1;
	return strcmp(a, b);
}

static int cmp_count_key(const void *pa, const void *pb)
{
	const struct report_count *a = pa, *b = pb;
	int c = cmp_str(a->name, b->name);

	if (c)
		return c;
	c = cmp_str(a->comm, b->comm);
	if (c)
		return c;
	return (a->uid > b->uid) - (a->uid < b->uid);
}

static int cmp_group_key(const void *pa, const void *pb)
{
	const struct report_group *a = pa, *b = pb;

	return strcmp(a->name, b->name);
}

/* Doubles @cap when @items (of @elem-byte entries) is full; returns the
 * array to use from now on, or NULL without memory (@items kept). */
static void *grow(void *items, size_t count, size_t *cap, size_t elem)
{
	size_t n;
	void *q;

	if (count < *cap)
		return items;
	n = *cap ? *cap * 2 : 8;
	q = realloc(items, n * elem);
	if (q)
		*cap = n;
	return q;
}

static int dup_str(char **dst, const char *src)
{
	if (!src) {
		*dst = NULL;
		return 0;
	}
	*dst = strdup(src);
	return *dst ? 0 : -ENOMEM;
}

static int count_add(struct report_counts *l, const char *name,
		     const char *comm, int64_t uid, uint64_t n)
{
	struct report_count key = { .name = (char *)name,
				    .comm = (char *)comm,
				    .uid = uid };
	struct report_count **found = tfind(&key, &l->index, cmp_count_key);
	struct report_count *c, **items;

	if (found) {
		(*found)->count += n;
		return 0;
	}
	items = grow(l->items, l->count, &l->cap, sizeof(*items));
	if (!items)
		return -ENOMEM;
	l->items = items;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	/* The key is complete before the tree compares it. */
	c->uid = uid;
	c->count = n;
	if (dup_str(&c->name, name) || dup_str(&c->comm, comm) ||
	    !tsearch(c, &l->index, cmp_count_key)) {
		free(c->name);
		free(c->comm);
		free(c);
		return -ENOMEM;
	}
	l->items[l->count++] = c;
	return 0;
}

static struct report_group *group_get(struct report_groups *l, const char *name)
{
	struct report_group key = { .name = (char *)name };
	struct report_group **found = tfind(&key, &l->index, cmp_group_key);
	struct report_group *g, **items;

	if (found)
		return *found;
	items = grow(l->items, l->count, &l->cap, sizeof(*items));
	if (!items)
		return NULL;
	l->items = items;
	g = calloc(1, sizeof(*g));
	if (!g || dup_str(&g->name, name) ||
	    !tsearch(g, &l->index, cmp_group_key)) {
		if (g)
			free(g->name);
		free(g);
		return NULL;
	}
	l->items[l->count++] = g;
	return g;
}

/* ISO-8601 UTC times of one format compare as strings. */
static int keep_time(char **first, char **last, const char *t)
{
	if (!t)
		return 0;
	if (!*first || strcmp(t, *first) < 0) {
		free(*first);
		if (dup_str(first, t))
			return -ENOMEM;
	}
	if (!*last || strcmp(t, *last) > 0) {
		free(*last);
		if (dup_str(last, t))
			return -ENOMEM;
	}
	return 0;
}

static const char *get_str(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static bool get_int(json_object *o, const char *key, int64_t *out)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_int))
		return false;
	*out = json_object_get_int64(v);
	return true;
}

static int add_event(struct report *r, json_object *o, const char *reason)
{
	const char *t = get_str(o, "time"), *action = get_str(o, "action");
	const char *name = reason;
	struct report_groups *groups = &r->reasons;
	struct report_group *g;
	int64_t folded, uid;
	uint64_t n;

	/* Each line stands for itself and the identical events folded in. */
	if (!get_int(o, "folded", &folded) || folded < 0)
		folded = 0;
	n = (uint64_t)folded + 1;
	if (!strcmp(reason, EVENT_SELF_PROTECT)) {
		groups = &r->tampering;
		name = get_str(o, "route");
		if (!name || !name[0])
			name = "unknown";
	}
	g = group_get(groups, name);
	if (!g)
		return -ENOMEM;
	g->count += n;
	r->events += n;
	if (action && !strcmp(action, "deny"))
		g->denied += n;
	else if (action && !strcmp(action, "audit"))
		g->audited += n;
	if (keep_time(&g->first, &g->last, t) ||
	    keep_time(&r->first, &r->last, t) ||
	    count_add(&g->exes, get_str(o, "exe"), get_str(o, "comm"), 0, n) ||
	    count_add(&g->cgroups, get_str(o, "cgroup"), NULL, 0, n))
		return -ENOMEM;
	if (get_int(o, "uid", &uid) && count_add(&g->uids, NULL, NULL, uid, n))
		return -ENOMEM;
	return 0;
}

/* A line is an event, a {"dropped":N} notice, blank, or skipped. */
static int add_line(struct report *r, const char *line, const char *name,
		    size_t lineno)
{
	const char *start = line + strspn(line, " \t\r\n");
	const char *reason;
	json_object *o = NULL;
	int64_t dropped;
	int err = 0;

	if (!*start)
		return 0;
	/* Journal output may put "DATE HOST lockdownctl[PID]: " first. */
	start = strchr(start, '{');
	if (start)
		o = json_tokener_parse(start);
	if (o && json_object_is_type(o, json_type_object)) {
		reason = get_str(o, "reason");
		if (reason && reason[0]) {
			err = add_event(r, o, reason);
			json_object_put(o);
			return err;
		}
		if (get_int(o, "dropped", &dropped) && dropped >= 0) {
			r->dropped += dropped;
			json_object_put(o);
			return 0;
		}
	}
	json_object_put(o);
	if (!r->skipped++ &&
	    asprintf(&r->first_skipped, "%s:%zu", name, lineno) < 0) {
		r->first_skipped = NULL;
		return -ENOMEM;
	}
	return 0;
}

static const char *count_label(const struct report_count *c)
{
	return c->name ? c->name : c->comm ? c->comm : "";
}

/* Most first; ties by name, so that the output is stable. */
static int cmp_count_order(const void *pa, const void *pb)
{
	const struct report_count *a = *(struct report_count *const *)pa;
	const struct report_count *b = *(struct report_count *const *)pb;
	int c;

	if (a->count != b->count)
		return a->count < b->count ? 1 : -1;
	c = cmp_str(count_label(a), count_label(b));
	return c ? c : cmp_count_key(a, b);
}

static int cmp_group_order(const void *pa, const void *pb)
{
	const struct report_group *a = *(struct report_group *const *)pa;
	const struct report_group *b = *(struct report_group *const *)pb;

	if (a->count != b->count)
		return a->count < b->count ? 1 : -1;
	return strcmp(a->name, b->name);
}

static void sort_counts(struct report_counts *l)
{
	if (l->count)
		qsort(l->items, l->count, sizeof(*l->items), cmp_count_order);
}

static void sort_groups(struct report_groups *l)
{
	if (l->count)
		qsort(l->items, l->count, sizeof(*l->items), cmp_group_order);
	for (size_t i = 0; i < l->count; i++) {
		sort_counts(&l->items[i]->exes);
		sort_counts(&l->items[i]->cgroups);
		sort_counts(&l->items[i]->uids);
	}
}

int report_read(struct report *r, FILE *in, const char *name)
{
	char *line = NULL;
	size_t size = 0, lineno = 0;
	int err = 0;

	/* getline: a line of any length, for a week of events or a stray
	 * binary file alike. */
	while (getline(&line, &size, in) >= 0) {
		err = add_line(r, line, name, ++lineno);
		if (err)
			break;
	}
	if (!err && ferror(in))
		err = errno ? -errno : -EIO;
	free(line);
	sort_groups(&r->reasons);
	sort_groups(&r->tampering);
	return err;
}

/* The trees point into the arrays' entries: freed with them, not by
 * tdestroy. */
static void keep_node(void *p)
{
	(void)p;
}

static void free_counts(struct report_counts *l)
{
	tdestroy(l->index, keep_node);
	for (size_t i = 0; i < l->count; i++) {
		free(l->items[i]->name);
		free(l->items[i]->comm);
		free(l->items[i]);
	}
	free(l->items);
}

static void free_groups(struct report_groups *l)
{
	tdestroy(l->index, keep_node);
	for (size_t i = 0; i < l->count; i++) {
		struct report_group *g = l->items[i];

		free_counts(&g->exes);
		free_counts(&g->cgroups);
		free_counts(&g->uids);
		free(g->name);
		free(g->first);
		free(g->last);
		free(g);
	}
	free(l->items);
}

void report_free(struct report *r)
{
	free_groups(&r->reasons);
	free_groups(&r->tampering);
	free(r->first_skipped);
	free(r->first);
	free(r->last);
	memset(r, 0, sizeof(*r));
}

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
