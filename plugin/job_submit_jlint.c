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
 *   - init() never fails: a missing or broken policy is logged; jobs are
 *     then accepted unchecked, or rejected when the file says
 *     "on_error: reject".  A failing init() would make slurmctld exit.
 *   - Strings handed to slurmctld (*err_msg) come from slurm_xstrfmtcat();
 *     slurmctld xfree()s them, and libc memory there crashes it.
 *   - The policy is reloaded when the file changes (stat at most once a
 *     second) and on reconfigure; a bad file keeps the last good policy.
 *   - Each call works in its own arena, freed before returning: only the
 *     rule set outlives a call.  The rule set is immutable and shared;
 *     a reload swaps the pointer under a lock and a reference count
 *     keeps a set alive while a call (23.02+: concurrent calls) uses it.
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
#include "slurm-compat.h"
#include "job.h"
#include "policy-load.h"
#include "policy.h"
#include "lint.h"
#include "rule.h"
#include "user.h"
#include "verdict.h"

#define JL_EXPORT	__attribute__((__visibility__("default")))

#define JLP_MAX_SCRIPT	(4u * 1024 * 1024)  /* Slurm's max_script_size */
#define JLP_MAX_SHOWN	20		/* findings shown in full */
#define JLP_MAX_TEXT	1024		/* bytes of a message or fix */
#define JLP_MAX_ERRLOG	50		/* policy error lines logged */
#define JLP_REJECT	ESLURM_ACCESS_DENIED

/*
 * Exported by slurmctld (libslurmfull), not declared by the public
 * headers.  Do not link -lslurm: that would load a second libslurm.
 */
extern char	*slurm_xstrdup(const char *);
extern void	 slurm_xstrfmtcat(char **, const char *, ...)
		    __attribute__((__format__(printf, 2, 3)));
extern void	 slurm_xfree(void **);
extern void	 slurm_info(const char *, ...)
		    __attribute__((__format__(printf, 1, 2)));
extern void	 slurm_error(const char *, ...)
		    __attribute__((__format__(printf, 1, 2)));
extern char	*slurm_get_extra_conf_path(const char *);
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

/* A loaded rule set and the calls using it. */
struct held {
	struct jl_policy_set	*set;		/* owns rs */
	struct jl_ruleset	*rs;
	unsigned		 refs;		/* under state_lock */
};

/* What the policy file looked like when last read (to spot changes). */
struct file_id {
	int		exists;
	dev_t		dev;
	ino_t		ino;
	off_t		size;
	struct timespec	mtime;
};

static pthread_mutex_t	 state_lock = PTHREAD_MUTEX_INITIALIZER;
static struct held	*current;	/* last good policy, or NULL */
static int		 broken_reject;	/* none, on_error: reject */
static time_t		 last_check;	/* second of the last stat() */
static time_t		 conf_seen;	/* slurm_conf.last_update */

static pthread_mutex_t	 reload_lock = PTHREAD_MUTEX_INITIALIZER;
static char		 policy_path[4096];
static struct file_id	 seen;		/* under reload_lock */
static int		 seen_valid;

/* ---- the policy: loading and reloading ---- */

static void
held_free(struct held *h)
{
	if (h != NULL) {
		jl_policy_set_free(h->set);
		free(h);
	}
}

/* Make h the current policy; the old one goes when its last user does. */
static void
install(struct held *h)
{
	struct held	*old;
	int		 dofree;

	pthread_mutex_lock(&state_lock);
	old = current;
	current = h;
	broken_reject = 0;
	dofree = old != NULL && old->refs == 0;
	pthread_mutex_unlock(&state_lock);
	if (dofree)
		held_free(old);
}

static struct held *
acquire(int *reject)
{
	struct held	*h;

	pthread_mutex_lock(&state_lock);
	if ((h = current) != NULL)
		h->refs++;
	*reject = broken_reject;
	pthread_mutex_unlock(&state_lock);
	return h;
}

static void
release(struct held *h)
{
	int	dofree;

	if (h == NULL)
		return;
	pthread_mutex_lock(&state_lock);
	dofree = --h->refs == 0 && h != current;
	pthread_mutex_unlock(&state_lock);
	if (dofree)
		held_free(h);
}

