/*
 * t_job.c: the job model: sbatch's precedence (directives < #PBS/#BSUB <
 * SBATCH_* < command line) and its memory exception, origins, normalised
 * resources, het components, the plugin's jobdesc mode, and linear time.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "job.h"
#include "policy.h"

struct mb {
	struct jl_arena	a;
	struct jl_model	m;
};

/* The input for script t.sh, nothing else set. */
static void
in_script(struct jl_input *in, const char *script)
{
	memset(in, 0, sizeof(*in));
	in->name = "t.sh";
	in->data = script;
	in->len = strlen(script);
}

static const struct jl_job *
build(struct mb *b, const char *script, const char *const *env,
    const char *const *argv, int jobdesc)
{
	struct jl_input	in;
	size_t		n = 0;

	in_script(&in, script);
	in.version = JL_SLURM_2205;
	in.env = env;
	if (argv != NULL)
		while (argv[n] != NULL)
			n++;
	in.argv = argv;
	in.argc = n;
	in.sbatch_mode = env != NULL || argv != NULL;
	in.jobdesc = jobdesc;
	jl_arena_init(&b->a);
	assert_int_equal(jl_model_build(&b->a, &in, &b->m), 0);
	return jl_model_job(&b->m);
}

static int
has_finding(const struct mb *b, const char *slug)
{
	size_t	i;

	for (i = 0; i < b->m.findings.v.n; i++)
		if (strcmp(((struct jl_finding *)b->m.findings.v.items[i])->rule,
		    slug) == 0)
			return 1;
	return 0;
}

/* Precedence: each case gives the effective partition and its origin. */
static const struct {
	const char	*script;
	const char	*env[3];
	const char	*argv[3];
	const char	*want;
	enum jl_origin_kind origin;
} prec_cases[] = {
	{ "#!/bin/sh\n#SBATCH -p a\n", { NULL }, { NULL }, "a",
	    JL_ORIG_DIRECTIVE },
	{ "#!/bin/sh\n#SBATCH -p a\n#SBATCH -p b\n", { NULL }, { NULL }, "b",
	    JL_ORIG_DIRECTIVE },			/* last wins */
	{ "#!/bin/sh\n#SBATCH -p a\n", { "SBATCH_PARTITION=e", NULL },
	    { NULL }, "e", JL_ORIG_ENV },
	{ "#!/bin/sh\n#SBATCH -p a\n", { "SBATCH_PARTITION=e", NULL },
	    { "-p", "c", NULL }, "c", JL_ORIG_CLI },
	{ "#!/bin/sh\n#PBS -q q\n#SBATCH -p a\n", { NULL }, { NULL }, "q",
	    JL_ORIG_PBS },
	{ "#!/bin/sh\n#PBS -q q\n#SBATCH -p a\n#SBATCH --ignore-pbs\n",
	    { NULL }, { NULL }, "a", JL_ORIG_DIRECTIVE },
	{ "#!/bin/sh\n#PBS -q q\n#SBATCH -p a\n",
	    { "SBATCH_IGNORE_PBS=1", NULL }, { NULL }, "a",
	    JL_ORIG_DIRECTIVE },
	{ "#!/bin/sh\necho\n#SBATCH -p late\n", { NULL }, { NULL }, NULL,
	    JL_ORIG_NONE },
};

static void
test_precedence(void **state)
{
	const struct jl_job	*j;
	struct mb		 b;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(prec_cases) / sizeof(prec_cases[0]); i++) {
		j = build(&b, prec_cases[i].script,
		    prec_cases[i].env[0] ? prec_cases[i].env : NULL,
		    prec_cases[i].argv[0] ? prec_cases[i].argv : NULL, 0);
		if (prec_cases[i].want == NULL)
			assert_null(j->v[JL_O_PARTITION]);
		else {
			assert_non_null(j->v[JL_O_PARTITION]);
			if (strcmp(j->v[JL_O_PARTITION]->text,
			    prec_cases[i].want) != 0 ||
			    j->v[JL_O_PARTITION]->origin !=
			    prec_cases[i].origin)
				fail_msg("case %zu: %s (origin %d)", i,
				    j->v[JL_O_PARTITION]->text,
				    j->v[JL_O_PARTITION]->origin);
		}
		jl_arena_free(&b.a);
	}
}

