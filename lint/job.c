/*
 * job.c: build the job model from the script's options, #PBS/#BSUB lines,
 * the SBATCH_* environment and the sbatch command line, in the order of
 * src/sbatch/opt.c:process_options_second_pass(): directives, then
 * xlate_batch_script(), then _opt_env(), then _set_options() (CLI).
 *
 * Every occurrence of an option is checked against its value grammar (an
 * invalid value anywhere makes sbatch fail, even if a later one would
 * override it); the effective value is the last applied one.  Options that
 * set one job field share it by application order (--requeue and
 * --no-requeue; --exclusive and --oversubscribe), as their Slurm setters do.
 */
#include <stdlib.h>
#include <string.h>

#include "job.h"
#include "pbs.h"
#include "policy.h"

/*
 * The last values of a kind read by its grammar, with the result: a
 * model build in jobdesc mode read a --time value up to five times and a
 * --gres value three times (the checks of the request's value and of the
 * #SBATCH line it is attributed to, their comparison, the normalised
 * fields), and in slurmctld every read is code run on cold caches.  Two
 * entries: the request's text and the script's.
 */
#define JOB_MEMO	2

struct job_memo {
	const char		*text;		/* NULL: empty */
	int			 rc;
	const char		*err;
	struct jl_gres_list	 gl;		/* gres, gpus */
	struct jl_time		 tm;		/* time */
};

enum { MEMO_GRES, MEMO_GPUS, MEMO_TIME, MEMO__COUNT };

struct job_ctx {
	struct jl_arena		*a;
	struct jl_model		*m;
	struct jl_findings	*fs;
	unsigned		 seq;
	int			 cli_all;	/* the command line is every
						   het component's (no ":") */
	struct job_memo		 memo[MEMO__COUNT][JOB_MEMO];
	unsigned		 memo_next[MEMO__COUNT];
	const struct jl_array_conf *arrays;	/* jl_input's */
};

/* jl_val_gres(), jl_val_gpus() or jl_val_time() of t (not NULL), read
 * once per model build (job_memo). */
static const struct job_memo *
job_read(struct job_ctx *c, int kind, const char *t)
{
	static const struct job_memo	 none = { .rc = -1,
	    .err = "a value is required" };
	struct job_memo			*mm;
	unsigned			 k;

	for (k = 0; k < JOB_MEMO; k++) {
		mm = &c->memo[kind][k];
		if (mm->text != NULL && t != NULL && (mm->text == t ||
		    strcmp(mm->text, t) == 0))
			return mm;
	}
	if (t == NULL)		/* the callers check first: never kept */
		return &none;
	mm = &c->memo[kind][c->memo_next[kind]];
	c->memo_next[kind] = (c->memo_next[kind] + 1) % JOB_MEMO;
	memset(mm, 0, sizeof(*mm));
	switch (kind) {
	case MEMO_GRES:
		mm->rc = jl_val_gres(c->a, t, &mm->gl, &mm->err);
		break;
	case MEMO_GPUS:
		mm->rc = jl_val_gpus(c->a, t, &mm->gl, &mm->err);
		break;
	default:
		mm->rc = jl_val_time(t, &mm->tm, &mm->err);
		break;
	}
	mm->text = t;
	return mm;
}

static const char *
val_where(struct job_ctx *c, const struct jl_value *v)
{
	switch (v->origin) {
	case JL_ORIG_ENV:
		return v->env;
	case JL_ORIG_CLI:
		return "command line";
	case JL_ORIG_JOBDESC:
		return "job request";
	default:
		(void)c;
		return NULL;
	}
}

static void
val_report(struct job_ctx *c, const struct jl_value *v, const char *rule,
    enum jl_sev sev, const char *fix, const char *msg)
{
	struct jl_loc	loc;

	if (v->origin == JL_ORIG_DIRECTIVE || v->origin == JL_ORIG_PBS) {
		loc = v->vloc.len > 0 ? v->vloc : v->loc;
		jl_report(c->a, c->fs, rule, sev, &c->m->script.src, loc, fix,
		    "%s", msg);
	} else
		jl_report_at(c->a, c->fs, rule, sev, val_where(c, v), fix,
		    "%s", msg);
}

/* Is a --nice value a whole number ([+-]digits, as strtoll reads it)? */
static int
nice_numeric(const char *t)
{
	while (*t == ' ' || *t == '\t')
		t++;
	if (*t == '+' || *t == '-')
		t++;
	if (*t < '0' || *t > '9')
		return 0;
	while (*t >= '0' && *t <= '9')
		t++;
	return *t == '\0';
}

/*
 * An SBATCH_* value that some release takes: what this release's sbatch
 * does with it (jl_value_release(); jl_getopt() says it for #SBATCH lines
 * and the command line).
 */
static void
env_release(struct job_ctx *c, const struct jl_value *v)
{
	const char	*msg, *fix;
	enum jl_sev	 sev;
	int		 verdict;

	verdict = jl_value_release(c->a, JL_CMD_SBATCH, c->m->version,
	    c->m->version_assumed, v->opt, v->text, &sev, &msg, &fix);
	if (verdict == JL_VAL_OK || (c->fs->sbatch_took &&
	    verdict != JL_VAL_IGNORED))
		return;
	val_report(c, v, "invalid-value", sev, fix, msg);
}

/*
 * An --array of more distinct indices than the cluster's max_array_tasks.
 * slurmctld's _valid_array_inx() counts them when max_array_tasks is
 * below MaxArraySize; when it is not, that many indices cannot all be
 * below MaxArraySize, and the job is refused for that: either way
 * slurmctld refuses it.  An inexact count (value.h) says nothing.
 * Returns 0 when it reported.
 */
static int
array_tasks(struct job_ctx *c, const struct jl_value *v, const char *t,
    const struct jl_array *ar)
{
	int64_t	mt;

	if (c->arrays == NULL || (mt = c->arrays->max_tasks) == JL_UNSET ||
	    !ar->exact || ar->ntasks <= mt)
		return 1;
	val_report(c, v, "invalid-value", JL_SEV_ERROR, mt > 0 ?
	    jl_arena_printf(c->a, "split the work over arrays of at most "
	    "%lld tasks each, or give each task more of it", (long long)mt) :
	    "submit the tasks as separate jobs",
	    jl_arena_printf(c->a, "--array=%s makes %lld tasks, but this "
	    "cluster allows at most %lld in one array (SchedulerParameters "
	    "max_array_tasks=%lld): slurmctld rejects the job (Invalid job "
	    "array specification)", jl_quote(c->a, t, strlen(t), 60),
	    (long long)ar->ntasks, (long long)mt, (long long)mt));
	return 0;
}

/*
 * Check one occurrence against its grammar (value.h).  Returns 1 if valid.
 */
