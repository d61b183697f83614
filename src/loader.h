/* SPDX-License-Identifier: GPL-2.0 */
/* Loading the enforcement the first time it is applied. */
#ifndef LOADER_H
#define LOADER_H

#include "lockdown_abi.h"

/* Loads the BPF side, raises it to @level before attaching it, pins it
 * atomically (a directory rename: all of it or none) and arms its
 * self-protection. -EEXIST when another run pinned first. */
int loader_create(enum lockdown_level level);

#endif
