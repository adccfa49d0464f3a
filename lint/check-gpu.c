/*
 * check-gpu.c: GPU rules that need the steps or the site's node facts.
 */
#include <string.h>
#include <strings.h>

#include "check.h"
#include "rule.h"

static const char *
rt_name(const struct jl_container *ctr)
{
	return ctr->runtime == JL_CTR_APPTAINER ? "apptainer" : "singularity";
}

static int
gpu_verb(const struct jl_container *ctr)
{
	return ctr->verb != NULL && (strcmp(ctr->verb, "exec") == 0 ||
	    strcmp(ctr->verb, "run") == 0 || strcmp(ctr->verb, "shell") == 0 ||
	    strcmp(ctr->verb, "instance") == 0 || strcmp(ctr->verb, "test") == 0);
}

static const char *
site_flag(const struct jl_policy *p)
{
	return p != NULL && p->gpu_flag != NULL ? p->gpu_flag : "--nv";
}

/* The job asks for GPUs; a container step cannot see them. */
void
check_gpu_container_no_nv(struct jl_check *c)
{
	const struct jl_step		*s;
	const struct jl_container	*ctr;
	size_t				 i;

	if (!c->job->gpu_requested)
		return;
	for (i = 0; i < c->m->body.steps.n; i++) {
		s = c->m->body.steps.items[i];
		if ((ctr = s->ctr) == NULL || !gpu_verb(ctr))
			continue;
		if (jl_container_gpu_ok(ctr, c->policy))
			continue;
		/* The wrong vendor's flag: gpu-vendor-flag says so. */
		if (c->policy != NULL && c->policy->gpu_flag != NULL &&
		    (ctr->nv || ctr->rocm))
			continue;
		jl_check_at(c, ctr->verb_loc,
		    jl_arena_printf(c->a, "add %s right after \"%s %s\": "
		    "%s %s %s IMAGE ...", site_flag(c->policy), rt_name(ctr),
		    ctr->verb, rt_name(ctr), ctr->verb, site_flag(c->policy)),
		    "the job requests GPUs but \"%s %s\" runs without %s, so "
		    "the container cannot see them: the program falls back to "
		    "CPU or fails while the GPUs sit idle", rt_name(ctr),
		    ctr->verb, c->policy != NULL && c->policy->gpu_flag != NULL ?
		    c->policy->gpu_flag : "--nv or --rocm");
	}
}

/* Largest per-node GPU count of a type (NULL: any type) in a partition. */
static int64_t
part_max_gpus(const struct jl_partition *p, const char *type, int *known)
{
	int64_t	best = -1;
	size_t	i, j;

	*known = 0;
	if (p == NULL)
		return -1;
	for (i = 0; i < p->nnodes; i++) {
		*known = 1;
		for (j = 0; j < p->nodes[i].ngpus; j++) {
			if (type != NULL && strcasecmp(type,
			    p->nodes[i].gpus[j].type) != 0)
				continue;
			if (p->nodes[i].gpus[j].count > best)
				best = p->nodes[i].gpus[j].count;
		}
		if (best < 0)
			best = 0;
	}
	return best;
}

static const struct jl_value *
gpu_value(const struct jl_job *job)
{
	static const enum jl_optid ids[] = { JL_O_GRES, JL_O_GPUS,
	    JL_O_GPUS_PER_NODE, JL_O_GPUS_PER_TASK, JL_O_GPUS_PER_SOCKET };
	size_t	i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (job->v[ids[i]] != NULL)
			return job->v[ids[i]];
	return NULL;
}

/*
 * More GPUs than the nodes have, than the site allows, or than any step
 * can use.
 */
