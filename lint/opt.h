/*
 * opt.h: the option table of sbatch (Slurm 22.05 and later, with version
 * bounds) and of srun, and option lookup as glibc getopt_long() does it.
 *
 * lint/opt-table.c holds THE table: every fact about an option (names, short
 * letter, argument kind, value grammar, SBATCH_* variable, which commands
 * accept it, early-pass, het reset, versions, doc) lives in one row.
 * Lookup, abbreviation, ambiguity, did-you-mean and docs all come from it.
 *
 * Mirrors src/common/slurm_opt.c:common_options[] (22.05.8) and
 * slurm_option_table_create(); see ../shared/docs/slurm-semantics.md §2.
 */
#ifndef JL_OPT_H
#define JL_OPT_H

#include <stddef.h>
#include <stdint.h>

/* Stable option identities.  Aliases (--cluster, --tasks-per-node,
 * --cpu_bind, --pack-group) share the id of the option they alias, so
 * JL_O_CLUSTER and JL_O_TASKS_PER_NODE are kept for source compatibility
 * but no row carries them. */
enum jl_optid {
	JL_O_NONE = 0,
	/* sbatch 22.05 */
	JL_O_ACCOUNT,
	JL_O_ACCTG_FREQ,
	JL_O_ARRAY,
	JL_O_BATCH,
	JL_O_BEGIN,
	JL_O_BB,
	JL_O_BBF,
	JL_O_CLUSTER_CONSTRAINT,
	JL_O_CHDIR,
	JL_O_CLUSTER,
	JL_O_CLUSTERS,
	JL_O_COMMENT,
	JL_O_CONTAINER,
	JL_O_CONTEXT,
	JL_O_CONTIGUOUS,
	JL_O_CONSTRAINT,
	JL_O_CORE_SPEC,
	JL_O_CORES_PER_SOCKET,
	JL_O_CPU_FREQ,
	JL_O_CPUS_PER_GPU,
	JL_O_CPUS_PER_TASK,
	JL_O_DEADLINE,
	JL_O_DELAY_BOOT,
	JL_O_DEPENDENCY,
	JL_O_DISTRIBUTION,
	JL_O_ERROR,
	JL_O_EXCLUDE,
	JL_O_EXCLUSIVE,
	JL_O_EXPORT,
	JL_O_EXPORT_FILE,
	JL_O_EXTRA_NODE_INFO,
	JL_O_GET_USER_ENV,
	JL_O_GID,
	JL_O_GPU_BIND,
	JL_O_GPU_FREQ,
	JL_O_GPUS,
	JL_O_GPUS_PER_NODE,
	JL_O_GPUS_PER_SOCKET,
	JL_O_GPUS_PER_TASK,
	JL_O_GRES,
	JL_O_GRES_FLAGS,
	JL_O_HELP,
	JL_O_HINT,
	JL_O_HOLD,
	JL_O_IGNORE_PBS,
	JL_O_INPUT,
	JL_O_JOB_NAME,
	JL_O_KILL_ON_INVALID_DEP,
	JL_O_LICENSES,
	JL_O_MAIL_TYPE,
	JL_O_MAIL_USER,
	JL_O_MCS_LABEL,
	JL_O_MEM,
	JL_O_MEM_BIND,
	JL_O_MEM_PER_CPU,
	JL_O_MEM_PER_GPU,
	JL_O_MINCPUS,
	JL_O_NETWORK,
	JL_O_NICE,
	JL_O_NO_KILL,
	JL_O_NO_REQUEUE,
	JL_O_NODEFILE,
	JL_O_NODELIST,
	JL_O_NODES,
	JL_O_NTASKS,
	JL_O_NTASKS_PER_CORE,
	JL_O_NTASKS_PER_GPU,
	JL_O_NTASKS_PER_NODE,
	JL_O_NTASKS_PER_SOCKET,
	JL_O_NTASKS_PER_TRES,
	JL_O_OPEN_MODE,
	JL_O_OUTPUT,
	JL_O_OVERCOMMIT,
	JL_O_OVERSUBSCRIBE,
	JL_O_PARSABLE,
	JL_O_PARTITION,
	JL_O_POWER,
	JL_O_PREFER,
	JL_O_PRIORITY,
	JL_O_PROFILE,
	JL_O_PROPAGATE,
	JL_O_QOS,
	JL_O_QUIET,
	JL_O_REBOOT,
	JL_O_REQUEUE,
	JL_O_RESERVATION,
	JL_O_SIGNAL,
	JL_O_SOCKETS_PER_NODE,
	JL_O_SPREAD_JOB,
	JL_O_SWITCHES,
	JL_O_TASKS_PER_NODE,
	JL_O_TEST_ONLY,
	JL_O_THREAD_SPEC,
	JL_O_THREADS_PER_CORE,
	JL_O_TIME,
	JL_O_TIME_MIN,
	JL_O_TMP,
	JL_O_UID,
	JL_O_USE_MIN_NODES,
	JL_O_VERBOSE,
	JL_O_VERSION,
	JL_O_USAGE,
	JL_O_WAIT,
	JL_O_WAIT_ALL_NODES,
	JL_O_WCKEY,
	JL_O_WRAP,
	/* later releases (see since/until in the table) */
	JL_O_AUTOCOMPLETE,
	JL_O_CONTAINER_ID,
	JL_O_EXTRA,
	JL_O_TRES_PER_TASK,
	JL_O_SEGMENT,
	JL_O_STEPMGR,
	JL_O_TRES_BIND,
	JL_O_OOM_KILL_STEP,
	JL_O_EXTERNAL,
	JL_O_CONTAINER_TYPE,
	JL_O_CONSOLIDATE_SEGMENTS,
	JL_O_SPREAD_SEGMENTS,
	JL_O_RESOURCES,
	/* srun/salloc only */
	JL_O_ACCEL_BIND,
	JL_O_BCAST,
	JL_O_BCAST_EXCLUDE,
	JL_O_COMPRESS,
	JL_O_CPU_BIND,
	JL_O_DEBUGGER_TEST,
	JL_O_DISABLE_STATUS,
	JL_O_EPILOG,
	JL_O_EXACT,
	JL_O_HET_GROUP,
	JL_O_IMMEDIATE,
	JL_O_INTERACTIVE,
	JL_O_JOBID,
	JL_O_KILL_ON_BAD_EXIT,
	JL_O_LABEL,
	JL_O_THREADS,
	JL_O_MPI,
	JL_O_MSG_TIMEOUT,
	JL_O_MULTI_PROG,
	JL_O_NO_ALLOCATE,
	JL_O_OVERLAP,
	JL_O_PRESERVE_ENV,
	JL_O_PROLOG,
	JL_O_PTY,
	JL_O_QUIT_ON_INTERRUPT,
	JL_O_RELATIVE,
	JL_O_RESV_PORTS,
	JL_O_SEND_LIBS,
	JL_O_SLURMD_DEBUG,
	JL_O_TASK_EPILOG,
	JL_O_TASK_PROLOG,
	JL_O_UNBUFFERED,
	JL_O_WHOLE,
	JL_O_X11,
	JL_O_EXTERNAL_LAUNCHER,
	JL_O_TREEWIDTH,
	JL_O_WAIT_FOR_CHILDREN,
	JL_O_ASYNC,
	JL_O_IGNORE_SIGNALS,
	/* salloc only (kept so jl_opt_other_command() can name them) */
	JL_O_BELL,
	JL_O_NO_BELL,
	JL_O_NO_SHELL,
	JL_O_KILL_COMMAND,
	/* pyxis SPANK plugin (srun; sbatch where the site loads it) */
	JL_O_CONTAINER_IMAGE,
	JL_O_CONTAINER_MOUNTS,
	JL_O_CONTAINER_WORKDIR,
	JL_O_CONTAINER_NAME,
	JL_O_CONTAINER_SAVE,
	JL_O_CONTAINER_MOUNT_HOME,
	JL_O_NO_CONTAINER_MOUNT_HOME,
	JL_O_CONTAINER_REMAP_ROOT,
	JL_O_NO_CONTAINER_REMAP_ROOT,
	JL_O_CONTAINER_ENTRYPOINT,
	JL_O_NO_CONTAINER_ENTRYPOINT,
	JL_O_CONTAINER_ENTRYPOINT_LOG,
	JL_O_CONTAINER_WRITABLE,
	JL_O_CONTAINER_READONLY,
	JL_O_CONTAINER_ENV,
	JL_O_CONTAINER_UNSHARE,
	JL_O__COUNT
};

