/*
 * judge.c: a job request judged by the site policy (judge.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <slurm/slurm.h>

#include "desc.h"
#include "hold.h"
#include "judge.h"
#include "lint.h"
#include "policy.h"
#include "rule.h"
#include "slurm-compat.h"
#include "user.h"

#define JLP_MAX_SHOWN	20		/* findings shown in full */
#define JLP_MAX_TEXT	1024		/* bytes of a message or fix */

/* Does any exemption of the policy name users? */
static int
needs_user(const struct jl_policy *p)
{
	size_t	i;

	for (i = 0; p != NULL && i < p->nexemptions; i++)
		if (p->exemptions[i].users != NULL &&
		    p->exemptions[i].users[0] != NULL)
			return 1;
	return 0;
}

/* Text for the user: one line, control bytes as '?', bounded. */
static void
put_text(struct jl_buf *b, const char *s)
{
	size_t	i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i >= JLP_MAX_TEXT) {
			jl_buf_puts(b, "...");
			return;
		}
		jl_buf_putc(b, (unsigned char)s[i] < 0x20 || s[i] == 0x7f ?
		    '?' : s[i]);
	}
}

struct item {
	const struct jl_finding	*f;
	int			 done;
};

static void
put_finding(struct jl_buf *b, const struct jl_model *m,
    const struct jl_finding *f, const char *label)
{
	unsigned	line, col;

	jl_buf_printf(b, "jlint: %s%s (", label, f->rule);
	if (f->src != NULL && !m->no_script) {
		jl_src_linecol(f->src, f->loc.off, &line, &col);
		jl_buf_printf(b, "line %u", line);
	} else
		jl_buf_puts(b, f->where == NULL || strcmp(f->where, "job") ==
		    0 ? "job request" : f->where);
	jl_buf_puts(b, "): ");
	put_text(b, f->message != NULL ? f->message : "");
	jl_buf_putc(b, '\n');
	if (f->fix != NULL && *f->fix != '\0') {
		jl_buf_puts(b, "  fix: ");
		put_text(b, f->fix);
		jl_buf_putc(b, '\n');
	}
}

/*
 * Every finding of it[0..n), grouped by rule (in order of first
 * appearance), each rule closed by a "more:" line.
 */
static void
put_group(struct jl_buf *b, const struct jl_model *m, struct item *it,
    size_t n, const char *label, size_t *shown, size_t *hidden)
{
	size_t	i, j;
	int	any;

	for (i = 0; i < n; i++) {
		if (it[i].done)
			continue;
		any = 0;
		for (j = i; j < n; j++) {
			if (it[j].done || strcmp(it[j].f->rule,
			    it[i].f->rule) != 0)
				continue;
			it[j].done = 1;
			if (*shown >= JLP_MAX_SHOWN) {
				(*hidden)++;
				continue;
			}
			put_finding(b, m, it[j].f, label);
			(*shown)++;
			any = 1;
		}
		if (any)
			jl_buf_printf(b, "  more: jlint explain %s\n",
			    it[i].f->rule);
	}
}

/* "a,b,c": the distinct slugs, bounded. */
static void
put_slugs(struct jl_buf *b, const struct item *it, size_t n)
{
	size_t	i, j, start = b->len;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(it[j].f->rule, it[i].f->rule) == 0)
				break;
		if (j < i)
			continue;
		if (b->len - start > 512) {
			jl_buf_puts(b, ",...");
			return;
		}
		if (b->len > start)
			jl_buf_putc(b, ',');
		jl_buf_puts(b, it[i].f->rule);
	}
}

unsigned
jlp_finding_line(const struct jlp_judged *j, const struct jl_finding *f)
{
	unsigned	line, col;

	if (f->src == NULL || j->m.no_script)
		return 0;
	jl_src_linecol(f->src, f->loc.off, &line, &col);
	return line;
}

int
jlp_judge(const struct jl_ruleset *rs, const struct jlp_req *req,
    struct jlp_judged *out)
{
	struct jl_who		 who;
	struct jl_buf		 b, slugs;
	struct item		*enf = NULL, *wrn = NULL, *aud = NULL;
	size_t			 nf, i, shown = 0, hidden = 0;
	char			*pwbuf = NULL, jobid[32];
	const char		*tag = jlp_hold_tag();
	/* In the user's sbatch/srun/salloc the log is their terminal: the
	 * decisions are logged with -v only (the message says it all). */
	void			(*log_line)(const char *, ...) =
	    req->point == JL_POINT_CLI_FILTER ? slurm_verbose : slurm_info;

	memset(out, 0, sizeof(*out));
	jl_arena_init(&out->a);
	jl_buf_init(&b);
	jl_buf_init(&slugs);
	if (jl_model_build(&out->a, &req->in, &out->m) != 0)
		goto internal;

