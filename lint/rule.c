/*
 * rule.c: load rules (the catalog compiled into the binary, plus a
 * policy's site_rules), validate them and the policy's rule settings,
 * and run them on a job model.
 *
 * Every rule, whatever its kind, is one YAML document with the same keys,
 * so `jlint explain`, severities, modes and exemptions treat all alike.
 * Mistakes are collected, not fatal: one load reports every bad line as
 * file:line:col.
 */
#include <ctype.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "check.h"
#include "embed.h"
#include "embed-tree.h"
#include "expr.h"
#include "rule.h"
#include "yaml.h"

static const char *const reader_slugs[] = {
	"empty-script", "missing-shebang", "nul-byte", "crlf-line-endings",
	"late-directive", "malformed-directive", "unknown-option",
	"missing-argument", "invalid-value", "unmatched-quote",
	"directive-no-effect", "pbs-directives",
	"unused-suppression",	/* suppress.c, run at the end of
				   jl_rules_eval() */
	NULL
};

static const char *const rule_keys[] = {
	"code", "slug", "severity", "summary", "doc", "check", "for", "when",
	"at", "message", "fix", "examples", "submit_host", NULL
};

static const char *const example_keys[] = {
	"bad", "good", "policy", "sbatch", "env", NULL
};
const char *const *const jl_rule_keys = rule_keys;
const char *const *const jl_rule_example_keys = example_keys;

const char *
jl_rule_slug(const struct jl_rule *r)
{
	return r != NULL ? r->slug : "internal";
}

static int
valid_slug(const char *s)
{
	size_t	i;

	if (!islower((unsigned char)s[0]))
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if (!islower((unsigned char)s[i]) &&
		    !isdigit((unsigned char)s[i]) && s[i] != '-')
			return 0;
	return i <= 64 && s[i - 1] != '-';
}

static int
valid_code(const char *s, int site)
{
	size_t	i, letters = 0, digits = 0;

	for (i = 0; isupper((unsigned char)s[i]); i++)
		letters++;
	for (; isdigit((unsigned char)s[i]); i++)
		digits++;
	if (s[i] != '\0' || letters == 0 || digits == 0 || i > 16)
		return 0;
	if (site && strncmp(s, "JL", 2) == 0 && letters == 2)
		return 0;		/* JL codes belong to jlint */
	if (!site && !(letters == 2 && strncmp(s, "JL", 2) == 0 &&
	    digits == 4))
		return 0;
	return 1;
}

static const struct jl_builtin *
find_builtin(const char *slug)
{
	size_t	i;

	for (i = 0; i < jl_nbuiltins; i++)
		if (strcmp(jl_builtins[i].slug, slug) == 0)
			return &jl_builtins[i];
	return NULL;
}

static int
is_reader_slug(const char *slug)
{
	size_t	i;

	for (i = 0; reader_slugs[i] != NULL; i++)
		if (strcmp(reader_slugs[i], slug) == 0)
			return 1;
	return 0;
}

/* A compile error inside a YAML scalar, at its exact position. */
static void
expr_error(struct jl_yaml_diag *d, const struct yaml_node *n, const char *key,
    const char *err, size_t off)
{
	unsigned	line, col;

	jl_yaml_locate(n, off, &line, &col);
	jl_yaml_error_at(d, line, col, "%s: %s", key,
	    err != NULL ? err : "out of memory");
}

static const char *
opt_str(struct jl_yaml_diag *d, const struct yaml_node *map, const char *key,
    const char *what, int required)
{
	const struct yaml_node	*n = jl_yaml_get(map, key);

	if (n == NULL || jl_yaml_is_null(n)) {
		if (required)
			jl_yaml_error(d, map, "missing \"%s\" in %s", key,
			    what);
		return NULL;
	}
	return jl_yaml_str(d, n, key);
}

