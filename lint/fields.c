/*
 * fields.c: the job model's public view, one table (fields.h).
 *
 * Every row names a field of an object of the expression language (job,
 * step, container, trap, body, site, partition, and the top-level
 * names), its type, the accessor id expr-eval.c answers it with, and its
 * documentation.  The type checker resolves names here (expr-check.c),
 * the evaluator reads values by the row's id (expr-eval.c), `jlint parse`
 * prints the "job" object from the job rows (job-json.c) and the FIELDS
 * section of jlint-policy(5) is generated from the docs.  A field has one
 * name everywhere.
 */
#include <stddef.h>
#include <string.h>

#include "expr-int.h"
#include "fields.h"

#define L(e)	XK_LIST, XK_##e
#define S(k)	XK_##k, 0

const struct xfield xfields[] = {
	/* top-level names */
	{ XK_ROOT, "job",		S(JOB),		XF_R_JOB,
	  "The job sbatch would submit (the first het component)." },
	{ XK_ROOT, "steps",		L(STEP),	XF_R_STEPS,
	  "Every launcher or container line of the body." },
	{ XK_ROOT, "traps",		L(TRAP),	XF_R_TRAPS,
	  "Every trap command of the body." },
	{ XK_ROOT, "body",		S(BODY),	XF_R_BODY,
	  "Facts about the body as a whole." },
	{ XK_ROOT, "site",		S(SITE),	XF_R_SITE,
	  "The site policy's facts." },
	{ XK_ROOT, "partition",		S(PART),	XF_R_PART,
	  "The policy's entry for the job's partition (the first of a list, "
	  "or the default partition); null when the policy does not know it." },
	{ XK_ROOT, "step",		S(STEP),	XF_R_STEP,
	  "With for: steps, the step the rule is evaluated for." },
	/* job */
	{ XK_JOB, "time",		S(DUR),		XF_J_TIME,
	  "--time as a duration; null when not given." },
	{ XK_JOB, "time_min",		S(DUR),		XF_J_TIME_MIN,
	  "--time-min as a duration; null when not given." },
	{ XK_JOB, "time_form",		S(STR),		XF_J_TIME_FORM,
	  "How --time was written: minutes, minutes:seconds, "
	  "hours:minutes:seconds, days-hours, days-hours:minutes, "
	  "days-hours:minutes:seconds or unlimited." },
	{ XK_JOB, "time_text",		S(STR),		XF_J_TIME_TEXT,
	  "--time as written." },
	{ XK_JOB, "partition",		S(STR),		XF_J_PARTITION,
	  "The first partition of --partition; null when not given." },
	{ XK_JOB, "partitions",		L(STR),		XF_J_PARTITIONS,
	  "Every partition of --partition, in order." },
	{ XK_JOB, "nodes",		S(INT),		XF_J_NODES,
	  "Minimum node count of --nodes; null when not given." },
	{ XK_JOB, "nodes_max",		S(INT),		XF_J_NODES_MAX,
	  "Maximum node count of --nodes=MIN-MAX; null when not given." },
	{ XK_JOB, "ntasks",		S(INT),		XF_J_NTASKS,
	  "--ntasks; null when not given." },
	{ XK_JOB, "cpus_per_task",	S(INT),		XF_J_CPT,
	  "--cpus-per-task; null when not given." },
	{ XK_JOB, "ntasks_per_node",	S(INT),		XF_J_NTPN,
	  "--ntasks-per-node; null when not given." },
	{ XK_JOB, "mem",		S(SIZE),	XF_J_MEM,
	  "--mem (per node); 0 means all of a node's memory; null when "
	  "memory is not given per node." },
	{ XK_JOB, "mem_per_cpu",	S(SIZE),	XF_J_MEM_PER_CPU,
	  "--mem-per-cpu; null when memory is not given per CPU." },
	{ XK_JOB, "mem_per_gpu",	S(SIZE),	XF_J_MEM_PER_GPU,
	  "--mem-per-gpu; null when memory is not given per GPU." },
	{ XK_JOB, "gpus",		S(INT),		XF_J_GPUS,
	  "GPUs of the whole job, from --gpus, --gres=gpu or per-node and "
	  "per-task counts times nodes and tasks; null when not known." },
	{ XK_JOB, "gpus_per_node",	S(INT),		XF_J_GPUS_PER_NODE,
	  "GPUs the job must hold on one node: --gres=gpu:N, "
	  "--gpus-per-node, --gpus over the most nodes (-N's maximum, at "
	  "most -n), --gpus-per-task times the tasks a node takes; null "
	  "when Slurm may spread them (--gpus without -N or -n)." },
	{ XK_JOB, "gpus_per_task",	S(INT),		XF_J_GPUS_PER_TASK,
	  "--gpus-per-task; null when not given." },
	{ XK_JOB, "gpu_type",		S(STR),		XF_J_GPU_TYPE,
	  "The GPU type asked for (a100 in --gres=gpu:a100:2); null when "
	  "any type will do." },
	{ XK_JOB, "gpu_requested",	S(BOOL),	XF_J_GPU_REQ,
	  "Whether the job asks for any GPU (--ntasks-per-gpu alone too: "
	  "sbatch then asks for -n / K GPUs); null when jlint cannot tell "
	  "(without -n, a fixed -N below K next to -B, --hint, "
	  "--sockets-per-node, --cores-per-socket or --threads-per-core, "
	  "or -B alone)." },
	{ XK_JOB, "requeue",		S(BOOL),	XF_J_REQUEUE,
	  "true for --requeue, false for --no-requeue, null when neither "
	  "is given (the cluster's JobRequeue decides)." },
	{ XK_JOB, "exclusive",		S(STR),		XF_J_EXCLUSIVE,
	  "exclusive, oversubscribe, user or mcs (--exclusive, "
	  "--oversubscribe); null when not given." },
	{ XK_JOB, "array",		S(BOOL),	XF_J_ARRAY,
	  "Whether the job is an array job." },
	{ XK_JOB, "array_tasks",	S(INT),		XF_J_ARRAY_TASKS,
	  "Number of array tasks; null for a job that is not an array." },
	{ XK_JOB, "output",		S(STR),		XF_J_OUTPUT,
	  "--output as written; null when not given." },
	{ XK_JOB, "error",		S(STR),		XF_J_ERROR,
	  "--error as written; null when not given." },
	{ XK_JOB, "output_has_array_id", S(BOOL),	XF_J_OUT_ARRAY,
	  "Whether --output contains %a or %A." },
	{ XK_JOB, "signal",		S(STR),		XF_J_SIGNAL,
	  "The signal of --signal (USR1); null when not given." },
	{ XK_JOB, "signal_time",	S(INT),		XF_J_SIGNAL_TIME,
	  "Seconds before the time limit that --signal sends it." },
	{ XK_JOB, "signal_batch_only",	S(BOOL),	XF_J_SIGNAL_B,
	  "Whether --signal=B:... signals the batch shell only." },
	{ XK_JOB, "name",		S(STR),		XF_J_NAME,
	  "--job-name; null when not given." },
	{ XK_JOB, "account",		S(STR),		XF_J_ACCOUNT,
	  "--account; null when not given (the user's default account "
	  "applies)." },
	{ XK_JOB, "qos",		S(STR),		XF_J_QOS,
	  "--qos; null when not given." },
	{ XK_JOB, "opt",		S(STR),		XF_J_OPT,
	  "job.opt.NAME: the effective value of any sbatch option as "
	  "written (job.opt.cpus-per-task); null when not given." },
	{ XK_JOB, "set",		S(BOOL),	XF_J_SET,
	  "job.set.NAME: whether any sbatch option is given." },
	/* step */
	{ XK_STEP, "launcher",		S(STR),		XF_S_LAUNCHER,
	  "srun, mpirun (also mpiexec, prun, ibrun, aprun, jsrun and "
	  "charmrun), torchrun, accelerate, deepspeed, horovodrun or "
	  "salloc; null for a container run without a launcher." },
	{ XK_STEP, "launcher_name",	S(STR),		XF_S_LAUNCHER_NAME,
	  "The launcher's command as written (mpiexec, python -m "
	  "torch.distributed.run)." },
	{ XK_STEP, "inner_launcher",	S(STR),		XF_S_INNER,
	  "A launcher run by the step (srun torchrun ...)." },
	{ XK_STEP, "processes",		S(INT),		XF_S_PROCS,
	  "Processes the step starts (-n, --nproc_per_node); null when not "
	  "given." },
	{ XK_STEP, "gpus",		S(INT),		XF_S_GPUS,
	  "GPUs the step asks for or uses; null when not known." },
	{ XK_STEP, "nodes",		S(INT),		XF_S_NODES,
	  "Nodes of the step (-N); null when not given." },
	{ XK_STEP, "pty",		S(BOOL),	XF_S_PTY,
	  "srun --pty." },
	{ XK_STEP, "background",	S(BOOL),	XF_S_BG,
	  "Whether the step runs in the background (&), or several at "
	  "once (xargs -P N, GNU parallel)." },
	{ XK_STEP, "in_function",	S(BOOL),	XF_S_IN_FUNC,
	  "Whether the step is inside a shell function." },
	{ XK_STEP, "in_loop",		S(BOOL),	XF_S_IN_LOOP,
	  "Whether the step is inside a loop." },
	{ XK_STEP, "in_trap",		S(BOOL),	XF_S_IN_TRAP,
	  "Whether the step runs from a trap handler." },
	{ XK_STEP, "requeue",		S(BOOL),	XF_S_REQUEUE,
	  "Whether the line is scontrol requeue." },
	{ XK_STEP, "program",		S(STR),		XF_S_PROGRAM,
	  "The program the step runs (inside the container, if any)." },
	{ XK_STEP, "container",		S(CTR),		XF_S_CTR,
	  "The Singularity/Apptainer run of the step; null when none." },
	{ XK_STEP, "container_image",	S(STR),		XF_S_IMAGE,
	  "srun --container-image (pyxis); null when not given." },
	{ XK_STEP, "options",		L(STR),		XF_S_OPTIONS,
	  "Names of the launcher's options, in order." },
	/* container */
	{ XK_CTR, "runtime",		S(STR),		XF_C_RUNTIME,
	  "singularity or apptainer." },
	{ XK_CTR, "verb",		S(STR),		XF_C_VERB,
	  "exec, run, shell, instance ..." },
	{ XK_CTR, "image",		S(STR),		XF_C_IMAGE,
	  "The image as written (an unquoted $NAME the script gives one "
	  "literal value is split and read as the shell does); null when "
	  "missing or when flags_unknown." },
	{ XK_CTR, "image_resolved",	S(STR),		XF_C_IMAGE_RESOLVED,
	  "The image the runtime opens: image with each $NAME or ${NAME} "
	  "replaced by its value when every assignment of NAME before the "
	  "step gives it the same literal one; another expansion is kept as "
	  "written after literal text (/scratch/$USER/x.sif) and so is "
	  "$HOME/... (the home directory); another one at the start makes "
	  "it null ($DIR/x.sif, \"$1\"); for instance://NAME the "
	  "image_resolved of the instance the script started as NAME, null "
	  "when it does not start one." },
	{ XK_CTR, "flags_unknown",	S(BOOL),	XF_C_FLAGS_UNKNOWN,
	  "A word where flags or the image may be is an expansion that may "
	  "become several words (unquoted $OPTS, \"$@\", \"${a[@]}\", $*) "
	  "and the script does not show its value: the flags from it on, "
	  "the image and the program are unknown." },
	{ XK_CTR, "nv",			S(BOOL),	XF_C_NV,
	  "--nv (or a flag that implies it) before the image." },
	{ XK_CTR, "rocm",		S(BOOL),	XF_C_ROCM,
	  "--rocm before the image." },
	{ XK_CTR, "nv_env",		S(BOOL),	XF_C_NV_ENV,
	  "APPTAINER_NV/SINGULARITY_NV set by the script or the environment "
	  "the job starts with; null when set to a value the script does not "
	  "show, or when a file it sources, an eval, its login shell or a "
	  "login environment may set it out of sight." },
	{ XK_CTR, "rocm_env",		S(BOOL),	XF_C_ROCM_ENV,
	  "APPTAINER_ROCM/SINGULARITY_ROCM, as nv_env; null when not "
	  "known." },
	{ XK_CTR, "gpu_flag",		S(BOOL),	XF_C_GPU_FLAG,
	  "Any GPU flag (flag or environment); null when not known." },
	{ XK_CTR, "cleanenv",		S(BOOL),	XF_C_CLEANENV,
	  "--cleanenv (-e)." },
	{ XK_CTR, "containall",		S(BOOL),	XF_C_CONTAINALL,
	  "--containall." },
	{ XK_CTR, "flags",		L(STR),		XF_C_FLAGS,
	  "Names of the flags before the image." },
	{ XK_CTR, "late_flags",		L(STR),		XF_C_LATE_FLAGS,
	  "Names of flags written after the image (passed to the program, "
	  "not to the runtime)." },
	{ XK_CTR, "nvccli",		S(BOOL),	XF_C_NVCCLI,
	  "--nvccli (it implies --nv since Apptainer 1.1) before the image, "
	  "or APPTAINER_NVCCLI/SINGULARITY_NVCCLI set by the script; null "
	  "when set to a value the script does not show." },
	{ XK_CTR, "dev_hidden",		S(BOOL),	XF_C_DEV_HIDDEN,
	  "The host's /dev is hidden (a minimal /dev without /dev/kfd and "
	  "/dev/dri): -c/--contain, -C/--containall, --compat, --boot, "
	  "--no-mount dev, or the same from APPTAINER_CONTAIN, _CONTAINALL, "
	  "_COMPAT or _NO_MOUNT (SINGULARITY_ likewise); null when set to a "
	  "value the script does not show." },
	{ XK_CTR, "dev_hidden_by",	S(STR),		XF_C_DEV_HIDDEN_BY,
	  "What hides /dev, as written (\"--containall\", "
	  "\"APPTAINER_CONTAIN=1\"); null when nothing does." },
	{ XK_CTR, "binds_amd_dev",	S(BOOL),	XF_C_BINDS_AMD_DEV,
	  "-B/--bind, --mount, APPTAINER_BIND or APPTAINER_BINDPATH "
	  "(SINGULARITY_ likewise) binds /dev/kfd (or all of /dev) into the "
	  "container; null when a bind is an expansion the script does not "
	  "show." },
	{ XK_CTR, "instance_name",	S(STR),		XF_C_INSTANCE_NAME,
	  "instance start|run IMAGE NAME: the NAME; null for other verbs." },
	{ XK_CTR, "instance",		S(CTR),		XF_C_INSTANCE,
	  "IMAGE instance://NAME: the container of the instance start|run "
	  "NAME earlier in the script (its flags are the ones that count); "
	  "null when the image is not an instance or the script does not "
	  "start it." },
	/* trap */
	{ XK_TRAP, "signals",		L(STR),		XF_T_SIGNALS,
	  "The signals the trap handles." },
	{ XK_TRAP, "requeues",		S(BOOL),	XF_T_REQUEUES,
	  "Whether the handler requeues the job." },
	{ XK_TRAP, "handler",		S(STR),		XF_T_HANDLER,
	  "The handler as written." },
	/* body */
	{ XK_BODY, "scontrol_requeue",	S(INT),		XF_B_REQUEUE,
	  "Number of scontrol requeue commands." },
	{ XK_BODY, "modules",		L(STR),		XF_B_MODULES,
	  "Modules loaded (module load, ml)." },
	{ XK_BODY, "gpu_visibility_overrides", S(INT),	XF_B_GPUVIS,
	  "Number of assignments to CUDA_VISIBLE_DEVICES and the like." },
	/* site */
	{ XK_SITE, "gpu_flag",		S(STR),		XF_SI_GPU_FLAG,
	  "The policy's gpu_flag (--nv, --rocm); null when not given." },
	{ XK_SITE, "slurm_version",	S(INT),		XF_SI_VERSION,
	  "The policy's slurm_version as a number (2405)." },
	{ XK_SITE, "max_gpus_per_job",	S(INT),		XF_SI_MAX_GPUS,
	  "limits.max_gpus_per_job." },
	{ XK_SITE, "max_cpus_per_gpu",	S(INT),		XF_SI_MAX_CPG,
	  "limits.max_cpus_per_gpu." },
	{ XK_SITE, "max_mem_per_gpu",	S(SIZE),	XF_SI_MAX_MPG,
	  "limits.max_mem_per_gpu." },
	{ XK_SITE, "image_dirs",	L(STR),		XF_SI_IMAGE_DIRS,
	  "image_dirs; null when the policy allows any." },
	{ XK_SITE, "runtimes",		L(STR),		XF_SI_RUNTIMES,
	  "container_runtimes; null when the policy allows any." },
	{ XK_SITE, "partitions",	L(PART),	XF_SI_PARTITIONS,
	  "Every partition of the policy." },
	/* partition */
	{ XK_PART, "name",		S(STR),		XF_P_NAME,
	  "The partition's name." },
	{ XK_PART, "max_time",		S(DUR),		XF_P_MAX_TIME,
	  "MaxTime; null when the policy does not give it." },
	{ XK_PART, "default_time",	S(DUR),		XF_P_DEFAULT_TIME,
	  "DefaultTime; null when the policy does not give it." },
	{ XK_PART, "preemptible",	S(BOOL),	XF_P_PREEMPT,
	  "Whether jobs there can be preempted; null when not given." },
	{ XK_PART, "exists",		S(BOOL),	XF_P_EXISTS,
	  "Always true (partition is null for a partition the policy does "
	  "not list)." },
	{ XK_PART, "default",		S(BOOL),	XF_P_DEFAULT,
	  "Whether it is the default partition." },
	{ XK_PART, "gpu_types",		L(STR),		XF_P_GPU_TYPES,
	  "GPU types of its nodes." },
	{ XK_PART, "max_gpus_per_node",	S(INT),		XF_P_MAX_GPN,
	  "The most GPUs any of its nodes has." },
	{ XK_PART, "cpus_per_node",	S(INT),		XF_P_CPN,
	  "The most CPUs any of its nodes has." },
	{ XK_PART, "mem_per_node",	S(SIZE),	XF_P_MPN,
	  "The most memory any of its nodes has." },
};

