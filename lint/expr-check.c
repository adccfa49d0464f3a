/*
 * expr-check.c: name resolution and type checking of a parsed expression
 * against the job schema, at load time (actionlint expr_sema.go model).
 *
 * The schema is one table: every field of every object type, its type and
 * the accessor id that expr-eval.c switches on.  Unknown names get a
 * did-you-mean from the same table.  Constant constructors (duration(),
 * size()) are folded here, and `matches` patterns are compiled with PCRE2
 * (JIT where available) with a match context carrying the match and depth
 * limits, so evaluation never parses and never runs unbounded.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "expr-int.h"


static const struct {
	const char	*name;
	enum xfn	 fn;
	const char	*usage;
} functions[] = {
	{ "any",		XFN_ANY,	"any(LIST, x => CONDITION)" },
	{ "all",		XFN_ALL,	"all(LIST, x => CONDITION)" },
	{ "count",		XFN_COUNT,	"count(LIST, x => CONDITION)" },
	{ "len",		XFN_LEN,	"len(LIST or STRING)" },
	{ "has",		XFN_HAS,	"has(VALUE)" },
	{ "lower",		XFN_LOWER,	"lower(STRING)" },
	{ "contains",		XFN_CONTAINS,	"contains(STRING, PART)" },
	{ "starts_with",	XFN_STARTS,	"starts_with(STRING, PREFIX)" },
	{ "ends_with",		XFN_ENDS,	"ends_with(STRING, SUFFIX)" },
	{ "duration",		XFN_DURATION,	"duration(\"D-HH:MM:SS\")" },
	{ "size",		XFN_SIZE,	"size(\"16G\")" },
	{ "mem",		XFN_SIZE,	"mem(\"16G\")" },
	{ "gpus_per_node",	XFN_GPN,	"gpus_per_node(PART, TYPE)" },
	{ "has_option",		XFN_HAS_OPTION,	"has_option(STEP, \"--x\")" },
	{ "option",		XFN_OPTION,	"option(STEP, \"--x\")" },
};

const char *
xkind_name(enum xkind k)
{
	static const char *const names[XK__COUNT] = {
		"any", "null", "bool", "int", "duration", "size", "string",
		"list", "job", "step", "container", "trap", "partition",
		"site", "body", "name"
	};

	return (unsigned)k < XK__COUNT ? names[k] : "?";
}

const char *
xtype_name(struct xtype t)
{
	static const char *const lists[XK__COUNT] = {
		"list", "list<null>", "list<bool>", "list<int>",
		"list<duration>", "list<size>", "list<string>", "list<list>",
		"list<job>", "list<step>", "list<container>", "list<trap>",
		"list<partition>", "list<site>", "list<body>", "list"
	};

	if (t.k == XK_LIST)
		return t.e < XK__COUNT ? lists[t.e] : "list";
	return xkind_name((enum xkind)t.k);
}

/* "a duration", "an int" */
static const char *
article(struct xtype t)
{
	const char	*n = xtype_name(t);

	return strchr("aeiou", n[0]) != NULL ? "an" : "a";
}

int
xerr(struct xcomp *c, size_t off, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;
	int	 n;

	if (c->failed)
		return -1;
	c->failed = 1;
	c->erroff = off;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (p = malloc((size_t)n + 1)) == NULL) {
		c->err = NULL;	/* failed is set: an error without text */
		return -1;
	}
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	c->err = p;
	return -1;
}

/* Optimal string alignment distance, bounded inputs. */
static size_t
edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t	d[33][33], i, j, x;

	if (la > 32 || lb > 32)
		return SIZE_MAX;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			x = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < x)
				x = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < x)
				x = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < x)
				x = d[i - 2][j - 2] + 1;
			d[i][j] = x;
		}
	return d[la][lb];
}

/* Closer candidate?  Updates *best / *bestd. */
static void
consider(const char *name, const char *cand, const char **best,
    size_t *bestd)
{
	size_t	ln = strlen(name), d, lim;

	d = edit_distance(name, ln, cand, strlen(cand));
	lim = ln / 3 > 2 ? ln / 3 : 2;
	if (d <= lim && d < ln && d < *bestd) {
		*best = cand;
		*bestd = d;
	}
}

