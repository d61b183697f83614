// SPDX-License-Identifier: GPL-2.0
/*
 * The red team's bpf(2) attacks on an applied lockdown, done the way
 * bpftool does them (by ID, by pin path). Each prints
 *   ATTACK <name> blocked|breached <detail>
 * "breached" means the attack reached something it must not: an fd to an
 * enforcing object, a write, a detach. Routes through the file system
 * (rm, mv, umount, mount) are in guest/scenarios.sh.
 *
 * Usage: attack [NAME...]            (default: every attack)
 *        attack --raise-to LEVEL     runs prog_raise_level as anyone could
 *        attack --unrelated          what root may still do with BPF
 *        attack --preload FILE       loads an fmod_ret program now and
 *                                    attaches it once FILE exists
 *        attack --preattach FILE     attaches one now, holds it until FILE
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "lockdown_abi.h"

#define PIN_DIR "/sys/fs/bpf/lockdown"
#define RAISE_PIN PIN_DIR "/prog_raise_level"
#define POLICY_PIN PIN_DIR "/prog_policy"
#define LINK_PIN PIN_DIR "/links/lockdown_locked_down"

static const struct bpf_insn return_zero[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
	{ .code = BPF_JMP | BPF_EXIT },
};

static int report(const char *name, int breached, const char *detail)
{
	printf("ATTACK %s %s %s\n", name, breached ? "breached" : "blocked",
	       detail);
	fflush(stdout);
	return breached;
}

static int report_errno(const char *name, int breached, const char *what)
{
	char detail[128];

	snprintf(detail, sizeof(detail), "%s:%s", what,
		 breached ? "succeeded" : strerror(errno));
	return report(name, breached, detail);
}

/* Every link by ID: an fd to a lockdown link allows BPF_LINK_DETACH. */
static int attack_link_by_id(void)
{
	__u32 id = 0;
	int got = 0, tried = 0;

	while (!bpf_link_get_next_id(id, &id)) {
		int fd = bpf_link_get_fd_by_id(id);

		tried++;
		if (fd >= 0) {
			got++;
			bpf_link_detach(fd);
			close(fd);
		}
	}
	char detail[64];
	snprintf(detail, sizeof(detail), "%d of %d links opened", got, tried);
	return report("link_fd_by_id", got > 0 || tried == 0, detail);
}

static int attack_link_pin(void)
{
	int fd = bpf_obj_get(LINK_PIN);

	if (fd >= 0) {
		bpf_link_detach(fd);
		close(fd);
	}
	return report_errno("link_pin_obj_get", fd >= 0, "BPF_OBJ_GET");
}

/* Every map by ID, writable: then overwrite key 0 with zeros (the level,
 * the counters). The ring buffer is the one map handed out writable (its
 * reader moves the consumer position), and it has no elements to write. */
static int attack_map_write(void)
{
	__u32 id = 0;
	int written = 0, opened = 0, tried = 0;
	char detail[96];

	while (!bpf_map_get_next_id(id, &id)) {
		struct bpf_map_info info = { 0 };
		__u32 len = sizeof(info), key = 0;
		char zeros[4096] = { 0 };
		int fd = bpf_map_get_fd_by_id(id);

		tried++;
		if (fd < 0)
			continue;
		opened++;
		if (!bpf_obj_get_info_by_fd(fd, &info, &len) &&
		    info.type != BPF_MAP_TYPE_RINGBUF &&
		    info.value_size <= sizeof(zeros) &&
		    !bpf_map_update_elem(fd, &key, zeros, BPF_ANY))
			written++;
		close(fd);
	}
	snprintf(detail, sizeof(detail),
		 "%d of %d maps opened writable, %d written", opened, tried,
		 written);
	return report("map_write_by_id", written > 0, detail);
}

static int attack_map_pin_rw(void)
{
	int fd = bpf_obj_get(PIN_DIR "/counters");

	if (fd >= 0)
		close(fd);
	return report_errno("counters_pin_writable", fd >= 0, "BPF_OBJ_GET rw");
}

