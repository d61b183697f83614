/* SPDX-License-Identifier: GPL-2.0 */
/* The enforcement as pinned under LOCKDOWN_PIN_DIR: opening it, reading
 * its state and counters, and loading it the first time. */
#ifndef PINS_H
#define PINS_H

#include "lockdown_abi.h"

struct pins {
	int state;
	int counters;
	int event_stats;
	int events;
	int raise;
};

/* Opens the pinned objects; -ENOENT when lockdown was never applied. */
int pins_open(struct pins *p);
void pins_close(struct pins *p);

/* Loads the BPF side, raises it to @level before it is attached, then
 * publishes the pins atomically (a directory rename): either all of the
 * enforcement is pinned or none. -EEXIST when another run won the race. */
int pins_create(enum lockdown_level level);

int pins_level(const struct pins *p, enum lockdown_level *level);

/* Runs the in-kernel ratchet; @now gets the level in force afterwards. */
int pins_raise(const struct pins *p, enum lockdown_level want,
	       enum lockdown_level *now);

/* Sums the per-CPU counters into @out[LOCKDOWN_MAX_REASONS]. */
int pins_counters(const struct pins *p, struct lockdown_counters *out);
int pins_event_stats(const struct pins *p, struct lockdown_event_stats *out);

#endif
