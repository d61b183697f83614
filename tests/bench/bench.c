// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmarks, run inside the test VM (see run-bench.sh). Each prints
 *   BENCH <metric> <baseline> <ours> <unit> <spread>
 * where baseline and ours are medians over rounds that alternate between
 * the two conditions in one boot, and spread is the relative interquartile
 * range of ours.
 *
 * Usage: bench hooks ROUNDS N    allowed path and hot paths, without
 *                                lockdown's programs, with them, and with
 *                                the floor (programs that do nothing on
 *                                the same hooks); and each hook's crossings
 *                                per operation
 *        bench refused ROUNDS N  refused /dev/mem: lockdown's programs, then
 *                                the kernel's own lockdown (raised for good)
 *        bench trivial ROUNDS    loading and attaching one trivial LSM program
 *        bench trivial-all ROUNDS  the same for each hook lockdown attaches to
 *        bench footprint         kernel memory of lockdown's maps and programs
 *        bench timed CMD...      how long CMD takes (ms)
 *        bench storm PROCS N     PROCS processes doing N refused opens each
 *        bench profile           where loading lockdown's programs goes:
 *                                BTF parse, each program's verifier time
 *                                and instructions processed, attaching
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "loader.h"
#include "lockdown.skel.h"

#define MAX_ROUNDS 64

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median and relative interquartile range of @n samples (left as they
 * are: it sorts a copy). */
static double median(const double *samples, int n, double *spread)
{
	double v[MAX_ROUNDS];

	memcpy(v, samples, n * sizeof(*v));
	qsort(v, n, sizeof(*v), cmp_double);
	if (spread)
		*spread = v[n / 2] ? (v[(3 * n) / 4] - v[n / 4]) / v[n / 2] : 0;
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One row: <tag> <metric> <baseline> <ours> ns/op <spread of ours>, tag
 * BENCH for ours, BENCH-FLOOR for the floor (see struct floor). */
static void emit(const char *tag, const char *metric, const double *base,
		 const double *ours, int n)
{
	double spread, b = median(base, n, NULL), o = median(ours, n, &spread);

	printf("%s %s %.1f %.1f ns/op %.3f\n", tag, metric, b, o, spread);
	fflush(stdout);
}

/* --- operations; each returns nanoseconds per operation over @n --- */

static const char *const tmpfile_path = "/tmp/bench-file";

static double op_open_dev_mem(long n)
{
	double t = now_ns();

	for (long i = 0; i < n; i++) {
		int fd = open("/dev/mem", O_RDONLY);

		if (fd >= 0)
			close(fd);
	}
	return (now_ns() - t) / n;
}

static double op_open_close(long n)
{
	double t = now_ns();

	for (long i = 0; i < n; i++)
		close(open(tmpfile_path, O_RDONLY));
	return (now_ns() - t) / n;
}

static double op_create_unlink(long n)
{
	double t = now_ns();

	for (long i = 0; i < n; i++) {
		close(open("/tmp/bench-new", O_CREAT | O_WRONLY, 0600));
		unlink("/tmp/bench-new");
	}
	return (now_ns() - t) / n;
}

static double op_fork_exit(long n)
{
	double t = now_ns();

	for (long i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		waitpid(pid, NULL, 0);
	}
	return (now_ns() - t) / n;
}

static double op_exec(long n)
{
	double t = now_ns();

	for (long i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			execl("/bin/true", "true", (char *)NULL);
			_exit(127);
		}
		waitpid(pid, NULL, 0);
	}
	return (now_ns() - t) / n;
}

static double op_mount_umount(long n)
{
	double t = now_ns();

	mkdir("/tmp/bench-mnt", 0700);
	for (long i = 0; i < n; i++) {
		if (mount("none", "/tmp/bench-mnt", "tmpfs", 0, NULL) ||
		    umount("/tmp/bench-mnt"))
			return -1;
	}
	return (now_ns() - t) / n;
}

static int bench_map = -1;

static double op_map_lookup(long n)
{
	__u32 key = 0;
	__u64 value;
	double t = now_ns();

	for (long i = 0; i < n; i++)
		bpf_map_lookup_elem(bench_map, &key, &value);
	return (now_ns() - t) / n;
}

