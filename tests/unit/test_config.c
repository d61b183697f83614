// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for src/config.c: the lockdown.conf language, its messages
 * ("FILE:LINE: ...", each with the line it is about) and drop-ins.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "config.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A kernel with a few reasons, one numbered beyond what the build handles. */
static struct reason reasons[] = {
	{ "module_signature", 1, LOCKDOWN_LEVEL_INTEGRITY, NULL },
	{ "dev_mem", 2, LOCKDOWN_LEVEL_INTEGRITY, NULL },
	{ "hibernation", 5, LOCKDOWN_LEVEL_INTEGRITY, NULL },
	{ "kcore", 20, LOCKDOWN_LEVEL_CONFIDENTIALITY, NULL },
	{ "far_future", LOCKDOWN_MAX_REASONS + 3,
	  LOCKDOWN_LEVEL_CONFIDENTIALITY, NULL },
};
static const struct reason_set set = {
	.reasons = reasons,
	.count = ARRAY_SIZE(reasons),
	.integrity_max = 10,
	.confidentiality_max = LOCKDOWN_MAX_REASONS + 4,
};

/* A parse with its messages captured. */
struct run {
	struct config_ctx ctx;
	struct policy p;
	char *out;
	size_t out_size;
};

static void run_start(struct run *r)
{
	memset(r, 0, sizeof(*r));
	config_defaults(&r->p);
	r->ctx.reasons = &set;
	r->ctx.err = open_memstream(&r->out, &r->out_size);
	assert_non_null(r->ctx.err);
}

static unsigned int run_text(struct run *r, const char *name, const char *text)
{
	return config_parse_buffer(&r->ctx, name, text, strlen(text), &r->p);
}

static const char *run_output(struct run *r)
{
	assert_int_equal(fflush(r->ctx.err), 0);
	return r->out;
}

static void run_end(struct run *r)
{
	fclose(r->ctx.err);
	free(r->out);
}

/* @text has exactly one error, reported as @message, and no warning. */
static void expect_error(const char *text, const char *message)
{
	struct run r;

	run_start(&r);
	assert_int_equal(run_text(&r, "t.conf", text), 1);
	assert_int_equal(r.ctx.errors, 1);
	assert_int_equal(r.ctx.warnings, 0);
	assert_string_equal(run_output(&r), message);
	run_end(&r);
}

static void test_defaults(void **state)
{
	struct policy p;

	(void)state;
	memset(&p, 0xa5, sizeof(p));
	config_defaults(&p);
	assert_int_equal(p.level, LOCKDOWN_LEVEL_NONE);
	assert_int_equal(p.mode, LOCKDOWN_MODE_ENFORCE);
	assert_int_equal(p.scope_count, 0);
	for (size_t i = 0; i < LOCKDOWN_MAX_REASONS; i++)
		assert_int_equal(p.actions[i], LOCKDOWN_ACTION_LEVEL);
}

static const char full[] =
	"; lockdown.conf\n"
	"# both comment styles\n"
	"\n"
	"[Lockdown]\n"
	"Level = integrity   ; inline comment\n"
	"Mode=audit\n"
	"  \t\n"
	"[Reasons]\n"
	"hibernation = allow\n"
	"dev_mem = deny\n"
	"-kcore = audit\n"
	"module_signature = level\n"
	"\n"
	"[Scopes]\n"
	"machine.slice = confidentiality\n"
	"/sys/fs/cgroup/system.slice/docker.service = integrity\n";

static void test_valid_full(void **state)
{
	struct run r;

	(void)state;
	run_start(&r);
	r.p.actions[1] = LOCKDOWN_ACTION_DENY; /* "level" puts it back */
	assert_int_equal(run_text(&r, "full.conf", full), 0);
	assert_string_equal(run_output(&r), "");
	assert_int_equal(r.ctx.errors, 0);
	assert_int_equal(r.ctx.warnings, 0);
	assert_int_equal(r.p.level, LOCKDOWN_LEVEL_INTEGRITY);
	assert_int_equal(r.p.mode, LOCKDOWN_MODE_AUDIT);
	assert_int_equal(r.p.actions[5], LOCKDOWN_ACTION_ALLOW);
	assert_int_equal(r.p.actions[2], LOCKDOWN_ACTION_DENY);
	assert_int_equal(r.p.actions[20], LOCKDOWN_ACTION_AUDIT);
	assert_int_equal(r.p.actions[1], LOCKDOWN_ACTION_LEVEL);
	for (size_t i = 0; i < LOCKDOWN_MAX_REASONS; i++) {
		if (i != 1 && i != 2 && i != 5 && i != 20)
			assert_int_equal(r.p.actions[i], LOCKDOWN_ACTION_LEVEL);
	}
	assert_int_equal(r.p.scope_count, 2);
	assert_string_equal(r.p.scopes[0].path, "machine.slice");
	assert_int_equal(r.p.scopes[0].level, LOCKDOWN_LEVEL_CONFIDENTIALITY);
	assert_int_equal(r.p.scopes[0].cgroup_id, 0);
	assert_string_equal(r.p.scopes[0].origin.file, "full.conf");
	assert_int_equal(r.p.scopes[0].origin.line, 15);
	assert_string_equal(r.p.scopes[1].path, "system.slice/docker.service");
	assert_int_equal(r.p.scopes[1].level, LOCKDOWN_LEVEL_INTEGRITY);
	assert_int_equal(r.p.scopes[1].origin.line, 16);
	run_end(&r);
}

