// SPDX-License-Identifier: GPL-2.0
/*
 * One real operation per lockdown reason reachable in a QEMU x86 guest.
 * Each runs in a child process and is reported as
 *   PROBE <name> <level that should refuse it> <outcome> <detail>
 * with outcome
 *   allowed  the operation succeeded: the lockdown check let it through;
 *   refused  the kernel answered as lockdown does: EPERM, for BPF helpers
 *            a program the verifier rejects with "unknown func", for the
 *            xfrm SA key a dump with the key bytes zeroed;
 *   absent   the file to operate on does not exist (the kernel's
 *            boot-time lockdown never creates tracefs files);
 *   error    anything else: the probe did not reach its check, and
 *            proves nothing either way.
 * Each operation is chosen so that the lockdown reason it names is the
 * first and only one it asks (README, "What the tests prove"). The host
 * compares these lines between the kernel's own lockdown and lockdownctl
 * (tests/vm/probes.list declares which probes must report).
 *
 * Usage: probe [NAME...]   (default: every probe)
 *        probe --list   prints the name of every probe, one a line
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
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <linux/kexec.h>
#include <linux/perf_event.h>
#include <linux/netlink.h>
#include <linux/serial.h>
#include <linux/xfrm.h>
#include <sys/io.h>
#include <grp.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define MODULE_DIR "/lib/modules/probe"

enum outcome { ALLOWED, REFUSED, ABSENT, ERROR };

static const char *const outcome_names[] = { "allowed", "refused", "absent",
					     "error" };

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

/* An operation whose lockdown check answers EPERM: success is allowed,
 * any other error proves nothing. */
static int by_errno(struct result *r, const char *what, int ret)
{
	int err = ret < 0 ? errno : 0;

	return say(r,
		   !err		   ? ALLOWED
		   : err == EPERM  ? REFUSED
		   : err == ENOENT ? ABSENT
				   : ERROR,
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
		return say(r, ERROR, "/sys/power/state", errno);
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	/* "mem" is there whatever lockdown says: without it the file was
	 * not read. */
	r->outcome = !strstr(buf, "mem")   ? ERROR
		     : strstr(buf, "disk") ? ALLOWED
					   : REFUSED;
	snprintf(r->detail, sizeof(r->detail), "state:%.80s", buf);
	return 0;
}

/* Loads module @file (named @name once loaded) with @params, and unloads
 * it again; returns finit_module's result, with errno. */
static int load_unload(const char *file, const char *name, const char *params,
		       struct result *r)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC), ret, err;

	if (fd < 0) {
		say(r, ERROR, file, errno);
		return 1;
	}
	ret = syscall(SYS_finit_module, fd, params, 0);
	err = errno;
	close(fd);
	if (ret == 0 && syscall(SYS_delete_module, name, O_NONBLOCK)) {
		say(r, ERROR, "delete_module", errno);
		return 1;
	}
	errno = err;
	return ret;
}