/* Log "file:line:col: message" lines, each on its own log line. */
static void
log_errors(const char *errors)
{
	const char	*p, *nl;
	unsigned	 n = 0;

	for (p = errors; p != NULL && *p != '\0'; p = nl != NULL ? nl + 1 :
	    NULL) {
		nl = strchr(p, '\n');
		if (nl == p)
			continue;
		if (++n > JLP_MAX_ERRLOG) {
			slurm_error("job_submit/jlint: ... more policy errors");
			return;
		}
		if (strncmp(p, "jlint: ", 7) == 0)	/* our own prefix */
			p += 7;
		slurm_error("job_submit/jlint: %.*s", nl != NULL ?
		    (int)(nl - p) : (int)strlen(p), p);
	}
}

/* After a failed load: keep the last good policy, or follow on_error. */
static void
load_failed(const char *why, int reject)
{
	int	have;

	pthread_mutex_lock(&state_lock);
	have = current != NULL;
	if (!have)
		broken_reject = reject;
	pthread_mutex_unlock(&state_lock);
	slurm_error("job_submit/jlint: policy %s not loaded (%s); %s",
	    policy_path, why, have ? "still using the last good policy" :
	    reject ? "no policy in effect: jobs are REJECTED (on_error: "
	    "reject)" : "no policy in effect: jobs are accepted unchecked");
}

/* Read and load the policy file and what it extends (policy-load.c).
 * Called with reload_lock held. */
static void
load(const char *reason)
{
	struct jl_policy_set	*set;
	struct jl_ruleset	*rs;
	struct held		*h;
	char			*errors = NULL;
	size_t			 i, nenf = 0;
	enum jl_mode		 mode;
	int			 reject = 0;

	if ((set = jl_policy_open(policy_path, NULL, &errors, &reject)) ==
	    NULL) {
		log_errors(errors);
		free(errors);
		load_failed("errors above", reject);
		return;
	}
	if ((h = calloc(1, sizeof(*h))) == NULL) {
		jl_policy_set_free(set);
		load_failed("out of memory", 0);
		return;
	}
	h->set = set;
	h->rs = rs = set->rs;
	for (i = 0; i < rs->nrules; i++)
		if (jl_rule_enabled(rs, rs->rules[i], NULL, &mode) &&
		    mode == JL_MODE_ENFORCE)
			nenf++;
	install(h);
	slurm_info("job_submit/jlint: %s: policy \"%s\" from %s%s%s: %zu "
	    "rules, %zu enforced", reason, rs->policy->name != NULL ?
	    rs->policy->name : "", policy_path, set->nlayers > 1 ?
	    " extending " : "", set->nlayers > 1 ? (set->layers[0]->path !=
	    NULL ? set->layers[0]->path : "") : "", rs->nrules, nenf);
}

static int
same_file(const struct file_id *a, const struct file_id *b)
{
	return a->exists == b->exists && (!a->exists || (a->dev == b->dev &&
	    a->ino == b->ino && a->size == b->size &&
	    a->mtime.tv_sec == b->mtime.tv_sec &&
	    a->mtime.tv_nsec == b->mtime.tv_nsec));
}

/* Reload when the file changed, or always (reason: init, reconfigure). */
static void
check_file(const char *force)
{
	struct file_id	id;
	struct stat	st;

	memset(&id, 0, sizeof(id));
	if (stat(policy_path, &st) == 0) {
		id.exists = 1;
		id.dev = st.st_dev;
		id.ino = st.st_ino;
		id.size = st.st_size;
		id.mtime = st.st_mtim;
	}
	if (force == NULL && seen_valid && same_file(&id, &seen))
		return;
	seen = id;
	seen_valid = 1;
	if (!id.exists) {
		load_failed(strerror(ENOENT), 0);
		return;
	}
	load(force != NULL ? force : "file changed");
}

/* From job_submit()/job_modify(): at most one stat() a second. */
static void
maybe_reload(void)
{
	time_t	now = time(NULL);
	int	due, reconf = 0;

	pthread_mutex_lock(&state_lock);
	due = now != last_check;
	/* The caller holds slurmctld's config read lock. */
	if (slurm_conf.last_update != conf_seen) {
		conf_seen = slurm_conf.last_update;
		reconf = due = 1;
	}
	if (due)
		last_check = now;
	pthread_mutex_unlock(&state_lock);
	if (!due || pthread_mutex_trylock(&reload_lock) != 0)
		return;	/* another call is reloading: use current */
	check_file(reconf ? "reconfigure" : NULL);
	pthread_mutex_unlock(&reload_lock);
}

