// SPDX-License-Identifier: GPL-2.0
/*
 * One real operation per lockdown reason reachable in a QEMU x86 guest.
 * Each runs in a child process and is reported as
 *   PROBE <name> <level that should refuse it> allowed|refused <detail>
 * "refused" means the kernel answered as lockdown does (EPERM, or for BPF
 * helpers a program the verifier rejects); "absent" that the file to
 * operate on does not exist (the kernel's boot-time lockdown never creates
 * tracefs files); anything else means the lockdown check let the operation
 * through. The host compares these lines between the kernel's own
 * lockdown and lockdownctl.
 *
 * Usage: probe [NAME...]   (default: every probe)
 *        probe --links  prints how many BPF links exist
 *        probe --as-uid UID CMD...  runs CMD as UID (busybox cannot)
 *        probe --hold ptrace|getfd|vm_writev|mem PID
 *              takes hold of task PID one way (ptrace attach, pidfd_getfd
 *              of its fd 0, a byte written with process_vm_writev or
 *              through /proc/PID/mem), prints HOLD <way> ok|refused|failed
 *        probe --traceme DIR  forks a child that writes its pid to DIR/pid,
 *              waits for DIR/go, then asks PTRACE_TRACEME of this process
 *        probe --fork-storm WIDTH DEPTH  a tree of processes forking at
 *              once, each opening /dev/mem: prints STORM counts
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/kexec.h>
#include <linux/perf_event.h>
#include <linux/serial.h>
#include <sys/io.h>
#include <grp.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define MODULE_DIR "/lib/modules/probe"

enum outcome { ALLOWED, REFUSED, ABSENT };

static const char *const outcome_names[] = { "allowed", "refused", "absent" };

struct result {
	enum outcome outcome;
	char detail[96];
};

static int say(struct result *r, enum outcome o, const char *what, int err)
{
	r->outcome = o;
	snprintf(r->detail, sizeof(r->detail), "%s:%s", what,
		 err ? strerror(err) : "ok");
	return 0;
}

/* An operation whose lockdown check answers EPERM. */
static int by_errno(struct result *r, const char *what, int ret)
{
	int err = ret < 0 ? errno : 0;

	return say(r,
		   err == EPERM	   ? REFUSED
		   : err == ENOENT ? ABSENT
				   : ALLOWED,
		   what, err);
}

static int open_close(struct result *r, const char *path, int flags)
{
	int fd = open(path, flags);

	if (fd >= 0)
		close(fd);
	return by_errno(r, path, fd);
}

static int probe_dev_mem(struct result *r)
{
	return open_close(r, "/dev/mem", O_RDONLY);
}

static int probe_dev_port(struct result *r)
{
	return open_close(r, "/dev/port", O_RDONLY);
}

static int probe_ioperm(struct result *r)
{
	int ret = ioperm(0x80, 1, 1);

	by_errno(r, "ioperm", ret);
	if (ret == 0)
		ioperm(0x80, 1, 0);
	return 0;
}

static int probe_iopl(struct result *r)
{
	int ret = iopl(3);

	by_errno(r, "iopl", ret);
	if (ret == 0)
		iopl(0);
	return 0;
}

/* Writes IA32_TSC_AUX back with the value it holds: the lockdown check
 * comes before the write itself. */
static int probe_msr(struct result *r)
{
	const off_t tsc_aux = 0xc0000103;
	unsigned long long value = 0;
	int fd = open("/dev/cpu/0/msr", O_RDWR), ret;

	if (fd < 0)
		return by_errno(r, "open msr", fd);
	if (pread(fd, &value, sizeof(value), tsc_aux) != sizeof(value))
		value = 0;
	ret = pwrite(fd, &value, sizeof(value), tsc_aux);
	by_errno(r, "wrmsr", ret);
	close(fd);
	return 0;
}

/* No segments: unloads a (non-existent) image, after the checks. */
static int probe_kexec(struct result *r)
{
	return by_errno(
		r, "kexec_load",
		syscall(SYS_kexec_load, 0UL, 0UL, NULL, KEXEC_ARCH_DEFAULT));
}

