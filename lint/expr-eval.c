/*
 * expr-eval.c: evaluate a checked expression against one job (expr.h).
 * A tree walk over the typed AST: no parsing, no name lookup.  Values are
 * borrowed from the model and the policy; lists are views that name where
 * their elements live.  Null is "unknown" and propagates with Kleene
 * logic (see expr.h).  Per-call state (lambda variables, PCRE2 match data,
 * lower() copies) lives in struct xctx, on the caller's stack, so a
 * compiled expression may be evaluated by several threads at once.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "expr-int.h"

struct xtemp {
	struct xtemp	*next;
	/* bytes follow */
};

struct xctx {
	const struct jl_expr_env	*env;
	const struct jl_model		*m;
	const struct jl_job		*job;
	const struct jl_policy		*policy;
	const struct jl_partition	*part;
	int				 part_done;
	struct xval			 vars[JL_EXPR_MAXDEPTH];
	pcre2_match_data		*md;
	struct xtemp			*temps;
	const char			*why;	/* set when stopped */
};

/*
 * vars[] is not cleared: the checker gives every lambda variable a slot
 * that the lambda binds before its body reads it.  Clearing its 3 KiB
 * (JL_EXPR_MAXDEPTH slots) at every evaluation, five for an accepted
 * headline job, cost about 2% of the throughput in process (bench/).
 */
static void
ctx_init(struct xctx *x, const struct jl_expr_env *env)
{
	x->env = env;
	x->m = env->m;
	x->job = env->job != NULL ? env->job :
	    (env->m != NULL ? jl_model_job(env->m) : NULL);
	x->policy = env->policy;
	x->part = NULL;
	x->part_done = 0;
	x->md = NULL;
	x->temps = NULL;
	x->why = NULL;
}

static void
ctx_done(struct xctx *x)
{
	struct xtemp	*t, *next;

	for (t = x->temps; t != NULL; t = next) {
		next = t->next;
		free(t);
	}
	x->temps = NULL;
	if (x->md != NULL)
		pcre2_match_data_free(x->md);
	x->md = NULL;
}

static int
stop(struct xctx *x, const char *why)
{
	if (x->why == NULL)
		x->why = why;
	return -1;
}

static void
set_null(struct xval *v)
{
	memset(v, 0, sizeof(*v));
}

static void
set_bool(struct xval *v, int b)
{
	set_null(v);
	v->k = XV_BOOL;
	v->i = b != 0;
}

static void
set_int(struct xval *v, int64_t i)
{
	set_null(v);
	v->k = XV_INT;
	v->i = i;
}

/* An int that the model marks absent with a negative value. */
static void
set_count(struct xval *v, int64_t i)
{
	if (i < 0)
		set_null(v);
	else
		set_int(v, i);
}

static void
set_str(struct xval *v, const char *s)
{
	set_null(v);
	if (s == NULL)
		return;
	v->k = XV_STR;
	v->s = s;
}

static void
set_obj(struct xval *v, const void *p)
{
	set_null(v);
	if (p == NULL)
		return;
	v->k = XV_OBJ;
	v->p = p;
}

static void
set_list(struct xval *v, enum xls ls, const void *p, size_t n)
{
	set_null(v);
	v->k = XV_LIST;
	v->ls = (uint8_t)ls;
	v->p = p;
	v->n = n;
}

static void
set_vec(struct xval *v, enum xls ls, const struct jl_vec *vec)
{
	set_list(v, ls, vec, vec->n);
}

/* ---- partitions ---- */

static const struct jl_partition *
ctx_partition(struct xctx *x)
{
	const struct jl_policy	*p = x->policy;
	const char		*name = NULL;
	size_t			 i;

	if (x->part_done)
		return x->part;
	x->part_done = 1;
	if (x->env->partition != NULL)
		return x->part = x->env->partition;
	if (p == NULL || p->partitions == NULL)
		return NULL;
	if (x->job != NULL && x->job->partitions.n > 0)
		name = x->job->partitions.items[0];
	for (i = 0; i < p->npartitions; i++) {
		if (name != NULL ? (p->partitions[i].name != NULL &&
		    strcmp(p->partitions[i].name, name) == 0) :
		    p->partitions[i].is_default)
			return x->part = &p->partitions[i];
	}
	/* As jl_policy_partition(): with no default, the only one. */
	if (name == NULL && p->npartitions == 1)
		return x->part = &p->partitions[0];
	return NULL;
}

/* Is type t among the GPU types of node classes before class ci, or
 * earlier in class ci before index gi? */
static int
gpu_type_seen(const struct jl_partition *p, size_t ci, size_t gi,
    const char *t)
{
	size_t	i, j;

	for (i = 0; i <= ci; i++)
		for (j = 0; j < (i == ci ? gi : p->nodes[i].ngpus); j++)
			if (p->nodes[i].gpus[j].type != NULL &&
			    strcmp(p->nodes[i].gpus[j].type, t) == 0)
				return 1;
	return 0;
}

/* The k-th distinct GPU type of a partition (k < 0: count them). */
static size_t
gpu_types(const struct jl_partition *p, size_t k, const char **out)
{
	size_t		 i, j, n = 0;
	const char	*t;

	for (i = 0; i < p->nnodes; i++)
		for (j = 0; j < p->nodes[i].ngpus; j++) {
			t = p->nodes[i].gpus[j].type;
			if (t == NULL || gpu_type_seen(p, i, j, t))
				continue;
			if (out != NULL && n == k) {
				*out = t;
				return n;
			}
			n++;
		}
	return n;
}

/* Max over node classes of what pick() gives (negative = unknown). */
static void
part_max(const struct jl_partition *p, int what, const char *type,
    struct xval *out)
{
	int64_t	best = -1, v;
	size_t	i;

