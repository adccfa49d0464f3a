/*
 * expr-parse.c: a hand-written precedence-climbing (Pratt) parser for the
 * rule expression language (expr.h).  It builds an untyped AST in the
 * ruleset arena; names are resolved later by expr-check.c.
 *
 *	expr	:= or
 *	or	:= and ("or" and)*			n-ary node
 *	and	:= not ("and" not)*			n-ary node
 *	not	:= "not" not | cmp
 *	cmp	:= sum [cmpop sum]			not chainable
 *	cmpop	:= == != < <= > >= | in | not in | matches | not matches
 *	sum	:= prod (("+" | "-") prod)*
 *	prod	:= unary (("*" | "/") unary)*
 *	unary	:= "-" unary | postfix
 *	postfix	:= primary ("." NAME)*
 *	primary	:= INT | DUR | SIZE | STR | true | false | null
 *		 | "(" expr ")" | "[" [expr ("," expr)* [","]] "]"
 *		 | NAME | NAME "(" [arg ("," arg)*] ")"
 *	arg	:= NAME "=>" expr | expr
 *
 * After "job.opt." and "job.set." the next token is an sbatch option name
 * (letters, digits, '-' and '_').  Nesting is bounded by JL_EXPR_MAXDEPTH,
 * both in recursion and in the depth of the tree built.
 */
#include <string.h>

#include "expr-int.h"

static void
advance(struct xcomp *c)
{
	xlex(c->a, c->src, c->len, c->tok.end, 0, &c->tok);
	if (c->tok.t == XT_ERROR)
		xerr(c, c->tok.erroff, "%s", c->tok.s);
}

void
xparse_start(struct xcomp *c, size_t off)
{
	c->tok.end = off;
	advance(c);
}

struct xnode *
xnode_new(struct xcomp *c, enum xop op, size_t off, size_t end)
{
	struct xnode	*n;

	if ((n = jl_arena_alloc(c->a, sizeof(*n))) == NULL) {
		xerr(c, off, "out of memory");
		return NULL;
	}
	n->op = (uint8_t)op;
	n->off = off;
	n->end = end;
	n->depth = 1;
	return n;
}

/* Depth of a node from its children; an error past the limit. */
static int
set_depth(struct xcomp *c, struct xnode *n)
{
	size_t		i;
	unsigned	d = 0;

	if (n->a != NULL && n->a->depth > d)
		d = n->a->depth;
	if (n->b != NULL && n->b->depth > d)
		d = n->b->depth;
	for (i = 0; i < n->nkids; i++)
		if (n->kids[i]->depth > d)
			d = n->kids[i]->depth;
	n->depth = (uint16_t)(d + 1);
	if (n->depth > JL_EXPR_MAXDEPTH)
		return xerr(c, n->off, "expression nested too deeply "
		    "(more than %d levels)", JL_EXPR_MAXDEPTH);
	return 0;
}

static struct xnode *
binary(struct xcomp *c, enum xop op, struct xnode *l, struct xnode *r)
{
	struct xnode	*n;

	if ((n = xnode_new(c, op, l->off, r->end)) == NULL)
		return NULL;
	n->a = l;
	n->b = r;
	if (set_depth(c, n) != 0)
		return NULL;
	return n;
}

/* Append to a kids array in the arena (doubling). */
static int
kid_push(struct xcomp *c, struct xnode *n, struct xnode *k, size_t *cap)
{
	struct xnode	**kids;

	if (n->nkids == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		if ((kids = jl_arena_alloc(c->a, *cap * sizeof(*kids))) ==
		    NULL)
			return xerr(c, k->off, "out of memory");
		if (n->nkids > 0)
			memcpy(kids, n->kids, n->nkids * sizeof(*kids));
		n->kids = kids;
	}
	n->kids[n->nkids++] = k;
	return 0;
}

static int
enter(struct xcomp *c)
{
	if (++c->depth > JL_EXPR_MAXDEPTH)
		return xerr(c, c->tok.off, "expression nested too deeply "
		    "(more than %d levels)", JL_EXPR_MAXDEPTH);
	return 0;
}

static int
expect(struct xcomp *c, enum xtok t, const char *what)
{
	if (c->failed)
		return -1;
	if (c->tok.t != t)
		return xerr(c, c->tok.off, "expected %s, found %s", what,
		    xtok_name(c->tok.t));
	advance(c);
	return c->failed ? -1 : 0;
}

