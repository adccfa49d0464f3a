/*
 * expr.c: the public entry points of the expression language (expr.h):
 * compile a `when:` condition or a `message:` template (parse, then
 * resolve and type-check), free the PCRE2 objects, name result types.
 * Evaluation and rendering are in expr-eval.c.
 */
#include <stdlib.h>
#include <string.h>

#include "expr-int.h"

static void
comp_init(struct xcomp *c, struct jl_arena *a, const char *src, size_t len,
    unsigned scope)
{
	memset(c, 0, sizeof(*c));
	c->a = a;
	c->src = src;
	c->len = len;
	c->scope = scope;
}

/* Free the regexes of a failed compile and hand the error out. */
static void
comp_fail(struct xcomp *c, char **err, size_t *erroff)
{
	size_t	i;

	for (i = 0; i < c->nres; i++)
		xfree_regex(c->res[i]);
	c->nres = 0;
	if (err != NULL)
		*err = c->err;
	else
		free(c->err);
	if (erroff != NULL)
		*erroff = c->erroff;
}

struct jl_expr *
jl_expr_compile(struct jl_arena *a, const char *src, size_t len,
    unsigned scope, char **err, size_t *erroff)
{
	struct xcomp	 c;
	struct xnode	*root = NULL;
	struct jl_expr	*e;

	if (src == NULL)
		src = "", len = 0;
	comp_init(&c, a, src, len, scope);
	if (len > JL_EXPR_MAXLEN)
		xerr(&c, JL_EXPR_MAXLEN, "expression longer than %d bytes",
		    JL_EXPR_MAXLEN);
	else if (memchr(src, '\0', len) != NULL)
		xerr(&c, (size_t)((const char *)memchr(src, '\0', len) - src),
		    "NUL byte in expression");
	else {
		xparse_start(&c, 0);
		if (c.tok.t == XT_EOF)
			xerr(&c, c.tok.off, "empty expression");
		root = xparse_expr(&c);
		if (root != NULL && !c.failed && c.tok.t != XT_EOF)
			xerr(&c, c.tok.off, c.tok.t == XT_RP ?
			    "unbalanced \")\"" : "unexpected %s after the "
			    "expression", xtok_name(c.tok.t));
		if (root != NULL && !c.failed)
			xcheck(&c, root);
		if (root != NULL && !c.failed && !(scope & JL_EXPR_VALUE) &&
		    root->ty.k != XK_BOOL)
			xerr(&c, 0, "a condition must be true or false, not "
			    "%s %s", strchr("aeiou", xtype_name(root->ty)[0]) ?
			    "an" : "a", xtype_name(root->ty));
	}
	if (!c.failed && (e = jl_arena_alloc(a, sizeof(*e))) == NULL)
		xerr(&c, 0, "out of memory");
	if (c.failed || root == NULL) {
		if (!c.failed)
			xerr(&c, 0, "invalid expression");
		comp_fail(&c, err, erroff);
		return NULL;
	}
	e->root = root;
	e->res = c.res;
	e->nres = c.nres;
	e->scope = scope;
	return e;
}

void
jl_expr_free(struct jl_expr *e)
{
	size_t	i;

	if (e == NULL)
		return;
	for (i = 0; i < e->nres; i++)
		xfree_regex(e->res[i]);
	e->nres = 0;
}

const char *
jl_expr_type(const struct jl_expr *e)
{
	if (e == NULL || e->root == NULL)
		return "?";
	return xtype_name(e->root->ty);
}

/* Append a literal part (with {{ and }} already undone) to a template. */
static int
tmpl_part(struct xcomp *c, struct jl_vec *parts, const char *lit,
    size_t len, struct xnode *n)
{
	struct tpart	*p;

	if ((p = jl_arena_alloc(c->a, sizeof(*p))) == NULL ||
	    (p->lit = jl_arena_strndup(c->a, lit, len)) == NULL ||
	    jl_vec_push(c->a, parts, p) != 0)
		return xerr(c, 0, "out of memory");
	p->litlen = len;
	p->e = n;
	return 0;
}

