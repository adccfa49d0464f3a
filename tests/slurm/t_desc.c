/*
 * t_desc.c: job_desc_msg_t -> sbatch options (plugin/desc.c), without a
 * slurmctld: each case fills a request the way sbatch 22.05 does
 * (local-slurm.md §3 tables) and compares the options, joined by spaces.
 * Then the options go through the job model in jobdesc mode and must give
 * the GPU and memory numbers the request meant.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <slurm/slurm.h>

#include "slurm-compat.h"

#include "desc.h"
#include "job.h"

/* The sentinels slurm_init_job_desc_msg() sets (src/api/init_msg.c). */
static void
desc_init(job_desc_msg_t *d)
{
	memset(d, 0, sizeof(*d));
	d->time_limit = d->time_min = d->min_nodes = d->max_nodes = NO_VAL;
	d->num_tasks = d->min_cpus = d->priority = NO_VAL;
	jlp_desc_set_job_id(d, NO_VAL);
	d->cpus_per_task = d->ntasks_per_node = d->ntasks_per_tres = NO_VAL16;
	d->shared = d->requeue = d->contiguous = NO_VAL16;
	d->warn_flags = d->warn_signal = d->warn_time = NO_VAL16;
	d->pn_min_memory = NO_VAL64;
}

static const char *
join(struct jl_arena *a, const struct jl_vec *v)
{
	char	buf[4096];
	size_t	i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < v->n && n < sizeof(buf); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
		    i ? " " : "", (const char *)v->items[i]);
	return jl_arena_strdup(a, buf);
}

static void
set_none(job_desc_msg_t *d)
{
	(void)d;
}

static void
set_basic(job_desc_msg_t *d)
{
	d->partition = (char *)"batch";
	d->time_limit = 90;
	d->min_nodes = d->max_nodes = 1;
	d->num_tasks = 2;
	d->bitflags |= JOB_NTASKS_SET;
}

static void
set_long_time(job_desc_msg_t *d)
{
	d->time_limit = 6 * 1440 + 61;
	d->time_min = INFINITE;
}

static void
set_nodes_range(job_desc_msg_t *d)
{
	d->min_nodes = 2;
	d->max_nodes = 4;
}

static void
set_mem_cpu(job_desc_msg_t *d)
{
	d->pn_min_memory = 700 | MEM_PER_CPU;
	d->cpus_per_task = 4;
	d->bitflags |= JOB_CPUS_SET;
}

static void
set_mem_node(job_desc_msg_t *d)
{
	d->pn_min_memory = 0;		/* --mem=0: all of it */
}

static void
set_gpu_forms(job_desc_msg_t *d)
{
	d->tres_per_job = (char *)"gres:gpu:t4:2";
	d->tres_per_node = (char *)"gres:gpu:1,gres:shard:1";
	d->tres_per_task = (char *)"gres:gpu:1";
	d->tres_per_socket = (char *)"gres:gpu:1";
	d->cpus_per_tres = (char *)"gres:gpu:4";
	d->mem_per_tres = (char *)"gres:gpu:1024";
}

static void
set_gres_2311(job_desc_msg_t *d)
{
	d->tres_per_node = (char *)"gres/gpu:a100:2";
	d->tres_per_job = (char *)"gres/gpu";	/* no count: skipped */
}

/* The TRES form Slurm 24.11+ sends for some requests (CI: --gpus=t4:0
 * --gpus-per-task=t4:1 -n 2 reached the plugin as "...:t4=1"). */
static void
set_gres_tres_eq(job_desc_msg_t *d)
{
	d->tres_per_task = (char *)"gres/gpu:t4=1";
	d->tres_per_job = (char *)"gres/gpu=2";
}

static void
set_gpu_zero(job_desc_msg_t *d)
{
	d->tres_per_node = (char *)"gres:gpu:0";
}

static void
set_flags(job_desc_msg_t *d)
{
	d->requeue = 1;
	d->shared = 0;
	d->array_inx = (char *)"1-10%2";
	d->std_out = (char *)"/home/u/out/%x-%A_%a.out";
	d->name = (char *)"train";
	d->account = (char *)"proj";
	d->work_dir = (char *)"/home/u";
}

static void
set_flags2(job_desc_msg_t *d)
{
	d->requeue = 0;
	d->shared = 2;
	d->warn_signal = 10;
	d->warn_time = 120;
	d->warn_flags = KILL_JOB_BATCH;
}

static void
set_empty_strings(job_desc_msg_t *d)
{
	d->partition = (char *)"";
	d->dependency = (char *)"";
	d->cpus_per_task = 1;		/* srun's default, not -c */
}

