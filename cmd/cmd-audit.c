/*
 * audit.c: `jlint audit`, the shadow run before a rule goes from audit to
 * enforce: the policy over every job in the queue, as the job_submit
 * plugin would judge it, without touching any job.
 *
 * Jobs come from slurm_load_jobs(); each batch script from
 * slurm_job_batch_script() where the caller may read it (root, the
 * SlurmUser, operators, or the job's owner).  The job model is rebuilt
 * in jobdesc mode (job.h): the job record, turned back into sbatch
 * options, is the whole truth (what slurmctld holds after the command
 * line, SBATCH_* variables and #SBATCH lines were merged), and the
 * script gives directive findings and the body.  A het job's component
 * k (shown 123+k) is judged as the plugin judges it (jl_input.het): the
 * records of components 0..k as one command line split by ":", with
 * component 0's script, so each step is judged in the last component
 * its srun --het-group lists and the script's own findings are
 * component 0's.  A job with no script (srun/salloc) or whose script
 * cannot be read is judged by the job rules only and reported as such:
 * no job is skipped silently.  Jobs of root and the SlurmUser, which the plugin
 * does not judge, are evaluated and reported as exempt, and do not count
 * as rejected or warned.
 *
 * The job record is not the request: slurmctld filled in defaults.  How
 * each field is read back (desc.c does the same for job_desc_msg_t):
 *   time_limit	a job without --time is reported with its partition's
 *		DefaultTime, or MaxTime when the partition has none; such
 *		a time is taken as "not given" when the script has no
 *		--time directive either (a --time equal to it given on
 *		the command line is then missed)
 *   num_nodes	only when max_nodes is set (sbatch sets it for -N)
 *   num_tasks, cpus_per_task, pn_min_memory
 *		only when JOB_NTASKS_SET, JOB_CPUS_SET, JOB_MEM_SET
 *   requeue	when it differs from the cluster's JobRequeue, or when the
 *		script has a --requeue or --no-requeue directive (an
 *		explicit value equal to the default looks unset in the
 *		record; a --requeue given only on the command line and
 *		equal to the default is then missed)
 *   account, qos	not when USE_DEFAULT_ACCT, USE_DEFAULT_QOS
 *   array_task_str	read in full (SLURM_BITSTR_LEN=0)
 * The report (text, json, csv) is written by output.c from plain data
 * (struct jl_audit_report); the policy is loaded as every command loads
 * it (run.c).  Linked into the jlint command only (cluster.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <slurm/slurm.h>
#include <slurm/slurm_errno.h>

#include "cluster.h"
#include "jlint.h"
#include "slurm-dl.h"

#define MAX_SCRIPT	(64u * 1024 * 1024)
#define PROGRESS_NS	100000000L	/* redraw the progress line: 0.1 s */

struct audit {
	struct cli		*cli;		/* --policy, --cluster, rules */
	struct jl_audit_report	 rep;		/* output.h */
	/* options */
	enum jl_audit_fmt	 fmt;
	int			 progress;
	int			 shown;		/* a progress line is up */
	struct jl_vec		 users, parts;	/* const char * filters */
	/* state */
	struct jl_arena		 a;		/* the report's */
	unsigned		 version;
	int			 default_requeue;
	const partition_info_msg_t *pm;
	uint32_t		 slurm_uid;	/* SlurmUser */
	struct jl_vec		 uidcache;	/* struct uidname * */
};