#undef L
#undef S

const size_t	xnfields = sizeof(xfields) / sizeof(xfields[0]);

static const char *
owner_name(unsigned k)
{
	switch (k) {
	case XK_ROOT:	return NULL;
	case XK_JOB:	return "job";
	case XK_STEP:	return "step";
	case XK_CTR:	return "step.container";
	case XK_TRAP:	return "trap";
	case XK_BODY:	return "body";
	case XK_SITE:	return "site";
	case XK_PART:	return "partition";
	default:	return "?";
	}
}

/* roff-escape a doc line: a leading '.' or '\'' and every '\' and '-'. */
static void
roff_text(struct jl_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			jl_buf_puts(b, "\\e");
		else if (*s == '-')
			jl_buf_puts(b, "\\-");
		else
			jl_buf_putc(b, *s);
	}
}

void
jl_fields_man(struct jl_buf *b)
{
	const struct xfield	*f;
	struct xtype		 t;
	const char		*o;
	size_t			 i;

	for (i = 0; i < xnfields; i++) {
		f = &xfields[i];
		t.k = f->k;
		t.e = f->e;
		o = owner_name(f->owner);
		jl_buf_puts(b, ".TP\n.B ");
		if (o != NULL)
			jl_buf_printf(b, "%s.", o);
		jl_buf_printf(b, "%s\n(%s) ", f->name, xtype_name(t));
		roff_text(b, f->doc);
		jl_buf_putc(b, '\n');
	}
}

int
jl_field_at(size_t i, const char **object, const char **name,
    const char **type, const char **doc)
{
	struct xtype	t;

	if (i >= xnfields)
		return -1;
	t.k = xfields[i].k;
	t.e = xfields[i].e;
	*object = owner_name(xfields[i].owner);
	*name = xfields[i].name;
	*type = xtype_name(t);
	*doc = xfields[i].doc;
	return 0;
}

void
jl_job_view_json(const struct jl_model *m, struct jl_buf *b)
{
	const struct xfield	*f;
	struct xtype		 t;
	size_t			 i;
	int			 first = 1;

	jl_buf_putc(b, '{');
	for (i = 0; i < xnfields; i++) {
		f = &xfields[i];
		/* job.opt.X and job.set.X take an option name. */
		if (f->owner != XK_JOB || f->fid == XF_J_OPT ||
		    f->fid == XF_J_SET)
			continue;
		if (!first)
			jl_buf_putc(b, ',');
		first = 0;
		jl_buf_json_str(b, f->name);
		jl_buf_putc(b, ':');
		t.k = f->k;
		t.e = f->e;
		xjob_field_json(m, f->fid, t, b);
	}
	jl_buf_putc(b, '}');
}
