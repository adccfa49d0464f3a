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

#define A_	BD_C_ALPHA_
#define D_	BD_C_DIGIT
const unsigned char bd_ctype[256] = {
	['0'] = D_, ['1'] = D_, ['2'] = D_, ['3'] = D_, ['4'] = D_,
	['5'] = D_, ['6'] = D_, ['7'] = D_, ['8'] = D_, ['9'] = D_,
	['_'] = A_,
	['a'] = A_, ['b'] = A_, ['c'] = A_, ['d'] = A_, ['e'] = A_,
	['f'] = A_, ['g'] = A_, ['h'] = A_, ['i'] = A_, ['j'] = A_,
	['k'] = A_, ['l'] = A_, ['m'] = A_, ['n'] = A_, ['o'] = A_,
	['p'] = A_, ['q'] = A_, ['r'] = A_, ['s'] = A_, ['t'] = A_,
	['u'] = A_, ['v'] = A_, ['w'] = A_, ['x'] = A_, ['y'] = A_,
	['z'] = A_,
	['A'] = A_, ['B'] = A_, ['C'] = A_, ['D'] = A_, ['E'] = A_,
	['F'] = A_, ['G'] = A_, ['H'] = A_, ['I'] = A_, ['J'] = A_,
	['K'] = A_, ['L'] = A_, ['M'] = A_, ['N'] = A_, ['O'] = A_,
	['P'] = A_, ['Q'] = A_, ['R'] = A_, ['S'] = A_, ['T'] = A_,
	['U'] = A_, ['V'] = A_, ['W'] = A_, ['X'] = A_, ['Y'] = A_,
	['Z'] = A_
};
#undef A_
#undef D_

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
bd_vpush_slow(struct ctx *c, struct jl_vec *v, void *p)
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

/* bd_pool() when the block is used up: a new block, or a big request
 * straight from the arena. */
void *
bd_pool_slow(struct ctx *c, size_t n)
{
	char	*p;

	if (n > BD_POOL_BLOCK / 4) {
		if ((p = jl_arena_alloc_raw(c->a, n)) == NULL)
			c->failed = 1;
		return p;
	}
	if ((p = jl_arena_alloc_raw(c->a, BD_POOL_BLOCK)) == NULL) {
		c->failed = 1;
		return NULL;
	}
	c->pool = p + n;
	c->pool_left = BD_POOL_BLOCK - n;
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
	return jl_body_read_env(a, src, version, NULL, body);
}

int
jl_body_read_env(struct jl_arena *a, const struct jl_src *src,
    unsigned version, const struct jl_body_env *env, struct jl_body *body)
{
	struct ctx	 c;
	struct lexer	 lx;
	struct parse	 top, *p = &top;

	memset(body, 0, sizeof(*body));
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.body = body;
	c.src = src;
	c.version = version != 0 ? version : JL_SLURM_DEFAULT;
	c.budget = 2 * src->len + 65536;
	c.split_left = 4 * src->len + 65536;
	memset(&lx, 0, sizeof(lx));
	lx.s = src->data != NULL ? src->data : "";
	lx.end = src->data != NULL ? src->len : 0;
	lx.report = 1;
	bd_parse_clear(p);
	p->c = &c;
	p->lx = &lx;
	p->pending_fn = NONE_IDX;
	bd_env_start(&c, env);
	bd_parse_level(p, L_TOP, 0);
	bd_resolve_requeues(&c);
	return c.failed || a->failed ? -1 : 0;
}
