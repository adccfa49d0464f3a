/*
 * job_submit_jlint.c: the Slurm job_submit plugin.  slurmctld calls
 * job_submit() for every sbatch, srun and salloc request; the plugin
 * builds jlint's job model from the request (job_desc_msg_t: command line,
 * SBATCH_* and #SBATCH already merged) plus the script text, runs the
 * site policy's rules and, per rule mode, rejects the job (enforce),
 * accepts it with a message for the user (warn), or accepts it and logs
 * (audit).
 *
 *   slurm.conf:	JobSubmitPlugins=jlint
 *   policy:		jlint.yaml next to slurm.conf (the CLI's format)
 *
 * Loaded into slurmctld (GPL-2.0+); this file uses only Slurm's public
 * headers and the slurm_* functions slurmctld exports.
 *
 * Rules for living inside the controller (local-slurm.md §3, 7):
 *   - init() never fails: a missing or broken policy is logged and the
 *     last good policy, saved in StateSaveLocation, is enforced (hold.h);
 *     with none ever loaded, jobs are accepted unchecked, or rejected when
 *     the file says "on_error: reject".  A failing init() would make
 *     slurmctld exit.
 *   - Strings handed to slurmctld (*err_msg) come from slurm_xstrcat();
 *     slurmctld xfree()s them, and libc memory there crashes it.
 *   - The policy is reloaded when the file changes (stat at most once a
 *     second) and on reconfigure; a bad file keeps the last good policy.
 *   - Each call works in its own arena, reset before returning into a
 *     small pool (jl_arena_take/give: at most 4 arenas of 512 KiB are
 *     kept, so the next call's new thread neither grows a heap nor
 *     faults pages in); only the rule set and that pool outlive a call.
 *     The rule set is immutable and shared; a reload swaps the pointer
 *     under a lock and a reference count keeps a set alive while a call
 *     (23.02+: concurrent calls) uses it.
 *   - Bounded work: the script is linted up to JLP_MAX_SCRIPT bytes
 *     (Slurm's own default limit), liblint bounds findings and regexes,
 *     and the user message is cut at JLP_MAX_SHOWN findings.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <slurm/slurm.h>
#include <slurm/slurm_errno.h>

#include "desc.h"
#include "hold.h"
#include "hot.h"
#include "judge.h"
#include "later.h"
#include "slurm-compat.h"
#include "job.h"
#include "policy-load.h"
#include "policy.h"
#include "lint.h"
#include "rule.h"
#include "user.h"
#include "verdict.h"

#define JL_EXPORT	__attribute__((__visibility__("default")))

#define JLP_TAG		"job_submit/jlint"
#define JLP_REJECT	ESLURM_ACCESS_DENIED

extern slurm_conf_t slurm_conf;

JL_EXPORT const char	 plugin_name[] = "jlint job script checker";
JL_EXPORT const char	 plugin_type[] = "job_submit/jlint";
JL_EXPORT const uint32_t plugin_version = SLURM_VERSION_NUMBER;

int	init(void);
int	fini(void);
int	job_submit(job_desc_msg_t *, uint32_t, char **);
#ifdef JLP_MODIFY_ERR_MSG
int	job_modify(job_desc_msg_t *, void *, uint32_t, char **);
#else
int	job_modify(job_desc_msg_t *, void *, uint32_t);
#endif

/* ---- the plugin interface ---- */

/*
 * Append text to the xmalloc'd string *s after sep (no sep before the
 * first text, or after an empty one).  slurm_xstrcat() copies; the
 * slurm_xstrfmtcat(s, "%s%s", ...) before ran vsnprintf over the whole
 * message (bench/RESULTS.md: 1.7% of the plugin's instructions over 100
 * generated scripts, with plugbench's stubs).
 */
static void
xappend(char **s, const char *sep, const char *text)
{
	if (*s != NULL && **s != '\0')
		slurm_xstrcat(s, sep);
	slurm_xstrcat(s, text);
}

/* Append a message for the user; other plugins' messages are kept. */
static void
user_msg(char **err_msg, const char *text)
{
	if (err_msg != NULL && text != NULL && *text != '\0')
		xappend(err_msg, "\n", text);
}

