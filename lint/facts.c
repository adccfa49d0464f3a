/*
 * facts.c: live cluster facts (facts.h) written as a policy file.
 *
 * facts.c fills a struct jl_facts from libslurm; this file decides what
 * the facts mean for jlint and writes them in the format policy.c reads.
 * It knows nothing of libslurm, so the unit tests feed it by hand.
 *
 * Inferences (each is also written as a comment next to the value):
 *  - node classes: the nodes of a partition grouped by identical usable
 *    CPUs, memory and per-node GPUs (type: count), in first-seen order;
 *  - GPUs: the "gpu" entries of the node's configured GRES
 *    (slurm_load_node(): "gpu:t4:2(S:0-1)", "gpu:2", "gpu"); an untyped
 *    GPU gets the type "gpu", so that counts still work;
 *  - gpu_flag: --nv when every GPU type is an NVIDIA name (t4, a100, h100,
 *    rtx..., or gres.conf says NVIDIA), --rocm when every one is AMD
 *    (mi100, mi250x, ...), else left out;
 *  - preemptible: with PreemptType=preempt/none, false; with
 *    preempt/partition_prio, true when the partition's PreemptMode
 *    cancels or requeues jobs and another partition with a higher
 *    PriorityTier shares at least one of its nodes (that is when
 *    slurmctld preempts, _preempt_part_check()); suspended jobs resume,
 *    so SUSPEND counts as not preemptible; with preempt/qos (per QOS) or
 *    an unknown plugin it is left out and the policy's value stays.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "facts.h"

/* Node names listed in a class comment before "...". */
#define NAMES_SHOWN	6

/* --- small writers -------------------------------------------------------- */

/* A scalar that YAML reads back as the same string. */
static void
put_scalar(struct jl_buf *b, const char *s)
{
	static const char *const words[] = {
		"true", "false", "yes", "no", "on", "off", "null", "y", "n",
		NULL
	};
	const char	*p;
	size_t		 i;
	int		 plain = *s != '\0' && (isalnum((unsigned char)*s) ||
	    *s == '_' || *s == '/');
	int		 digits = 1;

	for (p = s; *p != '\0' && plain; p++) {
		if (!isalnum((unsigned char)*p) && strchr("_.-/", *p) == NULL)
			plain = 0;
		if (!isdigit((unsigned char)*p) && *p != '.')
			digits = 0;
	}
	for (i = 0; plain && words[i] != NULL; i++)
		if (strcasecmp(s, words[i]) == 0)
			plain = 0;
	if (plain && !digits) {
		jl_buf_puts(b, s);
		return;
	}
	jl_buf_putc(b, '"');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			jl_buf_putc(b, '\\');
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			jl_buf_printf(b, "\\x%02x", (unsigned char)*p);
		else
			jl_buf_putc(b, *p);
	}
	jl_buf_putc(b, '"');
}

/* Comment text: one line, control bytes shown as '?'. */
static void
put_comment(struct jl_buf *b, const char *indent, const char *s)
{
	jl_buf_printf(b, "%s# ", indent);
	for (; *s != '\0'; s++)
		jl_buf_putc(b, (unsigned char)*s < ' ' || *s == 0x7f ? '?' :
		    *s);
	jl_buf_putc(b, '\n');
}

static void put_commentf(struct jl_buf *, const char *, const char *, ...)
	    __attribute__((__format__(printf, 3, 4)));