struct uidname {
	uint32_t	 uid;
	const char	*name;
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: jlint audit [--pending] [--running] [-u USER[,USER]]\n"
	    "                   [-P PARTITION[,PARTITION]] [-p POLICY] "
	    "[--cluster]\n"
	    "                   [-f text|json|csv] [--table jobs|rules] "
	    "[--no-progress]\n"
	    "\n"
	    "Evaluate a policy on the jobs in the queue, as the job_submit\n"
	    "plugin would at submission, and report which jobs each rule\n"
	    "would reject (mode enforce), warn about (warn; with no mode,\n"
	    "warnings and errors) or log (audit).  Nothing in the queue\n"
	    "changes.\n"
	    "\n"
	    "  --pending             pending jobs (the default)\n"
	    "  --running             running and suspended jobs (with "
	    "--pending: both)\n"
	    "  -u, --user LIST       only these users (names or uids)\n"
	    "  -P, --partition LIST  only jobs that may run in these "
	    "partitions\n"
	    "  -p, --policy FILE     the policy (default: $JLINT_POLICY, "
	    "jlint.yaml next\n"
	    "                        to slurm.conf (the plugin's), %s,\n"
	    "                        the embedded default)\n"
	    "      --cluster         merge the live facts over the policy "
	    "(jlint facts)\n"
	    "  -f, --format FMT      text (default), json or csv\n"
	    "      --table T         csv: one row per job (jobs, default) or "
	    "per rule\n"
	    "      --no-progress     no progress line on a terminal\n"
	    "\n"
	    "Jobs whose batch script cannot be read (other users' jobs when "
	    "you are\n"
	    "not root or an operator) and jobs without one (srun, salloc) "
	    "are judged\n"
	    "by the job rules only, and listed.  Jobs of root and the "
	    "SlurmUser are\n"
	    "listed as exempt: the plugin does not judge them.\n"
	    "\n"
	    "Exit status: 0 no job has a finding at warning or above, 1 some "
	    "job has,\n"
	    "2 usage, policy or cluster errors (no controller: after about "
	    "%d s).\n", JL_SYSTEM_POLICY, JL_CLUSTER_TIMEOUT);
}

/* --- small helpers -------------------------------------------------------- */

static int
split_list(struct jl_arena *a, struct jl_vec *v, const char *s)
{
	const char	*p, *e;
	char		*w;

	for (p = s; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = p + strcspn(p, ",");
		if (e == p)
			continue;
		if ((w = jl_arena_strndup(a, p, (size_t)(e - p))) == NULL ||
		    jl_vec_push(a, v, w) != 0)
			return -1;
	}
	return 0;
}

static int
in_list(const struct jl_vec *v, const char *s)
{
	size_t	i;

	for (i = 0; s != NULL && i < v->n; i++)
		if (strcmp(v->items[i], s) == 0)
			return 1;
	return 0;
}

/* --- the policy ----------------------------------------------------------- */

/*
 * --policy FILE; else $JLINT_POLICY; else jlint.yaml next to slurm.conf
 * (what the job_submit plugin enforces); else the system policy; else the
 * embedded default.  Loaded as every command loads one (run.c).
 */
static int
load_policy(struct audit *au)
{
	struct cli	*cli = au->cli;

	if (run_load_rules(cli, run_find_policy(cli, NULL,
	    jl_cluster_conf_path())) != 0)
		return -1;
	au->rep.policy_name = cli->rs_key != NULL ? cli->rs_key :
	    "(embedded default)";
	return 0;
}

/* --- job record -> sbatch options ----------------------------------------- */

/* A time limit; 0 is unset in a job record (jobreq.h does the rest). */
static void
add_time(struct jl_req_argv *c, const char *opt, uint32_t m)
{
	if (m != 0)
		jl_req_time(c, opt, m);
}

/* The partition record of a job's (first) partition, or NULL. */
static const partition_info_t *
job_part(const struct audit *au, const char *name)
{
	size_t	 n;
	uint32_t i;

	if (au->pm == NULL || name == NULL)
		return NULL;
	n = strcspn(name, ",");
	for (i = 0; i < au->pm->record_count; i++) {
		const char *pn = au->pm->partition_array[i].name;

		if (pn != NULL && strlen(pn) == n && strncmp(pn, name, n) == 0)
			return &au->pm->partition_array[i];
	}
	return NULL;
}

/*
 * The options of a job record.  with_time: 0 leaves --time out (see the
 * file comment).
 */