/* --- lockdown's programs, loaded by the bench itself so that it can
 * attach and detach them between rounds (nothing is pinned) --- */

struct instance {
	struct lockdown_bpf *skel;
	struct bpf_link *links[LOCKDOWN_GUARD_MAX];
	int n_links;
};

/* The same loading as lockdownctl's first `set`, minus the pinning. */
static int instance_load(struct instance *in, enum lockdown_level level)
{
	memset(in, 0, sizeof(*in));
	in->skel = loader_load(level, NULL, NULL);
	return in->skel ? 0 : -1;
}

/* Attaches every LSM program, or with @core_only just the enforcement
 * (locked_down) without the self-protection hooks. */
static int instance_attach_some(struct instance *in, bool core_only)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, in->skel->obj)
	{
		if (!loader_attaches(prog) ||
		    (core_only && prog != in->skel->progs.lockdown_locked_down))
			continue;
		in->links[in->n_links] = bpf_program__attach(prog);
		if (!in->links[in->n_links++])
			return -1;
	}
	return 0;
}

static int instance_attach(struct instance *in)
{
	return instance_attach_some(in, false);
}

static void instance_detach(struct instance *in)
{
	for (int i = 0; i < in->n_links; i++)
		bpf_link__destroy(in->links[i]);
	in->n_links = 0;
}

/* --- the floor: on each hook lockdown attaches to, a program that does
 * nothing (returns 0; on locked_down, with @deny, -EPERM): what the
 * trampolines cost whatever the programs do. The hooks are read from
 * lockdown's loaded object, so the floor follows them. --- */

/* Loads a program that only returns @ret, aimed at the kernel function of
 * BTF id @btf_id: the trivial load and the floor's programs. */
static int load_nothing(enum bpf_prog_type type, enum bpf_attach_type at,
			int btf_id, int ret)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K,
		  .dst_reg = BPF_REG_0,
		  .imm = ret },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .attach_btf_id = btf_id,
		    .expected_attach_type = at);

	return bpf_prog_load(type, "nothing", "GPL", insns, 2, &opts);
}

struct floor {
	int progs[LOCKDOWN_GUARD_MAX];
	int links[LOCKDOWN_GUARD_MAX];
	const char *hooks[LOCKDOWN_GUARD_MAX];
	enum bpf_attach_type types[LOCKDOWN_GUARD_MAX];
	char names[LOCKDOWN_GUARD_MAX][64];
	int n;
};

static int floor_load(struct floor *f, struct bpf_object *obj,
		      const struct btf *btf, bool deny)
{
	struct bpf_program *prog;

	memset(f, 0, sizeof(*f));
	bpf_object__for_each_program(prog, obj)
	{
		enum bpf_attach_type at =
			bpf_program__expected_attach_type(prog);
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);
		const struct btf_type *t;
		bool deny_here;

		if (!loader_attaches(prog))
			continue;
		if (f->n == LOCKDOWN_GUARD_MAX)
			return -E2BIG;
		/* The function it is attached to, as the kernel has it. */
		if (bpf_prog_get_info_by_fd(bpf_program__fd(prog), &info,
					    &len) ||
		    !(t = btf__type_by_id(btf, info.attach_btf_id)))
			return -1;
		/* LSM hooks by their name, tracing programs by where. */
		snprintf(f->names[f->n], sizeof(f->names[f->n]), "%s%s",
			 at == BPF_TRACE_FENTRY	 ? "fentry:"
			 : at == BPF_TRACE_FEXIT ? "fexit:"
						 : "",
			 btf__name_by_offset(btf, t->name_off) +
				 (at == BPF_LSM_MAC ? 8 : 0));
		f->hooks[f->n] = f->names[f->n];
		deny_here = deny && !strcmp(f->hooks[f->n], "locked_down");
		f->types[f->n] = at;
		f->links[f->n] = -1;
		f->progs[f->n] = load_nothing(bpf_program__type(prog), at,
					      info.attach_btf_id,
					      deny_here ? -EPERM : 0);
		if (f->progs[f->n++] < 0)
			return -1;
	}
	return 0;
}

