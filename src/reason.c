// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "reason.h"

#define ENUM_PREFIX "LOCKDOWN_"

/* The kernel's lockdown_reasons[] strings, by enum name: BTF has the
 * names and numbers of a kernel, but not these words. */
static const struct {
	const char *name;
	const char *description;
} descriptions[] = {
	{ "module_signature", "unsigned module loading" },
	{ "dev_mem", "/dev/mem,kmem,port" },
	{ "efi_test", "/dev/efi_test access" },
	{ "kexec", "kexec of unsigned images" },
	{ "hibernation", "hibernation" },
	{ "pci_access", "direct PCI access" },
	{ "ioport", "raw io port access" },
	{ "msr", "raw MSR access" },
	{ "acpi_tables", "modifying ACPI tables" },
	{ "device_tree", "modifying device tree contents" },
	{ "pcmcia_cis", "direct PCMCIA CIS storage" },
	{ "tiocsserial", "reconfiguration of serial port IO" },
	{ "module_parameters", "unsafe module parameters" },
	{ "mmiotrace", "unsafe mmio" },
	{ "debugfs", "debugfs access" },
	{ "xmon_wr", "xmon write access" },
	{ "bpf_write_user", "use of bpf to write user RAM" },
	{ "dbg_write_kernel", "use of kgdb/kdb to write kernel RAM" },
	{ "rtas_error_injection", "RTAS error injection" },
	{ "xen_user_actions", "Xen guest user action" },
	{ "kcore", "/proc/kcore access" },
	{ "kprobes", "use of kprobes" },
	{ "bpf_read_kernel", "use of bpf to read kernel RAM" },
	{ "dbg_read_kernel", "use of kgdb/kdb to read kernel RAM" },
	{ "perf", "unsafe use of perf" },
	{ "tracefs", "use of tracefs" },
	{ "xmon_rw", "xmon read and write access" },
	{ "xfrm_secret", "xfrm SA secret" },
};

const char *reason_description(const char *name)
{
	for (size_t i = 0; i < sizeof(descriptions) / sizeof(descriptions[0]);
	     i++) {
		if (strcmp(descriptions[i].name, name) == 0)
			return descriptions[i].description;
	}
	return NULL;
}

static const struct btf_type *find_enum(const struct btf *btf)
{
	__s32 id =
		btf__find_by_name_kind(btf, "lockdown_reason", BTF_KIND_ENUM);

	return id < 0 ? NULL : btf__type_by_id(btf, id);
}

int reason_set_from_btf(const struct btf *btf, struct reason_set *set)
{
	const struct btf_type *t = find_enum(btf);
	const struct btf_enum *e;
	int have_integrity = 0, have_confidentiality = 0;
	__u16 n;

	memset(set, 0, sizeof(*set));
	if (!t)
		return -ENOENT;
	n = btf_vlen(t);
	e = btf_enum(t);
	for (__u16 i = 0; i < n; i++) {
		const char *name = btf__name_by_offset(btf, e[i].name_off);

		if (strcmp(name, ENUM_PREFIX "INTEGRITY_MAX") == 0) {
			set->integrity_max = e[i].val;
			have_integrity = 1;
		} else if (strcmp(name, ENUM_PREFIX "CONFIDENTIALITY_MAX") ==
			   0) {
			set->confidentiality_max = e[i].val;
			have_confidentiality = 1;
		}
	}
	if (!have_integrity || !have_confidentiality)
		return -ENOENT;

	set->reasons = calloc(n, sizeof(*set->reasons));
	if (!set->reasons)
		return -ENOMEM;
	for (__u16 i = 0; i < n; i++) {
		const char *name = btf__name_by_offset(btf, e[i].name_off);
		__u32 value = e[i].val;
		struct reason *r;

		/* Skip LOCKDOWN_NONE and the level markers: not reasons. */
		if (strncmp(name, ENUM_PREFIX, strlen(ENUM_PREFIX)) != 0 ||
		    value == 0 || value == set->integrity_max ||
		    value >= set->confidentiality_max)
			continue;
		name += strlen(ENUM_PREFIX);
		if (strlen(name) >= REASON_NAME_LEN)
			continue;
		r = &set->reasons[set->count++];
		for (size_t c = 0; name[c]; c++)
			r->name[c] = tolower((unsigned char)name[c]);
		r->value = value;
		r->level = value < set->integrity_max
				   ? LOCKDOWN_LEVEL_INTEGRITY
				   : LOCKDOWN_LEVEL_CONFIDENTIALITY;
		r->description = reason_description(r->name);
	}
	return 0;
}

int reason_set_load(struct reason_set *set)
{
	struct btf *btf = btf__load_vmlinux_btf();
	int err;

	memset(set, 0, sizeof(*set));
	if (!btf)
		return -errno;
	err = reason_set_from_btf(btf, set);
	btf__free(btf);
	return err;
}

static int read_full(int fd, void *buf, size_t size)
{
	for (size_t done = 0; done < size;) {
		ssize_t n = read(fd, (char *)buf + done, size - done);

		if (n <= 0)
			return -EIO;
		done += n;
	}
	return 0;
}

int reason_set_load_in_child(struct reason_set *set)
{
	int pipefd[2], err = 0, status;
	size_t count = 0;
	pid_t pid;

	memset(set, 0, sizeof(*set));
	if (pipe(pipefd))
		return -errno;
	pid = fork();
	if (pid < 0) {
		err = -errno;
		close(pipefd[0]);
		close(pipefd[1]);
		return err;
	}
	if (pid == 0) {
		struct reason_set child;

		close(pipefd[0]);
		if (reason_set_load(&child))
			child.count = 0;
		if (write(pipefd[1], &child, sizeof(child)) != sizeof(child) ||
		    (child.count &&
		     write(pipefd[1], child.reasons,
			   child.count * sizeof(*child.reasons)) < 0))
			_exit(1);
		_exit(0);
	}
	close(pipefd[1]);
	err = read_full(pipefd[0], set, sizeof(*set));
	count = err ? 0 : set->count;
	set->reasons = count ? calloc(count, sizeof(*set->reasons)) : NULL;
	if (count &&
	    (!set->reasons ||
	     read_full(pipefd[0], set->reasons, count * sizeof(*set->reasons))))
		err = -EIO;
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	if (err || !count) {
		reason_set_free(set);
		return err ? err : -ENOENT;
	}
	/* Pointers do not cross processes: look the words up again. */
	for (size_t i = 0; i < count; i++)
		set->reasons[i].description =
			reason_description(set->reasons[i].name);
	return 0;
}

const struct reason *reason_by_value(const struct reason_set *set, __u32 value)
{
	for (size_t i = 0; i < set->count; i++) {
		if (set->reasons[i].value == value)
			return &set->reasons[i];
	}
	return NULL;
}

const struct reason *reason_by_name(const struct reason_set *set,
				    const char *name)
{
	for (size_t i = 0; i < set->count; i++) {
		if (strcmp(set->reasons[i].name, name) == 0)
			return &set->reasons[i];
	}
	return NULL;
}

void reason_set_free(struct reason_set *set)
{
	free(set->reasons);
	memset(set, 0, sizeof(*set));
}
