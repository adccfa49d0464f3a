/*
 * t_expr.c: the rule expression language (lint/expr.h).  Table-driven:
 * compile errors with their offsets and messages, evaluation against
 * models built from small scripts and hand-built policies (three-valued:
 * true, false, null), unlimited durations, arithmetic, regex limits and
 * message templates.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"

#define T	1	/* true */
#define F	0	/* false */
#define N	(-1)	/* null */

/* ---- fixtures: scripts and a policy ---- */

static const char *const script_gpu =
    "#!/bin/bash\n"
    "#SBATCH --time=12:00\n"
    "#SBATCH --partition=gpu,cpu\n"
    "#SBATCH --gres=gpu:a100:2\n"
    "#SBATCH --nodes=2\n"
    "#SBATCH --ntasks-per-node=4\n"
    "#SBATCH --mem=64G\n"
    "#SBATCH --job-name=train\n"
    "#SBATCH --output=out-%A_%a.log\n"
    "#SBATCH --array=0-9\n"
    "#SBATCH --signal=B:USR1@120\n"
    "#SBATCH --requeue\n"
    "#SBATCH --exclusive\n"
    "module load cuda/12\n"
    "trap 'scontrol requeue $SLURM_JOB_ID' USR1\n"
    "srun --exact -n 4 apptainer exec --nv /ceph/container/pt.sif "
    "python train.py &\n"
    "srun --container-image=nvcr.io/nvidia/pytorch:23.10 python x.py\n"
    "torchrun --nproc_per_node=4 train.py\n"
    "wait\n";

static const char *const script_bare =
    "#!/bin/bash\n"
    "echo hello\n";

static const char *const script_unlimited =
    "#!/bin/bash\n"
    "#SBATCH --time=UNLIMITED\n"
    "#SBATCH --partition=nosuch\n"
    "#SBATCH --mem-per-cpu=2000\n"
    "#SBATCH --job-name=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n"
    "srun ./a\n";

static const char *const script_days =
    "#!/bin/bash\n"
    "#SBATCH --time=3-12\n"
    "#SBATCH --partition=gpu\n"
    "#SBATCH --gpus=3\n"
    "singularity run -e --nv docker://x:latest --nv\n";

/* The container facts: --nvccli, a hidden /dev, device binds, and an
 * instance started with flags that an instance:// step inherits. */
static const char *const script_ctr =
    "#!/bin/bash\n"
    "#SBATCH --gpus=1\n"
    "apptainer instance start --containall --nvccli img.sif web\n"
    "apptainer exec instance://web python serve.py\n"
    "singularity exec -B /dev/kfd --no-mount dev rocm.sif hipinfo\n"
    "export APPTAINER_CONTAIN=$X\n"
    "apptainer exec -B \"$D\" tools.sif true\n";

enum { SC_GPU, SC_BARE, SC_UNLIMITED, SC_DAYS, SC_CTR, SC__COUNT };

static const char *const *const scripts[SC__COUNT] = {
	&script_gpu, &script_bare, &script_unlimited, &script_days,
	&script_ctr
};

static struct jl_gpu_count gpus_a100[] = { { "a100", 4 } };
static struct jl_gpu_count gpus_t4[] = { { "t4", 8 }, { "a100", 1 } };
static struct jl_nodeclass gpu_nodes[] = {
	{ 4, 64, 256 * 1024, gpus_a100, 1 },
	{ 2, 32, 128 * 1024, gpus_t4, 2 },
};
static struct jl_nodeclass cpu_nodes[] = {
	{ 10, 128, 512 * 1024, NULL, 0 },
};
static const char *image_dirs[] = { "/ceph/container", NULL };

static void
policy_init(struct jl_policy *p, struct jl_partition *parts)
{
	memset(p, 0, sizeof(*p));
	memset(parts, 0, 2 * sizeof(*parts));
	parts[0].name = "gpu";
	parts[0].max_time = 2 * 1440;
	parts[0].default_time = 60;
	parts[0].preemptible = 0;
	parts[0].nodes = gpu_nodes;
	parts[0].nnodes = 2;
	parts[1].name = "cpu";
	parts[1].is_default = 1;
	parts[1].max_time = INT64_MAX;
	parts[1].default_time = JL_UNSET;
	parts[1].preemptible = JL_UNSET;
	parts[1].nodes = cpu_nodes;
	parts[1].nnodes = 1;
	p->name = "test";
	p->slurm_version = 2205;
	p->gpu_flag = "--nv";
	p->image_dirs = image_dirs;
	p->max_gpus_per_job = 8;
	p->max_cpus_per_gpu = JL_UNSET;
	p->max_mem_per_gpu_mb = 128 * 1024;
	p->partitions = parts;
	p->npartitions = 2;
}

struct fx {
	struct jl_arena		a;		/* run arena: models */
	struct jl_arena		ra;		/* ruleset arena: expressions */
	struct jl_model		m[SC__COUNT];
	struct jl_policy	policy;
	struct jl_partition	parts[2];
};

static int
fx_setup(void **state)
{
	struct fx		*f;
	struct jl_input		 in;
	size_t			 i;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	jl_arena_init(&f->a);
	jl_arena_init(&f->ra);
	for (i = 0; i < SC__COUNT; i++) {
		memset(&in, 0, sizeof(in));
		in.name = "t.sh";
		in.data = *scripts[i];
		in.len = strlen(*scripts[i]);
		in.version = JL_SLURM_2205;
		if (jl_model_build(&f->a, &in, &f->m[i]) != 0)
			return -1;
	}
	policy_init(&f->policy, f->parts);
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx	*f = *state;

	jl_arena_free(&f->a);
	jl_arena_free(&f->ra);
	free(f);
	return 0;
}

/* ---- evaluation table ---- */

#define P_NONE	0
#define P_SITE	1

