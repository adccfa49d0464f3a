/*
 * cmd-sbatch.c: jlint sbatch [sbatch options] SCRIPT [args], the job
 * sbatch would submit: its command line and environment over the
 * script's #SBATCH lines.  jlint parse sbatch shares it (parse_only).
 */
#include <stdio.h>
#include <string.h>

#include "jlint.h"
#include "opt.h"

/*
 * jlint sbatch ARGS: split the command line as sbatch's first pass does:
 * options, then the script, then its arguments.  No script: stdin.
 */
int
sbatch_run(struct cli *cli, int argc, char **argv, int parse_only)
{
	struct jl_arena		 a;
	struct jl_findings	 fs;
	struct jl_vec		 opts;
	struct jl_argv		 av;
	const char		*wrap = NULL, *script;
	size_t			 first, i;
	int			 rc;

	jl_arena_init(&a);
	memset(&fs, 0, sizeof(fs));
	memset(&opts, 0, sizeof(opts));
	av.words = (const char **)argv;
	av.locs = NULL;
	av.n = (size_t)argc;
	jl_getopt(&a, NULL, JL_CMD_SBATCH, cli->version, &av, 0, 0, &opts,
	    &first, &fs);
	for (i = 0; i < opts.n; i++) {
		struct jl_optval *ov = opts.items[i];

		if (ov->opt->id == JL_O_WRAP)
			wrap = ov->value;
	}
	if (wrap != NULL && first < (size_t)argc) {
		fprintf(stderr, "jlint: sbatch: script arguments are not "
		    "permitted with --wrap\n");
		jl_arena_free(&a);
		return 2;
	}
	script = first < (size_t)argc ? argv[first] : "-";
	jl_arena_free(&a);
	rc = lint_one(cli, script, (const char *const *)argv, first, 1,
	    parse_only, wrap);
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