static const struct xfield *
field_find(uint8_t owner, const char *name)
{
	size_t	i;

	for (i = 0; i < xnfields; i++)
		if (xfields[i].owner == owner &&
		    strcmp(xfields[i].name, name) == 0)
			return &xfields[i];
	return NULL;
}

static const char *
field_suggest(uint8_t owner, const char *name)
{
	const char	*best = NULL;
	size_t		 bestd = SIZE_MAX, i;

	for (i = 0; i < xnfields; i++)
		if (xfields[i].owner == owner)
			consider(name, xfields[i].name, &best, &bestd);
	return best;
}

static int
is_object(uint8_t k)
{
	return k >= XK_JOB && k <= XK_BODY;
}

static int
is_scalar(uint8_t k)
{
	return k == XK_BOOL || k == XK_INT || k == XK_DUR || k == XK_SIZE ||
	    k == XK_STR;
}

static int
is_quantity(uint8_t k)
{
	return k == XK_INT || k == XK_DUR || k == XK_SIZE;
}

/* Source text of a node, for messages (cut at 60 bytes). */
static const char *
src_of(struct xcomp *c, const struct xnode *n, size_t end)
{
	size_t	 len = end > n->off ? end - n->off : 0;
	char	*p;

	if (len > 60)
		len = 60;
	p = jl_arena_strndup(c->a, c->src + n->off, len);
	return p != NULL ? p : "?";
}

static int	check(struct xcomp *, struct xnode *);

static int
check_name(struct xcomp *c, struct xnode *n)
{
	const struct xfield	*f;
	const char		*best = NULL;
	size_t			 i, bestd = SIZE_MAX;

	for (i = c->nvars; i-- > 0; )
		if (strcmp(c->vars[i], n->s) == 0) {
			n->op = XN_VAR;
			n->slot = (uint16_t)i;
			n->ty = c->vartys[i];
			return 0;
		}
	if ((f = field_find(XK_ROOT, n->s)) != NULL) {
		if (f->fid == XF_R_STEP && !(c->scope & JL_EXPR_STEP))
			return xerr(c, n->off, "step is only bound in rules "
			    "with for: steps; elsewhere use any(steps, s => "
			    "...)");
		n->op = XN_ROOT;
		n->fid = f->fid;
		n->ty.k = f->k;
		n->ty.e = f->e;
		return 0;
	}
	for (i = 0; i < c->nvars; i++)
		consider(n->s, c->vars[i], &best, &bestd);
	for (i = 0; i < xnfields; i++)
		if (xfields[i].owner == XK_ROOT && (xfields[i].fid !=
		    XF_R_STEP || (c->scope & JL_EXPR_STEP)))
			consider(n->s, xfields[i].name, &best, &bestd);
	if (best != NULL)
		return xerr(c, n->off, "unknown name \"%s\"; did you mean "
		    "%s?", n->s, best);
	return xerr(c, n->off, "unknown name \"%s\"; expressions start from "
	    "job, steps, traps, body, site or partition", n->s);
}

static int
check_field(struct xcomp *c, struct xnode *n)
{
	const struct xfield	*f;
	const char		*best, *path;
	size_t			 noff = (size_t)n->v.i;

	if (check(c, n->a) != 0)
		return -1;
	path = src_of(c, n, n->end);
	if (n->a->ty.k == XK_LIST)
		return xerr(c, noff, "%s is a list; test its elements with "
		    "any(%s, x => x.%s ...) or all()",
		    src_of(c, n->a, n->a->end), src_of(c, n->a, n->a->end),
		    n->s);
	if (!is_object(n->a->ty.k))
		return xerr(c, noff, "%s is %s %s and has no fields",
		    src_of(c, n->a, n->a->end), article(n->a->ty),
		    xtype_name(n->a->ty));
	if ((f = field_find(n->a->ty.k, n->s)) == NULL ||
	    f->fid == XF_J_OPT || f->fid == XF_J_SET) {
		if (f == NULL && (best = field_suggest(n->a->ty.k, n->s)) !=
		    NULL)
			return xerr(c, noff, "unknown field %s; did you mean "
			    "%s.%s?", path, src_of(c, n->a, n->a->end), best);
		if (f != NULL)
			return xerr(c, noff, "job.%s needs an option name: "
			    "job.%s.cpus-per-task", n->s, n->s);
		return xerr(c, noff, "unknown field %s: %s has no field "
		    "\"%s\"", path, xkind_name((enum xkind)n->a->ty.k),
		    n->s);
	}
	n->fid = f->fid;
	n->ty.k = f->k;
	n->ty.e = f->e;
	return 0;
}

