/*
 * t_rules.c: the rule catalog's invariants and every rule's own examples:
 * the bad example triggers that rule and no other, the good one does not
 * trigger it (ShellCheck's verify/verifyNot, jq's man.test).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix.h"
#include "embed.h"
#include "lint.h"
#include "rule.h"

static char *
slurp(const char *path, size_t *len)
{
	FILE	*fp;
	char	*buf;
	long	 n;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		fclose(fp);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static struct jl_ruleset *
load_set(const char *policy)
{
	struct jl_ruleset	*rs;
	struct jl_policy	*p;
	char			 path[256], *data, *errors = NULL;
	size_t			 len = 0;

	if (policy == NULL)
		p = jl_policy_default(&errors);
	else {
		snprintf(path, sizeof(path), "policies/%s.yaml", policy);
		data = slurp(path, &len);
		if (data == NULL)
			fail_msg("cannot read %s", path);
		p = jl_policy_load(path, data, len, &errors);
		free(data);
	}
	if (p == NULL)
		fail_msg("policy %s: %s", policy ? policy : "default",
		    errors ? errors : "?");
	rs = jl_ruleset_load(p, &errors);
	if (rs == NULL)
		fail_msg("rules: %s", errors ? errors : "?");
	return rs;
}

/* Lint text under rs; count findings of slug and of other rules. */
static void
lint(const struct jl_ruleset *rs, const char *text, size_t len, int sbatch,
    const char *env, const char *slug, int *mine, int *others,
    char *otherbuf, size_t olen)
{
	struct jl_arena		 a;
	struct jl_model		 m;
	struct jl_input		 in;
	const struct jl_finding	*f;
	const char		*envv[] = { env, NULL };
	size_t			 i;

	memset(&in, 0, sizeof(in));
	in.name = "example.sh";
	in.data = text;
	in.len = len;
	in.version = rs->policy && rs->policy->slurm_version ?
	    rs->policy->slurm_version : JL_SLURM_DEFAULT;
	if (sbatch) {
		in.sbatch_mode = 1;
		in.env = envv;
	}
	jl_arena_init(&a);
	assert_int_equal(jl_model_build(&a, &in, &m), 0);
	assert_int_equal(jl_lint_run(rs, &a, &m, sbatch, NULL), 0);
	*mine = *others = 0;
	otherbuf[0] = '\0';
	for (i = 0; i < m.findings.v.n; i++) {
		f = m.findings.v.items[i];
		if (strcmp(f->rule, slug) == 0)
			(*mine)++;
		else {
			(*others)++;
			snprintf(otherbuf + strlen(otherbuf), olen -
			    strlen(otherbuf), " [%s] %s;", f->rule, f->message);
		}
	}
	jl_arena_free(&a);
}

static void
test_examples(void **state)
{
	struct jl_ruleset	*def, *rs;
	const struct jl_rule	*r;
	char			 other[2048];
	size_t			 i;
	int			 mine, others, failed = 0;

	(void)state;
	def = load_set(NULL);
	for (i = 0; i < def->nrules; i++) {
		r = def->rules[i];
		rs = r->ex_policy != NULL ? load_set(r->ex_policy) : def;
		r = jl_ruleset_find(rs, def->rules[i]->slug);
		lint(rs, r->bad ? r->bad : "", r->badlen, r->ex_sbatch,
		    r->ex_env, r->slug,
		    &mine, &others, other, sizeof(other));
		if (mine == 0 || others != 0) {
			print_error("%s: bad example gives %d own, %d other "
			    "findings:%s\n", r->slug, mine, others, other);
			failed = 1;
		}
		lint(rs, r->good ? r->good : "", r->goodlen, r->ex_sbatch,
		    r->ex_env, r->slug, &mine, &others, other, sizeof(other));
		if (mine != 0) {
			print_error("%s: good example triggers it\n", r->slug);
			failed = 1;
		}
		if (rs != def)
			jl_ruleset_free(rs);
	}
	jl_ruleset_free(def);
	assert_int_equal(failed, 0);
}

