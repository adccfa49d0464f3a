/*
 * fix.c: the safe fixes and unified diffs (fix.h).
 *
 * Fixes are computed from a model's findings and checked against the
 * script's bytes before an edit is made: a span that does not hold what
 * the fix expects (a command read from inside a double-quoted string,
 * say) is left alone.  Diffs are line based: common head and tail are
 * trimmed, the middle is an LCS when it is small enough (DIFF_CELLS) and
 * a plain replace otherwise, so any input finishes in bounded time.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fix.h"
#include "rule.h"

#define DIFF_CELLS	(4u * 1000 * 1000)	/* LCS table bound */
#define CONTEXT		3

static int
add_edit(struct jl_arena *a, struct jl_vec *out, size_t off, size_t len,
    const char *text, const char *rule)
{
	struct jl_edit	*e;

	if (text == NULL || (e = jl_arena_alloc(a, sizeof(*e))) == NULL)
		return -1;
	e->off = off;
	e->len = len;
	e->text = text;
	e->rule = rule;
	e->seq = out->n;
	e->group = 0;
	return jl_vec_push(a, out, e);
}

static const struct jl_finding *
find_rule(const struct jl_model *m, const char *slug, size_t from)
{
	const struct jl_finding	*f;
	size_t			 i;

	for (i = from; i < m->findings.v.n; i++) {
		f = m->findings.v.items[i];
		if (f->src != NULL && strcmp(f->rule, slug) == 0)
			return f;
	}
	return NULL;
}

/* CRLF -> LF over the whole script: one edit. */
static int
fix_crlf(struct jl_arena *a, const struct jl_model *m, struct jl_vec *out)
{
	const struct jl_src	*src = &m->script.src;
	char			*t;
	size_t			 i, k = 0;

	if ((t = jl_arena_alloc(a, src->len + 1)) == NULL)
		return -1;
	for (i = 0; i < src->len; i++)
		if (!(src->data[i] == '\r' && i + 1 < src->len &&
		    src->data[i + 1] == '\n'))
			t[k++] = src->data[i];
	t[k] = '\0';
	return add_edit(a, out, 0, src->len, t, "crlf-line-endings");
}

static int
fix_gpu_flag(struct jl_arena *a, const struct jl_model *m,
    const struct jl_policy *p, const struct jl_finding *f,
    struct jl_vec *out)
{
	const struct jl_step	*s;
	const struct jl_container *c;
	const char		*d = m->script.src.data, *flag;
	size_t			 i, n;

	if ((flag = jl_gpu_flag_for(m, p)) == NULL)
		return 0;
	for (i = 0; i < m->body.steps.n; i++) {
		s = m->body.steps.items[i];
		if ((c = s->ctr) == NULL || c->verb_loc.off != f->loc.off ||
		    c->verb_loc.len != f->loc.len)
			continue;
		n = strlen(c->verb);
		/* The span must hold the verb as written. */
		if (c->verb_loc.len < n || (strncmp(d + c->verb_loc.off,
		    c->verb, n) != 0))
			return 0;
		if (strcmp(c->verb, "instance") != 0 && c->verb_loc.len != n)
			return 0;
		return add_edit(a, out, c->verb_loc.off + c->verb_loc.len, 0,
		    jl_arena_printf(a, " %s", flag), f->rule);
	}
	return 0;
}

static int
fix_late(struct jl_arena *a, const struct jl_model *m,
    const struct jl_policy *p, const struct jl_finding *f,
    struct jl_vec *out)
{
	(void)p;
	const struct jl_script	*s = &m->script;
	const char		*d = s->src.data;
	size_t			 end;

	if (!s->has_command || f->loc.off <= s->first_command.off ||
	    (f->loc.off > 0 && d[f->loc.off - 1] != '\n'))
		return 0;
	end = f->loc.off + f->loc.len;
	if (end < s->src.len && d[end] == '\n')
		end++;
	if (add_edit(a, out, s->first_command.off, 0, jl_arena_printf(a,
	    "%.*s\n", (int)f->loc.len, d + f->loc.off), f->rule) != 0)
		return -1;
	return add_edit(a, out, f->loc.off, end - f->loc.off, "", f->rule);
}