static int
check_opt(struct xcomp *c, struct xnode *n)
{
	struct jl_optmatch	 m;
	const struct jl_opt	*o;
	const char		*sug;
	size_t			 noff = (size_t)n->v.i, len = strlen(n->s);
	unsigned		 cmd = JL_CMD_SBATCH | JL_CMD_F_SPANK;

	if (check(c, n->a) != 0)
		return -1;
	if (n->a->ty.k != XK_JOB)
		return xerr(c, n->off, "opt and set are fields of job");
	jl_opt_find_long(cmd, 0, n->s, len, &m);
	if (m.status == JL_OPT_FOUND && m.exact) {
		n->opt = m.opt;
		n->ty.k = n->isset ? XK_BOOL : XK_STR;
		return 0;
	}
	if ((o = jl_opt_other_command(cmd, 0, n->s, len)) != NULL)
		return xerr(c, noff, "--%s is not an sbatch option (it is "
		    "for %s)", n->s, (o->cmds & JL_CMD_SRUN) ? "srun" :
		    "salloc");
	if (m.status == JL_OPT_FOUND)
		return xerr(c, noff, "write the full option name: "
		    "job.%s.%s", n->isset ? "set" : "opt", m.opt->name);
	if ((sug = jl_opt_suggest(cmd, 0, n->s, len)) != NULL)
		return xerr(c, noff, "unknown sbatch option \"%s\"; did you "
		    "mean %s?", n->s, sug);
	return xerr(c, noff, "unknown sbatch option \"%s\"", n->s);
}

static int
check_bool(struct xcomp *c, const struct xnode *n, const char *what)
{
	if (n->ty.k == XK_BOOL)
		return 0;
	return xerr(c, n->off, "%s needs a condition (bool), not %s %s",
	    what, article(n->ty), xtype_name(n->ty));
}

static int
mismatch(struct xcomp *c, const struct xnode *n, const char *verb)
{
	const struct xnode	*l = n->a, *r = n->b;
	const struct xnode	*bad = r;
	uint8_t			 q;

	/* Blame the plain int next to a duration or a size. */
	if (l->ty.k == XK_INT && (r->ty.k == XK_DUR || r->ty.k == XK_SIZE))
		bad = l;
	q = bad == r ? l->ty.k : r->ty.k;
	if (bad->ty.k == XK_INT && q == XK_DUR)
		return xerr(c, bad->off, "cannot %s a duration and an int; "
		    "write the int as a duration: 12h, 30m, 1d12h or "
		    "duration(\"1-00:00:00\")", verb);
	if (bad->ty.k == XK_INT && q == XK_SIZE)
		return xerr(c, bad->off, "cannot %s a size and an int; write "
		    "the int as a size: 16G, 512M", verb);
	return xerr(c, bad->off, "cannot %s %s %s and %s %s", verb,
	    article(l->ty), xtype_name(l->ty), article(r->ty),
	    xtype_name(r->ty));
}

static int
check_cmp(struct xcomp *c, struct xnode *n)
{
	struct xnode	*l = n->a, *r = n->b;
	int		 eq = n->op == XN_EQ || n->op == XN_NE;

	if (check(c, l) != 0 || check(c, r) != 0)
		return -1;
	n->ty.k = XK_BOOL;
	if (eq && (l->ty.k == XK_NULL || r->ty.k == XK_NULL)) {
		n->op = n->op == XN_EQ ? XN_ISNULL : XN_NOTNULL;
		if (l->ty.k == XK_NULL) {
			n->a = r;
			n->b = l;
		}
		return 0;
	}
	if (l->ty.k == XK_NULL || r->ty.k == XK_NULL)
		return xerr(c, (l->ty.k == XK_NULL ? l : r)->off, "null can "
		    "only be compared with == or !=");
	if (l->ty.k == r->ty.k && (eq ? is_scalar(l->ty.k) :
	    (is_quantity(l->ty.k) || l->ty.k == XK_STR)))
		return 0;
	if (l->ty.k == r->ty.k && l->ty.k == XK_BOOL)
		return xerr(c, (size_t)n->v.i, "bools are not ordered; use "
		    "== or !=");
	if (l->ty.k == r->ty.k)
		return xerr(c, (size_t)n->v.i, "cannot compare %s values; "
		    "compare with null, or compare their fields",
		    xtype_name(l->ty));
	return mismatch(c, n, "compare");
}