	if (p->nnodes == 0) {
		set_null(out);
		return;
	}
	for (i = 0; i < p->nnodes; i++) {
		const struct jl_nodeclass *nc = &p->nodes[i];

		switch (what) {
		case 0:		/* cpus */
			v = nc->cpus;
			break;
		case 1:		/* mem */
			v = nc->mem_mb;
			break;
		default:	/* gpus, all types or one */
			v = jl_nodeclass_gpus(nc, type);
			break;
		}
		if (v > best)
			best = v;
	}
	set_count(out, best);
}

/* ---- lists ---- */

static int	ev(struct xctx *, const struct xnode *, struct xval *);

static int
list_get(struct xctx *x, const struct xval *l, size_t i, struct xval *out)
{
	const struct jl_vec	*vec = l->p;
	const char		*s = NULL;

	switch (l->ls) {
	case XL_VEC_STR:
		set_str(out, vec->items[i]);
		return 0;
	case XL_VEC_OPTNAME:
		set_str(out, ((const struct jl_stepopt *)vec->items[i])->name);
		return 0;
	case XL_VEC_WORD:
		set_str(out, ((const struct jl_word *)vec->items[i])->text);
		return 0;
	case XL_VEC_OBJ:
		set_obj(out, vec->items[i]);
		return 0;
	case XL_NTARR:
		set_str(out, ((const char *const *)l->p)[i]);
		return 0;
	case XL_PARTS:
		set_obj(out, &((const struct jl_partition *)l->p)[i]);
		return 0;
	case XL_GPUTYPES:
		gpu_types(l->p, i, &s);
		set_str(out, s);
		return 0;
	case XL_LIT:
		return ev(x, l->lit->kids[i], out);
	default:
		set_null(out);
		return 0;
	}
}

static size_t
ntarr_len(const char *const *a)
{
	size_t	n = 0;

	while (a[n] != NULL)
		n++;
	return n;
}

/* ---- fields ---- */

static const char *
time_form(enum jl_time_form f)
{
	switch (f) {
	case JL_TF_INFINITE:	return "unlimited";
	case JL_TF_M:		return "minutes";
	case JL_TF_MS:		return "minutes:seconds";
	case JL_TF_HMS:		return "hours:minutes:seconds";
	case JL_TF_DH:		return "days-hours";
	case JL_TF_DHM:		return "days-hours:minutes";
	case JL_TF_DHMS:	return "days-hours:minutes:seconds";
	default:		return NULL;
	}
}

static void
set_time(struct xval *v, int isset, const struct jl_time *t)
{
	if (!isset)
		set_null(v);
	else if (t->form == JL_TF_INFINITE || t->zero ||
	    t->minutes == JL_TIME_INFINITE)
		set_int(v, XDUR_UNLIMITED);
	else
		set_int(v, t->minutes);
}

static const char *
opt_text(const struct jl_job *job, enum jl_optid id)
{
	const struct jl_value	*v = job->v[id];

	return v != NULL ? v->text : NULL;
}

static const char *
launcher_name(enum jl_launcher l)
{
	switch (l) {
	case JL_LAUNCH_SRUN:		return "srun";
	case JL_LAUNCH_MPIRUN:		return "mpirun";
	case JL_LAUNCH_TORCHRUN:	return "torchrun";
	case JL_LAUNCH_ACCELERATE:	return "accelerate";
	case JL_LAUNCH_DEEPSPEED:	return "deepspeed";
	case JL_LAUNCH_HOROVODRUN:	return "horovodrun";
	case JL_LAUNCH_SALLOC:		return "salloc";
	default:			return NULL;
	}
}

/* 1 true, 0 false, -1 (expansion) unknown. */
static void
set_tri(struct xval *v, int t)
{
	if (t < 0)
		set_null(v);
	else
		set_bool(v, t);
}

static void
set_duration_fact(struct xval *v, int64_t min)
{
	if (min == INT64_MAX)
		set_int(v, XDUR_UNLIMITED);
	else
		set_count(v, min);
}

static void
job_field(struct xctx *x, unsigned fid, const struct jl_job *job,
    struct xval *out)
{
	const char	*s;

