// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
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

/* The policy in force in another build's generation, to carry over: all
 * of it from the same ABI, else its level (the raise program's argument
 * and answer never change). */
static int read_generation(const struct generation *g,
			   struct lockdown_policy_args *a)
{
	enum lockdown_level level;
	char path[GENERATION_DIR_MAX + 32];
	struct pins p;
	int fd, err;

	memset(a, 0, sizeof(*a));
	a->op = LOCKDOWN_POLICY_READ;
	if (g->abi == LOCKDOWN_ABI_VERSION) {
		err = pins_open_dir(&p, g->dir);
		err = err ?: pins_policy(&p, a);
		pins_close(&p);
		return err;
	}
	snprintf(path, sizeof(path), "%s/%s", g->dir, LOCKDOWN_PIN_RAISE);
	fd = bpf_obj_get(path);
	if (fd < 0)
		return -errno;
	err = raise_run(fd, LOCKDOWN_LEVEL_NONE, &level);
	close(fd);
	a->level = level;
	a->enforced = level; /* it was enforced there */
	return err;
}

/*
 * An upgrade: another build's generation enforces and cannot be removed.
 * This build loads its own beside it with the same policy, in force before
 * it is attached, so both enforce from then on: no moment without
 * enforcement, nothing lowered (see generation.h). Opens it into @p.
 */
static int take_over(struct pins *p)
{
	struct generation old = p->gen;
	struct lockdown_policy_args carried;
	enum lockdown_level level;
	int err;

	pins_close(p);
	err = read_generation(&old, &carried);
	if (err)
		return err;
	level = carried.enforced > LOCKDOWN_MIN_LEVEL ? carried.enforced
						      : LOCKDOWN_MIN_LEVEL;
	err = loader_create(level, &carried, generation_own_dir());
	if (err && err != -EEXIST)
		return err;
	err = pins_open(p);
	if (!err && !p->gen.own)
		err = -EIO;
	if (!err)
		kmsg_printf(
			5,
			"Lockdown taken over from %s by build %s with the policy in force (level %s)",
			old.dir, generation_build_id(), level_name(level));
	return err;
}

/* Opens this build's pins into @p, loading and pinning the BPF side first:
 * at @level (sets @fresh) when nothing was pinned since boot, with the
 * policy in force when another build's enforces. */
static int open_or_load(struct pins *p, enum lockdown_level level, bool *fresh)
{
	int err = pins_open(p);

	*fresh = false;
	if (err == -ESTALE || (!err && !p->gen.own))
		return take_over(p);
	if (err != -ENOENT)
		return err;
	err = loader_create(level, NULL, LOCKDOWN_PIN_DIR);
	if (err && err != -EEXIST)
		return err;
	*fresh = true;
	return pins_open(p);
}

/* Refuses @asked below the level in force; raises to @want (>= @asked). */
static int raise_locked(enum lockdown_level asked, enum lockdown_level want,
			struct ratchet_result *r)
{
	struct generation g;
	struct pins p;
	bool fresh;
	int err;

	r->before = r->after = LOCKDOWN_LEVEL_NONE;
	/* Asking for none loads nothing: it only reads the level. */
	if (want == LOCKDOWN_LEVEL_NONE && generation_find(&g) == -ENOENT)
		return 0;
	err = open_or_load(&p, want, &fresh);
	if (!err && fresh) {
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

int ratchet_upgrade(char *from, size_t size)
{
	struct pins p;
	int lock, err;

	lock = lock_bpffs();
	if (lock < 0)
		return lock;
	err = pins_open(&p);
	if (!err && p.gen.own) {
		err = RATCHET_ALREADY;
	} else if (!err || err == -ESTALE) {
		snprintf(from, size, "%s", p.gen.dir);
		err = take_over(&p);
	}
	pins_close(&p);
	close(lock);
	return err;
}

int ratchet_load(void)
{
	struct pins p;
	bool fresh;
	int lock, err;

	lock = lock_bpffs();
	if (lock < 0)
		return lock;
	err = open_or_load(&p, LOCKDOWN_MIN_LEVEL, &fresh);
	if (!err)
		pins_close(&p);
	close(lock);
	return err;
}

int ratchet_apply(const struct policy *policy, const char *source,
		  struct lockdown_policy_args *now)
{
	enum lockdown_level before = LOCKDOWN_LEVEL_NONE, after;
	__u32 floor = LOCKDOWN_MIN_LEVEL;
	struct pins p;
	bool fresh;
	int lock, err;

	lock = lock_bpffs();
	if (lock < 0)
		return lock;
	err = open_or_load(&p, LOCKDOWN_MIN_LEVEL, &fresh);
	if (!err) {
		err = pins_level(&p, &before);
		policy_to_args(policy, now);
		if (now->enforced < floor)
			now->enforced = floor;
		err = err ?: pins_policy(&p, now);
		pins_close(&p);
	}
	close(lock);
	if (!err)
		kmsg_printf(
			5,
			"Lockdown policy applied from %s: level %s, mode %s, %u scopes, enforced in any mode: %s",
			source,
			level_name(now->level > now->enforced ? now->level
							      : now->enforced),
			mode_name(now->mode), now->scope_count,
			level_name(now->enforced));
	/* What is refused whatever the policy says, or everything of the
	 * level of a policy in enforce mode. */
	after = now->mode == LOCKDOWN_MODE_ENFORCE && now->level > now->enforced
			? now->level
			: now->enforced;
	if (!err && after > before)
		log_raise(source, after);
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
