/*
 * desc.c: job_desc_msg_t -> sbatch options (see desc.h).
 *
 * slurmctld hands job_submit() the request after sbatch merged #SBATCH
 * lines, SBATCH_* variables and the command line (local-slurm.md §3).
 * Each field that is set becomes the one option that sets it, so the
 * job model sees exactly what was asked for.  Only fields that rules read
 * are converted; the rest cannot change a verdict.
 *
 * Field encodings (22.05, slurm-semantics.md §5.4):
 *   time_limit, time_min	minutes; NO_VAL unset; INFINITE = UNLIMITED
 *   pn_min_memory		MB per node, or MB per CPU | MEM_PER_CPU
 *   tres_per_{job,node,task,socket}, cpus_per_tres, mem_per_tres
 *				"gres:gpu[:type]:N,gres:shard:1" (23.11+:
 *				"gres/gpu..."); the count may be missing
 *   requeue			NO_VAL16, 0, 1
 *   shared			NO_VAL16, 0 exclusive, 1 oversubscribe,
 *				2 user, 3 mcs
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include <slurm/slurm.h>

#include "desc.h"

/* Longer strings are not linted (slurmctld rejects most of them later). */
#define DESC_MAX_STR	(64u * 1024)

struct dctx {
	struct jl_arena	*a;
	struct jl_vec	*argv;
};

static void add(struct dctx *, const char *, ...)
	    __attribute__((__format__(printf, 2, 3)));

static void
add(struct dctx *c, const char *fmt, ...)
{
	va_list	 ap;
	char	*w;

	va_start(ap, fmt);
	w = jl_arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	if (w != NULL)
		jl_vec_push(c->a, c->argv, w);
}

static int
str_set(const char *s)
{
	return s != NULL && *s != '\0' && strlen(s) <= DESC_MAX_STR;
}

static void
add_str(struct dctx *c, const char *opt, const char *s)
{
	if (str_set(s))
		add(c, "--%s=%s", opt, s);
}

