// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "level.h"

static const char *const names[] = {
	[LOCKDOWN_LEVEL_NONE] = "none",
	[LOCKDOWN_LEVEL_INTEGRITY] = "integrity",
	[LOCKDOWN_LEVEL_CONFIDENTIALITY] = "confidentiality",
};

const char *level_name(enum lockdown_level level)
{
	if ((unsigned int)level > LOCKDOWN_LEVEL_MAX)
		return "unknown";
	return names[level];
}

int level_parse(const char *name, enum lockdown_level *level)
{
	for (unsigned int i = 0; i <= LOCKDOWN_LEVEL_MAX; i++) {
		if (strcmp(name, names[i]) == 0) {
			*level = i;
			return 0;
		}
	}
	return -1;
}

void level_format_line(enum lockdown_level current, char *buf, size_t size)
{
	size_t used = 0;

	if (!size)
		return;
	buf[0] = '\0';
	for (unsigned int i = 0; i <= LOCKDOWN_LEVEL_MAX && used < size; i++) {
		int n = snprintf(buf + used, size - used,
				 i == current ? "%s[%s]" : "%s%s", i ? " " : "",
				 names[i]);
		if (n < 0)
			return;
		used += n;
	}
}

int level_parse_line(const char *line, enum lockdown_level *level)
{
	const char *open = strchr(line, '['), *close;
	char word[32];
	size_t len;

	if (!open || !(close = strchr(open, ']')))
		return -1;
	len = close - open - 1;
	if (len >= sizeof(word))
		return -1;
	memcpy(word, open + 1, len);
	word[len] = '\0';
	return level_parse(word, level);
}
