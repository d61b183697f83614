/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configuration language (lockdown.conf(5)), parsed with inih:
 *
 *   [Lockdown]
 *   Level = integrity            ; none, integrity, confidentiality
 *   Mode = enforce               ; or audit
 *
 *   [Reasons]
 *   hibernation = allow          ; allow, audit, deny or level
 *   -xmon = deny                 ; "-": optional, skipped with a warning
 *                                ; on a kernel without that reason
 *   [Scopes]
 *   machine.slice = confidentiality   ; a cgroup v2 path: at least this
 *
 * Files are read in order (the main file, then its drop-ins); a later
 * assignment replaces an earlier one, as in systemd.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stdio.h>
#include "policy.h"
#include "reason.h"

#define CONFIG_FILE "/etc/lockdown/lockdown.conf"
#define CONFIG_DROPIN_DIR CONFIG_FILE ".d"

/* Messages go to @err as "FILE:LINE: ..." lines (errors, and warnings
 * prefixed "warning: "). */
struct config_ctx {
	const struct reason_set *reasons; /* names checked against these */
	FILE *err;
	unsigned int errors;
	unsigned int warnings;
};

/* Sets @p to the defaults: level none, enforce, every action LEVEL, no
 * scopes. */
void config_defaults(struct policy *p);

/* Parses @len bytes of @text as if read from @name into @p (on top of
 * what @p holds). Returns the number of errors (0: valid). Never reads
 * the filesystem: the fuzzer's entry point. */
unsigned int config_parse_buffer(struct config_ctx *ctx, const char *name,
				 const char *text, size_t len,
				 struct policy *p);

/* The same for a file. A missing file is an error. */
unsigned int config_parse_file(struct config_ctx *ctx, const char *path,
			       struct policy *p);

/* @path, then every *.conf in "@path.d/" in lexical order (when @dropins).
 * Returns the number of errors. */
unsigned int config_load(struct config_ctx *ctx, const char *path, bool dropins,
			 struct policy *p);

#endif
