/*
 * cmd-policy.c: jlint policy check FILE (the policy loads, each site
 * rule's bad example triggers it and its good one does not, expired
 * exemptions) and jlint --show-policy [FILE] (the effective policy as
 * YAML, with where it came from).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "facts.h"
#include "fields.h"
#include "merge.h"
#include "jlint.h"
#include "policy-layer.h"

/* Does text trigger rule slug under rs? -1 on memory errors. */
static int
triggers(struct cli *cli, const char *slug, const char *text, size_t len,
    int sbatch)
{
	static const char *const noenv[] = { NULL };
	struct jl_arena		 a;
	struct jl_model		 m;
	struct lint_in		 li;
	const struct jl_finding	*f;
	size_t			 i;
	int			 hit = 0;

	memset(&li, 0, sizeof(li));
	li.name = "example.sh";
	li.sbatch_mode = sbatch;
	if (sbatch)
		li.env = noenv;
	if (run_build(cli, cli->rs, &li, text, len, &a, &m, 0) != 0) {
		jl_arena_free(&a);
		return -1;
	}
	for (i = 0; i < m.findings.v.n; i++) {
		f = m.findings.v.items[i];
		if (strcmp(f->rule, slug) == 0)
			hit = 1;
	}
	jl_arena_free(&a);
	return hit;
}

/* jl_policy_expired()'s lines as warnings (the admin's policy check). */
static void
say_expired(const char *line, void *arg)
{
	const char	*colon;

	(void)arg;
	/* "FILE:LINE:COL: the exemption ...": warning after the place */
	colon = strstr(line, ": the exemption ");
	fprintf(stderr, "%.*s: warning%s\n", colon != NULL ?
	    (int)(colon - line) : 0, line, colon != NULL ? colon : line);
}

static int
cmd_policy(struct cli *cli, int argc, char **argv)
{
	const struct jl_rule	*r;
	size_t			 i, nsite = 0, nexp;
	int			 bad = 0;

	if (argc == 1 && strcmp(argv[0], "schema") == 0) {
		struct jl_buf	b;

		(void)cli;
		jl_buf_init(&b);
		jl_policy_schema(&b);
		if (b.failed) {
			jl_buf_free(&b);
			fprintf(stderr, "jlint: out of memory\n");
			return 2;
		}
		run_put(&b);
		return 0;
	}
	if (argc == 1 && strcmp(argv[0], "fields") == 0) {
		struct jl_buf	 b;
		const char	*obj, *name, *type, *doc;

		/* The field table, for docs/expressions.md. */
		jl_buf_init(&b);
		jl_buf_puts(&b, "[");
		for (i = 0; jl_field_at(i, &obj, &name, &type, &doc) == 0;
		    i++) {
			jl_buf_puts(&b, i > 0 ? ",\n{\"object\":" :
			    "\n{\"object\":");
			jl_buf_json_str(&b, obj);
			jl_buf_puts(&b, ",\"name\":");
			jl_buf_json_str(&b, name);
			jl_buf_puts(&b, ",\"type\":");
			jl_buf_json_str(&b, type);
			jl_buf_puts(&b, ",\"doc\":");
			jl_buf_json_str(&b, doc);
			jl_buf_putc(&b, '}');
		}
		jl_buf_puts(&b, "\n]\n");
		run_put(&b);
		return 0;
	}
	if (argc != 2 || strcmp(argv[0], "check") != 0)
		return cmd_usage(&cmd_policy_entry);
	if (run_load_rules(cli, strdup(argv[1])) != 0)
		return 2;
	/* Each site rule's own examples: bad triggers it, good does not. */
	for (i = 0; i < cli->rs->nrules; i++) {
		r = cli->rs->rules[i];
		if (!r->site)
			continue;
		nsite++;
		if (r->bad != NULL && triggers(cli, r->slug, r->bad, r->badlen,
		    r->ex_sbatch) == 0) {
			fprintf(stderr, "%s:%u:1: site rule %s: its bad "
			    "example does not trigger it\n", r->origin,
			    r->line, r->slug);
			bad = 1;
		}
		if (r->good != NULL && triggers(cli, r->slug, r->good,
		    r->goodlen, r->ex_sbatch) != 0) {
			fprintf(stderr, "%s:%u:1: site rule %s: its good "
			    "example triggers it\n", r->origin, r->line,
			    r->slug);
			bad = 1;
		}
	}
	if (bad)
		return 2;
	nexp = jl_policy_expired(cli->set, (long long)time(NULL), say_expired,
	    NULL);
	printf("%s: ok (%zu site rule%s, %zu rule setting%s, %zu "
	    "partition%s", argv[1], nsite, nsite == 1 ? "" : "s",
	    cli->rs->policy->nsettings, cli->rs->policy->nsettings == 1 ? "" :
	    "s", cli->rs->policy->npartitions,
	    cli->rs->policy->npartitions == 1 ? "" : "s");
	if (nexp > 0)
		printf(", %zu expired exemption%s", nexp, nexp == 1 ? "" : "s");
	printf(")\n");
	return 0;
}

static int
cmd_show_policy(struct cli *cli, int argc, char **argv)
{
	struct jl_buf	 b;
	char		*path;

	if (argc > 1)
		return cmd_usage(&cmd_show_policy_entry);
	path = run_find_policy(cli, argc == 1 ? argv[0] : "./.", NULL);
	if (run_load_rules(cli, path) != 0)
		return 2;
	jl_buf_init(&b);
	jl_buf_printf(&b, "# policy for %s: %s\n", argc == 1 ? argv[0] :
	    "this directory", cli->policy_arg != NULL ? "--policy" :
	    cli->isolated ? "--isolated" : cli->rs_key == NULL ?
	    "embedded default (no policy file found)" :
	    getenv("JLINT_POLICY") != NULL && *getenv("JLINT_POLICY") ?
	    "$JLINT_POLICY" : strcmp(cli->rs_key, JL_SYSTEM_POLICY) == 0 ?
	    "the system policy" : "found .jlint.yaml");
	if (cli->cluster)
		jl_merge_notes_text(&cli->live_notes, &b);
	jl_policy_yaml(cli->rs->policy, cli->set->layers, cli->set->nlayers,
	    &b);
	run_put(&b);
	return 0;
}

const struct cmd_entry cmd_policy_entry = {
	.name = "policy",
	.usage = "policy check FILE | policy schema | policy fields",
	.flags = 0,
	.exec = cmd_policy
};

/* --show-policy is an option: jlint.c runs this entry when it is given. */
const struct cmd_entry cmd_show_policy_entry = {
	.name = NULL,
	.usage = "--show-policy [FILE]",
	.flags = 0,
	.exec = cmd_show_policy
};
