/*
 * policy-layer.h: a repository policy on top of a site policy (extends:).
 *
 *   # .jlint.yaml in a repository
 *   extends: site            # /etc/jlint/policy.yaml; or "default" (the
 *                            # embedded one), or a path relative to this file
 *   rules:
 *     time-mmss: error       # stricter: always allowed
 *     late-directive: off    # allowed unless the site enforces it
 *
 * Merging: site facts (slurm_version, gpu_flag, runtimes, image dirs,
 * limits, partitions, on_error) describe the cluster, so the site's value
 * wins and the repository only fills facts the site leaves out.  Rule
 * settings: the repository's fields override the site's, except for rules
 * whose site mode is enforce: those cannot be turned off, lowered in
 * severity, given another mode or exempted by a repository (the job_submit
 * plugin enforces the site policy whatever the repository says).  Site
 * rules and exemptions of both are kept.
 */
#ifndef JL_POLICY_LAYER_H
#define JL_POLICY_LAYER_H

#include "mem.h"
#include "policy.h"

/*
 * Merge child over base.  The result owns its arrays; strings and YAML
 * nodes are borrowed from base and child, which must outlive it.  Returns
 * NULL with "file:line:col: message" lines in *errors (malloc'd) when the
 * child changes what the site enforces.
 */
struct jl_policy *jl_policy_extend(const struct jl_policy *base,
	    const struct jl_policy *child, char **errors);

/*
 * The effective policy as YAML with "# from FILE" comments.  layers are
 * the files merged into p, most basic (site) first.
 */
void	jl_policy_yaml(const struct jl_policy *p,
	    const struct jl_policy *const *layers, size_t nlayers,
	    struct jl_buf *);

#endif
