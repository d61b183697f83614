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

int command_options(int argc, char **argv, const char *name, const char *usage,
		    bool *json)
{
	if (wants_help(argc, argv)) {
		puts(usage);
		return EXIT_OK;
	}
	*json = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			*json = true;
		} else if (argv[i][0] == '-') {
			errorf("unknown option '%s'\n%s", argv[i], usage);
			return EXIT_USAGE;
		} else {
			errorf("%s takes no arguments\n%s", name, usage);
			return EXIT_USAGE;
		}
	}
	return -1;
}

void json_print(json_object *o)
{
	puts(json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}
