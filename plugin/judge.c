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
#include "later.h"
#include "lint.h"
#include "policy.h"
#include "rule.h"
#include "slurm-compat.h"

#define JLP_MAX_SHOWN	20		/* findings shown in full */
#define JLP_MAX_TEXT	1024		/* bytes of a message or fix */
#define JLP_MAX_COMMENT	256		/* bytes jlint adds to AdminComment */

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

/* Text for the user: one line, control bytes as '?', bounded.  strip:
 * the user wrote no #SBATCH line (srun, salloc, --wrap): "#SBATCH --x"
 * in a fix is said as the option "--x". */
static void
put_text(struct jl_buf *b, const char *s, int strip)
{
	size_t	i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i >= JLP_MAX_TEXT) {
			jl_buf_puts(b, "...");
			return;
		}
		if (strip && strncmp(s + i, "#SBATCH ", 8) == 0) {
			i += 7;
			continue;
		}
		jl_buf_putc(b, (unsigned char)s[i] < 0x20 || s[i] == 0x7f ?
		    '?' : s[i]);
	}
}

/* The script sbatch --wrap writes: the user wrote only the command. */
static int
is_wrap(const struct jl_model *m, const struct jlp_req *req)
{
	static const char	mark[] = "# This script was created by sbatch "
	    "--wrap.";
	const char		*d = req->in.data;
	size_t			 i;

	(void)m;
	if (d == NULL || req->in.no_script)
		return 0;
	/* The mark starting in the first 64 bytes (before any NUL), as
	 * strstr() would find it first: not a scan of the whole script. */
	for (i = 0; i < 64 && d[i] != '\0'; i++)
		if (d[i] == mark[0] && strncmp(d + i, mark,
		    sizeof(mark) - 1) == 0)
			return 1;
	return 0;
}

struct item {
	const struct jl_finding	*f;
	int			 done;
};

static void
put_finding(struct jl_buf *b, const struct jl_model *m,
    const struct jl_finding *f, const char *label, int wrap)
{
	unsigned	line, col;

	jl_buf_printf(b, "jlint: %s%s (", label, f->rule);
	if (f->src != NULL && !m->no_script && wrap)
		jl_buf_puts(b, "--wrap command");
	else if (f->src != NULL && !m->no_script) {
		jl_src_linecol(f->src, f->loc.off, &line, &col);
		jl_buf_printf(b, "line %u", line);
	} else
		jl_buf_puts(b, f->where == NULL || strcmp(f->where, "job") ==
		    0 ? "job request" : f->where);
	jl_buf_puts(b, "): ");
	put_text(b, f->message != NULL ? f->message : "", 0);
	jl_buf_putc(b, '\n');
	if (f->fix != NULL && *f->fix != '\0') {
		jl_buf_puts(b, "  fix: ");
		put_text(b, f->fix, m->no_script || wrap);
		jl_buf_putc(b, '\n');
	}
}

/*
 * Every finding of it[0..n), grouped by rule (in order of first
 * appearance), each rule closed by a "more:" line.
 */
static void
put_group(struct jl_buf *b, const struct jl_model *m, struct item *it,
    size_t n, const char *label, int wrap, size_t *shown, size_t *hidden)
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
			put_finding(b, m, it[j].f, label, wrap);
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

/* A modification (jlp_req.before): is f, with action act, the change's
 * doing?  Not when the job without the change had it already. */
static int
from_change(const struct jlp_req *req, const struct jl_finding *f,
    enum jl_action act)
{
	const struct jlp_judged	*was = req->before;
	const char *const	*nj;
	size_t			 k;

	for (nj = req->not_judged; nj != NULL && *nj != NULL; nj++)
		if (strcmp(f->rule, *nj) == 0)
			return 0;
	for (k = 0; k < was->n; k++)
		if ((was->act[k] == act || (was->f[k]->exempted &&
		    f->exempted)) && strcmp(was->f[k]->rule, f->rule) == 0)
			return 0;
	return 1;
}

/* ---- the decision on record (issue 17.6) ---- */

