// SPDX-License-Identifier: GPL-2.0
/* Manners every lockdownctl command shares: messages, options, JSON. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include "lockdownctl.h"

void errorf(const char *fmt, ...)
{
	va_list ap;

	fputs("lockdownctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

bool wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	}
	return false;
}

int parse_json_flag(int argc, char **argv, bool *json, int *positional,
		    const char *usage)
{
	*json = false;
	*positional = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			*json = true;
		} else if (argv[i][0] == '-') {
			errorf("unknown option '%s'\n%s", argv[i], usage);
			return -1;
		} else {
			argv[1 + (*positional)++] = argv[i];
		}
	}
	return 0;
}

void json_print(json_object *o)
{
	puts(json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}
