/*
 * check.h: the API of the rules written in C (check*.c).  rule.c binds
 * each rule whose rules/<slug>.yaml says "check: builtin" to its function
 * in jl_builtins[] (check.c) and calls it with a struct jl_check; the
 * function reads the job model and the site policy and reports through
 * jl_check_at(), jl_check_value() or jl_check_job().  Checks know nothing
 * of rule sets, modes or suppressions (rule.c, suppress.c do that).
 */
#ifndef JL_CHECK_H
#define JL_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "finding.h"
#include "job.h"
#include "mem.h"
#include "policy.h"

struct jl_check;

/* A C check.  Reports through jl_check_*(). */
typedef void	(*jl_check_fn)(struct jl_check *);

struct jl_builtin {
	const char	*slug;
	jl_check_fn	 fn;
	int		 needs_facts;	/* stays quiet without site facts */
};

/* Registered C checks (check-*.c), sorted by slug. */
extern const struct jl_builtin	jl_builtins[];
extern const size_t		jl_nbuiltins;

/* State for one rule on one job. */
struct jl_check {
	struct jl_arena			*a;
	const struct jl_model		*m;
	const struct jl_job		*job;
	const struct jl_policy		*policy;
	const struct jl_partition	*part;		/* resolved, or NULL */
	const char			*slug;		/* of the rule */
	enum jl_sev			 sev;		/* effective severity */
	struct jl_findings		*fs;
	int				 sbatch_mode;	/* submit dir known */
	/* jl_check_gres(): the job's --gres read once per job, not once
	 * per rule (gres_v NULL: not read yet). */
	const struct jl_value		*gres_v;
	struct jl_gres_list		 gres;
	int				 gres_rc;
};

/*
 * The partitions the job may run in, as the policy has them: those -p
 * lists, else the default.  0 when jlint cannot name them all (one the
 * policy lacks, no default, more than max).
 */
size_t	jl_check_parts(const struct jl_check *,
	    const struct jl_partition **out, size_t max);
/*
 * A per-job limit of the policy where the job may run: each partition's
 * own limits (policy.h), else the site's; over several partitions the
 * most lenient, as the job may start in any.  0: no limit.  *from is the
 * partition whose own limit it is, or NULL for the site's.
 */
enum jl_limit {
	JL_LIM_GPUS,		/* max_gpus_per_job */
	JL_LIM_CPUS_PER_GPU,	/* max_cpus_per_gpu */
	JL_LIM_MEM_PER_GPU	/* max_mem_per_gpu, MB */
};
int64_t	jl_check_limit(const struct jl_check *, enum jl_limit,
	    const struct jl_partition **from);
/* Who sets it, for messages: "partition gpu", or "the site". */
const char *jl_check_limit_owner(struct jl_check *,
	    const struct jl_partition *from);

/* Report at a span of the script. */
void	jl_check_at(struct jl_check *, struct jl_loc, const char *fix,
	    const char *fmt, ...) __attribute__((__format__(printf, 4, 5)));
/* The same, at most a warning (what jlint cannot be sure of): a guess,
 * which the site's enforce mode only shows (jl_finding.guess). */
void	jl_check_at_warn(struct jl_check *, struct jl_loc, const char *fix,
	    const char *fmt, ...) __attribute__((__format__(printf, 4, 5)));
/* Report where a job value came from (span, env var or command line). */
void	jl_check_value(struct jl_check *, const struct jl_value *,
	    const char *fix, const char *fmt, ...)
	    __attribute__((__format__(printf, 4, 5)));
/* The same, at most a warning: what sbatch accepts and only drops or
 * ignores, in a rule whose other findings are rejections. */
void	jl_check_value_warn(struct jl_check *, const struct jl_value *,
	    const char *fix, const char *fmt, ...)
	    __attribute__((__format__(printf, 4, 5)));
/* The same, at most a warning and a guess (jl_check_at_warn()). */
void	jl_check_value_guess(struct jl_check *, const struct jl_value *,
	    const char *fix, const char *fmt, ...)
	    __attribute__((__format__(printf, 4, 5)));
