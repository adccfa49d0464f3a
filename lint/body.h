/*
 * body.h: the script body read shell-aware (not line regexes): comments,
 * quotes, line continuations, heredocs (data, not commands), ; && || | &,
 * subshells and braces, functions, assignments and export.  From it come the
 * steps (launchers and containers) and the body facts rules need.
 *
 * Every word and step keeps a byte span into the script (struct jl_loc).
 * Commands read from a string (a trap handler, bash -c '...') have exact
 * spans when the string is one '...' word, else the span of that word.
 */
#ifndef JL_BODY_H
#define JL_BODY_H

#include <stddef.h>
#include <stdint.h>

#include "mem.h"
#include "opt.h"
#include "src.h"

/* One shell word after quote removal, with its span in the script. */
struct jl_word {
	const char	*text;		/* unquoted text (arena); $x, $(..)
					   and ${..} kept literally */
	struct jl_loc	 loc;		/* span of the word as written */
	unsigned char	 quoted;	/* some part was quoted */
	unsigned char	 has_expansion;	/* an unquoted or double-quoted
					   $ or ` */
	unsigned char	 assign;	/* NAME=, NAME+= or NAME[i]= with the
					   name and '=' unquoted */
};

/* A parsed option of a launcher or container command. */
struct jl_stepopt {
	const char		*name;	/* as written: "--nv", "-n", "--gres" */
	const struct jl_opt	*opt;	/* srun/salloc table row, or NULL */
	const char		*value;	/* NULL for flags */
	struct jl_loc		 loc;	/* span of the option and its value */
};

enum jl_launcher {
	JL_LAUNCH_NONE,		/* runs in the batch step itself */
	JL_LAUNCH_SRUN,
	JL_LAUNCH_MPIRUN,	/* mpirun, mpiexec, mpiexec.hydra */
	JL_LAUNCH_TORCHRUN,	/* torchrun,
				   python -m torch.distributed.run|launch */
	JL_LAUNCH_ACCELERATE,	/* accelerate launch */
	JL_LAUNCH_DEEPSPEED,
	JL_LAUNCH_HOROVODRUN,
	JL_LAUNCH_SALLOC	/* salloc inside a batch script */
};

enum jl_ctr_runtime {
	JL_CTR_NONE,
	JL_CTR_SINGULARITY,
	JL_CTR_APPTAINER
};

/*
 * apptainer|singularity [global flags] VERB [flags] IMAGE [args].  Flags
 * count only between the verb and the image (SetInterspersed(false)).
 */
