// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <stddef.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "bypass.h"
#include "loader.h"
#include "msg.h"
#include "generation.h"
#include "guarded.h"
#include "keeper.h"
#include "mounts.h"
#include "pins.h"
#include "preguard.h"
#include "lockdown.skel.h"

struct loaded {
	struct lockdown_bpf *skel;
	struct bpf_link *links[LOCKDOWN_GUARD_MAX];
	const struct bpf_program *attached[LOCKDOWN_GUARD_MAX]; /* by links */
	const char *link_names[LOCKDOWN_GUARD_MAX];
	int n_links;
	bool bpf_hook; /* guard_bpf attached (on_demand) */
	int loaded_before; /* what refuse_bypass found, */
	char first[160]; /* and the first of them */
	int tracer; /* a process that traced set meanwhile */
	struct preguard pre; /* set itself, until it is done */
};

/* Reports which step of loading failed; returns @err. */
static int step_failed(const char *step, int err)
{
	errorf("%s failed: %s", step, strerror(-err));
	return err;
}

/* Whether the kernel whose BTF is @vmlinux has the function @name (a
 * BPF LSM hook's or another); no when its BTF could not be read. */
static bool kernel_has_hook(const struct btf *vmlinux, const char *name)
{
	return vmlinux &&
	       btf__find_by_name_kind(vmlinux, name, BTF_KIND_FUNC) > 0;
}

/* Puts @policy in force in a fresh state, its enforced level at least
 * @level: nothing enforces yet, so all of it is taken, exemptions
 * included. */
static int initial_policy(struct lockdown_bpf *skel, enum lockdown_level level,
			  const struct lockdown_policy_args *policy)
{
	struct lockdown_policy_args a = *policy;
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &a,
		    .ctx_size_in = sizeof(a));

	a.op = LOCKDOWN_POLICY_APPLY;
	if (a.enforced < level)
		a.enforced = level;
	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.policy), &opts))
		return -errno;
	return (int)opts.retval;
}

/* Aims a pair of programs of changing_propagation (self_protect.h) at
 * the syscall entry @name; where the kernel has none, they do not load.
 * Returns whether they do. */
static bool aim(struct bpf_program *enter, struct bpf_program *leave,
		const struct btf *vmlinux, const char *name)
{
	if (kernel_has_hook(vmlinux, name) &&
	    !bpf_program__set_attach_target(enter, 0, name) &&
	    !bpf_program__set_attach_target(leave, 0, name))
		return true;
	bpf_program__set_autoload(enter, false);
	bpf_program__set_autoload(leave, false);
	return false;
}

/* The syscall entries that changing_propagation watches: x86-64 ones (the
 * programs read the flags from x86-64 registers), the 32-bit ones where
 * the kernel has them. */
static void watch_propagation_calls(struct lockdown_bpf *skel,
				    const struct btf *vmlinux)
{
	__typeof__(skel->progs) *p = &skel->progs;
	bool all = aim(p->enter_mount, p->leave_mount, vmlinux,
		       "__x64_sys_mount") &
		   aim(p->enter_setattr, p->leave_setattr, vmlinux,
		       "__x64_sys_mount_setattr");

	aim(p->enter_mount_compat, p->leave_mount_compat, vmlinux,
	    "__ia32_sys_mount");
	aim(p->enter_setattr_compat, p->leave_setattr_compat, vmlinux,
	    "__ia32_sys_mount_setattr");
	if (!all)
		errorf("warning: this kernel's mount(2) and mount_setattr(2) entries were not found: a lazy unmount during one is not refused");
}

struct lockdown_bpf *loader_open(const struct btf *given)
{
	/* Parsed once here when not given, for every question below. */
	struct btf *own = given ? NULL : btf__load_vmlinux_btf();
	const struct btf *vmlinux = given ?: own;
	struct lockdown_bpf *skel;
	bool new_hook;

