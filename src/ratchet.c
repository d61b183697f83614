// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/file.h>
#include "kernel.h"
#include "level.h"
#include "loader.h"
#include "pins.h"
#include "ratchet.h"
#include "policy.h"

/* As the kernel's lock_kernel_down() logs, with the level added. */
static void log_raise(const char *source, enum lockdown_level level)
{
	kmsg_printf(
		5,
		"Kernel is locked down from %s at %s; see man kernel_lockdown.7",
		source, level_name(level));
}

/* Refuses @asked below the level in force; raises to @want (>= @asked). */
static int raise_locked(enum lockdown_level asked, enum lockdown_level want,
			struct ratchet_result *r)
{
	struct pins p;
	int err;

	err = pins_open(&p);
	if (err == -ENOENT) {
		r->before = r->after = LOCKDOWN_LEVEL_NONE;
		if (want == LOCKDOWN_LEVEL_NONE)
			return 0;
		err = loader_create(want);
		if (err && err != -EEXIST)
			return err;
		err = pins_open(&p);
		if (err)
			return err;
		/* Lost a race with another loader: raise its copy. */
		err = pins_raise(&p, want, &r->after);
	} else if (!err) {
		err = pins_level(&p, &r->before);
		if (!err && asked < r->before) {
			r->after = r->before;
			err = RATCHET_WOULD_LOWER;
		} else if (!err) {
			err = pins_raise(&p, want, &r->after);
		}
	}
	if (!err && r->after < want)
		err = -EIO; /* the ratchet did not take: never claim it did */
	pins_close(&p);
	return err;
}

/* Serialises lockdownctl runs, so that only one loads the BPF side and
 * policies apply one after the other. Returns the lock's fd. */
static int lock_bpffs(void)
{
	int lock, err;

	lock = open(LOCKDOWN_BPFFS, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (lock < 0)
		return -errno;
	if (flock(lock, LOCK_EX)) {
		err = -errno;
		close(lock);
		return err;
	}
	return lock;
}

/* Opens the pins, loading and pinning the BPF side at the build minimum
 * first when it never was. */
static int open_or_load(struct pins *p)
{
	int err = pins_open(p);

	if (err != -ENOENT)
		return err;
	err = loader_create(LOCKDOWN_MIN_LEVEL);
	if (err && err != -EEXIST)
		return err;
	return pins_open(p);
}

int ratchet_load(void)
{
	struct pins p;
	int lock, err;

	lock = lock_bpffs();
	if (lock < 0)
		return lock;
	err = open_or_load(&p);
	if (!err)
		pins_close(&p);
	close(lock);
	return err;
}

int ratchet_apply(const struct policy *policy, const char *source,
		  struct lockdown_policy_args *now)
{
	enum lockdown_level before = LOCKDOWN_LEVEL_NONE;
	__u32 floor = LOCKDOWN_MIN_LEVEL;
	struct pins p;
	int lock, err;

	lock = lock_bpffs();
	if (lock < 0)
		return lock;
	err = open_or_load(&p);
	if (!err) {
		err = pins_level(&p, &before);
		policy_to_args(policy, now);
		if (now->level < floor)
			now->level = floor;
		err = err ?: pins_policy(&p, now);
		pins_close(&p);
	}
	close(lock);
	if (!err)
		kmsg_printf(
			5,
			"Lockdown policy applied from %s: level %s, mode %s, %u scopes",
			source, level_name(now->level), mode_name(now->mode),
			now->scope_count);
	if (!err && now->level > before)
		log_raise(source, now->level);
	return err;
}

int ratchet_raise(enum lockdown_level want, const char *source,
		  struct ratchet_result *result)
{
	enum lockdown_level floor = LOCKDOWN_MIN_LEVEL,
			    effective = want > floor ? want : floor;
	int lock, err;

	lock = lock_bpffs();
	if (lock < 0)
		return lock;
	result->floored = effective > want;
	err = raise_locked(want, effective, result);
	close(lock);
	if (!err && result->after > result->before)
		log_raise(result->floored ? "build default" : source,
			  result->after);
	return err;
}
