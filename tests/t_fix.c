/*
 * t_fix.c: jl_fix_request(), the "same job" test behind --fix (issue 10):
 * equivalent spellings of one request compare equal, any change of what
 * the job asks for does not.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix.h"
#include "job.h"

/* The request key of a script. */
static char *
key(const char *script)
{
	struct jl_arena	a;
	struct jl_model	m;
	struct jl_input	in;
	struct jl_buf	b;
	char		*s;

	memset(&in, 0, sizeof(in));
	in.name = "t.sh";
	in.data = script;
	in.len = strlen(script);
	in.version = JL_SLURM_2205;
	jl_arena_init(&a);
	assert_int_equal(jl_model_build(&a, &in, &m), 0);
	jl_buf_init(&b);
	jl_fix_request(&m, &b);
	assert_false(b.failed);
	s = strdup(b.data != NULL ? b.data : "");
	jl_buf_free(&b);
	jl_arena_free(&a);
	return s;
}

static int
same(const char *x, const char *y)
{
	char	*a = key(x), *b = key(y);
	int	 r = strcmp(a, b) == 0;

	free(a);
	free(b);
	return r;
}

#define S(body)	"#!/bin/bash\n" body "srun x\n"

static void
test_equivalent(void **state)
{
	(void)state;
	/* Spelling, value forms with one meaning. */
	assert_true(same(S("#SBATCH -t 30\n"), S("#SBATCH --time=30\n")));
	assert_true(same(S("#SBATCH -t 30\n"), S("#SBATCH --time=0:30:00\n")));
	assert_true(same(S("#SBATCH --time=30:00\n"), S("#SBATCH -t 30\n")));
	assert_true(same(S("#SBATCH --mem=1G\n"), S("#SBATCH --mem=1024M\n")));
	assert_true(same(S("#SBATCH -N 2\n"), S("#SBATCH --nodes=2\n")));
	/* Lines that are not directives, and the body, are not the request. */
	assert_true(same(S("#SBATCH -t 10\n"),
	    S("#SBATCH -t 10\n# SBATCH -t 99\n")));
	assert_true(same("#!/bin/bash\n#SBATCH -t 10\nsrun a\n",
	    "#!/bin/bash\n#SBATCH -t 10\nsrun apptainer exec --nv i x\n"));
	assert_true(same(S("#SBATCH -t 10\n"),
	    "#!/bin/bash\r\n#SBATCH -t 10\r\nsrun x\r\n"));
}

static void
test_different(void **state)
{
	(void)state;
	/* Defect 2: thirty minutes is not thirty hours. */
	assert_false(same(S("#SBATCH --time=30:00\n"),
	    S("#SBATCH --time=30:00:00\n")));
	assert_false(same(S("#SBATCH -t 10\n"), S("#SBATCH -t 10\n"
	    "#SBATCH --mem=1G\n")));
	assert_false(same(S("#SBATCH -J a\n"), S("#SBATCH -J b\n")));
	assert_false(same(S("#SBATCH -p a,b\n"), S("#SBATCH -p a\n")));
	assert_false(same(S("#SBATCH --gres=gpu:1\n"),
	    S("#SBATCH --gres=gpu:2\n")));
	assert_false(same(S("#SBATCH --mem=1G\n"),
	    S("#SBATCH --mem-per-cpu=1G\n")));
	assert_false(same(S("#SBATCH -a 1-4\n"), S("#SBATCH -a 1-4%2\n")));
	/* A late line put into effect. */
	assert_false(same("#!/bin/bash\n#SBATCH -t 10\nset -e\n#SBATCH -J x\n",
	    "#!/bin/bash\n#SBATCH -t 10\n#SBATCH -J x\nset -e\n"));
	/* Validity counts: an invalid value is not a valid one. */
	assert_false(same(S("#SBATCH --time=abc\n"), S("#SBATCH --time=abd\n")));
	/* Het components. */
	assert_false(same(S("#SBATCH -t 10\n"),
	    S("#SBATCH -t 10\n#SBATCH hetjob\n#SBATCH -t 10\n")));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equivalent),
		cmocka_unit_test(test_different),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
