/*
 * value.h: sbatch value grammars, exactly as Slurm 22.05 parses them, and
 * the few that later releases changed (the jl_val_*_rel() parsers below).
 * See ../shared/docs/slurm-semantics.md §3.  Every parser returns 0 when
 * sbatch (or slurmctld) would accept the text and -1 when it would reject
 * it, with *err set to a static, lowercase explanation (no final period)
 * that names what is wrong and how to write it, e.g. "\"h\" is not a time
 * unit; write minutes, HH:MM:SS or D-HH:MM:SS".  On success *err is left
 * alone.  Parsers never allocate except through the given arena, never
 * abort and do work bounded by the length of their input.
 *
 * Deliberate departures from Slurm, all on input where Slurm relies on
 * integer overflow or undefined behaviour: numbers that do not fit the C
 * type Slurm stores them in (int for counts and times, uint32 for job ids)
 * are rejected with a "too large" message instead of being wrapped.  The
 * individual comments say where else a parser is stricter.
 */
#ifndef JL_VALUE_H
#define JL_VALUE_H

#include <stddef.h>
#include <stdint.h>

struct jl_arena;

/*
 * Grammars that changed between Slurm releases (--nodes, --gres-flags,
 * --exclusive, --requeue): jl_val_X_rel() gives the verdict of one
 * release's sbatch, rel as major*100+minor (JL_SLURM_2205 ... of opt.h,
 * the micro release unknown):
 *   JL_VAL_OK       it takes the value
 *   JL_VAL_REFUSED  it refuses it and exits (-1, *err as above)
 *   JL_VAL_IGNORED  it takes it but ignores it, or a part of it
 *   JL_VAL_DEPENDS  it takes or refuses it by what jlint cannot know:
 *                   the micro release, or the site's slurm.conf
 * For the last two *err is also set, "what is true; what to write".
 * jl_val_X() without _rel is for when the release is not known: 0 when
 * some release's sbatch takes the value, so that "sbatch rejects" is said
 * of what every release refuses; the caller that knows the release asks
 * jl_val_X_rel() too (lex.c: jl_value_release()).
 */
#define JL_VAL_OK	0
#define JL_VAL_REFUSED	(-1)
#define JL_VAL_IGNORED	1
#define JL_VAL_DEPENDS	2

/* --time, --time-min (time_str2mins).  */
enum jl_time_form {
	JL_TF_INFINITE,		/* -1, INFINITE, UNLIMITED */
	JL_TF_M,		/* minutes */
	JL_TF_MS,		/* minutes:seconds */
	JL_TF_HMS,		/* hours:minutes:seconds */
	JL_TF_DH,		/* days-hours, also "1-" and "-5" */
	JL_TF_DHM,		/* days-hours:minutes */
	JL_TF_DHMS		/* days-hours:minutes:seconds */
};
#define JL_TIME_INFINITE	(-1)	/* minutes value meaning no limit */

/*
 * minutes is Slurm's value: seconds rounded up with C division, so "-5"
 * (which sscanf reads as -5 *days*) gives -7199.  A total of 0 gives
 * zero = 1 and minutes = JL_TIME_INFINITE, as arg_set_time_limit does.
 * A total beyond INT_MAX seconds (Slurm's int arithmetic) is rejected.
 */
struct jl_time {
	int64_t			minutes;	/* rounded up; JL_TIME_INFINITE */
	int64_t			seconds;	/* exact seconds (0 if infinite) */
	enum jl_time_form	form;
	int			zero;		/* written as a zero value (-> infinite) */
	int			negative;	/* leading '-': sbatch accepts, value negative */
};
int	jl_val_time(const char *, struct jl_time *, const char **err);

/*
 * Sizes: --mem, --mem-per-cpu, --mem-per-gpu, --tmp (str_to_mbytes).
 * strtoll syntax: leading blanks and '+' are accepted, "-0" is 0.
 */
int	jl_val_mem(const char *, uint64_t *mb, const char **err);