	(void)x;
	switch (fid) {
	case XF_J_TIME:
		set_time(out, job->time_set, &job->time);
		return;
	case XF_J_TIME_MIN:
		set_time(out, job->time_min_set, &job->time_min);
		return;
	case XF_J_TIME_FORM:
		set_str(out, job->time_set ? time_form(job->time.form) :
		    NULL);
		return;
	case XF_J_TIME_TEXT:
		set_str(out, opt_text(job, JL_O_TIME));
		return;
	case XF_J_PARTITION:
		set_str(out, job->partitions.n > 0 ? job->partitions.items[0] :
		    NULL);
		return;
	case XF_J_PARTITIONS:
		set_vec(out, XL_VEC_STR, &job->partitions);
		return;
	case XF_J_NODES:
		set_count(out, job->nodes_min);
		return;
	case XF_J_NODES_MAX:
		set_count(out, job->nodes_max > 0 ? job->nodes_max : -1);
		return;
	case XF_J_NTASKS:
		set_count(out, job->ntasks);
		return;
	case XF_J_CPT:
		set_count(out, job->cpus_per_task);
		return;
	case XF_J_NTPN:
		set_count(out, job->ntasks_per_node);
		return;
	case XF_J_MEM:
	case XF_J_MEM_PER_CPU:
	case XF_J_MEM_PER_GPU:
		if (job->mem_kind == (fid == XF_J_MEM ? JL_MEM_PER_NODE :
		    fid == XF_J_MEM_PER_CPU ? JL_MEM_PER_CPU :
		    JL_MEM_PER_GPU) && job->mem_mb <= INT64_MAX)
			set_int(out, (int64_t)job->mem_mb);
		else
			set_null(out);
		return;
	case XF_J_GPUS:
		set_count(out, job->gpus_total);
		return;
	case XF_J_GPUS_PER_NODE:
		set_count(out, job->gpus_node_est);
		return;
	case XF_J_GPUS_PER_TASK:
		set_count(out, job->gpus_per_task);
		return;
	case XF_J_GPU_TYPE:
		set_str(out, job->gpu_type);
		return;
	case XF_J_GPU_REQ:	/* null: sbatch may derive some (job.h) */
		set_tri(out, jl_job_gets_gpus(job) ? 1 :
		    job->gpus_derived == JL_GPUS_MAYBE ? -1 : 0);
		return;
	case XF_J_REQUEUE:
		set_tri(out, job->requeue);
		return;
	case XF_J_EXCLUSIVE:
		s = job->shared == 0 ? "exclusive" : job->shared == 1 ?
		    "oversubscribe" : job->shared == 2 ? "user" :
		    job->shared == 3 ? "mcs" : NULL;
		set_str(out, s);
		return;
	case XF_J_ARRAY:
		set_bool(out, job->array_set && job->array.ntasks > 0);
		return;
	case XF_J_ARRAY_TASKS:
		set_count(out, job->array_set ? job->array.ntasks : -1);
		return;
	case XF_J_OUTPUT:
		set_str(out, opt_text(job, JL_O_OUTPUT));
		return;
	case XF_J_ERROR:
		set_str(out, opt_text(job, JL_O_ERROR));
		return;
	case XF_J_OUT_ARRAY:
		set_bool(out, job->out.has_a || job->out.has_A);
		return;
	case XF_J_SIGNAL:
		set_str(out, job->signal_set ? job->signal.name : NULL);
		return;
	case XF_J_SIGNAL_TIME:
		set_count(out, job->signal_set ? job->signal.secs : -1);
		return;
	case XF_J_SIGNAL_B:
		set_bool(out, job->signal_set && job->signal.batch_only);
		return;
	case XF_J_NAME:
		set_str(out, opt_text(job, JL_O_JOB_NAME));
		return;
	case XF_J_ACCOUNT:
		set_str(out, opt_text(job, JL_O_ACCOUNT));
		return;
	case XF_J_QOS:
		set_str(out, opt_text(job, JL_O_QOS));
		return;
	default:
		set_null(out);
		return;
	}
}

static void
step_field(unsigned fid, const struct jl_step *st, struct xval *out)
{
	switch (fid) {
	case XF_S_LAUNCHER:
		set_str(out, launcher_name(st->launcher));
		return;
	case XF_S_LAUNCHER_NAME:
		set_str(out, st->launcher_name);
		return;
	case XF_S_INNER:
		set_str(out, launcher_name(st->inner_launcher));
		return;
	case XF_S_PROCS:
		set_count(out, st->nprocs);
		return;
	case XF_S_GPUS:
		set_count(out, st->ngpus);
		return;
	case XF_S_NODES:
		set_count(out, st->nnodes);
		return;
	case XF_S_PTY:
		set_bool(out, st->pty);
		return;
	case XF_S_BG:
		set_bool(out, st->background);
		return;
	case XF_S_IN_FUNC:
		set_bool(out, st->in_function);
		return;
	case XF_S_IN_LOOP:
		set_bool(out, st->in_loop);
		return;
	case XF_S_IN_TRAP:
		set_bool(out, st->in_trap);
		return;
	case XF_S_REQUEUE:
		set_bool(out, st->requeue);
		return;
	case XF_S_PROGRAM:
		set_str(out, st->program);
		return;
	case XF_S_CTR:
		set_obj(out, st->ctr);
		return;
	case XF_S_IMAGE:
		set_str(out, st->pyxis_image);
		return;
	case XF_S_OPTIONS:
		set_vec(out, XL_VEC_OPTNAME, &st->opts);
		return;
	default:
		set_null(out);
		return;
	}
}

static void
ctr_field(unsigned fid, const struct jl_container *c, struct xval *out)
{
	switch (fid) {
	case XF_C_RUNTIME:
		set_str(out, c->runtime == JL_CTR_SINGULARITY ? "singularity" :
		    c->runtime == JL_CTR_APPTAINER ? "apptainer" : NULL);
		return;
	case XF_C_VERB:
		set_str(out, c->verb);
		return;
	case XF_C_IMAGE:
		set_str(out, c->image);
		return;
	case XF_C_IMAGE_RESOLVED:
		set_str(out, c->image_resolved);
		return;
	case XF_C_FLAGS_UNKNOWN:
		set_bool(out, c->opaque);
		return;
	case XF_C_NV:
		set_bool(out, c->nv);
		return;
	case XF_C_ROCM:
		set_bool(out, c->rocm);
		return;
	/* Unset, but something out of sight may set it (env_maybe): null. */
	case XF_C_NV_ENV:
		set_tri(out, c->nv_env == 0 && c->env_maybe != NULL ? -1 :
		    c->nv_env);
		return;
	case XF_C_ROCM_ENV:
		set_tri(out, c->rocm_env == 0 && c->env_maybe != NULL ? -1 :
		    c->rocm_env);
		return;
	case XF_C_GPU_FLAG:
		if (c->nv || c->rocm || c->nv_env > 0 || c->rocm_env > 0)
			set_bool(out, 1);
		else if (c->nv_env < 0 || c->rocm_env < 0 ||
		    c->env_maybe != NULL)
			set_null(out);
		else
			set_bool(out, 0);
		return;
	case XF_C_CLEANENV:
		set_bool(out, c->cleanenv);
		return;
	case XF_C_CONTAINALL:
		set_bool(out, c->containall);
		return;
	case XF_C_FLAGS:
		set_vec(out, XL_VEC_OPTNAME, &c->flags);
		return;
	case XF_C_LATE_FLAGS:
		set_vec(out, XL_VEC_OPTNAME, &c->late_flags);
		return;
	case XF_C_NVCCLI:
		set_tri(out, c->nvccli);
		return;
	case XF_C_DEV_HIDDEN:
		set_tri(out, c->dev_hidden);
		return;
	case XF_C_DEV_HIDDEN_BY:
		set_str(out, c->dev_why);
		return;
	case XF_C_BINDS_AMD_DEV:
		set_tri(out, c->amd_binds);
		return;
	case XF_C_INSTANCE_NAME:
		set_str(out, c->instance_name);
		return;
	case XF_C_INSTANCE:
		set_obj(out, c->instance);
		return;
	default:
		set_null(out);
		return;
	}
}

