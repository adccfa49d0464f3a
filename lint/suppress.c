/*
 * suppress.c: inline suppressions (suppress.h), applied to a model's
 * findings after the rules ran.
 *
 * A suppression comment is a line of its own whose text is
 * "# jlint disable=..." or "# jlint disable-file=..."; other comments that
 * mention jlint are left alone.  Scope is explicit and never depends on
 * where the first command is (prior-art.md part B, 5.4): disable= covers
 * the next line that is not blank and not a plain comment (a directive
 * line counts), extended over backslash continuations and over every
 * simple command that starts on it.
 *
 * Work is bounded: at most MAX_SUPPRESSIONS comments and MAX_NAMES names
 * each are read, so a hostile script cannot make this quadratic.
 */
#include <stdarg.h>
#include <string.h>

#include "rule.h"
#include "suppress.h"
#include "yaml.h"

#define MAX_SUPPRESSIONS	1000
#define MAX_NAMES		32
#define SLUG			"unused-suppression"

struct sname {
	const char		*text;		/* as written */
	struct jl_loc		 loc;
	const struct jl_rule	*rule;		/* NULL: unknown */
	int			 used;
};

struct sup {
	int		 file;		/* disable-file */
	int		 covers;	/* has a line to cover */
	size_t		 from, to;	/* covered bytes [from, to) */
	struct sname	 names[MAX_NAMES];
	size_t		 nnames;
};

