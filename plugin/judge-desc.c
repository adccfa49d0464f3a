/*
 * judge-desc.c: a job_submit request (job_desc_msg_t) judged (judge.h):
 * the one path of the job_submit plugin and the Lua module, so their
 * verdicts are equal by construction.  Not in the cli_filter plugin
 * (it reads options, not a job_desc_msg_t).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <slurm/slurm.h>

#include "assoc.h"
#include "desc.h"
#include "hold.h"
#include "judge.h"
#include "later.h"
#include "slurm-compat.h"

/* ---- a job_submit request (job_desc_msg_t) ---- */

extern slurm_conf_t slurm_conf;

int
jlp_uid_exempt(uint32_t uid)
{
	return uid == 0 || uid == slurm_conf.slurm_user_id;
}

/* ---- het jobs: each component with the steps that run in it ---- */

/*
 * slurmctld judges a het job's components one by one, in order, in the
 * thread of the submit RPC (22.05 _slurm_rpc_submit_batch_het_job():
 * het_job_offset 0, 1, ...; an ordinary job has NO_VAL), and only
 * component 0 carries the script.  To judge component k with the steps
 * that run in it (jl_input.het), the script and the requests of
 * components 0..k-1 are kept from the earlier calls of the same thread:
 * a few slots, taken by the thread while it judges, freed by its next
 * job that is not a later component, or reused after JLP_HET_TTL seconds
 * (a het RPC takes milliseconds).  No thread-specific data: nothing runs
 * at thread exit, so unloading the plugin is always safe.
 */
#define JLP_HET_SLOTS	8
#define JLP_HET_TTL	60

struct het_slot {
	int		 used;
	pthread_t	 thread;
	uint32_t	 uid;
	uint32_t	 next;		/* the component expected next */
	time_t		 when;
	char		*script;	/* malloc'd, len bytes and a NUL */
	size_t		 len;
	char		*words;		/* the requests so far: NUL-ended
					   words, ":" between components */
	size_t		 nbytes, nwords;
};

static struct het_slot	het_slots[JLP_HET_SLOTS];
static pthread_mutex_t	het_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int	het_nused;	/* slots in use (changed under the
					   lock): 0, the usual case, skips it */

static void
het_clear(struct het_slot *h)
{
	free(h->script);
	free(h->words);
	memset(h, 0, sizeof(*h));
}

/* Take this thread's slot out of the table (into *out), if any. */
static int
het_take(uint32_t uid, struct het_slot *out)
{
	size_t	i;
	int	found = 0;

	if (atomic_load(&het_nused) == 0)
		return 0;
	pthread_mutex_lock(&het_lock);
	for (i = 0; i < JLP_HET_SLOTS; i++)
		if (het_slots[i].used && pthread_equal(het_slots[i].thread,
		    pthread_self())) {
			atomic_fetch_sub(&het_nused, 1);
			if (!found && het_slots[i].uid == uid) {
				*out = het_slots[i];
				memset(&het_slots[i], 0, sizeof(het_slots[i]));
				found = 1;
			} else
				het_clear(&het_slots[i]);
		}
	pthread_mutex_unlock(&het_lock);
	return found;
}

/* Put h back (a free slot, a stale one, else the oldest). */
static void
het_put(struct het_slot *h)
{
	time_t	now = time(NULL);
	size_t	i, best = 0;

	h->used = 1;
	h->thread = pthread_self();
	h->when = now;
	pthread_mutex_lock(&het_lock);
	for (i = 0; i < JLP_HET_SLOTS; i++) {
		if (!het_slots[i].used || now - het_slots[i].when >
		    JLP_HET_TTL) {
			best = i;
			break;
		}
		if (het_slots[i].when < het_slots[best].when)
			best = i;
	}
	if (!het_slots[best].used)
		atomic_fetch_add(&het_nused, 1);
	het_clear(&het_slots[best]);
	het_slots[best] = *h;
	pthread_mutex_unlock(&het_lock);
	memset(h, 0, sizeof(*h));
}

/* Append ":" (after component 0) and av to h's words.  -1: no memory. */
static int
het_add(struct het_slot *h, const struct jl_vec *av)
{
	size_t	i, n = h->nwords > 0 ? 2 : 0;
	char	*w;

	for (i = 0; i < av->n; i++)
		n += strlen(av->items[i]) + 1;
	if ((w = realloc(h->words, h->nbytes + n + 1)) == NULL)
		return -1;
	h->words = w;
	if (h->nwords > 0) {
		memcpy(w + h->nbytes, ":", 2);
		h->nbytes += 2;
		h->nwords++;
	}
	for (i = 0; i < av->n; i++) {
		n = strlen(av->items[i]) + 1;
		memcpy(w + h->nbytes, av->items[i], n);
		h->nbytes += n;
		h->nwords++;
	}
	return 0;
}

/* h's words then ":" and av (component k's request), in the arena. */
static int
het_argv(struct jl_arena *a, const struct het_slot *h,
    const struct jl_vec *av, struct jl_vec *out)
{
	const char	*p;
	char		*copy;
	size_t		 i;

	memset(out, 0, sizeof(*out));
	if ((copy = jl_arena_alloc(a, h->nbytes + 1)) == NULL)
		return -1;
	memcpy(copy, h->words, h->nbytes);
	for (p = copy, i = 0; i < h->nwords; i++, p += strlen(p) + 1)
		if (jl_vec_push(a, out, (void *)p) != 0)
			return -1;
	if (jl_vec_push(a, out, (void *)":") != 0)
		return -1;
	for (i = 0; i < av->n; i++)
		if (jl_vec_push(a, out, av->items[i]) != 0)
			return -1;
	return 0;
}

