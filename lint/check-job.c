/*
 * check-job.c: job-level rules: time limits and partitions, memory and
 * CPUs against node facts, option combinations sbatch/slurmctld reject,
 * output files, tasks without a launcher, requeue and preemption.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "check.h"

/* Time limit in minutes for comparisons: unlimited is INT64_MAX. */
static int64_t
cmp_minutes(int64_t m)
{
	return m == JL_TIME_INFINITE ? INT64_MAX : m;
}

/* "partition batch", "partition batch (the default)", "... (from X)". */
static const char *
part_words(struct jl_check *c, const char *name)
{
	const struct jl_job	*job = c->job;

	if (job->partitions.n == 0)
		return jl_arena_printf(c->a, "partition %s (the default)",
		    name);
	return jl_arena_printf(c->a, "partition %s%s", name,
	    jl_value_from(c->a, job->v[JL_O_PARTITION]));
}

/* "batch", or "batch (from SBATCH_PARTITION)" when -p is not the script's. */
static const char *
part_from(struct jl_check *c, const char *name)
{
	if (c->job->partitions.n == 0)
		return name;
	return jl_arena_printf(c->a, "%s%s", name, jl_value_from(c->a,
	    c->job->v[JL_O_PARTITION]));
}

/* Is name one of the job's partitions? */
static int
job_has_partition(const struct jl_job *job, const char *name)
{
	size_t	i;

	for (i = 0; i < job->partitions.n; i++)
		if (strcmp(job->partitions.items[i], name) == 0)
			return 1;
	return 0;
}

/*
 * The fix for a time over a partition's limit: lower --time, or move to
 * a partition that allows it.  A partition the job already lists is not
 * suggested (the job is there already); when SBATCH_PARTITION or the
 * command line overrides the script's own -p and that one allows the
 * time, the fix says to drop the override.
 */
static const char *
time_fix(struct jl_check *c, int64_t t, int64_t limit, const char *drop)
{
	const struct jl_job		*job = c->job;
	const struct jl_value		*pv = job->v[JL_O_PARTITION];
	const struct jl_partition	*q;
	const char			*own;
	struct jl_buf			 fit;
	const char			*r;

	if (pv != NULL && (pv->origin == JL_ORIG_ENV ||
	    pv->origin == JL_ORIG_CLI) &&
	    (own = jl_script_value(c->m, job, JL_O_PARTITION)) != NULL &&
	    strcmp(own, pv->text != NULL ? pv->text : "") != 0) {
		q = jl_policy_partition(c->policy, own);
		if (q == NULL || q->max_time == JL_UNSET || t <= q->max_time)
			return jl_arena_printf(c->a, "the script asks for "
			    "--partition=%s, which allows it, but %s overrides "
			    "it: %s", own, pv->origin == JL_ORIG_ENV ?
			    pv->env : "the sbatch command line",
			    pv->origin == JL_ORIG_ENV ? jl_arena_printf(c->a,
			    "unset %s", pv->env) : "drop -p from the command "
			    "line");
	}
	if (drop != NULL)
		return jl_arena_printf(c->a, "remove %s from --partition, or "
		    "lower --time to at most %s", drop,
		    jl_fmt_minutes(c->a, limit));
	jl_buf_init(&fit);
	for (q = c->policy->partitions; q < c->policy->partitions +
	    c->policy->npartitions; q++)
		if (q->max_time != JL_UNSET && t <= q->max_time &&
		    !job_has_partition(job, q->name)) {
			if (fit.len)
				jl_buf_puts(&fit, ", ");
			jl_buf_printf(&fit, "%s (max %s)", q->name,
			    jl_fmt_minutes(c->a, q->max_time == INT64_MAX ? -1 :
			    q->max_time));
		}
	r = fit.len ? jl_arena_printf(c->a, "lower --time to at most %s, or "
	    "use a partition that allows it: %s", jl_fmt_minutes(c->a, limit),
	    fit.data) : jl_arena_printf(c->a, "lower --time to at most %s and "
	    "split the work: checkpoint, and resubmit or use --requeue to "
	    "continue", jl_fmt_minutes(c->a, limit));
	jl_buf_free(&fit);
	return r;
}

/*
 * Report a time over a partition's limit.  A job that names a QOS may be
 * let past the limit by it (QOS flag PartitionTimeLimit: _part_access_check()
 * and _valid_job_part() skip the check), and the policy does not know the
 * QOS's flags: then a guess that says so, never enforced.
 */
static void
time_report(struct jl_check *c, const struct jl_value *v, const char *fix,
    const char *msg)
{
	const struct jl_value	*q = c->job->v[JL_O_QOS];

	if (q == NULL || q->text == NULL)
		jl_check_value(c, v, fix, "%s", msg);
	else
		jl_check_value_guess(c, v, fix, "%s, unless QOS %s%s lets the "
		    "job past the partition's limit (its PartitionTimeLimit "
		    "flag, which jlint does not know)", msg, q->text,
		    jl_value_from(c->a, q));
}

/*
 * --time-min over the MaxTime of every partition the job lists (or the
 * default one): slurmctld rejects the job whatever EnforcePartLimits
 * says (_valid_job_part(): ESLURM_INVALID_TIME_MIN_LIMIT against the
 * longest MaxTime of the list; tests/slurm-diff).  1 if reported.
 */
static int
time_min_over(struct jl_check *c)
{
	const struct jl_job		*job = c->job;
	const struct jl_partition	*p, *longest = NULL;
	size_t				 i, n;

	if (!job->time_min_set || job->time_min.minutes == JL_TIME_INFINITE)
		return 0;
	n = job->partitions.n ? job->partitions.n : 1;
	for (i = 0; i < n; i++) {
		p = jl_policy_partition(c->policy, job->partitions.n ?
		    job->partitions.items[i] : NULL);
		if (p == NULL || p->max_time == JL_UNSET)
			return 0;	/* not known */
		if (longest == NULL || p->max_time > longest->max_time)
			longest = p;
	}
	if (longest == NULL || job->time_min.minutes <= longest->max_time)
		return 0;
	time_report(c, job->v[JL_O_TIME_MIN],
	    jl_arena_printf(c->a, "lower --time-min to at most %s",
	    jl_fmt_minutes(c->a, longest->max_time)),
	    jl_arena_printf(c->a, "--time-min=%s%s is longer than the %s "
	    "limit of %s%s: slurmctld rejects the job (invalid time-min "
	    "specification), whatever EnforcePartLimits says",
	    job->v[JL_O_TIME_MIN] != NULL ? job->v[JL_O_TIME_MIN]->text : "",
	    jl_value_from(c->a, job->v[JL_O_TIME_MIN]), jl_fmt_minutes(c->a,
	    longest->max_time), part_words(c, longest->name), n > 1 ?
	    ", the longest it lists" : ""));
	return 1;
}

/*
 * --time over a partition's MaxTime.  What slurmctld does depends on
 * EnforcePartLimits (checked with sbatch --test-only, tests/slurm-diff):
 * ALL rejects the job when any listed partition is too short; ANY only
 * when every listed partition is; NO (Slurm's default, assumed when the
 * policy does not say) accepts it, and it runs in a partition that
 * allows the time or, if none does, pends with reason PartitionTimeLimit.
 * So with NO and ANY a job that fits one of its partitions gets nothing.
 */
void
jl_check_partition_time_limit(struct jl_check *c)
{
	const struct jl_job		*job = c->job;
	const struct jl_partition	*p, *over[64];
	const char			*tv, *drop;
	enum jl_epl			 epl;
	int64_t				 t;
	size_t				 i, n, nover = 0, nmaybe = 0;

	if (c->policy == NULL)
		return;
	if (time_min_over(c))
		return;
	if (!job->time_set)
		return;
	epl = c->policy->enforce_part_limits;
	t = cmp_minutes(job->time.minutes);
	n = job->partitions.n ? job->partitions.n : 1;
	for (i = 0; i < n; i++) {
		p = jl_policy_partition(c->policy, job->partitions.n ?
		    job->partitions.items[i] : NULL);
		if (p == NULL || p->max_time == JL_UNSET || t <= p->max_time)
			nmaybe++;	/* fits, or not known not to */
		else if (nover < sizeof(over) / sizeof(over[0]))
			over[nover++] = p;
	}
	if (nover == 0 || (epl != JL_EPL_ALL && nmaybe > 0))
		return;
	tv = jl_arena_printf(c->a, "--time=%s%s%s", job->v[JL_O_TIME] !=
	    NULL ? job->v[JL_O_TIME]->text : "", job->time.minutes ==
	    JL_TIME_INFINITE ? " (no time limit)" : "", jl_value_from(c->a,
	    job->v[JL_O_TIME]));
	if (epl == JL_EPL_ALL) {
		for (i = 0; i < nover; i++) {
			drop = nmaybe > 0 || nover < n ? over[i]->name : NULL;
			time_report(c, job->v[JL_O_TIME],
			    time_fix(c, t, over[i]->max_time, drop),
			    jl_arena_printf(c->a, "%s is longer than the %s "
			    "limit of %s: slurmctld rejects the job "
			    "(EnforcePartLimits=ALL: every partition it lists "
			    "must allow its time)", tv, jl_fmt_minutes(c->a,
			    over[i]->max_time), part_words(c,
			    over[i]->name)));
		}
		return;
	}
	/* No listed partition allows the time. */
	for (i = 0, p = over[0]; i < nover; i++)
		if (over[i]->max_time > p->max_time)
			p = over[i];
	if (epl == JL_EPL_ANY)
		time_report(c, job->v[JL_O_TIME],
		    time_fix(c, t, p->max_time, NULL),
		    jl_arena_printf(c->a, "%s is longer than the %s limit of "
		    "%s%s: slurmctld rejects the job (EnforcePartLimits=ANY "
		    "and no partition it lists allows its time)", tv,
		    jl_fmt_minutes(c->a, p->max_time), part_words(c, p->name),
		    nover > 1 ? ", the longest it lists" : ""));
	else
		time_report(c, job->v[JL_O_TIME],
		    time_fix(c, t, p->max_time, NULL),
		    jl_arena_printf(c->a, "%s is longer than the %s limit of "
		    "%s%s: the job never starts; %s", tv, jl_fmt_minutes(c->a,
		    p->max_time), part_words(c, p->name),
		    nover > 1 ? ", the longest it lists" : "",
		    epl == JL_EPL_NO ? "slurmctld accepts it "
		    "(EnforcePartLimits=NO) and it pends forever with reason "
		    "PartitionTimeLimit" : "with Slurm's default "
		    "EnforcePartLimits=NO it pends forever with reason "
		    "PartitionTimeLimit (with ANY or ALL, slurmctld refuses "
		    "it at submission)"));
}

void
jl_check_missing_time_limit(struct jl_check *c)
{
	const struct jl_partition	*p = c->part;

	if (c->job->v[JL_O_TIME] != NULL)
		return;
	jl_check_job(c, "add #SBATCH --time=HH:MM:SS with a realistic "
	    "estimate plus a margin",
	    "no --time: the job gets the partition's default limit%s, which "
	    "is often the maximum; the scheduler cannot backfill it and it "
	    "may wait longer or be killed earlier than you expect",
	    p != NULL && p->default_time != JL_UNSET ?
	    jl_arena_printf(c->a, " (%s in %s)", jl_fmt_minutes(c->a,
	    p->default_time), part_from(c, p->name)) : p != NULL &&
	    p->max_time != JL_UNSET ? jl_arena_printf(c->a,
	    " (up to %s in %s)",
	    jl_fmt_minutes(c->a, p->max_time == INT64_MAX ? -1 :
	    p->max_time), part_from(c, p->name)) : "");
}

/* --time=2:00 is two minutes: M:S, not H:M (time_str2mins()). */
static void
mmss_one(struct jl_check *c, const struct jl_value *v,
    const struct jl_time *t)
{
	const char	*colon;
	long		 mins;

	if (v == NULL || v->text == NULL || t->form != JL_TF_MS)
		return;
	colon = strchr(v->text, ':');
	mins = strtol(v->text, NULL, 10);
	jl_check_value(c, v,
	    jl_arena_printf(c->a, "write --%s=%ld:%s:00 for %ld hour%s, or "
	    "%ld for %ld minutes", v->opt->name, mins,
	    colon != NULL ? colon + 1 : "00", mins, mins == 1 ? "" : "s",
	    mins, mins),
	    "--%s=%s means %ld minute%s and %s second%s (minutes:seconds), "
	    "not hours: the job is killed after %lld minute%s",
	    v->opt->name, v->text, mins, mins == 1 ? "" : "s",
	    colon != NULL ? colon + 1 : "0",
	    colon != NULL && strcmp(colon + 1, "1") == 0 ? "" : "s",
	    (long long)t->minutes, t->minutes == 1 ? "" : "s");
}

void
jl_check_time_mmss(struct jl_check *c)
{
	if (c->job->time_set)
		mmss_one(c, c->job->v[JL_O_TIME], &c->job->time);
	if (c->job->time_min_set)
		mmss_one(c, c->job->v[JL_O_TIME_MIN], &c->job->time_min);
}

/* Edit distance for partition suggestions (bounded by short names). */
static size_t
edist(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b), i, j, prev, cur, tmp;
	size_t	row[65];

	if (la > 64 || lb > 64)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			cur = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < cur)
				cur = row[j] + 1;
			if (row[j - 1] + 1 < cur)
				cur = row[j - 1] + 1;
			row[j] = cur;
			prev = tmp;
		}
	}
	return row[lb];
}

void
jl_check_unknown_partition(struct jl_check *c)
{
	const struct jl_policy	*p = c->policy;
	const char		*name, *best;
	struct jl_buf		 all;
	size_t			 i, k, d, bestd;

	if (p == NULL || p->npartitions == 0)
		return;
	for (i = 0; i < c->job->partitions.n; i++) {
		name = c->job->partitions.items[i];
		if (jl_policy_partition(p, name) != NULL)
			continue;
		best = NULL;
		bestd = 3;
		jl_buf_init(&all);
		for (k = 0; k < p->npartitions; k++) {
			d = edist(name, p->partitions[k].name);
			if (d < bestd) {
				bestd = d;
				best = p->partitions[k].name;
			}
			if (all.len)
				jl_buf_puts(&all, ", ");
			jl_buf_puts(&all, p->partitions[k].name);
		}
		jl_check_value(c, c->job->v[JL_O_PARTITION],
		    best != NULL ? jl_arena_printf(c->a, "did you mean %s?",
		    best) : jl_arena_printf(c->a, "use one of: %s",
		    all.data ? all.data : ""),
		    "partition \"%s\" does not exist on this cluster: "
		    "slurmctld rejects the job (invalid partition specified)",
		    name);
		jl_buf_free(&all);
	}
}

