/*
 * lint.h: liblint, the one library of jlint.  lint/ owns everything jlint
 * knows about a job script and a site policy; the front ends (cmd/ the
 * jlint program, plugin/ the job_submit plugin, the tests, bench/ and
 * fuzz/) link it and add only their own input and output.  Nothing in it
 * prints, exits or includes slurm.h.  Data flows one way:
 *
 *   script -> model      src.h (bytes and lines), lex.h (#SBATCH lines,
 *                        as sbatch reads them), pbs.h (#PBS/#BSUB), opt.h
 *                        (the option table), value.h (value grammars),
 *                        body.h (the shell body), job.h (the job model;
 *                        jobreq.h: a job request as options), fields.h
 *                        (the model's public field names), sbatch.h (an
 *                        sbatch command line: script, --wrap)
 *   policy               yaml.h, policy.h, policy-layer.h (extends:),
 *                        facts.h (live facts as a policy), merge.h (live
                        facts over a policy), policy-load.h
 *                        (discovery and loading, for every front end)
 *   model -> findings    rule.h (rules, exemptions: user.h), check.h (the
 *                        checks in C), expr.h (the rule language),
 *                        suppress.h, finding.h
 *   findings -> report   verdict.h (reject, warn, log), fix.h (safe
 *                        fixes, diffs), output.h (every format)
 *   memory               mem.h (arenas, buffers, vectors); embed.h,
 *                        embed-tree.h (files compiled in)
 *
 * Each header pairs with the source of the same name, which implements
 * it; lint.c implements the one call below.  This header also includes
 * the headers a front end uses.
 */
#ifndef JL_LINT_H
#define JL_LINT_H

#include "finding.h"
#include "fix.h"
#include "job.h"
#include "jobreq.h"
#include "mem.h"
#include "output.h"
#include "policy-load.h"
#include "policy.h"
#include "rule.h"
#include "user.h"
#include "verdict.h"

/*
 * Model -> findings, the way every front end runs it: the policy's rules
 * and exemptions (jl_rules_eval(), rule.c), then inline "# jlint
 * disable=" comments (suppress.c), then each finding's site mode
 * (f->mode).  Arguments as jl_rules_eval().  Returns 0, or -1 if memory
 * ran out.
 */
int	jl_lint_run(const struct jl_ruleset *, struct jl_arena *,
	    struct jl_model *, int sbatch_mode, const struct jl_who *);

#endif