struct jl_container {
	enum jl_ctr_runtime	 runtime;
	const char		*verb;		/* exec, run, shell, test or
						   instance (verb_loc spans
						   "instance start|run") */
	struct jl_loc		 verb_loc;
	struct jl_vec		 flags;		/* struct jl_stepopt *: before
						   the image */
	struct jl_vec		 late_flags;	/* struct jl_stepopt *: words
						   right after the image that
						   are container flags (they
						   reach the program) */
	const char		*image;		/* NULL if missing, or unknown
						   (opaque) */
	struct jl_loc		 image_loc;
	/*
	 * The image as the shell and the runtime see it: image with each
	 * $NAME or ${NAME} replaced by its value when every assignment of
	 * NAME before the step gives it the same literal one; another
	 * expansion kept as written after literal text (/scratch/$USER/x),
	 * NULL when the image starts with one; for instance://NAME, the
	 * image_resolved of the instance the script started as NAME.
	 */
	const char		*image_resolved;
	/*
	 * A word where flags or the image may be is an expansion that may
	 * become several words, or none (unquoted $OPTS, "$@", "${a[@]}",
	 * $*) and the script does not show its value: the flags from it
	 * on, the image and the program are unknown (image is NULL).  An
	 * unquoted $NAME with one literal value is split as the shell
	 * does and read instead (at most 16 in a command); one whose
	 * every value is a path without blanks is the image.
	 */
	int			 opaque;
	struct jl_vec		 args;		/* struct jl_word *: all words
						   after the image */
	int			 nv;		/* --nv among flags */
	int			 rocm;		/* --rocm among flags */
	/*
	 * APPTAINER_NV (else SINGULARITY_NV) set earlier in the script or
	 * on this command: 1 when Go's ParseBool reads it as true, 0 when
	 * unset, false, empty or rejected ("yes"), -1 when it is an
	 * expansion ($X) jlint cannot evaluate.
	 */
	int			 nv_env;
	int			 rocm_env;	/* APPTAINER_ROCM, the same */
	int			 cleanenv;	/* -e/--cleanenv */
	int			 containall;	/* -C/--containall, --compat */
	int			 nvccli;	/* --nvccli (implies --nv since
						   Apptainer 1.1), or
						   APPTAINER_NVCCLI: 1, 0, -1
						   as nv_env */
	/*
	 * The host's /dev is hidden (a minimal /dev without /dev/kfd and
	 * /dev/dri): -c/--contain, -C/--containall, --compat, --boot,
	 * --no-mount dev, or the same from APPTAINER_CONTAIN, _CONTAINALL,
	 * _COMPAT, _NO_MOUNT (SINGULARITY_ likewise).  1 hidden, 0 shown,
	 * -1 an expansion jlint cannot evaluate; dev_why names the cause.
	 */
	int			 dev_hidden;
	const char		*dev_why;
	/*
	 * -B/--bind, --mount or APPTAINER_BIND(PATH) binds /dev/kfd (or
	 * all of /dev) into the container: 1, 0, -1 a value with $ or `.
	 */
	int			 amd_binds;
	/*
	 * The GPU flag's variables (APPTAINER_NV, _NVCCLI, _ROCM and their
	 * SINGULARITY_ twins) are not set where jlint can read them, but a
	 * command before the step may set them out of its sight: what ("
	 * \"source env.sh\" on line 4", the login shell of #!/bin/bash -l),
	 * or NULL.  A missing GPU flag is then a guess, not a certainty.
	 */
	const char		*env_maybe;
	const char		*instance_name;	/* instance start|run: NAME */
	const struct jl_container *instance;	/* IMAGE instance://NAME: the
						   instance started earlier
						   in the script, or NULL */
};

/*
 * What every simple command has (struct jl_cmd; a step has it too, as its
 * first members):
 *   loc		the whole simple command
 *   words		struct jl_word *: the words after prefix assignments,
 *			without redirections
 *   prefix		struct jl_assign *: NAME=val before the command word,
 *			and env(1) NAME=value
 *   program		first word of the program run after launchers and
 *			containers, or NULL; program_loc its span
 *   parent		the command whose string this was read from (trap,
 *			bash -c), or NULL
 *   background		in a list ended by &, or run several at once by
 *			xargs -P N (N not 1) or GNU parallel (not -j 1), or
 *			srun --async (Slurm 26.05: queued, srun returns)
 *   in_function	inside a function body
 *   in_loop		inside for/while/until
 *   in_trap		run from a trap handler
 *   requeue		scontrol requeue[hold]
 *   program_unknown	the program is not known: the command word is a
 *			parameter expansion whose value the script does
 *			not show ($MPIRUN ./app, "$RUN" x), or GNU
 *			parallel reads its commands from its input
 *   stdin_redir	its standard input is not the script's: a
 *			here-document, a here-string, < file (or 0<), or
 *			a pipe into it (a | cmd, also into the first
 *			command of a group after the pipe); or one of
 *			those redirections on a group, subshell, loop, if
 *			or case around it ({ cmd; } < f, done < list)
 */
struct jl_step;

#define JL_CMD_FIELDS \
	struct jl_loc		 loc; \
	struct jl_vec		 words; \
	struct jl_vec		 prefix; \
	const char		*program; \
	struct jl_loc		 program_loc; \
	struct jl_step		*parent; \
	unsigned char		 background; \
	unsigned char		 in_function; \
	unsigned char		 in_loop; \
	unsigned char		 in_trap; \
	unsigned char		 requeue; \
	unsigned char		 stdin_redir; \
	unsigned char		 program_unknown;

/* A simple command that is not a step (body.commands holds them all). */
struct jl_cmd {
	JL_CMD_FIELDS
};

/*
 * One simple command that launches work (a launcher or a container).  Its
 * first members are a struct jl_cmd (cmd), also reachable by their own
 * names: body.commands points at &step->cmd, the same address.  The model
 * of a big script is mostly commands that are not steps; they are kept
 * as the smaller struct jl_cmd (bench/).
 */
