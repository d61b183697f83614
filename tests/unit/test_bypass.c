// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for src/bypass.c's reading of the scan's records: only a
 * whole list, ending with the record that counts it, is taken.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>
#include "bypass.h"

#define N 3

/* @n program records as the kernel numbers them, then the end. */
static void fill(struct lockdown_scan_rec *r, size_t n)
{
	memset(r, 0, (n + 1) * sizeof(*r));
	for (size_t i = 0; i <= n; i++) {
		r[i].magic = LOCKDOWN_SCAN_MAGIC;
		r[i].kind = i < n ? LOCKDOWN_SCAN_PROG : LOCKDOWN_SCAN_END;
		r[i].id = i < n ? 100 + i : 0;
		r[i].seq = i < n ? i : n ? n - 1 : 0;
	}
}

static void whole_list(void **state)
{
	struct lockdown_scan_rec r[N + 1];
	size_t n = 99;

	(void)state;
	fill(r, N);
	assert_int_equal(bypass_parse(r, sizeof(r), LOCKDOWN_SCAN_PROG, &n), 0);
	assert_int_equal(n, N);
	fill(r, 0);
	assert_int_equal(bypass_parse(r, sizeof(r[0]), LOCKDOWN_SCAN_PROG, &n),
			 0);
	assert_int_equal(n, 0);
}

/* A read that claimed bytes it never wrote leaves zeros. */
static void zeros_or_nothing(void **state)
{
	struct lockdown_scan_rec r[N + 1] = { 0 };
	size_t n = 99;

	(void)state;
	assert_int_equal(bypass_parse(r, sizeof(r), LOCKDOWN_SCAN_PROG, &n),
			 -EBADMSG);
	assert_int_equal(bypass_parse(r, 0, LOCKDOWN_SCAN_PROG, &n), -EBADMSG);
	assert_int_equal(n, 99);
}

static void cut_short(void **state)
{
	struct lockdown_scan_rec r[N + 1];
	size_t n;

	(void)state;
	fill(r, N);
	/* No end record. */
	assert_int_equal(
		bypass_parse(r, N * sizeof(r[0]), LOCKDOWN_SCAN_PROG, &n),
		-EBADMSG);
	/* Not a whole record. */
	assert_int_equal(bypass_parse(r, sizeof(r) - 1, LOCKDOWN_SCAN_PROG, &n),
			 -EBADMSG);
	/* A record dropped: the numbers say so. */
	r[1] = r[2];
	r[2] = r[3];
	assert_int_equal(
		bypass_parse(r, N * sizeof(r[0]), LOCKDOWN_SCAN_PROG, &n),
		-EBADMSG);
	/* One shown twice. */
	fill(r, N);
	r[2].seq = 1;
	assert_int_equal(bypass_parse(r, sizeof(r), LOCKDOWN_SCAN_PROG, &n),
			 -EBADMSG);
}

static void wrong_kind_or_magic(void **state)
{
	struct lockdown_scan_rec r[N + 1];
	size_t n;

	(void)state;
	fill(r, N);
	assert_int_equal(bypass_parse(r, sizeof(r), LOCKDOWN_SCAN_LINK, &n),
			 -EBADMSG);
	r[1].magic ^= 1;
	assert_int_equal(bypass_parse(r, sizeof(r), LOCKDOWN_SCAN_PROG, &n),
			 -EBADMSG);
	fill(r, N);
	r[N].kind = LOCKDOWN_SCAN_PROG;
	assert_int_equal(bypass_parse(r, sizeof(r), LOCKDOWN_SCAN_PROG, &n),
			 -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_list),
		cmocka_unit_test(zeros_or_nothing),
		cmocka_unit_test(cut_short),
		cmocka_unit_test(wrong_kind_or_magic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
