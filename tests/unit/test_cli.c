// SPDX-License-Identifier: GPL-2.0
/* verb_dispatch(): the contract every verb's table entry carries. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "lockdownctl.h"

#define RAN 42

static struct verb_call seen;
static int runs;

static int record(const struct verb_call *call)
{
	seen = *call;
	runs++;
	return RAN;
}

static int refuse_all(struct verb_call *call)
{
	(void)call;
	return EXIT_USAGE;
}

static const struct verb flat = {
	.name = "flat",
	.usage = "Usage: flat",
	.operands_error = "flat takes no arguments",
	.flags = VERB_JSON,
	.run = record,
};

static const struct verb one = {
	.name = "one",
	.usage = "Usage: one [FILE]",
	.max_operands = 1,
	.operands_error = "one takes at most one file",
	.flags = VERB_JSON,
	.options = { "level=", "wait" },
	.run = record,
};

static const struct verb cmd = {
	.name = "cmd",
	.usage = "Usage: cmd --level L COMMAND...",
	.min_operands = 1,
	.max_operands = -1,
	.operands_error = "cmd needs a command",
	.flags = VERB_JSON | VERB_OPTIONS_FIRST,
	.options = { "level=" },
	.run = record,
};

static const struct verb checked = {
	.name = "checked",
	.usage = "Usage: checked",
	.check = refuse_all,
	.run = record,
};

static const struct verb *const subs[] = { &flat, &one, NULL };

static const struct verb outer = {
	.name = "outer",
	.usage = "Usage: outer flat|one",
	.min_operands = 1,
	.max_operands = -1,
	.operands_error = "outer needs a command",
	.flags = VERB_OPTIONS_FIRST,
	.subverbs = subs,
};

static const struct verb *const verbs[] = { &flat,    &one,   &cmd,
					    &checked, &outer, NULL };

static int run(int argc, ...)
{
	char *argv[8];
	bool verbose = false;
	va_list ap;
	int rc;

	va_start(ap, argc);
	for (int i = 0; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	argv[argc] = NULL;
	memset(&seen, 0, sizeof(seen));
	runs = 0;
	/* Help and errors go to stdout and stderr; keep the output clean. */
	int out = dup(1), err = dup(2), null = open("/dev/null", O_WRONLY);

	fflush(stdout);
	dup2(null, 1);
	dup2(null, 2);
	rc = verb_dispatch(verbs, argc, argv, &verbose);
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
	(void)state;
	assert_int_equal(run(1, "flat"), RAN);
	assert_false(seen.json);
	assert_int_equal(seen.argc, 0);
}

static void test_json_anywhere(void **state)
{
	(void)state;
	assert_int_equal(run(2, "flat", "--json"), RAN);
	assert_true(seen.json);
	assert_int_equal(run(3, "one", "file", "--json"), RAN);
	assert_true(seen.json);
	assert_int_equal(seen.argc, 1);
	assert_string_equal(seen.argv[0], "file");
}

static void test_help_wins(void **state)
{
	(void)state;
	assert_int_equal(run(3, "flat", "--bogus", "--help"), EXIT_OK);
	assert_int_equal(run(2, "flat", "-h"), EXIT_OK);
	assert_int_equal(runs, 0);
}

static void test_unknown_option(void **state)
{
	(void)state;
	assert_int_equal(run(3, "flat", "--json", "--bogus"), EXIT_USAGE);
	assert_int_equal(run(2, "one", "--json=x"), EXIT_USAGE);
	assert_int_equal(runs, 0);
}

static void test_operand_bounds(void **state)
{
	(void)state;
	assert_int_equal(run(2, "flat", "extra"), EXIT_USAGE);
	assert_int_equal(run(3, "one", "a", "b"), EXIT_USAGE);
	assert_int_equal(run(1, "cmd"), EXIT_USAGE);
	assert_int_equal(runs, 0);
}

/* After "--", -h is an operand, not a request for help. */
static void test_help_after_dashdash(void **state)
{
	(void)state;
	assert_int_equal(run(3, "flat", "--", "-h"), EXIT_USAGE);
	assert_int_equal(run(3, "one", "--", "-h"), RAN);
	assert_string_equal(seen.argv[0], "-h");
}

static void test_own_options(void **state)
{
	(void)state;
	assert_int_equal(run(3, "one", "--level", "x"), RAN);
	assert_true(seen.option_set[0]);
	assert_string_equal(seen.option_value[0], "x");
	assert_false(seen.option_set[1]);
	assert_int_equal(run(3, "one", "--level=y", "--wait"), RAN);
	assert_string_equal(seen.option_value[0], "y");
	assert_true(seen.option_set[1]);
	assert_int_equal(run(2, "one", "--level"), EXIT_USAGE);
}

/* A command follows: its options are its own. */
static void test_options_first(void **state)
{
	(void)state;
	assert_int_equal(run(5, "cmd", "--level=x", "ls", "--json", "-h"), RAN);
	assert_false(seen.json);
	assert_int_equal(seen.argc, 3);
	assert_string_equal(seen.argv[1], "--json");
}

static void test_check_before_run(void **state)
{
	(void)state;
	assert_int_equal(run(1, "checked"), EXIT_USAGE);
	assert_int_equal(runs, 0);
}

static void test_subverbs(void **state)
{
	(void)state;
	assert_int_equal(run(3, "outer", "flat", "--json"), RAN);
	assert_true(seen.json);
	assert_int_equal(run(3, "outer", "one", "f"), RAN);
	assert_string_equal(seen.argv[0], "f");
	assert_int_equal(run(2, "outer", "bogus"), EXIT_USAGE);
	assert_int_equal(run(1, "outer"), EXIT_USAGE);
	assert_int_equal(run(3, "outer", "flat", "extra"), EXIT_USAGE);
}

static void test_unknown_verb(void **state)
{
	(void)state;
	assert_int_equal(run(1, "bogus"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_options),
		cmocka_unit_test(test_json_anywhere),
		cmocka_unit_test(test_help_wins),
		cmocka_unit_test(test_unknown_option),
		cmocka_unit_test(test_operand_bounds),
		cmocka_unit_test(test_help_after_dashdash),
		cmocka_unit_test(test_own_options),
		cmocka_unit_test(test_options_first),
		cmocka_unit_test(test_check_before_run),
		cmocka_unit_test(test_subverbs),
		cmocka_unit_test(test_unknown_verb),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
