/* SPDX-License-Identifier: GPL-2.0 */
/* Events to the systemd journal (monitor --journal), through libsystemd
 * where lockdownctl was built with it (HAVE_SYSTEMD: dynamic builds on a
 * machine with libsystemd-dev; never the static ones, as there is no
 * static libsystemd). The fields are event.c's event_journal_fields(). */
#ifndef JOURNAL_H
#define JOURNAL_H

#include <stdbool.h>
#include "lockdown_abi.h"
#include "reason.h"

/* The journal's native socket, so that monitor --journal fails at once
 * rather than at its first event. 0 or a negative errno (-ENOSYS in a
 * build without libsystemd). */
#define JOURNAL_SOCKET "/run/systemd/journal/socket"
int journal_check(void);

/* Sends one event (fields and arguments: event_journal_fields()) or a
 * count of dropped events. Returns 0 or a negative errno (-ENOSYS in a
 * build without libsystemd). */
int journal_send_event(const struct lockdown_event *e, const struct reason *r,
		       const char *exe, const char *cgroup, bool running);
int journal_send_dropped(__u64 dropped);

#endif