	skel = lockdown_bpf__open();
	if (!skel) {
		step_failed("opening the BPF object", -errno);
		btf__free(own);
		return NULL;
	}
	/* Linux 6.9 renamed the hook that sees a program being loaded. */
	new_hook = kernel_has_hook(vmlinux, "bpf_lsm_bpf_prog_load");
	bpf_program__set_autoload(skel->progs.guard_bpf_prog_load, new_hook);
	bpf_program__set_autoload(skel->progs.guard_bpf_prog_alloc, !new_hook);
	/* Where no change of propagation can be watched, the bpffs mount
	 * counts as exposed once private: every lazy unmount is refused. */
	if (!kernel_has_hook(vmlinux, "change_mnt_propagation")) {
		errorf("warning: this kernel has no change_mnt_propagation() to watch: once the bpffs mount is private, every lazy unmount is refused until reboot");
		skel->rodata->propagation_watched = false;
		bpf_program__set_autoload(skel->progs.note_propagation, false);
	}
	watch_propagation_calls(skel, vmlinux);
	btf__free(own);
	return skel;
}

struct lockdown_bpf *loader_load(enum lockdown_level level,
				 const struct lockdown_policy_args *policy,
				 const struct btf *vmlinux)
{
	struct lockdown_bpf *skel;
	enum lockdown_level now;
	int err;

	skel = loader_open(vmlinux);
	if (!skel)
		return NULL;
	err = lockdown_bpf__load(skel);
	if (err) {
		step_failed("loading the BPF programs", err);
		goto fail;
	}
	/* From here on only prog_raise_level and prog_policy write the
	 * state, and only to make it stricter. */
	if (bpf_map_freeze(bpf_map__fd(skel->maps.state))) {
		step_failed("freezing the state map", -errno);
		goto fail;
	}
	if (policy)
		err = initial_policy(skel, level, policy);
	else
		err = raise_run(bpf_program__fd(skel->progs.raise_level), level,
				&now);
	if (err) {
		step_failed("setting the initial level and policy", err);
		goto fail;
	}
	return skel;
fail:
	lockdown_bpf__destroy(skel);
	return NULL;
}

/* The bpf hook (guard_bpf): every bpf(2) call crosses it, and it is only
 * needed when programs that could stand before ours were loaded before
 * them (see refuse_bypass). */
static bool on_demand(const struct bpf_program *prog)
{
	return !strcmp(bpf_program__section_name(prog), "lsm/bpf");
}

/* The LSM programs, and the tracing ones that watch the bpffs mount's
 * propagation (self_protect.h: note_propagation, changing_propagation);
 * not the bpf hook, attached on demand, nor the scan's iterators. */
bool loader_attaches(const struct bpf_program *prog)
{
	enum bpf_prog_type type = bpf_program__type(prog);
	enum bpf_attach_type at = bpf_program__expected_attach_type(prog);

	return (type == BPF_PROG_TYPE_LSM ||
		(type == BPF_PROG_TYPE_TRACING &&
		 (at == BPF_TRACE_FEXIT || at == BPF_TRACE_FENTRY))) &&
	       bpf_program__autoload(prog) && !on_demand(prog);
}

static int attach_one(struct loaded *l, struct bpf_program *prog)
{
	struct bpf_link *link;
	int err;

	if (l->n_links == LOCKDOWN_GUARD_MAX)
		return step_failed("attaching", -E2BIG);
	link = bpf_program__attach(prog);
	if (!link) {
		err = -errno;
		errorf("attaching %s failed: %s", bpf_program__name(prog),
		       strerror(-err));
		return err;
	}
	l->attached[l->n_links] = prog;
	l->links[l->n_links] = link;
	l->link_names[l->n_links++] = bpf_program__name(prog);
	return 0;
}

static int load(struct loaded *l, enum lockdown_level level,
		const struct lockdown_policy_args *policy,
		const struct btf *vmlinux)
{
	struct bpf_program *prog;
	int err;

	l->skel = loader_load(level, policy, vmlinux);
	if (!l->skel)
		return -EINVAL;
	/* fentry programs last: each counts what its fexit program uncounts
	 * (changing_propagation), so no call may be counted in without a
	 * way out. */
	for (int pass = 0; pass < 2; pass++)
		bpf_object__for_each_program(prog, l->skel->obj)
		{
			if (!loader_attaches(prog) ||
			    (bpf_program__expected_attach_type(prog) ==
			     BPF_TRACE_FENTRY) != pass)
				continue;
			err = attach_one(l, prog);
			if (err)
				return err;
		}
	return 0;
}