/* _validate_memory_options(): directives count as command line. */
static void
test_memory(void **state)
{
	static const char *script = "#!/bin/sh\n#SBATCH --mem=8G\n";
	static const char *env_cpu[] = { "SBATCH_MEM_PER_CPU=1G", NULL };
	static const char *env_two[] = { "SBATCH_MEM_PER_CPU=1G",
	    "SBATCH_MEM_PER_GPU=1G", NULL };
	static const char *cli_cpu[] = { "--mem-per-cpu=1G", NULL };
	static const char *env_node[] = { "SBATCH_MEM_PER_NODE=2G", NULL };
	const struct jl_job	*j;
	struct mb		 b;

	(void)state;
	/* Directive --mem beats a different env memory option. */
	j = build(&b, script, env_cpu, NULL, 0);
	assert_int_equal(j->mem_kind, JL_MEM_PER_NODE);
	assert_int_equal(j->mem_mb, 8192);
	assert_null(j->v[JL_O_MEM_PER_CPU]);
	assert_false(has_finding(&b, "conflicting-options"));
	jl_arena_free(&b.a);
	/* The same option from env overrides the directive. */
	j = build(&b, script, env_node, NULL, 0);
	assert_int_equal(j->mem_mb, 2048);
	assert_int_equal(j->v[JL_O_MEM]->origin, JL_ORIG_ENV);
	jl_arena_free(&b.a);
	/* Directive + different CLI memory option: fatal. */
	j = build(&b, script, NULL, cli_cpu, 0);
	assert_true(has_finding(&b, "conflicting-options"));
	jl_arena_free(&b.a);
	/* Two env memory options and none in the script: fatal. */
	j = build(&b, "#!/bin/sh\n", env_two, NULL, 0);
	assert_true(has_finding(&b, "conflicting-options"));
	(void)j;
	jl_arena_free(&b.a);
}

/* GPUs from every form, normalised. */
static const struct {
	const char	*directives;
	int64_t		 per_job, per_node, per_task, total;
	const char	*type;
} gpu_cases[] = {
	{ "#SBATCH --gres=gpu:2\n", -1, 2, -1, 2, NULL },
	{ "#SBATCH --gres=gpu:a10:1\n", -1, 1, -1, 1, "a10" },
	{ "#SBATCH --gres=gpu\n", -1, 1, -1, 1, NULL },
	{ "#SBATCH --gres=gpu:0\n", -1, -1, -1, 0, NULL },
	{ "#SBATCH -N 2\n#SBATCH --gres=gpu:4\n", -1, 4, -1, 8, NULL },
	{ "#SBATCH -G 3\n", 3, -1, -1, 3, NULL },
	{ "#SBATCH --gpus=t4:2\n", 2, -1, -1, 2, "t4" },
	{ "#SBATCH --gpus-per-node=2\n#SBATCH -N 3\n", -1, 2, -1, 6, NULL },
	{ "#SBATCH -n 4\n#SBATCH --gpus-per-task=1\n", -1, -1, 1, 4, NULL },
	{ "#SBATCH --gres=shard:2\n", -1, -1, -1, 0, NULL },
	{ "#SBATCH --gpus-per-node=1\n#SBATCH --gres=gpu:3\n", -1, 3, -1, 3,
	    NULL },
};

