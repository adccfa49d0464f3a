/*
 * finding.c: the finding list.  Bounded (JL_MAX_FINDINGS), arena-owned.
 */
#include <stdlib.h>
#include <string.h>

#include "finding.h"

static struct jl_finding *
finding_add(struct jl_arena *a, struct jl_findings *fs, const char *rule,
    enum jl_sev sev, const char *fix)
{
	struct jl_finding	*f;

	if (fs->v.n >= JL_MAX_FINDINGS) {
		fs->dropped++;
		return NULL;
	}
	if ((f = jl_arena_alloc(a, sizeof(*f))) == NULL)
		return NULL;
	f->rule = rule;
	f->sev = sev;
	f->fix = fix;
	if (jl_vec_push(a, &fs->v, f) != 0)
		return NULL;
	return f;
}

struct jl_finding *
jl_report(struct jl_arena *a, struct jl_findings *fs, const char *rule,
    enum jl_sev sev, const struct jl_src *src, struct jl_loc loc,
    const char *fix, const char *fmt, ...)
{
	struct jl_finding	*f;
	va_list			 ap;

	if ((f = finding_add(a, fs, rule, sev, fix)) == NULL)
		return NULL;
	f->src = src;
	f->loc = loc;
	va_start(ap, fmt);
	f->message = jl_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return f;
}

struct jl_finding *
jl_report_at(struct jl_arena *a, struct jl_findings *fs, const char *rule,
    enum jl_sev sev, const char *where, const char *fix, const char *fmt, ...)
{
	struct jl_finding	*f;
	va_list			 ap;

	if ((f = finding_add(a, fs, rule, sev, fix)) == NULL)
		return NULL;
	f->where = where;
	va_start(ap, fmt);
	f->message = jl_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return f;
}

static int
finding_cmp(const void *pa, const void *pb)
{
	const struct jl_finding	*a = *(struct jl_finding * const *)pa;
	const struct jl_finding	*b = *(struct jl_finding * const *)pb;
	int			 c;

	if ((a->src == NULL) != (b->src == NULL))
		return a->src == NULL ? -1 : 1;
	if (a->src != NULL) {
		if (a->loc.off != b->loc.off)
			return a->loc.off < b->loc.off ? -1 : 1;
	}
	if ((c = strcmp(a->rule, b->rule)) != 0)
		return c;
	return strcmp(a->message ? a->message : "", b->message ? b->message : "");
}

void
jl_findings_sort(struct jl_findings *fs)
{
	if (fs->v.n > 1)
		qsort(fs->v.items, fs->v.n, sizeof(void *), finding_cmp);
}

int
jl_sev_parse(const char *s, enum jl_sev *out)
{
	if (strcmp(s, "error") == 0)
		*out = JL_SEV_ERROR;
	else if (strcmp(s, "warning") == 0)
		*out = JL_SEV_WARNING;
	else if (strcmp(s, "info") == 0)
		*out = JL_SEV_INFO;
	else
		return -1;
	return 0;
}

const char *
jl_sev_name(enum jl_sev s)
{
	switch (s) {
	case JL_SEV_ERROR:
		return "error";
	case JL_SEV_WARNING:
		return "warning";
	default:
		return "info";
	}
}

const char *
jl_quote(struct jl_arena *a, const char *s, size_t n, size_t max)
{
	char	*p;
	size_t	 i, m;

	m = n > max ? max : n;
	if ((p = jl_arena_alloc(a, m + 4)) == NULL)
		return "";
	for (i = 0; i < m; i++) {
		unsigned char c = (unsigned char)s[i];
		p[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	if (n > max)
		memcpy(p + m, "...", 4);
	else
		p[m] = '\0';
	return p;
}

int
jl_finding_enforced(const struct jl_finding *f)
{
	return f->mode != NULL && strcmp(f->mode, "enforce") == 0 &&
	    !f->guess;
}
