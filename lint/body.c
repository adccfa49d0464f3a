/*
 * body.c: the body reader's entry, jl_body_read() (body.h), and the small
 * memory and text helpers its stages share.  The stages, their files and
 * the data flow between them are described in body-int.h: body-lex.c
 * (the shell lexer), body-parse.c (commands), body-steps.c (launchers,
 * wrappers, containers) and body-facts.c (variables, modules, traps,
 * requeue).
 */
#include <string.h>

#include "body-int.h"

int
bd_strcaseeq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return 0;
	while (*a != '\0' && *b != '\0' && bd_upper((unsigned char)*a) ==
	    bd_upper((unsigned char)*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

/* The last path component: "/usr/bin/srun" -> "srun". */
const char *
bd_base_name(const char *s)
{
	const char	*p;

	if ((p = strrchr(s, '/')) != NULL && p[1] != '\0')
		return p + 1;
	return s;
}

/* NAME, NAME+ or NAME[...] (the text before '=' of an assignment). */
int
bd_valid_lhs(const char *s, size_t len)
{
	size_t	i = 0;

	if (len == 0 || !bd_is_alpha_((unsigned char)s[0]))
		return 0;
	while (i < len && bd_is_alnum_((unsigned char)s[i]))
		i++;
	if (i < len && s[i] == '[') {
		while (i < len && s[i] != ']')
			i++;
		if (i == len)
			return 0;
		i++;
	}
	if (i < len && s[i] == '+')
		i++;
	return i == len;
}

/* The name part of an assignment lhs: "A[1]+" -> "A" (length). */
size_t
bd_lhs_name_len(const char *s, size_t len)
{
	size_t	i = 0;

	while (i < len && bd_is_alnum_((unsigned char)s[i]))
		i++;
	return i;
}

/* A non-negative decimal count, or -1. */
int64_t
bd_parse_count(const char *s)
{
	int64_t	v = 0;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (!bd_is_digit((unsigned char)*s))
			return -1;
		if (v > INT64_C(1000000000000))
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

void
bd_vpush(struct ctx *c, struct jl_vec *v, void *p)
{
	if (p == NULL || jl_vec_push(c->a, v, p) != 0)
		c->failed = 1;
}

void *
bd_alloc(struct ctx *c, size_t n)
{
	void	*p;

	if ((p = jl_arena_alloc(c->a, n)) == NULL)
		c->failed = 1;
	return p;
}

char *
bd_sdup(struct ctx *c, const char *s, size_t n)
{
	char	*p;

	if ((p = jl_arena_strndup(c->a, s, n)) == NULL)
		c->failed = 1;
	return p;
}

int
jl_body_read(struct jl_arena *a, const struct jl_src *src, unsigned version,
    struct jl_body *body)
{
	struct ctx	 c;
	struct lexer	 lx;
	struct parse	*p;

	memset(body, 0, sizeof(*body));
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.body = body;
	c.src = src;
	c.version = version != 0 ? version : JL_SLURM_DEFAULT;
	c.budget = 2 * src->len + 65536;
	bd_gpu_keys_init(&c);
	memset(&lx, 0, sizeof(lx));
	lx.s = src->data != NULL ? src->data : "";
	lx.end = src->data != NULL ? src->len : 0;
	lx.report = 1;
	if ((p = bd_alloc(&c, sizeof(*p))) == NULL)
		return -1;
	p->c = &c;
	p->lx = &lx;
	p->pending_fn = NONE_IDX;
	bd_parse_level(p, L_TOP, 0);
	bd_resolve_requeues(&c);
	return c.failed || a->failed ? -1 : 0;
}