/*
 * --gres names against GresTypes (the policy's gres_names).  Checked with
 * sbatch --test-only on GresTypes=gpu: gpus:2, mps:1 and foo:1 are refused
 * ("Invalid generic resource (gres) specification"), gpus:0 is accepted.
 * Without gres_names only "gpus" is reported, as a warning.
 */
void
jl_check_unknown_gres(struct jl_check *c)
{
	const struct jl_value	*v = c->job->v[JL_O_GRES];
	const char *const	*names = c->policy != NULL ?
	    c->policy->gres_names : NULL;
	struct jl_gres_list	 gl;
	struct jl_buf		 all;
	const char		*name, *best;
	size_t			 i, k, d, bestd;

	if (v == NULL || v->text == NULL || !v->valid ||
	    jl_check_gres(c, v, &gl) != 0)
		return;
	for (i = 0; i < gl.n; i++) {
		name = gl.items[i].name;
		if (gl.items[i].count == 0)
			continue;
		if (names == NULL) {
			if (strcmp(name, "gpus") != 0)
				continue;
			jl_check_value_warn(c, v,
			    "write --gres=gpu:N (or --gpus=N)",
			    "--gres asks for a generic resource named "
			    "\"gpus\"; Slurm's GPU resource is \"gpu\": "
			    "unless this cluster defines a GRES called "
			    "\"gpus\", slurmctld refuses the job (invalid "
			    "generic resource specification)");
			continue;
		}
		best = NULL;
		bestd = 2;
		jl_buf_init(&all);
		for (k = 0; names[k] != NULL; k++) {
			if (strcmp(names[k], name) == 0)
				break;
			d = edist(name, names[k]);
			if (d < bestd) {
				bestd = d;
				best = names[k];
			}
			if (all.len)
				jl_buf_puts(&all, ", ");
			jl_buf_puts(&all, names[k]);
		}
		if (names[k] == NULL)
			jl_check_value(c, v, best != NULL ?
			    jl_arena_printf(c->a, "did you mean %s?", best) :
			    all.len ? jl_arena_printf(c->a, "use one of: %s",
			    all.data) : "remove it: this cluster has no "
			    "generic resources",
			    "--gres asks for a generic resource named \"%s\" "
			    "but this cluster has %s%s: slurmctld rejects the "
			    "job (invalid generic resource specification)",
			    name, all.len ? "only " : "none",
			    all.len ? all.data : "");
		jl_buf_free(&all);
	}
}

/* Largest per-node memory and CPUs in the partition, or -1. */
static void
part_node_max(const struct jl_partition *p, int64_t *mem, int64_t *cpus)
{
	size_t	i;

	*mem = *cpus = -1;
	if (p == NULL)
		return;
	for (i = 0; i < p->nnodes; i++) {
		if (p->nodes[i].mem_mb > *mem)
			*mem = p->nodes[i].mem_mb;
		if (p->nodes[i].cpus > *cpus)
			*cpus = p->nodes[i].cpus;
	}
}

/* -N's maximum as sbatch sends it: lowered to -n when -n is below it
 * (_opt_verify(), 22.05 to 26.05), before slurmctld sets the node count
 * from the GPU options; a job_desc's is as sent.  -1 or 0: none. */
static int64_t
nodes_max_sent(const struct jl_job *job)
{
	const struct jl_value	*n = job->v[JL_O_NTASKS];
	int64_t			 nt = jl_value_num(n, 1, -1);

	if (job->nodes_max > 0 && nt > 0 && nt < job->nodes_max &&
	    n->origin != JL_ORIG_JOBDESC)
		return nt;
	return job->nodes_max;
}

/*
 * --gpus over the GPUs per node (job->gres_nodes) outside -N's range as
 * sbatch sends it: sbatch refuses the job (conflicting-options says so,
 * and cpus-exceed-node then says nothing of the nodes).  Not when -n is
 * below -N's minimum (sbatch lowers -N to -n first), -N is from the
 * environment, or from a job_desc (the plugin: a minimum without a
 * maximum reads as -N MIN, and slurmctld tests the GRES before it sets
 * the maximum), nor for --gpus below -N (said on its own).
 */
static int
gres_nodes_outside(const struct jl_job *job)
{
	const struct jl_value	*nv = job->v[JL_O_NODES];
	int64_t			 nt = jl_value_num(job->v[JL_O_NTASKS], 1, -1);
	int64_t			 nmax = nodes_max_sent(job);

	return job->gres_nodes > 0 && nv != NULL &&
	    nv->origin != JL_ORIG_ENV && nv->origin != JL_ORIG_JOBDESC &&
	    job->nodes_min > 0 && (nt <= 0 || nt >= job->nodes_min) &&
	    job->gpus_per_job >= job->nodes_min &&
	    (job->gres_nodes < job->nodes_min ||
	    (nmax > 0 && job->gres_nodes > nmax));
}

/*
 * What --ntasks-per-gpu=K makes of a job: gres_job_state_validate(), run
 * by sbatch in slurm_opt_create_job_desc() and again by slurmctld
 * (src/common/gres.c in 22.05, src/interfaces/gres.c in 24.11 and
 * 26.05, the same code).  With a GPU request (--gpus, --gres=gpu,
 * --gpus-per-node) the task count becomes GPUs x K, even over -n; without
 * one, -n (or -N x K for a fixed -N and no -n) derives an untyped per-job
 * GPU request of -n / K ("gres:gpu:N", none when it is 0).  sbatch still
 * asks for -n x (-c or 1) CPUs (min_cpus, from -n as given).
 */
struct npg_req {
	int64_t	k;		/* --ntasks-per-gpu, -1 if not given */
	int64_t	n;		/* -n as given, -1 */
	int64_t	tasks;		/* the task count slurmctld keeps, -1 */
	int64_t	gpus;		/* GPUs (requested or derived), -1 */
	int	derived;	/* gpus derived from -n / K */
};

static int
npg_read(const struct jl_job *job, struct npg_req *r)
{
	struct jl_value	*const	*v = job->v;

	r->k = jl_value_num(v[JL_O_NTASKS_PER_GPU], 1, -1);
	r->n = jl_value_num(v[JL_O_NTASKS], 1, -1);
	r->tasks = r->gpus = -1;
	r->derived = 0;
	if (r->k <= 0 || v[JL_O_GPUS_PER_TASK] != NULL ||
	    v[JL_O_GPUS_PER_SOCKET] != NULL || v[JL_O_NTASKS_PER_NODE] != NULL)
		return 0;	/* sbatch rejects those combinations */
	if (job->gpu_requested) {
		if (job->gpus_per_job > 0 && job->gpus_per_node <= 0)
			r->gpus = job->gpus_per_job;
		else if (job->gpus_per_node > 0 && job->gpus_per_job <= 0) {
			if ((r->gpus = jl_count_mul(job->gpus_per_node,
			    job->nodes_min > 0 ? job->nodes_min : 1)) < 0)
				return 0;	/* past INT64_MAX: unknown */
		} else
			return 0;
		if ((r->tasks = jl_count_mul(r->gpus, r->k)) < 0)
			return 0;
		return 1;
	}
	/* Without a GPU option: the model's (job->gpus_derived). */
	if (job->gpus_derived < 0)
		return 0;
	r->tasks = r->n > 0 ? r->n : jl_count_mul(job->nodes_min, r->k);
	r->gpus = job->gpus_derived;
	r->derived = 1;
	return 1;
}

/* The tasks sbatch asks CPUs for (min_cpus): -n as given when it is more
 * than the task count (--ntasks-per-gpu), unless --overcommit. */
static int64_t
cpu_tasks(const struct jl_job *job)
{
	int64_t	n = jl_value_num(job->v[JL_O_NTASKS], 1, -1);

	if (job->v[JL_O_OVERCOMMIT] == NULL && n > job->ntasks)
		return n;
	return job->ntasks;
}

/*
 * CPUs the job needs on one node, or -1 when unknown.  -n without -N 1
 * may be spread over several nodes, so only one task's CPUs are sure.
 * by_npg: the CPU check (--overcommit with --ntasks-per-gpu below is
 * seen only there, not for memory), told whether that path counted;
 * NULL for memory.
 */
static int64_t	exact_gpus_per_node(const struct jl_job *);

static int64_t
cpus_per_node(const struct jl_job *job, int *by_npg)
{
	int64_t	cpt = job->cpus_per_task > 0 ? job->cpus_per_task : 1;
	int64_t	cpg, gpn;
	const char *err;

	/* --overcommit: "allocated as if only one task per node is
	 * requested" (sbatch(1)), but --ntasks-per-node still counts
	 * (slurmctld 22.05 refused -n 4 --ntasks-per-node=4 --overcommit on
	 * a 2-CPU node: tests/slurm-diff/nodes.py). */
	if (job->v[JL_O_OVERCOMMIT] != NULL && job->ntasks_per_node <= 0) {
		struct npg_req r;

		/* So does --ntasks-per-gpu with the GPUs on a node known: K
		 * tasks per GPU, each with its CPUs (slurmctld 22.05 refused
		 * --gres=gpu:2 -c 1 --ntasks-per-gpu=2 --overcommit on a 2-CPU
		 * node and took --ntasks-per-gpu=1: tests/slurm-diff). */
		if (by_npg != NULL && npg_read(job, &r) && !r.derived &&
		    (gpn = exact_gpus_per_node(job)) > 0) {
			*by_npg = 1;
			return jl_count_mul(jl_count_mul(cpt, gpn), r.k);
		}
		return job->cpus_per_task > 0 ? job->cpus_per_task : -1;
	}

	/* --cpus-per-gpu: slurmctld wants them even without GPUs. */
	if (job->v[JL_O_CPUS_PER_GPU] != NULL &&
	    job->v[JL_O_CPUS_PER_TASK] == NULL &&
	    job->v[JL_O_CPUS_PER_GPU]->text != NULL &&
	    jl_val_int(job->v[JL_O_CPUS_PER_GPU]->text, 1, &cpg, &err) == 0) {
		struct npg_req r;

		gpn = exact_gpus_per_node(job);
		/* GPUs --ntasks-per-gpu derives from -n, on one node */
		if (gpn <= 0 && npg_read(job, &r) && r.derived &&
		    r.gpus > 0 && job->nodes_min == 1 && job->nodes_max == 1)
			gpn = r.gpus;
		return jl_count_mul(cpg, gpn > 0 ? gpn : 1);
	}
	if (job->ntasks_per_node > 0)
		return jl_count_mul(cpt, job->ntasks_per_node);
	if (job->ntasks > 0 && job->nodes_min == 1 && job->nodes_max == 1)
		return jl_count_mul(cpt, cpu_tasks(job));
	if (job->cpus_per_task > 0)
		return job->cpus_per_task;
	return -1;
}

/*
 * The job's partitions (or the default) one by one: NULL when one of them
 * may hold the job (its largest node has room, or the policy does not
 * describe it), else the first, with its largest node's memory or CPUs
 * in *max.  A job that lists several partitions runs in any that fits.
 */
static const struct jl_partition *
no_part_fits(struct jl_check *c, int64_t need, int cpus, int64_t *max)
{
	const struct jl_job		*job = c->job;
	const struct jl_partition	*p, *first = NULL;
	int64_t				 mem, cpu;
	size_t				 i, n;

	n = job->partitions.n ? job->partitions.n : 1;
	for (i = 0; i < n; i++) {
		p = jl_policy_partition(c->policy, job->partitions.n ?
		    job->partitions.items[i] : NULL);
		part_node_max(p, &mem, &cpu);
		if (cpus)
			mem = cpu;
		if (p == NULL || mem <= 0 || need <= mem)
			return NULL;
		if (first == NULL) {
			first = p;
			*max = mem;
		}
	}
	return first;
}

void
jl_check_mem_exceeds_node(struct jl_check *c)
{
	const struct jl_job		*job = c->job;
	const struct jl_value		*v = NULL;
	const struct jl_partition	*p;
	int64_t				 maxmem, need = -1, cpn, gpn;

	if (c->policy == NULL)
		return;
	switch (job->mem_kind) {
	case JL_MEM_PER_NODE:
		need = (int64_t)job->mem_mb;
		v = job->v[JL_O_MEM];
		break;
	case JL_MEM_PER_CPU:
		cpn = cpus_per_node(job, NULL);
		need = jl_count_mul((int64_t)job->mem_mb, cpn > 0 ? cpn : 1);
		v = job->v[JL_O_MEM_PER_CPU];
		break;
	case JL_MEM_PER_GPU:
		/* GPUs spread over nodes: at least one on a node. */
		gpn = exact_gpus_per_node(job);
		need = jl_count_mul((int64_t)job->mem_mb, gpn > 0 ? gpn : 1);
		v = job->v[JL_O_MEM_PER_GPU];
		break;
	default:
		return;
	}
	if ((p = no_part_fits(c, need, 0, &maxmem)) == NULL)
		return;
	jl_check_value(c, v,
	    jl_arena_printf(c->a, "request at most %s per node (or "
	    "--mem=0 for all of a node's memory)", jl_fmt_mb(c->a, maxmem)),
	    "the job needs %s of memory per node but the nodes of partition "
	    "%s have at most %s: it can never start",
	    jl_fmt_mb(c->a, need), part_from(c, p->name),
	    jl_fmt_mb(c->a, maxmem));
}

/* Nodes and CPUs of a whole partition, or -1 when a class lacks them. */
static void
part_totals(const struct jl_partition *p, int64_t *nodes, int64_t *cpus)
{
	size_t	i;

	*nodes = *cpus = p != NULL && p->nnodes > 0 ? 0 : -1;
	for (i = 0; p != NULL && i < p->nnodes; i++) {
		if (p->nodes[i].count <= 0 || p->nodes[i].cpus <= 0) {
			*nodes = *cpus = -1;
			return;
		}
		*nodes += p->nodes[i].count;
		*cpus += p->nodes[i].count * p->nodes[i].cpus;
	}
}

/* The option a job's CPU count over a whole partition is reported at. */
static const struct jl_value *
cpus_value(const struct jl_job *job, int per_gpu)
{
	return per_gpu ? job->v[JL_O_CPUS_PER_GPU] :
	    job->v[JL_O_CPUS_PER_TASK] != NULL ? job->v[JL_O_CPUS_PER_TASK] :
	    job->v[JL_O_NTASKS] != NULL ? job->v[JL_O_NTASKS] :
	    job->v[JL_O_NTASKS_PER_NODE];
}

