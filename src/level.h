/* SPDX-License-Identifier: GPL-2.0 */
/* Level names and the kernel's securityfs text format. The order itself
 * is enum lockdown_level in lockdown_abi.h. */
#ifndef LEVEL_H
#define LEVEL_H

#include <stddef.h>
#include "lockdown_abi.h"

/* The build-time minimum (make MIN_LEVEL=...), like the kernel's
 * LOCK_DOWN_KERNEL_FORCE_* Kconfig choice: nothing raises to less. */
#ifndef LOCKDOWN_MIN_LEVEL
#define LOCKDOWN_MIN_LEVEL LOCKDOWN_LEVEL_NONE
#endif

const char *level_name(enum lockdown_level level);

/* Parses a level name; returns 0, or -1 for an unknown name. */
int level_parse(const char *name, enum lockdown_level *level);

/* "none [integrity] confidentiality", as /sys/kernel/security/lockdown. */
void level_format_line(enum lockdown_level current, char *buf, size_t size);

/* Reads the bracketed level out of such a line; 0 or -1. */
int level_parse_line(const char *line, enum lockdown_level *level);

#endif
