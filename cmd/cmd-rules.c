/*
 * cmd-rules.c: jlint rules [--format text|json|markdown|slugs], the rule
 * catalog under the policy that applies here.
 */
#include <stdio.h>
#include <string.h>

#include "jlint.h"

static const char *
mode_word(enum jl_mode m)
{
	return jl_mode_name(m) != NULL ? jl_mode_name(m) : "-";
}
/* Is line l (n bytes) among the lines of text t? */
static int
has_line(const char *t, size_t tlen, const char *l, size_t n)
{
	const char	*p = t, *e = t + tlen, *q;

	while (p < e) {
		q = memchr(p, '\n', (size_t)(e - p));
		if (q == NULL)
			q = e;
		if ((size_t)(q - p) == n && memcmp(p, l, n) == 0)
			return 1;
		p = q + 1;
	}
	return 0;
}
/* First line of a (not the #! line) that b lacks, into *l, *n. */
static int
first_diff_line(const char *a, size_t alen, const char *b, size_t blen,
    const char **l, size_t *n)
{
	const char	*p = a, *e = a + alen, *q;

	while (p != NULL && p < e) {
		q = memchr(p, '\n', (size_t)(e - p));
		if (q == NULL)
			q = e;
		if (q > p && !(p[0] == '#' && p[1] == '!') &&
		    !has_line(b, blen, p, (size_t)(q - p))) {
			*l = p;
			*n = (size_t)(q - p);
			return 1;
		}
		p = q + 1;
	}
	return 0;
}
/* A markdown code span of s[0..n): `...` with | escaped. */
static void
md_code(struct jl_buf *b, const char *s, size_t n)
{
	struct jl_buf	t;
	size_t		i;

	jl_buf_init(&t);
	jl_buf_sanitize(&t, s, n);
	jl_buf_putc(b, '`');
	for (i = 0; t.data != NULL && i < t.len; i++) {
		if (t.data[i] == '|')
			jl_buf_puts(b, "\\|");
		else if (t.data[i] == '`')
			jl_buf_putc(b, '\'');
		else
			jl_buf_putc(b, t.data[i]);
	}
	jl_buf_putc(b, '`');
	jl_buf_free(&t);
}
static void
md_text(struct jl_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '|')
			jl_buf_puts(b, "\\|");
		else if (*s == '\n')
			jl_buf_putc(b, ' ');
		else
			jl_buf_putc(b, *s);
	}
}
static int
cmd_rules(struct cli *cli, int argc, char **argv)
{
	const struct jl_rule	*r;
	struct jl_buf		 b;
	const char		*fmt = "text", *l;
	enum jl_sev		 sev;
	enum jl_mode		 mode;
	size_t			 i, n;
	int			 on, k;

	for (k = 0; k < argc; k++) {
		if ((strcmp(argv[k], "--format") == 0 ||
		    strcmp(argv[k], "-f") == 0) && k + 1 < argc)
			fmt = argv[++k];
		else if (strncmp(argv[k], "--format=", 9) == 0)
			fmt = argv[k] + 9;
		else {
			fprintf(stderr, "usage: jlint rules [--format "
			    "text|json|markdown|slugs]\n");
			return 2;
		}
	}
	if (cli->fmt_given && cli->fmt == JL_FMT_JSON)
		fmt = "json";
	if (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0 &&
	    strcmp(fmt, "markdown") != 0 && strcmp(fmt, "slugs") != 0) {
		fprintf(stderr, "jlint: rules: unknown format \"%s\" (text, "
		    "json, markdown, slugs)\n", fmt);
		return 2;
	}
	if (run_load_rules(cli, run_find_policy(cli, "./.", NULL)) != 0)
		return 2;
	jl_buf_init(&b);
	if (strcmp(fmt, "json") == 0)
		jl_buf_printf(&b, "{\"version\":%d,\"policy\":",
		    JL_JSON_VERSION), jl_buf_json_str(&b,
		    cli->rs->policy != NULL ? cli->rs->policy->path : NULL),
		    jl_buf_puts(&b, ",\"rules\":[");
	else if (strcmp(fmt, "markdown") == 0)
		jl_buf_puts(&b, "| Code | Rule | Severity | Example | What "
		    "it catches |\n|---|---|---|---|---|\n");
	for (i = 0; i < cli->rs->nrules; i++) {
		r = cli->rs->rules[i];
		on = jl_rule_enabled(cli->rs, r, &sev, &mode);
		if (strcmp(fmt, "slugs") == 0) {
			jl_buf_printf(&b, "%s\n", r->slug);
		} else if (strcmp(fmt, "json") == 0) {
			if (i > 0)
				jl_buf_putc(&b, ',');
			jl_buf_puts(&b, "{\"code\":");
			jl_buf_json_str(&b, r->code);
			jl_buf_puts(&b, ",\"slug\":");
			jl_buf_json_str(&b, r->slug);
			jl_buf_printf(&b, ",\"severity\":\"%s\",\"enabled\":"
			    "%s,\"mode\":", jl_sev_name(sev), on ? "true" :
			    "false");
			jl_buf_json_str(&b, mode == JL_MODE_DEFAULT ? NULL :
			    mode_word(mode));
			jl_buf_puts(&b, ",\"summary\":");
			jl_buf_json_str(&b, r->summary);
			jl_buf_puts(&b, ",\"doc\":");
			jl_buf_json_str(&b, r->doc);
			jl_buf_puts(&b, ",\"fix\":");
			jl_buf_json_str(&b, r->fix);
			jl_buf_printf(&b, ",\"site\":%s,\"origin\":",
			    r->site ? "true" : "false");
			jl_buf_json_str(&b, r->origin);
			jl_buf_putc(&b, '}');
		} else if (strcmp(fmt, "markdown") == 0) {
			jl_buf_printf(&b, "| %s | `%s` | %s | ", r->code,
			    r->slug, jl_sev_name(r->severity));
			if (r->bad != NULL && r->good != NULL &&
			    first_diff_line(r->bad, r->badlen, r->good,
			    r->goodlen, &l, &n))
				md_code(&b, l, n);
			else if (r->bad != NULL && r->good != NULL &&
			    first_diff_line(r->good, r->goodlen, r->bad,
			    r->badlen, &l, &n)) {
				jl_buf_puts(&b, "no ");
				md_code(&b, l, n);
			} else
				jl_buf_puts(&b, "-");
			jl_buf_puts(&b, " | ");
			md_text(&b, r->summary);
			jl_buf_puts(&b, " |\n");
		} else {
			jl_buf_printf(&b, "%-9s %-30s %-8s %-8s ", r->code,
			    r->slug, on ? jl_sev_name(sev) : "off",
			    mode_word(mode));
			jl_buf_sanitize(&b, r->summary, strlen(r->summary));
			jl_buf_putc(&b, '\n');
		}
	}
	if (strcmp(fmt, "json") == 0)
		jl_buf_puts(&b, "]}\n");
	run_out(&b);
	jl_buf_free(&b);
	return 0;
}

const struct cmd_entry cmd_rules_entry = {
	.name = "rules",
	.usage = "rules [--format text|json|markdown|slugs]",
	.flags = CMD_NOPERMUTE,
	.exec = cmd_rules
};
