/*
 * t_policyload.c: the one policy loader (lint/policy-load.c): discovery
 * order, extends: chains (relative paths, default, loops, a broken base),
 * the safe reader (directories, FIFOs, size), on_error of a broken file,
 * the facts hook, and the verdict of findings (lint/verdict.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policy-load.h"
#include "verdict.h"

static char	dir[] = "/tmp/t_policyload.XXXXXX";

static const char *
put(const char *name, const char *text)
{
	static char	 path[4096];
	FILE		*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	return path;
}

static char *
at(const char *name)
{
	char	*p;

	assert_non_null(p = malloc(strlen(dir) + strlen(name) + 2));
	sprintf(p, "%s/%s", dir, name);
	return p;
}

static const char SITE[] =
    "name: site\n"
    "partitions:\n"
    "  - { name: batch, default: true, max_time: \"12:00:00\" }\n"
    "rules:\n"
    "  gpu-container-no-nv: enforce\n"
    "  time-mmss: audit\n";

static void
t_extends_relative(void **state)
{
	struct jl_policy_set	*s;
	const struct jl_rule	*r;
	enum jl_mode		 mode;
	char			*errors = NULL, *top;
	int			 rej = -1;

	(void)state;
	put("site.yaml", SITE);
	top = at("repo");
	mkdir(top, 0755);
	free(top);
	put("repo/.jlint.yaml", "name: repo\nextends: ../site.yaml\n"
	    "rules:\n  late-directive: error\n");
	top = at("repo/.jlint.yaml");
	s = jl_policy_open(top, NULL, &errors, &rej);
	if (s == NULL)
		fail_msg("%s", errors);
	assert_null(errors);
	/* The base's partitions and enforced rules, the child's setting. */
	assert_int_equal(s->rs->policy->npartitions, 1);
	assert_string_equal(s->rs->policy->partitions[0].name, "batch");
	assert_non_null(r = jl_ruleset_find(s->rs, "gpu-container-no-nv"));
	assert_true(jl_rule_enabled(s->rs, r, NULL, &mode));
	assert_int_equal(mode, JL_MODE_ENFORCE);
	assert_int_equal(s->nlayers, 2);
	assert_string_equal(s->layers[1]->name, "repo");
	assert_string_equal(s->path, top);
	jl_policy_set_free(s);
	free(top);
}

static void
t_extends_default_and_loop(void **state)
{
	struct jl_policy_set	*s;
	char			*errors = NULL, *p;

	(void)state;
	p = at("d.yaml");
	put("d.yaml", "extends: default\n");
	assert_non_null(s = jl_policy_open(p, NULL, &errors, NULL));
	assert_int_equal(s->nlayers, 2);
	jl_policy_set_free(s);
	free(p);

	p = at("loop-a.yaml");
	put("loop-a.yaml", "extends: loop-b.yaml\n");
	put("loop-b.yaml", "extends: loop-a.yaml\n");
	assert_null(jl_policy_open(p, NULL, &errors, NULL));
	assert_non_null(strstr(errors, "extends: more than 8 levels"));
	assert_non_null(strstr(errors, "loop-a.yaml: cannot load the policy "
	    "it extends (\"loop-b.yaml\")"));
	free(errors);
	free(p);
}