struct jl_step {
	union {
		struct jl_cmd	 cmd;
		struct {
			JL_CMD_FIELDS
		};
	};
	enum jl_launcher	 launcher;	/* the outermost launcher */
	const char		*launcher_name;	/* "srun", "mpirun",
						   "torch.distributed.run" */
	struct jl_loc		 launcher_loc;
	struct jl_vec		 opts;		/* struct jl_stepopt *:
						   launcher options */
	int64_t			 nprocs;	/* processes or tasks it
						   starts, -1 unknown */
	int64_t			 ngpus;		/* GPUs the launcher asks
						   for, -1 unknown */
	int			 pty;		/* srun --pty */
	int			 more_args;	/* run by xargs or parallel,
						   which add words at its end */
	struct jl_container	*ctr;		/* container it runs, or NULL */
	const char		*pyxis_image;	/* srun --container-image */
	struct jl_loc		 pyxis_loc;
	int64_t			 nnodes;	/* -N, --nnodes, --num_nodes;
						   -1 unknown */
	int64_t			 nprocs_per_node; /* --ntasks-per-node,
						   --nproc_per_node,
						   --num_gpus; -1 unknown */
	int			 gpu_req;	/* 1 a GPU option asks for
						   GPUs, -1 explicitly none
						   (--gres=none, --gpus=0),
						   0 no GPU option */
	enum jl_launcher	 inner_launcher; /* launcher run by the
						   launcher (srun torchrun) */
	const char		*inner_launcher_name;
	int64_t			 inner_nprocs;	/* its processes, -1 unknown */
	int64_t			 inner_per_node; /* its processes per node
						   (--nproc_per_node), -1 */
	int			 tasks_unknown;	/* srun's own options set its
						   task count, but not in a
						   way jlint reads (-n $NP,
						   -N 1-2, --ntasks-per-gpu):
						   nprocs is -1, and it may
						   start several */
	/*
	 * srun gives its tasks no PATH (the --export it reads, its own or
	 * the one it takes from SRUN_EXPORT_ENV or SLURM_EXPORT_ENV, has
	 * neither ALL nor PATH) and runs nopath_prog by a bare name, which
	 * slurmstepd looks for in that PATH (_build_path()): how srun got
	 * the --export ("--export=NONE", "SLURM_EXPORT_ENV=NONE, from
	 * sbatch's --export=NONE on line 3"), else NULL.
	 */
	const char		*nopath;
	const char		*nopath_prog;
	const char		*nopath_maybe;	/* what out of sight may have
						   changed that variable, or
						   NULL */
	unsigned char		 nopath_own;	/* srun's own --export */
	unsigned char		 nopath_named;	/* it names variables */
	int			 gpu_args;	/* the program's arguments speak
						   of several GPUs (--num-gpus,
						   --tensor-parallel-size,
						   --devices, device_map,
						   $SLURM_GPUS_ON_NODE, ...):
						   it may use more than one */
};

/* A shell function definition: name() { ... } or function name { ... }. */
struct jl_func {
	const char	*name;
	struct jl_loc	 loc;		/* the name */
	int		 requeues;	/* its body, or a function it calls,
					   runs scontrol requeue */
};

/* A trap builtin: trap 'handler' SIG...  Commands of the handler text are
 * read too and appear in commands/steps with in_trap set. */
struct jl_trap {
	struct jl_loc	 loc;
	const char	*handler;	/* handler text (arena); "" ignores the
					   signals; NULL resets them (trap -
					   SIG, trap SIG) */
	struct jl_vec	 signals;	/* const char *: normalised names
					   "USR1", "TERM", "EXIT" */
	int		 requeues;	/* handler runs scontrol requeue */
};

/* NAME=value as an assignment or export, at top level or anywhere. */
struct jl_assign {
	const char	*name;
	const char	*value;		/* unquoted; NULL for "export NAME" */
	struct jl_loc	 loc;
	int		 exported;
	int		 prefix;	/* NAME=value cmd (or env NAME=value
					   cmd): only for that command */
	int		 has_expansion;	/* value contains $ or ` */
};

