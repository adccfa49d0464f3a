/*
 * hold.h: the site policy as every front end inside Slurm holds it (the
 * job_submit plugin in slurmctld, the cli_filter plugin in sbatch, salloc
 * and srun, the Lua module in a site's job_submit.lua): loaded from one
 * file (jlint.yaml next to slurm.conf by default), reloaded when the file
 * changes (one stat() a second at most) and on reconfigure, the last good
 * policy kept when a reload fails, on_error followed when there has never
 * been a good one.  Each .so has its own copy (one holder per process
 * image); log lines start with the tag given to jlp_hold_init().
 *
 * The rule set is immutable and shared; a reload swaps the pointer under a
 * lock and a reference count keeps a set alive while a call uses it.
 */
#ifndef JLP_HOLD_H
#define JLP_HOLD_H

#include <stdint.h>

#include "policy.h"

struct jl_ruleset;
struct jl_input;
struct jl_array_conf;

struct jlp_held;

/* Set the log tag ("job_submit/jlint") and the file (NULL: jlint.yaml
 * next to slurm.conf), then load it now ("init").  Never fails: problems
 * are logged. */
void	jlp_hold_init(const char *tag, const char *path);
/* The same for a front end at another enforcement point (the log line
 * counts the rules enforced there).  At JL_POINT_CLI_FILTER the holder
 * runs in the user's command: a broken policy is one error line and never
 * stops the request (on_error is the controller's), a good one is logged
 * with -v only. */
void	jlp_hold_init_at(const char *tag, const char *path, enum jl_point);
/* Drop the policy (plugin fini). */
void	jlp_hold_fini(void);
/* Load the file again now; reason names why in the log. */
void	jlp_hold_reload(const char *reason);
/* Reload when due: the file changed (checked at most once a second) or
 * slurm.conf was reread (reconfigure). */
void	jlp_hold_maybe_reload(void);
/* The current rule set and a reference to it, or NULL with *reject set
 * when there is no good policy and the file says on_error: reject. */
struct jlp_held *jlp_hold_acquire(const struct jl_ruleset **rs, int *reject);
void	jlp_hold_release(struct jlp_held *);
/*
 * Keep the last good policy on disk in DIR/jlint-last-good-policy (call
 * before jlp_hold_init; NULL: no copy, the default).  The copy holds the
 * bytes of every file the policy was loaded from (extends: chain
 * included) and is rewritten when a policy with a new hash loads.  When
 * there is no good policy in memory (slurmctld starting with a broken or
 * missing file) the copy is used, loudly, and on_error does not apply.
 * The job_submit plugin passes StateSaveLocation: slurmctld's own
 * directory, kept across restarts and shared with a backup controller.
 */
void	jlp_hold_save_in(const char *dir);
/*
 * What the running Slurm says about a request, set in in: the release the
 * plugin was built for, and slurm.conf's limits on arrays (MaxArraySize,
 * SchedulerParameters max_array_tasks), kept in *store (it must live as
 * long as in).
 */
void	jlp_input_live(struct jl_input *in, struct jl_array_conf *store);
/* The policy's hash (16 hex digits over its files' bytes). */
const char *jlp_hold_hash(const struct jlp_held *);
/* The policy file in use. */
const char *jlp_hold_path(void);
/* The log tag. */
const char *jlp_hold_tag(void);
/*
 * The login name of uid into buf (len bytes), or NULL when it has none:
 * jl_user_name() (getpwuid_r) remembered for JLP_USER_TTL seconds
 * (JLP_USER_TTL_MISS for a uid without a name, which may be an NSS server
 * that did not answer), JLP_USER_CACHE uids.  An NSS lookup is 100 us
 * and more (files, sssd, userdb); slurmctld holds its job write lock
 * meanwhile.
 */
#define JLP_USER_CACHE		64
#define JLP_USER_TTL		300
#define JLP_USER_TTL_MISS	10
const char *jlp_user_name(uint32_t uid, char *buf, size_t len);

/*
 * Exported by every Slurm program (libslurmfull), not declared by the
 * public headers.  Do not link -lslurm: that would load a second libslurm.
 */
extern void	 slurm_xstrcat(char **, const char *);
extern void	 slurm_xfree(void **);
extern void	 slurm_info(const char *, ...)
		    __attribute__((__format__(printf, 1, 2)));
extern void	 slurm_error(const char *, ...)
		    __attribute__((__format__(printf, 1, 2)));
extern void	 slurm_verbose(const char *, ...)
		    __attribute__((__format__(printf, 1, 2)));
extern char	*slurm_get_extra_conf_path(const char *);

#endif