static void
test_catalog(void **state)
{
	struct jl_ruleset	*rs;
	const struct jl_rule	*r;
	char			 path[256];
	size_t			 i, j;

	(void)state;
	rs = load_set(NULL);
	for (i = 0; i < rs->nrules; i++) {
		r = rs->rules[i];
		/* One file per rule, named after its slug. */
		snprintf(path, sizeof(path), "rules/%s.yaml", r->slug);
		if (strcmp(path, r->origin) != 0)
			fail_msg("%s is defined in %s", r->slug, r->origin);
		if (r->summary[0] == '\0' || strlen(r->doc) < 40)
			fail_msg("%s: summary and doc are required", r->slug);
		if (r->good == NULL || r->bad == NULL)
			fail_msg("%s: examples need bad and good", r->slug);
		for (j = i + 1; j < rs->nrules; j++)
			if (strcmp(r->code, rs->rules[j]->code) == 0)
				fail_msg("duplicate code %s", r->code);
	}
	/* Every builtin check has its YAML file. */
	for (i = 0; i < jl_nbuiltins; i++) {
		r = jl_ruleset_find(rs, jl_builtins[i].slug);
		if (r == NULL || r->kind != JL_RULE_BUILTIN)
			fail_msg("builtin %s has no rule file",
			    jl_builtins[i].slug);
		if (i > 0 && strcmp(jl_builtins[i - 1].slug,
		    jl_builtins[i].slug) >= 0)
			fail_msg("jl_builtins[] is not sorted at %s",
			    jl_builtins[i].slug);
	}
	assert_int_equal(rs->nrules, jl_embedded_nrules);
	jl_ruleset_free(rs);
}

/* Shipped policies load with the catalog. */
static void
test_policies(void **state)
{
	static const char *names[] = { "default", "ai-lab", "lumi" };
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		jl_ruleset_free(load_set(names[i]));
}

/* Mistakes in rules and settings are load errors with file:line:col. */
static const struct {
	const char	*yaml;
	const char	*error;		/* substring expected in errors */
} bad_cases[] = {
	{ "site_rules:\n"
	  "  - code: SITE001\n"
	  "    slug: my-rule\n"
	  "    severity: warning\n"
	  "    summary: x\n"
	  "    doc: y\n"
	  "    when: job.tiem > 12h\n"
	  "    message: m\n",
	  "t.yaml:7:" },
	{ "site_rules:\n"
	  "  - code: SITE001\n"
	  "    slug: my-rule\n"
	  "    severity: fatal\n"
	  "    summary: x\n"
	  "    doc: y\n"
	  "    when: job.time > 12h\n"
	  "    message: m\n",
	  "t.yaml:4:" },
	{ "site_rules:\n"
	  "  - code: JL9999\n"
	  "    slug: my-rule\n"
	  "    severity: warning\n"
	  "    summary: x\n"
	  "    doc: y\n"
	  "    when: job.time > 12h\n"
	  "    message: m\n",
	  "t.yaml:2:" },
	{ "site_rules:\n"
	  "  - code: SITE001\n"
	  "    slug: gpu-container-no-nv\n"
	  "    severity: warning\n"
	  "    summary: x\n"
	  "    doc: y\n"
	  "    when: job.time > 12h\n"
	  "    message: m\n",
	  "already defined" },
	{ "rules:\n"
	  "  gpu-contaner-no-nv: off\n",
	  "t.yaml:2:" },
	{ "site_rules:\n"
	  "  - code: SITE001\n"
	  "    slug: my-rule\n"
	  "    severity: warning\n"
	  "    summary: x\n"
	  "    doc: y\n"
	  "    when: job.name matches \"(unclosed\"\n"
	  "    message: m\n",
	  "t.yaml:7:" },
	/*
	 * fuzz/fuzz_policy: a rule rejected after its when: compiled (here
	 * a regex, PCRE2 memory outside the arena) leaked that code; under
	 * make check-asan LeakSanitizer fails these two cases if it does.
	 */
	{ "site_rules:\n"
	  "  - code: SITE001\n"
	  "    slug: my-rule\n"
	  "    severity: warning\n"
	  "    summary: x\n"
	  "    doc: y\n"
	  "    when: job.name matches '^x'\n",
	  "missing \"message\"" },
	{ "site_rules:\n"
	  "  - code: SITE001\n"
	  "    slug: gpu-container-no-nv\n"
	  "    severity: warning\n"
	  "    summary: x\n"
	  "    doc: y\n"
	  "    when: job.name matches '^x'\n"
	  "    message: m\n",
	  "already defined" },
};

static void
test_bad_rules(void **state)
{
	struct jl_policy	*p;
	struct jl_ruleset	*rs;
	char			*errors = NULL;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		errors = NULL;
		p = jl_policy_load("t.yaml", bad_cases[i].yaml,
		    strlen(bad_cases[i].yaml), &errors);
		if (p == NULL)
			fail_msg("case %zu: policy itself failed: %s", i,
			    errors ? errors : "");
		rs = jl_ruleset_load(p, &errors);
		if (rs != NULL)
			fail_msg("case %zu: loaded", i);
		if (errors == NULL || strstr(errors, bad_cases[i].error) ==
		    NULL)
			fail_msg("case %zu: errors \"%s\" lack \"%s\"", i,
			    errors ? errors : "", bad_cases[i].error);
		free(errors);
	}
}