static int pin_one(int fd, const char *dir, const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (bpf_obj_pin(fd, path))
		return step_failed(path, -errno);
	return 0;
}

static int pin_all(struct loaded *l, const char *dir)
{
	struct lockdown_bpf *skel = l->skel;
	char links[192];
	int err;

	snprintf(links, sizeof(links), "%s/%s", dir, LOCKDOWN_PIN_LINKS);
	if (mkdir(dir, 0700) || mkdir(links, 0700))
		return step_failed(dir, -errno);
	err = keeper_make(dir);
	if (err)
		return err;
	for (size_t i = 0; !err && i < n_guarded_objects; i++) {
		const struct guarded_object *o = &guarded_objects[i];

		if (o->pin)
			err = pin_one(guarded_fd(o, skel), dir, o->pin);
	}
	/* Which build this generation is (see generation.h). */
	err = err
		      ?: pin_one(bpf_map__fd(skel->maps.event_stats), dir,
				 generation_marker());
	for (int i = 0; !err && i < l->n_links; i++)
		err = pin_one(bpf_link__fd(l->links[i]), links,
			      l->link_names[i]);
	return err;
}

/* Removes a staging directory and what is pinned in it (two levels). */
static void remove_tree(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512];

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		/* The keeper is a mount point (see keeper.h). */
		if (e->d_type == DT_DIR &&
		    !strcmp(e->d_name, LOCKDOWN_PIN_KEEP))
			umount2(path, MNT_DETACH);
		if (e->d_type == DT_DIR && depth > 0)
			remove_tree(path, depth - 1);
		else
			unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

static __u64 ino_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : st.st_ino;
}

/* The superblock's dev_t as the kernel holds it (MINORBITS = 20), not as
 * stat(2) encodes it. */
static __u32 kernel_dev_of(const char *path)
{
	struct stat st;

	if (stat(path, &st))
		return 0;
	return (major(st.st_dev) << 20) | minor(st.st_dev);
}

/* The superblocks of the mounts above LOCKDOWN_BPFFS, from this
 * namespace's mountinfo, up to LOCKDOWN_GUARD_CHAIN. */
static void chain_devs(__u32 *devs)
{
	struct mount_entry *m = calloc(MOUNTS_MAX, sizeof(*m));
	int n = m ? mounts_read(m, MOUNTS_MAX) : -ENOMEM, k = 0, at;

	at = n > 0 ? mounts_at(m, n, LOCKDOWN_BPFFS) : -1;
	while (at >= 0 && k < LOCKDOWN_GUARD_CHAIN) {
		int next = -1;

		for (int i = 0; i < n; i++) {
			if (m[i].id == m[at].parent && i != at)
				next = i;
		}
		if (next >= 0)
			devs[k++] = m[next].dev;
		at = next;
	}
	free(m);
}

/*
 * Hooks we share with other tools, on which their LSM programs may still
 * load: file_open carries systemd's RestrictFileSystems=. Ours there only
 * keeps scoped tasks from setting usermode helpers; a program of root's
 * standing before it would open a way out of a scope (documented), never
 * off the host's lockdown or its self-protection.
 */
static bool hook_shared(const struct bpf_program *prog)
{
	return !strcmp(bpf_program__section_name(prog), "lsm/file_open");
}

/* The vmlinux BTF id of the bpf_lsm_ function @prog attaches to. */
static __u32 hook_btf_id(const struct btf *vmlinux,
			 const struct bpf_program *prog)
{
	const char *sec = bpf_program__section_name(prog);
	char name[128];
	int id;

	if (!vmlinux || strncmp(sec, "lsm/", 4))
		return 0;
	snprintf(name, sizeof(name), "bpf_lsm_%s", sec + 4);
	id = btf__find_by_name_kind(vmlinux, name, BTF_KIND_FUNC);
	return id > 0 ? id : 0;
}