/* Sum of the denied counters of every reason, over every CPU. */
static long long denied_total(int fd)
{
	int ncpu = libbpf_num_possible_cpus();
	struct lockdown_counters values[512];
	long long sum = 0;

	if (ncpu <= 0 || ncpu > 512)
		return -1;
	for (__u32 key = 0; key < LOCKDOWN_MAX_REASONS; key++) {
		if (bpf_map_lookup_elem(fd, &key, values))
			return -1;
		for (int cpu = 0; cpu < ncpu; cpu++)
			sum += values[cpu].denied;
	}
	return sum;
}

/* Freezing needs a writable fd on newer kernels; on 6.1 a read-only one
 * is enough. Either way a frozen map still takes the BPF side's writes,
 * so the attack succeeds only if counting stops. */
static int attack_map_freeze(void)
{
	LIBBPF_OPTS(bpf_obj_get_opts, opts, .file_flags = BPF_F_RDONLY);
	int fd = bpf_obj_get_opts(PIN_DIR "/counters", &opts), ret, mem;
	long long before, after;
	char detail[128];

	if (fd < 0)
		return report_errno("counters_freeze", 1, "no read-only fd");
	ret = bpf_map_freeze(fd);
	snprintf(detail, sizeof(detail), "BPF_MAP_FREEZE:%s",
		 ret ? strerror(errno) : "succeeded");
	before = denied_total(fd);
	mem = open("/dev/mem", O_RDONLY);
	if (mem >= 0)
		close(mem);
	after = denied_total(fd);
	close(fd);
	snprintf(detail + strlen(detail), sizeof(detail) - strlen(detail),
		 " denials counted %lld -> %lld", before, after);
	return report("counters_freeze", before < 0 || after <= before, detail);
}

/* Every program by ID: only prog_raise_level may be handed out. */
static int attack_prog_by_id(void)
{
	__u32 id = 0;
	int got = 0, tried = 0;
	char detail[64];

	while (!bpf_prog_get_next_id(id, &id)) {
		struct bpf_prog_info info = { 0 };
		__u32 len = sizeof(info);
		int fd = bpf_prog_get_fd_by_id(id);

		tried++;
		if (fd < 0)
			continue;
		/* Ours are LSM programs, but for the two syscall ones whose
		 * fds are handed out; the red team's own are tracing ones. */
		if (!bpf_obj_get_info_by_fd(fd, &info, &len) &&
		    info.type == BPF_PROG_TYPE_LSM)
			got++;
		close(fd);
	}
	snprintf(detail, sizeof(detail), "%d of %d enforcing programs opened",
		 got, tried);
	return report("prog_fd_by_id", got > 0, detail);
}

/* Loads a program of @type/@attach aimed at function @func of @target. */
static int load_against(int target, const char *func, enum bpf_prog_type type,
			enum bpf_attach_type attach)
{
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);
	struct btf *btf;
	int btf_id, fd;

	if (bpf_obj_get_info_by_fd(target, &info, &len) || !info.btf_id)
		return -1;
	btf = btf__load_from_kernel_by_id(info.btf_id);
	if (!btf)
		return -1;
	btf_id = btf__find_by_name_kind(btf, func, BTF_KIND_FUNC);
	btf__free(btf);
	if (btf_id < 0)
		return -1;
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .attach_prog_fd = target,
		    .attach_btf_id = btf_id, .expected_attach_type = attach);
	fd = bpf_prog_load(type, "attack", "GPL", return_zero, 2, &opts);
	if (fd >= 0)
		close(fd);
	return fd;
}

