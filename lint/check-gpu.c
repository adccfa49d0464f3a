/*
 * check-gpu.c: GPU rules that need the steps or the site's node facts.
 */
#include <string.h>
#include <strings.h>

#include "check.h"
#include "facts.h"

static const char *
rt_name(const struct jl_container *ctr)
{
	return ctr->runtime == JL_CTR_APPTAINER ? "apptainer" : "singularity";
}

/* The verb as written: "exec", or "instance start". */
static const char *
verb_text(const struct jl_check *c, const struct jl_container *ctr)
{
	const struct jl_src	*src = &c->m->script.src;

	if (strcmp(ctr->verb, "instance") != 0)
		return ctr->verb;
	if (ctr->verb_loc.off + ctr->verb_loc.len <= src->len &&
	    ctr->verb_loc.len >= 12 && ctr->verb_loc.len <= 16 &&
	    strncmp(src->data + ctr->verb_loc.off, "instance", 8) == 0)
		return jl_arena_strndup(c->a, src->data + ctr->verb_loc.off,
		    ctr->verb_loc.len);
	return "instance start";
}

static int
gpu_verb(const struct jl_container *ctr)
{
	return ctr->verb != NULL && (strcmp(ctr->verb, "exec") == 0 ||
	    strcmp(ctr->verb, "run") == 0 || strcmp(ctr->verb, "shell") == 0 ||
	    strcmp(ctr->verb, "instance") == 0 || strcmp(ctr->verb, "test") == 0);
}

/*
 * The GPU vendor model.  NVIDIA: the container sees the GPUs only with
 * --nv (or --nvccli, which implies it since Apptainer 1.1, or
 * APPTAINER_NV/SINGULARITY_NV, APPTAINER_NVCCLI): the driver libraries
 * come from the host.  AMD: Singularity/Apptainer show the host's /dev,
 * so /dev/kfd and /dev/dri are there and a ROCm image brings its own
 * ROCm; --rocm (or binds of /dev/kfd and /dev/dri) is needed only when
 * the container hides /dev (-c/--contain, -C/--containall, --compat,
 * --boot, --no-mount dev), or when the policy says the site requires it
 * (require_gpu_flag: true).  The vendor is the policy's gpu_flag; with
 * none, what the job and the script show (the GPU type requested, CUDA or
 * ROCm modules, /opt/rocm paths, ROCR_*, HIP_*, MIOPEN_*, HSA_* variables,
 * nvidia-smi, rocm-smi, --nv or --rocm on another container, an image
 * named for ROCm or CUDA); with nothing, NVIDIA is judged but only warned
 * about (an AMD cluster needs no flag) and --fix adds nothing.
 */
enum { V_NV = 1, V_AMD = 2 };

static int
amd_module(const char *w)
{
	return jl_has_ci(w, "rocm") || jl_has_ci(w, "craype-accel-amd") ||
	    jl_has_ci(w, "prgenv-amd") || jl_has_ci(w, "amd-mixed") ||
	    strncasecmp(w, "hip/", 4) == 0 || strcasecmp(w, "hip") == 0;
}

static int
nv_module(const char *w)
{
	return strncasecmp(w, "cuda", 4) == 0 || jl_has_ci(w, "/cuda") ||
	    strncasecmp(w, "nvhpc", 5) == 0 || jl_has_ci(w, "cudnn") ||
	    jl_has_ci(w, "craype-accel-nvidia");
}

static int
amd_var(const char *name)
{
	static const char *const pre[] = { "ROCR_", "HIP_", "MIOPEN_",
	    "HSA_", "ROCM_", "RCCL_", "ROCBLAS_", "HIPCC_" };
	size_t	i;

	for (i = 0; i < sizeof(pre) / sizeof(pre[0]); i++)
		if (name[0] == pre[i][0] &&
		    strncmp(name, pre[i], strlen(pre[i])) == 0)
			return 1;
	return 0;
}

/* What an image's name says: a ROCm image or a CUDA/NGC one. */
static int
image_vendor(const struct jl_container *ctr)
{
	const char	*t = ctr->image_resolved != NULL ?
			    ctr->image_resolved : ctr->image;

	if (t == NULL)
		return 0;
	if (jl_has_ci(t, "rocm"))
		return V_AMD;
	if (jl_has_ci(t, "cuda") || jl_has_ci(t, "nvcr.io") ||
	    jl_has_ci(t, "nvidia"))
		return V_NV;
	return 0;
}

/*
 * The vendors whose GPUs the job may have (V_NV, V_AMD or both); 0 when
 * nothing names one (no gpu_flag in the policy, no GPU type, ROCm or CUDA
 * word in the script).
 */
static int
gpu_vendors(const struct jl_model *m, const struct jl_policy *p)
{
	const struct jl_step	*s;
	const struct jl_cmd	*cmd;
	const struct jl_assign	*as;
	const struct jl_word	*w;
	size_t			 i, j;
	const struct jl_job	*job;
	const char		*vendor;
	int			 v = 0;

	if (p != NULL && p->gpu_flag != NULL)
		return strcmp(p->gpu_flag, "--rocm") == 0 ? V_AMD : V_NV;
	for (i = 0; i < m->jobs.n; i++) {
		job = m->jobs.items[i];
		if (job->gpu_type == NULL || (vendor =
		    jl_gpu_vendor(job->gpu_type)) == NULL)
			continue;
		v |= vendor[0] == 'a' ? V_AMD : V_NV;
	}
	for (i = 0; i < m->body.steps.n; i++) {
		s = m->body.steps.items[i];
		if (s->ctr == NULL)
			continue;
		if (s->ctr->rocm || s->ctr->rocm_env > 0)
			v |= V_AMD;
		if (s->ctr->nv || s->ctr->nv_env > 0 || s->ctr->nvccli > 0)
			v |= V_NV;
		v |= image_vendor(s->ctr);
	}
	for (i = 0; i < m->body.modules.n; i++) {
		w = m->body.modules.items[i];
		if (amd_module(w->text))
			v |= V_AMD;
		else if (nv_module(w->text))
			v |= V_NV;
	}
	for (i = 0; i < m->body.assigns.n; i++) {
		as = m->body.assigns.items[i];
		if (amd_var(as->name) || (as->value != NULL &&
		    jl_has_ci(as->value, "/opt/rocm")))
			v |= V_AMD;
	}
	for (i = 0; i < m->body.commands.n; i++) {
		cmd = m->body.commands.items[i];
		for (j = 0; j < cmd->words.n; j++) {
			w = cmd->words.items[j];
			if ((w->text[0] == 'r' && (strcmp(w->text,
			    "rocm-smi") == 0 || strcmp(w->text,
			    "rocminfo") == 0)) || (w->text[0] == 'a' &&
			    strcmp(w->text, "amd-smi") == 0) ||
			    (strchr(w->text, '/') != NULL &&
			    jl_has_ci(w->text, "/opt/rocm")))
				v |= V_AMD;
			else if (w->text[0] == 'n' && (strcmp(w->text,
			    "nvidia-smi") == 0 || strcmp(w->text,
			    "nvcc") == 0))
				v |= V_NV;
		}
	}
	return v;
}

