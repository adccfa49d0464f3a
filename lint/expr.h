/*
 * expr.h: the rule expression language (`when:` conditions and `message:`
 * templates of YAML rules and site rules).
 *
 * An expression is compiled ONCE, when the ruleset loads: it is tokenised
 * (expr-lex.c), parsed by a Pratt parser into an AST (expr-parse.c), and
 * every name is resolved against the job schema and type-checked
 * (expr-check.c).  A typo or a type error is a load error that carries the
 * byte offset inside the expression; nothing is left to fail silently per
 * job.  Evaluation (expr-eval.c) walks the typed AST against one job with
 * no parsing and no name lookup; its cost is linear in the size of the
 * expression times the size of the lists it iterates (steps, traps, ...).
 *
 * LANGUAGE
 *
 *   or  and  not                    boolean words (not ||, &&, !)
 *   == != < <= > >=                 comparisons (not chainable)
 *   x in LIST, x not in LIST        list membership (never substrings)
 *   s matches 'RE', not matches     PCRE2 regex search (unanchored: use
 *                                   ^ and $); RE must be a constant
 *   + - * /                         arithmetic; unary minus
 *   ( )  [a, b, c]                  grouping, list literals
 *   a.b.c                           field paths
 *   f(args), f(LIST, x => PRED)     functions, lambdas
 *
 * Precedence, lowest first: or, and, not, comparisons/in/matches, + -,
 * * /, unary -, then field access and calls.
 *
 * Literals: integers (42); strings in "..." or '...' where \" \' and \\
 * are escapes and any other backslash is kept as written (so regexes read
 * naturally: 'a\.b'); true, false, null; durations with lowercase units
 * d h m s, largest first, each once: 12h, 6d, 30m, 90s, 1d12h (seconds
 * round up to whole minutes, as Slurm does); sizes with one uppercase unit
 * K M G T, megabyte based: 512M, 16G, 1T (1K rounds up to 1M);
 * duration("2-00:00:00") and size("4G") (alias mem()) read Slurm's --time
 * and --mem grammars at compile time; duration("UNLIMITED") is unlimited.
 *
 * Types: bool, int, duration (minutes), size (megabytes), string,
 * list<T>, and the objects job, step, container, trap, partition, site,
 * body.  A duration may be "unlimited", which compares greater than every
 * other duration and equal to itself; unlimited + d, unlimited - d,
 * unlimited * n (n > 0) and unlimited / n are unlimited, d - unlimited and
 * -unlimited are null, d / unlimited is 0.  Durations and sizes do not mix with
 * plain ints in comparisons or + and -: write `job.time > 12h`, not
 * `job.time > 720`.  Arithmetic: int op int; duration +- duration;
 * duration * int, int * duration, duration / int; the same for sizes;
 * duration / duration and size / size give an int; string + string
 * concatenates.  Strings compare bytewise (== != < ...).  Objects and
 * lists compare only with null.
 *
 * NULL AND THREE-VALUED LOGIC (SQL-like)
 *
 *   A fact that is absent (the job does not set it, the policy does not
 *   give it) is null, which means "unknown".  Unknown propagates:
 *   - arithmetic with a null operand is null; so is division by zero and
 *     an integer overflow;
 *   - a comparison, `in` or `matches` with a null operand is null,
 *     EXCEPT `x == null` and `x != null` (a null LITERAL on either side),
 *     which test for absence and are always true or false.  has(x) is
 *     the same as x != null;
 *   - `x in LIST` is true if an element equals x, else null if some
 *     element is null, else false;
 *   - not, and, or follow Kleene logic: not null = null; false and null =
 *     false; true or null = true; otherwise null;
 *   - any(L, v => P) is true if P is true for some element, else null if
 *     P is null for some element, else false; all() dually; count()
 *     counts the elements where P is true;
 *   - a field of a null object is null (step.container.image with no
 *     container), except partition.exists (see below).
 *   A rule fires only when its condition is TRUE: an unknown fact never
 *   fires a rule.  To fire on absence, say so: `job.time == null`.
 *   `not` of a non-bool is a compile-time error, as are and/or on
 *   non-bools; a bool-typed fact that is unknown is null.
 *
 * FUNCTIONS
 *
 *   any(L, v => P), all(L, v => P)   bool        count(L, v => P)  int
 *   len(L or string)      int         has(x)                       bool
 *   lower(s)              string      contains(s, sub), starts_with(s, p),
 *                                     ends_with(s, p)             bool
 *   duration("D-HH:MM:SS"), size("16G"), mem("16G")   constants
 *   gpus_per_node(partition, TYPE)    int|null: GPUs of TYPE per node,
 *       the maximum over the partition's node classes (0 if none has it)
 *   has_option(step, "--exact")       bool: the launcher got that option:
 *       the name as written ("--ntasks", "-n"), or for srun any spelling
 *       of the same option ("--ntasks" matches "-n 4" and "--ntas=4")
 *   option(step, "--ntasks")          string|null: its last value ("" for
 *       a flag)
 *
 * SCHEMA (the names are the contract; see the table in expr-check.c)
 *
 *   job.time, job.time_min          duration|null (unlimited possible)
 *   job.time_form                   string|null: "unlimited", "minutes",
 *       "minutes:seconds", "hours:minutes:seconds", "days-hours",
 *       "days-hours:minutes", "days-hours:minutes:seconds"
 *   job.time_text                   string|null: as written
 *   job.partition                   string|null: first of the list
 *   job.partitions                  list<string> (empty when unset)
 *   job.nodes, job.nodes_max, job.ntasks, job.cpus_per_task,
 *   job.ntasks_per_node             int|null
 *   job.mem, job.mem_per_cpu, job.mem_per_gpu   size|null (by kind)
 *   job.gpus                        int|null: whole job, 0 when no GPU is
 *                                   requested, null when unknown
 *   job.gpus_per_node               int|null (estimate)
 *   job.gpus_per_task               int|null
 *   job.gpu_type                    string|null
 *   job.gpu_requested, job.array, job.output_has_array_id,
 *   job.signal_batch_only           bool
 *   job.requeue                     bool|null
 *   job.exclusive                   string|null: "exclusive",
 *                                   "oversubscribe", "user", "mcs"
 *   job.array_tasks                 int|null
 *   job.output, job.error, job.name, job.account, job.qos   string|null
 *   job.signal                      string|null ("USR1")
 *   job.signal_time                 int|null (seconds)
 *   job.opt.<option-name>           string|null: the effective value as
 *                                   given, "" for a flag (sbatch's long
 *                                   option names: job.opt.cpus-per-task)
 *   job.set.<option-name>           bool: the option is in effect
 *   steps                           list<step>   (body launch commands)
 *   traps                           list<trap>
 *   step                            the current step in `for: steps`
 *                                   rules (JL_EXPR_STEP)
 *   step.launcher                   string|null: "srun", "mpirun",
 *       "torchrun", "accelerate", "deepspeed", "horovodrun", "salloc"
 *   step.launcher_name              string|null: as written ("mpiexec")
 *   step.inner_launcher             string|null (srun torchrun ...)
 *   step.processes, step.gpus, step.nodes       int|null
 *   step.pty, step.background, step.in_function, step.in_loop,
 *   step.in_trap, step.requeue      bool
 *   step.program, step.container_image          string|null
 *   step.container                  container|null
 *   step.options                    list<string>: option names as written
 *   container.runtime ("singularity"|"apptainer"), .verb, .image
 *                                   string|null
 *   container.nv, .rocm, .cleanenv, .containall  bool
 *   container.nv_env, .rocm_env     bool|null (null: set from a $VAR)
 *   container.gpu_flag              bool|null: nv or rocm by flag or env
 *   container.flags, .late_flags    list<string>
 *   trap.signals (list<string>), trap.requeues (bool),
 *   trap.handler (string|null: null when the trap resets)
 *   body.scontrol_requeue, body.gpu_visibility_overrides   int
 *   body.modules                    list<string>
 *   site.gpu_flag                   string|null
 *   site.slurm_version              int|null (2205)
 *   site.max_gpus_per_job, site.max_cpus_per_gpu   int|null
 *   site.max_mem_per_gpu            size|null
 *   site.image_dirs, site.runtimes  list<string>|null (null: any)
 *   site.partitions                 list<partition>
 *   partition                       the job's partition in the policy
 *       (named by job.partition, else the policy's default, else its
 *       only partition); null when
 *       the policy has no such partition
 *   partition.name                  string
 *   partition.max_time, .default_time   duration|null
 *   partition.preemptible           bool|null
 *   partition.exists                bool: the job's partition is in the
 *       policy (false also when nothing names one and there is no
 *       default); null when the policy lists no partitions
 *   partition.default               bool
 *   partition.gpu_types             list<string>
 *   partition.max_gpus_per_node     int|null: max over node classes of
 *                                   the GPUs of a node (all types)
 *   partition.cpus_per_node         int|null (max over node classes)
 *   partition.mem_per_node          size|null (max)
 *
 * TEMPLATES
 *
 *   "--time={job.time} is over {partition.max_time} on {partition.name}"
 *   {EXPR} interpolates any expression (usually a path; `matches` is not
 *   allowed); {{ and }} are literal braces.  Durations print as Slurm
 *   does (D-HH:MM:SS, HH:MM:SS, UNLIMITED), sizes as 16G / 512M / 1T,
 *   null as "unset", lists as "a, b".
 *
 * LIMITS
 *
 *   Expression text at most JL_EXPR_MAXLEN bytes; nesting at most
 *   JL_EXPR_MAXDEPTH levels (parentheses, operators, calls, paths).  Each
 *   regex runs under a PCRE2 match limit and depth limit; hitting one is a
 *   runtime error (-1 from the evaluator), never a hang.
 *
 * THREADS
 *
 *   A compiled expression is immutable and may be evaluated from several
 *   threads at once: per-evaluation state (variables, PCRE2 match data,
 *   temporaries) lives on the caller's stack or is malloc'd and freed
 *   within the call.  Nothing here prints, exits or aborts.
 */
