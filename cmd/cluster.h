/*
 * cluster.h: jlint and a live cluster, through libslurm (cluster.c,
 * cmd-audit.c).  These files are linked into the jlint command only, never
 * into liblint.a: the job_submit plugin links liblint and must not pull
 * in -lslurm.
 *
 *   jlint facts			the cluster's facts as a policy file
 *   jlint audit [options]		the policy over the jobs in the queue
 *   jlint --cluster job.sh		live facts merged over the policy
 *
 * The configuration is found as Slurm clients find it: $SLURM_CONF, else
 * /etc/slurm/slurm.conf, else a configless slurmd's cache
 * (/run/slurm/conf/slurm.conf).  When no controller answers, the commands
 * fail with one line on stderr and exit status 2 after about
 * JL_CLUSTER_TIMEOUT seconds (cluster.c says how that is bounded).
 */
#ifndef JL_CLUSTER_H
#define JL_CLUSTER_H

#include "mem.h"
#include "policy.h"

/* Seconds jlint waits for a controller that does not answer. */
#define JL_CLUSTER_TIMEOUT	2

/* `jlint facts [-h]`: argv[0] is "facts".  Returns the exit status. */
int	jl_cmd_facts(int argc, char **argv);

/*
 * The live facts as a policy (what `jlint facts` prints, loaded), or
 * NULL with a one-line message (no "jlint: " prefix, no newline) in
 * *err, malloc'd.  The caller frees the policy with jl_policy_free().
 * Connects once per process; later calls query again.
 */
struct jl_policy *jl_cluster_facts(char **err);

/*
 * jlint --cluster: jl_cluster_facts() merged over p with
 * jl_policy_merge() (facts.h), before p goes to jl_ruleset_load().
 * notes (may be NULL) receives what came live, in p's arena (print them
 * with jl_merge_notes_text()).  Returns 0, or -1 with a one-line message
 * in *err (malloc'd).
 */
int	jl_cluster_merge(struct jl_policy *p, struct jl_vec *notes,
	    char **err);

/*
 * Shared by cluster.c and cmd-audit.c.  jl_cluster_connect(): slurm_init(),
 * then the controller's configuration with the bounded wait; 0, or -1
 * with *err (malloc'd).  jl_cluster_conf_path(): the slurm.conf in use
 * (valid after a successful connect).
 */
int	jl_cluster_connect(char **err);
const char *jl_cluster_conf_path(void);

#ifdef SLURM_VERSION_NUMBER
/* The controller's configuration (after jl_cluster_connect()). */
const slurm_conf_t *jl_cluster_ctl_conf(void);
#endif

#endif