static int
job_argv(struct audit *au, struct jl_arena *a, const job_info_t *j,
    int with_time, int requeue_given, struct jl_vec *v)
{
	struct jl_req_argv	c;

	c.a = a;
	c.argv = v;
	jl_req_str(&c, "partition", j->partition);
	if (with_time)
		add_time(&c, "time", j->time_limit);
	add_time(&c, "time-min", j->time_min);
	/* sbatch sets max_nodes for -N; otherwise num_nodes is computed. */
	if (j->max_nodes != 0 && j->max_nodes != NO_VAL)
		jl_req_nodes(&c, j->num_nodes, j->max_nodes);
	if ((j->bitflags & JOB_NTASKS_SET) && j->num_tasks != NO_VAL &&
	    j->num_tasks != 0)
		jl_req_add(&c, "--ntasks=%" PRIu32, j->num_tasks);
	if ((j->bitflags & JOB_CPUS_SET) && j->cpus_per_task != NO_VAL16 &&
	    j->cpus_per_task != 0)
		jl_req_add(&c, "--cpus-per-task=%u",
		    (unsigned)j->cpus_per_task);
	jl_req_count16(&c, "ntasks-per-node", j->ntasks_per_node);
	jl_req_count16(&c, "ntasks-per-gpu", j->ntasks_per_tres);
	if (!((j->bitflags & JOB_MEM_SET) &&
	    jl_req_mem(&c, j->pn_min_memory)))
		jl_req_tres(&c, "mem-per-gpu", j->mem_per_tres, 1, "M");
	jl_req_gpus(&c, j->tres_per_job, j->tres_per_node, j->tres_per_task,
	    j->tres_per_socket, j->cpus_per_tres);
	if (j->requeue != NO_VAL16 && ((int)j->requeue !=
	    au->default_requeue || requeue_given))
		jl_req_add(&c, "--%s", j->requeue ? "requeue" : "no-requeue");
	jl_req_shared(&c, j->shared);
	if (j->array_job_id != 0 && j->array_job_id != NO_VAL) {
		if (j->array_task_str != NULL && *j->array_task_str != '\0') {
			/* Cut a "..." (SLURM_BITSTR_LEN) at the last comma. */
			const char *dots = strstr(j->array_task_str, "...");
			size_t n = dots != NULL ? (size_t)(dots -
			    j->array_task_str) : strlen(j->array_task_str);

			while (n > 0 && j->array_task_str[n - 1] == ',')
				n--;
			if (n > 0)
				jl_req_add(&c, "--array=%.*s", (int)n,
				    j->array_task_str);
		} else if (j->array_task_id != NO_VAL)
			jl_req_add(&c, "--array=%" PRIu32, j->array_task_id);
	}
	jl_req_str(&c, "output", j->std_out);
	jl_req_str(&c, "error", j->std_err);
	jl_req_str(&c, "job-name", j->name);
	if (!(j->bitflags & USE_DEFAULT_ACCT))
		jl_req_str(&c, "account", j->account);
	if (!(j->bitflags & USE_DEFAULT_QOS))
		jl_req_str(&c, "qos", j->qos);
	jl_req_str(&c, "reservation", j->resv_name);
	jl_req_str(&c, "dependency", j->dependency);
	jl_req_str(&c, "constraint", j->features);
	jl_req_str(&c, "licenses", j->licenses);
	jl_req_str(&c, "container", j->container);
	jl_req_str(&c, "chdir", j->work_dir);
	return a->failed ? -1 : 0;
}

/* --- one job -------------------------------------------------------------- */

static const char *
user_name(struct audit *au, uint32_t uid, const char *given)
{
	struct uidname	*u;
	const char	*name;
	char		 buf[16384];
	size_t		 i;

	if (given != NULL && *given != '\0')
		return given;
	for (i = 0; i < au->uidcache.n; i++) {
		u = au->uidcache.items[i];
		if (u->uid == uid)
			return u->name;
	}
	if ((u = jl_arena_alloc(&au->a, sizeof(*u))) == NULL)
		return "?";
	u->uid = uid;
	name = jl_user_name(uid, buf, sizeof(buf));
	u->name = name != NULL ? jl_arena_strdup(&au->a, name) :
	    jl_arena_printf(&au->a, "%" PRIu32, uid);
	jl_vec_push(&au->a, &au->uidcache, u);
	return u->name != NULL ? u->name : "?";
}

static const char *
job_id(struct jl_arena *a, const job_info_t *j)
{
	if (j->het_job_id != 0 && j->het_job_id != NO_VAL)
		return jl_arena_printf(a, "%" PRIu32 "+%" PRIu32,
		    j->het_job_id, j->het_job_offset);
	if (j->array_job_id != 0 && j->array_job_id != NO_VAL) {
		if (j->array_task_str != NULL && *j->array_task_str != '\0')
			return jl_arena_printf(a, "%" PRIu32 "_[%s]",
			    j->array_job_id, j->array_task_str);
		if (j->array_task_id != NO_VAL)
			return jl_arena_printf(a, "%" PRIu32 "_%" PRIu32,
			    j->array_job_id, j->array_task_id);
	}
	return jl_arena_printf(a, "%" PRIu32, j->job_id);
}