struct jl_tmpl *
jl_tmpl_compile(struct jl_arena *a, const char *text, size_t len,
    unsigned scope, char **err, size_t *erroff)
{
	struct xcomp	 c;
	struct jl_tmpl	*t;
	struct jl_vec	 parts;
	struct jl_buf	 lit;
	struct xnode	*n;
	size_t		 i = 0, k;

	if (text == NULL)
		text = "", len = 0;
	comp_init(&c, a, text, len, scope);
	c.in_tmpl = 1;
	memset(&parts, 0, sizeof(parts));
	jl_buf_init(&lit);
	while (!c.failed && i < len) {
		if (text[i] == '{' && i + 1 < len && text[i + 1] == '{') {
			jl_buf_putc(&lit, '{');
			i += 2;
			continue;
		}
		if (text[i] == '}' && i + 1 < len && text[i + 1] == '}') {
			jl_buf_putc(&lit, '}');
			i += 2;
			continue;
		}
		if (text[i] != '{') {
			jl_buf_putc(&lit, text[i]);
			i++;
			continue;
		}
		/* {EXPR}: parse up to the closing brace, then check. */
		c.depth = 0;
		xparse_start(&c, i + 1);
		if (c.tok.t == XT_RBRACE) {
			xerr(&c, i, "empty {} in template; write {{ for a "
			    "brace");
			break;
		}
		if ((n = xparse_expr(&c)) == NULL)
			break;
		if (c.tok.t != XT_RBRACE) {
			xerr(&c, c.tok.off, c.tok.t == XT_EOF ? "unclosed { "
			    "in template; write {{ for a brace" :
			    "expected \"}\" after the value, found %s",
			    xtok_name(c.tok.t));
			break;
		}
		if (xcheck(&c, n) != 0)
			break;
		if (lit.failed || tmpl_part(&c, &parts, lit.data != NULL ?
		    lit.data : "", lit.len, n) != 0)
			break;
		lit.len = 0;
		i = c.tok.end;
	}
	if (!c.failed && (lit.failed || tmpl_part(&c, &parts, lit.data !=
	    NULL ? lit.data : "", lit.len, NULL) != 0) && !c.failed)
		xerr(&c, 0, "out of memory");
	jl_buf_free(&lit);
	if (!c.failed && (t = jl_arena_alloc(a, sizeof(*t))) == NULL)
		xerr(&c, 0, "out of memory");
	if (!c.failed && (t->parts = jl_arena_alloc(a, parts.n *
	    sizeof(*t->parts))) == NULL)
		xerr(&c, 0, "out of memory");
	if (c.failed) {
		comp_fail(&c, err, erroff);
		return NULL;
	}
	for (k = 0; k < parts.n; k++)
		t->parts[k] = *(struct tpart *)parts.items[k];
	t->nparts = parts.n;
	return t;
}

static void
node_lines(const struct xnode *n, struct jl_lines *l)
{
	size_t	i;

	for (; n != NULL; n = n->b) {
		jl_lines_add(l, n, sizeof(*n));
		if (n->v.s != NULL)
			jl_lines_add(l, n->v.s, strlen(n->v.s) + 1);
		if (n->lit != NULL)
			jl_lines_add(l, n->lit, n->litlen + 1);
		if (n->kids != NULL)
			jl_lines_add(l, n->kids, n->nkids * sizeof(*n->kids));
		for (i = 0; i < n->nkids; i++)
			node_lines(n->kids[i], l);
		node_lines(n->a, l);
	}
}

void
jl_expr_lines(const struct jl_expr *e, struct jl_lines *l)
{
	if (e == NULL)
		return;
	jl_lines_add(l, e, sizeof(*e));
	node_lines(e->root, l);
}