/* Parse one rule document; NULL after reporting. */
static struct jl_rule *
rule_parse(struct jl_ruleset *rs, struct jl_yaml_diag *d,
    const struct yaml_node *doc, const char *origin, int site)
{
	const struct yaml_node	*n, *ex, *w;
	struct jl_rule		*r;
	const char		*s, *check;
	char			*err = NULL;
	size_t			 erroff = 0;
	unsigned		 scope;
	int			 bad = 0, b;

	if (jl_yaml_want_map(d, doc, "a rule") != 0)
		return NULL;
	if ((r = jl_arena_alloc(&rs->arena, sizeof(*r))) == NULL)
		return NULL;
	r->origin = origin;
	r->line = doc->line;
	r->site = site;
	if (jl_yaml_check_keys(d, doc, rule_keys, "a rule") > 0)
		bad = 1;
	r->code = opt_str(d, doc, "code", "a rule", 1);
	r->slug = opt_str(d, doc, "slug", "a rule", 1);
	if (r->slug != NULL && !valid_slug(r->slug)) {
		jl_yaml_error(d, jl_yaml_get(doc, "slug"), "slug \"%s\" must be "
		    "lowercase words joined by '-'", r->slug);
		bad = 1;
	}
	if (r->code != NULL && !valid_code(r->code, site)) {
		jl_yaml_error(d, jl_yaml_get(doc, "code"), site ?
		    "code \"%s\" must be an uppercase site prefix and digits, "
		    "not JL (e.g. SITE001)" : "code \"%s\" must be JL and four "
		    "digits", r->code);
		bad = 1;
	}
	if ((s = opt_str(d, doc, "severity", "a rule", 1)) != NULL &&
	    jl_sev_parse(s, &r->severity) != 0) {
		jl_yaml_error(d, jl_yaml_get(doc, "severity"), "severity \"%s\" "
		    "must be error, warning or info", s);
		bad = 1;
	}
	r->summary = opt_str(d, doc, "summary", "a rule", 1);
	r->doc = opt_str(d, doc, "doc", "a rule", 1);
	r->fix = opt_str(d, doc, "fix", "a rule", 0);
	r->at = opt_str(d, doc, "at", "a rule", 0);
	check = opt_str(d, doc, "check", "a rule", 0);
	if (r->code == NULL || r->slug == NULL || r->summary == NULL ||
	    r->doc == NULL || s == NULL)
		bad = 1;
	if (check != NULL && strcmp(check, "builtin") == 0) {
		r->kind = JL_RULE_BUILTIN;
		if (site)
			jl_yaml_error(d, jl_yaml_get(doc, "check"), "site rules "
			    "cannot use check: builtin; write a when: "
			    "expression"), bad = 1;
		else if (r->slug != NULL &&
		    (r->builtin = find_builtin(r->slug)) == NULL)
			jl_yaml_error(d, jl_yaml_get(doc, "check"), "no builtin "
			    "check is registered for \"%s\"", r->slug),
			    bad = 1;
	} else if (check != NULL && strcmp(check, "reader") == 0) {
		r->kind = JL_RULE_READER;
		if (site || (r->slug != NULL && !is_reader_slug(r->slug)))
			jl_yaml_error(d, jl_yaml_get(doc, "check"), "\"%s\" is "
			    "not a script reader rule", r->slug ? r->slug : ""),
			    bad = 1;
	} else if (check != NULL) {
		jl_yaml_error(d, jl_yaml_get(doc, "check"), "check must be "
		    "builtin or reader (or leave it out and write when:)");
		bad = 1;
	} else {
		r->kind = JL_RULE_EXPR;
		if ((n = jl_yaml_get(doc, "for")) != NULL) {
			if (jl_yaml_eq(n, "steps"))
				r->for_steps = 1;
			else
				jl_yaml_error(d, n, "for: must be \"steps\""),
				    bad = 1;
		}
		scope = r->for_steps ? JL_EXPR_STEP : 0;
		n = jl_yaml_get(doc, "when");
		if (n == NULL || jl_yaml_str(d, n, "when") == NULL) {
			if (n == NULL)
				jl_yaml_error(d, doc, "missing \"when\" (or "
				    "check: builtin) in a rule");
			bad = 1;
		} else if (n->style == JL_YAML_DQUOTED ||
		    n->style == JL_YAML_SQUOTED) {
			jl_yaml_error(d, n, "write when: as a plain or block "
			    "scalar (| or >-), not quoted, so columns in errors "
			    "are exact");
			bad = 1;
		} else if ((r->when = jl_expr_compile(&rs->arena, n->text,
		    n->len, scope, &err, &erroff)) == NULL) {
			expr_error(d, n, "when", err, erroff);
			free(err);
			err = NULL;
			bad = 1;
		}
		n = jl_yaml_get(doc, "message");
		if (n == NULL || jl_yaml_str(d, n, "message") == NULL) {
			if (n == NULL)
				jl_yaml_error(d, doc, "missing \"message\" in "
				    "a rule");
			bad = 1;
		} else if ((r->message = jl_tmpl_compile(&rs->arena, n->text,
		    n->len, scope, &err, &erroff)) == NULL) {
			expr_error(d, n, "message", err, erroff);
			free(err);
			err = NULL;
			bad = 1;
		}
		if ((n = jl_yaml_get(doc, "fix")) != NULL && r->fix != NULL &&
		    (r->fixtmpl = jl_tmpl_compile(&rs->arena, n->text, n->len,
		    scope, &err, &erroff)) == NULL) {
			expr_error(d, n, "fix", err, erroff);
			free(err);
			err = NULL;
			bad = 1;
		}
		if (r->at != NULL && !(r->for_steps ?
		    (strcmp(r->at, "step") == 0 ||
		    strcmp(r->at, "step.launcher") == 0 ||
		    strcmp(r->at, "step.container") == 0 ||
		    strcmp(r->at, "step.container.image") == 0 ||
		    strcmp(r->at, "step.container_image") == 0) :
		    (strcmp(r->at, "job") == 0 ||
		    strncmp(r->at, "job.opt.", 8) == 0))) {
			jl_yaml_error(d, jl_yaml_get(doc, "at"), "at: must be "
			    "%s", r->for_steps ? "step, step.launcher, "
			    "step.container, step.container.image or "
			    "step.container_image" : "job or job.opt.<option>");
			bad = 1;
		}
		if (r->at != NULL && strncmp(r->at, "job.opt.", 8) == 0) {
			struct jl_optmatch m;

			jl_opt_find_long(JL_CMD_SBATCH, 0, r->at + 8,
			    strlen(r->at + 8), &m);
			if (m.status != JL_OPT_FOUND || !m.exact) {
				jl_yaml_error(d, jl_yaml_get(doc, "at"),
				    "unknown sbatch option \"%s\"", r->at + 8);
				bad = 1;
			}
		}
	}
	if ((w = jl_yaml_get(doc, "submit_host")) != NULL) {
		if (jl_yaml_bool(d, w, "submit_host", &b) == 0)
			r->submit_host = b;
		else
			bad = 1;
	}
	if ((ex = jl_yaml_get(doc, "examples")) != NULL &&
	    !jl_yaml_is_null(ex)) {
		if (jl_yaml_want_map(d, ex, "examples") != 0)
			bad = 1;
		else {
			jl_yaml_check_keys(d, ex, example_keys, "examples");
			if ((w = jl_yaml_get(ex, "bad")) != NULL &&
			    w->kind == JL_YAML_SCALAR) {
				r->bad = w->text;
				r->badlen = w->len;
			}
			if ((w = jl_yaml_get(ex, "good")) != NULL &&
			    w->kind == JL_YAML_SCALAR) {
				r->good = w->text;
				r->goodlen = w->len;
			}
			r->ex_policy = opt_str(d, ex, "policy", "examples", 0);
			r->ex_env = opt_str(d, ex, "env", "examples", 0);
			if ((w = jl_yaml_get(ex, "sbatch")) != NULL &&
			    jl_yaml_bool(d, w, "sbatch", &b) == 0)
				r->ex_sbatch = b;
		}
	}
	if (bad) {
		/* A rejected rule never joins the set, so jl_ruleset_free()
		 * would not release the PCRE2 code of its when: (found by
		 * fuzz/fuzz_policy: a leak on every bad policy reload). */
		jl_expr_free(r->when);
		return NULL;
	}
	return r;
}

