/*
 * hold.c: the policy held by a front end inside Slurm (hold.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <slurm/slurm.h>

#include "hold.h"
#include "policy-load.h"
#include "policy.h"
#include "rule.h"

#define JLP_MAX_ERRLOG	50		/* policy error lines logged */

extern slurm_conf_t slurm_conf;

/* A loaded rule set and the calls using it. */
struct jlp_held {
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
static struct jlp_held	*current;	/* last good policy, or NULL */
static int		 broken_reject;	/* none, on_error: reject */
static time_t		 last_check;	/* second of the last stat() */
static time_t		 conf_seen;	/* slurm_conf.last_update */

static pthread_mutex_t	 reload_lock = PTHREAD_MUTEX_INITIALIZER;
static char		 policy_path[4096];
static char		 tag[64] = "jlint";
static struct file_id	 seen;		/* under reload_lock */
static int		 seen_valid;
static enum jl_point	 point = JL_POINT_JOB_SUBMIT;
/* In the user's sbatch, salloc or srun (cli_filter): a broken policy is
 * one error line, a good one is logged with -v only, and on_error is not
 * followed (the controller still decides). */
static int		 in_client;

/* ---- the policy: loading and reloading ---- */

static void
held_free(struct jlp_held *h)
{
	if (h != NULL) {
		jl_policy_set_free(h->set);
		free(h);
	}
}

/* Make h the current policy; the old one goes when its last user does. */
static void
install(struct jlp_held *h)
{
	struct jlp_held	*old;
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

struct jlp_held *
jlp_hold_acquire(const struct jl_ruleset **rs, int *reject)
{
	struct jlp_held	*h;

	pthread_mutex_lock(&state_lock);
	if ((h = current) != NULL)
		h->refs++;
	*reject = broken_reject;
	pthread_mutex_unlock(&state_lock);
	*rs = h != NULL ? h->rs : NULL;
	return h;
}

void
jlp_hold_release(struct jlp_held *h)
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

	if (in_client)
		return;		/* load_failed() says it in one line */

	for (p = errors; p != NULL && *p != '\0'; p = nl != NULL ? nl + 1 :
	    NULL) {
		nl = strchr(p, '\n');
		if (nl == p)
			continue;
		if (++n > JLP_MAX_ERRLOG) {
			slurm_error("%s: ... more policy errors", tag);
			return;
		}
		if (strncmp(p, "jlint: ", 7) == 0)	/* our own prefix */
			p += 7;
		slurm_error("%s: %.*s", tag, nl != NULL ?
		    (int)(nl - p) : (int)strlen(p), p);
	}
}

/* The first line of errors, without our prefix, at most n bytes. */
static const char *
first_error(const char *errors, int *n)
{
	const char	*p = errors != NULL ? errors : "";

	while (*p == '\n')
		p++;
	if (strncmp(p, "jlint: ", 7) == 0)
		p += 7;
	*n = (int)strcspn(p, "\n");
	if (*n > 300)
		*n = 300;
	return p;
}

/* After a failed load: keep the last good policy, or follow on_error.
 * errors: what went wrong (for the one line a client logs), or NULL. */
static void
load_failed(const char *why, int reject, const char *errors)
{
	const char	*e;
	int		 have, n;

	pthread_mutex_lock(&state_lock);
	have = current != NULL;
	if (!have && !in_client)
		broken_reject = reject;
	pthread_mutex_unlock(&state_lock);
	if (in_client) {
		e = first_error(errors, &n);
		slurm_error("%s: policy %s not loaded (%.*s); this request is "
		    "not checked here, the controller still decides", tag,
		    policy_path, n > 0 ? n : (int)strlen(why), n > 0 ? e :
		    why);
		return;
	}
	slurm_error("%s: policy %s not loaded (%s); %s",
	    tag, policy_path, why, have ? "still using the last good policy" :
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
	struct jlp_held		*h;
	char			*errors = NULL;
	size_t			 i, nenf = 0;
	int			 reject = 0;

	if ((set = jl_policy_open(policy_path, NULL, &errors, &reject)) ==
	    NULL) {
		log_errors(errors);
		load_failed("errors above", reject, errors);
		free(errors);
		return;
	}
	if ((h = calloc(1, sizeof(*h))) == NULL) {
		jl_policy_set_free(set);
		load_failed("out of memory", 0, NULL);
		return;
	}
	h->set = set;
	h->rs = rs = set->rs;
	for (i = 0; i < rs->nrules; i++)
		if (jl_rule_enabled(rs, rs->rules[i], NULL, NULL) &&
		    jl_rule_mode(rs, rs->rules[i], point) == JL_MODE_ENFORCE)
			nenf++;
	install(h);
	(in_client ? slurm_verbose : slurm_info)("%s: %s: policy \"%s\" from %s%s%s: %zu "
	    "rules, %zu enforced at %s", tag, reason, rs->policy->name != NULL ?
	    rs->policy->name : "", policy_path, set->nlayers > 1 ?
	    " extending " : "", set->nlayers > 1 ? (set->layers[0]->path !=
	    NULL ? set->layers[0]->path : "") : "", rs->nrules, nenf,
	    jl_point_name(point));
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
		load_failed(strerror(ENOENT), 0, NULL);
		return;
	}
	load(force != NULL ? force : "file changed");
}

/* At most one stat() a second. */
void
jlp_hold_maybe_reload(void)
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

void
jlp_hold_init(const char *t, const char *path)
{
	jlp_hold_init_at(t, path, JL_POINT_JOB_SUBMIT);
}

void
jlp_hold_init_at(const char *t, const char *path, enum jl_point pt)
{
	char	*p;

	point = pt;
	in_client = pt == JL_POINT_CLI_FILTER;
	snprintf(tag, sizeof(tag), "%s", t);
	if (path != NULL)
		snprintf(policy_path, sizeof(policy_path), "%s", path);
	else if ((p = slurm_get_extra_conf_path("jlint.yaml")) != NULL) {
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
}

void
jlp_hold_reload(const char *reason)
{
	pthread_mutex_lock(&reload_lock);
	check_file(reason);
	pthread_mutex_unlock(&reload_lock);
}

void
jlp_hold_fini(void)
{
	struct jlp_held	*h;
	int		 dofree;

	pthread_mutex_lock(&state_lock);
	h = current;
	current = NULL;
	broken_reject = 0;
	dofree = h != NULL && h->refs == 0;
	pthread_mutex_unlock(&state_lock);
	if (dofree)
		held_free(h);
}

const char *
jlp_hold_path(void)
{
	return policy_path;
}

const char *
jlp_hold_tag(void)
{
	return tag;
}