static int
fix_near_miss(struct jl_arena *a, const struct jl_model *m,
    const struct jl_policy *pol, const struct jl_finding *f,
    struct jl_vec *out)
{
	const struct jl_directive *dir;
	const char		*d = m->script.src.data;
	size_t			 i, p, end;

	(void)pol;
	if (f->sev == JL_SEV_ERROR)	/* malformed, not a near miss */
		return 0;

	for (i = 0; i < m->script.lines_dir.n; i++) {
		dir = m->script.lines_dir.items[i];
		if (dir->kind != JL_LINE_NEAR_MISS || f->loc.off < dir->loc.off ||
		    f->loc.off >= dir->loc.off + dir->loc.len + 1)
			continue;
		end = dir->loc.off + dir->loc.len;
		for (p = dir->loc.off; p < end && (d[p] == ' ' || d[p] == '\t');
		    p++)
			;
		while (p < end && (d[p] == '#' || d[p] == ' ' || d[p] == '\t'))
			p++;
		if (end - p < 6 || strncasecmp(d + p, "sbatch", 6) != 0)
			return 0;
		p += 6;
		return add_edit(a, out, dir->loc.off, p - dir->loc.off,
		    p < end && d[p] == '-' ? "#SBATCH " : "#SBATCH", f->rule);
	}
	return 0;
}

