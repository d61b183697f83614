// SPDX-License-Identifier: GPL-2.0
/* Unit tests for lsm_list_has() in src/kernel.c. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "kernel.h"

/* A longer list, as /sys/kernel/security/lsm shows it (no newline). */
#define LSM_LIST "lockdown,capability,landlock,yama,apparmor,tomoyo,bpf,ipe"

static void test_lsm_present(void **state)
{
	(void)state;
	assert_true(lsm_list_has("lockdown,capability,bpf", "bpf"));
	assert_true(lsm_list_has("lockdown,capability,bpf", "lockdown"));
	assert_true(lsm_list_has("lockdown,capability,bpf", "capability"));
	assert_true(lsm_list_has(LSM_LIST, "bpf"));
	assert_true(lsm_list_has(LSM_LIST, "apparmor"));
	assert_true(lsm_list_has(LSM_LIST, "ipe"));
}

static void test_lsm_alone(void **state)
{
	(void)state;
	assert_true(lsm_list_has("bpf", "bpf"));
	assert_false(lsm_list_has("bpf", "bp"));
	assert_false(lsm_list_has("bpf", "bpfx"));
	assert_false(lsm_list_has("bpf", "BPF"));
}

static void test_lsm_absent(void **state)
{
	(void)state;
	assert_false(lsm_list_has("lockdown,capability,landlock,yama", "bpf"));
	assert_false(lsm_list_has("lockdown,capability", "lock"));
	assert_false(lsm_list_has("lockdown,capability", "capabilityx"));
}

/* Whole names only: a prefix, suffix or longer name is not a match. */
static void test_lsm_partial_names(void **state)
{
	(void)state;
	assert_false(lsm_list_has("bpfx,a", "bpf"));
	assert_false(lsm_list_has("a,bpfx", "bpf"));
	assert_false(lsm_list_has("xbpf,a", "bpf"));
	assert_false(lsm_list_has("a,xbpf", "bpf"));
	assert_false(lsm_list_has("capability,bp", "bpf"));
	assert_false(lsm_list_has("capability,bpf", "bpf,"));
	assert_false(lsm_list_has("capability,bpf", "capability,bpf"));
}

static void test_lsm_empty_list(void **state)
{
	(void)state;
	assert_false(lsm_list_has("", "bpf"));
	assert_false(lsm_list_has(",", "bpf"));
	assert_false(lsm_list_has(",,", "bpf"));
}

static void test_lsm_stray_commas(void **state)
{
	(void)state;
	assert_true(lsm_list_has("bpf,", "bpf"));
	assert_true(lsm_list_has("capability,bpf,", "bpf"));
	assert_true(lsm_list_has(",bpf", "bpf"));
	assert_true(lsm_list_has("capability,,bpf", "bpf"));
	assert_false(lsm_list_has("capability,,bpfx,", "bpf"));
}

static void test_cmdline_param(void **state)
{
	char v[16];

	(void)state;
	assert_int_equal(cmdline_param("ro bpf_lockdown=integrity quiet",
				       "bpf_lockdown", v, sizeof(v)),
			 0);
	assert_string_equal(v, "integrity");
	/* The last occurrence wins; a prefix of another name is not it. */
	assert_int_equal(
		cmdline_param(
			"bpf_lockdown=integrity x_bpf_lockdown=none bpf_lockdown=confidentiality\n",
			"bpf_lockdown", v, sizeof(v)),
		0);
	assert_string_equal(v, "confidentiality");
	assert_int_equal(cmdline_param("bpf_lockdownx=1 lockdown=integrity",
				       "bpf_lockdown", v, sizeof(v)),
			 -ENOENT);
	assert_int_equal(cmdline_param("", "bpf_lockdown", v, sizeof(v)),
			 -ENOENT);
	assert_int_equal(
		cmdline_param("bpf_lockdown=", "bpf_lockdown", v, sizeof(v)),
		0);
	assert_string_equal(v, "");
	assert_int_equal(cmdline_param("bpf_lockdown=0123456789abcdef",
				       "bpf_lockdown", v, sizeof(v)),
			 -ENAMETOOLONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmdline_param),
		cmocka_unit_test(test_lsm_present),
		cmocka_unit_test(test_lsm_alone),
		cmocka_unit_test(test_lsm_absent),
		cmocka_unit_test(test_lsm_partial_names),
		cmocka_unit_test(test_lsm_empty_list),
		cmocka_unit_test(test_lsm_stray_commas),
	};

	return cmocka_run_group_tests_name("kernel", tests, NULL, NULL);
}
