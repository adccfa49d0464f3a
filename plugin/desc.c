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
 * The options are spelled by lint/jobreq.c, which jlint audit shares.
 */
#include <inttypes.h>

#include <slurm/slurm.h>

#include "desc.h"
#include "jobreq.h"

static void
add_signal(struct jl_req_argv *c, const job_desc_msg_t *d)
{
	const char	*pre;

	if (d->warn_signal == 0 || d->warn_signal == NO_VAL16)
		return;
	pre = (d->warn_flags & KILL_JOB_BATCH) ?
	    ((d->warn_flags & KILL_JOB_RESV) ? "BR:" : "B:") :
	    ((d->warn_flags & KILL_JOB_RESV) ? "R:" : "");
	if (d->warn_time != 0 && d->warn_time != NO_VAL16)
		jl_req_add(c, "--signal=%s%u@%u", pre, (unsigned)d->warn_signal,
		    (unsigned)d->warn_time);
	else
		jl_req_add(c, "--signal=%s%u", pre, (unsigned)d->warn_signal);
}

int
jl_desc_argv(struct jl_arena *a, const struct job_descriptor *d,
    struct jl_vec *argv)
{
	struct jl_req_argv	c;

	c.a = a;
	c.argv = argv;

	jl_req_str(&c, "partition", d->partition);
	jl_req_time(&c, "time", d->time_limit);
	jl_req_time(&c, "time-min", d->time_min);

	jl_req_nodes(&c, d->min_nodes, d->max_nodes);
	if (d->num_tasks != NO_VAL && d->num_tasks != 0)
		jl_req_u32(&c, "ntasks", d->num_tasks);
	/* -c is flagged; older clients may not set JOB_CPUS_SET. */
	if (d->cpus_per_task != NO_VAL16 && d->cpus_per_task != 0 &&
	    ((d->bitflags & JOB_CPUS_SET) || d->cpus_per_task > 1))
		jl_req_u32(&c, "cpus-per-task", d->cpus_per_task);
	jl_req_count16(&c, "ntasks-per-node", d->ntasks_per_node);
	jl_req_count16(&c, "ntasks-per-gpu", d->ntasks_per_tres);

	if (!jl_req_mem(&c, d->pn_min_memory))
		jl_req_tres(&c, "mem-per-gpu", d->mem_per_tres, 1, "M");

	jl_req_gpus(&c, d->tres_per_job, d->tres_per_node, d->tres_per_task,
	    d->tres_per_socket, d->cpus_per_tres);

	if (d->requeue == 1)
		jl_req_flag(&c, "--requeue");
	else if (d->requeue == 0)
		jl_req_flag(&c, "--no-requeue");
	jl_req_shared(&c, d->shared);	/* NO_VAL16: the partition's */

	jl_req_str(&c, "array", d->array_inx);
	jl_req_str(&c, "output", d->std_out);
	jl_req_str(&c, "error", d->std_err);
	jl_req_str(&c, "job-name", d->name);
	jl_req_str(&c, "account", d->account);
	jl_req_str(&c, "qos", d->qos);
	jl_req_str(&c, "reservation", d->reservation);
	jl_req_str(&c, "dependency", d->dependency);
	jl_req_str(&c, "constraint", d->features);
	jl_req_str(&c, "licenses", d->licenses);
	jl_req_str(&c, "container", d->container);
	jl_req_str(&c, "chdir", d->work_dir);
	add_signal(&c, d);
	return a->failed ? -1 : 0;
}
