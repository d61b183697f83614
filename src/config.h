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
 * prefixed "warning: ").
 *
 * With @fail_closed (lockdownctl boot), an error still counts, but what
 * the line could have meant is read at its strictest instead of being
 * lost with the rest of the file, and said on a line of its own,
 * "FILE:LINE: at boot: ...":
 *   - a Level that cannot be read is confidentiality; a Mode, enforce;
 *     any other line of [Lockdown] that cannot be read (an unknown key,
 *     a syntax error, a line too long) could have been either: both;
 *   - Level and Mode outside [Lockdown] (a mistyped or missing header)
 *     are read as if in it, but only where they tighten;
 *   - an action that cannot be read for a reason this kernel has: deny;
 *   - a level that cannot be read for a valid scope path: confidentiality;
 *   - a file that exists but cannot be read (whole): Level
 *     confidentiality and Mode enforce;
 *   - what cannot be mapped at all (an unknown reason, a bad scope path,
 *     a line of [Reasons] or [Scopes] that cannot be read) is skipped.
 * A later valid assignment still replaces what a line was read as. */
struct config_ctx {
	const struct reason_set *reasons; /* names checked against these */
	FILE *err;
	unsigned int errors;
	unsigned int warnings;
	bool fail_closed;
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
