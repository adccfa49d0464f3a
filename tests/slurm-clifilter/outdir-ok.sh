#!/bin/bash
#SBATCH --job-name=outdir-ok
#SBATCH --time=00:10:00
#SBATCH --output=logs/%x-%j.out
srun hostname