const char *
jl_gpu_flag_for(const struct jl_model *m, const struct jl_policy *p)
{
	switch (gpu_vendors(m, p)) {
	case V_NV:
		return "--nv";
	case V_AMD:
		return "--rocm";
	default:
		return NULL;	/* none or both shown: the user must choose */
	}
}

/* 1 the container reaches the vendor's GPUs, 0 it does not, -1 unknown. */
static int
reach_nv(const struct jl_container *ctr)
{
	if (ctr->nv || ctr->nv_env > 0 || ctr->nvccli > 0)
		return 1;
	return ctr->nv_env < 0 || ctr->nvccli < 0 ? -1 : 0;
}

static int
reach_amd(const struct jl_container *ctr, const struct jl_policy *p)
{
	if (ctr->rocm || ctr->rocm_env > 0)
		return 1;
	if (ctr->rocm_env < 0)
		return -1;
	if (p != NULL && p->require_gpu_flag)
		return 0;
	if (ctr->dev_hidden == 0 || ctr->amd_binds > 0)
		return 1;
	return ctr->dev_hidden < 0 || ctr->amd_binds < 0 ? -1 : 0;
}

/*
 * Can the container reach the GPUs of any vendor in vendors?  1 yes, 0
 * no, -1 jlint cannot know (an expansion; flags hidden in $OPTS or "$@";
 * an instance:// image, whose flags are those of its "instance start",
 * judged there).
 */
static int
reaches(const struct jl_container *ctr, const struct jl_policy *p,
    int vendors)
{
	int	r, unknown = 0;

	if (ctr->opaque || (ctr->image != NULL &&
	    strncmp(ctr->image, "instance://", 11) == 0))
		return -1;
	if (vendors & V_NV) {
		if ((r = reach_nv(ctr)) > 0)
			return 1;
		unknown |= r < 0;
	}
	if (vendors & V_AMD) {
		if ((r = reach_amd(ctr, p)) > 0)
			return 1;
		unknown |= r < 0;
	}
	return unknown ? -1 : 0;
}

/*
 * The srun that runs the step (itself, or the one whose bash -c string it
 * came from) holds none of the job's GPUs: --gres=none (slurmctld's
 * _copy_job_tres_to_step() gives it no GRES) or only zero GPU counts
 * (--gpus=0, --gres=gpu:0: _clear_zero_tres(), and no copy of the job's).
 */
/* Does a --gres list name shard or mps (gres:mps:50, shard:2)? */
static int
gres_shares_gpu(const char *v)
{
	const char	*e, *end;
	size_t		 n;

	for (e = v; *e != '\0'; e = *end != '\0' ? end + 1 : end) {
		end = e + strcspn(e, ",");
		if (strncasecmp(e, "gres:", 5) == 0 ||
		    strncasecmp(e, "gres/", 5) == 0)
			e += 5;
		n = strcspn(e, ":,");
		if ((n == 5 && strncasecmp(e, "shard", 5) == 0) ||
		    (n == 3 && strncasecmp(e, "mps", 3) == 0))
			return 1;
	}
	return 0;
}

static int
step_without_gpus(const struct jl_step *s)
{
	const struct jl_stepopt	*o;
	size_t			 i;

	for (; s != NULL; s = s->parent) {
		if (s->launcher != JL_LAUNCH_SRUN)
			continue;
		if (s->gpu_req >= 0)
			return 0;
		/* Shards and MPS are GPUs too: the step reaches a GPU. */
		for (i = 0; i < s->opts.n; i++) {
			o = s->opts.items[i];
			if (o->opt != NULL && o->opt->id == JL_O_GRES &&
			    o->value != NULL && gres_shares_gpu(o->value))
				return 0;
		}
		return 1;
	}
	return 0;
}

static int	ctr_setup_only(const struct jl_step *);

/* The line of a container step of the job that reaches the GPUs (of
 * vendors), or 0. */
static int
gpu_sibling(const struct jl_check *c, const struct jl_policy *p,
    int vendors)
{
	const struct jl_step	*s;
	size_t			 i;
	unsigned		 line, col;

	for (i = 0; i < c->m->body.steps.n; i++) {
		s = c->m->body.steps.items[i];
		if (s->ctr == NULL || !gpu_verb(s->ctr) ||
		    !jl_job_gets_gpus(jl_step_job(c->m, s, c->job)) ||
		    step_without_gpus(s) || reaches(s->ctr, p, vendors) <= 0)
			continue;
		jl_src_linecol(&c->m->script.src, s->ctr->verb_loc.off, &line,
		    &col);
		return (int)line;
	}
	return 0;
}

/* Does [s, s + n) hold the lowercase word w, in any case? */
static int
span_has(const char *s, size_t n, const char *w)
{
	size_t	i, j, len = strlen(w);

	for (i = 0; i + len <= n; i++) {
		for (j = 0; j < len && (s[i + j] | 0x20) == w[j]; j++)
			continue;
		if (j == len)
			return 1;
	}
	return 0;
}

/*
 * A -B/--bind/--mount of ctr whose host path names the NVIDIA driver or
 * CUDA libraries (/cm/local/apps/cuda/libs/current:/mnt/driver): the
 * job gives the container the driver itself, as --nv would.  Its value,
 * or NULL.
 */
static const char *
driver_bind(const struct jl_container *ctr)
{
	const struct jl_stepopt	*o;
	const char		*v, *end;
	size_t			 i, n;

	for (i = 0; i < ctr->flags.n; i++) {
		o = ctr->flags.items[i];
		if ((v = o->value) == NULL || !(strcmp(o->name, "-B") == 0 ||
		    strcmp(o->name, "--bind") == 0 ||
		    strcmp(o->name, "--mount") == 0))
			continue;
		/* Each source of a comma list, up to its ':'. */
		for (; *v != '\0'; v = *end != '\0' ? end + 1 : end) {
			end = v + strcspn(v, ",");
			n = strcspn(v, ":,");
			if (span_has(v, n, "nvidia") || span_has(v, n, "cuda"))
				return o->value;
		}
	}
	return NULL;
}

