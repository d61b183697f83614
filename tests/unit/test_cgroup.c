// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for src/cgroup.c's path keys: the kernel's kernfs name hash,
 * the key of a path, and the check against the running kernel.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include "cgroup.h"
#include "lockdown_abi.h"

/* Hashes read back from a Linux 6.x kernel: kernfs hands each entry's
 * hash out as the readdir offset (d_off) of the entry before it
 * (/sys/kernel, measured 2026-11-29). */
static void test_name_hash(void **state)
{
	(void)state;
	assert_int_equal(cgroup_name_hash("mm"), 638226875);
	assert_int_equal(cgroup_name_hash("security"), 1436867011);
	assert_int_equal(cgroup_name_hash("debug"), 1649446474);
	assert_int_equal(cgroup_name_hash("cgroup"), 2013313596);
	assert_int_equal(cgroup_name_hash("boot_params"), 2073873815);
	assert_int_equal(cgroup_name_hash("warn_count"), 90616424);
}

static void test_path_key(void **state)
{
	__u64 k1 = cgroup_path_key("machine.slice");
	__u64 k2 = cgroup_path_key("machine.slice/x.scope");

	(void)state;
	assert_true(k1 & LOCKDOWN_SCOPE_PATH_KEY);
	assert_true(k2 & LOCKDOWN_SCOPE_PATH_KEY);
	assert_true(k1 != k2);
	/* The chain, as the BPF side computes it from the root down. */
	assert_int_equal(k1, ((LOCKDOWN_PATH_KEY_SEED ^
			       cgroup_name_hash("machine.slice")) *
			      LOCKDOWN_PATH_KEY_PRIME) |
				     LOCKDOWN_SCOPE_PATH_KEY);
	assert_int_equal(k2, ((((LOCKDOWN_PATH_KEY_SEED ^
				 cgroup_name_hash("machine.slice")) *
				LOCKDOWN_PATH_KEY_PRIME) ^
			       cgroup_name_hash("x.scope")) *
			      LOCKDOWN_PATH_KEY_PRIME) |
				     LOCKDOWN_SCOPE_PATH_KEY);
	/* Order matters. */
	assert_true(cgroup_path_key("a/b") != cgroup_path_key("b/a"));
}

/* /sys/kernel is kernfs, as cgroup2 is: the same hash. */
static void test_hash_check(void **state)
{
	(void)state;
	if (cgroup_hash_check("/sys/kernel") == -ENOENT)
		skip();
	assert_int_equal(cgroup_hash_check("/sys/kernel"), 0);
	/* Not kernfs: offsets are not these hashes. */
	assert_int_equal(cgroup_hash_check("/"), -ENOTSUP);
}

/* An empty directory (/sys/fs/cgroup in an initramfs, before cgroup2 is
 * mounted) says nothing either way: the caller then asks sysfs. */
static void test_hash_check_empty(void **state)
{
	char dir[] = "/tmp/test_cgroup.XXXXXX";

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(cgroup_hash_check(dir), -ENODATA);
	rmdir(dir);
	assert_int_equal(cgroup_hash_check(dir), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_hash),
		cmocka_unit_test(test_path_key),
		cmocka_unit_test(test_hash_check),
		cmocka_unit_test(test_hash_check_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