/* Our programs and links by id. Never leave a program of ours outside
 * the guard. */
static int guard_ids(const struct loaded *l, __u32 *progs, __u32 *links)
{
	struct bpf_program *prog;
	int n = 0;

	bpf_object__for_each_program(prog, l->skel->obj)
	{
		if (bpf_program__fd(prog) < 0)
			continue;
		if (n == LOCKDOWN_GUARD_MAX)
			return step_failed("guarding the programs", -E2BIG);
		progs[n++] = guarded_id(bpf_program__fd(prog));
	}
	for (int i = 0; i < l->n_links; i++)
		links[i] = guarded_id(bpf_link__fd(l->links[i]));
	return 0;
}

/* The hooks our attached LSM programs sit on, but the shared one. */
static int guard_hooks(const struct loaded *l, const struct btf *vmlinux,
		       __u32 *hooks)
{
	int h = 0;

	for (int i = 0; i < l->n_links; i++) {
		if (bpf_program__type(l->attached[i]) != BPF_PROG_TYPE_LSM ||
		    hook_shared(l->attached[i]))
			continue;
		hooks[h] = hook_btf_id(vmlinux, l->attached[i]);
		if (!hooks[h++])
			return step_failed(
				"finding the hooks in the kernel's BTF",
				-ENOENT);
	}
	return 0;
}

/* What the kernel's lists hold that could stand before ours. */
static int scan_bypass(const struct loaded *l, const __u32 *progs,
		       const __u32 *links, const __u32 *hooks,
		       const struct btf *vmlinux, struct bypass_scan *out)
{
	enum { N = LOCKDOWN_GUARD_MAX + PREGUARD_N };
	__u32 all_progs[N], all_links[N];
	const struct bypass_own own = {
		.progs = all_progs,
		.links = all_links,
		.n = N,
		.hooks = hooks,
		.n_hooks = LOCKDOWN_GUARD_MAX,
		.vmlinux = vmlinux,
	};
	int err;

	/* The pre-guard's programs are ours too (one is on a hook of ours). */
	memcpy(all_progs, progs, LOCKDOWN_GUARD_MAX * sizeof(*progs));
	memcpy(all_progs + LOCKDOWN_GUARD_MAX, l->pre.prog_ids,
	       sizeof(l->pre.prog_ids));
	memcpy(all_links, links, LOCKDOWN_GUARD_MAX * sizeof(*links));
	memcpy(all_links + LOCKDOWN_GUARD_MAX, l->pre.link_ids,
	       sizeof(l->pre.link_ids));
	err = bypass_scan(bpf_program__fd(l->skel->progs.scan_progs),
			  bpf_program__fd(l->skel->progs.scan_links), &own,
			  out);

	if (err)
		return step_failed(
			"looking for programs loaded before lockdown", err);
	return 0;
}

/*
 * Before anything is pinned: from here on no program that could stand
 * before ours loads or gets an fd (refuse_bypass), so the scan sees every
 * one there will ever be, a load still under verification included (it
 * gets no fd). Only if there are some does the bpf hook attach, to keep
 * them from attaching: every bpf(2) call would pay for it.
 */
static int refuse_bypass(struct loaded *l, const struct btf *vmlinux)
{
	__u32 zero = 0, progs[LOCKDOWN_GUARD_MAX] = { 0 },
	      links[LOCKDOWN_GUARD_MAX] = { 0 };
	struct lockdown_guard g = { 0 };
	struct bypass_scan scan;
	int err;

	err = guard_ids(l, progs, links)
		      ?: guard_hooks(l, vmlinux, g.hook_btf_ids);
	if (err)
		return err;
	/* The hooks, then the switch; unarmed otherwise (no raise_prog). */
	if (bpf_map_update_elem(bpf_map__fd(l->skel->maps.guard), &zero, &g,
				BPF_ANY))
		return step_failed("arming self-protection", -errno);
	l->skel->bss->refuse_bypass = true;
	err = scan_bypass(l, progs, links, g.hook_btf_ids, vmlinux, &scan);
	if (err || (!scan.loaded && !scan.attached))
		return err;
	l->loaded_before = scan.loaded;
	memcpy(l->first, scan.first, sizeof(l->first));
	err = attach_one(l, l->skel->progs.guard_bpf);
	l->bpf_hook = !err;
	return err;
}