static void
test_gpus(void **state)
{
	const struct jl_job	*j;
	struct mb		 b;
	char			 text[256];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(gpu_cases) / sizeof(gpu_cases[0]); i++) {
		snprintf(text, sizeof(text), "#!/bin/sh\n%s",
		    gpu_cases[i].directives);
		j = build(&b, text, NULL, NULL, 0);
		if (j->gpus_per_job != gpu_cases[i].per_job ||
		    j->gpus_per_node != gpu_cases[i].per_node ||
		    j->gpus_per_task != gpu_cases[i].per_task ||
		    j->gpus_total != gpu_cases[i].total)
			fail_msg("case %zu: job %lld node %lld task %lld total "
			    "%lld", i, (long long)j->gpus_per_job,
			    (long long)j->gpus_per_node,
			    (long long)j->gpus_per_task,
			    (long long)j->gpus_total);
		if ((gpu_cases[i].type == NULL) != (j->gpu_type == NULL) ||
		    (j->gpu_type != NULL && strcmp(j->gpu_type,
		    gpu_cases[i].type) != 0))
			fail_msg("case %zu: type %s", i,
			    j->gpu_type ? j->gpu_type : "(null)");
		assert_int_equal(j->gpu_requested, gpu_cases[i].total > 0);
		jl_arena_free(&b.a);
	}
}

/* Requeue and exclusive: the later option wins. */
static void
test_last_wins(void **state)
{
	static const char *env_noreq[] = { "SBATCH_NO_REQUEUE=1", NULL };
	static const char *env_off[] = { "SBATCH_REQUEUE=no", NULL };
	const struct jl_job	*j;
	struct mb		 b;

	(void)state;
	j = build(&b, "#!/bin/sh\n#SBATCH --requeue\n#SBATCH --no-requeue\n",
	    NULL, NULL, 0);
	assert_int_equal(j->requeue, 0);
	jl_arena_free(&b.a);
	j = build(&b, "#!/bin/sh\n#SBATCH --requeue\n", env_noreq, NULL, 0);
	assert_int_equal(j->requeue, 0);
	jl_arena_free(&b.a);
	/* A flag env var with "no" unsets the flag instead. */
	j = build(&b, "#!/bin/sh\n", env_off, NULL, 0);
	assert_int_equal(j->requeue, -1);
	jl_arena_free(&b.a);
	j = build(&b, "#!/bin/sh\n#SBATCH --exclusive\n#SBATCH -s\n", NULL,
	    NULL, 0);
	assert_int_equal(j->shared, 1);
	jl_arena_free(&b.a);
	j = build(&b, "#!/bin/sh\n#SBATCH -s\n#SBATCH --exclusive=user\n",
	    NULL, NULL, 0);
	assert_int_equal(j->shared, 2);
	jl_arena_free(&b.a);
}

/* --ntasks-per-node with a fixed node count sets ntasks (_opt_verify()). */
static void
test_derived(void **state)
{
	const struct jl_job	*j;
	struct mb		 b;

	(void)state;
	j = build(&b, "#!/bin/sh\n#SBATCH -N 2\n#SBATCH --ntasks-per-node=4\n",
	    NULL, NULL, 0);
	assert_int_equal(j->ntasks, 8);
	assert_int_equal(j->nodes_min, 2);
	assert_int_equal(j->nodes_max, 2);
	jl_arena_free(&b.a);
	j = build(&b, "#!/bin/sh\n#SBATCH -N 2-4\n#SBATCH --ntasks-per-node=4\n",
	    NULL, NULL, 0);
	assert_int_equal(j->ntasks, -1);
	jl_arena_free(&b.a);
	j = build(&b, "#!/bin/sh\n#SBATCH -t 1-2:30\n", NULL, NULL, 0);
	assert_int_equal(j->time.minutes, 1590);
	jl_arena_free(&b.a);
	j = build(&b, "#!/bin/sh\n#SBATCH -t UNLIMITED\n", NULL, NULL, 0);
	assert_int_equal(j->time.minutes, JL_TIME_INFINITE);
	jl_arena_free(&b.a);
}

