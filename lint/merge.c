/*
 * merge.c: live cluster facts over a loaded policy (jlint --cluster).
 *
 * The facts come from `jlint facts` as a policy of their own (facts.c
 * writes them with jl_facts_yaml() and loads them with jl_policy_load()),
 * so merging is policy over policy: the live value of every fact wins,
 * and what the site wrote about rules (settings, site rules, exemptions,
 * limits, runtimes, image directories, on_error) stays.  Each value that
 * the cluster added, changed or removed is noted, so --show-policy can
 * say where it came from.  No libslurm here: this is liblint.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "facts.h"
#include "merge.h"

struct mctx {
	struct jl_arena	*a;
	struct jl_vec	*notes;
};

static void
note(struct mctx *c, const char *key, const char *value, const char *was)
{
	struct jl_merge_note	*n;

	if (c->notes == NULL)
		return;
	if ((n = jl_arena_alloc(c->a, sizeof(*n))) == NULL)
		return;
	n->key = key;
	n->value = value;
	n->was = was;
	jl_vec_push(c->a, c->notes, n);
}

/* A count the cluster says (JL_UNSET: it says none) over the policy's. */
static void
merge_count(struct mctx *c, const char *key, int64_t live, int64_t *dst)
{
	if (live == JL_UNSET || live == *dst)
		return;
	note(c, key, jl_arena_printf(c->a, "%lld", (long long)live), *dst ==
	    JL_UNSET ? NULL : jl_arena_printf(c->a, "%lld", (long long)*dst));
	*dst = live;
}

static const char *
version_text(struct jl_arena *a, unsigned v)
{
	return jl_arena_printf(a, "%u.%02u", v / 100, v % 100);
}

static const char *
minutes_text(struct jl_arena *a, int64_t m)
{
	if (m == JL_UNSET)
		return "none";
	if (m == INT64_MAX)
		return "UNLIMITED";
	if (m >= 1440)
		return jl_arena_printf(a, "%" PRId64 "-%02" PRId64 ":%02"
		    PRId64 ":00", m / 1440, m % 1440 / 60, m % 60);
	return jl_arena_printf(a, "%02" PRId64 ":%02" PRId64 ":00", m / 60,
	    m % 60);
}

static const char *
tri_text(int v)
{
	return v == JL_UNSET ? "unknown" : v ? "true" : "false";
}

/* Node classes in the policy's flow form, "; "-separated. */
static const char *
nodes_text(struct jl_arena *a, const struct jl_nodeclass *nc, size_t n)
{
	struct jl_buf	 b;
	const char	*s;
	size_t		 i, j;

	if (n == 0)
		return NULL;
	jl_buf_init(&b);
	for (i = 0; i < n; i++) {
		jl_buf_puts(&b, i ? "; {" : "{");
		if (nc[i].count != JL_UNSET)
			jl_buf_printf(&b, " count: %" PRId64 ",", nc[i].count);
		if (nc[i].cpus != JL_UNSET)
			jl_buf_printf(&b, " cpus: %" PRId64 ",", nc[i].cpus);
		if (nc[i].mem_mb != JL_UNSET)
			jl_buf_printf(&b, " mem: %" PRId64 "M,", nc[i].mem_mb);
		if (nc[i].ngpus > 0) {
			jl_buf_puts(&b, " gpus: {");
			for (j = 0; j < nc[i].ngpus; j++)
				jl_buf_printf(&b, "%s %s: %" PRId64, j ? "," :
				    "", nc[i].gpus[j].type,
				    nc[i].gpus[j].count);
			jl_buf_puts(&b, " },");
		}
		if (b.len > 0 && b.data[b.len - 1] == ',')
			b.data[--b.len] = '\0';
		jl_buf_puts(&b, " }");
	}
	s = b.failed ? NULL : jl_arena_strdup(a, b.data);
	jl_buf_free(&b);
	return s;
}

