/*
 * verdict.c: finding + rule mode -> reject, warn, log or nothing
 * (verdict.h).
 */
#include <stddef.h>

#include "verdict.h"

enum jl_action
jl_verdict(const struct jl_ruleset *rs, const struct jl_finding *f,
    int jobdesc, enum jl_point pt, enum jl_mode *modep)
{
	const struct jl_rule	*r;
	enum jl_mode		 mode = JL_MODE_DEFAULT;
	enum jl_action		 act;

	if ((r = jl_ruleset_find(rs, f->rule)) != NULL) {
		if (jobdesc && r->kind == JL_RULE_READER && f->src == NULL) {
			if (modep != NULL)
				*modep = mode;
			return JL_ACT_NONE;
		}
		mode = jl_rule_mode(rs, r, pt);
	}
	act = jl_mode_action(mode, f->sev);
	/* What jlint cannot be sure of never rejects a job. */
	if (f->guess && act == JL_ACT_REJECT)
		act = JL_ACT_WARN;
	if (modep != NULL)
		*modep = mode;
	return act;
}

enum jl_action
jl_mode_action(enum jl_mode m, enum jl_sev sev)
{
	switch (m) {
	case JL_MODE_ENFORCE:
		return JL_ACT_REJECT;
	case JL_MODE_AUDIT:
		return JL_ACT_LOG;
	case JL_MODE_WARN:
		return JL_ACT_WARN;
	default:
		return sev >= JL_SEV_WARNING ? JL_ACT_WARN : JL_ACT_NONE;
	}
}