/* The job requests GPUs; a container step cannot see them. */
void
jl_check_gpu_container_no_nv(struct jl_check *c)
{
	const struct jl_step		*s;
	const struct jl_container	*ctr;
	const struct jl_policy		*p = c->policy;
	const char			*why, *verb, *fix, *msg;
	const char			*unless, *harmless, *bind;
	size_t				 i;
	int				 vendors = -1, sib = -1;

	/* vendors: every word of the script is read, so only if needed. */
	for (i = 0; i < c->m->body.steps.n; i++) {
		s = c->m->body.steps.items[i];
		/* The GPUs of the component the step runs in (17.2). */
		if ((ctr = s->ctr) == NULL || !gpu_verb(ctr) ||
		    !jl_job_gets_gpus(jl_step_job(c->m, s, c->job)) ||
		    step_without_gpus(s) || ctr_setup_only(s))
			continue;
		if (vendors < 0)
			vendors = gpu_vendors(c->m, p);
		/* Nothing names the vendor: judged as NVIDIA, a warning. */
		if (reaches(ctr, p, vendors != 0 ? vendors : V_NV) != 0)
			continue;
		/* The wrong vendor's flag: gpu-vendor-flag says so. */
		if (p != NULL && p->gpu_flag != NULL &&
		    (ctr->nv || ctr->rocm || ctr->nvccli > 0))
			continue;
		verb = verb_text(c, ctr);
		bind = NULL;
		/* A file the script sources (or its login shell) may set the
		 * flag's variable: a guess, never an error. */
		unless = ctr->env_maybe == NULL ? "" : jl_arena_printf(c->a,
		    ", unless %s sets %s (jlint cannot tell)",
		    ctr->env_maybe, vendors == 0 || (vendors & V_NV) ?
		    "APPTAINER_NV or SINGULARITY_NV" :
		    "APPTAINER_ROCM or SINGULARITY_ROCM");
		harmless = ctr->env_maybe == NULL ? "" :
		    " (harmless if the variable is set)";
		/*
		 * Another container of the job reaches the GPUs: this one
		 * may be a CPU step on purpose (preprocessing before the
		 * training), which jlint cannot tell: a guess too.
		 */
		if (sib < 0)
			sib = gpu_sibling(c, p, vendors != 0 ? vendors : V_NV);
		if (sib > 0) {
			unless = jl_arena_printf(c->a, "%s, unless it needs no "
			    "GPU (the container on line %d has the flag)", unless,
			    sib);
			harmless = " (harmless if it needs no GPU)";
		}
		/* The host's NVIDIA driver bound by hand (-B
		 * /usr/lib/nvidia:/mnt/driver), which --nv does for you. */
		if ((vendors == 0 || (vendors & V_NV)) &&
		    (bind = driver_bind(ctr)) != NULL) {
			unless = jl_arena_printf(c->a, "%s, unless the driver "
			    "it binds itself (-B %s) is how it reaches them "
			    "(jlint cannot tell)", unless, bind);
			harmless = " (harmless with the driver bound)";
		}
		if (vendors == 0) {
			/*
			 * Nothing says the GPUs are NVIDIA: on AMD GPUs the
			 * container sees /dev/kfd and /dev/dri without a
			 * flag (LUMI's own examples), so not an error.
			 */
			fix = jl_arena_printf(c->a, "if the GPUs are NVIDIA, "
			    "add --nv right after \"%s %s\": %s %s --nv IMAGE "
			    "...; if they are AMD, say so in the policy: "
			    "gpu_flag: --rocm", rt_name(ctr), verb, rt_name(ctr),
			    verb);
			msg = jl_arena_printf(c->a, "the job requests GPUs but "
			    "\"%s %s\" runs without --nv%s: on NVIDIA GPUs the "
			    "container cannot see them, and the program falls "
			    "back to CPU or fails while the GPUs sit idle (AMD "
			    "GPUs need no flag; nothing in the policy or the "
			    "script names the vendor)", rt_name(ctr), verb,
			    unless);
		} else if (vendors & V_NV) {
			/* No site flag: the job or script names NVIDIA
			 * (both vendors shown: --rocm is the other way). */
			why = p != NULL && p->gpu_flag != NULL ? "" :
			    " or --rocm";
			fix = jl_arena_printf(c->a, "add --nv right after \"%s "
			    "%s\"%s: %s %s --nv IMAGE ...", rt_name(ctr), verb,
			    harmless, rt_name(ctr), verb);
			msg = jl_arena_printf(c->a, "the job requests GPUs but "
			    "\"%s %s\" runs without --nv%s%s, so the container "
			    "cannot see them: the program falls back to CPU or "
			    "fails while the GPUs sit idle", rt_name(ctr), verb,
			    why, unless);
		} else if (ctr->dev_hidden > 0) {
			fix = jl_arena_printf(c->a, "add --rocm right after "
			    "\"%s %s\"%s (or bind the devices: -B "
			    "/dev/kfd,/dev/dri)", rt_name(ctr), verb, harmless);
			msg = jl_arena_printf(c->a, "the job requests GPUs but "
			    "\"%s %s\" hides the host's /dev (%s) and runs "
			    "without --rocm%s, so the container has no /dev/kfd "
			    "or /dev/dri and cannot see the AMD GPUs: the "
			    "program falls back to CPU or fails while the GPUs "
			    "sit idle", rt_name(ctr), verb, ctr->dev_why !=
			    NULL ? ctr->dev_why : "--contain", unless);
		} else {
			fix = jl_arena_printf(c->a, "add --rocm right after "
			    "\"%s %s\"%s: %s %s --rocm IMAGE ...", rt_name(ctr),
			    verb, harmless, rt_name(ctr), verb);
			msg = jl_arena_printf(c->a, "the job requests GPUs but "
			    "\"%s %s\" runs without --rocm%s, which this site "
			    "requires for containers that use its AMD GPUs "
			    "(policy require_gpu_flag)", rt_name(ctr), verb,
			    unless);
		}
		if (vendors == 0 || ctr->env_maybe != NULL || sib > 0 ||
		    bind != NULL)
			jl_check_at_warn(c, ctr->verb_loc, fix, "%s", msg);
		else
			jl_check_at(c, ctr->verb_loc, fix, "%s", msg);
	}
}

/* --nv on an AMD site, or --rocm on an NVIDIA site, where it matters. */
void
jl_check_gpu_vendor_flag(struct jl_check *c)
{
	const struct jl_step		*s;
	const struct jl_container	*ctr;
	const struct jl_policy		*p = c->policy;
	size_t				 i;
	int				 amd;

	if (p == NULL || p->gpu_flag == NULL || !jl_job_gets_gpus(c->job))
		return;
	amd = strcmp(p->gpu_flag, "--rocm") == 0;
	for (i = 0; i < c->m->body.steps.n; i++) {
		s = c->m->body.steps.items[i];
		if ((ctr = s->ctr) == NULL || !gpu_verb(ctr))
			continue;
		if (amd ? !(ctr->nv || ctr->nvccli > 0) : !ctr->rocm)
			continue;
		if (reaches(ctr, p, amd ? V_AMD : V_NV) != 0)
			continue;
		if (!amd)
			jl_check_at(c, ctr->verb_loc, "use --nv instead",
			    "the container gets the other vendor's GPU flag: "
			    "this site's GPUs need --nv, so the container will "
			    "not see them");
		else if (ctr->dev_hidden > 0)
			jl_check_at(c, ctr->verb_loc, "use --rocm instead (or "
			    "bind the devices: -B /dev/kfd,/dev/dri)",
			    "the container gets --nv, the NVIDIA flag, but this "
			    "site's GPUs are AMD and %s hides the host's /dev: "
			    "without --rocm the container has no /dev/kfd and "
			    "will not see them", ctr->dev_why != NULL ?
			    ctr->dev_why : "--contain");
		else
			jl_check_at(c, ctr->verb_loc, "use --rocm instead",
			    "the container gets --nv, the NVIDIA flag, but this "
			    "site's GPUs are AMD and it requires --rocm for GPU "
			    "containers (policy require_gpu_flag)");
	}
}