void
jl_check_cpus_exceed_node(struct jl_check *c)
{
	const struct jl_job		*job = c->job;
	const struct jl_value		*v;
	const struct jl_partition	*p, *first = NULL, *np_short = NULL;
	const struct jl_partition	*cp_short = NULL;
	int64_t				 maxcpu, need, tasks, cpt, tc, pn, pc;
	int64_t				 fn = 0, fc = 0, cpg, cg, gpus, nt, nodes;
	int64_t				 nmax, tn;
	int64_t				 np_n = 0, cp_c = 0;
	struct npg_req			 r;
	const char			*err;
	size_t				 i, n;
	int				 nodes_short = 1, cpus_short = 1;
	int				 per_gpu = 0, unknown = 0;
	int				 by_npg = 0, gres_used = 0;
	int				 tpn_used = 0;

	if (c->policy == NULL)
		return;
	if ((need = cpus_per_node(job, &by_npg)) > 0 &&
	    (p = no_part_fits(c, need, 1, &maxcpu)) != NULL) {
		/* --overcommit's one task per node does not cover
		 * --ntasks-per-gpu (cpus_per_node()): say so. */
		if (by_npg) {
			jl_check_value(c, job->v[JL_O_NTASKS_PER_GPU],
			    "ask for a lower --ntasks-per-gpu, fewer GPUs per "
			    "node, or fewer CPUs per task",
			    "--ntasks-per-gpu=%s with the job's GPUs on a node "
			    "makes tasks that need %lld CPUs there (--overcommit "
			    "does not lower that), but the nodes of partition "
			    "%s have at most %lld: it can never start",
			    job->v[JL_O_NTASKS_PER_GPU]->text, (long long)need,
			    part_from(c, p->name), (long long)maxcpu);
			return;
		}
		v = job->v[JL_O_CPUS_PER_TASK] != NULL ?
		    job->v[JL_O_CPUS_PER_TASK] :
		    job->v[JL_O_NTASKS_PER_NODE] != NULL ?
		    job->v[JL_O_NTASKS_PER_NODE] : job->v[JL_O_NTASKS];
		jl_check_value(c, v,
		    jl_arena_printf(c->a, "ask for at most %lld CPUs per "
		    "node, or spread tasks over more nodes (-N)",
		    (long long)maxcpu),
		    "the job needs %lld CPUs on one node but the nodes of "
		    "partition %s have at most %lld: it can never start",
		    (long long)need, part_from(c, p->name), (long long)maxcpu);
		return;
	}
	/* The whole partition: more nodes or CPUs than it has.  -n counts
	 * even when --ntasks-per-gpu gives the job fewer tasks: sbatch asks
	 * for its CPUs (min_cpus). */
	cpt = job->cpus_per_task > 0 ? job->cpus_per_task : 1;
	tasks = job->ntasks > 0 ? cpu_tasks(job) : job->ntasks_per_node > 0 ?
	    jl_count_mul(job->ntasks_per_node, job->nodes_min > 0 ?
	    job->nodes_min : 1) : -1;
	/* --overcommit: one task's CPUs per node (or --ntasks-per-node's). */
	if (job->v[JL_O_OVERCOMMIT] != NULL)
		tasks = jl_count_mul(job->ntasks_per_node > 0 ?
		    job->ntasks_per_node : 1, job->nodes_min > 0 ?
		    job->nodes_min : 1);
	/* --cpus-per-gpu: that many CPUs for every GPU of the job (those
	 * --ntasks-per-gpu derives from -n too). */
	gpus = job->gpus_total > 0 ? job->gpus_total :
	    npg_read(job, &r) && r.derived ? r.gpus : -1;
	if (job->v[JL_O_CPUS_PER_GPU] != NULL && gpus > 0 &&
	    job->v[JL_O_CPUS_PER_TASK] == NULL &&
	    job->v[JL_O_CPUS_PER_GPU]->text != NULL &&
	    jl_val_int(job->v[JL_O_CPUS_PER_GPU]->text, 1, &cpg, &err) == 0 &&
	    (cg = jl_count_mul(cpg, gpus)) > 0 &&
	    (tc = jl_count_mul(tasks > 0 ? tasks : 1, cpt)) >= 0 && cg > tc) {
		tasks = gpus;
		cpt = cpg;
		per_gpu = 1;
	}
	/* The job's CPUs in all; -1 (said nothing of) when it does not fit. */
	tc = tasks > 0 ? jl_count_mul(tasks, cpt) : -1;
	nt = jl_value_num(job->v[JL_O_NTASKS], 1, -1);
	/* sbatch lowers -N to -n when there are fewer tasks (-n as given,
	 * _opt_verify(): not a count the GPU options make later). */
	nodes = nt > 0 && nt < job->nodes_min ? nt : job->nodes_min;
	/* --gpus over the GPUs per node sets the node count (min and
	 * max, _test_gres_cnt(); -N out of its range is conflicting-options;
	 * -N lowered to -n first is left alone): "Requested node
	 * configuration is not available" on a partition of fewer nodes
	 * (sbatch --test-only 22.05, with -n 1 too). */
	nmax = nodes_max_sent(job);
	if (job->gres_nodes > 0 && (job->nodes_min <= 0 ||
	    (nodes == job->nodes_min && job->gres_nodes >= job->nodes_min &&
	    (nmax <= 0 || job->gres_nodes <= nmax)))) {
		nodes = job->gres_nodes;
		gres_used = 1;
	}
	/* The tasks per node --gres=gpu or --gpus-per-node over
	 * --gpus-per-task set (job->gres_tpn): -n above them takes more
	 * nodes ("Requested node configuration is not available" on a
	 * one-node partition, --overcommit and typed GPUs too: sbatch
	 * --test-only 22.05).  Without -N or --gpus (their own counts). */
	if (!gres_used && job->gres_tpn > 0 && job->v[JL_O_NODES] == NULL &&
	    job->v[JL_O_GPUS] == NULL && job->v[JL_O_NTASKS_PER_NODE] ==
	    NULL && job->v[JL_O_NTASKS_PER_GPU] == NULL && nt > 0 &&
	    (tn = jl_ceil_div(nt, job->gres_tpn)) > 1 && tn > nodes) {
		nodes = tn;
		tpn_used = 1;
	}
	/* -N's range does not hold the GPU node count: sbatch refuses the
	 * job for that (conflicting-options), not for the nodes. */
	if (gres_nodes_outside(job)) {
		nodes = 0;
		gres_used = tpn_used = 0;
	}
	n = job->partitions.n ? job->partitions.n : 1;
	for (i = 0; i < n; i++) {
		p = jl_policy_partition(c->policy, job->partitions.n ?
		    job->partitions.items[i] : NULL);
		part_totals(p, &pn, &pc);
		if (pn < 0) {
			unknown = 1;	/* not known: it may fit */
			continue;
		}
		if (nodes <= pn)
			nodes_short = 0;
		else if (np_short == NULL) {
			np_short = p;
			np_n = pn;
		}
		if (tc < 0 || tc <= pc)
			cpus_short = 0;
		else if (cp_short == NULL) {
			cp_short = p;
			cp_c = pc;
		}
		if (first == NULL) {
			first = p;
			fn = pn;
			fc = pc;
		}
	}
	/*
	 * EnforcePartLimits=ALL: every partition the job lists must hold it,
	 * or slurmctld refuses it at submission (22.05, tests/slurm-diff
	 * nodes.py: "Node count specification invalid", "More processors
	 * requested than permitted"), though another one could run it.
	 */
	/* Only when one listed partition holds it: else "can never start"
	 * below says it better. */
	if (c->policy->enforce_part_limits == JL_EPL_ALL && n > 1 &&
	    np_short != NULL && !nodes_short && job->v[JL_O_NODES] != NULL &&
	    (!gres_used || job->gres_nodes == job->nodes_min)) {
		jl_check_value(c, job->v[JL_O_NODES],
		    jl_arena_printf(c->a, "ask for at most %lld node%s, or "
		    "remove %s from --partition", (long long)np_n,
		    np_n == 1 ? "" : "s", np_short->name),
		    "the job asks for %lld nodes but partition %s has %lld: "
		    "slurmctld rejects the job (EnforcePartLimits=ALL: every "
		    "partition it lists must hold it)", (long long)nodes,
		    part_from(c, np_short->name), (long long)np_n);
		return;
	}
	/* The CPUs slurmctld compares (_part_access_check()) are sbatch's
	 * min_cpus: -n x -c, with neither --overcommit, --cpus-per-gpu nor
	 * --ntasks-per-gpu (whose tasks and CPUs sbatch does not count);
	 * from 24.05 GPUs x --cpus-per-gpu too (gres_job_state_validate(),
	 * commit eeb557761e: slurmctld 24.11 and 26.05 refused -p
	 * mixed,wide --gpus=2 --cpus-per-gpu=C under ALL, 22.05 took it:
	 * tests/slurm-diff nodes.py), only with the release given. */
	if (c->policy->enforce_part_limits == JL_EPL_ALL && n > 1 &&
	    cp_short != NULL && !cpus_short && np_short == NULL &&
	    job->v[JL_O_OVERCOMMIT] == NULL && (per_gpu ?
	    jl_release_given(c->m, JL_SLURM_2405, 0) : job->v[JL_O_NTASKS] != NULL &&
	    job->v[JL_O_NTASKS_PER_GPU] == NULL &&
	    job->v[JL_O_CPUS_PER_GPU] == NULL)) {
		jl_check_value(c, cpus_value(job, per_gpu),
		    jl_arena_printf(c->a, "ask for at most %lld CPUs in all, "
		    "or remove %s from --partition", (long long)cp_c,
		    cp_short->name),
		    "the job needs %lld CPUs%s but partition %s has %lld in "
		    "all: slurmctld rejects the job (EnforcePartLimits=ALL: "
		    "every partition it lists must hold it%s)",
		    (long long)tc, per_gpu ? jl_arena_printf(c->a,
		    " (%lld GPUs x --cpus-per-gpu=%lld)", (long long)tasks,
		    (long long)cpt) : "", part_from(c, cp_short->name),
		    (long long)cp_c, per_gpu ? "; from Slurm 24.05 "
		    "--cpus-per-gpu counts" : "");
		return;
	}
	if (first == NULL || unknown)
		return;
	if (nodes_short && gres_used)
		jl_check_value(c, job->v[JL_O_GPUS],
		    jl_arena_printf(c->a, "drop --%s (--gpus alone may take "
		    "fewer nodes), or ask for at most %lld GPU%s",
		    job->v[job->gres_nodes_id]->opt->name, (long long)
		    jl_count_mul(fn, job->gpus_per_node), jl_count_mul(fn,
		    job->gpus_per_node) == 1 ? "" : "s"),
		    "--gpus=%s with --%s=%s takes %lld nodes (GPUs over GPUs "
		    "per node) but partition %s has %lld: it can never start",
		    job->v[JL_O_GPUS]->text,
		    job->v[job->gres_nodes_id]->opt->name,
		    job->v[job->gres_nodes_id]->text, (long long)nodes,
		    part_from(c, first->name), (long long)fn);
	else if (nodes_short && tpn_used)
		jl_check_value(c, job->v[JL_O_NTASKS],
		    jl_arena_printf(c->a, "ask for at most %lld task%s, or "
		    "more GPUs per node", (long long)jl_count_mul(fn,
		    job->gres_tpn), jl_count_mul(fn, job->gres_tpn) == 1 ? "" :
		    "s"),
		    "--ntasks=%s with --%s=%s and --gpus-per-task=%s (%lld "
		    "task%s per node) takes %lld nodes but partition %s has "
		    "%lld: it can never start", job->v[JL_O_NTASKS]->text,
		    job->v[job->gres_tpn_id]->opt->name,
		    job->v[job->gres_tpn_id]->text,
		    job->v[JL_O_GPUS_PER_TASK]->text, (long long)job->gres_tpn,
		    job->gres_tpn == 1 ? "" : "s", (long long)nodes,
		    part_from(c, first->name), (long long)fn);
	else if (nodes_short && job->v[JL_O_NODES] != NULL)
		jl_check_value(c, job->v[JL_O_NODES],
		    jl_arena_printf(c->a, "ask for at most %lld node%s",
		    (long long)fn, fn == 1 ? "" : "s"),
		    "the job asks for %lld nodes but partition %s has %lld: "
		    "it can never start", (long long)job->nodes_min,
		    part_from(c, first->name), (long long)fn);
	else if (cpus_short)
		jl_check_value(c, cpus_value(job, per_gpu),
		    jl_arena_printf(c->a, "ask for at most %lld CPUs in all "
		    "(tasks x --cpus-per-task)", (long long)fc),
		    "the job needs %lld CPUs (%lld %s x %lld%s) but "
		    "partition %s has %lld in all: it can never start",
		    (long long)tc, (long long)tasks,
		    per_gpu ? "GPUs" : "tasks", (long long)cpt,
		    !per_gpu && tasks > job->ntasks ? jl_arena_printf(c->a,
		    ": sbatch asks CPUs for all of -n, though "
		    "--ntasks-per-gpu gives the job %lld task%s",
		    (long long)job->ntasks, job->ntasks == 1 ? "" : "s") : "",
		    part_from(c, first->name), (long long)fc);
}

/*
 * Does the job certainly run on one node: -N 1, or every partition it
 * may run in has one node (policy facts)?
 */
static int
surely_one_node(struct jl_check *c, const struct jl_job *job)
{
	const struct jl_partition	*p;
	int64_t				 pn, pc;
	size_t				 i, n;

	if (job->nodes_min == 1 && (job->nodes_max == 1 || job->nodes_max < 0))
		return 1;
	if (job->v[JL_O_NODES] != NULL || c->policy == NULL)
		return 0;
	n = job->partitions.n ? job->partitions.n : 1;
	for (i = 0; i < n; i++) {
		p = jl_policy_partition(c->policy, job->partitions.n ?
		    job->partitions.items[i] : NULL);
		part_totals(p, &pn, &pc);
		if (pn != 1)
			return 0;
	}
	return 1;
}

/* --gres absent, or naming GPUs only (other GRES are not looked at). */
static int
gres_gpu_only(struct jl_check *c, const struct jl_value *v)
{
	struct jl_gres_list	gl;
	size_t			i;

	if (v == NULL)
		return 1;
	if (v->text == NULL || !v->valid || jl_check_gres(c, v, &gl) != 0)
		return 0;
	for (i = 0; i < gl.n; i++)
		if (strcmp(gl.items[i].name, "gpu") != 0)
			return 0;
	return 1;
}

