/*
 * assoc.c: the account slurmctld will charge a request to (assoc.h).
 *
 * slurmctld fills a job's account in _job_create(), after job_submit():
 * the request's -A, else the user's default account (the default_acct of
 * the user's record in the assoc_mgr, slurmctld's copy of slurmdbd's
 * associations, kept current by slurmdbd's updates).  This file reads the
 * same record the same way job_submit/lua does for
 * job_desc.default_account (_get_default_account(): assoc_mgr_fill_in_user
 * on the uid), under the assoc_mgr's user read lock, and copies the name
 * out before the lock is released (the record is slurmctld's and can be
 * replaced by an update right after).
 *
 * The assoc_mgr symbols are slurmctld's (libslurmfull and the slurmctld
 * binary export them; the header is not installed, slurm-compat.h has
 * what is used).  They are weak here: where they are absent (a test host
 * such as tests/slurm/t_plugin) the .so still loads and only -A counts.
 * Lock order: slurmctld calls job_submit() with its job write lock held,
 * and job_submit/lua takes the same assoc_mgr user read lock there.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <slurm/slurm.h>
#include <slurm/slurm_errno.h>
#include <slurm/slurmdb.h>

#include "assoc.h"
#include "policy.h"
#include "slurm-compat.h"
#include "user.h"

extern slurm_conf_t slurm_conf;

extern void	 assoc_mgr_lock(jlp_assoc_mgr_lock_t *) __attribute__((weak));
extern void	 assoc_mgr_unlock(jlp_assoc_mgr_lock_t *)
    __attribute__((weak));
extern int	 assoc_mgr_fill_in_user(void *, slurmdb_user_rec_t *, int,
    slurmdb_user_rec_t **, bool) __attribute__((weak));
extern void	*assoc_mgr_user_list __attribute__((weak));
extern void	*acct_db_conn __attribute__((weak));
extern uint16_t	 accounting_enforce __attribute__((weak));
/* libslurm's, for jlp_account_default_dbd() (the cli_filter): weak too,
 * so the job_submit .so, which never calls it, loads in a test host. */
#pragma weak slurmdb_connection_get
#pragma weak slurmdb_connection_close
#pragma weak slurmdb_users_get
#pragma weak slurm_list_create
#pragma weak slurm_list_append
#pragma weak slurm_list_destroy
#pragma weak slurm_list_iterator_create
#pragma weak slurm_list_next
#pragma weak slurm_list_iterator_destroy

/* slurm.conf names an accounting storage (slurmdbd, or another). */
static int
with_accounting(void)
{
	const char	*t = slurm_conf.accounting_storage_type;

	return t != NULL && *t != '\0' &&
	    strcmp(t, "accounting_storage/none") != 0;
}

/* s lowercased into out->name, as slurmctld stores an account; 0, or -1
 * when it does not fit. */
static int
put_name(struct jlp_account *out, const char *s)
{
	size_t	i, n = strlen(s);

	if (n >= sizeof(out->name))
		return -1;
	for (i = 0; i < n; i++)
		out->name[i] = (char)tolower((unsigned char)s[i]);
	out->name[n] = '\0';
	return 0;
}

const char *
jlp_account_resolve(uint32_t uid, const char *requested,
    struct jlp_account *out)
{
	jlp_assoc_mgr_lock_t	locks = { .user = JLP_READ_LOCK };
	slurmdb_user_rec_t	user;
	int			found = 0;

	memset(out, 0, sizeof(*out));
	if (requested != NULL && *requested != '\0')
		return put_name(out, requested) == 0 ? out->name : requested;
	if (!with_accounting() || assoc_mgr_fill_in_user == NULL ||
	    assoc_mgr_lock == NULL || assoc_mgr_unlock == NULL ||
	    &assoc_mgr_user_list == NULL || &acct_db_conn == NULL ||
	    &accounting_enforce == NULL)
		return NULL;
	memset(&user, 0, sizeof(user));
	user.uid = uid;
	assoc_mgr_lock(&locks);
	/* No list yet (slurmdbd never reached, no state file): unknown.
	 * Called locked, fill_in_user would not load it. */
	if (assoc_mgr_user_list != NULL &&
	    assoc_mgr_fill_in_user(acct_db_conn, &user, accounting_enforce,
	    NULL, true) == SLURM_SUCCESS && user.default_acct != NULL &&
	    *user.default_acct != '\0')
		found = put_name(out, user.default_acct) == 0;
	assoc_mgr_unlock(&locks);
	if (!found)
		return NULL;
	out->is_default = 1;
	return out->name;
}

const char *
jlp_account_default_dbd(uint32_t uid, struct jlp_account *out)
{
	slurmdb_user_cond_t	 uc;
	slurmdb_assoc_cond_t	 ac;
	slurmdb_user_rec_t	*u;
	void			*db, *names, *clusters = NULL, *users, *it;
	const char		*name;
	char			*pwbuf;

	memset(out, 0, sizeof(*out));
	if (!with_accounting() || slurmdb_connection_get == NULL ||
	    slurmdb_users_get == NULL || slurm_list_create == NULL)
		return NULL;
	if ((pwbuf = malloc(16384)) == NULL)
		return NULL;
	if ((name = jl_user_name(uid, pwbuf, 16384)) == NULL ||
	    (names = slurm_list_create(NULL)) == NULL) {
		free(pwbuf);
		return NULL;
	}
	slurm_list_append(names, (void *)name);
	memset(&ac, 0, sizeof(ac));
	memset(&uc, 0, sizeof(uc));
	ac.user_list = names;
	/* The default on this cluster (a user has one per cluster), read
	 * from the default associations as sacctmgr does. */
	if (slurm_conf.cluster_name != NULL &&
	    (clusters = slurm_list_create(NULL)) != NULL) {
		slurm_list_append(clusters, slurm_conf.cluster_name);
		ac.cluster_list = clusters;
	}
	JLP_ASSOC_COND_ONLY_DEFS(&ac);
	uc.assoc_cond = &ac;
	if ((db = slurmdb_connection_get(NULL)) != NULL) {
		if ((users = slurmdb_users_get(db, &uc)) != NULL) {
			it = slurm_list_iterator_create(users);
			while (!out->is_default &&
			    (u = slurm_list_next(it)) != NULL)
				if (u->name != NULL &&
				    strcmp(u->name, name) == 0 &&
				    u->default_acct != NULL &&
				    *u->default_acct != '\0' &&
				    put_name(out, u->default_acct) == 0)
					out->is_default = 1;
			slurm_list_iterator_destroy(it);
			slurm_list_destroy(users);
		}
		slurmdb_connection_close(&db);
	}
	slurm_list_destroy(names);
	if (clusters != NULL)
		slurm_list_destroy(clusters);
	free(pwbuf);
	return out->is_default ? out->name : NULL;
}

int
jlp_account_exemptions(const struct jl_policy *p)
{
	size_t	i;

	for (i = 0; p != NULL && i < p->nexemptions; i++)
		if (p->exemptions[i].accounts != NULL &&
		    p->exemptions[i].accounts[0] != NULL)
			return 1;
	return 0;
}
