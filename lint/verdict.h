/*
 * verdict.h: what the site does about a finding, decided in one place for
 * the job_submit and cli_filter plugins, the Lua module, jlint audit and
 * the reports of jlint itself, each at its enforcement point (the rule's
 * mode can differ per point: warn in cli_filter, enforce in job_submit).
 *
 *   mode enforce   reject the job
 *   mode warn      accept it and tell the user
 *   mode audit     accept it silently and log the finding
 *   no mode        tell the user about warnings and errors, nothing else
 */
#ifndef JL_VERDICT_H
#define JL_VERDICT_H

#include "finding.h"
#include "policy.h"
#include "rule.h"

enum jl_action {
	JL_ACT_NONE,		/* not shown, not logged */
	JL_ACT_LOG,		/* audit: logged only */
	JL_ACT_WARN,		/* shown to the user, job accepted */
	JL_ACT_REJECT		/* the job is rejected */
};

/*
 * The action for finding f under the rule set's policy at enforcement
 * point pt (policy.h), and the rule's mode there in *mode (may be NULL).
 * jobdesc: the job was read from a job
 * request (the plugin, jlint audit), where a reader finding outside the
 * script is about the options written from the request, not about the
 * user's job, and gets JL_ACT_NONE.
 */
enum jl_action jl_verdict(const struct jl_ruleset *,
	    const struct jl_finding *f, int jobdesc, enum jl_point pt,
	    enum jl_mode *mode);

/* The action a rule in mode m takes on a finding of severity sev. */
enum jl_action jl_mode_action(enum jl_mode m, enum jl_sev sev);

#endif