/*
 * --ntasks-per-gpu's refusals (npg_read()), each seen with sbatch
 * --test-only 22.05 (tests/slurm-diff, on one node of 2 and of 8 CPUs):
 *  - the GPUs (requested or derived) fewer than the nodes of -N:
 *    _test_gres_cnt() "--gpus < -N" (for any --gpus, not only with
 *    --ntasks-per-gpu); -N is lowered to -n first (_opt_verify()) only
 *    when -n is given;
 *  - -n not a multiple of K when the GPUs are derived: _test_gres_cnt()
 *    "-n/--ntasks has to be a multiple of --ntasks-per-gpu";
 *  - -n above GPUs x K with a GPU request: slurmctld lets a node start
 *    only GPUs x K tasks (_select_cores(): cons_tres/job_test.c in 22.05,
 *    topology/common/eval_nodes.c in 24.11 and 26.05), holding their CPUs
 *    (and --cpus-per-gpu's), while sbatch asks for -n x -c CPUs
 *    (min_cpus): "Requested node configuration is not available", on a
 *    node of 8 CPUs too.  --overcommit, --ntasks-per-core and
 *    --ntasks-per-socket take other paths (-n 3 --gpus=1
 *    --ntasks-per-gpu=1 --ntasks-per-core=1 was accepted on 8 CPUs).
 *    Sure on one node only; over several, a warning.
 */
static void
npg_conflicts(struct jl_check *c, const struct jl_job *job)
{
	struct jl_value	*const	*v = job->v;
	const struct jl_value	*nv = v[JL_O_NODES];
	struct npg_req		 r;
	int64_t			 gpus, nodes, cpt, cpg, need, cap;
	int			 have = npg_read(job, &r);
	const char		*fix;

	/* --gpus (or the derived request) below -N. */
	gpus = job->gpus_per_job > 0 ? job->gpus_per_job :
	    have && r.derived ? r.gpus : -1;
	nodes = nv != NULL && nv->origin != JL_ORIG_ENV ? job->nodes_min : -1;
	if (nodes > 0 && r.n > 0 && r.n < nodes)
		nodes = r.n;
	if (gpus > 0 && nodes > gpus) {
		if (job->gpus_per_job > 0)
			jl_check_value(c, v[JL_O_GPUS],
			    jl_arena_printf(c->a, "ask for at least %lld GPUs "
			    "(one per node), or at most %lld nodes",
			    (long long)nodes, (long long)gpus),
			    "--gpus=%s is fewer GPUs than the %lld nodes of "
			    "-N: sbatch rejects the job (--gpus < -N; invalid "
			    "generic resource specification)",
			    v[JL_O_GPUS]->text, (long long)nodes);
		else
			jl_check_value(c, v[JL_O_NTASKS_PER_GPU],
			    jl_count_mul(nodes, r.k) < 0 ?
			    jl_arena_printf(c->a, "ask for fewer nodes (at "
			    "most %lld)", (long long)gpus) :
			    jl_arena_printf(c->a, "ask for at least %lld "
			    "tasks, a lower --ntasks-per-gpu, or at most "
			    "%lld nodes", (long long)jl_count_mul(nodes, r.k),
			    (long long)gpus),
			    "%lld tasks with --ntasks-per-gpu=%s are %lld "
			    "GPU%s (sbatch derives the GPU request from "
			    "them), fewer than the %lld nodes of -N: sbatch "
			    "rejects the job (--gpus < -N; invalid generic "
			    "resource specification)", (long long)r.tasks,
			    v[JL_O_NTASKS_PER_GPU]->text, (long long)gpus,
			    gpus == 1 ? "" : "s", (long long)nodes);
	}
	if (!have)
		return;
	if (r.derived && r.n > 0 && r.n >= r.k && r.n % r.k != 0) {
		jl_check_value(c, v[JL_O_NTASKS],
		    jl_arena_printf(c->a, "ask for a multiple of %lld tasks "
		    "(-n %lld)", (long long)r.k,
		    (long long)(r.n / r.k * r.k)),
		    "--ntasks=%s is not a multiple of --ntasks-per-gpu=%s: "
		    "sbatch rejects the job (-n/--ntasks has to be a "
		    "multiple of --ntasks-per-gpu; invalid generic resource "
		    "specification)", v[JL_O_NTASKS]->text,
		    v[JL_O_NTASKS_PER_GPU]->text);
		return;
	}
	if (r.derived || r.n <= r.tasks || v[JL_O_OVERCOMMIT] != NULL ||
	    v[JL_O_NTASKS_PER_CORE] != NULL ||
	    v[JL_O_NTASKS_PER_SOCKET] != NULL)
		return;
	cpt = job->cpus_per_task > 0 ? job->cpus_per_task : 1;
	cpg = jl_value_num(v[JL_O_CPUS_PER_GPU], 1, -1);
	need = jl_count_mul(r.n, cpt);
	cap = jl_count_mul(r.tasks, cpt);
	if (cpg > 0 && jl_count_mul(r.gpus, cpg) > cap)
		cap = jl_count_mul(r.gpus, cpg);
	if (need < 0 || cap < 0 || need <= cap)
		return;
	fix = jl_arena_printf(c->a, "ask for %lld tasks (-n %lld), or drop "
	    "-n and let --ntasks-per-gpu set it", (long long)r.tasks,
	    (long long)r.tasks);
	if (surely_one_node(c, job))
		jl_check_value(c, v[JL_O_NTASKS], fix,
		    "--ntasks=%s is more than the %lld GPU%s x "
		    "--ntasks-per-gpu=%s tasks the job gets: sbatch asks "
		    "for %lld CPUs, a node gives the job only its tasks' "
		    "%lld, and slurmctld rejects the job (Requested node "
		    "configuration is not available)", v[JL_O_NTASKS]->text,
		    (long long)r.gpus, r.gpus == 1 ? "" : "s",
		    v[JL_O_NTASKS_PER_GPU]->text, (long long)need,
		    (long long)cap);
	else
		jl_check_value_warn(c, v[JL_O_NTASKS], fix,
		    "--ntasks=%s is more than the %lld GPU%s x "
		    "--ntasks-per-gpu=%s tasks the job gets: -n does not "
		    "set the task count here, and on one node slurmctld "
		    "rejects such a job (Requested node configuration is "
		    "not available)", v[JL_O_NTASKS]->text,
		    (long long)r.gpus, r.gpus == 1 ? "" : "s",
		    v[JL_O_NTASKS_PER_GPU]->text);
}

/* Does --gres name the gpu GRES in any element, count 0 too (sbatch
 * tests its string, which keeps such elements)? */
static int
gres_names_gpu(const char *s)
{
	const char	*e;

	for (; s != NULL && *s != '\0'; s = *e != '\0' ? e + 1 : e) {
		e = s + strcspn(s, ",");
		if (strncasecmp(s, "gres:", 5) == 0)
			s += 5;
		if (e - s >= 3 && strncmp(s, "gpu", 3) == 0 &&
		    (s + 3 == e || s[3] == ':'))
			return 1;
	}
	return 0;
}

/*
 * The GRES options of one het component (job): sbatch's
 * gres_job_state_validate() judges each component's own (all reset for
 * each component, §1.6).
 */