/* Argument kind, as glibc struct option has_arg. */
enum jl_arg {
	JL_ARG_NONE,		/* flag */
	JL_ARG_REQUIRED,	/* takes the next token if not attached */
	JL_ARG_OPTIONAL		/* only --opt=VAL or -oVAL */
};

/* Value grammar, checked by the parsers in value.h. */
enum jl_vkind {
	JL_V_NONE,		/* flag, no value */
	JL_V_STRING,		/* free text, not checked */
	JL_V_INT,		/* parse_int(), >= 0 */
	JL_V_POSINT,		/* parse_int(), > 0 */
	JL_V_TIME,		/* time_str2mins() */
	JL_V_MEM,		/* str_to_mbytes() */
	JL_V_GRES,		/* --gres list */
	JL_V_GPUS,		/* [type:]count[,...] */
	JL_V_NODES,		/* min[-max] */
	JL_V_ARRAY,		/* --array */
	JL_V_SIGNAL,		/* [{R|B}:]sig[@time] */
	JL_V_DEPENDENCY,	/* --dependency */
	JL_V_EXCLUSIVE,		/* [=user|mcs|exclusive|oversubscribe] */
	JL_V_PATTERN,		/* --output/--error/--input file pattern */
	JL_V_MAILTYPE,		/* comma list of mail types */
	JL_V_OPENMODE,		/* append|truncate (first char) */
	JL_V_BEGIN,		/* parse_time() date grammar */
	JL_V_NICE,		/* [adj] */
	JL_V_YESNO,		/* yes|no */
	JL_V_ZEROONE,		/* 0|1 */
	JL_V_DIST,		/* --distribution */
	JL_V_GRESFLAGS,		/* --gres-flags */
	JL_V_PROFILE,		/* --profile */
	JL_V_MEMBIND,		/* --mem-bind */
	JL_V_PROPAGATE,		/* --propagate (rlimit names) */
	JL_V_REQUEUE		/* --requeue[=expedite] (25.11) */
};

