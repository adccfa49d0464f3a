/*
 * output.c: findings as text (with source excerpts), gcc lines, JSON,
 * SARIF 2.1.0 and GitHub workflow commands.  Line and column are computed
 * here, from byte spans, only when output is produced.
 *
 * Invariants: every byte of script text or message that reaches text,
 * gcc or github output went through jl_buf_sanitize(); JSON and SARIF
 * strings go through jl_buf_json(), which keeps the document valid
 * whatever the bytes.  An excerpt shows at most EXCERPT_MAX bytes of a
 * line, so a 10 MB line prints a window, not the line.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fields.h"
#include "output.h"
#include "policy.h"

#define EXCERPT_MAX	160	/* bytes of a source line shown */
#define EXCERPT_LEAD	60	/* bytes shown before the span, at most */

/* ANSI colours for text output on a terminal. */
#define C_RESET		"\033[0m"
#define C_BOLD		"\033[1m"
#define C_ERROR		"\033[1;31m"
#define C_WARNING	"\033[1;33m"
#define C_INFO		"\033[1;36m"
#define C_CARET		"\033[1;32m"
#define C_DIM		"\033[2m"

static const char *const format_names[] = {
	"text", "gcc", "json", "sarif", "github", NULL
};

/* The index of s in a NULL-terminated table of names, or -1. */
static int
name_index(const char *const *names, const char *s)
{
	int	i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

int
jl_format_parse(const char *s, enum jl_format *out)
{
	int	i = name_index(format_names, s);

	return i < 0 ? -1 : (*out = (enum jl_format)i, 0);
}

/*
 * Length of a valid UTF-8 sequence at s (1..4), or 0 when the bytes are
 * not one (overlong forms, surrogates and values past U+10FFFF count as
 * invalid).  *cp receives the code point.
 */
static size_t
utf8_seq(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned	c = s[0], v;
	size_t		k, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		k = 2, v = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		k = 3, v = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		k = 4, v = c & 0x07;
	else
		return 0;
	if (n < k)
		return 0;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if ((k == 3 && v < 0x800) || (k == 4 && (v < 0x10000 ||
	    v > 0x10ffff)) || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return k;
}

/* Bidi embedding, override and isolate controls ("Trojan source"), and
 * the byte-order mark, invisible where a finding points at it. */
static int
is_bidi(unsigned cp)
{
	return (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f ||
	    cp == 0x061c || cp == 0xfeff;
}

/* Sanitise s[0..n) into b; returns the display columns it takes. */
static size_t
sanitize_cols(struct jl_buf *b, const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, j, k, cols = 0, before;
	unsigned		 cp;

	for (i = 0; i < n; i += k) {
		/* Printable ASCII as it is, a run at a time (bench/). */
		for (j = i; j < n && u[j] >= 0x20 && u[j] < 0x7f; j++)
			;
		if (j > i) {
			jl_buf_add(b, u + i, j - i);
			cols += j - i;
			k = j - i;
			continue;
		}
		k = utf8_seq(u + i, n - i, &cp);
		if (k == 0) {
			jl_buf_printf(b, "\\x%02x", u[i]);
			cols += 4;
			k = 1;
		} else if (cp == '\t') {
			jl_buf_putc(b, ' ');
			cols++;
		} else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 &&
		    cp <= 0x9f)) {
			/* C0 and C1 controls: show the bytes. */
			before = b->len;
			for (j = 0; j < k; j++)
				jl_buf_printf(b, "\\x%02x", u[i + j]);
			cols += b->len - before;
		} else if (is_bidi(cp)) {
			before = b->len;
			jl_buf_printf(b, "\\u{%04x}", cp);
			cols += b->len - before;
		} else {
			jl_buf_add(b, u + i, k);
			cols++;
		}
	}
	return cols;
}

void
jl_buf_sanitize(struct jl_buf *b, const char *s, size_t n)
{
	(void)sanitize_cols(b, s, n);
}

void
jl_loc_span(const struct jl_src *src, struct jl_loc loc, unsigned *l1,
    unsigned *c1, unsigned *l2, unsigned *c2)
{
	size_t	end;

	jl_src_linecol(src, loc.off, l1, c1);
	end = loc.len > 0 ? loc.off + loc.len - 1 : loc.off;
	if (end > src->len)
		end = src->len;
	jl_src_linecol(src, end, l2, c2);
	/* end_column is exclusive: one past the last byte. */
	if (loc.len > 0)
		(*c2)++;
}

void
jl_loc_json(const struct jl_src *src, struct jl_loc loc, struct jl_buf *b)
{
	unsigned	l1, c1, l2, c2;

	jl_loc_span(src, loc, &l1, &c1, &l2, &c2);
	jl_buf_printf(b, "{\"line\":%u,\"column\":%u,\"end_line\":%u,"
	    "\"end_column\":%u}", l1, c1, l2, c2);
}

/* Bytes of an exemption's reason shown on a finding's line. */
#define REASON_MAX	100

/* YYYY-MM-DD of an exemption's expiry (the last second of that day). */
static void
until_date(char *buf, size_t len, long long t)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	if (gmtime_r(&tt, &tm) == NULL || strftime(buf, len, "%Y-%m-%d",
	    &tm) == 0)
		snprintf(buf, len, "?");
}

/*
 * What the site policy does with a finding, after its message:
 * " (site policy: enforce)", " (exempted until 2027-01-31: reason)",
 * or both in one parenthesis; nothing when the policy says neither.
 * Sanitised; line-oriented formats (text, gcc, github) share it.
 */
void
jl_finding_note(struct jl_buf *b, const struct jl_finding *f)
{
	char	date[32];
	size_t	n;

	if (f->mode == NULL && !f->exempted && f->exempt_reason == NULL)
		return;
	jl_buf_puts(b, " (");
	if (f->mode != NULL)
		jl_buf_printf(b, "site policy: %s%s%s", f->mode,
		    f->guess && strcmp(f->mode, "enforce") == 0 ?
		    ", but jlint cannot be sure here, so only a warning" : "",
		    f->exempted || f->exempt_reason != NULL ? "; " : "");
	if (!f->exempted && f->exempt_reason != NULL) {
		until_date(date, sizeof(date), f->exempt_until);
		jl_buf_printf(b, "its exemption expired on %s", date);
	} else if (f->exempted) {
		jl_buf_puts(b, "exempted");
		if (f->exempt_until != 0) {
			until_date(date, sizeof(date), f->exempt_until);
			jl_buf_printf(b, " until %s", date);
		}
		if (f->exempt_reason != NULL) {
			n = strlen(f->exempt_reason);
			jl_buf_puts(b, ": ");
			jl_buf_sanitize(b, f->exempt_reason, n > REASON_MAX ?
			    REASON_MAX : n);
			if (n > REASON_MAX)
				jl_buf_puts(b, "...");
		}
	}
	jl_buf_putc(b, ')');
}

/* file:line:col (or file: (where)) as text. */
static void
text_where(struct jl_buf *b, const struct jl_finding *f, const char *file)
{
	unsigned	l1, c1, l2, c2;

	jl_buf_sanitize(b, file, strlen(file));
	if (f->src != NULL) {
		jl_loc_span(f->src, f->loc, &l1, &c1, &l2, &c2);
		jl_buf_printf(b, ":%u:%u", l1, c1);
	} else if (f->where != NULL) {
		jl_buf_puts(b, ": (");
		jl_buf_sanitize(b, f->where, strlen(f->where));
		jl_buf_puts(b, ")");
	}
}

/*
 * One finding as a line (and its fix hint): "file:line:col: sev: message
 * [slug]"; file NULL: the sidecar form of jlint test, "line:col: ..." or
 * " (where): ...".
 */
static void
finding_line(struct jl_buf *b, const struct jl_finding *f, const char *file)
{
	unsigned	l1, c1, l2, c2;

	if (file != NULL)
		text_where(b, f, file);
	else if (f->src != NULL) {
		jl_loc_span(f->src, f->loc, &l1, &c1, &l2, &c2);
		jl_buf_printf(b, "%u:%u", l1, c1);
	} else {
		jl_buf_puts(b, " (");
		jl_buf_sanitize(b, f->where ? f->where : "", f->where ?
		    strlen(f->where) : 0);
		jl_buf_puts(b, ")");
	}
	jl_buf_printf(b, ": %s: ", jl_sev_name(f->sev));
	jl_buf_sanitize(b, f->message, strlen(f->message));
	jl_finding_note(b, f);
	jl_buf_printf(b, " [%s]\n", f->rule);
	if (f->fix != NULL) {
		jl_buf_puts(b, "  fix: ");
		jl_buf_sanitize(b, f->fix, strlen(f->fix));
		jl_buf_putc(b, '\n');
	}
}

void
jl_findings_text(const struct jl_findings *fs, const char *file,
    struct jl_buf *b)
{
	size_t	i;

