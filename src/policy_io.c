// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include "config.h"
#include "pins.h"
#include "policy_io.h"

int policy_load_config(const char *file, const struct reason_set *reasons,
		       bool skip_missing, struct policy *p)
{
	struct config_ctx ctx = { .reasons = reasons, .err = stderr };

	config_defaults(p);
	if (config_load(&ctx, file ? file : CONFIG_FILE, !file, p))
		return -EINVAL;
	return policy_resolve_scopes(p, CGROUP_ROOT, skip_missing) ? -EINVAL
								   : 0;
}

unsigned int policy_load_boot(const struct reason_set *reasons, FILE *err,
			      struct policy *p)
{
	struct config_ctx ctx = { .reasons = reasons,
				  .err = err,
				  .fail_closed = true };
	unsigned int errors;

	config_defaults(p);
	errors = config_load(&ctx, CONFIG_FILE, true, p);
	if (policy_resolve_scopes(p, CGROUP_ROOT, true))
		errors++;
	return errors;
}

int policy_read_kernel(struct policy *p, bool *applied)
{
	struct lockdown_policy_args args = { .op = LOCKDOWN_POLICY_READ };
	struct pins pins;
	int err;

	config_defaults(p);
	*applied = false;
	err = pins_open(&pins);
	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	err = pins_policy(&pins, &args);
	pins_close(&pins);
	if (err)
		return err;
	policy_from_args(p, &args);
	policy_scope_paths(p, CGROUP_ROOT);
	*applied = true;
	return 0;
}

void policy_print_change(const struct policy_change *c, void *file)
{
	fprintf(file, "  %s: %s -> %s%s\n", c->component, c->before, c->after,
		c->weakens ? " (weakens: refused)" : "");
}
