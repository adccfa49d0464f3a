/*
 * driver.c: jlint-cluster, a stand-in for the jlint command's cluster
 * subcommands until lint/cli.c dispatches to the entry points of
 * lint/cluster.h.  tests/slurm-audit/run.sh drives it.
 *
 *   jlint-cluster facts [-h]			jlint facts
 *   jlint-cluster audit [options]		jlint audit
 *   jlint-cluster lint [--show-policy] POLICY SCRIPT
 *			jlint --cluster --policy POLICY SCRIPT: the live
 *			facts merged over POLICY, then the script linted;
 *			--show-policy prints what came live and the merged
 *			policy instead
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "facts.h"
#include "job.h"
#include "policy-layer.h"
#include "policy.h"
#include "rule.h"

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 cap = 0, n;

	*len = 0;
	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		return NULL;
	}
	for (;;) {
		if (*len + 4097 > cap) {
			char *p = realloc(buf, cap = cap * 2 + 8192);

			if (p == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
		}
		if ((n = fread(buf + *len, 1, cap - *len - 1, f)) == 0)
			break;
		*len += n;
	}
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

/* jlint --cluster --policy POLICY SCRIPT, as cli.c will do it. */
static int
cmd_lint(int argc, char **argv)
{
	struct jl_policy	*p;
	struct jl_ruleset	*rs;
	struct jl_vec		 notes;
	struct jl_buf		 b;
	struct jl_arena		 a;
	struct jl_input		 in;
	struct jl_model		 m;
	const struct jl_finding	*f;
	char			*data, *errors = NULL, *err = NULL;
	size_t			 len, i;
	unsigned		 line, col;
	int			 show = 0, rc = 0;

	if (argc > 1 && strcmp(argv[1], "--show-policy") == 0) {
		show = 1;
		argc--;
		argv++;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: jlint-cluster lint [--show-policy] "
		    "POLICY SCRIPT\n");
		return 2;
	}
	if ((data = slurp(argv[1], &len)) == NULL)
		return 2;
	p = jl_policy_load(argv[1], data, len, &errors);
	free(data);
	if (p == NULL) {
		fprintf(stderr, "%s", errors != NULL ? errors : "no memory\n");
		free(errors);
		return 2;
	}
	/* The arena of p holds the notes; read them before p goes away. */
	memset(&notes, 0, sizeof(notes));
	if (jl_cluster_merge(p, &notes, &err) != 0) {
		fprintf(stderr, "jlint: %s\n", err != NULL ? err : "no memory");
		free(err);
		jl_policy_free(p);
		return 2;
	}
	if (show) {
		jl_buf_init(&b);
		jl_merge_notes_text(&notes, &b);
		jl_policy_yaml(p, NULL, 0, &b);
		fwrite(b.data, 1, b.len, stdout);
		jl_buf_free(&b);
		jl_policy_free(p);
		return 0;
	}
	if ((rs = jl_ruleset_load(p, &errors)) == NULL) {
		fprintf(stderr, "%s", errors != NULL ? errors : "no memory\n");
		free(errors);
		return 2;
	}
	if ((data = slurp(argv[2], &len)) == NULL) {
		jl_ruleset_free(rs);
		return 2;
	}
	memset(&in, 0, sizeof(in));
	in.name = argv[2];
	in.data = data;
	in.len = len;
	in.version = rs->policy->slurm_version != 0 ?
	    rs->policy->slurm_version : JL_SLURM_DEFAULT;
	jl_arena_init(&a);
	if (jl_model_build(&a, &in, &m) != 0 ||
	    jl_ruleset_run(rs, &a, &m, 0, NULL) != 0) {
		fprintf(stderr, "jlint: out of memory\n");
		rc = 2;
		goto out;
	}
	jl_findings_sort(&m.findings);
	for (i = 0; i < m.findings.v.n; i++) {
		f = m.findings.v.items[i];
		line = col = 0;
		if (f->src != NULL)
			jl_src_linecol(f->src, f->loc.off, &line, &col);
		printf("%s:%u:%u: %s: %s [%s]\n", argv[2], line, col,
		    jl_sev_name(f->sev), f->message, f->rule);
		if (f->sev >= JL_SEV_WARNING)
			rc = 1;
	}
out:
	jl_arena_free(&a);
	free(data);
	jl_ruleset_free(rs);
	return rc;
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "facts") == 0)
		return jl_cmd_facts(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "audit") == 0)
		return jl_cmd_audit(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "lint") == 0)
		return cmd_lint(argc - 1, argv + 1);
	fprintf(stderr, "usage: jlint-cluster facts|audit|lint ...\n");
	return 2;
}