	for (i = 0; i < fs->v.n; i++)
		finding_line(b, fs->v.items[i], file);
	if (fs->dropped > 0)
		jl_buf_printf(b, "%s: %zu more findings not shown (limit %d)\n",
		    file, fs->dropped, JL_MAX_FINDINGS);
}

void
jl_findings_expect(const struct jl_findings *fs, struct jl_buf *b)
{
	size_t	i;

	for (i = 0; i < fs->v.n; i++)
		finding_line(b, fs->v.items[i], NULL);
	if (fs->dropped > 0)
		jl_buf_printf(b, "%zu more findings not shown (limit %d)\n",
		    fs->dropped, JL_MAX_FINDINGS);
}

void
jl_finding_json(const struct jl_finding *f, const char *file,
    struct jl_buf *b)
{
	unsigned	l1 = 0, c1 = 0, l2 = 0, c2 = 0;

	if (f->src != NULL)
		jl_loc_span(f->src, f->loc, &l1, &c1, &l2, &c2);
	jl_buf_puts(b, "\"file\":");
	jl_buf_json_str(b, file);
	if (f->src != NULL)
		jl_buf_printf(b, ",\"line\":%u,\"column\":%u,\"end_line\":%u,"
		    "\"end_column\":%u", l1, c1, l2, c2);
	else
		jl_buf_puts(b, ",\"line\":null,\"column\":null,"
		    "\"end_line\":null,\"end_column\":null");
	jl_buf_puts(b, ",\"rule\":");
	jl_buf_json_str(b, f->rule);
	jl_buf_puts(b, ",\"severity\":");
	jl_buf_json_str(b, jl_sev_name(f->sev));
	jl_buf_puts(b, ",\"message\":");
	jl_buf_json_str(b, f->message);
	jl_buf_puts(b, ",\"fix\":");
	jl_buf_json_str(b, f->fix);
	if (f->src == NULL) {
		jl_buf_puts(b, ",\"origin\":");
		jl_buf_json_str(b, f->where);
	}
	/* Only when the policy says so: older readers see no change. */
	if (f->mode != NULL) {
		jl_buf_puts(b, ",\"mode\":");
		jl_buf_json_str(b, f->mode);
	}
	/* jlint cannot be sure: never enforced (jl_verdict()). */
	if (f->guess)
		jl_buf_puts(b, ",\"guess\":true");
	/* "exemption": the one that covers it, or one that expired. */
	if (f->exempted || f->exempt_reason != NULL) {
		char	date[32];

		if (f->exempted)
			jl_buf_puts(b, ",\"exempted\":true");
		jl_buf_puts(b, ",\"exemption\":{\"reason\":");
		jl_buf_json_str(b, f->exempt_reason);
		jl_buf_puts(b, ",\"until\":");
		if (f->exempt_until != 0) {
			until_date(date, sizeof(date), f->exempt_until);
			jl_buf_json_str(b, date);
		} else
			jl_buf_puts(b, "null");
		jl_buf_printf(b, ",\"expired\":%s}", f->exempted ? "false" :
		    "true");
	}
}

/* --- the report ------------------------------------------------------- */

void
jl_report_init(struct jl_report *r, enum jl_format fmt, int color,
    const char *version)
{
	memset(r, 0, sizeof(*r));
	r->fmt = fmt;
	r->color = color && fmt == JL_FMT_TEXT;
	r->version = version;
	jl_arena_init(&r->a);
	jl_buf_init(&r->body);
}

void
jl_report_free(struct jl_report *r)
{
	jl_buf_free(&r->body);
	jl_arena_free(&r->a);
}

/* The report's copy of the rule a finding belongs to; its index in *idx. */
static const struct jl_report_rule *
report_rule(struct jl_report *r, const struct jl_ruleset *rs,
    const struct jl_finding *f, size_t *idx)
{
	struct jl_report_rule	*rr;
	const struct jl_rule	*rule = NULL;
	enum jl_sev		 sev;
	size_t			 i;

	for (i = 0; i < r->rules.n; i++) {
		rr = r->rules.items[i];
		if (strcmp(rr->slug, f->rule) == 0) {
			*idx = i;
			return rr;
		}
	}
	if ((rr = jl_arena_alloc(&r->a, sizeof(*rr))) == NULL)
		return NULL;
	if (rs != NULL)
		rule = jl_ruleset_find(rs, f->rule);
	rr->slug = jl_arena_strdup(&r->a, f->rule);
	if (rule != NULL) {
		rr->code = jl_arena_strdup(&r->a, rule->code);
		rr->summary = jl_arena_strdup(&r->a, rule->summary);
		rr->doc = jl_arena_strdup(&r->a, rule->doc);
		rr->fix = rule->fix ? jl_arena_strdup(&r->a, rule->fix) : NULL;
		rr->sev = rule->severity;
		if (jl_rule_enabled(rs, rule, &sev, NULL))
			rr->sev = sev;
	} else {
		rr->summary = rr->slug;
		rr->doc = rr->slug;
		rr->sev = f->sev;
	}
	if (rr->slug == NULL || jl_vec_push(&r->a, &r->rules, rr) != 0)
		return NULL;
	*idx = r->rules.n - 1;
	return rr;
}

static const char *
sev_color(enum jl_sev s)
{
	return s == JL_SEV_ERROR ? C_ERROR : s == JL_SEV_WARNING ? C_WARNING :
	    C_INFO;
}

/*
 * The source line of a finding with its span underlined:
 *
 *	  7 | #SBATCH --time=12:00
 *	    |         ^~~~~~~~~~~~
 *
 * A long line shows a window around the span; a span running past the
 * line is underlined to the end of the line.
 */
static void
text_excerpt(struct jl_report *r, struct jl_buf *b, const struct jl_finding *f)
{
	const struct jl_src	*src = f->src;
	const char		*line;
	size_t			 off, len, s, e, ws, we, pre, span;
	unsigned		 l1, c1, l2, c2, digits;
	char			 num[16];
	struct jl_buf		 tmp;

	jl_loc_span(src, f->loc, &l1, &c1, &l2, &c2);
	if (jl_src_line(src, l1, &off, &len) != 0)
		return;
	line = src->data + off;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	s = c1 - 1;
	if (s > len)
		s = len;
	e = l2 == l1 ? (size_t)c2 - 1 : len;
	if (e > len)
		e = len;
	if (e < s)
		e = s;
	/* The window: up to EXCERPT_LEAD bytes before the span. */
	ws = s > EXCERPT_LEAD ? s - EXCERPT_LEAD : 0;
	we = ws + EXCERPT_MAX < len ? ws + EXCERPT_MAX : len;
	if (e > we)
		e = we;
	snprintf(num, sizeof(num), "%u", l1);
	digits = (unsigned)strlen(num);
	jl_buf_printf(b, " %s%s |%s ", r->color ? C_DIM : "", num,
	    r->color ? C_RESET : "");
	if (ws > 0)
		jl_buf_puts(b, "...");
	jl_buf_init(&tmp);
	pre = sanitize_cols(&tmp, line + ws, s - ws);
	span = sanitize_cols(&tmp, line + s, e - s);
	(void)sanitize_cols(&tmp, line + e, we - e);
	if (tmp.data != NULL)
		jl_buf_add(b, tmp.data, tmp.len);
	jl_buf_free(&tmp);
	if (we < len)
		jl_buf_puts(b, "...");
	jl_buf_printf(b, "\n %*s %s|%s ", (int)digits, "",
	    r->color ? C_DIM : "", r->color ? C_RESET : "");
	if (ws > 0)
		pre += 3;
	while (pre-- > 0)
		jl_buf_putc(b, ' ');
	if (r->color)
		jl_buf_puts(b, C_CARET);
	jl_buf_putc(b, '^');
	while (span-- > 1)
		jl_buf_putc(b, '~');
	if (r->color)
		jl_buf_puts(b, C_RESET);
	jl_buf_putc(b, '\n');
}

static void
add_text(struct jl_report *r, const struct jl_findings *fs, const char *file,
    struct jl_buf *b, int excerpt)
{
	const struct jl_finding	*f;
	size_t			 i;

	for (i = 0; i < fs->v.n; i++) {
		f = fs->v.items[i];
		if (r->color)
			jl_buf_puts(b, C_BOLD);
		text_where(b, f, file);
		jl_buf_puts(b, ": ");
		if (r->color)
			jl_buf_printf(b, "%s%s:%s ", sev_color(f->sev),
			    jl_sev_name(f->sev), C_RESET);
		else
			jl_buf_printf(b, "%s: ", jl_sev_name(f->sev));
		jl_buf_sanitize(b, f->message, strlen(f->message));
		jl_finding_note(b, f);
		jl_buf_printf(b, " %s[%s]%s\n", r->color ? C_DIM : "", f->rule,
		    r->color ? C_RESET : "");
		if (!excerpt)
			continue;
		if (f->src != NULL)
			text_excerpt(r, b, f);
		if (f->fix != NULL) {
			jl_buf_puts(b, "  fix: ");
			jl_buf_sanitize(b, f->fix, strlen(f->fix));
			jl_buf_putc(b, '\n');
		}
	}
	if (fs->dropped > 0 && excerpt) {
		jl_buf_sanitize(b, file, strlen(file));
		jl_buf_printf(b, ": %zu more findings not shown (limit %d)\n",
		    fs->dropped, JL_MAX_FINDINGS);
	}
}