/* The decision in the job itself: appended to the AdminComment another
 * plugin (or the admin) may have set; never replacing it. */
static void
admin_comment(job_desc_msg_t *d, const char *text)
{
	if (text != NULL && *text != '\0')
		xappend(&d->admin_comment, " | ", text);
}

JL_EXPORT int
init(void)
{
	jlp_hold_save_in(slurm_conf.state_save_location);
	jlp_hold_init(JLP_TAG, NULL);
	jlp_later_start();	/* decision lines after the call */
	slurm_info("%s: init (built for Slurm %u.%02u.%u), policy %s", JLP_TAG,
	    SLURM_VERSION_MAJOR(SLURM_VERSION_NUMBER),
	    SLURM_VERSION_MINOR(SLURM_VERSION_NUMBER),
	    SLURM_VERSION_MICRO(SLURM_VERSION_NUMBER), jlp_hold_path());
	return SLURM_SUCCESS;
}

JL_EXPORT int
fini(void)
{
	jlp_later_stop();
	jlp_hold_fini();
	jlp_het_forget_all();
	jl_arena_pool_drain();
	return SLURM_SUCCESS;
}

JL_EXPORT int
job_submit(job_desc_msg_t *job_desc, uint32_t submit_uid, char **err_msg)
{
	struct jl_arena		a;
	struct jlp_judged	j;
	int			rc;

	jlp_hot_prefetch();		/* cold caches: hot.h */
	jl_arena_take(&a);
	rc = jlp_judge_desc(&a, job_desc, submit_uid, &j) ? JLP_REJECT :
	    SLURM_SUCCESS;
	if (rc == SLURM_SUCCESS && job_desc != NULL)
		admin_comment(job_desc, j.comment);
	user_msg(err_msg, j.text);
	jlp_judged_free(&j);
	jl_arena_give(&a);
	return rc;
}

static const char *
fmt_minutes(char *buf, size_t len, int64_t m)
{
	if (m == INT64_MAX)
		snprintf(buf, len, "UNLIMITED");
	else if (m >= 1440)
		snprintf(buf, len, "%lld-%02lld:%02lld:00",
		    (long long)(m / 1440), (long long)(m % 1440 / 60),
		    (long long)(m % 60));
	else
		snprintf(buf, len, "%02lld:%02lld:00", (long long)(m / 60),
		    (long long)(m % 60));
	return buf;
}

/*
 * ---- scontrol update (job_modify) ----
 *
 * A change is judged as a submission is (modify_judge) after the time
 * limit check (modify_check), and each decision goes where submission
 * puts it: slurmctld.log and the policy's decisions: log (one JSON line,
 * "event":"modify" and the options the change sets in "changed").  Not
 * the AdminComment: job_modify sees only the change (job_desc) and the
 * job record is opaque, and a comment set in the change would replace
 * the job's own and is refused for users who are not operators (22.05
 * _update_job(): "Attempt to change admin_comment"), failing their
 * update.
 */
struct modify {
	job_desc_msg_t		*d;
	uint32_t		 uid;
	uint32_t		 id;		/* the job's, or its first's */
	const struct jl_ruleset	*rs;
	struct jlp_held		*h;
	struct jl_arena		 a;
	struct jl_vec		 av;		/* the change as options */
	char			*pwbuf;
	const char		*user;		/* login name, or NULL */
};

/* The request of a record of m (the judge's fields, the change). */
static void
modify_req(const struct modify *m, struct jlp_req *req)
{
	memset(req, 0, sizeof(*req));
	req->in.name = "job script";
	jlp_input_live(&req->in, &req->arrays);
	req->uid = m->uid;
	req->account = m->d->account;
	req->job_id = m->id;
	req->partition = m->d->partition;
	req->job_name = m->d->name;
	req->policy_hash = jlp_hold_hash(m->h);
	req->changed = (const char *const *)m->av.items;
	req->nchanged = m->av.n;
}

/*
 * A raised time limit (scontrol update job TimeLimit=...).  job_desc holds
 * only the changed fields and the job record is opaque here, so: with a
 * partition in the request, check it; without one, reject only a limit
 * longer than the MaxTime of every partition of the policy (the job's
 * real partition is unknown, and a false rejection is worse than a
 * missed one; slurmctld applies MaxTime itself on the next start).
 * Returns 0, or the reason (malloc'd).
 */
