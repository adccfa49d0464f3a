/*
 * pbs.h: translation of #PBS / #BSUB lines into sbatch options
 * (src/sbatch/xlate.c).  Appends struct jl_optval (component 0) to out,
 * each pointing at the token it came from.
 */
#ifndef JL_PBS_H
#define JL_PBS_H

#include "finding.h"
#include "lex.h"
#include "mem.h"

void	jl_pbs_translate(struct jl_arena *, const struct jl_script *,
	    struct jl_vec *out, struct jl_findings *);

#endif