int
jl_edit_cmp(const void *pa, const void *pb)
{
	const struct jl_edit	*a = *(struct jl_edit * const *)pa;
	const struct jl_edit	*b = *(struct jl_edit * const *)pb;

	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	/* Inserts before replacements at one offset; else keep order. */
	if ((a->len == 0) != (b->len == 0))
		return a->len == 0 ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The rules with a text fix, and their fixers (crlf-line-endings, which
 * rewrites the whole file, is handled first and alone). */
static const struct {
	const char	*slug;
	int		(*fn)(struct jl_arena *, const struct jl_model *,
			    const struct jl_policy *, const struct jl_finding *,
			    struct jl_vec *);
} fixers[] = {
	{ "gpu-container-no-nv",	fix_gpu_flag },
	{ "late-directive",		fix_late },
	{ "malformed-directive",	fix_near_miss },
};

int
jl_fix_edits(struct jl_arena *a, const struct jl_model *m,
    const struct jl_policy *p, struct jl_vec *out)
{
	const struct jl_finding	*f;
	struct jl_edit		*e, *prev = NULL;
	unsigned char		*drop;
	size_t			 i, j, k;
	int			 rc = 0;

	if (find_rule(m, "crlf-line-endings", 0) != NULL)
		return fix_crlf(a, m, out);
	for (i = 0; i < m->findings.v.n && rc == 0; i++) {
		f = m->findings.v.items[i];
		if (f->src == NULL)
			continue;
		k = out->n;
		for (j = 0; j < sizeof(fixers) / sizeof(fixers[0]); j++)
			if (strcmp(f->rule, fixers[j].slug) == 0)
				rc = fixers[j].fn(a, m, p, f, out);
		for (; k < out->n; k++)
			((struct jl_edit *)out->items[k])->group = i;
	}
	if (rc != 0)
		return -1;
	/* Sorted by offset, creation order kept (seq). */
	if (out->n > 1)
		qsort(out->items, out->n, sizeof(void *), jl_edit_cmp);
	/* An edit overlapping a kept one waits for the next round, and
	 * the rest of its fix with it. */
	if ((drop = jl_arena_alloc(a, m->findings.v.n + 1)) == NULL)
		return -1;
	memset(drop, 0, m->findings.v.n + 1);
	for (i = 0; i < out->n; i++) {
		e = out->items[i];
		if (drop[e->group])
			continue;
		if (prev != NULL && e->off < prev->off + prev->len)
			drop[e->group] = 1;
		else
			prev = e;
	}
	for (i = k = 0; i < out->n; i++) {
		e = out->items[i];
		if (!drop[e->group])
			out->items[k++] = e;
	}
	out->n = k;
	return a->failed ? -1 : 0;
}

void
jl_fix_apply(const char *data, size_t len, const struct jl_vec *edits,
    struct jl_buf *out)
{
	const struct jl_edit	*e;
	size_t			 i, at = 0;

	for (i = 0; i < edits->n; i++) {
		e = edits->items[i];
		if (e->off < at || e->off + e->len > len)
			continue;
		jl_buf_add(out, data + at, e->off - at);
		jl_buf_puts(out, e->text);
		at = e->off + e->len;
	}
	jl_buf_add(out, data + at, len - at);
}

/* --- what the job asks for --------------------------------------------- */

static void
req_int(struct jl_buf *b, const char *k, int64_t v)
{
	jl_buf_printf(b, " %s=%lld", k, (long long)v);
}

static void
req_time(struct jl_buf *b, const char *k, int set, const struct jl_time *t)
{
	if (set)
		jl_buf_printf(b, " %s=%lld/%lld/%d/%d", k,
		    (long long)t->minutes, (long long)t->seconds, t->zero,
		    t->negative);
}

/* Options whose meaning is compared through the normalised fields. */
static int
req_normalised(enum jl_optid id)
{
	switch (id) {
	case JL_O_TIME: case JL_O_TIME_MIN: case JL_O_MEM:
	case JL_O_MEM_PER_CPU: case JL_O_MEM_PER_GPU: case JL_O_NODES:
	case JL_O_NTASKS: case JL_O_CPUS_PER_TASK: case JL_O_NTASKS_PER_NODE:
		return 1;
	default:
		return 0;
	}
}

static int
slug_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

void
jl_fix_errors(const struct jl_model *m, struct jl_buf *b)
{
	const struct jl_finding	*f;
	const char		**v;
	size_t			  i, n = 0;

	if ((v = malloc((m->findings.v.n + 1) * sizeof(*v))) == NULL) {
		b->failed = 1;
		return;
	}
	for (i = 0; i < m->findings.v.n; i++) {
		f = m->findings.v.items[i];
		if (f->sev == JL_SEV_ERROR)
			v[n++] = f->rule;
	}
	qsort(v, n, sizeof(*v), slug_cmp);
	for (i = 0; i < n; i++)
		jl_buf_printf(b, "%s\n", v[i]);
	free(v);
}

/* The next line of a jl_fix_errors() list at *p ("" at the end). */
static size_t
next_slug(const char **p, const char *end, const char **slug)
{
	const char	*nl;
	size_t		 n;

	*slug = *p;
	if (*p >= end)
		return 0;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	n = (size_t)((nl != NULL ? nl : end) - *p);
	*p += n + (nl != NULL);
	return n;
}

int
jl_fix_errors_within(const struct jl_buf *after, const struct jl_buf *before)
{
	const char	*a, *ae, *b, *be, *sa, *sb;
	size_t		 na, nb;
	int		 c;

	if (after->failed || before->failed)
		return 0;
	a = after->data != NULL ? after->data : "";
	ae = a + after->len;
	b = before->data != NULL ? before->data : "";
	be = b + before->len;
	/* Both sorted: each line of after must meet its own line in
	 * before. */
	while ((na = next_slug(&a, ae, &sa)) > 0) {
		for (;;) {
			if ((nb = next_slug(&b, be, &sb)) == 0)
				return 0;
			c = strncmp(sa, sb, na < nb ? na : nb);
			if (c == 0 && na == nb)
				break;			/* matched */
			if (c < 0 || (c == 0 && na < nb))
				return 0;		/* sa not in before */
		}
	}
	return 1;
}

void
jl_fix_request(const struct jl_model *m, struct jl_buf *b)
{
	const struct jl_job	*j;
	const struct jl_value	*v;
	const struct jl_pattern	*pt;
	size_t			 i, k;
	int			 o;

	for (i = 0; i < m->jobs.n; i++) {
		j = m->jobs.items[i];
		jl_buf_printf(b, "component %d\n", j->component);
		for (o = 1; o < JL_O__COUNT; o++) {
			if ((v = j->v[o]) == NULL)
				continue;
			jl_buf_printf(b, " %s%s", v->opt != NULL ? v->opt->name :
			    "?", v->valid ? "" : "(invalid)");
			/* An invalid value has no normalised form: text. */
			if (v->text != NULL && (!v->valid ||
			    !req_normalised((enum jl_optid)o))) {
				jl_buf_putc(b, '=');
				jl_buf_json_str(b, v->text);
			}
			jl_buf_putc(b, '\n');
		}
		req_time(b, "time", j->time_set, &j->time);
		req_time(b, "time_min", j->time_min_set, &j->time_min);
		req_int(b, "mem_kind", j->mem_kind);
		req_int(b, "mem_mb", (int64_t)j->mem_mb);
		req_int(b, "nodes_min", j->nodes_min);
		req_int(b, "nodes_max", j->nodes_max);
		req_int(b, "ntasks", j->ntasks);
		req_int(b, "cpus_per_task", j->cpus_per_task);
		req_int(b, "ntasks_per_node", j->ntasks_per_node);
		req_int(b, "gpus_per_job", j->gpus_per_job);
		req_int(b, "gpus_per_node", j->gpus_per_node);
		req_int(b, "gpus_per_task", j->gpus_per_task);
		req_int(b, "gpus_per_socket", j->gpus_per_socket);
		req_int(b, "gpus_total", j->gpus_total);
		req_int(b, "gpu_requested", j->gpu_requested);
		jl_buf_puts(b, " gpu_type=");
		jl_buf_json_str(b, j->gpu_type);
		req_int(b, "requeue", j->requeue);
		req_int(b, "shared", j->shared);
		jl_buf_puts(b, " partitions=");
		for (k = 0; k < j->partitions.n; k++) {
			jl_buf_json_str(b, j->partitions.items[k]);
			jl_buf_putc(b, ',');
		}
		if (j->array_set)
			jl_buf_printf(b, " array=%lld/%lld/%lld/%lld/%d",
			    (long long)j->array.ntasks,
			    (long long)j->array.min_index,
			    (long long)j->array.max_index,
			    (long long)j->array.throttle, j->array.exact);
		if (j->signal_set)
			jl_buf_printf(b, " signal=%d/%d/%d/%d/%d",
			    j->signal.signo, j->signal.secs,
			    j->signal.batch_only, j->signal.reservation,
			    j->signal.wrapped);
		for (k = 0; k < 2; k++) {
			pt = k == 0 ? &j->out : &j->err;
			jl_buf_printf(b, " %s=%d%d%d%d%d%d%d%d%d%d%d%d%d",
			    k == 0 ? "out" : "err", pt->none, pt->escaped,
			    pt->has_j, pt->has_A, pt->has_a, pt->has_x,
			    pt->has_u, pt->has_N, pt->has_n, pt->has_t,
			    pt->has_s, pt->unknown, pt->task_number);
		}
		jl_buf_putc(b, '\n');
	}
}

/* --- unified diff ------------------------------------------------------- */

struct lines {
	const char	**p;
	size_t		 *n;		/* bytes, newline included */
	size_t		  count;
};

static int
split(const char *s, size_t len, struct lines *l)
{
	size_t	i, start = 0, k = 0, cap = 1;

	for (i = 0; i < len; i++)
		if (s[i] == '\n')
			cap++;
	l->p = malloc(cap * sizeof(*l->p));
	l->n = malloc(cap * sizeof(*l->n));
	if (l->p == NULL || l->n == NULL)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] == '\n') {
			l->p[k] = s + start;
			l->n[k++] = i + 1 - start;
			start = i + 1;
		}
	}
	if (start < len) {
		l->p[k] = s + start;
		l->n[k++] = len - start;
	}
	l->count = k;
	return 0;
}