static struct xnode *parse_or(struct xcomp *);

/* job.opt.NAME / job.set.NAME: base is the "job.opt" field node. */
static struct xnode *
parse_optname(struct xcomp *c, struct xnode *base)
{
	struct xtoken	 t;
	struct xnode	*n;

	xlex(c->a, c->src, c->len, c->tok.end, 1, &t);
	if (t.t == XT_ERROR) {
		xerr(c, t.erroff, "%s", t.s);
		return NULL;
	}
	if ((n = xnode_new(c, XN_OPT, base->off, t.end)) == NULL)
		return NULL;
	n->a = base->a;
	n->isset = strcmp(base->s, "set") == 0;
	n->s = jl_arena_strndup(c->a, c->src + t.off, t.end - t.off);
	n->v.i = (int64_t)t.off;	/* where the name starts */
	c->tok.end = t.end;
	advance(c);
	if (n->s == NULL || set_depth(c, n) != 0)
		return NULL;
	return n;
}

static int
is_job_optns(const struct xnode *n)
{
	return n->op == XN_FIELD && n->a != NULL && n->a->op == XN_NAME &&
	    strcmp(n->a->s, "job") == 0 && (strcmp(n->s, "opt") == 0 ||
	    strcmp(n->s, "set") == 0);
}

static struct xnode *
parse_call(struct xcomp *c, struct xnode *fn)
{
	struct xnode	*arg, *lam;
	struct xtoken	 next;
	size_t		 cap = 0;

	fn->op = XN_CALL;
	advance(c);			/* ( */
	if (c->failed)
		return NULL;
	if (c->tok.t != XT_RP) {
		for (;;) {
			xlex(c->a, c->src, c->len, c->tok.end, 0, &next);
			if (c->tok.t == XT_IDENT && next.t == XT_ARROW) {
				lam = xnode_new(c, XN_LAMBDA, c->tok.off,
				    c->tok.end);
				if (lam == NULL)
					return NULL;
				lam->s = jl_arena_strndup(c->a, c->src +
				    c->tok.off, c->tok.end - c->tok.off);
				c->tok = next;
				advance(c);
				if (c->failed || lam->s == NULL)
					return NULL;
				if ((lam->a = parse_or(c)) == NULL)
					return NULL;
				lam->end = lam->a->end;
				if (set_depth(c, lam) != 0)
					return NULL;
				arg = lam;
			} else if ((arg = parse_or(c)) == NULL)
				return NULL;
			if (kid_push(c, fn, arg, &cap) != 0)
				return NULL;
			if (c->tok.t != XT_COMMA)
				break;
			advance(c);
			if (c->failed)
				return NULL;
		}
	}
	fn->end = c->tok.end;
	if (expect(c, XT_RP, "\",\" or \")\" after a function argument") != 0)
		return NULL;
	if (set_depth(c, fn) != 0)
		return NULL;
	return fn;
}

