/*
 * expr-int.h: internals shared by expr-lex.c, expr-parse.c, expr-check.c,
 * expr-eval.c and expr.c.  Not part of the liblint API.
 */
#ifndef JL_EXPR_INT_H
#define JL_EXPR_INT_H

#include <stddef.h>
#include <stdint.h>

#include "expr.h"

/* ---- tokens (expr-lex.c) ---- */

enum xtok {
	XT_EOF,
	XT_INT,		/* i */
	XT_DUR,		/* i: minutes */
	XT_SIZE,	/* i: megabytes */
	XT_STR,		/* s: decoded (arena) */
	XT_IDENT,
	XT_OPTNAME,	/* [A-Za-z0-9_-]+ after job.opt. / job.set. */
	XT_LP, XT_RP, XT_LB, XT_RB, XT_RBRACE,
	XT_COMMA, XT_DOT, XT_ARROW,
	XT_EQ, XT_NE, XT_LT, XT_LE, XT_GT, XT_GE,
	XT_PLUS, XT_MINUS, XT_STAR, XT_SLASH,
	XT_AND, XT_OR, XT_NOT, XT_IN, XT_MATCHES,
	XT_TRUE, XT_FALSE, XT_NULL,
	XT_ERROR	/* s: static message */
};

struct xtoken {
	enum xtok	 t;
	size_t		 off, end;	/* [off, end) in the source */
	int64_t		 i;
	const char	*s;		/* XT_STR: decoded; XT_ERROR: message */
	size_t		 slen;
	size_t		 erroff;	/* XT_ERROR: where */
};

/* Lex one token at off (whitespace skipped).  optname: read an option name. */
void	xlex(struct jl_arena *, const char *src, size_t len, size_t off,
	    int optname, struct xtoken *);
/* Source offset of decoded byte k of the string literal at src[off]. */
size_t	xlex_str_offset(const char *src, size_t len, size_t off, size_t k);
const char *xtok_name(enum xtok);

/* ---- types ---- */

enum xkind {
	XK_ANY,		/* element type of [] */
	XK_NULL,	/* the literal null */
	XK_BOOL,
	XK_INT,
	XK_DUR,
	XK_SIZE,
	XK_STR,
	XK_LIST,	/* elem in e */
	XK_JOB,
	XK_STEP,
	XK_CTR,
	XK_TRAP,
	XK_PART,
	XK_SITE,
	XK_BODY,
	XK_ROOT,	/* the namespace of top-level names */
	XK__COUNT
};

struct xtype {
	uint8_t	k;
	uint8_t	e;		/* XK_LIST: element kind */
};

/* ---- AST ---- */

enum xop {
	XN_CONST,	/* v */
	XN_LIST,	/* kids */
	XN_NAME,	/* s: unresolved identifier (parse) */
	XN_FIELD,	/* a.s (parse); a.fid (checked) */
	XN_OPT,		/* job.opt.X / job.set.X: a = job, opt, fid */
	XN_ROOT,	/* fid (checked) */
	XN_VAR,		/* slot (checked) */
	XN_CALL,	/* s: name; kids: args (checked: fn) */
	XN_LAMBDA,	/* s: variable; a: body; slot */
	XN_NOT, XN_NEG,
	XN_AND, XN_OR,	/* kids */
	XN_EQ, XN_NE, XN_LT, XN_LE, XN_GT, XN_GE,
	XN_ISNULL, XN_NOTNULL,	/* a (checked from == null / != null) */
	XN_IN, XN_NOTIN,
	XN_MATCH, XN_NOTMATCH,	/* a, re */
	XN_ADD, XN_SUB, XN_MUL, XN_DIV
};

/* A runtime value.  Ints, durations and sizes all use i. */
enum xvk {
	XV_NULL,
	XV_BOOL,
	XV_INT,
	XV_STR,
	XV_LIST,
	XV_OBJ
};

/* Where a list's elements live. */
enum xls {
	XL_EMPTY,
	XL_VEC_STR,	/* struct jl_vec of const char * */
	XL_VEC_OPTNAME,	/* struct jl_vec of struct jl_stepopt *: name */
	XL_VEC_WORD,	/* struct jl_vec of struct jl_word *: text */
	XL_VEC_OBJ,	/* struct jl_vec of object pointers */
	XL_NTARR,	/* NULL-terminated const char ** */
	XL_PARTS,	/* struct jl_partition[n] */
	XL_GPUTYPES,	/* distinct GPU types of a partition */
	XL_LIT		/* a list literal: elements evaluated */
};

