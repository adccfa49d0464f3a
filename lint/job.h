/*
 * job.h: the job model.  One struct jl_job per het component holds the
 * effective value of every sbatch option after sbatch's precedence
 * (slurm-semantics.md §1.9):
 *
 *	#SBATCH  <  #PBS/#BSUB  <  SBATCH_* environment  <  command line
 *
 * with the memory exception of _validate_memory_options(), plus normalised
 * resources (GPUs, memory, time, tasks) that rules read.  Every value
 * remembers where it came from: a span in the script, an environment
 * variable, or the command line.
 */
#ifndef JL_JOB_H
#define JL_JOB_H

#include <stddef.h>
#include <stdint.h>

#include "body.h"
#include "finding.h"
#include "lex.h"
#include "mem.h"
#include "opt.h"
#include "value.h"

enum jl_origin_kind {
	JL_ORIG_NONE,
	JL_ORIG_DIRECTIVE,	/* #SBATCH line */
	JL_ORIG_PBS,		/* #PBS/#BSUB translation */
	JL_ORIG_ENV,		/* SBATCH_* variable */
	JL_ORIG_CLI,		/* sbatch command line */
	JL_ORIG_JOBDESC		/* job_desc_msg_t (plugin) */
};

struct jl_value {
	const struct jl_opt	*opt;
	const char		*text;		/* NULL for flags and bare optional */
	const char		*written;	/* "--part", "-N", "SBATCH_PARTITION" */
	enum jl_origin_kind	 origin;
	struct jl_loc		 loc;		/* DIRECTIVE/PBS: option span */
	struct jl_loc		 vloc;		/* DIRECTIVE/PBS: value span */
	const char		*env;		/* ENV: the variable */
	unsigned		 seq;		/* application order: last wins */
	int			 valid;		/* the value grammar accepted it */
};

enum jl_mem_kind {
	JL_MEM_UNSET,
	JL_MEM_PER_NODE,	/* --mem (0 = all memory of the node) */
	JL_MEM_PER_CPU,
	JL_MEM_PER_GPU
};

/* A GPU count of -1 means "not requested in this form". */
/* A script's value an SBATCH_* variable took away or replaced under
 * another option (env-overrides-directive). */
struct jl_env_clear {
	const struct jl_value	*was;		/* the script's value */
	const char		*env;		/* the variable */
	const char		*value;		/* its value */
	const struct jl_value	*now;		/* what the job got, or NULL */
};

struct jl_job {
	int		 component;
	struct jl_value	*v[JL_O__COUNT];	/* effective value per option */
	struct jl_vec	 env_cleared;		/* of struct jl_env_clear */

	/* Normalised (job_desc_msg_t terms). */
	int		 time_set;
	struct jl_time	 time;			/* minutes, or JL_TIME_INFINITE */
	int		 time_min_set;
	struct jl_time	 time_min;
	enum jl_mem_kind mem_kind;
	uint64_t	 mem_mb;
	int64_t		 nodes_min, nodes_max;	/* -1 unset */
	int64_t		 ntasks;		/* -1 unset */
	int64_t		 cpus_per_task;		/* -1 unset */
	int64_t		 ntasks_per_node;	/* -1 unset */
	int64_t		 gpus_per_job;		/* --gpus/-G */
	int64_t		 gpus_per_node;		/* --gpus-per-node, --gres=gpu */
	int64_t		 gpus_per_task;
	int64_t		 gpus_per_socket;
	const char	*gpu_type;		/* NULL if untyped */
	int		 gpu_types_several;	/* the GPU options name
						 * several types, or a type
						 * and none: gpu_type is the
						 * first, counts may take
						 * any type */
	/* A GPU element with a type and one without (in any GPU options,
	 * or one): the ids of their options, else 0 (sbatch refuses). */
	int		 gpu_typed_id, gpu_untyped_id;
	/* gres_tasks: --gpus / --gpus-per-task
	 * when they are one GRES record (both untyped or the same type)
	 * and it divides (_test_gres_cnt()), else -1; sbatch rejects a
	 * task count that differs from it.  gres_task_bad: the id of
	 * --gpus, --gres or --gpus-per-node when that option and
	 * --gpus-per-task are one GRES record (each one GPU element, both
	 * untyped or the same type) and its count is below the per-task
	 * count or not a multiple of it (_test_gres_cnt(): sbatch rejects
	 * the job), else 0.  gres_tpn: that option's count over
	 * --gpus-per-task when it is a multiple (one record, as above),
	 * the tasks per node _test_gres_cnt() sets, or requires of a
	 * given --ntasks-per-node (sbatch rejects another), else -1;
	 * gres_tpn_id, that option's id (--gres or --gpus-per-node).
	 * All 0/-1 when gpu_typed_id is set. */
	int64_t		 gres_tasks;
	int		 gres_task_bad;
	int64_t		 gres_tpn;
	int		 gres_tpn_id;
	/* gres_nodes: --gpus over the per-node count (--gres=gpu or
	 * --gpus-per-node, gres_nodes_id) when they are one GRES record
	 * and it divides: the node count _test_gres_cnt() sets (min and
	 * max), or refuses when -N's range does not hold it; else -1. */
	int64_t		 gres_nodes;
	int		 gres_nodes_id;
	int		 gpu_requested;		/* any GPU form with count > 0 */
	/* gpus_derived: the GPUs sbatch asks for when --ntasks-per-gpu=K
	 * comes without any GPU option or --gres (gres:gpu:N, N = -n / K,
	 * or -N x K / K for a fixed -N without -n; job_gres_tasks(); 0:
	 * derived, none), JL_GPUS_SOME: at least one, how many unknown,
	 * JL_GPUS_MAYBE: whether any is unknown, else -1; gpus_total holds
	 * a count then too (-1 for SOME and MAYBE).  gpu_requested stays 0:
	 * no GPU option asks. */
#define JL_GPUS_SOME	(-2)
#define JL_GPUS_MAYBE	(-3)
	int64_t		 gpus_derived;
	int64_t		 gpus_total;		/* whole job, -1 if unknown */
	int64_t		 gpus_node_est;		/* the job must hold on one
						   node, -1 if unknown (--gpus
						   without -N or -n: spread) */
	int		 requeue;		/* -1 unset (cluster default), 0, 1 */
	int		 shared;		/* -1 unset, 0 excl, 1 oversub, 2 user, 3 mcs */
	struct jl_vec	 partitions;		/* const char * */
	int		 array_set;
	struct jl_array	 array;
	int		 signal_set;
	struct jl_signal signal;
	struct jl_pattern out, err;		/* zero when unset */
};