static int
nodes_equal(const struct jl_partition *x, const struct jl_partition *y)
{
	size_t	i, j;

	if (x->nnodes != y->nnodes)
		return 0;
	for (i = 0; i < x->nnodes; i++) {
		const struct jl_nodeclass *p = &x->nodes[i], *q = &y->nodes[i];

		if (p->count != q->count || p->cpus != q->cpus ||
		    p->mem_mb != q->mem_mb || p->ngpus != q->ngpus)
			return 0;
		for (j = 0; j < p->ngpus; j++)
			if (strcmp(p->gpus[j].type, q->gpus[j].type) != 0 ||
			    p->gpus[j].count != q->gpus[j].count)
				return 0;
	}
	return 1;
}

/* Deep copy of node classes into the arena (NULL when out of memory). */
static struct jl_nodeclass *
copy_nodes(struct jl_arena *a, const struct jl_nodeclass *src, size_t n)
{
	struct jl_nodeclass	*v;
	size_t			 i, j;

	if ((v = jl_arena_alloc(a, (n + 1) * sizeof(*v))) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		v[i] = src[i];
		v[i].gpus = NULL;
		if (src[i].ngpus == 0)
			continue;
		if ((v[i].gpus = jl_arena_alloc(a, src[i].ngpus *
		    sizeof(*v[i].gpus))) == NULL)
			return NULL;
		for (j = 0; j < src[i].ngpus; j++) {
			v[i].gpus[j].count = src[i].gpus[j].count;
			if ((v[i].gpus[j].type = jl_arena_strdup(a,
			    src[i].gpus[j].type)) == NULL)
				return NULL;
		}
	}
	return v;
}

static const struct jl_partition *
find_part(const struct jl_policy *p, const char *name)
{
	size_t	i;

	for (i = 0; i < p->npartitions; i++)
		if (strcmp(p->partitions[i].name, name) == 0)
			return &p->partitions[i];
	return NULL;
}

static const char *
key(struct mctx *c, const char *part, const char *field)
{
	return field != NULL ? jl_arena_printf(c->a, "partitions.%s.%s", part,
	    field) : jl_arena_printf(c->a, "partitions.%s", part);
}

/* One live partition over the policy's (old may be NULL). */
static int
merge_part(struct mctx *c, struct jl_partition *np,
    const struct jl_partition *lp, const struct jl_partition *old)
{
	struct jl_arena	*a = c->a;

	memset(np, 0, sizeof(*np));
	if ((np->name = jl_arena_strdup(a, lp->name)) == NULL)
		return -1;
	np->is_default = lp->is_default;
	np->max_time = lp->max_time;
	np->default_time = lp->default_time;
	np->preemptible = lp->preemptible != JL_UNSET ? lp->preemptible :
	    old != NULL ? old->preemptible : JL_UNSET;
	if (lp->nnodes > 0) {
		if ((np->nodes = copy_nodes(a, lp->nodes, lp->nnodes)) == NULL)
			return -1;
		np->nnodes = lp->nnodes;
	} else if (old != NULL) {
		np->nodes = old->nodes;		/* already in dst's arena */
		np->nnodes = old->nnodes;
	}
	if (old != NULL) {	/* no live fact: the policy's own */
		np->max_gpus_per_job = old->max_gpus_per_job;
		np->max_cpus_per_gpu = old->max_cpus_per_gpu;
		np->max_mem_per_gpu_mb = old->max_mem_per_gpu_mb;
	}
	if (old == NULL) {
		np->line = lp->line;
		np->col = lp->col;
		note(c, key(c, np->name, NULL), "(added from the cluster)",
		    NULL);
		return 0;
	}
	np->line = old->line;
	np->col = old->col;
	if (np->is_default != old->is_default)
		note(c, key(c, np->name, "default"), tri_text(np->is_default),
		    tri_text(old->is_default));
	if (np->max_time != old->max_time)
		note(c, key(c, np->name, "max_time"), minutes_text(a,
		    np->max_time), old->max_time == JL_UNSET ? NULL :
		    minutes_text(a, old->max_time));
	if (np->default_time != old->default_time)
		note(c, key(c, np->name, "default_time"), minutes_text(a,
		    np->default_time), old->default_time == JL_UNSET ? NULL :
		    minutes_text(a, old->default_time));
	if (np->preemptible != old->preemptible)
		note(c, key(c, np->name, "preemptible"),
		    tri_text(np->preemptible), old->preemptible == JL_UNSET ?
		    NULL : tri_text(old->preemptible));
	if (!nodes_equal(np, old))
		note(c, key(c, np->name, "nodes"), nodes_text(a, np->nodes,
		    np->nnodes), nodes_text(a, old->nodes, old->nnodes));
	return 0;
}

