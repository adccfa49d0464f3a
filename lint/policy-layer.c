/*
 * policy-layer.c: extends: (policy-layer.h).  Merges a repository policy
 * over a site policy and prints the effective policy as YAML with where
 * each part came from (jlint --show-policy).
 *
 * Additive to policy.c: it reads struct jl_policy and builds a new one;
 * nothing here changes how a single file loads.  Prints nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "policy-layer.h"
#include "rule.h"
#include "yaml.h"

/* A rule's slug when the catalog knows the name (slug or code). */
static const char *
canon(const struct jl_ruleset *cat, const char *name)
{
	const struct jl_rule	*r;

	if (cat != NULL && (r = jl_ruleset_find(cat, name)) != NULL)
		return r->slug;
	return name;
}

/* The base setting for the rule a child setting names, or NULL. */
static const struct jl_rule_setting *
base_setting(const struct jl_ruleset *cat, const struct jl_policy *base,
    const char *name)
{
	const char	*want = canon(cat, name);
	size_t		 i;

	for (i = 0; i < base->nsettings; i++)
		if (strcmp(canon(cat, base->settings[i].rule), want) == 0)
			return &base->settings[i];
	return NULL;
}

/* A rule's default severity from the catalog (error if unknown). */
static enum jl_sev
default_sev(const struct jl_ruleset *cat, const char *name)
{
	const struct jl_rule	*r;

	if (cat != NULL && (r = jl_ruleset_find(cat, name)) != NULL)
		return r->severity;
	return JL_SEV_ERROR;
}

/* The first point where a setting enforces its rule, or NULL. */
static const char *
enforced_at(const struct jl_rule_setting *st)
{
	size_t	i;

	for (i = 0; st != NULL && i < JL_NPOINTS; i++)
		if (jl_setting_mode(st, (enum jl_point)i) == JL_MODE_ENFORCE)
			return jl_point_name((enum jl_point)i);
	return NULL;
}

/* The first point the base enforces that the merged setting does not. */
static const char *
weakened(const struct jl_rule_setting *bs, const struct jl_rule_setting *ms)
{
	size_t	i;

	for (i = 0; i < JL_NPOINTS; i++)
		if (jl_setting_mode(bs, (enum jl_point)i) == JL_MODE_ENFORCE &&
		    jl_setting_mode(ms, (enum jl_point)i) != JL_MODE_ENFORCE)
			return jl_point_name((enum jl_point)i);
	return NULL;
}

struct jl_policy *
jl_policy_extend(const struct jl_policy *base, const struct jl_policy *child,
    char **errors)
{
	struct jl_policy		*p;
	struct jl_ruleset		*cat;
	struct jl_yaml_diag		 d;
	const struct jl_rule_setting	*bs, *cs;
	struct jl_rule_setting		*ms;
	const struct jl_exemption	*e;
	const char			*pt;
	char				*cerr = NULL;
	size_t				 i, k, n;
	enum jl_sev			 bsev;

	*errors = NULL;
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		*errors = strdup("jlint: out of memory merging policies\n");
		return NULL;
	}
	cat = jl_ruleset_load(NULL, &cerr);
	free(cerr);
	jl_arena_init(&p->arena);
	jl_yaml_diag_init(&d, child->path);
	p->path = child->path;
	p->name = child->name;
	p->description = child->description != NULL ? child->description :
	    base->description;
	p->extends = NULL;
	/* Facts: the site's, else the repository's. */
#define FACT(f, unset)	(p->f = base->f != (unset) ? base->f : child->f)
	FACT(slurm_version, 0);
	FACT(gpu_flag, NULL);
	FACT(require_gpu_flag, 0);
	FACT(runtimes, NULL);
	FACT(image_dirs, NULL);
	FACT(max_gpus_per_job, JL_UNSET);
	FACT(max_cpus_per_gpu, JL_UNSET);
	FACT(max_mem_per_gpu_mb, JL_UNSET);
	FACT(enforce_part_limits, JL_EPL_UNKNOWN);
	FACT(max_array_size, JL_UNSET);
	FACT(max_array_tasks, JL_UNSET);
	FACT(gres_names, NULL);