struct sctx {
	const struct jl_ruleset	*rs;
	struct jl_arena		*a;
	struct jl_model		*m;
	const struct jl_src	*src;
	unsigned char		*directive;	/* per line: a directive line */
	struct sup		*sups;
	size_t			 nsups;
	struct jl_findings	 extra;		/* unused-suppression findings */
	enum jl_sev		 sev;
	int			 report;	/* unused-suppression enabled */
};

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int
is_namech(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static void
report(struct sctx *x, struct jl_loc loc, const char *fix, const char *fmt,
    ...) __attribute__((__format__(printf, 4, 5)));

static void
report(struct sctx *x, struct jl_loc loc, const char *fix, const char *fmt,
    ...)
{
	va_list	 ap;
	char	*msg;

	if (!x->report)
		return;
	va_start(ap, fmt);
	msg = jl_arena_vprintf(x->a, fmt, ap);
	va_end(ap);
	jl_report(x->a, &x->extra, SLUG, x->sev, x->src, loc, fix, "%s",
	    msg != NULL ? msg : "unused suppression");
}

/* Does the script mention jlint at all?  (Most do not.) */
static int
mentions_jlint(const char *d, size_t n)
{
	const char	*p, *end = d + n;

	/* memchr, not a byte loop: every script is scanned (bench/). */
	for (p = d; (size_t)(end - p) >= 5 && (p = memchr(p, 'j',
	    (size_t)(end - p) - 4)) != NULL; p++)
		if (memcmp(p, "jlint", 5) == 0)
			return 1;
	return 0;
}

/* Line bounds [*lo, *hi) of 1-based line n, without the newline. */
static int
line_at(const struct jl_src *src, unsigned n, size_t *lo, size_t *hi)
{
	size_t	off, len;

	if (jl_src_line(src, n, &off, &len) != 0)
		return -1;
	*lo = off;
	*hi = off + len;
	return 0;
}

/* Is line n blank or a comment that is not a directive-like line? */
static int
skippable(struct sctx *x, unsigned n)
{
	const char	*d = x->src->data;
	size_t		 lo, hi;

	if (line_at(x->src, n, &lo, &hi) != 0)
		return 0;
	while (lo < hi && is_blank(d[lo]))
		lo++;
	if (lo == hi)
		return 1;
	return d[lo] == '#' && !x->directive[n];
}

/* The bytes disable= covers: the line after line n, widened. */
static void
cover(struct sctx *x, struct sup *s, unsigned n)
{
	const struct jl_src	*src = x->src;
	const struct jl_cmd	*c;
	size_t			 lo, hi, i;
	unsigned		 k;

	for (k = n + 1; k <= src->nlines && skippable(x, k); k++)
		;
	if (k > src->nlines || line_at(src, k, &lo, &hi) != 0)
		return;
	s->covers = 1;
	s->from = lo;
	/* Backslash-newline continues the line. */
	while (hi > lo && src->data[hi - 1] == '\\' && k < src->nlines &&
	    line_at(src, ++k, &i, &hi) == 0)
		;
	for (i = 0; i < x->m->body.commands.n; i++) {
		c = x->m->body.commands.items[i];
		if (c->loc.off >= lo && c->loc.off < hi + 1 &&
		    c->loc.off + c->loc.len > hi)
			hi = c->loc.off + c->loc.len;
	}
	s->to = hi + 1;
}

/*
 * Read one comment line; 1 when it is a jlint suppression (kept in
 * x->sups), 0 when it is any other line.
 */
static int
read_comment(struct sctx *x, unsigned n)
{
	const char	*d = x->src->data;
	struct sup	*s;
	struct jl_loc	 loc;
	size_t		 lo, hi, p, q, start;

	if (line_at(x->src, n, &lo, &hi) != 0)
		return 0;
	for (p = lo; p < hi && is_blank(d[p]); p++)
		;
	if (p >= hi || d[p] != '#')
		return 0;
	for (p++; p < hi && is_blank(d[p]); p++)
		;
	if (hi - p < 6 || strncmp(d + p, "jlint", 5) != 0 ||
	    !is_blank(d[p + 5]))
		return 0;
	for (p += 5; p < hi && is_blank(d[p]); p++)
		;
	start = p;
	for (q = p; q < hi && is_namech(d[q]); q++)
		;
	if (q - p < 6 || (strncmp(d + p, "disable", 7) != 0 &&
	    strncmp(d + p, "enable", 6) != 0))
		return 0;		/* "# jlint is ...": a plain comment */
	if (x->nsups >= MAX_SUPPRESSIONS)
		return 1;
	s = &x->sups[x->nsups];
	memset(s, 0, sizeof(*s));
	loc.off = start;
	loc.len = q - start;
	if (q - p == 12 && strncmp(d + p, "disable-file", 12) == 0)
		s->file = 1;
	else if (!(q - p == 7 && strncmp(d + p, "disable", 7) == 0)) {
		report(x, loc, "write # jlint disable=slug -- reason (next "
		    "command) or # jlint disable-file=slug -- reason",
		    "\"%s\" is not a jlint suppression; write disable= or "
		    "disable-file=", jl_quote(x->a, d + p, q - p, 40));
		return 1;
	}
	if (q >= hi || d[q] != '=') {
		report(x, loc, "write # jlint disable=slug -- reason",
		    "\"%s\" names no rule: write %s=slug[,slug]",
		    jl_quote(x->a, d + p, q - p, 40), s->file ? "disable-file" :
		    "disable");
		return 1;
	}
	p = q + 1;
	for (;;) {
		while (p < hi && is_blank(d[p]))
			p++;
		for (q = p; q < hi && is_namech(d[q]); q++)
			;
		if (q == p)
			break;
		if (s->nnames < MAX_NAMES) {
			struct sname *nm = &s->names[s->nnames++];

			nm->text = jl_arena_strndup(x->a, d + p, q - p);
			nm->loc.off = p;
			nm->loc.len = q - p;
			nm->rule = nm->text != NULL ? jl_ruleset_find(x->rs,
			    nm->text) : NULL;
		}
		p = q;
		while (p < hi && is_blank(d[p]))
			p++;
		if (p < hi && d[p] == ',') {
			p++;
			continue;
		}
		break;
	}
	if (s->nnames == 0 || (p < hi && !(hi - p >= 2 && d[p] == '-' &&
	    d[p + 1] == '-'))) {
		loc.off = p < hi ? p : start;
		loc.len = p < hi ? hi - p : q - start;
		report(x, loc, "write # jlint disable=slug[,slug] -- reason",
		    "this jlint suppression cannot be read: %s",
		    s->nnames == 0 ? "no rule named after '='" :
		    "put the reason after \" -- \"");
		return 1;
	}
	if (!s->file)
		cover(x, s, n);
	x->nsups++;
	return 1;
}

static void
check_names(struct sctx *x)
{
	const char	*cands[256], *sug;
	struct sname	*nm;
	size_t		 i, j, n = 0;

	for (i = 0; i < x->rs->nrules && n < 255; i++)
		cands[n++] = x->rs->rules[i]->slug;
	cands[n] = NULL;
	for (i = 0; i < x->nsups; i++) {
		for (j = 0; j < x->sups[i].nnames; j++) {
			nm = &x->sups[i].names[j];
			if (nm->rule != NULL || nm->text == NULL)
				continue;
			nm->used = 1;
			sug = jl_yaml_suggest(nm->text, cands);
			report(x, nm->loc, "name a rule by its slug or code "
			    "(jlint rules lists them)",
			    "\"%s\" is not a jlint rule%s", nm->text, sug ?
			    jl_arena_printf(x->a, "; did you mean \"%s\"?",
			    sug) : "");
		}
	}
}

/* Does suppression s name rule r?  The name, or NULL. */
static struct sname *
names(struct sup *s, const struct jl_rule *r)
{
	size_t	i;

	for (i = 0; i < s->nnames; i++)
		if (s->names[i].rule == r)
			return &s->names[i];
	return NULL;
}

static int
covers(const struct sup *s, const struct jl_finding *f)
{
	if (s->file)
		return 1;
	return s->covers && f->src != NULL && f->loc.off >= s->from &&
	    f->loc.off < s->to;
}

int
jl_suppress_apply(const struct jl_ruleset *rs, struct jl_arena *a,
    struct jl_model *m)
{
	struct sctx		 x;
	struct jl_finding	*f;
	const struct jl_rule	*r, *self;
	const struct jl_directive *d;
	struct sname		*nm;
	enum jl_mode		 mode;
	size_t			 i, j, k;
	unsigned		 n;
	int			 keep, noted;

	memset(&x, 0, sizeof(x));
	x.rs = rs;
	x.a = a;
	x.m = m;
	x.src = &m->script.src;
	if (rs == NULL || x.src->nlines == 0 || x.src->data == NULL ||
	    !mentions_jlint(x.src->data, x.src->len))
		return 0;
	if ((self = jl_ruleset_find(rs, SLUG)) != NULL)
		x.report = jl_rule_enabled(rs, self, &x.sev, NULL);
	if ((x.directive = jl_arena_alloc(a, x.src->nlines + 2)) == NULL ||
	    (x.sups = jl_arena_alloc(a, MAX_SUPPRESSIONS *
	    sizeof(*x.sups))) == NULL)
		return -1;
	for (i = 0; i < m->script.lines_dir.n; i++) {
		d = m->script.lines_dir.items[i];
		if (d->line <= x.src->nlines)
			x.directive[d->line] = 1;
	}
	for (n = 2; n <= x.src->nlines; n++)
		(void)read_comment(&x, n);
	check_names(&x);
	/* unused-suppression itself can be silenced for the whole file. */
	for (i = 0; x.report && i < x.nsups; i++)
		if (x.sups[i].file && names(&x.sups[i], self) != NULL) {
			names(&x.sups[i], self)->used = 1;
			x.report = 0;
		}
	for (i = k = 0; i < m->findings.v.n; i++) {
		f = m->findings.v.items[i];
		keep = 1;
		noted = 0;
		r = jl_ruleset_find(rs, f->rule);
		for (j = 0; r != NULL && j < x.nsups && keep; j++) {
			if ((nm = names(&x.sups[j], r)) == NULL ||
			    !covers(&x.sups[j], f))
				continue;
			nm->used = 1;
			/* The controller would reject it anyway. */
			mode = jl_rule_mode(rs, r, JL_POINT_JOB_SUBMIT);
			if (mode != JL_MODE_ENFORCE) {
				keep = 0;
				break;
			}
			if (!noted) {
				f->message = jl_arena_printf(a, "%s (not "
				    "suppressed: the site policy enforces %s, "
				    "so the job_submit plugin rejects the job "
				    "anyway)", f->message, r->slug);
				noted = 1;
			}
		}
		if (keep)
			m->findings.v.items[k++] = f;
		else if (m->suppressed.v.n < JL_MAX_FINDINGS &&
		    jl_vec_push(a, &m->suppressed.v, f) != 0)
			return -1;
	}
	m->findings.v.n = k;
	for (i = 0; i < x.nsups; i++) {
		for (j = 0; j < x.sups[i].nnames; j++) {
			nm = &x.sups[i].names[j];
			if (nm->used)
				continue;
			report(&x, nm->loc, "remove it, or name the rule that "
			    "fires there", x.sups[i].file ? "\"%s\" is "
			    "suppressed for the file but nothing in it "
			    "triggers %s" : "\"%s\" is suppressed here but the "
			    "next command does not trigger %s", nm->text,
			    nm->rule->slug);
		}
	}
	for (i = 0; i < x.extra.v.n; i++)
		if (m->findings.v.n < JL_MAX_FINDINGS &&
		    jl_vec_push(a, &m->findings.v, x.extra.v.items[i]) != 0)
			return -1;
	return a->failed ? -1 : 0;
}
