// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cgroup.h"
#include "level.h"
#include "msg.h"
#include "lockdown_rules.h"
#include "policy.h"

static const char *const actions[] = {
	[LOCKDOWN_ACTION_LEVEL] = "level",
	[LOCKDOWN_ACTION_ALLOW] = "allow",
	[LOCKDOWN_ACTION_AUDIT] = "audit",
	[LOCKDOWN_ACTION_DENY] = "deny",
};

static const char *const modes[] = {
	[LOCKDOWN_MODE_ENFORCE] = "enforce",
	[LOCKDOWN_MODE_AUDIT] = "audit",
};

const char *action_name(enum lockdown_action action)
{
	return action <= LOCKDOWN_ACTION_MAX ? actions[action] : "unknown";
}

int action_parse(const char *name, enum lockdown_action *action)
{
	for (int i = 0; i <= LOCKDOWN_ACTION_MAX; i++) {
		if (!strcmp(name, actions[i])) {
			*action = i;
			return 0;
		}
	}
	return -1;
}

const char *mode_name(enum lockdown_mode mode)
{
	return mode <= LOCKDOWN_MODE_MAX ? modes[mode] : "unknown";
}

int mode_parse(const char *name, enum lockdown_mode *mode)
{
	for (int i = 0; i <= LOCKDOWN_MODE_MAX; i++) {
		if (!strcmp(name, modes[i])) {
			*mode = i;
			return 0;
		}
	}
	return -1;
}

void policy_from_args(struct policy *p, const struct lockdown_policy_args *a)
{
	memset(p, 0, sizeof(*p));
	p->enforced = a->enforced;
	p->level = a->level;
	p->mode = a->mode;
	memcpy(p->actions, a->actions, sizeof(p->actions));
	p->scope_count = a->scope_count < LOCKDOWN_MAX_SCOPES
				 ? a->scope_count
				 : LOCKDOWN_MAX_SCOPES;
	for (size_t i = 0; i < p->scope_count; i++) {
		p->scopes[i].cgroup_id = a->scopes[i].cgroup_id;
		p->scopes[i].level = a->scopes[i].level;
	}
}

void policy_to_args(const struct policy *p, struct lockdown_policy_args *a)
{
	memset(a, 0, sizeof(*a));
	a->op = LOCKDOWN_POLICY_APPLY;
	a->enforced = p->enforced;
	a->level = p->level;
	a->mode = p->mode;
	memcpy(a->actions, p->actions, sizeof(a->actions));
	a->scope_count = p->scope_count;
	for (size_t i = 0; i < p->scope_count; i++) {
		a->scopes[i].cgroup_id = p->scopes[i].cgroup_id;
		a->scopes[i].level = p->scopes[i].level;
	}
}

enum lockdown_action policy_effective(const struct policy *p,
				      const struct reason *r)
{
	return lockdown_effective(r->value < LOCKDOWN_MAX_REASONS
					  ? p->actions[r->value]
					  : LOCKDOWN_ACTION_LEVEL,
				  p->level >= r->level);
}

enum lockdown_action policy_decide(const struct policy *p,
				   const struct reason *r, bool *by_enforced)
{
	bool floor =
		p->enforced > LOCKDOWN_LEVEL_NONE && p->enforced >= r->level;

	if (by_enforced)
		*by_enforced = floor;
	if (floor)
		return LOCKDOWN_ACTION_DENY;
	return lockdown_in_mode(policy_effective(p, r), p->mode);
}

enum lockdown_level policy_level_in_force(const struct policy *p)
{
	if (p->mode == LOCKDOWN_MODE_ENFORCE && p->level > p->enforced)
		return p->level;
	return p->enforced;
}

bool policy_enforcing(const struct policy *p)
{
	struct lockdown_policy_slot slot = { .level = p->level,
					     .mode = p->mode };

	memcpy(slot.actions, p->actions, sizeof(slot.actions));
	return lockdown_enforcing(p->scope_count, &slot);
}

/* Reports one difference; returns 1 when it weakens an enforcing policy. */
static int change(policy_change_fn fn, void *ctx, bool enforcing,
		  const char *component, const char *before, const char *after,
		  bool weaker)
{
	struct policy_change c = { .component = component,
				   .weakens = enforcing && weaker };

	snprintf(c.before, sizeof(c.before), "%s", before);
	snprintf(c.after, sizeof(c.after), "%s", after);
	fn(&c, ctx);
	return c.weakens;
}

static const struct policy_scope *scope_by_id(const struct policy *p, __u64 id)
{
	for (size_t i = 0; i < p->scope_count; i++) {
		if (p->scopes[i].cgroup_id == id)
			return &p->scopes[i];
	}
	return NULL;
}

static void action_words(const struct policy *p, const struct reason *r,
			 char *buf, size_t size)
{
	enum lockdown_action a = policy_effective(p, r);
	bool by_level = p->actions[r->value] == LOCKDOWN_ACTION_LEVEL;

	snprintf(buf, size, "%s%s", action_name(a), by_level ? " (level)" : "");
}