static int
rule_add(struct jl_ruleset *rs, struct jl_yaml_diag *d,
    const struct yaml_node *where, struct jl_rule *r, size_t *cap)
{
	struct jl_rule	**nr;
	size_t		  i;

	/* A slug's first byte first: this loop is quadratic. */
	for (i = 0; i < rs->nrules; i++) {
		const struct jl_rule *o = rs->rules[i];

		if ((o->slug[0] == r->slug[0] &&
		    strcmp(o->slug, r->slug) == 0) ||
		    strcasecmp(o->code, r->code) == 0) {
			jl_yaml_error(d, where, "rule %s (%s) is already "
			    "defined in %s", r->slug, r->code,
			    rs->rules[i]->origin);
			jl_expr_free(r->when);	/* not in the set: see above */
			return -1;
		}
	}
	if (rs->nrules == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		if ((nr = jl_arena_alloc(&rs->arena, *cap * sizeof(*nr))) ==
		    NULL) {
			jl_expr_free(r->when);
			return -1;
		}
		if (rs->nrules)
			memcpy(nr, rs->rules, rs->nrules * sizeof(*nr));
		rs->rules = nr;
	}
	rs->rules[rs->nrules++] = r;
	return 0;
}

/* Append text (malloc'd, consumed) to *errors. */
static void
errors_append(char **errors, char *text)
{
	char	*p;
	size_t	 a, b;

	if (*errors == NULL) {
		*errors = text;
		return;
	}
	a = strlen(*errors);
	b = strlen(text);
	if ((p = realloc(*errors, a + b + 1)) != NULL) {
		memcpy(p + a, text, b + 1);
		*errors = p;
	}
	free(text);
}

