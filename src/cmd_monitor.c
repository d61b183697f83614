// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "event.h"
#include "journal.h"
#include "kernel.h"
#include "lockdownctl.h"
#include "pins.h"
#include "policy_io.h"
#include "proc.h"
#include "reason.h"

static const char usage[] =
	"Usage: lockdownctl monitor [--json] [--journal] [--kmsg] [--wait]\n"
	"Follow denials and audited would-be denials live, one line each in\n"
	"the kernel's format:\n"
	"  Lockdown: COMM: WHAT is restricted; see man kernel_lockdown.7 [pid=N reason=NAME level=L]\n"
	"Identical denials (one command, one reason) within a second are\n"
	"folded into the next line (folded=N); denials lost to a full buffer\n"
	"are reported.\n"
	"  --json     JSON lines instead, adding uid, executable, cgroup, action\n"
	"             and the deciding scope ('lockdownctl report' reads them)\n"
	"  --journal  to the systemd journal instead of text lines (JSON lines\n"
	"             still print with --json), with fields REASON=, ACTION=,\n"
	"             EXE=, CGROUP=, LOCKDOWN_PID=, ... See them all with\n"
	"             journalctl -o verbose MESSAGE_ID=" EVENT_JOURNAL_MESSAGE_ID
	"\n"
	"  --kmsg     also to the kernel log, in the kernel's words, at most 10\n"
	"             lines in 5 s like the kernel's own\n"
	"  --wait     if no lockdown is applied yet, wait for it (not exit 1)\n"
	"Two monitors split the events between them (so, with\n"
	"lockdown-monitor.service running, follow the journal instead); each\n"
	"says how many events another reader took.\n"
	"Exact counts are always in 'lockdownctl status'. Stop with Ctrl-C.";

struct monitor {
	bool json, journal, kmsg, wait;
	bool journal_failed; /* the last send failed, and was said */
	struct reason_set reasons;
	__u64 realtime_offset; /* CLOCK_REALTIME - CLOCK_MONOTONIC */
	struct event_ratelimit kmsg_limit;
	/* Events reported since it started, against those it read: the
	 * difference went to another reader of the ring buffer. */
	__u64 start_ns, reported_start, received, stolen_said;
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

/* A failed send is said on stderr with what was lost, never dropped
 * silently; the first success after failures says so too. */
static void journal_result(struct monitor *m, int err, const char *line)
{
	if (err < 0) {
		errorf("cannot write to the journal: %s: %s", strerror(-err),
		       line);
	} else if (m->journal_failed) {
		errorf("writing to the journal again");
	}
	m->journal_failed = err < 0;
}

/* Upstream's pr_notice_ratelimited() in lockdown_is_locked_down(). */
static void kmsg_missed(__u64 missed)
{
	if (missed)
		kmsg_printf(
			5,
			"Lockdown: %llu more denials not logged (at most %d in %llu s); 'lockdownctl status' counts every one",
			(unsigned long long)missed, EVENT_RATELIMIT_BURST,
			EVENT_RATELIMIT_INTERVAL_NS / 1000000000ULL);
}

static void to_kmsg(struct monitor *m, const struct lockdown_event *e,
		    const struct reason *r)
{
	char line[256];
	__u64 missed;
	bool ok = event_ratelimit(&m->kmsg_limit, e->ktime_ns, &missed);

	kmsg_missed(missed);
	if (!ok)
		return;
	event_format_kmsg(e, r, line, sizeof(line));
	kmsg_printf(5, "%s", line);
}

static int on_event(void *ctx, void *data, size_t size)
{
	const struct lockdown_event *e = data;
	struct monitor *m = ctx;
	const struct reason *r;
	char line[512], exe[PATH_MAX] = "", cgroup[PATH_MAX] = "";
	bool running = false;

	if (size < sizeof(*e))
		return 0;
	if (e->ktime_ns >= m->start_ns)
		m->received++;
	r = reason_by_value(&m->reasons, e->reason);
	/* Now, while the process may still be there to ask. */
	if (m->json || m->journal) {
		running = proc_exe(e, exe, sizeof(exe));
		proc_cgroup(e, CGROUP_ROOT, cgroup, sizeof(cgroup));
	}
	event_format_text(e, r, line, sizeof(line));
	if (m->json) {
		json_object *o =
			event_to_json(e, r, e->ktime_ns + m->realtime_offset);

		json_object_object_add(
			o, "exe", exe[0] ? json_object_new_string(exe) : NULL);
		json_object_object_add(
			o, "cgroup",
			cgroup[0] ? json_object_new_string(cgroup) : NULL);
		json_print(o);
	} else if (!m->journal) {
		puts(line);
	}
	if (m->journal)
		journal_result(m,
			       journal_send_event(e, r, exe, cgroup, running),
			       line);
	if (m->kmsg)
		to_kmsg(m, e, r);
	return 0;
}

/* Denials that found the ring buffer full: said, never lost silently. */
static void report_dropped(const struct lockdown_event_stats *st,
			   struct monitor *m, __u64 *seen)
{
	char line[256];
	__u64 n;

