/*
 * check.c: reporting helpers for C checks, shared predicates, and the
 * table of registered builtin checks (one line per check, sorted by slug).
 */
#include <sys/stat.h>

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"

/* Sorted by slug: { slug, function, needs site facts }. */
const struct jl_builtin jl_builtins[] = {
	{ "array-output-clobber",
	    jl_check_array_output_clobber, 0 },
	{ "conflicting-options",
	    jl_check_conflicting_options, 0 },
	{ "containall-drops-slurm-env",
	    jl_check_containall_drops_slurm_env, 0 },
	{ "container-image-missing",
	    jl_check_container_image_missing, 0 },
	{ "container-image-unpinned",
	    jl_check_container_image_unpinned, 0 },
	{ "cpus-exceed-node",
	    jl_check_cpus_exceed_node, 1 },
	{ "cuda-visible-devices-override",
	    jl_check_cuda_visible_devices_override, 0 },
	{ "env-overrides-directive",
	    jl_check_env_overrides_directive, 0 },
	{ "gpu-container-no-nv",
	    jl_check_gpu_container_no_nv, 0 },
	{ "gpu-over-allocation",
	    jl_check_gpu_over_allocation, 0 },
	{ "gpu-type-unavailable",
	    jl_check_gpu_type_unavailable, 0 },
	{ "gpu-vendor-flag",
	    jl_check_gpu_vendor_flag, 0 },
	{ "interactive-in-batch",
	    jl_check_interactive_in_batch, 0 },
	{ "mem-exceeds-node",
	    jl_check_mem_exceeds_node, 1 },
	{ "missing-time-limit",
	    jl_check_missing_time_limit, 0 },
	{ "output-dir-missing",
	    jl_check_output_dir_missing, 0 },
	{ "partition-time-limit",
	    jl_check_partition_time_limit, 1 },
	{ "per-gpu-limit",
	    jl_check_per_gpu_limit, 1 },
	{ "preemptible-without-requeue",
	    jl_check_preemptible_without_requeue, 1 },
	{ "requeue-without-checkpoint",
	    jl_check_requeue_without_checkpoint, 0 },
	{ "srun-cpus-per-task",
	    jl_check_srun_cpus_per_task, 0 },
	{ "srun-export-drops-path",
	    jl_check_srun_export_drops_path, 0 },
	{ "srun-unknown-option",
	    jl_check_srun_unknown_option, 0 },
	{ "tasks-without-launcher",
	    jl_check_tasks_without_launcher, 0 },
	{ "time-mmss",
	    jl_check_time_mmss, 0 },
	{ "unknown-gres",
	    jl_check_unknown_gres, 0 },
	{ "unknown-partition",
	    jl_check_unknown_partition, 1 },
};
const size_t jl_nbuiltins = sizeof(jl_builtins) / sizeof(jl_builtins[0]);

static const char *
rule_slug(const struct jl_check *c);

static void	check_at_v(struct jl_check *, enum jl_sev, int, struct jl_loc,
		    const char *, const char *, va_list)
		    __attribute__((__format__(printf, 6, 0)));

static void
check_at_v(struct jl_check *c, enum jl_sev sev, int guess, struct jl_loc loc,
    const char *fix, const char *fmt, va_list ap)
{
	struct jl_finding	*f;

	f = jl_report(c->a, c->fs, rule_slug(c), sev, &c->m->script.src,
	    loc, fix, "%s", "");
	if (f != NULL) {
		f->message = jl_arena_vprintf(c->a, fmt, ap);
		f->guess = guess;
	}
}

void
jl_check_at(struct jl_check *c, struct jl_loc loc, const char *fix,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	check_at_v(c, c->sev, 0, loc, fix, fmt, ap);
	va_end(ap);
}

void
jl_check_at_warn(struct jl_check *c, struct jl_loc loc, const char *fix,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	check_at_v(c, c->sev > JL_SEV_WARNING ? JL_SEV_WARNING : c->sev, 1,
	    loc, fix, fmt, ap);
	va_end(ap);
}

