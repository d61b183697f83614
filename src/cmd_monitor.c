// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <bpf/libbpf.h>
#include "event.h"
#include "lockdownctl.h"
#include "pins.h"
#include "policy_io.h"
#include "proc.h"
#include "reason.h"

static const char usage[] =
	"Usage: lockdownctl monitor [--json]\n"
	"Follow denials and audited would-be denials live, one line each in\n"
	"the kernel's format:\n"
	"  Lockdown: COMM: WHAT is restricted; see man kernel_lockdown.7 [pid=N reason=NAME level=L]\n"
	"Identical denials (one command, one reason) within a second are\n"
	"folded into the next line (folded=N); denials lost to a full buffer\n"
	"are reported.\n"
	"--json adds uid, executable, cgroup, action and the scope that\n"
	"decided; 'lockdownctl report' summarises such lines.\n"
	"Exact counts are always in 'lockdownctl status'. Stop with Ctrl-C.";

struct monitor {
	bool json;
	struct reason_set reasons;
	__u64 realtime_offset; /* CLOCK_REALTIME - CLOCK_MONOTONIC */
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static __u64 clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int on_event(void *ctx, void *data, size_t size)
{
	const struct lockdown_event *e = data;
	struct monitor *m = ctx;
	const struct reason *r;
	char line[512];

	if (size < sizeof(*e))
		return 0;
	r = reason_by_value(&m->reasons, e->reason);
	if (m->json) {
		json_object *o =
			event_to_json(e, r, e->ktime_ns + m->realtime_offset);
		char exe[PATH_MAX], cgroup[PATH_MAX];

		proc_exe(e, exe, sizeof(exe));
		proc_cgroup(e, CGROUP_ROOT, cgroup, sizeof(cgroup));
		json_object_object_add(
			o, "exe", exe[0] ? json_object_new_string(exe) : NULL);
		json_object_object_add(
			o, "cgroup",
			cgroup[0] ? json_object_new_string(cgroup) : NULL);
		json_print(o);
	} else {
		event_format_text(e, r, line, sizeof(line));
		puts(line);
	}
	return 0;
}

/* Denials that found the ring buffer full: said, never lost silently. */
static void report_dropped(const struct pins *p, const struct monitor *m,
			   __u64 *seen)
{
	struct lockdown_event_stats st;

	if (pins_event_stats(p, &st) || st.dropped == *seen)
		return;
	if (m->json)
		printf("{\"dropped\":%llu}\n",
		       (unsigned long long)(st.dropped - *seen));
	else
		printf("Lockdown: %llu denials not shown: event buffer full (counts in 'lockdownctl status' stay exact)\n",
		       (unsigned long long)(st.dropped - *seen));
	*seen = st.dropped;
}

int do_monitor(int argc, char **argv)
{
	struct monitor m = { 0 };
	struct lockdown_event_stats st = { 0 };
	struct ring_buffer *rb;
	struct pins p;
	int rc, err;
	__u64 dropped_seen;

	rc = command_options(argc, argv, "monitor", usage, &m.json);
	if (rc >= 0)
		return rc;
	err = pins_open(&p);
	if (err) {
		errorf("cannot open the pinned lockdown events in %s: %s%s",
		       LOCKDOWN_PIN_DIR, strerror(-err),
		       err == -ENOENT
			       ? " (apply a level first: lockdownctl set integrity)"
			       : "");
		return EXIT_FAIL;
	}
	reason_set_load_in_child(&m.reasons);
	m.realtime_offset =
		clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_MONOTONIC);
	pins_event_stats(&p, &st);
	dropped_seen = st.dropped;

	rb = ring_buffer__new(p.events, on_event, &m, NULL);
	if (!rb) {
		err = -errno;
		errorf("cannot read the event ring buffer: %s", strerror(-err));
		pins_close(&p);
		reason_set_free(&m.reasons);
		return EXIT_FAIL;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	while (!stop) {
		err = ring_buffer__poll(rb, 1000);
		if (err < 0 && err != -EINTR) {
			errorf("reading events failed: %s", strerror(-err));
			break;
		}
		report_dropped(&p, &m, &dropped_seen);
		err = 0;
	}
	ring_buffer__free(rb);
	pins_close(&p);
	reason_set_free(&m.reasons);
	return err ? EXIT_FAIL : EXIT_OK;
}