static struct xnode *
parse_primary(struct xcomp *c)
{
	struct xnode	*n = NULL, *e;
	struct xtoken	 t = c->tok;
	size_t		 cap = 0;

	if (c->failed)
		return NULL;
	switch (t.t) {
	case XT_INT:
	case XT_DUR:
	case XT_SIZE:
	case XT_STR:
	case XT_TRUE:
	case XT_FALSE:
	case XT_NULL:
		if ((n = xnode_new(c, XN_CONST, t.off, t.end)) == NULL)
			return NULL;
		switch (t.t) {
		case XT_INT:
			n->ty.k = XK_INT;
			break;
		case XT_DUR:
			n->ty.k = XK_DUR;
			break;
		case XT_SIZE:
			n->ty.k = XK_SIZE;
			break;
		case XT_STR:
			n->ty.k = XK_STR;
			break;
		case XT_NULL:
			n->ty.k = XK_NULL;
			break;
		default:
			n->ty.k = XK_BOOL;
			break;
		}
		n->v.k = t.t == XT_STR ? XV_STR : t.t == XT_NULL ? XV_NULL :
		    (t.t == XT_TRUE || t.t == XT_FALSE) ? XV_BOOL : XV_INT;
		n->v.i = t.t == XT_TRUE ? 1 : t.t == XT_FALSE ? 0 : t.i;
		n->v.s = t.s;
		n->v.n = t.slen;
		advance(c);
		return c->failed ? NULL : n;
	case XT_LP:
		advance(c);
		if (c->failed || (n = parse_or(c)) == NULL)
			return NULL;
		if (expect(c, XT_RP, "\")\"") != 0)
			return NULL;
		return n;
	case XT_LB:
		if ((n = xnode_new(c, XN_LIST, t.off, t.end)) == NULL)
			return NULL;
		advance(c);
		while (!c->failed && c->tok.t != XT_RB) {
			if ((e = parse_or(c)) == NULL)
				return NULL;
			if (kid_push(c, n, e, &cap) != 0)
				return NULL;
			if (c->tok.t != XT_COMMA)
				break;
			advance(c);
		}
		n->end = c->tok.end;
		if (expect(c, XT_RB, "\",\" or \"]\" in a list") != 0 ||
		    set_depth(c, n) != 0)
			return NULL;
		return n;
	case XT_IDENT:
		if ((n = xnode_new(c, XN_NAME, t.off, t.end)) == NULL)
			return NULL;
		if ((n->s = jl_arena_strndup(c->a, c->src + t.off,
		    t.end - t.off)) == NULL) {
			xerr(c, t.off, "out of memory");
			return NULL;
		}
		advance(c);
		if (c->failed)
			return NULL;
		if (c->tok.t == XT_LP && (n = parse_call(c, n)) == NULL)
			return NULL;
		return n;
	case XT_ERROR:
		return NULL;
	case XT_EOF:
		xerr(c, t.off, "unexpected end of expression");
		return NULL;
	case XT_RP:
		xerr(c, t.off, "unbalanced \")\"");
		return NULL;
	default:
		xerr(c, t.off, "expected a value, found %s",
		    xtok_name(t.t));
		return NULL;
	}
}

static struct xnode *
parse_postfix(struct xcomp *c)
{
	struct xnode	*n, *f;

	if ((n = parse_primary(c)) == NULL)
		return NULL;
	while (!c->failed && c->tok.t == XT_DOT) {
		if (is_job_optns(n)) {
			if ((n = parse_optname(c, n)) == NULL)
				return NULL;
			continue;
		}
		advance(c);
		if (c->failed)
			return NULL;
		if (c->tok.t != XT_IDENT) {
			xerr(c, c->tok.off, "expected a field name after "
			    "\".\", found %s", xtok_name(c->tok.t));
			return NULL;
		}
		if ((f = xnode_new(c, XN_FIELD, n->off, c->tok.end)) == NULL)
			return NULL;
		f->a = n;
		f->s = jl_arena_strndup(c->a, c->src + c->tok.off,
		    c->tok.end - c->tok.off);
		f->fid = 0;
		f->slot = 0;
		/* remember where the name starts for messages */
		f->b = NULL;
		f->v.i = (int64_t)c->tok.off;
		if (f->s == NULL || set_depth(c, f) != 0)
			return NULL;
		advance(c);
		n = f;
		if (c->tok.t == XT_LP) {
			xerr(c, c->tok.off, "methods are not supported; call "
			    "a function: has_option(step, \"--exact\")");
			return NULL;
		}
	}
	if (n != NULL && n->op == XN_FIELD && is_job_optns(n) &&
	    !c->failed) {
		xerr(c, n->end, "job.%s needs an option name: "
		    "job.%s.cpus-per-task", n->s, n->s);
		return NULL;
	}
	return c->failed ? NULL : n;
}

static struct xnode *
parse_unary(struct xcomp *c)
{
	struct xnode	*n, *e;
	size_t		 off = c->tok.off;

	if (c->tok.t != XT_MINUS)
		return parse_postfix(c);
	advance(c);
	if (c->failed || enter(c) != 0 || (e = parse_unary(c)) == NULL)
		return NULL;
	c->depth--;
	if ((n = xnode_new(c, XN_NEG, off, e->end)) == NULL)
		return NULL;
	n->a = e;
	return set_depth(c, n) != 0 ? NULL : n;
}

static struct xnode *
parse_prod(struct xcomp *c)
{
	struct xnode	*l, *r;
	enum xop	 op;

	if ((l = parse_unary(c)) == NULL)
		return NULL;
	while (c->tok.t == XT_STAR || c->tok.t == XT_SLASH) {
		op = c->tok.t == XT_STAR ? XN_MUL : XN_DIV;
		advance(c);
		if (c->failed || (r = parse_unary(c)) == NULL ||
		    (l = binary(c, op, l, r)) == NULL)
			return NULL;
	}
	return l;
}