static void	check_value_v(struct jl_check *, enum jl_sev, int,
		    const struct jl_value *, const char *, const char *,
		    va_list) __attribute__((__format__(printf, 6, 0)));

static void
check_value_v(struct jl_check *c, enum jl_sev sev, int guess,
    const struct jl_value *v, const char *fix, const char *fmt, va_list ap)
{
	struct jl_finding	*f;
	const char		*where;

	if (v != NULL && (v->origin == JL_ORIG_DIRECTIVE ||
	    v->origin == JL_ORIG_PBS))
		f = jl_report(c->a, c->fs, rule_slug(c), sev,
		    &c->m->script.src, v->loc, fix, "%s", "");
	else {
		where = v == NULL ? "job" : v->origin == JL_ORIG_ENV ? v->env :
		    v->origin == JL_ORIG_JOBDESC ? "job request" :
		    "command line";
		f = jl_report_at(c->a, c->fs, rule_slug(c), sev, where, fix,
		    "%s", "");
	}
	if (f != NULL) {
		f->message = jl_arena_vprintf(c->a, fmt, ap);
		f->guess = guess;
	}
}

void
jl_check_value(struct jl_check *c, const struct jl_value *v, const char *fix,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	check_value_v(c, c->sev, 0, v, fix, fmt, ap);
	va_end(ap);
}

void
jl_check_value_warn(struct jl_check *c, const struct jl_value *v,
    const char *fix, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	check_value_v(c, c->sev > JL_SEV_WARNING ? JL_SEV_WARNING : c->sev, 0,
	    v, fix, fmt, ap);
	va_end(ap);
}

void
jl_check_value_guess(struct jl_check *c, const struct jl_value *v,
    const char *fix, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	check_value_v(c, c->sev > JL_SEV_WARNING ? JL_SEV_WARNING : c->sev, 1,
	    v, fix, fmt, ap);
	va_end(ap);
}

void
jl_check_job(struct jl_check *c, const char *fix, const char *fmt, ...)
{
	struct jl_finding	*f;
	struct jl_loc		 loc = { 0, 0 };
	size_t			 off, len;
	va_list			 ap;

	if (jl_src_line(&c->m->script.src, 1, &off, &len) == 0)
		loc.len = len;
	f = jl_report(c->a, c->fs, rule_slug(c), c->sev, &c->m->script.src,
	    loc, fix, "%s", "");
	if (f == NULL)
		return;
	va_start(ap, fmt);
	f->message = jl_arena_vprintf(c->a, fmt, ap);
	va_end(ap);
}

/* Is prog a POSIX-style shell (bash, sh, zsh, ksh, dash)? */
int
jl_prog_shell(const char *prog)
{
	static const char *const shells[] = { "bash", "sh", "zsh", "ksh",
	    "dash" };

	return jl_prog_in(prog, shells, JL_NITEMS(shells));
}

/*
 * A command that runs a shell script jlint does not read (bash train.sh,
 * ./run.sh, srun sh job.sh) or a program it cannot know ("$@", $LAUNCH
 * that the script does not set to one value): what it starts is not
 * known, torchrun or several processes among it.  Its script's name (the
 * word as written), or NULL.
 */
const char *
jl_check_script_run(const struct jl_check *c)
{
	const struct jl_cmd	*cmd;
	const char		*p, *w;
	size_t			 i, j, len;

	for (i = 0; i < c->m->body.commands.n; i++) {
		cmd = c->m->body.commands.items[i];
		if (cmd->in_trap || (p = cmd->program) == NULL)
			continue;
		/* $LAUNCH, "$@", xargs bash -c "{}": a program the script
		 * does not show. */
		if (cmd->program_unknown || strcmp(p, "{}") == 0)
			return p;
		len = strlen(p);
		if ((len > 3 && strcmp(p + len - 3, ".sh") == 0) ||
		    (len > 5 && strcmp(p + len - 5, ".bash") == 0))
			return p;
		if (!jl_prog_shell(p))
			continue;
		/* The interpreter's first word that is not an option: its
		 * script (bash -c reads a string: read as commands). */
		for (j = 0; j < cmd->words.n; j++)
			if (((const struct jl_word *)
			    cmd->words.items[j])->text == p)
				break;
		for (j++; j < cmd->words.n; j++) {
			w = ((const struct jl_word *)cmd->words.items[j])->text;
			if (w[0] != '-' && w[0] != '+')
				return w;
			if (w[1] != '-' && strchr(w, 'c') != NULL)
				break;
		}
		/* Neither a script nor -c: it reads commands from its
		 * input (... | bash). */
		if (j == cmd->words.n)
			return p;
	}
	return NULL;
}