/* %-encode a workflow command's data (and, for properties, : and ,). */
static void
gh_escape(struct jl_buf *b, const char *s, int property)
{
	struct jl_buf	 t;
	size_t		 i;

	jl_buf_init(&t);
	jl_buf_sanitize(&t, s, strlen(s));
	for (i = 0; t.data != NULL && i < t.len; i++) {
		char c = t.data[i];

		if (c == '%')
			jl_buf_puts(b, "%25");
		else if (property && c == ':')
			jl_buf_puts(b, "%3A");
		else if (property && c == ',')
			jl_buf_puts(b, "%2C");
		else
			jl_buf_putc(b, c);
	}
	jl_buf_free(&t);
}

static void
add_github(const struct jl_findings *fs, const char *file, struct jl_buf *b)
{
	const struct jl_finding	*f;
	unsigned		 l1, c1, l2, c2;
	size_t			 i;

	for (i = 0; i < fs->v.n; i++) {
		f = fs->v.items[i];
		/* An exempted finding does not fail the check: a notice. */
		jl_buf_printf(b, "::%s file=", f->exempted ? "notice" :
		    f->sev == JL_SEV_ERROR ? "error" :
		    f->sev == JL_SEV_WARNING ? "warning" : "notice");
		gh_escape(b, file, 1);
		if (f->src != NULL) {
			jl_loc_span(f->src, f->loc, &l1, &c1, &l2, &c2);
			jl_buf_printf(b, ",line=%u,col=%u,endLine=%u,"
			    "endColumn=%u", l1, c1, l2, c2);
		}
		jl_buf_puts(b, ",title=");
		gh_escape(b, f->rule, 1);
		jl_buf_puts(b, "::");
		if (f->src == NULL && f->where != NULL) {
			jl_buf_puts(b, "(");
			gh_escape(b, f->where, 0);
			jl_buf_puts(b, ") ");
		}
		gh_escape(b, f->message, 0);
		if (f->mode != NULL || f->exempted ||
		    f->exempt_reason != NULL) {
			struct jl_buf	t;

			jl_buf_init(&t);
			jl_finding_note(&t, f);
			gh_escape(b, t.data != NULL ? t.data : "", 0);
			jl_buf_free(&t);
		}
		if (f->fix != NULL) {
			jl_buf_puts(b, "%0Afix: ");
			gh_escape(b, f->fix, 0);
		}
		jl_buf_putc(b, '\n');
	}
}

static void
add_json(struct jl_report *r, const struct jl_ruleset *rs,
    const struct jl_findings *fs, const char *file)
{
	const struct jl_finding		*f;
	const struct jl_report_rule	*rr;
	size_t				 i, idx;

	for (i = 0; i < fs->v.n; i++) {
		f = fs->v.items[i];
		if (r->nresults++ > 0)
			jl_buf_putc(&r->body, ',');
		jl_buf_putc(&r->body, '{');
		jl_finding_json(f, file, &r->body);
		rr = report_rule(r, rs, f, &idx);
		jl_buf_puts(&r->body, ",\"code\":");
		jl_buf_json_str(&r->body, rr != NULL ? rr->code : NULL);
		jl_buf_putc(&r->body, '}');
	}
}

/* A relative path as a URI reference: unreserved bytes and '/' kept. */
static void
uri_escape(struct jl_buf *b, const char *path)
{
	const unsigned char	*p = (const unsigned char *)path;
	struct jl_buf		 t;

	jl_buf_init(&t);
	if (*p == '/')
		jl_buf_puts(&t, "file://");
	for (; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p) != NULL)
			jl_buf_putc(&t, *p);
		else
			jl_buf_printf(&t, "%%%02X", *p);
	}
	jl_buf_json_str(b, t.data != NULL ? t.data : "");
	jl_buf_free(&t);
}

static const char *
sarif_level(enum jl_sev s)
{
	return s == JL_SEV_ERROR ? "error" : s == JL_SEV_WARNING ? "warning" :
	    "note";
}

/*
 * A finding's fingerprint for code scanning: FNV-1a (64 bits) of its rule
 * and the text of its first line without surrounding blanks (for a
 * finding outside the script: where it comes from and the message), so
 * it survives lines added above it; ":N" numbers equal ones in a file.
 */
static uint64_t
finding_hash(const struct jl_finding *f)
{
	uint64_t	 h = 1469598103934665603ull;
	const char	*p;
	size_t		 off, len, i;
	unsigned	 line, col;

#define FNV(c)	(h = (h ^ (unsigned char)(c)) * 1099511628211ull)
	for (p = f->rule; *p != '\0'; p++)
		FNV(*p);
	FNV('\0');
	if (f->src != NULL) {
		jl_src_linecol(f->src, f->loc.off, &line, &col);
		if (jl_src_line(f->src, line, &off, &len) == 0) {
			while (len > 0 && (f->src->data[off] == ' ' ||
			    f->src->data[off] == '\t')) {
				off++;
				len--;
			}
			while (len > 0 && (f->src->data[off + len - 1] == ' ' ||
			    f->src->data[off + len - 1] == '\t' ||
			    f->src->data[off + len - 1] == '\r'))
				len--;
			for (i = 0; i < len; i++)
				FNV(f->src->data[off + i]);
		}
	} else {
		for (p = f->where != NULL ? f->where : ""; *p != '\0'; p++)
			FNV(*p);
		FNV('\0');
		for (p = f->message; *p != '\0'; p++)
			FNV(*p);
	}
#undef FNV
	return h;
}

/* Results of one file; insource: findings a # jlint disable suppressed. */
static void
add_sarif(struct jl_report *r, const struct jl_ruleset *rs,
    const struct jl_findings *fs, const char *file, int insource)
{
	const struct jl_finding	*f;
	struct jl_buf		*b = &r->body;
	struct jl_buf		 msg;
	unsigned		 l1 = 1, c1 = 1, l2 = 1, c2 = 1, occ;
	size_t			 i, j, idx = 0;
	uint64_t		*hashes, h;

	if (fs->v.n == 0 || (hashes = jl_arena_alloc(&r->a, fs->v.n *
	    sizeof(*hashes))) == NULL)
		return;
	for (i = 0; i < fs->v.n; i++) {
		f = fs->v.items[i];
		hashes[i] = h = finding_hash(f);
		if (report_rule(r, rs, f, &idx) == NULL)
			continue;
		for (j = 0, occ = 1; j < i; j++)
			occ += hashes[j] == h;
		if (r->nresults++ > 0)
			jl_buf_putc(b, ',');
		jl_buf_puts(b, "{\"ruleId\":");
		jl_buf_json_str(b, f->rule);
		jl_buf_printf(b, ",\"ruleIndex\":%zu,\"level\":\"%s\","
		    "\"message\":{\"text\":", idx, sarif_level(f->sev));
		jl_buf_init(&msg);
		if (f->src == NULL && f->where != NULL)
			jl_buf_printf(&msg, "(%s) ", f->where);
		jl_buf_puts(&msg, f->message);
		if (f->fix != NULL)
			jl_buf_printf(&msg, "\nfix: %s", f->fix);
		jl_buf_json_str(b, msg.data != NULL ? msg.data : "");
		jl_buf_free(&msg);
		/* Outside the script (command line): point at its first line,
		 * code scanning wants a location for every result. */
		l1 = c1 = l2 = c2 = 1;
		if (f->src != NULL)
			jl_loc_span(f->src, f->loc, &l1, &c1, &l2, &c2);
		if (c2 <= c1 && l2 == l1)
			c2 = c1 + 1;
		jl_buf_puts(b, "},\"locations\":[{\"physicalLocation\":"
		    "{\"artifactLocation\":{\"uri\":");
		uri_escape(b, file);
		jl_buf_printf(b, "},\"region\":{\"startLine\":%u,"
		    "\"startColumn\":%u,\"endLine\":%u,\"endColumn\":%u}}}]",
		    l1, c1, l2, c2);
		jl_buf_printf(b, ",\"partialFingerprints\":{"
		    "\"primaryLocationLineHash\":\"%016llx:%u\"}",
		    (unsigned long long)h, occ);
		if (insource)
			jl_buf_puts(b, ",\"suppressions\":[{\"kind\":"
			    "\"inSource\",\"status\":\"accepted\","
			    "\"justification\":\"a # jlint disable comment in "
			    "the script\"}]");
		/* An exemption is a suppression decided outside the file. */
		else if (f->exempted) {
			char	date[32];

			jl_buf_init(&msg);
			jl_buf_puts(&msg, "exempted by the site policy");
			if (f->exempt_until != 0) {
				until_date(date, sizeof(date),
				    f->exempt_until);
				jl_buf_printf(&msg, " until %s", date);
			}
			if (f->exempt_reason != NULL)
				jl_buf_printf(&msg, ": %s", f->exempt_reason);
			jl_buf_puts(b, ",\"suppressions\":[{\"kind\":"
			    "\"external\",\"status\":\"accepted\","
			    "\"justification\":");
			jl_buf_json_str(b, msg.data != NULL ? msg.data : "");
			jl_buf_puts(b, "}]");
			jl_buf_free(&msg);
		}
		if (f->mode != NULL || f->exempt_reason != NULL) {
			char	date[32];

			jl_buf_puts(b, ",\"properties\":{");
			if (f->mode != NULL) {
				jl_buf_puts(b, "\"mode\":");
				jl_buf_json_str(b, f->mode);
			}
			if (f->exempted)
				jl_buf_printf(b, "%s\"exempted\":true",
				    f->mode != NULL ? "," : "");
			else if (f->exempt_reason != NULL) {
				until_date(date, sizeof(date),
				    f->exempt_until);
				jl_buf_printf(b, "%s\"exemptionExpired\":\"%s\"",
				    f->mode != NULL ? "," : "", date);
			}
			jl_buf_putc(b, '}');
		}
		jl_buf_putc(b, '}');
	}
}