static const char *
state_name(uint32_t s)
{
	switch (s & JOB_STATE_BASE) {
	case JOB_PENDING:
		return "PENDING";
	case JOB_RUNNING:
		return "RUNNING";
	case JOB_SUSPENDED:
		return "SUSPENDED";
	default:
		return "OTHER";
	}
}

/* The batch script, malloc'd, or NULL with errno set (Slurm's code). */
static char *
fetch_script(uint32_t id, size_t *len)
{
	char	*buf = NULL;
	size_t	 n = 0;
	FILE	*fp;
	int	 rc, e;

	if ((fp = open_memstream(&buf, &n)) == NULL)
		return NULL;
	errno = 0;
#if SLURM_VERSION_NUMBER >= SLURM_VERSION_NUM(26, 5, 0)
	{
		/* 26.05: the script of a step id (the only version test of
		 * the libslurm calls jlint makes). */
		slurm_step_id_t	sid = SLURM_STEP_ID_INITIALIZER;

		sid.job_id = id;
		rc = slurm_job_batch_script(fp, sid);
	}
#else
	rc = slurm_job_batch_script(fp, id);
#endif
	e = errno;
	if (fclose(fp) != 0 && rc == 0) {
		free(buf);
		return NULL;
	}
	if (rc != 0) {
		free(buf);
		errno = e != 0 ? e : SLURM_ERROR;
		return NULL;
	}
	if (n > MAX_SCRIPT)
		n = MAX_SCRIPT;
	*len = n;
	return buf;
}

/* Does the script's component k have a directive for option id? */
static int
has_directive(const struct jl_model *m, int k, int id)
{
	const struct jl_optval	*o;
	size_t			 i;

	for (i = 0; i < m->script.opts.n; i++) {
		o = m->script.opts.items[i];
		if (o->component == k && o->opt != NULL &&
		    (int)o->opt->id == id)
			return 1;
	}
	return 0;
}

/* Is j a het component (123+k)? */
static int
is_het(const job_info_t *j)
{
	return j->het_job_id != 0 && j->het_job_id != NO_VAL &&
	    j->het_job_offset != NO_VAL;
}

/*
 * The records of het components 0..j's of j's het job, in order, into
 * comps (as the plugin judges component k: with the requests of the
 * components before it, jl_input.het).  -1 when one is not in the queue
 * listing or memory ran out: j is then judged alone.
 */
static int
het_components(struct jl_arena *a, const job_info_msg_t *jm,
    const job_info_t *j, struct jl_vec *comps)
{
	uint32_t	k, i;

	memset(comps, 0, sizeof(*comps));
	for (k = 0; k <= j->het_job_offset; k++) {
		for (i = 0; i < jm->record_count; i++)
			if (jm->job_array[i].het_job_id == j->het_job_id &&
			    jm->job_array[i].het_job_offset == k)
				break;
		if (i == jm->record_count || jl_vec_push(a, comps,
		    (void *)&jm->job_array[i]) != 0)
			return -1;
	}
	return 0;
}

static struct jl_audit_rule *
rule_entry(struct audit *au, const char *slug, const char *code,
    enum jl_sev sev, enum jl_mode mode)
{
	struct jl_audit_rule	*r;
	size_t		 i;

	for (i = 0; i < au->rep.rules.n; i++) {
		r = au->rep.rules.items[i];
		if (strcmp(r->rule, slug) == 0)
			return r;
	}
	if ((r = jl_arena_alloc(&au->a, sizeof(*r))) == NULL)
		return NULL;
	r->rule = slug;
	r->code = code;
	r->sev = sev;
	r->mode = mode;
	if (jl_vec_push(&au->a, &au->rep.rules, r) != 0)
		return NULL;
	return r;
}