/* Under lockdown, /sys/power/state stops offering "disk". */
static int probe_hibernation(struct result *r)
{
	char buf[128] = "";
	FILE *f = fopen("/sys/power/state", "r");

	if (!f)
		return say(r, ALLOWED, "/sys/power/state", errno);
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	r->outcome = strstr(buf, "disk") ? ALLOWED : REFUSED;
	snprintf(r->detail, sizeof(r->detail), "state:%.80s", buf);
	return 0;
}

static int load_module(const char *file, const char *name, struct result *r)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return say(r, ALLOWED, file, errno);
	ret = syscall(SYS_finit_module, fd, "", 0);
	by_errno(r, name, ret);
	close(fd);
	if (ret == 0)
		syscall(SYS_delete_module, "dummy", O_NONBLOCK);
	return 0;
}

/* Control: a module carrying Debian's signature loads at any level. */
static int probe_module_signed(struct result *r)
{
	return load_module(MODULE_DIR "/dummy.ko", "signed", r);
}

static int probe_module_unsigned(struct result *r)
{
	return load_module(MODULE_DIR "/dummy-unsigned.ko", "unsigned", r);
}

/* A writable debugfs file: opening it asks lockdown, even read-only. */
static int probe_debugfs(struct result *r)
{
	return open_close(r, "/sys/kernel/debug/fault_around_bytes", O_RDONLY);
}

static int probe_kcore(struct result *r)
{
	return open_close(r, "/proc/kcore", O_RDONLY);
}

static int probe_tracefs(struct result *r)
{
	return open_close(r, "/sys/kernel/tracing/trace", O_RDONLY);
}

static int probe_kprobes(struct result *r)
{
	static const char add[] = "p:lockdown_probe vfs_read\n";
	static const char del[] = "-:lockdown_probe\n";
	int fd = open("/sys/kernel/tracing/kprobe_events", O_WRONLY | O_APPEND);
	int ret;

	if (fd < 0)
		return by_errno(r, "open kprobe_events", fd);
	ret = write(fd, add, strlen(add));
	by_errno(r, "add kprobe", ret);
	if (ret > 0 && write(fd, del, strlen(del)) < 0)
		perror("probe: removing kprobe");
	close(fd);
	return 0;
}

/* Loads a kprobe program calling helper @func; the verifier refuses the
 * helper under lockdown ("unknown func"). */
static int load_bpf_helper(struct result *r, const char *what, int func,
			   const struct bpf_insn *args, int nargs)
{
	struct bpf_insn insns[16];
	union bpf_attr attr;
	int n = 0, fd;

	for (int i = 0; i < nargs; i++)
		insns[n++] = args[i];
	insns[n++] =
		(struct bpf_insn){ .code = BPF_JMP | BPF_CALL, .imm = func };
	insns[n++] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K,
					.dst_reg = BPF_REG_0 };
	insns[n++] = (struct bpf_insn){ .code = BPF_JMP | BPF_EXIT };

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_KPROBE;
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = n;
	attr.license = (unsigned long)"GPL";
	fd = syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd >= 0) {
		close(fd);
		return say(r, ALLOWED, what, 0);
	}
	return say(r, REFUSED, what, errno);
}

#define MOV64_REG(d, s)                                          \
	((struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_X, \
			    .dst_reg = (d),                      \
			    .src_reg = (s) })
#define MOV64_IMM(d, v)                                          \
	((struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, \
			    .dst_reg = (d),                      \
			    .imm = (v) })
#define ADD64_IMM(d, v)                                          \
	((struct bpf_insn){ .code = BPF_ALU64 | BPF_ADD | BPF_K, \
			    .dst_reg = (d),                      \
			    .imm = (v) })
#define STORE_DW_IMM(d, o, v)                                  \
	((struct bpf_insn){ .code = BPF_ST | BPF_MEM | BPF_DW, \
			    .dst_reg = (d),                    \
			    .off = (o),                        \
			    .imm = (v) })

