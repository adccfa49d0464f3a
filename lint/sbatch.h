/*
 * sbatch.h: an sbatch command line read as sbatch reads it, for every
 * front end that sees one: `jlint sbatch ARGS` and the cli_filter plugin
 * (which reads the running sbatch's own /proc/self/cmdline).
 *
 *   sbatch [options] [script [args...]]      no script: stdin
 *   sbatch [options] --wrap=CMD               the script sbatch writes
 */
#ifndef JL_SBATCH_H
#define JL_SBATCH_H

#include <stddef.h>

#include "mem.h"

struct jl_sbatch_cmd {
	size_t		 first;		/* argv index of the script; argc: none */
	const char	*wrap;		/* --wrap's value (in argv), or NULL */
};

/*
 * Split argv (the words after "sbatch") as sbatch's first pass does
 * (getopt_long in "+" mode): options, then the script, then its
 * arguments.  Scratch memory comes from a.
 */
void	jl_sbatch_split(struct jl_arena *a, unsigned version,
	    const char *const *argv, size_t argc, struct jl_sbatch_cmd *out);
/* The script sbatch --wrap=CMD submits (sbatch.c _script_wrap()). */
void	jl_sbatch_wrap_script(struct jl_buf *, const char *wrap);

#endif