static const char *
act_name(enum jl_action a, int exempted)
{
	return exempted ? "exempt" : a == JL_ACT_REJECT ? "reject" :
	    a == JL_ACT_WARN ? "warn" : a == JL_ACT_LOG ? "audit" : "none";
}

/* One JSON line: time, job, who, where, each rule once with its mode,
 * action and number of findings, the policy's name and hash. */
static void
put_record(struct jl_buf *b, const struct jl_ruleset *rs,
    const struct jlp_req *req, const struct jlp_judged *j,
    const char *decision)
{
	struct timespec	ts;
	struct tm	tm;
	char		when[40];
	const char	*s, *e;
	size_t		i, k, n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	jl_buf_printf(b, "{\"time\":\"%s.%03ldZ\",\"by\":", when,
	    ts.tv_nsec / 1000000);
	jl_buf_json_str(b, jlp_hold_tag());
	if (req->job_id != 0)
		jl_buf_printf(b, ",\"job_id\":%u", req->job_id);
	else
		jl_buf_puts(b, ",\"job_id\":null");
	jl_buf_printf(b, ",\"decision\":\"%s\",", decision);
	if (req->changed != NULL) {
		jl_buf_puts(b, "\"event\":\"modify\",\"changed\":[");
		for (i = 0; i < req->nchanged; i++) {
			jl_buf_puts(b, i > 0 ? "," : "");
			jl_buf_json_str(b, req->changed[i]);
		}
		jl_buf_puts(b, "],");
	}
	jl_buf_printf(b, "\"uid\":%u,\"user\":", req->uid);
	jl_buf_json_str(b, j->user);
	jl_buf_puts(b, ",\"account\":");
	jl_buf_json_str(b, req->account != NULL && *req->account != '\0' ?
	    req->account : NULL);
	if (req->account_default)
		jl_buf_puts(b, ",\"account_default\":true");
	jl_buf_puts(b, ",\"partitions\":");
	if (req->partition == NULL || *req->partition == '\0')
		jl_buf_puts(b, "null");
	else {
		jl_buf_putc(b, '[');
		for (s = req->partition; *s != '\0'; s = *e != '\0' ? e + 1 :
		    e) {
			char	part[256];

			e = s + strcspn(s, ",");
			snprintf(part, sizeof(part), "%.*s", (int)(e - s), s);
			jl_buf_printf(b, "%s", s != req->partition ? "," : "");
			jl_buf_json_str(b, part);
		}
		jl_buf_putc(b, ']');
	}
	jl_buf_puts(b, ",\"job_name\":");
	jl_buf_json_str(b, req->job_name);
	if (j->unread)		/* over script_read_kb: not read */
		jl_buf_puts(b, ",\"script_unread\":true");
	if (j->m.het)		/* the het component judged */
		jl_buf_printf(b, ",\"het_component\":%d", j->m.het_index);
	jl_buf_puts(b, ",\"rules\":[");
	for (i = 0, n = 0; i < j->n; i++) {
		const struct jl_finding	*f = j->f[i];
		size_t			 cnt = 0;

		if (j->act[i] == JL_ACT_NONE && !f->exempted)
			continue;
		for (k = 0; k < i; k++)
			if (strcmp(j->f[k]->rule, f->rule) == 0 &&
			    (j->act[k] != JL_ACT_NONE || j->f[k]->exempted))
				break;
		if (k < i)
			continue;
		for (k = i; k < j->n; k++)
			if (strcmp(j->f[k]->rule, f->rule) == 0)
				cnt++;
		jl_buf_printf(b, "%s{\"rule\":", n++ > 0 ? "," : "");
		jl_buf_json_str(b, f->rule);
		jl_buf_printf(b, ",\"mode\":\"%s\",\"action\":\"%s\","
		    "\"findings\":%zu}", jl_mode_name(j->mode[i]),
		    act_name(j->act[i], f->exempted), cnt);
	}
	jl_buf_puts(b, "],\"policy\":");
	jl_buf_json_str(b, rs->policy != NULL ? rs->policy->name : NULL);
	jl_buf_puts(b, ",\"hash\":");
	jl_buf_json_str(b, req->policy_hash);
	jl_buf_putc(b, '}');
}