void
check_gpu_over_allocation(struct jl_check *c)
{
	const struct jl_job	*job = c->job;
	const struct jl_value	*v = gpu_value(job);
	const struct jl_step	*s;
	int64_t			 maxn;
	size_t			 i;
	int			 known, multi = 0;

	if (!job->gpu_requested)
		return;
	/* --gres=gpu:3090 asks for 3090 GPUs (_get_next_gres()). */
	if (job->v[JL_O_GRES] != NULL && job->v[JL_O_GRES]->valid) {
		struct jl_gres_list	 gl;
		const char		*err;

		if (jl_val_gres(c->a, job->v[JL_O_GRES]->text, &gl, &err) == 0)
			for (i = 0; i < gl.n; i++)
				if (gl.items[i].numeric_type_trap) {
					jl_check_value(c, job->v[JL_O_GRES],
					    jl_arena_printf(c->a, "write "
					    "%s:%lld:1 for one GPU of that "
					    "type", gl.items[i].name,
					    (long long)gl.items[i].count),
					    "%s:%lld asks for %lld GPUs, not "
					    "for a GPU of type %lld: a number "
					    "after the colon is a count",
					    gl.items[i].name,
					    (long long)gl.items[i].count,
					    (long long)gl.items[i].count,
					    (long long)gl.items[i].count);
					return;
				}
	}
	maxn = part_max_gpus(c->part, job->gpu_type, &known);
	/* A type no node has: gpu-type-unavailable says so. */
	if (known && maxn == 0 && job->gpu_type != NULL)
		return;
	if (known && job->gpus_node_est > 0 && maxn >= 0 &&
	    job->gpus_node_est > maxn) {
		jl_check_value(c, v,
		    maxn > 0 ? jl_arena_printf(c->a, "request at most %lld "
		    "GPU%s per node, or use more nodes", (long long)maxn,
		    maxn == 1 ? "" : "s") : "pick a partition with GPUs",
		    "%lld GPU%s%s per node requested, but the nodes of "
		    "partition %s have at most %lld: the job can never start",
		    (long long)job->gpus_node_est,
		    job->gpus_node_est == 1 ? "" : "s",
		    job->gpu_type != NULL ? jl_arena_printf(c->a, " of type "
		    "%s", job->gpu_type) : "", c->part->name, (long long)maxn);
		return;
	}
	if (c->policy != NULL && c->policy->max_gpus_per_job > 0 &&
	    job->gpus_total > c->policy->max_gpus_per_job) {
		jl_check_value(c, v,
		    jl_arena_printf(c->a, "request at most %lld GPUs",
		    (long long)c->policy->max_gpus_per_job),
		    "%lld GPUs requested; this site allows at most %lld per "
		    "job", (long long)job->gpus_total,
		    (long long)c->policy->max_gpus_per_job);
		return;
	}
	if (job->gpus_total <= 1 && job->gpus_node_est <= 1)
		return;
	for (i = 0; i < c->m->body.steps.n; i++) {
		s = c->m->body.steps.items[i];
		if (jl_step_multi_gpu(c->m, job, s))
			multi = 1;
	}
	/* Without a script (srun/salloc) there are no steps to judge. */
	if (multi || c->m->no_script)
		return;
	jl_check_value(c, v,
	    "request one GPU, or start one process per GPU (srun -n N, "
	    "torchrun --nproc_per_node=N, accelerate launch)",
	    "%lld GPUs requested but no step starts more than one process "
	    "(no srun with several tasks, torchrun, accelerate, deepspeed or "
	    "mpirun): a single process normally uses one GPU and the rest sit "
	    "idle while others wait for them",
	    (long long)(job->gpus_total > 0 ? job->gpus_total :
	    job->gpus_node_est));
}

/* A GPU type the partition (or site) does not have. */
void
check_gpu_type_unavailable(struct jl_check *c)
{
	const struct jl_job		*job = c->job;
	const struct jl_partition	*p;
	struct jl_buf			 have;
	size_t				 i, j, k;
	int				 found = 0, known = 0;

	if (job->gpu_type == NULL || !job->gpu_requested)
		return;
	if (strcmp(job->gpu_type, "gpu") == 0) {
		jl_check_value(c, gpu_value(job),
		    "write --gpus=2 (a count) or --gpus=TYPE:2; \"gpu\" is not "
		    "a type",
		    "\"gpu:...\" in --gpus/--gpus-per-* names a GPU type "
		    "called \"gpu\", which no node has: the job cannot start");
		return;
	}
	if (c->policy == NULL)
		return;
	jl_buf_init(&have);
	for (k = 0; k < c->policy->npartitions; k++) {
		p = &c->policy->partitions[k];
		if (c->part != NULL && p != c->part)
			continue;
		for (i = 0; i < p->nnodes; i++)
			for (j = 0; j < p->nodes[i].ngpus; j++) {
				known = 1;
				if (strcasecmp(p->nodes[i].gpus[j].type,
				    job->gpu_type) == 0)
					found = 1;
				else if (have.data == NULL ||
				    strstr(have.data, p->nodes[i].gpus[j].type) ==
				    NULL) {
					if (have.len)
						jl_buf_puts(&have, ", ");
					jl_buf_puts(&have,
					    p->nodes[i].gpus[j].type);
				}
			}
	}
	if (known && !found)
		jl_check_value(c, gpu_value(job),
		    have.len ? jl_arena_printf(c->a, "use one of: %s",
		    have.data) : NULL,
		    "GPU type \"%s\" is not available%s: the job can never "
		    "start", job->gpu_type, c->part != NULL ?
		    jl_arena_printf(c->a, " in partition %s", c->part->name) :
		    " on this cluster");
	jl_buf_free(&have);
}

/* The script overrides the GPU binding Slurm set up. */
void
check_cuda_visible_devices_override(struct jl_check *c)
{
	const struct jl_assign	*as;
	size_t			 i;

	for (i = 0; i < c->m->body.cuda_visible.n; i++) {
		as = c->m->body.cuda_visible.items[i];
		jl_check_at(c, as->loc,
		    "remove the assignment; request the GPUs you need and use "
		    "what Slurm sets",
		    "%s is set by the script, overriding the GPUs Slurm "
		    "assigned to this job: processes may use GPUs of other "
		    "jobs or none at all", as->name);
	}
}
