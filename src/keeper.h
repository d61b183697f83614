/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The keeper: the pins live as long as one mount of their bpffs does. A
 * lazy unmount anywhere propagates to the initial namespace's bpffs mount
 * when /sys is shared there (systemd shares /), and the kernel unmounts by
 * propagation a mount that has no child mount staying behind. So the pin
 * directory holds LOCKDOWN_PIN_KEEP, bound onto itself (made before the
 * guard is armed, which refuses unmounting it), and the bpffs mount is
 * made private: no propagation reaches the keeper, and while it stays, the
 * bpffs mount stays (docs/threat-model.md).
 */
#ifndef KEEPER_H
#define KEEPER_H

#include <stdbool.h>

/* Makes @dir/LOCKDOWN_PIN_KEEP and binds it onto itself. */
int keeper_make(const char *dir);

struct keeper_status {
	bool found; /* the bpffs mount at LOCKDOWN_BPFFS is listed */
	bool private; /* it neither sends nor receives propagation */
	bool kept; /* the keeper is mounted on it */
};

/* What this namespace's mountinfo says of the bpffs mount. */
int keeper_status(struct keeper_status *s);

/* Outside the initramfs, in the initial mount namespace, makes the bpffs
 * mount private (systemd shares it again at switch_root) and checks that
 * the keeper holds it: -ENOTRECOVERABLE, said why, when not. 0 where it
 * does not apply (initramfs, another namespace). */
int keeper_shield(void);

#endif
