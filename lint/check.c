/*
 * check.c: reporting helpers for C checks, shared predicates, and the
 * table of registered builtin checks (one line per check, sorted by slug).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "rule.h"

const struct jl_builtin jl_builtins[] = {
	{ "array-output-clobber",	check_array_output_clobber,	0 },
	{ "conflicting-options",	check_conflicting_options,	0 },
	{ "containall-drops-slurm-env",	check_containall_drops_slurm_env, 0 },
	{ "container-image-unpinned",	check_container_image_unpinned,	0 },
	{ "cpus-exceed-node",		check_cpus_exceed_node,		1 },
	{ "cuda-visible-devices-override", check_cuda_visible_devices_override, 0 },
	{ "gpu-container-no-nv",	check_gpu_container_no_nv,	0 },
	{ "gpu-over-allocation",	check_gpu_over_allocation,	0 },
	{ "gpu-type-unavailable",	check_gpu_type_unavailable,	0 },
	{ "interactive-in-batch",	check_interactive_in_batch,	0 },
	{ "mem-exceeds-node",		check_mem_exceeds_node,		1 },
	{ "missing-time-limit",		check_missing_time_limit,	0 },
	{ "output-dir-missing",		check_output_dir_missing,	0 },
	{ "partition-time-limit",	check_partition_time_limit,	1 },
	{ "per-gpu-limit",		check_per_gpu_limit,		1 },
	{ "preemptible-without-requeue", check_preemptible_without_requeue, 1 },
	{ "requeue-without-checkpoint",	check_requeue_without_checkpoint, 0 },
	{ "srun-cpus-per-task",		check_srun_cpus_per_task,	0 },
	{ "tasks-without-launcher",	check_tasks_without_launcher,	0 },
	{ "time-mmss",			check_time_mmss,		0 },
	{ "unknown-gres",		check_unknown_gres,		0 },
	{ "unknown-partition",		check_unknown_partition,	1 },
};
const size_t jl_nbuiltins = sizeof(jl_builtins) / sizeof(jl_builtins[0]);

static const char *
rule_slug(const struct jl_check *c);

void
jl_check_at(struct jl_check *c, struct jl_loc loc, const char *fix,
    const char *fmt, ...)
{
	struct jl_finding	*f;
	va_list			 ap;

	f = jl_report(c->a, c->fs, rule_slug(c), c->sev, &c->m->script.src,
	    loc, fix, "%s", "");
	if (f == NULL)
		return;
	va_start(ap, fmt);
	f->message = jl_arena_vprintf(c->a, fmt, ap);
	va_end(ap);
}

void
jl_check_value(struct jl_check *c, const struct jl_value *v, const char *fix,
    const char *fmt, ...)
{
	struct jl_finding	*f;
	const char		*where;
	va_list			 ap;

	if (v != NULL && (v->origin == JL_ORIG_DIRECTIVE ||
	    v->origin == JL_ORIG_PBS))
		f = jl_report(c->a, c->fs, rule_slug(c), c->sev,
		    &c->m->script.src, v->loc, fix, "%s", "");
	else {
		where = v == NULL ? "job" : v->origin == JL_ORIG_ENV ? v->env :
		    v->origin == JL_ORIG_JOBDESC ? "job request" :
		    "command line";
		f = jl_report_at(c->a, c->fs, rule_slug(c), c->sev, where, fix,
		    "%s", "");
	}
	if (f == NULL)
		return;
	va_start(ap, fmt);
	f->message = jl_arena_vprintf(c->a, fmt, ap);
	va_end(ap);
}

void
jl_check_job(struct jl_check *c, const char *fix, const char *fmt, ...)
{
	struct jl_finding	*f;
	struct jl_loc		 loc = { 0, 0 };
	size_t			 off, len;
	va_list			 ap;

	if (jl_src_line(&c->m->script.src, 1, &off, &len) == 0)
		loc.len = len;
	f = jl_report(c->a, c->fs, rule_slug(c), c->sev, &c->m->script.src,
	    loc, fix, "%s", "");
	if (f == NULL)
		return;
	va_start(ap, fmt);
	f->message = jl_arena_vprintf(c->a, fmt, ap);
	va_end(ap);
}

const char *
jl_fmt_minutes(struct jl_arena *a, int64_t m)
{
	if (m < 0)
		return "UNLIMITED";
	if (m >= 1440)
		return jl_arena_printf(a, "%lld-%02lld:%02lld:00",
		    (long long)(m / 1440), (long long)(m % 1440 / 60),
		    (long long)(m % 60));
	return jl_arena_printf(a, "%02lld:%02lld:00", (long long)(m / 60),
	    (long long)(m % 60));
}

const char *
jl_fmt_mb(struct jl_arena *a, int64_t mb)
{
	if (mb >= 1024 * 1024 && mb % (1024 * 1024) == 0)
		return jl_arena_printf(a, "%lldT", (long long)(mb / 1048576));
	if (mb >= 1024 && mb % 1024 == 0)
		return jl_arena_printf(a, "%lldG", (long long)(mb / 1024));
	return jl_arena_printf(a, "%lldM", (long long)mb);
}

/*
 * Does a container step pass the site's GPU flag?  With no site flag,
 * either --nv or --rocm counts; APPTAINER_NV/SINGULARITY_NV (and _ROCM)
 * count as the flag.
 */
