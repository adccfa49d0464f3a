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
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "output.h"

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

int
jl_format_parse(const char *s, enum jl_format *out)
{
	int	i;

	for (i = 0; format_names[i] != NULL; i++) {
		if (strcmp(format_names[i], s) == 0) {
			*out = (enum jl_format)i;
			return 0;
		}
	}
	return -1;
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
		jl_buf_printf(b, "site policy: %s%s", f->mode,
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

void
jl_findings_text(const struct jl_findings *fs, const char *file,
    struct jl_buf *b)
{
	const struct jl_finding	*f;
	size_t			 i;

	for (i = 0; i < fs->v.n; i++) {
		f = fs->v.items[i];
		text_where(b, f, file);
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
	if (fs->dropped > 0)
		jl_buf_printf(b, "%s: %zu more findings not shown (limit %d)\n",
		    file, fs->dropped, JL_MAX_FINDINGS);
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

static void
add_sarif(struct jl_report *r, const struct jl_ruleset *rs,
    const struct jl_findings *fs, const char *file)
{
	const struct jl_finding	*f;
	struct jl_buf		*b = &r->body;
	struct jl_buf		 msg;
	unsigned		 l1 = 1, c1 = 1, l2 = 1, c2 = 1;
	size_t			 i, idx = 0;

	for (i = 0; i < fs->v.n; i++) {
		f = fs->v.items[i];
		if (report_rule(r, rs, f, &idx) == NULL)
			continue;
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
		/* An exemption is a suppression decided outside the file. */
		if (f->exempted) {
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
		if (f->mode != NULL && strcmp(f->mode, "enforce") == 0 &&
		    !f->exempted)
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
		add_sarif(r, rs, fs, file);
		break;
	}
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
		jl_buf_printf(b, "},\"defaultConfiguration\":{\"level\":\"%s\"}",
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