void
jlp_het_forget_all(void)
{
	size_t	i;

	pthread_mutex_lock(&het_lock);
	for (i = 0; i < JLP_HET_SLOTS; i++)
		het_clear(&het_slots[i]);
	atomic_store(&het_nused, 0);
	pthread_mutex_unlock(&het_lock);
}

/* A message alone (no findings) in out, for the cases judged without
 * the rules.  Returns reject. */
static int
desc_say(struct jlp_judged *out, const char *text, int reject)
{
	if ((out->text = jlp_wrap(text, JLP_WRAP)) == NULL)
		slurm_error("%s: out of memory", jlp_hold_tag());
	return reject;
}

int
jlp_judge_desc(struct jl_arena *a, const job_desc_msg_t *d, uint32_t uid,
    struct jlp_judged *out)
{
	const struct jl_ruleset	*rs;
	struct jlp_held		*h;
	struct jl_vec		 av, hav;
	struct jlp_req		 req;
	struct het_slot		 het;
	struct jlp_account	 acct;
	size_t			 len;
	int			 reject = 0, in_het = 0;

	memset(out, 0, sizeof(*out));
	memset(&het, 0, sizeof(het));
	jl_arena_init(&out->a);
	if (d == NULL || jlp_uid_exempt(uid))
		return 0;
	jlp_hold_maybe_reload();
	if ((h = jlp_hold_acquire(&rs, &reject)) == NULL)
		return reject ? desc_say(out, "jlint: the site's job policy "
		    "could not be loaded, so jobs are not accepted for now "
		    "(on_error: reject); please tell the administrators", 1) :
		    0;
	jl_ruleset_prefetch(rs);	/* cold caches: rule.h */
	memset(&av, 0, sizeof(av));
	memset(&req, 0, sizeof(req));
	if (jl_desc_argv(a, d, &av) != 0) {
		slurm_error("%s: out of memory reading a job of uid=%u",
		    jlp_hold_tag(), uid);
		out->internal = 1;
		goto out;
	}
	req.in.name = "job script";
	jlp_input_live(&req.in, &req.arrays);
	req.in.argv = (const char *const *)av.items;
	req.in.argc = av.n;
	req.in.jobdesc = 1;
	req.point = JL_POINT_JOB_SUBMIT;
	/*
	 * A het job (het_job_offset 0, 1, ... in one thread; NO_VAL for any
	 * other job): component k judged with its request, the requests of
	 * the components before it and the script kept from their calls
	 * (het_take), so each step is judged once, in the call of the
	 * components it runs in (jl_input.het).  A later component whose
	 * earlier calls were not seen here: its request alone, job-level
	 * rules only.
	 */
	if (d->het_job_offset == NO_VAL)
		(void)het_take(uid, &het);	/* this thread's: done */
	else if (d->het_job_offset == 0 && d->script != NULL &&
	    strnlen(d->script, JLP_MAX_SCRIPT + 1) <= JLP_MAX_SCRIPT) {
		(void)het_take(uid, &het);
		het_clear(&het);
		het.len = strlen(d->script);
		if ((het.script = strdup(d->script)) != NULL &&
		    het_add(&het, &av) == 0)
			in_het = 1;
	} else if (d->het_job_offset > 0 && d->script == NULL &&
	    het_take(uid, &het)) {
		if (het.next == d->het_job_offset &&
		    het_argv(a, &het, &av, &hav) == 0 &&
		    het_add(&het, &av) == 0) {
			in_het = 1;
			req.in.argv = (const char *const *)hav.items;
			req.in.argc = hav.n;
		}
	}
	if (in_het) {
		req.in.het = 1;
		req.in.data = het.script;
		req.in.len = het.len;
	} else if (d->script == NULL)
		req.in.no_script = 1;	/* srun, salloc, het component */
	else if ((len = strnlen(d->script, JLP_MAX_SCRIPT + 1)) >
	    JLP_MAX_SCRIPT) {
		req.in.no_script = req.in.jobdesc = 1;
		req.in.sbatch_mode = 0;
		jlp_later_info("%s: uid=%u: script over %u bytes: job-level "
		    "rules only", jlp_hold_tag(), uid, JLP_MAX_SCRIPT);
	} else {
		req.in.data = d->script;
		req.in.len = len;
	}
	/* The environment the script starts with (APPTAINER_NV ...): the
	 * request's, in the call that carries the script. */
	if (d->script != NULL && !req.in.no_script && d->environment != NULL &&
	    d->env_size > 0) {
		req.in.env = (const char *const *)d->environment;
		req.in.envc = d->env_size;
	}
	req.uid = uid;
	/* The account slurmctld will charge (-A, else the default) */
	req.account = jlp_account_resolve(uid, d->account, &acct);
	req.account_default = acct.is_default;
	req.job_id = jlp_desc_job_id(d);
	req.partition = d->partition;
	req.job_name = d->name;
	req.policy_hash = jlp_hold_hash(h);
	req.record = 1;
	if (jlp_judge(rs, &req, out) == 0)
		reject = out->nreject > 0;
	/* The next component is judged with this one's request; after a
	 * rejection slurmctld judges no more of them. */
	if (in_het && !reject) {
		het.uid = uid;
		het.next = d->het_job_offset + 1;
		het_put(&het);
	}
out:
	het_clear(&het);
	if (out->internal && rs->policy != NULL &&
	    rs->policy->on_error_reject) {
		free(out->text);
		out->text = NULL;
		reject = desc_say(out, "jlint: the job could not be checked "
		    "(internal error), so it was not submitted; try again "
		    "or tell the administrators", 1);
	}
	jlp_hold_release(h);
	return reject;
}
