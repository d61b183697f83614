// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "generation.h"
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

const char *generation_own_dir(void)
{
	static char dir[GENERATION_DIR_MAX];

	snprintf(dir, sizeof(dir), "%s-%s", LOCKDOWN_PIN_DIR,
		 LOCKDOWN_BUILD_ID);
	return dir;
}

/* Reads @dir's marker: whether it is this build's, and its ABI. */
static void read_marker(const char *dir, struct generation *g)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	g->own = false;
	g->abi = 0;
	while (d && (e = readdir(d))) {
		if (strncmp(e->d_name, MARKER_PREFIX, strlen(MARKER_PREFIX)))
			continue;
		g->own = !strcmp(e->d_name, generation_marker());
		g->abi = atoi(e->d_name + strlen(MARKER_PREFIX));
		break;
	}
	if (d)
		closedir(d);
}

int generation_find(struct generation *g)
{
	struct timespec newest = { 0 };
	struct stat st;
	struct dirent *e;
	bool found = false;
	DIR *d;

	/* Generations are LOCKDOWN_PIN_DIR and LOCKDOWN_PIN_DIR-<id>. */
	d = opendir(LOCKDOWN_BPFFS);
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		struct generation cand;

		if (strcmp(e->d_name, "lockdown") &&
		    strncmp(e->d_name, "lockdown-", 9))
			continue;
		if (!strncmp(e->d_name, "lockdown-staging-", 17) ||
		    strlen(LOCKDOWN_BPFFS "/") + strlen(e->d_name) >=
			    sizeof(cand.dir))
			continue;
		strcpy(cand.dir, LOCKDOWN_BPFFS "/");
		strcat(cand.dir, e->d_name);
		if (stat(cand.dir, &st) || !S_ISDIR(st.st_mode))
			continue;
		read_marker(cand.dir, &cand);
		if (cand.own) {
			*g = cand;
			closedir(d);
			return 0;
		}
		/* The newest generation holds the newest policy. */
		if (!found || st.st_ctim.tv_sec > newest.tv_sec ||
		    (st.st_ctim.tv_sec == newest.tv_sec &&
		     st.st_ctim.tv_nsec > newest.tv_nsec)) {
			*g = cand;
			newest = st.st_ctim;
			found = true;
		}
	}
	closedir(d);
	return found ? 0 : -ENOENT;
}