/* Copy the findings out of the model into the job and the rule table. */
static void
collect(struct audit *au, struct jl_audit_job *aj, const struct jl_model *m)
{
	const struct jl_finding	*f;
	const struct jl_rule	*r;
	struct jl_audit_find		*af;
	struct jl_audit_rule		*ar;
	enum jl_sev		 sev;
	enum jl_mode		 mode;
	enum jl_action		 act;
	unsigned		 line, col;
	size_t			 i, k;

	if (m->findings.v.n == 0)
		return;
	if ((aj->f = jl_arena_alloc(&au->a, m->findings.v.n *
	    sizeof(*aj->f))) == NULL)
		return;
	for (i = 0; i < m->findings.v.n; i++) {
		f = m->findings.v.items[i];
		r = jl_ruleset_find(au->cli->rs, f->rule);
		sev = f->sev;
		/* What the plugin does with it (verdict.c; the audit mode
		 * is the job_submit one unless the policy sets it). */
		if ((act = jl_verdict(au->cli->rs, f, 1, JL_POINT_AUDIT,
		    &mode)) == JL_ACT_NONE)
			continue;
		af = &aj->f[aj->nf++];
		af->rule = jl_arena_strdup(&au->a, f->rule);
		af->code = r != NULL ? r->code : NULL;
		af->sev = sev;
		af->mode = mode;
		af->act = jl_audit_column(act);
		af->line = 0;
		af->where = NULL;
		if (f->src != NULL) {
			jl_src_linecol(f->src, f->loc.off, &line, &col);
			af->line = line;
		} else
			af->where = jl_arena_strdup(&au->a, f->where != NULL ?
			    f->where : "job request");
		af->message = jl_arena_strdup(&au->a, f->message);
		if ((int)sev + 1 > aj->worst)
			aj->worst = (int)sev + 1;
		/* Count each rule once per job. */
		for (k = 0; k + 1 < aj->nf; k++)
			if (strcmp(aj->f[k].rule, af->rule) == 0)
				break;
		if (k + 1 < aj->nf)
			continue;
		aj->nact[af->act]++;
		/* The plugin does not judge these jobs: no effect to count. */
		if (aj->exempt)
			continue;
		if ((ar = rule_entry(au, af->rule, af->code, sev, mode)) ==
		    NULL)
			continue;
		if (sev > ar->sev)
			ar->sev = sev;
		ar->njobs++;
		jl_vec_push(&au->a, &ar->jobs, (void *)aj->id);
		if (!in_list(&ar->users, aj->user))
			jl_vec_push(&au->a, &ar->users, (void *)aj->user);
	}
}

/*
 * How each component's record is read back (see the file comment): with
 * its --time or not, with an explicit --requeue/--no-requeue or not.
 */
struct comp_read {
	const job_info_t	*j;
	const partition_info_t	*part;
	int			 with_time, requeue_given;
};

/*
 * The options of the components (":" between them, as on sbatch's
 * command line and as the plugin gives jl_input.het).
 */
static int
comps_argv(struct audit *au, struct jl_arena *a, const struct comp_read *cr,
    size_t n, struct jl_vec *av)
{
	size_t	i;

	memset(av, 0, sizeof(*av));
	for (i = 0; i < n; i++) {
		if (i > 0 && jl_vec_push(a, av, (void *)":") != 0)
			return -1;
		if (job_argv(au, a, cr[i].j, cr[i].with_time,
		    cr[i].requeue_given, av) != 0)
			return -1;
	}
	return 0;
}

/*
 * What the record cannot tell, from component k's directives; 1 when a
 * reading changed (the model is built again).
 */
static int
reread(const struct audit *au, const struct jl_model *m, int k,
    struct comp_read *c)
{
	const job_info_t	*j = c->j;
	int			 changed = 0;

	/* --requeue equal to JobRequeue is invisible in the record: the
	 * script's directive says it was asked for (17.1). */
	if (!c->requeue_given && j->requeue != NO_VAL16 &&
	    (int)j->requeue == au->default_requeue &&
	    (has_directive(m, k, JL_O_REQUEUE) ||
	    has_directive(m, k, JL_O_NO_REQUEUE))) {
		c->requeue_given = 1;
		changed = 1;
	}
	/* A time equal to the partition's DefaultTime (else its MaxTime)
	 * and no --time directive: none was given. */
	if (c->with_time && c->part != NULL &&
	    !has_directive(m, k, JL_O_TIME) &&
	    j->time_limit == (c->part->default_time != NO_VAL ?
	    c->part->default_time : c->part->max_time)) {
		c->with_time = 0;
		changed = 1;
	}
	return changed;
}