static int load_module(const char *file, const char *name, struct result *r)
{
	int ret = load_unload(file, "dummy", "", r);

	if (ret <= 0)
		by_errno(r, name, ret);
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

/* A hardware parameter of the signed parport_pc: io= is refused under
 * lockdown (EPERM from parse_args), while the same module without it
 * loads, the control that nothing else refuses it. */
static int probe_module_parameters(struct result *r)
{
	const char *file = MODULE_DIR "/parport_pc.ko";
	int ret = load_unload(file, "parport_pc", "", r);

	if (ret > 0)
		return 0;
	if (ret < 0)
		return say(r, ERROR, "parport_pc without io=", errno);
	ret = load_unload(file, "parport_pc", "io=0x378", r);
	if (ret <= 0)
		by_errno(r, "parport_pc io=0x378", ret);
	return 0;
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

/* A kprobe created by perf_event_open with the kprobe PMU: the path goes
 * to __register_trace_kprobe() and its kprobes check without tracefs
 * (kprobe_events is refused first by the tracefs reason). */
static int probe_kprobes(struct result *r)
{
	struct perf_event_attr attr = { .size = sizeof(attr) };
	FILE *f = fopen("/sys/bus/event_source/devices/kprobe/type", "r");
	int type = -1, fd;

	if (!f)
		return say(r, ERROR, "kprobe pmu", errno);
	if (fscanf(f, "%d", &type) != 1)
		type = -1;
	fclose(f);
	if (type < 0)
		return say(r, ERROR, "kprobe pmu type", 0);
	attr.type = type;
	attr.config1 = (unsigned long)"vfs_read"; /* kprobe_func */
	attr.config2 = 0; /* probe_offset */
	fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
	if (fd >= 0)
		close(fd);
	return by_errno(r, "perf kprobe", fd);
}

/* Loads a kprobe program calling helper @func; the verifier refuses the
 * helper under lockdown ("unknown func"). */
static int load_bpf_helper(struct result *r, const char *what, int func,
			   const struct bpf_insn *args, int nargs)
{
	struct bpf_insn insns[16];
	static char log[65536];
	char refusal[64];
	union bpf_attr attr;
	int n = 0, fd, err, refused;

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
	attr.log_buf = (unsigned long)log;
	attr.log_size = sizeof(log);
	attr.log_level = 1;
	fd = syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd >= 0) {
		close(fd);
		return say(r, ALLOWED, what, 0);
	}
	err = errno;
	/* Under lockdown the helper is not offered to the program: "unknown
	 * func bpf_NAME#ID" (older kernels) or "program of this type cannot
	 * use helper bpf_NAME#ID". */
	log[sizeof(log) - 1] = '\0';
	snprintf(refusal, sizeof(refusal), "bpf_%s#", what);
	refused = err == EINVAL && strstr(log, refusal) &&
		  (strstr(log, "unknown func") ||
		   strstr(log, "cannot use helper"));
	return say(r, refused ? REFUSED : ERROR, what, err);
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

/* The xfrm probe's netlink request: a message and its attributes. */
struct nl_req {
	struct nlmsghdr n;
	char buf[1024];
};

static void nl_init(struct nl_req *q, int type, int flags, const void *body,
		    size_t len)
{
	memset(q, 0, sizeof(*q));
	q->n.nlmsg_len = NLMSG_LENGTH(len);
	q->n.nlmsg_type = type;
	q->n.nlmsg_flags = NLM_F_REQUEST | flags;
	memcpy(NLMSG_DATA(&q->n), body, len);
}

static void nl_attr(struct nl_req *q, int type, const void *data, size_t len)
{
	struct nlattr *a =
		(void *)((char *)&q->n + NLMSG_ALIGN(q->n.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	q->n.nlmsg_len = NLMSG_ALIGN(q->n.nlmsg_len) + NLA_ALIGN(a->nla_len);
}

/* Sends @q and waits for its acknowledgement: 0 or a negative errno. */
static int nl_ack(int s, struct nl_req *q)
{
	char buf[4096];
	struct nlmsghdr *h = (void *)buf;
	ssize_t len;

	if (send(s, &q->n, q->n.nlmsg_len, 0) < 0)
		return -errno;
	len = recv(s, buf, sizeof(buf), 0);
	if (len < 0)
		return -errno;
	if (!NLMSG_OK(h, len) || h->nlmsg_type != NLMSG_ERROR)
		return -EPROTO;
	return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
}

#define XFRM_SPI 0x4c6b
static const unsigned char xfrm_key[16] = "lockdown secret!";

/* Key attributes (XFRMA_ALG_AUTH and XFRMA_ALG_AUTH_TRUNC) of our SA in
 * one dump message: counts those that carry the key and those zeroed. */
static void xfrm_keys(struct nlmsghdr *h, int *shown, int *zeroed)
{
	struct xfrm_usersa_info *sa = NLMSG_DATA(h);
	int len = h->nlmsg_len - NLMSG_SPACE(sizeof(*sa));
	struct nlattr *a = (void *)((char *)sa + NLMSG_ALIGN(sizeof(*sa)));
	static const unsigned char zero[sizeof(xfrm_key)];

	if (h->nlmsg_type != XFRM_MSG_NEWSA || sa->id.spi != htonl(XFRM_SPI))
		return;
	for (;
	     len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= len;
	     len -= NLA_ALIGN(a->nla_len),
	     a = (void *)((char *)a + NLA_ALIGN(a->nla_len))) {
		const unsigned char *key;

		if (a->nla_type == XFRMA_ALG_AUTH)
			key = (unsigned char *)a + NLA_HDRLEN +
			      sizeof(struct xfrm_algo);
		else if (a->nla_type == XFRMA_ALG_AUTH_TRUNC)
			key = (unsigned char *)a + NLA_HDRLEN +
			      sizeof(struct xfrm_algo_auth);
		else
			continue;
		if (key + sizeof(xfrm_key) > (unsigned char *)a + a->nla_len)
			continue;
		*shown += !memcmp(key, xfrm_key, sizeof(xfrm_key));
		*zeroed += !memcmp(key, zero, sizeof(zero));
	}
}

/* Adds an AH SA with a known key through xfrm_user's netlink, dumps the
 * SAs and compares the key bytes: under lockdown the dump redacts them
 * (zeros); the dump itself succeeds either way. */
static int probe_xfrm_secret(struct result *r)
{
	struct {
		struct xfrm_algo alg;
		unsigned char key[sizeof(xfrm_key)];
	} auth;
	struct xfrm_usersa_info sa;
	struct xfrm_usersa_id id;
	struct nl_req q;
	char buf[16384];
	int s, err, shown = 0, zeroed = 0, done = 0;

	s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM);
	if (s < 0)
		return say(r, ERROR, "xfrm socket", errno);
	memset(&id, 0, sizeof(id));
	inet_pton(AF_INET, "192.0.2.1", &id.daddr.a4);
	id.spi = htonl(XFRM_SPI);
	id.family = AF_INET;
	id.proto = IPPROTO_AH;
	nl_init(&q, XFRM_MSG_DELSA, NLM_F_ACK, &id, sizeof(id));
	nl_ack(s, &q); /* left over from an earlier run, or ENOENT */

	memset(&sa, 0, sizeof(sa));
	sa.sel.family = AF_INET;
	sa.id.daddr = id.daddr;
	sa.id.spi = id.spi;
	sa.id.proto = IPPROTO_AH;
	inet_pton(AF_INET, "192.0.2.2", &sa.saddr.a4);
	sa.family = AF_INET;
	sa.mode = XFRM_MODE_TRANSPORT;
	sa.lft.soft_byte_limit = sa.lft.hard_byte_limit = XFRM_INF;
	sa.lft.soft_packet_limit = sa.lft.hard_packet_limit = XFRM_INF;
	memset(&auth, 0, sizeof(auth));
	strcpy(auth.alg.alg_name, "hmac(sha256)");
	auth.alg.alg_key_len = sizeof(xfrm_key) * 8;
	memcpy(auth.key, xfrm_key, sizeof(xfrm_key));
	nl_init(&q, XFRM_MSG_NEWSA, NLM_F_ACK, &sa, sizeof(sa));
	nl_attr(&q, XFRMA_ALG_AUTH, &auth, sizeof(auth));
	err = nl_ack(s, &q);
	if (err) {
		close(s);
		return say(r, ERROR, "XFRM_MSG_NEWSA", -err);
	}

	nl_init(&q, XFRM_MSG_GETSA, NLM_F_DUMP, &id, 0);
	if (send(s, &q.n, q.n.nlmsg_len, 0) < 0) {
		err = errno;
		goto out;
	}
	while (!done) {
		ssize_t len = recv(s, buf, sizeof(buf), 0);
		struct nlmsghdr *h = (void *)buf;

		if (len <= 0) {
			err = len < 0 ? errno : EPROTO;
			goto out;
		}
		for (; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == NLMSG_DONE) {
				done = 1;
				break;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				err = -((struct nlmsgerr *)NLMSG_DATA(h))
					       ->error;
				goto out;
			}
			xfrm_keys(h, &shown, &zeroed);
		}
	}
	err = 0;
out:
	nl_init(&q, XFRM_MSG_DELSA, NLM_F_ACK, &id, sizeof(id));
	nl_ack(s, &q);
	close(s);
	if (err)
		return say(r, ERROR, "XFRM_MSG_GETSA dump", err);
	/* Any copy of the key shown is a leak; refused when every copy is
	 * zeroed. */
	r->outcome = shown ? ALLOWED : zeroed ? REFUSED : ERROR;
	snprintf(r->detail, sizeof(r->detail), "dump:%d key shown,%d zeroed",
		 shown, zeroed);
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
	{ "module_parameters", "integrity", probe_module_parameters },
	{ "debugfs", "integrity", probe_debugfs },
	{ "bpf_write_user", "integrity", probe_bpf_write_user },
	{ "pci_config", "integrity", probe_pci_config },
	{ "tiocsserial", "integrity", probe_tiocsserial },
	{ "kcore", "confidentiality", probe_kcore },
	{ "kprobes", "confidentiality", probe_kprobes },
	{ "bpf_read_kernel", "confidentiality", probe_bpf_read_kernel },
	{ "perf_regs_intr", "confidentiality", probe_perf },
	{ "tracefs", "confidentiality", probe_tracefs },
	{ "xfrm_secret", "confidentiality", probe_xfrm_secret },
};

/* Runs a probe in a child, so that I/O privileges and the like do not
 * leak into the next one; the result comes back through a pipe. */
static void run(const struct probe *p)
{
	struct result res = { .outcome = ERROR, .detail = "no result" };
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
	if (read(pipefd[0], &res, sizeof(res)) != sizeof(res)) {
		res.outcome = ERROR;
		snprintf(res.detail, sizeof(res.detail), "probe crashed");
	}
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
	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (size_t i = 0; i < n; i++)
			puts(probes[i].name);
		return 0;
	}
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