static int
job_check(struct job_ctx *c, struct jl_value *v)
{
	const struct jl_opt	*o = v->opt;
	const char		*err = NULL, *t = v->text, *semi, *why;
	const struct job_memo	*mm;
	struct jl_array		 ar;
	struct jl_signal	 sg;
	uint64_t		 mb;
	int64_t			 n1, n2, mas;
	int			 rc = 0, shared, nunk = 0, help = 0;

	if (o->arg == JL_ARG_NONE)
		return 1;
	if (t == NULL && o->arg == JL_ARG_REQUIRED)
		return 0;
	/* An optional value left out is the option's own form, which every
	 * arg_set_*() of slurm_opt.c takes (!arg): --oom-kill-step is 1,
	 * --resv-ports 0 (24.11). */
	if (t == NULL)
		return 1;
	switch (o->kind) {
	case JL_V_TIME:
		mm = job_read(c, MEMO_TIME, t);
		rc = mm->rc;
		err = mm->err;
		if (rc == 0 && mm->tm.negative) {
			val_report(c, v, "invalid-value", JL_SEV_ERROR,
			    "write a positive time: minutes, HH:MM:SS or "
			    "D-HH:MM:SS",
			    jl_arena_printf(c->a, "--%s=%s is negative; sbatch "
			    "accepts it but the job gets a nonsense time "
			    "limit", o->name, jl_quote(c->a, t, strlen(t), 40)));
			return 0;
		}
		break;
	case JL_V_MEM:
		rc = jl_val_mem(t, &mb, &err);
		break;
	case JL_V_INT:
		rc = jl_val_int(t, 0, &n1, &err);
		break;
	case JL_V_POSINT:
		rc = jl_val_int(t, 1, &n1, &err);
		break;
	case JL_V_NODES:
		rc = jl_val_nodes(t, &n1, &n2, &err);
		break;
	case JL_V_GRES:
		mm = job_read(c, MEMO_GRES, t);
		rc = mm->rc;
		err = mm->err;
		if (rc == 0 && mm->gl.help) {
			val_report(c, v, "invalid-value", JL_SEV_ERROR,
			    "remove it; run sbatch --gres=help on the command "
			    "line to see the list",
			    jl_arena_printf(c->a, "--gres=%s makes sbatch print "
			    "the GRES list and exit without submitting the job",
			    jl_quote(c->a, t, strlen(t), 20)));
			return 0;
		}
		break;
	case JL_V_GPUS:
		mm = job_read(c, MEMO_GPUS, t);
		rc = mm->rc;
		err = mm->err;
		break;
	case JL_V_ARRAY:
		/* sbatch sends the text as it is; slurmctld checks it
		 * (_valid_array_inx(), after job_submit) against the site's
		 * MaxArraySize (slurm-semantics.md 3.8). */
		if (jl_val_array(t, JL_MAX_ARRAY_SIZE_LIMIT, &ar, &err) != 0) {
			semi = err != NULL ? strstr(err, "; ") : NULL;
			val_report(c, v, "invalid-value", JL_SEV_ERROR,
			    semi != NULL ? semi + 2 : NULL,
			    jl_arena_printf(c->a, "invalid --array value "
			    "\"%s\": %s; slurmctld rejects the job (Invalid "
			    "job array specification)", jl_quote(c->a, t,
			    strlen(t), 60), semi == NULL ? err :
			    jl_arena_strndup(c->a, err, (size_t)(semi -
			    err))));
			return 0;
		}
		if (c->arrays != NULL && c->arrays->max_size != JL_UNSET) {
			/* The site's MaxArraySize is known: exact. */
			mas = c->arrays->max_size;
			/* MaxArraySize=0 refuses any non-empty text before
			 * reading it, ",," too. */
			if (ar.max_index < mas && (mas > 0 || *t == '\0')) {
				if (!array_tasks(c, v, t, &ar))
					return 0;
				rc = 0;
				break;
			}
			val_report(c, v, "invalid-value", JL_SEV_ERROR,
			    mas > 1 ? jl_arena_printf(c->a, "keep indices at "
			    "most %lld (split the work into several arrays, or "
			    "give each task more of it)", (long long)(mas - 1))
			    : "submit the tasks as separate jobs",
			    jl_arena_printf(c->a, "--array=%s goes up to index "
			    "%lld, but this cluster's MaxArraySize is %lld (%s): "
			    "slurmctld rejects the job (Invalid job array "
			    "specification)",
			    jl_quote(c->a, t, strlen(t), 60),
			    (long long)ar.max_index, (long long)mas, mas == 0 ?
			    "arrays are off" : mas == 1 ? "only index 0" :
			    jl_arena_printf(c->a, "indices 0 to %lld",
			    (long long)(mas - 1))));
			return 0;
		}
		if (!array_tasks(c, v, t, &ar))
			return 0;
		if (ar.max_index >= JL_MAX_ARRAY_SIZE_DEFAULT) {
			val_report(c, v, "invalid-value", JL_SEV_WARNING,
			    "keep indices at most 1000, or check this "
			    "cluster's limit: scontrol show config | grep "
			    "MaxArraySize",
			    jl_arena_printf(c->a, "--array=%s goes up to index "
			    "%lld: unless this cluster sets MaxArraySize above "
			    "it (Slurm's default is %d, so at most index %d), "
			    "slurmctld rejects the job (Invalid job array "
			    "specification)", jl_quote(c->a, t, strlen(t), 60),
			    (long long)ar.max_index,
			    JL_MAX_ARRAY_SIZE_DEFAULT,
			    JL_MAX_ARRAY_SIZE_DEFAULT - 1));
			return 1;
		}
		rc = 0;
		break;
	case JL_V_SIGNAL:
		rc = jl_val_signal(t, 1, &sg, &err);
		break;
	case JL_V_DEPENDENCY:
		rc = jl_val_dependency(t, &err);
		break;
	case JL_V_EXCLUSIVE:
		rc = jl_val_exclusive(t, &shared, &err);
		break;
	case JL_V_MAILTYPE:
		rc = jl_val_mailtype(t, &nunk, &err);
		break;
	case JL_V_OPENMODE:
		rc = jl_val_openmode(t, &err);
		break;
	case JL_V_BEGIN:
		rc = jl_val_begin(t, &err);
		break;
	case JL_V_NICE:
		rc = jl_val_nice(t, &err);
		if (rc == 0 && t != NULL && !nice_numeric(t)) {
			/* strtoll(): sbatch 22.05 takes the leading number. */
			val_report(c, v, "invalid-value", JL_SEV_WARNING,
			    "write a number: --nice=N (N from 0 up lowers the "
			    "priority)",
			    jl_arena_printf(c->a, "--nice=%s is not a number: "
			    "sbatch accepts it but reads only its leading "
			    "digits, so the job gets nice %lld",
			    jl_quote(c->a, t, strlen(t), 40),
			    strtoll(t, NULL, 10)));
			return 1;
		}
		break;
	case JL_V_DIST:
		rc = jl_val_distribution(t, &err);
		break;
	case JL_V_GRESFLAGS:
		rc = jl_val_gres_flags(t, &err);
		break;
	case JL_V_PROFILE:
		rc = jl_val_profile(t, &err);
		break;
	case JL_V_MEMBIND:
		rc = jl_val_mem_bind(t, &help, &err);
		if (rc == 0 && help) {
			val_report(c, v, "invalid-value", JL_SEV_ERROR,
			    "remove \"help\"; run sbatch --mem-bind=help on "
			    "the command line to see the options",
			    "--mem-bind=help makes sbatch print the memory "
			    "binding options and exit without submitting the "
			    "job");
			return 0;
		}
		break;
	case JL_V_PROPAGATE:
		rc = jl_val_propagate(t, &err);
		break;
	case JL_V_YESNO:
		rc = jl_val_yesno(t, &err);
		break;
	case JL_V_ZEROONE:
		rc = jl_val_zeroone(t, &err);
		break;
	case JL_V_REQUEUE:
		rc = jl_val_requeue(t, &err);
		break;
	default:
		return 1;
	}
	if (rc == 0 && v->origin == JL_ORIG_ENV)
		env_release(c, v);
	if (rc == 0)
		return 1;
	/* err is "what is wrong; how to write it". */
	semi = err != NULL ? strstr(err, "; ") : NULL;
	why = err == NULL ? "not a valid value" : semi == NULL ? err :
	    jl_arena_strndup(c->a, err, (size_t)(semi - err));
	/* sbatch sends --dependency as it is: slurmctld reads it
	 * (update_job_dependency(), slurm-semantics.md 3.11). */
	val_report(c, v, "invalid-value", JL_SEV_ERROR,
	    semi != NULL ? semi + 2 : NULL,
	    jl_arena_printf(c->a, "invalid --%s value \"%s\": %s; %s",
	    o->name, t != NULL ? jl_quote(c->a, t, strlen(t), 60) : "", why,
	    o->kind == JL_V_DEPENDENCY ? "slurmctld rejects the job (Job "
	    "dependency problem)" : "sbatch rejects the script"));
	return 0;
}

static struct jl_value *
val_new(struct job_ctx *c, const struct jl_opt *o, const char *text,
    const char *written, enum jl_origin_kind origin)
{
	struct jl_value	*v;

	if ((v = jl_arena_alloc(c->a, sizeof(*v))) == NULL)
		return NULL;
	v->opt = o;
	v->text = text;
	v->written = written;
	v->origin = origin;
	v->seq = ++c->seq;
	return v;
}

static void
job_set(struct job_ctx *c, struct jl_job *job, struct jl_value *v)
{
	v->valid = job_check(c, v);
	if ((unsigned)v->opt->id < JL_O__COUNT)
		job->v[v->opt->id] = v;
}

static int
is_mem_id(enum jl_optid id)
{
	return id == JL_O_MEM || id == JL_O_MEM_PER_CPU ||
	    id == JL_O_MEM_PER_GPU;
}

/*
 * SBATCH_* variables (_opt_env()).  A flag option set through the
 * environment is on when the value is empty, "yes" or a non-zero number,
 * and off otherwise (slurm_process_option()).
 */
static int
env_flag_on(const char *val)
{
	char	*end;
	long	 n;

	if (*val == '\0' || strcasecmp(val, "yes") == 0)
		return 1;
	n = strtol(val, &end, 10);
	return *end == '\0' && n != 0;
}

static void
apply_optvals(struct job_ctx *c, struct jl_job *job, const struct jl_vec *ov,
    int component, enum jl_origin_kind origin, const int *skipmem)
{
	struct jl_optval	*o;
	struct jl_value		*v;
	size_t			 i;

	for (i = 0; i < ov->n; i++) {
		o = ov->items[i];
		if (o->component != component || o->early)
			continue;
		if (skipmem != NULL && is_mem_id(o->opt->id) &&
		    skipmem[o->opt->id])
			continue;
		if (o->opt->arg == JL_ARG_REQUIRED && o->value == NULL)
			continue;	/* missing argument, reported */
		if ((v = val_new(c, o->opt, o->value, o->written, origin)) ==
		    NULL)
			return;
		v->loc = o->loc;
		v->vloc = o->vloc;
		job_set(c, job, v);
	}
}

/* A later het component: component 0's command-line values, last. */
static void
cli_again(struct job_ctx *c, struct jl_job *job, const struct jl_job *first)
{
	struct jl_value	*v;
	size_t		 i;

	for (i = 0; i < JL_O__COUNT; i++) {
		if (first->v[i] == NULL || first->v[i]->origin != JL_ORIG_CLI)
			continue;
		if ((v = jl_arena_alloc(c->a, sizeof(*v))) == NULL)
			return;
		*v = *first->v[i];
		v->seq = ++c->seq;
		job->v[i] = v;
	}
}

/*
 * _validate_memory_options(): directives and the command line form one
 * class, the environment the other.  Two memory options in one class are
 * fatal; one in the first class discards the environment's others.  In
 * a later het component, a memory option of an earlier one is still set
 * (no reset_each_pass, §1.6; job holds what carried over): "--mem=1G" in
 * component 0 and "--mem-per-cpu" in component 1 is fatal (seen with
 * sbatch 22.05).
 */