struct jl_body {
	struct jl_vec	 steps;		/* struct jl_step * in script order */
	struct jl_vec	 traps;		/* struct jl_trap * */
	struct jl_vec	 assigns;	/* struct jl_assign *: assignments,
					   exports, declare -x, local */
	struct jl_vec	 modules;	/* struct jl_word *: module load|add
					   and ml arguments */
	struct jl_vec	 requeue_calls;	/* struct jl_word *: scontrol of
					   "scontrol requeue" */
	struct jl_vec	 cuda_visible;	/* struct jl_assign *:
					   CUDA_VISIBLE_DEVICES,
					   ROCR_VISIBLE_DEVICES,
					   HIP_VISIBLE_DEVICES */
	struct jl_vec	 commands;	/* struct jl_cmd *: every simple
					   command (&step->cmd for the
					   steps); words.n is 0 for
					   assignment-only commands */
	struct jl_vec	 funcs;		/* struct jl_func * */
	struct jl_vec	 heredocs;	/* struct jl_loc *: here-document bodies
					   of the script (data, not commands) */
	struct jl_vec	 strings;	/* struct jl_loc *: quoted strings of
					   the script that span lines (their
					   lines are data, not comments) */
	int		 unterminated_heredoc;	/* no delimiter line */
	struct jl_loc	 unterminated_heredoc_loc;
	int		 unterminated_quote;	/* quote, $( or ` open at EOF */
	struct jl_loc	 unterminated_quote_loc;
	int		 truncated;	/* a limit was hit (JL_BODY_MAX_*) */
};

/* Hard limits: bounded work on any input. */
#define JL_BODY_MAX_DEPTH	64	/* nesting of (), {}, $(), quotes */
#define JL_BODY_MAX_COMMANDS	100000	/* simple commands kept */
#define JL_BODY_MAX_WORDS	4096	/* words and prefix assignments
					   kept per command */

/*
 * Read the body of src.  Everything (directives included; they are shell
 * comments) is read as the shell would.  version selects the srun table
 * (JL_SLURM_2205 ...).  Returns 0, or -1 when memory ran out (a->failed).
 * The result lives in the arena.
 */
int	jl_body_read(struct jl_arena *, const struct jl_src *,
	    unsigned version, struct jl_body *);

/*
 * The environment the script starts with, as far as it is known: the
 * job's (the request's environment inside slurmctld, the submitter's
 * filtered by --export under jlint sbatch and the cli_filter plugin).
 * Without one (jl_body_read(), the plain CLI) the script is read as
 * starting with none of the variables it reads (APPTAINER_NV ...).
 */
struct jl_body_env {
	const char *const	*env;	/* NAME=value, NULL-terminated */
	const char		*from;	/* where env comes from, for messages */
	/* The job also starts with variables jlint cannot see (the
	 * user's login environment: --export=NONE): what, or NULL. */
	const char		*maybe;
	/* SLURM_EXPORT_ENV as sbatch sets it for its --export other than
	 * ALL (_opt_verify()), when env does not hold it, and what said so
	 * ("set by sbatch's --export=NONE on line 3"); NULL, NULL. */
	const char		*export_env;
	const char		*export_from;
};

/* Could s (NAME or NAME=value) be one of the variables the body reader
 * follows: does it start APPTAINER_ or SINGULARITY_ (the container's), or
 * is it SLURM_EXPORT_ENV or SRUN_EXPORT_ENV (srun's --export)? */
int	jl_body_env_var(const char *s);
/* Their names (APPTAINER_NV, ..., SLURM_EXPORT_ENV): *n of them. */
const char *const *jl_body_env_names(size_t *n);

/* jl_body_read() for a script that starts with env (NULL: as jl_body_read). */
int	jl_body_read_env(struct jl_arena *, const struct jl_src *,
	    unsigned version, const struct jl_body_env *env,
	    struct jl_body *);

/* Do the program's arguments of a command that is not a step speak of
 * several GPUs (as struct jl_step's gpu_args)?  Reads its words. */
int	jl_cmd_gpu_args(const struct jl_cmd *);
size_t	jl_cmd_program_at(const struct jl_cmd *);

/*
 * The launcher a word names by itself, wherever it stands in a command:
 * a program by its base name (srun, mpirun, /usr/bin/torchrun, ibrun,
 * accelerate) or a python -m module (torch.distributed.run), from the
 * body reader's own table; JL_LAUNCH_NONE for any other word.  Unlike a
 * step's launcher no "launch" verb or "-m" is asked for.  lightning and
 * colossalai, whose options the body reader does not read, start
 * torch.distributed processes: JL_LAUNCH_TORCHRUN.
 */
enum jl_launcher jl_launcher_word(const char *);

#endif
