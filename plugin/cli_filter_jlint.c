/*
 * cli_filter_jlint.c: the Slurm cli_filter plugin.  sbatch, salloc and
 * srun call cli_filter_p_pre_submit() on the submit host after reading
 * their options and before sending the request; the plugin judges the
 * request with the site policy at the cli_filter enforcement point
 * (policy.h) and prints what it finds on the user's stderr: a warn
 * finding lets the command go on, an enforce finding stops it before the
 * RPC (pre_submit fails; sbatch then prints "cli_filter plugin terminated
 * with error" and exits 1).  Nothing is printed when there is nothing to
 * say.
 *
 *   slurm.conf:	CliFilterPlugins=jlint
 *   policy:		jlint.yaml next to slurm.conf (the job_submit plugin's)
 *
 * What is judged, the most exact input first:
 *   - sbatch with a script file (or --wrap): what `jlint sbatch ARGS`
 *     reads, the command line of this very process (/proc/self/cmdline),
 *     its environment (SBATCH_*) and the script file, with the user's own
 *     working directory and permissions (submit-host checks, rule.h);
 *   - salloc, srun and sbatch reading the script from stdin: the options
 *     as the command holds them (slurm_option_get_next_set()), turned
 *     into sbatch options as the job_submit plugin does with job_desc.
 * srun inside an allocation (SLURM_JOB_ID set) or with --jobid starts a
 * step, not a job: not judged.
 *
 * Never stops a command by its own failure: a missing or broken policy is
 * one error line and the request goes on (on_error is the controller's);
 * so does an internal error.  Bounded: the command line and the script
 * are read up to JLP_MAX_SCRIPT bytes; the rules bound their own work.
 * cli_filter "must not be relied upon for security" (SchedMD): the
 * job_submit plugin is what enforces.
 *
 * Only Slurm's public headers: slurm_opt_t is opaque here and read with
 * the slurm_option_* functions every Slurm command exports.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <slurm/slurm.h>
#include <slurm/slurm_errno.h>

#include "assoc.h"
#include "hold.h"
#include "judge.h"
#include "lex.h"
#include "opt.h"
#include "sbatch.h"
#include "slurm-compat.h"

#define JL_EXPORT	__attribute__((__visibility__("default")))

#define JLP_TAG		"cli_filter/jlint"

extern char	**environ;

/* libslurmfull (src/common/slurm_opt.h); strings are xmalloc()ed. */
extern char	*slurm_option_get(void *opt, const char *name);
extern bool	 slurm_option_isset(void *opt, const char *name);
extern bool	 slurm_option_get_next_set(void *opt, char **name,
		    char **value, size_t *state);

JL_EXPORT const char	 plugin_name[] = "jlint job policy feedback";
JL_EXPORT const char	 plugin_type[] = "cli_filter/jlint";
JL_EXPORT const uint32_t plugin_version = SLURM_VERSION_NUMBER;

int	init(void);
int	fini(void);
int	cli_filter_p_setup_defaults(void *, bool);
int	cli_filter_p_pre_submit(void *, int);
void	cli_filter_p_post_submit(int, uint32_t, uint32_t);

/* The policy is loaded (sbatch, salloc and srun are single-threaded
 * around the cli_filter calls). */
static int	loaded;

/* Which command this is. */
enum prog { PROG_OTHER, PROG_SBATCH, PROG_SALLOC, PROG_SRUN };

/*
 * Read a file of at most max bytes (regular files only unless any): the
 * bytes, NUL-terminated (malloc'd), or NULL.
 */
static char *
read_small(const char *path, size_t max, int any, size_t *len)
{
	struct stat	 st;
	char		*buf;
	size_t		 n = 0;
	ssize_t		 r;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || (!any && (!S_ISREG(st.st_mode) ||
	    (size_t)st.st_size > max)) || (buf = malloc(max + 1)) == NULL) {
		close(fd);
		return NULL;
	}
	while (n < max && ((r = read(fd, buf + n, max - n)) > 0 ||
	    (r < 0 && errno == EINTR)))
		if (r > 0)
			n += (size_t)r;
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* This process's argv (words in cmd, malloc'd), or -1. */
static int
own_argv(char **cmd, struct jl_vec *av, struct jl_arena *a)
{
	size_t	len, i;

	if ((*cmd = read_small("/proc/self/cmdline", JLP_MAX_SCRIPT, 1,
	    &len)) == NULL || len == 0)
		return -1;
	for (i = 0; i < len; i += strlen(*cmd + i) + 1)
		if (jl_vec_push(a, av, *cmd + i) != 0)
			return -1;
	return 0;
}