/* Most GPUs of a type (NULL: of any type) one node of a partition has,
 * *known 0 when the policy lists none of its nodes. */
static int64_t
part_max_gpus(const struct jl_partition *p, const char *type, int *known)
{
	int64_t	best = -1, n;
	size_t	i;

	*known = 0;
	if (p == NULL)
		return -1;
	for (i = 0; i < p->nnodes; i++) {
		*known = 1;
		n = jl_nodeclass_gpus(&p->nodes[i], type);
		if (n > best)
			best = n;
	}
	return best;
}

static const struct jl_value *
gpu_value(const struct jl_job *job)
{
	static const enum jl_optid ids[] = { JL_O_GRES, JL_O_GPUS,
	    JL_O_GPUS_PER_NODE, JL_O_GPUS_PER_TASK, JL_O_GPUS_PER_SOCKET,
	    JL_O_NTASKS_PER_GPU };	/* last: the GPUs it derives */
	size_t	i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (job->v[ids[i]] != NULL)
			return job->v[ids[i]];
	return NULL;
}

/* Job nodes when fixed (-N n, or -N n-n), else -1. */
static int64_t
job_nodes(const struct jl_job *job)
{
	if (job->nodes_min > 0 && (job->nodes_max == job->nodes_min ||
	    job->nodes_max < 0))
		return job->nodes_min;
	return job->nodes_min < 0 && job->nodes_max < 0 ? 1 : -1;
}

/*
 * GPUs per node the job certainly holds: --gres=gpu:N / --gpus-per-node,
 * --gpus on a fixed node count that divides it, --gpus-per-task with
 * --ntasks-per-node.  -1 when Slurm decides the spread.
 */
static int64_t
job_gpus_per_node(const struct jl_job *job)
{
	if (job->gpus_per_node > 0)
		return job->gpus_per_node;
	if (job->gpus_per_job > 0 && job->nodes_min > 0 &&
	    job->nodes_max == job->nodes_min &&
	    job->gpus_per_job % job->nodes_min == 0)
		return job->gpus_per_job / job->nodes_min;
	if (job->gpus_per_task > 0 && job->ntasks_per_node > 0)
		return jl_count_mul(job->gpus_per_task, job->ntasks_per_node);
	return -1;
}

/* GPUs (of a type, NULL: any) in all the partition's nodes, or -1 when a
 * node class has no count. */
static int64_t
part_total_gpus(const struct jl_partition *p, const char *type)
{
	int64_t	total = 0;
	size_t	i;

	if (p == NULL || p->nnodes == 0)
		return -1;
	for (i = 0; i < p->nnodes; i++) {
		if (p->nodes[i].count < 0)
			return -1;
		total += jl_nodeclass_gpus(&p->nodes[i], type) *
		    p->nodes[i].count;
	}
	return total;
}

/* " of type a100" for the job's one GPU type, else "". */
static const char *
gpu_of_type(struct jl_check *c)
{
	return c->job->gpu_type != NULL && !c->job->gpu_types_several ?
	    jl_arena_printf(c->a, " of type %s", c->job->gpu_type) : "";
}

/* Why a partition can never hold the job's GPUs. */
enum gpu_misfit { GPU_FITS, GPU_NO_TYPE, GPU_PER_NODE, GPU_IN_ALL };

/* Can partition p hold the job's GPUs (GPU_FITS also when jlint cannot
 * know)?  *maxn: the most one node has; *all: all its nodes. */
static enum gpu_misfit
gpu_fit(const struct jl_partition *p, const struct jl_job *job,
    int64_t *maxn, int64_t *all)
{
	/* Several types in one option: counted against every type. */
	const char	*type = job->gpu_types_several ? NULL : job->gpu_type;
	int		 known;

	*all = -1;
	*maxn = part_max_gpus(p, type, &known);
	if (!known || *maxn < 0)
		return GPU_FITS;
	/* A type no node has: gpu-type-unavailable says so. */
	if (*maxn == 0 && type != NULL)
		return GPU_NO_TYPE;
	if (job->gpus_node_est > *maxn)
		return GPU_PER_NODE;
	/* Spread over any number of nodes: more than the partition has
	 * (only possible above one node's). */
	if (job->gpus_total > *maxn && (*all = part_total_gpus(p, type)) >= 0 &&
	    job->gpus_total > *all)
		return GPU_IN_ALL;
	return GPU_FITS;
}

/* Steps that do no GPU work (srun hostname, nvidia-smi). */
static int
no_gpu_work(const char *prog)
{
	static const char *const names[] = { "hostname", "nvidia-smi",
	    "rocm-smi", "amd-smi", "rocminfo", "echo", "date", "env",
	    "printenv", "mkdir", "cp", "rsync", "tar", "sleep", "true", "rm",
	    "ls", "cat", "df", "free", "uname", "lscpu", "numactl" };

	return jl_prog_in(prog, names, JL_NITEMS(names));
}

/*
 * Processes per node of a launcher that starts one process per GPU
 * (torchrun, accelerate, deepspeed, mpirun, horovodrun), from its own
 * options: -1 when not known (--nproc_per_node=gpu, a variable jlint
 * cannot resolve, deepspeed without --num_gpus).
 */
static int64_t
launcher_per_node(enum jl_launcher kind, int64_t per_node, int64_t nprocs,
    int64_t nnodes, int single_node)
{
	switch (kind) {
	case JL_LAUNCH_TORCHRUN:
	case JL_LAUNCH_DEEPSPEED:
		return per_node;
	case JL_LAUNCH_ACCELERATE:
		if (nprocs > 0 && (nnodes == 1 || (nnodes < 0 && single_node)))
			return nprocs;
		return nnodes > 0 && nprocs > 0 ? jl_ceil_div(nprocs, nnodes) : -1;
	case JL_LAUNCH_MPIRUN:
	case JL_LAUNCH_HOROVODRUN:
		if (per_node > 0)
			return per_node;
		return single_node && nprocs > 0 ? nprocs : -1;
	default:
		return -1;
	}
}

/*
 * GPUs per node one step evidently uses, 0 for none, -1 when jlint cannot
 * tell.  A process a GPU launcher starts uses one GPU; an srun step with
 * its own GPU options (--gpus-per-task, --gres, --gpus) uses what it asks
 * for; tasks that all see every GPU of the node (srun -n 2 without GPU
 * options) may each use several: unknown, unless they are at least gpn.
 */