static void
gres_conflicts(struct jl_check *c, const struct jl_job *job)
{
	struct jl_value	*const	*v = job->v;
	int64_t			 cpg, nt, cpus;
	int			 nogpu;
	/* A typed and an untyped GPU option, one of them --gpus-per-task:
	 * the other one's id (said in --gpus-per-task's words). */
	int			 mix = job->gpu_typed_id ==
	    JL_O_GPUS_PER_TASK ? job->gpu_untyped_id : job->gpu_untyped_id ==
	    JL_O_GPUS_PER_TASK ? job->gpu_typed_id : 0;

	if (mix == JL_O_GPUS_PER_TASK)
		mix = 0;	/* both in --gpus-per-task itself */
	if (v[JL_O_CPUS_PER_GPU] != NULL && v[JL_O_CPUS_PER_TASK] != NULL)
		jl_check_value(c, v[JL_O_CPUS_PER_GPU],
		    "keep one: --cpus-per-task for CPU tasks, --cpus-per-gpu "
		    "to scale CPUs with GPUs",
		    "--cpus-per-gpu and --cpus-per-task are mutually "
		    "exclusive: sbatch rejects the job");
	/* 26.05 sbatch: --gres naming gpu (count 0 too) with --gpus-per-node
	 * is fatal (_validate_gres_vs_gpus_per_node(), 1a2bc58796; seen
	 * with sbatch --test-only 26.05, tests/slurm-diff); 22.05 to 25.11
	 * take the later one.  Not for a job_desc: slurmctld does not test
	 * it.  sbatch stops there: the GRES checks below are never made. */
	if (v[JL_O_GPUS_PER_NODE] != NULL && v[JL_O_GRES] != NULL &&
	    v[JL_O_GRES]->valid && !c->m->jobdesc &&
	    jl_release_given(c->m, JL_SLURM_2605, 0) &&
	    gres_names_gpu(v[JL_O_GRES]->text)) {
		jl_check_value(c, v[JL_O_GPUS_PER_NODE],
		    "keep one: --gpus-per-node, or gpu in --gres",
		    "--gpus-per-node and --gres=%s both ask for GPUs per "
		    "node: from Slurm 26.05 sbatch rejects the job "
		    "(--gpus-per-node and --gres=gpu are mutually exclusive)",
		    v[JL_O_GRES]->text);
		return;
	}
	/* _test_gres_cnt() and gres_job_state_validate(), seen with sbatch
	 * --test-only 22.05 (tests/slurm-diff). */
	if (mix > 0)
		jl_check_value(c, v[JL_O_GPUS_PER_TASK],
		    jl_arena_printf(c->a, "give --%s and --gpus-per-task the "
		    "same GPU type, or no type on both", v[mix]->opt->name),
		    "--%s=%s and --gpus-per-task=%s name the GPU type in one "
		    "and not in the other: sbatch rejects the job (invalid "
		    "GRES specification)", v[mix]->opt->name, v[mix]->text,
		    v[JL_O_GPUS_PER_TASK]->text);
	else if (job->gpu_typed_id)
		jl_check_value(c, v[job->gpu_typed_id],
		    job->gpu_typed_id == job->gpu_untyped_id ?
		    jl_arena_printf(c->a, "name the type in every GPU "
		    "element of --%s, or in none", v[job->gpu_typed_id]->opt->
		    name) : jl_arena_printf(c->a, "give --%s and --%s the same "
		    "GPU type, or no type on both",
		    v[job->gpu_typed_id]->opt->name,
		    v[job->gpu_untyped_id]->opt->name),
		    "%s asks for GPUs of a type and for GPUs without one: "
		    "sbatch rejects the job (Invalid GRES specification, with "
		    "and without type identification)",
		    job->gpu_typed_id == job->gpu_untyped_id ?
		    jl_arena_printf(c->a, "--%s=%s",
		    v[job->gpu_typed_id]->opt->name,
		    v[job->gpu_typed_id]->text) : jl_arena_printf(c->a,
		    "--%s=%s with --%s=%s", v[job->gpu_typed_id]->opt->name,
		    v[job->gpu_typed_id]->text,
		    v[job->gpu_untyped_id]->opt->name,
		    v[job->gpu_untyped_id]->text));
	else if (job->gres_tasks > 0 && job->ntasks >= 0 &&
	    job->ntasks != job->gres_tasks && v[JL_O_NTASKS_PER_GPU] == NULL)
		jl_check_value(c, v[JL_O_NTASKS] != NULL ? v[JL_O_NTASKS] :
		    v[JL_O_NODES] != NULL ? v[JL_O_NODES] :
		    v[JL_O_NTASKS_PER_NODE] != NULL ?
		    v[JL_O_NTASKS_PER_NODE] : v[JL_O_GPUS_PER_TASK],
		    jl_arena_printf(c->a, "ask for %lld task%s (-n %lld), or "
		    "drop --gpus or --gpus-per-task",
		    (long long)job->gres_tasks, job->gres_tasks == 1 ? "" :
		    "s", (long long)job->gres_tasks),
		    "--gpus=%s with --gpus-per-task=%s is %lld task%s, but "
		    "the job has %lld%s: sbatch rejects the job (the task "
		    "counts differ)", v[JL_O_GPUS]->text,
		    v[JL_O_GPUS_PER_TASK]->text, (long long)job->gres_tasks,
		    job->gres_tasks == 1 ? "" : "s", (long long)job->ntasks,
		    v[JL_O_NTASKS] != NULL ? "" : v[JL_O_NODES] == NULL &&
		    v[JL_O_NTASKS_PER_NODE] != NULL ? " (--ntasks-per-node "
		    "without -N: Slurm 22.05's sbatch makes it the task count)" :
		    v[JL_O_NTASKS_PER_NODE] != NULL ? " (-N times "
		    "--ntasks-per-node)" : " (sbatch takes one task per node "
		    "of -N)");
	else if (job->gres_task_bad) {
		const struct jl_value *o = v[job->gres_task_bad];
		int64_t n = o->opt->id == JL_O_GPUS ? job->gpus_per_job :
		    job->gpus_per_node;

		jl_check_value(c, v[JL_O_GPUS_PER_TASK],
		    jl_arena_printf(c->a, "make --%s a multiple of "
		    "--gpus-per-task (at least %lld), or lower "
		    "--gpus-per-task", o->opt->name,
		    (long long)job->gpus_per_task),
		    "--%s=%s is %s --gpus-per-task=%s: sbatch rejects the "
		    "job (%s; invalid generic resource specification)",
		    o->opt->name, o->text, n < job->gpus_per_task ?
		    "fewer GPUs than" : "not a multiple of",
		    v[JL_O_GPUS_PER_TASK]->text, n < job->gpus_per_task ?
		    (o->opt->id == JL_O_GPUS ? "Failed to ensure --gpus >= "
		    "--gres=gpu/--gpus-per-node >= --gpus-per-socket" :
		    "Failed to ensure --gpus >= --gpus-per-task") :
		    (o->opt->id == JL_O_GPUS ? "--gpus not multiple of "
		    "--gpus-per-task" : "--gres=gpu/--gpus-per-node not "
		    "multiple of --gpus-per-task"));
	}
	/* _test_gres_cnt(): the GPUs per node over --gpus-per-task set
	 * --ntasks-per-node (one GRES record); a given --ntasks-per-node
	 * must be that number ("Based on --gres=gpu/--gpus-per-node and
	 * --gpus-per-task requested number of tasks per node differ from
	 * --ntasks-per-node", 22.05 to 26.05: seen with sbatch --test-only
	 * 22.05, tests/slurm-diff). */
	else if (job->gres_tpn > 0 && v[JL_O_NTASKS_PER_NODE] != NULL &&
	    job->ntasks_per_node > 0 &&
	    job->ntasks_per_node != job->gres_tpn &&
	    v[JL_O_NTASKS_PER_GPU] == NULL) {
		const struct jl_value *o = v[job->gres_tpn_id];

		jl_check_value(c, v[JL_O_NTASKS_PER_NODE],
		    jl_count_mul(job->ntasks_per_node, job->gpus_per_task) < 0 ?
		    "drop --ntasks-per-node (the GPUs set it)" :
		    jl_arena_printf(c->a, "drop --ntasks-per-node (the GPUs "
		    "set it to %lld), or ask for %lld GPU%s per node "
		    "(--ntasks-per-node times --gpus-per-task)",
		    (long long)job->gres_tpn, (long long)(job->ntasks_per_node *
		    job->gpus_per_task), job->ntasks_per_node *
		    job->gpus_per_task == 1 ? "" : "s"),
		    "--%s=%s with --gpus-per-task=%s makes %lld task%s per "
		    "node, but --ntasks-per-node is %lld: sbatch rejects the "
		    "job (the tasks per node differ; invalid generic resource "
		    "specification)", o->opt->name, o->text,
		    v[JL_O_GPUS_PER_TASK]->text, (long long)job->gres_tpn,
		    job->gres_tpn == 1 ? "" : "s",
		    (long long)job->ntasks_per_node);
	}
	/* -n below the tasks per node that sets and slurmctld finds no
	 * node for the job (seen with sbatch --test-only 22.05 on nodes of
	 * 2 and 8 CPUs, --overcommit too; -n above it is left alone:
	 * several nodes may hold it). */
	else if (job->gres_tpn > 0 && job->gpu_type == NULL &&
	    v[JL_O_GPUS] == NULL && v[JL_O_NTASKS_PER_NODE] == NULL &&
	    v[JL_O_NTASKS_PER_GPU] == NULL && v[JL_O_NTASKS] != NULL &&
	    job->ntasks > 0 && job->ntasks < job->gres_tpn) {
		const struct jl_value *o = v[job->gres_tpn_id];

		jl_check_value(c, v[JL_O_NTASKS],
		    jl_arena_printf(c->a, "ask for at least %lld tasks, or "
		    "fewer GPUs per node", (long long)job->gres_tpn),
		    "--%s=%s with --gpus-per-task=%s makes %lld tasks per "
		    "node, but the job has %lld: slurmctld rejects the job "
		    "(Requested node configuration is not available)",
		    o->opt->name, o->text, v[JL_O_GPUS_PER_TASK]->text,
		    (long long)job->gres_tpn, (long long)job->ntasks);
	}
	/*
	 * --gpus-per-task without a task count: "--gpus-per-task used
	 * without either --gpus or -n/--ntasks is not allowed" (--gpus=0 or
	 * t4:0 counts as none).  sbatch sets ntasks from -N, but not when
	 * -c is given or -N comes from SBATCH_NNODES, and from
	 * --ntasks-per-node (times the node count) -- without -N only
	 * before 23.02 (job.c): with 23.02 or later given and no node list
	 * or file, that is no count either (--ntasks-per-node with -N and
	 * with -c was not seen, so it is left alone).  Seen with sbatch
	 * --test-only 22.05 and 24.11.
	 */
	if (job->gpus_per_task > 0 && v[JL_O_NTASKS] == NULL &&
	    (v[JL_O_GPUS] == NULL || job->gpus_per_job == 0) &&
	    (v[JL_O_NTASKS_PER_NODE] == NULL || (v[JL_O_NODES] == NULL &&
	    v[JL_O_NODELIST] == NULL && v[JL_O_NODEFILE] == NULL &&
	    !c->m->jobdesc && jl_release_given(c->m, JL_SLURM_2302, 0))) &&
	    (v[JL_O_NODES] == NULL || v[JL_O_CPUS_PER_TASK] != NULL ||
	    v[JL_O_NODES]->origin == JL_ORIG_ENV))
		jl_check_value(c, v[JL_O_GPUS_PER_TASK],
		    v[JL_O_GPUS] == NULL ? "add --ntasks=N (or --gpus=N)" :
		    "add --ntasks=N, or give --gpus a count above 0",
		    "--gpus-per-task without --ntasks or %s: sbatch "
		    "rejects the job (--gpus-per-task used without either "
		    "--gpus or -n/--ntasks%s)", v[JL_O_GPUS] == NULL ? "--gpus" :
		    jl_arena_printf(c->a, "a GPU count (--gpus=%s asks for "
		    "none)", v[JL_O_GPUS]->text),
		    v[JL_O_NTASKS_PER_NODE] == NULL ? "" : "; from Slurm "
		    "23.02, --ntasks-per-node without -N sets no task count");
	if (v[JL_O_NTASKS_PER_GPU] != NULL && (v[JL_O_GPUS_PER_TASK] != NULL ||
	    v[JL_O_GPUS_PER_SOCKET] != NULL || v[JL_O_NTASKS_PER_NODE] != NULL))
		jl_check_value(c, v[JL_O_NTASKS_PER_GPU],
		    "drop --ntasks-per-gpu or the per-task/per-node options",
		    "--ntasks-per-gpu cannot be combined with --gpus-per-task, "
		    "--gpus-per-socket or --ntasks-per-node: sbatch rejects "
		    "the job");
	/* --ntasks-per-gpu with -n or -N implies GPUs (sbatch 22.05). */
	if (v[JL_O_MEM_PER_GPU] != NULL && !job->gpu_requested &&
	    v[JL_O_NTASKS_PER_GPU] == NULL)
		jl_check_value(c, v[JL_O_MEM_PER_GPU],
		    "request GPUs, or use --mem / --mem-per-cpu",
		    "--mem-per-gpu without any GPU request: sbatch rejects "
		    "the job (Requested mem_per_tres but did not request any "
		    "GPU; invalid generic resource specification)");
	/* -B alone sets a task count too (sbatch _opt_verify(): extra_set,
	 * the default node count): jlint says nothing then. */
	if (v[JL_O_NTASKS_PER_GPU] != NULL && !job->gpu_requested &&
	    v[JL_O_NTASKS] == NULL && v[JL_O_NODES] == NULL &&
	    v[JL_O_EXTRA_NODE_INFO] == NULL)
		jl_check_value(c, v[JL_O_NTASKS_PER_GPU],
		    "request GPUs (--gpus=N), or give -n or -N",
		    "--ntasks-per-gpu without a GPU request, -n or -N: "
		    "slurmctld rejects the job (invalid generic resource "
		    "specification)");
	/* A node range sets no task count (gres_job_state_validate() wants
	 * min = max); seen with sbatch --test-only 22.05, also with a GPU
	 * option of count 0 (--gpus=0, --gres=gpu:0, --gpus-per-node=t4:0:
	 * no GPU request). */
	else if (v[JL_O_NTASKS_PER_GPU] != NULL && !job->gpu_requested &&
	    v[JL_O_NTASKS] == NULL && v[JL_O_NODES] != NULL &&
	    v[JL_O_NODES]->origin != JL_ORIG_ENV &&
	    job->nodes_min > 0 && job->nodes_max > job->nodes_min &&
	    gres_gpu_only(c, v[JL_O_GRES]))
		jl_check_value(c, v[JL_O_NODES],
		    "give -n (a multiple of --ntasks-per-gpu) or a GPU "
		    "request, or a fixed node count",
		    "--ntasks-per-gpu without a GPU request or -n, and "
		    "--nodes=%s is a range: sbatch rejects the job (--ntasks-per-tres "
		    "needs either a GRES GPU specification or a node/ntask "
		    "specification; invalid generic resource specification)",
		    v[JL_O_NODES]->text);
	npg_conflicts(c, job);
	/* The plugin's request does not carry --sockets-per-node. */
	if (job->gpus_per_socket > 0 && v[JL_O_SOCKETS_PER_NODE] == NULL &&
	    !c->m->jobdesc)
		jl_check_value(c, v[JL_O_GPUS_PER_SOCKET],
		    "add --sockets-per-node=N, or use --gpus-per-node",
		    "--gpus-per-socket without --sockets-per-node: slurmctld "
		    "rejects the job (invalid generic resource specification)");
	/* --cpus-per-gpu without GPUs (not those --ntasks-per-gpu derives
	 * from -n, nor when jlint cannot tell whether it derives any): 22.05
	 * takes it and the job gets -c's CPUs; from 23.02
	 * gres_job_state_validate() refuses it (28dd0f079f; seen with
	 * sbatch --test-only 24.11 and 26.05, tests/slurm-diff): an error
	 * only with such a release given. */
	nogpu = v[JL_O_CPUS_PER_GPU] != NULL && !jl_job_gets_gpus(job) &&
	    job->gpus_derived != JL_GPUS_MAYBE;
	if (nogpu && jl_release_given(c->m, JL_SLURM_2302, 0))
		jl_check_value(c, v[JL_O_CPUS_PER_GPU],
		    "request GPUs, or use --cpus-per-task",
		    "--cpus-per-gpu without any GPU request: sbatch rejects "
		    "the job (Requested cpus_per_tres but did not request any "
		    "GPU; invalid generic resource specification)");
	else if (nogpu)
		jl_check_value_warn(c, v[JL_O_CPUS_PER_GPU],
		    "request GPUs, or use --cpus-per-task",
		    "--cpus-per-gpu without any GPU request: the job gets "
		    "no GPU, only CPUs");
	/* Fewer CPUs (--gpus x --cpus-per-gpu) than -n on one node:
	 * slurmctld 24.11 and 26.05 refuse it (sbatch --test-only "Requested
	 * node configuration is not available", tests/slurm-diff), 22.05
	 * takes it: an error only with such a release given, and only in
	 * the shape seen (--gpus, -n, no option that places tasks). */
	cpg = jl_value_num(v[JL_O_CPUS_PER_GPU], 1, -1);
	nt = jl_value_num(v[JL_O_NTASKS], 1, -1);
	cpus = jl_count_mul(cpg, job->gpus_per_job);
	if (cpg > 0 && job->gpus_per_job > 0 && cpus > 0 && nt > cpus &&
	    job->gpus_per_node <= 0 && job->gpus_per_task <= 0 &&
	    job->gpus_per_socket <= 0 && v[JL_O_CPUS_PER_TASK] == NULL &&
	    v[JL_O_OVERCOMMIT] == NULL && v[JL_O_NTASKS_PER_GPU] == NULL &&
	    v[JL_O_NTASKS_PER_NODE] == NULL &&
	    v[JL_O_NTASKS_PER_CORE] == NULL &&
	    v[JL_O_NTASKS_PER_SOCKET] == NULL &&
	    v[JL_O_EXCLUSIVE] == NULL && jl_release_given(c->m, JL_SLURM_2411, 0) &&
	    surely_one_node(c, job)) {
		int64_t	need = jl_ceil_div(nt, job->gpus_per_job);

		jl_check_value(c, v[JL_O_NTASKS],
		    jl_arena_printf(c->a, "ask for at least %lld CPUs per "
		    "GPU (--cpus-per-gpu=%lld), more GPUs, or fewer tasks",
		    (long long)need, (long long)need),
		    "--ntasks=%s is more than the %lld CPU%s --cpus-per-gpu=%s "
		    "gives the job's %lld GPU%s: the job can never start "
		    "(slurmctld rejects it from Slurm 24.11: Requested node "
		    "configuration is not available)", v[JL_O_NTASKS]->text,
		    (long long)cpus, cpus == 1 ? "" : "s",
		    v[JL_O_CPUS_PER_GPU]->text, (long long)job->gpus_per_job,
		    job->gpus_per_job == 1 ? "" : "s");
	}
	if (job->gpus_per_job > 0 && job->gpus_per_node > 0 &&
	    (job->gpus_per_job < job->gpus_per_node ||
	    job->gpus_per_job % job->gpus_per_node != 0))
		jl_check_value(c, v[JL_O_GPUS],
		    "make --gpus a multiple of the per-node GPU count",
		    "--gpus=%lld is not a multiple of the %lld GPUs per node: "
		    "sbatch rejects the job", (long long)job->gpus_per_job,
		    (long long)job->gpus_per_node);
	/* --gpus over the per-node count sets the node count
	 * (job->gres_nodes): -N's range as sbatch sends it must hold it
	 * (gres_nodes_outside()).  low: only because sbatch lowered -N's
	 * maximum to -n. */
	if (gres_nodes_outside(job)) {
		int64_t	nmax = nodes_max_sent(job);
		int	low = nmax != job->nodes_max &&
		    job->gres_nodes > nmax && job->gres_nodes <= job->nodes_max;

		jl_check_value(c, v[JL_O_NODES],
		    jl_arena_printf(c->a, "ask for %lld node%s (-N %lld)%s, "
		    "or change --gpus or the GPUs per node", (long long)
		    job->gres_nodes, job->gres_nodes == 1 ? "" : "s",
		    (long long)job->gres_nodes,
		    (nt = jl_value_num(v[JL_O_NTASKS], 1, -1)) <= 0 ||
		    nt >= job->gres_nodes ? "" :
		    jl_arena_printf(c->a, " and at least %lld task%s",
		    (long long)job->gres_nodes, job->gres_nodes == 1 ? "" :
		    "s")),
		    "--gpus=%s with --%s=%s takes exactly %lld node%s (GPUs "
		    "over GPUs per node), which -N %s does not allow%s: "
		    "sbatch rejects the "
		    "job (required nodes outside min_nodes and max_nodes; "
		    "invalid generic resource specification)",
		    v[JL_O_GPUS]->text,
		    v[job->gres_nodes_id]->opt->name,
		    v[job->gres_nodes_id]->text, (long long)job->gres_nodes,
		    job->gres_nodes == 1 ? "" : "s", v[JL_O_NODES]->text,
		    !low ? "" : jl_arena_printf(c->a, " once sbatch lowers "
		    "its maximum to -n %s%s", v[JL_O_NTASKS]->text,
		    jl_value_from(c->a, v[JL_O_NTASKS])));
	}
}

/* One of the first n findings says what f says, where f says it. */
static int
same_finding(const struct jl_findings *fs, size_t n,
    const struct jl_finding *f)
{
	const struct jl_finding	*g;
	size_t			 i;

	for (i = 0; i < n; i++) {
		g = fs->v.items[i];
		if (g->src == f->src && g->loc.off == f->loc.off &&
		    strcmp(g->rule, f->rule) == 0 &&
		    strcmp(g->message, f->message) == 0 &&
		    (g->where == f->where || (g->where != NULL &&
		    f->where != NULL && strcmp(g->where, f->where) == 0)))
			return 1;
	}
	return 0;
}