static void
count(struct jl_report *r, const struct jl_findings *fs)
{
	const struct jl_finding	*f;
	size_t			 i;

	for (i = 0; i < fs->v.n; i++) {
		f = fs->v.items[i];
		if (jl_finding_enforced(f) && !f->exempted)
			r->nenforced++;
		if (f->exempted)
			r->nexempt++;
		else if (f->sev == JL_SEV_ERROR)
			r->nerr++;
		else if (f->sev == JL_SEV_WARNING)
			r->nwarn++;
		else
			r->ninfo++;
	}
	r->dropped += fs->dropped;
}

void
jl_report_add(struct jl_report *r, const struct jl_ruleset *rs,
    const struct jl_findings *fs, const char *file, struct jl_buf *out)
{
	r->nfiles++;
	count(r, fs);
	switch (r->fmt) {
	case JL_FMT_TEXT:
		add_text(r, fs, file, out, 1);
		break;
	case JL_FMT_GCC:
		add_text(r, fs, file, out, 0);
		break;
	case JL_FMT_GITHUB:
		add_github(fs, file, out);
		break;
	case JL_FMT_JSON:
		add_json(r, rs, fs, file);
		break;
	case JL_FMT_SARIF:
		add_sarif(r, rs, fs, file, 0);
		break;
	}
}

void
jl_report_add_suppressed(struct jl_report *r, const struct jl_ruleset *rs,
    const struct jl_findings *fs, const char *file)
{
	if (r->fmt == JL_FMT_SARIF && fs != NULL)
		add_sarif(r, rs, fs, file, 1);
}

/* "LateDirective" from "late-directive": SARIF's rule name. */
static void
pascal(struct jl_buf *b, const char *slug)
{
	int	up = 1;

	for (; *slug != '\0'; slug++) {
		if (*slug == '-') {
			up = 1;
			continue;
		}
		jl_buf_putc(b, up && *slug >= 'a' && *slug <= 'z' ?
		    *slug - 'a' + 'A' : *slug);
		up = 0;
	}
}

static void
sarif_rules(struct jl_report *r, struct jl_buf *b)
{
	const struct jl_report_rule	*rr;
	struct jl_buf			 t;
	size_t				 i;

	for (i = 0; i < r->rules.n; i++) {
		rr = r->rules.items[i];
		if (i > 0)
			jl_buf_putc(b, ',');
		jl_buf_puts(b, "{\"id\":");
		jl_buf_json_str(b, rr->slug);
		jl_buf_init(&t);
		pascal(&t, rr->slug);
		jl_buf_puts(b, ",\"name\":");
		jl_buf_json_str(b, t.data != NULL ? t.data : rr->slug);
		jl_buf_free(&t);
		jl_buf_puts(b, ",\"shortDescription\":{\"text\":");
		jl_buf_json_str(b, rr->summary);
		jl_buf_puts(b, "},\"fullDescription\":{\"text\":");
		jl_buf_json_str(b, rr->doc);
		jl_buf_init(&t);
		jl_buf_puts(&t, rr->doc);
		if (rr->fix != NULL)
			jl_buf_printf(&t, "\nFix: %s", rr->fix);
		jl_buf_printf(&t, "\nMore: jlint explain %s", rr->slug);
		jl_buf_puts(b, "},\"help\":{\"text\":");
		jl_buf_json_str(b, t.data != NULL ? t.data : rr->doc);
		jl_buf_free(&t);
		jl_buf_putc(b, '}');
		/* The rule's page, docs/rules/SLUG.md (a site rule has none). */
		if (rr->code != NULL && strncmp(rr->code, "JL", 2) == 0) {
			jl_buf_init(&t);
			jl_buf_printf(&t, "%s%s.md", r->docs_url != NULL ?
			    r->docs_url : JL_DOCS_URL, rr->slug);
			jl_buf_puts(b, ",\"helpUri\":");
			jl_buf_json_str(b, t.data != NULL ? t.data : "");
			jl_buf_free(&t);
		}
		jl_buf_printf(b, ",\"defaultConfiguration\":{\"level\":\"%s\"}",
		    sarif_level(rr->sev));
		if (rr->code != NULL) {
			jl_buf_puts(b, ",\"properties\":{\"code\":");
			jl_buf_json_str(b, rr->code);
			jl_buf_puts(b, ",\"tags\":[\"slurm\"]}");
		}
		jl_buf_putc(b, '}');
	}
}

void
jl_report_finish(struct jl_report *r, struct jl_buf *out)
{
	switch (r->fmt) {
	case JL_FMT_TEXT:
		if (r->nerr + r->nwarn + r->ninfo + r->nexempt == 0)
			break;
		if (r->color)
			jl_buf_puts(out, C_BOLD);
		jl_buf_printf(out, "%zu error%s, %zu warning%s", r->nerr,
		    r->nerr == 1 ? "" : "s", r->nwarn, r->nwarn == 1 ? "" : "s");
		if (r->ninfo > 0)
			jl_buf_printf(out, ", %zu info", r->ninfo);
		if (r->nexempt > 0)
			jl_buf_printf(out, ", %zu exempted", r->nexempt);
		jl_buf_printf(out, " in %zu file%s", r->nfiles,
		    r->nfiles == 1 ? "" : "s");
		if (r->nenforced > 0)
			jl_buf_printf(out, "; the site policy enforces %zu: "
			    "its job_submit plugin rejects such jobs at "
			    "submission", r->nenforced);
		if (r->color)
			jl_buf_puts(out, C_RESET);
		jl_buf_putc(out, '\n');
		break;
	case JL_FMT_GCC:
	case JL_FMT_GITHUB:
		break;
	case JL_FMT_JSON:
		jl_buf_printf(out, "{\"version\":%d,\"findings\":[",
		    JL_JSON_VERSION);
		if (r->body.data != NULL)
			jl_buf_add(out, r->body.data, r->body.len);
		jl_buf_printf(out, "],\"summary\":{\"errors\":%zu,"
		    "\"warnings\":%zu,\"info\":%zu,\"files\":%zu,"
		    "\"not_shown\":%zu", r->nerr, r->nwarn, r->ninfo,
		    r->nfiles, r->dropped);
		if (r->nexempt > 0)
			jl_buf_printf(out, ",\"exempted\":%zu", r->nexempt);
		if (r->nenforced > 0)
			jl_buf_printf(out, ",\"enforced\":%zu", r->nenforced);
		jl_buf_puts(out, "}}\n");
		break;
	case JL_FMT_SARIF:
		jl_buf_puts(out, "{\"$schema\":\"https://json.schemastore.org/"
		    "sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{"
		    "\"tool\":{\"driver\":{\"name\":\"jlint\",\"version\":");
		jl_buf_json_str(out, r->version != NULL ? r->version : "0");
		jl_buf_puts(out, ",\"informationUri\":\"https://slurm.schedmd."
		    "com/sbatch.html\",\"rules\":[");
		sarif_rules(r, out);
		jl_buf_puts(out, "]}},\"results\":[");
		if (r->body.data != NULL)
			jl_buf_add(out, r->body.data, r->body.len);
		jl_buf_puts(out, "]}]}\n");
		break;
	}
}

/* --- jlint audit's report ------------------------------------------------- */

static const char *const act_name[JL_AUDIT__N] = { "reject", "warn", "log" };
static const char *const audit_fmt_names[] = { "text", "json", "csv", NULL };

