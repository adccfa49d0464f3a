/*
 * lex.h: the script reader, mirroring sbatch 22.05.
 *
 *   _get_script_buffer()   acceptance checks (empty, whitespace, #!, NUL, CRLF)
 *   _opt_batch_script()    directive scanning: column-0 #SBATCH / #SLURM until
 *                          the first command; hetjob separators
 *   get_argument()         tokenising one directive line
 *   _set_options()         one argv per het component, getopt_long "+" mode
 *   xlate_batch_script()   #PBS / #BSUB detection
 *
 * See ../shared/docs/slurm-semantics.md §1.  Nothing is dropped silently:
 * lines sbatch ignores are kept and classified so rules can explain them.
 */
#ifndef JL_LEX_H
#define JL_LEX_H

#include <stddef.h>
#include <stdint.h>

#include "finding.h"
#include "mem.h"
#include "opt.h"
#include "src.h"

enum jl_line_kind {
	JL_LINE_BLANK,
	JL_LINE_SHEBANG,
	JL_LINE_COMMENT,
	JL_LINE_DIRECTIVE,	/* column-0 #SBATCH/#SLURM read by sbatch */
	JL_LINE_LATE,		/* column-0 #SBATCH after the first command: ignored */
	JL_LINE_NEAR_MISS,	/* "# SBATCH", "#sbatch", indented: ignored
				   ("##SBATCH", a directive switched off,
				   is a comment) */
	JL_LINE_MALFORMED,	/* "#SBATCHX...": sbatch fails (invalid directive) */
	JL_LINE_PBS,		/* column-0 #PBS or #BSUB */
	JL_LINE_COMMAND,	/* the first command: scanning stops here */
	JL_LINE_BODY		/* anything after the first command */
};

/* One argument of a directive after get_argument(): quotes removed. */
struct jl_token {
	const char	*text;		/* arena */
	struct jl_loc	 loc;		/* span as written, quotes included */
	size_t		 dir;		/* index of its directive */
};

struct jl_directive {
	struct jl_loc	 loc;		/* the whole line (no newline) */
	unsigned	 line;		/* 1-based */
	enum jl_line_kind kind;		/* DIRECTIVE, LATE, NEAR_MISS, MALFORMED, PBS */
	const char	*magic;		/* "#SBATCH", "#SLURM", "#PBS", "#BSUB", or the near miss as written */
	int		 component;	/* het component (0-based) */
	unsigned char	 hetsep;	/* this line starts a new component */
	unsigned char	 bad;		/* unmatched quote or leading ':' */
	struct jl_vec	 tokens;	/* struct jl_token *: arguments */
};

/* One option occurrence after getopt emulation. */
struct jl_optval {
	const struct jl_opt	*opt;
	const char		*value;		/* NULL for flags / absent optional */
	const char		*written;	/* the option as written: "--part", "-N" */
	struct jl_loc		 loc;		/* option token (and value) span */
	struct jl_loc		 vloc;		/* value span (may be on another line) */
	int			 component;
	int			 early;		/* early-pass option: no effect here */
	int			 unset;		/* SBATCH_* flag set off: resets it */
	const char		*raw;		/* an SBATCH_* variable's value */
};

struct jl_script {
	struct jl_src	 src;
	/* acceptance checks of _get_script_buffer() */
	int		 empty;
	int		 whitespace_only;
	int		 no_shebang;
	int		 bom;		/* starts with a UTF-8 BOM: reported,
					   then read as if removed */
	int		 has_nul;
	size_t		 nul_off;
	int		 has_crlf;
	size_t		 crlf_off;
	size_t		 ncrlf;
	/* scanning */
	struct jl_vec	 lines_dir;	/* struct jl_directive *: every classified
					   directive-like line in order */
	int		 has_command;
	struct jl_loc	 first_command;	/* the line that ended the block */
	unsigned	 first_command_line;
	int		 ncomponents;
	int		 has_pbs;
	int		 ignore_pbs;	/* #SBATCH --ignore-pbs seen */
	/* options */
	struct jl_vec	 opts;		/* struct jl_optval *: in argv order */
};

#define JL_MAX_DIRECTIVE_TOKENS	200000	/* tokens kept per script */

/*
 * Read a script: checks, classification, tokens and options.  Findings of
 * the reader go to fs.  version selects 22.05 vs 24.05+ backslash rules and
 * the option table.  data must outlive the script.  0, or -1 if memory ran
 * out.
 */
int	jl_script_read(struct jl_arena *, struct jl_script *, const char *name,
	    const char *data, size_t len, unsigned version,
	    struct jl_findings *);