static int attack_attach_to_raise(void)
{
	int target = bpf_obj_get(RAISE_PIN), fentry, ext;

	if (target < 0)
		return report_errno("attach_to_our_prog", 1, "no target fd");
	fentry = load_against(target, "raise_level", BPF_PROG_TYPE_TRACING,
			      BPF_TRACE_FENTRY);
	int fentry_errno = errno;
	ext = load_against(target, "raise_level", BPF_PROG_TYPE_EXT, 0);
	close(target);
	char detail[96];
	snprintf(detail, sizeof(detail), "fentry:%s freplace:%s",
		 fentry >= 0 ? "loaded" : strerror(fentry_errno),
		 ext >= 0 ? "loaded" : strerror(errno));
	return report("attach_to_our_prog", fentry >= 0 || ext >= 0, detail);
}

/* Attaches a program that answers 0 to vmlinux function @func, then
 * checks that /dev/mem is still refused: another LSM program, or fmod_ret
 * on security_locked_down() (0 means "run the original"), can only add
 * refusals, never lift ours. */
static int allow_all(const char *name, const char *func,
		     enum bpf_prog_type type, enum bpf_attach_type attach)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	int btf_id, prog, link, mem;
	char detail[128];

	btf_id = vmlinux ? btf__find_by_name_kind(vmlinux, func, BTF_KIND_FUNC)
			 : -1;
	btf__free(vmlinux);
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .attach_btf_id = btf_id,
		    .expected_attach_type = attach);
	prog = btf_id < 0 ? -1
			  : bpf_prog_load(type, "allow_all", "GPL", return_zero,
					  2, &opts);
	link = prog < 0 ? -1 : bpf_link_create(prog, 0, attach, NULL);
	mem = open("/dev/mem", O_RDONLY);
	snprintf(detail, sizeof(detail), "%s %s; /dev/mem then %s", func,
		 link >= 0 ? "attached" : "not attached",
		 mem >= 0 ? "opened" : strerror(errno));
	if (mem >= 0)
		close(mem);
	if (link >= 0)
		close(link);
	if (prog >= 0)
		close(prog);
	return report(name, mem >= 0, detail);
}

static int attack_lsm_allow_all(void)
{
	return allow_all("lsm_allow_all", "bpf_lsm_locked_down",
			 BPF_PROG_TYPE_LSM, BPF_LSM_MAC);
}

static int attack_fmod_ret(void)
{
	return allow_all("fmod_ret_allow_all", "security_locked_down",
			 BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN);
}

/* Loads a program of @type returning the 64-bit @ret on vmlinux function
 * @func: its fd, or -1 with errno set (ENOENT: the kernel has no @func). */
static int load_returning(const char *func, enum bpf_prog_type type,
			  enum bpf_attach_type attach, __u64 ret)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_LD | BPF_DW | BPF_IMM,
		  .dst_reg = BPF_REG_0,
		  .imm = (__s32)(__u32)ret },
		{ .imm = (__s32)(__u32)(ret >> 32) },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	struct btf *vmlinux = btf__load_vmlinux_btf();
	int btf_id;

	btf_id = vmlinux ? btf__find_by_name_kind(vmlinux, func, BTF_KIND_FUNC)
			 : -ENOENT;
	btf__free(vmlinux);
	if (btf_id < 0) {
		errno = ENOENT;
		return -1;
	}
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .attach_btf_id = btf_id,
		    .expected_attach_type = attach);
	return bpf_prog_load(type, "before_ours", "GPL", insns, 3, &opts);
}

/*
 * Every program that could stand before ours: fmod_ret on the security_*()
 * functions and LSM (also cgroup LSM) programs on the bpf_lsm_*() hooks
 * that self-protection and enforcement rely on, returning 1, -1 or a value
 * whose low 32 bits are 0. Each must be refused at load by our guard
 * (EPERM, before the verifier sees it); any that loads, or fails for
 * another reason, is a breach. Hooks a kernel lacks are skipped, but at
 * least one per pair must exist.
 */