const char *
jl_fmt_minutes(struct jl_arena *a, int64_t m)
{
	if (m < 0)
		return "UNLIMITED";
	if (m >= 1440)
		return jl_arena_printf(a, "%lld-%02lld:%02lld:00",
		    (long long)(m / 1440), (long long)(m % 1440 / 60),
		    (long long)(m % 60));
	return jl_arena_printf(a, "%02lld:%02lld:00", (long long)(m / 60),
	    (long long)(m % 60));
}

/*
 * srun --het-group=LIST of s ("1", "0,2", "0-2": indexes, ranges): the
 * list when every range reads, with *last the highest index; NULL
 * without one, outside srun, or unreadable ($VAR, junk).
 */
static const char *
het_list(const struct jl_step *s, unsigned long *last)
{
	const struct jl_stepopt	*o;
	const char		*p;
	char			*e;
	unsigned long		 lo, hi;
	size_t			 i;

	*last = 0;
	if (s == NULL || s->launcher != JL_LAUNCH_SRUN)
		return NULL;
	for (i = 0; i < s->opts.n; i++) {
		o = s->opts.items[i];
		if (o->opt == NULL || o->opt->id != JL_O_HET_GROUP ||
		    o->value == NULL)
			continue;
		for (p = o->value; *p != '\0'; p = *e == ',' ? e + 1 : e) {
			lo = strtoul(p, &e, 10);
			if (e == p)
				return NULL;
			hi = lo;
			if (*e == '-' && (hi = strtoul(e + 1, &e, 10)) < lo)
				return NULL;
			if ((*e != ',' && *e != '\0') || hi > 1000000)
				return NULL;
			if (hi > *last)
				*last = hi;
		}
		return o->value;
	}
	return NULL;
}

int
jl_step_component(const struct jl_step *s)
{
	unsigned long	last;

	/* A command read from a string (bash -c, a trap) runs where the
	 * command around it runs. */
	while (s != NULL && s->launcher != JL_LAUNCH_SRUN)
		s = s->parent;
	return het_list(s, &last) != NULL ? (int)last : 0;
}

const struct jl_job *
jl_step_job(const struct jl_model *m, const struct jl_step *s,
    const struct jl_job *dflt)
{
	const struct jl_job	*first = NULL, *maybe = NULL, *j;
	const char		*p;
	char			*e;
	unsigned long		 lo, hi, k;

	if (m->jobs.n < 2 || (p = het_list(s, &hi)) == NULL)
		return dflt;	/* none, $VAR or junk: unknown */
	for (; *p != '\0'; p = *e == ',' ? e + 1 : e) {
		lo = strtoul(p, &e, 10);
		hi = *e == '-' ? strtoul(e + 1, &e, 10) : lo;
		for (k = lo; k <= hi && k < m->jobs.n; k++) {
			j = m->jobs.items[k];
			if (jl_job_gets_gpus(j))
				return j;
			if (maybe == NULL && j->gpus_derived == JL_GPUS_MAYBE)
				maybe = j;	/* may get some (job.h) */
			if (first == NULL)
				first = j;
		}
	}
	return maybe != NULL ? maybe : first != NULL ? first : dflt;
}

const char *
jl_fmt_mb(struct jl_arena *a, int64_t mb)
{
	if (mb >= 1024 * 1024 && mb % (1024 * 1024) == 0)
		return jl_arena_printf(a, "%lldT", (long long)(mb / 1048576));
	if (mb >= 1024 && mb % 1024 == 0)
		return jl_arena_printf(a, "%lldG", (long long)(mb / 1024));
	return jl_arena_printf(a, "%lldM", (long long)mb);
}

