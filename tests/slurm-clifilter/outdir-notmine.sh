#!/bin/bash
#SBATCH --job-name=outdir-notmine
#SBATCH --time=00:10:00
#SBATCH --output=shared-logs/%x-%j.out
srun hostname