static int attack_before_ours(void)
{
	static const char *const hooks[][2] = {
		{ "security_bpf_map", "bpf_lsm_bpf_map" },
		{ "security_bpf_prog", "bpf_lsm_bpf_prog" },
		{ "security_bpf", "bpf_lsm_bpf" },
		{ "security_bpf_prog_load", "bpf_lsm_bpf_prog_load" },
		{ "security_bpf_prog_alloc",
		  "bpf_lsm_bpf_prog_alloc_security" },
		{ "security_locked_down", "bpf_lsm_locked_down" },
		{ "security_inode_permission", "bpf_lsm_inode_permission" },
		{ "security_sb_umount", "bpf_lsm_sb_umount" },
	};
	static const __u64 rets[] = { 1, (__u64)-1, 1ULL << 32 };
	static const struct {
		int func; /* index in hooks[] */
		enum bpf_prog_type type;
		enum bpf_attach_type attach;
	} kinds[] = {
		{ 0, BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN },
		{ 1, BPF_PROG_TYPE_LSM, BPF_LSM_MAC },
		{ 1, BPF_PROG_TYPE_LSM, BPF_LSM_CGROUP },
	};
	int tried = 0, refused = 0, absent = 0, other = 0, loaded = 0;
	char detail[160], first[96] = "";

	for (size_t h = 0; h < sizeof(hooks) / sizeof(hooks[0]); h++) {
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			for (size_t r = 0; r < sizeof(rets) / sizeof(rets[0]);
			     r++) {
				const char *f = hooks[h][kinds[k].func];
				int fd = load_returning(f, kinds[k].type,
							kinds[k].attach,
							rets[r]);

				if (fd < 0 && errno == ENOENT) {
					absent++;
					continue;
				}
				tried++;
				if (fd < 0 && errno == EPERM) {
					refused++;
					continue;
				}
				if (fd >= 0) {
					loaded++;
					close(fd);
				} else {
					other++;
				}
				if (!first[0])
					snprintf(first, sizeof(first),
						 " first: %s %s", f,
						 fd >= 0 ? "loaded"
							 : strerror(errno));
			}
		}
	}
	snprintf(detail, sizeof(detail),
		 "tried=%d refused=%d other=%d loaded=%d absent=%d%s", tried,
		 refused, other, loaded, absent, first);
	/* 8 pairs, of which one prog_load/alloc pair is absent: at least
	 * 7 x 9 programs must have been tried. */
	return report("before_ours", loaded || other || tried < 63, detail);
}

/* fmod_ret on security_locked_down() returning a value whose low 32 bits
 * are 0: the trampoline skips every LSM (the kernel's lockdown included)
 * and the caller reads 0, "allowed". Breached when /dev/mem opens. */
static int attack_fmod_ret_dev_mem(void)
{
	int prog, link = -1, mem, load_errno;
	char detail[128];

	prog = load_returning("security_locked_down", BPF_PROG_TYPE_TRACING,
			      BPF_MODIFY_RETURN, 1ULL << 32);
	load_errno = errno;
	if (prog >= 0)
		link = bpf_link_create(prog, 0, BPF_MODIFY_RETURN, NULL);
	mem = open("/dev/mem", O_RDONLY);
	snprintf(detail, sizeof(detail), "load:%s attach:%s /dev/mem:%s",
		 prog >= 0 ? "ok" : strerror(load_errno),
		 link >= 0 ? "ok" : "no",
		 mem >= 0 ? "opened" : strerror(errno));
	if (mem >= 0)
		close(mem);
	if (link >= 0)
		close(link);
	if (prog >= 0)
		close(prog);
	return report("fmod_ret_dev_mem", mem >= 0, detail);
}

/* Loads an fmod_ret program (answering 0: it changes nothing yet) before
 * lockdown, waits until @go exists, then attaches it: an fd held from
 * before the guard. Breached when it attaches. With --attach-now it
 * attaches first and holds the link until @go exists. */