static int64_t
step_gpu_use(const struct jl_check *c, const struct jl_step *s, int64_t gpn)
{
	const struct jl_job	*job = c->job;
	const struct jl_step	*ch, *child = NULL;
	int64_t			 nodes = job_nodes(job), t, p, inner = -1;
	size_t			 i;
	int			 single = nodes == 1;

	if (s->gpu_req < 0 || s->launcher == JL_LAUNCH_SALLOC)
		return 0;
	if (s->gpu_args)
		return -1;
	/* bash -c '...' (or a trap string) read from this step. */
	for (i = 0; i < c->m->body.steps.n; i++) {
		ch = c->m->body.steps.items[i];
		if (ch->parent == s) {
			if (child != NULL || ch->gpu_args)
				return -1;
			child = ch;
		}
	}
	if (s->inner_launcher != JL_LAUNCH_NONE)
		inner = launcher_per_node(s->inner_launcher, s->inner_per_node,
		    s->inner_nprocs, -1, single);
	else if (child != NULL && child->launcher != JL_LAUNCH_NONE &&
	    child->launcher != JL_LAUNCH_SRUN)
		inner = launcher_per_node(child->launcher,
		    child->nprocs_per_node, child->nprocs, child->nnodes,
		    single);
	else if (child != NULL && child->launcher == JL_LAUNCH_SRUN)
		return -1;
	if ((s->inner_launcher != JL_LAUNCH_NONE || (child != NULL &&
	    child->launcher != JL_LAUNCH_NONE)) && inner < 0)
		return -1;
	if (s->launcher != JL_LAUNCH_SRUN) {
		if (s->launcher == JL_LAUNCH_NONE) {
			if (inner > 0)
				return inner;
			if (no_gpu_work(child != NULL ? child->program :
			    s->program))
				return 0;
			/* One process: the multi-step check speaks. */
			return -1;
		}
		return launcher_per_node(s->launcher, s->nprocs_per_node,
		    s->nprocs, s->nnodes, single);
	}
	/* srun: tasks per node. */
	if (s->nprocs_per_node > 0)
		t = s->nprocs_per_node;
	else if (s->nprocs > 0)
		t = jl_ceil_div(s->nprocs, s->nnodes > 0 ? s->nnodes : nodes);
	else if (job->ntasks_per_node > 0)
		t = job->ntasks_per_node;
	else if (job->ntasks > 0)
		t = jl_ceil_div(job->ntasks, nodes);
	else
		t = 1;
	if (t < 0)
		return -1;
	if (s->gpu_req > 0) {
		/* The step's own GPUs: what it asks for is what it uses. */
		if (s->ngpus < 0)
			return -1;
		p = s->nnodes > 0 ? s->nnodes : nodes;
		return p > 0 ? jl_ceil_div(s->ngpus, p) : -1;
	}
	/* Its task count from -n "$NP", -N 1-2 ...: t is not its own. */
	if (s->tasks_unknown && s->nprocs_per_node < 0)
		return -1;
	if (inner > 0)
		return jl_count_mul(t, inner);
	if (job->gpus_per_task > 0)
		return jl_count_mul(t, job->gpus_per_task);
	if (no_gpu_work(child != NULL ? child->program : s->program))
		return 0;
	return t >= gpn ? t : -1;
}

/*
 * Every step that uses GPUs uses fewer per node than the job holds:
 * torchrun --nproc_per_node=2 on 4 GPUs, srun -n 2 --gpus-per-task=1 on 8.
 * Silent when any step is unknown, runs in the background (steps may
 * share the node), or comes from a trap.
 */
static void
partial_use(struct jl_check *c, const struct jl_value *v)
{
	const struct jl_step	*s, *ch, *best = NULL;
	const char		*what;
	int64_t			 gpn = job_gpus_per_node(c->job), u, most = 0;
	size_t			 i;
	unsigned		 line = 0, col = 0;

	if (gpn <= 1)
		return;
	for (i = 0; i < c->m->body.steps.n; i++) {
		s = c->m->body.steps.items[i];
		if (s->in_trap || s->parent != NULL)
			continue;
		if (s->background)
			return;
		if ((u = step_gpu_use(c, s, gpn)) < 0)
			return;
		if (u > most) {
			most = u;
			best = s;
		}
	}
	if (best == NULL || most >= gpn)
		return;
	jl_src_linecol(&c->m->script.src, best->loc.off, &line, &col);
	what = best->inner_launcher_name != NULL ? best->inner_launcher_name :
	    best->launcher_name;
	for (i = 0; i < c->m->body.steps.n; i++) {
		ch = c->m->body.steps.items[i];
		if (ch->parent == best && ch->launcher_name != NULL)
			what = ch->launcher_name;
	}
	jl_check_value(c, v,
	    jl_arena_printf(c->a, "request %lld GPU%s per node, or start one "
	    "process per GPU (e.g. torchrun --nproc_per_node=%lld, srun "
	    "--ntasks-per-node=%lld)", (long long)most, most == 1 ? "" : "s",
	    (long long)gpn, (long long)gpn),
	    "%lld GPUs per node requested but the steps use at most %lld "
	    "(%s on line %u): %lld GPU%s per node sit idle while others wait "
	    "for them", (long long)gpn, (long long)most,
	    what != NULL ? what : "the step", line, (long long)(gpn - most),
	    gpn - most == 1 ? "" : "s");
}

/* Commands that only set up or look: not GPU programs. */
static int
setup_cmd(const char *prog)
{
	static const char *const names[] = { "cd", "module", "ml", "source",
	    ".", "export", "set", "printf", "test", "[", "wait", "mv", "ln",
	    "touch", "tee", "grep", "sed", "awk", "head", "tail", "wc" };

	return jl_prog_in(prog, names, JL_NITEMS(names)) || no_gpu_work(prog);
}

/*
 * A container step that only sets up: unpacks data, installs packages or
 * looks (apptainer exec IMG tar -xf ..., IMG pip install ..., IMG python
 * -m pip ...), before the step that runs the work with --nv.  It needs no
 * GPU, so it is not a container that cannot see them.
 */
static int
ctr_setup_only(const struct jl_step *s)
{
	/* Not no_gpu_work()'s nvidia-smi or rocminfo: inside a
	 * container without the flag they fail, as the work would. */
	static const char *const names[] = { "pip", "pip3", "conda",
	    "mamba", "micromamba", "unzip", "gzip", "gunzip", "zstd", "xz",
	    "chmod", "find", "du", "md5sum", "sha256sum", "which", "id",
	    "tar", "cp", "rsync", "mkdir", "rm", "ls", "cat", "echo", "env",
	    "printenv", "date", "mv", "ln", "touch", "head", "tail", "wc",
	    "grep", "sed", "awk", "true", "sleep", "df", "free" };
	const struct jl_word	*w;
	size_t			 i;

	if (s->program == NULL || s->program_unknown)
		return 0;
	if (jl_prog_in(s->program, names, JL_NITEMS(names)))
		return 1;
	/* python -m pip, python3 -m conda ... */
	for (i = 0; i + 2 < s->words.n; i++) {
		w = s->words.items[i];
		if (w->text != s->program)
			continue;
		return strcmp(((const struct jl_word *)
		    s->words.items[i + 1])->text, "-m") == 0 &&
		    (strcmp(((const struct jl_word *)
		    s->words.items[i + 2])->text, "pip") == 0 ||
		    strcmp(((const struct jl_word *)
		    s->words.items[i + 2])->text, "conda") == 0);
	}
	return 0;
}