static void
memory_rules(struct job_ctx *c, struct jl_job *job, int component,
    const struct jl_vec *envvals, int *skip_env_mem)
{
	struct jl_optval	*o;
	struct jl_value		*first = NULL;
	const char		*names[3], *carried = NULL;
	size_t			 i, k;
	int			 seen[JL_O__COUNT], by_env[JL_O__COUNT];
	int			 nclass = 0, nenv = 0;

	memset(by_env, 0, sizeof(by_env));

	memset(seen, 0, sizeof(seen));
	/* An SBATCH_MEM_* variable sets its option again after the script:
	 * it is then the environment's (set_by_env), unless the command
	 * line sets it once more (seen with sbatch 22.05: --mem and
	 * --mem-per-cpu in the script with SBATCH_MEM_PER_CPU set is
	 * accepted, with --mem). */
	for (i = 0; i < envvals->n; i++) {
		o = envvals->items[i];
		if (is_mem_id(o->opt->id))
			by_env[o->opt->id] = 1;
	}
	for (i = 0; (component == 0 || c->cli_all) &&
	    i < c->m->cli_opts.n; i++) {
		o = c->m->cli_opts.items[i];
		if (is_mem_id(o->opt->id))
			by_env[o->opt->id] = 0;
	}
	for (i = 0; component > 0 && i < JL_O__COUNT; i++)
		if (is_mem_id((enum jl_optid)i) && job->v[i] != NULL &&
		    job->v[i]->origin != JL_ORIG_ENV && !by_env[i]) {
			seen[i] = 1;
			carried = names[nclass < 3 ? nclass : 2] =
			    job->v[i]->opt->name;
			nclass++;
		}
	/* The component sets that option again itself: not carried. */
	for (i = 0; carried != NULL && i < c->m->script.opts.n; i++) {
		o = c->m->script.opts.items[i];
		if (o->component == component && is_mem_id(o->opt->id) &&
		    strcmp(o->opt->name, carried) == 0)
			carried = NULL;
	}
	for (k = 0; k < 3; k++) {
		const struct jl_vec *vec = k == 0 ? &c->m->script.opts :
		    k == 1 ? &c->m->pbs_opts : &c->m->cli_opts;

		/* later components: #PBS lines are translated again for
		 * each, and the command line is read again for each
		 * (cli_again()) unless a ":" moves it on */
		if (component > 0 && k == 2 && !c->cli_all)
			continue;
		for (i = 0; i < vec->n; i++) {
			o = vec->items[i];
			if ((k == 0 && o->component != component) ||
			    !is_mem_id(o->opt->id) || seen[o->opt->id] ||
			    by_env[o->opt->id])
				continue;
			seen[o->opt->id] = 1;
			names[nclass < 3 ? nclass : 2] = o->opt->name;
			nclass++;
			if (first == NULL && k == 0) {
				first = val_new(c, o->opt, o->value, o->written,
				    JL_ORIG_DIRECTIVE);
				if (first != NULL) {
					first->loc = o->loc;
					first->vloc = o->vloc;
				}
			}
		}
	}
	if (nclass >= 2) {
		struct jl_value cli = { 0 };

		if (first == NULL) {
			cli.origin = JL_ORIG_CLI;
			first = &cli;
		}
		val_report(c, first, "conflicting-options", JL_SEV_ERROR,
		    carried != NULL ? "use --mem in every het component, or "
		    "--mem-per-cpu or --mem-per-gpu in the earlier one too "
		    "(those are reset for each component)" :
		    "keep one of them: --mem (per node), "
		    "--mem-per-cpu or --mem-per-gpu",
		    jl_arena_printf(c->a, "--%s and --%s are both given%s%s%s; "
		    "--mem, --mem-per-cpu and --mem-per-gpu are mutually "
		    "exclusive and sbatch rejects the job", names[0],
		    names[1], carried != NULL ? " (--" : "", carried != NULL ?
		    carried : "", carried != NULL ? " of an earlier het "
		    "component: sbatch keeps it for the later ones)" : ""));
	}
	for (i = 0; i < envvals->n; i++) {
		o = envvals->items[i];
		if (!is_mem_id(o->opt->id))
			continue;
		if (nclass >= 1 && !seen[o->opt->id])
			skip_env_mem[o->opt->id] = 1;	/* discarded */
		else
			nenv++;
	}
	if (nclass == 0 && nenv >= 2)
		jl_report_at(c->a, c->fs, "conflicting-options", JL_SEV_ERROR,
		    "environment", "unset all but one of SBATCH_MEM_PER_NODE, "
		    "SBATCH_MEM_PER_CPU and SBATCH_MEM_PER_GPU",
		    "two SBATCH_MEM_* variables are set; sbatch rejects the "
		    "job because the memory options are mutually exclusive");
}

/* The option that shares a field with id, or JL_O__COUNT. */
static enum jl_optid
twin(enum jl_optid id)
{
	return id == JL_O_REQUEUE ? JL_O_NO_REQUEUE :
	    id == JL_O_NO_REQUEUE ? JL_O_REQUEUE : JL_O__COUNT;
}

/*
 * Is the variable ov the second of two that set one field, so the one
 * sbatch applies last?  The option table says, in sbatch's order: a row's
 * variables after its first (SLURM_CLUSTERS, SBATCH_HINT), unless they
 * set parts of the value (JL_OF_ENV_PARTS), and the variables of the
 * later of two rows that share a field (SBATCH_REQUEUE).
 */
static int
env_second(const struct jl_optval *ov)
{
	const struct jl_opt	*o = ov->opt, *t;
	enum jl_optid		 pair = twin(o->id);

	if (!(o->flags & JL_OF_ENV_PARTS) &&
	    jl_opt_env_index(o->env, ov->written) > 0)
		return 1;
	return pair != JL_O__COUNT &&
	    (t = jl_opt_by_id(JL_CMD_SBATCH, pair)) != NULL &&
	    t->env != NULL && t < o;
}

/* Where ov's variable stands in the option table: its row, then its
 * place in the row's list. */
static size_t
env_rank(const struct jl_optval *ov)
{
	return (size_t)(ov->opt - jl_opt_table) * 8 +
	    (size_t)jl_opt_env_index(ov->opt->env, ov->written);
}

/*
 * _opt_env() reads the variables in the order of its table (env_vars[] of
 * src/sbatch/opt.c, the same in 22.05, 24.11 and 26.05), not of the
 * environment; it matters where two set one field, and there the second
 * of the table wins (seen by tests/slurm-diff/reader.py).  Those second
 * ones (env_second()) go last, in the table's order.
 */
static void
env_order(struct jl_vec *out)
{
	struct jl_optval	*o;
	size_t			 i, j, tail = out->n;

	for (i = 0; i < tail; ) {
		o = out->items[i];
		if (!env_second(o)) {
			i++;
			continue;
		}
		for (j = i; j + 1 < out->n; j++)
			out->items[j] = out->items[j + 1];
		out->items[out->n - 1] = o;
		tail--;
	}
	for (i = tail + 1; i < out->n; i++) {
		o = out->items[i];
		for (j = i; j > tail && env_rank(out->items[j - 1]) >
		    env_rank(o); j--)
			out->items[j] = out->items[j - 1];
		out->items[j] = o;
	}
}

static void
env_collect(struct job_ctx *c, const struct jl_input *in, struct jl_vec *out)
{
	const struct jl_opt	*o;
	struct jl_optval	*ov;
	const char		*e, *eq;
	char			*name;
	size_t			 i;

	if (in->env == NULL)
		return;
	for (i = 0; in->env[i] != NULL; i++) {
		e = in->env[i];
		if ((eq = strchr(e, '=')) == NULL)
			continue;
		if (strncmp(e, "SBATCH_", 7) != 0 &&
		    strncmp(e, "SLURM_HINT=", 11) != 0 &&
		    strncmp(e, "SLURM_CLUSTERS=", 15) != 0)
			continue;
		name = jl_arena_strndup(c->a, e, (size_t)(eq - e));
		if (name == NULL)
			return;
		if ((o = jl_opt_by_env(in->version, name)) == NULL)
			continue;
		if ((ov = jl_arena_alloc(c->a, sizeof(*ov))) == NULL)
			return;
		/* A flag set off is reset, and what the script set with it
		 * goes (slurm_process_option() calls its reset_func). */
		ov->unset = o->arg == JL_ARG_NONE && !env_flag_on(eq + 1);
		ov->raw = eq + 1;
		ov->opt = o;
		ov->written = name;
		ov->value = o->arg == JL_ARG_NONE ? NULL :
		    (o->arg == JL_ARG_OPTIONAL && eq[1] == '\0') ? NULL : eq + 1;
		jl_vec_push(c->a, out, ov);
	}
	env_order(out);
}

/* An SBATCH_* variable (o) takes option id's value away (now: what the
 * job got instead, or NULL); a script's value is kept on record. */
static void
env_clear(struct job_ctx *c, struct jl_job *job, enum jl_optid id,
    const struct jl_optval *o, const struct jl_value *now)
{
	struct jl_env_clear	*e;
	const struct jl_value	*was = job->v[id];

	job->v[id] = NULL;
	if (was == NULL || was->origin == JL_ORIG_ENV ||
	    (e = jl_arena_alloc(c->a, sizeof(*e))) == NULL)
		return;
	e->was = was;
	e->env = o->written;
	e->value = o->raw != NULL ? o->raw : "";
	e->now = now;
	jl_vec_push(c->a, &job->env_cleared, e);
}