static int
check_in(struct xcomp *c, struct xnode *n)
{
	struct xnode	*l = n->a, *r = n->b;

	if (check(c, l) != 0 || check(c, r) != 0)
		return -1;
	n->ty.k = XK_BOOL;
	if (r->ty.k != XK_LIST)
		return xerr(c, r->off, "in needs a list on the right, not %s "
		    "%s; for substrings use contains(STRING, PART)",
		    article(r->ty), xtype_name(r->ty));
	if (!is_scalar(l->ty.k))
		return xerr(c, l->off, "in needs a value on the left, not "
		    "%s %s", article(l->ty), xtype_name(l->ty));
	if (r->ty.e != XK_ANY && r->ty.e != l->ty.k)
		return xerr(c, r->off, "cannot look for %s %s in a %s",
		    article(l->ty), xtype_name(l->ty), xtype_name(r->ty));
	return 0;
}

/*
 * A regex without any character PCRE2 treats specially (compiled without
 * options: no UTF, no caseless, no extended, no multiline), optionally
 * anchored with a leading ^, matches exactly where its bytes occur: at
 * the start, or anywhere.  n then matches it without PCRE2 (ev_match()).
 * A trailing $ (also before a final newline) and everything else stay
 * with PCRE2.
 */
static void
lit_regex(struct jl_arena *a, struct xnode *n, const char *re, size_t len)
{
	size_t	i, at = 0;

	n->relit = XR_NONE;
	if (len > 0 && re[0] == '^')
		at = 1;
	for (i = at; i < len; i++)
		if (re[i] == '\0' || strchr("\\^$.[]|()?*+{}", re[i]) != NULL)
			return;
	if ((n->lit = jl_arena_strndup(a, re + at, len - at)) == NULL)
		return;		/* PCRE2 matches it */
	n->litlen = len - at;
	n->relit = at ? XR_PREFIX : XR_SUBSTR;
}

static int
check_match(struct xcomp *c, struct xnode *n)
{
	struct xnode		*l = n->a, *r = n->b;
	pcre2_code		*re;
	pcre2_match_context	*mctx;
	PCRE2_UCHAR		 msg[256];
	PCRE2_SIZE		 eoff;
	struct xnode		**res;
	int			 ec;

	if (c->in_tmpl)
		return xerr(c, (size_t)n->v.i, "matches is not allowed in a "
		    "message template");
	if (check(c, l) != 0 || check(c, r) != 0)
		return -1;
	n->ty.k = XK_BOOL;
	if (l->ty.k != XK_STR)
		return xerr(c, l->off, "matches needs a string on the left, "
		    "not %s %s", article(l->ty), xtype_name(l->ty));
	if (r->op != XN_CONST || r->ty.k != XK_STR)
		return xerr(c, r->off, "matches needs a constant string "
		    "(the regex) on the right");
	re = pcre2_compile((PCRE2_SPTR)r->v.s, r->v.n, 0, &ec, &eoff, NULL);
	if (re == NULL) {
		pcre2_get_error_message(ec, msg, sizeof(msg));
		return xerr(c, xlex_str_offset(c->src, c->len, r->off,
		    (size_t)eoff), "bad regex: %s", (const char *)msg);
	}
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	if ((mctx = pcre2_match_context_create(NULL)) == NULL) {
		pcre2_code_free(re);
		return xerr(c, r->off, "out of memory");
	}
	pcre2_set_match_limit(mctx, JL_EXPR_MATCH_LIMIT);
	pcre2_set_depth_limit(mctx, JL_EXPR_DEPTH_LIMIT);
	n->re = re;
	n->mctx = mctx;
	lit_regex(c->a, n, r->v.s, r->v.n);
	if (c->nres == c->capres) {
		size_t cap = c->capres ? c->capres * 2 : 4;

		if ((res = jl_arena_alloc(c->a, cap * sizeof(*res))) == NULL) {
			xfree_regex(n);
			return xerr(c, r->off, "out of memory");
		}
		if (c->nres > 0)
			memcpy(res, c->res, c->nres * sizeof(*res));
		c->res = res;
		c->capres = cap;
	}
	c->res[c->nres++] = n;
	return 0;
}