static const struct {
	int		 script;
	int		 policy;
	const char	*expr;
	int		 want;		/* T, F or N */
} eval_cases[] = {
	/* job: time */
	{ SC_GPU, P_NONE, "job.time == 12m", T },
	{ SC_GPU, P_NONE, "job.time_form == \"minutes:seconds\"", T },
	{ SC_GPU, P_NONE, "job.time_text == '12:00'", T },
	{ SC_GPU, P_NONE, "job.time > 12h", F },
	{ SC_GPU, P_NONE, "job.time < 1h and job.time_form == "
	    "'minutes:seconds'", T },
	{ SC_GPU, P_NONE, "job.time_min == null", T },
	{ SC_DAYS, P_NONE, "job.time == 3d12h", T },
	{ SC_DAYS, P_NONE, "job.time == duration(\"3-12:00:00\")", T },
	{ SC_DAYS, P_NONE, "job.time_form == \"days-hours\"", T },
	/* job: resources */
	{ SC_GPU, P_NONE, "job.partition == \"gpu\"", T },
	{ SC_GPU, P_NONE, "\"cpu\" in job.partitions", T },
	{ SC_GPU, P_NONE, "\"io\" not in job.partitions", T },
	{ SC_GPU, P_NONE, "len(job.partitions) == 2", T },
	{ SC_GPU, P_NONE, "job.nodes == 2 and job.nodes_max == 2", T },
	{ SC_GPU, P_NONE, "job.ntasks == 8", T },
	{ SC_GPU, P_NONE, "job.ntasks_per_node == 4", T },
	{ SC_GPU, P_NONE, "job.cpus_per_task == null", T },
	{ SC_GPU, P_NONE, "job.mem == 64G", T },
	{ SC_GPU, P_NONE, "job.mem == 65536M", T },
	{ SC_GPU, P_NONE, "job.mem > 63G and job.mem < 1T", T },
	{ SC_GPU, P_NONE, "job.mem_per_cpu == null", T },
	{ SC_UNLIMITED, P_NONE, "job.mem_per_cpu == 2000M", T },
	{ SC_UNLIMITED, P_NONE, "job.mem == null", T },
	{ SC_GPU, P_NONE, "job.gpus == 4", T },
	{ SC_GPU, P_NONE, "job.gpus_per_node == 2", T },
	{ SC_GPU, P_NONE, "job.gpus_per_task == null", T },
	{ SC_GPU, P_NONE, "job.gpu_type == \"a100\"", T },
	{ SC_GPU, P_NONE, "job.gpu_requested", T },
	{ SC_DAYS, P_NONE, "job.gpus == 3 and job.gpu_type == null", T },
	{ SC_BARE, P_NONE, "job.gpus == 0", T },
	{ SC_BARE, P_NONE, "not job.gpu_requested", T },
	/* job: flags and strings */
	{ SC_GPU, P_NONE, "job.requeue", T },
	{ SC_GPU, P_NONE, "job.requeue == true", T },
	{ SC_GPU, P_NONE, "job.exclusive == \"exclusive\"", T },
	{ SC_GPU, P_NONE, "job.array and job.array_tasks == 10", T },
	{ SC_GPU, P_NONE, "job.output_has_array_id", T },
	{ SC_GPU, P_NONE, "job.output == 'out-%A_%a.log'", T },
	{ SC_GPU, P_NONE, "job.error == null", T },
	{ SC_GPU, P_NONE, "job.signal == \"USR1\" and job.signal_time == 120 "
	    "and job.signal_batch_only", T },
	{ SC_GPU, P_NONE, "job.name == \"train\"", T },
	{ SC_GPU, P_NONE, "job.account == \"x\"", N },
	{ SC_GPU, P_NONE, "job.qos == null", T },
	{ SC_BARE, P_NONE, "not job.array", T },
	{ SC_BARE, P_NONE, "not job.output_has_array_id", T },
	/* job.opt / job.set */
	{ SC_GPU, P_NONE, "job.opt.job-name == \"train\"", T },
	{ SC_GPU, P_NONE, "job.opt.ntasks-per-node == '4'", T },
	{ SC_GPU, P_NONE, "job.set.requeue", T },
	{ SC_GPU, P_NONE, "job.opt.requeue == ''", T },
	{ SC_GPU, P_NONE, "job.set.account", F },
	{ SC_GPU, P_NONE, "job.opt.account == null", T },
	{ SC_GPU, P_NONE, "has(job.opt.time)", T },
	/* steps */
	{ SC_GPU, P_NONE, "len(steps) == 3", T },
	{ SC_GPU, P_NONE, "any(steps, s => s.launcher == \"torchrun\")", T },
	{ SC_GPU, P_NONE, "count(steps, s => s.launcher == 'srun') == 2", T },
	{ SC_GPU, P_NONE, "any(steps, s => s.container.nv)", T },
	{ SC_GPU, P_NONE, "any(steps, s => s.container.gpu_flag)", T },
	{ SC_GPU, P_NONE, "any(steps, s => s.container.runtime == "
	    "'apptainer' and s.container.verb == 'exec')", T },
	{ SC_GPU, P_NONE, "all(steps, s => s.container != null)", F },
	{ SC_GPU, P_NONE, "any(steps, s => s.background)", T },
	{ SC_GPU, P_NONE, "any(steps, s => has_option(s, \"--exact\"))", T },
	{ SC_GPU, P_NONE, "any(steps, s => has_option(s, \"--ntasks\"))", T },
	{ SC_GPU, P_NONE, "any(steps, s => has_option(s, \"-n\"))", T },
	{ SC_GPU, P_NONE, "any(steps, s => has_option(s, \"--overlap\"))", F },
	{ SC_GPU, P_NONE, "any(steps, s => option(s, \"--ntasks\") == '4')",
	    T },
	{ SC_GPU, P_NONE, "any(steps, s => option(s, '-' + '-exact') == '')",
	    T },
	{ SC_GPU, P_NONE, "any(steps, s => has_option(s, s.launcher))", F },
	{ SC_GPU, P_NONE, "any(steps, s => option(s, '--exact') == '')", T },
	{ SC_GPU, P_NONE, "any(steps, s => '--exact' in s.options)", T },
	{ SC_GPU, P_NONE, "any(steps, s => s.container_image matches "
	    "'^nvcr\\.io/')", T },
	{ SC_GPU, P_NONE, "any(steps, s => s.processes == 4 and s.program == "
	    "'python')", T },
	{ SC_GPU, P_NONE, "any(steps, s => s.gpus > 0)", N },
	{ SC_GPU, P_NONE, "all(steps, s => s.gpus == null)", T },
	{ SC_GPU, P_NONE, "any(steps, s => s.pty or s.in_function)", F },
	{ SC_DAYS, P_NONE, "any(steps, s => s.container.cleanenv and "
	    "'--nv' in s.container.late_flags)", T },
	{ SC_DAYS, P_NONE, "any(steps, s => s.container.image == "
	    "'docker://x:latest' and len(s.container.flags) == 2)", T },
	{ SC_CTR, P_NONE, "any(steps, s => s.container.image == 'img.sif' "
	    "and s.container.nvccli and s.container.dev_hidden and "
	    "s.container.dev_hidden_by == '--containall' and "
	    "s.container.instance_name == 'web' and "
	    "s.container.instance == null)", T },
	{ SC_CTR, P_NONE, "any(steps, s => s.container.image == "
	    "'instance://web' and s.container.instance.nvccli and "
	    "s.container.instance.instance_name == 'web' and "
	    "not s.container.nvccli and s.container.instance_name == null)",
	    T },
	{ SC_CTR, P_NONE, "any(steps, s => s.container.image == 'rocm.sif' "
	    "and s.container.binds_amd_dev and "
	    "s.container.dev_hidden_by == '--no-mount dev')", T },
	{ SC_CTR, P_NONE, "any(steps, s => s.container.image == 'tools.sif' "
	    "and s.container.dev_hidden == null and "
	    "s.container.binds_amd_dev == null and "
	    "s.container.dev_hidden_by == 'APPTAINER_CONTAIN=$X')", T },
	{ SC_CTR, P_NONE, "not any(steps, s => s.container.rocm)", T },
	{ SC_BARE, P_NONE, "len(steps) == 0", T },
	{ SC_BARE, P_NONE, "any(steps, s => s.pty)", F },
	{ SC_BARE, P_NONE, "all(steps, s => s.pty)", T },
	/* traps and body */
	{ SC_GPU, P_NONE, "any(traps, t => 'USR1' in t.signals and "
	    "t.requeues)", T },
	{ SC_GPU, P_NONE, "any(traps, t => contains(t.handler, 'requeue'))",
	    T },
	{ SC_GPU, P_NONE, "body.scontrol_requeue == 1", T },
	{ SC_GPU, P_NONE, "'cuda/12' in body.modules", T },
	{ SC_GPU, P_NONE, "body.gpu_visibility_overrides == 0", T },
	{ SC_GPU, P_NONE, "any(body.modules, m => starts_with(m, 'cuda'))", T },
	/* site and partition */
	{ SC_GPU, P_SITE, "partition.name == 'gpu'", T },
	{ SC_GPU, P_SITE, "partition.exists", T },
	{ SC_GPU, P_SITE, "partition.max_time == 2d", T },
	{ SC_GPU, P_SITE, "job.time <= partition.max_time", T },
	{ SC_GPU, P_SITE, "partition.default_time == 1h", T },
	{ SC_GPU, P_SITE, "partition.preemptible == false", T },
	{ SC_GPU, P_SITE, "not partition.default", T },
	{ SC_GPU, P_SITE, "partition.max_gpus_per_node == 9", T },
	{ SC_GPU, P_SITE, "gpus_per_node(partition, 'a100') == 4", T },
	{ SC_GPU, P_SITE, "gpus_per_node(partition, 't4') == 8", T },
	{ SC_GPU, P_SITE, "gpus_per_node(partition, 'h100') == 0", T },
	{ SC_GPU, P_SITE, "gpus_per_node(partition, job.gpu_type) >= "
	    "job.gpus_per_node", T },
	{ SC_GPU, P_SITE, "'t4' in partition.gpu_types and "
	    "len(partition.gpu_types) == 2", T },
	{ SC_GPU, P_SITE, "partition.cpus_per_node == 64", T },
	{ SC_GPU, P_SITE, "partition.mem_per_node == 256G", T },
	{ SC_GPU, P_SITE, "site.gpu_flag == '--nv'", T },
	{ SC_GPU, P_SITE, "site.slurm_version >= 2205", T },
	{ SC_GPU, P_SITE, "site.max_gpus_per_job == 8", T },
	{ SC_GPU, P_SITE, "site.max_cpus_per_gpu == null", T },
	{ SC_GPU, P_SITE, "site.max_mem_per_gpu == 128G", T },
	{ SC_GPU, P_SITE, "site.runtimes == null", T },
	{ SC_GPU, P_SITE, "job.gpus > site.max_gpus_per_job", F },
	{ SC_GPU, P_SITE, "any(site.partitions, p => p.max_time == "
	    "duration('UNLIMITED'))", T },
	{ SC_GPU, P_SITE, "count(site.partitions, p => p.default) == 1", T },
	{ SC_GPU, P_SITE, "any(site.partitions, p => p.preemptible)", N },
	{ SC_GPU, P_SITE, "any(steps, s => s.container != null and "
	    "not any(site.image_dirs, d => starts_with(s.container.image, "
	    "d)))", F },
	{ SC_DAYS, P_SITE, "any(steps, s => s.container != null and "
	    "not any(site.image_dirs, d => starts_with(s.container.image, "
	    "d)))", T },
	{ SC_BARE, P_SITE, "partition.name == 'cpu' and partition.default", T },
	{ SC_BARE, P_SITE, "partition.max_time == duration(\"INFINITE\")", T },
	{ SC_BARE, P_SITE, "partition.max_time > 10000d", T },
	{ SC_BARE, P_SITE, "partition.max_gpus_per_node == 0", T },
	{ SC_BARE, P_SITE, "partition.preemptible", N },
	{ SC_BARE, P_SITE, "partition.default_time == null", T },
	{ SC_UNLIMITED, P_SITE, "partition == null", T },
	{ SC_UNLIMITED, P_SITE, "partition.exists == false", T },
	{ SC_UNLIMITED, P_SITE, "not partition.exists", T },
	{ SC_UNLIMITED, P_SITE, "partition.name == null", T },
	{ SC_UNLIMITED, P_SITE, "job.time > partition.max_time", N },
	/* no policy: site facts are null */
	{ SC_GPU, P_NONE, "partition == null", T },
	{ SC_GPU, P_NONE, "partition.exists", N },
	{ SC_GPU, P_NONE, "site.gpu_flag == null", T },
	{ SC_GPU, P_NONE, "site == null and site.image_dirs == null", T },
	{ SC_GPU, P_NONE, "len(site.partitions) == 0", N },
	/* unlimited durations */
	{ SC_UNLIMITED, P_NONE, "job.time > 365d", T },
	{ SC_UNLIMITED, P_NONE, "job.time == duration(\"INFINITE\")", T },
	{ SC_UNLIMITED, P_NONE, "job.time == duration('-1')", T },
	{ SC_UNLIMITED, P_NONE, "job.time_form == 'unlimited'", T },
	{ SC_UNLIMITED, P_NONE, "job.time + 1h == job.time", T },
	{ SC_UNLIMITED, P_NONE, "job.time - 1h == job.time", T },
	{ SC_UNLIMITED, P_NONE, "1h - job.time == null", T },
	{ SC_UNLIMITED, P_NONE, "job.time / 2 == job.time", T },
	{ SC_UNLIMITED, P_NONE, "-job.time == null", T },
	{ SC_UNLIMITED, P_NONE, "job.time * 2 == job.time", T },
	{ SC_UNLIMITED, P_NONE, "2 * job.time > 1000d", T },
	{ SC_UNLIMITED, P_NONE, "job.time * 0 == null", T },
	{ SC_UNLIMITED, P_NONE, "1h / job.time == 0", T },
	{ SC_UNLIMITED, P_NONE, "job.time / job.time == null", T },
	{ SC_UNLIMITED, P_NONE, "job.time / 1h == null", T },
	{ SC_UNLIMITED, P_NONE, "job.time >= job.time", T },
	{ SC_UNLIMITED, P_NONE, "job.time != 100000d", T },
	/* null semantics */
	{ SC_BARE, P_NONE, "job.time > 1h", N },
	{ SC_BARE, P_NONE, "job.time <= 1h", N },
	{ SC_BARE, P_NONE, "not (job.time > 1h)", N },
	{ SC_BARE, P_NONE, "job.time == null", T },
	{ SC_BARE, P_NONE, "null == job.time", T },
	{ SC_BARE, P_NONE, "job.time != null", F },
	{ SC_BARE, P_NONE, "has(job.time)", F },
	{ SC_BARE, P_NONE, "not has(job.time)", T },
	{ SC_BARE, P_NONE, "job.time == job.time_min", N },
	{ SC_BARE, P_NONE, "job.time > 1h or true", T },
	{ SC_BARE, P_NONE, "true or job.time > 1h", T },
	{ SC_BARE, P_NONE, "job.time > 1h or false", N },
	{ SC_BARE, P_NONE, "job.time > 1h and false", F },
	{ SC_BARE, P_NONE, "job.time > 1h and true", N },
	{ SC_BARE, P_NONE, "job.requeue", N },
	{ SC_BARE, P_NONE, "not job.requeue", N },
	{ SC_BARE, P_NONE, "job.requeue == false", N },
	{ SC_BARE, P_NONE, "job.partition in ['a', 'b']", N },
	{ SC_BARE, P_NONE, "job.partition not in ['a', 'b']", N },
	{ SC_BARE, P_NONE, "'a' in ['b', job.partition]", N },
	{ SC_BARE, P_NONE, "'a' in ['a', job.partition]", T },
	{ SC_BARE, P_NONE, "job.name matches 'x'", N },
	{ SC_BARE, P_NONE, "job.name not matches 'x'", N },
	{ SC_BARE, P_NONE, "lower(job.name) == 'x'", N },
	{ SC_BARE, P_NONE, "len(job.name) == 0", N },
	{ SC_BARE, P_NONE, "job.nodes + 1 > 2", N },
	{ SC_BARE, P_NONE, "job.nodes * 0 == 0", N },
	{ SC_BARE, P_NONE, "(job.nodes + 1) == null", T },
	{ SC_BARE, P_NONE, "job.gpus_per_node == null", F },
	{ SC_BARE, P_NONE, "job.gpus_per_node == 0", T },
	{ SC_BARE, P_NONE, "null == null", T },
	{ SC_BARE, P_NONE, "contains(job.name, 'a')", N },
	/* arithmetic and literals */
	{ SC_BARE, P_NONE, "2 * 3 + 4 == 10", T },
	{ SC_BARE, P_NONE, "10 - 2 * 3 == 4", T },
	{ SC_BARE, P_NONE, "10 - 2 - 3 == 5", T },
	{ SC_BARE, P_NONE, "(10 - 2) * 3 == 24", T },
	{ SC_BARE, P_NONE, "-3 < 0 and --3 == 3", T },
	{ SC_BARE, P_NONE, "7 / 2 == 3 and -7 / 2 == -3", T },
	{ SC_BARE, P_NONE, "1 / 0 == null", T },
	{ SC_BARE, P_NONE, "1 / 0 > 0", N },
	{ SC_BARE, P_NONE, "12h / 0 == null", T },
	{ SC_BARE, P_NONE, "9223372036854775807 + 1 == null", T },
	{ SC_BARE, P_NONE, "9223372036854775807 * 2 == null", T },
	{ SC_BARE, P_NONE, "12h / 2 == 6h", T },
	{ SC_BARE, P_NONE, "1d12h == 36h", T },
	{ SC_BARE, P_NONE, "2h30m == 150m", T },
	{ SC_BARE, P_NONE, "90s == 2m and 60s == 1m and 1s == 1m", T },
	{ SC_BARE, P_NONE, "3 * 1h == 3h and 1h * 3 == 180m", T },
	{ SC_BARE, P_NONE, "36h / 12h == 3", T },
	{ SC_BARE, P_NONE, "2h - 3h < 0m", T },
	{ SC_BARE, P_NONE, "16G / 1G == 16", T },
	{ SC_BARE, P_NONE, "1T == 1024G and 1G == 1024M", T },
	{ SC_BARE, P_NONE, "1K == 1M and 2048K == 2M", T },
	{ SC_BARE, P_NONE, "size('4G') == 4G and mem(\"100\") == 100M", T },
	{ SC_BARE, P_NONE, "duration('1:30:00') == 90m", T },
	{ SC_BARE, P_NONE, "duration('12:00') == 12m", T },
	{ SC_BARE, P_NONE, "duration('0') == duration('UNLIMITED')", T },
	{ SC_BARE, P_NONE, "16G + 512M == 16896M", T },
	/* strings */
	{ SC_BARE, P_NONE, "lower('ABC') == 'abc'", T },
	{ SC_BARE, P_NONE, "lower(lower('AbC')) == 'abc'", T },
	{ SC_BARE, P_NONE, "'abc' < 'abd' and 'b' > 'abc'", T },
	{ SC_BARE, P_NONE, "contains('hello', 'ell')", T },
	{ SC_BARE, P_NONE, "contains('hello', '')", T },
	{ SC_BARE, P_NONE, "ends_with('x.sif', '.sif')", T },
	{ SC_BARE, P_NONE, "ends_with('f', '.sif')", F },
	{ SC_BARE, P_NONE, "starts_with('/ceph/x', '/ceph/')", T },
	{ SC_BARE, P_NONE, "len('abc') == 3", T },
	{ SC_BARE, P_NONE, "'ab' + 'c' + '' == 'abc'", T },
	{ SC_BARE, P_NONE, "job.name + 'c' == null", T },
	{ SC_BARE, P_NONE, "'it\\'s' == \"it's\"", T },
	{ SC_BARE, P_NONE, "len(\"a\\\\b\") == 3", T },
	{ SC_BARE, P_NONE, "len(\"a\\\"b\") == 3", T },
	{ SC_BARE, P_NONE, "len('a\\.b') == 4", T },
	{ SC_BARE, P_NONE, "'abc' matches '^a.c$'", T },
	{ SC_BARE, P_NONE, "'abc' matches 'B'", F },
	{ SC_BARE, P_NONE, "'abc' not matches 'x'", T },
	{ SC_BARE, P_NONE, "'a.c' matches '^a\\.c$' and not ('abc' matches "
	    "'^a\\.c$')", T },
	{ SC_BARE, P_NONE, "'12:00' matches '^[0-9]{1,2}:[0-9]{2}$'", T },
	/* Plain-string regexes are matched without PCRE2 (lit_regex()):
	 * the same answers, at the edges too. */
	{ SC_BARE, P_NONE, "'abc' matches ''", T },
	{ SC_BARE, P_NONE, "'' matches ''", T },
	{ SC_BARE, P_NONE, "'' matches '^'", T },
	{ SC_BARE, P_NONE, "'' matches 'a'", F },
	{ SC_BARE, P_NONE, "'abc' matches '^ab'", T },
	{ SC_BARE, P_NONE, "'abc' matches '^bc'", F },
	{ SC_BARE, P_NONE, "'abc' matches 'bc'", T },
	{ SC_BARE, P_NONE, "'ab' matches '^abc'", F },
	{ SC_BARE, P_NONE, "'ABC' matches '^abc'", F },
	{ SC_BARE, P_NONE, "'abc' not matches '^ab'", F },
	{ SC_BARE, P_NONE, "'abc' not matches '^x'", T },
	{ SC_BARE, P_NONE, "'abcabd' matches 'abd'", T },
	{ SC_BARE, P_NONE, "'a-b c/d' matches 'b c/'", T },
	{ SC_BARE, P_NONE, "'/ceph/container/pt.sif' matches "
	    "'^/ceph/container/'", T },
	{ SC_BARE, P_NONE, "'/home/ceph/container/pt.sif' matches "
	    "'^/ceph/container/'", F },
	{ SC_BARE, P_NONE, "'xab' matches 'a^b'", F },	/* ^ inside: PCRE2 */
	{ SC_BARE, P_NONE, "'abc\n' matches 'c$'", T },	/* $: PCRE2 */
	{ SC_BARE, P_NONE, "'abcd' matches 'c$'", F },
	{ SC_BARE, P_NONE, "2 in [1, 2, 3] and not (4 in [1, 2, 3])", T },
	{ SC_BARE, P_NONE, "2h in [1h, 2h,]", T },
	{ SC_BARE, P_NONE, "'x' in []", F },
	{ SC_BARE, P_NONE, "len([]) == 0 and len([1, 2]) == 2", T },
	{ SC_BARE, P_NONE, "true and not false", T },
	{ SC_BARE, P_NONE, "not not true", T },
	{ SC_BARE, P_NONE, "false or false or true and false", F },
	{ SC_BARE, P_NONE, "true == true and true != false", T },
	{ SC_BARE, P_NONE, "any([1, 2, 3], x => x > 2)", T },
	{ SC_BARE, P_NONE, "all([1, 2, 3], x => x > 2)", F },
	{ SC_BARE, P_NONE, "count([1, 2, 3], x => x >= 2) == 2", T },
	{ SC_BARE, P_NONE, "any([1, 2], x => any([3, 4], y => x + y == 6))",
	    T },
	{ SC_BARE, P_NONE, "any([1, 2], x => any([3, 4], x => x == 4))", T },
	{ SC_BARE, P_NONE, "any([1, 2], x => any([x, 3], y => y == x + 1))",
	    T },
	{ SC_GPU, P_NONE, "any([count(steps, s => s.background)], v => "
	    "v == 1)", T },
	{ SC_GPU, P_NONE, "all(steps, s => any(steps, t => t.program == "
	    "s.program))", T },
	{ SC_BARE, P_NONE, "count([1, 2], x => job.nodes > x) == 0", T },
	{ SC_BARE, P_NONE, "any([1, 2], x => job.nodes > x)", N },
	{ SC_BARE, P_NONE, "all([1, 2], x => job.nodes > x)", N },
	{ SC_BARE, P_NONE, "all([1, 2], x => job.nodes > x or x < 0)", N },
	{ SC_BARE, P_NONE, "all([1, 2], x => job.nodes > x and x < 0)", F },
	/* layout: newlines and tabs are blanks */
	{ SC_GPU, P_NONE, "job.time == 12m\n  and\tjob.nodes == 2", T },
};