#undef FACT
	if (base->npartitions > 0) {
		p->partitions = base->partitions;
		p->npartitions = base->npartitions;
	} else {
		p->partitions = child->partitions;
		p->npartitions = child->npartitions;
	}
	p->on_error_reject = base->on_error_reject;
	/* Decisions: the file that says it last. */
	p->decision_log = child->decision_log != NULL ? child->decision_log :
	    base->decision_log;
	p->admin_comment = child->admin_comment >= 0 ? child->admin_comment :
	    base->admin_comment;
	p->script_read_kb = child->script_read_kb > 0 ?
	    child->script_read_kb : base->script_read_kb;
	/* Rule settings: merged per rule, repository fields first. */
	n = base->nsettings + child->nsettings;
	p->settings = jl_arena_alloc(&p->arena, (n + 1) * sizeof(*p->settings));
	for (i = 0; p->settings != NULL && i < child->nsettings; i++) {
		cs = &child->settings[i];
		bs = base_setting(cat, base, cs->rule);
		ms = &p->settings[p->nsettings];
		*ms = *cs;
		if (bs != NULL) {
			if (!cs->has_severity && bs->has_severity) {
				ms->has_severity = 1;
				ms->severity = bs->severity;
			}
			/* Per point: the repository's mode, else the site's. */
			for (k = 0; k < JL_NPOINTS; k++)
				if (cs->mode[k] == JL_MODE_DEFAULT)
					ms->mode[k] = bs->mode[k];
		}
		if ((pt = enforced_at(bs)) != NULL) {
			bsev = bs->has_severity ? bs->severity :
			    default_sev(cat, bs->rule);
			if (!cs->enabled || (cs->has_severity &&
			    cs->severity < bsev) || (pt = weakened(bs, ms)) !=
			    NULL) {
				jl_yaml_error_at(&d, cs->line, cs->col,
				    "rule \"%s\" is enforced by the site policy "
				    "%s (line %u) at %s: a repository policy "
				    "cannot turn it off, lower its severity or "
				    "change its mode there; the %s rejects "
				    "such jobs anyway", cs->rule, base->path,
				    bs->line, pt, strcmp(pt, "cli_filter") == 0 ?
				    "cli_filter plugin" : "job_submit plugin");
				continue;
			}
		}
		p->nsettings++;
	}
	/* Base settings the repository does not mention. */
	for (i = 0; p->settings != NULL && i < base->nsettings; i++) {
		bs = &base->settings[i];
		for (k = 0; k < child->nsettings; k++)
			if (strcmp(canon(cat, child->settings[k].rule),
			    canon(cat, bs->rule)) == 0)
				break;
		if (k == child->nsettings)
			p->settings[p->nsettings++] = *bs;
	}
	/* Site rules of both; the rule loader reports a slug given twice. */
	n = base->nsite_rules + child->nsite_rules;
	if ((p->site_rules = jl_arena_alloc(&p->arena, (n + 1) *
	    sizeof(*p->site_rules))) != NULL) {
		for (i = 0; i < base->nsite_rules; i++)
			p->site_rules[p->nsite_rules++] = base->site_rules[i];
		for (i = 0; i < child->nsite_rules; i++)
			p->site_rules[p->nsite_rules++] = child->site_rules[i];
	}
	/* Exemptions of both; a repository cannot exempt from enforce. */
	n = base->nexemptions + child->nexemptions;
	if ((p->exemptions = jl_arena_alloc(&p->arena, (n + 1) *
	    sizeof(*p->exemptions))) != NULL) {
		for (i = 0; i < base->nexemptions; i++)
			p->exemptions[p->nexemptions++] = base->exemptions[i];
		for (i = 0; i < child->nexemptions; i++) {
			e = &child->exemptions[i];
			for (k = 0; e->rules[k] != NULL; k++) {
				bs = base_setting(cat, base, e->rules[k]);
				if (enforced_at(bs) != NULL)
					break;
			}
			if (e->rules[k] != NULL) {
				jl_yaml_error_at(&d, e->line, e->col,
				    "exemption from \"%s\": the site policy %s "
				    "enforces it; only the site can exempt "
				    "from it", e->rules[k], base->path);
				continue;
			}
			p->exemptions[p->nexemptions++] = *e;
		}
	}
	jl_ruleset_free(cat);
	if (p->arena.failed)
		jl_yaml_error_at(&d, 1, 1, "out of memory");
	if (d.nerrors > 0) {
		if ((*errors = jl_yaml_diag_take(&d)) == NULL)
			*errors = strdup("jlint: out of memory\n");
		jl_policy_free(p);
		return NULL;
	}
	jl_yaml_diag_free(&d);
	return p;
}

/* --- the effective policy as YAML ------------------------------------- */

