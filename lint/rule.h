/*
 * rule.h: rules and the rule set.
 *
 * A rule is one YAML document (rules/<slug>.yaml, compiled into the binary,
 * or a policy's site_rules): code, slug, default severity, summary, doc,
 * examples, and a check.  The check is either an expression (`when:`,
 * evaluated once per job or, with `for: steps`, once per step) with a
 * message template, or `check: builtin` for checks that need real
 * algorithms (C, in check-*.c), or `check: reader` for the findings the
 * script reader itself produces.  Metadata, docs and severity always come
 * from the YAML, so `jlint explain` and policies treat every rule alike.
 */
#ifndef JL_RULE_H
#define JL_RULE_H

#include <stddef.h>

#include "finding.h"
#include "job.h"
#include "mem.h"
#include "policy.h"

struct jl_rule;
struct jl_check;

/* A C check.  Reports through jl_check_*(). */
typedef void	(*jl_check_fn)(struct jl_check *);

struct jl_builtin {
	const char	*slug;
	jl_check_fn	 fn;
	int		 needs_facts;	/* stays quiet without site facts */
};

/* Registered C checks (check-*.c), sorted by slug. */
extern const struct jl_builtin	jl_builtins[];
extern const size_t		jl_nbuiltins;

/* State for one rule on one job. */
struct jl_check {
	struct jl_arena			*a;
	const struct jl_model		*m;
	const struct jl_job		*job;
	const struct jl_policy		*policy;
	const struct jl_partition	*part;		/* resolved, or NULL */
	const struct jl_rule		*rule;
	enum jl_sev			 sev;		/* effective severity */
	struct jl_findings		*fs;
	int				 sbatch_mode;	/* submit dir known */
};

/* Report at a span of the script. */
void	jl_check_at(struct jl_check *, struct jl_loc, const char *fix,
	    const char *fmt, ...) __attribute__((__format__(printf, 4, 5)));
/* Report where a job value came from (span, env var or command line). */
void	jl_check_value(struct jl_check *, const struct jl_value *,
	    const char *fix, const char *fmt, ...)
	    __attribute__((__format__(printf, 4, 5)));
/* Report for the job as a whole (points at the #! line). */
void	jl_check_job(struct jl_check *, const char *fix, const char *fmt, ...)
	    __attribute__((__format__(printf, 3, 4)));

/* Helpers shared by checks. */
const char *jl_fmt_minutes(struct jl_arena *, int64_t minutes);
const char *jl_fmt_mb(struct jl_arena *, int64_t mb);
int	jl_container_gpu_ok(const struct jl_container *, const struct jl_policy *);
int	jl_step_multi_gpu(const struct jl_model *, const struct jl_job *,
	    const struct jl_step *);
int	jl_checkpoint_evidence(const struct jl_model *, const struct jl_job *);

#endif