#ifndef JL_EXPR_H
#define JL_EXPR_H

#include <stddef.h>
#include <stdint.h>

#include "job.h"
#include "mem.h"
#include "policy.h"

#define JL_EXPR_MAXLEN		4096	/* bytes of expression text */
#define JL_EXPR_MAXDEPTH	64	/* nesting levels */
#define JL_EXPR_MATCH_LIMIT	100000	/* pcre2_set_match_limit() */
#define JL_EXPR_JIT_MIN		1024	/* shorter subjects: no JIT */
#define JL_EXPR_DEPTH_LIMIT	1000	/* pcre2_set_depth_limit() */

/* Scope flags for compilation. */
#define JL_EXPR_STEP		0x1u	/* `step` is bound (for: steps rules) */
#define JL_EXPR_VALUE		0x2u	/* any result type (not only bool) */

struct jl_expr;
struct jl_tmpl;

/*
 * What an expression reads.  m may be NULL (no job: job fields are null,
 * steps and traps empty).  job NULL means jl_model_job(m).  policy NULL
 * means no site facts (all null).  partition NULL means "resolve it":
 * the policy partition named by the job's first partition, else the
 * policy's default one.  step is required in JL_EXPR_STEP expressions
 * (NULL makes `step` null).
 */
struct jl_expr_env {
	const struct jl_model		*m;
	const struct jl_job		*job;
	const struct jl_policy		*policy;
	const struct jl_partition	*partition;
	const struct jl_step		*step;
};