void
xfree_regex(struct xnode *n)
{
	if (n->re != NULL)
		pcre2_code_free(n->re);
	if (n->mctx != NULL)
		pcre2_match_context_free(n->mctx);
	n->re = NULL;
	n->mctx = NULL;
}

static int
check_arith(struct xcomp *c, struct xnode *n)
{
	static const char *const verbs[] = { "add", "subtract", "multiply",
	    "divide" };
	struct xnode	*l = n->a, *r = n->b;
	uint8_t		 a, b, res = XK_ANY;
	const char	*verb = verbs[n->op - XN_ADD];

	if (check(c, l) != 0 || check(c, r) != 0)
		return -1;
	a = l->ty.k;
	b = r->ty.k;
	switch (n->op) {
	case XN_ADD:
		if (a == b && (is_quantity(a) || a == XK_STR))
			res = a;
		break;
	case XN_SUB:
		if (a == b && is_quantity(a))
			res = a;
		break;
	case XN_MUL:
		if (a == XK_INT && is_quantity(b))
			res = b;
		else if (b == XK_INT && is_quantity(a))
			res = a;
		break;
	default:
		if (b == XK_INT && is_quantity(a))
			res = a;
		else if (a == b && is_quantity(a))
			res = XK_INT;
		break;
	}
	if (res == XK_ANY) {
		if (l->ty.k == XK_NULL || r->ty.k == XK_NULL)
			return xerr(c, (l->ty.k == XK_NULL ? l : r)->off,
			    "null can only be compared with == or !=");
		if (n->op == XN_MUL && a != XK_INT && a == b)
			return xerr(c, r->off, "cannot multiply two %ss",
			    xtype_name(l->ty));
		return mismatch(c, n, verb);
	}
	n->ty.k = res;
	return 0;
}

/* A constant string argument (duration(), size()). */
static int
const_str_arg(struct xcomp *c, struct xnode *n, const char *fname)
{
	if (n->nkids != 1 || n->kids[0]->op != XN_CONST ||
	    n->kids[0]->ty.k != XK_STR)
		return xerr(c, n->nkids > 0 ? n->kids[0]->off : n->off,
		    "%s() takes one constant string: %s(\"%s\")", fname,
		    fname, strcmp(fname, "duration") == 0 ? "1-00:00:00" :
		    "16G");
	return 0;
}

static int
check_lambda_call(struct xcomp *c, struct xnode *n, const char *fname)
{
	struct xnode	*l, *lam;

	if (n->nkids != 2 || n->kids[1]->op != XN_LAMBDA)
		return xerr(c, n->nkids >= 2 ? n->kids[1]->off : n->end - 1,
		    "%s() takes a list and a predicate: %s(steps, s => "
		    "s.launcher == \"srun\")", fname, fname);
	l = n->kids[0];
	lam = n->kids[1];
	if (l->op == XN_LAMBDA)
		return xerr(c, l->off, "the list comes first: %s(LIST, x => "
		    "CONDITION)", fname);
	if (check(c, l) != 0)
		return -1;
	if (l->ty.k != XK_LIST)
		return xerr(c, l->off, "%s() needs a list, not %s %s", fname,
		    article(l->ty), xtype_name(l->ty));
	if (l->ty.e == XK_ANY)
		return xerr(c, l->off, "nothing to iterate: the list is "
		    "empty");
	if (c->nvars >= JL_EXPR_MAXDEPTH)
		return xerr(c, lam->off, "too many nested lambdas");
	c->vars[c->nvars] = lam->s;
	c->vartys[c->nvars].k = l->ty.e;
	c->vartys[c->nvars].e = 0;
	lam->slot = (uint16_t)c->nvars;
	c->nvars++;
	if (check(c, lam->a) != 0)
		return -1;
	c->nvars--;
	if (check_bool(c, lam->a, "the predicate") != 0)
		return -1;
	n->ty.k = n->fid == XFN_COUNT ? XK_INT : XK_BOOL;
	return 0;
}