/*
 * A job array cannot be a het job: sbatch gives every component the
 * --array (sbopt, not reset), and slurmctld's _valid_array_inx() refuses
 * it for a component without the batch script (every one after the
 * first): "Invalid job array specification" (validate_job_create_req(),
 * 22.05 to 26.05; seen with sbatch and sbatch --test-only 22.05).
 */
static void
het_array(struct jl_check *c)
{
	const struct jl_model	*m = c->m;
	const struct jl_job	*job = NULL;
	size_t			 k;

	/* The plugin: a later component's request has it too. */
	if (m->jobdesc && m->het && m->het_index > 0)
		job = c->job;
	for (k = 0; !m->jobdesc && m->jobs.n > 1 && k < m->jobs.n &&
	    job == NULL; k++)
		if (((const struct jl_job *)m->jobs.items[k])->v[JL_O_ARRAY] !=
		    NULL)
			job = m->jobs.items[k];
	if (job == NULL || job->v[JL_O_ARRAY] == NULL)
		return;
	jl_check_value(c, job->v[JL_O_ARRAY],
	    "drop --array, or submit the components as separate jobs "
	    "(e.g. an array job and a --dependency on it)",
	    "--array=%s in a het job (hetjob): job arrays cannot be "
	    "heterogeneous, slurmctld rejects the job (Invalid job array "
	    "specification)", job->v[JL_O_ARRAY]->text != NULL ?
	    job->v[JL_O_ARRAY]->text : "");
}

/*
 * --distribution=plane=P with -N M: sbatch's _opt_verify() (22.05, 24.11,
 * 26.05 alike) wants n / P >= M or (M - 1) x P < n, with n the task count
 * it has at that point: -n, else -N x --ntasks-per-node for a fixed -N,
 * else 1 (it lowers -N to -n and counts tasks per node of -N only later).
 * Else "Too few processes for the requested {plane,node} distribution"
 * (seen with sbatch --test-only 22.05: -N 2, -N 2 -n 2,
 * -N 2 --ntasks-per-node=1 with plane=2 refused; -N 1, -N 2 -n 3,
 * -N 3 -n 5, -N 1-2 -n 1 not).
 */
static void
plane_nodes(struct jl_check *c)
{
	const struct jl_job	*job = c->job;
	const struct jl_value	*d = job->v[JL_O_DISTRIBUTION];
	const char		*err;
	int64_t			 p, n, m = job->nodes_min;

	if (d == NULL || !d->valid || d->text == NULL ||
	    strncmp(d->text, "plane=", 6) != 0 ||
	    jl_val_int(d->text + 6, 1, &p, &err) != 0 ||
	    job->v[JL_O_NODES] == NULL || m <= 0)
		return;
	n = jl_value_num(job->v[JL_O_NTASKS], 1, -1);
	if (n <= 0 && job->ntasks_per_node > 0 &&
	    (job->nodes_max == m || job->nodes_max < 0))
		n = jl_count_mul(m, job->ntasks_per_node);
	if (n <= 0)
		n = 1;
	if (n / p >= m || (m - 1) * p < n)
		return;
	jl_check_value(c, d,
	    jl_arena_printf(c->a, "ask for at least %lld tasks (-n), or "
	    "fewer nodes or a smaller plane", (long long)((m - 1) * p + 1)),
	    "--distribution=%s with %lld task%s on -N %lld: sbatch rejects "
	    "the job (Too few processes for the requested {plane,node} "
	    "distribution)", d->text, (long long)n, n == 1 ? "" : "s",
	    (long long)m);
}

/* Combinations sbatch or slurmctld reject (slurm-semantics.md §2.4). */
void
jl_check_conflicting_options(struct jl_check *c)
{
	const struct jl_job	*job = c->job;
	struct jl_value	*const	*v = job->v;
	const struct jl_model	*m = c->m;
	size_t			 k, i, n0;

	gres_conflicts(c, job);
	/* A script's later het components: jl_model_job() is component 0,
	 * so their own GRES options are judged here.  An SBATCH_* or
	 * command-line value is in every component: its finding once. */
	for (k = 1; !m->jobdesc && k < m->jobs.n; k++) {
		n0 = c->fs->v.n;
		gres_conflicts(c, m->jobs.items[k]);
		for (i = n0; i < c->fs->v.n; i++)
			if (!same_finding(c->fs, n0, c->fs->v.items[i]))
				c->fs->v.items[n0++] = c->fs->v.items[i];
		c->fs->v.n = n0;
	}
	het_array(c);
	plane_nodes(c);
	if (job->time_min_set && job->time_set &&
	    cmp_minutes(job->time_min.minutes) > cmp_minutes(job->time.minutes))
		jl_check_value(c, v[JL_O_TIME_MIN],
		    job->time_min.minutes == JL_TIME_INFINITE ?
		    "--time-min=0 means unlimited; give a real minimum" :
		    "make --time-min at most --time",
		    "--time-min=%s is longer than --time=%s: slurmctld rejects "
		    "the job (invalid time-min specification)",
		    v[JL_O_TIME_MIN]->text, v[JL_O_TIME]->text);
	if (v[JL_O_CORE_SPEC] != NULL && v[JL_O_THREAD_SPEC] != NULL)
		jl_check_value(c, v[JL_O_THREAD_SPEC], "keep one of them",
		    "--core-spec and --thread-spec are mutually exclusive: "
		    "sbatch rejects the job");
	/* Accepted by sbatch 22.05, --hint dropped ("Ignoring --hint" with
	 * -v only; tests/slurm-diff): a warning, not a rejection. */
	if (v[JL_O_HINT] != NULL && (v[JL_O_NTASKS_PER_CORE] != NULL ||
	    v[JL_O_THREADS_PER_CORE] != NULL ||
	    v[JL_O_EXTRA_NODE_INFO] != NULL))
		jl_check_value_warn(c, v[JL_O_HINT], "drop --hint or the "
		    "per-core options",
		    "--hint is ignored together with --ntasks-per-core, "
		    "--threads-per-core or -B: sbatch drops it without a "
		    "word (only -v says so), and the job runs without "
		    "what --hint asked for");
}

/* Array tasks writing one output file. */
void
jl_check_array_output_clobber(struct jl_check *c)
{
	const struct jl_job	*job = c->job;
	const struct jl_value	*v;
	const struct jl_pattern	*p;
	int			 k;

	if (!job->array_set && job->v[JL_O_ARRAY] == NULL)
		return;
	if (job->array_set && job->array.exact && job->array.ntasks == 1)
		return;		/* one task: nothing to overwrite */
	for (k = 0; k < 2; k++) {
		v = job->v[k == 0 ? JL_O_OUTPUT : JL_O_ERROR];
		p = k == 0 ? &job->out : &job->err;
		if (v == NULL || v->text == NULL || p->none ||
		    strcmp(v->text, "/dev/null") == 0)
			continue;	/* discarded: nothing to overwrite */
		if (!p->escaped && (p->has_a || p->has_j))
			continue;
		jl_check_value(c, v,
		    "add %a (task id), e.g. logs/%x_%A_%a.out",
		    "every task of the array writes --%s=%s%s: they overwrite "
		    "or interleave each other's logs", v->opt->name, v->text,
		    p->escaped ? " (a backslash turns off % expansion)" : "");
	}
}

/*
 * The directory --output (k = 0) or --error (k = 1) writes into, as the
 * job sees it (relative to --chdir), and its value in *vp; NULL when no
 * directory is named or it depends on the job (%j, $VAR).
 */
static const char *
output_dir(struct jl_check *c, int k, const struct jl_value **vp)
{
	const struct jl_value	*v, *cd = c->job->v[JL_O_CHDIR];
	const char		*slash;
	char			*dir;

	*vp = v = c->job->v[k == 0 ? JL_O_OUTPUT : JL_O_ERROR];
	if (v == NULL || v->text == NULL || strcasecmp(v->text, "none") == 0 ||
	    (slash = strrchr(v->text, '/')) == NULL || slash == v->text)
		return NULL;
	dir = jl_arena_strndup(c->a, v->text, (size_t)(slash - v->text));
	if (dir == NULL || strchr(dir, '%') != NULL || strchr(dir, '$') != NULL)
		return NULL;
	if (dir[0] != '/' && cd != NULL && cd->text != NULL)
		dir = jl_arena_printf(c->a, "%s/%s", cd->text, dir);
	return dir;
}

/*
 * Is the top directory of an absolute dir (/scratch of
 * /scratch/proj/logs) on this host?  When it is not, the directory is on
 * storage only the compute nodes may mount, and nothing can be said.  A
 * relative dir is under the submit directory (or --chdir): here.
 */
static int
top_here(struct jl_check *c, const char *dir)
{
	const char	*end;

	if (dir[0] != '/')
		return 1;
	for (end = dir + 1; *end != '\0' && *end != '/'; end++)
		;
	if (*end == '\0')
		return jl_check_dir_here(c, dir);	/* "/x": is / here */
	return jl_check_dir_here(c, jl_arena_printf(c->a, "%.*s/",
	    (int)(end - dir), dir));
}

/*
 * The directory of --output/--error must exist where the job starts and
 * the submitter must be able to create files in it (submit_host: the
 * submitter's filesystem and permissions, rule.h).
 */
void
jl_check_output_dir_missing(struct jl_check *c)
{
	const struct jl_value	*v;
	struct stat		 st;
	const char		*dir;
	int			 k;

	for (k = 0; k < 2; k++) {
		if ((dir = output_dir(c, k, &v)) == NULL)
			continue;
		if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
			if (!top_here(c, dir))
				continue;
			jl_check_value(c, v,
			    jl_arena_printf(c->a, "create it before "
			    "submitting: mkdir -p %s", dir),
			    "the directory %s of --%s does not exist: Slurm "
			    "does not create it, so the job fails at start "
			    "and leaves no log", dir, v->opt->name);
		} else if (access(dir, W_OK | X_OK) != 0)
			jl_check_value(c, v,
			    "write the log into a directory of your own, e.g. "
			    "--output=logs/%x-%j.out after mkdir -p logs",
			    "you cannot create files in the directory %s of "
			    "--%s: the job runs as you, cannot open its log "
			    "and fails at start without one", dir,
			    v->opt->name);
	}
}

/*
 * SBATCH_* variables override the script's #SBATCH lines: a directive
 * whose value the submitter's environment replaced does not apply.
 */
static int	is_mem_opt(enum jl_optid);

void
jl_check_env_overrides_directive(struct jl_check *c)
{
	const struct jl_optval	*o, *last;
	const struct jl_value	*v;
	size_t			 i, k;

	for (k = 0; k < JL_O__COUNT; k++) {
		if ((v = c->job->v[k]) == NULL || v->origin != JL_ORIG_ENV ||
		    v->env == NULL)
			continue;
		last = NULL;
		for (i = 0; i < c->m->script.opts.n; i++) {
			o = c->m->script.opts.items[i];
			if (o->component == c->job->component && !o->early &&
			    (size_t)o->opt->id == k)
				last = o;
		}
		if (last == NULL || jl_value_same(v->opt, v->text,
		    last->value))
			continue;
		jl_check_at(c, last->loc,
		    jl_arena_printf(c->a, "unset %s before sbatch, or change "
		    "the script if the environment is right", v->env),
		    "#SBATCH %s%s%s is overridden by %s=%s from your "
		    "environment: the job gets --%s%s%s, not what the script "
		    "says",
		    last->written, last->value != NULL ? "=" : "",
		    last->value != NULL ? last->value : "", v->env,
		    v->text != NULL ? v->text : "", v->opt->name,
		    v->text != NULL ? "=" : "", v->text != NULL ? v->text : "");
	}
	/* Values a variable took away: a flag variable set off resets its
	 * option (SBATCH_REQUEUE=0 and #SBATCH --no-requeue: one field); an
	 * SBATCH_MEM_* variable made its option the environment's and the
	 * script's other memory option won; SBATCH_REQUEUE=yes replaced
	 * --no-requeue. */
	for (i = 0; i < c->job->env_cleared.n; i++) {
		const struct jl_env_clear *e = c->job->env_cleared.items[i];
		const struct jl_value *w = e->was;

		if (w->origin != JL_ORIG_DIRECTIVE && w->origin != JL_ORIG_PBS)
			continue;
		jl_check_at(c, w->loc,
		    jl_arena_printf(c->a, "unset %s before sbatch, or change "
		    "the script if the environment is right", e->env),
		    "#SBATCH %s%s%s is %s by %s=%s from your environment: %s",
		    w->written, w->text != NULL ? "=" : "",
		    w->text != NULL ? w->text : "",
		    e->now != NULL ? "overridden" : "cancelled", e->env,
		    e->value, e->now != NULL ? jl_arena_printf(c->a, "the job "
		    "gets --%s, not what the script says", e->now->opt->name) :
		    is_mem_opt(w->opt->id) ? "sbatch keeps the script's other "
		    "memory option and drops this one" : "sbatch resets the "
		    "option (a flag variable is on only when empty, \"yes\" "
		    "or a non-zero number), so the job gets the cluster's "
		    "default");
	}
}

static int
is_mem_opt(enum jl_optid id)
{
	return id == JL_O_MEM || id == JL_O_MEM_PER_CPU ||
	    id == JL_O_MEM_PER_GPU;
}

/*
 * A command that reaches the other nodes without srun: ssh and its fan-out
 * tools, TACC's launcher (paramrun) and pylauncher, GNU parallel or Julia
 * given the node list (--sshloginfile, -S, --machine-file).
 */
static int
remote_launcher(const struct jl_cmd *cmd)
{
	static const char *const progs[] = { "ssh", "pdsh", "clush",
	    "paramrun", "pylauncher", "mpiexec.hydra", "charmrun" };
	static const char *const any[] = { "--machine-file",
	    "--machinefile", "pylauncher", "pylauncher.run" };
	static const char *const par[] = { "--sshloginfile", "--sshlogin",
	    "--slf", "-S" };
	static const char *const parallel[] = { "parallel" };
	const struct jl_word	*w;
	size_t			 i, k, n, gnu = 0, prog = cmd->words.n;

	if (jl_prog_in(cmd->program, progs, JL_NITEMS(progs)))
		return 1;
	/* parallel is a wrapper (nohup parallel ... too): the program is
	 * the command it runs, and its own options come between them. */
	for (i = 0; i < cmd->words.n; i++) {
		w = cmd->words.items[i];
		if (w->text == cmd->program) {
			prog = i;
			break;
		}
		if (gnu == 0 && jl_prog_in(w->text, parallel, 1))
			gnu = i + 1;
	}
	for (i = 1; i < cmd->words.n; i++) {
		w = cmd->words.items[i];
		if (w->text[0] != '-' && w->text[0] != 'p')
			continue;	/* none of the words below */
		for (k = 0; k < JL_NITEMS(any) + JL_NITEMS(par); k++) {
			const char *x = k < JL_NITEMS(any) ? any[k] :
			    par[k - JL_NITEMS(any)];

			if (k >= JL_NITEMS(any) && (gnu == 0 || i < gnu ||
			    i >= prog))
				break;
			n = strlen(x);
			if (strncmp(w->text, x, n) == 0 && (w->text[n] == '\0' ||
			    (x[1] == '-' && w->text[n] == '=')))
				return 1;
		}
	}
	return 0;
}