static void
t_broken(void **state)
{
	char	*errors = NULL, *p;
	int	 rej = 0;

	(void)state;
	/* A broken base: its own error line first, then the chain. */
	p = at("child.yaml");
	put("base.yaml", "rules: [unclosed\n");
	put("child.yaml", "extends: base.yaml\n");
	assert_null(jl_policy_open(p, NULL, &errors, &rej));
	assert_non_null(strstr(errors, "base.yaml:"));
	assert_true(strstr(errors, "base.yaml:") < strstr(errors,
	    "cannot load the policy it extends"));
	assert_int_equal(rej, 0);
	free(errors);
	free(p);

	/* A broken top file that says on_error: reject. */
	p = at("rej.yaml");
	put("rej.yaml", "on_error: reject\nrules: [unclosed\n");
	assert_null(jl_policy_open(p, NULL, &errors, &rej));
	assert_int_equal(rej, 1);
	free(errors);
	free(p);

	/* Not a regular file; missing. */
	p = at("repo");
	assert_null(jl_policy_open(p, NULL, &errors, NULL));
	assert_non_null(strstr(errors, "is a directory"));
	free(errors);
	free(p);
	p = at("fifo");
	assert_int_equal(mkfifo(p, 0600), 0);
	assert_null(jl_policy_open(p, NULL, &errors, NULL));
	assert_non_null(strstr(errors, "not a regular file"));
	free(errors);
	free(p);
	p = at("nope.yaml");
	assert_null(jl_policy_open(p, NULL, &errors, NULL));
	assert_non_null(strstr(errors, "No such file"));
	free(errors);
	free(p);
}

/* Keys, values and rule names of one file: one report (issue 17.4). */
static void
t_all_errors(void **state)
{
	char	*errors = NULL, *p;

	(void)state;
	p = at("many.yaml");
	put("many.yaml", "name: many\nbogus_key: 1\nrules:\n"
	    "  no-such-rule: enforce\n  gpu-container-no-nv: enforcee\n");
	assert_null(jl_policy_open(p, NULL, &errors, NULL));
	assert_non_null(strstr(errors, "many.yaml:2:1: unknown key "
	    "\"bogus_key\""));
	assert_non_null(strstr(errors, "many.yaml:5:"));
	assert_non_null(strstr(errors, "many.yaml:4:3: unknown rule "
	    "\"no-such-rule\""));
	free(errors);
	/* The clean twin loads. */
	put("many.yaml", "name: many\nrules:\n  gpu-container-no-nv: "
	    "enforce\n");
	{
		struct jl_policy_set	*s;

		assert_non_null(s = jl_policy_open(p, NULL, &errors, NULL));
		jl_policy_set_free(s);
	}
	free(p);
}

/* decisions: an absolute log path, admin_comment; the extending file's
 * over its base's (issue 17.6). */
static void
t_decisions(void **state)
{
	struct jl_policy_set	*s;
	char			*errors = NULL, *p;

	(void)state;
	p = at("dec.yaml");
	put("dec.yaml", "decisions:\n  log: jlint.log\n  admin_comment: "
	    "maybe\n  bogus: 1\n");
	assert_null(jl_policy_open(p, NULL, &errors, NULL));
	assert_non_null(strstr(errors, "dec.yaml:2:8: decisions: log must be "
	    "an absolute path"));
	assert_non_null(strstr(errors, "dec.yaml:3:"));
	assert_non_null(strstr(errors, "dec.yaml:4:3: unknown key \"bogus\""));
	free(errors);
	put("base.yaml", "decisions: { log: /var/log/jlint.jsonl, "
	    "admin_comment: false }\n");
	put("dec.yaml", "extends: base.yaml\n");
	assert_non_null(s = jl_policy_open(p, NULL, &errors, NULL));
	assert_string_equal(s->rs->policy->decision_log, "/var/log/jlint.jsonl");
	assert_int_equal(s->rs->policy->admin_comment, 0);
	jl_policy_set_free(s);
	put("dec.yaml", "extends: base.yaml\ndecisions:\n  log: /x.jsonl\n");
	assert_non_null(s = jl_policy_open(p, NULL, &errors, NULL));
	assert_string_equal(s->rs->policy->decision_log, "/x.jsonl");
	assert_int_equal(s->rs->policy->admin_comment, 0);
	jl_policy_set_free(s);
	put("dec.yaml", "name: none\n");
	assert_non_null(s = jl_policy_open(p, NULL, &errors, NULL));
	assert_null(s->rs->policy->decision_log);
	assert_int_equal(s->rs->policy->admin_comment, -1);
	jl_policy_set_free(s);
	free(p);
}

