/*
 * cmd-explain.c: jlint explain SLUG|CODE, one rule's documentation and
 * what the policy that applies here does with it (written by output.c).
 */
#include <stdio.h>

#include "jlint.h"
#include "yaml.h"

static int
cmd_explain_exec(struct cli *cli, int argc, char **argv)
{
	const struct jl_rule	*r;
	struct jl_buf		 b;
	const char		*cands[256], *sug;
	size_t			 i, n = 0;

	if (argc != 1)
		return cmd_usage(&cmd_explain_entry);
	if (run_load_rules(cli, run_find_policy(cli, "./.", NULL)) != 0)
		return 2;
	if ((r = jl_ruleset_find(cli->rs, argv[0])) == NULL) {
		for (i = 0; i < cli->rs->nrules && n < 255; i++)
			cands[n++] = cli->rs->rules[i]->slug;
		cands[n] = NULL;
		sug = jl_yaml_suggest(argv[0], cands);
		fprintf(stderr, "jlint: explain: no rule \"%s\"%s%s%s (jlint "
		    "rules lists them)\n", argv[0], sug ? "; did you mean \"" :
		    "", sug ? sug : "", sug ? "\"?" : "");
		return 2;
	}
	jl_buf_init(&b);
	jl_rule_explain(cli->rs, r, &b);
	run_put(&b);
	return 0;
}

const struct cmd_entry cmd_explain_entry = {
	.name = "explain",
	.usage = "explain SLUG|CODE",
	.flags = 0,
	.exec = cmd_explain_exec
};
