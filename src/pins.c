// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "lockdownctl.h"
#include "pins.h"
#include "lockdown.skel.h"

static const struct pin_name {
	const char *name;
	size_t offset;
} pin_names[] = {
	{ LOCKDOWN_PIN_STATE, offsetof(struct pins, state) },
	{ LOCKDOWN_PIN_COUNTERS, offsetof(struct pins, counters) },
	{ LOCKDOWN_PIN_EVENT_STATS, offsetof(struct pins, event_stats) },
	{ LOCKDOWN_PIN_EVENTS, offsetof(struct pins, events) },
	{ LOCKDOWN_PIN_RAISE, offsetof(struct pins, raise) },
};

#define N_PINS (sizeof(pin_names) / sizeof(pin_names[0]))
#define PIN_FD(p, i) ((int *)((char *)(p) + pin_names[i].offset))

static void pins_reset(struct pins *p)
{
	for (size_t i = 0; i < N_PINS; i++)
		*PIN_FD(p, i) = -1;
}

void pins_close(struct pins *p)
{
	for (size_t i = 0; i < N_PINS; i++) {
		if (*PIN_FD(p, i) >= 0)
			close(*PIN_FD(p, i));
	}
	pins_reset(p);
}

int pins_open(struct pins *p)
{
	char path[256];
	int err;

	pins_reset(p);
	/* The link is what enforces: without it nothing is applied. */
	snprintf(path, sizeof(path), "%s/%s", LOCKDOWN_PIN_DIR,
		 LOCKDOWN_PIN_LINK);
	if (access(path, F_OK) != 0)
		return -errno;
	for (size_t i = 0; i < N_PINS; i++) {
		snprintf(path, sizeof(path), "%s/%s", LOCKDOWN_PIN_DIR,
			 pin_names[i].name);
		*PIN_FD(p, i) = bpf_obj_get(path);
		if (*PIN_FD(p, i) < 0) {
			err = -errno;
			pins_close(p);
			return err;
		}
	}
	return 0;
}

static int run_raise(int prog_fd, enum lockdown_level want,
		     enum lockdown_level *now)
{
	struct lockdown_raise_args args = { .level = want };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &args,
		    .ctx_size_in = sizeof(args));

	if (bpf_prog_test_run_opts(prog_fd, &opts))
		return -errno;
	if ((int)opts.retval < 0)
		return (int)opts.retval;
	*now = opts.retval;
	return 0;
}

int pins_raise(const struct pins *p, enum lockdown_level want,
	       enum lockdown_level *now)
{
	return run_raise(p->raise, want, now);
}

int pins_level(const struct pins *p, enum lockdown_level *level)
{
	struct lockdown_state st;
	__u32 zero = 0;

	if (bpf_map_lookup_elem(p->state, &zero, &st))
		return -errno;
	*level = st.level;
	return 0;
}

static void unpin_dir(const char *dir)
{
	char path[256];

	for (size_t i = 0; i <= N_PINS; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir,
			 i < N_PINS ? pin_names[i].name : LOCKDOWN_PIN_LINK);
		unlink(path);
	}
	rmdir(dir);
}

/* Reports which step of loading failed; returns @err. */
static int step_failed(const char *step, int err)
{
	errorf("%s failed: %s", step, strerror(-err));
	return err;
}

static int pin_all(struct lockdown_bpf *skel, struct bpf_link *link,
		   const char *dir)
{
	const int fds[N_PINS] = {
		bpf_map__fd(skel->maps.state),
		bpf_map__fd(skel->maps.counters),
		bpf_map__fd(skel->maps.event_stats),
		bpf_map__fd(skel->maps.events),
		bpf_program__fd(skel->progs.raise_level),
	};
	char path[256];

	if (mkdir(dir, 0700))
		return step_failed(dir, -errno);
	for (size_t i = 0; i < N_PINS; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, pin_names[i].name);
		if (bpf_obj_pin(fds[i], path))
			return step_failed(path, -errno);
	}
	snprintf(path, sizeof(path), "%s/%s", dir, LOCKDOWN_PIN_LINK);
	return bpf_link__pin(link, path) ? step_failed(path, -errno) : 0;
}

int pins_create(enum lockdown_level level)
{
	struct lockdown_bpf *skel;
	struct bpf_link *link = NULL;
	enum lockdown_level now;
	char staging[128];
	bool rename_failed = false;
	int err;

	skel = lockdown_bpf__open_and_load();
	if (!skel)
		return step_failed("loading the BPF programs", -errno);
	/* From here on only prog_raise_level writes the state, upwards. */
	if (bpf_map_freeze(bpf_map__fd(skel->maps.state))) {
		err = step_failed("freezing the state map", -errno);
		goto out;
	}
	err = run_raise(bpf_program__fd(skel->progs.raise_level), level, &now);
	if (err) {
		step_failed("setting the initial level", err);
		goto out;
	}
	link = bpf_program__attach_lsm(skel->progs.lockdown_locked_down);
	if (!link) {
		err = step_failed("attaching to the locked_down LSM hook",
				  -errno);
		goto out;
	}
	/* bpffs refuses names with dots (reserved), so no hidden name. */
	snprintf(staging, sizeof(staging), "%s/lockdown-staging-%d",
		 LOCKDOWN_BPFFS, (int)getpid());
	err = pin_all(skel, link, staging);
	if (!err && rename(staging, LOCKDOWN_PIN_DIR)) {
		err = errno == ENOTEMPTY || errno == EEXIST ? -EEXIST : -errno;
		rename_failed = true;
	}
	if (err == -EEXIST || (err && !rename_failed)) {
		unpin_dir(staging);
	} else if (err) {
		step_failed(
			"renaming the staging directory to " LOCKDOWN_PIN_DIR,
			err);
		unpin_dir(staging);
	}
out:
	/* Pinned objects outlive these fds; unpinned ones die with them. */
	bpf_link__destroy(link);
	lockdown_bpf__destroy(skel);
	return err;
}

static int sum_percpu(int fd, __u32 key, void *out, size_t size)
{
	int ncpu = libbpf_num_possible_cpus();
	size_t stride = (size + 7) & ~(size_t)7;
	__u64 *sum = out;
	char *values;

	if (ncpu < 0)
		return ncpu;
	values = calloc(ncpu, stride);
	if (!values)
		return -ENOMEM;
	if (bpf_map_lookup_elem(fd, &key, values)) {
		free(values);
		return -errno;
	}
	memset(out, 0, size);
	for (int cpu = 0; cpu < ncpu; cpu++) {
		const __u64 *v = (const __u64 *)(values + cpu * stride);

		for (size_t f = 0; f < size / sizeof(__u64); f++)
			sum[f] += v[f];
	}
	free(values);
	return 0;
}

int pins_counters(const struct pins *p, struct lockdown_counters *out)
{
	for (__u32 i = 0; i < LOCKDOWN_MAX_REASONS; i++) {
		int err = sum_percpu(p->counters, i, &out[i], sizeof(out[i]));

		if (err)
			return err;
	}
	return 0;
}

int pins_event_stats(const struct pins *p, struct lockdown_event_stats *out)
{
	return sum_percpu(p->event_stats, 0, out, sizeof(*out));
}
