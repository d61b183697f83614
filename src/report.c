// SPDX-License-Identifier: GPL-2.0
/* The report's container and its reader of monitor --json lines. */
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
