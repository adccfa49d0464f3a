/*
 * jobreq.h: the fields of a Slurm job request written back as the sbatch
 * options that ask for them, for jl_model_build() in jobdesc mode.  The
 * libslurm-free half shared by the job_submit plugin (plugin/desc.c, from
 * a job_desc_msg_t) and jlint audit (cmd/cmd-audit.c, from a job_info_t):
 * each of those reads its own struct, and every option is spelled here.
 *
 * The sentinels are Slurm's ABI (slurm.h: NO_VAL, INFINITE, NO_VAL16,
 * INFINITE16, NO_VAL64, MEM_PER_CPU, JOB_SHARED_*), the same in every
 * release jlint builds against; the two callers check them against
 * slurm.h at compile time.
 */
#ifndef JL_JOBREQ_H
#define JL_JOBREQ_H

#include <stdint.h>

#include "mem.h"

#define JL_REQ_NO_VAL		0xfffffffeu
#define JL_REQ_INFINITE		0xffffffffu
#define JL_REQ_NO_VAL16		0xfffeu
#define JL_REQ_INFINITE16	0xffffu
#define JL_REQ_NO_VAL64		UINT64_C(0xfffffffffffffffe)
#define JL_REQ_MEM_PER_CPU	UINT64_C(0x8000000000000000)
/* Longer strings are not linted (slurmctld rejects most of them later). */
#define JL_REQ_MAX_STR		(64u * 1024)

#ifdef SLURM_VERSION_NUMBER	/* included after <slurm/slurm.h> */
_Static_assert(JL_REQ_NO_VAL == NO_VAL && JL_REQ_INFINITE == INFINITE &&
    JL_REQ_NO_VAL16 == NO_VAL16 && JL_REQ_INFINITE16 == INFINITE16 &&
    JL_REQ_NO_VAL64 == NO_VAL64 && JL_REQ_MEM_PER_CPU == MEM_PER_CPU &&
    JOB_SHARED_NONE == 0 && JOB_SHARED_OK == 1 && JOB_SHARED_USER == 2 &&
    JOB_SHARED_MCS == 3, "jobreq.h's sentinels are slurm.h's");
#endif

/* Where the options go: words in a's memory, pushed on argv. */
struct jl_req_argv {
	struct jl_arena	*a;
	struct jl_vec	*argv;
};

/* One word, printf-formatted. */
void	jl_req_add(struct jl_req_argv *, const char *fmt, ...)
	    __attribute__((__format__(printf, 2, 3)));
/* A word as it is ("--requeue"). */
void	jl_req_flag(struct jl_req_argv *, const char *word);
/* --OPT=N. */
void	jl_req_u32(struct jl_req_argv *, const char *opt, uint32_t n);
/* --OPT=s when s is set (not NULL, not empty, at most JL_REQ_MAX_STR). */
void	jl_req_str(struct jl_req_argv *, const char *opt, const char *s);
/* Minutes as sbatch reads them back: HH:MM:SS or D-HH:MM:SS; NO_VAL
 * nothing, INFINITE UNLIMITED. */
void	jl_req_time(struct jl_req_argv *, const char *opt, uint32_t m);
/* --nodes=MIN or --nodes=MIN-MAX (max set and larger); nothing when
 * min is NO_VAL or 0. */
void	jl_req_nodes(struct jl_req_argv *, uint32_t min, uint32_t max);
/* A 16-bit count (--ntasks-per-node=N) unless NO_VAL16, 0 or
 * INFINITE16. */
void	jl_req_count16(struct jl_req_argv *, const char *opt, uint16_t n);
/*
 * A TRES list ("gres:gpu[:type]:N,..."; 23.11+: "gres/gpu..."), element
 * by element.  gpu_only: the GPU elements without "gpu:" (--gpus*,
 * --cpus-per-gpu, --mem-per-gpu); else every element without its
 * "gres:" (--gres).  suffix follows the value ("M" for --mem-per-gpu).
 */
void	jl_req_tres(struct jl_req_argv *, const char *opt, const char *tres,
	    int gpu_only, const char *suffix);
/* The GPU and GRES fields job_desc_msg_t and job_info_t share:
 * tres_per_job (--gpus), tres_per_node (--gres), tres_per_task,
 * tres_per_socket (--gpus-per-*), cpus_per_tres (--cpus-per-gpu). */
void	jl_req_gpus(struct jl_req_argv *, const char *per_job,
	    const char *per_node, const char *per_task, const char *per_socket,
	    const char *cpus_per);
/* --mem=NM or --mem-per-cpu=NM from pn_min_memory (MEM_PER_CPU flag);
 * 0 when it is NO_VAL64 (nothing written). */
int	jl_req_mem(struct jl_req_argv *, uint64_t pn_min_memory);
/* --exclusive, --oversubscribe, --exclusive=user|mcs from shared
 * (JOB_SHARED_*); anything else (NO_VAL16) is the partition's. */
void	jl_req_shared(struct jl_req_argv *, uint16_t shared);

#endif