/* Audit one job record; -1 when memory ran out. */
static int
audit_job(struct audit *au, const job_info_msg_t *jm, const job_info_t *j)
{
	struct jl_audit_job		*aj;
	struct comp_read	*cr = NULL;
	struct jl_arena		 a;
	struct jl_vec		 av, comps;
	struct jl_input		 in;
	struct jl_model		 m;
	struct jl_who		 who;
	char			*script = NULL;
	size_t			 len = 0, n = 1, i;
	int			 het = 0, changed, rc = -1;

	jl_arena_init(&a);
	if ((aj = jl_arena_alloc(&au->a, sizeof(*aj))) == NULL)
		goto out;
	aj->id = job_id(&au->a, j);
	aj->job_id = j->job_id;
	aj->uid = j->user_id;
	aj->user = user_name(au, j->user_id, j->user_name);
	aj->account = j->account != NULL ? jl_arena_strdup(&au->a,
	    j->account) : NULL;
	aj->partition = jl_arena_strdup(&au->a, j->partition != NULL ?
	    j->partition : "");
	aj->state = state_name(j->job_state);
	if ((aj->exempt = j->user_id == 0 || j->user_id == au->slurm_uid))
		au->rep.nexempt++;
	/*
	 * A het component is judged as the plugin judges it: with the
	 * requests of the components before it and component 0's script
	 * (jl_input.het), so each step is judged in its component.  Alone
	 * (job rules only) when a component is missing from the listing or
	 * the het job has no script (salloc).
	 */
	if (is_het(j) && het_components(&a, jm, j, &comps) == 0 &&
	    ((const job_info_t *)comps.items[0])->batch_flag != 0) {
		het = 1;
		n = comps.n;
	}
	if ((cr = calloc(n, sizeof(*cr))) == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		cr[i].j = het ? comps.items[i] : j;
		cr[i].part = job_part(au, cr[i].j->partition);
		cr[i].with_time = 1;
	}
	if (!het && (j->batch_flag == 0 || is_het(j)))
		aj->script = JL_AUDIT_SCRIPT_NONE;
	else if ((script = fetch_script(het ? j->het_job_id : j->job_id,
	    &len)) == NULL) {
		aj->script = JL_AUDIT_SCRIPT_UNREADABLE;
		aj->why = jl_arena_strdup(&au->a, slurm_strerror(errno));
	} else
		aj->script = JL_AUDIT_SCRIPT_READ;
	if (aj->script == JL_AUDIT_SCRIPT_NONE)
		au->rep.nnone++;
	else if (aj->script == JL_AUDIT_SCRIPT_UNREADABLE) {
		au->rep.nunread++;
		/* No script: the component's own request, job rules only. */
		if (het) {
			cr[0] = cr[n - 1];
			n = 1;
			het = 0;
		}
	}

	for (;;) {
		if (comps_argv(au, &a, cr, n, &av) != 0)
			goto out;
		memset(&in, 0, sizeof(in));
		in.name = aj->id;
		in.data = script != NULL ? script : "";
		in.len = script != NULL ? len : 0;
		in.version = au->version;
		in.argv = (const char *const *)av.items;
		in.argc = av.n;
		in.jobdesc = 1;
		in.het = het;
		in.no_script = aj->script != JL_AUDIT_SCRIPT_READ;
		if (jl_model_build(&a, &in, &m) != 0)
			goto out;
		for (i = 0, changed = 0; i < n; i++)
			changed |= reread(au, &m, het ? (int)i : 0, &cr[i]);
		if (!changed)
			break;
		jl_arena_free(&a);
		jl_arena_init(&a);
	}
	memset(&who, 0, sizeof(who));
	who.user = aj->user;
	who.account = aj->account;
	if (jl_lint_run(au->cli->rs, &a, &m, 0, &who) != 0)
		goto out;
	jl_findings_sort(&m.findings);
	collect(au, aj, &m);
	/* An unreadable script is not a clean one (issue 17.8). */
	if (aj->nf == 0 && !aj->exempt &&
	    aj->script != JL_AUDIT_SCRIPT_UNREADABLE)
		au->rep.nclean++;
	if (jl_vec_push(&au->a, &au->rep.jobs, aj) != 0)
		goto out;
	rc = au->a.failed ? -1 : 0;
out:
	jl_arena_free(&a);
	free(cr);
	free(script);
	return rc;
}