void
jlp_record(const struct jl_ruleset *rs, const struct jlp_req *req,
    const struct jlp_judged *j, const char *decision)
{
	struct jl_buf	rec;

	if (rs->policy == NULL || rs->policy->decision_log == NULL)
		return;
	jl_buf_init(&rec);
	put_record(&rec, rs, req, j, decision);
	if (!rec.failed)
		jlp_later_record(rs->policy->decision_log, rec.data);
	jl_buf_free(&rec);
}

/* "jlint: warn=a,b audit=c exempt=d (policy P 0123abcd)", bounded. */
static void
put_comment(struct jl_buf *b, const struct jlp_judged *j,
    const struct item *wrn, const struct item *aud, const struct item *exm,
    const char *policy, const char *hash)
{
	jl_buf_puts(b, "jlint:");
	if (j->nwarn > 0) {
		jl_buf_puts(b, " warn=");
		put_slugs(b, wrn, j->nwarn);
	}
	if (j->nlog > 0) {
		jl_buf_puts(b, " audit=");
		put_slugs(b, aud, j->nlog);
	}
	if (j->nexempt > 0) {
		jl_buf_puts(b, " exempt=");
		put_slugs(b, exm, j->nexempt);
	}
	jl_buf_printf(b, " (policy %s%s%.8s)", policy != NULL ? policy : "",
	    hash != NULL ? " " : "", hash != NULL ? hash : "");
	if (b->len > JLP_MAX_COMMENT) {
		b->len = JLP_MAX_COMMENT - 3;
		jl_buf_puts(b, "...");
	}
}

/* " account=A partition=P name=N" for slurmctld.log lines; A(default):
 * the user's default account, (default): not known. */
static void
put_where(char *buf, size_t len, const struct jlp_req *req)
{
	snprintf(buf, len, " account=%.64s%s partition=%.128s name=%.64s",
	    req->account != NULL && *req->account != '\0' ? req->account :
	    "(default)", req->account_default ? "(default)" : "",
	    req->partition != NULL && *req->partition != '\0' ?
	    req->partition : "(default)", req->job_name != NULL ?
	    req->job_name : "");
}

/* Columns of s[0..n): UTF-8 lead bytes and ASCII (continuations: 0). */
static size_t
cols(const char *s, size_t n)
{
	size_t	i, c = 0;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* The bytes of s[0..n) that fit in w columns (whole UTF-8 characters). */
static size_t
fit(const char *s, size_t n, size_t w)
{
	size_t	i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && c++ == w)
			break;
	return i;
}

char *
jlp_wrap(const char *text, size_t width)
{
	struct jl_buf	 b;
	const char	*line, *end, *p, *q, *sp;
	size_t		 ind, cind, avail, n, k;

	if (text == NULL)
		return NULL;
	jl_buf_init(&b);
	for (line = text; ; line = end + 1) {
		if ((end = strchr(line, '\n')) == NULL)
			end = line + strlen(line);
		for (ind = 0; line + ind < end && line[ind] == ' '; ind++)
			;
		cind = ind + JLP_WRAP_INDENT < width / 2 ?
		    ind + JLP_WRAP_INDENT : width / 2;
		jl_buf_add(&b, line, ind);
		avail = width > ind ? width - ind : 1;
		for (p = line + ind; cols(p, (size_t)(end - p)) > avail; ) {
			/* At the last space that leaves the start within
			 * avail columns, else (one word longer than a line)
			 * where the line ends. */
			n = fit(p, (size_t)(end - p), avail);
			for (sp = NULL, q = p + n; q > p; q--)
				if (*q == ' ') {
					sp = q;
					break;
				}
			if (sp == NULL)
				sp = p + n;
			for (k = (size_t)(sp - p); k > 0 && p[k - 1] == ' '; k--)
				;
			jl_buf_add(&b, p, k);
			jl_buf_putc(&b, '\n');
			for (k = 0; k < cind; k++)
				jl_buf_putc(&b, ' ');
			avail = width - cind;
			for (p = sp; p < end && *p == ' '; p++)
				;
		}
		jl_buf_add(&b, p, (size_t)(end - p));
		if (*end == '\0')
			break;
		jl_buf_putc(&b, '\n');
	}
	if (b.failed) {
		jl_buf_free(&b);
		return NULL;
	}
	return b.data != NULL ? b.data : strdup("");
}