/* Check every argument and compare their kinds with want[] (XK_ANY: any). */
static int
check_args(struct xcomp *c, struct xnode *n, const char *usage, size_t nargs,
    const uint8_t *want)
{
	size_t	i;

	if (n->nkids != nargs)
		return xerr(c, n->off, "%s() takes %zu argument%s: %s",
		    n->s, nargs, nargs == 1 ? "" : "s", usage);
	for (i = 0; i < nargs; i++) {
		if (n->kids[i]->op == XN_LAMBDA)
			return xerr(c, n->kids[i]->off, "%s() takes no "
			    "predicate: %s", n->s, usage);
		if (check(c, n->kids[i]) != 0)
			return -1;
		if (want[i] != XK_ANY && n->kids[i]->ty.k != want[i])
			return xerr(c, n->kids[i]->off, "%s() needs %s %s "
			    "here, not %s %s: %s", n->s,
			    strchr("aeiou", xkind_name(want[i])[0]) ? "an" :
			    "a", xkind_name(want[i]), article(n->kids[i]->ty),
			    xtype_name(n->kids[i]->ty), usage);
	}
	return 0;
}

static int
fold_duration(struct xcomp *c, struct xnode *n)
{
	struct jl_time	 t;
	const char	*err = "invalid time";
	struct xnode	*arg = n->kids[0];

	if (jl_val_time(arg->v.s, &t, &err) != 0)
		return xerr(c, arg->off, "duration(): %s", err);
	if (t.negative)
		return xerr(c, arg->off, "duration(): negative time");
	n->op = XN_CONST;
	n->ty.k = XK_DUR;
	n->v.k = XV_INT;
	n->v.i = (t.form == JL_TF_INFINITE || t.minutes == JL_TIME_INFINITE) ?
	    XDUR_UNLIMITED : t.minutes;
	n->nkids = 0;
	return 0;
}

static int
fold_size(struct xcomp *c, struct xnode *n)
{
	uint64_t	 mb;
	const char	*err = "invalid size";
	struct xnode	*arg = n->kids[0];

	if (jl_val_mem(arg->v.s, &mb, &err) != 0)
		return xerr(c, arg->off, "%s(): %s", n->s, err);
	if (mb > INT64_MAX)
		return xerr(c, arg->off, "%s(): size too large", n->s);
	n->op = XN_CONST;
	n->ty.k = XK_SIZE;
	n->v.k = XV_INT;
	n->v.i = (int64_t)mb;
	n->nkids = 0;
	return 0;
}

static int
check_call(struct xcomp *c, struct xnode *n)
{
	static const uint8_t s1[] = { XK_STR }, ss[] = { XK_STR, XK_STR },
	    ps[] = { XK_PART, XK_STR }, sts[] = { XK_STEP, XK_STR },
	    any1[] = { XK_ANY };
	const char	*best = NULL, *usage = NULL;
	size_t		 i, bestd = SIZE_MAX;
	struct xnode	*k;

	for (i = 0; i < JL_NITEMS(functions); i++)
		if (strcmp(functions[i].name, n->s) == 0) {
			n->fid = (uint16_t)functions[i].fn;
			usage = functions[i].usage;
			break;
		}
	if (usage == NULL) {
		for (i = 0; i < JL_NITEMS(functions); i++)
			consider(n->s, functions[i].name, &best, &bestd);
		if (best != NULL)
			return xerr(c, n->off, "unknown function %s(); did "
			    "you mean %s()?", n->s, best);
		return xerr(c, n->off, "unknown function %s()", n->s);
	}
	switch (n->fid) {
	case XFN_ANY:
	case XFN_ALL:
	case XFN_COUNT:
		return check_lambda_call(c, n, n->s);
	case XFN_LEN:
		if (check_args(c, n, usage, 1, any1) != 0)
			return -1;
		k = n->kids[0];
		if (k->ty.k != XK_LIST && k->ty.k != XK_STR)
			return xerr(c, k->off, "len() needs a list or a "
			    "string, not %s %s", article(k->ty),
			    xtype_name(k->ty));
		n->ty.k = XK_INT;
		return 0;
	case XFN_HAS:
		if (check_args(c, n, usage, 1, any1) != 0)
			return -1;
		n->ty.k = XK_BOOL;
		return 0;
	case XFN_LOWER:
		if (check_args(c, n, usage, 1, s1) != 0)
			return -1;
		n->ty.k = XK_STR;
		return 0;
	case XFN_CONTAINS:
	case XFN_STARTS:
	case XFN_ENDS:
		if (check_args(c, n, usage, 2, ss) != 0)
			return -1;
		n->ty.k = XK_BOOL;
		return 0;
	case XFN_DURATION:
		if (const_str_arg(c, n, n->s) != 0)
			return -1;
		return fold_duration(c, n);
	case XFN_SIZE:
		if (const_str_arg(c, n, n->s) != 0)
			return -1;
		return fold_size(c, n);
	case XFN_GPN:
		if (check_args(c, n, usage, 2, ps) != 0)
			return -1;
		n->ty.k = XK_INT;
		return 0;
	case XFN_HAS_OPTION:
	case XFN_OPTION:
		if (check_args(c, n, usage, 2, sts) != 0)
			return -1;
		k = n->kids[1];
		if (k->op == XN_CONST) {
			if (k->v.s[0] != '-')
				return xerr(c, k->off, "write the option as "
				    "on the command line: \"--exact\", "
				    "\"-n\"");
			n->opt = xopt_row(k->v.s);
			n->isset = 1;
		}
		n->ty.k = n->fid == XFN_OPTION ? XK_STR : XK_BOOL;
		return 0;
	default:
		return xerr(c, n->off, "unknown function %s()", n->s);
	}
}