/* Every floor program, or with @core_only the one on locked_down. */
static int floor_attach(struct floor *f, bool core_only)
{
	for (int i = 0; i < f->n; i++) {
		if (core_only && strcmp(f->hooks[i], "locked_down"))
			continue;
		f->links[i] =
			bpf_link_create(f->progs[i], 0, f->types[i], NULL);
		if (f->links[i] < 0)
			return -1;
	}
	return 0;
}

static void floor_detach(struct floor *f)
{
	for (int i = 0; i < f->n; i++) {
		if (f->links[i] >= 0)
			close(f->links[i]);
		f->links[i] = -1;
	}
}

static void floor_unload(struct floor *f)
{
	floor_detach(f);
	for (int i = 0; i < f->n; i++)
		close(f->progs[i]);
	f->n = 0;
}

static __u64 run_cnt(int prog)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	return bpf_prog_get_info_by_fd(prog, &info, &len) ? 0 : info.run_cnt;
}

/* How many times per @op each hook runs (the kernel's run counts, with
 * BPF_STATS_RUN_TIME on for this pass only). */
static void crossings(struct floor *f, const char *metric, double (*op)(long),
		      long n)
{
	int stats = bpf_enable_stats(BPF_STATS_RUN_TIME);
	__u64 before[LOCKDOWN_GUARD_MAX];
	double total = 0;
	char list[1024] = "";
	size_t len = 0;

	if (stats < 0 || floor_attach(f, false)) {
		printf("BENCH-ERROR %s: cannot count hook crossings\n", metric);
		exit(1);
	}
	for (int i = 0; i < f->n; i++)
		before[i] = run_cnt(f->progs[i]);
	op(n);
	for (int i = 0; i < f->n && len < sizeof(list) - 64; i++) {
		double per = (double)(run_cnt(f->progs[i]) - before[i]) / n;

		if (per < 0.005)
			continue;
		total += per;
		len += snprintf(list + len, sizeof(list) - len, "%s%s=%.2f",
				len ? "," : "", f->hooks[i], per);
	}
	floor_detach(f);
	close(stats);
	printf("CROSSINGS %s %.2f %s\n", metric, total, len ? list : "none");
}

/* Attaching and detaching trampolines leaves work to kernel threads (RCU
 * grace periods, freeing images); with one vCPU and -icount that work
 * would be timed with the next round. Let it finish first. */
static void settle(void)
{
	usleep(200000);
}

/* One round of @op with nothing (0), lockdown's programs (1) or the
 * floor's (2) attached, after the kernel's work has settled. */
static double round_with(int which, struct instance *in, struct floor *f,
			 const char *metric, double (*op)(long), long n)
{
	double t;

	if ((which == 1 && instance_attach(in)) ||
	    (which == 2 && floor_attach(f, false))) {
		printf("BENCH-ERROR %s: cannot attach %s\n", metric,
		       which == 1 ? "lockdown's programs" : "the floor");
		exit(1);
	}
	settle();
	t = op(n);
	if (which == 1)
		instance_detach(in);
	else if (which == 2)
		floor_detach(f);
	return t;
}

/* Rounds without lockdown's programs, with them, and with the floor's,
 * each in every position of the three in turn (work a round leaves to
 * kernel threads lands on whichever comes next), then counts the hook
 * crossings of one round. */
static void interleave(struct instance *in, struct floor *f, const char *metric,
		       double (*op)(long), long n, int rounds)
{
	double t[3][MAX_ROUNDS];

	for (int r = 0; r < rounds; r++) {
		for (int k = 0; k < 3; k++) {
			int which = (r + k) % 3;

			t[which][r] = round_with(which, in, f, metric, op, n);
		}
	}
	emit("BENCH", metric, t[0], t[1], rounds);
	crossings(f, metric, op, n);
	emit("BENCH-FLOOR", metric, t[0], t[2], rounds);
}

