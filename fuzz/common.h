/*
 * fuzz/common.h: shared by the libFuzzer harnesses (fuzz/fuzz_*.c).
 *
 * Built with clang -fsanitize=fuzzer,address,undefined against a liblint
 * compiled with -fsanitize=fuzzer-no-link,address,undefined (`make fuzz`).
 * Every harness frees everything it allocates, so LeakSanitizer (on by
 * default in libFuzzer) turns any leak in the library into a finding.
 *
 * The fixed inputs below are what the expression and policy harnesses
 * evaluate against: a GPU job script with steps, containers, a trap and an
 * array, and the ai-lab policy (embedded from policies/ai-lab.yaml at
 * build time as fuzz_ailab_policy).
 */
#ifndef JL_FUZZ_COMMON_H
#define JL_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"
#include "lint.h"
#include "output.h"
#include "policy.h"
#include "rule.h"

extern const char	fuzz_ailab_policy[];
extern const size_t	fuzz_ailab_policy_len;

/* A job that gives most schema fields a value. */
static const char fuzz_fixed_script[] =
    "#!/bin/bash\n"
    "#SBATCH --job-name=train\n"
    "#SBATCH --partition=batch\n"
    "#SBATCH --time=1-12:00:00\n"
    "#SBATCH --nodes=2\n"
    "#SBATCH --ntasks-per-node=4\n"
    "#SBATCH --gres=gpu:a40:4\n"
    "#SBATCH --cpus-per-task=8\n"
    "#SBATCH --mem=200G\n"
    "#SBATCH --array=0-9%2\n"
    "#SBATCH --output=logs/%x-%A_%a.out\n"
    "#SBATCH --requeue\n"
    "#SBATCH --signal=B:USR1@300\n"
    "#SBATCH --account=proj1\n"
    "set -euo pipefail\n"
    "module load cuda/12.1 openmpi/4.1\n"
    "export APPTAINER_NV=1\n"
    "export CUDA_VISIBLE_DEVICES=0,1\n"
    "handler() { scontrol requeue \"$SLURM_JOB_ID\"; }\n"
    "trap handler USR1 TERM\n"
    "srun --ntasks-per-node=4 singularity exec --nv --bind /a:/b "
    "/ceph/container/pytorch_24.01.sif python train.py\n"
    "srun -n 8 --container-image=nvcr.io/nvidia/pytorch:24.01 python x.py\n"
    "torchrun --nproc_per_node=4 train.py &\n"
    "mpirun -np 8 ./solver\n"
    "apptainer run --rocm --cleanenv docker://ubuntu:latest echo hi\n"
    "wait\n";

/* A NUL-terminated copy of the input, sized exactly, so ASan sees any
 * read past the terminator. */
static inline char *
fuzz_copy(const uint8_t *data, size_t size)
{
	char	*s = malloc(size + 1);

	if (s == NULL)
		abort();
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Build a model of a script, as the CLI does (not in sbatch mode). */
static inline int
fuzz_model(struct jl_arena *a, const char *data, size_t len,
    unsigned version, struct jl_model *m)
{
	struct jl_input	in;

	memset(&in, 0, sizeof(in));
	in.name = "fuzz.sh";
	in.data = data;
	in.len = len;
	in.version = version;
	return jl_model_build(a, &in, m);
}

#endif
