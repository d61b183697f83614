// SPDX-License-Identifier: GPL-2.0
/*
 * lockdown.conf(5) with inih. inih reads lines through our reader, so that
 * we know each line's number and see each line whole before inih does:
 * inih silently splits a line longer than its buffer into two lines and
 * cuts one at a NUL byte, and reads an indented line as the continuation
 * of the previous key. The reader refuses the first two and reports the
 * third; it also mirrors inih's few syntax rules to report every syntax
 * error where it occurs (inih's return value names only the first).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <ini.h>
#include "config.h"
#include "level.h"

#define CGROUP_MOUNT "/sys/fs/cgroup"
#define INI_SECTION_MAX 50 /* inih's MAX_SECTION and MAX_NAME */

enum line_kind {
	LINE_BLANK, /* empty, comment, or refused by the reader */
	LINE_SECTION,
	LINE_ASSIGN,
	LINE_CONTINUATION,
	LINE_BAD,
};

/* A memory buffer or a file, read byte by byte. */
struct source {
	const char *buf;
	size_t len, pos;
	FILE *file;
	int read_errno;
};

struct parser {
	struct config_ctx *ctx;
	struct policy *p;
	const char *name;
	struct source *src;
	unsigned int errors;
	unsigned int line; /* the line inih is working on */
	enum line_kind kind;
	char sep; /* '=' or ':' on a LINE_ASSIGN line */
	const char *buf; /* inih's line buffer and its size */
	size_t size;
	unsigned int first_bad; /* first line reported as a syntax error */
	/* What inih remembers between lines, mirrored: the last key, which
	 * an indented line continues, and the section. */
	char prev[INI_SECTION_MAX];
	char section[INI_SECTION_MAX];
	bool section_unknown; /* and reported */
};