/* Commands that accept an option (bit mask). */
#define JL_CMD_SBATCH	0x1u
#define JL_CMD_SRUN	0x2u
#define JL_CMD_SALLOC	0x4u
#define JL_CMD_MASK	0x7u
/*
 * Modifiers that may be ORed into the cmd argument of the lookups:
 * JL_CMD_F_NOSPANK hides SPANK (pyxis) rows, as on a site without the
 * plugin; JL_CMD_F_SPANK makes SPANK rows apply to every command, as on a
 * site whose plugstack.conf loads pyxis for sbatch and salloc too.
 */
#define JL_CMD_F_NOSPANK	0x100u
#define JL_CMD_F_SPANK		0x200u

/* Flags. */
#define JL_OF_EARLY	0x01u	/* sbatch early pass: no effect in #SBATCH */
#define JL_OF_RESET	0x02u	/* reset for each het component */
#define JL_OF_SPANK	0x04u	/* SPANK plugin option (pyxis) */
#define JL_OF_DEPRECATED 0x08u	/* accepted but deprecated */
#define JL_OF_ALIAS	0x10u	/* alias row; id names the real option */
#define JL_OF_ENV_PARTS	0x20u	/* its env variables set parts of the value,
				   not the whole of it each (--switches) */

/* Slurm versions as major*100+minor: 2205, 2302, 2311, 2405, 2411, ... */
#define JL_SLURM_2205	2205u
#define JL_SLURM_2302	2302u
#define JL_SLURM_2311	2311u
#define JL_SLURM_2405	2405u
#define JL_SLURM_2411	2411u
#define JL_SLURM_2505	2505u
#define JL_SLURM_2511	2511u
#define JL_SLURM_2605	2605u
#define JL_SLURM_DEFAULT	JL_SLURM_2205

/* The i-th Slurm release jlint knows, "22.05", ...; NULL past the end. */
const char *jl_slurm_release_text(size_t i);
/* A Slurm release jlint knows, "24.11" or "24.11.5", as major*100+minor
 * (2411) in *out; -1 for anything else.  The CLI's --slurm-version, a
 * policy's slurm_version and jlint audit (the cluster's) read it. */
int	jl_slurm_release(const char *, unsigned *out);
/* The newest Slurm release jlint knows (2605). */
unsigned jl_slurm_newest(void);
/* The option of cmd that the newest releases jlint knows read name (len
 * bytes, without "--") as, in full or abbreviated, all the same one: the
 * row of the earliest of them (its since: when that began); NULL when
 * the newest does not read it so. */
const struct jl_opt *jl_opt_any_release(unsigned cmd, const char *name,
	    size_t len);