static int preload(const char *go, int attach_now)
{
	int prog, link = -1;
	char detail[96];

	prog = load_returning("security_locked_down", BPF_PROG_TYPE_TRACING,
			      BPF_MODIFY_RETURN, 0);
	if (prog < 0) {
		perror("attack: loading the fmod_ret program");
		return 2;
	}
	if (attach_now) {
		link = bpf_link_create(prog, 0, BPF_MODIFY_RETURN, NULL);
		if (link < 0) {
			perror("attack: attaching the fmod_ret program");
			return 2;
		}
	}
	printf("PRELOADED %s\n", attach_now ? "attached" : "loaded");
	fflush(stdout);
	while (access(go, F_OK))
		usleep(100000);
	if (attach_now)
		return 0;
	link = bpf_link_create(prog, 0, BPF_MODIFY_RETURN, NULL);
	snprintf(detail, sizeof(detail), "BPF_LINK_CREATE:%s",
		 link >= 0 ? "attached" : strerror(errno));
	return report("preloaded_attach", link >= 0, detail);
}

/* A map pinned among ours under a marker's name could pass for a
 * generation of ours. */
static int attack_plant_pin(void)
{
	int map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "planted", 4, 8, 1, NULL);
	int err;

	if (map < 0)
		return report_errno("plant_pin", 1, "creating a map");
	err = bpf_obj_pin(map, PIN_DIR "/build-3-0000000000000000");
	close(map);
	return report_errno("plant_pin", !err, "BPF_OBJ_PIN");
}

/* The ratchet program, run with a lower level, must not lower anything. */
static int raise_to(const char *arg)
{
	__u32 args = (__u32)atoi(arg);
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &args,
		    .ctx_size_in = sizeof(args));
	int fd = bpf_obj_get(RAISE_PIN);

	if (fd < 0 || bpf_prog_test_run_opts(fd, &opts)) {
		perror("attack: running prog_raise_level");
		return 1;
	}
	printf("%d\n", (int)opts.retval);
	return 0;
}

static int attach_returning_zero(const char *func, enum bpf_prog_type type,
				 enum bpf_attach_type attach)
{
	int prog = load_returning(func, type, attach, 0), link;

	if (prog < 0) {
		fprintf(stderr, "unrelated: loading a program on %s: %s\n",
			func, strerror(errno));
		return 1;
	}
	link = bpf_link_create(prog, 0, attach, NULL);
	if (link < 0) {
		fprintf(stderr, "unrelated: attaching a program on %s: %s\n",
			func, strerror(errno));
		close(prog);
		return 1;
	}
	close(link);
	close(prog);
	return 0;
}

/* Unrelated BPF use keeps working: load, pin, list, unpin, unlink. */
static int unrelated(void)
{
	int fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "unrelated", "GPL",
			       return_zero, 2, NULL);
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info), id = 0;
	int found = 0, map;

	if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len)) {
		perror("unrelated: loading a socket filter");
		return 1;
	}
	/* As bpftool prog show: walk IDs, open each, skip ENOENT. */
	while (!bpf_prog_get_next_id(id, &id)) {
		int pfd = bpf_prog_get_fd_by_id(id);

		if (pfd < 0 && errno != ENOENT) {
			perror("unrelated: listing programs");
			return 1;
		}
		if (pfd >= 0) {
			found |= id == info.id;
			close(pfd);
		}
	}
	if (!found) {
		fprintf(stderr, "unrelated: own program not listed\n");
		return 1;
	}
	if (bpf_obj_pin(fd, "/sys/fs/bpf/unrelated") ||
	    unlink("/sys/fs/bpf/unrelated")) {
		perror("unrelated: pinning and unpinning");
		return 1;
	}
	map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "unrelated", 4, 8, 1, NULL);
	if (map < 0 ||
	    bpf_map_update_elem(map, &(__u32){ 0 }, &(__u64){ 1 }, 0)) {
		perror("unrelated: creating and writing a map");
		return 1;
	}
	close(map);
	close(fd);
	/* Other tools' LSM programs on hooks lockdown does not use (as
	 * systemd's RestrictFileSystems= on file_open), and tracing, keep
	 * loading and attaching. */
	if (attach_returning_zero("bpf_lsm_file_open", BPF_PROG_TYPE_LSM,
				  BPF_LSM_MAC) ||
	    attach_returning_zero("security_locked_down", BPF_PROG_TYPE_TRACING,
				  BPF_TRACE_FENTRY))
		return 1;
	puts("unrelated BPF use works");
	return 0;
}