static int bench_hooks(int rounds, long n)
{
	struct instance none, strict;
	struct btf *btf = btf__load_vmlinux_btf();
	struct floor f;

	if (instance_load(&none, LOCKDOWN_LEVEL_NONE) ||
	    instance_load(&strict, LOCKDOWN_LEVEL_CONFIDENTIALITY)) {
		puts("BENCH-ERROR hooks: cannot load lockdown's programs");
		return 1;
	}
	if (!btf || floor_load(&f, strict.skel->obj, btf, false)) {
		puts("BENCH-ERROR hooks: cannot load the floor's programs");
		return 1;
	}
	close(open(tmpfile_path, O_CREAT | O_WRONLY, 0600));
	bench_map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "bench", 4, 8, 1, NULL);
	/* Asks security_locked_down() and is allowed: level none. */
	interleave(&none, &f, "allowed_dev_mem_open", op_open_dev_mem, n,
		   rounds);
	/* Hot paths that lockdown's hooks see, at its strictest level. */
	interleave(&strict, &f, "hot_open_close", op_open_close, n, rounds);
	interleave(&strict, &f, "hot_create_unlink", op_create_unlink, n,
		   rounds);
	interleave(&strict, &f, "hot_fork_exit", op_fork_exit, n / 10, rounds);
	interleave(&strict, &f, "hot_exec", op_exec, n / 20, rounds);
	interleave(&strict, &f, "hot_mount_umount", op_mount_umount, n / 10,
		   rounds);
	interleave(&strict, &f, "hot_bpf_map_lookup", op_map_lookup, n, rounds);
	return 0;
}

/* Refused open of /dev/mem: lockdown's programs at integrity, then the
 * kernel's lockdown raised through securityfs (it cannot go back, so the
 * two are not interleaved: all of ours first). */
static int bench_refused(int rounds, long n)
{
	double base[MAX_ROUNDS], ours[MAX_ROUNDS], core[MAX_ROUNDS];
	double fl[MAX_ROUNDS], fl_core[MAX_ROUNDS];
	struct btf *btf = btf__load_vmlinux_btf();
	struct instance in;
	struct floor fo;
	FILE *f;

	if (instance_load(&in, LOCKDOWN_LEVEL_INTEGRITY)) {
		puts("BENCH-ERROR refused: cannot load lockdown's programs");
		return 1;
	}
	if (!btf || floor_load(&fo, in.skel->obj, btf, true)) {
		puts("BENCH-ERROR refused: cannot load the floor's programs");
		return 1;
	}
	/* All of lockdown's programs, then the enforcement alone; then the
	 * floor's, all and on locked_down alone (which returns -EPERM). */
	for (int pass = 0; pass < 4; pass++) {
		double *v = pass == 0	? ours
			    : pass == 1 ? core
			    : pass == 2 ? fl
					: fl_core;
		int err = pass < 2 ? instance_attach_some(&in, pass == 1)
				   : floor_attach(&fo, pass == 3);

		if (err || open("/dev/mem", O_RDONLY) >= 0) {
			puts("BENCH-ERROR refused: /dev/mem not refused by ours");
			return 1;
		}
		settle();
		for (int r = 0; r < rounds; r++)
			v[r] = op_open_dev_mem(n);
		if (pass < 2)
			instance_detach(&in);
		else
			floor_detach(&fo);
		settle();
	}
	f = fopen("/sys/kernel/security/lockdown", "w");
	if (!f || fputs("integrity", f) < 0 || fclose(f)) {
		puts("BENCH-ERROR refused: cannot raise the kernel's lockdown");
		return 1;
	}
	if (open("/dev/mem", O_RDONLY) >= 0) {
		puts("BENCH-ERROR refused: /dev/mem not refused by the kernel");
		return 1;
	}
	for (int r = 0; r < rounds; r++)
		base[r] = op_open_dev_mem(n);
	emit("BENCH", "refused_dev_mem_open", base, ours, rounds);
	emit("BENCH-FLOOR", "refused_dev_mem_open", base, fl, rounds);
	emit("BENCH", "refused_dev_mem_open_core", base, core, rounds);
	emit("BENCH-FLOOR", "refused_dev_mem_open_core", base, fl_core, rounds);
	floor_unload(&fo);
	return 0;
}

