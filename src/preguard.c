// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include "guarded.h"
#include "preguard.h"

#define PTRACE_MODE_ATTACH 0x02

#define INSN(c, d, s, o, i)                 \
	((struct bpf_insn){ .code = (c),    \
			    .dst_reg = (d), \
			    .src_reg = (s), \
			    .off = (o),     \
			    .imm = (i) })
#define MOV_IMM(d, i) INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define LDX(sz, d, s, o) INSN(BPF_LDX | BPF_MEM | (sz), d, s, o, 0)
#define JEQ(d, i, o) INSN(BPF_JMP | BPF_JEQ | BPF_K, d, 0, o, i)
#define JNE(d, i, o) INSN(BPF_JMP | BPF_JNE | BPF_K, d, 0, o, i)
#define EXIT() INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* The byte offset of @member in struct @type, or -1. */
static int member_offset(const struct btf *btf, const char *type,
			 const char *member)
{
	int id = btf__find_by_name_kind(btf, type, BTF_KIND_STRUCT);
	const struct btf_type *t = id > 0 ? btf__type_by_id(btf, id) : NULL;
	const struct btf_member *m = t ? btf_members(t) : NULL;

	for (int i = 0; t && i < btf_vlen(t); i++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);

		if (name && !strcmp(name, member))
			return btf_member_bit_offset(t, i) / 8;
	}
	return -1;
}

static int load_attach(struct preguard *pg, int i, const struct btf *vmlinux,
		       const char *hook, const struct bpf_insn *insns, size_t n)
{
	int btf_id = btf__find_by_name_kind(vmlinux, hook, BTF_KIND_FUNC);
	LIBBPF_OPTS(bpf_prog_load_opts, opts,
		    .expected_attach_type = BPF_LSM_MAC,
		    .attach_btf_id = btf_id > 0 ? btf_id : 0);

	if (btf_id <= 0)
		return -ENOENT;
	pg->progs[i] = bpf_prog_load(BPF_PROG_TYPE_LSM, "lockdown_pre", "GPL",
				     insns, n, &opts);
	if (pg->progs[i] < 0)
		return -errno;
	pg->links[i] = bpf_link_create(pg->progs[i], 0, BPF_LSM_MAC, NULL);
	if (pg->links[i] < 0)
		return -errno;
	pg->prog_ids[i] = guarded_id(pg->progs[i]);
	pg->link_ids[i] = guarded_id(pg->links[i]);
	return 0;
}

int preguard_attach(struct preguard *pg, const struct btf *vmlinux)
{
	int tgid = getpid(), tgid_off, err;
	/* bpf(cmd, ...): an fd by ID or by pin, for anyone but set. */
	const struct bpf_insn by_id[] = {
		LDX(BPF_DW, BPF_REG_2, BPF_REG_1, 0),
		JEQ(BPF_REG_2, BPF_MAP_GET_FD_BY_ID, 5),
		JEQ(BPF_REG_2, BPF_PROG_GET_FD_BY_ID, 4),
		JEQ(BPF_REG_2, BPF_LINK_GET_FD_BY_ID, 3),
		JEQ(BPF_REG_2, BPF_OBJ_GET, 2),
		MOV_IMM(BPF_REG_0, 0),
		EXIT(),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0,
		     BPF_FUNC_get_current_pid_tgid),
		INSN(BPF_ALU64 | BPF_RSH | BPF_K, BPF_REG_0, 0, 0, 32),
		JNE(BPF_REG_0, tgid, 2),
		MOV_IMM(BPF_REG_0, 0),
		EXIT(),
		MOV_IMM(BPF_REG_0, -EPERM),
		EXIT(),
	};
	/* ptrace_access_check(child, mode): attaching to set, by anyone. */
	struct bpf_insn hold[] = {
		LDX(BPF_DW, BPF_REG_2, BPF_REG_1, 8),
		INSN(BPF_ALU64 | BPF_AND | BPF_K, BPF_REG_2, 0, 0,
		     PTRACE_MODE_ATTACH),
		JEQ(BPF_REG_2, 0, 3),
		LDX(BPF_DW, BPF_REG_3, BPF_REG_1, 0),
		LDX(BPF_W, BPF_REG_3, BPF_REG_3, 0), /* ->tgid, below */
		JEQ(BPF_REG_3, tgid, 2),
		MOV_IMM(BPF_REG_0, 0),
		EXIT(),
		MOV_IMM(BPF_REG_0, -EPERM),
		EXIT(),
	};

	for (int i = 0; i < PREGUARD_N; i++)
		pg->progs[i] = pg->links[i] = -1;
	tgid_off = vmlinux ? member_offset(vmlinux, "task_struct", "tgid") : -1;
	if (tgid_off < 0 || tgid_off > 0x7fff)
		return -ENOENT;
	hold[4].off = tgid_off;
	err = load_attach(pg, 0, vmlinux, "bpf_lsm_bpf", by_id,
			  sizeof(by_id) / sizeof(by_id[0]));
	if (!err)
		err = load_attach(pg, 1, vmlinux, "bpf_lsm_ptrace_access_check",
				  hold, sizeof(hold) / sizeof(hold[0]));
	if (err)
		preguard_release(pg);
	return err;
}

void preguard_release(struct preguard *pg)
{
	for (int i = 0; i < PREGUARD_N; i++) {
		if (pg->links[i] >= 0)
			close(pg->links[i]);
		if (pg->progs[i] >= 0)
			close(pg->progs[i]);
		pg->links[i] = pg->progs[i] = -1;
	}
}
