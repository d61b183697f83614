/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only kernel type lockdown.bpf.c needs, declared locally so the build
 * does not depend on any kernel's BTF. Only the names matter: libbpf
 * relocates every enumerator used with bpf_core_enum_value() against the
 * running kernel's BTF, whose numbers differ between kernel versions.
 */
#ifndef LOCKDOWN_KERNEL_TYPES_H
#define LOCKDOWN_KERNEL_TYPES_H

enum lockdown_reason {
	LOCKDOWN_NONE,
	LOCKDOWN_INTEGRITY_MAX,
	LOCKDOWN_CONFIDENTIALITY_MAX,
};

#endif
