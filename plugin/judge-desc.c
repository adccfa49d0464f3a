/*
 * judge-desc.c: a job_submit request (job_desc_msg_t) judged (judge.h):
 * the one path of the job_submit plugin and the Lua module, so their
 * verdicts are equal by construction.  Not in the cli_filter plugin
 * (it reads options, not a job_desc_msg_t).
 */
#include <stdlib.h>
#include <string.h>

#include <slurm/slurm.h>

#include "assoc.h"
#include "desc.h"
#include "hold.h"
#include "judge.h"
#include "lex.h"
#include "slurm-compat.h"

/* ---- a job_submit request (job_desc_msg_t) ---- */

extern slurm_conf_t slurm_conf;

int
jlp_uid_exempt(uint32_t uid)
{
	return uid == 0 || uid == slurm_conf.slurm_user_id;
}

/* A message alone (no findings) in out, for the cases judged without
 * the rules.  Returns reject. */
static int
desc_say(struct jlp_judged *out, const char *text, int reject)
{
	if ((out->text = strdup(text)) == NULL)
		slurm_error("%s: out of memory", jlp_hold_tag());
	return reject;
}

int
jlp_judge_desc(struct jl_arena *a, const job_desc_msg_t *d, uint32_t uid,
    struct jlp_judged *out)
{
	const struct jl_ruleset	*rs;
	struct jlp_held		*h;
	struct jl_vec		 av;
	struct jlp_req		 req;
	struct jlp_account	 acct;
	size_t			 len;
	int			 reject = 0;

	memset(out, 0, sizeof(*out));
	jl_arena_init(&out->a);
	if (d == NULL || jlp_uid_exempt(uid))
		return 0;
	jlp_hold_maybe_reload();
	if ((h = jlp_hold_acquire(&rs, &reject)) == NULL)
		return reject ? desc_say(out, "jlint: the site's job policy "
		    "could not be loaded, so jobs are not accepted for now "
		    "(on_error: reject); please tell the administrators", 1) :
		    0;
	memset(&av, 0, sizeof(av));
	memset(&req, 0, sizeof(req));
	if (jl_desc_argv(a, d, &av) != 0) {
		slurm_error("%s: out of memory reading a job of uid=%u",
		    jlp_hold_tag(), uid);
		out->internal = 1;
		goto out;
	}
	req.in.name = "job script";
	req.in.version = jlp_slurm_release();
	req.in.argv = (const char *const *)av.items;
	req.in.argc = av.n;
	req.in.jobdesc = 1;
	req.point = JL_POINT_JOB_SUBMIT;
	/*
	 * A het job: slurmctld calls job_submit once per component, in
	 * order, in one RPC; only the first (het_job_offset 0) carries the
	 * script.  It is judged as jlint judges the script: every
	 * component's values from its directives (this component's request
	 * over the first), so each step is judged in the component it runs
	 * in (srun --het-group).  The others: job-level rules, their own
	 * request (no script).  Slurm leaves het_job_offset 0 for a job that
	 * is not het either; those keep the request as the whole truth.
	 */
	if (d->script != NULL && d->het_job_offset == 0 &&
	    jl_script_declares_het(d->script, strnlen(d->script,
	    JLP_MAX_SCRIPT + 1))) {
		req.in.jobdesc = 0;
		req.in.sbatch_mode = 1;
	}
	if (d->script == NULL)
		req.in.no_script = 1;	/* srun, salloc, het component */
	else if ((len = strnlen(d->script, JLP_MAX_SCRIPT + 1)) >
	    JLP_MAX_SCRIPT) {
		req.in.no_script = req.in.jobdesc = 1;
		req.in.sbatch_mode = 0;
		slurm_info("%s: uid=%u: script over %u bytes: job-level rules "
		    "only", jlp_hold_tag(), uid, JLP_MAX_SCRIPT);
	} else {
		req.in.data = d->script;
		req.in.len = len;
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
out:
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