int
jl_prog_in(const char *prog, const char *const *names, size_t n)
{
	const char	*base;
	size_t		 i;

	if (prog == NULL)
		return 0;
	base = strrchr(prog, '/');
	base = base != NULL ? base + 1 : prog;
	/* The first byte first: most programs are in no list (bench/). */
	for (i = 0; i < n; i++)
		if (base[0] == names[i][0] && strcmp(base, names[i]) == 0)
			return 1;
	return 0;
}

/*
 * Can this step use more than one GPU?  srun with several tasks (its own
 * -n, or inherited from the job), a multi-process launcher, or such a
 * launcher run inside the step (srun ... apptainer exec ... torchrun).
 */
int
jl_step_multi_gpu(const struct jl_model *m, const struct jl_job *job,
    const struct jl_step *s)
{
	const struct jl_word	*w;
	enum jl_launcher	 inner;
	size_t			 i;

	(void)m;
	if (s->gpu_args)
		return 1;
	switch (s->launcher) {
	case JL_LAUNCH_SRUN:
		if (s->nprocs > 1)
			return 1;
		/* Without -n: its own -N or --ntasks-per-node (a task on
		 * each node at least), counts jlint cannot read, or the
		 * job's tasks it inherits. */
		if (s->nprocs < 0 && (s->nnodes > 1 ||
		    s->nprocs_per_node > 1 || s->tasks_unknown ||
		    job->ntasks > 1 || job->nodes_min > 1 ||
		    job->ntasks_per_node > 1))
			return 1;
		break;
	case JL_LAUNCH_MPIRUN:
	case JL_LAUNCH_TORCHRUN:
	case JL_LAUNCH_ACCELERATE:
	case JL_LAUNCH_DEEPSPEED:
	case JL_LAUNCH_HOROVODRUN:
		if (s->nprocs != 1)
			return 1;
		break;
	default:
		break;
	}
	/* A launcher inside the step (srun ... apptainer exec img torchrun,
	 * python -m accelerate.commands.launch: body-steps.c names them). */
	if (s->inner_launcher != JL_LAUNCH_NONE &&
	    s->inner_launcher != JL_LAUNCH_SRUN &&
	    s->inner_launcher != JL_LAUNCH_SALLOC)
		return 1;
	/* ... or named in its words (srun ./wrap.sh torchrun t.py) */
	for (i = 1; i < s->words.n; i++) {
		w = s->words.items[i];
		inner = jl_launcher_word(w->text);
		if (inner != JL_LAUNCH_NONE && inner != JL_LAUNCH_SRUN &&
		    inner != JL_LAUNCH_SALLOC)
			return 1;
	}
	return 0;
}

/* A value that turns a resume option off: none, null, false, 0, no, "". */
static int
off_value(const char *v)
{
	static const char *const off[] = { "", "none", "null", "false", "0",
	    "no", "off", "~" };
	size_t	i;

	if (v == NULL)
		return 0;
	if (*v == '"' || *v == '\'')
		v++;
	for (i = 0; i < sizeof(off) / sizeof(off[0]); i++)
		if (strncasecmp(v, off[i], strlen(off[i])) == 0 &&
		    (v[strlen(off[i])] == '\0' || v[strlen(off[i])] == '"' ||
		    v[strlen(off[i])] == '\''))
			return 1;
	return 0;
}

/*
 * The needles of the evidence below, their filters set up once per
 * process (one pass per word or here-document instead of one per needle:
 * bench/RESULTS.md).
 */
static const char *const resume_not[] = {
	/* --checkpoint-dir, --save-checkpoint: where to save, not resume. */
	"save", "interval", "every", "freq", "steps",
	/* Gradient (activation) checkpointing saves memory, not state. */
	"gradient", "activation", "grad-ckpt", "grad_ckpt", "recompute" };
static const char *const resume_has[] = { "resume", "restore", "restart",
	"ckpt", "checkpoint", "snapshot", "load_state", "load-state",
	"from-pretrained-ckpt" };
/* Any word: SLURM_RESTART_COUNT read, or submitit. */
static const char *const resume_any[] = { "SLURM_RESTART_COUNT",
	"submitit" };
