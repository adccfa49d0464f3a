/*
 * finding.h: what jlint reports.  A finding has a rule slug, a severity, a
 * span in a script (or an origin outside it: the command line or an
 * environment variable), a message and an optional fix hint.
 *
 * Messages follow the house style: lowercase, say what is wrong and why it
 * matters on the cluster; the fix goes in the fix hint.
 */
#ifndef JL_FINDING_H
#define JL_FINDING_H

#include <stdarg.h>
#include <stddef.h>

#include "mem.h"
#include "src.h"

enum jl_sev {
	JL_SEV_INFO,
	JL_SEV_WARNING,
	JL_SEV_ERROR
};

struct jl_finding {
	const char		*rule;		/* slug, e.g. "late-directive" */
	enum jl_sev		 sev;
	const struct jl_src	*src;		/* NULL: not in the script */
	struct jl_loc		 loc;
	const char		*where;		/* when src == NULL: "command line", "SBATCH_TIME" */
	const char		*message;
	const char		*fix;		/* NULL if none */
	/* Set by jl_lint_run() from the policy: */
	const char		*mode;		/* "enforce", "warn", "audit": the
						   rule's mode; NULL if it sets none */
	int			 exempted;	/* an exemption covers it: shown,
						   not counted (jl_who.keep_exempted) */
	const char		*exempt_reason;	/* the exemption's reason; when not
						   exempted: one that expired */
	long long		 exempt_until;	/* epoch seconds, last second of the
						   last day; 0 = no expiry */
	/* jlint cannot be sure (jl_check_at_warn()): at most a warning,
	 * and never enforced, whatever the rule's mode (jl_verdict()). */
	int			 guess;
};

/* Does the site policy enforce f (its rule's mode, not a guess)?  The
 * command line's count and the editor's mark; the plugins ask
 * jl_verdict(). */
int	jl_finding_enforced(const struct jl_finding *);

/* Bound on findings per script: a hostile file cannot make output explode. */
#define JL_MAX_FINDINGS	1000

struct jl_findings {
	struct jl_vec	v;		/* struct jl_finding * */
	size_t		dropped;	/* findings beyond JL_MAX_FINDINGS */
	/* The readers report for jlint's default release, not one the user
	 * or the site gave (jl_model.version_assumed): another release's
	 * option is then a warning that says so. */
	int		release_assumed;
	/* sbatch has read the script's directives and taken them (the
	 * job_submit and cli_filter plugins: jl_input.jobdesc, sbatch_read):
	 * an option it refuses only without a SPANK plugin is not reported. */
	int		sbatch_took;
};

/* Add a finding; message is printf-formatted into the arena. */
struct jl_finding *jl_report(struct jl_arena *, struct jl_findings *,
	    const char *rule, enum jl_sev, const struct jl_src *, struct jl_loc,
	    const char *fix, const char *fmt, ...)
	    __attribute__((__format__(printf, 8, 9)));
/* Same, for a value that came from outside the script. */
struct jl_finding *jl_report_at(struct jl_arena *, struct jl_findings *,
	    const char *rule, enum jl_sev, const char *where, const char *fix,
	    const char *fmt, ...)
	    __attribute__((__format__(printf, 7, 8)));
/* Sort by position (script order, outside-script first), then slug. */
void	jl_findings_sort(struct jl_findings *);
const char *jl_sev_name(enum jl_sev);
/* "error", "warning", "info" -> *out; 0, or -1 for another word. */
int	jl_sev_parse(const char *, enum jl_sev *out);
/* Copy s[0..n) for a message: control bytes become '?', long text is cut
 * with "..." (max bytes).  Result in the arena. */
const char *jl_quote(struct jl_arena *, const char *, size_t n, size_t max);

#endif
