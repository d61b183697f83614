// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for src/policy.c: the effective action of a reason, what the
 * kernel decides under an enforced level, when a policy enforces, and
 * which differences weaken the policy in force.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "config.h"
#include "policy.h"

static struct reason reasons[] = {
	{ .name = "dev_mem", .value = 2, .level = LOCKDOWN_LEVEL_INTEGRITY },
	{ .name = "hibernation",
	  .value = 5,
	  .level = LOCKDOWN_LEVEL_INTEGRITY },
	{ .name = "kcore",
	  .value = 20,
	  .level = LOCKDOWN_LEVEL_CONFIDENTIALITY },
};
static const struct reason_set set = {
	.reasons = reasons,
	.count = 3,
	.integrity_max = 19,
	.confidentiality_max = 30,
};

#define DEV_MEM (&reasons[0])
#define HIBERNATION (&reasons[1])
#define KCORE (&reasons[2])

struct seen {
	int count;
	int weakening;
	char last[PATH_MAX + 256];
};

static void collect(const struct policy_change *c, void *ctx)
{
	struct seen *s = ctx;

	s->count++;
	s->weakening += c->weakens;
	snprintf(s->last, sizeof(s->last), "%s: %s -> %s%s", c->component,
		 c->before, c->after, c->weakens ? " !" : "");
}

static struct policy at(enum lockdown_level level)
{
	struct policy p;

	config_defaults(&p);
	p.level = level;
	return p;
}

static void test_effective(void **state)
{
	struct policy p = at(LOCKDOWN_LEVEL_INTEGRITY);

	(void)state;
	assert_int_equal(policy_effective(&p, DEV_MEM), LOCKDOWN_ACTION_DENY);
	assert_int_equal(policy_effective(&p, KCORE), LOCKDOWN_ACTION_ALLOW);
	p.actions[HIBERNATION->value] = LOCKDOWN_ACTION_ALLOW;
	p.actions[KCORE->value] = LOCKDOWN_ACTION_AUDIT;
	assert_int_equal(policy_effective(&p, HIBERNATION),
			 LOCKDOWN_ACTION_ALLOW);
	assert_int_equal(policy_effective(&p, KCORE), LOCKDOWN_ACTION_AUDIT);
}

/* The enforced level refuses what it covers in any mode, whatever the
 * actions say; the policy, audit mode included, decides above it. */
static void test_decide(void **state)
{
	struct policy p = at(LOCKDOWN_LEVEL_CONFIDENTIALITY);
	bool by = true;

	(void)state;
	p.mode = LOCKDOWN_MODE_AUDIT;
	p.actions[HIBERNATION->value] = LOCKDOWN_ACTION_ALLOW;
	assert_int_equal(policy_decide(&p, DEV_MEM, &by),
			 LOCKDOWN_ACTION_AUDIT);
	assert_false(by);
	assert_int_equal(policy_decide(&p, KCORE, NULL), LOCKDOWN_ACTION_AUDIT);
	assert_int_equal(policy_decide(&p, HIBERNATION, NULL),
			 LOCKDOWN_ACTION_ALLOW);
	assert_int_equal(policy_level_in_force(&p), LOCKDOWN_LEVEL_NONE);

	p.enforced = LOCKDOWN_LEVEL_INTEGRITY;
	assert_int_equal(policy_decide(&p, DEV_MEM, &by), LOCKDOWN_ACTION_DENY);
	assert_true(by);
	assert_int_equal(policy_decide(&p, HIBERNATION, &by),
			 LOCKDOWN_ACTION_DENY);
	assert_true(by);
	assert_int_equal(policy_decide(&p, KCORE, &by), LOCKDOWN_ACTION_AUDIT);
	assert_false(by);
	assert_int_equal(policy_level_in_force(&p), LOCKDOWN_LEVEL_INTEGRITY);

	p.mode = LOCKDOWN_MODE_ENFORCE;
	assert_int_equal(policy_decide(&p, KCORE, NULL), LOCKDOWN_ACTION_DENY);
	assert_int_equal(policy_level_in_force(&p),
			 LOCKDOWN_LEVEL_CONFIDENTIALITY);
	p.actions[KCORE->value] = LOCKDOWN_ACTION_ALLOW;
	assert_int_equal(policy_decide(&p, KCORE, NULL), LOCKDOWN_ACTION_ALLOW);
	p.enforced = LOCKDOWN_LEVEL_CONFIDENTIALITY;
	assert_int_equal(policy_decide(&p, KCORE, NULL), LOCKDOWN_ACTION_DENY);
}