static void
apply_env(struct job_ctx *c, struct jl_job *job, const struct jl_vec *envvals,
    const int *skipmem)
{
	struct jl_optval	*o;
	struct jl_value		*v;
	enum jl_optid		 pair;
	size_t			 i;

	for (i = 0; i < envvals->n; i++) {
		o = envvals->items[i];
		pair = twin(o->opt->id);
		if (o->unset) {
			/* --requeue and --no-requeue share one field, and
			 * so one reset (arg_reset_requeue()) */
			env_clear(c, job, o->opt->id, o, NULL);
			if (pair != JL_O__COUNT)
				env_clear(c, job, pair, o, NULL);
			continue;
		}
		if (is_mem_id(o->opt->id) && skipmem[o->opt->id]) {
			/* slurm_option_reset(): what the script set with
			 * it goes too */
			env_clear(c, job, o->opt->id, o, NULL);
			continue;
		}
		if ((v = val_new(c, o->opt, o->value, o->written,
		    JL_ORIG_ENV)) == NULL)
			return;
		v->env = o->written;
		job_set(c, job, v);
		/* SBATCH_REQUEUE over #SBATCH --no-requeue: one field */
		if (pair != JL_O__COUNT)
			env_clear(c, job, pair, o, v);
	}
}

/* The elements of a --gres (gres) or GPU option's list; NULL when the
 * value is absent or unreadable. */
static const struct jl_gres_list *
gpu_list(struct job_ctx *c, const struct jl_value *v, int gres)
{
	const struct job_memo	*mm;

	if (v == NULL || v->text == NULL || !v->valid)
		return NULL;
	mm = job_read(c, gres ? MEMO_GRES : MEMO_GPUS, v->text);
	return mm->rc != 0 ? NULL : &mm->gl;
}

/* Sum of the GPU elements of a list (-1: unreadable), their number in
 * *n; sets *type from the first typed one. */
static int64_t
gpu_sum_n(struct job_ctx *c, const struct jl_value *v, int gres,
    const char **type, size_t *n)
{
	const struct jl_gres_list *gl;
	int64_t			 sum = 0;
	size_t			 i;

	*n = 0;
	if ((gl = gpu_list(c, v, gres)) == NULL)
		return -1;
	for (i = 0; i < gl->n; i++) {
		if (strcmp(gl->items[i].name, "gpu") != 0)
			continue;
		if (sum >= 0)
			sum = jl_count_add(sum, gl->items[i].count);
		++*n;
		if (*type == NULL && gl->items[i].type != NULL)
			*type = gl->items[i].type;
	}
	return sum;
}

static int64_t
gpu_sum(struct job_ctx *c, const struct jl_value *v, int gres,
    const char **type)
{
	size_t	n;

	return gpu_sum_n(c, v, gres, type, &n);
}

/*
 * The types the job's GPU elements name (count > 0, every GPU option):
 * job->gpu_types_several when more than one type, or a type and none;
 * job->gpu_typed_id and gpu_untyped_id, the options of the first typed
 * and the first untyped element when there are both (sbatch 22.05
 * refuses the job: "Invalid GRES specification (with and without type
 * identification)", _merge_generic_data() in gres.c, also within one
 * --gres), else 0.
 */
static void
gpu_types_read(struct job_ctx *c, struct jl_job *job)
{
	static const enum jl_optid ids[] = { JL_O_GPUS, JL_O_GRES,
	    JL_O_GPUS_PER_NODE, JL_O_GPUS_PER_TASK, JL_O_GPUS_PER_SOCKET };
	const struct jl_gres_list *gl;
	const char		*seen = NULL, *t;
	size_t			 i, k;
	int			 typed = 0, untyped = 0, other = 0;

	for (k = 0; k < JL_NITEMS(ids); k++) {
		if ((gl = gpu_list(c, job->v[ids[k]], ids[k] == JL_O_GRES)) ==
		    NULL)
			continue;
		for (i = 0; i < gl->n; i++) {
			if (strcmp(gl->items[i].name, "gpu") != 0 ||
			    gl->items[i].count <= 0)
				continue;
			if ((t = gl->items[i].type) == NULL) {
				if (!untyped)
					untyped = (int)ids[k];
				continue;
			}
			if (seen != NULL && strcasecmp(seen, t) != 0)
				other = 1;
			seen = t;
			if (!typed)
				typed = (int)ids[k];
		}
	}
	job->gpu_types_several = other || (typed && untyped);
	job->gpu_typed_id = typed && untyped ? typed : 0;
	job->gpu_untyped_id = typed && untyped ? untyped : 0;
}

/*
 * The one GPU element of a list: its count (> 0) and *type (NULL if
 * untyped); -1 when the list is unreadable or has no GPU element of
 * count > 0 or more than one (then the GRES records cannot be told).
 */
static int64_t
gpu_one(struct job_ctx *c, const struct jl_value *v, int gres,
    const char **type)
{
	int64_t	sum;
	size_t	n;

	*type = NULL;
	sum = gpu_sum_n(c, v, gres, type, &n);
	return n == 1 && sum > 0 ? sum : -1;
}

/* Two GPU elements' types name one GRES record: both untyped, or the
 * same type (gres_find_job_by_key()). */
