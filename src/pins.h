/* SPDX-License-Identifier: GPL-2.0 */
/* The enforcement as pinned under LOCKDOWN_PIN_DIR: opening it and reading
 * its level and counters (src/loader.c creates it). */
#ifndef PINS_H
#define PINS_H

#include "generation.h"
#include "lockdown_abi.h"

struct pins {
	int raise; /* prog_raise_level: raises, and tells the level */
	int policy; /* prog_policy: reads and tightens the whole policy */
	int counters; /* read-only */
	int event_stats; /* read-only */
	int events; /* ring buffer */
	struct generation gen; /* which generation they are */
};

/* Opens the pinned objects of the generation in force (p->gen says which)
 * once the armed BPF side has said that each is its own; -ENOENT when
 * lockdown was never applied, -ESTALE when a build of another ABI
 * enforces, -EBADMSG when what is pinned is not the armed enforcement's
 * (tampering). */
int pins_open(struct pins *p);

/* The same for the generation in @dir. */
int pins_open_dir(struct pins *p, const char *dir);
void pins_close(struct pins *p);

/* Runs the in-kernel ratchet on prog_raise_level's fd; @now gets the
 * level in force afterwards. Asking for none only reads the level. */
int raise_run(int prog_fd, enum lockdown_level want, enum lockdown_level *now);

/* Runs prog_policy with @args (see struct lockdown_policy_args): 0 or a
 * negative errno, and @args holds the policy in force afterwards. */
int pins_policy(const struct pins *p, struct lockdown_policy_args *args);

int pins_level(const struct pins *p, enum lockdown_level *level);
int pins_raise(const struct pins *p, enum lockdown_level want,
	       enum lockdown_level *now);

/* Sums the per-CPU counters into @out[LOCKDOWN_MAX_REASONS]. */
int pins_counters(const struct pins *p, struct lockdown_counters *out);
int pins_event_stats(const struct pins *p, struct lockdown_event_stats *out);

#endif