struct jl_opt {
	const char	*name;		/* long name without "--" */
	int		 shortopt;	/* short letter, or 0 */
	enum jl_optid	 id;
	enum jl_arg	 arg;
	enum jl_vkind	 kind;
	unsigned	 cmds;		/* JL_CMD_* accepting this row */
	unsigned	 flags;		/* JL_OF_* */
	const char	*env;		/* SBATCH_* variable(s), space separated, or NULL */
	unsigned	 since;		/* first Slurm version (0 = always) */
	unsigned	 until;		/* first version WITHOUT it (0 = still there) */
	const char	*doc;		/* one line */
};

/* The whole table (sorted by name; one row per name and command set). */
extern const struct jl_opt	jl_opt_table[];
extern const size_t		jl_opt_count;

/* Result of a long-option lookup. */
enum jl_optstatus {
	JL_OPT_FOUND,		/* exact name or unique prefix */
	JL_OPT_UNKNOWN,
	JL_OPT_AMBIGUOUS
};

#define JL_OPT_MAXCANDS	16

struct jl_optmatch {
	enum jl_optstatus	 status;
	const struct jl_opt	*opt;			/* when FOUND */
	int			 exact;			/* 1 if the full name was given */
	const struct jl_opt	*cands[JL_OPT_MAXCANDS];/* when AMBIGUOUS */
	size_t			 ncands;
};

/*
 * Find a long option as glibc getopt_long() does for the given command
 * and Slurm version: an exact name wins; otherwise a unique prefix; several
 * prefix matches are ambiguous unless each has the same struct option
 * attributes as the first (glibc 2.36 posix/getopt.c:process_long_option()
 * compares has_arg, flag and val).  Here that means the same id, arg kind
 * and short letter: --cpu-b (cpu-bind, alias cpu_bind) is FOUND, but --clus
 * (cluster, val LONG_OPT_CLUSTER vs clusters, val 'M') is AMBIGUOUS exactly
 * as in sbatch.  cands then lists the first match and every match that
 * differs from it, as glibc's "possibilities:" message does.  name is not
 * NUL-terminated: len bytes, without the leading "--" and any "=value".
 */
void	jl_opt_find_long(unsigned cmd, unsigned version, const char *name,
	    size_t len, struct jl_optmatch *m);
/* The row for a short option letter, or NULL. */
const struct jl_opt *jl_opt_find_short(unsigned cmd, unsigned version, int c);
/* The canonical (non-alias) row of an id for a command, or NULL.  Prefers
 * the row of JL_SLURM_DEFAULT, else the first row in table order. */
const struct jl_opt *jl_opt_by_id(unsigned cmd, enum jl_optid id);
/* The same, for one Slurm version only. */
const struct jl_opt *jl_opt_by_id_v(unsigned cmd, unsigned version,
	    enum jl_optid id);
/* The row whose env list contains var (e.g. "SBATCH_PARTITION") in
 * version (0 = any), or NULL. */
const struct jl_opt *jl_opt_by_env(unsigned version, const char *var);
/* Where var stands in a row's env list (space separated words): 0 for the
 * first word, 1 for the second, ...; -1 if it is not there. */
int	jl_opt_env_index(const char *list, const char *var);
/*
 * Did-you-mean: the closest long option name for cmd/version by edit
 * distance (optimal string alignment Damerau-Levenshtein, compared without
 * case and with '_' read as '-'), accepted when at most max(2, len/3) and
 * less than len; ties go to the first row in table order; NULL if none.
 * So --cpus_per_task gives "cpus-per-task" (distance 0).  Ask
 * jl_opt_other_command()/jl_opt_other_version() first: a name of another
 * command or release deserves that message rather than a guess.
 */
const char *jl_opt_suggest(unsigned cmd, unsigned version, const char *name,
	    size_t len);
/*
 * For a name that is NOT an option of cmd in version: a row with exactly
 * that name for another command in the same version (e.g. --pty asked of
 * sbatch gives the srun row), or NULL.
 */
const struct jl_opt *jl_opt_other_command(unsigned cmd, unsigned version,
	    const char *name, size_t len);
/*
 * For a name that is NOT an option of cmd in version: a row with exactly
 * that name for cmd in another Slurm version (e.g. --tres-per-task in
 * 22.05 gives the 23.02+ row; check since/until for the message), or NULL.
 */
const struct jl_opt *jl_opt_other_version(unsigned cmd, unsigned version,
	    const char *name, size_t len);
/* Is the row available for cmd in version?  version 0 = any version. */
int	jl_opt_available(const struct jl_opt *, unsigned cmd, unsigned version);

#endif