int
jl_audit_fmt_parse(const char *s, enum jl_audit_fmt *out)
{
	int	i = name_index(audit_fmt_names, s);

	return i < 0 ? -1 : (*out = (enum jl_audit_fmt)i, 0);
}

enum jl_audit_act
jl_audit_column(enum jl_action act)
{
	return act == JL_ACT_REJECT ? JL_AUDIT_REJECT : act == JL_ACT_LOG ?
	    JL_AUDIT_LOG : JL_AUDIT_WARN;
}

/* What a rule's findings do (a rule with no mode: its warnings warn). */
static const char *
rule_act(const struct jl_audit_rule *r)
{
	return act_name[jl_audit_column(jl_mode_action(r->mode,
	    JL_SEV_WARNING))];
}

static const char *
mode_name(enum jl_mode m)
{
	return jl_mode_name(m) != NULL ? jl_mode_name(m) : "default";
}

static const char *
script_name(enum jl_audit_script s)
{
	return s == JL_AUDIT_SCRIPT_READ ? "read" : s == JL_AUDIT_SCRIPT_NONE ?
	    "none" : "unreadable";
}

/* Is finding i of a job the first of its rule, and in column act? */
static int
first_of_rule(const struct jl_audit_job *aj, size_t i, enum jl_audit_act act)
{
	size_t	k;

	if (aj->f[i].act != act)
		return 0;
	for (k = 0; k < i; k++)
		if (strcmp(aj->f[k].rule, aj->f[i].rule) == 0)
			return 0;
	return 1;
}

/* The job's slugs for one action, sep-joined, or "". */
static const char *
slugs(struct jl_arena *a, const struct jl_audit_job *aj,
    enum jl_audit_act act, const char *sep)
{
	struct jl_buf	 b;
	const char	*s;
	size_t		 i;

	jl_buf_init(&b);
	for (i = 0; i < aj->nf; i++) {
		if (!first_of_rule(aj, i, act))
			continue;
		if (b.len > 0)
			jl_buf_puts(&b, sep);
		jl_buf_puts(&b, aj->f[i].rule);
	}
	s = b.len > 0 && !b.failed ? jl_arena_strdup(a, b.data) : "";
	jl_buf_free(&b);
	return s;
}

/* The job's slugs per column, ","-joined (reject, warn, log). */
static void
job_slugs(struct jl_audit_report *au, const struct jl_audit_job *aj,
    const char *s[JL_AUDIT__N])
{
	int	k;

	for (k = 0; k < JL_AUDIT__N; k++)
		s[k] = slugs(au->a, aj, (enum jl_audit_act)k, ",");
}

static int
rule_cmp(const void *x, const void *y)
{
	const struct jl_audit_rule *a = *(const struct jl_audit_rule *const *)x;
	const struct jl_audit_rule *b = *(const struct jl_audit_rule *const *)y;

	if (a->mode != b->mode)
		return (a->mode == JL_MODE_ENFORCE ? 0 : 1) -
		    (b->mode == JL_MODE_ENFORCE ? 0 : 1);
	if (a->njobs != b->njobs)
		return a->njobs < b->njobs ? 1 : -1;
	return strcmp(a->rule, b->rule);
}

/* Jobs per column, each in its first (rejected, warned, logged only);
 * exempt jobs in none. */
static void
count_jobs(const struct jl_audit_report *au, size_t n[JL_AUDIT__N])
{
	const struct jl_audit_job	*aj;
	size_t				 i;
	int				 k;

	for (k = 0; k < JL_AUDIT__N; k++)
		n[k] = 0;
	for (i = 0; i < au->jobs.n; i++) {
		aj = au->jobs.items[i];
		for (k = 0; k < JL_AUDIT__N && !aj->exempt; k++)
			if (aj->nact[k] > 0) {
				n[k]++;
				break;
			}
	}
}

static void
put_text(struct jl_audit_report *au, struct jl_buf *b)
{
	const struct jl_audit_job	*aj;
	const struct jl_audit_rule	*r;
	const char		*s[JL_AUDIT__N];
	int			 wid = 5, wuser = 4, wpart = 9, wrej = 6;
	int			 wrule = 4;
	size_t			 i, n[JL_AUDIT__N];

	count_jobs(au, n);
	for (i = 0; i < au->jobs.n; i++) {
		aj = au->jobs.items[i];
		if (aj->nf == 0 && aj->script == JL_AUDIT_SCRIPT_READ)
			continue;
		if ((int)strlen(aj->id) > wid)
			wid = (int)strlen(aj->id);
		if ((int)strlen(aj->user) > wuser)
			wuser = (int)strlen(aj->user);
		if ((int)strlen(aj->partition) > wpart)
			wpart = (int)strlen(aj->partition);
		s[0] = slugs(au->a, aj, JL_AUDIT_REJECT, ",");
		if ((int)strlen(s[0]) > wrej)
			wrej = (int)strlen(s[0]);
	}
	jl_buf_printf(b, "jlint audit: %zu job%s (%s%s%s), policy %s\n",
	    au->nseen, au->nseen == 1 ? "" : "s", au->pending ? "pending" : "",
	    au->pending && au->running ? " and " : "", au->running ?
	    "running" : "", au->policy_name);
	if (n[JL_AUDIT_REJECT] + n[JL_AUDIT_WARN] + n[JL_AUDIT_LOG] > 0) {
		jl_buf_printf(b, "\n%-*s  %-*s  %-*s  %-*s  %s\n", wid, "JOBID",
		    wuser, "USER", wpart, "PARTITION", wrej, "REJECT", "WARN");
		for (i = 0; i < au->jobs.n; i++) {
			aj = au->jobs.items[i];
			if (aj->nf == 0 || aj->exempt)
				continue;
			job_slugs(au, aj, s);
			jl_buf_printf(b, "%-*s  %-*s  %-*s  %-*s  %s%s%s%s\n",
			    wid, aj->id, wuser, aj->user, wpart, aj->partition,
			    wrej, *s[0] ? s[0] : "-", *s[1] ? s[1] :
			    *s[2] ? "" : "-", *s[1] && *s[2] ? " " : "",
			    *s[2] ? "log: " : "", s[2]);
		}
	}
	if (au->rules.n > 0) {
		if (au->rules.n > 1)
			qsort(au->rules.items, au->rules.n, sizeof(void *),
			    rule_cmp);
		for (i = 0; i < au->rules.n; i++) {
			r = au->rules.items[i];
			if ((int)strlen(r->rule) > wrule)
				wrule = (int)strlen(r->rule);
		}
		jl_buf_printf(b, "\n%-*s  %-8s  %-7s  %5s  %5s\n", wrule,
		    "RULE", "MODE", "ACTION", "JOBS", "USERS");
		for (i = 0; i < au->rules.n; i++) {
			r = au->rules.items[i];
			jl_buf_printf(b, "%-*s  %-8s  %-7s  %5zu  %5zu\n",
			    wrule, r->rule, mode_name(r->mode), rule_act(r),
			    r->njobs, r->users.n);
		}
	}
	if (au->nnone + au->nunread > 0) {
		jl_buf_printf(b, "\nJudged by the job rules only (%zu "
		    "job%s):\n", au->nnone + au->nunread, au->nnone +
		    au->nunread == 1 ? "" : "s");
		for (i = 0; i < au->jobs.n; i++) {
			aj = au->jobs.items[i];
			if (aj->script == JL_AUDIT_SCRIPT_READ)
				continue;
			jl_buf_printf(b, "  %-*s  %-*s  %s%s\n", wid, aj->id,
			    wuser, aj->user, aj->script ==
			    JL_AUDIT_SCRIPT_NONE ? "no batch script (srun/salloc, "
			    "or a het component listed alone)" : "batch script not readable: ",
			    aj->script == JL_AUDIT_SCRIPT_UNREADABLE ? aj->why :
			    "");
		}
	}
	if (au->nexempt > 0) {
		jl_buf_printf(b, "\nExempt: the plugin does not judge jobs of "
		    "root or the SlurmUser (%zu job%s):\n", au->nexempt,
		    au->nexempt == 1 ? "" : "s");
		for (i = 0; i < au->jobs.n; i++) {
			aj = au->jobs.items[i];
			if (!aj->exempt)
				continue;
			job_slugs(au, aj, s);
			jl_buf_printf(b, "  %-*s  %-*s  %s%s%s%s%s%s\n", wid,
			    aj->id, wuser, aj->user, aj->nf > 0 ?
			    "the rules find: " : "the rules find nothing", s[0], *s[0] && *s[1] ?
			    "," : "", s[1], (*s[0] || *s[1]) && *s[2] ? "," :
			    "", s[2]);
		}
	}
	jl_buf_printf(b, "\n%zu job%s: %zu would be rejected, %zu warned, %zu "
	    "logged only, %zu clean, %zu exempt; %zu without a script, %zu "
	    "with an unreadable script\n", au->jobs.n, au->jobs.n == 1 ? "" :
	    "s", n[JL_AUDIT_REJECT], n[JL_AUDIT_WARN], n[JL_AUDIT_LOG],
	    au->nclean, au->nexempt, au->nnone,
	    au->nunread);
}

