/*
 * fuzz_policy.c: the YAML layer and the policy loader (jl_policy_load) on
 * arbitrary bytes; when the policy loads, the rule loader
 * (jl_ruleset_load: the catalog plus the policy's site_rules, settings and
 * exemptions) and then a run of the whole set over a fixed job script, so
 * site rules written in the input are compiled and evaluated.
 *
 * The bytes are passed with their length and no terminator: the API takes
 * (data, len), so reading past len is a bug.
 */
#include "common.h"

static char	*script;

static void
fuzz_fini(void)
{
	free(script);
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jl_policy	*p;
	struct jl_ruleset	*rs;
	struct jl_arena		 a;
	struct jl_model		 m;
	struct jl_who		 who;
	char			*buf, *errors = NULL;

	if (script == NULL) {
		script = fuzz_copy((const uint8_t *)fuzz_fixed_script,
		    sizeof(fuzz_fixed_script) - 1);
		atexit(fuzz_fini);
	}
	/* An exact-size heap copy: ASan catches a read past len. */
	if ((buf = malloc(size ? size : 1)) == NULL)
		abort();
	if (size > 0)
		memcpy(buf, data, size);
	p = jl_policy_load("fuzz.yaml", buf, size, &errors);
	free(buf);
	free(errors);
	errors = NULL;
	if (p == NULL)
		return 0;
	rs = jl_ruleset_load(p, &errors);
	free(errors);
	if (rs == NULL)
		return 0;
	memset(&who, 0, sizeof(who));
	who.user = "alice";
	who.account = "proj1";
	who.now = 1700000000;
	jl_arena_init(&a);
	if (fuzz_model(&a, script, sizeof(fuzz_fixed_script) - 1,
	    rs->policy->slurm_version, &m) == 0)
		(void)jl_lint_run(rs, &a, &m, 0, &who);
	jl_arena_free(&a);
	jl_ruleset_free(rs);
	return 0;
}