static void
test_eval(void **state)
{
	struct fx		*f = *state;
	struct jl_expr		*e;
	struct jl_expr_env	 env;
	char			*err = NULL;
	size_t			 i, erroff = 0;
	int			 tri, truth, rc;
	const char		*why;

	for (i = 0; i < JL_NITEMS(eval_cases); i++) {
		e = jl_expr_compile(&f->ra, eval_cases[i].expr,
		    strlen(eval_cases[i].expr), 0, &err, &erroff);
		if (e == NULL)
			fail_msg("case %zu \"%s\": compile error at %zu: %s", i,
			    eval_cases[i].expr, erroff, err ? err : "?");
		memset(&env, 0, sizeof(env));
		env.m = &f->m[eval_cases[i].script];
		env.policy = eval_cases[i].policy == P_SITE ? &f->policy :
		    NULL;
		why = NULL;
		rc = jl_expr_eval3(e, &env, &tri, &why);
		if (rc != 0)
			fail_msg("case %zu \"%s\": eval failed: %s", i,
			    eval_cases[i].expr, why ? why : "?");
		if (tri != eval_cases[i].want)
			fail_msg("case %zu \"%s\": got %d, want %d", i,
			    eval_cases[i].expr, tri, eval_cases[i].want);
		assert_int_equal(jl_expr_eval(e, &env, &truth), 0);
		assert_int_equal(truth, eval_cases[i].want == T);
		jl_expr_free(e);
	}
}