/* Finding the hook in the kernel's BTF, loading and attaching one LSM
 * program that returns 0: the floor of any BPF LSM's apply latency. */
static int bench_trivial(int rounds)
{
	double t[MAX_ROUNDS], spread, m;

	for (int r = 0; r < rounds; r++) {
		double start = now_ns();
		struct btf *btf = btf__load_vmlinux_btf();
		int id =
			btf ? btf__find_by_name_kind(btf, "bpf_lsm_locked_down",
						     BTF_KIND_FUNC)
			    : -1;
		int prog = load_nothing(BPF_PROG_TYPE_LSM, BPF_LSM_MAC, id, 0);
		int link =
			prog < 0 ? -1
				 : bpf_link_create(prog, 0, BPF_LSM_MAC, NULL);

		t[r] = (now_ns() - start) / 1e6;
		btf__free(btf);
		if (link < 0) {
			puts("BENCH-ERROR trivial: cannot load and attach");
			return 1;
		}
		close(link);
		close(prog);
	}
	m = median(t, rounds, &spread);
	printf("TRIVIAL %.2f %.3f\n", m, spread);
	return 0;
}

/* The floor of the first `set`: finding in the kernel's BTF, loading and
 * attaching a program that returns 0 on each hook lockdown attaches to,
 * one after the other (lockdown's own object is loaded first, untimed,
 * only to list them). */
static int bench_trivial_all(int rounds)
{
	double t[MAX_ROUNDS], spread, m;
	struct instance in;
	int hooks = 0;

	if (instance_load(&in, LOCKDOWN_LEVEL_INTEGRITY)) {
		puts("BENCH-ERROR trivial-all: cannot load lockdown's programs");
		return 1;
	}
	for (int r = 0; r < rounds; r++) {
		double start = now_ns();
		struct btf *btf = btf__load_vmlinux_btf();
		struct floor f;
		int err = !btf || floor_load(&f, in.skel->obj, btf, false) ||
			  floor_attach(&f, false);

		t[r] = (now_ns() - start) / 1e6;
		hooks = f.n;
		floor_unload(&f);
		btf__free(btf);
		if (err) {
			puts("BENCH-ERROR trivial-all: cannot load and attach");
			return 1;
		}
		settle();
	}
	m = median(t, rounds, &spread);
	printf("TRIVIALALL %.2f %.3f %d\n", m, spread, hooks);
	return 0;
}

/* memlock of an fd as /proc/self/fdinfo reports it (what bpftool shows). */
static long memlock(int fd)
{
	char path[64], line[128];
	long bytes = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		sscanf(line, "memlock: %ld", &bytes);
	if (f)
		fclose(f);
	return bytes;
}

static int bench_footprint(void)
{
	struct instance in;
	struct bpf_program *prog;
	struct bpf_map *map;
	long maps = 0, progs = 0;

	if (instance_load(&in, LOCKDOWN_LEVEL_NONE))
		return 1;
	bpf_object__for_each_map(map, in.skel->obj) maps +=
		memlock(bpf_map__fd(map));
	bpf_object__for_each_program(prog, in.skel->obj)
	{
		if (bpf_program__fd(prog) >= 0)
			progs += memlock(bpf_program__fd(prog));
	}
	printf("FOOTPRINT %ld %ld\n", maps, progs);
	return 0;
}

