// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include "level.h"
#include "lockdownctl.h"
#include "reason.h"

static const char usage[] =
	"Usage: lockdownctl reasons [--json]\n"
	"List every lockdown reason the running kernel knows (from its BTF),\n"
	"the lowest level that refuses it and the kernel's description.";

static const char *describe(const struct reason *r)
{
	return r->description ? r->description
			      : "(not described by this lockdownctl)";
}

static int run_reasons(const struct verb_call *call)
{
	struct reason_set set;
	int err;

	err = reason_set_load(&set);
	if (err) {
		errorf("cannot read enum lockdown_reason from the kernel's BTF: %s",
		       strerror(-err));
		return EXIT_FAIL;
	}
	if (call->json) {
		json_object *arr = json_object_new_array();

		for (size_t i = 0; i < set.count; i++) {
			const struct reason *r = &set.reasons[i];
			json_object *o = json_object_new_object();

			json_object_object_add(o, "name",
					       json_object_new_string(r->name));
			json_object_object_add(
				o, "level",
				json_object_new_string(level_name(r->level)));
			json_object_object_add(
				o, "description",
				json_object_new_string(describe(r)));
			json_object_array_add(arr, o);
		}
		json_print(arr);
	} else {
		printf("%-22s %-16s %s\n", "REASON", "LEVEL", "DESCRIPTION");
		for (size_t i = 0; i < set.count; i++)
			printf("%-22s %-16s %s\n", set.reasons[i].name,
			       level_name(set.reasons[i].level),
			       describe(&set.reasons[i]));
	}
	reason_set_free(&set);
	return EXIT_OK;
}

const struct verb verb_reasons = {
	.name = "reasons",
	.summary = "list the running kernel's lockdown reasons",
	.usage = usage,
	.operands_error = "reasons takes no arguments",
	.flags = VERB_JSON,
	.run = run_reasons,
};