/*
 * A command that runs a shell script jlint does not read (bash train.sh,
 * ./run.sh, srun sh job.sh): what it starts or does (torchrun, a resume)
 * is not known.  Its script's name, or NULL.
 */
const char *jl_check_script_run(const struct jl_check *);
/* Report for the job as a whole (points at the #! line). */
void	jl_check_job(struct jl_check *, const char *fix, const char *fmt, ...)
	    __attribute__((__format__(printf, 3, 4)));

/* Helpers shared by checks. */
/* v's text (a valid --gres value) as a list, read once per job (the
 * result kept in c): 0, or -1 when it is not one. */
int	jl_check_gres(struct jl_check *, const struct jl_value *v,
	    struct jl_gres_list *);
/* Is the directory that path is in here (on this host)?  When it is not, the
 * storage is likely one only the compute nodes mount, and a submit-host
 * check says nothing.  A path without '/' is in the working directory. */
int	jl_check_dir_here(struct jl_check *, const char *path);
const char *jl_fmt_minutes(struct jl_arena *, int64_t minutes);
const char *jl_fmt_mb(struct jl_arena *, int64_t mb);
/* The GPU flag a container of this job needs: "--nv", "--rocm", or NULL
 * when the script shows both vendors (check-gpu.c). */
const char *jl_gpu_flag_for(const struct jl_model *, const struct jl_policy *);
/* Is the program's base name (/usr/bin/tee: tee) one of names[n]? */
int	jl_prog_in(const char *prog, const char *const *names, size_t n);
int	jl_prog_shell(const char *prog);
int	jl_step_multi_gpu(const struct jl_model *, const struct jl_job *,
	    const struct jl_step *);
int	jl_checkpoint_evidence(const struct jl_model *, const struct jl_job *);
/* The het component a step runs in (srun --het-group=LIST: the first
 * listed that requests GPUs, else the first that may (JL_GPUS_MAYBE),
 * else the first listed; otherwise, and outside srun, the first
 * component, dflt). */
const struct jl_job *jl_step_job(const struct jl_model *,
	    const struct jl_step *, const struct jl_job *dflt);
/* The last het component srun --het-group lists (0 without one, outside
 * srun, or unreadable; a command read from a string, that of the srun
 * around it): where a het job's step is judged (jl_input.het). */
int	jl_step_component(const struct jl_step *);

/* ---- the checks, by file ---- */

/* check-gpu.c */
void	jl_check_gpu_container_no_nv(struct jl_check *);
void	jl_check_gpu_vendor_flag(struct jl_check *);
void	jl_check_gpu_over_allocation(struct jl_check *);
void	jl_check_gpu_type_unavailable(struct jl_check *);
void	jl_check_cuda_visible_devices_override(struct jl_check *);
/* check-container.c */
void	jl_check_container_image_unpinned(struct jl_check *);
void	jl_check_containall_drops_slurm_env(struct jl_check *);
void	jl_check_interactive_in_batch(struct jl_check *);
void	jl_check_container_image_missing(struct jl_check *);
/* check-job.c */
void	jl_check_partition_time_limit(struct jl_check *);
void	jl_check_missing_time_limit(struct jl_check *);
void	jl_check_time_mmss(struct jl_check *);
void	jl_check_unknown_partition(struct jl_check *);
void	jl_check_unknown_gres(struct jl_check *);
void	jl_check_mem_exceeds_node(struct jl_check *);
void	jl_check_cpus_exceed_node(struct jl_check *);
void	jl_check_conflicting_options(struct jl_check *);
void	jl_check_array_output_clobber(struct jl_check *);
void	jl_check_output_dir_missing(struct jl_check *);
void	jl_check_env_overrides_directive(struct jl_check *);
void	jl_check_tasks_without_launcher(struct jl_check *);
void	jl_check_requeue_without_checkpoint(struct jl_check *);
void	jl_check_preemptible_without_requeue(struct jl_check *);
void	jl_check_srun_cpus_per_task(struct jl_check *);
void	jl_check_srun_export_drops_path(struct jl_check *);
void	jl_check_srun_unknown_option(struct jl_check *);
void	jl_check_per_gpu_limit(struct jl_check *);

#endif