static void
json_list(struct jl_buf *b, const struct jl_vec *v)
{
	size_t	i;

	jl_buf_putc(b, '[');
	for (i = 0; i < v->n; i++) {
		if (i)
			jl_buf_putc(b, ',');
		jl_buf_json_str(b, v->items[i]);
	}
	jl_buf_putc(b, ']');
}

static void
json_slugs(struct jl_buf *b, const struct jl_audit_job *aj,
    enum jl_audit_act act)
{
	size_t	i;
	int	n = 0;

	jl_buf_putc(b, '[');
	for (i = 0; i < aj->nf; i++) {
		if (!first_of_rule(aj, i, act))
			continue;
		if (n++)
			jl_buf_putc(b, ',');
		jl_buf_json_str(b, aj->f[i].rule);
	}
	jl_buf_putc(b, ']');
}

static void
put_json(struct jl_audit_report *au, struct jl_buf *b)
{
	const struct jl_audit_job	*aj;
	const struct jl_audit_find	*f;
	const struct jl_audit_rule	*r;
	size_t			 i, k, n[JL_AUDIT__N];

	count_jobs(au, n);
	jl_buf_puts(b, "{\"policy\":");
	jl_buf_json_str(b, au->policy_name);
	jl_buf_printf(b, ",\"states\":[%s%s%s],\"jobs\":[", au->pending ?
	    "\"pending\"" : "", au->pending && au->running ? "," : "",
	    au->running ? "\"running\"" : "");
	for (i = 0; i < au->jobs.n; i++) {
		aj = au->jobs.items[i];
		jl_buf_puts(b, i ? ",{\"id\":" : "{\"id\":");
		jl_buf_json_str(b, aj->id);
		jl_buf_printf(b, ",\"job_id\":%" PRIu32 ",\"user\":",
		    aj->job_id);
		jl_buf_json_str(b, aj->user);
		jl_buf_printf(b, ",\"uid\":%" PRIu32 ",\"account\":", aj->uid);
		jl_buf_json_str(b, aj->account);
		jl_buf_puts(b, ",\"partition\":");
		jl_buf_json_str(b, aj->partition);
		jl_buf_printf(b, ",\"state\":\"%s\",\"script\":\"%s\","
		    "\"exempt\":%s", aj->state, script_name(aj->script),
		    aj->exempt ? "true" : "false");
		if (aj->script == JL_AUDIT_SCRIPT_UNREADABLE) {
			jl_buf_puts(b, ",\"script_error\":");
			jl_buf_json_str(b, aj->why);
		}
		jl_buf_puts(b, ",\"reject\":");
		json_slugs(b, aj, JL_AUDIT_REJECT);
		jl_buf_puts(b, ",\"warn\":");
		json_slugs(b, aj, JL_AUDIT_WARN);
		jl_buf_puts(b, ",\"log\":");
		json_slugs(b, aj, JL_AUDIT_LOG);
		jl_buf_puts(b, ",\"findings\":[");
		for (k = 0; k < aj->nf; k++) {
			f = &aj->f[k];
			jl_buf_puts(b, k ? ",{\"rule\":" : "{\"rule\":");
			jl_buf_json_str(b, f->rule);
			jl_buf_puts(b, ",\"code\":");
			jl_buf_json_str(b, f->code);
			jl_buf_printf(b, ",\"severity\":\"%s\",\"mode\":\"%s\","
			    "\"action\":\"%s\",\"line\":", jl_sev_name(f->sev),
			    mode_name(f->mode), act_name[f->act]);
			if (f->line > 0)
				jl_buf_printf(b, "%u", f->line);
			else
				jl_buf_puts(b, "null");
			jl_buf_puts(b, ",\"where\":");
			jl_buf_json_str(b, f->where);
			jl_buf_puts(b, ",\"message\":");
			jl_buf_json_str(b, f->message);
			jl_buf_putc(b, '}');
		}
		jl_buf_puts(b, "]}");
	}
	jl_buf_puts(b, "],\"rules\":[");
	if (au->rules.n > 1)
		qsort(au->rules.items, au->rules.n, sizeof(void *),
		    rule_cmp);
	for (i = 0; i < au->rules.n; i++) {
		r = au->rules.items[i];
		jl_buf_puts(b, i ? ",{\"rule\":" : "{\"rule\":");
		jl_buf_json_str(b, r->rule);
		jl_buf_puts(b, ",\"code\":");
		jl_buf_json_str(b, r->code);
		jl_buf_printf(b, ",\"mode\":\"%s\",\"action\":\"%s\","
		    "\"severity\":\"%s\",\"jobs\":%zu,\"users\":%zu,"
		    "\"job_ids\":", mode_name(r->mode), rule_act(r),
		    jl_sev_name(r->sev), r->njobs,
		    r->users.n);
		json_list(b, &r->jobs);
		jl_buf_puts(b, ",\"user_names\":");
		json_list(b, &r->users);
		jl_buf_putc(b, '}');
	}
	jl_buf_printf(b, "],\"summary\":{\"seen\":%zu,\"jobs\":%zu,"
	    "\"rejected\":%zu,\"warned\":%zu,\"logged\":%zu,\"clean\":%zu,"
	    "\"exempt\":%zu,\"no_script\":%zu,\"unreadable\":%zu}}\n",
	    au->nseen, au->jobs.n, n[JL_AUDIT_REJECT], n[JL_AUDIT_WARN],
	    n[JL_AUDIT_LOG], au->nclean, au->nexempt,
	    au->nnone, au->nunread);
}

static void
csv_field(struct jl_buf *b, const char *s, int last)
{
	const char	*p;

	if (s == NULL)
		s = "";
	if (strpbrk(s, ",\"\r\n") != NULL) {
		jl_buf_putc(b, '"');
		for (p = s; *p != '\0'; p++) {
			if (*p == '"')
				jl_buf_putc(b, '"');
			jl_buf_putc(b, *p);
		}
		jl_buf_putc(b, '"');
	} else
		jl_buf_puts(b, s);
	jl_buf_puts(b, last ? "\r\n" : ",");
}

/* One CSV row of n fields, CRLF-terminated. */
static void
csv_row(struct jl_buf *b, const char *const *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		csv_field(b, v[i], i + 1 == n);
}

static void
put_csv(struct jl_audit_report *au, struct jl_buf *b)
{
	const struct jl_audit_job	*aj;
	const struct jl_audit_rule	*r;
	struct jl_buf			 t;
	char				 n1[32], n2[32];
	size_t				 i, k;

	if (au->table_rules) {
		if (au->rules.n > 1)
			qsort(au->rules.items, au->rules.n, sizeof(void *),
			    rule_cmp);
		jl_buf_puts(b, "rule,code,mode,action,severity,jobs,users,"
		    "job_ids\r\n");
		for (i = 0; i < au->rules.n; i++) {
			r = au->rules.items[i];
			snprintf(n1, sizeof(n1), "%zu", r->njobs);
			snprintf(n2, sizeof(n2), "%zu", r->users.n);
			jl_buf_init(&t);
			for (k = 0; k < r->jobs.n; k++) {
				if (k)
					jl_buf_putc(&t, ' ');
				jl_buf_puts(&t, r->jobs.items[k]);
			}
			csv_row(b, (const char *const []){ r->rule, r->code,
			    mode_name(r->mode), rule_act(r),
			    jl_sev_name(r->sev), n1, n2, t.data != NULL ?
			    t.data : "" }, 8);
			jl_buf_free(&t);
		}
		return;
	}
	jl_buf_puts(b, "job_id,user,account,partition,state,script,exempt,"
	    "reject,warn,log\r\n");
	for (i = 0; i < au->jobs.n; i++) {
		aj = au->jobs.items[i];
		csv_row(b, (const char *const []){ aj->id, aj->user,
		    aj->account, aj->partition, aj->state,
		    script_name(aj->script), aj->exempt ? "yes" : "no",
		    slugs(au->a, aj, JL_AUDIT_REJECT, " "),
		    slugs(au->a, aj, JL_AUDIT_WARN, " "),
		    slugs(au->a, aj, JL_AUDIT_LOG, " ") }, 10);
	}
}

void
jl_audit_write(struct jl_audit_report *r, enum jl_audit_fmt fmt,
    struct jl_buf *out)
{
	switch (fmt) {
	case JL_AUDIT_TEXT:
		put_text(r, out);
		break;
	case JL_AUDIT_JSON:
		put_json(r, out);
		break;
	case JL_AUDIT_CSV:
		put_csv(r, out);
		break;
	}
}

/* --- jlint rules, jlint explain, jlint test's sidecars ------------------- */