/* [ -f ckpt/last.pt ], test -e "$CKPT", ls -t checkpoints/ | head -1. */
static const char *const look_hints[] = { "ckpt", "checkpoint", "resume",
	"restart", ".pt", ".pth", ".cpt", "state" };
/* A here-document that resumes. */
static const char *const doc_hints[] = { "ckpt_path",
	"resume_from_checkpoint", "load_state_dict", "load_checkpoint",
	"SLURM_RESTART_COUNT", "--resume" };

struct ckpt_sets {
	struct jl_ci_set	 neg, has, any, look, doc;
};
static struct ckpt_sets	 ckpt_sets;
static pthread_once_t	 ckpt_once = PTHREAD_ONCE_INIT;

static void
ckpt_sets_init(void)
{
	struct ckpt_sets	*cs = &ckpt_sets;

	jl_ci_set_init(&cs->neg, resume_not, JL_NITEMS(resume_not));
	jl_ci_set_init(&cs->has, resume_has, JL_NITEMS(resume_has));
	jl_ci_set_init(&cs->any, resume_any, JL_NITEMS(resume_any));
	jl_ci_set_init(&cs->look, look_hints, JL_NITEMS(look_hints));
	jl_ci_set_init(&cs->doc, doc_hints, JL_NITEMS(doc_hints));
}

/*
 * Does an option or key name (without dashes, up to '=') ask to resume?
 * --resume, --resume-from-checkpoint, --load (Megatron), --restore,
 * --restart, --ckpt-path, --auto-resume, --continue, -cpi (GROMACS),
 * ckpt_path=, trainer.resume_from_checkpoint=.  Names that turn it off
 * (no-, disable, skip, without) do not.
 */
static int
resume_name(const struct ckpt_sets *cs, const char *name, size_t len)
{
	static const char *const neg[] = { "no-", "no_", "disable", "skip",
	    "without", "ignore" };
	static const char *const is[] = { "load", "load-dir", "load_dir",
	    "load-path", "load_path", "continue", "cpi", "init-from",
	    "init_from" };
	char		 buf[64];
	const char	*dot;
	size_t		 i;

	if (len == 0 || len >= sizeof(buf))
		return 0;
	memcpy(buf, name, len);
	buf[len] = '\0';
	/* trainer.resume_from_checkpoint: the last component. */
	if ((dot = strrchr(buf, '.')) != NULL)
		memmove(buf, dot + 1, strlen(dot + 1) + 1);
	if (buf[0] == '+')
		memmove(buf, buf + 1, strlen(buf));
	for (i = 0; i < sizeof(neg) / sizeof(neg[0]); i++)
		if (strncasecmp(buf, neg[i], strlen(neg[i])) == 0)
			return 0;
	if (jl_ci_set_find(&cs->neg, buf))
		return 0;
	for (i = 0; i < sizeof(is) / sizeof(is[0]); i++)
		if (strcasecmp(buf, is[i]) == 0)
			return 1;
	return jl_ci_set_find(&cs->has, buf);
}

/* Programs whose words say nothing about what the job does. */
static int
inert_program(const char *w)
{
	static const char *const names[] = { "echo", "printf", "rm", "rmdir",
	    "unlink", "mkdir", "touch", "logger", "cat", "chmod", "ln",
	    "date", "sleep", "hostname", "env", "export", "declare",
	    "local", "readonly", "typeset", "unset", "module", "ml" };
	const char	*base = strrchr(w, '/');
	size_t		 i;

	base = base != NULL ? base + 1 : w;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i][0] == base[0] && strcmp(base, names[i]) == 0)
			return 1;
	return 0;
}

/* A word that asks the program to resume: an option or a key=value. */
static int
resume_word(const struct ckpt_sets *cs, const char *w, const char *next)
{
	const char	*name = w, *eq;

	if (jl_ci_set_find(&cs->any, w))
		return 1;
	if (w[0] == '-') {
		while (*name == '-')
			name++;
		eq = strchr(name, '=');
		if (!resume_name(cs, name, eq != NULL ? (size_t)(eq - name) :
		    strlen(name)))
			return 0;
		if (eq != NULL)
			return !off_value(eq + 1);
		/* --resume false, --ckpt_path None */
		return next == NULL || next[0] == '-' || !off_value(next);
	}
	if ((eq = strchr(w, '=')) != NULL && eq > w &&
	    resume_name(cs, w, (size_t)(eq - w)))
		return !off_value(eq + 1);
	return 0;
}

