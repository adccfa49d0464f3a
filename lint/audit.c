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
 * script gives directive findings and the body.  A job with no script
 * (srun/salloc, het components after the first) or whose script cannot
 * be read is judged by the job rules only and reported as such: no job
 * is skipped silently.  Jobs of root and the SlurmUser, which the plugin
 * does not judge, are evaluated and reported as exempt, and do not count
 * as rejected or warned.
 *
 * The job record is not the request: slurmctld filled in defaults.  How
 * each field is read back (desc.c does the same for job_desc_msg_t):
 *   time_limit	a job without --time is reported with its partition's
 *		MaxTime when the partition has no DefaultTime; such a
 *		time is taken as "not given" when the script has no
 *		--time directive either (a --time equal to MaxTime given
 *		on the command line is then missed)
 *   num_nodes	only when max_nodes is set (sbatch sets it for -N)
 *   num_tasks, cpus_per_task, pn_min_memory
 *		only when JOB_NTASKS_SET, JOB_CPUS_SET, JOB_MEM_SET
 *   requeue	only when it differs from the cluster's JobRequeue (an
 *		explicit --requeue equal to the default looks unset, as an
 *		unset one does to the plugin)
 *   account, qos	not when USE_DEFAULT_ACCT, USE_DEFAULT_QOS
 *   array_task_str	read in full (SLURM_BITSTR_LEN=0)
 * Linked into the jlint command only (cluster.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <slurm/slurm.h>
#include <slurm/slurm_errno.h>

#include "cluster.h"
#include "facts.h"
#include "job.h"
#include "policy-load.h"
#include "policy.h"
#include "rule.h"
#include "verdict.h"

#define MAX_SCRIPT	(64u * 1024 * 1024)
#define PROGRESS_NS	100000000L	/* redraw the progress line: 0.1 s */

enum afmt { AF_TEXT, AF_JSON, AF_CSV };
enum action { ACT_REJECT, ACT_WARN, ACT_LOG, ACT__N };
enum script_state { SCRIPT_READ, SCRIPT_NONE, SCRIPT_UNREADABLE };

static const char *const act_name[ACT__N] = { "reject", "warn", "log" };

/* The report's column for a verdict (never JL_ACT_NONE). */
static enum action
act_index(enum jl_action act)
{
	return act == JL_ACT_REJECT ? ACT_REJECT : act == JL_ACT_LOG ?
	    ACT_LOG : ACT_WARN;
}

/* One finding of one job, copied out of the job's model. */
struct afind {
	const char	*rule;		/* slug */
	const char	*code;
	enum jl_sev	 sev;
	enum jl_mode	 mode;
	enum action	 act;
	unsigned	 line;		/* 0: outside the script */
	const char	*where;		/* when line is 0 */
	const char	*message;
};

struct ajob {
	const char		*id;		/* "12", "4_[1-5%2]", "7+1" */
	uint32_t		 job_id;
	uint32_t		 uid;
	const char		*user;
	const char		*account;	/* or NULL */
	const char		*partition;
	const char		*state;
	enum script_state	 script;
	const char		*why;		/* SCRIPT_UNREADABLE */
	struct afind		*f;
	size_t			 nf;
	int			 nact[ACT__N];
	int			 exempt;	/* root or SlurmUser */
	int			 worst;		/* top severity + 1; 0 */
};

struct arule {
	const char	*rule, *code;
	enum jl_sev	 sev;
	enum jl_mode	 mode;
	size_t		 njobs;
	struct jl_vec	 users;		/* const char *, distinct */
	struct jl_vec	 jobs;		/* const char * ids */
};

/* What a rule's findings do (a rule with no mode: its warnings warn). */
static const char *
rule_act(const struct arule *r)
{
	return act_name[act_index(jl_mode_action(r->mode, JL_SEV_WARNING))];
}

struct audit {
	/* options */
	enum afmt		 fmt;
	const char		*policy_arg;
	int			 pending, running, cluster, progress;
	int			 shown;		/* a progress line is up */
	int			 table_rules;	/* csv: the rule table */
	struct jl_vec		 users, parts;	/* const char * filters */
	/* state */
	struct jl_arena		 a;		/* the report */
	struct jl_policy_set	*set;		/* owns rs */
	struct jl_ruleset	*rs;
	char			*policy_name;
	unsigned		 version;
	int			 default_requeue;
	const partition_info_msg_t *pm;
	struct jl_vec		 jobs;		/* struct ajob * */
	struct jl_vec		 rules;		/* struct arule * */
	size_t			 nnone, nunread, nclean, nexempt;
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

/* The policy's merge hook: live facts from slurmctld (--cluster). */
static int
merge_cluster(struct jl_policy *p, void *arg, char **err)
{
	(void)arg;
	return jl_cluster_merge(p, NULL, err);
}

/*
 * --policy FILE; else $JLINT_POLICY; else jlint.yaml next to slurm.conf
 * (what the job_submit plugin enforces); else the system policy; else the
 * embedded default.  Loaded as every front end loads one (policy-load.c).
 */
static int
load_policy(struct audit *au)
{
	struct jl_policy_where	 w;
	struct jl_policy_opts	 o;
	char			*path, *errors = NULL;

	memset(&w, 0, sizeof(w));
	w.path = au->policy_arg;
	w.use_env = 1;
	w.slurm_conf = jl_cluster_conf_path();
	w.use_system = 1;
	path = jl_policy_find(&w);
	au->policy_name = strdup(path != NULL ? path : "(embedded default)");
	memset(&o, 0, sizeof(o));
	if (au->cluster)
		o.merge = merge_cluster;
	au->set = jl_policy_open(path, &o, &errors, NULL);
	free(path);
	if (au->set == NULL) {
		fprintf(stderr, "%s", errors != NULL ? errors :
		    "jlint: cannot load the policy\n");
		free(errors);
		return -1;
	}
	au->rs = au->set->rs;
	return 0;
}

/* --- job record -> sbatch options ----------------------------------------- */

struct argv_ctx {
	struct jl_arena	*a;
	struct jl_vec	*v;
};

static void add(struct argv_ctx *, const char *, ...)
	    __attribute__((__format__(printf, 2, 3)));

static void
add(struct argv_ctx *c, const char *fmt, ...)
{
	va_list	 ap;
	char	*w;

	va_start(ap, fmt);
	w = jl_arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	if (w != NULL)
		jl_vec_push(c->a, c->v, w);
}

static void
add_str(struct argv_ctx *c, const char *opt, const char *s)
{
	if (s != NULL && *s != '\0')
		add(c, "--%s=%s", opt, s);
}

static void
add_time(struct argv_ctx *c, const char *opt, uint32_t m)
{
	if (m == NO_VAL || m == 0)
		return;
	if (m == INFINITE)
		add(c, "--%s=UNLIMITED", opt);
	else if (m >= 1440)
		add(c, "--%s=%" PRIu32 "-%02" PRIu32 ":%02" PRIu32 ":00", opt,
		    m / 1440, m % 1440 / 60, m % 60);
	else
		add(c, "--%s=%02" PRIu32 ":%02" PRIu32 ":00", opt, m / 60,
		    m % 60);
}

/* A TRES list as --gres (all, without "gres:") or --gpus* (GPU only). */
static void
add_tres(struct argv_ctx *c, const char *opt, const char *tres, int gpu_only,
    const char *suffix)
{
	struct jl_buf	 b;
	const char	*p, *q, *e;
	size_t		 len;

	if (tres == NULL || *tres == '\0')
		return;
	jl_buf_init(&b);
	for (p = tres; *p != '\0'; p = *q != '\0' ? q + 1 : q) {
		q = p + strcspn(p, ",");
		len = (size_t)(q - p);
		e = p;
		if (len >= 5 && strncmp(e, "gres", 4) == 0 && (e[4] == ':' ||
		    e[4] == '/')) {
			e += 5;
			len -= 5;
		}
		if (gpu_only) {
			if (len < 4 || strncmp(e, "gpu:", 4) != 0)
				continue;
			e += 4;
			len -= 4;
		}
		if (len == 0)
			continue;
		if (b.len > 0)
			jl_buf_putc(&b, ',');
		jl_buf_add(&b, e, len);
	}
	if (!b.failed && b.len > 0)
		add(c, "--%s=%s%s", opt, b.data, suffix);
	jl_buf_free(&b);
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
    int with_time, struct jl_vec *v)
{
	struct argv_ctx	 c;
	uint64_t	 mem;

	c.a = a;
	c.v = v;
	add_str(&c, "partition", j->partition);
	if (with_time)
		add_time(&c, "time", j->time_limit);
	add_time(&c, "time-min", j->time_min);
	if (j->max_nodes != 0 && j->max_nodes != NO_VAL && j->num_nodes != 0 &&
	    j->num_nodes != NO_VAL) {
		if (j->max_nodes > j->num_nodes)
			add(&c, "--nodes=%" PRIu32 "-%" PRIu32, j->num_nodes,
			    j->max_nodes);
		else
			add(&c, "--nodes=%" PRIu32, j->num_nodes);
	}
	if ((j->bitflags & JOB_NTASKS_SET) && j->num_tasks != NO_VAL &&
	    j->num_tasks != 0)
		add(&c, "--ntasks=%" PRIu32, j->num_tasks);
	if ((j->bitflags & JOB_CPUS_SET) && j->cpus_per_task != NO_VAL16 &&
	    j->cpus_per_task != 0)
		add(&c, "--cpus-per-task=%u", (unsigned)j->cpus_per_task);
	if (j->ntasks_per_node != NO_VAL16 && j->ntasks_per_node != 0 &&
	    j->ntasks_per_node != INFINITE16)
		add(&c, "--ntasks-per-node=%u", (unsigned)j->ntasks_per_node);
	if (j->ntasks_per_tres != NO_VAL16 && j->ntasks_per_tres != 0 &&
	    j->ntasks_per_tres != INFINITE16)
		add(&c, "--ntasks-per-gpu=%u", (unsigned)j->ntasks_per_tres);
	if ((j->bitflags & JOB_MEM_SET) && j->pn_min_memory != NO_VAL64) {
		mem = j->pn_min_memory & ~MEM_PER_CPU;
		add(&c, "--%s=%" PRIu64 "M", (j->pn_min_memory & MEM_PER_CPU) ?
		    "mem-per-cpu" : "mem", mem);
	} else
		add_tres(&c, "mem-per-gpu", j->mem_per_tres, 1, "M");
	add_tres(&c, "gpus", j->tres_per_job, 1, "");
	add_tres(&c, "gres", j->tres_per_node, 0, "");
	add_tres(&c, "gpus-per-task", j->tres_per_task, 1, "");
	add_tres(&c, "gpus-per-socket", j->tres_per_socket, 1, "");
	add_tres(&c, "cpus-per-gpu", j->cpus_per_tres, 1, "");
	if (j->requeue != NO_VAL16 && (int)j->requeue != au->default_requeue)
		add(&c, "--%s", j->requeue ? "requeue" : "no-requeue");
	switch (j->shared) {
	case JOB_SHARED_NONE:
		add(&c, "--exclusive");
		break;
	case JOB_SHARED_OK:
		add(&c, "--oversubscribe");
		break;
	case JOB_SHARED_USER:
		add(&c, "--exclusive=user");
		break;
	case JOB_SHARED_MCS:
		add(&c, "--exclusive=mcs");
		break;
	default:
		break;
	}
	if (j->array_job_id != 0 && j->array_job_id != NO_VAL) {
		if (j->array_task_str != NULL && *j->array_task_str != '\0') {
			/* Cut a "..." (SLURM_BITSTR_LEN) at the last comma. */
			const char *dots = strstr(j->array_task_str, "...");
			size_t n = dots != NULL ? (size_t)(dots -
			    j->array_task_str) : strlen(j->array_task_str);

			while (n > 0 && j->array_task_str[n - 1] == ',')
				n--;
			if (n > 0)
				add(&c, "--array=%.*s", (int)n,
				    j->array_task_str);
		} else if (j->array_task_id != NO_VAL)
			add(&c, "--array=%" PRIu32, j->array_task_id);
	}
	add_str(&c, "output", j->std_out);
	add_str(&c, "error", j->std_err);
	add_str(&c, "job-name", j->name);
	if (!(j->bitflags & USE_DEFAULT_ACCT))
		add_str(&c, "account", j->account);
	if (!(j->bitflags & USE_DEFAULT_QOS))
		add_str(&c, "qos", j->qos);
	add_str(&c, "reservation", j->resv_name);
	add_str(&c, "dependency", j->dependency);
	add_str(&c, "constraint", j->features);
	add_str(&c, "licenses", j->licenses);
	add_str(&c, "container", j->container);
	add_str(&c, "chdir", j->work_dir);
	return a->failed ? -1 : 0;
}

/* --- one job -------------------------------------------------------------- */

static const char *
user_name(struct audit *au, uint32_t uid, const char *given)
{
	struct uidname	*u;
	struct passwd	*pw;
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
	pw = getpwuid((uid_t)uid);
	u->name = pw != NULL ? jl_arena_strdup(&au->a, pw->pw_name) :
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

static int
has_time_directive(const struct jl_model *m)
{
	const struct jl_optval	*o;
	size_t			 i;

	for (i = 0; i < m->script.opts.n; i++) {
		o = m->script.opts.items[i];
		if (o->component == 0 && o->opt != NULL &&
		    o->opt->id == JL_O_TIME)
			return 1;
	}
	return 0;
}

static struct arule *
rule_entry(struct audit *au, const char *slug, const char *code,
    enum jl_sev sev, enum jl_mode mode)
{
	struct arule	*r;
	size_t		 i;

	for (i = 0; i < au->rules.n; i++) {
		r = au->rules.items[i];
		if (strcmp(r->rule, slug) == 0)
			return r;
	}
	if ((r = jl_arena_alloc(&au->a, sizeof(*r))) == NULL)
		return NULL;
	r->rule = slug;
	r->code = code;
	r->sev = sev;
	r->mode = mode;
	if (jl_vec_push(&au->a, &au->rules, r) != 0)
		return NULL;
	return r;
}

/* Copy the findings out of the model into the job and the rule table. */
static void
collect(struct audit *au, struct ajob *aj, const struct jl_model *m)
{
	const struct jl_finding	*f;
	const struct jl_rule	*r;
	struct afind		*af;
	struct arule		*ar;
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
		r = jl_ruleset_find(au->rs, f->rule);
		sev = f->sev;
		/* What the plugin does with it (verdict.c). */
		if ((act = jl_verdict(au->rs, f, 1, &mode)) == JL_ACT_NONE)
			continue;
		af = &aj->f[aj->nf++];
		af->rule = jl_arena_strdup(&au->a, f->rule);
		af->code = r != NULL ? r->code : NULL;
		af->sev = sev;
		af->mode = mode;
		af->act = act_index(act);
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

/* Audit one job record; -1 when memory ran out. */
static int
audit_job(struct audit *au, const job_info_t *j)
{
	const partition_info_t	*part;
	struct ajob		*aj;
	struct jl_arena		 a;
	struct jl_vec		 av;
	struct jl_input		 in;
	struct jl_model		 m;
	struct jl_who		 who;
	char			*script = NULL;
	size_t			 len = 0;
	int			 with_time = 1, rc = -1;

	if ((aj = jl_arena_alloc(&au->a, sizeof(*aj))) == NULL)
		return -1;
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
		au->nexempt++;
	if (j->batch_flag == 0 || (j->het_job_id != 0 &&
	    j->het_job_id != NO_VAL && j->het_job_offset != 0))
		aj->script = SCRIPT_NONE;
	else if ((script = fetch_script(j->job_id, &len)) == NULL) {
		aj->script = SCRIPT_UNREADABLE;
		aj->why = jl_arena_strdup(&au->a, slurm_strerror(errno));
	} else
		aj->script = SCRIPT_READ;
	if (aj->script == SCRIPT_NONE)
		au->nnone++;
	else if (aj->script == SCRIPT_UNREADABLE)
		au->nunread++;

	/* A time equal to MaxTime with no DefaultTime may be "not given". */
	part = job_part(au, j->partition);
	for (;;) {
		jl_arena_init(&a);
		memset(&av, 0, sizeof(av));
		if (job_argv(au, &a, j, with_time, &av) != 0)
			goto out;
		memset(&in, 0, sizeof(in));
		in.name = aj->id;
		in.data = script != NULL ? script : "";
		in.len = script != NULL ? len : 0;
		in.version = au->version;
		in.argv = (const char *const *)av.items;
		in.argc = av.n;
		in.jobdesc = 1;
		in.no_script = aj->script != SCRIPT_READ;
		if (jl_model_build(&a, &in, &m) != 0)
			goto out;
		if (!with_time || part == NULL ||
		    part->default_time != NO_VAL ||
		    j->time_limit != part->max_time || has_time_directive(&m))
			break;
		with_time = 0;
		jl_arena_free(&a);
	}
	memset(&who, 0, sizeof(who));
	who.user = aj->user;
	who.account = aj->account;
	if (jl_ruleset_run(au->rs, &a, &m, 0, &who) != 0)
		goto out;
	jl_findings_sort(&m.findings);
	collect(au, aj, &m);
	if (aj->nf == 0 && !aj->exempt)
		au->nclean++;
	if (jl_vec_push(&au->a, &au->jobs, aj) != 0)
		goto out;
	rc = au->a.failed ? -1 : 0;
out:
	jl_arena_free(&a);
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

	if (!((au->pending && st == JOB_PENDING) || (au->running &&
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

/* --- output --------------------------------------------------------------- */

static const char *
mode_name(enum jl_mode m)
{
	return jl_mode_name(m) != NULL ? jl_mode_name(m) : "default";
}

static const char *
script_name(enum script_state s)
{
	return s == SCRIPT_READ ? "read" : s == SCRIPT_NONE ? "none" :
	    "unreadable";
}

/* The job's slugs for one action, ","-joined, or "-". */
static const char *
slugs(struct jl_arena *a, const struct ajob *aj, enum action act,
    const char *sep)
{
	struct jl_buf	 b;
	const char	*s;
	size_t		 i, k;

	jl_buf_init(&b);
	for (i = 0; i < aj->nf; i++) {
		if (aj->f[i].act != act)
			continue;
		for (k = 0; k < i; k++)
			if (strcmp(aj->f[k].rule, aj->f[i].rule) == 0)
				break;
		if (k < i)
			continue;
		if (b.len > 0)
			jl_buf_puts(&b, sep);
		jl_buf_puts(&b, aj->f[i].rule);
	}
	s = b.len > 0 && !b.failed ? jl_arena_strdup(a, b.data) : "";
	jl_buf_free(&b);
	return s;
}

static int
rule_cmp(const void *x, const void *y)
{
	const struct arule *a = *(const struct arule *const *)x;
	const struct arule *b = *(const struct arule *const *)y;

	if (a->mode != b->mode)
		return (a->mode == JL_MODE_ENFORCE ? 0 : 1) -
		    (b->mode == JL_MODE_ENFORCE ? 0 : 1);
	if (a->njobs != b->njobs)
		return a->njobs < b->njobs ? 1 : -1;
	return strcmp(a->rule, b->rule);
}

static void
put_text(struct audit *au, size_t nseen, FILE *fp)
{
	const struct ajob	*aj;
	const struct arule	*r;
	const char		*s[ACT__N];
	int			 wid = 5, wuser = 4, wpart = 9, wrej = 6;
	int			 wrule = 4;
	size_t			 i, nrej = 0, nwarn = 0, nlog = 0;

	for (i = 0; i < au->jobs.n; i++) {
		aj = au->jobs.items[i];
		if (aj->exempt)
			;
		else if (aj->nact[ACT_REJECT] > 0)
			nrej++;
		else if (aj->nact[ACT_WARN] > 0)
			nwarn++;
		else if (aj->nact[ACT_LOG] > 0)
			nlog++;
		if (aj->nf == 0 && aj->script == SCRIPT_READ)
			continue;
		if ((int)strlen(aj->id) > wid)
			wid = (int)strlen(aj->id);
		if ((int)strlen(aj->user) > wuser)
			wuser = (int)strlen(aj->user);
		if ((int)strlen(aj->partition) > wpart)
			wpart = (int)strlen(aj->partition);
		s[0] = slugs(&au->a, aj, ACT_REJECT, ",");
		if ((int)strlen(s[0]) > wrej)
			wrej = (int)strlen(s[0]);
	}
	fprintf(fp, "jlint audit: %zu job%s (%s%s%s), policy %s\n",
	    nseen, nseen == 1 ? "" : "s", au->pending ? "pending" : "",
	    au->pending && au->running ? " and " : "", au->running ?
	    "running" : "", au->policy_name);
	if (nrej + nwarn + nlog > 0) {
		fprintf(fp, "\n%-*s  %-*s  %-*s  %-*s  %s\n", wid, "JOBID",
		    wuser, "USER", wpart, "PARTITION", wrej, "REJECT", "WARN");
		for (i = 0; i < au->jobs.n; i++) {
			aj = au->jobs.items[i];
			if (aj->nf == 0 || aj->exempt)
				continue;
			s[ACT_REJECT] = slugs(&au->a, aj, ACT_REJECT, ",");
			s[ACT_WARN] = slugs(&au->a, aj, ACT_WARN, ",");
			s[ACT_LOG] = slugs(&au->a, aj, ACT_LOG, ",");
			fprintf(fp, "%-*s  %-*s  %-*s  %-*s  %s%s%s%s\n", wid,
			    aj->id, wuser, aj->user, wpart, aj->partition,
			    wrej, *s[ACT_REJECT] ? s[ACT_REJECT] : "-",
			    *s[ACT_WARN] ? s[ACT_WARN] : *s[ACT_LOG] ? "" : "-",
			    *s[ACT_WARN] && *s[ACT_LOG] ? " " : "",
			    *s[ACT_LOG] ? "log: " : "", s[ACT_LOG]);
		}
	}
	if (au->rules.n > 0) {
		if (au->rules.n > 1)
			qsort(au->rules.items, au->rules.n, sizeof(void *),
			    rule_cmp);
		for (i = 0; i < au->rules.n; i++) {
			r = au->rules.items[i];
			if ((int)strlen(r->rule) > wrule)
				wrule = (int)strlen(r->rule);
		}
		fprintf(fp, "\n%-*s  %-8s  %-7s  %5s  %5s\n", wrule, "RULE",
		    "MODE", "ACTION", "JOBS", "USERS");
		for (i = 0; i < au->rules.n; i++) {
			r = au->rules.items[i];
			fprintf(fp, "%-*s  %-8s  %-7s  %5zu  %5zu\n", wrule,
			    r->rule, mode_name(r->mode),
			    rule_act(r),
			    r->njobs, r->users.n);
		}
	}
	if (au->nnone + au->nunread > 0) {
		fprintf(fp, "\nJudged by the job rules only (%zu job%s):\n",
		    au->nnone + au->nunread, au->nnone + au->nunread == 1 ?
		    "" : "s");
		for (i = 0; i < au->jobs.n; i++) {
			aj = au->jobs.items[i];
			if (aj->script == SCRIPT_READ)
				continue;
			fprintf(fp, "  %-*s  %-*s  %s%s\n", wid, aj->id, wuser,
			    aj->user, aj->script == SCRIPT_NONE ?
			    "no batch script (srun/salloc or a het component)" :
			    "batch script not readable: ", aj->script ==
			    SCRIPT_UNREADABLE ? aj->why : "");
		}
	}
	if (au->nexempt > 0) {
		fprintf(fp, "\nExempt: the plugin does not judge jobs of root "
		    "or the SlurmUser (%zu job%s):\n", au->nexempt,
		    au->nexempt == 1 ? "" : "s");
		for (i = 0; i < au->jobs.n; i++) {
			aj = au->jobs.items[i];
			if (!aj->exempt)
				continue;
			s[0] = slugs(&au->a, aj, ACT_REJECT, ",");
			s[1] = slugs(&au->a, aj, ACT_WARN, ",");
			s[2] = slugs(&au->a, aj, ACT_LOG, ",");
			fprintf(fp, "  %-*s  %-*s  %s%s%s%s%s%s\n", wid, aj->id,
			    wuser, aj->user, aj->nf > 0 ? "the rules find: " :
			    "the rules find nothing", s[0], *s[0] && *s[1] ?
			    "," : "", s[1], (*s[0] || *s[1]) && *s[2] ? "," :
			    "", s[2]);
		}
	}
	fprintf(fp, "\n%zu job%s: %zu would be rejected, %zu warned, %zu "
	    "logged only, %zu clean, %zu exempt; %zu without a script, %zu "
	    "with an unreadable script\n", au->jobs.n, au->jobs.n == 1 ? "" :
	    "s", nrej, nwarn, nlog, au->nclean, au->nexempt, au->nnone,
	    au->nunread);
}

static void
json_list(struct jl_buf *b, const struct jl_vec *v)
{
	size_t	i;

	jl_buf_putc(b, '[');
	for (i = 0; i < v->n; i++) {
		if (i)
			jl_buf_putc(b, ',');
		jl_buf_json_str(b, v->items[i]);
	}
	jl_buf_putc(b, ']');
}

static void
json_slugs(struct jl_buf *b, const struct ajob *aj, enum action act)
{
	size_t	i, k;
	int	n = 0;

	jl_buf_putc(b, '[');
	for (i = 0; i < aj->nf; i++) {
		if (aj->f[i].act != act)
			continue;
		for (k = 0; k < i; k++)
			if (strcmp(aj->f[k].rule, aj->f[i].rule) == 0)
				break;
		if (k < i)
			continue;
		if (n++)
			jl_buf_putc(b, ',');
		jl_buf_json_str(b, aj->f[i].rule);
	}
	jl_buf_putc(b, ']');
}

static void
put_json(struct audit *au, size_t nseen, struct jl_buf *b)
{
	const struct ajob	*aj;
	const struct afind	*f;
	const struct arule	*r;
	size_t			 i, k, nrej = 0, nwarn = 0, nlog = 0;

	jl_buf_puts(b, "{\"policy\":");
	jl_buf_json_str(b, au->policy_name);
	jl_buf_printf(b, ",\"states\":[%s%s%s],\"jobs\":[", au->pending ?
	    "\"pending\"" : "", au->pending && au->running ? "," : "",
	    au->running ? "\"running\"" : "");
	for (i = 0; i < au->jobs.n; i++) {
		aj = au->jobs.items[i];
		if (aj->exempt)
			;
		else if (aj->nact[ACT_REJECT] > 0)
			nrej++;
		else if (aj->nact[ACT_WARN] > 0)
			nwarn++;
		else if (aj->nact[ACT_LOG] > 0)
			nlog++;
		jl_buf_puts(b, i ? ",{\"id\":" : "{\"id\":");
		jl_buf_json_str(b, aj->id);
		jl_buf_printf(b, ",\"job_id\":%" PRIu32 ",\"user\":",
		    aj->job_id);
		jl_buf_json_str(b, aj->user);
		jl_buf_printf(b, ",\"uid\":%" PRIu32 ",\"account\":", aj->uid);
		jl_buf_json_str(b, aj->account);
		jl_buf_puts(b, ",\"partition\":");
		jl_buf_json_str(b, aj->partition);
		jl_buf_printf(b, ",\"state\":\"%s\",\"script\":\"%s\","
		    "\"exempt\":%s", aj->state, script_name(aj->script),
		    aj->exempt ? "true" : "false");
		if (aj->script == SCRIPT_UNREADABLE) {
			jl_buf_puts(b, ",\"script_error\":");
			jl_buf_json_str(b, aj->why);
		}
		jl_buf_puts(b, ",\"reject\":");
		json_slugs(b, aj, ACT_REJECT);
		jl_buf_puts(b, ",\"warn\":");
		json_slugs(b, aj, ACT_WARN);
		jl_buf_puts(b, ",\"log\":");
		json_slugs(b, aj, ACT_LOG);
		jl_buf_puts(b, ",\"findings\":[");
		for (k = 0; k < aj->nf; k++) {
			f = &aj->f[k];
			jl_buf_puts(b, k ? ",{\"rule\":" : "{\"rule\":");
			jl_buf_json_str(b, f->rule);
			jl_buf_puts(b, ",\"code\":");
			jl_buf_json_str(b, f->code);
			jl_buf_printf(b, ",\"severity\":\"%s\",\"mode\":\"%s\","
			    "\"action\":\"%s\",\"line\":", jl_sev_name(f->sev),
			    mode_name(f->mode), act_name[f->act]);
			if (f->line > 0)
				jl_buf_printf(b, "%u", f->line);
			else
				jl_buf_puts(b, "null");
			jl_buf_puts(b, ",\"where\":");
			jl_buf_json_str(b, f->where);
			jl_buf_puts(b, ",\"message\":");
			jl_buf_json_str(b, f->message);
			jl_buf_putc(b, '}');
		}
		jl_buf_puts(b, "]}");
	}
	jl_buf_puts(b, "],\"rules\":[");
	if (au->rules.n > 1)
		qsort(au->rules.items, au->rules.n, sizeof(void *),
		    rule_cmp);
	for (i = 0; i < au->rules.n; i++) {
		r = au->rules.items[i];
		jl_buf_puts(b, i ? ",{\"rule\":" : "{\"rule\":");
		jl_buf_json_str(b, r->rule);
		jl_buf_puts(b, ",\"code\":");
		jl_buf_json_str(b, r->code);
		jl_buf_printf(b, ",\"mode\":\"%s\",\"action\":\"%s\","
		    "\"severity\":\"%s\",\"jobs\":%zu,\"users\":%zu,"
		    "\"job_ids\":", mode_name(r->mode), rule_act(r),
		    jl_sev_name(r->sev), r->njobs,
		    r->users.n);
		json_list(b, &r->jobs);
		jl_buf_puts(b, ",\"user_names\":");
		json_list(b, &r->users);
		jl_buf_putc(b, '}');
	}
	jl_buf_printf(b, "],\"summary\":{\"seen\":%zu,\"jobs\":%zu,"
	    "\"rejected\":%zu,\"warned\":%zu,\"logged\":%zu,\"clean\":%zu,"
	    "\"exempt\":%zu,\"no_script\":%zu,\"unreadable\":%zu}}\n",
	    nseen, au->jobs.n, nrej, nwarn, nlog, au->nclean, au->nexempt,
	    au->nnone, au->nunread);
}

static void
csv_field(struct jl_buf *b, const char *s, int last)
{
	const char	*p;

	if (s == NULL)
		s = "";
	if (strpbrk(s, ",\"\r\n") != NULL) {
		jl_buf_putc(b, '"');
		for (p = s; *p != '\0'; p++) {
			if (*p == '"')
				jl_buf_putc(b, '"');
			jl_buf_putc(b, *p);
		}
		jl_buf_putc(b, '"');
	} else
		jl_buf_puts(b, s);
	jl_buf_puts(b, last ? "\r\n" : ",");
}

static void
put_csv(struct audit *au, struct jl_buf *b)
{
	const struct ajob	*aj;
	const struct arule	*r;
	struct jl_buf		 t;
	char			 n1[32], n2[32];
	size_t			 i, k;

	if (au->table_rules) {
		if (au->rules.n > 1)
			qsort(au->rules.items, au->rules.n, sizeof(void *),
			    rule_cmp);
		jl_buf_puts(b, "rule,code,mode,action,severity,jobs,users,"
		    "job_ids\r\n");
		for (i = 0; i < au->rules.n; i++) {
			r = au->rules.items[i];
			csv_field(b, r->rule, 0);
			csv_field(b, r->code, 0);
			csv_field(b, mode_name(r->mode), 0);
			csv_field(b, rule_act(r), 0);
			csv_field(b, jl_sev_name(r->sev), 0);
			snprintf(n1, sizeof(n1), "%zu", r->njobs);
			snprintf(n2, sizeof(n2), "%zu", r->users.n);
			csv_field(b, n1, 0);
			csv_field(b, n2, 0);
			jl_buf_init(&t);
			for (k = 0; k < r->jobs.n; k++) {
				if (k)
					jl_buf_putc(&t, ' ');
				jl_buf_puts(&t, r->jobs.items[k]);
			}
			csv_field(b, t.data != NULL ? t.data : "", 1);
			jl_buf_free(&t);
		}
		return;
	}
	jl_buf_puts(b, "job_id,user,account,partition,state,script,exempt,"
	    "reject,warn,log\r\n");
	for (i = 0; i < au->jobs.n; i++) {
		aj = au->jobs.items[i];
		csv_field(b, aj->id, 0);
		csv_field(b, aj->user, 0);
		csv_field(b, aj->account, 0);
		csv_field(b, aj->partition, 0);
		csv_field(b, aj->state, 0);
		csv_field(b, script_name(aj->script), 0);
		csv_field(b, aj->exempt ? "yes" : "no", 0);
		csv_field(b, slugs(&au->a, aj, ACT_REJECT, " "), 0);
		csv_field(b, slugs(&au->a, aj, ACT_WARN, " "), 0);
		csv_field(b, slugs(&au->a, aj, ACT_LOG, " "), 1);
	}
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
			au->pending = 1;
			break;
		case 'R':
			au->running = 1;
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
			au->policy_arg = optarg;
			break;
		case 'C':
			au->cluster = 1;
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				au->fmt = AF_TEXT;
			else if (strcmp(optarg, "json") == 0)
				au->fmt = AF_JSON;
			else if (strcmp(optarg, "csv") == 0)
				au->fmt = AF_CSV;
			else {
				fprintf(stderr, "jlint: audit: unknown format "
				    "\"%s\" (text, json, csv)\n", optarg);
				return 2;
			}
			break;
		case 'T':
			if (strcmp(optarg, "rules") == 0)
				au->table_rules = 1;
			else if (strcmp(optarg, "jobs") == 0)
				au->table_rules = 0;
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
	if (!au->pending && !au->running)
		au->pending = 1;
	return -1;
}

static unsigned
live_version(const slurm_conf_t *c, unsigned fallback)
{
	static const unsigned known[] = {
		JL_SLURM_2205, JL_SLURM_2302, JL_SLURM_2311, JL_SLURM_2405,
		JL_SLURM_2411, JL_SLURM_2505, JL_SLURM_2511
	};
	unsigned	maj, min;
	size_t		i;

	if (c == NULL || c->version == NULL ||
	    sscanf(c->version, "%u.%u", &maj, &min) != 2)
		return fallback;
	for (i = 0; i < JL_NITEMS(known); i++)
		if (known[i] == maj * 100 + min)
			return known[i];
	return fallback;
}

int
jl_cmd_audit(int argc, char **argv)
{
	struct audit		 au;
	job_info_msg_t		*jm = NULL;
	partition_info_msg_t	*pm = NULL;
	const slurm_conf_t	*c;
	struct timespec		 last;
	struct jl_buf		 b;
	char			*err = NULL;
	size_t			 i, k, nseen = 0, total = 0;
	int			 rc, worst = 0;

	memset(&au, 0, sizeof(au));
	jl_arena_init(&au.a);
	au.progress = isatty(STDERR_FILENO);
	if ((rc = parse_options(&au, argc, argv)) >= 0)
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
	au.version = live_version(c, au.rs->policy != NULL &&
	    au.rs->policy->slurm_version != 0 ?
	    au.rs->policy->slurm_version : JL_SLURM_DEFAULT);
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
		nseen++;
		if (audit_job(&au, j) != 0) {
			fprintf(stderr, "%sjlint: audit: out of memory\n",
			    au.shown ? "\n" : "");
			goto done;
		}
		progress(&au, ++k, total, &last);
	}
	for (i = 0; i < au.jobs.n; i++) {
		const struct ajob *aj = au.jobs.items[i];

		if (!aj->exempt && aj->worst > worst)
			worst = aj->worst;
	}
	jl_buf_init(&b);
	if (au.fmt == AF_JSON)
		put_json(&au, nseen, &b);
	else if (au.fmt == AF_CSV)
		put_csv(&au, &b);
	if (au.fmt == AF_TEXT)
		put_text(&au, nseen, stdout);
	else if (b.failed || fwrite(b.data, 1, b.len, stdout) != b.len) {
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
	jl_policy_set_free(au.set);
	free(au.policy_name);
	jl_arena_free(&au.a);
	return rc;
}
