/*
 * fix.h: the safe fixes (jlint --fix, --diff) and unified diffs.
 *
 * Each fix is derived from a finding that the rules (after the policy and
 * the script's suppressions) actually reported, so a disabled or
 * suppressed rule is never "fixed":
 *
 *   crlf-line-endings     CRLF -> LF (alone in its round: offsets change)
 *   gpu-container-no-nv   the site's GPU flag (else the vendor's the script
 *                         shows, else --nv) after the verb
 *   late-directive        the ignored #SBATCH line moved above the first
 *                         command (heredoc bodies never report it)
 *   malformed-directive   "# SBATCH", "#sbatch", indented near misses
 *                         -> "#SBATCH" ("##SBATCH", switched off on
 *                         purpose, is left alone)
 *
 * time-mmss has no rewrite: --time=30:00 is a valid 30-minute job and
 * 30:00:00 a different job; which one was meant cannot be known, so its
 * fix: line suggests both and --fix leaves the value alone.
 *
 * The contract (issue 10): --fix applies a rewrite only if the job asks
 * for exactly what it asked for before.  A fix round gives
 * non-overlapping edits sorted by offset; the front end applies each
 * one, builds the model again and keeps the edit only when
 * jl_fix_request() of the result equals that of the original script
 * and the result has no error the original did not have
 * (jl_fix_errors_within()); a rejected edit stays a suggestion (the
 * finding's fix: line).  A late
 * or near-miss #SBATCH line moved into effect changes the request, so it
 * is applied only when the option already had that value.
 */
#ifndef JL_FIX_H
#define JL_FIX_H

#include "job.h"
#include "mem.h"
#include "policy.h"

struct jl_edit {
	size_t		 off;		/* replace data[off, off + len) */
	size_t		 len;
	const char	*text;		/* with this (arena) */
	const char	*rule;		/* slug of the finding it fixes */
	size_t		 seq;		/* creation order (stable sort) */
	size_t		 group;		/* edits of one fix: all or none */
};

/* Edits for the safe fixes of m's findings (struct jl_edit * in out),
 * sorted, not overlapping; the edits of one fix share a group and are
 * kept or dropped together.  0, or -1 if memory ran out. */
int	jl_fix_edits(struct jl_arena *, const struct jl_model *,
	    const struct jl_policy *, struct jl_vec *out);
/* What the job asks for, as canonical text: per het component every
 * effective option (normalised where jlint normalises it: time, memory,
 * nodes, tasks, CPUs; otherwise the value's text) and the normalised
 * resources (time, memory, GPUs, partitions, array, signal, requeue,
 * exclusive, output patterns).  Positions, spellings (-t or --time) and
 * origins are left out.  Two models ask for the same job iff equal. */
void	jl_fix_request(const struct jl_model *, struct jl_buf *);
/* The slugs of m's error findings (what makes sbatch reject the script
 * when m is the reader's model alone), sorted, one per line. */
void	jl_fix_errors(const struct jl_model *, struct jl_buf *);
/* Does the list after (jl_fix_errors()) hold no slug more often than
 * before?  A fix may remove an error (CRLF line endings), never add one
 * (a late line that sbatch cannot parse, moved into effect).  Slugs
 * only: one error of a rule traded for another of the same rule passes
 * (no fix made today does that). */
int	jl_fix_errors_within(const struct jl_buf *after,
	    const struct jl_buf *before);
/* qsort() order of struct jl_edit * as jl_fix_edits() gives them: by
 * offset, inserts before replacements at one offset, else creation
 * order. */
int	jl_edit_cmp(const void *, const void *);
/* data with the edits applied, into out. */
void	jl_fix_apply(const char *data, size_t len, const struct jl_vec *edits,
	    struct jl_buf *out);
/* A unified diff (3 lines of context) of a and b, labelled a/NAME and
 * b/NAME; nothing when they are equal. */
void	jl_diff_unified(const char *a, size_t alen, const char *b, size_t blen,
	    const char *name, struct jl_buf *out);

#endif