/* The read hook sees every file of the chain and can serve them from
 * memory (the plugin's last good policy on disk). */
struct reads {
	int	n;
	char	paths[4][256];
};

static char *
read_rec(const char *path, size_t *lenp, char **errors, void *arg)
{
	struct reads	*r = arg;

	if (r->n < 4)
		snprintf(r->paths[r->n++], sizeof(r->paths[0]), "%s", path);
	return jl_policy_read(path, lenp, errors);
}

static char *
read_mem(const char *path, size_t *lenp, char **errors, void *arg)
{
	(void)arg;
	(void)errors;
	*lenp = strlen(strstr(path, "child") != NULL ?
	    "extends: base.yaml\n" : SITE);
	return strdup(strstr(path, "child") != NULL ? "extends: base.yaml\n" :
	    SITE);
}

static void
t_read_hook(void **state)
{
	struct jl_policy_opts	 o;
	struct jl_policy_set	*s;
	struct reads		 r;
	char			*errors = NULL, *p;

	(void)state;
	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	o.read = read_rec;
	o.read_arg = &r;
	p = at("child.yaml");
	put("base.yaml", SITE);
	put("child.yaml", "extends: base.yaml\n");
	assert_non_null(s = jl_policy_open(p, &o, &errors, NULL));
	jl_policy_set_free(s);
	assert_int_equal(r.n, 2);
	assert_non_null(strstr(r.paths[0], "child.yaml"));
	assert_non_null(strstr(r.paths[1], "base.yaml"));
	/* No file on disk: served from memory. */
	unlink(p);
	o.read = read_mem;
	assert_non_null(s = jl_policy_open(p, &o, &errors, NULL));
	assert_non_null(jl_policy_partition(s->rs->policy, "batch"));
	jl_policy_set_free(s);
	free(p);
}

static int
merge_fail(struct jl_policy *p, void *arg, char **err)
{
	(void)p;
	*(int *)arg += 1;
	*err = strdup("no controller");
	return -1;
}

static void
t_merge_hook(void **state)
{
	struct jl_policy_opts	 o;
	char			*errors = NULL;
	int			 calls = 0;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.merge = merge_fail;
	o.merge_arg = &calls;
	assert_null(jl_policy_open(NULL, &o, &errors, NULL));
	assert_int_equal(calls, 1);
	assert_string_equal(errors, "jlint: no controller\n");
	free(errors);
}

static void
t_find(void **state)
{
	struct jl_policy_where	 w;
	char			*p, *want, *script;

	(void)state;
	memset(&w, 0, sizeof(w));
	unsetenv("JLINT_POLICY");
	/* A script below repo/ finds repo/.jlint.yaml. */
	p = at("repo/sub");
	mkdir(p, 0755);
	free(p);
	put("repo/sub/job.sh", "#!/bin/bash\n");
	want = at("repo/.jlint.yaml");
	script = at("repo/sub/job.sh");
	w.script = script;
	p = jl_policy_find(&w);
	assert_non_null(p);
	assert_string_equal(p, want);
	free(p);
	/* The environment comes before the script's directory. */
	w.use_env = 1;
	setenv("JLINT_POLICY", "/x/env.yaml", 1);
	p = jl_policy_find(&w);
	assert_string_equal(p, "/x/env.yaml");
	free(p);
	/* --policy before everything; --isolated: the embedded default. */
	w.path = "/x/arg.yaml";
	p = jl_policy_find(&w);
	assert_string_equal(p, "/x/arg.yaml");
	free(p);
	w.path = NULL;
	w.isolated = 1;
	assert_null(jl_policy_find(&w));
	unsetenv("JLINT_POLICY");
	free(want);
	free(script);

	/* jlint.yaml next to slurm.conf. */
	memset(&w, 0, sizeof(w));
	put("jlint.yaml", "name: c\n");
	want = at("jlint.yaml");
	script = at("slurm.conf");
	w.slurm_conf = script;
	p = jl_policy_find(&w);
	assert_non_null(p);
	assert_string_equal(p, want);
	free(p);
	free(want);
	free(script);
}

