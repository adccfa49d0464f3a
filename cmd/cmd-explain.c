/*
 * cmd-explain.c: jlint explain SLUG|CODE, one rule's documentation and
 * what the policy that applies here does with it.
 */
#include <stdio.h>
#include <string.h>

#include "jlint.h"
#include "yaml.h"

static const char *
mode_word(enum jl_mode m)
{
	return jl_mode_name(m) != NULL ? jl_mode_name(m) : "-";
}
/* A line of text for a terminal: sanitised, at most max bytes. */
static void
put_clean(const char *s, size_t n)
{
	struct jl_buf	b;

	jl_buf_init(&b);
	jl_buf_sanitize(&b, s, n);
	run_out(&b);
	jl_buf_free(&b);
}
/* Text of several lines: each line sanitised, the newlines kept. */
static void
put_clean_lines(const char *s, size_t n)
{
	const char	*e = s + n, *q;

	while (s < e) {
		q = memchr(s, '\n', (size_t)(e - s));
		put_clean(s, q != NULL ? (size_t)(q - s) : (size_t)(e - s));
		if (q == NULL)
			break;
		fputc('\n', stdout);
		s = q + 1;
	}
}
/* Print an example script indented, sanitised line by line. */
static void
put_example(const char *s, size_t n)
{
	const char	*e = s + n, *q;

	while (s < e) {
		q = memchr(s, '\n', (size_t)(e - s));
		if (q == NULL)
			q = e;
		fputs("    ", stdout);
		fflush(stdout);
		put_clean(s, (size_t)(q - s));
		fputc('\n', stdout);
		s = q + 1;
	}
}
static int
cmd_explain(struct cli *cli, int argc, char **argv)
{
	const struct jl_rule	*r;
	enum jl_sev		 sev;
	enum jl_mode		 mode;
	const char		*cands[256], *sug;
	size_t			 i, n = 0;
	int			 on;

	if (argc != 1) {
		fprintf(stderr, "usage: jlint explain SLUG|CODE\n");
		return 2;
	}
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
	on = jl_rule_enabled(cli->rs, r, &sev, &mode);
	fflush(stdout);
	printf("%s (%s): %s\n", r->slug, r->code, r->summary);
	printf("severity: %s", jl_sev_name(r->severity));
	if (!on)
		printf("; off under %s", cli->rs->policy->path);
	else if (sev != r->severity || mode != JL_MODE_DEFAULT)
		printf("; %s%s%s under %s", jl_sev_name(sev),
		    mode != JL_MODE_DEFAULT ? ", mode " : "",
		    mode != JL_MODE_DEFAULT ? mode_word(mode) : "",
		    cli->rs->policy->path);
	printf("\ndefined in: %s:%u\n\n", r->origin, r->line);
	fflush(stdout);
	put_clean_lines(r->doc, strlen(r->doc));
	if (r->doc[0] != '\0' && r->doc[strlen(r->doc) - 1] != '\n')
		putchar('\n');
	if (r->fix != NULL) {
		printf("\nfix: ");
		fflush(stdout);
		put_clean(r->fix, strlen(r->fix));
		putchar('\n');
	}
	if (r->bad != NULL) {
		printf("\nbad:\n");
		put_example(r->bad, r->badlen);
	}
	if (r->good != NULL) {
		printf("\ngood:\n");
		put_example(r->good, r->goodlen);
	}
	return 0;
}

const struct cmd_entry cmd_explain_entry = {
	.name = "explain",
	.usage = "explain SLUG|CODE",
	.flags = 0,
	.exec = cmd_explain
};
