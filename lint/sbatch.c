/*
 * sbatch.c: an sbatch command line (sbatch.h).
 */
#include <string.h>

#include "finding.h"
#include "lex.h"
#include "opt.h"
#include "sbatch.h"

void
jl_sbatch_split(struct jl_arena *a, unsigned version,
    const char *const *argv, size_t argc, struct jl_sbatch_cmd *out)
{
	struct jl_findings	 fs;
	struct jl_vec		 opts;
	struct jl_argv		 av;
	size_t			 i;

	memset(&fs, 0, sizeof(fs));
	memset(&opts, 0, sizeof(opts));
	memset(out, 0, sizeof(*out));
	av.words = (const char **)argv;
	av.locs = NULL;
	av.glued = NULL;
	av.n = argc;
	out->first = argc;
	jl_getopt(a, NULL, JL_CMD_SBATCH, version, &av, 0, 0, &opts,
	    &out->first, &fs);
	for (i = 0; i < opts.n; i++) {
		const struct jl_optval	*ov = opts.items[i];

		if (ov->opt->id == JL_O_WRAP)
			out->wrap = ov->value;
	}
}

void
jl_sbatch_wrap_script(struct jl_buf *b, const char *wrap)
{
	jl_buf_printf(b, "#!/bin/sh\n# This script was created by "
	    "sbatch --wrap.\n\n%s\n", wrap);
}