/* Het components inherit options without reset_each_pass. */
static void
test_hetjob(void **state)
{
	const struct jl_job	*j0, *j1;
	struct mb		 b;

	(void)state;
	build(&b, "#!/bin/sh\n#SBATCH -t 30 -A acct -N 1 -n 2\n"
	    "#SBATCH hetjob\n#SBATCH -N 3\n", NULL, NULL, 0);
	assert_int_equal(b.m.jobs.n, 2);
	j0 = b.m.jobs.items[0];
	j1 = b.m.jobs.items[1];
	assert_int_equal(j0->nodes_min, 1);
	assert_int_equal(j1->nodes_min, 3);
	assert_int_equal(j1->time.minutes, 30);
	assert_string_equal(j1->v[JL_O_ACCOUNT]->text, "acct");
	/* --ntasks is reset for each component. */
	assert_int_equal(j1->ntasks, -1);
	jl_arena_free(&b.a);
}

/* The plugin's request is the whole truth; directives only give findings. */
static void
test_jobdesc(void **state)
{
	static const char *script = "#!/bin/sh\n#SBATCH --gres=gpu:2\n"
	    "#SBATCH -p batch\necho\n#SBATCH -t 5\n";
	static const char *desc[] = { "--partition=prioritized",
	    "--time=60", NULL };
	static const char *env[] = { "SBATCH_GRES=gpu:1", NULL };
	const struct jl_job	*j;
	struct mb		 b;
	struct jl_input		 in;

	(void)state;
	in_script(&in, script);
	in.argv = desc;
	in.argc = 2;
	in.env = env;
	in.jobdesc = 1;
	jl_arena_init(&b.a);
	assert_int_equal(jl_model_build(&b.a, &in, &b.m), 0);
	j = jl_model_job(&b.m);
	assert_string_equal(j->v[JL_O_PARTITION]->text, "prioritized");
	assert_int_equal(j->v[JL_O_PARTITION]->origin, JL_ORIG_JOBDESC);
	assert_false(j->gpu_requested);		/* not in the request */
	assert_int_equal(j->time.minutes, 60);
	assert_true(has_finding(&b, "late-directive"));
	jl_arena_free(&b.a);
}

/* An option no Slurm release has, in a #SBATCH line: jlint reading the
 * script warns (a SPANK plugin of the site may add it); in the plugins,
 * sbatch has read it and taken it, so it is that plugin's: no finding.
 * A typo of a real option, or pyxis's, is no different to sbatch. */
static void
test_spank_taken(void **state)
{
	static const char *script = "#!/bin/sh\n#SBATCH --image=docker:a/b\n"
	    "#SBATCH --container-image=nvcr.io#nvidia/pytorch:24.01-py3\n"
	    "#SBATCH -t 5\necho\n";
	static const char *desc[] = { "--time=5", NULL };
	static const char *exact = "#!/bin/sh\n#SBATCH --exact\n"
	    "#SBATCH -t 5\necho\n";
	const struct jl_finding	*f;
	struct mb		 b;
	struct jl_input		 in;

	(void)state;
	(void)build(&b, script, NULL, NULL, 0);
	assert_int_equal(b.m.findings.v.n, 1);
	f = b.m.findings.v.items[0];
	assert_string_equal(f->rule, "unknown-option");
	assert_int_equal(f->sev, JL_SEV_WARNING);
	assert_non_null(strstr(f->message, "unless a SPANK plugin of this "
	    "site adds it, sbatch rejects the script"));
	jl_arena_free(&b.a);
	in_script(&in, script);
	in.argv = desc;
	in.argc = 1;
	in.jobdesc = 1;
	jl_arena_init(&b.a);
	assert_int_equal(jl_model_build(&b.a, &in, &b.m), 0);
	assert_false(has_finding(&b, "unknown-option"));
	jl_arena_free(&b.a);
	in_script(&in, script);
	in.sbatch_mode = in.sbatch_read = 1;
	jl_arena_init(&b.a);
	assert_int_equal(jl_model_build(&b.a, &in, &b.m), 0);
	assert_false(has_finding(&b, "unknown-option"));
	jl_arena_free(&b.a);
	/* One jlint is sure of (srun's --exact): sbatch took it all the
	 * same (an older sbatch than slurmctld), so nothing there either. */
	(void)build(&b, exact, NULL, NULL, 0);
	assert_true(has_finding(&b, "unknown-option"));
	jl_arena_free(&b.a);
	(void)build(&b, exact, NULL, desc, 1);
	assert_false(has_finding(&b, "unknown-option"));
	jl_arena_free(&b.a);
}