int
jl_container_gpu_ok(const struct jl_container *ctr,
    const struct jl_policy *p)
{
	int	nv = ctr->nv || ctr->nv_env;
	int	rocm = ctr->rocm || ctr->rocm_env;

	if (p != NULL && p->gpu_flag != NULL) {
		if (strcmp(p->gpu_flag, "--rocm") == 0)
			return rocm;
		return nv;
	}
	return nv || rocm;
}

static int
word_is_multiproc_launcher(const char *w)
{
	static const char *names[] = { "torchrun", "accelerate", "deepspeed",
	    "horovodrun", "mpirun", "mpiexec", "mpiexec.hydra", "srun",
	    "torch.distributed.run", "torch.distributed.launch",
	    "lightning", "colossalai" };
	const char	*base;
	size_t		 i;

	base = strrchr(w, '/');
	base = base != NULL ? base + 1 : w;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(base, names[i]) == 0)
			return 1;
	return 0;
}

/*
 * Can this step use more than one GPU?  srun with several tasks (its own
 * -n, or inherited from the job), a multi-process launcher, or such a
 * launcher run inside the step (srun ... apptainer exec ... torchrun).
 */
int
jl_step_multi_gpu(const struct jl_model *m, const struct jl_job *job,
    const struct jl_step *s)
{
	const struct jl_word	*w;
	size_t			 i;

	(void)m;
	switch (s->launcher) {
	case JL_LAUNCH_SRUN:
		if (s->nprocs > 1)
			return 1;
		if (s->nprocs < 0 && (job->ntasks > 1 || job->nodes_min > 1 ||
		    job->ntasks_per_node > 1))
			return 1;
		break;
	case JL_LAUNCH_MPIRUN:
	case JL_LAUNCH_TORCHRUN:
	case JL_LAUNCH_ACCELERATE:
	case JL_LAUNCH_DEEPSPEED:
	case JL_LAUNCH_HOROVODRUN:
		if (s->nprocs != 1)
			return 1;
		break;
	default:
		break;
	}
	/* A launcher inside the step (srun ... apptainer exec img torchrun). */
	for (i = 1; i < s->words.n; i++) {
		w = s->words.items[i];
		if (word_is_multiproc_launcher(w->text) &&
		    strcmp(w->text, "srun") != 0)
			return 1;
	}
	return 0;
}

static int
has_ci(const char *hay, const char *needle)
{
	size_t	n = strlen(needle);
	int	c0 = tolower((unsigned char)needle[0]);

	/* The first byte before the call: every word of the body is
	 * searched for ten needles (bench/). */
	for (; *hay != '\0'; hay++)
		if (tolower((unsigned char)*hay) == c0 &&
		    strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/*
 * Evidence that a job can resume after a requeue: a trap (on the --signal
 * signal or TERM/USR1/USR2), scontrol requeue, or resume/checkpoint words
 * in its commands or variables (--resume, ckpt, restart, ...).
 */
int
jl_checkpoint_evidence(const struct jl_model *m, const struct jl_job *job)
{
	static const char *words[] = { "resume", "checkpoint", "ckpt",
	    "restart", "restore", "snapshot", "--continue", "autoresume",
	    "auto_resume", "requeue" };
	const struct jl_step	*s;
	const struct jl_word	*w;
	const struct jl_assign	*as;
	size_t			 i, j, k;

	(void)job;
	if (m->no_script)
		return 1;	/* nothing to judge: assume it */
	if (m->body.traps.n > 0 || m->body.requeue_calls.n > 0)
		return 1;
	for (i = 0; i < m->body.commands.n; i++) {
		s = m->body.commands.items[i];
		for (j = 0; j < s->words.n; j++) {
			w = s->words.items[j];
			for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
				if (has_ci(w->text, words[k]))
					return 1;
		}
	}
	for (i = 0; i < m->body.assigns.n; i++) {
		as = m->body.assigns.items[i];
		for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
			if (has_ci(as->name, words[k]) || (as->value != NULL &&
			    has_ci(as->value, words[k])))
				return 1;
	}
	return 0;
}

/* rule.c provides the slug of the rule being checked. */
const char *jl_rule_slug(const struct jl_rule *);

static const char *
rule_slug(const struct jl_check *c)
{
	return jl_rule_slug(c->rule);
}