static int
gpu_same_type(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

static int
later(const struct jl_value *a, const struct jl_value *b)
{
	if (a == NULL)
		return 0;
	return b == NULL || a->seq > b->seq;
}

/* A valid time value, read (job_read): 1 and *t, else 0. */
static int
job_time(struct job_ctx *c, const struct jl_value *v, struct jl_time *t)
{
	const struct job_memo	*mm;

	if (v == NULL || !v->valid)
		return 0;
	if ((mm = job_read(c, MEMO_TIME, v->text))->rc != 0)
		return 0;
	*t = mm->tm;
	return 1;
}

/* job->gres_task_bad (job_gres_tasks()). */
static void
gres_task_bad(struct job_ctx *c, struct jl_job *job)
{
	static const enum jl_optid other[] = { JL_O_GPUS, JL_O_GRES,
	    JL_O_GPUS_PER_NODE };
	struct jl_value	**v = job->v;
	const char	*tt, *t;
	int64_t		 pt, n;
	size_t		 k;

	if (job->gpu_typed_id ||
	    (pt = gpu_one(c, v[JL_O_GPUS_PER_TASK], 0, &tt)) <= 0)
		return;
	/* --gres=gpu and --gpus-per-node of one record: the later one
	 * counts (_get_next_job_gres()); not worth telling apart. */
	if (gpu_one(c, v[JL_O_GRES], 1, &t) > 0 &&
	    gpu_one(c, v[JL_O_GPUS_PER_NODE], 0, &t) > 0)
		return;
	for (k = 0; k < JL_NITEMS(other); k++) {
		n = gpu_one(c, v[other[k]], other[k] == JL_O_GRES, &t);
		if (n <= 0 || !gpu_same_type(t, tt))
			continue;
		if (n < pt || n % pt != 0) {
			job->gres_task_bad = (int)other[k];
			return;
		}
		if (other[k] != JL_O_GPUS) {
			job->gres_tpn = n / pt;
			job->gres_tpn_id = (int)other[k];
		}
	}
}

/*
 * --gpus with a per-node count of the same GRES record (one GPU element
 * each, both untyped or the same type; not both --gres=gpu and
 * --gpus-per-node): _test_gres_cnt() sets min and max nodes to their
 * quotient, and refuses the job when -N's range does not hold it ("Based
 * on --gpu and --gres=gpu/--gpus-per-node required nodes (2) doesn't fall
 * between min_nodes (1) and max_nodes", sbatch --test-only 22.05; the
 * same code in 24.11 and 26.05).
 */
static void
gres_nodes_read(struct job_ctx *c, struct jl_job *job)
{
	struct jl_value	**v = job->v;
	const char	*tj, *tn, *t;
	int64_t		 nj, nn;
	int		 id = JL_O_GPUS_PER_NODE;

	job->gres_nodes = -1;
	job->gres_nodes_id = 0;
	if (job->gpu_typed_id ||
	    (nj = gpu_one(c, v[JL_O_GPUS], 0, &tj)) <= 0)
		return;
	if ((nn = gpu_one(c, v[JL_O_GPUS_PER_NODE], 0, &tn)) <= 0) {
		nn = gpu_one(c, v[JL_O_GRES], 1, &tn);
		id = JL_O_GRES;
	} else if (gpu_one(c, v[JL_O_GRES], 1, &t) > 0)
		return;		/* the later one counts: not told apart */
	if (nn <= 0 || !gpu_same_type(tj, tn) || nj % nn != 0)
		return;
	job->gres_nodes = nj / nn;
	job->gres_nodes_id = id;
}

/*
 * The task count sbatch sends when -n is not given: gres_job_state_validate(),
 * which slurm_opt_create_job_desc() runs in sbatch (22.05 to 26.05, unless
 * --clusters), writes job_desc->num_tasks:
 *   --gpus-per-task or --ntasks-per-gpu with -N n (min = max) sets it to
 *   n * --ntasks-per-gpu, else n * --ntasks-per-node, else (no -c) to n;
 *   --ntasks-per-gpu with GPUs sets it to GPUs * --ntasks-per-gpu, even
 *   over -n;
 *   _test_gres_cnt(): --gpus with --gpus-per-task of the same GRES record
 *   (the same type, or both untyped) sets it to their quotient.
 * _test_gres_cnt() also fails (sbatch: "Invalid generic resource (gres)
 * specification") when, in one record, --gpus or the per-node count
 * (--gres=gpu, --gpus-per-node) is below --gpus-per-task ("Failed to
 * ensure --gpus >= ...") or not a multiple of it ("... not multiple of
 * --gpus-per-task"): gres_task_bad (seen with sbatch --test-only 22.05;
 * the same code in 24.11 and 26.05).
 * -N from SBATCH_NNODES sets none (seen with sbatch --test-only 22.05,
 * conflicting-options).  Totals jlint cannot read leave it alone.
 */
static void
job_gres_tasks(struct job_ctx *c, struct jl_job *job)
{
	struct jl_value	**v = job->v;
	const char	*tj = NULL, *tt = NULL;
	int64_t		 npg, gpus;
	int		 sct;

	job->gres_tasks = -1;
	job->gres_task_bad = 0;
	job->gres_tpn = -1;
	job->gres_tpn_id = 0;
	if (job->gpus_per_task > 0 &&
	    gpu_sum(c, v[JL_O_GPUS_PER_TASK], 0, &tt) > 0) {
		(void)gpu_sum(c, v[JL_O_GPUS], 0, &tj);
		if (!job->gpu_typed_id && job->gpus_per_job > 0 &&
		    gpu_same_type(tj, tt) &&
		    job->gpus_per_job % job->gpus_per_task == 0)
			job->gres_tasks = job->gpus_per_job /
			    job->gpus_per_task;
		gres_task_bad(c, job);
	}
	npg = jl_value_num(v[JL_O_NTASKS_PER_GPU], 1, -1);
	/* --ntasks-per-gpu without a GPU option: sbatch derives an untyped
	 * per-job request of -n / K (-N x K / K for a fixed -N from the
	 * script or command line), none when it is 0 (seen with sbatch
	 * --test-only 22.05, tests/slurm-diff); not with the options sbatch
	 * refuses next to it.  Without -n, a fixed -N with sockets, cores or
	 * threads given (-B, --sockets-per-node, --cores-per-socket,
	 * --threads-per-core, --hint) makes sbatch send -N x S x C x T tasks
	 * (_opt_verify(), 22.05 to 26.05): jlint does not count those, so it
	 * sets no task count below, and knows only that -N >= K gives at
	 * least one GPU (JL_GPUS_SOME; each factor is at least 1), and
	 * nothing below K (JL_GPUS_MAYBE). */
	job->gpus_derived = -1;
	sct = v[JL_O_EXTRA_NODE_INFO] != NULL ||
	    v[JL_O_SOCKETS_PER_NODE] != NULL ||
	    v[JL_O_CORES_PER_SOCKET] != NULL ||
	    v[JL_O_THREADS_PER_CORE] != NULL || v[JL_O_HINT] != NULL;
	if (npg > 0 && !job->gpu_requested && v[JL_O_GPUS] == NULL &&
	    v[JL_O_GRES] == NULL && v[JL_O_GPUS_PER_NODE] == NULL &&
	    v[JL_O_GPUS_PER_TASK] == NULL && v[JL_O_GPUS_PER_SOCKET] == NULL &&
	    v[JL_O_NTASKS_PER_NODE] == NULL) {
		int64_t	n = jl_value_num(v[JL_O_NTASKS], 1, -1);

		if (n <= 0 && v[JL_O_NODES] != NULL &&
		    v[JL_O_NODES]->origin != JL_ORIG_ENV &&
		    job->nodes_min > 0 && (job->nodes_max == job->nodes_min ||
		    job->nodes_max < 0)) {
			if (!sct)
				n = jl_count_mul(job->nodes_min, npg);
			else
				job->gpus_derived = job->nodes_min >= npg ?
				    JL_GPUS_SOME : JL_GPUS_MAYBE;
		} else if (n <= 0 && v[JL_O_NODES] == NULL &&
		    v[JL_O_EXTRA_NODE_INFO] != NULL)
			/* -B without -N: one node's S x C x T */
			job->gpus_derived = npg == 1 ? JL_GPUS_SOME :
			    JL_GPUS_MAYBE;
		if (n > 0)
			job->gpus_derived = n / npg;	/* 0: none */
	}
	if (job->ntasks < 0 && (job->gpus_per_task > 0 || npg > 0) && !sct &&
	    job->nodes_min > 0 && job->nodes_min == job->nodes_max &&
	    v[JL_O_NODES] != NULL && v[JL_O_NODES]->origin != JL_ORIG_ENV) {
		if (npg > 0)
			job->ntasks = jl_count_mul(job->nodes_min, npg);
		else if (job->ntasks_per_node > 0)
			job->ntasks = jl_count_mul(job->nodes_min,
			    job->ntasks_per_node);
		else if (v[JL_O_CPUS_PER_TASK] == NULL)
			job->ntasks = job->nodes_min;
	}
	if (npg > 0 && job->gpu_requested) {
		gpus = -1;
		if (job->gpus_per_job > 0 && job->gpus_per_node <= 0)
			gpus = job->gpus_per_job;
		else if (job->gpus_per_node > 0 && job->gpus_per_job <= 0)
			gpus = jl_count_mul(job->gpus_per_node,
			    job->nodes_min > 0 ? job->nodes_min : 1);
		if (gpus > 0)
			job->ntasks = jl_count_mul(gpus, npg);
		return;
	}
	/* One GRES record: the same type (gres_find_job_by_key()). */
	if (job->ntasks < 0 && job->gres_tasks > 0)
		job->ntasks = job->gres_tasks;
}

/* Derive the normalised fields from the effective values. */
static void
job_normalise(struct job_ctx *c, struct jl_job *job)
{
	struct jl_value	**v = job->v;
	const char	*err, *p, *q;
	int64_t		 g, nodes, maxn;

	job->time_set = job_time(c, v[JL_O_TIME], &job->time);
	job->time_min_set = job_time(c, v[JL_O_TIME_MIN], &job->time_min);

	job->mem_kind = JL_MEM_UNSET;
	if (v[JL_O_MEM] != NULL && v[JL_O_MEM]->valid &&
	    jl_val_mem(v[JL_O_MEM]->text, &job->mem_mb, &err) == 0)
		job->mem_kind = JL_MEM_PER_NODE;
	else if (v[JL_O_MEM_PER_CPU] != NULL && v[JL_O_MEM_PER_CPU]->valid &&
	    jl_val_mem(v[JL_O_MEM_PER_CPU]->text, &job->mem_mb, &err) == 0)
		job->mem_kind = JL_MEM_PER_CPU;
	else if (v[JL_O_MEM_PER_GPU] != NULL && v[JL_O_MEM_PER_GPU]->valid &&
	    jl_val_mem(v[JL_O_MEM_PER_GPU]->text, &job->mem_mb, &err) == 0)
		job->mem_kind = JL_MEM_PER_GPU;

	job->nodes_min = job->nodes_max = -1;
	if (v[JL_O_NODES] != NULL && v[JL_O_NODES]->valid &&
	    jl_val_nodes(v[JL_O_NODES]->text, &job->nodes_min,
	    &job->nodes_max, &err) != 0)
		job->nodes_min = job->nodes_max = -1;
	job->ntasks = jl_value_num(v[JL_O_NTASKS], 1, -1);
	job->cpus_per_task = jl_value_num(v[JL_O_CPUS_PER_TASK], 1, -1);
	job->ntasks_per_node = jl_value_num(v[JL_O_NTASKS_PER_NODE], 1, -1);
	/* _opt_verify(): --ntasks-per-node with a fixed node count.  22.05
	 * also without -N (min_nodes 1, max_nodes 0): sbatch --test-only
	 * 22.05 refuses --gpus=1 --gpus-per-task=1 --ntasks-per-node=2 for
	 * its 2 tasks.  23.02 dropped that code (sbatch/opt.c), so only with
	 * 22.05 given; not with a node list or file (their host count is
	 * min_nodes there, which jlint does not read), nor for a job_desc
	 * (sbatch sent the count; slurmctld derives none). */
	if (job->ntasks < 0 && job->ntasks_per_node > 0 &&
	    ((job->nodes_min > 0 && job->nodes_min == job->nodes_max) ||
	    (v[JL_O_NODES] == NULL && v[JL_O_NODELIST] == NULL &&
	    v[JL_O_NODEFILE] == NULL && !c->m->jobdesc &&
	    jl_release_given(c->m, 0, JL_SLURM_2302))))
		job->ntasks = jl_count_mul(job->nodes_min > 0 ?
		    job->nodes_min : 1, job->ntasks_per_node);

	job->gpu_type = NULL;
	job->gpus_per_job = gpu_sum(c, v[JL_O_GPUS], 0, &job->gpu_type);
	/* tres_per_node: --gpus-per-node first, then --gres; for the same GRES
	 * record the later one is used (_get_next_job_gres()).  A count of 0
	 * drops the element. */
	g = gpu_sum(c, v[JL_O_GRES], 1, &job->gpu_type);
	job->gpus_per_node = g > 0 ? g :
	    gpu_sum(c, v[JL_O_GPUS_PER_NODE], 0, &job->gpu_type);
	job->gpus_per_task = gpu_sum(c, v[JL_O_GPUS_PER_TASK], 0,
	    &job->gpu_type);
	job->gpus_per_socket = gpu_sum(c, v[JL_O_GPUS_PER_SOCKET], 0,
	    &job->gpu_type);
	gpu_types_read(c, job);
	job->gpu_requested = job->gpus_per_job > 0 || job->gpus_per_node > 0 ||
	    job->gpus_per_task > 0 || job->gpus_per_socket > 0;
	/* The task count sbatch sends, before the GPU totals read it. */
	job_gres_tasks(c, job);
	gres_nodes_read(c, job);
	nodes = job->nodes_min > 0 ? job->nodes_min : 1;
	/* sbatch: "can't run 1 processes on 2 nodes, setting nnodes to 1". */
	if (job->ntasks > 0 && job->ntasks < nodes)
		nodes = job->ntasks;
	/*
	 * GPUs per node: what the job must hold on one node, over the most
	 * nodes it may use: -N's maximum, and no more nodes than -n tasks
	 * (--gpus=4 -n 1 on 2-GPU nodes is refused, "Requested node
	 * configuration is not available", with or without -N).  Without
	 * either, Slurm spreads --gpus and --gpus-per-task over as many
	 * nodes as they need (--gpus=4 -n 4, or --gpus=4 alone, is two
	 * 2-GPU nodes): --gpus then says nothing of a node, --gpus-per-task
	 * one task's GPUs.  Seen with real slurmctld 22.05
	 * (tests/slurm-diff/diff.py check_real, partition "wide").
	 * slurmctld 24.11 takes --gpus=4 -n 1 without -N over two 2-GPU
	 * nodes (it pends for the second, the release matrix's
	 * tests/slurm-diff): there only -N's maximum bounds the nodes, and
	 * so for every release but 22.05 given (jlint knows no other's).
	 */
	maxn = job->nodes_max > 0 ? job->nodes_max : job->nodes_min;
	if (job->nodes_max == 0) {
		/* "-N 2-0": no maximum; -n below the minimum makes both -n
		 * (sbatch: "can't run 1 processes on 2 nodes") */
		int64_t	nt = jl_value_num(v[JL_O_NTASKS], 1, -1);

		maxn = nt > 0 && nt < job->nodes_min ? nt : -1;
	} else if (job->ntasks > 0 && ((maxn <= 0 &&
	    jl_release_given(c->m, 0, JL_SLURM_2302)) ||
	    (maxn > 0 && job->ntasks < maxn)))
		maxn = job->ntasks;
	job->gpus_total = job->gpus_node_est = -1;
	if (job->gpus_per_job > 0) {
		job->gpus_total = job->gpus_per_job;
		/* --gpus-per-node (or --gres=gpu) says it: --gpus takes
		 * that many nodes (job->gres_nodes). */
		if (job->gpus_per_node > 0)
			job->gpus_node_est = job->gpus_per_node;
		else if (maxn > 0)
			job->gpus_node_est = jl_ceil_div(job->gpus_per_job,
			    maxn);
	} else if (job->gpus_per_node > 0) {
		job->gpus_node_est = job->gpus_per_node;
		job->gpus_total = jl_count_mul(job->gpus_per_node, nodes);
	} else if (job->gpus_per_task > 0) {
		int64_t tasks = job->ntasks > 0 ? job->ntasks : 1;

		job->gpus_total = jl_count_mul(job->gpus_per_task, tasks);
		job->gpus_node_est = jl_count_mul(job->gpus_per_task,
		    job->ntasks_per_node > 0 ? job->ntasks_per_node :
		    maxn > 0 ? jl_ceil_div(tasks, maxn) : 1);
	} else if (job->gpus_derived > 0)
		job->gpus_total = job->gpus_derived;	/* spread: no node */
	else if (!job->gpu_requested && job->gpus_derived != JL_GPUS_SOME &&
	    job->gpus_derived != JL_GPUS_MAYBE)
		job->gpus_total = job->gpus_node_est = 0;

	job->requeue = -1;
	if (later(v[JL_O_REQUEUE], v[JL_O_NO_REQUEUE]))
		job->requeue = 1;
	else if (v[JL_O_NO_REQUEUE] != NULL)
		job->requeue = 0;
	job->shared = -1;
	if (later(v[JL_O_EXCLUSIVE], v[JL_O_OVERSUBSCRIBE])) {
		if (!v[JL_O_EXCLUSIVE]->valid ||
		    jl_val_exclusive(v[JL_O_EXCLUSIVE]->text, &job->shared,
		    &err) != 0)
			job->shared = -1;
	} else if (v[JL_O_OVERSUBSCRIBE] != NULL)
		job->shared = 1;

	memset(&job->partitions, 0, sizeof(job->partitions));
	if (v[JL_O_PARTITION] != NULL && v[JL_O_PARTITION]->text != NULL) {
		p = v[JL_O_PARTITION]->text;
		for (;;) {
			q = strchr(p, ',');
			if (q == NULL)
				q = p + strlen(p);
			if (q > p)
				jl_vec_push(c->a, &job->partitions,
				    jl_arena_strndup(c->a, p, (size_t)(q - p)));
			if (*q == '\0')
				break;
			p = q + 1;
		}
	}
	job->array_set = v[JL_O_ARRAY] != NULL && v[JL_O_ARRAY]->valid &&
	    jl_val_array(v[JL_O_ARRAY]->text, JL_MAX_ARRAY_SIZE_LIMIT,
	    &job->array, &err) == 0;
	job->signal_set = v[JL_O_SIGNAL] != NULL && v[JL_O_SIGNAL]->valid &&
	    jl_val_signal(v[JL_O_SIGNAL]->text, 1, &job->signal, &err) == 0;
	memset(&job->out, 0, sizeof(job->out));
	memset(&job->err, 0, sizeof(job->err));
	if (v[JL_O_OUTPUT] != NULL && v[JL_O_OUTPUT]->text != NULL)
		jl_val_pattern(v[JL_O_OUTPUT]->text, &job->out);
	if (v[JL_O_ERROR] != NULL && v[JL_O_ERROR]->text != NULL)
		jl_val_pattern(v[JL_O_ERROR]->text, &job->err);
}

/*
 * jobdesc mode: two values of one option mean the same request (the
 * plugin writes times as HH:MM:SS and sizes in MB, users write "90" or
 * "4G").  Unknown kinds compare as text.  Exported as jl_value_same().
 */
static int
same_value(struct job_ctx *c, const struct jl_opt *o, const char *a,
    const char *b)
{
	const struct job_memo	*mm;
	struct jl_time		 ta;
	const char		*err;
	uint64_t		 ma, mb;
	int64_t			 a1, a2, b1, b2;

	if (a == NULL || b == NULL)
		return a == b;
	switch (o->kind) {
	case JL_V_TIME:
		/* Reading b may take a's entry: a's time copied first. */
		if ((mm = job_read(c, MEMO_TIME, a))->rc != 0)
			return 0;
		ta = mm->tm;
		mm = job_read(c, MEMO_TIME, b);
		return mm->rc == 0 && !ta.negative && !mm->tm.negative &&
		    ta.minutes == mm->tm.minutes;
	case JL_V_MEM:
		return jl_val_mem(a, &ma, &err) == 0 &&
		    jl_val_mem(b, &mb, &err) == 0 && ma == mb;
	case JL_V_INT:
	case JL_V_POSINT:
		return jl_val_int(a, 0, &a1, &err) == 0 &&
		    jl_val_int(b, 0, &b1, &err) == 0 && a1 == b1;
	case JL_V_NODES:
		return jl_val_nodes(a, &a1, &a2, &err) == 0 &&
		    jl_val_nodes(b, &b1, &b2, &err) == 0 && a1 == b1 &&
		    a2 == b2;
	default:
		return strcmp(a, b) == 0;
	}
}

/*
 * jobdesc mode: a request value that equals the script's own (last)
 * directive for that option came from that directive (sbatch applied it
 * and nothing overrode it), so findings point at its line and read as
 * the user wrote it (--time=2:00 stays M:S for time-mmss).  A value the
 * command line or SBATCH_* changed stays "job request".
 */
static void
jobdesc_attribute(struct job_ctx *c, struct jl_job *job)
{
	struct jl_optval	*o, *last;
	struct jl_value		*v, *nv;
	size_t			 i, k;

	for (k = 0; k < JL_O__COUNT; k++) {
		if ((v = job->v[k]) == NULL || v->origin != JL_ORIG_JOBDESC)
			continue;
		last = NULL;
		/* The job's component, or an earlier one for an option
		 * sbatch carries over (a het job, jl_input.het). */
		for (i = 0; i < c->m->script.opts.n; i++) {
			o = c->m->script.opts.items[i];
			if (!o->early && (size_t)o->opt->id == k &&
			    (o->component == job->component ||
			    (o->component < job->component &&
			    !(o->opt->flags & JL_OF_RESET))))
				last = o;
		}
		if (last == NULL || (last->opt->arg == JL_ARG_REQUIRED &&
		    last->value == NULL) ||
		    !same_value(c, v->opt, v->text, last->value))
			continue;
		if ((nv = val_new(c, last->opt, last->value, last->written,
		    JL_ORIG_DIRECTIVE)) == NULL)
			return;
		nv->loc = last->loc;
		nv->vloc = last->vloc;
		nv->seq = v->seq;
		job_set(c, job, nv);
	}
}

/*
 * #PBS/#BSUB: sbatch translates them after the #SBATCH pass, so they
 * override #SBATCH, unless --ignore-pbs (directive) or SBATCH_IGNORE_PBS.
 * One family only (jl_pbs_family()): the other family's lines are not
 * read at all.
 */
static void
pbs_report(struct job_ctx *c, int ignore)
{
	const struct jl_directive *d, *first = NULL;
	const char		*fam = jl_pbs_family(&c->m->script);
	size_t			 i, n = 0, other = 0;

	if (fam == NULL || ignore)
		return;
	for (i = 0; i < c->m->script.lines_dir.n; i++) {
		d = c->m->script.lines_dir.items[i];
		if (d->kind != JL_LINE_PBS)
			continue;
		if (strcmp(d->magic, fam) != 0) {
			other++;
			continue;
		}
		if (first == NULL)
			first = d;
		n++;
	}
	jl_report(c->a, c->fs, "pbs-directives", JL_SEV_WARNING,
	    &c->m->script.src, first->loc,
	    "translate them to #SBATCH and delete them, or add "
	    "\"#SBATCH --ignore-pbs\"",
	    "%zu %s line%s found: sbatch translates %s directives and lets "
	    "them override #SBATCH options%s", n, fam, n == 1 ? "" : "s", fam,
	    other > 0 ? jl_arena_printf(c->a, "; it does not read the %zu "
	    "#PBS line%s (it translates one family, #BSUB first)", other,
	    other == 1 ? "" : "s") : "");
}

/*
 * Here-document bodies and quoted strings that span lines (the body's
 * data), sorted by start offset, with the furthest end of any span up to
 * each index: "is offset x inside some span" is a binary
 * search, whatever the order and nesting the body reader produced them in.
 * O((late + heredocs) log heredocs) instead of a walk of every body for
 * every late line.
 */
struct hd_index {
	const struct jl_loc	**v;
	size_t			 *maxend;
	size_t			  n;
};

static int
loc_cmp(const void *x, const void *y)
{
	const struct jl_loc	*a = *(const struct jl_loc *const *)x;
	const struct jl_loc	*b = *(const struct jl_loc *const *)y;

	return a->off < b->off ? -1 : a->off > b->off;
}

static int
hd_index_build(struct jl_arena *a, const struct jl_model *m,
    struct hd_index *h)
{
	size_t	i, nh = m->body.heredocs.n, n = nh + m->body.strings.n, end;

	h->n = 0;
	if (n == 0 || (h->v = jl_arena_alloc(a, n * sizeof(*h->v))) == NULL ||
	    (h->maxend = jl_arena_alloc(a, n * sizeof(*h->maxend))) == NULL)
		return -1;
	if (nh > 0)
		memcpy(h->v, m->body.heredocs.items, nh * sizeof(*h->v));
	if (n > nh)
		memcpy(h->v + nh, m->body.strings.items,
		    (n - nh) * sizeof(*h->v));
	for (i = 1; i < n && h->v[i - 1]->off <= h->v[i]->off; i++)
		;
	if (i < n)
		qsort(h->v, n, sizeof(*h->v), loc_cmp);
	for (i = 0; i < n; i++) {
		end = h->v[i]->off + h->v[i]->len;
		h->maxend[i] = i > 0 && h->maxend[i - 1] > end ?
		    h->maxend[i - 1] : end;
	}
	h->n = n;
	return 0;
}

static int
in_heredoc(const struct hd_index *h, size_t off)
{
	size_t	lo = 0, hi = h->n, mid;

	/* The number of bodies that start at or before off. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (h->v[mid]->off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && off < h->maxend[lo - 1];
}

/*
 * "#SBATCH" lines inside a here-document or a quoted string after the
 * first command are data (a wrapper writing another job script), not
 * late directives: the body reader knows both, so the lines are marked
 * before any late-directive finding is made (jl_script_report_late()).
 */
static void
late_lines(struct jl_arena *a, struct jl_model *m)
{
	struct jl_directive	*d;
	struct hd_index		 h;
	size_t			 i;

	for (i = 0; i < m->script.lines_dir.n; i++)
		if (((struct jl_directive *)m->script.lines_dir.items[i])->
		    kind == JL_LINE_LATE)
			break;
	/* No late line (most scripts): no index to build (bench/). */
	if (i < m->script.lines_dir.n && hd_index_build(a, m, &h) == 0)
		for (i = 0; i < m->script.lines_dir.n; i++) {
			d = m->script.lines_dir.items[i];
			if (d->kind == JL_LINE_LATE && in_heredoc(&h,
			    d->loc.off))
				d->kind = JL_LINE_BODY;
		}
	jl_script_report_late(a, &m->script, &m->findings);
}

/*
 * jl_input.het: the requests of components 0..n-1, separated by ":"
 * words, each read as its component's options; component n-1 is judged,
 * so what the reader says of the earlier ones (their calls said it) is
 * not kept.
 */
static int
het_argv(struct jl_arena *a, const struct jl_input *in, struct jl_model *m)
{
	struct jl_findings	 scratch;
	struct jl_argv		 av;
	size_t			 i, start, n = 0;

	for (i = 0; in->argv != NULL && i < in->argc; i++)
		if (strcmp(in->argv[i], ":") == 0)
			n++;
	m->het_index = (int)n;
	for (i = start = 0, n = 0; in->argv != NULL && i <= in->argc; i++) {
		if (i < in->argc && strcmp(in->argv[i], ":") != 0)
			continue;
		if (i > start) {
			memset(&scratch, 0, sizeof(scratch));
			av.words = (const char **)in->argv + start;
			av.locs = NULL;
			av.glued = NULL;
			av.n = i - start;
			jl_getopt(a, NULL, JL_CMD_SBATCH, m->version, &av, 0,
			    (int)n, &m->cli_opts, NULL, (int)n ==
			    m->het_index ? &m->findings : &scratch);
		}
		start = i + 1;
		n++;
	}
	return a->failed ? -1 : 0;
}

static void	body_env(struct jl_arena *, const struct jl_input *,
		    const struct jl_model *, struct jl_body_env *);

int
jl_model_build(struct jl_arena *a, const struct jl_input *in,
    struct jl_model *m)
{
	struct job_ctx		 c;
	struct jl_job		*job, *prev = NULL;
	struct jl_vec		 envvals;
	struct jl_argv		 av;
	struct jl_body_env	 benv;
	int			 skipmem[JL_O__COUNT];
	int			 k, ignore_pbs;
	size_t			 i;

	memset(m, 0, sizeof(*m));
	memset(&envvals, 0, sizeof(envvals));
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.m = m;
	c.fs = &m->findings;
	c.arrays = in->arrays;
	m->version = in->version ? in->version : JL_SLURM_DEFAULT;
	m->version_assumed = in->version == 0 || in->version_assumed;
	m->findings.release_assumed = m->version_assumed;
	m->findings.sbatch_took = in->jobdesc || in->sbatch_read;
	m->no_script = in->jobdesc && in->no_script;
	m->jobdesc = in->jobdesc;
	if (jl_script_read(a, &m->script, in->name, m->no_script ? "" :
	    in->data, m->no_script ? 0 : in->len, m->version,
	    &m->findings) != 0)
		return -1;
	/* No script at all is not an empty script: no empty-script. */
	if (m->no_script)
		m->findings.v.n = 0;
	m->het = in->jobdesc && in->het;
	if (m->het) {
		if (het_argv(a, in, m) != 0)
			return -1;
	} else if (in->argv != NULL && in->argc > 0) {
		av.words = (const char **)in->argv;
		av.locs = NULL;
		av.glued = NULL;
		av.n = in->argc;
		jl_getopt(a, NULL, JL_CMD_SBATCH, m->version, &av, 0, 0,
		    &m->cli_opts, NULL, &m->findings);
	}
	m->assume_body = m->no_script || m->het_index > 0;
	c.cli_all = 1;
	for (i = 0; !m->het && in->argv != NULL && i < in->argc; i++)
		if (strcmp(in->argv[i], ":") == 0)
			c.cli_all = 0;
	if (!in->jobdesc)
		env_collect(&c, in, &envvals);
	ignore_pbs = m->script.ignore_pbs;
	for (i = 0; i < envvals.n; i++)
		if (((struct jl_optval *)envvals.items[i])->opt->id ==
		    JL_O_IGNORE_PBS &&
		    !((struct jl_optval *)envvals.items[i])->unset)
			ignore_pbs = 1;
	pbs_report(&c, ignore_pbs);
	if (m->script.has_pbs && !ignore_pbs)
		jl_pbs_translate(a, &m->script, &m->pbs_opts, &m->findings);

	for (k = 0; k < (m->het ? m->het_index + 1 : m->script.ncomponents);
	    k++) {
		if ((job = jl_arena_alloc(a, sizeof(*job))) == NULL)
			return -1;
		job->component = k;
		/* Options without reset_each_pass carry over (§1.6); a het
		 * component's request already has them. */
		if (prev != NULL && !m->het)
			for (i = 0; i < JL_O__COUNT; i++)
				if (prev->v[i] != NULL &&
				    !(prev->v[i]->opt->flags & JL_OF_RESET))
					job->v[i] = prev->v[i];
		memset(skipmem, 0, sizeof(skipmem));
		if (!in->jobdesc)
			memory_rules(&c, job, k, &envvals, skipmem);
		if (in->jobdesc) {
			/* The request as slurmctld sees it: nothing else. */
			if (k == 0 || m->het) {
				apply_optvals(&c, job, &m->cli_opts, k,
				    JL_ORIG_JOBDESC, NULL);
				jobdesc_attribute(&c, job);
			}
			job_normalise(&c, job);
			if (jl_vec_push(a, &m->jobs, job) != 0)
				return -1;
			prev = job;
			continue;
		}
		apply_optvals(&c, job, &m->script.opts, k, JL_ORIG_DIRECTIVE,
		    NULL);
		/* xlate_batch_script() runs in every component's pass
		 * (process_options_second_pass()): #PBS lines are each
		 * component's (seen by tests/slurm-diff/reader.py) */
		apply_optvals(&c, job, &m->pbs_opts, 0, JL_ORIG_PBS, NULL);
		apply_env(&c, job, &envvals, skipmem);
		/* sbatch reads its command line again for every component
		 * (process_options_second_pass(); only a ":" moves it on):
		 * without a ":" it applies to each, like the environment
		 * (seen with sbatch --test-only 22.05: --gpus=1 on the
		 * command line and --mem-per-gpu in component 1).  Its
		 * values, as component 0 has them: read (and reported) once. */
		if (k == 0)
			apply_optvals(&c, job, &m->cli_opts, 0, JL_ORIG_CLI,
			    NULL);
		else if (c.cli_all)
			cli_again(&c, job, m->jobs.items[0]);
		job_normalise(&c, job);
		if (jl_vec_push(a, &m->jobs, job) != 0)
			return -1;
		prev = job;
	}
	body_env(a, in, m, &benv);
	if (jl_body_read_env(a, &m->script.src, m->version, &benv,
	    &m->body) != 0)
		return -1;
	late_lines(a, m);
	/* The script's own findings are component 0's (jl_input.het). */
	if (m->het_index > 0) {
		for (i = k = 0; i < m->findings.v.n; i++)
			if (((struct jl_finding *)
			    m->findings.v.items[i])->src != &m->script.src)
				m->findings.v.items[k++] =
				    m->findings.v.items[i];
		m->findings.v.n = (size_t)k;
	}
	return a->failed ? -1 : 0;
}

/* Where the environment a batch job starts with comes from (messages). */
#define ENV_SUBMIT	"the environment the job was submitted with"
#define ENV_LOGIN	"your login environment (slurmd loads it for " \
			"--export=NONE or a list of variables: " \
			"SLURM_GET_USER_ENV)"

/*
 * sbatch's env_merge_filter() for --export=LIST (not ALL, NONE or NIL):
 * each comma-separated token (find_quote_token(): quotes around a whole
 * token go) is ALL (the whole environment), NAME=value, or NAME (its
 * value from the environment, if set).  Later entries win, as in the
 * body reader's start.
 */
static const char *const *
export_list(struct jl_arena *a, const char *list, const char *const *env)
{
	struct jl_vec	 out;
	const char	*t, *end;
	char		*tok;
	size_t		 i, n, len;
	int		 sq, dq;

	memset(&out, 0, sizeof(out));
	for (t = list; *t != '\0'; t = *end != '\0' ? end + 1 : end) {
		for (end = t, sq = dq = 0; *end != '\0'; end++) {
			if (*end == '\'')
				sq = !sq;
			else if (*end == '"')
				dq = !dq;
			else if (*end == ',' && !sq && !dq)
				break;
		}
		n = (size_t)(end - t);
		if (n >= 2 && (t[0] == '\'' || t[0] == '"') &&
		    t[n - 1] == t[0]) {
			t++;
			n -= 2;
		}
		if ((tok = jl_arena_strndup(a, t, n)) == NULL)
			return NULL;
		if (strcasecmp(tok, "ALL") == 0) {
			for (i = 0; env[i] != NULL; i++)
				jl_vec_push(a, &out, (void *)env[i]);
		} else if (strchr(tok, '=') != NULL) {
			jl_vec_push(a, &out, tok);
		} else {
			len = strlen(tok);
			for (i = 0; env[i] != NULL; i++)
				if (strncmp(env[i], tok, len) == 0 &&
				    env[i][len] == '=') {
					jl_vec_push(a, &out, (void *)env[i]);
					break;
				}
		}
	}
	jl_vec_push(a, &out, NULL);
	return a->failed ? NULL : (const char *const *)out.items;
}

/*
 * The variables of env the body reader looks at (APPTAINER_*,
 * SINGULARITY_*: bd_env_names[]), NULL-terminated, or NULL when there are
 * none (most jobs: the reader then has nothing to search); n: at most so
 * many (SIZE_MAX: up to the NULL); *login set when env has
 * SLURM_GET_USER_ENV=1.  One pass over a request's 50 or
 * more variables, inside slurmctld's lock (issue 15).
 */
static const char *const *
body_vars(struct jl_arena *a, const char *const *env, size_t n,
    const char **login)
{
	struct jl_vec	 out;
	const char	*v;
	size_t		 i;

	memset(&out, 0, sizeof(out));
	for (i = 0; i < n && (v = env[i]) != NULL; i++) {
		if (jl_body_env_var(v))
			jl_vec_push(a, &out, (void *)v);
		else if (v[0] == 'S' && strcmp(v, "SLURM_GET_USER_ENV=1") == 0)
			*login = ENV_LOGIN;
	}
	if (out.n == 0)
		return NULL;
	jl_vec_push(a, &out, NULL);
	return (const char *const *)out.items;
}

/*
 * SLURM_EXPORT_ENV as the job starts with it, when sbatch sets it: for an
 * --export other than ALL, sbatch puts it into its own environment unless
 * that has it (_opt_verify(): setenv(..., 0)), and the job gets it with
 * the other SLURM_* variables; srun then reads it as its --export.  env:
 * the submitter's (NULL: not known, taken as not holding it).
 */
static void
export_env(struct jl_arena *a, const struct jl_model *m,
    const struct jl_job *job, const char *const *env, struct jl_body_env *be)
{
	const struct jl_value	*v;
	unsigned		 line, col;
	size_t			 i;

	/* The submitter's own goes with the SLURM_* variables, whatever
	 * --export says. */
	for (i = 0; env != NULL && env[i] != NULL; i++)
		if (strncmp(env[i], "SLURM_EXPORT_ENV=", 17) == 0) {
			be->export_env = env[i] + 17;
			be->export_from = ENV_SUBMIT;
			return;
		}
	if (job == NULL || (v = job->v[JL_O_EXPORT]) == NULL ||
	    v->text == NULL || strcasecmp(v->text, "ALL") == 0)
		return;
	be->export_env = v->text;
	if (v->origin == JL_ORIG_DIRECTIVE) {
		jl_src_linecol(&m->script.src, v->loc.off, &line, &col);
		be->export_from = jl_arena_printf(a, "set by sbatch's "
		    "--export=%s on line %u", v->text, line);
	} else if (v->origin == JL_ORIG_CLI)
		be->export_from = jl_arena_printf(a, "set by sbatch's "
		    "--export=%s on its command line", v->text);
	else
		be->export_from = jl_arena_printf(a, "set by sbatch's "
		    "--export=%s%s", v->text, jl_value_from(a, v));
}

/*
 * The environment the script starts with, for the body reader (the GPU
 * flag's APPTAINER_NV and its kin, srun's SLURM_EXPORT_ENV): inside
 * slurmctld the request's own, which sbatch built
 * (_fill_job_desc_from_opts()); under jlint sbatch and the cli_filter
 * plugin the submitter's, as sbatch filters it by --export; a plain lint
 * knows none but what sbatch adds for --export.  For --export=NONE or a
 * list, slurmd loads the user's login environment under the request's
 * (SLURM_GET_USER_ENV=1; _get_user_env()), which jlint cannot see.
 * --export-file's variables are under the environment's likewise.
 */
static void
body_env(struct jl_arena *a, const struct jl_input *in,
    const struct jl_model *m, struct jl_body_env *be)
{
	const struct jl_job	*job = jl_model_job(m);
	const char *const	*l;
	const char		*x;

	memset(be, 0, sizeof(*be));
	if (!in->no_script && !in->jobdesc)
		export_env(a, m, job, in->env, be);
	if (in->env == NULL || in->no_script)
		return;
	be->from = ENV_SUBMIT;
	if (in->jobdesc) {
		be->env = body_vars(a, in->env, in->envc ? in->envc :
		    SIZE_MAX, &be->maybe);
		return;
	}
	if (job != NULL && job->v[JL_O_EXPORT_FILE] != NULL)
		be->maybe = "the --export-file environment";
	x = job != NULL && job->v[JL_O_EXPORT] != NULL ?
	    job->v[JL_O_EXPORT]->text : NULL;
	if (x == NULL || strcasecmp(x, "ALL") == 0)
		be->env = body_vars(a, in->env, SIZE_MAX, &be->maybe);
	else if (strcasecmp(x, "NONE") == 0)
		be->maybe = ENV_LOGIN;
	else if (strcasecmp(x, "NIL") == 0 && in->version >= JL_SLURM_2302)
		be->maybe = NULL;	/* nothing but SLURM_* */
	else if ((l = export_list(a, x, in->env)) != NULL) {
		be->env = body_vars(a, l, SIZE_MAX, &be->maybe);
		be->maybe = ENV_LOGIN;
	}
}

struct jl_job *
jl_model_job(const struct jl_model *m)
{
	return (size_t)m->het_index < m->jobs.n ?
	    m->jobs.items[m->het_index] : NULL;
}

const char *
jl_origin_name(enum jl_origin_kind k)
{
	switch (k) {
	case JL_ORIG_DIRECTIVE:
		return "directive";
	case JL_ORIG_PBS:
		return "pbs";
	case JL_ORIG_ENV:
		return "env";
	case JL_ORIG_CLI:
		return "command line";
	case JL_ORIG_JOBDESC:
		return "job request";
	default:
		return "unset";
	}
}

const char *
jl_value_from(struct jl_arena *a, const struct jl_value *v)
{
	(void)a;
	if (v == NULL)
		return "";
	switch (v->origin) {
	case JL_ORIG_ENV:
		return v->env != NULL ? jl_arena_printf(a, " (from %s)",
		    v->env) : " (from the environment)";
	case JL_ORIG_CLI:
		return " (from the sbatch command line)";
	case JL_ORIG_PBS:
		return " (from a #PBS/#BSUB line)";
	default:
		return "";
	}
}

const char *
jl_script_value(const struct jl_model *m, const struct jl_job *job,
    enum jl_optid id)
{
	const struct jl_optval	*ov;
	const char		*last = NULL;
	size_t			 i;

	for (i = 0; i < m->script.opts.n; i++) {
		ov = m->script.opts.items[i];
		if (ov->opt != NULL && ov->opt->id == id && !ov->early &&
		    ov->component == job->component)
			last = ov->value;
	}
	return last;
}

int
jl_value_same(const struct jl_opt *o, const char *a, const char *b)
{
	struct job_ctx	c;

	memset(&c, 0, sizeof(c));	/* times only: no arena */
	return same_value(&c, o, a, b);
}