/* CRLF, a UTF-8 BOM, no final newline, indented first key: all fine. */
static void test_valid_forms(void **state)
{
	static const char *const texts[] = {
		"[Lockdown]\r\nLevel = confidentiality\r\n",
		"\xef\xbb\xbf[Lockdown]\nLevel = confidentiality\n",
		"[Lockdown]\nLevel = confidentiality",
		"[Lockdown]\n  Level = confidentiality\n",
		"  [Lockdown]  \n\tLevel\t=\tconfidentiality\t\n",
		"[Lockdown]\nLevel = none\nLevel = confidentiality\n",
		"[Lockdown]\nLevel = confidentiality\n  ; indented comment\n",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++) {
		struct run r;

		run_start(&r);
		assert_int_equal(run_text(&r, "t.conf", texts[i]), 0);
		assert_string_equal(run_output(&r), "");
		assert_int_equal(r.p.level, LOCKDOWN_LEVEL_CONFIDENTIALITY);
		run_end(&r);
	}
}

static void test_lockdown_errors(void **state)
{
	(void)state;
	expect_error(
		"[Lockdown]\nLevel = high\n",
		"t.conf:2: invalid level 'high' (none, integrity or confidentiality)\n");
	expect_error(
		"[Lockdown]\n\nLevel = Integrity\n",
		"t.conf:3: invalid level 'Integrity' (none, integrity or confidentiality)\n");
	expect_error(
		"[Lockdown]\nMode = permissive\n",
		"t.conf:2: invalid mode 'permissive' (enforce or audit)\n");
	expect_error(
		"[Lockdown]\nlevel = integrity\n",
		"t.conf:2: unknown key 'level' in [Lockdown] (Level or Mode)\n");
	expect_error(
		"[Lockdown]\nLevel = none\nLevle = integrity\n",
		"t.conf:3: unknown key 'Levle' in [Lockdown] (Level or Mode)\n");
	expect_error("[Lockdown]\nLevel =\n",
		     "t.conf:2: empty value for 'Level'\n");
	expect_error("[Lockdown]\nLevel = ; none\n",
		     "t.conf:2: empty value for 'Level'\n");
	/* An inline comment needs a space before ';'; '#' starts none. */
	expect_error(
		"[Lockdown]\nLevel = integrity;x\n",
		"t.conf:2: invalid level 'integrity;x' (none, integrity or confidentiality)\n");
	expect_error(
		"[Lockdown]\nLevel = integrity # x\n",
		"t.conf:2: invalid level 'integrity # x' (none, integrity or confidentiality)\n");
	expect_error("[Lockdown]\nLevel: integrity\n",
		     "t.conf:2: expected '=' after 'Level', not ':'\n");
	expect_error("Level = integrity\n",
		     "t.conf:1: 'Level' is outside of any section\n");
}

/* Reported once, at its header; its keys are not applied anywhere. */
static void test_unknown_section(void **state)
{
	struct run r;

	(void)state;
	run_start(&r);
	assert_int_equal(run_text(&r, "t.conf",
				  "[Lockdown]\nLevel = integrity\n"
				  "[lockdown]\nLevel = none\nMode = audit\n"
				  "[Reasons]\ndev_mem = deny\n"),
			 1);
	assert_string_equal(
		run_output(&r),
		"t.conf:3: unknown section [lockdown] (Lockdown, Reasons or Scopes)\n");
	assert_int_equal(r.p.level, LOCKDOWN_LEVEL_INTEGRITY);
	assert_int_equal(r.p.mode, LOCKDOWN_MODE_ENFORCE);
	assert_int_equal(r.p.actions[2], LOCKDOWN_ACTION_DENY);
	run_end(&r);
	expect_error(
		"[ Lockdown ]\nLevel = integrity\n",
		"t.conf:1: unknown section [ Lockdown ] (Lockdown, Reasons or Scopes)\n");
	expect_error(
		"[]\nLevel = integrity\n",
		"t.conf:1: unknown section [] (Lockdown, Reasons or Scopes)\n");
}