static char *
modify_check(struct modify *m)
{
	const struct jl_rule		*r;
	const struct jl_partition	*p, *bad = NULL, *longest = NULL;
	const struct jl_policy		*pol = m->rs->policy;
	job_desc_msg_t			*d = m->d;
	struct jl_who			 who;
	struct jl_finding		 f;
	const struct jl_finding		*fp = &f;
	enum jl_action			 act = JL_ACT_REJECT;
	enum jl_mode			 mode = JL_MODE_ENFORCE;
	struct jlp_judged		 j;
	struct jlp_req			 req;
	char				*why = NULL, *part = NULL;
	char				 t1[32], t2[32], buf[512];
	const char			*s, *e;
	int64_t				 t;
	size_t				 i;
	int				 fits = 0;

	if (d->time_limit == NO_VAL || pol == NULL ||
	    (r = jl_ruleset_find(m->rs, "partition-time-limit")) == NULL ||
	    !jl_rule_enabled(m->rs, r, NULL, NULL) ||
	    jl_rule_mode(m->rs, r, JL_POINT_JOB_SUBMIT) != JL_MODE_ENFORCE)
		return NULL;
	t = d->time_limit == INFINITE ? INT64_MAX : (int64_t)d->time_limit;
	if (d->partition != NULL && *d->partition != '\0') {
		for (s = d->partition; *s != '\0' && bad == NULL;
		    s = *e != '\0' ? e + 1 : e) {
			e = s + strcspn(s, ",");
			free(part);
			if ((part = strndup(s, (size_t)(e - s))) == NULL)
				return NULL;
			p = jl_policy_partition(pol, part);
			if (p != NULL && p->max_time != JL_UNSET &&
			    t > p->max_time)
				bad = p;
		}
		free(part);
	} else {
		for (i = 0; i < pol->npartitions; i++) {
			p = &pol->partitions[i];
			if (p->max_time == JL_UNSET || t <= p->max_time)
				fits = 1;
			else if (longest == NULL ||
			    p->max_time > longest->max_time)
				longest = p;
		}
		if (!fits)
			bad = longest;
	}
	if (bad == NULL)
		return NULL;
	memset(&who, 0, sizeof(who));
	who.user = m->user;
	who.account = d->account;
	who.now = (long long)time(NULL);
	/* On record as a submission's finding would be. */
	memset(&f, 0, sizeof(f));
	f.rule = "partition-time-limit";
	memset(&j, 0, sizeof(j));
	j.f = &fp;
	j.act = &act;
	j.mode = &mode;
	j.n = 1;
	j.user = m->user;
	modify_req(m, &req);
	if (jl_rule_exempt(m->rs, r, bad->name, &who)) {
		f.exempted = 1;
		act = JL_ACT_NONE;
		slurm_info("%s: exemption used by change to job %u uid=%u "
		    "user=%s rules=partition-time-limit", JLP_TAG, m->id,
		    m->uid, m->user != NULL ? m->user : "?");
		jlp_record(m->rs, &req, &j, "exempt");
		return NULL;
	}
	snprintf(buf, sizeof(buf), "jlint: partition-time-limit: the new "
	    "time limit %s is longer than the %s MaxTime of partition %s%s",
	    fmt_minutes(t1, sizeof(t1), t), fmt_minutes(t2, sizeof(t2),
	    bad->max_time), bad->name, d->partition == NULL ?
	    " (the longest of any partition)" : "");
	why = strdup(buf);
	slurm_info("%s: job %u uid=%u user=%s: modify rejected: %s", JLP_TAG,
	    m->id, m->uid, m->user != NULL ? m->user : "?", buf + 7);
	jlp_record(m->rs, &req, &j, "reject");
	return why;
}

/*
 * The batch script slurmctld keeps for job id (StateSaveLocation/hash.N/
 * job.ID/script, N = ID % 10; array tasks and het components share their
 * first job's), malloc'd, or NULL: none (srun, salloc), unreadable, or
 * over JLP_MAX_SCRIPT.
 */