static void
site_field(unsigned fid, const struct jl_policy *p, struct xval *out)
{
	switch (fid) {
	case XF_SI_GPU_FLAG:
		set_str(out, p->gpu_flag);
		return;
	case XF_SI_VERSION:
		set_count(out, p->slurm_version > 0 ?
		    (int64_t)p->slurm_version : -1);
		return;
	case XF_SI_MAX_GPUS:
		set_count(out, p->max_gpus_per_job);
		return;
	case XF_SI_MAX_CPG:
		set_count(out, p->max_cpus_per_gpu);
		return;
	case XF_SI_MAX_MPG:
		set_count(out, p->max_mem_per_gpu_mb);
		return;
	case XF_SI_IMAGE_DIRS:
		if (p->image_dirs == NULL)
			set_null(out);
		else
			set_list(out, XL_NTARR, p->image_dirs,
			    ntarr_len(p->image_dirs));
		return;
	case XF_SI_RUNTIMES:
		if (p->runtimes == NULL)
			set_null(out);
		else
			set_list(out, XL_NTARR, p->runtimes,
			    ntarr_len(p->runtimes));
		return;
	case XF_SI_PARTITIONS:
		if (p->partitions == NULL)
			set_list(out, XL_EMPTY, NULL, 0);
		else
			set_list(out, XL_PARTS, p->partitions,
			    p->npartitions);
		return;
	default:
		set_null(out);
		return;
	}
}

static void
part_field(unsigned fid, const struct jl_partition *p, struct xval *out)
{
	switch (fid) {
	case XF_P_NAME:
		set_str(out, p->name);
		return;
	case XF_P_MAX_TIME:
		set_duration_fact(out, p->max_time);
		return;
	case XF_P_DEFAULT_TIME:
		set_duration_fact(out, p->default_time);
		return;
	case XF_P_PREEMPT:
		set_tri(out, p->preemptible < 0 ? -1 : p->preemptible);
		return;
	case XF_P_EXISTS:
		set_bool(out, 1);
		return;
	case XF_P_DEFAULT:
		set_bool(out, p->is_default);
		return;
	case XF_P_GPU_TYPES:
		set_list(out, XL_GPUTYPES, p, gpu_types(p, 0, NULL));
		return;
	case XF_P_MAX_GPN:
		part_max(p, 2, NULL, out);
		return;
	case XF_P_CPN:
		part_max(p, 0, NULL, out);
		return;
	case XF_P_MPN:
		part_max(p, 1, NULL, out);
		return;
	default:
		set_null(out);
		return;
	}
}

static void
field(struct xctx *x, unsigned fid, const void *obj, struct xval *out)
{
	const struct jl_body	*b;
	const struct jl_trap	*t;

	if (fid >= XF_J_TIME && fid <= XF_J_SET) {
		job_field(x, fid, obj, out);
		return;
	}
	if (fid >= XF_S_LAUNCHER && fid <= XF_S_OPTIONS) {
		step_field(fid, obj, out);
		return;
	}
	if (fid >= XF_C_RUNTIME && fid <= XF_C_INSTANCE) {
		ctr_field(fid, obj, out);
		return;
	}
	if (fid >= XF_SI_GPU_FLAG && fid <= XF_SI_PARTITIONS) {
		site_field(fid, obj, out);
		return;
	}
	if (fid >= XF_P_NAME && fid <= XF_P_MPN) {
		part_field(fid, obj, out);
		return;
	}
	switch (fid) {
	case XF_T_SIGNALS:
		t = obj;
		set_vec(out, XL_VEC_STR, &t->signals);
		return;
	case XF_T_REQUEUES:
		t = obj;
		set_bool(out, t->requeues);
		return;
	case XF_T_HANDLER:
		t = obj;
		set_str(out, t->handler);
		return;
	case XF_B_REQUEUE:
		b = obj;
		set_int(out, (int64_t)b->requeue_calls.n);
		return;
	case XF_B_MODULES:
		b = obj;
		set_vec(out, XL_VEC_WORD, &b->modules);
		return;
	case XF_B_GPUVIS:
		b = obj;
		set_int(out, (int64_t)b->cuda_visible.n);
		return;
	default:
		set_null(out);
		return;
	}
}

static void
root(struct xctx *x, unsigned fid, struct xval *out)
{
	switch (fid) {
	case XF_R_JOB:
		set_obj(out, x->job);
		return;
	case XF_R_STEPS:
		if (x->m != NULL)
			set_vec(out, XL_VEC_OBJ, &x->m->body.steps);
		else
			set_list(out, XL_EMPTY, NULL, 0);
		return;
	case XF_R_TRAPS:
		if (x->m != NULL)
			set_vec(out, XL_VEC_OBJ, &x->m->body.traps);
		else
			set_list(out, XL_EMPTY, NULL, 0);
		return;
	case XF_R_BODY:
		set_obj(out, x->m != NULL ? &x->m->body : NULL);
		return;
	case XF_R_SITE:
		set_obj(out, x->policy);
		return;
	case XF_R_PART:
		set_obj(out, ctx_partition(x));
		return;
	case XF_R_STEP:
		set_obj(out, x->env->step);
		return;
	default:
		set_null(out);
		return;
	}
}