/* Is w a launcher that starts the job's tasks (srun, mpirun, and the MPI
 * launchers of other resource managers), as a wrapper may be given to run
 * (valgrind mpirun ...)? */
static int
task_launcher(const char *w)
{
	enum jl_launcher	k = jl_launcher_word(w);

	return k == JL_LAUNCH_SRUN || k == JL_LAUNCH_MPIRUN;
}

/* The start of a launcher's command line kept as text. */
static const char *const launch_text[] = { "srun ", "mpirun ", "mpiexec " };

/* Does text t start a launcher's command line ("srun -n 8 ./x", quoted
 * or not)?  Not a word in a sentence ("no srun needed"). */
static int
has_launch_text(const char *t)
{
	size_t	k;

	if (t == NULL)
		return 0;
	t += strspn(t, " \t'\"");
	for (k = 0; k < JL_NITEMS(launch_text); k++)
		if (strncmp(t, launch_text[k], strlen(launch_text[k])) == 0)
			return 1;
	return 0;
}

/* Does s hold the lowercase w, in any case? */
static int
has_word_ci(const char *s, const char *w)
{
	size_t	i, len = strlen(w);

	for (; *s != '\0'; s++) {
		for (i = 0; i < len && s[i] != '\0' &&
		    (s[i] | 0x20) == w[i]; i++)
			continue;
		if (i == len)
			return 1;
	}
	return 0;
}

/*
 * Is option word o one that gives a count of threads, processes or jobs
 * (+p, -j, -t, -n, -np, -nt, -ntomp, --threads, --cores, --cpus,
 * --jobs, --workers, --nproc...)?  Not --epochs, --seed, -v.
 */
static int
count_opt(const char *o)
{
	static const char *const words[] = { "thread", "cpu", "core", "proc",
	    "job", "worker", "task", "parallel", "nt" };
	static const char *const shorts[] = { "+p", "-j", "-t", "-T", "-n",
	    "-p", "-P", "-c", "-np" };
	size_t	k, len;

	for (k = 0; k < JL_NITEMS(shorts); k++) {
		len = strlen(shorts[k]);
		if (strncmp(o, shorts[k], len) == 0 && (o[len] == '\0' ||
		    (o[len] >= '0' && o[len] <= '9') || o[len] == '='))
			return 1;
	}
	for (k = 0; k < JL_NITEMS(words); k++)
		if (o[0] == '-' && has_word_ci(o, words[k]))
			return 1;
	return 0;
}

/* Is t a count argument for n: "28", "+p28", "-j28", "--threads=28"? */
static int
count_word(const char *t, int64_t n)
{
	const char	*d;
	size_t		 len = strlen(t);
	int64_t		 v = 0;

	for (d = t + len; d > t && d[-1] >= '0' && d[-1] <= '9'; d--)
		continue;
	if (d == t + len || t + len - d > 9)
		return 0;
	/* All digits, or an option's: +p28, -j28, -nt28, --threads=28 (not
	 * a path or a name: ref_2018_08). */
	if (d != t && ((t[0] != '-' && t[0] != '+') ||
	    strchr(t, '/') != NULL || !(d[-1] == '=' ||
	    (d[-1] >= 'a' && d[-1] <= 'z') || (d[-1] >= 'A' && d[-1] <= 'Z'))))
		return 0;
	for (; *d != '\0'; d++)
		v = v * 10 + (*d - '0');
	return v == n;
}

/*
 * Does cmd start the job's tasks itself, or tell a program to use them?
 * A program told the task count ($SLURM_NTASKS, $SLURM_NPROCS, or the
 * number on a one-node job) starts that many processes or threads itself
 * (namd2 +p$SLURM_NTASKS, make -j 28); a wrapper may run a launcher
 * given as its argument (valgrind mpirun ...), a driver the launcher's
 * command line (python driver.py -l 'srun -n 384 lmp_mpi ...').  n: the
 * task count when the job is on one node (where threads use them), else
 * 0.
 */
static int
tasks_arg(const struct jl_cmd *cmd, int64_t n)
{
	/* They print or store it: no process is started. */
	static const char *const quiet[] = {
		"echo", "printf", "export", "declare", "local", "readonly",
		"typeset", "let", "test", "[", "[[", "logger", "which", "type",
		"whereis", "module", "ml", "hash", "grep", "egrep", "fgrep",
		"sed", "awk", "cat", "head", "tail", "ls"
	};
	const struct jl_word	*w;
	size_t			 i, first = 1;

	if (cmd->program == NULL ||
	    jl_prog_in(cmd->program, quiet, JL_NITEMS(quiet)))
		return 0;
	for (i = 1; i < cmd->words.n; i++) {
		w = cmd->words.items[i];
		/* A count argument (+p$SLURM_NTASKS, -j "$SLURM_NTASKS",
		 * namd2 +p28 on a 28-task node), not a sentence that
		 * mentions it; a launcher a wrapper runs (valgrind mpirun,
		 * pdirun srun); a launcher's command line. */
		if ((w->has_expansion && strpbrk(w->text, " \t") == NULL &&
		    (strstr(w->text, "SLURM_NTASKS") != NULL ||
		    strstr(w->text, "SLURM_NPROCS") != NULL)) ||
		    (n > 1 && count_word(w->text, n) && count_opt(w->text[0] ==
		    '-' || w->text[0] == '+' ? w->text : ((const struct
		    jl_word *)cmd->words.items[i - 1])->text)) ||
		    (i == first && task_launcher(w->text)) ||
		    has_launch_text(w->text))
			return 1;
		if (first == i && w->text[0] == '-')
			first++;
	}
	return 0;
}

/*
 * Programs that start their own MPI processes over the job's tasks: ORCA
 * runs mpirun itself for its parallel modules (%pal nprocs), SCM's AMS
 * starts its tasks with srun or mpirun ($SCM_MPICMD).
 */
static const char *const self_mpi[] = { "orca", "ams" };

/*
 * A step that starts the tasks, or a command whose program jlint cannot
 * know ($MPIRUN ./app, parallel reading commands), that starts MPI itself
 * (self_mpi[]), or that reaches the other nodes itself
 * (remote_launcher()): it may be one.
 */
static int
has_launcher(const struct jl_model *m, const struct jl_job *job)
{
	const struct jl_step	*s;
	const struct jl_cmd	*cmd;
	const struct jl_assign	*as;
	int64_t			 one;
	size_t			 i;

	if (m->assume_body)
		return 1;	/* srun is the launcher; salloc's user is */
	for (i = 0; i < m->body.commands.n; i++) {
		cmd = m->body.commands.items[i];
		if (cmd->program_unknown || (cmd->program != NULL &&
		    jl_prog_in(cmd->program, self_mpi, JL_NITEMS(self_mpi))))
			return 1;
	}
	for (i = 0; i < m->body.steps.n; i++) {
		s = m->body.steps.items[i];
		if (s->launcher != JL_LAUNCH_NONE &&
		    s->launcher != JL_LAUNCH_SALLOC)
			return 1;
		if (jl_step_multi_gpu(m, job, s))
			return 1;
	}
	/* On one node, threads use the tasks' CPUs: a count given to a
	 * program is read below, OMP_NUM_THREADS=28 and its kin here. */
	one = job->nodes_max == 1 ? (job->ntasks > 1 ? job->ntasks :
	    job->ntasks_per_node) : 0;
	/* A launcher's command line kept in a variable (LMPCMD='srun -n
	 * 384 lmp ...'), for a program or eval to run. */
	for (i = 0; i < m->body.assigns.n; i++) {
		as = m->body.assigns.items[i];
		if (has_launch_text(as->value) || (one > 1 &&
		    strstr(as->name, "THREADS") != NULL && as->value != NULL &&
		    count_word(as->value, one)))
			return 1;
	}
	/* Last: it reads every word (bench/). */
	for (i = 0; i < m->body.commands.n; i++)
		if (remote_launcher(m->body.commands.items[i]) ||
		    tasks_arg(m->body.commands.items[i], one))
			return 1;
	return 0;
}

void
jl_check_tasks_without_launcher(struct jl_check *c)
{
	const struct jl_job	*job = c->job;
	const struct jl_value	*v;
	const char		*what, *script;

	if (!(job->ntasks > 1 || job->nodes_min > 1 ||
	    job->ntasks_per_node > 1))
		return;
	if (has_launcher(c->m, job))
		return;
	/* Tasks sbatch counted from the GPU options (job_gres_tasks()). */
	v = job->nodes_min > 1 ? job->v[JL_O_NODES] : job->v[JL_O_NTASKS] ?
	    job->v[JL_O_NTASKS] : job->v[JL_O_NTASKS_PER_NODE] ?
	    job->v[JL_O_NTASKS_PER_NODE] : job->v[JL_O_NTASKS_PER_GPU] ?
	    job->v[JL_O_NTASKS_PER_GPU] : job->v[JL_O_GPUS_PER_TASK];
	what = job->nodes_min > 1 ? jl_arena_printf(c->a, "%lld nodes",
	    (long long)job->nodes_min) : jl_arena_printf(c->a, "%lld tasks",
	    (long long)(job->ntasks > 1 ? job->ntasks :
	    job->ntasks_per_node));
	if ((script = jl_check_script_run(c)) != NULL) {
		jl_check_value_guess(c, v,
		    "start the work with srun (or mpirun), or request one "
		    "task and use --cpus-per-task for threads",
		    "the job asks for %s but no step jlint can read starts "
		    "them, unless %s does (jlint does not read it): the "
		    "script runs once, on the first node, and the rest of the "
		    "allocation sits idle", what, script);
		return;
	}
	jl_check_value(c, v,
	    "start the work with srun (or mpirun), or request one task and "
	    "use --cpus-per-task for threads",
	    "the job asks for %s but no step starts them (no srun, mpirun "
	    "or other launcher): the script runs once, on the first node, "
	    "and the rest of the allocation sits idle", what);
}

void
jl_check_requeue_without_checkpoint(struct jl_check *c)
{
	const struct jl_job	*job = c->job;

	const char		*script;

	if (job->requeue != 1 || jl_checkpoint_evidence(c->m, job))
		return;
	if ((script = jl_check_script_run(c)) != NULL) {
		jl_check_value_guess(c, job->v[JL_O_REQUEUE],
		    "resume from a checkpoint in the script, or show it here "
		    "(e.g. pass --resume, or test for the checkpoint file)",
		    "--requeue without any sign of checkpointing that jlint "
		    "can read, unless %s resumes (jlint does not read it): "
		    "after a requeue the job would start again from the "
		    "beginning and repeat the work already done", script);
		return;
	}
	jl_check_value(c, job->v[JL_O_REQUEUE],
	    "resume from a checkpoint: save state periodically, restart "
	    "from the latest checkpoint when it exists (and catch --signal "
	    "with trap to save before the job ends)",
	    "--requeue without any sign of checkpointing: after a requeue the "
	    "job starts again from the beginning and repeats (or overwrites) "
	    "the work already done");
}

void
jl_check_preemptible_without_requeue(struct jl_check *c)
{
	const struct jl_job	*job = c->job;
	const char		*script;

	/* srun/salloc cannot requeue: the advice does not apply. */
	if (c->part == NULL || c->part->preemptible != 1 || c->m->assume_body)
		return;
	if (job->requeue == 1 && jl_checkpoint_evidence(c->m, job))
		return;
	if (job->requeue == 1 && (script = jl_check_script_run(c)) != NULL) {
		jl_check_value_guess(c, job->v[JL_O_PARTITION],
		    "resume from a checkpoint in the script, or show it here, "
		    "or use a partition that is not preemptible",
		    "partition %s is preemptible: jobs there can be cancelled "
		    "by jobs from other partitions, and this job shows no "
		    "checkpointing that jlint can read, unless %s resumes "
		    "(jlint does not read it)", c->part->name, script);
		return;
	}
	/* The fix names only what is missing (issue 17.7). */
	jl_check_value(c, job->v[JL_O_PARTITION], job->requeue != 1 ?
	    "add #SBATCH --requeue and checkpoint/resume, or use a partition "
	    "that is not preemptible" :
	    "save checkpoints and resume from the latest one when the job "
	    "is requeued, or use a partition that is not preemptible",
	    "partition %s is preemptible: jobs there can be cancelled by jobs "
	    "from other partitions, and this job %s, so the work done is lost",
	    c->part->name, job->requeue != 1 ? "is not requeued" :
	    "shows no checkpointing");
}

/* 22.05/23.02: srun does not inherit -c (SLURM_CPUS_PER_TASK not read). */
void
jl_check_srun_cpus_per_task(struct jl_check *c)
{
	const struct jl_step	*s;
	const struct jl_stepopt	*o;
	const struct jl_assign	*as;
	unsigned		 ver;
	size_t			 i, j;
	int			 has_c;

	ver = c->policy != NULL && c->policy->slurm_version != 0 ?
	    c->policy->slurm_version : c->m->version;
	if (ver >= 2311 || c->job->cpus_per_task <= 1)
		return;
	/*
	 * With one task the step is a whole-node step and its task is bound
	 * to all the job's CPUs on the node; binding goes wrong with several.
	 */
	for (i = 0; i < c->m->body.assigns.n; i++) {
		as = c->m->body.assigns.items[i];
		if (strcmp(as->name, "SRUN_CPUS_PER_TASK") == 0)
			return;
	}
	for (i = 0; i < c->m->body.steps.n; i++) {
		s = c->m->body.steps.items[i];
		if (s->launcher != JL_LAUNCH_SRUN)
			continue;
		has_c = 0;
		for (j = 0; j < s->opts.n; j++) {
			o = s->opts.items[j];
			if (o->opt != NULL && o->opt->id == JL_O_CPUS_PER_TASK)
				has_c = 1;
		}
		if (has_c)
			continue;
		if (!(s->nprocs > 1 || (s->nprocs < 0 && (c->job->ntasks > 1 ||
		    c->job->ntasks_per_node > 1 || c->job->nodes_min > 1))))
			continue;
		/* The release not given: say which releases it is about. */
		jl_check_at(c, s->launcher_loc,
		    "pass it on: srun -c \"$SLURM_CPUS_PER_TASK\" ..., or export "
		    "SRUN_CPUS_PER_TASK=$SLURM_CPUS_PER_TASK before srun",
		    "the job has --cpus-per-task=%lld but in Slurm %s srun "
		    "does not inherit it: each task is bound to fewer CPUs",
		    (long long)c->job->cpus_per_task,
		    c->m->version_assumed && (c->policy == NULL ||
		    c->policy->slurm_version == 0) ? "22.05 and 23.02 (jlint "
		    "assumes 22.05: no release given)" : jl_arena_printf(c->a,
		    "%u.%02u", ver / 100, ver % 100));
	}
}