static int probe_bpf_read_kernel(struct result *r)
{
	/* bpf_probe_read_kernel(fp - 8, 8, NULL) */
	const struct bpf_insn args[] = {
		MOV64_REG(BPF_REG_1, BPF_REG_10),
		ADD64_IMM(BPF_REG_1, -8),
		MOV64_IMM(BPF_REG_2, 8),
		MOV64_IMM(BPF_REG_3, 0),
	};

	return load_bpf_helper(r, "probe_read_kernel",
			       BPF_FUNC_probe_read_kernel, args, 4);
}

static int probe_bpf_write_user(struct result *r)
{
	/* bpf_probe_write_user(NULL, fp - 8, 8) */
	const struct bpf_insn args[] = {
		STORE_DW_IMM(BPF_REG_10, -8, 0),  MOV64_IMM(BPF_REG_1, 0),
		MOV64_REG(BPF_REG_2, BPF_REG_10), ADD64_IMM(BPF_REG_2, -8),
		MOV64_IMM(BPF_REG_3, 8),
	};

	return load_bpf_helper(r, "probe_write_user", BPF_FUNC_probe_write_user,
			       args, 5);
}

static int probe_perf(struct result *r)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_SW_CPU_CLOCK,
		.sample_period = 1000000,
		.sample_type = PERF_SAMPLE_REGS_INTR,
		.sample_regs_intr = 1, /* AX */
		.disabled = 1,
	};
	int fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);

	if (fd >= 0)
		close(fd);
	return by_errno(r, "perf_event_open", fd);
}

/* Writes back the interrupt line register of the first PCI device. */
static int probe_pci_config(struct result *r)
{
	const char *path = "/sys/bus/pci/devices/0000:00:00.0/config";
	unsigned char line;
	int fd = open(path, O_RDWR), ret;

	if (fd < 0)
		return by_errno(r, "open config", fd);
	if (pread(fd, &line, 1, 0x3c) != 1)
		line = 0;
	ret = pwrite(fd, &line, 1, 0x3c);
	by_errno(r, "config write", ret);
	close(fd);
	return 0;
}

/* Moves the IRQ of an absent legacy UART, then puts it back. */
static int probe_tiocsserial(struct result *r)
{
	struct serial_struct ss, orig;
	int fd = open("/dev/ttyS1", O_RDWR | O_NONBLOCK | O_NOCTTY), ret;

	if (fd < 0)
		return by_errno(r, "open ttyS1", fd);
	if (ioctl(fd, TIOCGSERIAL, &orig)) {
		by_errno(r, "TIOCGSERIAL", -1);
		close(fd);
		return 0;
	}
	ss = orig;
	ss.irq = orig.irq == 5 ? 7 : 5;
	ret = ioctl(fd, TIOCSSERIAL, &ss);
	by_errno(r, "TIOCSSERIAL", ret);
	if (ret == 0)
		ioctl(fd, TIOCSSERIAL, &orig);
	close(fd);
	return 0;
}

static const struct probe {
	const char *name;
	const char *level; /* the level whose lockdown refuses it */
	int (*run)(struct result *r);
} probes[] = {
	{ "dev_mem", "integrity", probe_dev_mem },
	{ "dev_port", "integrity", probe_dev_port },
	{ "ioperm", "integrity", probe_ioperm },
	{ "iopl", "integrity", probe_iopl },
	{ "msr_write", "integrity", probe_msr },
	{ "kexec_load", "integrity", probe_kexec },
	{ "hibernation", "integrity", probe_hibernation },
	{ "module_signed", "never", probe_module_signed },
	{ "module_unsigned", "integrity", probe_module_unsigned },
	{ "debugfs", "integrity", probe_debugfs },
	{ "bpf_write_user", "integrity", probe_bpf_write_user },
	{ "pci_config", "integrity", probe_pci_config },
	{ "tiocsserial", "integrity", probe_tiocsserial },
	{ "kcore", "confidentiality", probe_kcore },
	{ "kprobes", "confidentiality", probe_kprobes },
	{ "bpf_read_kernel", "confidentiality", probe_bpf_read_kernel },
	{ "perf_regs_intr", "confidentiality", probe_perf },
	{ "tracefs", "confidentiality", probe_tracefs },
};