static void test_reason_errors(void **state)
{
	(void)state;
	expect_error(
		"[Reasons]\nnot_a_reason = deny\n",
		"t.conf:2: unknown reason 'not_a_reason' on this kernel (mark it optional with '-not_a_reason' to skip it where it is missing)\n");
	expect_error(
		"[Reasons]\ndev_mem = deny\nDev_mem = deny\n",
		"t.conf:3: unknown reason 'Dev_mem' on this kernel (mark it optional with '-Dev_mem' to skip it where it is missing)\n");
	expect_error(
		"[Reasons]\ndev_mem = block\n",
		"t.conf:2: invalid action 'block' for reason 'dev_mem' (level, allow, audit or deny)\n");
	/* Even for an optional reason this kernel lacks. */
	expect_error(
		"[Reasons]\n-xmon = Deny\n",
		"t.conf:2: invalid action 'Deny' for reason 'xmon' (level, allow, audit or deny)\n");
	expect_error("[Reasons]\n- = deny\n", "t.conf:2: empty reason name\n");
	expect_error("[Reasons]\n= deny\n", "t.conf:2: empty reason name\n");
	expect_error("[Reasons]\ndev_mem =\n",
		     "t.conf:2: empty value for 'dev_mem'\n");
	expect_error(
		"[Reasons]\nfar_future = deny\n",
		"t.conf:2: reason 'far_future' is number 131 on this kernel, beyond the 128 this build handles\n");
}

static void test_optional_reason(void **state)
{
	struct run r;

	(void)state;
	run_start(&r);
	assert_int_equal(run_text(&r, "t.conf",
				  "[Reasons]\n-xmon = deny\n-dev_mem = deny\n"),
			 0);
	assert_int_equal(r.ctx.errors, 0);
	assert_int_equal(r.ctx.warnings, 1);
	assert_string_equal(
		run_output(&r),
		"t.conf:2: warning: reason 'xmon' is not known to this kernel; skipped (optional)\n");
	assert_int_equal(r.p.actions[2], LOCKDOWN_ACTION_DENY);
	run_end(&r);
}

static void test_no_reason_set(void **state)
{
	struct run r;

	(void)state;
	run_start(&r);
	r.ctx.reasons = NULL;
	assert_int_equal(run_text(&r, "t.conf", "[Reasons]\ndev_mem = deny\n"),
			 1);
	assert_int_equal(r.p.actions[2], LOCKDOWN_ACTION_LEVEL);
	run_end(&r);
}

static void test_scope_paths(void **state)
{
	static const struct {
		const char *key, *path;
	} cases[] = {
		{ "machine.slice", "machine.slice" },
		{ "machine.slice/", "machine.slice" },
		{ "/sys/fs/cgroup/machine.slice", "machine.slice" },
		{ "/sys/fs/cgroup/system.slice/docker.service/",
		  "system.slice/docker.service" },
		{ "a.b/..c/.d", "a.b/..c/.d" },
	};
	char text[256];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct run r;

		run_start(&r);
		snprintf(text, sizeof(text), "[Scopes]\n%s = integrity\n",
			 cases[i].key);
		assert_int_equal(run_text(&r, "t.conf", text), 0);
		assert_string_equal(run_output(&r), "");
		assert_int_equal(r.p.scope_count, 1);
		assert_string_equal(r.p.scopes[0].path, cases[i].path);
		run_end(&r);
	}
}

static void test_scope_errors(void **state)
{
	(void)state;
	expect_error("[Scopes]\n= integrity\n",
		     "t.conf:2: scope '': empty cgroup path\n");
	expect_error(
		"[Scopes]\n/sys/fs/cgroup = integrity\n",
		"t.conf:2: scope '/sys/fs/cgroup': the root cgroup is the host: set Level in [Lockdown]\n");
	expect_error(
		"[Scopes]\n/sys/fs/cgroup/ = integrity\n",
		"t.conf:2: scope '/sys/fs/cgroup/': the root cgroup is the host: set Level in [Lockdown]\n");
	expect_error(
		"[Scopes]\n/ = integrity\n",
		"t.conf:2: scope '/': an absolute path must be under /sys/fs/cgroup/\n");
	expect_error(
		"[Scopes]\n/machine.slice = integrity\n",
		"t.conf:2: scope '/machine.slice': an absolute path must be under /sys/fs/cgroup/\n");
	expect_error(
		"[Scopes]\n/sys/fs/cgroupx/a = integrity\n",
		"t.conf:2: scope '/sys/fs/cgroupx/a': an absolute path must be under /sys/fs/cgroup/\n");
	expect_error(
		"[Scopes]\nmachine.slice//x = integrity\n",
		"t.conf:2: scope 'machine.slice//x': empty component ('//')\n");
	expect_error(
		"[Scopes]\nmachine.slice// = integrity\n",
		"t.conf:2: scope 'machine.slice//': empty component ('//')\n");
	expect_error(
		"[Scopes]\n/sys/fs/cgroup//x = integrity\n",
		"t.conf:2: scope '/sys/fs/cgroup//x': empty component ('//')\n");
	expect_error("[Scopes]\na/./b = integrity\n",
		     "t.conf:2: scope 'a/./b': '.' and '..' are not allowed\n");
	expect_error("[Scopes]\n../x = integrity\n",
		     "t.conf:2: scope '../x': '.' and '..' are not allowed\n");
	expect_error("[Scopes]\na/.. = integrity\n",
		     "t.conf:2: scope 'a/..': '.' and '..' are not allowed\n");
	expect_error("[Scopes]\n. = integrity\n",
		     "t.conf:2: scope '.': '.' and '..' are not allowed\n");
	expect_error(
		"[Scopes]\nmachine.slice = none\n",
		"t.conf:2: invalid level 'none' for scope 'machine.slice' (integrity or confidentiality)\n");
	expect_error(
		"[Scopes]\n\nmachine.slice = Integrity\n",
		"t.conf:3: invalid level 'Integrity' for scope 'machine.slice' (integrity or confidentiality)\n");
	expect_error("[Scopes]\nmachine.slice =\n",
		     "t.conf:2: empty value for 'machine.slice'\n");
}