/*
 * Compile src[0..len) (need not be NUL-terminated) with scope flags
 * JL_EXPR_*.  The AST lives in the arena (the ruleset arena); the regexes
 * it holds are PCRE2 objects that jl_expr_free() releases.  Without
 * JL_EXPR_VALUE the result must be a bool.  On error returns NULL, sets
 * *err to a malloc'd message (caller frees with free(); NULL if memory ran
 * out) and *erroff to the 0-based byte offset of the problem in src; on
 * success neither is touched.  err and erroff may be NULL.
 */
struct jl_expr *jl_expr_compile(struct jl_arena *, const char *src,
	    size_t len, unsigned scope, char **err, size_t *erroff);
/* Release the PCRE2 objects of an expression (not its arena memory).
 * Call before freeing the arena; NULL is a no-op. */
void	jl_expr_free(struct jl_expr *);

/* Static type of a compiled expression: "bool", "int", "duration",
 * "size", "string", "list<string>", "step", ... (static string). */
const char *jl_expr_type(const struct jl_expr *);

/*
 * Evaluate a bool expression.  *truth is 1 only when the result is true
 * (false and null give 0).  Returns 0, or -1 when evaluation had to stop:
 * a regex hit its match or depth limit, or memory ran out; then *truth is
 * 0 and jl_expr_eval3() tells why.
 */
int	jl_expr_eval(const struct jl_expr *, const struct jl_expr_env *,
	    int *truth);
/*
 * The same with the three-valued result: *tri is 1 (true), 0 (false) or
 * -1 (null / unknown); on -1 return *why (may be NULL) is a static
 * lowercase reason such as "regex match limit exceeded".
 */
int	jl_expr_eval3(const struct jl_expr *, const struct jl_expr_env *,
	    int *tri, const char **why);
/*
 * Evaluate any expression to text as a template would print it.  Returns
 * a string in the arena (the run arena), or NULL if memory ran out or
 * evaluation stopped (see jl_expr_eval()).
 */
const char *jl_expr_text(struct jl_arena *, const struct jl_expr *,
	    const struct jl_expr_env *);

/* The lines an evaluation of e reads: its nodes, their lists and
 * constants (jl_ruleset_prefetch() in rule.h). */
void	jl_expr_lines(const struct jl_expr *, struct jl_lines *);

/*
 * Compile a message template.  Same conventions as jl_expr_compile():
 * the template lives in the arena, *err is malloc'd, *erroff is a byte
 * offset into text.  Templates hold no regexes and need no free.
 */
struct jl_tmpl *jl_tmpl_compile(struct jl_arena *, const char *text,
	    size_t len, unsigned scope, char **err, size_t *erroff);
/*
 * Render a template.  The result is in the arena (the run arena); NULL
 * only if memory ran out.  A value whose evaluation stopped prints as "?".
 */
const char *jl_tmpl_render(struct jl_arena *, const struct jl_tmpl *,
	    const struct jl_expr_env *);

#endif