/* Runs a probe in a child, so that I/O privileges and the like do not
 * leak into the next one; the result comes back through a pipe. */
static void run(const struct probe *p)
{
	struct result res = { .outcome = ALLOWED, .detail = "no result" };
	int pipefd[2], status;
	pid_t pid;

	if (pipe(pipefd)) {
		perror("pipe");
		exit(1);
	}
	pid = fork();
	if (pid == 0) {
		close(pipefd[0]);
		p->run(&res);
		if (write(pipefd[1], &res, sizeof(res)) != sizeof(res))
			_exit(1);
		_exit(0);
	}
	close(pipefd[1]);
	if (read(pipefd[0], &res, sizeof(res)) != sizeof(res))
		snprintf(res.detail, sizeof(res.detail), "probe crashed");
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	printf("PROBE %s %s %s %s\n", p->name, p->level,
	       outcome_names[res.outcome], res.detail);
	fflush(stdout);
}

/* Counts BPF links by ID, without opening them (lockdown's are hidden). */
static int count_links(void)
{
	union bpf_attr attr;
	int count = 0;

	memset(&attr, 0, sizeof(attr));
	while (!syscall(SYS_bpf, BPF_LINK_GET_NEXT_ID, &attr, sizeof(attr))) {
		attr.start_id = attr.next_id;
		count++;
	}
	printf("%d\n", count);
	return 0;
}

/* The lowest address of @pid's stack mapping: far below what it uses. */
static unsigned long stack_bottom(pid_t pid)
{
	char path[64], line[256];
	unsigned long start = 0, end;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "[stack]") &&
		    sscanf(line, "%lx-%lx", &start, &end) == 2)
			break;
		start = 0;
	}
	fclose(f);
	return start;
}

static int hold_result(const char *way, int ret)
{
	int err = ret < 0 ? errno : 0;

	/* /proc/PID/mem turns a refusal into EACCES. */
	printf("HOLD %s %s %s\n", way,
	       !err				 ? "ok"
	       : (err == EPERM || err == EACCES) ? "refused"
						 : "failed",
	       err ? strerror(err) : "done");
	fflush(stdout);
	return err ? 1 : 0;
}

/* One way of taking hold of another task, as a debugger or an attacker. */
static int hold(const char *way, pid_t pid)
{
	char zero = 0, path[64];
	unsigned long addr;
	int fd, ret, status;

	if (!strcmp(way, "ptrace")) {
		ret = ptrace(PTRACE_ATTACH, pid, NULL, NULL);
		if (ret == 0) {
			waitpid(pid, &status, __WALL);
			ptrace(PTRACE_DETACH, pid, NULL, NULL);
		}
		return hold_result(way, ret);
	}
	if (!strcmp(way, "getfd")) {
		int pidfd = syscall(SYS_pidfd_open, pid, 0);

		if (pidfd < 0)
			return hold_result("getfd(pidfd_open)", pidfd);
		fd = syscall(SYS_pidfd_getfd, pidfd, 0, 0);
		hold_result(way, fd);
		if (fd >= 0)
			close(fd);
		close(pidfd);
		return fd < 0;
	}
	addr = stack_bottom(pid);
	if (!addr) {
		printf("HOLD %s failed no stack mapping\n", way);
		return 2;
	}
	if (!strcmp(way, "vm_writev")) {
		struct iovec local = { &zero, 1 }, remote = { (void *)addr, 1 };

		ret = process_vm_writev(pid, &local, 1, &remote, 1, 0);
		return hold_result(way, ret);
	}
	if (!strcmp(way, "mem")) {
		snprintf(path, sizeof(path), "/proc/%d/mem", pid);
		fd = open(path, O_RDWR);
		if (fd < 0)
			return hold_result(way, fd);
		ret = pwrite(fd, &zero, 1, addr);
		close(fd);
		return hold_result(way, ret);
	}
	fprintf(stderr, "probe: unknown way '%s'\n", way);
	return 2;
}