/* A het job as slurmctld judges it (jl_input.het): the requests of
 * components 0..n-1 split by ":", the last one judged; a directive of its
 * own component gives the line; the script's findings are component 0's. */
static const struct jl_job *
build_het(struct mb *b, const char *script, const char *const *desc,
    size_t argc)
{
	struct jl_input	in;

	in_script(&in, script);
	in.argv = desc;
	in.argc = argc;
	in.jobdesc = in.het = 1;
	jl_arena_init(&b->a);
	assert_int_equal(jl_model_build(&b->a, &in, &b->m), 0);
	return jl_model_job(&b->m);
}

static void
test_jobdesc_het(void **state)
{
	static const char *script = "#!/bin/sh\n#SBATCH -t 5\n"
	    "#SBATCH hetjob\n#SBATCH --gres=gpu:2\n"
	    "srun --het-group=1 hostname\n#SBATCH -t 9\n";
	static const char *desc[] = { "--time=5", ":", "--time=5",
	    "--gres=gpu:2", NULL };
	const struct jl_job	*j;
	struct mb		 b;

	(void)state;
	j = build_het(&b, script, desc, 4);
	assert_int_equal(b.m.het_index, 1);
	assert_int_equal(b.m.jobs.n, 2);
	assert_true(b.m.assume_body);
	assert_int_equal(j->component, 1);
	assert_true(j->gpu_requested);
	assert_int_equal(j->v[JL_O_GRES]->origin, JL_ORIG_DIRECTIVE);
	/* Carried over from component 0's directive (not reset). */
	assert_int_equal(j->v[JL_O_TIME]->origin, JL_ORIG_DIRECTIVE);
	assert_false(((const struct jl_job *)b.m.jobs.items[0])->gpu_requested);
	assert_false(has_finding(&b, "late-directive"));
	jl_arena_free(&b.a);
	/* Component 0 of the same job: the script's findings are its own. */
	j = build_het(&b, script, desc, 1);
	assert_int_equal(b.m.het_index, 0);
	assert_false(b.m.assume_body);
	assert_false(j->gpu_requested);
	assert_true(has_finding(&b, "late-directive"));
	jl_arena_free(&b.a);
}

/*
 * Reading is linear: 16x the input takes far less than 16^2 the time.
 * The CPU time of this thread (time spent descheduled on a loaded
 * machine does not count), the least of five builds.
 */
