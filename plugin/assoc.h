/*
 * assoc.h: the account a job request will be charged to, as slurmctld
 * decides it: the account the request names (-A, lowercased as slurmctld
 * stores it), else the submitter's default account from the accounting
 * associations (slurmdbd) that slurmctld holds in memory (its assoc_mgr),
 * read as job_submit/lua reads its job_desc.default_account.
 *
 * Only inside slurmctld (the job_submit plugin and the Lua module, through
 * jlp_judge_desc): the assoc_mgr is slurmctld's.  Without accounting
 * (AccountingStorageType unset or accounting_storage/none), outside
 * slurmctld (a test host), or when the user has no association, only what
 * the request names counts.  Never fails the job: no account is an answer.
 */
#ifndef JLP_ASSOC_H
#define JLP_ASSOC_H

#include <stddef.h>
#include <stdint.h>

#define JLP_ACCOUNT_MAX	128	/* longer account names are not resolved */

struct jlp_account {
	char	name[JLP_ACCOUNT_MAX];	/* "" when unknown */
	int	is_default;		/* 1: no -A; the user's default */
};

/*
 * The account of a request from uid that names requested (-A; NULL or ""
 * when it names none) into *out.  Returns out->name, or NULL when no
 * account is known (no -A and no default association to read).
 */
const char *jlp_account_resolve(uint32_t uid, const char *requested,
	    struct jlp_account *out);

/*
 * The same default account asked of slurmdbd (slurmdb_users_get, as
 * `sacctmgr show user` does), for the cli_filter plugin in sbatch, salloc
 * and srun, where there is no assoc_mgr: one connection per call, so call
 * it only when the answer can change a verdict.  NULL when accounting is
 * not configured, slurmdbd does not answer or the user has no default.
 */
const char *jlp_account_default_dbd(uint32_t uid, struct jlp_account *out);
/* The policy has an exemption by account. */
struct jl_policy;
int	jlp_account_exemptions(const struct jl_policy *);

#endif
