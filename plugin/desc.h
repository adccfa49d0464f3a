/*
 * desc.h: a Slurm job request (job_desc_msg_t, as job_submit() gets it)
 * turned back into the sbatch options that ask for the same thing, for
 * jl_model_build() in jobdesc mode.  Built with the job_submit plugin
 * only: desc.c includes <slurm/slurm.h> and stays out of liblint.
 */
#ifndef JL_DESC_H
#define JL_DESC_H

#include "mem.h"

struct job_descriptor;		/* job_desc_msg_t of <slurm/slurm.h> */

/*
 * Append one "--option=value" word per field that is set to argv
 * (strings in the arena).  Unset fields (NO_VAL, NO_VAL16, NO_VAL64,
 * NULL) mean "site default" and give nothing.  Returns 0, or -1 when
 * memory ran out.
 */
int	jl_desc_argv(struct jl_arena *, const struct job_descriptor *,
	    struct jl_vec *argv);

#endif