/*
 * A command that is not a step may use several GPUs too: a program told
 * to (vllm serve --tensor-parallel-size 4, --devices 4), or programs in
 * the background (one per GPU, in a loop).  jlint cannot tell how many:
 * it says nothing.  Read only when the job would be warned.
 */
static int
plain_multi(const struct jl_check *c)
{
	const struct jl_cmd	*cmd;
	size_t			 i;

	for (i = 0; i < c->m->body.commands.n; i++) {
		cmd = c->m->body.commands.items[i];
		if (cmd->in_trap || cmd->program == NULL ||
		    setup_cmd(cmd->program))
			continue;
		if (cmd->background || jl_cmd_gpu_args(cmd))
			return 1;
	}
	return 0;
}

/* A device list of one GPU: "0", "3" (not "0,1", "", a UUID list). */
static int
one_device(const char *v)
{
	if (v == NULL || *v < '0' || *v > '9')
		return 0;
	while (*v >= '0' && *v <= '9')
		v++;
	return *v == '\0';
}

static int
ends_with(const char *s, const char *t)
{
	size_t	ls = strlen(s), lt = strlen(t);

	return ls >= lt && strcmp(s + ls - lt, t) == 0;
}

/* The device N of the first "cuda:N" in w (-1: none). */
static long
cuda_index(const char *w)
{
	const char	*p = strstr(w, "cuda:");
	long		 n = 0;

	if (p == NULL || p[5] < '0' || p[5] > '9')
		return -1;
	for (p += 5; *p >= '0' && *p <= '9' && n < 100000; p++)
		n = n * 10 + (*p - '0');
	return n;
}

/*
 * Is command cmd shown to use one GPU?  Returns how, for the message, or
 * NULL.  Only what the program itself is given: CUDA_VISIBLE_DEVICES=N
 * written before the program as the command's first word (srun sets each
 * step's own, and a value the script set earlier may not be the one the
 * program sees: a branch, a function, a later unset), every GPU list
 * there one device; or --device cuda:N, no other cuda:M among its
 * arguments.
 */
static const char *
one_gpu_evidence(const struct jl_check *c, const struct jl_cmd *cmd)
{
	const struct jl_assign	*as;
	const char		*w, *n, *how = NULL;
	size_t			 i, at = jl_cmd_program_at(cmd);
	long			 dev = -1, k;

	for (i = 0; at == 0 && i < cmd->prefix.n; i++) {
		as = cmd->prefix.items[i];
		if (strcmp(as->name, "CUDA_VISIBLE_DEVICES") != 0 &&
		    strcmp(as->name, "ROCR_VISIBLE_DEVICES") != 0 &&
		    strcmp(as->name, "HIP_VISIBLE_DEVICES") != 0)
			continue;
		if (as->value == NULL || as->has_expansion ||
		    !one_device(as->value))
			return NULL;
		if (strcmp(as->name, "CUDA_VISIBLE_DEVICES") == 0)
			how = jl_arena_printf(c->a, "%s=%s", as->name,
			    as->value);
	}
	if (how != NULL)
		return how;
	for (i = at + 1; i < cmd->words.n; i++) {
		w = ((const struct jl_word *)cmd->words.items[i])->text;
		n = i + 1 < cmd->words.n ? ((const struct jl_word *)
		    cmd->words.items[i + 1])->text : "";
		if ((k = cuda_index(w)) >= 0 && k != dev && dev >= 0)
			return NULL;	/* --ref_device cuda:1 */
		if (strncmp(w, "--device=cuda:", 14) == 0 &&
		    one_device(w + 14)) {
			dev = k;
			how = w;
		} else if (strcmp(w, "--device") == 0 &&
		    strncmp(n, "cuda:", 5) == 0 && one_device(n + 5)) {
			if (dev >= 0 && cuda_index(n) != dev)
				return NULL;
			dev = cuda_index(n);
			how = jl_arena_printf(c->a, "--device %s", n);
			i++;
		} else if (k >= 0 && dev < 0)
			dev = k;	/* a cuda:N before --device */
	}
	return how;
}

/* An interpreter's script names the program: python train.py. */
static const char *
prog_label(const struct jl_check *c, const struct jl_cmd *cmd)
{
	static const char *const interp[] = { "python", "python3",
	    "python2", "julia", "Rscript", "perl", "ruby", "node", "java" };
	const char	*w;
	size_t		 i;

	if (!jl_prog_in(cmd->program, interp, JL_NITEMS(interp)))
		return cmd->program;
	for (i = jl_cmd_program_at(cmd) + 1; i < cmd->words.n; i++) {
		w = ((const struct jl_word *)cmd->words.items[i])->text;
		if (w[0] != '-')
			return jl_arena_printf(c->a, "%s %s", cmd->program, w);
		if (strcmp(w, "-c") == 0)
			return jl_arena_printf(c->a, "%s -c", cmd->program);
		if (strcmp(w, "-m") == 0)	/* python -m MODULE */
			i++;
	}
	return cmd->program;
}

/* awk 'BEGIN { system("python train.py") }': a program awk starts. */
static const char *
awk_system(const struct jl_check *c)
{
	static const char *const awks[] = { "awk", "gawk", "mawk" };
	const struct jl_cmd	*cmd;
	size_t			 i, j;

	for (i = 0; i < c->m->body.commands.n; i++) {
		cmd = c->m->body.commands.items[i];
		if (cmd->in_trap || !jl_prog_in(cmd->program, awks,
		    JL_NITEMS(awks)))
			continue;
		for (j = 0; j < cmd->words.n; j++)
			if (strstr(((const struct jl_word *)
			    cmd->words.items[j])->text, "system(") != NULL)
				return "what awk's system() runs";
	}
	return NULL;
}

/*
 * The first program of the script that may use the GPUs and is not shown
 * to use one (one_gpu_evidence()): one process may still drive several
 * (DataParallel, a device map, JAX, MirroredStrategy), which jlint cannot
 * see.  Its name ("the runscript of IMAGE" for a container run without a
 * command), or NULL when every program is shown to use one GPU or none
 * uses any (setup_cmd()); a sourced script or awk's system() when
 * nothing else is.  *how: the evidence of the last shown one.
 */