/*
 * late-directive findings for the #SBATCH lines after the first command;
 * call after the body reader has re-marked here-document lines
 * JL_LINE_BODY (job.c does), which are data, not ignored directives.
 */
void	jl_script_report_late(struct jl_arena *, const struct jl_script *,
	    struct jl_findings *);

/*
 * getopt_long emulation over an argv of tokens (POSIX "+" mode).  Used for
 * directives (is_directive = 1) and for the sbatch command line.  Appends
 * struct jl_optval to out; reports unknown-option, missing-argument,
 * malformed-directive (stray words), directive-no-effect, and
 * invalid-value for a value this release's sbatch refuses, ignores or
 * may refuse while another release takes it (jl_value_release()).  For
 * the command line, *first_arg receives the index of the first
 * non-option word (the script), or ntok.
 */
struct jl_argv {
	const char		**words;
	struct jl_loc		 *locs;	/* NULL: not in a script */
	/* NULL, or for each word the "#SBATCHX ..." line whose magic it is
	 * glued to (it is that X), else NULL: the reader says so */
	const struct jl_directive **glued;
	size_t			  n;
};
void	jl_getopt(struct jl_arena *, const struct jl_src *, unsigned cmd,
	    unsigned version, const struct jl_argv *, int is_directive,
	    int component, struct jl_vec *out, size_t *first_arg,
	    struct jl_findings *);

/*
 * Why getopt_long() of cmd (srun, sbatch, salloc) at version refuses the
 * long option name (nlen bytes, without "--" and "=value"), for which
 * jl_opt_find_long() gave m (JL_OPT_UNKNOWN or JL_OPT_AMBIGUOUS): the
 * same words for a #SBATCH line and an srun line of the body.
 * jl_opt_refusal() says how the option most likely meant takes a value
 * (arg, -1 when none is in sight: to tell whether the next word went with
 * it) and whether the refusal is sure (0: an unknown name that a SPANK
 * plugin of the site could add, or a name that only a SPANK plugin's
 * option, pyxis's, makes ambiguous); jl_opt_refusal_say() words the
 * finding with that word (val, or NULL) and what the refusal costs
 * ("sbatch rejects the script").
 */
struct jl_optrefusal {
	const struct jl_optmatch *m;
	const struct jl_opt	*other;	/* the name in another release or
					   another command */
	const char		*sug;	/* the closest name, when neither */
	const struct jl_opt	*sugopt;
	int			 arg;
	int			 sure;
	int			 assumed; /* the release is jlint's default
					   and the name another release's
					   (jl_opt_refusal_release()) */
};
void	jl_opt_refusal(unsigned cmd, unsigned version, const char *name,
	    size_t nlen, const struct jl_optmatch *, struct jl_optrefusal *);
/* The same without the did-you-mean search (the costly part: an edit
 * distance to every option name): arg only for a sure refusal. */
void	jl_opt_refusal_sure(unsigned cmd, unsigned version, const char *name,
	    size_t nlen, const struct jl_optmatch *, struct jl_optrefusal *);
/* After either: when the release is jlint's default (assumed), not one
 * the user or the site gave, a name some other release reads (in full or
 * abbreviated there) is that release's option, and r->assumed is set: the
 * finding is then a warning that says so. */
void	jl_opt_refusal_release(unsigned cmd, const char *name, size_t nlen,
	    int assumed, struct jl_optrefusal *);
void	jl_opt_refusal_say(struct jl_arena *, unsigned cmd, unsigned version,
	    const char *name, size_t nlen, const struct jl_optrefusal *,
	    const char *val, const char *cost, const char **msg,
	    const char **fix);
/*
 * Value v (not NULL) of option o, for the grammars that changed between
 * Slurm releases (value.h, jl_val_X_rel()), in release version of cmd:
 * JL_VAL_OK when there is nothing to say: this release takes it, or no
 * release does (the caller of jl_val_X() says so).  Else the verdict,
 * with the finding (rule invalid-value): JL_VAL_REFUSED, an error
 * "sbatch rejects the script" when the release was given, and when it
 * is assumed (jlint's default, none given) a warning that says which
 * later release takes it; JL_VAL_IGNORED and JL_VAL_DEPENDS, a warning
 * that says what this release does with it.  jl_getopt() asks it for
 * every value it reads.
 */
int	jl_value_release(struct jl_arena *, unsigned cmd, unsigned version,
	    int assumed, const struct jl_opt *o, const char *v,
	    enum jl_sev *sev, const char **msg, const char **fix);
/* What a refusal that is not sure depends on, said before its cost ("",
 * "unless a SPANK plugin of this site adds it, "): such a finding is a
 * warning. */
const char *jl_opt_refusal_why(const struct jl_optrefusal *);

#endif
