/*
 * policy-load.h: the one way a policy file becomes rules, for every front
 * end (jlint, jlint audit, the job_submit plugin, tests).
 *
 *   discovery   jl_policy_find(): --policy FILE; $JLINT_POLICY; a
 *               .jlint.yaml from the script's directory up to the
 *               repository root; jlint.yaml next to slurm.conf; the
 *               system policy /etc/jlint/policy.yaml; else the embedded
 *               default (NULL).  Each front end says which of these apply.
 *   reading     jl_policy_read(): a regular file of at most 4 MiB, opened
 *               without blocking (a FIFO cannot hang slurmctld).
 *   extends:    jl_policy_open() follows "extends: site|default|PATH"
 *               (PATH relative to the extending file) up to
 *               JL_POLICY_MAX_EXTENDS levels and merges each file over its
 *               base with jl_policy_extend() (policy-layer.h).
 *   facts       an optional merge callback puts live cluster facts over
 *               the effective policy (jlint --cluster, jlint audit).
 *   rules       jl_ruleset_load() over the result.
 *
 * Errors never go to a stream: they come back as lines in *errors
 * (malloc'd), for the CLI to print and the plugin to log.
 */
#ifndef JL_POLICY_LOAD_H
#define JL_POLICY_LOAD_H

#include <stddef.h>

#include "policy.h"
#include "rule.h"

#define JL_SYSTEM_POLICY	"/etc/jlint/policy.yaml"
#define JL_POLICY_MAX_EXTENDS	8
#define JL_POLICY_MAX_SIZE	(4u * 1024 * 1024)

/* Where to look for a policy; a NULL or 0 member skips that step. */
struct jl_policy_where {
	const char	*path;		/* --policy FILE: used as given */
	int		 isolated;	/* --isolated: only path, else embedded */
	int		 use_env;	/* $JLINT_POLICY */
	const char	*script;	/* .jlint.yaml from its directory up */
	const char	*slurm_conf;	/* jlint.yaml next to this slurm.conf */
	int		 use_system;	/* JL_SYSTEM_POLICY */
};

/* The policy file that applies (malloc'd), or NULL: the embedded default
 * (also when memory ran out). */
char	*jl_policy_find(const struct jl_policy_where *);

/*
 * Read a policy file: a regular file of at most JL_POLICY_MAX_SIZE bytes.
 * Returns malloc'd NUL-terminated bytes, or NULL with a one-line reason
 * ("jlint: PATH: ...") appended to *errors.
 */
char	*jl_policy_read(const char *path, size_t *lenp, char **errors);

/* A loaded policy: its rules and the files behind them. */
struct jl_policy_set {
	struct jl_ruleset	*rs;	/* owns the effective policy */
	char			*path;	/* the top file; NULL: embedded */
	/* The files merged into rs->policy, most basic first. */
	const struct jl_policy	*layers[JL_POLICY_MAX_EXTENDS + 1];
	size_t			 nlayers;
	/* Policies the effective one borrows from (freed with the set). */
	struct jl_policy	*keep[2 * (JL_POLICY_MAX_EXTENDS + 1)];
	size_t			 nkeep;
};

struct jl_policy_opts {
	/* Put live facts over the effective policy before the rules load;
	 * 0, or -1 with a message in *err (malloc'd). */
	int	(*merge)(struct jl_policy *, void *arg, char **err);
	void	*merge_arg;
	/* Read each file of the chain (the top file and what it extends);
	 * NULL: jl_policy_read().  Same contract as jl_policy_read().  The
	 * plugin keeps the bytes it read (the last good policy on disk) and
	 * loads that copy again through this hook. */
	char	*(*read)(const char *path, size_t *lenp, char **errors,
		    void *arg);
	void	*read_arg;
};

/*
 * Load path (NULL: the embedded default), what it extends, the facts and
 * the rules.  Returns the set (free with jl_policy_set_free), or NULL with
 * every problem as lines in *errors (malloc'd; the caller frees: syntax,
 * keys and rule names of a file that does not extend another all in one
 * report) and, when
 * on_error_reject is not NULL, whether the broken top file says a plain
 * "on_error: reject" (all a policy that does not load can still say).
 */
struct jl_policy_set *jl_policy_open(const char *path,
	    const struct jl_policy_opts *, char **errors, int *on_error_reject);
void	jl_policy_set_free(struct jl_policy_set *);

/*
 * Exemptions past their expires: date cover nothing any more (rule.c).
 * For each, say calls say(line, arg) with "FILE:LINE:COL: the exemption
 * from RULES expired on DATE: ..." (the file it is written in, through
 * extends:), so the admin removes or renews it: jlint policy check prints
 * these, the plugins log them at every load.  Returns how many.
 */
size_t	jl_policy_expired(const struct jl_policy_set *, long long now,
	    void (*say)(const char *, void *), void *arg);

#endif