static void report(struct parser *ps, bool warning, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(struct parser *ps, bool warning, const char *fmt, ...)
{
	va_list ap;

	if (warning)
		ps->ctx->warnings++;
	else
		ps->errors++;
	if (!ps->ctx->err)
		return;
	fprintf(ps->ctx->err, "%s:%u: %s", ps->name, ps->line,
		warning ? "warning: " : "");
	va_start(ap, fmt);
	vfprintf(ps->ctx->err, fmt, ap);
	va_end(ap);
	fputc('\n', ps->ctx->err);
}

static void at_boot(struct parser *ps, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* With ctx->fail_closed: what became of a line reported as an error. */
static void at_boot(struct parser *ps, const char *fmt, ...)
{
	va_list ap;

	if (!ps->ctx->err)
		return;
	fprintf(ps->ctx->err, "%s:%u: at boot: ", ps->name, ps->line);
	va_start(ap, fmt);
	vfprintf(ps->ctx->err, fmt, ap);
	va_end(ap);
	fputc('\n', ps->ctx->err);
}

static void read_strictly(struct parser *ps, const char *section,
			  const char *key);

static int source_getc(struct source *s)
{
	int c;

	if (!s->file)
		return s->pos < s->len ? (unsigned char)s->buf[s->pos++] : EOF;
	c = getc(s->file);
	if (c == EOF && ferror(s->file) && !s->read_errno)
		s->read_errno = errno ? errno : EIO;
	return c;
}

/* inih's own: the first of @chars, or an inline comment (a prefix after
 * whitespace), or the end. */
static const char *find_chars_or_comment(const char *s, const char *chars)
{
	bool was_space = false;

	while (*s && (!chars || !strchr(chars, *s)) &&
	       !(was_space && strchr(INI_INLINE_COMMENT_PREFIXES, *s))) {
		was_space = isspace((unsigned char)*s);
		s++;
	}
	return s;
}

/* @s..@end without trailing space, cut at inih's length for a name. */
static void copy_name(char *dst, const char *s, const char *end)
{
	size_t n = end - s;

	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n > INI_SECTION_MAX - 1)
		n = INI_SECTION_MAX - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static bool section_known(const char *name)
{
	return !strcmp(name, "Lockdown") || !strcmp(name, "Reasons") ||
	       !strcmp(name, "Scopes");
}

static void syntax_error(struct parser *ps, const char *what)
{
	ps->kind = LINE_BAD;
	if (!ps->first_bad)
		ps->first_bad = ps->line;
	report(ps, false, "syntax error: %s", what);
	read_strictly(ps, ps->section, "");
}

/* How inih will read @line (its rules in ini_parse_stream, r55). */
static void classify(struct parser *ps, const char *line)
{
	const char *s = line, *end;
	size_t len;

	if (ps->line == 1 && !strncmp(s, "\xef\xbb\xbf", 3))
		s += 3; /* UTF-8 BOM */
	while (isspace((unsigned char)*s))
		s++;
	if (!*s || strchr(INI_START_COMMENT_PREFIXES, *s)) {
		ps->kind = LINE_BLANK;
	} else if (ps->prev[0] && s > line) {
		ps->kind = LINE_CONTINUATION;
		report(ps, false,
		       "indented line continues the value of '%s': values are one line, and keys are not indented",
		       ps->prev);
		read_strictly(ps, ps->section, ps->prev);
	} else if (*s == '[') {
		end = find_chars_or_comment(s + 1, "]");
		if (*end != ']') {
			syntax_error(ps, "no ']' after '['");
			return;
		}
		ps->kind = LINE_SECTION;
		ps->prev[0] = '\0';
		/* Neither trimmed nor longer than inih's copy of it. */
		len = end - s - 1;
		if (len > INI_SECTION_MAX - 1)
			len = INI_SECTION_MAX - 1;
		memcpy(ps->section, s + 1, len);
		ps->section[len] = '\0';
		ps->section_unknown = !section_known(ps->section);
		if (ps->section_unknown) {
			report(ps, false,
			       "unknown section [%s] (Lockdown, Reasons or Scopes)",
			       ps->section);
			if (ps->ctx->fail_closed)
				at_boot(ps,
					"its keys are skipped, but Level and Mode, read as in [Lockdown] where they tighten");
		}
	} else {
		end = find_chars_or_comment(s, "=:");
		if (*end != '=' && *end != ':') {
			syntax_error(ps, "expected 'key = value'");
			return;
		}
		ps->kind = LINE_ASSIGN;
		ps->sep = *end;
		copy_name(ps->prev, s, end);
	}
}

/*
 * inih's fgets: one whole line per call, with its newline. A line that
 * does not fit @num, or holds a NUL byte, is reported and handed to inih
 * as an empty line, never cut into something that may read as valid.
 */
static char *reader(char *str, int num, void *stream)
{
	struct parser *ps = stream;
	size_t len = 0, cap;
	bool nul = false, newline = false;
	int c;

	if (num < 2)
		return NULL;
	cap = (size_t)num - 2; /* the newline and the NUL */
	c = source_getc(ps->src);
	if (c == EOF)
		return NULL;
	for (; c != EOF; c = source_getc(ps->src)) {
		if (c == '\n') {
			newline = true;
			break;
		}
		if (!c)
			nul = true;
		if (len < cap)
			str[len] = c;
		len++;
	}
	ps->line++;
	ps->buf = str;
	ps->size = num;
	if (len > cap || nul) {
		if (len > cap)
			report(ps, false,
			       "line too long (%zu bytes, at most %zu)", len,
			       cap);
		else
			report(ps, false, "NUL byte in line");
		read_strictly(ps, ps->section, "");
		ps->kind = LINE_BLANK;
		strcpy(str, "\n");
		return str;
	}
	if (newline)
		str[len++] = '\n';
	str[len] = '\0';
	classify(ps, str);
	return str;
}

static void lockdown_key(struct parser *ps, const char *key, const char *value)
{
	enum lockdown_level level;
	enum lockdown_mode mode;

	if (!strcmp(key, "Level")) {
		if (level_parse(value, &level)) {
			report(ps, false,
			       "invalid level '%s' (none, integrity or confidentiality)",
			       value);
			read_strictly(ps, "Lockdown", key);
		} else {
			ps->p->level = level;
		}
	} else if (!strcmp(key, "Mode")) {
		if (mode_parse(value, &mode)) {
			report(ps, false,
			       "invalid mode '%s' (enforce or audit)", value);
			read_strictly(ps, "Lockdown", key);
		} else {
			ps->p->mode = mode;
		}
	} else {
		report(ps, false,
		       "unknown key '%s' in [Lockdown] (Level or Mode)", key);
		read_strictly(ps, "Lockdown", key);
	}
}

/* At boot, Level or Mode outside [Lockdown] (under a mistyped or missing
 * header), where they tighten; a value that cannot be read is the
 * strictest. Returns false for any other key. */
static bool tighten(struct parser *ps, const char *key, const char *value)
{
	enum lockdown_level level;
	enum lockdown_mode mode;

	if (!strcmp(key, "Level")) {
		if (level_parse(value, &level))
			level = LOCKDOWN_LEVEL_CONFIDENTIALITY;
		if (level <= ps->p->level) {
			at_boot(ps, "skipped: Level = %s would not tighten",
				level_name(level));
			return true;
		}
		ps->p->level = level;
		at_boot(ps, "read as Level = %s in [Lockdown], which tightens",
			level_name(level));
		return true;
	}
	if (!strcmp(key, "Mode")) {
		if (!mode_parse(value, &mode) &&
		    mode != LOCKDOWN_MODE_ENFORCE) {
			at_boot(ps, "skipped: Mode = %s would not tighten",
				mode_name(mode));
			return true;
		}
		ps->p->mode = LOCKDOWN_MODE_ENFORCE;
		at_boot(ps, "read as Mode = enforce in [Lockdown]");
		return true;
	}
	return false;
}

static void reason_key(struct parser *ps, const char *key, const char *value)
{
	const struct reason_set *set = ps->ctx->reasons;
	bool optional = key[0] == '-';
	const char *name = key + optional;
	const struct reason *r = NULL;
	enum lockdown_action action;

	if (!*name) {
		report(ps, false, "empty reason name");
		read_strictly(ps, "Reasons", key);
		return;
	}
	if (action_parse(value, &action)) {
		report(ps, false,
		       "invalid action '%s' for reason '%s' (level, allow, audit or deny)",
		       value, name);
		read_strictly(ps, "Reasons", key);
		return;
	}
	if (set)
		r = reason_by_name(set, name);
	if (!r && optional) {
		report(ps, true,
		       "reason '%s' is not known to this kernel; skipped (optional)",
		       name);
		return;
	}
	if (!r)
		report(ps, false,
		       "unknown reason '%s' on this kernel (mark it optional with '-%s' to skip it where it is missing)",
		       name, name);
	else if (r->value >= LOCKDOWN_MAX_REASONS)
		report(ps, false,
		       "reason '%s' is number %u on this kernel, beyond the %d this build handles",
		       name, r->value, LOCKDOWN_MAX_REASONS);
	if (!r || r->value >= LOCKDOWN_MAX_REASONS)
		read_strictly(ps, "Reasons", key);
	else
		ps->p->actions[r->value] = action;
}

/* Writes @key's cgroup path relative to the cgroup2 mount, without slashes
 * at either end, to @out; or returns what is wrong with it. */
static const char *scope_path(const char *key, char *out, size_t size)
{
	const size_t mount_len = strlen(CGROUP_MOUNT);
	const char *s = key, *c, *end, *slash;
	size_t len;

	if (!*s)
		return "empty cgroup path";
	if (!strncmp(s, CGROUP_MOUNT, mount_len) &&
	    (s[mount_len] == '/' || !s[mount_len])) {
		s += mount_len;
		if (*s == '/')
			s++;
	} else if (*s == '/') {
		return "an absolute path must be under " CGROUP_MOUNT "/";
	}
	len = strlen(s);
	if (len && s[len - 1] == '/')
		len--;
	if (!len)
		return "the root cgroup is the host: set Level in [Lockdown]";
	if (len >= size)
		return "path too long";
	end = s + len;
	for (c = s; c <= end; c = slash + 1) {
		slash = memchr(c, '/', end - c);
		if (!slash)
			slash = end;
		if (slash == c)
			return "empty component ('//')";
		if ((slash - c == 1 && c[0] == '.') ||
		    (slash - c == 2 && c[0] == '.' && c[1] == '.'))
			return "'.' and '..' are not allowed";
	}
	memcpy(out, s, len);
	out[len] = '\0';
	return NULL;
}

/* Sets the scope of @path (from @key) to @level; false when there is no
 * room for it (reported). */
static bool set_scope(struct parser *ps, const char *key, const char *path,
		      enum lockdown_level level)
{
	struct policy *p = ps->p;
	struct policy_scope *s = NULL;

	for (size_t i = 0; i < p->scope_count && i < LOCKDOWN_MAX_SCOPES; i++) {
		if (!strcmp(p->scopes[i].path, path)) {
			s = &p->scopes[i];
			break;
		}
	}
	if (!s) {
		if (p->scope_count >= LOCKDOWN_MAX_SCOPES) {
			report(ps, false, "scope '%s': more than %d scopes",
			       key, LOCKDOWN_MAX_SCOPES);
			return false;
		}
		s = &p->scopes[p->scope_count++];
		memset(s, 0, sizeof(*s));
		strcpy(s->path, path);
	}
	s->level = level;
	snprintf(s->origin.file, sizeof(s->origin.file), "%s", ps->name);
	s->origin.line = ps->line;
	return true;
}

static void scope_key(struct parser *ps, const char *key, const char *value)
{
	char path[POLICY_PATH_MAX];
	enum lockdown_level level;
	const char *why;

	why = scope_path(key, path, sizeof(path));
	if (why) {
		report(ps, false, "scope '%s': %s", key, why);
		read_strictly(ps, "Scopes", key);
		return;
	}
	if (level_parse(value, &level) || level == LOCKDOWN_LEVEL_NONE) {
		report(ps, false,
		       "invalid level '%s' for scope '%s' (integrity or confidentiality)",
		       value, key);
		read_strictly(ps, "Scopes", key);
		return;
	}
	if (!set_scope(ps, key, path, level) && ps->ctx->fail_closed)
		at_boot(ps, "skipped: no room for it");
}

/*
 * At boot (ctx->fail_closed), a line of @section that was reported as an
 * error is read as the strictest thing it could have said (config.h);
 * @key is its key, "" when the line has none that could be read.
 */
static void read_strictly(struct parser *ps, const char *section,
			  const char *key)
{
	const char *name = key + (key[0] == '-');
	char path[POLICY_PATH_MAX];
	const struct reason *r;
	bool level, mode;

	if (!ps->ctx->fail_closed)
		return;
	if (!strcmp(section, "Lockdown")) {
		level = strcmp(key, "Mode") != 0;
		mode = strcmp(key, "Level") != 0;
		if (level)
			ps->p->level = LOCKDOWN_LEVEL_CONFIDENTIALITY;
		if (mode)
			ps->p->mode = LOCKDOWN_MODE_ENFORCE;
		at_boot(ps, "read as %s%s%s, the strictest it could mean",
			level ? "Level = confidentiality" : "",
			level && mode ? " and " : "",
			mode ? "Mode = enforce" : "");
		return;
	}
	if (!strcmp(section, "Reasons") && *name && ps->ctx->reasons) {
		r = reason_by_name(ps->ctx->reasons, name);
		if (r && r->value < LOCKDOWN_MAX_REASONS) {
			ps->p->actions[r->value] = LOCKDOWN_ACTION_DENY;
			at_boot(ps,
				"read as %s = deny, the strictest it could mean",
				name);
			return;
		}
	}
	if (!strcmp(section, "Scopes") && *key &&
	    !scope_path(key, path, sizeof(path))) {
		if (set_scope(ps, key, path, LOCKDOWN_LEVEL_CONFIDENTIALITY))
			at_boot(ps,
				"read as %s = confidentiality, the strictest it could mean",
				key);
		else
			at_boot(ps, "skipped: no room for it");
		return;
	}
	if (!section_known(section) && tighten(ps, key, ""))
		return;
	at_boot(ps, "skipped: it cannot be mapped to anything to enforce");
}

static int handler(void *user, const char *section, const char *name,
		   const char *value)
{
	struct parser *ps = user;
	uintptr_t at = (uintptr_t)name - (uintptr_t)ps->buf;

	if (!name || !value)
		return 1; /* a section start or a key alone, if inih says so */
	if (ps->kind != LINE_ASSIGN || at >= ps->size) {
		/* A continuation (reported), or inih disagrees with classify(). */
		if (ps->kind != LINE_CONTINUATION)
			report(ps, false, "syntax error: unexpected value '%s'",
			       value);
		return 1;
	}
	if (ps->sep != '=') {
		report(ps, false, "expected '=' after '%s', not '%c'", name,
		       ps->sep);
		read_strictly(ps, section, name);
	} else if (!*value) {
		report(ps, false, "empty value for '%s'", name);
		read_strictly(ps, section, name);
	} else if (!strcmp(section, "Lockdown")) {
		lockdown_key(ps, name, value);
	} else if (!strcmp(section, "Reasons")) {
		reason_key(ps, name, value);
	} else if (!strcmp(section, "Scopes")) {
		scope_key(ps, name, value);
	} else if (ps->section_unknown && !strcmp(section, ps->section)) {
		/* In a section already reported unknown. */
		if (ps->ctx->fail_closed)
			tighten(ps, name, value);
	} else {
		if (!*section)
			report(ps, false, "'%s' is outside of any section",
			       name);
		else
			report(ps, false, "unknown section [%s]", section);
		if (ps->ctx->fail_closed && !tighten(ps, name, value))
			at_boot(ps, "skipped: it is in no section");
	}
	/* Always go on: every error is ours to report and count. */
	return 1;
}

static unsigned int parse(struct config_ctx *ctx, const char *name,
			  struct source *src, struct policy *p)
{
	struct parser ps = { .ctx = ctx, .p = p, .name = name, .src = src };
	int first;

	first = ini_parse_stream(reader, &ps, handler, &ps);
	if (first < 0) {
		report(&ps, false, "cannot parse: out of memory");
		read_strictly(&ps, "Lockdown", "");
	} else if (first > 0 && (unsigned int)first != ps.first_bad) {
		ps.line = first;
		report(&ps, false, "syntax error");
		if (ctx->fail_closed)
			at_boot(&ps, "skipped");
	}
	ctx->errors += ps.errors;
	return ps.errors;
}

void config_defaults(struct policy *p)
{
	memset(p, 0, sizeof(*p));
	p->level = LOCKDOWN_LEVEL_NONE;
	p->mode = LOCKDOWN_MODE_ENFORCE;
	memset(p->actions, LOCKDOWN_ACTION_LEVEL, sizeof(p->actions));
}

unsigned int config_parse_buffer(struct config_ctx *ctx, const char *name,
				 const char *text, size_t len, struct policy *p)
{
	struct source src = { .buf = text, .len = text ? len : 0 };

	return parse(ctx, name, &src, p);
}

/* "PATH: message" for a file as a whole. At boot, a file that exists
 * but cannot be read (or read whole) could say anything. */
static unsigned int file_error(struct config_ctx *ctx, const char *path,
			       int err, struct policy *p)
{
	ctx->errors++;
	if (ctx->err)
		fprintf(ctx->err, "%s: cannot read: %s\n", path, strerror(err));
	if (!ctx->fail_closed || err == ENOENT)
		return 1;
	p->level = LOCKDOWN_LEVEL_CONFIDENTIALITY;
	p->mode = LOCKDOWN_MODE_ENFORCE;
	if (ctx->err)
		fprintf(ctx->err,
			"%s: at boot: read as Level = confidentiality and Mode = enforce, the strictest it could mean\n",
			path);
	return 1;
}

unsigned int config_parse_file(struct config_ctx *ctx, const char *path,
			       struct policy *p)
{
	struct source src = { 0 };
	unsigned int errors;

	src.file = fopen(path, "re");
	if (!src.file)
		return file_error(ctx, path, errno, p);
	errors = parse(ctx, path, &src, p);
	fclose(src.file);
	if (src.read_errno)
		errors += file_error(ctx, path, src.read_errno, p);
	return errors;
}

static int is_conf(const struct dirent *e)
{
	size_t n = strlen(e->d_name);

	return e->d_name[0] != '.' && n > 5 &&
	       !strcmp(e->d_name + n - 5, ".conf");
}

/* strcmp, not alphasort's strcoll: the order must not depend on locale. */
static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

unsigned int config_load(struct config_ctx *ctx, const char *path, bool dropins,
			 struct policy *p)
{
	char dir[PATH_MAX], file[PATH_MAX];
	unsigned int errors = config_parse_file(ctx, path, p);
	struct dirent **list;
	struct stat st;
	int n;

	if (!dropins)
		return errors;
	if ((size_t)snprintf(dir, sizeof(dir), "%s.d", path) >= sizeof(dir))
		return errors + file_error(ctx, path, ENAMETOOLONG, p);
	n = scandir(dir, &list, is_conf, by_name);
	if (n < 0)
		return errno == ENOENT
			       ? errors
			       : errors + file_error(ctx, dir, errno, p);
	for (int i = 0; i < n; i++) {
		if ((size_t)snprintf(file, sizeof(file), "%s/%s", dir,
				     list[i]->d_name) >= sizeof(file))
			errors += file_error(ctx, dir, ENAMETOOLONG, p);
		else if (stat(file, &st))
			errors += file_error(ctx, file, errno, p);
		else if (S_ISREG(st.st_mode))
			errors += config_parse_file(ctx, file, p);
		free(list[i]);
	}
	free(list);
	return errors;
}