/*
 * What slurmctld's _valid_array_inx() (job_mgr.c) checks an --array
 * against; JL_UNSET where unknown.  max_tasks is the effective most
 * distinct indices of one array: SchedulerParameters max_array_tasks
 * when it is below MaxArraySize (jl_max_array_tasks(), value.h).
 */
struct jl_array_conf {
	int64_t		max_size;	/* MaxArraySize */
	int64_t		max_tasks;	/* max_array_tasks */
};

/* What to read: a script, optionally with an sbatch command line and env. */
struct jl_input {
	const char		*name;		/* file name for messages */
	const char		*data;
	size_t			 len;
	unsigned		 version;	/* JL_SLURM_2205, 2302, ... */
	int			 version_assumed; /* jlint's default release:
						   neither --slurm-version nor
						   the policy's slurm_version */
	const char *const	*env;		/* NULL-terminated NAME=value, or NULL */
	size_t			 envc;		/* with jobdesc: env's entries (a
						   job_desc's env_size; it need
						   not end in NULL), 0: up to NULL */
	const char *const	*argv;		/* sbatch options before the script */
	size_t			 argc;
	int			 sbatch_mode;	/* jlint sbatch: env/CLI known */
	/* slurm.conf's limits on job arrays (the policy's max_array_size
	 * and max_array_tasks; slurm.conf itself in the plugins), or NULL:
	 * unknown, Slurm's default MaxArraySize assumed with a warning
	 * above it. */
	const struct jl_array_conf *arrays;
	int			 sbatch_read;	/* sbatch itself has read the
						   options and directives (the
						   cli_filter plugin) */
	/*
	 * argv describes the job request as slurmctld got it (a job_desc_msg_t
	 * turned into options by the plugin): it is the whole truth, so the
	 * script's directives give findings but no values, no SBATCH_* env is
	 * applied, and values have origin JL_ORIG_JOBDESC.
	 */
	int			 jobdesc;
	/*
	 * With jobdesc: the request has no batch script (srun/salloc, or a
	 * het component after the first).  data/len are ignored; the model
	 * has an empty script without script findings (empty-script), job
	 * rules still run, and checks that look for evidence in the body
	 * (a launcher, checkpointing, a multi-GPU step) assume it is there.
	 */
	int			 no_script;
	/*
	 * With jobdesc, a het job as slurmctld judges it: each component
	 * alone, in order, only the first with the script.  argv holds the
	 * requests of components 0..n-1 separated by ":" words (as on
	 * sbatch's command line) and the component judged is the last
	 * (jl_model.het_index = n-1): its request is the job job-level rules
	 * judge.  A step is judged in the call of the last component its
	 * srun --het-group lists (jl_step_component(): 0 without one), when
	 * every component it runs in is known, so each finding is made once
	 * and in its component; the script's own findings (directives) are
	 * component 0's.  A later component's job-level rules take evidence
	 * in the body (a launcher, checkpointing) as there, as no_script.
	 */
	int			 het;
};