/* ---- the job view (fields.c) ---- */

void
xjob_field_json(const struct jl_model *m, unsigned fid, struct xtype t,
    struct jl_buf *b)
{
	struct jl_expr_env	 env;
	struct xctx		 x;
	struct xval		 v, e;
	size_t			 i;

	memset(&env, 0, sizeof(env));
	env.m = m;
	ctx_init(&x, &env);
	if (x.job == NULL)
		set_null(&v);
	else
		job_field(&x, fid, x.job, &v);
	switch (v.k) {
	case XV_BOOL:
		jl_buf_puts(b, v.i ? "true" : "false");
		break;
	case XV_INT:
		if (t.k == XK_DUR && v.i == XDUR_UNLIMITED)
			jl_buf_puts(b, "\"UNLIMITED\"");
		else
			jl_buf_printf(b, "%lld", (long long)v.i);
		break;
	case XV_STR:
		jl_buf_json_str(b, v.s);
		break;
	case XV_LIST:
		jl_buf_putc(b, '[');
		for (i = 0; i < v.n; i++) {
			if (i)
				jl_buf_putc(b, ',');
			if (list_get(&x, &v, i, &e) == 0 && e.k == XV_STR)
				jl_buf_json_str(b, e.s);
			else
				jl_buf_puts(b, "null");
		}
		jl_buf_putc(b, ']');
		break;
	default:
		jl_buf_puts(b, "null");
		break;
	}
	ctx_done(&x);
}

/* ---- operators ---- */

/* Both non-null and of one static type. */
static int
val_cmp(const struct xval *a, const struct xval *b)
{
	int	r;

	if (a->k == XV_STR) {
		r = strcmp(a->s, b->s);
		return r < 0 ? -1 : r > 0;
	}
	return a->i < b->i ? -1 : a->i > b->i;
}

static int
ev_bool(struct xctx *x, const struct xnode *n, int *tri)
{
	struct xval	v;

	if (ev(x, n, &v) != 0)
		return -1;
	*tri = v.k == XV_BOOL ? (int)v.i : -1;
	return 0;
}

static void
set_tri3(struct xval *v, int tri)
{
	if (tri < 0)
		set_null(v);
	else
		set_bool(v, tri);
}

static int
ev_andor(struct xctx *x, const struct xnode *n, struct xval *out)
{
	int	tri, unknown = 0, isand = n->op == XN_AND;
	size_t	i;

	for (i = 0; i < n->nkids; i++) {
		if (ev_bool(x, n->kids[i], &tri) != 0)
			return -1;
		if (tri < 0)
			unknown = 1;
		else if (tri == !isand) {
			set_bool(out, tri);	/* and: false; or: true */
			return 0;
		}
	}
	set_tri3(out, unknown ? -1 : isand);
	return 0;
}

static int
ev_cmp(struct xctx *x, const struct xnode *n, struct xval *out)
{
	struct xval	a, b;
	int		r;

	if (ev(x, n->a, &a) != 0 || ev(x, n->b, &b) != 0)
		return -1;
	if (a.k == XV_NULL || b.k == XV_NULL) {
		set_null(out);
		return 0;
	}
	r = val_cmp(&a, &b);
	switch (n->op) {
	case XN_EQ: set_bool(out, r == 0); break;
	case XN_NE: set_bool(out, r != 0); break;
	case XN_LT: set_bool(out, r < 0); break;
	case XN_LE: set_bool(out, r <= 0); break;
	case XN_GT: set_bool(out, r > 0); break;
	default: set_bool(out, r >= 0); break;
	}
	return 0;
}

static int
ev_in(struct xctx *x, const struct xnode *n, struct xval *out)
{
	struct xval	a, l, e;
	size_t		i;
	int		unknown = 0, neg = n->op == XN_NOTIN;

	if (ev(x, n->a, &a) != 0 || ev(x, n->b, &l) != 0)
		return -1;
	if (a.k == XV_NULL || l.k == XV_NULL) {
		set_null(out);
		return 0;
	}
	for (i = 0; i < l.n; i++) {
		if (list_get(x, &l, i, &e) != 0)
			return -1;
		if (e.k == XV_NULL)
			unknown = 1;
		else if (val_cmp(&a, &e) == 0) {
			set_bool(out, !neg);
			return 0;
		}
	}
	if (unknown)
		set_null(out);
	else
		set_bool(out, neg);
	return 0;
}

static int
ev_match(struct xctx *x, const struct xnode *n, struct xval *out)
{
	struct xval	a;
	size_t		len;
	int		rc;

	if (ev(x, n->a, &a) != 0)
		return -1;
	if (a.k == XV_NULL) {
		set_null(out);
		return 0;
	}
	if (n->relit != XR_NONE) {	/* a plain string (lit_regex()) */
		len = strlen(a.s);
		rc = n->relit == XR_PREFIX ? len >= n->litlen &&
		    memcmp(a.s, n->lit, n->litlen) == 0 :
		    strstr(a.s, n->lit) != NULL;
		set_bool(out, rc == (n->op == XN_MATCH));
		return 0;
	}
	if (x->md == NULL &&
	    (x->md = pcre2_match_data_create(1, NULL)) == NULL)
		return stop(x, "out of memory");
	/* JIT code runs on a 32 KiB frame of the thread's stack: in a fresh
	 * thread (slurmctld makes one per RPC) that is 50 us of page faults,
	 * more than a short subject takes to match without JIT. */
	len = strlen(a.s);
	rc = pcre2_match(n->re, (PCRE2_SPTR)a.s, len, 0, len <
	    JL_EXPR_JIT_MIN ? PCRE2_NO_JIT : 0, x->md, n->mctx);
	if (rc >= 0) {
		set_bool(out, n->op == XN_MATCH);
		return 0;
	}
	if (rc == PCRE2_ERROR_NOMATCH) {
		set_bool(out, n->op != XN_MATCH);
		return 0;
	}
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
		return stop(x, "regex match limit exceeded");
	if (rc == PCRE2_ERROR_NOMEMORY)
		return stop(x, "out of memory");
	return stop(x, "regex match failed");
}