static const char *
gpu_program(const struct jl_check *c, const char **how)
{
	/* Builtins and environment set-up, besides setup_cmd()'s: not
	 * the work. */
	static const char *const quiet[] = { "trap", "ulimit", "umask",
	    "read", "shift", "declare", "typeset", "local", "readonly",
	    "exit", ":", "let", "pushd", "popd", "unset", "shopt", "hash",
	    "which", "nproc", "alias", "false", "return" };
	static const char *const envtools[] = { "conda", "mamba",
	    "micromamba", "pip", "pip3", "uv" };
	static const char *const envverbs[] = { "activate", "deactivate",
	    "install", "create", "env", "list", "info", "freeze", "show",
	    "uninstall", "config", "init" };
	const struct jl_cmd	*cmd;
	const struct jl_step	*s;
	const char		*img, *sourced = NULL, *f;
	size_t			 i, at;

	*how = NULL;
	for (i = 0; i < c->m->body.steps.n; i++) {
		s = c->m->body.steps.items[i];
		/* apptainer run IMG, shell IMG script.sh: the image's
		 * runscript or a shell runs, jlint does not see what (not
		 * instance start: the work runs in instance://NAME). */
		if (!s->in_trap && s->program == NULL && s->ctr != NULL &&
		    strcmp(s->ctr->verb, "instance") != 0) {
			img = s->ctr->image_resolved != NULL ?
			    s->ctr->image_resolved : s->ctr->image;
			return img == NULL ? "the container's program" :
			    strcmp(s->ctr->verb, "run") == 0 ?
			    jl_arena_printf(c->a, "the runscript of %s", img) :
			    jl_arena_printf(c->a, "what %s runs", img);
		}
	}
	for (i = 0; i < c->m->body.commands.n; i++) {
		cmd = c->m->body.commands.items[i];
		if (cmd->in_trap || cmd->program == NULL)
			continue;
		at = jl_cmd_program_at(cmd);
		f = at + 1 < cmd->words.n ? ((const struct jl_word *)
		    cmd->words.items[at + 1])->text : "";
		/* source ./train.sh may run the work; an environment file
		 * (venv's activate, a shell's rc file) does not. */
		if (strcmp(cmd->program, "source") == 0 ||
		    strcmp(cmd->program, ".") == 0) {
			if (sourced == NULL && *f != '\0' &&
			    !ends_with(f, "activate") && !ends_with(f, "rc") &&
			    strstr(f, "profile") == NULL &&
			    !ends_with(f, "conda.sh"))
				sourced = jl_arena_printf(c->a, "%s (sourced)",
				    f);
			continue;
		}
		/* bash -c "...": its string's commands are read too (a
		 * shell running a script is jl_check_script_run()'s). */
		if (setup_cmd(cmd->program) ||
		    jl_prog_shell(cmd->program) ||
		    jl_prog_in(cmd->program, quiet, JL_NITEMS(quiet)) ||
		    (jl_prog_in(cmd->program, envtools, JL_NITEMS(envtools)) &&
		    jl_prog_in(f, envverbs, JL_NITEMS(envverbs))))
			continue;
		if ((*how = one_gpu_evidence(c, cmd)) == NULL)
			return prog_label(c, cmd);
	}
	return sourced != NULL ? sourced : awk_system(c);
}

/*
 * More GPUs than the nodes have, than the site allows, or than any step
 * can use.
 */