/*
 * Integers (parse_int): the whole string is a strtol number, so " 4" and
 * "+4" are accepted and "4 " is not.  positive != 0 requires > 0.  As in
 * Slurm, "" is accepted as 0 when positive is 0.  Values above INT_MAX are
 * rejected (Slurm would truncate them to int).
 */
int	jl_val_int(const char *, int positive, int64_t *, const char **err);

/*
 * -N/--nodes (verify_node_count): min[-max] in every release; max = min
 * if absent.  Slurm skips the max < min test when max is 0, so "5-0" is
 * accepted with *max = 0 (no maximum).  From 23.02 a value with ',' or
 * ':' is a set of counts: a list (1,2,4,8) or MIN-MAX:STEP (1-15:4 is
 * 1,5,9,13: MAX itself is never in it); *min and *max are then its
 * smallest and largest count, what sbatch sets min_nodes and max_nodes
 * (job_desc's min_nodes and max_nodes) to, the set itself going to
 * job_size_str.  From 24.11 those counts must be below 16384
 * (MAX_JOB_SIZE_BITMAP).  22.05 refuses ',' and ':'.  JL_VAL_OK or
 * JL_VAL_REFUSED.  jl_val_nodes(): release unknown (23.02's grammar, the
 * widest).
 */
int	jl_val_nodes_rel(const char *, unsigned rel, int64_t *min,
	    int64_t *max, const char **err);
int	jl_val_nodes(const char *, int64_t *min, int64_t *max, const char **err);

/* One GPU-ish request element. */
struct jl_gres {
	const char	*name;		/* "gpu", "shard", ... (in the arena) */
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
	size_t		 ndropped;	/* elements with count 0, dropped by Slurm */
	size_t		 nempty;	/* empty elements ("gpu,,mps"), skipped */
};
/*
 * --gres name[:type][:count][,...] (gres_prepend_tres_type, then
 * _get_next_gres).  Elements with count 0 are dropped as Slurm does, and
 * so are empty elements: both are counted, not errors.  A leading "gres:"
 * is stripped once, as Slurm's "gres:gres:" collapse does.  A name with a
 * '/' (the 23.11 "gres/gpu" form) is rejected.  A negative count is
 * rejected (Slurm reads "gpu:-2" as 2^64-2 GPUs).  Names are not checked
 * against GresTypes.
 */
int	jl_val_gres(struct jl_arena *, const char *, struct jl_gres_list *,
	    const char **err);
/*
 * --gpus/-G, --gpus-per-{node,socket,task}: [type:]count[,...] (xfmt_tres,
 * then _get_next_gres on "gres:gpu:<tok>").  Each element gets name "gpu".
 * "gpu:2" yields type "gpu", count 2: the T17 trap that a rule reports (no
 * GPU type is called "gpu").  numeric_type_trap is set for a count written
 * as plain digits >= 100 with no type or type "gpu" ("3090", "gpu:3090").
 * "" requests nothing and is accepted with n = 0.
 */
int	jl_val_gpus(struct jl_arena *, const char *, struct jl_gres_list *,
	    const char **err);

/*
 * --array (slurmctld _valid_array_inx/_parse_array_tok; pass MaxArraySize,
 * 1001 by default).  "" and ",," are accepted by slurmctld and make no
 * array: ntasks = 0, min_index = max_index = -1.  ntasks counts distinct
 * indices; for pathological input whose exact count would take too long,
 * exact = 0 and ntasks is an upper bound (the sum over the tokens).
 */
struct jl_array {
	int64_t		ntasks;		/* number of indices */
	int64_t		min_index;
	int64_t		max_index;
	int64_t		throttle;	/* 0 = none */
	int		exact;		/* ntasks is exact */
};
int	jl_val_array(const char *, int64_t max_array_size, struct jl_array *,
	    const char **err);
/*
 * The most distinct indices slurmctld takes in one array, from
 * slurm.conf's SchedulerParameters (or NULL) and MaxArraySize:
 * _valid_array_inx() (job_mgr.c) reads the number after the first
 * "max_array_tasks=", any case, with atoi() into a uint32_t, and counts
 * only when that is below MaxArraySize; otherwise max_array_size.
 */
