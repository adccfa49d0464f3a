/*
 * slurm-compat.h: what differs between the Slurm releases the plugin is
 * built for, in one place.  Checked against Debian's headers of 22.05.8,
 * 24.11.5 and 26.05.5; releases in between (23.x, 25.x) follow SchedMD's
 * version where a change is known and were not built here.
 *
 *   JLP_MODIFY_ERR_MSG    job_modify() has the err_msg argument (23.02+):
 *                         the user can be told why a change was refused.
 *   jlp_desc_job_id()     the id of the job a request modifies (0: a new
 *                         job); 26.05 moved it into job_desc->step_id.
 *   jlp_desc_set_job_id() the same field, for tests that build requests.
 *   jlp_slurm_release()   the release built for, as jlint writes it (2411).
 *
 * The cli_filter interface (cli_filter_p_setup_defaults(opt, early),
 * cli_filter_p_pre_submit(opt, offset), cli_filter_p_post_submit(offset,
 * jobid, stepid)) and the slurm_option_get* functions libslurmfull
 * exports are the same in 22.05.8, 24.11.7 and 26.05.3 (SchedMD's
 * src/common/cli_filter.h, src/interfaces/cli_filter.h, slurm_opt.h).
 */
#ifndef JLP_SLURM_COMPAT_H
#define JLP_SLURM_COMPAT_H

#include <stdint.h>

#include <slurm/slurm.h>

#if SLURM_VERSION_NUMBER >= SLURM_VERSION_NUM(23, 2, 0)
#define JLP_MODIFY_ERR_MSG	1
#endif

#if SLURM_VERSION_NUMBER >= SLURM_VERSION_NUM(26, 5, 0)
#define JLP_DESC_JOB_ID(d)	((d)->step_id.job_id)
#else
#define JLP_DESC_JOB_ID(d)	((d)->job_id)
#endif

static inline unsigned
jlp_slurm_release(void)
{
	return SLURM_VERSION_MAJOR(SLURM_VERSION_NUMBER) * 100u +
	    SLURM_VERSION_MINOR(SLURM_VERSION_NUMBER);
}

static inline uint32_t
jlp_desc_job_id(const job_desc_msg_t *d)
{
	return JLP_DESC_JOB_ID(d) == NO_VAL ? 0 : JLP_DESC_JOB_ID(d);
}

static inline void
jlp_desc_set_job_id(job_desc_msg_t *d, uint32_t id)
{
	JLP_DESC_JOB_ID(d) = id;
}

/*
 * slurmctld's accounting cache (assoc_mgr), which plugin/assoc.c reads as
 * job_submit/lua reads default_account.  Its header is not installed;
 * what assoc.c uses is the same in SchedMD's 22.05.8, 23.02.7, 24.05.8,
 * 24.11.5, 25.11.2 and 26.05.3 (src/common/assoc_mgr.h,
 * src/slurmctld/locks.h, src/slurmctld/slurmctld.h):
 *   typedef enum { NO_LOCK, READ_LOCK, WRITE_LOCK } lock_level_t;
 *   typedef struct { lock_level_t assoc, file, qos, res, tres, user,
 *       wckey; } assoc_mgr_lock_t;
 *   void assoc_mgr_lock(assoc_mgr_lock_t *), assoc_mgr_unlock(...);
 *   int assoc_mgr_fill_in_user(void *db_conn, slurmdb_user_rec_t *,
 *       int enforce, slurmdb_user_rec_t **, bool locked);
 *   List assoc_mgr_user_list; void *acct_db_conn;
 *   uint16_t accounting_enforce;
 * A release that changes them gets its #if here.
 */
/* slurmdb_users_get() gives a user's default account when the query's
 * association condition asks for the defaults: a flag from 24.11 on
 * (ASSOC_COND_FLAG_ONLY_DEFS), a field before. */
#ifdef ASSOC_COND_FLAG_ONLY_DEFS
#define JLP_ASSOC_COND_ONLY_DEFS(c)	((c)->flags |= ASSOC_COND_FLAG_ONLY_DEFS)
#else
#define JLP_ASSOC_COND_ONLY_DEFS(c)	((c)->only_defs = 1)
#endif

typedef enum {
	JLP_NO_LOCK, JLP_READ_LOCK, JLP_WRITE_LOCK
} jlp_lock_level_t;

typedef struct {
	jlp_lock_level_t	assoc, file, qos, res, tres, user, wckey;
} jlp_assoc_mgr_lock_t;

#endif
