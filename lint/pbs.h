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

/* The family sbatch translates: "#BSUB" if the script has any #BSUB
 * line, else "#PBS" if it has #PBS lines, else NULL. */
const char *jl_pbs_family(const struct jl_script *);
void	jl_pbs_translate(struct jl_arena *, const struct jl_script *,
	    struct jl_vec *out, struct jl_findings *);

#endif