/* A string made for this evaluation, freed when it ends. */
static char *
ctx_temp(struct xctx *x, size_t len)
{
	struct xtemp	*t;

	if (len > SIZE_MAX - sizeof(*t) - 1 ||
	    (t = malloc(sizeof(*t) + len + 1)) == NULL) {
		stop(x, "out of memory");
		return NULL;
	}
	t->next = x->temps;
	x->temps = t;
	return (char *)(t + 1);
}

static int
ev_concat(struct xctx *x, const char *a, const char *b, struct xval *out)
{
	size_t	la = strlen(a), lb = strlen(b);
	char	*p;

	if (la > SIZE_MAX / 2 || lb > SIZE_MAX / 2 ||
	    (p = ctx_temp(x, la + lb)) == NULL)
		return -1;
	memcpy(p, a, la);
	memcpy(p + la, b, lb);
	p[la + lb] = '\0';
	set_str(out, p);
	return 0;
}

static int
ev_arith(struct xctx *x, const struct xnode *n, struct xval *out)
{
	struct xval	a, b;
	int64_t		r;
	int		dur = n->ty.k == XK_DUR, adur, bdur, ov = 0;

	if (ev(x, n->a, &a) != 0 || ev(x, n->b, &b) != 0)
		return -1;
	set_null(out);
	if (a.k == XV_NULL || b.k == XV_NULL)
		return 0;
	if (a.k == XV_STR)
		return ev_concat(x, a.s, b.s, out);
	adur = n->a->ty.k == XK_DUR && a.i == XDUR_UNLIMITED;
	bdur = n->b->ty.k == XK_DUR && b.i == XDUR_UNLIMITED;
	if (adur || bdur) {
		switch (n->op) {
		case XN_ADD:
			set_int(out, XDUR_UNLIMITED);
			return 0;
		case XN_SUB:
			if (!bdur)
				set_int(out, XDUR_UNLIMITED);
			return 0;
		case XN_MUL:
			if ((adur ? b.i : a.i) > 0)
				set_int(out, XDUR_UNLIMITED);
			return 0;
		default:
			if (dur && adur && b.i > 0)
				set_int(out, XDUR_UNLIMITED);
			else if (!adur && bdur)
				set_int(out, 0);
			return 0;
		}
	}
	switch (n->op) {
	case XN_ADD:
		ov = __builtin_add_overflow(a.i, b.i, &r);
		break;
	case XN_SUB:
		ov = __builtin_sub_overflow(a.i, b.i, &r);
		break;
	case XN_MUL:
		ov = __builtin_mul_overflow(a.i, b.i, &r);
		break;
	default:
		if (b.i == 0 || (a.i == INT64_MIN && b.i == -1))
			return 0;		/* null */
		r = a.i / b.i;
		break;
	}
	if (ov || (dur && r == XDUR_UNLIMITED))
		return 0;
	set_int(out, r);
	return 0;
}

/* ---- functions ---- */

static int
ev_iter(struct xctx *x, const struct xnode *n, struct xval *out)
{
	const struct xnode	*lam = n->kids[1];
	struct xval		 l, e;
	size_t			 i, count = 0;
	int			 tri, unknown = 0;

	if (ev(x, n->kids[0], &l) != 0)
		return -1;
	if (l.k == XV_NULL) {
		set_null(out);
		return 0;
	}
	for (i = 0; i < l.n; i++) {
		if (list_get(x, &l, i, &e) != 0)
			return -1;
		x->vars[lam->slot] = e;
		if (ev_bool(x, lam->a, &tri) != 0)
			return -1;
		if (tri < 0) {
			unknown = 1;
			continue;
		}
		if (n->fid == XFN_COUNT) {
			count += tri;
			continue;
		}
		if (tri == (n->fid == XFN_ANY)) {
			set_bool(out, tri);
			return 0;
		}
	}
	if (n->fid == XFN_COUNT)
		set_int(out, (int64_t)count);
	else
		set_tri3(out, unknown ? -1 : n->fid == XFN_ALL);
	return 0;
}

static int
ev_lower(struct xctx *x, const char *s, struct xval *out)
{
	size_t	 len = strlen(s), i;
	char	*p;

	if ((p = ctx_temp(x, len)) == NULL)
		return -1;
	for (i = 0; i < len; i++)
		p[i] = (char)tolower((unsigned char)s[i]);
	p[len] = '\0';
	set_str(out, p);
	return 0;
}

/*
 * The srun row a rule's option name stands for ("--ntasks", "--ntasks=",
 * "-n"), or NULL.  Exact long names only: an abbreviation in a rule would
 * be a typo.
 */
