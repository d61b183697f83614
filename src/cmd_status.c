// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>
#include "event.h"
#include "kernel.h"
#include "keeper.h"
#include "level.h"
#include "lockdownctl.h"
#include "generation.h"
#include "pins.h"
#include "policy.h"
#include "reason.h"

static const char usage[] =
	"Usage: lockdownctl status [--json|--prometheus]\n"
	"Show the lockdown level in force. The first line has the kernel's\n"
	"securityfs format, e.g. \"none [integrity] confidentiality\": the\n"
	"level of which everything is refused. The rest says what is enforced\n"
	"whatever the policy says (set, bpf_lockdown=, the build minimum),\n"
	"what the policy adds and what of it is only audited, the kernel's\n"
	"facts and the counters of every reason.\n"
	"  --json        one JSON object\n"
	"  --prometheus  the Prometheus text format (metrics lockdown_*), for\n"
	"                prometheus-node-exporter's textfile collector";

struct status {
	bool applied; /* loaded and pinned */
	bool refusing; /* anything is refused */
	enum lockdown_level level; /* everything of it refused */
	unsigned int refused, audited, allowed; /* reasons, by decision */
	struct kernel_facts facts;
	struct reason_set reasons;
	struct lockdown_counters counters[LOCKDOWN_MAX_REASONS];
	struct lockdown_event_stats events;
	struct policy policy;
	struct generation gen; /* which build's enforcement this is */
	bool armed; /* the BPF side says its guard is armed */
	struct keeper_status keep; /* of the bpffs mount holding the pins */
	bool exposed; /* shared again since: lazy unmounts refused */
};

static int read_status(struct status *s)
{
	struct lockdown_policy_args args = { .op = LOCKDOWN_POLICY_READ };
	struct pins p;
	int err;

	memset(s, 0, sizeof(*s));
	kernel_mount_filesystems();
	kernel_facts_read(&s->facts);
	reason_set_load(&s->reasons); /* empty on failure: numbers only */
	err = pins_open(&p);
	s->gen = p.gen;
	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	err = pins_policy(&p, &args);
	if (!err)
		policy_from_args(&s->policy, &args);
	if (!err)
		err = pins_counters(&p, s->counters);
	if (!err)
		err = pins_event_stats(&p, &s->events);
	s->applied = !err;
	keeper_status(&s->keep);
	s->armed = generation_armed() == 1;
	s->exposed = generation_bpffs_exposed() == 1;
	pins_close(&p);
	if (err)
		return err;
	s->level = policy_level_in_force(&s->policy);
	for (size_t i = 0; i < s->reasons.count; i++) {
		switch (policy_decide(&s->policy, &s->reasons.reasons[i],
				      NULL)) {
		case LOCKDOWN_ACTION_DENY:
			s->refused++;
			break;
		case LOCKDOWN_ACTION_AUDIT:
			s->audited++;
			break;
		default:
			s->allowed++;
		}
	}
	/* The level alone says so when the reasons cannot be read. */
	s->refusing = s->level > LOCKDOWN_LEVEL_NONE || s->refused ||
		      s->policy.scope_count;
	return 0;
}

/* " (pin_remove 2, umount 1)": the routes refused, in the order of
 * their enum, and those of no name this build knows as "unknown". */
static void print_routes(const struct status *s)
{
	const __u64 *n = s->events.self_protect_route;
	__u64 unknown = event_routes_unknown(n);
	const char *sep = " (";

	for (__u32 r = LOCKDOWN_ROUTE_NONE + 1; r <= LOCKDOWN_ROUTE_MAX; r++) {
		if (!n[r])
			continue;
		printf("%s%s %llu", sep, event_route_name(r),
		       (unsigned long long)n[r]);
		sep = ", ";
	}
	if (unknown)
		printf("%sunknown %llu", sep, (unsigned long long)unknown);
	puts(sep[0] == ',' ? ")" : "");
}

