/*
 * value.h: sbatch value grammars, exactly as Slurm 22.05 parses them.
 * See ../shared/docs/slurm-semantics.md §3.  Every parser returns 0 when
 * sbatch (or slurmctld) would accept the text and -1 when it would reject
 * it, with *err set to a static, lowercase explanation (no final period)
 * that names what is wrong, e.g. "unit \"h\" is not allowed; use D-HH:MM:SS".
 * Parsers never allocate except through the given arena and never abort.
 */
#ifndef JL_VALUE_H
#define JL_VALUE_H

#include <stddef.h>
#include <stdint.h>

struct jl_arena;

/* --time, --time-min (time_str2mins).  */
enum jl_time_form {
	JL_TF_INFINITE,		/* -1, INFINITE, UNLIMITED */
	JL_TF_M,		/* minutes */
	JL_TF_MS,		/* minutes:seconds */
	JL_TF_HMS,		/* hours:minutes:seconds */
	JL_TF_DH,		/* days-hours */
	JL_TF_DHM,		/* days-hours:minutes */
	JL_TF_DHMS		/* days-hours:minutes:seconds */
};
#define JL_TIME_INFINITE	(-1)	/* minutes value meaning no limit */

struct jl_time {
	int64_t			minutes;	/* rounded up; JL_TIME_INFINITE */
	int64_t			seconds;	/* exact seconds (0 if infinite) */
	enum jl_time_form	form;
	int			zero;		/* written as a zero value (-> infinite) */
	int			negative;	/* leading '-': sbatch accepts, value negative */
};
int	jl_val_time(const char *, struct jl_time *, const char **err);

/* Sizes: --mem, --mem-per-cpu, --mem-per-gpu, --tmp (str_to_mbytes). */
int	jl_val_mem(const char *, uint64_t *mb, const char **err);

/* Integers (parse_int): positive != 0 requires > 0. */
int	jl_val_int(const char *, int positive, int64_t *, const char **err);

/* -N/--nodes min[-max] for 22.05 (verify_node_count); max = min if absent. */
int	jl_val_nodes(const char *, int64_t *min, int64_t *max, const char **err);

/* One GPU-ish request element. */
struct jl_gres {
	const char	*name;		/* "gpu", "shard", ... */
	const char	*type;		/* NULL when untyped */
	int64_t		 count;		/* count after suffix; 1 when implicit */
	int		 implicit;	/* count was not written */
	int		 numeric_type_trap; /* "gpu:3090": read as count 3090 */
};
struct jl_gres_list {
	struct jl_gres	*items;		/* in the arena */
	size_t		 n;
	int		 none;		/* "none" */
	int		 help;		/* "help"/"list": sbatch prints and exits 0 */
};
/* --gres name[:type][:count][,...] (_get_next_gres).  Elements with count 0 are
 * dropped as Slurm does. */
int	jl_val_gres(struct jl_arena *, const char *, struct jl_gres_list *,
	    const char **err);
/* --gpus/-G, --gpus-per-{node,socket,task}: [type:]count[,...].  Each element
 * gets name "gpu".  "gpu:2" yields type "gpu", count 2: the T17 trap that a
 * rule reports (no GPU type is called "gpu"). */
int	jl_val_gpus(struct jl_arena *, const char *, struct jl_gres_list *,
	    const char **err);

/* --array (slurmctld _valid_array_inx with the default MaxArraySize 1001). */
struct jl_array {
	int64_t		ntasks;		/* number of indices */
	int64_t		min_index;
	int64_t		max_index;
	int64_t		throttle;	/* 0 = none */
};
int	jl_val_array(const char *, int64_t max_array_size, struct jl_array *,
	    const char **err);

/* --signal=[{R|B}[:]]sig[@time] (get_signal_opts, sig_name2num). */
struct jl_signal {
	int		signo;		/* 1..65535 */
	const char	*name;		/* canonical "USR1" etc. (static) or NULL for numbers */
	int		secs;		/* default 60 */
	int		batch_only;	/* B */
	int		reservation;	/* R */
};
/* sbatch != 0 allows the B flag (srun/salloc do not). */
int	jl_val_signal(const char *, int sbatch, struct jl_signal *, const char **err);

/* --dependency (update_job_dependency syntax only). */
int	jl_val_dependency(const char *, const char **err);

/* --exclusive[=VAL]: NULL value = bare.  *shared: 0 excl, 1 oversub, 2 user, 3 mcs. */
int	jl_val_exclusive(const char *, int *shared, const char **err);

/* --output/--error/--input patterns (fname_create). */
struct jl_pattern {
	int	none;		/* "none" -> /dev/null */
	int	escaped;	/* contains '\': no % expansion at all */
	int	has_j, has_A, has_a, has_x, has_u, has_N;
	int	unknown;	/* contains %<c> Slurm leaves verbatim */
	int	task_number;	/* the whole pattern is a number */
};
void	jl_val_pattern(const char *, struct jl_pattern *);

/* --mail-type (parse_mail_type): unknown tokens are ignored when one is valid. */
int	jl_val_mailtype(const char *, int *nunknown, const char **err);
/* --open-mode: first char a/A/t/T. */
int	jl_val_openmode(const char *, const char **err);
/* --begin/--deadline (parse_time grammar). */
int	jl_val_begin(const char *, const char **err);
/* --nice[=adj]. */
int	jl_val_nice(const char *, const char **err);
/* yes|no (case-insensitive), 0|1. */
int	jl_val_yesno(const char *, const char **err);
int	jl_val_zeroone(const char *, const char **err);

#endif