static void
t_verdict(void **state)
{
	struct jl_policy_set	*s;
	struct jl_finding	 f;
	enum jl_mode		 mode;
	char			*errors = NULL, *p;

	(void)state;
	p = at("site.yaml");
	put("site.yaml", SITE);
	assert_non_null(s = jl_policy_open(p, NULL, &errors, NULL));
	memset(&f, 0, sizeof(f));
	f.rule = "gpu-container-no-nv";
	f.sev = JL_SEV_INFO;
	assert_int_equal(jl_verdict(s->rs, &f, 0, JL_POINT_JOB_SUBMIT, &mode), JL_ACT_REJECT);
	assert_int_equal(mode, JL_MODE_ENFORCE);
	f.rule = "time-mmss";
	assert_int_equal(jl_verdict(s->rs, &f, 0, JL_POINT_JOB_SUBMIT, &mode), JL_ACT_LOG);
	/* No mode: warnings and errors warn, the rest is not shown. */
	f.rule = "array-output-clobber";
	f.sev = JL_SEV_WARNING;
	assert_int_equal(jl_verdict(s->rs, &f, 0, JL_POINT_JOB_SUBMIT, &mode), JL_ACT_WARN);
	assert_int_equal(mode, JL_MODE_DEFAULT);
	f.sev = JL_SEV_INFO;
	assert_int_equal(jl_verdict(s->rs, &f, 0, JL_POINT_JOB_SUBMIT, NULL), JL_ACT_NONE);
	/* A reader finding about options written from a job request. */
	f.rule = "unknown-option";
	f.sev = JL_SEV_ERROR;
	f.src = NULL;
	assert_int_equal(jl_verdict(s->rs, &f, 1, JL_POINT_JOB_SUBMIT, NULL), JL_ACT_NONE);
	assert_int_equal(jl_verdict(s->rs, &f, 0, JL_POINT_JOB_SUBMIT, NULL), JL_ACT_WARN);
	jl_policy_set_free(s);
	free(p);
}

/* A staged roll-out: warn at cli_filter, enforce at job_submit; cli and
 * audit say what the controller does. */
static void
t_verdict_points(void **state)
{
	struct jl_policy_set	*s;
	struct jl_finding	 f;
	enum jl_mode		 mode;
	char			*errors = NULL, *p;

	(void)state;
	p = at("staged.yaml");
	put("staged.yaml", "rules:\n  late-directive: { mode: { cli_filter: "
	    "warn, job_submit: enforce } }\n  time-mmss: { mode: "
	    "{ cli_filter: enforce } }\n");
	assert_non_null(s = jl_policy_open(p, NULL, &errors, NULL));
	memset(&f, 0, sizeof(f));
	f.rule = "late-directive";
	f.sev = JL_SEV_WARNING;
	assert_int_equal(jl_verdict(s->rs, &f, 0, JL_POINT_CLI_FILTER, &mode),
	    JL_ACT_WARN);
	assert_int_equal(mode, JL_MODE_WARN);
	assert_int_equal(jl_verdict(s->rs, &f, 0, JL_POINT_JOB_SUBMIT, &mode),
	    JL_ACT_REJECT);
	assert_int_equal(jl_verdict(s->rs, &f, 0, JL_POINT_AUDIT, &mode),
	    JL_ACT_REJECT);
	assert_int_equal(jl_verdict(s->rs, &f, 0, JL_POINT_CLI, &mode),
	    JL_ACT_REJECT);
	/* Enforced at the submit host only: no mode in the controller. */
	f.rule = "time-mmss";
	f.sev = JL_SEV_INFO;
	assert_int_equal(jl_verdict(s->rs, &f, 0, JL_POINT_CLI_FILTER, &mode),
	    JL_ACT_REJECT);
	assert_int_equal(jl_verdict(s->rs, &f, 0, JL_POINT_JOB_SUBMIT, &mode),
	    JL_ACT_NONE);
	assert_int_equal(mode, JL_MODE_DEFAULT);
	assert_int_equal(jl_verdict(s->rs, &f, 0, JL_POINT_AUDIT, NULL),
	    JL_ACT_NONE);
	jl_policy_set_free(s);
	free(p);
}