/* ---- compile errors ---- */

static const struct {
	const char	*expr;
	unsigned	 scope;
	size_t		 off;		/* SIZE_MAX: not checked */
	const char	*msg;		/* substring of the message */
} err_cases[] = {
	{ "job.tiem > 12h", 0, 4, "did you mean job.time?" },
	{ "job.tiem > 12h", 0, 4, "unknown field job.tiem" },
	{ "job.time > 5", 0, 11, "cannot compare a duration and an int" },
	{ "5 < job.time", 0, 0, "write the int as a duration" },
	{ "job.mem > 16", 0, 10, "write the int as a size" },
	{ "job.time > 16G", 0, 11, "cannot compare a duration and a size" },
	{ "job.time + 5 > 1h", 0, 11, "cannot add a duration and an int" },
	{ "job.nodes > 'x'", 0, 12, "cannot compare an int and a string" },
	{ "job.requeue < true", 0, 12, "bools are not ordered" },
	{ "steps == steps", 0, 6, "cannot compare list<step> values" },
	{ "1h * 1h == 1h", 0, 5, "cannot multiply two durations" },
	{ "job.name matches '(abc'", 0, 22, "bad regex" },
	{ "job.name matches 'a\\'(b'", 0, 23, "bad regex" },
	{ "job.name matches job.name", 0, 17, "constant string" },
	{ "job.nodes matches 'x'", 0, 0, "needs a string on the left" },
	{ "(job.time > 1h", 0, 14, "expected \")\"" },
	{ "job.time > 1h)", 0, 13, "unbalanced \")\"" },
	{ ")", 0, 0, "unbalanced" },
	{ "((true)", 0, 7, "expected \")\"" },
	{ "[1, 2", 0, 5, "\"]\"" },
	{ "any(steps, s => s.pty", 0, 21, "\")\"" },
	{ "", 0, 0, "empty expression" },
	{ "   ", 0, 3, "empty expression" },
	{ "1 +", 0, 3, "unexpected end" },
	{ "job.time > 1h job.nodes", 0, 14, "unexpected name" },
	{ "not 5", 0, 4, "not needs a condition (bool), not an int" },
	{ "job.nodes and true", 0, 0, "and needs a condition" },
	{ "true or 'x'", 0, 8, "or needs a condition" },
	{ "job.time", 0, 0, "must be true or false, not a duration" },
	{ "steps", 0, 0, "list<step>" },
	{ "job.opt.cpus-per-tsk == '1'", 0, 8, "did you mean cpus-per-task?" },
	{ "job.opt.pty == null", 0, 8, "not an sbatch option" },
	{ "job.set.job-nam", 0, 8, "write the full option name: "
	    "job.set.job-name" },
	{ "job.set.ntask", 0, 8, "did you mean ntasks?" },
	{ "job.opt == null", 0, 7, "needs an option name" },
	{ "job.opt.time > 1h", 0, 15, "cannot compare a string and a "
	    "duration" },
	{ "step.pty", 0, 0, "only bound in rules with for: steps" },
	{ "jobb.time == null", 0, 0, "did you mean job?" },
	{ "stesp == null", 0, 0, "did you mean steps?" },
	{ "xyzzy", 0, 0, "unknown name \"xyzzy\"" },
	{ "anyy(steps, s => s.pty)", 0, 0, "did you mean any()?" },
	{ "frobnicate(1)", 0, 0, "unknown function frobnicate()" },
	{ "any(steps, s => s.launcherr == 'srun')", 0, 18,
	    "did you mean s.launcher?" },
	{ "any(steps, s => s.container.imag == 'x')", 0, 28,
	    "did you mean s.container.image?" },
	{ "steps.launcher == 'srun'", 0, 6, "is a list; test its elements "
	    "with any(steps, x => x.launcher" },
	{ "'a' - 'b' == ''", 0, 6, "cannot subtract a string and a string" },
	{ "job.time.text == '1'", 0, 9, "job.time is a duration and has no "
	    "fields" },
	{ "partition.max_tiem > 1h", 0, 10, "did you mean "
	    "partition.max_time?" },
	{ "site.max_gpus > 1", 0, 5, "unknown field site.max_gpus" },
	{ "any(steps, s.pty)", 0, 11, "takes a list and a predicate" },
	{ "any(job.partitions)", 0, 18, "takes a list and a predicate" },
	{ "any(job.name, x => true)", 0, 4, "needs a list, not a string" },
	{ "any([], x => true)", 0, 4, "the list is empty" },
	{ "any(steps, s => s)", 0, 16, "predicate needs a condition" },
	{ "count(steps, s => s.pty)", 0, 0, "must be true or false, not an "
	    "int" },
	{ "len(5) == 1", 0, 4, "len() needs a list or a string" },
	{ "len(1, 2) == 1", 0, 0, "takes 1 argument" },
	{ "lower(5) == 'x'", 0, 6, "lower() needs a string here, not an int" },
	{ "has(x => true)", 0, 4, "takes no predicate" },
	{ "[x => true] == null", 0, 3, "found \"=>\"" },
	{ "x => true", 0, 2, "unexpected \"=>\"" },
	{ "has_option(job, '--exact')", 0, 11, "needs a step here" },
	{ "gpus_per_node('gpu', 'a100') == 1", 0, 14, "needs a partition" },
	{ "duration('abc') > 1h", 0, 9, "duration():" },
	{ "duration(job.name) > 1h", 0, 9, "one constant string" },
	{ "size('12X') > 1G", 0, 5, "size():" },
	{ "job.time > null", 0, 11, "null can only be compared with == or "
	    "!=" },
	{ "job.nodes + null == null", 0, 12, "null can only be compared" },
	{ "job.partition in 'gpu'", 0, 17, "in needs a list on the right" },
	{ "steps in [1]", 0, 0, "in needs a value on the left" },
	{ "1 in ['a']", 0, 5, "cannot look for an int in a list<string>" },
	{ "[1, 'a'] == null", 0, 4, "list elements must have one type" },
	{ "[steps] == null", 0, 1, "list elements must be values" },
	{ "job.time == 1h == true", 0, 15, "cannot be chained" },
	{ "1 < 2 < 3", 0, 6, "cannot be chained" },
	{ "job.time > 1x", 0, 12, "unknown unit" },
	{ "job.time > 1hx", 0, 13, "unknown duration unit" },
	{ "job.time > 1d12", 0, 13, "every part of a duration needs a unit" },
	{ "job.time > 30m2h", 0, 15, "largest first" },
	{ "job.mem > 16GB", 0, 13, "a size has one unit" },
	{ "99999999999999999999 > 1", 0, 0, "number too large" },
	{ "\"abc == 'x'", 0, 0, "unterminated string" },
	{ "job.name = 'x'", 0, 9, "compare with ==" },
	{ "true && false", 0, 5, "write and / or" },
	{ "!true", 0, 0, "write not or !=" },
	{ "job.name ~ 'x'", 0, 9, "unexpected character" },
	{ "job.partition not 'x'", 0, 14, "must be followed by in or matches" },
	{ "step.launcher_name.x == 1", JL_EXPR_STEP, 19, "has no fields" },
	{ "step.pty(1)", JL_EXPR_STEP, 8, "methods are not supported" },
	{ "job.", 0, 4, "expected a field name" },
	{ "-'x' == 'x'", 0, 1, "cannot negate a string" },
	{ "any(steps, s => has_option(s, 'exact'))", 0, 30, "write the option "
	    "as on the command line" },
};

