/*
 * cmd-parse.c: jlint parse FILE | jlint parse sbatch ...: the job model
 * as JSON (job-json.c), with no rules run.
 */
#include <stdio.h>
#include <string.h>

#include "jlint.h"

static int
cmd_parse_exec(struct cli *cli, int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "sbatch") == 0)
		return sbatch_run(cli, argc - 1, argv + 1, 1) != 0 ? 2 : 0;
	if (argc != 1) {
		fprintf(stderr, "usage: jlint parse FILE\n");
		return 2;
	}
	return lint_one(cli, argv[0], NULL, 0, 0, 1, NULL) != 0 ? 2 : 0;
}

const struct cmd_entry cmd_parse_entry = {
	.name = "parse",
	.usage = "parse FILE | jlint parse sbatch [sbatch options] SCRIPT",
	.flags = CMD_NOPERMUTE,
	.exec = cmd_parse_exec
};
