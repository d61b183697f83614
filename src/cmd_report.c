// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "lockdownctl.h"
#include "reason.h"
#include "report.h"

static const char usage[] =
	"Usage: lockdownctl report [--json] [FILE...]\n"
	"Summarise lockdown events recorded by 'lockdownctl monitor --json'.\n"
	"Each FILE holds such lines ('-' or no FILE: standard input), e.g. from\n"
	"  lockdownctl monitor --json >> /var/log/lockdown/events.jsonl\n"
	"or the journal of lockdown-monitor.service:\n"
	"  journalctl -o cat -u lockdown-monitor.service | lockdownctl report\n"
	"Run it after a period in audit mode (Mode = audit in lockdown.conf)\n"
	"to see what enforcing would break. Per reason, most frequent first:\n"
	"how often (folded bursts included), how many were denied or only\n"
	"audited, first and last seen (UTC), and whether this kernel refuses\n"
	"it at each level (NONE, INTEGRITY, CONFIDENTIALITY; per-reason\n"
	"overrides in the policy aside; ? when unknown); then the executables\n"
	"(or [command] when the executable was not found), cgroups and uids.\n"
	"Attempts to tamper with lockdown itself are listed apart, by route.\n"
	"Lines that are not events are counted and skipped; events the monitor\n"
	"lost to a full buffer are reported.\n"
	"  --json  one JSON object instead of the table\n"
	"Exit status: 0 done, 1 a FILE cannot be read, 2 bad usage.";

/* Reads @path ("-": standard input) into @r; an exit code. */
static int read_file(struct report *r, const char *path)
{
	bool std = !strcmp(path, "-");
	const char *name = std ? "stdin" : path;
	FILE *in = std ? stdin : fopen(path, "r");
	int err;

	if (!in) {
		errorf("%s: %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	err = report_read(r, in, name);
	if (!std)
		fclose(in);
	if (err) {
		errorf("%s: %s", name, strerror(-err));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int run_report(const struct verb_call *call)
{
	struct reason_set reasons = { 0 };
	bool json = call->json;
	struct report r;
	int rc = EXIT_OK, err;

	report_init(&r);
	for (int i = 0; i < call->argc && rc == EXIT_OK; i++)
		rc = read_file(&r, call->argv[i]);
	if (!call->argc)
		rc = read_file(&r, "-");
	if (rc != EXIT_OK) {
		report_free(&r);
		return rc;
	}
	/* Outcomes per level come from this kernel; without its BTF they are
	 * unknown, and the rest of the report still holds. */
	if (r.reasons.count) {
		err = reason_set_load(&reasons);
		if (err)
			errorf("cannot read this kernel's lockdown reasons: %s; outcome per level unknown",
			       strerror(-err));
	}
	if (json)
		report_print_json(&r, &reasons, stdout);
	else
		report_print_text(&r, &reasons, stdout);
	reason_set_free(&reasons);
	report_free(&r);
	return EXIT_OK;
}

const struct verb verb_report = {
	.name = "report",
	.summary = "summarise recorded events (audit mode)",
	.usage = usage,
	.max_operands = -1,
	.flags = VERB_JSON,
	.run = run_report,
};
