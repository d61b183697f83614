// SPDX-License-Identifier: GPL-2.0
/* What every verb's output shares: JSON on one line. */
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include "lockdownctl.h"

void json_print(json_object *o)
{
	puts(json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}
