/*
 * facts.h: live cluster facts as a policy, without libslurm.
 *
 * `jlint facts` (cmd/cluster.c, the only place that talks to slurmctld) copies
 * what libslurm reports into a struct jl_facts; everything after that
 * lives here, in liblint, and is tested without a cluster:
 *
 *   jl_facts_yaml()	the facts as a policy file (policy.h format): node
 *			classes grouped by identical CPUs, memory and GPUs,
 *			GPU counts parsed from node GRES strings, the GPU
 *			flag inferred from GPU type names, preemptibility
 *			inferred from PreemptType, PreemptMode and
 *			PriorityTier.  Facts the format has no key for
 *			(allowed accounts and QOS, state, ...) are comments.
 * Merging live facts over a loaded policy (jlint --cluster) is merge.h.
 */
#ifndef JL_FACTS_H
#define JL_FACTS_H

#include <stddef.h>
#include <stdint.h>

#include "mem.h"
#include "policy.h"

/* One node as slurmctld configured it. */
struct jl_facts_node {
	const char	*name;
	int64_t		 cpus;		/* usable CPUs (minus specialized) */
	int64_t		 mem_mb;	/* RealMemory - MemSpecLimit, MB */
	const char	*gres;		/* "gpu:t4:2(S:0-1),nvme:1" or NULL */
};

enum jl_preempt_type {
	JL_PREEMPT_NONE,		/* preempt/none: nothing is preempted */
	JL_PREEMPT_PARTITION_PRIO,	/* preempt/partition_prio: by tier */
	JL_PREEMPT_QOS,			/* preempt/qos: per QOS, unknown here */
	JL_PREEMPT_OTHER		/* a plugin jlint does not know */
};

enum jl_preempt_mode {
	JL_PMODE_OFF,			/* PreemptMode=OFF */
	JL_PMODE_CANCEL,		/* jobs are cancelled */
	JL_PMODE_REQUEUE,		/* requeued (--requeue) or cancelled */
	JL_PMODE_SUSPEND		/* suspended, resumed later */
};

struct jl_facts_part {
	const char		*name;
	int			 is_default;
	int64_t			 max_time;	/* minutes; INT64_MAX: none */
	int64_t			 default_time;	/* minutes; JL_UNSET none;
						 * INT64_MAX unlimited */
	enum jl_preempt_mode	 preempt_mode;	/* effective for its jobs */
	const char		*preempt_text;	/* "REQUEUE", "OFF,GANG" */
	unsigned		 priority_tier;
	const size_t		*nodes;		/* into jl_facts.nodes */
	size_t			 nnodes;
	const char *const	*notes;		/* comments, NULL-ended;
						 * may be NULL */
};

struct jl_facts {
	const char			*cluster;	/* ClusterName */
	const char			*version;	/* "22.05.8", or NULL */
	const char			*source;	/* comment */
	enum jl_preempt_type		 preempt_type;
	const char			*preempt_type_text;
	const char			*gres_conf_vendor; /* "nvidia", "amd",
							    * or NULL */
	const char			*enforce_part_limits; /* "NO", "ANY",
							 * "ALL" or NULL */
	const char			*gres_types;	/* GresTypes "gpu,mps"
							 * or NULL */
	int64_t				 max_array_size; /* MaxArraySize */
	int64_t				 max_array_tasks; /* effective:
							   jl_max_array_tasks() */
	int				 max_array_size_known; /* both */
	const struct jl_facts_node	*nodes;
	size_t				 nnodes;
	const struct jl_facts_part	*parts;
	size_t				 nparts;
	const char *const		*notes;		/* comments */
};

/*
 * Append the facts as a policy file to out.  The result loads with
 * jl_policy_load() (facts the loader would refuse, such as MaxTime=0 or
 * a Slurm release jlint does not know, become comments).  No allocation
 * outside out; out->failed says if memory ran out.
 */
void	jl_facts_yaml(const struct jl_facts *, struct jl_buf *out);

/*
 * The GPUs in a node GRES string ("gpu:t4:2(S:0),gpu:a100:1,nvme:1";
 * "gpu:2" and "gpu" are untyped and get the type "gpu").  Counts of a
 * type are summed, zero counts dropped.  Returns how many types were
 * found, with an arena array in *out (NULL when none); -1 if memory ran
 * out.
 */
int	jl_gres_gpus(struct jl_arena *, const char *gres,
	    struct jl_gpu_count **out);

/* "nvidia", "amd", or NULL (unknown) for a GPU type name ("a100", "mi250x"). */
const char *jl_gpu_vendor(const char *type);

/*
 * The GPU vendor a gres.conf names (AutoDetect=nvml or a /dev/nvidia*
 * file: "nvidia"; AutoDetect=rsmi: "amd"), NULL when it does not say or
 * names both.
 */
const char *jl_gres_conf_vendor(const char *text, size_t len);

#endif
