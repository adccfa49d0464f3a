/*
 * fuzz_expr.c: the rule expression language: lexer, Pratt parser, schema
 * and type checker (jl_expr_compile), template compiler (jl_tmpl_compile)
 * and evaluator, against fixed jobs and the ai-lab policy.
 *
 * Input: one mode byte, then the text.  Mode bits:
 *   0x1  `step` is bound (JL_EXPR_STEP): evaluated once per step of the
 *        fixed job, and once with no step
 *   0x2  any result type (JL_EXPR_VALUE): printed with jl_expr_text
 *   0x4  a message template instead of an expression
 *   0x8  no policy (site facts all null) instead of ai-lab
 * Every compiled expression is evaluated against the fixed GPU job, an
 * empty script's job and no job at all.
 */
#include "common.h"

#include "expr.h"

static struct jl_arena		 fixed;
static struct jl_model		 m_gpu, m_empty;
static struct jl_policy		*ailab;

static void
fuzz_fini(void)
{
	jl_policy_free(ailab);
	jl_arena_free(&fixed);
}

static void
fuzz_init(void)
{
	char	*errors = NULL, *s;

	jl_arena_init(&fixed);
	s = jl_arena_strndup(&fixed, fuzz_fixed_script,
	    sizeof(fuzz_fixed_script) - 1);
	if (s == NULL || fuzz_model(&fixed, s, sizeof(fuzz_fixed_script) - 1,
	    JL_SLURM_2205, &m_gpu) != 0 ||
	    fuzz_model(&fixed, "", 0, JL_SLURM_2205, &m_empty) != 0)
		abort();
	if ((ailab = jl_policy_load("ai-lab.yaml", fuzz_ailab_policy,
	    fuzz_ailab_policy_len, &errors)) == NULL)
		abort();
	atexit(fuzz_fini);
}

static void
eval_one(struct jl_arena *a, const struct jl_expr *e,
    const struct jl_tmpl *t, unsigned scope, struct jl_expr_env *env)
{
	const char	*why;
	int		 tri;

	if (t != NULL)
		(void)jl_tmpl_render(a, t, env);
	else if (scope & JL_EXPR_VALUE)
		(void)jl_expr_text(a, e, env);
	else
		(void)jl_expr_eval3(e, env, &tri, &why);
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct jl_model *const models[] = { &m_gpu, &m_empty,
	    NULL };
	struct jl_arena		 a;
	struct jl_expr		*e = NULL;
	struct jl_tmpl		*t = NULL;
	struct jl_expr_env	 env;
	char			*text, *err = NULL;
	size_t			 erroff = 0, k, i;
	unsigned		 mode, scope;

	if (ailab == NULL)
		fuzz_init();
	if (size < 1)
		return 0;
	mode = data[0];
	scope = (mode & 0x1 ? JL_EXPR_STEP : 0) |
	    (mode & 0x2 ? JL_EXPR_VALUE : 0);
	/* Unterminated exact-size copy: the compilers take (text, len). */
	if ((text = malloc(size)) == NULL)
		abort();
	memcpy(text, data + 1, size - 1);
	jl_arena_init(&a);
	if (mode & 0x4)
		t = jl_tmpl_compile(&a, text, size - 1, scope, &err, &erroff);
	else
		e = jl_expr_compile(&a, text, size - 1, scope, &err, &erroff);
	if (e == NULL && t == NULL) {
		/* The error offset must point into (or just past) the text. */
		if (erroff > size - 1)
			abort();
		free(err);
		goto out;
	}
	if (e != NULL)
		(void)jl_expr_type(e);
	for (k = 0; k < JL_NITEMS(models); k++) {
		memset(&env, 0, sizeof(env));
		env.m = models[k];
		env.policy = mode & 0x8 ? NULL : ailab;
		eval_one(&a, e, t, scope, &env);
		if (!(scope & JL_EXPR_STEP) || models[k] == NULL)
			continue;
		for (i = 0; i < models[k]->body.steps.n; i++) {
			env.step = models[k]->body.steps.items[i];
			eval_one(&a, e, t, scope, &env);
		}
	}
	jl_expr_free(e);
out:
	jl_arena_free(&a);
	free(text);
	return 0;
}