static int
same(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->n[i] == b->n[j] && memcmp(a->p[i], b->p[j], a->n[i]) == 0;
}

static void
put_line(struct jl_buf *out, char tag, const char *p, size_t n)
{
	jl_buf_putc(out, tag);
	jl_buf_add(out, p, n);
	if (n == 0 || p[n - 1] != '\n')
		jl_buf_puts(out, "\n\\ No newline at end of file\n");
}

void
jl_diff_unified(const char *a, size_t alen, const char *b, size_t blen,
    const char *name, struct jl_buf *out)
{
	struct lines	 la, lb;
	char		*ops = NULL;	/* '=', '-', '+' */
	uint32_t	*t = NULL;
	size_t		 pre = 0, suf = 0, n, m, i, j, k, nops = 0;
	size_t		 h, he, ai, bi, as, bs, ac, bc, x;

	if (alen == blen && memcmp(a, b, alen) == 0)
		return;
	memset(&la, 0, sizeof(la));
	memset(&lb, 0, sizeof(lb));
	if (split(a, alen, &la) != 0 || split(b, blen, &lb) != 0)
		goto out;
	while (pre < la.count && pre < lb.count && same(&la, pre, &lb, pre))
		pre++;
	while (suf < la.count - pre && suf < lb.count - pre &&
	    same(&la, la.count - 1 - suf, &lb, lb.count - 1 - suf))
		suf++;
	n = la.count - pre - suf;
	m = lb.count - pre - suf;
	if ((ops = malloc(la.count + lb.count + 1)) == NULL)
		goto out;
	for (i = 0; i < pre; i++)
		ops[nops++] = '=';
	if (n > 0 && m > 0 && (n + 1) * (m + 1) <= DIFF_CELLS &&
	    (t = calloc((n + 1) * (m + 1), sizeof(*t))) != NULL) {
		/* t[i][j]: LCS length of a[pre+i..] and b[pre+j..]. */
		for (i = n; i-- > 0; )
			for (j = m; j-- > 0; )
				t[i * (m + 1) + j] = same(&la, pre + i, &lb,
				    pre + j) ? t[(i + 1) * (m + 1) + j + 1] + 1 :
				    t[(i + 1) * (m + 1) + j] >
				    t[i * (m + 1) + j + 1] ?
				    t[(i + 1) * (m + 1) + j] :
				    t[i * (m + 1) + j + 1];
		for (i = j = 0; i < n || j < m; ) {
			if (i < n && j < m && same(&la, pre + i, &lb, pre + j)) {
				ops[nops++] = '=';
				i++, j++;
			} else if (j < m && (i == n || t[i * (m + 1) + j + 1] >
			    t[(i + 1) * (m + 1) + j]))
				ops[nops++] = '+', j++;
			else
				ops[nops++] = '-', i++;
		}
	} else {
		for (i = 0; i < n; i++)
			ops[nops++] = '-';
		for (i = 0; i < m; i++)
			ops[nops++] = '+';
	}
	for (i = 0; i < suf; i++)
		ops[nops++] = '=';
	jl_buf_printf(out, "--- a/%s\n+++ b/%s\n", name, name);
	/* Hunks: changes closer than 2 * CONTEXT lines share one. */
	ai = bi = 0;
	for (k = 0; k < nops; ) {
		if (ops[k] == '=') {
			ai++, bi++, k++;
			continue;
		}
		h = k > CONTEXT ? k - CONTEXT : 0;
		he = k;
		for (x = k; x < nops; x++) {
			if (ops[x] != '=')
				he = x;
			else if (x - he > 2 * CONTEXT)
				break;
		}
		he = he + 1 + CONTEXT < nops ? he + 1 + CONTEXT : nops;
		/* Line numbers at h. */
		as = ai - (k - h);
		bs = bi - (k - h);
		ac = bc = 0;
		for (x = h; x < he; x++) {
			if (ops[x] != '+')
				ac++;
			if (ops[x] != '-')
				bc++;
		}
		jl_buf_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n",
		    ac ? as + 1 : as, ac, bc ? bs + 1 : bs, bc);
		i = as;
		j = bs;
		for (x = h; x < he; x++) {
			if (ops[x] == '=') {
				put_line(out, ' ', la.p[i], la.n[i]);
				i++, j++;
			} else if (ops[x] == '-') {
				put_line(out, '-', la.p[i], la.n[i]);
				i++;
			} else {
				put_line(out, '+', lb.p[j], lb.n[j]);
				j++;
			}
		}
		ai = i;
		bi = j;
		k = he;
	}
out:
	free(t);
	free(ops);
	free(la.p);
	free(la.n);
	free(lb.p);
	free(lb.n);
}