struct xnode;

struct xval {
	uint8_t			 k;	/* enum xvk */
	uint8_t			 ls;	/* enum xls */
	int64_t			 i;
	const char		*s;
	const void		*p;	/* object, or list base */
	size_t			 n;	/* list length */
	const struct xnode	*lit;	/* XL_LIT */
};

struct xnode {
	uint8_t			 op;	/* enum xop */
	struct xtype		 ty;	/* after checking */
	uint16_t		 fid;	/* field or function id */
	uint16_t		 slot;	/* variable slot */
	uint16_t		 depth;
	size_t			 off, end;	/* source span */
	struct xnode		*a, *b;
	struct xnode		**kids;
	size_t			 nkids;
	const char		*s;
	struct xval		 v;	/* XN_CONST */
	const struct jl_opt	*opt;	/* XN_OPT; has_option(): srun row */
	int			 isset;	/* XN_OPT: job.set; has_option():
					   opt resolved at compile time */
	void			*re;	/* pcre2_code_8 * */
	void			*mctx;	/* pcre2_match_context_8 * */
	/* A regex that is a plain string ("^/ceph/container/", "torchrun"):
	 * matched without PCRE2 (its code and match data are a large part of
	 * a cold call inside slurmctld); XR_* below, XR_NONE: PCRE2. */
	uint8_t			 relit;
	const char		*lit;	/* the string (litlen bytes, NUL) */
	size_t			 litlen;
};

enum {
	XR_NONE,
	XR_PREFIX,		/* "^abc": the subject starts with abc */
	XR_SUBSTR		/* "abc": abc anywhere in the subject */
};

/* A compile in progress. */
struct xcomp {
	struct jl_arena	*a;
	const char	*src;
	size_t		 len;
	unsigned	 scope;
	int		 in_tmpl;	/* matches not allowed */
	char		*err;		/* malloc'd; NULL: none, or no memory */
	int		 failed;	/* an error was recorded */
	size_t		 erroff;
	struct xnode	**res;		/* regex nodes, to free on error */
	size_t		 nres, capres;
	/* checking: lambda variables in scope */
	const char	*vars[JL_EXPR_MAXDEPTH];
	struct xtype	 vartys[JL_EXPR_MAXDEPTH];
	size_t		 nvars;
	/* parsing */
	struct xtoken	 tok;
	int		 depth;
};

struct jl_expr {
	struct xnode	*root;
	struct xnode	**res;		/* nodes holding PCRE2 objects */
	size_t		 nres;
	unsigned	 scope;
};

struct jl_tmpl {
	size_t		 nparts;
	struct tpart {
		const char	*lit;	/* literal text before e (NUL-ended) */
		size_t		 litlen;
		struct xnode	*e;	/* NULL for the last part */
	}		*parts;
};

/* Record an error (first one wins).  Returns -1. */
int	xerr(struct xcomp *, size_t off, const char *fmt, ...)
	    __attribute__((__format__(printf, 3, 4)));

/* expr-parse.c: parse an expression at the current token; stop before the
 * end token (XT_EOF or XT_RBRACE). */
void	xparse_start(struct xcomp *, size_t off);
struct xnode *xparse_expr(struct xcomp *);
struct xnode *xnode_new(struct xcomp *, enum xop, size_t off, size_t end);

/* expr-check.c: resolve and type-check in place.  0 or -1 (xerr). */
int	xcheck(struct xcomp *, struct xnode *);
const char *xtype_name(struct xtype);
const char *xkind_name(enum xkind);
void	xfree_regex(struct xnode *);

