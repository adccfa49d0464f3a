/*
 * body-int.h: internals shared by the stages of the body reader (body.h).
 * Not part of the liblint API.
 *
 * Stages and data flow, for one jl_body_read() (body.c):
 *
 *   script bytes
 *     -> body-lex.c    tokens: words with quoting removed, operators,
 *                      redirections; here-document bodies skipped as data;
 *                      $(...), `...` and <(...) handed back to the parser
 *     -> body-parse.c  simple commands inside lists, pipelines, groups,
 *                      compound commands and functions; each finished
 *                      command becomes a struct jl_step (finish_command)
 *     -> body-steps.c  the step's argv read as its programs read it:
 *                      wrappers, launchers, containers, GPU options
 *     -> body-facts.c  what the command tells about the script: variables
 *                      and exports, modules, traps, requeue; strings that
 *                      are commands (trap handlers, bash -c) go back to
 *                      body-parse.c; after the last command, which
 *                      functions and traps requeue
 *
 * All stages share one struct ctx (the read) and one struct parse per
 * reader (the script, or a string read as commands).  Bounds: every byte
 * is looked at a bounded number of times.  Nesting deeper than
 * JL_BODY_MAX_DEPTH is scanned flat, lookahead for "((" and "$((" is
 * budgeted, at most JL_BODY_MAX_COMMANDS commands and JL_BODY_MAX_WORDS
 * words per command are kept; any limit sets truncated.  All memory comes
 * from the arena; nothing here prints, exits or aborts.
 */
#ifndef JL_BODY_INT_H
#define JL_BODY_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "body.h"

#define MAXD		JL_BODY_MAX_DEPTH
#define NONE_IDX	((size_t)-1)

/* Tokens body-lex.c hands to body-parse.c. */
enum tk {
	T_EOF,
	T_WORD,
	T_NEWLINE,
	T_SEMI,
	T_AMP,
	T_AND,
	T_OR,
	T_PIPE,
	T_DSEMI,		/* ;; ;& ;;& */
	T_LPAREN,
	T_RPAREN,
	T_REDIR,		/* operator and its target word */
	T_ARITH			/* (( ... )) at command position */
};

/* Open groups of a reader (struct frame). */
enum fkind {
	F_SUBSHELL,
	F_BRACE,
	F_IF,
	F_LOOP,
	F_CASE,
	F_COMSUB,		/* $( ... ), <( ... ): closed by ')' */
	F_SUB			/* `...`: ends with its text */
};

/* What a bd_parse_level() reads: the whole input, $( ... ) or `...`. */
enum lkind {
	L_TOP,
	L_COMSUB,
	L_SUB
};

