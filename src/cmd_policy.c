// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include "config.h"
#include "level.h"
#include "lockdownctl.h"
#include "policy_io.h"

static const char usage[] =
	"Usage: lockdownctl policy check [FILE]\n"
	"       lockdownctl policy diff [--json] [FILE]\n"
	"       lockdownctl policy show [--json]\n"
	"check  validate FILE (or " CONFIG_FILE " and its drop-ins)\n"
	"       against this kernel's reasons and cgroups; changes nothing\n"
	"diff   show what applying it would change, and which changes\n"
	"       would weaken the policy in force (apply refuses those)\n"
	"show   print the policy in force, in configuration syntax";

struct diff_json {
	json_object *changes;
};

static void change_to_json(const struct policy_change *c, void *ctx)
{
	struct diff_json *d = ctx;
	json_object *o = json_object_new_object();

	json_object_object_add(o, "component",
			       json_object_new_string(c->component));
	json_object_object_add(o, "before", json_object_new_string(c->before));
	json_object_object_add(o, "after", json_object_new_string(c->after));
	json_object_object_add(o, "weakens",
			       json_object_new_boolean(c->weakens));
	json_object_array_add(d->changes, o);
}

static int count_overrides(const struct policy *p)
{
	int n = 0;

	for (size_t i = 0; i < LOCKDOWN_MAX_REASONS; i++)
		n += p->actions[i] != LOCKDOWN_ACTION_LEVEL;
	return n;
}

static int check(const char *file, const struct reason_set *reasons)
{
	struct policy p;

	if (policy_load_config(file, reasons, false, &p)) {
		errorf("%s: invalid", file ? file : CONFIG_FILE);
		return EXIT_FAIL;
	}
	printf("%s: valid: level %s, mode %s, %d reason override%s, %zu scope%s\n",
	       file ? file : CONFIG_FILE, level_name(p.level),
	       mode_name(p.mode), count_overrides(&p),
	       count_overrides(&p) == 1 ? "" : "s", p.scope_count,
	       p.scope_count == 1 ? "" : "s");
	return EXIT_OK;
}

static int diff(const char *file, const struct reason_set *reasons, bool json)
{
	struct diff_json d = { .changes = json_object_new_array() };
	struct policy cur, next;
	bool applied;
	int err, weaker;

	if (policy_load_config(file, reasons, false, &next)) {
		json_object_put(d.changes);
		errorf("%s: invalid", file ? file : CONFIG_FILE);
		return EXIT_FAIL;
	}
	err = policy_read_kernel(&cur, &applied);
	if (err) {
		json_object_put(d.changes);
		errorf("cannot read the policy in force: %s", strerror(-err));
		return EXIT_FAIL;
	}
	if (json) {
		json_object *o = json_object_new_object();

		weaker = policy_diff(&cur, &next, reasons, change_to_json, &d);
		json_object_object_add(o, "changes", d.changes);
		json_object_object_add(o, "weakening",
				       json_object_new_int(weaker));
		json_object_object_add(o, "applicable",
				       json_object_new_boolean(!weaker));
		json_print(o);
		return EXIT_OK;
	}
	json_object_put(d.changes);
	printf("changes from the policy in force%s:\n",
	       applied ? "" : " (none applied since boot)");
	weaker = policy_diff(&cur, &next, reasons, policy_print_change, stdout);
	if (weaker)
		printf("apply would be refused: %d change%s weaken%s the policy in force\n",
		       weaker, weaker == 1 ? "" : "s", weaker == 1 ? "s" : "");
	else
		printf("apply would take all of it\n");
	return EXIT_OK;
}

static void show_text(const struct policy *p, const struct reason_set *rs)
{
	printf("[Lockdown]\nLevel = %s\nMode = %s\n", level_name(p->level),
	       mode_name(p->mode));
	if (count_overrides(p)) {
		printf("\n[Reasons]\n");
		for (size_t i = 0; i < rs->count; i++) {
			const struct reason *r = &rs->reasons[i];

			if (r->value < LOCKDOWN_MAX_REASONS &&
			    p->actions[r->value] != LOCKDOWN_ACTION_LEVEL)
				printf("%s = %s\n", r->name,
				       action_name(p->actions[r->value]));
		}
	}
	if (p->scope_count)
		printf("\n[Scopes]\n");
	for (size_t i = 0; i < p->scope_count; i++) {
		if (p->scopes[i].path[0])
			printf("%s = %s\n", p->scopes[i].path,
			       level_name(p->scopes[i].level));
		else if (p->scopes[i].cgroup_id & LOCKDOWN_SCOPE_PATH_KEY)
			printf("; a path with no cgroup now (key %#llx) = %s\n",
			       (unsigned long long)p->scopes[i].cgroup_id,
			       level_name(p->scopes[i].level));
		else
			printf("; cgroup %llu (removed) = %s\n",
			       (unsigned long long)p->scopes[i].cgroup_id,
			       level_name(p->scopes[i].level));
	}
}