/* [ -f ckpt/last.pt ], test -e "$CKPT", ls -t checkpoints/ | head -1. */
static int
looks_for_checkpoint(const struct ckpt_sets *cs, const struct jl_cmd *s)
{
	const struct jl_word	*w0, *w;
	size_t			 j;

	if (s->words.n < 2)
		return 0;
	w0 = s->words.items[0];
	if (strcmp(w0->text, "[") != 0 && strcmp(w0->text, "[[") != 0 &&
	    strcmp(w0->text, "test") != 0 && strcmp(w0->text, "ls") != 0 &&
	    strcmp(w0->text, "find") != 0)
		return 0;
	for (j = 1; j < s->words.n; j++) {
		w = s->words.items[j];
		if (jl_ci_set_find(&cs->look, w->text))
			return 1;
	}
	return 0;
}

/* Does the handler of trap t handle a signal that warns of the end? */
static int
trap_handles_end(const struct jl_trap *t, const struct jl_job *job)
{
	const char	*sig;
	size_t		 i;

	if (t->handler == NULL || t->handler[0] == '\0')
		return 0;
	if (t->requeues)
		return 1;
	for (i = 0; i < t->signals.n; i++) {
		sig = t->signals.items[i];
		if (strcmp(sig, "USR1") == 0 || strcmp(sig, "USR2") == 0 ||
		    strcmp(sig, "TERM") == 0 || strcmp(sig, "INT") == 0 ||
		    (job != NULL && job->signal_set && job->signal.name !=
		    NULL && strcmp(sig, job->signal.name) == 0))
			return 1;
	}
	return 0;
}

/*
 * Evidence that a job resumes after a requeue (not just the words
 * "checkpoint" or "resume": --no-checkpoint, echo "checkpointing
 * disabled" and rm -rf checkpoints/ are none):
 *  - a trap on a signal that warns of the end (--signal's, USR1, USR2,
 *    TERM) with a handler, or scontrol requeue (the script manages it);
 *  - --signal sent to the steps (no B:): the program handles it, as
 *    PyTorch Lightning's SLURM auto-requeue (SIGUSR1) and submitit do;
 *  - a resume option or key of a program: --resume, --resume-from...,
 *    --load (Megatron), --restore, --ckpt-path, -cpi, ckpt_path=...,
 *    resume_from_checkpoint=..., unless its value turns it off;
 *  - SLURM_RESTART_COUNT read anywhere;
 *  - a test or listing of a checkpoint file ([ -f ckpt/last.pt ]);
 *  - a variable that names one (CKPT_PATH=..., RESUME=1), not off;
 *  - submitit, or a here-document that resumes (ckpt_path=,
 *    load_state_dict, resume_from_checkpoint).
 */
