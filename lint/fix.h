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
 *   malformed-directive   "# SBATCH", "#sbatch", "##SBATCH", indented
 *                         near misses -> "#SBATCH"
 *   time-mmss             --time=H:MM -> H:MM:00 when the value has two
 *                         digits after the colon (hours were meant)
 *
 * A fix round gives non-overlapping edits sorted by offset; the front end
 * applies them, builds the model again and repeats until nothing changes.
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
};

/* Edits for the safe fixes of m's findings (struct jl_edit * in out).
 * 0, or -1 if memory ran out. */
int	jl_fix_edits(struct jl_arena *, const struct jl_model *,
	    const struct jl_policy *, struct jl_vec *out);
/* data with the edits applied, into out. */
void	jl_fix_apply(const char *data, size_t len, const struct jl_vec *edits,
	    struct jl_buf *out);
/* A unified diff (3 lines of context) of a and b, labelled a/NAME and
 * b/NAME; nothing when they are equal. */
void	jl_diff_unified(const char *a, size_t alen, const char *b, size_t blen,
	    const char *name, struct jl_buf *out);

#endif