void
jl_check_gpu_over_allocation(struct jl_check *c)
{
	const struct jl_job	*job = c->job;
	const struct jl_value	*v = gpu_value(job);
	const struct jl_step		*s;
	const struct jl_partition	*parts[64], *bad = NULL, *at;
	enum gpu_misfit			 why, bwhy = GPU_FITS;
	int64_t				 maxn, all, bmax = 0, ball = 0, max;
	size_t				 i, np;
	int64_t				 k;
	int				 multi = 0;
	const char			*script, *prog, *how;

	if (!jl_job_gets_gpus(job))
		return;
	k = jl_value_num(job->v[JL_O_NTASKS_PER_GPU], 1, -1);
	/* --gres=gpu:3090 asks for 3090 GPUs (_get_next_gres()). */
	if (job->v[JL_O_GRES] != NULL && job->v[JL_O_GRES]->valid) {
		struct jl_gres_list	 gl;

		if (jl_check_gres(c, job->v[JL_O_GRES], &gl) == 0)
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
	/* A job that lists several partitions runs in any that holds it
	 * (slurmctld 22.05, whatever EnforcePartLimits says). */
	np = jl_check_parts(c, parts, sizeof(parts) / sizeof(parts[0]));
	for (i = 0; i < np; i++) {
		why = gpu_fit(parts[i], job, &maxn, &all);
		if (why == GPU_FITS)
			break;
		/* Named: the listed partition with the most GPUs on a node,
		 * then in all. */
		if (why != GPU_NO_TYPE && (bad == NULL || maxn > bmax ||
		    (maxn == bmax && all > ball))) {
			bad = parts[i];
			bwhy = why;
			bmax = maxn;
			ball = all;
		}
	}
	if (np > 0 && i == np && bad == NULL)
		return;		/* no listed partition has the type */
	if (np > 0 && i == np && bwhy == GPU_PER_NODE) {
		jl_check_value(c, v,
		    bmax > 0 ? jl_arena_printf(c->a, "request at most %lld "
		    "GPU%s per node, or use more nodes", (long long)bmax,
		    bmax == 1 ? "" : "s") : "pick a partition with GPUs",
		    "%lld GPU%s%s per node requested, but the nodes of "
		    "partition %s have at most %lld%s: the job can never "
		    "start", (long long)job->gpus_node_est,
		    job->gpus_node_est == 1 ? "" : "s",
		    gpu_of_type(c), bad->name, (long long)bmax,
		    np > 1 ? ", and no other partition it lists holds them" :
		    "");
		return;
	}
	if (np > 0 && i == np && !job->gpu_requested) {
		/* The GPUs sbatch derives: -n / --ntasks-per-gpu. */
		jl_check_value(c, v,
		    ball > 0 ? jl_arena_printf(c->a, "run at most %lld "
		    "tasks (-n), or more tasks per GPU",
		    (long long)jl_count_mul(ball, k)) :
		    "pick a partition with GPUs",
		    "--ntasks-per-gpu=%lld with %lld tasks asks for %lld "
		    "GPU%s, but partition %s has %lld in all its nodes%s: the "
		    "job can never start", (long long)k,
		    (long long)job->ntasks, (long long)job->gpus_total,
		    job->gpus_total == 1 ? "" : "s", bad->name,
		    (long long)ball, np > 1 ? ", and no other partition it "
		    "lists holds them" : "");
		return;
	}
	if (np > 0 && i == np) {
		jl_check_value(c, v,
		    ball > 0 ? jl_arena_printf(c->a, "request at most %lld "
		    "GPU%s", (long long)ball, ball == 1 ? "" : "s") :
		    "pick a partition with GPUs",
		    "%lld GPU%s%s requested, but partition %s has %lld in "
		    "all its nodes%s: the job can never start",
		    (long long)job->gpus_total, job->gpus_total == 1 ? "" :
		    "s", gpu_of_type(c), bad->name, (long long)ball, np > 1 ? ", and no other partition it "
		    "lists holds them" : "");
		return;
	}
	if ((max = jl_check_limit(c, JL_LIM_GPUS, &at)) > 0 &&
	    job->gpus_total > max) {
		jl_check_value(c, v,
		    job->gpu_requested ? jl_arena_printf(c->a, "request at "
		    "most %lld GPUs", (long long)max) : jl_arena_printf(c->a,
		    "run at most %lld tasks (-n), or more tasks per GPU",
		    (long long)jl_count_mul(max, k)),
		    "%lld GPUs requested%s; %s allows at most %lld per job",
		    (long long)job->gpus_total, job->gpu_requested ? "" :
		    jl_arena_printf(c->a, " (--ntasks-per-gpu=%lld with %lld "
		    "tasks)", (long long)k, (long long)job->ntasks),
		    jl_check_limit_owner(c, at), (long long)max);
		return;
	}
	/* GPUs --ntasks-per-gpu derives are not judged for idle GPUs: K
	 * tasks share each, and a script that starts none of them is
	 * tasks-without-launcher's. */
	if (!job->gpu_requested)
		return;
	if (job->gpus_total <= 1 && job->gpus_node_est <= 1)
		return;
	for (i = 0; i < c->m->body.steps.n; i++) {
		s = c->m->body.steps.items[i];
		/* Steps in the background may share the GPUs between them. */
		if (jl_step_multi_gpu(c->m, job, s) || (s->background &&
		    !s->in_trap))
			multi = 1;
	}
	/* Without a script (srun/salloc) there are no steps to judge. */
	if (c->m->assume_body)
		return;
	if (plain_multi(c))
		return;
	if (multi) {
		partial_use(c, v);
		return;
	}
	/* A script jlint does not read may start several; one process may
	 * drive several GPUs, which jlint cannot see it do or not, unless
	 * the script shows it uses one. */
	if ((script = jl_check_script_run(c)) != NULL ||
	    (prog = gpu_program(c, &how)) != NULL) {
		jl_check_value_guess(c, v, script != NULL ?
		    "start one process per GPU (srun -n N, torchrun "
		    "--nproc_per_node=N) in the script, or request one GPU" :
		    "request one GPU, or start one process per GPU (srun -n N, "
		    "torchrun --nproc_per_node=N, accelerate launch)",
		    "%lld GPUs requested %s, unless %s: a single process "
		    "normally uses one GPU and the rest sit idle while others "
		    "wait for them", (long long)(job->gpus_total > 0 ?
		    job->gpus_total : job->gpus_node_est), script != NULL ?
		    "and no step jlint can read starts more than one process" :
		    "but no step starts more than one process (no srun with "
		    "several tasks, torchrun, accelerate, deepspeed or mpirun)",
		    jl_arena_printf(c->a, script != NULL ? "%s starts several "
		    "(jlint does not read it)" : "%s uses several GPUs itself "
		    "(DataParallel, a device map; jlint cannot tell)",
		    script != NULL ? script : prog));
		return;
	}
	jl_check_value(c, v,
	    "request one GPU, or start one process per GPU (srun -n N, "
	    "torchrun --nproc_per_node=N, accelerate launch)",
	    "%lld GPUs requested but no step starts more than one process "
	    "(no srun with several tasks, torchrun, accelerate, deepspeed or "
	    "mpirun)%s while others wait for them",
	    (long long)(job->gpus_total > 0 ? job->gpus_total :
	    job->gpus_node_est), how != NULL ? jl_arena_printf(c->a, ", and "
	    "%s shows the program uses one GPU: the rest sit idle", how) :
	    ", and no program of the script uses a GPU: they all sit idle");
}

/* Is parts[k] also earlier in parts (-p a,a)? */
static int
listed_before(const struct jl_partition *const *parts, size_t k)
{
	size_t	i;

	for (i = 0; i < k; i++)
		if (parts[i] == parts[k])
			return 1;
	return 0;
}

/* A GPU type the job's partitions (or the site) do not have. */
void
jl_check_gpu_type_unavailable(struct jl_check *c)
{
	const struct jl_job		*job = c->job;
	const struct jl_partition	*p, *parts[64];
	struct jl_buf			 have, where;
	size_t				 i, j, k, np, nwhere = 0;
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
	/* The partitions it may run in (any of those -p lists), else every
	 * partition of the site. */
	np = jl_check_parts(c, parts, sizeof(parts) / sizeof(parts[0]));
	jl_buf_init(&have);
	jl_buf_init(&where);
	for (k = 0; k < (np > 0 ? np : c->policy->npartitions); k++) {
		p = np > 0 ? parts[k] : &c->policy->partitions[k];
		/* A listed partition the policy gives no nodes for may have
		 * the type. */
		if (np > 0 && p->nnodes == 0) {
			found = 1;
			break;
		}
		if (np > 0 && !listed_before(parts, k))
			nwhere++;
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
	/* "a", "a or b", "a, b or c", "a, b, c, d or 3 more" (only when
	 * said: a judgement in slurmctld formats nothing it does not say) */
	for (k = 0, j = 0; known && !found && np > 0 && k < np; k++) {
		if (listed_before(parts, k))
			continue;
		if (j < 4 || nwhere == 5)
			jl_buf_printf(&where, "%s%s", j == 0 ? "" : j + 1 ==
			    nwhere ? " or " : ", ", parts[k]->name);
		else if (j == 4) {
			jl_buf_printf(&where, " or %zu more", nwhere - 4);
			break;
		}
		j++;
	}
	if (known && !found)
		jl_check_value(c, gpu_value(job),
		    have.len ? jl_arena_printf(c->a, "use one of: %s",
		    have.data) : NULL,
		    "GPU type \"%s\" is not available%s: the job can never "
		    "start", job->gpu_type, np > 0 ? jl_arena_printf(c->a,
		    " in partition%s %s", nwhere > 1 ? "s" : "", where.data) :
		    " on this cluster");
	jl_buf_free(&have);
	jl_buf_free(&where);
}

/* A value that shows a process no GPU. */
static int
hides_gpus(const char *v)
{
	return v[0] == '\0' || strcmp(v, "-1") == 0 ||
	    strcmp(v, "NoDevFiles") == 0;
}

/*
 * The script overrides the GPU binding Slurm set up.  Only a literal
 * value: one built from an expansion ($SLURM_LOCALID, an element of
 * $CUDA_VISIBLE_DEVICES, the variable itself) may well be Slurm's own,
 * and jlint cannot know (as with a wrapper written by a here-document).
 * A job without GPUs that hides them changes nothing Slurm assigned.
 */
void
jl_check_cuda_visible_devices_override(struct jl_check *c)
{
	const struct jl_assign	*as;
	size_t			 i;

	for (i = 0; i < c->m->body.cuda_visible.n; i++) {
		as = c->m->body.cuda_visible.items[i];
		if (as->has_expansion || (!jl_job_gets_gpus(c->job) &&
		    hides_gpus(as->value)))
			continue;
		jl_check_at(c, as->loc,
		    "remove the assignment; request the GPUs you need and use "
		    "what Slurm sets",
		    "%s is set by the script, overriding the GPUs Slurm "
		    "assigned to this job: processes may use GPUs of other "
		    "jobs or none at all", as->name);
	}
}