static void
test_compile_errors(void **state)
{
	struct fx	*f = *state;
	struct jl_expr	*e;
	char		*err;
	size_t		 i, erroff;
	int		 bad = 0;

	for (i = 0; i < JL_NITEMS(err_cases); i++) {
		err = NULL;
		erroff = SIZE_MAX;
		e = jl_expr_compile(&f->ra, err_cases[i].expr,
		    strlen(err_cases[i].expr), err_cases[i].scope, &err,
		    &erroff);
		if (e != NULL) {
			print_error("case %zu \"%s\": compiled\n", i,
			    err_cases[i].expr);
			bad++;
			jl_expr_free(e);
			continue;
		}
		if (err == NULL || strstr(err, err_cases[i].msg) == NULL) {
			print_error("case %zu \"%s\": message \"%s\" lacks "
			    "\"%s\"\n", i, err_cases[i].expr,
			    err ? err : "(null)", err_cases[i].msg);
			bad++;
		} else if (err_cases[i].off != SIZE_MAX &&
		    erroff != err_cases[i].off) {
			print_error("case %zu \"%s\": offset %zu, want %zu "
			    "(%s)\n", i, err_cases[i].expr, erroff,
			    err_cases[i].off, err);
			bad++;
		}
		free(err);
	}
	assert_int_equal(bad, 0);
}

/* Depth and length limits. */
static void
test_limits(void **state)
{
	struct fx	*f = *state;
	struct jl_expr	*e;
	char		 buf[JL_EXPR_MAXLEN + 64], *err = NULL;
	size_t		 i, n, erroff = 0;

	/* 40 nested parentheses are fine, 70 are not */
	n = 0;
	for (i = 0; i < 40; i++)
		buf[n++] = '(';
	memcpy(buf + n, "true", 4);
	n += 4;
	for (i = 0; i < 40; i++)
		buf[n++] = ')';
	e = jl_expr_compile(&f->ra, buf, n, 0, &err, &erroff);
	if (e == NULL)
		fail_msg("40 parens: %s", err);
	jl_expr_free(e);

	n = 0;
	for (i = 0; i < 70; i++)
		buf[n++] = '(';
	memcpy(buf + n, "true", 4);
	n += 4;
	for (i = 0; i < 70; i++)
		buf[n++] = ')';
	assert_null(jl_expr_compile(&f->ra, buf, n, 0, &err, &erroff));
	assert_non_null(strstr(err, "nested too deeply"));
	assert_true(erroff <= 70);
	free(err);

	/* a chain of not */
	n = 0;
	for (i = 0; i < 70; i++) {
		memcpy(buf + n, "not ", 4);
		n += 4;
	}
	memcpy(buf + n, "true", 4);
	n += 4;
	assert_null(jl_expr_compile(&f->ra, buf, n, 0, &err, &erroff));
	assert_non_null(strstr(err, "nested too deeply"));
	free(err);

	/* a long left-deep sum is too deep as a tree */
	n = 0;
	for (i = 0; i < 80; i++) {
		memcpy(buf + n, "1 + ", 4);
		n += 4;
	}
	memcpy(buf + n, "1 == 81", 7);
	n += 7;
	assert_null(jl_expr_compile(&f->ra, buf, n, 0, &err, &erroff));
	assert_non_null(strstr(err, "nested too deeply"));
	free(err);

	/* but long and/or chains are flat: 500 terms compile */
	n = 0;
	for (i = 0; i < 500; i++) {
		memcpy(buf + n, "false or ", 9);
		n += 9;
		if (n > 4000)
			break;
	}
	memcpy(buf + n, "true", 4);
	n += 4;
	e = jl_expr_compile(&f->ra, buf, n, 0, &err, &erroff);
	if (e == NULL)
		fail_msg("long or chain: %s", err);
	jl_expr_free(e);

	/* length */
	memset(buf, ' ', JL_EXPR_MAXLEN + 1);
	memcpy(buf, "true", 4);
	assert_null(jl_expr_compile(&f->ra, buf, JL_EXPR_MAXLEN + 1, 0, &err,
	    &erroff));
	assert_non_null(strstr(err, "longer than 4096"));
	assert_int_equal(erroff, JL_EXPR_MAXLEN);
	free(err);
	e = jl_expr_compile(&f->ra, buf, JL_EXPR_MAXLEN, 0, &err, &erroff);
	assert_non_null(e);

	/* NUL inside */
	assert_null(jl_expr_compile(&f->ra, "true\0x", 6, 0, &err, &erroff));
	assert_int_equal(erroff, 4);
	free(err);

	/* no text at all */
	assert_null(jl_expr_compile(&f->ra, NULL, 0, 0, &err, &erroff));
	assert_non_null(strstr(err, "empty expression"));
	free(err);
	assert_non_null(jl_tmpl_compile(&f->ra, NULL, 0, 0, &err, &erroff));

	/* err and erroff may be NULL */
	assert_null(jl_expr_compile(&f->ra, "job.tiem", 8, 0, NULL, NULL));
}