void
jl_ruleset_free(struct jl_ruleset *rs)
{
	size_t	i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->nrules; i++)
		jl_expr_free(rs->rules[i]->when);
	jl_policy_free(rs->policy);
	jl_arena_free(&rs->arena);
	free(rs);
}

/* ---- per-policy work done at load (struct jl_ruleset: run, find) ---- */

/* One rule jl_rules_eval() runs: enabled, not a reader rule. */
struct jl_rule_run {
	const char		*slug;		/* r's (no read of r for a
						   builtin) */
	const struct jl_rule	*r;
	jl_check_fn		 fn;		/* a builtin's, or NULL */
	enum jl_sev		 sev;		/* effective severity */
	unsigned char		 submit_host;
	unsigned char		 exemptible;	/* an exemption names it */
};

/* A slug or a code of the rule set, by its case-folded hash. */
struct jl_rule_slot {
	const struct jl_rule	*r;		/* NULL: empty */
	uint32_t		 h;
	uint32_t		 idx;		/* the rule's place in the set */
};

/* FNV-1a over the ASCII-lowercased bytes of s (codes match in any case,
 * slugs are lowercase). */
static uint32_t
fold_hash(const char *s)
{
	uint32_t	h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)tolower((unsigned char)*s)) *
		    16777619u;
	return h;
}

static void
find_put(struct jl_ruleset *rs, const struct jl_rule *r, size_t idx,
    const char *key)
{
	uint32_t	h = fold_hash(key);
	size_t		k, mask = rs->nfind - 1;

	for (k = h & mask; rs->find[k].r != NULL; k = (k + 1) & mask)
		;
	rs->find[k].r = r;
	rs->find[k].h = h;
	rs->find[k].idx = (uint32_t)idx;
}

static int
find_build(struct jl_ruleset *rs)
{
	size_t	i, n = 16;

	while (n < 4 * rs->nrules)
		n *= 2;
	if ((rs->find = jl_arena_alloc(&rs->arena, n *
	    sizeof(*rs->find))) == NULL)
		return -1;
	memset(rs->find, 0, n * sizeof(*rs->find));
	rs->nfind = n;
	for (i = 0; i < rs->nrules; i++) {
		find_put(rs, rs->rules[i], i, rs->rules[i]->slug);
		find_put(rs, rs->rules[i], i, rs->rules[i]->code);
	}
	return 0;
}

static int strlist_has(const char **, const char *);

/* Can an exemption of the policy cover r (exemption_for() needs it to be
 * named)? */
static int
exemptible(const struct jl_ruleset *rs, const struct jl_rule *r)
{
	size_t	i;

	for (i = 0; rs->policy != NULL && i < rs->policy->nexemptions; i++)
		if (strlist_has(rs->policy->exemptions[i].rules, r->slug) ||
		    strlist_has(rs->policy->exemptions[i].rules, r->code))
			return 1;
	return 0;
}

static int
plan_build(struct jl_ruleset *rs)
{
	struct jl_rule_run	*run;
	const struct jl_rule	*r;
	enum jl_sev		 sev;
	size_t			 i;

	if (rs->nrules == 0)
		return 0;
	if ((rs->run = jl_arena_alloc(&rs->arena, rs->nrules *
	    sizeof(*rs->run))) == NULL)
		return -1;
	for (i = 0; i < rs->nrules; i++) {
		r = rs->rules[i];
		if (r->kind == JL_RULE_READER ||
		    !jl_rule_enabled(rs, r, &sev, NULL))
			continue;
		run = &rs->run[rs->nrun++];
		memset(run, 0, sizeof(*run));
		run->slug = r->slug;
		run->r = r;
		run->fn = r->kind == JL_RULE_BUILTIN ? r->builtin->fn : NULL;
		run->sev = sev;
		run->submit_host = r->submit_host != 0;
		run->exemptible = exemptible(rs, r) != 0;
	}
	return 0;
}

/*
 * rs->hot: what jl_rules_eval() and the verdict read, most needed first
 * (kept when a large policy has more than JL_RULESET_HOT lines): the
 * set and its run plan, the policy and its lists, then the expression
 * rules and their trees.
 */