int64_t	jl_max_array_tasks(const char *sched_params, int64_t max_array_size);
/* MaxArraySize: Slurm's default, and the most slurm.conf may set. */
#define JL_MAX_ARRAY_SIZE_DEFAULT	1001
#define JL_MAX_ARRAY_SIZE_LIMIT		4000001

/*
 * --signal=[{R|B}[:]]sig[@time] (get_signal_opts, sig_name2num).  R and B
 * are case-insensitive.  Slurm casts the number to uint16_t, so 65537 is
 * accepted as signal 1: such numbers set wrapped and signo is the value
 * Slurm uses; numbers that wrap to 0 are rejected.
 */
struct jl_signal {
	int		signo;		/* 1..65535 */
	const char	*name;		/* canonical "USR1" etc. (static) or NULL */
	int		secs;		/* default 60 */
	int		batch_only;	/* B */
	int		reservation;	/* R */
	int		wrapped;	/* number outside 1..65535, cast by Slurm */
};
/* sbatch != 0 allows the B flag (srun/salloc do not). */
int	jl_val_signal(const char *, int sbatch, struct jl_signal *, const char **err);

/*
 * --dependency (update_job_dependency syntax, without the runtime checks:
 * self and circular dependencies, expand on a running job).  Mixing ','
 * and '?' is accepted by Slurm (the whole list becomes OR); both and_sep
 * and or_sep are then set.  Job ids must be 1..4294967295 (Slurm would
 * truncate larger ones to 32 bits).
 */
struct jl_dep {
	int	clear;		/* "" or "0": removes any dependency */
	int	legacy;		/* a bare job id list, read as afterany */
	int	and_sep;	/* ',' used between elements */
	int	or_sep;		/* '?' used between elements */
	int	singleton;
	int	expand;		/* needs permit_job_expansion and a running job */
	int	ignored;	/* Slurm silently skipped some of the text */
	int64_t	njobs;		/* job ids written; a job_[list] counts once */
};
int	jl_val_dep(const char *, int64_t max_array_size, struct jl_dep *,
	    const char **err);
/* jl_val_dep with MaxArraySize 1001 and no details. */
int	jl_val_dependency(const char *, const char **err);

/*
 * --exclusive[=VAL]: NULL value = bare; exclusive, oversubscribe, user,
 * mcs; topo from 24.05, allocation from 26.05.  *shared as job_desc's
 * (JOB_SHARED_*): 0 excl (and allocation), 1 oversub, 2 user, 3 mcs,
 * 4 topo.  JL_VAL_OK or JL_VAL_REFUSED.  jl_val_exclusive(): release
 * unknown (26.05's grammar).
 */
int	jl_val_exclusive_rel(const char *, unsigned rel, int *shared,
	    const char **err);
int	jl_val_exclusive(const char *, int *shared, const char **err);

/*
 * --output/--error/--input patterns (fname_create, _create_batch_fname).
 * The has_* flags say which tokens are written; when escaped is set none
 * of them is expanded.  task_number mirrors fname_single_task_io(), but
 * sbatch makes relative names absolute first (_fullpath), so for a batch
 * job "3" is just a file called 3 in the working directory.
 */
struct jl_pattern {
	int	none;		/* "none" -> /dev/null */
	int	escaped;	/* contains '\': no % expansion at all */
	int	has_j, has_A, has_a, has_x, has_u, has_N;	/* %J sets has_j */
	int	has_n, has_t, has_s;
	int	unknown;	/* a % sequence Slurm leaves verbatim */
	int	task_number;	/* the whole pattern is a number */
};
void	jl_val_pattern(const char *, struct jl_pattern *);