static const struct {
	const char	*name;
	void		(*set)(job_desc_msg_t *);
	const char	*want;
} cases[] = {
	{ "nothing set", set_none, "" },
	{ "basic", set_basic, "--partition=batch --time=01:30:00 --nodes=1 "
	    "--ntasks=2" },
	{ "days and unlimited", set_long_time, "--time=6-01:01:00 "
	    "--time-min=UNLIMITED" },
	{ "node range", set_nodes_range, "--nodes=2-4" },
	{ "mem per cpu", set_mem_cpu, "--cpus-per-task=4 --mem-per-cpu=700M" },
	{ "mem=0", set_mem_node, "--mem=0M" },
	{ "gpu forms", set_gpu_forms, "--mem-per-gpu=1024M --gpus=t4:2 "
	    "--gres=gpu:1,shard:1 --gpus-per-task=1 --gpus-per-socket=1 "
	    "--cpus-per-gpu=4" },
	{ "23.11 gres/ prefix", set_gres_2311, "--gres=gpu:a100:2" },
	{ "TRES name=count", set_gres_tres_eq, "--gpus=2 --gpus-per-task=t4:1" },
	{ "gpu:0", set_gpu_zero, "--gres=gpu:0" },
	{ "flags", set_flags, "--requeue --exclusive --array=1-10%2 "
	    "--output=/home/u/out/%x-%A_%a.out --job-name=train "
	    "--account=proj --chdir=/home/u" },
	{ "flags 2", set_flags2, "--no-requeue --exclusive=user "
	    "--signal=B:10@120" },
	{ "empty strings", set_empty_strings, "" },
};

static void
test_cases(void **state)
{
	job_desc_msg_t	d;
	struct jl_arena	a;
	struct jl_vec	v;
	size_t		i;
	const char	*got;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		desc_init(&d);
		cases[i].set(&d);
		jl_arena_init(&a);
		memset(&v, 0, sizeof(v));
		assert_int_equal(jl_desc_argv(&a, &d, &v), 0);
		got = join(&a, &v);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("%s:\n  got  \"%s\"\n  want \"%s\"",
			    cases[i].name, got, cases[i].want);
		jl_arena_free(&a);
	}
}

/* The options read back through the job model mean the same request. */
static void
test_model(void **state)
{
	job_desc_msg_t	 d;
	struct jl_arena	 a;
	struct jl_vec	 v;
	struct jl_input	 in;
	struct jl_model	 m;
	const struct jl_job *j;
	static const char script[] = "#!/bin/bash\n#SBATCH --time=2:00\n"
	    "#SBATCH --gres=gpu:t4:1\nsrun hostname\n";

	(void)state;
	desc_init(&d);
	d.time_limit = 2;		/* from the directive: M:S */
	d.tres_per_node = (char *)"gres:gpu:t4:1";
	d.pn_min_memory = 500 | MEM_PER_CPU;
	d.num_tasks = 2;
	jl_arena_init(&a);
	memset(&v, 0, sizeof(v));
	assert_int_equal(jl_desc_argv(&a, &d, &v), 0);
	memset(&in, 0, sizeof(in));
	in.name = "t.sh";
	in.data = script;
	in.len = sizeof(script) - 1;
	in.argv = (const char *const *)v.items;
	in.argc = v.n;
	in.jobdesc = 1;
	assert_int_equal(jl_model_build(&a, &in, &m), 0);
	j = jl_model_job(&m);
	assert_int_equal(j->time.minutes, 2);
	/* Equal to the directive: attributed to it, as written. */
	assert_int_equal(j->v[JL_O_TIME]->origin, JL_ORIG_DIRECTIVE);
	assert_string_equal(j->v[JL_O_TIME]->text, "2:00");
	assert_int_equal(j->gpus_per_node, 1);
	assert_string_equal(j->gpu_type, "t4");
	assert_int_equal(j->mem_kind, JL_MEM_PER_CPU);
	assert_int_equal(j->mem_mb, 500);
	assert_int_equal(j->ntasks, 2);
	assert_int_equal(j->v[JL_O_NTASKS]->origin, JL_ORIG_JOBDESC);
	assert_int_equal(m.findings.v.n, 0);
	jl_arena_free(&a);

	/* No script (srun): no empty-script finding, values still there. */
	memset(&in, 0, sizeof(in));
	jl_arena_init(&a);
	memset(&v, 0, sizeof(v));
	assert_int_equal(jl_desc_argv(&a, &d, &v), 0);
	in.name = "t.sh";
	in.argv = (const char *const *)v.items;
	in.argc = v.n;
	in.jobdesc = 1;
	in.no_script = 1;
	assert_int_equal(jl_model_build(&a, &in, &m), 0);
	assert_int_equal(m.findings.v.n, 0);
	assert_true(m.no_script);
	assert_int_equal(jl_model_job(&m)->gpus_per_node, 1);
	jl_arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
