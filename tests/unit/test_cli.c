// SPDX-License-Identifier: GPL-2.0
/* command_options(): the option handling every --json command shares. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <cmocka.h>
#include "lockdownctl.h"

static int run(bool *json, int argc, ...)
{
	char *argv[8];
	va_list ap;
	int rc;

	va_start(ap, argc);
	for (int i = 0; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	argv[argc] = NULL;
	/* Help and errors go to stdout and stderr; keep the test output clean. */
	int out = dup(1), err = dup(2), null = open("/dev/null", O_WRONLY);

	fflush(stdout);
	dup2(null, 1);
	dup2(null, 2);
	rc = command_options(argc, argv, "status", "Usage: test", json);
	fflush(stdout);
	fflush(stderr);
	dup2(out, 1);
	dup2(err, 2);
	close(out);
	close(err);
	close(null);
	return rc;
}

static void test_no_options(void **state)
{
	bool json = true;

	(void)state;
	assert_int_equal(run(&json, 1, "status"), -1);
	assert_false(json);
}

static void test_json(void **state)
{
	bool json = false;

	(void)state;
	assert_int_equal(run(&json, 2, "status", "--json"), -1);
	assert_true(json);
}

static void test_help_wins(void **state)
{
	bool json;

	(void)state;
	assert_int_equal(run(&json, 3, "status", "--bogus", "--help"), EXIT_OK);
	assert_int_equal(run(&json, 2, "status", "-h"), EXIT_OK);
}

static void test_unknown_option(void **state)
{
	bool json;

	(void)state;
	assert_int_equal(run(&json, 3, "status", "--json", "--bogus"),
			 EXIT_USAGE);
}

static void test_positional(void **state)
{
	bool json;

	(void)state;
	assert_int_equal(run(&json, 2, "status", "extra"), EXIT_USAGE);
}

/* After "--", -h is an argument, not a request for help. */
static void test_help_after_dashdash(void **state)
{
	bool json;

	(void)state;
	assert_int_equal(run(&json, 3, "status", "--", "-h"), EXIT_USAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_options),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_help_wins),
		cmocka_unit_test(test_unknown_option),
		cmocka_unit_test(test_positional),
		cmocka_unit_test(test_help_after_dashdash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