/* The process tracing this one, or 0: it could change what set writes
 * (the guard, before it is frozen) or take its fds. Noted at each step
 * where that matters. */
static void note_tracer(struct loaded *l)
{
	char line[128];
	int pid = 0;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "TracerPid: %d", &pid) == 1)
			break;
	}
	if (f)
		fclose(f);
	if (pid && !l->tracer)
		l->tracer = pid;
}

/* Frozen as soon as it is armed, then read back: a writer of another fd
 * (taken before our hooks could refuse it) may have come between. */
static int freeze_guard(struct loaded *l, const struct lockdown_guard *g)
{
	struct lockdown_guard now;
	__u32 zero = 0;
	int fd = bpf_map__fd(l->skel->maps.guard);

	note_tracer(l);
	if (bpf_map_freeze(fd))
		return step_failed("freezing self-protection", -errno);
	note_tracer(l);
	if (bpf_map_lookup_elem(fd, &zero, &now))
		return step_failed("reading self-protection back", -errno);
	if (memcmp(&now, g, sizeof(now))) {
		errorf("self-protection was changed while lockdown was applied (tampering): lockdown is applied but cannot be guaranteed until reboot");
		return -ENOTRECOVERABLE;
	}
	return 0;
}

/* Tells the BPF side which objects are its own; from then on no program
 * that could stand before ours loads. Not frozen yet: see loader_create. */
static int arm_guard(struct loaded *l, const char *dir,
		     const struct btf *vmlinux, struct lockdown_guard *g)
{
	struct lockdown_bpf *skel = l->skel;
	char path[256];
	__u32 zero = 0;
	int err, fd = bpf_map__fd(skel->maps.guard);

	memset(g, 0, sizeof(*g));
	err = guarded_arm(g, skel);
	if (err)
		return step_failed("identifying the guarded maps and programs",
				   err);
	err = guard_ids(l, g->progs, g->links)
		      ?: guard_hooks(l, vmlinux, g->hook_btf_ids);
	if (err)
		return err;
	for (int i = 0; i < l->n_links; i++) {
		snprintf(path, sizeof(path), "%s/%s/%s", dir,
			 LOCKDOWN_PIN_LINKS, l->link_names[i]);
		g->link_inos[i] = ino_of(path);
	}
	g->bpffs_dev = kernel_dev_of(LOCKDOWN_BPFFS);
	g->pin_dir_ino = ino_of(dir);
	snprintf(path, sizeof(path), "%s/%s", dir, LOCKDOWN_PIN_LINKS);
	g->links_dir_ino = ino_of(path);
	chain_devs(g->chain_devs);
	g->init_mntns_ino = ino_of("/proc/1/ns/mnt");
	for (int i = 0; i < l->n_links; i++) {
		if (!g->links[i] || !g->link_inos[i])
			return step_failed("identifying the pinned links",
					   -ENOENT);
	}
	if (!g->pin_dir_ino || !g->links_dir_ino || !g->bpffs_dev ||
	    !g->init_mntns_ino)
		return step_failed("identifying the pinned objects", -ENOENT);
	/* Programs that could stand before ours were loaded before them:
	 * none may attach (refuse_bypass). */
	g->strict_attach = l->bpf_hook;
	if (bpf_map_update_elem(fd, &zero, g, BPF_ANY))
		return step_failed("arming self-protection", -errno);
	return 0;
}

/*
 * Programs that could stand before ours and were loaded before them:
 * their load was never checked. Loaded ones are kept from attaching
 * (refuse_bypass, strict_attach); attached ones cannot be removed:
 * lockdown is in force but cannot be guaranteed, said loudly
 * (-ENOTRECOVERABLE).
 */
