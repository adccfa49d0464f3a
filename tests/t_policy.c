/*
 * t_policy.c: site policies (lint/policy.c).  Accepted policies and the
 * facts they give; rejected ones with their exact "file:line:col:
 * message" lines (every mistake, sorted by position); the shipped
 * policies (read from policies/, tests run from the repository root) and
 * the embedded default; default-partition resolution and rule settings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embed.h"
#include "policy.h"
#include "value.h"
#include "yaml.h"

static struct jl_policy *
load(const char *yaml, char **errors)
{
	return jl_policy_load("t.yaml", yaml, strlen(yaml), errors);
}

/* Load, failing the test with the errors if the policy is rejected. */
static struct jl_policy *
load_ok(const char *yaml)
{
	struct jl_policy	*p;
	char			*errors = NULL;

	p = load(yaml, &errors);
	if (p == NULL)
		fail_msg("rejected:\n%s", errors ? errors : "(no message)");
	assert_null(errors);
	return p;
}

static char *
read_file(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s (run the tests from the repository "
		    "root)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* --- accepted ---------------------------------------------------------- */

static void
t_empty(void **state)
{
	struct jl_policy	*p;
	const char		*empties[] = { "", "# nothing\n", "---\n",
	    "name: x\n" };
	size_t			 i;

	(void)state;
	for (i = 0; i < JL_NITEMS(empties); i++) {
		p = load_ok(empties[i]);
		assert_string_equal(p->path, "t.yaml");
		assert_string_equal(p->name, i == 3 ? "x" : "t");
		assert_int_equal(p->slurm_version, 0);
		assert_null(p->gpu_flag);
		assert_null(p->runtimes);
		assert_null(p->image_dirs);
		assert_int_equal(p->max_gpus_per_job, JL_UNSET);
		assert_int_equal(p->max_cpus_per_gpu, JL_UNSET);
		assert_int_equal(p->max_mem_per_gpu_mb, JL_UNSET);
		assert_int_equal(p->npartitions, 0);
		assert_int_equal(p->nsettings, 0);
		assert_int_equal(p->nexemptions, 0);
		assert_int_equal(p->nsite_rules, 0);
		assert_int_equal(p->on_error_reject, 0);
		assert_null(jl_policy_partition(p, NULL));
		assert_null(jl_policy_partition(p, "x"));
		jl_policy_free(p);
	}
	jl_policy_free(NULL);
}

static const char *full_policy =
    "name: site\n"
    "description: A test site.\n"
    "extends: default\n"
    "slurm_version: \"23.02\"\n"
    "gpu_flag: --rocm\n"
    "container_runtimes: [apptainer, singularity]\n"
    "image_dirs: /images\n"
    "limits: { max_gpus_per_job: 8, max_cpus_per_gpu: 16, "
    "max_mem_per_gpu: 64G }\n"
    "partitions:\n"
    "  - name: gpu\n"
    "    default: true\n"
    "    max_time: 2-00:00:00\n"
    "    default_time: 1:00:00\n"
    "    preemptible: false\n"
    "    nodes:\n"
    "      - &n { count: 4, cpus: 64, mem: 500G, gpus: { a100: 8, "
    "h100: 4 } }\n"
    "      - { cpus: 32 }\n"
    "  - name: long\n"
    "    max_time: UNLIMITED\n"
    "    preemptible: yes\n"
    "    nodes: [*n]\n"
    "rules:\n"
    "  time-mmss: off\n"
    "  missing-time-limit: error\n"
    "  gpu-container-no-nv: enforce\n"
    "  late-directive: { severity: info, mode: audit }\n"
    "  JL2003: { enabled: false }\n"
    "  mem-zero: 'off'\n"
    "  unknown-option: on\n"
    "site_rules:\n"
    "  - code: SITE001\n"
    "    slug: my-rule\n"
    "exemptions:\n"
    "  - rules: [partition-time-limit, JL2002]\n"
    "    users: alice\n"
    "    accounts: [physics]\n"
    "    reason: benchmark runs\n"
    "    expires: 2027-01-31\n"
    "  - rules: time-mmss\n"
    "    partitions: [long]\n"
    "    reason: \"old scripts\"\n"
    "on_error: reject\n";

static void
t_full(void **state)
{
	struct jl_policy		*p;
	const struct jl_partition	*pt;
	const struct jl_rule_setting	*st;
	const struct jl_exemption	*e;

	(void)state;
	p = load_ok(full_policy);
	assert_string_equal(p->name, "site");
	assert_string_equal(p->description, "A test site.");
	assert_string_equal(p->extends, "default");
	assert_int_equal(p->slurm_version, 2302);
	assert_string_equal(p->gpu_flag, "--rocm");
	assert_string_equal(p->runtimes[0], "apptainer");
	assert_string_equal(p->runtimes[1], "singularity");
	assert_null(p->runtimes[2]);
	assert_string_equal(p->image_dirs[0], "/images");
	assert_null(p->image_dirs[1]);
	assert_int_equal(p->max_gpus_per_job, 8);
	assert_int_equal(p->max_cpus_per_gpu, 16);
	assert_int_equal(p->max_mem_per_gpu_mb, 64 * 1024);
	assert_int_equal(p->on_error_reject, 1);

	assert_int_equal(p->npartitions, 2);
	pt = &p->partitions[0];
	assert_string_equal(pt->name, "gpu");
	assert_int_equal(pt->is_default, 1);
	assert_int_equal(pt->max_time, 2 * 24 * 60);
	assert_int_equal(pt->default_time, 60);
	assert_int_equal(pt->preemptible, 0);
	assert_int_equal(pt->line, 10);
	assert_int_equal(pt->col, 5);
	assert_int_equal(pt->nnodes, 2);
	assert_int_equal(pt->nodes[0].count, 4);
	assert_int_equal(pt->nodes[0].cpus, 64);
	assert_int_equal(pt->nodes[0].mem_mb, 500 * 1024);
	assert_int_equal(pt->nodes[0].ngpus, 2);
	assert_string_equal(pt->nodes[0].gpus[0].type, "a100");
	assert_int_equal(pt->nodes[0].gpus[0].count, 8);
	assert_string_equal(pt->nodes[0].gpus[1].type, "h100");
	assert_int_equal(pt->nodes[0].gpus[1].count, 4);
	assert_int_equal(pt->nodes[1].count, JL_UNSET);
	assert_int_equal(pt->nodes[1].cpus, 32);
	assert_int_equal(pt->nodes[1].mem_mb, JL_UNSET);
	assert_int_equal(pt->nodes[1].ngpus, 0);
	pt = &p->partitions[1];
	assert_string_equal(pt->name, "long");
	assert_int_equal(pt->is_default, 0);
	assert_true(pt->max_time == INT64_MAX);
	assert_int_equal(pt->default_time, JL_UNSET);
	assert_int_equal(pt->preemptible, 1);
	assert_int_equal(pt->nnodes, 1);
	assert_int_equal(pt->nodes[0].ngpus, 2);	/* through the alias */

	assert_int_equal(p->nsettings, 7);
	st = jl_policy_setting(p, "time-mmss", NULL);
	assert_non_null(st);
	assert_int_equal(st->enabled, 0);
	assert_int_equal(st->line, 23);
	assert_int_equal(st->col, 3);
	st = jl_policy_setting(p, "missing-time-limit", "JL2002");
	assert_int_equal(st->enabled, 1);
	assert_int_equal(st->has_severity, 1);
	assert_int_equal(st->severity, JL_SEV_ERROR);
	assert_int_equal(st->mode[JL_POINT_JOB_SUBMIT], JL_MODE_DEFAULT);
	st = jl_policy_setting(p, "gpu-container-no-nv", NULL);
	assert_int_equal(st->has_severity, 0);
	assert_int_equal(st->mode[JL_POINT_JOB_SUBMIT], JL_MODE_ENFORCE);
	st = jl_policy_setting(p, "late-directive", NULL);
	assert_int_equal(st->severity, JL_SEV_INFO);
	assert_int_equal(st->mode[JL_POINT_JOB_SUBMIT], JL_MODE_AUDIT);
	/* by code, any case; the slug does not match any setting */
	st = jl_policy_setting(p, "no-such-slug", "jl2003");
	assert_non_null(st);
	assert_string_equal(st->rule, "JL2003");
	assert_int_equal(st->enabled, 0);
	assert_int_equal(jl_policy_setting(p, "mem-zero", NULL)->enabled, 0);
	assert_int_equal(jl_policy_setting(p, "unknown-option", NULL)->enabled,
	    1);
	assert_null(jl_policy_setting(p, "nothing", "JL9999"));
	assert_null(jl_policy_setting(p, NULL, NULL));

	assert_int_equal(p->nsite_rules, 1);
	assert_int_equal(p->site_rules[0]->kind, JL_YAML_MAP);
	assert_string_equal(jl_yaml_get(p->site_rules[0], "code")->text,
	    "SITE001");

	assert_int_equal(p->nexemptions, 2);
	e = &p->exemptions[0];
	assert_string_equal(e->rules[0], "partition-time-limit");
	assert_string_equal(e->rules[1], "JL2002");
	assert_null(e->rules[2]);
	assert_string_equal(e->users[0], "alice");
	assert_null(e->users[1]);
	assert_string_equal(e->accounts[0], "physics");
	assert_null(e->partitions);
	assert_string_equal(e->reason, "benchmark runs");
	/* 2027-01-31T23:59:59Z */
	assert_int_equal(e->expires, 1801439999);
	assert_int_equal(e->line, 34);
	e = &p->exemptions[1];
	assert_string_equal(e->rules[0], "time-mmss");
	assert_null(e->users);
	assert_string_equal(e->partitions[0], "long");
	assert_int_equal(e->expires, 0);
	jl_policy_free(p);
}

static const struct {
	const char	*text;
	int64_t		 minutes;
} durations[] = {
	{ "90", 90 },
	{ "12:00:00", 720 },
	{ "1:30", 2 },			/* minutes:seconds, rounded up */
	{ "1-12", 36 * 60 },
	{ "6-00:00:00", 6 * 24 * 60 },
	{ "UNLIMITED", INT64_MAX },
	{ "infinite", INT64_MAX },
	{ "-1", INT64_MAX },
};

static void
t_durations(void **state)
{
	struct jl_policy	*p;
	char			 yaml[256];
	size_t			 i;

	(void)state;
	for (i = 0; i < JL_NITEMS(durations); i++) {
		snprintf(yaml, sizeof(yaml), "partitions:\n  - name: a\n"
		    "    max_time: \"%s\"\n", durations[i].text);
		p = load_ok(yaml);
		if (p->partitions[0].max_time != durations[i].minutes)
			fail_msg("%s: got %lld, want %lld", durations[i].text,
			    (long long)p->partitions[0].max_time,
			    (long long)durations[i].minutes);
		jl_policy_free(p);
	}
}

static const struct {
	const char	*text;
	unsigned	 version;
} versions[] = {
	{ "\"22.05\"", 2205 },
	{ "'23.11'", 2311 },
	{ "24.05", 2405 },		/* plain: YAML keeps the text */
	{ "\"24.11.3\"", 2411 },
	{ "25.05.0", 2505 },
	{ "\"25.11\"", 2511 },
};

static void
t_versions(void **state)
{
	struct jl_policy	*p;
	char			 yaml[64];
	size_t			 i;

	(void)state;
	for (i = 0; i < JL_NITEMS(versions); i++) {
		snprintf(yaml, sizeof(yaml), "slurm_version: %s\n",
		    versions[i].text);
		p = load_ok(yaml);
		assert_int_equal(p->slurm_version, versions[i].version);
		jl_policy_free(p);
	}
}

/* --- rejected ------------------------------------------------------------- */

static const struct {
	const char	*yaml;
	const char	*errors;	/* exact */
} bad[] = {
	{ "- a\n", "t.yaml:1:1: a policy is a mapping of keys "
	  "(slurm_version:, partitions:, rules:, ...), not a list\n" },
	{ "a: 1\n b: 2\n",
	  "t.yaml:2:3: mapping values are not allowed in this context\n" },
	{ "partitons: []\n", "t.yaml:1:1: unknown key \"partitons\" in the "
	  "policy; did you mean \"partitions\"?\n" },
	{ "walltime: 1\n", "t.yaml:1:1: unknown key \"walltime\" in the "
	  "policy\n" },
	{ "partitions:\n  - name: gpu\n    max_walltime: 1\n",
	  "t.yaml:3:5: unknown key \"max_walltime\" in partition \"gpu\"; "
	  "did you mean \"max_time\"?\n" },
	{ "partitions:\n  - name: a\n    max_time: 0\n",
	  "t.yaml:3:15: max_time of partition \"a\": \"0\" is zero; write "
	  "UNLIMITED for no limit\n" },
	{ "partitions:\n  - name: a\n    max_time: \"-5\"\n",
	  "t.yaml:3:15: max_time of partition \"a\": \"-5\" is negative\n" },
	{ "partitions:\n  - name: a\n    max_time: 1:00:00\n"
	  "    default_time: 2:00:00\n",
	  "t.yaml:4:19: default_time of partition \"a\" (2:00:00) is longer "
	  "than its max_time (1:00:00)\n" },
	{ "partitions:\n  - name: a\n    nodes:\n      - { mem: 0 }\n",
	  "t.yaml:4:16: mem of node class 1 of partition \"a\": \"0\" must be "
	  "more than 0 and at most 1E\n" },
	{ "partitions:\n  - name: a\n    nodes:\n      - { cpus: -1, "
	  "count: x, gpus: { 'a:b': 1, t4: 0, T4: 2 } }\n",
	  "t.yaml:4:17: cpus of node class 1 of partition \"a\" must be a "
	  "positive number, not -1\n"
	  "t.yaml:4:28: expected a whole number for count of node class 1 "
	  "of partition \"a\", got \"x\"\n"
	  "t.yaml:4:39: GPU type \"a:b\" in node class 1 of partition \"a\" "
	  "is not a name Slurm accepts\n"
	  "t.yaml:4:53: the number of t4 GPUs per node in node class 1 of "
	  "partition \"a\" must be a positive number, not 0\n" },
	{ "partitions:\n  - name: a\n    nodes:\n      - { gpus: { t4: 1, "
	  "T4: 2 } }\n",
	  "t.yaml:4:26: GPU type \"T4\" is given twice in node class 1 of "
	  "partition \"a\"\n" },
	{ "partitions:\n  - name: a\n  - name: b\n  - name: a\n",
	  "t.yaml:4:11: duplicate partition \"a\" (first at line 2)\n" },
	{ "partitions:\n  - name: a\n    default: true\n  - name: b\n"
	  "    default: true\n",
	  "t.yaml:5:14: partition \"b\" is marked default, but partition "
	  "\"a\" (line 2) already is; Slurm has one default partition\n" },
	{ "partitions:\n  - max_time: 5\n  - name: 'a b'\n  - x\n",
	  "t.yaml:2:5: partition 1 has no name\n"
	  "t.yaml:3:11: partition name \"a b\" is not a name Slurm accepts "
	  "(no blanks or commas)\n"
	  "t.yaml:4:5: expected a mapping for partition 3, got a string\n" },
	{ "partitions:\n  - name: a\n    default: maybe\n",
	  "t.yaml:3:14: expected true or false for default of partition "
	  "\"a\", got \"maybe\"\n" },
	{ "partitions: {name: a}\n",
	  "t.yaml:1:13: expected a list for partitions, got a mapping\n" },
	{ "gpu_flag: --cuda\n", "t.yaml:1:11: gpu_flag \"--cuda\" is not "
	  "valid; write --nv or --rocm\n" },
	{ "gpu_flag: --nvv\n", "t.yaml:1:11: gpu_flag \"--nvv\" is not "
	  "valid; write --nv or --rocm (did you mean \"--nv\"?)\n" },
	{ "slurm_version: \"21.08\"\n", "t.yaml:1:16: slurm_version "
	  "\"21.08\" is not a release jlint knows; write 22.05, 23.02, "
	  "23.11, 24.05, 24.11, 25.05, 25.11 or 26.05 (quoted, so YAML keeps the "
	  "zero)\n" },
	{ "slurm_version: 23.1\n", "t.yaml:1:16: slurm_version \"23.1\" is "
	  "not a release jlint knows; write 22.05, 23.02, 23.11, 24.05, "
	  "24.11, 25.05, 25.11 or 26.05 (quoted, so YAML keeps the zero)\n" },
	{ "container_runtimes: [singularty]\n", "t.yaml:1:22: unknown "
	  "container runtime \"singularty\"; jlint knows apptainer, "
	  "singularity, enroot, pyxis, podman, docker, charliecloud, shifter "
	  "or sarus (did you mean \"singularity\"?)\n" },
	{ "image_dirs: [/ok, relative/dir]\n", "t.yaml:1:19: image_dirs: "
	  "\"relative/dir\" is not an absolute path\n" },
	{ "rules:\n  time-mmss: erorr\n", "t.yaml:2:14: setting \"erorr\" for "
	  "rule \"time-mmss\" is not valid; write off, on, a severity "
	  "(error, warning, info), a mode (enforce, warn, audit) or a "
	  "mapping (did you mean \"error\"?)\n" },
	{ "rules:\n  time-mmss: { mode: block }\n",
	  "t.yaml:2:22: mode \"block\" of rule \"time-mmss\" is not valid; "
	  "write enforce, warn or audit\n" },
	{ "rules:\n  time-mmss: { severity: fatal, mode: enforced }\n",
	  "t.yaml:2:26: severity \"fatal\" of rule \"time-mmss\" is not valid; "
	  "write error, warning or info\n"
	  "t.yaml:2:39: mode \"enforced\" of rule \"time-mmss\" is not valid; "
	  "write enforce, warn or audit (did you mean \"enforce\"?)\n" },
	/* Per-point modes: unknown points, bad modes, each reported. */
	{ "rules:\n  time-mmss: { mode: { clifilter: warn } }\n",
	  "t.yaml:2:24: unknown key \"clifilter\" in mode of rule "
	  "\"time-mmss\"; did you mean \"cli_filter\"?\n" },
	{ "rules:\n  time-mmss: { mode: { slurmctld: enforce, cli: loud } }\n",
	  "t.yaml:2:24: unknown key \"slurmctld\" in mode of rule "
	  "\"time-mmss\"; did you mean \"job_submit\"?\n"
	  "t.yaml:2:49: mode \"loud\" of rule \"time-mmss\" at cli is not "
	  "valid; write enforce, warn or audit\n" },
	{ "rules:\n  time-mmss: { mode: [warn] }\n", "t.yaml:2:22: "
	  "expected a mode (enforce, warn, audit) or a mapping of "
	  "enforcement points (job_submit, cli_filter, cli, audit, default) "
	  "to modes for rule \"time-mmss\", got a list\n" },
	{ "rules:\n  time-mmss: { severty: info }\n", "t.yaml:2:16: unknown "
	  "key \"severty\" in rule \"time-mmss\"; did you mean "
	  "\"severity\"?\n" },
	{ "rules:\n  time-mmss:\n  Bad Rule: off\n  -x: off\n",
	  "t.yaml:2:13: expected off, on, a severity, a mode or a mapping "
	  "for rule \"time-mmss\", got nothing\n"
	  "t.yaml:3:3: \"Bad Rule\" is not a rule slug (gpu-container-no-nv) "
	  "or code (JL3001)\n"
	  "t.yaml:4:3: \"-x\" is not a rule slug (gpu-container-no-nv) or "
	  "code (JL3001)\n" },
	{ "rules: [time-mmss]\n", "t.yaml:1:8: expected a mapping for rules "
	  "(rule: setting), got a list\n" },
	{ "site_rules: [1, {code: X1}]\n", "t.yaml:1:14: expected a mapping "
	  "for site rule 1, got a string\n" },
	{ "exemptions:\n  - rules: [x]\n    users: [a]\n    reason: r\n"
	  "    expires: 2027-02-30\n",
	  "t.yaml:5:14: expires \"2027-02-30\" of exemption 1 is not a date; "
	  "write YYYY-MM-DD\n" },
	{ "exemptions:\n  - rules: [x]\n    users: [a]\n    reason: r\n"
	  "    expires: 31/01/2027\n",
	  "t.yaml:5:14: expires \"31/01/2027\" of exemption 1 is not a date; "
	  "write YYYY-MM-DD\n" },
	{ "exemptions:\n  - users: [a]\n  - rules: []\n    reason: r\n"
	  "    users: [a]\n  - rules: [x]\n    reason: r\n"
	  "  - rules: [x]\n    users: [a]\n    expire: 2027-01-01\n",
	  "t.yaml:2:5: exemption 1 has no rules: list the slugs or codes it "
	  "exempts from\n"
	  "t.yaml:2:5: exemption 1 has no reason: say why, so the next admin "
	  "knows whether it still applies\n"
	  "t.yaml:3:12: exemption 2 has an empty rules list\n"
	  "t.yaml:6:5: exemption 3 applies to nobody: give users, accounts "
	  "or partitions\n"
	  "t.yaml:8:5: exemption 4 has no reason: say why, so the next admin "
	  "knows whether it still applies\n"
	  "t.yaml:10:5: unknown key \"expire\" in exemption 4; did you mean "
	  "\"expires\"?\n" },
	{ "on_error: ignore\n", "t.yaml:1:11: on_error \"ignore\" is not "
	  "valid; write accept or reject\n" },
	{ "extends: [a, b]\n", "t.yaml:1:10: expected a string for extends, "
	  "got a list\n" },
	/* YAML-level problems come through as they are */
	{ "partitions:\n  - name: a\n  - name: a\n    default: true\n"
	  "    default: false\n",
	  "t.yaml:5:5: duplicate key \"default\" (first at line 4)\n" },
	{ "a: &x [*x]\n", "t.yaml:1:8: alias *x is inside the node it refers "
	  "to\n" },
};

/* Durations and sizes: "%s" in errors is value.c's own explanation. */
static const struct {
	const char	*yaml;
	const char	*errors;
	const char	*time;		/* --time text for %s, or NULL */
	const char	*mem;		/* --mem text for %s, or NULL */
} bad_values[] = {
	{ "partitions:\n  - name: a\n    max_time: 12h\n",
	  "t.yaml:3:15: max_time of partition \"a\": \"12h\" is not a time: "
	  "%s\n", "12h", NULL },
	{ "partitions:\n  - name: a\n    default_time: 1:2:3:4\n",
	  "t.yaml:3:19: default_time of partition \"a\": \"1:2:3:4\" is not "
	  "a time: %s\n", "1:2:3:4", NULL },
	{ "partitions:\n  - name: a\n    nodes:\n      - mem: 12Q\n",
	  "t.yaml:4:14: mem of node class 1 of partition \"a\": \"12Q\" is "
	  "not a size: %s\n", NULL, "12Q" },
	{ "limits:\n  max_gpus_per_job: 0\n  max_cpu_per_gpu: 4\n"
	  "  max_mem_per_gpu: lots\n",
	  "t.yaml:2:21: max_gpus_per_job must be a positive number, not 0\n"
	  "t.yaml:3:3: unknown key \"max_cpu_per_gpu\" in limits; did you "
	  "mean \"max_cpus_per_gpu\"?\n"
	  "t.yaml:4:20: max_mem_per_gpu: \"lots\" is not a size: %s\n",
	  NULL, "lots" },
	{ "partitions:\n  - name: a\n    limits: { max_cpus_per_gpu: -3, "
	  "max_gpus: 2 }\n",
	  "t.yaml:3:33: max_cpus_per_gpu in limits of partition \"a\" (0: no "
	  "limit there) must be a positive number, not -3\n"
	  "t.yaml:3:37: unknown key \"max_gpus\" in limits of partition "
	  "\"a\"; did you mean \"max_gpus_per_job\"?\n", NULL, NULL },
};

/* Copy fmt to out with its one "%s" (if any) replaced by arg. */
static void
subst(char *out, size_t size, const char *fmt, const char *arg)
{
	const char	*p = strstr(fmt, "%s");

	if (p == NULL || arg == NULL) {
		snprintf(out, size, "%s", fmt);
		return;
	}
	snprintf(out, size, "%.*s%s%s", (int)(p - fmt), fmt, arg, p + 2);
}

static void
t_bad(void **state)
{
	struct jl_policy	*p;
	char			*errors;
	size_t			 i;

	(void)state;
	for (i = 0; i < JL_NITEMS(bad); i++) {
		errors = (char *)"untouched";
		p = load(bad[i].yaml, &errors);
		if (p != NULL)
			fail_msg("case %zu: accepted", i);
		if (errors == NULL || strcmp(errors, bad[i].errors) != 0)
			fail_msg("case %zu: errors\n%s\nwant\n%s", i,
			    errors ? errors : "(none)", bad[i].errors);
		free(errors);
	}
}

static void
t_bad_values(void **state)
{
	struct jl_policy	*p;
	struct jl_time		 t;
	char			*errors, want[1024];
	const char		*err;
	uint64_t		 mb;
	size_t			 i;

	(void)state;
	for (i = 0; i < JL_NITEMS(bad_values); i++) {
		err = NULL;
		if (bad_values[i].time != NULL)
			assert_int_equal(jl_val_time(bad_values[i].time, &t,
			    &err), -1);
		else
			assert_int_equal(jl_val_mem(bad_values[i].mem, &mb,
			    &err), -1);
		assert_non_null(err);
		subst(want, sizeof(want), bad_values[i].errors, err);
		errors = NULL;
		p = load(bad_values[i].yaml, &errors);
		if (p != NULL)
			fail_msg("case %zu: accepted", i);
		if (errors == NULL || strcmp(errors, want) != 0)
			fail_msg("case %zu: errors\n%s\nwant\n%s", i,
			    errors ? errors : "(none)", want);
		free(errors);
	}
}

/* Every mistake in one file is reported, in file order. */
static void
t_every_mistake(void **state)
{
	static const char *yaml =
	    "slurm_version: 20.11\n"
	    "gpu_flag: nv\n"
	    "partitions:\n"
	    "  - name: a\n"
	    "    default: true\n"
	    "    max_tim: 1\n"
	    "  - name: a\n"
	    "  - name: b\n"
	    "    default: true\n"
	    "rules:\n"
	    "  time-mmss: { mode: loud }\n"
	    "exemptions:\n"
	    "  - rules: [x]\n"
	    "    users: [u]\n"
	    "    reason: r\n"
	    "    expires: 2027-13-01\n"
	    "bogus: 1\n";
	char	*errors = NULL;

	(void)state;
	assert_null(load(yaml, &errors));
	assert_string_equal(errors,
	    "t.yaml:1:16: slurm_version \"20.11\" is not a release jlint "
	    "knows; write 22.05, 23.02, 23.11, 24.05, 24.11, 25.05, 25.11 or 26.05 "
	    "(quoted, so YAML keeps the zero)\n"
	    "t.yaml:2:11: gpu_flag \"nv\" is not valid; write --nv or --rocm\n"
	    "t.yaml:6:5: unknown key \"max_tim\" in partition \"a\"; did you "
	    "mean \"max_time\"?\n"
	    "t.yaml:7:11: duplicate partition \"a\" (first at line 4)\n"
	    "t.yaml:9:14: partition \"b\" is marked default, but partition "
	    "\"a\" (line 4) already is; Slurm has one default partition\n"
	    "t.yaml:11:22: mode \"loud\" of rule \"time-mmss\" is not valid; "
	    "write enforce, warn or audit\n"
	    "t.yaml:16:14: expires \"2027-13-01\" of exemption 1 is not a "
	    "date; write YYYY-MM-DD\n"
	    "t.yaml:17:1: unknown key \"bogus\" in the policy\n");
	free(errors);
}

/* Hostile YAML is rejected within the bounds, with a location. */
static void
t_bounds(void **state)
{
	char	 yaml[4096];
	char	*errors = NULL;
	size_t	 len, i, j;

	(void)state;
	/* An alias bomb inside site_rules. */
	len = (size_t)snprintf(yaml, sizeof(yaml),
	    "site_rules:\n  - &a0 {x: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}\n");
	for (i = 1; i < 8; i++) {
		len += (size_t)snprintf(yaml + len, sizeof(yaml) - len,
		    "  - &a%zu [", i);
		for (j = 0; j < 10; j++)
			len += (size_t)snprintf(yaml + len, sizeof(yaml) - len,
			    "%s*a%zu", j ? ", " : "", i - 1);
		len += (size_t)snprintf(yaml + len, sizeof(yaml) - len, "]\n");
	}
	assert_null(jl_policy_load("t.yaml", yaml, len, &errors));
	assert_non_null(errors);
	assert_non_null(strstr(errors, "document has more than 10000 nodes"));
	assert_int_equal(strncmp(errors, "t.yaml:5:", 9), 0);
	free(errors);

	/* Nesting: partitions -> 70 levels of lists. */
	len = (size_t)snprintf(yaml, sizeof(yaml), "partitions: ");
	for (i = 0; i < 70; i++)
		yaml[len++] = '[';
	for (i = 0; i < 70; i++)
		yaml[len++] = ']';
	yaml[len++] = '\n';
	errors = NULL;
	assert_null(jl_policy_load("t.yaml", yaml, len, &errors));
	assert_string_equal(errors, "t.yaml:1:76: lists and mappings are "
	    "nested more than 64 deep\n");
	free(errors);
}

/* --- lookups ------------------------------------------------------------- */

static void
t_partition_lookup(void **state)
{
	static const struct {
		const char	*yaml;
		const char	*name;		/* asked for */
		const char	*want;		/* NULL: none */
	} cases[] = {
		/* marked default */
		{ "partitions: [{name: a}, {name: b, default: true}]\n",
		  NULL, "b" },
		/* none marked, only one: that one */
		{ "partitions: [{name: only}]\n", NULL, "only" },
		/* none marked, several: none (LUMI: -p is required) */
		{ "partitions: [{name: a}, {name: b}]\n", NULL, NULL },
		/* default: false is not default */
		{ "partitions: [{name: a, default: false}, {name: b}]\n",
		  NULL, NULL },
		{ "partitions: [{name: a}, {name: b}]\n", "b", "b" },
		{ "partitions: [{name: a}, {name: b}]\n", "c", NULL },
		/* names are compared exactly, as Slurm does */
		{ "partitions: [{name: gpu}]\n", "GPU", NULL },
		{ "partitions: [{name: a, default: true}]\n", "a", "a" },
		{ "", NULL, NULL },
	};
	struct jl_policy		*p;
	const struct jl_partition	*pt;
	size_t				 i;

	(void)state;
	for (i = 0; i < JL_NITEMS(cases); i++) {
		p = load_ok(cases[i].yaml);
		pt = jl_policy_partition(p, cases[i].name);
		if (cases[i].want == NULL ? pt != NULL : pt == NULL ||
		    strcmp(pt->name, cases[i].want) != 0)
			fail_msg("case %zu: got %s, want %s", i,
			    pt ? pt->name : "NULL", cases[i].want ?
			    cases[i].want : "NULL");
		jl_policy_free(p);
	}
	assert_null(jl_policy_partition(NULL, NULL));
	assert_null(jl_policy_setting(NULL, "x", "y"));
}

static void
t_settings(void **state)
{
	static const struct {
		const char	*value;
		int		 enabled;
		int		 has_severity;
		enum jl_sev	 severity;
		enum jl_mode	 mode;
	} cases[] = {
		{ "off", 0, 0, JL_SEV_INFO, JL_MODE_DEFAULT },
		{ "false", 0, 0, JL_SEV_INFO, JL_MODE_DEFAULT },
		{ "no", 0, 0, JL_SEV_INFO, JL_MODE_DEFAULT },
		{ "OFF", 0, 0, JL_SEV_INFO, JL_MODE_DEFAULT },
		{ "\"off\"", 0, 0, JL_SEV_INFO, JL_MODE_DEFAULT },
		{ "on", 1, 0, JL_SEV_INFO, JL_MODE_DEFAULT },
		{ "true", 1, 0, JL_SEV_INFO, JL_MODE_DEFAULT },
		{ "error", 1, 1, JL_SEV_ERROR, JL_MODE_DEFAULT },
		{ "warning", 1, 1, JL_SEV_WARNING, JL_MODE_DEFAULT },
		{ "info", 1, 1, JL_SEV_INFO, JL_MODE_DEFAULT },
		{ "enforce", 1, 0, JL_SEV_INFO, JL_MODE_ENFORCE },
		{ "warn", 1, 0, JL_SEV_INFO, JL_MODE_WARN },
		{ "audit", 1, 0, JL_SEV_INFO, JL_MODE_AUDIT },
		{ "{}", 1, 0, JL_SEV_INFO, JL_MODE_DEFAULT },
		{ "{enabled: no, severity: warning, mode: warn}", 0, 1,
		  JL_SEV_WARNING, JL_MODE_WARN },
	};
	struct jl_policy		*p;
	const struct jl_rule_setting	*st;
	char				 yaml[128];
	size_t				 i;

	(void)state;
	for (i = 0; i < JL_NITEMS(cases); i++) {
		snprintf(yaml, sizeof(yaml), "rules:\n  JL2003: %s\n",
		    cases[i].value);
		p = load_ok(yaml);
		st = jl_policy_setting(p, "time-mmss", "JL2003");
		assert_non_null(st);
		if (st->enabled != cases[i].enabled ||
		    st->has_severity != cases[i].has_severity ||
		    (st->has_severity && st->severity != cases[i].severity) ||
		    jl_setting_mode(st, JL_POINT_JOB_SUBMIT) != cases[i].mode)
			fail_msg("case %s: enabled %d sev %d/%d mode %d",
			    cases[i].value, st->enabled, st->has_severity,
			    (int)st->severity,
			    (int)jl_setting_mode(st, JL_POINT_JOB_SUBMIT));
		jl_policy_free(p);
	}
}

/* A mode per enforcement point; cli and audit follow job_submit. */
static void
t_point_modes(void **state)
{
	static const struct {
		const char	*value;
		enum jl_mode	 want[JL_NPOINTS];	/* enum jl_point order */
	} cases[] = {
		{ "enforce", { JL_MODE_ENFORCE, JL_MODE_ENFORCE,
		    JL_MODE_ENFORCE, JL_MODE_ENFORCE } },
		{ "{ mode: audit }", { JL_MODE_AUDIT, JL_MODE_AUDIT,
		    JL_MODE_AUDIT, JL_MODE_AUDIT } },
		/* job_submit, cli_filter, cli, audit */
		{ "{ mode: { cli_filter: warn, job_submit: enforce } }",
		  { JL_MODE_ENFORCE, JL_MODE_WARN, JL_MODE_ENFORCE,
		    JL_MODE_ENFORCE } },
		{ "{ mode: { cli_filter: warn } }",
		  { JL_MODE_DEFAULT, JL_MODE_WARN, JL_MODE_DEFAULT,
		    JL_MODE_DEFAULT } },
		{ "{ mode: { job_submit: audit, cli: warn } }",
		  { JL_MODE_AUDIT, JL_MODE_DEFAULT, JL_MODE_WARN,
		    JL_MODE_AUDIT } },
		{ "{ mode: { default: warn, job_submit: enforce } }",
		  { JL_MODE_ENFORCE, JL_MODE_WARN, JL_MODE_WARN,
		    JL_MODE_WARN } },
		{ "{ mode: { default: warn, audit: audit } }",
		  { JL_MODE_WARN, JL_MODE_WARN, JL_MODE_WARN,
		    JL_MODE_AUDIT } },
		{ "{ mode: {} }", { JL_MODE_DEFAULT, JL_MODE_DEFAULT,
		    JL_MODE_DEFAULT, JL_MODE_DEFAULT } },
	};
	struct jl_policy		*p;
	const struct jl_rule_setting	*st;
	char				 yaml[160];
	size_t				 i, k;

	(void)state;
	assert_string_equal(jl_point_name(JL_POINT_CLI_FILTER), "cli_filter");
	assert_string_equal(jl_point_name(JL_POINT_JOB_SUBMIT), "job_submit");
	assert_string_equal(jl_point_name(JL_POINT_CLI), "cli");
	assert_string_equal(jl_point_name(JL_POINT_AUDIT), "audit");
	assert_null(jl_point_name(JL_NPOINTS));
	for (i = 0; i < JL_NITEMS(cases); i++) {
		snprintf(yaml, sizeof(yaml), "rules:\n  late-directive: %s\n",
		    cases[i].value);
		p = load_ok(yaml);
		st = jl_policy_setting(p, "late-directive", NULL);
		assert_non_null(st);
		for (k = 0; k < JL_NPOINTS; k++)
			if (jl_setting_mode(st, (enum jl_point)k) !=
			    cases[i].want[k])
				fail_msg("%s: %s: mode %d, want %d",
				    cases[i].value,
				    jl_point_name((enum jl_point)k),
				    (int)jl_setting_mode(st, (enum jl_point)k),
				    (int)cases[i].want[k]);
		jl_policy_free(p);
	}
	assert_int_equal(jl_setting_mode(NULL, JL_POINT_CLI), JL_MODE_DEFAULT);
}

static void
t_dates(void **state)
{
	static const struct {
		const char	*date;
		int64_t		 expires;	/* 0: rejected */
	} cases[] = {
		{ "1970-01-01", 86399 },
		{ "2000-02-29", 951868799 },	/* leap: divisible by 400 */
		{ "2024-12-31", 1735689599 },
		{ "2027-01-31", 1801439999 },
		{ "1900-02-29", 0 },		/* before 1970, no leap day */
		{ "2100-02-29", 0 },		/* not a leap year */
		{ "2027-04-31", 0 },
		{ "2027-00-10", 0 },
		{ "2027-1-1", 0 },
		{ "2027-01-01T00:00:00", 0 },
		{ "tomorrow", 0 },
	};
	struct jl_policy	*p;
	char			 yaml[256], *errors;
	size_t			 i;

	(void)state;
	for (i = 0; i < JL_NITEMS(cases); i++) {
		snprintf(yaml, sizeof(yaml), "exemptions:\n  - rules: [x]\n"
		    "    users: [u]\n    reason: r\n    expires: %s\n",
		    cases[i].date);
		errors = NULL;
		p = load(yaml, &errors);
		if (cases[i].expires == 0) {
			if (p != NULL)
				fail_msg("%s: accepted", cases[i].date);
			assert_non_null(strstr(errors, "is not a date"));
			free(errors);
			continue;
		}
		if (p == NULL)
			fail_msg("%s: %s", cases[i].date, errors);
		assert_int_equal(p->exemptions[0].expires, cases[i].expires);
		jl_policy_free(p);
	}
}

/* --- shipped policies ------------------------------------------------ */

static void
t_shipped(void **state)
{
	static const char *files[] = {
		"policies/default.yaml", "policies/ai-lab.yaml",
		"policies/lumi.yaml"
	};
	struct jl_policy	*p;
	char			*data, *errors;
	size_t			 i, len;

	(void)state;
	for (i = 0; i < JL_NITEMS(files); i++) {
		data = read_file(files[i], &len);
		errors = NULL;
		p = jl_policy_load(files[i], data, len, &errors);
		if (p == NULL)
			fail_msg("%s:\n%s", files[i], errors);
		assert_null(errors);
		assert_string_equal(p->path, files[i]);
		jl_policy_free(p);
		free(data);
	}
}

static void
t_ai_lab(void **state)
{
	struct jl_policy		*p;
	const struct jl_partition	*pt;
	const struct jl_rule_setting	*st;
	char				*data, *errors = NULL;
	size_t				 len, i, t4 = 0;

	(void)state;
	data = read_file("policies/ai-lab.yaml", &len);
	p = jl_policy_load("policies/ai-lab.yaml", data, len, &errors);
	assert_non_null(p);
	assert_string_equal(p->name, "ai-lab");
	assert_string_equal(p->gpu_flag, "--nv");
	assert_string_equal(p->image_dirs[0], "/ceph/container");
	assert_int_equal(p->max_gpus_per_job, 8);
	assert_int_equal(p->max_cpus_per_gpu, 16);
	pt = jl_policy_partition(p, NULL);
	assert_non_null(pt);
	assert_string_equal(pt->name, "prioritized");
	assert_int_equal(pt->max_time, 6 * 24 * 60);
	assert_int_equal(pt->preemptible, 0);
	pt = jl_policy_partition(p, "batch");
	assert_non_null(pt);
	assert_int_equal(pt->max_time, 12 * 60);
	assert_int_equal(pt->preemptible, 1);
	for (i = 0; i < pt->nnodes; i++)
		if (pt->nodes[i].ngpus == 1 &&
		    strcmp(pt->nodes[i].gpus[0].type, "t4") == 0) {
			t4++;
			assert_int_equal(pt->nodes[i].gpus[0].count, 6);
			assert_int_equal(pt->nodes[i].cpus, 64);
		}
	assert_int_equal(t4, 1);
	st = jl_policy_setting(p, "gpu-container-no-nv", NULL);
	assert_int_equal(st->mode[JL_POINT_JOB_SUBMIT], JL_MODE_ENFORCE);
	st = jl_policy_setting(p, "requeue-gpu-type-unpinned", NULL);
	assert_int_equal(st->mode[JL_POINT_JOB_SUBMIT], JL_MODE_WARN);
	st = jl_policy_setting(p, "preemptible-without-requeue", NULL);
	assert_int_equal(st->mode[JL_POINT_JOB_SUBMIT], JL_MODE_WARN);
	assert_int_equal(p->nsite_rules, 1);
	assert_true(jl_yaml_eq(jl_yaml_get(p->site_rules[0], "code"),
	    "AILAB001"));
	jl_policy_free(p);
	free(data);
}

static void
t_lumi(void **state)
{
	static const struct {
		const char	*name;
		int64_t		 max_time;
	} parts[] = {
		{ "standard-g", 2 * 24 * 60 },
		{ "small-g", 3 * 24 * 60 },
		{ "dev-g", 3 * 60 },
		{ "standard", 2 * 24 * 60 },
		{ "small", 3 * 24 * 60 },
		{ "debug", 30 },
		{ "largemem", 24 * 60 },
		/* named only (no limits, no nodes) */
		{ "lumid", JL_UNSET },
		{ "bench", JL_UNSET },
	};
	struct jl_policy		*p;
	const struct jl_partition	*pt;
	char				*data, *errors = NULL;
	size_t				 len, i;

	(void)state;
	data = read_file("policies/lumi.yaml", &len);
	p = jl_policy_load("policies/lumi.yaml", data, len, &errors);
	assert_non_null(p);
	assert_string_equal(p->gpu_flag, "--rocm");
	assert_int_equal(p->npartitions, JL_NITEMS(parts));
	for (i = 0; i < JL_NITEMS(parts); i++) {
		pt = jl_policy_partition(p, parts[i].name);
		if (pt == NULL)
			fail_msg("no partition %s", parts[i].name);
		assert_int_equal(pt->max_time, parts[i].max_time);
		assert_int_equal(pt->is_default, 0);
	}
	/* No default: users must pass --partition. */
	assert_null(jl_policy_partition(p, NULL));
	assert_int_equal(jl_policy_partition(p, "lumid")->nnodes, 0);
	pt = jl_policy_partition(p, "standard-g");
	assert_int_equal(pt->nodes[0].cpus, 112);	/* threads of 56 cores */
	assert_int_equal(pt->nodes[0].mem_mb, 480 * 1024);
	assert_int_equal(pt->nodes[0].gpus[0].count, 8);
	jl_policy_free(p);
	free(data);
}

/* The embedded default is policies/default.yaml, byte for byte. */
static void
t_embedded_default(void **state)
{
	struct jl_policy	*p;
	char			*data, *errors = NULL;
	size_t			 len;

	(void)state;
	data = read_file("policies/default.yaml", &len);
	assert_int_equal(jl_default_policy_len, len);
	assert_memory_equal(jl_default_policy, data, len);
	assert_int_equal(jl_default_policy[len], '\0');
	free(data);
	p = jl_policy_default(&errors);
	assert_non_null(p);
	assert_null(errors);
	assert_string_equal(p->path, "(embedded default)");
	assert_string_equal(p->name, "default");
	/* No site facts at all. */
	assert_int_equal(p->npartitions, 0);
	assert_null(p->gpu_flag);
	assert_int_equal(p->max_gpus_per_job, JL_UNSET);
	assert_int_equal(p->nsettings, 0);
	assert_int_equal(p->nsite_rules, 0);
	jl_policy_free(p);
}

/* enforce_part_limits (EnforcePartLimits) and gres_names (GresTypes). */
static void
t_epl_gres(void **state)
{
	struct jl_policy	*p;
	char			*errors = NULL;

	(void)state;
	p = load_ok("name: x\n");
	assert_int_equal(p->enforce_part_limits, JL_EPL_UNKNOWN);
	assert_null(p->gres_names);
	jl_policy_free(p);
	p = load_ok("enforce_part_limits: NO\n");
	assert_int_equal(p->enforce_part_limits, JL_EPL_NO);
	jl_policy_free(p);
	p = load_ok("enforce_part_limits: any\ngres_names: [gpu, mps]\n");
	assert_int_equal(p->enforce_part_limits, JL_EPL_ANY);
	assert_string_equal(p->gres_names[0], "gpu");
	assert_string_equal(p->gres_names[1], "mps");
	assert_null(p->gres_names[2]);
	jl_policy_free(p);
	p = load_ok("enforce_part_limits: YES\ngres_names: gpu\n");
	assert_int_equal(p->enforce_part_limits, JL_EPL_ALL);
	assert_string_equal(p->gres_names[0], "gpu");
	jl_policy_free(p);
	p = load("enforce_part_limits: maybe\n", &errors);
	assert_null(p);
	assert_non_null(errors);
	assert_non_null(strstr(errors, "enforce_part_limits"));
	free(errors);
}

/* script_read_kb: the plugin's bound on the script bytes it reads. */
static void
t_script_read_kb(void **state)
{
	struct jl_policy	*p;
	char			*errors = NULL;
	static const char *const wrong[] = { "script_read_kb: 0\n",
	    "script_read_kb: 4097\n", "script_read_kb: 64K\n",
	    "script_read_kb: -1\n" };
	size_t			 i;

	(void)state;
	assert_int_equal(jl_policy_script_read_limit(NULL), 64 * 1024);
	p = load_ok("name: x\n");
	assert_int_equal(jl_policy_script_read_limit(p), 64 * 1024);
	jl_policy_free(p);
	p = load_ok("script_read_kb: 4096\n");
	assert_int_equal(jl_policy_script_read_limit(p), 4096 * 1024);
	jl_policy_free(p);
	p = load_ok("script_read_kb: 1\n");
	assert_int_equal(jl_policy_script_read_limit(p), 1024);
	jl_policy_free(p);
	for (i = 0; i < JL_NITEMS(wrong); i++) {
		p = load(wrong[i], &errors);
		assert_null(p);
		assert_non_null(errors);
		assert_non_null(strstr(errors, "script_read_kb"));
		free(errors);
		errors = NULL;
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_script_read_kb),
		cmocka_unit_test(t_empty),
		cmocka_unit_test(t_full),
		cmocka_unit_test(t_durations),
		cmocka_unit_test(t_versions),
		cmocka_unit_test(t_bad),
		cmocka_unit_test(t_bad_values),
		cmocka_unit_test(t_every_mistake),
		cmocka_unit_test(t_bounds),
		cmocka_unit_test(t_partition_lookup),
		cmocka_unit_test(t_settings),
		cmocka_unit_test(t_point_modes),
		cmocka_unit_test(t_dates),
		cmocka_unit_test(t_shipped),
		cmocka_unit_test(t_ai_lab),
		cmocka_unit_test(t_lumi),
		cmocka_unit_test(t_embedded_default),
		cmocka_unit_test(t_epl_gres),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