/* The same cgroup, however written, is one scope: the later one. */
static void test_scope_later_wins(void **state)
{
	struct run r;

	(void)state;
	run_start(&r);
	assert_int_equal(run_text(&r, "a.conf",
				  "[Scopes]\nmachine.slice = integrity\n"
				  "system.slice = integrity\n"),
			 0);
	assert_int_equal(
		run_text(&r, "b.conf",
			 "[Scopes]\n"
			 "/sys/fs/cgroup/machine.slice/ = confidentiality\n"),
		0);
	assert_int_equal(r.p.scope_count, 2);
	assert_string_equal(r.p.scopes[0].path, "machine.slice");
	assert_int_equal(r.p.scopes[0].level, LOCKDOWN_LEVEL_CONFIDENTIALITY);
	assert_string_equal(r.p.scopes[0].origin.file, "b.conf");
	assert_int_equal(r.p.scopes[0].origin.line, 2);
	assert_string_equal(r.p.scopes[1].path, "system.slice");
	assert_string_equal(r.p.scopes[1].origin.file, "a.conf");
	assert_int_equal(r.p.scopes[1].origin.line, 3);
	run_end(&r);
}

static void test_too_many_scopes(void **state)
{
	char text[64 * (LOCKDOWN_MAX_SCOPES + 4)];
	size_t used;
	struct run r;

	(void)state;
	used = snprintf(text, sizeof(text), "[Scopes]\n");
	for (int i = 0; i <= LOCKDOWN_MAX_SCOPES; i++)
		used += snprintf(text + used, sizeof(text) - used,
				 "s%d = integrity\n", i);
	/* A full table still takes a new level for a scope it holds. */
	snprintf(text + used, sizeof(text) - used, "s0 = confidentiality\n");
	run_start(&r);
	assert_int_equal(run_text(&r, "t.conf", text), 1);
	assert_string_equal(run_output(&r),
			    "t.conf:66: scope 's64': more than 64 scopes\n");
	assert_int_equal(r.p.scope_count, LOCKDOWN_MAX_SCOPES);
	assert_string_equal(r.p.scopes[63].path, "s63");
	assert_int_equal(r.p.scopes[0].level, LOCKDOWN_LEVEL_CONFIDENTIALITY);
	assert_int_equal(r.p.scopes[0].origin.line, 67);
	run_end(&r);
}

/* A second file (a drop-in) replaces what the first one set. */
static void test_later_wins_across_buffers(void **state)
{
	struct run r;

	(void)state;
	run_start(&r);
	assert_int_equal(
		run_text(&r, "main.conf",
			 "[Lockdown]\nLevel = integrity\nMode = audit\n"
			 "[Reasons]\ndev_mem = deny\nkcore = deny\n"),
		0);
	assert_int_equal(run_text(&r, "drop.conf",
				  "[Reasons]\ndev_mem = allow\n"
				  "[Lockdown]\nLevel = confidentiality\n"),
			 0);
	assert_int_equal(r.p.level, LOCKDOWN_LEVEL_CONFIDENTIALITY);
	assert_int_equal(r.p.mode, LOCKDOWN_MODE_AUDIT);
	assert_int_equal(r.p.actions[2], LOCKDOWN_ACTION_ALLOW);
	assert_int_equal(r.p.actions[20], LOCKDOWN_ACTION_DENY);
	run_end(&r);
}

/* The return value counts one call's errors; the context all of them. */
static void test_counts_accumulate(void **state)
{
	struct run r;

	(void)state;
	run_start(&r);
	assert_int_equal(run_text(&r, "a.conf", "[Lockdown]\nLevel = x\n"), 1);
	assert_int_equal(run_text(&r, "b.conf",
				  "[Lockdown]\nMode = x\nLevel = y\n"
				  "[Reasons]\n-gone = deny\n"),
			 2);
	assert_int_equal(run_text(&r, "c.conf", "[Lockdown]\n"), 0);
	assert_int_equal(r.ctx.errors, 3);
	assert_int_equal(r.ctx.warnings, 1);
	assert_string_equal(
		run_output(&r),
		"a.conf:2: invalid level 'x' (none, integrity or confidentiality)\n"
		"b.conf:2: invalid mode 'x' (enforce or audit)\n"
		"b.conf:3: invalid level 'y' (none, integrity or confidentiality)\n"
		"b.conf:5: warning: reason 'gone' is not known to this kernel; skipped (optional)\n");
	run_end(&r);
}

/*
 * inih (Debian's, INI_MAX_LINE 200) would cut a longer line in two, the
 * first part possibly valid: refused whole, with the right line numbers
 * after it. 198 bytes and a newline are the most that fit.
 */