static void show_json(const struct policy *p, const struct reason_set *rs,
		      bool applied)
{
	json_object *o = json_object_new_object(), *reasons, *scopes;

	json_object_object_add(o, "applied", json_object_new_boolean(applied));
	json_object_object_add(o, "level",
			       json_object_new_string(level_name(p->level)));
	json_object_object_add(o, "mode",
			       json_object_new_string(mode_name(p->mode)));
	reasons = json_object_new_object();
	for (size_t i = 0; i < rs->count; i++) {
		const struct reason *r = &rs->reasons[i];

		if (r->value >= LOCKDOWN_MAX_REASONS)
			continue;
		json_object_object_add(reasons, r->name,
				       json_object_new_string(action_name(
					       policy_effective(p, r))));
	}
	json_object_object_add(o, "reasons", reasons);
	scopes = json_object_new_array();
	for (size_t i = 0; i < p->scope_count; i++) {
		json_object *s = json_object_new_object();

		json_object_object_add(
			s, "cgroup",
			p->scopes[i].path[0]
				? json_object_new_string(p->scopes[i].path)
				: NULL);
		json_object_object_add(
			s,
			p->scopes[i].cgroup_id & LOCKDOWN_SCOPE_PATH_KEY
				? "path_key"
				: "cgroup_id",
			json_object_new_uint64(p->scopes[i].cgroup_id));
		json_object_object_add(
			s, "level",
			json_object_new_string(level_name(p->scopes[i].level)));
		json_object_array_add(scopes, s);
	}
	json_object_object_add(o, "scopes", scopes);
	json_print(o);
}

static int show(const struct reason_set *reasons, bool json)
{
	struct policy p;
	bool applied;
	int err = policy_read_kernel(&p, &applied);

	if (err) {
		errorf("cannot read the policy in force: %s", strerror(-err));
		return EXIT_FAIL;
	}
	if (json)
		show_json(&p, reasons, applied);
	else
		show_text(&p, reasons);
	return EXIT_OK;
}

enum policy_verb { POLICY_CHECK, POLICY_DIFF, POLICY_SHOW };

/* Every policy verb reads this kernel's reasons first. */
static int run_policy_verb(const struct verb_call *call, enum policy_verb v)
{
	const char *file = call->argc ? call->argv[0] : NULL;
	struct reason_set reasons;
	int rc, err;

	err = reason_set_load(&reasons);
	if (err) {
		errorf("cannot read this kernel's lockdown reasons: %s",
		       strerror(-err));
		return EXIT_FAIL;
	}
	if (v == POLICY_CHECK)
		rc = check(file, &reasons);
	else if (v == POLICY_DIFF)
		rc = diff(file, &reasons, call->json);
	else
		rc = show(&reasons, call->json);
	reason_set_free(&reasons);
	return rc;
}

static int run_check(const struct verb_call *call)
{
	return run_policy_verb(call, POLICY_CHECK);
}

static int run_diff(const struct verb_call *call)
{
	return run_policy_verb(call, POLICY_DIFF);
}

static int run_show(const struct verb_call *call)
{
	return run_policy_verb(call, POLICY_SHOW);
}

static const struct verb verb_policy_check = {
	.name = "check",
	.usage = usage,
	.max_operands = 1,
	.operands_error = "policy check takes at most one file",
	.run = run_check,
};

static const struct verb verb_policy_diff = {
	.name = "diff",
	.usage = usage,
	.max_operands = 1,
	.operands_error = "policy diff takes at most one file",
	.flags = VERB_JSON,
	.run = run_diff,
};

static const struct verb verb_policy_show = {
	.name = "show",
	.usage = usage,
	.operands_error = "policy show takes no file",
	.flags = VERB_JSON,
	.run = run_show,
};

static const struct verb *const policy_verbs[] = {
	&verb_policy_check,
	&verb_policy_diff,
	&verb_policy_show,
	NULL,
};

const struct verb verb_policy = {
	.name = "policy",
	.summary = "check, diff or show a policy",
	.usage = usage,
	.min_operands = 1,
	.max_operands = -1,
	.operands_error = "policy needs a command: check, diff or show",
	.flags = VERB_OPTIONS_FIRST,
	.subverbs = policy_verbs,
};