static struct xnode *
parse_sum(struct xcomp *c)
{
	struct xnode	*l, *r;
	enum xop	 op;

	if ((l = parse_prod(c)) == NULL)
		return NULL;
	while (c->tok.t == XT_PLUS || c->tok.t == XT_MINUS) {
		op = c->tok.t == XT_PLUS ? XN_ADD : XN_SUB;
		advance(c);
		if (c->failed || (r = parse_prod(c)) == NULL ||
		    (l = binary(c, op, l, r)) == NULL)
			return NULL;
	}
	return l;
}

static int
is_cmp(enum xtok t)
{
	return t == XT_EQ || t == XT_NE || t == XT_LT || t == XT_LE ||
	    t == XT_GT || t == XT_GE || t == XT_IN || t == XT_MATCHES;
}

static struct xnode *
parse_cmp(struct xcomp *c)
{
	struct xnode	*l, *r, *n;
	struct xtoken	 next;
	enum xop	 op;
	size_t		 opoff;
	int		 neg = 0;

	if ((l = parse_sum(c)) == NULL)
		return NULL;
	opoff = c->tok.off;
	if (c->tok.t == XT_NOT) {
		xlex(c->a, c->src, c->len, c->tok.end, 0, &next);
		if (next.t != XT_IN && next.t != XT_MATCHES) {
			xerr(c, c->tok.off, "\"not\" here must be followed "
			    "by in or matches");
			return NULL;
		}
		neg = 1;
		c->tok = next;
	}
	if (!is_cmp(c->tok.t))
		return l;
	switch (c->tok.t) {
	case XT_EQ: op = XN_EQ; break;
	case XT_NE: op = XN_NE; break;
	case XT_LT: op = XN_LT; break;
	case XT_LE: op = XN_LE; break;
	case XT_GT: op = XN_GT; break;
	case XT_GE: op = XN_GE; break;
	case XT_IN: op = neg ? XN_NOTIN : XN_IN; break;
	default: op = neg ? XN_NOTMATCH : XN_MATCH; break;
	}
	advance(c);
	if (c->failed || (r = parse_sum(c)) == NULL ||
	    (n = binary(c, op, l, r)) == NULL)
		return NULL;
	n->slot = 0;
	n->v.i = (int64_t)opoff;	/* operator offset for messages */
	if (is_cmp(c->tok.t) || c->tok.t == XT_NOT) {
		xerr(c, c->tok.off, "comparisons cannot be chained; join them "
		    "with and");
		return NULL;
	}
	return n;
}

static struct xnode *
parse_not(struct xcomp *c)
{
	struct xnode	*n, *e;
	size_t		 off = c->tok.off;

	if (c->tok.t != XT_NOT)
		return parse_cmp(c);
	advance(c);
	if (c->failed || enter(c) != 0 || (e = parse_not(c)) == NULL)
		return NULL;
	c->depth--;
	if ((n = xnode_new(c, XN_NOT, off, e->end)) == NULL)
		return NULL;
	n->a = e;
	return set_depth(c, n) != 0 ? NULL : n;
}

/* and / or chains become one n-ary node, so long chains are not deep. */
static struct xnode *
parse_chain(struct xcomp *c, enum xtok t, enum xop op,
    struct xnode *(*sub)(struct xcomp *))
{
	struct xnode	*l, *r, *n;
	size_t		 cap = 0;

	if ((l = sub(c)) == NULL)
		return NULL;
	if (c->tok.t != t)
		return l;
	if ((n = xnode_new(c, op, l->off, l->end)) == NULL ||
	    kid_push(c, n, l, &cap) != 0)
		return NULL;
	while (c->tok.t == t) {
		advance(c);
		if (c->failed || (r = sub(c)) == NULL ||
		    kid_push(c, n, r, &cap) != 0)
			return NULL;
		n->end = r->end;
	}
	return set_depth(c, n) != 0 ? NULL : n;
}

static struct xnode *
parse_and(struct xcomp *c)
{
	return parse_chain(c, XT_AND, XN_AND, parse_not);
}

static struct xnode *
parse_or(struct xcomp *c)
{
	struct xnode	*n;

	if (enter(c) != 0)
		return NULL;
	n = parse_chain(c, XT_OR, XN_OR, parse_and);
	c->depth--;
	return c->failed ? NULL : n;
}

struct xnode *
xparse_expr(struct xcomp *c)
{
	if (c->failed)
		return NULL;
	return parse_or(c);
}