static int check_bypass(struct loaded *l, const struct btf *vmlinux,
			struct lockdown_guard *g)
{
	struct bypass_scan scan;
	int err;

	if (l->loaded_before)
		errorf("warning: %d program(s) that could override lockdown were loaded before it (%s): no fmod_ret or LSM program can be attached until reboot",
		       l->loaded_before, l->first);
	err = scan_bypass(l, g->progs, g->links, g->hook_btf_ids, vmlinux,
			  &scan);
	if (err)
		return err;
	/* refuse_bypass found none, and none could load since: a kernel
	 * that lets one through is not one lockdown can vouch for. */
	if ((scan.loaded || scan.attached) && !l->bpf_hook) {
		errorf("%d program(s) that could override lockdown appeared while it was applied (%s): lockdown is applied but cannot be guaranteed until reboot",
		       scan.loaded + scan.attached, scan.first);
		return -ENOTRECOVERABLE;
	}
	if (scan.attached) {
		errorf("%d program(s) that override lockdown's decisions were attached before it (%s): lockdown is applied but cannot be guaranteed until reboot",
		       scan.attached, scan.first);
		return -ENOTRECOVERABLE;
	}
	return 0;
}

int loader_create(enum lockdown_level level,
		  const struct lockdown_policy_args *policy, const char *dir)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	struct lockdown_guard g;
	struct loaded l = { 0 };
	char staging[128];
	int err, bypass = 0;

	err = preguard_attach(&l.pre, vmlinux);
	if (err) {
		step_failed("guarding set itself", err);
		goto out;
	}
	err = load(&l, level, policy, vmlinux);
	if (err)
		goto out;
	note_tracer(&l);
	err = refuse_bypass(&l, vmlinux);
	if (err)
		goto out;
	/* bpffs refuses names with dots (reserved), so no hidden name. */
	snprintf(staging, sizeof(staging), "%s/%s%d", LOCKDOWN_BPFFS,
		 LOCKDOWN_STAGING_PREFIX, (int)getpid());
	err = pin_all(&l, staging);
	if (err) {
		remove_tree(staging, 1);
		goto out;
	}
	/* Armed before it is published, so that what is found under
	 * LOCKDOWN_PIN_DIR is always guarded; a run killed here leaves an
	 * armed staging directory, which the next one publishes. */
	err = arm_guard(&l, staging, vmlinux, &g);
	if (err) {
		remove_tree(staging, 1);
		goto out;
	}
	bypass = freeze_guard(&l, &g);
	if (bypass && bypass != -ENOTRECOVERABLE) {
		err = bypass;
		goto out;
	}
	err = check_bypass(&l, vmlinux, &g);
	if (err && err != -ENOTRECOVERABLE)
		goto out;
	bypass = bypass ?: err;
	err = 0;
	note_tracer(&l);
	if (l.tracer) {
		errorf("lockdownctl was traced by process %d while it applied lockdown: lockdown is applied but cannot be guaranteed until reboot",
		       l.tracer);
		bypass = -ENOTRECOVERABLE;
	}
	/* For the VM test of the worst moment to be killed at. */
	if (getenv("LOCKDOWN_TEST_KILL_BEFORE_PUBLISH"))
		raise(SIGKILL);
	err = loader_publish(staging, dir);
out:
	/* Pinned objects outlive these fds; unpinned ones die with them. */
	for (int i = 0; i < l.n_links; i++)
		bpf_link__destroy(l.links[i]);
	lockdown_bpf__destroy(l.skel);
	preguard_release(&l.pre);
	btf__free(vmlinux);
	return err ?: bypass;
}

int loader_publish(const char *staging, const char *dir)
{
	int err;

	if (!rename(staging, dir))
		return 0;
	err = errno == ENOTEMPTY || errno == EEXIST ? -EEXIST : -errno;
	if (err != -EEXIST)
		step_failed("publishing the pins", err);
	return err;
}