static const char *const rules_fmt_names[] = {
	"text", "json", "markdown", "slugs", NULL
};

int
jl_rules_fmt_parse(const char *s, enum jl_rules_fmt *out)
{
	int	i = name_index(rules_fmt_names, s);

	return i < 0 ? -1 : (*out = (enum jl_rules_fmt)i, 0);
}

/* ,"key":"value" (value NULL: null). */
static void
json_member(struct jl_buf *b, const char *key, const char *value)
{
	jl_buf_printf(b, ",\"%s\":", key);
	jl_buf_json_str(b, value);
}

/* A rule's mode for a listing: its name, or "-" for none. */
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

/* Markdown table text: | escaped, newlines as spaces. */
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

void
jl_rules_write(const struct jl_ruleset *rs, enum jl_rules_fmt fmt,
    struct jl_buf *b)
{
	const struct jl_rule	*r;
	const char		*l;
	enum jl_sev		 sev;
	enum jl_mode		 mode;
	size_t			 i, n;
	int			 on;

	if (fmt == JL_RULES_JSON) {
		jl_buf_printf(b, "{\"version\":%d,\"policy\":",
		    JL_JSON_VERSION);
		jl_buf_json_str(b, rs->policy != NULL ? rs->policy->path :
		    NULL);
		jl_buf_puts(b, ",\"rules\":[");
	} else if (fmt == JL_RULES_MARKDOWN)
		jl_buf_puts(b, "| Code | Rule | Severity | Example | What "
		    "it catches |\n|---|---|---|---|---|\n");
	for (i = 0; i < rs->nrules; i++) {
		r = rs->rules[i];
		on = jl_rule_enabled(rs, r, &sev, &mode);
		if (fmt == JL_RULES_SLUGS) {
			jl_buf_printf(b, "%s\n", r->slug);
		} else if (fmt == JL_RULES_JSON) {
			if (i > 0)
				jl_buf_putc(b, ',');
			jl_buf_puts(b, "{\"code\":");
			jl_buf_json_str(b, r->code);
			json_member(b, "slug", r->slug);
			jl_buf_printf(b, ",\"severity\":\"%s\",\"enabled\":"
			    "%s,\"mode\":", jl_sev_name(sev), on ? "true" :
			    "false");
			jl_buf_json_str(b, mode == JL_MODE_DEFAULT ? NULL :
			    mode_word(mode));
			json_member(b, "summary", r->summary);
			json_member(b, "doc", r->doc);
			json_member(b, "fix", r->fix);
			jl_buf_printf(b, ",\"site\":%s", r->site ? "true" :
			    "false");
			json_member(b, "origin", r->origin);
			jl_buf_putc(b, '}');
		} else if (fmt == JL_RULES_MARKDOWN) {
			jl_buf_printf(b, "| %s | `%s` | %s | ", r->code,
			    r->slug, jl_sev_name(r->severity));
			if (r->bad != NULL && r->good != NULL &&
			    first_diff_line(r->bad, r->badlen, r->good,
			    r->goodlen, &l, &n))
				md_code(b, l, n);
			else if (r->bad != NULL && r->good != NULL &&
			    first_diff_line(r->good, r->goodlen, r->bad,
			    r->badlen, &l, &n)) {
				jl_buf_puts(b, "no ");
				md_code(b, l, n);
			} else
				jl_buf_puts(b, "-");
			jl_buf_puts(b, " | ");
			md_text(b, r->summary);
			jl_buf_puts(b, " |\n");
		} else {
			jl_buf_printf(b, "%-9s %-30s %-8s %-8s ", r->code,
			    r->slug, on ? jl_sev_name(sev) : "off",
			    mode_word(mode));
			jl_buf_sanitize(b, r->summary, strlen(r->summary));
			jl_buf_putc(b, '\n');
		}
	}
	if (fmt == JL_RULES_JSON)
		jl_buf_puts(b, "]}\n");
}

/*
 * Lines of text, each sanitised and indented; a newline after each (all:
 * after the last one too, else only where the text has one).
 */
static void
clean_lines(struct jl_buf *b, const char *s, size_t n, const char *indent,
    int all)
{
	const char	*e = s + n, *q;

	while (s < e) {
		q = memchr(s, '\n', (size_t)(e - s));
		jl_buf_puts(b, indent);
		jl_buf_sanitize(b, s, q != NULL ? (size_t)(q - s) :
		    (size_t)(e - s));
		if (q != NULL || all)
			jl_buf_putc(b, '\n');
		if (q == NULL)
			break;
		s = q + 1;
	}
}

void
jl_rule_explain(const struct jl_ruleset *rs, const struct jl_rule *r,
    struct jl_buf *b)
{
	enum jl_sev	sev;
	enum jl_mode	mode;
	int		on;

	on = jl_rule_enabled(rs, r, &sev, &mode);
	jl_buf_printf(b, "%s (%s): %s\n", r->slug, r->code, r->summary);
	jl_buf_printf(b, "severity: %s", jl_sev_name(r->severity));
	if (!on)
		jl_buf_printf(b, "; off under %s", rs->policy->path);
	else if (sev != r->severity || mode != JL_MODE_DEFAULT)
		jl_buf_printf(b, "; %s%s%s under %s", jl_sev_name(sev),
		    mode != JL_MODE_DEFAULT ? ", mode " : "",
		    mode != JL_MODE_DEFAULT ? mode_word(mode) : "",
		    rs->policy->path);
	jl_buf_printf(b, "\ndefined in: %s:%u\n\n", r->origin, r->line);
	clean_lines(b, r->doc, strlen(r->doc), "", 0);
	if (r->doc[0] != '\0' && r->doc[strlen(r->doc) - 1] != '\n')
		jl_buf_putc(b, '\n');
	/* Never advice to suppress what the site enforces (issue 17.7). */
	if (on && mode == JL_MODE_ENFORCE)
		jl_buf_printf(b, "\nThe site policy enforces this rule: a "
		    "\"# jlint disable\" comment does not lift it, and the\n"
		    "job_submit plugin rejects the job.  If the finding is "
		    "wrong for your job, ask the\nadministrators for an "
		    "exemption (policy %s).\n", rs->policy->path);
	if (r->fix != NULL) {
		jl_buf_puts(b, "\nfix: ");
		jl_buf_sanitize(b, r->fix, strlen(r->fix));
		jl_buf_putc(b, '\n');
	}
	if (r->bad != NULL) {
		jl_buf_puts(b, "\nbad:\n");
		clean_lines(b, r->bad, r->badlen, "    ", 1);
	}
	if (r->good != NULL) {
		jl_buf_puts(b, "\ngood:\n");
		clean_lines(b, r->good, r->goodlen, "    ", 1);
	}
}

/* --- the JSON Schema of policy files ------------------------------------- */

static void
sch_indent(struct jl_buf *b, int depth)
{
	jl_buf_putc(b, '\n');
	while (depth-- > 0)
		jl_buf_puts(b, "  ");
}

/* "key": (after a comma when not first) at depth. */
static void
sch_key(struct jl_buf *b, int depth, int *first, const char *key)
{
	if (!*first)
		jl_buf_putc(b, ',');
	*first = 0;
	sch_indent(b, depth);
	jl_buf_json_str(b, key);
	jl_buf_puts(b, ": ");
}

/* The words of a NULL-terminated list as JSON strings, ", " between. */
static void
sch_word_items(struct jl_buf *b, const char *const *w, int *first)
{
	size_t	i;

	for (i = 0; w != NULL && w[i] != NULL; i++) {
		if (!*first)
			jl_buf_puts(b, ", ");
		*first = 0;
		jl_buf_json_str(b, w[i]);
	}
}

static void
sch_enum(struct jl_buf *b, const char *const *w)
{
	int	first = 1;

	jl_buf_puts(b, "{\"enum\": [");
	sch_word_items(b, w, &first);
	jl_buf_puts(b, "]}");
}

/* The keys of a mapping: an object schema closed to other keys. */
static void sch_map(struct jl_buf *, int, const struct jl_policy_key *,
	    int nullable);