int
jl_policy_merge(struct jl_policy *dst, const struct jl_policy *live,
    struct jl_vec *notes)
{
	struct mctx		 c;
	struct jl_partition	*parts;
	const struct jl_partition *old;
	size_t			 i;

	c.a = &dst->arena;
	c.notes = notes;
	if (live->slurm_version != 0 &&
	    live->slurm_version != dst->slurm_version) {
		note(&c, "slurm_version", version_text(c.a,
		    live->slurm_version), dst->slurm_version == 0 ? NULL :
		    version_text(c.a, dst->slurm_version));
		dst->slurm_version = live->slurm_version;
	}
	if (live->gpu_flag != NULL && (dst->gpu_flag == NULL ||
	    strcmp(dst->gpu_flag, live->gpu_flag) != 0)) {
		note(&c, "gpu_flag", live->gpu_flag, dst->gpu_flag);
		if ((dst->gpu_flag = jl_arena_strdup(c.a, live->gpu_flag)) ==
		    NULL)
			return -1;
	}
	if (live->enforce_part_limits != JL_EPL_UNKNOWN &&
	    live->enforce_part_limits != dst->enforce_part_limits) {
		static const char *const w[] = { NULL, "NO", "ANY", "ALL" };

		note(&c, "enforce_part_limits", w[live->enforce_part_limits],
		    w[dst->enforce_part_limits]);
		dst->enforce_part_limits = live->enforce_part_limits;
	}
	merge_count(&c, "max_array_size", live->max_array_size,
	    &dst->max_array_size);
	merge_count(&c, "max_array_tasks", live->max_array_tasks,
	    &dst->max_array_tasks);
	if (live->gres_names != NULL) {
		const char	**v;
		size_t		  n, k;

		for (n = 0; live->gres_names[n] != NULL; n++)
			;
		if ((v = jl_arena_alloc(c.a, (n + 1) * sizeof(*v))) == NULL)
			return -1;
		for (k = 0; k < n; k++)
			if ((v[k] = jl_arena_strdup(c.a,
			    live->gres_names[k])) == NULL)
				return -1;
		v[n] = NULL;
		dst->gres_names = v;
	}
	/* A cluster that shows no partition tells nothing about them. */
	if (live->npartitions == 0)
		return c.a->failed ? -1 : 0;
	if ((parts = jl_arena_alloc(c.a, (live->npartitions + 1) *
	    sizeof(*parts))) == NULL)
		return -1;
	for (i = 0; i < live->npartitions; i++)
		if (merge_part(&c, &parts[i], &live->partitions[i],
		    find_part(dst, live->partitions[i].name)) != 0)
			return -1;
	for (i = 0; i < dst->npartitions; i++) {
		old = &dst->partitions[i];
		if (find_part(live, old->name) == NULL)
			note(&c, key(&c, old->name, NULL), "(removed: not on "
			    "the cluster)", "(in the policy)");
	}
	dst->partitions = parts;
	dst->npartitions = live->npartitions;
	return c.a->failed ? -1 : 0;
}

void
jl_merge_notes_text(const struct jl_vec *notes, struct jl_buf *out)
{
	const struct jl_merge_note	*n;
	size_t				 i;

	for (i = 0; notes != NULL && i < notes->n; i++) {
		n = notes->items[i];
		jl_buf_printf(out, "# live: %s: %s (policy: %s)\n", n->key,
		    n->value != NULL ? n->value : "?", n->was != NULL ?
		    n->was : "not given");
	}
}
