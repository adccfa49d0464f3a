/*
 * cmd-init.c: jlint init [DIR], a commented starter .jlint.yaml for a
 * repository of job scripts.  It extends the site policy when there is
 * one (JL_SYSTEM_POLICY: what "extends: site" reads), else the embedded
 * default; under --cluster it writes what slurmctld says (the facts of
 * `jlint facts`) instead.  It never overwrites a file (O_EXCL), and what
 * it wrote must load: otherwise it is removed and that is an error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cluster.h"
#include "jlint.h"
#include "policy-layer.h"

static void
starter(struct jl_buf *b, const char *extends, const char *site_name,
    const struct jl_policy *facts)
{
	jl_buf_puts(b,
	    "# .jlint.yaml: jlint's policy for the job scripts in this "
	    "directory and\n"
	    "# below (jlint finds it from a script's directory up to the "
	    "repository root).\n"
	    "# Written by `jlint init`; check it with `jlint policy check "
	    ".jlint.yaml`\n"
	    "# and see what applies with `jlint --show-policy`.  Every key: "
	    "jlint-policy(5).\n"
	    "# Editors complete and check it with the JSON Schema "
	    "(README, \"The policy file\"):\n"
	    "# yaml-language-server: $schema="
	    "/usr/local/share/jlint/jlint-policy.schema.json\n\n");
	if (extends != NULL && strcmp(extends, "site") == 0) {
		jl_buf_printf(b,
		    "# The site policy (" JL_SYSTEM_POLICY "%s%s%s) holds the "
		    "cluster's facts\n"
		    "# (partitions, limits, GPU types) and what the "
		    "job_submit plugin enforces;\n"
		    "# this file adjusts only the rest: a rule the site "
		    "enforces cannot be turned\n"
		    "# off or down here.\n"
		    "extends: site\n\n", site_name != NULL ? ", \"" : "",
		    site_name != NULL ? site_name : "", site_name != NULL ?
		    "\"" : "");
	} else if (facts != NULL) {
		jl_buf_puts(b,
		    "# No site policy (" JL_SYSTEM_POLICY ") was found; these "
		    "facts are what\n"
		    "# slurmctld reported (`jlint facts`).  Run `jlint init "
		    "--cluster` again, or\n"
		    "# `jlint facts`, when the cluster changes.\n");
		jl_policy_yaml(facts, NULL, 0, b);
		jl_buf_putc(b, '\n');
	} else {
		jl_buf_puts(b,
		    "# No site policy (" JL_SYSTEM_POLICY ") was found: start "
		    "from jlint's\n"
		    "# defaults.  Rules that need the cluster's facts "
		    "(partitions, limits, GPU\n"
		    "# types) stay quiet until you add them; `jlint --cluster "
		    "init` writes them\n"
		    "# from slurmctld.\n"
		    "extends: default\n\n"
		    "# slurm_version: \"23.02\"      # the release the "
		    "cluster runs\n"
		    "# gpu_flag: --nv               # --nv (NVIDIA) or --rocm "
		    "(AMD)\n"
		    "# partitions:\n"
		    "#   - name: gpu\n"
		    "#     default: true\n"
		    "#     max_time: 2-00:00:00\n"
		    "#     nodes:\n"
		    "#       - { count: 4, cpus: 64, mem: 500G, gpus: "
		    "{ a100: 8 } }\n\n");
	}
	jl_buf_puts(b,
	    "# Rule settings by slug or code (`jlint rules` lists them, "
	    "`jlint explain SLUG`\n"
	    "# says why each matters): off, on, a severity (error, warning, "
	    "info), a mode\n"
	    "# (enforce, warn, audit) or { severity: ..., mode: ... }.\n"
	    "rules:\n"
	    "#   missing-time-limit: error\n"
	    "#   requeue-without-checkpoint: off\n\n"
	    "# In a script, \"# jlint disable=SLUG -- reason\" on the line "
	    "before silences one\n"
	    "# finding; say why, so the next reader knows.\n");
}

static int
cmd_init_exec(struct cli *cli, int argc, char **argv)
{
	struct jl_buf		 b;
	struct jl_policy	*facts = NULL, *site = NULL;
	const char		*dir = ".", *extends = "default";
	char			*path, *err = NULL, *data;
	size_t			 n, len, off = 0;
	ssize_t			 w;
	int			 fd, rc = 0;

	if (argc > 1 || (argc == 1 && argv[0][0] == '-'))
		return cmd_usage(&cmd_init_entry);
	if (argc == 1)
		dir = argv[0];
	n = strlen(dir) + sizeof("/.jlint.yaml");
	if ((path = malloc(n)) == NULL)
		return 2;
	snprintf(path, n, "%s/.jlint.yaml", dir);
	/* The site policy, as extends: site would read it. */
	if (access(JL_SYSTEM_POLICY, F_OK) == 0 && (data =
	    run_read_file(JL_SYSTEM_POLICY, &len)) != NULL) {
		site = jl_policy_load(JL_SYSTEM_POLICY, data, len, &err);
		free(data);
		if (site == NULL) {
			fprintf(stderr, "%sjlint: init: the site policy "
			    JL_SYSTEM_POLICY " does not load; extending it "
			    "anyway (fix it, or ask the admins)\n", err != NULL ?
			    err : "");
			free(err);
			err = NULL;
		}
		extends = "site";
	} else if (cli->cluster && (facts = jl_cluster_facts(&err)) == NULL) {
		fprintf(stderr, "jlint: init: no facts from slurmctld: %s\n",
		    err != NULL ? err : "?");
		free(err);
		free(path);
		return 2;
	}
	jl_buf_init(&b);
	starter(&b, facts != NULL ? NULL : extends, site != NULL ? site->name :
	    NULL, facts);
	jl_policy_free(site);
	jl_policy_free(facts);
	if (b.failed) {
		fprintf(stderr, "jlint: init: out of memory\n");
		rc = 2;
		goto out;
	}
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644)) == -1) {
		if (errno == EEXIST)
			fprintf(stderr, "jlint: init: %s exists; jlint init "
			    "does not overwrite it (edit it, or move it away "
			    "first)\n", path);
		else
			fprintf(stderr, "jlint: init: %s: %s\n", path,
			    strerror(errno));
		rc = 2;
		goto out;
	}
	while (off < b.len) {
		if ((w = write(fd, b.data + off, b.len - off)) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		off += (size_t)w;
	}
	if (off < b.len || close(fd) != 0) {
		fprintf(stderr, "jlint: init: %s: %s\n", path, strerror(errno));
		unlink(path);
		rc = 2;
		goto out;
	}
	/* It must load as it is (a site policy that does not is the site's
	 * problem, reported above). */
	if (strcmp(extends, "site") != 0 && run_load_rules_err(cli,
	    strdup(path), &err) != 0) {
		fprintf(stderr, "%sjlint: init: internal error: the starter "
		    "policy does not load; %s removed\n", err != NULL ? err :
		    "", path);
		free(err);
		unlink(path);
		rc = 2;
		goto out;
	}
	printf("wrote %s (%s)\n", path, strcmp(extends, "site") == 0 ?
	    "extends the site policy " JL_SYSTEM_POLICY : cli->cluster ?
	    "the facts slurmctld reported" : "extends jlint's defaults");
out:
	jl_buf_free(&b);
	free(path);
	return rc;
}

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.usage = "[options] init [DIR]",
	.flags = 0,
	.exec = cmd_init_exec
};