static void
from(struct jl_buf *b, const struct jl_policy *l)
{
	jl_buf_puts(b, "  # from ");
	jl_buf_puts(b, l != NULL ? l->path : "(not set)");
	jl_buf_putc(b, '\n');
}

/* ", mode: enforce" when every point has that mode, else the mode of
 * each point that has one; nothing when none has. */
static void
show_modes(struct jl_buf *b, const struct jl_rule_setting *st)
{
	enum jl_mode	m, m0 = jl_setting_mode(st,
			    JL_POINT_JOB_SUBMIT);
	size_t		i;
	int		same = 1, any = 0;

	for (i = 0; i < JL_NPOINTS; i++) {
		m = jl_setting_mode(st, (enum jl_point)i);
		same &= m == m0;
		any |= m != JL_MODE_DEFAULT;
	}
	if (!any)
		return;
	if (same) {
		jl_buf_printf(b, ", mode: %s", jl_mode_name(m0));
		return;
	}
	jl_buf_puts(b, ", mode: {");
	for (i = 0, any = 0; i < JL_NPOINTS; i++) {
		m = jl_setting_mode(st, (enum jl_point)i);
		if (m != JL_MODE_DEFAULT)
			jl_buf_printf(b, "%s %s: %s", any++ ? "," : "",
			    jl_point_name((enum jl_point)i), jl_mode_name(m));
	}
	jl_buf_puts(b, " }");
}

static void
minutes(struct jl_buf *b, int64_t m)
{
	if (m == INT64_MAX)
		jl_buf_puts(b, "UNLIMITED");
	else if (m >= 1440)
		jl_buf_printf(b, "%lld-%02lld:%02lld:00", (long long)(m / 1440),
		    (long long)(m % 1440 / 60), (long long)(m % 60));
	else
		jl_buf_printf(b, "%02lld:%02lld:00", (long long)(m / 60),
		    (long long)(m % 60));
}

/* A partition's own limits, if any (0: none there). */
static void
part_limits(struct jl_buf *b, const struct jl_partition *pt)
{
	static const char *const key[] = { "max_gpus_per_job",
	    "max_cpus_per_gpu", "max_mem_per_gpu" };
	int64_t		v[3];
	size_t		i;
	const char	*sep = "    limits: {";

	v[0] = pt->max_gpus_per_job;
	v[1] = pt->max_cpus_per_gpu;
	v[2] = pt->max_mem_per_gpu_mb;
	for (i = 0; i < 3; i++) {
		if (v[i] == 0)
			continue;
		jl_buf_printf(b, "%s %s: %lld%s", sep, key[i], v[i] ==
		    JL_NO_LIMIT ? 0LL : (long long)v[i], i == 2 && v[i] !=
		    JL_NO_LIMIT ? "M" : "");
		sep = ",";
	}
	if (sep[0] == ',')
		jl_buf_puts(b, " }\n");
}

static void
strlist(struct jl_buf *b, const char **v)
{
	size_t	i;

	jl_buf_putc(b, '[');
	for (i = 0; v != NULL && v[i] != NULL; i++) {
		if (i > 0)
			jl_buf_puts(b, ", ");
		jl_buf_json_str(b, v[i]);
	}
	jl_buf_putc(b, ']');
}

/* First layer (most basic first) for which has() is true. */
#define ORIGIN(expr) do {						\
	const struct jl_policy *o_ = NULL;				\
	for (i = 0; i < nlayers && o_ == NULL; i++) {			\
		const struct jl_policy *l = layers[i];			\
		if (expr)						\
			o_ = l;						\
	}								\
	from(b, o_);							\
} while (0)

