// SPDX-License-Identifier: GPL-2.0
/* Unit tests for src/level.c: level names and the securityfs line format. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include "level.h"

/* A level no parser would produce: shows that a failure wrote nothing. */
#define UNTOUCHED ((enum lockdown_level)77)

static const char *const lines[] = {
	[LOCKDOWN_LEVEL_NONE] = "[none] integrity confidentiality",
	[LOCKDOWN_LEVEL_INTEGRITY] = "none [integrity] confidentiality",
	[LOCKDOWN_LEVEL_CONFIDENTIALITY] = "none integrity [confidentiality]",
};

static void test_level_name(void **state)
{
	(void)state;
	assert_string_equal(level_name(LOCKDOWN_LEVEL_NONE), "none");
	assert_string_equal(level_name(LOCKDOWN_LEVEL_INTEGRITY), "integrity");
	assert_string_equal(level_name(LOCKDOWN_LEVEL_CONFIDENTIALITY),
			    "confidentiality");
}

static void test_level_name_out_of_range(void **state)
{
	(void)state;
	assert_string_equal(level_name(LOCKDOWN_LEVEL_MAX + 1), "unknown");
	assert_string_equal(level_name((enum lockdown_level)1000), "unknown");
	assert_string_equal(level_name((enum lockdown_level) - 1), "unknown");
}

static void test_level_parse(void **state)
{
	enum lockdown_level level = UNTOUCHED;

	(void)state;
	assert_int_equal(level_parse("none", &level), 0);
	assert_int_equal(level, LOCKDOWN_LEVEL_NONE);
	assert_int_equal(level_parse("integrity", &level), 0);
	assert_int_equal(level, LOCKDOWN_LEVEL_INTEGRITY);
	assert_int_equal(level_parse("confidentiality", &level), 0);
	assert_int_equal(level, LOCKDOWN_LEVEL_CONFIDENTIALITY);
}

static void test_level_parse_round_trip(void **state)
{
	(void)state;
	for (unsigned int i = 0; i <= LOCKDOWN_LEVEL_MAX; i++) {
		enum lockdown_level level = UNTOUCHED;

		assert_int_equal(level_parse(level_name(i), &level), 0);
		assert_int_equal(level, i);
	}
}

static void test_level_parse_unknown(void **state)
{
	static const char *const bad[] = {
		"",	      "unknown",    "Integrity",
		"INTEGRITY",  "integ",	    "integrity ",
		" integrity", "integrityx", "[integrity]",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		enum lockdown_level level = UNTOUCHED;

		assert_int_equal(level_parse(bad[i], &level), -1);
		assert_int_equal(level, UNTOUCHED);
	}
}

static void test_level_format_line(void **state)
{
	(void)state;
	for (unsigned int i = 0; i <= LOCKDOWN_LEVEL_MAX; i++) {
		char buf[64];

		memset(buf, 'X', sizeof(buf));
		level_format_line(i, buf, sizeof(buf));
		assert_string_equal(buf, lines[i]);
	}
}

/* A level outside the order brackets nothing rather than a wrong word. */
static void test_level_format_line_out_of_range(void **state)
{
	char buf[64];

	(void)state;
	level_format_line(LOCKDOWN_LEVEL_MAX + 1, buf, sizeof(buf));
	assert_string_equal(buf, "none integrity confidentiality");
}

/* The exact size fits; one byte less truncates; nothing past @size. */
static void test_level_format_line_small_buffer(void **state)
{
	const char *want = lines[LOCKDOWN_LEVEL_INTEGRITY];
	size_t len = strlen(want);
	char buf[64];

	(void)state;
	memset(buf, 'X', sizeof(buf));
	level_format_line(LOCKDOWN_LEVEL_INTEGRITY, buf, len + 1);
	assert_string_equal(buf, want);
	assert_int_equal(buf[len + 1], 'X');

	memset(buf, 'X', sizeof(buf));
	level_format_line(LOCKDOWN_LEVEL_INTEGRITY, buf, len);
	assert_int_equal(strlen(buf), len - 1);
	assert_memory_equal(buf, want, len - 1);
	assert_int_equal(buf[len], 'X');

	/* Truncated inside the second word. */
	memset(buf, 'X', sizeof(buf));
	level_format_line(LOCKDOWN_LEVEL_NONE, buf, 8);
	assert_string_equal(buf, "[none] ");
	assert_int_equal(buf[8], 'X');

	memset(buf, 'X', sizeof(buf));
	level_format_line(LOCKDOWN_LEVEL_NONE, buf, 1);
	assert_string_equal(buf, "");
	assert_int_equal(buf[1], 'X');
}

static void test_level_parse_line(void **state)
{
	(void)state;
	for (unsigned int i = 0; i <= LOCKDOWN_LEVEL_MAX; i++) {
		enum lockdown_level level = UNTOUCHED;

		assert_int_equal(level_parse_line(lines[i], &level), 0);
		assert_int_equal(level, i);
	}
}

/* As read from /sys/kernel/security/lockdown, newline included. */
static void test_level_parse_line_kernel_text(void **state)
{
	enum lockdown_level level = UNTOUCHED;

	(void)state;
	assert_int_equal(
		level_parse_line("none integrity [confidentiality]\n", &level),
		0);
	assert_int_equal(level, LOCKDOWN_LEVEL_CONFIDENTIALITY);
	assert_int_equal(
		level_parse_line("[none] integrity confidentiality\n", &level),
		0);
	assert_int_equal(level, LOCKDOWN_LEVEL_NONE);
}

static void test_level_format_parse_round_trip(void **state)
{
	(void)state;
	for (unsigned int i = 0; i <= LOCKDOWN_LEVEL_MAX; i++) {
		enum lockdown_level level = UNTOUCHED;
		char buf[64];

		level_format_line(i, buf, sizeof(buf));
		assert_int_equal(level_parse_line(buf, &level), 0);
		assert_int_equal(level, i);
	}
}

static void test_level_parse_line_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"none integrity confidentiality", /* no brackets */
		"none [integrity confidentiality", /* never closed */
		"none integrity] confidentiality", /* never opened */
		"none integrity] [confidentiality", /* closed before */
		"[]",
		"none [] confidentiality",
		"none [bogus] confidentiality", /* unknown word */
		"none [Integrity] confidentiality",
		"none [ integrity] confidentiality",
		"none [integrity ] confidentiality",
		/* Overlong: 40 characters between the brackets. */
		"[integrityintegrityintegrityintegrity0123]",
		/* Exactly sizeof(word) (32) characters. */
		"[confidentialityconfidentiality12]",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		enum lockdown_level level = UNTOUCHED;

		assert_int_equal(level_parse_line(bad[i], &level), -1);
		assert_int_equal(level, UNTOUCHED);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_level_name),
		cmocka_unit_test(test_level_name_out_of_range),
		cmocka_unit_test(test_level_parse),
		cmocka_unit_test(test_level_parse_round_trip),
		cmocka_unit_test(test_level_parse_unknown),
		cmocka_unit_test(test_level_format_line),
		cmocka_unit_test(test_level_format_line_out_of_range),
		cmocka_unit_test(test_level_format_line_small_buffer),
		cmocka_unit_test(test_level_parse_line),
		cmocka_unit_test(test_level_parse_line_kernel_text),
		cmocka_unit_test(test_level_format_parse_round_trip),
		cmocka_unit_test(test_level_parse_line_malformed),
	};

	return cmocka_run_group_tests_name("level", tests, NULL, NULL);
}