static char *
job_script(uint32_t id, size_t *lenp)
{
	char		 path[4200], *data;
	struct stat	 st;
	ssize_t		 n;
	size_t		 len = 0;
	int		 fd;

	if (id == 0 || slurm_conf.state_save_location == NULL)
		return NULL;
	snprintf(path, sizeof(path), "%s/hash.%u/job.%u/script",
	    slurm_conf.state_save_location, id % 10, id);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK |
	    O_NOFOLLOW)) == -1)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > (off_t)JLP_MAX_SCRIPT ||
	    (data = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		return NULL;
	}
	while (len < (size_t)st.st_size && ((n = read(fd, data + len,
	    (size_t)st.st_size - len)) > 0 || (n == -1 && errno == EINTR)))
		if (n > 0)
			len += (size_t)n;
	close(fd);
	/* slurmctld stores the script with its terminating NUL. */
	while (len > 0 && data[len - 1] == '\0')
		len--;
	data[len] = '\0';
	*lenp = len;
	return data;
}

/* The id of the job a modify names ("N", "N_M", "N+K": N). */
static uint32_t
modify_job_id(const job_desc_msg_t *d)
{
	unsigned long	id;

	if (d->job_id_str != NULL && (id = strtoul(d->job_id_str, NULL,
	    10)) > 0 && id < NO_VAL)
		return (uint32_t)id;
	return jlp_desc_job_id(d);
}


/*
 * Rules whose findings a change is not judged by: partition-time-limit when
 * the change names no partition (modify_check() judges the new limit: the
 * job's partition may not be the script's), and conflicting-options, which
 * says what sbatch, or slurmctld creating the job, refuses.  scontrol
 * update goes through neither: slurmctld 22.05 takes NumNodes=2 for a job
 * of --gpus=1, and NumTasks=1 or 3 for --gpus=2 --gpus-per-task=1, which
 * sbatch refuses (tests/slurm-trust section C).  Where its update does
 * check (GPUs with and without a type), it refuses the change itself.
 */
static const char *const modify_skip[] = { "partition-time-limit",
    "conflicting-options", NULL };

/*
 * scontrol update: the change judged as submission judges a job.  The job
 * record is opaque to a plugin, so the request is rebuilt from what can be
 * read: the batch script slurmctld keeps (its #SBATCH lines) with the
 * changed fields over it, as command-line options are over directives;
 * without a script (srun, salloc), the changed fields alone.  Only rules
 * the change brings in decide: the same request without the change is
 * judged too (jlp_req.before), and what it already finds is left alone
 * (the job was accepted; options given to sbatch on its command line are
 * not in the script, so those findings may not be true of the job), and
 * neither do the rules of modify_skip.  Returns the reason for the user
 * (malloc'd), or NULL.
 */