static void test_line_too_long(void **state)
{
	char text[512], line[300];
	struct run r;

	(void)state;
	memset(line, ' ', sizeof(line));
	memcpy(line, "Level = confidentiality", 23);
	memcpy(line + 240, "; comment", 9);
	line[249] = '\0';
	snprintf(text, sizeof(text), "[Lockdown]\n%s\nMode = x\n", line);
	run_start(&r);
	assert_int_equal(run_text(&r, "t.conf", text), 2);
	assert_string_equal(run_output(&r),
			    "t.conf:2: line too long (249 bytes, at most 198)\n"
			    "t.conf:3: invalid mode 'x' (enforce or audit)\n");
	assert_int_equal(r.p.level, LOCKDOWN_LEVEL_NONE);
	run_end(&r);

	/* The limit itself. */
	line[198] = '\0';
	snprintf(text, sizeof(text), "[Lockdown]\n%s\n", line);
	run_start(&r);
	assert_int_equal(run_text(&r, "t.conf", text), 0);
	assert_int_equal(r.p.level, LOCKDOWN_LEVEL_CONFIDENTIALITY);
	run_end(&r);
	line[198] = ' ';
	line[199] = '\0';
	snprintf(text, sizeof(text), "[Lockdown]\n%s", line);
	expect_error(text,
		     "t.conf:2: line too long (199 bytes, at most 198)\n");
}

/* inih would read a line only up to a NUL byte. */
static void test_nul_byte(void **state)
{
	static const char text[] = "[Lockdown]\nLevel = integrity\0junk\n"
				   "Mode = audit\n";
	struct run r;

	(void)state;
	run_start(&r);
	assert_int_equal(config_parse_buffer(&r.ctx, "t.conf", text,
					     sizeof(text) - 1, &r.p),
			 1);
	assert_string_equal(run_output(&r), "t.conf:2: NUL byte in line\n");
	assert_int_equal(r.p.level, LOCKDOWN_LEVEL_NONE);
	assert_int_equal(r.p.mode, LOCKDOWN_MODE_AUDIT);
	run_end(&r);
}

/* Every syntax error inih sees, not only the first it returns. */
static void test_syntax_errors(void **state)
{
	struct run r;

	(void)state;
	run_start(&r);
	assert_int_equal(run_text(&r, "t.conf",
				  "[Lockdown]\nLevel integrity\n[Reasons\n"
				  "Mode = audit\n[Scopes ; ]\n"),
			 3);
	assert_string_equal(run_output(&r),
			    "t.conf:2: syntax error: expected 'key = value'\n"
			    "t.conf:3: syntax error: no ']' after '['\n"
			    "t.conf:5: syntax error: no ']' after '['\n");
	assert_int_equal(r.p.mode, LOCKDOWN_MODE_AUDIT);
	run_end(&r);
	expect_error("[Lockdown]\nLevel ; = integrity\n",
		     "t.conf:2: syntax error: expected 'key = value'\n");
	/* A BOM is a BOM on the first line only. */
	expect_error("[Lockdown]\n\xef\xbb\xbf\n",
		     "t.conf:2: syntax error: expected 'key = value'\n");
}

/* inih reads an indented line as more of the previous value. */
static void test_continuation(void **state)
{
	struct run r;

	(void)state;
	run_start(&r);
	assert_int_equal(run_text(&r, "t.conf",
				  "[Lockdown]\nLevel = integrity\n"
				  "   confidentiality\n  Mode = audit\n"),
			 2);
	assert_string_equal(
		run_output(&r),
		"t.conf:3: indented line continues the value of 'Level': values are one line, and keys are not indented\n"
		"t.conf:4: indented line continues the value of 'Level': values are one line, and keys are not indented\n");
	assert_int_equal(r.p.level, LOCKDOWN_LEVEL_INTEGRITY);
	assert_int_equal(r.p.mode, LOCKDOWN_MODE_ENFORCE);
	run_end(&r);
	/* Right after a section header, an indented key is a key. */
	expect_error(
		"[Lockdown]\n  Level = integrity\n[Reasons]\n  x = deny\n",
		"t.conf:4: unknown reason 'x' on this kernel (mark it optional with '-x' to skip it where it is missing)\n");
}

/* A temporary directory and the files written in it, for drop-ins. */
static char dir[] = "/tmp/test_config.XXXXXX";