static double
time_build(const char *text)
{
	struct timespec	t0, t1;
	struct mb	b;
	double		t, best = -1;
	int		r;

	for (r = 0; r < 5; r++) {
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
		build(&b, text, NULL, NULL, 0);
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
		jl_arena_free(&b.a);
		t = (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		if (best < 0 || t < best)
			best = t;
	}
	return best;
}

/* big is small 16 times over: building it takes at most 64x the time
 * (generous slack: linear is 16x, quadratic 256x).  Frees both. */
static void
assert_linear16(char *small, char *big)
{
	double	t1 = time_build(small), t16 = time_build(big);

	if (t16 > 64 * t1 + 0.05)
		fail_msg("1x %.4fs, 16x %.4fs (ratio %.1f)", t1, t16,
		    t16 / t1);
	free(small);
	free(big);
}

static void
test_linear(void **state)
{
	static const char *unit = "#SBATCH --time=10 --gres=gpu:1\n";
	static const char *body = "srun -n 2 apptainer exec --nv i.sif "
	    "python x.py --lr 0.1 > out.log 2>&1\n";
	char	*small, *big;
	size_t	 i, n = 2000;

	(void)state;
	small = malloc(64 + n * 120);
	big = malloc(64 + 16 * n * 120);
	assert_non_null(small);
	assert_non_null(big);
	strcpy(small, "#!/bin/bash\n");
	strcpy(big, "#!/bin/bash\n");
	for (i = 0; i < n; i++)
		strcat(small + strlen(small) - 0, unit);
	for (i = 0; i < n; i++)
		strcat(small, body);
	for (i = 0; i < 16 * n; i++)
		memcpy(big + 12 + i * strlen(unit), unit, strlen(unit));
	big[12 + 16 * n * strlen(unit)] = '\0';
	for (i = 0; i < 16 * n; i++)
		memcpy(big + 12 + 16 * n * strlen(unit) + i * strlen(body),
		    body, strlen(body) + 1);
	assert_linear16(small, big);
}

/*
 * Late #SBATCH lines and here-documents mixed (bench/gen-hostile.py
 * heredoc-late): a line inside a body is data, one outside is late, and
 * the check is not O(late x bodies) (it walked every body for every late
 * line: 16x the input took 200x the time).
 */
static char *
heredoc_late(size_t n)
{
	static const char *unit = "cat > w.sh <<EOF\n#SBATCH --time=5\n"
	    "EOF\necho\n#SBATCH -p x\n";
	char	*s = malloc(32 + n * strlen(unit));
	size_t	 i;

	assert_non_null(s);
	strcpy(s, "#!/bin/bash\necho\n");
	for (i = 0; i < n; i++)
		memcpy(s + 17 + i * strlen(unit), unit, strlen(unit) + 1);
	return s;
}

static void
test_heredoc_late(void **state)
{
	const struct jl_directive	*d;
	struct mb			 b;
	char				*small, *big;
	size_t				 i, late = 0, data = 0;

	(void)state;
	small = heredoc_late(3);
	build(&b, small, NULL, NULL, 0);
	for (i = 0; i < b.m.script.lines_dir.n; i++) {
		d = b.m.script.lines_dir.items[i];
		if (d->kind == JL_LINE_LATE) {
			late++;
			assert_int_equal(small[d->loc.off + 8], '-');
			assert_int_equal(small[d->loc.off + 9], 'p');
		} else if (d->kind == JL_LINE_BODY)
			data++;
	}
	assert_int_equal(late, 3);
	assert_int_equal(data, 3);
	assert_true(has_finding(&b, "late-directive"));
	jl_arena_free(&b.a);
	free(small);
	small = heredoc_late(1000);
	big = heredoc_late(16000);
	assert_linear16(small, big);
}

/* --array against MaxArraySize: unknown, a warning above Slurm's default
 * 1001; known (the policy's max_array_size, slurm.conf in the plugins),
 * exact: an error at or above it, nothing below; 0: arrays are off. */
static void
test_max_array_size(void **state)
{
	static const char *script = "#!/bin/sh\n#SBATCH -t 5\n"
	    "#SBATCH --array=0-1500\necho\n";
	static const int64_t sizes[] = { 4096, 1501, 1500, 1001, 0 };
	static const int want[] = { -1, -1, JL_SEV_ERROR, JL_SEV_ERROR,
	    JL_SEV_ERROR };
	const struct jl_finding	*f;
	struct mb		 b;
	struct jl_input		 in;
	size_t			 i;

	(void)state;
	(void)build(&b, script, NULL, NULL, 0);
	assert_int_equal(b.m.findings.v.n, 1);
	f = b.m.findings.v.items[0];
	assert_string_equal(f->rule, "invalid-value");
	assert_int_equal(f->sev, JL_SEV_WARNING);
	jl_arena_free(&b.a);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct jl_array_conf	ac = { sizes[i], JL_UNSET };

		in_script(&in, script);
		in.arrays = &ac;
		jl_arena_init(&b.a);
		assert_int_equal(jl_model_build(&b.a, &in, &b.m), 0);
		if (want[i] < 0)
			assert_false(has_finding(&b, "invalid-value"));
		else {
			assert_int_equal(b.m.findings.v.n, 1);
			f = b.m.findings.v.items[0];
			assert_int_equal(f->sev, want[i]);
			assert_non_null(strstr(f->message, "slurmctld rejects "
			    "the job"));
			if (sizes[i] == 0)
				assert_non_null(strstr(f->message,
				    "arrays are off"));
		}
		jl_arena_free(&b.a);
	}
}

