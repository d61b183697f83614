// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer entry for the configuration parser (make fuzz): any input,
 * under ASan and UBSan, against a fixed set of reasons. Beyond not
 * crashing, a configuration the parser calls valid must hold what the
 * rest of lockdownctl relies on.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "config.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static struct reason reasons[] = {
	{ "module_signature", 1, LOCKDOWN_LEVEL_INTEGRITY, NULL },
	{ "dev_mem", 2, LOCKDOWN_LEVEL_INTEGRITY, NULL },
	{ "hibernation", 5, LOCKDOWN_LEVEL_INTEGRITY, NULL },
	{ "kcore", 20, LOCKDOWN_LEVEL_CONFIDENTIALITY, NULL },
	{ "xfrm_secret", 27, LOCKDOWN_LEVEL_CONFIDENTIALITY, NULL },
	{ "far_future", LOCKDOWN_MAX_REASONS + 1,
	  LOCKDOWN_LEVEL_CONFIDENTIALITY, NULL },
};
static const struct reason_set set = {
	.reasons = reasons,
	.count = ARRAY_SIZE(reasons),
	.integrity_max = 10,
	.confidentiality_max = LOCKDOWN_MAX_REASONS + 2,
};

/* What a valid configuration promises; abort() makes it a finding. */
static void check(const struct policy *p)
{
	if (p->level > LOCKDOWN_LEVEL_MAX || p->mode > LOCKDOWN_MODE_MAX ||
	    p->scope_count > LOCKDOWN_MAX_SCOPES)
		abort();
	for (size_t i = 0; i < LOCKDOWN_MAX_REASONS; i++) {
		if (p->actions[i] > LOCKDOWN_ACTION_MAX)
			abort();
	}
	for (size_t i = 0; i < p->scope_count; i++) {
		const struct policy_scope *s = &p->scopes[i];
		size_t len = strnlen(s->path, sizeof(s->path));

		if (!len || len == sizeof(s->path) || s->path[0] == '/' ||
		    s->path[len - 1] == '/' || strstr(s->path, "//") ||
		    s->level == LOCKDOWN_LEVEL_NONE ||
		    s->level > LOCKDOWN_LEVEL_MAX || s->cgroup_id ||
		    !s->origin.line)
			abort();
		for (size_t j = 0; j < i; j++) {
			if (!strcmp(s->path, p->scopes[j].path))
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	static struct policy p;
	struct config_ctx ctx = { .reasons = &set };
	unsigned int errors, warnings;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	ctx.err = devnull;
	config_defaults(&p);
	errors = config_parse_buffer(&ctx, "fuzz.conf", (const char *)data,
				     size, &p);
	if (errors != ctx.errors)
		abort();
	if (!errors)
		check(&p);
	/* Again on top, as a drop-in repeating its file: no state is kept
	 * between calls, and a valid file stays valid. */
	warnings = ctx.warnings;
	if (config_parse_buffer(&ctx, "again.conf", (const char *)data, size,
				&p) != errors ||
	    ctx.errors != 2 * errors || ctx.warnings != 2 * warnings)
		abort();
	if (!errors)
		check(&p);
	return 0;
}