/* Field ids (expr-check.c table, expr-eval.c accessors). */
enum xfid {
	XF_NONE,
	/* roots */
	XF_R_JOB, XF_R_STEPS, XF_R_TRAPS, XF_R_BODY, XF_R_SITE, XF_R_PART,
	XF_R_STEP,
	/* job */
	XF_J_TIME, XF_J_TIME_MIN, XF_J_TIME_FORM, XF_J_TIME_TEXT,
	XF_J_PARTITION, XF_J_PARTITIONS, XF_J_NODES, XF_J_NODES_MAX,
	XF_J_NTASKS, XF_J_CPT, XF_J_NTPN, XF_J_MEM, XF_J_MEM_PER_CPU,
	XF_J_MEM_PER_GPU, XF_J_GPUS, XF_J_GPUS_PER_NODE, XF_J_GPUS_PER_TASK,
	XF_J_GPU_TYPE, XF_J_GPU_REQ, XF_J_REQUEUE, XF_J_EXCLUSIVE, XF_J_ARRAY,
	XF_J_ARRAY_TASKS, XF_J_OUTPUT, XF_J_ERROR, XF_J_OUT_ARRAY,
	XF_J_SIGNAL, XF_J_SIGNAL_TIME, XF_J_SIGNAL_B, XF_J_NAME, XF_J_ACCOUNT,
	XF_J_QOS, XF_J_OPT, XF_J_SET,
	/* step */
	XF_S_LAUNCHER, XF_S_LAUNCHER_NAME, XF_S_INNER, XF_S_PROCS, XF_S_GPUS,
	XF_S_NODES, XF_S_PTY, XF_S_BG, XF_S_IN_FUNC, XF_S_IN_LOOP,
	XF_S_IN_TRAP, XF_S_REQUEUE, XF_S_PROGRAM, XF_S_CTR, XF_S_IMAGE,
	XF_S_OPTIONS,
	/* container */
	XF_C_RUNTIME, XF_C_VERB, XF_C_IMAGE, XF_C_IMAGE_RESOLVED,
	XF_C_FLAGS_UNKNOWN, XF_C_NV, XF_C_ROCM, XF_C_NV_ENV,
	XF_C_ROCM_ENV, XF_C_GPU_FLAG, XF_C_CLEANENV, XF_C_CONTAINALL,
	XF_C_FLAGS, XF_C_LATE_FLAGS, XF_C_NVCCLI, XF_C_DEV_HIDDEN,
	XF_C_DEV_HIDDEN_BY, XF_C_BINDS_AMD_DEV, XF_C_INSTANCE_NAME,
	XF_C_INSTANCE,
	/* trap */
	XF_T_SIGNALS, XF_T_REQUEUES, XF_T_HANDLER,
	/* body */
	XF_B_REQUEUE, XF_B_MODULES, XF_B_GPUVIS,
	/* site */
	XF_SI_GPU_FLAG, XF_SI_VERSION, XF_SI_MAX_GPUS, XF_SI_MAX_CPG,
	XF_SI_MAX_MPG, XF_SI_IMAGE_DIRS, XF_SI_RUNTIMES, XF_SI_PARTITIONS,
	/* partition */
	XF_P_NAME, XF_P_MAX_TIME, XF_P_DEFAULT_TIME, XF_P_PREEMPT,
	XF_P_EXISTS, XF_P_DEFAULT, XF_P_GPU_TYPES, XF_P_MAX_GPN, XF_P_CPN,
	XF_P_MPN
};

/* The schema: one row per field (fields.c; fields.h tells who reads it). */
struct xfield {
	uint8_t		 owner;		/* enum xkind of the object */
	const char	*name;
	uint8_t		 k, e;		/* type */
	uint16_t	 fid;
	const char	*doc;		/* one sentence or two, for the docs */
};
extern const struct xfield	xfields[];
extern const size_t		xnfields;

/* Function ids. */
enum xfn {
	XFN_ANY = 1, XFN_ALL, XFN_COUNT, XFN_LEN, XFN_HAS, XFN_LOWER,
	XFN_CONTAINS, XFN_STARTS, XFN_ENDS, XFN_DURATION, XFN_SIZE,
	XFN_GPN, XFN_HAS_OPTION, XFN_OPTION
};

/* Duration meaning "no limit": greater than all others. */
#define XDUR_UNLIMITED	INT64_MAX

/* expr-eval.c */
struct xctx;
const struct jl_opt *xopt_row(const char *);
void	xfmt_val(struct jl_buf *, struct xtype, const struct xval *,
	    struct xctx *);
void	xfmt_dur(struct jl_buf *, int64_t);
void	xfmt_size(struct jl_buf *, int64_t);
/* The value of job field fid of m's job as JSON (fields.c's job view). */
void	xjob_field_json(const struct jl_model *, unsigned fid, struct xtype,
	    struct jl_buf *);

#endif