/* A growable byte stack from the arena: word texts being built. */
struct scratch {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

/* A growable pointer stack from the arena: words of open commands. */
struct pstack {
	void	**items;
	size_t	  n;
	size_t	  cap;
};

/* APPTAINER_NV and friends (and srun's *_EXPORT_ENV) as last assigned in
 * the script. */
enum {
	EV_A_NV,
	EV_S_NV,
	EV_A_ROCM,
	EV_S_ROCM,
	EV_A_NVCCLI,
	EV_S_NVCCLI,
	EV_A_CONTAIN,
	EV_S_CONTAIN,
	EV_A_CONTAINALL,
	EV_S_CONTAINALL,
	EV_A_COMPAT,
	EV_S_COMPAT,
	EV_A_NO_MOUNT,
	EV_S_NO_MOUNT,
	EV_A_BIND,
	EV_S_BIND,
	EV_A_BINDPATH,
	EV_S_BINDPATH,
	/* srun's own --export when it has none: SRUN_EXPORT_ENV goes over
	 * SLURM_EXPORT_ENV, which sbatch sets to its --export (not ALL). */
	EV_SRUN_EXPORT,
	EV_SLURM_EXPORT,
	EV_COUNT
};

/* One of them: set, and its value as written. */
struct envvar {
	int		 set;
	const char	*value;
	int		 expansion;
	const char	*from;		/* set by the environment the job
					   starts with (jl_body_env.from),
					   not by the script; NULL */
	const char	*maybe;		/* what may have set it since, out
					   of jlint's sight ("source
					   env.sh" on line 4), or NULL */
};

/*
 * The script's variables as resolve_as() (body-steps.c) reads them: for
 * each name, the value of its assignments so far when they all give the
 * same one (not NULL "export NAME", not local), and whether it holds an
 * expansion.  An open-addressing table in the arena (bd_var_note(),
 * bd_var_find()): one look per reference, whatever the script's size.
 */
struct varslot {
	const char	*name;		/* NULL: empty */
	const char	*value;
	unsigned char	 varies;	/* two values, or one NULL */
	unsigned char	 exp;		/* the value holds $ or ` */
	unsigned char	 plain;		/* ... only as $NAME or ${...} */
	size_t		 len;		/* strlen(value) */
};

/*
 * A variable set in a scope that ends before the script does: local (or
 * declare/typeset) in a function, or any assignment in a child shell
 * ((...), $(...), `...`, the string of bash -c).  Kept on a stack while
 * its scope is open (bd_scope_end()), looked at before the script's
 * table: resolve_as() reads it where it is set, not after.
 */
struct parse;
struct scopevar {
	struct varslot		 v;
	const struct parse	*p;	/* the reader of the scope */
	size_t			 depth;	/* ends when p's frames go below
					   this (0: when p ends) */
};
#define SCOPED_MAX	64

/* A function definition while reading: its commands are [start, end). */
struct fnrec {
	struct jl_func	*f;
	size_t		 start;
	size_t		 end;
	int		 direct;	/* runs scontrol requeue itself */
};

struct parse;

/* Shared state of one jl_body_read(). */
struct ctx {
	struct jl_arena		*a;
	struct jl_body		*body;
	const struct jl_src	*src;
	unsigned		 version;
	struct scratch		 sc;
	struct pstack		 ws;
	size_t			 budget;	/* lookahead bytes left */
	struct envvar		 env[EV_COUNT];
	int			 env_any;	/* some env[] was ever set */
	struct varslot		*vars;		/* struct varslot */
	size_t			 nvars, capvars;
	int			 vars_lossy;	/* a name did not fit: the
						   table answers nothing */
	struct scopevar		*scoped;	/* SCOPED_MAX, innermost last */
	size_t			 nscoped;
	const struct parse	*over_p;	/* a scope that had more: no
						   variable is known in it */
	size_t			 over_depth;
	size_t			 split_left;	/* bytes of variable values
						   the script may still be
						   split into (resolve_word()) */
	struct jl_vec		 fns;		/* struct fnrec * */
	struct jl_vec		 traps;		/* struct traprec *
						   (body-facts.c) */
	struct jl_vec		 instances;	/* struct jl_container *:
						   instance start|run */
	struct parse		*subs[MAXD];	/* string readers by depth */
	struct jl_step		*spare;		/* a step whose command was
						   kept as a struct jl_cmd:
						   reused by the next one */
	char			*pool;		/* bd_pool(): free bytes */
	size_t			 pool_left;
	int			 failed;
};

/* Bytes being read: the script, a region of it, or a trap string. */
struct lexer {
	const char	*s;
	size_t		 pos;
	size_t		 end;
	int		 fixed;		/* every location is floc */
	struct jl_loc	 floc;
	int		 report;	/* set unterminated_* in the body */
	struct jl_vec	 hdocs;		/* struct hdoc * (body-lex.c):
					   pending */
	const struct hmap *map;		/* fixed, a here-document as bash
					   expands it: where its bytes are
					   in the script (body-lex.c) */
	size_t		 nmap;
};

/*
 * A token: its bytes [start, end) and, for a word, its unquoted text.
 * While a word is read its text is the bytes in ctx->sc from tbase, then
 * the script bytes [vstart, vend) not copied yet: most words are their
 * own bytes, and are never copied to ctx->sc (bench/).
 */
struct tok {
	enum tk		 type;
	size_t		 start;
	size_t		 end;
	const char	*text;		/* the unquoted text, once read */
	size_t		 tbase;		/* text in ctx->sc */
	size_t		 tlen;
	size_t		 vstart;	/* pending script bytes */
	size_t		 vend;
	int		 quoted;
	int		 exp;
	int		 assign;
	size_t		 eq;		/* text length up to the '=' */
	int		 rdin;		/* T_REDIR: of the standard input */
};

/* An open group: ( ), { }, if, a loop, case, $( ) or `...`. */
struct frame {
	enum fkind	 kind;
	int		 func;
	size_t		 fn;
	size_t		 list_start;	/* of the enclosing list */
	size_t		 first;		/* its first command */
	size_t		 open;		/* offset of the opener */
};

/* One reader: the script, or a string read as commands (a trap handler,
 * bash -c '...'), with its own lexer and open groups. */
struct parse {
	struct ctx	*c;
	struct lexer	*lx;
	size_t		 nframes;
	size_t		 overflow;	/* groups opened past the limit */
	unsigned	 tdepth;	/* nesting inside words */
	unsigned	 depth_base;	/* depth of the enclosing reader */
	unsigned	 nfunc;
	unsigned	 nloop;
	int		 in_trap;
	struct jl_step	*parent;	/* whose string this reads */
	size_t		 pending_fn;	/* function whose body is next */
	/* Last: only frames[0, nframes) are ever read, so a reader is
	 * cleared up to here (bd_parse_clear()). */
	struct frame	 frames[MAXD];
};

/* A reader with every member but the frames zero. */
static inline void
bd_parse_clear(struct parse *p)
{
	memset(p, 0, offsetof(struct parse, frames));
}

/* ------------------------------------------------------------------ */
/* Small helpers, inline: the lexer calls them for every byte. */

/* Bytes of shell names (body.c). */
#define BD_C_ALPHA_	1	/* a-z A-Z _ */
#define BD_C_DIGIT	2	/* 0-9 */
extern const unsigned char bd_ctype[256];

static inline int
bd_is_alpha_(int ch)
{
	return (unsigned)ch < 256 && (bd_ctype[ch] & BD_C_ALPHA_);
}

static inline int
bd_is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static inline int
bd_is_alnum_(int ch)
{
	return (unsigned)ch < 256 &&
	    (bd_ctype[ch] & (BD_C_ALPHA_ | BD_C_DIGIT));
}

static inline int
bd_is_blank(int ch)
{
	return ch == ' ' || ch == '\t';
}

static inline int
bd_upper(int ch)
{
	return ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch;
}

/* The first byte decides most comparisons without a call to strcmp():
 * command names are compared with a dozen tables per command (bench/). */
static inline int
bd_streq(const char *a, const char *b)
{
	return a != NULL && b != NULL && a[0] == b[0] && strcmp(a, b) == 0;
}

/* Word i of a command (i < st->words.n). */
#define WORD(st, i)	((struct jl_word *)(st)->words.items[(i)])

/* body.c: memory and text helpers every stage uses. */
int	bd_strcaseeq(const char *, const char *);
const char *bd_base_name(const char *);		/* "/usr/bin/srun" -> "srun" */
int	bd_valid_lhs(const char *, size_t);	/* NAME, NAME+, NAME[..] */
size_t	bd_lhs_name_len(const char *, size_t);	/* "A[1]+" -> 1 */
int64_t	bd_parse_count(const char *);		/* decimal >= 0, or -1 */
void	bd_vpush_slow(struct ctx *, struct jl_vec *, void *);
void	*bd_alloc(struct ctx *, size_t);	/* zeroed; NULL sets failed */
char	*bd_sdup(struct ctx *, const char *, size_t);
void	*bd_pool_slow(struct ctx *, size_t);

/* Append p (NULL, or no memory, sets failed); inline while there is room. */
static inline void
bd_vpush(struct ctx *c, struct jl_vec *v, void *p)
{
	if (p != NULL && v->n < v->cap)
		v->items[v->n++] = p;
	else
		bd_vpush_slow(c, v, p);
}

/*
 * n bytes, not zeroed, aligned for any struct of the reader (8), carved
 * from blocks of the arena: the words and commands of a script are many
 * and small (bench/).  NULL sets failed.
 */
#define BD_POOL_BLOCK	4096
static inline void *
bd_pool(struct ctx *c, size_t n)
{
	void	*p;

	n = (n + 7) & ~(size_t)7;
	if (n > c->pool_left)
		return bd_pool_slow(c, n);
	p = c->pool;
	c->pool += n;
	c->pool_left -= n;
	return p;
}

static inline struct jl_loc
bd_mkloc(const struct lexer *lx, size_t start, size_t end)
{
	struct jl_loc	loc;

	if (lx->fixed)
		return lx->floc;
	loc.off = start;
	loc.len = end > start ? end - start : 0;
	return loc;
}

/* The text of a word token (valid until the next token is read). */
static inline const char *
bd_tok_text(const struct tok *t)
{
	return t->text;
}

/* Is t the unquoted word lit (a string literal)? */
static inline int
bd_tok_is_(const struct tok *t, const char *s, size_t n)
{
	return t->type == T_WORD && !t->quoted && t->tlen == n &&
	    memcmp(t->text, s, n) == 0;
}
#define bd_tok_is(t, lit)	bd_tok_is_((t), "" lit, sizeof(lit) - 1)

/* body-lex.c: the reader's bounds, and tokens for the parser. */
static inline int
bd_deep(const struct parse *p)		/* nesting at the limit */
{
	return p->depth_base + p->nframes + p->tdepth >= MAXD;
}
void	bd_truncated(struct parse *);		/* a limit was hit */
void	bd_unterminated_quote(struct parse *, size_t open);
void	bd_next_token(struct parse *, struct tok *, int cmdpos);
int	bd_peek_rparen(struct lexer *);
void	bd_skip_parens(struct lexer *);

/* body-parse.c: read commands until the level of kind ends (L_TOP: the
 * end of the bytes); every simple command goes through
 * bd_step_analyze() and bd_body_facts(). */
void	bd_parse_level(struct parse *, enum lkind, size_t open);

/* Commands read so far. */
static inline size_t
bd_ncmds(const struct parse *p)
{
	return p->c->body->commands.n;
}
struct jl_loc bd_loc_span(struct jl_loc, struct jl_loc);
struct jl_assign *bd_assign_make(struct ctx *, const char *text, size_t len,
	    size_t eq, struct jl_loc, int exported, int prefix, int exp);

/*
 * What a program is to the body reader, from its base name: the wrappers
 * looked through, the launchers, the container runtimes, the shells that
 * run -c strings and scontrol.  One look per word (bench/).
 */
enum pcls {
	PC_NONE,		/* no program */
	PC_OTHER,
	PC_TIME,
	PC_ENV,
	PC_NOHUP,
	PC_BUILTIN,
	PC_EXEC,
	PC_COMMAND,
	PC_NICE,
	PC_STDBUF,
	PC_TIMEOUT,
	PC_NUMACTL,
	PC_TASKSET,
	PC_PROFILER,		/* Linaro/Arm Forge map, ddt, perf-report,
				   spindle: run the launcher they are given */
	PC_SRUN,
	PC_SALLOC,
	PC_MPIRUN,		/* mpirun*, mpiexec*, orterun, prterun,
				   prun */
	PC_IBRUN,		/* TACC's MPI launcher */
	PC_APRUN,		/* Cray ALPS */
	PC_JSRUN,		/* IBM LSF/CSM (Summit) */
	PC_CHARMRUN,		/* Charm++ (NAMD) */
	PC_XARGS,		/* runs its command many times */
	PC_PARALLEL,		/* GNU parallel, likewise */
	PC_EVAL,		/* its operands are read as commands */
	PC_TORCHRUN,
	PC_ACCELERATE,
	PC_DEEPSPEED,
	PC_HOROVODRUN,
	PC_LIGHTNING,		/* lightning run: starts torch.distributed
				   processes; its options are not read */
	PC_COLOSSALAI,		/* colossalai run: likewise (torchrun) */
	PC_PYTHON,		/* python, python3, python3.11 */
	PC_APPTAINER,
	PC_SINGULARITY,
	PC_SHELL,		/* bash, sh, dash, ksh, zsh */
	PC_SCONTROL
};

/* body-steps.c: launchers, wrappers and containers of one command.
 * Returns the class of st->program (PC_NONE when it has none). */
enum pcls bd_step_analyze(struct parse *, struct jl_step *);

/* body-facts.c: what one command tells; after the last one, which
 * functions and traps requeue. */
extern const char *const bd_env_names[EV_COUNT];	/* APPTAINER_NV ... */
void	bd_scope_end(struct ctx *, const struct parse *, size_t to,
	    int all);
void	bd_scope_mark(struct ctx *, const struct parse *, size_t depth);
struct varslot *bd_var_find(const struct ctx *, const char *name,
	    size_t len);
void	bd_body_facts(struct parse *, struct jl_step *, enum pcls);
void	bd_resolve_requeues(struct ctx *);
/* The environment the script starts with (jl_body_read_env()). */
void	bd_env_start(struct ctx *, const struct jl_body_env *);

#endif