static enum prog
prog_of(const char *argv0)
{
	const char	*b = strrchr(argv0, '/');

	b = b != NULL ? b + 1 : argv0;
	return strcmp(b, "sbatch") == 0 ? PROG_SBATCH : strcmp(b, "salloc") ==
	    0 ? PROG_SALLOC : strcmp(b, "srun") == 0 ? PROG_SRUN : PROG_OTHER;
}

/*
 * The options the command holds as sbatch options, as the job_submit
 * plugin turns a job_desc into them: options sbatch does not know (srun's
 * step options) are left out; flags are written bare.
 */
static int
opts_argv(void *opt, struct jl_arena *a, struct jl_vec *av)
{
	struct jl_optmatch	 m;
	char			*name = NULL, *value = NULL, *w;
	size_t			 state = 0;
	int			 rc = 0;

	while (rc == 0 && slurm_option_get_next_set(opt, &name, &value,
	    &state)) {
		if (name != NULL) {
			jl_opt_find_long(JL_CMD_SBATCH, jlp_slurm_release(),
			    name, strlen(name), &m);
			w = NULL;
			if (m.status != JL_OPT_FOUND || !m.exact)
				;
			else if (m.opt->arg == JL_ARG_NONE)
				w = jl_arena_printf(a, "--%s", name);
			else if (value != NULL && *value != '\0')
				w = jl_arena_printf(a, "--%s=%s", name, value);
			else if (m.opt->arg == JL_ARG_OPTIONAL)
				w = jl_arena_printf(a, "--%s", name);
			if (w != NULL && jl_vec_push(a, av, w) != 0)
				rc = -1;
		}
		slurm_xfree((void **)&name);
		slurm_xfree((void **)&value);
	}
	return a->failed ? -1 : rc;
}

/*
 * Fill req from an sbatch command line with a script file or --wrap, as
 * `jlint sbatch` reads it.  0, or -1: use the options instead (stdin).
 */
static int
sbatch_input(struct jl_arena *a, const struct jl_vec *av,
    struct jlp_req *req, char **script, struct jl_buf *wrapped)
{
	const char *const	*argv = (const char *const *)av->items + 1;
	size_t			 argc = av->n - 1, len;
	struct jl_sbatch_cmd	 sc;

	jl_sbatch_split(a, jlp_slurm_release(), argv, argc, &sc);
	if (sc.wrap != NULL) {
		jl_sbatch_wrap_script(wrapped, sc.wrap);
		if (wrapped->failed)
			return -1;
		req->in.name = "(--wrap)";
		req->in.data = wrapped->data;
		req->in.len = wrapped->len;
	} else if (sc.first < argc && strcmp(argv[sc.first], "-") != 0) {
		if ((*script = read_small(argv[sc.first], JLP_MAX_SCRIPT, 0,
		    &len)) == NULL)
			return -1;	/* sbatch says why it cannot */
		req->in.name = argv[sc.first];
		req->in.data = *script;
		req->in.len = len;
	} else
		return -1;
	req->in.env = (const char *const *)environ;
	req->in.argv = argv;
	req->in.argc = sc.first;
	req->in.sbatch_mode = 1;
	req->in.sbatch_read = 1;	/* pre_submit: sbatch took them */
	return 0;
}

