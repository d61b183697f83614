// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include "generation.h"
#include "loader.h"
#include "lockdown_abi.h"

#define MARKER_PREFIX "build-"

/* Set by the Makefile from the BPF object (build-id.h). */
#ifndef LOCKDOWN_BUILD_ID
#define LOCKDOWN_BUILD_ID "unknown"
#endif

const char *generation_build_id(void)
{
	return LOCKDOWN_BUILD_ID;
}

const char *generation_marker(void)
{
	static char name[64];

	snprintf(name, sizeof(name), MARKER_PREFIX "%d-%s",
		 LOCKDOWN_ABI_VERSION, LOCKDOWN_BUILD_ID);
	return name;
}

/* Reads @dir's marker: its build and ABI, and whether it is this build. */
static void read_marker(const char *dir, struct generation *g)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	const char *id;

	g->own = false;
	g->abi = 0;
	g->build[0] = 0;
	while (d && (e = readdir(d))) {
		if (strncmp(e->d_name, MARKER_PREFIX, strlen(MARKER_PREFIX)))
			continue;
		g->own = !strcmp(e->d_name, generation_marker());
		g->abi = atoi(e->d_name + strlen(MARKER_PREFIX));
		id = strchr(e->d_name + strlen(MARKER_PREFIX), '-');
		snprintf(g->build, sizeof(g->build), "%s", id ? id + 1 : "");
		break;
	}
	if (d)
		closedir(d);
}

static int ask(__u32 id, enum lockdown_ours_kind kind)
{
	if (prctl(LOCKDOWN_PRCTL_OURS, (unsigned long)id, LOCKDOWN_PRCTL_MAGIC2,
		  (unsigned long)kind, 0UL) == 0)
		return -EPROTO; /* nobody answers that with success */
	if (errno == LOCKDOWN_PRCTL_TAKEN)
		return 1;
	return errno == EINVAL ? 0 : -errno;
}

int generation_ours(int fd, bool prog)
{
	struct bpf_prog_info info; /* begins with type and id, as */
	__u32 len = sizeof(info); /* bpf_map_info does */

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	return ask(info.id, prog ? LOCKDOWN_OURS_PROG : LOCKDOWN_OURS_MAP);
}

int generation_armed(void)
{
	return ask(0, LOCKDOWN_OURS_ARMED);
}

int generation_bpffs_exposed(void)
{
	return ask(0, LOCKDOWN_OURS_BPFFS_EXPOSED);
}

/* Whether the raise program pinned in @dir is the armed one's. */
static int staging_armed(const char *dir)
{
	char path[GENERATION_DIR_MAX + 32];
	int fd, ret;

	snprintf(path, sizeof(path), "%s/%s", dir, LOCKDOWN_PIN_RAISE);
	fd = bpf_obj_get(path);
	if (fd < 0)
		return -errno;
	ret = generation_ours(fd, true);
	close(fd);
	return ret;
}

/* A run killed between arming and publishing leaves an armed staging
 * directory: publish it, if its objects are the armed ones (checked by
 * the caller through the pins, as for any generation). */
static void publish_leftover(void)
{
	char dir[GENERATION_DIR_MAX];
	struct dirent *e;
	DIR *d;

	if (generation_armed() != 1)
		return;
	d = opendir(LOCKDOWN_BPFFS);
	while (d && (e = readdir(d))) {
		if (strncmp(e->d_name, LOCKDOWN_STAGING_PREFIX,
			    strlen(LOCKDOWN_STAGING_PREFIX)) ||
		    strlen(LOCKDOWN_BPFFS "/") + strlen(e->d_name) >=
			    sizeof(dir))
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", LOCKDOWN_BPFFS, e->d_name);
		/* One killed before arming is not ours to claim. */
		if (staging_armed(dir) == 1 &&
		    !loader_publish(dir, LOCKDOWN_PIN_DIR))
			break;
	}
	if (d)
		closedir(d);
}

int generation_find(struct generation *g)
{
	struct stat st;

	if (stat(LOCKDOWN_PIN_DIR, &st)) {
		if (errno != ENOENT)
			return -errno;
		publish_leftover();
		if (stat(LOCKDOWN_PIN_DIR, &st))
			return -errno;
	}
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	snprintf(g->dir, sizeof(g->dir), "%s", LOCKDOWN_PIN_DIR);
	read_marker(g->dir, g);
	return 0;
}