/* A site rule written in the expression language fires and is located. */
static void
test_site_rule(void **state)
{
	static const char *yaml =
	    "site_rules:\n"
	    "  - code: SITE001\n"
	    "    slug: long-job\n"
	    "    severity: warning\n"
	    "    summary: Jobs over a day\n"
	    "    doc: Jobs over a day must say so.\n"
	    "    when: job.time > 1d\n"
	    "    at: job.opt.time\n"
	    "    message: \"--time={job.time} is over a day\"\n";
	static const char *script =
	    "#!/bin/bash\n#SBATCH --time=2-00:00:00\nsrun x\n";
	struct jl_policy	*p;
	struct jl_ruleset	*rs;
	char			*errors = NULL, other[512];
	int			 mine, others;

	(void)state;
	p = jl_policy_load("t.yaml", yaml, strlen(yaml), &errors);
	assert_non_null(p);
	rs = jl_ruleset_load(p, &errors);
	if (rs == NULL)
		fail_msg("%s", errors);
	lint(rs, script, strlen(script), 0, NULL, "long-job", &mine, &others, other,
	    sizeof(other));
	assert_int_equal(mine, 1);
	jl_ruleset_free(rs);
}

/*
 * AMD: a container that shows /dev needs no --rocm, unless the policy
 * says the site requires it (require_gpu_flag).
 */
static void
test_require_gpu_flag(void **state)
{
	static const char *const yaml[] = {
		"gpu_flag: --rocm\n",
		"gpu_flag: --rocm\nrequire_gpu_flag: true\n",
	};
	static const char *const scripts[] = {
		"#!/bin/bash\n#SBATCH -t 10\n#SBATCH --gpus-per-node=1\n"
		"srun singularity exec rocm.sif python x.py\n",
		"#!/bin/bash\n#SBATCH -t 10\n#SBATCH --gpus-per-node=1\n"
		"srun singularity exec --rocm rocm.sif python x.py\n",
		"#!/bin/bash\n#SBATCH -t 10\n#SBATCH --gpus-per-node=1\n"
		"srun singularity exec -c rocm.sif python x.py\n",
	};
	/* findings of gpu-container-no-nv: [policy][script] */
	static const int want[2][3] = { { 0, 0, 1 }, { 1, 0, 1 } };
	struct jl_policy	*p;
	struct jl_ruleset	*rs;
	char			*errors = NULL, other[512];
	size_t			 i, j;
	int			 mine, others;

	(void)state;
	for (i = 0; i < 2; i++) {
		p = jl_policy_load("t.yaml", yaml[i], strlen(yaml[i]),
		    &errors);
		assert_non_null(p);
		assert_int_equal(p->require_gpu_flag, (int)i);
		rs = jl_ruleset_load(p, &errors);
		if (rs == NULL)
			fail_msg("%s", errors);
		for (j = 0; j < 3; j++) {
			lint(rs, scripts[j], strlen(scripts[j]), 0, NULL,
			    "gpu-container-no-nv", &mine, &others, other,
			    sizeof(other));
			if (mine != want[i][j])
				fail_msg("policy %zu script %zu: %d findings",
				    i, j, mine);
		}
		jl_ruleset_free(rs);
	}
}

/* --fix adds the flag of the vendor the script shows (ROCm: --rocm); with
 * nothing that names one, no fix (NULL): the finding is a warning. */