static int
hot_build(struct jl_ruleset *rs)
{
	struct jl_lines		 l;
	const struct jl_rule	*r;
	size_t			 i;

	l.n = 0;
	l.max = 4 * JL_RULESET_HOT;	/* repeats included */
	if ((l.v = malloc(l.max * sizeof(*l.v))) == NULL)
		return -1;
	jl_lines_add(&l, rs, sizeof(*rs));
	jl_lines_add(&l, rs->run, rs->nrun * sizeof(*rs->run));
	jl_policy_lines(rs->policy, &l);
	/* A built-in rule runs from its run entry; an expression rule reads
	 * its rule and its tree. */
	for (i = 0; i < rs->nrun; i++) {
		r = rs->run[i].r;
		if (rs->run[i].fn != NULL)
			continue;
		jl_lines_add(&l, r, sizeof(*r));
		jl_expr_lines(r->when, &l);
	}
	jl_lines_done(&l, JL_RULESET_HOT);
	rs->nhot = l.n;
	if ((rs->hot = jl_arena_alloc(&rs->arena, (l.n > 0 ? l.n : 1) *
	    sizeof(*rs->hot))) != NULL)
		memcpy(rs->hot, l.v, l.n * sizeof(*rs->hot));
	else
		rs->nhot = 0;
	free(l.v);
	return rs->hot != NULL ? 0 : -1;
}

void
jl_ruleset_prefetch(const struct jl_ruleset *rs)
{
	size_t	i;

	/*
	 * Not unrolled: the profile-guided build unrolled it 8 times, and
	 * which copy a call entered (nhot % 8, which the heap's layout
	 * decides) moved the code lines a call touches from one process to
	 * the next, so a line of the plugin's hot table (hot.h) was not
	 * always used (tests/slurm/hot-lines.sh failed on it).
	 */
#pragma GCC unroll 1
	for (i = 0; i < rs->nhot; i++)
		__builtin_prefetch(rs->hot[i], 0, 3);
}

struct jl_ruleset *
jl_ruleset_load(struct jl_policy *policy, char **errors)
{
	struct jl_ruleset	*rs;
	struct jl_yaml_diag	 d;
	struct jl_rule		*r;
	const struct yaml_node	*doc;
	const struct jl_rule_setting *st;
	size_t			 i, cap = 0;
	int			 bad = 0;
	char			*text;

	*errors = NULL;
	if ((rs = calloc(1, sizeof(*rs))) == NULL) {
		jl_policy_free(policy);
		return NULL;
	}
	jl_arena_init(&rs->arena);
	rs->policy = policy;
	for (i = 0; i < jl_embedded_nrules; i++) {
		jl_yaml_diag_init(&d, jl_embedded_rules[i].path);
		/* The tree parsed at build time (lint/embed-tree.h): parsing
		 * the catalog here was 85% of jlint's start-up. */
		if (i < jl_embedded_trees_n && jl_embedded_trees[i].root != NULL &&
		    strcmp(jl_embedded_trees[i].path,
		    jl_embedded_rules[i].path) == 0)
			doc = jl_embedded_trees[i].root;
		else
			doc = jl_yaml_parse(&rs->arena, &d,
			    jl_embedded_rules[i].data, jl_embedded_rules[i].len);
		r = doc != NULL ? rule_parse(rs, &d, doc,
		    jl_embedded_rules[i].path, 0) : NULL;
		if (r == NULL || rule_add(rs, &d, doc, r, &cap) != 0)
			bad = 1;
		if ((text = jl_yaml_diag_take(&d)) != NULL) {
			bad = 1;
			errors_append(errors, text);
		}
		jl_yaml_diag_free(&d);
	}
	if (policy != NULL) {
		jl_yaml_diag_init(&d, policy->path);
		for (i = 0; i < policy->nsite_rules; i++) {
			r = rule_parse(rs, &d, policy->site_rules[i],
			    policy->path, 1);
			if (r == NULL || rule_add(rs, &d, policy->site_rules[i],
			    r, &cap) != 0)
				bad = 1;
		}
		for (i = 0; i < policy->nsettings; i++) {
			st = &policy->settings[i];
			if (jl_ruleset_find(rs, st->rule) == NULL) {
				const char	*cands[128];
				const char	*sug;
				size_t		 k, n = 0;

				for (k = 0; k < rs->nrules && n < 127; k++)
					cands[n++] = rs->rules[k]->slug;
				cands[n] = NULL;
				sug = jl_yaml_suggest(st->rule, cands);
				jl_yaml_error_at(&d, st->line, st->col,
				    "unknown rule \"%s\"%s%s%s", st->rule,
				    sug ? "; did you mean \"" : "",
				    sug ? sug : "", sug ? "\"?" : "");
				bad = 1;
			}
		}
		if ((text = jl_yaml_diag_take(&d)) != NULL) {
			bad = 1;
			errors_append(errors, text);
		}
		jl_yaml_diag_free(&d);
	}
	if (bad || rs->arena.failed) {
		if (*errors == NULL)
			*errors = strdup("jlint: out of memory loading rules\n");
		jl_ruleset_free(rs);
		return NULL;
	}
	for (i = 0; i < rs->nrules; i++) {
		r = rs->rules[i];
		r->setting = jl_policy_setting(policy, r->slug, r->code);
		r->setting_of = policy;
	}
	if (find_build(rs) != 0 || plan_build(rs) != 0 ||
	    hot_build(rs) != 0) {
		*errors = strdup("jlint: out of memory loading rules\n");
		jl_ruleset_free(rs);
		return NULL;
	}
	return rs;
}

