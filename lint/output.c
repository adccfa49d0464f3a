/*
 * output.c: findings as text and JSON.  Line and column are computed here,
 * from byte spans, only when output is produced.
 */
#include <string.h>

#include "output.h"

void
jl_buf_sanitize(struct jl_buf *b, const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f) {
			if (c == '\t')
				jl_buf_putc(b, ' ');
			else
				jl_buf_printf(b, "\\x%02x", c);
		} else
			jl_buf_putc(b, c);
	}
}

static void
span_linecol(const struct jl_src *src, struct jl_loc loc, unsigned *l1,
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

	span_linecol(src, loc, &l1, &c1, &l2, &c2);
	jl_buf_printf(b, "{\"line\":%u,\"column\":%u,\"end_line\":%u,"
	    "\"end_column\":%u}", l1, c1, l2, c2);
}

void
jl_findings_text(const struct jl_findings *fs, const char *file,
    struct jl_buf *b)
{
	const struct jl_finding	*f;
	unsigned		 l1, c1, l2, c2;
	size_t			 i;

	for (i = 0; i < fs->v.n; i++) {
		f = fs->v.items[i];
		jl_buf_sanitize(b, file, strlen(file));
		if (f->src != NULL) {
			span_linecol(f->src, f->loc, &l1, &c1, &l2, &c2);
			jl_buf_printf(b, ":%u:%u", l1, c1);
		} else if (f->where != NULL) {
			jl_buf_puts(b, ": (");
			jl_buf_sanitize(b, f->where, strlen(f->where));
			jl_buf_puts(b, ")");
		}
		jl_buf_printf(b, ": %s: ", jl_sev_name(f->sev));
		jl_buf_sanitize(b, f->message, strlen(f->message));
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
		span_linecol(f->src, f->loc, &l1, &c1, &l2, &c2);
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
}
