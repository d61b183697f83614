/* SPDX-License-Identifier: GPL-2.0 */
/* The one way the lockdown level changes, whatever asks for it. */
#ifndef RATCHET_H
#define RATCHET_H

#include "lockdown_abi.h"

struct ratchet_result {
	enum lockdown_level before;
	enum lockdown_level after;
};

/* Returned when @want is below the level in force: nothing changes. */
#define RATCHET_WOULD_LOWER 1

/* Raises the level to @want, loading and pinning the enforcement on first
 * use, and logs where the change came from (@source) to the kernel log.
 * Returns 0 (also when @want is already in force), RATCHET_WOULD_LOWER,
 * or a negative errno. */
int ratchet_raise(enum lockdown_level want, const char *source,
		  struct ratchet_result *result);

#endif