/* The first rule, in set order, whose slug is name or whose code is name
 * in any case: the scan, for a set being loaded. */
static const struct jl_rule *
find_scan(const struct jl_ruleset *rs, const char *name)
{
	size_t	i;

	for (i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i]->slug, name) == 0 ||
		    strcasecmp(rs->rules[i]->code, name) == 0)
			return rs->rules[i];
	return NULL;
}

const struct jl_rule *
jl_ruleset_find(const struct jl_ruleset *rs, const char *name)
{
	const struct jl_rule	*r, *best = NULL;
	size_t			 k, mask, bi = 0;
	uint32_t		 h;

	if (rs->find == NULL)
		return find_scan(rs, name);
	/* Every rule whose slug or code folds to name's hash is on its
	 * probe sequence; the first in set order wins, as in the scan. */
	h = fold_hash(name);
	mask = rs->nfind - 1;
	for (k = h & mask; rs->find[k].r != NULL; k = (k + 1) & mask) {
		if (rs->find[k].h != h || (best != NULL &&
		    rs->find[k].idx >= bi))
			continue;
		r = rs->find[k].r;
		if (strcmp(r->slug, name) == 0 ||
		    strcasecmp(r->code, name) == 0) {
			best = r;
			bi = rs->find[k].idx;
		}
	}
	return best;
}

int
jl_rule_enabled(const struct jl_ruleset *rs, const struct jl_rule *r,
    enum jl_sev *sev, enum jl_mode *mode)
{
	const struct jl_rule_setting	*st = NULL;

	if (rs->policy != NULL)
		st = r->setting_of == rs->policy ? r->setting :
		    jl_policy_setting(rs->policy, r->slug, r->code);
	if (sev != NULL)
		*sev = st != NULL && st->has_severity ? st->severity :
		    r->severity;
	if (mode != NULL)
		*mode = jl_setting_mode(st, JL_POINT_CLI);
	return st == NULL || st->enabled;
}

enum jl_mode
jl_rule_mode(const struct jl_ruleset *rs, const struct jl_rule *r,
    enum jl_point pt)
{
	const struct jl_rule_setting	*st = NULL;

	if (rs->policy != NULL)
		st = r->setting_of == rs->policy ? r->setting :
		    jl_policy_setting(rs->policy, r->slug, r->code);
	return jl_setting_mode(st, pt);
}

