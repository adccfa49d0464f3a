/*
 * hold.c: the policy held by a front end inside Slurm (hold.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <slurm/slurm.h>

#include "hold.h"
#include "job.h"
#include "policy-load.h"
#include "policy.h"
#include "rule.h"
#include "slurm-compat.h"
#include "user.h"

#define JLP_MAX_ERRLOG	50		/* policy error lines logged */
#define JLP_SAVED_NAME	"jlint-last-good-policy"
#define JLP_SAVED_MAGIC	"jlint last good policy 1\n"
#define JLP_NFILES	(JL_POLICY_MAX_EXTENDS + 1)

extern slurm_conf_t slurm_conf;

/* A loaded rule set and the calls using it. */
struct jlp_held {
	struct jl_policy_set	*set;		/* owns rs */
	struct jl_ruleset	*rs;
	unsigned		 refs;		/* under state_lock */
	char			 hash[17];	/* of the files' bytes */
	int			 saved;		/* from the copy on disk */
	time_t			 when;		/* files read (saved copy:
						   when it was saved) */
};

/*
 * The files a policy was loaded from (the top file first, then what it
 * extends), byte for byte: what is saved as the last good policy and
 * loaded again, with the same paths, when the files are broken or gone.
 * Saving the bytes (not a rewritten policy) makes the copy load exactly
 * as the original did, extends: chain included, with no original file.
 */