/* Minutes as sbatch reads them back: HH:MM:SS or D-HH:MM:SS. */
static void
add_time(struct dctx *c, const char *opt, uint32_t m)
{
	if (m == NO_VAL)
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

/* Skip a "gres:" (<= 23.02) or "gres/" (23.11+) prefix. */
static const char *
strip_gres(const char *e, size_t *len)
{
	if (*len >= 5 && strncmp(e, "gres", 4) == 0 &&
	    (e[4] == ':' || e[4] == '/')) {
		*len -= 5;
		return e + 5;
	}
	return e;
}

/*
 * A TRES list, element by element.  gpu_only: keep the GPU elements and
 * drop "gpu:" (for --gpus*, --cpus-per-gpu, --mem-per-gpu); otherwise keep
 * every element without its "gres:" prefix (for --gres).  NULL if empty.
 */
static const char *
tres_list(struct dctx *c, const char *tres, int gpu_only)
{
	struct jl_buf	 b;
	const char	*p, *q, *e;
	size_t		 len;
	char		*out;

	if (!str_set(tres))
		return NULL;
	jl_buf_init(&b);
	for (p = tres; *p != '\0'; p = *q != '\0' ? q + 1 : q) {
		q = p + strcspn(p, ",");
		len = (size_t)(q - p);
		e = strip_gres(p, &len);
		if (len == 0)
			continue;
		if (gpu_only) {
			if (len < 4 || strncmp(e, "gpu:", 4) != 0)
				continue;	/* not a GPU, or no count */
			e += 4;
			len -= 4;
			if (len == 0)
				continue;
		}
		if (b.len > 0)
			jl_buf_putc(&b, ',');
		jl_buf_add(&b, e, len);
	}
	out = b.failed || b.len == 0 ? NULL :
	    jl_arena_strndup(c->a, b.data, b.len);
	jl_buf_free(&b);
	return out;
}

static void
add_tres(struct dctx *c, const char *opt, const char *tres, int gpu_only,
    const char *suffix)
{
	const char	*v = tres_list(c, tres, gpu_only);

	if (v != NULL)
		add(c, "--%s=%s%s", opt, v, suffix);
}

static void
add_signal(struct dctx *c, const job_desc_msg_t *d)
{
	const char	*pre;

	if (d->warn_signal == 0 || d->warn_signal == NO_VAL16)
		return;
	pre = (d->warn_flags & KILL_JOB_BATCH) ?
	    ((d->warn_flags & KILL_JOB_RESV) ? "BR:" : "B:") :
	    ((d->warn_flags & KILL_JOB_RESV) ? "R:" : "");
	if (d->warn_time != 0 && d->warn_time != NO_VAL16)
		add(c, "--signal=%s%u@%u", pre, (unsigned)d->warn_signal,
		    (unsigned)d->warn_time);
	else
		add(c, "--signal=%s%u", pre, (unsigned)d->warn_signal);
}

int
jl_desc_argv(struct jl_arena *a, const struct job_descriptor *d,
    struct jl_vec *argv)
{
	struct dctx	c;
	uint64_t	mem;

	c.a = a;
	c.argv = argv;

	add_str(&c, "partition", d->partition);
	add_time(&c, "time", d->time_limit);
	add_time(&c, "time-min", d->time_min);

	if (d->min_nodes != NO_VAL && d->min_nodes != 0) {
		if (d->max_nodes != NO_VAL && d->max_nodes != 0 &&
		    d->max_nodes > d->min_nodes)
			add(&c, "--nodes=%" PRIu32 "-%" PRIu32, d->min_nodes,
			    d->max_nodes);
		else
			add(&c, "--nodes=%" PRIu32, d->min_nodes);
	}
	if (d->num_tasks != NO_VAL && d->num_tasks != 0)
		add(&c, "--ntasks=%" PRIu32, d->num_tasks);
	/* -c is flagged; older clients may not set JOB_CPUS_SET. */
	if (d->cpus_per_task != NO_VAL16 && d->cpus_per_task != 0 &&
	    ((d->bitflags & JOB_CPUS_SET) || d->cpus_per_task > 1))
		add(&c, "--cpus-per-task=%u", (unsigned)d->cpus_per_task);
	if (d->ntasks_per_node != NO_VAL16 && d->ntasks_per_node != 0 &&
	    d->ntasks_per_node != INFINITE16)
		add(&c, "--ntasks-per-node=%u", (unsigned)d->ntasks_per_node);
	if (d->ntasks_per_tres != NO_VAL16 && d->ntasks_per_tres != 0 &&
	    d->ntasks_per_tres != INFINITE16)
		add(&c, "--ntasks-per-gpu=%u", (unsigned)d->ntasks_per_tres);

	if (d->pn_min_memory != NO_VAL64) {
		mem = d->pn_min_memory & ~MEM_PER_CPU;
		add(&c, "--%s=%" PRIu64 "M", (d->pn_min_memory & MEM_PER_CPU) ?
		    "mem-per-cpu" : "mem", mem);
	} else
		add_tres(&c, "mem-per-gpu", d->mem_per_tres, 1, "M");

	add_tres(&c, "gpus", d->tres_per_job, 1, "");
	add_tres(&c, "gres", d->tres_per_node, 0, "");
	add_tres(&c, "gpus-per-task", d->tres_per_task, 1, "");
	add_tres(&c, "gpus-per-socket", d->tres_per_socket, 1, "");
	add_tres(&c, "cpus-per-gpu", d->cpus_per_tres, 1, "");

	if (d->requeue == 1)
		add(&c, "--requeue");
	else if (d->requeue == 0)
		add(&c, "--no-requeue");
	switch (d->shared) {
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
		break;		/* NO_VAL16: the partition decides */
	}

	add_str(&c, "array", d->array_inx);
	add_str(&c, "output", d->std_out);
	add_str(&c, "error", d->std_err);
	add_str(&c, "job-name", d->name);
	add_str(&c, "account", d->account);
	add_str(&c, "qos", d->qos);
	add_str(&c, "reservation", d->reservation);
	add_str(&c, "dependency", d->dependency);
	add_str(&c, "constraint", d->features);
	add_str(&c, "licenses", d->licenses);
	add_str(&c, "container", d->container);
	add_str(&c, "chdir", d->work_dir);
	add_signal(&c, d);
	return a->failed ? -1 : 0;
}