static int
strlist_has(const char **list, const char *s)
{
	size_t	i;

	if (list == NULL || s == NULL)
		return 0;
	for (i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

/*
 * Whether an exemption's partitions cover a job that may run in any of
 * parts[0..n): only when every one is listed.  slurmctld starts a job
 * with -p a,b in whichever partition can run it first, so an exemption
 * for a alone must not cover it (-p a,b and -p b,a are the same request:
 * the order never matters).
 */
static int
parts_covered(const char **list, const char *const *parts, size_t n)
{
	size_t	i;

	if (list == NULL || n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!strlist_has(list, parts[i]))
			return 0;
	return 1;
}

/*
 * The exemption covering rule r for this submitter in partitions
 * parts[0..n) (see parts_covered()), or NULL.  An expired exemption
 * covers nothing; the first one that would have goes to *expired (may be
 * NULL), so a user can be told.
 */
static const struct jl_exemption *
exemption_for(const struct jl_ruleset *rs, const struct jl_rule *r,
    const char *const *parts, size_t nparts, const struct jl_who *who,
    const struct jl_exemption **expired)
{
	const struct jl_exemption	*e;
	size_t				 i;
	long long			 now;

	if (expired != NULL)
		*expired = NULL;
	if (rs->policy == NULL)
		return NULL;
	now = who != NULL && who->now ? who->now : (long long)time(NULL);
	for (i = 0; i < rs->policy->nexemptions; i++) {
		e = &rs->policy->exemptions[i];
		if (!strlist_has(e->rules, r->slug) &&
		    !strlist_has(e->rules, r->code))
			continue;
		if (!(who != NULL && strlist_has(e->users, who->user)) &&
		    !(who != NULL && strlist_has(e->accounts, who->account)) &&
		    !parts_covered(e->partitions, parts, nparts))
			continue;
		if (e->expires == 0 || now <= e->expires)
			return e;
		if (expired != NULL && *expired == NULL)
			*expired = e;
	}
	return NULL;
}

/* The exemption covering rule r for this job, or NULL; *expired as in
 * exemption_for(). */
static const struct jl_exemption *
exempt(const struct jl_ruleset *rs, const struct jl_rule *r,
    const struct jl_job *job, const struct jl_who *who,
    const struct jl_exemption **expired)
{
	const struct jl_partition	*p;
	const char			*part;

	*expired = NULL;
	if (rs->policy == NULL || rs->policy->nexemptions == 0)
		return NULL;
	if (job != NULL && job->partitions.n > 0)
		return exemption_for(rs, r,
		    (const char *const *)job->partitions.items,
		    job->partitions.n, who, expired);
	p = jl_policy_partition(rs->policy, NULL);	/* the default one */
	part = p != NULL ? p->name : NULL;
	return exemption_for(rs, r, &part, part != NULL, who, expired);
}

int
jl_rule_exempt(const struct jl_ruleset *rs, const struct jl_rule *r,
    const char *part, const struct jl_who *who)
{
	return exemption_for(rs, r, &part, part != NULL, who, NULL) != NULL;
}

/* Record on f the exemption that covers it (e) or that would have but
 * expired (x). */
static void
mark_exempted(struct jl_finding *f, const struct jl_exemption *e,
    const struct jl_exemption *x)
{
	if (e != NULL) {
		f->exempted = 1;
		f->exempt_reason = e->reason;
		f->exempt_until = e->expires;
	} else if (x != NULL) {
		f->exempted = 0;
		f->exempt_reason = x->reason;
		f->exempt_until = x->expires;
	}
}

/* Where an expression rule's finding points. */
static void
expr_report(struct jl_check *c, const struct jl_rule *r,
    const struct jl_step *s, const char *msg, const char *fix)
{
	struct jl_loc		 loc;
	struct jl_optmatch	 m;
	const struct jl_value	*v;
	const char		*at = r->at;

	if (s != NULL) {
		loc = s->loc;
		if (at != NULL && strcmp(at, "step.launcher") == 0 &&
		    s->launcher != JL_LAUNCH_NONE)
			loc = s->launcher_loc;
		else if (at != NULL && strcmp(at, "step.container") == 0 &&
		    s->ctr != NULL)
			loc = s->ctr->verb_loc;
		else if (at != NULL && strcmp(at, "step.container.image") ==
		    0 && s->ctr != NULL && s->ctr->image != NULL)
			loc = s->ctr->image_loc;
		else if (at != NULL && strcmp(at, "step.container_image") ==
		    0 && s->pyxis_image != NULL)
			loc = s->pyxis_loc;
		jl_check_at(c, loc, fix, "%s", msg);
		return;
	}
	if (at != NULL && strncmp(at, "job.opt.", 8) == 0) {
		jl_opt_find_long(JL_CMD_SBATCH, 0, at + 8, strlen(at + 8), &m);
		if (m.status == JL_OPT_FOUND &&
		    (v = c->job->v[m.opt->id]) != NULL) {
			jl_check_value(c, v, fix, "%s", msg);
			return;
		}
	}
	jl_check_job(c, fix, "%s", msg);
}

static void
run_expr(struct jl_check *c, const struct jl_rule *r)
{
	struct jl_expr_env	 env;
	const struct jl_step	*s;
	const char		*msg, *fix;
	size_t			 i;
	int			 truth;

	memset(&env, 0, sizeof(env));
	env.m = c->m;
	env.job = c->job;
	env.policy = c->policy;
	env.partition = c->part;
	for (i = 0; i < (r->for_steps ? c->m->body.steps.n : 1); i++) {
		s = r->for_steps ? c->m->body.steps.items[i] : NULL;
		env.step = s;
		/* job.* of a step: the het component it runs in. */
		env.job = jl_step_job(c->m, s, c->job);
		if (jl_expr_eval(r->when, &env, &truth) != 0 || !truth)
			continue;
		msg = jl_tmpl_render(c->a, r->message, &env);
		fix = r->fixtmpl != NULL ? jl_tmpl_render(c->a, r->fixtmpl,
		    &env) : r->fix;
		expr_report(c, r, s, msg != NULL ? msg : r->summary, fix);
	}
}

/*
 * A het component's call (jl_input.het): of the rules' findings from
 * index from on, keep those of the component judged: about its request
 * (the job request, a directive, the #! line), or in the body where it
 * runs: in a step of its own (the innermost step around the finding;
 * jl_step_component()), or, for component 0, in the batch script's own
 * commands (the script runs in component 0).
 */
static void
het_keep_own(struct jl_model *m, size_t from)
{
	const struct jl_finding	*f;
	const struct jl_step	*s, *in;
	size_t			 i, j, k;
	int			 owner;

	for (i = k = from; i < m->findings.v.n; i++) {
		f = m->findings.v.items[i];
		owner = m->het_index;
		if (f->src == &m->script.src && m->script.has_command &&
		    f->loc.off >= m->script.first_command.off) {
			in = NULL;
			for (j = 0; j < m->body.steps.n; j++) {
				s = m->body.steps.items[j];
				if (f->loc.off >= s->loc.off && f->loc.off <
				    s->loc.off + s->loc.len && (in == NULL ||
				    s->loc.len < in->loc.len))
					in = s;
			}
			owner = jl_step_component(in);
		}
		if (owner == m->het_index)
			m->findings.v.items[k++] = m->findings.v.items[i];
	}
	m->findings.v.n = k;
}

int
jl_rules_eval(const struct jl_ruleset *rs, struct jl_arena *a,
    struct jl_model *m, int sbatch_mode, const struct jl_who *who)
{
	struct jl_check		 c;
	struct jl_finding	*f;
	const struct jl_rule	*r;
	const struct jl_job	*job = jl_model_job(m);
	const struct jl_exemption *e, *x;
	enum jl_sev		 sev;
	size_t			 i, k, n0, nreader;
	int			 keep = who != NULL && who->keep_exempted;

	if (job == NULL)
		return -1;
	/* The reader's findings: keep, drop or re-grade per the policy. */
	for (i = k = 0; i < m->findings.v.n; i++) {
		f = m->findings.v.items[i];
		r = jl_ruleset_find(rs, f->rule);
		if (r != NULL) {
			if (!jl_rule_enabled(rs, r, &sev, NULL))
				continue;
			if ((e = exempt(rs, r, job, who, &x)) != NULL &&
			    !keep)
				continue;
			mark_exempted(f, e, x);
			if (rs->policy != NULL) {
				const struct jl_rule_setting *st =
				    r->setting_of == rs->policy ? r->setting :
				    jl_policy_setting(rs->policy, r->slug,
				    r->code);

				if (st != NULL && st->has_severity)
					f->sev = st->severity;
			}
		}
		m->findings.v.items[k++] = f;
	}
	m->findings.v.n = k;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.m = m;
	c.job = job;
	c.policy = rs->policy;
	c.part = rs->policy != NULL ? jl_policy_partition(rs->policy,
	    job->partitions.n > 0 ? job->partitions.items[0] : NULL) : NULL;
	c.fs = &m->findings;
	c.sbatch_mode = sbatch_mode;
	/* An empty script has no job to judge (no script at all has). */
	if (!m->no_script && (m->script.empty || m->script.whitespace_only))
		return a->failed ? -1 : 0;
	nreader = m->findings.v.n;
	/* The enabled rules, in set order (rs->run, made at load). */
	for (i = 0; i < rs->nrun; i++) {
		const struct jl_rule_run *run = &rs->run[i];

		/* The submitter's files are known only on the submit host. */
		if (run->submit_host && !sbatch_mode)
			continue;
		r = run->r;
		e = x = NULL;
		if (run->exemptible &&
		    (e = exempt(rs, r, job, who, &x)) != NULL && !keep)
			continue;
		c.sev = run->sev;
		c.slug = run->slug;
		n0 = m->findings.v.n;
		if (run->fn != NULL)
			run->fn(&c);
		else
			run_expr(&c, r);
		for (k = n0; (e != NULL || x != NULL) &&
		    k < m->findings.v.n; k++)
			mark_exempted(m->findings.v.items[k], e, x);
	}
	if (m->het)
		het_keep_own(m, nreader);
	return a->failed ? -1 : 0;
}