static int
wanted(const struct audit *au, const job_info_t *j, const char *user)
{
	uint32_t	 st = j->job_state & JOB_STATE_BASE;
	char		 uid[16];
	const char	*p, *e;
	int		 ok = 0;

	if (!((au->rep.pending && st == JOB_PENDING) || (au->rep.running &&
	    (st == JOB_RUNNING || st == JOB_SUSPENDED))))
		return 0;
	if (au->users.n > 0) {
		snprintf(uid, sizeof(uid), "%" PRIu32, j->user_id);
		if (!in_list(&au->users, user) && !in_list(&au->users, uid))
			return 0;
	}
	if (au->parts.n == 0)
		return 1;
	/* A pending job may name several partitions: any of them. */
	for (p = j->partition != NULL ? j->partition : ""; *p != '\0' && !ok;
	    p = *e != '\0' ? e + 1 : e) {
		e = p + strcspn(p, ",");
		for (size_t i = 0; i < au->parts.n && !ok; i++)
			ok = strlen(au->parts.items[i]) == (size_t)(e - p) &&
			    strncmp(au->parts.items[i], p, (size_t)(e - p)) ==
			    0;
	}
	return ok;
}

/* --- the command ---------------------------------------------------------- */

static void
progress(struct audit *au, size_t done, size_t total, struct timespec *last)
{
	struct timespec	now;
	long		ns;

	if (!au->progress)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (now.tv_sec - last->tv_sec) * 1000000000L + (now.tv_nsec -
	    last->tv_nsec);
	if (done < total && ns < PROGRESS_NS)
		return;
	*last = now;
	if (done < total) {
		fprintf(stderr, "\rjlint audit: %zu/%zu jobs", done, total);
		au->shown = 1;
	} else if (au->shown) {
		fprintf(stderr, "\r\033[K");
		au->shown = 0;
	}
	fflush(stderr);
}

static int
parse_options(struct audit *au, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pending",	 no_argument,	    NULL, 'N' },
		{ "running",	 no_argument,	    NULL, 'R' },
		{ "user",	 required_argument, NULL, 'u' },
		{ "partition",	 required_argument, NULL, 'P' },
		{ "policy",	 required_argument, NULL, 'p' },
		{ "cluster",	 no_argument,	    NULL, 'C' },
		{ "format",	 required_argument, NULL, 'f' },
		{ "table",	 required_argument, NULL, 'T' },
		{ "no-progress", no_argument,	    NULL, 'n' },
		{ "help",	 no_argument,	    NULL, 'h' },
		{ NULL,		 0,		    NULL, 0 }
	};
	int	c;

	optind = 1;
	opterr = 1;
	while ((c = getopt_long(argc, argv, "u:P:p:f:h", longopts, NULL)) !=
	    -1) {
		switch (c) {
		case 'N':
			au->rep.pending = 1;
			break;
		case 'R':
			au->rep.running = 1;
			break;
		case 'u':
			if (split_list(&au->a, &au->users, optarg) != 0)
				return 2;
			break;
		case 'P':
			if (split_list(&au->a, &au->parts, optarg) != 0)
				return 2;
			break;
		case 'p':
			au->cli->policy_arg = optarg;
			break;
		case 'C':
			au->cli->cluster = 1;
			break;
		case 'f':
			if (jl_audit_fmt_parse(optarg, &au->fmt) != 0) {
				fprintf(stderr, "jlint: audit: unknown format "
				    "\"%s\" (text, json, csv)\n", optarg);
				return 2;
			}
			break;
		case 'T':
			if (strcmp(optarg, "rules") == 0)
				au->rep.table_rules = 1;
			else if (strcmp(optarg, "jobs") == 0)
				au->rep.table_rules = 0;
			else {
				fprintf(stderr, "jlint: audit: --table is jobs "
				    "or rules, not \"%s\"\n", optarg);
				return 2;
			}
			break;
		case 'n':
			au->progress = 0;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "jlint: audit: unexpected argument \"%s\"\n",
		    argv[optind]);
		usage(stderr);
		return 2;
	}
	if (!au->rep.pending && !au->rep.running)
		au->rep.pending = 1;
	return -1;
}

/* The running cluster's release, else the policy's; 0: neither known
 * (the reader then says jlint's default release is assumed). */