static void test_enforcing(void **state)
{
	struct policy p = at(LOCKDOWN_LEVEL_NONE);

	(void)state;
	assert_false(policy_enforcing(&p));
	p.actions[DEV_MEM->value] = LOCKDOWN_ACTION_AUDIT;
	assert_false(policy_enforcing(&p));
	p.actions[DEV_MEM->value] = LOCKDOWN_ACTION_DENY;
	assert_true(policy_enforcing(&p));
	p.mode = LOCKDOWN_MODE_AUDIT;
	assert_false(policy_enforcing(&p));
	p.scope_count = 1;
	assert_true(policy_enforcing(&p));
}

/* Each kind of weakening is named and counted; strengthening is not. */
static void test_diff_weakening(void **state)
{
	struct policy cur = at(LOCKDOWN_LEVEL_INTEGRITY), next;
	struct seen s;

	(void)state;
	next = cur;
	memset(&s, 0, sizeof(s));
	assert_int_equal(policy_diff(&cur, &next, &set, collect, &s), 0);
	assert_int_equal(s.count, 0);

	next.level = LOCKDOWN_LEVEL_NONE;
	memset(&s, 0, sizeof(s));
	/* The level and the two integrity reasons it covered. */
	assert_int_equal(policy_diff(&cur, &next, &set, collect, &s), 3);

	next = cur;
	next.mode = LOCKDOWN_MODE_AUDIT;
	memset(&s, 0, sizeof(s));
	assert_int_equal(policy_diff(&cur, &next, &set, collect, &s), 1);
	assert_string_equal(s.last, "mode: enforce -> audit !");

	next = cur;
	next.actions[DEV_MEM->value] = LOCKDOWN_ACTION_AUDIT;
	memset(&s, 0, sizeof(s));
	assert_int_equal(policy_diff(&cur, &next, &set, collect, &s), 1);
	assert_string_equal(s.last, "reason dev_mem: deny (level) -> audit !");

	next = cur;
	next.level = LOCKDOWN_LEVEL_CONFIDENTIALITY;
	next.actions[HIBERNATION->value] = LOCKDOWN_ACTION_DENY;
	memset(&s, 0, sizeof(s));
	assert_int_equal(policy_diff(&cur, &next, &set, collect, &s), 0);
	assert_int_equal(s.count, 3); /* level, hibernation's words, kcore */
}

/* Nothing enforcing: anything may replace it, so nothing weakens. */
static void test_diff_not_enforcing(void **state)
{
	struct policy cur = at(LOCKDOWN_LEVEL_CONFIDENTIALITY), next;
	struct seen s = { 0 };

	(void)state;
	cur.mode = LOCKDOWN_MODE_AUDIT;
	next = at(LOCKDOWN_LEVEL_NONE);
	assert_int_equal(policy_diff(&cur, &next, &set, collect, &s), 0);
	assert_true(s.count > 0);
	assert_int_equal(s.weakening, 0);
}

/* A scope in force must stay, at least as strict, unless its cgroup is
 * gone; a new one is an addition. */