struct bundle {
	size_t	 n;
	char	*path[JLP_NFILES];
	char	*data[JLP_NFILES];
	size_t	 len[JLP_NFILES];
	int	 serve;		/* 1: read() serves from here, not disk */
	int	 incomplete;	/* a file could not be kept: not saved */
	time_t	 when;
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
static char		 saved_path[4096];	/* "": no copy on disk */
static char		 saved_hash[17];	/* of the copy on disk */

/* ---- the last good policy on disk ---- */

static void
bundle_free(struct bundle *b)
{
	size_t	i;

	for (i = 0; i < b->n; i++) {
		free(b->path[i]);
		free(b->data[i]);
	}
	memset(b, 0, sizeof(*b));
}

/* FNV-1a, 64 bits, over every file's path and bytes: the policy's hash
 * in the log and the decision records. */
static void
bundle_hash(const struct bundle *b, char out[17])
{
	uint64_t	h = 0xcbf29ce484222325ull;
	size_t		i, k;

	for (i = 0; i < b->n; i++) {
		for (k = 0; b->path[i][k] != '\0'; k++)
			h = (h ^ (unsigned char)b->path[i][k]) *
			    0x100000001b3ull;
		h = (h ^ 0xff) * 0x100000001b3ull;
		for (k = 0; k < b->len[i]; k++)
			h = (h ^ (unsigned char)b->data[i][k]) *
			    0x100000001b3ull;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* jl_policy_opts.read: from disk, keeping a copy; or from the bundle. */
static char *
bundle_read(const char *path, size_t *lenp, char **errors, void *arg)
{
	struct bundle	*b = arg;
	char		*data, *copy;
	size_t		 i;

	if (b->serve) {
		for (i = 0; i < b->n; i++)
			if (strcmp(b->path[i], path) == 0 &&
			    (copy = malloc(b->len[i] + 1)) != NULL) {
				memcpy(copy, b->data[i], b->len[i]);
				copy[b->len[i]] = '\0';
				*lenp = b->len[i];
				return copy;
			}
		return jl_policy_read(path, lenp, errors);  /* error line */
	}
	if ((data = jl_policy_read(path, lenp, errors)) == NULL)
		return data;
	if (b->n >= JLP_NFILES || (b->path[b->n] = strdup(path)) == NULL ||
	    (b->data[b->n] = malloc(*lenp + 1)) == NULL) {
		if (b->n < JLP_NFILES) {
			free(b->path[b->n]);
			b->path[b->n] = NULL;
		}
		b->incomplete = 1;
		return data;
	}
	memcpy(b->data[b->n], data, *lenp + 1);
	b->len[b->n++] = *lenp;
	return data;
}

/* Write the bundle to saved_path (a new file renamed over the old one).
 * Called with reload_lock held. */
static void
bundle_save(const struct bundle *b, const char *hash)
{
	char	 tmp[4200];
	FILE	*f;
	size_t	 i;
	int	 fd, ok;

	if (saved_path[0] == '\0' || b->n == 0 || b->incomplete ||
	    strcmp(hash, saved_hash) == 0)
		return;
	snprintf(tmp, sizeof(tmp), "%s.new", saved_path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1 || (f = fdopen(fd, "w")) == NULL) {
		slurm_error("%s: cannot save the last good policy in %s: %s",
		    tag, tmp, strerror(errno));
		if (fd != -1)
			close(fd);
		return;
	}
	fprintf(f, "%ssaved: %lld\n", JLP_SAVED_MAGIC, (long long)time(NULL));
	for (i = 0; i < b->n; i++) {
		fprintf(f, "file %zu %s\n", b->len[i], b->path[i]);
		fwrite(b->data[i], 1, b->len[i], f);
		fputc('\n', f);
	}
	ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, saved_path) != 0) {
		slurm_error("%s: cannot save the last good policy in %s: %s",
		    tag, saved_path, strerror(errno));
		unlink(tmp);
		return;
	}
	snprintf(saved_hash, sizeof(saved_hash), "%s", hash);
	slurm_info("%s: last good policy (hash %s) saved in %s", tag, hash,
	    saved_path);
}

/* Read saved_path into b (serving).  0, or -1 with a reason in why. */
static int
bundle_load(struct bundle *b, char *why, size_t whylen)
{
	char		*all, *p, *end, *nl, *e;
	size_t		 len, flen;
	unsigned long	 n;

	memset(b, 0, sizeof(*b));
	why[0] = '\0';
	e = NULL;
	if ((all = jl_policy_read(saved_path, &len, &e)) == NULL) {
		snprintf(why, whylen, "%s", e != NULL ? e : "cannot read");
		free(e);
		if ((p = strchr(why, '\n')) != NULL)
			*p = '\0';
		return -1;
	}
	end = all + len;
	p = all + strlen(JLP_SAVED_MAGIC);
	if (len < strlen(JLP_SAVED_MAGIC) || memcmp(all, JLP_SAVED_MAGIC,
	    strlen(JLP_SAVED_MAGIC)) != 0 || strncmp(p, "saved: ", 7) != 0)
		goto bad;
	b->when = (time_t)strtoll(p + 7, NULL, 10);
	if ((p = memchr(p, '\n', (size_t)(end - p))) == NULL)
		goto bad;
	p++;
	while (p < end) {
		if (b->n >= JLP_NFILES || strncmp(p, "file ", 5) != 0 ||
		    (nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			goto bad;
		n = strtoul(p + 5, &e, 10);
		flen = (size_t)n;
		if (*e != ' ' || e + 1 >= nl || flen > (size_t)(end - nl - 1) ||
		    nl + 1 + flen >= end || nl[1 + flen] != '\n')
			goto bad;
		if ((b->path[b->n] = strndup(e + 1, (size_t)(nl - e - 1))) ==
		    NULL || (b->data[b->n] = malloc(flen + 1)) == NULL) {
			free(b->path[b->n]);
			goto bad;
		}
		memcpy(b->data[b->n], nl + 1, flen);
		b->data[b->n][flen] = '\0';
		b->len[b->n++] = flen;
		p = nl + 1 + flen + 1;
	}
	if (b->n == 0)
		goto bad;
	free(all);
	b->serve = 1;
	return 0;
bad:
	free(all);
	bundle_free(b);
	snprintf(why, whylen, "not a saved policy (damaged?)");
	return -1;
}

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

static struct jlp_held *
held_new(struct jl_policy_set *set, const struct bundle *b)
{
	struct jlp_held	*h;

	if ((h = calloc(1, sizeof(*h))) == NULL)
		return NULL;
	h->set = set;
	h->rs = set->rs;
	bundle_hash(b, h->hash);
	h->saved = b->serve;
	h->when = b->serve ? b->when : time(NULL);
	return h;
}

static size_t
n_enforced(const struct jl_ruleset *rs)
{
	size_t	i, n = 0;

	for (i = 0; i < rs->nrules; i++)
		if (jl_rule_enabled(rs, rs->rules[i], NULL, NULL) &&
		    jl_rule_mode(rs, rs->rules[i], point) == JL_MODE_ENFORCE)
			n++;
	return n;
}

/*
 * No good policy in memory (slurmctld starting, or the file was broken
 * from the start): the last good policy saved on disk, when there is
 * one.  1: installed.  Called with reload_lock held.
 */
static int
use_saved(void)
{
	struct jl_policy_opts	 o;
	struct jl_policy_set	*set;
	struct jlp_held		*h;
	struct bundle		 b;
	char			*errors = NULL, why[256], when[32];
	struct tm		 tm;

	if (saved_path[0] == '\0')
		return 0;
	if (bundle_load(&b, why, sizeof(why)) != 0) {
		if (strstr(why, strerror(ENOENT)) == NULL)
			slurm_error("%s: last good policy %s not usable: %s",
			    tag, saved_path, why);
		return 0;
	}
	memset(&o, 0, sizeof(o));
	o.read = bundle_read;
	o.read_arg = &b;
	if ((set = jl_policy_open(b.path[0], &o, &errors, NULL)) == NULL ||
	    (h = held_new(set, &b)) == NULL) {
		log_errors(errors);
		slurm_error("%s: last good policy %s does not load (errors "
		    "above)", tag, saved_path);
		free(errors);
		jl_policy_set_free(set);
		bundle_free(&b);
		return 0;
	}
	bundle_hash(&b, saved_hash);
	bundle_free(&b);
	install(h);
	gmtime_r(&h->when, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	slurm_error("%s: USING THE LAST GOOD POLICY saved in %s on %s: policy "
	    "\"%s\" (hash %s), %zu rules, %zu enforced; fix %s", tag,
	    saved_path, when, h->rs->policy != NULL && h->rs->policy->name !=
	    NULL ? h->rs->policy->name : "", h->hash, h->rs->nrules,
	    n_enforced(h->rs), policy_path);
	return 1;
}

/* After a failed load: keep the last good policy (in memory, else the
 * copy on disk), or follow on_error.  Loud at every attempt: enforcement
 * is not what the file says until it is fixed. */
static void
load_failed(const char *why, int reject, const char *errors)
{
	char		 what[200] = "";
	const char	*e;
	int		 have, n;

	pthread_mutex_lock(&state_lock);
	have = current != NULL;
	pthread_mutex_unlock(&state_lock);
	if (!have && !in_client)
		have = use_saved();
	pthread_mutex_lock(&state_lock);
	if (!have && !in_client)
		broken_reject = reject;
	else if (have)
		snprintf(what, sizeof(what), "policy \"%s\" (hash %s%s)",
		    current->rs->policy != NULL && current->rs->policy->name !=
		    NULL ? current->rs->policy->name : "", current->hash,
		    current->saved ? ", from the saved copy" : "");
	pthread_mutex_unlock(&state_lock);
	if (in_client) {
		e = first_error(errors, &n);
		slurm_error("%s: policy %s not loaded (%.*s); this request is "
		    "not checked here, the controller still decides", tag,
		    policy_path, n > 0 ? n : (int)strlen(why), n > 0 ? e :
		    why);
		return;
	}
	slurm_error("%s: policy %s not loaded (%s); %s%s%s", tag, policy_path,
	    why, have ? "still using the last good policy: " : reject ?
	    "no policy in effect: jobs are REJECTED (on_error: reject)" :
	    "no policy in effect: jobs are accepted unchecked", what, have ?
	    "; THE FILE IS NOT IN EFFECT until it is fixed" : "");
}

/* jl_policy_expired()'s lines in the log at every load (issue 17.5). */
static void
log_expired(const char *line, void *arg)
{
	(void)arg;
	(in_client ? slurm_verbose : slurm_info)("%s: %s", tag, line);
}

/* Read and load the policy file and what it extends (policy-load.c);
 * save it as the last good policy.  Called with reload_lock held. */
static void
load(const char *reason)
{
	struct jl_policy_opts	 o;
	struct jl_policy_set	*set;
	struct jl_ruleset	*rs;
	struct jlp_held		*h;
	struct bundle		 b;
	char			*errors = NULL;
	int			 reject = 0;

	memset(&b, 0, sizeof(b));
	memset(&o, 0, sizeof(o));
	o.read = bundle_read;
	o.read_arg = &b;
	if ((set = jl_policy_open(policy_path, &o, &errors, &reject)) ==
	    NULL) {
		bundle_free(&b);
		log_errors(errors);
		load_failed("errors above", reject, errors);
		free(errors);
		return;
	}
	if ((h = held_new(set, &b)) == NULL) {
		bundle_free(&b);
		jl_policy_set_free(set);
		load_failed("out of memory", 0, NULL);
		return;
	}
	rs = set->rs;
	install(h);
	(in_client ? slurm_verbose : slurm_info)("%s: %s: policy \"%s\" "
	    "from %s%s%s: %zu rules, %zu enforced at %s, hash %s", tag, reason,
	    rs->policy->name != NULL ? rs->policy->name : "", policy_path,
	    set->nlayers > 1 ? " extending " : "", set->nlayers > 1 ?
	    (set->layers[0]->path != NULL ? set->layers[0]->path : "") : "",
	    rs->nrules, n_enforced(rs), jl_point_name(point), h->hash);
	jl_policy_expired(set, (long long)time(NULL), log_expired, NULL);
	bundle_save(&b, h->hash);
	bundle_free(&b);
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
	install(NULL);		/* the last user frees the old policy */
}

const char *
jlp_hold_path(void)
{
	return policy_path;
}

void
jlp_hold_save_in(const char *dir)
{
	if (dir == NULL || *dir == '\0')
		saved_path[0] = '\0';
	else
		snprintf(saved_path, sizeof(saved_path), "%s/%s", dir,
		    JLP_SAVED_NAME);
}

const char *
jlp_hold_hash(const struct jlp_held *h)
{
	return h != NULL ? h->hash : "";
}

const char *
jlp_hold_tag(void)
{
	return tag;
}

/* ---- user names, remembered ---- */

struct user_ent {
	uint32_t	uid;
	time_t		when;		/* 0: free */
	int		found;
	char		name[64];	/* longer names are not cached */
};

static pthread_mutex_t	 user_lock = PTHREAD_MUTEX_INITIALIZER;
static struct user_ent	 users[JLP_USER_CACHE];
static unsigned		 user_next;	/* round robin replacement */

const char *
jlp_user_name(uint32_t uid, char *buf, size_t len)
{
	char		 pw[16384];
	const char	*name;
	time_t		 now = time(NULL);
	size_t		 i;
	int		 hit = 0, found = 0, n = 0;

	if (buf == NULL || len == 0)
		return NULL;
	pthread_mutex_lock(&user_lock);
	for (i = 0; i < JLP_USER_CACHE; i++)
		if (users[i].when != 0 && users[i].uid == uid &&
		    now >= users[i].when && now - users[i].when <
		    (users[i].found ? JLP_USER_TTL : JLP_USER_TTL_MISS)) {
			hit = 1;
			if ((found = users[i].found) != 0)
				n = snprintf(buf, len, "%s", users[i].name);
			break;
		}
	pthread_mutex_unlock(&user_lock);
	if (hit)
		return found && n >= 0 && (size_t)n < len ? buf : NULL;
	/* Looked up without the lock: another thread may do the same uid
	 * meanwhile, and the last answer stays. */
	if ((name = jl_user_name(uid, pw, sizeof(pw))) != NULL &&
	    strlen(name) >= len)
		return NULL;
	if (name != NULL)
		snprintf(buf, len, "%s", name);
	if (name != NULL && strlen(name) >= sizeof(users[0].name))
		return buf;
	pthread_mutex_lock(&user_lock);
	for (i = 0; i < JLP_USER_CACHE; i++)
		if (users[i].when != 0 && users[i].uid == uid)
			break;
	if (i == JLP_USER_CACHE)
		i = user_next++ % JLP_USER_CACHE;
	users[i].uid = uid;
	users[i].when = now;
	users[i].found = name != NULL;
	snprintf(users[i].name, sizeof(users[i].name), "%s",
	    name != NULL ? name : "");
	pthread_mutex_unlock(&user_lock);
	return name != NULL ? buf : NULL;
}

/*
 * slurmctld takes MaxArraySize once, at its first use (a static in
 * job_mgr.c: before 23.11 a reconfigure does not change it; from 23.11 a
 * reconfigure starts a new slurmctld, and this plugin with it), and reads
 * max_array_tasks again after each reconfigure (slurm_conf.last_update,
 * _valid_array_inx()).  So does this: the first call's MaxArraySize, and
 * SchedulerParameters parsed again only when the configuration changed.
 */
static pthread_mutex_t	arrays_lock = PTHREAD_MUTEX_INITIALIZER;
static struct jl_array_conf arrays_seen = { JL_UNSET, JL_UNSET };
static time_t		arrays_update;

void
jlp_input_live(struct jl_input *in, struct jl_array_conf *store)
{
	in->version = jlp_slurm_release();
	pthread_mutex_lock(&arrays_lock);
	if (arrays_seen.max_size == JL_UNSET)
		arrays_seen.max_size = (int64_t)slurm_conf.max_array_sz;
	if (arrays_seen.max_tasks == JL_UNSET ||
	    arrays_update != slurm_conf.last_update) {
		arrays_update = slurm_conf.last_update;
		arrays_seen.max_tasks = jl_max_array_tasks(
		    slurm_conf.sched_params, arrays_seen.max_size);
	}
	*store = arrays_seen;
	pthread_mutex_unlock(&arrays_lock);
	in->arrays = store;
}