static unsigned
live_version(const slurm_conf_t *c, unsigned fallback)
{
	unsigned	v;

	if (c == NULL || c->version == NULL ||
	    jl_slurm_release(c->version, &v) != 0)
		return fallback;
	return v;
}

/* jlint audit [options]; argv: the words after "audit". */
static int
cmd_audit_exec(struct cli *cli, int argc, char **argv)
{
	struct audit		 au;
	job_info_msg_t		*jm = NULL;
	partition_info_msg_t	*pm = NULL;
	const slurm_conf_t	*c;
	struct timespec		 last;
	struct jl_buf		 b;
	char			*err = NULL;
	size_t			 i, k, total = 0;
	int			 rc, worst = 0;

	memset(&au, 0, sizeof(au));
	jl_arena_init(&au.a);
	au.cli = cli;
	au.rep.a = &au.a;
	au.progress = isatty(STDERR_FILENO);
	/* argv[-1] is "audit", getopt's argv[0]. */
	if ((rc = parse_options(&au, argc + 1, argv - 1)) >= 0)
		goto done;
	rc = 2;
	if (jl_cluster_connect(&err) != 0) {
		fprintf(stderr, "jlint: %s\n", err != NULL ? err :
		    "out of memory");
		goto done;
	}
	c = jl_cluster_ctl_conf();
	au.default_requeue = c != NULL ? (int)c->job_requeue : 1;
	au.slurm_uid = c != NULL ? c->slurm_user_id : 0;
	if (load_policy(&au) != 0)
		goto done;
	au.version = live_version(c, au.cli->rs->policy != NULL ?
	    au.cli->rs->policy->slurm_version : 0);
	if (slurm_load_partitions((time_t)0, &pm, SHOW_ALL) != 0) {
		fprintf(stderr, "jlint: slurm_load_partitions: %s\n",
		    slurm_strerror(errno));
		goto done;
	}
	au.pm = pm;
	/* Whole array expressions, not "1-3,5,..." (squeue's default). */
	setenv("SLURM_BITSTR_LEN", "0", 0);
	if (slurm_load_jobs((time_t)0, &jm, SHOW_ALL) != 0) {
		fprintf(stderr, "jlint: slurm_load_jobs: %s\n",
		    slurm_strerror(errno));
		goto done;
	}
	for (i = 0; i < jm->record_count; i++)
		if (wanted(&au, &jm->job_array[i], user_name(&au,
		    jm->job_array[i].user_id, jm->job_array[i].user_name)))
			total++;
	clock_gettime(CLOCK_MONOTONIC, &last);
	for (i = 0, k = 0; i < jm->record_count; i++) {
		const job_info_t *j = &jm->job_array[i];

		if (!wanted(&au, j, user_name(&au, j->user_id, j->user_name)))
			continue;
		au.rep.nseen++;
		if (audit_job(&au, jm, j) != 0) {
			fprintf(stderr, "%sjlint: audit: out of memory\n",
			    au.shown ? "\n" : "");
			goto done;
		}
		progress(&au, ++k, total, &last);
	}
	for (i = 0; i < au.rep.jobs.n; i++) {
		const struct jl_audit_job *aj = au.rep.jobs.items[i];

		if (!aj->exempt && aj->worst > worst)
			worst = aj->worst;
	}
	jl_buf_init(&b);
	jl_audit_write(&au.rep, au.fmt, &b);
	if (b.failed || fwrite(b.data, 1, b.len, stdout) != b.len) {
		fprintf(stderr, "jlint: audit: cannot write the report\n");
		jl_buf_free(&b);
		goto done;
	}
	jl_buf_free(&b);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "jlint: audit: cannot write: %s\n",
		    strerror(errno));
		goto done;
	}
	/* worst is severity + 1: JL_SEV_WARNING + 1 and above count. */
	rc = worst >= (int)JL_SEV_WARNING + 1 ? 1 : 0;
done:
	free(err);
	if (jm != NULL)
		slurm_free_job_info_msg(jm);
	if (pm != NULL)
		slurm_free_partition_info_msg(pm);
	jl_arena_free(&au.a);
	return rc;
}

const struct cmd_entry cmd_audit_entry = {
	.name = "audit",
	.usage = "audit [options]       (the queue against the policy; "
	    "audit -h)",
	.flags = CMD_OWNARGS,
	.exec = cmd_audit_exec
};