int
jl_checkpoint_evidence(const struct jl_model *m, const struct jl_job *job)
{
	const struct ckpt_sets	*cs = &ckpt_sets;
	const struct jl_cmd	*s;
	const struct jl_word	*w, *next;
	const struct jl_assign	*as;
	const struct jl_loc	*hd;
	const char		*d = m->script.src.data;
	size_t			 i, j;

	if (m->assume_body)
		return 1;	/* nothing to judge: assume it */
	if (m->body.requeue_calls.n > 0)
		return 1;
	for (i = 0; i < m->body.traps.n; i++)
		if (trap_handles_end(m->body.traps.items[i], job))
			return 1;
	if (job != NULL && job->signal_set && !job->signal.batch_only)
		return 1;
	pthread_once(&ckpt_once, ckpt_sets_init);
	for (i = 0; i < m->body.commands.n; i++) {
		s = m->body.commands.items[i];
		if (s->words.n == 0)
			continue;
		if (looks_for_checkpoint(cs, s))
			return 1;
		w = s->words.items[0];
		if (inert_program(w->text) || (s->program != NULL &&
		    inert_program(s->program)))
			continue;
		for (j = 0; j < s->words.n; j++) {
			w = s->words.items[j];
			next = j + 1 < s->words.n ? s->words.items[j + 1] :
			    NULL;
			if (resume_word(cs, w->text, next != NULL ?
			    next->text : NULL))
				return 1;
		}
	}
	for (i = 0; i < m->body.assigns.n; i++) {
		as = m->body.assigns.items[i];
		if (as->value != NULL && jl_has_ci(as->value,
		    "SLURM_RESTART_COUNT"))
			return 1;
		if (as->value != NULL && resume_name(cs, as->name,
		    strlen(as->name)) && !off_value(as->value))
			return 1;
	}
	for (i = 0; i < m->body.heredocs.n && d != NULL; i++) {
		hd = m->body.heredocs.items[i];
		if (hd->off + hd->len > m->script.src.len)
			continue;
		if (jl_ci_set_findn(&cs->doc, d + hd->off, hd->len))
			return 1;
	}
	return 0;
}

int
jl_check_dir_here(struct jl_check *c, const char *path)
{
	const char	*slash = strrchr(path, '/');
	const char	*dir;
	struct stat	 st;

	if (slash == NULL)
		return 1;	/* the working directory */
	dir = slash == path ? "/" : jl_arena_strndup(c->a, path,
	    (size_t)(slash - path));
	return dir != NULL && stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *
rule_slug(const struct jl_check *c)
{
	return c->slug;
}

int
jl_check_gres(struct jl_check *c, const struct jl_value *v,
    struct jl_gres_list *out)
{
	const char	*err;

	if (v == NULL || v->text == NULL)
		return -1;
	if (c->gres_v != v) {
		c->gres_rc = jl_val_gres(c->a, v->text, &c->gres, &err);
		c->gres_v = v;
	}
	*out = c->gres;
	return c->gres_rc;
}

size_t
jl_check_parts(const struct jl_check *c, const struct jl_partition **out,
    size_t max)
{
	const struct jl_job	*job = c->job;
	size_t			 i;

	if (job->partitions.n == 0) {
		out[0] = c->part;
		return c->part != NULL;
	}
	if (job->partitions.n > max)
		return 0;
	for (i = 0; i < job->partitions.n; i++)
		if ((out[i] = jl_policy_partition(c->policy,
		    job->partitions.items[i])) == NULL)
			return 0;
	return job->partitions.n;
}

const char *
jl_check_limit_owner(struct jl_check *c, const struct jl_partition *at)
{
	return at != NULL ? jl_arena_printf(c->a, "partition %s", at->name) :
	    "the site";
}

int64_t
jl_check_limit(const struct jl_check *c, enum jl_limit which,
    const struct jl_partition **from)
{
	const struct jl_partition	*parts[64], *best_at = NULL;
	const struct jl_policy		*p = c->policy;
	int64_t				 site, v, best = 0;
	size_t				 n, i;

	*from = NULL;
	if (p == NULL)
		return 0;
	site = which == JL_LIM_GPUS ? p->max_gpus_per_job :
	    which == JL_LIM_CPUS_PER_GPU ? p->max_cpus_per_gpu :
	    p->max_mem_per_gpu_mb;
	if (site < 0)
		site = 0;
	if ((n = jl_check_parts(c, parts, sizeof(parts) /
	    sizeof(parts[0]))) == 0)
		return site;
	for (i = 0; i < n; i++) {
		v = which == JL_LIM_GPUS ? parts[i]->max_gpus_per_job :
		    which == JL_LIM_CPUS_PER_GPU ? parts[i]->max_cpus_per_gpu :
		    parts[i]->max_mem_per_gpu_mb;
		if (v == JL_NO_LIMIT || (v == 0 && site == 0))
			return 0;
		if (i == 0 || (v == 0 ? site : v) > best) {
			best = v == 0 ? site : v;
			best_at = v == 0 ? NULL : parts[i];
		}
	}
	*from = best_at;
	return best;
}