static void
put_commentf(struct jl_buf *b, const char *indent, const char *fmt, ...)
{
	char	 line[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	put_comment(b, indent, line);
}

/* Minutes as the --time grammar writes them: D-HH:MM:SS, HH:MM:SS. */
static void
put_minutes(struct jl_buf *b, int64_t m)
{
	if (m == INT64_MAX)
		jl_buf_puts(b, "UNLIMITED");
	else if (m >= 1440)
		jl_buf_printf(b, "%" PRId64 "-%02" PRId64 ":%02" PRId64 ":00",
		    m / 1440, m % 1440 / 60, m % 60);
	else
		jl_buf_printf(b, "%02" PRId64 ":%02" PRId64 ":00", m / 60,
		    m % 60);
}

/* MB as the --mem grammar writes them: G when exact, else M. */
static void
put_mb(struct jl_buf *b, int64_t mb)
{
	if (mb % 1024 == 0)
		jl_buf_printf(b, "%" PRId64 "G", mb / 1024);
	else
		jl_buf_printf(b, "%" PRId64 "M", mb);
}

/* --- GRES ----------------------------------------------------------------- */

/* "2", "4k": a GRES count (Slurm's suffixes multiply by 1024). */
static int
gres_count(const char *s, size_t n, int64_t *out)
{
	int64_t	 v = 0;
	size_t	 i;
	int	 shift = 0;

	if (n == 0 || !isdigit((unsigned char)s[0]))
		return -1;
	for (i = 0; i < n && isdigit((unsigned char)s[i]); i++) {
		if (v > (INT64_C(1) << 40))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (i + 1 == n) {
		switch (tolower((unsigned char)s[i])) {
		case 'k': shift = 10; break;
		case 'm': shift = 20; break;
		case 'g': shift = 30; break;
		default: return -1;
		}
		i++;
	}
	if (i != n || (shift && v > (INT64_C(1) << 20)))
		return -1;
	*out = v << shift;
	return 0;
}

int
jl_gres_gpus(struct jl_arena *a, const char *gres, struct jl_gpu_count **out)
{
	struct jl_gpu_count	*v = NULL, *nv;
	const char		*p, *e, *end, *last, *q, *f;
	size_t			 n = 0, cap = 0, nlen, i;
	int			 depth;
	int64_t			 count;
	char			*type;

	*out = NULL;
	if (gres == NULL)
		return 0;
	for (p = gres; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		/* One element: up to a comma outside parentheses. */
		for (e = p, depth = 0; *e != '\0'; e++) {
			if (*e == '(')
				depth++;
			else if (*e == ')' && depth > 0)
				depth--;
			else if (*e == ',' && depth == 0)
				break;
		}
		/* name[:type][:flags]...[:count][(S:...)] */
		if ((end = memchr(p, '(', (size_t)(e - p))) == NULL)
			end = e;
		nlen = strcspn(p, ":(,");
		if (nlen != 3 || strncasecmp(p, "gpu", 3) != 0)
			continue;
		count = 1;
		type = NULL;
		last = p + nlen;		/* the ":" before the count */
		if (last < end) {
			for (q = end; q > p && q[-1] != ':'; q--)
				;
			if (gres_count(q, (size_t)(end - q), &count) == 0)
				last = q - 1;
			else
				last = end;
		}
		/* The type: the first field that is not a flag. */
		for (q = p + nlen; q < last && type == NULL; q = f) {
			q++;
			if ((f = memchr(q, ':', (size_t)(last - q))) == NULL)
				f = last;
			if (f == q || ((size_t)(f - q) == 10 &&
			    strncasecmp(q, "no_consume", 10) == 0))
				continue;
			if ((type = jl_arena_strndup(a, q, (size_t)(f - q))) ==
			    NULL)
				return -1;
		}
		if (type == NULL && (type = jl_arena_strdup(a, "gpu")) == NULL)
			return -1;
		if (count <= 0)
			continue;
		for (i = 0; i < n; i++)
			if (strcasecmp(v[i].type, type) == 0)
				break;
		if (i < n) {
			if (v[i].count <= INT64_MAX - count)
				v[i].count += count;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 4;
			if ((nv = jl_arena_alloc(a, cap * sizeof(*nv))) ==
			    NULL)
				return -1;
			if (n > 0)
				memcpy(nv, v, n * sizeof(*nv));
			v = nv;
		}
		v[n].type = type;
		v[n].count = count;
		n++;
	}
	*out = v;
	return (int)n;
}

/* --- GPU vendors ---------------------------------------------------------- */

const char *
jl_gpu_vendor(const char *type)
{
	static const char *const nv_prefix[] = {
		"nvidia", "tesla", "quadro", "geforce", "rtx", "gtx", "titan",
		"gh", "gb", NULL
	};
	static const char *const amd_prefix[] = {
		"amd", "radeon", "instinct", "vega", "gfx", NULL
	};
	char	 t[64];
	size_t	 i;

	if (type == NULL)
		return NULL;
	for (i = 0; i + 1 < sizeof(t) && type[i] != '\0'; i++)
		t[i] = (char)tolower((unsigned char)type[i]);
	t[i] = '\0';
	for (i = 0; amd_prefix[i] != NULL; i++)
		if (strncmp(t, amd_prefix[i], strlen(amd_prefix[i])) == 0)
			return "amd";
	/* mi50, mi100, mi210, mi250x, mi300a */
	if (t[0] == 'm' && t[1] == 'i' && isdigit((unsigned char)t[2]))
		return "amd";
	for (i = 0; nv_prefix[i] != NULL; i++) {
		size_t k = strlen(nv_prefix[i]);

		/* "gh200", "gb200": the two-letter ones need a digit. */
		if (strncmp(t, nv_prefix[i], k) == 0 && (k > 2 ||
		    isdigit((unsigned char)t[k])))
			return "nvidia";
	}
	/* t4, a100, a40, h100, l40s, v100, p100, k80, m60: letter + digit. */
	if (t[0] != '\0' && strchr("abhklmptv", t[0]) != NULL &&
	    isdigit((unsigned char)t[1]))
		return "nvidia";
	return NULL;
}

const char *
jl_gres_conf_vendor(const char *text, size_t len)
{
	const char	*p, *e, *end = text + len;
	char		 line[512];
	size_t		 n, i;
	int		 nv = 0, amd = 0;

	for (p = text; p < end; p = e + 1) {
		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			e = end;
		n = (size_t)(e - p) < sizeof(line) - 1 ? (size_t)(e - p) :
		    sizeof(line) - 1;
		for (i = 0; i < n; i++)
			line[i] = (char)tolower((unsigned char)p[i]);
		line[n] = '\0';
		if ((e - p) > 0 && memchr(line, '#', n) != NULL)
			*strchr(line, '#') = '\0';
		if (strstr(line, "autodetect=nvml") != NULL ||
		    strstr(line, "autodetect=nvidia") != NULL ||
		    (strstr(line, "file=") != NULL &&
		    strstr(line, "nvidia") != NULL))
			nv = 1;
		if (strstr(line, "autodetect=rsmi") != NULL)
			amd = 1;
		if (e == end)
			break;
	}
	return nv && !amd ? "nvidia" : amd && !nv ? "amd" : NULL;
}

/* --- node classes --------------------------------------------------------- */

struct nclass {
	int64_t			 cpus, mem_mb;
	struct jl_gpu_count	*gpus;
	int			 ngpus;
	size_t			 count;
	size_t			 first[NAMES_SHOWN];	/* node indexes */
};

static int
gpu_cmp(const void *x, const void *y)
{
	const struct jl_gpu_count *a = x, *b = y;

	return strcasecmp(a->type, b->type);
}

static int
same_class(const struct nclass *c, int64_t cpus, int64_t mem,
    const struct jl_gpu_count *g, int ng)
{
	int	i;

	if (c->cpus != cpus || c->mem_mb != mem || c->ngpus != ng)
		return 0;
	for (i = 0; i < ng; i++)
		if (strcasecmp(c->gpus[i].type, g[i].type) != 0 ||
		    c->gpus[i].count != g[i].count)
			return 0;
	return 1;
}

static void
put_classes(struct jl_buf *b, struct jl_arena *a, const struct jl_facts *f,
    const struct jl_facts_part *pt)
{
	struct nclass		*cl;
	struct jl_gpu_count	*g;
	const struct jl_facts_node *nd;
	size_t			 ncl = 0, i, j, k;
	int			 ng;

	if (pt->nnodes == 0) {
		put_comment(b, "    ", "nodes: none (the partition has no "
		    "nodes)");
		return;
	}
	if ((cl = jl_arena_alloc(a, pt->nnodes * sizeof(*cl))) == NULL) {
		b->failed = 1;
		return;
	}
	for (i = 0; i < pt->nnodes; i++) {
		if (pt->nodes[i] >= f->nnodes)
			continue;
		nd = &f->nodes[pt->nodes[i]];
		if ((ng = jl_gres_gpus(a, nd->gres, &g)) < 0) {
			b->failed = 1;
			return;
		}
		if (ng > 1)
			qsort(g, (size_t)ng, sizeof(*g), gpu_cmp);
		for (j = 0; j < ncl; j++)
			if (same_class(&cl[j], nd->cpus, nd->mem_mb, g, ng))
				break;
		if (j == ncl) {
			cl[j].cpus = nd->cpus;
			cl[j].mem_mb = nd->mem_mb;
			cl[j].gpus = g;
			cl[j].ngpus = ng;
			ncl++;
		}
		if (cl[j].count < NAMES_SHOWN)
			cl[j].first[cl[j].count] = pt->nodes[i];
		cl[j].count++;
	}
	jl_buf_puts(b, "    nodes:\n");
	for (j = 0; j < ncl; j++) {
		jl_buf_puts(b, "      # ");
		for (k = 0; k < cl[j].count && k < NAMES_SHOWN; k++) {
			const char *nm = f->nodes[cl[j].first[k]].name;

			jl_buf_printf(b, "%s", k ? "," : "");
			for (; nm != NULL && *nm != '\0'; nm++)
				jl_buf_putc(b, (unsigned char)*nm <= ' ' ?
				    '?' : *nm);
		}
		if (cl[j].count > NAMES_SHOWN)
			jl_buf_printf(b, ",... (%zu nodes)", cl[j].count);
		jl_buf_putc(b, '\n');
		jl_buf_printf(b, "      - { count: %zu", cl[j].count);
		if (cl[j].cpus > 0)
			jl_buf_printf(b, ", cpus: %" PRId64, cl[j].cpus);
		if (cl[j].mem_mb > 0) {
			jl_buf_puts(b, ", mem: ");
			put_mb(b, cl[j].mem_mb);
		}
		if (cl[j].ngpus > 0) {
			jl_buf_puts(b, ", gpus: { ");
			for (ng = 0; ng < cl[j].ngpus; ng++) {
				jl_buf_puts(b, ng ? ", " : "");
				put_scalar(b, cl[j].gpus[ng].type);
				jl_buf_printf(b, ": %" PRId64,
				    cl[j].gpus[ng].count);
			}
			jl_buf_puts(b, " }");
		}
		jl_buf_puts(b, " }\n");
	}
}

/* --- inferences ----------------------------------------------------------- */

/* 1, 0 or JL_UNSET, with the reason in *why (arena). */
static int
preemptible(struct jl_arena *a, const struct jl_facts *f, size_t pi,
    const char **why)
{
	const struct jl_facts_part	*p = &f->parts[pi], *q;
	unsigned char			*mark;
	size_t				 i, j;

	switch (f->preempt_type) {
	case JL_PREEMPT_NONE:
		*why = "PreemptType=preempt/none: no job is preempted";
		return 0;
	case JL_PREEMPT_QOS:
		*why = "preemptible: unknown: PreemptType=preempt/qos decides "
		    "per QOS; set it by hand";
		return JL_UNSET;
	case JL_PREEMPT_OTHER:
		*why = jl_arena_printf(a, "preemptible: unknown: "
		    "PreemptType=%s is not a plugin jlint knows; set it "
		    "by hand",
		    f->preempt_type_text != NULL ? f->preempt_type_text : "?");
		return JL_UNSET;
	case JL_PREEMPT_PARTITION_PRIO:
		break;
	}
	if (p->preempt_mode == JL_PMODE_OFF) {
		*why = "PreemptMode=OFF: its jobs are not preempted";
		return 0;
	}
	if ((mark = jl_arena_alloc(a, f->nnodes + 1)) == NULL)
		return JL_UNSET;
	for (i = 0; i < p->nnodes; i++)
		if (p->nodes[i] < f->nnodes)
			mark[p->nodes[i]] = 1;
	for (j = 0; j < f->nparts; j++) {
		q = &f->parts[j];
		if (j == pi || q->priority_tier <= p->priority_tier)
			continue;
		for (i = 0; i < q->nnodes; i++)
			if (q->nodes[i] < f->nnodes && mark[q->nodes[i]])
				break;
		if (i == q->nnodes)
			continue;
		if (p->preempt_mode == JL_PMODE_SUSPEND) {
			*why = jl_arena_printf(a, "PreemptMode=%s: jobs of "
			    "partition %s (PriorityTier %u) suspend its jobs, "
			    "which resume later", p->preempt_text, q->name,
			    q->priority_tier);
			return 0;
		}
		*why = jl_arena_printf(a, "PreemptMode=%s, PriorityTier %u: "
		    "partition %s (PriorityTier %u) shares its nodes and "
		    "preempts its jobs", p->preempt_text, p->priority_tier,
		    q->name, q->priority_tier);
		return 1;
	}
	*why = jl_arena_printf(a, "PriorityTier %u: no partition with a "
	    "higher PriorityTier shares its nodes", p->priority_tier);
	return 0;
}

/* The GPU flag, or NULL with the reason in *why. */
static const char *
gpu_flag(struct jl_arena *a, const struct jl_facts *f, const char **why)
{
	struct jl_buf		 types;
	struct jl_gpu_count	*g;
	const char		*v, *flag = NULL;
	size_t			 i;
	int			 ng, k, nv = 0, amd = 0, unknown = 0;

	jl_buf_init(&types);
	for (i = 0; i < f->nnodes; i++) {
		if ((ng = jl_gres_gpus(a, f->nodes[i].gres, &g)) < 0)
			break;
		for (k = 0; k < ng; k++) {
			v = strcmp(g[k].type, "gpu") == 0 ? NULL :
			    jl_gpu_vendor(g[k].type);
			if (v == NULL)
				v = f->gres_conf_vendor;
			if (v == NULL)
				unknown = 1;
			else if (strcmp(v, "nvidia") == 0)
				nv = 1;
			else
				amd = 1;
			if (types.data == NULL || strstr(types.data,
			    g[k].type) == NULL) {
				if (types.len > 0)
					jl_buf_puts(&types, ", ");
				jl_buf_puts(&types, g[k].type);
			}
		}
	}
	if (types.len == 0)
		*why = "gpu_flag: left out: the nodes have no GPUs";
	else if (nv && !amd && !unknown) {
		flag = "--nv";
		*why = jl_arena_printf(a, "gpu_flag: NVIDIA GPUs (%s%s)",
		    types.data, f->gres_conf_vendor != NULL ? "; gres.conf" :
		    "");
	} else if (amd && !nv && !unknown) {
		flag = "--rocm";
		*why = jl_arena_printf(a, "gpu_flag: AMD GPUs (%s%s)",
		    types.data, f->gres_conf_vendor != NULL ? "; gres.conf" :
		    "");
	} else
		*why = jl_arena_printf(a, "gpu_flag: left out: cannot tell "
		    "one vendor from the GPU types (%s); set --nv or --rocm "
		    "by hand", types.data);
	jl_buf_free(&types);
	return flag;
}

/* Does the policy loader take this slurm_version? */
static int
version_known(const char *v)
{
	struct jl_policy	*p;
	char			 doc[96], *errors = NULL;
	int			 n;

	if (v == NULL || *v == '\0' || strspn(v, "0123456789.") != strlen(v))
		return 0;
	n = snprintf(doc, sizeof(doc), "slurm_version: \"%s\"\n", v);
	if (n < 0 || (size_t)n >= sizeof(doc))
		return 0;
	p = jl_policy_load("version", doc, (size_t)n, &errors);
	free(errors);
	jl_policy_free(p);
	return p != NULL;
}

/* --- the document --------------------------------------------------------- */

void
jl_facts_yaml(const struct jl_facts *f, struct jl_buf *b)
{
	struct jl_arena			 a;
	const struct jl_facts_part	*pt;
	const char			*why, *flag;
	size_t				 i, j;
	int				 pre, ndefault = 0;

	jl_arena_init(&a);
	put_commentf(b, "", "Site facts of Slurm cluster %s, read from "
	    "slurmctld by `jlint facts`.", f->cluster != NULL ? f->cluster :
	    "(unnamed)");
	if (f->source != NULL)
		put_comment(b, "", f->source);
	put_comment(b, "", "Regenerate rather than edit: put rules in a "
	    "policy that extends this");
	put_comment(b, "", "file, or merge the live values at lint time "
	    "with `jlint --cluster`.");
	put_comment(b, "", "Facts the policy format has no key for are "
	    "comments.");
	for (i = 0; f->notes != NULL && f->notes[i] != NULL; i++)
		put_comment(b, "", f->notes[i]);
	if (f->cluster != NULL && *f->cluster != '\0') {
		jl_buf_puts(b, "name: ");
		put_scalar(b, f->cluster);
		jl_buf_putc(b, '\n');
	}
	if (version_known(f->version))
		jl_buf_printf(b, "slurm_version: \"%s\"\n", f->version);
	else if (f->version != NULL)
		put_commentf(b, "", "slurm_version: \"%s\" is not a release "
		    "this jlint knows (it assumes 22.05)", f->version);
	flag = gpu_flag(&a, f, &why);
	put_comment(b, "", why);
	if (flag != NULL)
		jl_buf_printf(b, "gpu_flag: %s\n", flag);
	if (f->enforce_part_limits != NULL)
		jl_buf_printf(b, "enforce_part_limits: %s\n",
		    f->enforce_part_limits);
	if (f->max_array_size_known)
		jl_buf_printf(b, "max_array_size: %lld\n"
		    "# the most tasks of one array: SchedulerParameters "
		    "max_array_tasks%s\nmax_array_tasks: %lld\n",
		    (long long)f->max_array_size, f->max_array_tasks ==
		    f->max_array_size ? " sets none lower than MaxArraySize" :
		    "", (long long)f->max_array_tasks);
	if (f->gres_types != NULL) {
		const char	*p, *e;

		jl_buf_puts(b, "gres_names: [");
		for (p = f->gres_types; *p != '\0'; p = *e ? e + 1 : e) {
			e = strchr(p, ',');
			if (e == NULL)
				e = p + strlen(p);
			if (e > p) {
				if (b->data != NULL &&
				    b->data[b->len - 1] != '[')
					jl_buf_puts(b, ", ");
				put_scalar(b, jl_arena_strndup(&a, p,
				    (size_t)(e - p)));
			}
		}
		jl_buf_puts(b, "]\n");
	}

	if (f->nparts == 0) {
		put_comment(b, "", "partitions: none");
		goto out;
	}
	jl_buf_puts(b, "partitions:\n");
	for (i = 0; i < f->nparts; i++) {
		pt = &f->parts[i];
		if (pt->name == NULL)
			continue;
		jl_buf_puts(b, "  - name: ");
		put_scalar(b, pt->name);
		jl_buf_putc(b, '\n');
		for (j = 0; pt->notes != NULL && pt->notes[j] != NULL; j++)
			put_comment(b, "    ", pt->notes[j]);
		/* Slurm has one default partition; the loader insists. */
		if (pt->is_default && ndefault++ == 0)
			jl_buf_puts(b, "    default: true\n");
		if (pt->max_time == 0)
			put_comment(b, "    ", "max_time: 0 (MaxTime=0: no "
			    "job can run here)");
		else if (pt->max_time > 0) {
			jl_buf_puts(b, "    max_time: ");
			put_minutes(b, pt->max_time);
			jl_buf_putc(b, '\n');
		}
		if (pt->default_time == JL_UNSET)
			put_comment(b, "    ", "default_time: none (a job "
			    "without --time gets max_time)");
		else if (pt->default_time <= 0 || (pt->max_time != JL_UNSET &&
		    pt->default_time > pt->max_time)) {
			jl_buf_puts(b, "    # default_time: ");
			put_minutes(b, pt->default_time < 0 ? 0 :
			    pt->default_time);
			jl_buf_puts(b, " (left out: zero, or longer than "
			    "max_time)\n");
		} else {
			jl_buf_puts(b, "    default_time: ");
			put_minutes(b, pt->default_time);
			jl_buf_putc(b, '\n');
		}
		pre = preemptible(&a, f, i, &why);
		put_comment(b, "    ", why);
		if (pre != JL_UNSET)
			jl_buf_printf(b, "    preemptible: %s\n", pre ? "true" :
			    "false");
		put_classes(b, &a, f, pt);
	}
out:
	if (a.failed)
		b->failed = 1;
	jl_arena_free(&a);
}