/* Runs a command and prints how long it took, fork and exec included. */
static int bench_timed(char **argv)
{
	double start = now_ns();
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(126);
		execvp(argv[0], argv);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	printf("TIMED %.2f %d\n", (now_ns() - start) / 1e6,
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}

/* PROCS processes each doing N refused opens of /dev/mem. */
static int bench_storm(int procs, long n)
{
	double start = now_ns();

	for (int p = 0; p < procs; p++) {
		if (fork() == 0) {
			op_open_dev_mem(n);
			_exit(0);
		}
	}
	while (wait(NULL) > 0)
		;
	printf("STORM %d %ld %.2f\n", procs, n, (now_ns() - start) / 1e9);
	return 0;
}

/* Pulls "verification time N usec" and "processed N insns" out of a
 * BPF_LOG_STATS log. */
static void log_stats(const char *log, long *usec, long *insns)
{
	const char *p = strstr(log, "verification time ");

	*usec = p ? atol(p + strlen("verification time ")) : -1;
	p = strstr(log, "processed ");
	*insns = p ? atol(p + strlen("processed ")) : -1;
}

#define PROFILE_LOG 4096

/* Where the first `set`'s loading goes (guest ns are instructions). */
static int bench_profile(void)
{
	static char logs[LOCKDOWN_GUARD_MAX + 8][PROFILE_LOG];
	struct lockdown_bpf *skel;
	struct bpf_program *prog;
	struct bpf_link *link;
	struct btf *btf;
	double t0, t1, t2, t3, t4;
	long usec, insns, sum = 0;
	int i = 0, err;

	t0 = now_ns();
	btf = btf__load_vmlinux_btf();
	t1 = now_ns();
	/* The programs and attach targets `set` chooses on this kernel. */
	skel = loader_open(btf);
	if (!skel)
		return 1;
	bpf_object__for_each_program(prog, skel->obj)
	{
		if (i >= LOCKDOWN_GUARD_MAX + 8)
			break;
		bpf_program__set_log_level(prog, 4);
		bpf_program__set_log_buf(prog, logs[i++], PROFILE_LOG);
	}
	t2 = now_ns();
	err = lockdown_bpf__load(skel);
	t3 = now_ns();
	if (err) {
		printf("BENCH-ERROR profile: load %d\n", err);
		/* Again with libbpf's own log, which it prints on failure. */
		lockdown_bpf__destroy(skel);
		skel = loader_open(btf);
		if (skel)
			lockdown_bpf__load(skel);
		return 1;
	}
	i = 0;
	bpf_object__for_each_program(prog, skel->obj)
	{
		if (i >= LOCKDOWN_GUARD_MAX + 8)
			break;
		log_stats(logs[i++], &usec, &insns);
		if (bpf_program__fd(prog) < 0)
			continue;
		sum += usec;
		printf("PROFILE verifier %-28s %8.2f ms %8ld insns %6zu size\n",
		       bpf_program__name(prog), usec / 1e3, insns,
		       bpf_program__insn_cnt(prog));
	}
	bpf_object__for_each_program(prog, skel->obj)
	{
		if (!loader_attaches(prog))
			continue;
		link = bpf_program__attach(prog);
		if (!link)
			return 1;
	}
	t4 = now_ns();
	printf("PROFILE btf_parse %.2f ms\n", (t1 - t0) / 1e6);
	printf("PROFILE open %.2f ms\n", (t2 - t1) / 1e6);
	printf("PROFILE load %.2f ms (verifier %.2f ms)\n", (t3 - t2) / 1e6,
	       sum / 1e3);
	printf("PROFILE attach %.2f ms\n", (t4 - t3) / 1e6);
	return 0;
}

int main(int argc, char **argv)
{
	int rounds = argc > 2 ? atoi(argv[2]) : 0;

	if (argc != 2 || strcmp(argv[1], "profile"))
		libbpf_set_print(NULL);
	if (rounds > MAX_ROUNDS)
		rounds = MAX_ROUNDS;
	if (argc == 4 && !strcmp(argv[1], "hooks"))
		return bench_hooks(rounds, atol(argv[3]));
	if (argc == 4 && !strcmp(argv[1], "refused"))
		return bench_refused(rounds, atol(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "trivial"))
		return bench_trivial(rounds);
	if (argc == 3 && !strcmp(argv[1], "trivial-all"))
		return bench_trivial_all(rounds);
	if (argc == 2 && !strcmp(argv[1], "footprint"))
		return bench_footprint();
	if (argc > 2 && !strcmp(argv[1], "timed"))
		return bench_timed(argv + 2);
	if (argc == 4 && !strcmp(argv[1], "storm"))
		return bench_storm(atoi(argv[2]), atol(argv[3]));
	if (argc == 2 && !strcmp(argv[1], "profile"))
		return bench_profile();
	fprintf(stderr, "usage: see the comment at the top of bench.c\n");
	return 2;
}