static void
test_fix_vendor_flag(void **state)
{
	static const char *const scripts[] = {
		"#!/bin/bash\n#SBATCH -t 10\n#SBATCH --gres=gpu:1\n"
		"module load rocm/6.0\nexport APPTAINER_CONTAIN=1\n"
		"apptainer exec img.sif python x.py\n",
		"#!/bin/bash\n#SBATCH -t 10\n#SBATCH --gres=gpu:v100:1\n"
		"apptainer exec img.sif python x.py\n",
		"#!/bin/bash\n#SBATCH -t 10\n#SBATCH --gres=gpu:1\n"
		"module load cuda/12.4\napptainer exec img.sif python x.py\n",
		"#!/bin/bash\n#SBATCH -t 10\n#SBATCH --gres=gpu:1\n"
		"apptainer exec nvcr.io_nvidia_pytorch.sif python x.py\n",
		"#!/bin/bash\n#SBATCH -t 10\n#SBATCH --gres=gpu:1\n"
		"apptainer exec img.sif python x.py\n",
	};
	static const char *const want[] = { " --rocm", " --nv", " --nv",
	    " --nv", NULL };
	struct jl_ruleset	*rs = load_set(NULL);
	struct jl_arena		 a;
	struct jl_model		 m;
	struct jl_input		 in;
	struct jl_vec		 edits;
	const struct jl_edit	*e;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		memset(&in, 0, sizeof(in));
		in.name = "fix.sh";
		in.data = scripts[i];
		in.len = strlen(scripts[i]);
		in.version = JL_SLURM_DEFAULT;
		jl_arena_init(&a);
		memset(&edits, 0, sizeof(edits));
		assert_int_equal(jl_model_build(&a, &in, &m), 0);
		assert_int_equal(jl_lint_run(rs, &a, &m, 0, NULL), 0);
		assert_int_equal(jl_fix_edits(&a, &m, rs->policy, &edits), 0);
		if (want[i] == NULL) {
			assert_int_equal(edits.n, 0);
			jl_arena_free(&a);
			continue;
		}
		assert_int_equal(edits.n, 1);
		e = edits.items[0];
		assert_string_equal(e->text, want[i]);
		jl_arena_free(&a);
	}
	jl_ruleset_free(rs);
}

/* jl_ruleset_find() (an index made at load) finds what a scan of the
 * set in order finds: by slug, by code in any case, nothing else. */
static void
test_find_index(void **state)
{
	struct jl_ruleset	*rs = load_set("ai-lab");
	const struct jl_rule	*r;
	char			 lower[64];
	size_t			 i, k;

	(void)state;
	for (i = 0; i < rs->nrules; i++) {
		r = rs->rules[i];
		assert_ptr_equal(jl_ruleset_find(rs, r->slug), r);
		assert_ptr_equal(jl_ruleset_find(rs, r->code), r);
		for (k = 0; r->code[k] != '\0' && k < sizeof(lower) - 1; k++)
			lower[k] = (char)tolower((unsigned char)r->code[k]);
		lower[k] = '\0';
		assert_ptr_equal(jl_ruleset_find(rs, lower), r);
	}
	assert_null(jl_ruleset_find(rs, "no-such-rule"));
	assert_null(jl_ruleset_find(rs, ""));
	assert_null(jl_ruleset_find(rs, "JL"));
	jl_ruleset_free(rs);
}

static int
has_line(const struct jl_ruleset *rs, const void *p)
{
	uintptr_t	line = (uintptr_t)p & ~(uintptr_t)(JL_CACHE_LINE - 1);
	size_t		i;

	for (i = 0; i < rs->nhot; i++)
		if ((uintptr_t)rs->hot[i] == line)
			return 1;
	return 0;
}

/* jl_ruleset_prefetch()'s lines: sorted, whole lines, bounded, and among
 * them what every judgement reads: the run plan, each enabled expression
 * rule, the policy and its partitions. */
static void
test_hot_lines(void **state)
{
	struct jl_ruleset	*rs;
	size_t			 i, n = 0;

	(void)state;
	rs = load_set("ai-lab");
	assert_true(rs->nhot > 0 && rs->nhot <= JL_RULESET_HOT);
	for (i = 0; i < rs->nhot; i++) {
		assert_int_equal((uintptr_t)rs->hot[i] % JL_CACHE_LINE, 0);
		if (i > 0)
			assert_true((uintptr_t)rs->hot[i - 1] <
			    (uintptr_t)rs->hot[i]);
	}
	assert_true(rs->nrun > 0);
	assert_true(has_line(rs, rs->run));
	for (i = 0; i < rs->nrules; i++) {
		const struct jl_rule	*r = rs->rules[i];
		enum jl_sev		 sev;

		if (r->kind == JL_RULE_READER ||
		    !jl_rule_enabled(rs, r, &sev, NULL))
			continue;
		if (r->kind == JL_RULE_EXPR)
			assert_true(has_line(rs, r));
		n++;
	}
	assert_int_equal(n, rs->nrun);
	assert_true(has_line(rs, rs->policy));
	assert_true(rs->policy->npartitions > 0);
	assert_true(has_line(rs, rs->policy->partitions));
	assert_true(has_line(rs, rs->policy->partitions[0].name));
	jl_ruleset_prefetch(rs);	/* reads only rs->hot: no fault */
	jl_ruleset_free(rs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog),
		cmocka_unit_test(test_find_index),
		cmocka_unit_test(test_hot_lines),
		cmocka_unit_test(test_policies),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_bad_rules),
		cmocka_unit_test(test_site_rule),
		cmocka_unit_test(test_require_gpu_flag),
		cmocka_unit_test(test_fix_vendor_flag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