struct jl_model {
	unsigned		 version;
	int			 version_assumed; /* as in jl_input */
	struct jl_script	 script;
	struct jl_body		 body;
	struct jl_vec		 jobs;		/* struct jl_job *, one per component */
	struct jl_vec		 cli_opts;	/* struct jl_optval * from argv */
	struct jl_vec		 pbs_opts;	/* struct jl_optval * from #PBS/#BSUB */
	struct jl_findings	 findings;
	struct jl_findings	 suppressed;	/* what # jlint disable comments
						   took out (suppress.c; SARIF
						   shows them as suppressed) */
	int			 no_script;	/* jl_input.no_script */
	int			 jobdesc;	/* jl_input.jobdesc: the plugin */
	int			 het;		/* jl_input.het */
	int			 het_index;	/* the component judged
						   (jl_input.het), else 0 */
	/* Evidence in the body cannot be judged, so checks assume it: no
	 * script, or a het component after the first (jl_input.het). */
	int			 assume_body;
};

/* The release is given (--slurm-version, the policy, the plugin's own),
 * not jlint's default, and lo <= it < hi (0: no bound): what only some
 * releases do, claimed only when the release is known. */
static inline int
jl_release_given(const struct jl_model *m, unsigned lo, unsigned hi)
{
	return !m->version_assumed && m->version >= lo &&
	    (hi == 0 || m->version < hi);
}

/* v's integer value (positive: > 0 only), or dflt when v is absent,
 * invalid or not such a number. */
static inline int64_t
jl_value_num(const struct jl_value *v, int positive, int64_t dflt)
{
	const char	*err;
	int64_t		 n;

	if (v == NULL || v->text == NULL || !v->valid ||
	    jl_val_int(v->text, positive, &n, &err) != 0)
		return dflt;
	return n;
}

/* The job gets GPUs: a GPU option asks, or sbatch derives them
 * (--ntasks-per-gpu alone): policy expressions' job.gpu_requested and
 * the model's JSON. */
static inline int
jl_job_gets_gpus(const struct jl_job *j)
{
	return j->gpu_requested || j->gpus_derived > 0 ||
	    j->gpus_derived == JL_GPUS_SOME;
}

/*
 * Counts the user gives may be near INT64_MAX (sbatch refuses some, the
 * model keeps them), so a product or sum of counts is computed here: an
 * unknown count (< 0) in, or a result that does not fit, gives -1,
 * "unknown", never undefined behaviour.  jl_ceil_div() is ceil(a / b)
 * for a >= 0, b > 0, else -1.
 */
static inline int64_t
jl_count_mul(int64_t a, int64_t b)
{
	int64_t	r;

	return a < 0 || b < 0 || __builtin_mul_overflow(a, b, &r) ? -1 : r;
}

static inline int64_t
jl_count_add(int64_t a, int64_t b)
{
	int64_t	r;

	return a < 0 || b < 0 || __builtin_add_overflow(a, b, &r) ? -1 : r;
}

static inline int64_t
jl_ceil_div(int64_t a, int64_t b)
{
	return a >= 0 && b > 0 ? a / b + (a % b != 0) : -1;
}

/*
 * Read a script and build its model.  Everything lives in the arena.
 * 0, or -1 if memory ran out.
 */
int	jl_model_build(struct jl_arena *, const struct jl_input *,
	    struct jl_model *);
/* The component judged: 0, or with jl_input.het the request's (never
 * NULL after a successful build). */
struct jl_job *jl_model_job(const struct jl_model *);

/* JSON of the model for `jlint parse`. */
struct jl_buf;
void	jl_model_json(const struct jl_model *, struct jl_buf *);
/* Origin kind as a word: "directive", "env", "command line", ... */
const char *jl_origin_name(enum jl_origin_kind);
/* Do two values of option o ask for the same thing ("2:00:00" and "120",
 * "4G" and "4096")?  NULL only equals NULL. */
int	jl_value_same(const struct jl_opt *o, const char *a, const char *b);
/*
 * Where a value came from, for messages about a value that is not the
 * finding's own location: " (from SBATCH_PARTITION)", " (from the sbatch
 * command line)", or "" for the script itself and the plugin's request.
 */
const char *jl_value_from(struct jl_arena *, const struct jl_value *);
/* The last value the script's own #SBATCH lines give an option, or NULL. */
const char *jl_script_value(const struct jl_model *, const struct jl_job *,
	    enum jl_optid);

#endif