/* extends: modes merge per point; what the site enforces at a point
 * stays enforced there. */
static void
t_extends_points(void **state)
{
	struct jl_policy_set	*s;
	const struct jl_rule	*r;
	char			*errors = NULL, *p;

	(void)state;
	put("pbase.yaml", "rules:\n  late-directive: { mode: { job_submit: "
	    "enforce, cli_filter: warn } }\n  time-mmss: { mode: { cli: "
	    "warn } }\n");
	/* Raising cli_filter to enforce is allowed; the base's cli stays. */
	put("pok.yaml", "extends: pbase.yaml\nrules:\n  late-directive: "
	    "{ mode: { cli_filter: enforce } }\n  time-mmss: { mode: "
	    "{ job_submit: audit } }\n");
	p = at("pok.yaml");
	s = jl_policy_open(p, NULL, &errors, NULL);
	if (s == NULL)
		fail_msg("%s", errors);
	assert_non_null(r = jl_ruleset_find(s->rs, "late-directive"));
	assert_int_equal(jl_rule_mode(s->rs, r, JL_POINT_CLI_FILTER),
	    JL_MODE_ENFORCE);
	assert_int_equal(jl_rule_mode(s->rs, r, JL_POINT_JOB_SUBMIT),
	    JL_MODE_ENFORCE);
	assert_non_null(r = jl_ruleset_find(s->rs, "time-mmss"));
	assert_int_equal(jl_rule_mode(s->rs, r, JL_POINT_CLI), JL_MODE_WARN);
	assert_int_equal(jl_rule_mode(s->rs, r, JL_POINT_AUDIT),
	    JL_MODE_AUDIT);
	jl_policy_set_free(s);
	free(p);
	/* Weakening job_submit, or the cli point that follows it, is not. */
	put("pbad.yaml", "extends: pbase.yaml\nrules:\n  late-directive: "
	    "{ mode: { cli: warn } }\n");
	p = at("pbad.yaml");
	assert_null(jl_policy_open(p, NULL, &errors, NULL));
	assert_non_null(strstr(errors, "pbad.yaml:3:3: rule \"late-directive\" "
	    "is enforced by the site policy"));
	assert_non_null(strstr(errors, "(line 2) at cli: a repository policy "
	    "cannot turn it off, lower its severity or change its mode there"));
	free(errors);
	errors = NULL;
	free(p);
	put("pbad2.yaml", "extends: pbase.yaml\nrules:\n  late-directive: "
	    "warn\n");
	p = at("pbad2.yaml");
	assert_null(jl_policy_open(p, NULL, &errors, NULL));
	assert_non_null(strstr(errors, "at job_submit: a repository policy"));
	free(errors);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_extends_relative),
		cmocka_unit_test(t_extends_default_and_loop),
		cmocka_unit_test(t_broken),
		cmocka_unit_test(t_merge_hook),
		cmocka_unit_test(t_all_errors),
		cmocka_unit_test(t_read_hook),
		cmocka_unit_test(t_decisions),
		cmocka_unit_test(t_find),
		cmocka_unit_test(t_verdict),
		cmocka_unit_test(t_verdict_points),
		cmocka_unit_test(t_extends_points),
	};
	char	cmd[256];
	int	rc;

	if (mkdtemp(dir) == NULL)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
