/*
 * t_fields.c: the job model's public view (lint/fields.c).  Every field
 * has a doc; the names the expression checker accepts are the names of
 * `jlint parse`'s "job" object, with the values the evaluator sees; and
 * the FIELDS section of man/jlint-policy.5 is the table's own text
 * (T_FIELDS_UPDATE=1 rewrites it; tests run from the repository root).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr-int.h"
#include "expr.h"
#include "fields.h"
#include "job.h"

#define MAN	"man/jlint-policy.5"
#define BEGIN	".\\\" fields:begin (generated from lint/fields.c by t_fields)\n"
#define END	".\\\" fields:end\n"

static void
t_docs(void **state)
{
	size_t	i;

	(void)state;
	for (i = 0; i < xnfields; i++) {
		if (xfields[i].doc == NULL || strlen(xfields[i].doc) < 8)
			fail_msg("field %s has no doc", xfields[i].name);
	}
}

static const char SCRIPT[] =
    "#!/bin/bash\n"
    "#SBATCH --time=1-02:00:00 -p gpu,batch --mem=16G -N 2\n"
    "#SBATCH --gres=gpu:a100:2 --requeue --array=0-9 -o out-%a.log\n"
    "srun python train.py\n";

/* One job field through the evaluator: "job.NAME == VALUE" is true. */
static void
expect_eval(const struct jl_model *m, const char *expr)
{
	struct jl_arena		 a;
	struct jl_expr		*e;
	struct jl_expr_env	 env;
	char			*err = NULL;
	int			 truth = 0;

	jl_arena_init(&a);
	e = jl_expr_compile(&a, expr, strlen(expr), 0, &err, NULL);
	if (e == NULL)
		fail_msg("%s: %s", expr, err != NULL ? err : "?");
	memset(&env, 0, sizeof(env));
	env.m = m;
	assert_int_equal(jl_expr_eval(e, &env, &truth), 0);
	if (!truth)
		fail_msg("%s is not true", expr);
	jl_expr_free(e);
	jl_arena_free(&a);
}

static void
t_json_names(void **state)
{
	struct jl_arena	 a;
	struct jl_input	 in;
	struct jl_model	 m;
	struct jl_buf	 b;
	char		 key[128];
	const char	*job;
	size_t		 i;

	(void)state;
	jl_arena_init(&a);
	memset(&in, 0, sizeof(in));
	in.name = "job.sh";
	in.data = SCRIPT;
	in.len = strlen(SCRIPT);
	assert_int_equal(jl_model_build(&a, &in, &m), 0);
	jl_buf_init(&b);
	jl_model_json(&m, &b);
	assert_false(b.failed);
	assert_non_null(job = strstr(b.data, "\"job\":{"));
	for (i = 0; i < xnfields; i++) {
		if (xfields[i].owner != XK_JOB || xfields[i].fid == XF_J_OPT ||
		    xfields[i].fid == XF_J_SET)
			continue;
		snprintf(key, sizeof(key), "\"%s\":", xfields[i].name);
		if (strstr(job, key) == NULL)
			fail_msg("jlint parse has no job.%s", xfields[i].name);
	}
	/* The values are the evaluator's. */
	assert_non_null(strstr(job, "\"time\":1560,"));
	expect_eval(&m, "job.time == 1d2h");
	assert_non_null(strstr(job, "\"partitions\":[\"gpu\",\"batch\"]"));
	expect_eval(&m, "\"batch\" in job.partitions and len(job.partitions) == 2");
	assert_non_null(strstr(job, "\"mem\":16384,"));
	expect_eval(&m, "job.mem == 16G");
	assert_non_null(strstr(job, "\"nodes\":2,"));
	expect_eval(&m, "job.nodes == 2");
	assert_non_null(strstr(job, "\"gpus\":4,"));
	expect_eval(&m, "job.gpus == 4");
	assert_non_null(strstr(job, "\"gpu_type\":\"a100\""));
	assert_non_null(strstr(job, "\"requeue\":true"));
	assert_non_null(strstr(job, "\"array_tasks\":10,"));
	expect_eval(&m, "job.array_tasks == 10");
	assert_non_null(strstr(job, "\"output_has_array_id\":true"));
	assert_non_null(strstr(job, "\"mem_per_cpu\":null"));
	expect_eval(&m, "job.mem_per_cpu == null");
	jl_buf_free(&b);
	jl_arena_free(&a);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*s;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s (run from the repository root)", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	assert_non_null(s = malloc((size_t)n + 1));
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return s;
}

static void
t_man(void **state)
{
	struct jl_buf	 b;
	char		*man, *p, *q;
	size_t		 len;
	FILE		*f;

	(void)state;
	man = slurp(MAN, &len);
	jl_buf_init(&b);
	jl_fields_man(&b);
	assert_false(b.failed);
	if ((p = strstr(man, BEGIN)) == NULL || (q = strstr(p, END)) == NULL)
		fail_msg("%s: no fields:begin/fields:end block", MAN);
	p += strlen(BEGIN);
	if ((size_t)(q - p) == b.len && memcmp(p, b.data, b.len) == 0)
		goto out;
	if (getenv("T_FIELDS_UPDATE") == NULL)
		fail_msg("%s: the FIELDS section is not lint/fields.c's (run "
		    "T_FIELDS_UPDATE=1 build/tests/t_fields)", MAN);
	assert_non_null(f = fopen(MAN, "wb"));
	fwrite(man, 1, (size_t)(p - man), f);
	fwrite(b.data, 1, b.len, f);
	fputs(q, f);
	assert_int_equal(fclose(f), 0);
	fprintf(stderr, "t_fields: rewrote %s\n", MAN);
out:
	jl_buf_free(&b);
	free(man);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_docs),
		cmocka_unit_test(t_json_names),
		cmocka_unit_test(t_man),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