static void print_text(const struct status *s)
{
	char line[64], other[96] = "";

	if (!s->gen.own)
		snprintf(other, sizeof(other),
			 " (build %s, in force until reboot)", s->gen.build);

	level_format_line(s->level, line, sizeof(line));
	puts(line);
	if (s->refusing)
		printf("enforcing:  yes, pinned in %s%s\n", s->gen.dir, other);
	else if (s->applied)
		printf("enforcing:  no: nothing is refused (%s), pinned in %s%s\n",
		       s->policy.mode == LOCKDOWN_MODE_AUDIT
			       ? "audit mode, no enforced level"
			       : "no level, nothing denied",
		       s->gen.dir, other);
	else
		printf("enforcing:  no (never applied since boot)\n");
	if (s->applied)
		printf("enforced:   %s%s\n", level_name(s->policy.enforced),
		       s->policy.enforced > LOCKDOWN_LEVEL_NONE
			       ? ", in any mode, whatever the policy's actions say"
			       : " (nothing demanded by set, " BOOT_PARAM
				 "= or the build minimum)");
	printf("kernel:     %s, own lockdown %s\n", s->facts.release,
	       s->facts.lockdown_known ? level_name(s->facts.lockdown)
				       : "absent");
	printf("bpf lsm:    %s (lsm=%s)\n",
	       s->facts.bpf_lsm_active ? "active" : "INACTIVE", s->facts.lsm);
	if (!s->applied)
		return;
	printf("guard:      %s\n",
	       s->armed ? "armed" : "NOT ARMED: the pins can be removed");
	printf("bpffs:      %s\n",
	       !s->keep.found  ? "NOT MOUNTED at " LOCKDOWN_BPFFS
	       : !s->keep.kept ? "NO KEEPER: an unmount could drop the pins"
	       : !s->keep.private && s->exposed
		       ? "SHARED again since set: every lazy unmount is refused until reboot"
	       : !s->keep.private
		       ? "SHARED: an unmount elsewhere could propagate to it and drop the pins"
	       : s->exposed
		       ? "private, kept (shared again since set: every lazy unmount is refused until reboot)"
		       : "private, kept");
	printf("mode:       %s%s\n", mode_name(s->policy.mode),
	       s->policy.mode == LOCKDOWN_MODE_AUDIT
		       ? " (above the enforced level nothing is refused by the host policy; would-be denials recorded)"
		       : "");
	printf("policy:     level %s; reasons: %u refused, %u audited only, %u allowed\n",
	       level_name(s->policy.level), s->refused, s->audited, s->allowed);
	printf("scopes:     %zu cgroup scope%s ('lockdownctl policy show')\n",
	       s->policy.scope_count, s->policy.scope_count == 1 ? "" : "s");
	printf("tampering:  %llu attempts refused",
	       (unsigned long long)s->events.self_protect);
	print_routes(s);
	printf("events:     %llu reported, %llu folded into bursts, %llu dropped\n",
	       (unsigned long long)s->events.reported,
	       (unsigned long long)s->events.folded,
	       (unsigned long long)s->events.dropped);
	for (size_t i = 0, shown = 0; i < s->reasons.count; i++) {
		const struct reason *r = &s->reasons.reasons[i];
		const struct lockdown_counters *c = &s->counters[r->value];

		if (r->value >= LOCKDOWN_MAX_REASONS ||
		    !(c->denied || c->allowed || c->audited))
			continue;
		if (!shown++)
			printf("\n%-22s %-16s %-7s %10s %10s %10s\n", "REASON",
			       "LEVEL", "ACTION", "DENIED", "AUDITED",
			       "ALLOWED");
		printf("%-22s %-16s %-7s %10llu %10llu %10llu\n", r->name,
		       level_name(r->level),
		       action_name(policy_decide(&s->policy, r, NULL)),
		       (unsigned long long)c->denied,
		       (unsigned long long)c->audited,
		       (unsigned long long)c->allowed);
	}
}

static json_object *json_u64(__u64 v)
{
	return json_object_new_uint64(v);
}

