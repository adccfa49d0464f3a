/*
 * fuzz_script.c: the script reader, the job model and the shell-aware body
 * reader (jl_model_build) on arbitrary bytes, then every rule of the
 * embedded default policy (jl_lint_run), the findings as text and JSON
 * and the model as JSON (`jlint parse`) -- all a script can reach.
 *
 * The input is the script.  Its length picks the Slurm release mirrored
 * (22.05 ... 25.11) and the mode: plain (`jlint job.sh`, half the sizes),
 * sbatch mode with a fixed command line and environment (`jlint sbatch`),
 * or jobdesc mode as the job_submit plugin runs it (a fixed request; one
 * time in eight also with no script, as for srun/salloc), so each input
 * runs one deterministic path.
 */
#include "common.h"

static const unsigned versions[] = {
	JL_SLURM_2205, JL_SLURM_2302, JL_SLURM_2311, JL_SLURM_2405,
	JL_SLURM_2411, JL_SLURM_2505, JL_SLURM_2511
};
static const char *const fixed_argv[] = {
	"--time=30", "-p", "batch", "--gres=gpu:2", NULL
};
static const char *const jobdesc_argv[] = {
	"--time=600", "--partition=batch", "--gres=gpu:t4:2", "--requeue",
	"--job-name=fuzz", "--output=slurm-%j.out", NULL
};
static const char *const fixed_env[] = {
	"SBATCH_ACCOUNT=proj1", "SBATCH_MEM_PER_GPU=16G", "PATH=/usr/bin",
	NULL
};

static struct jl_ruleset	*rs;

static void
fuzz_fini(void)
{
	jl_ruleset_free(rs);
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jl_arena	 a;
	struct jl_model	 m;
	struct jl_input	 in;
	struct jl_buf	 b;
	struct jl_who	 who;
	char		*s, *errors = NULL;
	size_t		 i;

	if (rs == NULL) {
		rs = jl_ruleset_load(jl_policy_default(&errors), &errors);
		if (rs == NULL)
			abort();
		atexit(fuzz_fini);
	}
	s = fuzz_copy(data, size);
	memset(&in, 0, sizeof(in));
	in.name = "fuzz.sh";
	in.data = s;
	in.len = size;
	in.version = versions[size % JL_NITEMS(versions)];
	if (size % 4 == 3) {
		in.sbatch_mode = 1;
		in.argv = fixed_argv;
		in.argc = JL_NITEMS(fixed_argv) - 1;
		in.env = fixed_env;
	} else if (size % 4 == 2) {
		in.jobdesc = 1;
		in.no_script = size % 8 == 6;
		in.argv = jobdesc_argv;
		in.argc = JL_NITEMS(jobdesc_argv) - 1;
	}
	memset(&who, 0, sizeof(who));
	who.user = "alice";
	who.now = 1700000000;
	jl_arena_init(&a);
	if (jl_model_build(&a, &in, &m) == 0 &&
	    jl_lint_run(rs, &a, &m, in.sbatch_mode, &who) == 0) {
		jl_findings_sort(&m.findings);
		jl_buf_init(&b);
		jl_findings_text(&m.findings, in.name, &b);
		for (i = 0; i < m.findings.v.n; i++)
			jl_finding_json(m.findings.v.items[i], in.name, &b);
		jl_model_json(&m, &b);
		jl_buf_free(&b);
	}
	jl_arena_free(&a);
	free(s);
	return 0;
}