/* Runs prog_policy with @a; returns its verdict (0 or -errno). */
static int run_policy(int fd, struct lockdown_policy_args *a)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = a,
		    .ctx_size_in = sizeof(*a));

	if (bpf_prog_test_run_opts(fd, &opts))
		return -errno;
	return (int)opts.retval;
}

/* prog_policy run directly, past lockdownctl's own checks, with policies
 * weaker than the one in force in each component, and with garbage: the
 * kernel side must refuse each and change nothing. */
static int attack_policy_weaken(void)
{
	struct lockdown_policy_args cur = { .op = LOCKDOWN_POLICY_READ }, a,
				    after;
	int fd = bpf_obj_get(POLICY_PIN), breached = 0, ret;
	char detail[160] = "verdicts:";
	size_t len;

	if (fd < 0 || run_policy(fd, &cur)) {
		close(fd);
		return report_errno("policy_weaken", 1, "reading the policy");
	}
	for (int kind = 0; kind < 5; kind++) {
		a = cur;
		a.op = LOCKDOWN_POLICY_APPLY;
		if (kind == 0)
			a.level = LOCKDOWN_LEVEL_NONE;
		else if (kind == 1)
			a.mode = LOCKDOWN_MODE_AUDIT;
		else if (kind == 2)
			memset(a.actions, LOCKDOWN_ACTION_ALLOW,
			       sizeof(a.actions));
		else if (kind == 3)
			a.level = 7; /* garbage */
		else
			a.actions[3] = 9; /* garbage */
		ret = run_policy(fd, &a);
		after = (struct lockdown_policy_args){
			.op = LOCKDOWN_POLICY_READ
		};
		run_policy(fd, &after);
		if (ret != -EPERM && ret != -EINVAL)
			breached = 1;
		if (after.level != cur.level || after.mode != cur.mode ||
		    memcmp(after.actions, cur.actions, sizeof(cur.actions)))
			breached = 1;
		len = strlen(detail);
		snprintf(detail + len, sizeof(detail) - len, " %d", ret);
	}
	close(fd);
	return report("policy_weaken", breached, detail);
}

static const struct attack {
	const char *name;
	int (*run)(void);
} attacks[] = {
	{ "link_fd_by_id", attack_link_by_id },
	{ "link_pin_obj_get", attack_link_pin },
	{ "map_write_by_id", attack_map_write },
	{ "counters_pin_writable", attack_map_pin_rw },
	{ "counters_freeze", attack_map_freeze },
	{ "prog_fd_by_id", attack_prog_by_id },
	{ "attach_to_our_prog", attack_attach_to_raise },
	{ "lsm_allow_all", attack_lsm_allow_all },
	{ "fmod_ret_allow_all", attack_fmod_ret },
	{ "policy_weaken", attack_policy_weaken },
	{ "before_ours", attack_before_ours },
	{ "fmod_ret_dev_mem", attack_fmod_ret_dev_mem },
	{ "plant_pin", attack_plant_pin },
};

int main(int argc, char **argv)
{
	size_t n = sizeof(attacks) / sizeof(attacks[0]);
	int breached = 0;

	libbpf_set_print(NULL);
	if (argc == 3 && !strcmp(argv[1], "--raise-to"))
		return raise_to(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "--unrelated"))
		return unrelated();
	if (argc == 3 && !strcmp(argv[1], "--preload"))
		return preload(argv[2], 0);
	if (argc == 3 && !strcmp(argv[1], "--preattach"))
		return preload(argv[2], 1);
	for (size_t i = 0; i < n; i++) {
		int wanted = argc < 2;

		for (int a = 1; a < argc; a++)
			wanted |= !strcmp(argv[a], attacks[i].name);
		if (wanted)
			breached |= attacks[i].run();
	}
	return breached;
}