static int
check_list(struct xcomp *c, struct xnode *n)
{
	size_t	i;
	uint8_t	e = XK_ANY;

	for (i = 0; i < n->nkids; i++) {
		if (n->kids[i]->op == XN_LAMBDA)
			return xerr(c, n->kids[i]->off, "a predicate (x => "
			    "...) is only allowed in any(), all() and "
			    "count()");
		if (check(c, n->kids[i]) != 0)
			return -1;
		if (!is_scalar(n->kids[i]->ty.k))
			return xerr(c, n->kids[i]->off, "list elements must "
			    "be values, not %s %s", article(n->kids[i]->ty),
			    xtype_name(n->kids[i]->ty));
		if (e == XK_ANY)
			e = n->kids[i]->ty.k;
		else if (n->kids[i]->ty.k != e)
			return xerr(c, n->kids[i]->off, "list elements must "
			    "have one type: %s and %s", xkind_name(e),
			    xtype_name(n->kids[i]->ty));
	}
	n->ty.k = XK_LIST;
	n->ty.e = e;
	return 0;
}

static int
check(struct xcomp *c, struct xnode *n)
{
	size_t	i;

	if (c->failed)
		return -1;
	switch (n->op) {
	case XN_CONST:
		return 0;
	case XN_LIST:
		return check_list(c, n);
	case XN_NAME:
		return check_name(c, n);
	case XN_FIELD:
		return check_field(c, n);
	case XN_OPT:
		return check_opt(c, n);
	case XN_CALL:
		return check_call(c, n);
	case XN_LAMBDA:
		return xerr(c, n->off, "a predicate (x => ...) is only "
		    "allowed in any(), all() and count()");
	case XN_NOT:
		if (check(c, n->a) != 0 || check_bool(c, n->a, "not") != 0)
			return -1;
		n->ty.k = XK_BOOL;
		return 0;
	case XN_NEG:
		if (check(c, n->a) != 0)
			return -1;
		if (!is_quantity(n->a->ty.k))
			return xerr(c, n->a->off, "cannot negate %s %s",
			    article(n->a->ty), xtype_name(n->a->ty));
		n->ty = n->a->ty;
		return 0;
	case XN_AND:
	case XN_OR:
		for (i = 0; i < n->nkids; i++)
			if (check(c, n->kids[i]) != 0 ||
			    check_bool(c, n->kids[i], n->op == XN_AND ?
			    "and" : "or") != 0)
				return -1;
		n->ty.k = XK_BOOL;
		return 0;
	case XN_EQ:
	case XN_NE:
	case XN_LT:
	case XN_LE:
	case XN_GT:
	case XN_GE:
		return check_cmp(c, n);
	case XN_IN:
	case XN_NOTIN:
		return check_in(c, n);
	case XN_MATCH:
	case XN_NOTMATCH:
		return check_match(c, n);
	case XN_ADD:
	case XN_SUB:
	case XN_MUL:
	case XN_DIV:
		return check_arith(c, n);
	default:
		return xerr(c, n->off, "internal error: node %d", n->op);
	}
}

int
xcheck(struct xcomp *c, struct xnode *n)
{
	return check(c, n);
}
