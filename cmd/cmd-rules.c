/*
 * cmd-rules.c: jlint rules [--format text|json|markdown|slugs], the rule
 * catalog under the policy that applies here (written by output.c).
 */
#include <stdio.h>
#include <string.h>

#include "jlint.h"

static int
cmd_rules_exec(struct cli *cli, int argc, char **argv)
{
	struct jl_buf		 b;
	enum jl_rules_fmt	 fmt;
	const char		*name = "text";
	int			 k;

	for (k = 0; k < argc; k++) {
		if ((strcmp(argv[k], "--format") == 0 ||
		    strcmp(argv[k], "-f") == 0) && k + 1 < argc)
			name = argv[++k];
		else if (strncmp(argv[k], "--format=", 9) == 0)
			name = argv[k] + 9;
		else
			return cmd_usage(&cmd_rules_entry);
	}
	if (cli->fmt_given && cli->fmt == JL_FMT_JSON)
		name = "json";
	if (jl_rules_fmt_parse(name, &fmt) != 0) {
		fprintf(stderr, "jlint: rules: unknown format \"%s\" (text, "
		    "json, markdown, slugs)\n", name);
		return 2;
	}
	if (run_load_rules(cli, run_find_policy(cli, "./.", NULL)) != 0)
		return 2;
	jl_buf_init(&b);
	jl_rules_write(cli->rs, fmt, &b);
	run_put(&b);
	return 0;
}

const struct cmd_entry cmd_rules_entry = {
	.name = "rules",
	.usage = "rules [--format text|json|markdown|slugs]",
	.flags = CMD_NOPERMUTE,
	.exec = cmd_rules_exec
};
