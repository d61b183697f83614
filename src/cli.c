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

void json_print(json_object *o)
{
	puts(json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}
