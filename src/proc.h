/* SPDX-License-Identifier: GPL-2.0 */
/* What /proc says of the process behind an event, while it still runs. */
#ifndef PROC_H
#define PROC_H

#include <stdbool.h>
#include <stddef.h>
#include "lockdown_abi.h"

/* The path of the executable the event names: /proc/@e->tgid/exe while
 * it is that inode, else a regular file with that inode in the usual
 * directories of executables; "" when neither. True when it came from
 * /proc: the event's process still runs, and not another process that
 * took its pid since. */
bool proc_exe(const struct lockdown_event *e, char *buf, size_t size);

/* The cgroup v2 path ("/system.slice/x.service") of the cgroup the event
 * names, from /proc while the process is there, else by search; "" when
 * the cgroup is gone. */
void proc_cgroup(const struct lockdown_event *e, const char *cgroup_root,
		 char *buf, size_t size);

#endif
