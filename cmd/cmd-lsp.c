/*
 * cmd-lsp.c: jlint lsp, a language server (LSP 3.17) over standard input
 * and output, for editors.  It is the CLI's linting behind another front
 * end: the same policy discovery for the document's path
 * (run_find_policy()), the same model and rules (run_build_lint()), the
 * same fixes (lint_fix(), the --fix rounds), the option table for hover
 * and completion.
 *
 *   textDocument/didOpen, didChange (full text), didClose
 *                      diagnostics, published DEBOUNCE_MS after the last
 *                      change: rule code, severity, the site's mode, the
 *                      fix, related information at the other lines a
 *                      message names (the command that ended the #SBATCH
 *                      block, the line a value was taken from)
 *   textDocument/hover an #SBATCH option: its doc line, the value read
 *                      back, where the effective value comes from; a rule
 *                      slug or code: its summary and fix
 *   textDocument/completion
 *                      option names after #SBATCH (long and short; an
 *                      abbreviation sbatch accepts is named), partitions
 *                      and GPU types the policy (or --cluster) knows
 *   textDocument/codeAction
 *                      the safe fixes (exactly what --fix would apply) and
 *                      "disable this rule here" (a suppression comment
 *                      with a reason to fill in; not for rules the site
 *                      enforces, which cannot be suppressed)
 *
 * Nothing the client sends ends the server but exit (or the end of its
 * input): a message that is not JSON gets a parse error, a broken policy
 * becomes a diagnostic at the top of the document and is read again on
 * the next change.  Positions are UTF-16 code units, the protocol's
 * default.
 */
#include <sys/stat.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cmd-lsp.h"
#include "jlint.h"

#define DEBOUNCE_MS	200
#define MAX_MSG		(64u * 1024 * 1024)	/* bytes of one message */
#define MAX_HEADER	8192

/* An open document. */
struct doc {
	char		*uri;
	char		*path;		/* file: URIs; NULL for others */
	char		*text;
	size_t		 len;
	long long	 version;
	int		 dirty;		/* diagnostics not yet published */
	long long	 due;		/* ms: when to publish them */
};

struct lsp {
	struct cli	 *cli;
	struct doc	**docs;
	size_t		  ndocs, cap;
	int		  shutdown;	/* shutdown was asked */
	int		  exit;		/* exit was sent */
	long		  debounce;
	struct jl_buf	  in;		/* bytes read, not yet handled */
	char		 *stamp;	/* the loaded policy files' mtimes */
};

/* The model of one document, and what it was built under. */
struct view {
	struct jl_arena	 a;		/* the model's (run_build()) */
	struct jl_arena	 la;		/* the view's own */
	struct jl_model	 m;
	int		 built;
	char		*policy_err;	/* the policy cannot be loaded */
	size_t		*lines;		/* line starts of the text */
	size_t		 nlines;
};

static long long
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* --- sending -------------------------------------------------------------- */

static void
send_msg(struct jl_buf *body)
{
	char	hdr[64];
	int	n;

	if (body->failed) {
		fprintf(stderr, "jlint lsp: out of memory writing a reply\n");
		return;
	}
	n = snprintf(hdr, sizeof(hdr), "Content-Length: %zu\r\n\r\n",
	    body->len);
	fwrite(hdr, 1, (size_t)n, stdout);
	fwrite(body->data, 1, body->len, stdout);
	fflush(stdout);
}

/* {"jsonrpc":"2.0","id":ID,"result": ... the caller appends and closes. */
static void
reply_open(struct jl_buf *b, const struct lsp_json *id)
{
	jl_buf_puts(b, "{\"jsonrpc\":\"2.0\",\"id\":");
	lsp_json_write(b, id);
	jl_buf_puts(b, ",\"result\":");
}

static void
reply_close(struct jl_buf *b)
{
	jl_buf_putc(b, '}');
	send_msg(b);
	jl_buf_free(b);
}

static void
reply_error(const struct lsp_json *id, int code, const char *msg)
{
	struct jl_buf	b;

	jl_buf_init(&b);
	jl_buf_puts(&b, "{\"jsonrpc\":\"2.0\",\"id\":");
	lsp_json_write(&b, id);
	jl_buf_printf(&b, ",\"error\":{\"code\":%d,\"message\":", code);
	jl_buf_json_str(&b, msg);
	jl_buf_puts(&b, "}}");
	send_msg(&b);
	jl_buf_free(&b);
}

/* --- positions ------------------------------------------------------------ */

static int
view_lines(struct view *v, const struct doc *d)
{
	size_t	i, n = 1;

	for (i = 0; i < d->len; i++)
		n += d->text[i] == '\n';
	if ((v->lines = jl_arena_alloc(&v->la, n * sizeof(size_t))) == NULL)
		return -1;
	v->lines[0] = 0;
	for (i = 0, n = 1; i < d->len; i++)
		if (d->text[i] == '\n')
			v->lines[n++] = i + 1;
	v->nlines = n;
	return 0;
}

/* UTF-16 code units of text[from, to). */
static unsigned
utf16_units(const char *text, size_t from, size_t to)
{
	unsigned	n = 0;
	unsigned char	c;

	for (; from < to; from++) {
		c = (unsigned char)text[from];
		if ((c & 0xc0) == 0x80)
			continue;		/* continuation byte */
		n += c >= 0xf0 ? 2 : 1;
	}
	return n;
}

