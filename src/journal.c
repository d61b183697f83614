// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/uio.h>
#include "event.h"
#include "journal.h"
#ifdef HAVE_SYSTEMD
/* No CODE_FILE=/CODE_LINE= of the one sending function. */
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <systemd/sd-journal.h>
#endif

#ifdef HAVE_SYSTEMD
int journal_check(void)
{
	return access(JOURNAL_SOCKET, W_OK) ? -errno : 0;
}

/* The rows are NUL-terminated "NAME=value" strings; sd_journal_sendv()
 * takes them as they are (a value may hold a newline: comm is anything
 * the process chose). */
static int send_fields(char fields[][EVENT_JOURNAL_FIELD_SIZE], int n)
{
	struct iovec iov[EVENT_JOURNAL_MAX_FIELDS];

	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		iov[i].iov_base = fields[i];
		iov[i].iov_len = strlen(fields[i]);
	}
	return sd_journal_sendv(iov, n);
}

/* Static: a row holds a path, and there are up to 24 of them. monitor is
 * single-threaded. */
static char rows[EVENT_JOURNAL_MAX_FIELDS][EVENT_JOURNAL_FIELD_SIZE];

int journal_send_event(const struct lockdown_event *e, const struct reason *r,
		       const char *exe, const char *cgroup, bool running)
{
	return send_fields(
		rows, event_journal_fields(e, r, exe, cgroup, running, rows,
					   EVENT_JOURNAL_MAX_FIELDS));
}

int journal_send_dropped(__u64 dropped)
{
	return send_fields(
		rows, event_journal_dropped_fields(dropped, rows,
						   EVENT_JOURNAL_MAX_FIELDS));
}
#else
int journal_check(void)
{
	return -ENOSYS;
}

int journal_send_event(const struct lockdown_event *e, const struct reason *r,
		       const char *exe, const char *cgroup, bool running)
{
	(void)e;
	(void)r;
	(void)exe;
	(void)cgroup;
	(void)running;
	return -ENOSYS;
}

int journal_send_dropped(__u64 dropped)
{
	(void)dropped;
	return -ENOSYS;
}
#endif