static const char *
jobid_text(char *buf, size_t len, uint32_t id)
{
	snprintf(buf, len, "%u", id);
	return buf;
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
	struct jl_input		 in;
	struct jl_buf		 b, slugs;
	struct item		*enf = NULL, *wrn = NULL, *aud = NULL;
	struct item		*exm = NULL;
	size_t			 nf, i, shown = 0, hidden = 0;
	char			 user[256], jobid[32], where[300];
	const char		*decision;
	int			 wrap, plain;	/* --wrap; a script the
						   user wrote */
	const char		*tag = jlp_hold_tag();
	/* In the user's sbatch/srun/salloc the log is their terminal: the
	 * decisions are logged with -v only (the message says it all). */
	void			(*log_line)(const char *, ...) =
	    req->point == JL_POINT_CLI_FILTER ? slurm_verbose :
	    jlp_later_info;	/* slurmctld: after the call (later.h) */

	memset(out, 0, sizeof(*out));
	jl_arena_take(&out->a);
	jl_buf_init(&b);
	jl_buf_init(&slugs);
	in = req->in;
	/*
	 * Bounded work inside slurmctld (policy script_read_kb): a longer
	 * script is not read; the request is judged alone, as for srun and
	 * salloc (job-level rules; checks that look for something in the
	 * commands assume it is there), so nothing unread rejects a job.
	 */
	if (req->point == JL_POINT_JOB_SUBMIT && in.data != NULL &&
	    !(in.jobdesc && in.no_script) &&
	    in.len > jl_policy_script_read_limit(rs->policy)) {
		in.data = NULL;
		in.len = 0;
		in.jobdesc = in.no_script = 1;
		in.sbatch_mode = 0;
		out->unread = 1;
		if (!req->quiet)
			log_line("%s: job %s uid=%u: script of %zu bytes is over "
			    "script_read_kb (%zu KiB): not read, the job request "
			    "judged alone (job-level rules)", tag, req->job_id != 0
			    ? jobid_text(jobid, sizeof(jobid), req->job_id) :
			    "new", req->uid, req->in.len,
			    jl_policy_script_read_limit(rs->policy) / 1024);
	}
	if (jl_model_build(&out->a, &in, &out->m) != 0)
		goto internal;
	wrap = !out->unread && is_wrap(&out->m, req);
	plain = !wrap && !out->m.no_script;

	if (needs_user(rs->policy))
		out->user = jlp_user_name(req->uid, user, sizeof(user));
	memset(&who, 0, sizeof(who));
	who.user = out->user;
	who.account = req->account;
	who.now = (long long)time(NULL);
	who.keep_exempted = 1;		/* on record, then dropped */
	/* Rules that read the submitter's files: only in the cli_filter. */
	if (jl_lint_run(rs, &out->a, &out->m, req->point ==
	    JL_POINT_CLI_FILTER ? req->in.sbatch_mode : 0, &who) != 0)
		goto internal;
	jl_findings_sort(&out->m.findings);

	nf = out->m.findings.v.n;
	if (nf > 0 && ((enf = jl_arena_alloc(&out->a, nf * sizeof(*enf))) ==
	    NULL || (wrn = jl_arena_alloc(&out->a, nf * sizeof(*wrn))) ==
	    NULL || (aud = jl_arena_alloc(&out->a, nf * sizeof(*aud))) ==
	    NULL || (exm = jl_arena_alloc(&out->a, nf * sizeof(*exm))) ==
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
		if (req->before != NULL && !from_change(req, f, out->act[i]))
			out->act[i] = JL_ACT_NONE;
		if (f->exempted) {
			if (out->act[i] != JL_ACT_NONE)
				exm[out->nexempt++].f = f;
			out->act[i] = JL_ACT_NONE;
		}
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
	decision = out->nreject > 0 ? "reject" : out->nwarn > 0 ? "warn" :
	    out->nlog > 0 ? "audit" : out->nexempt > 0 ? "exempt" : NULL;
	/* A script not read is on record even when nothing else is: the
	 * job was accepted without its commands checked. */
	if (decision == NULL && out->unread)
		decision = "unchecked";
	if (decision != NULL && out->user == NULL)
		out->user = jlp_user_name(req->uid, user, sizeof(user));
	if (out->user != NULL &&
	    (out->user = jl_arena_strdup(&out->a, out->user)) == NULL)
		goto internal;
	/* The log lines' job and place: only when a line is written (no
	 * formatting for the usual accepted job). */
	if (out->nlog + out->nexempt + out->nwarn + out->nreject > 0 &&
	    !req->quiet) {
		if (req->job_id != 0)
			jobid_text(jobid, sizeof(jobid), req->job_id);
		else
			memcpy(jobid, "new", 4);
		if (out->m.het)		/* Slurm's JOBID+OFFSET */
			snprintf(jobid + strlen(jobid), sizeof(jobid) -
			    strlen(jobid), "+%d", out->m.het_index);
		put_where(where, sizeof(where), req);
	}
#define LOGLINE(what, it, n) do {					\
	slugs.len = 0;							\
	put_slugs(&slugs, it, n);					\
	log_line("%s: %s %sjob %s uid=%u user=%s rules=%s%s", tag, what, \
	    req->changed != NULL ? "change to " : "", jobid, req->uid,	\
	    out->user != NULL ? out->user : "?",			\
	    slugs.data != NULL ? slugs.data : "", where);		\
} while (0)
	if (out->nlog > 0 && !req->quiet)
		LOGLINE("audit", aud, out->nlog);
	if (out->nexempt > 0 && !req->quiet)
		LOGLINE("exemption used by", exm, out->nexempt);
	if (out->nwarn > 0 && out->nreject == 0 && !req->quiet)
		LOGLINE("warned", wrn, out->nwarn);
	if (out->nreject > 0) {
		put_group(&b, &out->m, enf, out->nreject, "", wrap, &shown,
		    &hidden);
		if (!req->quiet)
			LOGLINE("rejected", enf, out->nreject);
	}
#undef LOGLINE
	if (decision != NULL) {
		struct jl_buf	rec;

		/* Built only when the policy keeps a decisions log. */
		if (req->record && !req->quiet)
			jlp_record(rs, req, out, decision);
		if (out->nreject == 0 && out->nwarn + out->nlog +
		    out->nexempt > 0 && rs->policy != NULL &&
		    rs->policy->admin_comment != 0) {
			jl_buf_init(&rec);
			put_comment(&rec, out, wrn, aud, exm, rs->policy->name,
			    req->policy_hash);
			out->comment = rec.failed ? NULL : rec.data;
			if (rec.failed)
				jl_buf_free(&rec);
		}
	}
	/* Slurm prefixes every line of a rejection with "error:". */
	put_group(&b, &out->m, wrn, out->nwarn, out->nreject > 0 ?
	    "warning (not a cause of the rejection): " : "warning: ", wrap,
	    &shown, &hidden);
	if (hidden > 0)
		jl_buf_printf(&b, "jlint: ... and %zu more%s\n", hidden,
		    plain ? " (run jlint on the script to see them all)" : "");
	if (out->nreject > 0 && req->hint != NULL)
		jl_buf_printf(&b, "%s\n", req->hint);
	else if (out->nreject > 0 && !plain)
		jl_buf_printf(&b, "jlint: the job was rejected by the site "
		    "policy \"%s\": %zu problem%s to fix in the %s\n",
		    rs->policy != NULL && rs->policy->name != NULL ?
		    rs->policy->name : "", out->nreject,
		    out->nreject == 1 ? "" : "s", wrap ?
		    "--wrap command or the options" : "job's options");
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
	if (b.len > 0 && (out->text = jlp_wrap(b.data, JLP_WRAP)) == NULL)
		goto internal;
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
	jl_buf_free(&b);
	jl_buf_free(&slugs);
	return -1;
}

void
jlp_judged_free(struct jlp_judged *j)
{
	free(j->text);
	free(j->comment);
	j->text = j->comment = NULL;
	jl_arena_give(&j->a);
}
