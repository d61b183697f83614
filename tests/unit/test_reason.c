// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for src/reason.c: the description table, and the reading of
 * enum lockdown_reason from BTF built in memory with libbpf.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>
#include <bpf/btf.h>
#include "reason.h"

struct enumerator {
	const char *name;
	int value;
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A BTF with an int and one enum @enum_name made of @e, in that order. */
static struct btf *make_btf(const char *enum_name, const struct enumerator *e,
			    size_t n)
{
	struct btf *btf = btf__new_empty();

	assert_non_null(btf);
	assert_true(btf__add_int(btf, "int", 4, BTF_INT_SIGNED) > 0);
	assert_true(btf__add_enum(btf, enum_name, 4) > 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(
			btf__add_enum_value(btf, e[i].name, e[i].value), 0);
	return btf;
}

/* Reads @e as enum lockdown_reason into @set; returns the error. */
static int load(const struct enumerator *e, size_t n, struct reason_set *set)
{
	struct btf *btf = make_btf("lockdown_reason", e, n);
	int err;

	memset(set, 0xa5, sizeof(*set));
	err = reason_set_from_btf(btf, set);
	btf__free(btf);
	return err;
}

static void assert_reason(const struct reason *r, const char *name, __u32 value,
			  enum lockdown_level level, const char *description)
{
	assert_non_null(r);
	assert_string_equal(r->name, name);
	assert_int_equal(r->value, value);
	assert_int_equal(r->level, level);
	if (description)
		assert_string_equal(r->description, description);
	else
		assert_null(r->description);
}

/* No reasons, and nothing for reason_set_free() to free. */
static void assert_empty(const struct reason_set *set)
{
	assert_null(set->reasons);
	assert_int_equal(set->count, 0);
}

static void test_description_known(void **state)
{
	(void)state;
	assert_string_equal(reason_description("dev_mem"),
			    "/dev/mem,kmem,port");
	assert_string_equal(reason_description("kcore"), "/proc/kcore access");
	assert_string_equal(reason_description("module_signature"),
			    "unsigned module loading");
	assert_string_equal(reason_description("bpf_read_kernel"),
			    "use of bpf to read kernel RAM");
	assert_string_equal(reason_description("xfrm_secret"),
			    "xfrm SA secret");
}

static void test_description_unknown(void **state)
{
	(void)state;
	assert_null(reason_description("future_thing"));
	assert_null(reason_description(""));
	assert_null(reason_description("DEV_MEM"));
	assert_null(reason_description("lockdown_dev_mem"));
	assert_null(reason_description("dev_mem "));
	assert_null(reason_description("dev"));
	/* The markers are not reasons. */
	assert_null(reason_description("none"));
	assert_null(reason_description("integrity_max"));
	assert_null(reason_description("confidentiality_max"));
}

static const struct enumerator odd[] = {
	{ "LOCKDOWN_NONE", 0 },
	{ "LOCKDOWN_MODULE_SIGNATURE", 1 },
	{ "LOCKDOWN_DEV_MEM", 2 },
	{ "LOCKDOWN_INTEGRITY_MAX", 3 },
	{ "LOCKDOWN_KCORE", 4 },
	{ "LOCKDOWN_FUTURE_THING", 5 },
	{ "LOCKDOWN_CONFIDENTIALITY_MAX", 6 },
};

static void test_from_btf(void **state)
{
	struct reason_set set;

	(void)state;
	assert_int_equal(load(odd, ARRAY_SIZE(odd), &set), 0);
	assert_int_equal(set.integrity_max, 3);
	assert_int_equal(set.confidentiality_max, 6);
	assert_int_equal(set.count, 4);
	assert_reason(&set.reasons[0], "module_signature", 1,
		      LOCKDOWN_LEVEL_INTEGRITY, "unsigned module loading");
	assert_reason(&set.reasons[1], "dev_mem", 2, LOCKDOWN_LEVEL_INTEGRITY,
		      "/dev/mem,kmem,port");
	assert_reason(&set.reasons[2], "kcore", 4,
		      LOCKDOWN_LEVEL_CONFIDENTIALITY, "/proc/kcore access");
	assert_reason(&set.reasons[3], "future_thing", 5,
		      LOCKDOWN_LEVEL_CONFIDENTIALITY, NULL);
	reason_set_free(&set);
	assert_empty(&set);
}

static void test_by_value(void **state)
{
	struct reason_set set;

	(void)state;
	assert_int_equal(load(odd, ARRAY_SIZE(odd), &set), 0);
	assert_ptr_equal(reason_by_value(&set, 1), &set.reasons[0]);
	assert_ptr_equal(reason_by_value(&set, 2), &set.reasons[1]);
	assert_ptr_equal(reason_by_value(&set, 4), &set.reasons[2]);
	assert_ptr_equal(reason_by_value(&set, 5), &set.reasons[3]);
	/* NONE and the markers are not reasons; nor is anything past. */
	assert_null(reason_by_value(&set, 0));
	assert_null(reason_by_value(&set, 3));
	assert_null(reason_by_value(&set, 6));
	assert_null(reason_by_value(&set, 7));
	assert_null(reason_by_value(&set, LOCKDOWN_MAX_REASONS));
	assert_null(reason_by_value(&set, 0xffffffff));
	reason_set_free(&set);
}

static void test_by_name(void **state)
{
	struct reason_set set;

	(void)state;
	assert_int_equal(load(odd, ARRAY_SIZE(odd), &set), 0);
	assert_ptr_equal(reason_by_name(&set, "module_signature"),
			 &set.reasons[0]);
	assert_ptr_equal(reason_by_name(&set, "dev_mem"), &set.reasons[1]);
	assert_ptr_equal(reason_by_name(&set, "kcore"), &set.reasons[2]);
	assert_ptr_equal(reason_by_name(&set, "future_thing"), &set.reasons[3]);
	assert_null(reason_by_name(&set, "none"));
	assert_null(reason_by_name(&set, "integrity_max"));
	assert_null(reason_by_name(&set, "confidentiality_max"));
	assert_null(reason_by_name(&set, "DEV_MEM"));
	assert_null(reason_by_name(&set, "LOCKDOWN_DEV_MEM"));
	assert_null(reason_by_name(&set, "lockdown_dev_mem"));
	assert_null(reason_by_name(&set, "dev"));
	assert_null(reason_by_name(&set, ""));
	reason_set_free(&set);
}

/*
 * The markers are found wherever they are declared, and the reasons keep
 * the declaration order whatever their values.
 */
static void test_from_btf_shuffled_declarations(void **state)
{
	static const struct enumerator shuffled[] = {
		{ "LOCKDOWN_KCORE", 4 },
		{ "LOCKDOWN_CONFIDENTIALITY_MAX", 6 },
		{ "LOCKDOWN_DEV_MEM", 2 },
		{ "LOCKDOWN_NONE", 0 },
		{ "LOCKDOWN_FUTURE_THING", 5 },
		{ "LOCKDOWN_INTEGRITY_MAX", 3 },
		{ "LOCKDOWN_MODULE_SIGNATURE", 1 },
	};
	struct reason_set set;

	(void)state;
	assert_int_equal(load(shuffled, ARRAY_SIZE(shuffled), &set), 0);
	assert_int_equal(set.integrity_max, 3);
	assert_int_equal(set.confidentiality_max, 6);
	assert_int_equal(set.count, 4);
	assert_reason(&set.reasons[0], "kcore", 4,
		      LOCKDOWN_LEVEL_CONFIDENTIALITY, "/proc/kcore access");
	assert_reason(&set.reasons[1], "dev_mem", 2, LOCKDOWN_LEVEL_INTEGRITY,
		      "/dev/mem,kmem,port");
	assert_reason(&set.reasons[2], "future_thing", 5,
		      LOCKDOWN_LEVEL_CONFIDENTIALITY, NULL);
	assert_reason(&set.reasons[3], "module_signature", 1,
		      LOCKDOWN_LEVEL_INTEGRITY, "unsigned module loading");
	reason_set_free(&set);
}

/*
 * An older kernel's shape: more reasons below INTEGRITY_MAX, and one
 * (BPF_READ, before its _KERNEL rename) the table has no words for. The
 * numbers 4 and 5, confidentiality above, are integrity here: the level
 * follows the markers, not the numbers.
 */
static void test_from_btf_other_numbering(void **state)
{
	static const struct enumerator older[] = {
		{ "LOCKDOWN_NONE", 0 },
		{ "LOCKDOWN_MODULE_SIGNATURE", 1 },
		{ "LOCKDOWN_DEV_MEM", 2 },
		{ "LOCKDOWN_EFI_TEST", 3 },
		{ "LOCKDOWN_KEXEC", 4 },
		{ "LOCKDOWN_HIBERNATION", 5 },
		{ "LOCKDOWN_INTEGRITY_MAX", 6 },
		{ "LOCKDOWN_KCORE", 7 },
		{ "LOCKDOWN_BPF_READ", 8 },
		{ "LOCKDOWN_CONFIDENTIALITY_MAX", 9 },
	};
	struct reason_set now, then;

	(void)state;
	assert_int_equal(load(odd, ARRAY_SIZE(odd), &now), 0);
	assert_int_equal(load(older, ARRAY_SIZE(older), &then), 0);
	assert_int_equal(then.integrity_max, 6);
	assert_int_equal(then.confidentiality_max, 9);
	assert_int_equal(then.count, 7);

	assert_reason(reason_by_value(&now, 4), "kcore", 4,
		      LOCKDOWN_LEVEL_CONFIDENTIALITY, "/proc/kcore access");
	assert_reason(reason_by_value(&then, 4), "kexec", 4,
		      LOCKDOWN_LEVEL_INTEGRITY, "kexec of unsigned images");
	assert_int_equal(reason_by_value(&now, 5)->level,
			 LOCKDOWN_LEVEL_CONFIDENTIALITY);
	assert_reason(reason_by_value(&then, 5), "hibernation", 5,
		      LOCKDOWN_LEVEL_INTEGRITY, "hibernation");
	/* 3 is a marker in one and a reason in the other. */
	assert_null(reason_by_value(&now, 3));
	assert_reason(reason_by_value(&then, 3), "efi_test", 3,
		      LOCKDOWN_LEVEL_INTEGRITY, "/dev/efi_test access");
	assert_null(reason_by_value(&then, 6));
	assert_null(reason_by_value(&then, 9));

	/* The same name, another number, the same level. */
	assert_reason(reason_by_name(&then, "kcore"), "kcore", 7,
		      LOCKDOWN_LEVEL_CONFIDENTIALITY, "/proc/kcore access");
	assert_reason(reason_by_name(&then, "bpf_read"), "bpf_read", 8,
		      LOCKDOWN_LEVEL_CONFIDENTIALITY, NULL);
	assert_reason(reason_by_name(&then, "dev_mem"), "dev_mem", 2,
		      LOCKDOWN_LEVEL_INTEGRITY, "/dev/mem,kmem,port");
	reason_set_free(&now);
	reason_set_free(&then);
}

#define FORTY "AAAAAAAAAABBBBBBBBBBCCCCCCCCCCDDDDDDDDDD"

/* Names fill struct reason's buffer up to its last byte, never beyond. */
static void test_from_btf_name_length(void **state)
{
	static const struct enumerator names[] = {
		{ "LOCKDOWN_NONE", 0 },
		/* 47 characters after the prefix: the longest kept. */
		{ "LOCKDOWN_" FORTY "EEEEEEE", 1 },
		/* 48: dropped rather than cut. */
		{ "LOCKDOWN_" FORTY "EEEEEEEE", 2 },
		{ "LOCKDOWN_INTEGRITY_MAX", 3 },
		{ "LOCKDOWN_CONFIDENTIALITY_MAX", 4 },
	};
	struct reason_set set;

	(void)state;
	assert_int_equal(load(names, ARRAY_SIZE(names), &set), 0);
	assert_int_equal(set.count, 1);
	assert_int_equal(strlen(set.reasons[0].name), REASON_NAME_LEN - 1);
	assert_reason(&set.reasons[0],
		      "aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeeeee", 1,
		      LOCKDOWN_LEVEL_INTEGRITY, NULL);
	assert_null(reason_by_value(&set, 2));
	reason_set_free(&set);
}

static void test_from_btf_no_confidentiality_max(void **state)
{
	static const struct enumerator partial[] = {
		{ "LOCKDOWN_NONE", 0 },
		{ "LOCKDOWN_DEV_MEM", 1 },
		{ "LOCKDOWN_INTEGRITY_MAX", 2 },
		{ "LOCKDOWN_KCORE", 3 },
	};
	struct reason_set set;

	(void)state;
	assert_int_equal(load(partial, ARRAY_SIZE(partial), &set), -ENOENT);
	assert_empty(&set);
}

static void test_from_btf_no_integrity_max(void **state)
{
	static const struct enumerator partial[] = {
		{ "LOCKDOWN_NONE", 0 },
		{ "LOCKDOWN_DEV_MEM", 1 },
		{ "LOCKDOWN_KCORE", 2 },
		{ "LOCKDOWN_CONFIDENTIALITY_MAX", 3 },
	};
	struct reason_set set;

	(void)state;
	assert_int_equal(load(partial, ARRAY_SIZE(partial), &set), -ENOENT);
	assert_empty(&set);
}

/* The enum is found by its name, not by the names of its values. */
static void test_from_btf_no_enum(void **state)
{
	struct btf *btf = make_btf("lockdown_reason_old", odd, ARRAY_SIZE(odd));
	struct reason_set set;

	(void)state;
	memset(&set, 0xa5, sizeof(set));
	assert_int_equal(reason_set_from_btf(btf, &set), -ENOENT);
	assert_empty(&set);
	btf__free(btf);

	btf = btf__new_empty();
	assert_non_null(btf);
	memset(&set, 0xa5, sizeof(set));
	assert_int_equal(reason_set_from_btf(btf, &set), -ENOENT);
	assert_empty(&set);
	btf__free(btf);
}

/* The child-process loader gives the same set as the direct one (on
 * this machine's own kernel BTF; skipped where there is none). */
static void test_load_in_child_matches(void **state)
{
	struct reason_set direct, child;

	(void)state;
	if (reason_set_load(&direct)) {
		skip();
		return;
	}
	assert_int_equal(reason_set_load_in_child(&child), 0);
	assert_int_equal(child.count, direct.count);
	assert_int_equal(child.integrity_max, direct.integrity_max);
	assert_int_equal(child.confidentiality_max, direct.confidentiality_max);
	for (size_t i = 0; i < direct.count; i++) {
		assert_string_equal(child.reasons[i].name,
				    direct.reasons[i].name);
		assert_int_equal(child.reasons[i].value,
				 direct.reasons[i].value);
		assert_int_equal(child.reasons[i].level,
				 direct.reasons[i].level);
		assert_ptr_equal(child.reasons[i].description,
				 direct.reasons[i].description);
	}
	reason_set_free(&direct);
	reason_set_free(&child);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_in_child_matches),
		cmocka_unit_test(test_description_known),
		cmocka_unit_test(test_description_unknown),
		cmocka_unit_test(test_from_btf),
		cmocka_unit_test(test_by_value),
		cmocka_unit_test(test_by_name),
		cmocka_unit_test(test_from_btf_shuffled_declarations),
		cmocka_unit_test(test_from_btf_other_numbering),
		cmocka_unit_test(test_from_btf_name_length),
		cmocka_unit_test(test_from_btf_no_confidentiality_max),
		cmocka_unit_test(test_from_btf_no_integrity_max),
		cmocka_unit_test(test_from_btf_no_enum),
	};

	return cmocka_run_group_tests_name("reason", tests, NULL, NULL);
}
