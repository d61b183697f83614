// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include "bypass.h"

static bool has(const __u32 *ids, int n, __u32 id)
{
	for (int i = 0; i < n; i++) {
		if (ids[i] == id)
			return true;
	}
	return false;
}

static const char *target_name(const struct btf *vmlinux, __u32 btf_id)
{
	const struct btf_type *t;

	if (!vmlinux || !btf_id || btf_id >= btf__type_cnt(vmlinux))
		return NULL;
	t = btf__type_by_id(vmlinux, btf_id);
	return t ? btf__name_by_offset(vmlinux, t->name_off) : NULL;
}

struct classify {
	const __u32 *hooks;
	int n_hooks;
	const struct btf *vmlinux;
};

/* Whether program @info could stand before ours: an LSM program on one of
 * our hooks, or a tracing program on a security_*() function (prog info
 * does not say fmod_ret from fentry: count both), or one whose target is
 * unknown. @attach_type is the link's, or 0 when not attached. */
static bool suspect(const struct classify *c, const struct bpf_prog_info *info,
		    __u32 attach_type, const char **target)
{
	const char *name = target_name(c->vmlinux, info->attach_btf_id);

	*target = name ? name : "?";
	if (info->type == BPF_PROG_TYPE_LSM)
		return !info->attach_btf_id ||
		       has(c->hooks, c->n_hooks, info->attach_btf_id);
	if (info->type != BPF_PROG_TYPE_TRACING)
		return false;
	if (attach_type)
		return attach_type == BPF_MODIFY_RETURN;
	return !name || !strncmp(name, "security_", 9);
}

static int prog_info(__u32 id, struct bpf_prog_info *info)
{
	__u32 len = sizeof(*info);
	int fd = bpf_prog_get_fd_by_id(id), err = 0;

	if (fd < 0)
		return -errno;
	memset(info, 0, sizeof(*info));
	if (bpf_prog_get_info_by_fd(fd, info, &len))
		err = -errno;
	close(fd);
	return err;
}

static bool still_listed(int (*next)(__u32, __u32 *), __u32 id)
{
	__u32 again;

	return !next(id - 1, &again) && again == id;
}

static void note(struct bypass_scan *out, const char *what, __u32 id,
		 const char *target)
{
	if (!out->first[0])
		snprintf(out->first, sizeof(out->first), "%s program %u on %s",
			 what, id, target);
}

int bypass_scan(const __u32 *own_progs, const __u32 *own_links, int n_own,
		const __u32 *hooks, int n_hooks, const struct btf *vmlinux,
		struct bypass_scan *out)
{
	const struct classify c = { hooks, n_hooks, vmlinux };
	struct bpf_prog_info info;
	struct bpf_link_info link;
	const char *target;
	__u32 id = 0, len;
	int fd;

	memset(out, 0, sizeof(*out));
	while (!bpf_link_get_next_id(id, &id)) {
		if (has(own_links, n_own, id))
			continue;
		fd = bpf_link_get_fd_by_id(id);
		if (fd < 0) {
			/* Still listed, yet not opened: hidden by a program of
			 * root's, not gone. What cannot be seen is taken for
			 * the worst. */
			if (still_listed(bpf_link_get_next_id, id)) {
				out->attached++;
				note(out, "hidden attached", id, "?");
			}
			continue;
		}
		len = sizeof(link);
		memset(&link, 0, sizeof(link));
		if (bpf_link_get_info_by_fd(fd, &link, &len) ||
		    prog_info(link.prog_id, &info)) {
			close(fd);
			out->attached++;
			note(out, "hidden attached", link.prog_id, "?");
			continue;
		}
		close(fd);
		if (suspect(&c, &info,
			    link.type == BPF_LINK_TYPE_TRACING
				    ? link.tracing.attach_type
				    : 0,
			    &target)) {
			out->attached++;
			note(out, "attached", link.prog_id, target);
		}
	}
	if (errno != ENOENT)
		return -errno;
	id = 0;
	while (!bpf_prog_get_next_id(id, &id)) {
		if (has(own_progs, n_own, id))
			continue;
		if (prog_info(id, &info)) {
			if (still_listed(bpf_prog_get_next_id, id)) {
				out->loaded++;
				note(out, "hidden", id, "?");
			}
			continue;
		}
		if (suspect(&c, &info, 0, &target)) {
			out->loaded++;
			note(out, "loaded", id, target);
		}
	}
	return errno == ENOENT ? 0 : -errno;
}