/* Byte offset -> 0-based line and UTF-16 character. */
static void
pos_of(const struct view *v, const struct doc *d, size_t off,
    unsigned *line, unsigned *ch)
{
	size_t	lo = 0, hi = v->nlines, mid;

	if (off > d->len)
		off = d->len;
	while (hi - lo > 1) {
		mid = (lo + hi) / 2;
		if (v->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = (unsigned)lo;
	*ch = utf16_units(d->text, v->lines[lo], off);
}

/* 0-based line and UTF-16 character -> byte offset (clamped). */
static size_t
off_of(const struct view *v, const struct doc *d, long long line,
    long long ch)
{
	size_t		off, end;
	long long	n = 0;
	unsigned char	c;

	if (line < 0)
		return 0;
	if ((size_t)line >= v->nlines)
		return d->len;
	off = v->lines[line];
	end = (size_t)line + 1 < v->nlines ? v->lines[line + 1] - 1 : d->len;
	while (off < end && n < ch) {
		c = (unsigned char)d->text[off];
		n += c >= 0xf0 ? 2 : 1;
		off++;
		while (off < end && ((unsigned char)d->text[off] & 0xc0) ==
		    0x80)
			off++;
	}
	return off;
}

static void
put_pos(struct jl_buf *b, const struct view *v, const struct doc *d,
    size_t off)
{
	unsigned	l, c;

	pos_of(v, d, off, &l, &c);
	jl_buf_printf(b, "{\"line\":%u,\"character\":%u}", l, c);
}

static void
put_range(struct jl_buf *b, const struct view *v, const struct doc *d,
    size_t from, size_t to)
{
	jl_buf_puts(b, "{\"start\":");
	put_pos(b, v, d, from);
	jl_buf_puts(b, ",\"end\":");
	put_pos(b, v, d, to);
	jl_buf_putc(b, '}');
}

/* --- documents ------------------------------------------------------------ */

static int
hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	    c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The path of a file: URI (percent-decoded), malloc'd; NULL otherwise. */
static char *
uri_path(const char *uri)
{
	const char	*p;
	char		*out, *w;

	if (strncmp(uri, "file://", 7) != 0)
		return NULL;
	p = uri + 7;
	if (strncmp(p, "localhost/", 10) == 0)
		p += 9;
	if (*p != '/' || (out = malloc(strlen(p) + 1)) == NULL)
		return NULL;
	for (w = out; *p != '\0'; p++) {
		if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			*w++ = (char)(hexval(p[1]) * 16 + hexval(p[2]));
			p += 2;
		} else
			*w++ = *p;
	}
	*w = '\0';
	if (memchr(out, '\0', (size_t)(w - out)) != NULL) {
		free(out);
		return NULL;
	}
	return out;
}

static struct doc *
doc_find(struct lsp *s, const char *uri)
{
	size_t	i;

	for (i = 0; uri != NULL && i < s->ndocs; i++)
		if (strcmp(s->docs[i]->uri, uri) == 0)
			return s->docs[i];
	return NULL;
}

static void
doc_free(struct doc *d)
{
	if (d == NULL)
		return;
	free(d->uri);
	free(d->path);
	free(d->text);
	free(d);
}

static int
doc_set_text(struct doc *d, const struct lsp_json *t)
{
	char	*p;

	if (t == NULL || t->type != LSP_J_STR)
		return -1;
	if ((p = malloc(t->len + 1)) == NULL)
		return -1;
	memcpy(p, t->str, t->len);
	p[t->len] = '\0';
	free(d->text);
	d->text = p;
	d->len = t->len;
	return 0;
}

/* --- the policy and the model --------------------------------------------- */

/* The loaded policy files with their modification times, malloc'd. */
static char *
policy_stamp(const struct cli *cli)
{
	struct jl_buf	 b;
	struct stat	 st;
	size_t		 i;
	const char	*p;

	jl_buf_init(&b);
	jl_buf_puts(&b, cli->rs_key != NULL ? cli->rs_key : "(embedded)");
	for (i = 0; cli->set != NULL && i < cli->set->nlayers; i++) {
		p = cli->set->layers[i]->path;
		if (p == NULL || stat(p, &st) != 0)
			continue;
		jl_buf_printf(&b, "\n%s %lld.%09ld %lld", p,
		    (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
		    (long long)st.st_size);
	}
	if (b.failed) {
		jl_buf_free(&b);
		return NULL;
	}
	return b.data != NULL ? b.data : strdup("");
}

/*
 * The rule set for a document: the policy the CLI would use for its
 * path, loaded again when one of its files changed.  0, or -1 with
 * v->policy_err set.
 */
static int
load_policy(struct lsp *s, const struct doc *d, struct view *v)
{
	struct cli	*cli = s->cli;
	struct stat	 sb;
	const char	*where;
	char		*path, *st, *err = NULL, *dir = NULL, *slash;

	if (cli->rs_loaded && cli->set != NULL) {
		st = policy_stamp(cli);
		if (st == NULL || s->stamp == NULL || strcmp(st, s->stamp) != 0)
			run_drop_rules(cli);
		free(st);
	}
	/* A new file not saved yet: discovery from its directory. */
	where = d->path;
	if (where != NULL && stat(where, &sb) != 0 && (dir = strdup(where)) !=
	    NULL && (slash = strrchr(dir, '/')) != NULL) {
		slash[slash == dir] = '\0';
		where = dir;
	}
	path = run_find_policy(cli, where, NULL);
	free(dir);
	if (run_load_rules_err(cli, path, &err) != 0) {
		v->policy_err = err != NULL ? err : strdup("jlint: cannot "
		    "load the policy (out of memory)\n");
		/* Read it again next time: it may be fixed by then. */
		run_drop_rules(cli);
		return -1;
	}
	free(s->stamp);
	s->stamp = policy_stamp(cli);
	return 0;
}

/* Build the view of a document.  0, or -1 when memory ran out. */
static int
view_build(struct lsp *s, const struct doc *d, struct view *v)
{
	struct lint_in	li;

	memset(v, 0, sizeof(*v));
	jl_arena_init(&v->la);
	jl_arena_init(&v->a);
	if (view_lines(v, d) != 0)
		return -1;
	if (load_policy(s, d, v) != 0)
		return 0;
	memset(&li, 0, sizeof(li));
	li.name = d->path != NULL ? d->path : d->uri;
	if (run_build_lint(s->cli, &li, d->text, d->len, &v->a, &v->m, 0) !=
	    0)
		return -1;
	v->built = 1;
	return 0;
}

static void
view_free(struct view *v)
{
	jl_arena_free(&v->a);
	jl_arena_free(&v->la);
	free(v->policy_err);
	v->policy_err = NULL;
}

/* The rule of a finding in the loaded set, or NULL. */
static const struct jl_rule *
finding_rule(const struct lsp *s, const struct jl_finding *f)
{
	return s->cli->rs != NULL ? jl_ruleset_find(s->cli->rs, f->rule) :
	    NULL;
}

/* Byte span of a finding in the document (outside it: the first line). */
static void
finding_span(const struct view *v, const struct doc *d,
    const struct jl_finding *f, size_t *from, size_t *to)
{
	if (f->src == NULL) {
		*from = 0;
		*to = v->nlines > 1 ? v->lines[1] - 1 : d->len;
		return;
	}
	*from = f->loc.off <= d->len ? f->loc.off : d->len;
	*to = f->loc.off + f->loc.len <= d->len ? f->loc.off + f->loc.len :
	    d->len;
}

static int
is_enforced(const struct jl_finding *f)
{
	return jl_finding_enforced(f);
}

/* --- diagnostics ---------------------------------------------------------- */

static void
put_diagnostic(struct jl_buf *b, const struct lsp *s, const struct view *v,
    const struct doc *d, const struct jl_finding *f)
{
	const struct jl_rule	*r = finding_rule(s, f);
	const struct jl_script	*sc = &v->m.script;
	size_t			 from, to;

	finding_span(v, d, f, &from, &to);
	jl_buf_puts(b, "{\"range\":");
	put_range(b, v, d, from, to);
	/* Exempted findings are shown, not counted: a hint. */
	jl_buf_printf(b, ",\"severity\":%d,\"source\":\"jlint\",\"code\":",
	    f->exempted ? 4 : f->sev == JL_SEV_ERROR ? 1 :
	    f->sev == JL_SEV_WARNING ? 2 : 3);
	jl_buf_json_str(b, r != NULL ? r->code : f->rule);
	jl_buf_puts(b, ",\"message\":");
	{
		struct jl_buf	m;

		jl_buf_init(&m);
		jl_buf_puts(&m, f->message);
		if (f->src == NULL && f->where != NULL)
			jl_buf_printf(&m, " (%s)", f->where);
		jl_finding_note(&m, f);
		jl_buf_printf(&m, " [%s]", f->rule);
		if (f->fix != NULL)
			jl_buf_printf(&m, "\nfix: %s", f->fix);
		jl_buf_json(b, m.data != NULL ? m.data : "", m.len);
		b->failed |= m.failed;
		jl_buf_free(&m);
	}
	jl_buf_puts(b, ",\"data\":{\"rule\":");
	jl_buf_json_str(b, f->rule);
	jl_buf_puts(b, ",\"mode\":");
	jl_buf_json_str(b, f->mode);
	jl_buf_puts(b, "}");
	/* The other places a message names ("... on line 4", "from line
	 * 3"): the command that ended the #SBATCH block, the step, the
	 * line a value came from. */
	if (f->src != NULL) {
		unsigned	 fl, fc, seen[4];
		size_t		 nseen = 0, k;
		const char	*p = f->message, *q;
		unsigned long	 n;

		pos_of(v, d, from, &fl, &fc);
		while ((q = strstr(p, "line ")) != NULL && nseen < 4) {
			p = q + 5;
			if (*p < '1' || *p > '9' || (q > f->message &&
			    q[-1] != ' ' && q[-1] != '('))
				continue;
			n = strtoul(p, NULL, 10);
			if (n == 0 || n > v->nlines || n - 1 == fl)
				continue;
			for (k = 0; k < nseen && seen[k] != n; k++)
				;
			if (k < nseen)
				continue;
			seen[nseen++] = (unsigned)n;
			jl_buf_puts(b, nseen == 1 ? ",\"relatedInformation\":[" :
			    ",");
			jl_buf_puts(b, "{\"location\":{\"uri\":");
			jl_buf_json_str(b, d->uri);
			jl_buf_puts(b, ",\"range\":");
			put_range(b, v, d, v->lines[n - 1], n < v->nlines ?
			    v->lines[n] - 1 : d->len);
			if (strcmp(f->rule, "late-directive") == 0 &&
			    sc->has_command && sc->first_command_line == n)
				jl_buf_printf(b, "},\"message\":\"the first "
				    "command (line %lu) ends the #SBATCH block; "
				    "sbatch reads no directive after it\"}", n);
			else
				jl_buf_printf(b, "},\"message\":\"line %lu, "
				    "which the finding names\"}", n);
		}
		if (nseen > 0)
			jl_buf_putc(b, ']');
	}
	jl_buf_putc(b, '}');
}

/* A policy that cannot be loaded: one error at the top, with its lines. */
static void
put_policy_error(struct jl_buf *b, const struct view *v, const struct doc *d,
    const char *err)
{
	struct jl_buf	m;
	size_t		n = strlen(err);

	while (n > 0 && err[n - 1] == '\n')
		n--;
	jl_buf_init(&m);
	jl_buf_puts(&m, "the site policy cannot be loaded, so this script "
	    "was not checked against it; fix the policy (jlint policy check "
	    "FILE):\n");
	jl_buf_add(&m, err, n);
	jl_buf_puts(b, "{\"range\":");
	put_range(b, v, d, 0, v->nlines > 1 ? v->lines[1] - 1 : d->len);
	jl_buf_puts(b, ",\"severity\":1,\"source\":\"jlint\",\"code\":"
	    "\"policy\",\"message\":");
	jl_buf_json(b, m.data != NULL ? m.data : "", m.len);
	jl_buf_putc(b, '}');
	jl_buf_free(&m);
}

static void
publish(struct lsp *s, struct doc *d)
{
	struct view	 v;
	struct jl_buf	 b;
	size_t		 i;
	int		 first = 1;

	d->dirty = 0;
	jl_buf_init(&b);
	jl_buf_puts(&b, "{\"jsonrpc\":\"2.0\",\"method\":"
	    "\"textDocument/publishDiagnostics\",\"params\":{\"uri\":");
	jl_buf_json_str(&b, d->uri);
	jl_buf_printf(&b, ",\"version\":%lld,\"diagnostics\":[", d->version);
	if (view_build(s, d, &v) != 0)
		fprintf(stderr, "jlint lsp: %s: out of memory\n", d->uri);
	else if (v.policy_err != NULL)
		put_policy_error(&b, &v, d, v.policy_err);
	else {
		for (i = 0; i < v.m.findings.v.n; i++) {
			if (!first)
				jl_buf_putc(&b, ',');
			first = 0;
			put_diagnostic(&b, s, &v, d, v.m.findings.v.items[i]);
		}
	}
	jl_buf_puts(&b, "]}}");
	view_free(&v);
	send_msg(&b);
	jl_buf_free(&b);
}

/*
 * A request about a document: the reply opened in b and the document's
 * view built, or NULL after replying null (no such document, no memory,
 * or with need_model a policy that does not load).
 */
static struct doc *
request_view(struct lsp *s, const struct lsp_json *id,
    const struct lsp_json *p, struct jl_buf *b, struct view *v,
    int need_model)
{
	struct doc	*d;

	jl_buf_init(b);
	reply_open(b, id);
	d = doc_find(s, lsp_json_str(p, "textDocument.uri"));
	if (d != NULL && view_build(s, d, v) == 0 && (v->built ||
	    !need_model))
		return d;
	if (d != NULL)
		view_free(v);
	jl_buf_puts(b, "null");
	reply_close(b);
	return NULL;
}

/* --- hover ---------------------------------------------------------------- */

/* The value of an option read back the way Slurm reads it. */
static void
read_back(struct jl_buf *b, const struct jl_optval *ov)
{
	struct jl_time	 t;
	const char	*err = NULL;
	uint64_t	 mb;
	int64_t		 n, lo, hi;
	long long	 mins;

	if (ov->value == NULL)
		return;
	jl_buf_printf(b, "\n\n`%s%s%s`", ov->written, ov->written[1] == '-' ?
	    "=" : " ", ov->value);
	switch (ov->opt->kind) {
	case JL_V_TIME:
		if (jl_val_time(ov->value, &t, &err) != 0)
			break;
		if (t.minutes == JL_TIME_INFINITE) {
			jl_buf_puts(b, " is no time limit (the partition's "
			    "MaxTime applies)");
			return;
		}
		mins = t.minutes;
		jl_buf_printf(b, " is %lld minute%s (%lld-%02lld:%02lld:00)",
		    mins, mins == 1 ? "" : "s", mins / 1440, mins / 60 % 24,
		    mins % 60);
		if (t.seconds % 60 != 0)
			jl_buf_printf(b, "; Slurm rounds %lld seconds up to "
			    "whole minutes", (long long)t.seconds);
		if (t.form == JL_TF_MS)
			jl_buf_puts(b, "; MM:SS, not HH:MM");
		return;
	case JL_V_MEM:
		if (jl_val_mem(ov->value, &mb, &err) != 0)
			break;
		if (mb == 0 && ov->opt->id == JL_O_MEM) {
			jl_buf_puts(b, " asks for all the memory of each node");
			return;
		}
		jl_buf_printf(b, " is %llu MiB", (unsigned long long)mb);
		if (mb >= 1024)
			jl_buf_printf(b, " (%.4g GiB)", (double)mb / 1024);
		jl_buf_puts(b, ov->opt->id == JL_O_MEM ? " per node" :
		    ov->opt->id == JL_O_MEM_PER_CPU ? " per CPU" :
		    ov->opt->id == JL_O_MEM_PER_GPU ? " per GPU" : "");
		return;
	case JL_V_NODES:
		if (jl_val_nodes(ov->value, &lo, &hi, &err) != 0)
			break;
		if (hi > lo)
			jl_buf_printf(b, " is %lld to %lld nodes",
			    (long long)lo, (long long)hi);
		else
			jl_buf_printf(b, " is %lld node%s", (long long)lo,
			    lo == 1 ? "" : "s");
		return;
	case JL_V_INT:
	case JL_V_POSINT:
		if (jl_val_int(ov->value, ov->opt->kind == JL_V_POSINT, &n,
		    &err) != 0)
			break;
		jl_buf_printf(b, " is %lld", (long long)n);
		return;
	default:
		return;
	}
	if (err != NULL)
		jl_buf_printf(b, ": sbatch rejects it (%s)", err);
}

static const struct jl_job *
job_of(const struct jl_model *m, int component)
{
	if (component >= 0 && (size_t)component < m->jobs.n)
		return m->jobs.items[component];
	return jl_model_job(m);
}

static void
hover_option(struct jl_buf *b, const struct view *v, const struct doc *d,
    const struct jl_optval *ov)
{
	const struct jl_opt	*o = ov->opt;
	const struct jl_job	*job = job_of(&v->m, ov->component);
	const struct jl_value	*eff = job != NULL ? job->v[o->id] : NULL;
	unsigned		 line, ch;

	jl_buf_printf(b, "**--%s**", o->name);
	if (o->shortopt != 0)
		jl_buf_printf(b, " (-%c)", o->shortopt);
	if (o->doc != NULL)
		jl_buf_printf(b, ": %s", o->doc);
	if (strncmp(ov->written, "--", 2) == 0 && strlen(ov->written + 2) <
	    strlen(o->name))
		jl_buf_printf(b, "\n\nsbatch reads `%s` as `--%s` (a unique "
		    "prefix)", ov->written, o->name);
	read_back(b, ov);
	/* GPUs: what the job asks for in all, when this line is in effect. */
	if ((o->kind == JL_V_GRES || o->kind == JL_V_GPUS) && eff != NULL &&
	    eff->loc.off == ov->loc.off && job->gpu_requested) {
		jl_buf_puts(b, ": the job asks for");
		if (job->gpus_per_node > 0)
			jl_buf_printf(b, " %lld GPU%s per node", (long long)
			    job->gpus_per_node, job->gpus_per_node == 1 ? "" :
			    "s");
		else if (job->gpus_per_task > 0)
			jl_buf_printf(b, " %lld GPU%s per task", (long long)
			    job->gpus_per_task, job->gpus_per_task == 1 ? "" :
			    "s");
		else if (job->gpus_per_job > 0)
			jl_buf_printf(b, " %lld GPU%s in all", (long long)
			    job->gpus_per_job, job->gpus_per_job == 1 ? "" :
			    "s");
		else
			jl_buf_puts(b, " GPUs");
		if (job->gpu_type != NULL)
			jl_buf_printf(b, " of type %s", job->gpu_type);
		else
			jl_buf_puts(b, " of any type");
		if (job->gpus_total > 0)
			jl_buf_printf(b, " (%lld in all)", (long long)
			    job->gpus_total);
	}
	jl_buf_puts(b, "\n\n");
	if (ov->early)
		jl_buf_printf(b, "No effect here: sbatch reads --%s before the "
		    "script, so only the command line sets it.", o->name);
	else if (eff == NULL)
		jl_buf_puts(b, "Not in effect (see the diagnostics).");
	else if ((eff->origin == JL_ORIG_DIRECTIVE ||
	    eff->origin == JL_ORIG_PBS) && eff->loc.off == ov->loc.off)
		jl_buf_puts(b, "This line sets the effective value.");
	else if (eff->origin == JL_ORIG_DIRECTIVE ||
	    eff->origin == JL_ORIG_PBS) {
		pos_of(v, d, eff->loc.off, &line, &ch);
		jl_buf_printf(b, "Overridden: the effective value is `%s` from "
		    "line %u (the last one wins).", eff->text != NULL ?
		    eff->text : eff->written, line + 1);
	} else
		jl_buf_printf(b, "The effective value comes from the %s.",
		    jl_origin_name(eff->origin));
	if (o->env != NULL && !ov->early)
		jl_buf_printf(b, " Set in the environment, %s overrides it; "
		    "so does the sbatch command line.", o->env);
	if (job != NULL && job->component > 0)
		jl_buf_printf(b, " (het component %d)", job->component);
}

static void
hover_rule(struct jl_buf *b, const struct lsp *s, const struct jl_rule *r)
{
	enum jl_sev	sev;
	enum jl_mode	mode;
	int		on;

	on = jl_rule_enabled(s->cli->rs, r, &sev, &mode);
	jl_buf_printf(b, "**%s %s**: %s", r->code, r->slug, r->summary);
	if (r->doc != NULL)
		jl_buf_printf(b, "\n\n%s", r->doc);
	if (r->fix != NULL)
		jl_buf_printf(b, "\n\nFix: %s", r->fix);
	if (!on)
		jl_buf_puts(b, "\n\nThe site policy turns this rule off.");
	else
		jl_buf_printf(b, "\n\nUnder this policy: %s%s%s.",
		    jl_sev_name(sev), jl_mode_name(mode) != NULL ? ", mode " :
		    "", jl_mode_name(mode) != NULL ? jl_mode_name(mode) : "");
	jl_buf_printf(b, " `jlint explain %s` says more.", r->slug);
}

static int
word_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static void
on_hover(struct lsp *s, const struct lsp_json *id, const struct lsp_json *p)
{
	struct doc			*d;
	struct view			 v;
	struct jl_buf			 b, h;
	const struct jl_optval		*ov, *hit = NULL;
	const struct jl_rule		*r = NULL;
	size_t				 off, i, w0, w1;
	char				*word;

	if ((d = request_view(s, id, p, &b, &v, 1)) == NULL)
		return;
	off = off_of(&v, d, lsp_json_int(p, "position.line", -1),
	    lsp_json_int(p, "position.character", 0));
	for (i = 0; i < v.m.script.opts.n && hit == NULL; i++) {
		ov = v.m.script.opts.items[i];
		if ((off >= ov->loc.off && off <= ov->loc.off + ov->loc.len) ||
		    (ov->value != NULL && off >= ov->vloc.off &&
		    off <= ov->vloc.off + ov->vloc.len))
			hit = ov;
	}
	jl_buf_init(&h);
	if (hit != NULL)
		hover_option(&h, &v, d, hit);
	else {
		for (w0 = off; w0 > 0 && word_char(d->text[w0 - 1]); w0--)
			;
		for (w1 = off; w1 < d->len && word_char(d->text[w1]); w1++)
			;
		if (w1 > w0 && (word = jl_arena_strndup(&v.la, d->text + w0,
		    w1 - w0)) != NULL && (r = jl_ruleset_find(s->cli->rs,
		    word)) != NULL)
			hover_rule(&h, s, r);
	}
	if (h.len == 0)
		jl_buf_puts(&b, "null");
	else {
		jl_buf_puts(&b, "{\"contents\":{\"kind\":\"markdown\","
		    "\"value\":");
		jl_buf_json(&b, h.data, h.len);
		jl_buf_puts(&b, "}}");
	}
	jl_buf_free(&h);
	view_free(&v);
	reply_close(&b);
}

/* --- completion ----------------------------------------------------------- */

/* One item replacing text[from, to) with text. */
static void
put_item(struct jl_buf *b, int *first, const struct view *v,
    const struct doc *d, size_t from, size_t to, const char *label,
    const char *detail, int kind, int preselect, int deprecated)
{
	if (!*first)
		jl_buf_putc(b, ',');
	*first = 0;
	jl_buf_puts(b, "{\"label\":");
	jl_buf_json_str(b, label);
	jl_buf_printf(b, ",\"kind\":%d", kind);
	if (detail != NULL) {
		jl_buf_puts(b, ",\"detail\":");
		jl_buf_json_str(b, detail);
	}
	if (preselect)
		jl_buf_puts(b, ",\"preselect\":true,\"sortText\":\"0\"");
	if (deprecated)
		jl_buf_puts(b, ",\"tags\":[1]");
	jl_buf_puts(b, ",\"textEdit\":{\"range\":");
	put_range(b, v, d, from, to);
	jl_buf_puts(b, ",\"newText\":");
	jl_buf_json_str(b, label);
	jl_buf_puts(b, "}}");
}

/* The GPU types the policy's node classes have, each once. */
static size_t
gpu_types(const struct jl_policy *p, const char **out, size_t max)
{
	size_t	i, j, k, n = 0;

	for (i = 0; p != NULL && i < p->npartitions; i++)
		for (j = 0; j < p->partitions[i].nnodes; j++) {
			const struct jl_nodeclass *nc = &p->partitions[i].nodes[j];

			for (k = 0; k < nc->ngpus; k++) {
				size_t	x;

				for (x = 0; x < n; x++)
					if (strcmp(out[x], nc->gpus[k].type) == 0)
						break;
				if (x == n && n < max && nc->gpus[k].type != NULL)
					out[n++] = nc->gpus[k].type;
			}
		}
	return n;
}

/* Values for option o typed as text[from, to). */
static void
complete_values(struct jl_buf *b, int *first, const struct lsp *s,
    const struct view *v, const struct doc *d, const struct jl_opt *o,
    size_t from, size_t to)
{
	const struct jl_policy	*p = s->cli->rs != NULL ? s->cli->rs->policy :
				    NULL;
	const char		*types[64], *typed = d->text + from;
	char			 label[256], detail[256];
	size_t			 i, n, tl = to - from;

	if (p == NULL)
		return;
	switch (o->id) {
	case JL_O_PARTITION:
		for (i = 0; i < p->npartitions; i++) {
			const struct jl_partition *pt = &p->partitions[i];

			snprintf(detail, sizeof(detail), "partition%s%s",
			    pt->is_default ? " (the default)" : "",
			    pt->preemptible == 1 ? ", preemptible" : "");
			put_item(b, first, v, d, from, to, pt->name, detail, 12,
			    0, 0);
		}
		break;
	case JL_O_GRES:
	case JL_O_GPUS:
	case JL_O_GPUS_PER_NODE:
	case JL_O_GPUS_PER_TASK:
	case JL_O_GPUS_PER_SOCKET:
		n = gpu_types(p, types, JL_NITEMS(types));
		for (i = 0; i < n; i++) {
			/* --gres=gpu:TYPE:N, --gpus=TYPE:N */
			snprintf(label, sizeof(label), "%s%s:1", o->id ==
			    JL_O_GRES ? "gpu:" : "", types[i]);
			if (tl > 0 && strncmp(label, typed, tl) != 0)
				continue;
			put_item(b, first, v, d, from, to, label,
			    "a GPU type this site has", 12, 0, 0);
		}
		break;
	default:
		break;
	}
}

static void
on_completion(struct lsp *s, const struct lsp_json *id,
    const struct lsp_json *p)
{
	struct doc		*d;
	struct view		 v;
	struct jl_buf		 b;
	struct jl_optmatch	 mt;
	const struct jl_opt	*o, *resolved = NULL;
	size_t			 off, ls, t0, i, eq, plen;
	const char		*tok;
	char			 label[128];
	unsigned		 line, ch, version;
	int			 first = 1;

	if ((d = request_view(s, id, p, &b, &v, 0)) == NULL)
		return;
	version = v.built ? v.m.version : s->cli->version;
	off = off_of(&v, d, lsp_json_int(p, "position.line", -1),
	    lsp_json_int(p, "position.character", 0));
	pos_of(&v, d, off, &line, &ch);
	ls = v.lines[line];
	jl_buf_puts(&b, "{\"isIncomplete\":false,\"items\":[");
	if (off - ls < 7 || memcmp(d->text + ls, "#SBATCH", 7) != 0 ||
	    (off - ls > 7 && d->text[ls + 7] != ' ' && d->text[ls + 7] != '\t'))
		goto done;
	/* The word the cursor is in, and the one before it. */
	for (t0 = off; t0 > ls + 7 && d->text[t0 - 1] != ' ' &&
	    d->text[t0 - 1] != '\t'; t0--)
		;
	tok = d->text + t0;
	if (off > t0 + 1 && tok[0] == '-' && tok[1] == '-') {
		for (eq = t0; eq < off && d->text[eq] != '='; eq++)
			;
		if (eq < off) {
			/* --name=VALUE: the values of name */
			jl_opt_find_long(JL_CMD_SBATCH, version, tok + 2,
			    eq - t0 - 2, &mt);
			if (mt.status == JL_OPT_FOUND)
				complete_values(&b, &first, s, &v, d, mt.opt,
				    eq + 1, off);
			goto done;
		}
	} else if (off > t0 && tok[0] != '-')
		goto done;
	else if (off == t0) {
		/* After "-p " or "--partition ": a value. */
		size_t	p1 = t0, p0;

		while (p1 > ls + 7 && (d->text[p1 - 1] == ' ' ||
		    d->text[p1 - 1] == '\t'))
			p1--;
		for (p0 = p1; p0 > ls + 7 && d->text[p0 - 1] != ' ' &&
		    d->text[p0 - 1] != '\t'; p0--)
			;
		o = NULL;
		if (p1 - p0 == 2 && d->text[p0] == '-' && d->text[p0 + 1] != '-')
			o = jl_opt_find_short(JL_CMD_SBATCH, version,
			    (unsigned char)d->text[p0 + 1]);
		else if (p1 - p0 > 2 && d->text[p0] == '-' &&
		    d->text[p0 + 1] == '-' && memchr(d->text + p0, '=',
		    p1 - p0) == NULL) {
			jl_opt_find_long(JL_CMD_SBATCH, version, d->text + p0 + 2,
			    p1 - p0 - 2, &mt);
			o = mt.status == JL_OPT_FOUND ? mt.opt : NULL;
		}
		if (o != NULL && o->arg == JL_ARG_REQUIRED) {
			complete_values(&b, &first, s, &v, d, o, off, off);
			goto done;
		}
	}
	/* Option names: "--name" for "", "-", "--prefix"; "-x" for "-". */
	plen = off - t0 >= 2 ? off - t0 - 2 : 0;
	if (plen > 0) {
		jl_opt_find_long(JL_CMD_SBATCH, version, tok + 2, plen, &mt);
		if (mt.status == JL_OPT_FOUND && !mt.exact)
			resolved = mt.opt;
	}
	for (i = 0; i < jl_opt_count; i++) {
		o = &jl_opt_table[i];
		if (!jl_opt_available(o, JL_CMD_SBATCH, version) ||
		    (plen > 0 && strncmp(o->name, tok + 2, plen) != 0))
			continue;
		snprintf(label, sizeof(label), "--%s%s", o->name,
		    o->arg == JL_ARG_NONE ? "" : "=");
		put_item(&b, &first, &v, d, t0, off, label, o->doc, 10,
		    o == resolved, (o->flags & JL_OF_DEPRECATED) != 0);
		if (o->shortopt != 0 && off - t0 <= 1 &&
		    !(o->flags & JL_OF_ALIAS)) {
			snprintf(label, sizeof(label), "-%c", o->shortopt);
			put_item(&b, &first, &v, d, t0, off, label, o->doc, 10,
			    0, 0);
		}
	}
done:
	jl_buf_puts(&b, "]}");
	view_free(&v);
	reply_close(&b);
}

/* --- code actions --------------------------------------------------------- */

/* Is slug one of the ", "-separated names in list? */
static int
list_has(const char *list, const char *slug)
{
	size_t		n = strlen(slug);
	const char	*p;

	for (p = list; p != NULL && (p = strstr(p, slug)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == '\0' ||
		    p[n] == ','))
			return 1;
	return 0;
}

static void
action_open(struct jl_buf *b, int *first, const char *title,
    const struct doc *d)
{
	if (!*first)
		jl_buf_putc(b, ',');
	*first = 0;
	jl_buf_puts(b, "{\"title\":");
	jl_buf_json_str(b, title);
	jl_buf_puts(b, ",\"kind\":\"quickfix\",\"edit\":{\"changes\":{");
	jl_buf_json_str(b, d->uri);
	jl_buf_puts(b, ":[");
}

/*
 * The safe fixes: what jlint --fix would write (lint_fix()), as one edit
 * over the span that changes, when it fixes a finding in lines l0..l1.
 */
static void
action_fix(struct jl_buf *b, int *first, struct lsp *s, const struct view *v,
    const struct doc *d, unsigned l0, unsigned l1)
{
	struct lint_in	 li;
	struct jl_buf	 cur, rejected, applied, title;
	size_t		 nrej = 0, nfixed = 0, pre, suf, i, from, to;
	unsigned	 fl, fc;
	int		 any = 0;

	memset(&li, 0, sizeof(li));
	li.name = d->path != NULL ? d->path : d->uri;
	jl_buf_init(&cur);
	jl_buf_init(&rejected);
	jl_buf_init(&applied);
	jl_buf_init(&title);
	if (lint_fix(s->cli, &li, d->text, d->len, &cur, &rejected, &nrej,
	    &applied, &nfixed) != 0 || cur.failed || applied.len == 0)
		goto out;
	for (i = 0; i < v->m.findings.v.n && !any; i++) {
		const struct jl_finding *f = v->m.findings.v.items[i];

		finding_span(v, d, f, &from, &to);
		pos_of(v, d, from, &fl, &fc);
		any = fl >= l0 && fl <= l1 && list_has(applied.data, f->rule);
	}
	if (!any || (cur.len == d->len && memcmp(cur.data, d->text, d->len) ==
	    0))
		goto out;
	for (pre = 0; pre < d->len && pre < cur.len && d->text[pre] ==
	    cur.data[pre]; pre++)
		;
	for (suf = 0; suf < d->len - pre && suf < cur.len - pre &&
	    d->text[d->len - 1 - suf] == cur.data[cur.len - 1 - suf]; suf++)
		;
	jl_buf_printf(&title, "Apply jlint's safe fixes (%s)", applied.data);
	action_open(b, first, title.data, d);
	jl_buf_puts(b, "{\"range\":");
	put_range(b, v, d, pre, d->len - suf);
	jl_buf_puts(b, ",\"newText\":");
	jl_buf_json(b, cur.data + pre, cur.len - suf - pre);
	jl_buf_puts(b, "}]}},\"isPreferred\":true}");
out:
	jl_buf_free(&cur);
	jl_buf_free(&rejected);
	jl_buf_free(&applied);
	jl_buf_free(&title);
}

/*
 * "# jlint disable=SLUG -- reason" on the line before the finding, with
 * its indentation; disable-file after the #! line for a finding on the
 * first line or outside the script.
 */
static void
action_disable(struct jl_buf *b, int *first, const struct view *v,
    const struct doc *d, const struct jl_finding *f)
{
	struct jl_buf	 t, title;
	size_t		 from, to, at, ind;
	unsigned	 line, ch;
	int		 file;

	finding_span(v, d, f, &from, &to);
	pos_of(v, d, from, &line, &ch);
	file = f->src == NULL || line == 0;
	jl_buf_init(&t);
	jl_buf_init(&title);
	if (file) {
		at = d->len >= 2 && memcmp(d->text, "#!", 2) == 0 ?
		    (v->nlines > 1 ? v->lines[1] : d->len) : 0;
		if (at == d->len && at > 0 && d->text[at - 1] != '\n')
			jl_buf_putc(&t, '\n');
		jl_buf_printf(&t, "# jlint disable-file=%s -- TODO: why this "
		    "is safe here\n", f->rule);
		jl_buf_printf(&title, "Disable %s for this file (suppression "
		    "comment)", f->rule);
	} else {
		at = v->lines[line];
		for (ind = at; ind < d->len && (d->text[ind] == ' ' ||
		    d->text[ind] == '\t'); ind++)
			;
		jl_buf_add(&t, d->text + at, ind - at);
		jl_buf_printf(&t, "# jlint disable=%s -- TODO: why this is "
		    "safe here\n", f->rule);
		jl_buf_printf(&title, "Disable %s here (suppression comment)",
		    f->rule);
	}
	action_open(b, first, title.data, d);
	jl_buf_puts(b, "{\"range\":");
	put_range(b, v, d, at, at);
	jl_buf_puts(b, ",\"newText\":");
	jl_buf_json(b, t.data, t.len);
	jl_buf_puts(b, "}]}}}");
	jl_buf_free(&t);
	jl_buf_free(&title);
}

static void
on_code_action(struct lsp *s, const struct lsp_json *id,
    const struct lsp_json *p)
{
	struct doc		*d;
	struct view		 v;
	struct jl_buf		 b, seen;
	const struct jl_finding	*f;
	size_t			 i, from, to;
	long long		 l0, l1;
	unsigned		 fl, fc, tl, tc;
	int			 first = 1;

	if ((d = request_view(s, id, p, &b, &v, 1)) == NULL)
		return;
	l0 = lsp_json_int(p, "range.start.line", 0);
	l1 = lsp_json_int(p, "range.end.line", l0);
	if (l0 < 0)
		l0 = 0;
	if (l1 < l0)
		l1 = l0;
	jl_buf_putc(&b, '[');
	action_fix(&b, &first, s, &v, d, (unsigned)l0, (unsigned)l1);
	jl_buf_init(&seen);
	for (i = 0; i < v.m.findings.v.n; i++) {
		f = v.m.findings.v.items[i];
		finding_span(&v, d, f, &from, &to);
		pos_of(&v, d, from, &fl, &fc);
		pos_of(&v, d, to, &tl, &tc);
		if (tl < (unsigned)l0 || fl > (unsigned)l1)
			continue;
		/* The site enforces it: the plugin rejects the job anyway. */
		if (is_enforced(f) || f->exempted ||
		    strcmp(f->rule, "unused-suppression") == 0 ||
		    list_has(seen.data, f->rule))
			continue;
		jl_buf_printf(&seen, "%s%s", seen.len ? ", " : "", f->rule);
		action_disable(&b, &first, &v, d, f);
	}
	jl_buf_free(&seen);
	jl_buf_putc(&b, ']');
	view_free(&v);
	reply_close(&b);
}

/* --- the protocol --------------------------------------------------------- */

static void
on_initialize(struct lsp *s, const struct lsp_json *id)
{
	struct jl_buf	b;

	(void)s;
	jl_buf_init(&b);
	reply_open(&b, id);
	jl_buf_puts(&b, "{\"capabilities\":{\"positionEncoding\":\"utf-16\","
	    "\"textDocumentSync\":{\"openClose\":true,\"change\":1},"
	    "\"hoverProvider\":true,"
	    "\"completionProvider\":{\"triggerCharacters\":[\"-\",\"=\","
	    "\":\",\" \"]},"
	    "\"codeActionProvider\":{\"codeActionKinds\":[\"quickfix\"]}},"
	    "\"serverInfo\":{\"name\":\"jlint\",\"version\":\""
	    JLINT_VERSION "\"}}");
	reply_close(&b);
}

static void
on_did_open(struct lsp *s, const struct lsp_json *p)
{
	const char	*uri = lsp_json_str(p, "textDocument.uri");
	struct doc	*d, **nd;

	if (uri == NULL)
		return;
	if ((d = doc_find(s, uri)) == NULL) {
		if (s->ndocs == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 8;
			if ((nd = realloc(s->docs, s->cap * sizeof(*nd))) ==
			    NULL)
				return;
			s->docs = nd;
		}
		/* Its text is empty until a didOpen that has one. */
		if ((d = calloc(1, sizeof(*d))) == NULL ||
		    (d->uri = strdup(uri)) == NULL ||
		    (d->text = strdup("")) == NULL) {
			doc_free(d);
			return;
		}
		d->path = uri_path(uri);
		s->docs[s->ndocs++] = d;
	}
	if (doc_set_text(d, lsp_json_path(p, "textDocument.text")) != 0)
		return;
	d->version = lsp_json_int(p, "textDocument.version", 0);
	publish(s, d);
}

static void
on_did_change(struct lsp *s, const struct lsp_json *p)
{
	const struct lsp_json	*ch = lsp_json_get(p, "contentChanges");
	struct doc		*d;

	d = doc_find(s, lsp_json_str(p, "textDocument.uri"));
	if (d == NULL || ch == NULL || ch->type != LSP_J_ARR || ch->n == 0)
		return;
	/* Full sync: the last change holds the whole text. */
	if (doc_set_text(d, lsp_json_get(ch->items[ch->n - 1], "text")) != 0)
		return;
	d->version = lsp_json_int(p, "textDocument.version", d->version);
	d->dirty = 1;
	d->due = now_ms() + s->debounce;
}

static void
on_did_close(struct lsp *s, const struct lsp_json *p)
{
	struct doc	*d;
	struct jl_buf	 b;
	size_t		 i;

	if ((d = doc_find(s, lsp_json_str(p, "textDocument.uri"))) == NULL)
		return;
	jl_buf_init(&b);
	jl_buf_puts(&b, "{\"jsonrpc\":\"2.0\",\"method\":"
	    "\"textDocument/publishDiagnostics\",\"params\":{\"uri\":");
	jl_buf_json_str(&b, d->uri);
	jl_buf_puts(&b, ",\"diagnostics\":[]}}");
	send_msg(&b);
	jl_buf_free(&b);
	for (i = 0; i < s->ndocs; i++)
		if (s->docs[i] == d)
			s->docs[i] = s->docs[--s->ndocs];
	doc_free(d);
}

/* One message from the client. */
static void
handle(struct lsp *s, const char *data, size_t len)
{
	struct jl_arena		 a;
	const struct lsp_json	*msg, *id, *p;
	const char		*method, *err = NULL;
	static const struct lsp_json null_id = { .type = LSP_J_NULL };

	jl_arena_init(&a);
	if ((msg = lsp_json_parse(&a, data, len, &err)) == NULL ||
	    msg->type != LSP_J_OBJ) {
		fprintf(stderr, "jlint lsp: a message that is not a JSON "
		    "object: %s\n", err != NULL ? err : "not an object");
		reply_error(&null_id, -32700, err != NULL ? err :
		    "not a JSON object");
		jl_arena_free(&a);
		return;
	}
	id = lsp_json_get(msg, "id");
	p = lsp_json_get(msg, "params");
	if ((method = lsp_json_str(msg, "method")) == NULL) {
		/* A response to a request of ours: there are none. */
		jl_arena_free(&a);
		return;
	}
	if (strcmp(method, "exit") == 0)
		s->exit = 1;
	else if (s->shutdown && id != NULL)
		reply_error(id, -32600, "the server is shutting down");
	else if (strcmp(method, "initialize") == 0 && id != NULL)
		on_initialize(s, id);
	else if (strcmp(method, "shutdown") == 0 && id != NULL) {
		struct jl_buf	b;

		s->shutdown = 1;
		jl_buf_init(&b);
		reply_open(&b, id);
		jl_buf_puts(&b, "null");
		reply_close(&b);
	} else if (strcmp(method, "textDocument/didOpen") == 0)
		on_did_open(s, p);
	else if (strcmp(method, "textDocument/didChange") == 0)
		on_did_change(s, p);
	else if (strcmp(method, "textDocument/didClose") == 0)
		on_did_close(s, p);
	else if (strcmp(method, "textDocument/hover") == 0 && id != NULL)
		on_hover(s, id, p);
	else if (strcmp(method, "textDocument/completion") == 0 && id != NULL)
		on_completion(s, id, p);
	else if (strcmp(method, "textDocument/codeAction") == 0 && id != NULL)
		on_code_action(s, id, p);
	else if (id != NULL)
		reply_error(id, -32601, "method not supported by jlint");
	/* Other notifications (initialized, $/cancelRequest, ...): none. */
	jl_arena_free(&a);
}

/*
 * The complete messages in s->in, handled and dropped.  A header block
 * without a Content-Length is skipped; 1 when the input cannot be framed
 * any more (a length over MAX_MSG).
 */
static int
handle_input(struct lsp *s)
{
	char		*hend, *h, *body;
	size_t		 hlen, blen, used = 0;
	unsigned long	 n;
	int		 have;

	if (s->in.data == NULL)
		return 0;
	while (!s->exit && s->in.len - used > 0) {
		h = s->in.data + used;
		hend = NULL;
		for (body = h; body + 3 < s->in.data + s->in.len; body++)
			if (memcmp(body, "\r\n\r\n", 4) == 0) {
				hend = body;
				break;
			}
		if (hend == NULL) {
			if (s->in.len - used > MAX_HEADER) {
				fprintf(stderr, "jlint lsp: a header block "
				    "over %d bytes\n", MAX_HEADER);
				return 1;
			}
			break;
		}
		hlen = (size_t)(hend - h) + 4;
		/* Content-Length: N (any case), among other headers. */
		have = 0;
		for (body = h; body < hend; body++)
			if ((body == h || body[-1] == '\n') &&
			    hend - body >= 15 &&
			    strncasecmp(body, "Content-Length:", 15) == 0) {
				n = strtoul(body + 15, NULL, 10);
				have = 1;
			}
		if (!have) {
			fprintf(stderr, "jlint lsp: a message without "
			    "Content-Length, skipped\n");
			used += hlen;
			continue;
		}
		if (n > MAX_MSG) {
			fprintf(stderr, "jlint lsp: a message of %lu bytes "
			    "(over %u)\n", n, MAX_MSG);
			return 1;
		}
		blen = (size_t)n;
		if (s->in.len - used - hlen < blen)
			break;
		handle(s, h + hlen, blen);
		used += hlen + blen;
	}
	memmove(s->in.data, s->in.data + used, s->in.len - used);
	s->in.len -= used;
	s->in.data[s->in.len] = '\0';
	return 0;
}

static void
publish_due(struct lsp *s, long long *wait)
{
	long long	t = now_ms();
	size_t		i;

	*wait = -1;
	for (i = 0; i < s->ndocs; i++) {
		if (!s->docs[i]->dirty)
			continue;
		if (s->docs[i]->due <= t)
			publish(s, s->docs[i]);
		else if (*wait < 0 || s->docs[i]->due - t < *wait)
			*wait = s->docs[i]->due - t;
	}
}

static int
cmd_lsp_exec(struct cli *cli, int argc, char **argv)
{
	struct lsp	 s;
	struct pollfd	 pfd;
	char		 buf[65536];
	ssize_t		 n;
	long long	 wait;
	int		 i, rc;
	const char	*env;

	memset(&s, 0, sizeof(s));
	s.cli = cli;
	s.debounce = DEBOUNCE_MS;
	if ((env = getenv("JLINT_LSP_DEBOUNCE_MS")) != NULL)
		s.debounce = atol(env);
	for (i = 0; i < argc; i++) {
		/* --stdio: what generic clients pass; stdio is all there is */
		if (strcmp(argv[i], "--stdio") != 0)
			return cmd_usage(&cmd_lsp_entry);
	}
	jl_buf_init(&s.in);
	while (!s.exit) {
		if (handle_input(&s) != 0)
			break;
		if (s.exit)
			break;
		publish_due(&s, &wait);
		pfd.fd = STDIN_FILENO;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, wait > INT32_MAX ? INT32_MAX : (int)wait) ==
		    -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (!(pfd.revents & (POLLIN | POLLHUP | POLLERR)))
			continue;	/* timeout: publish_due() next */
		if ((n = read(STDIN_FILENO, buf, sizeof(buf))) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			break;
		}
		if (n == 0)
			break;		/* the client went away */
		jl_buf_add(&s.in, buf, (size_t)n);
		if (s.in.failed) {
			fprintf(stderr, "jlint lsp: out of memory\n");
			break;
		}
	}
	/* LSP: exit code 0 after shutdown, else 1. */
	rc = s.exit && s.shutdown ? 0 : 1;
	for (i = 0; (size_t)i < s.ndocs; i++)
		doc_free(s.docs[i]);
	free(s.docs);
	free(s.stamp);
	jl_buf_free(&s.in);
	return rc;
}

const struct cmd_entry cmd_lsp_entry = {
	.name = "lsp",
	.usage = "[options] lsp [--stdio]",
	.flags = CMD_NOPERMUTE,
	.exec = cmd_lsp_exec
};