/* --mail-type (parse_mail_type): unknown tokens are ignored when one is valid. */
#define JL_MAIL_BEGIN		0x0001
#define JL_MAIL_END		0x0002
#define JL_MAIL_FAIL		0x0004
#define JL_MAIL_REQUEUE		0x0008
#define JL_MAIL_INVALID_DEPEND	0x0010
#define JL_MAIL_STAGE_OUT	0x0020
#define JL_MAIL_TIME100		0x0040
#define JL_MAIL_TIME90		0x0080
#define JL_MAIL_TIME80		0x0100
#define JL_MAIL_TIME50		0x0200
#define JL_MAIL_ARRAY_TASKS	0x0400
/* ALL: everything except the TIME_LIMIT* and ARRAY_TASKS bits. */
#define JL_MAIL_ALL	(JL_MAIL_BEGIN | JL_MAIL_END | JL_MAIL_FAIL | \
	JL_MAIL_REQUEUE | JL_MAIL_INVALID_DEPEND | JL_MAIL_STAGE_OUT)
struct jl_mail {
	unsigned	mask;		/* JL_MAIL_* */
	int		none;		/* NONE seen */
	int		nunknown;	/* tokens Slurm ignored as unknown */
	int		after_none;	/* tokens after NONE, never read by Slurm */
};
int	jl_val_mail(const char *, struct jl_mail *, const char **err);
int	jl_val_mailtype(const char *, int *nunknown, const char **err);
/* --open-mode: first char a/A/t/T. */
int	jl_val_openmode(const char *, const char **err);
/*
 * --requeue=VAL, which takes a value from 25.11 (before, REFUSED): none,
 * "" or expedite (any case) is OK; 25.11 takes any other value and
 * ignores it (IGNORED: the job is requeueable, without expedited
 * requeue); 26.05.0 does the same and 26.05.1 and later refuse it
 * (DEPENDS).  jl_val_requeue(): release unknown, every value.
 */
int	jl_val_requeue_rel(const char *, unsigned rel, const char **err);
int	jl_val_requeue(const char *, const char **err);
/*
 * --begin/--deadline (parse_time grammar; syntax and field ranges only, the
 * date is not resolved).  As in Slurm, 'T' is a separator, so "Today" and
 * "TODAY" are rejected while "today" is not; "now" must come first (Slurm
 * reads past the string otherwise).
 */
int	jl_val_begin(const char *, const char **err);
/* --nice[=adj] (arg_set_nice: strtoll, trailing junk ignored). */
int	jl_val_nice(const char *, const char **err);
/* The same, giving the adjustment (100 for a bare --nice). */
int	jl_val_nice_adj(const char *, int64_t *adj, const char **err);
/* yes|no (case-insensitive); 0|1 as parse_int reads it ("", "+1", " 0"). */
int	jl_val_yesno(const char *, const char **err);
int	jl_val_zeroone(const char *, const char **err);
/*
 * Grammars checked against sbatch 22.05 --test-only (tests/slurm-diff):
 * --distribution, --gres-flags (its 22.05 words), --profile,
 * --mem-bind (*help set for
 * "help", which prints the options and exits), --propagate.
 */
int	jl_val_distribution(const char *, const char **err);
/*
 * --gres-flags (arg_set_gres_flags): 22.05 to 23.11.1 take one word,
 * disable-binding or enforce-binding; 23.11.2 and later a comma list of
 * those and one-task-per-sharing, multiple-tasks-per-sharing (not both
 * of a pair; one-task-per-sharing only where slurm.conf sets
 * SelectTypeParameters=MULTIPLE_SHARING_GRES_PJ: DEPENDS).  For 23.11
 * what 23.11.2 added is DEPENDS.  allow-task-sharing (23.11.4) is
 * srun's: REFUSED, as sbatch and salloc do.  jl_val_gres_flags():
 * release unknown (23.11.2's grammar, one-task-per-sharing taken).
 */
int	jl_val_gres_flags_rel(const char *, unsigned rel, const char **err);
int	jl_val_gres_flags(const char *, const char **err);
int	jl_val_profile(const char *, const char **err);
int	jl_val_mem_bind(const char *, int *help, const char **err);
int	jl_val_propagate(const char *, const char **err);

#endif
