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

/* As the kernel's lock_kernel_down() logs, with the level added. */
static void log_raise(const char *source, enum lockdown_level level)
{
	kmsg_printf(5, "Kernel is locked down from %s at %s; see man kernel_lockdown.7",
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

int ratchet_raise(enum lockdown_level want, const char *source,
		  struct ratchet_result *result)
{
	enum lockdown_level floor = LOCKDOWN_MIN_LEVEL,
			    effective = want > floor ? want : floor;
	int lock, err;

	/* Serialise lockdownctl runs, so that only one loads the BPF side. */
	lock = open(LOCKDOWN_BPFFS, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (lock < 0)
		return -errno;
	if (flock(lock, LOCK_EX)) {
		err = -errno;
		close(lock);
		return err;
	}
	result->floored = effective > want;
	err = raise_locked(want, effective, result);
	close(lock);
	if (!err && result->after > result->before)
		log_raise(result->floored ? "build default" : source,
			  result->after);
	return err;
}
