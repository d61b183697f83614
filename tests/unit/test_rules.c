// SPDX-License-Identifier: GPL-2.0
/* lockdown_rules.h, the policy's rules both sides compile: exhaustively
 * over every action, coverage, mode and level, as properties. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "lockdown_rules.h"

/* An override decides whatever the level; without one, the level does. */
static void test_effective(void **state)
{
	(void)state;
	for (__u32 a = 0; a <= LOCKDOWN_ACTION_MAX; a++) {
		for (int covered = 0; covered < 2; covered++) {
			__u32 e = lockdown_effective(a, covered);

			if (a == LOCKDOWN_ACTION_LEVEL)
				assert_int_equal(
					e, covered ? LOCKDOWN_ACTION_DENY
						   : LOCKDOWN_ACTION_ALLOW);
			else
				assert_int_equal(e, a);
			/* Never "level" again: every reason is decided. */
			assert_int_not_equal(e, LOCKDOWN_ACTION_LEVEL);
			/* A level covering more never refuses less. */
			assert_true(lockdown_effective(a, true) >=
				    lockdown_effective(a, false));
		}
	}
}

/* Audit mode turns deny into audit and nothing else; enforce changes
 * nothing. */
static void test_in_mode(void **state)
{
	(void)state;
	for (__u32 a = LOCKDOWN_ACTION_ALLOW; a <= LOCKDOWN_ACTION_MAX; a++) {
		assert_int_equal(lockdown_in_mode(a, LOCKDOWN_MODE_ENFORCE), a);
		assert_int_equal(
			lockdown_in_mode(a, LOCKDOWN_MODE_AUDIT),
			a == LOCKDOWN_ACTION_DENY ? LOCKDOWN_ACTION_AUDIT : a);
		assert_true(lockdown_in_mode(a, LOCKDOWN_MODE_AUDIT) <=
			    lockdown_in_mode(a, LOCKDOWN_MODE_ENFORCE));
	}
}

/* Enforcing: a scope always; otherwise enforce mode with a level or a
 * denied reason, each reason position tried. */
static void test_enforcing(void **state)
{
	struct lockdown_policy_slot p;

	(void)state;
	for (__u32 mode = 0; mode <= LOCKDOWN_MODE_MAX; mode++) {
		for (__u32 level = 0; level <= LOCKDOWN_LEVEL_MAX; level++) {
			p.mode = mode;
			p.level = level;
			memset(p.actions, LOCKDOWN_ACTION_LEVEL,
			       sizeof(p.actions));
			assert_true(lockdown_enforcing(1, &p));
			assert_int_equal(lockdown_enforcing(0, &p),
					 mode == LOCKDOWN_MODE_ENFORCE &&
						 level > LOCKDOWN_LEVEL_NONE);
			p.level = LOCKDOWN_LEVEL_NONE;
			for (int r = 0; r < LOCKDOWN_MAX_REASONS; r++) {
				for (__u32 a = 0; a <= LOCKDOWN_ACTION_MAX;
				     a++) {
					memset(p.actions, LOCKDOWN_ACTION_LEVEL,
					       sizeof(p.actions));
					p.actions[r] = a;
					assert_int_equal(
						lockdown_enforcing(0, &p),
						mode == LOCKDOWN_MODE_ENFORCE &&
							a == LOCKDOWN_ACTION_DENY);
				}
			}
		}
	}
}

/* Weaker means refusing less: a lower level, enforce to audit, a less
 * strict effective action; equal is never weaker. */
static void test_weakens(void **state)
{
	(void)state;
	for (__u32 c = 0; c <= LOCKDOWN_LEVEL_MAX; c++)
		for (__u32 n = 0; n <= LOCKDOWN_LEVEL_MAX; n++)
			assert_int_equal(lockdown_level_weakens(c, n), n < c);
	assert_true(lockdown_mode_weakens(LOCKDOWN_MODE_ENFORCE,
					  LOCKDOWN_MODE_AUDIT));
	assert_false(lockdown_mode_weakens(LOCKDOWN_MODE_AUDIT,
					   LOCKDOWN_MODE_ENFORCE));
	for (__u32 m = 0; m <= LOCKDOWN_MODE_MAX; m++)
		assert_false(lockdown_mode_weakens(m, m));
	for (__u32 c = LOCKDOWN_ACTION_ALLOW; c <= LOCKDOWN_ACTION_MAX; c++)
		for (__u32 n = LOCKDOWN_ACTION_ALLOW; n <= LOCKDOWN_ACTION_MAX;
		     n++)
			assert_int_equal(lockdown_action_weakens(c, n), n < c);
}

/* The programs that could run before lockdown's own, by attach type. */
static void test_stands_before(void **state)
{
	(void)state;
	assert_true(lockdown_stands_before(BPF_MODIFY_RETURN, false));
	assert_true(lockdown_stands_before(BPF_MODIFY_RETURN, true));
	assert_true(lockdown_stands_before(BPF_LSM_MAC, true));
	assert_true(lockdown_stands_before(BPF_LSM_CGROUP, true));
	assert_false(lockdown_stands_before(BPF_LSM_MAC, false));
	assert_false(lockdown_stands_before(BPF_LSM_CGROUP, false));
	assert_false(lockdown_stands_before(BPF_TRACE_FENTRY, true));
	assert_false(lockdown_stands_before(BPF_TRACE_FEXIT, true));
	assert_false(lockdown_stands_before(BPF_TRACE_ITER, true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_effective),
		cmocka_unit_test(test_in_mode),
		cmocka_unit_test(test_enforcing),
		cmocka_unit_test(test_weakens),
		cmocka_unit_test(test_stands_before),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
