// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mounts.h"

/* One mountinfo line: ID PARENT MAJOR:MINOR ROOT POINT OPTIONS
 * [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS (proc(5)). */
static bool parse(char *line, struct mount_entry *e)
{
	unsigned int major, minor;
	char *save, *tok;
	int field = 0;

	memset(e, 0, sizeof(*e));
	if (sscanf(line, "%d %d %u:%u %*s %255s", &e->id, &e->parent, &major,
		   &minor, e->point) != 5)
		return false;
	e->dev = (major << 20) | minor;
	for (tok = strtok_r(line, " \n", &save); tok;
	     tok = strtok_r(NULL, " \n", &save), field++) {
		if (field < 6)
			continue;
		if (!strcmp(tok, "-")) {
			tok = strtok_r(NULL, " \n", &save);
			if (!tok)
				return false;
			snprintf(e->fstype, sizeof(e->fstype), "%s", tok);
			return true;
		}
		if (!strncmp(tok, "shared:", 7) || !strncmp(tok, "master:", 7))
			e->propagates = true;
	}
	return false;
}

int mounts_read(struct mount_entry *m, int max)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[1024];
	int n = 0;

	if (!f)
		return -errno;
	while (n < max && fgets(line, sizeof(line), f)) {
		if (parse(line, &m[n]))
			n++;
	}
	fclose(f);
	return n;
}

int mounts_at(const struct mount_entry *m, int n, const char *point)
{
	int at = -1;

	for (int i = 0; i < n; i++) {
		if (!strcmp(m[i].point, point))
			at = i;
	}
	return at;
}

bool mounts_in_initramfs(void)
{
	struct mount_entry *m = calloc(MOUNTS_MAX, sizeof(*m));
	int n = m ? mounts_read(m, MOUNTS_MAX) : -ENOMEM, root;
	bool initramfs;

	root = n > 0 ? mounts_at(m, n, "/") : -1;
	initramfs = root >= 0 && m[root].parent == m[root].id;
	free(m);
	return initramfs;
}
