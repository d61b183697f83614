/* SPDX-License-Identifier: GPL-2.0 */
/* The one way the lockdown level changes, whatever asks for it. */
#ifndef RATCHET_H
#define RATCHET_H

#include <stdbool.h>
#include <stddef.h>
#include "lockdown_abi.h"
#include "policy.h"

struct ratchet_result {
	enum lockdown_level before;
	enum lockdown_level after;
	bool floored; /* the build-time minimum applied instead of @want */
	bool would_lower; /* @want is below the level in force (@before):
			   * nothing changed */
};

/* Raises the level to @want, or to the build-time minimum when that is
 * higher, loading and pinning the enforcement on first use, and logs
 * where the change came from (@source, or the build default) to the
 * kernel log.
 * Returns 0 (also when @want is already in force, and when it is below
 * it: @result->would_lower) or a negative errno. */
int ratchet_raise(enum lockdown_level want, const char *source,
		  struct ratchet_result *result);

/* After an upgrade: another build's enforcement is in force. It stays so
 * until reboot (see generation.h); this raises it to this build's minimum
 * and says which build it is in @from (its build id, or its directory).
 * Returns 0 when another build enforces, -EALREADY when this build does,
 * -ENOENT when nothing does, or another negative errno. */
int ratchet_upgrade(char *from, size_t size);

/* Loads and pins the BPF side (at the build minimum) unless it is. */
int ratchet_load(void);

/* Puts @policy in force, its level raised to the build minimum, loading
 * the BPF side first if needed; logs it with @source. Returns 0, -EPERM
 * when it would weaken the policy in force (@now->weakened says which
 * kinds), or another negative errno. @now holds the policy in force
 * afterwards either way (unless loading failed). */
int ratchet_apply(const struct policy *policy, const char *source,
		  struct lockdown_policy_args *now);

/* What a negative errno of the functions above means, for a message. */
const char *ratchet_error(int err);

#endif