/* A child of this process, once told to, asks to be traced by it. */
static int traceme(const char *dir)
{
	char path[256];
	pid_t pid = fork();
	int status;

	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/pid", dir);
		f = fopen(path, "w");
		if (!f) {
			perror(path);
			_exit(2);
		}
		fprintf(f, "%d\n", getpid());
		fclose(f);
		snprintf(path, sizeof(path), "%s/go", dir);
		for (int i = 0; i < 600 && access(path, F_OK); i++)
			usleep(50000);
		_exit(hold_result("traceme",
				  ptrace(PTRACE_TRACEME, 0, NULL, NULL)));
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}

/* Each process of the tree forks @width children at once; every one of
 * them opens /dev/mem and reports one byte on @out: R refused, A
 * allowed; a fork that failed F (EAGAIN), M (ENOMEM) or O. */
static void storm(int width, int depth, int out)
{
	pid_t kids[64];
	int n = 0;

	for (int i = 0; i < width && i < 64; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			char c = errno == EAGAIN   ? 'F'
				 : errno == ENOMEM ? 'M'
						   : 'O';

			if (write(out, &c, 1) != 1)
				_exit(1);
			continue;
		}
		if (pid == 0) {
			int fd = open("/dev/mem", O_RDONLY);
			char c = fd < 0 && errno == EPERM ? 'R' : 'A';

			if (fd >= 0)
				close(fd);
			if (write(out, &c, 1) != 1)
				_exit(1);
			if (depth > 1)
				storm(width, depth - 1, out);
			_exit(0);
		}
		kids[n++] = pid;
	}
	for (int i = 0; i < n; i++)
		waitpid(kids[i], NULL, 0);
}

static int fork_storm(int width, int depth)
{
	int pipefd[2], counts[256] = { 0 };
	unsigned char buf[512];
	ssize_t got;
	pid_t pid;

	if (pipe(pipefd)) {
		perror("pipe");
		return 2;
	}
	pid = fork();
	if (pid == 0) {
		close(pipefd[0]);
		storm(width, depth, pipefd[1]);
		_exit(0);
	}
	close(pipefd[1]);
	while ((got = read(pipefd[0], buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < got; i++)
			counts[buf[i]]++;
	}
	waitpid(pid, NULL, 0);
	printf("STORM descendants=%d refused=%d allowed=%d fork_failed=%d "
	       "(EAGAIN %d, ENOMEM %d, other %d)\n",
	       counts['R'] + counts['A'], counts['R'], counts['A'],
	       counts['F'] + counts['M'] + counts['O'], counts['F'],
	       counts['M'], counts['O']);
	return 0;
}

int main(int argc, char **argv)
{
	size_t n = sizeof(probes) / sizeof(probes[0]);

	if (argc == 2 && !strcmp(argv[1], "--links"))
		return count_links();
	if (argc == 4 && !strcmp(argv[1], "--hold"))
		return hold(argv[2], atoi(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "--traceme"))
		return traceme(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "--fork-storm"))
		return fork_storm(atoi(argv[2]), atoi(argv[3]));
	if (argc > 3 && !strcmp(argv[1], "--as-uid")) {
		uid_t uid = atoi(argv[2]);

		if (setgroups(0, NULL) || setgid(uid) || setuid(uid)) {
			perror("probe: dropping root");
			return 1;
		}
		execvp(argv[3], argv + 3);
		perror(argv[3]);
		return 127;
	}

	for (size_t i = 0; i < n; i++) {
		int wanted = argc < 2;

		for (int a = 1; a < argc; a++)
			wanted |= !strcmp(argv[a], probes[i].name);
		if (wanted)
			run(&probes[i]);
	}
	return 0;
}
