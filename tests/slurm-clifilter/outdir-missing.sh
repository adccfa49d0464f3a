#!/bin/bash
#SBATCH --job-name=outdir
#SBATCH --time=00:10:00
#SBATCH --output=no-such-logs/%x-%j.out
srun hostname