void
jl_policy_yaml(const struct jl_policy *p,
    const struct jl_policy *const *layers, size_t nlayers, struct jl_buf *b)
{
	const struct jl_partition	*pt;
	const struct jl_nodeclass	*nc;
	const struct jl_rule_setting	*st;
	const struct jl_exemption	*e;
	const struct yaml_node		*n;
	size_t				 i, j, k;

	jl_buf_puts(b, "# effective policy; layers, site first:\n");
	for (i = 0; i < nlayers; i++)
		jl_buf_printf(b, "#   %zu. %s\n", i + 1, layers[i]->path);
	jl_buf_puts(b, "name: ");
	jl_buf_json_str(b, p->name);
	from(b, nlayers > 0 ? layers[nlayers - 1] : p);
	if (p->slurm_version != 0) {
		jl_buf_printf(b, "slurm_version: \"%u.%02u\"",
		    p->slurm_version / 100, p->slurm_version % 100);
		ORIGIN(l->slurm_version != 0);
	}
	if (p->gpu_flag != NULL) {
		jl_buf_printf(b, "gpu_flag: %s", p->gpu_flag);
		ORIGIN(l->gpu_flag != NULL);
	}
	if (p->require_gpu_flag) {
		jl_buf_puts(b, "require_gpu_flag: true");
		ORIGIN(l->require_gpu_flag);
	}
	if (p->enforce_part_limits != JL_EPL_UNKNOWN) {
		jl_buf_printf(b, "enforce_part_limits: %s",
		    p->enforce_part_limits == JL_EPL_NO ? "NO" :
		    p->enforce_part_limits == JL_EPL_ANY ? "ANY" : "ALL");
		ORIGIN(l->enforce_part_limits != JL_EPL_UNKNOWN);
	}
	if (p->max_array_size != JL_UNSET) {
		jl_buf_printf(b, "max_array_size: %lld",
		    (long long)p->max_array_size);
		ORIGIN(l->max_array_size != JL_UNSET);
	}
	if (p->max_array_tasks != JL_UNSET) {
		jl_buf_printf(b, "max_array_tasks: %lld",
		    (long long)p->max_array_tasks);
		ORIGIN(l->max_array_tasks != JL_UNSET);
	}
	if (p->gres_names != NULL) {
		jl_buf_puts(b, "gres_names: ");
		strlist(b, p->gres_names);
		ORIGIN(l->gres_names != NULL);
	}
	if (p->runtimes != NULL) {
		jl_buf_puts(b, "container_runtimes: ");
		strlist(b, p->runtimes);
		ORIGIN(l->runtimes != NULL);
	}
	if (p->image_dirs != NULL) {
		jl_buf_puts(b, "image_dirs: ");
		strlist(b, p->image_dirs);
		ORIGIN(l->image_dirs != NULL);
	}
	if (p->max_gpus_per_job != JL_UNSET || p->max_cpus_per_gpu != JL_UNSET ||
	    p->max_mem_per_gpu_mb != JL_UNSET) {
		jl_buf_puts(b, "limits:\n");
		if (p->max_gpus_per_job != JL_UNSET) {
			jl_buf_printf(b, "  max_gpus_per_job: %lld",
			    (long long)p->max_gpus_per_job);
			ORIGIN(l->max_gpus_per_job != JL_UNSET);
		}
		if (p->max_cpus_per_gpu != JL_UNSET) {
			jl_buf_printf(b, "  max_cpus_per_gpu: %lld",
			    (long long)p->max_cpus_per_gpu);
			ORIGIN(l->max_cpus_per_gpu != JL_UNSET);
		}
		if (p->max_mem_per_gpu_mb != JL_UNSET) {
			jl_buf_printf(b, "  max_mem_per_gpu: %lldM",
			    (long long)p->max_mem_per_gpu_mb);
			ORIGIN(l->max_mem_per_gpu_mb != JL_UNSET);
		}
	}
	if (p->npartitions > 0) {
		jl_buf_puts(b, "partitions:");
		ORIGIN(l->partitions == p->partitions);
	}
	for (i = 0; i < p->npartitions; i++) {
		pt = &p->partitions[i];
		jl_buf_puts(b, "  - name: ");
		jl_buf_json_str(b, pt->name);
		jl_buf_putc(b, '\n');
		if (pt->is_default)
			jl_buf_puts(b, "    default: true\n");
		if (pt->max_time != JL_UNSET) {
			jl_buf_puts(b, "    max_time: ");
			minutes(b, pt->max_time);
			jl_buf_putc(b, '\n');
		}
		if (pt->default_time != JL_UNSET) {
			jl_buf_puts(b, "    default_time: ");
			minutes(b, pt->default_time);
			jl_buf_putc(b, '\n');
		}
		if (pt->preemptible != JL_UNSET)
			jl_buf_printf(b, "    preemptible: %s\n",
			    pt->preemptible ? "true" : "false");
		part_limits(b, pt);
		if (pt->nnodes > 0)
			jl_buf_puts(b, "    nodes:\n");
		for (j = 0; j < pt->nnodes; j++) {
			nc = &pt->nodes[j];
			jl_buf_puts(b, "      - {");
			if (nc->count != JL_UNSET)
				jl_buf_printf(b, " count: %lld,",
				    (long long)nc->count);
			if (nc->cpus != JL_UNSET)
				jl_buf_printf(b, " cpus: %lld,",
				    (long long)nc->cpus);
			if (nc->mem_mb != JL_UNSET)
				jl_buf_printf(b, " mem: %lldM,",
				    (long long)nc->mem_mb);
			jl_buf_puts(b, " gpus: {");
			for (k = 0; k < nc->ngpus; k++)
				jl_buf_printf(b, "%s %s: %lld", k ? "," : "",
				    nc->gpus[k].type,
				    (long long)nc->gpus[k].count);
			jl_buf_puts(b, " } }\n");
		}
	}
	if (p->nsettings > 0)
		jl_buf_puts(b, "rules:\n");
	for (i = 0; i < p->nsettings; i++) {
		size_t	m;

		st = &p->settings[i];
		jl_buf_printf(b, "  %s: { enabled: %s", st->rule,
		    st->enabled ? "true" : "false");
		if (st->has_severity)
			jl_buf_printf(b, ", severity: %s",
			    jl_sev_name(st->severity));
		show_modes(b, st);
		jl_buf_puts(b, " }");
		/* The most specific layer that sets this rule. */
		for (m = nlayers; m > 0; m--)
			if (jl_policy_setting(layers[m - 1], st->rule, NULL) !=
			    NULL || jl_policy_setting(layers[m - 1], NULL,
			    st->rule) != NULL)
				break;
		from(b, m > 0 ? layers[m - 1] : NULL);
	}
	if (p->nsite_rules > 0)
		jl_buf_puts(b, "site_rules:    # shown by code and slug; "
		    "jlint explain SLUG prints one\n");
	for (i = 0; i < p->nsite_rules; i++) {
		const struct jl_policy *o = NULL;

		for (j = 0; j < nlayers && o == NULL; j++)
			for (k = 0; k < layers[j]->nsite_rules; k++)
				if (layers[j]->site_rules[k] ==
				    p->site_rules[i])
					o = layers[j];
		jl_buf_puts(b, "  - { code: ");
		n = jl_yaml_get(p->site_rules[i], "code");
		jl_buf_json_str(b, n != NULL ? n->text : NULL);
		jl_buf_puts(b, ", slug: ");
		n = jl_yaml_get(p->site_rules[i], "slug");
		jl_buf_json_str(b, n != NULL ? n->text : NULL);
		jl_buf_printf(b, " }  # from %s:%u\n", o != NULL ? o->path :
		    p->path, p->site_rules[i]->line);
	}
	if (p->nexemptions > 0)
		jl_buf_puts(b, "exemptions:\n");
	for (i = 0; i < p->nexemptions; i++) {
		e = &p->exemptions[i];
		jl_buf_puts(b, "  - rules: ");
		strlist(b, e->rules);
		jl_buf_puts(b, "\n    users: ");
		strlist(b, e->users);
		jl_buf_puts(b, "\n    accounts: ");
		strlist(b, e->accounts);
		jl_buf_puts(b, "\n    partitions: ");
		strlist(b, e->partitions);
		jl_buf_puts(b, "\n    reason: ");
		jl_buf_json_str(b, e->reason);
		jl_buf_putc(b, '\n');
		if (e->expires != 0) {
			time_t		t = (time_t)e->expires;
			struct tm	tm;
			char		date[32];

			if (gmtime_r(&t, &tm) != NULL && strftime(date,
			    sizeof(date), "%Y-%m-%d", &tm) > 0)
				jl_buf_printf(b, "    expires: %s%s\n", date,
				    e->expires < (int64_t)time(NULL) ?
				    "    # expired: applies no more" : "");
		}
	}
	if (p->decision_log != NULL || p->admin_comment >= 0) {
		jl_buf_puts(b, "decisions:\n");
		if (p->decision_log != NULL) {
			jl_buf_puts(b, "  log: ");
			jl_buf_json_str(b, p->decision_log);
			jl_buf_putc(b, '\n');
		}
		if (p->admin_comment >= 0)
			jl_buf_printf(b, "  admin_comment: %s\n",
			    p->admin_comment ? "true" : "false");
	}
	if (p->script_read_kb > 0)
		jl_buf_printf(b, "script_read_kb: %lld\n",
		    (long long)p->script_read_kb);
	jl_buf_printf(b, "on_error: %s", p->on_error_reject ? "reject" :
	    "accept");
	from(b, nlayers > 0 ? layers[0] : p);
}