static void write_file(const char *rel, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void in_dir(char *path, size_t size, const char *rel)
{
	snprintf(path, size, "%s/%s", dir, rel);
}

static int make_dir(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int remove_dir(void **state)
{
	(void)state;
	return nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void test_load_dropins(void **state)
{
	char path[PATH_MAX], expect[4096], d[256], link[PATH_MAX];
	struct run r;

	(void)state;
	in_dir(d, sizeof(d), "lockdown.conf.d");
	assert_int_equal(mkdir(d, 0755), 0);
	write_file("lockdown.conf", "[Lockdown]\nLevel = integrity\n"
				    "[Reasons]\ndev_mem = deny\n");
	/* strcmp order: digits, then upper case, then lower case. */
	write_file(
		"lockdown.conf.d/a.conf",
		"[Lockdown]\nLevel = confidentiality\n[Reasons]\n-g_a = deny\n");
	write_file("lockdown.conf.d/Z.conf",
		   "[Lockdown]\nLevel = none\n[Reasons]\n-g_Z = deny\n");
	write_file("lockdown.conf.d/9-b.conf", "[Reasons]\n-g_9 = deny\n");
	write_file("lockdown.conf.d/10-a.conf",
		   "[Reasons]\ndev_mem = audit\n-g_10 = deny\n");
	/* Not drop-ins: */
	write_file("lockdown.conf.d/b.conf.disabled", "[Lockdown]\nx = y\n");
	write_file("lockdown.conf.d/.hidden.conf", "[Lockdown]\nx = y\n");
	in_dir(path, sizeof(path), "lockdown.conf.d/dir.conf");
	assert_int_equal(mkdir(path, 0755), 0);
	in_dir(link, sizeof(link), "lockdown.conf.d/masked.conf");
	assert_int_equal(symlink("/dev/null", link), 0);

	in_dir(path, sizeof(path), "lockdown.conf");
	run_start(&r);
	assert_int_equal(config_load(&r.ctx, path, true, &r.p), 0);
	snprintf(
		expect, sizeof(expect),
		"%s/10-a.conf:3: warning: reason 'g_10' is not known to this kernel; skipped (optional)\n"
		"%s/9-b.conf:2: warning: reason 'g_9' is not known to this kernel; skipped (optional)\n"
		"%s/Z.conf:4: warning: reason 'g_Z' is not known to this kernel; skipped (optional)\n"
		"%s/a.conf:4: warning: reason 'g_a' is not known to this kernel; skipped (optional)\n",
		d, d, d, d);
	assert_string_equal(run_output(&r), expect);
	assert_int_equal(r.ctx.warnings, 4);
	assert_int_equal(r.p.level, LOCKDOWN_LEVEL_CONFIDENTIALITY);
	assert_int_equal(r.p.actions[2], LOCKDOWN_ACTION_AUDIT);
	run_end(&r);

	/* Without drop-ins, only the file itself. */
	run_start(&r);
	assert_int_equal(config_load(&r.ctx, path, false, &r.p), 0);
	assert_string_equal(run_output(&r), "");
	assert_int_equal(r.p.level, LOCKDOWN_LEVEL_INTEGRITY);
	assert_int_equal(r.p.actions[2], LOCKDOWN_ACTION_DENY);
	run_end(&r);

	/* An error in a drop-in counts in the total. */
	write_file("lockdown.conf.d/b.conf", "[Lockdown]\nLevel = max\n");
	run_start(&r);
	assert_int_equal(config_load(&r.ctx, path, true, &r.p), 1);
	assert_int_equal(r.ctx.errors, 1);
	snprintf(
		expect, sizeof(expect),
		"%s/b.conf:2: invalid level 'max' (none, integrity or confidentiality)\n",
		d);
	assert_non_null(strstr(run_output(&r), expect));
	run_end(&r);
}

static void test_load_no_dropin_dir(void **state)
{
	char path[PATH_MAX];
	struct run r;

	(void)state;
	write_file("alone.conf", "[Lockdown]\nLevel = integrity\n");
	in_dir(path, sizeof(path), "alone.conf");
	run_start(&r);
	assert_int_equal(config_load(&r.ctx, path, true, &r.p), 0);
	assert_string_equal(run_output(&r), "");
	assert_int_equal(r.p.level, LOCKDOWN_LEVEL_INTEGRITY);
	run_end(&r);
}

/* A missing main file is an error; its drop-ins are still read. */
static void test_load_missing_file(void **state)
{
	char path[PATH_MAX], d[PATH_MAX], expect[2 * PATH_MAX];
	struct run r;

	(void)state;
	in_dir(d, sizeof(d), "missing.conf.d");
	assert_int_equal(mkdir(d, 0755), 0);
	write_file("missing.conf.d/x.conf", "[Lockdown]\nMode = audit\n");
	in_dir(path, sizeof(path), "missing.conf");
	run_start(&r);
	assert_int_equal(config_load(&r.ctx, path, true, &r.p), 1);
	snprintf(expect, sizeof(expect),
		 "%s: cannot read: No such file or directory\n", path);
	assert_string_equal(run_output(&r), expect);
	assert_int_equal(r.p.mode, LOCKDOWN_MODE_AUDIT);
	run_end(&r);

	/* A directory opens but does not read. */
	run_start(&r);
	assert_int_equal(config_parse_file(&r.ctx, dir, &r.p), 1);
	snprintf(expect, sizeof(expect), "%s: cannot read: Is a directory\n",
		 dir);
	assert_string_equal(run_output(&r), expect);
	run_end(&r);
}

/* At boot (fail_closed): @text read into the defaults gives @errors
 * errors, the messages @message, and @level and @mode. */
static void expect_boot(const char *text, unsigned int errors,
			enum lockdown_level level, enum lockdown_mode mode,
			const char *message, struct policy *out)
{
	struct run r;

	run_start(&r);
	r.ctx.fail_closed = true;
	assert_int_equal(run_text(&r, "t.conf", text), errors);
	assert_string_equal(run_output(&r), message);
	assert_int_equal(r.p.level, level);
	assert_int_equal(r.p.mode, mode);
	if (out)
		*out = r.p;
	run_end(&r);
}

/* The case: one unknown reason loses only itself, the rest (the
 * Level first) applies. */
static void test_boot_unknown_reason(void **state)
{
	struct policy p;

	(void)state;
	expect_boot(
		"[Lockdown]\nLevel = integrity\n[Reasons]\nrenamed = deny\n"
		"hibernation = allow\n",
		1, LOCKDOWN_LEVEL_INTEGRITY, LOCKDOWN_MODE_ENFORCE,
		"t.conf:4: unknown reason 'renamed' on this kernel (mark it optional with '-renamed' to skip it where it is missing)\n"
		"t.conf:4: at boot: skipped: it cannot be mapped to anything to enforce\n",
		&p);
	assert_int_equal(p.actions[5], LOCKDOWN_ACTION_ALLOW);
	expect_boot(
		"[Reasons]\nfar_future = allow\n", 1, LOCKDOWN_LEVEL_NONE,
		LOCKDOWN_MODE_ENFORCE,
		"t.conf:2: reason 'far_future' is number 131 on this kernel, beyond the 128 this build handles\n"
		"t.conf:2: at boot: skipped: it cannot be mapped to anything to enforce\n",
		NULL);
	/* Optional reasons stay a warning. */
	expect_boot(
		"[Reasons]\n-xmon = deny\n", 0, LOCKDOWN_LEVEL_NONE,
		LOCKDOWN_MODE_ENFORCE,
		"t.conf:2: warning: reason 'xmon' is not known to this kernel; skipped (optional)\n",
		NULL);
}

static void test_boot_strictest(void **state)
{
	struct policy p;

	(void)state;
	expect_boot(
		"[Lockdown]\nLevel = integrty\nMode = audit\n", 1,
		LOCKDOWN_LEVEL_CONFIDENTIALITY, LOCKDOWN_MODE_AUDIT,
		"t.conf:2: invalid level 'integrty' (none, integrity or confidentiality)\n"
		"t.conf:2: at boot: read as Level = confidentiality, the strictest it could mean\n",
		NULL);
	expect_boot(
		"[Lockdown]\nLevel = integrity\nMode = audti\n", 1,
		LOCKDOWN_LEVEL_INTEGRITY, LOCKDOWN_MODE_ENFORCE,
		"t.conf:3: invalid mode 'audti' (enforce or audit)\n"
		"t.conf:3: at boot: read as Mode = enforce, the strictest it could mean\n",
		NULL);
	/* A later valid assignment still replaces it. */
	expect_boot(
		"[Lockdown]\nLevel =\nLevel = integrity\nMode = audit\n", 1,
		LOCKDOWN_LEVEL_INTEGRITY, LOCKDOWN_MODE_AUDIT,
		"t.conf:2: empty value for 'Level'\n"
		"t.conf:2: at boot: read as Level = confidentiality, the strictest it could mean\n",
		NULL);
	/* Could be either key. */
	expect_boot(
		"[Lockdown]\nMode = audit\nlevel = none\n", 1,
		LOCKDOWN_LEVEL_CONFIDENTIALITY, LOCKDOWN_MODE_ENFORCE,
		"t.conf:3: unknown key 'level' in [Lockdown] (Level or Mode)\n"
		"t.conf:3: at boot: read as Level = confidentiality and Mode = enforce, the strictest it could mean\n",
		NULL);
	expect_boot(
		"[Lockdown]\nLevel integrity\n", 1,
		LOCKDOWN_LEVEL_CONFIDENTIALITY, LOCKDOWN_MODE_ENFORCE,
		"t.conf:2: syntax error: expected 'key = value'\n"
		"t.conf:2: at boot: read as Level = confidentiality and Mode = enforce, the strictest it could mean\n",
		NULL);
	expect_boot(
		"[Lockdown]\nLevel = none\n  integrity\n", 1,
		LOCKDOWN_LEVEL_CONFIDENTIALITY, LOCKDOWN_MODE_ENFORCE,
		"t.conf:3: indented line continues the value of 'Level': values are one line, and keys are not indented\n"
		"t.conf:3: at boot: read as Level = confidentiality, the strictest it could mean\n",
		NULL);
	/* An action: deny; a scope level: confidentiality. */
	expect_boot(
		"[Reasons]\nkcore = dney\n-dev_mem = 1\n-xmon = 1\n"
		"[Scopes]\nmachine.slice = high\n../x = integrity\n",
		5, LOCKDOWN_LEVEL_NONE, LOCKDOWN_MODE_ENFORCE,
		"t.conf:2: invalid action 'dney' for reason 'kcore' (level, allow, audit or deny)\n"
		"t.conf:2: at boot: read as kcore = deny, the strictest it could mean\n"
		"t.conf:3: invalid action '1' for reason 'dev_mem' (level, allow, audit or deny)\n"
		"t.conf:3: at boot: read as dev_mem = deny, the strictest it could mean\n"
		"t.conf:4: invalid action '1' for reason 'xmon' (level, allow, audit or deny)\n"
		"t.conf:4: at boot: skipped: it cannot be mapped to anything to enforce\n"
		"t.conf:6: invalid level 'high' for scope 'machine.slice' (integrity or confidentiality)\n"
		"t.conf:6: at boot: read as machine.slice = confidentiality, the strictest it could mean\n"
		"t.conf:7: scope '../x': '.' and '..' are not allowed\n"
		"t.conf:7: at boot: skipped: it cannot be mapped to anything to enforce\n",
		&p);
	assert_int_equal(p.actions[20], LOCKDOWN_ACTION_DENY);
	assert_int_equal(p.actions[2], LOCKDOWN_ACTION_DENY);
	assert_int_equal(p.scope_count, 1);
	assert_string_equal(p.scopes[0].path, "machine.slice");
	assert_int_equal(p.scopes[0].level, LOCKDOWN_LEVEL_CONFIDENTIALITY);
}

/* Level and Mode under a mistyped or missing header: only where they
 * tighten. */
static void test_boot_outside_lockdown(void **state)
{
	(void)state;
	expect_boot(
		"[Lockdwn]\nLevel = integrity\nMode = audit\nfoo = bar\n", 1,
		LOCKDOWN_LEVEL_INTEGRITY, LOCKDOWN_MODE_ENFORCE,
		"t.conf:1: unknown section [Lockdwn] (Lockdown, Reasons or Scopes)\n"
		"t.conf:1: at boot: its keys are skipped, but Level and Mode, read as in [Lockdown] where they tighten\n"
		"t.conf:2: at boot: read as Level = integrity in [Lockdown], which tightens\n"
		"t.conf:3: at boot: skipped: Mode = audit would not tighten\n",
		NULL);
	expect_boot(
		"Level = integrity\n[Lockdown]\nLevel = confidentiality\n[x]\nLevel = none\n",
		2, LOCKDOWN_LEVEL_CONFIDENTIALITY, LOCKDOWN_MODE_ENFORCE,
		"t.conf:1: 'Level' is outside of any section\n"
		"t.conf:1: at boot: read as Level = integrity in [Lockdown], which tightens\n"
		"t.conf:4: unknown section [x] (Lockdown, Reasons or Scopes)\n"
		"t.conf:4: at boot: its keys are skipped, but Level and Mode, read as in [Lockdown] where they tighten\n"
		"t.conf:5: at boot: skipped: Level = none would not tighten\n",
		NULL);
	expect_boot("Mode = x\n", 1, LOCKDOWN_LEVEL_NONE, LOCKDOWN_MODE_ENFORCE,
		    "t.conf:1: 'Mode' is outside of any section\n"
		    "t.conf:1: at boot: read as Mode = enforce in [Lockdown]\n",
		    NULL);
}

/* A file that cannot be read whole could say anything; a missing one
 * says nothing. */
static void test_boot_unreadable(void **state)
{
	char path[PATH_MAX], expect[3 * PATH_MAX];
	struct run r;

	(void)state;
	run_start(&r);
	r.ctx.fail_closed = true;
	assert_int_equal(config_parse_file(&r.ctx, dir, &r.p), 1);
	snprintf(
		expect, sizeof(expect),
		"%s: cannot read: Is a directory\n"
		"%s: at boot: read as Level = confidentiality and Mode = enforce, the strictest it could mean\n",
		dir, dir);
	assert_string_equal(run_output(&r), expect);
	assert_int_equal(r.p.level, LOCKDOWN_LEVEL_CONFIDENTIALITY);
	run_end(&r);

	in_dir(path, sizeof(path), "absent.conf");
	run_start(&r);
	r.ctx.fail_closed = true;
	assert_int_equal(config_parse_file(&r.ctx, path, &r.p), 1);
	assert_int_equal(r.p.level, LOCKDOWN_LEVEL_NONE);
	run_end(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_valid_full),
		cmocka_unit_test(test_valid_forms),
		cmocka_unit_test(test_lockdown_errors),
		cmocka_unit_test(test_unknown_section),
		cmocka_unit_test(test_reason_errors),
		cmocka_unit_test(test_optional_reason),
		cmocka_unit_test(test_no_reason_set),
		cmocka_unit_test(test_scope_paths),
		cmocka_unit_test(test_scope_errors),
		cmocka_unit_test(test_scope_later_wins),
		cmocka_unit_test(test_too_many_scopes),
		cmocka_unit_test(test_later_wins_across_buffers),
		cmocka_unit_test(test_counts_accumulate),
		cmocka_unit_test(test_line_too_long),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_continuation),
		cmocka_unit_test(test_load_dropins),
		cmocka_unit_test(test_load_no_dropin_dir),
		cmocka_unit_test(test_load_missing_file),
		cmocka_unit_test(test_boot_unknown_reason),
		cmocka_unit_test(test_boot_strictest),
		cmocka_unit_test(test_boot_outside_lockdown),
		cmocka_unit_test(test_boot_unreadable),
	};

	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