const struct jl_opt *
xopt_row(const char *name)
{
	struct jl_optmatch	 m;
	size_t			 len;

	if (name[0] == '-' && name[1] == '-') {
		len = strcspn(name + 2, "=");
		jl_opt_find_long(JL_CMD_SRUN | JL_CMD_F_SPANK, 0, name + 2,
		    len, &m);
		return m.status == JL_OPT_FOUND && m.exact ? m.opt : NULL;
	}
	if (name[0] == '-' && name[1] != '\0' && name[2] == '\0')
		return jl_opt_find_short(JL_CMD_SRUN, 0,
		    (unsigned char)name[1]);
	return NULL;
}

/* Does stepopt o answer to name, whose srun row is row (or NULL)? */
static int
opt_is(const struct jl_stepopt *o, const char *name,
    const struct jl_opt *row)
{
	if (o->name != NULL && strcmp(o->name, name) == 0)
		return 1;
	return o->opt != NULL && row != NULL && row->id == o->opt->id;
}

static int
ev_call(struct xctx *x, const struct xnode *n, struct xval *out)
{
	struct xval			 a, b;
	const struct jl_step		*st;
	const struct jl_stepopt		*o, *last = NULL;
	const struct jl_opt		*row;
	size_t				 la, lb, i;

	switch (n->fid) {
	case XFN_ANY:
	case XFN_ALL:
	case XFN_COUNT:
		return ev_iter(x, n, out);
	default:
		break;
	}
	if (ev(x, n->kids[0], &a) != 0)
		return -1;
	if (n->fid == XFN_HAS) {
		set_bool(out, a.k != XV_NULL);
		return 0;
	}
	if (n->nkids > 1 && ev(x, n->kids[1], &b) != 0)
		return -1;
	set_null(out);
	if (a.k == XV_NULL || (n->nkids > 1 && b.k == XV_NULL))
		return 0;
	switch (n->fid) {
	case XFN_LEN:
		set_int(out, a.k == XV_STR ? (int64_t)strlen(a.s) :
		    (int64_t)a.n);
		return 0;
	case XFN_LOWER:
		return ev_lower(x, a.s, out);
	case XFN_CONTAINS:
		set_bool(out, strstr(a.s, b.s) != NULL);
		return 0;
	case XFN_STARTS:
		set_bool(out, strncmp(a.s, b.s, strlen(b.s)) == 0);
		return 0;
	case XFN_ENDS:
		la = strlen(a.s);
		lb = strlen(b.s);
		set_bool(out, lb <= la && strcmp(a.s + la - lb, b.s) == 0);
		return 0;
	case XFN_GPN:
		part_max(a.p, 2, b.s, out);
		return 0;
	case XFN_HAS_OPTION:
	case XFN_OPTION:
		st = a.p;
		row = n->isset ? n->opt : xopt_row(b.s);
		for (i = 0; i < st->opts.n; i++) {
			o = st->opts.items[i];
			if (opt_is(o, b.s, row))
				last = o;
		}
		if (n->fid == XFN_HAS_OPTION)
			set_bool(out, last != NULL);
		else if (last != NULL)
			set_str(out, last->value != NULL ? last->value : "");
		return 0;
	default:
		return 0;
	}
}

static int
ev(struct xctx *x, const struct xnode *n, struct xval *out)
{
	const struct jl_value	*val;
	struct xval		 a;
	int			 tri;

	switch (n->op) {
	case XN_CONST:
		*out = n->v;
		return 0;
	case XN_LIST:
		set_list(out, XL_LIT, NULL, n->nkids);
		out->lit = n;
		return 0;
	case XN_ROOT:
		root(x, n->fid, out);
		return 0;
	case XN_VAR:
		*out = x->vars[n->slot];
		return 0;
	case XN_FIELD:
		if (ev(x, n->a, &a) != 0)
			return -1;
		if (a.k == XV_OBJ)
			field(x, n->fid, a.p, out);
		else if (n->fid == XF_P_EXISTS && x->policy != NULL &&
		    x->policy->npartitions > 0)
			set_bool(out, 0);
		else
			set_null(out);
		return 0;
	case XN_OPT:
		if (ev(x, n->a, &a) != 0)
			return -1;
		if (a.k != XV_OBJ) {
			set_null(out);
			return 0;
		}
		val = ((const struct jl_job *)a.p)->v[n->opt->id];
		if (n->isset)
			set_bool(out, val != NULL);
		else
			set_str(out, val == NULL ? NULL : val->text != NULL ?
			    val->text : "");
		return 0;
	case XN_CALL:
		return ev_call(x, n, out);
	case XN_NOT:
		if (ev_bool(x, n->a, &tri) != 0)
			return -1;
		set_tri3(out, tri < 0 ? -1 : !tri);
		return 0;
	case XN_NEG:
		if (ev(x, n->a, &a) != 0)
			return -1;
		if (a.k == XV_NULL || a.i == INT64_MIN ||
		    (n->ty.k == XK_DUR && a.i == XDUR_UNLIMITED))
			set_null(out);
		else
			set_int(out, -a.i);
		return 0;
	case XN_AND:
	case XN_OR:
		return ev_andor(x, n, out);
	case XN_ISNULL:
	case XN_NOTNULL:
		if (ev(x, n->a, &a) != 0)
			return -1;
		set_bool(out, (a.k == XV_NULL) == (n->op == XN_ISNULL));
		return 0;
	case XN_EQ:
	case XN_NE:
	case XN_LT:
	case XN_LE:
	case XN_GT:
	case XN_GE:
		return ev_cmp(x, n, out);
	case XN_IN:
	case XN_NOTIN:
		return ev_in(x, n, out);
	case XN_MATCH:
	case XN_NOTMATCH:
		return ev_match(x, n, out);
	case XN_ADD:
	case XN_SUB:
	case XN_MUL:
	case XN_DIV:
		return ev_arith(x, n, out);
	default:
		return stop(x, "internal error");
	}
}

/* ---- public ---- */

