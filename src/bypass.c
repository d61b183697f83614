// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include "bypass.h"
#include "lockdown_rules.h"

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

/* Whether the program of @r could stand before ours (the rule the BPF
 * side refuses them by), an LSM one on no hook the kernel says counted as
 * on ours. */
static bool suspect(const struct bypass_own *own,
		    const struct lockdown_scan_rec *r)
{
	if (r->prog_type != BPF_PROG_TYPE_TRACING &&
	    r->prog_type != BPF_PROG_TYPE_LSM)
		return false;
	return lockdown_stands_before(
		r->attach_type,
		!r->attach_btf_id ||
			has(own->hooks, own->n_hooks, r->attach_btf_id));
}

int bypass_parse(const void *buf, size_t len, __u32 kind, size_t *n)
{
	const struct lockdown_scan_rec *r = buf;
	size_t count;

	if (!len || len % sizeof(*r))
		return -EBADMSG;
	count = len / sizeof(*r) - 1;
	/* Numbered 0, 1, ...: none lost, none twice; the end repeats the
	 * last number. */
	for (size_t i = 0; i <= count; i++) {
		if (r[i].magic != LOCKDOWN_SCAN_MAGIC ||
		    r[i].kind != (i < count ? kind : LOCKDOWN_SCAN_END) ||
		    r[i].seq != (i < count ? i
				 : count   ? count - 1
					   : 0))
			return -EBADMSG;
	}
	*n = count;
	return 0;
}

/* Everything iterator program @prog writes, in a buffer of *@len bytes
 * that the caller frees. */
static int run_iter(int prog, char **buf, size_t *len)
{
	size_t size = 2048, used = 0; /* grown to 4 KiB before the first read */
	int link, fd, err = 0;
	ssize_t got;
	char *p;

	*buf = NULL;
	link = bpf_link_create(prog, 0, BPF_TRACE_ITER, NULL);
	if (link < 0)
		return -errno;
	fd = bpf_iter_create(link);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	for (;;) {
		if (size - used < 4096) {
			size *= 2;
			p = realloc(*buf, size);
			if (!p) {
				err = -ENOMEM;
				break;
			}
			*buf = p;
		}
		/* Zeroed first: a read that claims bytes it did not write
		 * leaves what cannot pass for records. */
		memset(*buf + used, 0, size - used);
		got = read(fd, *buf + used, size - used);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			err = got < 0 ? -errno : 0;
			break;
		}
		used += got;
	}
	close(fd);
out:
	close(link);
	*len = used;
	return err;
}

static void note(struct bypass_scan *out, const char *what,
		 const struct bypass_own *own,
		 const struct lockdown_scan_rec *r)
{
	const char *name = target_name(own->vmlinux, r->attach_btf_id);

	if (!out->first[0])
		snprintf(out->first, sizeof(out->first), "%s program %u on %s",
			 what, r->prog_id, name ? name : "?");
}

static int scan_one(int iter, __u32 kind, const struct bypass_own *own,
		    struct bypass_scan *out)
{
	const struct lockdown_scan_rec *r;
	size_t len = 0, n = 0;
	char *buf;
	int err;

	err = run_iter(iter, &buf, &len);
	if (!err)
		err = bypass_parse(buf, len, kind, &n);
	r = (const void *)buf;
	for (size_t i = 0; !err && i < n; i++) {
		if (kind == LOCKDOWN_SCAN_PROG) {
			if (has(own->progs, own->n, r[i].id) ||
			    !suspect(own, &r[i]))
				continue;
			out->loaded++;
			note(out, "loaded", own, &r[i]);
		} else {
			if (has(own->links, own->n, r[i].id) ||
			    !suspect(own, &r[i]))
				continue;
			out->attached++;
			note(out, "attached", own, &r[i]);
		}
	}
	free(buf);
	return err;
}

int bypass_scan(int prog_iter, int link_iter, const struct bypass_own *own,
		struct bypass_scan *out)
{
	int err;

	memset(out, 0, sizeof(*out));
	/* Links first (the message names an attached one first); a program
	 * attached meanwhile is still counted among the loaded ones. */
	err = scan_one(link_iter, LOCKDOWN_SCAN_LINK, own, out);
	if (err)
		return err;
	return scan_one(prog_iter, LOCKDOWN_SCAN_PROG, own, out);
}