static void test_diff_scopes(void **state)
{
	struct policy cur = at(LOCKDOWN_LEVEL_NONE), next;
	struct seen s;

	(void)state;
	cur.scope_count = 2;
	cur.scopes[0] =
		(struct policy_scope){ .path = "box",
				       .cgroup_id = 10,
				       .level =
					       LOCKDOWN_LEVEL_CONFIDENTIALITY };
	cur.scopes[1] = (struct policy_scope){
		.path = "", .cgroup_id = 11, .level = LOCKDOWN_LEVEL_INTEGRITY
	};
	next = at(LOCKDOWN_LEVEL_NONE);
	memset(&s, 0, sizeof(s));
	assert_int_equal(policy_diff(&cur, &next, &set, collect, &s), 1);
	assert_string_equal(s.last, "scope box: confidentiality -> absent !");

	next.scope_count = 1;
	next.scopes[0] = cur.scopes[0];
	next.scopes[0].level = LOCKDOWN_LEVEL_INTEGRITY;
	memset(&s, 0, sizeof(s));
	assert_int_equal(policy_diff(&cur, &next, &set, collect, &s), 1);
	assert_string_equal(s.last,
			    "scope box: confidentiality -> integrity !");

	next.scopes[0].level = LOCKDOWN_LEVEL_CONFIDENTIALITY;
	next.scope_count = 2;
	next.scopes[1] = (struct policy_scope){
		.path = "vm", .cgroup_id = 12, .level = LOCKDOWN_LEVEL_INTEGRITY
	};
	memset(&s, 0, sizeof(s));
	assert_int_equal(policy_diff(&cur, &next, &set, collect, &s), 0);
	assert_string_equal(s.last, "scope vm: absent -> integrity");
}

/* The kernel's argument carries every part both ways. */
static void test_args_round_trip(void **state)
{
	struct policy p = at(LOCKDOWN_LEVEL_INTEGRITY), back;
	struct lockdown_policy_args a;

	(void)state;
	p.enforced = LOCKDOWN_LEVEL_CONFIDENTIALITY;
	p.mode = LOCKDOWN_MODE_AUDIT;
	p.actions[KCORE->value] = LOCKDOWN_ACTION_DENY;
	p.scope_count = 1;
	p.scopes[0].cgroup_id = 99;
	p.scopes[0].level = LOCKDOWN_LEVEL_CONFIDENTIALITY;
	policy_to_args(&p, &a);
	assert_int_equal(a.op, LOCKDOWN_POLICY_APPLY);
	assert_int_equal(a.enforced, LOCKDOWN_LEVEL_CONFIDENTIALITY);
	policy_from_args(&back, &a);
	assert_int_equal(back.enforced, LOCKDOWN_LEVEL_CONFIDENTIALITY);
	assert_int_equal(back.level, LOCKDOWN_LEVEL_INTEGRITY);
	assert_int_equal(back.mode, LOCKDOWN_MODE_AUDIT);
	assert_memory_equal(back.actions, p.actions, sizeof(p.actions));
	assert_int_equal(back.scope_count, 1);
	assert_int_equal(back.scopes[0].cgroup_id, 99);
	assert_int_equal(back.scopes[0].level, LOCKDOWN_LEVEL_CONFIDENTIALITY);
	a.scope_count = 1000; /* never trusted past the array */
	policy_from_args(&back, &a);
	assert_int_equal(back.scope_count, LOCKDOWN_MAX_SCOPES);
}

static void test_names(void **state)
{
	enum lockdown_action a;
	enum lockdown_mode m;

	(void)state;
	assert_int_equal(action_parse("audit", &a), 0);
	assert_int_equal(a, LOCKDOWN_ACTION_AUDIT);
	assert_int_equal(action_parse("Deny", &a), -1);
	assert_int_equal(mode_parse("enforce", &m), 0);
	assert_int_equal(m, LOCKDOWN_MODE_ENFORCE);
	assert_int_equal(mode_parse("permissive", &m), -1);
	assert_string_equal(action_name(9), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_effective),
		cmocka_unit_test(test_decide),
		cmocka_unit_test(test_enforcing),
		cmocka_unit_test(test_diff_weakening),
		cmocka_unit_test(test_diff_not_enforcing),
		cmocka_unit_test(test_diff_scopes),
		cmocka_unit_test(test_args_round_trip),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
