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

#include "check.h"
#include "finding.h"
#include "job.h"
#include "mem.h"
#include "policy.h"

struct jl_rule;
/* ---- rules and rule sets (rule.c) ---- */

enum jl_rule_kind {
	JL_RULE_READER,		/* findings come from the script reader */
	JL_RULE_BUILTIN,	/* a C check (check-*.c) */
	JL_RULE_EXPR		/* when: expression + message template */
};

struct jl_expr;
struct jl_tmpl;

struct jl_rule {
	const char		*code;		/* "JL3001", site: "AILAB001" */
	const char		*slug;		/* "gpu-container-no-nv" */
	enum jl_sev		 severity;	/* default */
	const char		*summary;
	const char		*doc;
	const char		*fix;		/* generic fix hint, or NULL */
	enum jl_rule_kind	 kind;
	const struct jl_builtin	*builtin;
	int			 for_steps;	/* expression rules: per step */
	struct jl_expr		*when;
	struct jl_tmpl		*message;
	struct jl_tmpl		*fixtmpl;
	const char		*at;		/* location path (expr rules) */
	const char		*bad, *good;	/* examples (may hold NULs) */
	size_t			 badlen, goodlen;
	const char		*ex_policy;	/* examples run under this policy */
	int			 ex_sbatch;	/* examples run as jlint sbatch */
	const char		*ex_env;	/* with this NAME=value, or NULL */
	/*
	 * submit_host: true.  The rule reads the submitter's own files or
	 * environment (a directory, an image, SBATCH_*), so it runs only
	 * where jlint sees them as sbatch will: `jlint sbatch ARGS` and the
	 * cli_filter plugin in sbatch (jl_rules_eval's sbatch_mode).  Not in
	 * `jlint FILE`, pre-commit (another machine), the controller or
	 * jlint audit, where it would judge the wrong filesystem.
	 */
	int			 submit_host;
	const char		*origin;	/* file it came from */
	unsigned		 line;		/* where the rule starts */
	int			 site;		/* from a policy's site_rules */
	/* The policy's setting for this rule, resolved once by
	 * jl_ruleset_load() (jl_rule_enabled() runs for every rule on
	 * every lint and plugin call); valid while of == the set's policy. */
	const struct jl_rule_setting *setting;
	const struct jl_policy	*setting_of;
};

/*
 * A loaded rule set: the rules compiled into the binary plus the policy's
 * site rules, and the policy (owned).  Immutable after load, so the plugin
 * can share it between threads.
 */
struct jl_rule_run;
struct jl_rule_slot;
struct jl_ruleset {
	struct jl_arena		 arena;
	struct jl_policy	*policy;
	struct jl_rule		**rules;
	size_t			 nrules;
	/*
	 * Per-policy work done once by jl_ruleset_load() (issue 15: inside
	 * slurmctld every call starts on cold caches, and walking the rule
	 * structs, their settings and the policy's lists cost more than
	 * running the rules): the rules jl_rules_eval() runs, in order, in a
	 * compact array (rule.c), and an index of slugs and codes for
	 * jl_ruleset_find().  NULL/0 only while loading.
	 */
	struct jl_rule_run	*run;
	size_t			 nrun;
	struct jl_rule_slot	*find;
	size_t			 nfind;		/* slots: a power of 2 */
	/* The cache lines a judgement reads from the set and its policy,
	 * sorted (jl_ruleset_prefetch()). */
	const char		**hot;
	size_t			 nhot;
};

/*
 * Who submits (for exemptions); any member may be NULL.  user is the
 * submitting user's name as the caller knows it: the plugin looks up the
 * job's uid, the CLI its real uid (getpwuid(getuid())), never $USER.
 */
struct jl_who {
	const char	*user;
	const char	*account;
	long long	 now;		/* epoch seconds, for expiry; 0: now */
	int		 keep_exempted;	/* 1: run exempted rules and keep their
					   findings marked exempted (the CLI);
					   0: drop them (the plugin) */
};

/*
 * Start loading into the caches what a judgement reads from rs (the run
 * plan, the enabled rules, their expressions, the policy's partitions and
 * settings): at most JL_RULESET_HOT lines, known when rs was loaded.
 * The job_submit plugin and the Lua module call it as a judgement starts:
 * inside slurmctld every call finds these lines evicted, and reached one
 * pointer after another they miss one after another (bench/RESULTS.md).
 */
#define JL_RULESET_HOT	384
void	jl_ruleset_prefetch(const struct jl_ruleset *);

/*
 * Load the embedded rules and the policy's site rules.  Takes ownership of
 * policy (freed with the set, also on failure).  Returns NULL with every
 * problem as "file:line:col: message" lines in *errors (malloc'd, caller
 * frees).
 */
struct jl_ruleset *jl_ruleset_load(struct jl_policy *, char **errors);
void	jl_ruleset_free(struct jl_ruleset *);
/* A rule by slug or code, or NULL. */
const struct jl_rule *jl_ruleset_find(const struct jl_ruleset *,
	    const char *);
/* Effective severity and mode (at the cli point) of a rule under the
 * set's policy; 0 when the rule is disabled. */
int	jl_rule_enabled(const struct jl_ruleset *, const struct jl_rule *,
	    enum jl_sev *, enum jl_mode *);
/* The rule's mode at an enforcement point under the set's policy. */
enum jl_mode jl_rule_mode(const struct jl_ruleset *, const struct jl_rule *,
	    enum jl_point);
/*
 * Is rule r exempted by the policy for this submitter in partition part
 * (NULL: none)?  jl_rules_eval() applies this itself; the plugin's
 * job_modify() asks directly.
 */
int	jl_rule_exempt(const struct jl_ruleset *, const struct jl_rule *,
	    const char *part, const struct jl_who *);
/*
 * Run every enabled rule on a built model, adding findings to
 * m->findings; the reader's own findings are kept, dropped or re-graded
 * per the policy; findings an exemption covers are dropped, or kept with
 * f->exempted set when who->keep_exempted.  who may be NULL.  Returns 0,
 * or -1 if memory ran out.  Front ends call jl_lint_run() (lint.h), which
 * adds suppressions and modes.
 */
int	jl_rules_eval(const struct jl_ruleset *, struct jl_arena *,
	    struct jl_model *, int sbatch_mode, const struct jl_who *);
/* The keys of a rule document (rules/NAME.yaml, a policy's site_rules)
 * and of its examples, as the rule loader checks them; NULL-terminated. */
extern const char *const *const jl_rule_keys;
extern const char *const *const jl_rule_example_keys;
/* The slug of a rule. */
const char *jl_rule_slug(const struct jl_rule *);

#endif
