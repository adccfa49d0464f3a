/*
 * cmd-sbatch.c: jlint sbatch [sbatch options] SCRIPT [args], the job
 * sbatch would submit: its command line and environment over the
 * script's #SBATCH lines.  jlint parse sbatch shares it (parse_only);
 * the cli_filter plugin reads a running sbatch the same way (sbatch.h).
 */
#include <stdio.h>
#include <string.h>

#include "jlint.h"
#include "sbatch.h"

/*
 * jlint sbatch ARGS: split the command line as sbatch's first pass does:
 * options, then the script, then its arguments.  No script: stdin.
 */
int
sbatch_run(struct cli *cli, int argc, char **argv, int parse_only)
{
	struct jl_arena		 a;
	struct jl_sbatch_cmd	 sc;
	int			 rc;

	jl_arena_init(&a);
	jl_sbatch_split(&a, cli->version, (const char *const *)argv,
	    (size_t)argc, &sc);
	jl_arena_free(&a);
	if (sc.wrap != NULL && sc.first < (size_t)argc) {
		fprintf(stderr, "jlint: sbatch: script arguments are not "
		    "permitted with --wrap\n");
		return 2;
	}
	rc = lint_one(cli, sc.first < (size_t)argc ? argv[sc.first] : "-",
	    (const char *const *)argv, sc.first, 1, parse_only, sc.wrap);
	return rc != 0 ? 2 : 0;
}

static int
cmd_sbatch_exec(struct cli *cli, int argc, char **argv)
{
	return run_finish(cli, sbatch_run(cli, argc, argv, 0) != 0);
}

const struct cmd_entry cmd_sbatch_entry = {
	.name = "sbatch",
	.usage = "[options] sbatch [sbatch options] SCRIPT [args]",
	.flags = CMD_NOPERMUTE,
	.exec = cmd_sbatch_exec
};