/* Judge and print; SLURM_ERROR only for an enforce finding. */
static int
check(void *opt, int offset)
{
	const struct jl_ruleset	*rs;
	struct jlp_held		*h;
	struct jl_arena		 a;
	struct jl_vec		 av, oav;
	struct jl_buf		 wrapped;
	struct jlp_req		 req;
	struct jlp_judged	 j;
	struct jlp_account	 def;
	enum prog		 prog;
	char			*cmd = NULL, *script = NULL, *acct = NULL;
	int			 reject, rc = SLURM_SUCCESS;

	jl_arena_init(&a);
	jl_buf_init(&wrapped);
	memset(&av, 0, sizeof(av));
	memset(&oav, 0, sizeof(oav));
	memset(&req, 0, sizeof(req));
	memset(&j, 0, sizeof(j));
	if (own_argv(&cmd, &av, &a) != 0 || (prog = prog_of(av.items[0])) ==
	    PROG_OTHER) {
		slurm_verbose("%s: not sbatch, salloc or srun: not checked",
		    JLP_TAG);
		goto out;
	}
	/* A step in an allocation (srun inside one, or srun --jobid), not
	 * a job request. */
	if (prog == PROG_SRUN && (getenv("SLURM_JOB_ID") != NULL ||
	    slurm_option_isset(opt, "jobid")))
		goto out;
	/* Loaded at the first request, so steps never pay for it. */
	if (!loaded) {
		jlp_hold_init_at(JLP_TAG, NULL, JL_POINT_CLI_FILTER);
		loaded = 1;
	}
	if ((h = jlp_hold_acquire(&rs, &reject)) == NULL)
		goto out;	/* logged once when loading */
	jlp_input_live(&req.in, &req.arrays);
	req.point = JL_POINT_CLI_FILTER;
	req.uid = (uint32_t)getuid();
	req.hint = prog == PROG_SBATCH ? "jlint: the site policy stops this "
	    "job before it is submitted; fix the problems above (jlint sbatch "
	    "ARGS checks without submitting)" : "jlint: the site policy stops "
	    "this request before it is sent; fix the problems above";
	if (prog == PROG_SBATCH && sbatch_input(&a, &av, &req, &script,
	    &wrapped) == 0) {
		if (offset > 0)		/* the whole script was judged at 0 */
			goto release;
	} else {
		if (opts_argv(opt, &a, &oav) != 0)
			goto release;
		req.in.name = "job request";
		req.in.argv = (const char *const *)oav.items;
		req.in.argc = oav.n;
		req.in.jobdesc = 1;
		req.in.no_script = 1;
	}
	req.account = acct = slurm_option_get(opt, "account");
	/* No -A and a rejection an exemption by account could lift:
	 * slurmctld charges the default account; ask slurmdbd (assoc.h). */
	if (jlp_judge(rs, &req, &j) == 0 && j.nreject > 0 && acct == NULL &&
	    jlp_account_exemptions(rs->policy) &&
	    (req.account = jlp_account_default_dbd(req.uid, &def)) != NULL) {
		jlp_judged_free(&j);
		req.account_default = 1;
		if (jlp_judge(rs, &req, &j) != 0)
			goto judged;
	}
	if (!j.internal) {
		if (j.text != NULL)
			fprintf(stderr, "%s\n", j.text);
		if (j.nreject > 0)
			rc = SLURM_ERROR;
	}
judged:
	jlp_judged_free(&j);
release:
	jlp_hold_release(h);
out:
	slurm_xfree((void **)&acct);
	free(script);
	free(cmd);
	jl_buf_free(&wrapped);
	jl_arena_free(&a);
	return rc;
}

/* ---- the plugin interface ---- */

JL_EXPORT int
init(void)
{
	return SLURM_SUCCESS;
}

JL_EXPORT int
fini(void)
{
	if (loaded)
		jlp_hold_fini();
	loaded = 0;
	return SLURM_SUCCESS;
}

JL_EXPORT int
cli_filter_p_setup_defaults(void *opt, bool early)
{
	(void)opt;
	(void)early;
	return SLURM_SUCCESS;
}

JL_EXPORT int
cli_filter_p_pre_submit(void *opt, int offset)
{
	if (opt == NULL)
		return SLURM_SUCCESS;
	return check(opt, offset);
}

JL_EXPORT void
cli_filter_p_post_submit(int offset, uint32_t jobid, uint32_t stepid)
{
	(void)offset;
	(void)jobid;
	(void)stepid;
}