/* A catastrophic pattern stops at the match limit instead of hanging. */
static void
test_regex_limit(void **state)
{
	struct fx		*f = *state;
	struct jl_expr		*e;
	struct jl_expr_env	 env;
	char			*err = NULL, src[256];
	const char		*why = NULL;
	size_t			 erroff;
	int			 truth = 1, tri;

	memset(&env, 0, sizeof(env));
	env.m = &f->m[SC_UNLIMITED];
	e = jl_expr_compile(&f->ra, "job.name matches '(a+)+$'", 25, 0, &err,
	    &erroff);
	if (e == NULL)
		fail_msg("%s", err);
	assert_int_equal(jl_expr_eval(e, &env, &truth), -1);
	assert_int_equal(truth, 0);
	assert_int_equal(jl_expr_eval3(e, &env, &tri, &why), -1);
	assert_non_null(why);
	assert_non_null(strstr(why, "limit"));
	jl_expr_free(e);

	/* the same in a literal, inside any(): the whole eval stops */
	snprintf(src, sizeof(src), "any(steps, s => true) or '%s' matches "
	    "'^(a|aa)+$'", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab");
	e = jl_expr_compile(&f->ra, src, strlen(src), 0, &err, &erroff);
	if (e == NULL)
		fail_msg("%s", err);
	env.m = &f->m[SC_BARE];
	assert_int_equal(jl_expr_eval(e, &env, &truth), -1);
	assert_int_equal(truth, 0);
	jl_expr_free(e);

	/* a harmless pattern on the same subject is fine */
	e = jl_expr_compile(&f->ra, "job.name matches 'a+b$'", 23, 0, &err,
	    &erroff);
	assert_non_null(e);
	env.m = &f->m[SC_UNLIMITED];
	assert_int_equal(jl_expr_eval(e, &env, &truth), 0);
	assert_int_equal(truth, 1);
	jl_expr_free(e);
	jl_expr_free(NULL);
}

/* `step` in for: steps rules. */
static void
test_step_scope(void **state)
{
	static const struct {
		const char	*expr;
		int		 want[3];	/* per step of script_gpu */
	} cases[] = {
		{ "step.launcher == 'srun'", { T, T, F } },
		{ "step.launcher_name == 'torchrun'", { F, F, T } },
		{ "step.container.nv", { T, N, N } },
		{ "step.container == null", { F, T, T } },
		{ "has(step.container_image)", { F, T, F } },
		{ "step.processes == 4", { T, N, T } },
		{ "has_option(step, '--exact') or step.background",
		    { T, F, F } },
		{ "len(step.options) >= 1", { T, T, T } },
		{ "step.container.image matches '^/ceph/'", { T, N, N } },
		{ "any(steps, s => s.program == step.program and "
		    "s.launcher != step.launcher)", { F, F, F } },
	};
	struct fx		*f = *state;
	struct jl_expr		*e;
	struct jl_expr_env	 env;
	const struct jl_model	*m = &f->m[SC_GPU];
	char			*err = NULL;
	size_t			 i, k, erroff;
	int			 tri;

	assert_int_equal(m->body.steps.n, 3);
	for (i = 0; i < JL_NITEMS(cases); i++) {
		e = jl_expr_compile(&f->ra, cases[i].expr,
		    strlen(cases[i].expr), JL_EXPR_STEP, &err, &erroff);
		if (e == NULL)
			fail_msg("case %zu: %s", i, err);
		for (k = 0; k < 3; k++) {
			memset(&env, 0, sizeof(env));
			env.m = m;
			env.step = m->body.steps.items[k];
			assert_int_equal(jl_expr_eval3(e, &env, &tri, NULL), 0);
			if (tri != cases[i].want[k])
				fail_msg("case %zu \"%s\" step %zu: got %d, "
				    "want %d", i, cases[i].expr, k, tri,
				    cases[i].want[k]);
		}
		jl_expr_free(e);
	}
	/* without a step bound, step is null */
	e = jl_expr_compile(&f->ra, "step == null", 12, JL_EXPR_STEP, &err,
	    &erroff);
	memset(&env, 0, sizeof(env));
	env.m = m;
	assert_int_equal(jl_expr_eval3(e, &env, &tri, NULL), 0);
	assert_int_equal(tri, T);
}

/* An explicit partition and job in the environment win. */
static void
test_env(void **state)
{
	struct fx		*f = *state;
	struct jl_expr		*e;
	struct jl_expr_env	 env;
	char			*err = NULL;
	size_t			 erroff;
	int			 tri;

	e = jl_expr_compile(&f->ra, "partition.name == 'cpu'", 23, 0, &err,
	    &erroff);
	assert_non_null(e);
	memset(&env, 0, sizeof(env));
	env.m = &f->m[SC_GPU];
	env.policy = &f->policy;
	assert_int_equal(jl_expr_eval3(e, &env, &tri, NULL), 0);
	assert_int_equal(tri, F);
	env.partition = &f->parts[1];
	assert_int_equal(jl_expr_eval3(e, &env, &tri, NULL), 0);
	assert_int_equal(tri, T);

	/* no model at all: job facts are null, lists empty */
	{
		const char *src = "job == null and len(steps) == 0 and "
		    "len(traps) == 0 and body == null";

		e = jl_expr_compile(&f->ra, src, strlen(src), 0, &err,
		    &erroff);
	}
	if (e == NULL)
		fail_msg("%s", err);
	memset(&env, 0, sizeof(env));
	assert_int_equal(jl_expr_eval3(e, &env, &tri, NULL), 0);
	assert_int_equal(tri, T);

	/* a lone partition without default is the job's when none named */
	{
		struct jl_policy	p1 = f->policy;

		p1.partitions = &f->parts[0];
		p1.npartitions = 1;
		e = jl_expr_compile(&f->ra, "partition.name == 'gpu'", 23, 0,
		    &err, &erroff);
		memset(&env, 0, sizeof(env));
		env.m = &f->m[SC_BARE];
		env.policy = &p1;
		assert_int_equal(jl_expr_eval3(e, &env, &tri, NULL), 0);
		assert_int_equal(tri, T);
	}
}

/* JL_EXPR_VALUE and jl_expr_text(). */
static void
test_value_text(void **state)
{
	static const struct {
		int		 script;
		const char	*expr;
		const char	*type;
		const char	*text;
	} cases[] = {
		{ SC_GPU, "job.time", "duration", "00:12:00" },
		{ SC_DAYS, "job.time", "duration", "3-12:00:00" },
		{ SC_UNLIMITED, "job.time", "duration", "UNLIMITED" },
		{ SC_GPU, "job.mem", "size", "64G" },
		{ SC_UNLIMITED, "job.mem_per_cpu", "size", "2000M" },
		{ SC_BARE, "1T", "size", "1T" },
		{ SC_BARE, "1T + 1M", "size", "1048577M" },
		{ SC_GPU, "job.partitions", "list<string>", "gpu, cpu" },
		{ SC_GPU, "job.nodes * 10", "int", "20" },
		{ SC_GPU, "job.account", "string", "unset" },
		{ SC_GPU, "job.requeue", "bool", "true" },
		{ SC_GPU, "[1h, 90m]", "list<duration>", "01:00:00, 01:30:00" },
		{ SC_GPU, "steps", "list<step>", "srun, srun, torchrun" },
		{ SC_GPU, "lower('X') + 1 == 2", NULL, NULL },
		{ SC_GPU, "-1d", "duration", "-1-00:00:00" },
	};
	struct fx		*f = *state;
	struct jl_expr		*e;
	struct jl_expr_env	 env;
	char			*err = NULL;
	const char		*s;
	size_t			 i, erroff;

	for (i = 0; i < JL_NITEMS(cases); i++) {
		e = jl_expr_compile(&f->ra, cases[i].expr,
		    strlen(cases[i].expr), JL_EXPR_VALUE, &err, &erroff);
		if (cases[i].type == NULL) {
			assert_null(e);
			free(err);
			continue;
		}
		if (e == NULL)
			fail_msg("case %zu: %s", i, err);
		assert_string_equal(jl_expr_type(e), cases[i].type);
		memset(&env, 0, sizeof(env));
		env.m = &f->m[cases[i].script];
		s = jl_expr_text(&f->a, e, &env);
		assert_non_null(s);
		if (strcmp(s, cases[i].text) != 0)
			fail_msg("case %zu \"%s\": \"%s\", want \"%s\"", i,
			    cases[i].expr, s, cases[i].text);
	}
}

/* ---- templates ---- */

static const struct {
	int		 script;
	int		 policy;
	unsigned	 scope;
	const char	*tmpl;
	const char	*out;
} tmpl_cases[] = {
	{ SC_GPU, P_SITE, 0, "--time={job.time} is over {partition.max_time} "
	    "on {partition.name}",
	    "--time=00:12:00 is over 2-00:00:00 on gpu" },
	{ SC_GPU, P_SITE, 0, "{job.mem} {job.account} {{literal}} "
	    "{job.partitions}", "64G unset {literal} gpu, cpu" },
	{ SC_BARE, P_SITE, 0, "{partition.max_time}", "UNLIMITED" },
	{ SC_BARE, P_SITE, 0, "no braces", "no braces" },
	{ SC_BARE, P_SITE, 0, "", "" },
	{ SC_BARE, P_SITE, 0, "a } b", "a } b" },
	{ SC_BARE, P_SITE, 0, "{{}}", "{}" },
	{ SC_GPU, P_NONE, 0, "{job.gpus} GPUs ({job.gpus_per_node}/node, "
	    "{job.gpu_type})", "4 GPUs (2/node, a100)" },
	{ SC_GPU, P_NONE, 0, "{count(steps, s => s.launcher == 'srun')} srun "
	    "steps", "2 srun steps" },
	{ SC_GPU, P_NONE, 0, "{job.time > 1h} {job.nodes + 1} {'}'}",
	    "false 3 }" },
	{ SC_GPU, P_NONE, 0, "{ job.name }", "train" },
	{ SC_GPU, P_NONE, JL_EXPR_STEP, "{step.launcher}", "unset" },
	{ SC_GPU, P_NONE, 0, "{site.max_mem_per_gpu}", "unset" },
	{ SC_GPU, P_SITE, 0, "{site.max_mem_per_gpu}/{site.image_dirs}",
	    "128G//ceph/container" },
	{ SC_DAYS, P_SITE, 0, "{partition.mem_per_node} {partition}",
	    "256G gpu" },
	{ SC_UNLIMITED, P_NONE, 0, "{1 / 0}", "unset" },
};

static void
test_templates(void **state)
{
	struct fx		*f = *state;
	struct jl_tmpl		*t;
	struct jl_expr_env	 env;
	char			*err = NULL;
	const char		*s;
	size_t			 i, erroff;

	for (i = 0; i < JL_NITEMS(tmpl_cases); i++) {
		t = jl_tmpl_compile(&f->ra, tmpl_cases[i].tmpl,
		    strlen(tmpl_cases[i].tmpl), tmpl_cases[i].scope, &err,
		    &erroff);
		if (t == NULL)
			fail_msg("case %zu \"%s\": %s at %zu", i,
			    tmpl_cases[i].tmpl, err, erroff);
		memset(&env, 0, sizeof(env));
		env.m = &f->m[tmpl_cases[i].script];
		env.policy = tmpl_cases[i].policy == P_SITE ? &f->policy :
		    NULL;
		s = jl_tmpl_render(&f->a, t, &env);
		assert_non_null(s);
		if (strcmp(s, tmpl_cases[i].out) != 0)
			fail_msg("case %zu: \"%s\", want \"%s\"", i, s,
			    tmpl_cases[i].out);
	}
}

static const struct {
	const char	*tmpl;
	size_t		 off;
	const char	*msg;
} tmpl_errs[] = {
	{ "x {job.tiem}", 7, "did you mean job.time?" },
	{ "x {job.time", 11, "unclosed {" },
	{ "x {job.time y}", 12, "expected \"}\"" },
	{ "x {} y", 2, "empty {}" },
	{ "{job.name matches 'a'}", 10, "not allowed in a message template" },
	{ "{step.pty}", 1, "only bound in rules with for: steps" },
	{ "ok {job.time} {(}", 16, "expected a value" },
	{ "{'abc}", 1, "unterminated string" },
};

static void
test_template_errors(void **state)
{
	struct fx	*f = *state;
	char		*err;
	size_t		 i, erroff;

	for (i = 0; i < JL_NITEMS(tmpl_errs); i++) {
		err = NULL;
		erroff = SIZE_MAX;
		if (jl_tmpl_compile(&f->ra, tmpl_errs[i].tmpl,
		    strlen(tmpl_errs[i].tmpl), 0, &err, &erroff) != NULL)
			fail_msg("case %zu: compiled", i);
		if (err == NULL || strstr(err, tmpl_errs[i].msg) == NULL)
			fail_msg("case %zu \"%s\": \"%s\" lacks \"%s\"", i,
			    tmpl_errs[i].tmpl, err ? err : "(null)",
			    tmpl_errs[i].msg);
		if (erroff != tmpl_errs[i].off)
			fail_msg("case %zu \"%s\": offset %zu, want %zu", i,
			    tmpl_errs[i].tmpl, erroff, tmpl_errs[i].off);
		free(err);
	}
}

/* Evaluating the same compiled expression many times gives one answer
 * and leaves nothing behind (ASan checks the second part). */
static void
test_repeat(void **state)
{
	struct fx		*f = *state;
	struct jl_expr		*e;
	struct jl_expr_env	 env;
	const char		*src = "any(steps, s => lower(s.program) "
	    "matches '^PY' or lower(s.program) matches '^py')";
	char			*err = NULL;
	size_t			 i, erroff;
	int			 truth;

	e = jl_expr_compile(&f->ra, src, strlen(src), 0, &err, &erroff);
	if (e == NULL)
		fail_msg("%s", err);
	memset(&env, 0, sizeof(env));
	env.m = &f->m[SC_GPU];
	for (i = 0; i < 1000; i++) {
		assert_int_equal(jl_expr_eval(e, &env, &truth), 0);
		assert_int_equal(truth, 1);
	}
	jl_expr_free(e);
	jl_expr_free(e);	/* idempotent */
}

/*
 * Garbage in: random token soup compiles or fails cleanly, and whatever
 * compiles evaluates and renders without crashing (run under ASan/UBSan).
 * A fixed linear congruential generator keeps the cases reproducible.
 */
static void
test_garbage(void **state)
{
	static const char *const atoms[] = {
		"job", "steps", "step", "traps", "site", "partition", "body",
		".", "time", "mem", "name", "gpus", "container", "image",
		"max_time", "opt", "set", "cpus-per-task", "s", "=>", "any",
		"all", "count", "len", "has", "lower", "(", ")", "[", "]",
		",", "{", "}", "==", "!=", "<", ">=", "+", "-", "*", "/",
		"and", "or", "not", "in", "matches", "null", "true", "1",
		"12h", "16G", "'a+'", "\"x\"", "'", "\\", " ", "0",
		"duration", "('1:00:00')", "gpus_per_node", "has_option",
		"'--exact'", "9223372036854775807", "1d12",
	};
	struct fx		*f = *state;
	struct jl_expr_env	 env;
	struct jl_expr		*e;
	struct jl_tmpl		*t;
	char			 buf[512], *err;
	size_t			 i, k, n, len, erroff;
	unsigned long		 seed = 12345;
	int			 truth, ncompiled = 0;

	memset(&env, 0, sizeof(env));
	env.m = &f->m[SC_GPU];
	env.policy = &f->policy;
	env.step = f->m[SC_GPU].body.steps.items[0];
	for (i = 0; i < 20000; i++) {
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		n = 1 + (seed >> 33) % 12;
		len = 0;
		for (k = 0; k < n; k++) {
			const char *a;

			seed = seed * 6364136223846793005UL +
			    1442695040888963407UL;
			a = atoms[(seed >> 33) % JL_NITEMS(atoms)];
			if (len + strlen(a) + 2 >= sizeof(buf))
				break;
			memcpy(buf + len, a, strlen(a));
			len += strlen(a);
			if ((seed >> 20) & 1)
				buf[len++] = ' ';
		}
		err = NULL;
		e = jl_expr_compile(&f->ra, buf, len, (seed >> 40) & 3, &err,
		    &erroff);
		if (e == NULL) {
			assert_true(erroff <= len);
			free(err);
		} else {
			ncompiled++;
			(void)jl_expr_eval(e, &env, &truth);
			(void)jl_expr_text(&f->a, e, &env);
			jl_expr_free(e);
		}
		err = NULL;
		t = jl_tmpl_compile(&f->ra, buf, len, JL_EXPR_STEP, &err,
		    &erroff);
		if (t == NULL) {
			assert_true(erroff <= len);
			free(err);
		} else
			assert_non_null(jl_tmpl_render(&f->a, t, &env));
	}
	print_message("garbage: %d of 20000 compiled\n", ncompiled);
	assert_true(ncompiled > 0);
}

/* A random expression from a small grammar (most are well typed). */
struct gen {
	char		buf[2048];
	size_t		len;
	unsigned long	seed;
};

static unsigned
gen_rand(struct gen *g, unsigned n)
{
	g->seed = g->seed * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((g->seed >> 33) % n);
}

static void
gen_put(struct gen *g, const char *s)
{
	size_t	n = strlen(s);

	if (g->len + n < sizeof(g->buf) - 1) {
		memcpy(g->buf + g->len, s, n);
		g->len += n;
	}
}

static void gen_bool(struct gen *, int);

/* kind: 0 duration, 1 size, 2 int, 3 string */
static void
gen_val(struct gen *g, int kind, int depth)
{
	static const char *const leaf[4][8] = {
		{ "job.time", "job.time_min", "partition.max_time",
		  "partition.default_time", "12h", "duration('UNLIMITED')",
		  "1d12h", "90s" },
		{ "job.mem", "job.mem_per_cpu", "site.max_mem_per_gpu",
		  "partition.mem_per_node", "16G", "512M", "1T", "size('2G')" },
		{ "job.nodes", "job.gpus", "len(steps)", "job.array_tasks",
		  "gpus_per_node(partition, 'a100')", "0",
		  "9223372036854775807", "count(steps, s => s.pty)" },
		{ "job.name", "job.partition", "job.opt.time",
		  "lower(job.name)", "'x'", "job.gpu_type",
		  "job.name + 'a'", "step.launcher" },
	};
	static const char *const ops[] = { " + ", " - ", " * ", " / " };

	if (depth > 4 || gen_rand(g, 3) == 0) {
		gen_put(g, leaf[kind][gen_rand(g, 8)]);
		return;
	}
	if (kind == 3) {
		gen_val(g, 3, depth + 1);
		gen_put(g, " + ");
		gen_val(g, 3, depth + 1);
		return;
	}
	gen_put(g, "(");
	gen_val(g, kind, depth + 1);
	gen_put(g, ops[gen_rand(g, 4)]);
	gen_val(g, gen_rand(g, 4) == 0 ? 2 : kind, depth + 1);
	gen_put(g, ")");
}

static void
gen_bool(struct gen *g, int depth)
{
	static const char *const cmps[] = { " == ", " != ", " < ", " <= ",
	    " > ", " >= " };
	static const char *const leaf[] = { "job.requeue", "job.array",
	    "partition.exists", "partition.preemptible", "true", "null",
	    "step.pty", "has(job.time)" };
	int	k;

	switch (depth > 4 ? 0 : gen_rand(g, 7)) {
	case 0:
		gen_put(g, leaf[gen_rand(g, 8)]);
		return;
	case 1:
		gen_put(g, "not ");
		gen_bool(g, depth + 1);
		return;
	case 2:
		gen_put(g, "(");
		gen_bool(g, depth + 1);
		gen_put(g, gen_rand(g, 2) ? " and " : " or ");
		gen_bool(g, depth + 1);
		gen_put(g, ")");
		return;
	case 3:
		gen_put(g, gen_rand(g, 2) ? "any(steps, s => " :
		    "all(site.partitions, p => ");
		gen_bool(g, depth + 1);
		gen_put(g, ")");
		return;
	case 4:
		gen_val(g, 3, depth + 1);
		gen_put(g, gen_rand(g, 2) ? " matches '^(a|aa)*b?$'" :
		    " in ['a', job.name]");
		return;
	default:
		k = (int)gen_rand(g, 4);
		gen_val(g, k, depth + 1);
		gen_put(g, cmps[gen_rand(g, 6)]);
		gen_val(g, gen_rand(g, 8) == 0 ? (int)gen_rand(g, 4) : k,
		    depth + 1);
		return;
	}
}

static void
test_generated(void **state)
{
	struct fx		*f = *state;
	struct jl_expr_env	 env;
	struct jl_expr		*e;
	struct gen		 g;
	char			*err;
	size_t			 i, sc, erroff;
	int			 tri, ncompiled = 0;

	memset(&g, 0, sizeof(g));
	g.seed = 99;
	for (i = 0; i < 5000; i++) {
		g.len = 0;
		gen_bool(&g, 0);
		err = NULL;
		e = jl_expr_compile(&f->ra, g.buf, g.len, JL_EXPR_STEP, &err,
		    &erroff);
		if (e == NULL) {
			assert_true(erroff <= g.len);
			free(err);
			continue;
		}
		ncompiled++;
		for (sc = 0; sc < SC__COUNT; sc++) {
			memset(&env, 0, sizeof(env));
			env.m = &f->m[sc];
			env.policy = sc & 1 ? &f->policy : NULL;
			env.step = f->m[sc].body.steps.n > 0 ?
			    f->m[sc].body.steps.items[0] : NULL;
			(void)jl_expr_eval3(e, &env, &tri, NULL);
		}
		jl_expr_free(e);
	}
	print_message("generated: %d of 5000 compiled\n", ncompiled);
	assert_true(ncompiled > 1000);
}

/* One compiled expression, several threads evaluating it at once (the
 * plugin on 23.02+): nothing in a compiled expression is written. */
struct thr {
	const struct jl_expr		*e;
	const struct jl_tmpl		*t;
	const struct jl_expr_env	*env;
	int				 bad;
};

static void *
thr_run(void *arg)
{
	struct thr	*t = arg;
	struct jl_arena	 a;
	const char	*s;
	size_t		 i;
	int		 truth;

	jl_arena_init(&a);
	for (i = 0; i < 300; i++) {
		if (jl_expr_eval(t->e, t->env, &truth) != 0 || !truth)
			t->bad++;
		s = jl_tmpl_render(&a, t->t, t->env);
		if (s == NULL || strcmp(s, "train: 00:12:00 python") != 0)
			t->bad++;
	}
	jl_arena_free(&a);
	return NULL;
}

static void
test_threads(void **state)
{
	struct fx		*f = *state;
	struct jl_expr_env	 env;
	struct thr		 th[4];
	pthread_t		 tid[4];
	const char		*src = "any(steps, s => lower(s.program) "
	    "matches "
	    "'^py(thon)?$' and s.container.image + '' matches 'sif$') and "
	    "job.name matches '^t'";
	const char		*tsrc = "{job.name}: {job.time} "
	    "{lower('PYTHON') + ''}";
	char			*err = NULL;
	size_t			 i, erroff;
	struct jl_expr		*e;
	struct jl_tmpl		*t;

	e = jl_expr_compile(&f->ra, src, strlen(src), 0, &err, &erroff);
	if (e == NULL)
		fail_msg("%s", err);
	t = jl_tmpl_compile(&f->ra, tsrc, strlen(tsrc), 0, &err, &erroff);
	if (t == NULL)
		fail_msg("%s", err);
	memset(&env, 0, sizeof(env));
	env.m = &f->m[SC_GPU];
	for (i = 0; i < 4; i++) {
		th[i].e = e;
		th[i].t = t;
		th[i].env = &env;
		th[i].bad = 0;
		assert_int_equal(pthread_create(&tid[i], NULL, thr_run,
		    &th[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(tid[i], NULL), 0);
		assert_int_equal(th[i].bad, 0);
	}
	jl_expr_free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_eval, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_compile_errors, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_limits, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_regex_limit, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_step_scope, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_env, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_value_text, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_templates, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_template_errors,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_repeat, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_garbage, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_generated, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_threads, fx_setup,
		    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