/* The schema of one key's value. */
static void
sch_value(struct jl_buf *b, int depth, const struct jl_policy_key *k)
{
	size_t		 i;
	int		 first = 1;
	const char	*r, *obj, *name, *type, *doc;

	switch (k->type) {
	case JL_PK_STR:
		jl_buf_puts(b, "{\"type\": \"string\"");
		break;
	case JL_PK_BOOL:
		jl_buf_puts(b, "{\"$ref\": \"#/definitions/bool\"");
		break;
	case JL_PK_INT:
		jl_buf_puts(b, "{\"type\": \"integer\", \"minimum\": 1");
		break;
	case JL_PK_INT0:
		jl_buf_puts(b, "{\"type\": \"integer\", \"minimum\": 0");
		break;
	case JL_PK_DURATION:
		jl_buf_puts(b, "{\"$ref\": \"#/definitions/duration\"");
		break;
	case JL_PK_SIZE:
		jl_buf_puts(b, "{\"$ref\": \"#/definitions/size\"");
		break;
	case JL_PK_SIZE0:
		jl_buf_puts(b, "{\"anyOf\": [{\"type\": \"integer\", "
		    "\"minimum\": 0}, {\"$ref\": \"#/definitions/size\"}]");
		break;
	case JL_PK_WORD:
		jl_buf_puts(b, "{\"enum\": [");
		sch_word_items(b, k->words, &first);
		jl_buf_putc(b, ']');
		break;
	case JL_PK_WORDS:
		jl_buf_puts(b, "{\"anyOf\": [");
		sch_enum(b, k->words);
		jl_buf_puts(b, ", {\"type\": \"array\", \"items\": ");
		sch_enum(b, k->words);
		jl_buf_puts(b, "}]");
		break;
	case JL_PK_STRS:
		jl_buf_puts(b, "{\"$ref\": \"#/definitions/strings\"");
		break;
	case JL_PK_DATE:
		jl_buf_puts(b, "{\"type\": \"string\", \"pattern\": "
		    "\"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"");
		break;
	case JL_PK_RELEASE:
		jl_buf_puts(b, "{\"type\": \"string\", \"pattern\": \"^(");
		for (i = 0; (r = jl_slurm_release_text(i)) != NULL; i++) {
			if (i > 0)
				jl_buf_putc(b, '|');
			for (; *r != '\0'; r++)
				jl_buf_puts(b, *r == '.' ? "\\\\." :
				    (char[2]){ *r, '\0' });
		}
		jl_buf_puts(b, ")(\\\\.[0-9]+)?$\"");
		break;
	case JL_PK_MAP:
		sch_map(b, depth, k->keys, 1);
		b->len--;	/* reopen it for the description */
		break;
	case JL_PK_MAPS:
		jl_buf_puts(b, "{\"type\": [\"array\", \"null\"], \"items\": ");
		sch_map(b, depth + 1, k->keys, 0);
		break;
	case JL_PK_MODE:
		jl_buf_puts(b, "{\"anyOf\": [");
		sch_enum(b, k->words);
		jl_buf_puts(b, ", ");
		sch_map(b, depth + 1, k->keys, 0);
		jl_buf_putc(b, ']');
		break;
	case JL_PK_SETTINGS:
		jl_buf_puts(b, "{\"type\": [\"object\", \"null\"], "
		    "\"additionalProperties\": {\"anyOf\": [{\"type\": "
		    "\"boolean\"}, {\"enum\": [");
		sch_word_items(b, jl_policy_off_words, &first);
		sch_word_items(b, jl_policy_on_words, &first);
		for (i = 0; k->keys[i].name != NULL; i++)
			if (k->keys[i].type == JL_PK_WORD ||
			    k->keys[i].type == JL_PK_MODE)
				sch_word_items(b, k->keys[i].words, &first);
		jl_buf_puts(b, "]}, ");
		sch_map(b, depth + 1, k->keys, 0);
		jl_buf_puts(b, "]}");
		break;
	case JL_PK_SITE_RULES:
		/* The rule loader's keys; `when` names the model's fields. */
		jl_buf_puts(b, "{\"type\": [\"array\", \"null\"], \"items\": "
		    "{\"type\": \"object\", \"required\": [\"code\", "
		    "\"slug\"], \"additionalProperties\": false, "
		    "\"properties\": {");
		for (i = 0; jl_rule_keys[i] != NULL; i++) {
			sch_key(b, depth + 2, &first, jl_rule_keys[i]);
			if (strcmp(jl_rule_keys[i], "examples") == 0) {
				int	f2 = 1;
				size_t	j;

				jl_buf_puts(b, "{\"type\": \"object\", "
				    "\"additionalProperties\": false, "
				    "\"properties\": {");
				for (j = 0; jl_rule_example_keys[j] != NULL;
				    j++) {
					if (!f2)
						jl_buf_puts(b, ", ");
					f2 = 0;
					jl_buf_json_str(b,
					    jl_rule_example_keys[j]);
					jl_buf_puts(b, ": {}");
				}
				jl_buf_puts(b, "}}");
			} else if (strcmp(jl_rule_keys[i], "when") == 0) {
				struct jl_buf	d;
				size_t		j;

				jl_buf_init(&d);
				jl_buf_puts(&d, "An expression of the rule "
				    "language (jlint-policy(5), "
				    "docs/expressions.md) over:");
				for (j = 0; jl_field_at(j, &obj, &name, &type,
				    &doc) == 0; j++)
					jl_buf_printf(&d, "%s %s%s%s (%s)",
					    j > 0 ? "," : "", obj != NULL ?
					    obj : "", obj != NULL ? "." : "",
					    name, type);
				jl_buf_puts(b, "{\"type\": \"string\", "
				    "\"description\": ");
				jl_buf_json(b, d.data != NULL ? d.data : "",
				    d.len);
				b->failed |= d.failed;
				jl_buf_free(&d);
				jl_buf_putc(b, '}');
			} else
				jl_buf_puts(b, "{}");
		}
		sch_indent(b, depth + 1);
		jl_buf_puts(b, "}}");
		break;
	case JL_PK_GPUS:
		jl_buf_puts(b, "{\"type\": \"object\", "
		    "\"additionalProperties\": {\"type\": \"integer\", "
		    "\"minimum\": 1}");
		break;
	}
	if (k->doc != NULL) {
		jl_buf_puts(b, ", \"description\": ");
		jl_buf_json_str(b, k->doc);
	}
	jl_buf_putc(b, '}');
}

static void
sch_map(struct jl_buf *b, int depth, const struct jl_policy_key *keys,
    int nullable)
{
	size_t	i;
	int	first = 1;

	jl_buf_printf(b, "{\"type\": %s, \"additionalProperties\": false, "
	    "\"properties\": {", nullable ? "[\"object\", \"null\"]" :
	    "\"object\"");
	for (i = 0; keys[i].name != NULL; i++) {
		sch_key(b, depth + 1, &first, keys[i].name);
		sch_value(b, depth + 1, &keys[i]);
	}
	sch_indent(b, depth);
	jl_buf_puts(b, "}}");
}

void
jl_policy_schema(struct jl_buf *b)
{
	jl_buf_puts(b, "{\n  \"$schema\": "
	    "\"http://json-schema.org/draft-07/schema#\",\n"
	    "  \"title\": \"jlint site policy\",\n"
	    "  \"description\": \"A jlint policy file (.jlint.yaml, "
	    "/etc/slurm/jlint.yaml; jlint-policy(5)).  Generated by `jlint "
	    "policy schema` from the policy loader's key table (lint/policy.c) "
	    "and the field table (lint/fields.c): do not edit.\",\n"
	    "  \"definitions\": {\n"
	    "    \"bool\": {\"anyOf\": [{\"type\": \"boolean\"}, {\"enum\": [");
	{
		int	first = 1;

		sch_word_items(b, jl_policy_off_words, &first);
		sch_word_items(b, jl_policy_on_words, &first);
	}
	jl_buf_puts(b, "]}]},\n"
	    "    \"duration\": {\"anyOf\": [{\"type\": \"integer\", "
	    "\"minimum\": 0}, {\"type\": \"string\", \"pattern\": "
	    "\"^ *([Uu][Nn][Ll][Ii][Mm][Ii][Tt][Ee][Dd]|"
	    "[Ii][Nn][Ff][Ii][Nn][Ii][Tt][Ee]|-1|[0-9]+(:[0-9]+){0,2}|"
	    "[0-9]+-[0-9]+(:[0-9]+){0,2}) *$\"}], "
	    "\"description\": \"The --time grammar: minutes, MM:SS, "
	    "HH:MM:SS, D-HH[:MM[:SS]] or UNLIMITED.\"},\n"
	    "    \"size\": {\"anyOf\": [{\"type\": \"integer\", \"minimum\": "
	    "1}, {\"type\": \"string\", \"pattern\": "
	    "\"^ *[+]?[0-9]+[KMGTkmgt]?$\"}], \"description\": \"The --mem "
	    "grammar: MB, or a number with K, M, G or T.\"},\n"
	    "    \"strings\": {\"anyOf\": [{\"type\": \"string\"}, "
	    "{\"type\": \"array\", \"items\": {\"type\": \"string\"}}]}\n"
	    "  },\n  \"type\": \"object\",\n"
	    "  \"additionalProperties\": false,\n  \"properties\": {");
	{
		size_t	i;
		int	first = 1;

		for (i = 0; jl_policy_keys[i].name != NULL; i++) {
			sch_key(b, 2, &first, jl_policy_keys[i].name);
			sch_value(b, 2, &jl_policy_keys[i]);
		}
	}
	jl_buf_puts(b, "\n  }\n}\n");
}