static char *
modify_judge(struct modify *m)
{
	job_desc_msg_t		*d = m->d;
	struct jlp_req		 req;
	struct jlp_judged	 was, now;
	struct jl_buf		 b;
	char			*script, *why = NULL;
	size_t			 len = 0, i;

	jl_buf_init(&b);
	memset(&was, 0, sizeof(was));
	memset(&now, 0, sizeof(now));
	script = job_script(m->id, &len);
	if (m->av.n == 0)
		goto out;	/* nothing a rule reads changed */
	modify_req(m, &req);
	if (script != NULL) {
		req.in.data = script;	/* directives, options over them */
		req.in.len = len;
		req.in.sbatch_mode = 1;
	} else {
		req.in.jobdesc = 1;
		req.in.no_script = 1;
	}
	req.changed = NULL;
	req.quiet = 1;
	if (jlp_judge(m->rs, &req, &was) != 0)
		goto out;
	req.in.argv = (const char *const *)m->av.items;
	req.in.argc = m->av.n;
	req.changed = (const char *const *)m->av.items;
	req.before = &was;
	req.not_judged = d->partition == NULL ? modify_skip : modify_skip + 1;
	req.quiet = 0;
	req.record = 1;		/* logged and on record, as a submission */
	if (jlp_judge(m->rs, &req, &now) != 0 || now.nreject == 0)
		goto out;
	for (i = 0; i < now.n; i++) {
		const struct jl_finding	*f = now.f[i];
		unsigned		 line;

		if (now.act[i] != JL_ACT_REJECT)
			continue;
		jl_buf_printf(&b, "jlint: %s", f->rule);
		if ((line = jlp_finding_line(&now, f)) > 0)
			jl_buf_printf(&b, " (script line %u)", line);
		jl_buf_printf(&b, ": %.400s\n", f->message != NULL ?
		    f->message : "");
		if (f->fix != NULL && *f->fix != '\0')
			jl_buf_printf(&b, "  fix: %.300s\n", f->fix);
	}
	jl_buf_printf(&b, "jlint: the change to job %u was rejected by the "
	    "site policy \"%s\"%s; the job is as it was", m->id,
	    m->rs->policy != NULL && m->rs->policy->name != NULL ?
	    m->rs->policy->name : "", script != NULL ? " (judged with the "
	    "job's batch script)" : " (the job has no batch script: the "
	    "change judged alone)");
	if (!b.failed)
		why = strdup(b.data);
	slurm_info("%s: job %u uid=%u user=%s: modify rejected: %zu rule%s "
	    "the change brings in (%s)", JLP_TAG, m->id, m->uid,
	    now.user != NULL ? now.user : "?", now.nreject,
	    now.nreject == 1 ? "" : "s",
	    script != NULL ? "with the batch script" : "no batch script");
	if (why != NULL) {
		char	*p, *q;

		for (p = why; (q = strchr(p, '\n')) != NULL; p = q + 1)
			slurm_info("%s: job %u: %.*s", JLP_TAG, m->id,
			    (int)(q - p), p);
		slurm_info("%s: job %u: %s", JLP_TAG, m->id, p);
	}
out:
	jlp_judged_free(&was);
	jlp_judged_free(&now);
	jl_buf_free(&b);
	free(script);
	return why;
}

/* Both checks: the time limit against MaxTime (modify_check), then the
 * change under the whole policy.  The reason (malloc'd) and the error
 * slurmctld returns, or NULL. */
static char *
modify_reason(job_desc_msg_t *d, uint32_t uid, int *rc)
{
	struct modify	m;
	char		*why = NULL;
	int		 reject;

	if (jlp_uid_exempt(uid))
		return NULL;
	memset(&m, 0, sizeof(m));
	jlp_hold_maybe_reload();
	if ((m.h = jlp_hold_acquire(&m.rs, &reject)) == NULL)
		return NULL;
	jl_ruleset_prefetch(m.rs);	/* cold caches: rule.h */
	m.d = d;
	m.uid = uid;
	m.id = modify_job_id(d);
	jl_arena_take(&m.a);
	if (jl_desc_argv(&m.a, d, &m.av) != 0)
		goto out;
	if ((m.pwbuf = malloc(16384)) != NULL)
		m.user = jl_user_name(uid, m.pwbuf, 16384);
	if ((why = modify_check(&m)) != NULL)
		*rc = ESLURM_INVALID_TIME_LIMIT;
	else if ((why = modify_judge(&m)) != NULL)
		*rc = JLP_REJECT;
out:
	free(m.pwbuf);
	jl_arena_give(&m.a);
	jlp_hold_release(m.h);
	return why;
}

#ifdef JLP_MODIFY_ERR_MSG
JL_EXPORT int
job_modify(job_desc_msg_t *job_desc, void *job_ptr, uint32_t submit_uid,
    char **err_msg)
{
	char	*why, *w;
	int	 rc;

	(void)job_ptr;
	if (job_desc == NULL || (why = modify_reason(job_desc, submit_uid,
	    &rc)) == NULL)
		return SLURM_SUCCESS;
	w = jlp_wrap(why, JLP_WRAP);
	user_msg(err_msg, w != NULL ? w : why);
	free(w);
	free(why);
	return rc;
}
#else
/* 22.05: three arguments, no message for the user (it is logged; the
 * user sees slurmctld's text for the error). */
JL_EXPORT int
job_modify(job_desc_msg_t *job_desc, void *job_ptr, uint32_t submit_uid)
{
	char	*why;
	int	 rc;

	(void)job_ptr;
	if (job_desc == NULL || (why = modify_reason(job_desc, submit_uid,
	    &rc)) == NULL)
		return SLURM_SUCCESS;
	free(why);
	return rc;
}
#endif