int
jl_expr_eval3(const struct jl_expr *e, const struct jl_expr_env *env,
    int *tri, const char **why)
{
	struct xctx	x;
	struct xval	v;
	int		rc;

	*tri = -1;
	if (e == NULL || env == NULL) {
		if (why != NULL)
			*why = "no expression";
		return -1;
	}
	ctx_init(&x, env);
	rc = ev(&x, e->root, &v);
	if (rc == 0)
		*tri = v.k == XV_BOOL ? (int)v.i : -1;
	else if (why != NULL)
		*why = x.why;
	ctx_done(&x);
	return rc;
}

int
jl_expr_eval(const struct jl_expr *e, const struct jl_expr_env *env,
    int *truth)
{
	int	tri, rc;

	rc = jl_expr_eval3(e, env, &tri, NULL);
	*truth = rc == 0 && tri == 1;
	return rc;
}

/* ---- formatting ---- */

/* mins2time_str() (src/common/parse_time.c). */
void
xfmt_dur(struct jl_buf *b, int64_t m)
{
	int64_t	d, h;

	if (m == XDUR_UNLIMITED) {
		jl_buf_puts(b, "UNLIMITED");
		return;
	}
	if (m < 0) {
		jl_buf_putc(b, '-');
		m = m == INT64_MIN ? INT64_MAX : -m;
	}
	d = m / 1440;
	h = (m % 1440) / 60;
	m %= 60;
	if (d > 0)
		jl_buf_printf(b, "%lld-%2.2lld:%2.2lld:00", (long long)d,
		    (long long)h, (long long)m);
	else
		jl_buf_printf(b, "%2.2lld:%2.2lld:00", (long long)h,
		    (long long)m);
}

void
xfmt_size(struct jl_buf *b, int64_t mb)
{
	if (mb > 0 && mb % (1024 * 1024) == 0)
		jl_buf_printf(b, "%lldT", (long long)(mb / (1024 * 1024)));
	else if (mb > 0 && mb % 1024 == 0)
		jl_buf_printf(b, "%lldG", (long long)(mb / 1024));
	else
		jl_buf_printf(b, "%lldM", (long long)mb);
}

static const char *
obj_text(uint8_t k, const void *p)
{
	const struct jl_step	*st;

	switch (k) {
	case XK_PART:
		return ((const struct jl_partition *)p)->name;
	case XK_STEP:
		st = p;
		return st->launcher_name != NULL ? st->launcher_name :
		    st->program;
	case XK_CTR:
		return ((const struct jl_container *)p)->image;
	case XK_TRAP:
		return ((const struct jl_trap *)p)->handler;
	default:
		return NULL;
	}
}

void
xfmt_val(struct jl_buf *b, struct xtype t, const struct xval *v,
    struct xctx *x)
{
	struct xval	 e;
	struct xtype	 et;
	const char	*s;
	size_t		 i;

	switch (v->k) {
	case XV_NULL:
		jl_buf_puts(b, "unset");
		return;
	case XV_BOOL:
		jl_buf_puts(b, v->i ? "true" : "false");
		return;
	case XV_INT:
		if (t.k == XK_DUR)
			xfmt_dur(b, v->i);
		else if (t.k == XK_SIZE)
			xfmt_size(b, v->i);
		else
			jl_buf_printf(b, "%lld", (long long)v->i);
		return;
	case XV_STR:
		jl_buf_puts(b, v->s);
		return;
	case XV_LIST:
		et.k = t.e;
		et.e = 0;
		for (i = 0; i < v->n; i++) {
			if (i > 0)
				jl_buf_puts(b, ", ");
			if (list_get(x, v, i, &e) != 0) {
				jl_buf_putc(b, '?');
				return;
			}
			xfmt_val(b, et, &e, x);
		}
		return;
	case XV_OBJ:
		s = obj_text(t.k, v->p);
		jl_buf_puts(b, s != NULL ? s : xkind_name((enum xkind)t.k));
		return;
	default:
		return;
	}
}

/* Evaluate n and append its text; "?" when evaluation stopped. */
static void
fmt_node(struct jl_buf *b, const struct xnode *n,
    const struct jl_expr_env *env)
{
	struct xctx	x;
	struct xval	v;

	ctx_init(&x, env);
	if (ev(&x, n, &v) != 0)
		jl_buf_putc(b, '?');
	else
		xfmt_val(b, n->ty, &v, &x);
	ctx_done(&x);
}

const char *
jl_expr_text(struct jl_arena *a, const struct jl_expr *e,
    const struct jl_expr_env *env)
{
	struct jl_buf	 b;
	struct xctx	 x;
	struct xval	 v;
	const char	*s = NULL;
	int		 rc;

	jl_buf_init(&b);
	ctx_init(&x, env);
	rc = ev(&x, e->root, &v);
	if (rc == 0)
		xfmt_val(&b, e->root->ty, &v, &x);
	ctx_done(&x);
	if (rc == 0 && !b.failed)
		s = jl_arena_strndup(a, b.data != NULL ? b.data : "", b.len);
	jl_buf_free(&b);
	return s;
}

const char *
jl_tmpl_render(struct jl_arena *a, const struct jl_tmpl *t,
    const struct jl_expr_env *env)
{
	struct jl_buf	 b;
	const char	*s = NULL;
	size_t		 i;

	jl_buf_init(&b);
	for (i = 0; i < t->nparts; i++) {
		jl_buf_add(&b, t->parts[i].lit, t->parts[i].litlen);
		if (t->parts[i].e != NULL)
			fmt_node(&b, t->parts[i].e, env);
	}
	if (!b.failed)
		s = jl_arena_strndup(a, b.data != NULL ? b.data : "", b.len);
	jl_buf_free(&b);
	return s;
}
