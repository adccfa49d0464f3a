/*
 * cmd-facts.c: jlint facts [-h], the running cluster's facts as a policy
 * (YAML).  The command's body, jl_cmd_facts(), stays in cluster.c beside
 * the libslurm queries it prints (cluster.h).
 */
#include "cluster.h"
#include "jlint.h"

static int
cmd_facts_exec(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	/* argv[-1] is "facts": jl_cmd_facts() reads argv[1..]. */
	return jl_cmd_facts(argc + 1, argv - 1);
}

const struct cmd_entry cmd_facts_entry = {
	.name = "facts",
	.usage = "facts                 (the running cluster as a policy)",
	.flags = CMD_OWNARGS,
	.exec = cmd_facts_exec
};