/*
 * An srun whose --export (its own, or sbatch's through SLURM_EXPORT_ENV)
 * gives the tasks no PATH, running a program by a bare name (struct
 * jl_step's nopath): slurmstepd looks for it in the task's PATH
 * (_build_path()) and the step fails with "execve(): NAME: No such file
 * or directory" (tests/slurm-clifilter runs such jobs).
 */
void
jl_check_srun_export_drops_path(struct jl_check *c)
{
	const struct jl_step	*s;
	const char		*what, *unless;
	size_t			 i;

	for (i = 0; i < c->m->body.steps.n; i++) {
		s = c->m->body.steps.items[i];
		if (s->nopath == NULL)
			continue;
		what = s->nopath_named ? " and those it names" : "";
		if (s->nopath_own) {
			jl_check_at(c, s->launcher_loc,
			    "give srun --export=ALL (NAME=value words after "
			    "ALL add to it), or run the program by its full "
			    "path",
			    "srun %s gives its tasks no PATH (only the "
			    "SLURM_* variables%s), so slurmstepd cannot find "
			    "\"%s\" and the step fails (execve(): %s: No such "
			    "file or directory)",
			    s->nopath, what, s->nopath_prog, s->nopath_prog);
			continue;
		}
		unless = s->nopath_maybe == NULL ? "" :
		    jl_arena_printf(c->a, ", unless %s changes "
		    "SLURM_EXPORT_ENV or SRUN_EXPORT_ENV (jlint cannot tell)",
		    s->nopath_maybe);
		(s->nopath_maybe == NULL ? jl_check_at : jl_check_at_warn)(c,
		    s->launcher_loc,
		    "add \"unset SLURM_EXPORT_ENV\" before srun: its steps "
		    "then get the job's environment (the job itself keeps "
		    "what --export gave it), or give srun --export=ALL",
		    "srun reads %s, as its --export: its tasks get no PATH "
		    "(only the SLURM_* variables%s), nor what the script "
		    "loaded or exported, so slurmstepd cannot find \"%s\" "
		    "and the step fails (execve(): %s: No such file or "
		    "directory)%s",
		    s->nopath, what, s->nopath_prog, s->nopath_prog, unless);
	}
}

/*
 * srun (or salloc) in the body with an option its getopt_long() refuses:
 * the step never starts (srun prints "unrecognized option", "is
 * ambiguous", "doesn't allow an argument" or "requires an argument" and
 * exits 255; tests/slurm-diff/getopt.py runs real srun on every
 * option jlint knows and on their abbreviations).  An unknown long name
 * that no Slurm command or release has is only a warning: a SPANK plugin
 * of the site may add it (SPANK options are long ones); so is an
 * abbreviation that only pyxis's options make ambiguous.
 */
void
jl_check_srun_unknown_option(struct jl_check *c)
{
	const struct jl_step	*s;
	const struct jl_stepopt	*o;
	struct jl_optmatch	 m;
	struct jl_optrefusal	 r;
	const char		*msg, *fix, *who, *cost;
	unsigned		 cmd, ver = c->m->version;
	size_t			 i, j, nlen;
	int			 other_release;

	for (i = 0; i < c->m->body.steps.n; i++) {
		s = c->m->body.steps.items[i];
		if (s->launcher != JL_LAUNCH_SRUN &&
		    s->launcher != JL_LAUNCH_SALLOC)
			continue;
		cmd = s->launcher == JL_LAUNCH_SRUN ? JL_CMD_SRUN :
		    JL_CMD_SALLOC;
		who = cmd == JL_CMD_SRUN ? "srun" : "salloc";
		cost = NULL;
		for (j = 0; j < s->opts.n; j++) {
			o = s->opts.items[j];
			if (o->name[0] != '-' || (o->opt != NULL &&
			    (o->opt->arg == JL_ARG_NONE) == (o->value == NULL)))
				continue;	/* the usual case: nothing to say */
			/* -$FLAG, --$OPT: the shell decides */
			if (strpbrk(o->name, "$`") != NULL)
				continue;
			/* Past the cap the finding would be dropped: skip
			 * the did-you-mean search (an edit distance to every
			 * option name), as the #SBATCH reader does. */
			if (c->fs->v.n >= JL_MAX_FINDINGS) {
				c->fs->dropped++;
				continue;
			}
			if (cost == NULL)
				cost = jl_arena_printf(c->a, "%s refuses it and "
				    "%s", who, cmd == JL_CMD_SRUN ? "the step "
				    "never runs" : "its command never runs");
			if (o->opt != NULL && o->opt->arg == JL_ARG_NONE &&
			    o->value != NULL) {
				jl_check_at(c, o->loc, jl_arena_printf(c->a,
				    "write %s without a value", o->name),
				    "%s takes no value; %s (\"option "
				    "doesn't allow an argument\")", o->name,
				    cost);
				continue;
			}
			if (o->opt != NULL && o->opt->arg ==
			    JL_ARG_REQUIRED && o->value == NULL) {
				/* xargs and parallel add words at the end */
				if (s->more_args)
					continue;
				jl_check_at(c, o->loc, jl_arena_printf(c->a,
				    "give %s its value", o->name),
				    "%s needs a value and nothing follows it "
				    "on the %s line; %s (\"requires an "
				    "argument\")", o->name, who, cost);
				continue;
			}
			if (o->opt != NULL)
				continue;
			if (o->name[1] != '-') {
				jl_check_at(c, o->loc, NULL, "%s has no option "
				    "%s; %s (\"invalid option\")", who,
				    o->name, cost);
				continue;
			}
			nlen = strlen(o->name + 2);
			jl_opt_find_long(cmd, ver, o->name + 2, nlen, &m);
			if (m.status == JL_OPT_FOUND)
				continue;	/* pyxis, not in this table */
			jl_opt_refusal(cmd, ver, o->name + 2, nlen, &m, &r);
			jl_opt_refusal_release(cmd, o->name + 2, nlen,
			    c->m->version_assumed, &r);
			other_release = r.other != NULL &&
			    jl_opt_available(r.other, cmd, 0);
			jl_opt_refusal_say(c->a, cmd, ver, o->name + 2, nlen,
			    &r, o->value, jl_arena_printf(c->a, "%s%s",
			    jl_opt_refusal_why(&r), cost), &msg, &fix);
			if (r.other != NULL && !other_release &&
			    (r.other->flags & JL_OF_EARLY))
				fix = NULL;	/* --wrap: no #SBATCH line */
			if (r.sure && !r.assumed)
				jl_check_at(c, o->loc, fix, "%s", msg);
			else
				jl_check_at_warn(c, o->loc, fix, "%s", msg);
		}
	}
}

/* Is the job on exactly one node (-N 1)? */
static int
one_node(const struct jl_job *job)
{
	return job->nodes_min == 1 && job->nodes_max == 1;
}

/* GPUs on each node, when the request says it exactly; else -1. */
static int64_t
exact_gpus_per_node(const struct jl_job *job)
{
	if (job->gpus_per_node > 0)
		return job->gpus_per_node;
	if (job->gpus_per_task > 0 && job->ntasks_per_node > 0)
		return jl_count_mul(job->gpus_per_task, job->ntasks_per_node);
	if (job->gpus_per_task > 0 && job->ntasks > 0 && one_node(job))
		return jl_count_mul(job->gpus_per_task, job->ntasks);
	if (job->gpus_per_job > 0 && one_node(job))
		return job->gpus_per_job;
	return -1;
}

/* Tasks on each node, when the request says it exactly; else -1. */
static int64_t
exact_tasks_per_node(const struct jl_job *job)
{
	if (job->ntasks_per_node > 0)
		return job->ntasks_per_node;
	if (job->ntasks > 0 && one_node(job))
		return job->ntasks;
	if (job->ntasks <= 0 && job->v[JL_O_NTASKS] == NULL)
		return 1;	/* one task (per node with -N) */
	return -1;
}

/*
 * CPUs per GPU as a fraction num/den: --cpus-per-gpu, else -c per task
 * over --gpus-per-task, else CPUs on a node over GPUs on a node.
 * Returns the value it came from, or NULL when it cannot know.
 */
static const struct jl_value *
cpus_per_gpu(const struct jl_job *job, int64_t *num, int64_t *den,
    const char **how)
{
	int64_t	cpt = job->cpus_per_task > 0 ? job->cpus_per_task : 1;
	int64_t	tpn, gpn;

	*how = NULL;
	if (job->v[JL_O_CPUS_PER_GPU] != NULL) {
		if (job->v[JL_O_CPUS_PER_GPU]->text == NULL ||
		    jl_val_int(job->v[JL_O_CPUS_PER_GPU]->text, 1, num,
		    how) != 0)
			return NULL;
		*den = 1;
		*how = NULL;
		return job->v[JL_O_CPUS_PER_GPU];
	}
	if (job->v[JL_O_CPUS_PER_TASK] == NULL)
		return NULL;	/* one CPU per task: not what limits are for */
	if (job->gpus_per_task > 0) {
		*num = cpt;
		*den = job->gpus_per_task;
		*how = "per task";
		return job->v[JL_O_CPUS_PER_TASK];
	}
	if ((tpn = exact_tasks_per_node(job)) <= 0 ||
	    (gpn = exact_gpus_per_node(job)) <= 0)
		return NULL;
	if ((*num = jl_count_mul(cpt, tpn)) < 0)
		return NULL;
	*den = gpn;
	*how = "per node";
	return job->v[JL_O_CPUS_PER_TASK];
}

/* Memory per GPU in MB (num/den) and the value it came from, or NULL. */
static const struct jl_value *
mem_per_gpu(const struct jl_job *job, int64_t *num, int64_t *den,
    const char **how)
{
	int64_t	cpt = job->cpus_per_task > 0 ? job->cpus_per_task : 1;
	int64_t	tpn, gpn;

	*how = NULL;
	switch (job->mem_kind) {
	case JL_MEM_PER_GPU:
		*num = (int64_t)job->mem_mb;
		*den = 1;
		return job->v[JL_O_MEM_PER_GPU];
	case JL_MEM_PER_NODE:
		if (job->mem_mb == 0 || (gpn = exact_gpus_per_node(job)) <= 0)
			return NULL;	/* --mem=0: all of a node */
		*num = (int64_t)job->mem_mb;
		*den = gpn;
		*how = "per node";
		return job->v[JL_O_MEM];
	case JL_MEM_PER_CPU:
		if (job->gpus_per_task > 0) {
			if ((*num = jl_count_mul((int64_t)job->mem_mb,
			    cpt)) < 0)
				return NULL;
			*den = job->gpus_per_task;
			*how = "per task";
			return job->v[JL_O_MEM_PER_CPU];
		}
		if ((tpn = exact_tasks_per_node(job)) <= 0 ||
		    (gpn = exact_gpus_per_node(job)) <= 0)
			return NULL;
		if ((*num = jl_count_mul(jl_count_mul(
		    (int64_t)job->mem_mb, cpt), tpn)) < 0)
			return NULL;
		*den = gpn;
		*how = "per node";
		return job->v[JL_O_MEM_PER_CPU];
	default:
		return NULL;
	}
}

/* num / den > lim, for num >= 0, den > 0, lim > 0: lim x den may not fit. */
static int
over_per_gpu(int64_t num, int64_t den, int64_t lim)
{
	int64_t	cap = jl_count_mul(lim, den);

	return cap >= 0 && num > cap;
}

void
jl_check_per_gpu_limit(struct jl_check *c)
{
	const struct jl_job		*job = c->job;
	const struct jl_partition	*at;
	const struct jl_value		*v;
	const char			*how, *per;
	int64_t				 num, den, lim;

	/* --exclusive: the whole node is the job's, GPUs and all, so no
	 * other job's GPUs go without. */
	if (c->policy == NULL || !job->gpu_requested || job->shared == 0)
		return;
	lim = jl_check_limit(c, JL_LIM_CPUS_PER_GPU, &at);
	if (lim > 0 && (v = cpus_per_gpu(job, &num, &den, &how)) != NULL &&
	    over_per_gpu(num, den, lim)) {
		per = den == 1 ? jl_arena_printf(c->a, "%lld",
		    (long long)num) : num % den == 0 ? jl_arena_printf(c->a,
		    "%lld", (long long)(num / den)) : jl_arena_printf(c->a,
		    "%.1f", (double)num / (double)den);
		jl_check_value(c, v, jl_arena_printf(c->a, "ask for at most "
		    "%lld CPUs per GPU (--cpus-per-gpu=%lld, or -c so that "
		    "the CPUs on a node are at most %lld times its GPUs)",
		    (long long)lim, (long long)lim, (long long)lim),
		    "the job takes %s CPUs per GPU%s but %s allows at most "
		    "%lld (%slimits.max_cpus_per_gpu): the node's other GPUs "
		    "are left without CPUs", per, how != NULL ?
		    jl_arena_printf(c->a, " (%lld CPUs for %lld GPU%s %s)",
		    (long long)num, (long long)den, den == 1 ? "" : "s", how) :
		    "", jl_check_limit_owner(c, at), (long long)lim, at != NULL ?
		    "its " : "");
	}
	lim = jl_check_limit(c, JL_LIM_MEM_PER_GPU, &at);
	if (lim > 0 && (v = mem_per_gpu(job, &num, &den, &how)) != NULL &&
	    over_per_gpu(num, den, lim))
		jl_check_value(c, v, jl_arena_printf(c->a, "ask for at most "
		    "%s per GPU (--mem-per-gpu=%s)", jl_fmt_mb(c->a, lim),
		    jl_fmt_mb(c->a, lim)),
		    "the job takes %s of memory per GPU%s but %s allows at "
		    "most %s (%slimits.max_mem_per_gpu): the node's other "
		    "GPUs are left without memory", jl_fmt_mb(c->a, num / den),
		    how != NULL ? jl_arena_printf(c->a, " (%s for %lld GPU%s "
		    "%s)", jl_fmt_mb(c->a, num), (long long)den, den == 1 ?
		    "" : "s", how) : "", jl_check_limit_owner(c, at), jl_fmt_mb(c->a,
		    lim), at != NULL ? "its " : "");
}