/* --array against max_array_tasks (SchedulerParameters): distinct
 * indices counted, an error above it whatever MaxArraySize says (known,
 * unknown), nothing at it; MaxArraySize=0 refuses ",," too, which makes no
 * array otherwise. */
static void
test_max_array_tasks(void **state)
{
	static const struct {
		const char	*array;
		int64_t		 size, tasks;
		int		 want;	/* -1 none */
		const char	*says;
	} cs[] = {
		{ "0-99", 4096, 100, -1, NULL },
		{ "0-100", 4096, 100, JL_SEV_ERROR, "makes 101 tasks" },
		{ "0-99,50-150%4", 4096, 150, JL_SEV_ERROR, "makes 151 tasks" },
		{ "0-99,50-149%4", 4096, 150, -1, NULL },
		{ "0-3000:10", 4096, 300, JL_SEV_ERROR, "makes 301 tasks" },
		{ "0-3000:10", 4096, 301, -1, NULL },
		{ "1", 4096, 0, JL_SEV_ERROR, "at most 0 in one array" },
		{ "0-1500", JL_UNSET, 1000, JL_SEV_ERROR, "makes 1501 tasks" },
		{ "0-500", JL_UNSET, 1000, -1, NULL },
		{ ",,", 4096, 0, -1, NULL },
		{ ",,", 0, JL_UNSET, JL_SEV_ERROR, "arrays are off" },
		{ "", 0, JL_UNSET, -1, NULL },
	};
	const struct jl_finding	*f;
	struct mb		 b;
	struct jl_input		 in;
	char			 script[128];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(cs) / sizeof(cs[0]); i++) {
		struct jl_array_conf	ac = { cs[i].size, cs[i].tasks };

		snprintf(script, sizeof(script), "#!/bin/sh\n#SBATCH -t 5\n"
		    "#SBATCH --array=%s\necho\n", cs[i].array);
		in_script(&in, script);
		in.arrays = &ac;
		jl_arena_init(&b.a);
		assert_int_equal(jl_model_build(&b.a, &in, &b.m), 0);
		if (cs[i].want < 0) {
			if (has_finding(&b, "invalid-value"))
				fail_msg("case %zu: %s", i, ((const struct
				    jl_finding *)b.m.findings.v.items[0])->message);
		} else {
			assert_int_equal(b.m.findings.v.n, 1);
			f = b.m.findings.v.items[0];
			assert_int_equal(f->sev, cs[i].want);
			assert_non_null(strstr(f->message, "slurmctld rejects "
			    "the job"));
			if (strstr(f->message, cs[i].says) == NULL)
				fail_msg("case %zu: %s", i, f->message);
		}
		jl_arena_free(&b.a);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_gpus),
		cmocka_unit_test(test_last_wins),
		cmocka_unit_test(test_derived),
		cmocka_unit_test(test_hetjob),
		cmocka_unit_test(test_jobdesc),
		cmocka_unit_test(test_jobdesc_het),
		cmocka_unit_test(test_spank_taken),
		cmocka_unit_test(test_max_array_size),
		cmocka_unit_test(test_max_array_tasks),
		cmocka_unit_test(test_linear),
		cmocka_unit_test(test_heredoc_late),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
