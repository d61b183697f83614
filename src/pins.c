// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "guarded.h"
#include "pins.h"

/* Where @p holds the fd of @o, one of the pinned guarded_objects. */
static int *pin_fd(struct pins *p, const struct guarded_object *o)
{
	return (int *)((char *)p + o->pins_fd);
}

static void pins_reset(struct pins *p)
{
	for (size_t i = 0; i < n_guarded_objects; i++) {
		if (guarded_objects[i].pin)
			*pin_fd(p, &guarded_objects[i]) = -1;
	}
}

void pins_close(struct pins *p)
{
	for (size_t i = 0; i < n_guarded_objects; i++) {
		int *fd = pin_fd(p, &guarded_objects[i]);

		if (!guarded_objects[i].pin)
			continue;
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
	}
}

int pins_open_dir(struct pins *p, const char *dir)
{
	char path[256];
	int err;

	pins_reset(p);
	for (size_t i = 0; i < n_guarded_objects; i++) {
		const struct guarded_object *o = &guarded_objects[i];
		/* The BPF side refuses writable fds to read-only maps. */
		LIBBPF_OPTS(bpf_obj_get_opts, opts,
			    .file_flags = o->guard == GUARD_READONLY
						  ? BPF_F_RDONLY
						  : 0);

		if (!o->pin)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, o->pin);
		*pin_fd(p, o) = bpf_obj_get_opts(path, &opts);
		if (*pin_fd(p, o) < 0) {
			err = -errno;
			pins_close(p);
			return err;
		}
	}
	return 0;
}

/* Whether every pinned object is the armed BPF side's own: names prove
 * nothing, root can pin anything anywhere it may write. */
static int verify(struct pins *p)
{
	for (size_t i = 0; i < n_guarded_objects; i++) {
		const struct guarded_object *o = &guarded_objects[i];
		int ours;

		if (!o->pin)
			continue;
		ours = generation_ours(*pin_fd(p, o), o->prog);
		if (ours < 0)
			return ours;
		if (!ours)
			return -EBADMSG;
	}
	return 0;
}

/* Whether the armed guard calls the raise program of @g its own. */
static bool other_abi_ours(const struct generation *g)
{
	char path[GENERATION_DIR_MAX + 32];
	int fd, ours;

	if (generation_armed() != 1)
		return false;
	snprintf(path, sizeof(path), "%s/%s", g->dir, LOCKDOWN_PIN_RAISE);
	fd = bpf_obj_get(path);
	if (fd < 0)
		return false;
	ours = generation_ours(fd, true);
	close(fd);
	return ours == 1;
}

int pins_open(struct pins *p)
{
	int err;

	pins_reset(p);
	err = generation_find(&p->gen);
	/* Nothing where the pins go while a guard is armed: they are hidden
	 * (overmounted, or a program of root's answering for the path). */
	if (err == -ENOENT && generation_armed() == 1)
		return -EBADMSG;
	if (err)
		return err;
	/* Another ABI's maps and programs take other layouts: only its
	 * raise program is used, and only when the armed guard calls it its
	 * own. Where no guard answers (a build from before
	 * LOCKDOWN_PRCTL_OURS, or objects planted before the first set)
	 * nothing says it enforces anything: not trusted. */
	if (!p->gen.own && p->gen.abi != LOCKDOWN_ABI_VERSION)
		return other_abi_ours(&p->gen) ? -ESTALE : -EBADMSG;
	err = pins_open_dir(p, p->gen.dir);
	err = err ?: verify(p);
	if (err)
		pins_close(p);
	return err;
}

int raise_run(int prog_fd, enum lockdown_level want, enum lockdown_level *now)
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

int pins_policy(const struct pins *p, struct lockdown_policy_args *args)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = args,
		    .ctx_size_in = sizeof(*args));
	struct timespec pause = { .tv_nsec = 1000000 };

	/* -EBUSY: another run (not lockdownctl's: those take a lock) holds
	 * the policy for the microseconds of its own run. */
	for (int i = 0;; i++) {
		if (bpf_prog_test_run_opts(p->policy, &opts))
			return -errno;
		if ((int)opts.retval != -EBUSY || i == 1000)
			return (int)opts.retval;
		nanosleep(&pause, NULL);
	}
}

int pins_raise(const struct pins *p, enum lockdown_level want,
	       enum lockdown_level *now)
{
	return raise_run(p->raise, want, now);
}

int pins_level(const struct pins *p, enum lockdown_level *level)
{
	return raise_run(p->raise, LOCKDOWN_LEVEL_NONE, level);
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