int policy_diff(const struct policy *cur, const struct policy *next,
		const struct reason_set *set, policy_change_fn fn, void *ctx)
{
	bool enf = policy_enforcing(cur);
	char component[PATH_MAX + 16], before[64], after[64];
	int weaker = 0;

	if (cur->level != next->level)
		weaker +=
			change(fn, ctx, enf, "level", level_name(cur->level),
			       level_name(next->level),
			       lockdown_level_weakens(cur->level, next->level));
	if (cur->mode != next->mode)
		weaker += change(fn, ctx, enf, "mode", mode_name(cur->mode),
				 mode_name(next->mode),
				 lockdown_mode_weakens(cur->mode, next->mode));
	for (size_t i = 0; i < set->count; i++) {
		const struct reason *r = &set->reasons[i];

		if (r->value >= LOCKDOWN_MAX_REASONS)
			continue;
		action_words(cur, r, before, sizeof(before));
		action_words(next, r, after, sizeof(after));
		if (!strcmp(before, after))
			continue;
		snprintf(component, sizeof(component), "reason %s", r->name);
		weaker += change(
			fn, ctx, enf, component, before, after,
			lockdown_action_weakens(policy_effective(cur, r),
						policy_effective(next, r)));
	}
	for (size_t i = 0; i < cur->scope_count; i++) {
		const struct policy_scope *s = &cur->scopes[i], *n;

		/* A cgroup of an id that is gone is nothing to keep; a scope
		 * by path holds whether its cgroup exists or not. */
		if (!s->path[0] && !(s->cgroup_id & LOCKDOWN_SCOPE_PATH_KEY))
			continue;
		n = scope_by_id(next, s->cgroup_id);
		if (n && n->level == s->level)
			continue;
		snprintf(component, sizeof(component), "scope %s",
			 s->path[0] ? s->path : "(a path with no cgroup now)");
		weaker += change(fn, ctx, enf, component, level_name(s->level),
				 n ? level_name(n->level) : "absent",
				 !n || n->level < s->level);
	}
	for (size_t i = 0; i < next->scope_count; i++) {
		const struct policy_scope *n = &next->scopes[i];

		if (scope_by_id(cur, n->cgroup_id))
			continue;
		snprintf(component, sizeof(component), "scope %s", n->path);
		change(fn, ctx, enf, component, "absent", level_name(n->level),
		       false);
	}
	return weaker;
}

static unsigned int depth_of(const char *path)
{
	unsigned int n = 1;

	for (; *path; path++)
		n += *path == '/';
	return n;
}

int policy_resolve_scopes(struct policy *p, const char *cgroup_root,
			  bool skip_missing)
{
	char path[POLICY_PATH_MAX * 2];
	size_t kept = 0;
	int err = 0, e;
	bool by_path;
	__u64 id;

	/* Scopes by path need the kernel's name hash; without it, by the
	 * id of the cgroup there is now (and none for one not there). In an
	 * initramfs no cgroup2 is mounted yet: sysfs is kernfs too, with the
	 * same hash. */
	e = p->scope_count ? cgroup_hash_check(cgroup_root) : 0;
	if (e == -ENODATA)
		e = cgroup_hash_check(KERNFS_SAMPLE);
	by_path = !e;
	if (!by_path)
		fprintf(stderr,
			"warning: this kernel's cgroup name hash is not the one this build knows: scopes hold for the cgroups there are now, by id\n");
	for (size_t i = 0; i < p->scope_count; i++) {
		struct policy_scope *s = &p->scopes[i];

		if (depth_of(s->path) > LOCKDOWN_SCOPE_DEPTH) {
			fprintf(stderr,
				"%s:%u: scope %s is deeper than %d cgroup levels\n",
				s->origin.file, s->origin.line, s->path,
				LOCKDOWN_SCOPE_DEPTH);
			err = -EINVAL;
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", cgroup_root, s->path);
		e = cgroup_id_of(path, &id);
		if (by_path) {
			/* By path: it holds whenever that cgroup exists. */
			s->cgroup_id = cgroup_path_key(s->path);
			if (e == -ENOENT)
				fprintf(stderr,
					"%s:%u: warning: scope %s: no cgroup %s %s; it holds from when there is one\n",
					s->origin.file, s->origin.line, s->path,
					path, skip_missing ? "yet" : "now");
		} else if (e == -ENOENT && skip_missing) {
			fprintf(stderr,
				"%s:%u: warning: scope %s skipped: no cgroup %s yet\n",
				s->origin.file, s->origin.line, s->path, path);
			continue;
		} else if (e) {
			fprintf(stderr,
				"%s:%u: scope %s: cannot find cgroup %s: %s\n",
				s->origin.file, s->origin.line, s->path, path,
				strerror(-e));
			err = e;
			continue;
		} else {
			s->cgroup_id = id;
		}
		if (kept != i)
			p->scopes[kept] = *s;
		kept++;
	}
	if (!err || skip_missing)
		p->scope_count = kept;
	return err;
}

void policy_scope_paths(struct policy *p, const char *cgroup_root)
{
	for (size_t i = 0; i < p->scope_count; i++) {
		struct policy_scope *s = &p->scopes[i];
		bool found;

		if (s->cgroup_id & LOCKDOWN_SCOPE_PATH_KEY)
			found = cgroup_path_of_key(cgroup_root, s->cgroup_id,
						   LOCKDOWN_SCOPE_DEPTH,
						   s->path, sizeof(s->path));
		else
			found = cgroup_path_of(cgroup_root, s->cgroup_id,
					       LOCKDOWN_SCOPE_DEPTH, s->path,
					       sizeof(s->path));
		if (!found)
			s->path[0] = '\0';
	}
}
