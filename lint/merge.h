/*
 * merge.h: live cluster facts over a loaded policy (jlint --cluster,
 * jlint audit --cluster): the live value wins, and every value that
 * changed or was added is noted, for --show-policy.  The facts come from
 * facts.h (jl_facts_yaml() loaded as a policy).
 */
#ifndef JL_MERGE_H
#define JL_MERGE_H

#include <stddef.h>

#include "mem.h"
#include "policy.h"

/* One value --cluster took from the cluster. */
struct jl_merge_note {
	/* "slurm_version", "partitions.gpu.max_time", "partitions.gpu" */
	const char	*key;
	/* The live value as policy text, "(added from the cluster)", ... */
	const char	*value;
	/* The policy's value, or NULL when it gave none. */
	const char	*was;
};

/*
 * Merge live facts over a loaded policy, before jl_ruleset_load() takes
 * it (the live value wins):
 *  - slurm_version and gpu_flag, when live gives them;
 *  - partitions: the live list is the cluster's, so a policy partition
 *    the cluster does not have is removed; for each live partition the
 *    default flag, max_time, default_time (also "none") and node classes
 *    are the live ones, preemptible too unless the live facts could not
 *    tell (JL_UNSET: the policy's value stays).
 * Rule settings, site rules, exemptions, limits and the rest of dst stay.
 * Everything new is copied into dst's arena, so live may be freed after.
 * notes (may be NULL) gets one struct jl_merge_note * per value that was
 * added, changed or removed, in dst's arena.  Returns 0, or -1 when
 * memory ran out (dst is then unusable: free it).
 */
int	jl_policy_merge(struct jl_policy *dst, const struct jl_policy *live,
	    struct jl_vec *notes);

/* Notes as "# live: KEY: VALUE (policy: WAS)" lines, for --show-policy. */
void	jl_merge_notes_text(const struct jl_vec *notes, struct jl_buf *out);

#endif