	pwbuf = malloc(16384);
	if (pwbuf != NULL && needs_user(rs->policy))
		out->user = jl_user_name(req->uid, pwbuf, 16384);
	memset(&who, 0, sizeof(who));
	who.user = out->user;
	who.account = req->account;
	who.now = (long long)time(NULL);
	if (jl_lint_run(rs, &out->a, &out->m, req->in.sbatch_mode, &who) != 0)
		goto internal;
	jl_findings_sort(&out->m.findings);

	nf = out->m.findings.v.n;
	if (nf > 0 && ((enf = jl_arena_alloc(&out->a, nf * sizeof(*enf))) ==
	    NULL || (wrn = jl_arena_alloc(&out->a, nf * sizeof(*wrn))) ==
	    NULL || (aud = jl_arena_alloc(&out->a, nf * sizeof(*aud))) ==
	    NULL || (out->f = jl_arena_alloc(&out->a, nf *
	    sizeof(*out->f))) == NULL || (out->act = jl_arena_alloc(&out->a,
	    nf * sizeof(*out->act))) == NULL || (out->mode =
	    jl_arena_alloc(&out->a, nf * sizeof(*out->mode))) == NULL))
		goto internal;
	for (i = 0; i < nf; i++) {
		const struct jl_finding	*f = out->m.findings.v.items[i];

		out->f[i] = f;
		out->act[i] = jl_verdict(rs, f, req->in.jobdesc, req->point,
		    &out->mode[i]);
		switch (out->act[i]) {
		case JL_ACT_REJECT:
			enf[out->nreject++].f = f;
			break;
		case JL_ACT_LOG:
			aud[out->nlog++].f = f;
			break;
		case JL_ACT_WARN:
			wrn[out->nwarn++].f = f;
			break;
		case JL_ACT_NONE:
			break;
		}
	}
	out->n = nf;
	if (out->nreject + out->nlog > 0 && out->user == NULL &&
	    pwbuf != NULL)
		out->user = jl_user_name(req->uid, pwbuf, 16384);
	if (out->user != NULL &&
	    (out->user = jl_arena_strdup(&out->a, out->user)) == NULL)
		goto internal;
	if (req->job_id != 0)
		snprintf(jobid, sizeof(jobid), "%u", req->job_id);
	else
		snprintf(jobid, sizeof(jobid), "new");
	if (out->nlog > 0) {
		put_slugs(&slugs, aud, out->nlog);
		log_line("%s: audit job %s uid=%u user=%s rules=%s", tag,
		    jobid, req->uid, out->user != NULL ? out->user : "?",
		    slugs.data != NULL ? slugs.data : "");
		slugs.len = 0;
	}
	if (out->nreject > 0) {
		put_group(&b, &out->m, enf, out->nreject, "", &shown,
		    &hidden);
		put_slugs(&slugs, enf, out->nreject);
		log_line("%s: rejected job %s uid=%u user=%s rules=%s", tag,
		    jobid, req->uid, out->user != NULL ? out->user : "?",
		    slugs.data != NULL ? slugs.data : "");
	}
	put_group(&b, &out->m, wrn, out->nwarn, "warning: ", &shown, &hidden);
	if (hidden > 0)
		jl_buf_printf(&b, "jlint: ... and %zu more (run jlint on the "
		    "script to see them all)\n", hidden);
	if (out->nreject > 0 && req->hint != NULL)
		jl_buf_printf(&b, "%s\n", req->hint);
	else if (out->nreject > 0)
		jl_buf_printf(&b, "jlint: the job was rejected by the site "
		    "policy \"%s\": %zu problem%s to fix.  Check a script "
		    "before submitting it: jlint --policy %s job.sh\n",
		    rs->policy != NULL && rs->policy->name != NULL ?
		    rs->policy->name : "", out->nreject,
		    out->nreject == 1 ? "" : "s", jlp_hold_path());
	if (b.failed)
		goto internal;
	if (b.len > 0 && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	if (b.len > 0) {
		out->text = b.data;
		jl_buf_init(&b);
	}
	free(pwbuf);
	jl_buf_free(&b);
	jl_buf_free(&slugs);
	return 0;

internal:
	out->internal = 1;
	slurm_error("%s: out of memory checking a job of uid=%u; %s", tag,
	    req->uid, req->point == JL_POINT_CLI_FILTER ? "not checked here, "
	    "the controller still decides" : rs->policy != NULL &&
	    rs->policy->on_error_reject ?
	    "rejecting it (on_error: reject)" : "accepting it unchecked");
	free(pwbuf);
	jl_buf_free(&b);
	jl_buf_free(&slugs);
	return -1;
}

void
jlp_judged_free(struct jlp_judged *j)
{
	free(j->text);
	j->text = NULL;
	jl_arena_free(&j->a);
}
