/*
 * suppress.h: inline suppressions in job scripts.
 *
 *   # jlint disable=slug[,slug...] -- reason
 *	covers the next command or directive line (a command continued with
 *	backslashes, or spanning lines, is covered whole)
 *   # jlint disable-file=slug[,slug...] -- reason
 *	covers the whole file, findings outside the script included
 *
 * Rules are named by slug or code.  A rule whose policy mode is enforce
 * cannot be suppressed in the script: its finding stays, with a note that
 * the job_submit plugin rejects the job anyway.  A suppression that
 * suppresses nothing, names an unknown rule or cannot be read is itself
 * reported (unused-suppression).
 */
#ifndef JL_SUPPRESS_H
#define JL_SUPPRESS_H

#include "job.h"
#include "mem.h"

struct jl_ruleset;

/*
 * Apply the script's suppressions to m->findings (run after the rules).
 * Returns 0, or -1 when memory ran out.
 */
int	jl_suppress_apply(const struct jl_ruleset *, struct jl_arena *,
	    struct jl_model *);

#endif