	if (st->dropped == *seen)
		return;
	n = st->dropped - *seen;
	event_format_dropped(n, line, sizeof(line));
	if (m->json)
		printf("{\"dropped\":%llu}\n", (unsigned long long)n);
	else if (!m->journal)
		puts(line);
	if (m->journal)
		journal_result(m, journal_send_dropped(n), line);
	*seen = st->dropped;
}

/*
 * Events another reader took: the ring buffer's fd is handed out (its
 * reader moves the consumer position), so a second monitor, or root
 * hiding denials, can read events this one never sees. @st was read
 * before this drains the buffer: every event it counts was submitted
 * before, so consuming what is left finds it, unless another reader had
 * it.
 */
static void report_stolen(struct ring_buffer *rb,
			  const struct lockdown_event_stats *st,
			  struct monitor *m)
{
	char line[256];
	__u64 reported, n;

	ring_buffer__consume(rb);
	reported = st->reported - m->reported_start;
	if (reported <= m->received + m->stolen_said)
		return;
	n = reported - m->received - m->stolen_said;
	m->stolen_said += n;
	snprintf(
		line, sizeof(line),
		"Lockdown: %llu events read by another reader of the event buffer (a second monitor, or someone hiding denials); counts in 'lockdownctl status' stay exact",
		(unsigned long long)n);
	if (m->json)
		printf("{\"read_elsewhere\":%llu}\n", (unsigned long long)n);
	else if (!m->journal)
		puts(line);
	if (m->journal)
		errorf("%s", line); /* the unit's stderr: in its journal */
	if (m->kmsg)
		kmsg_printf(4, "%s", line);
}

/* With @wait, until lockdown is applied (its pins appear) or a signal
 * comes: lockdown-monitor.service starts at boot whether or not anything
 * applies lockdown then, and must neither fail nor spin meanwhile. The
 * events of the time between wait in the ring buffer. */
#define WAIT_SECONDS 2
static int open_pins(struct pins *p, bool wait)
{
	bool said = false;
	int err;

	while ((err = pins_open(p)) == -ENOENT && wait && !stop) {
		if (!said)
			errorf("no lockdown applied yet (no %s): waiting for it",
			       LOCKDOWN_PIN_DIR);
		said = true;
		sleep(WAIT_SECONDS);
	}
	if (!err && said)
		errorf("lockdown applied: following its events");
	return err;
}

/* Before anything else: an unusable --journal is said at once. */
static int check_journal(void)
{
	int err = journal_check();

	if (err == -ENOSYS) {
		errorf("this lockdownctl was built without journald support (libsystemd)");
		return EXIT_FAIL;
	}
	if (err) {
		errorf("cannot reach the systemd journal at %s: %s",
		       JOURNAL_SOCKET, strerror(-err));
		return EXIT_FAIL;
	}
	return -1;
}

/* Its own options, in verb_monitor.options. */
enum { OPT_JOURNAL, OPT_KMSG, OPT_WAIT };

static int run_monitor(const struct verb_call *call)
{
	struct monitor m = {
		.json = call->json,
		.journal = call->option_set[OPT_JOURNAL],
		.kmsg = call->option_set[OPT_KMSG],
		.wait = call->option_set[OPT_WAIT],
	};
	struct lockdown_event_stats st = { 0 };
	struct ring_buffer *rb;
	struct pins p;
	int rc, err;
	__u64 dropped_seen;

	if (m.journal && (rc = check_journal()) >= 0)
		return rc;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	err = open_pins(&p, m.wait);
	if (err == -ENOENT && stop)
		return EXIT_OK;
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
	m.start_ns = clock_ns(CLOCK_MONOTONIC); /* bpf_ktime_get_ns() */
	pins_event_stats(&p, &st);
	dropped_seen = st.dropped;
	m.reported_start = st.reported;

	rb = ring_buffer__new(p.events, on_event, &m, NULL);
	if (!rb) {
		err = -errno;
		errorf("cannot read the event ring buffer: %s", strerror(-err));
		pins_close(&p);
		reason_set_free(&m.reasons);
		return EXIT_FAIL;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (!stop) {
		err = ring_buffer__poll(rb, 1000);
		if (err < 0 && err != -EINTR) {
			errorf("reading events failed: %s", strerror(-err));
			break;
		}
		/* One read of the stats for both. */
		if (!pins_event_stats(&p, &st)) {
			report_dropped(&st, &m, &dropped_seen);
			if (err == 0) /* a second without events: all read */
				report_stolen(rb, &st, &m);
		}
		if (m.kmsg)
			kmsg_missed(event_ratelimit_expire(
				&m.kmsg_limit, clock_ns(CLOCK_MONOTONIC)));
		err = 0;
	}
	ring_buffer__free(rb);
	pins_close(&p);
	reason_set_free(&m.reasons);
	return err ? EXIT_FAIL : EXIT_OK;
}

const struct verb verb_monitor = {
	.name = "monitor",
	.summary = "follow denials as they happen",
	.usage = usage,
	.operands_error = "monitor takes no arguments",
	.flags = VERB_JSON,
	.options = { [OPT_JOURNAL] = "journal",
		     [OPT_KMSG] = "kmsg",
		     [OPT_WAIT] = "wait" },
	.run = run_monitor,
};
