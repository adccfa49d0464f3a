/*
 * lint.c: model -> findings for every front end (lint.h): rules and
 * exemptions, suppressions, site modes.  rule.c and suppress.c do not
 * call each other; this is where their order is decided.
 */
#include <stddef.h>

#include "lint.h"
#include "suppress.h"

int
jl_lint_run(const struct jl_ruleset *rs, struct jl_arena *a,
    struct jl_model *m, int sbatch_mode, const struct jl_who *who)
{
	struct jl_finding	*f;
	const struct jl_rule	*r;
	size_t			 i;

	if (jl_rules_eval(rs, a, m, sbatch_mode, who) != 0)
		return -1;
	/* Inline "# jlint disable=" comments, after every rule ran. */
	if (jl_suppress_apply(rs, a, m) != 0)
		return -1;
	/* What the site does with each finding, as jlint at the terminal
	 * shows it (the cli point: by default the job_submit mode).  The
	 * front ends inside Slurm take their own point's from jl_verdict. */
	for (i = 0; rs->policy != NULL && i < m->findings.v.n; i++) {
		f = m->findings.v.items[i];
		if ((r = jl_ruleset_find(rs, f->rule)) != NULL &&
		    jl_rule_enabled(rs, r, NULL, NULL))
			f->mode = jl_mode_name(jl_rule_mode(rs, r,
			    JL_POINT_CLI));
	}
	return a->failed ? -1 : 0;
}