static void print_json(const struct status *s)
{
	json_object *root = json_object_new_object();
	json_object *kernel = json_object_new_object();
	json_object *lsms = json_object_new_array();
	json_object *reasons = json_object_new_array();
	json_object *events = json_object_new_object();
	json_object *routes = json_object_new_object();
	char lsm[sizeof(s->facts.lsm)], *save = NULL;

	json_object_object_add(root, "level",
			       json_object_new_string(level_name(s->level)));
	json_object_object_add(root, "enforcing",
			       json_object_new_boolean(s->refusing));
	json_object_object_add(
		root, "pin_dir",
		json_object_new_string(s->applied ? s->gen.dir
						  : LOCKDOWN_PIN_DIR));

	json_object_object_add(kernel, "release",
			       json_object_new_string(s->facts.release));
	snprintf(lsm, sizeof(lsm), "%s", s->facts.lsm);
	for (char *tok = strtok_r(lsm, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		json_object_array_add(lsms, json_object_new_string(tok));
	json_object_object_add(kernel, "lsm", lsms);
	json_object_object_add(
		kernel, "bpf_lsm_active",
		json_object_new_boolean(s->facts.bpf_lsm_active));
	json_object_object_add(kernel, "btf",
			       json_object_new_boolean(s->facts.has_btf));
	json_object_object_add(
		kernel, "lockdown",
		s->facts.lockdown_known
			? json_object_new_string(level_name(s->facts.lockdown))
			: NULL);
	json_object_object_add(root, "kernel", kernel);
	json_object_object_add(root, "loaded",
			       json_object_new_boolean(s->applied));
	json_object_object_add(
		root, "enforced",
		json_object_new_string(level_name(s->policy.enforced)));
	json_object_object_add(
		root, "policy_level",
		json_object_new_string(level_name(s->policy.level)));
	json_object_object_add(
		root, "mode",
		json_object_new_string(mode_name(s->policy.mode)));
	json_object_object_add(root, "reasons_refused",
			       json_object_new_uint64(s->refused));
	json_object_object_add(root, "reasons_audited",
			       json_object_new_uint64(s->audited));
	json_object_object_add(root, "scopes",
			       json_object_new_uint64(s->policy.scope_count));

	for (size_t i = 0; i < s->reasons.count; i++) {
		const struct reason *r = &s->reasons.reasons[i];
		json_object *o = json_object_new_object();
		struct lockdown_counters c = { 0 };

		if (r->value < LOCKDOWN_MAX_REASONS)
			c = s->counters[r->value];
		json_object_object_add(o, "name",
				       json_object_new_string(r->name));
		json_object_object_add(
			o, "level",
			json_object_new_string(level_name(r->level)));
		json_object_object_add(
			o, "action",
			json_object_new_string(action_name(
				policy_decide(&s->policy, r, NULL))));
		json_object_object_add(o, "denied", json_u64(c.denied));
		json_object_object_add(o, "audited", json_u64(c.audited));
		json_object_object_add(o, "allowed", json_u64(c.allowed));
		json_object_array_add(reasons, o);
	}
	json_object_object_add(root, "reasons", reasons);

	json_object_object_add(events, "reported",
			       json_u64(s->events.reported));
	json_object_object_add(events, "folded", json_u64(s->events.folded));
	json_object_object_add(events, "dropped", json_u64(s->events.dropped));
	json_object_object_add(root, "self_protect_refused",
			       json_u64(s->events.self_protect));
	for (__u32 r = LOCKDOWN_ROUTE_NONE + 1; r <= LOCKDOWN_ROUTE_MAX; r++)
		json_object_object_add(
			routes, event_route_name(r),
			json_u64(s->events.self_protect_route[r]));
	if (event_routes_unknown(s->events.self_protect_route))
		json_object_object_add(routes, "unknown",
				       json_u64(event_routes_unknown(
					       s->events.self_protect_route)));
	json_object_object_add(root, "self_protect_by_route", routes);
	json_object_object_add(root, "guard_armed",
			       json_object_new_boolean(s->armed));
	json_object_object_add(root, "bpffs_private",
			       json_object_new_boolean(s->keep.private));
	json_object_object_add(root, "bpffs_kept",
			       json_object_new_boolean(s->keep.kept));
	json_object_object_add(root, "bpffs_exposed",
			       json_object_new_boolean(s->exposed));
	json_object_object_add(root, "build",
			       json_object_new_string(s->gen.build));
	json_object_object_add(root, "events", events);

	json_print(root);
}

/* One metric's HELP and TYPE lines. */
static void prom_head(const char *name, const char *type, const char *help)
{
	printf("# HELP lockdown_%s %s\n# TYPE lockdown_%s %s\n", name, help,
	       name, type);
}

/*
 * The Prometheus text exposition format: counters end in _total, labels
 * carry the reason, its action and the decision, or the route refused
 * (every route, so that each series exists from the start; their sum is
 * the total).
 */
static void print_prometheus(const struct status *s)
{
	static const char *const decisions[] = { "denied", "audited",
						 "allowed" };

	prom_head(
		"level", "gauge",
		"Level of which every reason is refused (0 none, 1 integrity, 2 confidentiality).");
	printf("lockdown_level %d\n", s->level);
	prom_head(
		"enforced_level", "gauge",
		"Level refused whatever the policy says (set, bpf_lockdown=, the build minimum).");
	printf("lockdown_enforced_level %d\n",
	       s->applied ? (int)s->policy.enforced : 0);
	prom_head("applied", "gauge",
		  "1 when the enforcement is loaded and pinned.");
	printf("lockdown_applied %d\n", s->applied);
	prom_head("guard_armed", "gauge", "1 when self-protection is armed.");
	printf("lockdown_guard_armed %d\n", s->armed);
	prom_head("bpffs_kept", "gauge",
		  "1 when the bpffs mount of the pins is private and kept.");
	printf("lockdown_bpffs_kept %d\n",
	       s->keep.found && s->keep.private && s->keep.kept);
	prom_head("bpffs_exposed", "gauge",
		  "1 when the bpffs mount was shared again since set "
		  "(every lazy unmount refused until reboot).");
	printf("lockdown_bpffs_exposed %d\n", s->exposed);
	prom_head("build_info", "gauge",
		  "The build enforcing, its policy mode and the kernel.");
	printf("lockdown_build_info{build=\"%s\",mode=\"%s\",kernel=\"%s\"} 1\n",
	       s->applied ? s->gen.build : "", mode_name(s->policy.mode),
	       s->facts.release);
	if (!s->applied)
		return;
	prom_head(
		"decisions_total", "counter",
		"Lockdown checks per reason, by the action in force and the decision taken.");
	for (size_t i = 0; i < s->reasons.count; i++) {
		const struct reason *r = &s->reasons.reasons[i];
		const struct lockdown_counters *c = &s->counters[r->value];
		const __u64 n[] = { c->denied, c->audited, c->allowed };

		if (r->value >= LOCKDOWN_MAX_REASONS)
			continue;
		for (size_t d = 0; d < 3; d++)
			printf("lockdown_decisions_total{reason=\"%s\",action=\"%s\",decision=\"%s\"} %llu\n",
			       r->name,
			       action_name(policy_decide(&s->policy, r, NULL)),
			       decisions[d], (unsigned long long)n[d]);
	}
	prom_head("tampering_refused_total", "counter",
		  "Attempts to remove or weaken lockdown, refused, by route.");
	for (__u32 r = LOCKDOWN_ROUTE_NONE + 1; r <= LOCKDOWN_ROUTE_MAX; r++)
		printf("lockdown_tampering_refused_total{route=\"%s\"} %llu\n",
		       event_route_name(r),
		       (unsigned long long)s->events.self_protect_route[r]);
	if (event_routes_unknown(s->events.self_protect_route))
		printf("lockdown_tampering_refused_total{route=\"unknown\"} %llu\n",
		       (unsigned long long)event_routes_unknown(
			       s->events.self_protect_route));
	prom_head("events_total", "counter",
		  "Denial events, by what became of them.");
	printf("lockdown_events_total{outcome=\"reported\"} %llu\n"
	       "lockdown_events_total{outcome=\"folded\"} %llu\n"
	       "lockdown_events_total{outcome=\"dropped\"} %llu\n",
	       (unsigned long long)s->events.reported,
	       (unsigned long long)s->events.folded,
	       (unsigned long long)s->events.dropped);
}

static int check_status(struct verb_call *call)
{
	if (call->json && call->option_set[0]) {
		errorf("--json and --prometheus exclude each other\n%s", usage);
		return EXIT_USAGE;
	}
	return -1;
}

static int run_status(const struct verb_call *call)
{
	struct status s;
	int err;

	err = read_status(&s);
	if (err) {
		errorf("cannot read the pinned lockdown state in %s: %s%s",
		       s.gen.dir[0] ? s.gen.dir : LOCKDOWN_PIN_DIR,
		       strerror(-err),
		       err == -EACCES || err == -EPERM ? " (run as root)"
		       : err == -ESTALE
			       ? " (a build of another ABI enforces until reboot; 'lockdownctl set' still raises it)"
		       : err == -EBADMSG
			       ? ": what is pinned there is not the armed enforcement's own (tampering), so no level is read from it"
			       : "");
		reason_set_free(&s.reasons);
		return EXIT_FAIL;
	}
	if (call->json)
		print_json(&s);
	else if (call->option_set[0])
		print_prometheus(&s);
	else
		print_text(&s);
	reason_set_free(&s.reasons);
	return EXIT_OK;
}

const struct verb verb_status = {
	.name = "status",
	.summary = "show the level in force (securityfs format)",
	.usage = usage,
	.operands_error = "status takes no arguments",
	.flags = VERB_JSON,
	.options = { "prometheus" },
	.check = check_status,
	.run = run_status,
};
