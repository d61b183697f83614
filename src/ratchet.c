// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/file.h>
#include "generation.h"
#include "kernel.h"
#include "level.h"
#include "loader.h"
#include "keeper.h"
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

/* The raise program of a generation of another ABI: its argument and
 * answer never change, so the level can still be read and raised. */
static int other_abi_raise(const struct generation *g, enum lockdown_level want,
			   enum lockdown_level *now)
{
	char path[GENERATION_DIR_MAX + 32];
	int fd, err;

	snprintf(path, sizeof(path), "%s/%s", g->dir, LOCKDOWN_PIN_RAISE);
	fd = bpf_obj_get(path);
	if (fd < 0)
		return -errno;
	err = raise_run(fd, want, now);
	close(fd);
	return err;
}

/* Opens the pins of the generation in force into @p, loading and pinning
 * this build's first (at @level, sets @fresh) when nothing was pinned
 * since boot. Another build's generation is used as it is (see
 * generation.h); -ESTALE when its ABI is another (p->gen says which).
 * @bypass gets -ENOTRECOVERABLE when a program that overrides lockdown
 * was attached before this load (see loader_create), else 0. */
static int open_or_load(struct pins *p, enum lockdown_level level, bool *fresh,
			int *bypass)
{
	int err = pins_open(p);

	*fresh = false;
	*bypass = 0;
	if (err == -EBADMSG && generation_armed() == 0) {
		/* Root's objects where ours go, and no guard armed: enforce
		 * all the same, from the armed staging directory (it cannot
		 * be published over them), and fail loudly. */
		loader_create(level, NULL, LOCKDOWN_PIN_DIR);
		return err;
	}
	if (err && err != -ENOENT)
		return err;
	if (err) {
		err = loader_create(level, NULL, LOCKDOWN_PIN_DIR);
		if (err == -ENOTRECOVERABLE)
			*bypass = err;
		else if (err && err != -EEXIST)
			return err;
		*fresh = true;
		err = pins_open(p);
	}
	/* Every run, not just the first: systemd shares the bpffs mount
	 * again at switch_root, after the initramfs loaded it. */
	if (!err && keeper_shield())
		*bypass = -ENOTRECOVERABLE;
	return err;
}

/* Refuses @asked below the level in force; raises to @want (>= @asked). */
static int raise_locked(enum lockdown_level asked, enum lockdown_level want,
			struct ratchet_result *r)
{
	struct generation g;
	struct pins p;
	bool fresh;
	int err, bypass;

	r->before = r->after = LOCKDOWN_LEVEL_NONE;
	r->would_lower = false;
	/* Asking for none loads nothing: it only reads the level. */
	if (want == LOCKDOWN_LEVEL_NONE && generation_find(&g) == -ENOENT)
		return 0;
	err = open_or_load(&p, want, &fresh, &bypass);
	if (err == -ESTALE) {
		err = other_abi_raise(&p.gen, LOCKDOWN_LEVEL_NONE, &r->before);
		if (!err && asked < r->before)
			goto would_lower;
		err = err ?: other_abi_raise(&p.gen, want, &r->after);
	} else if (!err && fresh) {
		/* Lost a race with another loader: raise its copy. */
		err = pins_raise(&p, want, &r->after);
	} else if (!err) {
		err = pins_level(&p, &r->before);
		if (!err && asked < r->before)
			goto would_lower;
		err = err ?: pins_raise(&p, want, &r->after);
	}
	if (!err && r->after < want)
		err = -EIO; /* the ratchet did not take: never claim it did */
	pins_close(&p);
	return err ?: bypass;

would_lower: /* nothing raised: that refusal is all there is to say */
	r->after = r->before;
	r->would_lower = true;
	pins_close(&p);
	return 0;
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
	enum lockdown_level now;
	struct pins p;
	int lock, err;

	lock = lock_bpffs();
	if (lock < 0)
		return lock;
	err = pins_open(&p);
	if (!err || err == -ESTALE)
		snprintf(from, size, "%s",
			 p.gen.build[0] ? p.gen.build : p.gen.dir);
	if (!err && p.gen.own) {
		err = -EALREADY;
	} else if (!err) {
		err = pins_raise(&p, LOCKDOWN_MIN_LEVEL, &now);
	} else if (err == -ESTALE) {
		err = other_abi_raise(&p.gen, LOCKDOWN_MIN_LEVEL, &now);
	}
	pins_close(&p);
	close(lock);
	return err;
}

int ratchet_load(void)
{
	struct pins p;
	bool fresh;
	int lock, err, bypass;

	lock = lock_bpffs();
	if (lock < 0)
		return lock;
	err = open_or_load(&p, LOCKDOWN_MIN_LEVEL, &fresh, &bypass);
	if (!err)
		pins_close(&p);
	close(lock);
	return err ?: bypass;
}

/* The level of which everything is refused now: the enforced level, or
 * the level of a policy in enforce mode above it. */
static int refused_level(const struct pins *p, enum lockdown_level *level)
{
	struct lockdown_policy_args cur = { .op = LOCKDOWN_POLICY_READ };
	int err = pins_level(p, level);

	err = err ?: pins_policy(p, &cur);
	if (!err && cur.mode == LOCKDOWN_MODE_ENFORCE && cur.level > *level)
		*level = cur.level;
	return err;
}

int ratchet_apply(const struct policy *policy, const char *source,
		  struct lockdown_policy_args *now)
{
	enum lockdown_level before = LOCKDOWN_LEVEL_NONE, after;
	__u32 floor = LOCKDOWN_MIN_LEVEL;
	struct pins p;
	bool fresh;
	int lock, err, bypass;

	lock = lock_bpffs();
	if (lock < 0)
		return lock;
	err = open_or_load(&p, LOCKDOWN_MIN_LEVEL, &fresh, &bypass);
	if (!err) {
		err = refused_level(&p, &before);
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
	return err ?: bypass;
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
	if ((!err || err == -ENOTRECOVERABLE) && result->after > result->before)
		log_raise(result->floored ? "build default" : source,
			  result->after);
	return err;
}

const char *ratchet_error(int err)
{
	switch (err) {
	case -ENOTRECOVERABLE:
		return "enforcement is in force but cannot be guaranteed (said why above)";
	case -EBADMSG:
		return "what is pinned in " LOCKDOWN_PIN_DIR
		       " is not the armed enforcement's own (tampering); lockdown enforces from a staging directory beside it";
	case -ESTALE:
		return "a build of another ABI enforces until reboot: only its level can be raised";
	default:
		return strerror(-err);
	}
}