/* ---- judging a request ---- */

static unsigned
slurm_release(void)
{
	return SLURM_VERSION_MAJOR(SLURM_VERSION_NUMBER) * 100u +
	    SLURM_VERSION_MINOR(SLURM_VERSION_NUMBER);
}

static int
exempt_uid(uint32_t uid)
{
	return uid == 0 || uid == slurm_conf.slurm_user_id;
}

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

/* Append a message for the user; other plugins' messages are kept. */
static void
user_msg(char **err_msg, const char *text)
{
	if (err_msg != NULL && text != NULL && *text != '\0')
		slurm_xstrfmtcat(err_msg, "%s%s", *err_msg != NULL ? "\n" : "",
		    text);
}

static int
judge(const struct jl_ruleset *rs, job_desc_msg_t *d, uint32_t uid,
    char **err_msg)
{
	struct jl_arena		 a;
	struct jl_model		 m;
	struct jl_input		 in;
	struct jl_vec		 av;
	struct jl_who		 who;
	struct jl_buf		 b, slugs;
	const struct jl_finding	*f;
	struct item		*enf = NULL, *wrn = NULL, *aud = NULL;
	size_t			 nf, ne = 0, nw = 0, na = 0, i, len;
	size_t			 shown = 0, hidden = 0;
	char			*pwbuf = NULL, jobid[32];
	const char		*uname = NULL;
	int			 rc = SLURM_SUCCESS;

	jl_arena_init(&a);
	memset(&av, 0, sizeof(av));
	jl_buf_init(&b);
	jl_buf_init(&slugs);
	if (jl_desc_argv(&a, d, &av) != 0)
		goto internal;
	memset(&in, 0, sizeof(in));
	in.name = "job script";
	in.version = slurm_release();
	in.argv = (const char *const *)av.items;
	in.argc = av.n;
	in.jobdesc = 1;
	if (d->script == NULL)
		in.no_script = 1;	/* srun, salloc, het component */
	else if ((len = strnlen(d->script, JLP_MAX_SCRIPT + 1)) >
	    JLP_MAX_SCRIPT) {
		in.no_script = 1;
		slurm_info("job_submit/jlint: uid=%u: script over %u bytes: "
		    "job-level rules only", uid, JLP_MAX_SCRIPT);
	} else {
		in.data = d->script;
		in.len = len;
	}
	if (jl_model_build(&a, &in, &m) != 0)
		goto internal;

	pwbuf = malloc(16384);
	if (pwbuf != NULL && needs_user(rs->policy))
		uname = jl_user_name(uid, pwbuf, 16384);
	memset(&who, 0, sizeof(who));
	who.user = uname;
	who.account = d->account;
	who.now = (long long)time(NULL);
	if (jl_lint_run(rs, &a, &m, 0, &who) != 0)
		goto internal;
	jl_findings_sort(&m.findings);

	nf = m.findings.v.n;
	if (nf > 0 && ((enf = jl_arena_alloc(&a, nf * sizeof(*enf))) == NULL ||
	    (wrn = jl_arena_alloc(&a, nf * sizeof(*wrn))) == NULL ||
	    (aud = jl_arena_alloc(&a, nf * sizeof(*aud))) == NULL))
		goto internal;
	for (i = 0; i < nf; i++) {
		f = m.findings.v.items[i];
		switch (jl_verdict(rs, f, 1, NULL)) {
		case JL_ACT_REJECT:
			enf[ne++].f = f;
			break;
		case JL_ACT_LOG:
			aud[na++].f = f;
			break;
		case JL_ACT_WARN:
			wrn[nw++].f = f;
			break;
		case JL_ACT_NONE:
			break;
		}
	}
	if (ne + na > 0 && uname == NULL && pwbuf != NULL)
		uname = jl_user_name(uid, pwbuf, 16384);
	if (jlp_desc_job_id(d) != 0)
		snprintf(jobid, sizeof(jobid), "%u", jlp_desc_job_id(d));
	else
		snprintf(jobid, sizeof(jobid), "new");
	if (na > 0) {
		put_slugs(&slugs, aud, na);
		slurm_info("job_submit/jlint: audit job %s uid=%u user=%s "
		    "rules=%s", jobid, uid, uname != NULL ? uname : "?",
		    slugs.data != NULL ? slugs.data : "");
		slugs.len = 0;
	}
	if (ne > 0) {
		put_group(&b, &m, enf, ne, "", &shown, &hidden);
		rc = JLP_REJECT;
		put_slugs(&slugs, enf, ne);
		slurm_info("job_submit/jlint: rejected job %s uid=%u user=%s "
		    "rules=%s", jobid, uid, uname != NULL ? uname : "?",
		    slugs.data != NULL ? slugs.data : "");
	}
	put_group(&b, &m, wrn, nw, "warning: ", &shown, &hidden);
	if (hidden > 0)
		jl_buf_printf(&b, "jlint: ... and %zu more (run jlint on the "
		    "script to see them all)\n", hidden);
	if (ne > 0)
		jl_buf_printf(&b, "jlint: the job was rejected by the site "
		    "policy \"%s\": %zu problem%s to fix.  Check a script "
		    "before submitting it: jlint --policy %s job.sh\n",
		    rs->policy != NULL && rs->policy->name != NULL ?
		    rs->policy->name : "", ne, ne == 1 ? "" : "s",
		    policy_path);
	if (b.failed)
		goto internal;
	if (b.len > 0 && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	user_msg(err_msg, b.data);
	goto out;

internal:
	slurm_error("job_submit/jlint: out of memory checking a job of "
	    "uid=%u; %s", uid, rs->policy != NULL &&
	    rs->policy->on_error_reject ? "rejecting it (on_error: reject)" :
	    "accepting it unchecked");
	rc = SLURM_SUCCESS;
	if (rs->policy != NULL && rs->policy->on_error_reject) {
		user_msg(err_msg, "jlint: the job could not be checked "
		    "(internal error), so it was not submitted; try again "
		    "or tell the administrators");
		rc = JLP_REJECT;
	}
out:
	free(pwbuf);
	jl_buf_free(&b);
	jl_buf_free(&slugs);
	jl_arena_free(&a);
	return rc;
}

/* ---- the plugin interface ---- */

JL_EXPORT int
init(void)
{
	char	*p;

	if ((p = slurm_get_extra_conf_path("jlint.yaml")) != NULL) {
		snprintf(policy_path, sizeof(policy_path), "%s", p);
		slurm_xfree((void **)&p);
	} else
		snprintf(policy_path, sizeof(policy_path),
		    "/etc/slurm/jlint.yaml");
	pthread_mutex_lock(&state_lock);
	conf_seen = slurm_conf.last_update;
	last_check = time(NULL);
	pthread_mutex_unlock(&state_lock);
	pthread_mutex_lock(&reload_lock);
	seen_valid = 0;
	check_file("init");
	pthread_mutex_unlock(&reload_lock);
	slurm_info("job_submit/jlint: init (built for Slurm %u.%02u.%u), "
	    "policy %s", SLURM_VERSION_MAJOR(SLURM_VERSION_NUMBER),
	    SLURM_VERSION_MINOR(SLURM_VERSION_NUMBER),
	    SLURM_VERSION_MICRO(SLURM_VERSION_NUMBER), policy_path);
	return SLURM_SUCCESS;
}

JL_EXPORT int
fini(void)
{
	struct held	*h;

	pthread_mutex_lock(&state_lock);
	h = current;
	current = NULL;
	broken_reject = 0;
	pthread_mutex_unlock(&state_lock);
	if (h != NULL && h->refs == 0)
		held_free(h);
	return SLURM_SUCCESS;
}

JL_EXPORT int
job_submit(job_desc_msg_t *job_desc, uint32_t submit_uid, char **err_msg)
{
	struct held	*h;
	int		 reject, rc;

	if (job_desc == NULL || exempt_uid(submit_uid))
		return SLURM_SUCCESS;
	maybe_reload();
	if ((h = acquire(&reject)) == NULL) {
		if (!reject)
			return SLURM_SUCCESS;
		user_msg(err_msg, "jlint: the site's job policy could not be "
		    "loaded, so jobs are not accepted for now (on_error: "
		    "reject); please tell the administrators");
		return JLP_REJECT;
	}
	rc = judge(h->rs, job_desc, submit_uid, err_msg);
	release(h);
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
 * A raised time limit (scontrol update job TimeLimit=...).  job_desc holds
 * only the changed fields and the job record is opaque here, so: with a
 * partition in the request, check it; without one, reject only a limit
 * longer than the MaxTime of every partition of the policy (the job's
 * real partition is unknown, and a false rejection is worse than a
 * missed one; slurmctld applies MaxTime itself on the next start).
 * Returns 0, or the reason (malloc'd).
 */
static char *
modify_check(job_desc_msg_t *d, uint32_t uid)
{
	const struct jl_ruleset		*rs;
	const struct jl_rule		*r;
	const struct jl_partition	*p, *bad = NULL, *longest = NULL;
	const struct jl_policy		*pol;
	struct held			*h;
	struct jl_who			 who;
	enum jl_mode			 mode;
	char				*pwbuf, *why = NULL, *part = NULL;
	char				 t1[32], t2[32];
	const char			*s, *e;
	int64_t				 t;
	size_t				 i;
	int				 reject, fits = 0;

	if (d->time_limit == NO_VAL || exempt_uid(uid))
		return NULL;
	maybe_reload();
	if ((h = acquire(&reject)) == NULL)
		return NULL;
	rs = h->rs;
	pol = rs->policy;
	if (pol == NULL || (r = jl_ruleset_find(rs, "partition-time-limit")) ==
	    NULL || !jl_rule_enabled(rs, r, NULL, &mode) ||
	    mode != JL_MODE_ENFORCE)
		goto out;
	t = d->time_limit == INFINITE ? INT64_MAX : (int64_t)d->time_limit;
	if (d->partition != NULL && *d->partition != '\0') {
		for (s = d->partition; *s != '\0' && bad == NULL;
		    s = *e != '\0' ? e + 1 : e) {
			e = s + strcspn(s, ",");
			free(part);
			if ((part = strndup(s, (size_t)(e - s))) == NULL)
				goto out;
			p = jl_policy_partition(pol, part);
			if (p != NULL && p->max_time != JL_UNSET &&
			    t > p->max_time)
				bad = p;
		}
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
		goto out;
	memset(&who, 0, sizeof(who));
	if ((pwbuf = malloc(16384)) != NULL)
		who.user = jl_user_name(uid, pwbuf, 16384);
	who.account = d->account;
	who.now = (long long)time(NULL);
	if (!jl_rule_exempt(rs, r, bad->name, &who)) {
		char	buf[512];

		snprintf(buf, sizeof(buf), "jlint: partition-time-limit: the "
		    "new time limit %s is longer than the %s MaxTime of "
		    "partition %s%s", fmt_minutes(t1, sizeof(t1), t),
		    fmt_minutes(t2, sizeof(t2), bad->max_time), bad->name,
		    d->partition == NULL ? " (the longest of any partition)" :
		    "");
		why = strdup(buf);
		slurm_info("job_submit/jlint: job %s uid=%u user=%s: modify "
		    "rejected: %s", d->job_id_str != NULL ? d->job_id_str :
		    "?", uid, who.user != NULL ? who.user : "?", buf + 7);
	}
	free(pwbuf);
out:
	free(part);
	release(h);
	return why;
}

#ifdef JLP_MODIFY_ERR_MSG
JL_EXPORT int
job_modify(job_desc_msg_t *job_desc, void *job_ptr, uint32_t submit_uid,
    char **err_msg)
{
	char	*why;

	(void)job_ptr;
	if (job_desc == NULL || (why = modify_check(job_desc, submit_uid)) ==
	    NULL)
		return SLURM_SUCCESS;
	user_msg(err_msg, why);
	free(why);
	return ESLURM_INVALID_TIME_LIMIT;
}
#else
/* 22.05: three arguments, no message for the user (it is logged). */
JL_EXPORT int
job_modify(job_desc_msg_t *job_desc, void *job_ptr, uint32_t submit_uid)
{
	char	*why;

	(void)job_ptr;
	if (job_desc == NULL || (why = modify_check(job_desc, submit_uid)) ==
	    NULL)
		return SLURM_SUCCESS;
	free(why);
	return ESLURM_INVALID_TIME_LIMIT;
}
#endif
